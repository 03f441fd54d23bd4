"""The columnar benchmark runs at a tiny size and its pandas baseline agrees with assess_frame.
Timings are never asserted; only that it completes and its equality check passes (and fails
when the two differ)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("bench_frames")


def test_the_benchmark_completes_and_pandas_agrees(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--indicators", "12", "--years", "2", "--runs", "1", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Check passed: both agree on all 288 indicator-months." in out


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
