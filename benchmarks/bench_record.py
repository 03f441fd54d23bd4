"""Time recording a million readings in the SQLite store and reading them back, beside raw sqlite3.

    python benchmarks/bench_record.py --runs 3            # 1,000,000 readings (minutes a round)
    python benchmarks/bench_record.py --readings 5000     # a smoke run (seconds)
    python benchmarks/bench_record.py --readings 100000 --runs 1 --profile library-one-call

The readings are plain values: up to 1,000 monthly periods (from April 1942) for as many
indicators as it takes (1,000 x 1,000 at full size). In each of ``--runs`` rounds every step
runs once, in this order, each in a fresh child process (so each has its own peak memory),
on the same disk (``--folder``, a new temporary folder by default), with new files each round:

1. library, one call: ``SqliteStore.record`` of every reading in one call, into a new store;
2. library, batches: the same, in calls of ``--batch`` readings (10,000), each its own transaction;
3. raw sqlite3, same schema (**the baseline**): into a new file whose schema the store made
   (a ``SqliteStore`` opened and closed on it first, untimed), ``executemany`` of the rows the
   store writes for these readings, written by hand: each reading's ``readings_current`` row
   (its period's text and dates, a sequence number, revision 1, value, status, note...) and its
   first ``reading_revisions`` row (the new value as JSON, who, when, why), then the next
   sequence number in ``store_state``; one transaction;
4. raw sqlite3, bare table (**a floor**, not the same work): ``executemany`` INSERT of
   ``(indicator, str(period), value)`` into a new table with no key, index or history;
5. library, read: ``readings()`` of everything from store 1, as ``Reading`` records;
6. raw sqlite3, same schema, read (**the baseline**): ``SELECT`` of every column of
   ``readings_current`` of store 1, in ``readings()`` order, fetched as tuples;
7. raw sqlite3, bare table, read (**a floor**): ``SELECT`` of every row of table 4, as tuples.

Raw sqlite3 runs with the store's settings (WAL, ``synchronous=FULL``, foreign keys, the same
page cache). Each time, wall (``time.perf_counter``) and CPU (``time.process_time``), is taken
in the child around the step alone, opening and closing included (closing checkpoints the
write-ahead log); the median and best of the rounds are reported. After each round, untimed,
store 3 is opened with ``SqliteStore`` and its ``readings()`` must equal store 1's, and a few
readings' histories must read back the same (time stamps aside); otherwise the script prints
the differences and exits 1. Memory, from the first round: the child's peak resident set size
(``ru_maxrss``; the generated readings included) and the ``tracemalloc`` peak of the step
alone, from a second run of it (tracemalloc slows Python down, so it is never on while timing;
``--no-tracemalloc`` skips it). ``--profile STEP`` profiles one step with cProfile in a child of
its own after the rounds: the library's ``record`` in one call (``library-one-call``), its
``readings()`` (``library-read``), or the baseline's writing (``raw-same-schema``), and says how
much of the step's own time was spent inside sqlite3's calls.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs

import _script
from _readings import APRIL_1942, monthly_readings
from councilpmf import records
from councilpmf.core.indicators import Reading, ReadingRevision
from councilpmf.core.periods import Period
from councilpmf.default_plugins.sqlite_store import BUSY_TIMEOUT_MS, CACHE_KIB, SqliteStore
from councilpmf.store import Store

__all__ = ["STEPS", "Options", "Report", "main", "make_readings", "run", "store_differences"]

STEPS = (
    "library-one-call",
    "library-batches",
    "raw-same-schema",
    "raw-floor",
    "library-read",
    "raw-same-schema-read",
    "raw-floor-read",
)
LABELS = {
    "library-one-call": "library: `record`, one call",
    "library-batches": "library: `record`, batches of {batch:,}",
    "raw-same-schema": "raw sqlite3, same schema: the store's rows, `executemany` (baseline)",
    "raw-floor": "raw sqlite3, bare table: `executemany` (floor)",
    "library-read": "library: `readings()`",
    "raw-same-schema-read": "raw sqlite3, same schema: `SELECT` every column (baseline)",
    "raw-floor-read": "raw sqlite3, bare table: `SELECT` all (floor)",
}
BASELINES = {  # each library step: (the same work on the same schema, the floor)
    "library-one-call": ("raw-same-schema", "raw-floor"),
    "library-batches": ("raw-same-schema", "raw-floor"),
    "library-read": ("raw-same-schema-read", "raw-floor-read"),
}
FILES = {
    "library-one-call": "library-one-call.db",
    "library-batches": "library-batches.db",
    "raw-same-schema": "raw-same-schema.db",
    "raw-floor": "raw-floor.db",
    "library-read": "library-one-call.db",
    "raw-same-schema-read": "library-one-call.db",
    "raw-floor-read": "raw-floor.db",
}
WRITES = ("library-one-call", "library-batches", "raw-same-schema", "raw-floor")
PROFILED = ("library-one-call", "library-read", "raw-same-schema")
CHECK = "check"
BY = "benchmark"
REASON = "bench_record.py"
PERIODS = 1000
PROFILE_LINES = 25
MISMATCHES_SHOWN = 10


def make_readings(count: int) -> list[Reading]:
    """``count`` plain readings: indicator-major, up to 1,000 months each."""
    return monthly_readings(count, min(count, PERIODS), first_month=APRIL_1942, by_month=True)


@dataclass(frozen=True)
class Options:
    """What every child is told: the size, where the files are, and what else to measure."""

    readings: int
    folder: Path
    batch: int
    traced: bool = False
    profile: bool = False


# -- the steps ------------------------------------------------------------------------------------


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _raw_connect(path: Path) -> sqlite3.Connection:
    """A connection with the store's settings."""
    db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA cache_size = {-CACHE_KIB:d}")
    return db


