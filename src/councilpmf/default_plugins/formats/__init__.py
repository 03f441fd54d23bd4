"""The built-in report formats: text, Markdown, HTML, CSV and JSON.

They register through the same ``councilpmf_report_formats`` hook a council's own plugin uses;
each lays out the format-free :class:`~councilpmf.core.report.Report` and never recomputes a
rating.
"""

from __future__ import annotations

from councilpmf.default_plugins.formats import csv_format, html, json_format, markdown, text
from councilpmf.hookspecs import hookimpl
from councilpmf.plugin_types import ReportFormat

__all__ = ["FORMATS", "councilpmf_report_formats"]

FORMATS: tuple[ReportFormat, ...] = (
    text.FORMAT,
    markdown.FORMAT,
    html.FORMAT,
    csv_format.FORMAT,
    json_format.FORMAT,
)


@hookimpl
def councilpmf_report_formats() -> list[ReportFormat]:
    """Text, Markdown, HTML, CSV and JSON."""
    return list(FORMATS)
