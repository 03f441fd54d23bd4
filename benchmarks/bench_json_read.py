"""Time reading a ``json://`` store back (``readings()``, ``readings_frame()``) beside loading
the same files with the ``json`` module and building the same columns.

    python benchmarks/bench_json_read.py                          # 50 x 120 months, 5 runs
    python benchmarks/bench_json_read.py --indicators 500 --runs 5  # 60,000 readings
    python benchmarks/bench_json_read.py --indicators 3 --months 4 --runs 1  # a smoke run
    python benchmarks/bench_json_read.py --profile 25             # and cProfile of readings()

**The store**, written before anything is timed: ``--indicators`` indicators x ``--months``
monthly readings from April 2015 (one in 20 missing with a reason, one in 11 with a note, one in
7 provisional, one in 13 a draft, one in 5 with a published status), recorded, then every second
one recorded again with a new value, then every third again: so a file holds one, two or three
revisions (who, when, why, old and new), as in a store that has been used for a while.

**The approaches**, each reading every current reading once per round, in turn, each round
starting with the next approach (interleaved, so that a busy machine slows them alike), after
one untimed pass of each (so every approach finds the files in the page cache); the store is
opened before the clocks start. CPU time (``time.process_time``; polars may use several
threads) beside wall time, and the median of the rounds:

1. ``readings()``: ``JsonStore.readings()``, the validated ``Reading`` records, under the
   store's shared lock, every file and every revision of it checked.
2. ``readings_frame()``: the store's polars DataFrame of the eight columns ``indicator, period,
   value, missing_reason, status, note, published_status, approval``, in ``readings()`` order,
   checked as ``readings()`` checks.
3. *json module, the same columns* (**the baseline**): what a user would write instead: list
   ``readings/`` (names ending ``.json``, not hidden), ``json.load`` each file, take its last
   revision's ``new``, and put its eight values in rows (the value as a float,
   ``published_status`` ``""`` and ``approval`` ``"approved"`` when the file has none); sort
   the rows as ``readings()`` does (indicator, the period's start and end dates, then the order
   first recorded, ``seq``), the dates from councilpmf's ``parse_period``, each distinct text
   parsed once; build the same polars DataFrame. Nothing is checked and nothing locked: a
   damaged file gives a wrong row or a ``KeyError``.
4. *json module, load only* (**a floor**, not the same work): list the folder and ``json.load``
   every file; no columns, no order, no frame.

After the rounds, untimed, the baseline's frame, ``readings_frame()`` and the rows of
``readings()`` are checked equal, row for row; the script exits 1 if not.
"""

from __future__ import annotations

import cProfile
import json
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl

import _script
from _readings import APRIL_2015, monthly_readings
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import Period, parse_period
from councilpmf.default_plugins.json_store import JsonStore
from councilpmf.store import frame_schema, readings_frame_of

__all__ = ["APPROACHES", "main", "make_readings", "run", "with_json_module"]

APPROACHES = ("readings", "frame", "baseline", "floor")
LABELS = {
    "readings": "`readings()`",
    "frame": "`readings_frame()`",
    "baseline": "json module, the same columns (baseline)",
    "floor": "json module, load only (floor)",
}
BY = "benchmark"


def make_readings(indicators: int, months: int, round_: int = 0) -> list[Reading]:
    """The readings of round ``round_``: 0 records every one; 1 every second one again, with a
    new value; 2 every third one again."""
    return monthly_readings(
        indicators * months,
        months,
        first_month=APRIL_2015,
        width=4,
        shift=round_,
        missing_reason="not collected",
        note="estimated",
        marked=True,
        every=round_ + 1,
    )


def write_store(folder: Path, indicators: int, months: int) -> str:
    """A ``json://`` store of the readings of every round; its URL."""
    url = f"json://{folder}"
    with JsonStore(url) as store:
        for round_ in range(3):
            store.record(make_readings(indicators, months, round_), by=BY)
    return url


# -- what a user would write instead ---------------------------------------------------------------


def _names(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".json") and name[0] != "."]


def with_json_module(folder: Path) -> pl.DataFrame:
    """The baseline: every file loaded with ``json``, its current reading put in a row, the rows
    sorted as ``readings()`` sorts them, and the frame built; nothing checked."""
    dates: dict[str, tuple[Any, Any]] = {}
    keyed = []
    for name in _names(folder):
        with open(folder / name, encoding="utf-8") as stream:
            data = json.load(stream)
        new = data["revisions"][-1]["new"]
        text = data["period"]
        if text not in dates:
            period: Period = parse_period(text)
            dates[text] = (period.start, period.end)
        value = new["value"]
        row = (
            data["indicator"],
            text,
            None if value is None else float(value),
            new["missing_reason"],
            new["status"],
            new["note"],
            new.get("published_status", ""),
            new.get("approval", "approved"),
        )
        keyed.append((data["indicator"], *dates[text], data["seq"], row))
    keyed.sort(key=lambda item: item[:4])
    rows = [item[4] for item in keyed]
    return pl.DataFrame(rows, schema=frame_schema(), orient="row")


