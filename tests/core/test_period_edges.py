"""Every period the API accepts can be assessed, from the first year (1000) to the last (9998, or
9999 for a month): where there is no earlier period, travel is no valid comparison and says so,
a run of missed periods stops at the first period, and an indicator reports for the last period
of its kind when the one after it could not be written."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.charts import chart
from councilpmf.core.assess import Readings, assess, ratings_at, reporting_period
from councilpmf.core.checks import data_quality, run_checks
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Aggregation, Indicator, Reading, Target
from councilpmf.core.periods import (
    FinancialYear,
    Frequency,
    HalfYear,
    Month,
    Period,
    Quarter,
    earlier_period,
    ended_by_month,
    first_period,
    fits,
    month_index,
)
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.rag import TargetTolerance, ToleranceWithTravel
from councilpmf.core.report.performance import performance_report
from councilpmf.core.report.trends import trend_periods
from councilpmf.core.returns import returns_due
from councilpmf.core.travel import Direction, Travel, travel
from strategies import periods

AS_OF = dt.date(9999, 12, 31)
NO_EARLIER = "No valid comparison: there is no earlier period to compare with"
START_MONTHS = (1, 4, 9)


def first_of(frequency: Frequency, start_month: int) -> Period:
    return {
        Frequency.MONTHLY: Month(year=1000, month=1),
        Frequency.QUARTERLY: Quarter(year=1000, number=1, start_month=start_month),
        Frequency.HALF_YEARLY: HalfYear(year=1000, number=1, start_month=start_month),
        Frequency.ANNUAL: FinancialYear(year=1000, start_month=start_month),
    }[frequency]


def last_of(frequency: Frequency, start_month: int) -> Period:
    return {
        Frequency.MONTHLY: Month(year=9999, month=12),
        Frequency.QUARTERLY: Quarter(year=9998, number=4, start_month=start_month),
        Frequency.HALF_YEARLY: HalfYear(year=9998, number=2, start_month=start_month),
        Frequency.ANNUAL: FinancialYear(year=9998, start_month=start_month),
    }[frequency]


def council(
    frequency: Frequency, start_month: int, values: dict[Period, float], rule: object = None
) -> tuple[Framework, list[Reading]]:
    """One indicator of ``frequency``, target 90 in every period it has a value for."""
    indicator = Indicator(
        id="K",
        title="Kept",
        frequency=frequency,
        targets=tuple(Target(period=p, value=90.0) for p in values),
        rule=rule if rule is not None else TargetTolerance(),  # type: ignore[arg-type]
    )
    framework = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=(indicator,),
        year_start_month=start_month,
    )
    return framework, [Reading(indicator="K", period=p, value=v) for p, v in values.items()]


EDGES = [(f, s) for f in Frequency for s in START_MONTHS]


def test_the_first_and_last_periods_of_each_kind() -> None:
    for frequency, start_month in EDGES:
        first = first_of(frequency, start_month)
        assert first_period(frequency, start_month) == first
        assert earlier_period(first) is None
        assert earlier_period(first, last_year=True) is None
        assert earlier_period(first.next()) == first
        # The latest period ended by Dec 9999 is the last one that can be written.
        december = month_index(dt.date(9999, 12, 1))
        assert ended_by_month(december, frequency, start_month) == last_of(frequency, start_month)


@pytest.mark.parametrize(("frequency", "start_month"), EDGES)
def test_the_first_period_is_assessed_with_no_earlier_period(
    frequency: Frequency, start_month: int
) -> None:
    first = first_of(frequency, start_month)
    second = first.next()
    framework, readings = council(frequency, start_month, {first: 50.0, second: 60.0})
    result = assess(framework, readings, first, AS_OF).result("K")
    assert result.period == first
    for moved in (result.short_term, result.long_term):
        assert moved == Travel(
            direction=Direction.NO_COMPARISON, compared_with=None, explanation=NO_EARLIER
        )
    assert result.missed_in_a_row == 1

    # The period after: short term compared with the first; the run stops at the first.
    result = assess(framework, readings, second, AS_OF).result("K")
    assert result.short_term.compared_with == first
    assert result.short_term.direction is Direction.IMPROVING
    assert result.missed_in_a_row == 2
    if frequency is Frequency.ANNUAL:
        assert result.long_term.compared_with == first
    else:
        assert result.long_term.compared_with is None
        assert result.long_term.explanation == NO_EARLIER


@pytest.mark.parametrize(("frequency", "start_month"), EDGES)
def test_the_last_period_is_assessed_against_the_periods_before_it(
    frequency: Frequency, start_month: int
) -> None:
    last = last_of(frequency, start_month)
    before, year_before = last.previous(), last.same_period_last_year()
    values = {year_before: 95.0, before: 95.0, last: 80.0}
    framework, readings = council(frequency, start_month, values, ToleranceWithTravel())
    card = assess(framework, readings, last, AS_OF)
    result = card.result("K")
    assert result.period == last
    assert result.short_term.compared_with == before
    assert result.long_term.compared_with == year_before
    assert result.short_term.direction is Direction.WORSENING
    assert result.long_term.direction is Direction.WORSENING


def test_an_indicator_reports_for_the_last_period_of_its_kind_in_dec_9999() -> None:
    # The quarter, half and year that end in Dec 9999 (from April) would need the year 9999/00.
    december = Month(year=9999, month=12)
    for frequency, start_month in EDGES:
        last = last_of(frequency, start_month)
        assert reporting_period(frequency, december, start_month) == last
        framework, readings = council(frequency, start_month, {last: 95.0})
        assert assess(framework, readings, december, AS_OF).result("K").period == last


def test_on_the_last_day_readings_are_due_up_to_the_last_periods() -> None:
    for frequency, start_month in EDGES:
        last = last_of(frequency, start_month)
        kpi = Indicator(id="K", title="K", frequency=frequency)
        # Dec 9999's figure would be due in the year 10000, which no date reaches.
        assert kpi.due_by(last) == (
            dt.date.max if last.end == dt.date.max else last.end + dt.timedelta(days=28)
        )
        latest = last.previous() if last.end == dt.date.max else last
        assert kpi.latest_due(AS_OF, start_month) == latest
        framework, readings = council(frequency, start_month, {last.previous(): 95.0})
        # No reading for the last period: its figure is not late, as it is not yet due.
        card = assess(framework, readings, last, AS_OF)
        assert card.result("K").value is None
        assert [f.code for f in card.findings] == ([] if latest != last else ["late-data"])
        assert [r.period for r in returns_due(framework, readings, AS_OF)] == [last]
        assert [
            f.code for f in run_checks(framework, readings, AS_OF) if f.code == "late-data"
        ] == ([] if latest != last else ["late-data"])


def test_in_the_first_year_nothing_is_due_until_the_first_periods_figure_is() -> None:
    for frequency, start_month in EDGES:
        first = first_of(frequency, start_month)
        kpi = Indicator(id="K", title="K", frequency=frequency)
        framework, _ = council(frequency, start_month, {})
        due = kpi.due_by(first)
        assert kpi.latest_due(due, start_month) is None
        assert kpi.latest_due(due + dt.timedelta(days=1), start_month) == first
        assert not [f for f in run_checks(framework, [], due) if f.code == "late-data"]
        late = run_checks(framework, [], due + dt.timedelta(days=1))
        assert [str(first) in f.message for f in late if f.code == "late-data"] == [True]
        # Before the first period has ended nothing is outstanding; then it is, until it is in.
        assert returns_due(framework, [], first.end - dt.timedelta(days=1)) == ()
        assert [r.period for r in returns_due(framework, [], first.end)] == [first]


def test_before_any_period_of_its_kind_has_ended_an_indicator_reports_for_the_first() -> None:
    january = Month(year=1000, month=1)
    for frequency, start_month in EDGES:
        first = first_of(frequency, start_month)
        assert reporting_period(frequency, january, start_month) == first
        framework, readings = council(frequency, start_month, {first: 95.0})
        result = assess(framework, readings, january, AS_OF).result("K")
        assert result.period == first
        assert result.short_term.explanation == NO_EARLIER


@pytest.mark.parametrize(("frequency", "start_month"), EDGES)
def test_readings_of_another_kind_before_the_first_period_are_checked_and_due(
    frequency: Frequency, start_month: int
) -> None:
    """A reading for a period of another kind that starts before the first period of the
    indicator's kind (Jan 1000, for a quarterly indicator of years from April) is named as one
    no assessment can use, and the returns are due from the first period of the indicator's
    kind, not from a period before it that cannot be written."""
    first = first_of(frequency, start_month)
    others = [
        Month(year=1000, month=1),
        Quarter(year=1000, number=1, start_month=1),
        HalfYear(year=1000, number=1, start_month=1),
        FinancialYear(year=1000, start_month=1),
    ]
    framework, _ = council(frequency, start_month, {})
    for other in others:
        if fits(other, frequency, start_month):
            continue
        readings = [Reading(indicator="K", period=other, value=95.0)]
        unusable = [
            f
            for f in data_quality(framework, readings, first.end)
            if f.code in ("wrong-frequency", "wrong-year-start")
        ]
        assert [f.path for f in unusable] == [f"$.readings[indicator=K, period={other}]"]
        if unusable[0].code == "wrong-year-start":
            assert f"such as {first}." in unusable[0].message
        assert returns_due(framework, readings, first.end - dt.timedelta(days=1)) == ()
        assert [r.period for r in returns_due(framework, readings, first.end)] == [first]


def test_travel_without_an_earlier_period_says_there_is_none() -> None:
    kpi = Indicator(id="K", title="K", aggregation=Aggregation.CUMULATIVE)
    q2 = Quarter(year=1000, number=2)
    # A year-to-date total has no same period last year to be compared with.
    assert travel(kpi, 5.0, q2, 4.0, q2.previous()).explanation == (
        "No valid comparison: a year-to-date total is compared only with the same period last year"
    )
    assert travel(kpi, 5.0, q2, None, None).explanation == NO_EARLIER
    assert travel(kpi, None, q2, None, None).compared_with is None


def test_trend_charts_start_at_the_first_period() -> None:
    kpi = Indicator(id="K", title="K", frequency=Frequency.MONTHLY)
    march = Month(year=1000, month=3)
    readings = Readings.of(
        [
            Reading(indicator="K", period=march.previous(), value=1.0),
            Reading(indicator="K", period=march, value=2.0),
        ]
    )
    assert trend_periods(kpi, march, readings) == (Month(year=1000, month=2), march)
    cumulative = Indicator(
        id="C", title="C", frequency=Frequency.MONTHLY, aggregation=Aggregation.CUMULATIVE
    )
    # Its year (from April) would start in April 999: its chart starts in Jan 1000.
    assert trend_periods(cumulative, march, Readings.of(())) == (march,)
    drawn = chart(kpi, readings, march).chart
    # With no Mar 999 to compare with, the words read the change across the chart.
    assert drawn.description == "Rose from 1.0 in Feb 1000 to 2.0 in Mar 1000; no target set"
    assert [p.label for p in drawn.series[0].points] == ["Feb 1000", "Mar 1000"]


def edge_periods() -> st.SearchStrategy[Period]:
    """Periods in the first two and the last two years, and any other."""
    years = st.sampled_from([1000, 1001, 9997, 9998])
    start_months = st.integers(1, 12)
    return st.one_of(
        periods,
        st.builds(Month, year=st.sampled_from([1000, 1001, 9998, 9999]), month=st.integers(1, 12)),
        st.builds(Quarter, year=years, number=st.integers(1, 4), start_month=start_months),
        st.builds(HalfYear, year=years, number=st.integers(1, 2), start_month=start_months),
        st.builds(FinancialYear, year=years, start_month=start_months),
    )


@settings(max_examples=60, deadline=None)
@given(edge_periods(), st.integers(1, 12), st.none() | st.floats(0, 200))
def test_any_period_the_api_accepts_can_be_assessed(
    period: Period, any_start: int, value: float | None
) -> None:
    """With a value for each indicator's period and the two it is compared with (``None``: no
    readings at all), ``assess``, its ratings, trend charts and the performance report all
    answer; so do the checks and the returns due as the period ends."""
    start_month = any_start if isinstance(period, Month) else period.year_start
    framework = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=tuple(
            Indicator(
                id=f"{frequency.name}-{aggregation.name}",
                title=frequency.value,
                frequency=frequency,
                aggregation=aggregation,
                rule=ToleranceWithTravel(),
                targets=(Target(period=period, value=90.0),),
            )
            for frequency in Frequency
            for aggregation in (Aggregation.SNAPSHOT, Aggregation.CUMULATIVE)
        ),
        year_start_month=start_month,
    )
    readings = []
    for indicator in framework.indicators:
        own = reporting_period(indicator.frequency, period, start_month)
        for near in (own, earlier_period(own), earlier_period(own, last_year=True)):
            if near is not None and value is not None:
                readings.append(Reading(indicator=indicator.id, period=near, value=value))
    card = assess(framework, readings, period, AS_OF)
    assert {r.indicator for r in card.indicators} == {i.id for i in framework.indicators}
    index = Readings.of(readings)
    for indicator in framework.indicators:
        own = card.result(indicator.id).period
        assert ratings_at(indicator, ToleranceWithTravel(), index, [own], start_month)
        chart(indicator, index, period, framework=framework)
    performance_report(framework, readings, period, AS_OF)
    run_checks(framework, readings, period.end)
    returns_due(framework, readings, period.end)
