"""Time recording readings into the PostgreSQL store with its schema as it is and with each of
its indexes, or its foreign key, dropped in turn; and show which of the store's reads each serves.

    python plugins/councilpmf-postgres/benchmarks/bench_postgres_indexes.py --url postgresql://...
    python plugins/councilpmf-postgres/benchmarks/bench_postgres_indexes.py --readings 2000 --runs 1

The server URL is ``--url``, else ``$COUNCILPMF_TEST_POSTGRES``. The readings are those of
``benchmarks/bench_record.py`` (240,000 by default: 240 indicators x 1,000 monthly periods).
Each of ``--runs`` rounds goes through the schemas, in a turning order (interleaved): the schema
as it is, then without each name given to ``--drop`` (every one of :data:`DROPS` by default).
For each, a new database (dropped after) whose tables are made by opening and closing a
``PostgresStore`` on it, then the one index or constraint dropped (untimed), then two steps,
each on one new connection:

1. record: every reading, in calls of ``--batch`` (10,000) readings, each call its own
   transaction, as ``councilpmf record`` does with a file of that many;
2. revise: every ``--every``-th (10th) reading again with a new value, in calls of ``--batch``:
   revision 2 of each, an update of ``readings_current`` and a second revision row.

Each step's wall time, this process's CPU time and the server's CPU time (the user and system
time of the backend serving the step's connection, from ``/proc``, as in ``bench_postgres.py``:
"not measured" for a server on another machine). Untimed after each, the check: ``readings()``
gives every reading, with the revised values, and the history of a revised reading has two
revisions; any difference is listed and the script exits 1.

In the first round, after the steps and an ``ANALYZE`` of both tables (so the planner knows
their size, as autovacuum soon lets it), the store's reads are run once more through a
connection that keeps each statement, and each is run again under ``EXPLAIN (ANALYZE)``: the report
gives, for each read and each schema, the scans of its plan (which index, or a whole-table scan)
and the server's execution time.

The unique ``(indicator, period)`` of ``readings_current`` cannot be dropped alone: the foreign
key of ``reading_revisions`` is built on it, so dropping it drops the foreign key too.
"""

from __future__ import annotations

import os
import statistics
import sys
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
import psycopg
from bench_postgres import ServerProbe, named, server_footer
from councilpmf_postgres import PostgresStore

from councilpmf.core.indicators import Reading

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))
import _script  # noqa: E402
from bench_record import make_readings  # noqa: E402

__all__ = ["AS_IT_IS", "DROPS", "READS", "STEPS", "Result", "main", "run"]

BY, REASON = "benchmark", "bench_postgres_indexes.py"
AS_IT_IS = "none"
"""The name of the schema as it is, measured in every round beside those :data:`DROPS` makes."""
DROPS: dict[str, tuple[str, ...]] = {
    "readings_current_pkey": (
        "ALTER TABLE readings_current DROP CONSTRAINT readings_current_pkey",
    ),
    "readings_current_indicator_period_key": (
        "ALTER TABLE reading_revisions DROP CONSTRAINT reading_revisions_indicator_period_fkey",
        "ALTER TABLE readings_current DROP CONSTRAINT readings_current_indicator_period_key",
    ),
    "readings_by_period": ("DROP INDEX readings_by_period",),
    "reading_revisions_pkey": (
        "ALTER TABLE reading_revisions DROP CONSTRAINT reading_revisions_pkey",
    ),
    "reading_revisions_indicator_period_fkey": (
        "ALTER TABLE reading_revisions DROP CONSTRAINT reading_revisions_indicator_period_fkey",
    ),
}
"""What each ``--drop`` name drops: an index, or the constraint whose index it is."""
STEPS = ("record", "revise")


