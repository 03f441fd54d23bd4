"""The polars engine gives exactly the core's answers: generated values with ties, missing
values, single-member groups, both polarities (and none), cumulative metrics, series breaks
(a metric's own and those of the metrics it is worked out from), mixed kinds of period, and
groups as a groups file gives them."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars")

from polars.testing import assert_frame_equal  # noqa: E402

from councilpmf.benchmarking import (  # noqa: E402
    Values,
    benchmark_frame,
    engine,
    read_values,
    to_rows,
    write_table,
)
from councilpmf.core.benchmark import (  # noqa: E402
    AreaValue,
    BenchmarkError,
    PeerGroup,
    benchmark,
    group_coverage,
    later_left_out,
    latest_period,
)
from councilpmf.core.indicators import Aggregation, Indicator, Polarity  # noqa: E402
from councilpmf.core.numbers import rounded  # noqa: E402
from councilpmf.core.periods import Period, parse_period  # noqa: E402
from councilpmf.core.shorthand import MISSING  # noqa: E402

PERIODS = [
    parse_period(text)
    for text in (
        "2022/23 Q3",
        "2023/24 Q2",
        "2023/24 Q3",
        "2023/24 Q4",
        "2024/25 Q1",
        "2024/25 Q2",
        "2024/25 Q3",
        "2023/24",
        "2024/25",
        "Dec 2023",
        "Nov 2024",
        "Dec 2024",
        "2024 Q3 (from Jan)",
        "2023 Q3 (from Jan)",
    )
]
AREAS = ["E07000170", "E07000174", "E06000018", "W06000015", "S12000033", "=HYPERLINK(1)"]
# Ties come from a few repeated values; 0.125, 2.675, 1.005 and 75646.05 sit on rounding
# halves, where scaling in floating point and the core's rounding can disagree.
VALUES = st.one_of(
    st.sampled_from(
        [None, 0.0, 1.0, 2.5, 3.0, 0.125, 2.675, 1.005, -4.5, 45.25, 75646.05, 75646.1, 75646.0]
    ),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)
# The statistical shorthand a line may carry: why a missing value is missing, or what
# qualifies a value (kept as the core keeps it), a break in the area's series ([b]) among them.
QUALIFIERS = ["", "", "[p]", "[r]", "[p][r]", "[e]", "[note 3]", "[b]", "[p][b]"]


def _line(draw: st.DrawFn, area: str, metric: str, period: Period) -> AreaValue:
    value = draw(VALUES)
    marker = draw(st.sampled_from(sorted(MISSING) if value is None else QUALIFIERS))
    return AreaValue(
        area_code=area,
        area_name=f"{area} name",
        metric=metric,
        period=period,
        value=value,
        marker=marker,
    )


@st.composite
def metrics(draw: st.DrawFn) -> dict[str, Indicator]:
    """One to four metrics, each after the first now and then worked out from earlier ones (or
    from one that is not a metric), so that its inputs' series breaks are its own too."""
    found = {}
    for i in range(draw(st.integers(1, 4))):
        earlier = [f"M{j}" for j in range(i)] + ["ELSEWHERE"]
        inputs = draw(st.none() | st.lists(st.sampled_from(earlier), min_size=2, max_size=2))
        worked_out = (
            {}
            if inputs is None or i == 0
            else draw(
                st.sampled_from(
                    [
                        {"numerator": inputs[0], "denominator": inputs[1]},
                        {"formula": f"{inputs[0]} + {inputs[1]}"},
                    ]
                )
            )
        )
        found[f"M{i}"] = Indicator(
            id=f"M{i}",
            title=f"Metric {i}",
            polarity=draw(st.sampled_from(list(Polarity))),
            decimals=draw(st.integers(0, 3)),
            aggregation=draw(st.sampled_from(list(Aggregation))),
            series_break=draw(st.none() | st.sampled_from(PERIODS)),
            **worked_out,
        )
    return found


