"""What a store's answers must look like: readings in order, histories without gaps, revision
times in UTC. Shared by the store contract and its stateful model; each check says what it
compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from councilpmf.core.indicators import Reading, ReadingRevision
from councilpmf.testing.expect import expect, expect_equal

__all__ = ["history_is_gapless", "in_order", "same_readings", "utc_stamp"]


def in_order(reading: Reading) -> tuple[str, dt.date, dt.date]:
    """The documented order of :meth:`Store.readings`: indicator, then period."""
    return (reading.indicator, reading.period.start, reading.period.end)


def _total(reading: Reading) -> tuple[str, dt.date, dt.date, str]:
    """A total order, for comparing collections whose periods may tie on (start, end)."""
    return (*in_order(reading), repr(reading))


def same_readings(got: object, expected: Iterable[Reading], what: str = "readings()") -> None:
    """``got`` is a tuple in indicator-then-period order holding exactly ``expected``."""
    if not isinstance(got, tuple):
        raise AssertionError(f"{what}: expected a tuple, got a {type(got).__name__}: {got!r}")
    keys = [in_order(r) for r in got]
    expect_equal(keys, sorted(keys), f"{what}: the (indicator, period) order")
    expect_equal(
        sorted(got, key=_total), sorted(expected, key=_total), f"{what}: the readings held"
    )


def utc_stamp(at: str, before: dt.datetime, after: dt.datetime) -> None:
    """``at`` is an ISO 8601 time in UTC between ``before`` and ``after`` (two seconds' slack)."""
    try:
        stamp = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        raise AssertionError(f"revision time: expected an ISO 8601 timestamp, got {at!r}") from None
    expect_equal(stamp.utcoffset(), dt.timedelta(0), f"the UTC offset of revision time {at!r}")
    slack = dt.timedelta(seconds=2)
    expect(
        before - slack <= stamp <= after + slack,
        f"revision time: expected between {before.isoformat()} and {after.isoformat()}, got {at!r}",
    )


def history_is_gapless(history: tuple[ReadingRevision, ...]) -> None:
    """Revisions are numbered 1, 2, 3... and each one's ``old`` is the one before's ``new``."""
    expect_equal(
        [h.revision for h in history],
        list(range(1, len(history) + 1)),
        "the revision numbers of a history",
    )
    for previous, revision in zip((None, *history), history, strict=False):
        expect_equal(
            revision.old,
            None if previous is None else previous.new,
            f"the old reading of revision {revision.revision}",
        )
