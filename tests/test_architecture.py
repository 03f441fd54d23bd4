"""The project's own rules, enforced: a pure core, a clean lint, strict types, a public API."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import councilpmf

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "src" / "councilpmf" / "core"

# Calls that would let the clock or the file system into the core, by the name they are
# defined under, whatever a module imports them as.
FORBIDDEN_CALLS = {
    "datetime.date.today",
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.datetime.today",
    "time.time",
    "time.time_ns",
    "time.localtime",
    "time.gmtime",
    "time.monotonic",
    "time.perf_counter",
    "time.process_time",
}
FORBIDDEN_BUILTINS = {"open", "input", "print"}
# A call on a name no import explains (a parameter, say) is caught by its last two parts.
FORBIDDEN_TAILS = {tuple(name.split(".")[-2:]) for name in FORBIDDEN_CALLS}


def _imported_names(tree: ast.AST) -> dict[str, str]:
    """What each name a module imports stands for: ``dt`` -> ``datetime``, ``D`` ->
    ``datetime.date`` (``from datetime import date as D``)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr) -> list[str] | None:
    """``dt.date.today`` as ``["dt", "date", "today"]``; None for anything but names."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def clock_and_file_calls(source: str) -> list[str]:
    """Each call in ``source`` that reads the clock or touches files, as ``line name()``."""
    tree = ast.parse(source)
    imported = _imported_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        parts = _dotted(node.func)
        if parts is None:
            continue
        written = ".".join(parts)
        if len(parts) == 1 and parts[0] in FORBIDDEN_BUILTINS and parts[0] not in imported:
            found.append(f"{node.lineno} {written}()")
            continue
        head = imported.get(parts[0])
        meant = ".".join([head, *parts[1:]]) if head else written
        if meant in FORBIDDEN_CALLS or (head is None and tuple(parts[-2:]) in FORBIDDEN_TAILS):
            found.append(f"{node.lineno} {written}()")
    return found


def _tool(name: str) -> list[str]:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: install the test extra, pip install -e '.[test]'")
    return [path]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_linter_contract_keeps_the_core_pure() -> None:
    result = _run(_tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_never_reads_the_clock_or_opens_files() -> None:
    offences = [
        f"{file.relative_to(CORE)}:{offence}"
        for file in sorted(CORE.rglob("*.py"))
        for offence in clock_and_file_calls(file.read_text(encoding="utf-8"))
    ]
    assert offences == []


@pytest.mark.parametrize(
    "source",
    [
        "import datetime as dt\ndt.date.today()",
        "import datetime as dt\ndt.datetime.now(dt.timezone.utc)",
        "import datetime\ndatetime.datetime.utcnow()",
        "import datetime as when\nwhen.datetime.today()",
        "from datetime import date\ndate.today()",
        "from datetime import date as day\nday.today()",
        "from datetime import datetime as moment\nmoment.now()",
        "from datetime import datetime\ndatetime.now()",
        "import time\ntime.time()",
        "import time as clock\nclock.perf_counter()",
        "def f(datetime):\n    return datetime.now()",
        "open('plan.toml')",
        "print('hello')",
    ],
)
def test_the_purity_scan_catches_the_clock_however_it_is_imported(source: str) -> None:
    assert len(clock_and_file_calls(source)) == 1, source


@pytest.mark.parametrize(
    "source",
    [
        "import datetime as dt\ndt.date(2025, 1, 20)",
        "import datetime as dt\nas_of = dt.date(2025, 1, 1)\nas_of.isoformat()",
        "from datetime import date\ndate.fromisoformat('2025-01-20')",
        "import datetime as dt\ndt.timedelta(days=28)",
        "def f(period):\n    return period.end.replace(day=1)",
        "def open(x):\n    return x\n\nfrom councilpmf.core import open_thing as open\nopen(1)",
    ],
)
def test_the_purity_scan_lets_plain_dates_through(source: str) -> None:
    assert clock_and_file_calls(source) == [], source


def test_ruff_finds_nothing() -> None:
    ruff = _tool("ruff")
    places = [
        p for p in ("src", "tests", "benchmarks", "examples", "plugins") if (ROOT / p).is_dir()
    ]
    check = _run([*ruff, "check", *places])
    assert check.returncode == 0, check.stdout + check.stderr
    formatted = _run([*ruff, "format", "--check", *places])
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_mypy_strict_is_clean_on_src_and_the_first_party_plugins() -> None:
    plugins = [
        "plugins/councilpmf-owners/src",
        "plugins/councilpmf-postgres/src",
        "plugins/councilpmf-papers/src",
    ]
    result = _run([sys.executable, "-m", "mypy", "src", *plugins])
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_api_names_exist_and_are_documented() -> None:
    missing = [name for name in councilpmf.__all__ if not hasattr(councilpmf, name)]
    assert missing == []
    undocumented = [
        name
        for name in councilpmf.__all__
        if callable(getattr(councilpmf, name))
        and not name.startswith("_")
        and not (getattr(councilpmf, name).__doc__ or "").strip()
    ]
    assert undocumented == []
