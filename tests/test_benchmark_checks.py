"""Every benchmark script that times the library against what a user would write instead runs at
a tiny size, prints its report, and passes its equality check; when the two sides disagree it
says so and exits 1. Timings are never asserted: CI machines are shared and slow."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import attrs
import pytest

pytest.importorskip("pandas", reason="the baselines are written in pandas")
pytest.importorskip("polars", reason="the columnar engine and `councilpmf benchmark` need polars")

Spoil = Callable[[ModuleType, pytest.MonkeyPatch], None]


def _other(status: str) -> str:
    return "blue" if status != "blue" else "red"


def _first_status_changed(real: Callable[..., Any]) -> Callable[..., Any]:
    """``real``, whose pandas frame comes back with its first row's status changed."""

    def spoiled(*args: Any, **kwargs: Any) -> Any:
        frame = real(*args, **kwargs)
        column = frame.columns.get_loc("status")
        frame.iloc[0, column] = _other(frame.iloc[0, column])
        return frame

    return spoiled


def _spoil_pandas(name: str) -> Spoil:
    """The script's pandas baseline ``name`` gives one wrong status."""

    def spoil(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(bench, name, _first_status_changed(getattr(bench, name)))

    return spoil


def _spoil_columns_engine(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """``assess_history``'s columnar engine gives one wrong status; the core loop does not."""
    from councilpmf.dataframes import DataColumn

    real = bench.pmf.assess_history

    def spoiled(*args: Any, engine: str, **kwargs: Any) -> Any:
        table = real(*args, engine=engine, **kwargs)
        if engine != "columns":
            return table
        columns = tuple(
            DataColumn(name=c.name, kind=c.kind, values=(_other(c.values[0]), *c.values[1:]))
            if c.name == "status"
            else c
            for c in table.columns
        )
        return attrs.evolve(table, columns=columns)

    monkeypatch.setattr(bench.pmf, "assess_history", spoiled)


def _spoil_pandas_table(file: str, change: Callable[[list[list[str]]], None]) -> Spoil:
    """The pandas child's table ``file`` (written by another process) read back with
    ``change`` made to its rows (the header first) before the script compares it."""

    def spoil(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
        real = bench.compare

        def spoiled(folder: Path, **options: Any) -> list[str]:
            path = folder / file
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            change(rows)
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(rows)
            return real(folder, **options)  # type: ignore[no-any-return]

        monkeypatch.setattr(bench, "compare", spoiled)

    return spoil


def _one_rank_wrong(rows: list[list[str]]) -> None:
    rank = rows[0].index("rank")
    rows[1][rank] = str(int(rows[1][rank]) + 1)


def _one_qualifier_wrong(rows: list[list[str]]) -> None:
    words = rows[0].index("qualifier")
    first = next(row for row in rows[1:] if row[words])
    first[words] = "revised" if first[words] != "revised" else "estimated"


def _one_latest_period_wrong(rows: list[list[str]]) -> None:
    rows[1][-1] = "1999/00 Q1"


# The pandas child's table has one wrong rank; says one value is qualified otherwise than it
# is; gives one group another latest period than it has.
_spoil_pandas_csv = _spoil_pandas_table("pandas.csv", _one_rank_wrong)
_spoil_pandas_words = _spoil_pandas_table("pandas.csv", _one_qualifier_wrong)
_spoil_pandas_latest = _spoil_pandas_table("pandas-latest.csv", _one_latest_period_wrong)


def _spoil_sums(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pandas baseline rates the values given for calculated indicators instead of the sums
    of their inputs."""
    monkeypatch.setattr(bench, "sums_with_pandas", lambda readings, _sums: readings)


def _spoil_json_module(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The json-module baseline's frame comes back with its first row's status changed."""
    import polars as pl

    real = bench.with_json_module

    def spoiled(folder: Path) -> Any:
        frame = real(folder)
        status = frame.get_column("status").to_list()
        status[0] = _other(status[0])
        return frame.with_columns(pl.Series("status", status))

    monkeypatch.setattr(bench, "with_json_module", spoiled)


def _spoil_bulk_histories(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The histories read at once lose the first revision that changed a reading."""
    real = bench.bulk
    monkeypatch.setattr(bench, "bulk", lambda store, readings: real(store, readings)[1:])


class Script(NamedTuple):
    """A benchmark script with an equality check: how to run it tiny, what it prints when the
    check passes, and how to make its two sides disagree."""

    name: str
    argv: list[str]
    printed: tuple[str, ...]
    spoil: Spoil
    label: str = ""  # the test's id, when one script is run two ways

    def main(self, bench: ModuleType, folder: Path) -> int:
        """The script's ``main`` at the tiny size, its folder (``{tmp}``) ``folder``."""
        return bench.main([arg.format(tmp=folder) for arg in self.argv])  # type: ignore[no-any-return]


TINY = ["--indicators", "12", "--years", "2"]
NATIONAL = ["--areas", "9", "--metrics", "4", "--quarters", "9"]
SCRIPTS = [
    Script(
        "bench_assess",
        [*TINY, "--repeats", "1", "--repeats-every", "1", "--quiet"],
        (
            "| Step |",
            "| One period: library against pandas (median CPU) |",
            "Check passed: pandas and the library agree on status and target for all 300 "
            "indicator-periods compared",
        ),
        _spoil_pandas("rate_with_pandas"),
    ),
    Script(
        "bench_frames",
        [*TINY, "--runs", "1", "--quiet"],
        ("| Work |", "Check passed: both agree on all 288 indicator-months."),
        _spoil_pandas("with_pandas"),
    ),
    Script(
        "bench_frames",
        [*TINY, "--runs", "1", "--calculated", "3", "--quiet"],
        (
            "12 monthly indicators x 2 years, 3 of them calculated",
            "Check passed: both agree on all 288 indicator-months.",
        ),
        _spoil_sums,
        "bench_frames calculated",
    ),
    Script(
        "bench_history",
        ["--indicators", "6", "--years", "1", "--runs", "1", "--quiet"],
        ("| Engine |", "Check passed: both give the same 72 rows."),
        _spoil_columns_engine,
    ),
    Script(
        "bench_json_read",
        ["--indicators", "3", "--months", "5", "--runs", "1", "--folder", "{tmp}"],
        (
            "| Approach | CPU | Wall |",
            "Check passed: `readings()`, `readings_frame()` and the json module give the same "
            "15 rows.",
        ),
        _spoil_json_module,
    ),
    Script(
        "bench_store_histories",
        ["--indicators", "3", "--months", "5", "--runs", "1", "--folder", "{tmp}", "--quiet"],
        (
            "| Approach |",
            "Check passed: both give the same 6 revisions, and `histories()` each reading's "
            "`history()`.",
        ),
        _spoil_bulk_histories,
    ),
    Script(
        "bench_benchmark",
        [*NATIONAL, "--runs", "1", "--folder", "{tmp}"],
        ("| Tool |", "Check passed: councilpmf and pandas give the same rows"),
        _spoil_pandas_csv,
    ),
    Script(
        "bench_benchmark",
        [*NATIONAL, "--runs", "1", "--marked", "--folder", "{tmp}"],
        (
            "written in the statistical shorthand",
            "Check passed: councilpmf and pandas give the same rows, ranks, counts, quartiles, "
            "medians, travel, qualifiers and missing reasons.",
        ),
        _spoil_pandas_words,
        "bench_benchmark marked",
    ),
    Script(
        "bench_benchmark",
        [*NATIONAL, "--runs", "1", "--groups", "4", "--latest", "--folder", "{tmp}"],
        (
            "each group's latest period of each metric",
            "| Step wall (median) | Step CPU (median) |",
            "Check passed: councilpmf and pandas give each group the same latest periods.",
        ),
        _spoil_pandas_latest,
        "bench_benchmark latest",
    ),
    Script(
        "bench_benchmark",
        [*NATIONAL, "--runs", "1", "--groups", "4", "--frame", "--folder", "{tmp}"],
        (
            "benchmark_frame collected",
            "| Step wall (median) | Step CPU (median) |",
            "Check passed: councilpmf and pandas give the same rows",
        ),
        _spoil_pandas_csv,
        "bench_benchmark frame",
    ),
]


@pytest.fixture(params=SCRIPTS, ids=[s.label or s.name for s in SCRIPTS])
def script(request: pytest.FixtureRequest) -> Script:
    return request.param  # type: ignore[no-any-return]


def test_the_script_runs_tiny_and_both_sides_agree(
    script: Script,
    benchmark_script: Callable[[str], ModuleType],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    assert script.main(benchmark_script(script.name), tmp_path) == 0
    out = capsys.readouterr().out
    for line in script.printed:
        assert line in out
    assert "FAILED" not in out


def test_when_the_two_sides_disagree_the_script_says_so_and_exits_1(
    script: Script,
    benchmark_script: Callable[[str], ModuleType],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    bench = benchmark_script(script.name)
    script.spoil(bench, monkeypatch)
    assert script.main(bench, tmp_path) == 1
    out = capsys.readouterr().out
    assert "Check passed" not in out
    assert "CHECK FAILED" in out or "Check FAILED" in out
