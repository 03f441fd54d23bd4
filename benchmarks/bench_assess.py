"""Time assessing a large generated council with the library, and the same rating with pandas.

    python benchmarks/bench_assess.py                            # 2,000 indicators x 10 years
    python benchmarks/bench_assess.py --indicators 50 --years 2  # a smoke run, a few seconds

Measured, on the framework's default rule (target with a 5% relative tolerance):

(a) ``Readings.of(readings)``: building the index once;
(b) the headline comparison, for one period (the last quarter of the last year), in interleaved
    rounds: ``assess`` on a fresh copy of the framework and a fresh ``Readings`` index (cold:
    nothing worked out yet, so each indicator's run of missed periods is counted from the
    history), ``assess`` again on an index and framework that have assessed before (warm), and
    the idiomatic pandas status computation for that period (the same rule applied to the
    period's values and targets, vectorised). The ratio of library to pandas CPU time is set
    against the target of 10x;
    The same rounds also time pandas doing the same work as ``assess`` for that period: the
    status, the profiled target, both directions of travel and the run of missed periods
    (``bench_frames.with_pandas``, which needs the history for the run, then that period's
    rows). That ratio has no target of its own: it says what the same columns cost;
(c) ``assess`` for every month of every year, reusing one ``Readings`` index;
(d) the same green/amber/red status computed with vectorised pandas for every period (plus,
    reported apart, building the pandas frames from the records).

Then it checks that pandas and the library give the same status (and the same profiled target)
for every indicator, in every run of the one period and in every month, and the same travel and
run of missed periods for the one period, and exits 1 if they differ. Every step reports wall
time (``time.perf_counter``) and CPU time (``time.process_time``), best and median of
``--repeats`` runs (``--repeats-every`` for the library run of every period). Peak memory is
the process's peak resident set size (``ru_maxrss``) before pandas is imported, and the
``tracemalloc`` peak of one assessment. Each timed call of (b) starts with the collector run,
untimed, so that garbage left by the untimed set-up is not collected inside it. ``--profile``
adds a cProfile of one library pass over every period, ``--profile-cold`` of one cold
``assess`` of the one period.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import gc
import importlib.util
import math
import statistics
import sys
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _script
import councilpmf as pmf
from generate import DEFAULT_SEED, FIRST_YEAR, large_council

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Frames", "Ratio", "Report", "Timing", "fresh_copy", "main", "run"]

TOLERANCE = 5.0  # percent of the target: the framework's default rule
EPSILON = 1e-9  # the library's tolerance for "equal" (councilpmf.core.rag.EPSILON)
AS_OF_DAYS = 30  # each period is assessed as things stood this many days after it ended
START_MONTH = 4  # financial years from April

TARGET_RATIO = 10.0  # assess one period within 10x of pandas' status for that period

_T = TypeVar("_T")


@dataclass(frozen=True)
class Timing(_script.Runs):
    """The runs of one timed step: wall and CPU seconds of each run."""

    step: str
    work: str
    runs: tuple[float, ...]
    cpu: tuple[float, ...] = ()
    per: str = ""
    per_count: int = 0

    @property
    def cpu_best(self) -> float:
        return min(self.cpu) if self.cpu else math.nan

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else math.nan

    def per_item(self) -> str:
        if not self.per_count:
            return ""
        micro = (self.cpu_best if self.cpu else self.best) / self.per_count * 1e6
        if micro < 1000:
            return f"{micro:,.1f} µs per {self.per}"
        return f"{micro / 1000:,.2f} ms per {self.per}"


@dataclass(frozen=True)
class Ratio:
    """The library's median CPU time for one period against pandas', and the verdict against
    ``target`` (None when the comparison has no target of its own)."""

    library: str
    library_cpu: float
    pandas_cpu: float
    baseline: str = "status for the period"
    target: float | None = TARGET_RATIO

    @property
    def times(self) -> float:
        return self.library_cpu / self.pandas_cpu

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "no target"
        return "met" if self.times <= self.target else "not met"


@dataclass
class Report:
    """Everything one run measured and checked."""

    indicators: int
    years: int
    readings: int
    periods: int
    timings: list[Timing] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    memory: list[tuple[str, str]] = field(default_factory=list)
    compared: int = 0
    compared_periods: int = 0
    compared_columns: int = 0
    mismatches: list[str] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    profile: str = ""

    @property
    def agreed(self) -> bool:
        return self.compared > 0 and not self.mismatches


# -- the library ----------------------------------------------------------------------------------

# One period's answer, as the comparison needs it: indicator -> (status, profiled target).
Answer = dict[str, tuple[str, float | None]]


def _answer(card: pmf.Scorecard) -> Answer:
    return {r.indicator: (r.rating.status.value, r.target) for r in card.indicators}


def _as_of(period: pmf.Period) -> dt.date:
    return period.end + dt.timedelta(days=AS_OF_DAYS)


def _assess_every(
    framework: pmf.Framework, index: pmf.Readings, months: Sequence[pmf.Month]
) -> tuple[float, float, dict[pmf.Month, Answer]]:
    """Assess every month; the wall and CPU time spent in ``assess`` alone and each month's
    answer."""
    wall = cpu = 0.0
    answers: dict[pmf.Month, Answer] = {}
    for month in months:
        as_of = _as_of(month)
        spent_wall, spent_cpu, card = _script.once(pmf.assess, framework, index, month, as_of)
        wall += spent_wall
        cpu += spent_cpu
        answers[month] = _answer(card)  # outside the timing: only the check needs it
    return wall, cpu, answers


def fresh_copy(framework: pmf.Framework) -> pmf.Framework:
    """An equal framework of new indicator records, so that no target is yet worked out."""
    return attrs.evolve(
        framework, indicators=tuple(attrs.evolve(ind) for ind in framework.indicators)
    )


# -- pandas ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frames:
    """The records as pandas frames: one row per reading, per indicator, per annual target."""

    readings: pd.DataFrame  # code, month (year * 12 + month - 1), value (NaN when missing)
    indicators: pd.DataFrame  # code, id, sign (+1 higher is better, -1 lower), cumulative
    targets: pd.DataFrame  # code, fy (the year the financial year starts in), annual


def _month_code(period: pmf.Period) -> int:
    """A month as ``year * 12 + month - 1``."""
    if not isinstance(period, pmf.Month):
        raise SystemExit(f"the pandas version reads monthly readings only, not {period}")
    return period.year * 12 + period.month - 1


def frames_from_records(framework: pmf.Framework, readings: Sequence[pmf.Reading]) -> Frames:
    """The frames pandas rates from, built from the same records the library reads."""
    import pandas as pd

    codes = {ind.id: code for code, ind in enumerate(framework.indicators)}
    reading_frame = pd.DataFrame(
        {
            "code": [codes[r.indicator] for r in readings],
            "month": [_month_code(r.period) for r in readings],
            "value": [math.nan if r.value is None else r.value for r in readings],
        }
    )
    for name in ("code", "month"):
        reading_frame[name] = reading_frame[name].astype("int64")
    indicator_frame = pd.DataFrame(
        {
            "code": list(codes.values()),
            "id": list(codes),
            "sign": [
                -1.0 if ind.polarity is pmf.Polarity.LOWER_IS_BETTER else 1.0
                for ind in framework.indicators
            ],
            "cumulative": [
                ind.aggregation is pmf.Aggregation.CUMULATIVE for ind in framework.indicators
            ],
        }
    )
    target_rows = [
        (codes[ind.id], t.period.start.year, t.value)
        for ind in framework.indicators
        for t in ind.targets
    ]
    target_frame = pd.DataFrame(target_rows, columns=["code", "fy", "annual"])
    return Frames(reading_frame, indicator_frame, target_frame)


def _check_frames_fit(framework: pmf.Framework, index: pmf.Readings) -> None:
    """The pandas version covers what the generated council uses, and says so if not."""
    if index.duplicates:
        raise SystemExit("the pandas version assumes one reading per indicator and month")
    for ind in framework.indicators:
        if ind.frequency is not pmf.Frequency.MONTHLY or ind.rule is not None:
            raise SystemExit(f"{ind.id}: the pandas version rates monthly indicators only")
        if ind.polarity not in (pmf.Polarity.HIGHER_IS_BETTER, pmf.Polarity.LOWER_IS_BETTER):
            raise SystemExit(f"{ind.id}: the pandas version rates higher/lower is better only")
        if any(
            not isinstance(t.period, pmf.FinancialYear) or t.period.start_month != START_MONTH
            for t in ind.targets
        ):
            raise SystemExit(f"{ind.id}: the pandas version reads annual targets only")
    rule = framework.default_rule
    if not (
        isinstance(rule, pmf.TargetTolerance)
        and rule.tolerance == TOLERANCE
        and rule.mode == "relative"
        and rule.exceeded_by is None
    ):
        raise SystemExit(f"the pandas version rates a 5% relative tolerance only, not {rule}")


def rate_with_pandas(frames: Frames, readings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Green/amber/red (or no data / not rated) for each reading row, vectorised.

    The same rule as the library: find the year's target (profiled by the share of the year
    elapsed for a cumulative indicator); green on or better than target, amber within 5% of it
    (relative), otherwise red; lower is better mirrored; values within 1e-9 count as equal.
    """
    import numpy as np
    import pandas as pd

    rows = frames.readings if readings is None else readings
    shifted = rows["month"] - (START_MONTH - 1)
    rows = rows.assign(fy=shifted // 12, elapsed=shifted % 12 + 1)
    rows = rows.merge(frames.indicators, on="code", how="left", sort=False)
    rows = rows.merge(frames.targets, on=["code", "fy"], how="left", sort=False)
    target = rows["annual"].where(~rows["cumulative"], rows["annual"] * (rows["elapsed"] / 12))
    shortfall = (target - rows["value"]) * rows["sign"]
    allowance = TOLERANCE * target.abs() / 100
    status = np.select(
        [
            rows["value"].isna().to_numpy(),
            target.isna().to_numpy(),
            (shortfall <= EPSILON).to_numpy(),
            (shortfall <= allowance + EPSILON).to_numpy(),
        ],
        ["no data", "not rated", "green", "amber"],
        default="red",
    )
    return pd.DataFrame(
        {
            "id": rows["id"].to_numpy(),
            "month": rows["month"].to_numpy(),
            "status": status,
            "target": target.to_numpy(),
        }
    )


def rate_one_with_pandas(frames: Frames, month: int) -> pd.DataFrame:
    """The rating for one month: the rows of that month, rated as above."""
    rows = frames.readings
    return rate_with_pandas(frames, rows[rows["month"] == month])


@dataclass(frozen=True)
class Analyst:
    """What ``bench_frames.with_pandas`` starts from: the readings (``indicator, period,
    value``, periods written as councils write them) and the analyst's indicator and target
    tables, built once from the same records, outside the timing."""

    readings: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame


def analyst_frames(framework: pmf.Framework, readings: Sequence[pmf.Reading]) -> Analyst:
    """The same records as ``bench_frames.with_pandas`` reads them."""
    import pandas as pd

    from bench_frames import analyst_tables

    frame = pd.DataFrame(
        {
            "indicator": [r.indicator for r in readings],
            "period": [str(r.period) for r in readings],
            "value": [math.nan if r.value is None else r.value for r in readings],
        }
    )
    return Analyst(frame, *analyst_tables(framework))


def same_columns_with_pandas(analyst: Analyst, period: str) -> pd.DataFrame:
    """What ``assess`` works out for ``period`` (status, target, travel both ways, missed in a
    row), in pandas: every month's status, since a run of misses reaches back through the
    history, then the period's rows."""
    from bench_frames import with_pandas

    every = with_pandas(analyst.readings, analyst.indicators, analyst.targets)
    return every[every["period"] == period]


def _compare_columns(label: str, card: pmf.Scorecard, rows: pd.DataFrame) -> list[str]:
    """Every difference between a scorecard and pandas' same columns for its period."""
    theirs = {row["indicator"]: row for row in rows.to_dict("records")}
    problems = []
    for result in card.indicators:
        row = theirs.pop(result.indicator, None)
        if row is None:
            problems.append(f"{label} {result.indicator}: only in the library")
            continue
        target = None if math.isnan(row["target"]) else row["target"]
        ours = (
            result.rating.status.value,
            result.short_term.direction.value,
            result.long_term.direction.value,
            result.missed_in_a_row,
        )
        pandas = (row["status"], row["short_term"], row["long_term"], int(row["missed_in_a_row"]))
        same_target = (target is None and result.target is None) or (
            target is not None
            and result.target is not None
            and math.isclose(target, result.target, rel_tol=1e-12, abs_tol=1e-12)
        )
        if ours != pandas or not same_target:
            problems.append(
                f"{label} {result.indicator}: library {ours} (target {result.target}), "
                f"pandas {pandas} (target {target})"
            )
    problems += [f"{label} {ident}: only in pandas" for ident in theirs]
    return problems


def _pandas_answers(rated: pd.DataFrame) -> dict[int, Answer]:
    answers: dict[int, Answer] = {}
    for ident, month, status, target in zip(
        rated["id"].tolist(),
        rated["month"].tolist(),
        rated["status"].tolist(),
        rated["target"].tolist(),
        strict=True,
    ):
        answers.setdefault(month, {})[ident] = (
            status,
            None if math.isnan(target) else target,
        )
    return answers


def _compare(label: str, library: Answer, pandas: Answer, limit: int = 10) -> list[str]:
    """Every difference between the library's and pandas' answers for one period."""
    problems = []
    for ident in sorted(library.keys() | pandas.keys()):
        if ident not in library or ident not in pandas:
            problems.append(f"{label} {ident}: only in {'pandas' if ident in pandas else 'lib'}")
            continue
        (lib_status, lib_target), (pd_status, pd_target) = library[ident], pandas[ident]
        same_target = (lib_target is None and pd_target is None) or (
            lib_target is not None
            and pd_target is not None
            and math.isclose(lib_target, pd_target, rel_tol=1e-12, abs_tol=1e-12)
        )
        if lib_status != pd_status or not same_target:
            problems.append(
                f"{label} {ident}: library {lib_status} (target {lib_target}), "
                f"pandas {pd_status} (target {pd_target})"
            )
        if len(problems) >= limit:
            break
    return problems


# -- the run --------------------------------------------------------------------------------------


def _profile_every(
    framework: pmf.Framework, index: pmf.Readings, months: Sequence[pmf.Period], top: int
) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for month in months:
        pmf.assess(framework, index, month, _as_of(month))
    profiler.disable()
    return _script.profile_stats(profiler, top, top)


def _collected_once(work: Callable[..., _T], *args: object) -> tuple[float, float, _T]:
    """``_script.once``, after running the collector (not timed): so that a full collection
    owed to untimed work before it (a fresh framework copy and index, the last round's
    results) does not land in the timed call, which still pays for collecting what it makes."""
    gc.collect()
    return _script.once(work, *args)


def _one_period(
    report: Report,
    framework: pmf.Framework,
    readings: Sequence[pmf.Reading],
    index: pmf.Readings,
    frames: Frames,
    analyst: Analyst,
    quarter: pmf.Quarter,
    last_month: pmf.Month,
    repeats: int,
    log: Callable[[str], None],
) -> None:
    """(b): the library cold and warm, pandas' status and pandas' same columns, one period, in
    interleaved rounds."""
    month_code = _month_code(last_month)
    as_of = _as_of(quarter)
    pmf.assess(framework, index, quarter, as_of)  # the warm index has assessed this period
    cold: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    pandas: list[tuple[float, float]] = []
    same: list[tuple[float, float]] = []
    answers: list[tuple[str, Answer]] = []
    one: pd.DataFrame | None = None
    cold_card: pmf.Scorecard | None = None
    same_rows: pd.DataFrame | None = None
    for attempt in range(max(repeats, 1)):
        log(f"(b) one period, round {attempt + 1} of {repeats} ...")
        copy, fresh = fresh_copy(framework), pmf.Readings.of(readings)  # not timed
        wall, cpu, cold_one = _collected_once(pmf.assess, copy, fresh, quarter, as_of)
        cold.append((wall, cpu))
        answers.append((f"{quarter} cold, round {attempt + 1}", _answer(cold_one)))
        cold_card = cold_one
        wall, cpu, card = _collected_once(pmf.assess, framework, index, quarter, as_of)
        warm.append((wall, cpu))
        answers.append((f"{quarter} warm, round {attempt + 1}", _answer(card)))
        wall, cpu, one = _collected_once(rate_one_with_pandas, frames, month_code)
        pandas.append((wall, cpu))
        wall, cpu, same_rows = _collected_once(same_columns_with_pandas, analyst, str(last_month))
        same.append((wall, cpu))
    assert one is not None and cold_card is not None and same_rows is not None
    count = report.indicators
    steps = (
        (f"(b) library: `assess`, {quarter}, cold: a fresh framework copy and index", cold),
        (f"(b) library: `assess`, {quarter}, warm: framework and index reused", warm),
        (f"(b) pandas: status for {quarter}", pandas),
        (f"(b) pandas: the same columns as `assess` for {quarter}", same),
    )
    for step, runs in steps:
        report.timings.append(
            Timing(
                step,
                f"{count:,} indicators",
                tuple(w for w, _ in runs),
                tuple(c for _, c in runs),
                "indicator",
                count,
            )
        )
    pandas_cpu = statistics.median(c for _, c in pandas)
    for name, runs in (("cold", cold), ("warm", warm)):
        report.ratios.append(Ratio(name, statistics.median(c for _, c in runs), pandas_cpu))
    same_cpu = statistics.median(c for _, c in same)
    for name, runs in (("cold", cold), ("warm", warm)):
        report.ratios.append(
            Ratio(
                name,
                statistics.median(c for _, c in runs),
                same_cpu,
                baseline="the same columns (status, target, travel, missed in a row)",
                target=None,
            )
        )
    pandas_answer = _pandas_answers(one).get(month_code, {})
    for label, answer in answers:
        report.mismatches += _compare(label, answer, pandas_answer)
    report.compared += len(answers[0][1])
    report.mismatches += _compare_columns(f"{quarter} cold, same columns", cold_card, same_rows)
    report.compared_columns += len(cold_card.indicators)
    card = pmf.assess(framework, index, quarter, as_of)
    for result in card.indicators:
        key = result.rating.status.value
        report.status_counts[key] = report.status_counts.get(key, 0) + 1
    copy, fresh = fresh_copy(framework), pmf.Readings.of(readings)  # not measured
    tracemalloc.start()
    pmf.assess(copy, fresh, quarter, as_of)
    _, one_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report.memory.append(
        ("tracemalloc peak of one cold `assess` (one period)", f"{one_peak / 2**20:,.1f} MB")
    )


def run(
    indicators: int = 2000,
    years: int = 10,
    seed: int = DEFAULT_SEED,
    repeats: int = 5,
    repeats_every: int = 3,
    profile: int = 0,
    log: Callable[[str], None] = lambda _line: None,
    profile_cold: int = 0,
) -> Report:
    """Generate, time and check; see the module docstring."""
    if importlib.util.find_spec("pandas") is None:
        raise SystemExit("pandas is needed for the comparison: pip install -e '.[pandas]'")

    log(f"generating {indicators:,} indicators x {years} years ...")
    generated_wall, generated_cpu, (framework, readings) = _script.once(
        lambda: large_council(indicators, years, seed)
    )
    last_year = FIRST_YEAR + years - 1
    quarter = pmf.Quarter(year=last_year, number=4)
    months = [m for y in range(years) for m in pmf.FinancialYear(year=FIRST_YEAR + y).months()]
    report = Report(indicators, years, len(readings), len(months))
    report.timings.append(
        Timing(
            "generate the council",
            f"{len(readings):,} readings",
            (generated_wall,),
            (generated_cpu,),
        )
    )
    report.memory.append(
        ("peak RSS after generating the council", f"{_script.max_rss_mb():,.0f} MB")
    )

    # (a) the index
    log("(a) Readings.of ...")
    walls, cpus, index = _script.repeated(lambda: pmf.Readings.of(readings), repeats)
    report.timings.append(
        Timing(
            "(a) library: `Readings.of`",
            f"{len(readings):,} readings",
            walls,
            cpus,
            "reading",
            len(readings),
        )
    )
    _check_frames_fit(framework, index)

    # (c) every period, each run on a fresh copy and index, as a notebook would run it once
    every_walls, every_cpus = [], []
    answers: dict[pmf.Month, Answer] = {}
    for attempt in range(max(repeats_every, 1)):
        log(f"(c) assess every month, run {attempt + 1} of {repeats_every} ...")
        fresh = pmf.Readings.of(readings)
        wall, cpu, answers = _assess_every(fresh_copy(framework), fresh, months)
        every_walls.append(wall)
        every_cpus.append(cpu)
        log(f"    {wall:.2f} s wall, {cpu:.2f} s CPU")
    report.timings.append(
        Timing(
            f"(c) library: `assess`, every month ({len(months)} periods)",
            f"{indicators * len(months):,} indicator-periods",
            tuple(every_walls),
            tuple(every_cpus),
            "indicator-period",
            indicators * len(months),
        )
    )
    report.memory.append(
        (
            "peak RSS after the library runs (pandas not yet loaded)",
            f"{_script.max_rss_mb():,.0f} MB",
        )
    )
    if profile:
        log("profiling one library pass over every month ...")
        report.profile = _profile_every(
            fresh_copy(framework), pmf.Readings.of(readings), months, profile
        )
    if profile_cold:
        log(f"profiling one cold assess of {quarter} ...")
        report.profile += _profile_every(
            fresh_copy(framework), pmf.Readings.of(readings), [quarter], profile_cold
        )

    # pandas from here on
    log("pandas frames ...")
    import pandas  # noqa: F401  (loaded here, so the RSS above is the library's alone)

    walls, cpus, frames = _script.repeated(
        lambda: frames_from_records(framework, readings), repeats
    )
    report.timings.append(
        Timing(
            "pandas: frames from the records",
            f"{len(readings):,} readings",
            walls,
            cpus,
            "reading",
            len(readings),
        )
    )

    analyst = analyst_frames(framework, readings)

    # (b) one period: the headline comparison
    _one_period(
        report, framework, readings, index, frames, analyst, quarter, months[-1], repeats, log
    )

    # (d) pandas, every period
    log("(d) pandas, every month ...")
    walls, cpus, every = _script.repeated(lambda: rate_with_pandas(frames), repeats)
    report.timings.append(
        Timing(
            f"(d) pandas: status, every month ({len(months)} periods)",
            f"{indicators * len(months):,} indicator-periods",
            walls,
            cpus,
            "indicator-period",
            indicators * len(months),
        )
    )
    report.memory.append(("peak RSS at the end (with pandas)", f"{_script.max_rss_mb():,.0f} MB"))

    # the check: same work, same answer
    log("checking pandas against the library ...")
    pandas_every = _pandas_answers(every)
    for month in months:
        code = month.year * 12 + month.month - 1
        report.mismatches += _compare(str(month), answers[month], pandas_every.get(code, {}))
        report.compared += len(answers[month])
        report.compared_periods += 1
    return report


# -- output ---------------------------------------------------------------------------------------


def markdown(report: Report) -> str:
    """The results as Markdown tables."""
    lines = [
        f"Generated council: {report.indicators:,} monthly indicators x {report.years} years, "
        f"{report.readings:,} readings, {report.periods} monthly periods; default rule "
        f"target with {TOLERANCE:g}% relative tolerance.",
        "",
        "| Step | Work | Runs | Best wall (s) | Median wall (s) | Best CPU (s) "
        "| Median CPU (s) | Best CPU per item |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for t in report.timings:
        lines.append(
            f"| {t.step} | {t.work} | {len(t.runs)} | {t.best:,.4f} | {t.median:,.4f} "
            f"| {t.cpu_best:,.4f} | {t.cpu_median:,.4f} | {t.per_item()} |"
        )
    lines += [
        "",
        "| One period: library against pandas (median CPU) | pandas computing | Library (s) "
        "| pandas (s) | Ratio | Target | Verdict |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += [
        f"| `assess`, {r.library} | {r.baseline} | {r.library_cpu:,.4f} | {r.pandas_cpu:,.4f} "
        f"| {r.times:,.1f}x | {'' if r.target is None else f'{r.target:g}x'} | {r.verdict} |"
        for r in report.ratios
    ]
    lines += _script.footer(report.memory)
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(report.status_counts.items()))
    lines += ["", f"Statuses in the one-period scorecard: {counts}."]
    lines += _script.check(
        report.agreed,
        f"Check passed: pandas and the library agree on status and target for all "
        f"{report.compared:,} indicator-periods compared (the one period, in every cold "
        f"and warm run, and {report.compared_periods} months), and on travel and missed "
        f"in a row for the {report.compared_columns:,} indicators of the one period.",
        "pandas and the library differ",
        report.mismatches[:20],
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables; 1 if pandas and the library disagree."""
    parser = _script.council_parser(__doc__, indicators=2000, years=10)
    parser.add_argument("--repeats", type=int, default=5, help="runs of each fast step")
    parser.add_argument(
        "--repeats-every", type=int, default=3, help="runs of the library over every month"
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also cProfile one library pass over every month and print the top N functions",
    )
    parser.add_argument(
        "--profile-cold",
        type=int,
        default=0,
        metavar="N",
        help="also cProfile one cold assess of the one period and print the top N functions",
    )
    args = parser.parse_args(argv)
    report = run(
        args.indicators,
        args.years,
        args.seed,
        args.repeats,
        args.repeats_every,
        args.profile,
        _script.progress(args.quiet),
        args.profile_cold,
    )
    return _script.finish(markdown(report), report.agreed, report.profile)


if __name__ == "__main__":
    sys.exit(main())
