"""National benchmarking end to end (CSV in, CSV out): ``councilpmf benchmark`` against the
pandas script an analyst would write to compute the same columns.

Each run is a child process, timed from outside: wall time, CPU time (user + system, all
threads) and peak memory (the child's maximum resident set, from ``os.wait4``). The two are run
in turn, ``--runs`` times (interleaved, so a busy machine slows both alike). Then the two
outputs are compared: same rows, same ranks, counts, quartiles, medians and travel.

    python benchmarks/bench_benchmark.py                       # full size: 317 x 2000 x 40
    python benchmarks/bench_benchmark.py --metrics 50 --runs 2  # a few seconds
    python benchmarks/bench_benchmark.py --metrics 50 --marked  # values in the shorthand

What pandas computes (``pandas_benchmark``): the same output columns for the group of every
area, with competition ranks (``rank(method="min")``), ``count``, the median of each metric and
period (``statistics.median``, rounded to the metric's decimals as the table writes it),
quartile cut points by linear interpolation (``quantile``, as
``statistics.quantiles(method="inclusive")``) compared within 1e-9, and travel against the
previous quarter and the same quarter a year before on values rounded to the metric's
decimals (both rounded as the library rounds, a half away from zero: ``_rounding.half_away``).
It reads the ids and the values' text as categories (the memory-wise choice), parses each
distinct period once with the library's ``parse_period`` and each distinct value text once
with the library's ``read_cell`` (the statistical shorthand: ``[c]``, ``..``, ``45.2 [p]``),
writes what the marks say (``qualifier``, ``missing_reason``) and compares no value of an area
with one before a break in series the area marks (``[b]``). It does less than the library: it
does not check its input, and does not guard text against spreadsheet formulas.

``--marked`` times a file written in the shorthand (``generate_national.py --marked``: marks
for the missing values, qualifiers on one value in ten, ``[b]`` on one in a hundred);
``--no-breaks`` leaves the ``[b]`` out.

``--groups N --latest`` times, in place of the table, each comparator group's latest period
of each metric (``councilpmf_latest`` against ``pandas_latest``): what a report without
``--period`` works out first when there are groups. Each child also times that step alone,
after reading the files; the check compares the latest period of every area, group and
metric.

    python benchmarks/bench_benchmark.py --metrics 50 --groups 16 --latest --runs 3

``--frame`` times, in place of the command, the table as a notebook works it out
(``councilpmf_frame``): the files read as the command reads them, then ``benchmark_frame``
collected with its defaults (``--median-moves``: with ``median_moves=True``, the like-for-like
medians of the group median's move for every row), timed alone as well, then written as the
command writes it for the check against pandas.

    python benchmarks/bench_benchmark.py --metrics 50 --groups 16 --frame --runs 3
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _script  # noqa: E402
from _rounding import half_away  # noqa: E402
from generate_national import write_groups, write_national  # noqa: E402

if TYPE_CHECKING:
    import pandas as pd

    from councilpmf.core.periods import Period

COLUMNS = [
    "area_code",
    "area_name",
    "group",
    "metric",
    "period",
    "value",
    "rank",
    "of",
    "quartile",
    "median",
    "short_term",
    "long_term",
    "qualifier",
    "missing_reason",
]


def exact_median(frame: pd.DataFrame, keys: list[str], column: str) -> pd.Series:
    """The median of ``column`` for each group of ``keys``, as ``statistics.median`` works it
    out: the middle value, or half the sum of the middle two (pandas' own median can differ in
    the last bit, which decides a rounding half)."""
    present = frame.loc[frame[column].notna(), [*keys, column]].sort_values([*keys, column])
    by = present.groupby(keys, sort=False, observed=True)
    count, position = by[column].transform("size"), by.cumcount()
    low = present[position == (count - 1) // 2].set_index(keys)[column]
    high = present[position == count // 2].set_index(keys)[column]
    return (low + high) / 2


def shorthand(texts: pd.Index) -> pd.DataFrame:
    """What each distinct text of the values says, read once with the library's ``read_cell``:
    its number (NaN when missing), qualifier and missing reason in words, and whether it marks
    a break in series. A text the shorthand cannot read is a missing value (this script
    checks nothing). When every text is a number, pandas gives the numbers."""
    import pandas as pd

    from councilpmf.core.shorthand import ShorthandError, missing_reason, qualifier, read_cell

    def one(text: str | float) -> tuple[float, str, str, bool]:
        if not isinstance(text, str):  # pandas read every text of the file as a number
            return (float(text), "", "", False)
        try:
            cell = read_cell(text)
        except ShorthandError:
            return (float("nan"), "", "", False)
        if not cell.number:
            return (float("nan"), "", missing_reason(cell.marker), False)
        number = pd.to_numeric(cell.number.replace(",", ""), errors="coerce")
        return (float(number), qualifier(cell.marker), "", "[b]" in cell.marker)

    return pd.DataFrame(
        [one(t) for t in texts], columns=["value", "qualifier", "missing_reason", "breaks"]
    )


def pandas_benchmark(values: Path, metrics: Path, out: Path, groups: Path | None = None) -> None:
    """The benchmark table with pandas, as an analyst would write it: among every area
    (``groups`` None) or among each area's own group (an area is always in its own)."""
    import numpy as np
    import pandas as pd

    from councilpmf.core.periods import parse_period

    with metrics.open("rb") as handle:
        indicators = tomllib.load(handle)["indicators"]
    sign = {"higher is better": 1.0, "lower is better": -1.0}
    meta = pd.DataFrame(
        {
            "metric": [m["id"] for m in indicators],
            "sign": [sign.get(m.get("polarity", "higher is better"), np.nan) for m in indicators],
            "decimals": [m.get("decimals", 1) for m in indicators],
        }
    )
    text = {c: "category" for c in ("area_code", "area_name", "metric", "period", "value")}
    df = pd.read_csv(values, dtype=text, keep_default_na=False, na_values=[""])
    # each distinct value text read once; code -1 (an empty cell) takes the last row
    said = pd.concat(
        [
            shorthand(df["value"].cat.categories),
            pd.DataFrame([[np.nan, "", "empty", False]], columns=["value", *_WORDS]),
        ],
        ignore_index=True,
    )
    codes = df["value"].cat.codes.to_numpy()
    for column in said.columns:
        df[column] = said[column].to_numpy()[codes]
    parsed = {p: parse_period(p) for p in df["period"].cat.categories}
    df["period"] = df["period"].cat.rename_categories({p: str(q) for p, q in parsed.items()})

    def month(q: Period) -> int:
        return q.start.year * 12 + q.start.month - 1

    earlier = pd.DataFrame(
        {
            "period": [str(q) for q in parsed.values()],
            "prev": [str(q.previous()) for q in parsed.values()],
            "ly": [str(q.same_period_last_year()) for q in parsed.values()],
            "start": [month(q) for q in parsed.values()],
            "prev_start": [month(q.previous()) for q in parsed.values()],
            "ly_start": [month(q.same_period_last_year()) for q in parsed.values()],
        }
    )
    df["metric"] = df["metric"].astype(str)
    df["period"] = df["period"].astype(str)
    df = df.merge(meta, on="metric", how="left").merge(earlier, on="period", how="left")
    # the latest break in series the area marks in its series of the metric, at or before
    # each period: a comparison from before it is not like for like
    df["own_break"] = np.nan
    if df["breaks"].any():
        marked = df["start"].where(df["breaks"])
        at = marked.groupby([df["area_code"], df["metric"], df["start"]], observed=True)
        df["own_break"] = at.transform("max")
        ordered = df.sort_values("start", kind="stable")
        by_series = ordered.groupby(["area_code", "metric"], observed=True)["own_break"]
        df["own_break"] = by_series.ffill()
    df["score"] = df["value"] * df["sign"]
    places = meta.set_index("metric")["decimals"]
    if groups is None:
        keys = ["metric", "period"]
        by = df.groupby(keys, sort=False)
        df["rank"] = by["score"].rank(method="min", ascending=False).astype("Int64")
        df["of"] = by["value"].transform("count")
        cuts = by["value"].quantile([0.25, 0.5, 0.75]).unstack()
        medians = exact_median(df, keys, "value")
        df["group"] = "all areas"
    else:
        links = group_links(groups, df["area_code"].cat.categories)
        keys = ["area_code", "group", "metric", "period"]
        mine = df[["area_code", "metric", "period", "score"]]
        members = links.merge(
            df[["area_code", "metric", "period", "value", "score"]].rename(
                columns={"area_code": "member_code", "score": "member_score"}
            ),
            on="member_code",
        ).merge(mine, on=["area_code", "metric", "period"])
        members["better"] = members["member_score"] > members["score"]
        by = members.groupby(keys, sort=False, observed=True)
        counted = by.agg(of=("value", "count"), better=("better", "sum"))
        cuts = by["value"].quantile([0.25, 0.5, 0.75]).unstack()
        medians = exact_median(members, keys, "value")
        df = df.merge(links[["area_code", "group"]].drop_duplicates(), on="area_code")
        df = df.merge(counted, left_on=keys, right_index=True, how="left")
        df["rank"] = pd.array(np.where(df["score"].isna(), np.nan, 1 + df["better"]), dtype="Int64")
        df["of"] = df["of"].fillna(0).astype(int)
    cuts.columns = ["c1", "c2", "c3"]
    # The median written to the metric's decimals, as the table writes it.
    metrics = medians.index.get_level_values("metric")
    cuts["median"] = half_away(medians, places.reindex(metrics))
    df = df.merge(cuts, left_on=keys, right_index=True, how="left")
    higher = 4 - sum((df["value"] >= df[c] - 1e-9).astype(int) for c in ("c1", "c2", "c3"))
    lower = 1 + sum((df["value"] > df[c] + 1e-9).astype(int) for c in ("c1", "c2", "c3"))
    quartile = np.where(df["sign"] > 0, higher, lower).astype(float)
    quartile[(df["of"] < 4) | df["value"].isna() | df["sign"].isna()] = np.nan
    df["quartile"] = pd.array(quartile, dtype="Int64")
    df["shown"] = half_away(df["value"], df["decimals"])
    keys = df[["area_code", "metric", "period", "shown"]]
    for column, on in (("short_term", "prev"), ("long_term", "ly")):
        before = keys.rename(columns={"period": on, "shown": "then"})
        then = (
            df[["area_code", "metric", on]]
            .merge(before, on=["area_code", "metric", on], how="left")["then"]
            .to_numpy()
        )
        now, up = df["shown"].to_numpy(), df["sign"].to_numpy()
        across = (df["own_break"] > df[f"{on}_start"]).to_numpy()
        direction = np.select(
            [
                np.isnan(now) | np.isnan(then) | across,
                now == then,
                np.isnan(up),
                (now > then) == (up > 0),
            ],
            ["no valid comparison", "no change", "", "improving"],
            "worsening",
        )
        plain = np.where(now > then, "increasing", "decreasing")
        df[column] = np.where(direction == "", plain, direction)
    df[COLUMNS].to_csv(out, index=False)


