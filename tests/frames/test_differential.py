"""The columnar engine gives the core's answers: generated frameworks and readings, every built-in
rule kind, both polarities and target bands, every aggregation (cumulative ones profiled),
calculated indicators (ratios and formulas, over inputs of their own frequency or finer, whose
series breaks, their own and their inputs', stop travel), monthly to annual frequencies, years
that start in January, April, July or September, year ends, missing and duplicate readings,
readings in every state of approval (and as a report of approved figures reads them, a figure
not approved left without a value), readings (and targets, comparator values and series breaks)
of periods no indicator can use (of another kind, or of its kind in years that start in another
month), and the tolerance-with-travel rule across series breaks, which leave it no value of last
year to compare with. Each row of ``assess_frame`` is checked against ``councilpmf.assess`` for
that indicator and period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilpmf.core.approval import approved_only
from councilpmf.core.assess import Readings, assess
from councilpmf.core.calculated import with_calculated
from councilpmf.core.convert import unstructure
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    Aggregation,
    Approval,
    ComparatorGroup,
    Indicator,
    Polarity,
    Reading,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.periods import (
    MONTHS,
    FinancialYear,
    Frequency,
    HalfYear,
    Month,
    Period,
    Quarter,
    containing,
    parse_period,
    periods_between,
)
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.rag import (
    RatioToTarget,
    TargetTolerance,
    ToleranceWithTravel,
)
from councilpmf.frames import READING_COLUMNS, assess_frame
from strategies import rules

pytestmark = [
    # A deprecated polars call fails here, before it breaks on the next polars release.
    pytest.mark.filterwarnings("error::DeprecationWarning"),
    # The generated readings include some of other periods than their indicators report for,
    # on purpose: the engine leaves them out as the core does, and warns
    # (tests/frames/test_frames.py checks the warning), which here would only repeat itself.
    pytest.mark.filterwarnings("ignore::councilpmf.frames.UnusedReadingsWarning"),
]

AS_OF = dt.date(2031, 1, 1)
FIRST_DAY, LAST_DAY = dt.date(2021, 1, 1), dt.date(2024, 6, 30)
# Multiples of a target that sit on or near the usual boundaries (5%, 10%, 90%, 110%).
FACTORS = (0.0, 0.5, 0.899, 0.9, 0.9000001, 0.95, 0.98, 1.0, 1.02, 1.05, 1.1, 1.1000001, 2.0)

any_rule = st.one_of(
    rules,
    st.sampled_from(
        [
            TargetTolerance(),
            RatioToTarget(),
            ToleranceWithTravel(),
            # Havering's "within 10%" read as percentage points.
            ToleranceWithTravel(mode="absolute"),
        ]
    ),
)


def own_periods(frequency: Frequency, start_month: int) -> tuple[Period, ...]:
    return periods_between(
        containing(FIRST_DAY, frequency, start_month), containing(LAST_DAY, frequency, start_month)
    )


@st.composite
def unusable_periods(draw: st.DrawFn, frequency: Frequency, start_month: int) -> Period:
    """A period no reading of an indicator of ``frequency`` can be its value for, in a council
    whose years start in ``start_month``: of another kind, or of its kind in years that start
    in another month (a calendar quarter in a council on the financial year, the same months
    as one of its own quarters or across two of them)."""
    kind = draw(st.sampled_from(list(Frequency)))
    if kind is frequency is Frequency.MONTHLY:
        kind = Frequency.QUARTERLY  # a month is a month in any year
    starts = [m for m in range(1, 13) if kind is not frequency or m != start_month]
    return draw(st.sampled_from(own_periods(kind, draw(st.sampled_from(starts)))))


def own_or_unusable(frequency: Frequency, start_month: int) -> st.SearchStrategy[Period]:
    """Mostly one of the periods of ``frequency``, now and then one that cannot be."""
    own = st.sampled_from(own_periods(frequency, start_month))
    return st.one_of(own, own, own, unusable_periods(frequency, start_month))


def calculated_breaks(frequency: Frequency, start_month: int) -> st.SearchStrategy[Period | None]:
    """A calculated indicator's own series break, if any: one of its periods, a month within
    one, or a period of another kind; its inputs' breaks apply to it too."""
    return (
        st.none()
        | own_or_unusable(frequency, start_month)
        | own_or_unusable(Frequency.MONTHLY, start_month)
    )


