"""The store contract's test of who makes each change: every write (saving the framework,
recording readings, each approval step, saving comparator values, saving a whole council, an
action update) refuses a ``by`` that names nobody, in one set of words naming the argument
(:func:`councilpmf.store.check_author`), and writes nothing.

:class:`~councilpmf.testing.store_contract.StoreContract` inherits this test; it uses its
``store`` fixture.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from councilpmf.core._validate import trusted
from councilpmf.core.actions import ActionUpdate
from councilpmf.core.indicators import Approval
from councilpmf.store import Store, StoreError
from councilpmf.testing.comparator_contract import sample_comparators
from councilpmf.testing.expect import expect_equal
from councilpmf.testing.samples import UPDATE, quarter, sample_framework, sample_reading

__all__ = ["NOBODY", "AuthorContract"]

NOBODY: tuple[object, ...] = ("", " ", "\u200b\xad\u00a0", None, 3)
"""Who a write may not be made by: nothing, only spaces or invisible characters, or no text."""


class AuthorContract:
    """The test every store passes of who makes each change."""

    def test_every_write_refuses_nobody_in_the_same_words_and_writes_nothing(
        self, store: Store
    ) -> None:
        q1 = quarter(1)
        framework, later = sample_framework(), sample_framework("Othertown Borough Council")
        draft = attrs.evolve(sample_reading("K1", q1, 1.0), approval=Approval.DRAFT)
        submitted = attrs.evolve(sample_reading("K2", q1, 2.0), approval=Approval.SUBMITTED)
        changed = sample_reading("K1", q1, 5.0)
        groups = sample_comparators()
        store.save_framework(framework, 0, by="Head of Policy")
        store.record([draft, submitted], by="supplier")
        store.save_comparators(groups, by="analyst")

        def held() -> tuple[object, ...]:
            return (
                store.plan_revisions(),
                store.load_framework(),
                store.histories(),
                store.comparators(),
            )

        def writes(by: str) -> dict[str, tuple[str, Callable[[], object]]]:
            """Each write, by ``by``, with the argument that names who makes it."""
            update = trusted(ActionUpdate, **{**attrs.asdict(UPDATE, recurse=False), "by": by})
            return {
                "save_framework": ("by", lambda: store.save_framework(later, 1, by)),
                "record": ("by", lambda: store.record([changed], by)),
                "submit": ("by", lambda: store.submit([draft.key], by)),
                "approve": ("by", lambda: store.approve([submitted.key], by)),
                "send_back": ("by", lambda: store.send_back([submitted.key], by, "a typo")),
                "save_comparators": ("by", lambda: store.save_comparators(groups[:1], by)),
                "save_council": (
                    "by",
                    lambda: store.save_council(later, 1, [changed], by, comparators=[]),
                ),
                "record_action_update": (
                    "update.by",
                    lambda: store.record_action_update("D1", update, 1),
                ),
            }

        before = held()
        for nobody in NOBODY:
            for name, (argument, write) in writes(nobody).items():  # type: ignore[arg-type]
                what = f"{name}(..., {argument}={nobody!r})"
                try:
                    write()
                except StoreError as error:
                    said = f"{argument} must name who makes the change, not {nobody!r}"
                    expect_equal(str(error), said, f"the refusal of {what}")
                except Exception as other:
                    raise AssertionError(
                        f"{what}: expected StoreError, got {type(other).__name__}: {other}"
                    ) from other
                else:
                    raise AssertionError(f"{what}: expected StoreError, but it was written")
                expect_equal(held(), before, f"what the store holds after {what}")
