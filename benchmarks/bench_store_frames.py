"""Time reading a whole store as a polars DataFrame, beside a raw ``SELECT`` of the same columns.

    python benchmarks/bench_store_frames.py                    # 1,000,000 readings (minutes)
    python benchmarks/bench_store_frames.py --readings 5000    # a smoke run (seconds)

One store of ``--readings`` readings is written first (not timed): up to 1,000 monthly periods
for as many indicators as it takes, one reading in 20 missing with a reason, one in 7
provisional, one in 11 with a note, one in 13 a draft. Then, in ``--runs`` rounds, each
approach reads the store's current readings once, in turn (so that a busy machine slows them
all alike), and the median of the rounds is reported, CPU time (``time.process_time``; polars
uses several threads, so it can exceed wall time) beside wall time:

1. ``readings_frame()``: the store's frame, a polars DataFrame of the eight columns
   ``indicator, period, value, missing_reason, status, note, published_status, approval``,
   in ``readings()`` order;
2. raw ``SELECT``: the same eight columns of the same table (``readings_current``), in the same
   order (``ORDER BY indicator, start, "end", seq``, the primary key), fetched into Python as a
   list of tuples with the driver's ``fetchall()`` on a connection of its own: what a user
   reading the table by hand gets, the floor for anything that brings the rows into Python;
3. ``readings()``: the store's validated ``Reading`` records, for comparison.

Every approach opens nothing while timed: the store and the raw connection are opened before.
After the rounds, untimed, the frame is checked equal, row for row, to the raw rows and to
``readings()``. The target is that ``readings_frame()`` reads at least half as fast as the raw
``SELECT`` (raw time / frame time >= 0.5).

SQLite always; PostgreSQL as well when ``COUNCILPMF_TEST_POSTGRES`` (or ``--postgres``) names
a server, in a database of its own that is dropped at the end.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl

import _script
from _readings import APRIL_1942, monthly_readings
from councilpmf.core.indicators import Reading
from councilpmf.default_plugins.sqlite_store import SqliteStore
from councilpmf.sqlstore import FRAME_COLUMNS, SqlStore
from councilpmf.store import readings_frame_of

__all__ = ["APPROACHES", "main", "make_readings", "run"]

APPROACHES = ("frame", "raw", "readings")
LABELS = {
    "frame": "`readings_frame()`",
    "raw": "raw `SELECT` of the same columns, `fetchall()`",
    "readings": "`readings()`",
}
RAW_SELECT = f'SELECT {FRAME_COLUMNS} FROM readings_current ORDER BY indicator, start, "end", seq'
PERIODS = 1000
TARGET = 0.5


def make_readings(count: int) -> list[Reading]:
    """``count`` readings, indicator-major, up to 1,000 months each, with gaps, notes,
    published statuses and drafts."""
    return monthly_readings(
        count,
        min(count, PERIODS),
        first_month=APRIL_1942,
        by_month=True,
        missing_reason="not collected",
        note="checked by audit",
        marked=True,
    )


def _timed(step: Callable[[], Any]) -> tuple[float, float]:
    """CPU and wall seconds of ``step``; what it returns is dropped after the clocks stop, so
    that no approach runs beside another's objects."""
    cpu, wall = time.process_time(), time.perf_counter()
    step()
    return time.process_time() - cpu, time.perf_counter() - wall


def measure(
    store: SqlStore, raw: Callable[[], list[tuple[Any, ...]]], runs: int, count: int
) -> dict[str, dict[str, float]]:
    """The median CPU and wall seconds of each approach over ``runs`` interleaved rounds, after
    checking that they all read the same ``count`` rows."""
    steps: dict[str, Callable[[], Any]] = {
        "frame": store.readings_frame,
        "raw": raw,
        "readings": store.readings,
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in APPROACHES}
    for _ in range(runs):
        for name in APPROACHES:
            times[name].append(_timed(steps[name]))
    frame, rows, readings = (steps[name]() for name in APPROACHES)
    assert isinstance(frame, pl.DataFrame) and frame.height == len(rows) == count
    assert frame.rows() == rows, "readings_frame() differs from the raw SELECT"
    assert frame.rows() == readings_frame_of(readings).rows(), (
        "readings_frame() differs from readings()"
    )
    return {
        name: {
            "cpu": statistics.median(cpu for cpu, _ in times[name]),
            "wall": statistics.median(wall for _, wall in times[name]),
        }
        for name in APPROACHES
    }