_WORDS = ["qualifier", "missing_reason", "breaks"]


def group_links(groups: Path, areas: pd.Index) -> pd.DataFrame:
    """The members of each area's groups (``area_code, group, member_code``), the area
    itself among them, each once; the codes as categories of ``areas``."""
    import pandas as pd

    links = pd.read_csv(groups, dtype=str)
    own = links[["area_code", "group"]].drop_duplicates().assign(member_code=links["area_code"])
    links = pd.concat([own, links]).drop_duplicates()
    for column in ("area_code", "member_code"):
        links[column] = pd.Categorical(links[column], categories=areas)
    return links


LATEST_COLUMNS = ["area_code", "group", "metric", "period"]


def councilpmf_latest(values: Path, metrics: Path, groups: Path, out: Path) -> tuple[float, float]:
    """Each comparator group's latest period of each metric, as ``councilpmf benchmark``
    works it out for a report without ``--period``: the files read as the command reads
    them, then (timed) ``Values.group_latest``: the latest period of each area, group and
    metric. Written sorted to ``out``; the step's wall and CPU seconds."""
    from councilpmf.benchmarking import read_groups, read_metrics, read_values

    kinds = read_metrics(metrics)
    data = read_values(values, kinds)
    peers = read_groups(groups, data.areas(), values.name)

    def step() -> dict[tuple[str, str, str], Period]:
        return {key: period for key, (period, _) in data.group_latest(peers).items()}

    wall, cpu, latest = _script.once(step)
    rows = sorted((*key, str(period)) for key, period in latest.items())
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([LATEST_COLUMNS, *rows])
    return wall, cpu