@dataclass
class Result:
    """What the runs measured and checked, by schema (``none`` or a dropped name) and step."""

    readings: int
    revised: int
    batch: int
    schemas: tuple[str, ...]
    clocks: _script.Clocks = field(default_factory=_script.Clocks)
    server: dict[str, list[float | None]] = field(default_factory=dict)
    plans: dict[str, dict[str, tuple[str, float]]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    load: tuple[str, str] = ("?", "?")
    version: str = "?"

    @property
    def agreed(self) -> bool:
        return not self.mismatches


# -- the store's reads, as the server plans them ---------------------------------------------------


class _Kept:
    """A connection that keeps every statement it executes, with its parameters."""

    def __init__(self, db: psycopg.Connection[Any]) -> None:
        self._db = db
        self.statements: list[tuple[str | bytes, Sequence[Any]]] = []

    def execute(self, sql: str | bytes, parameters: Sequence[Any] = ()) -> Any:
        self.statements.append((sql, parameters))
        return self._db.execute(sql, parameters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def _reads(readings: Sequence[Reading]) -> dict[str, Callable[[PostgresStore], object]]:
    """The store's reads, by name: whole-store ones, and ones of a reading, an indicator or a
    period near the middle."""
    middle = readings[len(readings) // 2]
    key = middle.key
    one, period = frozenset({middle.indicator}), frozenset({middle.period})
    batch = list(readings[: min(len(readings), 10_000)])
    return {
        "readings()": lambda store: store.readings(),
        "readings(one indicator)": lambda store: store.readings(indicators=one),
        "readings(one period)": lambda store: store.readings(periods=period),
        "revision(one reading)": lambda store: store.revision(*key),
        "history(one reading)": lambda store: store.history(*key),
        "histories()": lambda store: store.histories(),
        "histories(one indicator)": lambda store: store.histories(indicators=one),
        "histories(one period)": lambda store: store.histories(periods=period),
        "record's look-up of 10,000 readings": lambda store: store._lookup(batch),
    }


READS = tuple(_reads(make_readings(1)))
"""The reads whose plans the report gives; ``readings_frame()`` runs the ``SELECT`` of
``readings()`` (fewer columns) inside a ``COPY``, so it has the same plan."""


def _scans(node: dict[str, Any]) -> Iterator[str]:
    """The scans of a JSON plan node and its children (an index by name, or ``whole TABLE``)
    and its sorts."""
    kind = str(node.get("Node Type", ""))
    if "Index" in kind and "Index Name" in node:
        yield f"{node['Index Name']}"
    elif kind == "Seq Scan":
        yield f"whole {node.get('Relation Name', '?')}"
    elif kind in ("Sort", "Incremental Sort"):
        yield kind.lower()
    for child in node.get("Plans", ()):
        yield from _scans(child)


def _explain(db: psycopg.Connection[Any], sql: bytes, parameters: Sequence[Any]) -> Any:
    """The JSON plan of a ``SELECT``, run under ``EXPLAIN (ANALYZE)``."""
    row = db.execute(b"EXPLAIN (ANALYZE, FORMAT JSON) " + sql, parameters).fetchone()
    return row[0][0] if row else {}


def _plans(url: str, readings: Sequence[Reading]) -> dict[str, tuple[str, float]]:
    """Each read's scans, statement after statement, and the server's execution time (ms),
    once the tables' statistics are up to date (as autovacuum leaves them soon after a write)."""
    plans = {}
    with PostgresStore(url) as store, psycopg.connect(url, autocommit=True) as explainer:
        explainer.execute("ANALYZE readings_current, reading_revisions")
        for name, read in _reads(readings).items():
            kept = _Kept(store._db)
            store._db = kept
            try:
                read(store)
            finally:
                store._db = kept._db
            scans, ms = [], 0.0
            for sql, parameters in kept.statements:
                text = sql if isinstance(sql, bytes) else sql.encode()
                if not text.lstrip().startswith(b"SELECT"):
                    continue  # the schema's version and the like
                plan = _explain(explainer, text, parameters)
                scans.append(", ".join(dict.fromkeys(_scans(plan["Plan"]))))
                ms += float(plan.get("Execution Time", 0.0))
            plans[name] = ("; ".join(scans), ms)
    return plans


# -- the steps -------------------------------------------------------------------------------------


def _batches(readings: Sequence[Reading], size: int) -> Iterator[Sequence[Reading]]:
    for start in range(0, len(readings), size):
        yield readings[start : start + size]


def _step(
    url: str, probe: ServerProbe, readings: Sequence[Reading], batch: int
) -> Callable[[], tuple[int, float | None]]:
    def work() -> tuple[int, float | None]:
        name = f"bench_{uuid.uuid4().hex[:12]}"
        done = 0
        with PostgresStore(named(url, name)) as store:
            for part in _batches(readings, batch):
                summary = store.record(part, by=BY, reason=REASON)
                done += summary.new + summary.changed
            return done, probe.seconds(probe.pid_of(name))

    return work


def _revised(readings: Sequence[Reading], every: int) -> list[Reading]:
    """Every ``every``-th reading with a new value."""
    return [attrs.evolve(r, value=(r.value or 0) + 1) for r in readings[every - 1 :: max(every, 1)]]


def _check(url: str, expected: Sequence[Reading], revised: Sequence[Reading]) -> list[str]:
    """What the store holds that it should not, or lacks (up to 10 lines)."""
    found: list[str] = []
    with PostgresStore(url) as store:
        held = {r.key: r for r in store.readings()}
        want = {r.key: r for r in expected} | {r.key: r for r in revised}
        if held != want:
            wrong = [k for k in want.keys() | held.keys() if held.get(k) != want.get(k)]
            found += [f"{i} {p}: {held.get((i, p))!r}" for i, p in sorted(wrong)[:10]]
        if revised and len(store.history(*revised[0].key)) != 2:
            found.append(f"{revised[0].key}: not two revisions")
    return found


def run(
    url: str,
    count: int,
    drops: Sequence[str] = tuple(DROPS),
    runs: int = 3,
    batch: int = 10_000,
    every: int = 10,
    log: Callable[[str], None] = lambda _line: None,
) -> Result:
    """Record ``count`` readings and revise every ``every``-th into each schema, ``runs`` times,
    interleaved; the plans of the store's reads in the first round."""
    log(f"making {count:,} readings ...")
    readings = make_readings(count)
    revised = _revised(readings, every)
    schemas = (AS_IT_IS, *drops)
    result = Result(count, len(revised), batch, schemas, load=(_script.load_average(), "?"))
    with psycopg.connect(url, autocommit=True) as monitor:
        probe = ServerProbe(monitor)
        row = monitor.execute("SHOW server_version").fetchone()
        result.version = str(row[0]) if row else "?"
        for attempt in range(max(runs, 1)):
            turn = attempt % len(schemas)
            for schema in (*schemas[turn:], *schemas[:turn]):
                log(f"round {attempt + 1} of {runs}: {schema} dropped ...")
                with _script.own_database(url) as database:
                    with PostgresStore(database), psycopg.connect(database) as db:
                        for statement in DROPS.get(schema, ()):
                            db.execute(statement.encode())
                    for step, work in (("record", readings), ("revise", revised)):
                        name = f"{schema} {step}"
                        done, server = result.clocks.time(name, _step(database, probe, work, batch))
                        result.server.setdefault(name, []).append(server)
                        if done != len(work):
                            result.mismatches.append(f"{name}: {done:,} of {len(work):,}")
                        log(f"  {step}: {result.clocks.wall[name][-1]:.2f} s")
                    result.mismatches += _check(database, readings, revised)
                    if attempt == 0:
                        result.plans[schema] = _plans(database, readings)
    result.load = (result.load[0], _script.load_average())
    return result


# -- the report ------------------------------------------------------------------------------------


def _median(values: Sequence[float | None]) -> str:
    """The median of some seconds, or "not measured" unless every one was."""
    known = [v for v in values if v is not None]
    if not known or len(known) < len(values):
        return "not measured"
    return f"{statistics.median(known):.2f}"


def markdown(result: Result, url: str) -> str:
    """The timings, the reads' plans, the check and the machine, as Markdown."""
    clocks = result.clocks
    lines = [
        f"{result.readings:,} readings recorded in calls of {result.batch:,}, then "
        f"{result.revised:,} of them revised; rounds of every schema, interleaved: "
        f"{clocks.runs(f'{AS_IT_IS} record')}; PostgreSQL {result.version} at "
        f"{urllib.parse.urlsplit(url).hostname}. Medians; the range of the wall times in brackets.",
        "",
        "| Dropped | Step | Wall (s) | Client CPU (s) | Server CPU (s) | Server CPU against none |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for step in STEPS:
        base = result.server.get(f"{AS_IT_IS} {step}", [])
        for schema in result.schemas:
            name = f"{schema} {step}"
            wall = clocks.wall[name]
            server = result.server[name]
            against = "not measured"
            if all(s is not None for s in (*server, *base)) and base:
                mine = statistics.median(s for s in server if s is not None)
                theirs = statistics.median(s for s in base if s is not None)
                against = f"{mine / theirs:.2f}x" if theirs else "too short to measure"
            lines.append(
                f"| {schema} | {step} | {statistics.median(wall):.2f} "
                f"({min(wall):.2f}-{max(wall):.2f}) | {statistics.median(clocks.cpu[name]):.2f} "
                f"| {_median(server)} | {against} |"
            )
    lines += ["", "| Read | Dropped | Scans (a statement each, `;` between) | Server (ms) |"]
    lines += ["| --- | --- | --- | ---: |"]
    for read in READS:
        for schema, plans in result.plans.items():
            scans, ms = plans[read]
            lines.append(f"| {read} | {schema} | {scans} | {ms:.1f} |")
    lines += [
        "",
        *_script.check(
            result.agreed,
            "Check passed: every schema holds every reading, with the revised values, and a "
            "revised reading's two revisions.",
            "a schema does not hold what was recorded",
            result.mismatches,
        ),
        *server_footer("peak RSS of this process", result.load),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run, print the tables; 1 if the check failed."""
    parser = _script.parser(__doc__, quiet=True)
    parser.add_argument("--url", default=os.environ.get("COUNCILPMF_TEST_POSTGRES", ""))
    parser.add_argument("--readings", type=int, default=240_000, help="default 240,000")
    parser.add_argument("--batch", type=int, default=10_000, help="readings a call, default 10,000")
    parser.add_argument("--every", type=int, default=10, help="revise every n-th, default 10")
    parser.add_argument("--runs", type=int, default=3, help="rounds of every schema, interleaved")
    parser.add_argument(
        "--drop", action="append", choices=tuple(DROPS), help="one to drop (again for more)"
    )
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("give --url or set COUNCILPMF_TEST_POSTGRES")
    result = run(
        args.url,
        args.readings,
        tuple(args.drop or DROPS),
        args.runs,
        args.batch,
        args.every,
        _script.progress(args.quiet),
    )
    return _script.finish(markdown(result, args.url), result.agreed)


if __name__ == "__main__":
    raise SystemExit(main())
