"""The papers' chart images carry each point's rating in words and a symbol, not colour alone."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import pytest
from councilpmf_papers.charts import figure_of, png
from councilpmf_papers.text import office_text
from papers_fixtures import mansfield_report

from councilpmf.core.rag import Status
from councilpmf.core.report import Chart, Point, Series, StatusCell

if TYPE_CHECKING:
    from matplotlib.transforms import Bbox


def _charts() -> list[Chart]:
    report = mansfield_report("performance")
    return [b for s in report.sections for b in s.blocks if isinstance(b, Chart)]


def test_each_rated_point_is_labelled_with_its_rating() -> None:
    chart = next(c for c in _charts() if any(p.status for p in c.series[0].points))
    labels = [text.get_text() for text in figure_of(chart).axes[0].texts]
    expected = [
        f"{p.status.symbol} {p.status.word}"
        for p in chart.series[0].points
        if p.status is not None and p.value is not None
    ]
    assert labels[: len(expected)] == expected
    assert expected


def test_the_image_is_the_same_bytes_each_time() -> None:
    chart = _charts()[0]
    assert png(chart) == png(chart)


@pytest.mark.parametrize(
    "words",
    [
        "Near $\\frac$ target",  # not TeX matplotlib can parse: drawing it raised ValueError
        "Met: $5 to $10",  # TeX it can parse: drawn as italic maths, the dollars gone
        "Met\x1b[31m \u202eevil",  # no council folder holds these; the API may
    ],
)
def test_council_words_are_drawn_as_the_characters_they_are(words: str) -> None:
    status = StatusCell(status=Status.AMBER, word=words, symbol="▲")
    points = (
        Point(label=words, value=88.0, text="88.0%", status=status),
        Point(label="2024/25 Q3", value=91.0, text="91.0%", status=status),
    )
    chart = Chart(
        title=words, description=words, unit=words, series=(Series(name=words, points=points),)
    )
    figure = figure_of(chart)
    texts = [*figure.axes[0].texts, *figure.axes[0].get_xticklabels()]
    texts += [figure.axes[0].yaxis.label, *figure.axes[0].get_legend().get_texts()]
    shown = office_text(words)
    # A point's label is wrapped onto lines; the words are as they were.
    drawn = [t.get_text().replace("\n", " ") for t in texts]
    assert drawn == [f"▲ {shown}"] * 2 + [shown, "2024/25 Q3"] + [shown] * 2
    assert not any(t.get_parse_math() for t in texts)
    assert png(chart).startswith(b"\x89PNG")


def _extents(chart: Chart) -> tuple[list[Bbox], Bbox]:
    """Where each point's label is drawn, and the figure, in pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = figure_of(chart)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in figure.axes[0].texts], figure.bbox


@pytest.mark.parametrize("count", [1, 2, 3, 8])
@pytest.mark.parametrize(
    "word",
    ["Amber", "Within tolerance", "Off target and no better than the same quarter last year"],
)
@pytest.mark.parametrize("rising", [True, False])
def test_every_point_label_is_inside_the_picture(count: int, word: str, rising: bool) -> None:
    """A label wider than the space beside the first or last point was cut off at the edge of
    the picture: the first and last points' labels, however long the council's word for the
    rating, are drawn wholly inside it, as every other point's is."""
    status = StatusCell(status=Status.AMBER, word=word, symbol="▲")
    values = [10.0 * (i + 1) if rising else 10.0 * (count - i) for i in range(count)]
    points = tuple(
        Point(label=f"2024/25 Q{i}", value=v, text=f"{v}%", status=status)
        for i, v in enumerate(values)
    )
    chart = Chart(
        title="T", description="D", unit="percentage", series=(Series(name="Value", points=points),)
    )
    labels, picture = _extents(chart)
    assert len(labels) == count
    outside = [
        (i, box.bounds)
        for i, box in enumerate(labels)
        if box.x0 < picture.x0 or box.x1 > picture.x1 or box.y0 < picture.y0 or box.y1 > picture.y1
    ]
    assert outside == []


