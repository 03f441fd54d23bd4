"""The store contract: the tests every councilpmf store passes, shipped for plugin authors.

A store plugin (``councilpmf_stores``) runs these tests against its own URL to show it keeps the
promises of :class:`councilpmf.store.Store`: frameworks and readings come back equal, every
revision is kept with who, when and why, a stale write raises
:class:`~councilpmf.store.ConflictError` and writes nothing, malformed input is refused with
nothing changed, a closed store refuses use, hostile ids survive, the store agrees with a plain
dictionary model under random operations, and several processes writing at once lose nothing.

This module imports ``pytest`` and ``hypothesis`` at the top: it is a test helper, and they are
test dependencies (``pip install 'councilpmf[test]'``), not needs of the library itself.

**As a test class.** Subclass :class:`StoreContract` in a test module and give the URL of a
fresh, empty store for each test::

    import pytest
    from councilpmf.testing import StoreContract

    class TestRedisStore(StoreContract):
        @pytest.fixture
        def store_url(self, tmp_path):
            return f"redis://127.0.0.1:6379/{tmp_path.name}"

Stores are opened with :func:`councilpmf.store.open_store`, so the plugin must be installed (or
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
    A callable ``url -> Store``; the default is :func:`councilpmf.store.open_store`. Override
    it (as a yield fixture) when the store needs setup or teardown around the test. The
    multi-process test opens the store in child processes with this callable when it can be
    pickled (a module-level function), else with :func:`councilpmf.store.open_store`.

Class attributes: ``persistent = False`` for a store that forgets everything when closed, like
``memory://`` (skips the reopen tests); ``multiprocess = False`` for one that several processes
cannot share (skips the multi-process test); ``max_examples``, ``stateful_examples`` and
``stateful_steps`` bound the property-based tests for a slow store.

**As a pytest plugin.** Without writing a test module, run the contract against any URL::

    python -m pytest -p councilpmf.testing --pyargs councilpmf.testing \\
        --councilpmf-store-url='sqlite:///{tmp}/c.db'

``-p councilpmf.testing`` adds the options; ``--pyargs councilpmf.testing`` collects this module,
whose :class:`TestStoreFromCommandLine` runs the contract. Each test, and each example of a
property-based test, gets a new temporary directory for ``{tmp}``, so every one starts from an
empty store; a URL without ``{tmp}`` must name a store that is empty for every test (a server
database that is wiped between tests, say). ``memory://`` URLs, and any URL given with
``--councilpmf-store-transient``, skip the reopen and multi-process tests. Add ``-k`` to run some
tests only, as usual.
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
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from councilpmf import _strategies
from councilpmf import store as store_module
from councilpmf.core.actions import (
    Action,
    ActionUpdate,
    Meaning,
    Milestone,
    StatusVocabulary,
    StatusWord,
)
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, CommitteeKind, IndicatorSet, Level
from councilpmf.core.indicators import (
    Aggregation,
    Baseline,
    ExternalId,
    Indicator,
    Polarity,
    Reading,
    ReadingRevision,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
from councilpmf.core.periods import FinancialYear, Frequency, HalfYear, Month, Period, Quarter
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    Outcome,
    Priority,
    ResourceKind,
    ResourceStrategy,
    ServicePlan,
    StrategicPlan,
    Theme,
)
from councilpmf.core.rag import Band, Bands, RatioToTarget, Status, TargetTolerance
from councilpmf.store import (
    ConflictError,
    NotFoundError,
    RecordSummary,
    Store,
    StoreError,
)

# TestStoreFromCommandLine and pytest_addoption are left out, so that a star import into a test
# module does not collect the command-line class there.
__all__ = ["HOSTILE_IDS", "TMP", "StoreContract", "sample_framework"]

TMP = "{tmp}"
"""The placeholder in a store URL replaced by a fresh temporary directory."""

Key = tuple[str, Period]
Opener = Callable[[str], Store]

HOSTILE_IDS = (
    'say "hello"',
    "O'Brien's indicator",
    "'; DROP TABLE readings; --",
    '"); DELETE FROM framework; --',
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "<script>alert('pwned')</script>",
    "=cmd|' /C calc'!A0",
    "Ŵyddgrug – Cyngor Sir y Fflint",
    "📈 KPI 🚀",
    "100% of cases_%",
    "a/b",
    "a_b",
    "a:b",
    "Case",
    "case",
    "CON",
    "{tmp}",
    "  padded  ",
    "K" * 200,
    "Ŵ" * 200,
    "📈" * 200,
)
"""Ids and texts that break naive stores: quotes, SQL, paths, markup, scripts, names that
collide when case or punctuation is folded, and 200-character ids (up to 800 bytes)."""

_UPDATE = ActionUpdate(
    on=dt.date(2024, 11, 30),
    text="Consultation closed; 412 responses",
    by="Head of Policy",
    status="On target",
    percent_complete=45.0,
)


# -- the records the tests write -----------------------------------------------------------------


def _reading(
    indicator: str,
    period: Period,
    value: float | None,
    *,
    status: ReadingStatus = ReadingStatus.FINAL,
    note: str = "",
) -> Reading:
    if value is None:
        return Reading(
            indicator=indicator,
            period=period,
            missing_reason="Not yet published by DLUHC",
            status=status,
            note=note,
        )
    return Reading(indicator=indicator, period=period, value=value, status=status, note=note)


def _action(ref: str, **changes: Any) -> Action:
    base = Action(
        ref=ref,
        title=f"Action {ref}",
        status="On target",
        owners=("Head of Housing", "Cllr Ŵ. Jones"),
        start=dt.date(2024, 4, 1),
        due=dt.date(2025, 3, 31),
        timescale="March 2025",
        percent_complete=20.0,
        milestones=(Milestone(title="Consultation", due=dt.date(2024, 9, 1)),),
        serves=("P1",),
        lead_committee="cabinet",
    )
    return attrs.evolve(base, **changes)


def sample_framework(
    organisation: str = "Anytown District Council",
    *,
    delivery_ref: str = "D1",
    service_ref: str = "S1",
    challenge_ref: str = "P1",
    indicator_id: str = "HS01",
) -> Framework:
    """A framework using every kind of record a store must keep, with a delivery-plan action,
    a service-plan action and a peer-challenge action whose refs are given."""
    fy = FinancialYear(year=2024)
    q1 = Quarter(year=2024, number=1)
    housing = Indicator(
        id=indicator_id,
        title=f"Homelessness cases prevented ({indicator_id})",
        definition="Cases where homelessness was prevented, as a share of all approaches",
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency=Frequency.QUARTERLY,
        aggregation=Aggregation.CUMULATIVE,
        decimals=2,
        owner="Head of Housing",
        source="H-CLIC",
        baseline=Baseline(period=FinancialYear(year=2023), value=55.5),
        targets=(
            Target(period=fy, value=60.0),
            Target(period=q1, value=15.0, low=10.0, high=20.0),
        ),
        rule=RatioToTarget(variance=10.0, exceeded_at=110.0),
        external_ids=(ExternalId(scheme="lginform", id="1234"),),
        series_break=q1,
        reporting_lag_days=42,
    )
    days = Indicator(
        id="BEN02",
        title="Days to process new benefit claims",
        unit=Unit.DAYS,
        polarity=Polarity.LOWER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        rule=Bands(
            bands=(
                Band(status=Status.GREEN, at_least=20.0, label="Good"),
                Band(status=Status.RED, at_least=None, label=None),
            )
        ),
    )
    plan = StrategicPlan(
        title="Council Plan 2024–2028",
        organisation=organisation,
        vision="A place where everyone thrives",
        values=("Fair", "Green"),
        start=fy,
        end=FinancialYear(year=2027),
        themes=(
            Theme(
                id="T1",
                name="Homes",
                ambition="Everyone has a safe home",
                lead="Cllr Smith",
                priorities=(
                    Priority(
                        id="P1",
                        statement="Prevent homelessness",
                        outcomes=(
                            Outcome(
                                id="O1", statement="Fewer households in B&B", indicators=("X",)
                            ),
                        ),
                        indicators=(indicator_id,),
                    ),
                ),
            ),
        ),
    )
    return Framework(
        plan=plan,
        indicators=(housing, days),
        delivery_plans=(
            DeliveryPlan(
                id="DP24",
                title="Delivery plan 2024/25",
                year=fy,
                theme="T1",
                lead="Chief Executive",
                improvements=("Faster decisions",),
                actions=(_action(delivery_ref, updates=(_UPDATE,)), _action("D2")),
            ),
        ),
        service_plans=(
            ServicePlan(
                id="SP-H",
                service="Housing",
                year=fy,
                lead="Head of Housing",
                standards=("Answer in 10 days",),
                objectives=("Prevent homelessness",),
                pressures_and_risks=("Temporary accommodation costs",),
                activity=("3,000 approaches",),
                actions=(_action(service_ref),),
                indicators=(indicator_id,),
            ),
        ),
        resource_strategies=(
            ResourceStrategy(
                id="MTFS",
                kind=ResourceKind.MEDIUM_TERM_FINANCIAL,
                title="Medium Term Financial Strategy",
                start=fy,
                end=FinancialYear(year=2026),
                serves=("P1",),
            ),
        ),
        budget=(BudgetAllocation(priority="P1", year=fy, amount=1_234_567.89, kind="capital"),),
        committees=(
            Committee(
                id="cabinet",
                name="Cabinet",
                kind=CommitteeKind.CABINET,
                cadence=Frequency.QUARTERLY,
                remit="Executive decisions",
            ),
        ),
        indicator_sets=(
            IndicatorSet(
                committee="cabinet",
                level=Level.STRATEGIC,
                indicators=(indicator_id, "BEN02"),
                min_size=1,
                max_size=20,
                title="Corporate KPIs",
            ),
        ),
        peer_challenges=(
            PeerChallenge(
                title="LGA Corporate Peer Challenge 2023",
                organisation=organisation,
                visited=dt.date(2023, 10, 1),
                team=("Lead peer",),
                report_published=dt.date(2023, 12, 1),
                recommendations=(
                    Recommendation(
                        number=1,
                        text="Sharpen the golden thread",
                        response="Agreed",
                        actions=(_action(challenge_ref, start=None, due=None),),
                    ),
                ),
            ),
        ),
        default_rule=TargetTolerance(tolerance=7.5, mode="absolute", exceeded_by=2.0),
        vocabulary=StatusVocabulary(
            words=(
                StatusWord(word="On target", meaning=Meaning.IN_PROGRESS),
                StatusWord(word="Done", meaning=Meaning.COMPLETE),
            )
        ),
        year_start_month=4,
        area_code="E07000175",
    )


def _with_update(framework: Framework, ref: str, update: ActionUpdate) -> Framework:
    """The framework with ``update`` added to ``ref``, worked out here, independently of
    :func:`councilpmf.store.add_action_update`."""

    def fix(actions: tuple[Action, ...]) -> tuple[Action, ...]:
        return tuple(
            attrs.evolve(a, updates=(*a.updates, update)) if a.ref == ref else a for a in actions
        )

    return attrs.evolve(
        framework,
        delivery_plans=tuple(
            attrs.evolve(p, actions=fix(p.actions)) for p in framework.delivery_plans
        ),
        service_plans=tuple(
            attrs.evolve(p, actions=fix(p.actions)) for p in framework.service_plans
        ),
        peer_challenges=tuple(
            attrs.evolve(
                c,
                recommendations=tuple(
                    attrs.evolve(r, actions=fix(r.actions)) for r in c.recommendations
                ),
            )
            for c in framework.peer_challenges
        ),
    )


def _order(reading: Reading) -> tuple[str, dt.date, dt.date]:
    """The documented order of :meth:`Store.readings`: indicator, then period."""
    return (reading.indicator, reading.period.start, reading.period.end)


def _total(reading: Reading) -> tuple[str, dt.date, dt.date, str]:
    """A total order, for comparing collections whose periods may tie on (start, end)."""
    return (*_order(reading), repr(reading))


def _assert_ordered(readings: tuple[Reading, ...]) -> None:
    keys = [_order(r) for r in readings]
    assert keys == sorted(keys), f"readings are not in indicator then period order: {keys}"


def _assert_same_readings(got: tuple[Reading, ...], expected: list[Reading]) -> None:
    assert isinstance(got, tuple), f"readings() returned a {type(got).__name__}, not a tuple"
    _assert_ordered(got)
    assert sorted(got, key=_total) == sorted(expected, key=_total)


def _assert_utc_stamp(at: str, before: dt.datetime, after: dt.datetime) -> None:
    try:
        stamp = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        pytest.fail(f"revision time {at!r} is not an ISO 8601 timestamp")
    assert stamp.utcoffset() == dt.timedelta(0), f"revision time {at!r} is not in UTC"
    slack = dt.timedelta(seconds=2)
    assert before - slack <= stamp <= after + slack, f"revision time {at!r} is not now"


def _history_is_gapless(history: tuple[ReadingRevision, ...]) -> None:
    assert [h.revision for h in history] == list(range(1, len(history) + 1))
    for previous, revision in zip((None, *history), history, strict=False):
        assert revision.old == (None if previous is None else previous.new)


def _quarter(number: int, year: int = 2024) -> Period:
    return Quarter(year=year, number=number)


# -- the pytest plugin ---------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--councilpmf-store-url`` and ``--councilpmf-store-transient``."""
    group = parser.getgroup("councilpmf", "councilpmf store contract")
    group.addoption(
        "--councilpmf-store-url",
        dest="councilpmf_store_url",
        default=None,
        metavar="URL",
        help=(
            "run the store contract (--pyargs councilpmf.testing) against this URL; "
            "{tmp} in it becomes a fresh temporary directory for every test and example"
        ),
    )
    group.addoption(
        "--councilpmf-store-transient",
        dest="councilpmf_store_transient",
        action="store_true",
        default=False,
        help=(
            "the store keeps nothing once closed and cannot be shared between processes "
            "(memory:// always is): skip the reopen and multi-process tests"
        ),
    )


