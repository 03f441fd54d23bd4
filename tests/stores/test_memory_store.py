"""``memory://`` beyond the contract: recording a reading's next revision appends it to the
history kept, never copying the revisions before it, and a write that fails part way still
puts back exactly what the store held."""

from __future__ import annotations

import pytest

from councilpmf.core.indicators import Reading, ReadingRevision
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.store import Change
from councilpmf.testing.samples import quarter

Q1 = quarter(1)


def _reading(value: float, indicator: str = "K1") -> Reading:
    return Reading(indicator=indicator, period=Q1, value=value)


def test_a_revision_is_appended_to_the_history_kept_not_copied_with_it() -> None:
    with MemoryStore() as store:
        store.record([_reading(0.0)], by="Jo")
        kept = store._kept[("K1", Q1)]
        first = kept[0]
        for value in range(1, 50):
            store.record([_reading(float(value))], by="Jo")
        # The same container grew by one each time: no revision was copied to make room.
        assert store._kept[("K1", Q1)] is kept
        assert kept[0] is first
        assert [revision.revision for revision in store.history("K1", Q1)] == list(range(1, 51))


def test_the_history_given_is_a_tuple_that_later_revisions_leave_alone() -> None:
    with MemoryStore() as store:
        store.record([_reading(1.0)], by="Jo")
        given = store.history("K1", Q1)
        store.record([_reading(2.0)], by="Jo")
        assert isinstance(given, tuple) and len(given) == 1
        assert len(store.histories()[("K1", Q1)]) == 2


def test_a_write_that_fails_part_way_cuts_each_history_back_and_drops_new_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with MemoryStore() as store:
        store.record([_reading(1.0), _reading(1.0, "K2")], by="Jo")
        store.record([_reading(2.0)], by="Jo")
        before = {key: store.history(*key) for key in (("K1", Q1), ("K2", Q1))}
        written: list[ReadingRevision] = []
        as_revision = Change.as_revision

        def fails_on_the_third(self: Change, by: str, at: str, reason: str) -> ReadingRevision:
            if len(written) == 2:
                raise MemoryError("out of memory")
            written.append(as_revision(self, by, at, reason))
            return written[-1]

        monkeypatch.setattr(Change, "as_revision", fails_on_the_third)
        batch = [_reading(3.0), _reading(0.5, "K3"), _reading(2.0, "K2")]
        with pytest.raises(MemoryError):
            store.record(batch, by="Ann")
        monkeypatch.undo()

        assert len(written) == 2  # K1 and K3 were written before K2 failed
        assert {key: store.history(*key) for key in (("K1", Q1), ("K2", Q1))} == before
        assert store.history("K3", Q1) == ()
        assert [r.value for r in store.readings()] == [2.0, 1.0]
        # What the failed write noted is forgotten: the next write, and its undoing, start afresh.
        assert store.record(batch, by="Ann").changed == 2
        assert [len(store.history(*key)) for key in (("K1", Q1), ("K2", Q1), ("K3", Q1))] == [
            3,
            2,
            1,
        ]
