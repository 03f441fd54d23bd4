"""Tests for councilpmf.core.travel: direction of travel, short and long term."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core.indicators import Aggregation, Indicator, Polarity, Unit
from councilpmf.core.periods import FinancialYear, HalfYear, Month, Period, Quarter
from councilpmf.core.travel import Direction, SeriesBreak, definition_changed, travel

Q1 = Quarter(year=2024, number=1)
Q2 = Quarter(year=2024, number=2)
Q3 = Quarter(year=2024, number=3)
Q3_LAST_YEAR = Quarter(year=2023, number=3)


def kpi(polarity: Polarity, decimals: int = 1, series_break: Period | None = None) -> Indicator:
    return Indicator(
        id="K1",
        title="A council KPI",
        polarity=polarity,
        decimals=decimals,
        series_break=series_break,
    )


@pytest.mark.parametrize(
    ("polarity", "current", "earlier", "expected"),
    [
        (Polarity.HIGHER_IS_BETTER, 75.0, 70.0, Direction.IMPROVING),
        (Polarity.HIGHER_IS_BETTER, 65.0, 70.0, Direction.WORSENING),
        (Polarity.LOWER_IS_BETTER, 8.1, 9.0, Direction.IMPROVING),
        (Polarity.LOWER_IS_BETTER, 9.9, 9.0, Direction.WORSENING),
        (Polarity.NONE, 110.0, 100.0, Direction.INCREASING),
        (Polarity.NONE, 90.0, 100.0, Direction.DECREASING),
        (Polarity.TARGET_BAND, 55.0, 50.0, Direction.INCREASING),
        (Polarity.TARGET_BAND, 45.0, 50.0, Direction.DECREASING),
    ],
)
def test_direction_by_polarity(
    polarity: Polarity, current: float, earlier: float, expected: Direction
) -> None:
    assert travel(kpi(polarity), current, Q3, earlier, Q2).direction is expected


def test_explanation_gives_the_word_both_values_and_the_earlier_period() -> None:
    days = Indicator(
        id="D", title="Days lost to sickness", polarity=Polarity.LOWER_IS_BETTER, unit=Unit.DAYS
    )
    result = travel(days, 8.1, Q3, 9.0, Q2)
    assert result.explanation == "Improving: 8.1 days from 9.0 days in 2024/25 Q2"
    assert result.compared_with == Q2


def test_long_term_compares_with_the_same_period_last_year() -> None:
    result = travel(kpi(Polarity.HIGHER_IS_BETTER), 72.0, Q3, 70.0, Q3.same_period_last_year())
    assert result.direction is Direction.IMPROVING
    assert result.compared_with == Q3_LAST_YEAR
    assert result.explanation.endswith("in 2023/24 Q3")


@pytest.mark.parametrize("polarity", list(Polarity))
def test_no_change_when_equal_after_rounding(polarity: Polarity) -> None:
    # 71.23 is shown as 71.2, so with one decimal nothing visible changed.
    result = travel(kpi(polarity, decimals=1), 71.23, Q3, 71.2, Q2)
    assert result.direction is Direction.NO_CHANGE
    assert result.explanation == "No change: 71.2 from 71.2 in 2024/25 Q2"


def test_a_change_visible_at_more_decimals_counts() -> None:
    result = travel(kpi(Polarity.HIGHER_IS_BETTER, decimals=2), 71.23, Q3, 71.2, Q2)
    assert result.direction is Direction.IMPROVING


def test_exactly_equal_values_are_no_change() -> None:
    assert travel(kpi(Polarity.NONE), 0.0, Q3, 0.0, Q2).direction is Direction.NO_CHANGE


@pytest.mark.parametrize(
    ("current", "earlier", "missing"),
    [(None, 70.0, "2024/25 Q3"), (70.0, None, "2024/25 Q2"), (None, None, "2024/25 Q3")],
)
def test_missing_value_gives_no_valid_comparison(
    current: float | None, earlier: float | None, missing: str
) -> None:
    result = travel(kpi(Polarity.HIGHER_IS_BETTER), current, Q3, earlier, Q2)
    assert result.direction is Direction.NO_COMPARISON
    assert result.explanation == f"No valid comparison: no value for {missing}"


# Periods of different kinds, or of the same kind in years that start apart, with fields alike.
ALIKE = [
    (Quarter(year=2024, number=1), HalfYear(year=2024, number=1)),
    (FinancialYear(year=2024), FinancialYear(year=2024, start_month=1)),
    (Quarter(year=2024, number=2), Quarter(year=2024, number=2, start_month=1)),
    (Month(year=2025, month=1), Quarter(year=2024, number=4)),
]


@pytest.mark.parametrize(("first", "second"), ALIKE)
def test_each_earlier_period_is_named_as_itself(first: Period, second: Period) -> None:
    """One period's name is never given to another whose fields are alike."""
    kpi_ = kpi(Polarity.HIGHER_IS_BETTER)
    for earlier in (first, second, first):
        later = earlier.next()
        assert travel(kpi_, 75.0, later, 70.0, earlier).explanation.endswith(f"in {earlier}")
        missing = travel(kpi_, 75.0, later, None, earlier).explanation
        assert missing == f"No valid comparison: no value for {earlier}"


