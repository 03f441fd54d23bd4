"""Compare two versions of a strategic plan, as councils refresh them (York 2008, Mansfield 2024):
themes merged, renamed, added and retired; priorities reworded and moved between themes.

Themes and priorities are matched by id first. Those left over are paired by how alike their
text is (a theme's name, a priority's statement: :class:`difflib.SequenceMatcher` ratio of at
least 0.6, most alike first), so a theme whose id changed but whose name barely did is a rename,
not a removal and an addition. A change of id alone is reported as a rename (themes) or a
rewording (priorities), so that it is never silent. In a framework, delivery and service plans
(by title or service, with their financial-year labels set aside), their actions (by title,
within their plan), outcomes (by statement, within their priority), committees (by name) and
resource strategies (by title) are paired the same way. Every other field a council edits is
compared where it is, one change a field, in a sentence that names both values.

Each :class:`PlanChange` has a path: where the thing is in the new plan, or in the old plan for a
removal. :func:`diff_plans` paths start at the plan (``$.themes[1]``); :func:`diff_frameworks`
paths start at the framework (``$.plan.themes[1]``, ``$.indicators[4].targets``).

>>> from councilpmf.core.plan import Priority, StrategicPlan, Theme
>>> old = StrategicPlan(title="Plan", organisation="Anytown", themes=(
...     Theme(id="place", name="Our place",
...           priorities=(Priority(id="P1", statement="Clean streets."),)),
...     Theme(id="people", name="Our people",
...           priorities=(Priority(id="P2", statement="Give communities a voice."),))))
>>> new = StrategicPlan(title="Plan", organisation="Anytown", themes=(
...     Theme(id="places", name="Our places", priorities=(
...         Priority(id="P1", statement="Clean streets."),
...         Priority(id="P2", statement="Give communities a voice."))),))
>>> print(diff_plans(old, new))
Theme 'Our place' renamed to 'Our places' (id 'place' is now 'places')
Priority P2 'Give communities a voice.' moved from 'Our people' to 'Our places'
Theme 'Our people' removed
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from councilpmf.core._summary import counted
from councilpmf.core._validate import of_type, required, tuple_of
from councilpmf.core.actions import (
    Action,
    ActionUpdate,
    Milestone,
    StatusVocabulary,
    percent_text,
)
from councilpmf.core.audit import describe_rule
from councilpmf.core.formula import numbers_written
from councilpmf.core.framework import Framework, PlannedAction
from councilpmf.core.governance import Committee, IndicatorSet
from councilpmf.core.indicators import Baseline, ExternalId, Indicator, Target
from councilpmf.core.periods import Period, format_date
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    Outcome,
    Priority,
    ResourceStrategy,
    ServicePlan,
    StrategicPlan,
    Theme,
)
from councilpmf.core.published import PublishedVocabulary
from councilpmf.core.risks import CategoryAppetite, Risk, RiskLevel, RiskScore
from councilpmf.core.rule import Rule
from councilpmf.core.year_labels import without_year_labels

__all__ = ["ChangeKind", "PlanChange", "PlanDiff", "diff_frameworks", "diff_plans"]

# Text at least this alike (difflib ratio) pairs an unmatched old item with a new one.
SIMILAR = 0.6

_T = TypeVar("_T")


class ChangeKind(enum.Enum):
    """What kind of change a refresh made."""

    THEME_ADDED = "theme-added"
    THEME_REMOVED = "theme-removed"
    THEME_RENAMED = "theme-renamed"
    THEME_AMBITION_CHANGED = "theme-ambition-changed"
    THEME_LEAD_CHANGED = "theme-lead-changed"
    PRIORITY_ADDED = "priority-added"
    PRIORITY_REMOVED = "priority-removed"
    PRIORITY_REWORDED = "priority-reworded"
    PRIORITY_MOVED = "priority-moved"
    PRIORITY_CHANGED = "priority-changed"
    OUTCOME_ADDED = "outcome-added"
    OUTCOME_REMOVED = "outcome-removed"
    OUTCOME_CHANGED = "outcome-changed"
    VISION_CHANGED = "vision-changed"
    TITLE_CHANGED = "title-changed"
    STRATEGIC_PLAN_CHANGED = "strategic-plan-changed"
    INDICATOR_ADDED = "indicator-added"
    INDICATOR_RETIRED = "indicator-retired"
    INDICATOR_CHANGED = "indicator-changed"
    PLAN_RENAMED = "plan-renamed"
    PLAN_CHANGED = "plan-changed"
    ACTION_ADDED = "action-added"
    ACTION_REMOVED = "action-removed"
    ACTION_CHANGED = "action-changed"
    MILESTONE_ADDED = "milestone-added"
    MILESTONE_REMOVED = "milestone-removed"
    MILESTONE_CHANGED = "milestone-changed"
    COMMITTEE_ADDED = "committee-added"
    COMMITTEE_REMOVED = "committee-removed"
    COMMITTEE_CHANGED = "committee-changed"
    INDICATOR_SET_ADDED = "indicator-set-added"
    INDICATOR_SET_REMOVED = "indicator-set-removed"
    INDICATOR_SET_CHANGED = "indicator-set-changed"
    RISK_ADDED = "risk-added"
    RISK_REMOVED = "risk-removed"
    RISK_CHANGED = "risk-changed"
    RESOURCE_STRATEGY_ADDED = "resource-strategy-added"
    RESOURCE_STRATEGY_REMOVED = "resource-strategy-removed"
    RESOURCE_STRATEGY_CHANGED = "resource-strategy-changed"
    BUDGET_ADDED = "budget-added"
    BUDGET_REMOVED = "budget-removed"
    BUDGET_CHANGED = "budget-changed"
    COUNCIL_CHANGED = "council-changed"


@attrs.frozen(kw_only=True)
class PlanChange:
    """One change between two versions of a plan: its kind, where it is (new version; old for
    removals), and a sentence. (What a store writes for a reading is ``councilpmf.store.Change``.)
    """

    kind: ChangeKind = attrs.field(validator=of_type(ChangeKind))
    path: str = attrs.field(validator=required)
    text: str = attrs.field(validator=required)

    def __str__(self) -> str:
        return self.text


_PLURALS = {"priority": "priorities", "resource strategy": "resource strategies"}


@attrs.frozen(kw_only=True)
class PlanDiff:
    """The changes between two versions, in plan order; false when there are none.

    >>> str(PlanDiff(changes=())), bool(PlanDiff(changes=()))
    ('No changes', False)
    """

    changes: tuple[PlanChange, ...] = attrs.field(default=(), validator=tuple_of(PlanChange))

    def __str__(self) -> str:
        return "\n".join(c.text for c in self.changes) or "No changes"

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __repr__(self) -> str:
        """One line: how many changes of each kind of thing (theme, priority, indicator ...).

        >>> PlanDiff(changes=(PlanChange(kind=ChangeKind.THEME_ADDED, path="$.themes[0]",
        ...     text="Theme 'Our place' added"),))
        <PlanDiff: 1 change (1 theme)>
        """
        if not self.changes:
            return "<PlanDiff: no changes>"
        things: dict[str, int] = {}
        for change in self.changes:
            thing = change.kind.value.rsplit("-", 1)[0].replace("-", " ")
            things[thing] = things.get(thing, 0) + 1
        each = ", ".join(counted(n, thing, _PLURALS.get(thing)) for thing, n in things.items())
        return f"<PlanDiff: {counted(len(self.changes), 'change')} ({each})>"

    def of_kind(self, *kinds: ChangeKind) -> tuple[PlanChange, ...]:
        """The changes of the given kinds, in order."""
        return tuple(c for c in self.changes if c.kind in kinds)

    if TYPE_CHECKING:
        # Attached by councilpmf.notebook (outside the pure core) when first used; pandas and
        # polars are optional: councilpmf[pandas], councilpmf[frames].
        def to_pandas(self) -> Any:
            """The changes as a pandas DataFrame, one row per change."""

        def to_polars(self) -> Any:
            """The changes as a polars DataFrame, one row per change."""


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(
        None, " ".join(a.casefold().split()), " ".join(b.casefold().split())
    ).ratio()


def _paired_by_key(
    old: Sequence[_T], new: Sequence[_T], key: Callable[[_T], Hashable]
) -> dict[int, int]:
    """Match items with equal keys, in order: the first old item of a key with the first new
    one, the second with the second. Maps new index -> old index.

    >>> _paired_by_key(["a", "b", "a"], ["a", "a", "c"], str)
    {0: 0, 1: 2}
    """
    by_key: dict[Hashable, list[int]] = {}
    for i, item in enumerate(old):
        by_key.setdefault(key(item), []).append(i)
    pairs: dict[int, int] = {}
    for j, item in enumerate(new):
        waiting = by_key.get(key(item))
        if waiting:
            pairs[j] = waiting.pop(0)
    return pairs


def _pair(
    old: Sequence[_T],
    new: Sequence[_T],
    key: Callable[[_T], Hashable],
    text: Callable[[_T], str],
) -> dict[int, int]:
    """Match items: by key first, then the most alike leftovers. Maps new index -> old index."""
    pairs = _paired_by_key(old, new, key)
    taken = set(pairs.values())
    candidates = sorted(
        (-ratio, i, j)
        for i in range(len(old))
        if i not in taken
        for j in range(len(new))
        if j not in pairs
        if (ratio := _similarity(text(old[i]), text(new[j]))) >= SIMILAR
    )
    for _ratio, i, j in candidates:
        if i not in taken and j not in pairs:
            pairs[j] = i
            taken.add(i)
    return pairs


@attrs.frozen
class _Placed:
    """A priority with the index of its theme and its path."""

    theme: int
    path: str
    priority: Priority


def _placed(plan: StrategicPlan, root: str) -> list[_Placed]:
    return [
        _Placed(i, f"{root}.themes[{i}].priorities[{j}]", priority)
        for i, theme in enumerate(plan.themes)
        for j, priority in enumerate(theme.priorities)
    ]


def _renamed(thing: str, names: tuple[str, str], ids: tuple[str, str]) -> str | None:
    """The words for a thing renamed, its id changed, or both; None when neither changed.

    >>> _renamed("Theme", ("Our place", "Our places"), ("place", "places"))
    "Theme 'Our place' renamed to 'Our places' (id 'place' is now 'places')"
    >>> _renamed("Delivery plan", ("Plan 2024/25", "Plan 2024/25"), ("p24", "p25"))
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


