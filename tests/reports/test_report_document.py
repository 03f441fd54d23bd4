"""The format-free report document, built from the Mansfield example for every kind."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import councilpmf as pmf
from councilpmf.core.checks import lead_committee_findings
from councilpmf.core.errors import InputError, InputTypeError
from councilpmf.core.rag import Status
from councilpmf.core.report import (
    NO_COMMENTARY,
    NO_OWNER,
    REPORT_KINDS,
    Chart,
    Column,
    DateCell,
    LevelCell,
    NumberCell,
    Paragraph,
    Report,
    Row,
    StatusCell,
    Table,
    TravelCell,
    build_report,
    cell_text,
    owner_text,
    performance_report,
)
from councilpmf.core.travel import Direction
from councilpmf.testing.samples import (
    PERIOD,
    sample_framework,
    sample_readings,
    with_actions,
)

MANSFIELD = Path(__file__).resolve().parents[2] / "examples" / "mansfield"
Q3 = pmf.parse_period("2024/25 Q3")
AS_OF = dt.date(2025, 1, 20)
COMMITTEE = "cabinet"  # examples/mansfield/committees.toml


@pytest.fixture(scope="module")
def council() -> pmf.CouncilFolder:
    return pmf.load_folder(MANSFIELD)


@pytest.fixture(scope="module")
def reports(council: pmf.CouncilFolder) -> dict[str, Report]:
    return {
        kind: build_report(kind, council.framework, council.readings, Q3, AS_OF, COMMITTEE)
        for kind in REPORT_KINDS
    }


def table(report: Report, heading: str, index: int = 0) -> Table:
    tables = [b for b in report.section(heading).blocks if isinstance(b, Table)]
    return tables[index]


def column(t: Table, key: str) -> list[object]:
    """The cells of one column, by key (the row header for the first column)."""
    keys = [c.key for c in t.columns]
    at = keys.index(key)
    return [row.header if at == 0 else row.cells[at - 1] for row in t.rows]


def cabinet_set(council: pmf.CouncilFolder) -> list[str]:
    sets = council.framework.sets_of(COMMITTEE)
    return list(dict.fromkeys(i for s in sets for i in s.indicators))


# -- every kind -------------------------------------------------------------------------------


def test_the_kinds() -> None:
    assert REPORT_KINDS == (
        "performance",
        "exceptions",
        "actions",
        "peer-challenge",
        "strategy-review",
        "risks",
        "audit",
    )


@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_every_kind_names_the_committee_and_council(reports: dict[str, Report], kind: str) -> None:
    report = reports[kind]
    assert report.kind == kind
    assert report.council == "Mansfield District Council"
    assert report.committee == "Cabinet"
    assert report.title.startswith("Cabinet: ")
    assert report.as_of == AS_OF
    assert report.summary
    assert report.sections


@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_the_same_inputs_give_an_equal_report(council: pmf.CouncilFolder, kind: str) -> None:
    again = build_report(kind, council.framework, council.readings, Q3, AS_OF, COMMITTEE)
    indexed = build_report(
        kind, council.framework, pmf.Readings.of(council.readings), Q3, AS_OF, COMMITTEE
    )
    first = build_report(kind, council.framework, council.readings, Q3, AS_OF, COMMITTEE)
    assert first == again == indexed
    assert hash(first) == hash(again)


def test_an_unknown_kind_is_refused_with_the_kinds(council: pmf.CouncilFolder) -> None:
    with pytest.raises(ValueError, match="unknown report kind 'league-table'") as error:
        build_report("league-table", council.framework, council.readings, Q3, AS_OF)
    for kind in REPORT_KINDS:
        assert kind in str(error.value)


@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_an_unknown_committee_is_refused_with_the_known_ids(
    council: pmf.CouncilFolder, kind: str
) -> None:
    with pytest.raises(ValueError, match="unknown committee 'cabinett'") as error:
        build_report(kind, council.framework, council.readings, Q3, AS_OF, "cabinett")
    for committee in council.framework.committees:
        assert committee.id in str(error.value)


@pytest.mark.parametrize("kind", REPORT_KINDS)
@pytest.mark.parametrize(
    ("written", "committee"),
    [
        ("CABINET", "cabinet"),
        (" cabinet ", "cabinet"),
        ("Cabinet", "cabinet"),
        ("overview and  scrutiny committee CORPORATE", "os-corporate"),
    ],
)
def test_a_committee_is_named_by_its_id_or_name_case_and_spacing_aside(
    council: pmf.CouncilFolder, kind: str, written: str, committee: str
) -> None:
    # as an action's lead committee is: the words a committee paper uses name it
    named = build_report(kind, council.framework, council.readings, Q3, AS_OF, written)
    by_id = build_report(kind, council.framework, council.readings, Q3, AS_OF, committee)
    assert named == by_id
    assert named.committee == council.framework.committee(committee).name


# -- performance ------------------------------------------------------------------------------


def test_performance_lists_the_committee_set_in_order(
    council: pmf.CouncilFolder, reports: dict[str, Report]
) -> None:
    report = reports["performance"]
    assert report.title == "Cabinet: performance report, 2024/25 Q3"
    indicators = table(report, "Indicators")
    assert column(indicators, "ref") == cabinet_set(council)
    assert len(indicators.rows) == 19


def test_performance_without_a_committee_lists_every_indicator(
    council: pmf.CouncilFolder,
) -> None:
    report = build_report("performance", council.framework, council.readings, Q3, AS_OF)
    assert report.title == "Mansfield District Council: performance report, 2024/25 Q3"
    assert report.committee is None
    refs = column(table(report, "Indicators"), "ref")
    assert refs == [i.id for i in council.framework.indicators]


def test_performance_cells_carry_the_scorecard_without_recomputing(
    council: pmf.CouncilFolder, reports: dict[str, Report]
) -> None:
    card = pmf.assess(
        council.framework, council.readings, Q3, AS_OF, indicators=cabinet_set(council)
    )
    indicators = table(reports["performance"], "Indicators")
    keys = [c.key for c in indicators.columns[1:]]
    for row, result in zip(indicators.rows, card.indicators, strict=True):
        cells = dict(zip(keys, row.cells, strict=True))
        assert row.header == result.title
        assert cells["ref"] == result.indicator
        assert cells["period"] == str(result.period)
        assert cells["rating"] == StatusCell(
            status=result.rating.status,
            word=result.rating.label,
            symbol=result.rating.status.symbol,
        )
        assert isinstance(cells["short_term"], TravelCell)
        assert cells["short_term"].direction is result.short_term.direction
        assert cells["long_term"].direction is result.long_term.direction  # type: ignore[union-attr]
        assert cells["commentary"] == result.note
        assert cells["owner"] == result.owner
        assert isinstance(cells["value"], NumberCell)
        assert cells["value"].value == result.value
        assert cells["target"] == NumberCell(value=result.target, text=result.target_text)


def test_performance_shows_numbers_with_their_text(reports: dict[str, Report]) -> None:
    indicators = table(reports["performance"], "Indicators")
    row = next(r for r in indicators.rows if r.cells[0] == "BEN01")
    assert row.cells[2] == NumberCell(value=24.8, text="24.8 days")
    assert row.cells[3] == NumberCell(value=20.0, text="20.0 days")
    assert cell_text(row.cells[4]) == "✖ Red"
    assert row.cells[5] == TravelCell(
        direction=Direction.WORSENING, word="Worsening", symbol=Direction.WORSENING.symbol
    )
    provisional = next(r for r in indicators.rows if r.cells[0] == "ENV01")
    assert provisional.cells[2] == NumberCell(value=32.6, text="32.6% (provisional)")
    blue = next(r for r in indicators.rows if r.cells[0] == "HOU03")
    assert blue.cells[4] == StatusCell(status=Status.BLUE, word="Exceeded", symbol="★")


def test_performance_summarises_ratings_per_theme(reports: dict[str, Report]) -> None:
    themes = table(reports["performance"], "Summary")
    assert column(themes, "theme") == [
        "Our communities",
        "Our organisation",
        "Our district",
        "Our environment",
        "Our economy",
        "All indicators",
    ]
    total = themes.rows[-1]
    assert total.cells == (1, 6, 6, 4, 1, 1, 19)
    assert [c.title for c in themes.columns[1:7]] == [s.word for s in Status]


def test_performance_has_a_trend_chart_per_indicator(reports: dict[str, Report]) -> None:
    report = reports["performance"]
    charts = report.charts()
    assert len(charts) == 19
    fin01 = charts[0]
    assert fin01.title == "Council tax collected in year (cumulative) (FIN01)"
    assert [s.name for s in fin01.series] == ["Value", "Target"]
    labels = [p.label for p in fin01.series[0].points]
    assert labels == [
        "Apr 2024",
        "May 2024",
        "Jun 2024",
        "Jul 2024",
        "Aug 2024",
        "Sep 2024",
        "Oct 2024",
        "Nov 2024",
        "Dec 2024",
    ]
    assert fin01.description == "Fell from 84.0% in Dec 2023 to 83.7% in Dec 2024; target 72.4%"
    ben01 = next(c for c in charts if c.title.endswith("(BEN01)"))
    assert [p.label for p in ben01.series[0].points][-1] == "2024/25 Q3"
    assert len(ben01.series[0].points) == 7  # from 2023/24 Q1, its first value
    assert ben01.series[0].points[-1].value == 24.8
    assert ben01.series[0].points[-1].text == "24.8 days"
    assert ben01.description.startswith("Rose from 23.0 days in 2023/24 Q3 to 24.8 days")
    data_only = next(c for c in charts if c.title.endswith("(ECO02)"))
    assert [s.name for s in data_only.series] == ["Value"]
    assert "data only, no target" in data_only.description
    no_data = next(c for c in charts if c.title.endswith("(ASB01)"))
    assert "no value for 2024/25 Q3" in no_data.description


def test_charts_can_be_left_out(council: pmf.CouncilFolder) -> None:
    report = performance_report(
        council.framework, council.readings, Q3, AS_OF, COMMITTEE, charts=False
    )
    assert report.charts() == ()
    assert "Trends" not in [s.heading for s in report.sections]
    assert (
        build_report(
            "performance", council.framework, council.readings, Q3, AS_OF, COMMITTEE, charts=False
        )
        == report
    )


# -- exceptions -------------------------------------------------------------------------------


def test_exceptions_list_reds_then_ambers_with_hr01(reports: dict[str, Report]) -> None:
    report = reports["exceptions"]
    assert report.title == "Cabinet: exceptions report, 2024/25 Q3"
    exceptions = table(report, "Exceptions")
    refs = column(exceptions, "ref")
    statuses = [c.status for c in column(exceptions, "rating")]  # type: ignore[attr-defined]
    assert refs[:4] == ["BEN01", "LEI01", "HOU02", "ENV03"]
    assert set(statuses[:4]) == {Status.RED}
    assert set(statuses[4:]) == {Status.AMBER}
    assert "HR01" in refs
    reasons = dict(zip(refs, column(exceptions, "reasons"), strict=True))
    assert reasons["HR01"] == "Amber; missed three periods in a row"
    commentary = dict(zip(refs, column(exceptions, "commentary"), strict=True))
    assert str(commentary["HR01"]).startswith("Third quarter in a row just above target.")
    assert "GOV01" not in refs  # green, and not in Cabinet's set


def test_a_red_without_commentary_is_flagged(council: pmf.CouncilFolder) -> None:
    readings = tuple(
        attrs.evolve(r, note="") if (r.indicator, r.period) == ("BEN01", Q3) else r
        for r in council.readings
    )
    report = build_report("exceptions", council.framework, readings, Q3, AS_OF, COMMITTEE)
    exceptions = table(report, "Exceptions")
    checks = dict(zip(column(exceptions, "ref"), column(exceptions, "check"), strict=True))
    assert checks["BEN01"] == NO_COMMENTARY
    assert NO_COMMENTARY.startswith("No commentary: a red rating needs commentary")
    assert [ref for ref, check in checks.items() if check] == ["BEN01"]
    summary = [b.text for b in report.section("Summary").blocks if isinstance(b, Paragraph)]
    assert any("1 red indicator has no commentary" in text for text in summary)


def test_an_amber_without_commentary_is_not_flagged(reports: dict[str, Report]) -> None:
    exceptions = table(reports["exceptions"], "Exceptions")
    checks = dict(zip(column(exceptions, "ref"), column(exceptions, "check"), strict=True))
    assert checks["CSV01"] == ""  # amber, no note
    assert all(check == "" for check in checks.values())


# -- actions ----------------------------------------------------------------------------------


def test_actions_report_every_planned_action(
    council: pmf.CouncilFolder, reports: dict[str, Report]
) -> None:
    report = reports["actions"]
    actions = table(report, "Actions")
    planned = list(council.framework.planned_actions())
    assert column(actions, "ref") == [p.action.ref for p in planned]
    assert column(actions, "plan") == [p.plan for p in planned]
    rows = {
        row.header: dict(zip(column_keys(actions), row.cells, strict=True)) for row in actions.rows
    }
    late = rows["COM-02"]
    assert late["overdue"] == "Yes"
    assert late["status"] == "On target"
    assert late["meaning"] == "In progress"
    assert late["due"] == DateCell(value=dt.date(2024, 10, 31), text="31 Oct 2024")
    assert late["lead_committee"] == "Cabinet"
    assert late["complete"] == NumberCell(value=80.0, text="80%")
    assert late["expected"] == NumberCell(value=100.0, text="100%")
    assert late["progress"] == "Monitor"
    done = rows["COM-04"]
    assert done["overdue"] == "No"
    assert done["meaning"] == "Complete"
    assert set(column(actions, "overdue")) == {"Yes", "No"}
    by_plan = table(report, "Summary")
    assert sum(row.cells[0] for row in by_plan.rows) == len(planned)  # type: ignore[misc]


def test_two_plans_of_one_name_are_counted_and_named_apart() -> None:
    # A folder keeping last year's service plan beside this year's, for the same service.
    sample = sample_framework()
    housing = sample.service_plans[0]
    earlier = attrs.evolve(housing, id="SP-H-2023", year=pmf.parse_period("2023/24"))
    fw = attrs.evolve(sample, service_plans=(earlier, housing))
    report = build_report("actions", fw, sample_readings(), PERIOD, AS_OF)
    by_plan = table(report, "Summary")
    housing_rows = {row.header: row.cells[0] for row in by_plan.rows if "Housing" in row.header}
    assert housing_rows == {"Housing, 2023/24": 1, "Housing, 2024/25": 1}
    assert report.summary.startswith("4 actions in 3 plans:")
    plans = column(table(report, "Actions"), "plan")
    assert plans[-2:] == ["Housing, 2023/24", "Housing, 2024/25"]
    # A name no other plan has is left as it is.
    assert plans[0] == sample.delivery_plans[0].title


def test_a_plan_with_no_actions_yet_has_its_row_and_is_counted() -> None:
    """A new plan with no actions yet was left out of the table, and the summary counted one
    plan too few."""
    sample = sample_framework()
    new = pmf.ServicePlan(id="SP-L", service="Leisure", year=pmf.parse_period("2024/25"))
    fw = attrs.evolve(sample, service_plans=(*sample.service_plans, new))
    report = build_report("actions", fw, sample_readings(), PERIOD, AS_OF)
    rows = {row.header: row.cells for row in table(report, "Summary").rows}
    assert rows["Leisure"] == (0, 0, 0, 0)
    plans = len(fw.delivery_plans) + len(fw.service_plans)
    assert f" in {plans} plans:" in report.summary
    assert list(rows) == list(fw.plan_names())


def test_two_plans_of_one_name_and_year_are_named_apart_by_their_ids() -> None:
    sample = sample_framework()
    housing = sample.service_plans[0]
    fw = attrs.evolve(sample, service_plans=(housing, attrs.evolve(housing, id="SP-H2")))
    assert [p.plan for p in fw.planned_actions()][-2:] == [
        "Housing, 2024/25, SP-H",
        "Housing, 2024/25, SP-H2",
    ]


@pytest.mark.parametrize(("percent", "shown"), [(99.6, "99.6%"), (0.4, "0.4%"), (100.0, "100%")])
def test_an_unfinished_action_is_never_shown_0_or_100_percent_complete(
    council: pmf.CouncilFolder, percent: float, shown: str
) -> None:
    framework = with_actions(
        council.framework,
        lambda actions: tuple(
            attrs.evolve(a, percent_complete=percent, updates=()) for a in actions
        ),
    )
    report = build_report("actions", framework, council.readings, Q3, AS_OF)
    cells = column(table(report, "Actions"), "complete")
    assert {c.text for c in cells} == {shown}  # type: ignore[attr-defined]


def column_keys(t: Table) -> list[str]:
    return [c.key for c in t.columns[1:]]


def _nobody_owns(framework: pmf.Framework) -> pmf.Framework:
    """The framework with no owner named anywhere: none at all, or one a reader cannot see."""

    def unowned(actions: tuple[pmf.Action, ...]) -> tuple[pmf.Action, ...]:
        return tuple(
            attrs.evolve(a, owners=("\u200b",) if n % 2 else ()) for n, a in enumerate(actions)
        )

    return with_actions(
        attrs.evolve(
            framework, indicators=tuple(attrs.evolve(i, owner="") for i in framework.indicators)
        ),
        unowned,
    )


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("performance", "owner"),
        ("exceptions", "owner"),
        ("actions", "owners"),
        ("peer-challenge", "owners"),
    ],
)
def test_an_owner_cell_names_nobody_in_words_never_blank(
    council: pmf.CouncilFolder, kind: str, key: str
) -> None:
    framework = _nobody_owns(council.framework)
    report = build_report(kind, framework, council.readings, Q3, AS_OF)
    owners = [cell for t in report.tables() if key in column_keys(t) for cell in column(t, key)]
    assert owners, f"{kind} has no {key} column"
    assert set(owners) == {NO_OWNER}
    assert owner_text("", "\u200b", " ") == NO_OWNER
    assert owner_text("Head of Finance", "\u200b", "Jo Bloggs") == "Head of Finance; Jo Bloggs"


# -- peer challenge ---------------------------------------------------------------------------


def test_peer_challenge_has_its_recommendations_actions_and_milestones(
    reports: dict[str, Report],
) -> None:
    report = reports["peer-challenge"]
    assert report.title == "Cabinet: peer challenge report, 2024/25 Q3"
    recommendations = [s for s in report.sections if s.heading.startswith("Recommendation ")]
    assert [s.heading for s in recommendations] == [f"Recommendation {n}" for n in range(1, 7)]
    action_tables = [b for s in recommendations for b in s.blocks if isinstance(b, Table)]
    assert sum(len(t.rows) for t in action_tables) == 21
    assert [c.key for c in action_tables[0].columns] == [
        "ref",
        "title",
        "timescale",
        "due",
        "status",
        "meaning",
        "owners",
        "lead_committee",
        "overdue",
    ]
    first = {row.header: row.cells for row in action_tables[0].rows}
    assert first["1.1"][-1] == "No"  # complete
    assert first["1.3"][-1] == "Yes"  # due November 2024, still on target in January 2025
    assert first["1.3"][1] == "November 2024"
    milestones = table(report, "LGA Corporate Peer Challenge 2023")
    assert [row.header for row in milestones.rows] == [
        "Action plan published",
        "Progress review held",
        "Progress review report published",
    ]
    response = recommendations[0].blocks[1]
    assert isinstance(response, Paragraph)
    assert response.text.startswith("The council's response: MDC fully agree")


# -- strategy review --------------------------------------------------------------------------


def test_strategy_review_counts_ratings_per_theme_per_quarter(
    council: pmf.CouncilFolder, reports: dict[str, Report]
) -> None:
    report = reports["strategy-review"]
    assert report.title == "Cabinet: annual strategy review, 2024/25"
    assert report.period == "2024/25"
    quarters = ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2024/25 Q4"]
    performance = table(reports["performance"], "Summary")
    themes_in_q3 = {row.header: row.cells for row in performance.rows}
    for theme in council.framework.plan.themes:
        counts = table(report, theme.name)
        assert [c.title for c in counts.columns[1:]] == quarters
        assert all(c.kind == "number" for c in counts.columns[1:])
        assert [row.header for row in counts.rows] == [s.word for s in Status] + ["Indicators"]
        q3 = [row.cells[2] for row in counts.rows]
        assert tuple(q3) == themes_in_q3[theme.name]  # the same scorecard as the performance report
    notes = [b.text for b in report.section("Summary").blocks if isinstance(b, Paragraph)]
    assert any(text.startswith("2024/25 Q4 had not ended on 20 Jan 2025") for text in notes)


@pytest.mark.parametrize(
    ("refs", "said"), [({"D1"}, "1 action serves"), ({"D1", "D2"}, "2 actions serve")]
)
def test_strategy_review_counts_a_themes_actions_in_words_that_agree(
    refs: set[str], said: str
) -> None:
    kept = with_actions(
        sample_framework(), lambda actions: tuple(a for a in actions if a.ref in refs)
    )
    report = pmf.build_report("strategy-review", kept, sample_readings(), PERIOD, AS_OF)
    notes = [b.text for b in report.section("Homes").blocks if isinstance(b, Paragraph)]
    assert f"{said} this theme: 0 complete or closed, 0 overdue on 20 Jan 2025." in notes


# -- where each row belongs: its group and committee ------------------------------------------

CLT, CABINET, OS_CORPORATE = (
    "Corporate Leadership Team (CLT)",
    "Cabinet",
    "Overview and Scrutiny Committee Corporate",
)


def places(t: Table) -> dict[str, tuple[str, str]]:
    """Each row's (group, committee), by its ref (second column) or else its header."""
    refs = [c.key for c in t.columns]
    at = refs.index("ref") - 1 if "ref" in refs[1:] else None
    return {
        (str(row.cells[at]) if at is not None else row.header): (row.group, row.committee)
        for row in t.rows
    }


