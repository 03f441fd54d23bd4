"""Numbers a council records are finite: NaN and infinity are refused wherever a number goes."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.actions import Action
from councilpmf.core.errors import CouncilPMFError, InputError
from councilpmf.core.indicators import LARGEST_VALUE, ComparatorGroup, Reading, Target
from councilpmf.core.periods import parse_period
from councilpmf.core.plan import BudgetAllocation
from councilpmf.core.rag import Clause, Status, TargetTolerance
from councilpmf.textfiles import LARGEST, parse_number

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


@given(
    st.floats(min_value=LARGEST_VALUE, exclude_min=True, allow_infinity=False)
    | st.integers(min_value=int(LARGEST_VALUE) + 1, max_value=10**300),
    st.booleans(),
)
def test_a_reading_larger_than_the_largest_value_is_refused_naming_the_value(
    size: float, negative: bool
) -> None:
    """A reading made in code holds no value a council folder's file would refuse, in the
    words the file is refused with; it took any finite number."""
    value = -size if negative else size
    with pytest.raises(CouncilPMFError) as refused:
        Reading(indicator="K", period=YEAR, value=value)
    assert isinstance(refused.value, InputError)
    assert str(refused.value) == f"value: {value!r} is larger than 1e+15, the most allowed"


@given(
    st.floats(min_value=LARGEST_VALUE, exclude_min=True, allow_infinity=False)
    | st.integers(min_value=int(LARGEST_VALUE) + 1, max_value=10**300),
    st.booleans(),
    st.integers(min_value=0, max_value=3),
)
def test_a_comparator_value_larger_than_the_largest_value_is_refused_naming_its_place(
    size: float, negative: bool, place: int
) -> None:
    """A comparator group's values are held to the limit a reading's value is, in the same
    words, naming the place of the value; a group took any finite number."""
    value = -size if negative else size
    values = (*(1.0,) * place, value, 2.0)
    with pytest.raises(CouncilPMFError) as refused:
        ComparatorGroup(indicator="K", period=YEAR, group="CIPFA", values=values)
    assert isinstance(refused.value, InputError)
    assert str(refused.value) == (
        f"values[{place}]: {value!r} is larger than 1e+15, the most allowed"
    )


@given(st.floats(min_value=-LARGEST_VALUE, max_value=LARGEST_VALUE))
def test_a_reading_up_to_the_largest_value_is_taken_as_it_is(value: float) -> None:
    assert Reading(indicator="K", period=YEAR, value=value).value == value
    group = ComparatorGroup(indicator="K", period=YEAR, group="CIPFA", values=(value, -value))
    assert group.values == (value, -value)


def test_a_file_and_a_reading_refuse_a_value_beyond_the_limit_in_the_same_words() -> None:
    with pytest.raises(InputError) as in_file:
        parse_number("2e15", "value")
    with pytest.raises(InputError) as in_code:
        Reading(indicator="K", period=YEAR, value=2e15)
    assert str(in_file.value) == "value: '2e15' is larger than 1e+15, the most allowed"
    assert str(in_code.value) == "value: 2000000000000000.0 is larger than 1e+15, the most allowed"
    assert LARGEST == LARGEST_VALUE
