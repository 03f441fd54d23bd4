"""Calculated indicators: worked out per period from their inputs before rating, with the
inputs in the explanation; sums, means and latest values over a quarter; ratios of sums; rates
year to date against the year's target; and the findings on a calculation that cannot work."""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core import formula
from councilpmf.core.assess import assess
from councilpmf.core.audit import audit_published
from councilpmf.core.calculated import calculation_findings, readings_used, with_calculated
from councilpmf.core.checks import data_quality, golden_thread
from councilpmf.core.convert import structure
from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    LARGEST_VALUE,
    Aggregation,
    Frequency,
    Indicator,
    Polarity,
    Reading,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.periods import Period, parse_period, periods_between
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.rag import Status
from councilpmf.core.readings import Readings
from strategies import unchecked

PLAN = StrategicPlan(title="Plan", organisation="Anytown")
YEAR = parse_period("2024/25")
Q1, Q2, Q3, Q4 = (parse_period(f"2024/25 Q{n}") for n in range(1, 5))
AS_OF = dt.date(2025, 6, 30)


def count(id_: str, frequency: Frequency = Frequency.QUARTERLY, **fields: object) -> Indicator:
    return Indicator(
        id=id_,
        title=f"Count {id_}",
        unit=Unit.COUNT,
        polarity=Polarity.NONE,
        frequency=frequency,
        aggregation=Aggregation.SUM,
        decimals=0,
        **fields,  # type: ignore[arg-type]
    )


def rate(**fields: object) -> Indicator:
    values: dict[str, object] = {
        "id": "PC",
        "title": "Completed in time",
        "unit": Unit.PERCENTAGE,
        "numerator": "N",
        "denominator": "D",
        "targets": (Target(period=YEAR, value=50.0),),
    }
    values.update(fields)
    return Indicator(**values)  # type: ignore[arg-type]


def framework(*indicators: Indicator) -> Framework:
    return Framework(plan=PLAN, indicators=indicators)


def read(indicator: str, period: Period | str, value: float | None) -> Reading:
    if isinstance(period, str):
        period = parse_period(period)
    if value is None:
        return Reading(indicator=indicator, period=period, missing_reason="not supplied")
    return Reading(indicator=indicator, period=period, value=value)


def test_a_ratio_is_worked_out_before_rating_and_its_inputs_are_in_the_explanation() -> None:
    fw = framework(count("N"), count("D"), rate())
    card = assess(fw, [read("N", Q3, 360), read("D", Q3, 500)], Q3, AS_OF)
    result = card.result("PC")
    assert result.value == 72.0
    assert result.rating.status is Status.GREEN
    assert result.rating.explanation.endswith("; 72.0% = 360 of 500 (N / D)")


def test_a_ratio_of_another_unit_is_not_multiplied_by_100() -> None:
    fw = framework(count("N"), count("D"), rate(unit=Unit.RATIO, targets=()))
    index = with_calculated(fw, Readings.of([read("N", Q3, 3), read("D", Q3, 4)]))
    assert index.value("PC", Q3) == 0.75


def test_a_zero_denominator_is_missing_with_its_reason_not_an_error() -> None:
    fw = framework(count("N"), count("D"), rate())
    card = assess(fw, [read("N", Q3, 0), read("D", Q3, 0)], Q3, AS_OF)
    result = card.result("PC")
    assert result.value is None
    assert result.rating.status is Status.NO_DATA
    reading = with_calculated(fw, Readings.of([read("N", Q3, 0), read("D", Q3, 0)])).get("PC", Q3)
    assert reading is not None
    assert reading.missing_reason == "division by zero: D is 0 in Oct 2024 to Dec 2024"


def test_inputs_too_large_to_add_up_give_no_value_and_say_why() -> None:
    monthly = Frequency.MONTHLY
    fw = framework(count("N", monthly), count("D", monthly), rate())
    months = ("Oct 2024", "Nov 2024", "Dec 2024")
    # each is a number; their sum over the quarter is larger than the largest float (a reading
    # refuses such a value, but one made round its validators, as a store reads what it
    # wrote, is not refused again)
    readings = [unchecked(read(i, month, 1.0), value=1e308) for i in "ND" for month in months]
    result = assess(fw, readings, Q3, AS_OF).result("PC")
    assert (result.value, result.rating.status) == (None, Status.NO_DATA)
    assert result.missing_reason == "the sum of N over Oct 2024 to Dec 2024 is too large"
    assert "error" not in {f.severity.value for f in data_quality(fw, readings, AS_OF)}


@pytest.mark.parametrize(("numerator", "denominator"), [(1e15, 0.5), (-1e15, 1e-3)])
def test_a_result_larger_than_a_reading_may_be_gives_no_value_and_says_why(
    numerator: float, denominator: float
) -> None:
    """A calculated value is a reading, which cannot be larger than LARGEST_VALUE either way:
    a result beyond it is too large, as one beyond the largest float is; it was refused in
    the middle of the assessment."""
    fw = framework(count("N"), count("D"), rate(unit=Unit.RATIO, targets=()))
    readings = [read("N", Q3, numerator), read("D", Q3, denominator)]
    result = assess(fw, readings, Q3, AS_OF).result("PC")
    assert (result.value, result.rating.status) == (None, Status.NO_DATA)
    assert result.missing_reason == "the result is too large in Oct 2024 to Dec 2024"
    within = [read("N", Q3, LARGEST_VALUE), read("D", Q3, 1.0)]
    assert assess(fw, within, Q3, AS_OF).result("PC").value == LARGEST_VALUE