def test_indicator_rows_carry_their_theme_and_committee(reports: dict[str, Report]) -> None:
    indicators = places(table(reports["performance"], "Indicators"))
    assert indicators["BEN01"] == ("Our organisation", CABINET)
    assert indicators["HOU01"] == ("Our communities", CABINET)
    assert indicators["ENV05"] == ("Our environment", CABINET)
    assert indicators["PLA01"] == ("Our economy", CABINET)
    themes = {t.name for t in pmf.load_folder(MANSFIELD).framework.plan.themes}
    assert {group for group, _ in indicators.values()} == themes
    exceptions = places(table(reports["exceptions"], "Exceptions"))
    assert exceptions["BEN01"] == ("Our organisation", CABINET)
    assert set(exceptions.values()) <= set(indicators.values())


def test_without_a_committee_an_indicator_row_names_every_committee_watching_it(
    council: pmf.CouncilFolder,
) -> None:
    report = build_report("performance", council.framework, council.readings, Q3, AS_OF)
    indicators = places(table(report, "Indicators"))
    assert indicators["BEN01"] == ("Our organisation", f"{CLT}; {CABINET}; {OS_CORPORATE}")
    assert indicators["GOV01"] == ("Our organisation", CLT)
    assert indicators["CTX01"] == ("Our district", CLT)
    themes = places(table(report, "Summary"))
    assert themes["Our district"] == ("Our district", "")
    assert themes["All indicators"] == ("", "")


