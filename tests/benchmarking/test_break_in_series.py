"""A value marked ``[b]`` (the statistical shorthand's "break in series") is read, ranked as
any value is and kept with its words; travel never compares the area's values across it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from councilpmf.core.benchmark import AreaValue, benchmark, marked_breaks
from councilpmf.core.indicators import Indicator, Polarity
from councilpmf.core.periods import Period, parse_period
from councilpmf.core.shorthand import (
    ShorthandError,
    breaks_series,
    check_marker,
    qualifier,
    read_cell,
)
from councilpmf.core.travel import Direction

KPI = {"R": Indicator(id="R", title="Recycling rate", polarity=Polarity.HIGHER_IS_BETTER)}
IMPROVING, NO_COMPARISON = Direction.IMPROVING, Direction.NO_COMPARISON


def p(text: str) -> Period:
    return parse_period(text)


def line(area: str, period: str, value: float | None, marker: str = "") -> AreaValue:
    return AreaValue(
        area_code=area, area_name=area, metric="R", period=p(period), value=value, marker=marker
    )


@pytest.mark.parametrize(
    ("text", "number", "marker"),
    [
        ("45.2 [b]", "45.2", "[b]"),
        ("45.2[B]", "45.2", "[b]"),
        ("[b] 45.2", "45.2", "[b]"),
        ("45.2 [p][b]", "45.2", "[p][b]"),
        ("1,234 [b] [note 2]", "1,234", "[b][note 2]"),
    ],
)
def test_a_number_marked_as_a_break_in_series_is_read_with_its_mark(
    text: str, number: str, marker: str
) -> None:
    cell = read_cell(text)
    assert (cell.number, cell.marker) == (number, marker)
    assert check_marker(float(number.replace(",", "")), cell.marker) is None
    assert breaks_series(cell.marker)
    assert "break in series" in qualifier(cell.marker)


@pytest.mark.parametrize("text", ["[b]", "[B]", " [b] ", "[b][p]"])
def test_a_break_in_series_without_a_number_is_refused_as_any_qualifier_alone(text: str) -> None:
    with pytest.raises(ShorthandError, match=r"qualifies a number, as in 45.2 \[b\]|\[p\]"):
        read_cell(text)


def test_b_beside_a_missing_mark_and_b_without_brackets_are_not_a_break() -> None:
    with pytest.raises(ShorthandError, match="stands alone"):
        read_cell("[c] [b]")
    # "b" alone is no mark of the shorthand: left to the number reader, which refuses it
    assert read_cell("b").marker == ""
    assert not breaks_series("[p][note 2]")


def test_the_value_after_a_break_is_ranked_and_counted_as_any_value() -> None:
    rows = benchmark([line("A", "2024/25 Q3", 48.0, "[b]"), line("B", "2024/25 Q3", 40.0)], KPI)
    assert [(r.rank, r.of, r.median, r.qualifier()) for r in rows] == [
        (1, 2, 44.0, "break in series"),
        (2, 2, 44.0, ""),
    ]


def test_travel_is_no_valid_comparison_across_the_break_and_usual_after_it() -> None:
    lines = [
        line("A", "2023/24 Q3", 30.0),
        line("A", "2023/24 Q4", 31.0),
        line("A", "2024/25 Q1", 40.0, "[b]"),  # the first value on the new basis
        line("A", "2024/25 Q2", 41.0),
        line("A", "2024/25 Q3", 42.0),
        line("A", "2025/26 Q1", 45.0),
        line("A", "2025/26 Q2", 46.0),
    ]
    found = {str(r.period): (r.short_term, r.long_term) for r in benchmark(lines, KPI)}
    # the marked value against the quarter before: across the break
    assert found["2024/25 Q1"][0] is NO_COMPARISON
    # the next quarter compares with the marked one: both on the new basis
    assert found["2024/25 Q2"][0] is IMPROVING
    # a year before Q3 is before the break, though Q3 itself is not marked
    assert found["2024/25 Q3"] == (IMPROVING, NO_COMPARISON)
    # a year after the break, the same quarter last year is the marked one: no break between
    assert found["2025/26 Q1"][1] is IMPROVING
    assert found["2025/26 Q2"][1] is IMPROVING


def test_a_break_is_the_marking_areas_alone() -> None:
    lines = [
        line("A", "2024/25 Q2", 40.0),
        line("A", "2024/25 Q3", 42.0, "[b]"),
        line("B", "2024/25 Q2", 40.0),
        line("B", "2024/25 Q3", 42.0),
    ]
    short = {(r.area_code, str(r.period)): r.short_term for r in benchmark(lines, KPI)}
    assert short[("A", "2024/25 Q3")] is NO_COMPARISON
    assert short[("B", "2024/25 Q3")] is IMPROVING
    assert list(marked_breaks(lines)) == [("A", "R")]


def test_a_break_marked_on_an_annual_value_stops_the_quarters_that_cross_its_start() -> None:
    """A break is where the marked period starts, whatever kind of period compares across it,
    as a metric's ``series_break`` is."""
    lines = [
        line("A", "2024/25", 40.0, "[b]"),
        line("A", "2023/24 Q4", 30.0),
        line("A", "2024/25 Q1", 41.0),
        line("A", "2024/25 Q2", 42.0),
    ]
    short = {str(r.period): r.short_term for r in benchmark(lines, KPI)}
    assert short["2024/25 Q1"] is NO_COMPARISON
    assert short["2024/25 Q2"] is IMPROVING


