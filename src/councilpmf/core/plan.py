"""The chain of plans: strategic plan, themes, priorities and outcomes; delivery and service plans;
resource strategies and the budget behind each priority.

>>> plan = StrategicPlan(
...     title="Towards 2030", organisation="Mansfield District Council",
...     vision="To be an ambitious, caring and confident district where everyone can prosper.",
...     themes=(Theme(id="communities", name="Our communities",
...         ambition="Our communities are supported to live safe, healthy, and happy lives.",
...         priorities=(Priority(id="C1", statement="Give communities a voice."),)),),
... )
>>> plan.priority("C1").statement
'Give communities a voice.'
>>> plan.theme_of("C1").name
'Our communities'
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs
from attrs import validators as v

from councilpmf.core import _coerce
from councilpmf.core._coerce import (
    member,
    member_of,
    one_of,
    to_number,
    to_optional_period,
    to_period,
)
from councilpmf.core._summary import counted, named, summary
from councilpmf.core._validate import (
    identifier,
    identifiers,
    number,
    refuse_repeats,
    required,
    strings,
    text,
    tuple_of,
)
from councilpmf.core.actions import Action, refuse_action_repeats
from councilpmf.core.periods import Period

__all__ = [
    "BudgetAllocation",
    "DeliveryPlan",
    "Outcome",
    "Priority",
    "ResourceKind",
    "ResourceStrategy",
    "ServicePlan",
    "StrategicPlan",
    "Theme",
]


_period = _coerce.optional_period


@attrs.frozen(kw_only=True)
class Outcome:
    """A change for residents a priority aims at, with the indicators that show it."""

    id: str = attrs.field(validator=identifier)
    statement: str = attrs.field(validator=required)
    indicators: tuple[str, ...] = attrs.field(default=(), validator=identifiers)


@attrs.frozen(kw_only=True)
class Priority:
    """A priority under a theme: what the council will focus on."""

    id: str = attrs.field(validator=identifier)
    statement: str = attrs.field(validator=required)
    outcomes: tuple[Outcome, ...] = attrs.field(default=(), validator=tuple_of(Outcome))
    indicators: tuple[str, ...] = attrs.field(default=(), validator=identifiers)

    def all_indicators(self) -> tuple[str, ...]:
        """The priority's indicators and its outcomes', each once, in order."""
        seen = dict.fromkeys(self.indicators)
        for outcome in self.outcomes:
            seen.update(dict.fromkeys(outcome.indicators))
        return tuple(seen)


@attrs.frozen(kw_only=True)
class Theme:
    """A strategic theme (or corporate priority) with its ambition and lead."""

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=required)
    ambition: str = attrs.field(default="", validator=text)
    lead: str = attrs.field(default="", validator=text)
    priorities: tuple[Priority, ...] = attrs.field(default=(), validator=tuple_of(Priority))


@attrs.frozen(kw_only=True)
class StrategicPlan:
    """The council's strategic plan: vision, values and themes, over a span of years."""

    title: str = attrs.field(validator=required)
    organisation: str = attrs.field(validator=required)
    vision: str = attrs.field(default="", validator=text)
    values: tuple[str, ...] = attrs.field(default=(), validator=strings)
    start: Period | None = attrs.field(
        default=None, converter=to_optional_period, validator=_period
    )
    end: Period | None = attrs.field(default=None, converter=to_optional_period, validator=_period)
    themes: tuple[Theme, ...] = attrs.field(default=(), validator=tuple_of(Theme))

    def __attrs_post_init__(self) -> None:
        # Priority and outcome ids are unique across the plan: actions and risks name them.
        themes = [(f"$.themes[{i}]", theme) for i, theme in enumerate(self.themes)]
        priorities = [
            (f"{path}.priorities[{j}]", priority)
            for path, theme in themes
            for j, priority in enumerate(theme.priorities)
        ]
        outcomes = [
            (f"{path}.outcomes[{k}]", outcome)
            for path, priority in priorities
            for k, outcome in enumerate(priority.outcomes)
        ]
        refuse_repeats("theme", ((path, t.id) for path, t in themes))
        refuse_repeats("priority", ((path, p.id) for path, p in priorities))
        refuse_repeats("outcome", ((path, o.id) for path, o in outcomes))

    def __repr__(self) -> str:
        """One line: title, council and size.

        >>> StrategicPlan(title="Council Plan", organisation="York", themes=(
        ...     Theme(id="T1", name="Place", priorities=(Priority(id="P1", statement="Bins"),)),))
        <StrategicPlan 'Council Plan' of 'York': 1 theme, 1 priority>
        """
        return summary(
            "StrategicPlan",
            f"{named(self.title)} of {named(self.organisation)}",
            counted(len(self.themes), "theme"),
            counted(sum(len(t.priorities) for t in self.themes), "priority", "priorities"),
        )

    def priorities(self) -> Iterator[tuple[Theme, Priority]]:
        """Every priority with its theme, in plan order."""
        for theme in self.themes:
            for priority in theme.priorities:
                yield theme, priority

    def parts(self) -> dict[str, str]:
        """Every theme, priority and outcome, by id, with its name or statement, in plan order
        (the first of a repeated id): what actions and risks may serve.

        >>> plan = StrategicPlan(title="Plan", organisation="Anytown", themes=(
        ...     Theme(id="T", name="Our place", priorities=(
        ...         Priority(id="P1", statement="Clean streets",
        ...                  outcomes=(Outcome(id="O1", statement="Less litter"),)),)),))
        >>> plan.parts()
        {'T': 'Our place', 'P1': 'Clean streets', 'O1': 'Less litter'}
        """
        found: dict[str, str] = {}
        for theme in self.themes:
            found.setdefault(theme.id, theme.name)
            for priority in theme.priorities:
                found.setdefault(priority.id, priority.statement)
                for outcome in priority.outcomes:
                    found.setdefault(outcome.id, outcome.statement)
        return found

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id; KeyError if there is none."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def priority(self, priority_id: str) -> Priority:
        """The priority with this id; KeyError if there is none."""
        return self._priority_index[priority_id][1]

    def theme_of(self, priority_id: str) -> Theme:
        """The theme a priority sits under; KeyError if there is none."""
        return self._priority_index[priority_id][0]

    @functools.cached_property
    def _priority_index(self) -> dict[str, tuple[Theme, Priority]]:
        return {p.id: (t, p) for t, p in self.priorities()}