@contextmanager
def sqlite_store(
    readings: list[Reading], folder: Path
) -> Iterator[tuple[SqlStore, Callable[[], Any]]]:
    import sqlite3

    url = f"sqlite:///{folder}/frames.db"
    with SqliteStore(url) as writer:
        writer.record(readings, by="bench")
    with SqliteStore(url) as store, sqlite3.connect(f"{folder}/frames.db") as db:
        yield store, lambda: db.execute(RAW_SELECT).fetchall()


@contextmanager
def postgres_store(
    readings: list[Reading], server: str
) -> Iterator[tuple[SqlStore, Callable[[], Any]]]:
    import psycopg
    from councilpmf_postgres import PostgresStore

    with _script.own_database(server) as url:
        with PostgresStore(url) as writer:
            writer.record(readings, by="bench")
        with PostgresStore(url) as store, psycopg.connect(url, autocommit=True) as db:
            db.execute("VACUUM ANALYZE readings_current")
            yield store, lambda: db.execute(RAW_SELECT).fetchall()


def run(
    readings: int, runs: int, folder: Path, postgres: str | None
) -> dict[str, dict[str, dict[str, float]]]:
    """Every store's figures, by store name."""
    generated = make_readings(readings)
    figures = {}
    with sqlite_store(generated, folder) as (store, raw):
        figures["SQLite"] = measure(store, raw, runs, readings)
    if postgres:
        with postgres_store(generated, postgres) as (store, raw):
            figures["PostgreSQL"] = measure(store, raw, runs, readings)
    return figures


def markdown(figures: dict[str, dict[str, dict[str, float]]], readings: int, runs: int) -> str:
    lines = [
        f"Reading {readings:,} readings, median of {runs} interleaved rounds "
        f"(Python {platform.python_version()}, polars {pl.__version__}, "
        f"{os.cpu_count()} CPUs):",
        "",
        "| Store | Approach | CPU | Wall | Raw time / this time (wall) |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for store, approaches in figures.items():
        raw = approaches["raw"]["wall"]
        for name in APPROACHES:
            cpu, wall = approaches[name]["cpu"], approaches[name]["wall"]
            lines.append(
                f"| {store} | {LABELS[name]} | {cpu:.3f} s | {wall:.3f} s | {raw / wall:.2f} |"
            )
    lines.append("")
    for store, approaches in figures.items():
        ratio = approaches["raw"]["wall"] / approaches["frame"]["wall"]
        met = "met" if ratio >= TARGET else "not met"
        lines.append(
            f"- {store}: `readings_frame()` reads at {ratio:.0%} of the speed of the raw "
            f"`SELECT` (target {TARGET:.0%}): **{met}**."
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _script.parser(__doc__)
    parser.add_argument("--readings", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=None, help="where the SQLite file goes")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("COUNCILPMF_TEST_POSTGRES") or None,
        help="a PostgreSQL server URL (default: $COUNCILPMF_TEST_POSTGRES)",
    )
    args = parser.parse_args(argv)
    if args.folder is None:
        with tempfile.TemporaryDirectory() as folder:
            figures = run(args.readings, args.runs, Path(folder), args.postgres)
    else:
        args.folder.mkdir(parents=True, exist_ok=True)
        figures = run(args.readings, args.runs, args.folder, args.postgres)
    sys.stdout.write(markdown(figures, args.readings, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