@st.composite
def target_periods(draw: st.DrawFn, start_month: int) -> Period:
    year = draw(st.integers(2020, 2024))
    kind = draw(st.sampled_from(["year", "year", "quarter", "month", "other-year", "other"]))
    if kind == "year":
        return FinancialYear(year=year, start_month=start_month)
    if kind == "quarter":
        return Quarter(year=year, number=draw(st.integers(1, 4)), start_month=start_month)
    if kind == "month":
        return Month(year=year, month=draw(st.integers(1, 12)))
    if kind == "other":
        # A quarter or half of years that start in another month: the same months as one of
        # the council's own, or overlapping two of them.
        start = draw(st.sampled_from([1, 2, 4, 7]))
        if draw(st.booleans()):
            return Quarter(year=year, number=draw(st.integers(1, 4)), start_month=start)
        return HalfYear(year=year, number=draw(st.integers(1, 2)), start_month=start)
    # Years that start in another month overlap the council's own: not nested.
    return FinancialYear(year=year, start_month=draw(st.sampled_from([1, 4, 7])))


@st.composite
def targets(draw: st.DrawFn, start_month: int) -> Target:
    period = draw(target_periods(start_month))
    value = draw(st.sampled_from([80.0, 100.0, 1200.0, 0.0, -40.0, 12.5]))
    choice = draw(st.integers(0, 7))
    width = draw(st.sampled_from([0.0, 10.0, 25.0]))
    if choice <= 1:
        middle = None if draw(st.booleans()) else value
        return Target(period=period, value=middle, low=value - width, high=value + width)
    if choice == 2:
        # One end alone, beside the value: not a band.
        end = {"low": value - width} if draw(st.booleans()) else {"high": value + width}
        return Target(period=period, value=value, **end)
    return Target(period=period, value=value)


@st.composite
def yearly(draw: st.DrawFn, start_month: int) -> list[Target]:
    """Most councils set a target for every year."""
    if draw(st.integers(0, 3)) == 0:
        return []
    value = draw(st.sampled_from([80.0, 100.0, 1200.0, 0.0, -40.0]))
    return [
        Target(period=FinancialYear(year=y, start_month=start_month), value=value)
        for y in range(2020, 2025)
    ]


@st.composite
def indicators(draw: st.DrawFn, number: int, start_month: int) -> Indicator:
    frequency = draw(st.sampled_from(list(Frequency)))
    return Indicator(
        id=f"K{number}",
        title=f"Indicator {number}",
        unit=draw(st.sampled_from(list(Unit))),
        polarity=draw(st.sampled_from(list(Polarity))),
        frequency=frequency,
        aggregation=draw(st.sampled_from(list(Aggregation))),
        decimals=draw(st.integers(0, 2)),
        targets=tuple(draw(yearly(start_month)) + draw(st.lists(targets(start_month), max_size=3))),
        rule=draw(st.none() | any_rule),
        series_break=draw(st.none() | own_or_unusable(frequency, start_month)),
    )


def anchors(indicator: Indicator) -> list[float]:
    """Values worth trying: the targets, their bounds, and shares of them (profiling)."""
    found = [1.0, 50.0]
    for target in indicator.targets:
        found += [v for v in (target.value, target.low, target.high) if v is not None]
    return found + [a * share / 12 for a in found[:4] for share in (1, 3, 6)]


@st.composite
def values(draw: st.DrawFn, indicator: Indicator) -> float | None:
    choice = draw(st.integers(0, 14))
    if choice == 0:
        return None
    if choice <= 10:
        return draw(st.sampled_from(anchors(indicator))) * draw(st.sampled_from(FACTORS))
    return round(draw(st.floats(min_value=-100, max_value=2000)), draw(st.integers(0, 3)))


def reading(
    indicator: str,
    period: Period,
    value: float | None,
    final: bool = True,
    note: str = "",
    published_status: str = "",
    approval: str = "approved",
    reason: str = "late",
) -> Reading:
    status = ReadingStatus.FINAL if final else ReadingStatus.PROVISIONAL
    words = {
        "status": status,
        "note": note,
        "published_status": published_status,
        "approval": approval,
    }
    if value is None:
        return Reading(indicator=indicator, period=period, missing_reason=reason, **words)
    return Reading(indicator=indicator, period=period, value=value, **words)


# Most readings are final and have no note.
finals = st.sampled_from([True, True, True, False])
notes = st.sampled_from(["", "", "", "Fewer crews in August", "Estimate; audited figure due"])
# Most readings are approved; some wait for approval, as submitted figures or drafts.
approvals = st.sampled_from(["approved", "approved", "approved", "submitted", "draft"])
# Why a figure is missing, in a council's words.
reasons = st.sampled_from(["late", "System outage", "Not collected: survey cancelled"])


