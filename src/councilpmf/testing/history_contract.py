"""The store contract's tests of reading histories in bulk: :meth:`Store.histories` gives,
for every reading :meth:`Store.readings` gives with the same filters and in its order, exactly
what :meth:`Store.history` gives for it: readings revised several times, moved through
approval, recorded once, missing, with hostile ids and periods whose dates tie; a reading
never recorded, or a filter that keeps nothing, has no key.

:class:`~councilpmf.testing.store_contract.StoreContract` inherits these tests; they use its
``store`` fixture. Its stateful model (:mod:`~councilpmf.testing.store_model`) checks the same
after every random step, with random filters.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from councilpmf.core.indicators import Approval, Reading
from councilpmf.core.periods import FinancialYear, Month, Period, Quarter
from councilpmf.store import Store
from councilpmf.testing.expect import expect_equal
from councilpmf.testing.samples import HOSTILE_IDS, quarter, sample_reading

__all__ = ["HistoryContract", "histories_match"]


def histories_match(
    store: Store,
    indicators: Iterable[str] | None = None,
    periods: Iterable[Period] | None = None,
) -> None:
    """``store.histories(indicators, periods)`` holds, for each reading ``store.readings`` gives
    with those filters and in its order, what ``store.history`` gives for it, and nothing
    else."""
    chosen = None if indicators is None else list(indicators)
    kept = None if periods is None else list(periods)
    what = f"histories(indicators={chosen!r}, periods={kept!r})"
    got = store.histories(chosen, kept)
    keys = [reading.key for reading in store.readings(chosen, kept)]
    expect_equal(list(got), keys, f"{what}: its keys, beside the keys of readings() in order")
    expect_equal(
        dict(got),
        {key: store.history(*key) for key in keys},
        f"{what}, beside history() of each reading",
    )


class HistoryContract:
    """Every store gives the histories of many readings at once as it gives each one."""

    def test_histories_of_an_empty_store_are_none(self, store: Store) -> None:
        expect_equal(dict(store.histories()), {}, "store.histories() of an empty store")

    def test_histories_equal_history_of_each_reading(self, store: Store) -> None:
        q1, q2 = quarter(1), quarter(2)
        same_dates = Quarter(year=2024, number=2, start_month=1)  # the dates of q1
        year, month = FinancialYear(year=2024), Month(year=2024, month=5)
        draft = Approval.DRAFT
        store.record(
            [
                sample_reading("HS01", q1, 41.0),
                sample_reading("HS01", same_dates, 7.0),
                sample_reading("HS01", year, None),
                sample_reading("BEN02", month, 3.0, approval=draft),
                sample_reading("BEN02", q2, 4.0, approval=draft),
                sample_reading("K9", q1, 1.0, note="recorded once"),
            ],
            by="supplier",
            reason="first figures",
        )
        store.record(
            [sample_reading("HS01", q1, 42.0, note="recounted", approval=draft)], by="supplier"
        )
        store.record([sample_reading("HS01", q1, 43.0, approval=draft)], by="analyst")
        store.submit([("HS01", q1), ("BEN02", month), ("BEN02", q2)], by="supplier")
        store.approve([("HS01", q1), ("BEN02", month)], by="checker")
        store.send_back([("BEN02", q2)], by="checker", reason="check the source")
        store.record([sample_reading("HS01", year, 9.5)], by="analyst", reason="found it")
        revised = store.history("HS01", q1)
        expect_equal(len(revised), 5, 'len(store.history("HS01", q1)), the figure revised')
        for indicators, periods in (
            (None, None),
            (["HS01"], None),
            (None, [q1]),
            (["HS01", "BEN02"], [q1, q2, month]),
            (["HS01", "nobody"], [same_dates, Quarter(year=2030, number=1)]),
            (["nobody"], None),
            (None, [Quarter(year=2030, number=1)]),
            ([], None),
            (None, []),
        ):
            histories_match(store, indicators, periods)
        expect_equal(
            store.histories(["HS01"], [q1])[("HS01", q1)],
            revised,
            'store.histories(["HS01"], [q1])[("HS01", q1)], beside store.history("HS01", q1)',
        )

    def test_histories_of_hostile_ids(self, store: Store) -> None:
        q1 = quarter(1)
        readings = [
            sample_reading(text, q1, float(number), note=text)
            for number, text in enumerate(HOSTILE_IDS)
        ]
        store.record(readings, by=HOSTILE_IDS[2], reason=HOSTILE_IDS[4])
        store.record(
            [attrs.evolve(reading, value=-1.0) for reading in readings[::2]], by=HOSTILE_IDS[0]
        )
        histories_match(store)
        histories_match(store, HOSTILE_IDS[1::2], [q1])
        missing = [Reading(indicator=text, period=q1, missing_reason=text) for text in HOSTILE_IDS]
        store.record(missing, by="analyst")
        histories_match(store)
