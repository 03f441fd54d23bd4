"""Time ``import councilpmf`` against starting Python and doing nothing.

    python benchmarks/bench_import.py                 # 20 runs of each, interleaved
    python benchmarks/bench_import.py --runs 3        # a smoke run

Each run starts a new interpreter (the one running this script, with ``-S`` left off so that
site-packages load as they do for a user): ``python -c pass`` and ``python -c "import
councilpmf"``, in turn. Wall time is measured around the process (``time.perf_counter``), CPU
time as the children's user + system time (``resource.getrusage(RUSAGE_CHILDREN)``). The ratio
is of the medians; the target is 5x. ``--importtime`` also prints the ten slowest modules of one
``python -X importtime -c "import councilpmf"``.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time

import _script

__all__ = ["main", "measure"]

COMMANDS = {"python -c pass": "pass", "import councilpmf": "import councilpmf"}
TARGET = 5.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(runs: int) -> dict[str, dict[str, list[float]]]:
    """Wall and CPU seconds of each command, ``runs`` times, interleaved."""
    times: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in COMMANDS}
    for _ in range(runs):
        for name, code in COMMANDS.items():
            cpu, wall = _children_cpu(), time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times[name]["wall"].append(time.perf_counter() - wall)
            times[name]["cpu"].append(_children_cpu() - cpu)
    return times


def slowest(count: int = 10) -> list[tuple[int, str]]:
    """The modules with the most cumulative import time (microseconds) in one import."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import councilpmf"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            found.append((int(parts[1]), parts[2].rstrip()))
    return sorted(found, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    """Print the table; 0 always (a slow machine is not a failure)."""
    parser = _script.parser(__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args(argv)
    times = measure(max(args.runs, 1))
    lines = [
        f"{args.runs} runs of each, interleaved; Python {sys.version.split()[0]}.",
        "",
        "| Command | Wall median (ms) | Wall best (ms) | CPU median (ms) | CPU best (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, clocks in times.items():
        wall, cpu = clocks["wall"], clocks["cpu"]
        lines.append(
            f"| `{name}` | {statistics.median(wall) * 1e3:.1f} | {min(wall) * 1e3:.1f} "
            f"| {statistics.median(cpu) * 1e3:.1f} | {min(cpu) * 1e3:.1f} |"
        )
    ratios = {
        clock: statistics.median(times["import councilpmf"][clock])
        / statistics.median(times["python -c pass"][clock])
        for clock in ("wall", "cpu")
    }
    lines += [
        "",
        f"Ratio (medians): wall {ratios['wall']:.2f}x, CPU {ratios['cpu']:.2f}x; "
        f"target {TARGET:g}x: {'met' if ratios['wall'] <= TARGET else 'not met'}.",
    ]
    if args.importtime:
        lines += ["", "| Module | Cumulative (µs) |", "| --- | ---: |"]
        lines += [f"| `{name.strip()}` | {micro:,} |" for micro, name in slowest()]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
