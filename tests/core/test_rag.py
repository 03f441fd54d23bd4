"""Tests for councilpmf.core.rag: the RAG rules councils use, at the edges where tools go wrong."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core.errors import RuleFailure
from councilpmf.core.indicators import Aggregation, Indicator, Polarity, Target, Unit
from councilpmf.core.periods import FinancialYear, Month
from councilpmf.core.rag import (
    BUILTIN_RULES,
    EPSILON,
    Band,
    Bands,
    Clause,
    FirstMatch,
    Quartile,
    Rating,
    RatingContext,
    RatioToTarget,
    Status,
    TargetTolerance,
    ToleranceWithTravel,
    _slack,
    rate,
)
from councilpmf.core.rule import Rule
from strategies import (
    bands_rules,
    ratios_to_target,
    rules,
    target_tolerances,
    targets,
    tolerances_with_travel,
)

Y = FinancialYear(year=2024)
HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
BAND = Polarity.TARGET_BAND

PROPERTY = settings(max_examples=150, deadline=None)


def kpi(
    target: float | None = None,
    *,
    polarity: Polarity = HIGHER,
    unit: Unit = Unit.NUMBER,
    low: float | None = None,
    high: float | None = None,
    decimals: int = 1,
) -> Indicator:
    """An indicator with one target for 2024/25 (a value, a band, or none)."""
    has_target = target is not None or low is not None
    return Indicator(
        id="K1",
        title="A council KPI",
        unit=unit,
        polarity=polarity,
        decimals=decimals,
        targets=(Target(period=Y, value=target, low=low, high=high),) if has_target else (),
    )


def rating(indicator: Indicator, actual: float | None, rule: Rule, **context: object) -> Rating:
    """Rate ``actual`` for 2024/25 against the indicator's own target."""
    return rate(indicator, actual, indicator.target_for(Y), rule, **context)  # type: ignore[arg-type]


def status(indicator: Indicator, actual: float | None, rule: Rule, **context: object) -> Status:
    return rating(indicator, actual, rule, **context).status


# -- rules that use a target: properties ------------------------------------------------------

# Every kind of rule that rates against a target, in any valid configuration that keeps the
# direction of the indicator (first-match only in its default form: custom clauses can say
# anything a council likes).
directional_rules = st.one_of(
    target_tolerances,
    ratios_to_target,
    st.just(FirstMatch()),
    bands_rules,
    tolerances_with_travel,
)
positive_targets = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)
actuals = st.floats(min_value=-1e7, max_value=1e8, allow_nan=False, allow_infinity=False)
last_years = st.none() | actuals


@PROPERTY
@given(
    rule=directional_rules,
    target=positive_targets,
    a=actuals,
    b=actuals,
    last_year=last_years,
)
def test_higher_is_better_a_higher_value_is_never_rated_worse(
    rule: Rule, target: float, a: float, b: float, last_year: float | None
) -> None:
    a, b = sorted((a, b))
    indicator = kpi(target)
    low = status(indicator, a, rule, last_year=last_year)
    high = status(indicator, b, rule, last_year=last_year)
    assert low.rank is not None and high.rank is not None
    assert high.rank >= low.rank, (low, high)


@PROPERTY
@given(
    rule=directional_rules,
    target=positive_targets,
    a=actuals,
    b=actuals,
    last_year=last_years,
)
def test_lower_is_better_a_lower_value_is_never_rated_worse(
    rule: Rule, target: float, a: float, b: float, last_year: float | None
) -> None:
    a, b = sorted((a, b))
    indicator = kpi(target, polarity=LOWER)
    low = status(indicator, a, rule, last_year=last_year)
    high = status(indicator, b, rule, last_year=last_year)
    assert low.rank is not None and high.rank is not None
    assert low.rank >= high.rank, (low, high)


# Rules as a council would set them to show "exceeded" only beyond the target: on target is
# green under each of them.
on_target_rules = st.one_of(
    target_tolerances,
    ratios_to_target.filter(lambda r: r.exceeded_at is None or r.exceeded_at >= 101),
    st.just(FirstMatch()),
    st.just(Bands()),
    tolerances_with_travel,
)


