"""Show councilpmf's records in Jupyter, and turn them into pandas or polars DataFrames.

This module gives :class:`~councilpmf.Scorecard`, :class:`~councilpmf.core.report.Report`,
:class:`~councilpmf.Indicator` and :class:`~councilpmf.StrategicPlan` the methods Jupyter looks
for, ``_repr_html_`` and ``_repr_markdown_``, and a scorecard, :class:`~councilpmf.Readings`,
a plan diff and a delivery or service plan (its actions) ``to_pandas()`` and ``to_polars()``
methods, whose columns :mod:`councilpmf.dataframes` builds.
Everything from the data is escaped: HTML with :func:`html.escape` after
:func:`councilpmf.escape.readable`, as the html format does, Markdown with
:func:`councilpmf.escape.markdown`, as the markdown format does. It is not imported with
:mod:`councilpmf`: those classes carry small stand-ins (:mod:`councilpmf._display`) whose first
call imports this module, which puts the real methods in their place, so ``import councilpmf``
stays as quick as starting Python.

The methods are attached from here, outside the pure core, rather than written in the core
classes: a report is shown in the ``html`` and ``markdown`` report formats, found through the
plugins like any other format, and the core must not import them (the import-linter contracts
follow imports made inside functions too). The plugins, pandas and polars are imported only
when something is shown or converted, so ``import councilpmf`` stays light and both libraries
stay optional: ``pip install "councilpmf[pandas]"``, ``pip install "councilpmf[frames]"``.

The same functions can be called directly: :func:`scorecard_html`, :func:`report_markdown`,
:func:`to_pandas` and the rest.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from councilpmf import fragments
from councilpmf.core.actions import (
    DEFAULT_VOCABULARY,
    NOT_RECORDED,
    Action,
    StatusVocabulary,
    due_text,
    format_date,
    percent_text,
)
from councilpmf.core.assess import IndicatorResult, Readings, Scorecard
from councilpmf.core.diff import PlanDiff
from councilpmf.core.findings import Findings
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator
from councilpmf.core.plan import DeliveryPlan, ServicePlan, StrategicPlan
from councilpmf.core.report import Column, ColumnKind, NumberCell, Report, Row, Table
from councilpmf.core.report.shared import value_cell
from councilpmf.dataframes import SCORECARD_COLUMNS, import_optional, table_of
from councilpmf.escape import markdown as markdown_text
from councilpmf.escape import readable

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "action_html",
    "delivery_plan_html",
    "diff_html",
    "findings_html",
    "framework_html",
    "import_optional",
    "indicator_html",
    "indicator_markdown",
    "install",
    "plan_html",
    "plan_markdown",
    "report_html",
    "report_markdown",
    "scorecard_html",
    "scorecard_markdown",
    "service_plan_html",
    "to_pandas",
    "to_polars",
]

COLUMNS: tuple[str, ...] = tuple(name for name, _ in SCORECARD_COLUMNS)
"""The columns of a scorecard's :func:`to_pandas` and ``to_polars()``, in order."""


MAX_ROWS = 500
"""The most rows a table shows in a notebook: a longer one shows its first ``MAX_ROWS`` and says
how many it holds, so a huge scorecard or list of findings does not hang the browser or swell the
notebook file. Set it to show more; ``to_pandas()`` and ``to_polars()`` give every row."""

_STATUS_RULE = re.compile(r"^\.status-[a-z-]+ \{[^}\n]*\}$", re.MULTILINE)


def _e(text: object) -> str:
    return html.escape(readable(str(text)), quote=True)


def _more(count: int) -> str:
    """What a table of ``count`` rows leaves out in a notebook: a sentence, or "" for none."""
    if count <= MAX_ROWS:
        return ""
    return (
        f"Showing the first {MAX_ROWS:,} of {count:,} rows; "
        "set councilpmf.notebook.MAX_ROWS to show more."
    )


# -- scorecard -------------------------------------------------------------------------------------


def _caption(card: Scorecard) -> str:
    return f"{card.organisation}: scorecard, {card.period} (as of {card.as_of.isoformat()})"


