"""What the report builders share: whose report it is, the words they use, the rows' groups.

Each report kind has its own module (:mod:`~councilpmf.core.report.performance` and the rest);
this one holds what more than one of them needs, so that every kind words a count, names a
committee and scopes its indicators the same way.

>>> plural(1, "action"), plural(3, "action"), plural(2, "red indicator has", "red indicators have")
('1 action', '3 actions', '2 red indicators have')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from councilpmf.core._coerce import as_date, as_period
from councilpmf.core.actions import ActionState
from councilpmf.core.approval import awaits_approval, blank
from councilpmf.core.assess import IndicatorResult, Readings, Scorecard, StatusCount
from councilpmf.core.calculated import with_calculated
from councilpmf.core.errors import AmbiguousNameError, UnknownNameError
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee
from councilpmf.core.indicators import Approval, Reading, ReadingStatus
from councilpmf.core.periods import Period
from councilpmf.core.rag import Status
from councilpmf.core.report.document import (
    Column,
    DateCell,
    NumberCell,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
)

__all__ = [
    "NO_OWNER",
    "STATUS_COLUMNS",
    "Scope",
    "asked_for",
    "closed_count",
    "committee_name",
    "count_words",
    "due_cell",
    "index_of",
    "indicator_places",
    "marks",
    "missing_value_text",
    "owner_text",
    "plural",
    "revised_dates_table",
    "scope_of",
    "scope_paragraphs",
    "value_cell",
    "yes_no",
]


STATUS_COLUMNS = tuple(Column(key=s.name.lower(), title=s.word, kind="number") for s in Status)
"""A number column per status, in status order: the counts of a roll-up."""


@attrs.frozen
class Scope:
    """Whose report it is and which indicators it covers (None: every indicator)."""

    committee: Committee | None
    indicators: tuple[str, ...] | None
    unknown: tuple[str, ...]

    def name(self, framework: Framework) -> str:
        """The committee's name, or the council's for a whole-council report."""
        return framework.organisation if self.committee is None else self.committee.name

    @property
    def committee_name(self) -> str:
        """The committee's name, or "" for a whole-council report."""
        return "" if self.committee is None else self.committee.name

    def report(
        self,
        framework: Framework,
        kind: str,
        what: str,
        period: str,
        as_of: dt.date,
        sections: tuple[Section, ...],
        summary: str,
    ) -> Report:
        """The report of ``kind`` for this scope: "Cabinet: performance report, 2024/25 Q3"."""
        return Report(
            kind=kind,
            title=f"{self.name(framework)}: {what}, {period}",
            council=framework.organisation,
            committee=None if self.committee is None else self.committee.name,
            period=period,
            as_of=as_of,
            sections=sections,
            summary=summary + ".",
        )


def scope_of(framework: Framework, committee: str | None) -> Scope:
    """The scope of a report for a committee (None: the whole council), named by its id or its
    name as a reader sees it, as an action's lead committee is; an
    :class:`UnknownNameError` (a ValueError) naming the known committees for one that names
    none, an :class:`AmbiguousNameError` (a ValueError) listing the committees for one that
    more than one committee answers to."""
    if committee is None:
        return Scope(None, None, ())
    found = framework.committee_named(committee)
    if found is None:
        known = ", ".join(c.id for c in framework.committees)
        where = f"the committees are {known}" if known else "this framework has no committees"
        raise UnknownNameError(f"unknown committee {committee!r}; {where}")
    named = tuple(dict.fromkeys(i for s in framework.sets_of(found.id) for i in s.indicators))
    known_ids = tuple(i for i in named if framework.has_indicator(i))
    unknown = tuple(i for i in named if not framework.has_indicator(i))
    return Scope(found, known_ids, unknown)


def index_of(framework: Framework, readings: Readings | Iterable[Reading]) -> Readings:
    """Readings indexed once (an index is used as it is), with the calculated indicators'
    values worked out."""
    index = readings if isinstance(readings, Readings) else Readings.of(readings)
    return with_calculated(framework, index)


