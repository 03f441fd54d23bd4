"""``csv``: the whole report as one long table, one line per value.

The columns (see ``docs/reports.md``) are::

    section_no, section, block_no, block, caption, row_no, row, column, column_title, kind,
    value, text, group, committee

Numbers are written unquoted and every text field is quoted (``csv.QUOTE_NONNUMERIC``), so a
reader can tell ``71.2`` from ``"71.2"``. A text field that starts with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or a line feed gets a single quote ``'`` in front (OWASP's
advice on CSV injection), so a spreadsheet shows it as text instead of running it as a
formula. Numbers, negative ones included, stay numbers. Text is shown as every other format
shows it (:func:`councilpmf.escape.readable`): a control character other than tab, line feed and
carriage return, a bidirectional override and half a surrogate pair each become ``�``, so none
reaches a spreadsheet or a terminal as it is; nothing else is changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from councilpmf.core.report import (
    Cell,
    Chart,
    Column,
    DateCell,
    NumberCell,
    Paragraph,
    Report,
    StatusCell,
    Table,
    TravelCell,
    cell_text,
)
from councilpmf.escape import FORMULA_START, readable
from councilpmf.plugin_types import ReportFormat

__all__ = ["COLUMNS", "FORMAT", "neutralise", "render"]

COLUMNS = (
    "section_no",
    "section",
    "block_no",
    "block",
    "caption",
    "row_no",
    "row",
    "column",
    "column_title",
    "kind",
    "value",
    "text",
    "group",
    "committee",
)

Field = str | int | float

_NOWHERE = ("", "")
"""The group and committee of a line that is not a table row's."""


def neutralise(text: str) -> str:
    """Text a spreadsheet will not run as a formula.

    >>> neutralise("=1+1"), neutralise("-2+3"), neutralise("Rose 2%")
    ("'=1+1", "'-2+3", 'Rose 2%')
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def _value(cell: Cell) -> Field:
    """The machine-readable value of a cell: a number, a status or direction name, an ISO
    date, or the text."""
    if cell is None:
        return ""
    if isinstance(cell, NumberCell):
        return "" if cell.value is None else cell.value
    if isinstance(cell, StatusCell):
        return cell.status.value
    if isinstance(cell, TravelCell):
        return cell.direction.value
    if isinstance(cell, DateCell):
        return "" if cell.value is None else cell.value.isoformat()
    return cell


def _lines(report: Report) -> Iterator[tuple[Field, ...]]:
    facts: tuple[tuple[str, str, str], ...] = (
        ("kind", "text", report.kind),
        ("title", "text", report.title),
        ("council", "text", report.council),
        ("committee", "text", report.committee or ""),
        ("period", "text", report.period),
        ("as_of", "date", report.as_of.isoformat()),
        ("summary", "text", report.summary),
    )
    for i, (name, kind, value) in enumerate(facts, start=1):
        yield (0, "", 0, "report", "", i, name, "", "", kind, value, value, *_NOWHERE)
    for s, section in enumerate(report.sections, start=1):
        head = (s, section.heading)
        for b, block in enumerate(section.blocks, start=1):
            if isinstance(block, Paragraph):
                text = block.text
                yield (*head, b, "paragraph", "", 0, "", "", "", "text", text, text, *_NOWHERE)
            elif isinstance(block, Table):
                yield from _table(head, b, block)
            elif isinstance(block, Chart):
                yield from _chart(head, b, block)


def _table(head: tuple[int, str], b: int, table: Table) -> Iterator[tuple[Field, ...]]:
    first: Column = table.columns[0]
    for r, row in enumerate(table.rows, start=1):
        where = (*head, b, "table", table.caption, r, row.header)
        place = (row.group, row.committee)
        yield (*where, first.key, first.title, first.kind, row.header, row.header, *place)
        for column, cell in zip(table.columns[1:], row.cells, strict=True):
            shown = (_value(cell), cell_text(cell))
            yield (*where, column.key, column.title, column.kind, *shown, *place)


def _chart(head: tuple[int, str], b: int, chart: Chart) -> Iterator[tuple[Field, ...]]:
    where = (*head, b, "chart", chart.title)
    yield (
        *where,
        0,
        "",
        "description",
        "Description",
        "text",
        chart.description,
        chart.description,
        *_NOWHERE,
    )
    yield (*where, 0, "", "unit", "Unit", "text", chart.unit, chart.unit, *_NOWHERE)
    for series in chart.series:
        for p, point in enumerate(series.points, start=1):
            value: Field = "" if point.value is None else point.value
            shown = (value, point.text)
            yield (*where, p, point.label, series.name, series.name, "number", *shown, *_NOWHERE)
            if point.status is not None:
                rating = (_value(point.status), cell_text(point.status))
                yield (*where, p, point.label, "rating", "Rating", "status", *rating, *_NOWHERE)


def _safe(field: Field) -> Field:
    return neutralise(readable(field)) if isinstance(field, str) else field


def render(report: Report) -> str:
    """The report as CSV text (RFC 4180 line ends, a header line first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in _lines(report):
        writer.writerow([_safe(field) for field in line])
    return buffer.getvalue()


FORMAT = ReportFormat(
    name="csv",
    suffix=".csv",
    media_type="text/csv; charset=utf-8",
    render=render,
    description="One long table, one line per value; numbers stay numbers",
)
