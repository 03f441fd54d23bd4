"""SMART actions, each council's status words, and the state of an action on a given day.

Councils write action statuses in their own words ("Complete", "On target", "Commenced and will
be ongoing"); a :class:`StatusVocabulary` maps those words onto a small fixed set of
:class:`Meaning`. Whether an action is overdue is worked out from ``as_of``, never stored.

>>> import datetime as dt
>>> a = Action(ref="1.3", title="Develop a theme action plan", status="On target",
...     start=dt.date(2024, 1, 1), due=dt.date(2024, 11, 30), percent_complete=45.0)
>>> s = assess_action(a, as_of=dt.date(2024, 12, 2))
>>> s.meaning, s.overdue
(<Meaning.IN_PROGRESS: 'in progress'>, True)
>>> assess_action(a, as_of=dt.date(2024, 6, 1)).explanation
'In progress (On target); 45% complete against 46% expected by 1 Jun 2024: on track'
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import attrs
from attrs import validators as v

from councilpmf.core import _coerce
from councilpmf.core._coerce import as_date, to_date, to_optional_date, to_optional_number
from councilpmf.core._summary import counted, named, summary
from councilpmf.core._validate import (
    identifier,
    identifiers,
    number_in,
    of_type,
    optional,
    refuse_repeats,
    required,
    strings,
)
from councilpmf.core._validate import (
    text as plain_text,
)
from councilpmf.core.errors import InputError
from councilpmf.core.names import name_key
from councilpmf.core.periods import format_date  # written here for years; kept for importers

__all__ = [
    "DEFAULT_VOCABULARY",
    "NOT_RECORDED",
    "Action",
    "ActionState",
    "ActionUpdate",
    "DueRevision",
    "Meaning",
    "Milestone",
    "Progress",
    "StatusVocabulary",
    "StatusWord",
    "assess_action",
    "due_text",
    "format_date",
    "percent_text",
    "refuse_action_repeats",
]


NOT_RECORDED = "Not recorded"
"""How an action with no published status is shown."""


class Meaning(enum.Enum):
    """The fixed meanings every council's action status words map onto."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    ONGOING = "ongoing"
    COMPLETE = "complete"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"

    @property
    def word(self) -> str:
        """The meaning as a word for people."""
        return self.value.capitalize()

    @property
    def closed(self) -> bool:
        """Complete or cancelled: nothing more is expected of the action."""
        return self in (Meaning.COMPLETE, Meaning.CANCELLED)


class Progress(enum.Enum):
    """Progress against the linear expectation between start and due date (Camms)."""

    ON_TRACK = "on track"
    MONITOR = "monitor"
    OFF_TRACK = "off track"

    @property
    def word(self) -> str:
        """The progress rating as a word for people."""
        return self.value.capitalize()


_date = _coerce.date


@attrs.frozen(kw_only=True)
class StatusWord:
    """One of a council's status words and what it means."""

    word: str = attrs.field(validator=required)
    meaning: Meaning = attrs.field(validator=of_type(Meaning))


@attrs.frozen(kw_only=True)
class StatusVocabulary:
    """A council's status words, matched as a reader sees them (:mod:`councilpmf.core.names`):
    whatever the case and spacing, so ``"On\u00a0target"``, with the non-breaking space a word
    pasted from a committee paper may hold, is ``"On target"``.

    >>> DEFAULT_VOCABULARY.meaning_of("commenced and will be ongoing")
    <Meaning.ONGOING: 'ongoing'>
    >>> DEFAULT_VOCABULARY.meaning_of("Parked") is None
    True
    """

    words: tuple[StatusWord, ...] = attrs.field(
        validator=v.deep_iterable(of_type(StatusWord), of_type(tuple))
    )

    def meaning_of(self, word: str) -> Meaning | None:
        """The meaning of a status word, or None for a word the council has not defined."""
        return self._index.get(name_key(word))

    @functools.cached_property
    def _index(self) -> Mapping[str, Meaning]:
        return {name_key(w.word): w.meaning for w in self.words}

    def extended(self, words: tuple[StatusWord, ...]) -> StatusVocabulary:
        """This vocabulary with more words; a repeated word takes its new meaning."""
        ours = {name_key(w.word) for w in words}
        kept = tuple(w for w in self.words if name_key(w.word) not in ours)
        return StatusVocabulary(words=kept + words)


