"""A SQLite store written by the first schema (version 1) opens in this version with
everything it held: its framework revisions, readings and histories, every reading approved."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from councilpmf import records
from councilpmf.core.indicators import Approval, Reading
from councilpmf.core.periods import parse_period
from councilpmf.default_plugins import sqlite_store
from councilpmf.default_plugins.sqlite_store import APPLICATION_ID, MIGRATIONS, SqliteStore
from councilpmf.store import PlanRevision
from councilpmf.testing import sample_framework

Q1, Q2 = parse_period("2024/25 Q1"), parse_period("2024/25 Q2")
OLD = {"value": 41.0, "missing_reason": None, "status": "provisional", "note": "first"}
NEW = {"value": 43, "missing_reason": None, "status": "final", "note": "checked"}
GONE = {"value": None, "missing_reason": "not collected", "status": "final", "note": ""}


def _version_1(path: Path) -> None:
    """A database exactly as version 1 wrote it: its tables, and JSON with no approval."""
    framework = records.framework_data(sample_framework())
    framework.pop("approval")
    db = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[0]:
        assert isinstance(step, str)
        db.execute(step)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
    db.execute("PRAGMA user_version = 1")
    for revision in (1, 2):
        db.execute(
            "INSERT INTO framework VALUES (?, ?, ?)",
            (revision, json.dumps(framework), f"2024-0{revision}-01T09:00:00+00:00"),
        )
    rows = [("K1", Q1, 1, 2, NEW), ("K2", Q2, 2, 1, GONE)]
    for indicator, period, seq, revision, body in rows:
        db.execute(
            "INSERT INTO readings_current VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                indicator,
                period.start.isoformat(),
                period.end.isoformat(),
                seq,
                str(period),
                revision,
                body["value"],
                body["missing_reason"],
                body["status"],
                body["note"],
            ),
        )
    db.execute("UPDATE store_state SET value = 3 WHERE name = 'next_seq'")
    history = [
        ("K1", Q1, 1, None, OLD, "alice", ""),
        ("K1", Q1, 2, OLD, NEW, "bob", "corrected"),
        ("K2", Q2, 1, None, GONE, "alice", ""),
    ]
    for indicator, period, revision, old, new, by, reason in history:
        db.execute(
            "INSERT INTO reading_revisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                indicator,
                str(period),
                revision,
                None if old is None else json.dumps(old),
                json.dumps(new),
                by,
                f"2024-05-0{revision}T10:00:00+00:00",
                reason,
            ),
        )
    db.close()


def _reading(indicator: str, period: object, body: dict[str, object]) -> Reading:
    return Reading(indicator=indicator, period=period, **body)  # type: ignore[arg-type]


def test_a_version_1_database_keeps_everything_and_its_readings_are_approved(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v1.db"
    _version_1(path)
    with SqliteStore(f"sqlite:///{path}") as store:
        version = store._db.execute("PRAGMA user_version").fetchone()[0]
        assert version == sqlite_store.schema_version() == len(MIGRATIONS)
        assert store.load_framework() == (sample_framework(), 2)
        assert store.plan_revisions() == (
            PlanRevision(revision=1, saved_at="2024-01-01T09:00:00+00:00"),
            PlanRevision(revision=2, saved_at="2024-02-01T09:00:00+00:00"),
        )
        assert store.framework_at(1) == sample_framework()
        assert store.readings() == (_reading("K1", Q1, NEW), _reading("K2", Q2, GONE))
        assert {r.approval for r in store.readings()} == {Approval.APPROVED}
        assert store.readings_frame().get_column("approval").to_list() == ["approved"] * 2
        assert isinstance(store.readings()[0].value, int)  # a whole number stays whole
        history = store.history("K1", Q1)
        assert [(h.revision, h.by, h.reason, h.at) for h in history] == [
            (1, "alice", "", "2024-05-01T10:00:00+00:00"),
            (2, "bob", "corrected", "2024-05-02T10:00:00+00:00"),
        ]
        assert history[1].old == _reading("K1", Q1, OLD)
        assert history[1].new == _reading("K1", Q1, NEW)
        # and it works on: a figure recorded again is left alone, a new one goes on from seq 3
        assert store.record([_reading("K1", Q1, NEW)], by="carol").unchanged == 1
        store.record([Reading(indicator="K0", period=Q1, value=1.0, approval="draft")], by="c")
        store.submit([("K0", Q1)], by="c")
        assert store.approve([("K0", Q1)], by="d") == 1
        assert [r.indicator for r in store.readings()] == ["K0", "K1", "K2"]
        assert store.save_framework(sample_framework(), 2, by="e", reason="why") == 3
        assert store.plan_revisions()[-1].by == "e"
    with SqliteStore(f"sqlite:///{path}") as store:  # reopened: nothing more to migrate
        assert store.readings()[0].approval is Approval.APPROVED
        assert len(store.plan_revisions()) == 3
