"""``text``: a plain-text report with tables drawn by tabulate.

A status is written as its symbol and word (``✖ Red``) and a direction of travel as its arrow
and word (``↗ Improving``), so nothing depends on colour. Control characters in the data are
made harmless (a tab becomes a space, other control characters and bidirectional overrides
become ``�``) so a report shown in a terminal cannot carry escape sequences or show its text in
another order than it is written.
"""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from councilpmf.core.actions import format_date
from councilpmf.core.report import Chart, Paragraph, Report, Table, cell_text
from councilpmf.escape import readable
from councilpmf.plugin_types import ReportFormat

__all__ = ["FORMAT", "render"]

WIDTH = 100
# Text columns wider than this wrap onto more lines.
COLUMN_WIDTH = 36


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return readable(text)


def _fill(text: str) -> str:
    lines = _clean(text).split("\n")
    return "\n".join(
        textwrap.fill(line, width=WIDTH, break_long_words=False, break_on_hyphens=False)
        for line in lines
    )


def _heading(text: str, underline: str) -> list[str]:
    title = " ".join(_clean(text).split())
    return [title, underline * max(len(title), 3)]


def _table(table: Table) -> str:
    headers = [_clean(c.title) for c in table.columns]
    rows = [
        [_clean(row.header), *(_clean(cell_text(cell)) for cell in row.cells)] for row in table.rows
    ]
    widths: list[int | None] = [
        None if c.kind in ("number", "status", "travel", "date") else COLUMN_WIDTH
        for c in table.columns
    ]
    aligns = ["right" if c.kind == "number" else "left" for c in table.columns]
    if not rows:
        return "  ".join(headers) + "\n(none)"
    return tabulate(
        rows,
        headers=headers,
        tablefmt="simple",
        disable_numparse=True,
        maxcolwidths=widths,
        colalign=aligns,
    )


def _chart(chart: Chart) -> list[str]:
    lines = [f"Chart: {_clean(chart.title)}", _fill(chart.description)]
    if chart.series:
        labels = [p.label for p in chart.series[0].points]
        rows = [
            [
                _clean(label),
                *(_clean(s.points[i].text) if i < len(s.points) else "" for s in chart.series),
            ]
            for i, label in enumerate(labels)
        ]
        lines.append(
            tabulate(
                rows,
                headers=["Period", *(_clean(s.name) for s in chart.series)],
                tablefmt="simple",
                disable_numparse=True,
                colalign=["left", *("right" for _ in chart.series)],
            )
        )
    return lines


def render(report: Report) -> str:
    """The report as plain text, ending with one newline."""
    out = _heading(report.title, "=")
    out.append("")
    out.append(f"Council: {_clean(report.council)}")
    if report.committee is not None:
        out.append(f"Committee: {_clean(report.committee)}")
    out.append(f"Period: {_clean(report.period)}")
    out.append(f"As of: {format_date(report.as_of)}")
    if report.summary:
        out += ["", _fill(report.summary)]
    for section in report.sections:
        out += ["", "", *_heading(section.heading, "-")]
        for block in section.blocks:
            out.append("")
            if isinstance(block, Paragraph):
                out.append(_fill(block.text))
            elif isinstance(block, Table):
                out.append(_fill(block.caption))
                out.append(_table(block))
            elif isinstance(block, Chart):
                out += _chart(block)
    return "\n".join(out).rstrip("\n") + "\n"


FORMAT = ReportFormat(
    name="text",
    suffix=".txt",
    media_type="text/plain; charset=utf-8",
    render=render,
    description="Plain text with tables; statuses as symbol and word",
)