def _theme_changes(old: Theme, new: Theme, path: str) -> list[PlanChange]:
    changes = []
    renamed = _renamed("Theme", (old.name, new.name), (old.id, new.id))
    if renamed is not None:
        changes.append(PlanChange(kind=ChangeKind.THEME_RENAMED, path=path, text=renamed))
    if old.ambition != new.ambition:
        changes.append(
            PlanChange(
                kind=ChangeKind.THEME_AMBITION_CHANGED,
                path=f"{path}.ambition",
                text=f"Ambition of theme '{new.name}' changed from '{old.ambition}' to "
                f"'{new.ambition}'",
            )
        )
    return changes + _field_changes(
        (_Field("lead", old.lead, new.lead),),
        f"Theme '{new.name}'",
        path,
        ChangeKind.THEME_LEAD_CHANGED,
    )


def _priority_changes(old: Priority, new: Priority, path: str) -> list[PlanChange]:
    changes = []
    if old.statement != new.statement or old.id != new.id:
        label = f"{old.id} (now {new.id})" if old.id != new.id else new.id
        text = (
            f"Priority {label} reworded from '{old.statement}' to '{new.statement}'"
            if old.statement != new.statement
            else f"Priority {old.id} '{new.statement}' renumbered as {new.id}"
        )
        changes.append(PlanChange(kind=ChangeKind.PRIORITY_REWORDED, path=path, text=text))
    changes += _field_changes(
        (_Field("indicators", old.indicators, new.indicators, _listed),),
        f"Priority {new.id}",
        path,
        ChangeKind.PRIORITY_CHANGED,
    )
    return changes + _outcome_changes(old, new, path)


