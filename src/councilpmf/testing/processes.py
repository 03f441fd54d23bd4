"""The worker of the store contract's multi-process test: several processes record readings of
their own and increment one shared counter at once, retrying on conflict.

It lives in a module of its own so that a process started with ``spawn`` imports it cheaply.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from councilpmf.core.periods import FinancialYear, Month, Period
from councilpmf.store import ConflictError, Store
from councilpmf.testing.samples import sample_reading

__all__ = ["SHARED", "contend", "distinct_period"]

Key = tuple[str, Period]
Opener = Callable[[str], Store]

SHARED: Key = ("SHARED counter", FinancialYear(year=2024))
"""The reading every process increments."""


def distinct_period(i: int) -> Month:
    """The ``i``-th of a run of months, one per reading a process records on its own."""
    return Month(year=2020 + i // 12, month=i % 12 + 1)


def contend(
    opener: Opener,
    url: str,
    worker: int,
    count: int,
    increments: int,
    max_attempts: int,
    seconds: float,
    results: Any,
) -> None:
    """One of the processes of the multi-process test: record ``count`` readings of its own and
    add one to the shared counter ``increments`` times, retrying on conflict."""
    report: dict[str, Any] = {"worker": worker, "successes": 0, "attempts": 0, "error": None}
    deadline = time.monotonic() + seconds
    try:
        with opener(url) as store:
            for i in range(count):
                own = sample_reading(f"W{worker}", distinct_period(i), float(i))
                store.record([own], by=f"worker {worker}")
                while report["successes"] < (i + 1) * increments // count:
                    if report["attempts"] >= max_attempts or time.monotonic() > deadline:
                        break
                    report["attempts"] += 1
                    revision = store.revision(*SHARED)
                    current = store.readings(indicators=[SHARED[0]], periods=[SHARED[1]])
                    value = current[0].value if current else 0.0
                    if value is None:
                        raise AssertionError(f"the shared counter holds no value: {current}")
                    try:
                        store.record(
                            [sample_reading(*SHARED, value + 1)],
                            by=f"worker {worker}",
                            reason="increment",
                            expected={SHARED: revision},
                        )
                    except ConflictError:
                        # Every process waits a little, each its own time, before trying
                        # again: one that never waits keeps the database's write lock nearly
                        # always taken, and SQLite's wait for it is not fair to the others.
                        time.sleep(0.001 * (worker + 1))
                        continue
                    report["successes"] += 1
    except BaseException as error:  # report anything, so the parent can say what went wrong
        report["error"] = f"{type(error).__name__}: {error}"
    results.put(report)
