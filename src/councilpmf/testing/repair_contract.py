"""The store contract's test of a framework revision that no longer reads: checks grow
stricter between releases (an id with a space around it, half a surrogate pair in text), so a
store may hold a revision that today's records refuse. Such a store must stay usable and
repairable: the revision is refused by name (store, revision, field path) wherever it is read,
still listed, and saving a framework makes a new revision over it without reading it, the old
one kept exactly as it was.

Only the store knows how it keeps a revision, so a store's test class gives the fixture
``spoil_framework``: a callable ``(url, revision) -> None`` that writes that revision of the
framework directly, not through the store, so that it no longer reads, as a revision saved by
an earlier release can. The framework saved is :func:`~councilpmf.testing.samples.sample_framework`
(its indicator ``HS01``): giving that indicator the id ``"HS01 "`` in the stored document is
enough. Without the fixture (the default, None) the test is skipped, as it is for a store that
keeps nothing once closed (``persistent = False``), which cannot hold an old revision.

:class:`~councilpmf.testing.store_contract.StoreContract` inherits this test; it uses its
fixtures (``contract_open``, ``contract_url``) and its ``persistent`` attribute.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from councilpmf.store import ConflictError, Store, StoreError, UnreadableFrameworkError
from councilpmf.testing.expect import expect, expect_equal, expect_refused
from councilpmf.testing.samples import UPDATE, quarter, sample_framework, sample_reading

__all__ = ["RepairContract", "Spoiler"]

Opener = Callable[[str], Store]

Spoiler = Callable[[str, int], None]
"""How a store's test writes framework revision ``revision`` of the store at ``url`` so that
it no longer reads."""


def refused_unreadable(
    use: Callable[[], object], what: str, revision: int
) -> UnreadableFrameworkError:
    """The :class:`~councilpmf.store.UnreadableFrameworkError` that ``use`` raises, naming
    ``revision`` in its message and in its ``revision``; fails otherwise."""
    try:
        use()
    except UnreadableFrameworkError as error:
        expect_equal(error.revision, revision, f"{what}: the revision the error carries")
        expect(
            f"revision {revision}" in str(error),
            f"{what}: the message names revision {revision}: {str(error)!r}",
        )
        return error
    except StoreError as error:
        raise AssertionError(
            f"{what}: expected UnreadableFrameworkError, got {type(error).__name__}: {error}"
        ) from error
    raise AssertionError(f"{what}: expected UnreadableFrameworkError, but it read")


class RepairContract:
    """A framework revision that no longer reads, refused by name and saved over."""

    persistent: bool = True

    @pytest.fixture
    def spoil_framework(self) -> Spoiler | None:
        """How to make a stored framework revision unreadable; None skips the test."""
        return None

    def test_a_framework_revision_that_no_longer_reads_is_saved_over_and_kept(
        self, contract_open: Opener, contract_url: str, spoil_framework: Spoiler | None
    ) -> None:
        if not self.persistent:
            pytest.skip(f"{type(self).__name__} is not persistent: it holds no old revision")
        if spoil_framework is None:
            pytest.skip(
                f"{type(self).__name__} gives no spoil_framework fixture to write a framework "
                "revision that no longer reads"
            )
        q1 = quarter(1)
        first, second = sample_framework(), sample_framework("Othertown Borough Council")
        with contract_open(contract_url) as store:
            store.save_framework(first, 0, by="ann", reason="the first plan")
            store.save_framework(second, 1, by="bob", reason="the refresh")
            store.record([sample_reading("HS01", q1, 41.0)], by="ann")
            revisions = store.plan_revisions()
            readings, history = store.readings(), store.history("HS01", q1)
        spoil_framework(contract_url, 2)

        with contract_open(contract_url) as store:
            refused_unreadable(store.load_framework, "load_framework()", 2)
            spoilt = refused_unreadable(lambda: store.framework_at(2), "framework_at(2)", 2)
            expect_equal(store.framework_at(1), first, "framework_at(1)")
            expect_equal(store.plan_revisions(), revisions, "plan_revisions(), listing it")
            refused_unreadable(
                lambda: store.record_action_update("D1", UPDATE, 2),
                'record_action_update("D1", UPDATE, 2)',
                2,
            )
            with expect_refused(ConflictError, "save_framework(first, 1), a stale save"):
                store.save_framework(first, 1, by="analyst")
            expect_equal(store.plan_revisions(), revisions, "plan_revisions() after the refusals")
            expect_equal(
                store.save_framework(first, 2, by="carol", reason="corrected"),
                3,
                "save_framework(first, 2) over the revision that does not read",
            )
            expect_equal(store.load_framework(), (first, 3), "load_framework() after the save")
            expect_equal(store.readings(), readings, "readings() after the save")
            expect_equal(store.history("HS01", q1), history, "history() after the save")

        with contract_open(contract_url) as store:
            expect_equal(store.load_framework(), (first, 3), "load_framework() reopened")
            expect_equal(store.plan_revisions()[:2], revisions, "the revisions kept before")
            expect_equal(
                [(saved.revision, saved.by, saved.reason) for saved in store.plan_revisions()[2:]],
                [(3, "carol", "corrected")],
                "the revision saved over it",
            )
            kept = refused_unreadable(lambda: store.framework_at(2), "framework_at(2) after", 2)
            expect_equal(str(kept), str(spoilt), "revision 2, kept as it was")
            expect_equal(store.framework_at(1), first, "framework_at(1) after")
