"""The Store protocol: where a council keeps its framework and readings, and how it is opened.

Every store keeps every revision of a reading (who, when, old value, new value, why), refuses a
stale write with :class:`ConflictError` instead of overwriting, and writes atomically: a refused
or failed write leaves the store as it was.

>>> from councilpmf.core.periods import parse_period
>>> from councilpmf.core.indicators import Reading
>>> with open_store("memory://") as store:
...     summary = store.record([Reading(indicator="K1", period=parse_period("2024/25 Q1"),
...                                     value=41.0)], by="analyst")
...     (summary.new, summary.changed, summary.unchanged)
(1, 0, 0)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

import attrs

from councilpmf.core.actions import Action, ActionUpdate
from councilpmf.core.errors import CouncilPMFError, UnknownNameError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading, ReadingRevision
from councilpmf.core.periods import Period

__all__ = [
    "DEFAULT_STORE",
    "Change",
    "ConflictError",
    "NotFoundError",
    "RecordSummary",
    "Store",
    "StoreBase",
    "StoreError",
    "UnknownSchemeError",
    "add_action_update",
    "default_store_url",
    "now",
    "open_store",
    "plan_changes",
    "reading_filter",
    "stale_framework",
]

DEFAULT_STORE = "sqlite:///councilpmf.db"

ReadingKey = tuple[str, Period]


class StoreError(CouncilPMFError):
    """A store refused an operation; the message says why in words."""


class ConflictError(StoreError):
    """A write was based on a revision that is no longer current; nothing was written."""


class NotFoundError(StoreError):
    """The store holds no framework yet, or no such action, or (opened to read) there is no
    store at the URL at all."""


class UnknownSchemeError(StoreError, UnknownNameError):
    """A store URL whose scheme no installed plugin handles."""


def stale_framework(revision: int, expected_revision: int) -> ConflictError:
    """The error every store raises when a framework save was based on an old revision.

    >>> print(stale_framework(4, 3))
    the framework was saved by someone else since you read it (now revision 4, you had 3): reload it and try again
    """  # noqa: E501
    return ConflictError(
        f"the framework was saved by someone else since you read it (now revision {revision}, "
        f"you had {expected_revision}): reload it and try again"
    )


@attrs.frozen(kw_only=True)
class RecordSummary:
    """What a call to :meth:`Store.record` did."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged"


