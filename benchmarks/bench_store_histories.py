"""Time the history read of ``councilpmf validate`` on a SQLite store: ``history()`` once a
reading, as it was read, against ``histories()`` once, as it is read now.

    python benchmarks/bench_store_histories.py                   # 2,000 x 120 months, 5 runs
    python benchmarks/bench_store_histories.py --indicators 5 --months 12 --runs 1  # a smoke run

**The store**, written before anything is timed, in a file of its own: ``--indicators``
indicators x ``--months`` monthly readings from April 2015 (one in 20 missing with a reason, one
in 11 with a note, one in 7 provisional, one in 13 a draft, one in 5 with a published status),
recorded; then every fourth one recorded again with a new value and no reason (a final value
changed without a reason is what ``validate`` looks for in the histories); then every draft
submitted for approval. So a reading holds one, two or three revisions. At the default size,
240,000 readings: a council of 2,000 indicators with ten years of months.

**The approaches**, each given the store's current readings (read once before the clocks
start: ``validate`` reads them anyway) and giving the revisions that changed a reading
(``old`` not None), reading by reading, as ``validate`` checks them:

1. *one ``history()`` a reading* (before): ``store.history(indicator, period)`` for each
   reading, one query each;
2. *one ``histories()``* (now): ``store.histories()``, one query, then each reading's
   revisions looked up in what it gave.

One untimed pass of each first (so both find the file in the page cache); then ``--runs``
rounds, each running both in turn, the first round starting with one and the next with the
other (interleaved, so that a busy machine slows them alike). CPU time
(``time.process_time``) beside wall time, median and best of the rounds. After the rounds,
untimed, the two are checked to give the same revisions, and ``histories()`` to hold for each
reading exactly its ``history()``; the script exits 1 if not.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import NamedTuple

import _script
from _readings import APRIL_2015, monthly_readings
from councilpmf.core.indicators import Approval, Reading, ReadingRevision
from councilpmf.default_plugins.sqlite_store import SqliteStore
from councilpmf.store import Store

__all__ = [
    "APPROACHES",
    "Measured",
    "bulk",
    "fill",
    "main",
    "make_readings",
    "measure",
    "per_key",
    "run",
]

APPROACHES = ("per key", "bulk")
LABELS = {"per key": "one `history()` a reading (before)", "bulk": "one `histories()` (now)"}
BY = "benchmark"

Revisions = tuple[ReadingRevision, ...]


def make_readings(indicators: int, months: int, revised: bool = False) -> list[Reading]:
    """Every reading, or (``revised``) every fourth one again with a new value."""
    return monthly_readings(
        indicators * months,
        months,
        first_month=APRIL_2015,
        width=4,
        shift=0.5 if revised else 0.0,
        missing_reason="not collected",
        note="estimated",
        marked=True,
        every=4 if revised else 1,
    )


def fill(store: Store, indicators: int, months: int) -> None:
    """Record the readings in ``store``, revise every fourth and submit every draft."""
    store.record(make_readings(indicators, months), by=BY, reason="first figures")
    store.record(make_readings(indicators, months, revised=True), by=BY)
    drafts = [r.key for r in store.readings() if r.approval is Approval.DRAFT]
    store.submit(drafts, by=BY, reason="checked")


def per_key(store: Store, readings: Sequence[Reading]) -> Revisions:
    """The revisions that changed a reading, from one ``history()`` a reading."""
    return tuple(
        revision
        for reading in readings
        for revision in store.history(*reading.key)
        if revision.old is not None
    )


def bulk(store: Store, readings: Sequence[Reading]) -> Revisions:
    """The same, from one ``histories()``."""
    histories = store.histories()
    return tuple(
        revision
        for reading in readings
        for revision in histories.get(reading.key, ())
        if revision.old is not None
    )


STEPS: dict[str, Callable[[Store, Sequence[Reading]], Revisions]] = {
    "per key": per_key,
    "bulk": bulk,
}


@contextmanager
def sqlite_store(folder: Path | None) -> Iterator[Store]:
    """A new SQLite store, in ``folder`` (its file replaced) or a temporary one."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("histories.db*"):
            old.unlink()
        with SqliteStore(f"sqlite:///{folder}/histories.db") as store:
            yield store
        return
    made = Path(tempfile.mkdtemp(prefix="councilpmf-bench-histories-"))
    try:
        with SqliteStore(f"sqlite:///{made}/histories.db") as store:
            yield store
    finally:
        shutil.rmtree(made, ignore_errors=True)