@st.composite
def datasets(
    draw: st.DrawFn,
) -> tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None]:
    kinds = draw(metrics())
    areas = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=6, unique=True))
    periods = draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=4, unique=True))
    # Dense, as real downloads are: most areas have a line for most metrics and periods.
    keys = [(a, m, p) for p in periods for m in kinds for a in areas if draw(st.integers(0, 5)) > 0]
    keys = draw(st.permutations(keys))
    lines = [_line(draw, a, m, p) for a, m, p in keys]
    groups = None
    if draw(st.booleans()):
        groups = [
            PeerGroup(
                area_code=draw(st.sampled_from(areas)),
                name=draw(st.sampled_from(["nearest neighbours", "region"])),
                members=tuple(draw(st.lists(st.sampled_from(areas), max_size=6))),
            )
            for _ in range(draw(st.integers(1, 5)))
        ]
        # One group per area and name, as a groups file gives them.
        seen: dict[tuple[str, str], PeerGroup] = {}
        for g in groups:
            seen.setdefault((g.area_code, g.name), g)
        groups = list(seen.values())
    return kinds, lines, groups


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_the_engine_gives_the_cores_rows_in_the_cores_order(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
) -> None:
    kinds, lines, groups = data
    values = Values.of(lines)
    assert to_rows(
        benchmark_frame(values, kinds, groups, median_moves=True), values.periods
    ) == benchmark(lines, kinds, groups)


@settings(max_examples=40, deadline=None)
@given(datasets(), st.sampled_from(PERIODS), st.sampled_from(AREAS))
def test_keeping_one_period_or_one_area_keeps_the_same_answers(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    period: Period,
    area: str,
) -> None:
    kinds, lines, groups = data
    values = Values.of(lines)
    every = benchmark(lines, kinds, groups)
    one_period = to_rows(
        benchmark_frame(values, kinds, groups, period=period, median_moves=True), values.periods
    )
    assert one_period == tuple(r for r in every if r.period == period)
    one_area = to_rows(
        benchmark_frame(values, kinds, groups, area=area, median_moves=True), values.periods
    )
    assert one_area == tuple(r for r in every if r.area_code == area)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(datasets())
def test_read_from_a_file_as_lg_inform_writes_it_the_answers_are_the_same(
    tmp_path: Path, data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None]
) -> None:
    kinds, lines, groups = data
    file = tmp_path / "values.csv"
    with file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["area_code", "area_name", "metric", "period", "value", "extra"])
        for x in lines:
            # as downloads write them: "[c]", "..", "45.2 [p]"
            text = x.marker if x.value is None else f"{x.value!r} {x.marker}".strip()
            writer.writerow([x.area_code, x.area_name, x.metric, _lg_inform(x.period), text, "?"])
    if not lines:
        return
    values = read_values(file, kinds)
    assert to_rows(
        benchmark_frame(values, kinds, groups, median_moves=True), values.periods
    ) == benchmark(lines, kinds, groups)


@settings(max_examples=40, deadline=None)
@given(datasets())
def test_each_metrics_latest_period_keeps_the_same_answers(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
) -> None:
    """Each metric's latest period is the core's, from the number of areas with a value of
    it for each of its periods, so a quarterly metric and an annual one are each shown for
    their own."""
    kinds, lines, groups = data
    values = Values.of(lines)
    latest = values.latest()
    coverage = {
        m: [
            (p, sum(x.value is not None for x in lines if (x.metric, x.period) == (m, p)))
            for p in values.periods
            if any((x.metric, x.period) == (m, p) for x in lines)
        ]
        for m in {x.metric for x in lines}
    }
    assert values.coverage() == {m: tuple(c) for m, c in coverage.items()}
    assert latest == {m: latest_period(c) for m, c in coverage.items()}
    kept = to_rows(
        benchmark_frame(values, kinds, groups, period=latest, median_moves=True), values.periods
    )
    every = benchmark(lines, kinds, groups)
    assert kept == tuple(r for r in every if r.period == latest[r.metric])


