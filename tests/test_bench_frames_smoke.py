"""The columnar benchmark's pandas baseline agrees with assess_frame row for row, and its
comparison finds a row where they differ. Its run at a tiny size, with its check passing and
failing, is in ``test_benchmark_checks.py``."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark_script("bench_frames")


def test_a_difference_is_reported(bench: ModuleType) -> None:
    result = bench.run(indicators=6, years=2, runs=1)
    assert result.agreed and result.compared == 6 * 24
    from councilpmf.frames import assess_frame
    from generate import large_council

    framework, readings = large_council(6, 2)
    library = assess_frame(framework, readings)
    tables = bench.analyst_tables(framework)
    frame = bench.pd.DataFrame(
        {
            "indicator": [r.indicator for r in readings],
            "period": [str(r.period) for r in readings],
            "value": [r.value for r in readings],
        }
    ).astype({"value": "float64"})
    pandas = bench.with_pandas(frame, *tables)
    assert bench.compare(library, pandas)[1] == []
    pandas.loc[0, "status"] = "blue" if pandas.loc[0, "status"] != "blue" else "red"
    compared, problems = bench.compare(library, pandas)
    assert compared == len(pandas) and len(problems) == 1
