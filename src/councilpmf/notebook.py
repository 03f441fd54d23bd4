"""Show councilpmf's records in Jupyter, and a scorecard as a pandas DataFrame.

This module gives :class:`~councilpmf.Scorecard`, :class:`~councilpmf.core.report.Report`,
:class:`~councilpmf.Indicator` and :class:`~councilpmf.StrategicPlan` the methods Jupyter looks
for, ``_repr_html_`` and ``_repr_markdown_``, and the scorecard a ``to_pandas()`` method.
Everything from the data is escaped: HTML with :func:`html.escape` after
:func:`councilpmf.escape.readable`, as the html format does, Markdown with
:func:`councilpmf.escape.markdown`, as the markdown format does. It is not imported with
:mod:`councilpmf`: those classes carry small stand-ins (:mod:`councilpmf._display`) whose first
call imports this module, which puts the real methods in their place, so ``import councilpmf``
stays as quick as starting Python.

The methods are attached from here, outside the pure core, rather than written in the core
classes: a report is shown in the ``html`` and ``markdown`` report formats, found through the
plugins like any other format, and the core must not import them (the import-linter contracts
follow imports made inside functions too). The plugins and pandas are imported only when
something is shown or converted,
so ``import councilpmf`` stays light and pandas stays optional: ``pip install
"councilpmf[pandas]"``.

The same functions can be called directly: :func:`scorecard_html`, :func:`report_markdown`,
:func:`to_pandas` and the rest.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

from councilpmf.core.assess import IndicatorResult, Scorecard
from councilpmf.core.indicators import Indicator
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.report import Report
from councilpmf.escape import markdown as markdown_text
from councilpmf.escape import readable

__all__ = [
    "COLUMNS",
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
    "to_pandas",
]

COLUMNS: tuple[str, ...] = (
    "indicator",
    "title",
    "period",
    "value",
    "target",
    "status",
    "label",
    "short_term",
    "long_term",
    "missed_in_a_row",
    "owner",
)
"""The columns of :func:`to_pandas`, in order."""

# The extra that installs each optional dependency.
_EXTRAS = {"pandas": "pandas"}


def import_optional(name: str) -> ModuleType:
    """Import an optional dependency, or raise an ImportError that says what to install
    (after pandas' ``import_optional_dependency``).

    >>> import_optional("no_such_module_for_councilpmf")
    Traceback (most recent call last):
    ...
    ImportError: no_such_module_for_councilpmf is needed for this; install it with: pip install "councilpmf[no_such_module_for_councilpmf]"
    """  # noqa: E501
    extra = _EXTRAS.get(name, name)
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise ImportError(
            f'{name} is needed for this; install it with: pip install "councilpmf[{extra}]"'
        ) from error


_STATUS_RULE = re.compile(r"^\.status-[a-z-]+ \{[^}\n]*\}$", re.MULTILINE)


def _e(text: object) -> str:
    return html.escape(readable(str(text)), quote=True)


# -- scorecard -------------------------------------------------------------------------------------


def _caption(card: Scorecard) -> str:
    return f"{card.organisation}: scorecard, {card.period} (as of {card.as_of.isoformat()})"


def _cells(r: IndicatorResult) -> tuple[str, str, str, str, str, str]:
    return (
        f"{r.title} ({r.indicator})",
        r.value_text,
        r.target_text,
        f"{r.rating.status.symbol} {r.rating.label}",
        r.short_term.direction.word,
        r.long_term.direction.word,
    )


_HEADINGS = ("Indicator", "Value", "Target", "Rating", "Short term", "Long term")


def scorecard_html(card: Scorecard) -> str:
    """A compact HTML table: indicator, value, target, rating (symbol and word), travel."""
    head = "".join(f'<th scope="col">{h}</th>' for h in _HEADINGS)
    rows = []
    for r in card.indicators:
        first, *rest = _cells(r)
        tds = "".join(f"<td>{_e(c)}</td>" for c in rest)
        rows.append(f'<tr><th scope="row">{_e(first)}</th>{tds}</tr>')
    counts = ", ".join(f"{c.status.word} {c.count}" for c in card.counts() if c.count)
    return (
        '<table class="councilpmf-scorecard">'
        f"<caption>{_e(_caption(card))}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p>{_e(counts or 'No indicators')}</p>"
    )


def scorecard_markdown(card: Scorecard) -> str:
    """The scorecard as a Markdown pipe table with a caption line."""
    lines = [f"**{markdown_text(_caption(card))}**", ""]
    lines.append("| " + " | ".join(_HEADINGS) + " |")
    lines.append("| --- | ---: | ---: | --- | --- | --- |")
    for r in card.indicators:
        lines.append("| " + " | ".join(markdown_text(c) for c in _cells(r)) + " |")
    return "\n".join(lines) + "\n"


def to_pandas(card: Scorecard) -> Any:
    """The scorecard as a pandas DataFrame, one row per indicator (see :data:`COLUMNS`); value and
    target are floats (NaN when missing). Needs pandas: ``pip install "councilpmf[pandas]"``."""
    pandas = import_optional("pandas")
    rows = [
        {
            "indicator": r.indicator,
            "title": r.title,
            "period": str(r.period),
            "value": r.value,
            "target": r.target,
            "status": r.rating.status.value,
            "label": r.rating.label,
            "short_term": r.short_term.direction.value,
            "long_term": r.long_term.direction.value,
            "missed_in_a_row": r.missed_in_a_row,
            "owner": r.owner,
        }
        for r in card.indicators
    ]
    frame = pandas.DataFrame(rows, columns=list(COLUMNS))
    frame["value"] = frame["value"].astype("float64")
    frame["target"] = frame["target"].astype("float64")
    frame["missed_in_a_row"] = frame["missed_in_a_row"].astype("int64")
    return frame


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


# -- attaching the methods -------------------------------------------------------------------------

_METHODS: dict[type, dict[str, Callable[[Any], Any]]] = {
    Scorecard: {
        "_repr_html_": scorecard_html,
        "_repr_markdown_": scorecard_markdown,
        "to_pandas": to_pandas,
    },
    Report: {"_repr_html_": report_html, "_repr_markdown_": report_markdown},
    Indicator: {"_repr_html_": indicator_html, "_repr_markdown_": indicator_markdown},
    StrategicPlan: {"_repr_html_": plan_html, "_repr_markdown_": plan_markdown},
}


def install() -> None:
    """Attach the display methods (and ``Scorecard.to_pandas``) to the core classes. Runs
    when this module is imported; running it again changes nothing."""
    for cls, methods in _METHODS.items():
        for name, function in methods.items():
            setattr(cls, name, function)


install()
