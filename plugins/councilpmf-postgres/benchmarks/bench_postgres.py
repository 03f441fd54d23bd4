"""Time recording a million readings in the PostgreSQL store and reading them back, beside raw
psycopg doing the same work on the same schema, a bare-table floor and the SQLite store.

    python plugins/councilpmf-postgres/benchmarks/bench_postgres.py --url postgresql://...
    python plugins/councilpmf-postgres/benchmarks/bench_postgres.py --readings 2000 --runs 1
    python plugins/councilpmf-postgres/benchmarks/bench_postgres.py --profile record

The server URL is ``--url``, else ``$COUNCILPMF_TEST_POSTGRES``. The readings are those of
``benchmarks/bench_record.py`` (up to 1,000 monthly periods for as many indicators as it takes).
Each of ``--runs`` rounds makes two new databases there (dropped at the end of the round) and a
new SQLite file, and runs every step once, in this process, opening and closing included:

1. SQLite store: ``record`` of every reading in one call, into the new file;
2. PostgreSQL store: the same, into the first new database;
3. raw psycopg, same schema: into the second database, whose tables were made by opening and
   closing a ``PostgresStore`` on it (untimed), the rows the store writes for these readings,
   by hand in one transaction: ``next_seq`` moved on, then ``COPY`` of ``readings_current``
   (every column, revision 1, ``seq`` in order) and of ``reading_revisions`` (revision 1, no old
   value, the new one as the same JSON text, who, when and why);
4. raw psycopg, floor: ``COPY`` of ``(indicator, period, value)`` into a new table with no key
   or index, in the second database: less than the store's work, the least a database can do;
5. SQLite store: ``readings()`` of everything;
6. PostgreSQL store: ``readings()`` of everything from database 1;
7. raw psycopg, same schema: ``SELECT`` of every column of ``readings_current`` in database 1,
   in the store's order, fetched as tuples;
8. raw psycopg, floor: ``SELECT`` of every row of table 4, as tuples.

Each step's wall time (``time.perf_counter``), this process's CPU time (``time.process_time``)
and, for the PostgreSQL steps, the server's CPU time: the user and system time of the backend
process serving the step's connection (``/proc/<pid>/stat``), read just before the connection
closes. The backend is a new process for each connection, so that is all the server did for the
step in it (the server's background writers and vacuum are not counted). It is measured only
when the server runs on this machine: the backend's parent must be the postmaster named by
``postmaster.pid`` in the server's data directory; otherwise it is "not measured".

After the first round, untimed, the check: database 2 opened with ``PostgresStore`` must give
``readings()`` equal to database 1's, and the ``history`` of 100 readings spread through them
must be the same in both but for when it was written; any difference is listed and the script
exits 1. ``--profile record`` (or ``read``) runs that
PostgreSQL store step once more under cProfile and prints where the client's time goes.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import urllib.parse
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from councilpmf_postgres import PostgresStore

from councilpmf import records
from councilpmf.core.indicators import Reading
from councilpmf.default_plugins.sqlite_store import SqliteStore

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))
import _script  # noqa: E402
from bench_record import make_readings, store_differences  # noqa: E402

__all__ = [
    "LABELS",
    "STEPS",
    "Result",
    "ServerProbe",
    "main",
    "named",
    "raw_record",
    "run",
    "server_footer",
]

BY, REASON = "benchmark", "bench_postgres.py"
HISTORIES = 100
"""How many readings' histories the check reads back from the same-schema writer's database."""
LABELS = {
    "sqlite-record": "SQLite store: `record`, one call",
    "postgres-record": "PostgreSQL store: `record`, one call",
    "raw-record": "raw psycopg, same schema: `COPY` of the store's rows",
    "floor-record": "raw psycopg, floor: `COPY` into a bare table",
    "sqlite-read": "SQLite store: `readings()`",
    "postgres-read": "PostgreSQL store: `readings()`",
    "raw-read": "raw psycopg, same schema: `SELECT` every column",
    "floor-read": "raw psycopg, floor: `SELECT` the bare table",
}
STEPS = tuple(LABELS)
PROFILED = ("record", "read")
"""The PostgreSQL store steps ``--profile`` can profile."""
BASELINES = {"postgres-record": ("raw-record", "floor-record")}
BASELINES["postgres-read"] = ("raw-read", "floor-read")
_CURRENT_COLUMNS = (
    'indicator, start, "end", seq, period, revision, value, whole, missing_reason, status, note, '
    "published_status, approval"
)
_SELECT_CURRENT = (
    f'SELECT {_CURRENT_COLUMNS} FROM readings_current ORDER BY indicator, start, "end", seq'
)
_NOT_MEASURED = "not measured"


# -- the server's CPU -----------------------------------------------------------------------------


class ServerProbe:
    """The CPU time of a backend of a server running on this machine, from ``/proc``.

    ``postmaster`` is the server's postmaster pid (None when the server is not on this machine
    or its data directory cannot be read): then nothing is measured.
    """

    def __init__(self, monitor: psycopg.Connection[tuple[object, ...]]) -> None:
        self._monitor = monitor
        self._tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.postmaster = self._postmaster()

    def _postmaster(self) -> int | None:
        try:
            row = self._monitor.execute("SHOW data_directory").fetchone()
            lines = (Path(str(row[0] if row else "")) / "postmaster.pid").read_text().split()
            return int(lines[0])
        except (psycopg.Error, OSError, ValueError, IndexError):
            return None

    def _stat(self, pid: int) -> list[str] | None:
        """The fields of ``/proc/<pid>/stat`` after the command name, or None."""
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        return text[text.rindex(")") + 2 :].split()

    def seconds(self, pid: int) -> float | None:
        """The user plus system CPU seconds of backend ``pid`` so far, or None when it is not
        a child of this machine's postmaster."""
        fields = self._stat(pid) if self.postmaster is not None else None
        if fields is None or int(fields[1]) != self.postmaster:  # field 4: the parent
            return None
        return (int(fields[11]) + int(fields[12])) / self._tick  # fields 14 and 15

    def pid_of(self, application_name: str) -> int:
        """The backend pid of the one connection with that ``application_name``."""
        row = self._monitor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (application_name,)
        ).fetchone()
        if row is None:
            raise RuntimeError(f"no connection named {application_name!r} on the server")
        return int(str(row[0]))