def _lg_inform(period: Period) -> str:
    """A period as LG Inform writes it where it can (fin_2024_25_q3), else as councils do."""
    if getattr(period, "start_month", 4) == 1:
        return f"{period} (from Jan)"
    text = str(period)
    if "/" not in text:
        return text
    year, _, rest = text.partition("/")
    tail = rest[2:].strip().lower()
    return f"fin_{year}_{rest[:2]}" + (f"_{tail}" if tail else "")


@pytest.mark.parametrize("decimals", [0, 1, 2, 3])
def test_travel_reads_a_value_and_the_same_value_as_shown_as_no_change(decimals: int) -> None:
    """Travel compares values as shown (the core's rounding to the metric's decimals), also
    where scaling in floating point lands on a half that the exact value is not on (75646.05)."""
    kpi = {"M": Indicator(id="M", title="M", decimals=decimals)}
    xs = [k / 100 for k in range(-200_000, 200_000, 37)] + [75646.05, -4377.05, 1e15, 4.5e9 + 0.25]
    then, now = PERIODS[1], PERIODS[2]
    lines = [
        AreaValue(area_code=f"A{i}", area_name="", metric="M", period=p, value=v)
        for i, x in enumerate(xs)
        for p, v in ((then, x), (now, rounded(x, decimals)))
    ]
    rows = to_rows(benchmark_frame(Values.of(lines), kpi, period=now), [then, now])
    assert {r.short_term.value for r in rows} == {"no change"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_the_written_median_and_marker_are_the_cores_as_shown(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
) -> None:
    kinds, lines, groups = data
    if not lines:
        return
    values = Values.of(lines)
    out = io.BytesIO()
    write_table(benchmark_frame(values, kinds, groups), out, kinds)
    written = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    expected = benchmark(lines, kinds, groups)
    assert len(written) == len(expected)
    for row, core in zip(written, expected, strict=True):
        shown = None if core.median is None else rounded(core.median, kinds[core.metric].decimals)
        assert (float(row["median"]) if row["median"] else None) == shown
        # the marker in words: a qualifier beside a value, a reason beside a missing one
        assert (row["qualifier"], row["missing_reason"]) == (
            core.qualifier(),
            core.missing_reason(),
        )


def test_the_median_of_two_values_of_one_decimal_is_written_with_one() -> None:
    kpi = {"M": Indicator(id="M", title="M", decimals=1)}
    lines = [
        AreaValue(area_code=f"A{i}", area_name="", metric="M", period=PERIODS[0], value=v)
        for i, v in enumerate([18.4, 16.5, 17.3, 17.6])
    ]
    out = io.BytesIO()
    write_table(benchmark_frame(Values.of(lines), kpi), out, kpi)
    medians = {row["median"] for row in csv.DictReader(io.StringIO(out.getvalue().decode()))}
    # statistics.median gives 17.450000000000003 here: written as the metric's decimals say.
    assert medians == {"17.5"}


@settings(max_examples=40, deadline=None)
@given(datasets(), st.data())
def test_filling_an_areas_missing_lines_changes_no_other_answer(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    more: st.DataObject,
) -> None:
    """An empty line for each metric an area has none for at a period, and at the period
    before, adds the area's rows there, as the core gives them for such a line, and changes no
    other row."""
    kinds, lines, groups = data
    if not lines:
        return
    values = Values.of(lines)
    area = more.draw(st.sampled_from(sorted({x.area_code for x in lines})))
    shown = more.draw(st.dictionaries(st.sampled_from(sorted(kinds)), st.sampled_from(PERIODS)))
    filled = values.filled_for(area, shown)
    have = {(x.metric, x.period) for x in lines if x.area_code == area}
    name = next(x.area_name for x in lines if x.area_code == area)
    wanted = {(m, p) for m, period in shown.items() for p in (period, period.previous())}
    missing = sorted(
        (m, values.periods.index(p))
        for m, p in wanted
        if p in values.periods and (m, p) not in have
    )
    extra = [
        AreaValue(area_code=area, area_name=name, metric=m, period=values.periods[i])
        for m, i in missing
    ]
    rows = to_rows(benchmark_frame(filled, kinds, groups, median_moves=True), filled.periods)
    assert rows == benchmark([*lines, *extra], kinds, groups)
    assert rows[: len(benchmark(lines, kinds, groups))] == benchmark(lines, kinds, groups)


@settings(max_examples=60, deadline=None)
@given(datasets(), st.sampled_from([None, *AREAS]))
def test_each_groups_coverage_and_latest_period_are_the_cores(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    area: str | None,
) -> None:
    """Without groups, the periods of each metric and how many areas have a value for each
    are the core's counts for the group of every area; with groups, each group's latest
    period, and the words for a later one left out, are the core's rule on its counts."""
    _, lines, groups = data
    values = Values.of(lines)
    # without groups, every area's group is the whole file
    whole = {metric: counts for (_, _, metric), counts in group_coverage(lines).items()}
    assert whole == values.coverage()
    if groups is None:
        return
    expected = {
        key: (latest_period(counts), later_left_out(counts, latest_period(counts)))
        for key, counts in group_coverage(lines, groups).items()
        if area is None or key[0] == area
    }
    assert values.group_latest(groups, area) == expected


@settings(max_examples=40, deadline=None)
@given(datasets(), st.data())
def test_keeping_several_periods_of_a_metric_keeps_the_same_answers(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    more: st.DataObject,
) -> None:
    """Each metric may keep several periods (those its comparator groups are each shown for):
    the rows kept are the core's rows for them, unchanged."""
    kinds, lines, groups = data
    values = Values.of(lines)
    chosen = more.draw(
        st.dictionaries(st.sampled_from(sorted(kinds)), st.sets(st.sampled_from(PERIODS)))
    )
    kept = to_rows(
        benchmark_frame(values, kinds, groups, period=chosen, median_moves=True), values.periods
    )
    every = benchmark(lines, kinds, groups)
    assert kept == tuple(r for r in every if r.period in chosen.get(r.metric, ()))


# Consecutive quarters and the year around them, where a break one area marks ([b]) lies
# between a period and the one before it, so that the group median's move leaves it out.
RUN = [
    parse_period(text)
    for text in ("2023/24 Q4", "2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2024/25", "2023/24")
]


@st.composite
def broken_datasets(
    draw: st.DrawFn,
) -> tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None]:
    """Few areas and metrics, many values marked as a break in series."""
    kinds = {
        "M": Indicator(id="M", title="M", decimals=draw(st.integers(0, 2))),
        "N": Indicator(id="N", title="N", polarity=Polarity.LOWER_IS_BETTER),
    }
    areas = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=5, unique=True))
    keys = [(a, m, p) for p in RUN for m in kinds for a in areas if draw(st.integers(0, 4)) > 0]
    lines = []
    for a, m, p in draw(st.permutations(keys)):
        value = draw(st.none() | st.sampled_from([1.0, 2.0, 3.5, 10.0, 40.0]))
        marker = "" if value is None else draw(st.sampled_from(["", "[b]", "[p][b]", "[p]"]))
        lines.append(
            AreaValue(area_code=a, area_name=a, metric=m, period=p, value=value, marker=marker)
        )
    groups = None
    if draw(st.booleans()):
        groups = [
            PeerGroup(
                area_code=a,
                name="nearest neighbours",
                members=tuple(draw(st.lists(st.sampled_from(areas), max_size=5))),
            )
            for a in draw(st.lists(st.sampled_from(areas), min_size=1, unique=True))
        ]
    return kinds, lines, groups


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_datasets(), st.sampled_from(RUN), st.sampled_from(AREAS))
def test_the_median_move_leaves_out_the_same_members_as_the_core(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    period: Period,
    area: str,
) -> None:
    """How many members of each group break their series since the previous period, how many
    others have a value for one of the two periods only, and the medians of the rest for the
    two periods, are the core's, for every row and for the rows of one period or of one area
    kept (as one council's view keeps them)."""
    kinds, lines, groups = data
    values = Values.of(lines)
    every = benchmark(lines, kinds, groups)
    assert (
        to_rows(benchmark_frame(values, kinds, groups, median_moves=True), values.periods) == every
    )
    kept = to_rows(
        benchmark_frame(values, kinds, groups, period=period, median_moves=True), values.periods
    )
    assert kept == tuple(r for r in every if r.period == period)
    own = to_rows(
        benchmark_frame(values, kinds, groups, area=area, median_moves=True), values.periods
    )
    assert own == tuple(r for r in every if r.area_code == area)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    broken_datasets(),
    st.sampled_from([False, True, "E07000174"]) | st.frozensets(st.sampled_from(AREAS)),
    st.none() | st.sampled_from(AREAS),
)
def test_the_median_moves_are_the_cores_for_the_rows_asked_and_unknown_for_the_rest(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    asked: bool | str | frozenset[str],
    area: str | None,
) -> None:
    """``median_moves`` works out the like-for-like medians for every row (True), none
    (False, the default) or the rows of the areas it names (a set, or one code as text):
    those rows have the core's, every other row has all four null, so that no row says a
    move it was not worked out for; ranks, medians and travel are the core's whatever it
    asks, with or without ``area``."""
    kinds, lines, groups = data
    values = Values.of(lines)
    wanted = (
        set(AREAS)
        if asked is True
        else set()
        if asked is False
        else {asked}
        if isinstance(asked, str)
        else asked
    )
    unknown = {
        "breaking": None,
        "unpaired": None,
        "unbroken_median": None,
        "unbroken_median_before": None,
    }
    expected = tuple(
        r if r.area_code in wanted else attrs.evolve(r, **unknown)
        for r in benchmark(lines, kinds, groups)
        if area is None or r.area_code == area
    )
    found = benchmark_frame(values, kinds, groups, area=area, median_moves=asked)
    assert to_rows(found, values.periods) == expected
    if asked is False:  # the default
        assert (
            to_rows(benchmark_frame(values, kinds, groups, area=area), values.periods) == expected
        )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    broken_datasets(),
    st.lists(st.sampled_from(AREAS), max_size=6),
    st.sampled_from(["as chosen", pl.UInt64, None]),
)
def test_every_rows_median_moves_are_the_cores_whatever_its_groups_members_have(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    members: list[str],
    width: object,
) -> None:
    """Every row's like-for-like medians are the core's when each area's group names areas
    the values have no line for, an area twice, or the area itself among its members, with
    breaks in series and missing values; whatever each member's line is keyed by where the
    rows are put beside their members' lines (the narrowest number that holds it, a wider
    one, or its area, metric and period themselves)."""
    kinds, lines, _ = data
    if not lines:
        return
    values = Values.of(lines)
    groups = [
        PeerGroup(area_code=a, name="nearest neighbours", members=tuple(members))
        for a in dict.fromkeys(line.area_code for line in lines)
    ]
    chosen = engine._key_type if width == "as chosen" else (lambda numbers: width)
    with mock.patch.object(engine, "_key_type", chosen):
        found = benchmark_frame(values, kinds, groups, median_moves=True)
        assert to_rows(found, values.periods) == benchmark(lines, kinds, groups)


