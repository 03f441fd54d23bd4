"""``html``: one self-contained, accessible HTML file, built with Jinja2 with autoescaping on.

Everything from the data goes through Jinja2's autoescaping, its control characters and
bidirectional overrides and isolates first replaced with U+FFFD (:func:`councilpmf.escape.readable`,
as in text and Markdown); the template never marks data safe, with one exception: a chart's SVG,
which :func:`councilpmf.fragments.svg` (the one drawing of a trend chart, notebooks' too) makes,
escaping every value in it as autoescaping would. The
page has no scripts, no links and no external resources (a Content-Security-Policy meta tag
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
from typing import Any

import jinja2
import markupsafe

from councilpmf import fragments
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
from councilpmf.escape import readable
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


# A text column with a cell longer than this (in characters) is kept at least 12rem wide.
_LONG_TEXT = 80
# Only the longest such column of a table keeps that width.
_MOST_LONG = 1
# A table of more columns than this is set in a smaller type.
_MANY_COLUMNS = 11


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


def _chart(chart: Chart, number: int) -> dict[str, Any]:
    # The SVG is drawn, every value in it escaped, by councilpmf.fragments: the one drawing of a
    # trend chart, which councilpmf.chart shows in notebooks too.
    labels = chart.series[0].points if chart.series else ()
    return {
        "type": "chart",
        "title": chart.title,
        "description": chart.description,
        "svg": markupsafe.Markup(fragments.svg(chart, f"chart-{number}")),
        "data": _table(chart.data_table(), number, prefix="chart-data") if labels else None,
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
