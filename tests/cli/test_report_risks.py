"""`councilpmf report --kind risks`: listed in the help, run on Nottinghamshire's register, and
on a council with no register."""

from __future__ import annotations

from pathlib import Path

from cli_run import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTTS = ("report", str(EXAMPLES / "nottinghamshire"), "--period", "2014/15")


def test_the_kind_is_in_the_help() -> None:
    result = run("report", "--help")
    assert result.exit_code == 0
    assert "strategy-review|risks" in "".join(result.output.split())


def test_nottinghamshire_risks_report_runs() -> None:
    result = run(*NOTTS, "--kind", "risks", "--as-of", "2015-01-20")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Nottinghamshire County Council: risk register report, 2014/15"
    summary = " ".join(lines[7:9])
    assert summary == (
        "3 risks by residual score: 0 Very high, 3 High, 0 Medium, 0 Low; 3 above appetite; "
        "2 reviews overdue on 20 Jan 2015."
    )
    assert "Severe (5)         0 (Medium)        1 (High)        1 (High)" in result.stdout


def test_a_committee_risks_report_in_csv_keeps_the_committee() -> None:
    result = run(
        *NOTTS,
        "--kind",
        "risks",
        "--as-of",
        "2015-01-20",
        "--committee",
        "finance",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert '"CR03"' in result.stdout and '"CR01"' not in result.stdout


def test_a_council_without_risks_gets_a_report_that_says_so() -> None:
    result = run(
        "report",
        str(EXAMPLES / "mansfield"),
        "--period",
        "2024/25 Q3",
        "--kind",
        "risks",
        "--as-of",
        "2025-01-20",
    )
    assert result.exit_code == 0, result.output
    assert "No risks are recorded." in result.stdout


def test_the_excerpt_in_the_docs_is_what_the_command_prints() -> None:
    docs = (EXAMPLES.parent / "docs" / "reports.md").read_text(encoding="utf-8")
    section = docs[docs.index("### The risks report") :]
    excerpt = section[section.index("```text\n") + len("```text\n") :]
    excerpt = excerpt[: excerpt.index("```")]
    result = run(*NOTTS, "--kind", "risks", "--as-of", "2015-01-20")
    assert result.stdout.startswith(excerpt)
    assert excerpt.count("\n") > 30