@st.composite
def councils(draw: st.DrawFn) -> tuple[Framework, list[Reading], list[ComparatorGroup]]:
    start_month = draw(st.sampled_from([4, 4, 1, 9, 7]))
    count = draw(st.integers(1, 3))
    built = [draw(indicators(number, start_month)) for number in range(count)]
    found: list[Reading] = []
    groups: list[ComparatorGroup] = []
    for number, indicator in enumerate(built):
        own = own_periods(indicator.frequency, start_month)
        # A run of periods with a few gaps, as councils record them.
        first = draw(st.integers(0, len(own) - 1))
        last = draw(st.integers(first, len(own) - 1))
        gaps = draw(st.sets(st.integers(first, last), max_size=3))
        chosen = [own[i] for i in range(first, last + 1) if i not in gaps]
        if chosen and draw(st.integers(0, 2)) == 0:
            # A change of definition within the run, where travel (and, for an input, the
            # travel of what is worked out from it) has values on both sides to compare.
            built[number] = indicator = attrs.evolve(
                indicator, series_break=draw(st.sampled_from(chosen))
            )
        found += [
            reading(
                indicator.id,
                p,
                draw(values(indicator)),
                draw(finals),
                draw(notes),
                "",
                draw(approvals),
                draw(reasons),
            )
            for p in chosen
        ]
        if own and draw(st.booleans()):
            # A second reading for one period: final beats provisional, else the later wins.
            period = draw(st.sampled_from(own))
            found.append(
                reading(
                    indicator.id,
                    period,
                    draw(values(indicator)),
                    draw(st.booleans()),
                    draw(notes),
                    approval=draw(approvals),
                    reason=draw(reasons),
                )
            )
        for period in draw(st.lists(own_or_unusable(indicator.frequency, start_month), max_size=4)):
            # Nearest neighbours' values, for the quartile rule.
            among = draw(st.lists(st.sampled_from(anchors(indicator)), min_size=2, max_size=7))
            groups.append(
                ComparatorGroup(
                    indicator=indicator.id, period=period, group="CIPFA", values=tuple(among)
                )
            )
        if draw(st.integers(0, 2)) == 0:
            # Readings of periods it cannot use: never the indicator's own value.
            for other in draw(
                st.lists(unusable_periods(indicator.frequency, start_month), max_size=3)
            ):
                found.append(
                    reading(indicator.id, other, draw(values(indicator)), note=draw(notes))
                )
    if count >= 2 and draw(st.booleans()):
        built += draw(calculated(built, start_month))
        for indicator in built[count:]:
            if draw(st.integers(0, 3)) == 0:
                # A reading given for a calculated indicator: its value never used, its note
                # and published status lent to the reading worked out.
                period = draw(own_or_unusable(indicator.frequency, start_month))
                published = draw(st.sampled_from(["", "Green"]))
                found.append(
                    reading(
                        indicator.id, period, 50.0, True, draw(notes), published, draw(approvals)
                    )
                )
    if draw(st.integers(0, 3)) == 0:
        # As a report of approved figures reads them: a figure not approved has no value, and
        # lends a calculation only the reason, not its approval.
        found = list(approved_only(found))
    framework = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=tuple(built),
        default_rule=draw(any_rule),
        year_start_month=start_month,
    )
    return framework, draw(st.permutations(found)), groups


FORMULAS = ("{a} + 2 * {b}", "max({a}, {b}) / 3", "({a} - {b}) / {b}", "mean({a}, {b}, 10)")


@st.composite
def calculated(draw: st.DrawFn, inputs: list[Indicator], start_month: int) -> list[Indicator]:
    """A ratio of two of ``inputs`` and a formula over them (one of them over the ratio), of a
    frequency no finer than theirs, each with any aggregation: inputs summed over a quarter or
    a year to date, divisions by zero, missing inputs, a calculated input, series breaks of
    their own and their inputs' (any input's, through the ratio)."""
    a, b = draw(st.permutations(inputs))[:2]
    months = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6}
    coarsest = max(months.get(a.frequency, 12), months.get(b.frequency, 12))
    allowed = [f for f in Frequency if months.get(f, 12) >= coarsest]
    ratio_frequency = draw(st.sampled_from(allowed))
    ratio = Indicator(
        id="RATE",
        title="A ratio",
        unit=draw(st.sampled_from(["percentage", "number"])),
        polarity=draw(st.sampled_from(list(Polarity))),
        frequency=ratio_frequency,
        aggregation=draw(st.sampled_from(list(Aggregation))),
        decimals=draw(st.integers(0, 2)),
        targets=tuple(draw(yearly(start_month))),
        rule=draw(st.none() | any_rule),
        series_break=draw(calculated_breaks(ratio_frequency, start_month)),
        numerator=a.id,
        denominator=b.id,
    )
    formula_frequency = draw(st.sampled_from(allowed))
    second = draw(st.sampled_from([b.id, "RATE"]))
    formula = Indicator(
        id="FORM",
        title="A formula",
        polarity=draw(st.sampled_from(list(Polarity))),
        frequency=formula_frequency,
        aggregation=draw(st.sampled_from(list(Aggregation))),
        targets=tuple(draw(yearly(start_month))),
        series_break=draw(calculated_breaks(formula_frequency, start_month)),
        formula=draw(st.sampled_from(FORMULAS)).format(a=a.id, b=second),
    )
    return [ratio, formula]