def _cells(r: IndicatorResult) -> tuple[str, str, str, str, str, str]:
    return (
        f"{r.title} ({r.indicator})",
        value_cell(r).text,  # as reports show it: a missing value explained, a draft marked
        r.target_text,
        f"{r.rating.status.symbol} {r.rating.label}",
        r.short_term.direction.word,
        r.long_term.direction.word,
    )


def _counts(card: Scorecard) -> str:
    """How many indicators have each status ("Green 12, Red 3"), or "No indicators"."""
    counts = ", ".join(f"{c.status.word} {c.count}" for c in card.counts() if c.count)
    return counts or "No indicators"


_HEADINGS = ("Indicator", "Value", "Target", "Rating", "Short term", "Long term")


def scorecard_html(card: Scorecard) -> str:
    """A compact HTML table: indicator, value, target, rating (symbol and word), travel."""
    head = "".join(f'<th scope="col">{h}</th>' for h in _HEADINGS)
    rows = []
    for r in card.indicators[:MAX_ROWS]:
        first, *rest = _cells(r)
        tds = "".join(f"<td>{_e(c)}</td>" for c in rest)
        rows.append(f'<tr><th scope="row">{_e(first)}</th>{tds}</tr>')
    more = _more(len(card.indicators))
    return (
        '<table class="councilpmf-scorecard">'
        f"<caption>{_e(_caption(card))}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + (f"<p>{_e(more)}</p>" if more else "")
        + f"<p>{_e(_counts(card))}</p>"
    )


def scorecard_markdown(card: Scorecard) -> str:
    """The scorecard as a Markdown pipe table with a caption line, then the count of each
    status."""
    lines = [f"**{markdown_text(_caption(card))}**", ""]
    lines.append("| " + " | ".join(_HEADINGS) + " |")
    lines.append("| --- | ---: | ---: | --- | --- | --- |")
    for r in card.indicators[:MAX_ROWS]:
        lines.append("| " + " | ".join(markdown_text(c) for c in _cells(r)) + " |")
    more = _more(len(card.indicators))
    if more:
        lines += ["", markdown_text(more)]
    lines += ["", markdown_text(_counts(card))]
    return "\n".join(lines) + "\n"


def to_pandas(source: object) -> Any:
    """A scorecard, readings, a plan diff or a plan's actions as a pandas DataFrame (see
    :mod:`councilpmf.dataframes`). Needs pandas: ``pip install "councilpmf[pandas]"``."""
    return table_of(source).to_pandas()


def to_polars(source: object) -> Any:
    """A scorecard, readings, a plan diff or a plan's actions as a polars DataFrame (see
    :mod:`councilpmf.dataframes`). Needs polars: ``pip install "councilpmf[frames]"``."""
    return table_of(source).to_polars()


# -- report ----------------------------------------------------------------------------------------


def report_html(report: Report) -> str:
    """The report as an HTML fragment for a notebook: the bundled html format's page body (its
    ``<main>``, without ``<html>``, ``<head>`` or page-wide styles), with the status colours
    scoped to the fragment."""
    page = _render("html", report)
    # Data is escaped, so the first "<main>" and the last "</main>" are the template's own, and
    # the status rules are in the template's style sheet.
    body = page[page.index("<main>") + len("<main>") : page.rindex("</main>")]
    rules = [
        ".councilpmf-report .status { display: inline-block; padding: 0 0.4rem; "
        "border: 1px solid; border-left-width: 0.4rem; color: #0B0C0C; }"
    ]
    rules += [f".councilpmf-report {rule}" for rule in _STATUS_RULE.findall(page)]
    style = "<style>\n" + "\n".join(rules) + "\n</style>\n"
    return f'{style}<div class="councilpmf-report">{body}</div>'


def report_markdown(report: Report) -> str:
    """The report as the markdown format writes it."""
    return _render("markdown", report)


def _render(name: str, report: Report) -> str:
    """The report in the format ``name``, as the installed formats render it."""
    from councilpmf.plugins import report_formats

    text = report_formats()[name].render(report)
    return text if isinstance(text, str) else text.decode("utf-8")


