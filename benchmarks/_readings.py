"""Monthly readings for the benchmarks of stores, made the same way for every one of them.

:func:`monthly_readings` gives ``count`` readings, indicator-major: ``months`` monthly periods
for each indicator, then the next indicator. What a reading holds besides its value depends on
its place ``n`` in that order alone, at fixed steps, so that every size has the same shares:

- with a ``missing_reason``, one in 20 is missing (``n % 20 == 19``) and gives that reason;
- with a ``note``, one in 11 holds it (``n % 11 == 0``);
- ``marked``: one in 7 is provisional (``n % 7 == 0``), one in 5 has the published status
  ``Green`` (``n % 5 == 0``) and one in 13 is a draft (``n % 13 == 0``).

A value lies between 0 and 9,999.9, one decimal, spread by the reading's place
(``((n * 7919) % 100_000) / 10``) or, ``by_month``, by its indicator ``i`` and month ``m``
(``((i * 7919 + m * 104_729) % 100_000) / 10``); ``shift`` is added to it. ``every`` keeps
only every ``every``-th reading, counted by ``n``: a store's later rounds revise some of what
it first recorded.

No randomness: the same arguments give equal readings.
"""

from __future__ import annotations

from councilpmf.core.indicators import Approval, Reading, ReadingStatus
from councilpmf.core.periods import Month

__all__ = ["APRIL_1942", "APRIL_2015", "monthly_readings"]

APRIL_2015 = 2015 * 12 + 3
"""April 2015 as a month count (``year * 12 + month - 1``): ten years of history run to 2025."""

APRIL_1942 = 1942 * 12 + 3
"""April 1942: a thousand months of history run to 2025."""


def monthly_readings(
    count: int,
    months: int,
    *,
    first_month: int,
    width: int = 5,
    by_month: bool = False,
    shift: float = 0.0,
    missing_reason: str | None = None,
    note: str = "",
    marked: bool = False,
    every: int = 1,
) -> list[Reading]:
    """``count`` readings (every ``every``-th of them), ``months`` months for each indicator
    from month count ``first_month``; indicator ``i`` is ``KPI`` and ``i`` in ``width`` digits.

    >>> for r in monthly_readings(4, 3, first_month=APRIL_2015, width=2, note="late"):
    ...     print(r.indicator, r.period, r.value, repr(r.note))
    KPI00 Apr 2015 0.0 'late'
    KPI00 May 2015 791.9 ''
    KPI00 Jun 2015 1583.8 ''
    KPI01 Apr 2015 2375.7 ''
    >>> [r.value for r in monthly_readings(4, 3, first_month=APRIL_2015, by_month=True)]
    [0.0, 472.9, 945.8, 791.9]
    >>> [(r.indicator, str(r.period)) for r in monthly_readings(6, 3, first_month=APRIL_2015,
    ...                                                           every=2)]
    [('KPI00000', 'Apr 2015'), ('KPI00000', 'Jun 2015'), ('KPI00001', 'May 2015')]
    """
    periods = [
        Month(year=(first_month + m) // 12, month=(first_month + m) % 12 + 1)
        for m in range(min(months, count))
    ]
    readings = []
    for n in range(0, count, every):
        i, m = divmod(n, months)
        missing = missing_reason is not None and n % 20 == 19
        spread = i * 7919 + m * 104_729 if by_month else n * 7919
        readings.append(
            Reading(
                indicator=f"KPI{i:0{width}d}",
                period=periods[m],
                value=None if missing else (spread % 100_000) / 10 + shift,
                missing_reason=missing_reason if missing else None,
                status=ReadingStatus.PROVISIONAL if marked and n % 7 == 0 else ReadingStatus.FINAL,
                note=note if n % 11 == 0 else "",
                published_status="Green" if marked and n % 5 == 0 else "",
                approval=Approval.DRAFT if marked and n % 13 == 0 else Approval.APPROVED,
            )
        )
    return readings