def test_a_missing_input_names_the_input_and_period_and_is_not_late_data() -> None:
    fw = framework(count("N"), count("D"), rate())
    readings = [read("N", Q3, 10), read("D", Q3, None)]
    index = with_calculated(fw, Readings.of(readings))
    reading = index.get("PC", Q3)
    assert reading is not None
    assert reading.missing_reason == "no value for D in 2024/25 Q3: not supplied"
    card = assess(fw, readings, Q3, AS_OF)
    assert card.result("PC").rating.status is Status.NO_DATA
    assert [f.code for f in card.findings if "PC" in f.message] == []


def test_a_period_with_no_input_readings_has_no_value() -> None:
    fw = framework(count("N"), count("D"), rate())
    index = with_calculated(fw, Readings.of([read("N", Q3, 10), read("D", Q3, 20)]))
    assert index.get("PC", Q2) is None


def test_monthly_inputs_are_summed_into_a_quarterly_ratio() -> None:
    fw = framework(
        count("N", Frequency.MONTHLY),
        count("D", Frequency.MONTHLY),
        rate(aggregation=Aggregation.RATIO_OF_SUMS),
    )
    readings = [
        read(name, month, value)
        for month, n, d in (("Oct 2024", 1, 10), ("Nov 2024", 9, 10), ("Dec 2024", 30, 80))
        for name, value in (("N", n), ("D", d))
    ]
    card = assess(fw, readings, Q3, AS_OF)
    # 40 of 100, not the mean of 10%, 90% and 37.5%.
    assert card.result("PC").value == 40.0
    assert card.result("PC").rating.explanation.endswith(
        "40.0% = 40 of 100 (N / D), Oct 2024 to Dec 2024"
    )


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        (Aggregation.SUM, 60.0),
        (Aggregation.AVERAGE, 20.0),
        (Aggregation.SNAPSHOT, 30.0),
        (Aggregation.CUMULATIVE, 30.0),
    ],
)
def test_an_input_adds_up_over_a_quarter_by_its_own_aggregation(
    aggregation: Aggregation, expected: float
) -> None:
    fw = framework(
        attrs.evolve(count("A", Frequency.MONTHLY), aggregation=aggregation),
        Indicator(id="F", title="F", formula="A * 1", polarity=Polarity.NONE),
    )
    readings = [read("A", m, v) for m, v in (("Oct 2024", 10), ("Nov 2024", 20), ("Dec 2024", 30))]
    assert with_calculated(fw, Readings.of(readings)).value("F", Q3) == expected


def running_totals(aggregation: Aggregation, frequency: Frequency) -> Framework:
    """A rate of two monthly running totals from the year start (as many returns give)."""
    totals = [
        attrs.evolve(count(i, Frequency.MONTHLY), aggregation=Aggregation.CUMULATIVE) for i in "ND"
    ]
    return framework(*totals, rate(aggregation=aggregation, frequency=frequency))


RUNNING = {  # month: (N so far this year, D so far this year); 50% in every quarter
    "Apr 2024": (10, 20),
    "May 2024": (10, 40),
    "Jun 2024": (30, 60),
    "Jul 2024": (40, 80),
    "Aug 2024": (45, 100),
    "Sep 2024": (60, 120),
}


@pytest.mark.parametrize(
    ("aggregation", "frequency", "period", "words"),
    [
        (Aggregation.YEAR_TO_DATE, Frequency.QUARTERLY, Q1, "30 of 60"),
        (Aggregation.YEAR_TO_DATE, Frequency.QUARTERLY, Q2, "60 of 120"),
        (Aggregation.RATIO_OF_SUMS, Frequency.QUARTERLY, Q1, "30 of 60"),
        # July to September: what was added to the totals since June.
        (Aggregation.RATIO_OF_SUMS, Frequency.QUARTERLY, Q2, "30 of 60"),
        (Aggregation.RATIO_OF_SUMS, Frequency.HALF_YEARLY, parse_period("2024/25 H1"), "60 of 120"),
    ],
)
def test_running_totals_add_up_to_what_they_grew_by_never_to_their_sum(
    aggregation: Aggregation, frequency: Frequency, period: Period, words: str
) -> None:
    fw = running_totals(aggregation, frequency)
    readings = [
        read(i, m, v) for m, pair in RUNNING.items() for i, v in zip("ND", pair, strict=True)
    ]
    index = with_calculated(fw, Readings.of(readings))
    assert index.value("PC", period) == 50.0
    assert f"50.0% = {words} (N / D)" in index.derived[("PC", period)]


def test_what_a_running_total_grew_by_needs_its_value_before_the_period() -> None:
    fw = running_totals(Aggregation.RATIO_OF_SUMS, Frequency.QUARTERLY)
    readings = [
        read(i, m, v) for m, pair in RUNNING.items() for i, v in zip("ND", pair, strict=True)
    ]
    readings = [r for r in readings if r.period != parse_period("Jun 2024") or r.indicator != "D"]
    reading = with_calculated(fw, Readings.of(readings)).get("PC", Q2)
    assert reading is not None
    assert reading.missing_reason == "no value for D in Jun 2024"


def test_a_sum_over_a_quarter_needs_every_month() -> None:
    fw = framework(count("A", Frequency.MONTHLY), Indicator(id="F", title="F", formula="A"))
    readings = [read("A", "Oct 2024", 10), read("A", "Dec 2024", 30)]
    reading = with_calculated(fw, Readings.of(readings)).get("F", Q3)
    assert reading is not None
    assert reading.missing_reason == "no value for A in Nov 2024"


