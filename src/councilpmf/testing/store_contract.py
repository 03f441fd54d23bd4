"""The store contract: the tests every councilpmf store passes.

A store plugin (``councilpmf_stores``) runs these tests against its own URL to show it keeps the
promises of :class:`councilpmf.store.Store`: frameworks and readings come back equal, every
revision is kept with who, when and why, a stale write raises
:class:`~councilpmf.store.ConflictError` and writes nothing, a batch is all or nothing (one
whose source fails part-way, or whose last reading conflicts, leaves nothing behind), malformed
input is refused with nothing changed, a closed store refuses use, hostile ids survive, the
store agrees with a plain dictionary model under random operations, and several processes
writing at once lose nothing. Readings move through approval (draft, submitted, approved)
with who and why kept, and every framework revision can be listed and read back
(:mod:`~councilpmf.testing.approval_contract`); comparator values come back as saved, in
order, replaced whole and refused whole (:mod:`~councilpmf.testing.comparator_contract`); a
whole council (framework, readings, comparator values) is saved in one transaction or, when
any part is refused, not at all (:mod:`~councilpmf.testing.council_contract`); the histories
of many readings read at once are each reading's history
(:mod:`~councilpmf.testing.history_contract`); a framework revision that no longer reads is
refused by name, still listed, and saved over with nothing lost
(:mod:`~councilpmf.testing.repair_contract`); every write refuses a ``by`` that names nobody,
in the same words, and writes nothing (:mod:`~councilpmf.testing.author_contract`); stored text
that a reading refuses is refused alike, in the same words, by ``readings()`` and
``readings_frame()`` (:mod:`~councilpmf.testing.frame_contract`).

**As a test class.** Subclass :class:`StoreContract` in a test module and give the URL of a
fresh, empty store for each test::

    import pytest
    from councilpmf.testing import StoreContract

    class TestRedisStore(StoreContract):
        @pytest.fixture
        def store_url(self, tmp_path):
            return f"redis://127.0.0.1:6379/{tmp_path.name}"

Stores are opened with :func:`councilpmf.open_store`, so the plugin must be installed (or
registered) for its scheme. Fixtures a subclass may override:

``store_url``
    The URL of a fresh, empty store for one test. A ``{tmp}`` in it is replaced by the test's
    own temporary directory: ``"sqlite:///{tmp}/c.db"`` is as good as building it from
    ``tmp_path``.
``store_url_factory``
    A callable giving the URL of another fresh, empty store on each call; the property-based
    and stateful tests open one per example. The default makes one from ``store_url``: a
    ``{tmp}``, the test's ``tmp_path`` or its ``tmp_path.name`` in the URL is replaced by a new
    temporary directory (or its name); a transient store (``persistent = False``) reuses the
    URL, because every open of it is empty. Override it when none of that applies.
``open_store``
    A callable ``url -> Store``; the default is :func:`councilpmf.open_store`. Override
    it (as a yield fixture) when the store needs setup or teardown around the test. The
    multi-process test opens the store in child processes with this callable when it can be
    pickled (a module-level function), else with :func:`councilpmf.open_store`.
``spoil_framework``
    A callable ``(url, revision) -> None`` that writes that framework revision of the store
    directly, so that it no longer reads (see :mod:`~councilpmf.testing.repair_contract`);
    without it, the test of repairing such a store is skipped.
``spoil_reading``
    A callable ``(url, indicator, period, field, text) -> None`` that writes ``text`` as a
    field of a stored reading directly, as it is (see
    :mod:`~councilpmf.testing.frame_contract`); without it, the tests of stored text and rows
    that a reading refuses are skipped.

Class attributes: ``persistent = False`` for a store that forgets everything when closed, like
``memory://`` (skips the reopen tests); ``multiprocess = False`` for one that several processes
cannot share (skips the multi-process test); ``max_examples``, ``stateful_examples`` and
``stateful_steps`` bound the property-based tests for a slow store.

To run the contract against a URL without writing a test module, see
:mod:`councilpmf.testing` (``-p councilpmf.testing --pyargs councilpmf.testing``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
import queue as queue_module
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from councilpmf import _strategies, plugins
from councilpmf.core.actions import ActionUpdate
from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Approval, Reading, ReadingStatus
from councilpmf.core.periods import FinancialYear, HalfYear, Month, Period, Quarter
from councilpmf.store import (
    ConflictError,
    NotFoundError,
    RecordSummary,
    Store,
    StoreError,
)
from councilpmf.testing.approval_contract import ApprovalContract
from councilpmf.testing.author_contract import AuthorContract
from councilpmf.testing.comparator_contract import ComparatorContract
from councilpmf.testing.council_contract import CouncilContract
from councilpmf.testing.expect import expect, expect_equal, expect_refused
from councilpmf.testing.frame_contract import FrameContract
from councilpmf.testing.history_contract import HistoryContract
from councilpmf.testing.processes import SHARED, contend, distinct_period
from councilpmf.testing.repair_contract import RepairContract
from councilpmf.testing.samples import (
    HOSTILE_IDS,
    UPDATE,
    quarter,
    sample_framework,
    sample_reading,
    with_update,
)
from councilpmf.testing.store_checks import (
    history_is_gapless,
    in_order,
    same_readings,
    utc_stamp,
)
from councilpmf.testing.store_model import model_machine

__all__ = ["TMP", "BatchSourceFailed", "Opener", "StoreContract"]

TMP = "{tmp}"
"""The placeholder in a store URL replaced by a fresh temporary directory."""

Opener = Callable[[str], Store]
"""How a store is opened from its URL."""

_STORE_METHODS = tuple(
    name
    for name, member in vars(Store).items()
    if callable(member) and (not name.startswith("_") or name in ("__enter__", "__exit__"))
)


class BatchSourceFailed(Exception):
    """Raised by the store contract's failing source of readings, part-way through a batch."""


