"""``xlsx``: the workbook an officer would build by hand, written with XlsxWriter.

- **The front sheet, Summary**: the title; council, committee, period, as-of date and kind of
  report; the summary line and paragraphs; the summary tables (ratings per theme, actions per
  plan); and a list of the other sheets.
- **One sheet per theme** (or, when the rows carry no theme, per section or table): the caption
  in the first row, then a real Excel table (a header row with filters, banded rows) whose
  header row is frozen, with the row header column frozen beside it. Columns are as wide as
  their text (up to 60 characters, then it wraps) and rows as tall as their text wraps to.
  Printed, a sheet is landscape A4, one page wide, with the header row on every page.
- **Typed cells**: numbers are numbers, shown as the report shows them (see
  :mod:`councilpmf_papers.numbers`: the indicator's decimals, percentages as percentages,
  money in pounds); dates are dates (``d mmm yyyy``); a status or a direction of travel is its
  symbol and word (``✖ Red``), the status on a pale fill that is never its only sign.
- **Never a formula**: every piece of text is written with ``write_string``, so a commentary of
  ``=HYPERLINK(...)``, ``+1``, ``-1`` or ``@SUM(A1)`` is text in Excel too. Characters an
  Office file cannot hold become U+FFFD; text longer than a cell holds (32,767 characters, an
  emoji counting as two, as Excel counts them) is cut, with ``…`` at the end.
- **Document properties**: title, subject, creator ``councilpmf``, company (the council), and
  created and modified dates both the report's ``as_of``, so the same report gives the same
  bytes.

Sheet names are made safe (:func:`sheet_name`): at most 31 characters as Excel counts them
(an emoji as two), none of ``[]:*?/\\``, no
apostrophe at either end, and unique regardless of case.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from councilpmf.core.rag import Status
from councilpmf.core.report import (
    Cell,
    DateCell,
    NumberCell,
    Paragraph,
    Report,
    StatusCell,
    Table,
    TravelCell,
    cell_text,
)
from councilpmf.plugin_types import ReportFormat
from councilpmf_papers.numbers import ExcelNumber, excel_number, plain_number
from councilpmf_papers.paper import groups
from councilpmf_papers.text import REPLACEMENT, office_cut, office_length, office_text

__all__ = ["FORMAT", "MAX_CELL", "clip", "headers", "render", "sheet_name"]

MAX_CELL = 32_767
"""The most characters an Excel cell holds, counted as Excel counts them
(:func:`~councilpmf_papers.text.office_length`)."""

_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_WIDEST = 60

# Pale fills with black text (contrast above 15:1), beside the symbol and word.
_FILLS = {
    Status.BLUE: "#DDEBF7",
    Status.GREEN: "#E2EFDA",
    Status.AMBER: "#FFF2CC",
    Status.RED: "#FCE4E4",
}


def sheet_name(wanted: str, taken: Iterable[str]) -> str:
    """A name Excel accepts for a sheet, unlike any in ``taken`` (ignoring case) and unlike
    ``History``, which Excel keeps for itself.

    >>> sheet_name("Places: [roads/paths]?", ())
    'Places roads paths'
    >>> sheet_name("A theme with a long name that goes on and on", ["A theme with a long name that g"])
    'A theme with a long name th (2)'
    >>> sheet_name("'Our place'", []), sheet_name("", []), sheet_name("History", [])
    ('Our place', 'Sheet', 'History (2)')
    >>> print(sheet_name("@SUM(1+1) <script>alert('pwned')</script>", []))
    @SUM(1+1) <script>alert('pwned
    """  # noqa: E501
    spaced = office_text(wanted).translate(_FORBIDDEN).replace(REPLACEMENT, " ")
    base = " ".join(spaced.split()).strip(" '") or "Sheet"
    used = {t.casefold() for t in taken}
    # Cut, then trimmed again: cutting can leave an apostrophe or a space at the end.
    name, n = office_cut(base, 31).rstrip(" '") or "Sheet", 1
    while name.casefold() in used or name.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        name = office_cut(base, 31 - len(suffix)).rstrip(" '") + suffix
    return name


def clip(text: str) -> str:
    """Council text as a cell holds it: safe for an Office file (:func:`office_text`), and cut
    to :data:`MAX_CELL` characters.

    >>> len(clip("x" * 40_000)), clip("x" * 40_000)[-1]
    (32767, '…')
    """
    clean = office_text(text)
    return clean if office_length(clean) <= MAX_CELL else office_cut(clean, MAX_CELL - 1) + "…"


class _Formats:
    """The workbook's formats, made once each."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        base = {"valign": "top", "text_wrap": True}
        self.text = book.add_format(base)
        self.line = book.add_format({"valign": "top"})
        self.bold = book.add_format({**base, "bold": True})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.caption = book.add_format({"bold": True, "font_size": 12})
        self.date = book.add_format({**base, "num_format": "d mmm yyyy", "align": "left"})
        self.status = {
            s: book.add_format({**base, "bg_color": _FILLS[s]} if s in _FILLS else base)
            for s in Status
        }
        self._numbers: dict[str, Format] = {}

    def number(self, number_format: str) -> Format:
        if number_format not in self._numbers:
            self._numbers[number_format] = self.book.add_format(
                {"valign": "top", "num_format": number_format}
            )
        return self._numbers[number_format]


def _write_number(sheet: Worksheet, r: int, c: int, n: ExcelNumber, formats: _Formats) -> None:
    sheet.write_number(r, c, n.value, formats.number(n.format))


def _write_cell(sheet: Worksheet, r: int, c: int, cell: Cell, formats: _Formats) -> None:
    """One cell, typed: text is always written as a string, never as a formula."""
    if cell is None:
        sheet.write_blank(r, c, None, formats.text)
    elif isinstance(cell, str):
        sheet.write_string(r, c, clip(cell), formats.text)
    elif isinstance(cell, int | float):
        _write_number(sheet, r, c, plain_number(cell), formats)
    elif isinstance(cell, NumberCell):
        number = excel_number(cell)
        if number is None:
            sheet.write_string(r, c, clip(cell.text), formats.text)
        else:
            _write_number(sheet, r, c, number, formats)
    elif isinstance(cell, StatusCell):
        sheet.write_string(r, c, clip(cell_text(cell)), formats.status[cell.status])
    elif isinstance(cell, TravelCell):
        sheet.write_string(r, c, clip(cell_text(cell)), formats.text)
    elif isinstance(cell, DateCell):
        if cell.value is None:
            sheet.write_string(r, c, clip(cell.text), formats.text)
        else:
            day = dt.datetime.combine(cell.value, dt.time())
            sheet.write_datetime(r, c, day, formats.date)


def headers(table: Table) -> list[str]:
    """A table's column titles, made unique (ignoring case) as an Excel table needs them."""
    seen: set[str] = set()
    headers = []
    for column in table.columns:
        title = office_text(column.title).strip() or column.key
        n, unique = 1, title
        while unique.casefold() in seen:
            n += 1
            unique = f"{title} ({n})"
        seen.add(unique.casefold())
        headers.append(unique)
    return headers


def _width(texts: Iterable[str]) -> int:
    return min(_WIDEST, max(10, *(len(t) + 2 for t in texts)))


def _wrapped(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide: each of its own
    lines wraps on its own.

    >>> _wrapped("Q1: on track\\nQ2: slipped", 40), _wrapped("x" * 100, 40), _wrapped("", 40)
    (2, 3, 1)
    """
    return sum(-(-len(line) // max(1, width - 2)) or 1 for line in text.splitlines()) or 1


def _lines(texts: Iterable[str], widths: list[int]) -> int:
    """How many lines the tallest cell of a row wraps to in columns this wide (at most 20):
    row heights are set from it, since not every spreadsheet fits them on opening."""
    return min(20, max(_wrapped(t, w) for t, w in zip(texts, widths, strict=True)))


class _Book:
    """A workbook being written: its sheets' names and tables so far."""

    def __init__(self, report: Report, buffer: io.BytesIO) -> None:
        self.book = xlsxwriter.Workbook(
            buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        created = dt.datetime.combine(report.as_of, dt.time())
        self.book.set_properties(
            {
                "title": clip(report.title),
                "subject": clip(f"{report.kind} report, {report.period}"),
                "author": "councilpmf",
                "company": clip(report.council),
                "comments": clip(report.summary),
                "created": created,
            }
        )
        self.formats = _Formats(self.book)
        self.names: list[str] = []
        self.tables = 0

    def sheet(self, wanted: str) -> Worksheet:
        name = sheet_name(wanted, self.names)
        self.names.append(name)
        return self.book.add_worksheet(name)

    def table(self, sheet: Worksheet, top: int, table: Table, *, fit: bool = True) -> int:
        """Write ``table`` with its caption in row ``top``; return the next free row. With
        ``fit``, the columns are as wide as their text (up to 60 characters) and each row as
        tall as its text wraps to."""
        formats = self.formats
        sheet.write_string(top, 0, clip(table.caption), formats.caption)
        header = top + 1
        titles = headers(table)
        for r, row in enumerate(table.rows, start=header + 1):
            sheet.write_string(r, 0, clip(row.header), formats.bold)
            for c, cell in enumerate(row.cells, start=1):
                _write_cell(sheet, r, c, cell, formats)
        last = header + max(1, len(table.rows))
        self.tables += 1
        options: dict[str, Any] = {
            "name": f"Table{self.tables}",
            "columns": [{"header": h} for h in titles],
            "style": "Table Style Light 9",
        }
        if not table.rows:
            sheet.write_string(header + 1, 0, "No rows", formats.text)
        sheet.add_table(header, 0, last, len(titles) - 1, options)
        if fit:
            texts = [[row.header, *(cell_text(c) for c in row.cells)] for row in table.rows]
            widths = [
                _width([title, *(t[c][:_WIDEST] for t in texts)]) for c, title in enumerate(titles)
            ]
            for c, width in enumerate(widths):
                sheet.set_column(c, c, width)
            for r, row_texts in enumerate(texts, start=header + 1):
                lines = _lines(row_texts, widths)
                if lines > 1:
                    sheet.set_row(r, 15 * lines)
        return last + 2


def _front(book: _Book, report: Report, sheets: list[tuple[str, str]]) -> None:
    """The Summary sheet: the facts, the summary and its tables, and the other sheets."""
    sheet = book.sheet("Summary")
    formats = book.formats
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 12, 12)
    sheet.fit_to_pages(1, 0)
    sheet.write_string(0, 0, clip(report.title), formats.title)
    facts: list[tuple[str, str | dt.date]] = [
        ("Council", report.council),
        ("Committee", report.committee or ""),
        ("Period", report.period),
        ("As of", report.as_of),
        ("Report", report.kind),
        ("Summary", report.summary),
    ]
    r = 2
    for label, value in facts:
        sheet.write_string(r, 0, label, formats.bold)
        if isinstance(value, str):
            sheet.write_string(r, 1, clip(value), formats.line)
        else:
            _write_cell(sheet, r, 1, DateCell.of(value), formats)
        r += 1
    r += 1
    for section in report.sections:
        if section.heading != "Summary":
            continue
        for block in section.blocks:
            if isinstance(block, Paragraph):
                sheet.write_string(r, 0, clip(block.text), formats.line)
                r += 1
            elif isinstance(block, Table):
                r = book.table(sheet, r + 1, block, fit=False)
    r += 1
    sheet.write_string(r, 0, "Sheets", formats.caption)
    for name, holds in sheets:
        r += 1
        sheet.write_string(r, 0, clip(name), formats.bold)
        sheet.write_string(r, 1, clip(holds), formats.line)


def render(report: Report) -> bytes:
    """The report as an Excel workbook (``.xlsx``)."""
    buffer = io.BytesIO()
    book = _Book(report, buffer)
    found = groups(report)
    # The front sheet comes first but lists the others: their names are worked out as
    # book.sheet will give them.
    names = ["Summary"]
    for group in found:
        names.append(sheet_name(group.name, names))
    _front(book, report, [(n, g.table.caption) for n, g in zip(names[1:], found, strict=True)])
    for group in found:
        sheet = book.sheet(group.name)
        book.table(sheet, 0, group.table)
        sheet.freeze_panes(2, 1)
        # Printed: landscape A4, one page wide, the header row on every page.
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(1)
    book.book.close()
    return buffer.getvalue()


FORMAT = ReportFormat(
    name="xlsx",
    suffix=".xlsx",
    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    render=render,
    description="An Excel workbook: a summary sheet, one sheet per theme, typed cells",
)
