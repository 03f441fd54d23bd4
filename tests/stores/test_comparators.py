"""Comparator values in the bundled stores, beyond the contract: a store written before stores
kept them opens with none and takes them from then on; who saved them, when and why is kept
beside them; and comparator values damaged on disk are refused naming the file (or table) and
the path, never read as something else."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from councilpmf import open_store
from councilpmf.core.indicators import ComparatorGroup, Reading
from councilpmf.core.periods import parse_period
from councilpmf.default_plugins import sqlite_store
from councilpmf.default_plugins.sqlite_store import MIGRATIONS, SqliteStore
from councilpmf.store import StoreError
from councilpmf.testing import sample_framework

Q1 = parse_period("2024/25 Q1")
GROUP = ComparatorGroup(indicator="HS01", period=Q1, group="CIPFA", values=(41.5, 38))
READING = Reading(indicator="HS01", period=Q1, value=40.0)


def _user_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def test_a_sqlite_store_of_the_schema_before_opens_with_none_and_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v3.db"
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", MIGRATIONS[:3])
    with SqliteStore(f"sqlite:///{path}") as old:  # as the release before wrote it
        old.save_framework(sample_framework(), 0, by="ann")
        old.record([READING], by="ann")
    monkeypatch.undo()
    assert _user_version(path) == 3
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_schema")}
    assert "comparators" not in tables
    with SqliteStore(f"sqlite:///{path}") as store:
        assert _user_version(path) == len(MIGRATIONS) == 4
        assert store.comparators() == ()
        assert store.load_framework() == (sample_framework(), 1)
        assert store.readings() == (READING,)
        assert store.save_comparators([GROUP], by="bob", reason="CIPFA 2024") == 1
    with SqliteStore(f"sqlite:///{path}") as store:
        assert store.comparators() == (GROUP,)
        assert store.readings() == (READING,)


def test_a_json_store_written_before_has_none_until_some_are_saved(tmp_path: Path) -> None:
    url = f"json:///{tmp_path}"
    with open_store(url) as store:
        store.save_framework(sample_framework(), 0, by="analyst")
        store.record([READING], by="ann")
    assert not (tmp_path / "comparators.json").exists()  # what every earlier store is like
    assert json.loads((tmp_path / "store.json").read_text())["version"] == 1
    with open_store(url) as store:
        assert store.comparators() == ()
        store.save_comparators([GROUP], by="bob", reason="CIPFA 2024")
    saved = json.loads((tmp_path / "comparators.json").read_text(encoding="utf-8"))
    assert (saved["by"], saved["reason"]) == ("bob", "CIPFA 2024")
    assert saved["comparators"] == [
        {"indicator": "HS01", "period": "2024/25 Q1", "group": "CIPFA", "values": [41.5, 38]}
    ]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")) == []


def test_sqlite_keeps_who_saved_them_when_and_why(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with open_store(f"sqlite:///{path}") as store:
        store.save_comparators([GROUP], by="ann", reason="first")
        store.save_comparators([], by="bob", reason="withdrawn")
        assert store.comparators() == ()
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT document, by, reason, saved_at FROM comparators").fetchall()
    assert [row[:3] for row in rows] == [("[]", "bob", "withdrawn")]
    assert rows[0][3].endswith("+00:00")


@pytest.mark.parametrize(
    ("document", "said"),
    [
        ("not json", "c.db: comparators: $: not valid JSON; the store is damaged"),
        ('{"a": 1}', "c.db: comparators: $: expected a list of comparator groups, not {'a': 1}"),
        (
            '[{"indicator": "HS01", "period": "2024/25 Q9", "group": "C", "values": []}]',
            "c.db: comparators: $[0].period: ",
        ),
        (
            '[{"indicator": "HS01", "period": "2024/25", "group": "C", "values": [1, null]}]',
            "c.db: comparators: $[0].values[1]: expected a number, not None",
        ),
        (
            '[{"indicator": "HS01", "period": "2024/25", "group": "C", "values": [1, -2e16]}]',
            "c.db: comparators: $[0].values[1]: -2e+16 is larger than 1e+15, the most allowed",
        ),
        # A group's bad indicator or group name is placed at its field, as its values are
        # (it was placed at the whole group, $[0]).
        (
            '[{"indicator": " HS01", "period": "2024/25", "group": "C", "values": []}]',
            "c.db: comparators: $[0].indicator: indicator must not start or end with a space",
        ),
        (
            '[{"indicator": "HS01", "period": "2024/25", "group": "", "values": []}]',
            "c.db: comparators: $[0].group: group must not be empty",
        ),
        (
            '[{"indicator": "HS01", "period": "2024/25", "values": []}]',
            "c.db: comparators: $[0].group: required field missing",
        ),
    ],
)
def test_damaged_comparators_in_sqlite_are_refused_by_path(
    tmp_path: Path, document: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///c.db") as store:
        store.save_comparators([GROUP], by="ann")
    with contextlib.closing(sqlite3.connect(tmp_path / "c.db")) as db, db:
        db.execute("UPDATE comparators SET document = ?", (document,))
    with open_store("sqlite:///c.db") as store, pytest.raises(StoreError) as caught:
        store.comparators()
    assert str(caught.value).startswith(said), caught.value


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda data: data.pop("by"), "$.by: required field missing"),
        (lambda data: data.update(extra=1), "$: unknown fields ['extra']"),
        (lambda data: data.update(reason=3), "$.reason: expected text, not 3"),
        (
            lambda data: data["comparators"][0].update(values="41.5"),
            "$.comparators[0].values: expected a list of numbers, not '41.5'",
        ),
        (
            lambda data: data["comparators"][0].update(group=7),
            "$.comparators[0].group: expected text, not 7",
        ),
        (
            lambda data: data["comparators"][0].update(indicator=""),
            "$.comparators[0].indicator: indicator must not be empty",
        ),
        (
            lambda data: data["comparators"][0].update(values=[41.5, 1e16]),
            "$.comparators[0].values[1]: 1e+16 is larger than 1e+15, the most allowed",
        ),
    ],
)
def test_damaged_comparators_in_json_are_refused_by_file_and_path(
    tmp_path: Path, edit: object, said: str
) -> None:
    url = f"json://{tmp_path}"  # two slashes: the folder's own path is absolute
    with open_store(url) as store:
        store.save_comparators([GROUP], by="ann")
    file = tmp_path / "comparators.json"
    data = json.loads(file.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    file.write_text(json.dumps(data), encoding="utf-8")
    with open_store(url) as store, pytest.raises(StoreError) as caught:
        store.comparators()
    assert str(caught.value) == f"{file}: {said}"