class StoreContract(
    ApprovalContract,
    AuthorContract,
    ComparatorContract,
    CouncilContract,
    FrameContract,
    HistoryContract,
    RepairContract,
):
    """The tests every store passes. Subclass it as ``Test...`` and override ``store_url``."""

    persistent: bool = True
    """False for a store that forgets everything when closed (``memory://``)."""
    multiprocess: bool = True
    """False for a store that several processes cannot open at once."""
    max_examples: int = 25
    """Examples of the property-based framework round trip."""
    stateful_examples: int = 20
    """Examples (runs) of the stateful model test."""
    stateful_steps: int = 20
    """Steps in each run of the stateful model test."""
    processes: int = 4
    """Processes in the multi-process test."""

    # -- fixtures ----------------------------------------------------------------------------------

    @pytest.fixture
    def store_url(self, request: pytest.FixtureRequest) -> str:
        """The URL of a fresh, empty store; override it. ``{tmp}`` becomes ``tmp_path``."""
        url = request.config.getoption("councilpmf_store_url", default=None)
        if not url:
            pytest.fail(
                f"{type(self).__name__} gives no store: override the store_url fixture, or run "
                "pytest -p councilpmf.testing --councilpmf-store-url=URL",
                pytrace=False,
            )
        return str(url)

    @pytest.fixture
    def open_store(self) -> Opener:
        """How a store is opened from its URL."""
        return plugins.open_store

    @pytest.fixture
    def contract_url(self, store_url: str, tmp_path: Path) -> str:
        """``store_url`` with ``{tmp}`` replaced by this test's temporary directory."""
        return store_url.replace(TMP, str(tmp_path))

    @pytest.fixture
    def store_url_factory(
        self,
        store_url: str,
        contract_url: str,
        tmp_path: Path,
        tmp_path_factory: pytest.TempPathFactory,
    ) -> Callable[[], str]:
        """A callable giving the URL of another fresh, empty store on every call."""

        def fresh() -> str:
            if TMP in store_url:
                return store_url.replace(TMP, str(tmp_path_factory.mktemp("store")))
            if str(tmp_path) in contract_url:
                return contract_url.replace(str(tmp_path), str(tmp_path_factory.mktemp("store")))
            if tmp_path.name in contract_url:
                return contract_url.replace(tmp_path.name, tmp_path_factory.mktemp("store").name)
            if not self.persistent:
                return contract_url
            pytest.fail(
                f"cannot make another fresh store from {contract_url!r}: put {TMP} or tmp_path "
                "in store_url, or override the store_url_factory fixture",
                pytrace=False,
            )

        return fresh

    @pytest.fixture
    def contract_open(self, open_store: Opener) -> Iterator[Opener]:
        """``open_store``, closing every store it opened when the test ends."""
        opened: list[Store] = []

        def open_(url: str) -> Store:
            store = open_store(url)
            opened.append(store)
            return store

        yield open_
        for store in reversed(opened):
            store.close()

    @pytest.fixture
    def store(self, contract_open: Opener, contract_url: str) -> Store:
        """A fresh, empty store for this test."""
        return contract_open(contract_url)

    def _need_persistent(self) -> None:
        if not self.persistent:
            pytest.skip(f"{type(self).__name__} is not persistent: nothing survives a close")

    # -- it is a store -----------------------------------------------------------------------------

    def test_is_a_store(self, store: Store) -> None:
        missing = [name for name in _STORE_METHODS if not callable(getattr(store, name, None))]
        expect_equal(missing, [], f"methods of the Store protocol that {store!r} lacks")
        expect_equal(type(store.url), str, "the type of store.url")

    # -- frameworks --------------------------------------------------------------------------------

    def test_framework_round_trip(self, store: Store) -> None:
        framework = sample_framework()
        expect_equal(
            store.save_framework(framework, 0, by="analyst"),
            1,
            "store.save_framework(framework, 0)",
        )
        expect_equal(store.load_framework(), (framework, 1), "store.load_framework()")
        changed = sample_framework("Othertown Borough Council")
        expect_equal(
            store.save_framework(changed, 1, by="analyst"), 2, "store.save_framework(changed, 1)"
        )
        expect_equal(store.load_framework(), (changed, 2), "store.load_framework()")

    def test_generated_frameworks_round_trip(
        self, store_url_factory: Callable[[], str], contract_open: Opener
    ) -> None:
        @settings(
            max_examples=self.max_examples,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(framework=_strategies.frameworks)
        def round_trip(framework: Framework) -> None:
            with contract_open(store_url_factory()) as store:
                expect_equal(
                    store.save_framework(framework, 0, by="analyst"),
                    1,
                    "store.save_framework(framework, 0)",
                )
                loaded, revision = store.load_framework()
                expect_equal(revision, 1, "the revision loaded back")
                expect_equal(loaded, framework, "the framework loaded back")

        round_trip()

    def test_load_with_nothing_saved_is_not_found(self, store: Store) -> None:
        with expect_refused(NotFoundError, "store.load_framework()"):
            store.load_framework()

    def test_stale_framework_save_conflicts_and_changes_nothing(self, store: Store) -> None:
        first = sample_framework()
        second = sample_framework("Othertown Borough Council")
        with expect_refused(ConflictError, "store.save_framework(first, 1)"):
            store.save_framework(first, 1, by="analyst")
        with expect_refused(NotFoundError, "store.load_framework()"):
            store.load_framework()
        expect_equal(
            store.save_framework(first, 0, by="analyst"), 1, "store.save_framework(first, 0)"
        )
        expect_equal(
            store.save_framework(second, 1, by="analyst"), 2, "store.save_framework(second, 1)"
        )
        for stale in (0, 1, 3, 99):
            with expect_refused(
                ConflictError, 'store.save_framework(sample_framework("Stale Council"), stale)'
            ):
                store.save_framework(sample_framework("Stale Council"), stale, by="analyst")
            expect_equal(store.load_framework(), (second, 2), "store.load_framework()")

    def test_saving_a_non_framework_is_refused(self, store: Store) -> None:
        things: tuple[object, ...] = ("a framework", None, {"plan": {}}, sample_framework().plan)
        for thing in things:
            with expect_refused(StoreError, "store.save_framework(thing, 0)"):
                store.save_framework(thing, 0, by="analyst")  # type: ignore[arg-type]
        with expect_refused(NotFoundError, "store.load_framework()"):
            store.load_framework()
        framework = sample_framework()
        store.save_framework(framework, 0, by="analyst")
        with expect_refused(StoreError, "store.save_framework(None, 1)"):
            store.save_framework(None, 1, by="analyst")  # type: ignore[arg-type]
        expect_equal(store.load_framework(), (framework, 1), "store.load_framework()")

    def test_an_expected_framework_revision_must_be_a_whole_number(self, store: Store) -> None:
        framework = sample_framework()
        store.save_framework(framework, 0, by="analyst")
        for wrong in (True, "1", 1.0, -1, None):
            what = f"store.save_framework(other, {wrong!r})"
            try:
                store.save_framework(sample_framework("Other Council"), wrong, by="analyst")  # type: ignore[arg-type]
            except ConflictError as error:
                raise AssertionError(f"{what}: refused as a conflict: {error}") from error
            except StoreError as error:
                expect(repr(wrong) in str(error), f"{what}: {wrong!r} in {str(error)!r}")
            else:
                raise AssertionError(f"{what}: expected StoreError, but it was saved")
            expect_equal(store.load_framework(), (framework, 1), f"the framework after {what}")

    # -- readings ----------------------------------------------------------------------------------

    def test_record_new_unchanged_changed(self, store: Store) -> None:
        q1 = quarter(1)
        first = sample_reading("HS01", q1, 41.0)
        before = dt.datetime.now(dt.UTC)
        expect_equal(
            store.record([first], by="alice"),
            RecordSummary(new=1),
            'store.record([first], by="alice")',
        )
        expect_equal(store.revision("HS01", q1), 1, 'store.revision("HS01", q1)')
        expect_equal(
            store.record([first], by="bob", reason="again"),
            RecordSummary(unchanged=1),
            'store.record([first], by="bob", reason="again")',
        )
        expect_equal(store.revision("HS01", q1), 1, 'store.revision("HS01", q1)')
        expect_equal(len(store.history("HS01", q1)), 1, 'len(store.history("HS01", q1))')
        second = sample_reading("HS01", q1, 43.5)
        expect_equal(
            store.record([second], by="carol", reason="corrected"),
            RecordSummary(changed=1),
            'store.record([second], by="carol", reason="corrected")',
        )
        after = dt.datetime.now(dt.UTC)
        expect_equal(store.revision("HS01", q1), 2, 'store.revision("HS01", q1)')
        expect_equal(store.readings(), (second,), "store.readings()")
        history = store.history("HS01", q1)
        expect_equal(type(history), tuple, 'the type of store.history("HS01", q1)')
        expect_equal(len(history), 2, "len(history)")
        old, new = history
        expect_equal(
            (old.indicator, old.period, old.revision),
            ("HS01", q1, 1),
            "(old.indicator, old.period, old.revision)",
        )
        expect_equal(
            (old.old, old.new, old.by, old.reason),
            (None, first, "alice", ""),
            "(old.old, old.new, old.by, old.reason)",
        )
        expect_equal(
            (new.indicator, new.period, new.revision),
            ("HS01", q1, 2),
            "(new.indicator, new.period, new.revision)",
        )
        expect_equal(
            (new.old, new.new, new.by, new.reason),
            (first, second, "carol", "corrected"),
            "(new.old, new.new, new.by, new.reason)",
        )
        for revision in history:
            utc_stamp(revision.at, before, after)
        expect(
            dt.datetime.fromisoformat(old.at) <= dt.datetime.fromisoformat(new.at),
            f"revision times: expected the first ({old.at}) no later than the second ({new.at})",
        )

    def test_one_batch_counts_new_changed_and_unchanged(self, store: Store) -> None:
        q1, q2 = quarter(1), quarter(2)
        store.record([sample_reading("A", q1, 1.0), sample_reading("B", q1, 2.0)], by="alice")
        batch = [
            sample_reading("A", q1, 1.0),
            sample_reading("B", q1, 2.5),
            sample_reading("C", q2, 0.0),
        ]
        expect_equal(
            store.record(batch, by="bob"),
            RecordSummary(new=1, changed=1, unchanged=1),
            'store.record(batch, by="bob")',
        )
        expect_equal(store.record([], by="bob"), RecordSummary(), 'store.record([], by="bob")')
        expect_equal(
            store.record(iter(batch), by="bob"),
            RecordSummary(unchanged=3),
            'store.record(iter(batch), by="bob")',
        )
        same_readings(store.readings(), batch)

    def test_missing_provisional_and_final_round_trip(self, store: Store) -> None:
        q1, fy = quarter(1), FinancialYear(year=2024)
        missing = sample_reading("HS01", q1, None, status=ReadingStatus.PROVISIONAL, note="Ŵ 📈")
        provisional = sample_reading("BEN02", fy, 12.25, status=ReadingStatus.PROVISIONAL)
        odd = [
            sample_reading(f"V{i}", q1, value, note=f"value {value!r}")
            for i, value in enumerate((0.0, -12.5, 1_234_567.891, 0.1 + 0.2, 1e-9, -1e9))
        ]
        expect_equal(
            store.record([missing, provisional, *odd], by="analyst").new,
            2 + len(odd),
            'store.record([missing, provisional, *odd], by="analyst").new',
        )
        same_readings(store.readings(), [missing, provisional, *odd])
        final = attrs.evolve(provisional, status=ReadingStatus.FINAL)
        expect_equal(
            store.record([final], by="analyst"),
            RecordSummary(changed=1),
            'store.record([final], by="analyst")',
        )
        filled = sample_reading("HS01", q1, 61.0)
        expect_equal(
            store.record([filled], by="analyst"),
            RecordSummary(changed=1),
            'store.record([filled], by="analyst")',
        )
        back = sample_reading("HS01", q1, None, status=ReadingStatus.PROVISIONAL, note="Ŵ 📈")
        expect_equal(
            store.record([back], by="analyst"),
            RecordSummary(changed=1),
            'store.record([back], by="analyst")',
        )
        expect_equal(
            [h.new for h in store.history("HS01", q1)],
            [missing, filled, back],
            '[h.new for h in store.history("HS01", q1)]',
        )
        expect_equal(
            [h.new for h in store.history("BEN02", fy)],
            [provisional, final],
            '[h.new for h in store.history("BEN02", fy)]',
        )
        same_readings(store.readings(), [back, final, *odd])

    def test_published_status_is_kept_and_changing_it_is_a_revision(self, store: Store) -> None:
        """The status a council published is kept with the reading, in its history, after a
        reopen and in ``readings_frame()``; changing only it is a change like any other."""
        q1 = quarter(1)
        green = sample_reading("HS01", q1, 80.6, published_status="Green")
        plain = sample_reading("BEN02", q1, 12.0)
        expect_equal(
            store.record([green, plain], by="analyst").new, 2, "store.record([green, plain])"
        )
        same_readings(store.readings(), [green, plain])
        red = attrs.evolve(green, published_status="Red ✖ «off target»")
        expect_equal(
            store.record([red], by="auditor", reason="republished"),
            RecordSummary(changed=1),
            'store.record([red], by="auditor")',
        )
        expect_equal(
            store.record([red], by="auditor"), RecordSummary(unchanged=1), "recording it again"
        )
        expect_equal(
            [(h.old, h.new) for h in store.history("HS01", q1)],
            [(None, green), (green, red)],
            'the old and new readings in store.history("HS01", q1)',
        )
        same_readings(store.readings(), [red, plain])

    def test_readings_filtered_and_ordered(self, store: Store) -> None:
        periods = [quarter(4), Month(year=2024, month=5), quarter(1), FinancialYear(year=2023)]
        indicators = ["b", "C", "a", "B", "A10", "A2"]
        readings = [
            sample_reading(indicator, period, float(i * 10 + j))
            for i, indicator in enumerate(indicators)
            for j, period in enumerate(periods)
        ]
        store.record(reversed(readings), by="analyst")
        everything = store.readings()
        same_readings(everything, readings)
        expect_equal(
            [(r.indicator, r.period) for r in everything],
            [(i, p) for i in sorted(indicators) for p in sorted(periods)],
            "[(r.indicator, r.period) for r in everything]",
        )
        some = store.readings(indicators=iter(["a", "C", "nobody"]))
        same_readings(some, [r for r in readings if r.indicator in ("a", "C")])
        when = store.readings(periods=(p for p in (quarter(1), quarter(3))))
        same_readings(when, [r for r in readings if r.period == quarter(1)])
        both = store.readings(indicators=["b", "B"], periods=[quarter(4), FinancialYear(year=2023)])
        same_readings(
            both,
            [r for r in readings if r.indicator in ("b", "B") and r.period in periods[::3]],
        )
        expect_equal(store.readings(indicators=[]), (), "store.readings(indicators=[])")
        expect_equal(store.readings(periods=[]), (), "store.readings(periods=[])")
        expect_equal(
            store.readings(indicators=["nobody"]), (), 'store.readings(indicators=["nobody"])'
        )

    def test_every_kind_of_period_is_its_own_key(self, store: Store) -> None:
        # The first three quarters cover April to June 2024, as do the two halves' first
        # quarters: equal spans, different periods.
        periods: list[Period] = [
            Quarter(year=2024, number=1, start_month=4),
            Quarter(year=2024, number=2, start_month=1),
            Quarter(year=2023, number=4, start_month=7),
            Month(year=2024, month=4),
            HalfYear(year=2024, number=1, start_month=4),
            HalfYear(year=2023, number=2, start_month=10),
            FinancialYear(year=2024, start_month=4),
            FinancialYear(year=2024, start_month=1),
            FinancialYear(year=2024, start_month=9),
            FinancialYear(year=1000),
            Month(year=9999, month=12),
        ]
        readings = [sample_reading("K1", period, float(i)) for i, period in enumerate(periods)]
        half = len(readings) // 2
        expect_equal(
            store.record(readings[:half], by="analyst"),
            RecordSummary(new=half),
            'store.record(readings[:half], by="analyst")',
        )
        for reading in readings[half:]:  # one at a time, each after its equal-span twins
            expect_equal(
                store.record([reading], by="analyst"),
                RecordSummary(new=1),
                'store.record([reading], by="analyst")',
            )
        same_readings(store.readings(), readings)
        for reading in readings:
            expect_equal(
                store.readings(periods=[reading.period]),
                (reading,),
                "store.readings(periods=[reading.period])",
            )
            expect_equal(
                store.revision("K1", reading.period), 1, 'store.revision("K1", reading.period)'
            )
            [revision] = store.history("K1", reading.period)
            expect_equal(
                type(revision.period), type(reading.period), "the type of a revision's period"
            )
            expect_equal(
                (revision.revision, revision.old, revision.new),
                (1, None, reading),
                "(revision.revision, revision.old, revision.new)",
            )
        twin = attrs.evolve(readings[1], value=-1.0)
        expect_equal(
            store.record([twin], by="analyst"),
            RecordSummary(changed=1),
            'store.record([twin], by="analyst")',
        )
        expect_equal(store.revision("K1", twin.period), 2, 'store.revision("K1", twin.period)')
        for reading in readings[:1] + readings[2:]:
            expect_equal(
                store.revision("K1", reading.period), 1, 'store.revision("K1", reading.period)'
            )
        same_readings(store.readings(), [twin, *readings[:1], *readings[2:]])

    def test_readings_frame_equals_readings(
        self, store_url_factory: Callable[[], str], contract_open: Opener
    ) -> None:
        """``readings_frame()`` holds, row for row and for every filter, what ``readings()``
        returns, and every reading recorded: ids and texts that break naive stores, missing
        values, whole numbers, every approval state."""
        pytest.importorskip("polars")

        @st.composite
        def readings(draw: st.DrawFn) -> Reading:
            value = draw(st.none() | _strategies.numbers | st.integers(-(10**9), 10**9))
            return Reading(
                indicator=draw(st.sampled_from(HOSTILE_IDS) | _strategies.identifiers),
                period=draw(_strategies.periods),
                value=value,
                missing_reason=draw(_strategies.required_texts) if value is None else None,
                status=draw(st.sampled_from(ReadingStatus)),
                note=draw(_strategies.texts),
                published_status=draw(_strategies.texts),
                approval=draw(st.sampled_from(Approval)),
            )

        def row(reading: Reading) -> tuple[object, ...]:
            value = None if reading.value is None else float(reading.value)
            return (
                reading.indicator,
                str(reading.period),
                value,
                reading.missing_reason,
                reading.status.value,
                reading.note,
                reading.published_status,
                reading.approval.value,
            )

        @settings(
            max_examples=self.max_examples,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(
            batch=st.lists(readings(), max_size=12, unique_by=lambda r: r.key),
            data=st.data(),
        )
        def same(batch: list[Reading], data: st.DataObject) -> None:
            with contract_open(store_url_factory()) as store:
                store.record(batch, by="contract")
                ids = data.draw(st.lists(st.sampled_from([r.indicator for r in batch] or ["K"])))
                keys = [r.period for r in batch] or [quarter(1)]
                periods = data.draw(st.lists(st.sampled_from(keys)))
                queries: tuple[dict[str, Any], ...] = (
                    {},
                    {"indicators": ids},
                    {"periods": periods},
                    {"indicators": ids, "periods": periods},
                )
                for query in queries:
                    frame = store.readings_frame(**query)
                    types = [str(t) for t in frame.dtypes]
                    expect_equal(
                        (frame.columns, types),
                        (
                            [
                                "indicator",
                                "period",
                                "value",
                                "missing_reason",
                                "status",
                                "note",
                                "published_status",
                                "approval",
                            ],
                            ["String", "String", "Float64", *["String"] * 5],
                        ),
                        f"the columns and types of readings_frame({query})",
                    )
                    expect_equal(
                        frame.rows(),
                        list(map(row, store.readings(**query))),
                        f"readings_frame({query}) beside readings({query})",
                    )
                    if not query:
                        expect_equal(
                            set(frame.rows()),
                            set(map(row, batch)),
                            "the rows of readings_frame() beside the readings recorded",
                        )

        same()

    def test_revision_and_history_of_unknown_readings(self, store: Store) -> None:
        expect_equal(store.revision("HS01", quarter(1)), 0, 'store.revision("HS01", quarter(1))')
        expect_equal(store.history("HS01", quarter(1)), (), 'store.history("HS01", quarter(1))')
        store.record([sample_reading("HS01", quarter(1), 1.0)], by="analyst")
        expect_equal(store.revision("HS01", quarter(2)), 0, 'store.revision("HS01", quarter(2))')
        expect_equal(store.revision("hs01", quarter(1)), 0, 'store.revision("hs01", quarter(1))')
        expect_equal(store.history("HS01", quarter(2)), (), 'store.history("HS01", quarter(2))')

    # -- optimistic concurrency --------------------------------------------------------------------

    def test_stale_expected_revision_writes_nothing(self, store: Store) -> None:
        q1 = quarter(1)
        store.record([sample_reading("K1", q1, 1.0)], by="alice")
        store.record([sample_reading("K1", q1, 2.0), sample_reading("K2", q1, 5.0)], by="alice")
        before = store.readings()
        batch = [
            sample_reading("K1", q1, 3.0),
            sample_reading("K2", q1, 6.0),
            sample_reading("K3", q1, 7.0),
        ]
        for expected in (
            {("K1", q1): 1},
            {("K1", q1): 0},
            {("K1", q1): 3},
            {("K1", q1): 2, ("K2", q1): 0, ("K3", q1): 0},
            {("K3", q1): 1},
            {("K2", q1): 0},
        ):
            with expect_refused(ConflictError, 'store.record(batch, by="bob", expected=expected)'):
                store.record(batch, by="bob", expected=expected)
            expect_equal(store.readings(), before, "store.readings()")
            expect_equal(store.revision("K1", q1), 2, 'store.revision("K1", q1)')
            expect_equal(store.revision("K2", q1), 1, 'store.revision("K2", q1)')
            expect_equal(store.revision("K3", q1), 0, 'store.revision("K3", q1)')
            expect_equal(len(store.history("K1", q1)), 2, 'len(store.history("K1", q1))')
            expect_equal(store.history("K3", q1), (), 'store.history("K3", q1)')
        current = {("K1", q1): 2, ("K2", q1): 1, ("K3", q1): 0}
        expect_equal(
            store.record(batch, by="bob", expected=current),
            RecordSummary(new=1, changed=2),
            'store.record(batch, by="bob", expected=current)',
        )
        expect_equal(store.revision("K1", q1), 3, 'store.revision("K1", q1)')

    # -- a batch is all or nothing -----------------------------------------------------------------

    def _batch_left_nothing(self, store: Store, before: tuple[Reading, ...], what: str) -> None:
        q1 = quarter(1)
        same_readings(store.readings(), before, f"readings() after {what}")
        expect_equal(store.revision("K1", q1), 1, f"K1's revision after {what}")
        expect_equal(len(store.history("K1", q1)), 1, f"K1's history length after {what}")
        for kept in ("K2", "K3"):
            expect_equal(store.revision(kept, q1), 0, f"{kept}'s revision after {what}")
            expect_equal(store.history(kept, q1), (), f"{kept}'s history after {what}")

    def test_a_batch_that_fails_part_way_keeps_nothing(self, store: Store) -> None:
        q1 = quarter(1)
        store.record([sample_reading("K1", q1, 1.0)], by="alice")
        before = store.readings()
        batch = [
            sample_reading("K2", q1, 2.0),
            sample_reading("K3", q1, 3.0),
            sample_reading("K1", q1, 4.0),
        ]

        def source_that_fails() -> Iterator[Reading]:
            yield from batch
            raise BatchSourceFailed("the source of the batch failed after three readings")

        what = "a batch whose source raises after three readings"
        with expect_refused(Exception, f"recording {what}"):
            store.record(source_that_fails(), by="bob")
        self._batch_left_nothing(store, before, what)

        what = "a batch whose last reading conflicts"
        stale_last = {("K2", q1): 0, ("K3", q1): 0, ("K1", q1): 0}
        with expect_refused(ConflictError, f"recording {what}"):
            store.record(batch, by="bob", expected=stale_last)
        self._batch_left_nothing(store, before, what)

        what = "a batch whose last item is not a reading"
        with expect_refused(StoreError, f"recording {what}"):
            store.record([*batch[:2], "K1,2024/25 Q1,4.0"], by="bob")  # type: ignore[list-item]
        self._batch_left_nothing(store, before, what)

        current = {("K2", q1): 0, ("K3", q1): 0, ("K1", q1): 1}
        expect_equal(
            store.record(iter(batch), by="bob", expected=current),
            RecordSummary(new=2, changed=1),
            "the summary of the same batch with current revisions",
        )
        same_readings(store.readings(), batch, "readings() after the whole batch")

    # -- malformed input ---------------------------------------------------------------------------

    def test_malformed_batches_are_refused_and_change_nothing(self, store: Store) -> None:
        q1 = quarter(1)
        store.record([sample_reading("K1", q1, 1.0)], by="alice")
        before = store.readings()
        good = sample_reading("K2", q1, 2.0)
        for batch in (
            [good, "K3,2024/25 Q1,3.0"],
            [{"indicator": "K3", "period": q1, "value": 3.0}, good],
            [good, None],
            [good, sample_reading("K1", q1, 5.0), sample_reading("K1", q1, 6.0)],
            [sample_reading("K1", q1, 1.0), sample_reading("K1", q1, None)],
        ):
            with expect_refused(StoreError, 'store.record(batch, by="bob")'):
                store.record(batch, by="bob")  # type: ignore[arg-type]
            expect_equal(store.readings(), before, "store.readings()")
            expect_equal(store.revision("K1", q1), 1, 'store.revision("K1", q1)')
            expect_equal(len(store.history("K1", q1)), 1, 'len(store.history("K1", q1))')
            expect_equal(store.revision("K2", q1), 0, 'store.revision("K2", q1)')
            expect_equal(store.history("K2", q1), (), 'store.history("K2", q1)')
        same_twice = [sample_reading("K2", q1, 2.0), sample_reading("K2", q1, 2.0)]
        store.record(same_twice, by="bob")
        expect_equal(store.revision("K2", q1), 1, 'store.revision("K2", q1)')
        expect_equal(len(store.history("K2", q1)), 1, 'len(store.history("K2", q1))')

    def test_recording_needs_someone_to_say_who(self, store: Store) -> None:
        for by in ("", "   ", "\t\n"):
            with expect_refused(
                StoreError, 'store.record([sample_reading("K1", quarter(1), 1.0)], by=by)'
            ):
                store.record([sample_reading("K1", quarter(1), 1.0)], by=by)
        expect_equal(store.readings(), (), "store.readings()")
        expect_equal(store.revision("K1", quarter(1)), 0, 'store.revision("K1", quarter(1))')

    def test_who_or_why_holding_a_control_character_is_refused_and_nothing_written(
        self, store: Store
    ) -> None:
        # What every text field of a record refuses: a terminal escape, a bell, a C1 control, a
        # right-to-left override. A tab or a line break is taken (a reason of several lines).
        framework, reading = sample_framework(), sample_reading("HS01", quarter(1), 30.0)
        for field in ("by", "reason"):
            for bad in ("Ann\x1b[2J", "Bell\x07", "Next\x85line", "exe.\u202etxt"):
                by, reason = (bad, "checked") if field == "by" else ("Ann", bad)
                with expect_refused(StoreError, f"store.save_framework(..., {field}={bad!r})"):
                    store.save_framework(framework, 0, by=by, reason=reason)
                with expect_refused(StoreError, f"store.record([reading], {field}={bad!r})"):
                    store.record([reading], by=by, reason=reason)
        expect_equal(store.plan_revisions(), (), "store.plan_revisions() after the refusals")
        expect_equal(store.readings(), (), "store.readings() after the refusals")
        store.save_framework(framework, 0, by="Ann", reason="Adopted\n\tby Council")
        expect_equal(
            [r.reason for r in store.plan_revisions()],
            ["Adopted\n\tby Council"],
            "the reasons kept after a reason of two lines",
        )

    # -- action updates ----------------------------------------------------------------------------

    def test_action_updates_everywhere_actions_live(self, store: Store) -> None:
        framework = sample_framework()
        store.save_framework(framework, 0, by="analyst")
        expected = framework
        updates = {
            "D1": UPDATE,
            "S1": ActionUpdate(
                on=dt.date(2025, 1, 15), text="Half done", by="Bob", percent_complete=50.0
            ),
            "P1": ActionUpdate(
                on=dt.date(2024, 3, 1), text="Plan published", by="Ann", status="Done"
            ),
        }
        for revision, (ref, update) in enumerate(updates.items(), start=1):
            expect_equal(
                store.record_action_update(ref, update, revision),
                revision + 1,
                "store.record_action_update(ref, update, revision)",
            )
            expected = with_update(expected, ref, update)
            expect_equal(store.load_framework(), (expected, revision + 1), "store.load_framework()")
        expect(expected != framework, "three updates left the framework as it was")

    def test_an_action_update_is_kept_with_who_and_why(self, store: Store) -> None:
        framework = sample_framework()
        store.save_framework(framework, 0, by="Head of Policy", reason="adopted by Council")
        half = ActionUpdate(
            on=dt.date(2025, 1, 15), text="Half done", by="Bob", percent_complete=50
        )
        for revision, (ref, update, reason) in enumerate(
            (
                ("S1", half, "Quarter 3 review\n'; DROP TABLE framework; --"),
                ("P1", attrs.evolve(half, by="Ann"), ""),
                ("D1", UPDATE, " \u00a0"),  # says nothing: the usual words
            ),
            start=1,
        ):
            expect_equal(
                store.record_action_update(ref, update, revision, reason=reason),
                revision + 1,
                "store.record_action_update(ref, update, revision, reason=reason)",
            )
        expect_equal(
            [(r.revision, r.by, r.reason) for r in store.plan_revisions()],
            [
                (1, "Head of Policy", "adopted by Council"),
                (2, "Bob", "Quarter 3 review\n'; DROP TABLE framework; --"),
                (3, "Ann", "an update to action P1"),
                (4, "Head of Policy", "an update to action D1"),
            ],
            "plan_revisions() after three action updates",
        )
        latest = store.load_framework()
        refused: tuple[object, ...] = (None, 3, "Half a pair \ud800")
        for bad in refused:
            with expect_refused(StoreError, f"record_action_update(..., reason={bad!r})"):
                store.record_action_update("D1", UPDATE, 4, reason=bad)  # type: ignore[arg-type]
        expect_equal(store.load_framework(), latest, "load_framework() after the refusals")
        expect_equal(len(store.plan_revisions()), 4, "revisions after the refusals")

    def test_action_update_for_no_such_action_is_not_found(self, store: Store) -> None:
        with expect_refused(NotFoundError, 'store.record_action_update("D1", UPDATE, 0)'):
            store.record_action_update("D1", UPDATE, 0)
        framework = sample_framework()
        store.save_framework(framework, 0, by="analyst")
        for ref in ("D9", "d1", "", "1"):
            with expect_refused(NotFoundError, "store.record_action_update(ref, UPDATE, 1)"):
                store.record_action_update(ref, UPDATE, 1)
        expect_equal(store.load_framework(), (framework, 1), "store.load_framework()")

    def test_an_update_revising_the_due_date_to_before_the_start_is_refused(
        self, store: Store
    ) -> None:
        framework = sample_framework()
        store.save_framework(framework, 0, by="analyst")
        early = attrs.evolve(UPDATE, due=dt.date(2024, 3, 31))  # D1 starts on 1 Apr 2024
        refused = "nothing was raised"
        try:
            store.record_action_update("D1", early, 1)
        except InputError as error:
            refused = str(error)
        expect_equal(
            refused,
            "action 'D1' at $.delivery_plans[0].actions[0].updates[1].due: 2024-03-31 is "
            "before start 2024-04-01",
            'store.record_action_update("D1", early, 1) refused with',
        )
        expect_equal(store.load_framework(), (framework, 1), "store.load_framework()")

    def test_action_update_for_a_ref_two_plans_share_names_the_plan(self, store: Store) -> None:
        # Refs are unique within a plan only: a service plan may number an action "D1" too.
        # Without the plan, which of the two the update is for cannot be told, so neither is
        # changed; with it, only that plan's action is.
        sample = sample_framework()
        housing = sample.service_plans[0]
        shared = attrs.evolve(
            housing, actions=(attrs.evolve(housing.actions[0], ref="D1"), *housing.actions[1:])
        )
        framework = attrs.evolve(sample, service_plans=(shared, *sample.service_plans[1:]))
        store.save_framework(framework, 0, by="analyst")
        (delivery, service) = (framework.action_plans()[0][1], framework.action_plans()[1][1])
        with pytest.raises(StoreError) as refused:
            store.record_action_update("D1", UPDATE, 1)
        expect_equal(
            str(refused.value),
            "the ref 'D1' names 2 actions, at $.delivery_plans[0].actions[0] and "
            "$.service_plans[0].actions[0]; name the plan of the one to update "
            f"({' or '.join(repr(n) for n in sorted((delivery, service)))})",
            "the message of the refusal",
        )
        with expect_refused(NotFoundError, 'record_action_update("D1", ..., plan="Nowhere")'):
            store.record_action_update("D1", UPDATE, 1, plan="Nowhere")
        expect_equal(store.load_framework(), (framework, 1), "store.load_framework()")
        expect_equal(
            store.record_action_update("D1", UPDATE, 1, plan=housing.id),
            2,
            f'store.record_action_update("D1", UPDATE, 1, plan={housing.id!r})',
        )
        loaded, _ = store.load_framework()
        expect_equal(
            (
                loaded.delivery_plans[0].actions[0].updates,
                loaded.service_plans[0].actions[0].updates,
            ),
            (framework.delivery_plans[0].actions[0].updates, (*shared.actions[0].updates, UPDATE)),
            "the updates of the two actions D1 after updating the service plan's",
        )

    def test_stale_action_update_conflicts_and_changes_nothing(self, store: Store) -> None:
        store.save_framework(sample_framework(), 0, by="analyst")
        latest = sample_framework("Othertown Borough Council")
        store.save_framework(latest, 1, by="analyst")
        for stale in (0, 1, 3):
            with expect_refused(ConflictError, 'store.record_action_update("D1", UPDATE, stale)'):
                store.record_action_update("D1", UPDATE, stale)
            expect_equal(store.load_framework(), (latest, 2), "store.load_framework()")

    # -- closing and reopening ---------------------------------------------------------------------

    def test_close_is_final_and_harmless_twice(
        self, contract_open: Opener, contract_url: str
    ) -> None:
        q1 = quarter(1)
        opened = contract_open(contract_url)
        with opened as store:
            expect(store is opened, f"__enter__: expected the store itself, got {store!r}")
            store.save_framework(sample_framework(), 0, by="analyst")
            store.record([sample_reading("K1", q1, 1.0)], by="alice")
        uses: dict[str, Callable[[], object]] = {
            "load_framework": store.load_framework,
            "save_framework": lambda: store.save_framework(sample_framework(), 1, by="analyst"),
            "record": lambda: store.record([sample_reading("K2", q1, 2.0)], by="bob"),
            "readings": store.readings,
            "revision": lambda: store.revision("K1", q1),
            "history": lambda: store.history("K1", q1),
            "histories": store.histories,
            "record_action_update": lambda: store.record_action_update("D1", UPDATE, 1),
            "comparators": store.comparators,
            "save_comparators": lambda: store.save_comparators([], by="bob"),
        }
        for name, use in uses.items():
            with expect_refused(StoreError, f"{name} on a closed store"):
                use()
        store.close()
        store.close()
        if self.persistent:
            with contract_open(contract_url) as again:
                expect_equal(again.readings(), (sample_reading("K1", q1, 1.0),), "again.readings()")
                expect_equal(again.revision("K2", q1), 0, 'again.revision("K2", q1)')
                expect_equal(
                    again.load_framework(), (sample_framework(), 1), "again.load_framework()"
                )

    def test_reopen_reads_everything_back(self, contract_open: Opener, contract_url: str) -> None:
        self._need_persistent()
        q1, q2 = quarter(1), quarter(2)
        framework = sample_framework()
        with contract_open(contract_url) as store:
            store.save_framework(framework, 0, by="analyst")
            store.record_action_update("S1", UPDATE, 1)
            store.record(
                [sample_reading("K1", q1, 1.0), sample_reading("K2", q2, None)], by="alice"
            )
            store.record([sample_reading("K1", q1, 2.0)], by="bob", reason="typo")
            readings = store.readings()
            history = store.history("K1", q1)
        with contract_open(contract_url) as store:
            expect_equal(
                store.load_framework(),
                (with_update(framework, "S1", UPDATE), 2),
                "store.load_framework()",
            )
            expect_equal(store.readings(), readings, "store.readings()")
            expect_equal(store.history("K1", q1), history, 'store.history("K1", q1)')
            expect_equal(store.revision("K1", q1), 2, 'store.revision("K1", q1)')
            expect_equal(store.revision("K2", q2), 1, 'store.revision("K2", q2)')
            store.record([sample_reading("K1", q1, 3.0)], by="carol", expected={("K1", q1): 2})
            expect_equal(
                store.save_framework(framework, 2, by="analyst"),
                3,
                "store.save_framework(framework, 2)",
            )
        with contract_open(contract_url) as store:
            expect_equal(store.revision("K1", q1), 3, 'store.revision("K1", q1)')
            history_is_gapless(store.history("K1", q1))
            expect_equal(store.load_framework(), (framework, 3), "store.load_framework()")

    def test_two_handles_on_one_url_share_the_store(
        self, contract_open: Opener, contract_url: str
    ) -> None:
        self._need_persistent()
        q1 = quarter(1)
        first, second = contract_open(contract_url), contract_open(contract_url)
        first.record([sample_reading("K1", q1, 1.0)], by="alice")
        expect_equal(second.revision("K1", q1), 1, 'second.revision("K1", q1)')
        expect_equal(second.readings(), (sample_reading("K1", q1, 1.0),), "second.readings()")
        with expect_refused(
            ConflictError,
            'second.record([sample_reading("K1", q1, 5.0)], by="bob", expected={("K1", q1): 0})',
        ):
            second.record([sample_reading("K1", q1, 5.0)], by="bob", expected={("K1", q1): 0})
        second.record([sample_reading("K1", q1, 2.0)], by="bob", expected={("K1", q1): 1})
        expect_equal(first.readings(), (sample_reading("K1", q1, 2.0),), "first.readings()")
        expect_equal(
            first.save_framework(sample_framework(), 0, by="analyst"),
            1,
            "first.save_framework(sample_framework(), 0)",
        )
        with expect_refused(
            ConflictError, 'second.save_framework(sample_framework("Othertown Borough Council"), 0)'
        ):
            second.save_framework(sample_framework("Othertown Borough Council"), 0, by="analyst")
        expect_equal(second.load_framework(), (sample_framework(), 1), "second.load_framework()")
        expect_equal(
            second.record_action_update("D2", UPDATE, 1),
            2,
            'second.record_action_update("D2", UPDATE, 1)',
        )
        with expect_refused(ConflictError, 'first.record_action_update("D1", UPDATE, 1)'):
            first.record_action_update("D1", UPDATE, 1)
        expect_equal(first.load_framework()[1], 2, "first.load_framework()[1]")

    # -- hostile ids -------------------------------------------------------------------------------

    def test_hostile_ids_and_texts_round_trip(self, store: Store) -> None:
        q1 = quarter(1)
        readings = [
            attrs.evolve(
                sample_reading(text, q1, float(i), note=text, published_status=text),
                status=ReadingStatus.PROVISIONAL,
            )
            for i, text in enumerate(HOSTILE_IDS)
        ]
        missing = [
            Reading(indicator=text, period=quarter(2), missing_reason=text) for text in HOSTILE_IDS
        ]
        summary = store.record([*readings, *missing], by=HOSTILE_IDS[2], reason=HOSTILE_IDS[4])
        expect_equal(summary, RecordSummary(new=2 * len(HOSTILE_IDS)), "summary")
        same_readings(store.readings(), [*readings, *missing])
        for reading in readings:
            expect_equal(
                store.readings(indicators=[reading.indicator], periods=[q1]),
                (reading,),
                "store.readings(indicators=[reading.indicator], periods=[q1])",
            )
            expect_equal(
                store.revision(reading.indicator, q1), 1, "store.revision(reading.indicator, q1)"
            )
            [revision] = store.history(reading.indicator, q1)
            expect_equal(
                (revision.new, revision.by, revision.reason),
                (
                    reading,
                    HOSTILE_IDS[2],
                    HOSTILE_IDS[4],
                ),
                "(revision.new, revision.by, revision.reason)",
            )
        changed = [attrs.evolve(r, value=-1.0) for r in readings]
        expect_equal(
            store.record(changed, by=HOSTILE_IDS[0]),
            RecordSummary(changed=len(readings)),
            "store.record(changed, by=HOSTILE_IDS[0])",
        )
        for reading in changed:
            expect_equal(
                store.revision(reading.indicator, q1), 2, "store.revision(reading.indicator, q1)"
            )
            expect_equal(
                store.history(reading.indicator, q1)[-1].new,
                reading,
                "store.history(reading.indicator, q1)[-1].new",
            )
        expect_equal(
            store.readings(), tuple(sorted([*changed, *missing], key=in_order)), "store.readings()"
        )

    def test_hostile_ids_in_a_framework_round_trip(self, store: Store) -> None:
        revision = 0
        for text in HOSTILE_IDS:
            framework = sample_framework(
                text, delivery_ref=text, service_ref=f"{text}!", indicator_id=text
            )
            revision = store.save_framework(framework, revision, by="analyst")
            expect_equal(store.load_framework(), (framework, revision), "store.load_framework()")
            update = ActionUpdate(on=dt.date(2024, 5, 1), text=text, by=text, status=text)
            revision = store.record_action_update(text, update, revision)
            expect_equal(
                store.load_framework(),
                (with_update(framework, text, update), revision),
                "store.load_framework()",
            )

    # -- the store against a model -----------------------------------------------------------------

    def test_store_matches_a_dictionary_model(
        self, store_url_factory: Callable[[], str], contract_open: Opener
    ) -> None:
        machine = model_machine(lambda: contract_open(store_url_factory()))
        run: Callable[..., None] = run_state_machine_as_test  # typed in some hypothesis releases
        run(
            machine,
            settings=settings(
                max_examples=self.stateful_examples,
                stateful_step_count=self.stateful_steps,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )

    # -- several processes -------------------------------------------------------------------------

    def test_processes_writing_at_once_lose_nothing(
        self, open_store: Opener, contract_open: Opener, contract_url: str
    ) -> None:
        if not self.multiprocess:
            pytest.skip(f"{type(self).__name__} cannot be shared between processes")
        self._need_persistent()
        count, increments, max_attempts, seconds = 50, 10, 200, 60.0
        try:
            pickle.dumps(open_store)
            opener = open_store
        except Exception:
            opener = plugins.open_store
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        workers = [
            context.Process(
                target=contend,
                args=(opener, contract_url, w, count, increments, max_attempts, seconds, results),
                name=f"councilpmf-contract-{w}",
            )
            for w in range(self.processes)
        ]
        for worker in workers:
            worker.start()
        reports: list[dict[str, Any]] = []
        give_up = time.monotonic() + seconds + 30
        try:
            while len(reports) < len(workers) and time.monotonic() < give_up:
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
        expect_equal(
            len(reports),
            len(workers),
            f"processes that reported (exit codes {[w.exitcode for w in workers]})",
        )
        errors = [f"worker {r['worker']}: {r['error']}" for r in reports if r["error"]]
        expect_equal(errors, [], "the processes' errors")
        successes = sum(r["successes"] for r in reports)
        # Which process wins each round is up to the scheduler; what matters is that every
        # increment that succeeded is kept, in order, and that the contention made progress.
        expect(successes > 0, f"increments: expected at least one, got none in {reports}")
        with contract_open(contract_url) as store:
            for w in range(self.processes):
                mine = store.readings(indicators=[f"W{w}"])
                expect_equal(
                    mine,
                    tuple(
                        sample_reading(f"W{w}", distinct_period(i), float(i)) for i in range(count)
                    ),
                    f"worker {w}'s own readings",
                )
            expect_equal(len(store.readings()), self.processes * count + 1, "len(store.readings())")
            expect_equal(
                store.revision(*SHARED), successes, "the counter's revision after every increment"
            )
            history = store.history(*SHARED)
            history_is_gapless(history)
            expect_equal(
                [h.new.value for h in history],
                [float(n) for n in range(1, successes + 1)],
                "[h.new.value for h in history]",
            )
            expect_equal(
                [h.reason for h in history],
                ["increment"] * successes,
                "[h.reason for h in history]",
            )
