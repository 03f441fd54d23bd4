"""LGA Corporate Peer Challenge: recommendations, the council's response, its action plan, and
the LGA milestones that follow from the visit date.

The LGA expects the action plan within three months of the visit (five at the most), a progress
review about ten months after the visit, and that review's report published within twelve.

>>> import datetime as dt
>>> cpc = PeerChallenge(title="LGA Corporate Peer Challenge 2023",
...     organisation="Mansfield District Council", visited=dt.date(2023, 10, 1))
>>> for m in milestones(cpc, as_of=dt.date(2024, 2, 1)):
...     print(m.state.value, "-", m.explanation)
due - Action plan published: expected by 1 Jan 2024, at the latest 1 Mar 2024; not yet done
due - Progress review held: expected by 1 Aug 2024, at the latest 1 Oct 2024; not yet done
due - Progress review report published: expected by 1 Oct 2024; not yet done
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs
from attrs import validators as v

from councilpmf.core._validate import (
    required,
    whole_in,
)
from councilpmf.core._validate import (
    text as plain_text,
)
from councilpmf.core.actions import Action, format_date
from councilpmf.core.periods import add_months

__all__ = [
    "ChallengeMilestone",
    "MilestoneState",
    "PeerChallenge",
    "Recommendation",
    "milestones",
]


_date = v.optional(v.instance_of(dt.date))


@attrs.frozen(kw_only=True)
class Recommendation:
    """One recommendation of the peer team, the council's response, and its actions."""

    number: int = attrs.field(validator=whole_in(1))
    text: str = attrs.field(validator=required)
    response: str = attrs.field(default="", validator=plain_text)
    peer_points: str = attrs.field(default="", validator=plain_text)
    actions: tuple[Action, ...] = attrs.field(
        default=(), validator=v.deep_iterable(v.instance_of(Action), v.instance_of(tuple))
    )


@attrs.frozen(kw_only=True)
class PeerChallenge:
    """A Corporate Peer Challenge: the visit, the team, and the recommendations."""

    title: str = attrs.field(validator=required)
    organisation: str = attrs.field(validator=required)
    visited: dt.date = attrs.field(validator=v.instance_of(dt.date))
    team: tuple[str, ...] = attrs.field(
        default=(), validator=v.deep_iterable(plain_text, v.instance_of(tuple))
    )
    report_published: dt.date | None = attrs.field(default=None, validator=_date)
    action_plan_published: dt.date | None = attrs.field(default=None, validator=_date)
    progress_review: dt.date | None = attrs.field(default=None, validator=_date)
    progress_review_published: dt.date | None = attrs.field(default=None, validator=_date)
    recommendations: tuple[Recommendation, ...] = attrs.field(
        default=(),
        validator=v.deep_iterable(v.instance_of(Recommendation), v.instance_of(tuple)),
    )

    def actions(self) -> tuple[Action, ...]:
        """Every action of every recommendation, in order."""
        return tuple(a for r in self.recommendations for a in r.actions)


class MilestoneState(enum.Enum):
    """Where an LGA milestone stands on a given day."""

    MET = "met"
    MET_LATE = "met late"
    DUE = "due"
    OVERDUE = "overdue"

    @property
    def word(self) -> str:
        """The state as a word for people."""
        return self.value.capitalize()


@attrs.frozen(kw_only=True)
class ChallengeMilestone:
    """One LGA milestone of a peer challenge, derived from the visit date for an ``as_of`` day
    (an action's own milestones are :class:`~councilpmf.core.actions.Milestone`)."""

    name: str
    expected: dt.date
    latest: dt.date
    done: dt.date | None
    state: MilestoneState
    explanation: str


_SCHEDULE = (
    ("Action plan published", 3, 5, "action_plan_published"),
    ("Progress review held", 10, 12, "progress_review"),
    ("Progress review report published", 12, 12, "progress_review_published"),
)


def milestones(challenge: PeerChallenge, as_of: dt.date) -> tuple[ChallengeMilestone, ...]:
    """The LGA milestones of a peer challenge, each met, due or overdue on ``as_of``."""
    result = []
    for name, expected_months, latest_months, field in _SCHEDULE:
        expected = add_months(challenge.visited, expected_months)
        latest = add_months(challenge.visited, latest_months)
        done: dt.date | None = getattr(challenge, field)
        when = f"expected by {format_date(expected)}"
        if latest != expected:
            when += f", at the latest {format_date(latest)}"
        if done is not None and done <= as_of:
            state = MilestoneState.MET if done <= latest else MilestoneState.MET_LATE
            detail = f"done {format_date(done)}"
        else:
            done = None
            state = MilestoneState.OVERDUE if as_of > latest else MilestoneState.DUE
            detail = "not yet done"
        result.append(
            ChallengeMilestone(
                name=name,
                expected=expected,
                latest=latest,
                done=done,
                state=state,
                explanation=f"{name}: {when}; {detail}",
            )
        )
    return tuple(result)
