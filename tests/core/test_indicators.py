"""Tests for councilpmf.core.indicators: targets, formatting, impossible values and readings."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core.errors import InputError
from councilpmf.core.indicators import (
    Aggregation,
    Baseline,
    ComparatorGroup,
    ExternalId,
    Indicator,
    Polarity,
    Reading,
    Target,
    Unit,
)
from councilpmf.core.periods import FinancialYear, HalfYear, Month, Period, Quarter
from strategies import months, quarters, targets

FY24 = FinancialYear(year=2024)
FY25 = FinancialYear(year=2025)
Q1 = Quarter(year=2024, number=1)
Q2 = Quarter(year=2024, number=2)
Q3 = Quarter(year=2024, number=3)
Q4 = Quarter(year=2024, number=4)
DEC = Month(year=2024, month=12)
MAR = Month(year=2025, month=3)


def kpi(
    *targets: Target,
    aggregation: Aggregation = Aggregation.SNAPSHOT,
    unit: Unit = Unit.NUMBER,
    decimals: int = 1,
) -> Indicator:
    return Indicator(
        id="K1",
        title="A council KPI",
        unit=unit,
        decimals=decimals,
        aggregation=aggregation,
        targets=targets,
    )


# -- target_for ----------------------------------------------------------------------------------


def test_exact_target_applies() -> None:
    target = Target(period=Q3, value=75.0)
    assert kpi(target).target_for(Q3) == target


@pytest.mark.parametrize("aggregation", [Aggregation.SNAPSHOT, Aggregation.AVERAGE])
@pytest.mark.parametrize("period", [Q1, Q3, DEC, MAR, HalfYear(year=2024, number=2)])
def test_the_years_target_applies_as_it_is_to_a_snapshot_or_average(
    aggregation: Aggregation, period: Period
) -> None:
    found = kpi(Target(period=FY24, value=60.0), aggregation=aggregation).target_for(period)
    assert found == Target(period=period, value=60.0)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Q1, 300.0),  # 1/4
        (Q2, 600.0),
        (Q3, 900.0),  # 3/4
        (Q4, 1200.0),
        (Month(year=2024, month=4), 100.0),  # 1/12
        (DEC, 900.0),  # 9/12
        (MAR, 1200.0),
        (HalfYear(year=2024, number=1), 600.0),
        (FY24, 1200.0),
    ],
)
def test_cumulative_target_is_profiled_by_the_share_of_the_year(
    period: Period, expected: float
) -> None:
    rent = kpi(Target(period=FY24, value=1200.0), aggregation=Aggregation.CUMULATIVE)
    found = rent.target_for(period)
    assert found is not None and found.period == period
    assert found.value == pytest.approx(expected)


def test_cumulative_band_target_profiles_both_bounds() -> None:
    band = kpi(Target(period=FY24, low=400.0, high=800.0), aggregation=Aggregation.CUMULATIVE)
    found = band.target_for(Q3)
    assert found is not None
    assert (found.value, found.low, found.high) == (None, 300.0, 600.0)


def test_cumulative_profiling_follows_an_academic_year() -> None:
    # The academic year from September: December is the fourth month of twelve.
    year = FinancialYear(year=2024, start_month=9)
    pupils = kpi(Target(period=year, value=120.0), aggregation=Aggregation.CUMULATIVE)
    found = pupils.target_for(DEC)
    assert found is not None and found.value == pytest.approx(40.0)


def test_a_quarter_target_beats_the_annual_target() -> None:
    annual = Target(period=FY24, value=60.0)
    quarter = Target(period=Q3, value=55.0)
    for order in ((annual, quarter), (quarter, annual)):
        indicator = kpi(*order, aggregation=Aggregation.CUMULATIVE)
        assert indicator.target_for(Q3) == quarter


def test_the_nearest_containing_target_applies() -> None:
    annual = Target(period=FY24, value=60.0)
    half = Target(period=HalfYear(year=2024, number=2), value=65.0)
    for order in ((annual, half), (half, annual)):
        assert kpi(*order).target_for(DEC) == Target(period=DEC, value=65.0)


def test_no_target_for_another_year() -> None:
    indicator = kpi(Target(period=FY24, value=60.0), aggregation=Aggregation.CUMULATIVE)
    assert indicator.target_for(Quarter(year=2025, number=1)) is None
    assert indicator.target_for(FY25) is None
    assert indicator.target_for(Month(year=2024, month=3)) is None  # Mar 2024 is in 2023/24


def test_a_quarter_target_does_not_apply_to_the_year() -> None:
    assert kpi(Target(period=Q3, value=55.0)).target_for(FY24) is None


@settings(max_examples=100, deadline=None)
@given(target=targets(period=st.just(FY24)), period=st.one_of(quarters, months))
def test_a_snapshot_target_applies_exactly_inside_its_year(target: Target, period: Period) -> None:
    found = kpi(target).target_for(period)
    if FY24.contains(period):
        assert found == Target(period=period, value=target.value, low=target.low, high=target.high)
    else:
        assert found is None


# -- format_value --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "decimals", "value", "shown"),
    [
        (Unit.PERCENTAGE, 1, 61.234, "61.2%"),
        (Unit.PERCENTAGE, 0, 100.0, "100%"),
        (Unit.MONEY, 0, 1234567.4, "£1,234,567"),
        (Unit.MONEY, 2, 1234.5, "£1,234.50"),
        (Unit.MONEY, 0, -1234.0, "-£1,234"),
        (Unit.MONEY, 2, -0.5, "-£0.50"),
        (Unit.MONEY, 0, -0.4, "£0"),  # an underspend of 40p is not "-£0"
        (Unit.PERCENTAGE, 1, -0.04, "0.0%"),
        (Unit.NUMBER, 1, 1234.56, "1,234.6"),
        (Unit.COUNT, 0, 470.0, "470"),
        (Unit.RATE, 2, 3.14159, "3.14"),
        (Unit.RATIO, 1, 0.5, "0.5"),
        (Unit.DAYS, 0, 1.0, "1 day"),
        (Unit.DAYS, 0, 2.0, "2 days"),
        (Unit.DAYS, 0, 0.0, "0 days"),
        (Unit.DAYS, 1, 8.1, "8.1 days"),
        (Unit.DAYS, 0, 1.4, "1 day"),
        (Unit.YES_NO, 0, 1.0, "Yes"),
        (Unit.YES_NO, 0, 0.0, "No"),
    ],
)
def test_format_value(unit: Unit, decimals: int, value: float, shown: str) -> None:
    assert kpi(unit=unit, decimals=decimals).format_value(value) == shown


@pytest.mark.parametrize("unit", list(Unit))
def test_missing_value_shows_no_data(unit: Unit) -> None:
    assert kpi(unit=unit).format_value(None) == "no data"


def test_format_target() -> None:
    indicator = kpi(unit=Unit.PERCENTAGE)
    assert indicator.format_target(Target(period=FY24, value=80.0)) == "80.0%"
    assert indicator.format_target(Target(period=FY24, low=40.0, high=60.0)) == "40.0% to 60.0%"
    assert indicator.format_target(None) == "no target"


@settings(max_examples=100, deadline=None)
@given(
    unit=st.sampled_from([Unit.PERCENTAGE, Unit.MONEY, Unit.NUMBER, Unit.DAYS]),
    decimals=st.integers(min_value=0, max_value=6),
    value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
)
def test_a_value_is_shown_with_its_decimals_and_never_as_minus_zero(
    unit: Unit, decimals: int, value: float
) -> None:
    shown = kpi(unit=unit, decimals=decimals).format_value(value)
    digits = shown.split()[0].rstrip("%").lstrip("-").lstrip("£")
    fraction = digits.partition(".")[2]
    assert len(fraction) == decimals
    if shown.startswith("-"):
        assert any(c in "123456789" for c in digits)


# -- impossible values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "value", "why"),
    [
        (Unit.PERCENTAGE, 104.0, "a percentage over 100"),
        (Unit.PERCENTAGE, -0.1, "a negative percentage"),
        (Unit.COUNT, -1.0, "a negative count"),
        (Unit.COUNT, 2.5, "a count that is not a whole number"),
        (Unit.DAYS, -3.0, "a negative days"),
        (Unit.RATE, -0.1, "a negative rate"),
        (Unit.YES_NO, 2.0, "a yes/no value other than 0 or 1"),
        (Unit.YES_NO, 0.5, "a yes/no value other than 0 or 1"),
    ],
)
def test_impossible_values_are_named(unit: Unit, value: float, why: str) -> None:
    assert kpi(unit=unit).impossible(value) == why


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        (Unit.PERCENTAGE, 0.0),
        (Unit.PERCENTAGE, 100.0),
        (Unit.COUNT, 0.0),
        (Unit.COUNT, 470.0),
        (Unit.DAYS, 0.0),
        (Unit.YES_NO, 0.0),
        (Unit.YES_NO, 1.0),
        (Unit.MONEY, -250000.0),  # an underspend
        (Unit.NUMBER, -3.5),
        (Unit.RATIO, 0.0),
    ],
)
def test_possible_values_pass(unit: Unit, value: float) -> None:
    assert kpi(unit=unit).impossible(value) is None


# -- readings --------------------------------------------------------------------------------------


def test_reading_with_a_value() -> None:
    reading = Reading(indicator="K1", period=Q3, value=0.0)
    assert reading.value == 0.0  # zero is a value, not a missing one
    assert reading.key == ("K1", Q3)


def test_reading_missing_with_a_reason() -> None:
    reading = Reading(indicator="K1", period=Q3, missing_reason="survey paused")
    assert reading.value is None


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reading_needs_a_value_or_a_reason(reason: str | None) -> None:
    with pytest.raises(ValueError, match="needs a value or a missing_reason"):
        Reading(indicator="K1", period=Q3, missing_reason=reason)


def test_reading_has_a_value_or_a_reason_not_both() -> None:
    with pytest.raises(ValueError, match="not both"):
        Reading(indicator="K1", period=Q3, value=71.2, missing_reason="estimated")


@pytest.mark.parametrize("bad", [True, False, float("nan"), float("inf"), "71.2"])
def test_values_must_be_finite_numbers_not_bools(bad: object) -> None:
    if bad == bad:  # NaN is a missing reading (it then needs a missing_reason), not a bad value
        with pytest.raises(TypeError, match="value must be a number"):
            Reading(indicator="K1", period=Q3, value=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="value must be a number"):
        Target(period=Q3, value=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="value must be a number"):
        Baseline(period=Q3, value=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ComparatorGroup(indicator="K1", period=Q3, group="CIPFA", values=(1.0, bad))  # type: ignore[arg-type]


@pytest.mark.parametrize("written", ["HS01 ", " HS01", "HS01\n", "\tHS01"])
def test_ids_with_spaces_around_them_are_refused_naming_the_field(written: str) -> None:
    message = f"must not start or end with a space: {written!r}"
    with pytest.raises(ValueError, match=f"^id {re.escape(message)}$"):
        Indicator(id=written, title="Homes")
    with pytest.raises(ValueError, match=f"^numerator {re.escape(message)}$"):
        Indicator(id="R", title="Rate", numerator=written, denominator="HS02")
    with pytest.raises(ValueError, match=f"^indicator {re.escape(message)}$"):
        Reading(indicator=written, period=Q3, value=1.0)
    assert Indicator(id="HS 01", title="Homes").id == "HS 01"  # spaces within are kept


def test_target_needs_a_value_or_a_whole_band() -> None:
    with pytest.raises(ValueError, match="needs a value, or both low and high"):
        Target(period=FY24)
    with pytest.raises(ValueError, match="needs a value, or both low and high"):
        Target(period=FY24, low=40.0)
    with pytest.raises(ValueError, match=r"low 60\.0 is above high 40\.0"):
        Target(period=FY24, low=60.0, high=40.0)
    assert Target(period=FY24, low=50.0, high=50.0).low == 50.0


def test_indicator_refuses_bad_metadata() -> None:
    with pytest.raises(ValueError, match="id must not be empty"):
        Indicator(id="  ", title="Homes")
    with pytest.raises(TypeError, match="decimals must be a whole number"):
        Indicator(id="H", title="Homes", decimals=True)
    with pytest.raises(ValueError, match="decimals must be at most 6"):
        Indicator(id="H", title="Homes", decimals=7)
    with pytest.raises(TypeError, match="rule must be a rating rule"):
        Indicator(id="H", title="Homes", rule="target-tolerance")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Indicator(id="H", title="Homes", targets=[Target(period=FY24, value=1.0)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="scheme must not be empty"):
        ExternalId(scheme="", id="1234")


def test_data_only_indicators_are_not_rated() -> None:
    assert not Indicator(id="P", title="Population", polarity=Polarity.NONE).rated
    for polarity in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.TARGET_BAND):
        assert Indicator(id="P", title="P", polarity=polarity).rated


# -- when a reading is due: as_of as a date or as ISO text -----------------------------------------


@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    period=st.sampled_from((Q1, Q3, Q4, DEC, MAR, FY24, HalfYear(year=2024, number=2))),
    due_days=st.integers(min_value=0, max_value=120),
)
def test_as_of_as_iso_text_is_the_same_day_as_the_date(
    day: dt.date, period: Period, due_days: int
) -> None:
    indicator = Indicator(id="K", title="K", due_days=due_days)
    text = day.isoformat()
    assert indicator.past_due(period, text) == indicator.past_due(period, day)
    assert indicator.past_due(period, f" {text} ") == indicator.past_due(period, day)
    assert indicator.latest_due(text) == indicator.latest_due(day)


def test_past_due_turns_the_day_after_the_due_day_both_ways() -> None:
    indicator = Indicator(id="K", title="K", due_days=28)
    assert indicator.due_by(Q3) == dt.date(2025, 1, 28)
    assert not indicator.past_due(Q3, "2025-01-28")  # the due day itself is on time
    assert indicator.past_due(Q3, "2025-01-29")
    assert indicator.latest_due("2025-01-28") == Q2
    assert indicator.latest_due("2025-01-29") == Q3
    assert indicator.latest_due("2025-04-29", start_month=1) == Quarter(
        year=2025, number=1, start_month=1
    )


@pytest.mark.parametrize(
    "as_of",
    ["29/01/2025", "2025-02-30", "", "Q3", dt.datetime(2025, 1, 29, 9, 0), 20250129, None],
)
def test_an_as_of_that_is_not_a_date_is_refused_in_one_line_naming_it(as_of: object) -> None:
    indicator = Indicator(id="K", title="K")
    expected = f"as_of: expected a date such as '2025-01-20', not {as_of!r}"
    for use in (
        lambda: indicator.past_due(Q3, as_of),  # type: ignore[arg-type]
        lambda: indicator.latest_due(as_of),  # type: ignore[arg-type]
    ):
        with pytest.raises(InputError) as caught:
            use()
        assert str(caught.value) == expected
