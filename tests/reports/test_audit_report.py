"""The audit report: its sections, status cells that carry a word and a symbol, a committee's
scope, the empty cases and the suggested rules."""

from __future__ import annotations

import datetime as dt

import attrs

from councilpmf.core.periods import parse_period
from councilpmf.core.rag import BUILTIN_RULES, Status
from councilpmf.core.report import (
    ALL_PERIODS,
    StatusCell,
    Table,
    audit_report,
    build_report,
    cell_text,
)
from councilpmf.folder import load_folder
from councilpmf.testing.samples import AS_OF, PERIOD, sample_framework, sample_readings

CAMBS = load_folder("examples/cambridgeshire")
ON = dt.date(2024, 5, 1)


def tables(report: object, heading: str) -> list[Table]:
    section = report.section(heading)  # type: ignore[attr-defined]
    return [b for b in section.blocks if isinstance(b, Table)]


def test_the_sample_audit_has_one_disagreement_one_unknown_word_and_counts() -> None:
    report = build_report("audit", sample_framework(), sample_readings(), PERIOD, AS_OF, "cabinet")
    assert report.title == "Cabinet: audit of published ratings, 2024/25 Q3"
    assert report.summary == (
        "4 published statuses: 2 agree with the council's rule, 1 disagree, 1 in words the "
        "council has not defined."
    )
    [counts] = tables(report, "Summary")
    assert [(r.cells[0], r.cells[1:]) for r in counts.rows] == [
        ("HS01", (1, 0, 1, 0)),
        ("BEN02", (3, 2, 0, 1)),
    ]
    [wrong] = tables(report, "Disagreements")
    [row] = wrong.rows
    published, rule = row.cells[2], row.cells[3]
    assert isinstance(published, StatusCell) and isinstance(rule, StatusCell)
    assert (cell_text(published), cell_text(rule)) == ("✔ Green", "✖ Red")
    assert wrong.caption == "Published statuses the council's rule contradicts, 2024/25 Q3"
    assert [c.title for c in wrong.columns][:5] == [
        "Indicator",
        "Ref",
        "Period",
        "Published status",
        "The council's rule gives",
    ]
    assert row.committee == "Cabinet" and row.group
    [unknown] = tables(report, "Unknown words")
    assert unknown.rows[0].cells[2] == "Purple"


def test_every_period_unless_one_is_given() -> None:
    every = audit_report(CAMBS.framework, CAMBS.readings, None, ON)
    assert every.period == ALL_PERIODS
    assert every.summary.startswith("81 published statuses: 78 agree")
    year = audit_report(CAMBS.framework, CAMBS.readings, parse_period("2022/23"), ON)
    assert year.summary.startswith("0 published statuses")
    assert year.section("Disagreements").blocks[0].text == (  # type: ignore[union-attr]
        "No published status disagrees with the council's rule."
    )


def test_a_committee_sees_its_own_indicators_only() -> None:
    report = audit_report(CAMBS.framework, CAMBS.readings, None, ON, "children-young-people")
    [counts] = tables(report, "Summary")
    watched = {i for s in CAMBS.framework.sets_of("children-young-people") for i in s.indicators}
    assert {row.cells[0] for row in counts.rows} <= watched
    assert {row.committee for row in counts.rows} == {"Children and Young People Committee"}


def test_suggested_rules_start_with_the_councils_own() -> None:
    report = audit_report(CAMBS.framework, CAMBS.readings, None, ON, suggest=BUILTIN_RULES)
    [fits] = tables(report, "Suggested rules")
    first = fits.rows[0]
    assert first.header.startswith("The council's rule (target-tolerance)")
    assert first.cells[1:3] == (78, 81)
    assert fits.rows[1].header in BUILTIN_RULES
    assert all(r.cells[2] == 81 for r in fits.rows)
    assert "Suggested rules" not in [
        s.heading
        for s in build_report(
            "audit", CAMBS.framework, CAMBS.readings, parse_period("2023/24"), ON
        ).sections
    ]


def test_a_word_that_means_what_the_rule_gives_agrees_whatever_its_spelling() -> None:
    readings = [
        attrs.evolve(r, published_status=r.published_status.upper()) for r in CAMBS.readings
    ]
    report = audit_report(CAMBS.framework, readings, None, ON)
    assert report.summary.startswith("81 published statuses: 78 agree")
    [wrong] = tables(report, "Disagreements")
    green = wrong.rows[-1].cells[2]
    assert isinstance(green, StatusCell)
    assert (green.status, green.word, green.symbol) == (Status.GREEN, "GREEN", "✔")
