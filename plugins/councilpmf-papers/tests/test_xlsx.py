"""The ``xlsx`` format, read back with openpyxl: the front sheet, a sheet per theme, typed
cells, real Excel tables with a frozen header row, document properties, and council text that
never becomes a formula."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import attrs
import openpyxl
import pytest
from councilpmf_papers import xlsx
from councilpmf_papers.numbers import ExcelNumber, excel_number
from openpyxl.workbook.workbook import Workbook
from papers_fixtures import (
    AS_OF,
    CONTROL,
    FORMULAS,
    LONG,
    MARKUP,
    Q3,
    REASON,
    council,
    every_report,
    example_report,
    hostile,
    mansfield_report,
    themed_report,
    with_commentary,
    with_reason,
)

from councilpmf.core.actions import percent_text
from councilpmf.core.indicators import Indicator, Unit
from councilpmf.core.report import REPORT_KINDS, NumberCell, Report, Table, build_report


def workbook(report: Report) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(report)))


@pytest.mark.parametrize(("name", "kind"), every_report())
def test_every_kind_for_every_council_opens_and_is_deterministic(name: str, kind: str) -> None:
    report = example_report(name, kind)
    first, second = xlsx.render(report), xlsx.render(report)
    assert first == second
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.sheetnames[0] == "Summary"
    assert book["Summary"]["A1"].value == report.title
    for sheet in book.worksheets[1:]:
        assert len(sheet.tables) == 1


def test_the_front_sheet_has_the_facts_and_the_summary_counts() -> None:
    report = mansfield_report("performance")
    front = workbook(report)["Summary"]
    facts = {row[0].value: row[1] for row in front.iter_rows(min_row=3, max_row=8)}
    assert facts["Council"].value == "Mansfield District Council"
    assert facts["Committee"].value == "Cabinet"
    assert facts["Period"].value == "2024/25 Q3"
    assert facts["As of"].value == dt.datetime(2025, 1, 20)
    assert facts["As of"].is_date and facts["As of"].number_format == "d mmm yyyy"
    assert facts["Summary"].value == report.summary
    (counts,) = front.tables.values()
    rows = list(front[counts.ref])
    assert [c.value for c in rows[0]] == [
        "Theme",
        "Blue",
        "Green",
        "Amber",
        "Red",
        "Not rated",
        "No data",
        "Indicators",
    ]
    total = rows[-1]
    assert total[0].value == "All indicators"
    assert [c.value for c in total[1:]] == [1, 6, 6, 4, 1, 1, 19]
    assert all(c.data_type == "n" for c in total[1:])


def test_one_sheet_per_theme_when_rows_carry_themes() -> None:
    book = workbook(themed_report())
    assert book.sheetnames == ["Summary", "Our place", "Our people", "Empty"]
    people = book["Our people"]
    assert people["A1"].value == "Indicators, 2024/25 Q3: Our people"
    assert [people.cell(r, 1).value for r in (3, 4)] == [
        "Spend on temporary accommodation",
        "Days to process benefit claims",
    ]
    listed = {r[0].value: r[1].value for r in book["Summary"].iter_rows() if r[0].value}
    assert listed["Our people"] == "Indicators, 2024/25 Q3: Our people"


def test_cells_are_typed_and_shown_as_the_report_shows_them() -> None:
    book = workbook(themed_report())
    place, people = book["Our place"], book["Our people"]
    value, target, rating, due, commentary = (place.cell(3, c) for c in range(2, 7))
    assert (value.value, value.data_type, value.number_format) == (0.8425, "n", "#,##0.0%")
    assert (target.value, target.number_format) == (0.9, "#,##0.0%")
    assert (rating.value, rating.data_type) == ("✖ Red", "s")
    assert due.is_date and due.value == dt.datetime(2025, 3, 31)
    assert commentary.value == "Two crews short; agency cover from January."
    money, no_target, amber, timescale = (people.cell(3, c) for c in range(2, 6))
    assert (money.value, money.number_format) == (1234567, '"£"#,##0;-"£"#,##0')
    assert (no_target.value, no_target.data_type) == ("no target", "s")
    assert amber.value == "▲ Amber"
    assert (timescale.value, timescale.data_type) == ("Spring 2025", "s")
    days = people.cell(4, 2)
    assert (days.value, days.number_format) == (24.8, '#,##0.0" days"')


def test_provisional_values_stay_numbers() -> None:
    book = workbook(mansfield_report("performance"))
    provisional = [
        c
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(min_row=3)
        for c in row
        if isinstance(c.number_format, str) and "provisional" in c.number_format
    ]
    assert provisional and all(c.data_type == "n" for c in provisional)


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_figures_not_yet_approved_stay_numbers_and_say_so(state: str) -> None:
    folder = council()
    readings = tuple(attrs.evolve(r, approval=state) for r in folder.readings)
    report = build_report(
        "performance", folder.framework, readings, Q3, AS_OF, "cabinet", charts=False
    )
    book = workbook(report)
    marked = [
        c
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(min_row=3)
        for c in row
        if isinstance(c.number_format, str) and f"{state})" in c.number_format
    ]
    assert marked and all(c.data_type == "n" for c in marked)
    assert any(f'" (provisional, {state})"' in c.number_format for c in marked)
    assert any(c.number_format.endswith(f'%" ({state})"') for c in marked)


def test_a_missing_value_is_a_wrapped_text_cell_that_says_why() -> None:
    book = workbook(with_reason(REASON, "performance"))
    (cell,) = [
        c
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(min_row=3)
        for c in row
        if isinstance(c.value, str) and c.value.startswith("no data")
    ]
    assert (cell.value, cell.data_type) == (f"no data: {REASON}", "s")
    assert cell.alignment.wrap_text
    sheet = cell.parent
    assert sheet.row_dimensions[cell.row].height > 2 * sheet.row_dimensions[cell.row + 1].height


@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_each_sheet_is_an_excel_table_with_filters_and_a_frozen_header(kind: str) -> None:
    report = mansfield_report(kind)
    book = workbook(report)
    for sheet in book.worksheets[1:]:
        (table,) = sheet.tables.values()
        assert table.ref.startswith("A2:")
        assert table.autoFilter is not None and table.headerRowCount in (None, 1)
        assert sheet.freeze_panes == "B3"
        headers = [c.value for c in sheet[2]]
        assert headers[0] and len(set(headers)) == len(headers)


def test_document_properties_are_set_and_dated_as_of() -> None:
    report = mansfield_report("performance")
    properties = workbook(report).properties
    assert properties.title == report.title
    assert properties.subject == "performance report, 2024/25 Q3"
    assert properties.creator == "councilpmf"
    assert properties.created == properties.modified == dt.datetime(2025, 1, 20)


def test_zip_members_are_dated_as_of() -> None:
    archive = zipfile.ZipFile(io.BytesIO(xlsx.render(themed_report())))
    assert {i.date_time[:3] for i in archive.infolist()} <= {(1980, 1, 1), AS_OF.timetuple()[:3]}


def formula_elements(content: bytes) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    return [n for n in sheets if re.search(rb"<f[ >]", archive.read(n))]


@pytest.mark.parametrize("payload", FORMULAS)
@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_council_text_never_becomes_a_formula(kind: str, payload: str) -> None:
    content = xlsx.render(hostile(payload, kind))
    assert formula_elements(content) == []
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    shown = [c for c in cells if c.value == payload]
    assert shown and all(c.data_type == "s" for c in shown)


@pytest.mark.parametrize("payload", [*MARKUP, CONTROL, LONG])
def test_markup_control_characters_and_long_text_stay_inert(payload: str) -> None:
    content = xlsx.render(hostile(payload, "performance"))
    book = openpyxl.load_workbook(io.BytesIO(content))
    values = {c.value for sheet in book for row in sheet.iter_rows() for c in row}
    expected = (
        payload
        if payload != CONTROL
        else ("Before\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd[31m\ufffd\ufffd\ufffd after")
    )
    assert expected in values
    assert formula_elements(content) == []


def test_text_longer_than_a_cell_holds_is_cut_with_an_ellipsis() -> None:
    content = xlsx.render(hostile("x" * 40_000, "exceptions"))
    book = openpyxl.load_workbook(io.BytesIO(content))
    longest = max(
        (c.value for s in book for r in s.iter_rows() for c in r if isinstance(c.value, str)),
        key=len,
    )
    assert len(longest) == xlsx.MAX_CELL and longest.endswith("…")


def test_hostile_theme_names_become_safe_unique_sheet_names() -> None:
    report = themed_report()
    (section,) = [s for s in report.sections if s.heading == "Indicators"]
    (table,) = section.blocks
    assert isinstance(table, Table)
    names = [*FORMULAS, *MARKUP, CONTROL, LONG, "Our place", "OUR PLACE", "History", "'x'"]
    rows = tuple(attrs.evolve(table.rows[0], group=name) for name in names)
    themed = attrs.evolve(
        report, sections=(attrs.evolve(section, blocks=(attrs.evolve(table, rows=rows),)),)
    )
    book = workbook(themed)
    sheets = book.sheetnames[1:]
    assert len(sheets) == len(names)
    assert len({s.casefold() for s in book.sheetnames}) == len(book.sheetnames)
    for sheet in sheets:
        assert 1 <= len(sheet) <= 31 and not set("[]:*?/\\") & set(sheet)
    captions = [book[s]["A1"].value for s in sheets]
    assert captions == [f"Indicators, 2024/25 Q3: {xlsx.clip(n)}" for n in names]


def test_a_commentary_of_several_short_lines_gets_a_row_tall_enough_for_them() -> None:
    """A commentary's line breaks start lines of their own: five short lines were counted as
    one, so the row stayed one line tall and showed the first line alone."""
    note = "Q1: on track\nQ2: on track\nQ3: slipped\nQ4: recovering\nNext: review"
    book = workbook(with_commentary(note, "performance"))
    (cell, *_) = [
        c
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(min_row=3)
        for c in row
        if c.value == note
    ]
    assert cell.parent.row_dimensions[cell.row].height == 15 * 5


def _as_excel_shows(number: ExcelNumber) -> str:
    """The figure Excel shows for a cell: the stored double to 15 significant digits (times 100
    for a percentage), rounded to the format's decimals a half away from zero."""
    places = re.search(r"\.(0+)", number.format)
    digits = len(places[1]) if places else 0
    value = number.value * 100 if "%" in number.format else number.value
    exact = Decimal(f"{value:.15g}").quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return f"{abs(exact):,}"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text", "stored", "number_format"),
    [
        (71.25, Unit.PERCENTAGE, 1, "71.3%", 0.7125, "#,##0.0%"),
        (2.5, Unit.DAYS, 0, "3 days", 2.5, '#,##0" days"'),
        (-1234566.5, Unit.MONEY, 0, "-£1,234,567", -1234566.5, '"£"#,##0;-"£"#,##0'),
        (2.675, Unit.NUMBER, 2, "2.68", 2.675, "#,##0.00"),
        (71.24, Unit.PERCENTAGE, 1, "71.2%", 0.7124, "#,##0.0%"),
    ],
)
def test_excel_shows_a_number_on_a_rounding_tie_as_the_report_does(
    value: float, unit: Unit, decimals: int, text: str, stored: float, number_format: str
) -> None:
    """The report rounds a half away from zero, as Excel does, so a number on a tie is stored
    as it is and Excel shows the figure the report shows (71.25% is 71.3% in both)."""
    kpi = Indicator(id="K", title="K", unit=unit, decimals=decimals)
    assert kpi.format_value(value) == text
    number = excel_number(NumberCell(value=value, text=text))
    assert number == ExcelNumber(value=stored, format=number_format)
    assert _as_excel_shows(number) in text


@pytest.mark.parametrize(("complete", "text"), [(99.96, "99.9%"), (0.04, "0.1%"), (99.94, "99.9%")])
def test_excel_never_shows_an_unfinished_action_as_100_or_0_percent(
    complete: float, text: str
) -> None:
    """An action's percent is written so that it claims 0% or 100% only when it is exactly
    that; where Excel would round the stored value to either, the cell holds the report's
    figure instead, so the workbook makes no claim the report does not."""
    assert percent_text(complete) == text
    number = excel_number(NumberCell(value=complete, text=text))
    assert number is not None
    assert _as_excel_shows(number) + "%" == text


def test_every_qualifier_of_the_shorthand_keeps_its_value_a_number() -> None:
    from councilpmf.core.report import NumberCell
    from councilpmf.core.shorthand import QUALIFIERS

    for words in [*QUALIFIERS.values(), "note 3", "provisional, break in series"]:
        found = excel_number(NumberCell(value=45.2, text=f"45.2 ({words})"))
        assert found is not None and found.value == 45.2
        assert found.format == f'#,##0.0" ({words})"'
