"""Time ``pmf.assess_history`` on the columnar engine against a loop of ``pmf.assess``.

    python benchmarks/bench_history.py                              # 500 indicators x 5 years
    python benchmarks/bench_history.py --indicators 10 --years 1    # a smoke run

The work, on the generated council of ``generate.py`` (monthly indicators): the scorecard of
every month from its first reading to its last, as one table with the columns of a scorecard
table (status, target, travel, missed in a row, theme, unit, polarity, commentary...). What an
analyst would write without ``assess_history`` is a loop of ``pmf.assess``, one month at a time,
sharing one ``Readings`` index, with each scorecard's rows put in one table: that is the core
engine (``engine="core"``), so the loop is timed through it.

Both are run in turn, ``--runs`` times each, interleaved, each from the same ``Reading`` records
(a fresh index each run, as a notebook re-run would build one), with wall time
(``time.perf_counter``) and CPU time (``time.process_time``). Then the two tables are compared
whole; a difference is listed and the script exits 1.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _script
import councilpmf as pmf
from councilpmf.dataframes import DataTable
from councilpmf.scorecards import Engine
from generate import DEFAULT_SEED, large_council

__all__ = ["ENGINES", "Result", "differences", "main", "run"]

ENGINES: tuple[Engine, ...] = ("columns", "core")


@dataclass
class Result:
    """What one benchmark run measured and checked."""

    indicators: int
    periods: int
    rows: int = 0
    clocks: _script.Clocks = field(default_factory=_script.Clocks)
    mismatches: list[str] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        return self.rows > 0 and not self.mismatches

    def ratio(self, clock: str = "cpu") -> float:
        return self.clocks.ratio("core", "columns", clock)


def differences(one: DataTable, other: DataTable, limit: int = 20) -> list[str]:
    """Every cell where the two tables differ (up to ``limit``), by column and row."""
    if one.names != other.names or len(one) != len(other):
        return [f"shapes differ: {one!r} and {other!r}"]
    found = []
    for name in one.names:
        for row, (a, b) in enumerate(zip(one.column(name), other.column(name), strict=True)):
            if a != b:
                found.append(f"row {row}: {name}: columns {a!r}, core {b!r}")
                if len(found) >= limit:
                    return found
    return found


def _history(
    framework: pmf.Framework,
    readings: Sequence[pmf.Reading],
    periods: Sequence[pmf.Period],
    engine: Engine,
) -> DataTable:
    """What is timed: every period's scorecard by one engine, from the readings' index."""
    return pmf.assess_history(framework, pmf.Readings.of(readings), periods, engine=engine)


def run(
    indicators: int = 500,
    years: int = 5,
    runs: int = 5,
    seed: int = DEFAULT_SEED,
    log: Callable[[str], None] = lambda _line: None,
) -> Result:
    """Generate the council, time both engines in turn, and check they agree."""
    log(f"generating {indicators:,} indicators x {years} years ...")
    framework, readings = large_council(indicators, years, seed)
    periods = pmf.periods_between(min(r.period for r in readings), max(r.period for r in readings))
    result = Result(indicators, len(periods))
    tables: dict[str, DataTable] = {}
    for attempt in range(max(runs, 1)):
        log(f"run {attempt + 1} of {runs} ...")
        for engine in ENGINES:
            tables[engine] = result.clocks.time(
                engine,
                functools.partial(_history, framework, readings, periods, engine),
            )
    log("checking ...")
    result.rows = len(tables["core"])
    result.mismatches = differences(tables["columns"], tables["core"])
    return result


def markdown(result: Result) -> str:
    """The timings and the check, as Markdown."""
    lines = [
        f"{result.indicators:,} monthly indicators x {result.periods} months: "
        f"{result.rows:,} scorecard rows; {result.clocks.runs('core')} runs of each, "
        "interleaved.",
        "",
        *result.clocks.table("Engine", ENGINES),
        "",
        f"core / columns (medians): CPU {result.ratio('cpu'):.2f}x, "
        f"wall {result.ratio('wall'):.2f}x.",
        *_script.check(
            result.agreed,
            f"Check passed: both give the same {result.rows:,} rows.",
            "the engines differ",
            result.mismatches,
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run, print the table; 1 if the engines disagree."""
    return _script.compare_main(argv, __doc__, run, markdown, indicators=500, years=5)


if __name__ == "__main__":
    sys.exit(main())