def ytd_council() -> tuple[Framework, list[Reading]]:
    fw = framework(count("N"), count("D"), rate(aggregation=Aggregation.YEAR_TO_DATE))
    counts = {Q1: (10, 40), Q2: (30, 40), Q3: (20, 20), Q4: (0, 100)}
    readings = [
        read(n, p, v) for p, pair in counts.items() for n, v in zip("ND", pair, strict=True)
    ]
    readings += [read("N", "2025/26 Q1", 9), read("D", "2025/26 Q1", 10)]
    return fw, readings


def test_a_year_to_date_rate_sums_from_the_year_start_and_starts_again_next_year() -> None:
    fw, readings = ytd_council()
    index = with_calculated(fw, Readings.of(readings))
    assert index.value("PC", Q1) == 25.0
    assert index.value("PC", Q2) == 50.0
    assert index.value("PC", Q3) == 60.0
    # At the year end, the whole year: 60 of 200.
    assert index.value("PC", Q4) == 30.0
    assert index.value("PC", parse_period("2025/26 Q1")) == 90.0


def test_a_year_to_date_rate_is_rated_against_the_years_target_and_keeps_its_travel() -> None:
    fw, readings = ytd_council()
    card = assess(fw, readings, Q1, AS_OF)
    result = card.result("PC")
    # The 50% annual target as it is, never profiled to 12.5% at Q1.
    assert result.target == 50.0
    assert result.rating.status is Status.RED
    card = assess(fw, readings, Q2, AS_OF)
    result = card.result("PC")
    assert result.rating.status is Status.GREEN
    assert result.rating.explanation.endswith(
        "50.0% = 40 of 80 (N / D), year to date from Apr 2024"
    )
    assert result.short_term.explanation == "Improving: 50.0% from 25.0% in 2024/25 Q1"


def test_a_lower_is_better_calculated_indicator_is_rated_the_right_way_round() -> None:
    fw = framework(
        count("N"),
        count("D"),
        rate(polarity=Polarity.LOWER_IS_BETTER, targets=(Target(period=YEAR, value=10.0),)),
    )
    better = assess(fw, [read("N", Q3, 5), read("D", Q3, 100)], Q3, AS_OF).result("PC")
    equal = assess(fw, [read("N", Q3, 10), read("D", Q3, 100)], Q3, AS_OF).result("PC")
    worse = assess(fw, [read("N", Q3, 30), read("D", Q3, 100)], Q3, AS_OF).result("PC")
    assert (better.rating.status, equal.rating.status, worse.rating.status) == (
        Status.GREEN,
        Status.GREEN,
        Status.RED,
    )


def test_a_reading_given_for_a_calculated_indicator_is_a_finding_and_not_used() -> None:
    fw = framework(count("N"), count("D"), rate())
    readings = [read("N", Q3, 1), read("D", Q3, 4), read("PC", Q3, 99.0)]
    card = assess(fw, readings, Q3, AS_OF)
    assert card.result("PC").value == 25.0
    codes = [(f.code, f.path) for f in card.findings]
    assert ("reading-of-calculated", "$.readings[indicator=PC, period=2024/25 Q3]") in codes
    found = data_quality(fw, readings, AS_OF)
    assert [f.code for f in found if f.code == "reading-of-calculated"] == ["reading-of-calculated"]


def test_a_value_given_for_a_calculated_indicator_in_a_period_it_never_has_is_one_finding() -> None:
    fw = framework(count("N"), count("D"), rate())
    inputs = [read("N", Q3, 1), read("D", Q3, 4)]
    for period in ("2024/25 Q3 (from May)", "Nov 2024"):  # another year start; another frequency
        given = read("PC", parse_period(period), 99.0)
        path = f"$.readings[indicator=PC, period={period}]"
        by_assess = assess(fw, [*inputs, given], parse_period("2024/25"), AS_OF).findings
        by_check = data_quality(fw, [*inputs, given], AS_OF)
        for found in (by_assess, by_check):
            assert [f.code for f in found if f.path == path] == ["reading-of-calculated"]
    # a reading with no value lends nothing and is not used, so its period is what is wrong
    note_only = Reading(indicator="PC", period=parse_period("Nov 2024"), missing_reason="late")
    found = data_quality(fw, [*inputs, note_only], AS_OF)
    assert [f.code for f in found if "PC" in f.path] == ["wrong-frequency"]


def test_a_reading_for_a_calculated_indicator_lends_its_note_and_published_status() -> None:
    fw = framework(count("N"), count("D"), rate(targets=(Target(period=YEAR, value=80.0),)))
    readings = [
        read("N", Q3, 3),
        read("D", Q3, 4),
        Reading(
            indicator="PC",
            period=Q3,
            value=75.0,
            note="Two late, both complex",
            published_status="Green",
        ),
    ]
    card = assess(fw, readings, Q3, AS_OF)
    result = card.result("PC")
    assert (result.value, result.note) == (75.0, "Two late, both complex")
    # the council's own figure agrees with the worked-out one as shown: nothing is unused
    assert not [f for f in card.findings if f.code == "reading-of-calculated"]
    assert not [f for f in data_quality(fw, readings, AS_OF) if f.code == "reading-of-calculated"]
    # the published status is audited against the rating of the worked-out value (75.0% is
    # more than 5% below 80.0%: red, so "Green" disagrees)
    (entry,) = audit_published(fw, readings).entries
    assert (entry.indicator.id, entry.value, entry.published) == ("PC", 75.0, "Green")
    assert entry.rating.status is Status.RED and not entry.agrees