def test_theme_summary_rows_are_grouped_by_their_theme(reports: dict[str, Report]) -> None:
    themes = places(table(reports["performance"], "Summary"))
    assert themes["Our communities"] == ("Our communities", CABINET)
    assert themes["All indicators"] == ("", CABINET)


def test_action_rows_are_grouped_by_plan_and_carry_their_lead_committee(
    reports: dict[str, Report],
) -> None:
    report = reports["actions"]
    actions = places(table(report, "Actions"))
    communities = "Our communities delivery plan 2024/25"
    assert actions["COM-01"] == (communities, "Overview and Scrutiny Committee Communities")
    assert actions["COM-02"] == (communities, CABINET)
    for row in table(report, "Actions").rows:
        plan, lead = row.cells[1], row.cells[-1]
        assert (row.group, row.committee) == (plan, lead)
    plans = places(table(report, "Summary"))
    assert plans[communities] == (communities, CABINET)


def _leads_shown(
    council: pmf.CouncilFolder, written: tuple[str, ...]
) -> tuple[pmf.Framework, list[object]]:
    """The council with its first plan's actions led by the committees ``written``, which
    validation must accept, and the lead committees its actions report shows."""
    plan = council.framework.delivery_plans[0]
    actions = tuple(
        attrs.evolve(a, lead_committee=lead) for a, lead in zip(plan.actions, written, strict=False)
    )
    framework = attrs.evolve(
        council.framework, delivery_plans=(attrs.evolve(plan, actions=actions),)
    )
    found = lead_committee_findings(framework)
    assert not [f for f in found if f.path.startswith("$.delivery_plans")]
    report = build_report("actions", framework, (), Q3, AS_OF)
    leads = column(table(report, "Actions"), "lead_committee")
    return framework, leads


