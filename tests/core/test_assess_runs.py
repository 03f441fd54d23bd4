"""Counting missed periods and finding targets fast gives the answers the plain definitions give.

``assess`` keeps each indicator's run of missed periods in the readings index and carries it
forward from one period to the next; ``Indicator.target_for`` works each period's target out once.
These tests hold both to straightforward reference versions written here: walk back from the
period, rating each earlier one, until target was met; scan every target for the innermost one
containing the period.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar
from unittest.mock import patch

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core import assess as assess_module
from councilpmf.core.assess import Readings, assess
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Aggregation, Indicator, Polarity, Reading, Target, Unit
from councilpmf.core.periods import Frequency, Month, Period, Quarter, containing
from councilpmf.core.plan import Priority, StrategicPlan, Theme
from councilpmf.core.rag import Rating, RatingContext, Status, ToleranceWithTravel, rate
from councilpmf.core.readings import unusable_readings
from councilpmf.core.rule import Rule
from strategies import periods, rules, targets

PERIOD_KINDS = [Month(year=2024, month=m) for m in (4, 5, 6, 7)] + [
    Quarter(year=2024, number=n) for n in (1, 2, 3)
]

FIRST = Quarter(year=2020, number=1)


@attrs.frozen
class HalfwayPlugin:
    """A plugin's rule kind without ``rate_status``: red below 70% of target, amber below it,
    green at or above it."""

    kind: ClassVar[str] = "halfway"
    uses_target: ClassVar[bool] = True

    def rate(self, context: RatingContext) -> Rating:
        assert context.target is not None and context.target.value is not None
        share = context.actual / context.target.value
        status = Status.RED if share < 0.7 else Status.AMBER if share < 1 else Status.GREEN
        return Rating(status=status, explanation=f"{status.word}: {share:.0%} of target")


@attrs.frozen
class ImprovedPlugin:
    """A plugin's rule kind whose status reads last year, without ``rate_status``: green when
    the value is at least last year's, red when it is less or there is none to compare."""

    kind: ClassVar[str] = "improved"
    uses_target: ClassVar[bool] = False

    def rate(self, context: RatingContext) -> Rating:
        last = context.last_year
        status = Status.GREEN if last is not None and context.actual >= last else Status.RED
        return Rating(status=status, explanation=f"{status.word}: against {last}")


SPAN = 16  # quarters of history


def reference_target(indicator: Indicator, period: Period) -> Target | None:
    """The target for ``period``: an exact one, else the innermost containing one (profiled
    by the months elapsed for a cumulative indicator, shared out by months for a summed one)."""
    containing_target: Target | None = None
    for target in indicator.targets:
        if target.period == period:
            return target
        if target.period.contains(period) and (
            containing_target is None or containing_target.period.contains(target.period)
        ):
            containing_target = target
    if containing_target is None:
        return None
    factor = 1.0
    whole = containing_target.period

    def month(day: dt.date) -> int:
        return day.year * 12 + day.month

    length = month(whole.end) - month(whole.start) + 1
    if indicator.aggregation is Aggregation.CUMULATIVE:
        factor = (month(period.end) - month(whole.start) + 1) / length
    elif indicator.aggregation is Aggregation.SUM:
        factor = (month(period.end) - month(period.start) + 1) / length

    def scaled(value: float | None) -> float | None:
        return None if value is None else value * factor

    return Target(
        period=period,
        value=scaled(containing_target.value),
        low=scaled(containing_target.low),
        high=scaled(containing_target.high),
    )


def reference_run(
    indicator: Indicator, rule: Rule, readings: Readings, period: Period, lookback: int
) -> tuple[int, bool]:
    """Walk back from ``period`` rating each earlier period: how many missed target since it
    was last met, and whether two missed one after the other. A value of last year is compared
    with only when the indicator's definition did not change since."""

    def status(step: Period) -> Status:
        reading = readings.get(indicator.id, step)
        before = step.same_period_last_year()
        changed = indicator.series_break
        comparable = changed is None or not before.start < changed.start <= step.start
        return rate(
            indicator,
            None if reading is None else reading.value,
            reference_target(indicator, step),
            rule,
            last_year=readings.value(indicator.id, before) if comparable else None,
            missing_reason=None if reading is None else reading.missing_reason,
        ).status

    earliest = readings.earliest.get(indicator.id)
    missed, in_a_row, previous_missed = 0, False, False
    step, current = period, status(period)
    for _ in range(lookback):
        if current.on_target or current is Status.NOT_RATED:
            break
        if current.missed:
            missed += 1
            in_a_row = in_a_row or previous_missed
        previous_missed = current.missed
        step = step.previous()
        if earliest is None or step.start < earliest.start:
            break
        current = status(step)
    return missed, in_a_row


