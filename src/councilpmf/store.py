"""The Store protocol: where a council keeps its framework and readings.

Every store keeps every revision of a reading (who, when, old value, new value, why), refuses a
stale write with :class:`ConflictError` instead of overwriting, and writes atomically: a refused
or failed write leaves the store as it was.

Stores are opened through the plugin that handles the URL's scheme, with
:func:`councilpmf.open_store`; this module knows nothing of plugins, so every store, built in or
not, is given what it needs (the installed rating-rule kinds) by whoever opens it.

>>> from councilpmf.core.periods import parse_period
>>> from councilpmf.core.indicators import Reading
>>> from councilpmf.default_plugins.memory_store import MemoryStore
>>> with MemoryStore() as store:
...     summary = store.record([Reading(indicator="K1", period=parse_period("2024/25 Q1"),
...                                     value=41.0)], by="analyst")
...     (summary.new, summary.changed, summary.unchanged)
(1, 0, 0)
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import gc
import os
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar, runtime_checkable

import attrs

from councilpmf.core._validate import text_problem
from councilpmf.core.actions import Action, ActionUpdate
from councilpmf.core.approval import Move, blank, last_approved, refusal, same_person
from councilpmf.core.errors import CouncilPMFError, InputError, UnknownNameError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    Approval,
    ComparatorGroup,
    Reading,
    ReadingRevision,
    ReadingStatus,
    is_number,
)
from councilpmf.core.periods import Period
from councilpmf.core.rag import BUILTIN_RULES
from councilpmf.core.rule import Rule

if TYPE_CHECKING:
    import polars

__all__ = [
    "DEFAULT_STORE",
    "FRAME_SCHEMA",
    "Change",
    "ConflictError",
    "CouncilSummary",
    "Current",
    "NotFoundError",
    "PlanRevision",
    "ReadingKey",
    "ReadingParts",
    "RecordSummary",
    "Store",
    "StoreBase",
    "StoreError",
    "UnknownSchemeError",
    "UnreadableFrameworkError",
    "add_action_update",
    "approved_revisions",
    "check_author",
    "collector_paused",
    "comparator_groups",
    "default_store_url",
    "frame_of_rows",
    "frame_row",
    "frame_schema",
    "import_polars",
    "now",
    "plan_changes",
    "plan_moves",
    "reading_filter",
    "reading_keys",
    "readings_frame_of",
    "stale_framework",
    "without_password",
]

DEFAULT_STORE = "sqlite:///councilpmf.db"

ReadingKey = tuple[str, Period]
"""A reading's identity: its indicator and period."""

Current = Callable[[ReadingKey], tuple[Reading | None, int]]
"""The current reading and revision of a key ((None, 0) when it was never recorded)."""

FRAME_SCHEMA = (
    ("indicator", "Utf8"),
    ("period", "Utf8"),
    ("value", "Float64"),
    ("missing_reason", "Utf8"),
    ("status", "Utf8"),
    ("note", "Utf8"),
    ("published_status", "Utf8"),
    ("approval", "Utf8"),
)
"""The columns of :meth:`Store.readings_frame` and their polars types, in order."""

T = TypeVar("T")


class StoreError(CouncilPMFError):
    """A store refused an operation; the message says why in words."""


class ConflictError(StoreError):
    """A write was based on a revision that is no longer current; nothing was written."""


class NotFoundError(StoreError):
    """The store holds no framework yet, or no such action, or (opened to read) there is no
    store at the URL at all."""


class UnknownSchemeError(StoreError, UnknownNameError):
    """A store URL whose scheme no installed plugin handles."""


class UnreadableFrameworkError(StoreError):
    """A framework revision the store keeps does not read: it was saved by an earlier release
    whose checks were less strict (an id with a space around it, half a surrogate pair in
    text) or edited by hand. ``problems`` are the lines that say so, each naming the store,
    the revision and the field path; ``url`` is the store's URL, without its password (see
    :func:`without_password`), and ``revision`` the revision (None when the store did not say).

    The revision stays as it was saved. Saving a framework does not read the one before, so
    :meth:`Store.save_framework` expecting ``revision`` makes a new revision that reads
    (``councilpmf load FOLDER --store URL`` does exactly that).

    >>> error = UnreadableFrameworkError(("c.db (framework revision 2): $.plan.title: ...",),
    ...     url="sqlite:///c.db", revision=2)
    >>> print(error)
    c.db (framework revision 2): $.plan.title: ...
    >>> import pickle
    >>> pickle.loads(pickle.dumps(error)).revision
    2
    """

    def __init__(self, problems: Sequence[str], url: str = "", revision: int | None = None) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)
        self.url = without_password(url)
        self.revision = revision

    def __reduce__(self) -> tuple[type[Self], tuple[tuple[str, ...], str, int | None]]:
        return type(self), (self.problems, self.url, self.revision)


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
class PlanRevision:
    """One saved revision of the framework: its number, when it was saved (UTC, ISO 8601), who
    saved it and why (both empty for a revision saved before stores kept them). ``damaged`` says
    what is wrong with the store's copy of the revision when it no longer reads even as a
    saved revision (a truncated file, for one), so that the others are still listed; the
    store keeps it as it is and cannot say when, who or why."""

    revision: int
    saved_at: str
    by: str = ""
    reason: str = ""
    damaged: str = ""


