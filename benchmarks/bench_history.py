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

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import councilpmf as pmf
from councilpmf.dataframes import DataTable
from generate import DEFAULT_SEED, large_council

__all__ = ["ENGINES", "Result", "differences", "main", "run"]

ENGINES = ("columns", "core")


@dataclass
class Result:
    """What one benchmark run measured and checked."""

    indicators: int
    periods: int
    rows: int = 0
    wall: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        return self.rows > 0 and not self.mismatches

    def ratio(self, clock: str = "cpu") -> float:
        times = self.wall if clock == "wall" else self.cpu
        return statistics.median(times["core"]) / statistics.median(times["columns"])


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
            began_wall, began_cpu = time.perf_counter(), time.process_time()
            tables[engine] = pmf.assess_history(
                framework, pmf.Readings.of(readings), periods, engine=engine
            )
            result.wall.setdefault(engine, []).append(time.perf_counter() - began_wall)
            result.cpu.setdefault(engine, []).append(time.process_time() - began_cpu)
    log("checking ...")
    result.rows = len(tables["core"])
    result.mismatches = differences(tables["columns"], tables["core"])
    return result


def markdown(result: Result) -> str:
    """The timings and the check, as Markdown."""
    lines = [
        f"{result.indicators:,} monthly indicators x {result.periods} months: "
        f"{result.rows:,} scorecard rows; {len(result.wall['core'])} runs of each, interleaved.",
        "",
        "| Engine | Wall median (s) | Wall best (s) | CPU median (s) | CPU best (s) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in ENGINES:
        wall, cpu = result.wall[name], result.cpu[name]
        lines.append(
            f"| {name} | {statistics.median(wall):.3f} | {min(wall):.3f} "
            f"| {statistics.median(cpu):.3f} | {min(cpu):.3f} |"
        )
    lines += [
        "",
        f"core / columns (medians): CPU {result.ratio('cpu'):.2f}x, "
        f"wall {result.ratio('wall'):.2f}x.",
    ]
    if result.agreed:
        lines.append(f"Check passed: both give the same {result.rows:,} rows.")
    else:
        lines.append("CHECK FAILED: the engines differ:")
        lines += [f"- {m}" for m in result.mismatches]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run, print the table; 1 if the engines disagree."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--indicators", type=int, default=500)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5, help="runs of each, interleaved")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr, flush=True)

    result = run(args.indicators, args.years, args.runs, args.seed, log)
    print(markdown(result))
    return 0 if result.agreed else 1


if __name__ == "__main__":
    sys.exit(main())