@PROPERTY
@given(
    rule=on_target_rules,
    target=positive_targets,
    polarity=st.sampled_from([HIGHER, LOWER]),
    last_year=last_years,
)
def test_equal_to_target_is_green(
    rule: Rule, target: float, polarity: Polarity, last_year: float | None
) -> None:
    result = rating(kpi(target, polarity=polarity), target, rule, last_year=last_year)
    assert result.status is Status.GREEN, result.explanation


@PROPERTY
@given(
    rule=on_target_rules,
    bounds=st.tuples(positive_targets, positive_targets).map(sorted),
    share=st.floats(min_value=0, max_value=1),
    last_year=last_years,
)
def test_inside_a_target_band_is_green(
    rule: Rule, bounds: list[float], share: float, last_year: float | None
) -> None:
    low, high = bounds
    actual = min(high, max(low, low + share * (high - low)))
    indicator = kpi(polarity=BAND, low=low, high=high)
    result = rating(indicator, actual, rule, last_year=last_year)
    assert result.status is Status.GREEN, result.explanation


@pytest.mark.parametrize("rule", [TargetTolerance(), RatioToTarget(), FirstMatch(), Bands()])
@pytest.mark.parametrize("month", [4, 6, 9, 12, 1, 3])
def test_equal_to_a_profiled_year_to_date_target_is_green(rule: Rule, month: int) -> None:
    # 100.1 x 9/12 is 75.07499999999999 in floating point; the council types 75.075.
    indicator = Indicator(
        id="R1",
        title="Rent collected year to date",
        aggregation=Aggregation.CUMULATIVE,
        decimals=3,
        targets=(Target(period=Y, value=100.1),),
    )
    period = Month(year=2024 if month >= 4 else 2025, month=month)
    elapsed = (month - 4) % 12 + 1
    actual = float(Decimal("100.1") * elapsed / 12)
    result = rate(indicator, actual, indicator.target_for(period), rule)
    assert result.status is Status.GREEN, result.explanation


@PROPERTY
@given(
    rule=rules,
    polarity=st.sampled_from(Polarity),
    unit=st.sampled_from(Unit),
    decimals=st.integers(min_value=0, max_value=3),
    target=targets(period=st.just(Y)),
    actual=actuals,
    last_year=last_years,
    comparators=st.lists(actuals, max_size=8).map(tuple),
)
def test_the_explanation_starts_with_the_label_and_shows_the_actual(
    rule: Rule,
    polarity: Polarity,
    unit: Unit,
    decimals: int,
    target: Target,
    actual: float,
    last_year: float | None,
    comparators: tuple[float, ...],
) -> None:
    indicator = Indicator(
        id="K", title="K", unit=unit, polarity=polarity, decimals=decimals, targets=(target,)
    )
    result = rate(indicator, actual, target, rule, last_year=last_year, comparators=comparators)
    assert result.explanation.startswith(f"{result.label}: ")
    # At the indicator's decimals, or with the fewest more that tell it from a target that
    # would be written alike (0.00% against a target of 0.03%, not 0.0% against 0.0%).
    shown = [attrs.evolve(indicator, decimals=d).format_value(actual) for d in range(decimals, 7)]
    assert any(text in result.explanation for text in shown)


# -- target with tolerance -------------------------------------------------------------------------


COLLECTION = kpi(80.0, unit=Unit.PERCENTAGE)


@pytest.mark.parametrize(
    ("actual", "expected", "words"),
    [
        (85.0, Status.GREEN, "Green: 85.0% against a target of 80.0%; better than target"),
        (80.0, Status.GREEN, "Green: 80.0% against a target of 80.0%; on target"),
        (79.9, Status.AMBER, "Amber: 79.9% against a target of 80.0%; within 5% below"),
        (76.0, Status.AMBER, "Amber: 76.0% against a target of 80.0%; within 5% below"),
        (75.9, Status.RED, "Red: 75.9% against a target of 80.0%; more than 5% below"),
    ],
)
def test_relative_tolerance_of_five_percent(actual: float, expected: Status, words: str) -> None:
    result = rating(COLLECTION, actual, TargetTolerance(tolerance=5))
    assert (result.status, result.explanation) == (expected, words)


