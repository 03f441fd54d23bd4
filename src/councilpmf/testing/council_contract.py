"""The store contract's tests of saving a whole council at once: :meth:`Store.save_council`
saves the framework (as :meth:`~councilpmf.store.Store.save_framework` does), records the
readings (as :meth:`~councilpmf.store.Store.record` does) and replaces the comparator values
(as :meth:`~councilpmf.store.Store.save_comparators` does, or leaves them when given None) in
one transaction. When any part is refused (a stale framework revision, a stale ``expected``
revision of a reading, a batch with something that is not a reading in it or two readings of
one key, a comparator group that is not valid, a source that fails part way) the framework's
revisions, the readings with their histories and the comparator values are exactly as they
were: a store that saved the framework and then found the readings refused keeps neither.

:class:`~councilpmf.testing.store_contract.StoreContract` inherits these tests; they use its
``store`` fixture.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from councilpmf.core.indicators import Reading
from councilpmf.store import ConflictError, CouncilSummary, RecordSummary, Store, StoreError
from councilpmf.testing.comparator_contract import (
    _bad_batches,
    _failing_source,
    _SourceFailed,
    sample_comparators,
)
from councilpmf.testing.expect import expect_equal, expect_refused
from councilpmf.testing.samples import (
    UPDATE,
    quarter,
    sample_framework,
    sample_reading,
    sample_readings,
    with_update,
)
from councilpmf.testing.store_checks import same_readings

__all__ = ["CouncilContract", "everything_kept"]


def everything_kept(store: Store) -> tuple[object, ...]:
    """What a store keeps of a council, to compare before and after a save: every framework
    revision listed and read back, the readings, every reading's history (who, when, why)
    and the comparator values."""
    revisions = store.plan_revisions()
    readings = store.readings()
    return (
        revisions,
        tuple(store.framework_at(revision.revision) for revision in revisions),
        readings,
        tuple(store.history(*reading.key) for reading in readings),
        store.comparators(),
    )


class _ReadingsFailed(Exception):
    """Raised by a source of readings part way through."""


def _failing(readings: tuple[Reading, ...]) -> Iterator[Reading]:
    yield from readings[:3]
    raise _ReadingsFailed("the readings' file could not be read to the end")


class CouncilContract:
    """A council saved whole, in one transaction, or not at all."""

    def test_a_council_is_saved_whole_with_who_and_why(self, store: Store) -> None:
        framework, readings, groups = sample_framework(), sample_readings(), sample_comparators()
        expect_equal(
            store.save_council(
                framework, 0, readings, by="ann", reason="the year end", comparators=groups
            ),
            CouncilSummary(
                revision=1, readings=RecordSummary(new=len(readings)), comparators=len(groups)
            ),
            "store.save_council(framework, 0, readings, ..., comparators=groups)",
        )
        expect_equal(store.load_framework(), (framework, 1), "store.load_framework()")
        expect_equal(
            [(r.revision, r.by, r.reason) for r in store.plan_revisions()],
            [(1, "ann", "the year end")],
            "the framework revisions kept, with who and why",
        )
        same_readings(store.readings(), readings, "readings() after saving the council")
        (first,) = store.history(*readings[0].key)
        expect_equal((first.by, first.reason), ("ann", "the year end"), "who and why of a reading")
        expect_equal(store.comparators(), groups, "store.comparators() after saving the council")

        later = with_update(framework, "S1", UPDATE)
        changed = sample_reading(*readings[0].key, 99.5)
        expect_equal(
            store.save_council(
                later, 1, [changed, *readings[1:]], by="bob", expected={readings[0].key: 1}
            ),
            CouncilSummary(
                revision=2, readings=RecordSummary(changed=1, unchanged=len(readings) - 1)
            ),
            "saving it again with one reading changed and no comparators (None)",
        )
        expect_equal(store.load_framework(), (later, 2), "store.load_framework() saved again")
        expect_equal(store.revision(*readings[0].key), 2, "the changed reading's revision")
        expect_equal(store.comparators(), groups, "store.comparators(): None leaves them")
        expect_equal(
            store.save_council(later, 2, (), by="carol", comparators=()),
            CouncilSummary(revision=3, readings=RecordSummary(), comparators=0),
            "saving it with no readings and no comparator groups",
        )
        expect_equal(store.comparators(), (), "store.comparators(): no groups clear them")

    def _saved_once(self, store: Store) -> tuple[tuple[Reading, ...], tuple[object, ...]]:
        """A store holding a council saved twice (two framework revisions, a reading with
        two revisions, comparator values), and everything it keeps."""
        readings = sample_readings()
        store.save_council(
            sample_framework(), 0, readings, by="ann", comparators=sample_comparators()
        )
        store.save_council(
            with_update(sample_framework(), "S1", UPDATE),
            1,
            [sample_reading(*readings[0].key, 12.5)],
            by="ann",
        )
        return readings, everything_kept(store)

    def _refused(
        self,
        store: Store,
        before: tuple[object, ...],
        refusals: dict[str, tuple[type[Exception], Callable[[], object]]],
    ) -> None:
        for what, (error, save) in refusals.items():
            with expect_refused(error, f"saving a council with {what}"):
                save()
            expect_equal(
                everything_kept(store),
                before,
                f"the framework revisions, readings, histories and comparator values after "
                f"saving a council with {what}",
            )

    def test_a_council_whose_readings_are_refused_keeps_nothing(self, store: Store) -> None:
        readings, before = self._saved_once(store)
        key, fresh = readings[0].key, sample_reading("NEW1", quarter(1), 1.0)
        self._refused(
            store,
            before,
            {
                "a stale expected revision of its last reading": (
                    ConflictError,
                    _another(store, [fresh, sample_reading(*key, 3.0)], expected={key: 1}),
                ),
                "something that is not a reading last": (
                    StoreError,
                    _another(store, [fresh, "NEW2,2024/25 Q1,2.0"]),
                ),
                "two different readings of one key": (
                    StoreError,
                    _another(store, [fresh, sample_reading(*key, 3.0), sample_reading(*key, 4.0)]),
                ),
                "a source of readings that fails part way": (
                    _ReadingsFailed,
                    _another(store, _failing((fresh, *readings))),
                ),
                "expected revisions that are not a mapping": (
                    StoreError,
                    _another(store, [fresh], expected=[key]),
                ),
            },
        )

    def test_a_council_whose_comparators_are_refused_keeps_nothing(self, store: Store) -> None:
        readings, before = self._saved_once(store)
        batch = [sample_reading("NEW1", quarter(1), 1.0), sample_reading(*readings[0].key, 3.0)]
        groups = sample_comparators()
        refusals: dict[str, tuple[type[Exception], Callable[[], object]]] = {
            "one group, not groups": (StoreError, _another(store, batch, comparators=groups[0])),
            "a source of groups that fails part way": (
                _SourceFailed,
                _another(store, batch, comparators=_failing_source(groups)),
            ),
        }
        for what, bad, _named in _bad_batches(groups[0]):
            refusals[what] = (StoreError, _another(store, batch, comparators=bad))
        self._refused(store, before, refusals)

    def test_a_council_refused_before_it_begins_keeps_nothing(self, store: Store) -> None:
        readings, before = self._saved_once(store)
        batch = [sample_reading("NEW1", quarter(1), 1.0), sample_reading(*readings[0].key, 3.0)]
        self._refused(
            store,
            before,
            {
                "a stale framework revision": (ConflictError, _another(store, batch, revision=1)),
                "a framework revision from the future": (
                    ConflictError,
                    _another(store, batch, revision=3),
                ),
                "a framework revision that is True": (
                    StoreError,
                    _another(store, batch, revision=True),
                ),
                "something that is not a framework": (
                    StoreError,
                    _another(store, batch, framework="plan.toml"),
                ),
                "nobody saving it": (StoreError, _another(store, batch, by=" ")),
            },
        )
        expect_equal(
            _another(store, batch)(),
            CouncilSummary(revision=3, readings=RecordSummary(new=1, changed=1), comparators=2),
            "the same council saved expecting the current revision",
        )


def _another(
    store: Store,
    readings: Any,
    *,
    revision: Any = 2,
    framework: Any = None,
    by: str = "bob",
    expected: Any = None,
    comparators: Any = None,
) -> Callable[[], object]:
    """Saving another council (by default a framework not the one kept, expecting revision
    2, with two comparator groups) over the one ``_saved_once`` keeps: each argument may be
    what the test means the store to refuse."""
    return functools.partial(
        store.save_council,
        sample_framework("Another Council") if framework is None else framework,
        revision,
        readings,
        by=by,
        expected=expected,
        comparators=sample_comparators()[:2] if comparators is None else comparators,
    )
