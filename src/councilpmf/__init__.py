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

# Nothing is imported here until it is used (PEP 562): ``import councilpmf`` costs little more
# than starting Python, and a name is imported from its module the first time it is read.
# Jupyter display methods are attached as their classes are imported (councilpmf._display).
from __future__ import annotations

from councilpmf import _display

# typing itself costs more than the rest of this module: type checkers read this as True.
TYPE_CHECKING = False

_display.install()

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "DEFAULT_VOCABULARY": "councilpmf.core.actions",
    "Action": "councilpmf.core.actions",
    "ActionState": "councilpmf.core.actions",
    "ActionUpdate": "councilpmf.core.actions",
    "DueRevision": "councilpmf.core.actions",
    "Meaning": "councilpmf.core.actions",
    "Milestone": "councilpmf.core.actions",
    "Progress": "councilpmf.core.actions",
    "StatusVocabulary": "councilpmf.core.actions",
    "StatusWord": "councilpmf.core.actions",
    "assess_action": "councilpmf.core.actions",
    "ExceptionItem": "councilpmf.core.assess",
    "ExceptionReason": "councilpmf.core.assess",
    "IndicatorResult": "councilpmf.core.assess",
    "Readings": "councilpmf.core.assess",
    "RollUp": "councilpmf.core.assess",
    "Scorecard": "councilpmf.core.assess",
    "StatusCount": "councilpmf.core.assess",
    "assess": "councilpmf.core.assess",
    "data_quality": "councilpmf.core.checks",
    "golden_thread": "councilpmf.core.checks",
    "run_checks": "councilpmf.core.checks",
    "reporting_period": "councilpmf.core.assess",
    "InputError": "councilpmf.core.convert",
    "CouncilPMFError": "councilpmf.core.errors",
    "structure": "councilpmf.core.convert",
    "unstructure": "councilpmf.core.convert",
    "Finding": "councilpmf.core.findings",
    "Severity": "councilpmf.core.findings",
    "Framework": "councilpmf.core.framework",
    "Committee": "councilpmf.core.governance",
    "CommitteeKind": "councilpmf.core.governance",
    "IndicatorSet": "councilpmf.core.governance",
    "Level": "councilpmf.core.governance",
    "Aggregation": "councilpmf.core.indicators",
    "Baseline": "councilpmf.core.indicators",
    "ComparatorGroup": "councilpmf.core.indicators",
    "ExternalId": "councilpmf.core.indicators",
    "Indicator": "councilpmf.core.indicators",
    "Polarity": "councilpmf.core.indicators",
    "Reading": "councilpmf.core.indicators",
    "ReadingRevision": "councilpmf.core.indicators",
    "ReadingStatus": "councilpmf.core.indicators",
    "Target": "councilpmf.core.indicators",
    "Unit": "councilpmf.core.indicators",
    "MilestoneState": "councilpmf.core.peer_challenge",
    "PeerChallenge": "councilpmf.core.peer_challenge",
    "Recommendation": "councilpmf.core.peer_challenge",
    "milestones": "councilpmf.core.peer_challenge",
    "FinancialYear": "councilpmf.core.periods",
    "Frequency": "councilpmf.core.periods",
    "HalfYear": "councilpmf.core.periods",
    "Month": "councilpmf.core.periods",
    "Period": "councilpmf.core.periods",
    "PeriodError": "councilpmf.core.periods",
    "Quarter": "councilpmf.core.periods",
    "containing": "councilpmf.core.periods",
    "parse_period": "councilpmf.core.periods",
    "periods_between": "councilpmf.core.periods",
    "year_of": "councilpmf.core.periods",
    "BudgetAllocation": "councilpmf.core.plan",
    "DeliveryPlan": "councilpmf.core.plan",
    "Outcome": "councilpmf.core.plan",
    "Priority": "councilpmf.core.plan",
    "ResourceKind": "councilpmf.core.plan",
    "ResourceStrategy": "councilpmf.core.plan",
    "ServicePlan": "councilpmf.core.plan",
    "StrategicPlan": "councilpmf.core.plan",
    "Theme": "councilpmf.core.plan",
    "BUILTIN_RULES": "councilpmf.core.rag",
    "Band": "councilpmf.core.rag",
    "Bands": "councilpmf.core.rag",
    "Clause": "councilpmf.core.rag",
    "FirstMatch": "councilpmf.core.rag",
    "Quartile": "councilpmf.core.rag",
    "Rating": "councilpmf.core.rag",
    "RatioToTarget": "councilpmf.core.rag",
    "Status": "councilpmf.core.rag",
    "TargetTolerance": "councilpmf.core.rag",
    "ToleranceWithTravel": "councilpmf.core.rag",
    "rate": "councilpmf.core.rag",
    "Rule": "councilpmf.core.rule",
    "Direction": "councilpmf.core.travel",
    "Travel": "councilpmf.core.travel",
    "travel": "councilpmf.core.travel",
    "TrendChart": "councilpmf.charts",
    "chart": "councilpmf.charts",
    "CouncilFolder": "councilpmf.folder",
    "DataTable": "councilpmf.dataframes",
    "to_pandas": "councilpmf.dataframes",
    "to_polars": "councilpmf.dataframes",
    "assess_history": "councilpmf.scorecards",
    "load_folder": "councilpmf.plugins",
    "open_store": "councilpmf.plugins",
    "read_readings": "councilpmf.folder",
    "hookimpl": "councilpmf.hookspecs",
    "Findings": "councilpmf.core.findings",
    "ChangeKind": "councilpmf.core.diff",
    "PlanChange": "councilpmf.core.diff",
    "PlanDiff": "councilpmf.core.diff",
    "diff_frameworks": "councilpmf.core.diff",
    "diff_plans": "councilpmf.core.diff",
    "REPORT_KINDS": "councilpmf.core.report",
    "build_report": "councilpmf.core.report",
    "report_formats": "councilpmf.plugins",
    "save_folder": "councilpmf.folder_writer",
    "write_readings_csv": "councilpmf.folder_writer",
}
"""Each public name and the module it comes from."""

