"""The assessment benchmark's parts: the generated council, every indicator compared in every
period, the ratio's verdict, the same columns compared, a fresh copy of the framework, a
disagreement found. Its run at a tiny size, with its check passing and failing, is in
``test_benchmark_checks.py``. Timings are never asserted: CI machines are shared and slow.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from councilpmf.core import assess as assessing


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    pytest.importorskip("pandas", reason="the comparison needs pandas: pip install -e '.[pandas]'")
    return benchmark_script("bench_assess")


def test_the_generated_council_has_the_asked_for_size(
    benchmark_script: Callable[[str], ModuleType],
) -> None:
    generate = benchmark_script("generate")
    framework, readings = generate.large_council(indicators=30, years=2, seed=7)
    assert len(framework.indicators) == 30
    assert len(readings) == 30 * 24
    assert all(len(ind.targets) == 2 for ind in framework.indicators)
    assert len(framework.plan.themes) == 8
    again = generate.large_council(indicators=30, years=2, seed=7)
    assert again == (framework, readings)  # the same seed gives the same council


def test_the_report_compares_every_indicator_in_every_period(bench: ModuleType) -> None:
    report = bench.run(indicators=12, years=2, repeats=2, repeats_every=1)
    assert report.mismatches == []
    assert report.agreed
    # the one period, then each of the 24 months, every indicator in each
    assert report.compared_periods == 24
    assert report.compared == 12 + 12 * 24
    assert sum(report.status_counts.values()) == 12
    # ... and travel and missed in a row of every indicator of the one period
    assert report.compared_columns == 12
    # the one period timed cold, warm, with pandas' status and with pandas' same columns, two
    # interleaved rounds each, CPU and wall
    one_period = [t for t in report.timings if t.step.startswith("(b)")]
    assert [len(t.runs) for t in one_period] == [2, 2, 2, 2]
    assert all(len(t.cpu) == len(t.runs) for t in report.timings)
    assert [(r.library, r.target) for r in report.ratios] == [
        ("cold", 10.0),
        ("warm", 10.0),
        ("cold", None),
        ("warm", None),
    ]


def test_a_ratio_is_met_only_within_the_target(bench: ModuleType) -> None:
    assert bench.Ratio("warm", library_cpu=0.05, pandas_cpu=0.005).verdict == "met"
    assert bench.Ratio("cold", library_cpu=0.0501, pandas_cpu=0.005).verdict == "not met"
    same = bench.Ratio("cold", library_cpu=0.5, pandas_cpu=0.005, baseline="x", target=None)
    assert same.verdict == "no target"


def test_the_same_columns_check_finds_a_different_run_of_misses(
    bench: ModuleType, benchmark_script: Callable[[str], ModuleType]
) -> None:
    generate = benchmark_script("generate")
    framework, readings = generate.large_council(indicators=6, years=2, seed=5)
    months = [
        m for y in (0, 1) for m in bench.pmf.FinancialYear(year=generate.FIRST_YEAR + y).months()
    ]
    last = months[-1]
    card = bench.pmf.assess(framework, bench.pmf.Readings.of(readings), last, last.end)
    rows = bench.same_columns_with_pandas(bench.analyst_frames(framework, readings), str(last))
    assert len(rows) == 6
    assert bench._compare_columns("Mar", card, rows) == []
    changed = rows.copy()
    changed.iloc[0, changed.columns.get_loc("missed_in_a_row")] += 1
    problems = bench._compare_columns("Mar", card, changed)
    assert len(problems) == 1 and changed.iloc[0]["indicator"] in problems[0]


def test_a_fresh_copy_is_equal_but_has_worked_nothing_out(
    bench: ModuleType, benchmark_script: Callable[[str], ModuleType]
) -> None:
    generate = benchmark_script("generate")
    framework, _ = generate.large_council(indicators=5, years=1, seed=3)
    copy = bench.fresh_copy(framework)
    assert copy == framework
    assert all(a is not b for a, b in zip(copy.indicators, framework.indicators, strict=True))


def test_a_disagreement_fails_the_run(bench: ModuleType) -> None:
    library = {"K1": ("green", 80.0), "K2": ("amber", 50.0)}
    assert bench._compare("Mar 2017", library, dict(library)) == []
    differs = bench._compare("Mar 2017", library, {"K1": ("red", 80.0), "K2": ("amber", 50.0)})
    assert differs and "K1" in differs[0]


def test_the_parts_of_a_cold_assess_are_each_timed_in_every_round(
    benchmark_script: Callable[[str], ModuleType],
) -> None:
    pytest.importorskip("pandas", reason="the comparison needs pandas: pip install -e '.[pandas]'")
    walk = assessing._Rater.run
    parts = benchmark_script("bench_assess_parts")
    found = parts.run(indicators=12, years=2, runs=2)
    names = (parts.WHOLE, parts.NO_WALK, parts.STATUSES, parts.PANDAS)
    assert [found.clocks.runs(name) for name in names] == [2, 2, 2, 2]
    assert found.earlier > 0  # some indicator of the generated council misses its target
    assert "a probe: not a correct scorecard" in parts.markdown(found)
    assert assessing._Rater.run is walk  # the probe leaves assess as it was
