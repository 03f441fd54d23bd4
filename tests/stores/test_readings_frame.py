"""Reading a store as a frame: the columns and types when nothing matches, the words when polars
is missing or a row is damaged, and the SQL fast path building no Reading per row. That the
frame equals ``readings()`` for every store is the contract's (``councilpmf.testing``)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from store_fixtures import JSON_VALUES, READINGS

from councilpmf import records, sqlstore
from councilpmf.core._validate import REFUSED, text_problem
from councilpmf.core.errors import CouncilPMFError
from councilpmf.core.indicators import Reading
from councilpmf.default_plugins.json_store import JsonStore
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.default_plugins.sqlite_store import SqliteStore
from councilpmf.store import FRAME_SCHEMA, Store, StoreError
from councilpmf.testing.frame_contract import frame_beside_readings

COLUMNS = [name for name, _ in FRAME_SCHEMA]


@pytest.fixture(params=["memory", "json", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened: Store = {
        "memory": lambda: MemoryStore(),
        "json": lambda: JsonStore(f"json://{tmp_path}/store"),
        "sqlite": lambda: SqliteStore(f"sqlite:///{tmp_path}/pmf.db"),
    }[request.param]()
    with opened:
        yield opened


def test_the_frame_has_the_documented_columns_and_order(store: Store) -> None:
    store.record(READINGS, by="me")
    frame = store.readings_frame()
    assert frame.schema == pl.Schema({name: getattr(pl, kind) for name, kind in FRAME_SCHEMA})
    assert frame.rows() == [
        # the same dates, recorded first
        ("K1", "2024 Q2", 3.0, None, "final", "whole", "", "approved"),
        ("K1", "2024/25 Q1", 2.5, None, "provisional", "", "", "submitted"),
        ("K2", "2024/25 Q1", None, "survey paused", "final", "", "Grey", "approved"),
    ]


@pytest.mark.parametrize(
    "query",
    [{"indicators": []}, {"periods": []}, {"indicators": ["K9"]}, {"indicators": [5]}],
    ids=repr,
)
def test_nothing_matching_is_an_empty_frame_with_the_columns(
    store: Store, query: dict[str, object]
) -> None:
    store.record(READINGS, by="me")
    frame = store.readings_frame(**query)  # type: ignore[arg-type]
    assert frame.is_empty()
    assert frame.columns == COLUMNS
    assert frame.dtypes == [getattr(pl, kind) for _, kind in FRAME_SCHEMA]


def test_without_polars_the_error_says_what_to_install(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.record(READINGS, by="me")
    monkeypatch.setitem(sys.modules, "polars", None)  # import polars now raises ImportError
    with pytest.raises(CouncilPMFError, match=r'pip install "councilpmf\[frames\]"'):
        store.readings_frame()


def test_the_sqlite_fast_path_builds_no_reading_per_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SqliteStore(f"sqlite:///{tmp_path}/pmf.db") as store:
        store.record(READINGS, by="me")
        expected = store.readings_frame()

        def no_readings(*args: object) -> Reading:
            raise AssertionError("a Reading was built")

        monkeypatch.setattr(records, "reading_from_columns", no_readings)
        monkeypatch.setattr(records, "reading_from_body", no_readings)  # how a row is refused
        with pytest.raises(AssertionError):
            store.readings()
        assert store.readings_frame().equals(expected)


@pytest.mark.parametrize(
    ("indicator", "column", "value"),
    [
        ("K1", "value", "'n/a'"),
        ("K2", "value", "'n/a'"),  # beside its reason
        ("K1", "value", "'1.5'"),  # text that polars would read as a number
        ("K1", "value", "X'01'"),
        ("K1", "value", "9e999"),  # infinity
        ("K1", "value", "2e15"),
        ("K2", "missing_reason", "NULL"),
        ("K2", "missing_reason", "' '"),
        ("K1", "missing_reason", "'late'"),
        ("K2", "status", "'bogus'"),
        ("K1", "approval", "'signed off'"),
    ],
)
def test_a_damaged_sqlite_row_is_refused_in_words_as_readings_refuses_it(
    tmp_path: Path, indicator: str, column: str, value: str
) -> None:
    path = tmp_path / "pmf.db"
    with SqliteStore(f"sqlite:///{path}") as store:
        store.record(READINGS, by="me")
    with sqlite3.connect(path) as db:
        db.execute(
            f"UPDATE readings_current SET {column} = {value} WHERE indicator = ? AND seq = 1"
            if indicator == "K1"
            else f"UPDATE readings_current SET {column} = {value} WHERE indicator = ?",
            (indicator,),
        )
    with SqliteStore(f"sqlite:///{path}") as store:
        with pytest.raises(StoreError) as refused:
            store.readings()
        with pytest.raises(StoreError, match=r"pmf\.db: readings_current") as error:
            store.readings_frame()
    assert str(error.value) == str(refused.value)


def test_a_value_no_frame_holds_is_not_named_before_an_earlier_damaged_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame is read a batch at a time: a value no frame holds, in a later batch than a
    row readings() refuses first, does not hide that row."""
    monkeypatch.setattr("councilpmf.sqlstore.FRAME_BATCH", 1)
    path = tmp_path / "pmf.db"
    with SqliteStore(f"sqlite:///{path}") as store:
        store.record(READINGS, by="me")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE readings_current SET note = 'Red\x1b' WHERE indicator = 'K1'")
        db.execute("UPDATE readings_current SET value = 'n/a' WHERE indicator = 'K2'")
    with SqliteStore(f"sqlite:///{path}") as store:
        with pytest.raises(StoreError, match="note must not hold control") as refused:
            store.readings()
        with pytest.raises(StoreError) as error:
            store.readings_frame()
    assert str(error.value) == str(refused.value)


