"""What the benchmark scripts share: their command line, progress on stderr, timing on both
clocks, the Markdown around their figures, and the machine the figures come from.

A script builds its parser with :func:`parser` (or :func:`council_parser` when it times the
generated council of ``generate.py``), logs with :func:`progress`, times with :func:`once`,
:func:`repeated` or :class:`Clocks`, and ends with :func:`finish`, which prints the report and
gives the exit code: 1 when the script's equality check failed.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.metadata
import io
import os
import platform
import pstats
import resource
import statistics
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from generate import DEFAULT_SEED

__all__ = [
    "Clocks",
    "Runs",
    "check",
    "compare_main",
    "council_parser",
    "cpu_model",
    "finish",
    "footer",
    "load_average",
    "machine",
    "max_rss_mb",
    "once",
    "own_database",
    "parser",
    "profile_stats",
    "progress",
    "repeated",
]

_T = TypeVar("_T")


# -- the command line -----------------------------------------------------------------------------


def parser(doc: str | None, *, quiet: bool = False) -> argparse.ArgumentParser:
    """A script's parser, described by the first line of its docstring; ``--quiet`` if asked."""
    made = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    if quiet:
        made.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return made


def council_parser(
    doc: str | None, *, indicators: int, years: int, runs: int | None = None
) -> argparse.ArgumentParser:
    """The parser of a script timing the generated council: ``--indicators``, ``--years``,
    ``--seed`` and ``--quiet``, and ``--runs`` (of each side, interleaved) if it has a default."""
    made = parser(doc, quiet=True)
    made.add_argument("--indicators", type=int, default=indicators, help=f"default {indicators}")
    made.add_argument("--years", type=int, default=years, help=f"financial years, default {years}")
    made.add_argument("--seed", type=int, default=DEFAULT_SEED)
    if runs is not None:
        made.add_argument("--runs", type=int, default=runs, help="runs of each, interleaved")
    return made


