"""The records the contracts write: a framework using every kind of record, readings, and ids
and texts that break naive stores.

>>> framework = sample_framework()
>>> framework.organisation, [i.id for i in framework.indicators]
('Anytown District Council', ['HS01', 'BEN02'])
>>> sample_reading("K1", quarter(1), None).missing_reason
'Not yet published by DLUHC'
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from councilpmf.core.actions import (
    Action,
    ActionUpdate,
    Meaning,
    Milestone,
    StatusVocabulary,
    StatusWord,
)
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, CommitteeKind, IndicatorSet, Level
from councilpmf.core.indicators import (
    Aggregation,
    Approval,
    Baseline,
    ExternalId,
    Indicator,
    Polarity,
    Reading,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
from councilpmf.core.periods import FinancialYear, Frequency, Month, Period, Quarter
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
from councilpmf.core.rag import Band, Bands, RatioToTarget, Status, TargetTolerance
from councilpmf.core.report import REPORT_KINDS, Report, build_report
from councilpmf.core.risks import CategoryAppetite, Risk, RiskRegister, RiskScore

__all__ = [
    "AS_OF",
    "CONTROL",
    "FORMULA",
    "FORMULA_STARTS",
    "HOSTILE_IDS",
    "MARKUP",
    "PERIOD",
    "UPDATE",
    "hostile_framework",
    "quarter",
    "sample_framework",
    "sample_reading",
    "sample_readings",
    "sample_reports",
    "sample_risks",
    "unvalidated",
    "with_actions",
    "with_update",
]

HOSTILE_IDS = (
    'say "hello"',
    "O'Brien's indicator",
    "'; DROP TABLE readings; --",
    '"); DELETE FROM framework; --',
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "<script>alert('pwned')</script>",
    "=cmd|' /C calc'!A0",
    "Ŵyddgrug – Cyngor Sir y Fflint",
    "📈 KPI 🚀",
    "100% of cases_%",
    "a/b",
    "a_b",
    "a:b",
    "Case",
    "case",
    "CON",
    "{tmp}",
    "padded  within",
    "K" * 200,
    "Ŵ" * 200,
    "📈" * 200,
)
"""Ids and texts that break naive stores: quotes, SQL, paths, markup, scripts, names that
collide when case or punctuation is folded, and 200-character ids (up to 800 bytes)."""

UPDATE = ActionUpdate(
    on=dt.date(2024, 11, 30),
    text="Consultation closed; 412 responses",
    by="Head of Policy",
    status="On target",
    percent_complete=45.0,
    due=dt.date(2025, 6, 30),
)
"""An action update the contracts record; it revises the action's due date too."""


def sample_reading(
    indicator: str,
    period: Period,
    value: float | None,
    *,
    status: ReadingStatus = ReadingStatus.FINAL,
    note: str = "",
    published_status: str = "",
    approval: Approval = Approval.APPROVED,
) -> Reading:
    """A reading of ``value``, or a missing one (with a reason) when ``value`` is None; with
    the status the council published for it, if given."""
    if value is None:
        return Reading(
            indicator=indicator,
            period=period,
            missing_reason="Not yet published by DLUHC",
            status=status,
            note=note,
            published_status=published_status,
            approval=approval,
        )
    return Reading(
        indicator=indicator,
        period=period,
        value=value,
        status=status,
        note=note,
        published_status=published_status,
        approval=approval,
    )


def _action(ref: str, **changes: Any) -> Action:
    base = Action(
        ref=ref,
        title=f"Action {ref}",
        status="On target",
        owners=("Head of Housing", "Cllr Ŵ. Jones"),
        start=dt.date(2024, 4, 1),
        due=dt.date(2025, 3, 31),
        timescale="March 2025",
        percent_complete=20.0,
        milestones=(Milestone(title="Consultation", due=dt.date(2024, 9, 1)),),
        serves=("P1",),
        lead_committee="cabinet",
    )
    return attrs.evolve(base, **changes)