def _outcome_changes(old: Priority, new: Priority, path: str) -> list[PlanChange]:
    """A priority's outcomes, matched by id, then by the most alike statements (an outcome
    renumbered): added, reworded, renumbered, measured by other indicators, removed."""

    def changed(was: Outcome, now: Outcome, where: str) -> list[PlanChange]:
        return _field_changes(
            (
                _Field("id", was.id, now.id, str),
                _Field("statement", was.statement, now.statement),
                _Field("indicators", was.indicators, now.indicators, _listed),
            ),
            f"Outcome {now.id} of priority {new.id}",
            where,
            ChangeKind.OUTCOME_CHANGED,
        )

    return _matched(
        old.outcomes,
        new.outcomes,
        _pair(old.outcomes, new.outcomes, lambda o: o.id, lambda o: o.statement),
        _at(f"{path}.outcomes"),
        lambda o: (
            ChangeKind.OUTCOME_ADDED,
            f"Outcome {o.id} '{o.statement}' added to priority {new.id}",
        ),
        changed,
        lambda o: (
            ChangeKind.OUTCOME_REMOVED,
            f"Outcome {o.id} '{o.statement}' removed from priority {old.id}",
        ),
    )


def _strategic_plan_changes(old: StrategicPlan, new: StrategicPlan, root: str) -> list[PlanChange]:
    changes: list[PlanChange] = []
    if old.title != new.title:
        changes.append(
            PlanChange(
                kind=ChangeKind.TITLE_CHANGED,
                path=f"{root}.title",
                text=f"Title changed from '{old.title}' to '{new.title}'",
            )
        )
    if old.vision != new.vision:
        changes.append(
            PlanChange(
                kind=ChangeKind.VISION_CHANGED,
                path=f"{root}.vision",
                text=f"Vision changed from '{old.vision}' to '{new.vision}'",
            )
        )
    changes += _field_changes(
        (
            _Field("organisation", old.organisation, new.organisation),
            _Field("values", old.values, new.values),
            _Field("start", old.start, new.start),
            _Field("end", old.end, new.end),
        ),
        "Strategic plan",
        root,
        ChangeKind.STRATEGIC_PLAN_CHANGED,
    )
    themes = _pair(old.themes, new.themes, lambda t: t.id, lambda t: t.name)
    theme_of_old = {i: j for j, i in themes.items()}
    old_placed, new_placed = _placed(old, root), _placed(new, root)
    priorities = _pair(
        [p.priority for p in old_placed],
        [p.priority for p in new_placed],
        lambda p: p.id,
        lambda p: p.statement,
    )
    for j, theme in enumerate(new.themes):
        path = f"{root}.themes[{j}]"
        if j in themes:
            changes.extend(_theme_changes(old.themes[themes[j]], theme, path))
        else:
            changes.append(
                PlanChange(
                    kind=ChangeKind.THEME_ADDED, path=path, text=f"Theme '{theme.name}' added"
                )
            )
        for n, placed in enumerate(new_placed):
            if placed.theme != j:
                continue
            priority = placed.priority
            if n not in priorities:
                changes.append(
                    PlanChange(
                        kind=ChangeKind.PRIORITY_ADDED,
                        path=placed.path,
                        text=f"Priority {priority.id} '{priority.statement}' added to "
                        f"'{theme.name}'",
                    )
                )
                continue
            before = old_placed[priorities[n]]
            changes.extend(_priority_changes(before.priority, priority, placed.path))
            if theme_of_old.get(before.theme) != j:
                changes.append(
                    PlanChange(
                        kind=ChangeKind.PRIORITY_MOVED,
                        path=placed.path,
                        text=f"Priority {priority.id} '{priority.statement}' moved from "
                        f"'{old.themes[before.theme].name}' to '{theme.name}'",
                    )
                )
    kept = set(priorities.values())
    for i, theme in enumerate(old.themes):
        if i not in theme_of_old:
            changes.append(
                PlanChange(
                    kind=ChangeKind.THEME_REMOVED,
                    path=f"{root}.themes[{i}]",
                    text=f"Theme '{theme.name}' removed",
                )
            )
        for m, placed in enumerate(old_placed):
            if placed.theme == i and m not in kept:
                changes.append(
                    PlanChange(
                        kind=ChangeKind.PRIORITY_REMOVED,
                        path=placed.path,
                        text=f"Priority {placed.priority.id} '{placed.priority.statement}' "
                        f"removed from '{theme.name}'",
                    )
                )
    return changes


