"""``html``: one self-contained, accessible HTML file, built with Jinja2 with autoescaping on.

Everything from the data goes through Jinja2's autoescaping, its control characters and
bidirectional overrides and isolates first replaced with U+FFFD (:func:`councilpmf.escape.readable`,
as in text and Markdown); the template never marks data safe.
The page has no scripts, no links and no external resources (a Content-Security-Policy meta tag
forbids them as well), inline CSS with a print stylesheet, and trend charts as inline SVG with
``role="img"``, a ``<title>`` and a ``<desc>``, each beside a table of its data. A wide table
scrolls sideways inside its own box, which is a named region (its caption) that the keyboard can
reach (``tabindex="0"``) so that it can be scrolled without a mouse (WCAG 2.1.1).

A status is shown as its symbol, its word and a colour, never colour alone: dark text
(``#0B0C0C``) on a light tint with a strong left border. Contrast of the text on each tint:
blue ``#DBE9F8`` 15.9:1, green ``#DDF0DA`` 16.4:1, amber ``#FFF0CC`` 17.3:1, red ``#FADDDB``
15.3:1, not rated ``#EBEBEB`` 16.4:1, no data ``#FFFFFF`` 19.6:1; the borders (``#1D5FA8``,
``#2E7D32``, ``#A65400``, ``#B3261E``, ``#5F5F5F``) have at least 5.1:1 against white.

A heat map's cell (a ``LevelCell``) says its count and level in words and is tinted by its place
among the levels, lowest to highest: ``#DDF0DA`` 16.4:1, ``#FFF5CC`` 17.9:1, ``#FFE0B8``
15.5:1, ``#FADDDB`` 15.3:1.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import jinja2
import markupsafe

from councilpmf.core.actions import format_date
from councilpmf.core.rag import Status
from councilpmf.core.report import (
    Cell,
    Chart,
    DateCell,
    LevelCell,
    NumberCell,
    Paragraph,
    Point,
    Report,
    StatusCell,
    Table,
    TravelCell,
    cell_text,
)
from councilpmf.escape import readable
from councilpmf.plugin_types import ReportFormat

__all__ = ["COLOURS", "FORMAT", "HEAT_TINTS", "axis_ticks", "heat_tint", "render"]

# status -> (CSS class, background tint, border). Text is #0B0C0C on every tint.
COLOURS: dict[Status, tuple[str, str, str]] = {
    Status.BLUE: ("blue", "#DBE9F8", "#1D5FA8"),
    Status.GREEN: ("green", "#DDF0DA", "#2E7D32"),
    Status.AMBER: ("amber", "#FFF0CC", "#A65400"),
    Status.RED: ("red", "#FADDDB", "#B3261E"),
    Status.NOT_RATED: ("not-rated", "#EBEBEB", "#5F5F5F"),
    Status.NO_DATA: ("no-data", "#FFFFFF", "#5F5F5F"),
}

# Heat-map tints, lowest level first: a level's cell (a LevelCell) gets the tint of its place on
# the scale. Text is #0B0C0C on every tint, and the cell always says its level in words.
HEAT_TINTS: tuple[str, ...] = ("#DDF0DA", "#FFF5CC", "#FFE0B8", "#FADDDB")


def heat_tint(rank: int, levels: int) -> int:
    """Which tint (1 to ``len(HEAT_TINTS)``) a level of ``rank`` out of ``levels`` gets: the
    lowest level the first, the highest the last, the others spread between.

    >>> [heat_tint(rank, 4) for rank in (1, 2, 3, 4)], [heat_tint(rank, 3) for rank in (1, 2, 3)]
    ([1, 2, 3, 4], [1, 3, 4])
    >>> heat_tint(1, 1), [heat_tint(rank, 6) for rank in range(1, 7)]
    (1, [1, 2, 2, 3, 3, 4])
    """
    if levels == 1:
        return 1
    return 1 + round((rank - 1) * (len(HEAT_TINTS) - 1) / (levels - 1) + 1e-9)


# A text column with a cell longer than this (in characters) is kept at least 12rem wide.
_LONG_TEXT = 80
# Only the longest such column of a table keeps that width.
_MOST_LONG = 1
# A table of more columns than this is set in a smaller type.
_MANY_COLUMNS = 11

# Chart geometry, in SVG user units.
_W, _H = 640, 260
# The right margin holds half of the last period's label ("2024/25 Q3", "Dec 2024").
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 44, 24, 56
# Series styles: stroke, dash pattern, marker shape. The second series is dashed with square
# markers, so the lines differ by more than colour.
_STYLES = (
    ("#1D5FA8", "", "circle"),
    ("#505A5F", "6 4", "square"),
    ("#A65400", "2 3", "diamond"),
)


def _shown(value: object) -> object:
    """What the template prints for a value: text without control characters or bidirectional
    overrides and isolates (autoescaping then escapes it), so that it shows in the order it is
    written; markup the template made (a macro's output) and anything else as it is.

    >>> _shown("report.\u202eexe"), _shown(markupsafe.Markup("<b>made here</b>"))
    ('report.�exe', Markup('<b>made here</b>'))
    """
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return readable(value)
    return value


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("councilpmf.default_plugins.formats", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )


def _cell(cell: Cell, kind: str) -> dict[str, Any]:
    numeric = kind == "number" or isinstance(cell, int | float | NumberCell)
    view: dict[str, Any] = {"type": "text", "text": cell_text(cell), "numeric": numeric}
    view["tint"] = heat_tint(cell.rank, cell.levels) if isinstance(cell, LevelCell) else 0
    if isinstance(cell, StatusCell):
        view.update(type="status", css=COLOURS[cell.status][0], symbol=cell.symbol, word=cell.word)
    elif isinstance(cell, TravelCell):
        view.update(type="travel", symbol=cell.symbol, word=cell.word)
    elif isinstance(cell, DateCell) and cell.value is not None:
        view.update(type="date", iso=cell.value.isoformat())
    return view


def _column_css(table: Table, index: int) -> str:
    """``num`` for a number column; ``long`` for a column of text with a cell longer than
    ``_LONG_TEXT`` characters, which gets a minimum width (12rem) so that it reads as lines,
    not a strip."""
    column = table.columns[index]
    if column.kind == "number":
        return "num"
    texts = (row.header if index == 0 else cell_text(row.cells[index - 1]) for row in table.rows)
    return "long" if column.kind == "text" and any(len(t) > _LONG_TEXT for t in texts) else ""


def _longest(table: Table, index: int) -> int:
    texts = (row.header if index == 0 else cell_text(row.cells[index - 1]) for row in table.rows)
    return max((len(t) for t in texts), default=0)


def _column_classes(table: Table) -> list[str]:
    """Each column's class; of the ``long`` columns only the ``_MOST_LONG`` longest keep their
    minimum width, so that a wide table (a risk register) still fits the page."""
    classes = [_column_css(table, i) for i in range(len(table.columns))]
    long = [i for i, css in enumerate(classes) if css == "long"]
    for i in sorted(long, key=lambda i: -_longest(table, i))[_MOST_LONG:]:
        classes[i] = ""
    return classes


def _table(table: Table, number: int, prefix: str = "table") -> dict[str, Any]:
    kinds = [c.kind for c in table.columns[1:]]
    return {
        "type": "table",
        "id": f"{prefix}-{number}",
        "caption": table.caption,
        # a table of many columns (a risk register) is set smaller, so that it fits the page
        "wide": len(table.columns) > _MANY_COLUMNS,
        "columns": [
            {"title": c.title, "css": css}
            for c, css in zip(table.columns, _column_classes(table), strict=True)
        ],
        "rows": [
            {
                "header": row.header,
                "cells": [_cell(cell, kind) for cell, kind in zip(row.cells, kinds, strict=True)],
            }
            for row in table.rows
        ],
    }


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _decimals(step: float) -> int:
    """How many decimals write every multiple of ``step`` (a tick step) exactly."""
    return next(d for d in range(17) if math.isclose(round(step, d), step, rel_tol=1e-9))


def _axis_text(value: float, unit: str, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text + "%" if unit == "percentage" else text


def axis_ticks(low: float, high: float, most: int = 6) -> tuple[float, ...]:
    """Round tick values for a value axis that always includes zero: the widest-spaced ticks
    (at most ``most``) a step of 1, 2, 2.5 or 5 times a power of ten gives to cover
    ``low``..``high``. An axis whose values are all within a billionth of zero runs to 1.

    >>> axis_ticks(16.1, 83.7)
    (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)
    >>> axis_ticks(-3, 4)
    (-4.0, -2.0, 0.0, 2.0, 4.0)
    >>> axis_ticks(0.3, 1.1)
    (0.0, 0.25, 0.5, 0.75, 1.0, 1.25)
    """
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 1e-9:
        high = 1.0
    power = 10.0 ** math.floor(math.log10((high - low) / most))
    for factor in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = factor * power
        first, last = math.floor(low / step), math.ceil(high / step)
        if last - first <= most - 1:
            digits = _decimals(step)
            return tuple(round(i * step, digits) + 0.0 for i in range(first, last + 1))
    raise AssertionError("a step of 50 x 10^n always fits")  # pragma: no cover


def _segments(points: Sequence[tuple[float, float] | None]) -> list[str]:
    """Polyline point lists for the runs of points with values."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in run) for run in runs if len(run) > 1]


def _marker(shape: str, at: tuple[float, float], series: str, point: Point) -> dict[str, str]:
    """A point's marker, with its title ("Dec 2024: Value 83.7%, Green") and, when the point
    has a rating, the rating's symbol drawn above it."""
    x, y = at
    title = f"{point.label}: {series} {point.text}"
    view = {"shape": shape, "title": title, "symbol": "", "sx": _fmt(x), "sy": _fmt(y - 9)}
    if point.status is not None:
        view.update(title=f"{title}, {point.status.word}", symbol=point.status.symbol)
    if shape == "circle":
        view.update(cx=_fmt(x), cy=_fmt(y))
    elif shape == "square":
        view.update(x=_fmt(x - 3.5), y=_fmt(y - 3.5))
    else:
        corners = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
        view.update(points=" ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in corners))
    return view


def _chart(chart: Chart, number: int) -> dict[str, Any]:
    labels = [p.label for p in chart.series[0].points] if chart.series else []
    values = [p.value for s in chart.series for p in s.points if p.value is not None]
    ticks = axis_ticks(min(values, default=0.0), max(values, default=1.0))
    low, high = ticks[0], ticks[-1]
    digits = _decimals(ticks[1] - ticks[0])
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return _LEFT + (i * step if len(labels) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return _TOP + plot_h * (high - value) / (high - low)

    series = []
    for i, s in enumerate(chart.series):
        stroke, dash, marker = _STYLES[i % len(_STYLES)]
        xy = [None if p.value is None else (x(j), y(p.value)) for j, p in enumerate(s.points)]
        series.append(
            {
                "name": s.name,
                "stroke": stroke,
                "dash": dash,
                "marker": marker,
                "lines": _segments(xy),
                "markers": [
                    _marker(marker, at, s.name, p)
                    for at, p in zip(xy, s.points, strict=True)
                    if at is not None
                ],
                "legend_x": _LEFT + 170 * i,
                "legend_y": _H - 12,
            }
        )
    return {
        "type": "chart",
        "id": f"chart-{number}",
        "title": chart.title,
        "description": chart.description,
        "width": _W,
        "height": _H,
        "plot": {
            "left": _LEFT,
            "right": _W - _RIGHT,
            "top": _TOP,
            "bottom": _fmt(_TOP + plot_h),
        },
        "xlabels": [{"x": _fmt(x(j)), "text": label} for j, label in enumerate(labels)],
        "label_y": _fmt(_TOP + plot_h + 18),
        "ticks": [{"y": _fmt(y(v)), "text": _axis_text(v, chart.unit, digits)} for v in ticks]
        if values
        else [],
        "series": series,
        "data": _table(chart.data_table(), number, prefix="chart-data") if labels else None,
        "empty": not values,
    }


def _view(report: Report) -> dict[str, Any]:
    sections = []
    charts = tables = 0
    for section in report.sections:
        blocks: list[dict[str, Any]] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                blocks.append({"type": "paragraph", "text": block.text})
            elif isinstance(block, Table):
                tables += 1
                blocks.append(_table(block, tables))
            elif isinstance(block, Chart):
                charts += 1
                blocks.append(_chart(block, charts))
        sections.append({"heading": section.heading, "blocks": blocks})
    return {
        "report": report,
        "as_of_iso": report.as_of.isoformat(),
        "as_of_text": format_date(report.as_of),
        "sections": sections,
        "colours": [
            {"css": css, "background": background, "border": border}
            for css, background, border in COLOURS.values()
        ],
        "heat_tints": HEAT_TINTS,
    }


def render(report: Report) -> str:
    """The report as one self-contained HTML page."""
    return _environment().get_template("report.html").render(_view(report))


FORMAT = ReportFormat(
    name="html",
    suffix=".html",
    media_type="text/html; charset=utf-8",
    render=render,
    description="One accessible, self-contained HTML page with SVG trend charts",
)
