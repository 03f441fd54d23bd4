"""Time recording a million readings in the SQLite store and reading them back, beside raw sqlite3.

    python benchmarks/bench_record.py                     # 1,000,000 readings (minutes)
    python benchmarks/bench_record.py --readings 5000     # a smoke run (seconds)

The readings are plain values: up to 1,000 monthly periods (from April 1942) for as many
indicators as it takes (1,000 x 1,000 at full size). Each step runs in a fresh child process, so
each has its own peak memory, on the same disk (``--folder``, a new temporary folder by default):

1. library, one call: ``SqliteStore.record`` of every reading in one call, into a new store;
2. library, batches: the same, in calls of ``--batch`` readings (10,000), each its own transaction;
3. raw sqlite3: ``executemany`` INSERT of ``(indicator, str(period), value)`` for the same readings
   into a new table with no index or key, in one transaction;
4. library, read: ``readings()`` of everything from store 1, as ``Reading`` records;
5. raw sqlite3, read: ``SELECT`` of every row of table 3, as tuples.

Raw sqlite3 runs with the library's settings (WAL, ``synchronous=FULL``, the same page cache).
Each time includes opening and closing (closing checkpoints the write-ahead log). Memory is the
child's peak resident set size (``ru_maxrss``; the generated readings included) and the
``tracemalloc`` peak of the step alone, from a second run of it (tracemalloc slows Python
down, so it is never on while timing; ``--no-tracemalloc`` skips it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _script
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import Month
from councilpmf.default_plugins.sqlite_store import CACHE_KIB, SqliteStore

__all__ = ["STEPS", "Report", "main", "make_readings", "run"]

STEPS = ("library-one-call", "library-batches", "raw-insert", "library-read", "raw-select")
LABELS = {
    "library-one-call": "library: `record`, one call",
    "library-batches": "library: `record`, batches of {batch:,}",
    "raw-insert": "raw sqlite3: `executemany` INSERT",
    "library-read": "library: `readings()`",
    "raw-select": "raw sqlite3: `SELECT` all",
}
BASELINE = {"library-one-call": "raw-insert", "library-batches": "raw-insert"}
BASELINE["library-read"] = "raw-select"
WRITES = ("library-one-call", "library-batches", "raw-insert")
PERIODS = 1000
FIRST_MONTH = 1942 * 12 + 3  # April 1942


def make_readings(count: int) -> list[Reading]:
    """``count`` plain readings: indicator-major, up to 1,000 months each."""
    months = min(count, PERIODS)
    periods = [
        Month(year=(FIRST_MONTH + m) // 12, month=(FIRST_MONTH + m) % 12 + 1) for m in range(months)
    ]
    indicators = math.ceil(count / months) if count else 0
    readings = []
    for i in range(indicators):
        for m, period in enumerate(periods):
            if len(readings) == count:
                break
            value = ((i * 7919 + m * 104729) % 100_000) / 10
            readings.append(Reading(indicator=f"KPI{i:05d}", period=period, value=value))
    return readings


def _rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _raw_connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute(f"PRAGMA cache_size = {-CACHE_KIB:d}")
    return db


def _library_write(path: Path, readings: list[Reading], batch: int | None) -> int:
    _remove_db(path)
    with SqliteStore(f"sqlite:///{path}") as store:
        if batch is None:
            store.record(readings, by="benchmark", reason="bench_record.py")
        else:
            for start in range(0, len(readings), batch):
                store.record(readings[start : start + batch], by="benchmark")
    return len(readings)


def _raw_write(path: Path, readings: list[Reading]) -> int:
    _remove_db(path)
    db = _raw_connect(path)
    db.execute("CREATE TABLE readings (indicator TEXT NOT NULL, period TEXT NOT NULL, value REAL)")
    db.execute("BEGIN IMMEDIATE")
    db.executemany(
        "INSERT INTO readings (indicator, period, value) VALUES (?, ?, ?)",
        ((r.indicator, str(r.period), r.value) for r in readings),
    )
    db.execute("COMMIT")
    db.close()
    return len(readings)


def _library_read(path: Path) -> int:
    with SqliteStore(f"sqlite:///{path}") as store:
        return len(store.readings())


def _raw_read(path: Path) -> int:
    db = _raw_connect(path)
    rows = db.execute("SELECT indicator, period, value FROM readings").fetchall()
    db.close()
    return len(rows)


def _child(step: str, count: int, folder: Path, batch: int, traced: bool) -> dict[str, Any]:
    """Run one step (in a child process) and measure it."""
    readings = make_readings(count) if step in WRITES else []
    actions: dict[str, Callable[[Path], int]] = {
        "library-one-call": lambda p: _library_write(p, readings, None),
        "library-batches": lambda p: _library_write(p, readings, batch),
        "raw-insert": lambda p: _raw_write(p, readings),
        "library-read": lambda p: _library_read(p),
        "raw-select": lambda p: _raw_read(p),
    }
    files = {
        "library-one-call": "library-one-call.db",
        "library-batches": "library-batches.db",
        "raw-insert": "raw.db",
        "library-read": "library-one-call.db",
        "raw-select": "raw.db",
    }
    path = folder / files[step]
    rss_before = _rss_mb()
    started = time.perf_counter()
    done = actions[step](path)
    seconds = time.perf_counter() - started
    rss_peak = _rss_mb()
    size = sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    traced_peak = None
    if traced:
        again = folder / f"traced-{files[step]}" if step in WRITES else path
        tracemalloc.start()
        actions[step](again)
        traced_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
        if again != path:
            _remove_db(again)
    return {
        "step": step,
        "count": done,
        "seconds": seconds,
        "rss_before_mb": rss_before,
        "rss_peak_mb": rss_peak,
        "tracemalloc_peak_mb": traced_peak,
        "file_mb": size / (1024 * 1024),
    }


@dataclass
class Report:
    """What a run measured: one result per step, and the machine."""

    readings: int
    batch: int
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    machine: dict[str, str] = field(default_factory=dict)

    def ratio(self, step: str) -> float | None:
        base = BASELINE.get(step)
        if base is None:
            return None
        return float(self.results[step]["seconds"] / self.results[base]["seconds"])

    def table(self) -> str:
        lines = [
            "| Step | Readings | Seconds | Readings/s | Library ÷ raw | tracemalloc peak (MB) "
            "| RSS before (MB) | Peak RSS (MB) | Database (MB) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for step in STEPS:
            r = self.results[step]
            ratio = self.ratio(step)
            traced = "" if r["tracemalloc_peak_mb"] is None else f"{r['tracemalloc_peak_mb']:,.0f}"
            size = f"{r['file_mb']:,.1f}" if step in WRITES else ""
            lines.append(
                f"| {LABELS[step].format(batch=self.batch)} | {r['count']:,} | {r['seconds']:,.2f} "
                f"| {r['count'] / r['seconds']:,.0f} | {'' if ratio is None else f'{ratio:.1f}x'} "
                f"| {traced} | {r['rss_before_mb']:,.0f} | {r['rss_peak_mb']:,.0f} | {size} |"
            )
        return "\n".join(lines)

    def machine_table(self) -> str:
        lines = ["| | |", "| --- | --- |"]
        lines += [f"| {key} | {value} |" for key, value in self.machine.items()]
        return "\n".join(lines)


def machine() -> dict[str, str]:
    """The machine and software the figures come from."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": _script.cpu_model(),
        "Cores": f"{os.cpu_count()} ({usable} usable)",
        "Load average at start (1, 5, 15 min)": _script.load_average(),
        "Platform": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
    }


