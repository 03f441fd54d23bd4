"""The target of every indicator x period, as :meth:`Indicator.target_for` finds it.

An exact target (the same period) wins, the first one listed; otherwise the innermost target
whose period contains the indicator's period applies, the last one listed among equals,
profiled by the share of the year elapsed for a cumulative indicator (a summed indicator's
targets, shared out by months, are the core's own). That reading of
``target_for`` holds when an indicator's target periods are nested or apart (laminar), which
is how councils set them (years containing quarters containing months); for an indicator whose
targets overlap any other way, ``target_for`` itself is called for each of its periods.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from councilpmf.core.indicators import Aggregation, Indicator, Target
from councilpmf.core.periods import MONTHS, Period
from councilpmf.frames._input import describe

__all__ = ["TARGET_SCHEMA", "laminar", "targets_frame"]

# Every share of a target period that can have elapsed, as Python divides it: months elapsed
# (1 to the period's length) over the period's length, keyed by elapsed * 16 + length.
_SHARES = {
    elapsed * 16 + whole: elapsed / whole
    for whole in MONTHS.values()
    for elapsed in range(1, whole + 1)
}

TARGET_SCHEMA = {
    "code": pl.Int64,
    "first": pl.Int64,
    "t_value": pl.Float64,
    "t_low": pl.Float64,
    "t_high": pl.Float64,
}


def laminar(ranges: Sequence[tuple[int, int]]) -> bool:
    """True when any two month ranges are nested or apart, never partly overlapping.

    >>> laminar([(0, 11), (0, 2), (3, 5), (12, 23)]), laminar([(0, 11), (9, 20)])
    (True, False)
    """
    ordered = sorted(set(ranges), key=lambda r: (r[0], -r[1]))
    open_: list[tuple[int, int]] = []
    for first, last in ordered:
        while open_ and open_[-1][1] < first:
            open_.pop()
        if open_ and last > open_[-1][1]:
            return False
        open_.append((first, last))
    return True


def _apart(ranges: Sequence[tuple[int, int]]) -> bool:
    """True when no two ranges share a month (so no period has two containing targets)."""
    ordered = sorted(ranges)
    return all(a[1] < b[0] for a, b in itertools.pairwise(ordered))


def _values(target: Target | None) -> tuple[float | None, float | None, float | None]:
    if target is None:
        return None, None, None
    return target.value, target.low, target.high


def targets_frame(
    indicators: Sequence[Indicator],
    own: pl.DataFrame,
    grid: pl.DataFrame,
    period_of: Callable[[int, int], Period],
) -> pl.DataFrame:
    """``code, first, t_value, t_low, t_high`` for every grid row that has a target.

    ``own`` has one row per indicator code with its ``tag``, period ``length``, alignment
    ``offset`` and ``cumulative``; ``grid`` the ``code, first`` rows to find targets for;
    ``period_of(code, first)`` builds the core period of a grid row.
    """
    # Periods are often shared between targets: describe each object once (kept alive by the
    # indicators, so its id stays its own).
    seen: dict[int, tuple[str, int, int]] = {}
    rows: dict[str, list[Any]] = {
        k: [] for k in ("code", "order", "t_tag", "t_first", "t_len", "value", "low", "high")
    }
    codes, orders, tags, firsts, lengths = (
        rows["code"],
        rows["order"],
        rows["t_tag"],
        rows["t_first"],
        rows["t_len"],
    )
    values, lows, highs = rows["value"], rows["low"], rows["high"]
    by_hand: list[int] = []
    nested = False
    for code, indicator in enumerate(indicators):
        spans = []
        for order, target in enumerate(indicator.targets):
            period = target.period
            known = seen.get(id(period))
            if known is None:
                tag, first = describe(period)
                end = period.end
                known = (tag, first, end.year * 12 + end.month - first)
                seen[id(period)] = known
            tag, first, length = known
            spans.append((first, first + length - 1))
            codes.append(code)
            orders.append(order)
            tags.append(tag)
            firsts.append(first)
            lengths.append(length)
            values.append(target.value)
            lows.append(target.low)
            highs.append(target.high)
        if indicator.aggregation is Aggregation.SUM:
            by_hand.append(code)  # a summed target is shared out by the core's own division
        elif len(spans) > 1:
            shape = _shape(tuple(spans))
            if shape == "overlapping":
                by_hand.append(code)
            nested = nested or shape == "nested"
    table = pl.DataFrame(
        rows,
        schema={
            "code": pl.Int64,
            "order": pl.Int64,
            "t_tag": pl.String,
            "t_first": pl.Int64,
            "t_len": pl.Int64,
            "value": pl.Float64,
            "low": pl.Float64,
            "high": pl.Float64,
        },
    ).filter(~pl.col("code").is_in(by_hand))
    scale = max(len(rows["code"]), 1) + 1
    first_inside = pl.col("t_first") + (
        (pl.col("offset") - pl.col("t_first") % pl.col("length") + pl.col("length"))
        % pl.col("length")
    )
    # The indicator's own columns, by position: row i of ``own`` is code i.
    described = own.select("tag", "length", "offset", "cumulative")[table["code"]]
    expanded = (
        table.hstack(described)
        .lazy()
        .with_columns(
            first=pl.int_ranges(
                first_inside,
                pl.col("t_first") + pl.col("t_len") - pl.col("length") + 1,
                pl.col("length"),
            )
        )
        .explode("first")
        .drop_nulls("first")
        .with_columns(
            exact=(pl.col("t_tag") == pl.col("tag")) & (pl.col("t_first") == pl.col("first"))
        )
    )
    if nested:
        # A period inside two targets: an exact one applies, else the innermost.
        score = (
            pl.when(pl.col("exact"))
            .then(pl.col("order"))
            .otherwise(pl.col("t_len") * scale + (scale - 1 - pl.col("order")))
        )
        expanded = expanded.filter(score == score.min().over("code", "first"))
    profiled = pl.col("cumulative") & ~pl.col("exact")
    # The share of the year elapsed, divided by Python for each distinct pair (polars divides by
    # a constant as a multiplication by its reciprocal, an ulp off now and then).
    elapsed = pl.col("first") + pl.col("length") - pl.col("t_first")
    factor = (elapsed * 16 + pl.col("t_len")).replace_strict(_SHARES, return_dtype=pl.Float64)
    found = expanded.select(
        "code",
        "first",
        *(
            pl.when(profiled).then(pl.col(name) * factor).otherwise(pl.col(name)).alias(alias)
            for name, alias in (("value", "t_value"), ("low", "t_low"), ("high", "t_high"))
        ),
    ).collect()
    if by_hand:
        found = pl.concat([found, _by_hand(indicators, grid, by_hand, period_of)])
    return found


def _by_hand(
    indicators: Sequence[Indicator],
    grid: pl.DataFrame,
    codes: list[int],
    period_of: Callable[[int, int], Period],
) -> pl.DataFrame:
    """The core's own ``target_for`` for each grid row of these indicators."""
    rows = grid.filter(pl.col("code").is_in(codes)).select("code", "first")
    found = [
        _values(indicators[code].target_for(period_of(code, first)))
        for code, first in rows.iter_rows()
    ]
    values = pl.DataFrame(
        found,
        schema={"t_value": pl.Float64, "t_low": pl.Float64, "t_high": pl.Float64},
        orient="row",
    )
    return pl.concat([rows, values], how="horizontal")


_SHAPES: dict[tuple[tuple[int, int], ...], str] = {}


def _shape(spans: tuple[tuple[int, int], ...]) -> str:
    """``apart``, ``nested`` (laminar) or ``overlapping``: remembered, as councils give most
    indicators the same target periods."""
    known = _SHAPES.get(spans)
    if known is None:
        if len(_SHAPES) > 4096:
            _SHAPES.clear()
        known = "apart" if _apart(spans) else "nested" if laminar(spans) else "overlapping"
        _SHAPES[spans] = known
    return known
