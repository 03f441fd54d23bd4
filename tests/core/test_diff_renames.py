"""The framework diff follows what a refresh renames: a delivery plan rolled over to next year
(its title and id changed with the year) is one change and its actions are paired through it;
an action renumbered, a committee given a new id and a peer challenge retitled under its id are
changes, not removals and additions."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.diff import ChangeKind, PlanDiff, diff_frameworks
from councilpmf.core.framework import Framework
from councilpmf.folder import load_folder

MANSFIELD = load_folder("examples/mansfield").framework
NOTTS = load_folder("examples/nottinghamshire").framework
YORK = load_folder("examples/york").framework


def kinds(diff: PlanDiff) -> list[ChangeKind]:
    return [c.kind for c in diff.changes]


def rolled_over(framework: Framework) -> Framework:
    """Next year's delivery plans: every title and id moved on a year, the actions unchanged."""
    return attrs.evolve(
        framework,
        delivery_plans=tuple(
            attrs.evolve(
                plan,
                id=plan.id.replace("2024-25", "2025-26"),
                title=plan.title.replace("2024/25", "2025/26"),
            )
            for plan in framework.delivery_plans
        ),
    )


def test_a_delivery_plan_rolled_over_is_one_change_each_and_its_actions_follow() -> None:
    new = rolled_over(MANSFIELD)
    diff = diff_frameworks(MANSFIELD, new)
    assert kinds(diff) == [ChangeKind.PLAN_RENAMED] * len(MANSFIELD.delivery_plans)
    first = diff.changes[0]
    assert first.text == (
        "Delivery plan 'Our communities delivery plan 2024/25' renamed to "
        "'Our communities delivery plan 2025/26' "
        "(id 'communities-2024-25' is now 'communities-2025-26')"
    )
    assert first.path == "$.delivery_plans[0]"
    assert repr(diff) == "<PlanDiff: 5 changes (5 plans)>"


def test_an_action_changed_in_a_rolled_over_plan_is_reported_under_the_new_title() -> None:
    new = rolled_over(MANSFIELD)
    plan = new.delivery_plans[1]
    action = plan.actions[0]
    done = attrs.evolve(action, status="Complete")
    new = attrs.evolve(
        new,
        delivery_plans=tuple(
            attrs.evolve(p, actions=(done, *p.actions[1:])) if p is plan else p
            for p in new.delivery_plans
        ),
    )
    (changed,) = diff_frameworks(MANSFIELD, new).of_kind(ChangeKind.ACTION_CHANGED)
    assert changed.text == (
        f"Action {action.ref} of '{plan.title}' status changed from '{action.status}' to 'Complete'"
    )
    assert changed.path == "$.delivery_plans[1].actions[0].status"


def test_a_plan_retitled_with_its_id_kept_names_the_title() -> None:
    plan = YORK.delivery_plans[0]
    retitled = attrs.evolve(plan, title="One year actions 2010/11: the City of Culture")
    new = attrs.evolve(YORK, delivery_plans=(retitled, *YORK.delivery_plans[1:]))
    (change,) = diff_frameworks(YORK, new).changes
    assert change.kind is ChangeKind.PLAN_RENAMED
    assert change.path == "$.delivery_plans[0].title"
    assert change.text == (
        f"Delivery plan '{plan.title}' renamed to 'One year actions 2010/11: the City of Culture'"
    )


def test_a_plan_given_a_new_id_only_is_reported() -> None:
    plan = YORK.delivery_plans[2]
    new = attrs.evolve(
        YORK,
        delivery_plans=tuple(
            attrs.evolve(p, id="healthy") if p is plan else p for p in YORK.delivery_plans
        ),
    )
    (change,) = diff_frameworks(YORK, new).changes
    assert change.text == f"Delivery plan '{plan.title}' id changed from '{plan.id}' to 'healthy'"
    assert change.path == "$.delivery_plans[2]"


