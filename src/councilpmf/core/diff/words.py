"""How a change is said: a field's values in words, and one sentence per field changed."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from councilpmf.core.actions import percent_text
from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.indicators import ExternalId
from councilpmf.core.periods import format_date


def renamed_words(thing: str, names: tuple[str, str], ids: tuple[str, str]) -> str | None:
    """The words for a thing renamed, its id changed, or both; None when neither changed.

    >>> renamed_words("Theme", ("Our place", "Our places"), ("place", "places"))
    "Theme 'Our place' renamed to 'Our places' (id 'place' is now 'places')"
    >>> renamed_words("Delivery plan", ("Plan 2024/25", "Plan 2024/25"), ("p24", "p25"))
    "Delivery plan 'Plan 2024/25' id changed from 'p24' to 'p25'"
    """
    (was, now), (old_id, new_id) = names, ids
    if was == now:
        return (
            None
            if old_id == new_id
            else f"{thing} '{now}' id changed from '{old_id}' to '{new_id}'"
        )
    new_id_words = f" (id '{old_id}' is now '{new_id}')" if old_id != new_id else ""
    return f"{thing} '{was}' renamed to '{now}'{new_id_words}"


def in_list(items: Sequence[str]) -> str:
    return "; ".join(items) if items else "none"


def status_words(status: str | None) -> str:
    return "no recorded status" if status is None else f"'{status}'"


def on_date(day: dt.date | bool | None) -> str:
    if day is True:
        return "done, date not recorded"
    return "no date" if day is None or day is False else format_date(day)


def percent_words(value: float | None) -> str:
    return "none" if value is None else percent_text(value, as_recorded=True)


def in_words(value: object) -> str:
    """A field's value in words: text quoted, nothing as ``none``, a list one item after
    another, a period as councils write it, a choice by its name, yes or no.

    >>> in_words(""), in_words("Head of Finance"), in_words(("P1", "P2")), in_words(None)
    ('none', "'Head of Finance'", "'P1'; 'P2'", 'none')
    """
    match value:
        case None | "" | ():
            return "none"
        case bool():
            return "yes" if value else "no"
        case str():
            return f"'{value}'"
        case tuple():
            return in_list([in_words(item) for item in value])
        case enum.Enum():
            return str(value.value)
        case ExternalId():
            return f"{value.scheme} {value.id}"
    return str(value)


@attrs.frozen
class Field:
    """A field of two versions of a record, how to say its value, and what to call it where
    its name is not the council's word for it."""

    name: str
    was: object
    now: object
    words: Callable[[Any], str] = in_words
    called: str = ""


def compared(
    was: object, now: object, *names: str | tuple[str, Callable[[Any], str]]
) -> list[Field]:
    """A :class:`Field` for each of ``names``, read from two versions of one record; a name
    given with a function says its values with it (:func:`in_words` otherwise).

    >>> from councilpmf.core.governance import Committee
    >>> a = Committee(id="c", name="Cabinet", kind="cabinet", cadence="quarterly")
    >>> [(f.name, f.was, f.now) for f in compared(a, attrs.evolve(a, name="The Cabinet"), "name")]
    [('name', 'Cabinet', 'The Cabinet')]
    """
    fields = []
    for item in names:
        name, words = (item, in_words) if isinstance(item, str) else item
        fields.append(Field(name, getattr(was, name), getattr(now, name), words))
    return fields


def field_changes(
    fields: Sequence[Field], subject: str, path: str, kind: ChangeKind
) -> list[PlanChange]:
    """One change per field whose value differs, in words (by ``repr`` where the words of
    two different values are the same, so that a change is never said to be no change)."""
    changes = []
    for field in fields:
        if field.was == field.now:
            continue
        was, now = field.words(field.was), field.words(field.now)
        if was == now:
            was, now = repr(field.was), repr(field.now)
        changes.append(
            PlanChange(
                kind=kind,
                path=f"{path}.{field.name}",
                text=f"{subject} {field.called or field.name.replace('_', ' ')} changed from "
                f"{was} to {now}",
            )
        )
    return changes