def test_a_lead_committee_written_in_other_case_or_spacing_is_shown_by_its_name(
    council: pmf.CouncilFolder,
) -> None:
    # Validation accepts a committee's id or name whatever its case and spacing; the report
    # shows the committee's own name, so rows can be filtered by committee alike.
    written = ("CABINET", "  cabinet", "overview and  scrutiny committee COMMUNITIES")
    _, leads = _leads_shown(council, written)
    assert leads[: len(written)] == [
        CABINET,
        CABINET,
        "Overview and Scrutiny Committee Communities",
    ]


def test_a_set_naming_its_committee_by_name_is_in_that_committees_report(
    council: pmf.CouncilFolder, reports: dict[str, Report]
) -> None:
    framework = attrs.evolve(
        council.framework,
        indicator_sets=tuple(
            attrs.evolve(s, committee=CABINET.upper()) if s.committee == COMMITTEE else s
            for s in council.framework.indicator_sets
        ),
    )
    report = build_report("performance", framework, council.readings, Q3, AS_OF, COMMITTEE)
    assert report == reports["performance"]


def test_a_lead_committee_that_looks_the_same_on_the_page_is_the_committee(
    council: pmf.CouncilFolder,
) -> None:
    # Pasted from a committee paper, a name may hold what a reader cannot see: a zero-width
    # space, a soft hyphen, full-width letters, an accent written apart. It reads as the
    # committee's name, so it is the committee, as a supplier or an approver is.
    written = (
        "Cabinet\u200b",
        "Cabi\u00adnet",
        "\uff23\uff41\uff42\uff49\uff4e\uff45\uff54",
        "Overview and Scrutiny Committee Communities\u2060",
    )
    framework, leads = _leads_shown(council, written)
    assert leads[: len(written)] == [
        CABINET,
        CABINET,
        CABINET,
        "Overview and Scrutiny Committee Communities",
    ]
    by_id = build_report("performance", framework, council.readings, Q3, AS_OF, "cabinet")
    assert build_report("performance", framework, council.readings, Q3, AS_OF, written[0]) == by_id


