"""Scorecards, readings, actions, findings, plan diffs and reading histories become pandas and
polars DataFrames with the same columns and values; statuses and travel are the core's words,
periods come with sortable first and last days, and a missing library names its extra."""

from __future__ import annotations

import datetime as dt
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest

import councilpmf as pmf
from councilpmf.core.diff import diff_frameworks
from councilpmf.dataframes import (
    KINDS,
    SCORECARD_COLUMNS,
    DataTable,
    actions_table,
    history_table,
    scorecard_table,
    table_of,
)
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.notebook import action_html, delivery_plan_html, framework_html
from councilpmf.testing.samples import sample_framework

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
Q3 = pmf.parse_period("2024/25 Q3")
AS_OF = dt.date(2025, 1, 20)


@pytest.fixture(scope="module")
def council() -> pmf.CouncilFolder:
    return pmf.load_folder(EXAMPLES / "mansfield")


@pytest.fixture(scope="module")
def card(council: pmf.CouncilFolder) -> pmf.Scorecard:
    return pmf.assess(council.framework, council.readings, Q3, as_of=AS_OF)


def plain(value: Any) -> Any:
    """A pandas or polars cell as the table holds it: NaN and NaT as None, days as dates."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def assert_frames_hold(table: DataTable) -> None:
    """Both libraries' frames have the table's columns, in order, with its values."""
    pandas_frame, polars_frame = table.to_pandas(), table.to_polars()
    assert list(pandas_frame.columns) == list(table.names) == polars_frame.columns
    assert len(pandas_frame) == len(table) == polars_frame.height
    for name in table.names:
        expected = list(table.column(name))
        assert [plain(v) for v in pandas_frame[name].tolist()] == expected, name
        assert polars_frame[name].to_list() == expected, name


def test_a_scorecard_has_theme_unit_polarity_commentary_and_its_periods_days(
    council: pmf.CouncilFolder, card: pmf.Scorecard
) -> None:
    frame = card.to_polars()
    assert frame.columns == [name for name, _ in SCORECARD_COLUMNS]
    assert frame.height == len(card.indicators)
    for row, result in zip(frame.iter_rows(named=True), card.indicators, strict=True):
        indicator = council.framework.indicator(result.indicator)
        assert row["report_period"] == "2024/25 Q3"
        assert (row["unit"], row["polarity"]) == (indicator.unit.value, indicator.polarity.value)
        assert (row["period"], row["start"], row["end"]) == (
            str(result.period),
            result.period.start,
            result.period.end,
        )
        assert row["status"] == result.rating.status.value
        assert row["long_term"] == result.long_term.direction.value
        assert row["commentary"] == result.note
        assert row["missing_reason"] == result.missing_reason
        themes = [
            t.name
            for t in council.framework.plan.themes
            if any(result.indicator in p.all_indicators() for p in t.priorities)
        ]
        assert row["theme"] == "; ".join(themes)
    assert any(frame["commentary"].str.len_chars() > 0)  # the example has commentary
    assert frame["missing_reason"].drop_nulls().len() > 0  # and a figure not yet received
    assert set(frame["theme"]) >= {t.name for t in council.framework.plan.themes}
    assert_frames_hold(scorecard_table(card))


def test_pandas_scorecard_types_let_an_analyst_filter_and_sort(card: pmf.Scorecard) -> None:
    frame = card.to_pandas()
    assert frame["value"].dtype == "float64" and frame["target"].dtype == "float64"
    assert str(frame["start"].dtype) == "datetime64[s]"
    assert frame["missed_in_a_row"].dtype == "int64"
    reds = frame[frame.status == "red"]
    assert len(reds) == sum(r.rating.status is pmf.Status.RED for r in card.indicators)
    # Monthly, quarterly and annual indicators report for different periods: sorting by the
    # period's last day puts them in time order, which the text cannot.
    ends = frame.sort_values("end")["end"].tolist()
    assert ends == sorted(ends) and len(set(ends)) > 1


def test_an_indicator_under_two_themes_or_none() -> None:
    kpi = pmf.Indicator(id="FT", title="Fly-tips", targets=(pmf.Target(period=Q3, value=9),))
    alone = pmf.Indicator(id="LONE", title="Measured by no priority")
    plan = pmf.StrategicPlan(
        title="Plan",
        organisation="Anytown",
        themes=(
            pmf.Theme(
                id="A",
                name="Place",
                priorities=(pmf.Priority(id="P1", statement="Clean", indicators=("FT",)),),
            ),
            pmf.Theme(
                id="B",
                name="Council",
                priorities=(pmf.Priority(id="P2", statement="Tidy", indicators=("FT",)),),
            ),
        ),
    )
    fw = pmf.Framework(plan=plan, indicators=(kpi, alone))
    card = pmf.assess(fw, [], Q3, as_of=AS_OF)
    assert scorecard_table(card).column("theme") == ("Place; Council", "")


def test_readings_every_one_of_a_list_and_the_kept_one_of_an_index() -> None:
    q1, q2 = pmf.parse_period("2024/25 Q1"), pmf.parse_period("2024/25 Q2")
    readings = [
        pmf.Reading(indicator="FT", period=q1, value=84, note="Fewer crews"),
        pmf.Reading(
            indicator="FT",
            period=q2,
            missing_reason="outage",
            status="provisional",
            approval="submitted",
        ),
        pmf.Reading(indicator="FT", period=q1, value=85, published_status="Green"),
    ]
    table = table_of(readings)
    assert table.column("value") == (84.0, None, 85.0)
    assert table.column("status") == ("final", "provisional", "final")
    assert table.column("published_status") == ("", "", "Green")
    assert table.column("approval") == ("approved", "submitted", "approved")
    assert table.column("start") == (q1.start, q2.start, q1.start)
    assert_frames_hold(table)
    kept = pmf.Readings.of(readings).to_polars()
    assert kept.select("period", "value").rows() == [("2024/25 Q1", 85.0), ("2024/25 Q2", None)]
    assert math.isnan(pmf.to_pandas(readings)["value"][1])


def test_actions_with_plan_status_owners_dates_and_what_they_serve(
    council: pmf.CouncilFolder,
) -> None:
    fw = council.framework
    planned = list(fw.planned_actions())
    table = actions_table(fw, as_of=AS_OF)
    assert table.column("ref") == tuple(p.action.ref for p in planned)
    assert table.column("plan") == tuple(p.plan for p in planned)
    assert table.column("due") == tuple(p.action.due for p in planned)
    assert table.column("serves") == tuple("; ".join(p.action.serves) for p in planned)
    states = [pmf.assess_action(p.action, AS_OF, fw.vocabulary) for p in planned]
    assert table.column("overdue") == tuple(s.overdue for s in states)
    assert table.column("status") == tuple(s.status for s in states)
    assert table.column("meaning") == tuple(s.meaning and s.meaning.value for s in states)
    assert_frames_hold(table)
    # Without a day, nothing is derived from one.
    assert set(actions_table(fw).column("overdue")) == {None}


def test_actions_take_the_day_as_iso_text_and_refuse_one_that_is_no_date(
    council: pmf.CouncilFolder,
) -> None:
    fw = council.framework
    assert actions_table(fw, as_of=AS_OF.isoformat()) == actions_table(fw, as_of=AS_OF)
    with pytest.raises(pmf.InputError, match=r"^as_of: expected a date such as '2025-01-20'"):
        actions_table(fw, as_of="20/01/2025")


def test_a_plans_actions_and_a_status_word_the_council_never_defined() -> None:
    actions = (
        pmf.Action(ref="A1", title="Bins", status="Parked", owners=("Head of Waste", "Ops")),
        pmf.Action(ref="A2", title="Roads", status="Complete", due="2024-03-31"),
    )
    plan = pmf.DeliveryPlan(id="D", title="Place delivery plan", actions=actions)
    frame = plan.to_pandas()
    assert frame["plan"].tolist() == ["Place delivery plan"] * 2
    # missing text is pandas' own missing value for its text type (NaN in pandas 3)
    assert frame["meaning"].isna().tolist() == [True, False]
    assert frame["meaning"][1] == "complete"
    assert frame["meaning"].dtype == pd.Series(["text"]).dtype
    assert frame["owners"].tolist() == ["Head of Waste; Ops", ""]
    service = pmf.ServicePlan(id="S", service="Waste", actions=actions[:1])
    assert service.to_polars()["plan"].to_list() == ["Waste"]


def test_a_nearly_done_action_is_never_shown_100_percent_complete() -> None:
    nearly = pmf.Action(ref="A1", title="Bins", percent_complete=99.999999)
    plan = pmf.DeliveryPlan(id="D", title="Place delivery plan", actions=(nearly,))
    for html in (action_html(nearly), delivery_plan_html(plan)):
        assert "99.9%" in html
        assert "100%" not in html


def test_an_actions_display_shows_its_latest_status_and_percent_as_its_table_does() -> None:
    # The status and percent an action was set with are where it started; its updates move it
    # on, and a display that showed the first would call finished work "Not started".
    done = pmf.ActionUpdate(on="2025-02-01", text="Opened", status="Complete", percent_complete=100)
    begun = pmf.ActionUpdate(on="2024-06-01", text="Begun", status="On target", percent_complete=30)
    action = pmf.Action(
        ref="A1",
        title="Open the depot",
        status="Not started",
        percent_complete=0,
        updates=(done, begun),
    )
    plan = pmf.DeliveryPlan(id="D", title="Place delivery plan", actions=(action,))
    framework = attrs.evolve(sample_framework(), delivery_plans=(plan,))
    assert actions_table(plan).column("status") == ("Complete",)
    for html in (action_html(action), delivery_plan_html(plan), framework_html(framework)):
        assert "Complete" in html and "100%" in html
        assert "Not started" not in html and not re.search(r"(?<![\d.])0%", html)


def test_findings_and_a_plan_diff_one_row_each(council: pmf.CouncilFolder) -> None:
    findings = pmf.golden_thread(council.framework)
    assert findings, "the example has golden-thread findings to show"
    table = table_of(findings)
    assert table.column("code") == tuple(f.code for f in findings)
    assert table.column("severity") == tuple(f.severity.value for f in findings)
    assert_frames_hold(table)
    # A scorecard's findings say what they are even when there are none.
    card = pmf.assess(council.framework, council.readings, Q3, as_of=AS_OF)
    assert list(card.findings.to_polars()["code"]) == [f.code for f in card.findings]
    none = pmf.Findings(())
    assert none.to_pandas().empty and pmf.to_polars(none).columns == list(table.names)

    old = council.framework
    plan = old.delivery_plans[0]
    new = attrs.evolve(
        old, delivery_plans=(attrs.evolve(plan, actions=plan.actions[:1]), *old.delivery_plans[1:])
    )
    diff = diff_frameworks(old, new)
    frame = diff.to_polars()
    assert frame.height == len(diff.changes) >= len(plan.actions) - 1
    assert set(frame["kind"]) == {"action-removed"}
    assert frame["text"].to_list() == [c.text for c in diff.changes]


def test_a_readings_history_says_who_when_and_why() -> None:
    q1 = pmf.parse_period("2024/25 Q1")
    with MemoryStore() as store:
        store.record([pmf.Reading(indicator="FT", period=q1, value=84.0)], by="ann")
        store.record(
            [pmf.Reading(indicator="FT", period=q1, value=86.0, note="late returns")],
            by="raj",
            reason="corrected",
        )
        history = store.history("FT", q1)
    table = history_table(history)
    assert table.column("revision") == (1, 2)
    assert table.column("by") == ("ann", "raj")
    assert table.column("reason") == ("", "corrected")
    assert table.column("old_value") == (None, 84.0)
    assert table.column("value") == (84.0, 86.0)
    assert table.column("at") == tuple(r.at for r in history)
    assert table_of(history) == table
    assert_frames_hold(table)


def test_a_readings_history_shows_each_step_of_approval() -> None:
    q1 = pmf.parse_period("2024/25 Q1")
    key = ("FT", q1)
    with MemoryStore() as store:
        store.record(
            [pmf.Reading(indicator="FT", period=q1, value=84.0, approval="draft")], by="ann"
        )
        assert store.submit([key], by="ann", reason="Q1 return") == 1
        assert store.approve([key], by="raj") == 1
        history = store.history(*key)
    table = history_table(history)
    assert table.column("old_approval") == (None, "draft", "submitted")
    assert table.column("approval") == ("draft", "submitted", "approved")
    assert table.column("by") == ("ann", "ann", "raj")
    assert table.column("value") == (84.0, 84.0, 84.0)  # the figure never changed
    assert_frames_hold(table)


def test_an_empty_source_needs_its_kind_and_a_wrong_one_is_refused() -> None:
    with pytest.raises(pmf.InputError, match=r"^table: an empty tuple .* kind="):
        pmf.to_pandas(())
    for kind in KINDS:
        if kind == "actions":
            continue  # a framework or a plan, never a list
        assert len(table_of([], kind=kind)) == 0
        assert table_of([], kind=kind).to_pandas().empty
    empty = table_of([], kind="findings").to_polars()
    assert empty.columns == ["severity", "code", "path", "message"]
    with pytest.raises(pmf.InputError, match="kind: 'finding' is not one of"):
        table_of([], kind="finding")
    with pytest.raises(pmf.InputError, match="cannot make a table of Finding, Reading"):
        table_of(
            [
                pmf.Reading(indicator="A", period=Q3, value=1.0),
                pmf.Finding(severity=pmf.Severity.ERROR, code="x", message="y"),
            ]
        )
    with pytest.raises(pmf.InputError, match="cannot make a table of int"):
        table_of(3)


@pytest.mark.parametrize(("library", "extra"), [("pandas", "pandas"), ("polars", "frames")])
def test_without_the_library_the_error_names_the_extra(
    card: pmf.Scorecard, monkeypatch: pytest.MonkeyPatch, library: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, library, None)
    convert = card.to_pandas if library == "pandas" else card.to_polars
    with pytest.raises(ImportError, match=rf'^{library} is needed .*"councilpmf\[{extra}\]"$'):
        convert()


def test_the_methods_work_before_the_notebook_module_is_imported() -> None:
    code = (
        "import sys, councilpmf as pmf\n"
        "r = pmf.Readings.of([pmf.Reading(indicator='A', period='2024/25 Q1', value=1)])\n"
        "assert 'councilpmf.notebook' not in sys.modules\n"
        "print(r.to_polars().shape, r.to_pandas().shape)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["(1,", "10)", "(1,", "10)"]


def test_the_table_shows_what_it_holds_briefly(card: pmf.Scorecard) -> None:
    text = repr(scorecard_table(card))
    assert text.startswith(f"DataTable('scorecard', {len(card.indicators)} rows: report_period,")
    assert len(text) < 400


def test_the_notebooks_page_lists_every_column_of_every_table(council: pmf.CouncilFolder) -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "notebooks.md").read_text("utf-8")
    rows = dict(re.findall(r"(?m)^\| (\w+) \| (.+) \|$", text))
    for kind in KINDS:
        table = actions_table(council.framework) if kind == "actions" else table_of([], kind=kind)
        documented = re.findall(r"`(\w+)`", rows[kind])
        assert [name for name in documented if name in table.names] == list(table.names), kind
