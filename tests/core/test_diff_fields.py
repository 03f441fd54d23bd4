"""The framework diff reports a change of every field a council edits between two versions:
a plan's year, lead and theme, a theme's lead, a priority's outcomes and indicators, and the
fields of actions, indicators, committees, indicator sets and risks, each in one sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, reject, settings
from hypothesis import strategies as st

from councilpmf._strategies import RECORDS, SHARED_REFS, frameworks
from councilpmf.core.actions import Action, Meaning, StatusVocabulary, StatusWord
from councilpmf.core.approval import ApprovalPolicy
from councilpmf.core.diff import ChangeKind, diff_frameworks
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, IndicatorSet
from councilpmf.core.indicators import Baseline, ExternalId, Indicator
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    Outcome,
    Priority,
    ResourceStrategy,
    ServicePlan,
    StrategicPlan,
    Theme,
)
from councilpmf.core.published import PublishedVocabulary, PublishedWord
from councilpmf.core.rag import Status, TargetTolerance
from councilpmf.core.risks import ActionInPlan, CategoryAppetite, Risk, RiskRegister, RiskScore

OUTCOME = Outcome(id="O1", statement="Less litter", indicators=("K1",))
PRIORITY = Priority(id="P1", statement="Clean streets", outcomes=(OUTCOME,), indicators=("K1",))
THEME = Theme(
    id="place", name="Our place", ambition="A clean town", lead="Cllr Ahmed", priorities=(PRIORITY,)
)
PLAN = StrategicPlan(
    title="Council Plan",
    organisation="Anytown Council",
    vision="A proud town",
    values=("Listen",),
    start="2024/25",
    end="2027/28",
    themes=(THEME,),
)
INDICATOR = Indicator(
    id="K1",
    title="Missed bins",
    definition="Bins reported missed",
    owner="Head of Waste",
    source="Bin system",
    supplier="Waste team",
    baseline=Baseline(period="2023/24", value=50),
    external_ids=(ExternalId(scheme="LG Inform", id="123"),),
)
ACTION = Action(
    ref="A1",
    title="Buy new bin lorries",
    status="On target",
    owners=("Head of Waste",),
    start=dt.date(2024, 4, 1),
    due=dt.date(2025, 3, 31),
    timescale="By March",
    percent_complete=40,
    serves=("P1",),
    lead_committee="Cabinet",
)
DELIVERY = DeliveryPlan(
    id="place-2024-25",
    title="Place delivery plan 2024/25",
    year="2024/25",
    theme="place",
    lead="Director of Place",
    improvements=("Faster repairs",),
    actions=(ACTION,),
)
SERVICE = ServicePlan(
    id="waste-2024-25",
    service="Waste",
    year="2024/25",
    lead="Head of Waste",
    standards=("Bins emptied weekly",),
    objectives=("Fewer missed bins",),
    pressures_and_risks=("Fuel costs",),
    activity=("40,000 bins",),
    indicators=("K1",),
)
COMMITTEE = Committee(id="cabinet", name="Cabinet", kind="cabinet", cadence="quarterly")
SET = IndicatorSet(committee="cabinet", level="strategic", indicators=("K1",), min_size=1)
RISK = Risk(
    id="R1",
    title="Lorries break down",
    description="Old fleet",
    category="Operational",
    owner="Head of Waste",
    serves=("P1",),
    inherent=RiskScore(likelihood=4, impact=4),
    residual=RiskScore(likelihood=3, impact=3),
    target=RiskScore(likelihood=2, impact=2),
    controls=("Spare lorry",),
    actions=("A1",),
    review_by=dt.date(2024, 9, 30),
    appetite=9,
)
STRATEGY = ResourceStrategy(
    id="mtfs",
    kind="medium term financial",
    title="Medium Term Financial Strategy",
    summary="Four years of budgets",
    start="2024/25",
    end="2027/28",
    owner="Section 151 Officer",
    serves=("P1",),
)
RECOMMENDATION = Recommendation(
    number=1, text="Build capacity", response="Agreed", actions=(attrs.evolve(ACTION, ref="1.1"),)
)
CHALLENGE = PeerChallenge(
    title="Corporate Peer Challenge 2023",
    organisation="Anytown Council",
    visited=dt.date(2023, 11, 7),
    team=("Lead peer",),
    recommendations=(RECOMMENDATION,),
)
# A recommendation set under the same challenge as a drawn one, holding the actions that the
# drawn one may name as also answering it.
SHARING = Recommendation(
    number=100,
    text="Share the work",
    actions=tuple(attrs.evolve(ACTION, ref=ref) for ref in SHARED_REFS),
)
MONEY = BudgetAllocation(priority="P1", year="2024/25", amount=1_200_000, note="Bin lorries")
BASE = Framework(
    plan=PLAN,
    resource_strategies=(STRATEGY,),
    budget=(MONEY,),
    peer_challenges=(CHALLENGE,),
    indicators=(INDICATOR,),
    delivery_plans=(DELIVERY,),
    service_plans=(SERVICE,),
    committees=(COMMITTEE,),
    indicator_sets=(SET,),
    risks=RiskRegister(risks=(RISK,)),
)


def _plan(**changes: Any) -> Framework:
    return attrs.evolve(BASE, plan=attrs.evolve(PLAN, **changes))


def _theme(**changes: Any) -> Framework:
    return _plan(themes=(attrs.evolve(THEME, **changes),))


def _priority(**changes: Any) -> Framework:
    return _theme(priorities=(attrs.evolve(PRIORITY, **changes),))


def _outcome(**changes: Any) -> Framework:
    return _priority(outcomes=(attrs.evolve(OUTCOME, **changes),))


def _indicator(**changes: Any) -> Framework:
    return attrs.evolve(BASE, indicators=(attrs.evolve(INDICATOR, **changes),))


def _delivery(**changes: Any) -> Framework:
    return attrs.evolve(BASE, delivery_plans=(attrs.evolve(DELIVERY, **changes),))


def _service(**changes: Any) -> Framework:
    return attrs.evolve(BASE, service_plans=(attrs.evolve(SERVICE, **changes),))


def _action(**changes: Any) -> Framework:
    return _delivery(actions=(attrs.evolve(ACTION, **changes),))


def _committee(**changes: Any) -> Framework:
    return attrs.evolve(BASE, committees=(attrs.evolve(COMMITTEE, **changes),))


def _set(**changes: Any) -> Framework:
    return attrs.evolve(BASE, indicator_sets=(attrs.evolve(SET, **changes),))


def _strategy(**changes: Any) -> Framework:
    return attrs.evolve(BASE, resource_strategies=(attrs.evolve(STRATEGY, **changes),))


def _budget(**changes: Any) -> Framework:
    return attrs.evolve(BASE, budget=(attrs.evolve(MONEY, **changes),))


def _challenge(**changes: Any) -> Framework:
    return attrs.evolve(BASE, peer_challenges=(attrs.evolve(CHALLENGE, **changes),))


def _recommendation(**changes: Any) -> Framework:
    return _challenge(recommendations=(attrs.evolve(RECOMMENDATION, **changes),))


def _risk(**changes: Any) -> Framework:
    return attrs.evolve(BASE, risks=RiskRegister(risks=(attrs.evolve(RISK, **changes),)))


K = ChangeKind
PLAN_AT, THEME_AT = "$.plan", "$.plan.themes[0]"
PRIORITY_AT = f"{THEME_AT}.priorities[0]"
OUTCOME_AT = f"{PRIORITY_AT}.outcomes[0]"
ACTION_AT = "$.delivery_plans[0].actions[0]"
SUBJECT = "Action A1 of 'Place delivery plan 2024/25'"
DPLAN = "Delivery plan 'Place delivery plan 2024/25'"
SPLAN = "Service plan 'Waste'"
NAMED = "Indicator K1 'Missed bins'"
SET_NAME = "Indicator set the strategic set of cabinet"

# (the framework with one field changed, the kind, path and sentence of the one change)
CASES: list[tuple[Callable[[], Framework], ChangeKind, str, str | None]] = [
    (
        lambda: _plan(organisation="Anytown Borough Council"),
        K.STRATEGIC_PLAN_CHANGED,
        f"{PLAN_AT}.organisation",
        "Strategic plan organisation changed from 'Anytown Council' to 'Anytown Borough Council'",
    ),
    (
        lambda: _plan(values=("Listen", "Act")),
        K.STRATEGIC_PLAN_CHANGED,
        f"{PLAN_AT}.values",
        "Strategic plan values changed from 'Listen' to 'Listen'; 'Act'",
    ),
    (
        lambda: _plan(start="2025/26"),
        K.STRATEGIC_PLAN_CHANGED,
        f"{PLAN_AT}.start",
        "Strategic plan start changed from 2024/25 to 2025/26",
    ),
    (
        lambda: _plan(end=None),
        K.STRATEGIC_PLAN_CHANGED,
        f"{PLAN_AT}.end",
        "Strategic plan end changed from 2027/28 to none",
    ),
    (
        lambda: _theme(lead="Cllr Brown"),
        K.THEME_LEAD_CHANGED,
        f"{THEME_AT}.lead",
        "Theme 'Our place' lead changed from 'Cllr Ahmed' to 'Cllr Brown'",
    ),
    (
        lambda: _theme(lead=""),
        K.THEME_LEAD_CHANGED,
        f"{THEME_AT}.lead",
        "Theme 'Our place' lead changed from 'Cllr Ahmed' to none",
    ),
    (
        lambda: _priority(indicators=("K1", "K2")),
        K.PRIORITY_CHANGED,
        f"{PRIORITY_AT}.indicators",
        "Priority P1 indicators changed from K1 to K1; K2",
    ),
    (
        lambda: _priority(outcomes=()),
        K.OUTCOME_REMOVED,
        OUTCOME_AT,
        "Outcome O1 'Less litter' removed from priority P1",
    ),
    (
        lambda: _priority(outcomes=(OUTCOME, Outcome(id="O2", statement="Greener parks"))),
        K.OUTCOME_ADDED,
        f"{PRIORITY_AT}.outcomes[1]",
        "Outcome O2 'Greener parks' added to priority P1",
    ),
    (
        lambda: _outcome(statement="Less litter in the town centre"),
        K.OUTCOME_CHANGED,
        f"{OUTCOME_AT}.statement",
        "Outcome O1 of priority P1 statement changed from 'Less litter' to "
        "'Less litter in the town centre'",
    ),
    (
        lambda: _outcome(id="O9"),
        K.OUTCOME_CHANGED,
        f"{OUTCOME_AT}.id",
        "Outcome O9 of priority P1 id changed from O1 to O9",
    ),
    (
        lambda: _outcome(indicators=()),
        K.OUTCOME_CHANGED,
        f"{OUTCOME_AT}.indicators",
        "Outcome O1 of priority P1 indicators changed from K1 to none",
    ),
    (
        lambda: _delivery(year="2025/26"),
        K.PLAN_CHANGED,
        "$.delivery_plans[0].year",
        f"{DPLAN} year changed from 2024/25 to 2025/26",
    ),
    (
        lambda: _delivery(lead="Chief Executive"),
        K.PLAN_CHANGED,
        "$.delivery_plans[0].lead",
        f"{DPLAN} lead changed from 'Director of Place' to 'Chief Executive'",
    ),
    (
        lambda: _delivery(theme=None),
        K.PLAN_CHANGED,
        "$.delivery_plans[0].theme",
        f"{DPLAN} theme changed from 'Our place' (place) to none",
    ),
    (
        lambda: _delivery(theme="people"),
        K.PLAN_CHANGED,
        "$.delivery_plans[0].theme",
        f"{DPLAN} theme changed from 'Our place' (place) to 'people'",
    ),
    (
        lambda: _delivery(improvements=()),
        K.PLAN_CHANGED,
        "$.delivery_plans[0].improvements",
        f"{DPLAN} improvements changed from 'Faster repairs' to none",
    ),
    (
        lambda: _service(year=None),
        K.PLAN_CHANGED,
        "$.service_plans[0].year",
        f"{SPLAN} year changed from 2024/25 to none",
    ),
    (
        lambda: _service(lead="Waste Manager"),
        K.PLAN_CHANGED,
        "$.service_plans[0].lead",
        f"{SPLAN} lead changed from 'Head of Waste' to 'Waste Manager'",
    ),
    (
        lambda: _service(standards=("Bins emptied fortnightly",)),
        K.PLAN_CHANGED,
        "$.service_plans[0].standards",
        f"{SPLAN} standards changed from 'Bins emptied weekly' to 'Bins emptied fortnightly'",
    ),
    (
        lambda: _service(objectives=()),
        K.PLAN_CHANGED,
        "$.service_plans[0].objectives",
        f"{SPLAN} objectives changed from 'Fewer missed bins' to none",
    ),
    (
        lambda: _service(pressures_and_risks=("Fuel costs", "Staff")),
        K.PLAN_CHANGED,
        "$.service_plans[0].pressures_and_risks",
        f"{SPLAN} pressures and risks changed from 'Fuel costs' to 'Fuel costs'; 'Staff'",
    ),
    (
        lambda: _service(activity=("42,000 bins",)),
        K.PLAN_CHANGED,
        "$.service_plans[0].activity",
        f"{SPLAN} activity changed from '40,000 bins' to '42,000 bins'",
    ),
    (
        lambda: _service(indicators=()),
        K.PLAN_CHANGED,
        "$.service_plans[0].indicators",
        f"{SPLAN} indicators changed from K1 to none",
    ),
    (
        lambda: _action(start=dt.date(2024, 5, 1)),
        K.ACTION_CHANGED,
        f"{ACTION_AT}.start",
        f"{SUBJECT} start changed from 1 Apr 2024 to 1 May 2024",
    ),
    (
        lambda: _action(timescale="By June"),
        K.ACTION_CHANGED,
        f"{ACTION_AT}.timescale",
        f"{SUBJECT} timescale changed from 'By March' to 'By June'",
    ),
    (
        lambda: _action(percent_complete=62.5),
        K.ACTION_CHANGED,
        f"{ACTION_AT}.percent_complete",
        f"{SUBJECT} percent complete changed from 40% to 62.5%",
    ),
    (
        lambda: _action(percent_complete=40.0000001),
        K.ACTION_CHANGED,
        f"{ACTION_AT}.percent_complete",
        f"{SUBJECT} percent complete changed from 40 to 40.0000001",
    ),
    (
        lambda: _action(lead_committee=None),
        K.ACTION_CHANGED,
        f"{ACTION_AT}.lead_committee",
        f"{SUBJECT} lead committee changed from 'Cabinet' to none",
    ),
    (
        lambda: _indicator(definition="Bins reported missed by residents"),
        K.INDICATOR_CHANGED,
        "$.indicators[0].definition",
        f"{NAMED} definition changed from 'Bins reported missed' to "
        "'Bins reported missed by residents'",
    ),
    (
        lambda: _indicator(frequency="monthly"),
        K.INDICATOR_CHANGED,
        "$.indicators[0].frequency",
        f"{NAMED} frequency changed from quarterly to monthly",
    ),
    (
        lambda: _indicator(aggregation="cumulative"),
        K.INDICATOR_CHANGED,
        "$.indicators[0].aggregation",
        f"{NAMED} aggregation changed from snapshot to cumulative",
    ),
    (
        lambda: _indicator(decimals=0),
        K.INDICATOR_CHANGED,
        "$.indicators[0].decimals",
        f"{NAMED} decimals changed from 1 to 0",
    ),
    (
        lambda: _indicator(baseline=Baseline(period="2023/24", value=48)),
        K.INDICATOR_CHANGED,
        "$.indicators[0].baseline",
        f"{NAMED} baseline changed from 50.0 in 2023/24 to 48.0 in 2023/24",
    ),
    (
        lambda: _indicator(rule=TargetTolerance(tolerance=10)),
        K.INDICATOR_CHANGED,
        "$.indicators[0].rule",
        f"{NAMED} rule changed from the council's default rule to "
        "'target-tolerance: tolerance 10, mode relative'",
    ),
    (
        lambda: _indicator(series_break="2024/25 Q1"),
        K.INDICATOR_CHANGED,
        "$.indicators[0].series_break",
        f"{NAMED} series break changed from none to 2024/25 Q1",
    ),
    (
        lambda: _indicator(owner="Waste Manager"),
        K.INDICATOR_CHANGED,
        "$.indicators[0].owner",
        f"{NAMED} owner changed from 'Head of Waste' to 'Waste Manager'",
    ),
    (
        lambda: _indicator(source=""),
        K.INDICATOR_CHANGED,
        "$.indicators[0].source",
        f"{NAMED} source changed from 'Bin system' to none",
    ),
    (
        lambda: _indicator(supplier="Contact centre"),
        K.INDICATOR_CHANGED,
        "$.indicators[0].supplier",
        f"{NAMED} supplier changed from 'Waste team' to 'Contact centre'",
    ),
    (
        lambda: _indicator(reporting_lag_days=14),
        K.INDICATOR_CHANGED,
        "$.indicators[0].reporting_lag_days",
        f"{NAMED} reporting lag days changed from 28 to 14",
    ),
    (
        lambda: _indicator(due_days=10),
        K.INDICATOR_CHANGED,
        "$.indicators[0].due_days",
        f"{NAMED} due days changed from none to 10",
    ),
    (
        lambda: _indicator(external_ids=()),
        K.INDICATOR_CHANGED,
        "$.indicators[0].external_ids",
        f"{NAMED} external ids changed from LG Inform 123 to none",
    ),
    (
        lambda: _committee(remit="Decides the budget"),
        K.COMMITTEE_CHANGED,
        "$.committees[0].remit",
        "Committee 'Cabinet' remit changed from none to 'Decides the budget'",
    ),
    (
        lambda: _set(min_size=None),
        K.INDICATOR_SET_CHANGED,
        "$.indicator_sets[0].min_size",
        f"{SET_NAME} min size changed from 1 to none",
    ),
    (
        lambda: _set(max_size=12),
        K.INDICATOR_SET_CHANGED,
        "$.indicator_sets[0].max_size",
        f"{SET_NAME} max size changed from none to 12",
    ),
    (
        # The committee it names, written by its name instead of its id: the same set.
        lambda: _set(committee="CABINET"),
        K.INDICATOR_SET_CHANGED,
        "$.indicator_sets[0].committee",
        "Indicator set the strategic set of CABINET committee changed from 'cabinet' to 'CABINET'",
    ),
    (
        lambda: _risk(description="Fleet over ten years old"),
        K.RISK_CHANGED,
        "$.risks.risks[0].description",
        "Risk R1 description changed from 'Old fleet' to 'Fleet over ten years old'",
    ),
    (
        lambda: _risk(category="Financial"),
        K.RISK_CHANGED,
        "$.risks.risks[0].category",
        "Risk R1 category changed from 'Operational' to 'Financial'",
    ),
    (
        lambda: _risk(serves=()),
        K.RISK_CHANGED,
        "$.risks.risks[0].serves",
        "Risk R1 serves changed from P1 to none",
    ),
    (
        lambda: _risk(target=None),
        K.RISK_CHANGED,
        "$.risks.risks[0].target",
        "Risk R1 target changed from Low (4): likelihood Unlikely (2) x impact Minor (2) to none",
    ),
    (
        lambda: _risk(controls=("Spare lorry", "Hire contract")),
        K.RISK_CHANGED,
        "$.risks.risks[0].controls",
        "Risk R1 controls changed from 'Spare lorry' to 'Spare lorry'; 'Hire contract'",
    ),
    (
        lambda: _risk(actions=()),
        K.RISK_CHANGED,
        "$.risks.risks[0].actions",
        "Risk R1 actions changed from A1 to none",
    ),
    (
        # the same ref, now named with the plan that sets it
        lambda: _risk(actions=(ActionInPlan(plan="fleet-2024-25", ref="A1"),)),
        K.RISK_CHANGED,
        "$.risks.risks[0].actions",
        "Risk R1 actions changed from A1 to A1 of fleet-2024-25",
    ),
    (
        # a peer challenge's action, named by the challenge's title
        lambda: _risk(actions=(ActionInPlan(plan="LGA Corporate Peer Challenge", ref="A1"),)),
        K.RISK_CHANGED,
        "$.risks.risks[0].actions",
        "Risk R1 actions changed from A1 to A1 of LGA Corporate Peer Challenge",
    ),
    (
        lambda: _risk(review_by=dt.date(2024, 12, 31)),
        K.RISK_CHANGED,
        "$.risks.risks[0].review_by",
        "Risk R1 review by changed from 30 Sep 2024 to 31 Dec 2024",
    ),
    (
        lambda: _risk(appetite=6),
        K.RISK_CHANGED,
        "$.risks.risks[0].appetite",
        "Risk R1 appetite changed from 9 to 6",
    ),
    (
        lambda: _strategy(end="2028/29"),
        K.RESOURCE_STRATEGY_CHANGED,
        "$.resource_strategies[0].end",
        "Resource strategy 'Medium Term Financial Strategy' end changed from 2027/28 to 2028/29",
    ),
    (
        lambda: _strategy(kind="capital"),
        K.RESOURCE_STRATEGY_CHANGED,
        "$.resource_strategies[0].kind",
        "Resource strategy 'Medium Term Financial Strategy' kind changed from "
        "medium term financial to capital",
    ),
    (
        lambda: attrs.evolve(BASE, resource_strategies=()),
        K.RESOURCE_STRATEGY_REMOVED,
        "$.resource_strategies[0]",
        "Resource strategy 'Medium Term Financial Strategy' removed",
    ),
    (
        lambda: _budget(amount=1_350_000.5),
        K.BUDGET_CHANGED,
        "$.budget[0].amount",
        "Budget for P1 in 2024/25 (revenue) amount changed from £1,200,000 to £1,350,000.50",
    ),
    (
        lambda: _budget(note=""),
        K.BUDGET_CHANGED,
        "$.budget[0].note",
        "Budget for P1 in 2024/25 (revenue) note changed from 'Bin lorries' to none",
    ),
    (
        lambda: attrs.evolve(BASE, budget=(MONEY, attrs.evolve(MONEY, kind="capital"))),
        K.BUDGET_ADDED,
        "$.budget[1]",
        "Budget for P1 in 2024/25 (capital) added: £1,200,000",
    ),
    (
        lambda: _challenge(progress_review=dt.date(2024, 11, 5)),
        K.PEER_CHALLENGE_CHANGED,
        "$.peer_challenges[0].progress_review",
        "Peer challenge 'Corporate Peer Challenge 2023' progress review changed from no date to "
        "5 Nov 2024",
    ),
    (
        lambda: _challenge(team=("Lead peer", "Member peer")),
        K.PEER_CHALLENGE_CHANGED,
        "$.peer_challenges[0].team",
        "Peer challenge 'Corporate Peer Challenge 2023' team changed from 'Lead peer' to "
        "'Lead peer'; 'Member peer'",
    ),
    (
        lambda: _recommendation(response="Agreed in full"),
        K.RECOMMENDATION_CHANGED,
        "$.peer_challenges[0].recommendations[0].response",
        "Recommendation 1 of 'Corporate Peer Challenge 2023' response changed from 'Agreed' to "
        "'Agreed in full'",
    ),
    (
        lambda: _challenge(recommendations=()),
        K.RECOMMENDATION_REMOVED,
        "$.peer_challenges[0].recommendations[0]",
        "Recommendation 1 'Build capacity' removed from 'Corporate Peer Challenge 2023'",
    ),
    (
        lambda: _recommendation(actions=(attrs.evolve(ACTION, ref="1.1", status="Complete"),)),
        K.ACTION_CHANGED,
        "$.peer_challenges[0].recommendations[0].actions[0].status",
        "Action 1.1 of recommendation 1 of 'Corporate Peer Challenge 2023' status changed from "
        "'On target' to 'Complete'",
    ),
    (
        lambda: attrs.evolve(BASE, peer_challenges=()),
        K.PEER_CHALLENGE_REMOVED,
        "$.peer_challenges[0]",
        "Peer challenge 'Corporate Peer Challenge 2023' removed",
    ),
    (
        lambda: attrs.evolve(BASE, default_rule=TargetTolerance(tolerance=10)),
        K.COUNCIL_CHANGED,
        "$.default_rule",
        "Council default rule changed from 'target-tolerance: tolerance 5, mode relative' to "
        "'target-tolerance: tolerance 10, mode relative'",
    ),
    (
        lambda: attrs.evolve(BASE, year_start_month=9),
        K.COUNCIL_CHANGED,
        "$.year_start_month",
        "Council year start month changed from 4 to 9",
    ),
    (
        lambda: attrs.evolve(BASE, area_code="E07000174"),
        K.COUNCIL_CHANGED,
        "$.area_code",
        "Council area code changed from none to 'E07000174'",
    ),
    (
        lambda: attrs.evolve(
            BASE,
            vocabulary=StatusVocabulary(words=(StatusWord(word="Done", meaning=Meaning.COMPLETE),)),
        ),
        K.COUNCIL_CHANGED,
        "$.vocabulary",
        None,
    ),
    (
        lambda: attrs.evolve(BASE, published_statuses=PublishedVocabulary(words=())),
        K.COUNCIL_CHANGED,
        "$.published_statuses",
        None,
    ),
    (
        lambda: attrs.evolve(BASE, approval=ApprovalPolicy(required=True)),
        K.COUNCIL_CHANGED,
        "$.approval.required",
        "Council approval required changed from no to yes",
    ),
    (
        lambda: attrs.evolve(
            BASE,
            risks=attrs.evolve(
                BASE.risks, appetites=(CategoryAppetite(category="Financial", appetite=12),)
            ),
        ),
        K.COUNCIL_CHANGED,
        "$.risks.appetites",
        "Risk register appetites changed from none to 'Financial' up to 12",
    ),
]


@pytest.mark.parametrize(("changed", "kind", "path", "text"), CASES, ids=lambda c: None)
def test_a_field_changed_is_one_change_in_one_sentence(
    changed: Callable[[], Framework], kind: ChangeKind, path: str, text: str | None
) -> None:
    diff = diff_frameworks(BASE, changed())
    assert [(c.kind, c.path) for c in diff.changes] == [(kind, path)]
    if text is not None:  # None: a long list of words, checked in test_council_words_...
        assert diff.changes[0].text == text


def test_council_words_changed_are_listed_with_what_each_means() -> None:
    done = StatusVocabulary(words=(StatusWord(word="Done", meaning=Meaning.COMPLETE),))
    published = PublishedVocabulary(words=(PublishedWord(word="On track", status=Status.GREEN),))
    new = attrs.evolve(BASE, vocabulary=done, published_statuses=published)
    texts = [c.text for c in diff_frameworks(BASE, new).changes]
    assert texts[0].startswith(
        "Council action status words changed from 'Not started' (not started); "
    )
    assert texts[0].endswith(" to 'Done' (complete)")
    assert texts[1].endswith(" to 'On track' (green)")
    assert texts[1].startswith("Council published status words changed from ")


def test_the_rich_framework_compared_with_itself_has_no_changes() -> None:
    assert not diff_frameworks(BASE, BASE)


def test_a_theme_lead_and_a_plan_year_and_lead_changed_together_are_each_reported() -> None:
    new = attrs.evolve(
        _theme(lead="Cllr Brown"),
        delivery_plans=(attrs.evolve(DELIVERY, year="2025/26", lead="Chief Executive"),),
    )
    assert [c.kind.value for c in diff_frameworks(BASE, new).changes] == [
        "theme-lead-changed",
        "plan-changed",
        "plan-changed",
    ]


# -- properties ----------------------------------------------------------------------------


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks)
def test_any_framework_compared_with_itself_has_no_changes(framework: Framework) -> None:
    assert not diff_frameworks(framework, framework)


# Where each kind of record sits in BASE, and how to put another in its place.
PLACES: dict[type, Callable[[Any], Framework]] = {
    StrategicPlan: lambda p: attrs.evolve(BASE, plan=p),
    Theme: lambda t: _plan(themes=(t,)),
    Priority: lambda p: _theme(priorities=(p,)),
    Outcome: lambda o: _priority(outcomes=(o,)),
    Indicator: lambda i: attrs.evolve(BASE, indicators=(i,)),
    DeliveryPlan: lambda d: attrs.evolve(BASE, delivery_plans=(d,)),
    ServicePlan: lambda s: attrs.evolve(BASE, service_plans=(s,)),
    Action: lambda a: _delivery(actions=(a,)),
    Committee: lambda c: attrs.evolve(BASE, committees=(c,)),
    IndicatorSet: lambda s: attrs.evolve(BASE, indicator_sets=(s,)),
    Risk: lambda r: attrs.evolve(BASE, risks=RiskRegister(risks=(r,))),
    ResourceStrategy: lambda r: attrs.evolve(BASE, resource_strategies=(r,)),
    BudgetAllocation: lambda b: attrs.evolve(BASE, budget=(b,)),
    PeerChallenge: lambda c: attrs.evolve(BASE, peer_challenges=(c,)),
    Recommendation: lambda r: _challenge(recommendations=(r, SHARING)),
}
AT = {
    StrategicPlan: PLAN_AT,
    Theme: THEME_AT,
    Priority: PRIORITY_AT,
    Outcome: OUTCOME_AT,
    Indicator: "$.indicators[0]",
    DeliveryPlan: "$.delivery_plans[0]",
    ServicePlan: "$.service_plans[0]",
    Action: ACTION_AT,
    Committee: "$.committees[0]",
    IndicatorSet: "$.indicator_sets[0]",
    Risk: "$.risks.risks[0]",
    ResourceStrategy: "$.resource_strategies[0]",
    BudgetAllocation: "$.budget[0]",
    PeerChallenge: "$.peer_challenges[0]",
    Recommendation: "$.peer_challenges[0].recommendations[0]",
}
FIELDS = [(kind, field.name) for kind in PLACES for field in attrs.fields(kind)]


@pytest.mark.parametrize(("kind", "field"), FIELDS, ids=[f"{k.__name__}.{f}" for k, f in FIELDS])
@settings(
    max_examples=10,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_any_field_changed_is_reported(kind: type, field: str, data: st.DataObject) -> None:
    # Every field of every record a framework holds, the nested ones (themes, actions ...)
    # included: a record with one field taken from another record of its kind is a change
    # where that record is.
    first, other = data.draw(RECORDS[kind]), data.draw(RECORDS[kind])
    assume(getattr(first, field) != getattr(other, field))
    try:
        changed = attrs.evolve(first, **{field: getattr(other, field)})
        old, new = PLACES[kind](first), PLACES[kind](changed)
    except ValueError:
        reject()  # fields that cannot go together (an indicator set's sizes out of order)
    paths = [c.path for c in diff_frameworks(old, new).changes]
    assert any(path.startswith(AT[kind]) for path in paths), (kind.__name__, field, paths)


# The settings of the council as a whole that the shared strategy varies; the rest (approval,
# the risk matrix and appetites) are among the cases above.
SETTINGS = ["default_rule", "vocabulary", "published_statuses", "year_start_month", "area_code"]


@pytest.mark.parametrize("field", SETTINGS)
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_council_setting_changed_is_reported(field: str, data: st.DataObject) -> None:
    first, other = data.draw(frameworks), data.draw(frameworks)
    assume(getattr(first, field) != getattr(other, field))
    changed = attrs.evolve(first, **{field: getattr(other, field)})
    assert [c.path for c in diff_frameworks(first, changed).changes] == [f"$.{field}"]


def test_a_diff_counts_its_changes_by_the_thing_changed_in_plain_plurals() -> None:
    capital = attrs.evolve(STRATEGY, id="capital", title="Capital Strategy")
    new = attrs.evolve(
        _theme(lead="Cllr Brown"),
        resource_strategies=(capital,),
        budget=(MONEY, attrs.evolve(MONEY, kind="capital")),
    )
    assert repr(diff_frameworks(BASE, new)) == (
        "<PlanDiff: 4 changes (1 theme lead, 2 resource strategies, 1 budget)>"
    )