def count_words(counts: Iterable[StatusCount]) -> str:
    """Counts in words, "1 blue, 6 green", or "none"."""
    words = [f"{c.count} {c.status.value}" for c in counts if c.count]
    return ", ".join(words) if words else "none"


def asked_for(
    framework: Framework, period: Period | str, as_of: dt.date | str
) -> tuple[Period, dt.date]:
    """The period and the day a report is asked for, either given as text as
    :func:`~councilpmf.core.assess.assess` takes them (the period read with the framework's
    year start), or a one-line error naming ``period`` or ``as_of``.

    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"))
    >>> asked_for(fw, "2024/25 Q3", "2025-01-20")
    (Quarter(year=2024, number=3, start_month=4), datetime.date(2025, 1, 20))
    """
    return as_period(period, "period", framework.year_start_month), as_date(as_of, "as_of")


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the word for that many."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def committee_name(framework: Framework, value: str | None) -> str:
    """A lead committee by its committee's name: a committee's id, or its id or name written in
    another case or spacing, becomes its name; text naming no committee, or more than one,
    stays as written."""
    if not value:
        return ""
    try:
        named = framework.committee_named(value)
    except AmbiguousNameError:
        return value
    return value if named is None else named.name


def indicator_places(
    framework: Framework, scope: Scope, card: Scorecard
) -> dict[str, tuple[str, str]]:
    """Where each assessed indicator's row belongs: its ``(group, committee)``. The group is
    the first theme, in plan order, that it serves ("" for none); the committee is the report's,
    or for a whole-council report every committee whose indicator sets hold it, joined by "; "
    ("" for none)."""
    themes: dict[str, str] = {}
    for theme in card.themes:
        for indicator in theme.indicators:
            themes.setdefault(indicator, theme.name)
    watchers: dict[str, list[str]] = {}
    if scope.committee is None:
        for committee in framework.committees:
            held = {i for s in framework.sets_of(committee.id) for i in s.indicators}
            for indicator in held:
                watchers.setdefault(indicator, []).append(committee.name)
    else:
        watchers = {r.indicator: [scope.committee.name] for r in card.indicators}
    return {
        r.indicator: (themes.get(r.indicator, ""), "; ".join(watchers.get(r.indicator, ())))
        for r in card.indicators
    }


def scope_paragraphs(framework: Framework, scope: Scope) -> list[Paragraph]:
    """What a committee's report covers, and any indicator ids left out as unknown."""
    paragraphs = []
    if scope.committee is not None:
        sets = framework.sets_of(scope.committee.id)
        if not sets:
            paragraphs.append(Paragraph(text=f"{scope.committee.name} has no indicator set."))
        else:
            titles = "; ".join(s.title or s.level.value for s in sets)
            paragraphs.append(
                Paragraph(
                    text=f"The indicators {scope.committee.name} watches ({titles}), "
                    "in the order of its set."
                )
            )
    if scope.unknown:
        paragraphs.append(
            Paragraph(
                text="Left out because the framework has no such indicator: "
                + ", ".join(scope.unknown)
                + "."
            )
        )
    return paragraphs


def marks(*, provisional: bool = False, approval: Approval = Approval.APPROVED) -> str:
    """How a report marks a figure that may yet change: provisional, or not yet approved (a
    draft, or submitted for approval), both when it is both; "" for a final, approved figure.

    >>> marks(provisional=True), marks(approval=Approval.DRAFT), marks()
    (' (provisional)', ' (draft)', '')
    >>> marks(provisional=True, approval=Approval.SUBMITTED)
    ' (provisional, submitted)'
    """
    words = ["provisional"] if provisional else []
    if approval is not Approval.APPROVED:
        words.append(approval.value)
    return f" ({', '.join(words)})" if words else ""


