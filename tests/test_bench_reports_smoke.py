"""The report-rendering benchmark runs at a tiny size and renders every bundled format.

Timings are never asserted: CI machines are shared and slow. Only that it completes, every format
is rendered with charts on and off, and the tables print.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from councilpmf.default_plugins.formats import FORMATS

TINY = ["--indicators", "12", "--years", "2", "--repeats", "1", "--quiet"]


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark_script("bench_reports")


def test_the_benchmark_completes(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(TINY) == 0
    out = capsys.readouterr().out
    assert "| Step | Charts | Runs | Best wall (s) | Median wall (s) | Best CPU (s) |" in out
    assert "| CPU |" in out
    for fmt in FORMATS:
        assert f"| render {fmt.name} | on |" in out and f"| render {fmt.name} | off |" in out


def test_every_format_renders_something(bench: ModuleType) -> None:
    result = bench.run(indicators=12, years=2, repeats=1, traced=False)
    assert result.period == "2016/17 Q4"
    assert set(result.outputs) == {(f.name, c) for f in FORMATS for c in (False, True)}
    assert all(size > 0 for size in result.outputs.values())
    # charts add to every format's output
    assert all(result.outputs[(f.name, True)] > result.outputs[(f.name, False)] for f in FORMATS)
    assert all(len(r.runs) == len(r.cpu) == 1 for r in result.results)
    assert all(cpu > 0 for r in result.results for cpu in r.cpu)
