"""``docx``: the report as a committee paper in Word, written with python-docx.

The paper is A4, with 2 cm margins (its appendix A4 landscape), and has the shape
:mod:`councilpmf_papers.paper` gives it: the title (Word's Title
style) and who it is for; then numbered parts in Heading 1 (Summary, Recommendations, Summary
by theme, Exceptions, the report's own sections, Appendix A), with Heading 2 below them.

What Word's accessibility checker looks for in the file is there:

- the document's title and language (``en-GB``) in its core properties, and ``en-GB`` as the
  language of every style, so spelling and screen readers use British English;
- real heading styles, in order, never bold text posing as a heading;
- every table has a caption above it (Caption style) and the same words as its alternative
  text (``w:tblCaption``); its first row is a header row that repeats at the top of every page
  it runs onto (``w:tblHeader``), and its first column is the row headers, in bold;
- every chart is a PNG image (:mod:`councilpmf_papers.charts`) whose alternative text is the
  chart's description in words, with its title as a caption below it;
- a status is its symbol and word (``✖ Red``), never a colour alone; every text colour has a
  contrast of at least 4.5:1 on white (the template's lighter blue headings are darkened).

Council text is only ever a run's text, which python-docx escapes as XML; characters XML
cannot hold become U+FFFD. The core properties' created and modified dates are the report's
``as_of``, and so are the zip members' dates, so the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell as WordCell

from councilpmf.core.report import Block, Chart, Paragraph, Report, Table, cell_text
from councilpmf.plugin_types import ReportFormat
from councilpmf_papers import charts
from councilpmf_papers.archive import with_date
from councilpmf_papers.paper import APPENDIX, Item, column_weights, paper
from councilpmf_papers.text import office_text

__all__ = ["DARK_BLUE", "FORMAT", "LANGUAGE", "contrast", "render"]

LANGUAGE = "en-GB"
DARK_BLUE = RGBColor(0x1F, 0x4E, 0x79)
"""The colour given to headings and captions too light to read (8.7:1 on white)."""
_TABLE_TEXT = Pt(8)


def _set_language(document: Document) -> None:
    """``en-GB`` for the document's default run properties and every style that names one."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    if properties.find(qn("w:lang")) is None:
        properties.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), LANGUAGE)


def contrast(colour: RGBColor) -> float:
    """The WCAG contrast ratio of text in ``colour`` on white.

    >>> round(contrast(RGBColor(0x4F, 0x81, 0xBD)), 2), round(contrast(DARK_BLUE), 2)
    (4.03, 8.66)
    """

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in colour)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


def _readable_colours(document: Document) -> None:
    """Styles whose text colour is too light on white (the template's Heading 2, Heading 3 and
    Caption, 4.03:1) are given a darker blue, so every text passes WCAG's 4.5:1."""
    for style in document.styles:
        font = getattr(style, "font", None)
        if font is not None and font.color.rgb is not None and contrast(font.color.rgb) < 4.5:
            font.color.rgb = DARK_BLUE


def _facts_paragraph(document: Document, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(office_text(text))


def _table_properties(table: WordTable, caption: str) -> None:
    """The table's alternative text, and its first row marked as a repeating header row."""
    properties = table._tbl.tblPr
    for tag in ("w:tblCaption", "w:tblDescription"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), caption)
        properties.append(element)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    header_row.append(header)


def _table(document: Document, table: Table) -> None:
    caption = office_text(table.caption)
    document.add_paragraph(caption, style="Caption")
    shown = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    shown.style = document.styles["Table Grid"]
    shown.alignment = WD_TABLE_ALIGNMENT.LEFT
    shown.autofit = False
    weights = column_weights(table)
    section = document.sections[-1]
    margins = (section.left_margin or 0) + (section.right_margin or 0)
    room = (section.page_width or Inches(8.27)) - margins
    widths = [Emu(room * w // sum(weights)) for w in weights]
    for grid, width in zip(shown._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid.w = width
    texts = [[column.title for column in table.columns]] + [
        [row.header, *(cell_text(c) for c in row.cells)] for row in table.rows
    ]
    # Cell by cell through the XML: python-docx's row.cells rebuilds the whole grid each time.
    for r, (tr, row_texts) in enumerate(zip(shown._tbl.tr_lst, texts, strict=True)):
        for c, (tc, text) in enumerate(zip(tr.tc_lst, row_texts, strict=True)):
            cell = WordCell(tc, shown)
            cell.width = widths[c]
            run = cell.paragraphs[0].add_run(office_text(text))
            run.bold = r == 0 or c == 0
            run.font.size = _TABLE_TEXT
    _table_properties(shown, caption)
    if not table.rows:
        document.add_paragraph("The table has no rows.")


def _chart(document: Document, chart: Chart) -> None:
    document.add_picture(io.BytesIO(charts.png(chart)), width=Inches(charts.WIDTH))
    picture = document.inline_shapes[-1]._inline.docPr
    picture.set("descr", office_text(chart.description))
    picture.set("title", office_text(chart.title))
    document.add_paragraph(office_text(chart.title), style="Caption")


def _blocks(document: Document, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(office_text(block.text))
        elif isinstance(block, Table):
            _table(document, block)
        else:
            _chart(document, block)


def _exception(document: Document, item: Item) -> None:
    document.add_heading(office_text(item.heading), level=2)
    for label, text in item.facts:
        _facts_paragraph(document, label, text)


def _a4(document: Document) -> None:
    """A4 paper with 2 cm margins, as the PDF has, instead of the template's US Letter: a
    council prints on A4, and a chart (``charts.WIDTH`` wide) fits between these margins."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))


def _appendix_section(document: Document) -> None:
    """A new landscape page for the appendix, whose tables are wide."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def _property(text: str) -> str:
    """Text for a core property, which holds at most 255 characters."""
    clean = office_text(text)
    return clean if len(clean) <= 255 else clean[:254] + "…"


def _properties(document: Document, report: Report) -> None:
    created = dt.datetime.combine(report.as_of, dt.time(), tzinfo=dt.UTC)
    core: Any = document.core_properties
    core.title = _property(report.title)
    core.subject = _property(f"{report.kind} report, {report.period}")
    core.author = "councilpmf"
    core.last_modified_by = "councilpmf"
    core.language = LANGUAGE
    core.comments = _property(report.summary)
    core.created = created
    core.modified = created
    core.revision = 1


def render(report: Report) -> bytes:
    """The report as a Word committee paper (``.docx``)."""
    shape = paper(report)
    document = docx.Document()
    _a4(document)
    _properties(document, report)
    _set_language(document)
    _readable_colours(document)
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(office_text(shape.title), level=0)
    for label, text in shape.facts:
        _facts_paragraph(document, label, text)
    for part in shape.parts():
        document.add_heading(office_text(part.heading), level=1)
        _blocks(document, part.blocks)
        for item in part.items:
            _exception(document, item)
    _appendix_section(document)
    document.add_heading(APPENDIX, level=1)
    for group in shape.appendix:
        document.add_heading(office_text(group.name), level=2)
        _table(document, group.table)
    buffer = io.BytesIO()
    document.save(buffer)
    return with_date(buffer.getvalue(), report.as_of)


FORMAT = ReportFormat(
    name="docx",
    suffix=".docx",
    media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    render=render,
    description="A committee paper in Word: summary, exceptions, charts, appendix",
)
