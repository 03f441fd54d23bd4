"""``import councilpmf`` stays light: nothing heavy is imported until a name is used, every
public name still works, and records still show themselves in Jupyter however their module
was imported."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import councilpmf

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("polars", "pandas", "pyarrow", "jinja2", "tabulate", "councilpmf.notebook", "attrs")


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_import_councilpmf_imports_nothing_heavy() -> None:
    loaded = _python(
        f"import sys, councilpmf; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert loaded == "[]"


def test_every_public_name_resolves_in_a_fresh_interpreter() -> None:
    out = _python(
        "import councilpmf as pmf\n"
        "missing = [n for n in pmf.__all__ if getattr(pmf, n, None) is None]\n"
        "print(missing, set(pmf.__all__) <= set(dir(pmf)))"
    )
    assert out == "[] True"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        councilpmf.no_such_name  # noqa: B018
    assert not hasattr(councilpmf, "no_such_name")


def test_tab_completion_lists_the_public_names() -> None:
    assert set(councilpmf.__all__) <= set(dir(councilpmf))


@pytest.mark.parametrize(
    "importing",
    [
        "import councilpmf as pmf; Scorecard = pmf.Scorecard",
        "from councilpmf.core.assess import Scorecard",
    ],
)
def test_a_scorecard_shows_itself_and_loads_the_display_code_on_first_use(importing: str) -> None:
    out = _python(
        f"{importing}\n"
        "import sys, datetime as dt\n"
        "from councilpmf.folder import load_folder\n"
        "from councilpmf.core.assess import assess\n"
        "from councilpmf.core.periods import parse_period\n"
        "before = 'councilpmf.notebook' in sys.modules\n"
        f"c = load_folder({str(ROOT / 'examples' / 'mansfield')!r})\n"
        "card = assess(c.framework, c.readings, parse_period('2024/25 Q3'), dt.date(2025, 1, 20))\n"
        "shown = card._repr_html_()\n"
        "print(before, 'councilpmf.notebook' in sys.modules, shown.startswith('<table'),\n"
        "      type(card)._repr_html_.__module__)"
    )
    assert out == "False True True councilpmf.notebook"


def test_the_lazy_names_match_the_imports_type_checkers_read() -> None:
    tree = ast.parse((ROOT / "src" / "councilpmf" / "__init__.py").read_text(encoding="utf-8"))
    checked = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module != "typing":
                    checked.update({a.name: statement.module for a in statement.names})
    assert checked == councilpmf._LAZY
    assert set(councilpmf.__all__) == set(councilpmf._LAZY) | {"__version__"}


def test_the_import_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        bench = importlib.import_module("bench_import")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    assert bench.main(["--runs", "2"]) == 0
    out = capsys.readouterr().out
    assert "| `import councilpmf` |" in out and "Ratio (medians)" in out