def test_the_command_reads_a_break_and_says_so_in_the_table(tmp_path: Path) -> None:
    pytest.importorskip("polars")
    from councilpmf import cli

    (tmp_path / "metrics.toml").write_text(
        '[[indicators]]\nid = "R"\ntitle = "Recycling rate"\npolarity = "higher is better"\n',
        encoding="utf-8",
    )
    values = tmp_path / "values.csv"
    values.write_text(
        "area_code,area_name,metric,period,value\n"
        "E1,A,R,2024/25 Q2,40\nE1,A,R,2024/25 Q3,45.2 [b]\n"
        "E2,B,R,2024/25 Q2,40\nE2,B,R,2024/25 Q3,42\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli.main, ["benchmark", str(values), "--metrics", str(tmp_path / "metrics.toml")]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    got = [
        (r["value"], r["rank"], r["short_term"], r["qualifier"])
        for r in rows
        if r["period"] == "2024/25 Q3"
    ]
    assert got == [
        ("45.2", "1", "no valid comparison", "break in series"),
        ("42.0", "2", "improving", ""),
    ]


# The group median's move in one council's view is like for like: a member whose series
# breaks between the two periods is left out of both medians. With C's break, the medians of
# every member rose (40 to 43) only because C's new basis is far higher; A's and B's fell.
BEFORE = {"E1": 40.0, "E2": 44.0, "E3": 10.0}
NOW = {"E1": 39.0, "E2": 43.0, "E3": 90.0}


def _lines(marked: dict[str, str]) -> list[AreaValue]:
    """The values of E1 (A), E2 and E3 for 2024/25 Q2 and Q3, ``marked`` giving each marked
    value's area and period."""
    return [
        line(area, period, values[area], "[b]" if marked.get(area) == period else "")
        for period, values in (("2024/25 Q2", BEFORE), ("2024/25 Q3", NOW))
        for area in values
    ]


def _view(lines: list[AreaValue], members: tuple[str, ...], engine: str, tmp_path: Path) -> str:
    """E1's standing in its group of ``members`` for 2024/25 Q3 in words, from the core's
    rows (``core``) or from the command, whose rows are the polars engine's (``command``)."""
    if engine == "core":
        from councilpmf.benchmarking.report import benchmark_report
        from councilpmf.core.benchmark import PeerGroup

        group = PeerGroup(area_code="E1", name="nn", members=members)
        rows = benchmark(lines, KPI, [group])
        report = benchmark_report(rows, KPI, p("2024/25 Q3"), area="E1")
        (row,) = report.tables()[0].rows
        return str(row.cells[-1])
    pytest.importorskip("polars")
    from councilpmf import cli

    (tmp_path / "metrics.toml").write_text(
        '[[indicators]]\nid = "R"\ntitle = "Recycling rate"\npolarity = "higher is better"\n',
        encoding="utf-8",
    )
    (tmp_path / "values.csv").write_text(
        "area_code,area_name,metric,period,value\n"
        + "".join(
            f"{x.area_code},{x.area_name},R,{x.period},{x.value} {x.marker}\n" for x in lines
        ),
        encoding="utf-8",
    )
    (tmp_path / "groups.csv").write_text(
        "area_code,group,member_code\n" + "".join(f"E1,nn,{m}\n" for m in members or ("E1",)),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli.main,
        [
            "benchmark",
            str(tmp_path / "values.csv"),
            *("--metrics", str(tmp_path / "metrics.toml")),
            *("--groups", str(tmp_path / "groups.csv")),
            *("--area", "E1", "--period", "2024/25 Q3", "--format", "json"),
        ],
    )
    assert result.exit_code == 0, result.output
    (block,) = json.loads(result.stdout)["sections"][0]["blocks"]
    (row,) = block["rows"]
    return str(row["cells"]["in_words"])