# -- the multi-process worker --------------------------------------------------------------------

_SHARED: Key = ("SHARED counter", FinancialYear(year=2024))


def _distinct_period(i: int) -> Month:
    return Month(year=2020 + i // 12, month=i % 12 + 1)


def _contend(
    opener: Opener,
    url: str,
    worker: int,
    count: int,
    increments: int,
    max_attempts: int,
    seconds: float,
    results: Any,
) -> None:
    """One of the processes of the multi-process test: record ``count`` readings of its own and
    add one to the shared counter ``increments`` times, retrying on conflict."""
    report: dict[str, Any] = {"worker": worker, "successes": 0, "attempts": 0, "error": None}
    deadline = time.monotonic() + seconds
    try:
        with opener(url) as store:
            for i in range(count):
                reading = _reading(f"W{worker}", _distinct_period(i), float(i))
                store.record([reading], by=f"worker {worker}")
                while report["successes"] < (i + 1) * increments // count:
                    if report["attempts"] >= max_attempts or time.monotonic() > deadline:
                        break
                    report["attempts"] += 1
                    revision = store.revision(*_SHARED)
                    current = store.readings(indicators=[_SHARED[0]], periods=[_SHARED[1]])
                    value = current[0].value if current else 0.0
                    assert value is not None
                    try:
                        store.record(
                            [_reading(*_SHARED, value + 1)],
                            by=f"worker {worker}",
                            reason="increment",
                            expected={_SHARED: revision},
                        )
                    except ConflictError:
                        time.sleep(0.001 * worker)
                        continue
                    report["successes"] += 1
    except BaseException as error:  # report anything, so the parent can say what went wrong
        report["error"] = f"{type(error).__name__}: {error}"
    results.put(report)


# -- the contract --------------------------------------------------------------------------------


class StoreContract:
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
        return store_module.open_store

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
        assert isinstance(store, Store), f"{store!r} lacks methods of the Store protocol"
        assert isinstance(store.url, str)

    # -- frameworks --------------------------------------------------------------------------------

    def test_framework_round_trip(self, store: Store) -> None:
        framework = sample_framework()
        assert store.save_framework(framework, 0) == 1
        assert store.load_framework() == (framework, 1)
        changed = sample_framework("Othertown Borough Council")
        assert store.save_framework(changed, 1) == 2
        assert store.load_framework() == (changed, 2)

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
                assert store.save_framework(framework, 0) == 1
                loaded, revision = store.load_framework()
                assert revision == 1
                assert loaded == framework

        round_trip()

    def test_load_with_nothing_saved_is_not_found(self, store: Store) -> None:
        with pytest.raises(NotFoundError):
            store.load_framework()

    def test_stale_framework_save_conflicts_and_changes_nothing(self, store: Store) -> None:
        first = sample_framework()
        second = sample_framework("Othertown Borough Council")
        with pytest.raises(ConflictError):
            store.save_framework(first, 1)
        with pytest.raises(NotFoundError):
            store.load_framework()
        assert store.save_framework(first, 0) == 1
        assert store.save_framework(second, 1) == 2
        for stale in (0, 1, 3, 99):
            with pytest.raises(ConflictError):
                store.save_framework(sample_framework("Stale Council"), stale)
            assert store.load_framework() == (second, 2)

    def test_saving_a_non_framework_is_refused(self, store: Store) -> None:
        things: tuple[object, ...] = ("a framework", None, {"plan": {}}, sample_framework().plan)
        for thing in things:
            with pytest.raises(StoreError):
                store.save_framework(thing, 0)  # type: ignore[arg-type]
        with pytest.raises(NotFoundError):
            store.load_framework()
        framework = sample_framework()
        store.save_framework(framework, 0)
        with pytest.raises(StoreError):
            store.save_framework(None, 1)  # type: ignore[arg-type]
        assert store.load_framework() == (framework, 1)

    # -- readings ----------------------------------------------------------------------------------

    def test_record_new_unchanged_changed(self, store: Store) -> None:
        q1 = _quarter(1)
        first = _reading("HS01", q1, 41.0)
        before = dt.datetime.now(dt.UTC)
        assert store.record([first], by="alice") == RecordSummary(new=1)
        assert store.revision("HS01", q1) == 1
        assert store.record([first], by="bob", reason="again") == RecordSummary(unchanged=1)
        assert store.revision("HS01", q1) == 1
        assert len(store.history("HS01", q1)) == 1
        second = _reading("HS01", q1, 43.5)
        assert store.record([second], by="carol", reason="corrected") == RecordSummary(changed=1)
        after = dt.datetime.now(dt.UTC)
        assert store.revision("HS01", q1) == 2
        assert store.readings() == (second,)
        history = store.history("HS01", q1)
        assert isinstance(history, tuple)
        assert len(history) == 2
        old, new = history
        assert (old.indicator, old.period, old.revision) == ("HS01", q1, 1)
        assert (old.old, old.new, old.by, old.reason) == (None, first, "alice", "")
        assert (new.indicator, new.period, new.revision) == ("HS01", q1, 2)
        assert (new.old, new.new, new.by, new.reason) == (first, second, "carol", "corrected")
        for revision in history:
            _assert_utc_stamp(revision.at, before, after)
        assert dt.datetime.fromisoformat(old.at) <= dt.datetime.fromisoformat(new.at)

    def test_one_batch_counts_new_changed_and_unchanged(self, store: Store) -> None:
        q1, q2 = _quarter(1), _quarter(2)
        store.record([_reading("A", q1, 1.0), _reading("B", q1, 2.0)], by="alice")
        batch = [_reading("A", q1, 1.0), _reading("B", q1, 2.5), _reading("C", q2, 0.0)]
        assert store.record(batch, by="bob") == RecordSummary(new=1, changed=1, unchanged=1)
        assert store.record([], by="bob") == RecordSummary()
        assert store.record(iter(batch), by="bob") == RecordSummary(unchanged=3)
        _assert_same_readings(store.readings(), batch)

    def test_missing_provisional_and_final_round_trip(self, store: Store) -> None:
        q1, fy = _quarter(1), FinancialYear(year=2024)
        missing = _reading("HS01", q1, None, status=ReadingStatus.PROVISIONAL, note="Ŵ 📈")
        provisional = _reading("BEN02", fy, 12.25, status=ReadingStatus.PROVISIONAL)
        odd = [
            _reading(f"V{i}", q1, value, note=f"value {value!r}")
            for i, value in enumerate((0.0, -12.5, 1_234_567.891, 0.1 + 0.2, 1e-9, -1e9))
        ]
        assert store.record([missing, provisional, *odd], by="analyst").new == 2 + len(odd)
        _assert_same_readings(store.readings(), [missing, provisional, *odd])
        final = attrs.evolve(provisional, status=ReadingStatus.FINAL)
        assert store.record([final], by="analyst") == RecordSummary(changed=1)
        filled = _reading("HS01", q1, 61.0)
        assert store.record([filled], by="analyst") == RecordSummary(changed=1)
        back = _reading("HS01", q1, None, status=ReadingStatus.PROVISIONAL, note="Ŵ 📈")
        assert store.record([back], by="analyst") == RecordSummary(changed=1)
        assert [h.new for h in store.history("HS01", q1)] == [missing, filled, back]
        assert [h.new for h in store.history("BEN02", fy)] == [provisional, final]
        _assert_same_readings(store.readings(), [back, final, *odd])

    def test_readings_filtered_and_ordered(self, store: Store) -> None:
        periods = [_quarter(4), Month(year=2024, month=5), _quarter(1), FinancialYear(year=2023)]
        indicators = ["b", "C", "a", "B", "A10", "A2"]
        readings = [
            _reading(indicator, period, float(i * 10 + j))
            for i, indicator in enumerate(indicators)
            for j, period in enumerate(periods)
        ]
        store.record(reversed(readings), by="analyst")
        everything = store.readings()
        _assert_same_readings(everything, readings)
        assert [(r.indicator, r.period) for r in everything] == [
            (i, p) for i in sorted(indicators) for p in sorted(periods)
        ]
        some = store.readings(indicators=iter(["a", "C", "nobody"]))
        _assert_same_readings(some, [r for r in readings if r.indicator in ("a", "C")])
        when = store.readings(periods=(p for p in (_quarter(1), _quarter(3))))
        _assert_same_readings(when, [r for r in readings if r.period == _quarter(1)])
        both = store.readings(
            indicators=["b", "B"], periods=[_quarter(4), FinancialYear(year=2023)]
        )
        _assert_same_readings(
            both,
            [r for r in readings if r.indicator in ("b", "B") and r.period in periods[::3]],
        )
        assert store.readings(indicators=[]) == ()
        assert store.readings(periods=[]) == ()
        assert store.readings(indicators=["nobody"]) == ()

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
        readings = [_reading("K1", period, float(i)) for i, period in enumerate(periods)]
        half = len(readings) // 2
        assert store.record(readings[:half], by="analyst") == RecordSummary(new=half)
        for reading in readings[half:]:  # one at a time, each after its equal-span twins
            assert store.record([reading], by="analyst") == RecordSummary(new=1)
        _assert_same_readings(store.readings(), readings)
        for reading in readings:
            assert store.readings(periods=[reading.period]) == (reading,)
            assert store.revision("K1", reading.period) == 1
            [revision] = store.history("K1", reading.period)
            assert type(revision.period) is type(reading.period)
            assert (revision.revision, revision.old, revision.new) == (1, None, reading)
        twin = attrs.evolve(readings[1], value=-1.0)
        assert store.record([twin], by="analyst") == RecordSummary(changed=1)
        assert store.revision("K1", twin.period) == 2
        for reading in readings[:1] + readings[2:]:
            assert store.revision("K1", reading.period) == 1
        _assert_same_readings(store.readings(), [twin, *readings[:1], *readings[2:]])

    def test_revision_and_history_of_unknown_readings(self, store: Store) -> None:
        assert store.revision("HS01", _quarter(1)) == 0
        assert store.history("HS01", _quarter(1)) == ()
        store.record([_reading("HS01", _quarter(1), 1.0)], by="analyst")
        assert store.revision("HS01", _quarter(2)) == 0
        assert store.revision("hs01", _quarter(1)) == 0
        assert store.history("HS01", _quarter(2)) == ()

    # -- optimistic concurrency --------------------------------------------------------------------

    def test_stale_expected_revision_writes_nothing(self, store: Store) -> None:
        q1 = _quarter(1)
        store.record([_reading("K1", q1, 1.0)], by="alice")
        store.record([_reading("K1", q1, 2.0), _reading("K2", q1, 5.0)], by="alice")
        before = store.readings()
        batch = [_reading("K1", q1, 3.0), _reading("K2", q1, 6.0), _reading("K3", q1, 7.0)]
        for expected in (
            {("K1", q1): 1},
            {("K1", q1): 0},
            {("K1", q1): 3},
            {("K1", q1): 2, ("K2", q1): 0, ("K3", q1): 0},
            {("K3", q1): 1},
            {("K2", q1): 0},
        ):
            with pytest.raises(ConflictError):
                store.record(batch, by="bob", expected=expected)
            assert store.readings() == before
            assert store.revision("K1", q1) == 2
            assert store.revision("K2", q1) == 1
            assert store.revision("K3", q1) == 0
            assert len(store.history("K1", q1)) == 2
            assert store.history("K3", q1) == ()
        current = {("K1", q1): 2, ("K2", q1): 1, ("K3", q1): 0}
        assert store.record(batch, by="bob", expected=current) == RecordSummary(new=1, changed=2)
        assert store.revision("K1", q1) == 3

    # -- malformed input ---------------------------------------------------------------------------

    def test_malformed_batches_are_refused_and_change_nothing(self, store: Store) -> None:
        q1 = _quarter(1)
        store.record([_reading("K1", q1, 1.0)], by="alice")
        before = store.readings()
        good = _reading("K2", q1, 2.0)
        for batch in (
            [good, "K3,2024/25 Q1,3.0"],
            [{"indicator": "K3", "period": q1, "value": 3.0}, good],
            [good, None],
            [good, _reading("K1", q1, 5.0), _reading("K1", q1, 6.0)],
            [_reading("K1", q1, 1.0), _reading("K1", q1, None)],
        ):
            with pytest.raises(StoreError):
                store.record(batch, by="bob")  # type: ignore[arg-type]
            assert store.readings() == before
            assert store.revision("K1", q1) == 1
            assert len(store.history("K1", q1)) == 1
            assert store.revision("K2", q1) == 0
            assert store.history("K2", q1) == ()
        same_twice = [_reading("K2", q1, 2.0), _reading("K2", q1, 2.0)]
        store.record(same_twice, by="bob")
        assert store.revision("K2", q1) == 1
        assert len(store.history("K2", q1)) == 1

    def test_recording_needs_someone_to_say_who(self, store: Store) -> None:
        for by in ("", "   ", "\t\n"):
            with pytest.raises(StoreError):
                store.record([_reading("K1", _quarter(1), 1.0)], by=by)
        assert store.readings() == ()
        assert store.revision("K1", _quarter(1)) == 0

    # -- action updates ----------------------------------------------------------------------------

    def test_action_updates_everywhere_actions_live(self, store: Store) -> None:
        framework = sample_framework()
        store.save_framework(framework, 0)
        expected = framework
        updates = {
            "D1": _UPDATE,
            "S1": ActionUpdate(on=dt.date(2025, 1, 15), text="Half done", percent_complete=50.0),
            "P1": ActionUpdate(on=dt.date(2024, 3, 1), text="Plan published", status="Done"),
        }
        for revision, (ref, update) in enumerate(updates.items(), start=1):
            assert store.record_action_update(ref, update, revision) == revision + 1
            expected = _with_update(expected, ref, update)
            assert store.load_framework() == (expected, revision + 1)
        assert expected != framework

    def test_action_update_for_no_such_action_is_not_found(self, store: Store) -> None:
        with pytest.raises(NotFoundError):
            store.record_action_update("D1", _UPDATE, 0)
        framework = sample_framework()
        store.save_framework(framework, 0)
        for ref in ("D9", "d1", "", "1"):
            with pytest.raises(NotFoundError):
                store.record_action_update(ref, _UPDATE, 1)
        assert store.load_framework() == (framework, 1)

    def test_stale_action_update_conflicts_and_changes_nothing(self, store: Store) -> None:
        store.save_framework(sample_framework(), 0)
        latest = sample_framework("Othertown Borough Council")
        store.save_framework(latest, 1)
        for stale in (0, 1, 3):
            with pytest.raises(ConflictError):
                store.record_action_update("D1", _UPDATE, stale)
            assert store.load_framework() == (latest, 2)

    # -- closing and reopening ---------------------------------------------------------------------

    def test_close_is_final_and_harmless_twice(
        self, contract_open: Opener, contract_url: str
    ) -> None:
        q1 = _quarter(1)
        opened = contract_open(contract_url)
        with opened as store:
            assert store is opened, "__enter__ must return the store itself"
            store.save_framework(sample_framework(), 0)
            store.record([_reading("K1", q1, 1.0)], by="alice")
        uses: dict[str, Callable[[], object]] = {
            "load_framework": store.load_framework,
            "save_framework": lambda: store.save_framework(sample_framework(), 1),
            "record": lambda: store.record([_reading("K2", q1, 2.0)], by="bob"),
            "readings": store.readings,
            "revision": lambda: store.revision("K1", q1),
            "history": lambda: store.history("K1", q1),
            "record_action_update": lambda: store.record_action_update("D1", _UPDATE, 1),
        }
        for name, use in uses.items():
            with pytest.raises(StoreError):
                use()
                pytest.fail(f"{name} worked on a closed store")
        store.close()
        store.close()
        if self.persistent:
            with contract_open(contract_url) as again:
                assert again.readings() == (_reading("K1", q1, 1.0),)
                assert again.revision("K2", q1) == 0
                assert again.load_framework() == (sample_framework(), 1)

    def test_reopen_reads_everything_back(self, contract_open: Opener, contract_url: str) -> None:
        self._need_persistent()
        q1, q2 = _quarter(1), _quarter(2)
        framework = sample_framework()
        with contract_open(contract_url) as store:
            store.save_framework(framework, 0)
            store.record_action_update("S1", _UPDATE, 1)
            store.record([_reading("K1", q1, 1.0), _reading("K2", q2, None)], by="alice")
            store.record([_reading("K1", q1, 2.0)], by="bob", reason="typo")
            readings = store.readings()
            history = store.history("K1", q1)
        with contract_open(contract_url) as store:
            assert store.load_framework() == (_with_update(framework, "S1", _UPDATE), 2)
            assert store.readings() == readings
            assert store.history("K1", q1) == history
            assert store.revision("K1", q1) == 2
            assert store.revision("K2", q2) == 1
            store.record([_reading("K1", q1, 3.0)], by="carol", expected={("K1", q1): 2})
            assert store.save_framework(framework, 2) == 3
        with contract_open(contract_url) as store:
            assert store.revision("K1", q1) == 3
            _history_is_gapless(store.history("K1", q1))
            assert store.load_framework() == (framework, 3)

    def test_two_handles_on_one_url_share_the_store(
        self, contract_open: Opener, contract_url: str
    ) -> None:
        self._need_persistent()
        q1 = _quarter(1)
        first, second = contract_open(contract_url), contract_open(contract_url)
        first.record([_reading("K1", q1, 1.0)], by="alice")
        assert second.revision("K1", q1) == 1
        assert second.readings() == (_reading("K1", q1, 1.0),)
        with pytest.raises(ConflictError):
            second.record([_reading("K1", q1, 5.0)], by="bob", expected={("K1", q1): 0})
        second.record([_reading("K1", q1, 2.0)], by="bob", expected={("K1", q1): 1})
        assert first.readings() == (_reading("K1", q1, 2.0),)
        assert first.save_framework(sample_framework(), 0) == 1
        with pytest.raises(ConflictError):
            second.save_framework(sample_framework("Othertown Borough Council"), 0)
        assert second.load_framework() == (sample_framework(), 1)
        assert second.record_action_update("D2", _UPDATE, 1) == 2
        with pytest.raises(ConflictError):
            first.record_action_update("D1", _UPDATE, 1)
        assert first.load_framework()[1] == 2

    # -- hostile ids -------------------------------------------------------------------------------

    def test_hostile_ids_and_texts_round_trip(self, store: Store) -> None:
        q1 = _quarter(1)
        readings = [
            attrs.evolve(_reading(text, q1, float(i), note=text), status=ReadingStatus.PROVISIONAL)
            for i, text in enumerate(HOSTILE_IDS)
        ]
        missing = [
            Reading(indicator=text, period=_quarter(2), missing_reason=text) for text in HOSTILE_IDS
        ]
        summary = store.record([*readings, *missing], by=HOSTILE_IDS[2], reason=HOSTILE_IDS[4])
        assert summary == RecordSummary(new=2 * len(HOSTILE_IDS))
        _assert_same_readings(store.readings(), [*readings, *missing])
        for reading in readings:
            assert store.readings(indicators=[reading.indicator], periods=[q1]) == (reading,)
            assert store.revision(reading.indicator, q1) == 1
            [revision] = store.history(reading.indicator, q1)
            assert (revision.new, revision.by, revision.reason) == (
                reading,
                HOSTILE_IDS[2],
                HOSTILE_IDS[4],
            )
        changed = [attrs.evolve(r, value=-1.0) for r in readings]
        assert store.record(changed, by=HOSTILE_IDS[0]) == RecordSummary(changed=len(readings))
        for reading in changed:
            assert store.revision(reading.indicator, q1) == 2
            assert store.history(reading.indicator, q1)[-1].new == reading
        assert store.readings() == tuple(sorted([*changed, *missing], key=_order))

    def test_hostile_ids_in_a_framework_round_trip(self, store: Store) -> None:
        revision = 0
        for text in HOSTILE_IDS:
            framework = sample_framework(
                text, delivery_ref=text, service_ref=f"{text}!", indicator_id=text
            )
            revision = store.save_framework(framework, revision)
            assert store.load_framework() == (framework, revision)
            update = ActionUpdate(on=dt.date(2024, 5, 1), text=text, by=text, status=text)
            revision = store.record_action_update(text, update, revision)
            assert store.load_framework() == (_with_update(framework, text, update), revision)

    # -- the store against a model -----------------------------------------------------------------

    def test_store_matches_a_dictionary_model(
        self, store_url_factory: Callable[[], str], contract_open: Opener
    ) -> None:
        machine = _model_machine(lambda: contract_open(store_url_factory()))
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
            opener = store_module.open_store
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        workers = [
            context.Process(
                target=_contend,
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
        assert len(reports) == len(workers), (
            f"only {len(reports)} of {len(workers)} processes reported; exit codes "
            f"{[w.exitcode for w in workers]}"
        )
        errors = [f"worker {r['worker']}: {r['error']}" for r in reports if r["error"]]
        assert errors == [], "processes failed: " + "; ".join(errors)
        successes = sum(r["successes"] for r in reports)
        # Which process wins each round is up to the scheduler; what matters is that every
        # increment that succeeded is kept, in order, and that the contention made progress.
        assert successes > 0, f"no process got an increment in: {reports}"
        with contract_open(contract_url) as store:
            for w in range(self.processes):
                mine = store.readings(indicators=[f"W{w}"])
                assert mine == tuple(
                    _reading(f"W{w}", _distinct_period(i), float(i)) for i in range(count)
                ), f"worker {w}'s readings were lost or changed"
            assert len(store.readings()) == self.processes * count + 1
            assert store.revision(*_SHARED) == successes, (
                f"{successes} increments succeeded but the counter is at revision "
                f"{store.revision(*_SHARED)}"
            )
            history = store.history(*_SHARED)
            _history_is_gapless(history)
            assert [h.new.value for h in history] == [float(n) for n in range(1, successes + 1)]
            assert [h.reason for h in history] == ["increment"] * successes


# -- the stateful model --------------------------------------------------------------------------

_POOL_INDICATORS = ("K1", "k1", "K'2")
_POOL_PERIODS: tuple[Period, ...] = (
    Quarter(year=2024, number=1, start_month=4),
    Quarter(year=2024, number=2, start_month=1),
    FinancialYear(year=2024),
)
_POOL_KEYS: tuple[Key, ...] = tuple((i, p) for i in _POOL_INDICATORS for p in _POOL_PERIODS)
_pool_readings = st.builds(
    _reading,
    st.sampled_from(_POOL_INDICATORS),
    st.sampled_from(_POOL_PERIODS),
    st.sampled_from((1.0, 2.5, None)),
    status=st.sampled_from(ReadingStatus),
)
_FRAMEWORKS = (sample_framework(), sample_framework("Othertown Borough Council"))


def _model_machine(open_fresh: Callable[[], Store]) -> type[RuleBasedStateMachine]:
    """A state machine checking a store opened by ``open_fresh`` against plain dictionaries."""

    class StoreMatchesModel(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.store = open_fresh()
            self.history: dict[Key, list[Reading]] = {}
            self.framework: Framework | None = None
            self.framework_revision = 0

        def teardown(self) -> None:
            self.store.close()

        def _revision(self, key: Key) -> int:
            return len(self.history.get(key, ()))

        @rule(
            reading=_pool_readings,
            expect=st.sampled_from(("none", "current", "stale")),
            stale_by=st.sampled_from((1, -1, 2)),
        )
        def record_one(self, reading: Reading, expect: str, stale_by: int) -> None:
            self.record([reading], expect, stale_by, "analyst")

        @rule(
            batch=st.lists(_pool_readings, max_size=4),
            expect=st.sampled_from(("none", "current", "stale")),
            stale_by=st.sampled_from((1, -1, 2)),
            by=st.sampled_from(("analyst", "Ŵ 📈", "O'Brien")),
        )
        def record(self, batch: list[Reading], expect: str, stale_by: int, by: str) -> None:
            expected: dict[Key, int] | None = None
            stale = False
            if expect != "none":
                expected = {r.key: self._revision(r.key) for r in batch}
                if expect == "stale" and batch:
                    key = batch[-1].key
                    bumped = expected[key] + stale_by
                    expected[key] = bumped if bumped >= 0 else expected[key] + 1
                    stale = True
            distinct: dict[Key, Reading] = {}
            malformed = False
            for reading in batch:
                malformed |= distinct.setdefault(reading.key, reading) != reading
            if malformed or stale:
                with pytest.raises(ConflictError if stale and not malformed else StoreError):
                    self.store.record(batch, by=by, reason="model", expected=expected)
                return
            new = changed = unchanged = 0
            for key, reading in distinct.items():
                held = self.history.get(key)
                if held and held[-1] == reading:
                    unchanged += 1
                    continue
                if held:
                    changed += 1
                else:
                    new += 1
                self.history.setdefault(key, []).append(reading)
            summary = self.store.record(batch, by=by, reason="model", expected=expected)
            assert summary == RecordSummary(new=new, changed=changed, unchanged=unchanged)

        @rule(which=st.sampled_from((0, 1)), off_by=st.sampled_from((0, 0, 1, -1)))
        def save_framework(self, which: int, off_by: int) -> None:
            framework = _FRAMEWORKS[which]
            expected = max(0, self.framework_revision + off_by)
            if expected != self.framework_revision:
                with pytest.raises(ConflictError):
                    self.store.save_framework(framework, expected)
                return
            assert self.store.save_framework(framework, expected) == expected + 1
            self.framework, self.framework_revision = framework, expected + 1

        @rule(ref=st.sampled_from(("D1", "P1", "nowhere")), off_by=st.sampled_from((0, 0, 1)))
        def update_action(self, ref: str, off_by: int) -> None:
            expected = self.framework_revision + off_by
            known = self.framework is not None and ref != "nowhere"
            if known and off_by == 0:
                assert self.framework is not None
                revision = self.store.record_action_update(ref, _UPDATE, expected)
                assert revision == expected + 1
                self.framework = _with_update(self.framework, ref, _UPDATE)
                self.framework_revision = revision
                return
            if known:
                error: type[StoreError] = ConflictError
            elif off_by == 0:
                error = NotFoundError
            else:
                error = StoreError  # both unknown and stale: either error is right
            with pytest.raises(error):
                self.store.record_action_update(ref, _UPDATE, expected)

        @invariant()
        def readings_match(self) -> None:
            current = [history[-1] for history in self.history.values()]
            _assert_same_readings(self.store.readings(), current)

        @invariant()
        def revisions_and_histories_match(self) -> None:
            for key in _POOL_KEYS:
                assert self.store.revision(*key) == self._revision(key)
                history = self.store.history(*key)
                assert [h.new for h in history] == self.history.get(key, [])
                _history_is_gapless(history)

        @invariant()
        def framework_matches(self) -> None:
            if self.framework is None:
                with pytest.raises(NotFoundError):
                    self.store.load_framework()
            else:
                assert self.store.load_framework() == (self.framework, self.framework_revision)

    return StoreMatchesModel


# -- the contract from the command line ----------------------------------------------------------


class TestStoreFromCommandLine(StoreContract):
    """The contract against ``--councilpmf-store-url``, collected when this module is named on
    the command line (``pytest -p councilpmf.testing --pyargs councilpmf.testing ...``)."""

    @pytest.fixture(autouse=True)
    def _from_command_line(self, request: pytest.FixtureRequest) -> None:
        url = request.config.getoption("councilpmf_store_url", default=None)
        if not url:
            pytest.skip("give -p councilpmf.testing --councilpmf-store-url=URL to run the contract")
        transient = bool(request.config.getoption("councilpmf_store_transient", default=False))
        transient |= str(url).startswith("memory:")
        self.persistent = self.multiprocess = not transient
