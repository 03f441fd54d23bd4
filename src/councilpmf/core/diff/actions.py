"""The delivery and service plans' changes (renamed, or their year, lead and other fields) and
their actions', matched within each pair of plans, with the actions' updates and milestones."""

from __future__ import annotations

from collections.abc import Sequence

from councilpmf.core.actions import Action, ActionUpdate, Milestone, percent_text
from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.diff.matching import by_position, matched, pair, paired_by_key
from councilpmf.core.diff.words import (
    Field,
    compared,
    field_changes,
    in_list,
    on_date,
    percent_words,
    renamed_words,
    status_words,
)
from councilpmf.core.framework import Framework, PlannedAction
from councilpmf.core.periods import format_date
from councilpmf.core.plan import DeliveryPlan, ServicePlan
from councilpmf.core.year_labels import without_year_labels


def _milestone_changes(old: Action, new: Action, path: str) -> list[PlanChange]:
    def changed(was: Milestone, now: Milestone, where: str) -> list[PlanChange]:
        return field_changes(
            compared(was, now, ("due", on_date), ("done", on_date)),
            f"Milestone '{now.title}' of action {new.ref}",
            where,
            ChangeKind.MILESTONE_CHANGED,
        )

    return matched(
        old.milestones,
        new.milestones,
        paired_by_key(old.milestones, new.milestones, lambda m: m.title),
        by_position(f"{path}.milestones"),
        lambda m: (
            ChangeKind.MILESTONE_ADDED,
            f"Milestone '{m.title}' of action {new.ref} added, due {on_date(m.due)}",
        ),
        changed,
        lambda m: (
            ChangeKind.MILESTONE_REMOVED,
            f"Milestone '{m.title}' of action {old.ref} removed",
        ),
    )


def _update_words(update: ActionUpdate) -> str:
    """What an update sets: its status, percent complete and revised due date, or else its
    text."""
    parts = [] if update.status is None else [f"status '{update.status}'"]
    if update.percent_complete is not None:
        parts.append(f"{percent_text(update.percent_complete, as_recorded=True)} complete")
    if update.due is not None:
        parts.append(f"due date revised to {format_date(update.due)}")
    return ", ".join(parts) or f"'{update.text}'"


def _update_changes(old: Action, new: Action, path: str, subject: str) -> list[PlanChange]:
    """Dated updates added, changed or removed, matched by date: how a council changes an
    action's status and progress."""

    def changed(was: ActionUpdate, now: ActionUpdate, where: str) -> list[PlanChange]:
        if was == now:
            return []
        text = f"{subject} update of {format_date(now.on)} changed: {_update_words(now)}"
        return [PlanChange(kind=ChangeKind.ACTION_CHANGED, path=where, text=text)]

    return matched(
        old.updates,
        new.updates,
        paired_by_key(old.updates, new.updates, lambda u: u.on),
        by_position(f"{path}.updates"),
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
    pairs = pair(
        old.delivery_plans,
        new.delivery_plans,
        lambda p: p.id,
        lambda p: without_year_labels(p.title),
    )
    services = pair(
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


def _plan_fields(was: _ActionPlan, now: _ActionPlan, themes: dict[str, str]) -> tuple[Field, ...]:
    """The fields of a plan other than its name, id and actions; a theme by its name (from
    ``themes``, by id) and id."""

    def theme(theme_id: str | None) -> str:
        if theme_id is None:
            return "none"
        return f"'{themes[theme_id]}' ({theme_id})" if theme_id in themes else f"'{theme_id}'"

    common = (Field("year", was.year, now.year), Field("lead", was.lead, now.lead))
    if isinstance(was, DeliveryPlan) and isinstance(now, DeliveryPlan):
        return (
            *common,
            *compared(was, now, ("theme", theme), "improvements"),
        )
    assert isinstance(was, ServicePlan) and isinstance(now, ServicePlan)
    return (
        *common,
        *compared(
            was,
            now,
            "standards",
            "objectives",
            "pressures_and_risks",
            "activity",
            ("indicators", in_list),
        ),
    )


def _plan_changes(old: Framework, new: Framework, pairs: dict[int, int]) -> list[PlanChange]:
    """For each plan, in the new order: one change if it was renamed or given a new id, and
    one for each other field changed (its year, lead, theme ...)."""
    old_plans, new_plans = _action_plans(old), _action_plans(new)
    themes = {t.id: t.name for t in old.plan.themes} | {t.id: t.name for t in new.plan.themes}
    changes = []
    delivery = len(new.delivery_plans)
    for j in sorted(pairs):
        was, now = old_plans[pairs[j]], new_plans[j]
        thing, name, field = _plan_words(now)
        path = f"$.delivery_plans[{j}]" if j < delivery else f"$.service_plans[{j - delivery}]"
        renamed = renamed_words(thing, (_plan_words(was)[1], name), (was.id, now.id))
        if renamed is not None:
            where = path if was.id != now.id else f"{path}.{field}"
            changes.append(PlanChange(kind=ChangeKind.PLAN_RENAMED, path=where, text=renamed))
        changes += field_changes(
            _plan_fields(was, now, themes), f"{thing} '{name}'", path, ChangeKind.PLAN_CHANGED
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
        found = pair(old_plans[i].actions, new_plans[j].actions, lambda a: a.ref, lambda a: a.title)
        pairs.update({new_at[j] + n: old_at[i] + m for n, m in found.items()})
    return pairs


def one_action_changes(before: Action, action: Action, path: str, subject: str) -> list[PlanChange]:
    """An action's fields, dated updates and milestones changed, each one change said of
    ``subject`` (``Action ECO-01 of 'Our economy delivery plan 2024/25'``)."""
    return [
        *field_changes(
            compared(
                before,
                action,
                ("ref", str),
                "title",
                ("status", status_words),
                ("start", on_date),
                ("due", on_date),
                "timescale",
                ("percent_complete", percent_words),
                ("owners", in_list),
                ("serves", in_list),
                "lead_committee",
            ),
            subject,
            path,
            ChangeKind.ACTION_CHANGED,
        ),
        *_update_changes(before, action, path, subject),
        *_milestone_changes(before, action, path),
    ]


def action_changes(old: Framework, new: Framework) -> list[PlanChange]:
    def changed(was: PlannedAction, now: PlannedAction, path: str) -> list[PlanChange]:
        subject = f"Action {now.action.ref} of '{now.plan}'"
        return one_action_changes(was.action, now.action, path, subject)

    plans = _plan_pairs(old, new)
    old_actions, new_actions = tuple(old.planned_actions()), tuple(new.planned_actions())
    return _plan_changes(old, new, plans) + matched(
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
