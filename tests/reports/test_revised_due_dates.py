"""A revised due date wherever an action's due date is shown: the actions, peer-challenge and
risks reports in every format, the notebook, the actions table and the diff."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import attrs
import pytest

from councilpmf.core.actions import Action, ActionUpdate
from councilpmf.core.diff import diff_frameworks
from councilpmf.core.framework import Framework
from councilpmf.core.report import Report, Table, build_report
from councilpmf.dataframes import actions_table
from councilpmf.default_plugins.formats import FORMATS, csv_format, json_format
from councilpmf.notebook import action_html, delivery_plan_html
from councilpmf.testing.samples import AS_OF, PERIOD, sample_framework, sample_risks

REVISION = ActionUpdate(
    on=dt.date(2025, 1, 2), text="Contractor went into administration", due=dt.date(2025, 6, 30)
)


def _revised(framework: Framework, ref: str, update: ActionUpdate = REVISION) -> Framework:
    def change(actions: tuple[Action, ...]) -> tuple[Action, ...]:
        return tuple(
            attrs.evolve(a, start=dt.date(2024, 4, 1), due=dt.date(2025, 3, 31), updates=(update,))
            if a.ref == ref
            else a
            for a in actions
        )

    return framework.with_actions(change)


@pytest.fixture(scope="module")
def framework() -> Framework:
    revised = _revised(_revised(sample_framework(), "D1"), "P1")
    return attrs.evolve(revised, risks=sample_risks())


def _tables(report: Report) -> dict[str, Table]:
    return {b.caption: b for s in report.sections for b in s.blocks if isinstance(b, Table)}


def _cell(table: Table, ref: str, key: str) -> object:
    (row,) = [r for r in table.rows if r.header == ref]
    column = [c.key for c in table.columns].index(key)
    return row.cells[column - 1]  # the first column is the row header


def test_the_actions_report_rates_and_shows_the_date_in_force(framework: Framework) -> None:
    after = dt.date(2025, 4, 1)  # past the first due date, before the revised one
    tables = _tables(build_report("actions", framework, (), PERIOD, after))
    actions = tables["Delivery and service plan actions on 1 Apr 2025"]
    assert _cell(actions, "D1", "overdue") == "No"
    assert _cell(actions, "D2", "overdue") == "Yes"  # not revised: late against 31 Mar 2025
    due = _cell(actions, "D1", "due")
    assert (due.value, due.text) == (dt.date(2025, 6, 30), "30 Jun 2025 (revised from 31 Mar 2025)")  # type: ignore[attr-defined]
    revised = tables["Revised due dates in force on 1 Apr 2025"]
    assert [r.header for r in revised.rows] == ["D1"]
    assert [getattr(c, "text", c) for c in revised.rows[0].cells] == [
        "Action D1",
        "30 Jun 2025",
        "31 Mar 2025",
        "2 Jan 2025",
        "Contractor went into administration",
    ]


def test_before_the_revision_the_report_shows_the_first_date_and_no_revisions(
    framework: Framework,
) -> None:
    tables = _tables(build_report("actions", framework, (), PERIOD, dt.date(2025, 1, 1)))
    due = _cell(tables["Delivery and service plan actions on 1 Jan 2025"], "D1", "due")
    assert due.text == "31 Mar 2025"  # type: ignore[attr-defined]
    assert not any(caption.startswith("Revised") for caption in tables)


def test_every_format_shows_the_revision(framework: Framework) -> None:
    report = build_report("actions", framework, (), PERIOD, AS_OF)
    for fmt in FORMATS:
        rendered = fmt.render(report)
        shown = rendered.decode() if isinstance(rendered, bytes) else rendered
        flat = " ".join(shown.split())
        assert "Contractor went into administration" in flat, fmt.name
        assert "30 Jun 2025 (revised from 31 Mar 2025)" in flat, fmt.name
    lines = list(csv.DictReader(io.StringIO(csv_format.render(report), newline="")))
    due = [r for r in lines if r["row"] == "D1" and r["column"] == "due"]
    assert [(r["value"], r["text"]) for r in due] == [
        ("2025-06-30", "30 Jun 2025 (revised from 31 Mar 2025)"),
        ("2025-06-30", "30 Jun 2025"),
    ]
    data = json.loads(json_format.render(report))
    cells = [
        row["cells"]["due"]
        for section in data["sections"]
        for block in section["blocks"]
        for row in block.get("rows", ())
        if row.get("header") == "D1"
    ]
    assert cells[0] == {"date": "2025-06-30", "text": "30 Jun 2025 (revised from 31 Mar 2025)"}


def test_peer_challenge_action_tracking_shows_the_date_in_force(framework: Framework) -> None:
    report = build_report("peer-challenge", framework, (), PERIOD, dt.date(2025, 4, 1))
    tables = _tables(report)
    actions = tables["Actions for recommendation 1"]
    assert _cell(actions, "P1", "overdue") == "No"
    assert _cell(actions, "P1", "due").text == "30 Jun 2025 (revised from 31 Mar 2025)"  # type: ignore[attr-defined]
    revised = tables["Revised due dates of actions for recommendation 1"]
    assert [r.header for r in revised.rows] == ["P1"]


def test_a_risk_names_a_mitigating_action_s_revised_date(framework: Framework) -> None:
    report = build_report("risks", framework, (), PERIOD, dt.date(2025, 4, 1))
    text = "\n".join(" ".join(f.render(report).split()) for f in FORMATS if f.name == "markdown")
    assert "D1 (On target, due 30 Jun 2025, revised from 31 Mar 2025)" in text


def test_the_notebook_shows_the_latest_due_date_and_each_revision(framework: Framework) -> None:
    plan = framework.delivery_plans[0]
    shown = delivery_plan_html(plan)
    assert "30 Jun 2025 (revised from 31 Mar 2025)" in shown
    one = action_html(plan.actions[0])
    assert "Due revised to" in one
    assert "30 Jun 2025 (revised from 31 Mar 2025)" in one


def test_the_actions_table_gives_the_date_in_force_and_the_one_before(
    framework: Framework,
) -> None:
    def row(day: str) -> dict[str, object]:
        table = actions_table(framework, as_of=day)
        at = table.column("ref").index("D1")
        return {name: table.column(name)[at] for name in table.names}

    assert (row("2025-01-01")["due"], row("2025-01-01")["due_revised_from"]) == (
        dt.date(2025, 3, 31),
        None,
    )
    later = row("2025-04-01")
    assert (later["due"], later["due_revised_from"], later["overdue"]) == (
        dt.date(2025, 6, 30),
        dt.date(2025, 3, 31),
        False,
    )


def test_the_diff_says_an_update_revised_the_due_date() -> None:
    old = sample_framework()
    new = _revised(old, "D2")
    texts = [c.text for c in diff_frameworks(old, new).changes]
    assert (
        "Action D2 of 'Delivery plan 2024/25' updated 2 Jan 2025: due date revised to 30 Jun 2025"
        in texts
    )