def test_a_value_given_that_differs_as_shown_is_named_with_both_values() -> None:
    fw = framework(count("N"), count("D"), rate())
    for figure, unused in ((75.04, False), (75.06, True), (None, False)):
        mine = Reading(
            indicator="PC",
            period=Q3,
            value=figure,
            missing_reason=None if figure is not None else "worked out by the service",
        )
        index = with_calculated(fw, Readings.of([read("N", Q3, 3), read("D", Q3, 4), mine]))
        assert index.value("PC", Q3) == 75.0
        assert (mine in index.ignored) is unused
    found = [
        f
        for f in data_quality(
            fw, [read("N", Q3, 3), read("D", Q3, 4), read("PC", Q3, 75.06)], AS_OF
        )
        if f.code == "reading-of-calculated"
    ]
    assert [f.message for f in found] == [
        "The value given for PC in 2024/25 Q3 (75.1%) is not used: PC is calculated from N, D, "
        "which give 75.0%. Its note and published status are kept; correct or remove the value."
    ]


def test_commentary_for_a_period_with_no_inputs_is_kept_with_the_reason() -> None:
    fw = framework(count("N"), count("D"), rate())
    note = Reading(
        indicator="PC", period=Q2, value=None, missing_reason="not due", note="Survey paused"
    )
    index = with_calculated(fw, Readings.of([read("N", Q3, 3), read("D", Q3, 4), note]))
    kept = index.get("PC", Q2)
    assert kept is not None
    assert (kept.value, kept.note, kept.missing_reason) == (
        None,
        "Survey paused",
        "no value for N in 2024/25 Q2",
    )
    assert index.value("PC", Q3) == 75.0
    assert index.ignored == ()


def test_a_provisional_input_makes_the_value_provisional() -> None:
    fw = framework(count("N"), count("D"), rate())
    readings = [
        Reading(indicator="N", period=Q3, value=1, status=ReadingStatus.PROVISIONAL),
        read("D", Q3, 4),
    ]
    reading = with_calculated(fw, Readings.of(readings)).get("PC", Q3)
    assert reading is not None
    assert reading.status is ReadingStatus.PROVISIONAL


def test_a_calculated_input_of_another_calculated_indicator_is_worked_out_first() -> None:
    fw = framework(
        count("N"),
        count("D"),
        rate(),
        Indicator(id="GAP", title="Gap to 100%", formula="100 - PC", unit=Unit.PERCENTAGE),
    )
    index = with_calculated(fw, Readings.of([read("N", Q3, 1), read("D", Q3, 4)]))
    assert index.value("GAP", Q3) == 75.0


def test_a_calculated_input_with_no_value_is_named_in_the_reason() -> None:
    gap = Indicator(id="GAP", title="Gap to 100%", formula="100 - PC", unit=Unit.PERCENTAGE)
    fw = framework(count("N"), count("D"), rate(), gap)
    index = with_calculated(fw, Readings.of([read("N", Q3, 1), read("D", Q3, 0)]))
    zero = "division by zero: D is 0 in Oct 2024 to Dec 2024"
    assert [index.get(i, Q3).missing_reason for i in ("PC", "GAP")] == [  # type: ignore[union-attr]
        zero,
        f"no value for PC: {zero}",
    ]
    (row,) = (r for r in assess(fw, index, Q3, as_of=AS_OF).indicators if r.indicator == "GAP")
    assert row.rating.explanation == f"No data: no value for PC: {zero}"
    # A reading missing further down is named as it is.
    index = with_calculated(fw, Readings.of([read("N", Q3, 1), read("D", Q3, None)]))
    reading = index.get("GAP", Q3)
    assert reading is not None
    assert reading.missing_reason == "no value for D in 2024/25 Q3: not supplied"


def test_a_long_chain_of_calculated_indicators_listed_in_any_order_is_worked_out() -> None:
    # Each worked out from the one after it in the file: a value is asked for before its input.
    chain = [
        Indicator(id=f"C{k}", title=f"C{k}", formula=f"C{k - 1} + 1") for k in range(600, 0, -1)
    ]
    fw = framework(*chain, count("C0"))
    index = with_calculated(fw, Readings.of([read("C0", Q3, 1)]))
    assert index.value("C600", Q3) == 601.0
    assert index.derived[("C600", Q3)] == "601.0 = C599 + 1 with C599 600.0"
    # A period whose reading is missing deep down the chain says so at the top.
    index = with_calculated(fw, Readings.of([read("C0", Q3, None)]))
    reading = index.get("C600", Q3)
    assert reading is not None and reading.value is None
    assert reading.missing_reason == "no value for C0 in 2024/25 Q3: not supplied"


def test_a_long_chain_of_monthly_indicators_under_a_quarterly_one_says_which_month_is_missing() -> (
    None
):
    chain = [
        Indicator(id=f"M{k}", title=f"M{k}", frequency=Frequency.MONTHLY, formula=f"M{k - 1} * 1")
        for k in range(400, 0, -1)
    ]
    quarterly = Indicator(id="Q", title="Q", formula="M400")
    fw = framework(quarterly, *chain, count("M0", Frequency.MONTHLY))
    # Only October: the quarter's snapshot is December's value, asked of the whole chain.
    index = with_calculated(fw, Readings.of([read("M0", "Oct 2024", 5)]))
    assert index.value("M400", parse_period("Oct 2024")) == 5.0
    reading = index.get("Q", Q3)
    assert reading is not None and reading.value is None
    assert reading.missing_reason == "no value for M0 in Dec 2024"


