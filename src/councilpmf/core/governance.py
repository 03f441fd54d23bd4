"""Committees, their reporting cadences, and the indicator sets they watch.

>>> cabinet = Committee(id="cabinet", name="Cabinet", kind=CommitteeKind.CABINET,
...     cadence=Frequency.QUARTERLY)
>>> s = IndicatorSet(committee="cabinet", level=Level.STRATEGIC, indicators=("HS01", "HS02"),
...     min_size=15, max_size=25)
>>> s.size_problem()
'has 2 indicators; it should have 15 to 25'
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

import attrs

from councilpmf.core._coerce import member, member_of, to_frequency
from councilpmf.core._validate import (
    identifier,
    identifiers,
    optional,
    required,
    text,
    whole_in,
)
from councilpmf.core.errors import InputError
from councilpmf.core.names import NameIndex, name_key
from councilpmf.core.periods import Frequency

__all__ = [
    "Committee",
    "CommitteeKind",
    "Frequency",
    "IndicatorSet",
    "Level",
    "committee_finder",
]


class CommitteeKind(enum.Enum):
    """What kind of body a committee is."""

    LEADERSHIP_TEAM = "leadership team"
    CABINET = "cabinet"
    SCRUTINY = "scrutiny"
    FULL_COUNCIL = "full council"
    SERVICE_COMMITTEE = "service committee"
    POLICY_COMMITTEE = "policy committee"


class Level(enum.Enum):
    """The level of performance management an indicator set serves."""

    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    INDIVIDUAL = "individual"


def to_committee_kind(value: CommitteeKind | str) -> CommitteeKind:
    """A :class:`CommitteeKind`, or its spelling (``"cabinet"``, any case)."""
    return member(CommitteeKind, value)


def to_level(value: Level | str) -> Level:
    """A :class:`Level`, or its spelling (``"strategic"``, any case)."""
    return member(Level, value)


@attrs.frozen(kw_only=True)
class Committee:
    """A committee or board that receives performance reports, and how often."""

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=required)
    kind: CommitteeKind = attrs.field(
        converter=to_committee_kind, validator=member_of(CommitteeKind)
    )
    cadence: Frequency = attrs.field(converter=to_frequency, validator=member_of(Frequency))
    remit: str = attrs.field(default="", validator=text)

    def is_called(self, text: str) -> bool:
        """Whether ``text`` names this committee: its id or its name as a reader sees it, case,
        spacing and invisible characters aside (:func:`~councilpmf.core.names.name_key`).

        >>> os_place = Committee(id="os-place", name="Overview and Scrutiny Place",
        ...     kind="scrutiny", cadence="quarterly")
        >>> os_place.is_called("overview and  scrutiny PLACE"), os_place.is_called("OS-\u200bplace")
        (True, True)
        """
        key = name_key(text)
        return bool(key) and key in (name_key(self.id), name_key(self.name))


def committee_finder(committees: Iterable[Committee]) -> Callable[[str], Committee | None]:
    """A function that gives the committee a text names, looked up in ``committees`` read
    once: the one whose id or name the text is exactly, else the one whose id or name it is
    as a reader sees it (:meth:`Committee.is_called`); None when it names none. A text that
    more than one committee answers to (one committee's name that is another's id, two
    committees with one name) is refused with
    :class:`~councilpmf.core.errors.AmbiguousNameError`, which lists them, each with a name
    that is its alone where it has one: no committee is taken for another by its order.

    >>> cabinet = Committee(id="cabinet", name="Cabinet", kind="cabinet", cadence="quarterly")
    >>> find = committee_finder([cabinet])
    >>> find("cabinet").name, find("CABINET\u200b").name, find("Scrutiny")
    ('Cabinet', 'Cabinet', None)
    >>> board = Committee(id="board", name="cabinet", kind="cabinet", cadence="monthly")
    >>> committee_finder([cabinet, board])("cabinet")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.AmbiguousNameError: 'cabinet' names 2 committees: the committee 'Cabinet' at $.committees[0] (name it 'Cabinet') and the committee 'cabinet' at $.committees[1] (name it 'board')
    """  # noqa: E501
    listed = tuple(committees)
    index = NameIndex([(committee.id, committee.name) for committee in listed])

    def find(text: str) -> Committee | None:
        found = index.one(
            text, "committee", lambda i: f"the committee {listed[i].name!r} at $.committees[{i}]"
        )
        return None if found is None else listed[found]

    return find


@attrs.frozen(kw_only=True)
class IndicatorSet:
    """The indicators a committee watches at one level, with the size the council set for it."""

    committee: str = attrs.field(validator=required)
    level: Level = attrs.field(converter=to_level, validator=member_of(Level))
    indicators: tuple[str, ...] = attrs.field(validator=identifiers)
    min_size: int | None = attrs.field(default=None, validator=optional(whole_in(0)))
    max_size: int | None = attrs.field(default=None, validator=optional(whole_in(0)))
    title: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if (
            self.min_size is not None
            and self.max_size is not None
            and self.min_size > self.max_size
        ):
            raise InputError((f"min_size: {self.min_size} is above max_size {self.max_size}",))

    def size_problem(self) -> str | None:
        """Say how the set breaks its size bounds, or None when it keeps them. An indicator
        listed twice is watched once, so it counts once.

        >>> IndicatorSet(committee="c", level=Level.OPERATIONAL, indicators=("A",),
        ...     min_size=4, max_size=4).size_problem()
        'has 1 indicator; it should have exactly 4'
        >>> IndicatorSet(committee="c", level=Level.OPERATIONAL, indicators=("A", "B", "A"),
        ...     min_size=3).size_problem()
        'has 2 indicators; it should have at least 3'
        """
        n = len(set(self.indicators))
        low, high = self.min_size, self.max_size
        if (low is None or n >= low) and (high is None or n <= high):
            return None
        if low is not None and low == high:
            bounds = f"exactly {low}"
        elif low is not None and high is not None:
            bounds = f"{low} to {high}"
        elif low is not None:
            bounds = f"at least {low}"
        else:
            bounds = f"at most {high}"
        noun = "indicator" if n == 1 else "indicators"
        return f"has {n} {noun}; it should have {bounds}"
