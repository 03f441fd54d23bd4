"""The protocol every rating rule follows, kept apart so that indicators can name it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from attrs import Attribute

if TYPE_CHECKING:
    from councilpmf.core.rag import Rating, RatingContext

__all__ = ["Rule", "check_rule"]


@runtime_checkable
class Rule(Protocol):
    """What every rating rule provides. ``kind`` names it in plans and config files;
    ``uses_target`` says whether it needs a target to rate a value."""

    kind: ClassVar[str]
    uses_target: ClassVar[bool]

    def rate(self, context: RatingContext) -> Rating:
        """Rate one actual value."""
        ...


def check_rule(_instance: object, attribute: Attribute[Any], value: object) -> None:
    """An attrs validator: ``value`` must be a rating rule (or None)."""
    if value is not None and not isinstance(value, Rule):
        raise TypeError(f"{attribute.name} must be a rating rule, not {value!r}")