@pytest.mark.parametrize(("first", "second"), ALIKE)
def test_a_year_to_date_total_is_compared_with_its_own_period_last_year(
    first: Period, second: Period
) -> None:
    """Comparing one kind of period with its year before is no licence to compare another,
    whose fields are alike, with the first's year before."""
    total = Indicator(id="T", title="Total", aggregation=Aggregation.CUMULATIVE)
    for period, other in ((first, second), (second, first)):
        later = period.shift(years=1)
        assert travel(total, 75.0, later, 70.0, period).direction is Direction.IMPROVING
        result = travel(total, 75.0, other.shift(years=1), 70.0, period)
        assert result.direction is Direction.NO_COMPARISON
        assert result.explanation.endswith("only with the same period last year")


def test_series_break_between_the_periods_gives_no_valid_comparison() -> None:
    changed = kpi(Polarity.HIGHER_IS_BETTER, series_break=Q3)
    result = travel(changed, 75.0, Q3, 70.0, Q2)
    assert result.direction is Direction.NO_COMPARISON
    assert result.explanation == "No valid comparison: the definition changed in 2024/25 Q3"


@pytest.mark.parametrize(
    ("of", "expected"),
    [
        ("K1", "the definition changed in 2024/25 Q1"),
        ("N", "the definition of N changed in 2024/25 Q1"),
    ],
)
def test_a_change_of_definition_is_worded_alike_wherever_it_is_named(
    of: str, expected: str
) -> None:
    brk = SeriesBreak(Q1, of)
    assert definition_changed(brk, "K1") == expected
    result = travel(kpi(Polarity.HIGHER_IS_BETTER), 75.0, Q3, 70.0, Q3_LAST_YEAR, breaks=(brk,))
    assert result.explanation == f"No valid comparison: {expected}"


def test_series_break_inside_the_year_stops_the_long_term_comparison() -> None:
    changed = kpi(Polarity.HIGHER_IS_BETTER, series_break=Q1)
    long_term = travel(changed, 75.0, Q3, 70.0, Q3_LAST_YEAR)
    assert long_term.direction is Direction.NO_COMPARISON
    # ... but the short term comparison, both periods after the break, still stands.
    assert travel(changed, 75.0, Q3, 70.0, Q2).direction is Direction.IMPROVING


@pytest.mark.parametrize(
    "series_break",
    [
        Q2,  # the earlier period is the first on the new definition: both are after the break
        Quarter(year=2023, number=1),  # long before both
        Quarter(year=2025, number=1),  # after both
        FinancialYear(year=2025),
    ],
)
def test_series_break_outside_the_gap_keeps_the_comparison(series_break: Period) -> None:
    changed = kpi(Polarity.HIGHER_IS_BETTER, series_break=series_break)
    assert travel(changed, 75.0, Q3, 70.0, Q2).direction is Direction.IMPROVING


def test_series_break_given_as_a_year_stops_a_comparison_across_it() -> None:
    changed = kpi(Polarity.HIGHER_IS_BETTER, series_break=FinancialYear(year=2024))
    result = travel(changed, 75.0, Q3, 70.0, Q3_LAST_YEAR)
    assert result.direction is Direction.NO_COMPARISON


FLIPPED = {
    Direction.IMPROVING: Direction.WORSENING,
    Direction.WORSENING: Direction.IMPROVING,
    Direction.INCREASING: Direction.DECREASING,
    Direction.DECREASING: Direction.INCREASING,
    Direction.NO_CHANGE: Direction.NO_CHANGE,
}
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    polarity=st.sampled_from(Polarity),
    decimals=st.integers(min_value=0, max_value=6),
    a=values,
    b=values,
)
def test_swapping_current_and_earlier_flips_the_direction(
    polarity: Polarity, decimals: int, a: float, b: float
) -> None:
    indicator = kpi(polarity, decimals=decimals)
    forward = travel(indicator, a, Q3, b, Q2).direction
    backward = travel(indicator, b, Q3, a, Q2).direction
    assert backward is FLIPPED[forward]


@settings(max_examples=200, deadline=None)
@given(polarity=st.sampled_from(Polarity), a=values, b=values)
def test_direction_words_match_the_polarity(polarity: Polarity, a: float, b: float) -> None:
    direction = travel(kpi(polarity), a, Q3, b, Q2).direction
    if polarity in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER):
        assert direction in (Direction.IMPROVING, Direction.NO_CHANGE, Direction.WORSENING)
    else:
        assert direction in (Direction.INCREASING, Direction.NO_CHANGE, Direction.DECREASING)


def test_every_direction_has_its_own_word_and_arrow() -> None:
    words = [d.word for d in Direction]
    symbols = [d.symbol for d in Direction]
    assert all(w.strip() for w in words) and all(s.strip() for s in symbols)
    assert len(set(words)) == len(Direction)
    assert len(set(symbols)) == len(Direction)
    assert Direction.NO_COMPARISON.word == "No valid comparison"