@attrs.frozen(kw_only=True)
class RecordSummary:
    """What a call to :meth:`Store.record` did."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged"


@attrs.frozen(kw_only=True)
class CouncilSummary:
    """What a call to :meth:`Store.save_council` did: the framework's new ``revision``, what
    recording the readings did (``readings``, as :meth:`Store.record` says it) and how many
    comparator groups the store now keeps (``comparators``; None when they were left as they
    were)."""

    revision: int
    readings: RecordSummary
    comparators: int | None = None


@runtime_checkable
class Store(Protocol):
    """What every store provides. Stores are context managers; ``close`` releases them."""

    url: str

    def load_framework(self) -> tuple[Framework, int]:
        """The framework and its revision; :class:`NotFoundError` when none was saved,
        :class:`UnreadableFrameworkError` when the current revision does not read."""
        ...

    def save_framework(
        self, framework: Framework, expected_revision: int, by: str, reason: str = ""
    ) -> int:
        """Save the framework if the store is still at ``expected_revision`` (0 when nothing
        was saved yet) and return the new revision; otherwise raise :class:`ConflictError`.
        ``by`` and ``reason`` say who saved it and why; both are kept with the revision, and
        ``by`` must name someone, as for every write (:func:`check_author`).
        The framework it replaces is not read, so a store whose current revision does not read
        (:class:`UnreadableFrameworkError`) is repaired by saving a framework that does; the
        revision that does not read is kept as it was."""
        ...

    def plan_revisions(self) -> tuple[PlanRevision, ...]:
        """Every revision of the framework the store keeps, oldest first, those that do not
        read included: listing them reads no framework."""
        ...

    def framework_at(self, revision: int) -> Framework:
        """The framework as it was saved in ``revision``; :class:`NotFoundError` when the store
        keeps no such revision, :class:`UnreadableFrameworkError` when it does not read."""
        ...

    def record(
        self,
        readings: Iterable[Reading],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> RecordSummary:
        """Record readings in one transaction. A reading that differs from the current one
        becomes a new revision, in the approval state it gives; one that is the same, its
        approval apart, is left alone (recording a figure again never approves it).
        ``expected`` maps (indicator, period) to the revision the writer last saw (0 for
        none): if any differs from the store's, :class:`ConflictError` is raised and nothing
        is written."""
        ...

    def readings(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> tuple[Reading, ...]:
        """The current readings, optionally only for some indicators and periods, in
        indicator then period order."""
        ...

    def readings_frame(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> polars.DataFrame:
        """The current readings as one polars DataFrame, a row a reading in the order of
        :meth:`readings` and with the same filters, and the columns of :data:`FRAME_SCHEMA`:
        ``indicator``, ``period`` (``str(period)``, as the library writes it), ``value``
        (null when missing), ``missing_reason`` (null unless given), ``status``
        (``provisional`` or ``final``), ``note``, ``published_status`` ("" when none) and
        ``approval`` (``draft``, ``submitted`` or ``approved``). It holds what :meth:`readings`
        gives, and a stored reading :meth:`readings` refuses is refused alike, in the same
        words (``councilpmf.testing.frame_contract`` checks both). Needs
        ``councilpmf[frames]``; :func:`readings_frame_of` builds it from :meth:`readings` for
        a store with no faster way."""
        ...

    def revision(self, indicator: str, period: Period) -> int:
        """The current revision of one reading; 0 when it was never recorded."""
        ...

    def submit(
        self,
        keys: Iterable[ReadingKey],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> int:
        """Submit draft readings for approval, in one transaction, each as a new revision
        kept with ``by`` and ``reason``; return how many. A reading that is not a draft, a key
        never recorded (:class:`NotFoundError`) or a stale ``expected`` revision
        (:class:`ConflictError`) refuses the whole batch with nothing changed."""
        ...

    def approve(
        self,
        keys: Iterable[ReadingKey],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
        self_approval: bool = False,
    ) -> int:
        """Approve submitted readings, as :meth:`submit` submits drafts. Unless
        ``self_approval``, whoever made the submitted revision may not approve it."""
        ...

    def send_back(
        self,
        keys: Iterable[ReadingKey],
        by: str,
        reason: str,
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> int:
        """Return submitted readings to their supplier as drafts, as :meth:`submit` submits
        drafts; ``reason`` (what to correct) is required."""
        ...

    def history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        """Every revision of one reading, oldest first."""
        ...

    def histories(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> Mapping[ReadingKey, tuple[ReadingRevision, ...]]:
        """Every revision of many readings in one read: for each reading :meth:`readings`
        gives with the same filters, its (indicator, period) mapped to what :meth:`history`
        gives for it (oldest first), in the order of :meth:`readings`. A reading never
        recorded has no key. What reads every reading's history (``councilpmf validate``, a
        report of approved figures) asks this once, not :meth:`history` once a reading."""
        ...

    def record_action_update(
        self,
        ref: str,
        update: ActionUpdate,
        expected_revision: int,
        *,
        reason: str = "",
        plan: str | None = None,
    ) -> int:
        """Add a dated update to the action ``ref`` in the saved framework (a new framework
        revision, saved by the update's ``by``, and why: ``reason``, or when it says nothing,
        ``an update to action REF``); ``plan`` names the plan whose action it is where two
        plans share the ref (:func:`add_action_update`). :class:`ConflictError` if the
        framework moved on, :class:`NotFoundError` if no action has that ref,
        :class:`~councilpmf.core.errors.AmbiguousNameError` if ``plan`` names more than one
        plan,
        :class:`UnreadableFrameworkError` if the current revision does not read (nothing is
        written)."""
        ...

    def comparators(self) -> tuple[ComparatorGroup, ...]:
        """The comparator values the store keeps (quartile rules rate against them), in the
        order they were saved; ``()`` when none were saved, as in a store written before
        stores kept them."""
        ...

    def save_comparators(self, groups: Iterable[ComparatorGroup], by: str, reason: str = "") -> int:
        """Replace the comparator values the store keeps with ``groups``, whole, in one
        transaction, and return how many groups it now keeps: they are a published download,
        replaced when the council loads a new one (no groups clears them). ``by`` and
        ``reason`` say who saved them and why, and are kept beside them. Anything that is not
        a valid :class:`~councilpmf.core.indicators.ComparatorGroup` refuses the whole save
        with :class:`StoreError`, naming the group and field, and the store keeps what it
        had."""
        ...

    def save_council(
        self,
        framework: Framework,
        expected_revision: int,
        readings: Iterable[Reading],
        by: str,
        reason: str = "",
        *,
        expected: Mapping[ReadingKey, int] | None = None,
        comparators: Iterable[ComparatorGroup] | None = None,
    ) -> CouncilSummary:
        """Save a whole council in one write transaction, all or nothing: the framework as
        :meth:`save_framework` saves it (if the store is still at ``expected_revision``), then
        the readings as :meth:`record` records them (``expected`` as there), then, unless
        ``comparators`` is None, the comparator values as :meth:`save_comparators` replaces
        them; ``by`` (required) and ``reason`` are kept with each. Whatever refuses or fails
        (a stale revision, a reading or group refused, a disk error, the process killed)
        leaves the framework, the readings and the comparator values as they were.
        ``councilpmf load`` saves a council folder with it."""
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


def import_polars() -> Any:
    """The polars module, or :class:`StoreError` saying how to install it.

    >>> import_polars().__name__
    'polars'
    """
    try:
        import polars
    except ImportError:
        raise StoreError(
            "reading a store as a frame needs polars; install it with: "
            'pip install "councilpmf[frames]"'
        ) from None
    return polars


def frame_schema() -> polars.Schema:
    """The polars schema of :data:`FRAME_SCHEMA`: what every ``readings_frame()`` returns.

    >>> print(*frame_schema())
    indicator period value missing_reason status note published_status approval
    """
    pl = import_polars()
    schema: polars.Schema = pl.Schema({name: getattr(pl, kind) for name, kind in FRAME_SCHEMA})
    return schema


def readings_frame_of(readings: Iterable[Reading]) -> polars.DataFrame:
    """Readings as a polars DataFrame with the columns of :data:`FRAME_SCHEMA`, in the order
    given: what :meth:`Store.readings_frame` returns for a store with no faster way.

    >>> from councilpmf.core.periods import parse_period
    >>> frame = readings_frame_of([Reading(indicator="K1", period=parse_period("2024/25 Q1"),
    ...     value=None, missing_reason="not collected")])
    >>> frame.row(0)
    ('K1', '2024/25 Q1', None, 'not collected', 'final', '', '', 'approved')
    """
    return frame_of_rows(
        [frame_row(reading.indicator, str(reading.period), reading) for reading in readings]
    )


class ReadingParts(Protocol):
    """A reading's own fields, as a :class:`~councilpmf.core.indicators.Reading` holds them
    or a store has read and checked them (:class:`councilpmf.records.ReadingFields`)."""

    @property
    def value(self) -> float | None: ...
    @property
    def missing_reason(self) -> str | None: ...
    @property
    def status(self) -> ReadingStatus: ...
    @property
    def note(self) -> str: ...
    @property
    def published_status(self) -> str: ...
    @property
    def approval(self) -> Approval: ...


def frame_row(indicator: str, period: str, parts: ReadingParts) -> tuple[object, ...]:
    """One row of the columns of :data:`FRAME_SCHEMA` (``period`` already written as text),
    as :func:`frame_of_rows` takes it.

    >>> from councilpmf.core.periods import parse_period
    >>> frame_row("K1", "Dec 2024", Reading(indicator="K1", period=parse_period("Dec 2024"),
    ...     value=2, published_status="Green"))
    ('K1', 'Dec 2024', 2.0, None, 'final', '', 'Green', 'approved')
    """
    value = parts.value
    return (
        indicator,
        period,
        None if value is None else float(value),
        parts.missing_reason,
        parts.status.value,
        parts.note,
        parts.published_status,
        parts.approval.value,
    )


def frame_of_rows(rows: Sequence[Sequence[object]]) -> polars.DataFrame:
    """Rows of the columns of :data:`FRAME_SCHEMA`, as the library writes them (the period's
    ``str()``, the value a float or None, the status and approval their words), as a polars
    DataFrame: for a store that reads readings' fields without building a
    :class:`~councilpmf.core.indicators.Reading` for each.

    >>> frame_of_rows([("K1", "Dec 2024", 2.5, None, "final", "", "Green", "draft")]).row(0)
    ('K1', 'Dec 2024', 2.5, None, 'final', '', 'Green', 'draft')
    """
    pl = import_polars()
    frame: polars.DataFrame = pl.DataFrame(rows, schema=frame_schema(), orient="row")
    return frame


def _refuse_text(name: str, text: str) -> None:
    """Refuse who or why that a record's text field would refuse (half a surrogate pair, a
    control character), in its words, before anything is written: every store refuses the same
    text."""
    problem = text_problem(text)
    if problem:
        raise StoreError(f"{name} {problem}")


def check_author(by: object, reason: object, who: str = "by") -> None:
    """The one rule for who makes a change and why: ``by`` must name someone (text a reader
    sees, not only spaces) and ``reason`` be text, empty or not, neither holding what a
    record's text refuses (half a surrogate pair, a control character, a bidirectional
    override); a :class:`StoreError` names the argument (``who``, ``by`` unless told)
    otherwise. Every write
    of :class:`StoreBase` checks it before anything is written (:meth:`~Store.save_framework`,
    :meth:`~Store.record_action_update` with its update's ``by``, :meth:`~Store.record`,
    :meth:`~Store.submit`, :meth:`~Store.approve`, :meth:`~Store.send_back`,
    :meth:`~Store.save_comparators` and :meth:`~Store.save_council`); a store plugin not built
    on it calls it in each of its own.

    >>> check_author("Jo", "")
    >>> check_author(" ", "")
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: by must name who makes the change, not ' '
    >>> check_author("", "", who="update.by")
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: update.by must name who makes the change, not ''
    >>> check_author("Jo", "fixed\x1b[2J")
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: reason must not hold control characters: character 6 is U+001B; write plain text
    """  # noqa: E501
    if not isinstance(by, str) or blank(by):
        raise StoreError(f"{who} must name who makes the change, not {by!r}")
    if not isinstance(reason, str):
        raise StoreError(f"reason must be text, not {reason!r}")
    _refuse_text(who, by)
    _refuse_text("reason", reason)


class StoreBase(abc.ABC):
    """What the bundled stores share, and a plugin's store may use: the checks on every
    argument, the context manager, refusing use once closed, and each operation of the
    :class:`Store` protocol written once in terms of a few small steps a store provides.

    A store built on it writes the steps (the methods marked abstract): how to run an
    operation under its read lock and as one write transaction, how to read and write the
    framework and its revision, how to look up the current readings of a batch and write
    :class:`Change` s, and how to read readings, revisions and histories. It is given the
    rating-rule kinds installed (``rules``) to read frameworks back with.
    """

    url: str
    rules: Mapping[str, type[Rule]]
    _closed: bool = False

    def __init__(self, url: str, rules: Mapping[str, type[Rule]] | None = None) -> None:
        self.url = url
        self.rules = BUILTIN_RULES if rules is None else rules

    # -- the steps a store provides ---------------------------------------------------------

    @abc.abstractmethod
    def _in_read(self, operation: Callable[[], T]) -> T:
        """Run ``operation`` so that it sees no write half done."""

    @abc.abstractmethod
    def _in_write(self, operation: Callable[[], T]) -> T:
        """Run ``operation`` as one write transaction: all of it is kept, or none. One
        operation may write with several steps (:meth:`save_council` puts the framework,
        writes readings and puts comparator values): when it raises, or the process dies,
        part way, none of them is kept. It may be run again from the start (a database that
        retries a transaction), so it reads its arguments, never a source they came from."""

    @abc.abstractmethod
    def _load_framework(self) -> tuple[Framework, int]:
        """The framework and its revision; :class:`NotFoundError` when none was saved."""

    @abc.abstractmethod
    def _framework_revision(self) -> int:
        """The framework's revision, 0 when none was saved, found without reading the
        framework itself: saving a framework over one that does not read must work."""

    @abc.abstractmethod
    def _put_framework(self, framework: Framework, revision: int, by: str, reason: str) -> None:
        """Keep ``framework`` as revision ``revision``, saved by ``by`` for ``reason``; earlier
        revisions stay."""

    @abc.abstractmethod
    def _plan_revisions(self) -> tuple[PlanRevision, ...]:
        """Every revision of the framework kept, oldest first, without reading any framework."""

    @abc.abstractmethod
    def _framework_at(self, revision: int) -> Framework:
        """The framework of one revision; :class:`NotFoundError` when none is kept."""

    @abc.abstractmethod
    def _lookup(self, batch: Sequence[Reading]) -> Current:
        """How to find the current reading and revision of each reading in ``batch``."""

    @abc.abstractmethod
    def _write(self, changes: Sequence[Change], by: str, at: str, reason: str) -> None:
        """Write the changes :func:`plan_changes` worked out."""

    @abc.abstractmethod
    def _readings(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> tuple[Reading, ...]:
        """The current readings of those indicators and periods (None: all), in order."""

    @abc.abstractmethod
    def _revision(self, indicator: str, period: Period) -> int:
        """The current revision of one reading; 0 when it was never recorded."""

    @abc.abstractmethod
    def _history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        """Every revision of one reading, oldest first."""

    def _histories(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> dict[ReadingKey, tuple[ReadingRevision, ...]]:
        """The history of each current reading of those indicators and periods (None: all),
        in the order of :meth:`_readings`: by default, :meth:`_history` of each of them; a
        store that can read them all at once overrides it."""
        return {
            reading.key: self._history(*reading.key)
            for reading in self._readings(indicators, periods)
        }

    @abc.abstractmethod
    def _comparators(self) -> tuple[ComparatorGroup, ...]:
        """The comparator values kept, in the order they were saved; ``()`` for none."""

    @abc.abstractmethod
    def _put_comparators(
        self, groups: tuple[ComparatorGroup, ...], by: str, at: str, reason: str
    ) -> None:
        """Keep ``groups`` (checked) in place of the comparator values kept before, saved by
        ``by`` at ``at`` for ``reason``."""

    # -- the Store protocol, written once ----------------------------------------------------

    def load_framework(self) -> tuple[Framework, int]:
        """The framework and its revision."""
        self._guard()
        return self._in_read(self._load_framework)

    def save_framework(
        self, framework: Framework, expected_revision: int, by: str, reason: str = ""
    ) -> int:
        """Save the framework if nobody saved since ``expected_revision``."""
        self._guard()
        _check_framework(framework, expected_revision)
        check_author(by, reason)
        return self._in_write(
            lambda: self._save_framework(framework, expected_revision, by, reason)
        )

    def plan_revisions(self) -> tuple[PlanRevision, ...]:
        """Every revision of the framework the store keeps, oldest first."""
        self._guard()
        return self._in_read(self._plan_revisions)

    def framework_at(self, revision: int) -> Framework:
        """The framework as it was saved in ``revision``."""
        self._guard()
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
            raise NotFoundError(f"{revision!r} is not a revision; revisions are numbered from 1")
        return self._in_read(lambda: self._framework_at(revision))

    def record_action_update(
        self,
        ref: str,
        update: ActionUpdate,
        expected_revision: int,
        *,
        reason: str = "",
        plan: str | None = None,
    ) -> int:
        """Add a dated update to an action, as a new framework revision kept with why."""
        self._guard()
        if not isinstance(update, ActionUpdate):
            raise StoreError(f"only an ActionUpdate can be added, not {type(update).__name__}")
        check_author(update.by, reason, who="update.by")
        why = f"an update to action {ref}" if blank(reason) else reason

        def save() -> int:
            framework, revision = self._load_framework()
            updated = add_action_update(framework, ref, update, plan)
            return self._replace(updated, revision, expected_revision, update.by, why)

        return self._in_write(save)

    def _save_framework(
        self, framework: Framework, expected_revision: int, by: str, reason: str
    ) -> int:
        """The step of :meth:`save_framework` run in its transaction."""
        return self._replace(framework, self._framework_revision(), expected_revision, by, reason)

    def _replace(
        self, framework: Framework, revision: int, expected_revision: int, by: str, reason: str
    ) -> int:
        if expected_revision != revision:
            raise stale_framework(revision, expected_revision)
        self._put_framework(framework, revision + 1, by, reason)
        return revision + 1

    def record(
        self,
        readings: Iterable[Reading],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> RecordSummary:
        """Record readings in one transaction; a changed value becomes a new revision."""
        self._guard()
        check_author(by, reason)
        _check_expected(expected)
        batch = list(readings)
        return self._in_write(lambda: self._record(batch, by, now(), reason, expected))

    def _record(
        self,
        batch: Sequence[Reading],
        by: str,
        at: str,
        reason: str,
        expected: Mapping[ReadingKey, int] | None,
    ) -> RecordSummary:
        """The step of :meth:`record` run in its transaction: work out the changes and write
        them."""
        changes, summary = plan_changes(batch, self._lookup(batch), expected)
        if changes:
            self._write(changes, by, at, reason)
        return summary

    def submit(
        self,
        keys: Iterable[ReadingKey],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> int:
        """Submit draft readings for approval (see :meth:`Store.submit`)."""
        return self._move(Move.SUBMIT, keys, by, reason, expected)

    def approve(
        self,
        keys: Iterable[ReadingKey],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
        self_approval: bool = False,
    ) -> int:
        """Approve submitted readings (see :meth:`Store.approve`)."""
        return self._move(Move.APPROVE, keys, by, reason, expected, self_approval)

    def send_back(
        self,
        keys: Iterable[ReadingKey],
        by: str,
        reason: str,
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> int:
        """Return submitted readings to their supplier as drafts (see :meth:`Store.send_back`)."""
        if isinstance(reason, str) and blank(reason):
            raise StoreError("say why the figures go back to their supplier (reason)")
        return self._move(Move.RETURN, keys, by, reason, expected)

    def _move(
        self,
        step: Move,
        keys: Iterable[ReadingKey],
        by: str,
        reason: str,
        expected: Mapping[ReadingKey, int] | None,
        self_approval: bool = False,
    ) -> int:
        """Make one approval step on every reading of ``keys`` in one transaction, or on none."""
        self._guard()
        check_author(by, reason)
        _check_expected(expected)
        if not isinstance(self_approval, bool):
            raise StoreError(f"self_approval must be True or False, not {self_approval!r}")
        wanted = reading_keys(keys)

        def write() -> int:
            histories = {key: self._history(*key) for key in wanted}
            never = [f"{i} {p}" for (i, p), history in histories.items() if not history]
            if never:
                raise NotFoundError(
                    f"no reading is recorded for {_listed(never)}; nothing was {step.done}"
                )
            current = self._lookup([history[-1].new for history in histories.values()])
            changes = plan_moves(step, wanted, current, histories, by, expected, self_approval)
            if changes:
                self._write(changes, by, now(), reason)
            return len(changes)

        return self._in_write(write)

    def readings(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> tuple[Reading, ...]:
        """Current readings, by indicator then period."""
        wanted = self._wanted(indicators, periods)
        if wanted is None:
            return ()
        return self._in_read(lambda: self._readings(*wanted))

    def readings_frame(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> polars.DataFrame:
        """Current readings as a polars DataFrame (see :meth:`Store.readings_frame`)."""
        return readings_frame_of(self.readings(indicators, periods))

    def _wanted(
        self, indicators: Iterable[str] | None, periods: Iterable[Period] | None
    ) -> tuple[frozenset[str] | None, frozenset[Period] | None] | None:
        """The filters of :meth:`readings` as sets of what can match (only ids and periods
        can), or None when nothing can."""
        self._guard()
        ids = None if indicators is None else frozenset(i for i in indicators if isinstance(i, str))
        kept = None if periods is None else frozenset(p for p in periods if isinstance(p, Period))
        if (ids is not None and not ids) or (kept is not None and not kept):
            return None
        return ids, kept

    def revision(self, indicator: str, period: Period) -> int:
        """The current revision of one reading; 0 when it was never recorded."""
        self._guard()
        if not isinstance(indicator, str) or not isinstance(period, Period):
            return 0
        return self._in_read(lambda: self._revision(indicator, period))

    def history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        """Every revision of one reading, oldest first."""
        self._guard()
        if not isinstance(indicator, str) or not isinstance(period, Period):
            return ()
        return self._in_read(lambda: self._history(indicator, period))

    def histories(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> Mapping[ReadingKey, tuple[ReadingRevision, ...]]:
        """Every revision of many readings in one read (see :meth:`Store.histories`)."""
        wanted = self._wanted(indicators, periods)
        if wanted is None:
            return {}
        with collector_paused():
            return self._in_read(lambda: self._histories(*wanted))

    def comparators(self) -> tuple[ComparatorGroup, ...]:
        """The comparator values kept (see :meth:`Store.comparators`)."""
        self._guard()
        return self._in_read(self._comparators)

    def save_comparators(self, groups: Iterable[ComparatorGroup], by: str, reason: str = "") -> int:
        """Replace the comparator values kept, whole (see :meth:`Store.save_comparators`)."""
        self._guard()
        check_author(by, reason)
        checked = comparator_groups(groups)
        self._in_write(lambda: self._put_comparators(checked, by, now(), reason))
        return len(checked)

    def save_council(
        self,
        framework: Framework,
        expected_revision: int,
        readings: Iterable[Reading],
        by: str,
        reason: str = "",
        *,
        expected: Mapping[ReadingKey, int] | None = None,
        comparators: Iterable[ComparatorGroup] | None = None,
    ) -> CouncilSummary:
        """Save the framework, record the readings and replace the comparator values (unless
        None) in one transaction, all or nothing (see :meth:`Store.save_council`).

        Every argument is checked, and the readings and groups taken from their sources,
        before the transaction begins; in it, the steps of :meth:`save_framework`,
        :meth:`record` and :meth:`save_comparators` run in that order, so a store's
        ``_in_write`` keeps all three or none.

        >>> from councilpmf.core.periods import parse_period
        >>> from councilpmf.core.plan import StrategicPlan
        >>> from councilpmf.default_plugins.memory_store import MemoryStore
        >>> framework = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"))
        >>> q1 = parse_period("2024/25 Q1")
        >>> store = MemoryStore()
        >>> _ = store.record([Reading(indicator="K1", period=q1, value=40.0)], by="Jo")
        >>> council = [Reading(indicator="K1", period=q1, value=41.0)]
        >>> store.save_council(framework, 0, council, by="Jo", expected={("K1", q1): 0})
        Traceback (most recent call last):
        ...
        councilpmf.store.ConflictError: someone else recorded first: K1 2024/25 Q1 is at revision 1, not 0
        >>> store.plan_revisions(), [reading.value for reading in store.readings()]
        ((), [40.0])
        >>> saved = store.save_council(framework, 0, council, by="Jo", expected={("K1", q1): 1})
        >>> saved.revision, str(saved.readings), saved.comparators
        (1, '0 new, 1 changed, 0 unchanged', None)
        """  # noqa: E501
        self._guard()
        _check_framework(framework, expected_revision)
        check_author(by, reason)
        _check_expected(expected)
        batch = list(readings)
        checked = None if comparators is None else comparator_groups(comparators)

        def save() -> CouncilSummary:
            at = now()
            revision = self._save_framework(framework, expected_revision, by, reason)
            summary = self._record(batch, by, at, reason, expected)
            if checked is not None:
                self._put_comparators(checked, by, at, reason)
            return CouncilSummary(
                revision=revision,
                readings=summary,
                comparators=None if checked is None else len(checked),
            )

        return self._in_write(save)

    # -- checks and closing ------------------------------------------------------------------

    def _guard(self) -> None:
        if self._closed:
            raise StoreError(f"{without_password(self.url)} is closed")

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


class _CollectorPauses:
    """The blocks of :func:`collector_paused` under way in every thread, counted under a lock,
    and whether the first of them disabled the collector (it did not when it found it
    disabled already)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.disabled = False

    def begin(self) -> None:
        with self.lock:
            if self.count == 0:
                self.disabled = gc.isenabled()
                gc.disable()
            self.count += 1

    def end(self) -> None:
        with self.lock:
            self.count -= 1
            if self.count == 0 and self.disabled:
                self.disabled = False
                gc.enable()


