"""Trend charts: where they start, what their axes show, and that every point says its rating in
words and symbol, in the document, in HTML and in the data every format gets."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf import fragments
from councilpmf.core.report import Chart, Report, build_report, cell_text
from councilpmf.default_plugins.formats import csv_format, json_format, markdown
from councilpmf.default_plugins.formats import html as html_format

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = {
    "mansfield": ("2024/25 Q3", dt.date(2025, 1, 20)),
    "cambridgeshire": ("2023/24 Q3", dt.date(2024, 1, 31)),
    "york": ("2009/10 Q4", dt.date(2010, 4, 30)),
    "nottinghamshire": ("2015/16 Q4", dt.date(2016, 5, 31)),
}
SYMBOLS = {"★", "✔", "▲", "✖", "–", "?"}


@cache
def _report(name: str) -> Report:
    council = pmf.load_folder(EXAMPLES / name)
    period, as_of = CASES[name]
    readings = pmf.Readings.of(council.readings, council.comparators)
    return build_report("performance", council.framework, readings, pmf.parse_period(period), as_of)


def _chart(ref: str) -> Chart:
    return next(c for c in _report("mansfield").charts() if c.title.endswith(f"({ref})"))


def _labels(chart: Chart) -> list[str]:
    return [p.label for p in chart.series[0].points]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_chart_starts_at_its_first_value(name: str) -> None:
    charts = _report(name).charts()
    assert charts
    for chart in charts:
        values = chart.series[0].points
        assert values[0].value is not None or len(values) == 1, chart.title


def test_an_annual_chart_shows_no_empty_years_before_its_first_value() -> None:
    chart = _chart("ENV05")
    assert _labels(chart) == ["2023/24"]
    assert "no value for" not in chart.description


def test_a_cumulative_monthly_chart_shows_its_year_from_the_first_month() -> None:
    assert _labels(_chart("FIN01")) == [
        "Apr 2024", "May 2024", "Jun 2024", "Jul 2024", "Aug 2024",
        "Sep 2024", "Oct 2024", "Nov 2024", "Dec 2024",
    ]  # fmt: skip


def test_a_quarterly_chart_keeps_at_most_eight_quarters() -> None:
    labels = _labels(_chart("BEN01"))
    assert labels[-1] == "2024/25 Q3" and 1 < len(labels) <= 8


def test_each_value_point_carries_its_rating() -> None:
    chart = _chart("BEN01")
    values, targets = chart.series
    assert all(p.status is not None for p in values.points)
    assert all(p.status is None for p in targets.points)
    last = values.points[-1]
    assert last.status is not None and last.status.word == "Red" and last.status.symbol == "✖"


def test_the_chart_data_table_has_the_rating_as_word_and_symbol() -> None:
    table = _chart("BEN01").data_table()
    assert [c.title for c in table.columns] == ["Period", "Value", "Target", "Rating"]
    assert "| 2024/25 Q3 | 24.8 days | 20.0 days | ✖ Red |" in markdown.render(_report("mansfield"))


def test_json_and_csv_points_carry_their_rating() -> None:
    report = _report("mansfield")
    doc = json.loads(json_format.render(report))
    chart = next(
        b for s in doc["sections"] for b in s["blocks"]
        if b["type"] == "chart" and b["title"].endswith("(BEN01)")
    )  # fmt: skip
    assert chart["series"][0]["points"][-1]["status"] == {
        "status": "red", "word": "Red", "symbol": "✖"
    }  # fmt: skip
    assert "status" not in chart["series"][1]["points"][-1]
    lines = csv_format.render(report).splitlines()
    assert any(
        "(BEN01)" in line and '"2024/25 Q3","rating","Rating","status","red","✖ Red"' in line
        for line in lines
    )


def _svgs(report: Report) -> list[str]:
    return re.findall(r"<svg.*?</svg>", html_format.render(report), re.S)


def test_each_html_point_names_its_rating_in_its_title_and_shows_its_symbol() -> None:
    svg = next(s for s in _svgs(_report("mansfield")) if "(BEN01)" in s)
    titles = re.findall(r"<g>\n<title>([^<]*)</title>", svg)
    assert "2024/25 Q3: Value 24.8 days, Red" in titles
    assert "2024/25 Q3: Target 20.0 days" in titles
    symbols = re.findall(r'<text class="rating"[^>]*>([^<]*)</text>', svg)
    assert symbols and set(symbols) <= SYMBOLS and "✖" in symbols


# An upper bound on the width of a character of the 11-unit axis labels, in SVG units.
_CHAR_WIDTH = 11 * 0.62


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_axis_label_runs_off_the_chart(name: str) -> None:
    for svg in _svgs(_report(name)):
        width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))  # type: ignore[union-attr]
        for x, anchor, text in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"[^>]*font-size="11"[^>]*>([^<]*)<',
            svg,
        ):
            half = len(text) * _CHAR_WIDTH / 2
            left = {"middle": float(x) - half, "end": float(x) - 2 * half}.get(anchor, float(x))
            assert left >= 0 and left + 2 * half <= width, (text, x)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_value_axis_starts_at_zero_with_round_ticks(name: str) -> None:
    for svg in _svgs(_report(name)):
        ticks = re.findall(r'text-anchor="end" dominant-baseline="middle"[^>]*>([^<]*)<', svg)
        if not ticks:
            continue
        numbers = [float(t.rstrip("%").replace(",", "")) for t in ticks]
        assert 0.0 in numbers
        steps = {round(b - a, 6) for a, b in itertools.pairwise(numbers)}
        assert len(steps) == 1


_VALUES = st.floats(-1e9, 1e9).filter(lambda x: x == 0 or abs(x) > 1e-6)


@given(_VALUES, _VALUES)
def test_axis_ticks_are_round_cover_the_data_and_include_zero(a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    ticks = fragments.axis_ticks(low, high)
    assert 2 <= len(ticks) <= 6
    assert ticks[0] <= min(low, 0.0) and ticks[-1] >= max(high, 0.0)
    assert 0.0 in ticks
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5)), step
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert all(math.isclose(gap, step, rel_tol=1e-6) for gap in gaps)


def test_a_provisional_reading_is_marked_on_its_point_as_in_the_table() -> None:
    """ENV01's 2024/25 Q3 figure is provisional: the indicator table says so, and so does the
    chart's point (as a flag, and in its text, which the chart's data table shows) and the
    chart in words, which is all a reader of the PDF's picture gets."""
    report = _report("mansfield")
    row = next(r for t in report.tables() for r in t.rows if r.cells and r.cells[0] == "ENV01")
    chart = _chart("ENV01")
    values, targets = chart.series
    assert [p.label for p in values.points if p.provisional] == ["2024/25 Q3"]
    assert not any(p.provisional for p in targets.points)
    assert values.points[-1].text == cell_text(row.cells[2]) == "32.6% (provisional)"
    assert chart.description == (
        "Rose from 31.6% in 2023/24 Q3 to 32.6% (provisional) in 2024/25 Q3; target 34.0%; "
        "provisional: 2024/25 Q3"
    )
    table = chart.data_table()
    assert cell_text(table.rows[-1].cells[0]) == "32.6% (provisional)"
    assert "provisional" not in _chart("BEN01").description