def core_row(
    framework: Framework,
    index: Readings,
    indicator: str,
    period: Period,
    with_readings: bool = False,
) -> dict[str, Any]:
    card = assess(framework, index, period, AS_OF, indicators=[indicator])
    (result,) = card.indicators
    reading = {
        "reading_status": None if result.reading_status is None else result.reading_status.value,
        "note": result.note,
        "approval": result.approval.value,
        "missing_reason": result.missing_reason,
    }
    # The band of the target the result's ``target`` is the value of, where it has one.
    target = framework.indicator(indicator).target_for(result.period)
    banded = target is not None and target.low is not None and target.high is not None
    return {
        "indicator": result.indicator,
        "period": str(result.period),
        "start": result.period.start,
        "end": result.period.end,
        "value": result.value,
        "target": result.target,
        "target_low": target.low if banded and target is not None else None,
        "target_high": target.high if banded and target is not None else None,
        "status": result.rating.status.value,
        "label": result.rating.label,
        "short_term": result.short_term.direction.value,
        "long_term": result.long_term.direction.value,
        "missed_in_a_row": result.missed_in_a_row,
        "fallback": False,
        **(reading if with_readings else {}),
    }


def periods_by_name(framework: Framework) -> dict[str, Period]:
    found: dict[str, Period] = {}
    for frequency in Frequency:
        for period in own_periods(frequency, framework.year_start_month):
            found[str(period)] = period
    return found


Council = tuple[Framework, list[Reading], list[ComparatorGroup]]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(councils())
def test_every_row_is_the_cores_answer(council: Council) -> None:
    framework, readings, groups = council
    frame = assess_frame(framework, readings, comparators=groups, with_readings=True)
    index = Readings.of(readings, groups)
    start_month = framework.year_start_month
    for row in frame.iter_rows(named=True):
        # Periods are written to read back (a calculated indicator's may end after the last
        # period any reading has, when an input's reading is of a year that ends later).
        period = parse_period(row["period"], start_month)
        assert row == core_row(framework, index, row["indicator"], period, with_readings=True)
    # Without the readings' columns, the same rows.
    assert list(READING_COLUMNS) == frame.columns[-len(READING_COLUMNS) :]
    assert assess_frame(framework, readings, comparators=groups).equals(frame.drop(READING_COLUMNS))
    # The same readings as a frame, periods written as the council writes them (with their
    # year start when it is not the council's), give the same rows.
    table = pl.DataFrame(
        {
            "indicator": [r.indicator for r in readings],
            "period": [unstructure(r.period, year_start_month=start_month) for r in readings],
            "value": [r.value for r in readings],
            "status": [r.status.value for r in readings],
            "note": [r.note for r in readings],
            "published_status": [r.published_status for r in readings],
            "missing_reason": [r.missing_reason for r in readings],
            # Approved written as an empty cell, and the others in capitals, now and then.
            "approval": [
                "" if a is Approval.APPROVED and n % 2 else a.value.upper() if n % 3 else a.value
                for n, a in enumerate(r.approval for r in readings)
            ],
        },
        schema_overrides={"value": pl.Float64, "missing_reason": pl.String},
    )
    assert assess_frame(framework, table, comparators=groups, with_readings=True).equals(frame)
    assert assess_frame(framework, table, comparators=groups).equals(frame.drop(READING_COLUMNS))
    # Every indicator with a reading of its own kind (a calculated one: a value the core worked
    # out) has a row for each of its periods from its first reading to its last.
    calculated = with_calculated(framework, index).index.values()
    for indicator in framework.indicators:
        own = set(own_periods(indicator.frequency, start_month))
        given = calculated if indicator.calculated else readings
        mine = [r for r in given if r.indicator == indicator.id and r.period in own]
        rows = frame.filter(pl.col("indicator") == indicator.id)
        if not mine:
            assert rows.height == 0
            continue
        first = min(r.period for r in mine)
        last = max(r.period for r in mine)
        assert rows["period"].to_list() == [str(p) for p in periods_between(first, last)]