def test_a_peer_challenge_retitled_with_its_id_kept_is_one_change_of_its_title() -> None:
    (challenge,) = MANSFIELD.peer_challenges
    retitled = attrs.evolve(challenge, title="Council peer review: action plan")
    new = attrs.evolve(MANSFIELD, peer_challenges=(retitled,))
    (change,) = diff_frameworks(MANSFIELD, new).changes
    assert change.kind is ChangeKind.PEER_CHALLENGE_CHANGED
    assert change.path == "$.peer_challenges[0].title"
    assert change.text == (
        "Peer challenge 'Council peer review: action plan' title changed from "
        "'LGA Corporate Peer Challenge 2023' to 'Council peer review: action plan'"
    )
    # without the id, so unlike a title is another challenge
    unnamed = attrs.evolve(MANSFIELD, peer_challenges=(attrs.evolve(challenge, id=None),))
    other = attrs.evolve(MANSFIELD, peer_challenges=(attrs.evolve(retitled, id=None),))
    assert kinds(diff_frameworks(unnamed, other)) == [
        ChangeKind.PEER_CHALLENGE_ADDED,
        ChangeKind.PEER_CHALLENGE_REMOVED,
    ]


def test_a_peer_challenge_given_an_id_is_one_change_of_its_id() -> None:
    (challenge,) = MANSFIELD.peer_challenges
    old = attrs.evolve(MANSFIELD, peer_challenges=(attrs.evolve(challenge, id=None),))
    (change,) = diff_frameworks(old, MANSFIELD).changes
    assert change.path == "$.peer_challenges[0].id"
    assert change.text == (
        "Peer challenge 'LGA Corporate Peer Challenge 2023' id changed from none to 'lga-cpc-2023'"
    )


def test_a_service_plan_renamed_keeps_its_actions() -> None:
    plan = NOTTS.service_plans[1]
    renamed = attrs.evolve(plan, service="Highways and Transport (illustrative Group)")
    new = attrs.evolve(
        NOTTS, service_plans=tuple(renamed if p is plan else p for p in NOTTS.service_plans)
    )
    (change,) = diff_frameworks(NOTTS, new).changes
    assert change.text == (
        f"Service plan '{plan.service}' renamed to 'Highways and Transport (illustrative Group)'"
    )
    assert change.path == "$.service_plans[1].service"


def test_a_plan_replaced_by_one_unlike_it_removes_and_adds_its_actions() -> None:
    plan = NOTTS.delivery_plans[0]
    other = attrs.evolve(plan, id="budget-2015-16", title="Budget consultation responses")
    diff = diff_frameworks(NOTTS, attrs.evolve(NOTTS, delivery_plans=(other,)))
    assert not diff.of_kind(ChangeKind.PLAN_RENAMED)
    assert len(diff.of_kind(ChangeKind.ACTION_ADDED)) == len(plan.actions)
    assert len(diff.of_kind(ChangeKind.ACTION_REMOVED)) == len(plan.actions)


def test_an_action_renumbered_is_one_change_of_its_ref() -> None:
    plan = NOTTS.delivery_plans[0]
    action = plan.actions[2]
    renumbered = attrs.evolve(action, ref="ADP 3a")
    actions = tuple(renumbered if a is action else a for a in plan.actions)
    new = attrs.evolve(NOTTS, delivery_plans=(attrs.evolve(plan, actions=actions),))
    (change,) = diff_frameworks(NOTTS, new).changes
    assert change.kind is ChangeKind.ACTION_CHANGED
    assert change.text == f"Action ADP 3a of '{plan.title}' ref changed from {action.ref} to ADP 3a"
    assert change.path == "$.delivery_plans[0].actions[2].ref"


def test_an_action_renumbered_and_replaced_by_another_is_removed_and_added() -> None:
    plan = NOTTS.delivery_plans[0]
    action = plan.actions[2]
    other = attrs.evolve(action, ref="ADP 99", title="Hold a summer reading challenge")
    actions = tuple(other if a is action else a for a in plan.actions)
    new = attrs.evolve(NOTTS, delivery_plans=(attrs.evolve(plan, actions=actions),))
    assert kinds(diff_frameworks(NOTTS, new)) == [
        ChangeKind.ACTION_ADDED,
        ChangeKind.ACTION_REMOVED,
    ]


