"""councilpmf: plan and manage performance the way UK councils do.

The public API for developers and analysts. Load a council folder, assess it for a period, and
read the scorecard:

>>> import datetime as dt
>>> import councilpmf as pmf
>>> council = pmf.load_folder("examples/mansfield")
>>> card = pmf.assess(council.framework, council.readings, pmf.parse_period("2024/25 Q3"),
...     as_of=dt.date(2025, 1, 20))
>>> card.organisation, str(card.period)
('Mansfield District Council', '2024/25 Q3')
>>> sum(c.count for c in card.counts()) == len(council.framework.indicators)
True

Or build records directly, for a notebook or a test:

>>> q3 = pmf.parse_period("Q3 2024/25")
>>> kpi = pmf.Indicator(id="HB1", title="Days to process new benefit claims",
...     unit=pmf.Unit.DAYS, polarity=pmf.Polarity.LOWER_IS_BETTER,
...     targets=(pmf.Target(period=q3, value=20.0),))
>>> pmf.rate(kpi, 21.5, kpi.target_for(q3), pmf.TargetTolerance(tolerance=10)).explanation
'Amber: 21.5 days against a target of 20.0 days; within 10% above'
"""

# councilpmf.notebook attaches _repr_html_, _repr_markdown_ and Scorecard.to_pandas.
import councilpmf.notebook  # noqa: F401
from councilpmf.core.actions import (
    DEFAULT_VOCABULARY,
    Action,
    ActionState,
    ActionUpdate,
    Meaning,
    Milestone,
    Progress,
    StatusVocabulary,
    StatusWord,
    assess_action,
)
from councilpmf.core.assess import (
    ExceptionItem,
    ExceptionReason,
    IndicatorResult,
    Readings,
    RollUp,
    Scorecard,
    StatusCount,
    assess,
    reporting_period,
)
from councilpmf.core.convert import InputError, structure, unstructure
from councilpmf.core.errors import CouncilPMFError
from councilpmf.core.findings import Finding, Severity
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, CommitteeKind, IndicatorSet, Level
from councilpmf.core.indicators import (
    Aggregation,
    Baseline,
    ComparatorGroup,
    ExternalId,
    Indicator,
    Polarity,
    Reading,
    ReadingRevision,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.peer_challenge import (
    MilestoneState,
    PeerChallenge,
    Recommendation,
    milestones,
)
from councilpmf.core.periods import (
    FinancialYear,
    Frequency,
    HalfYear,
    Month,
    Period,
    PeriodError,
    Quarter,
    containing,
    parse_period,
    periods_between,
    year_of,
)
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    Outcome,
    Priority,
    ResourceKind,
    ResourceStrategy,
    ServicePlan,
    StrategicPlan,
    Theme,
)
from councilpmf.core.rag import (
    BUILTIN_RULES,
    Band,
    Bands,
    Clause,
    FirstMatch,
    Quartile,
    Rating,
    RatioToTarget,
    Status,
    TargetTolerance,
    ToleranceWithTravel,
    rate,
)
from councilpmf.core.rule import Rule
from councilpmf.core.travel import Direction, Travel, travel
from councilpmf.folder import CouncilFolder, load_folder, read_readings
from councilpmf.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = [
    "BUILTIN_RULES",
    "DEFAULT_VOCABULARY",
    "Action",
    "ActionState",
    "ActionUpdate",
    "Aggregation",
    "Band",
    "Bands",
    "Baseline",
    "BudgetAllocation",
    "Clause",
    "Committee",
    "CommitteeKind",
    "ComparatorGroup",
    "CouncilFolder",
    "CouncilPMFError",
    "DeliveryPlan",
    "Direction",
    "ExceptionItem",
    "ExceptionReason",
    "ExternalId",
    "FinancialYear",
    "Finding",
    "FirstMatch",
    "Framework",
    "Frequency",
    "HalfYear",
    "Indicator",
    "IndicatorResult",
    "IndicatorSet",
    "InputError",
    "Level",
    "Meaning",
    "Milestone",
    "MilestoneState",
    "Month",
    "Outcome",
    "PeerChallenge",
    "Period",
    "PeriodError",
    "Polarity",
    "Priority",
    "Progress",
    "Quarter",
    "Quartile",
    "Rating",
    "RatioToTarget",
    "Reading",
    "ReadingRevision",
    "ReadingStatus",
    "Readings",
    "Recommendation",
    "ResourceKind",
    "ResourceStrategy",
    "RollUp",
    "Rule",
    "Scorecard",
    "ServicePlan",
    "Severity",
    "Status",
    "StatusCount",
    "StatusVocabulary",
    "StatusWord",
    "StrategicPlan",
    "Target",
    "TargetTolerance",
    "Theme",
    "ToleranceWithTravel",
    "Travel",
    "Unit",
    "__version__",
    "assess",
    "assess_action",
    "containing",
    "hookimpl",
    "load_folder",
    "milestones",
    "parse_period",
    "periods_between",
    "rate",
    "read_readings",
    "reporting_period",
    "structure",
    "travel",
    "unstructure",
    "year_of",
]
