"""Tests for councilpmf.core.peer_challenge: LGA milestones and the council's action plan."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from councilpmf.core.actions import Action
from councilpmf.core.peer_challenge import (
    MilestoneState,
    PeerChallenge,
    Recommendation,
    milestones,
)

VISIT = dt.date(2023, 10, 1)
PLAN_EXPECTED = dt.date(2024, 1, 1)  # visit + 3 months
PLAN_LATEST = dt.date(2024, 3, 1)  # visit + 5 months
REVIEW_EXPECTED = dt.date(2024, 8, 1)  # + 10 months
REVIEW_LATEST = dt.date(2024, 10, 1)  # + 12 months
DAY = dt.timedelta(days=1)

CPC = PeerChallenge(
    title="LGA Corporate Peer Challenge 2023",
    organisation="Mansfield District Council",
    visited=VISIT,
)


def states(challenge: PeerChallenge, as_of: dt.date) -> dict[str, MilestoneState]:
    return {m.name: m.state for m in milestones(challenge, as_of)}


def plan_state(published: dt.date | None, as_of: dt.date) -> MilestoneState:
    challenge = attrs.evolve(CPC, action_plan_published=published)
    return states(challenge, as_of)["Action plan published"]


# -- milestones from the visit date ------------------------------------------------------------


def test_milestones_follow_from_the_visit_date() -> None:
    found = milestones(CPC, as_of=dt.date(2023, 11, 1))
    assert [(m.name, m.expected, m.latest) for m in found] == [
        ("Action plan published", PLAN_EXPECTED, PLAN_LATEST),
        ("Progress review held", REVIEW_EXPECTED, REVIEW_LATEST),
        ("Progress review report published", REVIEW_LATEST, REVIEW_LATEST),
    ]
    assert all(m.state is MilestoneState.DUE and m.done is None for m in found)


def test_milestone_explanations() -> None:
    published = attrs.evolve(CPC, action_plan_published=dt.date(2023, 12, 14))
    plan, review, report = milestones(published, as_of=dt.date(2024, 2, 1))
    assert plan.explanation == (
        "Action plan published: expected by 1 Jan 2024, at the latest 1 Mar 2024; done 14 Dec 2023"
    )
    assert review.explanation == (
        "Progress review held: expected by 1 Aug 2024, at the latest 1 Oct 2024; not yet done"
    )
    assert report.explanation == (
        "Progress review report published: expected by 1 Oct 2024; not yet done"
    )


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (PLAN_EXPECTED - DAY, MilestoneState.MET),
        (PLAN_EXPECTED, MilestoneState.MET),
        (PLAN_EXPECTED + DAY, MilestoneState.MET),  # late on 3 months, within the 5 allowed
        (PLAN_LATEST, MilestoneState.MET),
        (PLAN_LATEST + DAY, MilestoneState.MET_LATE),
    ],
)
def test_action_plan_met_or_met_late(published: dt.date, expected: MilestoneState) -> None:
    assert plan_state(published, as_of=dt.date(2024, 6, 1)) is expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (PLAN_EXPECTED, MilestoneState.DUE),
        (PLAN_LATEST, MilestoneState.DUE),  # the last allowed day is not yet overdue
        (PLAN_LATEST + DAY, MilestoneState.OVERDUE),
    ],
)
def test_action_plan_due_or_overdue(as_of: dt.date, expected: MilestoneState) -> None:
    assert plan_state(None, as_of) is expected


def test_a_publication_date_after_as_of_is_not_yet_done() -> None:
    # Reporting on 1 Feb about a plan published on 20 Feb: on 1 Feb it was still due.
    assert plan_state(dt.date(2024, 2, 20), as_of=dt.date(2024, 2, 1)) is MilestoneState.DUE
    assert plan_state(dt.date(2024, 2, 20), as_of=dt.date(2024, 2, 20)) is MilestoneState.MET
    late = plan_state(dt.date(2024, 4, 1), as_of=dt.date(2024, 3, 15))
    assert late is MilestoneState.OVERDUE


@pytest.mark.parametrize(
    ("held", "as_of", "expected"),
    [
        (None, REVIEW_LATEST, MilestoneState.DUE),
        (None, REVIEW_LATEST + DAY, MilestoneState.OVERDUE),
        (REVIEW_LATEST, REVIEW_LATEST, MilestoneState.MET),
        (REVIEW_LATEST + DAY, REVIEW_LATEST + DAY, MilestoneState.MET_LATE),
    ],
)
def test_progress_review_and_its_report(
    held: dt.date | None, as_of: dt.date, expected: MilestoneState
) -> None:
    challenge = attrs.evolve(CPC, progress_review=held, progress_review_published=held)
    found = states(challenge, as_of)
    assert found["Progress review held"] is expected
    assert found["Progress review report published"] is expected


def test_milestones_clamp_to_month_ends() -> None:
    challenge = attrs.evolve(CPC, visited=dt.date(2023, 8, 31))
    plan = milestones(challenge, as_of=dt.date(2023, 9, 1))[0]
    assert (plan.expected, plan.latest) == (dt.date(2023, 11, 30), dt.date(2024, 1, 31))


# -- the council's action plan -----------------------------------------------------------------


def test_mansfield_like_challenge_lists_its_actions_in_order() -> None:
    def actions(number: int, count: int) -> tuple[Action, ...]:
        return tuple(
            Action(
                ref=f"{number}.{i}",
                title=f"Action {i} for recommendation {number}",
                status="On target",
                owners=("Chief Executive",),
                timescale="November 2024",
                lead_committee="Overview and Scrutiny Committee",
            )
            for i in range(1, count + 1)
        )

    counts = (3, 2, 1, 2, 3, 1)
    challenge = attrs.evolve(
        CPC,
        team=("Lead peer", "Member peer", "Officer peer"),
        recommendations=tuple(
            Recommendation(
                number=n,
                text=f"Recommendation {n}",
                response="Agreed",
                actions=actions(n, count),
            )
            for n, count in enumerate(counts, start=1)
        ),
    )
    assert [a.ref for a in challenge.actions()] == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "4.1", "4.2", "5.1", "5.2", "5.3", "6.1",
    ]  # fmt: skip


def test_a_challenge_without_recommendations_has_no_actions() -> None:
    assert CPC.actions() == ()


def test_recommendation_numbers_start_at_one() -> None:
    with pytest.raises(ValueError, match="number must be at least 1"):
        Recommendation(number=0, text="Refresh the plan")
    with pytest.raises(TypeError, match="number must be a whole number"):
        Recommendation(number=True, text="Refresh the plan")
