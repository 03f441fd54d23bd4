"""A value marked ``[b]`` (the statistical shorthand's "break in series") is read, ranked as
any value is and kept with its words; travel never compares the area's values across it."""

from __future__ import annotations

import csv
import io
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
