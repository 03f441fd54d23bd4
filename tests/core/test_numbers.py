"""Values are rounded as councils and spreadsheets round them: a half away from zero, on the
value's shortest decimal form."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.indicators import Indicator, Polarity, Unit
from councilpmf.core.numbers import compare_shown, far_apart, rounded
from councilpmf.core.periods import Quarter
from councilpmf.core.travel import Direction, travel


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.5, 0, 3.0),
        (3.5, 0, 4.0),
        (-2.5, 0, -3.0),
        (0.5, 0, 1.0),
        (71.25, 1, 71.3),
        (-71.25, 1, -71.3),
        (0.05, 1, 0.1),
        (-0.05, 1, -0.1),
        (0.125, 2, 0.13),
        (2.675, 2, 2.68),  # a little below the half as a double, a half as written
        (1.005, 2, 1.01),
        (75646.05, 1, 75646.1),
        (71.24, 1, 71.2),
        (71.26, 1, 71.3),
        (4503599627370495.5, 0, 4503599627370496.0),
        (1e300, 2, 1e300),
    ],
)
def test_a_half_goes_away_from_zero(value: float, decimals: int, expected: float) -> None:
    assert rounded(value, decimals) == expected


def test_a_value_that_rounds_to_nothing_is_zero_not_minus_zero() -> None:
    assert str(rounded(-0.04, 1)) == "0.0"
    assert str(rounded(-0.4)) == "0.0"


@pytest.mark.parametrize(
    ("unit", "decimals", "value", "text"),
    [
        (Unit.PERCENTAGE, 1, 71.25, "71.3%"),
        (Unit.PERCENTAGE_CHANGE, 1, -71.25, "-71.3%"),
        (Unit.NUMBER, 2, 0.125, "0.13"),
        (Unit.NUMBER, 2, 2.675, "2.68"),
        (Unit.NUMBER, 1, -0.05, "-0.1"),
        (Unit.NUMBER, 1, -0.04, "0.0"),
        (Unit.MONEY, 0, -1234566.5, "-£1,234,567"),
        (Unit.MONEY, 0, -0.4, "£0"),
        (Unit.DAYS, 0, 0.5, "1 day"),
        (Unit.DAYS, 0, 2.5, "3 days"),
    ],
)
def test_a_value_is_shown_as_a_spreadsheet_shows_it(
    unit: Unit, decimals: int, value: float, text: str
) -> None:
    assert Indicator(id="K", title="K", unit=unit, decimals=decimals).format_value(value) == text


def _excel(value: float, decimals: int) -> str:
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return f"{exact.copy_abs() if exact.is_zero() else exact:,.{decimals}f}"


@st.composite
def values_and_decimals(draw: st.DrawFn) -> tuple[float, int]:
    """A value to show with at most 15 significant digits, as many as Excel shows and a
    double holds (a double's own binary digits would show beyond them), often a half."""
    decimals = draw(st.integers(0, 6))
    largest = 10 ** (15 - decimals) // 2
    anything = st.floats(-largest, largest, allow_nan=False)
    halves = st.integers(-largest + 1, largest - 1).map(
        lambda n: float((Decimal(n) + Decimal("0.5")).scaleb(-decimals))
    )
    return draw(st.one_of(anything, halves)), decimals


@given(values_and_decimals())
def test_the_shown_text_is_the_shortest_decimal_rounded_half_up(
    case: tuple[float, int],
) -> None:
    value, decimals = case
    kpi = Indicator(id="K", title="K", decimals=decimals)
    assert kpi.format_value(value) == _excel(value, decimals)
    assert rounded(value, decimals) == float(_excel(value, decimals).replace(",", ""))


@st.composite
def nearby_values(draw: st.DrawFn) -> tuple[float, float, int]:
    """Two values a few units of the last decimal apart, any size, often near a half, and
    their decimals."""
    decimals = draw(st.integers(0, 22))
    unit = 10.0**-decimals
    first = draw(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.floats(-(2.0**51), 2.0**51).map(lambda v: v * unit),
            st.integers(-(2**51), 2**51).map(lambda n: (n + 0.5) * unit),
        )
    )
    gap = draw(st.floats(-4.0, 4.0)) * unit
    return first, first + gap, decimals


@given(nearby_values())
def test_values_far_apart_show_apart_in_the_same_order(case: tuple[float, float, int]) -> None:
    first, second, decimals = case
    if far_apart(first, second, decimals):
        shown_first, shown_second = rounded(first, decimals), rounded(second, decimals)
        assert shown_first != shown_second
        assert (shown_first > shown_second) == (first > second)


@given(nearby_values())
def test_values_compare_shown_as_their_rounded_values_compare(
    case: tuple[float, float, int],
) -> None:
    first, second, decimals = case
    shown_first, shown_second = rounded(first, decimals), rounded(second, decimals)
    expected = -1 if shown_first < shown_second else 1 if shown_first > shown_second else 0
    assert compare_shown(first, second, decimals) == expected


@pytest.mark.parametrize(
    ("first", "second", "decimals", "expected"),
    [
        (71.25, 71.3, 1, 0),  # 71.25 is shown 71.3
        (71.25, 71.2, 1, 1),
        (71.24, 71.25, 1, -1),  # 71.2 and 71.3
        (71.0, 71.04, 1, 0),
        (2.0, 5.0, 0, -1),  # far apart: compared without rounding
        (2.0**50, 2.0**50 - 3, 0, 1),  # too large to tell without rounding, so rounded
    ],
)
def test_compare_shown(first: float, second: float, decimals: int, expected: int) -> None:
    assert compare_shown(first, second, decimals) == expected
    assert compare_shown(second, first, decimals) == -expected


@pytest.mark.parametrize(
    ("first", "second", "decimals", "expected"),
    [
        (71.25, 71.0, 1, True),  # 71.3 and 71.0
        (71.25, 71.1, 1, False),  # 71.3 and 71.1, but too near to tell without rounding
        (2.5, 0.4, 0, True),
        (2.0**49, 2.0**49 - 3, 0, True),
        (2.0**50, 2.0**50 - 3, 0, False),  # too large to tell without rounding
        (math.nan, 0.0, 0, False),
        (math.inf, 0.0, 0, False),
        (3.0, 0.0, 23, False),  # beyond the decimals it knows
    ],
)
def test_far_apart(first: float, second: float, decimals: int, expected: bool) -> None:
    assert far_apart(first, second, decimals) is expected


@pytest.mark.parametrize(
    ("earlier", "direction"), [(71.3, Direction.NO_CHANGE), (71.2, Direction.IMPROVING)]
)
def test_travel_compares_a_half_as_it_is_shown(earlier: float, direction: Direction) -> None:
    """71.25 is shown 71.3: the same as 71.3, and up from 71.2."""
    kpi = Indicator(id="K", title="K", polarity=Polarity.HIGHER_IS_BETTER, decimals=1)
    q3 = Quarter(year=2024, number=3)
    assert travel(kpi, 71.25, q3, earlier, q3.previous()).direction is direction
