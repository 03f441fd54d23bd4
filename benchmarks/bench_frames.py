"""Time ``councilpmf.frames.assess_frame`` over a whole history against hand-written pandas.

    python benchmarks/bench_frames.py                             # 2,000 indicators x 10 years
    python benchmarks/bench_frames.py --indicators 20 --years 2   # a smoke run

The work, on the generated council of ``generate.py`` (monthly indicators, higher and lower is
better, snapshot and cumulative year-to-date values, an annual target per year, about 1% of
readings missing): for every indicator and every month, the status under the framework's rule
(target with a 5% relative tolerance), the target (profiled for cumulative indicators), the
direction of travel short term (previous month) and long term (same month last year), on values
rounded to the indicator's decimals as the library rounds them (a half away from zero,
``_rounding.half_away``), and how many periods in a row have missed target.

Both sides start from the same readings frame (``indicator, period, value, missing_reason``,
periods written as councils write them, "Apr 2015"): ``assess_frame`` from a polars frame, the
pandas script from a pandas frame with the same rows, with the indicators and their targets as
two small pandas tables (an analyst's spreadsheets; built once, not timed, as the library's
``Framework`` is not).

With ``--calculated N``, the first N indicators are calculated, each the sum of two others
(``formula = "[A] + [B]"``, a different pair for each, none of them calculated): the readings
given for them are not used. ``assess_frame`` works their values out with the core's
definition of calculated indicators; the pandas script, in the same timed work, replaces their
rows by the sum of their two inputs' values for each month (missing when either is), before
rating every indicator as above.

The two are run in turn, ``--runs`` times each, interleaved, with wall time
(``time.perf_counter``) and CPU time (``time.process_time``, all threads) for each run. Then
every indicator x month is compared (status, target, both travel words, missed in a row); any
difference is listed and the script exits 1.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attrs
import numpy as np
import pandas as pd
import polars as pl

import _script
import councilpmf as pmf
from _rounding import half_away
from councilpmf.frames import assess_frame
from generate import DEFAULT_SEED, large_council

__all__ = ["Result", "main", "run", "sum_table", "sums_with_pandas", "with_pandas", "with_sums"]

TOLERANCE = 5.0  # percent of target: the generated council's rule
EPSILON = 1e-9  # values this close are equal (councilpmf.core.rag)
LOOKBACK = 120  # periods a run of misses is counted over (councilpmf.core.assess)
START_MONTH = 4  # financial years from April


# -- the analyst's pandas -------------------------------------------------------------------------


def analyst_tables(framework: pmf.Framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators and their annual targets as an analyst keeps them."""
    indicators = pd.DataFrame(
        {
            "indicator": [i.id for i in framework.indicators],
            "sign": [
                -1.0 if i.polarity is pmf.Polarity.LOWER_IS_BETTER else 1.0
                for i in framework.indicators
            ],
            "cumulative": [
                i.aggregation is pmf.Aggregation.CUMULATIVE for i in framework.indicators
            ],
            "decimals": [i.decimals for i in framework.indicators],
        }
    )
    targets = pd.DataFrame(
        [
            (i.id, t.period.start.year, t.value)
            for i in framework.indicators
            for t in i.targets
            if isinstance(t.period, pmf.FinancialYear)
        ],
        columns=["indicator", "fy", "annual"],
    )
    return indicators, targets


def with_sums(framework: pmf.Framework, count: int) -> pmf.Framework:
    """``framework`` with its first ``count`` indicators calculated, each the sum of two of the
    others (``[A] + [B]``, a different pair for each, none of them calculated)."""
    indicators = list(framework.indicators)
    if 3 * count > len(indicators):
        raise SystemExit(f"--calculated {count} needs at least {3 * count} indicators")
    for k in range(count):
        a, b = indicators[count + 2 * k].id, indicators[count + 2 * k + 1].id
        indicators[k] = attrs.evolve(indicators[k], formula=f"[{a}] + [{b}]")
    return attrs.evolve(framework, indicators=tuple(indicators))


def sum_table(framework: pmf.Framework) -> pd.DataFrame:
    """The calculated indicators and their two inputs (``indicator, a, b``), as an analyst
    keeps them."""
    rows = [(i.id, *i.inputs) for i in framework.indicators if i.calculated]
    return pd.DataFrame(rows, columns=["indicator", "a", "b"])