def named(url: str, application_name: str) -> str:
    """The URL with an ``application_name``, by which its backend is found."""
    parts = urllib.parse.urlsplit(url)
    query = [*urllib.parse.parse_qsl(parts.query), ("application_name", application_name)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


# -- the steps: each gives how many readings it did and the server's CPU seconds ------------------

Done = tuple[int, float | None]


def _store_step(
    url: str, probe: ServerProbe, work: Callable[[PostgresStore], int]
) -> Callable[[], Done]:
    def step() -> Done:
        name = f"bench_{uuid.uuid4().hex[:12]}"
        with PostgresStore(named(url, name)) as store:
            done = work(store)
            return done, probe.seconds(probe.pid_of(name))

    return step


def raw_record(url: str, readings: Sequence[Reading], probe: ServerProbe) -> Done:
    """By hand, the rows ``PostgresStore.record`` writes for new readings, in one transaction."""
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    with psycopg.connect(url) as db, db.cursor() as cursor:
        row = cursor.execute(
            "UPDATE store_state SET value = value + %s WHERE name = 'next_seq' RETURNING value",
            (len(readings),),
        ).fetchone()
        first = int(str(row[0])) - len(readings) if row else 1
        with cursor.copy(f"COPY readings_current ({_CURRENT_COLUMNS}) FROM STDIN") as copy:
            for seq, r in enumerate(readings, start=first):
                value = r.value
                whole = value if isinstance(value, int) else None
                copy.write_row(
                    (r.indicator, r.period.start, r.period.end, seq, str(r.period), 1, value,
                     whole, r.missing_reason, r.status.value, r.note, r.published_status,
                     r.approval.value)
                )  # fmt: skip
        with cursor.copy(
            "COPY reading_revisions (indicator, period, revision, old, new, by, at, reason) "
            "FROM STDIN"
        ) as copy:
            for r in readings:
                new = records.reading_body(r)  # the reading as plain data
                text = json.dumps(new, ensure_ascii=False, separators=(",", ":"))
                copy.write_row((r.indicator, str(r.period), 1, None, text, BY, at, REASON))
        db.commit()
        return len(readings), probe.seconds(db.info.backend_pid)


def _floor_record(url: str, readings: Sequence[Reading], probe: ServerProbe) -> Done:
    with psycopg.connect(url) as db, db.cursor() as cursor:
        cursor.execute("CREATE TABLE bare (indicator text, period text, value float8)")
        with cursor.copy("COPY bare FROM STDIN") as copy:
            for r in readings:
                copy.write_row((r.indicator, str(r.period), r.value))
        db.commit()
        return len(readings), probe.seconds(db.info.backend_pid)


def _select(url: str, sql: str, probe: ServerProbe) -> Done:
    with psycopg.connect(url) as db:
        rows = db.execute(sql.encode()).fetchall()
        return len(rows), probe.seconds(db.info.backend_pid)


def _sqlite_record(url: str, readings: Sequence[Reading]) -> Done:
    with SqliteStore(url) as store:
        return store.record(readings, by=BY, reason=REASON).new, None


def _sqlite_read(url: str) -> Done:
    with SqliteStore(url) as store:
        return len(store.readings()), None


# -- a run ----------------------------------------------------------------------------------------


@dataclass
class Result:
    """What the runs measured and checked."""

    readings: int
    clocks: _script.Clocks = field(default_factory=_script.Clocks)
    server: dict[str, list[float | None]] = field(default_factory=dict)
    counts: dict[str, list[int]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    checked: int = 0
    load: tuple[str, str] = ("?", "?")
    version: str = "?"
    profile: str = ""

    @property
    def agreed(self) -> bool:
        return self.checked == self.readings and not self.mismatches

    def server_seconds(self, step: str) -> list[float] | None:
        """The server CPU seconds of each run of ``step``; None unless measured in every run."""
        seconds = self.server.get(step, [])
        known = [s for s in seconds if s is not None]
        return known if seconds and len(known) == len(seconds) else None


def _check(library_url: str, raw_url: str, log: Callable[[str], None]) -> tuple[int, list[str]]:
    """Whether the raw writer's database reads back as the store's: how many readings were
    compared and every difference (up to 20). The history of :data:`HISTORIES` readings spread
    through them is compared too, all but when it was written (a million would take a query
    each)."""
    log("checking the same-schema writer against the store ...")
    with PostgresStore(library_url) as library, PostgresStore(raw_url) as raw:
        return store_differences(
            library, raw, names=("store", "raw psycopg"), histories=HISTORIES, limit=20
        )


def run(
    url: str,
    count: int,
    runs: int = 3,
    log: Callable[[str], None] = lambda _line: None,
    profile: str | None = None,
) -> Result:
    """Time every step ``runs`` times, interleaved, check the same-schema writer once, and
    profile one PostgreSQL store step (``record`` or ``read``) if asked."""
    result = Result(count, load=(_script.load_average(), "?"))
    log(f"making {count:,} readings ...")
    readings = make_readings(count)
    store_work: dict[str, Callable[[PostgresStore], int]] = {
        "record": lambda store: store.record(readings, by=BY, reason=REASON).new,
        "read": lambda store: len(store.readings()),
    }
    with psycopg.connect(url, autocommit=True) as monitor, tempfile.TemporaryDirectory() as folder:
        probe = ServerProbe(monitor)
        row = monitor.execute("SHOW server_version").fetchone()
        result.version = str(row[0]) if row else "?"
        for attempt in range(max(runs, 1)):
            log(f"round {attempt + 1} of {runs} ...")
            sqlite_url = f"sqlite:///{folder}/round{attempt}.db"
            with _script.own_database(url) as library, _script.own_database(url) as raw:
                with PostgresStore(raw):  # the store's own schema, for the raw writer
                    pass
                steps = _steps(readings, sqlite_url, library, raw, probe, store_work)
                for step in STEPS:
                    _time(result, step, steps[step], log)
                if attempt == 0:
                    result.checked, found = _check(library, raw, log)
                    result.mismatches += found
                if profile and attempt == max(runs, 1) - 1:
                    log(f"profiling the PostgreSQL store's {profile} ...")
                    with _script.own_database(url) as fresh:
                        target = library if profile == "read" else fresh
                        profiler = cProfile.Profile()
                        profiler.runcall(_store_step(target, probe, store_work[profile]))
                        result.profile = _script.profile_stats(profiler, 25, 20)
    result.load = (result.load[0], _script.load_average())
    return result


def _steps(
    readings: Sequence[Reading],
    sqlite_url: str,
    library: str,
    raw: str,
    probe: ServerProbe,
    store_work: dict[str, Callable[[PostgresStore], int]],
) -> dict[str, Callable[[], Done]]:
    """Every step of one round, by name."""
    return {
        "sqlite-record": lambda: _sqlite_record(sqlite_url, readings),
        "postgres-record": _store_step(library, probe, store_work["record"]),
        "raw-record": lambda: raw_record(raw, readings, probe),
        "floor-record": lambda: _floor_record(raw, readings, probe),
        "sqlite-read": lambda: _sqlite_read(sqlite_url),
        "postgres-read": _store_step(library, probe, store_work["read"]),
        "raw-read": lambda: _select(library, _SELECT_CURRENT, probe),
        "floor-read": lambda: _select(raw, "SELECT * FROM bare", probe),
    }


def _time(result: Result, step: str, work: Callable[[], Done], log: Callable[[str], None]) -> None:
    done, server = result.clocks.time(step, work)
    result.counts.setdefault(step, []).append(done)
    result.server.setdefault(step, []).append(server)
    if done != result.readings:
        result.mismatches.append(f"{LABELS[step]}: {done:,} readings of {result.readings:,}")
    log(f"  {LABELS[step]}: {result.clocks.wall[step][-1]:.2f} s")


# -- the report -----------------------------------------------------------------------------------


def _seconds(values: Sequence[float] | None) -> tuple[str, str]:
    """The median and best of some seconds, or "not measured" twice."""
    if values is None:
        return _NOT_MEASURED, _NOT_MEASURED
    return f"{statistics.median(values):.2f}", f"{min(values):.2f}"


def _ratio(result: Result, step: str, other: str, clock: str) -> str:
    """The median time of ``step`` over that of ``other`` on one clock (wall, cpu, server)."""
    times = {"wall": result.clocks.wall, "cpu": result.clocks.cpu}
    mine, theirs = (
        times[clock][name] if clock in times else result.server_seconds(name)
        for name in (step, other)
    )
    if mine is None or theirs is None:
        return _NOT_MEASURED
    if statistics.median(theirs) == 0:
        return "too short to measure"
    return f"{statistics.median(mine) / statistics.median(theirs):.1f}x"


def markdown(result: Result, url: str) -> str:
    """The timings, the ratios, the check and the machine, as Markdown."""
    clocks = result.clocks
    lines = [
        f"{result.readings:,} readings; rounds of every step, interleaved: "
        f"{clocks.runs(STEPS[0])}; "
        f"PostgreSQL {result.version} at {urllib.parse.urlsplit(url).hostname}.",
        "",
        "| Step | Wall median (s) | Wall best (s) | Client CPU median (s) | Client CPU best (s) "
        "| Server CPU median (s) | Server CPU best (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for step in STEPS:
        server = (
            ("none (in the client)",) * 2
            if step.startswith("sqlite")
            else _seconds(result.server_seconds(step))
        )
        wall, cpu = _seconds(clocks.wall[step]), _seconds(clocks.cpu[step])
        lines.append(f"| {LABELS[step]} | {' | '.join((*wall, *cpu, *server))} |")
    lines += [
        "",
        "| PostgreSQL store (medians) | against | Wall | Client CPU | Server CPU |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for step, (same, floor) in BASELINES.items():
        for other, name in ((same, "raw, same schema"), (floor, "raw, bare table (a floor)")):
            ratios = (_ratio(result, step, other, clock) for clock in ("wall", "cpu", "server"))
            lines.append(f"| {LABELS[step]} | {name} | {' | '.join(ratios)} |")
    lines += [
        "",
        *_script.check(
            result.agreed,
            f"Check passed: the same-schema writer's {result.checked:,} readings read back "
            "through the store equal to the store's own, and the histories read back the same.",
            "the same-schema writer's database does not read back as the store's",
            result.mismatches,
        ),
        *server_footer("peak RSS of this process (readings included)", result.load),
    ]
    return "\n".join(lines)


def server_footer(peak: str, load: tuple[str, str]) -> list[str]:
    """The memory and machine tables (``peak`` names the process's peak RSS) with psycopg's
    version and the load average at the start and end of the run (``load``)."""
    return [
        *_script.footer([(peak, f"{_script.max_rss_mb():.0f} MB")]),
        f"| psycopg | {psycopg.__version__} |",
        f"| load average at start | {load[0]} |",
        f"| load average at end | {load[1]} |",
    ]


def main(argv: list[str] | None = None) -> int:
    """Run, print the tables (and a profile if asked); 1 if the check failed."""
    parser = _script.parser(__doc__, quiet=True)
    parser.add_argument("--url", default=os.environ.get("COUNCILPMF_TEST_POSTGRES", ""))
    parser.add_argument("--readings", type=int, default=1_000_000, help="default 1,000,000")
    parser.add_argument("--runs", type=int, default=3, help="rounds of every step, interleaved")
    parser.add_argument("--profile", choices=PROFILED, help="profile this store step")
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("give --url or set COUNCILPMF_TEST_POSTGRES")
    result = run(args.url, args.readings, args.runs, _script.progress(args.quiet), args.profile)
    return _script.finish(markdown(result, args.url), result.agreed, result.profile)


if __name__ == "__main__":
    raise SystemExit(main())