@SETTINGS
@given(councils(), st.data())
def test_asked_periods_are_the_cores_scorecards(council: Council, data: st.DataObject) -> None:
    framework, readings, groups = council
    start_month = framework.year_start_month
    every = list(periods_by_name(framework).values())
    # Now and then a quarter, half or year of any year start, written as councils write it.
    other = unusable_periods(Frequency.MONTHLY, start_month)
    asked = data.draw(st.lists(st.sampled_from(every) | other, min_size=1, max_size=4))
    frame = assess_frame(
        framework,
        readings,
        periods=[unstructure(p, year_start_month=start_month) for p in asked],
        comparators=groups,
        with_readings=True,
    )
    index = Readings.of(readings, groups)
    expected = [
        {"report_period": str(period), **core_row(framework, index, ind.id, period, True)}
        for period in asked
        for ind in framework.indicators
    ]
    assert frame.rows(named=True) == expected


CHAIN_FORMULAS = (
    "{a} + {b}",
    "100 * {a} / ({a} + {b})",
    "{a} * {b} / 100",
    "min({a}, {b}) - 1",
    "-{a} / {b}",
)


@st.composite
def chains(draw: st.DrawFn, inputs: list[Indicator], start_month: int) -> list[Indicator]:
    """Two to four calculated indicators, each worked out from the one before (the first from
    one of ``inputs``) and one of ``inputs``: a ratio or a formula, of a frequency no finer than
    its inputs', with any aggregation, listed in any order."""
    built: list[Indicator] = []
    below = draw(st.sampled_from(inputs))
    for depth in range(draw(st.integers(2, 4))):
        other = draw(st.sampled_from(inputs))
        coarsest = max(MONTHS[below.frequency], MONTHS[other.frequency])
        fields: dict[str, Any] = (
            {"numerator": below.id, "denominator": other.id}
            if draw(st.booleans())
            else {"formula": draw(st.sampled_from(CHAIN_FORMULAS)).format(a=below.id, b=other.id)}
        )
        frequency = draw(st.sampled_from([f for f in Frequency if MONTHS[f] >= coarsest]))
        below = Indicator(
            id=f"CHAIN{depth}",
            title=f"Link {depth}",
            unit=draw(st.sampled_from(["percentage", "number", "count"])),
            polarity=draw(st.sampled_from(list(Polarity))),
            frequency=frequency,
            aggregation=draw(st.sampled_from(list(Aggregation))),
            decimals=draw(st.integers(0, 2)),
            targets=tuple(draw(yearly(start_month))),
            rule=draw(st.none() | any_rule),
            series_break=draw(calculated_breaks(frequency, start_month)),
            **fields,
        )
        built.append(below)
    return draw(st.permutations(built))


@SETTINGS
@given(councils(), st.data())
def test_chains_of_calculated_indicators_are_the_cores_answers(
    council: Council, data: st.DataObject
) -> None:
    framework, readings, groups = council
    start_month = framework.year_start_month
    chain = data.draw(chains(list(framework.indicators), start_month))
    framework = attrs.evolve(framework, indicators=(*framework.indicators, *chain))
    # Now and then commentary given for a link, lent to the value worked out for it.
    for link in chain:
        if data.draw(st.integers(0, 3)) == 0:
            period = data.draw(st.sampled_from(own_periods(link.frequency, start_month)))
            readings = [*readings, reading(link.id, period, 12.0, note="Checked by finance")]
    frame = assess_frame(framework, readings, comparators=groups, with_readings=True)
    index = Readings.of(readings, groups)
    for row in frame.iter_rows(named=True):
        period = parse_period(row["period"], start_month)
        assert row == core_row(framework, index, row["indicator"], period, with_readings=True)


@st.composite
def broken_inputs(draw: st.DrawFn) -> tuple[Framework, list[Reading]]:
    """Three inputs of one frequency, a reading for each of their periods, most with a change
    of definition (one of their periods, a month, a period of another kind), and a ratio, a
    formula and a chain worked out from them: calculated values side by side, whose travel
    often crosses an input's break, or one two calculations away."""
    start_month = draw(st.sampled_from([4, 4, 1, 9, 7]))
    frequency = draw(st.sampled_from([Frequency.MONTHLY, Frequency.QUARTERLY]))
    own = own_periods(frequency, start_month)
    inputs = [
        attrs.evolve(
            draw(indicators(number, start_month)),
            frequency=frequency,
            series_break=draw(
                st.none() | st.sampled_from(own) | calculated_breaks(frequency, start_month)
            ),
        )
        for number in range(3)
    ]
    found = [
        reading(indicator.id, period, draw(values(indicator)))
        for indicator in inputs
        for period in own
    ]
    built = [
        *inputs,
        *draw(calculated(inputs, start_month)),
        *draw(chains(inputs, start_month)),
    ]
    framework = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=tuple(draw(st.permutations(built))),
        default_rule=draw(any_rule),
        year_start_month=start_month,
    )
    return framework, found