def sums_with_pandas(readings: pd.DataFrame, sums: pd.DataFrame) -> pd.DataFrame:
    """The readings with each calculated indicator's rows replaced by the sum of its two
    inputs' values for every month either has (missing unless both have a value)."""
    given = readings[~readings["indicator"].isin(sums["indicator"])]
    inputs = sums.melt(id_vars="indicator", value_vars=["a", "b"], value_name="input")
    worked = (
        inputs[["indicator", "input"]]
        .merge(given.rename(columns={"indicator": "input"}), on="input")
        .groupby(["indicator", "period"], sort=False)["value"]
        .sum(min_count=2)
        .reset_index()
    )
    return pd.concat([given, worked], ignore_index=True)


def with_pandas(
    readings: pd.DataFrame,
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    sums: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Status, target, travel and missed-in-a-row for every indicator x month, in pandas (the
    calculated indicators in ``sums`` worked out first)."""
    frame = readings.copy() if sums is None or sums.empty else sums_with_pandas(readings, sums)
    # Each distinct period once: "Apr 2015" -> months since year 0.
    periods = pd.Series(frame["period"].unique())
    when = pd.to_datetime(periods, format="%b %Y")
    months = dict(zip(periods, when.dt.year * 12 + when.dt.month - 1, strict=True))
    frame["month"] = frame["period"].map(months)
    frame = frame.merge(indicators, on="indicator", how="left")
    shifted = frame["month"] - (START_MONTH - 1)
    frame["fy"], frame["elapsed"] = shifted // 12, shifted % 12 + 1
    frame = frame.merge(targets, on=["indicator", "fy"], how="left")
    frame["target"] = frame["annual"].where(
        ~frame["cumulative"], frame["annual"] * (frame["elapsed"] / 12)
    )
    value, target = frame["value"], frame["target"]
    shortfall = (target - value) * frame["sign"]
    slack = np.maximum(EPSILON, 1e-12 * np.maximum(target.abs(), value.abs()))
    frame["status"] = np.select(
        [
            value.isna(),
            target.isna(),
            shortfall <= slack,
            shortfall <= TOLERANCE * target.abs() / 100 + slack,
        ],
        ["no data", "not rated", "green", "amber"],
        default="red",
    )
    frame = frame.sort_values(["indicator", "month"], kind="stable").reset_index(drop=True)
    by = frame.groupby("indicator", sort=False)
    shown = pd.Series(half_away(frame["value"], frame["decimals"]), index=frame.index)
    frame["shown"] = shown
    for column, back in (("short_term", 1), ("long_term", 12)):
        earlier = by["shown"].shift(back)
        up = shown > earlier
        better = up == (frame["sign"] > 0)
        frame[column] = np.select(
            [
                shown.isna() | earlier.isna(),
                frame["cumulative"] & (back != 12),
                shown == earlier,
                better,
            ],
            ["no valid comparison", "no valid comparison", "no change", "improving"],
            default="worsening",
        )
    missed = frame["status"].isin(["red", "amber"]).astype("int64")
    ends = frame["status"].isin(["green", "blue", "not rated"])
    frame["counted"] = missed.groupby(frame["indicator"], sort=False).cumsum()
    at_end = frame["counted"].where(ends)
    since = at_end.groupby(frame["indicator"], sort=False).ffill().fillna(0)
    window = frame.groupby("indicator", sort=False)["counted"].shift(LOOKBACK).fillna(0)
    frame["missed_in_a_row"] = frame["counted"] - np.maximum(since, window)
    return frame[
        [
            "indicator",
            "period",
            "value",
            "target",
            "status",
            "short_term",
            "long_term",
            "missed_in_a_row",
        ]
    ]


# -- the run ------------------------------------------------------------------------------------


@dataclass
class Result:
    """What one benchmark run measured and checked."""

    indicators: int
    years: int
    calculated: int = 0
    rows: int = 0
    clocks: _script.Clocks = field(default_factory=_script.Clocks)
    mismatches: list[str] = field(default_factory=list)
    compared: int = 0

    @property
    def agreed(self) -> bool:
        return self.compared > 0 and not self.mismatches

    def ratio(self, clock: str = "wall") -> float:
        return self.clocks.ratio("assess_frame", "pandas", clock)


def compare(library: pl.DataFrame, pandas: pd.DataFrame, limit: int = 20) -> tuple[int, list[str]]:
    """How many indicator-periods were compared, and every difference (up to ``limit``)."""
    ours = {
        (r["indicator"], r["period"]): r
        for r in library.select(
            "indicator", "period", "target", "status", "short_term", "long_term", "missed_in_a_row"
        ).iter_rows(named=True)
    }
    problems = []
    for row in pandas.to_dict("records"):
        key = (row["indicator"], row["period"])
        mine = ours.pop(key, None)
        if mine is None:
            problems.append(f"{key}: only in pandas")
            continue
        target = None if math.isnan(row["target"]) else row["target"]
        same_target = (target is None and mine["target"] is None) or (
            target is not None
            and mine["target"] is not None
            and math.isclose(target, mine["target"], rel_tol=1e-12, abs_tol=1e-12)
        )
        theirs = (row["status"], row["short_term"], row["long_term"], int(row["missed_in_a_row"]))
        found = (mine["status"], mine["short_term"], mine["long_term"], mine["missed_in_a_row"])
        if theirs != found or not same_target:
            problems.append(
                f"{key}: assess_frame {found} {mine['target']}, pandas {theirs} {target}"
            )
        if len(problems) >= limit:
            break
    problems += [
        f"{key}: only in assess_frame" for key in list(ours)[: max(limit - len(problems), 0)]
    ]
    return len(pandas), problems


def run(
    indicators: int = 2000,
    years: int = 10,
    runs: int = 5,
    seed: int = DEFAULT_SEED,
    log: Callable[[str], None] = lambda _line: None,
    calculated: int = 0,
) -> Result:
    """Generate the council (``calculated`` of its indicators sums of two others), time both
    sides in turn, and check they agree."""
    log(f"generating {indicators:,} indicators x {years} years ...")
    framework, readings = large_council(indicators, years, seed)
    framework = with_sums(framework, calculated)
    sums = sum_table(framework)
    table = {
        "indicator": [r.indicator for r in readings],
        "period": [str(r.period) for r in readings],
        "value": [r.value for r in readings],
        "missing_reason": [r.missing_reason for r in readings],
    }
    polars_readings = pl.DataFrame(
        table,
        schema={
            "indicator": pl.String,
            "period": pl.String,
            "value": pl.Float64,
            "missing_reason": pl.String,
        },
    )
    pandas_readings = pd.DataFrame(table).astype({"value": "float64"})
    ind_table, target_table = analyst_tables(framework)
    result = Result(indicators, years, calculated)
    library: pl.DataFrame | None = None
    pandas: pd.DataFrame | None = None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a fallback to the core would not be the same work
        for attempt in range(max(runs, 1)):
            log(f"run {attempt + 1} of {runs} ...")
            library = result.clocks.time(
                "assess_frame", lambda: assess_frame(framework, polars_readings)
            )
            pandas = result.clocks.time(
                "pandas", lambda: with_pandas(pandas_readings, ind_table, target_table, sums)
            )
    assert library is not None and pandas is not None
    result.rows = library.height
    log("checking ...")
    result.compared, result.mismatches = compare(library, pandas)
    return result


def markdown(result: Result) -> str:
    """The timings and the check, as Markdown."""
    lines = [
        f"{result.indicators:,} monthly indicators x {result.years} years"
        + (f", {result.calculated:,} of them calculated" if result.calculated else "")
        + f": {result.rows:,} indicator-months; {result.clocks.runs('pandas')} runs of each, "
        "interleaved.",
        "",
        *result.clocks.table("Work", ("assess_frame", "pandas")),
        "",
        f"Ratio assess_frame / pandas (medians): wall {result.ratio('wall'):.2f}x, "
        f"CPU {result.ratio('cpu'):.2f}x; target 1.5x: "
        f"{'met' if result.ratio('wall') <= 1.5 else 'not met'}.",
        *_script.check(
            result.agreed,
            f"Check passed: both agree on all {result.compared:,} indicator-months.",
            "assess_frame and pandas differ",
            result.mismatches,
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run, print the tables; 1 if the two disagree."""
    parser = _script.council_parser(__doc__, indicators=2000, years=10, runs=5)
    parser.add_argument(
        "--calculated", type=int, default=0, help="indicators that are sums of two others"
    )
    args = parser.parse_args(argv)
    result = run(
        args.indicators,
        args.years,
        args.runs,
        args.seed,
        _script.progress(args.quiet),
        calculated=args.calculated,
    )
    return _script.finish(markdown(result), result.agreed)


if __name__ == "__main__":
    sys.exit(main())
