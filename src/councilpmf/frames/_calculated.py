"""Calculated indicators in the columnar engine: their rows worked out by the core.

The core's :func:`~councilpmf.core.calculated.with_calculated` is the one definition of a
calculated indicator's value; the engine gives it the readings it reads: those of calculated
indicators and of the indicators they are worked out from, for each one's own periods (of its
frequency, in the council's years: no other reading is ever a value), those given for a
calculated indicator lending the worked-out reading their note and published status. Each
reading keeps its approval, and the reason it has no value (a figure a report of approved
figures leaves out lends only that reason), so that a calculated value is as approved as the
least approved figure it is worked out from, as in the core. It puts
the readings the core returns in place of any rows given for a calculated indicator, so that
they are rated in columns as any other indicator's are.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from councilpmf.core.calculated import readings_used, with_calculated
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading, ReadingStatus
from councilpmf.core.periods import Frequency, Period
from councilpmf.core.readings import Readings
from councilpmf.frames._input import WORDS, from_records, period_tag

__all__ = ["with_calculated_rows"]


def with_calculated_rows(
    framework: Framework, frame: pl.DataFrame, period_at: Callable[[Frequency, int], Period]
) -> pl.DataFrame:
    """``frame`` (see :func:`~councilpmf.frames._input.reading_frame`, with its
    :data:`~councilpmf.frames._input.WORDS` columns when the framework has calculated
    indicators) with the rows of calculated indicators replaced by the readings the core works
    out for them: their values, statuses and approval, and the note and published status a
    reading given for one lends it. ``period_at`` builds the core period of a frequency and
    first month."""
    calculated = {i.id for i in framework.calculated}
    if not calculated:
        return frame
    start_month = framework.year_start_month
    frequencies = {i.id: i.frequency for i in framework.indicators}
    tags = pl.DataFrame(
        {
            "indicator": list(frequencies),
            "own_tag": [period_tag(f, start_month) for f in frequencies.values()],
        },
        schema={"indicator": pl.String, "own_tag": pl.String},
    )
    own = (
        frame.filter(pl.col("indicator").is_in(list(readings_used(framework))))
        .join(tags, on="indicator")
        .filter(pl.col("tag") == pl.col("own_tag"))
        .sort("row")
        .select("indicator", "first", "value", "final", *WORDS)
    )
    records = [
        Reading(
            indicator=indicator,
            period=period_at(frequencies[indicator], first),
            value=value,
            missing_reason=None if value is not None else reason or "no value recorded",
            status=ReadingStatus.FINAL if final else ReadingStatus.PROVISIONAL,
            note=note,
            published_status=published_status,
            approval=approval,
        )
        for indicator, first, value, final, note, published_status, reason, approval in (
            own.iter_rows()
        )
    ]
    index = with_calculated(framework, Readings.of(records))
    derived = from_records(
        (r for key, r in index.index.items() if key[0] in calculated),
        words=True,
    )
    derived = derived.with_columns(pl.col("row") + frame.height)
    kept = frame.filter(~pl.col("indicator").is_in(list(calculated)))
    return pl.concat([kept, derived.select(frame.columns)])
