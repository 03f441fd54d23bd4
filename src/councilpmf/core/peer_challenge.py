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

from councilpmf.core import _coerce
from councilpmf.core._coerce import as_date, to_optional_date
from councilpmf.core._validate import (
    identifier,
    identifiers,
    of_type,
    optional,
    refuse_repeats,
    required,
    whole_in,
)
from councilpmf.core._validate import (
    text as plain_text,
)
from councilpmf.core.actions import Action, format_date, refuse_action_repeats
from councilpmf.core.errors import InputError
from councilpmf.core.periods import add_months

__all__ = [
    "ChallengeMilestone",
    "MilestoneState",
    "PeerChallenge",
    "Recommendation",
    "milestones",
]


@attrs.frozen(kw_only=True)
class Recommendation:
    """One recommendation of the peer team, the council's response, and its actions.

    An action plan often sets one action against two recommendations. The action is written
    once, under one of them; ``also_answered_by`` names it, by ref, in the others. Each ref
    must be an action set under another recommendation of the same peer challenge.

    >>> from councilpmf.core.actions import Action
    >>> plan = Action(ref="1.1", title="Refresh the medium-term financial plan")
    >>> cpc = PeerChallenge(title="Peer challenge", organisation="Anytown", recommendations=(
    ...     Recommendation(number=1, text="Agree the financial plans", actions=(plan,)),
    ...     Recommendation(number=2, text="Close the budget gap", also_answered_by=("1.1",))))
    >>> [a.ref for a in cpc.answers(cpc.recommendations[1])]
    ['1.1']
    """

    number: int = attrs.field(validator=whole_in(1))
    text: str = attrs.field(validator=required)
    response: str = attrs.field(default="", validator=plain_text)
    peer_points: str = attrs.field(default="", validator=plain_text)
    actions: tuple[Action, ...] = attrs.field(
        default=(), validator=v.deep_iterable(of_type(Action), of_type(tuple))
    )
    also_answered_by: tuple[str, ...] = attrs.field(default=(), validator=identifiers)


@attrs.frozen(kw_only=True)
class PeerChallenge:
    """A Corporate Peer Challenge: the visit, the team, and the recommendations.

    ``id`` is optional: a short, stable name for the challenge that a risk's mitigating action
    (:class:`~councilpmf.core.risks.ActionInPlan`) or ``update-action --plan`` can give in
    place of the title, and that stays when the title is edited. Like every id it is not empty
    and neither starts nor ends with a space; a framework refuses one that is already a
    delivery plan's, a service plan's or another peer challenge's id.

    ``visited`` may be left out (published action plans often omit it); the LGA milestones'
    dates are then unknown. Each milestone (``report_published``, ``action_plan_published``,
    ``progress_review``, ``progress_review_published``) is the day it was done, ``True`` when
    it was done on a day not recorded, or None while it is not done. Dates may be given as
    ISO text (``"2023-10-01"``). A milestone's day is never before the visit, nor the progress
    review's report before the review.
    """

    id: str | None = attrs.field(default=None, validator=optional(identifier))
    title: str = attrs.field(validator=required)
    organisation: str = attrs.field(validator=required)
    visited: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=_coerce.optional_date
    )
    team: tuple[str, ...] = attrs.field(
        default=(), validator=v.deep_iterable(plain_text, of_type(tuple))
    )
    report_published: dt.date | bool | None = attrs.field(
        default=None, converter=_coerce.to_done, validator=_coerce.done
    )
    action_plan_published: dt.date | bool | None = attrs.field(
        default=None, converter=_coerce.to_done, validator=_coerce.done
    )
    progress_review: dt.date | bool | None = attrs.field(
        default=None, converter=_coerce.to_done, validator=_coerce.done
    )
    progress_review_published: dt.date | bool | None = attrs.field(
        default=None, converter=_coerce.to_done, validator=_coerce.done
    )
    recommendations: tuple[Recommendation, ...] = attrs.field(
        default=(),
        validator=v.deep_iterable(of_type(Recommendation), of_type(tuple)),
    )

    def __attrs_post_init__(self) -> None:
        # What the visit starts cannot be done before it, nor a review's report before the
        # review: such a day is a slip of the pen, never a milestone met.
        _not_before(self, "visited", _MILESTONE_FIELDS)
        _not_before(self, "progress_review", ("progress_review_published",))
        located = [(f"$.recommendations[{j}]", rec) for j, rec in enumerate(self.recommendations)]
        refuse_repeats(
            "recommendation",
            ((path, rec.number) for path, rec in located),
            key="number",
        )
        # One action plan spans every recommendation: refs are unique across all of them.
        try:
            refuse_action_repeats(
                [
                    (f"{path}.actions[{k}]", action)
                    for path, rec in located
                    for k, action in enumerate(rec.actions)
                ]
            )
        except InputError as repeated:
            raise InputError(
                tuple(
                    f"{problem}; an action that answers two recommendations is set under one "
                    "and named in the other's also_answered_by"
                    for problem in repeated.problems
                )
            ) from None
        _refuse_unknown_answers(located)

    def actions(self) -> tuple[Action, ...]:
        """Every action of every recommendation, in order."""
        return tuple(a for r in self.recommendations for a in r.actions)

    def answers(self, recommendation: Recommendation) -> tuple[Action, ...]:
        """The actions that answer ``recommendation``: its own, then those it names in
        ``also_answered_by``, in that order."""
        by_ref = {a.ref: a for a in self.actions()}
        return recommendation.actions + tuple(by_ref[r] for r in recommendation.also_answered_by)


