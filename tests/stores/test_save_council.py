"""Saving a whole council (``Store.save_council``) in each bundled store, beyond the contract:
a failure in its last step, once the framework and readings are written (the disk full when
the comparator values are written), keeps none of them; ``json://`` killed part way through
writing them undoes it all on the next open; and the contract fails a store that makes the
three saves one after another."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from councilpmf import open_store
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import ComparatorGroup, Reading
from councilpmf.default_plugins import json_store
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.sqlstore import SqlStore
from councilpmf.store import CouncilSummary, ReadingKey, Store, StoreError
from councilpmf.testing import StoreContract
from councilpmf.testing.comparator_contract import sample_comparators
from councilpmf.testing.council_contract import everything_kept
from councilpmf.testing.samples import UPDATE, sample_framework, sample_readings, with_update


def _saved_council(store: Store) -> tuple[Framework, list[Reading], tuple[ComparatorGroup, ...]]:
    """Save a council in ``store``; return a later one to save over it: a new framework
    revision, every reading changed and one comparator group fewer."""
    readings = sample_readings()
    store.save_council(sample_framework(), 0, readings, by="ann", comparators=sample_comparators())
    later = [
        reading
        if reading.value is None
        else Reading(indicator=reading.indicator, period=reading.period, value=reading.value + 1)
        for reading in readings
    ]
    return with_update(sample_framework(), "S1", UPDATE), later, sample_comparators()[1:]


def _disk_full_in_memory(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    def put(*args: object) -> None:
        raise MemoryError("out of memory")

    monkeypatch.setattr(MemoryStore, "_put_comparators", put)


def _disk_full_in_sqlite(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    def put(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqlStore, "_put_comparators", put)


def _disk_full_in_json(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    real = json_store._write_new

    def write_new(path: str, data: bytes, sync: bool) -> None:
        if Path(path).name == "comparators.json":
            raise OSError(errno.ENOSPC, "No space left on device", path)
        real(path, data, sync)

    monkeypatch.setattr(json_store, "_write_new", write_new)


STORES: dict[str, tuple[Callable[[Path], str], Callable[[pytest.MonkeyPatch, Path], None], str]] = {
    "memory": (lambda root: "memory://", _disk_full_in_memory, "out of memory"),
    "sqlite": (lambda root: f"sqlite:///{root}/c.db", _disk_full_in_sqlite, "the disk is full"),
    "json": (lambda root: f"json:///{root}/store", _disk_full_in_json, "the disk is full"),
}


@pytest.mark.parametrize("scheme", sorted(STORES))
def test_a_council_whose_last_step_fails_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    url, break_it, said = STORES[scheme]
    with open_store(url(tmp_path)) as store:
        framework, readings, groups = _saved_council(store)
        before = everything_kept(store)
        with monkeypatch.context() as patch:
            break_it(patch, tmp_path)
            with pytest.raises((StoreError, MemoryError), match=said):
                store.save_council(framework, 1, readings, by="bob", comparators=groups)
        assert everything_kept(store) == before
        assert [p.name for p in tmp_path.rglob(".*") if p.name != ".lock"] == []  # no backups
        saved = store.save_council(framework, 1, readings, by="bob", comparators=groups)
        assert (saved.revision, saved.readings.changed, saved.comparators) == (
            2,
            sum(reading.value is not None for reading in readings),
            len(groups),
        )


# The child saves a later council over the one the store holds and is killed as it first
# renames comparators.json (the last file written), or once every new file is written, before
# the commit.
CRASHER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from councilpmf.default_plugins import json_store
    from councilpmf.default_plugins.json_store import JsonStore
    from councilpmf.testing.comparator_contract import sample_comparators
    from councilpmf.testing.samples import UPDATE, sample_framework, sample_readings, with_update

    url, when = sys.argv[1], sys.argv[2]
    real_replace, real_sync_data = os.replace, json_store._sync_data

    def replace(source, target):
        if when == "moving-aside" and "comparators.json" in (Path(source).name, Path(target).name):
            os._exit(3)
        real_replace(source, target)

    def sync_data(anchor, files):
        if when == "before-commit" and any(f.endswith("comparators.json") for f in files):
            os._exit(3)
        real_sync_data(anchor, files)

    os.replace, json_store._sync_data = replace, sync_data
    store = JsonStore(url)
    readings = [r for r in sample_readings() if r.value is not None]
    later = [type(r)(indicator=r.indicator, period=r.period, value=r.value + 1) for r in readings]
    store.save_council(with_update(sample_framework(), "S1", UPDATE), 1, later, by="killed",
                       comparators=sample_comparators()[1:])
    """
)


@pytest.mark.parametrize("when", ["moving-aside", "before-commit"])
def test_a_council_save_killed_part_way_is_undone_on_the_next_open(
    tmp_path: Path, when: str
) -> None:
    url = f"json:///{tmp_path}/store"
    with open_store(url) as store:
        _saved_council(store)
        before = everything_kept(store)
    killed = subprocess.run([sys.executable, "-c", CRASHER, url, when], check=False)
    assert killed.returncode == 3
    assert (tmp_path / "store" / "journal.json").exists()
    with open_store(url) as store:
        assert everything_kept(store) == before
    assert [p.name for p in (tmp_path / "store").rglob(".*") if p.name != ".lock"] == []


class OneSaveAfterAnother:
    """A store whose ``save_council`` makes the three saves one after another, each in a
    transaction of its own, as a store without one transaction for all three might."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

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
        revision = self._inner.save_framework(framework, expected_revision, by, reason)
        summary = self._inner.record(readings, by, reason, expected)
        kept = None
        if comparators is not None:
            kept = self._inner.save_comparators(comparators, by, reason)
        return CouncilSummary(revision=revision, readings=summary, comparators=kept)


@pytest.mark.parametrize(
    "test",
    [
        "test_a_council_whose_readings_are_refused_keeps_nothing",
        "test_a_council_whose_comparators_are_refused_keeps_nothing",
    ],
)
def test_the_contract_fails_a_store_that_saves_a_council_in_three_transactions(
    test: str,
) -> None:
    check: Callable[[Store], None] = getattr(StoreContract(), test)
    with open_store("memory://") as inner:
        check(inner)  # the store itself keeps the promise
    with open_store("memory://") as inner, pytest.raises(AssertionError) as failure:
        check(OneSaveAfterAnother(inner))  # type: ignore[arg-type]
    assert str(failure.value).startswith(
        "the framework revisions, readings, histories and comparator values after saving a "
        "council with "
    )
