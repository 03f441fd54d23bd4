"""``councilpmf due``, ``submit``, ``approve``, ``return``, ``history`` and ``report
--approved-only``, as a user runs them, on the Mansfield example (whose council approves its
figures, by someone other than who submitted them)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from cli_run import run_wide as run
from councilpmf import open_store
from councilpmf.core.indicators import Approval
from councilpmf.core.periods import parse_period
from councilpmf.default_plugins.sqlite_store import SqliteStore

ROOT = Path(__file__).resolve().parents[2]
MANSFIELD = ROOT / "examples" / "mansfield"
Q1 = "2025/26 Q1"
PERIOD = parse_period(Q1)
HEADER = "indicator,period,value,status,missing_reason,note,approval\n"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite store holding Mansfield, and two Q1 drafts recorded by the Benefits team."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNCILPMF_STORE", raising=False)
    url = "sqlite:///m.db"
    assert run("load", str(MANSFIELD), "--store", url, "--by", "Performance team").exit_code == 0
    rows = HEADER + f"BEN01,{Q1},11.8,,,,\nASB01,{Q1},777,,,seasonal rise,\n"
    (tmp_path / "q1.csv").write_text(rows, encoding="utf-8")
    result = run("record", "q1.csv", "--store", url, "--by", "Benefits team")
    assert result.exit_code == 0, result.output
    return url


def cells(found: object) -> list[dict[str, object]]:
    """Every object with a ``value`` and a ``text`` in a JSON report."""
    if isinstance(found, list):
        return [cell for item in found for cell in cells(item)]
    if not isinstance(found, dict):
        return []
    own = [found] if {"value", "text"} <= found.keys() else []
    return own + [cell for item in found.values() for cell in cells(item)]


def states(url: str) -> dict[str, Approval]:
    with open_store(url) as opened:
        return {r.indicator: r.approval for r in opened.readings(periods=[PERIOD])}


def test_the_council_records_drafts_and_refuses_a_row_that_says_approved(
    store: str, tmp_path: Path
) -> None:
    assert states(store) == {"ASB01": Approval.DRAFT, "BEN01": Approval.DRAFT}
    (tmp_path / "bad.csv").write_text(HEADER + f"HR01,{Q1},2.1,,,,approved\n", encoding="utf-8")
    before = states(store)
    result = run("record", "bad.csv", "--store", store, "--by", "HR team")
    assert result.exit_code == 1
    assert "bad.csv: row 2: approval: 'approved'" in result.output
    assert "[approval] required = true" in result.output
    assert states(store) == before


def test_due_lists_returns_by_supplier_with_days_overdue(store: str) -> None:
    result = run("due", store, "--as-of", "2025-07-25", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    sections = {s["heading"]: s for s in document["sections"]}
    # BEN01 is only a draft: still outstanding, overdue by 4 days (due 21 July)
    benefits = sections["Benefits team"]["blocks"][0]["rows"]
    assert [r["cells"]["ref"] for r in benefits] == ["BEN01"]
    cells = benefits[0]["cells"]
    assert cells["days_overdue"]["value"] == 4
    assert cells["recorded"] == "draft only"
    assert run("submit", store, "--indicator", "BEN01", "--period", Q1, "--by", "B").exit_code == 0
    after = json.loads(run("due", store, "--as-of", "2025-07-25", "--format", "json").output)
    assert "Benefits team" not in {s["heading"] for s in after["sections"]}


@pytest.mark.parametrize("chosen", ["text", "markdown", "csv", "html"])
def test_due_in_every_format_names_supplier_and_days(store: str, chosen: str) -> None:
    result = run("due", store, "--as-of", "2025-07-25", "--format", chosen, "-o", "-")
    assert result.exit_code == 0, result.output
    assert "Revenues team" in result.output
    assert "Overdue by 4 days" in result.output


def test_due_from_a_folder_writes_csv_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "due.csv"
    result = run("due", str(MANSFIELD), "--as-of", "2025-04-15", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert any(r["value"] == "returns" for r in rows)  # the report's kind
    assert "No return is outstanding" in out.read_text(encoding="utf-8")


def test_submit_then_approve_by_someone_else(store: str) -> None:
    one = ("--indicator", "BEN01", "--period", Q1)
    result = run("submit", store, *one, "--by", "Benefits team", "--reason", "Q1 return")
    assert (result.exit_code, result.output) == (0, "Submitted 1 figure for 2025/26 Q1.\n")
    own = run("approve", store, *one, "--by", " benefits  TEAM")
    assert own.exit_code == 1
    assert "may not also approve it" in own.output
    assert states(store)["BEN01"] is Approval.SUBMITTED
    result = run("approve", store, *one, "--by", "Head of Service", "--reason", "CLT")
    assert result.exit_code == 0, result.output
    assert states(store)["BEN01"] is Approval.APPROVED
    shown = run("history", store, "--indicator", "BEN01", "--period", Q1)
    lines = shown.output.splitlines()[2:]
    assert [line.split()[0] for line in lines] == ["1", "2", "3"]
    assert "submitted" in lines[1] and "Q1 return" in lines[1]
    assert "Head of Service" in lines[2] and "approved" in lines[2] and "CLT" in lines[2]


def test_all_at_once_leaves_the_approvers_own_figures(store: str) -> None:
    every = ("--all", "--period", Q1)
    assert run("submit", store, *every, "--by", "Benefits team").output.startswith("Submitted 2")
    result = run("approve", store, *every, "--by", "benefits  Team ")
    assert result.exit_code == 0, result.output
    assert "Approved 0 figures" in result.output
    assert "for someone else to approve: ASB01 2025/26 Q1, BEN01 2025/26 Q1" in result.output
    result = run("approve", store, *every, "--by", "Head of Service")
    assert result.output.startswith("Approved 2 figures")
    assert set(states(store).values()) == {Approval.APPROVED}


def test_all_at_once_reads_the_periods_histories_in_one_call_not_one_a_figure(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    more = "".join(f"{indicator},{Q1},{n},,,,\n" for n, indicator in enumerate(("HR01", "CSV01")))
    (tmp_path / "more.csv").write_text(HEADER + more, encoding="utf-8")
    assert run("record", "more.csv", "--store", store, "--by", "Benefits team").exit_code == 0
    asked: list[str] = []

    def counted(name: str) -> object:
        method = getattr(SqliteStore, name)

        def asking(self: SqliteStore, *args: object, **kwargs: object) -> object:
            asked.append(name)
            return method(self, *args, **kwargs)

        return asking

    for name in ("history", "histories"):
        monkeypatch.setattr(SqliteStore, name, counted(name))
    result = run("submit", store, "--all", "--period", Q1, "--by", "Benefits team")
    assert result.output.startswith("Submitted 4"), result.output
    assert asked == ["histories"]
    assert set(states(store).values()) == {Approval.SUBMITTED}


def test_return_sends_a_figure_back_as_a_draft_and_needs_a_reason(store: str) -> None:
    one = ("--indicator", "ASB01", "--period", Q1)
    run("submit", store, *one, "--by", "Community Safety team")
    result = run("return", store, *one, "--by", "Head of Service")
    assert result.exit_code == 2
    assert "--reason" in result.output
    result = run("return", store, *one, "--by", "Head of Service", "--reason", "check police data")
    assert (result.exit_code, states(store)["ASB01"]) == (0, Approval.DRAFT)


def test_report_approved_only_marks_the_rest_awaiting_approval(store: str) -> None:
    run("submit", store, "--all", "--period", Q1, "--by", "Benefits team")
    run("approve", store, "--indicator", "BEN01", "--period", Q1, "--by", "Head of Service")
    # Markdown: one row per indicator, never a cell wrapped over two lines
    args = ("report", store, "--period", Q1, "--as-of", "2025-07-25", "--format", "markdown")
    everything = run(*args).output
    approved = run(*args, "--approved-only").output
    assert "777" in everything and "seasonal rise" in everything
    assert "777" not in approved and "seasonal rise" not in approved
    assert "awaiting approval" in approved and "11.8 days" in approved


def test_report_approved_only_shows_the_approved_figure_while_a_correction_waits(
    store: str, tmp_path: Path
) -> None:
    one = ("--indicator", "BEN01", "--period", Q1)
    run("submit", store, *one, "--by", "Benefits team")
    run("approve", store, *one, "--by", "Head of Service")
    (tmp_path / "fix.csv").write_text(HEADER + f"BEN01,{Q1},12.5,,,recounted,\n", "utf-8")
    assert run("record", "fix.csv", "--store", store, "--by", "Benefits team").exit_code == 0
    args = ("report", store, "--period", Q1, "--as-of", "2025-07-25", "--format", "markdown")
    approved = run(*args, "--approved-only").output
    assert "| 11.8 days |" in approved and "12.5" not in approved
    assert "The approved figure; a correction awaits approval." in approved
    assert "recounted" not in approved
    assert "12.5 days (draft)" in run(*args).output
    run("submit", store, *one, "--by", "Benefits team")
    run("approve", store, *one, "--by", "Head of Service")
    corrected = run(*args, "--approved-only").output
    assert "| 12.5 days |" in corrected and "a correction awaits approval" not in corrected


@pytest.mark.parametrize("chosen", ["text", "markdown", "html", "csv", "json"])
def test_a_report_of_every_figure_marks_drafts_and_submitted_figures(
    store: str, chosen: str
) -> None:
    args = ("report", store, "--period", Q1, "--as-of", "2025-07-25", "--format", chosen)

    def benefits(output: str) -> str:
        """The output, where the text format's BEN01 value cell, which it wraps below the row
        as the column is narrow, is put back together."""
        if chosen != "text":
            return output
        lines = output.splitlines()
        (at,) = (n for n, line in enumerate(lines) if " BEN01 " in line)
        value = lines[at].split(" BEN01 ")[1].split()[2:4]  # after "2025/26 Q1": 11.8 days
        wrapped = lines[at + 1].split()[:1] if lines[at + 1].startswith(" ") else []
        return " ".join(value + wrapped)

    drafts = run(*args).output
    assert "11.8 days (draft)" in benefits(drafts) and "(draft)" in drafts
    run("submit", store, "--indicator", "BEN01", "--period", Q1, "--by", "Benefits team")
    submitted = run(*args).output
    assert "11.8 days (submitted)" in benefits(submitted) and "(draft)" in submitted
    run("approve", store, "--indicator", "BEN01", "--period", Q1, "--by", "Head of Service")
    approved = run(*args).output
    assert "11.8 days" in approved and "(submitted)" not in approved
    assert "11.8 days (" not in benefits(approved)
    if chosen == "csv":  # the number stays the number
        assert ',11.8,"11.8 days (draft)",' in drafts
    if chosen == "json":
        assert {"value": 11.8, "text": "11.8 days (draft)"} in cells(json.loads(drafts))


@pytest.mark.parametrize("chosen", ["text", "markdown", "html", "csv", "json"])
def test_report_approved_only_says_which_input_of_a_calculated_indicator_awaits_approval(
    store: str, tmp_path: Path, chosen: str
) -> None:
    # PLA01 is worked out from PLA01N and PLA01D (examples/mansfield/indicators.toml)
    rows = HEADER + f"PLA01N,{Q1},4,,,,\nPLA01D,{Q1},5,,,,\n"
    (tmp_path / "planning.csv").write_text(rows, encoding="utf-8")
    team = ("--period", Q1, "--by", "Development Management team")
    assert run("record", "planning.csv", "--store", store, "--by", team[-1]).exit_code == 0
    for ref in ("PLA01N", "PLA01D"):
        assert run("submit", store, "--indicator", ref, *team).exit_code == 0
    head = ("--period", Q1, "--by", "Head of Planning")
    assert run("approve", store, "--indicator", "PLA01N", *head).exit_code == 0
    args = ("report", store, "--period", Q1, "--as-of", "2025-07-25", "--format", chosen)
    approved = run(*args, "--approved-only").output
    assert "awaiting approval: PLA01D in 2025/26 Q1 is not yet approved" in approved
    assert "no value for PLA01D" not in approved
    assert run("approve", store, "--indicator", "PLA01D", *head).exit_code == 0
    worked_out = run(*args, "--approved-only").output
    assert "80.0%" in worked_out and "PLA01D in 2025/26 Q1 is not yet" not in worked_out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--indicator", "NOPE", "--period", Q1, "--by", "x"), "'NOPE': not an indicator"),
        (("--indicator", "BEN01", "--period", "Q9 2025", "--by", "x"), "Q9"),
        (("--indicator", "BEN01", "--period", Q1, "--by", "a\x1b[2Jb"), "control characters"),
        (("--indicator", "BEN01", "--period", Q1, "--by", "Ann \u2067x\u2069"), "U+2067"),
        (("--indicator", "BEN01", "--period", Q1, "--by", "x", "--reason", "\x07"), "--reason"),
        (("--indicator", "BEN01", "--period", Q1, "--by", "  "), "--by"),
        (("--indicator", "BEN01", "--period", Q1, "--by", "\u200b\u00a0\u00ad"), "--by"),
        (("--period", Q1, "--by", "x"), "--indicator"),
        (("--indicator", "BEN01", "--all", "--period", Q1, "--by", "x"), "--all"),
        (("--indicator", "HR01", "--period", Q1, "--by", "x"), "no reading is recorded"),
    ],
)
def test_hostile_input_is_one_clear_line_and_changes_nothing(
    store: str, args: tuple[str, ...], words: str
) -> None:
    before = states(store)
    result = run("submit", store, *args)
    assert result.exit_code in (1, 2)
    assert words in result.output
    assert states(store) == before


def test_approval_needs_a_store_not_a_folder() -> None:
    result = run("submit", str(MANSFIELD), "--all", "--period", Q1, "--by", "x")
    assert result.exit_code == 2
    assert "not a store URL" in result.output


def test_due_with_a_bad_date_is_a_usage_error() -> None:
    result = run("due", str(MANSFIELD), "--as-of", "2025-02-30")
    assert result.exit_code == 2
    assert "'2025-02-30' is not a date" in result.output


def test_history_of_the_plan_keeps_who_and_why(store: str, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(MANSFIELD, tmp_path / "refreshed"))
    plan = copy / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Towards 2030", "Towards 2031"))
    assert run("load", str(copy), "--store", store, "--by", "Policy team").exit_code == 0
    listed = run("history", store, "--plan").output.splitlines()
    assert "Performance team" in listed[2] and f"loaded from {MANSFIELD}" in listed[2]
    assert "Policy team" in listed[3] and "refreshed" in listed[3]
    first = json.loads(run("history", store, "--plan", "--revision", "1").output)
    second = json.loads(run("history", store, "--plan", "--revision", "2").output)
    assert "Towards 2030" in first["plan"]["title"]
    assert "Towards 2031" in second["plan"]["title"]
    missing = run("history", store, "--plan", "--revision", "9")
    assert missing.exit_code == 1
    assert "no framework revision 9" in missing.output


def test_a_bad_approval_cell_names_its_row_and_field(store: str, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text(HEADER + f"HR01,{Q1},2.1,,,,signed off\n", encoding="utf-8")
    before = states(store)
    result = run("record", "bad.csv", "--store", store, "--by", "HR team")
    assert result.exit_code == 1
    assert "bad.csv: row 2: approval: 'signed off' is not one of 'draft', 'submitted'" in (
        result.output
    )
    assert states(store) == before


@pytest.mark.parametrize(
    "command",
    [
        ("report",),
        ("audit",),
        ("submit", "--indicator", "BEN01", "--by", "Benefits team"),
        ("approve", "--indicator", "BEN01", "--by", "Head of Revenues"),
        ("history", "--indicator", "BEN01"),
    ],
    ids=lambda command: command[0],
)
def test_a_malformed_period_is_a_usage_error_naming_the_option(
    store: str, command: tuple[str, ...]
) -> None:
    name, *rest = command
    result = run(name, store, *rest, "--period", "2024/26")
    assert result.exit_code == 2, result.output
    assert "'--period'" in result.output and "2024/26" in result.output
    assert states(store) == {"BEN01": Approval.DRAFT, "ASB01": Approval.DRAFT}
