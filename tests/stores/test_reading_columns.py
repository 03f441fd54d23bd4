"""A store that keeps a reading in columns keeps one for each of ``records.READING_KEYS`` and
reads every one of them back."""

from __future__ import annotations

import inspect

from councilpmf import records
from councilpmf.core.indicators import Approval, Reading, ReadingStatus
from councilpmf.core.periods import parse_period

Q1 = parse_period("2024/25 Q1")


def test_a_reading_is_read_back_from_one_column_for_each_of_its_keys() -> None:
    taken = list(inspect.signature(records.reading_from_columns).parameters)
    columns = [name for name in taken if name not in ("indicator", "period", "where")]
    assert sorted(columns) == sorted(records.READING_KEYS)
    assert len(columns) == 6


def test_every_column_comes_back_as_it_was_kept() -> None:
    kept = Reading(
        indicator="K1",
        period=Q1,
        value=41.5,
        status=ReadingStatus.PROVISIONAL,
        note="Estimated",
        published_status="Amber",
        approval=Approval.SUBMITTED,
    )
    row = {key: records.reading_body(kept)[key] for key in records.READING_KEYS}
    assert records.reading_from_columns("K1", Q1, where=lambda: "row 1", **row) == kept


def test_a_row_kept_before_published_statuses_and_approval_reads_back_approved() -> None:
    read = records.reading_from_columns("K1", Q1, 3.0, None, "final", "", where=lambda: "row 1")
    assert (read.published_status, read.approval) == ("", Approval.APPROVED)
