"""The protocol every rating rule follows, kept apart so that indicators can name it.

An indicator holds a rule and a rule rates a context that holds the indicator, so the types
refer to each other. This module imports nothing of the core but its errors, so that no module
cycle follows from that: ``rate`` is typed here as taking a context and returning an object, and
:func:`councilpmf.core.rag.rate` checks that what a rule returns is a ``Rating``. A rule's own
class writes the precise types, ``rate(self, context: RatingContext) -> Rating``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, runtime_checkable

from attrs import Attribute

from councilpmf.core.errors import InputTypeError

__all__ = ["Rule", "StatusRule", "check_rule"]


@runtime_checkable
class Rule(Protocol):
    """What every rating rule provides. ``kind`` names it in plans and config files;
    ``uses_target`` says whether it needs a target to rate a value."""

    kind: ClassVar[str]
    uses_target: ClassVar[bool]

    def rate(self, context: Any, /) -> object:
        """Rate one actual value: given a :class:`~councilpmf.core.rag.RatingContext`, return
        a :class:`~councilpmf.core.rag.Rating`."""
        ...


@runtime_checkable
class StatusRule(Rule, Protocol):
    """A rule that can also give the status alone, without writing why.

    Counting how many periods in a row an indicator missed its target needs the status of
    each earlier period, not its explanation: :func:`councilpmf.core.rag.rate_status` asks a
    rule that has ``rate_status`` for the status alone, and rates any other rule in full. It
    must give exactly ``rate(context).status`` (every built-in rule decides once and words the
    decision only in ``rate``; the rule contract checks a plugin's).
    """

    def rate_status(self, context: Any, /) -> object:
        """The :class:`~councilpmf.core.rag.Status` that ``rate(context)`` gives."""
        ...


def check_rule(_instance: object, attribute: Attribute[Any], value: object) -> None:
    """An attrs validator: ``value`` must be a rating rule (or None)."""
    if value is not None and not isinstance(value, Rule):
        raise InputTypeError((f"{attribute.name} must be a rating rule, not {value!r}",))
