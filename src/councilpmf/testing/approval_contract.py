"""The store contract's tests of approval and of the framework's revisions: a reading moves
draft -> submitted -> approved (or back to draft) one revision at a time, kept with who, when
and why; a step its state does not allow, or an approval by whoever submitted, is refused
with nothing changed; two writers approving and recording at once lose nothing; every saved
framework can be listed and read back with who saved it and why.

:class:`~councilpmf.testing.store_contract.StoreContract` inherits these tests; they use its
fixtures (``store``, ``contract_open``, ``contract_url``) and its ``persistent`` attribute.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import attrs
import pytest

from councilpmf.core.indicators import Approval
from councilpmf.core.periods import Month
from councilpmf.store import (
    ConflictError,
    NotFoundError,
    PlanRevision,
    Store,
    StoreError,
    approved_revisions,
)
from councilpmf.testing.expect import expect, expect_equal, expect_refused
from councilpmf.testing.samples import quarter, sample_framework, sample_reading
from councilpmf.testing.store_checks import history_is_gapless, utc_stamp

__all__ = ["ApprovalContract"]

Opener = Callable[[str], Store]

_DRAFT, _SUBMITTED, _APPROVED = Approval.DRAFT, Approval.SUBMITTED, Approval.APPROVED


def _states(store: Store, indicator: str, period: object) -> list[tuple[Approval, str, str]]:
    return [(h.new.approval, h.by, h.reason) for h in store.history(indicator, period)]  # type: ignore[arg-type]


class ApprovalContract:
    """Approval and framework revisions, as every store keeps them."""

    persistent: bool = True

    def test_a_reading_moves_draft_submitted_approved_with_who_and_why(self, store: Store) -> None:
        q1 = quarter(1)
        key = ("HS01", q1)
        draft = sample_reading("HS01", q1, 41.0, approval=_DRAFT)
        before = dt.datetime.now(dt.UTC)
        store.record([draft], by="supplier")
        expect_equal(store.submit([key], by="supplier", reason="Q1 return"), 1, "submit")
        expect_equal(
            store.send_back([key], by="checker", reason="check the source"), 1, "send_back"
        )
        expect_equal(store.submit([key], by="supplier", reason="checked"), 1, "submit again")
        expect_equal(store.approve([key], by="checker", reason="agreed"), 1, "approve")
        after = dt.datetime.now(dt.UTC)
        expect_equal(
            _states(store, *key),
            [
                (_DRAFT, "supplier", ""),
                (_SUBMITTED, "supplier", "Q1 return"),
                (_DRAFT, "checker", "check the source"),
                (_SUBMITTED, "supplier", "checked"),
                (_APPROVED, "checker", "agreed"),
            ],
            "the approval, who and why of every revision",
        )
        history = store.history(*key)
        history_is_gapless(history)
        for revision in history:
            utc_stamp(revision.at, before, after)
            expect_equal(revision.new.value, 41.0, "the value, through every step")
        expect_equal(
            store.readings(), (attrs.evolve(draft, approval=_APPROVED),), "store.readings()"
        )
        expect_equal(store.revision(*key), 5, "store.revision(*key)")

    def test_recording_the_same_figure_again_keeps_its_approval(self, store: Store) -> None:
        q1 = quarter(1)
        key = ("HS01", q1)
        store.record([sample_reading("HS01", q1, 41.0, approval=_DRAFT)], by="supplier")
        store.submit([key], by="supplier")
        store.approve([key], by="checker")
        again = store.record([sample_reading("HS01", q1, 41.0, approval=_DRAFT)], by="supplier")
        expect_equal((again.unchanged, store.revision(*key)), (1, 3), "recording it again")
        expect_equal(store.readings()[0].approval, _APPROVED, "its approval")
        store.record([sample_reading("HS01", q1, 42.0, approval=_DRAFT)], by="supplier")
        expect_equal(store.readings()[0].approval, _DRAFT, "a corrected figure's approval")

    def test_the_approved_figure_is_found_under_a_correction(self, store: Store) -> None:
        q1, q2 = quarter(1), quarter(2)
        key = ("HS01", q1)
        approved = sample_reading("HS01", q1, 41.0, note="agreed figure")
        store.record([attrs.evolve(approved, approval=_DRAFT)], by="supplier")
        store.submit([key], by="supplier")
        store.approve([key], by="checker")
        store.record([sample_reading("HS01", q2, 5.0)], by="supplier")  # approved as recorded
        store.record(
            [
                sample_reading("HS01", q1, 42.0, note="recounted", approval=_DRAFT),
                sample_reading("HS01", q2, 6.0, approval=_DRAFT),
                sample_reading("HS02", q1, 7.0, approval=_DRAFT),  # never approved
            ],
            by="supplier",
        )
        expect_equal(
            approved_revisions(store, store.readings()),
            (approved, sample_reading("HS01", q2, 5.0)),
            "approved_revisions(store, store.readings()): the last approved revision of each "
            "figure not approved now",
        )
        store.submit([key], by="supplier")
        store.approve([key], by="checker")
        expect_equal(
            approved_revisions(store, store.readings(indicators=["HS01"], periods=[q1])),
            (),
            "approved_revisions of a figure approved now",
        )

    def test_steps_the_state_does_not_allow_are_refused_and_change_nothing(
        self, store: Store
    ) -> None:
        q1 = quarter(1)
        store.record(
            [
                sample_reading("A", q1, 1.0, approval=_DRAFT),
                sample_reading("B", q1, 2.0, approval=_SUBMITTED),
                sample_reading("C", q1, 3.0),
            ],
            by="supplier",
        )
        before = store.readings()
        a, b, c, unknown = ("A", q1), ("B", q1), ("C", q1), ("Z", q1)
        refused: list[tuple[str, Callable[[], object], type[StoreError]]] = [
            ("approving a draft", lambda: store.approve([b, a], by="checker"), StoreError),
            ("submitting twice", lambda: store.submit([a, b], by="supplier"), StoreError),
            ("returning a draft", lambda: store.send_back([a], by="x", reason="y"), StoreError),
            ("returning an approved figure", lambda: store.send_back([c], "x", "y"), StoreError),
            ("approving one's own figure", lambda: store.approve([b], by=" SUPPLIER"), StoreError),
            (
                "approving one's own figure, the name with a zero-width space",
                lambda: store.approve([b], by="supp\u200blier"),
                StoreError,
            ),
            ("an unknown reading", lambda: store.submit([a, unknown], by="x"), NotFoundError),
            ("a stale revision", lambda: store.submit([a], "x", expected={a: 7}), ConflictError),
            ("returning without a reason", lambda: store.send_back([b], "x", " "), StoreError),
            ("nobody", lambda: store.submit([a], by=" "), StoreError),
            (
                "nobody, in invisible characters",
                lambda: store.submit([a], "\u200b\xad"),
                StoreError,
            ),
            (
                "an invisible reason to return",
                lambda: store.send_back([b], "x", "\u200b"),
                StoreError,
            ),
            ("a key that is no key", lambda: store.submit(["A"], by="x"), StoreError),  # type: ignore[list-item]
        ]
        for what, call, error in refused:
            with expect_refused(error, what):
                call()
            expect_equal(store.readings(), before, f"the readings after {what}")
            for key in (a, b, c):
                expect_equal(len(store.history(*key)), 1, f"the history of {key} after {what}")
        expect_equal(store.approve([b], by="supplier", self_approval=True), 1, "self-approval")
        expect_equal(store.submit([], by="x"), 0, "submitting nothing")

    def test_expected_revisions_and_self_approval_must_be_what_they_say(self, store: Store) -> None:
        q1 = quarter(1)
        a, b = ("A", q1), ("B", q1)
        store.record(
            [
                sample_reading("A", q1, 1.0, approval=_DRAFT),
                sample_reading("B", q1, 2.0, approval=_SUBMITTED),
            ],
            by="supplier",
        )
        before = store.readings()
        changed = sample_reading("A", q1, 9.0, approval=_DRAFT)
        bad: list[tuple[str, Callable[[], object], str]] = [
            (
                "self-approval in words",
                lambda: store.approve([b], "supplier", self_approval="no"),  # type: ignore[arg-type]
                "self_approval",
            ),
            ("a yes for a revision", lambda: store.submit([a], "x", expected={a: True}), "True"),
            ("a revision in words", lambda: store.submit([a], "x", expected={a: "1"}), "'1'"),  # type: ignore[dict-item]
            ("a revision below 0", lambda: store.submit([a], "x", expected={a: -1}), "-1"),
            ("no mapping", lambda: store.submit([a], "x", expected=[a]), "expected"),  # type: ignore[arg-type]
            ("recording", lambda: store.record([changed], "x", expected={a: True}), "True"),
        ]
        for what, call, words in bad:
            try:
                call()
            except ConflictError as error:
                raise AssertionError(f"{what}: refused as a conflict: {error}") from error
            except StoreError as error:
                expect(words in str(error), f"{what}: {words} in {str(error)!r}")
            else:
                raise AssertionError(f"{what}: expected StoreError, but nothing was raised")
            expect_equal(store.readings(), before, f"the readings after {what}")

    def test_many_at_once_is_all_or_nothing(self, store: Store) -> None:
        q1 = quarter(1)
        drafts = [sample_reading(f"K{i}", q1, float(i), approval=_DRAFT) for i in range(5)]
        store.record([*drafts, sample_reading("K9", q1, 9.0)], by="supplier")
        keys = [r.key for r in drafts]
        with expect_refused(StoreError, "submitting four drafts and an approved figure"):
            store.submit([*keys[:4], ("K9", q1)], by="supplier")
        expect_equal(
            [r.approval for r in store.readings()], [_DRAFT] * 5 + [_APPROVED], "the states"
        )
        expect_equal(store.submit(keys, by="supplier"), 5, "submitting five drafts")
        expect_equal(
            store.approve(keys, by="checker", expected={k: 2 for k in keys}), 5, "approving"
        )
        expect_equal({r.approval for r in store.readings()}, {_APPROVED}, "the states")

    def test_approval_is_kept_across_a_close(
        self, contract_open: Opener, contract_url: str
    ) -> None:
        if not self.persistent:
            pytest.skip(f"{type(self).__name__} is not persistent: nothing survives a close")
        q1, key = quarter(1), ("K1", quarter(1))
        with contract_open(contract_url) as store:
            store.record([sample_reading("K1", q1, 1.0, approval=_DRAFT)], by="supplier")
            store.submit([key], by="supplier", reason="ready")
            history = store.history(*key)
        with contract_open(contract_url) as store:
            expect_equal(store.history(*key), history, "the history, reopened")
            expect_equal(store.readings()[0].approval, _SUBMITTED, "the state, reopened")
            with expect_refused(StoreError, "the submitter approving, reopened"):
                store.approve([key], by="supplier")

    def test_writers_approving_and_recording_at_once_lose_nothing(
        self, contract_open: Opener, contract_url: str
    ) -> None:
        count = 12
        first = contract_open(contract_url)
        second = contract_open(contract_url) if self.persistent else first
        periods = [Month(year=2024, month=m) for m in range(1, count + 1)]
        first.record(
            [sample_reading("A", p, 1.0, approval=_SUBMITTED) for p in periods], by="supplier"
        )
        errors: list[BaseException] = []

        def approving() -> None:
            try:
                for p in periods:
                    first.approve([("A", p)], by="checker", reason="agreed")
            except BaseException as error:  # reported below
                errors.append(error)

        def recording() -> None:
            try:
                for i, p in enumerate(periods):
                    second.record([sample_reading("B", p, float(i))], by="recorder")
                    # the same figure again, as a draft: it keeps whatever approval it has
                    second.record([sample_reading("A", p, 1.0, approval=_DRAFT)], by="recorder")
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=approving), threading.Thread(target=recording)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        expect(not any(t.is_alive() for t in threads), "the writers finished within 2 minutes")
        expect_equal(errors, [], "the writers' errors")
        expect_equal(
            first.readings(indicators=["A"]),
            tuple(sample_reading("A", p, 1.0) for p in periods),
            "every approval kept",
        )
        expect_equal(
            second.readings(indicators=["B"]),
            tuple(sample_reading("B", p, float(i)) for i, p in enumerate(periods)),
            "every recording kept",
        )
        for p in periods:
            expect_equal(
                _states(first, "A", p),
                [(_SUBMITTED, "supplier", ""), (_APPROVED, "checker", "agreed")],
                f"the history of A {p}",
            )

    def test_framework_revisions_keep_who_and_why(self, store: Store) -> None:
        one, two = sample_framework(), sample_framework("Othertown Borough Council")
        expect_equal(store.plan_revisions(), (), "plan_revisions() with nothing saved")
        before = dt.datetime.now(dt.UTC)
        store.save_framework(one, 0, by="Head of Policy", reason="adopted by Council")
        store.save_framework(two, 1, by="Ŵ 📈", reason="refreshed\n'; DROP TABLE framework; --")
        store.save_framework(one, 2, by="analyst")
        after = dt.datetime.now(dt.UTC)
        revisions = store.plan_revisions()
        expect_equal(
            [(r.revision, r.by, r.reason) for r in revisions],
            [
                (1, "Head of Policy", "adopted by Council"),
                (2, "Ŵ 📈", "refreshed\n'; DROP TABLE framework; --"),
                (3, "analyst", ""),
            ],
            "plan_revisions()",
        )
        for revision in revisions:
            expect(isinstance(revision, PlanRevision), f"a PlanRevision, not {revision!r}")
            utc_stamp(revision.saved_at, before, after)
        expect_equal(
            [store.framework_at(n) for n in (1, 2, 3)], [one, two, one], "framework_at(1 to 3)"
        )
        for missing in (0, 4, -1, True, "1"):
            with expect_refused(NotFoundError, f"framework_at({missing!r})"):
                store.framework_at(missing)  # type: ignore[arg-type]
        with expect_refused(ConflictError, "a stale save"):
            store.save_framework(two, 2, by="late", reason="stale")
        expect_equal(len(store.plan_revisions()), 3, "revisions after a refused save")
        with expect_refused(StoreError, "save_framework(..., by=3)"):
            store.save_framework(one, 3, by=3)  # type: ignore[arg-type]
        with expect_refused(StoreError, "save_framework(..., reason=None)"):
            store.save_framework(one, 3, by="analyst", reason=None)  # type: ignore[arg-type]
        expect_equal(store.load_framework(), (one, 3), "load_framework()")
