"""The national benchmarking benchmark's generated data, plain and in the statistical
shorthand, and its runs with nearest-neighbour groups and with marked values, where pandas
agrees with councilpmf (the same rows, ranks, quartiles, medians, travel, qualifiers and
missing reasons). Its plain and marked runs, with their check passing and failing, are in
``tests/test_benchmark_checks.py``. Timings are never asserted: CI machines are shared and slow.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    pytest.importorskip("pandas", reason="the comparison needs pandas")
    pytest.importorskip("polars", reason="councilpmf benchmark needs polars")
    return benchmark_script("bench_benchmark")


def test_the_generated_dataset_has_the_asked_for_size(
    benchmark_script: Callable[[str], ModuleType], tmp_path: Path
) -> None:
    pytest.importorskip("polars")
    generate = benchmark_script("generate_national")
    values, metrics = generate.write_national(
        tmp_path / "a", areas=5, metrics=3, quarters=6, seed=9
    )
    lines = values.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "area_code,area_name,metric,period,value"
    assert len(lines) == 1 + 5 * 3 * 6
    assert metrics.read_text(encoding="utf-8").count("[[indicators]]") == 3
    again, _ = generate.write_national(tmp_path / "b", areas=5, metrics=3, quarters=6, seed=9)
    assert again.read_bytes() == values.read_bytes()  # the same seed writes the same file


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
    benchmark_script: Callable[[str], ModuleType], tmp_path: Path
) -> None:
    generate = benchmark_script("generate_national")
    rows = generate.write_groups(tmp_path, areas=30, neighbours=16).read_text().splitlines()
    assert rows[0] == "area_code,group,member_code"
    members: dict[str, set[str]] = {}
    for row in rows[1:]:
        area, group, member = row.split(",")
        assert group == "nearest neighbours" and member != area
        members.setdefault(area, set()).add(member)
    assert len(members) == 30
    assert {len(found) for found in members.values()} == {16}


def test_a_marked_dataset_is_written_in_the_shorthand_the_library_reads(
    benchmark_script: Callable[[str], ModuleType], tmp_path: Path
) -> None:
    pytest.importorskip("polars")
    from councilpmf.benchmarking import read_metrics, read_values
    from councilpmf.core.shorthand import breaks_series

    generate = benchmark_script("generate_national")
    values, metrics = generate.write_national(
        tmp_path / "a", areas=20, metrics=5, quarters=8, seed=9, marked=True
    )
    read = read_values(values, read_metrics(metrics)).frame
    markers = read.get_column("marker").cast(str).drop_nulls().to_list()
    missing = read.filter(read.get_column("value").is_null()).get_column("marker")
    # every missing value says why (or is an empty cell), and some values are qualified
    assert set(missing.cast(str).to_list()) == {"", "[c]", ".."}
    assert {"[p]", "[r][note 2]", "[e]"} <= set(markers)
    assert any(breaks_series(m) for m in markers)
    again, _ = generate.write_national(
        tmp_path / "b", areas=20, metrics=5, quarters=8, seed=9, marked=True
    )
    assert again.read_bytes() == values.read_bytes()
    plain, _ = generate.write_national(
        tmp_path / "c", areas=20, metrics=5, quarters=8, seed=9, marked=True, breaks=False
    )
    assert "[b]" not in plain.read_text(encoding="utf-8")


def test_with_marked_values_pandas_agrees_across_breaks_in_series(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--areas", "20", "--metrics", "3", "--quarters", "9", "--runs", "1", "--marked"]
    assert bench.main([*args, "--folder", str(tmp_path)]) == 0
    assert "Check passed" in capsys.readouterr().out
    with (tmp_path / "20x3x9-marked" / "councilpmf.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # the run has values after a break, whose short term travel is then no valid comparison
    # although both values are there: the check covers travel across a break
    broken = [r for r in rows if r["qualifier"] == "break in series"]
    assert broken and all(r["short_term"] == "no valid comparison" for r in broken)
    assert {r["missing_reason"] for r in rows} >= {"suppressed", "not available", "empty"}


def test_each_groups_latest_period_is_the_same_from_pandas_as_from_councilpmf(
    bench: ModuleType, tmp_path: Path
) -> None:
    """A quarter only some areas have published yet is the latest of a group when at least
    half as many of its members have a value for it as for the best-covered quarter, on
    both sides of ``--latest``: the check compares answers that differ between groups."""
    (tmp_path / "metrics.toml").write_text(
        '[[indicators]]\nid = "R"\ntitle = "R"\n', encoding="utf-8"
    )
    quarters = ["fin_2024_25_q2", "fin_2024_25_q3", "fin_2024_25_q4"]
    lines = [
        f"{a},{a},R,{q},{'' if (a, q) in {('D', quarters[1])} else '4.0 [p]'}"
        for a in "ABCD"
        for q in quarters
        if q != quarters[2] or a == "A"  # only A has published Q4
    ]
    (tmp_path / "values.csv").write_text(
        "area_code,area_name,metric,period,value\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "groups.csv").write_text(
        "area_code,group,member_code\nA,near,B\nA,near,C\nD,near,A\n", encoding="utf-8"
    )
    paths = [tmp_path / n for n in ("values.csv", "metrics.toml", "groups.csv")]
    for tool, work in bench.LATEST.items():
        work(*paths, tmp_path / f"{tool}-latest.csv")
    with (tmp_path / "councilpmf-latest.csv").open(encoding="utf-8") as handle:
        found = {r["area_code"]: r["period"] for r in csv.DictReader(handle)}
    # A's group (A, B, C): 1 of 3 have Q4; D's (D, A): 1 value for Q4, 1 for Q3 (D's empty)
    assert found == {"A": "2024/25 Q3", "D": "2024/25 Q4"}
    assert bench.compare(tmp_path, latest=True) == []