@contextmanager
def postgres_store(server: str) -> Iterator[Store]:
    """A new PostgreSQL store, in a database of its own on ``server``, dropped at the end."""
    from councilpmf_postgres import PostgresStore

    with _script.own_database(server) as url, PostgresStore(url) as store:
        yield store


class Measured(NamedTuple):
    """One store's clocks, whether the two approaches agreed, and what the store held."""

    clocks: _script.Clocks
    agreed: bool
    readings: int
    revisions: int
    changed: int


def measure(store: Store, runs: int, log: Callable[[str], None] = lambda _line: None) -> Measured:
    """Both approaches over ``runs`` interleaved rounds, after one untimed pass of each, and
    the check that they agree."""
    readings = store.readings()
    changed = {name: len(step(store, readings)) for name, step in STEPS.items()}
    clocks = _script.Clocks()
    for number in range(runs):
        log(f"round {number + 1} of {runs} ...")
        order = APPROACHES if number % 2 == 0 else APPROACHES[::-1]
        for name in order:
            clocks.time(name, lambda step=STEPS[name]: len(step(store, readings)))
    log("checking ...")
    histories = store.histories()
    agreed = per_key(store, readings) == bulk(store, readings) and dict(histories) == {
        reading.key: store.history(*reading.key) for reading in readings
    }
    revisions = sum(map(len, histories.values()))
    return Measured(clocks, agreed, len(readings), revisions, changed["per key"])


def run(
    indicators: int,
    months: int,
    runs: int,
    folder: Path | None = None,
    postgres: str | None = None,
    log: Callable[[str], None] = lambda _line: None,
) -> dict[str, Measured]:
    """What each store measured, by the store's name: SQLite, and PostgreSQL when a server
    is named."""
    stores: dict[str, Callable[[], AbstractContextManager[Store]]] = {
        "SQLite": lambda: sqlite_store(folder)
    }
    if postgres:
        stores["PostgreSQL"] = lambda: postgres_store(postgres)
    measured = {}
    for name, opened in stores.items():
        with opened() as store:
            log(f"{name}: writing {indicators * months:,} readings ...")
            fill(store, indicators, months)
            measured[name] = measure(store, runs, log)
    return measured


def markdown(measured: dict[str, Measured]) -> str:
    """The timings, the ratios and the checks, as Markdown."""
    lines = []
    for name, m in measured.items():
        lines += [
            f"The history read of `validate` on a {name} store of {m.readings:,} readings "
            f"({m.revisions:,} revisions, {m.changed:,} of them changing a reading); "
            f"{m.clocks.runs('bulk')} rounds of each, interleaved.",
            "",
            *m.clocks.table("Approach", APPROACHES),
            "",
            f"{name}: one `history()` a reading / one `histories()` (medians): "
            f"CPU {m.clocks.ratio('per key', 'bulk', 'cpu'):.2f}x, "
            f"wall {m.clocks.ratio('per key', 'bulk', 'wall'):.2f}x.",
            *_script.check(
                m.agreed,
                f"Check passed: both give the same {m.changed:,} revisions, and "
                "`histories()` each reading's `history()`.",
                f"{name}: the approaches read different histories",
                ["compare `histories()` with `history()` of each reading"],
            ),
            "",
        ]
    return "\n".join(lines).rstrip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = _script.parser(__doc__, quiet=True)
    parser.add_argument("--indicators", type=int, default=2000, help="how many (2000)")
    parser.add_argument("--months", type=int, default=120, help="monthly readings each (120)")
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds (5)")
    parser.add_argument("--folder", type=Path, help="where the store goes (a temporary folder)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("COUNCILPMF_TEST_POSTGRES") or None,
        help="a PostgreSQL server URL (default: $COUNCILPMF_TEST_POSTGRES)",
    )
    args = parser.parse_args(argv)
    if args.indicators < 1 or args.months < 1 or args.runs < 1:
        parser.error("--indicators, --months and --runs must be at least 1")
    measured = run(
        args.indicators,
        args.months,
        args.runs,
        args.folder,
        args.postgres,
        _script.progress(args.quiet),
    )
    report = markdown(measured)
    report += f"\n\nMachine: {_script.cpu_model()}, load average {_script.load_average()}"
    return _script.finish(report, all(m.agreed for m in measured.values()))


if __name__ == "__main__":
    sys.exit(main())
