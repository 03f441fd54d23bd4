"""The store-frame benchmark runs at a small size, and its equality checks pass.

Timings are never asserted: CI machines are shared and slow. Only that every approach reads
every reading, the frame equals the raw rows and ``readings()`` (checked inside the benchmark),
and the table and the verdict print.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

SMALL = 3_000


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark_script("bench_store_frames")


def test_the_generated_readings_have_gaps_notes_and_both_statuses(bench: ModuleType) -> None:
    readings = bench.make_readings(SMALL)
    assert len(readings) == SMALL == len({r.key for r in readings})
    assert any(r.value is None for r in readings) and any(r.note for r in readings)
    assert {r.status.value for r in readings} == {"final", "provisional"}


def test_the_benchmark_completes_and_its_frame_equals_the_raw_rows(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    postgres = os.environ.get("COUNCILPMF_TEST_POSTGRES")
    figures = bench.run(readings=SMALL, runs=2, folder=tmp_path, postgres=postgres)
    assert set(figures) == ({"SQLite", "PostgreSQL"} if postgres else {"SQLite"})
    for approaches in figures.values():
        assert set(approaches) == set(bench.APPROACHES)
        assert all(t["wall"] > 0 and t["cpu"] >= 0 for t in approaches.values())
    assert bench.main(["--readings", "200", "--runs", "1", "--folder", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "| Store | Approach | CPU | Wall |" in out
    assert "SQLite: `readings_frame()` reads at" in out and "(target 50%)" in out
