"""The framework diff reports every part a refresh changes: actions and their milestones,
committees, indicator sets and risks, not only the plan and the indicators."""

from __future__ import annotations

import datetime as dt

import attrs

from councilpmf.core.actions import ActionUpdate, Milestone
from councilpmf.core.diff import ChangeKind, diff_frameworks
from councilpmf.core.governance import Frequency
from councilpmf.core.risks import RiskScore
from councilpmf.folder import load_folder

MANSFIELD = load_folder("examples/mansfield").framework
NOTTS = load_folder("examples/nottinghamshire").framework


def test_an_unchanged_framework_has_no_changes() -> None:
    assert not diff_frameworks(MANSFIELD, MANSFIELD)
    assert not diff_frameworks(NOTTS, NOTTS)


def test_a_delivery_plan_cut_to_one_action_reports_each_action_removed() -> None:
    plan = MANSFIELD.delivery_plans[0]
    cut = attrs.evolve(plan, actions=plan.actions[:1])
    new = attrs.evolve(
        MANSFIELD,
        delivery_plans=tuple(cut if p is plan else p for p in MANSFIELD.delivery_plans),
    )
    removed = diff_frameworks(MANSFIELD, new).of_kind(ChangeKind.ACTION_REMOVED)
    assert len(removed) == len(plan.actions) - 1 >= 2
    gone = plan.actions[1]
    assert removed[0].text == f"Action {gone.ref} '{gone.title}' removed from '{plan.title}'"


def test_action_fields_and_milestones_are_compared() -> None:
    plan = NOTTS.delivery_plans[0]
    action = plan.actions[0]
    first = action.milestones[0]
    changed = attrs.evolve(
        action,
        status="Complete",
        due=dt.date(2015, 6, 30),
        milestones=(
            attrs.evolve(first, done=dt.date(2014, 7, 1)),
            *action.milestones[2:],
            Milestone(title="Evaluation published", due=dt.date(2015, 9, 30)),
        ),
    )
    new = attrs.evolve(
        NOTTS,
        delivery_plans=(
            attrs.evolve(plan, actions=(changed, *plan.actions[1:])),
            *NOTTS.delivery_plans[1:],
        ),
    )
    texts = [c.text for c in diff_frameworks(NOTTS, new).changes]
    subject = f"Action {action.ref} of '{plan.title}'"
    assert f"{subject} status changed from '{action.status}' to 'Complete'" in texts
    assert any(
        t.startswith(f"{subject} due changed from ") and t.endswith("30 Jun 2015") for t in texts
    )
    assert (
        f"Milestone '{first.title}' of action {action.ref} done changed from 22 Jul 2014 "
        "to 1 Jul 2014" in texts
    )
    assert f"Milestone '{action.milestones[1].title}' of action {action.ref} removed" in texts
    assert (
        f"Milestone 'Evaluation published' of action {action.ref} added, due 30 Sep 2015" in texts
    )


def test_committees_and_indicator_sets_are_compared() -> None:
    committee = MANSFIELD.committees[0]
    first_set = MANSFIELD.indicator_sets[0]
    new = attrs.evolve(
        MANSFIELD,
        committees=(
            attrs.evolve(committee, cadence=Frequency.ANNUAL),
            *MANSFIELD.committees[1:],
        ),
        indicator_sets=(
            attrs.evolve(first_set, indicators=first_set.indicators[1:]),
            *MANSFIELD.indicator_sets[1:],
        ),
    )
    diff = diff_frameworks(MANSFIELD, new)
    (cadence,) = diff.of_kind(ChangeKind.COMMITTEE_CHANGED)
    assert cadence.text == (
        f"Committee '{committee.name}' cadence changed from {committee.cadence.value} to annual"
    )
    (trimmed,) = diff.of_kind(ChangeKind.INDICATOR_SET_CHANGED)
    assert trimmed.text.endswith(f": {first_set.indicators[0]} dropped")
    assert trimmed.path == "$.indicator_sets[0].indicators"
    gone = diff_frameworks(MANSFIELD, attrs.evolve(MANSFIELD, committees=()))
    assert len(gone.of_kind(ChangeKind.COMMITTEE_REMOVED)) == len(MANSFIELD.committees)