DEFAULT_VOCABULARY = StatusVocabulary(
    words=tuple(
        StatusWord(word=word, meaning=meaning)
        for word, meaning in (
            ("Not started", Meaning.NOT_STARTED),
            ("In progress", Meaning.IN_PROGRESS),
            ("On target", Meaning.IN_PROGRESS),
            ("On track", Meaning.IN_PROGRESS),
            ("Revised date", Meaning.IN_PROGRESS),
            ("Commenced", Meaning.IN_PROGRESS),
            ("Commenced and will be ongoing", Meaning.ONGOING),
            ("Ongoing", Meaning.ONGOING),
            ("Complete", Meaning.COMPLETE),
            ("Completed", Meaning.COMPLETE),
            ("Achieved", Meaning.COMPLETE),
            ("Suspended", Meaning.SUSPENDED),
            ("On hold", Meaning.SUSPENDED),
            ("Deleted", Meaning.CANCELLED),
            ("Cancelled", Meaning.CANCELLED),
        )
    )
)


@attrs.frozen(kw_only=True)
class Milestone:
    """A dated step within an action. ``done`` is the day it was done, ``True`` when it was
    done on a day not recorded, or None while it is not done."""

    title: str = attrs.field(validator=required)
    due: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=_coerce.optional_date
    )
    done: dt.date | bool | None = attrs.field(
        default=None, converter=_coerce.to_done, validator=_coerce.done
    )


@attrs.frozen(kw_only=True)
class ActionUpdate:
    """A dated progress update on an action; a ``status`` of None (or empty text) leaves the
    action's status as it was. ``due`` revises the action's due date from the update's day on
    (the council's "Revised date"); None leaves it as it was, and ``text`` says why.

    ``text``, ``by`` and ``status`` are what a person writes on the day, and, as all text in
    the core's records, may not hold control characters (tab and line breaks apart): a store
    or folder holding one is refused, naming the field.

    >>> ActionUpdate(on="2025-01-02", text="Delay\x07")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: text must not hold control characters: character 6 is U+0007; write plain text
    """  # noqa: E501

    on: dt.date = attrs.field(converter=to_date, validator=_date)
    text: str = attrs.field(validator=plain_text)
    by: str = attrs.field(default="", validator=plain_text)
    status: str | None = attrs.field(
        default=None, converter=_coerce.to_recorded, validator=v.optional(plain_text)
    )
    percent_complete: float | None = attrs.field(
        default=None, converter=to_optional_number, validator=optional(number_in(0, 100))
    )
    due: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=_coerce.optional_date
    )


@attrs.frozen(kw_only=True)
class DueRevision:
    """The latest change of an action's due date in force on a day: from ``was`` (None when
    the action had no due date) to ``now``, by the update of ``on``, whose text says ``why``;
    ``first`` is the action's own ``due``, before any revision."""

    was: dt.date | None
    now: dt.date
    on: dt.date
    why: str
    first: dt.date | None

    @property
    def words(self) -> str:
        """The revision in words, naming the first due date when it was revised more than once.

        >>> r = DueRevision(was=dt.date(2025, 3, 31), now=dt.date(2025, 6, 30),
        ...     on=dt.date(2025, 1, 2), why="Contractor delay", first=dt.date(2025, 3, 31))
        >>> r.words
        'due date revised from 31 Mar 2025 to 30 Jun 2025 on 2 Jan 2025'
        """
        when = f"to {format_date(self.now)} on {format_date(self.on)}"
        if self.was is None:
            return f"due date set {when}"
        words = f"due date revised from {format_date(self.was)} {when}"
        if self.first is not None and self.first not in (self.was, self.now):
            words += f" (first due {format_date(self.first)})"
        return words

    @property
    def due_text(self) -> str:
        """The date in force with the date it was revised from, as a table cell shows it.

        >>> r = DueRevision(was=dt.date(2025, 3, 31), now=dt.date(2025, 6, 30),
        ...     on=dt.date(2025, 1, 2), why="", first=dt.date(2025, 3, 31))
        >>> r.due_text, attrs.evolve(r, was=None).due_text
        ('30 Jun 2025 (revised from 31 Mar 2025)', '30 Jun 2025 (set 2 Jan 2025)')
        """
        if self.was is None:
            return f"{format_date(self.now)} (set {format_date(self.on)})"
        return f"{format_date(self.now)} (revised from {format_date(self.was)})"


def due_text(due: dt.date | None, revision: DueRevision | None, timescale: str = "") -> str:
    """An action's due date in force as a table shows it: with the date it was revised from
    when it was revised, else as councils write a date; ``timescale`` when there is no date.

    >>> due_text(dt.date(2025, 3, 31), None), due_text(None, None, "Spring 2025")
    ('31 Mar 2025', 'Spring 2025')
    """
    if revision is not None:
        return revision.due_text
    return timescale if due is None else format_date(due)