@pytest.mark.parametrize(
    ("actual", "expected"), [(80.0, Status.GREEN), (75.0, Status.AMBER), (74.9, Status.RED)]
)
def test_absolute_tolerance_in_percentage_points(actual: float, expected: Status) -> None:
    result = rating(COLLECTION, actual, TargetTolerance(tolerance=5, mode="absolute"))
    assert result.status is expected
    if expected is not Status.GREEN:
        assert "5 percentage points below" in result.explanation


def test_absolute_tolerance_in_the_indicators_own_unit() -> None:
    days = kpi(20.0, polarity=LOWER, unit=Unit.DAYS)
    rule = TargetTolerance(tolerance=2, mode="absolute")
    assert rating(days, 22.0, rule).explanation == (
        "Amber: 22.0 days against a target of 20.0 days; within 2.0 days above"
    )
    assert status(days, 22.1, rule) is Status.RED


BENEFIT_DAYS = kpi(20.0, polarity=LOWER, unit=Unit.DAYS)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (15.0, Status.GREEN),
        (20.0, Status.GREEN),
        (21.0, Status.AMBER),
        (22.0, Status.AMBER),  # exactly 10% above
        (22.1, Status.RED),
        (23.0, Status.RED),
    ],
)
def test_lower_is_better_days_to_process_claims(actual: float, expected: Status) -> None:
    assert status(BENEFIT_DAYS, actual, TargetTolerance(tolerance=10)) is expected


def test_lower_is_better_explanation_says_above() -> None:
    result = rating(BENEFIT_DAYS, 23.0, TargetTolerance(tolerance=10))
    assert result.explanation == (
        "Red: 23.0 days against a target of 20.0 days; more than 10% above"
    )


BAND_KPI = kpi(polarity=BAND, low=40.0, high=60.0)


@pytest.mark.parametrize(
    ("actual", "expected", "side"),
    [
        (37.9, Status.RED, "below"),
        (38.0, Status.AMBER, "below"),  # 5% of the low bound, 40
        (39.9, Status.AMBER, "below"),
        (40.0, Status.GREEN, ""),
        (50.0, Status.GREEN, ""),
        (60.0, Status.GREEN, ""),
        (60.1, Status.AMBER, "above"),
        (63.0, Status.AMBER, "above"),  # 5% of the high bound, 60
        (63.1, Status.RED, "above"),
    ],
)
def test_target_band(actual: float, expected: Status, side: str) -> None:
    result = rating(BAND_KPI, actual, TargetTolerance(tolerance=5))
    assert result.status is expected
    assert "against a target of 40.0 to 60.0" in result.explanation
    assert result.explanation.endswith(f"5% {side}" if side else "on target")


def test_exceeded_by_rates_blue_only_beyond_the_margin() -> None:
    rule = TargetTolerance(tolerance=5, exceeded_by=10)
    assert status(COLLECTION, 80.0, rule) is Status.GREEN
    assert status(COLLECTION, 88.0, rule) is Status.GREEN  # better by exactly 10%
    result = rating(COLLECTION, 88.1, rule)
    assert result.status is Status.BLUE
    assert result.explanation.endswith("better by more than 10%")


def test_exceeded_by_zero_keeps_on_target_green() -> None:
    rule = TargetTolerance(exceeded_by=0)
    assert status(COLLECTION, 80.0, rule) is Status.GREEN
    assert status(COLLECTION, 80.1, rule) is Status.BLUE


def test_zero_target_lower_is_better() -> None:
    # "Zero deaths": a relative tolerance of nothing leaves no amber.
    deaths = kpi(0.0, polarity=LOWER, unit=Unit.COUNT, decimals=0)
    assert status(deaths, 0, TargetTolerance()) is Status.GREEN
    assert rating(deaths, 1, TargetTolerance()).explanation == (
        "Red: 1 against a target of 0; above a target of zero, where a relative tolerance "
        "allows none"
    )


def test_a_value_that_rounds_to_a_zero_target_is_written_finely_enough_to_differ() -> None:
    spend = kpi(0.0, polarity=LOWER, unit=Unit.MONEY, decimals=1)
    assert rating(spend, 0.02, TargetTolerance()).explanation == (
        "Red: £0.02 against a target of £0.00; above a target of zero, where a relative "
        "tolerance allows none"
    )


