"""What only the ``sqlite://`` store promises: its URLs, pragmas, schema versions and migrations,
rolling back a failed write, hostile ids, and several processes writing at once.

The behaviour every store shares is the contract suite's (``councilpmf.testing``); the
differential test here only checks this store against ``memory://`` on awkward data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_fixtures import (
    PERIODS,
    Q1,
    SAME_DATES,
    closed_store_refuses_everything,
    everything,
    plain_framework,
    readings_of,
    run_workers,
    same_answers_as_memory,
)

from councilpmf import open_store, records
from councilpmf.core.actions import ActionUpdate
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading, ReadingRevision, ReadingStatus
from councilpmf.core.periods import Period
from councilpmf.default_plugins import sqlite_store
from councilpmf.default_plugins.sqlite_store import SqliteStore
from councilpmf.store import ConflictError, NotFoundError, StoreError
from strategies import frameworks, unchecked

HOSTILE_IDS = (
    "'; DROP TABLE readings_current; --",
    'Robert"); DROP TABLE framework;--',
    "../../etc/passwd",
    "a/b\\c",
    "CON",
    "😀 emoji ✔",
    "x" * 300,
    "zero\u200bwidth",  # a control character, a tab or a line break is refused in an id
    "no\u00a0break\u2028line",
    "spaces  within",
    "%2e%2e%2f",
    "Zürich straße 东京 مرحبا",
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(f"sqlite:///{tmp_path}/pmf.db") as opened:
        yield opened


# -- URLs ------------------------------------------------------------------------------------------


def test_three_slashes_is_relative_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///relative.db") as store:
        store.record([Reading(indicator="K1", period=Q1, value=1.0)], by="me")
    assert (tmp_path / "relative.db").is_file()


def test_four_slashes_is_an_absolute_path(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/absolute.db"
    assert url.startswith("sqlite:////")
    with open_store(url) as store:
        assert isinstance(store, SqliteStore)
    assert (tmp_path / "absolute.db").is_file()


def test_memory_database_is_private_and_empty_each_time() -> None:
    with open_store("sqlite:///:memory:") as store:
        store.record([Reading(indicator="K1", period=Q1, value=1.0)], by="me")
        assert len(store.readings()) == 1
    with open_store("sqlite:///:memory:") as store:
        assert store.readings() == ()


@pytest.mark.parametrize("url", ["sqlite://pmf.db", "sqlite:///", "sqlite:pmf.db"])
def test_a_malformed_url_is_refused_in_words(url: str) -> None:
    with pytest.raises(StoreError, match="sqlite:///"):
        SqliteStore(url)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no-such-folder") as caught:
        open_store(f"sqlite:///{tmp_path}/no-such-folder/pmf.db")
    assert "folder" in str(caught.value)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.db.*not a SQLite database"):
        open_store(f"sqlite:///{path}")
    assert path.read_text().startswith("these are my notes")


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a councilpmf store"):
        open_store(f"sqlite:///{path}")
    with sqlite3.connect(path) as raw:
        tables = raw.execute("SELECT name FROM sqlite_schema").fetchall()
        mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
    assert tables == [("invoices",)]
    assert mode == "delete"  # not switched to write-ahead logging either


# -- settings and schema ---------------------------------------------------------------------------


def test_the_pragmas_are_set(store: SqliteStore) -> None:
    db = store._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == sqlite_store.BUSY_TIMEOUT_MS
    assert db.execute("PRAGMA user_version").fetchone()[0] == sqlite_store.schema_version()
    assert db.execute("PRAGMA application_id").fetchone()[0] == sqlite_store.APPLICATION_ID


def test_the_schema_has_the_documented_tables_and_keys(store: SqliteStore) -> None:
    db = store._db
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    assert {"framework", "readings_current", "reading_revisions"} <= tables
    key = [row[2] for row in db.execute("PRAGMA index_info(sqlite_autoindex_reading_revisions_1)")]
    assert key == ["indicator", "period", "revision"]
    plan = " ".join(
        str(row[3])
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM readings_current WHERE indicator = ? AND period = ?",
            ("K1", "2024/25 Q1"),
        )
    )
    assert "USING INDEX" in plan or "PRIMARY KEY" in plan
    plan = " ".join(
        str(row[3])
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM readings_current WHERE period = ?", ("Dec 2024",)
        )
    )
    assert "readings_by_period" in plan


def test_a_period_is_kept_as_its_canonical_text_with_its_dates(store: SqliteStore) -> None:
    store.record([Reading(indicator="K1", period=p, value=1.0) for p in SAME_DATES], by="me")
    rows = store._db.execute(
        'SELECT period, start, "end" FROM readings_current ORDER BY seq'
    ).fetchall()
    assert rows == [(str(p), p.start.isoformat(), p.end.isoformat()) for p in SAME_DATES]


def _current_database(path: Path) -> None:
    with SqliteStore(f"sqlite:///{path}") as store:
        store.save_framework(plain_framework(), 0, by="analyst")
        store.record([Reading(indicator="K1", period=Q1, value=1.0)], by="me")


CURRENT = sqlite_store.schema_version()


def _version_1_database(path: Path) -> None:
    """A database as the first schema wrote it: its tables made by migration 1 alone, holding
    a framework, two readings and a history whose JSON has no published status."""
    with sqlite3.connect(path) as raw:
        for step in sqlite_store.MIGRATIONS[0]:
            assert isinstance(step, str)
            raw.execute(step)
        raw.execute(f"PRAGMA application_id = {sqlite_store.APPLICATION_ID:d}")
        raw.execute("PRAGMA user_version = 1")
        document = records.dumps(records.framework_data(plain_framework()), None).decode()
        raw.execute("INSERT INTO framework VALUES (1, ?, '2025-01-01T00:00:00+00:00')", (document,))
        old = '{"value":1.0,"missing_reason":null,"status":"provisional","note":""}'
        new = '{"value":2,"missing_reason":null,"status":"final","note":"checked"}'
        gap = '{"value":null,"missing_reason":"survey paused","status":"final","note":""}'
        rows = (
            ("K1", Q1, 1, 2, "final", None, "checked", old, new),
            ("K2", Q1, 2, None, "final", "survey paused", "", None, gap),
        )
        for indicator, period, seq, value, status, reason, note, before, after in rows:
            revision = 1 if before is None else 2
            raw.execute(
                "INSERT INTO readings_current VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    indicator,
                    period.start.isoformat(),
                    period.end.isoformat(),
                    seq,
                    str(period),
                    revision,
                    value,
                    reason,
                    status,
                    note,
                ),
            )
            if before is not None:
                raw.execute(
                    "INSERT INTO reading_revisions VALUES (?, ?, 1, NULL, ?, 'me', 'then', '')",
                    (indicator, str(period), before),
                )
            raw.execute(
                "INSERT INTO reading_revisions VALUES (?, ?, ?, ?, ?, 'me', 'then', 'why')",
                (indicator, str(period), revision, before, after),
            )


def test_a_version_1_database_migrates_and_keeps_every_reading_and_revision(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v1.db"
    _version_1_database(path)
    checked = Reading(indicator="K1", period=Q1, value=2, note="checked")
    paused = Reading(indicator="K2", period=Q1, missing_reason="survey paused")
    with SqliteStore(f"sqlite:///{path}") as store:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == CURRENT
        assert store.load_framework() == (plain_framework(), 1)
        assert store.readings() == (checked, paused)
        history = store.history("K1", Q1)
        assert [(h.revision, h.old, h.new) for h in history] == [
            (1, None, attrs.evolve(checked, value=1.0, status=ReadingStatus.PROVISIONAL, note="")),
            (2, history[0].new, checked),
        ]
        assert [h.new for h in store.history("K2", Q1)] == [paused]
        published = attrs.evolve(checked, published_status="Green")
        assert store.record([published], by="auditor").changed == 1
    with SqliteStore(f"sqlite:///{path}") as store:  # and it stays migrated, with the new field
        assert store.readings() == (published, paused)
        assert store.history("K1", Q1)[-1].old == checked
        assert store.readings_frame().get_column("published_status").to_list() == ["Green", ""]


def test_opening_an_older_database_applies_the_missing_migrations_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _current_database(path)
    now = sqlite_store.schema_version()
    applied = []

    def backfill(db: sqlite3.Connection) -> None:
        applied.append(db.execute("SELECT count(*) FROM readings_current").fetchone()[0])
        db.execute("UPDATE reading_revisions SET reason = 'migrated' WHERE reason = ''")

    second = ("CREATE TABLE annotations (note TEXT)", backfill)
    third = ("CREATE INDEX annotations_by_note ON annotations (note)",)
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", (*sqlite_store.MIGRATIONS, second, third))
    with SqliteStore(f"sqlite:///{path}") as store:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == now + 2
        names = {row[0] for row in store._db.execute("SELECT name FROM sqlite_schema")}
        assert {"annotations", "annotations_by_note"} <= names
        assert store.history("K1", Q1)[0].reason == "migrated"
        assert store.load_framework() == (plain_framework(), 1)
    assert applied == [1]
    with SqliteStore(f"sqlite:///{path}") as store:  # nothing left to apply
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == now + 2
    assert applied == [1]


def test_a_failing_migration_leaves_the_database_at_its_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _current_database(path)
    broken = ("CREATE TABLE annotations (note TEXT)", "INSERT INTO no_such_table VALUES (1)")
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", (*sqlite_store.MIGRATIONS, broken))
    with pytest.raises(StoreError, match=r"old\.db.*no_such_table"):
        SqliteStore(f"sqlite:///{path}")
    monkeypatch.undo()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == sqlite_store.schema_version()
        names = {row[0] for row in raw.execute("SELECT name FROM sqlite_schema")}
        assert "annotations" not in names
    with SqliteStore(f"sqlite:///{path}") as store:
        assert store.revision("K1", Q1) == 1


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    _current_database(path)
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match=r"new\.db.*newer councilpmf.*99") as caught:
        SqliteStore(f"sqlite:///{path}")
    assert "upgrade" in str(caught.value)


# -- writes that fail ------------------------------------------------------------------------------


def _fail_on_call(
    monkeypatch: pytest.MonkeyPatch, name: str, at: int, error: BaseException
) -> None:
    real = getattr(records, name)
    calls = []

    def failing(*args: object) -> object:
        calls.append(1)
        if len(calls) == at:
            raise error
        return real(*args)

    monkeypatch.setattr(records, name, failing)


@pytest.mark.parametrize(
    "error", [sqlite3.OperationalError("disk I/O error"), KeyboardInterrupt()], ids=repr
)
def test_a_failure_in_the_middle_of_a_batch_leaves_everything_as_it_was(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    store.record([Reading(indicator=f"K{i}", period=Q1, value=float(i)) for i in range(10)], by="a")
    before = everything(store)
    batch = [Reading(indicator=f"K{i}", period=Q1, value=i + 0.5) for i in range(20)]
    _fail_on_call(monkeypatch, "reading_json", 25, error)  # old and new JSON: call 25 is mid-way
    with pytest.raises(StoreError if isinstance(error, Exception) else KeyboardInterrupt) as caught:
        store.record(batch, by="b")
    if isinstance(error, Exception):
        assert "pmf.db" in str(caught.value) and "disk I/O error" in str(caught.value)
    monkeypatch.undo()
    assert everything(store) == before
    assert store.record(batch, by="b").changed == 10  # the store still works


def test_a_failure_while_saving_the_framework_leaves_it_as_it_was(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_framework(plain_framework("First"), 0, by="analyst")

    def broken(framework: Framework) -> object:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(records, "framework_data", broken)
    with pytest.raises(StoreError, match="disk I/O error"):
        store.save_framework(plain_framework("Second"), 1, by="analyst")
    monkeypatch.undo()
    assert store.load_framework() == (plain_framework("First"), 1)


def test_a_whole_number_beyond_64_bits_is_refused_and_nothing_is_written(
    store: SqliteStore,
) -> None:
    batch = [Reading(indicator=f"K{i}", period=Q1, value=float(i)) for i in range(5)]
    # A reading refuses such a value; one made round its validators is refused by the store.
    batch.append(unchecked(Reading(indicator="K9", period=Q1, value=1.0), value=10**30))
    with pytest.raises(StoreError, match=r"K9 2024/25 Q1.*too large"):
        store.record(batch, by="me")
    assert store.readings() == ()
    whole = Reading(indicator="K8", period=Q1, value=10**15)  # type: ignore[arg-type]
    store.record([whole], by="me")
    assert store.readings() == (whole,) and store.readings()[0].value == 10**15


def test_text_that_is_not_unicode_is_refused_in_words(store: SqliteStore) -> None:
    batch = [
        Reading(indicator="K1", period=Q1, value=1.0),
        unchecked(Reading(indicator="K2", period=Q1, value=2.0), note="lone \ud800 surrogate"),
    ]
    with pytest.raises(StoreError, match=r"pmf\.db.*lone surrogate"):
        store.record(batch, by="me")
    assert store.readings() == ()


# -- data ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("indicator", HOSTILE_IDS, ids=range(len(HOSTILE_IDS)))
def test_hostile_ids_and_names_round_trip_unchanged(tmp_path: Path, indicator: str) -> None:
    url = f"sqlite:///{tmp_path}/pmf.db"
    reading = Reading(indicator=indicator, period=Q1, value=1.0, note=indicator)
    changed = attrs.evolve(reading, value=2.0, missing_reason=None)
    with open_store(url) as store:
        store.record([reading], by=indicator, reason=indicator)
        store.record([changed], by=indicator, reason="'; DELETE FROM reading_revisions; --")
    with open_store(url) as store:
        assert store.readings() == (changed,)
        assert store.readings(indicators=[indicator], periods=[Q1]) == (changed,)
        assert store.revision(indicator, Q1) == 2
        history = store.history(indicator, Q1)
        assert [(h.old, h.new, h.by) for h in history] == [
            (None, reading, indicator),
            (reading, changed, indicator),
        ]
        assert history[0].reason == indicator
        tables = store._db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    assert tables > 3


def test_values_come_back_exactly(store: SqliteStore) -> None:
    # the largest values a reading may have, whole and not, and the smallest
    values = [
        0.1,
        -0.0,
        1e-300,
        5e-324,
        1e15,
        -999999999999999.9,
        7,
        -(10**15),
        123456789.123456789,
    ]
    batch = [Reading(indicator=f"K{i}", period=Q1, value=v) for i, v in enumerate(values)]  # type: ignore[arg-type]
    batch.append(
        Reading(
            indicator="M",
            period=Q1,
            missing_reason="not collected",
            status=ReadingStatus.PROVISIONAL,
            note="a note",
        )
    )
    store.record(batch, by="me")
    back = {r.indicator: r for r in store.readings()}
    for reading in batch:
        assert back[reading.indicator] == reading
        assert repr(back[reading.indicator].value) == repr(reading.value)
        assert store.history(*reading.key)[0].new == reading


def test_reopening_reads_everything_back_equal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/pmf.db"
    framework = plain_framework()
    with open_store(url) as store:
        store.save_framework(framework, 0, by="analyst")
        store.record([Reading(indicator="K1", period=p, value=1.0) for p in SAME_DATES], by="a")
        store.record([Reading(indicator="K1", period=Q1, value=2.0)], by="b", reason="fixed")
        before = store.readings(), store.history("K1", Q1), store.load_framework()
    with open_store(url) as store:
        assert (store.readings(), store.history("K1", Q1), store.load_framework()) == before
        assert [r.period for r in store.readings()] == list(SAME_DATES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(framework=frameworks)
def test_any_framework_reads_back_equal(framework: Framework) -> None:
    with SqliteStore("sqlite:///:memory:") as store:
        assert store.save_framework(framework, 0, by="analyst") == 1
        assert store.load_framework() == (framework, 1)


def test_every_framework_revision_is_kept(store: SqliteStore) -> None:
    store.save_framework(plain_framework("First"), 0, by="analyst")
    store.save_framework(plain_framework("Second"), 1, by="analyst")
    with pytest.raises(ConflictError):
        store.save_framework(plain_framework("Third"), 1, by="analyst")
    rows = store._db.execute("SELECT revision FROM framework ORDER BY revision").fetchall()
    assert rows == [(1,), (2,)]
    assert store.load_framework() == (plain_framework("Second"), 2)


def test_an_action_update_of_an_unknown_action_writes_nothing(store: SqliteStore) -> None:
    with pytest.raises(NotFoundError):
        store.record_action_update("A1", ActionUpdate(on=Q1.start, text="x", by="Jo"), 0)
    store.save_framework(plain_framework(), 0, by="analyst")
    with pytest.raises(NotFoundError, match="A1"):
        store.record_action_update("A1", ActionUpdate(on=Q1.start, text="x", by="Jo"), 1)
    assert store.load_framework()[1] == 1


# -- the same answers as memory:// -----------------------------------------------------------------

_ids = st.sampled_from(("K1", "K2", "k1", "Ä", "😀", "a\u200bb", "'; --"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batches=st.lists(st.lists(readings_of(_ids), max_size=6), max_size=6),
    stale=st.lists(st.booleans(), min_size=6, max_size=6),
    wanted_ids=st.lists(_ids, max_size=3),
    wanted_periods=st.lists(PERIODS, max_size=3),
)
def test_the_same_answers_as_memory(
    batches: list[list[Reading]],
    stale: list[bool],
    wanted_ids: list[str],
    wanted_periods: list[Period],
) -> None:
    with SqliteStore("sqlite:///:memory:") as store:
        queries = (
            {"indicators": wanted_ids},
            {"periods": wanted_periods},
            {"indicators": wanted_ids, "periods": wanted_periods},
            {"indicators": ["2024/25 Q1", 5], "periods": ["2024/25 Q1"]},
        )
        same_answers_as_memory(store, batches, stale, queries)


def test_a_revision_row_matches_the_reading_json_of_therecords_module(store: SqliteStore) -> None:
    reading = Reading(indicator="K1", period=Q1, value=None, missing_reason='"late"\n')
    store.record([reading], by="me")
    new = store._db.execute("SELECT new FROM reading_revisions").fetchone()[0]
    assert new == (
        '{"value":null,"missing_reason":"\\"late\\"\\n","status":"final","note":"",'
        '"approval":"approved"}'
    )
    assert store.history("K1", Q1) == (
        ReadingRevision(
            indicator="K1",
            period=Q1,
            revision=1,
            old=None,
            new=reading,
            by="me",
            at=store.history("K1", Q1)[0].at,
        ),
    )


def test_a_hand_edited_row_is_refused_naming_the_row(store: SqliteStore) -> None:
    store.record([Reading(indicator="K1", period=Q1, value=1.0)], by="me")
    store._db.execute("UPDATE readings_current SET status = 'approved'")
    with pytest.raises(
        StoreError, match=r"pmf\.db: readings_current \('K1', '2024/25 Q1'\).*status"
    ):
        store.readings()
    store._db.execute('UPDATE reading_revisions SET new = \'{"value": "abc"}\'')
    with pytest.raises(StoreError, match=r"reading_revisions.*\$\.new"):
        store.history("K1", Q1)


# -- closing ---------------------------------------------------------------------------------------


def test_a_closed_store_refuses_everything_and_closing_twice_is_harmless(tmp_path: Path) -> None:
    closed_store_refuses_everything(SqliteStore(f"sqlite:///{tmp_path}/pmf.db"))


def test_processes_recording_at_once_lose_no_update(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/pmf.db"
    SqliteStore(url).close()
    run_workers(url, workers=4, rounds=15)
