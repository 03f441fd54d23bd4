"""Time recording a million readings in the PostgreSQL store and reading them back, beside the
SQLite store and raw psycopg ``COPY``.

    python plugins/councilpmf-postgres/benchmarks/bench_postgres.py --url postgresql://...
    python plugins/councilpmf-postgres/benchmarks/bench_postgres.py --readings 5000  # smoke run

The server URL is ``--url``, else ``$COUNCILPMF_TEST_POSTGRES``; the benchmark makes a database
of its own there and drops it at the end. The readings are those of ``benchmarks/bench_record.py``
(up to 1,000 monthly periods for as many indicators as it takes). Steps, each timed once, in this
process, opening and closing included:

1. SQLite store: ``record`` of every reading in one call, into a new file;
2. PostgreSQL store: the same, into a new database;
3. raw psycopg: ``COPY`` of ``(indicator, period, value)`` into a new table with no key or index;
4. SQLite store: ``readings()`` of everything;
5. PostgreSQL store: ``readings()`` of everything;
6. raw psycopg: ``SELECT`` of every row of table 3, as tuples.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from councilpmf_postgres import PostgresStore

from councilpmf.default_plugins.sqlite_store import SqliteStore

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_record import make_readings  # noqa: E402


def _timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def _with_database(url: str, database: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/" + database))


def run(url: str, count: int, log: Callable[[str], None]) -> list[tuple[str, float, int]]:
    readings = make_readings(count)
    rows: list[tuple[str, float, int]] = []
    name = f"councilpmf_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    database = _with_database(url, name)
    try:
        with tempfile.TemporaryDirectory() as folder:
            sqlite_url = f"sqlite:///{folder}/bench.db"

            def sqlite_write() -> int:
                with SqliteStore(sqlite_url) as store:
                    return store.record(readings, by="bench").new

            def postgres_write() -> int:
                with PostgresStore(database) as store:
                    return store.record(readings, by="bench").new

            def raw_copy() -> int:
                with psycopg.connect(database) as db:
                    db.execute("CREATE TABLE raw (indicator text, period text, value float8)")
                    with db.cursor() as cursor, cursor.copy("COPY raw FROM STDIN") as copy:
                        for r in readings:
                            copy.write_row((r.indicator, str(r.period), r.value))
                return count

            def sqlite_read() -> int:
                with SqliteStore(sqlite_url) as store:
                    return len(store.readings())

            def postgres_read() -> int:
                with PostgresStore(database) as store:
                    return len(store.readings())

            def raw_select() -> int:
                with psycopg.connect(database) as db:
                    return len(db.execute("SELECT indicator, period, value FROM raw").fetchall())

            for label, step in (
                ("SQLite store: `record`, one call", sqlite_write),
                ("PostgreSQL store: `record`, one call", postgres_write),
                ("raw psycopg: `COPY`", raw_copy),
                ("SQLite store: `readings()`", sqlite_read),
                ("PostgreSQL store: `readings()`", postgres_read),
                ("raw psycopg: `SELECT` all", raw_select),
            ):
                seconds, done = _timed(step)
                log(f"{label}: {seconds:.2f} s ({done:,})")
                assert done == count, f"{label}: {done} of {count}"
                rows.append((label, seconds, done))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
    return rows


def _server_version(url: str) -> str:
    with psycopg.connect(url) as db:
        row = db.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"


def markdown(rows: list[tuple[str, float, int]], url: str) -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lines = [
        f"- platform: {platform.platform()}",
        f"- CPU: {cpu}, {os.cpu_count()} cores",
        f"- Python {platform.python_version()}, psycopg {psycopg.__version__}, "
        f"PostgreSQL {_server_version(url)} on the same machine (127.0.0.1)",
        "",
        "| step | readings | seconds | readings/s |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, seconds, done in rows:
        lines.append(f"| {label} | {done:,} | {seconds:.2f} | {done / seconds:,.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("COUNCILPMF_TEST_POSTGRES", ""))
    parser.add_argument("--readings", type=int, default=1_000_000, help="default 1,000,000")
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("give --url or set COUNCILPMF_TEST_POSTGRES")
    rows = run(args.url, args.readings, lambda line: print(line, file=sys.stderr))
    print(markdown(rows, args.url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
