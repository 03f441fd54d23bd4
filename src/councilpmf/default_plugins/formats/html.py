"""``html``: one self-contained, accessible HTML file, built with Jinja2 with autoescaping on.

Everything from the data goes through Jinja2's autoescaping; the template never marks data safe.
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
    Report,
    StatusCell,
    Table,
    TravelCell,
    cell_text,
)
from councilpmf.escape import printable
from councilpmf.plugin_types import ReportFormat

__all__ = ["COLOURS", "FORMAT", "HEAT_TINTS", "heat_tint", "render"]

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


# Chart geometry, in SVG user units.
_W, _H = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 16, 20, 56
# Series styles: stroke, dash pattern, marker shape. The second series is dashed with square
# markers, so the lines differ by more than colour.
_STYLES = (
    ("#1D5FA8", "", "circle"),
    ("#505A5F", "6 4", "square"),
    ("#A65400", "2 3", "diamond"),
)


def _shown(value: object) -> object:
    """What the template prints for a value: text without control characters (autoescaping
    then escapes it); markup the template made (a macro's output) and anything else as it is."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return printable(value)
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


def _table(table: Table, number: int) -> dict[str, Any]:
    kinds = [c.kind for c in table.columns[1:]]
    return {
        "type": "table",
        "id": f"table-{number}",
        "caption": table.caption,
        "columns": [{"title": c.title, "numeric": c.kind == "number"} for c in table.columns],
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


def _axis_text(value: float, unit: str) -> str:
    digits = 0 if float(value).is_integer() else 1
    text = f"{value:,.{digits}f}"
    return text + "%" if unit == "percentage" else text


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


def _marker(shape: str, at: tuple[float, float]) -> dict[str, str]:
    x, y = at
    if shape == "circle":
        return {"shape": shape, "cx": _fmt(x), "cy": _fmt(y)}
    if shape == "square":
        return {"shape": shape, "x": _fmt(x - 3.5), "y": _fmt(y - 3.5)}
    corners = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
    return {"shape": shape, "points": " ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in corners)}


def _chart(chart: Chart, number: int) -> dict[str, Any]:
    labels = [p.label for p in chart.series[0].points] if chart.series else []
    values = [p.value for s in chart.series for p in s.points if p.value is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
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
                "markers": [_marker(marker, p) for p in xy if p is not None],
                "legend_x": _LEFT + 170 * i,
                "legend_y": _H - 12,
            }
        )
    ticks = (
        [
            {"y": _fmt(y(value)), "text": _axis_text(value, chart.unit)}
            for value in (high - pad, (high + low) / 2, low + pad)
        ]
        if values
        else []
    )
    rows = [
        {
            "label": label,
            "cells": [s.points[j].text if j < len(s.points) else "" for s in chart.series],
        }
        for j, label in enumerate(labels)
    ]
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
        "ticks": ticks,
        "series": series,
        "names": [s.name for s in chart.series],
        "rows": rows,
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
