"""``text``: a plain-text report that fits the terminal, with tables drawn by tabulate.

The report is as wide as the terminal says (the ``COLUMNS`` environment variable; 100 when it is
not set, and never less than :data:`MIN_WIDTH`), and no line is wider. Widths are counted in the
terminal's columns, as ``wcwidth`` counts them: an East Asian wide or fullwidth character takes
two, a combining mark or a zero-width character none. Long cells wrap within
their column; a table whose columns cannot fit side by side at a readable width is written as
one block per row instead ("Column: value" lines under the row's header).

A status is written as its symbol and word (``✖ Red``) and a direction of travel as its arrow
and word (``↗ Improving``), so nothing depends on colour. Control characters in the data are
made harmless (a tab becomes a space, other control characters and bidirectional overrides
become ``�``) so a report shown in a terminal cannot carry escape sequences or show its text in
another order than it is written.
"""

from __future__ import annotations

import os

import wcwidth
from tabulate import tabulate

from councilpmf.core.actions import format_date
from councilpmf.core.report import Chart, Paragraph, Report, Table, cell_text
from councilpmf.escape import readable
from councilpmf.plugin_types import ReportFormat

__all__ = ["DEFAULT_WIDTH", "FORMAT", "MIN_WIDTH", "render", "terminal_width"]

DEFAULT_WIDTH = 100
"""The width of a report when ``COLUMNS`` does not say."""
MIN_WIDTH = 40
"""The narrowest report: a smaller ``COLUMNS`` is taken as this."""
# Columns of a table are never squeezed below this many columns (or their own width, when
# that is less); a table that cannot fit so is written as a block per row.
_NARROWEST_COLUMN = 12
_GAP = 2  # tabulate's "simple" style puts two spaces between columns
_HEADER_PAD = 2  # and keeps each column two wider than its header


def terminal_width(environ: dict[str, str] | None = None) -> int:
    """The report width ``COLUMNS`` asks for: a whole number, at least :data:`MIN_WIDTH`;
    :data:`DEFAULT_WIDTH` when it is unset or not a number.

    >>> terminal_width({"COLUMNS": "60"}), terminal_width({}), terminal_width({"COLUMNS": "x"})
    (60, 100, 100)
    >>> terminal_width({"COLUMNS": "12"})
    40
    """
    text = (os.environ if environ is None else environ).get("COLUMNS", "").strip()
    return max(int(text), MIN_WIDTH) if text.isdigit() else DEFAULT_WIDTH


def _display_width(line: str) -> int:
    """The columns ``line`` (one line, through :func:`_clean`) takes on a terminal: what
    tabulate pads a table's cells by, as it uses ``wcwidth`` too.

    >>> _display_width("Rent"), _display_width("家賃"), _display_width("Cafe\u0301")
    (4, 4, 4)
    """
    return wcwidth.wcswidth(line)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return readable(text)


def _wrap(text: str, width: int, indent: str = "", more: str = "") -> str:
    """``text`` in lines of at most ``width`` columns, keeping its own line breaks; a word
    longer than a line is broken."""
    return _fit(_clean(text), width, indent, more)


def _fit(clean: str, width: int, indent: str = "", more: str = "") -> str:
    """:func:`_wrap` of text already through :func:`_clean` (a table's cells are cleaned once,
    to measure them). The text's own later lines are set in by ``more``, as its wrapped ones
    are, so that a line break in a value cannot make a line that looks like the next field.

    >>> _fit("Owner: Jo\\nReview by: 2099", 40, "  ", "    ").splitlines()
    ['  Owner: Jo', '    Review by: 2099']
    """
    return "\n".join(
        _fill(line, width, more if number else indent, more) or indent.rstrip()
        for number, line in enumerate(clean.split("\n"))
    )


def _fill(line: str, width: int, indent: str, more: str) -> str:
    """One line filled as ``textwrap.fill`` fills it, but counting columns, not characters
    (``wcwidth.wrap``); a line that fits as it is (most table cells) is given as the wrap
    would give it, without splitting it into words.

    >>> _fill("  Green  ", 20, "* ", ""), _fill("   ", 20, "", "")
    ('*   Green', '')
    >>> _fill("Worsening since last year", 12, "", "  ").splitlines()
    ['Worsening', '  since last', '  year']
    >>> _fill("議会の報告書", 8, "", "").splitlines()
    ['議会の報', '告書']
    """
    if _display_width(indent + line) <= width:
        kept = line.rstrip()
        return indent + kept if kept else ""
    lines = wcwidth.wrap(
        line,
        width,
        initial_indent=indent,
        subsequent_indent=more,
        break_on_hyphens=False,
        propagate_sgr=False,
    )
    return "\n".join(lines)


