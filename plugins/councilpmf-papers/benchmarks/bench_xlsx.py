"""Time the ``xlsx`` format (XlsxWriter) against the same workbook written with openpyxl.

    python plugins/councilpmf-papers/benchmarks/bench_xlsx.py               # 2,000 indicators
    python plugins/councilpmf-papers/benchmarks/bench_xlsx.py --indicators 20 --repeats 1

Both writers do the same work for the performance report of a generated council (the project's
``benchmarks/generate.py``, last quarter, charts off, as the workbook has none): the same
sheets, the same typed cells with the same number formats, an Excel table with filters on each
sheet, the header row frozen, the same document properties, and the zip members dated
``as_of``. Before timing, the two workbooks are read back with openpyxl and every cell's value,
type and number format compared; the benchmark stops if they differ.

Runs alternate between the two writers (``--repeats`` each); each run's CPU time
(``time.process_time``) and wall time (``time.perf_counter``) are kept (``benchmarks/_script.py``'s
``Clocks``), and the best and median printed as Markdown, with the size of each workbook, the
load average and the machine.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))

import openpyxl  # noqa: E402
from councilpmf_papers import xlsx  # noqa: E402
from councilpmf_papers.archive import with_date  # noqa: E402
from councilpmf_papers.numbers import excel_number, plain_number  # noqa: E402
from councilpmf_papers.paper import groups  # noqa: E402
from councilpmf_papers.text import office_text  # noqa: E402
from openpyxl.styles import Font  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.table import Table as ExcelTable  # noqa: E402

import _script  # noqa: E402
import councilpmf as pmf  # noqa: E402
from councilpmf.core.report import (  # noqa: E402
    Cell,
    DateCell,
    NumberCell,
    Paragraph,
    Report,
    StatusCell,
    Table,
    TravelCell,
    build_report,
    cell_text,
)
from generate import large_council  # noqa: E402

Writer = Callable[[Report], bytes]


def _put(sheet: Any, r: int, c: int, cell: Cell | dt.date) -> None:
    """One cell as the xlsx format writes it; text is set as a string, never a formula."""
    target = sheet.cell(row=r, column=c)
    if isinstance(cell, dt.date):
        target.value, target.number_format = (
            dt.datetime.combine(cell, dt.time()),
            "d mmm yyyy",
        )
    elif isinstance(cell, str):
        target.value = xlsx.clip(cell)
        target.data_type = "s"
    elif isinstance(cell, int | float):
        number = plain_number(cell)
        target.value, target.number_format = number.value, number.format
    elif isinstance(cell, NumberCell):
        shown = excel_number(cell)
        if shown is None:
            target.value, target.data_type = xlsx.clip(cell.text), "s"
        else:
            target.value, target.number_format = shown.value, shown.format
    elif isinstance(cell, StatusCell | TravelCell):
        target.value, target.data_type = xlsx.clip(cell_text(cell)), "s"
    elif isinstance(cell, DateCell):
        if cell.value is None:
            target.value, target.data_type = xlsx.clip(cell.text), "s"
        else:
            _put(sheet, r, c, cell.value)


def _table(sheet: Any, top: int, table: Table, n: int) -> int:
    sheet.cell(row=top, column=1, value=xlsx.clip(table.caption)).font = Font(bold=True)
    header = top + 1
    for c, title in enumerate(xlsx.headers(table), start=1):
        sheet.cell(row=header, column=c, value=title).data_type = "s"
    for r, row in enumerate(table.rows, start=header + 1):
        _put(sheet, r, 1, row.header)
        for c, cell in enumerate(row.cells, start=2):
            _put(sheet, r, c, cell)
    last = header + max(1, len(table.rows))
    if not table.rows:
        _put(sheet, header + 1, 1, "No rows")
    ref = f"A{header}:{get_column_letter(len(table.columns))}{last}"
    sheet.add_table(ExcelTable(displayName=f"Table{n}", ref=ref))
    return last + 2


def openpyxl_render(report: Report) -> bytes:
    """The xlsx format's workbook, written with openpyxl."""
    book = openpyxl.Workbook()
    front = book.active
    front.title = "Summary"
    _put(front, 1, 1, report.title)
    facts: list[tuple[str, str | dt.date]] = [
        ("Council", report.council),
        ("Committee", report.committee or ""),
        ("Period", report.period),
        ("As of", report.as_of),
        ("Report", report.kind),
        ("Summary", report.summary),
    ]
    r, tables = 3, 0
    for label, value in facts:
        _put(front, r, 1, label)
        _put(front, r, 2, value)
        r += 1
    r += 1
    for section in report.sections:
        if section.heading != "Summary":
            continue
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _put(front, r, 1, block.text)
                r += 1
            elif isinstance(block, Table):
                tables += 1
                r = _table(front, r + 1, block, tables)
    found = groups(report)
    names = ["Summary"]
    for group in found:
        names.append(xlsx.sheet_name(group.name, names))
    r += 1
    _put(front, r, 1, "Sheets")
    for name, group in zip(names[1:], found, strict=True):
        r += 1
        _put(front, r, 1, name)
        _put(front, r, 2, group.table.caption)
    for name, group in zip(names[1:], found, strict=True):
        sheet = book.create_sheet(name)
        tables += 1
        _table(sheet, 1, group.table, tables)
        sheet.freeze_panes = "B3"
    created = dt.datetime.combine(report.as_of, dt.time())
    properties = book.properties
    properties.title = office_text(report.title)
    properties.subject = office_text(f"{report.kind} report, {report.period}")
    properties.creator = "councilpmf"
    properties.created = properties.modified = created
    buffer = io.BytesIO()
    book.save(buffer)
    return with_date(buffer.getvalue(), report.as_of)