_COLLECTOR_PAUSES = _CollectorPauses()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the block builds many records to keep (a store's
    histories: hundreds of thousands of revisions), and start it again after, if it ran
    before. Records hold no reference cycles, so the collector finds nothing in them; left
    running, it walks every object the process holds again and again as they pile up, which
    costs more than reading them (see ``docs/performance.md``).

    The collector is one for the whole process, so the pauses of every thread are counted
    under a lock: the first block to begin disables it, and the last to end enables it again,
    only if the first found it enabled. Blocks that overlap in several threads (two bulk reads
    at once) therefore keep it paused until the last of them ends, and a caller that disabled
    it beforehand finds it still disabled after. The price: while any block runs, the
    collector is paused for every thread, so garbage in cycles made meanwhile elsewhere waits
    (memory, not correctness) until the last block ends; and a thread that calls
    ``gc.disable()`` itself while a block is under way finds it enabled again when the last
    block ends, since the collector does not count who disabled it.

    >>> import gc
    >>> with collector_paused():
    ...     with collector_paused():
    ...         pass
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    _COLLECTOR_PAUSES.begin()
    try:
        yield
    finally:
        _COLLECTOR_PAUSES.end()


def approved_revisions(store: Store, readings: Iterable[Reading]) -> tuple[Reading, ...]:
    """For each of ``readings`` (a store's current ones) that is not approved, the figure as
    it was last approved, from the store's history of it, where it ever was: what a report of
    approved figures shows while a correction awaits approval
    (:func:`~councilpmf.core.approval.approved_only`). Only :meth:`Store.histories` is
    asked, once, for the indicators and periods of the figures not approved, so every store
    gives the same answer.

    >>> from councilpmf.default_plugins.memory_store import MemoryStore
    >>> from councilpmf.core.periods import parse_period
    >>> q1 = parse_period("2024/25 Q1")
    >>> with MemoryStore() as store:
    ...     _ = store.record([Reading(indicator="K", period=q1, value=3.0)], by="Jo")
    ...     _ = store.record([Reading(indicator="K", period=q1, value=5.0, approval="draft")],
    ...         by="Jo")
    ...     [r.value for r in approved_revisions(store, store.readings())]
    [3.0]
    """
    keys = [reading.key for reading in readings if reading.approval is not Approval.APPROVED]
    if not keys:
        return ()
    histories = store.histories({i for i, _ in keys}, {p for _, p in keys})
    found = (last_approved(histories.get(key, ())) for key in keys)
    return tuple(reading for reading in found if reading is not None)