def _library_write(path: Path, readings: list[Reading], batch: int | None) -> int:
    with SqliteStore(f"sqlite:///{path}") as store:
        if batch is None:
            store.record(readings, by=BY, reason=REASON)
        else:
            for start in range(0, len(readings), batch):
                store.record(readings[start : start + batch], by=BY)
    return len(readings)


def _store_schema(path: Path) -> None:
    """A new, empty store file: the store's own schema and settings."""
    SqliteStore(f"sqlite:///{path}").close()


def _reading_json(reading: Reading) -> str:
    """The revision's JSON as a developer would write it: the library's plain data of the
    reading, then ``json.dumps``."""
    return json.dumps(records.reading_body(reading), ensure_ascii=False, separators=(",", ":"))


def raw_same_schema_write(path: Path, readings: list[Reading]) -> int:
    """The rows ``record`` writes for new readings, written by hand into a store's schema."""
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    periods: dict[Period, tuple[str, str, str]] = {
        p: (str(p), p.start.isoformat(), p.end.isoformat()) for p in {r.period for r in readings}
    }
    db = _raw_connect(path)
    db.execute("BEGIN IMMEDIATE")
    (first,) = db.execute("SELECT value FROM store_state WHERE name = 'next_seq'").fetchone()
    db.executemany(
        'INSERT INTO readings_current (indicator, start, "end", seq, period, revision, value, '
        "missing_reason, status, note, published_status, approval) "
        "VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
        (
            (
                r.indicator,
                periods[r.period][1],
                periods[r.period][2],
                seq,
                periods[r.period][0],
                r.value,
                r.missing_reason,
                r.status.value,
                r.note,
                r.published_status,
                r.approval.value,
            )
            for seq, r in enumerate(readings, start=first)
        ),
    )
    db.execute("UPDATE store_state SET value = ? WHERE name = 'next_seq'", (first + len(readings),))
    db.executemany(
        "INSERT INTO reading_revisions (indicator, period, revision, old, new, by, at, reason) "
        "VALUES (?, ?, 1, NULL, ?, ?, ?, ?)",
        ((r.indicator, periods[r.period][0], _reading_json(r), BY, at, REASON) for r in readings),
    )
    db.execute("COMMIT")
    db.close()
    return len(readings)


def _raw_floor_write(path: Path, readings: list[Reading]) -> int:
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


def _raw_read(path: Path, sql: str) -> int:
    db = _raw_connect(path)
    rows = db.execute(sql).fetchall()
    db.close()
    return len(rows)


