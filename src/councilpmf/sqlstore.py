"""A base for stores in a SQL database, shared by ``sqlite://`` and ``postgresql://``.

:class:`SqlStore` holds everything such a store does the same way whatever the database: one
connection used by one thread at a time, the database's errors put into words naming the
store, the framework kept as JSON text with every revision, the comparator values as one JSON
text replaced whole, readings decoded from their columns
(each period parsed once), histories read back from JSON text (those of many readings in one
query, :meth:`~councilpmf.store.Store.histories`), :meth:`readings_frame` built
from columns without a :class:`~councilpmf.core.indicators.Reading` per row, and closing. A
store for another database subclasses it and writes what differs: connecting and migrating,
its transaction (:meth:`SqlStore._transaction`), its errors in words
(:meth:`SqlStore._describe`), how it filters readings and looks up a batch, and how it writes
changes. Its tables are those of ``sqlite://`` (see
:mod:`councilpmf.default_plugins.sqlite_store`)::

    framework          (revision, document, saved_at, by, reason)
    readings_current   (indicator, start, "end", seq, period, revision,
                        value, missing_reason, status, note, published_status, approval)
    reading_revisions  (indicator, period, revision, old, new, by, at, reason)
    comparators        (document, saved_at, by, reason): one row

SQL is written with ``?`` for parameters; a driver that wants ``%s`` sets
:attr:`SqlStore.placeholder`.
"""

from __future__ import annotations