def diff_plans(old: StrategicPlan, new: StrategicPlan) -> PlanDiff:
    """The changes from ``old`` to ``new``: title, vision, then each theme of the new plan with
    its priorities, then what was removed, in the old plan's order.

    >>> from councilpmf.core.plan import Priority, StrategicPlan, Theme
    >>> old = StrategicPlan(title="Plan", organisation="Anytown", themes=(
    ...     Theme(id="T", name="Our place", priorities=(
    ...         Priority(id="P1", statement="Keep streets clean."),)),))
    >>> new = attrs.evolve(old, vision="A greener town", themes=(
    ...     Theme(id="T", name="Our place", priorities=(
    ...         Priority(id="P1", statement="Keep our streets clean."),
    ...         Priority(id="P2", statement="Plant trees."))),))
    >>> for change in diff_plans(old, new).changes:
    ...     print(change.kind.value, change.path, "|", change.text)
    vision-changed $.vision | Vision changed from '' to 'A greener town'
    priority-reworded $.themes[0].priorities[0] | Priority P1 reworded from 'Keep streets clean.' to 'Keep our streets clean.'
    priority-added $.themes[0].priorities[1] | Priority P2 'Plant trees.' added to 'Our place'
    >>> diff_plans(old, old)
    <PlanDiff: no changes>
    """  # noqa: E501
    return PlanDiff(changes=tuple(_strategic_plan_changes(old, new, "$")))


def _targets_text(old: Indicator, new: Indicator) -> str | None:
    before: dict[Period, Target] = {t.period: t for t in old.targets}
    after: dict[Period, Target] = {t.period: t for t in new.targets}
    parts = []
    for period in sorted(before.keys() | after.keys()):
        was, now = before.get(period), after.get(period)
        if was == now:
            continue
        if was is None:
            parts.append(f"{period} {new.format_target(now)} added")
        elif now is None:
            parts.append(f"{period} {old.format_target(was)} removed")
        else:
            parts.append(f"{period} {new.format_target(now)} (was {old.format_target(was)})")
    return "; ".join(parts) if parts else None


def _calculation_text(indicator: Indicator, as_written: bool) -> str:
    calculation = indicator.calculation
    if calculation is None:
        return "readings of its own"
    return f"'{indicator.formula}'" if as_written else f"'{calculation}'"


def _numbers_written(indicator: Indicator) -> tuple[str, ...]:
    """The numbers of a formula as written: ``101`` may name an indicator where ``101.0``
    cannot, so writing one for the other changes how the formula reads, though not its tree."""
    return () if indicator.formula is None else numbers_written(indicator.formula)


def _indicator_changes(old: Indicator, new: Indicator, path: str) -> list[PlanChange]:
    name = f"Indicator {new.id}"
    found: list[tuple[str, str]] = []
    if old.title != new.title:
        found.append(("title", f"{name} title changed from '{old.title}' to '{new.title}'"))
    named = f"{name} '{new.title}'"
    if old.unit != new.unit:
        found.append(("unit", f"{named} unit changed from {old.unit.value} to {new.unit.value}"))
    if old.polarity != new.polarity:
        found.append(
            (
                "polarity",
                f"{named} polarity changed from {old.polarity.value} to {new.polarity.value}",
            )
        )
    same_tree = old.calculation == new.calculation
    if not same_tree or _numbers_written(old) != _numbers_written(new):
        found.append(
            (
                "formula" if new.formula is not None or old.formula is not None else "numerator",
                f"{named} calculation changed from {_calculation_text(old, same_tree)} to "
                f"{_calculation_text(new, same_tree)}",
            )
        )
    targets = _targets_text(old, new)
    if targets is not None:
        found.append(("targets", f"{named} targets changed: {targets}"))

    def baseline(value: Baseline | None) -> str:
        return "none" if value is None else f"{new.format_value(value.value)} in {value.period}"

    def rule(value: Rule | None) -> str:
        return "the council's default rule" if value is None else f"'{describe_rule(value)}'"

    return [
        *(
            PlanChange(kind=ChangeKind.INDICATOR_CHANGED, path=f"{path}.{field}", text=text)
            for field, text in found
        ),
        *_field_changes(
            (
                _Field("definition", old.definition, new.definition),
                _Field("frequency", old.frequency, new.frequency),
                _Field("aggregation", old.aggregation, new.aggregation),
                _Field("decimals", old.decimals, new.decimals),
                _Field("baseline", old.baseline, new.baseline, baseline),
                _Field("rule", old.rule, new.rule, rule),
                _Field("series_break", old.series_break, new.series_break),
                _Field("owner", old.owner, new.owner),
                _Field("source", old.source, new.source),
                _Field("supplier", old.supplier, new.supplier),
                _Field("reporting_lag_days", old.reporting_lag_days, new.reporting_lag_days),
                _Field("due_days", old.due_days, new.due_days),
                _Field("external_ids", old.external_ids, new.external_ids),
            ),
            named,
            path,
            ChangeKind.INDICATOR_CHANGED,
        ),
    ]


_Item = TypeVar("_Item")
_Said = tuple[ChangeKind, str]


def _matched(
    old: Sequence[_Item],
    new: Sequence[_Item],
    pairs: dict[int, int],
    path: Callable[[int, _Item], str],
    added: Callable[[_Item], _Said],
    changed: Callable[[_Item, _Item, str], list[PlanChange]],
    removed: Callable[[_Item], _Said],
) -> list[PlanChange]:
    """Items matched by ``pairs`` (new index -> old index, as :func:`_paired_by_key` or
    :func:`_pair` find them): added or changed in the new order, then removed in the old.

    ``path`` gives an item's path from its position (in its own version) and the item;
    ``added`` and ``removed`` say the kind and words of the one change an item makes.
    """
    kept = set(pairs.values())
    changes: list[PlanChange] = []
    for j, item in enumerate(new):
        if j in pairs:
            changes.extend(changed(old[pairs[j]], item, path(j, item)))
        else:
            kind, text = added(item)
            changes.append(PlanChange(kind=kind, path=path(j, item), text=text))
    for i, item in enumerate(old):
        if i not in kept:
            kind, text = removed(item)
            changes.append(PlanChange(kind=kind, path=path(i, item), text=text))
    return changes