def council(indicator: Indicator) -> Framework:
    plan = StrategicPlan(
        title="Plan",
        organisation="Anytown",
        themes=(
            Theme(
                id="T",
                name="Our place",
                priorities=(Priority(id="P", statement="Clean", indicators=(indicator.id,)),),
            ),
        ),
    )
    return Framework(plan=plan, indicators=(indicator,))


# One quarterly indicator's history: for each quarter a value, a missing reason, or nothing.
values = st.one_of(
    st.none(),
    st.just("missing"),
    st.floats(min_value=60, max_value=110, allow_nan=False),
)


def _quarters() -> list[Quarter]:
    found, step = [], FIRST
    for _ in range(SPAN):
        found.append(step)
        step = step.next()
    return found


# Every built-in rule kind (each counts earlier periods by its status alone) and plugins' rule
# kinds with no status path of their own (rated in full).
any_rule = st.none() | rules | st.sampled_from([HalfwayPlugin(), ImprovedPlugin()])
# Now and then a change of definition: no value of last year compares across it.
any_break = st.none() | st.none() | st.sampled_from(_quarters())


@st.composite
def histories(
    draw: st.DrawFn,
    rule: st.SearchStrategy[Rule | None] = any_rule,
    series_break: st.SearchStrategy[Period | None] = any_break,
) -> tuple[Indicator, tuple[Reading, ...]]:
    polarity = draw(st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER]))
    yearly = tuple(
        Target(period=containing(dt.date(year, 6, 1), Frequency.ANNUAL), value=90.0)
        for year in range(2020, 2024)
        if draw(st.booleans()) or year == 2020
    )
    indicator = Indicator(
        id="K",
        title="Kept on the list",
        unit=Unit.PERCENTAGE,
        polarity=polarity,
        targets=yearly,
        rule=draw(rule),
        series_break=draw(series_break),
    )
    readings = []
    for step, value in zip(
        _quarters(), draw(st.lists(values, min_size=SPAN, max_size=SPAN)), strict=False
    ):
        if value == "missing":
            readings.append(Reading(indicator="K", period=step, missing_reason="not sent"))
        elif isinstance(value, float):
            readings.append(Reading(indicator="K", period=step, value=value))
    return indicator, tuple(readings)


@settings(max_examples=150, deadline=None)
@given(
    history=histories(),
    order=st.permutations(range(SPAN)),
    lookback=st.sampled_from([assess_module.LOOKBACK, 1, 2, 3, 5]),
)
def test_runs_carried_forward_count_what_walking_back_counts(
    history: tuple[Indicator, tuple[Reading, ...]], order: list[int], lookback: int
) -> None:
    runs_are_the_reference_runs(history, order, lookback)


@settings(max_examples=60, deadline=None)
@given(
    history=histories(
        rule=st.sampled_from([ImprovedPlugin(), ToleranceWithTravel()]),
        series_break=st.sampled_from(_quarters()),
    ),
    order=st.permutations(range(SPAN)),
    lookback=st.sampled_from([assess_module.LOOKBACK, 3]),
)
def test_runs_across_a_change_of_definition_compare_nothing_with_last_year(
    history: tuple[Indicator, tuple[Reading, ...]], order: list[int], lookback: int
) -> None:
    """Rules whose status reads last year, with a series break always: a status that needs
    last year has none across the break, walking back or carried forward."""
    runs_are_the_reference_runs(history, order, lookback)


def runs_are_the_reference_runs(
    history: tuple[Indicator, tuple[Reading, ...]], order: list[int], lookback: int
) -> None:
    indicator, readings = history
    framework = council(indicator)
    rule = framework.rule_for(indicator)
    quarters = _quarters()
    shared = Readings.of(readings)
    with patch.object(assess_module, "LOOKBACK", lookback):
        for position in order:  # any order: a run may be known, or not yet, on either side
            quarter = quarters[position]
            result = assess(framework, shared, quarter, dt.date(2030, 1, 1)).result("K")
            alone = assess(framework, Readings.of(readings), quarter, dt.date(2030, 1, 1))
            missed, in_a_row = reference_run(indicator, rule, shared, quarter, lookback)
            assert result.missed_in_a_row == missed
            assert alone.result("K").missed_in_a_row == missed
            card = assess(framework, shared, quarter, dt.date(2030, 1, 1))
            reasons = card.exceptions[0].reasons if card.exceptions else ()
            kept = assess_module.ExceptionReason.MISSED_IN_A_ROW in reasons
            assert kept == (in_a_row and not result.rating.status.on_target)


