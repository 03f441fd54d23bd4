"""councilpmf-postgres: ``postgresql://`` stores, one shared store for a whole council.

**The URL** is a libpq connection URI, passed to the server as it is:
``postgresql://officer@db.council.internal/pmf`` (``postgres://`` works too). What it leaves
out comes from the standard ``PG*`` environment variables (``PGHOST``, ``PGUSER``,
``PGPASSFILE``, ``PGSERVICE``...) and ``~/.pgpass``, exactly as for ``psql``, so a password never
needs to be in the URL or on a command line. ``?options=-csearch_path%3Dtenant1`` keeps the store
in the schema ``tenant1`` (which must exist) instead of ``public``. Commands that only read
(``report``, ``validate``, ``diff``) refuse a database or schema that holds no store yet, and
create nothing there.

**Concurrency.** Every write is one ``SERIALIZABLE`` transaction that reads the current
revisions and writes the new ones; one that the server cancels because another got there first
(SQLSTATE ``40001`` or ``40P01``) is run again from the start, at most :data:`MAX_ATTEMPTS`
times, with a short random pause that grows each time. Run again, it sees the other writer's
revisions, so a stale ``expected`` revision raises :class:`~councilpmf.store.ConflictError` and
nothing is written; no update is lost.

**The schema** (version 4; ``schema_version`` has one row per migration applied)::

    schema_version     (version PRIMARY KEY, applied_at)
    framework          (revision PRIMARY KEY, document JSON text, saved_at, by, reason)
    store_state        (name PRIMARY KEY, value): next_seq
    readings_current   (indicator COLLATE "C", start date, "end" date, seq, period, revision,
                        value double precision, whole numeric, missing_reason, status, note,
                        published_status, approval)
                       PRIMARY KEY (indicator, start, "end", seq),
                       UNIQUE (indicator, period), INDEX (period)
    reading_revisions  (indicator, period, revision, old JSON text, new JSON text, by, at, reason)
                       PRIMARY KEY (indicator, period, revision),
                       FOREIGN KEY (indicator, period) to readings_current
    comparators        (document JSON text, saved_at, by, reason): one row, the comparator
                       values, replaced whole by each save (an update of the row)

The semantics and order are those of ``sqlite://``: ``readings()`` comes back by indicator (in
code-point order, hence ``COLLATE "C"``), then period start and end, then ``seq``, the order in
which readings were first recorded. ``value`` is every number as a double, for anyone querying
the tables; ``whole`` also holds it exactly when it was recorded as a whole number, so whole
numbers and decimals come back as they were recorded. PostgreSQL text cannot hold a NUL
character, so in the text columns NUL is kept as ``\\x01\\x01`` and ``\\x01`` as ``\\x01\\x02``
(an encoding that keeps the order); text with neither is stored as it is.

**Migrations.** :data:`MIGRATIONS` is the ordered list of schema changes; migration *n* takes a
store from version *n - 1* to *n*. Opening a store that is behind applies what it has not had in
one transaction (version 2 adds ``published_status`` to ``readings_current``, empty for
the readings held before; version 3 adds ``approval``, every reading held
before being approved, and ``by`` and ``reason`` to ``framework``, empty for the revisions
saved before; version 4 adds ``comparators``, holding no values, so a store written before
keeps none until some are saved), holding a transaction-level advisory lock so that two
processes opening at once do not both migrate; a store written by a newer councilpmf-postgres
is refused with a :class:`~councilpmf.store.StoreError`. A role that may not create tables (an
officer's) opens an up-to-date store without needing to.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg
from psycopg import errors as pg_errors

from councilpmf import records
from councilpmf.core.indicators import LARGEST_VALUE, Reading
from councilpmf.core.periods import Period
from councilpmf.core.rule import Rule
from councilpmf.hookspecs import hookimpl
from councilpmf.plugin_types import StoreType
from councilpmf.sqlstore import READING_ORDER, NotAFrameError, SqlStore, frame_select
from councilpmf.store import (
    Change,
    Current,
    StoreError,
    frame_schema,
    import_polars,
    readings_frame_of,
    without_password,
)

if TYPE_CHECKING:
    import polars

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
MAX_ATTEMPTS = 25
"""How many times a write the server cancelled (serialization failure, deadlock) is tried."""
MAX_RETRY_SECONDS = 30.0
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
    # 2: the status the council published for a reading ('' when none)
    ("ALTER TABLE readings_current ADD COLUMN published_status text NOT NULL DEFAULT ''",),
    # 3: approval of readings; who saved each framework revision and why
    (
        "ALTER TABLE readings_current ADD COLUMN approval text NOT NULL DEFAULT 'approved'",
        "ALTER TABLE framework ADD COLUMN by text NOT NULL DEFAULT ''",
        "ALTER TABLE framework ADD COLUMN reason text NOT NULL DEFAULT ''",
    ),
    # 4: comparator values, replaced whole, with who saved them, when and why
    (
        """CREATE TABLE comparators (
            document text NOT NULL,
            saved_at text NOT NULL,
            by text NOT NULL,
            reason text NOT NULL
        )""",
        "INSERT INTO comparators (document, saved_at, by, reason) VALUES ('[]', '', '', '')",
    ),
)

_TABLES = ("framework", "store_state", "readings_current", "reading_revisions", "comparators")
_NOTHING: tuple[Reading | None, int] = (None, 0)
_ENCODED_TEXTS = ("indicator", "missing_reason", "note", "published_status")
_CURRENT = (
    "SELECT c.revision, c.indicator, c.period, c.value, c.whole, c.missing_reason, c.status, "
    "c.note, c.published_status, c.approval "
    "FROM unnest(%s::text[], %s::text[]) AS b (indicator, period) "
    "CROSS JOIN LATERAL (SELECT * FROM readings_current AS r "
    'WHERE r.indicator = b.indicator COLLATE "C" AND r.period = b.period COLLATE "C" '
    "LIMIT 1) AS c"
)
"""The current rows of a batch's keys. The ``LIMIT 1`` (a key has one row) keeps the planner
from turning the look-up into a join, which it plans as a hash join over the whole table once a
few thousand keys meet a large table; so each key is one probe of the unique (indicator,
period) index, whatever the table's statistics."""
_UPDATE = (
    "UPDATE readings_current AS c SET revision = n.revision, value = n.value, whole = n.whole, "
    "missing_reason = n.missing_reason, status = n.status, note = n.note, "
    "published_status = n.published_status, approval = n.approval "
    "FROM councilpmf_changed AS n CROSS JOIN LATERAL (SELECT r.ctid FROM readings_current AS r "
    "WHERE r.indicator = n.indicator AND r.period = n.period LIMIT 1) AS k WHERE c.ctid = k.ctid"
)
"""The update of a call's revised readings from the temporary table ``councilpmf_changed``. As
in :data:`_CURRENT`, each row's key is a lateral ``LIMIT 1`` probe of the unique (indicator,
period) index, and its row is then reached by its ``ctid``: a join on the key (the temporary
table is never analysed) was planned as a hash join over the whole table once the table's
statistics were current. The ``ctid`` is that of the row this statement's snapshot sees, as
the join's was, so a row another transaction changed since is a serialization failure, as
before."""


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


