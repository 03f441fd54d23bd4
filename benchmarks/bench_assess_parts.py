"""Where a cold ``assess`` of one period spends its time, each part against pandas' status.

The council and period are ``bench_assess.py``'s (2,000 monthly indicators, ten years, 2024/25
Q4). Timed in interleaved rounds, each on a fresh copy of the framework and a fresh readings
index made outside the timing (cold, as there), CPU time beside wall time:

- *the whole call*: ``assess``, as ``bench_assess.py`` times it cold;
- *without the walk back*: the same call with each indicator's run of missed periods taken as
  none, so no earlier period is rated. **A probe, not a correct scorecard**: it shows what the
  scorecard's lines cost before any earlier period is looked at;
- *the earlier statuses alone*: for each earlier period the walk back asks about (recorded
  from one cold call beforehand), the reading looked up, the target found and the rule's
  status asked (``rate_status``), and nothing else: the least the walk back can do while each
  earlier period is rated through the core's one definition of the rules;
- *pandas' status*: ``bench_assess.rate_one_with_pandas`` for the period (the baseline of the
  one-period target: a status and a target per indicator).

    python benchmarks/bench_assess_parts.py                  # full size, about a minute
    python benchmarks/bench_assess_parts.py --indicators 100 --years 2 --runs 2
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

import _script
import councilpmf as pmf
from bench_assess import _as_of, _month_code, frames_from_records, fresh_copy, rate_one_with_pandas
from councilpmf.core import assess as assessing
from councilpmf.core.rag import rate_status
from generate import DEFAULT_SEED, FIRST_YEAR, large_council

WHOLE, NO_WALK, STATUSES, PANDAS = (
    "`assess`, cold: the whole call",
    "`assess`, cold, without the walk back (a probe: not a correct scorecard)",
    "the walk back's earlier statuses alone (reading, target, `rate_status`)",
    "pandas: status for the period",
)


@dataclass
class Parts:
    """The clocks of each part, how many earlier periods the walk back rated, and the size."""

    clocks: _script.Clocks
    earlier: int
    indicators: int

    def ratio(self, name: str) -> float:
        """The part's median CPU over pandas' status's."""
        return self.clocks.ratio(name, PANDAS, "cpu")


def _walked(
    framework: pmf.Framework, readings: pmf.Readings, period: pmf.Period
) -> list[tuple[str, pmf.Period]]:
    """Each (indicator, earlier period) a cold ``assess`` of ``period`` rates in its walk back."""
    asked: list[tuple[str, pmf.Period]] = []
    status_of = assessing._Rater.status_of

    def recorded(rater: assessing._Rater, step: pmf.Period) -> pmf.Status:
        asked.append((rater.indicator.id, step))
        return status_of(rater, step)

    with mock.patch.object(assessing._Rater, "status_of", recorded):
        pmf.assess(framework, readings, period, _as_of(period))  # type: ignore[arg-type]
    return asked


def _statuses(
    framework: pmf.Framework, readings: pmf.Readings, asked: list[tuple[str, pmf.Period]]
) -> Callable[[], int]:
    """The earlier statuses alone, on ``framework``'s indicators (fresh: no target worked out)."""
    by_id = {indicator.id: indicator for indicator in framework.indicators}
    rules = {indicator.id: framework.rule_for(indicator) for indicator in framework.indicators}
    index = readings.index

    def rate() -> int:
        for code, step in asked:
            indicator, reading = by_id[code], index.get((code, step))
            rate_status(
                indicator,
                None if reading is None else reading.value,
                indicator.target_for(step),
                rules[code],
            )
        return len(asked)

    return rate


def run(indicators: int = 2000, years: int = 10, seed: int = DEFAULT_SEED, runs: int = 7) -> Parts:
    """Generate, then time each part in ``runs`` interleaved rounds."""
    if importlib.util.find_spec("pandas") is None:
        raise SystemExit("pandas is needed for the comparison: pip install -e '.[pandas]'")
    framework, readings = large_council(indicators, years, seed)
    quarter = pmf.Quarter(year=FIRST_YEAR + years - 1, number=4)
    as_of = _as_of(quarter)
    asked = _walked(fresh_copy(framework), pmf.Readings.of(readings), quarter)
    frames = frames_from_records(framework, readings)
    month = _month_code(pmf.Month(year=FIRST_YEAR + years, month=3))
    clocks = _script.Clocks()

    def cold() -> Callable[[], pmf.Scorecard]:
        """``assess`` of the period on a fresh copy and index, made here, outside the timing."""
        copy, index = fresh_copy(framework), pmf.Readings.of(readings)
        return lambda: pmf.assess(copy, index, quarter, as_of)

    for _ in range(max(runs, 1)):
        clocks.time(WHOLE, cold())
        with mock.patch.object(assessing._Rater, "run", lambda *_: assessing._NO_RUN):
            clocks.time(NO_WALK, cold())
        clocks.time(STATUSES, _statuses(fresh_copy(framework), pmf.Readings.of(readings), asked))
        clocks.time(PANDAS, lambda: rate_one_with_pandas(frames, month))
    return Parts(clocks, len(asked), indicators)


def markdown(parts: Parts) -> str:
    """The parts' times and their ratios to pandas' status."""
    clocks, names = parts.clocks, (WHOLE, NO_WALK, STATUSES, PANDAS)
    lines = [
        f"A cold `assess` of one period of {parts.indicators:,} indicators, by parts; the walk "
        f"back rates {parts.earlier:,} earlier periods. {clocks.runs(WHOLE)} interleaved rounds.",
        "",
        *clocks.table("Part", names),
        "",
        "| Part | CPU median / pandas' status |",
        "| --- | ---: |",
        *(f"| {name} | {parts.ratio(name):.1f}x |" for name in names[:-1]),
        "",
        f"Median CPU of pandas' status: {statistics.median(clocks.cpu[PANDAS]):.4f} s.",
        "",
        *_script.footer([("peak RSS", f"{_script.max_rss_mb():,.0f} MB")]),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Time the parts and print the tables."""
    parser = _script.council_parser(__doc__, indicators=2000, years=10, runs=7)
    args = parser.parse_args(argv)
    return _script.finish(markdown(run(args.indicators, args.years, args.seed, args.runs)))


if __name__ == "__main__":
    sys.exit(main())