def pandas_latest(values: Path, metrics: Path, groups: Path, out: Path) -> tuple[float, float]:
    """The same with pandas, as an analyst would write it: the values read as categories,
    each distinct value text read once with the library's ``read_cell`` to know whether it
    is a value, then (timed) every area's group joined to its members' lines, the members
    with a value counted for each period, and the latest period at least half as many have
    one for as the best-covered. Written sorted to ``out``; the step's wall and CPU
    seconds."""
    import numpy as np
    import pandas as pd

    from councilpmf.core.periods import parse_period

    text = {c: "category" for c in ("area_code", "metric", "period", "value")}
    df = pd.read_csv(values, usecols=list(text), dtype=text, keep_default_na=False, na_values=[""])
    has = shorthand(df["value"].cat.categories)["value"].notna().to_numpy()
    codes = df["value"].cat.codes.to_numpy()
    lines = pd.DataFrame(
        {
            "member_code": df["area_code"],
            "metric": df["metric"],
            "period": df["period"],
            "has": np.where(codes >= 0, has[np.maximum(codes, 0)], False),  # -1: an empty cell
        }
    )
    links = group_links(groups, df["area_code"].cat.categories)
    parsed = {t: parse_period(t) for t in df["period"].cat.categories}
    order = sorted(parsed, key=lambda t: (parsed[t].start, parsed[t].end, repr(parsed[t])))
    rank = {t: i for i, t in enumerate(order)}
    keys = ["area_code", "group", "metric"]

    def step() -> pd.DataFrame:
        members = links.merge(lines, on="member_code")
        n = members.groupby([*keys, "period"], observed=True)["has"].sum().reset_index(name="n")
        n["order"] = n["period"].map(rank).astype(int)
        most = n.groupby(keys, observed=True)["n"].transform("max")
        kept = n[2 * n["n"] >= most].sort_values("order")
        return kept.groupby(keys, observed=True).tail(1)

    wall, cpu, latest = _script.once(step)
    written = pd.DataFrame({c: latest[c].astype(str) for c in keys})
    written["period"] = [str(parsed[t]) for t in latest["period"].astype(str)]
    written.sort_values(LATEST_COLUMNS).to_csv(out, index=False)
    return wall, cpu


