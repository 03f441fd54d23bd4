"""The project's own rules, enforced: a pure core, a clean lint, strict types, a public API."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import grimp
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
    """The tool installed beside the Python running the tests (a virtualenv's), else the one on
    PATH: another installation's would not see this one's packages."""
    beside = Path(sys.executable).with_name(name)
    path = str(beside) if beside.is_file() else shutil.which(name)
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


# -- the layers and the import graph -----------------------------------------------------------


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("councilpmf")


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm), each a
    set of modules that import each other round a circle, type-checking imports included."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")):
        graph.add_import(importer=importer, imported=imported)
    assert _cycles(graph) == [["a", "b", "c"]]


def test_the_import_graph_of_councilpmf_has_no_circles() -> None:
    assert _cycles(_graph()) == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("councilpmf.store", "councilpmf.plugins"),
        ("councilpmf.folder", "councilpmf.plugins"),
        ("councilpmf.records", "councilpmf.plugins"),
        ("councilpmf.sqlstore", "councilpmf.plugins"),
        ("councilpmf.notebook", "councilpmf.default_plugins"),
        ("councilpmf.plugins", "councilpmf"),
    ],
)
def test_what_must_be_handed_its_dependencies_does_not_import_them(
    importer: str, imported: str
) -> None:
    graph = _graph()
    imports = graph.find_modules_directly_imported_by(importer)
    if imported == "councilpmf":  # the package itself: the whole library, plugins included
        assert imported not in imports
    else:
        assert not graph.chain_exists(importer=importer, imported=imported, as_packages=True)


def _layers() -> list[str]:
    """Every module named in the layers contract, optional ones (in parentheses) too."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    return [name.strip("() ") for layer in layers for name in layer.replace(":", "|").split("|")]


def test_the_documented_layers_are_those_import_linter_proves() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    start = doc.index("```")
    diagram = doc[start : doc.index("```", start + 3)]
    shown = set(re.findall(r"councilpmf\.(\w+)", diagram))
    assert shown == set(_layers()), "docs/architecture.md's diagram and pyproject.toml differ"


def _import_targets(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_no_bundled_plugin_imports_anything_private_of_councilpmf() -> None:
    sources = [
        *sorted((ROOT / "plugins").glob("*/src/**/*.py")),
        *sorted((ROOT / "src" / "councilpmf" / "default_plugins").rglob("*.py")),
    ]
    assert sources
    private = [
        f"{file.relative_to(ROOT)}: {name}"
        for file in sources
        for name in _import_targets(ast.parse(file.read_text(encoding="utf-8")))
        if name.split(".")[0] == "councilpmf"
        and any(part.startswith("_") and not part.startswith("__") for part in name.split("."))
    ]
    assert private == []