@SETTINGS
@given(broken_inputs())
def test_calculated_indicators_inherit_their_inputs_series_breaks(
    council: tuple[Framework, list[Reading]],
) -> None:
    framework, readings = council
    frame = assess_frame(framework, readings)
    index = Readings.of(readings)
    for row in frame.iter_rows(named=True):
        period = parse_period(row["period"], framework.year_start_month)
        assert row == core_row(framework, index, row["indicator"], period)


TOLERANCE_WITH_TRAVEL = st.sampled_from(
    [ToleranceWithTravel(), ToleranceWithTravel(mode="absolute"), ToleranceWithTravel(tolerance=0)]
)


def rated_with_travel(framework: Framework, rule: ToleranceWithTravel) -> Framework:
    """``framework`` with every indicator rated by ``rule``."""
    return attrs.evolve(
        framework,
        default_rule=rule,
        indicators=tuple(attrs.evolve(i, rule=None) for i in framework.indicators),
    )


@SETTINGS
@given(councils(), broken_inputs(), TOLERANCE_WITH_TRAVEL)
def test_tolerance_with_travel_compares_nothing_across_a_series_break(
    council: Council, inputs: tuple[Framework, list[Reading]], rule: ToleranceWithTravel
) -> None:
    """Every indicator rated by tolerance-with-travel, changes of definition of its own and of
    its inputs': a value beyond tolerance has no value of last year to compare with across one,
    in the engine as in the core, and so a run of missed periods counts alike."""
    for framework, readings, groups in (council, (*inputs, [])):
        framework = rated_with_travel(framework, rule)
        frame = assess_frame(framework, readings, comparators=groups)
        index = Readings.of(readings, groups)
        for row in frame.iter_rows(named=True):
            period = parse_period(row["period"], framework.year_start_month)
            assert row == core_row(framework, index, row["indicator"], period)


@pytest.mark.parametrize("mode", ["relative", "absolute"])
@pytest.mark.parametrize("last_year", [None, 70.0, 75.0, 79.0, 80.0])
@pytest.mark.parametrize(
    "value", [90.0, 81.0, 80.0 + 1e-10, 80.0, 79.9999999, 75.0, 72.0, 71.0, 70.0, 69.0, 50.0]
)
@pytest.mark.parametrize("series_break", [None, "2023/24", "2024/25", "Apr 2024"])
def test_tolerance_with_travel_modes_agree_at_their_boundaries(
    mode: str, last_year: float | None, value: float, series_break: str | None
) -> None:
    """Against a 90% target, "within 10" is 81% read as 10% of target and 80% read as
    percentage points: both boundaries, either side, with last year better, equal or worse,
    and with a change of definition at last year (both years of the new definition) or
    between the years (at this year or its first month: no value of last year compares)."""
    this_year = FinancialYear(year=2024, start_month=4)
    kpi = Indicator(
        id="PLA02",
        title="Planning appeals dismissed",
        unit=Unit.PERCENTAGE,
        frequency=Frequency.ANNUAL,
        targets=(Target(period=this_year, value=90.0),),
        rule=ToleranceWithTravel(mode=mode),
        series_break=series_break,
    )
    framework = Framework(
        plan=StrategicPlan(title="Plan", organisation="Havering"), indicators=(kpi,)
    )
    found = [reading("PLA02", this_year, value)]
    if last_year is not None:
        found.append(reading("PLA02", this_year.shift(years=-1), last_year))
    frame = assess_frame(framework, found, periods=[str(this_year)])
    (row,) = frame.iter_rows(named=True)
    expected = core_row(framework, Readings.of(found), "PLA02", this_year)
    assert row == {"report_period": str(this_year), **expected}
    if series_break in ("2024/25", "Apr 2024") and row["status"] != "green":
        assert row["status"] == "red"  # beyond tolerance with nothing to compare


# -- years that start in another month, by hand -------------------------------------------------


def plan(*built: Indicator, start_month: int) -> Framework:
    return Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=built,
        year_start_month=start_month,
    )


def agrees_with_the_core(framework: Framework, readings: list[Reading], asked: list[str]) -> None:
    """Each row ``assess_frame`` gives for ``asked`` is the core's, from the records and from
    a frame with the periods written as the council writes them."""
    start_month = framework.year_start_month
    frame = assess_frame(framework, readings, periods=asked, with_readings=True)
    index = Readings.of(readings)
    expected = [
        {"report_period": text, **core_row(framework, index, indicator.id, period, True)}
        for text in asked
        for period in [parse_period(text, start_month)]
        for indicator in framework.indicators
    ]
    assert frame.rows(named=True) == expected
    table = pl.DataFrame(
        {
            "indicator": [r.indicator for r in readings],
            "period": [unstructure(r.period, year_start_month=start_month) for r in readings],
            "value": [r.value for r in readings],
            "status": [r.status.value for r in readings],
            "missing_reason": [r.missing_reason for r in readings],
        },
        schema_overrides={"value": pl.Float64, "missing_reason": pl.String},
    )
    assert assess_frame(framework, table, periods=asked, with_readings=True).equals(frame)