def test_values_that_round_alike_are_told_apart() -> None:
    rate_kpi = kpi(97.8, unit=Unit.PERCENTAGE, decimals=1)
    assert rating(rate_kpi, 97.76, TargetTolerance()).explanation == (
        "Amber: 97.76% against a target of 97.80%; within 5% below"
    )
    assert rating(rate_kpi, 97.8, TargetTolerance()).explanation == (
        "Green: 97.8% against a target of 97.8%; on target"
    )


@settings(max_examples=200, deadline=None)
@given(
    rule=rules,
    decimals=st.integers(min_value=0, max_value=6),
    target=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    ulps=st.integers(min_value=-2000, max_value=2000),
)
def test_a_value_a_hair_from_its_target_is_rated_at_any_decimals(
    rule: Rule, decimals: int, target: float, ulps: int
) -> None:
    # within a few millionths of a unit: written alike even at six decimals
    actual = target + ulps * 1e-9 * max(1.0, abs(target))
    indicator = kpi(target, decimals=decimals)
    found = rating(indicator, actual, rule, last_year=target)
    assert found.explanation.startswith(f"{found.label}: ")


def test_six_decimals_that_cannot_tell_a_value_from_its_target_write_both_alike() -> None:
    fine = kpi(80.0, decimals=6)
    assert rating(fine, 80.0000001, TargetTolerance()).explanation == (
        "Green: 80.000000 against a target of 80.000000; better than target"
    )


def test_better_than_target_is_said_so_and_equal_is_on_target() -> None:
    days = kpi(20.0, polarity=LOWER, unit=Unit.DAYS, decimals=1)
    assert rating(days, 18.0, TargetTolerance()).explanation.endswith("; better than target")
    assert rating(days, 20.0, TargetTolerance()).explanation.endswith("; on target")
    travel_rule = ToleranceWithTravel()
    assert rating(days, 19.0, travel_rule).explanation.endswith("; better than target")


def test_tolerance_boundary_holds_for_a_multi_million_pound_budget() -> None:
    # £9,233,605.60 x 1.05 = £9,695,285.88 exactly; floating point misses it by billionths.
    spend = kpi(9_233_605.60, polarity=LOWER, unit=Unit.MONEY, decimals=2)
    assert status(spend, 9_695_285.88, TargetTolerance()) is Status.AMBER
    assert status(spend, 9_695_285.89, TargetTolerance()) is Status.RED


@PROPERTY
@given(
    units=st.integers(min_value=1, max_value=10**10),
    tolerance=st.sampled_from([5, 10]),
    polarity=st.sampled_from([HIGHER, LOWER]),
)
def test_exactly_at_the_tolerance_is_amber_and_a_penny_beyond_is_red(
    units: int, tolerance: int, polarity: Polarity
) -> None:
    # Targets up to £2bn in pence, chosen so the boundary falls on a whole penny.
    target = Decimal(units * (100 // tolerance)) / 100
    step = Decimal(1 if polarity is LOWER else -1)
    boundary = target * (1 + step * tolerance / 100)
    money = kpi(float(target), polarity=polarity, unit=Unit.MONEY, decimals=2)
    rule = TargetTolerance(tolerance=tolerance)
    assert status(money, float(boundary), rule) is Status.AMBER
    assert status(money, float(boundary + step / 100), rule) is Status.RED


# -- ratio to target (Camms) ---------------------------------------------------------------------


def test_camms_ratio_lower_is_better() -> None:
    days = kpi(20.0, polarity=LOWER)
    result = rating(days, 22.0, RatioToTarget(variance=10))
    assert result.status is Status.AMBER
    assert result.explanation == (
        "Amber: 22.0 against a target of 20.0; performance 90%, lower being better (amber from 90%)"
    )
    assert status(days, 22.1, RatioToTarget(variance=10)) is Status.RED
    assert status(days, 18.0, RatioToTarget(variance=10)) is Status.GREEN


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(200.0, Status.GREEN), (180.0, Status.AMBER), (179.9, Status.RED), (240.0, Status.BLUE)],
)
def test_ratio_higher_is_better(actual: float, expected: Status) -> None:
    homes = kpi(200.0)
    assert status(homes, actual, RatioToTarget(variance=10, exceeded_at=120)) is expected