@attrs.frozen(kw_only=True)
class Action:
    """A SMART action in a delivery plan, service plan or peer-challenge action plan.

    ``timescale`` keeps the council's own words for when ("November 2024"); ``due`` is the
    date the library works with. ``serves`` names the priorities the action serves.
    ``status`` is the council's own word; None (or empty text) when none is recorded, which
    is not the same as "Not started".
    """

    ref: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=required)
    status: str | None = attrs.field(
        default=None, converter=_coerce.to_recorded, validator=v.optional(required)
    )
    owners: tuple[str, ...] = attrs.field(default=(), validator=strings)
    start: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=_coerce.optional_date
    )
    due: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=_coerce.optional_date
    )
    timescale: str = attrs.field(default="", validator=plain_text)
    percent_complete: float | None = attrs.field(
        default=None, converter=to_optional_number, validator=optional(number_in(0, 100))
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        default=(), validator=v.deep_iterable(of_type(Milestone), of_type(tuple))
    )
    serves: tuple[str, ...] = attrs.field(default=(), validator=identifiers)
    lead_committee: str | None = attrs.field(default=None, validator=v.optional(plain_text))
    updates: tuple[ActionUpdate, ...] = attrs.field(
        default=(), validator=v.deep_iterable(of_type(ActionUpdate), of_type(tuple))
    )

    def __repr__(self) -> str:
        """One line: ref, title, status, due date and how many updates.

        >>> Action(ref="A1", title="Open the new depot", status="On target", due="2025-03-31")
        <Action 'A1' 'Open the new depot': status 'On target', due 2025-03-31>
        """
        return summary(
            "Action",
            f"{named(self.ref)} {named(self.title)}",
            "status not recorded" if self.status is None else f"status {named(self.status)}",
            "" if self.due is None else f"due {self.due.isoformat()}",
            counted(len(self.updates), "update") if self.updates else "",
        )

    def __attrs_post_init__(self) -> None:
        if self.start is None:
            return
        if self.due is not None and self.due < self.start:
            raise InputError((f"due: {self.due} is before start {self.start}",))
        early = tuple(
            f"$.updates[{k}].due: {u.due} is before start {self.start}"
            for k, u in enumerate(self.updates)
            if u.due is not None and u.due < self.start
        )
        if early:
            raise InputError(early)

    def current(self, as_of: dt.date | str) -> tuple[str | None, float | None]:
        """The status word and percent complete as of a day (a date or ISO text).

        ``status`` and ``percent_complete`` are what the action was set with; each dated update
        changes them from its date on, so the action's history reads as a log. To change an
        action's status, add an update. The status is None while none is recorded. The due date
        in force on a day is :meth:`due_on`'s.

        >>> begun = ActionUpdate(on="2024-06-01", text="Begun", status="On target",
        ...     percent_complete=30)
        >>> a = Action(ref="A1", title="Open the depot", status="Not started", updates=(begun,))
        >>> a.current("2024-05-31"), a.current("2024-06-01")
        (('Not started', None), ('On target', 30))
        """
        as_of = as_date(as_of, "as_of")
        status, percent = self.status, self.percent_complete
        for update in sorted(self.updates, key=lambda u: u.on):
            if update.on > as_of:
                break
            status = update.status or status
            percent = update.percent_complete if update.percent_complete is not None else percent
        return status, percent

    def due_on(self, as_of: dt.date | str) -> tuple[dt.date | None, DueRevision | None]:
        """The due date in force on a day (a date or ISO text), and its latest revision.

        The due date is ``due`` until an update revises it: from an update's day on, the date
        it sets is in force, and of two updates the later one's. An update that sets the date
        already in force revises nothing. The revision is None while the date is as it began.

        >>> late = ActionUpdate(on="2025-01-02", text="Contractor delay", due="2025-06-30")
        >>> a = Action(ref="A1", title="Open the depot", due="2025-03-31", updates=(late,))
        >>> a.due_on("2025-01-01")
        (datetime.date(2025, 3, 31), None)
        >>> due, revision = a.due_on("2025-01-02")
        >>> due, revision.words
        (datetime.date(2025, 6, 30), 'due date revised from 31 Mar 2025 to 30 Jun 2025 on 2 Jan 2025')
        """  # noqa: E501
        as_of = as_date(as_of, "as_of")
        due, revision = self.due, None
        for update in sorted(self.updates, key=lambda u: u.on):
            if update.on > as_of:
                break
            if update.due is not None and update.due != due:
                revision = DueRevision(
                    was=due, now=update.due, on=update.on, why=update.text, first=self.due
                )
                due = update.due
        return due, revision


