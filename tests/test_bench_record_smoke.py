"""The recording benchmark runs at a small size, reads back what it wrote, and checks that the
store written by hand with raw SQL reads back as the library's; when it does not, the script
says so and exits 1.

Timings are never asserted: CI machines are shared and slow. Only that every step completes
with every reading, the check passes (or fails when it should), and the tables print.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SMALL = 5_000


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark_script("bench_record")


def test_the_generated_readings_have_the_asked_for_size(bench: ModuleType) -> None:
    readings = bench.make_readings(SMALL)
    assert len(readings) == SMALL == len({r.key for r in readings})
    assert len(bench.make_readings(2_500_000 // 1000)) == 2_500


def test_every_step_handles_every_reading_and_the_check_passes(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--readings", str(SMALL), "--runs", "1", "--folder", str(tmp_path), "--quiet"]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out
    assert "Check passed" in out and "CHECK FAILED" not in out
    assert "| CPU median (s) |" in out and "| ÷ same schema (CPU) |" in out
    assert "| SQLite |" in out and "| load average at end |" in out
    report = bench.run(readings=SMALL, folder=tmp_path / "again", traced=False, runs=1)
    assert report.counts == {step: [SMALL] for step in bench.STEPS}
    assert [c["agreed"] for c in report.checks] == [True]
    assert report.checks[0]["count"] == SMALL
    assert report.agreed


def _in_process(bench: ModuleType) -> Callable[[str, Any], dict[str, Any]]:
    """Each step run in this process, so that a change made to the script here applies."""
    return lambda step, options: bench._child(step, options)


def _dropping_one_row(real: Callable[[Path, list[Any]], int]) -> Callable[[Path, list[Any]], int]:
    """The raw writer, then its last reading deleted by hand."""

    def spoiled(path: Path, readings: list[Any]) -> int:
        written = real(path, readings)
        key = (readings[-1].indicator, str(readings[-1].period))
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM reading_revisions WHERE indicator = ? AND period = ?", key)
            db.execute("DELETE FROM readings_current WHERE indicator = ? AND period = ?", key)
        return written  # as many as it was given, as a writer that lost one without noticing

    return spoiled


def _changing_one_value(real: Callable[[Path, list[Any]], int]) -> Callable[[Path, list[Any]], int]:
    """The raw writer, given a first reading with another value."""

    def spoiled(path: Path, readings: list[Any]) -> int:
        import attrs

        first = attrs.evolve(readings[0], value=readings[0].value + 1)
        return real(path, [first, *readings[1:]])

    return spoiled


@pytest.mark.parametrize(("spoil", "spoiled"), [(_dropping_one_row, -1), (_changing_one_value, 0)])
def test_the_check_fails_when_the_raw_store_differs(
    bench: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    spoil: Callable[[Callable[..., int]], Callable[..., int]],
    spoiled: int,
) -> None:
    monkeypatch.setattr(bench, "in_child", _in_process(bench))
    monkeypatch.setattr(bench, "raw_same_schema_write", spoil(bench.raw_same_schema_write))
    argv = ["--readings", "2000", "--runs", "1", "--folder", str(tmp_path), "--quiet"]
    assert bench.main([*argv, "--no-tracemalloc"]) == 1
    out = capsys.readouterr().out
    assert "CHECK FAILED" in out and "Check passed" not in out
    reading = bench.make_readings(2000)[spoiled]
    assert f"- {reading.indicator} {reading.period}: by hand" in out  # the difference is named


def test_a_library_step_can_be_profiled(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--readings", "2000", "--runs", "1", "--folder", str(tmp_path), "--quiet"]
    assert bench.main([*argv, "--no-tracemalloc", "--profile", "library-read"]) == 0
    out = capsys.readouterr().out
    assert "Own time inside sqlite3 calls" in out
    assert "Ordered by: internal time" in out and "readings" in out