@pytest.mark.parametrize("rule", [RatioToTarget(), Bands()])
@pytest.mark.parametrize("polarity", [HIGHER, LOWER])
def test_zero_target_has_no_ratio_and_is_not_rated(rule: Rule, polarity: Polarity) -> None:
    result = rating(kpi(0.0, polarity=polarity), 5.0, rule)
    assert result.status is Status.NOT_RATED
    assert result.explanation == (
        "Not rated: 5.0 against a target of 0.0; a ratio to a target of zero or less has no meaning"
    )


# -- bands ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected", "label"),
    [
        (120.0, Status.BLUE, "Exceeded"),
        (110.0, Status.BLUE, "Exceeded"),
        (109.9, Status.GREEN, "Green"),
        (100.0, Status.GREEN, "Green"),
        (90.0, Status.AMBER, "Amber"),
        (89.9, Status.RED, "Red"),
    ],
)
def test_default_bands_with_a_blue_exceeded_label(
    actual: float, expected: Status, label: str
) -> None:
    result = rating(kpi(100.0), actual, Bands())
    assert (result.status, result.label) == (expected, label)
    assert result.explanation.startswith(f"{label}: {actual:.1f} against a target of 100.0")


def test_bands_explanation_names_the_band() -> None:
    assert rating(kpi(100.0), 110.0, Bands()).explanation == (
        "Exceeded: 110.0 against a target of 100.0; 110% of target (band from 110%)"
    )
    assert rating(kpi(100.0), 50.0, Bands()).explanation == (
        "Red: 50.0 against a target of 100.0; 50% of target (lowest band)"
    )


def test_bands_for_lower_is_better_use_the_camms_ratio() -> None:
    days = kpi(20.0, polarity=LOWER)
    assert status(days, 18.0, Bands()) is Status.BLUE  # 2 - 0.9 = 110%
    assert status(days, 20.0, Bands()) is Status.GREEN
    assert status(days, 22.0, Bands()) is Status.AMBER  # 90%
    assert status(days, 22.1, Bands()) is Status.RED


def test_council_labelled_bands() -> None:
    rule = Bands(
        bands=(
            Band(status=Status.GREEN, at_least=95, label="Achieved"),
            Band(status=Status.AMBER, at_least=85, label="Nearly"),
            Band(status=Status.RED, label="Missed"),
        )
    )
    assert rating(kpi(100.0), 95.0, rule).label == "Achieved"
    result = rating(kpi(100.0), 84.0, rule)
    assert (result.status, result.label) == (Status.RED, "Missed")
    assert result.explanation.startswith("Missed: ")


# -- first match (ClearPoint) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"), [(100.0, Status.GREEN), (90.0, Status.AMBER), (89.9, Status.RED)]
)
def test_first_match_default_higher_is_better(actual: float, expected: Status) -> None:
    assert status(kpi(100.0), actual, FirstMatch()) is expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(15.0, Status.GREEN), (20.0, Status.GREEN), (22.0, Status.AMBER), (22.1, Status.RED)],
)
def test_first_match_default_follows_lower_is_better(actual: float, expected: Status) -> None:
    # Without this, 30 days against a target of 20 rated green: ">= target" read backwards.
    assert status(kpi(20.0, polarity=LOWER), actual, FirstMatch()) is expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (35.9, Status.RED),
        (36.0, Status.AMBER),
        (40.0, Status.GREEN),
        (60.0, Status.GREEN),
        (66.0, Status.AMBER),
        (66.1, Status.RED),
    ],
)
def test_first_match_default_for_a_target_band(actual: float, expected: Status) -> None:
    assert status(BAND_KPI, actual, FirstMatch()) is expected


LOWER_CLAUSES = FirstMatch(
    clauses=(
        Clause(status=Status.GREEN, op="<=", label="On target"),
        Clause(status=Status.AMBER, op="<=", offset=2, label="Close"),
    ),
    otherwise=Status.RED,
    otherwise_label="Off target",
)