@pytest.mark.parametrize("start_month", [1, 9])
def test_a_year_to_date_target_starts_again_at_the_councils_own_year_end(
    start_month: int,
) -> None:
    """Years from January (a calendar year) or September (an academic year): the last quarter
    of a year is on its whole target when equal to it, and the next year's first quarter is
    profiled against that year's target from a quarter of it."""
    year = FinancialYear(year=2024, start_month=start_month)
    following = year.next()
    rent = Indicator(
        id="RENT",
        title="Rent collected",
        unit=Unit.MONEY,
        aggregation=Aggregation.CUMULATIVE,
        targets=(Target(period=year, value=1200.0), Target(period=following, value=1600.0)),
    )
    third, last = year.quarters()[2:]
    first = following.quarters()[0]
    found = [reading("RENT", third, 850.0), reading("RENT", last, 1200.0)]
    found += [reading("RENT", first, 420.0), reading("RENT", first.shift(years=-1), 300.0)]
    framework = plan(rent, start_month=start_month)
    asked = [str(third), str(last), str(first)]
    agrees_with_the_core(framework, found, asked)
    frame = assess_frame(framework, found, periods=asked)
    assert frame["target"].to_list() == [900.0, 1200.0, 400.0]
    assert frame["status"].to_list() == ["red", "green", "green"]
    assert frame["long_term"].to_list()[-1] == "improving"


def test_a_december_quarter_ends_the_year_for_a_council_whose_years_start_in_january() -> None:
    """In a calendar-year council, the report for 2024 Q4 shows December, the quarter, the
    second half and the year 2024 itself (it ended with the quarter); 2024 Q3 shows 2023."""
    built = [
        Indicator(id=f"K{n}", title=f"Indicator {n}", frequency=frequency)
        for n, frequency in enumerate(Frequency)
    ]
    framework = plan(*built, start_month=1)
    found = [
        reading(indicator.id, containing(dt.date(year, 12, 1), indicator.frequency, 1), value)
        for indicator in built
        for year, value in ((2023, 40.0), (2024, 50.0))
    ]
    agrees_with_the_core(framework, found, ["2024 Q4", "2024 Q3"])
    frame = assess_frame(framework, found, periods=["2024 Q4", "2024 Q3"])
    assert frame["period"].to_list() == [
        "Dec 2024", "2024 Q4", "2024 H2", "2024", "Sep 2024", "2024 Q3", "2024 H1", "2023"
    ]  # fmt: skip
    assert frame["value"].to_list() == [50.0, 50.0, 50.0, 50.0, None, None, None, 40.0]
    assert frame["long_term"].to_list()[:4] == ["improving"] * 4