def comparator_groups(groups: Iterable[ComparatorGroup]) -> tuple[ComparatorGroup, ...]:
    """``groups`` checked to be comparator groups a store can keep, in the order given, or a
    :class:`StoreError` naming the group (counting from 0) and the field. Each is checked
    again as its validators check it (its text valid Unicode, its values finite numbers no
    larger than :data:`~councilpmf.core.indicators.LARGEST_VALUE` either way), since a record
    can be made without them.

    >>> from councilpmf.core.periods import parse_period
    >>> group = ComparatorGroup(indicator="K1", period=parse_period("2024/25"), group="CIPFA",
    ...     values=(1.5, 2))
    >>> comparator_groups([group]) == (group,)
    True
    >>> comparator_groups([group, "K2"])
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: comparators[1]: expected a comparator group, not 'K2'
    >>> from councilpmf.core._validate import trusted
    >>> comparator_groups([trusted(ComparatorGroup, indicator="K1", period=group.period,
    ...     group="CIPFA", values=(1.5, float("nan")))])
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: comparators[0].values[1]: must be a number, not nan
    >>> comparator_groups([trusted(ComparatorGroup, indicator="K1", period=group.period,
    ...     group="CIPFA", values=(1.5, 2e16))])
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: comparators[0].values[1]: 2e+16 is larger than 1e+15, the most allowed
    """  # noqa: E501
    if isinstance(groups, str | bytes | ComparatorGroup):
        raise StoreError(f"comparators: expected comparator groups, not {groups!r}")
    checked = []
    for number, group in enumerate(groups):
        where = f"comparators[{number}]"
        if not isinstance(group, ComparatorGroup):
            raise StoreError(f"{where}: expected a comparator group, not {group!r}")
        try:
            attrs.validate(group)
        except InputError as error:
            raise StoreError(_field_problem(where, group, error.problems[0])) from None
        checked.append(group)
    return tuple(checked)


