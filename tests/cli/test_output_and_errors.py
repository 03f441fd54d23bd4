"""Where reports go (``-o -``, ``-o FILE`` without a suffix), what reading commands leave
behind (nothing), what ``plugins`` says each plugin provides, and how errors become exit codes
(in one place: :func:`councilpmf.cli.exit_code`)."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sqlite3
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import councilpmf
from cli_run import run
from councilpmf import cli, hookimpl, plugins
from councilpmf.core.errors import CouncilPMFError, PluginError, UnknownNameError
from councilpmf.core.report import Report
from councilpmf.plugin_types import ReportFormat
from councilpmf.store import ConflictError, NotFoundError, StoreError, UnknownSchemeError

ROOT = Path(__file__).resolve().parents[2]
MANSFIELD = ROOT / "examples" / "mansfield"
Q3 = ("--period", "2024/25 Q3", "--as-of", "2025-01-20")
PAPER = b"PK\x03\x04 a zip-like paper \x00\xff"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNCILPMF_STORE", raising=False)
    return tmp_path


def _paper(report: Report) -> bytes:
    return PAPER + report.title.encode("utf-8")


@hookimpl
def councilpmf_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="paper",
            suffix=".paper",
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            render=_paper,
            description="A committee paper, as bytes",
        )
    ]


@pytest.fixture
def paper_format() -> Iterator[None]:
    """A format that gives bytes, registered for this test only."""
    plugins.reset()
    plugins.get_plugin_manager().register(
        types.SimpleNamespace(councilpmf_report_formats=councilpmf_report_formats), name="paper"
    )
    yield
    plugins.reset()


# -- -o ---------------------------------------------------------------------------------------


def test_dash_writes_text_to_standard_output_and_no_file(here: Path) -> None:
    to_stdout = run("report", str(MANSFIELD), *Q3)
    dashed = run("report", str(MANSFIELD), *Q3, "-o", "-")
    assert dashed.exit_code == 0, dashed.output
    assert dashed.stdout == to_stdout.stdout != ""
    assert list(here.iterdir()) == []


def test_dash_writes_bytes_to_standard_output_exactly(here: Path, paper_format: None) -> None:
    result = run("report", str(MANSFIELD), *Q3, "--format", "paper", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(PAPER)
    assert result.stdout_bytes.endswith(
        b"Mansfield District Council: performance report, 2024/25 Q3"
    )
    assert list(here.iterdir()) == []


def test_bytes_without_o_are_a_usage_error(here: Path, paper_format: None) -> None:
    result = run("report", str(MANSFIELD), *Q3, "--format", "paper")
    assert result.exit_code == 2
    assert "-o -" in result.stderr
    assert result.stdout_bytes == b""


@pytest.mark.parametrize(
    ("output", "format_name", "written"),
    [
        ("paper", "paper", "paper.paper"),
        ("cabinet", "html", "cabinet.html"),
        ("cabinet.htm", "html", "cabinet.htm"),  # a suffix of the user's own is kept
        ("q3.report", "text", "q3.report"),
    ],
)
def test_a_file_without_a_suffix_takes_the_formats(
    here: Path, paper_format: None, output: str, format_name: str, written: str
) -> None:
    result = run("report", str(MANSFIELD), *Q3, "--format", format_name, "-o", output)
    assert result.exit_code == 0, result.output
    assert [p.name for p in here.iterdir()] == [written]
    assert f"to {written}" in result.stderr


def test_format_help_lists_the_formats_installed_now(paper_format: None) -> None:
    result = run("report", "--help")
    assert result.exit_code == 0, result.output
    listed = " ".join(result.stdout.split())
    assert f"A report format: {', '.join(sorted(plugins.report_formats()))}" in listed
    assert "paper" in listed
    assert set(plugins.report_formats()) <= set(listed.replace(",", " ").split())


def test_an_unknown_format_lists_the_installed_ones(paper_format: None) -> None:
    result = run("report", str(MANSFIELD), *Q3, "--format", "pptx")
    assert result.exit_code == 2
    installed = ", ".join(sorted(plugins.report_formats()))
    assert f"'pptx' is not a report format; the formats are {installed}" in " ".join(
        result.stderr.split()
    )
    assert "paper" in result.stderr


# -- plugins ----------------------------------------------------------------------------------


def test_plugins_says_what_each_plugin_provides(paper_format: None) -> None:
    result = run("plugins", "--json")
    assert result.exit_code == 0, result.output
    listed = {p["name"]: p for p in json.loads(result.stdout)}
    provides = listed["paper"]["provides"]
    assert provides["formats"] == [
        {
            "name": "paper",
            "suffix": ".paper",
            "media_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "description": "A committee paper, as bytes",
        }
    ]
    assert provides["stores"] == provides["rule_kinds"] == provides["checks"] == []
    sqlite = listed["councilpmf.default_plugins.sqlite_store"]["provides"]
    assert [s["scheme"] for s in sqlite["stores"]] == ["sqlite"]
    rules = listed["councilpmf.default_plugins.rules"]["provides"]["rule_kinds"]
    assert {"kind": "target-tolerance", "class": "councilpmf.core.rag.TargetTolerance"} in rules
    assert listed["councilpmf.default_plugins.formats"]["version"] == councilpmf.__version__


def test_the_plugins_table_shows_formats_with_suffix_and_media_type(paper_format: None) -> None:
    result = run("plugins")
    assert result.exit_code == 0, result.output
    assert "formats: csv, html, json, markdown, text" in result.stdout
    assert "stores: sqlite://" in result.stdout
    assert "rule kinds: bands, first-match, quartile, ratio-to-target" in result.stdout
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert ".paper" in rows["paper"] and "wordprocessingml" in rows["paper"]
    assert "text/html; charset=utf-8" in rows["html"]


# -- reading never creates a store -------------------------------------------------------------


@pytest.mark.parametrize("url", ["sqlite:///typo.db", "json:///{here}/typo"])
@pytest.mark.parametrize(
    "command",
    [
        ("report", "{url}", *Q3),
        ("validate", "{url}"),
        ("diff", str(MANSFIELD), "{url}"),
    ],
)
def test_reading_a_mistyped_store_url_creates_nothing(
    here: Path, url: str, command: tuple[str, ...]
) -> None:
    url = url.format(here=here)
    result = run(*(part.format(url=url) for part in command))
    assert result.exit_code == 1, result.output
    assert (
        result.stderr
        == f"error: there is no store at {url}; check the URL (nothing was created there)\n"
    )
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    "store", [("--store", "sqlite:///typo.db"), ("--store", "json:///{here}/typo"), ()]
)
def test_recording_into_a_store_that_is_not_there_creates_nothing(
    here: Path, store: tuple[str, ...]
) -> None:
    # A store made now would hold no framework, so could never take the readings; a mistyped
    # URL, or a record run in the wrong folder (the default store is councilpmf.db there), must
    # not leave a new empty store behind for the next load to fill instead of the real one.
    readings = here / "q3.csv"
    readings.write_text("indicator,period,value\nFIN02,2024/25 Q3,80.1\n", encoding="utf-8")
    options = [part.format(here=here) for part in store]
    url = options[1] if options else "sqlite:///councilpmf.db"
    result = run("record", str(readings), *options, "--by", "analyst")
    assert result.exit_code == 1, result.output
    assert (
        result.stderr
        == f"error: there is no store at {url}; check the URL (nothing was created there)\n"
    )
    assert list(here.iterdir()) == [readings]


def test_a_sqlite_file_name_is_never_read_as_a_uri(here: Path) -> None:
    url = "sqlite:///file:council.db?mode=memory&cache=shared"
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 0, loaded.output
    (created,) = here.iterdir()
    assert created.name.startswith("file:council.db?mode=memory&cache=shared")
    with sqlite3.connect(created) as db:  # the readings really are in that file
        assert db.execute("SELECT count(*) FROM readings_current").fetchone()[0] > 0
    report = run("report", url, *Q3)
    assert report.exit_code == 0, report.output
    assert report.stdout == run("report", str(MANSFIELD), *Q3).stdout


# -- errors and exit codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "bases"),
    [
        (councilpmf.InputError(("a.csv: row 2: value: 'x' is not a number",)), (ValueError,)),
        (councilpmf.PeriodError("'2024/26' is not a period"), (ValueError,)),
        (StoreError("closed"), ()),
        (ConflictError("stale"), (StoreError,)),
        (NotFoundError("none"), (StoreError,)),
        (UnknownSchemeError("ftp://"), (StoreError, UnknownNameError, ValueError)),
        (PluginError("plugin 'x'"), ()),
        (plugins.PluginError("plugin 'x'"), ()),
        (cli.Refused("no"), ()),
    ],
)
def test_every_deliberate_error_is_a_councilpmf_error_and_keeps_its_old_base(
    error: Exception, bases: tuple[type[Exception], ...]
) -> None:
    assert isinstance(error, CouncilPMFError)
    assert isinstance(error, councilpmf.CouncilPMFError)
    for base in bases:
        assert isinstance(error, base)


def _library_exceptions() -> list[type[BaseException]]:
    """Every public exception class defined in councilpmf (a private one, used for control
    flow inside a module, never reaches a caller). The contract kit, councilpmf.testing, is
    left out: the failures it injects into stores stand for errors from outside councilpmf."""
    found = []
    for module in pkgutil.walk_packages(councilpmf.__path__, "councilpmf."):
        if module.name.startswith("councilpmf.testing"):
            continue
        loaded = importlib.import_module(module.name)
        for _, value in inspect.getmembers(loaded, inspect.isclass):
            if (
                issubclass(value, BaseException)
                and not issubclass(value, Warning)
                and value.__module__ == loaded.__name__
                and not value.__name__.startswith("_")
            ):
                found.append(value)
    return found


def test_every_error_class_of_the_library_is_a_councilpmf_error() -> None:
    classes = _library_exceptions()
    assert {"InputError", "PeriodError", "StoreError", "PluginError", "Refused"} <= {
        c.__name__ for c in classes
    }
    assert [c for c in classes if not issubclass(c, CouncilPMFError)] == []


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (PluginError("plugin 'x' is broken"), 2),
        (UnknownNameError("unknown committee 'x'"), 2),
        (UnknownSchemeError("'ftp://x' is not a store URL"), 2),
        (ConflictError("stale"), 1),
        (NotFoundError("no framework"), 1),
        (councilpmf.InputError(("plan.toml: $: bad",)), 1),
        (councilpmf.PeriodError("not a period"), 1),
        (cli.Refused("refused"), 1),
        (OSError(28, "No space left on device"), 1),
    ],
)
def test_exit_codes_are_decided_in_one_place(error: BaseException, code: int) -> None:
    assert cli.exit_code(error) == code


def test_a_library_error_has_no_traceback_unless_debug(here: Path) -> None:
    (here / "plan.toml").write_text('title = "Plan"\norganisation = "A"\nnmae = 1\n')
    plain = run("validate", str(here))
    debug = run("--debug", "validate", str(here))
    assert plain.exit_code == debug.exit_code == 1
    assert "Traceback" not in plain.stderr
    assert "Traceback" in debug.stderr and "Refused" in debug.stderr
    assert debug.stderr.endswith(plain.stderr)
