"""The format contract (:class:`councilpmf.testing.FormatContract`) against every installed
format, and against formats that break it, to show it fails them and says why."""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import zipfile
from collections.abc import Callable

import pytest

from councilpmf.core.report import Report, cell_text
from councilpmf.escape import readable
from councilpmf.plugin_types import ReportFormat
from councilpmf.plugins import report_formats
from councilpmf.testing import FormatContract
from councilpmf.testing.samples import MARKUP, sample_reports


class TestEveryInstalledFormat(FormatContract):
    @pytest.fixture(params=sorted(report_formats()))
    def report_format(self, request: pytest.FixtureRequest) -> ReportFormat:
        return report_formats()[request.param]


class TestAFormatNamedByName(FormatContract):
    format = "csv"


def _rows(report: Report) -> list[list[str]]:
    return [
        [row.header, *(cell_text(c) for c in row.cells)]
        for table in report.tables()
        for row in table.rows
    ]


def _naive_html(report: Report) -> str:
    return f"<h1>{report.title}</h1><p>{report.council}</p>"


def _naive_csv(report: Report) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[report.title], *_rows(report)])
    return buffer.getvalue()


_counter = itertools.count()


def _stamped(report: Report) -> str:
    return f"{report.title}\nrendered {next(_counter)}\n"


def _format(render: Callable[[Report], str | bytes], **fields: str) -> ReportFormat:
    values = {
        "name": "naive",
        "suffix": ".txt",
        "media_type": "text/plain; charset=utf-8",
        "description": "A format that breaks the contract",
        **fields,
    }
    return ReportFormat(render=render, **values)


CONTRACT = FormatContract()


def test_raw_markup_in_html_fails_the_contract() -> None:
    broken = _format(_naive_html, media_type="text/html; charset=utf-8")
    with pytest.raises(AssertionError, match="raw <script tags from council text: expected"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))
    assert MARKUP in _naive_html(sample_reports(hostile=True)["performance"])


def test_a_csv_field_starting_a_formula_fails_the_contract() -> None:
    broken = _format(_naive_csv, media_type="text/csv; charset=utf-8")
    with pytest.raises(
        AssertionError, match=r"CSV fields that start a formula: expected \[\], got"
    ):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def test_control_characters_in_plain_text_fail_the_contract() -> None:
    broken = _format(lambda report: "\n".join(map(str, _rows(report))) + report.title)
    with pytest.raises(AssertionError, match="control characters from council text"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def test_output_that_changes_on_every_render_fails_the_contract() -> None:
    with pytest.raises(AssertionError, match="rendered a second time: expected"):
        CONTRACT.test_renders_the_same_bytes_every_time(_format(_stamped), sample_reports())


def test_bytes_for_a_text_media_type_fail_the_contract() -> None:
    broken = _format(lambda report: report.title.encode())
    with pytest.raises(AssertionError, match="expected 'str', got 'bytes'"):
        CONTRACT.test_renders_every_kind_of_report(broken, sample_reports())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("suffix", "xlsx", "suffix: a file suffix starts with its dot"),
        ("media_type", "spreadsheet", "media_type: a media type is type/subtype"),
        ("name", "My Format", "name: lower-case letters"),
        ("description", "  ", "description: one line of words"),
    ],
)
def test_a_bad_field_fails_the_contract(field: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):  # the record itself refuses it ...
        _format(_stamped, **{field: value})
    broken = _format(_stamped)
    object.__setattr__(broken, field, value)  # ... so only a record forced past its checks
    with pytest.raises(AssertionError, match=message):
        CONTRACT.test_name_suffix_media_type_and_description_are_sane(broken)