def _heading(text: str, underline: str, width: int) -> list[str]:
    title = _fit(" ".join(_clean(text).split()), width)
    widest = max(_display_width(line) for line in title.split("\n"))
    return [title, underline * min(widest, width)]


def _widths(natural: list[int], room: int) -> list[int] | None:
    """Column widths that add up to no more than ``room``: each column keeps its floor (its
    own width, or ``_NARROWEST_COLUMN`` when wider) and a share of what is left in proportion
    to how much wider it would like to be; None when the floors alone do not fit."""
    floors = [min(w, _NARROWEST_COLUMN) for w in natural]
    if sum(natural) <= room:
        return list(natural)
    spare, wanted = room - sum(floors), sum(natural) - sum(floors)
    if spare < 0:
        return None
    return [f + (n - f) * spare // wanted for f, n in zip(floors, natural, strict=True)]


def _table(table: Table, width: int) -> str:
    headers = [_clean(c.title) for c in table.columns]
    rows = [
        [_clean(row.header), *(_clean(cell_text(cell)) for cell in row.cells)] for row in table.rows
    ]
    if not rows:
        return _fit("  ".join(headers), width) + "\n(none)"
    # tabulate keeps a column two columns wider than its header.
    natural = [
        max(
            *(_display_width(line) + _HEADER_PAD for line in headers[i].split("\n")),
            *(_display_width(line) for r in rows for line in r[i].split("\n")),
        )
        for i in range(len(headers))
    ]
    widths = _widths(natural, width - _GAP * (len(headers) - 1))
    if widths is None:
        return _records(headers, rows, width)
    return tabulate(
        [[_fit(text, w) for text, w in zip(row, widths, strict=True)] for row in rows],
        headers=[_fit(text, w - _HEADER_PAD) for text, w in zip(headers, widths, strict=True)],
        tablefmt="simple",
        disable_numparse=True,
        colalign=["right" if c.kind == "number" else "left" for c in table.columns],
    )


def _records(headers: list[str], rows: list[list[str]], width: int) -> str:
    """A table too wide for the terminal: each row's header, then a line per other column
    that has something in it."""
    blocks = []
    for row in rows:
        lines = [_fit(row[0], width, "", "    ")]
        lines += [
            _fit(f"{title}: {text}", width, "  ", "    ")
            for title, text in zip(headers[1:], row[1:], strict=True)
            if text
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _chart(chart: Chart, width: int) -> list[str]:
    lines = [_wrap(f"Chart: {chart.title}", width), _wrap(chart.description, width)]
    if chart.series:
        lines.append(_table(chart.data_table(), width))
    return lines


def render(report: Report, *, width: int | None = None) -> str:
    """The report as plain text no wider than ``width`` columns (by default the terminal's,
    see :func:`terminal_width`), ending with one newline."""
    width = terminal_width() if width is None else max(width, MIN_WIDTH)
    out = _heading(report.title, "=", width)
    out.append("")
    out.append(_wrap(f"Council: {report.council}", width))
    if report.committee is not None:
        out.append(_wrap(f"Committee: {report.committee}", width))
    out.append(_wrap(f"Period: {report.period}", width))
    out.append(f"As of: {format_date(report.as_of)}")
    if report.summary:
        out += ["", _wrap(report.summary, width)]
    for section in report.sections:
        out += ["", "", *_heading(section.heading, "-", width)]
        for block in section.blocks:
            out.append("")
            if isinstance(block, Paragraph):
                out.append(_wrap(block.text, width))
            elif isinstance(block, Table):
                out.append(_wrap(block.caption, width))
                out.append(_table(block, width))
            elif isinstance(block, Chart):
                out += _chart(block, width)
    return "\n".join(out).rstrip("\n") + "\n"


FORMAT = ReportFormat(
    name="text",
    suffix=".txt",
    media_type="text/plain; charset=utf-8",
    render=render,
    description="Plain text as wide as the terminal, with tables; statuses as symbol and word",
)