def councilpmf_frame(
    values: Path, metrics: Path, groups: Path | None, out: Path, moves: bool
) -> tuple[float, float]:
    """The benchmark table as a notebook works it out: the files read as the command reads
    them, then (timed) ``benchmark_frame(values, metrics, groups).collect()``, with
    ``median_moves=True`` when ``moves``, else its default; written to ``out`` as the command
    writes the table. The step's wall and CPU seconds."""
    from councilpmf.benchmarking import (
        benchmark_frame,
        read_groups,
        read_metrics,
        read_values,
        write_table,
    )

    kinds = read_metrics(metrics)
    data = read_values(values, kinds)
    peers = None if groups is None else read_groups(groups, data.areas(), values.name)
    asked = {"median_moves": True} if moves else {}
    wall, cpu, table = _script.once(lambda: benchmark_frame(data, kinds, peers, **asked).collect())
    write_table(table.lazy(), out, kinds)
    return wall, cpu


class Run(NamedTuple):
    tool: str
    wall: float
    cpu: float
    peak_mb: float
    step_wall: float = 0.0
    step_cpu: float = 0.0


def timed(tool: str, command: list[str], step: Path | None = None) -> Run:
    """Run ``command`` in a child process; its wall time, CPU time and peak memory, and the
    wall and CPU seconds of its timed step, when it writes them to ``step``."""
    start = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{tool} failed ({child.returncode}): {' '.join(command)}")
    inner = [float(t) for t in step.read_text().split()] if step is not None else [0.0, 0.0]
    return Run(tool, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, *inner)


LATEST = {"councilpmf": councilpmf_latest, "pandas": pandas_latest}
"""The two sides of ``--latest``: each comparator group's latest period of each metric."""


def latest_commands(
    values: Path, metrics: Path, folder: Path, groups: Path
) -> dict[str, list[str]]:
    """The children of ``--latest``: this script, told which side to run."""
    return {
        tool: [
            sys.executable,
            str(Path(__file__).resolve()),
            "--latest-child",
            tool,
            *(str(p) for p in (values, metrics, groups, folder / f"{tool}-latest.csv")),
        ]
        for tool in LATEST
    }


def commands(
    values: Path,
    metrics: Path,
    folder: Path,
    groups: Path | None = None,
    frame: str | None = None,
) -> dict[str, list[str]]:
    """The children of a run: the command (or with ``frame``, ``yes`` or ``no`` for the
    median moves, ``councilpmf_frame`` in this script) and ``pandas_benchmark``."""
    grouped = [] if groups is None else [str(groups)]
    out = str(folder / "councilpmf.csv")
    return {
        "councilpmf": [
            sys.executable,
            "-m",
            "councilpmf",
            "benchmark",
            str(values),
            "--metrics",
            str(metrics),
            *(["--groups", *grouped] if grouped else []),
            "-o",
            out,
        ]
        if frame is None
        else [
            sys.executable,
            str(Path(__file__).resolve()),
            "--frame-child",
            str(values),
            str(metrics),
            str(groups or "-"),
            out,
            frame,
        ],
        "pandas": [
            sys.executable,
            str(Path(__file__).resolve()),
            "--pandas-child",
            str(values),
            str(metrics),
            str(folder / "pandas.csv"),
            *grouped,
        ],
    }


