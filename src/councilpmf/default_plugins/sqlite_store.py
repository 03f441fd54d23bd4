"""``sqlite://``: the embedded default store, one SQLite file.

**The URL** follows SQLAlchemy's convention: what follows ``sqlite:///`` (three slashes) is the
file's path, taken as it is (no percent-decoding, and never read by SQLite as a URI:
``sqlite:///file:x.db?mode=ro`` is a file called ``file:x.db?mode=ro``).
``sqlite:///councilpmf.db`` is ``councilpmf.db`` relative to the current directory (the default
store); four slashes, ``sqlite:////srv/council/pmf.db``, make the absolute path
``/srv/council/pmf.db``.
``sqlite:///:memory:`` opens a private in-memory database that vanishes when the store is closed
(each open is a new, empty one; write-ahead logging does not apply to it). The file is created
if it does not exist (its folder must exist), except by commands that only read: the store type's
``exists`` tells them there is no store there.

**Durability and concurrency.** Every connection uses write-ahead logging (``journal_mode=WAL``:
readers never block the writer), ``synchronous=FULL`` (a commit is on disk before ``record``
returns), ``foreign_keys=ON`` and a 30-second ``busy_timeout``, so a process that finds another
writing waits its turn instead of failing. Every write is one ``BEGIN IMMEDIATE`` transaction that
reads the current revisions and writes the new ones while holding the write lock, so two
processes recording at once lose no update; any failure rolls the whole transaction back.

**The schema** (``PRAGMA user_version`` holds the version, the number of migrations applied;
``PRAGMA application_id`` marks the file as councilpmf's)::

    framework          (revision PRIMARY KEY, document JSON, saved_at, by, reason)
                       every saved revision is kept, with who saved it and why; the current
                       one is the highest
    readings_current   (indicator, start, end, seq, period, revision,
                        value, missing_reason, status, note, published_status, approval)
                       PRIMARY KEY (indicator, start, end, seq) WITHOUT ROWID,
                       UNIQUE (indicator, period), INDEX (period)
    reading_revisions  (indicator, period, revision, old JSON, new JSON, by, at, reason)
                       PRIMARY KEY (indicator, period, revision) WITHOUT ROWID,
                       FOREIGN KEY (indicator, period) to readings_current
    store_state        (name PRIMARY KEY, value): next_seq
    comparators        (document JSON, saved_at, by, reason)
                       one row: the comparator values the store keeps, as a JSON list of
                       groups ({"indicator", "period", "group", "values"}) in the order they
                       were saved, replaced whole by each save, with who saved them, when and
                       why (all three empty, and the list too, until the first save)

``period`` is the period's canonical text (``str(period)``, such as ``2024/25 Q3``) and
``start``/``end`` its ISO dates. The current readings are stored in the order ``readings()``
returns them (by indicator, then period start and end), so reading them all needs no sort;
``UNIQUE (indicator, period)`` serves lookups by indicator, and by indicator and period, and the
``period`` index queries by period alone. ``approval`` is ``draft``, ``submitted`` or
``approved``. ``seq`` counts readings in the order they were first
recorded: it orders two readings of one indicator whose periods have the same dates (quarters
of years with different starts) exactly as ``memory://`` does. A reading's ``old``/``new`` JSON
is ``{"value", "missing_reason", "status", "note", "approval"}``, with ``"published_status"``
when there is one (a revision written before version 3 has no ``approval`` and reads back
approved); ``value`` in ``readings_current`` has no
declared type, so whole numbers and decimals come back exactly as they were recorded.

**Migrations.** :data:`MIGRATIONS` is the ordered list of schema changes; migration *n* takes a
database from version *n - 1* to *n*. Opening a store applies those it has not had, in one
transaction, and refuses a database from a newer councilpmf with a :class:`StoreError`.
Version 2 adds ``published_status`` to ``readings_current``; version 3 adds ``approval`` to
``readings_current`` (every reading held before is approved, so nothing published changes) and
``by`` and ``reason`` to ``framework`` (empty for the revisions saved before); version 4 adds
``comparators``, holding no values, so a store written before keeps none until some are
saved. A release that knows fewer versions refuses a store that has had more.

Text that SQLite cannot hold (a lone surrogate, which is not valid Unicode) and whole numbers
beyond 64 bits are refused with a :class:`StoreError`; NUL characters are kept.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

from councilpmf import records
from councilpmf.core.indicators import LARGEST_VALUE, Reading
from councilpmf.core.periods import Period
from councilpmf.core.rule import Rule
from councilpmf.hookspecs import hookimpl
from councilpmf.plugin_types import StoreType
from councilpmf.sqlstore import SqlStore
from councilpmf.store import Change, Current, StoreError

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "CACHE_KIB",
    "MIGRATIONS",
    "Migration",
    "SqliteStore",
    "councilpmf_stores",
    "schema_version",
]

APPLICATION_ID = 0x43504D46  # "CPMF": marks a SQLite file as a councilpmf store
BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 65_536  # SQLite's page cache per connection: 64 MiB keeps big batches off the disk

Migration = Sequence[str | Callable[[sqlite3.Connection], None]]
"""One migration: SQL statements and Python steps (given the connection), run in order inside
the opening transaction. Never ``executescript``: it would commit half a migration."""

MIGRATIONS: tuple[Migration, ...] = (
    # 1: the first schema
    (
        """CREATE TABLE framework (
            revision INTEGER PRIMARY KEY CHECK (revision >= 1),
            document TEXT NOT NULL,
            saved_at TEXT NOT NULL
        )""",
        # one row: the number the next new reading's seq takes
        "CREATE TABLE store_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
        "INSERT INTO store_state (name, value) VALUES ('next_seq', 1)",
        # kept in the order readings() returns them, so reading them all needs no sort
        """CREATE TABLE readings_current (
            indicator TEXT NOT NULL,
            start TEXT NOT NULL,
            "end" TEXT NOT NULL,
            seq INTEGER NOT NULL,
            period TEXT NOT NULL,
            revision INTEGER NOT NULL CHECK (revision >= 1),
            value,  -- no type: whole numbers and decimals are kept exactly as given
            missing_reason TEXT,
            status TEXT NOT NULL,
            note TEXT NOT NULL,
            PRIMARY KEY (indicator, start, "end", seq),
            UNIQUE (indicator, period)
        ) WITHOUT ROWID""",
        "CREATE INDEX readings_by_period ON readings_current (period)",
        """CREATE TABLE reading_revisions (
            indicator TEXT NOT NULL,
            period TEXT NOT NULL,
            revision INTEGER NOT NULL CHECK (revision >= 1),
            old TEXT,
            new TEXT NOT NULL,
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (indicator, period, revision),
            FOREIGN KEY (indicator, period) REFERENCES readings_current (indicator, period)
        ) WITHOUT ROWID""",
    ),
    # 2: the status the council published for a reading ('' when none)
    ("ALTER TABLE readings_current ADD COLUMN published_status TEXT NOT NULL DEFAULT ''",),
    # 3: approval of readings; who saved each framework revision and why
    (
        "ALTER TABLE readings_current ADD COLUMN approval TEXT NOT NULL DEFAULT 'approved'",
        "ALTER TABLE framework ADD COLUMN by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE framework ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
    ),
    # 4: comparator values, replaced whole, with who saved them, when and why
    (
        """CREATE TABLE comparators (
            document TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            by TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
        "INSERT INTO comparators (document, saved_at, by, reason) VALUES ('[]', '', '', '')",
    ),
)

