"""councilpmf-postgres: ``postgresql://`` stores, one shared store for a whole council.

**The URL** is a libpq connection URI, passed to the server as it is:
``postgresql://officer@db.council.internal/pmf`` (``postgres://`` works too). What it leaves
out comes from the standard ``PG*`` environment variables (``PGHOST``, ``PGUSER``,
``PGPASSFILE``, ``PGSERVICE``...) and ``~/.pgpass``, exactly as for ``psql``, so a password never
needs to be in the URL or on a command line. ``?options=-csearch_path%3Dtenant1`` keeps the store
in the schema ``tenant1`` (which must exist) instead of ``public``.

**Concurrency.** Every write is one ``SERIALIZABLE`` transaction that reads the current
revisions and writes the new ones; one that the server cancels because another got there first
(SQLSTATE ``40001`` or ``40P01``) is run again from the start, at most :data:`MAX_ATTEMPTS`
times, with a short random pause that grows each time. Run again, it sees the other writer's
revisions, so a stale ``expected`` revision raises :class:`~councilpmf.store.ConflictError` and
nothing is written; no update is lost.

**The schema** (version 1; ``schema_version`` has one row per migration applied)::

    schema_version     (version PRIMARY KEY, applied_at)
    framework          (revision PRIMARY KEY, document JSON text, saved_at)
    store_state        (name PRIMARY KEY, value): next_seq
    readings_current   (indicator COLLATE "C", start date, "end" date, seq, period, revision,
                        value double precision, whole numeric, missing_reason, status, note)
                       PRIMARY KEY (indicator, start, "end", seq),
                       UNIQUE (indicator, period), INDEX (period)
    reading_revisions  (indicator, period, revision, old JSON text, new JSON text, by, at, reason)
                       PRIMARY KEY (indicator, period, revision),
                       FOREIGN KEY (indicator, period) to readings_current

The semantics and order are those of ``sqlite://``: ``readings()`` comes back by indicator (in
code-point order, hence ``COLLATE "C"``), then period start and end, then ``seq``, the order in
which readings were first recorded. ``value`` is every number as a double, for anyone querying
the tables; ``whole`` also holds it exactly when it was recorded as a whole number, so whole
numbers and decimals come back as they were recorded. PostgreSQL text cannot hold a NUL
character, so in the text columns NUL is kept as ``\\x01\\x01`` and ``\\x01`` as ``\\x01\\x02``
(an encoding that keeps the order); text with neither is stored as it is.

**Migrations.** :data:`MIGRATIONS` is the ordered list of schema changes; migration *n* takes a
store from version *n - 1* to *n*. Opening a store that is behind applies what it has not had in
one transaction, holding a transaction-level advisory lock so that two processes opening at once
do not both migrate; a store written by a newer councilpmf-postgres is refused with a
:class:`~councilpmf.store.StoreError`. A role that may not create tables (an officer's) opens an
up-to-date store without needing to.
"""

from __future__ import annotations

import functools
import json
import random
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors

from councilpmf.core.actions import ActionUpdate
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading, ReadingRevision
from councilpmf.core.periods import Period
from councilpmf.default_plugins import _serial
from councilpmf.hookspecs import hookimpl
from councilpmf.plugin_types import StoreType
from councilpmf.store import (
    Change,
    NotFoundError,
    ReadingKey,
    RecordSummary,
    StoreBase,
    StoreError,
    add_action_update,
    now,
    plan_changes,
    stale_framework,
)

__all__ = [
    "LOCK_KEY",
    "MAX_ATTEMPTS",
    "MIGRATIONS",
    "PostgresStore",
    "councilpmf_stores",
    "decode_text",
    "encode_text",
    "schema_version",
]

__version__ = "0.1.0"

T = TypeVar("T")