def test_a_provisional_point_is_hollow_in_svg_and_the_legend_says_so() -> None:
    """Not by colour alone: a provisional value's marker is drawn hollow, its title says it is
    provisional, and the legend has a hollow marker named "Provisional"."""
    svgs = _svgs(_report("mansfield"))
    svg = next(s for s in svgs if "(ENV01)" in s)
    hollow = re.findall(r"<title>([^<]*)</title>\n<circle [^>]*fill=\"#FFFFFF\"", svg)
    assert hollow == ["2024/25 Q3: Value 32.6% (provisional), Amber"]
    assert re.search(r'fill="#FFFFFF"[^>]*/>\n<text [^>]*>Provisional</text>', svg)
    others = [s for s in svgs if "(ENV01)" not in s]
    assert others and not any(">Provisional</text>" in s for s in others)


def test_a_json_point_says_it_is_provisional() -> None:
    """A program reading the JSON need not parse the text to know a figure is provisional."""
    doc = json.loads(json_format.render(_report("mansfield")))
    charts = [b for s in doc["sections"] for b in s["blocks"] if b["type"] == "chart"]
    flagged = [
        (c["title"][-7:], p["label"])
        for c in charts
        for series in c["series"]
        for p in series["points"]
        if p.get("provisional")
    ]
    assert flagged == [("(ENV01)", "2024/25 Q3")]
    assert not any("provisional" in p for c in charts for p in c["series"][0]["points"][:-1])