# -- indicator -------------------------------------------------------------------------------------


def _indicator_fields(ind: Indicator) -> list[tuple[str, str]]:
    fields = [
        ("Definition", ind.definition),
        ("Unit", ind.unit.value),
        ("Polarity", ind.polarity.value),
        ("Frequency", ind.frequency.value),
        ("Aggregation", ind.aggregation.value),
        ("Owner", ind.owner),
        ("Source", ind.source),
    ]
    if ind.baseline is not None:
        fields.append(
            ("Baseline", f"{ind.format_value(ind.baseline.value)} ({ind.baseline.period})")
        )
    if ind.calculation is not None:
        fields.append(("Calculated as", str(ind.calculation)))
    if ind.rule is not None:
        fields.append(("Rule", ind.rule.kind))
    if ind.external_ids:
        fields.append(("External ids", ", ".join(f"{x.scheme}: {x.id}" for x in ind.external_ids)))
    return [(name, value) for name, value in fields if value]


def _targets(ind: Indicator) -> list[tuple[str, str]]:
    return [(str(t.period), ind.format_target(t)) for t in ind.targets]


def indicator_html(ind: Indicator) -> str:
    """The indicator's fields as a definition list, and its targets as a table."""
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in _indicator_fields(ind))
    out = [
        '<div class="councilpmf-indicator">',
        f"<p><strong>{_e(ind.id)}: {_e(ind.title)}</strong></p>",
        f"<dl>{items}</dl>",
    ]
    if ind.targets:
        rows = "".join(
            f'<tr><th scope="row">{_e(p)}</th><td>{_e(t)}</td></tr>' for p, t in _targets(ind)
        )
        out.append(
            f"<table><caption>Targets for {_e(ind.id)}</caption>"
            '<thead><tr><th scope="col">Period</th><th scope="col">Target</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    else:
        out.append("<p>No targets.</p>")
    out.append("</div>")
    return "".join(out)


def indicator_markdown(ind: Indicator) -> str:
    """The indicator's fields and targets as Markdown."""
    lines = [f"**{markdown_text(ind.id)}: {markdown_text(ind.title)}**", ""]
    lines += [f"- **{markdown_text(k)}:** {markdown_text(v)}" for k, v in _indicator_fields(ind)]
    lines.append("")
    if ind.targets:
        lines += ["| Period | Target |", "| --- | ---: |"]
        lines += [f"| {markdown_text(p)} | {markdown_text(t)} |" for p, t in _targets(ind)]
    else:
        lines.append("No targets.")
    return "\n".join(lines) + "\n"


# -- plan ------------------------------------------------------------------------------------------


def _ids(indicators: Iterable[str]) -> str:
    ids = list(indicators)
    return f" (indicators: {', '.join(ids)})" if ids else ""


def plan_html(plan: StrategicPlan) -> str:
    """The plan: title, vision, values, and themes with their ambitions and priorities as nested
    lists."""
    out = [
        '<div class="councilpmf-plan">',
        f"<p><strong>{_e(plan.title)}</strong>, {_e(plan.organisation)}</p>",
    ]
    if plan.vision:
        out.append(f"<p><em>Vision:</em> {_e(plan.vision)}</p>")
    if plan.values:
        out.append("<p><em>Values:</em> " + _e(", ".join(plan.values)) + "</p>")
    out.append("<ol>")
    for theme in plan.themes:
        ambition = f": {_e(theme.ambition)}" if theme.ambition else ""
        out.append(f"<li><strong>{_e(theme.name)}</strong> ({_e(theme.id)}){ambition}<ul>")
        for p in theme.priorities:
            out.append(f"<li>{_e(p.statement)} ({_e(p.id)}){_e(_ids(p.all_indicators()))}</li>")
        out.append("</ul></li>")
    out.append("</ol></div>")
    return "".join(out)


def plan_markdown(plan: StrategicPlan) -> str:
    """The plan as nested Markdown lists."""
    lines = [f"**{markdown_text(plan.title)}**, {markdown_text(plan.organisation)}", ""]
    if plan.vision:
        lines += [f"*Vision:* {markdown_text(plan.vision)}", ""]
    if plan.values:
        lines += [f"*Values:* {markdown_text(', '.join(plan.values))}", ""]
    for n, theme in enumerate(plan.themes, 1):
        ambition = f": {markdown_text(theme.ambition)}" if theme.ambition else ""
        lines.append(f"{n}. **{markdown_text(theme.name)}** ({markdown_text(theme.id)}){ambition}")
        for p in theme.priorities:
            text = f"{p.statement} ({p.id}){_ids(p.all_indicators())}"
            lines.append(f"    - {markdown_text(text)}")
    return "\n".join(lines) + "\n"


# -- framework, plans, actions, diffs and findings ------------------------------------------------
# Each is shown as one or more accessible tables (councilpmf.fragments.table: a caption, column
# and row header cells), built as report-document tables; a severity or a kind of change is its
# symbol and its word.


def _column(title: str, kind: ColumnKind = "text") -> Column:
    return Column(key=title.casefold().replace(" ", "_"), title=title, kind=kind)


def _bounded(table: Table) -> str:
    """The table as HTML, its first :data:`MAX_ROWS` rows and a note of how many it holds."""
    more = _more(len(table.rows))
    if not more:
        return fragments.table(table)
    return fragments.table(attrs.evolve(table, rows=table.rows[:MAX_ROWS])) + f"<p>{_e(more)}</p>"


def _tables(css: str, heading: str, tables: Iterable[Table | None]) -> str:
    shown = "".join(_bounded(t) for t in tables if t is not None and t.rows)
    return f'<div class="{css}"><p><strong>{_e(heading)}</strong></p>{shown}</div>'


def _done(done: dt.date | bool | None) -> str:
    if done is True:
        return "done, date not recorded"
    return format_date(done) if isinstance(done, dt.date) else "not yet"


def _latest(action: Action) -> tuple[str | None, float | None]:
    """The action's status word and percent complete after all its updates, as
    :func:`councilpmf.dataframes.actions_table` shows them without a day."""
    return action.current(dt.date.max)


def _due(action: Action) -> str:
    """The action's due date after all its updates, with the date it was revised from."""
    return due_text(*action.due_on(dt.date.max), action.timescale)


def _status(action: Action, vocabulary: StatusVocabulary) -> str:
    status = _latest(action)[0]
    if status is None:
        return NOT_RECORDED
    meaning = vocabulary.meaning_of(status)
    return status if meaning is None else f"{status} ({meaning.value})"


def _percent(action: Action) -> str:
    percent = _latest(action)[1]
    return "" if percent is None else percent_text(percent, as_recorded=True)


_ACTION_COLUMNS = (
    _column("Action"),
    _column("Ref"),
    _column("Status"),
    _column("Due"),
    _column("Complete", "number"),
    _column("Owners"),
    _column("Serves"),
)


def _action_row(action: Action, vocabulary: StatusVocabulary, group: str = "") -> Row:
    percent = _latest(action)[1]
    return Row(
        header=action.title,
        cells=(
            action.ref,
            _status(action, vocabulary),
            _due(action),
            None if percent is None else NumberCell(value=percent, text=_percent(action)),
            ", ".join(action.owners),
            ", ".join(action.serves),
        ),
        group=group,
    )


def _actions_table(
    caption: str, actions: Iterable[Action], vocabulary: StatusVocabulary = DEFAULT_VOCABULARY
) -> Table:
    rows = tuple(_action_row(a, vocabulary) for a in actions)
    return Table(caption=caption, columns=_ACTION_COLUMNS, rows=rows)


def _plan_heading(plan: DeliveryPlan | ServicePlan, title: str) -> str:
    year = "" if plan.year is None else f", {plan.year}"
    lead = f" (lead: {plan.lead})" if plan.lead else ""
    return f"{title} ({plan.id}){year}{lead}"


def delivery_plan_html(plan: DeliveryPlan) -> str:
    """The delivery plan's actions as a table: ref, status (with its meaning), due date,
    percent complete, owners and the priorities each serves."""
    heading = _plan_heading(plan, plan.title)
    return _tables(
        "councilpmf-plan", heading, [_actions_table(f"Actions: {heading}", plan.actions)]
    )


def service_plan_html(plan: ServicePlan) -> str:
    """The service plan's standards, objectives, pressures and risks, and indicators as a table
    of what it holds, and its actions as a table."""
    heading = _plan_heading(plan, plan.service)
    held = [
        ("Standards", plan.standards),
        ("Objectives", plan.objectives),
        ("Pressures and risks", plan.pressures_and_risks),
        ("Activity", plan.activity),
        ("Indicators", plan.indicators),
    ]
    contents = Table(
        caption=f"What the plan holds: {heading}",
        columns=(_column("Part"), _column("Contents")),
        rows=tuple(Row(header=name, cells=("; ".join(items),)) for name, items in held if items),
    )
    return _tables(
        "councilpmf-plan",
        heading,
        [contents, _actions_table(f"Actions: {heading}", plan.actions)],
    )


def action_html(action: Action) -> str:
    """The action's fields, its milestones and its updates, each as a table."""
    status = _status(action, DEFAULT_VOCABULARY)
    fields = [
        ("Status", status),
        ("Owners", ", ".join(action.owners)),
        ("Start", format_date(action.start) if action.start else ""),
        ("Due", _due(action) if action.due_on(dt.date.max)[0] else ""),
        ("Timescale", action.timescale),
        ("Complete", _percent(action)),
        ("Serves", ", ".join(action.serves)),
        ("Lead committee", action.lead_committee or ""),
    ]
    heading = f"{action.ref}: {action.title}"
    details = Table(
        caption=f"Action {heading}",
        columns=(_column("Field"), _column("Value")),
        rows=tuple(Row(header=k, cells=(v,)) for k, v in fields if v),
    )
    milestones = Table(
        caption=f"Milestones of action {action.ref}",
        columns=(_column("Milestone"), _column("Due"), _column("Done")),
        rows=tuple(
            Row(
                header=m.title,
                cells=(
                    format_date(m.due) if m.due else "",
                    _done(m.done),
                ),
            )
            for m in action.milestones
        ),
    )
    updates = Table(
        caption=f"Updates to action {action.ref}",
        columns=(
            _column("Update"),
            _column("On"),
            _column("By"),
            _column("Status"),
            _column("Due revised to"),
        ),
        rows=tuple(
            Row(
                header=u.text,
                cells=(
                    format_date(u.on),
                    u.by,
                    u.status or "",
                    format_date(u.due) if u.due else "",
                ),
            )
            for u in sorted(action.updates, key=lambda u: u.on)
        ),
    )
    return _tables("councilpmf-action", heading, [details, milestones, updates])


def framework_html(framework: Framework) -> str:
    """The framework as tables: its themes and priorities (with their indicators), its
    indicators, its plans' actions and its committees."""
    plan = framework.plan
    priorities = Table(
        caption=f"Themes and priorities: {plan.title}",
        columns=(_column("Priority"), _column("Ref"), _column("Theme"), _column("Indicators")),
        rows=tuple(
            Row(
                header=p.statement,
                cells=(p.id, t.name, ", ".join(p.all_indicators())),
                group=t.name,
            )
            for t, p in plan.priorities()
        ),
    )
    indicators = Table(
        caption=f"Indicators of {framework.organisation}",
        columns=(
            _column("Indicator"),
            _column("Ref"),
            _column("Unit"),
            _column("Polarity"),
            _column("Frequency"),
            _column("Owner"),
            _column("Targets", "number"),
        ),
        rows=tuple(
            Row(
                header=i.title,
                cells=(
                    i.id,
                    i.unit.value,
                    i.polarity.value,
                    i.frequency.value,
                    i.owner,
                    len(i.targets),
                ),
            )
            for i in framework.indicators
        ),
    )
    vocabulary = framework.vocabulary
    actions = Table(
        caption=f"Actions in the plans of {framework.organisation}",
        columns=(*_ACTION_COLUMNS[:2], _column("Plan"), *_ACTION_COLUMNS[2:]),
        rows=tuple(
            attrs.evolve(row, cells=(row.cells[0], planned.plan, *row.cells[1:]))
            for planned in framework.planned_actions()
            for row in (_action_row(planned.action, vocabulary),)
        ),
    )
    # each indicator once, however many of a committee's sets list it (its reports show it once)
    watched = {
        c.id: len({i for s in framework.sets_of(c.id) for i in s.indicators})
        for c in framework.committees
    }
    committees = Table(
        caption=f"Committees of {framework.organisation}",
        columns=(
            _column("Committee"),
            _column("Ref"),
            _column("Kind"),
            _column("Meets"),
            _column("Indicators", "number"),
        ),
        rows=tuple(
            Row(
                header=c.name,
                cells=(c.id, c.kind.value, c.cadence.value, watched[c.id]),
            )
            for c in framework.committees
        ),
    )
    heading = f"{framework.organisation}: {plan.title}"
    return _tables("councilpmf-framework", heading, [priorities, indicators, actions, committees])


_CHANGE_SYMBOLS = {"added": "+", "removed": "−", "retired": "−"}


def diff_html(diff: PlanDiff) -> str:
    """The changes as a table: each change in words, its kind (symbol and words) and where it
    is (in the new version; in the old one for a removal)."""
    rows = []
    for change in diff.changes:
        thing, _, what = change.kind.value.rpartition("-")
        symbol = _CHANGE_SYMBOLS.get(what, "~")
        rows.append(
            Row(
                header=change.text,
                cells=(f"{symbol} {thing.replace('-', ' ')} {what}", change.path),
            )
        )
    table = Table(
        caption=f"Changes between two versions of the plan: {len(rows)}",
        columns=(_column("Change"), _column("Kind"), _column("Where")),
        rows=tuple(rows),
    )
    return _tables("councilpmf-diff", "No changes" if not rows else "Plan changes", [table])


def findings_html(findings: Findings) -> str:
    """The findings as a table: what was found, its severity (symbol and word), its code and
    where it is."""
    table = Table(
        caption=f"Findings: {len(findings)}",
        columns=(_column("Finding"), _column("Severity"), _column("Code"), _column("Where")),
        rows=tuple(
            Row(
                header=f.message,
                cells=(f"{f.severity.symbol} {f.severity.value}", f.code, f.path),
            )
            for f in findings
        ),
    )
    return _tables("councilpmf-findings", repr(findings)[1:-1], [table])


# -- attaching the methods -------------------------------------------------------------------------

_METHODS: dict[type, dict[str, Callable[[Any], Any]]] = {
    Scorecard: {
        "_repr_html_": scorecard_html,
        "_repr_markdown_": scorecard_markdown,
        "to_pandas": to_pandas,
        "to_polars": to_polars,
    },
    Readings: {"to_pandas": to_pandas, "to_polars": to_polars},
    Report: {"_repr_html_": report_html, "_repr_markdown_": report_markdown},
    Indicator: {"_repr_html_": indicator_html, "_repr_markdown_": indicator_markdown},
    StrategicPlan: {"_repr_html_": plan_html, "_repr_markdown_": plan_markdown},
    Framework: {"_repr_html_": framework_html},
    DeliveryPlan: {
        "_repr_html_": delivery_plan_html,
        "to_pandas": to_pandas,
        "to_polars": to_polars,
    },
    ServicePlan: {
        "_repr_html_": service_plan_html,
        "to_pandas": to_pandas,
        "to_polars": to_polars,
    },
    Action: {"_repr_html_": action_html},
    PlanDiff: {"_repr_html_": diff_html, "to_pandas": to_pandas, "to_polars": to_polars},
    Findings: {"_repr_html_": findings_html, "to_pandas": to_pandas, "to_polars": to_polars},
}


def install() -> None:
    """Attach the display methods (and ``to_pandas`` and ``to_polars``) to the core classes. Runs
    when this module is imported; running it again changes nothing."""
    for cls, methods in _METHODS.items():
        for name, function in methods.items():
            setattr(cls, name, function)


install()