def run(
    readings: int,
    batch: int = 10_000,
    folder: Path | None = None,
    traced: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Run every step in its own child process and collect the results."""
    report = Report(readings=readings, batch=batch, machine=machine())
    own = folder is None
    where = Path(tempfile.mkdtemp(prefix="councilpmf-bench-")) if folder is None else folder
    where.mkdir(parents=True, exist_ok=True)
    try:
        for step in STEPS:
            if progress:
                progress(f"{step}...")
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                step,
                "--readings",
                str(readings),
                "--batch",
                str(batch),
                "--folder",
                str(where),
            ]
            if not traced:
                command.append("--no-tracemalloc")
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"step {step} failed:\n{done.stderr}")
            report.results[step] = json.loads(done.stdout.strip().splitlines()[-1])
            if progress:
                progress(f"{step}: {report.results[step]['seconds']:.2f} s")
    finally:
        if own:
            shutil.rmtree(where, ignore_errors=True)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = _script.parser(__doc__, quiet=True)
    parser.add_argument("--readings", type=int, default=1_000_000, help="how many (1,000,000)")
    parser.add_argument("--batch", type=int, default=10_000, help="readings per call (10,000)")
    parser.add_argument("--folder", type=Path, help="where the databases go (a temporary folder)")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the traced runs")
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.readings < 1 or args.batch < 1:
        parser.error("--readings and --batch must be at least 1")
    if args.child:
        result = _child(args.child, args.readings, args.folder, args.batch, not args.no_tracemalloc)
        print(json.dumps(result))
        return 0
    report = run(
        args.readings,
        args.batch,
        args.folder,
        not args.no_tracemalloc,
        _script.progress(args.quiet),
    )
    print(f"## Recording {args.readings:,} readings\n")
    print(report.table())
    print("\n## Machine\n")
    print(report.machine_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