RAW_SAME_SCHEMA_SELECT = (
    'SELECT indicator, start, "end", seq, period, revision, value, missing_reason, status, note, '
    'published_status, approval FROM readings_current ORDER BY indicator, start, "end", seq'
)
RAW_FLOOR_SELECT = "SELECT indicator, period, value FROM readings"


def _actions(readings: list[Reading], batch: int) -> dict[str, Callable[[Path], int]]:
    return {
        "library-one-call": lambda p: _library_write(p, readings, None),
        "library-batches": lambda p: _library_write(p, readings, batch),
        "raw-same-schema": lambda p: raw_same_schema_write(p, readings),
        "raw-floor": lambda p: _raw_floor_write(p, readings),
        "library-read": _library_read,
        "raw-same-schema-read": lambda p: _raw_read(p, RAW_SAME_SCHEMA_SELECT),
        "raw-floor-read": lambda p: _raw_read(p, RAW_FLOOR_SELECT),
    }


def _prepare(step: str, path: Path) -> None:
    """Untimed: a write starts from no file, the same-schema one from the store's empty file."""
    if step in WRITES:
        _remove_db(path)
    if step == "raw-same-schema":
        _store_schema(path)


def _file_mb(path: Path) -> float:
    files = (Path(f"{path}{s}") for s in ("", "-wal"))
    return sum(f.stat().st_size for f in files if f.exists()) / (1024 * 1024)


def _measure(step: str, options: Options) -> dict[str, Any]:
    """Run one step, timed on both clocks, then again under tracemalloc if asked."""
    readings = make_readings(options.readings) if step in WRITES else []
    action = _actions(readings, options.batch)[step]
    path = options.folder / FILES[step]
    _prepare(step, path)
    rss_before = _script.max_rss_mb()
    wall, cpu, done = _script.once(action, path)
    result: dict[str, Any] = {
        "step": step,
        "count": done,
        "wall": wall,
        "cpu": cpu,
        "rss_before_mb": rss_before,
        "rss_peak_mb": _script.max_rss_mb(),
        "file_mb": _file_mb(path) if step in WRITES else None,
        "tracemalloc_peak_mb": None,
    }
    if options.traced:
        again = options.folder / f"traced-{FILES[step]}" if step in WRITES else path
        _prepare(step, again)
        tracemalloc.start()
        action(again)
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
        if again != path:
            _remove_db(again)
    return result


def _sqlite_share(profiler: cProfile.Profile) -> str:
    """How much of the profiled time was spent inside sqlite3's own calls (their own time)."""
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in stats.values())
    inside = sum(row[2] for (_, _, name), row in stats.items() if "sqlite3." in name)
    share = inside / total if total else 0.0
    return (
        f"Own time inside sqlite3 calls: {inside:.2f} s of {total:.2f} s ({share:.0%}); "
        f"in Python: {total - inside:.2f} s ({1 - share:.0%})"
    )


def _profile(step: str, options: Options) -> dict[str, Any]:
    """Run one library step under cProfile; its statistics as text."""
    readings = make_readings(options.readings) if step in WRITES else []
    action = _actions(readings, options.batch)[step]
    path = options.folder / (f"profiled-{FILES[step]}" if step in WRITES else FILES[step])
    _prepare(step, path)
    profiler = cProfile.Profile()
    done = profiler.runcall(action, path)
    if step in WRITES:
        _remove_db(path)
    text = _script.profile_stats(profiler, PROFILE_LINES, PROFILE_LINES)
    return {"step": step, "count": done, "profile": f"{_sqlite_share(profiler)}\n\n{text}"}


def check(options: Options) -> dict[str, Any]:
    """Whether the store written by hand reads back as the store the library wrote: the same
    ``readings()``, and the same history for a few readings (their time stamps aside)."""
    library_url = f"sqlite:///{options.folder / FILES['library-one-call']}"
    raw_url = f"sqlite:///{options.folder / FILES['raw-same-schema']}"
    with SqliteStore(library_url) as library, SqliteStore(raw_url) as raw:
        count, mismatches = store_differences(library, raw, histories=3, limit=MISMATCHES_SHOWN)
    return {"step": CHECK, "count": count, "agreed": not mismatches, "mismatches": mismatches}