def test_what_polars_finds_with_the_refused_classes_is_what_text_problem_refuses() -> None:
    """The character class the frames search in bulk, as polars reads it, holds every
    character of valid Unicode that ``text_problem`` refuses, and no other."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    found = pl.Series(chars).str.contains(REFUSED).to_list()
    assert found == [bool(text_problem(c)) for c in chars]


@pytest.mark.parametrize(
    ("column", "text", "words"),
    [
        ("note", "Red\x1b[2J", "note must not hold control characters: character 4 is U+001B"),
        (
            "published_status",
            "\u202eGreen",
            "published_status must not hold control characters: character 1 is U+202E "
            "(RIGHT-TO-LEFT OVERRIDE)",
        ),
        ("indicator", "K\n2", "indicator must be one line: character 2 is a line break"),
        ("indicator", "K2\n", "indicator must not start or end with a space: 'K2\\n'"),
    ],
)
def test_sqlite_text_a_reading_refuses_is_refused_naming_the_file_row_and_field(
    tmp_path: Path, column: str, text: str, words: str
) -> None:
    path = tmp_path / "pmf.db"
    with SqliteStore(f"sqlite:///{path}") as store:
        store.record(READINGS, by="me")
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE readings_current SET {column} = ? WHERE indicator = 'K2'", (text,))
    with SqliteStore(f"sqlite:///{path}") as store:
        with pytest.raises(StoreError) as refused:
            store.readings()
        with pytest.raises(StoreError) as frame_refused:
            store.readings_frame()
    row = f"({text if column == 'indicator' else 'K2'!r}, '2024/25 Q1')"
    said = f"{path}: readings_current {row}: $: {words}"
    assert str(frame_refused.value).startswith(said)
    assert str(frame_refused.value) == str(refused.value)


STORED = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([10**15, 10**15 + 1, -(10**15) - 1, 2**53 + 1]),
    st.floats(),
    st.sampled_from(
        ["", " ", "\t", "1.5", "1e3", "Infinity", "NaN", "late", "K1", "K 2", "K1 ", "Red\x1b"]
    ),
    st.sampled_from(["final", "provisional", "approved", "draft", "2024/25 Q1", "2024 Q2"]),
    st.text(max_size=4),
    st.binary(max_size=2),
)
"""What a SQLite store written behind the library's back may hold in a column: SQLite keeps
any of these in any column that has no type, and text or a number in one of text."""


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@example(changes=[(0, "value", "1.5")], batch=1)  # text polars would read as a number
@example(changes=[(0, "value", 10**15 + 1)], batch=1)  # a whole number beyond the limit
@example(changes=[(2, "missing_reason", " ")], batch=2)
@given(
    changes=st.lists(
        st.tuples(st.integers(0, len(READINGS) - 1), st.sampled_from(COLUMNS), STORED),
        min_size=1,
        max_size=3,
    ),
    batch=st.sampled_from([1, 2, 65_536]),
)
def test_any_stored_sqlite_row_is_read_or_refused_by_the_frame_as_readings_does(
    tmp_path_factory: pytest.TempPathFactory,
    changes: list[tuple[int, str, object]],
    batch: int,
) -> None:
    """Whatever a SQLite store's rows hold, ``readings_frame()`` gives the frame of what
    ``readings()`` gives, or refuses in its words, whichever batch the rows are read in."""
    path = tmp_path_factory.mktemp("spoilt") / "pmf.db"
    with SqliteStore(f"sqlite:///{path}") as store:
        store.record(READINGS, by="me")
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        seqs = [row[0] for row in db.execute("SELECT seq FROM readings_current ORDER BY seq")]
        for row, column, stored in changes:
            with contextlib.suppress(sqlite3.IntegrityError):  # NOT NULL, one key per row
                db.execute(
                    f"UPDATE readings_current SET {column} = ? WHERE seq = ?", (stored, seqs[row])
                )
    with (
        SqliteStore(f"sqlite:///{path}") as store,
        mock.patch.object(sqlstore, "FRAME_BATCH", batch),
    ):
        frame, readings = frame_beside_readings(store)
        assert frame == readings


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@example(changes=[(1, "value", 10**15 + 1)])
@example(changes=[(2, "missing_reason", " ")])
@given(
    changes=st.lists(
        st.tuples(
            st.integers(0, len(READINGS) - 1),
            st.sampled_from(COLUMNS),
            JSON_VALUES,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_json_reading_file_is_read_or_refused_by_the_frame_as_readings_does(
    tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[int, str, object]]
) -> None:
    """Whatever the fields of a ``json://`` store's reading files hold, ``readings_frame()``
    gives the frame of what ``readings()`` gives, or refuses in its words."""
    root = tmp_path_factory.mktemp("spoilt")
    with JsonStore(f"json://{root}") as store:
        store.record(READINGS, by="me")
    files = sorted((root / "readings").glob("*.json"))
    for row, field, stored in changes:
        path = files[row]
        data = json.loads(path.read_text(encoding="utf-8"))
        if field in ("indicator", "period"):
            data[field] = stored
        else:
            data["revisions"][-1]["new"][field] = stored
        path.write_text(json.dumps(data), encoding="utf-8")
    with JsonStore(f"json://{root}") as store:
        frame, readings = frame_beside_readings(store)
        assert frame == readings
