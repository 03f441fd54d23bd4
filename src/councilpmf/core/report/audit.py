"""The audit report: every status the council published that its own rule contradicts, every
published status in words the council has not defined, and how many agree, indicator by
indicator (see :mod:`councilpmf.core.audit`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from councilpmf.core._coerce import as_date, as_period
from councilpmf.core.assess import Readings
from councilpmf.core.audit import (
    AuditEntry,
    RuleFit,
    audit_published,
    configured_fit,
    describe_rule,
    suggest_rules,
)
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import Period
from councilpmf.core.report.document import (
    Block,
    Cell,
    Column,
    NumberCell,
    Paragraph,
    Report,
    Row,
    Section,
    StatusCell,
    Table,
)
from councilpmf.core.report.shared import (
    Scope,
    index_of,
    missing_value_text,
    plural,
    scope_of,
    scope_paragraphs,
)
from councilpmf.core.rule import Rule

__all__ = ["ALL_PERIODS", "audit_report"]

ALL_PERIODS = "all periods"
"""What an audit report covering every period says its period is."""

_ENTRY_COLUMNS = (
    Column(key="indicator", title="Indicator"),
    Column(key="ref", title="Ref"),
    Column(key="period", title="Period"),
    Column(key="published", title="Published status", kind="status"),
    Column(key="rule", title="The council's rule gives", kind="status"),
    Column(key="value", title="Value", kind="number"),
    Column(key="target", title="Target", kind="number"),
    Column(key="why", title="Why"),
)
_UNKNOWN_COLUMNS = (
    Column(key="indicator", title="Indicator"),
    Column(key="ref", title="Ref"),
    Column(key="period", title="Period"),
    Column(key="published", title="Published words"),
    Column(key="rule", title="The council's rule gives", kind="status"),
    Column(key="why", title="Why"),
)
_COUNT_COLUMNS = (
    Column(key="indicator", title="Indicator"),
    Column(key="ref", title="Ref"),
    Column(key="published", title="Published statuses", kind="number"),
    Column(key="agree", title="Agree", kind="number"),
    Column(key="disagree", title="Disagree", kind="number"),
    Column(key="unknown", title="Unknown words", kind="number"),
)


def _places(framework: Framework, scope: Scope) -> dict[str, tuple[str, str]]:
    """Each indicator's ``(group, committee)``: the first theme, in plan order, it serves, and
    the report's committee or, for the whole council, every committee whose sets hold it."""
    themes: dict[str, str] = {}
    for theme in framework.plan.themes:
        for priority in theme.priorities:
            for indicator in priority.all_indicators():
                themes.setdefault(indicator, theme.name)
    watchers: dict[str, list[str]] = {}
    for committee in framework.committees if scope.committee is None else (scope.committee,):
        for indicator in {i for s in framework.sets_of(committee.id) for i in s.indicators}:
            watchers.setdefault(indicator, []).append(committee.name)
    return {
        i.id: (themes.get(i.id, ""), "; ".join(watchers.get(i.id, ())))
        for i in framework.indicators
    }


def _entry_row(entry: AuditEntry, place: tuple[str, str], index: Readings) -> Row:
    """A row of the disagreements table or, for a word the council has not defined (shown as
    the text it is, with no value or target), of the unknown words table. A value the reading
    does not have is shown with the reading's reason (:func:`missing_value_text`)."""
    indicator = entry.indicator
    cells: list[Cell] = [indicator.id, str(entry.period)]
    if entry.meaning is None:
        cells += [entry.published, StatusCell.of(entry.rating)]
    else:
        target = indicator.target_for(entry.period)
        cells += [
            StatusCell(word=entry.published, status=entry.meaning, symbol=entry.meaning.symbol),
            StatusCell.of(entry.rating),
            NumberCell(value=entry.value, text=_value_text(entry, index)),
            NumberCell(
                value=None if target is None else target.value,
                text=indicator.format_target(target),
            ),
        ]
    return Row(
        header=indicator.title,
        cells=(*cells, entry.why()),
        group=place[0],
        committee=place[1],
    )


def _value_text(entry: AuditEntry, index: Readings) -> str:
    """The audited value as shown: its reading's reason when it has none."""
    if entry.value is not None:
        return entry.indicator.format_value(entry.value)
    reading = index.get(entry.indicator.id, entry.period)
    return missing_value_text(None if reading is None else reading.missing_reason)


_FIT_COLUMNS = (
    Column(key="rule", title="Rule"),
    Column(key="parameters", title="Parameters"),
    Column(key="explained", title="Published statuses explained", kind="number"),
    Column(key="total", title="Of", kind="number"),
    Column(key="share", title="Share", kind="number"),
)


