"""Every revision a SQLite store keeps, spoilt at random behind the library's back, is read by
``histories()`` as ``history()`` reads it, one reading at a time, or refused with a
``StoreError`` in the same words: never another exception."""

from __future__ import annotations

import contextlib
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from store_fixtures import JSON_VALUES, Q1, READINGS

from councilpmf.core.indicators import Reading
from councilpmf.default_plugins.sqlite_store import SqliteStore
from councilpmf.testing.frame_contract import outcome


def _bodies(body: dict[str, object]) -> st.SearchStrategy[object]:
    """A revision's body as the store keeps it, spoilt: a field set to any JSON value or
    removed, a field added, the whole body any JSON value, or text that is not JSON."""
    fields = sorted(body)
    return st.one_of(
        st.tuples(st.sampled_from(fields) | st.text(max_size=3), JSON_VALUES).map(
            lambda change: json.dumps({**body, change[0]: change[1]})
        ),
        st.sampled_from(fields).map(
            lambda field: json.dumps({k: v for k, v in body.items() if k != field})
        ),
        JSON_VALUES.map(json.dumps),
        st.sampled_from(["", "{", "null", "NaN", '{"value": Infinity}']),
    )


BODY = {"value": 2.5, "missing_reason": None, "status": "final", "note": "", "approval": "approved"}

SPOILS = st.one_of(
    st.tuples(st.just("new"), _bodies(BODY)),
    st.tuples(st.just("old"), st.one_of(st.none(), _bodies(BODY))),
    st.tuples(
        st.sampled_from(["by", "at", "reason"]),
        st.one_of(
            st.text(max_size=4),
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            st.binary(max_size=2),
            st.sampled_from(["", "2025-01-20T10:00:00+00:00", "yesterday", "Red\x1b"]),
        ),
    ),
    st.tuples(st.just("revision"), st.integers(min_value=1, max_value=5)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@example(spoils=[(0, ("new", "{"))])
@example(spoils=[(2, ("at", "yesterday"))])
@given(spoils=st.lists(st.tuples(st.integers(0, 3), SPOILS), min_size=1, max_size=3))
def test_any_spoilt_revision_is_read_or_refused_alike_by_history_and_histories(
    tmp_path_factory: pytest.TempPathFactory, spoils: list[tuple[int, tuple[str, object]]]
) -> None:
    path = tmp_path_factory.mktemp("spoilt") / "pmf.db"
    with SqliteStore(f"sqlite:///{path}") as store:
        store.record(READINGS, by="me")
        store.record([Reading(indicator="K1", period=Q1, value=4.0)], by="you", reason="typo")
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        keys = list(db.execute("SELECT indicator, period, revision FROM reading_revisions"))
        for row, (column, stored) in spoils:
            with contextlib.suppress(sqlite3.IntegrityError):  # NOT NULL, one key per row
                db.execute(
                    f"UPDATE reading_revisions SET {column} = ? "
                    "WHERE indicator = ? AND period = ? AND revision = ?",
                    (stored, *keys[row]),
                )
    with SqliteStore(f"sqlite:///{path}") as store:
        readings = store.readings()

        def one_at_a_time() -> object:
            return {(r.indicator, r.period): store.history(r.indicator, r.period) for r in readings}

        bulk = outcome(store.histories)
        event(f"histories() {bulk[0]}")
        assert bulk == outcome(one_at_a_time)
