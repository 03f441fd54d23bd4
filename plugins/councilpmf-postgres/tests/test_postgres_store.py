"""What only the ``postgresql://`` store promises: its schema versions and migrations (applied
once however many open at once, a newer store refused), hostile ids and texts (NUL included),
whole numbers and decimals kept exactly, and eight processes racing on one reading with
``expected`` revisions: exactly one wins each revision, the rest get ConflictError."""

from __future__ import annotations

import itertools
import json
import math
import multiprocessing
import queue as queue_module
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import councilpmf_postgres
import psycopg
import pytest
from click.testing import CliRunner
from councilpmf_postgres import PostgresStore, decode_text, encode_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from postgres_fixtures import (  # noqa: F401  (fixtures, used by name)
    fresh_store_url_fixture,
    postgres_database_fixture,
    postgres_server_fixture,
)

from councilpmf import cli, open_store, records
from councilpmf.core.indicators import Approval, ComparatorGroup, Reading, ReadingStatus
from councilpmf.core.periods import FinancialYear, Month, Quarter
from councilpmf.store import ConflictError, StoreError, readings_frame_of
from councilpmf.testing import HOSTILE_IDS, sample_framework
from councilpmf.testing.council_contract import everything_kept
from councilpmf.testing.frame_contract import frame_beside_readings
from councilpmf.testing.samples import unvalidated

Q1 = Quarter(year=2024, number=1)
GROUP = ComparatorGroup(indicator="K1", period=Q1, group="CIPFA", values=(2.0, 3.5))
EXTRA_IDS = ("NUL\x00inside", "\x00", "\x01", "\x01\x01", "\x00\x01\x02", "tab\tand\nnewline")
"""Ids and text a record refuses now (control characters), which a store written before it did
may hold: the store's encoding of NUL and its escape still reads them back, as records built
without their checks (:func:`~councilpmf.testing.samples.unvalidated`)."""


def _versions(url: str) -> list[int]:
    with psycopg.connect(url) as db:
        return [r[0] for r in db.execute("SELECT version FROM schema_version ORDER BY version")]


# -- the schema and migrations -------------------------------------------------------------------


def test_a_new_schema_is_migrated_to_the_current_version(
    fresh_store_url: Callable[[], str],
) -> None:
    url = fresh_store_url()
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
    assert _versions(url) == list(range(1, councilpmf_postgres.schema_version() + 1))
    with open_store(url):  # opening again changes nothing
        pass
    assert _versions(url) == list(range(1, councilpmf_postgres.schema_version() + 1))


def test_many_opening_at_once_migrate_once(fresh_store_url: Callable[[], str]) -> None:
    url = fresh_store_url()
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def open_one() -> None:
        try:
            start.wait(timeout=30)
            with open_store(url) as store:
                store.readings()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert _versions(url) == list(range(1, councilpmf_postgres.schema_version() + 1))


def test_a_store_from_a_newer_version_is_refused(fresh_store_url: Callable[[], str]) -> None:
    url = fresh_store_url()
    with open_store(url):
        pass
    newer = councilpmf_postgres.schema_version() + 1
    with psycopg.connect(url) as db:
        db.execute("INSERT INTO schema_version (version) VALUES (%s)", (newer,))
    with pytest.raises(StoreError, match="newer councilpmf-postgres"):
        open_store(url)


def test_tables_of_another_program_are_refused(fresh_store_url: Callable[[], str]) -> None:
    url = fresh_store_url()
    with psycopg.connect(url) as db:
        db.execute("CREATE TABLE framework (x integer)")
    with pytest.raises(StoreError, match="no schema_version"):
        open_store(url)


