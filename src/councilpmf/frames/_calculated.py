"""Calculated indicators in the columnar engine: their rows worked out by the core.

The core's :func:`~councilpmf.core.calculated.with_calculated` is the one definition of a
calculated indicator's value; the engine gives it the readings of the indicators calculated
ones are worked out from, and puts the values it returns in place of any rows given for a
calculated indicator, so that they are rated in columns as any other indicator's are.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from councilpmf.core.calculated import with_calculated
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading, ReadingStatus
from councilpmf.core.periods import Frequency, Period
from councilpmf.core.readings import Readings
from councilpmf.frames._input import SCHEMA, from_records, period_tag

__all__ = ["with_calculated_rows"]


def with_calculated_rows(
    framework: Framework, frame: pl.DataFrame, period_at: Callable[[Frequency, int], Period]
) -> pl.DataFrame:
    """``frame`` (see :func:`~councilpmf.frames._input.reading_frame`) with the rows of
    calculated indicators replaced by their values, worked out by the core; ``period_at``
    builds the core period of a frequency and first month."""
    calculated = {i.id for i in framework.calculated}
    if not calculated:
        return frame
    start_month = framework.year_start_month
    frequencies = {i.id: i.frequency for i in framework.indicators if i.id not in calculated}
    tags = pl.DataFrame(
        {
            "indicator": list(frequencies),
            "own_tag": [period_tag(f, start_month) for f in frequencies.values()],
        },
        schema={"indicator": pl.String, "own_tag": pl.String},
    )
    inputs = (
        frame.join(tags, on="indicator")
        .filter(pl.col("tag") == pl.col("own_tag"))
        .sort("row")
        .select("indicator", "first", "value", "final")
    )
    records = [
        Reading(
            indicator=indicator,
            period=period_at(frequencies[indicator], first),
            value=value,
            missing_reason=None if value is not None else "no value recorded",
            status=ReadingStatus.FINAL if final else ReadingStatus.PROVISIONAL,
        )
        for indicator, first, value, final in inputs.iter_rows()
    ]
    index = with_calculated(framework, Readings.of(records))
    derived = from_records(r for key, r in index.index.items() if key[0] in calculated)
    derived = derived.with_columns(pl.col("row") + frame.height)
    kept = frame.filter(~pl.col("indicator").is_in(list(calculated)))
    return pl.concat([kept, derived.select(list(SCHEMA))])