@runtime_checkable
class Store(Protocol):
    """What every store provides. Stores are context managers; ``close`` releases them."""

    url: str

    def load_framework(self) -> tuple[Framework, int]:
        """The framework and its revision; :class:`NotFoundError` when none was saved."""
        ...

    def save_framework(self, framework: Framework, expected_revision: int) -> int:
        """Save the framework if the store is still at ``expected_revision`` (0 when nothing
        was saved yet) and return the new revision; otherwise raise :class:`ConflictError`."""
        ...

    def record(
        self,
        readings: Iterable[Reading],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> RecordSummary:
        """Record readings in one transaction. A reading that differs from the current one
        becomes a new revision; one that is the same is left alone. ``expected`` maps
        (indicator, period) to the revision the writer last saw (0 for none): if any differs
        from the store's, :class:`ConflictError` is raised and nothing is written."""
        ...

    def readings(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> tuple[Reading, ...]:
        """The current readings, optionally only for some indicators and periods, in
        indicator then period order."""
        ...

    def revision(self, indicator: str, period: Period) -> int:
        """The current revision of one reading; 0 when it was never recorded."""
        ...

    def history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        """Every revision of one reading, oldest first."""
        ...

    def record_action_update(self, ref: str, update: ActionUpdate, expected_revision: int) -> int:
        """Add a dated update to the action ``ref`` in the saved framework (a new framework
        revision); :class:`ConflictError` if the framework moved on, :class:`NotFoundError`
        if no action has that ref."""
        ...

    def close(self) -> None:
        """Release the store. Closing twice is harmless."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


class StoreBase:
    """What the bundled stores share: refusing use once closed, the context manager, and the
    checks on who is recording and why. A plugin's store may use it too."""

    url: str
    _closed: bool = False

    def _guard(self) -> None:
        if self._closed:
            raise StoreError(f"{self.url} is closed")

    @staticmethod
    def _check_author(by: object, reason: object) -> None:
        if not isinstance(by, str) or not by.strip():
            raise StoreError("say who is recording (by)")
        if not isinstance(reason, str):
            raise StoreError(f"the reason must be text, not {reason!r}")

    def close(self) -> None:
        """Close the store. Closing twice is harmless."""
        self._closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def reading_filter(
    indicators: Iterable[str] | None, periods: Iterable[Period] | None
) -> Callable[[str, Period], bool]:
    """The test :meth:`Store.readings` applies: is (indicator, period) among those asked for?

    >>> wanted = reading_filter(["K1"], None)
    >>> wanted("K1", None), wanted("K2", None)
    (True, False)
    """
    wanted_indicators = None if indicators is None else frozenset(indicators)
    wanted_periods = None if periods is None else frozenset(periods)

    def wanted(indicator: str, period: Period) -> bool:
        return (wanted_indicators is None or indicator in wanted_indicators) and (
            wanted_periods is None or period in wanted_periods
        )

    return wanted


def now() -> str:
    """The time a revision is stamped with: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def default_store_url() -> str:
    """``$COUNCILPMF_STORE`` if set, else the embedded SQLite file ``councilpmf.db``."""
    return os.environ.get("COUNCILPMF_STORE") or DEFAULT_STORE


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open the store at ``url`` through the plugin that handles its scheme.

    ``sqlite:///path.db``, ``json:///dir`` and ``memory://`` are built in; plugins add more
    (``postgresql://...``). An unknown scheme raises :class:`UnknownSchemeError` listing the
    known ones. With ``create=False`` (to read), a URL where the store type says no store is
    raises :class:`NotFoundError` and nothing is created.
    """
    from councilpmf.plugins import store_types

    target = url or default_store_url()
    scheme, sep, _ = target.partition("://")
    types = store_types()
    if not sep or scheme not in types:
        known = ", ".join(f"{s}://" for s in sorted(types))
        raise UnknownSchemeError(
            f"{target!r} is not a store URL this installation knows; use {known}"
        )
    store_type = types[scheme]
    if not create and store_type.exists is not None and not store_type.exists(target):
        raise NotFoundError(
            f"there is no store at {target}; check the URL (nothing was created there)"
        )
    return store_type.open(target)


@attrs.frozen(kw_only=True)
class Change:
    """One reading to write: the old reading (None if new), the new one, its new revision."""

    old: Reading | None
    new: Reading
    revision: int


def plan_changes(
    incoming: Iterable[Reading],
    current: Callable[[ReadingKey], tuple[Reading | None, int]],
    expected: Mapping[ReadingKey, int] | None = None,
) -> tuple[tuple[Change, ...], RecordSummary]:
    """Work out what :meth:`Store.record` must write, the same way for every store.

    ``current(key)`` gives the current reading and revision for a key. Raises
    :class:`StoreError` for a batch that is not all readings or names one key twice with
    different values, and :class:`ConflictError` when ``expected`` is stale; either way nothing
    is to be written.
    """
    batch: dict[ReadingKey, Reading] = {}
    for reading in incoming:
        if not isinstance(reading, Reading):
            raise StoreError(f"only readings can be recorded, not {reading!r}")
        held = batch.get(reading.key)
        if held is not None and held != reading:
            indicator, period = reading.key
            raise StoreError(f"two different readings for {indicator} {period} in one batch")
        batch[reading.key] = reading
    changes: list[Change] = []
    new = changed = unchanged = 0
    stale = []
    for key, reading in batch.items():
        old, revision = current(key)
        if expected is not None and key in expected and expected[key] != revision:
            stale.append(f"{key[0]} {key[1]} is at revision {revision}, not {expected[key]}")
            continue
        if old == reading:
            unchanged += 1
            continue
        if old is None:
            new += 1
        else:
            changed += 1
        changes.append(Change(old=old, new=reading, revision=revision + 1))
    if stale:
        raise ConflictError("someone else recorded first: " + "; ".join(stale))
    return tuple(changes), RecordSummary(new=new, changed=changed, unchanged=unchanged)


def add_action_update(framework: Framework, ref: str, update: ActionUpdate) -> Framework:
    """The framework with ``update`` added to the action ``ref`` (delivery plans, service plans
    and peer challenges are searched); :class:`NotFoundError` when no action has that ref."""
    if not isinstance(update, ActionUpdate):
        raise StoreError(f"an action update is needed, not {update!r}")

    def with_update(actions: tuple[Action, ...]) -> tuple[tuple[Action, ...], bool]:
        found = False
        result = []
        for action in actions:
            if action.ref == ref:
                action = attrs.evolve(action, updates=(*action.updates, update))
                found = True
            result.append(action)
        return tuple(result), found

    found_any = False
    delivery = []
    for dplan in framework.delivery_plans:
        actions, found = with_update(dplan.actions)
        found_any |= found
        delivery.append(attrs.evolve(dplan, actions=actions))
    services = []
    for splan in framework.service_plans:
        actions, found = with_update(splan.actions)
        found_any |= found
        services.append(attrs.evolve(splan, actions=actions))
    challenges = []
    for challenge in framework.peer_challenges:
        recommendations = []
        for recommendation in challenge.recommendations:
            actions, found = with_update(recommendation.actions)
            found_any |= found
            recommendations.append(attrs.evolve(recommendation, actions=actions))
        challenges.append(attrs.evolve(challenge, recommendations=tuple(recommendations)))
    if not found_any:
        raise NotFoundError(f"no action has the ref {ref!r}")
    return attrs.evolve(
        framework,
        delivery_plans=tuple(delivery),
        service_plans=tuple(services),
        peer_challenges=tuple(challenges),
    )
