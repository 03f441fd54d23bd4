"""``pdf``: the committee paper as a tagged, accessible PDF (PDF/UA-1), typeset by Typst.

The paper is the one the Word format writes (:mod:`councilpmf_papers.paper`), typeset by the
Typst compiler that the ``typst`` package on PyPI carries inside its wheel: nothing else to
install, no system library, the same output on every machine. Typst checks PDF/UA-1 as it
writes (``pdf_standards=["ua-1"]``) and refuses a document that breaks it, so every paper that
renders is tagged (headings, paragraphs, tables with their header rows, figures), has its title
and language (``en-GB``) in its metadata and an alternative text for every chart.

**No markup injection.** The layout is a fixed Typst file, ``paper.typ``; the paper reaches it
as JSON data (``paper.json``), and every piece of council text is placed as a string, so Typst
never reads it as markup or code: ``#``, ``$``, ``*``, ``_``, ``<``, ``@`` and ``\\`` are only
characters. Characters a PDF cannot show become U+FFFD, and a character the font has no glyph
for (an emoji, say) is written as its name in brackets, "[thumbs up sign]", never drawn as an
empty box (:func:`~councilpmf_papers.text.drawn_text`). A word longer than
:data:`~councilpmf_papers.paper.WIDEST` characters (a link, say) may be broken anywhere, so
that it never runs off the page or over the next cell of a table.

**Fonts.** DejaVu Sans, from the copy matplotlib ships (it draws the charts), is the only font
Typst is given; system fonts are ignored, so a paper does not change with the machine and the
status symbols (``✔ ▲ ✖``) and travel arrows are always in the font.

**Deterministic.** The document date and the PDF's creation and modification dates are the
report's ``as_of``; the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import typst

from councilpmf.core.report import Block, Chart, Paragraph, Report, Table, cell_text
from councilpmf.plugin_types import ReportFormat
from councilpmf_papers import charts
from councilpmf_papers.paper import APPENDIX, Paper, column_weights, paper
from councilpmf_papers.text import drawn_text, font_folder

__all__ = ["FORMAT", "render"]


class _Data:
    """The paper as the plain data ``paper.typ`` reads, and the chart images it names."""

    def __init__(self) -> None:
        self.images: dict[str, bytes] = {}

    def table(self, table: Table) -> dict[str, Any]:
        rows = [
            [drawn_text(row.header), *(drawn_text(cell_text(c)) for c in row.cells)]
            for row in table.rows
        ]
        return {
            "type": "table",
            "caption": drawn_text(table.caption),
            "columns": [drawn_text(c.title) for c in table.columns],
            "widths": column_weights(table),
            "rows": rows,
        }

    def chart(self, chart: Chart) -> dict[str, Any]:
        name = f"chart-{len(self.images) + 1}.png"
        self.images[name] = charts.png(chart)
        return {
            "type": "chart",
            "title": drawn_text(chart.title),
            "description": drawn_text(chart.description),
            "image": name,
        }

    def block(self, block: Block) -> dict[str, Any]:
        if isinstance(block, Paragraph):
            return {"type": "paragraph", "text": drawn_text(block.text)}
        if isinstance(block, Table):
            return self.table(block)
        return self.chart(block)

    def paper(self, shape: Paper, day: dt.date) -> dict[str, Any]:
        return {
            "title": drawn_text(shape.title),
            "date": [day.year, day.month, day.day],
            "facts": [[label, drawn_text(text)] for label, text in shape.facts],
            "parts": [
                {
                    "heading": drawn_text(part.heading),
                    "blocks": [self.block(b) for b in part.blocks],
                    "items": [
                        {
                            "heading": drawn_text(item.heading),
                            "facts": [[drawn_text(t), drawn_text(v)] for t, v in item.facts],
                        }
                        for item in part.items
                    ],
                }
                for part in shape.parts()
            ],
            "appendix": {
                "heading": APPENDIX,
                "groups": [
                    {"name": drawn_text(g.name), "table": self.table(g.table)}
                    for g in shape.appendix
                ],
            },
        }


def render(report: Report) -> bytes:
    """The report as a tagged PDF/UA-1 committee paper."""
    data = _Data()
    document = data.paper(paper(report), report.as_of)
    template = resources.files("councilpmf_papers").joinpath("paper.typ").read_bytes()
    with tempfile.TemporaryDirectory(prefix="councilpmf-pdf-") as folder:
        root = Path(folder)
        (root / "paper.typ").write_bytes(template)
        (root / "paper.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
        for name, image in data.images.items():
            (root / name).write_bytes(image)
        pdf = typst.compile(
            str(root / "paper.typ"),
            root=str(root),
            format="pdf",
            font_paths=[str(font_folder())],
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
            timestamp=dt.datetime.combine(report.as_of, dt.time(), tzinfo=dt.UTC),
        )
    assert isinstance(pdf, bytes)
    return pdf


FORMAT = ReportFormat(
    name="pdf",
    suffix=".pdf",
    media_type="application/pdf",
    render=render,
    description="The committee paper as a tagged, accessible PDF (PDF/UA-1)",
)