def _field_problem(where: str, group: ComparatorGroup, problem: str) -> str:
    """A validator's problem with a comparator group (``values must be a number, not nan``,
    ``values[1]: 2e+16 is larger than 1e+15, the most allowed``) as a line naming the group,
    the field and, for a value, its place in the values."""
    name, _, rest = problem.partition(" ")
    name = name.rstrip(":")
    if name.partition("[")[0] not in ("indicator", "period", "group", "values"):
        return f"{where}: {problem}"
    values = group.values
    if name == "values" and isinstance(values, tuple):
        bad = next((i for i, value in enumerate(values) if not is_number(value)), None)
        if bad is not None:
            name = f"values[{bad}]"
    return f"{where}.{name}: {rest}"


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


# What libpq (and so a postgresql:// URL) reads a password from besides ``user:password@``.
_PASSWORD_PARAMETERS = frozenset({"password", "sslpassword"})


def without_password(url: str) -> str:
    """A store URL as it may be shown in a message or printed: a password in it left out,
    whether before the host (``user:secret@host``) or in the query (``?password=secret``);
    the rest as written. Every message, command and plugin that names a store shows it so.

    The host part ends at the first ``/`` after ``scheme://`` and the user's part at its
    last ``@``, so a password holding ``@``, ``?`` or ``#`` (written without percent-encoding,
    which ``libpq`` reads) is left out whole. A password holding a raw ``/`` cannot be told
    from a path (``ann:se/cret@db`` is a user and password before the host ``db``, or the
    host ``ann``, port ``se`` and a path), so whenever an ``@`` follows the first ``/`` with a
    ``:`` before it, and a host before that ``/`` (``sqlite:///data/a:b@c.db`` has none), all
    up to the last ``@`` is taken as the user's part: whatever a password holds, no part of it
    is shown.

    Except where the ``@`` is in the query of a URL ``libpq`` reads as written: a host, and a
    port that is a number or none, before the first ``/``; every ``@`` after it in the query;
    and the last in a password parameter (``?password=p@ss/word``) or not followed by a host
    and a path (``db:5432/pmf?user=ann@srv``, a user named as some hosted servers name
    them). Such a URL is shown whole, port and database included, any password in it left
    out. ``libpq`` never reads a ``/`` in the user's part, so a password read otherwise is
    one that no URL ``libpq`` reads can hold there: a ``/`` after a number or an ``@``, then
    a ``?``, with nothing but a query after the host (``ann:12/x?y@db``).

    >>> without_password("postgresql://ann:s3cret@db.example:5433/pmf?sslmode=require")
    'postgresql://ann@db.example:5433/pmf?sslmode=require'
    >>> without_password("postgresql://ann:se/cr@t@db.example/pmf")
    'postgresql://ann@db.example/pmf'
    >>> without_password("postgresql://db/pmf?user=ann&password=s3cret&connect_timeout=5")
    'postgresql://db/pmf?user=ann&connect_timeout=5'
    >>> without_password("postgresql://db:5432/pmf?user=ann@srv")
    'postgresql://db:5432/pmf?user=ann@srv'
    >>> without_password("sqlite:///councilpmf.db")
    'sqlite:///councilpmf.db'
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, tail = rest.partition("/")
    before, _, after = rest.rpartition("@")
    # a password may hold the "/", unless the "@" is in the query of a URL libpq reads
    if authority and "@" in tail and ":" in before and not _at_in_query(authority, tail):
        authority, slash, tail = after.partition("/")
        user, at, host = before, "@", authority
    else:
        user, at, host = authority.rpartition("@")
    if at and ":" in user:
        name = user.partition(":")[0]
        authority = f"{name}@{host}" if name else host
    if not slash:  # no path: a query may follow the host itself ("db?password=...")
        cut = min((i for i in (authority.find("?"), authority.find("#")) if i >= 0), default=-1)
        if cut >= 0:
            authority, tail = authority[:cut], authority[cut:]
    return f"{scheme}://{authority}{slash}{_without_password_parameters(tail)}"


# A host part libpq reads: a host (a name, an address, or an IPv6 address in brackets) and
# perhaps a port that is a number.
_HOST_AND_PORT = re.compile(r"(?:\[[^\]/?#@]*\]|[^:\[\]/?#&=@]*)(?::[0-9]+)?")


def _at_in_query(authority: str, tail: str) -> bool:
    """Whether ``scheme://authority/tail``, read as written, is a URL libpq reads (a host and
    perhaps a port that is a number before the ``/``) whose every ``@`` after the ``/`` is in
    its query, and the last is in a password parameter or not followed by a host and a path
    (``@db/pmf``): a user or an option holding ``@`` (``?user=ann@srv``), not a password
    holding ``/``.

    >>> _at_in_query("db:5432", "pmf?user=ann@srv"), _at_in_query("ann:se", "cret@db")
    (True, False)
    """
    if not _HOST_AND_PORT.fullmatch(authority.rpartition("@")[2]):
        return False
    path, question, rest = tail.partition("?")
    query, _, fragment = rest.partition("#")
    if not question or "@" in path or "@" in fragment:
        return False
    holding = next(part for part in reversed(query.split("&")) if "@" in part)
    host, slash, _ = tail.rpartition("@")[2].partition("/")
    return not slash or not _HOST_AND_PORT.fullmatch(host) or _gives_password(holding)


def _gives_password(parameter: str) -> bool:
    """Whether a query parameter (``name=value``) gives a password."""
    name = parameter.partition("=")[0]
    return urllib.parse.unquote_plus(name).strip().lower() in _PASSWORD_PARAMETERS


def _without_password_parameters(tail: str) -> str:
    """``tail`` (the path, query and fragment of a URL) with every query parameter that gives
    a password left out."""
    path, question, rest = tail.partition("?")
    if not question:
        return tail
    query, hash_, fragment = rest.partition("#")
    kept = [part for part in query.split("&") if not _gives_password(part)]
    shown = f"{path}?{'&'.join(kept)}" if kept else path
    return f"{shown}{hash_}{fragment}"


@attrs.frozen(kw_only=True)
class Change:
    """One reading to write: the old reading (None if new), the new one, its new revision."""

    old: Reading | None
    new: Reading
    revision: int

    def as_revision(self, by: str, at: str, reason: str) -> ReadingRevision:
        """The revision this change makes, recorded by ``by`` at ``at`` for ``reason``."""
        indicator, period = self.new.key
        return ReadingRevision(
            indicator=indicator,
            period=period,
            revision=self.revision,
            old=self.old,
            new=self.new,
            by=by,
            at=at,
            reason=reason,
        )


def _listed(items: Sequence[str], shown: int = 5) -> str:
    """Some items, and how many more.

    >>> _listed(["a", "b", "c"], shown=2)
    'a; b and 1 more'
    """
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return "; ".join(items[:shown]) + more


def _check_framework(framework: object, expected_revision: object) -> None:
    """Refuse a framework to save that is not a :class:`Framework`, or an expected revision
    that is not a whole number from 0, before anything is written."""
    if not isinstance(framework, Framework):
        raise StoreError(f"only a Framework can be saved, not {type(framework).__name__}")
    if not _is_revision(expected_revision):
        raise StoreError(
            f"the expected framework revision must be {_REVISION_WORDS}, not {expected_revision!r}"
        )


def _check_expected(expected: object) -> None:
    """Refuse ``expected`` revisions that are not a mapping of keys to whole numbers from 0
    (``True`` is no revision), so that a mistaken argument is not taken for a conflict, nor a
    yes for revision 1."""
    if expected is None:
        return
    if not isinstance(expected, Mapping):
        raise StoreError(
            f"expected must map (indicator, period) to a revision, not a {type(expected).__name__}"
        )
    for key, revision in expected.items():
        if not _is_revision(revision):
            named = " ".join(map(str, key)) if isinstance(key, tuple) else repr(key)
            raise StoreError(
                f"the expected revision of {named} must be {_REVISION_WORDS}, not {revision!r}"
            )


_REVISION_WORDS = "a whole number from 0"


def _is_revision(value: object) -> bool:
    """Whether ``value`` can be a revision a caller expects: a whole number from 0 (0 when
    nothing was kept yet), and never ``True``, which Python would take for 1."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def reading_keys(keys: Iterable[ReadingKey]) -> tuple[ReadingKey, ...]:
    """``keys`` checked to be (indicator, period) pairs, each once, in the order given; a
    :class:`StoreError` otherwise.

    >>> from councilpmf.core.periods import parse_period
    >>> q1 = parse_period("2024/25 Q1")
    >>> reading_keys([("K1", q1), ("K1", q1)]) == (("K1", q1),)
    True
    >>> reading_keys(["K1"])
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: a reading is named by its indicator and period, not 'K1'
    """
    if isinstance(keys, str | bytes):
        raise StoreError(f"expected (indicator, period) pairs, not {keys!r}")
    found: dict[ReadingKey, None] = {}
    for key in keys:
        if (
            not isinstance(key, tuple)
            or len(key) != 2
            or not isinstance(key[0], str)
            or not isinstance(key[1], Period)
        ):
            raise StoreError(f"a reading is named by its indicator and period, not {key!r}")
        found[key] = None
    return tuple(found)