def test_a_long_chain_of_monthly_ratios_of_sums_under_a_quarterly_one_is_worked_out() -> None:
    # Over the quarter each ratio of sums is its numerator's sum over the quarter's sum of D.
    chain = [
        Indicator(
            id=f"R{k}",
            title=f"R{k}",
            frequency=Frequency.MONTHLY,
            aggregation=Aggregation.RATIO_OF_SUMS,
            numerator=f"R{k - 1}",
            denominator="D",
        )
        for k in range(400, 0, -1)
    ]
    quarterly = Indicator(id="Q", title="Q", formula="R400")
    fw = framework(quarterly, *chain, count("R0", Frequency.MONTHLY), count("D", Frequency.MONTHLY))
    months = ("Oct 2024", "Nov 2024", "Dec 2024")
    given = [read("R0", m, 1) for m in months] + [
        read("D", m, d) for m, d in zip(months, (0.5, 0.25, 0.25), strict=True)
    ]
    assert with_calculated(fw, Readings.of(given)).value("Q", Q3) == 3.0


def test_each_value_worked_out_says_how_and_no_other_period_does() -> None:
    fw = framework(count("N"), count("D"), count("OTHER"), rate())
    given = [read("N", q, n) for q, n in ((Q1, 1), (Q2, 2), (Q3, 3))]
    given += [read("D", q, d) for q, d in ((Q1, 4), (Q2, 0), (Q3, None))]
    given.append(read("OTHER", Q1, 7))
    index = with_calculated(fw, Readings.of(given))
    # Q2 divides by zero and Q3 has no denominator: neither has a value, so neither says how.
    assert dict(index.derived) == {("PC", Q1): "25.0% = 1 of 4 (N / D)"}
    assert index.derived.get(("PC", Q2)) is None and len(index.derived) == 1
    # Asked for again, the same words; the readings of an indicator no calculation reads are
    # passed through as they were.
    assert index.derived[("PC", Q1)] == "25.0% = 1 of 4 (N / D)"
    assert index.get("OTHER", Q1) is given[-1]


def test_the_readings_a_calculation_reads_are_its_inputs_and_the_calculated_ones() -> None:
    fw = framework(
        count("N"),
        count("D"),
        count("OTHER"),
        rate(),
        Indicator(id="GAP", title="Gap to 100%", formula="100 - PC", unit=Unit.PERCENTAGE),
    )
    assert readings_used(fw) == {"N", "D", "PC", "GAP"}
    assert readings_used(framework(count("N"))) == frozenset()


def paths(fw: Framework, code: str) -> list[str]:
    return [f.path for f in calculation_findings(fw) if f.code == code]


def test_an_unknown_input_is_an_error_at_its_field() -> None:
    fw = framework(count("N"), rate(denominator="ZZ"))
    assert paths(fw, "unknown-input") == ["$.indicators[1].denominator"]
    assert "unknown-input" in [f.code for f in golden_thread(fw)]
    # And assessing it is no data, with the reason, never an exception.
    index = with_calculated(fw, Readings.of([read("N", Q3, 1)]))
    reading = index.get("PC", Q3)
    assert reading is not None
    assert reading.missing_reason == "ZZ is not one of the indicators"


def test_a_calculation_that_comes_back_to_itself_is_an_error_and_never_loops() -> None:
    fw = framework(
        count("N"),
        Indicator(id="A", title="A", formula="B + N"),
        Indicator(id="B", title="B", formula="A * 2"),
        Indicator(id="S", title="S", formula="S + 1"),
    )
    assert paths(fw, "calculation-cycle") == [
        "$.indicators[1].formula",
        "$.indicators[2].formula",
        "$.indicators[3].formula",
    ]
    index = with_calculated(fw, Readings.of([read("N", Q3, 1)]))
    reading = index.get("A", Q3)
    assert reading is not None
    assert reading.value is None
    assert "uses its own value" in (reading.missing_reason or "")


def test_a_calculation_that_reads_a_loop_finished_earlier_is_in_the_loop_too() -> None:
    # A and B read each other; C reads B, and A reads C after B: C comes back to itself
    # through B and A, though the search finished with B before it came to C.
    fw = framework(
        Indicator(id="A", title="A", formula="B + C"),
        Indicator(id="B", title="B", formula="A"),
        Indicator(id="C", title="C", formula="B"),
        Indicator(id="D", title="D", formula="A"),
    )
    assert paths(fw, "calculation-cycle") == [f"$.indicators[{i}].formula" for i in range(3)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.integers(min_value=0, max_value=9), max_size=3), min_size=1, max_size=10),
)
def test_a_calculation_is_in_a_cycle_exactly_when_its_inputs_lead_back_to_it(
    inputs: list[list[int]],
) -> None:
    # Indicator K<n> reads the indicators numbered in inputs[n]; a number with no calculated
    # indicator of its own is N, which has readings (or an unknown id past the end).
    names = [f"K{n}" for n in range(len(inputs))]

    def name(n: int) -> str:
        return names[n] if n < len(names) else "N"

    fw = framework(
        count("N"),
        *(
            Indicator(id=names[n], title=names[n], formula=" + ".join(map(name, refs)) or "N")
            for n, refs in enumerate(inputs)
        ),
    )

    def reaches(n: int) -> set[int]:
        seen: set[int] = set()
        waiting = [r for r in inputs[n] if r < len(inputs)]
        while waiting:
            m = waiting.pop()
            if m not in seen:
                seen.add(m)
                waiting.extend(r for r in inputs[m] if r < len(inputs))
        return seen

    expected = [f"$.indicators[{n + 1}].formula" for n in range(len(inputs)) if n in reaches(n)]
    assert paths(fw, "calculation-cycle") == expected


