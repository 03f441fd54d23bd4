"""A target band on a trend chart: drawn as a shaded area between dashed lines over the periods
that have one (and only those), named in the legend and the words, listed in the data table."""

from __future__ import annotations

import datetime as dt
import json
import re

from councilpmf import fragments
from councilpmf.core.indicators import Indicator, Polarity, Reading, Unit
from councilpmf.core.periods import parse_period
from councilpmf.core.rag import TargetTolerance
from councilpmf.core.readings import Readings
from councilpmf.core.report import Chart, Report, Section, cell_text
from councilpmf.core.report.trends import trend_chart
from councilpmf.default_plugins.formats import json_format

Q1, Q2, Q3, Q4 = (parse_period(f"2024/25 Q{n}") for n in range(1, 5))


def _chart(values: dict[str, float], *, value_target_in_q4: bool = False) -> Chart:
    """A chart over Q1-Q4: no target in Q1, a band of 40% to 60% in Q2 and Q3, and in Q4 the
    band again or a single target of 50%."""
    kpi = Indicator(id="K", title="Satisfied", unit=Unit.PERCENTAGE, polarity=Polarity.TARGET_BAND)
    for q in (Q2, Q3):
        kpi = kpi.with_target(q, low=40, high=60)
    kpi = kpi.with_target(Q4, 50) if value_target_in_q4 else kpi.with_target(Q4, low=40, high=60)
    readings = Readings.of(
        [Reading(indicator="K", period=parse_period(p), value=v) for p, v in values.items()]
    )
    return trend_chart(kpi, readings, (Q1, Q2, Q3, Q4), TargetTolerance())


# Inside the band, on its lower edge, above it and on its upper edge.
VALUES = {"2024/25 Q1": 30.0, "2024/25 Q2": 40.0, "2024/25 Q3": 70.0, "2024/25 Q4": 60.0}


def test_only_the_periods_with_a_band_carry_one() -> None:
    target = _chart(VALUES, value_target_in_q4=True).series[1]
    assert target.name == "Target"
    assert [p.band for p in target.points] == [None, (40.0, 60.0), (40.0, 60.0), None]
    assert [p.value for p in target.points] == [None, None, None, 50.0]


def test_the_words_and_the_data_table_name_the_band() -> None:
    chart = _chart(VALUES)
    assert chart.description.endswith("; target band 40.0% to 60.0%")
    table = chart.data_table()
    assert [c.title for c in table.columns] == ["Period", "Value", "Target", "Rating"]
    assert [cell_text(r.cells[1]) for r in table.rows] == [
        "no target",
        "40.0% to 60.0%",
        "40.0% to 60.0%",
        "40.0% to 60.0%",
    ]


def test_a_value_target_last_is_written_as_a_value() -> None:
    assert _chart(VALUES, value_target_in_q4=True).description.endswith("; target 50.0%")


def test_values_on_the_edges_are_in_the_band_and_a_value_beyond_is_not() -> None:
    words = [p.status.word for p in _chart(VALUES).series[0].points if p.status is not None]
    assert words[1] == words[3] == "Green"  # on the lower and on the upper edge
    assert words[2] != "Green"  # above the band


def _bands(svg: str) -> list[tuple[float, float, float, float]]:
    """Each shaded band in the plot: its left, top, width and height."""
    found = re.search(r'<g class="band">(.*?)</g>', svg, re.S)
    assert found is not None
    return [
        tuple(map(float, m))  # type: ignore[misc]
        for m in re.findall(
            r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', found[1]
        )
    ]


def _marker_y(svg: str, label: str) -> float:
    found = re.search(
        rf'<title>{label}: Value [^<]*</title>\n<circle cx="[\d.]+" cy="([\d.]+)"', svg
    )
    assert found is not None
    return float(found[1])


def test_the_svg_shades_the_band_in_its_periods_only_with_dashed_edges() -> None:
    svg = fragments.svg(_chart(VALUES, value_target_in_q4=True), "c")
    bands = _bands(svg)
    assert len(bands) == 2  # Q2 and Q3; none in Q1 (no target) nor Q4 (a value target)
    step = (fragments.WIDTH - 72 - 44) / 3
    assert [round(b[0], 1) for b in bands] == [round(72 + step / 2, 1), round(72 + step * 1.5, 1)]
    # The band's edges: the value on the lower edge (Q2) sits on its bottom line.
    top, height = bands[0][1], bands[0][3]
    assert abs(_marker_y(svg, "2024/25 Q2") - (top + height)) < 0.11
    assert _marker_y(svg, "2024/25 Q3") < top  # above the band: higher on the page
    assert svg.count('stroke-dasharray="3 3"') == 2 * 2 + 2  # two edges per band, legend's two
    assert ">Target band 40.0% to 60.0%</text>" in svg
    assert ">Target</text>" in svg  # Q4's value target is still drawn as a line


def test_a_chart_of_bands_alone_draws_no_empty_target_line() -> None:
    svg = fragments.svg(_chart(VALUES), "c")
    bands = _bands(svg)
    assert len(bands) == 3
    assert abs(_marker_y(svg, "2024/25 Q4") - bands[2][1]) < 0.11  # on the upper edge
    assert ">Target</text>" not in svg
    assert ">Target band 40.0% to 60.0%</text>" in svg


def test_the_axis_reaches_a_band_above_every_value() -> None:
    svg = fragments.svg(_chart({"2024/25 Q2": 10.0}), "c")
    assert ">60%</text>" in svg or ">80%</text>" in svg


def test_a_json_target_point_gives_its_band_as_numbers() -> None:
    """A program reading the JSON need not parse "40.0% to 60.0%" to know the band."""
    chart = _chart(VALUES, value_target_in_q4=True)
    report = Report(
        kind="performance",
        title="Bands",
        council="Anytown",
        committee=None,
        period="2024/25 Q4",
        as_of=dt.date(2025, 5, 1),
        sections=(Section(heading="Trend", blocks=(chart,)),),
    )
    (shown,) = json.loads(json_format.render(report))["sections"][0]["blocks"]
    target = shown["series"][1]["points"]
    assert [(p.get("low"), p.get("high"), p["value"]) for p in target] == [
        (None, None, None),
        (40.0, 60.0, None),
        (40.0, 60.0, None),
        (None, None, 50.0),
    ]