_MILESTONE_FIELDS = (
    "report_published",
    "action_plan_published",
    "progress_review",
    "progress_review_published",
)


def _not_before(challenge: PeerChallenge, earlier: str, later: tuple[str, ...]) -> None:
    """Refuse a day in any of the ``later`` fields that is before the day in ``earlier``
    (a field that holds no day, or ``True``, has nothing to compare)."""
    first = getattr(challenge, earlier)
    if not isinstance(first, dt.date):
        return
    for field in later:
        day = getattr(challenge, field)
        if isinstance(day, dt.date) and day < first:
            raise InputError((f"$.{field}: {day} is before {earlier} {first}",))


def _refuse_unknown_answers(located: list[tuple[str, Recommendation]]) -> None:
    """Refuse an ``also_answered_by`` ref that is not an action set under another
    recommendation of the challenge, or that one recommendation names twice."""
    placed = {a.ref: rec.number for _, rec in located for a in rec.actions}
    for path, rec in located:
        for k, ref in enumerate(rec.also_answered_by):
            where = f"{path}.also_answered_by[{k}]"
            if ref in rec.also_answered_by[:k]:
                raise InputError((f"{where}: {ref!r} is named twice; name each action once",))
            if placed.get(ref) == rec.number:
                raise InputError(
                    (f"{where}: {ref!r} is already one of this recommendation's actions",)
                )
            if ref not in placed:
                raise InputError(
                    (
                        f"{where}: {ref!r} is not the ref of an action of this peer challenge; "
                        "name an action set under another of its recommendations",
                    )
                )


class MilestoneState(enum.Enum):
    """Where an LGA milestone stands on a given day.

    ``DONE``: done, but whether on time cannot be told (the day it was done, or the visit
    date, is not recorded). ``UNKNOWN``: not done, and with no visit date it cannot be told
    whether it is due yet.
    """

    MET = "met"
    MET_LATE = "met late"
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    UNKNOWN = "unknown"

    @property
    def word(self) -> str:
        """The state as a word for people."""
        return self.value.capitalize()


@attrs.frozen(kw_only=True)
class ChallengeMilestone:
    """One LGA milestone of a peer challenge, derived from the visit date for an ``as_of`` day
    (an action's own milestones are :class:`~councilpmf.core.actions.Milestone`). ``expected``
    and ``latest`` are None when the visit date is not recorded; ``done`` is as the challenge
    gives it (a date, ``True`` for a day not recorded, or None)."""

    name: str
    expected: dt.date | None
    latest: dt.date | None
    done: dt.date | bool | None
    state: MilestoneState
    explanation: str


_SCHEDULE = (
    ("Action plan published", 3, 5, "action_plan_published"),
    ("Progress review held", 10, 12, "progress_review"),
    ("Progress review report published", 12, 12, "progress_review_published"),
)


def _state(
    done: dt.date | bool | None, latest: dt.date | None, as_of: dt.date
) -> tuple[MilestoneState, str, dt.date | bool | None]:
    """The state of one milestone, the words for it, and when it was done as of ``as_of``."""
    if done is True:
        return MilestoneState.DONE, "done; the date is not recorded", done
    if isinstance(done, dt.date) and done <= as_of:
        if latest is None:
            state = MilestoneState.DONE
        else:
            state = MilestoneState.MET if done <= latest else MilestoneState.MET_LATE
        return state, f"done {format_date(done)}", done
    if latest is None:
        return MilestoneState.UNKNOWN, "not yet done", None
    state = MilestoneState.OVERDUE if as_of > latest else MilestoneState.DUE
    return state, "not yet done", None


def milestones(challenge: PeerChallenge, as_of: dt.date | str) -> tuple[ChallengeMilestone, ...]:
    """The LGA milestones of a peer challenge, each met, due or overdue on ``as_of``; with no
    visit date, when each is expected is unknown.

    >>> cpc = PeerChallenge(title="LGA Corporate Peer Challenge 2023",
    ...     organisation="Mansfield District Council", action_plan_published=True)
    >>> for m in milestones(cpc, as_of=dt.date(2024, 12, 2)):
    ...     print(m.state.value, "-", m.explanation)
    done - Action plan published: expected date unknown, as the visit date is not recorded; done; the date is not recorded
    unknown - Progress review held: expected date unknown, as the visit date is not recorded; not yet done
    unknown - Progress review report published: expected date unknown, as the visit date is not recorded; not yet done
    """  # noqa: E501
    as_of = as_date(as_of, "as_of")
    result = []
    visited = challenge.visited
    for name, expected_months, latest_months, field in _SCHEDULE:
        expected = latest = None
        when = "expected date unknown, as the visit date is not recorded"
        if visited is not None:
            expected = add_months(visited, expected_months)
            latest = add_months(visited, latest_months)
            when = f"expected by {format_date(expected)}"
            if latest != expected:
                when += f", at the latest {format_date(latest)}"
        state, detail, done = _state(getattr(challenge, field), latest, as_of)
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
