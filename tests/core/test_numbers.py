"""Values are rounded as councils and spreadsheets round them: a half away from zero, on the
value's shortest decimal form."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.indicators import Indicator, Polarity, Unit
from councilpmf.core.numbers import rounded
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


@pytest.mark.parametrize(
    ("earlier", "direction"), [(71.3, Direction.NO_CHANGE), (71.2, Direction.IMPROVING)]
)
def test_travel_compares_a_half_as_it_is_shown(earlier: float, direction: Direction) -> None:
    """71.25 is shown 71.3: the same as 71.3, and up from 71.2."""
    kpi = Indicator(id="K", title="K", polarity=Polarity.HIGHER_IS_BETTER, decimals=1)
    q3 = Quarter(year=2024, number=3)
    assert travel(kpi, 71.25, q3, earlier, q3.previous()).direction is direction