def _by_time(period: Period) -> tuple[object, ...]:
    return (period.start, period.end, repr(period))


@st.composite
def uneven_coverage(draw: st.DrawFn) -> tuple[list[AreaValue], list[PeerGroup]]:
    """Values as areas publish them: each area up to a period of its own (some a period or
    two ahead of the rest, some behind), with gaps and values missing on the way, and groups
    (two of an area may share a name, and are then one group) of any of the areas."""
    areas = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=6, unique=True))
    periods = sorted(
        draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=6, unique=True)),
        key=_by_time,
    )
    lines = []
    for a in areas:
        upto = draw(st.integers(0, len(periods)))
        for m in ("M0", "M1"):
            for p in periods[:upto]:
                kind = draw(st.sampled_from(["value", "value", "value", "missing", "no line"]))
                if kind != "no line":
                    value = 1.0 if kind == "value" else None
                    lines.append(
                        AreaValue(area_code=a, area_name=a, metric=m, period=p, value=value)
                    )
    lines = draw(st.permutations(lines))
    groups = [
        PeerGroup(
            area_code=draw(st.sampled_from(areas)),
            name=draw(st.sampled_from(["nearest neighbours", "region"])),
            members=tuple(draw(st.lists(st.sampled_from(areas), max_size=6))),
        )
        for _ in range(draw(st.integers(1, 6)))
    ]
    return lines, groups


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(uneven_coverage(), st.sampled_from([None, *AREAS]))
def test_each_groups_latest_period_and_why_a_later_one_is_left_out_are_the_cores(
    data: tuple[list[AreaValue], list[PeerGroup]], area: str | None
) -> None:
    """The columnar step gives every area, group and metric the period the core's
    ``latest_period`` picks from the group's counts, and the core's words for a later period
    left out."""
    lines, groups = data
    expected = {
        key: (latest_period(counts), later_left_out(counts, latest_period(counts)))
        for key, counts in group_coverage(lines, groups).items()
        if area is None or key[0] == area
    }
    values = Values.of(lines)
    assert values.group_latest(groups, area) == expected
    # a few metrics at a time, as a national file's are worked out: the same answers
    with mock.patch.object(engine, "_MEMBER_LINES", 1):
        assert values.group_latest(groups, area) == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(uneven_coverage())