def refuse_action_repeats(actions: Iterable[tuple[str, Action]] | tuple[Action, ...]) -> None:
    """Refuse two actions of one plan with the same ref (refs are unique within a plan; two
    plans may use the same one). ``actions`` are a plan's actions, or ``(path, action)`` pairs
    when they sit deeper than ``$.actions``.

    >>> refuse_action_repeats((Action(ref="1.1", title="a"), Action(ref="1.1", title="b")))
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: $.actions[1].ref: '1.1' is already the ref of the action of a plan at $.actions[0]; give each action of a plan its own ref
    """  # noqa: E501
    located = [
        item if isinstance(item, tuple) else (f"$.actions[{k}]", item)
        for k, item in enumerate(actions)
    ]
    refuse_repeats("action of a plan", ((path, a.ref) for path, a in located), key="ref")


@attrs.frozen(kw_only=True)
class ActionState:
    """An action as it stands on ``as_of``: derived, never stored."""

    ref: str
    title: str
    owners: tuple[str, ...]
    due: dt.date | None  # the due date in force on as_of
    timescale: str
    serves: tuple[str, ...]
    lead_committee: str | None
    status: str | None
    meaning: Meaning | None
    overdue: bool
    percent_complete: float | None
    expected_percent: float | None
    progress: Progress | None
    explanation: str
    revision: DueRevision | None = None  # the latest revision of the due date, if any

    @property
    def due_text(self) -> str:
        """The due date in force as councils write it, with the date it was revised from
        (:attr:`DueRevision.due_text`); the timescale when there is no date."""
        return due_text(self.due, self.revision, self.timescale)

    @property
    def status_text(self) -> str:
        """The council's status word, or ``Not recorded`` when it published none."""
        return NOT_RECORDED if self.status is None else self.status

    @property
    def meaning_text(self) -> str:
        """What the status means in words: the meaning, ``Not recorded``, or ``Unknown status
        word`` for a word the council has not defined."""
        if self.status is None:
            return NOT_RECORDED
        return "Unknown status word" if self.meaning is None else self.meaning.word


def expected_percent(start: dt.date, due: dt.date, as_of: dt.date) -> float:
    """Linear expected progress between start and due, 0 to 100: 0 up to the start day, 100
    from the due day on, so an action that starts and is due on the same day is expected done
    that day.

    >>> expected_percent(dt.date(2024, 1, 1), dt.date(2024, 1, 11), dt.date(2024, 1, 6))
    50.0
    >>> expected_percent(dt.date(2024, 5, 1), dt.date(2024, 5, 1), dt.date(2024, 5, 1))
    100.0
    """
    if as_of >= due:
        return 100.0
    if as_of <= start:
        return 0.0
    return 100.0 * (as_of - start).days / (due - start).days


def percent_text(value: float, *, as_recorded: bool = False) -> str:
    """A percent complete or expected, as a whole percent (or, ``as_recorded``, with the
    decimals it was recorded with) that claims 0% or 100% only when it is exactly that: a
    value that would round to either end is shown to one decimal, rounded towards the middle,
    so work started is never "0%" and work not finished never "100%".

    >>> percent_text(45.5), percent_text(99.4), percent_text(99.6), percent_text(0.4)
    ('46%', '99%', '99.6%', '0.4%')
    >>> percent_text(99.96), percent_text(100.0), percent_text(45.25, as_recorded=True)
    ('99.9%', '100%', '45.25%')
    >>> percent_text(-0.0), percent_text(-0.0, as_recorded=True)
    ('0%', '0%')
    """
    value += 0.0  # -0.0 (which a record may hold) is 0.0: never "-0%"
    text = f"{value:g}" if as_recorded else f"{value:.0f}"
    if 0 < value < 100 and float(text) in (0.0, 100.0):
        towards_middle = ROUND_FLOOR if value > 50 else ROUND_CEILING
        text = str(Decimal(repr(value)).quantize(Decimal("0.1"), towards_middle))
    return f"{text}%"


# Floating point puts 90% of an expected 33.3...% at 30.000000000000004: allow for it, so that
# 30% complete then is on track, as Camms rates it.
_SLACK = 1e-9

