"""A report's trend charts drawn as PNG images, with matplotlib, for the Word and PDF papers.

A :class:`~councilpmf.core.report.Chart` is data: series of points with a label, a value (None
when missing) and the value as shown. :func:`png` draws it as a line per series, the value
solid with round markers and the target dashed with square ones, so the two differ without
colour; each rated point carries its rating's symbol and word; the y axis starts at zero with
round ticks, and a missing value is a gap. Every chart
also has a description in words, which the papers give as the image's alternative text.

Words from the council (a band's label, a series' name) are drawn as the characters they are:
never as matplotlib's TeX-like maths, which would turn ``Met: $5 to $10`` into italics without
its dollars and refuse ``$\\frac$`` outright, and through
:func:`~councilpmf_papers.text.office_text`, as everywhere else in the papers.

The image is the same bytes for the same chart: matplotlib's Agg renderer draws the same pixels
each time, and no date or software version is written into the file.
"""

from __future__ import annotations

import io
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from councilpmf.core.report import Chart
from councilpmf_papers.text import office_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DPI", "HEIGHT", "WIDTH", "figure_of", "png"]

WIDTH, HEIGHT = 6.4, 2.8
"""The size of a chart, in inches."""
DPI = 120

# Colour, marker and line of each series: the value and the target differ without colour.
_STYLES = {"Value": ("#1f4e79", "o", "-"), "Target": ("#595959", "s", "--")}
_OTHER = ("#7f3f00", "^", ":")


def png(chart: Chart) -> bytes:
    """The chart as a PNG image, ``WIDTH`` by ``HEIGHT`` inches at ``DPI`` dots per inch."""
    figure = figure_of(chart)
    buffer = io.BytesIO()
    # A lighter compression than the default: a fifth bigger, three times quicker to write.
    # Plain text here too: ticks may be made afresh as the figure is drawn.
    with _plain_text():
        figure.savefig(
            buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 3}
        )
    return buffer.getvalue()


def _plain_text() -> AbstractContextManager[None]:
    """While it holds, text is drawn as it is written, never read as TeX-like maths."""
    import matplotlib

    return matplotlib.rc_context({"text.parse_math": False})


def figure_of(chart: Chart) -> Figure:
    """The chart drawn on a matplotlib figure: each rated point carries its rating's symbol and
    word above it, so a point's status is never colour alone."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    # Each text takes the setting when it is made, so it holds when the figure is drawn later.
    with _plain_text():
        return _draw(Figure(figsize=(WIDTH, HEIGHT), dpi=DPI), chart)


def _draw(figure: Figure, chart: Chart) -> Figure:
    axes = figure.add_subplot()
    labels = [office_text(p.label) for p in chart.series[0].points] if chart.series else []
    positions = range(len(labels))
    for series in chart.series:
        values = [float("nan") if p.value is None else p.value for p in series.points]
        colour, marker, line = _STYLES.get(series.name, _OTHER)
        axes.plot(
            positions,
            values,
            label=office_text(series.name),
            color=colour,
            marker=marker,
            linestyle=line,
            clip_on=False,
        )
        for position, point in zip(positions, series.points, strict=True):
            if point.status is not None and point.value is not None:
                axes.annotate(
                    office_text(f"{point.status.symbol} {point.status.word}"),
                    (position, point.value),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=6,
                )
    axes.set_xticks(list(positions), labels, fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    axes.margins(x=0.04, y=0.12)
    axes.set_ylim(bottom=0)
    if chart.unit:
        axes.set_ylabel(office_text(chart.unit), fontsize=7)
    axes.grid(axis="y", color="#d9d9d9", linewidth=0.5)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if chart.series:
        axes.legend(fontsize=7, frameon=False, loc="lower right")
    # Fixed margins, not tight_layout, which draws the figure once more to measure it.
    figure.subplots_adjust(left=0.1, right=0.95, bottom=0.14, top=0.93)
    return figure
