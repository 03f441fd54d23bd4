"""councilpmf-papers: committee papers as councils publish them.

Three report formats, each a layout of the same format-free report document:

- ``xlsx``: the workbook an officer would build by hand (:mod:`councilpmf_papers.xlsx`);
- ``docx``: a committee paper in Word (:mod:`councilpmf_papers.word`);
- ``pdf``: the same paper as a tagged PDF/UA-1 document (:mod:`councilpmf_papers.pdf`).

The paper's shape (summary, recommendations, summary by theme, exceptions, body, appendix) is
worked out once, in :mod:`councilpmf_papers.paper`, and laid out by both the Word and the PDF
formats. The same report gives the same bytes in every format: every date in the files is the
report's ``as_of``.
"""

from __future__ import annotations

from councilpmf.hookspecs import hookimpl
from councilpmf.plugin_types import ReportFormat
from councilpmf_papers import pdf, word, xlsx

__all__ = ["FORMATS", "councilpmf_report_formats"]

FORMATS: tuple[ReportFormat, ...] = (xlsx.FORMAT, word.FORMAT, pdf.FORMAT)


@hookimpl
def councilpmf_report_formats() -> list[ReportFormat]:
    """``xlsx``, ``docx`` and ``pdf``."""
    return list(FORMATS)