def test_a_bare_number_that_is_also_an_id_is_an_error_and_gives_no_value() -> None:
    # LG Inform's metric ids are numbers: 101 written bare is the number, never the indicator,
    # so a council that meant the indicator would get a value worked out from the number 101.
    fw = framework(
        count("101"),
        count("D"),
        Indicator(id="C", title="C", formula="100 * 101 / D"),
        Indicator(id="E", title="E", formula="100 * [101] / D + 101.0 - 101e0"),
    )
    (finding,) = [f for f in calculation_findings(fw) if f.code == "ambiguous-number"]
    assert finding.path == "$.indicators[2].formula"
    assert "write [101] for that indicator's value, or 101.0 for the number" in finding.message
    index = with_calculated(fw, Readings.of([read("101", Q3, 30), read("D", Q3, 60)]))
    c, e = index.get("C", Q3), index.get("E", Q3)
    assert c is not None and c.value is None
    assert "101 is written bare, so it is the number 101" in (c.missing_reason or "")
    assert e is not None and e.value == 50.0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=3),
        min_size=1,
        max_size=9,
    ),
)
def test_a_calculation_has_a_value_for_every_period_of_every_input_it_leads_back_to(
    inputs: list[list[int]],
) -> None:
    # K<n> reads the indicators numbered in inputs[n]: another K, or past them one of three
    # with readings, L0 to L2, each read in a quarter of its own. A calculated indicator has
    # a value (or the reason it has none) for the quarters of the readings it leads back to,
    # through however many others, loops included.
    names = [f"K{n}" for n in range(len(inputs))]
    leaves = ["L0", "L1", "L2"]
    quarters = {"L0": Q1, "L1": Q2, "L2": Q3}

    def name(n: int) -> str:
        return names[n] if n < len(names) else leaves[n % 3]

    fw = framework(
        *(count(leaf) for leaf in leaves),
        *(
            Indicator(id=names[n], title=names[n], formula=" + ".join(map(name, refs)))
            for n, refs in enumerate(inputs)
        ),
    )

    def reached(n: int) -> set[str]:
        seen: set[int] = set()
        found: set[str] = set()
        waiting = list(inputs[n])
        while waiting:
            m = waiting.pop()
            if m >= len(names):
                found.add(name(m))
            elif m not in seen:
                seen.add(m)
                waiting.extend(inputs[m])
        return found

    index = with_calculated(fw, Readings.of([read(leaf, quarters[leaf], 1) for leaf in leaves]))
    for n, calculated in enumerate(names):
        periods = {period for (i, period) in index.index if i == calculated}
        assert periods == {quarters[leaf] for leaf in reached(n)}, calculated


def test_an_input_reported_less_often_is_an_error() -> None:
    fw = framework(count("N", Frequency.ANNUAL), count("D"), rate())
    assert paths(fw, "input-frequency") == ["$.indicators[2].numerator"]


def test_a_ratio_of_sums_with_nothing_to_sum_is_an_error() -> None:
    fw = framework(Indicator(id="R", title="R", aggregation=Aggregation.RATIO_OF_SUMS))
    assert paths(fw, "ratio-of-sums-inputs") == ["$.indicators[0].aggregation"]


def test_a_percentage_declared_cumulative_gets_a_note_saying_what_to_declare() -> None:
    fw = framework(
        Indicator(id="P", title="P", unit=Unit.PERCENTAGE, aggregation=Aggregation.CUMULATIVE),
        Indicator(id="M", title="M", unit=Unit.MONEY, aggregation=Aggregation.CUMULATIVE),
    )
    (finding,) = calculation_findings(fw)
    assert (finding.code, finding.path) == ("cumulative-rate", "$.indicators[0].aggregation")
    assert 'declare aggregation "year to date"' in finding.message
    assert "12.5%" in finding.message