def compare(folder: Path, sample_metrics: int = 25, latest: bool = False) -> list[str]:
    """Where the two outputs differ, for every area and period of a sample of metrics (all
    of them at small sizes): row order, and every column, numbers compared as numbers. With
    ``latest``, the two sides' latest periods of each group (``--latest``)."""
    import polars as pl

    def read(name: str) -> pl.DataFrame:
        frame = pl.scan_csv(folder / name, infer_schema=False)
        wanted = frame.select("metric").unique(maintain_order=True).head(sample_metrics)
        return frame.join(wanted, on="metric", how="semi", maintain_order="left").collect()

    tail = "-latest" if latest else ""
    ours, theirs = read(f"councilpmf{tail}.csv"), read(f"pandas{tail}.csv")
    if ours.height != theirs.height:
        return [f"{ours.height} rows from councilpmf, {theirs.height} from pandas"]
    problems = []
    for column in LATEST_COLUMNS if latest else COLUMNS:
        a, b = ours.get_column(column), theirs.get_column(column)
        if column in ("value", "rank", "of", "quartile", "median"):
            a, b = a.cast(pl.Float64), b.cast(pl.Float64)
            same = ((a - b).abs() <= 1e-9 * (1 + b.abs())) | (a.is_null() & b.is_null())
        else:
            same = (a == b) | (a.is_null() & b.is_null())
        differ = same.not_().fill_null(True).sum()
        if differ:
            problems.append(f"{column}: {differ} of {ours.height} rows differ")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = _script.parser(__doc__)
    parser.add_argument("--areas", type=int, default=317)
    parser.add_argument("--metrics", type=int, default=2000)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=Path("benchmark-national"))
    parser.add_argument(
        "--groups",
        type=int,
        default=0,
        metavar="N",
        help="rank each area among its N nearest neighbours (a generated groups.csv), not all",
    )
    parser.add_argument(
        "--marked",
        action="store_true",
        help="values in the statistical shorthand ([c], .., 45.2 [p], 52.1 [b])",
    )
    parser.add_argument("--no-breaks", action="store_true", help="with --marked: no [b] marks")
    parser.add_argument(
        "--latest",
        action="store_true",
        help="with --groups: time each group's latest period of each metric (the counts of "
        "its members with a value for each period), not the table",
    )
    parser.add_argument(
        "--frame",
        action="store_true",
        help="time the table as a notebook works it out (benchmark_frame collected, with its "
        "defaults), not the command",
    )
    parser.add_argument(
        "--median-moves",
        action="store_true",
        help="with --frame: median_moves=True (the group median's like-for-like move, every row)",
    )
    parser.add_argument(
        "--pandas-child", nargs="+", type=Path, metavar="VALUES METRICS OUT [GROUPS]"
    )
    parser.add_argument(
        "--frame-child", nargs=5, metavar=("VALUES", "METRICS", "GROUPS", "OUT", "MOVES")
    )
    parser.add_argument(
        "--latest-child", nargs=5, metavar=("TOOL", "VALUES", "METRICS", "GROUPS", "OUT")
    )
    args = parser.parse_args(argv)
    if args.pandas_child:
        pandas_benchmark(*args.pandas_child)
        return 0
    if args.latest_child:
        tool, *paths = args.latest_child
        out = Path(paths[-1])
        wall, cpu = LATEST[tool](*(Path(p) for p in paths))
        out.with_suffix(".step").write_text(f"{wall} {cpu}\n")
        return 0
    if args.frame_child:
        values, metrics, groups, out, moves = args.frame_child
        wall, cpu = councilpmf_frame(
            Path(values),
            Path(metrics),
            None if groups == "-" else Path(groups),
            Path(out),
            moves == "yes",
        )
        Path(out).with_suffix(".step").write_text(f"{wall} {cpu}\n")
        return 0
    if args.median_moves and not args.frame:
        parser.error("--median-moves needs --frame: the command works them out for --area alone")
    if args.latest and args.frame:
        parser.error("--latest and --frame time different steps: give one")
    if args.latest and not args.groups:
        parser.error("--latest needs --groups N: it times the groups' latest periods")
    marks = ("-marked" + ("-nobreaks" if args.no_breaks else "")) if args.marked else ""
    folder = args.folder / f"{args.areas}x{args.metrics}x{args.quarters}{marks}"
    values, metrics = folder / "values.csv", folder / "metrics.toml"
    if not values.is_file():
        write_national(
            folder,
            args.areas,
            args.metrics,
            args.quarters,
            marked=args.marked,
            breaks=not args.no_breaks,
        )
    groups = write_groups(folder, args.areas, args.groups) if args.groups else None
    lines = args.areas * args.metrics * args.quarters
    print(
        f"National benchmarking, {args.areas} areas x {args.metrics} metrics x "
        f"{args.quarters} quarters = {lines:,} values ({values.stat().st_size / 1e6:,.0f} MB)"
        + ("" if groups is None else f", each area among its {args.groups} nearest neighbours")
        + (
            f", written in the statistical shorthand{' (no [b])' if args.no_breaks else ''}"
            if marks
            else ""
        )
        + (", each group's latest period of each metric" if args.latest else "")
        + (
            f", benchmark_frame collected{' with median_moves=True' if args.median_moves else ''}"
            if args.frame
            else ""
        )
    )
    if groups is not None and args.latest:
        children = latest_commands(values, metrics, folder, groups)
    else:
        frame = ("yes" if args.median_moves else "no") if args.frame else None
        children = commands(values, metrics, folder, groups, frame)
    timed_step = args.latest or args.frame  # a child that times its step alone writes it
    runs: list[Run] = []
    for _ in range(args.runs):
        for tool, command in children.items():
            step = (
                folder / f"{tool}-latest.step"
                if args.latest
                else folder / f"{tool}.step"
                if args.frame and tool == "councilpmf"  # pandas' child has no step
                else None
            )
            runs.append(timed(tool, command, step))
            print(
                f"  {runs[-1].tool:<10} wall {runs[-1].wall:7.2f} s  CPU {runs[-1].cpu:7.2f} s  "
                f"peak {runs[-1].peak_mb:7.0f} MB"
                + (
                    f"  (step: wall {runs[-1].step_wall:6.3f} s  CPU {runs[-1].step_cpu:6.3f} s)"
                    if step is not None
                    else ""
                ),
                flush=True,
            )
    steps = " Step wall (median) | Step CPU (median) |" if timed_step else ""
    print(f"\n| Tool | Wall (median) | CPU (median) | Peak memory (max) |{steps}")
    print("|---|---:|---:|---:|" + ("---:|---:|" if timed_step else ""))
    summary = {}
    for tool in ("councilpmf", "pandas"):
        mine = [r for r in runs if r.tool == tool]
        summary[tool] = (
            statistics.median(r.wall for r in mine),
            statistics.median(r.cpu for r in mine),
            max(r.peak_mb for r in mine),
            statistics.median(r.step_wall for r in mine),
            statistics.median(r.step_cpu for r in mine),
        )
        wall, cpu, peak, step_wall, step_cpu = summary[tool]
        print(
            f"| {tool} | {wall:.2f} s | {cpu:.2f} s | {peak:,.0f} MB |"
            + (
                (f" {step_wall:.3f} s | {step_cpu:.3f} s |" if step_cpu else " | |")
                if timed_step
                else ""
            )
        )
    ours, theirs = summary.values()
    print(
        f"\nRatio councilpmf / pandas: wall {ours[0] / theirs[0]:.2f}, "
        f"CPU {ours[1] / theirs[1]:.2f}, peak memory {ours[2] / theirs[2]:.2f}"
        + (
            f"; the step alone: wall {ours[3] / theirs[3]:.2f}, CPU {ours[4] / theirs[4]:.2f}"
            if args.latest and theirs[3] and theirs[4]
            else ""
        )
    )
    met = ours[0] <= 1.5 * theirs[0] and ours[2] <= theirs[2]
    print(
        f"Target (wall within 1.5x of pandas, peak memory no more): {'met' if met else 'NOT met'}"
    )
    problems = compare(folder, latest=True) if args.latest else compare(folder)
    if problems:
        print("Check FAILED: councilpmf and pandas disagree:\n  " + "\n  ".join(problems))
        return 1
    if args.latest:
        print("Check passed: councilpmf and pandas give each group the same latest periods.")
        return 0
    print(
        "Check passed: councilpmf and pandas give the same rows, ranks, counts, quartiles, "
        "medians, travel, qualifiers and missing reasons."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
