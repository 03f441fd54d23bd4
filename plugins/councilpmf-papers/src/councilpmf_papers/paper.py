"""A report arranged as a committee paper: the shape the Word and PDF formats both lay out.

Councils put performance to committees in one shape (Mansfield's and Cambridgeshire's papers
are examples): a title and who the paper is for, a summary, the recommendations, a summary by
theme, the exceptions with their commentary, the body, and the detail in an appendix.
:func:`paper` arranges any :class:`~councilpmf.core.report.Report` that way, without changing a
word of it:

- **Summary**: the report's summary line and the paragraphs of its ``Summary`` section;
- **Recommendations**: a placeholder for the author, who writes what the committee is asked to
  do (the report cannot know);
- **Summary by theme**: the tables of the ``Summary`` section; when it has none, a count of
  each rating per theme (or per table) worked out from the rows' own status cells;
- **Exceptions**: every row that is red or amber, overdue, or listed in an ``Exceptions``
  section, with all its facts, commentary included;
- **the body**: every other section's paragraphs and charts, in order;
- **Appendix A**: every table outside the summary, split by theme when its rows carry one.

Rows are grouped by :attr:`~councilpmf.core.report.Row.group`; a table whose rows carry no
group is one group, named after its section (or caption when a section has several tables).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from councilpmf.core.actions import format_date
from councilpmf.core.rag import Status
from councilpmf.core.report import (
    Block,
    Column,
    Paragraph,
    Report,
    Row,
    Section,
    StatusCell,
    Table,
    cell_text,
)

__all__ = [
    "APPENDIX",
    "RECOMMENDATIONS_PLACEHOLDER",
    "SUMMARY",
    "WIDEST",
    "Group",
    "Item",
    "Paper",
    "Part",
    "column_weights",
    "groups",
    "paper",
]

RECOMMENDATIONS_PLACEHOLDER = (
    "[For the report's author: what the committee is asked to do, for example to note the "
    "performance shown and to agree the corrective actions for the exceptions.]"
)
"""What the recommendations section says until its author replaces it."""

SUMMARY = "Summary"
APPENDIX = "Appendix A: the detail"
WIDEST = 30
"""The most characters of a column's longest text that count towards its width: a longer
word (a link, say) is broken rather than squeeze the columns beside it."""


@attrs.frozen
class Group:
    """The rows of one table that belong to one theme (or the whole table): ``name`` is the
    theme, or the section or caption when the rows carry none."""

    name: str
    table: Table


@attrs.frozen
class Item:
    """One exception: the row's header and its facts as (column title, text), empty ones left
    out."""

    heading: str
    facts: tuple[tuple[str, str], ...]


@attrs.frozen
class Part:
    """A headed part of the paper: the report's own blocks, then any exceptions."""

    heading: str
    blocks: tuple[Block, ...]
    items: tuple[Item, ...] = ()


@attrs.frozen
class Paper:
    """A report arranged as a committee paper (see the module's documentation)."""

    title: str
    facts: tuple[tuple[str, str], ...]
    summary: tuple[str, ...]
    by_theme: tuple[Block, ...]
    exceptions: tuple[Item, ...]
    body: tuple[Part, ...]
    appendix: tuple[Group, ...]

    def parts(self) -> tuple[Part, ...]:
        """The numbered parts, in order: summary, recommendations, summary by theme,
        exceptions, then the body (the appendix follows them)."""
        nothing = (Paragraph(text="Nothing is red, amber or overdue."),)
        parts = (
            Part("Summary", tuple(Paragraph(text=t) for t in self.summary)),
            Part("Recommendations", (Paragraph(text=RECOMMENDATIONS_PLACEHOLDER),)),
            Part("Summary by theme", self.by_theme),
            Part("Exceptions", () if self.exceptions else nothing, self.exceptions),
            *self.body,
        )
        return tuple(attrs.evolve(p, heading=f"{n}. {p.heading}") for n, p in enumerate(parts, 1))


def _is_summary(section: Section) -> bool:
    return section.heading == SUMMARY


def groups(report: Report) -> tuple[Group, ...]:
    """Every table outside the ``Summary`` section, split by
    the rows' theme; a table whose rows carry no theme is one group, named after its section
    when the section has one table, after its caption otherwise.

    >>> from councilpmf.core.report import Column, Row, Section, Table
    >>> import datetime as dt
    >>> columns = (Column(key="i", title="Indicator"), Column(key="v", title="Value"))
    >>> rows = (Row(header="A", cells=("1",), group="Place"),
    ...         Row(header="B", cells=("2",), group="People"),
    ...         Row(header="C", cells=("3",), group="Place"))
    >>> report = Report(kind="performance", title="T", council="C", committee=None,
    ...     period="2024/25", as_of=dt.date(2025, 4, 1), sections=(
    ...         Section(heading="Indicators", blocks=(Table(caption="All", columns=columns,
    ...                                                     rows=rows),)),))
    >>> [(g.name, [r.header for r in g.table.rows]) for g in groups(report)]
    [('Place', ['A', 'C']), ('People', ['B'])]
    """
    found: list[Group] = []
    for section in report.sections:
        if _is_summary(section):
            continue
        tables = [b for b in section.blocks if isinstance(b, Table)]
        for table in tables:
            if all(not row.group for row in table.rows):
                name = section.heading if len(tables) == 1 else table.caption
                found.append(Group(name, table))
                continue
            by_group: dict[str, list[Row]] = {}
            for row in table.rows:
                by_group.setdefault(row.group or section.heading, []).append(row)
            found += [
                Group(
                    name, attrs.evolve(table, caption=f"{table.caption}: {name}", rows=tuple(rows))
                )
                for name, rows in by_group.items()
            ]
    return tuple(found)