def test_a_run_longer_than_the_lookback_counts_only_the_lookback() -> None:
    indicator = Indicator(
        id="K",
        title="Always missed",
        frequency=Frequency.MONTHLY,
        targets=tuple(Target(period=q, value=100.0) for q in _quarters()),
    )
    months = [m for q in _quarters() for m in q.months()]
    readings = Readings.of(Reading(indicator="K", period=m, value=50.0) for m in months)
    framework = council(indicator)
    with patch.object(assess_module, "LOOKBACK", 4):
        counted = [
            assess(framework, readings, m, dt.date(2030, 1, 1)).result("K").missed_in_a_row
            for m in months
        ]
    assert counted == [1, 2, 3] + [4] * (len(months) - 3)


def test_the_index_keeps_runs_apart_for_another_rule_and_another_indicator() -> None:
    strict = Indicator(id="K", title="K", targets=(Target(period=FIRST, value=100.0),))
    lenient = Indicator(id="K", title="K", targets=(Target(period=FIRST, value=50.0),))
    month_readings = Readings.of([Reading(indicator="K", period=FIRST, value=70.0)])
    missed = assess(council(strict), month_readings, FIRST, dt.date(2030, 1, 1)).result("K")
    met = assess(council(lenient), month_readings, FIRST, dt.date(2030, 1, 1)).result("K")
    assert (missed.missed_in_a_row, met.missed_in_a_row) == (1, 0)


@settings(max_examples=300, deadline=None)
@given(
    found=st.lists(targets(periods), max_size=6),
    period=periods,
    aggregation=st.sampled_from(Aggregation),
)
def test_target_for_finds_what_scanning_every_target_finds(
    found: list[Target], period: Period, aggregation: Aggregation
) -> None:
    indicator = Indicator(id="K", title="K", targets=tuple(found), aggregation=aggregation)
    expected = reference_target(indicator, period)
    assert indicator.target_for(period) == expected
    assert indicator.target_for(period) == expected  # the second time, from the index


@settings(max_examples=100, deadline=None)
@given(rule=rules, value=st.floats(min_value=0, max_value=200, allow_nan=False))
def test_a_rating_is_the_same_however_often_it_is_asked_for(rule: Rule, value: float) -> None:
    month = Month(year=2024, month=12)
    indicator = Indicator(
        id="K", title="K", rule=rule, targets=(Target(period=month, value=100.0),)
    )
    readings = Readings.of([Reading(indicator="K", period=month, value=value)])
    cards = [assess(council(indicator), readings, month, dt.date(2025, 2, 1)) for _ in range(3)]
    assert cards[0] == cards[1] == cards[2]


@settings(max_examples=300, deadline=None)
@given(
    found=st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "Z"]),
            st.sampled_from([*PERIOD_KINDS, Quarter(year=2024, number=2, start_month=1)]),
        )
    ),
)
def test_readings_no_assessment_can_use_are_those_scanning_every_reading_finds(
    found: list[tuple[str, Period]],
) -> None:
    # A is quarterly and B monthly in years from April, Z not in the framework; each has
    # readings of months, of quarters, and of a quarter of years that start in January.
    frequencies = {"A": Frequency.QUARTERLY, "B": Frequency.MONTHLY}
    index = Readings.of(Reading(indicator=i, period=p, value=1.0) for i, p in found)
    expected = tuple(
        reading
        for reading in index.index.values()
        if frequencies.get(reading.indicator) is not reading.period.frequency
        or (isinstance(reading.period, Quarter) and reading.period.start_month != 4)
    )
    assert unusable_readings(index, frequencies, 4) == expected


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(st.floats(min_value=-100, max_value=100, allow_nan=False), min_size=3),
    period=periods,
)
def test_indicators_with_targets_for_the_same_periods_each_get_their_own(
    values: list[float], period: Period
) -> None:
    # Indicators whose targets cover the same periods share where each period's target comes
    # from, never the targets themselves.
    spans = [FIRST, FIRST.next(), containing(dt.date(2020, 6, 1), Frequency.ANNUAL)]
    made = [
        Indicator(
            id=f"K{i}",
            title="K",
            aggregation=aggregation,
            targets=tuple(
                Target(period=p, value=v + i) for p, v in zip(spans, values, strict=False)
            ),
        )
        for i, aggregation in enumerate(Aggregation)
    ]
    for indicator in made:
        assert indicator.target_for(period) == reference_target(indicator, period)