def missing_value_text(
    reason: str | None, *, provisional: bool = False, approval: Approval = Approval.APPROVED
) -> str:
    """What a report shows in place of a value a reading does not have: "no data", marked as
    the reading is (:func:`marks`), and, when the reading says why, its reason, so that a
    committee can tell a paused survey from a late return (which has no reading, and no
    reason); "awaiting approval" for a figure a report of approved figures leaves out
    (:func:`~councilpmf.core.approval.approved_only`), and for a calculated value, which of
    its inputs awaits it.

    >>> missing_value_text("survey paused")
    'no data: survey paused'
    >>> missing_value_text(None), missing_value_text("awaiting approval")
    ('no data', 'awaiting approval')
    >>> missing_value_text("awaiting approval: N in 2024/25 Q3 is not yet approved")
    'awaiting approval: N in 2024/25 Q3 is not yet approved'
    >>> missing_value_text("return delayed", provisional=True, approval=Approval.DRAFT)
    'no data (provisional, draft): return delayed'
    """
    if awaits_approval(reason):
        return reason
    text = "no data" + marks(provisional=provisional, approval=approval)
    why = (reason or "").strip()
    return f"{text}: {why}" if why else text


def value_cell(result: IndicatorResult) -> NumberCell:
    """An indicator's value as shown, marked when the reading is provisional or not yet
    approved (:func:`marks`); in place of a value it does not have, why
    (:func:`missing_value_text`). The cell's number stays the number, or None."""
    provisional = result.reading_status is ReadingStatus.PROVISIONAL
    if result.value is None:
        text = missing_value_text(
            result.missing_reason, provisional=provisional, approval=result.approval
        )
    else:
        text = result.value_text + marks(provisional=provisional, approval=result.approval)
    return NumberCell(value=result.value, text=text)


NO_OWNER = "No owner named"
"""What an owner's cell says when nobody is named: a blank cell reads as missing data."""


def owner_text(*owners: str) -> str:
    """Who owns an indicator, an action or a risk, as its cell says it: the names a reader can
    see, ``"; "`` between them, or :data:`NO_OWNER`.

    >>> owner_text("Head of Finance", "Jo Bloggs"), owner_text(), owner_text(" ", "\u200b")
    ('Head of Finance; Jo Bloggs', 'No owner named', 'No owner named')
    """
    return "; ".join(name for name in owners if not blank(name)) or NO_OWNER


def yes_no(flag: bool) -> str:
    """A flag as a council writes it."""
    return "Yes" if flag else "No"


def closed_count(states: Iterable[ActionState]) -> int:
    """How many actions are complete or closed."""
    return sum(s.meaning is not None and s.meaning.closed for s in states)


def due_cell(state: ActionState) -> DateCell:
    """An action's due date in force on the report's day, with the date it was revised from
    (``30 Jun 2025 (revised from 31 Mar 2025)``), or its timescale when it has no date."""
    return DateCell(value=state.due, text=state.due_text)


_REVISED_COLUMNS = (
    Column(key="ref", title="Ref"),
    Column(key="title", title="Action"),
    Column(key="due", title="Due", kind="date"),
    Column(key="was", title="Was due", kind="date"),
    Column(key="revised", title="Revised on", kind="date"),
    Column(key="why", title="Why"),
)


def revised_dates_table(
    framework: Framework, caption: str, states: Iterable[tuple[str, ActionState]]
) -> Table | None:
    """The actions whose due date in force was revised, each with its group (a plan, a
    recommendation) and lead committee, as in their own table: the date in force, the date
    before it, when and why it was revised; None when no date was."""
    rows = tuple(
        Row(
            header=state.ref,
            cells=(
                state.title,
                DateCell.of(state.due),
                DateCell.of(state.revision.was, "no due date"),
                DateCell.of(state.revision.on),
                state.revision.why,
            ),
            group=group,
            committee=committee_name(framework, state.lead_committee),
        )
        for group, state in states
        if state.revision is not None
    )
    return Table(caption=caption, columns=_REVISED_COLUMNS, rows=rows) if rows else None
