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

# Calls that would let the clock or the file system into the core.
FORBIDDEN_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("time", "time"),
}


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
    offences = []
    for file in sorted(CORE.glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in {"open", "input", "print"}:
                offences.append(f"{file.name}:{node.lineno} {func.id}()")
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and (func.value.id, func.attr) in FORBIDDEN_CALLS
            ):
                offences.append(f"{file.name}:{node.lineno} {func.value.id}.{func.attr}()")
    assert offences == []


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
    plugins = ["plugins/councilpmf-owners/src", "plugins/councilpmf-postgres/src"]
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