def test_a_reading_for_a_quarter_of_another_year_start_is_never_the_value() -> None:
    """In a council on the financial year, a calendar quarter (even one with the same months
    as the council's own quarter) and a quarter of years from February are not the value of
    any of its quarters: the quarter shows no data, as ``assess`` shows it."""
    kpi = Indicator(
        id="FT",
        title="Fly-tips cleared in 5 days",
        unit=Unit.PERCENTAGE,
        targets=(Target(period=FinancialYear(year=2024), value=90.0),),
    )
    framework = plan(kpi, start_month=4)
    found = [
        reading("FT", Quarter(year=2024, number=1), 80.0),
        reading("FT", Quarter(year=2024, number=3, start_month=1), 95.0),  # Jul to Sep 2024
        reading("FT", Quarter(year=2024, number=2, start_month=2), 95.0),  # Aug to Oct 2024
    ]
    agrees_with_the_core(framework, found, ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"])
    frame = assess_frame(framework, found, periods=["2024/25 Q2", "2024/25 Q3"])
    assert frame["status"].to_list() == ["no data", "no data"]
    assert frame["missed_in_a_row"].to_list() == [1, 1]
    # Without periods asked for, the rows run from the indicator's first own reading to its last.
    assert assess_frame(framework, found)["period"].to_list() == ["2024/25 Q1"]


def test_a_final_reading_beats_a_later_provisional_one_whatever_is_left_out_between() -> None:
    """Readings no indicator can use (calendar quarters in a council on the financial year, an
    indicator the framework no longer has) between a final reading and a later provisional one
    for the same quarter do not let the provisional one win."""
    kpi = Indicator(id="FT", title="Fly-tips cleared in 5 days", unit=Unit.PERCENTAGE)
    framework = plan(kpi, start_month=4)
    q1 = Quarter(year=2024, number=1)
    found = [reading("FT", q1, 80.0)]
    found += [reading("FT", Quarter(year=2024, number=n, start_month=1), 95.0) for n in (2, 3)]
    found += [reading("OLD", q1, 1.0), reading("OLD", q1.next(), 1.0)]
    found += [reading("FT", q1, 70.0, final=False)]
    agrees_with_the_core(framework, found, ["2024/25 Q1"])
    frame = assess_frame(framework, found, periods=["2024/25 Q1"], with_readings=True)
    assert frame.select("value", "reading_status").rows() == [(80.0, "final")]


def test_an_inputs_reading_of_another_year_start_is_no_value_of_a_calculation() -> None:
    """An input's reading of a calendar quarter, in a council whose years start in April, is
    used by no calculation (``assess`` reports it as of another year start): the engine, as the
    core, works the calculated indicator out only for the council's own quarters."""
    counts = [Indicator(id=i, title=i, unit=Unit.COUNT, decimals=0) for i in ("DONE", "ALL")]
    share = Indicator(
        id="SHARE", title="Done in time", unit=Unit.PERCENTAGE, numerator="DONE", denominator="ALL"
    )
    framework = plan(*counts, share, start_month=4)
    found = [reading("DONE", Quarter(year=2024, number=1), 3.0)]
    found += [reading("ALL", Quarter(year=2024, number=1), 4.0)]
    found += [reading("DONE", Quarter(year=2025, number=1, start_month=1), 5.0)]  # Jan to Mar
    agrees_with_the_core(framework, found, ["2024/25 Q1", "2024/25 Q4"])
    rows = assess_frame(framework, found, with_readings=True).filter(pl.col("indicator") == "SHARE")
    assert rows.select("period", "value", "reading_status").rows() == [
        ("2024/25 Q1", 75.0, "final")
    ]


@st.composite
def edge_councils(draw: st.DrawFn) -> tuple[Framework, list[Reading]]:
    """Indicators of every frequency with readings in the first two years periods can be
    written for (from 1000), or else the last two (to 9998, or Dec 9999 for a month), some of
    them missing."""
    start_month = draw(st.sampled_from([1, 4, 7, 9]))
    first = draw(st.booleans())
    years = (1000, 1001) if first else (9997, 9998)
    built, found = [], []
    for number, frequency in enumerate(Frequency):
        own = [
            p
            for year in years
            for p in periods_between(
                *(
                    containing(day, frequency, start_month)
                    for day in (
                        FinancialYear(year=year, start_month=start_month).start,
                        FinancialYear(year=year, start_month=start_month).end,
                    )
                )
            )
        ]
        if frequency is Frequency.MONTHLY:  # months run from Jan 1000 to Dec 9999
            edge = (1000, (1, 2, 3)) if first else (9999, range(1, 13))
            own = sorted({*own, *(Month(year=edge[0], month=m) for m in edge[1])})
        indicator = Indicator(
            id=f"K{number}",
            title=f"K{number}",
            frequency=frequency,
            aggregation=draw(st.sampled_from([Aggregation.SNAPSHOT, Aggregation.CUMULATIVE])),
            polarity=draw(st.sampled_from(list(Polarity))),
            rule=draw(st.sampled_from([TargetTolerance(), ToleranceWithTravel()])),
            targets=tuple(
                Target(period=FinancialYear(year=year, start_month=start_month), value=90.0)
                for year in years
            ),
        )
        built.append(indicator)
        for period in dict.fromkeys(own):
            value = draw(st.none() | st.sampled_from([50.0, 89.0, 90.0, 95.0]))
            found.append(reading(indicator.id, period, value))
    return plan(*built, start_month=start_month), found


@settings(max_examples=20, deadline=None)
@given(edge_councils())
def test_the_engine_agrees_with_the_core_at_the_first_and_last_periods(
    council: tuple[Framework, list[Reading]],
) -> None:
    """At the first periods no earlier one can be compared with (no valid comparison, runs of
    missed periods that stop there); in Dec 9999 each kind reports for its last period."""
    framework, readings = council
    start_month = framework.year_start_month
    frame = assess_frame(framework, readings, with_readings=True)
    index = Readings.of(readings)
    for row in frame.iter_rows(named=True):
        period = parse_period(row["period"], start_month)
        assert row == core_row(framework, index, row["indicator"], period, with_readings=True)
    edges = (
        (Month(year=1000, month=1), Quarter(year=1000, number=1, start_month=start_month))
        if readings[0].period.year == 1000
        else (Month(year=9999, month=12), HalfYear(year=9998, number=2, start_month=start_month))
    )
    agrees_with_the_core(
        framework, readings, [unstructure(p, year_start_month=start_month) for p in edges]
    )