def sample_framework(
    organisation: str = "Anytown District Council",
    *,
    delivery_ref: str = "D1",
    service_ref: str = "S1",
    challenge_ref: str = "P1",
    indicator_id: str = "HS01",
) -> Framework:
    """A framework using every kind of record a store must keep, with a delivery-plan action,
    a service-plan action and a peer-challenge action whose refs are given."""
    fy = FinancialYear(year=2024)
    q1 = Quarter(year=2024, number=1)
    housing = Indicator(
        id=indicator_id,
        title=f"Homelessness cases prevented ({indicator_id})",
        definition="Cases where homelessness was prevented, as a share of all approaches",
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency=Frequency.QUARTERLY,
        aggregation=Aggregation.CUMULATIVE,
        decimals=2,
        owner="Head of Housing",
        source="H-CLIC",
        baseline=Baseline(period=FinancialYear(year=2023), value=55.5),
        targets=(
            Target(period=fy, value=60.0),
            Target(period=q1, value=15.0, low=10.0, high=20.0),
        ),
        rule=RatioToTarget(variance=10.0, exceeded_at=110.0),
        external_ids=(ExternalId(scheme="lginform", id="1234"),),
        series_break=q1,
        reporting_lag_days=42,
    )
    days = Indicator(
        id="BEN02",
        title="Days to process new benefit claims",
        unit=Unit.DAYS,
        polarity=Polarity.LOWER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        rule=Bands(
            bands=(
                Band(status=Status.GREEN, at_least=20.0, label="Good"),
                Band(status=Status.RED, at_least=None, label=None),
            )
        ),
    )
    plan = StrategicPlan(
        title="Council Plan 2024–2028",
        organisation=organisation,
        vision="A place where everyone thrives",
        values=("Fair", "Green"),
        start=fy,
        end=FinancialYear(year=2027),
        themes=(
            Theme(
                id="T1",
                name="Homes",
                ambition="Everyone has a safe home",
                lead="Cllr Smith",
                priorities=(
                    Priority(
                        id="P1",
                        statement="Prevent homelessness",
                        outcomes=(
                            Outcome(
                                id="O1", statement="Fewer households in B&B", indicators=("X",)
                            ),
                        ),
                        indicators=(indicator_id,),
                    ),
                ),
            ),
        ),
    )
    return Framework(
        plan=plan,
        indicators=(housing, days),
        delivery_plans=(
            DeliveryPlan(
                id="DP24",
                title="Delivery plan 2024/25",
                year=fy,
                theme="T1",
                lead="Chief Executive",
                improvements=("Faster decisions",),
                actions=(_action(delivery_ref, updates=(UPDATE,)), _action("D2")),
            ),
        ),
        service_plans=(
            ServicePlan(
                id="SP-H",
                service="Housing",
                year=fy,
                lead="Head of Housing",
                standards=("Answer in 10 days",),
                objectives=("Prevent homelessness",),
                pressures_and_risks=("Temporary accommodation costs",),
                activity=("3,000 approaches",),
                actions=(_action(service_ref),),
                indicators=(indicator_id,),
            ),
        ),
        resource_strategies=(
            ResourceStrategy(
                id="MTFS",
                kind=ResourceKind.MEDIUM_TERM_FINANCIAL,
                title="Medium Term Financial Strategy",
                start=fy,
                end=FinancialYear(year=2026),
                serves=("P1",),
            ),
        ),
        budget=(BudgetAllocation(priority="P1", year=fy, amount=1_234_567.89, kind="capital"),),
        committees=(
            Committee(
                id="cabinet",
                name="Cabinet",
                kind=CommitteeKind.CABINET,
                cadence=Frequency.QUARTERLY,
                remit="Executive decisions",
            ),
        ),
        indicator_sets=(
            IndicatorSet(
                committee="cabinet",
                level=Level.STRATEGIC,
                indicators=(indicator_id, "BEN02"),
                min_size=1,
                max_size=20,
                title="Corporate KPIs",
            ),
        ),
        peer_challenges=(
            PeerChallenge(
                id="lga-cpc-2023",
                title="LGA Corporate Peer Challenge 2023",
                organisation=organisation,
                visited=dt.date(2023, 10, 1),
                team=("Lead peer",),
                report_published=dt.date(2023, 12, 1),
                recommendations=(
                    Recommendation(
                        number=1,
                        text="Sharpen the golden thread",
                        response="Agreed",
                        actions=(_action(challenge_ref, start=None, due=None),),
                    ),
                ),
            ),
        ),
        default_rule=TargetTolerance(tolerance=7.5, mode="absolute", exceeded_by=2.0),
        vocabulary=StatusVocabulary(
            words=(
                StatusWord(word="On target", meaning=Meaning.IN_PROGRESS),
                StatusWord(word="Done", meaning=Meaning.COMPLETE),
            )
        ),
        year_start_month=4,
        area_code="E07000175",
    )


