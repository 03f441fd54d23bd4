"""The risks report: Nottinghamshire's register as heat maps, a register table and findings, a
committee's share of it, the boundaries of levels, appetite and review dates, and every format."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf.core.actions import Action, ActionUpdate, format_date
from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
from councilpmf.core.plan import DeliveryPlan, Priority, StrategicPlan, Theme
from councilpmf.core.report import (
    NO_OWNER,
    REPORT_KINDS,
    LevelCell,
    NumberCell,
    Paragraph,
    Report,
    Table,
    build_report,
    cell_text,
)
from councilpmf.core.report.risks import ABOVE_APPETITE, NO_RISKS, WITHIN_APPETITE
from councilpmf.core.risks import ActionInPlan, CategoryAppetite, Risk, RiskRegister, RiskScore
from councilpmf.default_plugins.formats import html as html_format
from councilpmf.default_plugins.formats import text as text_format
from councilpmf.plugins import report_formats
from councilpmf.testing.samples import AS_OF, PERIOD, sample_framework, sample_risks, unvalidated

ROOT = Path(__file__).resolve().parents[2]
YEAR = pmf.parse_period("2014/15")
AS_OF_NOTTS = dt.date(2015, 1, 20)


@functools.cache
def _notts() -> Framework:
    framework: Framework = pmf.load_folder(ROOT / "examples" / "nottinghamshire").framework
    return framework


def _report(committee: str | None = None, as_of: dt.date = AS_OF_NOTTS) -> Report:
    return build_report("risks", _notts(), [], YEAR, as_of, committee)


def _table(report: Report, starts: str) -> Table:
    return next(t for t in report.tables() if t.caption.startswith(starts))


def _grid(table: Table) -> dict[tuple[str, str], str]:
    titles = [c.title for c in table.columns[1:]]
    return {
        (row.header, title): cell_text(cell)
        for row in table.rows
        for title, cell in zip(titles, row.cells, strict=True)
    }


def _paragraphs(report: Report, heading: str) -> list[str]:
    return [b.text for b in report.section(heading).blocks if isinstance(b, Paragraph)]


def _register(report: Report) -> dict[str, dict[str, str]]:
    table = _table(report, "The risk register")
    keys = [c.key for c in table.columns[1:]]
    return {
        row.header: {k: cell_text(c) for k, c in zip(keys, row.cells, strict=True)}
        for row in table.rows
    }


def test_the_kind_is_listed() -> None:
    assert "risks" in REPORT_KINDS


def test_nottinghamshire_summary_counts_levels_appetite_and_overdue_reviews() -> None:
    report = _report()
    assert report.title == "Nottinghamshire County Council: risk register report, 2014/15"
    assert report.kind == "risks"
    assert report.summary == (
        "3 risks by residual score: 0 Very high, 3 High, 0 Medium, 0 Low; 3 above appetite; "
        "2 reviews overdue on 20 Jan 2015."
    )
    assert [s.heading for s in report.sections] == ["Summary", "Heat maps", "Register", "Findings"]


def test_the_residual_heat_map_is_a_table_of_counts_and_level_words() -> None:
    table = _table(_report(), "Heat map of residual scores")
    assert [c.title for c in table.columns] == [
        "Impact",
        "Rare (1)",
        "Unlikely (2)",
        "Possible (3)",
        "Likely (4)",
        "Almost certain (5)",
    ]
    assert [r.header for r in table.rows] == [
        "Severe (5)",
        "Major (4)",
        "Moderate (3)",
        "Minor (2)",
        "Insignificant (1)",
    ]
    grid = _grid(table)
    # CR01 3 x 4, CR02 2 x 5, CR03 3 x 5: all High.
    assert grid["Major (4)", "Possible (3)"] == "1 (High)"
    assert grid["Severe (5)", "Unlikely (2)"] == "1 (High)"
    assert grid["Severe (5)", "Possible (3)"] == "1 (High)"
    # Every empty cell still says its level, at the level boundaries too.
    assert grid["Insignificant (1)", "Rare (1)"] == "0 (Low)"
    assert grid["Minor (2)", "Unlikely (2)"] == "0 (Low)"  # 4, the top of Low
    assert grid["Insignificant (1)", "Almost certain (5)"] == "0 (Medium)"  # 5, the foot of Medium
    assert grid["Moderate (3)", "Possible (3)"] == "0 (Medium)"  # 9
    assert grid["Minor (2)", "Almost certain (5)"] == "0 (High)"  # 10
    assert grid["Moderate (3)", "Almost certain (5)"] == "0 (High)"  # 15
    assert grid["Major (4)", "Likely (4)"] == "0 (Very high)"  # 16
    assert sum(c.value for r in table.rows for c in r.cells if isinstance(c, NumberCell)) == 3


def test_heat_map_cells_know_their_level_and_its_rank() -> None:
    table = _table(_report(), "Heat map of residual scores")
    severe = table.rows[0].cells
    assert severe[0] == LevelCell(value=0, text="0 (Medium)", level="Medium", rank=2, levels=4)
    assert severe[2] == LevelCell(value=1, text="1 (High)", level="High", rank=3, levels=4)
    assert isinstance(severe[4], LevelCell) and severe[4].rank == 4


def test_heat_tints_keep_dark_text_readable_and_rise_with_the_level() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for tint in html_format.HEAT_TINTS:
        assert (luminance(tint) + 0.05) / (luminance("#0B0C0C") + 0.05) >= 4.5
    assert [html_format.heat_tint(rank, 2) for rank in (1, 2)] == [1, 4]
    assert [html_format.heat_tint(rank, 5) for rank in range(1, 6)] == [1, 2, 3, 3, 4]


def test_the_inherent_heat_map_counts_the_inherent_scores() -> None:
    grid = _grid(_table(_report(), "Heat map of inherent scores"))
    assert grid["Major (4)", "Likely (4)"] == "1 (Very high)"  # CR01 4 x 4
    assert grid["Severe (5)", "Possible (3)"] == "1 (High)"  # CR02 3 x 5
    assert grid["Severe (5)", "Likely (4)"] == "1 (Very high)"  # CR03 4 x 5
    assert sum(text.startswith("1 ") for text in grid.values()) == 3


def test_the_register_says_each_risk_in_words() -> None:
    rows = _register(_report())
    assert list(rows) == ["CR01", "CR02", "CR03"]
    cr01 = rows["CR01"]
    assert cr01["category"] == "Service delivery"
    assert cr01["serves"].startswith("Illustrative outcome for communities: more older")
    assert "(CH1); " in cr01["serves"] and cr01["serves"].endswith("(CH2)")
    assert cr01["inherent"] == "Very high (16): Likely x Major"
    assert cr01["residual"] == "High (12): Possible x Major"
    assert cr01["target"] == "Medium (6): Unlikely x Moderate"
    assert cr01["appetite"] == "9"
    assert cr01["against_appetite"] == ABOVE_APPETITE
    assert cr01["controls"] == (
        "Illustrative: weekly market capacity monitoring; Illustrative: provider forums"
    )
    # ADP 2 was "On target" in its update of 1 Oct 2014 and is due on 31 Mar 2015.
    assert cr01["actions"] == "ADP 2 (On target)"
    assert cr01["review_by"] == "30 Sep 2014, overdue"
    assert rows["CR02"]["review_by"] == "31 Mar 2015"
    assert rows["CR02"]["actions"] == "ADP 5 (Complete)"
    cr03 = rows["CR03"]
    assert "A well-run council (illustrative priority) (council)" in cr03["serves"]
    assert cr03["appetite"] == "12" and cr03["residual"] == "High (15): Possible x Severe"
    assert cr03["actions"] == ""
    assert cr03["review_by"] == "31 Dec 2014, overdue"


def test_register_rows_are_grouped_by_category_and_carry_no_committee() -> None:
    table = _table(_report(), "The risk register")
    assert [(r.group, r.committee) for r in table.rows] == [
        ("Service delivery", ""),
        ("Safeguarding", ""),
        ("Financial", ""),
    ]
    scores = {r.header: r.cells[5] for r in table.rows}
    assert scores["CR03"] == NumberCell(value=15, text="High (15): Possible x Severe")


def test_categories_a_reader_cannot_tell_apart_are_one_group_as_most_risks_write_it() -> None:
    one = _one_risk(review_by=dt.date(2024, 1, 1))
    (risk,) = one.risks.risks
    spellings = ("environmental", "Environmental", "ENVIRONMENTAL ", "Environmental", "Housing")
    risks = tuple(
        attrs.evolve(risk, id=f"R{n}", category=category)
        for n, category in enumerate(spellings, start=1)
    )
    framework = attrs.evolve(one, risks=attrs.evolve(one.risks, risks=risks))
    report = build_report("risks", framework, [], YEAR, AS_OF)
    register = _table(report, "The risk register")
    assert [r.group for r in register.rows] == ["Environmental"] * 4 + ["Housing"]
    assert [r.cells[1] for r in register.rows] == list(spellings)  # each as it is written
    findings = _table(report, "What is wrong with the register")
    assert {r.header: r.group for r in findings.rows} == {
        "R1": "Environmental",
        "R2": "Environmental",
        "R3": "Environmental",
        "R4": "Environmental",
        "R5": "Housing",
    }


def test_the_findings_section_lists_appetite_and_overdue_reviews_in_register_order() -> None:
    table = _table(_report(), "What is wrong with the register")
    assert [(r.header, r.cells[2]) for r in table.rows] == [
        ("CR01", "$.risks[0].residual"),
        ("CR01", "$.risks[0].review_by"),
        ("CR02", "$.risks[1].residual"),
        ("CR03", "$.risks[2].residual"),
        ("CR03", "$.risks[2].review_by"),
    ]
    messages = [r.cells[1] for r in table.rows]
    assert "risk CR01 was due for review on 30 Sep 2014" in messages
    assert "risk CR02 residual score 10 (High) is above the appetite of 6" in messages
    assert {r.cells[0] for r in table.rows} == {"Warning"}


def _one_risk(**changes: object) -> Framework:
    risk = Risk(
        id="R1",
        title="Flood",
        category="Environmental",
        serves=("P1",),
        inherent=RiskScore(likelihood=3, impact=5),
        residual=RiskScore(likelihood=2, impact=5),
        actions=("A1",),
    )
    plan = StrategicPlan(
        title="Plan",
        organisation="Anytown Council",
        themes=(Theme(id="T", name="Our place", priorities=(Priority(id="P1", statement="Dry"),)),),
    )
    action = Action(
        ref="A1",
        title="Raise the banks",
        status="Not started",
        due=dt.date(2025, 1, 31),
        updates=(ActionUpdate(on=dt.date(2024, 12, 1), text="Begun", status="On target"),),
    )
    return Framework(
        plan=plan,
        delivery_plans=(DeliveryPlan(id="D", title="Delivery", actions=(action,)),),
        risks=RiskRegister(risks=(attrs.evolve(risk, **changes),)),
    )


@pytest.mark.parametrize(
    ("review_by", "as_of", "shown", "overdue"),
    [
        (dt.date(2025, 1, 20), dt.date(2025, 1, 20), "20 Jan 2025", "0 reviews"),
        (dt.date(2025, 1, 20), dt.date(2025, 1, 21), "20 Jan 2025, overdue", "1 review"),
        (None, dt.date(2025, 1, 21), "no review date", "0 reviews"),
    ],
)
def test_a_review_is_overdue_only_after_its_day(
    review_by: dt.date | None, as_of: dt.date, shown: str, overdue: str
) -> None:
    report = build_report("risks", _one_risk(review_by=review_by), [], YEAR, as_of)
    assert _register(report)["R1"]["review_by"] == shown
    assert report.summary.endswith(f"{overdue} overdue on {format_date(as_of)}.")


@pytest.mark.parametrize(
    ("appetite", "word", "above"),
    [(10, WITHIN_APPETITE, 0), (9, ABOVE_APPETITE, 1), (None, "– No appetite set", 0)],
)
def test_a_residual_score_equal_to_appetite_is_within_it(
    appetite: int | None, word: str, above: int
) -> None:
    report = build_report("risks", _one_risk(appetite=appetite), [], YEAR, AS_OF)
    assert _register(report)["R1"]["against_appetite"] == word
    assert f"; {above} above appetite;" in report.summary


def test_a_category_appetite_applies_when_the_risk_has_none() -> None:
    framework = _one_risk()
    framework = attrs.evolve(
        framework,
        risks=attrs.evolve(
            framework.risks, appetites=(CategoryAppetite(category="Environmental", appetite=9),)
        ),
    )
    row = _register(build_report("risks", framework, [], YEAR, AS_OF))["R1"]
    assert (row["appetite"], row["against_appetite"]) == ("9", ABOVE_APPETITE)


def test_mitigating_actions_show_their_status_on_the_day_and_overdue() -> None:
    before = _register(build_report("risks", _one_risk(), [], YEAR, dt.date(2024, 11, 1)))
    assert before["R1"]["actions"] == "A1 (Not started)"
    during = _register(build_report("risks", _one_risk(), [], YEAR, dt.date(2025, 1, 31)))
    assert during["R1"]["actions"] == "A1 (On target)"
    after = _register(build_report("risks", _one_risk(), [], YEAR, dt.date(2025, 2, 1)))
    assert after["R1"]["actions"] == "A1 (On target, overdue)"
    unknown = build_report("risks", _one_risk(actions=("A9",)), [], YEAR, AS_OF)
    assert _register(unknown)["R1"]["actions"] == "A9 (no such action)"


def test_a_mitigating_ref_two_plans_share_shows_each_action_with_its_plan() -> None:
    # Refs are unique within a plan only: the register's "A1" may be either plan's action, so
    # both are shown, each with its plan, rather than whichever was read last.
    framework = _one_risk()
    other = DeliveryPlan(
        id="E",
        title="Resilience",
        actions=(Action(ref="A1", title="Buy pumps", status="Complete", due="2024-10-31"),),
    )
    shared = attrs.evolve(framework, delivery_plans=(*framework.delivery_plans, other))
    report = build_report("risks", shared, [], YEAR, dt.date(2025, 2, 1))
    assert _register(report)["R1"]["actions"] == (
        "A1 of Delivery (On target, overdue); A1 of Resilience (Complete)"
    )
    # and the register says the ref is ambiguous, with how to name the plan meant
    findings = _table(report, "What is wrong with the register").rows
    assert [(r.cells[0], r.cells[1], r.cells[2]) for r in findings] == [
        (
            "Warning",
            "risk R1 names action 'A1', which 2 plans set (Delivery; Resilience), so it stands "
            "for each of them: name the plan whose action mitigates the risk, as "
            '{ plan = "Delivery", ref = "A1" }',
            "$.risks[0].actions[0]",
        )
    ]


def _shared_ref(*named: object) -> Framework:
    """:func:`_one_risk` naming ``named``, with a second plan "Resilience" (id "E") whose
    completed action shares the ref A1."""
    framework = _one_risk(actions=named)
    other = DeliveryPlan(
        id="E",
        title="Resilience",
        actions=(Action(ref="A1", title="Buy pumps", status="Complete", due="2024-10-31"),),
    )
    return attrs.evolve(framework, delivery_plans=(*framework.delivery_plans, other))


@pytest.mark.parametrize(
    ("named", "shown"),
    [
        # by the plan's id or name, as a reader sees it, whichever plan it is
        (ActionInPlan(plan="E", ref="A1"), "A1 of Resilience (Complete)"),
        (ActionInPlan(plan="resilience", ref="A1"), "A1 of Resilience (Complete)"),
        (ActionInPlan(plan="D", ref="A1"), "A1 of Delivery (On target, overdue)"),
        (ActionInPlan(plan="Delivery", ref="A1"), "A1 of Delivery (On target, overdue)"),
        # a plan that sets no such action, or no such plan
        (ActionInPlan(plan="E", ref="A2"), "A2 of E (no such action)"),
        (ActionInPlan(plan="Recovery", ref="A1"), "A1 of Recovery (no such action)"),
    ],
)
def test_a_mitigating_action_named_with_its_plan_shows_that_plans_action_alone(
    named: ActionInPlan, shown: str
) -> None:
    report = build_report("risks", _shared_ref(named), [], YEAR, dt.date(2025, 2, 1))
    assert _register(report)["R1"]["actions"] == shown
    paths = [r.cells[2] for r in _table(report, "What is wrong with the register").rows]
    assert paths == ([] if "no such" not in shown else ["$.risks[0].actions[0]"])


def test_an_action_named_with_its_plan_is_known_only_in_that_plan() -> None:
    # A1 of Delivery is known; A1 of a plan that does not set it is not, though the ref is
    framework = _one_risk(
        actions=("A1", ActionInPlan(plan="D", ref="A1"), ActionInPlan(plan="X", ref="A1"))
    )
    found = [
        (f.path, f.message)
        for f in pmf.run_checks(framework, [], AS_OF)
        if f.code == "unknown-risk-action"
    ]
    assert found == [
        ("$.risks.risks[0].actions[2]", "risk R1 names unknown action 'A1' of plan 'X'")
    ]


def _with_peer_challenge(*named: object) -> Framework:
    """:func:`_one_risk` naming ``named``, with a peer challenge (id cpc-2023) whose action
    plan sets a completed A1 and an A7 due on 31 Dec 2024."""
    challenge = PeerChallenge(
        id="cpc-2023",
        title="LGA Corporate Peer Challenge 2023",
        organisation="Anytown Council",
        visited=dt.date(2023, 10, 1),
        recommendations=(
            Recommendation(
                number=1,
                text="Refresh the plan",
                actions=(
                    Action(ref="A1", title="Draft the plan", status="Complete"),
                    Action(ref="A7", title="Consult", status="On target", due="2024-12-31"),
                ),
            ),
        ),
    )
    return attrs.evolve(_one_risk(actions=named), peer_challenges=(challenge,))


@pytest.mark.parametrize(
    ("named", "shown"),
    [
        (
            ActionInPlan(plan="LGA Corporate Peer Challenge 2023", ref="A1"),
            "A1 of LGA Corporate Peer Challenge 2023 (Complete)",
        ),
        (
            ActionInPlan(plan="lga corporate  peer challenge 2023", ref="A7"),
            "A7 of LGA Corporate Peer Challenge 2023 (On target, overdue)",
        ),
        # by the challenge's id, which the report shows by the title readers know
        (
            ActionInPlan(plan="cpc-2023", ref="A1"),
            "A1 of LGA Corporate Peer Challenge 2023 (Complete)",
        ),
        (
            ActionInPlan(plan="CPC-2023", ref="A7"),
            "A7 of LGA Corporate Peer Challenge 2023 (On target, overdue)",
        ),
        (ActionInPlan(plan="cpc-2023", ref="A9"), "A9 of cpc-2023 (no such action)"),
        # a ref alone names the delivery and service plans' actions only
        ("A1", "A1 (On target, overdue)"),
        ("A7", "A7 (no such action)"),
    ],
)
def test_a_risk_names_a_peer_challenge_action_with_the_challenges_id_or_title(
    named: object, shown: str
) -> None:
    framework = _with_peer_challenge(named)
    report = build_report("risks", framework, [], YEAR, dt.date(2025, 2, 1))
    assert _register(report)["R1"]["actions"] == shown
    unknown = [
        f.path for f in pmf.run_checks(framework, [], AS_OF) if f.code == "unknown-risk-action"
    ]
    assert unknown == ([] if "no such" not in shown else ["$.risks.risks[0].actions[0]"])


def test_a_plan_name_two_plans_answer_to_shows_no_action_and_says_so() -> None:
    # The challenge is titled as the delivery plan is: "Delivery" is neither plan's, where the
    # delivery plan's action was shown as the first plan in order
    framework = _with_peer_challenge(ActionInPlan(plan="Delivery", ref="A1"))
    (challenge,) = framework.peer_challenges
    framework = attrs.evolve(
        framework, peer_challenges=(attrs.evolve(challenge, id=None, title="Delivery"),)
    )
    report = build_report("risks", framework, [], YEAR, dt.date(2025, 2, 1))
    assert _register(report)["R1"]["actions"] == (
        "A1 of Delivery (more than one plan is called Delivery)"
    )
    findings = _table(report, "What is wrong with the register").rows
    assert [(r.cells[0], r.cells[1], r.cells[2]) for r in findings] == [
        (
            "Warning",
            "risk R1 names action 'A1' of plan 'Delivery', which stands for no action until its "
            "plan is named by a name that is one plan's alone: 'Delivery' names 2 plans: the "
            "delivery plan 'Delivery' at $.delivery_plans[0] (name it 'D') and the peer "
            "challenge 'Delivery' at $.peer_challenges[0] (nothing names it alone: give it an "
            "id that is no other plan's id or name)",
            "$.risks[0].actions[0]",
        )
    ]


@pytest.mark.parametrize("owner", ["", "\u200b\u00ad"])
def test_a_risk_with_no_owner_says_so_in_every_format(owner: str) -> None:
    report = build_report("risks", _one_risk(owner=owner), [], YEAR, AS_OF)
    assert _register(report)["R1"]["owner"] == NO_OWNER
    for name in ("text", "markdown", "html", "csv", "json"):
        written = report_formats()[name].render(report)
        assert isinstance(written, str)
        assert NO_OWNER in written, name
    named = build_report("risks", _one_risk(owner="Head of Place"), [], YEAR, AS_OF)
    assert _register(named)["R1"]["owner"] == "Head of Place"


def test_a_risk_serving_nothing_says_so_and_is_a_finding() -> None:
    report = build_report("risks", _one_risk(serves=("P9",)), [], YEAR, AS_OF)
    assert _register(report)["R1"]["serves"] == "P9 (not in the plan)"
    table = _table(report, "What is wrong with the register")
    assert [r.cells[2] for r in table.rows] == ["$.risks[0].serves[0]"]
    nothing = build_report("risks", _one_risk(serves=()), [], YEAR, AS_OF)
    assert _register(nothing)["R1"]["serves"] == "nothing in the plan"
    rows = _table(nothing, "What is wrong with the register").rows
    assert [r.cells[1] for r in rows] == ["risk R1 is linked to no theme, priority or outcome"]


def test_a_clean_register_says_nothing_is_wrong() -> None:
    report = build_report("risks", _one_risk(), [], YEAR, AS_OF)
    assert _paragraphs(report, "Findings") == ["Nothing is wrong with these risks' entries."]
    assert _table(report, "What is wrong with the register").rows == ()


@pytest.mark.parametrize("committee", [None, "cabinet"])
def test_a_council_with_no_risks_gets_a_report_that_says_so(committee: str | None) -> None:
    report = build_report("risks", sample_framework(), [], PERIOD, AS_OF, committee)
    assert report.summary == NO_RISKS + "."
    assert [s.heading for s in report.sections] == ["Risks"]
    assert _paragraphs(report, "Risks") == [NO_RISKS + "."]
    assert report.tables() == ()


# -- a committee's risks ---------------------------------------------------------------------------


def test_a_committee_gets_the_risks_to_what_its_indicators_measure() -> None:
    # Adult social care watches ASC01-05: CR01 serves CH1 and CH2, which hold them.
    asch = _report("asch")
    assert list(_register(asch)) == ["CR01"]
    assert asch.title.startswith("Adult Social Care and Health Committee (illustrative): risk")
    assert asch.summary.startswith("1 risk by residual score: 0 Very high, 1 High,")
    assert {r.committee for t in asch.tables() for r in t.rows} == {asch.committee}
    # Finance watches CO01-03, under EF1, which CR03 serves.
    assert list(_register(_report("finance"))) == ["CR03"]
    # Policy watches indicators of every theme.
    assert list(_register(_report("policy"))) == ["CR01", "CR02", "CR03"]
    assert [r.header for r in _table(asch, "What is wrong").rows] == ["CR01", "CR01"]


def test_a_committee_none_of_whose_indicators_is_at_risk_gets_an_empty_register() -> None:
    env = _report("env")
    assert _register(env) == {}
    assert env.summary.startswith("0 risks by residual score: 0 Very high, 0 High")
    assert "0 of 3 risks." in _paragraphs(env, "Summary")[0]


@pytest.mark.parametrize("committee", ["btb", "council"])
def test_a_committee_that_watches_no_indicator_gets_every_risk(committee: str) -> None:
    report = _report(committee)
    assert list(_register(report)) == ["CR01", "CR02", "CR03"]
    assert "watches no indicator" in _paragraphs(report, "Summary")[0]


def test_a_risk_linked_to_nothing_in_the_plan_is_in_every_committee_report() -> None:
    framework = attrs.evolve(sample_framework(), risks=sample_risks())
    report = build_report("risks", framework, [], PERIOD, AS_OF, "cabinet")
    # R1 serves P1 (HS01, which Cabinet watches); R2 serves nothing; R3 serves O1, whose
    # indicator Cabinet does not watch.
    assert list(_register(report)) == ["R1", "R2"]
    whole = build_report("risks", framework, [], PERIOD, AS_OF)
    assert list(_register(whole)) == ["R1", "R2", "R3"]


def test_a_risk_to_what_no_indicator_measures_is_in_every_committee_report() -> None:
    framework = sample_framework()
    unmeasured = Theme(
        id="T2",
        name="Place",
        priorities=(Priority(id="P2", statement="Adopt the local plan", indicators=()),),
    )
    plan = attrs.evolve(framework.plan, themes=(*framework.plan.themes, unmeasured))
    risks = (
        *sample_risks().risks,
        # served by actions alone: no indicator says which committee watches it
        Risk(
            id="R4",
            title="The local plan is found unsound",
            serves=("T2", "P2"),
            inherent=RiskScore(likelihood=3, impact=4),
            residual=RiskScore(likelihood=2, impact=4),
        ),
        # O1's indicator says whose this is, and Cabinet does not watch it
        Risk(
            id="R5",
            title="Sites for temporary homes are not allocated",
            serves=("P2", "O1"),
            inherent=RiskScore(likelihood=3, impact=3),
            residual=RiskScore(likelihood=2, impact=3),
        ),
    )
    framework = attrs.evolve(framework, plan=plan, risks=RiskRegister(risks=risks))
    report = build_report("risks", framework, [], PERIOD, AS_OF, "cabinet")
    assert list(_register(report)) == ["R1", "R2", "R4"]
    assert "3 of 5 risks." in _paragraphs(report, "Summary")[0]


def test_an_unknown_committee_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown committee 'nobody'"):
        _report("nobody")


# -- every format ----------------------------------------------------------------------------------


def test_a_line_break_in_a_risk_cannot_forge_a_field_of_the_text_register() -> None:
    forged = "Jo Bloggs\nAgainst appetite: ✔ Within appetite\r\nReview by: 1 Jan 2099"
    register = sample_risks()
    with pytest.raises(InputError, match=r"^id must be one line: character 3 is a line break"):
        attrs.evolve(register.risks[0], id="R1\nRisk: none")
    with unvalidated():  # an id is one line: only a risk built round its checks holds this one
        risks = (attrs.evolve(register.risks[0], owner=forged, id="R1\nRisk: none"),)
        framework = attrs.evolve(sample_framework(), risks=attrs.evolve(register, risks=risks))
        report = build_report("risks", framework, [], PERIOD, AS_OF)
    page = text_format.render(report, width=100)  # too narrow for the register as a grid
    fields = [line.split(":")[0] for line in page.splitlines() if re.match(r"^ {0,2}\S", line)]
    # each field of the one risk once, its value's later lines set further in than a field
    assert fields.count("  Against appetite") == 1
    assert fields.count("  Review by") == 1
    assert fields.count("  Risk") == 1
    assert "  Against appetite: ✖ Above appetite" in page.splitlines()


def test_every_built_in_format_renders_the_heat_map_with_its_words() -> None:
    report = _report()
    formats = report_formats()
    text = formats["text"].render(report)
    assert "Heat map of residual scores" in text and "1 (High)" in text
    assert "0 (Very high)" in text and "Almost certain (5)" in text
    markdown = formats["markdown"].render(report)
    assert "| Severe (5) | 0 (Medium) | 1 (High) | 1 (High) | 0 (Very high) | 0 (Very high) |" in (
        markdown
    )
    html = formats["html"].render(report)
    assert '<th scope="row">Severe (5)</th>' in html
    # Each level its own tint, and its word in the cell: never colour alone.
    assert '<td class="num heat-1">0 (Low)</td>' in html
    assert '<td class="num heat-2">0 (Medium)</td>' in html
    assert '<td class="num heat-3">1 (High)</td>' in html
    assert '<td class="num heat-4">0 (Very high)</td>' in html
    assert html.count('<td class="num heat-') == 2 * 25  # every cell of both maps, no other
    assert '<th scope="col" class="num">Almost certain (5)</th>' in html
    assert "1 (High)" in html and "✖ Above appetite" in html
    lines = list(csv.DictReader(io.StringIO(formats["csv"].render(report))))
    cell = next(
        line
        for line in lines
        if line["caption"].startswith("Heat map of residual")
        and line["row"] == "Severe (5)"
        and line["column"] == "likelihood_3"
    )
    assert (cell["value"], cell["text"], cell["kind"]) == ("1", "1 (High)", "number")
    document = json.loads(formats["json"].render(report))
    heat = document["sections"][1]["blocks"][0]
    assert heat["rows"][0]["cells"]["likelihood_2"] == {"value": 1, "text": "1 (High)"}
    assert document["summary"] == report.summary


# -- properties ------------------------------------------------------------------------------------

_SCORES = st.builds(RiskScore, likelihood=st.integers(1, 5), impact=st.integers(1, 5))


@settings(max_examples=60, deadline=None)
@given(
    scores=st.lists(st.tuples(_SCORES, _SCORES), max_size=12),
    appetite=st.one_of(st.none(), st.integers(1, 25)),
)
def test_the_heat_maps_count_every_risk_once_and_name_every_cell_s_level(
    scores: list[tuple[RiskScore, RiskScore]], appetite: int | None
) -> None:
    risks = tuple(
        Risk(
            id=f"R{i}",
            title="A risk",
            serves=("P1",),
            inherent=inherent,
            residual=residual,
            appetite=appetite,
        )
        for i, (inherent, residual) in enumerate(scores)
    )
    framework = attrs.evolve(_one_risk(), risks=RiskRegister(risks=risks))
    report = build_report("risks", framework, [], YEAR, AS_OF)
    if not risks:
        assert report.summary == NO_RISKS + "."
        return
    matrix = framework.risks.matrix
    for which in ("residual", "inherent"):
        table = _table(report, f"Heat map of {which} scores")
        cells = [(r.header, c) for r in table.rows for c in r.cells]
        assert sum(c.value for _, c in cells if isinstance(c, LevelCell)) == len(risks)
        for row_number, row in enumerate(table.rows):
            impact = 5 - row_number
            for likelihood, cell in enumerate(row.cells, start=1):
                assert isinstance(cell, LevelCell)
                assert cell.level == matrix.level(impact * likelihood).name
                assert cell.text == f"{cell.value} ({cell.level})"
                expected = sum(
                    getattr(r, which) == RiskScore(likelihood=likelihood, impact=impact)
                    for r in risks
                )
                assert cell.value == expected
    above = 0 if appetite is None else sum(r.residual.value > appetite for r in risks)
    assert f"; {above} above appetite;" in report.summary