@pytest.mark.parametrize(
    ("actual", "expected", "label", "words"),
    [
        (20.0, Status.GREEN, "On target", "actual <= target"),
        (22.0, Status.AMBER, "Close", "actual <= target + 2"),
        (22.5, Status.RED, "Off target", "no rule matched"),
    ],
)
def test_first_match_custom_clauses_for_lower_is_better(
    actual: float, expected: Status, label: str, words: str
) -> None:
    result = rating(kpi(20.0, polarity=LOWER), actual, LOWER_CLAUSES)
    assert (result.status, result.label) == (expected, label)
    assert result.explanation == f"{label}: {actual:.1f} against a target of 20.0; {words}"


def test_first_match_strict_operators_exclude_the_threshold() -> None:
    rule = FirstMatch(clauses=(Clause(status=Status.GREEN, op=">"),), otherwise=Status.AMBER)
    assert status(kpi(100.0), 100.0, rule) is Status.AMBER
    assert status(kpi(100.0), 100.1, rule) is Status.GREEN


# -- tolerance with travel (Havering) --------------------------------------------------------------

HAVERING = ToleranceWithTravel()


@pytest.mark.parametrize(
    ("actual", "last_year", "expected", "ending"),
    [
        (100.0, None, Status.GREEN, "on target"),
        (91.0, None, Status.GREEN, "within 10% of target below"),
        (90.0, None, Status.GREEN, "within 10% of target below"),
        (
            80.0,
            75.0,
            Status.AMBER,
            "more than 10% of target below but better than last year (75.0)",
        ),
        (
            80.0,
            80.0,
            Status.AMBER,
            "more than 10% of target below but the same as last year (80.0)",
        ),
        (80.0, 85.0, Status.RED, "more than 10% of target below and worse than last year (85.0)"),
        (
            80.0,
            None,
            Status.RED,
            "more than 10% of target below, with no value for last year to compare",
        ),
    ],
)
def test_havering(actual: float, last_year: float | None, expected: Status, ending: str) -> None:
    result = rating(kpi(100.0), actual, HAVERING, last_year=last_year)
    assert result.status is expected
    assert (
        result.explanation == f"{expected.word}: {actual:.1f} against a target of 100.0; {ending}"
    )


def test_havering_lower_is_better() -> None:
    days = kpi(20.0, polarity=LOWER)
    assert status(days, 22.0, HAVERING, last_year=30.0) is Status.GREEN
    assert status(days, 25.0, HAVERING, last_year=30.0) is Status.AMBER
    assert status(days, 25.0, HAVERING, last_year=24.0) is Status.RED


@pytest.mark.parametrize(
    ("actual", "relative", "points"),
    [
        # Havering's "within 10%" of a 90% target: 81% or better read as 10% of the target,
        # 80% or better read as 10 percentage points.
        (81.0, Status.GREEN, Status.GREEN),
        (80.5, Status.AMBER, Status.GREEN),
        (80.0, Status.AMBER, Status.GREEN),
        (79.9, Status.AMBER, Status.AMBER),
    ],
)
def test_havering_within_ten_per_cent_or_ten_percentage_points(
    actual: float, relative: Status, points: Status
) -> None:
    planning = kpi(90.0, unit=Unit.PERCENTAGE)
    assert status(planning, actual, HAVERING, last_year=70.0) is relative
    assert status(planning, actual, ToleranceWithTravel(mode="absolute"), last_year=70.0) is points


def test_havering_explanation_says_which_tolerance() -> None:
    planning = kpi(90.0, unit=Unit.PERCENTAGE)
    as_share = rating(planning, 80.5, HAVERING, last_year=70.0).explanation
    as_points = rating(planning, 80.5, ToleranceWithTravel(mode="absolute")).explanation
    assert as_share.endswith("more than 10% of target below but better than last year (70.0%)")
    assert as_points == "Green: 80.5% against a target of 90.0%; within 10 percentage points below"
    days = rating(
        kpi(20.0, polarity=LOWER), 23.0, ToleranceWithTravel(tolerance=5, mode="absolute")
    )
    assert days.explanation == "Green: 23.0 against a target of 20.0; within 5.0 above"


def test_havering_mode_is_relative_or_absolute() -> None:
    with pytest.raises(ValueError, match="mode must be 'relative' or 'absolute'"):
        ToleranceWithTravel(mode="points")