def progress(quiet: bool) -> Callable[[str], None]:
    """A function that writes a progress line to stderr at once, or nothing when ``quiet``."""

    def log(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    return log


class _Compared(Protocol):
    @property
    def agreed(self) -> bool: ...


_Result = TypeVar("_Result", bound=_Compared)


def compare_main(
    argv: Sequence[str] | None,
    doc: str | None,
    run: Callable[[int, int, int, int, Callable[[str], None]], _Result],
    markdown: Callable[[_Result], str],
    *,
    indicators: int,
    years: int,
) -> int:
    """The ``main`` of a script that times two sides over the generated council, ``--runs``
    times each, interleaved, and checks they agree: ``run(indicators, years, runs, seed, log)``
    measures, ``markdown`` writes the report; the exit code is 1 if the two disagreed."""
    args = council_parser(doc, indicators=indicators, years=years, runs=5).parse_args(argv)
    result = run(args.indicators, args.years, args.runs, args.seed, progress(args.quiet))
    return finish(markdown(result), result.agreed)


def finish(report: str, agreed: bool = True, profile: str = "") -> int:
    """Print the report (and a profile after it, as a text block); the exit code: 0, or 1 when
    the two sides compared did not agree."""
    print(report)
    if profile:
        print("\n```text\n" + profile.strip() + "\n```")
    return 0 if agreed else 1


# -- timing ---------------------------------------------------------------------------------------


def once(work: Callable[..., _T], *args: object) -> tuple[float, float, _T]:
    """Run ``work(*args)`` once: its wall time, its CPU time (all threads) and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def repeated(
    work: Callable[[], _T], repeats: int
) -> tuple[tuple[float, ...], tuple[float, ...], _T]:
    """Run ``work`` ``repeats`` times (at least once): the wall and CPU times and the last
    result."""
    walls, cpus = [], []
    result: _T | None = None
    for _ in range(max(repeats, 1)):
        wall, cpu, result = once(work)
        walls.append(wall)
        cpus.append(cpu)
    assert result is not None
    return tuple(walls), tuple(cpus), result


class Runs:
    """The best and median of a record's ``runs`` (wall seconds of each run)."""

    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


@dataclass
class Clocks:
    """The wall and CPU seconds of each run of each side, by the side's name."""

    wall: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def time(self, name: str, work: Callable[[], _T]) -> _T:
        """Run ``work`` once, keep its times under ``name``, and give its result."""
        wall, cpu, result = once(work)
        self.wall.setdefault(name, []).append(wall)
        self.cpu.setdefault(name, []).append(cpu)
        return result

    def runs(self, name: str) -> int:
        return len(self.wall[name])

    def ratio(self, name: str, other: str, clock: str) -> float:
        """The median time of ``name`` over that of ``other`` on one clock (wall or cpu)."""
        times = self.wall if clock == "wall" else self.cpu
        return statistics.median(times[name]) / statistics.median(times[other])

    def table(self, heading: str, names: Iterable[str]) -> list[str]:
        """A Markdown table of each side's median and best wall and CPU seconds."""
        lines = [
            f"| {heading} | Wall median (s) | Wall best (s) | CPU median (s) | CPU best (s) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name in names:
            wall, cpu = self.wall[name], self.cpu[name]
            lines.append(
                f"| {name} | {statistics.median(wall):.3f} | {min(wall):.3f} "
                f"| {statistics.median(cpu):.3f} | {min(cpu):.3f} |"
            )
        return lines


def profile_stats(profiler: cProfile.Profile, cumulative: int, own: int) -> str:
    """The top functions of a profile by cumulative time, then by their own time."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(cumulative)
    out.write("\n")
    stats.sort_stats("tottime").print_stats(own)
    return out.getvalue()


# -- the report -----------------------------------------------------------------------------------


def check(agreed: bool, passed: str, failed: str, mismatches: Sequence[str]) -> list[str]:
    """The lines that end a report: the check passed, or it failed and each difference."""
    if agreed:
        return [passed]
    return [f"CHECK FAILED: {failed}:", *(f"- {m}" for m in mismatches)]


def footer(memory: Iterable[tuple[str, str]]) -> list[str]:
    """The memory measured and the machine, as two Markdown tables."""
    lines = ["", "| Memory | |", "| --- | ---: |"]
    lines += [f"| {name} | {value} |" for name, value in memory]
    lines += ["", "| Machine | |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in machine()]
    return lines


# -- the machine ----------------------------------------------------------------------------------


def max_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _first(path: str, prefix: str) -> str | None:
    """The first line of a ``/proc`` file that starts with ``prefix``, if it can be read."""
    try:
        with open(path, encoding="utf-8") as lines:
            return next((line for line in lines if line.startswith(prefix)), None)
    except OSError:
        return None


def cpu_model() -> str:
    line = _first("/proc/cpuinfo", "model name")
    return line.split(":", 1)[1].strip() if line else platform.processor() or "unknown"


def _memory_total() -> str:
    line = _first("/proc/meminfo", "MemTotal:")
    return f"{int(line.split()[1]) / 2**20:.1f} GiB" if line else "unknown"


def load_average() -> str:
    """The load average over 1, 5 and 15 minutes, or ``?`` where the system has none."""
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("platform", platform.platform()),
        ("CPU", cpu_model()),
        ("cores", f"{usable} usable (os.cpu_count() {os.cpu_count()})"),
        ("memory", _memory_total()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("pandas", _version("pandas")),
        ("numpy", _version("numpy")),
        ("attrs", _version("attrs")),
        ("councilpmf", _version("councilpmf")),
    ]


# -- a PostgreSQL database of its own -------------------------------------------------------------


@contextmanager
def own_database(server: str) -> Iterator[str]:
    """The URL of a new, empty database on the PostgreSQL ``server`` (a URL), made for the
    block and dropped at its end, however it ends."""
    import psycopg

    name = f"councilpmf_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        yield urllib.parse.urlunsplit(urllib.parse.urlsplit(server)._replace(path="/" + name))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
