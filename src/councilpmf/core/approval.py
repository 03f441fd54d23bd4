"""Approving figures: a reading moves from draft to submitted to approved.

Whoever supplies a figure records it as a ``draft`` and **submits** it when it is ready; someone
else **approves** it, or **returns** it to its supplier, which makes it a draft again (a returned
figure is corrected, recorded and submitted again). Only an approved figure is published by
``report --approved-only``: a figure changed since it was approved shows as it was last
approved, saying that a correction awaits approval; the others show as "awaiting approval".
Every move is a new revision of the reading, kept with who made it, when and why.

A reading recorded without saying is approved, as every reading was before approval existed.
A council that approves its figures says so in ``council.toml`` (``[approval] required =
true``): the command line then records drafts. The person who submitted a figure may not
approve it unless the council allows it (``self_approval = true``).

>>> from councilpmf.core.periods import parse_period
>>> draft = Reading(indicator="K1", period=parse_period("2024/25 Q1"), value=41.0,
...     approval=Approval.DRAFT)
>>> submitted = move(draft, Move.SUBMIT)
>>> move(submitted, Move.APPROVE).approval
<Approval.APPROVED: 'approved'>
>>> move(draft, Move.APPROVE)
Traceback (most recent call last):
...
councilpmf.core.approval.ApprovalError: K1 2024/25 Q1 is a draft: only a submitted figure can be approved; submit it first
"""  # noqa: E501

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TypeGuard

import attrs

from councilpmf.core._validate import of_type
from councilpmf.core.errors import CouncilPMFError
from councilpmf.core.indicators import Approval, Reading, ReadingRevision
from councilpmf.core.names import name_key
from councilpmf.core.periods import Period

__all__ = [
    "AWAITING_APPROVAL",
    "CORRECTION_AWAITS",
    "Approval",
    "ApprovalError",
    "ApprovalPolicy",
    "Move",
    "approved_only",
    "awaiting_input",
    "awaits_approval",
    "blank",
    "last_approved",
    "least_approved",
    "move",
    "same_person",
]

AWAITING_APPROVAL = "awaiting approval"
"""What a report that shows approved figures only says in place of any other figure."""

CORRECTION_AWAITS = "The approved figure; a correction awaits approval."
"""What a report that shows approved figures only says, before the commentary, of a figure
shown as it was last approved while a changed figure awaits approval."""


_APPROVED, _DRAFT = Approval.APPROVED, Approval.DRAFT


def least_approved(states: Iterable[Approval]) -> Approval:
    """The state of a value worked out from figures in ``states``: as far along as the least
    of them (a draft among them makes it a draft), approved when there are none.

    >>> least_approved([Approval.APPROVED, Approval.SUBMITTED]), least_approved([])
    (<Approval.SUBMITTED: 'submitted'>, <Approval.APPROVED: 'approved'>)
    """
    least = _APPROVED
    for state in states:
        if state is _DRAFT:
            return state
        if state is not _APPROVED:
            least = state  # submitted
    return least


def awaiting_input(indicator: str, period: object) -> str:
    """Why a value worked out from a figure awaiting approval has none, in the words a report
    shows: the input that waits, and its period.

    >>> awaiting_input("HOU2", "2024/25 Q3")
    'awaiting approval: HOU2 in 2024/25 Q3 is not yet approved'
    """
    return f"{AWAITING_APPROVAL}: {indicator} in {period} is not yet approved"


def awaits_approval(reason: str | None) -> TypeGuard[str]:
    """Whether a missing value's reason is that a figure awaits approval: the figure's own
    (:data:`AWAITING_APPROVAL`) or an input's (:func:`awaiting_input`).

    >>> awaits_approval("awaiting approval"), awaits_approval(awaiting_input("N", "2024/25"))
    (True, True)
    >>> awaits_approval("survey paused"), awaits_approval(None)
    (False, False)
    """
    return reason is not None and (
        reason == AWAITING_APPROVAL or reason.startswith(f"{AWAITING_APPROVAL}: ")
    )


class ApprovalError(CouncilPMFError):
    """A move the approval steps do not allow (approving a draft, submitting twice)."""


class Move(enum.Enum):
    """A step of approval: its name, the state it starts from and the state it leads to."""

    SUBMIT = ("submit", Approval.DRAFT, Approval.SUBMITTED, "submitted")
    APPROVE = ("approve", Approval.SUBMITTED, Approval.APPROVED, "approved")
    RETURN = ("return", Approval.SUBMITTED, Approval.DRAFT, "returned")

    @property
    def word(self) -> str:
        """The move as a verb: ``submit``, ``approve``, ``return``."""
        return self.value[0]

    @property
    def done(self) -> str:
        """The move done: ``submitted``, ``approved``, ``returned``."""
        return self.value[3]

    @property
    def source(self) -> Approval:
        """The state a reading must be in for the move."""
        return self.value[1]

    @property
    def target(self) -> Approval:
        """The state the move leaves a reading in."""
        return self.value[2]


_STATE_WORDS = {
    Approval.DRAFT: "a draft",
    Approval.SUBMITTED: "submitted",
    Approval.APPROVED: "already approved",
}
_NEXT_STEP = {
    (Move.APPROVE, Approval.DRAFT): "submit it first",
    (Move.RETURN, Approval.DRAFT): "it is with its supplier already",
    (Move.SUBMIT, Approval.SUBMITTED): "it waits for approval",
    (Move.SUBMIT, Approval.APPROVED): "record a corrected figure to change it",
    (Move.APPROVE, Approval.APPROVED): "it needs no second approval",
    (Move.RETURN, Approval.APPROVED): "record a corrected figure to change it",
}