def _at(prefix: str) -> Callable[[int, object], str]:
    """Paths by position under ``prefix``: ``$.committees[2]``."""
    return lambda index, _item: f"{prefix}[{index}]"


def _indicator_list_changes(old: Framework, new: Framework) -> list[PlanChange]:
    return _matched(
        old.indicators,
        new.indicators,
        _paired_by_key(old.indicators, new.indicators, lambda i: i.id),
        _at("$.indicators"),
        lambda i: (ChangeKind.INDICATOR_ADDED, f"Indicator {i.id} '{i.title}' added"),
        _indicator_changes,
        lambda i: (ChangeKind.INDICATOR_RETIRED, f"Indicator {i.id} '{i.title}' retired"),
    )


def _listed(items: Sequence[str]) -> str:
    return "; ".join(items) if items else "none"


def _status_words(status: str | None) -> str:
    return "no recorded status" if status is None else f"'{status}'"


def _when(day: dt.date | bool | None) -> str:
    if day is True:
        return "done, date not recorded"
    return "no date" if day is None or day is False else format_date(day)


def _percent(value: float | None) -> str:
    return "none" if value is None else percent_text(value, as_recorded=True)


def _words(value: object) -> str:
    """A field's value in words: text quoted, nothing as ``none``, a list one item after
    another, a period or date as councils write it, a choice by its name.

    >>> _words(""), _words("Head of Finance"), _words(("P1", "P2")), _words(None)
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
            return _listed([_words(item) for item in value])
        case dt.date():
            return format_date(value)
        case enum.Enum():
            return str(value.value)
        case ExternalId():
            return f"{value.scheme} {value.id}"
        case RiskScore():
            return f"{value.likelihood} x {value.impact}"
    return str(value)


@attrs.frozen
class _Field:
    """A field of two versions of a record, how to say its value, and what to call it where
    its name is not the council's word for it."""

    name: str
    was: object
    now: object
    words: Callable[[Any], str] = _words
    called: str = ""


