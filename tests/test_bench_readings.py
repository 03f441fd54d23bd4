"""The readings the store benchmarks write come from one generator: at any size they have the
asked-for count, one reading per indicator and month, and the shares of gaps, notes,
provisional statuses, published statuses and drafts the benchmarks' figures are measured on."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.fixture
def generator(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark_script("_readings")


def test_its_examples_hold(generator: ModuleType) -> None:
    assert doctest.testmod(generator).failed == 0


# The fixture only imports the module: nothing in it changes from one example to the next.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    count=st.integers(0, 400),
    months=st.integers(1, 30),
    every=st.integers(1, 4),
    marked=st.booleans(),
    missing=st.none() | st.just("not collected"),
)
def test_every_size_has_its_count_and_the_same_shares(
    generator: ModuleType,
    count: int,
    months: int,
    every: int,
    marked: bool,
    missing: str | None,
) -> None:
    made = generator.monthly_readings(
        count,
        months,
        first_month=2023 * 12 + 11,  # December 2023: the history crosses year ends
        every=every,
        marked=marked,
        missing_reason=missing,
        note="estimated",
    )
    kept = range(0, count, every)
    assert len(made) == len(kept) == len({r.key for r in made})
    assert len({r.period for r in made}) == len({n % months for n in kept})
    assert all(str(r.period) == "Dec 2023" for r in made[:1])
    gaps = [n for n in kept if n % 20 == 19] if missing else []
    assert sum(r.value is None for r in made) == len(gaps)
    assert all((r.value is None) == (r.missing_reason is not None) for r in made)
    assert sum(r.note == "estimated" for r in made) == sum(n % 11 == 0 for n in kept)
    shares = (
        (lambda r: r.status.value == "provisional", 7),
        (lambda r: r.published_status == "Green", 5),
        (lambda r: r.approval.value == "draft", 13),
    )
    for test, step in shares:
        assert sum(map(test, made)) == (sum(n % step == 0 for n in kept) if marked else 0)
    assert all(0 <= r.value < 10_000 for r in made if r.value is not None)