def refusal(reading: Reading, step: Move) -> str | None:
    """Why ``step`` cannot be made on ``reading``, in words, or None when it can.

    >>> from councilpmf.core.periods import parse_period
    >>> k = Reading(indicator="K1", period=parse_period("2024/25"), value=1.0)
    >>> print(refusal(k, Move.SUBMIT))
    K1 2024/25 is already approved: only a draft can be submitted; record a corrected figure to change it
    """  # noqa: E501
    if reading.approval is step.source:
        return None
    wanted = "a draft" if step.source is Approval.DRAFT else "a submitted figure"
    return (
        f"{reading.indicator} {reading.period} is {_STATE_WORDS[reading.approval]}: only "
        f"{wanted} can be {step.done}; {_NEXT_STEP[(step, reading.approval)]}"
    )


def blank(text: str) -> bool:
    """Whether ``text`` shows a reader nothing: it is empty, or only spaces and invisible
    characters (so it names nobody, and says nothing, in a revision's who and why).

    >>> blank(" \u00a0\u200b\u00ad"), blank(" Jo ")
    (True, False)
    """
    return not name_key(text)


def same_person(one: str, other: str) -> bool:
    """Whether two names given as who made a move name the same person: nothing a reader
    cannot see tells people apart (so a submitter cannot approve their own figure by writing
    their name another way): not case, not spaces around and between words (non-breaking ones
    included), not invisible characters (a zero-width space, a soft hyphen), not the way an
    accented letter is encoded (``é`` as one character or as ``e`` and an accent) nor full-width
    letters.

    >>> same_person("Jo Bloggs", " jo  BLOGGS"), same_person("Jo Bloggs", "Jo Blogg")
    (True, False)
    >>> same_person("Jos\u00e9 Bloggs", "Jose\u0301\u200b Bloggs")
    True
    """
    return name_key(one) == name_key(other)


def move(reading: Reading, step: Move) -> Reading:
    """``reading`` after ``step``, or :class:`ApprovalError` saying why the step is not
    allowed."""
    problem = refusal(reading, step)
    if problem is not None:
        raise ApprovalError(problem)
    return attrs.evolve(reading, approval=step.target)


def approved_only(
    readings: Iterable[Reading], approved: Iterable[Reading] = ()
) -> tuple[Reading, ...]:
    """The readings as a report of approved figures shows them: an approved reading as it is;
    any other as it was last approved, where ``approved`` (the last approved revision of
    figures not approved now, :func:`last_approved`) holds it, its commentary led by
    :data:`CORRECTION_AWAITS`; any other as missing, "awaiting approval", without its
    commentary or the status published with it (an audit of published statuses would compare
    that status with no figure).

    >>> from councilpmf.core.periods import parse_period
    >>> q1 = parse_period("2024/25 Q1")
    >>> shown = approved_only([Reading(indicator="K1", period=q1, value=4.0),
    ...     Reading(indicator="K2", period=q1, value=5.0, approval="submitted")])
    >>> [(r.indicator, r.value, r.missing_reason) for r in shown]
    [('K1', 4.0, None), ('K2', None, 'awaiting approval')]
    >>> (corrected,) = approved_only(
    ...     [Reading(indicator="K2", period=q1, value=5.0, approval="draft")],
    ...     approved=[Reading(indicator="K2", period=q1, value=3.0, note="On plan")])
    >>> corrected.value, corrected.note
    (3.0, 'The approved figure; a correction awaits approval. On plan')
    """
    before = {r.key: r for r in approved if r.approval is Approval.APPROVED}
    return tuple(
        reading if reading.approval is Approval.APPROVED else _shown_instead(reading, before)
        for reading in readings
    )


def _shown_instead(reading: Reading, approved: Mapping[tuple[str, Period], Reading]) -> Reading:
    """What a report of approved figures shows for a figure not approved now."""
    last = approved.get(reading.key)
    if last is None:
        return attrs.evolve(
            reading, value=None, missing_reason=AWAITING_APPROVAL, note="", published_status=""
        )
    return attrs.evolve(last, note=f"{CORRECTION_AWAITS} {last.note}".strip())


def last_approved(history: Iterable[ReadingRevision]) -> Reading | None:
    """The figure as it was last approved, from its revisions (oldest first, as a store's
    ``history`` gives them), or None when it never was.

    >>> from councilpmf.core.periods import parse_period
    >>> q1 = parse_period("2024/25 Q1")
    >>> agreed = Reading(indicator="K", period=q1, value=3.0)
    >>> corrected = Reading(indicator="K", period=q1, value=5.0, approval="draft")
    >>> last_approved([ReadingRevision(indicator="K", period=q1, revision=n, old=old, new=new,
    ...     by="Jo", at="2025-01-01T09:00:00Z")
    ...     for n, old, new in ((1, None, agreed), (2, agreed, corrected))]).value
    3.0
    """
    found = None
    for revision in history:
        if revision.new.approval is Approval.APPROVED:
            found = revision.new
    return found


@attrs.frozen(kw_only=True)
class ApprovalPolicy:
    """How a council approves its figures (``[approval]`` in ``council.toml``).

    ``required``: figures must be approved before they are published; the command line records
    new and changed figures as drafts. ``self_approval``: whoever submitted a figure may also
    approve it (by default someone else must).
    """

    required: bool = attrs.field(default=False, validator=of_type(bool))
    self_approval: bool = attrs.field(default=False, validator=of_type(bool))