# -- quartile --------------------------------------------------------------------------------------

NEIGHBOURS = (10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0)


@pytest.mark.parametrize(
    ("polarity", "actual", "expected", "ordinal"),
    [
        (HIGHER, 75.0, Status.GREEN, "best"),
        (HIGHER, 45.0, Status.AMBER, "second"),
        (HIGHER, 30.0, Status.AMBER, "third"),
        (HIGHER, 12.0, Status.RED, "worst"),
        (LOWER, 12.0, Status.GREEN, "best"),
        (LOWER, 75.0, Status.RED, "worst"),
    ],
)
def test_quartile_position_among_nearest_neighbours(
    polarity: Polarity, actual: float, expected: Status, ordinal: str
) -> None:
    indicator = kpi(polarity=polarity)
    result = rate(
        indicator, actual, None, Quartile(group="CIPFA nearest neighbours"), comparators=NEIGHBOURS
    )
    assert result.status is expected
    assert result.explanation == (
        f"{expected.word}: {actual:.1f}; {ordinal} quartile of 8 CIPFA nearest neighbours values"
    )


def test_quartile_needs_four_comparators() -> None:
    result = rate(kpi(), 49.0, None, Quartile(group="CIPFA"), comparators=(40.0, 45.0, 48.0))
    assert result.status is Status.NOT_RATED
    assert result.explanation == "Not rated: 49.0; needs at least 4 CIPFA values, has 3"


def test_quartile_of_a_target_band_is_not_rated() -> None:
    result = rate(BAND_KPI, 49.0, None, Quartile(), comparators=NEIGHBOURS)
    assert result.status is Status.NOT_RATED


def test_quartile_council_statuses() -> None:
    rule = Quartile(statuses=(Status.BLUE, Status.GREEN, Status.AMBER, Status.RED))
    assert rate(kpi(), 80.0, None, rule, comparators=NEIGHBOURS).status is Status.BLUE


# -- not rated, no data -------------------------------------------------------------------------


@pytest.mark.parametrize("rule", [r() for r in BUILTIN_RULES.values()])
def test_data_only_indicator_is_never_rated(rule: Rule) -> None:
    population = kpi(100.0, polarity=Polarity.NONE)
    result = rate(population, 110.0, population.target_for(Y), rule, comparators=NEIGHBOURS)
    assert result.status is Status.NOT_RATED
    assert result.explanation == "Not rated: 110.0; data only, no target"


@pytest.mark.parametrize("rule", [r() for r in BUILTIN_RULES.values()])
def test_missing_reading_is_no_data_with_the_reason(rule: Rule) -> None:
    result = rating(kpi(80.0), None, rule, missing_reason="survey paused for the election")
    assert result.status is Status.NO_DATA
    assert result.explanation == "No data: survey paused for the election"
    assert rating(kpi(80.0), None, rule).explanation == "No data: no reading"


def test_no_target_is_not_rated_for_a_rule_that_needs_one() -> None:
    result = rate(kpi(), 71.2, None, TargetTolerance())
    assert result.status is Status.NOT_RATED
    assert result.explanation == "Not rated: 71.2; no target set"


def test_a_band_target_on_a_higher_is_better_indicator_is_not_rated_not_a_crash() -> None:
    indicator = kpi(low=40.0, high=60.0)
    for rule in (TargetTolerance(), RatioToTarget(), FirstMatch(), Bands(), HAVERING):
        result = rating(indicator, 50.0, rule)
        assert result.status is Status.NOT_RATED
        assert "target-band" in result.explanation


# -- rules that fail ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(BUILTIN_RULES))
def test_a_built_in_rule_that_fails_is_a_rule_failure_naming_it(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = BUILTIN_RULES[kind]()

    def broken(_self: object, _context: object) -> None:
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(type(rule), "_verdict", broken)
    expected = f"rule kind '{kind}' .* failed in rate: ZeroDivisionError: float division by zero"
    with pytest.raises(RuleFailure, match=expected):
        rating(kpi(100.0), 90.0, rule, comparators=(1.0, 2.0, 3.0, 4.0))


def test_a_rule_built_on_a_built_in_one_is_asked_and_checked_as_a_plugins_rule_is() -> None:
    @attrs.frozen
    class Spoken(TargetTolerance):
        def rate(self, context: RatingContext) -> Rating:
            return "green"  # type: ignore[return-value]

    with pytest.raises(RuleFailure, match="rate returned 'green', not a Rating"):
        rating(kpi(100.0), 90.0, Spoken())


@PROPERTY
@given(
    st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=3),
)
def test_values_count_as_equal_within_epsilon_or_a_millionth_of_a_millionth_of_the_largest(
    values: list[float],
) -> None:
    assert _slack(*values) == max(1e-12 * max(abs(value) for value in values), EPSILON)


