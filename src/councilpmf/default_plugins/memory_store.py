"""``memory://``: a store that lives as long as the process, for tests and notebooks.

>>> from councilpmf.store import open_store
>>> with open_store("memory://") as store:
...     store.revision("K1", __import__("councilpmf").parse_period("2024/25"))
0
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

from councilpmf.core.actions import ActionUpdate
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading, ReadingRevision
from councilpmf.core.periods import Period
from councilpmf.hookspecs import hookimpl
from councilpmf.plugin_types import StoreType
from councilpmf.store import (
    NotFoundError,
    ReadingKey,
    RecordSummary,
    StoreBase,
    StoreError,
    add_action_update,
    now,
    plan_changes,
    reading_filter,
    stale_framework,
)


class MemoryStore(StoreBase):
    """Everything in dictionaries, guarded by a lock; nothing survives the process."""

    def __init__(self, url: str = "memory://") -> None:
        self.url = url
        self._lock = threading.Lock()
        self._framework: Framework | None = None
        self._revision = 0
        self._history: dict[ReadingKey, list[ReadingRevision]] = {}
        self._closed = False

    def load_framework(self) -> tuple[Framework, int]:
        """The framework and its revision."""
        self._guard()
        with self._lock:
            if self._framework is None:
                raise NotFoundError(f"{self.url} holds no framework yet; load one first")
            return self._framework, self._revision

    def save_framework(self, framework: Framework, expected_revision: int) -> int:
        """Save the framework if nobody saved since ``expected_revision``."""
        self._guard()
        if not isinstance(framework, Framework):
            raise StoreError(f"only a Framework can be saved, not {type(framework).__name__}")
        with self._lock:
            if expected_revision != self._revision:
                raise stale_framework(self._revision, expected_revision)
            self._framework = framework
            self._revision += 1
            return self._revision

    def _current(self, key: ReadingKey) -> tuple[Reading | None, int]:
        history = self._history.get(key)
        return (history[-1].new, history[-1].revision) if history else (None, 0)

    def record(
        self,
        readings: Iterable[Reading],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> RecordSummary:
        """Record readings; a changed value becomes a new revision."""
        self._guard()
        self._check_author(by, reason)
        with self._lock:
            changes, summary = plan_changes(readings, self._current, expected)
            at = now()
            for change in changes:
                key = change.new.key
                self._history.setdefault(key, []).append(
                    ReadingRevision(
                        indicator=key[0],
                        period=key[1],
                        revision=change.revision,
                        old=change.old,
                        new=change.new,
                        by=by,
                        at=at,
                        reason=reason,
                    )
                )
            return summary

    def readings(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> tuple[Reading, ...]:
        """Current readings, by indicator then period."""
        self._guard()
        wanted = reading_filter(indicators, periods)
        with self._lock:
            chosen = [
                history[-1].new
                for (indicator, period), history in self._history.items()
                if wanted(indicator, period)
            ]
        return tuple(sorted(chosen, key=lambda r: (r.indicator, r.period.start, r.period.end)))

    def revision(self, indicator: str, period: Period) -> int:
        """The current revision of one reading."""
        self._guard()
        with self._lock:
            return self._current((indicator, period))[1]

    def history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        """Every revision of one reading, oldest first."""
        self._guard()
        with self._lock:
            return tuple(self._history.get((indicator, period), ()))

    def record_action_update(self, ref: str, update: ActionUpdate, expected_revision: int) -> int:
        """Add a dated update to an action, as a new framework revision."""
        framework, _ = self.load_framework()
        return self.save_framework(add_action_update(framework, ref, update), expected_revision)


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
