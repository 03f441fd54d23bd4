"""The one rule by which the library rounds a value to show it, or to compare it as shown.

A value is rounded to its decimals as councils and spreadsheets round it: on the shortest
decimal that is the value (``repr``: 71.25, 0.125, 2.675), a half goes away from zero. Python's
own ``round`` rounds a half to even, and on the binary double, where 2.675 is a little below
the half: it shows 71.25 as 71.2, 0.125 as 0.12 and 2.675 as 2.67, where Excel and a council's
spreadsheet show 71.3, 0.13 and 2.68.

>>> rounded(71.25, 1), rounded(0.125, 2), rounded(2.675, 2), rounded(2.5)
(71.3, 0.13, 2.68, 3.0)
>>> rounded(-71.25, 1), rounded(-0.05, 1), rounded(-0.04, 1)
(-71.3, -0.1, 0.0)
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = ["compare_shown", "far_apart", "rounded"]

# Beyond 2 ** 52 a double has no fraction left to halve; short of it, scaling by a power of
# ten and taking the fraction tells a value far from a half in a few operations.
_EXACT = float(2**52)
_POWERS = tuple(10.0**d for d in range(23))
_QUANTA = tuple(Decimal(1).scaleb(-d) for d in range(23))
# Short of 2 ** 50 units of its last decimal, a value rounds to within three quarters of a unit
# of itself: half a unit, and an eighth for each of the double's own errors (its shortest
# decimal form's and the rounded double's).
_NEAR = float(2**50)
# Room for a double's 17 digits and any decimals asked for, so quantizing never fails.
_CONTEXT = Context(prec=64)


def rounded(value: float, decimals: int = 0) -> float:
    """``value`` rounded to ``decimals`` (0 or more), a half away from zero on its shortest
    decimal form; a value that rounds to nothing is 0.0, never -0.0.

    Only a value within a rounding error of a half is rounded in decimal; any other is
    rounded by Python's ``round``, which gives the same answer there.

    >>> rounded(1234567.5), rounded(0.1 + 0.2, 1), rounded(-0.0001, 2)
    (1234568.0, 0.3, 0.0)
    """
    power = _POWERS[decimals] if decimals < len(_POWERS) else 10.0**decimals
    scaled = value * power
    size = abs(scaled)
    if size < _EXACT and abs(scaled % 1.0 - 0.5) > 1e-9 + 1e-14 * size:
        return round(value, decimals) + 0.0
    return _half_away(value, decimals)


def far_apart(first: float, second: float, decimals: int = 0) -> bool:
    """Whether ``first`` and ``second`` are too far apart to show alike, rounded to ``decimals``
    (0 to 22): more than two units of the last decimal apart, and together short of 2 ** 50 of
    them. Rounded, they then stay apart in the same order (each moves by less than three
    quarters of a unit), so they compare as shown without rounding either; when False, round.

    >>> far_apart(71.25, 71.0, 1), far_apart(71.25, 71.1, 1), far_apart(2.0, 5.0)
    (True, False, True)
    """
    if not 0 <= decimals < len(_POWERS):
        return False
    power = _POWERS[decimals]
    gap = (first - second) * power
    return (gap > 2.0 or gap < -2.0) and (abs(first) + abs(second)) * power < _NEAR


def compare_shown(first: float, second: float, decimals: int = 0) -> int:
    """-1, 0 or 1 as ``first`` is below, the same as or above ``second`` as both are shown,
    :func:`rounded` to ``decimals``: a change too small to show is no change. Values
    :func:`far_apart` compare as they are, without rounding either.

    >>> compare_shown(71.25, 71.3, 1), compare_shown(71.25, 71.2, 1), compare_shown(2.0, 5.0)
    (0, 1, -1)
    """
    if not far_apart(first, second, decimals):
        first, second = rounded(first, decimals), rounded(second, decimals)
    return (first > second) - (first < second)


def _half_away(value: float, decimals: int) -> float:
    """``value`` rounded in decimal, a half away from zero: the slow, exact way.

    >>> _half_away(4503599627370495.5, 0), _half_away(1e300, 2), _half_away(math.inf, 1)
    (4503599627370496.0, 1e+300, inf)
    """
    if not math.isfinite(value) or abs(value) >= _EXACT:
        return value  # no fraction to round
    quantum = _QUANTA[decimals] if decimals < len(_QUANTA) else Decimal(1).scaleb(-decimals)
    exact = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP, context=_CONTEXT)
    return float(exact) + 0.0