def cells(content: bytes) -> list[tuple[str, int, int, object, str, str]]:
    """Every non-empty cell of a workbook: sheet, row, column, value, type, number format."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        (sheet.title, c.row, c.column, c.value, c.data_type, c.number_format)
        for sheet in book
        for row in sheet.iter_rows()
        for c in row
        if c.value not in (None, "")
    ]


def report_for(indicators: int, years: int) -> Report:
    framework, readings = large_council(indicators, years)
    last = pmf.FinancialYear(year=max(r.period.start.year for r in readings) - 1)
    quarter = last.quarters()[-1]
    as_of = quarter.end + dt.timedelta(days=30)
    return build_report("performance", framework, readings, quarter, as_of, charts=False)


def run(report: Report, repeats: int) -> tuple[_script.Clocks, dict[str, int]]:
    """Each writer's times over ``repeats`` interleaved runs, and the size of its workbook;
    stops first if the two workbooks' cells differ."""
    writers: dict[str, Writer] = {"XlsxWriter": xlsx.render, "openpyxl": openpyxl_render}
    outputs = {name: write(report) for name, write in writers.items()}
    if cells(outputs["XlsxWriter"]) != cells(outputs["openpyxl"]):
        raise SystemExit("the two workbooks differ: the comparison would not be fair")
    clocks = _script.Clocks()
    for _ in range(max(repeats, 1)):
        for name, write in writers.items():
            clocks.time(name, functools.partial(write, report))
    return clocks, {name: len(content) for name, content in outputs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = _script.parser(__doc__)
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    report = report_for(args.indicators, args.years)
    rows = sum(len(t.rows) for t in report.tables())
    clocks, sizes = run(report, args.repeats)
    lines = [
        f"{args.indicators:,} indicators, {rows:,} table rows, {args.repeats} runs each, "
        f"interleaved; load average {_script.load_average()}",
        "",
        *clocks.table("Writer", sizes),
        "",
        "| Writer | Bytes |",
        "| --- | ---: |",
        *(f"| {name} | {size:,} |" for name, size in sizes.items()),
        "",
        "| Machine | |",
        "| --- | --- |",
        *(f"| {name} | {value} |" for name, value in _script.machine()),
    ]
    return _script.finish("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