# Camms' tolerance is a share of the expected percent, so it is as small as the expectation: the
# day after its start an action is expected to show one day's share (10% of a ten-day action,
# 0.3% of a year's) and is allowed a tenth of that, so an action not yet marked started was
# off track on its first day, whatever its length. A percent complete is recorded after the
# work it measures, so on the day after the start the first day's work may not be in yet: that
# day an action not yet due is on track whatever its percent; from the next Camms' rule applies.
_FIRST_DAY = dt.timedelta(days=1)


def _progress(percent: float, expected: float, first_day: bool) -> Progress:
    if first_day or expected <= 0 or percent >= 0.9 * expected - _SLACK:
        return Progress.ON_TRACK
    if percent >= 0.7 * expected - _SLACK:
        return Progress.MONITOR
    return Progress.OFF_TRACK


def assess_action(
    action: Action, as_of: dt.date | str, vocabulary: StatusVocabulary = DEFAULT_VOCABULARY
) -> ActionState:
    """The state of ``action`` on ``as_of``: its meaning, whether it is overdue, and its
    progress against the linear expectation when start, due and percent complete are known.
    A complete action is on track; a cancelled one has no progress rating, as nothing more is
    expected of it. On the day after its start an action not yet due is on track whatever its
    percent complete, as the first day's work may not be recorded yet.

    An action past its due date and not complete (or cancelled) is overdue whatever its status
    word says, unless the work is ongoing ("Commenced and will be ongoing"); an action with no
    recorded status past its due date is overdue too, as nothing says it was done. An ongoing
    action's due date is the day it was to be under way by ("April 2024 (Commenced and will
    be ongoing)"): up to that day it is rated as any action is; after it the work goes on with
    no end, so it is neither late nor rated against a share of it done.

    >>> ongoing = Action(ref="4.1", title="Represent the district", status="Commenced and will "
    ...     "be ongoing", due=dt.date(2024, 3, 31))
    >>> late = assess_action(ongoing, as_of=dt.date(2024, 12, 2))
    >>> late.overdue, late.progress
    (False, None)
    >>> late.explanation.split("; ")[-1]
    'ongoing since 31 Mar 2024, with no end to rate progress against'
    >>> print(assess_action(Action(ref="4.2", title="Lobby", status=""), dt.date(2024, 12, 2))
    ...     .explanation)
    Status not recorded
    """
    as_of = as_date(as_of, "as_of")
    status, percent = action.current(as_of)
    due, revision = action.due_on(as_of)
    meaning = None if status is None else vocabulary.meaning_of(status)
    past_due = due is not None and as_of > due
    # Ongoing work has no end: once past the day it was to be under way by, it is neither late
    # nor rated against a share of it done. Otherwise, past due and not closed is overdue.
    going_on = past_due and meaning is Meaning.ONGOING
    overdue = past_due and not going_on and not (meaning is not None and meaning.closed)
    expected: float | None = None
    progress: Progress | None = None
    first_day = False
    if meaning is Meaning.COMPLETE:
        progress = Progress.ON_TRACK
    elif (
        meaning is not Meaning.CANCELLED  # nothing more is expected of it: nothing to rate
        and not going_on
        and action.start is not None
        and due is not None
        and percent is not None
    ):
        expected = expected_percent(action.start, due, as_of)
        first_day = 0 < expected < 100 and as_of - action.start <= _FIRST_DAY
        progress = _progress(percent, expected, first_day)
    if status is None:
        parts = ["Status not recorded"]
    elif meaning is None:
        parts = [f"Unknown status word {status!r}"]
    else:
        parts = [f"{meaning.word} ({status})"]
    if expected is not None and percent is not None and progress is not None:
        parts.append(
            f"{percent_text(percent)} complete against {percent_text(expected)} expected by "
            f"{format_date(as_of)}: {progress.value}"
            + (" on the day after its start" if first_day else "")
        )
    elif percent is not None:
        parts.append(f"{percent_text(percent)} complete")
    if revision is not None:
        parts.append(revision.words)
    if going_on and due is not None:
        parts.append(f"ongoing since {format_date(due)}, with no end to rate progress against")
    if overdue and due is not None:
        parts.append(f"overdue since {format_date(due)}")
    return ActionState(
        ref=action.ref,
        title=action.title,
        owners=action.owners,
        due=due,
        timescale=action.timescale,
        serves=action.serves,
        lead_committee=action.lead_committee,
        status=status,
        meaning=meaning,
        overdue=overdue,
        percent_complete=percent,
        expected_percent=expected,
        progress=progress,
        explanation="; ".join(parts),
        revision=revision,
    )