def with_update(framework: Framework, ref: str, update: ActionUpdate) -> Framework:
    """The framework with ``update`` added to ``ref``, worked out here, independently of
    :func:`councilpmf.store.add_action_update`."""

    def fix(actions: tuple[Action, ...]) -> tuple[Action, ...]:
        return tuple(
            attrs.evolve(a, updates=(*a.updates, update)) if a.ref == ref else a for a in actions
        )

    return with_actions(framework, fix)


def with_actions(
    framework: Framework, change: Callable[[tuple[Action, ...]], tuple[Action, ...]]
) -> Framework:
    """The framework with each of its lists of actions (a delivery plan's, a service plan's, a
    peer challenge recommendation's) replaced by what ``change`` makes of it
    (:meth:`~councilpmf.core.framework.Framework.with_actions`).

    >>> framework = sample_framework()
    >>> len(list(framework.planned_actions())) > 0
    True
    >>> emptied = with_actions(framework, lambda actions: ())
    >>> list(emptied.planned_actions()), emptied.plan == framework.plan
    ([], True)
    """
    return framework.with_actions(change)


def quarter(number: int, year: int = 2024) -> Period:
    """A quarter of a financial year starting in April."""
    return Quarter(year=year, number=number)


# -- reports ---------------------------------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"
"""Council text a spreadsheet would run as a formula."""
MARKUP = "<script>alert('pwned')</script>"
"""Council text a browser would run as a script."""
CONTROL = "\x1b[2J\x1b[31mred\x07\x08\x7f \x9b32mgreen\x85 \u202eexe.txt \u2067isolated\u2069"
"""Council text a terminal would act on (escape sequences, a bell, a backspace, a delete, the
one-character escape ``\x9b`` and a next-line, both C1 controls) and text a terminal, a browser
or a word processor would show in another order than it is written (a right-to-left override,
an isolate). Every text field of the core's records refuses it: records holding it are built
:func:`unvalidated`."""
FORMULA_STARTS = (FORMULA, "@SUM(1+1)", "+cmd|", "-2+3+cmd|")
"""The starts of the hostile texts that spreadsheets treat as formulas."""

AS_OF = dt.date(2025, 1, 20)
"""The day the sample reports are made on."""
PERIOD = Quarter(year=2024, number=3)
"""The period the sample reports are for: 2024/25 Q3."""


def sample_readings(
    note: str = "Two posts vacant; recruiting", unknown_word: str = "Purple"
) -> tuple[Reading, ...]:
    """Two years of readings of the sample framework's indicators, each with ``note`` as its
    commentary, and one missing. In :data:`PERIOD` four carry the status the council
    published: one the rule contradicts (Green for a red), two that agree and ``unknown_word``,
    which no vocabulary knows.

    >>> [(r.indicator, str(r.period), r.published_status)
    ...     for r in sample_readings() if r.published_status][:2]
    [('HS01', '2024/25 Q3', 'Green'), ('BEN02', 'Oct 2024', 'Grey')]
    """
    quarters = [Quarter(year=year, number=n) for year in (2023, 2024) for n in (1, 2, 3, 4)]
    months = [Month(year=2024, month=m) for m in range(4, 13)]
    published = {
        ("HS01", quarters[6]): "Green",
        ("BEN02", months[6]): "Grey",
        ("BEN02", months[7]): unknown_word,
        ("BEN02", months[8]): "No data",
    }
    values: list[tuple[str, Period, float | None]]
    values = [("HS01", q, 30.0 - 2 * i) for i, q in enumerate(quarters[:7])]
    values += [("BEN02", m, 31.0 - i) for i, m in enumerate(months[:-1])]
    values.append(("BEN02", months[-1], None))
    return tuple(
        sample_reading(
            indicator,
            period,
            value,
            note=note,
            published_status=published.get((indicator, period), ""),
        )
        for indicator, period, value in values
    )


@contextlib.contextmanager
def unvalidated() -> Iterator[None]:
    """Records built in it are not checked (``attrs.validators.set_disabled``): for records
    holding text their own validators refuse, :data:`CONTROL`, as only records built without
    their checks can (a plugin's, say), which every report must still show harmless. It may be
    nested; it is not thread-safe: it turns every record's checks off while it lasts.

    >>> with unvalidated():
    ...     note = sample_reading("K1", quarter(1), 3.0, note=CONTROL).note
    >>> note == CONTROL
    True
    """
    was_disabled = attrs.validators.get_disabled()
    attrs.validators.set_disabled(True)
    try:
        yield
    finally:
        attrs.validators.set_disabled(was_disabled)


def hostile_framework() -> Framework:
    """:func:`sample_framework` with council text that would run as a formula, a script or a
    terminal escape wherever a report shows it unescaped, built :func:`unvalidated`."""
    with unvalidated():
        return _hostile_framework()


