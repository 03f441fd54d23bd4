"""Data returns: which figures are due from whom, and which are overdue, on a given day.

An indicator's figure for a period is due :attr:`~councilpmf.core.indicators.Indicator.days_to_report`
days after the period ends (``due_days``, else ``reporting_lag_days``), from its supplier (its
``supplier``, else its ``owner``). On ``as_of`` a return is outstanding for every period of the
indicator's frequency that has ended, from its first reading on, for which no figure was
recorded, or only a draft: a submitted or approved figure, or a reason the figure is missing,
is a return made. An outstanding return is *overdue* once its due date has passed, and *due*
until then. With no reading at all, the series is taken to start at the latest period whose
return is overdue (as the ``late-data`` check does), so a return never sent shows as overdue.

>>> from councilpmf.core.indicators import Indicator
>>> from councilpmf.core.periods import parse_period
>>> from councilpmf.core.plan import StrategicPlan
>>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
...     indicators=(Indicator(id="K1", title="Missed bins", due_days=10, supplier="Waste team"),))
>>> q2 = Reading(indicator="K1", period=parse_period("2024/25 Q2"), value=3.0)
>>> for r in returns_due(fw, [q2], dt.date(2025, 1, 5)):
...     print(r.indicator, r.period, r.supplier, r.due, r.days_overdue, r.state)
K1 2024/25 Q3 Waste team 2025-01-10 0 not recorded
>>> [str(r.period) for r in returns_due(fw, [q2], dt.date(2025, 4, 11))]
['2024/25 Q3', '2024/25 Q4']
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from councilpmf.core._coerce import as_date
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Approval, Indicator, Reading
from councilpmf.core.names import most_common_spelling, name_key
from councilpmf.core.periods import (
    Period,
    first_period,
    latest_ended,
    nearest_period,
    periods_between,
)

__all__ = ["NO_SUPPLIER", "DataReturn", "by_supplier", "returns_due"]

NO_SUPPLIER = "No supplier named"
"""The group of returns whose indicator names neither a supplier nor an owner."""

NOT_RECORDED = "not recorded"
DRAFT_ONLY = "draft only"


@attrs.frozen(kw_only=True)
class DataReturn:
    """One figure outstanding on a day: whose it is, when it was due and how late it is.

    ``days_overdue`` is 0 until the due date has passed; ``state`` is ``"not recorded"`` or
    ``"draft only"``.
    """

    indicator: str
    title: str
    period: Period
    supplier: str
    due: dt.date
    days_overdue: int
    state: str

    @property
    def overdue(self) -> bool:
        """True once the due date has passed."""
        return self.days_overdue > 0


def _outstanding(
    indicator: Indicator, readings: list[Reading], as_of: dt.date, start_month: int, supplier: str
) -> Iterable[DataReturn]:
    opening = first_period(indicator.frequency, start_month)
    if as_of < opening.end:  # no period has ended yet
        return
    last = latest_ended(as_of, indicator.frequency, start_month)
    held = {r.period.month_span(): r for r in readings}
    if readings:
        earliest = min(readings, key=lambda r: r.period.month_span()).period
        first: Period = nearest_period(earliest.start, indicator.frequency, start_month)
    else:
        first = indicator.latest_due(as_of, start_month) or opening
    for period in periods_between(first, last) if first <= last else ():
        reading = held.get(period.month_span())
        if reading is not None and reading.approval is not Approval.DRAFT:
            continue
        due = indicator.due_by(period)
        yield DataReturn(
            indicator=indicator.id,
            title=indicator.title,
            period=period,
            supplier=supplier,
            due=due,
            days_overdue=max(0, (as_of - due).days),
            state=NOT_RECORDED if reading is None else DRAFT_ONLY,
        )


def _suppliers(indicators: Iterable[Indicator]) -> dict[str, str]:
    """Each indicator's supplier as the returns name it: the names a reader cannot tell apart
    (``"Housing team"``, ``"housing  Team"``) are one supplier, shown as it is most often
    written (see :func:`~councilpmf.core.names.most_common_spelling`); :data:`NO_SUPPLIER`
    when the indicator names nobody."""
    named = {indicator.id: indicator.supplied_by for indicator in indicators}
    shown = most_common_spelling(named.values())
    return {
        ref: shown[name_key(name)] if name_key(name) else NO_SUPPLIER for ref, name in named.items()
    }


def returns_due(
    framework: Framework, readings: Iterable[Reading], as_of: dt.date | str
) -> tuple[DataReturn, ...]:
    """Every return outstanding on ``as_of`` (a date or ISO text; see the module
    documentation), by supplier, then due date, indicator and period; the suppliers in
    alphabetical order, with :data:`NO_SUPPLIER` last. Suppliers written in ways a reader
    cannot tell apart (case, spaces, invisible characters) are one, named as most of its
    indicators write it (the first written on a tie). A calculated indicator is never a
    return: its inputs are."""
    as_of = as_date(as_of, "as_of")
    mine: dict[str, list[Reading]] = {indicator.id: [] for indicator in framework.indicators}
    for reading in readings:
        held = mine.get(reading.indicator)
        if held is not None:
            held.append(reading)
    suppliers = _suppliers(framework.indicators)
    found = [
        item
        for indicator in framework.indicators
        if not indicator.calculated  # worked out from its inputs, whose returns are listed
        for item in _outstanding(
            indicator,
            mine[indicator.id],
            as_of,
            framework.year_start_month,
            suppliers[indicator.id],
        )
    ]
    return tuple(
        sorted(
            found,
            key=lambda r: (
                r.supplier == NO_SUPPLIER,
                name_key(r.supplier),
                r.supplier,
                r.due,
                r.indicator,
                r.period.month_span(),
            ),
        )
    )


def by_supplier(
    returns: Iterable[DataReturn],
) -> tuple[tuple[str, tuple[DataReturn, ...]], ...]:
    """The returns grouped by supplier, in the order given; suppliers a reader cannot tell
    apart are one group, under the first one's name.

    >>> by_supplier([])
    ()
    """
    groups: dict[str, tuple[str, list[DataReturn]]] = {}
    for item in returns:
        groups.setdefault(name_key(item.supplier), (item.supplier, []))[1].append(item)
    return tuple((supplier, tuple(items)) for supplier, items in groups.values())
