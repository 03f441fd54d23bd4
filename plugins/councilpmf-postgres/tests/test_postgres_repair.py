"""A PostgreSQL store holding a framework revision that today's checks refuse (as one written
by an earlier release can): commands name the revision and the field and say what to do, and
``councilpmf load`` saves a corrected framework over it, leaving the old document as it was."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

import psycopg
from click.testing import CliRunner, Result
from postgres_fixtures import (  # noqa: F401  (fixtures, used by name)
    fresh_store_url_fixture,
    postgres_database_fixture,
    postgres_server_fixture,
    spoil_postgres,
)

from councilpmf import cli

MANSFIELD = Path(__file__).resolve().parents[3] / "examples" / "mansfield"


def _run(*args: str) -> Result:
    result = CliRunner().invoke(cli.main, list(args), prog_name="councilpmf")
    assert "Traceback" not in result.output
    return result


def _document(url: str, revision: int) -> str:
    with psycopg.connect(url) as db:
        row = db.execute("SELECT document FROM framework WHERE revision = %s", (revision,))
        found = row.fetchone()
    assert found is not None
    return str(found[0])


def test_load_repairs_a_store_whose_framework_no_longer_reads(
    fresh_store_url: Callable[[], str],
) -> None:
    url = fresh_store_url()
    assert _run("load", str(MANSFIELD), "--store", url).exit_code == 0
    spoil_postgres(url, 1, ('"id": "LEI01"', '"id": "LEI01 "'))
    before = _document(url, 1)

    report = _run("report", url, "--period", "2024/25 Q3")
    assert report.exit_code == 1
    [line] = report.stderr.splitlines()
    assert (
        "(framework revision 1): $.indicators[9].id: id must not start or end with a space" in line
    )
    assert line.endswith(
        "to repair the store, load a corrected council folder into it: councilpmf load FOLDER "
        f"--store {shlex.quote(url)}"
    )
    assert _run("history", url, "--plan").exit_code == 0

    loaded = _run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 0, loaded.output
    assert "as revision 2." in loaded.stdout
    assert "The revision it replaces does not read (" in loaded.stdout
    assert _run("report", url, "--period", "2024/25 Q3").exit_code == 0
    assert _document(url, 1) == before