def test_a_later_migration_is_applied_on_open_and_keeps_the_data(
    fresh_store_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_store_url()
    reading = Reading(indicator="K1", period=Q1, value=4)
    with open_store(url) as store:
        store.record([reading], by="analyst")
    later = (
        *councilpmf_postgres.MIGRATIONS,
        ("CREATE INDEX readings_by_status ON readings_current (status)",),
    )
    monkeypatch.setattr(councilpmf_postgres, "MIGRATIONS", later)
    with open_store(url) as store:
        assert store.readings() == (reading,)
    assert _versions(url) == list(range(1, len(later) + 1))


def test_a_version_1_store_migrates_and_keeps_every_reading_and_revision(
    fresh_store_url: Callable[[], str],
) -> None:
    """A store as the first schema wrote it (its tables made by migration 1 alone, its history
    JSON without a published status) opens, migrates, and reads back everything it held."""
    url = fresh_store_url()
    old = '{"value":1.0,"missing_reason":null,"status":"provisional","note":""}'
    new = '{"value":2,"missing_reason":null,"status":"final","note":"checked"}'
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(
            "CREATE TABLE schema_version (version integer PRIMARY KEY, "
            "applied_at timestamptz NOT NULL DEFAULT now())"
        )
        for step in councilpmf_postgres.MIGRATIONS[0]:
            db.execute(step.encode())
        db.execute("INSERT INTO schema_version (version) VALUES (1)")
        db.execute(
            "INSERT INTO readings_current VALUES "
            "('K1', %s, %s, 1, %s, 2, 2, 2, NULL, 'final', 'checked')",
            (Q1.start, Q1.end, str(Q1)),
        )
        db.execute(
            "INSERT INTO reading_revisions VALUES "
            "('K1', %s, 1, NULL, %s, 'me', 'then', ''), ('K1', %s, 2, %s, %s, 'me', 'then', 'why')",
            (str(Q1), old, str(Q1), old, new),
        )
    checked = Reading(indicator="K1", period=Q1, value=2, note="checked")
    with open_store(url) as store:
        assert store.readings() == (checked,)
        assert [h.new for h in store.history("K1", Q1)] == [
            Reading(indicator="K1", period=Q1, value=1.0, status=ReadingStatus.PROVISIONAL),
            checked,
        ]
        published = Reading(
            indicator="K1", period=Q1, value=2, note="checked", published_status="Green"
        )
        assert store.record([published], by="auditor").changed == 1
    assert _versions(url) == list(range(1, councilpmf_postgres.schema_version() + 1))
    with open_store(url) as store:
        assert store.readings() == (published,)
        assert store.history("K1", Q1)[-1].old == checked
        assert store.readings_frame().get_column("published_status").to_list() == ["Green"]


def test_a_version_1_store_keeps_everything_and_its_readings_are_approved(
    fresh_store_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_store_url()
    monkeypatch.setattr(councilpmf_postgres, "MIGRATIONS", councilpmf_postgres.MIGRATIONS[:1])
    with open_store(url):  # the first schema only
        pass
    monkeypatch.undo()
    framework = records.framework_data(sample_framework())
    framework.pop("approval")  # version 1 wrote no approval policy
    old = {"value": 3.5, "missing_reason": None, "status": "provisional", "note": ""}
    new = {"value": 4, "missing_reason": None, "status": "final", "note": "checked"}
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(
            "INSERT INTO framework VALUES (1, %s, '2024-01-01T09:00:00+00:00')",
            (json.dumps(framework),),
        )
        db.execute(
            "INSERT INTO readings_current VALUES "
            "('K1', %s, %s, 1, %s, 2, 4.0, 4, NULL, 'final', 'checked')",
            (Q1.start, Q1.end, str(Q1)),
        )
        for number, before, after, by in ((1, None, old, "alice"), (2, old, new, "bob")):
            db.execute(
                "INSERT INTO reading_revisions VALUES ('K1', %s, %s, %s, %s, %s, 'at', '')",
                (
                    str(Q1),
                    number,
                    None if before is None else json.dumps(before),
                    json.dumps(after),
                    by,
                ),
            )
    with open_store(url) as store:
        assert _versions(url) == list(range(1, councilpmf_postgres.schema_version() + 1))
        assert store.load_framework() == (sample_framework(), 1)
        assert [(r.revision, r.by, r.reason) for r in store.plan_revisions()] == [(1, "", "")]
        (reading,) = store.readings()
        assert reading == Reading(indicator="K1", period=Q1, value=4, note="checked")
        assert reading.approval is Approval.APPROVED
        assert store.readings_frame().get_column("approval").to_list() == ["approved"]
        history = store.history("K1", Q1)
        assert [h.by for h in history] == ["alice", "bob"]
        assert history[1].old == Reading(
            indicator="K1", period=Q1, value=3.5, status=ReadingStatus.PROVISIONAL
        )
        assert store.record([reading], by="carol").unchanged == 1


def test_a_version_3_store_opens_with_no_comparators_and_keeps_those_saved(
    fresh_store_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_store_url()
    monkeypatch.setattr(councilpmf_postgres, "MIGRATIONS", councilpmf_postgres.MIGRATIONS[:3])
    with open_store(url) as old:  # the schema of the release before comparators were kept
        old.save_framework(sample_framework(), 0, by="analyst")
        old.record([Reading(indicator="K1", period=Q1, value=2.5)], by="ann")
    monkeypatch.undo()
    with open_store(url) as store:
        assert _versions(url) == list(range(1, councilpmf_postgres.schema_version() + 1))
        assert store.comparators() == ()
        assert store.load_framework() == (sample_framework(), 1)
        assert store.save_comparators([GROUP], by="bob", reason="CIPFA") == 1
    with open_store(url) as store, psycopg.connect(url) as db:
        assert store.comparators() == (GROUP,)
        assert store.readings() == (Reading(indicator="K1", period=Q1, value=2.5),)
        assert db.execute("SELECT by, reason FROM comparators").fetchall() == [("bob", "CIPFA")]


def test_a_failed_migration_changes_nothing(
    fresh_store_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_store_url()
    with open_store(url):
        pass
    broken = (*councilpmf_postgres.MIGRATIONS, ("CREATE TABLE t (x integer)", "NOT SQL AT ALL"))
    monkeypatch.setattr(councilpmf_postgres, "MIGRATIONS", broken)
    with pytest.raises(StoreError, match="PostgreSQL refused"):
        open_store(url)
    with psycopg.connect(url) as db:
        assert db.execute("SELECT to_regclass('t')").fetchone() == (None,)
    assert _versions(url) == list(range(1, len(broken)))


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2",
        "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2&password=secret",
    ],
)
def test_a_bad_url_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError, match="cannot reach") as refused:
        open_store(url)
    assert "secret" not in str(refused.value)
    assert str(refused.value).startswith("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


# -- hostile ids and exact values ----------------------------------------------------------------


def test_text_encoding_round_trips_and_keeps_the_order() -> None:
    texts = sorted({*HOSTILE_IDS, *EXTRA_IDS, "", "a", "a\x00", "a\x01", "a\x02", "\x02"})
    encoded = [encode_text(t) for t in texts]
    assert [decode_text(e) for e in encoded] == texts
    assert sorted(encoded) == encoded
    assert all("\x00" not in e for e in encoded)


def test_hostile_ids_and_texts_round_trip_in_order(fresh_store_url: Callable[[], str]) -> None:
    ids = (*HOSTILE_IDS, *EXTRA_IDS)
    with unvalidated():
        _round_trip_in_order(fresh_store_url(), ids)


def _round_trip_in_order(url: str, ids: tuple[str, ...]) -> None:
    readings = [
        Reading(
            indicator=i,
            period=p,
            value=None,
            missing_reason=i,
            status=ReadingStatus.PROVISIONAL,
            note=i,
        )
        for i in ids
        for p in (Q1, FinancialYear(year=2023), Month(year=2024, month=3))
    ]
    with open_store(url) as store:
        store.record(readings, by="by " + ids[0], reason="why " + ids[2])
        expected = sorted(readings, key=lambda r: (r.indicator, r.period.start, r.period.end))
        assert store.readings() == tuple(expected)
        for i in ids:
            assert store.readings(indicators=[i]) == tuple(r for r in expected if r.indicator == i)
            (revision,) = store.history(i, Q1)
            assert (revision.by, revision.reason) == ("by " + ids[0], "why " + ids[2])
            assert store.revision(i, Q1) == 1


def test_whole_numbers_and_decimals_come_back_exactly(fresh_store_url: Callable[[], str]) -> None:
    # the largest values a reading may have, whole and not, and the smallest
    values: list[float] = [0, 1, -1, 10**15, -(10**15), 999_999_999_999_999, 0.1, -0.0]
    values += [1e15, -999999999999999.9, 5e-324]
    readings = [Reading(indicator=f"K{n:02d}", period=Q1, value=v) for n, v in enumerate(values)]
    with open_store(fresh_store_url()) as store:
        store.record(readings, by="analyst")
        back = store.readings()
    assert back == tuple(readings)
    for got, want in zip(back, readings, strict=True):
        assert type(got.value) is type(want.value)
        assert repr(got.value) == repr(want.value)


def test_text_that_is_not_unicode_is_refused_and_nothing_written(
    fresh_store_url: Callable[[], str],
) -> None:
    # A record refuses half a surrogate pair; one changed behind its validators' back is
    # refused by the store, rather than half written.
    unchecked = Reading(indicator="K2", period=Q1, value=1.0)
    object.__setattr__(unchecked, "indicator", "K\udc80")
    with open_store(fresh_store_url()) as store:
        with pytest.raises(StoreError, match="not valid Unicode"):
            store.record([Reading(indicator="K1", period=Q1, value=1.0), unchecked], by="analyst")
        assert store.readings() == ()


def test_a_council_the_server_refuses_part_way_keeps_nothing(
    fresh_store_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The framework is written first; a reading the server refuses (text that is not
    # Unicode, past the validators), or a disk full as the comparator values are written,
    # rolls it back with the readings.
    unchecked = Reading(indicator="K2", period=Q1, value=1.0)
    object.__setattr__(unchecked, "indicator", "K\udc80")
    readings = [Reading(indicator="K1", period=Q1, value=2.0)]
    with open_store(fresh_store_url()) as store:
        store.save_council(sample_framework(), 0, readings, by="ann", comparators=[GROUP])
        before = everything_kept(store)
        with pytest.raises(StoreError, match="not valid Unicode"):
            store.save_council(
                sample_framework("Other"), 1, [*readings, unchecked], by="bob", comparators=[]
            )
        assert everything_kept(store) == before

        def disk_full(*args: object) -> None:
            raise psycopg.errors.DiskFull("could not extend file: No space left on device")

        later = [Reading(indicator="K1", period=Q1, value=3.0)]
        with monkeypatch.context() as patch:
            patch.setattr(PostgresStore, "_put_comparators", disk_full)
            with pytest.raises(StoreError, match="No space left on device"):
                store.save_council(sample_framework("Other"), 1, later, by="bob", comparators=[])
        assert everything_kept(store) == before


# -- eight processes racing on one reading -------------------------------------------------------

_RACERS, _ATTEMPTS, _SECONDS = 8, 12, 60.0


def _race(url: str, worker: int, go: Any, results: Any) -> None:
    won: list[int] = []
    conflicts = attempts = 0
    error = ""
    try:
        with open_store(url) as store:
            go.wait(30)
            deadline = time.monotonic() + _SECONDS
            for attempt in range(_ATTEMPTS):
                if time.monotonic() > deadline:
                    break
                attempts += 1
                seen = store.revision("SHARED", Q1)
                reading = Reading(indicator="SHARED", period=Q1, value=worker * 1000 + attempt)
                try:
                    store.record([reading], by=f"worker {worker}", expected={("SHARED", Q1): seen})
                except ConflictError:
                    conflicts += 1
                else:
                    won.append(seen + 1)
    except BaseException as failure:
        error = f"{type(failure).__name__}: {failure}"
    results.put(
        {"worker": worker, "won": won, "conflicts": conflicts, "attempts": attempts, "error": error}
    )


def test_eight_processes_racing_with_expected_revisions(
    fresh_store_url: Callable[[], str],
) -> None:
    url = fresh_store_url()
    with open_store(url):
        pass  # migrated before the race
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    results = context.Queue()
    workers = [
        context.Process(target=_race, args=(url, w, go, results), name=f"racer-{w}")
        for w in range(_RACERS)
    ]
    for worker in workers:
        worker.start()
    time.sleep(1.0)
    go.set()
    reports: list[dict[str, Any]] = []
    give_up = time.monotonic() + _SECONDS + 60
    try:
        while len(reports) < _RACERS and time.monotonic() < give_up:
            try:
                reports.append(results.get(timeout=1))
            except queue_module.Empty:
                if not any(w.is_alive() for w in workers) and results.empty():
                    break
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=5)
    assert len(reports) == _RACERS
    assert [r["error"] for r in reports if r["error"]] == []
    won = sorted(n for r in reports for n in r["won"])
    successes = len(won)
    conflicts = sum(r["conflicts"] for r in reports)
    # every attempt made either won or met a conflict (a worker slowed past the deadline by a
    # busy machine makes fewer than _ATTEMPTS, and that is no fault of the store)
    assert successes + conflicts == sum(r["attempts"] for r in reports) > 0
    assert won == list(range(1, successes + 1)), "one winner per revision, no gaps"
    assert conflicts > 0, "the processes never raced"
    with open_store(url) as store:
        assert store.revision("SHARED", Q1) == successes
        history = store.history("SHARED", Q1)
    assert [h.revision for h in history] == list(range(1, successes + 1))
    winners = {n: r["worker"] for r in reports for n in r["won"]}
    assert [h.by for h in history] == [f"worker {winners[n]}" for n in range(1, successes + 1)]
    for before, after in itertools.pairwise(history):
        assert after.old == before.new


# -- roles ---------------------------------------------------------------------------------------


def test_officer_and_reporting_roles_as_deploying_md_grants_them(
    fresh_store_url: Callable[[], str],
) -> None:
    """The privileges docs/deploying.md gives are enough for an officer to record and too few
    to migrate; the reporting role reads and cannot write."""
    url = fresh_store_url()
    with open_store(url):
        pass
    suffix = uuid.uuid4().hex[:8]
    officer, reporting = f"pmf_officer_{suffix}", f"pmf_reporting_{suffix}"
    tables = "framework, store_state, readings_current, reading_revisions, comparators"
    schema = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["options"][0].split("=")[1]
    with psycopg.connect(url, autocommit=True) as admin:
        for role in (officer, reporting):
            admin.execute(f'CREATE ROLE "{role}" LOGIN'.encode())
            admin.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'.encode())
        admin.execute(f'GRANT SELECT, INSERT, UPDATE ON {tables} TO "{officer}"'.encode())
        admin.execute(f'GRANT SELECT ON schema_version TO "{officer}"'.encode())
        admin.execute(f'GRANT SELECT ON {tables}, schema_version TO "{reporting}"'.encode())
    try:
        as_officer = _as_user(url, officer)
        reading = Reading(indicator="K1", period=Q1, value=2.5)
        with open_store(as_officer) as store:
            store.record([reading], by="officer")
            store.record([Reading(indicator="K1", period=Q1, value=3)], by="officer")
            assert store.revision("K1", Q1) == 2
            assert store.save_comparators([GROUP], by="officer") == 1
            assert store.save_comparators([GROUP, GROUP], by="officer") == 2
        with open_store(_as_user(url, reporting)) as store:
            assert store.readings() == (Reading(indicator="K1", period=Q1, value=3),)
            assert store.comparators() == (GROUP, GROUP)
            with pytest.raises(StoreError, match="may not do that"):
                store.record([reading], by="reporting")
            with pytest.raises(StoreError, match="may not do that"):
                store.save_comparators([], by="reporting")
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("DELETE FROM schema_version")  # as if behind
        with pytest.raises(StoreError, match="may not do that"):
            open_store(as_officer)  # behind: migrating needs the owner
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            for role in (officer, reporting):
                admin.execute(f'DROP OWNED BY "{role}"'.encode())
                admin.execute(f'DROP ROLE "{role}"'.encode())


def _as_user(url: str, user: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{user}@{host}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


# -- reading as a frame --------------------------------------------------------------------------


def test_the_frame_decodes_nul_and_its_escape_column_by_column(
    fresh_store_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text a store written before records refused it may hold is decoded, column by column
    and with no Reading built, before the frame refuses it: in the words of readings(), which
    name the text and the character as they were recorded, not as the store encodes them."""
    with unvalidated():  # text a store written before records refused it may hold
        readings = [
            Reading(
                indicator=text,
                period=Q1,
                value=None,
                missing_reason=text + "!",
                note=text,
                published_status=text + "?",
                approval=Approval.DRAFT,
            )
            for text in EXTRA_IDS
        ] + [Reading(indicator="whole", period=Q1, value=10**15)]
    with open_store(fresh_store_url()) as store:
        store.record(readings, by="me")
        refused = {}
        for text in EXTRA_IDS:
            with pytest.raises(StoreError) as error:
                store.readings([text])
            refused[text] = str(error.value)
            assert f"readings_current ({text!r}, '2024/25 Q1'): $: indicator " in refused[text]
        with pytest.raises(StoreError) as error:
            store.readings()
        refused_all = str(error.value)
        expected = readings_frame_of(store.readings(["whole"])).rows()

        def no_readings(*args: object) -> Reading:
            raise AssertionError("a Reading was built")

        monkeypatch.setattr(records, "reading_from_columns", no_readings)
        for text in EXTRA_IDS:
            with pytest.raises(StoreError) as error:
                store.readings_frame(indicators=[text])
            assert str(error.value) == refused[text]
        assert store.readings_frame(indicators=["whole"]).rows() == expected
        with pytest.raises(StoreError) as error:
            store.readings_frame()
        assert str(error.value) == refused_all  # the first row readings() reaches


# -- reading never creates a store -------------------------------------------------------------


def _tables(url: str) -> list[str]:
    with psycopg.connect(url) as db:
        return [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
            )
        ]


@pytest.mark.parametrize("command", [("report", "--period", "2024/25 Q3"), ("validate",)])
def test_reading_a_schema_without_a_store_refuses_and_creates_nothing(
    fresh_store_url: Callable[[], str], command: tuple[str, ...]
) -> None:
    url = fresh_store_url()
    result = CliRunner().invoke(cli.main, [command[0], url, *command[1:]])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"error: there is no store at {url}; check the URL (nothing was created there)\n"
    )
    assert _tables(url) == []


def test_a_store_that_was_opened_once_exists(fresh_store_url: Callable[[], str]) -> None:
    url = fresh_store_url()
    open_store(url).close()
    result = CliRunner().invoke(cli.main, ["validate", url])
    assert result.exit_code == 1
    assert result.stderr == f"error: {url} holds no framework yet; load one first\n"


def test_exists_on_an_unreachable_server_is_a_store_error() -> None:
    url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(StoreError, match=r"127\.0\.0\.1"):
        open_store(url, create=False)


def _plan_nodes(node: dict[str, Any]) -> list[tuple[str, str]]:
    """Each node of a JSON plan: its type and the index or table it scans."""
    own = (str(node["Node Type"]), str(node.get("Index Name", node.get("Relation Name", ""))))
    return [own, *(n for child in node.get("Plans", ()) for n in _plan_nodes(child))]


def _hold_many(store: PostgresStore) -> None:
    """100,000 readings held, B000001 to B100000 for Q1 (each its number, revision 1) beside
    A, and the table's statistics current, as autovacuum soon makes them."""
    store.record([Reading(indicator="A", period=Q1, value=1)], by="analyst")
    store._db.execute(
        "INSERT INTO readings_current SELECT 'B' || lpad(n::text, 6, '0'), start, \"end\", "
        "n + 1, period, revision, n, n, missing_reason, status, note, published_status, "
        "approval FROM readings_current, generate_series(1, 100000) AS n"
    )
    store._db.execute("ANALYZE readings_current")


def test_record_looks_up_a_large_batch_through_the_unique_index_after_analyze(
    fresh_store_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 100,000 readings held and their statistics current: a join of 5,000 keys to the table
    # was planned as a hash join over the whole table, read again on every call of record()
    url = fresh_store_url()
    with PostgresStore(url) as store:
        _hold_many(store)
        batch = [Reading(indicator=f"B{n:06d}", period=Q1, value=0) for n in range(1, 10**5, 20)]
        batch.append(Reading(indicator="not held", period=Q1, value=0))
        issued: list[tuple[Any, Any]] = []
        execute = store._db.execute

        def keep(sql: Any, parameters: Any = ()) -> Any:
            issued.append((sql, parameters))
            return execute(sql, parameters)

        with monkeypatch.context() as patch:
            patch.setattr(store._db, "execute", keep)
            current = store._lookup(batch)
        assert [current(r.key)[1] for r in batch] == [1] * (len(batch) - 1) + [0]
        assert current(batch[7].key)[0] == Reading(indicator="B000141", period=Q1, value=141)
        [(sql, parameters)] = issued
        explain = store._db.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", parameters)
        nodes = _plan_nodes(explain.fetchone()[0][0]["Plan"])
    assert ("Seq Scan", "readings_current") not in nodes
    assert ("Index Scan", "readings_current_indicator_period_key") in nodes


def test_record_revises_a_large_batch_through_the_unique_index_after_analyze(
    fresh_store_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the update of a call's revised readings from the temporary table (never analysed) was
    # planned as a hash join over the whole table once the table's statistics were current
    url = fresh_store_url()
    with PostgresStore(url) as store:
        _hold_many(store)
        batch = [Reading(indicator=f"B{n:06d}", period=Q1, value=-n) for n in range(1, 10**5, 20)]
        plans: list[dict[str, Any]] = []
        execute = psycopg.Cursor.execute

        def explained(cursor: Any, sql: Any, parameters: Any = None, **options: Any) -> Any:
            if isinstance(sql, str) and sql.startswith("UPDATE readings_current"):
                # EXPLAIN (ANALYZE) runs the update as well
                explain = execute(cursor, f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", parameters)
                plans.append(explain.fetchone()[0][0]["Plan"])
                return cursor
            return execute(cursor, sql, parameters, **options)

        with monkeypatch.context() as patch:
            patch.setattr(psycopg.Cursor, "execute", explained)
            store.record(batch, by="analyst", reason="revised")
        [plan] = plans
        current = store._lookup(batch)
        assert [current(r.key) for r in batch] == [(r, 2) for r in batch]
        assert store.history("B000141", Q1)[-1].old == Reading(
            indicator="B000141", period=Q1, value=141
        )
        assert store.revision("B000002", Q1) == 1
    nodes = _plan_nodes(plan)
    assert ("Seq Scan", "readings_current") not in nodes
    assert ("Index Scan", "readings_current_indicator_period_key") in nodes


_KEPT_COLUMNS = {
    "indicator": st.text(alphabet=st.characters(exclude_characters="\x00"), max_size=4),
    "period": st.sampled_from(["2024/25 Q1", "2024/25\tQ1", "Q1", "2024 Q2", ""]),
    "value": st.one_of(st.none(), st.floats()),
    "whole": st.one_of(
        st.none(),
        st.integers(min_value=-(10**17), max_value=10**17),
        st.sampled_from([10**15, 10**15 + 1, 2**53 + 1, 10**400]),
        st.sampled_from([Decimal("7.5"), Decimal("-0.5"), Decimal("NaN"), Decimal("Infinity")]),
    ),
    "missing_reason": st.one_of(st.none(), st.sampled_from(["", " ", "late", "Red\x1b"])),
    "status": st.sampled_from(["final", "provisional", "FINAL", ""]),
    "note": st.sampled_from(["", "seen", "\u202eGreen"]),
    "published_status": st.sampled_from(["", "Green"]),
    "approval": st.sampled_from(["approved", "draft", "nope"]),
}
"""What a PostgreSQL store's typed columns of current readings may be made to hold behind the
library's back, by column (text the store keeps encoded written as it is)."""


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@example(changes=[(0, "value", None)])  # a whole number is read from whole
@example(changes=[(0, "whole", Decimal("NaN"))])
@example(changes=[(0, "whole", 10**15 + 1)])
@example(changes=[(1, "value", math.inf)])
@given(
    changes=st.lists(
        st.sampled_from(sorted(_KEPT_COLUMNS)).flatmap(
            lambda column: st.tuples(st.integers(0, 2), st.just(column), _KEPT_COLUMNS[column])
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_stored_row_is_read_or_refused_by_the_frame_as_readings_does(
    fresh_store_url: Callable[[], str], changes: list[tuple[int, str, object]]
) -> None:
    """Whatever the typed columns of a row hold, ``readings_frame()`` gives the frame of what
    ``readings()`` gives, or refuses in its words."""
    url = fresh_store_url()
    with open_store(url) as store:
        store.record(
            [
                Reading(indicator="K1", period=Q1, value=7),
                Reading(indicator="K2", period=Q1, value=2.5, note="n"),
                Reading(indicator="K3", period=Q1, missing_reason="late"),
            ],
            by="me",
        )
    with psycopg.connect(url) as db:
        seqs = [row[0] for row in db.execute("SELECT seq FROM readings_current ORDER BY seq")]
        for row, column, stored in changes:
            try:
                with db.transaction():
                    db.execute(
                        f"UPDATE readings_current SET {column} = %s WHERE seq = %s",
                        (stored, seqs[row]),
                    )
            except psycopg.errors.IntegrityError:  # NOT NULL, one key per row
                continue
    with open_store(url) as store:
        frame, readings = frame_beside_readings(store)
        assert frame == readings