def _hostile_framework() -> Framework:
    framework = sample_framework(f"{FORMULA} {MARKUP}")

    def hostile_actions(actions: tuple[Action, ...]) -> tuple[Action, ...]:
        return tuple(
            attrs.evolve(
                a,
                title=f"-2+3+cmd|' /C calc'!A0 {CONTROL}",
                # an update's text is why a due date was revised, shown in the reports
                updates=tuple(attrs.evolve(u, text=f"{FORMULA} {MARKUP}") for u in a.updates),
            )
            for a in actions
        )

    plan = framework.plan
    themes = tuple(attrs.evolve(t, name=f"@SUM(1+1) {MARKUP}") for t in plan.themes)
    return attrs.evolve(
        framework,
        plan=attrs.evolve(plan, themes=themes),
        indicators=tuple(
            attrs.evolve(i, title=f"{FORMULA} {i.id}", owner=f"{CONTROL} {MARKUP}")
            for i in framework.indicators
        ),
        committees=tuple(
            attrs.evolve(c, name=f"+cmd|' /C calc'!A0 {CONTROL}") for c in framework.committees
        ),
        delivery_plans=tuple(
            attrs.evolve(p, title=MARKUP, actions=hostile_actions(p.actions))
            for p in framework.delivery_plans
        ),
        peer_challenges=tuple(
            attrs.evolve(
                c,
                title=f"{MARKUP} {CONTROL}",
                recommendations=tuple(
                    attrs.evolve(
                        r, text=FORMULA, response=MARKUP, actions=hostile_actions(r.actions)
                    )
                    for r in c.recommendations
                ),
            )
            for c in framework.peer_challenges
        ),
    )


def sample_risks(text: str = "") -> RiskRegister:
    """A risk register for :func:`sample_framework`: a risk to priority P1 above its category's
    appetite and mitigated by action D1, one linked to nothing, and one to outcome O1, whose
    indicator the sample committee does not watch. ``text`` is added to every title, owner and
    control, first (hostile text, for the format contract).

    >>> [r.id for r in sample_risks().risks]
    ['R1', 'R2', 'R3']
    """
    return RiskRegister(
        appetites=(CategoryAppetite(category="Financial", appetite=8),),
        risks=(
            Risk(
                id="R1",
                title=f"{text} Temporary accommodation costs exceed budget".strip(),
                category="Financial",
                owner=f"{text} Head of Housing".strip(),
                serves=("P1",),
                inherent=RiskScore(likelihood=5, impact=4),
                residual=RiskScore(likelihood=3, impact=4),
                target=RiskScore(likelihood=2, impact=3),
                controls=(f"{text} Monthly budget monitoring".strip(),),
                actions=("D1",),
                review_by=dt.date(2024, 12, 31),
            ),
            Risk(
                id="R2",
                title=f"{text} Key staff leave".strip(),
                inherent=RiskScore(likelihood=3, impact=3),
                residual=RiskScore(likelihood=2, impact=3),
            ),
            Risk(
                id="R3",
                title="Bed and breakfast use rises",
                category="Service delivery",
                serves=("O1",),
                inherent=RiskScore(likelihood=2, impact=2),
                residual=RiskScore(likelihood=1, impact=2),
                review_by=dt.date(2025, 6, 30),
            ),
        ),
    )


def sample_reports(hostile: bool = False) -> dict[str, Report]:
    """A report of every kind (:data:`~councilpmf.core.report.REPORT_KINDS`) for the sample
    framework's committee, for :data:`PERIOD` on :data:`AS_OF`; with ``hostile``, from
    :func:`hostile_framework` with hostile commentary, built :func:`unvalidated`.

    >>> reports = sample_reports()
    >>> reports["performance"].title
    'Cabinet: performance report, 2024/25 Q3'
    """
    with unvalidated() if hostile else contextlib.nullcontext():
        framework = hostile_framework() if hostile else sample_framework()
        hostile_text = f"{FORMULA} {MARKUP} {CONTROL}" if hostile else ""
        framework = attrs.evolve(framework, risks=sample_risks(hostile_text))
        readings = (
            sample_readings(f"{MARKUP} {CONTROL}", unknown_word=f"{FORMULA} {MARKUP} {CONTROL}")
            if hostile
            else sample_readings("Two posts vacant")
        )
        return {
            kind: build_report(kind, framework, readings, PERIOD, AS_OF, "cabinet")
            for kind in REPORT_KINDS
        }