import abc
import contextlib
import itertools
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from councilpmf import records
from councilpmf.core._validate import REFUSED, id_problem
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    LARGEST_VALUE,
    Approval,
    ComparatorGroup,
    Reading,
    ReadingRevision,
    ReadingStatus,
    value_problem,
)
from councilpmf.core.periods import Period
from councilpmf.core.rule import Rule
from councilpmf.store import (
    NotFoundError,
    PlanRevision,
    ReadingKey,
    StoreBase,
    StoreError,
    UnreadableFrameworkError,
    frame_schema,
    import_polars,
    now,
    readings_frame_of,
    without_password,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    import polars

__all__ = [
    "FRAME_BATCH",
    "FRAME_COLUMNS",
    "READING_ORDER",
    "NotAFrameError",
    "SqlStore",
    "frame_select",
]

T = TypeVar("T")


def frame_select(value: str = "value") -> str:
    """The columns of ``readings_current`` a frame is read from, in the order of
    :data:`~councilpmf.store.FRAME_SCHEMA`, with ``value`` the SQL selected as its value.

    >>> frame_select("abs(value)")
    'indicator, period, abs(value), missing_reason, status, note, published_status, approval'
    """
    return f"indicator, period, {value}, missing_reason, status, note, published_status, approval"


FRAME_COLUMNS = frame_select()
"""The columns of ``readings_current`` that :meth:`SqlStore.readings_frame` reads, as stored."""

READING_ORDER = ' ORDER BY indicator, start, "end", seq'
"""The order of :meth:`~councilpmf.store.Store.readings`: by indicator, period start and end,
then the order readings were first recorded."""
_STATUSES = tuple(status.value for status in ReadingStatus)
_APPROVALS = tuple(approval.value for approval in Approval)
_TEXTS = (
    ("missing_reason", REFUSED),
    ("note", REFUSED),
    ("published_status", REFUSED),
)
"""The frame's columns of text a reading's fields check, each with what they refuse in it
(the ids, few, are checked whole)."""

_HISTORIES = (
    "SELECT r.indicator, r.period, r.revision, r.old, r.new, r.by, r.at, r.reason "
    'FROM (SELECT indicator, period, start, "end", seq FROM readings_current {where}) AS c '
    "JOIN reading_revisions AS r ON r.indicator = c.indicator AND r.period = c.period "
    'ORDER BY c.indicator, c.start, c."end", c.seq, r.revision'
)
"""Every revision of the current readings a filter keeps (``{where}``), in the order of
:data:`READING_ORDER`, each reading's oldest first."""


def _reading_of_row(row: Sequence[Any]) -> tuple[str, str]:
    """The indicator and period text a row of :data:`_HISTORIES` is a revision of."""
    return row[0], row[1]


FRAME_BATCH = 65_536
"""How many rows :meth:`SqlStore.readings_frame` fetches and adds to the frame at a time."""


class NotAFrameError(StoreError):
    """Rows :meth:`SqlStore._frame` cannot put into a frame (a value that is not a number,
    or one the frame's doubles would show otherwise): :meth:`SqlStore.readings_frame` then
    has :meth:`~councilpmf.store.Store.readings` name the first row it refuses, in its
    words."""

    @classmethod
    def of(cls, where: str, error: BaseException) -> NotAFrameError:
        """The error for the store ``where``, from what the frame's builder said."""
        said = str(error).splitlines()[0].split(";")[0]
        return cls(
            f"{where}: readings_current holds something that is not a reading ({said}); "
            "the store is damaged"
        )


class SqlStore(StoreBase):
    """A store in a SQL database; see the module documentation.

    ``where`` names the store in messages (a file's path, a URL without its password). A
    subclass connects in its ``__init__``, sets ``_db`` to a DB-API connection whose
    ``execute`` returns a cursor, and sets ``_closed`` to False once the store is usable.
    """

    placeholder: ClassVar[str] = "?"
    reading_columns: ClassVar[str] = FRAME_COLUMNS
    """The columns of ``readings_current`` :meth:`_row` decodes, in its order."""
    frame_value: ClassVar[str] = "value"
    """The SQL :meth:`_frame` selects as a row's value (:func:`frame_select`): a value that
    is not a number within the limit must come as something no frame's value column takes,
    so that :meth:`readings` names it."""
    driver_errors: ClassVar[tuple[type[BaseException], ...]] = ()
    """The errors :meth:`_describe` puts into words."""

    _db: Any

    def __init__(self, url: str, rules: Mapping[str, type[Rule]] | None, where: str) -> None:
        super().__init__(url, rules)
        self.where = where
        self._closed = True
        self._lock = threading.Lock()
        self._periods: dict[str, Period] = {}

    # -- what a database does its own way ----------------------------------------------------

    @abc.abstractmethod
    def _describe(self, error: BaseException) -> str:
        """One of :attr:`driver_errors` in words, naming :attr:`where`."""

    @abc.abstractmethod
    def _transaction(self, operation: Callable[[], T]) -> T:
        """Run ``operation`` in one write transaction, committed or rolled back whole."""

    @abc.abstractmethod
    def _filter(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> tuple[str, Sequence[Any]]:
        """A ``WHERE`` clause (empty for no filter) and its parameters that keep the rows of
        ``readings_current`` for those indicators and periods."""

    def _encode(self, text: str) -> str:
        """Text as the database keeps it; as it is unless the database cannot hold some."""
        return text

    def _decode(self, text: str) -> str:
        """Text as :meth:`_encode` gave it back."""
        return text

    def _frame_text(self, frame: polars.DataFrame) -> polars.DataFrame:
        """The frame's text columns decoded as :meth:`_decode` would."""
        return frame

    # -- running ---------------------------------------------------------------------------

    def _sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def _execute(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return self._db.execute(self._sql(sql), parameters)

    def _holding(self, operation: Callable[[], T]) -> T:
        self._guard()
        with self._lock:
            try:
                return operation()
            except self.driver_errors as error:
                raise StoreError(self._describe(error)) from None

    def _in_read(self, operation: Callable[[], T]) -> T:
        return self._holding(operation)

    def _in_write(self, operation: Callable[[], T]) -> T:
        return self._holding(lambda: self._transaction(operation))

    # -- the framework -----------------------------------------------------------------------

    def _load_framework(self) -> tuple[Framework, int]:
        row = self._execute(
            "SELECT revision, document FROM framework ORDER BY revision DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"{without_password(self.url)} holds no framework yet; load one first"
            )
        revision, document = int(row[0]), row[1]
        return self._framework_document(revision, document), revision

    def _framework_document(self, revision: int, document: object) -> Framework:
        """The framework of ``revision``, from its stored ``document``; a document that does
        not read (:class:`~councilpmf.store.UnreadableFrameworkError`) names this store and
        the revision."""
        source = f"{self.where} (framework revision {revision})"
        try:
            data = json.loads(document)  # type: ignore[arg-type]
        except (TypeError, json.JSONDecodeError):
            problem = f"{source}: $: the framework is not valid JSON"
            raise UnreadableFrameworkError((problem,), self.url, revision) from None
        return records.framework_from_data(
            data, source, rules=self.rules, url=self.url, revision=revision
        )

    def _framework_revision(self) -> int:
        row = self._execute("SELECT max(revision) FROM framework").fetchone()
        return int(row[0] or 0) if row is not None else 0

    def _put_framework(self, framework: Framework, revision: int, by: str, reason: str) -> None:
        document = json.dumps(records.framework_data(framework), ensure_ascii=False)
        self._execute(
            "INSERT INTO framework (revision, document, saved_at, by, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            (revision, document, now(), self._encode(by), self._encode(reason)),
        )

    def _plan_revisions(self) -> tuple[PlanRevision, ...]:
        rows = self._execute(
            "SELECT revision, saved_at, by, reason FROM framework ORDER BY revision"
        ).fetchall()
        return tuple(
            PlanRevision(
                revision=int(revision),
                saved_at=str(saved_at),
                by=self._decode(str(by)),
                reason=self._decode(str(reason)),
            )
            for revision, saved_at, by, reason in rows
        )

    def _framework_at(self, revision: int) -> Framework:
        row = self._execute(
            "SELECT document FROM framework WHERE revision = ?", (revision,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"{self.url} keeps no framework revision {revision}")
        return self._framework_document(revision, row[0])

    # -- comparator values -------------------------------------------------------------------

    def _comparators(self) -> tuple[ComparatorGroup, ...]:
        row = self._execute("SELECT document FROM comparators").fetchone()
        if row is None:
            return ()
        where = f"{self.where}: comparators"
        try:
            data = json.loads(row[0])
        except (TypeError, json.JSONDecodeError):
            raise StoreError(f"{where}: $: not valid JSON; the store is damaged") from None
        return records.comparators_from_data(data, where)

    def _put_comparators(
        self, groups: tuple[ComparatorGroup, ...], by: str, at: str, reason: str
    ) -> None:
        document = json.dumps(records.comparators_data(groups), ensure_ascii=False)
        row = (document, at, self._encode(by), self._encode(reason))
        # the table's one row is updated, never deleted, so the rights an officer has to
        # record readings (select, insert, update) are the rights to save comparators
        updated = self._execute(
            "UPDATE comparators SET document = ?, saved_at = ?, by = ?, reason = ?", row
        )
        if updated.rowcount == 0:
            self._execute(
                "INSERT INTO comparators (document, saved_at, by, reason) VALUES (?, ?, ?, ?)",
                row,
            )

    # -- readings ----------------------------------------------------------------------------

    def _row_named(self, indicator: str, text: str) -> str:
        """A row of ``readings_current`` named in a message: the store, then its key."""
        return f"{self.where}: readings_current ({indicator!r}, {text!r})"

    def _period(self, text: str, indicator: str) -> Period:
        period = self._periods.get(text)
        if period is None:
            where = f"{self._row_named(indicator, text)}: period"
            period = self._periods[text] = records.period_from_text(text, where)
        return period

    def _reading(
        self,
        indicator: str,
        text: str,
        value: object,
        reason: object,
        status: object,
        note: object,
        published_status: object,
        approval: object,
    ) -> Reading:
        """The reading one row of ``readings_current`` holds, its texts already decoded."""
        return records.reading_from_columns(
            indicator,
            self._period(text, indicator),
            value,
            reason,
            status,
            note,
            lambda: f"{self._row_named(indicator, text)}: $",
            published_status,
            approval,
        )

    def _row(self, row: Sequence[Any]) -> Reading:
        """The reading a row of :attr:`reading_columns` holds."""
        indicator, text, value, reason, status, note, published_status, approval = row
        return self._reading(
            indicator, text, value, reason, status, note, published_status, approval
        )

    def _readings(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> tuple[Reading, ...]:
        where, parameters = self._filter(indicators, periods)
        sql = f"SELECT {self.reading_columns} FROM readings_current {where}{READING_ORDER}"
        return tuple(map(self._row, self._execute(sql, parameters)))  # a row at a time

    def _revision(self, indicator: str, period: Period) -> int:
        row = self._execute(
            "SELECT revision FROM readings_current WHERE indicator = ? AND period = ?",
            (self._encode(indicator), str(period)),
        ).fetchone()
        return 0 if row is None else int(row[0])

    def _history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        rows = self._execute(
            "SELECT revision, old, new, by, at, reason FROM reading_revisions "
            "WHERE indicator = ? AND period = ? ORDER BY revision",
            (self._encode(indicator), str(period)),
        ).fetchall()
        return self._revisions(indicator, period, rows)

    def _histories(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> dict[ReadingKey, tuple[ReadingRevision, ...]]:
        """Every revision of the readings that pass the filter, in one query: the revisions
        joined to the current readings they belong to, in the order of :meth:`_readings`
        and each reading's revisions oldest first."""
        where, parameters = self._filter(indicators, periods)
        rows = self._execute(_HISTORIES.format(where=where), parameters)
        found: dict[ReadingKey, tuple[ReadingRevision, ...]] = {}
        # a row at a time, a reading's rows together
        for (stored, text), group in itertools.groupby(rows, key=_reading_of_row):
            indicator = self._decode(stored)
            period = self._period(text, indicator)
            found[indicator, period] = self._revisions(indicator, period, group, skip=2)
        return found

    def _revisions(
        self, indicator: str, period: Period, rows: Iterable[Sequence[Any]], skip: int = 0
    ) -> tuple[ReadingRevision, ...]:
        """The revisions of one reading, from its rows of ``reading_revisions`` (``revision,
        old, new, by, at, reason``, after ``skip`` columns), oldest first. A revision's
        ``old`` kept as the very text of the ``new`` before it is that reading, not read
        again."""
        built: list[ReadingRevision] = []
        before: tuple[object, Reading | None] = (None, None)
        named = f"{self.where}: reading_revisions ({indicator!r}, {str(period)!r}"
        for row in rows:
            number, old, new, by, at, reason = row[skip:]
            where = f"{named}, {number})"
            previous = (
                None
                if old is None
                else before[1]
                if old == before[0]
                else records.reading_from_json(indicator, period, old, f"{where}: $.old")
            )
            reading = records.reading_from_json(indicator, period, new, f"{where}: $.new")
            before = (new, reading)
            built.append(
                records.revision_of(
                    indicator,
                    period,
                    number,
                    previous,
                    reading,
                    by if by is None else self._decode(by),
                    at,
                    reason if reason is None else self._decode(reason),
                    where,
                )
            )
        return tuple(built)

    # -- in bulk ---------------------------------------------------------------------------

    def readings_frame(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> polars.DataFrame:
        """Current readings as a polars DataFrame, read in batches of rows straight into the
        frame with no :class:`~councilpmf.core.indicators.Reading` built per row (see
        :meth:`councilpmf.store.Store.readings_frame`); a row :meth:`readings` refuses is
        refused in its words, and each period is given as :meth:`readings` reads it."""
        wanted = self._wanted(indicators, periods)
        if wanted is None:
            return readings_frame_of(())
        try:
            frame = self._in_read(lambda: self._frame(*wanted))
        except NotAFrameError:
            self.readings(*wanted)  # refuses the first row it does not read, in its words
            raise
        return self._check_frame(self._frame_text(frame))

    def _frame(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> polars.DataFrame:
        """The rows of ``readings_current`` that pass the filter, :data:`FRAME_BATCH` at a
        time into the frame; a database with a faster way overrides it."""
        pl = import_polars()
        where, parameters = self._filter(indicators, periods)
        sql = (
            f"SELECT {frame_select(self.frame_value)} FROM readings_current {where}{READING_ORDER}"
        )
        cursor = self._execute(sql, parameters)
        schema = frame_schema()
        parts = []
        while rows := cursor.fetchmany(FRAME_BATCH):
            try:  # not strict, so that whole numbers become doubles
                parts.append(pl.DataFrame(rows, schema=schema, orient="row", strict=False))
            except (pl.exceptions.PolarsError, TypeError, ValueError, OverflowError) as error:
                raise NotAFrameError.of(self.where, error) from None
        frame: polars.DataFrame = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
        return frame

    def _check_frame(self, frame: polars.DataFrame) -> polars.DataFrame:
        """The frame (its text decoded) with each period as :meth:`readings` reads it, or
        :class:`~councilpmf.store.StoreError` in the words :meth:`readings` uses for the first
        row it refuses. Each column is checked in bulk: the few distinct periods and ids by
        the core's own parsers (:meth:`_period`,
        :func:`~councilpmf.core._validate.id_problem`), the text of the other fields for the
        characters a reading refuses, status and approval against their values, a value
        beside a missing reason or neither, a missing reason that says nothing (each distinct
        one asked of :func:`~councilpmf.core.indicators.value_problem`), and a value that is
        not finite or is beyond :data:`~councilpmf.core.indicators.LARGEST_VALUE`. The rows
        found are read as :meth:`readings` reads a row it refuses (:meth:`_refuse_row`), in
        order, so that the first of them gives the message; a row found that reads after all
        is passed over."""
        pl = import_polars()
        periods = self._frame_periods(frame.get_column("period").unique().to_list())
        unread = [text for text, period in periods.items() if period is None]
        ids = frame.get_column("indicator").unique().to_list()
        reasons = frame.get_column("missing_reason").drop_nulls().unique().to_list()
        value, reason = pl.col("value"), pl.col("missing_reason")
        found = pl.any_horizontal(
            pl.col("period").is_in(unread),
            pl.col("indicator").is_in([i for i in ids if id_problem(i)]),
            ~pl.col("status").is_in(_STATUSES),
            ~pl.col("approval").is_in(_APPROVALS),
            value.is_null() == reason.is_null(),
            value.is_null() & reason.is_in([r for r in reasons if value_problem(None, r)]),
            ~value.is_finite() | (value.abs() > LARGEST_VALUE),
            *(pl.col(name).str.contains(refused) for name, refused in _TEXTS),
        ).fill_null(False)  # a value or a missing reason that is none passes these two
        for row in frame.filter(found).iter_rows():
            self._refuse_row(row)
        renamed = {text: str(p) for text, p in periods.items() if p is not None and str(p) != text}
        return frame.with_columns(pl.col("period").replace(renamed)) if renamed else frame

    def _frame_periods(self, texts: Sequence[str]) -> dict[str, Period | None]:
        """Each stored period text as :meth:`_period` reads it, or None if it does not."""
        for text in texts:
            if text not in self._periods:
                with contextlib.suppress(StoreError):  # refused with its row's name, later
                    self._periods[text] = records.period_from_text(text, self.where)
        return {text: self._periods.get(text) for text in texts}

    def _refuse_row(self, row: Sequence[Any]) -> None:
        """Read a row of the frame as :meth:`readings` reads a row that a
        :class:`~councilpmf.core.indicators.Reading` refuses (its period, then its fields as
        :func:`~councilpmf.records.reading_from_columns` reads them when they are wrong), so
        as to refuse it in the same words."""
        indicator, text, *fields = row
        records.reading_from_body(
            indicator,
            self._period(text, indicator),
            records.columns_body(*fields),
            f"{self._row_named(indicator, text)}: $",
        )

    # -- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; the data stays. Closing twice is harmless."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.where!r})"
