"""`councilpmf audit`: Cambridgeshire's published statuses against its rule, rule suggestions,
every format, a store as the source, and usage errors; `validate` reports the same
disagreements."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_run import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CAMBS = str(EXAMPLES / "cambridgeshire")
AS_OF = ("--as-of", "2024-05-01")


def test_the_disagreements_are_listed_with_the_counts() -> None:
    result = run("audit", CAMBS, *AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Cambridgeshire County Council: audit of published ratings, all periods"
    assert (
        "81 published statuses: 78 agree with the council's rule, 3 disagree, 0 in words the"
        in result.stdout
    )
    section = result.stdout.split("Disagreements")[1].split("Unknown words")[0]
    assert [ref for ref in ("ENV02", "HC01", "CYP03") if ref in section] == [
        "ENV02",
        "HC01",
        "CYP03",
    ]
    assert "✔ Green" in section and "✖ Red" in section
    assert "Suggested rules" not in result.stdout


def test_a_period_narrows_the_audit() -> None:
    result = run("audit", CAMBS, "--period", "2023/24 Q2", *AS_OF)
    assert result.exit_code == 0, result.output
    assert "20 published statuses: 19 agree with the council's rule, 1 disagree" in result.stdout
    assert "audit of published ratings, 2023/24 Q2" in result.stdout


def test_suggest_rule_lists_every_installed_kind_best_first(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    result = run("audit", CAMBS, "--suggest-rule", "--format", "json", "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.output
    assert f"Wrote the audit to {out}" in result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    [section] = [s for s in report["sections"] if s["heading"] == "Suggested rules"]
    table = next(b for b in section["blocks"] if b["type"] == "table")
    rows = table["rows"]
    rules = [row["header"] for row in rows]
    assert rules[0].startswith("The council's rule (target-tolerance)")
    assert set(rules[1:]) >= {
        "target-tolerance",
        "ratio-to-target",
        "first-match",
        "bands",
        "tolerance-with-travel",
        "quartile",
    }
    explained = [row["cells"]["explained"] for row in rows[1:]]
    assert explained == sorted(explained, reverse=True)
    assert all(row["cells"]["total"] == 81 for row in rows)


def test_a_store_is_a_source_too(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pmf.db'}"
    assert run("load", CAMBS, "--store", url).exit_code == 0
    folder = run("audit", CAMBS, *AS_OF)
    store = run("audit", url, *AS_OF)
    assert store.exit_code == 0, store.output
    assert store.stdout == folder.stdout


def test_validate_reports_each_disagreement_at_its_row() -> None:
    result = run("validate", CAMBS, *AS_OF)
    lines = [line for line in result.stdout.splitlines() if "published-status" in line]
    assert len(lines) == 3
    assert lines[0].startswith(
        "warning published-status-disagrees readings/2023-24.csv: row 59: CYP03 "
    )
    assert (
        "for 2023/24 Q2: published Green, but the council's rule rates it Red: 59.5% against a "
        "target of 65.0%; more than 5% below." in lines[0]
    )


def test_an_unknown_word_is_reported_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "cambs"
    shutil.copytree(CAMBS, folder)
    readings = folder / "readings" / "2023-24.csv"
    text = readings.read_text(encoding="utf-8")
    readings.write_text(text.replace(",Close to target\n", ",Nearly there\n", 1), encoding="utf-8")
    result = run("audit", str(folder), *AS_OF)
    assert result.exit_code == 0, result.output
    assert "1 in words the council has not defined" in " ".join(result.stdout.split())
    assert "Nearly there" in result.stdout.split("Unknown words")[1]


def test_usage_errors_exit_2_and_name_what_is_wrong() -> None:
    committee = run("audit", CAMBS, "--committee", "nobody")
    assert committee.exit_code == 2
    assert "unknown committee 'nobody'" in committee.stderr
    source = run("audit", "no/such/folder")
    assert source.exit_code == 2
    assert "is neither a folder nor a store URL" in source.stderr
    fmt = run("audit", CAMBS, "--format", "nope")
    assert fmt.exit_code == 2


def test_a_bad_period_is_refused_in_words() -> None:
    result = run("audit", CAMBS, "--period", "2023/24 Q9")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Invalid value for '--period': '2023/24 Q9' is not a period" in result.stderr


def test_a_hostile_published_status_is_refused_and_the_store_keeps_what_it_had(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'pmf.db'}"
    assert run("load", CAMBS, "--store", url).exit_code == 0
    before = run("audit", url, *AS_OF).stdout
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        "indicator,period,value,status,missing_reason,note,published_status\n"
        f"CYP03,2023/24 Q2,59.5,final,,,{'Green' * 30}\n"
        "CYP03,2023/24 Q3,56.2,final,,,Gr\x1b[31meen\n",
        encoding="utf-8",
    )
    result = run("record", str(hostile), "--store", url, "--by", "officer")
    assert result.exit_code == 1
    assert "hostile.csv: row 2: published_status: 150 characters is not a status" in (result.stderr)
    assert (
        "hostile.csv: row 3: published_status: holds the invisible character U+001B"
        in result.stderr
    )
    assert "Traceback" not in result.output
    assert run("audit", url, *AS_OF).stdout == before
