"""The ``councilpmf`` command, as a user runs it: what it prints, what it writes, its exit codes,
and that nothing a user can get wrong ends in a traceback."""

from __future__ import annotations

import itertools
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from click.testing import Result

import councilpmf as pmf
from cli_run import assert_clean, run
from councilpmf import cli, open_store
from councilpmf.core.periods import parse_period
from councilpmf.core.rag import Status
from councilpmf.default_plugins.sqlite_store import SqliteStore
from councilpmf.plugins import PluginError
from councilpmf.store import NotFoundError, Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MANSFIELD = EXAMPLES / "mansfield"
COUNCILS = sorted(p.name for p in EXAMPLES.iterdir() if (p / "plan.toml").is_file())
HEADER = "indicator,period,value,status,missing_reason,note\n"
Q3 = ("--period", "2024/25 Q3", "--as-of", "2025-01-20")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a fresh folder, with no store chosen through the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNCILPMF_STORE", raising=False)
    return tmp_path


@pytest.fixture
def mansfield_copy(here: Path) -> Path:
    return Path(shutil.copytree(MANSFIELD, here / "mansfield"))


@pytest.fixture
def loaded(here: Path) -> str:
    """A SQLite store in the working folder holding the Mansfield example."""
    url = "sqlite:///store.db"
    result = run("load", str(MANSFIELD), "--store", url)
    assert result.exit_code == 0, result.output
    return url


def stored_readings(url: str) -> tuple[Any, ...]:
    with open_store(url) as store:
        return store.readings()


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


# -- demo ---------------------------------------------------------------------------------------


def test_demo_prints_a_short_summary_and_writes_the_report_as_html(here: Path) -> None:
    started = time.perf_counter()
    result = run("demo")
    elapsed = time.perf_counter() - started
    assert_clean(result)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) <= 8
    assert lines[0] == (
        "Cabinet: performance report, 2024/25 Q3, for Mansfield District Council, as of 20 Jan 2025"
    )
    assert lines[1].startswith("19 indicators for 2024/25 Q3: ")
    assert "4 red" in lines[1]
    assert lines[2].startswith("10 indicators of 19 on the exception list")
    assert "The example is in the store sqlite:///councilpmf-demo.db" in lines
    assert "The report, as a web page: councilpmf-demo.html" in lines
    assert "revision" not in result.stdout
    html = here / "councilpmf-demo.html"
    page = html.read_text(encoding="utf-8")
    assert "<html" in page.lower()
    assert "Mansfield District Council" in page
    assert (here / "councilpmf-demo.db").is_file()
    assert elapsed < 10


def test_the_command_the_demo_names_prints_the_whole_report(here: Path) -> None:
    demo = run("demo")
    assert demo.exit_code == 0, demo.output
    prefix = "The whole report here: councilpmf "
    (command,) = [line for line in demo.stdout.splitlines() if line.startswith(prefix)]
    report = run(*shlex.split(command.removeprefix(prefix)))
    assert report.exit_code == 0, report.output
    assert "Cabinet: performance report, 2024/25 Q3" in report.stdout
    assert any(f"{s.symbol} {s.word}" in report.stdout for s in Status)


def _framework_revision(url: str) -> int:
    with open_store(url) as store:
        return store.load_framework()[1]


def test_demo_replaces_its_own_store_but_loads_into_a_named_one(here: Path) -> None:
    first, second = run("demo"), run("demo")
    assert first.exit_code == second.exit_code == 0, second.output
    # Replaced: the second run starts from a new store, so the framework is revision 1 again.
    assert _framework_revision("sqlite:///councilpmf-demo.db") == 1
    assert len(stored_readings("sqlite:///councilpmf-demo.db")) == 220
    named = run("demo", "--store", "sqlite:///mine.db", "-o", "mine.html")
    again = run("demo", "--store", "sqlite:///mine.db", "-o", "mine.html")
    assert named.exit_code == again.exit_code == 0, again.output
    assert _framework_revision("sqlite:///mine.db") == 2
    assert "The example is in the store sqlite:///mine.db" in again.stdout
    assert (here / "mine.html").is_file()


# -- validate -----------------------------------------------------------------------------------