def load_only(folder: Path) -> int:
    """The floor: every file loaded with ``json``, nothing more."""
    count = 0
    for name in _names(folder):
        with open(folder / name, encoding="utf-8") as stream:
            json.load(stream)
        count += 1
    return count


# -- running ---------------------------------------------------------------------------------------


def _timed(step: Callable[[], Any]) -> tuple[float, float]:
    """CPU and wall seconds of ``step``; what it returns is dropped after the clocks stop."""
    wall, cpu, _ = _script.once(step)
    return cpu, wall


def measure(store: JsonStore, folder: Path, runs: int) -> tuple[dict[str, dict[str, float]], bool]:
    """The median CPU and wall seconds of each approach over ``runs`` interleaved rounds, and
    whether the three that give readings gave the same rows."""
    readings_dir = folder / "readings"
    steps: dict[str, Callable[[], Any]] = {
        "readings": store.readings,
        "frame": store.readings_frame,
        "baseline": lambda: with_json_module(readings_dir),
        "floor": lambda: load_only(readings_dir),
    }
    readings, frame, baseline, loaded = (steps[name]() for name in APPROACHES)
    agreed = (
        loaded == frame.height
        and frame.schema == baseline.schema
        and frame.rows() == baseline.rows() == readings_frame_of(readings).rows()
    )
    del readings, frame, baseline
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in APPROACHES}
    for number in range(runs):
        first = number % len(APPROACHES)
        for name in APPROACHES[first:] + APPROACHES[:first]:
            times[name].append(_timed(steps[name]))
    figures = {
        name: {
            "cpu": statistics.median(cpu for cpu, _ in times[name]),
            "wall": statistics.median(wall for _, wall in times[name]),
        }
        for name in APPROACHES
    }
    return figures, agreed


@contextmanager
def _scratch(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        shutil.rmtree(folder / "store", ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        yield folder / "store"
        return
    made = Path(tempfile.mkdtemp(prefix="councilpmf-bench-json-read-"))
    try:
        yield made / "store"
    finally:
        shutil.rmtree(made, ignore_errors=True)


def run(
    indicators: int, months: int, runs: int, folder: Path | None = None, profile: int = 0
) -> tuple[dict[str, dict[str, float]], bool, int, str]:
    """The figures, whether the approaches agreed, how many readings, and the profile of one
    ``readings()`` (when ``profile`` names how many functions to show)."""
    with _scratch(folder) as where:
        url = write_store(where, indicators, months)
        with JsonStore(url) as store:
            figures, agreed = measure(store, where, runs)
            shown = ""
            if profile:
                profiler = cProfile.Profile()
                profiler.runcall(store.readings)
                shown = _script.profile_stats(profiler, profile, profile)
    return figures, agreed, indicators * months, shown


def markdown(figures: dict[str, dict[str, float]], agreed: bool, count: int, runs: int) -> str:
    """The figures as a Markdown table, the ratios to the baseline, and the check."""
    lines = [
        f"Reading {count:,} readings (1 to 3 revisions each) from a `json://` store, median of "
        f"{runs} interleaved rounds:",
        "",
        "| Approach | CPU | Wall | µs CPU per reading | CPU ÷ baseline | Wall ÷ baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    base = figures["baseline"]
    for name in APPROACHES:
        cpu, wall = figures[name]["cpu"], figures[name]["wall"]
        lines.append(
            f"| {LABELS[name]} | {cpu:.3f} s | {wall:.3f} s | {1e6 * cpu / count:.1f} "
            f"| {cpu / max(base['cpu'], 1e-9):.2f}x | {wall / max(base['wall'], 1e-9):.2f}x |"
        )
    lines += [
        "",
        *_script.check(
            agreed,
            f"Check passed: `readings()`, `readings_frame()` and the json module give the same "
            f"{count:,} rows.",
            "the approaches read different rows",
            ["compare `readings_frame().rows()` with the baseline's frame"],
        ),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _script.parser(__doc__)
    parser.add_argument("--indicators", type=int, default=50, help="how many (50)")
    parser.add_argument("--months", type=int, default=120, help="monthly readings each (120)")
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds (5)")
    parser.add_argument("--folder", type=Path, help="where the store goes (a temporary folder)")
    parser.add_argument("--profile", type=int, default=0, help="cProfile one readings(): top N")
    args = parser.parse_args(argv)
    if args.indicators < 1 or args.months < 1 or args.runs < 1:
        parser.error("--indicators, --months and --runs must be at least 1")
    figures, agreed, count, shown = run(
        args.indicators, args.months, args.runs, args.folder, args.profile
    )
    report = markdown(figures, agreed, count, args.runs)
    report += f"\n\nMachine: {_script.cpu_model()}, load average {_script.load_average()}"
    return _script.finish(report, agreed, shown)


if __name__ == "__main__":
    sys.exit(main())
