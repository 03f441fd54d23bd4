"""The pandas baselines round values as the library does, so that they do the same work: a
half away from zero on the shortest decimal form (numpy's own rounding takes it to even)."""

from __future__ import annotations

from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.numbers import rounded

pytest.importorskip("numpy", reason="the baselines are written with numpy and pandas")

# Halves at every scale, and values a rounding error either side of them, beside any value.
_HALVES = st.builds(
    lambda whole, places, nudge: (whole + 0.5) / 10**places + nudge,
    st.integers(-(10**6), 10**6),
    st.integers(0, 3),
    st.sampled_from([0.0, 1e-12, -1e-12, 1e-7]),
)
_VALUES = st.one_of(_HALVES, st.floats(allow_nan=False, allow_infinity=True), st.floats(-1e4, 1e4))


@pytest.fixture(scope="module")
def rounding() -> ModuleType:
    import importlib
    import sys
    from pathlib import Path

    folder = str(Path(__file__).resolve().parents[1] / "benchmarks")
    sys.path.insert(0, folder)
    try:
        return importlib.import_module("_rounding")
    finally:
        sys.path.remove(folder)


@given(st.lists(st.tuples(_VALUES, st.integers(0, 4)), max_size=30))
def test_the_baselines_round_every_value_as_the_library_shows_it(
    rounding: ModuleType, pairs: list[tuple[float, int]]
) -> None:
    values, places = [v for v, _ in pairs], [d for _, d in pairs]
    shown = rounding.half_away(values, places).tolist() if pairs else []
    assert shown == [rounded(v, d) for v, d in pairs]


def test_numpy_alone_would_round_a_half_to_even(rounding: ModuleType) -> None:
    import numpy as np

    halves = [71.25, 0.125, 2.675, 2.5]
    assert rounding.half_away(halves, [1, 2, 2, 0]).tolist() == [71.3, 0.13, 2.68, 3.0]
    assert (np.round(np.array(halves) * [10, 100, 100, 1]) / [10, 100, 100, 1]).tolist() != [
        71.3,
        0.13,
        2.68,
        3.0,
    ]


def test_missing_values_stay_missing(rounding: ModuleType) -> None:
    import math

    (shown,) = rounding.half_away([float("nan")], 1).tolist()
    assert math.isnan(shown)