@attrs.frozen(kw_only=True)
class DeliveryPlan:
    """An annual plan of actions, for one theme or the whole council."""

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=required)
    year: Period | None = attrs.field(default=None, converter=to_optional_period, validator=_period)
    theme: str | None = attrs.field(default=None, validator=v.optional(identifier))
    lead: str = attrs.field(default="", validator=text)
    improvements: tuple[str, ...] = attrs.field(default=(), validator=strings)
    actions: tuple[Action, ...] = attrs.field(default=(), validator=tuple_of(Action))

    def __attrs_post_init__(self) -> None:
        refuse_action_repeats(self.actions)

    if TYPE_CHECKING:
        # Attached by councilpmf.notebook (outside the pure core) when first used; pandas and
        # polars are optional: councilpmf[pandas], councilpmf[frames].
        def to_pandas(self) -> Any:
            """The plan's actions as a pandas DataFrame, one row per action."""

        def to_polars(self) -> Any:
            """The plan's actions as a polars DataFrame, one row per action."""

    def __repr__(self) -> str:
        """One line: id, title, year and how many actions.

        >>> DeliveryPlan(id="D1", title="Place delivery plan", year="2024/25")
        <DeliveryPlan 'D1' 'Place delivery plan' 2024/25: 0 actions>
        """
        return _plan_repr(self, self.title, len(self.actions))