# -- statuses --------------------------------------------------------------------------------------


def test_every_status_has_its_own_word_and_symbol() -> None:
    words = [s.word for s in Status]
    symbols = [s.symbol for s in Status]
    assert all(words) and all(symbols)
    assert len(set(words)) == len(Status) and len(set(symbols)) == len(Status)


def test_ranks_order_red_amber_green_blue() -> None:
    ranks = [s.rank or 0 for s in (Status.RED, Status.AMBER, Status.GREEN, Status.BLUE)]
    assert 0 < ranks[0] < ranks[1] < ranks[2] < ranks[3]
    assert Status.NOT_RATED.rank is None and Status.NO_DATA.rank is None


# -- validators ----------------------------------------------------------------------------------


def test_bands_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="ordered from the highest"):
        Bands(
            bands=(
                Band(status=Status.GREEN, at_least=90),
                Band(status=Status.AMBER, at_least=100),
                Band(status=Status.RED),
            )
        )


def test_six_bands_are_refused() -> None:
    bands = tuple(Band(status=Status.GREEN, at_least=100 - i) for i in range(5))
    with pytest.raises(ValueError, match="2 to 5 bands, not 6"):
        Bands(bands=(*bands, Band(status=Status.RED)))


def test_one_band_is_refused() -> None:
    with pytest.raises(ValueError, match="2 to 5 bands, not 1"):
        Bands(bands=(Band(status=Status.GREEN),))


def test_bands_statuses_must_go_best_to_worst() -> None:
    with pytest.raises(ValueError, match="best status to the worst"):
        Bands(bands=(Band(status=Status.RED, at_least=100), Band(status=Status.GREEN)))


def test_last_band_must_catch_everything_below() -> None:
    with pytest.raises(ValueError, match="last band must have no at_least"):
        Bands(bands=(Band(status=Status.GREEN, at_least=100), Band(status=Status.RED, at_least=0)))
    with pytest.raises(ValueError, match="only the last band"):
        Bands(
            bands=(
                Band(status=Status.GREEN, at_least=100),
                Band(status=Status.AMBER),
                Band(status=Status.RED),
            )
        )


def test_quartile_statuses_must_go_best_to_worst() -> None:
    with pytest.raises(ValueError, match="best status to the worst"):
        Quartile(statuses=(Status.RED, Status.AMBER, Status.AMBER, Status.GREEN))
    with pytest.raises(ValueError, match="four statuses"):
        Quartile(statuses=(Status.GREEN, Status.AMBER, Status.RED))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True])
def test_clause_and_band_numbers_must_be_finite_numbers(bad: float) -> None:
    with pytest.raises(TypeError, match="factor must be a number"):
        Clause(status=Status.GREEN, factor=bad)
    with pytest.raises(TypeError, match="offset must be a number"):
        Clause(status=Status.GREEN, offset=bad)
    with pytest.raises(TypeError, match="at_least must be a number"):
        Band(status=Status.GREEN, at_least=bad)


def test_rules_refuse_bad_settings() -> None:
    with pytest.raises(ValueError, match="mode must be 'relative' or 'absolute'"):
        TargetTolerance(mode="percent")
    with pytest.raises(ValueError, match="tolerance must be at least 0"):
        TargetTolerance(tolerance=-5)
    with pytest.raises(ValueError, match="exceeded_at must be at least 100"):
        RatioToTarget(exceeded_at=95)
    with pytest.raises(ValueError, match="blue, green, amber or red"):
        Clause(status=Status.NOT_RATED)
    with pytest.raises(ValueError):
        Clause(status=Status.GREEN, op="=>")
