"""Time building the performance report for a large generated council and rendering it in every
bundled format.

    python benchmarks/bench_reports.py                       # 2,000 indicators x 10 years
    python benchmarks/bench_reports.py --indicators 20 --years 2 --repeats 1   # smoke size

For the last quarter of the last year (as of 30 days after it ended), with trend charts on and
off, it times:

- building the format-free report (``build_report("performance", ...)``, which runs ``assess``
  and, with charts, a trend chart per indicator), from one ``Readings`` index built beforehand;
- rendering that one report in each bundled format (text, markdown, html, csv, json).

Each step runs ``--repeats`` times; the best and median wall time (``time.perf_counter``) and
CPU time (``time.process_time``) are reported, with the size of the output in bytes (UTF-8).
Memory: the ``tracemalloc`` peak of one extra, untimed run of each step (``--no-tracemalloc``
skips it), and the process's peak resident set size after generating and at the end.
``--profile FORMAT`` adds a cProfile of one render of that format (charts on).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import statistics
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _script
import councilpmf as pmf
from councilpmf.core.report import Report, build_report
from councilpmf.default_plugins.formats import FORMATS
from generate import DEFAULT_SEED, FIRST_YEAR, large_council

__all__ = ["Result", "Run", "main", "markdown", "run"]

AS_OF_DAYS = 30


@dataclass(frozen=True)
class Result(_script.Runs):
    """The runs of one timed step."""

    step: str
    charts: bool
    runs: tuple[float, ...]
    cpu: tuple[float, ...]
    size: int = 0  # bytes of output; 0 for the build step
    traced_mb: float | None = None


@dataclass
class Run:
    """Everything one run measured."""

    indicators: int
    years: int
    readings: int
    period: str
    results: list[Result] = field(default_factory=list)
    memory: list[tuple[str, str]] = field(default_factory=list)
    outputs: dict[tuple[str, bool], int] = field(default_factory=dict)
    profile: str = ""


def _traced_peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _size(output: str | bytes) -> int:
    return len(output.encode("utf-8") if isinstance(output, str) else output)


def run(
    indicators: int = 2000,
    years: int = 10,
    seed: int = DEFAULT_SEED,
    repeats: int = 3,
    traced: bool = True,
    profile: str = "",
    log: Callable[[str], None] = lambda _line: None,
) -> Run:
    """Generate, build and render; see the module docstring."""
    log(f"generating {indicators:,} indicators x {years} years ...")
    framework, readings = large_council(indicators, years, seed)
    index = pmf.Readings.of(readings)
    period = pmf.Quarter(year=FIRST_YEAR + years - 1, number=4)
    as_of = period.end + dt.timedelta(days=AS_OF_DAYS)
    result = Run(indicators, years, len(readings), str(period))
    result.memory.append(
        ("peak RSS after generating the council", f"{_script.max_rss_mb():,.0f} MB")
    )

    for charts in (False, True):

        def build(charts: bool = charts) -> Report:
            return build_report("performance", framework, index, period, as_of, charts=charts)

        log(f"building the report, charts {'on' if charts else 'off'} ...")
        runs, cpu, report = _script.repeated(build, repeats)
        peak = _traced_peak_mb(build) if traced else None
        result.results.append(Result("build the report", charts, runs, cpu, traced_mb=peak))
        for fmt in FORMATS:
            log(f"  rendering {fmt.name} ...")

            def render(fmt: Any = fmt, report: Report = report) -> str | bytes:
                return fmt.render(report)  # type: ignore[no-any-return]

            runs, cpu, output = _script.repeated(render, repeats)
            peak = _traced_peak_mb(render) if traced else None
            size = _size(output)
            result.outputs[(fmt.name, charts)] = size
            result.results.append(Result(f"render {fmt.name}", charts, runs, cpu, size, peak))
            if profile == fmt.name and charts:
                log(f"  profiling {fmt.name} ...")
                profiler = cProfile.Profile()
                profiler.runcall(render)
                result.profile = _script.profile_stats(profiler, 25, 15)
        del report
    result.memory.append(("peak RSS at the end", f"{_script.max_rss_mb():,.0f} MB"))
    return result


def markdown(result: Run) -> str:
    """The results as Markdown tables."""
    lines = [
        f"Generated council: {result.indicators:,} monthly indicators x {result.years} years, "
        f"{result.readings:,} readings; the performance report for {result.period}.",
        "",
        "| Step | Charts | Runs | Best wall (s) | Median wall (s) | Best CPU (s) "
        "| Median CPU (s) | Output (bytes) | tracemalloc peak (MB) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in result.results:
        size = f"{r.size:,}" if r.size else ""
        peak = "" if r.traced_mb is None else f"{r.traced_mb:,.1f}"
        lines.append(
            f"| {r.step} | {'on' if r.charts else 'off'} | {len(r.runs)} | {r.best:,.3f} "
            f"| {r.median:,.3f} | {min(r.cpu):,.3f} | {statistics.median(r.cpu):,.3f} "
            f"| {size} | {peak} |"
        )
    lines += _script.footer(result.memory)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    parser = _script.council_parser(__doc__, indicators=2000, years=10)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each step, default 3")
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the untimed tracemalloc runs"
    )
    parser.add_argument(
        "--profile",
        default="",
        metavar="FORMAT",
        help="also cProfile one render of FORMAT (charts on) and print the top functions",
    )
    args = parser.parse_args(argv)
    result = run(
        args.indicators,
        args.years,
        args.seed,
        args.repeats,
        not args.no_tracemalloc,
        args.profile,
        _script.progress(args.quiet),
    )
    return _script.finish(markdown(result), profile=result.profile)


if __name__ == "__main__":
    sys.exit(main())