def test_the_actions_notes_say_how_overdue_and_progress_treat_ongoing_and_cancelled(
    council: pmf.CouncilFolder,
) -> None:
    # The notes tell the committee how to read the table, so they must agree with its rows.
    plan = council.framework.delivery_plans[0]
    past_due = [
        attrs.evolve(
            a,
            status=word,
            start=dt.date(2024, 4, 1),
            due=dt.date(2024, 4, 30),
            percent_complete=10.0,
            updates=(),
        )
        for a, word in zip(plan.actions, ("Ongoing", "Cancelled"), strict=False)
    ]
    framework = attrs.evolve(
        council.framework,
        delivery_plans=(attrs.evolve(plan, actions=(*past_due, *plan.actions[2:])),),
    )
    report = build_report("actions", framework, (), Q3, AS_OF)
    actions = table(report, "Actions")
    assert column(actions, "overdue")[:2] == ["No", "No"]
    assert column(actions, "progress")[1] == ""
    notes = " ".join(b.text for b in report.section("Summary").blocks if isinstance(b, Paragraph))
    assert "not complete, cancelled or ongoing" in notes
    assert "on track; a cancelled one, and an ongoing one past its due date (the day" in notes


def test_peer_challenge_rows_are_grouped_by_recommendation(reports: dict[str, Report]) -> None:
    report = reports["peer-challenge"]
    challenge = "LGA Corporate Peer Challenge 2023"
    milestones = places(table(report, challenge))
    assert set(milestones.values()) == {(challenge, CABINET)}
    assert places(table(report, "Recommendation 2"))["2.3"] == ("Recommendation 2", "Full Council")
    assert places(table(report, "Recommendation 3"))["3.1"] == (
        "Recommendation 3",
        "Overview and Scrutiny Committee Place",
    )
    assert set(places(table(report, "Recommendation 4")).values()) == {
        ("Recommendation 4", CABINET)
    }


