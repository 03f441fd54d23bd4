"""The assess_history benchmark runs at a tiny size and its two engines agree. Timings are
never asserted; only that it completes and its equality check passes (and fails when the two
tables differ)."""

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
    return importlib.import_module("bench_history")


def test_the_benchmark_completes_and_the_engines_agree(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--indicators", "6", "--years", "1", "--runs", "1", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Check passed: both give the same 72 rows." in out


def test_a_difference_is_reported(bench: ModuleType) -> None:
    import councilpmf as pmf
    from councilpmf.dataframes import DataColumn
    from generate import large_council

    framework, readings = large_council(3, 1)
    table = pmf.assess_history(framework, readings, ["Apr 2015", "May 2015"], engine="core")
    assert bench.differences(table, table) == []
    status = table.columns[table.names.index("status")]
    other = "blue" if status.values[0] != "blue" else "red"
    changed = attrs.evolve(
        table,
        columns=tuple(
            DataColumn(name="status", kind=c.kind, values=(other, *c.values[1:]))
            if c is status
            else c
            for c in table.columns
        ),
    )
    found = bench.differences(changed, table)
    assert len(found) == 1 and found[0].startswith(f"row 0: status: columns {other!r}")
