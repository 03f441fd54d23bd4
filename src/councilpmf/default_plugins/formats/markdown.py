"""``markdown``: a GitHub-flavoured Markdown report with pipe tables.

Text from the data can never become markup: runs of white space (new lines included) become one
space, and every character Markdown, its GitHub and Pandoc extensions or inline HTML could act on
(``\\ ` * _ [ ] < > | & # ~ $ ^``, and, at the start, a list marker, a line of ``-`` or ``=``,
or a number followed by ``.`` or ``)`` and a space) is escaped with a backslash.
A table's caption is the line ``Table: caption`` just before it (Pandoc reads that as the
caption; other renderers show it as a paragraph).
"""

from __future__ import annotations

from councilpmf.core.actions import format_date
from councilpmf.core.report import Chart, Paragraph, Report, Table, cell_text
from councilpmf.escape import markdown as escape
from councilpmf.plugin_types import ReportFormat

__all__ = ["FORMAT", "escape", "render"]


def _table(table: Table) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    lines = [f"Table: {escape(table.caption)}", ""]
    lines.append(line([escape(c.title) or " " for c in table.columns]))
    lines.append(line(["---:" if c.kind == "number" else "---" for c in table.columns]))
    for row in table.rows:
        lines.append(line([escape(row.header), *(escape(cell_text(c)) for c in row.cells)]))
    return lines


def _chart(chart: Chart) -> list[str]:
    lines = [f"**Chart: {escape(chart.title)}**", "", escape(chart.description)]
    if chart.series:
        lines += ["", *_table(chart.data_table())]
    return lines


def render(report: Report) -> str:
    """The report as Markdown, ending with one newline."""
    out = [f"# {escape(report.title)}", ""]
    facts = [f"**Council:** {escape(report.council)}"]
    if report.committee is not None:
        facts.append(f"**Committee:** {escape(report.committee)}")
    facts.append(f"**Period:** {escape(report.period)}")
    facts.append(f"**As of:** {format_date(report.as_of)}")
    out += [f"{fact}  " for fact in facts[:-1]] + [facts[-1]]
    if report.summary:
        out += ["", escape(report.summary)]
    for section in report.sections:
        out += ["", f"## {escape(section.heading)}"]
        for block in section.blocks:
            out.append("")
            if isinstance(block, Paragraph):
                out.append(escape(block.text))
            elif isinstance(block, Table):
                out += _table(block)
            elif isinstance(block, Chart):
                out += _chart(block)
    return "\n".join(out) + "\n"


FORMAT = ReportFormat(
    name="markdown",
    suffix=".md",
    media_type="text/markdown; charset=utf-8",
    render=render,
    description="Markdown with pipe tables; text from the data is escaped",
)