def test_strategy_review_rows_are_grouped_by_theme(reports: dict[str, Report]) -> None:
    report = reports["strategy-review"]
    assert set(places(table(report, "Our economy")).values()) == {("Our economy", CABINET)}
    assert set(places(table(report, "Summary")).values()) == {("", CABINET)}


def test_an_indicator_serving_no_theme_has_no_group() -> None:
    q3_target = pmf.Target(period=Q3, value=90.0)
    framework = pmf.Framework(
        plan=pmf.StrategicPlan(
            title="Plan",
            organisation="Anytown Council",
            themes=(
                pmf.Theme(
                    id="T",
                    name="Our place",
                    priorities=(pmf.Priority(id="P", statement="Clean", indicators=("FT",)),),
                ),
            ),
        ),
        indicators=(
            pmf.Indicator(id="FT", title="Fly-tips", targets=(q3_target,)),
            pmf.Indicator(id="CTX", title="Population", targets=(q3_target,)),
        ),
    )
    readings = [pmf.Reading(indicator=i, period=Q3, value=80.0) for i in ("FT", "CTX")]
    report = build_report("performance", framework, readings, Q3, AS_OF)
    assert places(table(report, "Indicators")) == {"FT": ("Our place", ""), "CTX": ("", "")}


# -- the records ------------------------------------------------------------------------------


COLUMNS = (Column(key="name", title="Name"), Column(key="n", title="N", kind="number"))
A_ROW = "the table has 1 column after the row header"
NOT_A_CELL = "must be text, a number, a cell record or None"


@pytest.mark.parametrize(
    ("make", "kind", "said"),
    [
        (
            lambda: Table(caption="bad", columns=COLUMNS, rows=(Row(header="a", cells=(1, 2)),)),
            InputError,
            f"$.rows[0].cells: 2 in the row 'a', where {A_ROW}",
        ),
        (
            lambda: Table(caption="bad", columns=COLUMNS, rows=(Row(header="a", cells=()),)),
            InputError,
            f"$.rows[0].cells: 0 in the row 'a', where {A_ROW}",
        ),
        (
            lambda: Table(caption="bad", columns=()),
            InputError,
            "columns must not be empty: a table has its row-header column",
        ),
        (
            lambda: Table(caption="bad", columns=(COLUMNS[0], COLUMNS[1], COLUMNS[0])),
            InputError,
            "$.columns[2].key: 'name' is already the key of the column at $.columns[0]; give "
            "each column its own key",
        ),
        (
            lambda: Column(key="x", title="X", kind="colour"),
            InputError,
            "kind must be 'text', 'number', 'status', 'travel' or 'date', not 'colour'",
        ),
        (lambda: Row(header="a", cells=[1]), InputTypeError, "cells must be a tuple, not [1]"),
        (
            lambda: Row(header="a", cells=(1, True)),
            InputTypeError,
            f"cells[1] {NOT_A_CELL}, not True",
        ),
        (
            lambda: Row(header="a", cells=(["list"],)),
            InputTypeError,
            f"cells[0] {NOT_A_CELL}, not ['list']",
        ),
        (
            lambda: Row(header="a", cells=("x", math.nan)),
            InputTypeError,
            "cells[1] must be a finite number, not nan",
        ),
        (
            lambda: Row(header="a", cells=(math.inf,)),
            InputTypeError,
            "cells[0] must be a finite number, not inf",
        ),
        (
            lambda: NumberCell(value=math.nan, text="nan"),
            InputTypeError,
            "value must be a finite number or None, not nan",
        ),
        (
            lambda: NumberCell(value=True, text="yes"),
            InputTypeError,
            "value must be a finite number or None, not True",
        ),
        (
            lambda: LevelCell(value=1, text="1 (Low)", level="Low", rank=5, levels=4),
            InputError,
            "rank must be at most 4, not 5",
        ),
        (
            lambda: LevelCell(value=1, text="1 (Low)", level="Low", rank=0, levels=4),
            InputError,
            "rank must be at least 1, not 0",
        ),
        (
            lambda: LevelCell(value=1, text="1 (Low)", level="Low", rank="1", levels=4),
            InputTypeError,
            "rank must be a whole number, not '1'",
        ),
        (
            lambda: LevelCell(value=1, text="1 (Low)", level="Low", rank=1, levels=0),
            InputError,
            "levels must be at least 1, not 0",
        ),
    ],
    ids=[
        "too-many-cells",
        "too-few-cells",
        "no-columns",
        "repeated-column-key",
        "column-kind",
        "cells-not-a-tuple",
        "bool-cell",
        "list-cell",
        "nan-cell",
        "infinite-cell",
        "nan-number-cell",
        "bool-number-cell",
        "rank-above-levels",
        "rank-below-one",
        "rank-not-a-number",
        "no-levels",
    ],
)
def test_a_document_record_is_refused_in_one_line_naming_the_field(
    make: Callable[[], object], kind: type[InputError], said: str
) -> None:
    """As every other record of the core: an ``InputError`` (an ``InputTypeError`` for a
    value of the wrong kind, also a ``TypeError``), so a caller catches one class; both are
    ``ValueError``, as these refusals were."""
    with pytest.raises(InputError) as refused:
        make()
    assert type(refused.value) is kind
    assert str(refused.value) == said
    assert isinstance(refused.value, ValueError)


def test_a_table_whose_rows_fit_and_a_cell_of_each_kind_are_taken() -> None:
    table = Table(caption="ok", columns=COLUMNS, rows=(Row(header="a", cells=(1,)),))
    assert table.rows[0].cells == (1,)
    assert NumberCell(value=None, text="no data").value is None
    assert LevelCell(value=1, text="1 (Low)", level="Low", rank=4, levels=4).rank == 4