def test_a_report_shows_each_group_for_the_cores_latest_period_of_its_counts(
    data: tuple[list[AreaValue], list[PeerGroup]],
) -> None:
    """``benchmark_report`` given each group's latest periods (``group_latest``, as the
    command gives them) shows every area of each group for the period the core's
    ``latest_period`` picks from the group's counts, and no other, and a table's caption
    gives the core's words for a later period left out when every area of it has them."""
    from councilpmf.benchmarking.report import benchmark_report

    lines, groups = data
    if not lines:
        return
    kinds = {m: Indicator(id=m, title=m) for m in ("M0", "M1")}
    values = Values.of(lines)
    rows = benchmark(lines, kinds, groups)
    rule = {
        key: (latest_period(counts), later_left_out(counts, latest_period(counts)))
        for key, counts in group_coverage(lines, groups).items()
    }
    report = benchmark_report(
        rows, kinds, values.latest(), group_latest=values.group_latest(groups)
    )
    shown = []
    for table in report.tables():
        metric, rest = table.caption.split(", ", 1)
        keys = [(str(row.cells[0]), str(row.group), metric) for row in table.rows]
        assert {str(rule[key][0]) for key in keys} == {rest.split(":")[0]}
        notes = {rule[key][1] for key in keys}
        words = notes.pop() if len(notes) == 1 else None
        assert table.caption.endswith(f"; {words}" if words else f"within {table.rows[0].group}")
        shown.extend(keys)
    expected = [(r.area_code, r.group, r.metric) for r in rows]
    assert sorted(shown) == sorted(
        k for k, r in zip(expected, rows, strict=True) if r.period == rule[k][0]
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(AREAS), st.sampled_from(["M0", "M1"]), st.sampled_from(PERIODS)),
        max_size=12,
    ),
    st.sampled_from(["as chosen", pl.UInt64, None]),
)
def test_a_second_value_for_an_area_metric_and_period_is_refused_at_the_first_repeat(
    keys: list[tuple[str, str, Period]], width: object
) -> None:
    """Whatever the check holds each line's area, metric and period as (the narrowest number
    that holds them, a wider one, or the three themselves), it refuses the values exactly when
    a line repeats an earlier one's, naming the first such line."""
    lines = [AreaValue(area_code=a, area_name=a, metric=m, period=p) for a, m, p in keys]
    first = next((i for i, key in enumerate(keys) if key in keys[:i]), None)
    chosen = engine._key_type if width == "as chosen" else (lambda numbers: width)
    with mock.patch.object(engine, "_key_type", chosen):
        if first is None:
            assert Values.of(lines).frame.height == len(lines)
            return
        area, metric, period = keys[first]
        with pytest.raises(BenchmarkError) as refused:
            Values.of(lines)
    assert str(refused.value) == (
        f"values: row {first + 1}: period: {area} has a value of {metric} for {period} already"
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    datasets() | broken_datasets(),
    st.sampled_from([False, True, "E07000174"]),
    st.none() | st.sampled_from(PERIODS) | st.just("latest"),
    st.none() | st.sampled_from(AREAS),
)
def test_the_table_worked_out_a_metric_at_a_time_is_the_whole_tables_to_the_byte(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    moves: bool | str,
    when: Period | str | None,
    area: str | None,
) -> None:
    """A large file's table is worked out a batch of metrics at a time and put back together:
    every row, column and type the same, in the same order (the file's lines, interleaving
    the metrics, and each line's groups in their order), and the same CSV byte for byte, on
    uneven coverage, groups, breaks in series and missing values, for a period, each metric's
    latest, an area and the medians' moves asked or not."""
    kinds, lines, groups = data
    if not lines:
        return
    values = Values.of(lines)
    period = values.latest() if when == "latest" else when
    assert not isinstance(period, str)

    def table() -> tuple[pl.DataFrame, bytes]:
        frame = benchmark_frame(values, kinds, groups, period=period, area=area, median_moves=moves)
        out = io.BytesIO()
        write_table(frame, out, kinds)
        return frame.collect(), out.getvalue()

    whole, written = table()
    assert len(engine._metric_batches(values, groups)) == 1
    with mock.patch.object(engine, "_TABLE_LINES", 1):
        # one metric a batch
        metrics = values.frame.get_column("metric").n_unique()
        assert len(engine._metric_batches(values, groups)) == metrics
        batched, batched_written = table()
    assert_frame_equal(batched, whole, check_exact=True)
    assert batched_written == written


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    datasets() | broken_datasets(),
    st.integers(min_value=1, max_value=7),
    st.booleans(),
    st.none() | st.sampled_from(PERIODS),
)
def test_the_table_written_a_slice_of_rows_at_a_time_is_the_whole_write_to_the_byte(
    data: tuple[dict[str, Indicator], list[AreaValue], list[PeerGroup] | None],
    rows: int,
    batched: bool,
    when: Period | None,
) -> None:
    """The CSV is written a few rows at a time (the header once, every row once, in order,
    a slice ending on the last row or not, none for a period without values), to a file as
    to a stream, and is the same byte for byte as written at once, from a table worked out
    whole or a metric at a time."""
    kinds, lines, groups = data
    if not lines:
        return
    values = Values.of(lines)

    def written(target: Path | None = None) -> bytes:
        with mock.patch.object(engine, "_TABLE_LINES", 1 if batched else engine._TABLE_LINES):
            table = benchmark_frame(values, kinds, groups, period=when)
        if target is not None:
            write_table(table, target, kinds)
            return target.read_bytes()
        out = io.BytesIO()
        write_table(table, out, kinds)
        return out.getvalue()

    whole = written()
    assert whole.startswith(b"area_code,")  # the header, once, on an empty table as well
    with mock.patch.object(engine, "_WRITE_ROWS", rows):
        assert written() == whole
        with tempfile.TemporaryDirectory() as folder:
            assert written(Path(folder) / "table.csv") == whole