def test_a_summed_indicators_target_is_shared_out_by_months() -> None:
    indicator = count("N", targets=(Target(period=YEAR, value=1200.0),))
    target = indicator.target_for(Q3)
    assert target is not None
    assert target.value == 300.0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"numerator": "N"}, "$.indicators[3].denominator: denominator must be given with"),
        ({"denominator": "D"}, "$.indicators[3].numerator: numerator must be given with"),
        (
            {"numerator": "N", "denominator": "D", "formula": "N"},
            "$.indicators[3].formula: formula must not be given with numerator and denominator",
        ),
        (
            {"formula": "N / (D"},
            "$.indicators[3].formula: formula must be a formula over indicator ids: column 7: "
            "expected ')', not the end of the formula",
        ),
        ({"formula": "évaluation(N)"}, "$.indicators[3].formula: formula must be a formula"),
        (
            {"formula": "(" * 50 + "N" + ")" * 50},
            "indicator ids: column 42: nested more than 40 deep",
        ),
        (
            {"formula": "N + " * 600 + "N"},
            "indicator ids: a formula may be at most 2000 characters",
        ),
        ({"formula": "eval(N)"}, "indicator ids: column 1: unknown function 'eval'"),
        ({"formula": "N +\n  * D"}, "indicator ids: line 2, column 3: expected a number"),
        ({"formula": ""}, "indicator ids: a formula must not be empty"),
        # Ids that are numbers, written bare, are numbers: the formula reads no indicator.
        (
            {"formula": "100 * 101 / 102"},
            "indicator ids: it reads none; an id that is a number is written in square brackets",
        ),
        ({"formula": 12}, "$.indicators[3].formula: expected text, not 12"),
        ({"numerator": ""}, "$.indicators[3].numerator: numerator must not be empty"),
    ],
)
def test_a_bad_calculation_is_refused_in_one_line_naming_file_and_field(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        structure(
            {"id": "C", "title": "C", **fields},
            Indicator,
            source="indicators.toml",
            path="$.indicators[3]",
        )
    (problem,) = caught.value.problems
    assert problem.startswith("indicators.toml: $.indicators[3]")
    assert message in problem
    assert "\n" not in problem


# -- properties ---------------------------------------------------------------------------------

counts_ = st.integers(min_value=0, max_value=10_000)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(counts_, counts_), min_size=12, max_size=12), st.randoms())
def test_ratio_of_sums_is_the_sum_over_the_sum_whatever_the_order(
    months: list[tuple[int, int]], random: object
) -> None:
    fw = framework(
        count("N", Frequency.MONTHLY),
        count("D", Frequency.MONTHLY),
        rate(aggregation=Aggregation.RATIO_OF_SUMS),
        rate(id="YTD", aggregation=Aggregation.YEAR_TO_DATE, frequency=Frequency.QUARTERLY),
    )
    every = periods_between(parse_period("Apr 2024"), parse_period("Mar 2025"))
    readings = [
        read(name, month, value)
        for month, (n, d) in zip(every, months, strict=True)
        for name, value in (("N", n), ("D", d))
    ]
    shuffled = list(readings)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    index = with_calculated(fw, Readings.of(readings))
    again = with_calculated(fw, Readings.of(shuffled))
    assert index.index == again.index
    for q, quarter in enumerate((Q1, Q2, Q3, Q4)):
        n = math.fsum(m[0] for m in months[3 * q : 3 * q + 3])
        d = math.fsum(m[1] for m in months[3 * q : 3 * q + 3])
        assert index.value("PC", quarter) == (None if d == 0 else 100 * n / d)
        ytd_n = math.fsum(m[0] for m in months[: 3 * q + 3])
        ytd_d = math.fsum(m[1] for m in months[: 3 * q + 3])
        assert index.value("YTD", quarter) == (None if ytd_d == 0 else 100 * ytd_n / ytd_d)


numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3))


@settings(max_examples=60, deadline=None)
@given(numbers, numbers, numbers)
def test_a_formula_indicator_equals_the_same_arithmetic_done_directly(
    a: float, b: float, c: float
) -> None:
    fw = framework(
        *(Indicator(id=i, title=i, polarity=Polarity.NONE) for i in ("A", "B", "C")),
        Indicator(id="F", title="F", formula="(A - B) * 2 + max(A, C) / 4 - abs(C)"),
    )
    readings = [read("A", Q3, a), read("B", Q3, b), read("C", Q3, c)]
    value = with_calculated(fw, Readings.of(readings)).value("F", Q3)
    assert value == (a - b) * 2 + max(a, c) / 4 - abs(c)


# A calculated indicator's definition is its inputs': where an input's definition changed, the
# calculated value's did too, so travel never compares it across that point.
Q1_LAST_YEAR, Q3_LAST_YEAR, Q4_LAST_YEAR = (parse_period(f"2023/24 Q{n}") for n in (1, 3, 4))
QUARTERS = periods_between(Q1_LAST_YEAR, Q4)


def travel_of(fw: Framework, indicator: str, period: Period) -> tuple[str, str]:
    """The short and long term explanations of ``indicator`` for ``period``, with PC rising
    every quarter (N grows by 10 a quarter over a steady D)."""
    readings = [
        read(name, quarter, value)
        for i, quarter in enumerate(QUARTERS)
        for name, value in (("N", 100 + 10 * i), ("D", 1000), ("E", 4), ("A", 10 + i), ("B", 5))
    ]
    result = assess(fw, readings, period, AS_OF).result(indicator)
    return result.short_term.explanation, result.long_term.explanation


IMPROVING_SHORT = "Improving: 16.0% from 15.0% in 2024/25 Q2"
IMPROVING_LONG = "Improving: 16.0% from 12.0% in 2023/24 Q3"


@pytest.mark.parametrize("changed", ["N", "D"])
@pytest.mark.parametrize(
    ("series_break", "short", "long"),
    [
        # The break at the period compared: neither comparison is valid.
        (
            "2024/25 Q3",
            "the definition of {} changed in 2024/25 Q3",
            "the definition of {} changed in 2024/25 Q3",
        ),
        # One before: the previous quarter is on the new definition too, last year's is not.
        ("2024/25 Q2", None, "the definition of {} changed in 2024/25 Q2"),
        # One after: both comparisons are on the old definition.
        ("2024/25 Q4", None, None),
        # At last year's quarter: that quarter is on the new definition already.
        ("2023/24 Q3", None, None),
        # Just after last year's quarter: the long term comparison crosses it.
        ("2023/24 Q4", None, "the definition of {} changed in 2023/24 Q4"),
    ],
)
def test_a_ratio_is_not_compared_across_its_numerators_or_denominators_break(
    changed: str, series_break: str, short: str | None, long: str | None
) -> None:
    fw = framework(
        count("N", series_break=series_break) if changed == "N" else count("N"),
        count("D", series_break=series_break) if changed == "D" else count("D"),
        rate(polarity=Polarity.HIGHER_IS_BETTER),
    )
    expected = (
        IMPROVING_SHORT if short is None else f"No valid comparison: {short.format(changed)}",
        IMPROVING_LONG if long is None else f"No valid comparison: {long.format(changed)}",
    )
    assert travel_of(fw, "PC", Q3) == expected
    # The input itself, a count of no better direction, says its own definition changed.
    own_short, _ = travel_of(fw, changed, Q3)
    if short is not None:
        assert own_short == f"No valid comparison: the definition changed in {series_break}"


