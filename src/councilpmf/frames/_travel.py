"""Direction of travel in columns, as :func:`councilpmf.core.travel.travel` reads it.

Values are compared as they are shown, rounded to the indicator's decimals by the core's
rule (:func:`councilpmf.core.numbers.rounded`: a half away from zero on the value's shortest
decimal form). Scaling by a power of ten and rounding gives the same answer except within a
rounding error of a half; those few values are rounded by the core itself.
"""

from __future__ import annotations

import polars as pl

from councilpmf.core.indicators import Polarity
from councilpmf.core.numbers import rounded as rounded_as_shown
from councilpmf.core.travel import Direction

__all__ = ["DIRECTION", "broken_since", "rounded", "travel_direction"]

DIRECTION = pl.Enum([direction.value for direction in Direction])
"""The dtype of ``short_term`` and ``long_term``: the core's direction words."""

# Beyond 2 ** 52 a float has no fraction left to round, and no room to check one.
_EXACT = float(2**52)


def rounded(work: pl.DataFrame) -> pl.Series:
    """The core's ``rounded(value, decimals)`` for every row (null where there is no value);
    ``power`` is ``float(10 ** decimals)``."""
    power = pl.col("power")
    scaled = pl.col("value") * power
    near_tie = (scaled - scaled.floor() - 0.5).abs() <= 1e-9 + 1e-14 * scaled.abs()
    doubtful = pl.col("value").is_not_null() & (near_tie | (scaled.abs() >= _EXACT))
    found = work.select(
        shown=pl.when(doubtful).then(None).otherwise(scaled.round(0) / power),
        doubtful=doubtful,
    )
    where = found["doubtful"].arg_true()
    if where.len() == 0:
        return found["shown"]
    pairs = work.select("value", "decimals")[where].iter_rows()
    fixed = pl.Series([rounded_as_shown(value, d) for value, d in pairs], dtype=pl.Float64)
    return found["shown"].scatter(where, fixed)


def broken_since(earlier_first: pl.Expr) -> pl.Expr:
    """Whether a change of definition lies between the period whose first month is
    ``earlier_first`` and the row's own: ``brk``, the latest break that applies to the row's
    indicator and starts no later than its period, starts after the earlier period starts (as
    :func:`councilpmf.core.travel.break_between` says)."""
    brk = pl.col("brk")
    return brk.is_not_null() & (earlier_first < brk) & (brk <= pl.col("first"))


def travel_direction(
    earlier: pl.Expr, earlier_first: pl.Expr, *, same_as_last_year: pl.Expr
) -> pl.Expr:
    """The direction word comparing ``shown`` with ``earlier`` (shown values, one period
    back or one year back, whose first month is ``earlier_first``)."""
    now = pl.col("shown")
    no_direction = pl.col("polarity").is_in([Polarity.NONE.value, Polarity.TARGET_BAND.value])
    better = (now > earlier) == (pl.col("polarity") == Polarity.HIGHER_IS_BETTER.value)

    def word(direction: Direction) -> pl.Expr:
        return pl.lit(direction.value, dtype=DIRECTION)

    return (
        pl.when(now.is_null() | earlier.is_null())
        .then(word(Direction.NO_COMPARISON))
        .when(pl.col("cumulative") & ~same_as_last_year)
        .then(word(Direction.NO_COMPARISON))
        .when(broken_since(earlier_first))
        .then(word(Direction.NO_COMPARISON))
        .when(now == earlier)
        .then(word(Direction.NO_CHANGE))
        .when(no_direction)
        .then(
            pl.when(now > earlier)
            .then(word(Direction.INCREASING))
            .otherwise(word(Direction.DECREASING))
        )
        .when(better)
        .then(word(Direction.IMPROVING))
        .otherwise(word(Direction.WORSENING))
    )