LOCK_KEY = 0x43504D46  # "CPMF": the advisory lock migrations hold, with the schema's hash
MAX_ATTEMPTS = 10
"""How many times a write the server cancelled (serialization failure, deadlock) is tried."""
MAX_RETRY_SECONDS = 10.0
"""How long a write keeps trying after such failures before giving up."""
RETRYABLE = ("40001", "40P01")

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first schema
    (
        """CREATE TABLE framework (
            revision integer PRIMARY KEY CHECK (revision >= 1),
            document text NOT NULL,
            saved_at text NOT NULL
        )""",
        "CREATE TABLE store_state (name text PRIMARY KEY, value bigint NOT NULL)",
        "INSERT INTO store_state (name, value) VALUES ('next_seq', 1)",
        """CREATE TABLE readings_current (
            indicator text COLLATE "C" NOT NULL,
            start date NOT NULL,
            "end" date NOT NULL,
            seq bigint NOT NULL,
            period text COLLATE "C" NOT NULL,
            revision integer NOT NULL CHECK (revision >= 1),
            value double precision,
            whole numeric,
            missing_reason text,
            status text NOT NULL,
            note text NOT NULL,
            PRIMARY KEY (indicator, start, "end", seq),
            UNIQUE (indicator, period)
        )""",
        "CREATE INDEX readings_by_period ON readings_current (period)",
        """CREATE TABLE reading_revisions (
            indicator text COLLATE "C" NOT NULL,
            period text COLLATE "C" NOT NULL,
            revision integer NOT NULL CHECK (revision >= 1),
            old text,
            new text NOT NULL,
            by text NOT NULL,
            at text NOT NULL,
            reason text NOT NULL,
            PRIMARY KEY (indicator, period, revision),
            FOREIGN KEY (indicator, period) REFERENCES readings_current (indicator, period)
        )""",
    ),
)

_TABLES = ("framework", "store_state", "readings_current", "reading_revisions")
_NOTHING: tuple[Reading | None, int] = (None, 0)
_SELECT = (
    "SELECT indicator, period, value, whole, missing_reason, status, note FROM readings_current"
)
_ORDER = ' ORDER BY indicator, start, "end", seq'
_CURRENT = (
    "SELECT c.revision, c.indicator, c.period, c.value, c.whole, c.missing_reason, c.status, "
    "c.note FROM readings_current AS c "
    "JOIN unnest(%s::text[], %s::text[]) AS b (indicator, period) "
    'ON c.indicator = b.indicator COLLATE "C" AND c.period = b.period COLLATE "C"'
)


def schema_version() -> int:
    """The schema version this plugin writes: the number of migrations."""
    return len(MIGRATIONS)


def encode_text(text: str) -> str:
    r"""``text`` as PostgreSQL can hold it: NUL becomes ``\x01\x01`` and ``\x01`` becomes
    ``\x01\x02``; the order of encoded texts is the order of the texts.

    >>> encode_text("a\x00b\x01c")
    'a\x01\x01b\x01\x02c'
    >>> decode_text(encode_text("a\x00b\x01c")) == "a\x00b\x01c"
    True
    """
    if "\x00" in text or "\x01" in text:
        return text.replace("\x01", "\x01\x02").replace("\x00", "\x01\x01")
    return text


def decode_text(text: str) -> str:
    """The text :func:`encode_text` encoded."""
    if "\x01" not in text:
        return text
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\x01" and i + 1 < len(text):
            out.append("\x00" if text[i + 1] == "\x01" else "\x01")
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _maybe(text: str | None) -> str | None:
    return None if text is None else encode_text(text)


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "postgresql://..."


def _text(where: str, error: BaseException) -> str:
    if isinstance(error, UnicodeEncodeError):
        return (
            f"{where}: text that is not valid Unicode (a lone surrogate such as "
            f"{error.object[error.start : error.end]!r}) cannot be stored in PostgreSQL"
        )
    if isinstance(error, pg_errors.InsufficientPrivilege):
        return (
            f"{where}: this role may not do that ({str(error).strip()}); an officer's role "
            "reads and records, the owner's role creates and upgrades the tables"
        )
    if isinstance(error, psycopg.OperationalError):
        return f"{where}: cannot reach the PostgreSQL server: {str(error).strip()}"
    return f"{where}: PostgreSQL refused: {str(error).strip()}"


def _value_columns(value: float | None) -> tuple[float | None, int | None]:
    if value is None:
        return None, None
    if isinstance(value, int):
        try:
            return float(value), int.__int__(value)
        except OverflowError:
            return None, int.__int__(value)
    return float.__float__(value), None


@functools.lru_cache(maxsize=4096)
def _period_columns(period: Period) -> tuple[str, Any, Any]:
    return str(period), period.start, period.end