def test_actions_are_not_paired_across_plans() -> None:
    # The same action moved to another plan with a new ref leaves one plan and joins the other.
    first, second = MANSFIELD.delivery_plans[:2]
    moved = attrs.evolve(first.actions[0], ref="DIS-99")
    new = attrs.evolve(
        MANSFIELD,
        delivery_plans=(
            attrs.evolve(first, actions=first.actions[1:]),
            attrs.evolve(second, actions=(*second.actions, moved)),
            *MANSFIELD.delivery_plans[2:],
        ),
    )
    assert kinds(diff_frameworks(MANSFIELD, new)) == [
        ChangeKind.ACTION_ADDED,
        ChangeKind.ACTION_REMOVED,
    ]


def test_a_committee_given_a_new_id_is_one_change_and_its_sets_follow_it() -> None:
    committee = MANSFIELD.committees[1]
    assert MANSFIELD.sets_of(committee.id)
    new_id = "mansfield-cabinet"
    new = attrs.evolve(
        MANSFIELD,
        committees=tuple(
            attrs.evolve(c, id=new_id) if c is committee else c for c in MANSFIELD.committees
        ),
        indicator_sets=tuple(
            attrs.evolve(s, committee=new_id) if s.committee == committee.id else s
            for s in MANSFIELD.indicator_sets
        ),
    )
    (change,) = diff_frameworks(MANSFIELD, new).changes
    assert change.kind is ChangeKind.COMMITTEE_CHANGED
    assert change.text == (
        f"Committee '{committee.name}' id changed from '{committee.id}' to '{new_id}'"
    )
    assert change.path == "$.committees[1].id"


def test_a_committee_replaced_by_one_unlike_it_is_removed_and_added() -> None:
    committee = MANSFIELD.committees[1]
    other = attrs.evolve(committee, id="audit", name="Audit and Governance Committee")
    new = attrs.evolve(
        MANSFIELD,
        committees=tuple(other if c is committee else c for c in MANSFIELD.committees),
    )
    diff = diff_frameworks(MANSFIELD, new)
    assert [c.text for c in diff.of_kind(ChangeKind.COMMITTEE_ADDED)] == [
        "Committee 'Audit and Governance Committee' added"
    ]
    assert [c.text for c in diff.of_kind(ChangeKind.COMMITTEE_REMOVED)] == [
        f"Committee '{committee.name}' removed"
    ]


@given(
    rolled=st.sets(st.integers(min_value=0, max_value=len(YORK.delivery_plans) - 1)),
    order=st.permutations(range(len(YORK.delivery_plans))),
)
def test_york_plans_alike_in_title_rolled_over_each_pair_with_their_own(
    rolled: set[int], order: list[int]
) -> None:
    # York's plans are titled alike ("One year actions 2009/10: the ..."): with several given
    # new ids at once, in another order, each old plan is a candidate for each new one, and the
    # most alike pairs are still the right ones.
    plans = YORK.delivery_plans
    new_plans = tuple(
        attrs.evolve(
            plan,
            id=plan.id.replace("2009-10", "2010-11"),
            title=plan.title.replace("2009/10", "2010/11"),
        )
        if n in rolled
        else plan
        for n, plan in enumerate(plans)
    )
    reordered = tuple(new_plans[n] for n in order)
    diff = diff_frameworks(YORK, attrs.evolve(YORK, delivery_plans=reordered))
    assert [c.text for c in diff.changes] == [
        f"Delivery plan '{plans[n].title}' renamed to '{new_plans[n].title}' "
        f"(id '{plans[n].id}' is now '{new_plans[n].id}')"
        for n in order
        if n in rolled
    ]