def store_differences(
    library: Store,
    other: Store,
    *,
    names: tuple[str, str] = ("library", "by hand"),
    histories: int,
    limit: int,
) -> tuple[int, list[str]]:
    """How many readings ``other`` holds, and each way it differs from ``library`` (up to
    ``limit``): its ``readings()``, then the histories of ``histories`` readings spread
    through them from the first to the last, all but when each revision was written. Both
    stores are named in each difference by ``names``."""
    expected, got = library.readings(), other.readings()
    found = [] if expected == got else _differences(expected, got, names)
    last = len(expected) - 1
    spread = sorted({round(i * last / max(histories - 1, 1)) for i in range(histories)})
    for reading in (expected[i] for i in spread if last >= 0):
        one, two = ([_without_time(h) for h in s.history(*reading.key)] for s in (library, other))
        if not one or one != two:
            said = f"{names[1]} {two!r}, {names[0]} {one!r}"
            found.append(f"history of {_named(reading.key)}: {said}")
    return len(got), found[:limit]


def _without_time(revision: ReadingRevision) -> ReadingRevision:
    return attrs.evolve(revision, at="(either)")


def _named(key: tuple[str, Period]) -> str:
    return f"{key[0]} {key[1]}"


def _differences(
    expected: Sequence[Reading], got: Sequence[Reading], names: tuple[str, str]
) -> list[str]:
    """Each reading that differs between two stores' ``readings()``, by key."""
    mine = {r.key: r for r in expected}
    theirs = {r.key: r for r in got}
    differing = [
        f"{_named(key)}: {names[1]} {theirs.get(key)!r}, {names[0]} {mine.get(key)!r}"
        for key in sorted(mine.keys() | theirs.keys(), key=lambda k: (k[0], k[1].start, k[1].end))
        if mine.get(key) != theirs.get(key)
    ]
    return [
        f"{names[1]}: {len(got):,} readings; {names[0]}: {len(expected):,}",
        *(differing or ["the same readings, in another order"]),
    ]


def _child(step: str, options: Options) -> dict[str, Any]:
    """What one child process does: measure a step, profile it, or check the stores."""
    if step == CHECK:
        return check(options)
    if options.profile:
        return _profile(step, options)
    return _measure(step, options)