def _fit_row(header: str, fit: RuleFit) -> Row:
    share = None if fit.total == 0 else 100 * fit.explained / fit.total
    return Row(
        header=header,
        cells=(
            describe_rule(fit.rule).partition(": ")[2] or "none",
            fit.explained,
            fit.total,
            NumberCell(value=share, text="" if share is None else f"{share:.0f}%"),
        ),
    )


def _suggestions(
    framework: Framework,
    index: Readings,
    period: Period | None,
    scope: Scope,
    kinds: Mapping[str, type[Rule]],
) -> Section:
    fits = suggest_rules(framework, index, kinds, period, scope.indicators)
    own = configured_fit(framework, index, period, scope.indicators)
    overridden = sum(i.rule is not None for i in framework.indicators)
    mine = f"The council's rule ({own.rule.kind})"
    if overridden:
        own_rules = "a rule of its own" if overridden == 1 else "rules of their own"
        mine += f", and {plural(overridden, 'indicator')} with {own_rules}"
    return Section(
        heading="Suggested rules",
        blocks=(
            Paragraph(
                text="For each kind of rule, the parameters that explain the most published "
                "statuses when every indicator is rated by it, keeping each indicator's "
                "polarity and targets; best first. Statuses in words the council has not "
                "defined are left out."
            ),
            Table(
                caption="Rules that explain the published statuses",
                columns=_FIT_COLUMNS,
                rows=(
                    _fit_row(mine, own),
                    *(_fit_row(fit.rule.kind, fit) for fit in fits),
                ),
            ),
        ),
    )


def audit_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str | None,
    as_of: dt.date | str,
    committee: str | None = None,
    *,
    suggest: Mapping[str, type[Rule]] | None = None,
) -> Report:
    """The audit of published ratings for the readings of periods within ``period`` (every
    period when None) of the indicators a committee watches (all of them without one): the
    published statuses the council's rule contradicts, those in words it has not defined, and
    the count that agree for each indicator. With ``suggest`` (rule kinds by name), a last
    section gives, for each kind, the parameters that explain the most published statuses
    (:func:`~councilpmf.core.audit.suggest_rules`). ``as_of`` dates the report; the audit
    itself does not depend on it."""
    as_of = as_date(as_of, "as_of")
    if period is not None:
        period = as_period(period, "period", framework.year_start_month)
    scope = scope_of(framework, committee)
    index = index_of(framework, readings)
    audit = audit_published(framework, index, period, scope.indicators)
    places = _places(framework, scope)
    agree, disagree, unknown = audit.counts()
    when = ALL_PERIODS if period is None else str(period)
    summary = (
        f"{plural(len(audit.entries), 'published status', 'published statuses')}: {agree} "
        f"agree with the council's rule, {disagree} disagree, {unknown} in words the council "
        "has not defined"
    )
    notes: list[Block] = [
        *scope_paragraphs(framework, scope),
        Paragraph(
            text="Each status the council published is compared with the status its own rating "
            "rule gives the same value; grey, not rated and no data count as one."
        ),
    ]
    by_indicator: dict[str, list[AuditEntry]] = {}
    for entry in audit.entries:
        by_indicator.setdefault(entry.indicator.id, []).append(entry)
    counts = Table(
        caption=f"Published statuses against the council's rule, {when}",
        columns=_COUNT_COLUMNS,
        rows=tuple(
            Row(
                header=entries[0].indicator.title,
                cells=(
                    indicator_id,
                    len(entries),
                    sum(e.agrees for e in entries),
                    sum(e.known and not e.agrees for e in entries),
                    sum(not e.known for e in entries),
                ),
                group=places[indicator_id][0],
                committee=places[indicator_id][1],
            )
            for indicator_id, entries in by_indicator.items()
        ),
    )
    disagreements: list[Block] = [
        Table(
            caption=f"Published statuses the council's rule contradicts, {when}",
            columns=_ENTRY_COLUMNS,
            rows=tuple(_entry_row(e, places[e.indicator.id], index) for e in audit.disagreements),
        )
        if audit.disagreements
        else Paragraph(text="No published status disagrees with the council's rule.")
    ]
    unknown_words: list[Block] = [
        Table(
            caption=f"Published statuses in words the council has not defined, {when}",
            columns=_UNKNOWN_COLUMNS,
            rows=tuple(_entry_row(e, places[e.indicator.id], index) for e in audit.unknown_words),
        )
        if audit.unknown_words
        else Paragraph(text="Every published status is in words the council has defined.")
    ]
    sections: tuple[Section, ...] = (
        Section(heading="Summary", blocks=(*notes, counts)),
        Section(heading="Disagreements", blocks=tuple(disagreements)),
        Section(heading="Unknown words", blocks=tuple(unknown_words)),
    )
    if suggest is not None:
        sections += (_suggestions(framework, index, period, scope, suggest),)
    return scope.report(
        framework, "audit", "audit of published ratings", when, as_of, sections, summary
    )
