"""The strategic plan's changes: its own fields, its themes, priorities and their outcomes."""

from __future__ import annotations

import attrs

from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.diff.matching import by_position, matched, pair
from councilpmf.core.diff.words import Field, compared, field_changes, in_list, renamed_words
from councilpmf.core.plan import Outcome, Priority, StrategicPlan, Theme


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


def _theme_changes(old: Theme, new: Theme, path: str) -> list[PlanChange]:
    changes = []
    renamed = renamed_words("Theme", (old.name, new.name), (old.id, new.id))
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
    return changes + field_changes(
        (Field("lead", old.lead, new.lead),),
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
    changes += field_changes(
        (Field("indicators", old.indicators, new.indicators, in_list),),
        f"Priority {new.id}",
        path,
        ChangeKind.PRIORITY_CHANGED,
    )
    return changes + _outcome_changes(old, new, path)


def _outcome_changes(old: Priority, new: Priority, path: str) -> list[PlanChange]:
    """A priority's outcomes, matched by id, then by the most alike statements (an outcome
    renumbered): added, reworded, renumbered, measured by other indicators, removed."""

    def changed(was: Outcome, now: Outcome, where: str) -> list[PlanChange]:
        return field_changes(
            compared(was, now, ("id", str), "statement", ("indicators", in_list)),
            f"Outcome {now.id} of priority {new.id}",
            where,
            ChangeKind.OUTCOME_CHANGED,
        )

    return matched(
        old.outcomes,
        new.outcomes,
        pair(old.outcomes, new.outcomes, lambda o: o.id, lambda o: o.statement),
        by_position(f"{path}.outcomes"),
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


def strategic_plan_changes(old: StrategicPlan, new: StrategicPlan, root: str) -> list[PlanChange]:
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
    changes += field_changes(
        compared(old, new, "organisation", "values", "start", "end"),
        "Strategic plan",
        root,
        ChangeKind.STRATEGIC_PLAN_CHANGED,
    )
    themes = pair(old.themes, new.themes, lambda t: t.id, lambda t: t.name)
    theme_of_old = {i: j for j, i in themes.items()}
    old_placed, new_placed = _placed(old, root), _placed(new, root)
    priorities = pair(
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
