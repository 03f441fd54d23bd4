"""Reading the histories of many readings at once (``Store.histories``): what reads every
reading's history asks the store once, not once a reading, and each store's fast path reads
what it keeps once. That each store's answer is each reading's ``history`` is the contract
suite's (``councilpmf.testing.history_contract``)."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from councilpmf.core.indicators import Approval, Reading
from councilpmf.core.periods import Month
from councilpmf.default_plugins.json_store import JsonStore
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.default_plugins.sqlite_store import SqliteStore
from councilpmf.store import Store, StoreError, approved_revisions

MONTHS = [Month(year=2024, month=month) for month in range(1, 13)]


def figures(indicators: int, approval: Approval = Approval.APPROVED) -> list[Reading]:
    """A year of monthly figures of each of so many indicators; drafts differ from the
    approved figures."""
    shift = 0.0 if approval is Approval.APPROVED else 0.5
    return [
        Reading(indicator=f"K{i:03d}", period=month, value=i + n + shift, approval=approval)
        for i in range(indicators)
        for n, month in enumerate(MONTHS)
    ]


class Counted:
    """A store whose ``history`` and ``histories`` calls are counted."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls = {"history": 0, "histories": 0}

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.store, name)
        if name not in self.calls:
            return found

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return found(*args, **kwargs)

        return counted


@pytest.mark.parametrize("drafts", [1, 5, 20])
def test_approved_revisions_asks_the_store_once_however_many_figures_await_approval(
    drafts: int,
) -> None:
    with MemoryStore() as store:
        approved = figures(drafts)
        store.record(approved, by="supplier")
        store.record(figures(drafts + 2, Approval.DRAFT), by="supplier")  # two never approved
        counted = Counted(store)
        found = approved_revisions(counted, store.readings())  # type: ignore[arg-type]
        assert found == tuple(approved)
        assert counted.calls == {"history": 0, "histories": 1}


def test_approved_revisions_of_approved_figures_reads_no_history() -> None:
    with MemoryStore() as store:
        store.record(figures(3), by="supplier")
        counted = Counted(store)
        assert approved_revisions(counted, store.readings()) == ()  # type: ignore[arg-type]
        assert counted.calls == {"history": 0, "histories": 0}


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement the SQLite stores opened from now on run."""
    run: list[str] = []
    opening = SqliteStore.__init__

    def traced(store: SqliteStore, *args: Any, **kwargs: Any) -> None:
        opening(store, *args, **kwargs)
        store._db.set_trace_callback(run.append)

    monkeypatch.setattr(SqliteStore, "__init__", traced)
    yield run


def test_a_sqlite_store_reads_every_history_in_one_statement(
    tmp_path: Path, statements: list[str]
) -> None:
    with SqliteStore(f"sqlite:///{tmp_path}/c.db") as store:
        store.record(figures(30), by="supplier")
        store.record(figures(10, Approval.DRAFT), by="supplier")
        statements.clear()
        histories = store.histories()
        assert len(statements) == 1
        assert len(histories) == 30 * len(MONTHS)
        assert [len(history) for history in histories.values()][::12] == [2] * 10 + [1] * 20


def test_a_json_store_reads_each_readings_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with JsonStore(f"json://{tmp_path}/c") as store:
        store.record(figures(4), by="supplier")
        store.record(figures(2, Approval.DRAFT), by="supplier")
        read: list[object] = []
        reading: Callable[..., Any] = JsonStore._read_json

        def counted(self: JsonStore, path: object, *args: Any) -> Any:
            read.append(path)
            return reading(self, path, *args)

        monkeypatch.setattr(JsonStore, "_read_json", counted)
        histories = store.histories()
        assert len(histories) == len(read) == 4 * len(MONTHS)
        assert len(set(read)) == len(read)


def test_reading_histories_leaves_the_cycle_collector_as_it_was(tmp_path: Path) -> None:
    with SqliteStore(f"sqlite:///{tmp_path}/c.db") as store:
        store.record(figures(2), by="supplier")
        assert len(store.histories()) == 2 * len(MONTHS)
        assert gc.isenabled()
        gc.disable()
        try:
            store.histories()
            assert not gc.isenabled()
        finally:
            gc.enable()
    with sqlite3.connect(tmp_path / "c.db") as db:
        db.execute("UPDATE reading_revisions SET new = 'not JSON' WHERE revision = 1")
    with SqliteStore(f"sqlite:///{tmp_path}/c.db") as store:
        with pytest.raises(StoreError, match=r"\$\.new: not valid JSON"):
            store.histories()
        assert gc.isenabled()
