"""A report's trend charts drawn as PNG images, with matplotlib, for the Word and PDF papers.

A :class:`~councilpmf.core.report.Chart` is data: series of points with a label, a value (None
when missing) and the value as shown. :func:`png` draws it as a line per series, the value
solid with round markers and the target dashed with square ones, so the two differ without
colour; a provisional value is drawn as a hollow marker, which the legend names "Provisional";
each rated point carries its rating's symbol and word (wrapped, and lined up so that
the first and last points' words stay inside the picture); the y axis starts at zero (runs
below it to hold a negative value, as the HTML charts' does) with round ticks, and a missing
value is a gap; a target band is shaded between two dashed lines over each period that has
one, and the legend names it ("Target band 40.0% to 60.0%"). Every chart
also has a description in words, which the papers give as the image's alternative text.

Words from the council (a band's label, a series' name) are drawn as the characters they are:
never as matplotlib's TeX-like maths, which would turn ``Met: $5 to $10`` into italics without
its dollars and refuse ``$\\frac$`` outright, and through
:func:`~councilpmf_papers.text.drawn_text`, as in the PDF: a character the font cannot draw
(an emoji) is written as its name.

The image is the same bytes for the same chart: matplotlib's Agg renderer draws the same pixels
each time, and no date or software version is written into the file.
"""

from __future__ import annotations

import io
import textwrap
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Literal

from councilpmf.core.report import Chart
from councilpmf.fragments import band_name
from councilpmf_papers.text import drawn_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["DPI", "HEIGHT", "WIDTH", "figure_of", "png"]

WIDTH, HEIGHT = 6.4, 2.8
"""The size of a chart, in inches."""
DPI = 120

# Colour, marker and line of each series: the value and the target differ without colour.
_STYLES = {"Value": ("#1f4e79", "o", "-"), "Target": ("#595959", "s", "--")}
_OTHER = ("#7f3f00", "^", ":")
_LABEL_WIDTH = 18
"""The most characters on a line of a point's label."""
_LABEL_SIZE, _LINE, _OFFSET = 6, 7.5, 6
"""A label's font size, the height of each of its lines and its distance above its point, in
points."""
_BOTTOM, _TOP = 0.14, 0.93
"""Where the axes start and end, as shares of the picture's height."""


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


def _label(symbol: str, word: str) -> str:
    """A rating's symbol and word, wrapped to lines of at most ``_LABEL_WIDTH`` characters, so
    that a council's long word for a rating stays near its point.

    >>> print(_label("▲", "Off target but better than last year"))
    ▲ Off target but
    better than last
    year
    """
    return "\n".join(textwrap.wrap(drawn_text(f"{symbol} {word}"), _LABEL_WIDTH))


def _alignment(position: int, count: int) -> Literal["left", "center", "right"]:
    """How a point's label lines up with it: the first point's starts at the point and the
    last's ends there, so neither runs past the edge of the picture; the others are centred.

    >>> [_alignment(i, 3) for i in range(3)], _alignment(0, 1)
    (['left', 'center', 'right'], 'center')
    """
    if count == 1 or 0 < position < count - 1:
        return "center"
    return "left" if position == 0 else "right"


def _hold_zero(axes: Axes, chart: Chart) -> None:
    """Make the value axis end at zero on the side where no value lies: it starts at zero when
    no value is below it, ends there when none is above it, and runs across it otherwise."""
    values = [p.value for s in chart.series for p in s.points if p.value is not None]
    values += [edge for s in chart.series for p in s.points for edge in p.band or ()]
    if min(values, default=0.0) >= 0:
        axes.set_ylim(bottom=0)
    elif max(values) <= 0:
        axes.set_ylim(top=0)