def plan_moves(
    step: Move,
    keys: Sequence[ReadingKey],
    current: Current,
    histories: Mapping[ReadingKey, Sequence[ReadingRevision]],
    by: str,
    expected: Mapping[ReadingKey, int] | None = None,
    self_approval: bool = False,
) -> tuple[Change, ...]:
    """Work out what one approval step writes, the same way for every store: a new revision
    of each reading in ``keys`` in the step's target state. Raises :class:`ConflictError` for
    a stale ``expected`` revision and :class:`StoreError` for a step the reading's state does
    not allow, or an approval by whoever submitted (unless ``self_approval``); either way
    nothing is to be written."""
    changes: list[Change] = []
    stale: list[str] = []
    refused: list[str] = []
    for key in keys:
        old, revision = current(key)
        if old is None:
            raise NotFoundError(f"no reading is recorded for {key[0]} {key[1]}")
        if expected is not None and key in expected and expected[key] != revision:
            stale.append(f"{key[0]} {key[1]} is at revision {revision}, not {expected[key]}")
            continue
        problem = refusal(old, step)
        if problem is None and step is Move.APPROVE and not self_approval:
            submitter = histories[key][-1].by if histories.get(key) else ""
            if same_person(submitter, by):
                problem = (
                    f"{key[0]} {key[1]} was submitted by {submitter}, who may not also approve "
                    "it; someone else must (a council allows it with [approval] "
                    "self_approval = true in council.toml)"
                )
        if problem is not None:
            refused.append(problem)
            continue
        changes.append(
            Change(old=old, new=attrs.evolve(old, approval=step.target), revision=revision + 1)
        )
    if stale:
        raise ConflictError("someone else recorded first: " + "; ".join(stale))
    if refused:
        raise StoreError(f"{_listed(refused)}; nothing was {step.done}")
    return tuple(changes)


