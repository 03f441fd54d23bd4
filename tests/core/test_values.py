"""Numbers a council records are finite: NaN and infinity are refused wherever a number goes."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from councilpmf.core.actions import Action
from councilpmf.core.indicators import ComparatorGroup, Reading, Target
from councilpmf.core.periods import parse_period
from councilpmf.core.plan import BudgetAllocation
from councilpmf.core.rag import Clause, Status, TargetTolerance

YEAR = parse_period("2024/25")

RECORDS: dict[str, Callable[[float], object]] = {
    "budget amount": lambda x: BudgetAllocation(priority="P1", year=YEAR, amount=x),
    "target value": lambda x: Target(period=YEAR, value=x),
    "reading value": lambda x: Reading(indicator="K", period=YEAR, value=x),
    "comparator value": lambda x: ComparatorGroup(
        indicator="K", period=YEAR, group="CIPFA", values=(1.0, x)
    ),
    "action percent complete": lambda x: Action(ref="1", title="Do", percent_complete=x),
    "rule tolerance": lambda x: TargetTolerance(tolerance=x),
    "clause factor": lambda x: Clause(status=Status.GREEN, factor=x),
}


@pytest.mark.parametrize(
    ("record", "bad"),
    [
        pytest.param(record, bad, id=f"{str(bad)[:8]}-{name}")
        # 10**400 is a whole number too large for a float.
        for bad in (math.nan, math.inf, -math.inf, True, 10**400)
        for name, record in RECORDS.items()
        # NaN is how a data frame marks a gap: a reading's value takes it as missing.
        if not (name == "reading value" and bad != bad)
    ],
)
def test_a_number_must_be_finite_and_not_a_bool(
    record: Callable[[float], object], bad: float
) -> None:
    with pytest.raises(TypeError, match="must be a number"):
        record(bad)


def test_a_budget_takes_any_finite_amount_of_pounds() -> None:
    for amount in (0, 250_000, 9_233_605.60, -1_500.0):
        assert BudgetAllocation(priority="P1", year=YEAR, amount=amount).amount == amount
