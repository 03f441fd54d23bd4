"""The JSON-folder store benchmark runs at a tiny size, and its equality checks pass.

Timings are never asserted: CI machines are shared and slow. Only that every approach writes
the same files as the store (checked inside the benchmark, which exits otherwise), and that
the tables and the verdict print.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark_script("bench_json_store")


def test_the_revised_readings_all_differ_from_the_first(bench: ModuleType) -> None:
    first, revised = bench.make_readings(60), bench.make_readings(60, revised=True)
    assert [r.key for r in first] == [r.key for r in revised] and len({r.key for r in first}) == 60
    assert all(a != b for a, b in zip(first, revised, strict=True))
    assert any(r.value is None for r in first) and any(r.note for r in first)


def test_the_benchmark_completes_and_every_approach_writes_the_stores_files(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = bench.run(readings=40, rounds=2, folder=tmp_path / "a")
    assert set(figures) == set(bench.APPROACHES)
    for phases in figures.values():
        assert set(phases) == set(bench.PHASES)
        assert all(len(t) == 2 and all(x["wall"] > 0 for x in t) for t in phases.values())
    assert list((tmp_path / "a").iterdir()) == []  # every folder removed after its round
    assert bench.main(["--readings", "30", "--rounds", "1", "--folder", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert (
        "| library: `JsonStore.record` |" in out and "| plain files, one sync (baseline) |" in out
    )
    assert "the baseline's CPU time (target: within 2x)" in out


def test_files_that_differ_from_the_stores_stop_the_benchmark(
    bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bench._document
    monkeypatch.setattr(
        bench, "_document", lambda reading, seq, revisions: real(reading, seq + 1, revisions)
    )
    with pytest.raises(SystemExit, match="differs from the store's"):
        bench.run(readings=20, rounds=1, folder=tmp_path)
