"""The xlsx benchmark runs at a tiny size: both writers give the same cells (it stops if they
do not) and the table prints. Timings are never asserted."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import attrs
import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("bench_xlsx")


def test_the_benchmark_runs_and_both_writers_agree(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--indicators", "12", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    assert "| XlsxWriter |" in out and "| openpyxl |" in out


def test_the_benchmark_stops_when_the_workbooks_differ(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = bench.openpyxl_render
    monkeypatch.setattr(bench, "openpyxl_render", lambda r: write(attrs.evolve(r, title="Other")))
    with pytest.raises(SystemExit, match="differ"):
        bench.run(bench.report_for(12, 1), 1)
