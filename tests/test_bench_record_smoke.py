"""The recording benchmark runs at a small size and reads back what it wrote.

Timings are never asserted: CI machines are shared and slow. Only that every step completes,
each read gives back as many readings as were written, and the tables print.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

SMALL = 5_000


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark_script("bench_record")


def test_the_generated_readings_have_the_asked_for_size(bench: ModuleType) -> None:
    readings = bench.make_readings(SMALL)
    assert len(readings) == SMALL == len({r.key for r in readings})
    assert len(bench.make_readings(2_500_000 // 1000)) == 2_500


def test_the_benchmark_completes_and_reads_back_every_reading(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--readings", str(SMALL), "--folder", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "| Step |" in out and "| CPU |" in out and "| SQLite |" in out
    report = bench.run(readings=SMALL, folder=tmp_path / "again", traced=False)
    assert set(report.results) == set(bench.STEPS)
    assert all(result["count"] == SMALL for result in report.results.values())
    assert report.results["library-read"]["count"] == report.results["raw-select"]["count"]