@pytest.mark.parametrize("council", COUNCILS)
def test_validate_passes_every_example(council: str) -> None:
    result = run("validate", str(EXAMPLES / council))
    assert_clean(result)
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("0 errors, ")
    assert last.endswith(("note", "notes"))


def test_validate_prints_findings_with_files_and_a_summary(mansfield_copy: Path) -> None:
    # A year after the example's data ends, its readings are late.
    result = run("validate", str(mansfield_copy), "--as-of", "2026-01-20")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    findings, summary = lines[:-1], lines[-1]
    warnings = sum(line.startswith("warning ") for line in findings)
    notes = sum(line.startswith("info ") for line in findings)
    assert warnings > 0
    assert warnings + notes == len(findings)
    noun = "note" if notes == 1 else "notes"
    assert summary == f"0 errors, {warnings} warnings, {notes} {noun}"
    assert any(" indicators.toml: $.indicators[" in line for line in findings)


def test_validate_a_folder_with_a_misspelt_key_names_the_file_and_path(
    mansfield_copy: Path,
) -> None:
    plan = mansfield_copy / "plan.toml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("ambition = ", "ambtion = ", 1), encoding="utf-8")
    result = run("validate", str(mansfield_copy))
    assert_clean(result)
    assert result.exit_code == 1
    assert "plan.toml: $.themes[0]: unknown field 'ambtion'" in result.stderr
    assert "error: the council folder" in result.stderr


def test_validate_locates_a_golden_thread_error_in_its_delivery_plan(
    mansfield_copy: Path,
) -> None:
    plan = mansfield_copy / "delivery-plans" / "economy-2024-25.toml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('serves = ["ECO1"]', 'serves = ["ECO99"]', 1), encoding="utf-8")
    result = run("validate", str(mansfield_copy), "--as-of", "2025-01-20")
    assert_clean(result)
    assert result.exit_code == 1
    assert (
        "error unknown-priority delivery-plans/economy-2024-25.toml: $.actions[0].serves[0]: "
        in result.stdout
    )
    assert result.stdout.strip().splitlines()[-1].startswith("1 error, ")


def test_validate_a_store(loaded: str) -> None:
    result = run("validate", loaded, "--as-of", "2025-01-20")
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("0 errors, ")


def test_validate_a_store_finds_a_final_value_changed_without_a_reason(
    loaded: str, here: Path
) -> None:
    changed = write_csv(here / "fix.csv", "FIN02,2024/25 Q1,31.0,final,,")
    assert run("record", str(changed), "--store", loaded, "--by", "analyst").exit_code == 0
    result = run("validate", loaded, "--as-of", "2025-01-20")
    assert result.exit_code == 0, result.output
    assert (
        "warning unexplained-change $.readings[indicator=FIN02, period=2024/25 Q1]" in result.stdout
    )
    assert "by analyst" in result.stdout