def _field_changes(
    fields: Sequence[_Field], subject: str, path: str, kind: ChangeKind
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


def _milestone_changes(old: Action, new: Action, path: str) -> list[PlanChange]:
    def changed(was: Milestone, now: Milestone, where: str) -> list[PlanChange]:
        return _field_changes(
            (_Field("due", was.due, now.due, _when), _Field("done", was.done, now.done, _when)),
            f"Milestone '{now.title}' of action {new.ref}",
            where,
            ChangeKind.MILESTONE_CHANGED,
        )

    return _matched(
        old.milestones,
        new.milestones,
        _paired_by_key(old.milestones, new.milestones, lambda m: m.title),
        _at(f"{path}.milestones"),
        lambda m: (
            ChangeKind.MILESTONE_ADDED,
            f"Milestone '{m.title}' of action {new.ref} added, due {_when(m.due)}",
        ),
        changed,
        lambda m: (
            ChangeKind.MILESTONE_REMOVED,
            f"Milestone '{m.title}' of action {old.ref} removed",
        ),
    )


def _update_words(update: ActionUpdate) -> str:
    """What an update sets: its status and percent complete, or else its text."""
    parts = [] if update.status is None else [f"status '{update.status}'"]
    if update.percent_complete is not None:
        parts.append(f"{percent_text(update.percent_complete, as_recorded=True)} complete")
    return ", ".join(parts) or f"'{update.text}'"


def _update_changes(old: Action, new: Action, path: str, subject: str) -> list[PlanChange]:
    """Dated updates added, changed or removed, matched by date: how a council changes an
    action's status and progress."""

    def changed(was: ActionUpdate, now: ActionUpdate, where: str) -> list[PlanChange]:
        if was == now:
            return []
        text = f"{subject} update of {format_date(now.on)} changed: {_update_words(now)}"
        return [PlanChange(kind=ChangeKind.ACTION_CHANGED, path=where, text=text)]

    return _matched(
        old.updates,
        new.updates,
        _paired_by_key(old.updates, new.updates, lambda u: u.on),
        _at(f"{path}.updates"),
        lambda u: (
            ChangeKind.ACTION_CHANGED,
            f"{subject} updated {format_date(u.on)}: {_update_words(u)}",
        ),
        changed,
        lambda u: (ChangeKind.ACTION_CHANGED, f"{subject} update of {format_date(u.on)} removed"),
    )


_ActionPlan = DeliveryPlan | ServicePlan


def _action_plans(framework: Framework) -> tuple[_ActionPlan, ...]:
    """The plans with actions, in the order of :meth:`Framework.planned_actions`."""
    return (*framework.delivery_plans, *framework.service_plans)


def _plan_pairs(old: Framework, new: Framework) -> dict[int, int]:
    """Delivery plans matched with delivery plans by id, then by the most alike titles with
    their financial-year labels set aside (a plan rolled over to next year, its title and id
    changed with the year), and service plans likewise by id, then service. Maps new index ->
    old index in :func:`_action_plans`."""
    pairs = _pair(
        old.delivery_plans,
        new.delivery_plans,
        lambda p: p.id,
        lambda p: without_year_labels(p.title),
    )
    services = _pair(
        old.service_plans,
        new.service_plans,
        lambda p: p.id,
        lambda p: without_year_labels(p.service),
    )
    old_at, new_at = len(old.delivery_plans), len(new.delivery_plans)
    pairs.update({new_at + j: old_at + i for j, i in services.items()})
    return pairs


def _plan_words(plan: _ActionPlan) -> tuple[str, str, str]:
    """What a plan is called: what it is, its name, and the field that holds the name."""
    if isinstance(plan, DeliveryPlan):
        return "Delivery plan", plan.title, "title"
    return "Service plan", plan.service, "service"


def _plan_fields(was: _ActionPlan, now: _ActionPlan) -> tuple[_Field, ...]:
    """The fields of a plan other than its name, id and actions."""
    common = (_Field("year", was.year, now.year), _Field("lead", was.lead, now.lead))
    if isinstance(was, DeliveryPlan) and isinstance(now, DeliveryPlan):
        return (
            *common,
            _Field("theme", was.theme, now.theme),
            _Field("improvements", was.improvements, now.improvements),
        )
    assert isinstance(was, ServicePlan) and isinstance(now, ServicePlan)
    return (
        *common,
        _Field("standards", was.standards, now.standards),
        _Field("objectives", was.objectives, now.objectives),
        _Field("pressures_and_risks", was.pressures_and_risks, now.pressures_and_risks),
        _Field("activity", was.activity, now.activity),
        _Field("indicators", was.indicators, now.indicators, _listed),
    )


def _plan_changes(old: Framework, new: Framework, pairs: dict[int, int]) -> list[PlanChange]:
    """For each plan, in the new order: one change if it was renamed or given a new id, and
    one for each other field changed (its year, lead, theme ...)."""
    old_plans, new_plans = _action_plans(old), _action_plans(new)
    changes = []
    delivery = len(new.delivery_plans)
    for j in sorted(pairs):
        was, now = old_plans[pairs[j]], new_plans[j]
        thing, name, field = _plan_words(now)
        path = f"$.delivery_plans[{j}]" if j < delivery else f"$.service_plans[{j - delivery}]"
        renamed = _renamed(thing, (_plan_words(was)[1], name), (was.id, now.id))
        if renamed is not None:
            where = path if was.id != now.id else f"{path}.{field}"
            changes.append(PlanChange(kind=ChangeKind.PLAN_RENAMED, path=where, text=renamed))
        changes += _field_changes(
            _plan_fields(was, now), f"{thing} '{name}'", path, ChangeKind.PLAN_CHANGED
        )
    return changes


def _starts(plans: Sequence[_ActionPlan]) -> list[int]:
    """Where each plan's first action is among all the plans' actions."""
    starts, at = [], 0
    for plan in plans:
        starts.append(at)
        at += len(plan.actions)
    return starts


def _action_pairs(old: Framework, new: Framework, plans: dict[int, int]) -> dict[int, int]:
    """Actions matched within each pair of plans, by ref, then by the most alike titles (an
    action renumbered). Maps new index -> old index in :meth:`Framework.planned_actions`."""
    old_plans, new_plans = _action_plans(old), _action_plans(new)
    old_at, new_at = _starts(old_plans), _starts(new_plans)
    pairs: dict[int, int] = {}
    for j, i in plans.items():
        found = _pair(
            old_plans[i].actions, new_plans[j].actions, lambda a: a.ref, lambda a: a.title
        )
        pairs.update({new_at[j] + n: old_at[i] + m for n, m in found.items()})
    return pairs


def _action_changes(old: Framework, new: Framework) -> list[PlanChange]:
    def changed(was: PlannedAction, now: PlannedAction, path: str) -> list[PlanChange]:
        before, action = was.action, now.action
        subject = f"Action {action.ref} of '{now.plan}'"
        return [
            *_field_changes(
                (
                    _Field("ref", before.ref, action.ref, str),
                    _Field("title", before.title, action.title),
                    _Field("status", before.status, action.status, _status_words),
                    _Field("start", before.start, action.start, _when),
                    _Field("due", before.due, action.due, _when),
                    _Field("timescale", before.timescale, action.timescale),
                    _Field(
                        "percent_complete",
                        before.percent_complete,
                        action.percent_complete,
                        _percent,
                    ),
                    _Field("owners", before.owners, action.owners, _listed),
                    _Field("serves", before.serves, action.serves, _listed),
                    _Field("lead_committee", before.lead_committee, action.lead_committee),
                ),
                subject,
                path,
                ChangeKind.ACTION_CHANGED,
            ),
            *_update_changes(before, action, path, subject),
            *_milestone_changes(before, action, path),
        ]

    plans = _plan_pairs(old, new)
    old_actions, new_actions = tuple(old.planned_actions()), tuple(new.planned_actions())
    return _plan_changes(old, new, plans) + _matched(
        old_actions,
        new_actions,
        _action_pairs(old, new, plans),
        lambda _index, p: p.path,
        lambda p: (
            ChangeKind.ACTION_ADDED,
            f"Action {p.action.ref} of '{p.plan}' '{p.action.title}' added",
        ),
        changed,
        lambda p: (
            ChangeKind.ACTION_REMOVED,
            f"Action {p.action.ref} '{p.action.title}' removed from '{p.plan}'",
        ),
    )


def _committee_pairs(old: Framework, new: Framework) -> dict[int, int]:
    """Committees matched by id, then by the most alike names (an id changed)."""
    return _pair(old.committees, new.committees, lambda c: c.id, lambda c: c.name)


def _committee_changes(old: Framework, new: Framework) -> list[PlanChange]:
    def changed(was: Committee, now: Committee, path: str) -> list[PlanChange]:
        return _field_changes(
            (
                _Field("id", was.id, now.id),
                _Field("name", was.name, now.name),
                _Field("cadence", was.cadence, now.cadence),
                _Field("kind", was.kind, now.kind),
                _Field("remit", was.remit, now.remit),
            ),
            f"Committee '{now.name}'",
            path,
            ChangeKind.COMMITTEE_CHANGED,
        )

    return _matched(
        old.committees,
        new.committees,
        _committee_pairs(old, new),
        _at("$.committees"),
        lambda c: (ChangeKind.COMMITTEE_ADDED, f"Committee '{c.name}' added"),
        changed,
        lambda c: (ChangeKind.COMMITTEE_REMOVED, f"Committee '{c.name}' removed"),
    )


def _set_name(indicator_set: IndicatorSet) -> str:
    return (
        f"'{indicator_set.title}'"
        if indicator_set.title
        else f"the {indicator_set.level.value} set of {indicator_set.committee}"
    )


def _indicator_set_changes(old: Framework, new: Framework) -> list[PlanChange]:
    # A set follows its committee through a change of id.
    now_id = {
        old.committees[i].id: new.committees[j].id for j, i in _committee_pairs(old, new).items()
    }

    def changed(was: IndicatorSet, now: IndicatorSet, path: str) -> list[PlanChange]:
        added = [i for i in now.indicators if i not in was.indicators]
        dropped = [i for i in was.indicators if i not in now.indicators]
        parts = ([f"{', '.join(added)} added"] if added else []) + (
            [f"{', '.join(dropped)} dropped"] if dropped else []
        )
        if not parts and was.indicators != now.indicators:
            parts = [f"put in the order {', '.join(now.indicators)}"]
        sizes = _field_changes(
            (
                _Field("min_size", was.min_size, now.min_size),
                _Field("max_size", was.max_size, now.max_size),
            ),
            f"Indicator set {_set_name(now)}",
            path,
            ChangeKind.INDICATOR_SET_CHANGED,
        )
        if not parts:
            return sizes
        listed = PlanChange(
            kind=ChangeKind.INDICATOR_SET_CHANGED,
            path=f"{path}.indicators",
            text=f"Indicator set {_set_name(now)}: {'; '.join(parts)}",
        )
        return [listed, *sizes]

    return _matched(
        old.indicator_sets,
        new.indicator_sets,
        _paired_by_key(
            [(now_id.get(s.committee, s.committee), s) for s in old.indicator_sets],
            [(s.committee, s) for s in new.indicator_sets],
            lambda held: (held[0], held[1].level.value, held[1].title),
        ),
        _at("$.indicator_sets"),
        lambda s: (
            ChangeKind.INDICATOR_SET_ADDED,
            f"Indicator set {_set_name(s)} added with {len(s.indicators)} indicators",
        ),
        changed,
        lambda s: (ChangeKind.INDICATOR_SET_REMOVED, f"Indicator set {_set_name(s)} removed"),
    )


def _risk_changes(old: Framework, new: Framework) -> list[PlanChange]:
    matrix = new.risks.matrix

    def score(value: RiskScore | None) -> str:
        return "none" if value is None else matrix.describe(value)

    def changed(was: Risk, now: Risk, path: str) -> list[PlanChange]:
        return _field_changes(
            (
                _Field("title", was.title, now.title),
                _Field("description", was.description, now.description),
                _Field("category", was.category, now.category),
                _Field("owner", was.owner, now.owner),
                _Field("serves", was.serves, now.serves, _listed),
                _Field("residual", was.residual, now.residual, matrix.describe),
                _Field("inherent", was.inherent, now.inherent, matrix.describe),
                _Field("target", was.target, now.target, score),
                _Field("controls", was.controls, now.controls),
                _Field("actions", was.actions, now.actions, _listed),
                _Field("review_by", was.review_by, now.review_by, _when),
                _Field("appetite", was.appetite, now.appetite),
            ),
            f"Risk {now.id}",
            path,
            ChangeKind.RISK_CHANGED,
        )

    return _matched(
        old.risks.risks,
        new.risks.risks,
        _paired_by_key(old.risks.risks, new.risks.risks, lambda r: r.id),
        _at("$.risks.risks"),
        lambda r: (
            ChangeKind.RISK_ADDED,
            f"Risk {r.id} '{r.title}' added, residual {matrix.describe(r.residual)}",
        ),
        changed,
        lambda r: (ChangeKind.RISK_REMOVED, f"Risk {r.id} '{r.title}' removed"),
    )


def _resource_strategy_changes(old: Framework, new: Framework) -> list[PlanChange]:
    def changed(was: ResourceStrategy, now: ResourceStrategy, path: str) -> list[PlanChange]:
        return _field_changes(
            (
                _Field("id", was.id, now.id),
                _Field("kind", was.kind, now.kind),
                _Field("title", was.title, now.title),
                _Field("summary", was.summary, now.summary),
                _Field("start", was.start, now.start),
                _Field("end", was.end, now.end),
                _Field("owner", was.owner, now.owner),
                _Field("serves", was.serves, now.serves, _listed),
            ),
            f"Resource strategy '{now.title}'",
            path,
            ChangeKind.RESOURCE_STRATEGY_CHANGED,
        )

    strategies_old, strategies_new = old.resource_strategies, new.resource_strategies
    return _matched(
        strategies_old,
        strategies_new,
        _pair(strategies_old, strategies_new, lambda r: r.id, lambda r: r.title),
        _at("$.resource_strategies"),
        lambda r: (ChangeKind.RESOURCE_STRATEGY_ADDED, f"Resource strategy '{r.title}' added"),
        changed,
        lambda r: (ChangeKind.RESOURCE_STRATEGY_REMOVED, f"Resource strategy '{r.title}' removed"),
    )


def _money(amount: float) -> str:
    """An amount in pounds, with pence only where there are any.

    >>> _money(142600000.0), _money(-12.5)
    ('£142,600,000', '-£12.50')
    """
    pounds = f"{abs(amount):,.2f}".removesuffix(".00")
    return f"-£{pounds}" if amount < 0 else f"£{pounds}"


def _budget_changes(old: Framework, new: Framework) -> list[PlanChange]:
    """Allocations matched by priority, year and kind (revenue or capital)."""

    def named(allocation: BudgetAllocation) -> str:
        return f"Budget for {allocation.priority} in {allocation.year} ({allocation.kind})"

    def changed(was: BudgetAllocation, now: BudgetAllocation, path: str) -> list[PlanChange]:
        return _field_changes(
            (_Field("amount", was.amount, now.amount, _money), _Field("note", was.note, now.note)),
            named(now),
            path,
            ChangeKind.BUDGET_CHANGED,
        )

    return _matched(
        old.budget,
        new.budget,
        _paired_by_key(old.budget, new.budget, lambda b: (b.priority, b.year, b.kind)),
        _at("$.budget"),
        lambda b: (ChangeKind.BUDGET_ADDED, f"{named(b)} added: {_money(b.amount)}"),
        changed,
        lambda b: (ChangeKind.BUDGET_REMOVED, f"{named(b)} removed: {_money(b.amount)}"),
    )


def _council_changes(old: Framework, new: Framework) -> list[PlanChange]:
    """What a council sets once for its whole framework (council.toml, the risk matrix): a
    change to any of it changes how every part is rated or read."""

    def rule(value: Rule) -> str:
        return f"'{describe_rule(value)}'"

    def actions(value: StatusVocabulary) -> str:
        return _listed([f"'{w.word}' ({w.meaning.value})" for w in value.words])

    def published(value: PublishedVocabulary) -> str:
        return _listed([f"'{w.word}' ({w.status.value})" for w in value.words])

    def levels(value: tuple[RiskLevel, ...]) -> str:
        return _listed([f"'{level.name}' from {level.lowest}" for level in value])

    def appetites(value: tuple[CategoryAppetite, ...]) -> str:
        return _listed([f"'{a.category}' up to {a.appetite}" for a in value])

    was_matrix, now_matrix = old.risks.matrix, new.risks.matrix
    return [
        *_field_changes(
            (
                _Field("default_rule", old.default_rule, new.default_rule, rule),
                _Field("year_start_month", old.year_start_month, new.year_start_month),
                _Field("area_code", old.area_code, new.area_code),
                _Field(
                    "vocabulary", old.vocabulary, new.vocabulary, actions, "action status words"
                ),
                _Field(
                    "published_statuses",
                    old.published_statuses,
                    new.published_statuses,
                    published,
                    "published status words",
                ),
            ),
            "Council",
            "$",
            ChangeKind.COUNCIL_CHANGED,
        ),
        *_field_changes(
            (
                _Field("required", old.approval.required, new.approval.required),
                _Field("self_approval", old.approval.self_approval, new.approval.self_approval),
            ),
            "Council approval",
            "$.approval",
            ChangeKind.COUNCIL_CHANGED,
        ),
        *_field_changes(
            (
                _Field("likelihoods", was_matrix.likelihoods, now_matrix.likelihoods),
                _Field("impacts", was_matrix.impacts, now_matrix.impacts),
                _Field("levels", was_matrix.levels, now_matrix.levels, levels),
            ),
            "Risk matrix",
            "$.risks.matrix",
            ChangeKind.COUNCIL_CHANGED,
        ),
        *_field_changes(
            (_Field("appetites", old.risks.appetites, new.risks.appetites, appetites),),
            "Risk register",
            "$.risks",
            ChangeKind.COUNCIL_CHANGED,
        ),
    ]


def diff_frameworks(old: Framework, new: Framework) -> PlanDiff:
    """Every change from ``old`` to ``new``, part by part, each field a council edits one
    change in one sentence: the plan's (paths under ``$.plan``: its own fields, themes,
    priorities and their outcomes), the indicators' (added, changed field by field, in the new
    order; then retired), the delivery and service plans' (renamed or given a new id, one
    change each; their year, lead, theme and the rest) and their actions' (matched within their
    plan by ref: added, changed field by field, dated updates added, changed or removed,
    milestones added, moved or done, removed), the committees' and indicator sets', the
    risks', the resource strategies' and the budget's (added, changed, removed), and last the
    council's own settings (default rule, year start, status words, approval, risk matrix and
    appetites). Peer challenges are not compared. Plans, actions, outcomes, committees and
    resource strategies left over after matching by id are paired by how alike their names are,
    as themes are (a plan's with its financial-year labels set aside), so a plan rolled over to
    next year keeps its actions, and an action renumbered or a committee given a new id is one
    change.

    >>> from councilpmf.core.indicators import Indicator, Unit
    >>> from councilpmf.core.plan import StrategicPlan
    >>> plan = StrategicPlan(title="Plan", organisation="Anytown")
    >>> old = Framework(plan=plan, indicators=(
    ...     Indicator(id="A", title="Rent collected", unit=Unit.PERCENTAGE),
    ...     Indicator(id="B", title="Calls answered")))
    >>> new = Framework(plan=plan, indicators=(
    ...     Indicator(id="A", title="Rent collected", unit=Unit.MONEY),
    ...     Indicator(id="C", title="Trees planted")))
    >>> print(diff_frameworks(old, new))
    Indicator A 'Rent collected' unit changed from percentage to money
    Indicator C 'Trees planted' added
    Indicator B 'Calls answered' retired
    """
    return PlanDiff(
        changes=(
            *_strategic_plan_changes(old.plan, new.plan, "$.plan"),
            *_indicator_list_changes(old, new),
            *_action_changes(old, new),
            *_committee_changes(old, new),
            *_indicator_set_changes(old, new),
            *_risk_changes(old, new),
            *_resource_strategy_changes(old, new),
            *_budget_changes(old, new),
            *_council_changes(old, new),
        )
    )
