"""The store contract's tests of comparator values: a store keeps the comparator groups it is
given (say CIPFA nearest neighbours' values, which quartile rules rate against) and gives them
back equal and in the order saved; a save replaces them whole (no groups clears them); a group
that is not valid refuses the whole save, naming the group and the field, with the values kept
before left as they were; they survive a reopen and are shared by every handle on the store.

:class:`~councilpmf.testing.store_contract.StoreContract` inherits these tests; they use its
fixtures (``store``, ``contract_open``, ``contract_url``) and its ``persistent`` attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs
import pytest

from councilpmf.core._validate import trusted
from councilpmf.core.indicators import ComparatorGroup
from councilpmf.core.periods import FinancialYear, Month, Quarter
from councilpmf.core.readings import Readings
from councilpmf.store import Store, StoreError
from councilpmf.testing.expect import expect, expect_equal, expect_refused
from councilpmf.testing.samples import HOSTILE_IDS, quarter, sample_framework, sample_reading

__all__ = ["ComparatorContract", "sample_comparators"]

Opener = Callable[[str], Store]


def sample_comparators() -> tuple[ComparatorGroup, ...]:
    """Comparator groups that break naive stores: periods of every kind (two quarters with the
    same dates in years that start in different months), whole numbers and decimals, no
    values at all, one indicator, period and group given twice (``Readings.of`` joins them,
    in order), and ids and group names from :data:`~councilpmf.testing.samples.HOSTILE_IDS`.

    >>> len(sample_comparators()) > len(HOSTILE_IDS)
    True
    """
    q1 = quarter(1)
    same_dates = Quarter(year=2024, number=2, start_month=1)
    return (
        ComparatorGroup(indicator="HS01", period=q1, group="CIPFA", values=(41.5, 38, 52.25)),
        ComparatorGroup(indicator="HS01", period=same_dates, group="CIPFA", values=(1.0,)),
        ComparatorGroup(indicator="HS01", period=q1, group="Family", values=()),
        ComparatorGroup(
            indicator="BEN02",
            period=Month(year=2024, month=12),
            group="CIPFA",
            values=(-3.5, 0, 10**15),
        ),
        ComparatorGroup(indicator="HS01", period=q1, group="CIPFA", values=(40.0,)),
        ComparatorGroup(
            indicator="BEN02", period=FinancialYear(year=2023), group="CIPFA", values=(1e-9, 7.25)
        ),
        *(
            ComparatorGroup(indicator=text, period=q1, group=text, values=(float(number),))
            for number, text in enumerate(HOSTILE_IDS)
        ),
    )


def _bad_batches(good: ComparatorGroup) -> Iterator[tuple[str, list[object], str]]:
    """Saves every store refuses: what is saved, and the start of the message that names the
    group and the field."""

    def unchecked(**changes: object) -> ComparatorGroup:
        return trusted(ComparatorGroup, **{**attrs.asdict(good, recurse=False), **changes})

    yield (
        "a reading among the groups",
        [good, sample_reading("K1", quarter(1), 1.0)],
        ("comparators[1]: "),
    )
    yield (
        "a value that is not a number",
        [good, unchecked(values=(1.0, float("nan")))],
        ("comparators[1].values[1]: "),
    )
    yield "a value that is True", [unchecked(values=(True,))], "comparators[0].values[0]: "
    yield (
        "a value beyond the largest a reading may have",
        [good, unchecked(values=(1.0, -2e16))],
        "comparators[1].values[1]: -2e+16 is larger than 1e+15, the most allowed",
    )
    yield "values in a list", [unchecked(values=[1.0])], "comparators[0].values: "
    yield "an empty group name", [good, good, unchecked(group="")], "comparators[2].group: "
    yield (
        "half a surrogate pair in an id",
        [unchecked(indicator="Caf\udce9")],
        ("comparators[0].indicator: "),
    )
    yield (
        "half a surrogate pair in a group",
        [unchecked(group="Caf\udce9")],
        ("comparators[0].group: "),
    )


class _SourceFailed(Exception):
    """Raised by a source of comparator groups part-way through."""


def _failing_source(groups: tuple[ComparatorGroup, ...]) -> Iterator[ComparatorGroup]:
    yield from groups[:2]
    raise _SourceFailed("the download stopped half way")


class ComparatorContract:
    """Comparator values kept whole, in order, and refused whole."""

    persistent: bool = True

    def test_comparators_round_trip_in_the_order_saved(self, store: Store) -> None:
        expect_equal(store.comparators(), (), "store.comparators() in a new store")
        groups = sample_comparators()
        expect_equal(
            store.save_comparators(groups, by="ann", reason="the CIPFA download"),
            len(groups),
            "store.save_comparators(groups, ...): the groups kept",
        )
        kept = store.comparators()
        expect_equal(kept, groups, "store.comparators()")
        expect(
            all(
                type(a) is type(b)
                for g, h in zip(kept, groups, strict=True)
                for a, b in zip(g.values, h.values, strict=True)
            ),
            "store.comparators(): whole numbers and decimals come back as they were saved",
        )
        expect_equal(
            Readings.of((), kept).comparators,
            Readings.of((), groups).comparators,
            "the comparator values Readings.of indexes from the store's and from those saved",
        )

    def test_saving_comparators_replaces_them_whole(self, store: Store) -> None:
        groups = sample_comparators()
        store.save_comparators(groups, by="ann")
        later = (groups[3], attrs.evolve(groups[0], values=(1.0, 2.0)))
        expect_equal(store.save_comparators(later, by="bob"), 2, "save_comparators(later)")
        expect_equal(store.comparators(), later, "store.comparators() after a second save")
        expect_equal(store.save_comparators([], by="carol"), 0, "save_comparators([])")
        expect_equal(store.comparators(), (), "store.comparators() after saving none")

    def test_comparators_leave_the_framework_and_readings_alone(self, store: Store) -> None:
        q1 = quarter(1)
        store.save_framework(sample_framework(), 0, by="analyst")
        store.record([sample_reading("HS01", q1, 41.0)], by="ann")
        store.save_comparators(sample_comparators(), by="ann")
        expect_equal(store.load_framework(), (sample_framework(), 1), "store.load_framework()")
        expect_equal(store.readings(), (sample_reading("HS01", q1, 41.0),), "store.readings()")
        expect_equal(store.revision("HS01", q1), 1, 'store.revision("HS01", q1)')

    def test_bad_comparators_are_refused_and_change_nothing(self, store: Store) -> None:
        groups = sample_comparators()
        store.save_comparators(groups, by="ann")
        for what, batch, named in _bad_batches(groups[0]):
            try:
                store.save_comparators(batch, by="bob")  # type: ignore[arg-type]
            except StoreError as error:
                expect(
                    str(error).startswith(named),
                    f"saving {what}: the message names the group and field ({named!r}...): "
                    f"{str(error)!r}",
                )
            else:
                raise AssertionError(f"saving {what}: expected StoreError, but it was saved")
            expect_equal(store.comparators(), groups, f"store.comparators() after {what}")
        refusals: dict[str, Callable[[], object]] = {
            "one group, not groups": lambda: store.save_comparators(groups[0], by="bob"),  # type: ignore[arg-type]
            "text, not groups": lambda: store.save_comparators("HS01", by="bob"),  # type: ignore[arg-type]
            "nobody saving them": lambda: store.save_comparators(groups[:1], by=" "),
            "half a surrogate pair in who": lambda: store.save_comparators(
                groups[:1], by="Caf\udce9"
            ),
            "a reason that is not text": lambda: store.save_comparators(
                groups[:1],
                by="bob",
                reason=None,  # type: ignore[arg-type]
            ),
        }
        for what, save in refusals.items():
            with expect_refused(StoreError, f"saving {what}"):
                save()
            expect_equal(store.comparators(), groups, f"store.comparators() after {what}")
        with expect_refused(_SourceFailed, "saving from a source that fails part-way"):
            store.save_comparators(_failing_source(groups), by="bob")
        expect_equal(store.comparators(), groups, "store.comparators() after a failed source")

    def test_comparators_outlive_the_handle_and_are_shared(
        self, contract_open: Opener, contract_url: str
    ) -> None:
        if not self.persistent:
            pytest.skip(f"{type(self).__name__} is not persistent: nothing survives a close")
        groups = sample_comparators()
        first, second = contract_open(contract_url), contract_open(contract_url)
        first.save_comparators(groups, by="ann", reason="the CIPFA download")
        expect_equal(second.comparators(), groups, "second.comparators() after first saved")
        second.save_comparators(groups[:1], by="bob")
        expect_equal(first.comparators(), groups[:1], "first.comparators() after second saved")
        first.close()
        second.close()
        with contract_open(contract_url) as again:
            expect_equal(again.comparators(), groups[:1], "again.comparators() reopened")