class PostgresStore(StoreBase):
    """A store in a PostgreSQL database (or one schema of it); see the module documentation."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._closed = True
        self._where = _redacted(url)
        self._lock = threading.Lock()
        self._periods: dict[str, Period] = {}
        if not url.startswith(("postgresql://", "postgres://")):
            raise StoreError(
                f"{self._where!r} is not a PostgreSQL store URL; write "
                "postgresql://user@host/database"
            )
        try:
            self._db = psycopg.connect(url, autocommit=True)
        except (psycopg.Error, ValueError) as error:
            raise StoreError(_text(self._where, error)) from None
        try:
            self._migrate()
        except psycopg.Error as error:
            self._db.close()
            raise StoreError(_text(self._where, error)) from None
        except BaseException:
            self._db.close()
            raise
        self._closed = False

    # -- the schema ----------------------------------------------------------------------------

    def _version(self) -> int:
        """The schema version of the store (0 when it has no tables yet); refuses a schema that
        holds this plugin's table names but no version."""
        # pg_class read with this statement's snapshot: to_regclass() could answer from a
        # catalog cache that has not yet seen a table another opener just committed
        present = {
            name
            for (name,) in self._db.execute(
                "SELECT c.relname FROM pg_catalog.pg_class AS c "
                "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relname = ANY(%s::text[])",
                (["schema_version", *_TABLES],),
            )
        }
        if "schema_version" in present:
            got = self._db.execute("SELECT max(version) FROM schema_version").fetchone()
            return int(got[0] or 0) if got is not None else 0
        if present:
            raise StoreError(
                f"{self._where}: holds tables named like a councilpmf store's but no "
                "schema_version; use a new database or schema"
            )
        return 0

    def _check_not_newer(self, version: int) -> None:
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self._where}: was written by a newer councilpmf-postgres (schema version "
                f"{version}; this one knows up to {len(MIGRATIONS)}); upgrade "
                "councilpmf-postgres to use it"
            )

    def _migrate(self) -> None:
        version = self._version()
        self._check_not_newer(version)
        if version == len(MIGRATIONS):
            return  # nothing to do, and no need of the right to create tables
        self._db.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
        with self._db.transaction():
            self._db.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", (LOCK_KEY,)
            )
            version = self._version()  # again: another process may have just migrated
            self._check_not_newer(version)
            if version == 0:
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version ("
                    "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
                )
            for number in range(version + 1, len(MIGRATIONS) + 1):
                for step in MIGRATIONS[number - 1]:
                    self._db.execute(step.encode())
                self._db.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))

    # -- transactions --------------------------------------------------------------------------

    def _run(self, operation: Callable[[], T], *, write: bool = False) -> T:
        """Run ``operation`` holding the connection (in a serializable transaction when it
        writes, tried again when the server cancels it), with errors in words."""
        self._guard()
        with self._lock:
            if not write:
                try:
                    return operation()
                except (psycopg.Error, UnicodeEncodeError) as error:
                    raise StoreError(_text(self._where, error)) from None
            give_up = time.monotonic() + MAX_RETRY_SECONDS
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    self._db.isolation_level = psycopg.IsolationLevel.SERIALIZABLE
                    with self._db.transaction():
                        return operation()
                except (pg_errors.SerializationFailure, pg_errors.DeadlockDetected) as error:
                    if attempt == MAX_ATTEMPTS or time.monotonic() >= give_up:
                        raise StoreError(
                            f"{self._where}: too many others were writing at once ("
                            f"{attempt} tries); nothing was written, try again"
                        ) from error
                    time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
                except (psycopg.Error, UnicodeEncodeError) as error:
                    raise StoreError(_text(self._where, error)) from None
            raise AssertionError("unreachable")  # pragma: no cover

    # -- the framework -------------------------------------------------------------------------

    def _framework(self) -> tuple[Framework, int]:
        row = self._db.execute(
            "SELECT revision, document FROM framework ORDER BY revision DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise NotFoundError(f"{self.url} holds no framework yet; load one first")
        revision, document = row
        source = f"{self._where} (framework revision {revision})"
        try:
            data = json.loads(document)
        except (TypeError, json.JSONDecodeError):
            raise StoreError(f"{source}: $: the framework is not valid JSON") from None
        return _serial.framework_from_data(data, source), int(revision)

    def _save(self, framework: Framework, expected_revision: int) -> int:
        row = self._db.execute("SELECT max(revision) FROM framework").fetchone()
        revision = int(row[0] or 0) if row is not None else 0
        if expected_revision != revision:
            raise stale_framework(revision, expected_revision)
        document = json.dumps(_serial.framework_data(framework), ensure_ascii=False)
        self._db.execute(
            "INSERT INTO framework (revision, document, saved_at) VALUES (%s, %s, %s)",
            (revision + 1, document, now()),
        )
        return revision + 1

    def load_framework(self) -> tuple[Framework, int]:
        """The framework and its revision."""
        return self._run(self._framework)

    def save_framework(self, framework: Framework, expected_revision: int) -> int:
        """Save the framework if nobody saved since ``expected_revision``."""
        self._guard()
        if not isinstance(framework, Framework):
            raise StoreError(f"only a Framework can be saved, not {type(framework).__name__}")
        return self._run(lambda: self._save(framework, expected_revision), write=True)

    def record_action_update(self, ref: str, update: ActionUpdate, expected_revision: int) -> int:
        """Add a dated update to an action, as a new framework revision."""
        self._guard()
        if not isinstance(update, ActionUpdate):
            raise StoreError(f"only an ActionUpdate can be added, not {type(update).__name__}")

        def save() -> int:
            framework, _ = self._framework()
            return self._save(add_action_update(framework, ref, update), expected_revision)

        return self._run(save, write=True)

    # -- readings ------------------------------------------------------------------------------

    def _reading(self, row: Sequence[Any]) -> Reading:
        indicator, text, real, whole, reason, status, note = row
        indicator = decode_text(indicator)
        period = self._periods.get(text)
        if period is None:
            period = self._periods[text] = _serial.period_from_text(
                text, f"{self._where}: readings_current ({indicator!r}, {text!r}): period"
            )
        value = real if whole is None else int(whole)
        return _serial.reading_from_columns(
            indicator,
            period,
            value,
            None if reason is None else decode_text(reason),
            status,
            decode_text(note),
            lambda: f"{self._where}: readings_current ({indicator!r}, {text!r}): $",
        )

    def _current(self, batch: list[Reading]) -> dict[ReadingKey, tuple[Reading, int]]:
        keys = [r for r in batch if isinstance(r, Reading)]
        if not keys:
            return {}
        indicators = [encode_text(r.indicator) for r in keys]
        periods = [_period_columns(r.period)[0] for r in keys]
        found = {}
        for revision, *row in self._db.execute(_CURRENT, (indicators, periods)):
            reading = self._reading(row)
            found[reading.key] = (reading, int(revision))
        return found

    def record(
        self,
        readings: Iterable[Reading],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> RecordSummary:
        """Record readings in one transaction; a changed value becomes a new revision."""
        self._guard()
        self._check_author(by, reason)
        batch = list(readings)

        def write() -> RecordSummary:
            found = self._current(batch)
            changes, summary = plan_changes(batch, lambda key: found.get(key, _NOTHING), expected)
            if changes:
                self._write(changes, by, now(), reason)
            return summary

        return self._run(write, write=True)

    def _write(self, changes: Sequence[Change], by: str, at: str, reason: str) -> None:
        fresh = [change for change in changes if change.old is None]
        with self._db.cursor() as cursor:
            if fresh:
                # the row lock on next_seq also queues writers adding readings one after another
                row = cursor.execute(
                    "UPDATE store_state SET value = value + %s WHERE name = 'next_seq' "
                    "RETURNING value",
                    (len(fresh),),
                ).fetchone()
                assert row is not None
                first = int(row[0]) - len(fresh)
                with cursor.copy(
                    'COPY readings_current (indicator, start, "end", seq, period, revision, '
                    "value, whole, missing_reason, status, note) FROM STDIN"
                ) as copy:
                    for row_values in _new_rows(fresh, first):
                        copy.write_row(row_values)
            if len(fresh) < len(changes):
                changed = [change for change in changes if change.old is not None]
                cursor.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS councilpmf_changed ("
                    'indicator text COLLATE "C", period text COLLATE "C", revision integer, '
                    "value double precision, whole numeric, missing_reason text, status text, "
                    "note text) ON COMMIT DELETE ROWS"
                )
                with cursor.copy("COPY councilpmf_changed FROM STDIN") as copy:
                    for row_values in _changed_rows(changed):
                        copy.write_row(row_values)
                cursor.execute(
                    "UPDATE readings_current AS c SET revision = n.revision, value = n.value, "
                    "whole = n.whole, missing_reason = n.missing_reason, status = n.status, "
                    "note = n.note FROM councilpmf_changed AS n "
                    "WHERE c.indicator = n.indicator AND c.period = n.period"
                )
            with cursor.copy(
                "COPY reading_revisions (indicator, period, revision, old, new, by, at, reason) "
                "FROM STDIN"
            ) as copy:
                for row_values in _revision_rows(changes, by, at, reason):
                    copy.write_row(row_values)

    def readings(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> tuple[Reading, ...]:
        """Current readings, by indicator then period."""
        self._guard()
        wanted_indicators = None if indicators is None else set(indicators)
        wanted_periods = None if periods is None else set(periods)

        def read() -> tuple[Reading, ...]:
            where = []
            params: list[Any] = []
            if wanted_indicators is not None:
                ids = [encode_text(i) for i in wanted_indicators if isinstance(i, str)]
                if not ids:
                    return ()
                where.append("indicator = ANY(%s::text[])")
                params.append(ids)
            if wanted_periods is not None:
                texts = [str(p) for p in wanted_periods if isinstance(p, Period)]
                if not texts:
                    return ()
                where.append("period = ANY(%s::text[])")
                params.append(texts)
            sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + _ORDER
            with self._db.cursor() as cursor:
                cursor.execute(sql.encode(), params)
                return tuple(map(self._reading, cursor.fetchall()))

        return self._run(read)

    def revision(self, indicator: str, period: Period) -> int:
        """The current revision of one reading; 0 when it was never recorded."""
        self._guard()
        if not isinstance(indicator, str) or not isinstance(period, Period):
            return 0

        def read() -> int:
            row = self._db.execute(
                "SELECT revision FROM readings_current WHERE indicator = %s AND period = %s",
                (encode_text(indicator), str(period)),
            ).fetchone()
            return 0 if row is None else int(row[0])

        return self._run(read)

    def history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        """Every revision of one reading, oldest first."""
        self._guard()
        if not isinstance(indicator, str) or not isinstance(period, Period):
            return ()

        def read() -> tuple[ReadingRevision, ...]:
            rows = self._db.execute(
                "SELECT revision, old, new, by, at, reason FROM reading_revisions "
                "WHERE indicator = %s AND period = %s ORDER BY revision",
                (encode_text(indicator), str(period)),
            ).fetchall()
            return tuple(self._revision(indicator, period, row) for row in rows)

        return self._run(read)

    def _revision(self, indicator: str, period: Period, row: Sequence[Any]) -> ReadingRevision:
        number, old, new, by, at, reason = row
        where = f"{self._where}: reading_revisions ({indicator!r}, {str(period)!r}, {number})"
        return _serial.revision_of(
            indicator,
            period,
            number,
            None
            if old is None
            else _serial.reading_from_json(indicator, period, old, f"{where}: $.old"),
            _serial.reading_from_json(indicator, period, new, f"{where}: $.new"),
            decode_text(by),
            at,
            decode_text(reason),
            where,
        )

    # -- closing -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; the data stays. Closing twice is harmless."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self._where!r})"


def _new_rows(changes: Iterable[Change], first_seq: int) -> Iterator[tuple[Any, ...]]:
    for seq, change in enumerate(changes, start=first_seq):
        reading = change.new
        text, start, end = _period_columns(reading.period)
        real, whole = _value_columns(reading.value)
        yield (
            encode_text(reading.indicator),
            start,
            end,
            seq,
            text,
            change.revision,
            real,
            whole,
            _maybe(reading.missing_reason),
            reading.status.value,
            encode_text(reading.note),
        )


def _changed_rows(changes: Iterable[Change]) -> Iterator[tuple[Any, ...]]:
    for change in changes:
        reading = change.new
        real, whole = _value_columns(reading.value)
        yield (
            encode_text(reading.indicator),
            _period_columns(reading.period)[0],
            change.revision,
            real,
            whole,
            _maybe(reading.missing_reason),
            reading.status.value,
            encode_text(reading.note),
        )


def _revision_rows(
    changes: Sequence[Change], by: str, at: str, reason: str
) -> Iterator[tuple[Any, ...]]:
    by_text, reason_text = encode_text(by), encode_text(reason)
    for change in changes:
        new = change.new
        yield (
            encode_text(new.indicator),
            _period_columns(new.period)[0],
            change.revision,
            None if change.old is None else _serial.reading_json(change.old),
            _serial.reading_json(new),
            by_text,
            at,
            reason_text,
        )


@hookimpl
def councilpmf_stores() -> list[StoreType]:
    """The ``postgresql://`` store (also ``postgres://``)."""
    description = "A PostgreSQL database shared by a whole council: postgresql://user@host/db"
    return [
        StoreType(scheme="postgresql", open=PostgresStore, description=description),
        StoreType(scheme="postgres", open=PostgresStore, description=description),
    ]
