"""The returns report: the data returns outstanding on a day, a section per supplier, each
return with its period, due date, days overdue and whether a draft was recorded
(:func:`~councilpmf.core.returns.returns_due` decides which)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from councilpmf.core._coerce import as_date
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import format_date
from councilpmf.core.report.document import (
    Column,
    DateCell,
    NumberCell,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
)
from councilpmf.core.report.shared import plural
from councilpmf.core.returns import DataReturn, by_supplier, returns_due

__all__ = ["NOTHING_DUE", "returns_report"]

NOTHING_DUE = "No return is outstanding"
"""What a returns report says when every figure due has come in."""

_COLUMNS = (
    Column(key="indicator", title="Indicator"),
    Column(key="ref", title="Ref"),
    Column(key="period", title="Period"),
    Column(key="due", title="Due", kind="date"),
    Column(key="days_overdue", title="Days overdue", kind="number"),
    Column(key="state", title="State"),
    Column(key="recorded", title="Recorded"),
)


def _state(item: DataReturn, as_of: dt.date) -> str:
    """The return's state in words, with a symbol (never colour alone).

    >>> from councilpmf.core.periods import parse_period
    >>> item = DataReturn(indicator="K", title="K", period=parse_period("2024/25 Q3"),
    ...     supplier="Waste team", due=dt.date(2025, 1, 28), days_overdue=0, state="draft only")
    >>> [_state(item, dt.date(2025, 1, day)) for day in (20, 27, 28)]
    ['◷ Due in 8 days', '◷ Due in 1 day', '◷ Due today']
    """
    if item.overdue:
        return f"✖ Overdue by {plural(item.days_overdue, 'day')}"
    left = (item.due - as_of).days
    return f"◷ Due in {plural(left, 'day')}" if left else "◷ Due today"


def _row(item: DataReturn, as_of: dt.date) -> Row:
    return Row(
        header=item.title,
        cells=(
            item.indicator,
            str(item.period),
            DateCell.of(item.due),
            NumberCell(value=item.days_overdue, text=str(item.days_overdue)),
            _state(item, as_of),
            item.state,
        ),
        group=item.supplier,
    )


def returns_report(
    framework: Framework, readings: Iterable[Reading], as_of: dt.date | str
) -> Report:
    """The returns outstanding on ``as_of``, grouped by supplier.

    >>> from councilpmf.core.indicators import Indicator
    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     indicators=(Indicator(id="K1", title="Missed bins", supplier="Waste team"),))
    >>> report = returns_report(fw, [], dt.date(2025, 2, 1))
    >>> report.summary
    '1 return outstanding, 1 overdue, from 1 supplier'
    >>> [s.heading for s in report.sections]
    ['Waste team']
    """
    as_of = as_date(as_of, "as_of")
    outstanding = returns_due(framework, readings, as_of)
    groups = by_supplier(outstanding)
    overdue = sum(item.overdue for item in outstanding)
    sections = tuple(
        Section(
            heading=supplier,
            blocks=(
                Table(
                    caption=f"Returns outstanding from {supplier} on {format_date(as_of)}",
                    columns=_COLUMNS,
                    rows=tuple(_row(item, as_of) for item in items),
                ),
            ),
        )
        for supplier, items in groups
    )
    if outstanding:
        summary = (
            f"{plural(len(outstanding), 'return')} outstanding, {overdue} overdue, from "
            f"{plural(len(groups), 'supplier')}"
        )
    else:
        summary = NOTHING_DUE
        sections = (Section(heading="Returns", blocks=(Paragraph(text=f"{NOTHING_DUE}."),)),)
    return Report(
        kind="returns",
        title=f"{framework.organisation}: data returns as of {format_date(as_of)}",
        council=framework.organisation,
        committee=None,
        period=f"periods ended by {format_date(as_of)}",
        as_of=as_of,
        sections=sections,
        summary=summary,
    )