def _status(row: Row) -> Status | None:
    return next((c.status for c in row.cells if isinstance(c, StatusCell)), None)


def _exceptions(report: Report) -> Iterator[Item]:
    for section in report.sections:
        listed = section.heading == "Exceptions"
        for table in (b for b in section.blocks if isinstance(b, Table)):
            overdue = next((i for i, c in enumerate(table.columns[1:]) if c.key == "overdue"), None)
            for row in table.rows:
                status = _status(row)
                late = overdue is not None and row.cells[overdue] == "Yes"
                if listed or late or (status is not None and status.missed):
                    facts = (
                        (column.title, cell_text(cell))
                        for column, cell in zip(table.columns[1:], row.cells, strict=True)
                    )
                    yield Item(row.header, tuple((t, v) for t, v in facts if v))


def _ratings_by_group(report: Report) -> Table | None:
    """A count of each rating per theme (or table), from the rows' status cells."""
    counts: dict[str, dict[Status, int]] = {}
    for group in groups(report):
        for row in group.table.rows:
            status = _status(row)
            if status is not None:
                counted = counts.setdefault(group.name, dict.fromkeys(Status, 0))
                counted[status] += 1
    if not counts:
        return None
    shown = [s for s in Status if any(c[s] for c in counts.values())]
    return Table(
        caption="Ratings by theme",
        columns=(
            Column(key="theme", title="Theme"),
            *(Column(key=s.name.lower(), title=s.word, kind="number") for s in shown),
            Column(key="total", title="Total", kind="number"),
        ),
        rows=tuple(
            Row(header=name, cells=(*(c[s] for s in shown), sum(c.values())))
            for name, c in counts.items()
        ),
    )


def _by_theme(report: Report) -> tuple[Block, ...]:
    tables = tuple(
        b for s in report.sections if _is_summary(s) for b in s.blocks if isinstance(b, Table)
    )
    if tables:
        return tables
    counted = _ratings_by_group(report)
    if counted is not None:
        return (counted,)
    return (Paragraph(text="This report rates nothing, so it has no summary by theme."),)


def _body(report: Report) -> Iterator[Part]:
    for section in report.sections:
        if _is_summary(section):
            continue
        blocks: list[Block] = []
        for block in section.blocks:
            if isinstance(block, Table):
                blocks.append(
                    Paragraph(text=f"The table “{block.caption}” is in {APPENDIX.split(':')[0]}.")
                )
            else:
                blocks.append(block)
        yield Part(section.heading, tuple(blocks))


def _facts(report: Report) -> tuple[tuple[str, str], ...]:
    facts = [("Council", report.council)]
    if report.committee:
        facts.append(("To", report.committee))
    facts += [("Period", report.period), ("As of", format_date(report.as_of))]
    return tuple(facts)


def paper(report: Report) -> Paper:
    """The report arranged as a committee paper."""
    summary = [report.summary] if report.summary else []
    for section in report.sections:
        if _is_summary(section):
            summary += [b.text for b in section.blocks if isinstance(b, Paragraph)]
    return Paper(
        title=report.title,
        facts=_facts(report),
        summary=tuple(summary),
        by_theme=_by_theme(report),
        exceptions=tuple(_exceptions(report)),
        body=tuple(_body(report)),
        appendix=groups(report),
    )


def column_weights(table: Table) -> list[int]:
    """How wide each column of ``table`` should be, relative to the others: the length of its
    longest text (at most :data:`WIDEST`), plus 5 for the cell's padding, and at least 12; so a
    commentary gets room, a ref no more than it needs, no word of up to :data:`WIDEST`
    characters is broken, and a longer one (a link) does not squeeze the other columns.

    >>> from councilpmf.core.report import Column, Row
    >>> column_weights(Table(caption="c", columns=(Column(key="a", title="Ref"),
    ...     Column(key="b", title="Commentary")), rows=(Row(header="HR01", cells=("x " * 99,)),)))
    [12, 35]
    """
    weights = [0] * len(table.columns)
    rows = [[c.title for c in table.columns]] + [
        [row.header, *(cell_text(c) for c in row.cells)] for row in table.rows
    ]
    for texts in rows:
        for i, text in enumerate(texts):
            weights[i] = max(weights[i], min(WIDEST, len(text)))
    return [max(12, w + 5) for w in weights]
