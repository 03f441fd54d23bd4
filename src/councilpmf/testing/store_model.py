"""The store contract's stateful test: a hypothesis state machine that records, submits,
approves, returns, saves and updates at random, saves comparator values and whole councils
(refused ones too: a refused council changes nothing), and checks the store against plain
dictionaries after every step, and the histories it reads in bulk, with random filters,
against each reading's history.

The model's rules of approval are written here on their own, from the documentation of
:class:`councilpmf.store.Store`: recording a figure that is the same but for its approval
leaves it alone; a draft may be submitted, a submitted figure approved or returned (as a
draft); whoever made the submitted revision may not approve it unless self-approval is allowed
(names compared without case or surrounding spaces); a refused step changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Approval, ComparatorGroup, Reading, ReadingStatus
from councilpmf.core.periods import FinancialYear, Period, Quarter
from councilpmf.store import (
    ConflictError,
    CouncilSummary,
    NotFoundError,
    RecordSummary,
    Store,
    StoreError,
)
from councilpmf.testing.comparator_contract import sample_comparators
from councilpmf.testing.expect import expect_equal, expect_refused
from councilpmf.testing.history_contract import histories_match
from councilpmf.testing.samples import UPDATE, sample_framework, sample_reading, with_update
from councilpmf.testing.store_checks import history_is_gapless, same_readings

__all__ = ["model_machine"]

Key = tuple[str, Period]

_POOL_INDICATORS = ("K1", "k1", "K'2")
_POOL_PERIODS: tuple[Period, ...] = (
    Quarter(year=2024, number=1, start_month=4),
    Quarter(year=2024, number=2, start_month=1),
    FinancialYear(year=2024),
)
_POOL_KEYS: tuple[Key, ...] = tuple((i, p) for i in _POOL_INDICATORS for p in _POOL_PERIODS)
_pool_readings = st.builds(
    sample_reading,
    st.sampled_from(_POOL_INDICATORS),
    st.sampled_from(_POOL_PERIODS),
    st.sampled_from((1.0, 2.5, None)),
    status=st.sampled_from(ReadingStatus),
    published_status=st.sampled_from(("", "Green", "Off target")),
    approval=st.sampled_from(Approval),
)
# who each name is: names written another way (case, spaces, an accent typed as a letter and a
# combining mark, a zero-width space) are one person
_PERSON = {
    "analyst": 1,
    " Analyst": 1,
    "Ŵ 📈": 2,
    "ŵ  📈": 2,
    "w\u0302\u200b 📈": 2,
    "O'Brien": 3,
}
_PEOPLE = tuple(_PERSON)
# each step: the state it starts from, the state it leads to
_STEPS = {
    "submit": (Approval.DRAFT, Approval.SUBMITTED),
    "approve": (Approval.SUBMITTED, Approval.APPROVED),
    "send_back": (Approval.SUBMITTED, Approval.DRAFT),
}


def _same_but_approval(one: Reading, other: Reading) -> bool:
    return attrs.evolve(one, approval=other.approval) == other


_FRAMEWORKS = (sample_framework(), sample_framework("Othertown Borough Council"))
_GROUPS = sample_comparators()[:6]
# what a save of comparator values may be given: groups, and what is not one
_GROUP_POOL: tuple[ComparatorGroup | str, ...] = (*_GROUPS, "not a group")


def model_machine(open_fresh: Callable[[], Store]) -> type[RuleBasedStateMachine]:
    """A state machine checking a store opened by ``open_fresh`` against plain dictionaries."""

    class StoreMatchesModel(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.store = open_fresh()
            self.history: dict[Key, list[Reading]] = {}
            self.authors: dict[Key, list[str]] = {}
            self.framework: Framework | None = None
            self.framework_revision = 0
            self.comparators: tuple[ComparatorGroup, ...] = ()

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

        def _expected(
            self, batch: list[Reading], expect: str, stale_by: int
        ) -> tuple[dict[Key, int] | None, bool]:
            """The revisions a writer expects of ``batch`` (None for ``expect`` "none"; the
            last reading's off by ``stale_by`` for "stale") and whether they are stale."""
            if expect == "none":
                return None, False
            expected = {r.key: self._revision(r.key) for r in batch}
            if expect != "stale" or not batch:
                return expected, False
            key = batch[-1].key
            bumped = expected[key] + stale_by
            expected[key] = bumped if bumped >= 0 else expected[key] + 1
            return expected, True

        def _changes(self, batch: list[Reading]) -> tuple[bool, dict[Key, Reading], RecordSummary]:
            """Whether ``batch`` is refused for two different readings of one key, and if not,
            the readings it revises (by key) and the summary of recording it."""
            distinct: dict[Key, Reading] = {}
            malformed = False
            for reading in batch:
                malformed |= distinct.setdefault(reading.key, reading) != reading
            changes: dict[Key, Reading] = {}
            new = changed = unchanged = 0
            for key, reading in distinct.items():
                held = self.history.get(key)
                if held and _same_but_approval(held[-1], reading):
                    unchanged += 1
                    continue
                if held:
                    changed += 1
                else:
                    new += 1
                changes[key] = reading
            summary = RecordSummary(new=new, changed=changed, unchanged=unchanged)
            return malformed, changes, summary

        def _apply(self, changes: dict[Key, Reading], by: str) -> None:
            for key, reading in changes.items():
                self.history.setdefault(key, []).append(reading)
                self.authors.setdefault(key, []).append(by)

        @rule(
            batch=st.lists(_pool_readings, max_size=4),
            expect=st.sampled_from(("none", "current", "stale")),
            stale_by=st.sampled_from((1, -1, 2)),
            by=st.sampled_from(_PEOPLE),
        )
        def record(self, batch: list[Reading], expect: str, stale_by: int, by: str) -> None:
            expected, stale = self._expected(batch, expect, stale_by)
            malformed, changes, summary = self._changes(batch)
            if malformed or stale:
                wanted = ConflictError if stale and not malformed else StoreError
                what = f"recording {batch!r} expecting revisions {expected!r}"
                with expect_refused(wanted, what):
                    self.store.record(batch, by=by, reason="model", expected=expected)
                return
            expect_equal(
                self.store.record(batch, by=by, reason="model", expected=expected),
                summary,
                f"the summary of recording {batch!r}",
            )
            self._apply(changes, by)

        @rule(
            which=st.sampled_from((0, 1)),
            off_by=st.sampled_from((0, 0, 1, -1)),
            batch=st.lists(_pool_readings, max_size=4),
            expect=st.sampled_from(("none", "current", "stale")),
            stale_by=st.sampled_from((1, -1, 2)),
            groups=st.none() | st.lists(st.sampled_from(_GROUP_POOL), max_size=3),
        )
        def save_council(
            self,
            which: int,
            off_by: int,
            batch: list[Reading],
            expect: str,
            stale_by: int,
            groups: list[ComparatorGroup | str] | None,
        ) -> None:
            framework, revision = _FRAMEWORKS[which], max(0, self.framework_revision + off_by)
            expected, stale = self._expected(batch, expect, stale_by)
            malformed, changes, summary = self._changes(batch)
            found = (
                (ConflictError, revision != self.framework_revision),
                (ConflictError, stale),
                (StoreError, malformed),
                (StoreError, groups is not None and "not a group" in groups),
            )
            problems = [error for error, problem in found if problem]
            what = (
                f"save_council(framework {which}, {revision}, {batch!r}, expected={expected!r}, "
                f"comparators={groups!r}) at framework revision {self.framework_revision}"
            )

            def save() -> CouncilSummary:
                return self.store.save_council(
                    framework,
                    revision,
                    batch,
                    by="analyst",
                    reason="model",
                    expected=expected,
                    comparators=groups,  # type: ignore[arg-type]
                )

            if problems:
                # each refuses the whole save; which the store names first is its own affair
                with expect_refused(problems[0] if len(problems) == 1 else StoreError, what):
                    save()
                return
            kept = None if groups is None else tuple(g for g in groups if not isinstance(g, str))
            expect_equal(
                save(),
                CouncilSummary(
                    revision=revision + 1,
                    readings=summary,
                    comparators=None if kept is None else len(kept),
                ),
                what,
            )
            self._apply(changes, "analyst")
            self.framework, self.framework_revision = framework, revision + 1
            if kept is not None:
                self.comparators = kept

        @rule(
            keys=st.lists(st.sampled_from(_POOL_KEYS), max_size=3),
            step=st.sampled_from(sorted(_STEPS)),
            by=st.sampled_from(_PEOPLE),
            self_approval=st.booleans(),
            expect=st.sampled_from(("none", "current", "stale")),
        )
        def move(
            self, keys: list[Key], step: str, by: str, self_approval: bool, expect: str
        ) -> None:
            source, target = _STEPS[step]
            distinct = list(dict.fromkeys(keys))
            expected = {key: self._revision(key) for key in distinct} if expect != "none" else None
            if expected is not None and expect == "stale" and distinct:
                expected[distinct[0]] += 1
            never = [key for key in distinct if not self.history.get(key)]
            refused = [
                key
                for key in distinct
                if key not in never
                and (
                    self.history[key][-1].approval is not source
                    or (
                        step == "approve"
                        and not self_approval
                        and _PERSON[self.authors[key][-1]] == _PERSON[by]
                    )
                )
            ]
            stale = expect == "stale" and bool(distinct)
            method = getattr(self.store, step)
            options: dict[str, object] = {"expected": expected}
            if step == "approve":
                options["self_approval"] = self_approval
            what = f"{step}({distinct!r}, by={by!r}, {options!r})"
            if never or refused or stale:
                # an unknown key, a refused step and a stale revision: each refuses the whole
                # step; which of them the store names first is its own affair
                error: type[StoreError] = StoreError
                if never and not (refused or stale):
                    error = NotFoundError
                elif stale and not (never or refused):
                    error = ConflictError
                with expect_refused(error, what):
                    method(keys, by, "checked", **options)
                return
            expect_equal(method(keys, by, "checked", **options), len(distinct), what)
            for key in distinct:
                self.history[key].append(attrs.evolve(self.history[key][-1], approval=target))
                self.authors[key].append(by)

        @rule(which=st.sampled_from((0, 1)), off_by=st.sampled_from((0, 0, 1, -1)))
        def save_framework(self, which: int, off_by: int) -> None:
            framework = _FRAMEWORKS[which]
            expected = max(0, self.framework_revision + off_by)
            if expected != self.framework_revision:
                what = f"save_framework(..., {expected}) at revision {self.framework_revision}"
                with expect_refused(ConflictError, what):
                    self.store.save_framework(framework, expected, by="analyst")
                return
            expect_equal(
                self.store.save_framework(framework, expected, by="analyst"),
                expected + 1,
                f"the revision save_framework(..., {expected}) returned",
            )
            self.framework, self.framework_revision = framework, expected + 1

        @rule(ref=st.sampled_from(("D1", "P1", "nowhere")), off_by=st.sampled_from((0, 0, 1)))
        def update_action(self, ref: str, off_by: int) -> None:
            expected = self.framework_revision + off_by
            known = self.framework is not None and ref != "nowhere"
            if self.framework is not None and known and off_by == 0:
                revision = self.store.record_action_update(ref, UPDATE, expected)
                expect_equal(
                    revision,
                    expected + 1,
                    f"the revision record_action_update({ref!r}, ..., {expected}) returned",
                )
                self.framework = with_update(self.framework, ref, UPDATE)
                self.framework_revision = revision
                return
            if known:
                error: type[StoreError] = ConflictError
            elif off_by == 0:
                error = NotFoundError
            else:
                error = StoreError  # both unknown and stale: either error is right
            what = f"record_action_update({ref!r}, ..., {expected}) at {self.framework_revision}"
            with expect_refused(error, what):
                self.store.record_action_update(ref, UPDATE, expected)

        @rule(groups=st.lists(st.sampled_from(_GROUP_POOL), max_size=4))
        def save_comparators(self, groups: list[ComparatorGroup | str]) -> None:
            what = f"save_comparators({groups!r})"
            if any(isinstance(group, str) for group in groups):
                with expect_refused(StoreError, what):
                    self.store.save_comparators(groups, by="analyst")  # type: ignore[arg-type]
                return
            kept = tuple(group for group in groups if isinstance(group, ComparatorGroup))
            expect_equal(self.store.save_comparators(kept, by="analyst"), len(kept), what)
            self.comparators = kept

        @invariant()
        def comparators_match(self) -> None:
            expect_equal(self.store.comparators(), self.comparators, "comparators()")

        @invariant()
        def readings_match(self) -> None:
            current = [history[-1] for history in self.history.values()]
            same_readings(self.store.readings(), current)

        @invariant()
        def revisions_and_histories_match(self) -> None:
            for key in _POOL_KEYS:
                expect_equal(self.store.revision(*key), self._revision(key), f"revision{key!r}")
                history = self.store.history(*key)
                expect_equal([h.new for h in history], self.history.get(key, []), f"history{key!r}")
                expect_equal([h.by for h in history], self.authors.get(key, []), f"authors{key!r}")
                history_is_gapless(history)

        @invariant()
        def all_histories_match(self) -> None:
            histories_match(self.store)

        @rule(
            indicators=st.none() | st.lists(st.sampled_from(_POOL_INDICATORS), max_size=2),
            periods=st.none() | st.lists(st.sampled_from(_POOL_PERIODS), max_size=2),
        )
        def read_histories(
            self, indicators: list[str] | None, periods: list[Period] | None
        ) -> None:
            histories_match(self.store, indicators, periods)

        @invariant()
        def framework_matches(self) -> None:
            if self.framework is None:
                with expect_refused(NotFoundError, "load_framework() with none saved"):
                    self.store.load_framework()
            else:
                expect_equal(
                    self.store.load_framework(),
                    (self.framework, self.framework_revision),
                    "load_framework()",
                )

    return StoreMatchesModel
