"""pmf.chart: one indicator's trend chart in a notebook is the chart the performance report
draws, point for point and byte for byte, with its title, text alternative and data table."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf import fragments
from councilpmf.core.report import Chart, Report, build_report
from councilpmf.default_plugins.formats import html as html_format
from councilpmf.testing.samples import MARKUP

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = {
    "mansfield": ("2024/25 Q3", dt.date(2025, 1, 20)),
    "york": ("2009/10 Q4", dt.date(2010, 4, 30)),
    "nottinghamshire": ("2015/16 Q4", dt.date(2016, 5, 31)),
}


@cache
def _council(name: str) -> pmf.CouncilFolder:
    return pmf.load_folder(EXAMPLES / name)


@cache
def _report(name: str) -> Report:
    council = _council(name)
    period, as_of = CASES[name]
    readings = pmf.Readings.of(council.readings, council.comparators)
    return build_report("performance", council.framework, readings, pmf.parse_period(period), as_of)


def _svgs(report: Report) -> list[str]:
    return re.findall(r"<svg.*?</svg>", html_format.render(report), re.S)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_report_chart_is_the_chart_of_its_indicator(name: str) -> None:
    council, report = _council(name), _report(name)
    readings = pmf.Readings.of(council.readings, council.comparators)
    period = CASES[name][0]
    charts, svgs = report.charts(), _svgs(report)
    assert len(charts) == len(svgs) > 0
    for number, (drawn, svg) in enumerate(zip(charts, svgs, strict=True), start=1):
        ref = drawn.title.rsplit("(", 1)[1].rstrip(")")
        trend = pmf.chart(
            council.framework.indicator(ref), readings, period, framework=council.framework
        )
        assert trend.chart == drawn
        # The same drawing: only the ids that tie the title and description to it differ.
        assert trend.svg().replace(trend.key, f"chart-{number}") == svg


def test_the_svg_has_a_title_a_text_alternative_and_rated_points() -> None:
    council = _council("mansfield")
    trend = pmf.chart(council.framework.indicator("BEN01"), council.readings, "2024/25 Q3")
    svg = trend._repr_svg_()
    assert svg.startswith(f'<svg role="img" aria-labelledby="{trend.key}-title {trend.key}-desc"')
    assert f'<title id="{trend.key}-title">{trend.chart.title}</title>' in svg
    assert f'<desc id="{trend.key}-desc">{trend.chart.description}</desc>' in svg
    assert "Rose from" in trend.chart.description or "Fell from" in trend.chart.description
    assert "2024/25 Q3: Value 24.8 days, Red" in svg
    assert re.search(r'<text class="rating"[^>]*>✖</text>', svg)
    ticks = re.findall(r'text-anchor="end" dominant-baseline="middle"[^>]*>([^<]*)<', svg)
    assert ticks[0] == "0"  # the value axis starts at zero


def test_the_html_has_the_picture_and_its_data_table() -> None:
    council = _council("mansfield")
    trend = pmf.chart(council.framework.indicator("BEN01"), council.readings, "2024/25 Q3")
    html = trend._repr_html_()
    assert trend.svg() in html
    assert "<caption>Data for the chart: " in html
    assert '<th scope="col">Rating</th>' in html and '<th scope="row">2024/25 Q3</th>' in html
    assert "<td>✖ Red</td>" in html  # a rating is its symbol and its word


def test_the_default_is_the_latest_period_and_a_list_is_charted_as_given() -> None:
    council = _council("mansfield")
    kpi = council.framework.indicator("BEN01")
    latest = max(r.period for r in council.readings if r.indicator == "BEN01")
    assert pmf.chart(kpi, council.readings).chart == pmf.chart(kpi, council.readings, latest).chart
    chosen = ["2023/24 Q4", "2024/25 Q1", pmf.parse_period("2024/25 Q2")]
    points = pmf.chart(kpi, council.readings, chosen).chart.series[0].points
    assert [p.label for p in points] == ["2023/24 Q4", "2024/25 Q1", "2024/25 Q2"]


def test_a_chart_with_no_readings_names_its_periods_or_says_none() -> None:
    kpi = pmf.Indicator(id="NEW", title="A new measure")
    with pytest.raises(ValueError, match="no readings of NEW"):
        pmf.chart(kpi, [])
    empty = pmf.chart(kpi, [], ["2024/25 Q1", "2024/25 Q2"])
    assert "No values to plot" in empty.svg()
    assert (
        empty.chart.description == "No values recorded from 2024/25 Q1 to 2024/25 Q2; no target set"
    )
    one = pmf.chart(kpi, [], ["2024/25 Q3"])  # one period is not a span "from Q3 to Q3"
    assert one.chart.description == "No value recorded in 2024/25 Q3; no target set"


def test_periods_out_of_order_or_twice_are_refused_in_one_line() -> None:
    kpi = pmf.Indicator(id="K", title="A measure")
    readings = [pmf.Reading(indicator="K", period=pmf.parse_period("2024/25 Q3"), value=3)]
    cases = {
        ("2024/25 Q3", "2024/25 Q3"): "2024/25 Q3 is not after 2024/25 Q3",
        ("2024/25 Q3", "2024/25 Q1"): "2024/25 Q1 is not after 2024/25 Q3",
        ("2024/25", "2024/25 Q3"): "2024/25 Q3 is not after 2024/25",
    }
    for periods, said in cases.items():
        with pytest.raises(
            pmf.InputError, match=rf"^periods: {said}; name each period once, in order"
        ):
            pmf.chart(kpi, readings, periods)
    drawn = pmf.chart(kpi, readings, ["2024/25 Q2", "2024/25 Q3"])  # next to each other: fine
    assert [p.label for p in drawn.chart.series[0].points] == ["2024/25 Q2", "2024/25 Q3"]


def test_hostile_text_in_a_chart_is_escaped() -> None:
    kpi = pmf.Indicator(id="K1", title=MARKUP, unit="percentage")
    readings = [pmf.Reading(indicator="K1", period="2024/25 Q1", value=50.0)]
    trend = pmf.chart(kpi, readings)
    for markup in (trend._repr_svg_(), trend._repr_html_()):
        assert "<script" not in markup and "&lt;script&gt;" in markup
    assert "\n" not in repr(trend) and len(repr(trend)) < 200


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)), min_size=1, max_size=10
    ),
    target=st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)),
)
def test_every_chart_starts_at_zero_and_marks_each_value(
    values: list[float | None], target: float | None
) -> None:
    first = pmf.parse_period("2023/24 Q1")
    periods = [first.shift(i) for i in range(len(values))]
    kpi = pmf.Indicator(id="K", title="K")
    if target is not None:
        kpi = kpi.with_target(periods[-1], target)
    readings = [
        pmf.Reading(indicator="K", period=p, value=v)
        if v is not None
        else pmf.Reading(indicator="K", period=p, missing_reason="late")
        for p, v in zip(periods, values, strict=True)
    ]
    trend = pmf.chart(kpi, readings, periods)
    svg = trend.svg()
    known = [v for v in values if v is not None]
    if known or target is not None:
        ticks = re.findall(r'text-anchor="end" dominant-baseline="middle"[^>]*>([^<]*)<', svg)
        assert 0.0 in [float(t.replace(",", "")) for t in ticks]
    assert svg.count("<circle") == len(known)
    assert svg.count('<text class="rating"') == len(known)  # each value shows its rating
    assert len(trend.table.rows) == len(values)


def test_the_framework_gives_its_default_rule_and_year_start() -> None:
    year = pmf.parse_period("2024", start_month=1)
    kpi = pmf.Indicator(id="K", title="K", frequency="annual").with_target(year, 100)
    readings = [pmf.Reading(indicator="K", period=year, value=80.0)]
    fw = pmf.Framework(
        plan=pmf.StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=(kpi,),
        default_rule=pmf.TargetTolerance(tolerance=50),
        year_start_month=1,
    )
    own = pmf.chart(kpi, readings, "2024", framework=fw).chart
    assert isinstance(own, Chart) and own.series[0].points[0].label == "2024"
    assert own.series[0].points[0].status.word == "Amber"  # type: ignore[union-attr]
    plain = pmf.chart(kpi, readings, [year]).chart
    assert plain.series[0].points[0].status.word == "Red"  # type: ignore[union-attr]
    assert fragments.svg(own, "k") != fragments.svg(plain, "k")
