"""Hypothesis strategies that build valid instances of every councilpmf record type.

Used by :mod:`councilpmf.testing` (the store contract ships inside the package) and by the
project's own tests (``tests/strategies.py`` re-exports this module). Every strategy respects
the records' validators, so a failure to build an instance is a bug in the strategy or the
record, never noise. Text includes unicode, quotes, markup and spreadsheet-formula strings,
because council officers paste all of those into plans. Needs ``hypothesis``, a test
dependency: install ``councilpmf[test]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import strategies as st

from councilpmf.core._validate import text_problem
from councilpmf.core.actions import (
    Action,
    ActionUpdate,
    Meaning,
    Milestone,
    StatusVocabulary,
    StatusWord,
)
from councilpmf.core.approval import ApprovalPolicy
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, CommitteeKind, IndicatorSet, Level
from councilpmf.core.indicators import (
    Aggregation,
    Approval,
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
from councilpmf.core.names import name_key
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
from councilpmf.core.periods import FinancialYear, Frequency, HalfYear, Month, Period, Quarter
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
from councilpmf.core.published import PublishedVocabulary, PublishedWord
from councilpmf.core.rag import (
    Band,
    Bands,
    Clause,
    FirstMatch,
    Quartile,
    RatioToTarget,
    Status,
    TargetTolerance,
    ToleranceWithTravel,
)
from councilpmf.core.risks import (
    ActionInPlan,
    CategoryAppetite,
    Risk,
    RiskLevel,
    RiskMatrix,
    RiskRegister,
    RiskScore,
)
from councilpmf.core.rule import Rule

S = st.SearchStrategy

# -- text ------------------------------------------------------------------------------------------

# Printable characters from many scripts (and symbols councils use), with no control characters:
# a fixed alphabet keeps generation quick enough to build whole frameworks by the hundred.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " .,;:!?'\"`<>=+-*/\\|&%$#@^~()[]{}_"
    "£€¥–—‘’“”…•·°±×÷éèêëüöäßñçøåÆŒĳŵŷ"
    "ΑΩλπЖжשלוםمرحبا東京日本語한국어\u00a0✔▲✖★↗→↘"
)

AWKWARD_TEXTS = (
    "<script>alert('pwned')</script>",
    "=cmd|' /C calc'!A0",
    "=SUM(A1:A9)",
    "+44 1623 463463",
    "@risk",
    "\"Quoted\" and 'single'",
    "Ünïcödé – £1,234 € ✔ ▲ ✖",
    "Ysgol Gymraeg — Llanfair\u00adpwll",
    "Head of Finance & Assets",
    "Zürich straße 东京 مرحبا",
)
"""Text that has broken other tools: markup, spreadsheet formulas, quotes, non-Latin scripts."""

_plain = st.text(ALPHABET, max_size=16)

texts: S[str] = st.one_of(
    _plain,
    st.sampled_from(AWKWARD_TEXTS),
    st.tuples(st.sampled_from(AWKWARD_TEXTS), _plain).map("".join),
)
"""Any printable text, sometimes empty, sometimes hostile."""

_visible = st.sampled_from([c for c in ALPHABET if c.strip()])

required_texts: S[str] = st.one_of(
    st.tuples(_plain, _visible, _plain).map("".join),
    st.sampled_from(AWKWARD_TEXTS),
)
"""Text with something in it besides space: ids, titles, names."""

identifiers: S[str] = required_texts.map(str.strip)
"""Text with nothing around it, as an id another record refers to must be: files and formulas
strip it."""

REFUSED = "".join(c for c in map(chr, range(0x2070)) if text_problem(c))
"""The characters every text field of the core's records refuses, apart from halves of surrogate
pairs: the control characters (tab, line feed and carriage return apart) and the bidirectional
overrides and isolates."""

taken_characters: S[str] = st.characters(codec="utf-8", exclude_characters=REFUSED)
"""Any character a record's text takes, tab and line breaks included: for text drawn from all of
Unicode rather than :data:`ALPHABET`."""


def tuples_of(
    strategy: S[Any], max_size: int = 2, unique_by: Callable[[Any], object] | None = None
) -> S[tuple[Any, ...]]:
    """A short tuple of values from ``strategy``; with ``unique_by``, no two share its key (a
    collection whose ids a framework refuses to repeat)."""
    return st.lists(strategy, max_size=max_size, unique_by=unique_by).map(tuple)


def _by_id(record: Any) -> object:
    return record.id


def _by_ref(record: Any) -> object:
    return record.ref


# -- numbers and dates -----------------------------------------------------------------------------

numbers: S[float] = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**6), max_value=10**6).map(float),
)
"""Finite values an indicator can take, large money amounts and negatives included."""

percentages: S[float] = st.floats(min_value=0, max_value=100, allow_nan=False)

dates: S[dt.date] = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2080, 12, 31))

# -- periods ---------------------------------------------------------------------------------------

start_months: S[int] = st.integers(min_value=1, max_value=12)
"""Any year start: 4 for the financial year, 9 for the academic year, 1 for the calendar year."""

_years = st.integers(min_value=1000, max_value=9998)

months: S[Month] = st.builds(
    Month, year=st.integers(min_value=1000, max_value=9999), month=st.integers(1, 12)
)
quarters: S[Quarter] = st.builds(
    Quarter, year=_years, number=st.integers(1, 4), start_month=start_months
)
half_years: S[HalfYear] = st.builds(
    HalfYear, year=_years, number=st.integers(1, 2), start_month=start_months
)
financial_years: S[FinancialYear] = st.builds(FinancialYear, year=_years, start_month=start_months)
periods: S[Period] = st.one_of(months, quarters, half_years, financial_years)

# -- indicators --------------------------------------------------------------------------------


@st.composite
def targets(draw: st.DrawFn, period: S[Period] = periods) -> Target:
    """A target value, a target band (low <= high), or both."""
    value = draw(st.none() | numbers)
    if value is not None and draw(st.booleans()):
        return Target(period=draw(period), value=value)
    low, high = sorted((draw(numbers), draw(numbers)))
    return Target(period=draw(period), value=value, low=low, high=high)


baselines: S[Baseline] = st.builds(Baseline, period=periods, value=numbers)
external_ids: S[ExternalId] = st.builds(ExternalId, scheme=required_texts, id=required_texts)

# -- rules -----------------------------------------------------------------------------------------

rated_statuses: S[Status] = st.sampled_from([Status.BLUE, Status.GREEN, Status.AMBER, Status.RED])
labels: S[str | None] = st.none() | texts
_tolerances = st.floats(min_value=0, max_value=100, allow_nan=False)


def _best_first(statuses: list[Status]) -> tuple[Status, ...]:
    return tuple(sorted(statuses, key=lambda s: -(s.rank or 0)))


target_tolerances: S[TargetTolerance] = st.builds(
    TargetTolerance,
    tolerance=_tolerances,
    mode=st.sampled_from(["relative", "absolute"]),
    exceeded_by=st.none() | _tolerances,
)
ratios_to_target: S[RatioToTarget] = st.builds(
    RatioToTarget,
    variance=_tolerances,
    exceeded_at=st.none() | st.floats(min_value=100, max_value=1000, allow_nan=False),
)
clauses: S[Clause] = st.builds(
    Clause,
    status=rated_statuses,
    op=st.sampled_from([">=", ">", "<=", "<"]),
    factor=st.floats(min_value=-10, max_value=10, allow_nan=False),
    offset=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    label=labels,
)
first_matches: S[FirstMatch] = st.one_of(
    st.just(FirstMatch()),
    st.builds(
        FirstMatch,
        clauses=tuples_of(clauses, max_size=5),
        otherwise=rated_statuses,
        otherwise_label=labels,
    ),
)


@st.composite
def band_tuples(draw: st.DrawFn) -> tuple[Band, ...]:
    """2 to 5 bands: floors strictly falling, statuses best first, the last without a floor."""
    count = draw(st.integers(min_value=2, max_value=5))
    floors = draw(
        st.lists(
            st.floats(min_value=-500, max_value=500, allow_nan=False),
            min_size=count - 1,
            max_size=count - 1,
            unique=True,
        )
    )
    statuses = _best_first(draw(st.lists(rated_statuses, min_size=count, max_size=count)))
    ordered: list[float | None] = [*sorted(floors, reverse=True), None]
    return tuple(
        Band(status=status, at_least=floor, label=draw(labels))
        for status, floor in zip(statuses, ordered, strict=True)
    )


bands_rules: S[Bands] = st.one_of(st.just(Bands()), st.builds(Bands, bands=band_tuples()))
tolerances_with_travel: S[ToleranceWithTravel] = st.builds(
    ToleranceWithTravel, tolerance=_tolerances, mode=st.sampled_from(["relative", "absolute"])
)
quartile_rules: S[Quartile] = st.builds(
    Quartile,
    statuses=st.lists(rated_statuses, min_size=4, max_size=4).map(_best_first),
    group=texts,
)
rules: S[Rule] = st.one_of(
    target_tolerances,
    ratios_to_target,
    first_matches,
    bands_rules,
    tolerances_with_travel,
    quartile_rules,
)
"""Every built-in kind of rating rule."""

# -- indicators, readings, comparators ---------------------------------------------------------


_input_ids = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,7}", fullmatch=True)
calculations: S[dict[str, Any]] = st.one_of(
    st.just({}),
    st.builds(lambda n, d: {"numerator": n, "denominator": d}, _input_ids, _input_ids),
    st.builds(
        lambda ids, k: {"formula": f"100 * ({' + '.join(ids)}) / {k}"},
        st.lists(_input_ids, min_size=1, max_size=3),
        st.integers(min_value=1, max_value=1000),
    ),
)
"""How an indicator is worked out: from readings of its own (most), a numerator and a
denominator, or a formula."""


def indicators(rule: S[Rule | None] | None = None) -> S[Indicator]:
    """An indicator with any metadata; ``rule`` defaults to none or any built-in rule."""
    return st.tuples(_plain_indicators(rule), calculations).map(
        lambda found: attrs.evolve(found[0], **found[1])
    )


def _plain_indicators(rule: S[Rule | None] | None) -> S[Indicator]:
    return st.builds(
        Indicator,
        id=identifiers,
        title=required_texts,
        definition=texts,
        unit=st.sampled_from(Unit),
        polarity=st.sampled_from(Polarity),
        frequency=st.sampled_from(Frequency),
        aggregation=st.sampled_from(Aggregation),
        decimals=st.integers(min_value=0, max_value=6),
        owner=texts,
        source=texts,
        baseline=st.none() | baselines,
        targets=tuples_of(targets()),
        rule=(st.none() | rules) if rule is None else rule,
        external_ids=tuples_of(external_ids),
        series_break=st.none() | periods,
        reporting_lag_days=st.integers(min_value=0, max_value=400),
        due_days=st.none() | st.integers(min_value=0, max_value=400),
        supplier=texts,
    )


@st.composite
def readings(draw: st.DrawFn) -> Reading:
    """A value or a reason it is missing, never both."""
    value = draw(st.none() | numbers)
    return Reading(
        indicator=draw(identifiers),
        period=draw(periods),
        value=value,
        missing_reason=draw(required_texts) if value is None else None,
        status=draw(st.sampled_from(ReadingStatus)),
        note=draw(texts),
        published_status=draw(texts),
        approval=draw(st.sampled_from(Approval)),
    )


reading_revisions: S[ReadingRevision] = st.builds(
    ReadingRevision,
    indicator=identifiers,
    period=periods,
    revision=st.integers(min_value=1, max_value=10_000),
    old=st.none() | readings(),
    new=readings(),
    by=required_texts,
    at=required_texts,
    reason=texts,
)
comparator_groups: S[ComparatorGroup] = st.builds(
    ComparatorGroup,
    indicator=identifiers,
    period=periods,
    group=required_texts,
    values=tuples_of(numbers, max_size=16),
)

# -- actions ---------------------------------------------------------------------------------------

done_days: S[dt.date | bool | None] = st.none() | st.just(True) | dates
"""When something was done: a day, True for a day not recorded, or None when not done."""
milestones: S[Milestone] = st.builds(
    Milestone, title=required_texts, due=st.none() | dates, done=done_days
)


def _on_or_after(start: dt.date | None) -> S[dt.date]:
    return dates if start is None else st.dates(min_value=start, max_value=dt.date(2080, 12, 31))


def _updates(start: dt.date | None) -> S[ActionUpdate]:
    """Updates of an action that starts on ``start``: a revised due date is never before it."""
    return st.builds(
        ActionUpdate,
        on=dates,
        text=texts,
        by=texts,
        status=st.none() | texts,
        percent_complete=st.none() | percentages,
        due=st.none() | _on_or_after(start),
    )


action_updates: S[ActionUpdate] = _updates(None)


@st.composite
def actions(draw: st.DrawFn) -> Action:
    """An action whose due dates (its own and its updates' revised ones), when it has a start,
    are on or after the start."""
    start = draw(st.none() | dates)
    due = draw(st.none() | _on_or_after(start))
    return Action(
        ref=draw(identifiers),
        title=draw(required_texts),
        status=draw(st.none() | required_texts),
        owners=draw(tuples_of(texts)),
        start=start,
        due=due,
        timescale=draw(texts),
        percent_complete=draw(st.none() | percentages),
        milestones=draw(tuples_of(milestones, max_size=1)),
        serves=draw(tuples_of(identifiers)),
        lead_committee=draw(st.none() | texts),
        updates=draw(tuples_of(_updates(start), max_size=1)),
    )


status_words: S[StatusWord] = st.builds(
    StatusWord, word=required_texts, meaning=st.sampled_from(Meaning)
)
status_vocabularies: S[StatusVocabulary] = st.builds(
    StatusVocabulary,
    # Plain data writes the vocabulary as a table keyed by word, so words are unique.
    words=st.lists(status_words, max_size=5, unique_by=lambda w: w.word).map(tuple),
)

published_words: S[PublishedWord] = st.builds(
    PublishedWord, word=required_texts, status=st.sampled_from(Status)
)
published_vocabularies: S[PublishedVocabulary] = st.builds(
    PublishedVocabulary,
    # Plain data writes the vocabulary as a table keyed by word, so words are unique.
    words=st.lists(published_words, max_size=5, unique_by=lambda w: w.word).map(tuple),
)

# -- plans -----------------------------------------------------------------------------------------

outcomes: S[Outcome] = st.builds(
    Outcome, id=identifiers, statement=required_texts, indicators=tuples_of(identifiers)
)
priorities: S[Priority] = st.builds(
    Priority,
    id=identifiers,
    statement=required_texts,
    outcomes=tuples_of(outcomes, max_size=1, unique_by=_by_id),
    indicators=tuples_of(identifiers),
)
themes: S[Theme] = st.builds(
    Theme,
    id=identifiers,
    name=required_texts,
    ambition=texts,
    lead=texts,
    priorities=tuples_of(priorities, max_size=2, unique_by=_by_id),
)


def _distinct_priorities(themes: tuple[Theme, ...]) -> tuple[Theme, ...]:
    """The themes without a priority or outcome whose id an earlier one has: a plan's
    priority and outcome ids are unique across all its themes."""
    seen: set[str] = set()
    seen_outcomes: set[str] = set()
    kept = []
    for theme in themes:
        priorities = []
        for priority in theme.priorities:
            if priority.id in seen:
                continue
            seen.add(priority.id)
            outcomes = tuple(o for o in priority.outcomes if o.id not in seen_outcomes)
            seen_outcomes.update(o.id for o in outcomes)
            priorities.append(attrs.evolve(priority, outcomes=outcomes))
        kept.append(attrs.evolve(theme, priorities=tuple(priorities)))
    return tuple(kept)


strategic_plans: S[StrategicPlan] = st.builds(
    StrategicPlan,
    title=required_texts,
    organisation=required_texts,
    vision=texts,
    values=tuples_of(texts),
    start=st.none() | periods,
    end=st.none() | periods,
    themes=tuples_of(themes, max_size=2, unique_by=_by_id).map(_distinct_priorities),
)
delivery_plans: S[DeliveryPlan] = st.builds(
    DeliveryPlan,
    id=identifiers,
    title=required_texts,
    year=st.none() | periods,
    theme=st.none() | identifiers,
    lead=texts,
    improvements=tuples_of(texts),
    actions=tuples_of(actions(), max_size=2, unique_by=_by_ref),
)
service_plans: S[ServicePlan] = st.builds(
    ServicePlan,
    id=identifiers,
    service=required_texts,
    year=st.none() | periods,
    lead=texts,
    standards=tuples_of(texts),
    objectives=tuples_of(texts),
    pressures_and_risks=tuples_of(texts),
    activity=tuples_of(texts),
    actions=tuples_of(actions(), max_size=2, unique_by=_by_ref),
    indicators=tuples_of(identifiers),
)
resource_strategies: S[ResourceStrategy] = st.builds(
    ResourceStrategy,
    id=identifiers,
    kind=st.sampled_from(ResourceKind),
    title=required_texts,
    summary=texts,
    start=st.none() | periods,
    end=st.none() | periods,
    owner=texts,
    serves=tuples_of(identifiers),
)
budget_allocations: S[BudgetAllocation] = st.builds(
    BudgetAllocation,
    priority=identifiers,
    year=periods,
    amount=numbers,
    kind=st.sampled_from(["revenue", "capital"]),
    note=texts,
)

# -- governance ------------------------------------------------------------------------------------

committees: S[Committee] = st.builds(
    Committee,
    id=identifiers,
    name=required_texts,
    kind=st.sampled_from(CommitteeKind),
    cadence=st.sampled_from(Frequency),
    remit=texts,
)


@st.composite
def indicator_sets(draw: st.DrawFn) -> IndicatorSet:
    """An indicator set whose size bounds, when both are given, are in order."""
    low = draw(st.none() | st.integers(min_value=0, max_value=100))
    high = draw(st.none() | st.integers(min_value=0 if low is None else low, max_value=200))
    return IndicatorSet(
        committee=draw(required_texts),
        level=draw(st.sampled_from(Level)),
        indicators=draw(tuples_of(identifiers, max_size=5)),
        min_size=low,
        max_size=high,
        title=draw(texts),
    )


# -- peer challenge --------------------------------------------------------------------------------


def _distinct_refs(recommendations: tuple[Recommendation, ...]) -> tuple[Recommendation, ...]:
    """The recommendations without an action whose ref an earlier one has: one action plan
    spans every recommendation of a peer challenge."""
    seen: set[str] = set()
    kept = []
    for rec in recommendations:
        actions = tuple(a for a in rec.actions if a.ref not in seen)
        seen.update(a.ref for a in actions)
        kept.append(attrs.evolve(rec, actions=actions))
    return tuple(kept)


SHARED_REFS = ("S1", "S2")
"""The refs a lone :data:`recommendations` draw names in ``also_answered_by``: a test that
places it in a peer challenge sets actions with these refs under another recommendation."""


recommendations: S[Recommendation] = st.builds(
    Recommendation,
    number=st.integers(min_value=1, max_value=99),
    text=required_texts,
    response=texts,
    peer_points=texts,
    actions=tuples_of(actions(), max_size=2, unique_by=_by_ref),
    also_answered_by=tuples_of(st.sampled_from(SHARED_REFS), unique_by=lambda ref: ref),
)


def _done_from(day: dt.date | bool | None) -> S[dt.date | bool | None]:
    """When something was done, never before ``day`` when that is a day."""
    if not isinstance(day, dt.date):
        return done_days
    return st.none() | st.just(True) | st.dates(min_value=day, max_value=dt.date(2080, 12, 31))


@st.composite
def _peer_challenges(draw: st.DrawFn) -> PeerChallenge:
    """A peer challenge whose milestones are not done before the visit, nor the progress
    review's report before the review."""
    visited = draw(st.none() | dates)
    review = draw(_done_from(visited))
    return PeerChallenge(
        id=draw(st.none() | identifiers),
        title=draw(required_texts),
        organisation=draw(required_texts),
        visited=visited,
        team=draw(tuples_of(texts)),
        report_published=draw(_done_from(visited)),
        action_plan_published=draw(_done_from(visited)),
        progress_review=review,
        progress_review_published=draw(
            _done_from(review if isinstance(review, dt.date) else visited)
        ),
        recommendations=_answered(
            draw,
            draw(
                tuples_of(recommendations, max_size=2, unique_by=lambda r: r.number).map(
                    _distinct_refs
                )
            ),
        ),
    )


def _answered(
    draw: st.DrawFn, recommendations: tuple[Recommendation, ...]
) -> tuple[Recommendation, ...]:
    """Each recommendation also answered by some of the actions set under the others."""
    answered = []
    for rec in recommendations:
        others = [a.ref for o in recommendations if o is not rec for a in o.actions]
        chosen = (
            draw(tuples_of(st.sampled_from(others), unique_by=lambda ref: ref)) if others else ()
        )
        answered.append(attrs.evolve(rec, also_answered_by=chosen))
    return tuple(answered)


peer_challenges: S[PeerChallenge] = _peer_challenges()

# -- risks and approval ---------------------------------------------------------------------------

risk_scores: S[RiskScore] = st.builds(
    RiskScore,
    likelihood=st.integers(min_value=1, max_value=10),
    impact=st.integers(min_value=1, max_value=10),
)
"""A likelihood and an impact anywhere a matrix may have steps (a score off a council's own
matrix is a finding, not a refusal)."""


@st.composite
def risk_matrices(draw: st.DrawFn) -> RiskMatrix:
    """A matrix of 2 to 5 steps each way, with one to four levels that start at 1 and rise,
    no two of the same name as a reader sees it."""
    likelihoods = tuple(draw(st.lists(required_texts, min_size=2, max_size=5)))
    impacts = tuple(draw(st.lists(required_texts, min_size=2, max_size=5)))
    highest = len(likelihoods) * len(impacts)
    starts = sorted(draw(st.sets(st.integers(min_value=2, max_value=highest), max_size=3)))
    names = draw(
        st.lists(
            required_texts, min_size=len(starts) + 1, max_size=len(starts) + 1, unique_by=name_key
        )
    )
    levels = tuple(
        RiskLevel(name=name, lowest=lowest)
        for name, lowest in zip(names, [1, *starts], strict=True)
    )
    return RiskMatrix(likelihoods=likelihoods, impacts=impacts, levels=levels)


risk_levels: S[RiskLevel] = st.builds(
    RiskLevel, name=required_texts, lowest=st.integers(min_value=1, max_value=100)
)

category_appetites: S[CategoryAppetite] = st.builds(
    CategoryAppetite, category=required_texts, appetite=st.integers(min_value=1, max_value=100)
)

actions_in_plans: S[ActionInPlan] = st.builds(ActionInPlan, plan=identifiers, ref=identifiers)
"""A mitigating action named with its plan, as risks.toml writes ``{plan = ..., ref = ...}``."""

risks: S[Risk] = st.builds(
    Risk,
    id=identifiers,
    title=required_texts,
    description=texts,
    category=texts,
    owner=texts,
    serves=tuples_of(identifiers),
    inherent=risk_scores,
    residual=risk_scores,
    target=st.none() | risk_scores,
    controls=tuples_of(required_texts),
    actions=tuples_of(identifiers | actions_in_plans),
    review_by=st.none() | dates,
    appetite=st.none() | st.integers(min_value=1, max_value=100),
)

risk_registers: S[RiskRegister] = st.builds(
    RiskRegister,
    matrix=risk_matrices() | st.just(RiskMatrix()),
    appetites=tuples_of(category_appetites, unique_by=lambda a: name_key(a.category)),
    risks=tuples_of(risks, unique_by=_by_id),
)

approval_policies: S[ApprovalPolicy] = st.builds(
    ApprovalPolicy, required=st.booleans(), self_approval=st.booleans()
)


# -- the whole framework ---------------------------------------------------------------------------

# Each part of a framework has its own round trip; here one or two of each is enough to show
# they travel together, and keeps a hundred frameworks quick to build.
_FRAMEWORK_PARTS: S[dict[str, Any]] = st.fixed_dictionaries(
    {
        "plan": strategic_plans,
        "indicators": tuples_of(indicators(), max_size=1),
        "delivery_plans": tuples_of(delivery_plans, max_size=1),
        "service_plans": tuples_of(service_plans, max_size=1),
        "resource_strategies": tuples_of(resource_strategies, max_size=1),
        "budget": tuples_of(budget_allocations, max_size=1),
        "committees": tuples_of(committees, max_size=1),
        "indicator_sets": tuples_of(indicator_sets(), max_size=1),
        "peer_challenges": tuples_of(peer_challenges, max_size=1),
        "risks": risk_registers,
        "default_rule": rules,
        "vocabulary": status_vocabularies,
        "published_statuses": published_vocabularies,
        "year_start_month": start_months,
        "area_code": texts,
        "approval": approval_policies,
    }
)


@st.composite
def _frameworks(draw: st.DrawFn) -> Framework:
    """A framework whose service plan has an id no delivery plan has, and whose peer
    challenge, if it has an id, has one no plan has (a framework refuses an id two plans
    share)."""
    parts = draw(_FRAMEWORK_PARTS)
    taken = {plan.id for plan in parts["delivery_plans"]}
    parts["service_plans"] = tuple(p for p in parts["service_plans"] if p.id not in taken)
    taken |= {plan.id for plan in parts["service_plans"]}
    parts["peer_challenges"] = tuple(
        attrs.evolve(c, id=None) if c.id in taken else c for c in parts["peer_challenges"]
    )
    return Framework(**parts)


frameworks: S[Framework] = _frameworks()

RECORDS: dict[type, S[Any]] = {
    Month: months,
    Quarter: quarters,
    HalfYear: half_years,
    FinancialYear: financial_years,
    Target: targets(),
    Baseline: baselines,
    ExternalId: external_ids,
    Indicator: indicators(),
    Reading: readings(),
    ReadingRevision: reading_revisions,
    ComparatorGroup: comparator_groups,
    TargetTolerance: target_tolerances,
    RatioToTarget: ratios_to_target,
    Clause: clauses,
    FirstMatch: first_matches,
    Band: st.builds(Band, status=rated_statuses, at_least=st.none() | numbers, label=labels),
    Bands: bands_rules,
    ToleranceWithTravel: tolerances_with_travel,
    Quartile: quartile_rules,
    Outcome: outcomes,
    Priority: priorities,
    Theme: themes,
    StrategicPlan: strategic_plans,
    DeliveryPlan: delivery_plans,
    ServicePlan: service_plans,
    ResourceStrategy: resource_strategies,
    BudgetAllocation: budget_allocations,
    Milestone: milestones,
    ActionUpdate: action_updates,
    Action: actions(),
    StatusWord: status_words,
    StatusVocabulary: status_vocabularies,
    PublishedWord: published_words,
    PublishedVocabulary: published_vocabularies,
    Committee: committees,
    IndicatorSet: indicator_sets(),
    Recommendation: recommendations,
    PeerChallenge: peer_challenges,
    RiskScore: risk_scores,
    RiskLevel: risk_levels,
    RiskMatrix: risk_matrices(),
    CategoryAppetite: category_appetites,
    Risk: risks,
    ActionInPlan: actions_in_plans,
    RiskRegister: risk_registers,
    ApprovalPolicy: approval_policies,
    Framework: frameworks,
}
"""Every record type, with a strategy that builds valid instances of it."""