def test_risks_are_compared_by_id() -> None:
    register = NOTTS.risks
    first = register.risks[0]
    raised = attrs.evolve(first, residual=RiskScore(likelihood=5, impact=4))
    new = attrs.evolve(NOTTS, risks=attrs.evolve(register, risks=(raised, *register.risks[2:])))
    diff = diff_frameworks(NOTTS, new)
    (changed,) = diff.of_kind(ChangeKind.RISK_CHANGED)
    assert changed.text == (
        f"Risk {first.id} residual changed from High (12): likelihood Possible (3) x impact "
        "Major (4) to Very high (20): likelihood Almost certain (5) x impact Major (4)"
    )
    (removed,) = diff.of_kind(ChangeKind.RISK_REMOVED)
    assert removed.text.startswith(f"Risk {register.risks[1].id} ")


def test_parts_sharing_a_key_are_paired_in_order_so_a_framework_equals_itself() -> None:
    # Two milestones of one title (a report to Cabinet twice a year), two indicator sets of one
    # committee and level with no title: each is paired with its own namesake, in order.
    plan = NOTTS.delivery_plans[0]
    action = plan.actions[0]
    twice = attrs.evolve(
        action,
        milestones=(
            Milestone(title="Report to Cabinet", due=dt.date(2024, 9, 30)),
            Milestone(title="Report to Cabinet", due=dt.date(2025, 3, 31)),
        ),
    )
    first_set = NOTTS.indicator_sets[0]
    sets = (
        attrs.evolve(first_set, title="", indicators=first_set.indicators[:1]),
        attrs.evolve(first_set, title="", indicators=first_set.indicators[1:2]),
    )
    framework = attrs.evolve(
        NOTTS,
        delivery_plans=(attrs.evolve(plan, actions=(twice, *plan.actions[1:])),),
        indicator_sets=sets,
    )
    assert not diff_frameworks(framework, framework)
    later = attrs.evolve(twice.milestones[1], due=dt.date(2025, 4, 30))
    moved_action = attrs.evolve(twice, milestones=(twice.milestones[0], later))
    moved = attrs.evolve(
        framework,
        delivery_plans=(attrs.evolve(plan, actions=(moved_action, *plan.actions[1:])),),
    )
    (change,) = diff_frameworks(framework, moved).changes
    assert change.path.endswith(".milestones[1].due")
    assert change.text.endswith("due changed from 31 Mar 2025 to 30 Apr 2025")


def test_an_update_that_changes_an_action_is_a_change() -> None:
    # A council changes an action's status by adding a dated update, so the diff says so.
    plan = NOTTS.delivery_plans[0]
    action = plan.actions[0]
    done = ActionUpdate(
        on=dt.date(2016, 3, 1), text="Delivered", status="Complete", percent_complete=100
    )
    first = action.updates[0]
    reworded = attrs.evolve(first, status="Revised date")
    updated = attrs.evolve(action, updates=(reworded, *action.updates[2:], done))
    new = attrs.evolve(
        NOTTS,
        delivery_plans=(
            attrs.evolve(plan, actions=(updated, *plan.actions[1:])),
            *NOTTS.delivery_plans[1:],
        ),
    )
    changes = diff_frameworks(NOTTS, new).of_kind(ChangeKind.ACTION_CHANGED)
    subject = f"Action {action.ref} of '{plan.title}'"
    assert [(c.path.rsplit(".", 1)[-1], c.text) for c in changes] == [
        (
            "updates[0]",
            f"{subject} update of 1 Oct 2014 changed: status 'Revised date', 45% complete",
        ),
        ("updates[1]", f"{subject} updated 1 Mar 2016: status 'Complete', 100% complete"),
        ("updates[1]", f"{subject} update of 10 Apr 2015 removed"),
    ]