ENGINES = ["core", "command"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_median_move_leaves_out_a_member_whose_series_breaks(
    engine: str, tmp_path: Path
) -> None:
    words = _view(_lines({"E3": "2024/25 Q3"}), ("E2", "E3"), engine, tmp_path)
    assert words == (
        "3rd of 3 in nn; worsening while the group median fell (without 1 area whose series breaks)"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_break_at_the_earlier_period_leaves_the_median_move_as_it_is(
    engine: str, tmp_path: Path
) -> None:
    """Q3 against a Q2 marked [b] compares values on the same basis: no member is left out,
    and the medians of every member compare."""
    words = _view(_lines({"E3": "2024/25 Q2"}), ("E2", "E3"), engine, tmp_path)
    assert words == "3rd of 3 in nn; worsening while the group median rose"


@pytest.mark.parametrize("engine", ENGINES)
def test_no_median_move_is_said_when_every_member_breaks(engine: str, tmp_path: Path) -> None:
    every = dict.fromkeys(NOW, "2024/25 Q3")
    words = _view(_lines(every), ("E2", "E3"), engine, tmp_path)
    assert words == "3rd of 3 in nn; no comparison with the previous period"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ({}, "1st of 1 in nn; worsening while the group median fell"),
        ({"E1": "2024/25 Q3"}, "1st of 1 in nn; no comparison with the previous period"),
    ],
)
def test_a_group_of_one_whose_series_breaks_has_no_median_move(
    engine: str, marked: dict[str, str], expected: str, tmp_path: Path
) -> None:
    assert _view(_lines(marked), (), engine, tmp_path) == expected


def test_the_row_says_how_many_members_break_and_their_medians_without_them() -> None:
    from councilpmf.core.benchmark import PeerGroup

    rows = benchmark(
        _lines({"E3": "2024/25 Q3"}),
        KPI,
        [PeerGroup(area_code="E1", name="nn", members=("E2", "E3"))],
    )
    now = next(r for r in rows if str(r.period) == "2024/25 Q3")
    assert (now.median, now.breaking, now.unbroken_median, now.unbroken_median_before) == (
        43.0,
        1,
        41.0,
        42.0,
    )
    before = next(r for r in rows if str(r.period) == "2024/25 Q2")
    assert (before.breaking, before.unbroken_median, before.unbroken_median_before) == (
        0,
        None,
        None,
    )


# The move compares the same members in both periods: a member with a value for one of the
# two only is left out of both medians too, as a breaking one is. Every case below turns the
# move around or changes what is said, against the medians of every member with a value.
MISSING_ONE = [
    # E3 has no value for Q2: every member's medians rose (42 to 43); E1's and E2's fell
    (
        {},
        [("E3", "2024/25 Q2")],
        "3rd of 3 in nn; worsening while the group median fell "
        "(without 1 area with a value for one period only)",
    ),
    # E3 has no value for Q3: every member's medians rose (40 to 41); E1's and E2's fell
    (
        {},
        [("E3", "2024/25 Q3")],
        "2nd of 2 in nn; worsening while the group median fell "
        "(without 1 area with a value for one period only)",
    ),
    # every member has a value for one period only: no member is left to compare
    (
        {},
        [("E1", "2024/25 Q2"), ("E2", "2024/25 Q3"), ("E3", "2024/25 Q2")],
        "2nd of 2 in nn; no comparison with the previous period",
    ),
    # the area itself has no value for Q2: its Q3 value is left out of the medians too
    (
        {},
        [("E1", "2024/25 Q2")],
        "3rd of 3 in nn; no comparison with the previous period; the group median rose "
        "(without 1 area with a value for one period only)",
    ),
    # one member breaking and the area without a value for Q2: E2 alone is compared
    (
        {"E3": "2024/25 Q3"},
        [("E1", "2024/25 Q2")],
        "3rd of 3 in nn; no comparison with the previous period; the group median fell "
        "(without 1 area whose series breaks and 1 with a value for one period only)",
    ),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("marked", "dropped", "expected"), MISSING_ONE)
def test_the_median_move_leaves_out_a_member_with_a_value_for_one_period_only(
    engine: str,
    marked: dict[str, str],
    dropped: list[tuple[str, str]],
    expected: str,
    tmp_path: Path,
) -> None:
    """A value missing is a line without one for the core (the command adds such a line for
    the area, as its view needs the period before) and no line in the command's file."""
    lines = [
        line(x.area_code, str(x.period), None) if (x.area_code, str(x.period)) in dropped else x
        for x in _lines(marked)
    ]
    if engine == "command":
        lines = [x for x in lines if x.value is not None]
    assert _view(lines, ("E2", "E3"), engine, tmp_path) == expected


def test_the_row_says_how_many_members_have_a_value_for_one_period_only() -> None:
    from councilpmf.core.benchmark import PeerGroup

    lines = [x for x in _lines({}) if (x.area_code, str(x.period)) != ("E3", "2024/25 Q2")]
    rows = benchmark(lines, KPI, [PeerGroup(area_code="E1", name="nn", members=("E2", "E3"))])
    now = next(r for r in rows if str(r.period) == "2024/25 Q3")
    assert (now.median, now.breaking, now.unpaired) == (43.0, 0, 1)
    assert (now.unbroken_median, now.unbroken_median_before) == (41.0, 42.0)
    # with every member on both periods none is left out, and the medians are the group's own
    now = next(r for r in benchmark(_lines({}), KPI) if str(r.period) == "2024/25 Q3")
    assert (now.breaking, now.unpaired, now.unbroken_median) == (0, 0, None)