__all__ = [
    "BUILTIN_RULES",
    "DEFAULT_VOCABULARY",
    "REPORT_KINDS",
    "Action",
    "ActionState",
    "ActionUpdate",
    "Aggregation",
    "Band",
    "Bands",
    "Baseline",
    "BudgetAllocation",
    "ChangeKind",
    "Clause",
    "Committee",
    "CommitteeKind",
    "ComparatorGroup",
    "CouncilFolder",
    "CouncilPMFError",
    "DataTable",
    "DeliveryPlan",
    "Direction",
    "DueRevision",
    "ExceptionItem",
    "ExceptionReason",
    "ExternalId",
    "FinancialYear",
    "Finding",
    "Findings",
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
    "PlanChange",
    "PlanDiff",
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
    "TrendChart",
    "Unit",
    "__version__",
    "assess",
    "assess_action",
    "assess_history",
    "build_report",
    "chart",
    "containing",
    "data_quality",
    "diff_frameworks",
    "diff_plans",
    "golden_thread",
    "hookimpl",
    "load_folder",
    "milestones",
    "open_store",
    "parse_period",
    "periods_between",
    "rate",
    "read_readings",
    "report_formats",
    "reporting_period",
    "run_checks",
    "save_folder",
    "structure",
    "to_pandas",
    "to_polars",
    "travel",
    "unstructure",
    "write_readings_csv",
    "year_of",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'councilpmf' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # read once: later reads are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from typing import Any

    from councilpmf.charts import TrendChart, chart
    from councilpmf.core.actions import (
        DEFAULT_VOCABULARY,
        Action,
        ActionState,
        ActionUpdate,
        DueRevision,
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
    from councilpmf.core.checks import data_quality, golden_thread, run_checks
    from councilpmf.core.convert import (
        InputError,
        structure,
        unstructure,
    )
    from councilpmf.core.diff import ChangeKind, PlanChange, PlanDiff, diff_frameworks, diff_plans
    from councilpmf.core.errors import CouncilPMFError
    from councilpmf.core.findings import (
        Finding,
        Findings,
        Severity,
    )
    from councilpmf.core.framework import (
        Framework,
    )
    from councilpmf.core.governance import (
        Committee,
        CommitteeKind,
        IndicatorSet,
        Level,
    )
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
    from councilpmf.core.report import REPORT_KINDS, build_report
    from councilpmf.core.rule import (
        Rule,
    )
    from councilpmf.core.travel import (
        Direction,
        Travel,
        travel,
    )
    from councilpmf.dataframes import DataTable, to_pandas, to_polars
    from councilpmf.folder import (
        CouncilFolder,
        read_readings,
    )
    from councilpmf.folder_writer import save_folder, write_readings_csv
    from councilpmf.hookspecs import (
        hookimpl,
    )
    from councilpmf.plugins import (
        load_folder,
        open_store,
        report_formats,
    )
    from councilpmf.scorecards import assess_history
