"""Time the ``json://`` store recording readings beside plain JSON files doing the same work.

    python benchmarks/bench_json_store.py                          # 3,000 readings, 5 rounds
    python benchmarks/bench_json_store.py --readings 20000 --rounds 3
    python benchmarks/bench_json_store.py --readings 60 --rounds 1  # a smoke run

**The work.** ``--readings`` readings (indicator-major, monthly periods from April 2015, one in
20 missing with a reason, one in 11 with a note) are recorded twice, each time in one batch:

- *new*: every reading recorded for the first time, into an empty folder: one file each;
- *revise*: every reading recorded again with a new value, so every file is rewritten holding
  both revisions (who, when, why, old and new).

**The approaches**, each in a new folder on the same disk (``--folder``, a temporary folder by
default), run one after another in each round (interleaved, so that a busy machine slows them
alike), each round starting with the next approach (creating files right after thousands were
deleted costs the kernel more, and the first approach of a round always followed the last
round's clean-up); the file system is synced before each approach and phase, untimed, so no
approach pays for another's writes:

1. *library*: ``JsonStore.record`` of the batch (opening and closing the store included):
   checks each reading and the file already there, writes every file beside the old one,
   journals the batch, renames the files into place, and makes the batch durable with one
   ``syncfs`` (an ``fsync`` per file where the system has no ``syncfs``); all or nothing,
   under the folder's lock.
2. *plain files, one sync* (**the baseline**): the same JSON document for each reading, with the
   same bytes and name (``councilpmf.records`` and ``reading_file_name``, as the store writes
   them), written in place into ``readings/`` with ``open``/``write``/``close``, every file;
   then the batch made durable the same way as the store: one ``syncfs`` of the folder's file
   system (an ``fsync`` per file where there is none) and an ``fsync`` of the folder. The
   revisions are kept in memory (the files are not read back), nothing is checked, locked or
   journalled, and a crash can leave the batch half written.
3. *plain files, fsync each*: the same, but each file ``fsync``-ed as it is written (the
   textbook way to make one file durable) and the folder ``fsync``-ed at the end: what the store
   did before it synced a batch at once, for comparison.
4. *plain files, no sync* (**a floor**, not the same work): the same writes, never synced.

After every round, untimed, the files of every plain approach are checked equal to the store's
(the same names; the same JSON, the time stamps aside) and the store reads back every reading;
the script exits 1 if not. Times are CPU (``time.process_time``: creating a file is mostly
kernel time, counted there) beside wall; the medians of the rounds are reported.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import _script
from _readings import APRIL_2015, monthly_readings
from councilpmf import records
from councilpmf.core.indicators import Reading
from councilpmf.default_plugins.json_store import JsonStore, reading_file_name
from councilpmf.store import now

__all__ = ["APPROACHES", "PHASES", "main", "make_readings", "run"]

APPROACHES = ("library", "baseline", "fsync-each", "floor")
LABELS = {
    "library": "library: `JsonStore.record`",
    "baseline": "plain files, one sync (baseline)",
    "fsync-each": "plain files, `fsync` each",
    "floor": "plain files, no sync (floor)",
}
PHASES = ("new", "revise")
TARGET = 2.0
MONTHS = 120
BY = "benchmark"
REASON = "bench_json_store.py"

Timing = dict[str, float]


def make_readings(count: int, revised: bool = False) -> list[Reading]:
    """``count`` readings, indicator-major, up to 120 months each, some missing, some noted;
    ``revised``: every one of them different (another value, or another reason)."""
    return monthly_readings(
        count,
        MONTHS,
        first_month=APRIL_2015,
        shift=0.5 if revised else 0.0,
        missing_reason="late return" if revised else "not collected",
        note="estimated",
    )


# -- syncing, as a careful user would -------------------------------------------------------------


def _syncfs(folder: Path) -> bool:
    """One ``syncfs`` of the file system holding ``folder``; False where there is none."""
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(folder))
    finally:
        os.close(fd)
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- the plain files ------------------------------------------------------------------------------


def _document(reading: Reading, seq: int, revisions: list[dict[str, Any]]) -> bytes:
    """The file the store keeps for a reading, built from the same public pieces."""
    return records.dumps(
        {
            "indicator": reading.indicator,
            "period": str(reading.period),
            "seq": seq,
            "revisions": revisions,
        },
        indent=1,
    )


def _plain(folder: Path, batches: Sequence[Sequence[Reading]], phase: int, sync: str) -> None:
    """Write the files of ``batches[phase]`` in place; ``sync``: once, each or none."""
    readings_dir = folder / "readings"
    if phase == 0:
        readings_dir.mkdir(parents=True)
    at = now()
    written = []
    for seq, reading in enumerate(batches[phase]):
        revisions = [
            {
                "revision": number + 1,
                "by": BY,
                "at": at,
                "reason": REASON,
                "old": None if number == 0 else records.reading_body(batches[number - 1][seq]),
                "new": records.reading_body(batches[number][seq]),
            }
            for number in range(phase + 1)
        ]
        path = readings_dir / reading_file_name(reading.indicator, reading.period)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            os.write(fd, _document(reading, seq, revisions))
            if sync == "each":
                os.fsync(fd)
        finally:
            os.close(fd)
        written.append(path)
    if sync == "once" and not _syncfs(readings_dir):
        for path in written:
            _fsync(path)
    if sync != "none":
        _fsync(readings_dir)


def _library(folder: Path, batches: Sequence[Sequence[Reading]], phase: int) -> None:
    with JsonStore(f"json://{folder}") as store:
        store.record(batches[phase], by=BY, reason=REASON)


def _approach(name: str) -> Callable[[Path, Sequence[Sequence[Reading]], int], None]:
    if name == "library":
        return _library
    sync = {"baseline": "once", "fsync-each": "each", "floor": "none"}[name]
    return lambda folder, batches, phase: _plain(folder, batches, phase, sync)


# -- checks ---------------------------------------------------------------------------------------


def _without_times(path: Path) -> Any:
    data = json.loads(path.read_text(encoding="utf-8"))
    for revision in data["revisions"]:
        revision.pop("at")
    return data


def _check(folders: dict[str, Path], batches: Sequence[Sequence[Reading]]) -> None:
    """The same files in every folder, and the store reads back every reading."""
    library = folders["library"] / "readings"
    names = sorted(p.name for p in library.iterdir())
    if len(names) != len(batches[-1]):
        raise SystemExit(f"the store holds {len(names)} files, not {len(batches[-1])}")
    for approach, folder in folders.items():
        if approach == "library":
            continue
        theirs = sorted(p.name for p in (folder / "readings").iterdir())
        if theirs != names:
            raise SystemExit(f"{approach}: not the same file names as the store")
        for name in names:
            if _without_times(folder / "readings" / name) != _without_times(library / name):
                raise SystemExit(f"{approach}: {name} differs from the store's")
    with JsonStore(f"json://{folders['library']}") as store:
        if sorted(store.readings(), key=lambda r: r.key) != sorted(
            batches[-1], key=lambda r: r.key
        ):
            raise SystemExit("the store does not read back the readings recorded last")


# -- running --------------------------------------------------------------------------------------


@contextmanager
def _scratch(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    made = Path(tempfile.mkdtemp(prefix="councilpmf-bench-json-"))
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


def _settle(folder: Path) -> None:
    """Untimed: flush what earlier approaches left dirty, so nobody pays for another."""
    if not _syncfs(folder):
        os.sync()


def run(
    readings: int, rounds: int, folder: Path | None = None
) -> dict[str, dict[str, list[Timing]]]:
    """Every approach, interleaved, ``rounds`` times: {approach: {phase: [timings]}}."""
    batches = (make_readings(readings), make_readings(readings, revised=True))
    figures: dict[str, dict[str, list[Timing]]] = {a: {p: [] for p in PHASES} for a in APPROACHES}
    with _scratch(folder) as where:
        for number in range(rounds):
            folders = {a: where / f"round{number}-{a}" for a in APPROACHES}
            first = number % len(APPROACHES)
            for approach in APPROACHES[first:] + APPROACHES[:first]:
                write = _approach(approach)
                for phase, name in enumerate(PHASES):
                    _settle(where)
                    wall, cpu = time.perf_counter(), time.process_time()
                    write(folders[approach], batches, phase)
                    figures[approach][name].append(
                        {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
                    )
            _check(folders, batches)
            for made in folders.values():
                shutil.rmtree(made)
    return figures


def _median(timings: list[Timing], clock: str) -> float:
    return statistics.median(t[clock] for t in timings)


def _total(figures: dict[str, list[Timing]], clock: str) -> float:
    return sum(_median(figures[phase], clock) for phase in PHASES)


def markdown(figures: dict[str, dict[str, list[Timing]]], readings: int, rounds: int) -> str:
    """The figures as Markdown tables, and the verdict against the target."""
    lines = [
        f"Recording {readings:,} readings twice (new, then revised), median of {rounds} "
        "interleaved rounds:",
        "",
        "| Approach | New: CPU | New: wall | Revise: CPU | Revise: wall | Both: CPU | Both: wall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for approach in APPROACHES:
        cells = []
        for phase in PHASES:
            cells += [f"{_median(figures[approach][phase], c):.3f} s" for c in ("cpu", "wall")]
        cells += [f"{_total(figures[approach], c):.3f} s" for c in ("cpu", "wall")]
        lines.append(f"| {LABELS[approach]} | {' | '.join(cells)} |")
    lines += [
        "",
        "| Library ÷ | Both: CPU | Both: wall |",
        "| --- | ---: | ---: |",
    ]
    for other in APPROACHES[1:]:
        ratios = [
            _total(figures["library"], c) / max(_total(figures[other], c), 1e-9)
            for c in ("cpu", "wall")
        ]
        lines.append(f"| {LABELS[other]} | {ratios[0]:.2f}x | {ratios[1]:.2f}x |")
    ratio = _total(figures["library"], "cpu") / max(_total(figures["baseline"], "cpu"), 1e-9)
    verdict = "met" if ratio <= TARGET else "not met"
    lines += [
        "",
        f"The library takes {ratio:.2f}x the baseline's CPU time (target: within {TARGET:.0f}x): "
        f"**{verdict}**.",
    ]
    return "\n".join(lines)


def machine() -> str:
    """The machine and software the figures come from, in one line."""
    return (
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {_script.load_average()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = _script.parser(__doc__)
    parser.add_argument("--readings", type=int, default=3_000, help="how many (3,000)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (5)")
    parser.add_argument("--folder", type=Path, help="where the folders go (a temporary folder)")
    args = parser.parse_args(argv)
    if args.readings < 2 or args.rounds < 1:
        parser.error("--readings must be at least 2 and --rounds at least 1")
    start = machine()
    figures = run(args.readings, args.rounds, args.folder)
    print(markdown(figures, args.readings, args.rounds))
    print(f"\nMachine: {start}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
