"""The exceptions report: reds, then ambers, then indicators kept on the list for missing two
periods in a row, each with its commentary and corrective action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from councilpmf.core.assess import ExceptionReason, Readings, assess
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import Period
from councilpmf.core.rag import Status
from councilpmf.core.report.document import (
    Block,
    Column,
    NumberCell,
    Paragraph,
    Report,
    Row,
    Section,
    StatusCell,
    Table,
)
from councilpmf.core.report.shared import (
    asked_for,
    index_of,
    indicator_places,
    owner_text,
    plural,
    scope_of,
    scope_paragraphs,
    value_cell,
)

__all__ = ["NO_COMMENTARY", "exceptions_report"]

NO_COMMENTARY = "No commentary: a red rating needs commentary and a corrective action"
"""The flag an exceptions report puts in the row of a red indicator that has no commentary."""

_EXCEPTION_COLUMNS = (
    Column(key="indicator", title="Indicator"),
    Column(key="ref", title="Ref"),
    Column(key="period", title="Period"),
    Column(key="rating", title="Rating", kind="status"),
    Column(key="value", title="Value", kind="number"),
    Column(key="target", title="Target", kind="number"),
    Column(key="reasons", title="Why it is listed"),
    Column(key="explanation", title="Rating explained"),
    Column(key="commentary", title="Commentary and corrective action"),
    Column(key="owner", title="Owner"),
    Column(key="check", title="Check"),
)


def exceptions_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str,
    as_of: dt.date | str,
    committee: str | None = None,
) -> Report:
    """The exception report: reds, then ambers, then indicators kept on the list for missing
    two or more periods in a row, each with its commentary and corrective action. A red with no
    commentary is flagged in its row."""
    period, as_of = asked_for(framework, period, as_of)
    scope = scope_of(framework, committee)
    card = assess(
        framework, index_of(framework, readings), period, as_of, indicators=scope.indicators
    )
    places = indicator_places(framework, scope, card)
    items = card.exception_list()
    rows = []
    reds = ambers = kept = in_a_row = missing_commentary = 0
    for item in items:
        result = card.result(item.indicator)
        status = item.rating.status
        reds += status is Status.RED
        ambers += status is Status.AMBER
        kept += status not in (Status.RED, Status.AMBER)
        in_a_row += ExceptionReason.MISSED_IN_A_ROW in item.reasons
        flagged = status is Status.RED and not result.note.strip()
        missing_commentary += flagged
        reasons = "; ".join(r.words(result.missed_in_a_row) for r in item.reasons)
        group, reported_to = places[item.indicator]
        rows.append(
            Row(
                header=result.title,
                cells=(
                    result.indicator,
                    str(result.period),
                    StatusCell.of(result.rating),
                    value_cell(result),
                    NumberCell(value=result.target, text=result.target_text),
                    reasons[:1].upper() + reasons[1:],
                    result.rating.explanation,
                    result.note,
                    owner_text(result.owner),
                    NO_COMMENTARY if flagged else "",
                ),
                group=group,
                committee=reported_to,
            )
        )
    summary = (
        f"{plural(len(items), 'indicator')} of {len(card.indicators)} on the exception list "
        f"for {period}: {reds} red, {ambers} amber"
        + (
            f", {kept} kept on the list for missing target two or more periods in a row"
            if kept
            else ""
        )
        + (f"; {in_a_row} of them missed target two or more periods in a row" if in_a_row else "")
    )
    blocks: list[Block] = []
    if missing_commentary:
        blocks.append(
            Paragraph(
                text=f"{plural(missing_commentary, 'red indicator has', 'red indicators have')}"
                " no commentary: a red rating needs commentary and a corrective action."
            )
        )
    blocks += scope_paragraphs(framework, scope)
    table = Table(
        caption=f"Exceptions, {period}: reds, then ambers, then indicators that missed two "
        "periods in a row",
        columns=_EXCEPTION_COLUMNS,
        rows=tuple(rows),
    )
    listed: tuple[Block, ...] = (
        (table,) if rows else (Paragraph(text="No indicator is on the exception list."), table)
    )
    sections = (
        *((Section(heading="Summary", blocks=tuple(blocks)),) if blocks else ()),
        Section(heading="Exceptions", blocks=listed),
    )
    return scope.report(
        framework, "exceptions", "exceptions report", str(period), as_of, sections, summary
    )