def test_a_report_without_peer_challenge_or_committees_still_builds() -> None:
    plan = pmf.StrategicPlan(title="Plan", organisation="Anytown Council")
    framework = pmf.Framework(plan=plan)
    for kind in REPORT_KINDS:
        report = build_report(kind, framework, [], Q3, AS_OF)
        assert report.title.startswith("Anytown Council: ")
    with pytest.raises(ValueError, match="this framework has no committees"):
        build_report("performance", framework, [], Q3, AS_OF, "cabinet")
    peer = build_report("peer-challenge", framework, [], Q3, AS_OF)
    assert peer.summary == "No peer challenge is recorded."
    exceptions = build_report("exceptions", framework, [], Q3, AS_OF)
    assert isinstance(exceptions.section("Exceptions").blocks[0], Paragraph)


def test_charts_and_tables_are_listed_in_order(reports: dict[str, Report]) -> None:
    report = reports["performance"]
    assert all(isinstance(c, Chart) for c in report.charts())
    assert [t.caption for t in report.tables()] == [
        "Ratings by theme, 2024/25 Q3",
        "Indicators, 2024/25 Q3",
    ]
    with pytest.raises(KeyError):
        report.section("No such section")


# -- a value that is missing, and why ---------------------------------------------------------

PAUSED = "Survey paused while the questionnaire is redesigned"


def council_of(*indicators: pmf.Indicator) -> pmf.Framework:
    return pmf.Framework(
        plan=pmf.StrategicPlan(title="Plan", organisation="Anytown Council"),
        indicators=indicators,
    )


def visits(*periods: pmf.Period) -> pmf.Indicator:
    return pmf.Indicator(
        id="K", title="Visits", targets=tuple(pmf.Target(period=p, value=10.0) for p in periods)
    )


def value_of(report: Report, ref: str) -> NumberCell:
    """The value cell of the indicator ``ref`` in a performance or exceptions report."""
    (found,) = (t for t in report.tables() if "value" in [c.key for c in t.columns] and t.rows)
    cell = dict(zip(column(found, "ref"), column(found, "value"), strict=True))[ref]
    assert isinstance(cell, NumberCell)
    return cell


def test_a_missing_value_says_why_beside_it_and_stays_empty() -> None:
    framework = council_of(visits(Q3))
    readings = [pmf.Reading(indicator="K", period=Q3, missing_reason=PAUSED)]
    report = build_report("performance", framework, readings, Q3, AS_OF, charts=False)
    assert value_of(report, "K") == NumberCell(value=None, text=f"no data: {PAUSED}")


def test_a_late_return_with_no_reading_still_says_no_data() -> None:
    framework = council_of(visits(Q3))
    report = build_report("performance", framework, [], Q3, AS_OF, charts=False)
    assert value_of(report, "K") == NumberCell(value=None, text="no data")


def test_a_provisional_missing_value_keeps_its_mark_before_the_reason() -> None:
    framework = council_of(visits(Q3))
    readings = [pmf.Reading(indicator="K", period=Q3, missing_reason=PAUSED, status="provisional")]
    report = build_report("performance", framework, readings, Q3, AS_OF, charts=False)
    assert value_of(report, "K").text == f"no data (provisional): {PAUSED}"


def test_a_reason_beside_a_value_is_never_shown() -> None:
    from councilpmf.core.report.shared import value_cell

    framework = council_of(visits(Q3))
    readings = [pmf.Reading(indicator="K", period=Q3, value=12.0)]
    (result,) = pmf.assess(framework, readings, Q3, AS_OF).indicators
    stale = attrs.evolve(result, missing_reason="survey paused")
    assert value_cell(stale) == NumberCell(value=12.0, text="12.0")
    blank = attrs.evolve(result, value=None, value_text="no data", missing_reason="  ")
    assert value_cell(blank).text == "no data"


def test_a_missing_value_keeps_its_reason_beside_the_readings_own_commentary() -> None:
    framework = council_of(visits(Q3))
    readings = [
        pmf.Reading(indicator="K", period=Q3, missing_reason=PAUSED, note="Restarts in May.")
    ]
    report = build_report("performance", framework, readings, Q3, AS_OF, charts=False)
    indicators = table(report, "Indicators")
    assert value_of(report, "K").text == f"no data: {PAUSED}"
    assert column(indicators, "commentary") == ["Restarts in May."]


def test_a_calculated_indicator_with_no_value_says_why() -> None:
    rate = pmf.Indicator(
        id="R",
        title="Rate",
        numerator="N",
        denominator="D",
        targets=(pmf.Target(period=Q3, value=1.0),),
    )
    total = pmf.Indicator(id="S", title="Sum", formula="N + M")
    framework = council_of(
        pmf.Indicator(id="N", title="N"),
        pmf.Indicator(id="D", title="D"),
        pmf.Indicator(id="M", title="M"),
        rate,
        total,
    )
    readings = [
        pmf.Reading(indicator="N", period=Q3, value=5.0),
        pmf.Reading(indicator="D", period=Q3, value=0.0),
        pmf.Reading(indicator="M", period=Q3, missing_reason="survey paused"),
    ]
    report = build_report("performance", framework, readings, Q3, AS_OF, charts=False)
    divided = value_of(report, "R")
    assert divided.value is None
    assert divided.text.startswith("no data: division by zero")
    assert "D is 0" in divided.text
    summed = value_of(report, "S")
    assert summed.value is None
    assert summed.text.startswith("no data: ") and summed.text.endswith("survey paused")
    assert "M in 2024/25 Q3" in summed.text


def test_a_figure_awaiting_approval_still_says_only_that() -> None:
    from councilpmf.core.approval import AWAITING_APPROVAL, approved_only

    framework = council_of(visits(Q3))
    readings = approved_only(
        [pmf.Reading(indicator="K", period=Q3, value=4.0, status="provisional", approval="draft")]
    )
    report = build_report("performance", framework, readings, Q3, AS_OF, charts=False)
    assert value_of(report, "K") == NumberCell(value=None, text=AWAITING_APPROVAL)