def test_validate_reads_a_stores_histories_in_as_many_statements_however_many_readings(
    loaded: str, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    opening = SqliteStore.__init__

    def traced(store: SqliteStore, *args: Any, **kwargs: Any) -> None:
        opening(store, *args, **kwargs)
        store._db.set_trace_callback(statements.append)

    def validated() -> int:
        statements.clear()
        with monkeypatch.context() as patch:
            patch.setattr(SqliteStore, "__init__", traced)
            result = run("validate", loaded, "--as-of", "2025-01-20")
        assert_clean(result)
        assert "unexplained-change" in result.stdout
        return len(statements)

    changed = write_csv(here / "fix.csv", "FIN02,2024/25 Q1,31.0,final,,")
    assert run("record", str(changed), "--store", loaded, "--by", "analyst").exit_code == 0
    before = validated()
    earlier = [
        f"{indicator},{year} Q{quarter},{quarter},final,,"
        for indicator in ("ASB01", "BEN01", "CSV01", "ECO01", "ENV01")
        for year in ("2021/22", "2022/23")
        for quarter in range(1, 5)
    ]
    more = write_csv(here / "more.csv", *earlier)
    assert run("record", str(more), "--store", loaded, "--by", "analyst").exit_code == 0
    assert validated() == before


# -- load and report ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["sqlite:///store.db", "json://store"])
def test_load_then_report_from_the_store_gives_the_folders_report(here: Path, url: str) -> None:
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert_clean(loaded)
    assert loaded.exit_code == 0, loaded.output
    assert "as revision 1" in loaded.stdout
    assert "220 new, 0 changed, 0 unchanged" in loaded.stdout
    for kind in ("performance", "exceptions", "actions"):
        for committee in ((), ("--committee", "cabinet")):
            args = (*Q3, "--kind", kind, *committee)
            from_folder = run("report", str(MANSFIELD), *args)
            from_store = run("report", url, *args)
            assert from_folder.exit_code == from_store.exit_code == 0, from_store.output
            assert from_folder.stdout == from_store.stdout
            assert "Mansfield District Council" in from_folder.stdout


NOTTINGHAMSHIRE = EXAMPLES / "nottinghamshire"
Q4_2015 = ("--period", "2015/16 Q4", "--as-of", "2016-05-31")


@pytest.mark.parametrize("url", ["sqlite:///store.db", "json://store"])
def test_nottinghamshires_reports_from_a_store_are_its_folders_byte_for_byte(
    here: Path, url: str
) -> None:
    # Two of its indicators are rated by quartile against CIPFA nearest neighbours
    # (comparators/*.csv): the store keeps those values, so it rates them as the folder does.
    loaded = run("load", str(NOTTINGHAMSHIRE), "--store", url)
    assert loaded.exit_code == 0, loaded.output
    assert "Comparators: 90 values in 6 groups saved.\n" in loaded.stdout
    for kind in ("performance", "exceptions"):
        for output in ("text", "csv"):
            args = (*Q4_2015, "--kind", kind, "--format", output)
            from_folder = run("report", str(NOTTINGHAMSHIRE), *args)
            from_store = run("report", url, *args)
            assert from_folder.exit_code == from_store.exit_code == 0, from_store.output
            assert from_folder.stdout_bytes == from_store.stdout_bytes
    assert _quartile_ratings(run("report", url, *Q4_2015).stdout) == ["✔ Green", "✖ Red"]
    audit_args = ("--as-of", "2016-05-31")
    assert (
        run("audit", url, *audit_args).stdout
        == run("audit", str(NOTTINGHAMSHIRE), *audit_args).stdout
    )


@pytest.mark.parametrize("url", ["", "sqlite:///store.db"])
def test_validate_judges_a_published_status_of_a_quartile_indicator_among_its_comparators(
    here: Path, url: str
) -> None:
    # HW01 is rated by quartile, green among its CIPFA nearest neighbours in 2015/16: a
    # published "Green" agrees, and "Red" does not, from a folder and a store alike.
    council = Path(shutil.copytree(NOTTINGHAMSHIRE, here / "notts"))
    csv = council / "readings" / "2015-16.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    for word in ("Green", "Red"):
        marked = [lines[0] + ",published_status"] + [
            f"{line},{word if line.startswith('HW01,2015/16,') else ''}" for line in lines[1:]
        ]
        csv.write_text("\n".join(marked) + "\n", encoding="utf-8")
        source = str(council)
        if url:
            assert run("load", source, "--store", url).exit_code == 0
            source = url
        result = run("validate", source, "--as-of", "2016-05-31")
        disagreeing = [line for line in result.stdout.splitlines() if "published-status" in line]
        if word == "Green":
            assert disagreeing == [], result.stdout
        else:
            [line] = disagreeing
            assert "HW01" in line and "Red" in line and "Green" in line, line


def test_load_saves_over_comparator_values_that_no_longer_read_or_refuses_changing_nothing(
    here: Path,
) -> None:
    council = Path(shutil.copytree(NOTTINGHAMSHIRE, here / "notts"))
    url = "sqlite:///store.db"
    assert run("load", str(council), "--store", url).exit_code == 0
    with sqlite3.connect(here / "store.db") as db:
        db.execute("UPDATE comparators SET document = 'not json'")
    db.close()
    shutil.move(council / "comparators", here / "kept-comparators")
    with open_store(url) as store:
        plans = store.plan_revisions()
    reported = run("report", url, *Q4_2015)
    assert reported.exit_code == 1, reported.output
    assert reported.stderr == (
        "error: store.db: comparators: $: not valid JSON; the store is damaged; to repair the "
        "store, load a council folder with a comparators/ folder into it: councilpmf load "
        f"FOLDER --store {url}\n"
    )
    refused = run("load", str(council), "--store", url)
    assert refused.exit_code == 1, refused.output
    assert refused.stderr == (
        "error: the store's comparator values do not read (store.db: comparators: $: not valid "
        "JSON; the store is damaged); load a council folder with a comparators/ folder to "
        "replace them (an empty one clears them); nothing was saved\n"
    )
    with open_store(url) as store:
        assert store.plan_revisions() == plans
    shutil.move(here / "kept-comparators", council / "comparators")
    repaired = run("load", str(council), "--store", url)
    assert repaired.exit_code == 0, repaired.output
    assert (
        "Comparators: 90 values in 6 groups saved in place of the store's, which did not read "
        "(store.db: comparators: $: not valid JSON; the store is damaged).\n"
    ) in repaired.stdout
    with open_store(url) as store:
        assert store.comparators() == pmf.load_folder(council).comparators


def _quartile_ratings(text: str) -> list[str]:
    """The ratings of Nottinghamshire's two indicators rated by quartile, in a text report."""
    blocks = (text.split(f"Ref: {ref}\n", 1)[1].split("\n\n", 1)[0] for ref in ("HW01", "WM01"))
    return [block.split("Rating: ", 1)[1].split("\n", 1)[0] for block in blocks]


def test_load_replaces_the_comparator_values_only_when_the_folder_has_them(
    here: Path,
) -> None:
    council = Path(shutil.copytree(NOTTINGHAMSHIRE, here / "notts"))
    url = "sqlite:///store.db"
    first = run("load", str(council), "--store", url, "--by", "ann")
    assert "Comparators: 90 values in 6 groups saved.\n" in first.stdout
    with open_store(url) as store:
        assert store.comparators() == pmf.load_folder(council).comparators
    again = run("load", str(council), "--store", url)
    assert "Comparators: 90 values in 6 groups, the same as the store's.\n" in again.stdout
    # a council that keeps the download elsewhere: the folder says nothing of comparators
    shutil.rmtree(council / "comparators")
    without = run("load", str(council), "--store", url)
    assert without.exit_code == 0, without.output
    assert (
        "Comparators: the folder has no comparators/ folder, so the store's 90 values in 6 "
        "groups stay.\n"
    ) in without.stdout
    assert _quartile_ratings(run("report", url, *Q4_2015).stdout) == ["✔ Green", "✖ Red"]
    # an empty comparators/ folder: the council has none now
    (council / "comparators").mkdir()
    cleared = run("load", str(council), "--store", url)
    assert (
        "Comparators: the folder's comparators/ folder holds none, so the store's 90 values in 6 "
        "groups are cleared.\n"
    ) in cleared.stdout
    with open_store(url) as store:
        assert store.comparators() == ()
    assert _quartile_ratings(run("report", url, *Q4_2015).stdout) == ["– Not rated"] * 2
    mansfield = run("load", str(MANSFIELD), "--store", "sqlite:///other.db")
    assert "Comparators" not in mansfield.stdout


def test_load_again_is_a_new_framework_revision_with_readings_unchanged(loaded: str) -> None:
    result = run("load", str(MANSFIELD), "--store", loaded)
    assert result.exit_code == 0, result.output
    assert "as revision 2" in result.stdout
    assert "0 new, 0 changed, 220 unchanged" in result.stdout


def test_load_uses_the_store_named_in_the_environment(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNCILPMF_STORE", "sqlite:///from-env.db")
    result = run("load", str(MANSFIELD))
    assert result.exit_code == 0, result.output
    assert "sqlite:///from-env.db" in result.stdout
    assert len(stored_readings("sqlite:///from-env.db")) == 220


def test_load_refuses_a_folder_with_errors_and_leaves_the_store_untouched(
    mansfield_copy: Path,
) -> None:
    plan = mansfield_copy / "delivery-plans" / "economy-2024-25.toml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('serves = ["ECO1"]', 'serves = ["ECO99"]', 1), encoding="utf-8")
    result = run("load", str(mansfield_copy), "--store", "sqlite:///store.db")
    assert_clean(result)
    assert result.exit_code == 1
    assert "unknown-priority delivery-plans/economy-2024-25.toml" in result.stderr
    assert "nothing was loaded" in result.stderr
    with open_store("sqlite:///store.db") as store, pytest.raises(NotFoundError):
        store.load_framework()
    assert stored_readings("sqlite:///store.db") == ()


class RacingStore:
    """A store through which someone else saves the framework just after it is read."""

    def __init__(self, store: Store, url: str) -> None:
        self._store, self._url = store, url

    def load_framework(self) -> Any:
        framework, revision = self._store.load_framework()
        with open_store(self._url) as other:
            other.save_framework(framework, revision, by="analyst")
        return framework, revision

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def __enter__(self) -> RacingStore:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._store.close()


def test_a_stale_load_is_refused_with_a_conflict(
    loaded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(cli, "open_store", lambda url: RacingStore(open_store(url), url))
        result = run("load", str(MANSFIELD), "--store", loaded)
    assert_clean(result)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the framework was saved by someone else since you read it "
        "(now revision 2, you had 1): reload it and try again\n"
    )
    with open_store(loaded) as store:
        # The first load (1) and the racing save (2); the stale save wrote nothing.
        assert store.load_framework()[1] == 2


def _kept(url: str) -> tuple[object, ...]:
    """The framework revisions, readings and comparator values a store keeps."""
    with open_store(url) as store:
        return store.plan_revisions(), store.readings(), store.comparators()


def test_a_load_whose_readings_cannot_be_written_leaves_the_store_as_it_was(
    loaded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loading another council over Mansfield: a new framework revision, new readings and
    # comparator values. The disk fills as the readings are written, after the framework.
    before = _kept(loaded)

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(SqliteStore, "_write", disk_full)
        result = run("load", str(NOTTINGHAMSHIRE), "--store", loaded)
    assert_clean(result)
    assert result.exit_code == 1
    assert result.stderr == "error: store.db: the disk is full; nothing was written\n"
    assert result.stdout == ""
    assert _kept(loaded) == before
    again = run("load", str(NOTTINGHAMSHIRE), "--store", loaded)
    assert again.exit_code == 0, again.output
    assert "as revision 2." in again.stdout
    assert "Comparators: 90 values in 6 groups saved.\n" in again.stdout


def test_report_is_deterministic_and_can_be_written_to_a_file(here: Path) -> None:
    args = ("report", str(MANSFIELD), *Q3, "--committee", "cabinet", "--format")
    first, second = run(*args, "markdown"), run(*args, "markdown")
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    written = run(*args, "html", "-o", "cabinet.html")
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert "cabinet.html" in written.stderr
    assert "Mansfield District Council" in (here / "cabinet.html").read_text(encoding="utf-8")


def test_a_report_that_cannot_be_written_is_refused(here: Path) -> None:
    result = run("report", str(MANSFIELD), *Q3, "-o", "no-such-folder/report.txt")
    assert_clean(result)
    assert result.exit_code == 1
    assert result.stderr == "error: no-such-folder/report.txt: No such file or directory\n"


def test_report_as_json_parses(here: Path) -> None:
    result = run("report", str(MANSFIELD), *Q3, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


@pytest.mark.parametrize("kind", ["peer-challenge", "strategy-review"])
def test_every_report_kind_runs(kind: str) -> None:
    result = run("report", str(MANSFIELD), *Q3, "--kind", kind)
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert "Mansfield District Council" in result.stdout


def test_a_period_that_cannot_exist_is_refused(here: Path) -> None:
    result = run("report", str(MANSFIELD), "--period", "2024/26 Q3")
    assert_clean(result)
    assert result.exit_code == 2
    assert "Error: Invalid value for '--period': '2024/26 Q3' is not a period" in result.stderr


def test_a_report_from_an_empty_store_is_refused(here: Path) -> None:
    result = run("report", "memory://", "--period", "2024/25 Q3")
    assert_clean(result)
    assert result.exit_code == 1
    assert "error: memory:// holds no framework yet" in result.stderr


# -- record -------------------------------------------------------------------------------------


def test_record_counts_new_changed_and_unchanged(loaded: str, here: Path) -> None:
    readings = write_csv(
        here / "q.csv",
        "FIN02,2025/26 Q1,31.2,final,,",  # new
        "FIN02,2024/25 Q1,30.4,final,,",  # the same as the store's
        "FIN02,2024/25 Q2,60.0,final,,corrected",  # changed (was 58.3)
    )
    args = ("record", str(readings), "--store", loaded, "--by", "analyst")
    first = run(*args, "--reason", "Q1 figures")
    assert_clean(first)
    assert first.exit_code == 0, first.output
    assert first.stdout == "1 new, 1 changed, 1 unchanged\n"
    assert first.stderr == ""  # small inputs show no progress
    second = run(*args)
    assert second.stdout == "0 new, 0 changed, 3 unchanged\n"
    with open_store(loaded) as store:
        [q1] = store.readings(indicators=["FIN02"], periods=[parse_period("2025/26 Q1")])
        assert q1.value == 31.2
        history = store.history("FIN02", parse_period("2025/26 Q1"))
        assert [(h.by, h.reason) for h in history] == [("analyst", "Q1 figures")]


def test_record_refuses_a_file_with_a_malformed_row_and_records_nothing(
    loaded: str, here: Path
) -> None:
    before = stored_readings(loaded)
    readings = write_csv(
        here / "q.csv",
        "FIN02,2025/26 Q1,31.2,final,,",
        "FIN02,2025/26 Q2,about 60,final,,",
        "FIN02,2024/25 Q2,60.0,final,,",
    )
    result = run("record", str(readings), "--store", loaded, "--by", "analyst")
    assert_clean(result)
    assert result.exit_code == 1
    assert "q.csv: row 3: value: 'about 60' is not a number" in result.stderr
    assert "nothing was recorded" in result.stderr
    assert stored_readings(loaded) == before


@pytest.mark.parametrize(
    ("option", "given", "problem"),
    [
        ("--reason", "Q1 \u202efigures", "character 4 is U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("--by", "analyst\x9b31m", "character 8 is U+009B"),
    ],
)
def test_record_refuses_who_or_why_holding_a_control_character_and_records_nothing(
    loaded: str, here: Path, option: str, given: str, problem: str
) -> None:
    before = stored_readings(loaded)
    readings = write_csv(here / "q.csv", "FIN02,2025/26 Q1,31.2,final,,")
    author = {"--by": "analyst", "--reason": "Q1 figures", option: given}
    result = run("record", str(readings), "--store", loaded, *itertools.chain(*author.items()))
    assert_clean(result)
    assert result.exit_code == 2
    assert (
        f"Invalid value for '{option}': must not hold control characters: {problem}; write "
        "plain text"
    ) in result.stderr
    assert stored_readings(loaded) == before


def test_record_refuses_an_unknown_indicator_and_records_nothing(loaded: str, here: Path) -> None:
    before = stored_readings(loaded)
    readings = write_csv(
        here / "q.csv", "FIN02,2025/26 Q1,31.2,final,,", "FIN99,2025/26 Q1,4,final,,"
    )
    result = run("record", str(readings), "--store", loaded, "--by", "analyst")
    assert_clean(result)
    assert result.exit_code == 1
    assert "q.csv: row 3: indicator: 'FIN99' is not one of the indicators" in result.stderr
    assert "nothing was recorded" in result.stderr
    assert stored_readings(loaded) == before


def test_record_refuses_two_different_readings_of_one_period(loaded: str, here: Path) -> None:
    before = stored_readings(loaded)
    readings = write_csv(
        here / "q.csv", "FIN02,2025/26 Q1,31.2,final,,", "FIN02,2025/26 Q1,32,final,,"
    )
    result = run("record", str(readings), "--store", loaded, "--by", "analyst")
    assert_clean(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert stored_readings(loaded) == before


def test_record_into_a_store_without_a_framework_is_refused(here: Path) -> None:
    readings = write_csv(here / "q.csv", "FIN02,2025/26 Q1,31.2,final,,")
    result = run("record", str(readings), "--store", "memory://", "--by", "analyst")
    assert_clean(result)
    assert result.exit_code == 1
    assert "holds no framework yet" in result.stderr


def test_record_shows_progress_only_for_large_inputs(
    loaded: str, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_THRESHOLD", 1)
    readings = write_csv(
        here / "q.csv", "FIN02,2025/26 Q1,31.2,final,,", "FIN02,2025/26 Q2,60,final,,"
    )
    result = run("record", str(readings), "--store", loaded, "--by", "analyst")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 new, 0 changed, 0 unchanged\n"
    assert "Recording 2 readings (one transaction)" in result.stderr


# -- diff and plugins ---------------------------------------------------------------------------


def _diff_after(copy: Path, file: str, *edits: tuple[str, str]) -> Result:
    """``diff`` of the Mansfield example against ``copy`` with ``file`` edited (each edit an
    old and a new text), after checking that it ran cleanly and exited 0."""
    path = copy / file
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    result = run("diff", str(MANSFIELD), str(copy))
    assert_clean(result)
    assert result.exit_code == 0, result.output
    return result


def test_diff_shows_a_renamed_theme(mansfield_copy: Path) -> None:
    result = _diff_after(
        mansfield_copy, "plan.toml", ('name = "Our district"', 'name = "Our district and towns"')
    )
    assert result.stdout == "Theme 'Our district' renamed to 'Our district and towns'\n"


def test_diff_follows_a_delivery_plan_rolled_over_to_next_year(mansfield_copy: Path) -> None:
    result = _diff_after(
        mansfield_copy,
        "delivery-plans/economy-2024-25.toml",
        ('id = "economy-2024-25"', 'id = "economy-2025-26"'),
        ("delivery plan 2024/25", "delivery plan 2025/26"),
    )
    assert result.stdout == (
        "Delivery plan 'Our economy delivery plan 2024/25' renamed to 'Our economy delivery plan "
        "2025/26' (id 'economy-2024-25' is now 'economy-2025-26')\n"
    )


def test_diff_says_a_plan_moved_to_next_year_and_given_a_new_lead(mansfield_copy: Path) -> None:
    result = _diff_after(
        mansfield_copy,
        "delivery-plans/economy-2024-25.toml",
        ('year = "2024/25"', 'year = "2025/26"'),
        ('lead = "Strategic theme lead"', 'lead = "Director of Growth"'),
    )
    named = "Delivery plan 'Our economy delivery plan 2024/25'"
    assert result.stdout.splitlines() == [
        f"{named} year changed from 2024/25 to 2025/26",
        f"{named} lead changed from 'Strategic theme lead' to 'Director of Growth'",
    ]


def test_diff_of_a_council_and_its_roll_forward_pairs_every_plan_and_action(here: Path) -> None:
    rolled = pmf.save_folder(
        pmf.load_folder(MANSFIELD).framework.roll_forward(), here / "next-year"
    )
    result = run("diff", str(MANSFIELD), str(rolled))
    assert_clean(result)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        "Delivery plan 'Our economy delivery plan 2024/25' renamed to 'Our economy delivery plan "
        "2025/26' (id 'economy-2024-25' is now 'economy-2025-26')"
    ) in lines
    assert (
        "Delivery plan 'Our economy delivery plan 2025/26' year changed from 2024/25 to 2025/26"
        in lines
    )
    plans = [line for line in lines if line.startswith("Delivery plan ")]
    assert len(plans) == 2 * len(pmf.load_folder(MANSFIELD).framework.delivery_plans)
    assert not [line for line in lines if line.startswith("Action ")]


def test_diff_of_a_folder_and_the_store_loaded_from_it_has_no_changes(loaded: str) -> None:
    result = run("diff", str(MANSFIELD), loaded)
    assert result.exit_code == 0, result.output
    assert result.stdout == "No changes\n"


def test_plugins_lists_the_built_ins_with_their_hooks() -> None:
    result = run("plugins", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    hooks = {p["name"]: p["hooks"] for p in listed}
    assert hooks["councilpmf.default_plugins.sqlite_store"] == ["councilpmf_stores"]
    assert hooks["councilpmf.default_plugins.json_store"] == ["councilpmf_stores"]
    assert hooks["councilpmf.default_plugins.memory_store"] == ["councilpmf_stores"]
    assert hooks["councilpmf.default_plugins.rules"] == ["councilpmf_rag_rules"]
    assert any("councilpmf_report_formats" in p["hooks"] and p["builtin"] for p in listed)
    builtins = [p for p in listed if p["builtin"]]
    assert listed[: len(builtins)] == builtins
    assert [p["name"] for p in builtins] == sorted(p["name"] for p in builtins)
    table = run("plugins")
    assert table.exit_code == 0
    assert "councilpmf.default_plugins.sqlite_store" in table.stdout
    assert "councilpmf_stores" in table.stdout
    assert run("plugins", "--json").stdout == result.stdout


# -- usage errors and broken plugins ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("frobnicate",), "No such command 'frobnicate'"),
        (("report", str(MANSFIELD), *Q3, "--format", "pptx"), "'pptx' is not a report format"),
        (("report", str(MANSFIELD), *Q3, "--kind", "league-table"), "'league-table'"),
        (("report", str(MANSFIELD), *Q3, "--committee", "nope"), "unknown committee 'nope'"),
        (("report", str(MANSFIELD), "--period", "2024/25 Q3", "--as-of", "20/01/2025"), "date"),
        (("report", str(MANSFIELD)), "Missing option '--period'"),
        (("report", "ftp://example.org/x", "--period", "2024/25"), "not a store URL"),
        (("validate", "no-such-folder"), "neither a folder nor a store URL"),
        (("load", str(MANSFIELD), "--store", "nosuch://x"), "not a store URL"),
        (("record", "no-such.csv", "--by", "me"), "does not exist"),
        (("record", str(MANSFIELD / "readings" / "2024-25.csv")), "Missing option '--by'"),
    ],
)
def test_usage_errors_exit_2(here: Path, args: tuple[str, ...], says: str) -> None:
    result = run(*args)
    assert_clean(result)
    assert result.exit_code == 2, result.output
    assert says in result.stderr


def test_report_takes_a_committee_by_its_name_in_any_case(here: Path) -> None:
    by_id = run("report", str(MANSFIELD), *Q3, "--committee", "os-corporate")
    by_name = run(
        "report", str(MANSFIELD), *Q3, "--committee", "Overview and scrutiny committee corporate"
    )
    assert by_id.exit_code == by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_id.stdout
    assert by_id.stdout.startswith("Overview and Scrutiny Committee Corporate: performance report")


def test_a_folder_without_a_plan_is_refused(here: Path) -> None:
    (here / "empty").mkdir()
    result = run("validate", "empty")
    assert_clean(result)
    assert result.exit_code == 1
    assert "no plan.toml" in result.stderr


def test_a_broken_plugin_exits_2_with_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Iterator[Any]:
        raise PluginError("plugin 'x' defines 'councilpmf_store', which is not a councilpmf hook")

    monkeypatch.setattr(cli, "plugin_list", broken)
    result = run("plugins")
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: plugin 'x' defines 'councilpmf_store', which is not a councilpmf hook\n"
    )


# -- the real entry point -----------------------------------------------------------------------


def _python_m(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1"}
    env.pop("COUNCILPMF_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "councilpmf", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_python_m_councilpmf_runs_the_command(tmp_path: Path) -> None:
    shown = _python_m("--help", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Usage: councilpmf" in shown.stdout
    for command in ("demo", "validate", "load", "record", "report", "diff", "plugins"):
        assert command in shown.stdout
    loaded = _python_m("load", str(MANSFIELD), "--store", "sqlite:///store.db", cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    report = _python_m("report", "sqlite:///store.db", *Q3, "--committee", "cabinet", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert "Mansfield District Council" in report.stdout
    in_process = run("report", str(MANSFIELD), *Q3, "--committee", "cabinet")
    assert report.stdout == in_process.stdout


def test_python_m_councilpmf_reports_bad_input_without_a_traceback(tmp_path: Path) -> None:
    broken = Path(shutil.copytree(MANSFIELD, tmp_path / "broken"))
    plan = broken / "plan.toml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("ambition = ", "ambtion = ", 1), encoding="utf-8"
    )
    result = _python_m("validate", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "plan.toml: $.themes[0]: unknown field 'ambtion'" in result.stderr
    usage = _python_m("report", str(MANSFIELD), *Q3, "--format", "pptx", cwd=tmp_path)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr
