"""The national benchmarking benchmark runs at a tiny size and pandas agrees with councilpmf.

Timings are never asserted (CI machines are shared and slow): only that the script completes,
prints its table, and its honesty check (the same rows, ranks, quartiles, medians and travel
from pandas and from councilpmf) passes.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    pytest.importorskip("pandas", reason="the comparison needs pandas")
    pytest.importorskip("polars", reason="councilpmf benchmark needs polars")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("bench_benchmark")


def test_the_generated_dataset_has_the_asked_for_size(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("polars")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    generate = importlib.import_module("generate_national")
    values, metrics = generate.write_national(
        tmp_path / "a", areas=5, metrics=3, quarters=6, seed=9
    )
    lines = values.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "area_code,area_name,metric,period,value"
    assert len(lines) == 1 + 5 * 3 * 6
    assert metrics.read_text(encoding="utf-8").count("[[indicators]]") == 3
    again, _ = generate.write_national(tmp_path / "b", areas=5, metrics=3, quarters=6, seed=9)
    assert again.read_bytes() == values.read_bytes()  # the same seed writes the same file


def test_the_benchmark_completes_and_pandas_agrees_with_councilpmf(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--areas", "9", "--metrics", "4", "--quarters", "9", "--runs", "1"]
    assert bench.main([*args, "--folder", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| Tool |" in out
    assert "Check passed" in out


def test_with_nearest_neighbour_groups_pandas_agrees_with_councilpmf(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--areas", "20", "--metrics", "3", "--quarters", "6", "--runs", "1", "--groups", "5"]
    assert bench.main([*args, "--folder", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "each area among its 5 nearest neighbours" in out
    assert "Check passed" in out
    table = (tmp_path / "20x3x6" / "councilpmf.csv").read_text(encoding="utf-8").splitlines()
    # Every area is ranked among itself and its five neighbours, never among all twenty.
    counts = {int(line.split(",")[7]) for line in table[1:]}
    assert max(counts) == 6


def test_every_area_gets_its_nearest_neighbours_and_never_itself(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    generate = importlib.import_module("generate_national")
    rows = generate.write_groups(tmp_path, areas=30, neighbours=16).read_text().splitlines()
    assert rows[0] == "area_code,group,member_code"
    members: dict[str, set[str]] = {}
    for row in rows[1:]:
        area, group, member = row.split(",")
        assert group == "nearest neighbours" and member != area
        members.setdefault(area, set()).add(member)
    assert len(members) == 30
    assert {len(found) for found in members.values()} == {16}
