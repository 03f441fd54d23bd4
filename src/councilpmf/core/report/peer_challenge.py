"""The peer-challenge report: the LGA milestones, then each recommendation with the council's
response and its actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from councilpmf.core.actions import ActionState, assess_action, format_date
from councilpmf.core.assess import Readings
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.peer_challenge import PeerChallenge, milestones
from councilpmf.core.periods import Period
from councilpmf.core.report.document import (
    Block,
    Column,
    DateCell,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
)
from councilpmf.core.report.shared import (
    Scope,
    asked_for,
    closed_count,
    committee_name,
    due_cell,
    owner_text,
    plural,
    revised_dates_table,
    scope_of,
    yes_no,
)

__all__ = ["peer_challenge_report"]

_PC_ACTION_COLUMNS = (
    Column(key="ref", title="Ref"),
    Column(key="title", title="Action"),
    Column(key="timescale", title="Timescale"),
    Column(key="due", title="Due", kind="date"),
    Column(key="status", title="Status"),
    Column(key="meaning", title="Meaning"),
    Column(key="owners", title="Responsible officer"),
    Column(key="lead_committee", title="Lead committee"),
    Column(key="overdue", title="Overdue"),
)

_MILESTONE_COLUMNS = (
    Column(key="milestone", title="Milestone"),
    Column(key="expected", title="Expected by", kind="date"),
    Column(key="latest", title="At the latest", kind="date"),
    Column(key="done", title="Done", kind="date"),
    Column(key="state", title="State"),
)


def _done_cell(done: dt.date | bool | None) -> DateCell:
    if done is True:
        return DateCell.of(None, "done, date not recorded")
    return DateCell.of(done or None, "not yet done")


def _milestone_table(challenge: PeerChallenge, as_of: dt.date, committee: str) -> Table:
    return Table(
        caption=f"LGA milestones on {format_date(as_of)}",
        columns=_MILESTONE_COLUMNS,
        rows=tuple(
            Row(
                header=m.name,
                cells=(
                    DateCell.of(m.expected, "unknown"),
                    DateCell.of(m.latest, "unknown"),
                    _done_cell(m.done),
                    m.state.word,
                ),
                group=challenge.title,
                committee=committee,
            )
            for m in milestones(challenge, as_of)
        ),
    )


def _feedback_report(published: dt.date | bool | None, as_of: dt.date) -> str:
    """Whether the peer team's feedback report was published by ``as_of``, and when. The LGA
    milestones stay measured from the visit, as the LGA sets them, not from this day."""
    if published is True:
        return "Feedback report published; the date is not recorded."
    if isinstance(published, dt.date) and published <= as_of:
        return f"Feedback report published {format_date(published)}."
    return "Feedback report not recorded as published."


def _action_row(framework: Framework, state: ActionState, group: str) -> Row:
    lead = committee_name(framework, state.lead_committee)
    return Row(
        header=state.ref,
        cells=(
            state.title,
            state.timescale,
            due_cell(state),
            state.status_text,
            state.meaning_text,
            owner_text(*state.owners),
            lead,
            yes_no(state.overdue),
        ),
        group=group,
        committee=lead,
    )


def _challenge_sections(
    framework: Framework, scope: Scope, challenge: PeerChallenge, as_of: dt.date, prefix: str
) -> tuple[list[Section], int, int, int]:
    if challenge.visited is None:
        visit = "The visit date is not recorded, so when each LGA milestone is due is unknown."
    elif challenge.visited > as_of:  # booked ahead: not yet visited on as_of
        visit = (
            f"The peer team visits on {format_date(challenge.visited)}, after {format_date(as_of)}."
        )
    else:
        visit = f"Visited {format_date(challenge.visited)}."
    about: list[Block] = [
        Paragraph(text=visit),
        Paragraph(text=_feedback_report(challenge.report_published, as_of)),
    ]
    if challenge.team:
        about.append(Paragraph(text="Peer team: " + "; ".join(challenge.team) + "."))
    about.append(_milestone_table(challenge, as_of, scope.committee_name))
    sections = [Section(heading=challenge.title, blocks=tuple(about))]
    actions = overdue = closed = 0
    set_under = {a.ref: rec.number for rec in challenge.recommendations for a in rec.actions}
    for rec in challenge.recommendations:
        states = [assess_action(a, as_of, framework.vocabulary) for a in challenge.answers(rec)]
        own = states[: len(rec.actions)]  # each action is counted once, where it is set
        actions += len(own)
        overdue += sum(s.overdue for s in own)
        closed += closed_count(own)
        heading = f"{prefix}Recommendation {rec.number}"
        blocks: list[Block] = [Paragraph(text=rec.text)]
        if rec.response:
            blocks.append(Paragraph(text=f"The council's response: {rec.response}"))
        blocks.extend(
            Paragraph(
                text=f"Action {ref} is set under recommendation {set_under[ref]} "
                "and answers this one too."
            )
            for ref in rec.also_answered_by
        )
        if not states:
            # said in words, as an empty table alone reads as one that failed to fill
            blocks.append(Paragraph(text=f"No action is set for recommendation {rec.number}."))
        blocks.append(
            Table(
                caption=f"Actions for recommendation {rec.number}",
                columns=_PC_ACTION_COLUMNS,
                rows=tuple(_action_row(framework, s, heading) for s in states),
            )
        )
        revised = revised_dates_table(
            framework,
            f"Revised due dates of actions for recommendation {rec.number}",
            ((heading, s) for s in states),
        )
        if revised is not None:
            blocks.append(revised)
        sections.append(Section(heading=heading, blocks=tuple(blocks)))
    return sections, actions, closed, overdue


def peer_challenge_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str,
    as_of: dt.date | str,
    committee: str | None = None,
) -> Report:
    """The peer-challenge report: the LGA milestones, then each recommendation with the
    council's response and its actions (ref, title, timescale, status, responsible officer,
    lead committee, overdue on ``as_of``). Readings are not needed; the parameter keeps every
    builder's signature the same."""
    period, as_of = asked_for(framework, period, as_of)
    del readings  # a peer challenge is about actions, not indicators
    scope = scope_of(framework, committee)
    sections: list[Section] = []
    recommendations = actions = closed = overdue = 0
    many = len(framework.peer_challenges) > 1
    for challenge in framework.peer_challenges:
        prefix = f"{challenge.title}: " if many else ""
        found, n, c, o = _challenge_sections(framework, scope, challenge, as_of, prefix)
        sections += found
        recommendations += len(challenge.recommendations)
        actions, closed, overdue = actions + n, closed + c, overdue + o
    if framework.peer_challenges:
        summary = (
            f"{plural(recommendations, 'recommendation')} and {plural(actions, 'action')}: "
            f"{closed} complete or closed, {overdue} overdue on {format_date(as_of)}"
        )
    else:
        summary = "No peer challenge is recorded"
    return scope.report(
        framework,
        "peer-challenge",
        "peer challenge report",
        str(period),
        as_of,
        tuple(sections),
        summary,
    )
