"""The ``docx`` format, read back with python-docx: a committee paper with real headings,
tables whose header rows repeat, charts with alternative text, title and language set, and
council text that stays text."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile

import docx
import pytest
from councilpmf_papers import word
from councilpmf_papers.text import office_text
from docx.document import Document
from docx.oxml.ns import qn
from papers_fixtures import (
    AS_OF,
    CONTROL,
    FORMULAS,
    LONG,
    MARKUP,
    REASON,
    every_report,
    example_report,
    hostile,
    mansfield_report,
    themed_report,
    with_reason,
)

from councilpmf.core.report import REPORT_KINDS, Report, Table


def document(report: Report) -> Document:
    return docx.Document(io.BytesIO(word.render(report)))


def headings(doc: Document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style is not None and (p.style.name.startswith("Heading") or p.style.name == "Title")
    ]


def all_text(doc: Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize(("name", "kind"), every_report())
def test_every_kind_for_every_council_opens(name: str, kind: str) -> None:
    # Charts are drawn for every council by the PDF tests; here Mansfield's are enough.
    report = example_report(name, kind, charts=name == "mansfield")
    doc = document(report)
    assert headings(doc)[0] == ("Title", report.title)
    assert len(doc.inline_shapes) == len(report.charts())


def test_the_same_report_gives_the_same_bytes() -> None:
    report = mansfield_report("performance")
    assert word.render(report) == word.render(report)


def test_the_paper_has_real_headings_in_order() -> None:
    doc = document(mansfield_report("performance"))
    found = headings(doc)
    assert found[0] == ("Title", "Cabinet: performance report, 2024/25 Q3")
    assert [t for s, t in found if s == "Heading 1"] == [
        "1. Summary",
        "2. Recommendations",
        "3. Summary by theme",
        "4. Exceptions",
        "5. Indicators",
        "6. Trends",
        "Appendix A: the detail",
    ]
    levels = [0 if s == "Title" else int(s.split()[-1]) for s, _ in found]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # no level skipped
    exceptions = [t for s, t in found if s == "Heading 2"]
    assert "Average days to process new housing benefit claims" in exceptions


def test_exceptions_carry_their_commentary() -> None:
    text = all_text(document(mansfield_report("exceptions")))
    assert "Commentary and corrective action: Two assessor vacancies" in text


@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_every_table_has_a_caption_and_a_repeating_header_row(kind: str) -> None:
    report = mansfield_report(kind, charts=False)
    doc = document(report)
    # Mansfield keeps no risk register, so its risks report is words alone.
    has_tables = any(isinstance(b, Table) for s in report.sections for b in s.blocks)
    assert bool(doc.tables) == has_tables
    for table in doc.tables:
        properties = table._tbl.tblPr
        caption = properties.find(qn("w:tblCaption"))
        assert caption is not None and caption.get(qn("w:val"))
        first = table.rows[0]._tr
        header = first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
        assert header is not None and header.get(qn("w:val")) == "true"
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
        for row in table.rows[1:]:
            assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None


def test_the_caption_comes_right_before_its_table() -> None:
    doc = document(themed_report())
    body = list(doc.element.body)
    for table in doc.tables:
        before = body[body.index(table._tbl) - 1]
        style = before.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        assert style is not None and style.get(qn("w:val")) == "Caption"


def test_charts_are_images_whose_alternative_text_is_the_description() -> None:
    report = mansfield_report("performance")
    doc = document(report)
    pictures = [s._inline.docPr for s in doc.inline_shapes]
    assert [p.get("descr") for p in pictures] == [c.description for c in report.charts()]
    assert [p.get("title") for p in pictures] == [c.title for c in report.charts()]
    image = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[image].content_type == "image/png"


def test_title_language_and_dates_are_set() -> None:
    report = mansfield_report("actions")
    doc = document(report)
    core = doc.core_properties
    assert core.title == report.title
    assert core.language == "en-GB"
    assert core.author == "councilpmf"
    created = dt.datetime(2025, 1, 20, tzinfo=dt.UTC)
    assert {core.created.replace(tzinfo=dt.UTC), core.modified.replace(tzinfo=dt.UTC)} == {created}
    languages = {lang.get(qn("w:val")) for lang in doc.styles.element.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    defaults = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert defaults is not None and defaults.get(qn("w:val")) == "en-GB"


def test_the_appendix_is_on_a_landscape_page_with_every_indicator() -> None:
    report = mansfield_report("performance", charts=False)
    doc = document(report)
    last = doc.sections[-1]
    assert last.page_width > last.page_height
    by_theme, *appendix = doc.tables
    assert by_theme.rows[0].cells[0].text == "Theme"
    assert [len(t.rows) - 1 for t in appendix] == [5, 4, 3, 3, 4]  # 19 indicators by theme


def test_zip_members_are_dated_as_of() -> None:
    archive = zipfile.ZipFile(io.BytesIO(word.render(themed_report())))
    assert {i.date_time[:3] for i in archive.infolist()} == {AS_OF.timetuple()[:3]}


@pytest.mark.parametrize("payload", [*FORMULAS, *MARKUP, CONTROL, LONG])
def test_hostile_text_stays_text(payload: str) -> None:
    for kind in ("performance", "actions", "peer-challenge"):
        report = hostile(payload, kind)
        text = all_text(document(report))
        assert office_text(payload) in text
        assert "\x00" not in text
    raw = zipfile.ZipFile(io.BytesIO(word.render(hostile(payload, "exceptions"))))
    body = raw.read("word/document.xml")
    assert b"<w:r><w:t>injected" not in body


def test_a_missing_value_says_why_in_its_table_cell() -> None:
    doc = document(with_reason(REASON, "performance"))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert f"no data: {REASON}" in cells


def test_every_text_colour_is_readable_on_white() -> None:
    doc = document(mansfield_report("peer-challenge"))
    used = {p.style.name for p in doc.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2", "Caption"} <= used
    for name in used:
        colour = doc.styles[name].font.color.rgb
        assert colour is None or word.contrast(colour) >= 4.5, name


def test_the_paper_is_a4_and_every_chart_fits_between_the_margins() -> None:
    """A council prints on A4, as the PDF and the workbook's sheets are: the paper was US
    Letter (python-docx's template), and a chart was wider than the text between its margins."""
    doc = document(mansfield_report("performance"))
    sizes = [(round(s.page_width.mm), round(s.page_height.mm)) for s in doc.sections]
    assert sizes == [(210, 297), (297, 210)]  # the paper, then the landscape appendix
    first = doc.sections[0]
    room = first.page_width - first.left_margin - first.right_margin
    assert doc.inline_shapes and all(shape.width <= room for shape in doc.inline_shapes)