def test_a_calculated_indicators_own_break_is_named_before_its_inputs() -> None:
    fw = framework(
        count("N", series_break="2024/25 Q3"),
        count("D"),
        rate(polarity=Polarity.HIGHER_IS_BETTER, series_break="2024/25 Q3"),
    )
    assert travel_of(fw, "PC", Q3)[0] == (
        "No valid comparison: the definition changed in 2024/25 Q3"
    )


def test_a_break_reaches_through_a_chain_two_deep() -> None:
    # TOP is worked out from PC, which is worked out from N: N's break is TOP's too, whatever
    # order the indicators are listed in.
    top = Indicator(id="TOP", title="Scaled", polarity=Polarity.HIGHER_IS_BETTER, formula="PC * E")
    fw = framework(
        top,
        rate(polarity=Polarity.HIGHER_IS_BETTER),
        count("N", series_break="2024/25 Q2"),
        count("D"),
        count("E"),
    )
    short, long = travel_of(fw, "TOP", Q3)
    assert short == "Improving: 64.0 from 60.0 in 2024/25 Q2"
    assert long == "No valid comparison: the definition of N changed in 2024/25 Q2"
    assert travel_of(fw, "TOP", Q2)[0] == (
        "No valid comparison: the definition of N changed in 2024/25 Q2"
    )
    assert fw.series_breaks["TOP"] == fw.series_breaks["PC"] == fw.series_breaks["N"]
    assert "D" not in fw.series_breaks and "E" not in fw.series_breaks


def test_a_formula_over_inputs_with_breaks_at_different_periods() -> None:
    fw = framework(
        count("A", series_break="2024/25 Q2"),
        count("B", series_break="2023/24 Q4"),
        count("E"),
        Indicator(id="F", title="F", polarity=Polarity.HIGHER_IS_BETTER, formula="A + B + E"),
    )
    no = "No valid comparison: the definition of {} changed in {}"
    # Q3 against Q2: both after A's break and B's; against last year's Q3: across both, the
    # first input named is named.
    assert travel_of(fw, "F", Q3) == (
        "Improving: 25.0 from 24.0 in 2024/25 Q2",
        no.format("A", "2024/25 Q2"),
    )
    # Q2 against Q1: across A's break alone.
    assert travel_of(fw, "F", Q2)[0] == no.format("A", "2024/25 Q2")
    # Last year's Q4 against its Q3: across B's break alone.
    assert travel_of(fw, "F", Q4_LAST_YEAR)[0] == no.format("B", "2023/24 Q4")
    # Last year's Q3 against its Q2: before every break.
    assert travel_of(fw, "F", Q3_LAST_YEAR)[0] == "Improving: 21.0 from 20.0 in 2023/24 Q2"


def test_series_breaks_follow_a_cycle_without_end() -> None:
    # A calculation that uses its own value is a finding for validate; its breaks still end.
    fw = framework(
        Indicator(id="X", title="X", formula="Y + 1", series_break="2024/25 Q2"),
        Indicator(id="Y", title="Y", formula="X * 2"),
    )
    assert [b.of for b in fw.series_breaks["Y"]] == ["X"]
    assert [b.of for b in fw.series_breaks["X"]] == ["X"]


def test_each_formula_is_read_once_however_often_its_framework_is_checked_copied_and_assessed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read_texts: list[str] = []

    class Counting(formula._Parser):
        def __init__(self, text: str) -> None:
            read_texts.append(text)
            super().__init__(text)

    monkeypatch.setattr(formula, "_Parser", Counting)
    # Texts no other test writes, so none has been read before; a numeric id (101) makes every
    # assessment look for numbers in the formulas that could mean an indicator.
    texts = ("[101] + ONCE_B * 1", "ONCE_B / 2 + [101]")
    inputs = [count("101"), count("ONCE_B")]
    sums = [count(f"ONCE_{n}", formula=text) for n, text in enumerate(texts)]
    fw = framework(*inputs, *sums)
    readings = [read(i, Q1, 10.0) for i in ("101", "ONCE_B")]
    for copy in (fw, attrs.evolve(fw, indicators=(*inputs, *map(attrs.evolve, sums)))):
        assert not [f for f in golden_thread(copy) if f.code == "ambiguous-number"]
        for _ in range(2):
            card = assess(copy, readings, Q1, AS_OF)
            assert (card.result("ONCE_0").value, card.result("ONCE_1").value) == (20.0, 15.0)
    assert sorted(read_texts) == sorted(texts)
    with pytest.raises(formula.FormulaError):  # a text that is not a formula is never kept
        formula.parse_formula("ONCE_B +")
    with pytest.raises(formula.FormulaError):
        formula.parse_formula("ONCE_B +")
    assert read_texts[2:] == ["ONCE_B +", "ONCE_B +"]