def _workbook(cell: str) -> Callable[[Report], bytes]:
    """A one-sheet zip 'workbook' whose only cell is ``cell`` (XML), built without a library."""

    def render(_report: Report) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            sheet = f'<worksheet xmlns="urn:x"><sheetData><row><c>{cell}</c></row></sheetData>'
            archive.writestr(zipfile.ZipInfo("xl/worksheets/sheet1.xml"), sheet + "</worksheet>")
        return buffer.getvalue()

    return render


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_formula_made_from_council_text_fails_the_contract() -> None:
    broken = _format(_workbook("<f>cmd|' /C calc'!A0</f>"), suffix=".xlsx", media_type=XLSX)
    with pytest.raises(AssertionError, match="formulas made from council text: expected"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def test_a_part_that_is_not_xml_fails_the_contract() -> None:
    broken = _format(_workbook("<v>red\x07</v>"), suffix=".xlsx", media_type=XLSX)
    with pytest.raises(AssertionError, match="expected well-formed XML, got"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def test_a_workbook_with_text_cells_passes() -> None:
    fine = _format(_workbook("<is><t>=cmd|' /C calc'!A0</t></is>"), suffix=".xlsx", media_type=XLSX)
    CONTRACT.test_hostile_council_text_stays_inert(fine, sample_reports(hostile=True))
    CONTRACT.test_renders_the_same_bytes_every_time(fine, sample_reports())


def test_a_pdf_that_is_not_a_pdf_fails_the_contract() -> None:
    broken = _format(
        lambda report: report.title.encode(), suffix=".pdf", media_type="application/pdf"
    )
    with pytest.raises(AssertionError, match="the first bytes: expected b'%PDF-'"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def _escaped_html(report: Report) -> str:
    """HTML escaped, control characters dropped, but bidirectional overrides kept as they are."""
    words = " ".join(cell for row in _rows(report) for cell in row)
    text = "".join(c for c in words if c >= " " and not "\x7f" <= c <= "\x9f")
    return f"<p>{html.escape(text)}</p>"


def test_a_bidirectional_override_in_html_fails_the_contract() -> None:
    broken = _format(_escaped_html, media_type="text/html; charset=utf-8")
    with pytest.raises(AssertionError, match="bidirectional overrides from council text"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def test_a_bidirectional_override_in_an_office_file_fails_the_contract() -> None:
    broken = _format(_workbook("<v>invoice\u202efdp.exe</v>"), suffix=".xlsx", media_type=XLSX)
    with pytest.raises(AssertionError, match=r"sheet1\.xml: bidirectional overrides"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def _words(report: Report) -> str:
    return " ".join(cell for row in _rows(report) for cell in row)


def _c0_dropped(text: str) -> str:
    """``text`` without C0 control characters: DEL, the C1 controls and bidirectional overrides
    left as they are."""
    return "".join(c for c in text if c >= " " or c in "\t\n")


@pytest.mark.parametrize(
    ("render", "media_type", "suffix"),
    [
        (lambda r: _c0_dropped(_words(r)), "text/plain; charset=utf-8", ".txt"),
        (lambda r: html.escape(_c0_dropped(_words(r))), "text/markdown; charset=utf-8", ".md"),
        (lambda r: f"<p>{html.escape(_c0_dropped(_words(r)))}</p>", "text/html", ".html"),
        (lambda r: "'" + _c0_dropped(_words(r)), "text/csv; charset=utf-8", ".csv"),
        # JSON escapes every C0 control (\u001b) and, by default, every other character too.
        (lambda r: json.dumps([r.title, *_rows(r)]), "application/json", ".json"),
    ],
    ids=["C1 in text", "C1 in Markdown", "C1 in HTML", "C1 in CSV", "escaped in JSON"],
)
def test_any_control_character_from_council_text_fails_the_contract(
    render: Callable[[Report], str], media_type: str, suffix: str
) -> None:
    """Every built-in format shows a C0 control, DEL and a C1 control (``\\x9b`` starts a
    terminal's escape sequence as ``\\x1b[`` does) as U+FFFD: a format that passes any of them
    through, or escapes them as JSON does, fails."""
    broken = _format(render, media_type=media_type, suffix=suffix)
    with pytest.raises(AssertionError, match="control characters from council text"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def test_a_bidirectional_override_as_an_html_character_reference_fails_the_contract() -> None:
    def render(report: Report) -> str:
        text = html.escape(readable(_words(report)).replace("\ufffd", ""))
        return f"<p>{text} &#x202e;exe.txt</p>"

    broken = _format(render, media_type="text/html; charset=utf-8", suffix=".html")
    with pytest.raises(AssertionError, match="bidirectional overrides from council text"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


@pytest.mark.parametrize(
    "cell", ["<v>red\x9b31m</v>", '<v a="red\x85">1</v>'], ids=["text", "attribute"]
)
def test_a_c1_control_in_an_office_file_fails_the_contract(cell: str) -> None:
    broken = _format(_workbook(cell), suffix=".xlsx", media_type=XLSX)
    with pytest.raises(AssertionError, match=r"sheet1\.xml: control characters"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))


def test_the_hostile_reports_carry_every_kind_of_control_character() -> None:
    words = _words(sample_reports(hostile=True)["performance"])
    assert {"\x1b", "\x7f", "\x9b", "\u202e"} <= set(words)


def test_a_bidirectional_override_as_an_xml_character_reference_fails_the_contract() -> None:
    def render(report: Report) -> str:
        return (
            f"<report><title>{html.escape(readable(report.title))}</title><v>&#x202e;</v></report>"
        )

    broken = _format(render, media_type="application/xml", suffix=".xml")
    with pytest.raises(AssertionError, match="bidirectional overrides from council text"):
        CONTRACT.test_hostile_council_text_stays_inert(broken, sample_reports(hostile=True))