def in_child(step: str, options: Options) -> dict[str, Any]:
    """Run :func:`_child` in a fresh Python process and give back what it measured."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        step,
        "--readings",
        str(options.readings),
        "--batch",
        str(options.batch),
        "--folder",
        str(options.folder),
    ]
    if not options.traced:
        command.append("--no-tracemalloc")
    if options.profile:
        command += ["--profile", step]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"step {step} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the report -----------------------------------------------------------------------------------


@dataclass
class Report:
    """What a run measured: each step's times and counts in every round, its memory in the
    first, each round's check, and the machine."""

    readings: int
    batch: int
    clocks: _script.Clocks = field(default_factory=_script.Clocks)
    counts: dict[str, list[int]] = field(default_factory=dict)
    memory: dict[str, dict[str, Any]] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)
    load_start: str = ""
    load_end: str = ""
    profile: str = ""

    def label(self, step: str) -> str:
        return LABELS[step].format(batch=self.batch)

    def add(self, result: dict[str, Any]) -> None:
        step = result["step"]
        label = self.label(step)
        self.clocks.wall.setdefault(label, []).append(result["wall"])
        self.clocks.cpu.setdefault(label, []).append(result["cpu"])
        self.counts.setdefault(step, []).append(result["count"])
        self.memory.setdefault(step, result)

    @property
    def agreed(self) -> bool:
        return bool(self.checks) and all(c["agreed"] for c in self.checks)

    def ratio(self, step: str, base: str, clock: str) -> float:
        return self.clocks.ratio(self.label(step), self.label(base), clock)

    def markdown(self) -> str:
        runs = self.clocks.runs(self.label(STEPS[0]))
        lines = [
            f"## Recording {self.readings:,} readings, {runs} interleaved round(s)",
            "",
            *self.clocks.table("Step", [self.label(step) for step in STEPS]),
            "",
            "| Library step | ÷ same schema (CPU) | ÷ same schema (wall) "
            "| ÷ floor (CPU) | ÷ floor (wall) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for step, (same, floor) in BASELINES.items():
            lines.append(
                f"| {self.label(step)} | {self.ratio(step, same, 'cpu'):.2f}x "
                f"| {self.ratio(step, same, 'wall'):.2f}x | {self.ratio(step, floor, 'cpu'):.2f}x "
                f"| {self.ratio(step, floor, 'wall'):.2f}x |"
            )
        lines += [
            "",
            "| Step (first round) | Readings | tracemalloc peak (MB) | RSS before (MB) "
            "| Peak RSS (MB) | Database (MB) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for step in STEPS:
            m = self.memory[step]
            traced = m["tracemalloc_peak_mb"]
            lines.append(
                f"| {self.label(step)} | {m['count']:,} "
                f"| {'' if traced is None else f'{traced:,.0f}'} | {m['rss_before_mb']:,.0f} "
                f"| {m['rss_peak_mb']:,.0f} "
                f"| {'' if m['file_mb'] is None else format(m['file_mb'], ',.1f')} |"
            )
        lines += ["", "| Machine | |", "| --- | --- |"]
        machine = [
            *_script.machine(),
            ("SQLite", sqlite3.sqlite_version),
            ("load average at start (1, 5, 15 min)", self.load_start),
            ("load average at end", self.load_end),
        ]
        lines += [f"| {name} | {value} |" for name, value in machine]
        failed = [m for c in self.checks for m in c["mismatches"]]
        lines += [
            "",
            *_script.check(
                self.agreed,
                "Check passed: the store written by hand reads back the library's readings "
                "and histories, every round.",
                "the store written by hand does not read back as the library's",
                failed or ["no round was checked"],
            ),
        ]
        return "\n".join(lines)


def run(
    readings: int,
    batch: int = 10_000,
    folder: Path | None = None,
    traced: bool = True,
    progress: Callable[[str], None] | None = None,
    runs: int = 3,
    profile: str | None = None,
) -> Report:
    """Run ``runs`` rounds of every step, each in its own child process, checking the stores
    after each round; then profile one step if asked."""
    log = progress or (lambda line: None)
    report = Report(readings=readings, batch=batch, load_start=_script.load_average())
    log(f"load average at start: {report.load_start}")
    own = folder is None
    where = Path(tempfile.mkdtemp(prefix="councilpmf-bench-")) if folder is None else folder
    where.mkdir(parents=True, exist_ok=True)
    try:
        for round_ in range(1, runs + 1):
            options = Options(readings, where, batch, traced=traced and round_ == 1)
            for step in STEPS:
                result = in_child(step, options)
                report.add(result)
                times = f"wall {result['wall']:.2f} s, cpu {result['cpu']:.2f} s"
                log(f"round {round_}, {step}: {times}")
            report.checks.append(in_child(CHECK, options))
            log(f"round {round_}, check: {'passed' if report.checks[-1]['agreed'] else 'FAILED'}")
        if profile is not None:
            log(f"profiling {profile}...")
            report.profile = in_child(profile, Options(readings, where, batch, profile=True))[
                "profile"
            ]
    finally:
        if own:
            shutil.rmtree(where, ignore_errors=True)
    report.load_end = _script.load_average()
    log(f"load average at end: {report.load_end}")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = _script.parser(__doc__, quiet=True)
    parser.add_argument("--readings", type=int, default=1_000_000, help="how many (1,000,000)")
    parser.add_argument("--batch", type=int, default=10_000, help="readings per call (10,000)")
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--folder", type=Path, help="where the databases go (a temporary folder)")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the traced runs")
    parser.add_argument("--profile", choices=PROFILED, help="cProfile this step")
    parser.add_argument("--child", choices=(*STEPS, CHECK), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.readings < 1 or args.batch < 1 or args.runs < 1:
        parser.error("--readings, --batch and --runs must be at least 1")
    if args.child:
        options = Options(
            args.readings,
            args.folder,
            args.batch,
            traced=not args.no_tracemalloc,
            profile=args.profile is not None,
        )
        print(json.dumps(_child(args.child, options)))
        return 0
    report = run(
        args.readings,
        args.batch,
        args.folder,
        not args.no_tracemalloc,
        _script.progress(args.quiet),
        args.runs,
        args.profile,
    )
    return _script.finish(report.markdown(), report.agreed, report.profile)


if __name__ == "__main__":
    sys.exit(main())
