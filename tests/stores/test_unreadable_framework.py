"""A store holding a framework revision that today's checks refuse, as a store written by an
earlier release can: every command that reads it says so in one line, naming the store, the
revision and the field path, and what to do; ``load`` saves a corrected framework over it, and
the old revision stays exactly as it was."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from store_fixtures import commands_reading_the_framework, spoil_json, spoil_sqlite

from cli_run import run_wide as run
from councilpmf import cli, load_folder
from councilpmf.core.framework import Framework
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.store import UnreadableFrameworkError

ROOT = Path(__file__).resolve().parents[2]
MANSFIELD = ROOT / "examples" / "mansfield"
PERIOD = "2024/25 Q3"
SPACE = ('"id": "LEI01"', '"id": "LEI01 "')
SURROGATE = ('"organisation": "Mansfield District Council"', '"organisation": "Mansfield \\ud800"')
REPAIR = "to repair the store, load a corrected council folder into it: councilpmf load FOLDER"


def sqlite_document(url: str, revision: int) -> bytes:
    with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
        row = db.execute("SELECT document FROM framework WHERE revision = ?", (revision,))
        return str(row.fetchone()[0]).encode()


def json_document(url: str, revision: int) -> bytes:
    return (Path(url.removeprefix("json://")) / "frameworks" / f"{revision:06d}.json").read_bytes()


Spoil = Callable[[str, int, tuple[str, str]], None]
STORES: dict[str, tuple[str, Spoil, Callable[[str, int], bytes], str]] = {
    # scheme: URL, how to spoil a revision, its raw document, the path of a field in it
    "sqlite": ("sqlite:///{tmp}/c.db", spoil_sqlite, sqlite_document, "$"),
    "json": ("json://{tmp}/store", spoil_json, json_document, "$.framework"),
}


@pytest.fixture(params=sorted(STORES))
def spoilt(
    request: pytest.FixtureRequest, tmp_path: Path
) -> tuple[str, Callable[[int], bytes], str]:
    """A store loaded with Mansfield as revision 1, whose stored document then had LEI01's id
    given a space after it: its URL, its raw documents and the path of that id."""
    template, spoil, document, root = STORES[request.param]
    url = template.format(tmp=tmp_path)
    assert run("load", str(MANSFIELD), "--store", url).exit_code == 0
    spoil(url, 1, SPACE)
    return url, lambda revision: document(url, revision), f"{root}.indicators[9].id"


def test_every_command_reading_it_says_which_revision_and_field_and_what_to_do(
    spoilt: tuple[str, Callable[[int], bytes], str], tmp_path: Path
) -> None:
    url, document, path = spoilt
    before = document(1)
    csv = tmp_path / "q3.csv"
    csv.write_text(f"indicator,period,value\nLEI01,{PERIOD},5\n", encoding="utf-8")
    commands = commands_reading_the_framework(url, csv, PERIOD)
    for command in commands:
        result = run(*command)
        assert result.exit_code == 1, (command, result.output)
        [line] = result.stderr.splitlines()
        assert line.startswith("error: "), (command, line)
        assert f"(framework revision 1): {path}: id must not start or end with a space" in line
        assert line.endswith(f"{REPAIR} --store {url}"), (command, line)
    assert document(1) == before


def test_history_lists_the_revision_that_does_not_read(
    spoilt: tuple[str, Callable[[int], bytes], str],
) -> None:
    url, _, _ = spoilt
    listed = run("history", url, "--plan")
    assert listed.exit_code == 0, listed.output
    assert "loaded from" in listed.stdout.splitlines()[-1]
    shown = run("history", url, "--plan", "--revision", "1")
    assert shown.exit_code == 1
    assert shown.stderr.rstrip().endswith(f"{REPAIR} --store {url}")


def test_a_figure_history_finds_the_period_among_the_figures_and_warns(
    spoilt: tuple[str, Callable[[int], bytes], str],
) -> None:
    url, _, path = spoilt
    result = run("history", url, "--indicator", "LEI01", "--period", PERIOD)
    assert result.exit_code == 0, result.output
    [warning] = result.stderr.splitlines()
    assert warning.startswith("warning: ")
    assert f"(framework revision 1): {path}: id must not start or end with a space" in warning
    assert warning.endswith(
        f"; values are shown as stored, without the framework's units; {REPAIR} --store {url}"
    )
    [row] = result.stdout.splitlines()[2:]
    assert row.split()[:1] + row.split()[4:7] == ["1", "approved", "561900", "loaded"]
    # the same figure, with its unit, once the store is repaired
    assert run("load", str(MANSFIELD), "--store", url).exit_code == 0
    repaired = run("history", url, "--indicator", "LEI01", "--period", PERIOD)
    assert repaired.stderr == "" and "561,900" in repaired.stdout


def test_load_saves_over_it_and_keeps_it_as_it_was(
    spoilt: tuple[str, Callable[[int], bytes], str],
) -> None:
    url, document, path = spoilt
    before = document(1)
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 0, loaded.output
    lines = loaded.stdout.splitlines()
    assert lines[0].endswith(f"to {url} as revision 2.")
    assert lines[1].startswith("The revision it replaces does not read (")
    assert f"(framework revision 1): {path}: id must not start or end with a space" in lines[1]
    assert lines[1].endswith(
        "it is kept as it was saved, and commands read revision 2 from now on."
    )
    assert lines[2] == "Readings: 0 new, 0 changed, 220 unchanged."
    assert document(1) == before

    report = run("report", url, "--period", PERIOD, "--as-of", "2025-01-20")
    assert report.exit_code == 0, report.output
    assert (
        report.stdout
        == run("report", str(MANSFIELD), "--period", PERIOD, "--as-of", "2025-01-20").stdout
    )
    listed = run("history", url, "--plan").stdout.splitlines()
    assert [line.split()[0] for line in listed[2:]] == ["1", "2"]
    old = run("history", url, "--plan", "--revision", "1")
    assert old.exit_code == 1
    [line] = old.stderr.splitlines()
    assert f"(framework revision 1): {path}: id must not start or end with a space" in line
    assert line.endswith(
        "; the store keeps it as it was saved; commands read the current revision, 2"
    )
    assert run("history", url, "--plan", "--revision", "2").exit_code == 0
    again = run("load", str(MANSFIELD), "--store", url)
    assert "does not read" not in again.stdout
    assert document(1) == before


def test_the_demo_loads_into_it_and_says_so(
    spoilt: tuple[str, Callable[[int], bytes], str], tmp_path: Path
) -> None:
    url, document, _ = spoilt
    before = document(1)
    result = run("demo", "--store", url, "-o", str(tmp_path / "demo.html"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("The revision it replaces does not read (")
    assert document(1) == before


@pytest.mark.parametrize("scheme", sorted(STORES))
def test_half_a_surrogate_pair_in_a_stored_framework_is_named_and_saved_over(
    tmp_path: Path, scheme: str
) -> None:
    template, spoil, document, root = STORES[scheme]
    url = template.format(tmp=tmp_path)
    assert run("load", str(MANSFIELD), "--store", url).exit_code == 0
    spoil(url, 1, SURROGATE)
    before = document(url, 1)
    report = run("report", url, "--period", PERIOD)
    assert report.exit_code == 1
    # the plan's organisation and the peer challenge's: two problems, listed
    *problems, last = report.stderr.splitlines()
    assert f"(framework revision 1): {root}.plan.organisation: organisation must be" in problems[0]
    assert all("half a surrogate pair" in problem for problem in problems), problems
    assert last.endswith(f"(2 problems, listed above); {REPAIR} --store {url}")
    listed = run("history", url, "--plan")
    assert listed.exit_code == 0, listed.output
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 0, loaded.output
    assert "The revision it replaces does not read (" in loaded.stdout
    assert run("report", url, "--period", PERIOD).exit_code == 0
    assert document(url, 1) == before


def test_several_problems_are_listed_then_one_line_says_what_to_do(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/c.db"
    assert run("load", str(MANSFIELD), "--store", url).exit_code == 0
    spoil_sqlite(url, 1, SPACE)
    spoil_sqlite(url, 1, ('"id": "FIN02"', '"id": " FIN02"'))
    result = run("report", url, "--period", PERIOD)
    assert result.exit_code == 1
    *problems, last = result.stderr.splitlines()
    assert len(problems) == 2 and all("c.db (framework revision 1): $." in p for p in problems)
    assert last == (
        f"error: framework revision 1 of {url} does not read (2 problems, listed above); "
        f"{REPAIR} --store {url}"
    )
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert "and 1 more problem); it is kept as it was saved" in loaded.stdout


class OlderPluginStore(MemoryStore):
    """A store whose framework stops reading once ``spoilt``, raising the error without the
    revision, as a plugin store written before stores gave it does."""

    spoilt = False

    def _load_framework(self) -> tuple[Framework, int]:
        if self.spoilt:
            raise UnreadableFrameworkError(("mine://x: $.plan.title: ...",), url="mine://x")
        return super()._load_framework()


def test_load_finds_the_revision_to_expect_when_the_error_does_not_say() -> None:
    council = load_folder(MANSFIELD)
    with OlderPluginStore() as store:
        store.save_framework(council.framework, 0, by="analyst")
        store.save_framework(council.framework, 1, by="analyst")
        store.spoilt = True
        saved = cli._save(store, council, by="Ann", reason="repair")
        assert saved.revision == 3
        assert saved.replaced is not None and saved.replaced.revision is None
        assert [r.revision for r in store.plan_revisions()] == [1, 2, 3]
    assert saved.notes() == (
        "The revision it replaces does not read (mine://x: "
        "$.plan.title: ...); it is kept as it was saved, and commands read revision 3 from now "
        "on.",
    )
