"""Financial-year labels in the names councils give their annual plans ("Our economy delivery
plan 2024/25", id ``economy-2024-25``), moved on when a plan is rolled over to next year.

A label is a year of four digits, then ``/``, ``-``, an en dash or ``_``, then the year after it
in two or four digits (``2024/25``, ``2024-25``, ``2024–25``, ``2024/2025``, ``2024_25``), with no
digit either side. Only the year after counts, so a span (``2014-18``, ``2020-2030``) and a lone
year (``Vision 2030``) are not labels. A short label followed by its own separator and a day
(``2008-09-30``) is a date, not a label.

>>> shift_year_labels("Our economy delivery plan 2024/25", 1)
'Our economy delivery plan 2025/26'
>>> shift_year_labels("economy-2024-25", 1)
'economy-2025-26'
>>> shift_year_labels("Towards 2030: plan for 2024/2025", 2)
'Towards 2030: plan for 2026/2027'
>>> without_year_labels("Plan 2024/25") == without_year_labels("Plan 2025/26")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["shift_year_labels", "without_year_labels"]

# A candidate at every position (a zero-width match that looks ahead), so that a span such as
# "2013-2024" does not hide the label "2024/25" that follows it.
_CANDIDATE = re.compile(r"(?<!\d)(?=(\d{4})([/_\-\u2013])(\d{4}|\d{2})(?!\d)(?!\2\d{1,2}(?!\d)))")


def _relabelled(text: str, label: Callable[[int, str, int], str]) -> str:
    """``text`` with each label written as ``label(first year, separator, digits of the
    second year)`` gives it."""
    parts: list[str] = []
    at = 0
    for match in _CANDIDATE.finditer(text):
        first, separator, second = int(match[1]), match[2], match[3]
        following = first + 1 if len(second) == 4 else (first + 1) % 100
        if match.start() < at or int(second) != following:
            continue
        parts += (text[at : match.start()], label(first, separator, len(second)))
        at = match.start() + 5 + len(second)
    return "".join(parts) + text[at:]


def shift_year_labels(text: str, years: int) -> str:
    """``text`` with every financial-year label in it moved on ``years`` years (back, for a
    negative number), each written as it was; everything else is left as it is.

    >>> shift_year_labels("Annual Delivery Plan 2099/00", 1)
    'Annual Delivery Plan 2100/01'
    >>> shift_year_labels("Strategic Plan 2014-18, Vision 2030, due 2008-09-30", 1)
    'Strategic Plan 2014-18, Vision 2030, due 2008-09-30'
    """

    def shifted(first: int, separator: str, digits: int) -> str:
        moved = first + years
        second = moved + 1 if digits == 4 else (moved + 1) % 100
        return f"{moved:04d}{separator}{second:0{digits}d}"

    return _relabelled(text, shifted)


def without_year_labels(text: str) -> str:
    """``text`` with each financial-year label put as ``####/##``, so that the names of one
    plan in two years read alike.

    >>> without_year_labels("Our economy delivery plan 2024-25 (2020-2030)")
    'Our economy delivery plan ####/## (2020-2030)'
    """
    return _relabelled(text, lambda _first, _separator, _digits: "####/##")