def _same_figure(old: Reading, new: Reading) -> bool:
    """Whether two readings say the same, their approval apart: recording a figure again
    leaves its approval as it is."""
    return old == new or (
        old.approval is not new.approval
        and all(
            getattr(old, field.name) == getattr(new, field.name)
            for field in attrs.fields(Reading)
            if field.name != "approval"
        )
    )


def plan_changes(
    incoming: Iterable[Reading],
    current: Current,
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
        if old is not None and _same_figure(old, reading):
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


def add_action_update(
    framework: Framework, ref: str, update: ActionUpdate, plan: str | None = None
) -> Framework:
    """The framework with ``update`` added to the action ``ref``: the one action with that ref
    in the delivery plans, service plans and peer challenges, or in the plan ``plan`` names
    (:meth:`~councilpmf.core.framework.Framework.action_plan_named`: a plan's id or name, a
    peer challenge's id or title). :class:`NotFoundError` when no plan is called ``plan`` or no
    action there has that ref; :class:`~councilpmf.core.errors.AmbiguousNameError` when
    ``plan`` names more than one plan, listing them; :class:`StoreError` when more than one
    action has the ref (refs are unique within a plan only), naming their plans;
    :class:`InputError`, naming the update's path, when it revises the due date to a day
    before the action's start."""
    if not isinstance(update, ActionUpdate):
        raise StoreError(f"an action update is needed, not {update!r}")
    plans = framework.action_plans()
    within = None if plan is None else framework.action_plan_named(plan)
    if plan is not None and within is None:
        called = ", ".join(repr(name) for _path, name in plans) or "none"
        raise NotFoundError(f"no plan is called {plan!r}; the plans with actions are {called}")
    at = [
        path
        for path, action in framework.actions_at()
        if action.ref == ref and (within is None or path.startswith(f"{within[0]}."))
    ]
    if not at:
        where = "" if within is None else f" in {within[1]!r}"
        raise NotFoundError(f"no action{where} has the ref {ref!r}")
    if len(at) > 1:
        named = sorted({name for path, name in plans for a in at if a.startswith(f"{path}.")})
        raise StoreError(
            f"the ref {ref!r} names {len(at)} actions, at {', '.join(at[:-1])} and {at[-1]}; "
            f"name the plan of the one to update ({' or '.join(repr(n) for n in named)})"
            if len(named) > 1
            else f"the ref {ref!r} names {len(at)} actions of one plan, at "
            f"{', '.join(at[:-1])} and {at[-1]}; give each a ref of its own to update it"
        )

    def updated(action: Action) -> Action:
        try:
            return attrs.evolve(action, updates=(*action.updates, update))
        except InputError as error:  # a revised due date before the action's start
            raise InputError(
                tuple(f"action {ref!r} at {at[0]}{p.removeprefix('$')}" for p in error.problems)
            ) from None

    return framework.with_action_at(at[0], updated)
