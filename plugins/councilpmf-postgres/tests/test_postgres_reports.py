"""``councilpmf report`` on a PostgreSQL store gives byte-for-byte the output it gives on the
same data in SQLite, for every example council, every report kind and every format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from postgres_fixtures import (  # noqa: F401  (fixtures, used by name)
    fresh_store_url_fixture,
    postgres_database_fixture,
    postgres_server_fixture,
)

from councilpmf import cli
from councilpmf.core.report import REPORT_KINDS
from councilpmf.plugins import report_formats

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"

# The same periods and days as the main tests' CASES (tests/test_examples.py).
CASES = {
    "mansfield": ("2024/25 Q3", dt.date(2025, 1, 20)),
    "cambridgeshire": ("2023/24 Q3", dt.date(2024, 1, 31)),
    "york": ("2009/10 Q4", dt.date(2010, 4, 30)),
    "nottinghamshire": ("2015/16 Q4", dt.date(2016, 5, 31)),
}


def _run(*args: str) -> bytes:
    result = CliRunner().invoke(cli.main, list(args), prog_name="councilpmf")
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_the_cases_cover_every_example() -> None:
    assert {p.name for p in EXAMPLES.iterdir() if (p / "plan.toml").is_file()} == set(CASES)


@pytest.mark.parametrize("council", sorted(CASES))
def test_reports_from_postgres_match_sqlite_byte_for_byte(
    council: str, tmp_path: Path, fresh_store_url: Callable[[], str]
) -> None:
    sqlite_url = f"sqlite:///{tmp_path}/council.db"
    postgres_url = fresh_store_url()
    for url in (sqlite_url, postgres_url):
        _run("load", str(EXAMPLES / council), "--store", url, "--by", "loader")
    period, as_of = CASES[council]
    formats = report_formats()
    compared = 0
    for kind in REPORT_KINDS:
        for format_name in sorted(formats):
            args = ["--period", period, "--as-of", as_of.isoformat(), "--kind", kind]
            args += ["--format", format_name]
            # Written to files, as formats that give bytes (xlsx, docx, pdf) must be.
            sqlite_file = tmp_path / f"sqlite-{kind}{formats[format_name].suffix}"
            postgres_file = tmp_path / f"postgres-{kind}{formats[format_name].suffix}"
            _run("report", sqlite_url, *args, "-o", str(sqlite_file))
            _run("report", postgres_url, *args, "-o", str(postgres_file))
            from_sqlite, from_postgres = sqlite_file.read_bytes(), postgres_file.read_bytes()
            assert from_sqlite.strip(), f"{council} {kind} {format_name} is empty"
            assert from_postgres == from_sqlite, f"{council} {kind} {format_name} differ"
            compared += 1
    assert compared == len(REPORT_KINDS) * len(formats)