def test_emoji_in_council_words_are_named_not_drawn_as_boxes() -> None:
    """matplotlib's DejaVu Sans has no emoji: it warned of the missing glyph and drew a box."""
    status = StatusCell(status=Status.GREEN, word="Met 🎉", symbol="✔")
    points = (Point(label="2024/25 Q3 👍", value=91.0, text="91.0%", status=status),)
    chart = Chart(
        title="T", description="D", unit="%", series=(Series(name="Value 📈", points=points),)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning
        figure = figure_of(chart)
        png(chart)
    axes = figure.axes[0]
    texts = [axes.texts[0], axes.get_xticklabels()[0], *axes.get_legend().get_texts()]
    assert [t.get_text().replace("\n", " ") for t in texts] == [
        "✔ Met [party popper]",
        "2024/25 Q3 [thumbs up sign]",
        "Value [chart with upwards trend]",
    ]


def test_a_provisional_value_is_drawn_hollow_and_named_in_the_legend() -> None:
    """Not by colour alone: ENV01's provisional 2024/25 Q3 figure is drawn as a hollow marker,
    which the legend names "Provisional"; a chart with no provisional figure has no such entry."""
    chart = next(c for c in _charts() if c.title.endswith("(ENV01)"))
    axes = figure_of(chart).axes[0]
    legend = [t.get_text() for t in axes.get_legend().get_texts()]
    assert legend == ["Value", "Target", "Provisional"]
    hollow = next(line for line in axes.get_lines() if line.get_label() == "Provisional")
    assert list(hollow.get_xdata()) == [len(chart.series[0].points) - 1]
    assert list(hollow.get_ydata()) == [32.6]
    assert hollow.get_markerfacecolor() == "white"
    assert hollow.get_marker() == "o" and hollow.get_linestyle() == "None"
    final = next(c for c in _charts() if c.title.endswith("(BEN01)"))
    legend = [t.get_text() for t in figure_of(final).axes[0].get_legend().get_texts()]
    assert legend == ["Value", "Target"]


@pytest.mark.parametrize(
    "values", [[-5.0, -2.0, 3.0], [-5.0, -2.0], [2.0, 0.0, 5.0], [0.0]], ids=str
)
def test_the_value_axis_holds_zero_and_every_value(values: list[float]) -> None:
    """A budget's variance runs below zero: the axis was cut at zero, so a negative value was
    drawn below it, over the periods' labels, or off the picture."""
    points = tuple(Point(label=f"Q{i}", value=v, text=f"{v}%") for i, v in enumerate(values))
    chart = Chart(
        title="T", description="D", unit="percentage", series=(Series(name="Value", points=points),)
    )
    bottom, top = figure_of(chart).axes[0].get_ylim()
    assert bottom <= min([0.0, *values]) and top >= max([0.0, *values])
    assert bottom == 0.0 or min(values) < 0


def _banded(last_is_value: bool) -> Chart:
    """Four periods: no target, a band of 40% to 60% twice, then the band or a value of 50%."""
    band = {"value": None, "text": "40.0% to 60.0%", "low": 40.0, "high": 60.0}
    last = {"value": 50.0, "text": "50.0%"} if last_is_value else band
    targets = [{"value": None, "text": "no target"}, band, band, last]
    return Chart(
        title="Satisfied",
        description="Rose",
        unit="percentage",
        series=(
            Series(
                name="Value",
                points=tuple(
                    Point(label=f"Q{i}", value=v, text=f"{v}%")
                    for i, v in enumerate((30.0, 40.0, 70.0, 60.0), start=1)
                ),
            ),
            Series(
                name="Target",
                points=tuple(
                    Point(label=f"Q{i}", **t)  # type: ignore[arg-type]
                    for i, t in enumerate(targets, start=1)
                ),
            ),
        ),
    )


def _legend(chart: Chart) -> list[str]:
    legend = figure_of(chart).axes[0].get_legend()
    return [text.get_text() for text in legend.get_texts()]


def test_a_band_is_shaded_between_its_edges_in_its_periods_only() -> None:
    from matplotlib.collections import PolyCollection

    axes = figure_of(_banded(last_is_value=True)).axes[0]
    shaded = [c for c in axes.collections if isinstance(c, PolyCollection)]
    extents = [c.get_paths()[0].get_extents() for c in shaded]
    assert [(e.x0, e.x1, e.y0, e.y1) for e in extents] == [
        (0.5, 1.5, 40.0, 60.0),
        (1.5, 2.5, 40.0, 60.0),
    ]
    dashed = [line for line in axes.get_lines() if line.get_linestyle() == "--"]
    edges = sorted(line.get_ydata()[0] for line in dashed if len(line.get_ydata()) == 2)
    assert edges == [40.0, 40.0, 60.0, 60.0]


def test_the_legend_names_the_band_once_and_a_value_target_too() -> None:
    assert _legend(_banded(last_is_value=True)) == ["Target band 40.0% to 60.0%", "Value", "Target"]
    assert _legend(_banded(last_is_value=False)) == ["Target band 40.0% to 60.0%", "Value"]


def test_a_band_at_the_last_point_stops_there() -> None:
    from matplotlib.collections import PolyCollection

    axes = figure_of(_banded(last_is_value=False)).axes[0]
    shaded = [c for c in axes.collections if isinstance(c, PolyCollection)]
    assert shaded[-1].get_paths()[0].get_extents().x1 == 3.0
    assert axes.get_ylim()[1] >= 70.0