def _make_room(axes: Axes, highest: float, lines: int) -> None:
    """Raise the top of the value axis, if need be, so that a label of ``lines`` lines above a
    point at ``highest`` ends below the top of the picture."""
    if not lines:
        return
    above = (1 - _TOP) * HEIGHT * 72  # the points between the axes and the top of the picture
    tall = (_TOP - _BOTTOM) * HEIGHT * 72
    share = (_OFFSET + _LINE * lines + 1 - above) / tall
    bottom, top = axes.get_ylim()
    if share > 0:
        axes.set_ylim(top=max(top, (highest - share * bottom) / (1 - share)))


def _mark_provisional(axes: Axes, chart: Chart) -> None:
    """Draw each provisional value again as a hollow marker, over its filled one, and name the
    hollow marker "Provisional" once, last in the legend."""
    name = "Provisional"
    for series in chart.series:
        points = enumerate(series.points)
        drawn = [(i, p.value) for i, p in points if p.provisional and p.value is not None]
        if drawn:
            colour, marker, _ = _STYLES.get(series.name, _OTHER)
            axes.plot(
                *zip(*drawn, strict=True),
                label=name,
                color=colour,
                marker=marker,
                markerfacecolor="white",
                linestyle="None",
                clip_on=False,
            )
            name = "_nolegend_"  # matplotlib leaves a line of this name out of the legend


def _draw_bands(axes: Axes, chart: Chart) -> None:
    """Shade each period's target band, edged by dashed lines, half a period either side of
    its point (no further than the first and last points); the legend names it as
    :func:`councilpmf.fragments.band_name` does."""
    for series in chart.series:
        name, last = band_name(series.points), len(series.points) - 1
        for position, point in enumerate(series.points):
            if point.band is None:
                continue
            low, high = point.band
            # Within the first and last points, as the picture's x axis is, unless it has one.
            span = (max(0, position - 0.5), min(last, position + 0.5)) if last else (-0.5, 0.5)
            axes.fill_between(
                span,
                low,
                high,
                label=drawn_text(name) if name else "_nolegend_",
                facecolor="#595959",
                alpha=0.15,
                edgecolor="none",
            )
            for edge in point.band:
                axes.plot(
                    span,
                    (edge, edge),
                    color="#595959",
                    linestyle=(0, (3, 3)),
                    linewidth=1,
                    label="_nolegend_",
                )
            name = None  # named once in the legend


def _draw(figure: Figure, chart: Chart) -> Figure:
    axes = figure.add_subplot()
    labels = [drawn_text(p.label) for p in chart.series[0].points] if chart.series else []
    positions = range(len(labels))
    highest, lines = 0.0, 0
    _draw_bands(axes, chart)
    for series in chart.series:
        values = [float("nan") if p.value is None else p.value for p in series.points]
        if all(p.value is None for p in series.points) and band_name(series.points):
            continue  # a series of bands alone is drawn as its bands
        colour, marker, line = _STYLES.get(series.name, _OTHER)
        axes.plot(
            positions,
            values,
            label=drawn_text(series.name),
            color=colour,
            marker=marker,
            linestyle=line,
            clip_on=False,
        )
        for position, point in zip(positions, series.points, strict=True):
            if point.status is not None and point.value is not None:
                label = _label(point.status.symbol, point.status.word)
                highest, lines = max(highest, point.value), max(lines, label.count("\n") + 1)
                axes.annotate(
                    label,
                    (position, point.value),
                    textcoords="offset points",
                    xytext=(0, _OFFSET),
                    ha=_alignment(position, len(labels)),
                    fontsize=_LABEL_SIZE,
                )
    _mark_provisional(axes, chart)
    axes.set_xticks(list(positions), labels, fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    axes.margins(x=0.04, y=0.12)
    _hold_zero(axes, chart)
    _make_room(axes, highest, lines)
    if chart.unit:
        axes.set_ylabel(drawn_text(chart.unit), fontsize=7)
    axes.grid(axis="y", color="#d9d9d9", linewidth=0.5)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if chart.series:
        axes.legend(fontsize=7, frameon=False, loc="lower right")
    # Fixed margins, not tight_layout, which draws the figure once more to measure it.
    figure.subplots_adjust(left=0.1, right=0.95, bottom=_BOTTOM, top=_TOP)
    return figure