@attrs.frozen(kw_only=True)
class ServicePlan:
    """An annual plan for one service: its standards, objectives, pressures and risks, actions
    and the indicators it watches."""

    id: str = attrs.field(validator=identifier)
    service: str = attrs.field(validator=required)
    year: Period | None = attrs.field(default=None, converter=to_optional_period, validator=_period)
    lead: str = attrs.field(default="", validator=text)
    standards: tuple[str, ...] = attrs.field(default=(), validator=strings)
    objectives: tuple[str, ...] = attrs.field(default=(), validator=strings)
    pressures_and_risks: tuple[str, ...] = attrs.field(default=(), validator=strings)
    activity: tuple[str, ...] = attrs.field(default=(), validator=strings)
    actions: tuple[Action, ...] = attrs.field(default=(), validator=tuple_of(Action))
    indicators: tuple[str, ...] = attrs.field(default=(), validator=identifiers)

    def __attrs_post_init__(self) -> None:
        refuse_action_repeats(self.actions)

    if TYPE_CHECKING:
        # Attached by councilpmf.notebook (outside the pure core) when first used; pandas and
        # polars are optional: councilpmf[pandas], councilpmf[frames].
        def to_pandas(self) -> Any:
            """The plan's actions as a pandas DataFrame, one row per action."""

        def to_polars(self) -> Any:
            """The plan's actions as a polars DataFrame, one row per action."""

    def __repr__(self) -> str:
        """One line: id, service, year, how many actions and indicators.

        >>> ServicePlan(id="S1", service="Waste", indicators=("W1", "W2"))
        <ServicePlan 'S1' 'Waste': 0 actions, 2 indicators>
        """
        return _plan_repr(
            self, self.service, len(self.actions), counted(len(self.indicators), "indicator")
        )


def _plan_repr(plan: DeliveryPlan | ServicePlan, title: str, actions: int, *more: str) -> str:
    year = "" if plan.year is None else f" {plan.year}"
    head = f"{named(plan.id)} {named(title)}{year}"
    return summary(type(plan).__name__, head, counted(actions, "action"), *more)


class ResourceKind(enum.Enum):
    """The resource strategies councils keep beside the strategic plan."""

    MEDIUM_TERM_FINANCIAL = "medium term financial"
    CAPITAL = "capital"
    PROPERTY = "property"
    ICT = "ict"
    WORKFORCE = "workforce"
    PROCUREMENT = "procurement"
    RISK = "risk"
    OTHER = "other"


def to_resource_kind(value: ResourceKind | str) -> ResourceKind:
    """A :class:`ResourceKind`, or its spelling (``"capital"``, any case)."""
    return member(ResourceKind, value)


@attrs.frozen(kw_only=True)
class ResourceStrategy:
    """A resource strategy (medium term financial strategy, capital, workforce ...)."""

    id: str = attrs.field(validator=identifier)
    kind: ResourceKind = attrs.field(converter=to_resource_kind, validator=member_of(ResourceKind))
    title: str = attrs.field(validator=required)
    summary: str = attrs.field(default="", validator=text)
    start: Period | None = attrs.field(
        default=None, converter=to_optional_period, validator=_period
    )
    end: Period | None = attrs.field(default=None, converter=to_optional_period, validator=_period)
    owner: str = attrs.field(default="", validator=text)
    serves: tuple[str, ...] = attrs.field(default=(), validator=identifiers)


@attrs.frozen(kw_only=True)
class BudgetAllocation:
    """Money allocated to a priority for a year (revenue or capital), in pounds."""

    priority: str = attrs.field(validator=identifier)
    year: Period = attrs.field(converter=to_period, validator=_coerce.period)
    amount: float = attrs.field(
        converter=to_number, validator=number
    )  # finite: never NaN or infinity
    kind: str = attrs.field(default="revenue", validator=one_of("revenue", "capital"))
    note: str = attrs.field(default="", validator=text)