def _present(db: psycopg.Connection[Any]) -> set[str]:
    """Which of the store's tables (``schema_version`` among them) the current schema holds."""
    return {
        name
        for (name,) in db.execute(
            "SELECT c.relname FROM pg_catalog.pg_class AS c "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = ANY(%s::text[])",
            (["schema_version", *_TABLES],),
        )
    }


def _exists(url: str) -> bool:
    """Whether the database (the schema its ``search_path`` names first) holds a store: a
    command that only reads refuses a URL where none is, instead of creating one there."""
    try:
        with psycopg.connect(url, autocommit=True) as db:
            return "schema_version" in _present(db)
    except (psycopg.Error, ValueError) as error:
        raise StoreError(_text(without_password(url), error)) from None


class PostgresStore(SqlStore):
    """A store in a PostgreSQL database (or one schema of it); see the module documentation."""

    placeholder = "%s"
    reading_columns = (
        "indicator, period, value, whole, missing_reason, status, note, published_status, approval"
    )
    driver_errors = (psycopg.Error, UnicodeEncodeError)
    # A whole number is read from ``whole``, as readings() reads it (truncated, as int()
    # does); one beyond the limit, or not a number, comes as text no frame's value column
    # takes, so that readings() names the row in its words.
    frame_value = (
        "CASE WHEN whole IS NULL THEN value::text "
        f"WHEN abs(trunc(whole)) <= {LARGEST_VALUE!r} THEN trunc(whole)::text "
        "ELSE 'whole ' || whole::text END"
    )

    def __init__(self, url: str, rules: Mapping[str, type[Rule]] | None = None) -> None:
        super().__init__(url, rules, without_password(url))
        if not url.startswith(("postgresql://", "postgres://")):
            raise StoreError(
                f"{self.where!r} is not a PostgreSQL store URL; write "
                "postgresql://user@host/database"
            )
        try:
            self._db = psycopg.connect(url, autocommit=True)
        except (psycopg.Error, ValueError) as error:
            raise StoreError(_text(self.where, error)) from None
        try:
            self._migrate()
        except psycopg.Error as error:
            self._db.close()
            raise StoreError(_text(self.where, error)) from None
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
        present = _present(self._db)
        if "schema_version" in present:
            got = self._db.execute("SELECT max(version) FROM schema_version").fetchone()
            return int(got[0] or 0) if got is not None else 0
        if present:
            raise StoreError(
                f"{self.where}: holds tables named like a councilpmf store's but no "
                "schema_version; use a new database or schema"
            )
        return 0

    def _check_not_newer(self, version: int) -> None:
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.where}: was written by a newer councilpmf-postgres (schema version "
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

    def _describe(self, error: BaseException) -> str:
        return _text(self.where, error)

    def _transaction(self, operation: Callable[[], T]) -> T:
        """Run ``operation`` in a serializable transaction, tried again when the server
        cancels it."""
        give_up = time.monotonic() + MAX_RETRY_SECONDS
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                self._db.isolation_level = psycopg.IsolationLevel.SERIALIZABLE
                with self._db.transaction():
                    return operation()
            except (pg_errors.SerializationFailure, pg_errors.DeadlockDetected) as error:
                if attempt == MAX_ATTEMPTS or time.monotonic() >= give_up:
                    raise StoreError(
                        f"{self.where}: too many others were writing at once ("
                        f"{attempt} tries); nothing was written, try again"
                    ) from error
                time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
        raise AssertionError("unreachable")  # pragma: no cover

    # -- readings ------------------------------------------------------------------------------

    def _encode(self, text: str) -> str:
        return encode_text(text)

    def _decode(self, text: str) -> str:
        return decode_text(text)

    def _row(self, row: Sequence[Any]) -> Reading:
        indicator, text, real, whole, reason, status, note, published, approval = row
        return self._reading(
            decode_text(indicator),
            text,
            real if whole is None else int(whole) if whole.is_finite() else whole,
            None if reason is None else decode_text(reason),
            status,
            decode_text(note),
            decode_text(published),
            approval,
        )

    def _frame(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> polars.DataFrame:
        """The rows as CSV from ``COPY ... TO STDOUT``, parsed by polars: no Python object per
        row or value. Texts are quoted, so an empty text and a null stay apart."""
        pl = import_polars()
        where, parameters = self._filter(indicators, periods)
        sql = (
            f"COPY (SELECT {frame_select(self.frame_value)} FROM readings_current "
            f"{where}{READING_ORDER}) TO STDOUT "
            "(FORMAT csv, FORCE_QUOTE (indicator, period, missing_reason, status, note, "
            "published_status, approval))"
        )
        data = bytearray()
        with self._db.cursor() as cursor, cursor.copy(self._sql(sql), parameters) as copy:
            for chunk in copy:
                data += chunk
        if not data:
            return readings_frame_of(())
        try:
            frame: polars.DataFrame = pl.read_csv(
                bytes(data),
                has_header=False,
                schema=frame_schema(),
                quote_char='"',
                encoding="utf8",
            )
        except pl.exceptions.PolarsError as error:
            raise NotAFrameError.of(self.where, error) from None
        return frame

    def _frame_text(self, frame: polars.DataFrame) -> polars.DataFrame:
        """The text columns decoded as :func:`decode_text` does, column by column."""
        pl = import_polars()
        return frame.with_columns(
            pl.col(name)
            .str.replace_all("\x01\x01", "\x00", literal=True)
            .str.replace_all("\x01\x02", "\x01", literal=True)
            for name in _ENCODED_TEXTS
        )

    def _filter(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> tuple[str, Sequence[Any]]:
        where = []
        parameters: list[Any] = []
        if indicators is not None:
            where.append("indicator = ANY(?::text[])")
            parameters.append([encode_text(i) for i in indicators])
        if periods is not None:
            where.append("period = ANY(?::text[])")
            parameters.append([str(p) for p in periods])
        return ("WHERE " + " AND ".join(where) if where else ""), parameters

    def _lookup(self, batch: Sequence[Reading]) -> Current:
        keys = [r for r in batch if isinstance(r, Reading)]
        found = {}
        if keys:
            indicators = [encode_text(r.indicator) for r in keys]
            periods = [_period_columns(r.period)[0] for r in keys]
            for revision, *row in self._db.execute(_CURRENT, (indicators, periods)):
                reading = self._row(row)
                found[reading.key] = (reading, int(revision))
        return lambda key: found.get(key, _NOTHING)

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
                    "value, whole, missing_reason, status, note, published_status, approval) "
                    "FROM STDIN"
                ) as copy:
                    for row_values in _new_rows(fresh, first):
                        copy.write_row(row_values)
            if len(fresh) < len(changes):
                changed = [change for change in changes if change.old is not None]
                cursor.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS councilpmf_changed ("
                    'indicator text COLLATE "C", period text COLLATE "C", revision integer, '
                    "value double precision, whole numeric, missing_reason text, status text, "
                    "note text, published_status text, approval text) ON COMMIT DELETE ROWS"
                )
                with cursor.copy("COPY councilpmf_changed FROM STDIN") as copy:
                    for row_values in _changed_rows(changed):
                        copy.write_row(row_values)
                cursor.execute(_UPDATE)
            with cursor.copy(
                "COPY reading_revisions (indicator, period, revision, old, new, by, at, reason) "
                "FROM STDIN"
            ) as copy:
                for row_values in _revision_rows(changes, by, at, reason):
                    copy.write_row(row_values)


def _columns(reading: Reading) -> tuple[Any, ...]:
    """``value, whole, missing_reason, status, note, published_status, approval``, as the
    table keeps them."""
    return (
        *_value_columns(reading.value),
        _maybe(reading.missing_reason),
        reading.status.value,
        encode_text(reading.note),
        encode_text(reading.published_status),
        reading.approval.value,
    )


def _new_rows(changes: Iterable[Change], first_seq: int) -> Iterator[tuple[Any, ...]]:
    for seq, change in enumerate(changes, start=first_seq):
        reading = change.new
        text, start, end = _period_columns(reading.period)
        indicator = encode_text(reading.indicator)
        yield (indicator, start, end, seq, text, change.revision, *_columns(reading))


def _changed_rows(changes: Iterable[Change]) -> Iterator[tuple[Any, ...]]:
    for change in changes:
        reading = change.new
        text = _period_columns(reading.period)[0]
        yield (encode_text(reading.indicator), text, change.revision, *_columns(reading))


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
            None if change.old is None else records.reading_json(change.old),
            records.reading_json(new),
            by_text,
            at,
            reason_text,
        )


@hookimpl
def councilpmf_stores() -> list[StoreType]:
    """The ``postgresql://`` store (also ``postgres://``)."""
    description = "A PostgreSQL database shared by a whole council: postgresql://user@host/db"
    return [
        StoreType(scheme=scheme, open=PostgresStore, description=description, exists=_exists)
        for scheme in ("postgresql", "postgres")
    ]
