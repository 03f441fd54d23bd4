"""``memory://``: a store that lives as long as the process, for tests and notebooks.

>>> from councilpmf import open_store
>>> with open_store("memory://") as store:
...     store.revision("K1", __import__("councilpmf").parse_period("2024/25"))
0
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from councilpmf.core.framework import Framework
from councilpmf.core.indicators import ComparatorGroup, Reading, ReadingRevision
from councilpmf.core.periods import Period
from councilpmf.core.rule import Rule
from councilpmf.hookspecs import hookimpl
from councilpmf.plugin_types import StoreType
from councilpmf.store import (
    Change,
    Current,
    NotFoundError,
    PlanRevision,
    ReadingKey,
    StoreBase,
    now,
    reading_filter,
)

T = TypeVar("T")


class MemoryStore(StoreBase):
    """Everything in dictionaries, guarded by a lock; nothing survives the process. Rules are
    not needed: the framework is kept as it is, as are comparator values (without who saved
    them: nobody looks them up in a store that ends with its process).

    A reading's history is a list its revisions are appended to, so recording the Nth
    revision of a reading costs the same as the first (a tuple rebuilt a revision would cost
    N copies of it each time). Nothing written is ever changed, only appended, so a write that
    fails part way puts back what it began with by cutting each list it grew back to the
    length it had: it notes that length the first time it grows a list, and nothing else."""

    def __init__(
        self, url: str = "memory://", rules: Mapping[str, type[Rule]] | None = None
    ) -> None:
        super().__init__(url, rules)
        self._lock = threading.Lock()
        self._frameworks: list[tuple[PlanRevision, Framework]] = []
        self._kept: dict[ReadingKey, list[ReadingRevision]] = {}
        self._comparator_groups: tuple[ComparatorGroup, ...] = ()
        # Each history the write under way grew, with the length it had before (0: new).
        self._grown: dict[ReadingKey, int] = {}

    def _in_read(self, operation: Callable[[], T]) -> T:
        with self._lock:
            return operation()

    def _in_write(self, operation: Callable[[], T]) -> T:
        with self._lock:
            frameworks, groups = len(self._frameworks), self._comparator_groups
            try:
                return operation()
            except BaseException:
                del self._frameworks[frameworks:]
                self._comparator_groups = groups
                for key, length in self._grown.items():
                    if length:
                        del self._kept[key][length:]
                    else:
                        del self._kept[key]
                raise
            finally:
                self._grown.clear()

    def _load_framework(self) -> tuple[Framework, int]:
        if not self._frameworks:
            raise NotFoundError(f"{self.url} holds no framework yet; load one first")
        saved, framework = self._frameworks[-1]
        return framework, saved.revision

    def _framework_revision(self) -> int:
        return self._frameworks[-1][0].revision if self._frameworks else 0

    def _put_framework(self, framework: Framework, revision: int, by: str, reason: str) -> None:
        saved = PlanRevision(revision=revision, saved_at=now(), by=by, reason=reason)
        self._frameworks.append((saved, framework))

    def _plan_revisions(self) -> tuple[PlanRevision, ...]:
        return tuple(saved for saved, _ in self._frameworks)

    def _framework_at(self, revision: int) -> Framework:
        if not 1 <= revision <= len(self._frameworks):
            raise NotFoundError(f"{self.url} keeps no framework revision {revision}")
        return self._frameworks[revision - 1][1]

    def _current(self, key: ReadingKey) -> tuple[Reading | None, int]:
        history = self._kept.get(key)
        return (history[-1].new, history[-1].revision) if history else (None, 0)

    def _lookup(self, batch: Sequence[Reading]) -> Current:
        return self._current

    def _write(self, changes: Sequence[Change], by: str, at: str, reason: str) -> None:
        for change in changes:
            key = change.new.key
            history = self._kept.setdefault(key, [])
            self._grown.setdefault(key, len(history))
            history.append(change.as_revision(by, at, reason))

    def _readings(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> tuple[Reading, ...]:
        wanted = reading_filter(indicators, periods)
        chosen = [
            history[-1].new
            for (indicator, period), history in self._kept.items()
            if wanted(indicator, period)
        ]
        return tuple(sorted(chosen, key=lambda r: (r.indicator, r.period.start, r.period.end)))

    def _revision(self, indicator: str, period: Period) -> int:
        return self._current((indicator, period))[1]

    def _history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        return tuple(self._kept.get((indicator, period), ()))

    def _comparators(self) -> tuple[ComparatorGroup, ...]:
        return self._comparator_groups

    def _put_comparators(
        self, groups: tuple[ComparatorGroup, ...], by: str, at: str, reason: str
    ) -> None:
        self._comparator_groups = groups


@hookimpl
def councilpmf_stores() -> list[StoreType]:
    """The ``memory://`` store."""
    return [
        StoreType(
            scheme="memory",
            open=MemoryStore,
            description="In memory, for tests and notebooks; nothing is kept",
        )
    ]