_INT64 = (-(2**63), 2**63 - 1)
_NOTHING: tuple[Reading | None, int] = (None, 0)
T = TypeVar("T")

_INSERT_CURRENT = """
    INSERT INTO readings_current
        (indicator, start, "end", seq, period, revision, value, missing_reason, status, note,
         published_status, approval)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_UPDATE_CURRENT = """
    UPDATE readings_current
    SET revision = ?, value = ?, missing_reason = ?, status = ?, note = ?, published_status = ?,
        approval = ?
    WHERE indicator = ? AND period = ?
"""
_NEXT_SEQ = "SELECT value FROM store_state WHERE name = 'next_seq'"
_SET_NEXT_SEQ = "UPDATE store_state SET value = ? WHERE name = 'next_seq'"
_INSERT_REVISION = """
    INSERT INTO reading_revisions (indicator, period, revision, old, new, by, at, reason)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
"""
_CURRENT = """
    SELECT c.revision, c.indicator, c.period, c.value, c.missing_reason, c.status, c.note,
        c.published_status, c.approval
    FROM temp.batch_keys AS b
    JOIN readings_current AS c ON c.indicator = b.indicator AND c.period = b.period
"""
_BY_INDICATOR = "indicator IN (SELECT indicator FROM temp.wanted_indicators)"
_BY_PERIOD = "period IN (SELECT period FROM temp.wanted_periods)"


def schema_version() -> int:
    """The schema version this councilpmf writes: the number of migrations."""
    return len(MIGRATIONS)


def _path_of(url: str) -> str:
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        raise StoreError(
            f"{url!r} is not a SQLite store URL; write sqlite:///relative/file.db or "
            "sqlite:////absolute/file.db"
        )
    path = url[len(prefix) :]
    if not path:
        raise StoreError(f"{url!r} names no file; write sqlite:///councilpmf.db")
    if "\0" in path:
        raise StoreError(f"{url!r}: a file name cannot hold a NUL character")
    return path


def _uri(path: str) -> str:
    """The file as an SQLite URI, so that SQLite never reads its name as one."""
    if path == ":memory:":
        return path
    return "file:" + urllib.parse.quote(os.path.abspath(path))


def _exists(url: str) -> bool:
    path = _path_of(url)
    return path == ":memory:" or os.path.isfile(path)


def _text(where: str, error: BaseException) -> str:
    if isinstance(error, UnicodeEncodeError):
        return (
            f"{where}: text that is not valid Unicode (a lone surrogate such as "
            f"{error.object[error.start : error.end]!r}) cannot be stored in SQLite"
        )
    if isinstance(error, OverflowError):
        return (
            f"{where}: a whole number too large for SQLite (beyond 64 bits); write it as a decimal"
        )
    message = str(error)
    if "file is not a database" in message:
        return f"{where}: is not a SQLite database, or is damaged"
    if "unable to open database file" in message:
        return (
            f"{where}: cannot open the database file: does its folder exist, and may you "
            "write there?"
        )
    if "readonly database" in message:
        return f"{where}: the database is read-only here; nothing was written"
    if "database is locked" in message:
        return (
            f"{where}: another process kept the database locked for more than "
            f"{BUSY_TIMEOUT_MS // 1000} seconds; nothing was written, try again"
        )
    if "disk is full" in message or "database or disk is full" in message:
        return f"{where}: the disk is full; nothing was written"
    return f"{where}: SQLite refused: {message}"


def _store_value(indicator: str, period: str, value: float | None) -> float | None:
    if isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
        raise StoreError(
            f"{indicator} {period}: the value {value} is a whole number too large for SQLite "
            "(beyond 64 bits); write it as a decimal"
        )
    return value


class SqliteStore(SqlStore):
    """A store in one SQLite file; see the module documentation."""

    driver_errors = (sqlite3.Error, UnicodeEncodeError, OverflowError)
    # The value column has no type: a value that is not a number within the limit (text,
    # which polars would read as a number when it looks like one, or a whole number the
    # frame's doubles would show otherwise) comes as bytes, which no frame's value column
    # takes, so that readings() names the row in its words.
    frame_value = (
        "CASE WHEN typeof(value) IN ('integer', 'real') "
        f"AND value BETWEEN {-LARGEST_VALUE!r} AND {LARGEST_VALUE!r} "
        "THEN value ELSE CAST(value AS BLOB) END"
    )

    def __init__(self, url: str, rules: Mapping[str, type[Rule]] | None = None) -> None:
        self._path = _path_of(url)
        super().__init__(url, rules, self._path)
        try:
            self._db = sqlite3.connect(
                _uri(self._path),
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise StoreError(_text(self._path, error)) from None
        try:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            self._version()  # before anything changes another program's database
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal" and self._path != ":memory:":
                raise StoreError(
                    f"{self._path}: SQLite cannot use write-ahead logging here (journal mode "
                    f"{mode!r}); is the file on a network drive? Use a local disk"
                )
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA cache_size = {-CACHE_KIB:d}")
            self._migrate()
            self._db.execute("CREATE TEMP TABLE wanted_indicators (indicator TEXT PRIMARY KEY)")
            self._db.execute("CREATE TEMP TABLE wanted_periods (period TEXT PRIMARY KEY)")
            self._db.execute("CREATE TEMP TABLE batch_keys (indicator TEXT, period TEXT)")
        except sqlite3.Error as error:
            self._db.close()
            raise StoreError(_text(self._path, error)) from None
        except BaseException:
            self._db.close()
            raise
        self._closed = False

    # -- the schema --------------------------------------------------------------------------

    def _version(self) -> int:
        """The schema version of a councilpmf database (0 for a new, empty one); refuses
        another program's database."""
        # One statement, so one snapshot: read one by one, another process's creation of the
        # store could commit in between and leave tables seen without the id that goes with them.
        application, version, tables = self._db.execute(
            "SELECT (SELECT application_id FROM pragma_application_id),"
            " (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM sqlite_schema)"
        ).fetchone()
        if application != APPLICATION_ID and (application or version or tables):
            raise StoreError(
                f"{self._path}: is a SQLite database, but not a councilpmf store; use a new file"
            )
        return int(version)

    def _migrate(self) -> None:
        migrations = MIGRATIONS
        with _Transaction(self._db):
            version = self._version()  # again: another process may have just created it
            if version > len(migrations):
                raise StoreError(
                    f"{self._path}: was written by a newer councilpmf (schema version "
                    f"{version}; this one knows up to {len(migrations)}); upgrade councilpmf "
                    "to use it"
                )
            for number in range(version + 1, len(migrations) + 1):
                for step in migrations[number - 1]:
                    if callable(step):
                        step(self._db)
                    else:
                        self._db.execute(step)
            if version < len(migrations):
                # PRAGMA takes no parameters; both numbers are this module's own integers
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
                self._db.execute(f"PRAGMA user_version = {len(migrations):d}")

    # -- transactions ------------------------------------------------------------------------

    def _describe(self, error: BaseException) -> str:
        return _text(self._path, error)

    def _transaction(self, operation: Callable[[], T]) -> T:
        with _Transaction(self._db):
            return operation()

    # -- readings ----------------------------------------------------------------------------

    def _lookup(self, batch: Sequence[Reading]) -> Current:
        """The current reading and revision of every reading in ``batch`` that has one."""
        self._db.execute("DELETE FROM temp.batch_keys")
        self._db.executemany(
            "INSERT INTO temp.batch_keys VALUES (?, ?)",
            ((r.indicator, _period_columns(r.period)[0]) for r in batch if isinstance(r, Reading)),
        )
        found = {}
        for revision, *row in self._db.execute(_CURRENT):
            reading = self._row(row)
            found[reading.key] = (reading, revision)
        self._db.execute("DELETE FROM temp.batch_keys")
        return lambda key: found.get(key, _NOTHING)

    def _write(self, changes: Sequence[Change], by: str, at: str, reason: str) -> None:
        fresh = [change for change in changes if change.old is None]
        if fresh:
            first = int(self._db.execute(_NEXT_SEQ).fetchone()[0])
            self._db.executemany(_INSERT_CURRENT, _new_rows(fresh, first))
            self._db.execute(_SET_NEXT_SEQ, (first + len(fresh),))
        if len(fresh) < len(changes):
            changed = (change for change in changes if change.old is not None)
            self._db.executemany(_UPDATE_CURRENT, _changed_rows(changed))
        self._db.executemany(_INSERT_REVISION, _revision_rows(changes, by, at, reason))

    def _filter(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> tuple[str, Sequence[Any]]:
        where = []
        if indicators is not None:
            self._db.execute("DELETE FROM temp.wanted_indicators")
            self._db.executemany(
                "INSERT INTO temp.wanted_indicators VALUES (?)", ((i,) for i in indicators)
            )
            where.append(_BY_INDICATOR)
        if periods is not None:
            self._db.execute("DELETE FROM temp.wanted_periods")
            self._db.executemany(
                "INSERT INTO temp.wanted_periods VALUES (?)", ((str(p),) for p in periods)
            )
            where.append(_BY_PERIOD)
        return ("WHERE " + " AND ".join(where) if where else ""), ()


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any failure."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self._db.execute("COMMIT")
        elif self._db.in_transaction:  # some errors have already rolled back
            self._db.execute("ROLLBACK")


@functools.lru_cache(maxsize=4096)
def _period_columns(period: Period) -> tuple[str, str, str]:
    return str(period), period.start.isoformat(), period.end.isoformat()


def _new_rows(changes: Iterable[Change], first_seq: int) -> Iterator[tuple[Any, ...]]:
    for seq, change in enumerate(changes, start=first_seq):
        reading = change.new
        text, start, end = _period_columns(reading.period)
        yield (
            reading.indicator,
            start,
            end,
            seq,
            text,
            change.revision,
            _store_value(reading.indicator, text, reading.value),
            reading.missing_reason,
            reading.status.value,
            reading.note,
            reading.published_status,
            reading.approval.value,
        )


def _changed_rows(changes: Iterable[Change]) -> Iterator[tuple[Any, ...]]:
    for change in changes:
        reading = change.new
        text = _period_columns(reading.period)[0]
        yield (
            change.revision,
            _store_value(reading.indicator, text, reading.value),
            reading.missing_reason,
            reading.status.value,
            reading.note,
            reading.published_status,
            reading.approval.value,
            reading.indicator,
            text,
        )


def _revision_rows(
    changes: Sequence[Change], by: str, at: str, reason: str
) -> Iterator[tuple[Any, ...]]:
    for change in changes:
        new = change.new
        yield (
            new.indicator,
            _period_columns(new.period)[0],
            change.revision,
            None if change.old is None else records.reading_json(change.old),
            records.reading_json(new),
            by,
            at,
            reason,
        )


@hookimpl
def councilpmf_stores() -> list[StoreType]:
    """The ``sqlite://`` store."""
    return [
        StoreType(
            scheme="sqlite",
            open=SqliteStore,
            exists=_exists,
            description="One SQLite file, the embedded default: sqlite:///councilpmf.db",
        )
    ]
