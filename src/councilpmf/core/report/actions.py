"""The actions report: every delivery-plan and service-plan action with its status, whether it
is overdue, its progress against the expected progress, and its lead committee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from councilpmf.core.actions import ActionState, format_date, percent_text
from councilpmf.core.assess import Readings, assess
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import Period
from councilpmf.core.report.document import (
    Column,
    NumberCell,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
)
from councilpmf.core.report.shared import (
    asked_for,
    closed_count,
    committee_name,
    due_cell,
    index_of,
    owner_text,
    plural,
    revised_dates_table,
    scope_of,
    yes_no,
)

__all__ = ["actions_report"]

_ACTION_COLUMNS = (
    Column(key="ref", title="Ref"),
    Column(key="title", title="Action"),
    Column(key="plan", title="Plan"),
    Column(key="status", title="Status"),
    Column(key="meaning", title="Meaning"),
    Column(key="overdue", title="Overdue"),
    Column(key="complete", title="Complete", kind="number"),
    Column(key="expected", title="Expected", kind="number"),
    Column(key="progress", title="Progress"),
    Column(key="owners", title="Owner"),
    Column(key="due", title="Due", kind="date"),
    Column(key="lead_committee", title="Lead committee"),
)


def _percent(value: float | None) -> NumberCell:
    return NumberCell(value=value, text="" if value is None else percent_text(value))


def _plan_row(plan: str, states: list[ActionState], committee: str) -> Row:
    closed = closed_count(states)
    return Row(
        header=plan,
        cells=(len(states), closed, len(states) - closed, sum(a.overdue for a in states)),
        group=plan,
        committee=committee,
    )


def _action_row(framework: Framework, plan: str, state: ActionState) -> Row:
    lead = committee_name(framework, state.lead_committee)
    return Row(
        header=state.ref,
        cells=(
            state.title,
            plan,
            state.status_text,
            state.meaning_text,
            yes_no(state.overdue),
            _percent(state.percent_complete),
            _percent(state.expected_percent),
            "" if state.progress is None else state.progress.word,
            owner_text(*state.owners),
            due_cell(state),
            lead,
        ),
        group=plan,
        committee=lead,
    )


def actions_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str,
    as_of: dt.date | str,
    committee: str | None = None,
) -> Report:
    """The actions report: every delivery-plan and service-plan action with its status word and
    meaning, whether it is overdue on ``as_of``, progress against the expected progress,
    owners, due date and lead committee. A committee names the report; the actions are all
    listed, with their lead committee."""
    period, as_of = asked_for(framework, period, as_of)
    scope = scope_of(framework, committee)
    card = assess(framework, index_of(framework, readings), period, as_of, indicators=())
    planned = tuple(framework.planned_actions())
    assert len(planned) == len(card.actions)
    # Every plan has its row, one with no actions yet too.
    by_plan: dict[str, list[ActionState]] = {name: [] for name in framework.plan_names()}
    for p, state in zip(planned, card.actions, strict=True):
        by_plan[p.plan].append(state)
    total = len(card.actions)
    overdue = sum(a.overdue for a in card.actions)
    complete = closed_count(card.actions)
    summary = (
        f"{plural(total, 'action')} in {plural(len(by_plan), 'plan')}: {complete} complete "
        f"or closed, {overdue} overdue on {format_date(as_of)}"
    )
    plan_table = Table(
        caption=f"Actions by plan on {format_date(as_of)}",
        columns=(
            Column(key="plan", title="Plan"),
            Column(key="actions", title="Actions", kind="number"),
            Column(key="closed", title="Complete or closed", kind="number"),
            Column(key="open", title="Open", kind="number"),
            Column(key="overdue", title="Overdue", kind="number"),
        ),
        rows=tuple(
            _plan_row(plan, states, scope.committee_name) for plan, states in by_plan.items()
        ),
    )
    notes = [
        Paragraph(
            text="Overdue means past its due date and not complete, cancelled or ongoing "
            "(ongoing work has no end to be late for), whatever its status word says. Expected "
            "progress runs in a straight line from the start date to the due date; on track is "
            "at least 90% of it, monitor at least 70%, off track below. A complete action is on "
            "track; a cancelled one, and an ongoing one past its due date (the day its work was "
            "to be under way by), are not rated. An action's due date is the one in force on "
            "the day: a date revised by an update replaces the one before it from the update's "
            "day on, and the action is rated and counted overdue against it."
        ),
    ]
    placed = tuple(zip(planned, card.actions, strict=True))
    revised = revised_dates_table(
        framework,
        f"Revised due dates in force on {format_date(as_of)}",
        ((p.plan, s) for p, s in placed),
    )
    sections = (
        Section(heading="Summary", blocks=(*notes, plan_table)),
        Section(
            heading="Actions",
            blocks=(
                Table(
                    caption=f"Delivery and service plan actions on {format_date(as_of)}",
                    columns=_ACTION_COLUMNS,
                    rows=tuple(_action_row(framework, p.plan, s) for p, s in placed),
                ),
                *(() if revised is None else (revised,)),
            ),
        ),
    )
    return scope.report(
        framework, "actions", "actions report", str(period), as_of, sections, summary
    )