def test_the_exceptions_report_says_why_a_listed_value_is_missing() -> None:
    q1, q2 = pmf.parse_period("2024/25 Q1"), pmf.parse_period("2024/25 Q2")
    framework = council_of(visits(q1, q2, Q3))
    readings = [
        pmf.Reading(indicator="K", period=q1, value=1.0),
        pmf.Reading(indicator="K", period=q2, value=1.0),
        pmf.Reading(indicator="K", period=Q3, missing_reason=PAUSED),
    ]
    report = build_report("exceptions", framework, readings, Q3, AS_OF)
    assert value_of(report, "K") == NumberCell(value=None, text=f"no data: {PAUSED}")


def test_a_trend_chart_says_why_each_missing_value_is_missing() -> None:
    q1, q2 = pmf.parse_period("2024/25 Q1"), pmf.parse_period("2024/25 Q2")
    framework = council_of(visits(q1, q2, Q3))
    readings = [
        pmf.Reading(indicator="K", period=q1, value=12.0),
        pmf.Reading(indicator="K", period=q2, missing_reason=PAUSED),
    ]
    report = build_report("performance", framework, readings, Q3, AS_OF)
    (chart,) = report.charts()
    points = chart.series[0].points
    assert [(p.label, p.value, p.text) for p in points] == [
        ("2024/25 Q1", 12.0, "12.0"),
        ("2024/25 Q2", None, f"no data: {PAUSED}"),
        ("2024/25 Q3", None, "no data"),
    ]
    data = chart.data_table()
    assert [cell_text(r.cells[0]) for r in data.rows][1:] == [f"no data: {PAUSED}", "no data"]


@pytest.mark.parametrize(
    ("published", "said"),
    [
        (dt.date(2023, 12, 1), "Feedback report published 1 Dec 2023."),
        (True, "Feedback report published; the date is not recorded."),
        (None, "Feedback report not recorded as published."),
        (dt.date(2025, 6, 1), "Feedback report not recorded as published."),  # after as_of
    ],
)
def test_a_peer_challenge_says_when_its_feedback_report_was_published(
    published: dt.date | bool | None, said: str
) -> None:
    challenge = pmf.PeerChallenge(
        title="LGA Corporate Peer Challenge 2023",
        organisation="Anytown Council",
        visited=dt.date(2023, 10, 1),
        report_published=published,
    )
    framework = attrs.evolve(council_of(visits(Q3)), peer_challenges=(challenge,))
    report = build_report("peer-challenge", framework, [], Q3, AS_OF)
    blocks = report.section(challenge.title).blocks
    words = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert words == ["Visited 1 Oct 2023.", said]
    plan = table(report, challenge.title).rows[0]
    # the action plan is due three months from the visit, whenever the report came out
    assert plan.header == "Action plan published"
    assert plan.cells[0] == DateCell.of(dt.date(2024, 1, 1), "unknown")


@pytest.mark.parametrize(
    ("as_of", "said"),
    [
        (dt.date(2023, 9, 1), "The peer team visits on 1 Oct 2023, after 1 Sep 2023."),
        (dt.date(2023, 9, 30), "The peer team visits on 1 Oct 2023, after 30 Sep 2023."),
        (dt.date(2023, 10, 1), "Visited 1 Oct 2023."),
    ],
)
def test_a_visit_after_as_of_is_not_said_to_have_happened(as_of: dt.date, said: str) -> None:
    # A council records a challenge booked ahead; a report as of a day before the visit must
    # not tell a committee the peer team has been.
    challenge = pmf.PeerChallenge(
        title="LGA Corporate Peer Challenge 2023",
        organisation="Anytown Council",
        visited=dt.date(2023, 10, 1),
    )
    framework = attrs.evolve(council_of(visits(Q3)), peer_challenges=(challenge,))
    report = build_report("peer-challenge", framework, [], "2023/24 Q2", as_of)
    blocks = report.section(challenge.title).blocks
    assert next(b.text for b in blocks if isinstance(b, Paragraph)) == said


def test_a_recommendation_without_actions_says_so_above_its_empty_table() -> None:
    # A council may answer a recommendation by actions set under another ("see 1.1"): its
    # table has no rows, which a reader of a rendered page (or a screen reader) cannot tell
    # from a table that failed to fill.
    challenge = pmf.PeerChallenge(
        title="LGA Corporate Peer Challenge 2023",
        organisation="Anytown Council",
        visited=dt.date(2023, 10, 1),
        recommendations=(
            pmf.Recommendation(
                number=1, text="Agree the plan", actions=(pmf.Action(ref="1.1", title="Agree"),)
            ),
            pmf.Recommendation(number=2, text="Review the plan", response="See action 1.1"),
        ),
    )
    framework = attrs.evolve(council_of(visits(Q3)), peer_challenges=(challenge,))
    report = build_report("peer-challenge", framework, [], Q3, AS_OF)
    with_actions = report.section("Recommendation 1").blocks
    assert not any(
        isinstance(b, Paragraph) and b.text.startswith("No action") for b in with_actions
    )
    blocks = report.section("Recommendation 2").blocks
    words = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert words == [
        "Review the plan",
        "The council's response: See action 1.1",
        "No action is set for recommendation 2.",
    ]
    (empty,) = [b for b in blocks if isinstance(b, Table)]
    assert empty.rows == () and empty.caption == "Actions for recommendation 2"
    assert report.summary.startswith("2 recommendations and 1 action:")


def test_the_audit_says_why_a_value_is_missing() -> None:
    framework = council_of(visits(Q3))
    readings = [
        pmf.Reading(indicator="K", period=Q3, missing_reason=PAUSED, published_status="Green")
    ]
    report = build_report("audit", framework, readings, Q3, AS_OF)
    (row,) = table(report, "Disagreements").rows
    keys = [c.key for c in table(report, "Disagreements").columns[1:]]
    cells = dict(zip(keys, row.cells, strict=True))
    assert cells["value"] == NumberCell(value=None, text=f"no data: {PAUSED}")
