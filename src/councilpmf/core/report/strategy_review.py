"""The annual review of the strategy: each theme's rating counts in each quarter of the year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from councilpmf.core.actions import format_date
from councilpmf.core.assess import Readings, RollUp, assess
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import Period, year_of
from councilpmf.core.rag import Status
from councilpmf.core.report.document import (
    Block,
    Column,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
)
from councilpmf.core.report.shared import (
    asked_for,
    index_of,
    plural,
    scope_of,
    scope_paragraphs,
)

__all__ = ["strategy_review_report"]


def _quarter_table(
    caption: str,
    quarters: tuple[Period, ...],
    rolls: Sequence[RollUp | None],
    group: str,
    committee: str,
) -> Table:
    def count(roll: RollUp | None, status: Status) -> int:
        return 0 if roll is None else roll.count(status)

    counts = [(s.word, tuple(count(r, s) for r in rolls)) for s in Status]
    counts.append(("Indicators", tuple(0 if r is None else len(r.indicators) for r in rolls)))
    rows = [
        Row(header=header, cells=cells, group=group, committee=committee)
        for header, cells in counts
    ]
    return Table(
        caption=caption,
        columns=(
            Column(key="rating", title="Rating"),
            *(Column(key=f"q{i + 1}", title=str(q), kind="number") for i, q in enumerate(quarters)),
        ),
        rows=tuple(rows),
    )


def strategy_review_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str,
    as_of: dt.date | str,
    committee: str | None = None,
) -> Report:
    """The annual review of the strategy: each theme's rating counts in each of the four
    quarters of the year containing ``period``. This is the one builder that assesses more
    than once: once per quarter, with one shared index of the readings."""
    period, as_of = asked_for(framework, period, as_of)
    index = index_of(framework, readings)
    scope = scope_of(framework, committee)
    year = year_of(period, framework.year_start_month)
    quarters = year.quarters()
    cards = [assess(framework, index, q, as_of, indicators=scope.indicators) for q in quarters]
    current = next(
        (c for c, q in zip(cards, quarters, strict=True) if q.contains(period)), cards[-1]
    )
    overall = [
        RollUp(
            id="all",
            name="All indicators",
            counts=c.counts(),
            indicators=tuple(r.indicator for r in c.indicators),
            actions=(),
            actions_overdue=0,
            actions_complete=0,
        )
        for c in cards
    ]
    plan = framework.plan
    summary = f"The annual review of {plan.title} for {year}: ratings in each quarter, by theme"
    intro: list[Block] = []
    unfinished = [str(q) for q in quarters if q.end > as_of]
    if unfinished:
        intro.append(
            Paragraph(
                text=f"{' and '.join(unfinished)} had not ended on {format_date(as_of)}: "
                "those columns show the readings recorded so far."
            )
        )
    intro += scope_paragraphs(framework, scope)
    intro.append(
        _quarter_table(
            f"All indicators: ratings by quarter, {year}",
            quarters,
            overall,
            "",
            scope.committee_name,
        )
    )
    sections = [Section(heading="Summary", blocks=tuple(intro))]
    for theme in plan.themes:
        rolls: list[RollUp | None] = [
            next((t for t in c.themes if t.id == theme.id), None) for c in cards
        ]
        blocks: list[Block] = []
        if theme.ambition:
            blocks.append(Paragraph(text=f"Ambition: {theme.ambition}"))
        blocks.append(
            _quarter_table(
                f"{theme.name}: ratings by quarter, {year}",
                quarters,
                rolls,
                theme.name,
                scope.committee_name,
            )
        )
        now = next((t for t in current.themes if t.id == theme.id), None)
        if now is not None and now.actions:
            serving = plural(len(now.actions), "action serves", "actions serve")
            blocks.append(
                Paragraph(
                    text=f"{serving} this theme: "
                    f"{now.actions_complete} complete or closed, {now.actions_overdue} overdue "
                    f"on {format_date(as_of)}."
                )
            )
        sections.append(Section(heading=theme.name, blocks=tuple(blocks)))
    return scope.report(
        framework,
        "strategy-review",
        "annual strategy review",
        str(year),
        as_of,
        tuple(sections),
        summary,
    )
