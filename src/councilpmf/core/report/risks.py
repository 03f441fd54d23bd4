"""The risks report: the risk register as a heat map (a table, so never colour alone) of the
residual and the inherent scores, every risk with what it threatens and what is done about it,
and what is wrong with the register.

A committee's report lists the risks that serve a theme, priority or outcome whose indicators
the committee watches, and every risk linked to nothing in the plan that an indicator measures
(nothing in the plan, or only parts served by actions alone: no committee can be told from its
links, so none is left out). When the committee watches no indicator, which risks are
its own is unclear, and every risk is listed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator

from councilpmf.core.actions import DueRevision, assess_action, format_date
from councilpmf.core.assess import Readings
from councilpmf.core.errors import AmbiguousNameError
from councilpmf.core.findings import Finding
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.names import most_common_spelling, name_key
from councilpmf.core.periods import Period
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.report.document import (
    Block,
    Column,
    DateCell,
    LevelCell,
    NumberCell,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
)
from councilpmf.core.report.shared import Scope, asked_for, owner_text, plural, scope_of
from councilpmf.core.risks import (
    ActionInPlan,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskScore,
    heat_map,
    in_framework,
    overdue_reviews,
    risk_findings,
)

__all__ = ["ABOVE_APPETITE", "NO_RISKS", "WITHIN_APPETITE", "risks_report"]

NO_RISKS = "No risks are recorded"
"""What a risks report says when the council's register is empty."""

ABOVE_APPETITE = "✖ Above appetite"
"""A risk whose residual score is above the appetite that applies to it."""
WITHIN_APPETITE = "✔ Within appetite"
"""A risk whose residual score is at or below the appetite that applies to it."""
NO_APPETITE = "– No appetite set"

_REGISTER_COLUMNS = (
    Column(key="risk", title="Ref"),
    Column(key="title", title="Risk"),
    Column(key="category", title="Category"),
    Column(key="owner", title="Owner"),
    Column(key="serves", title="Threatens"),
    Column(key="inherent", title="Inherent score", kind="number"),
    Column(key="residual", title="Residual score", kind="number"),
    Column(key="target", title="Target score", kind="number"),
    Column(key="appetite", title="Appetite", kind="number"),
    Column(key="against_appetite", title="Against appetite"),
    Column(key="controls", title="Controls"),
    Column(key="actions", title="Mitigating actions"),
    Column(key="review_by", title="Review by", kind="date"),
)

_FINDING_COLUMNS = (
    Column(key="risk", title="Risk"),
    Column(key="severity", title="Severity"),
    Column(key="finding", title="Finding"),
    Column(key="where", title="Where in the register"),
)

_POSITION = re.compile(r"^\$\.risks\[(\d+)\]")


def _plan_indicators(plan: StrategicPlan) -> dict[str, set[str]]:
    """The indicators under each theme, priority and outcome (a theme holds its priorities',
    a priority its outcomes')."""
    under: dict[str, set[str]] = {}
    for theme in plan.themes:
        in_theme = under.setdefault(theme.id, set())
        for priority in theme.priorities:
            in_priority = under.setdefault(priority.id, set())
            in_priority.update(priority.all_indicators())
            for outcome in priority.outcomes:
                under.setdefault(outcome.id, set()).update(outcome.indicators)
            in_theme.update(in_priority)
    return under


def _chosen(framework: Framework, scope: Scope) -> tuple[tuple[int, ...], list[Paragraph]]:
    """The positions of the risks in the report, and what the choice was."""
    risks = framework.risks.risks
    everything = tuple(range(len(risks)))
    if scope.committee is None or not risks:
        return everything, []
    name = scope.committee.name
    watched = set(scope.indicators or ())
    if not watched:
        return everything, [
            Paragraph(
                text=f"{name} watches no indicator, so which risks are its own is unclear: "
                "every risk is listed."
            )
        ]
    under = _plan_indicators(framework.plan)
    # A risk is placed by the indicators of what it threatens; one whose links hold no
    # indicator (links to nothing in the plan, or to parts measured by none) cannot be placed,
    # so no committee leaves it out.
    chosen = tuple(
        i
        for i, risk in enumerate(risks)
        if not any(under.get(s) for s in risk.serves)
        or any(under.get(s, set()) & watched for s in risk.serves)
    )
    return chosen, [
        Paragraph(
            text=f"The risks that threaten a theme, priority or outcome whose indicators {name} "
            "watches, and any risk linked to nothing in the plan that an indicator measures: "
            f"{len(chosen)} of {plural(len(risks), 'risk')}."
        )
    ]


def _level_counts(matrix: RiskMatrix, risks: Iterable[Risk]) -> str:
    """How many residual scores at each level, highest level first."""
    counts = {level.name: 0 for level in matrix.levels}
    for risk in risks:
        counts[matrix.level(risk.residual.value).name] += 1
    return ", ".join(f"{count} {name}" for name, count in reversed(counts.items()))


def _heat_cell(matrix: RiskMatrix, count: int, score: int) -> LevelCell:
    level = matrix.level(score)
    return LevelCell(
        value=count,
        text=f"{count} ({level.name})",
        level=level.name,
        rank=matrix.levels.index(level) + 1,
        levels=len(matrix.levels),
    )


def _heat_map(register: RiskRegister, which: str, as_of: dt.date, committee: str) -> Table:
    matrix = register.matrix
    highest = len(matrix.impacts)
    rows = []
    for i, counts in enumerate(heat_map(register, which)):
        impact = highest - i
        rows.append(
            Row(
                header=f"{matrix.impacts[impact - 1]} ({impact})",
                cells=tuple(
                    _heat_cell(matrix, count, impact * likelihood)
                    for likelihood, count in enumerate(counts, start=1)
                ),
                committee=committee,
            )
        )
    return Table(
        caption=f"Heat map of {which} scores on {format_date(as_of)}: the number of risks in "
        "each cell and, in brackets, the level of the cell's score (impact down the side, "
        "highest first; likelihood across the top)",
        columns=(
            Column(key="impact", title="Impact"),
            *(
                Column(key=f"likelihood_{n}", title=f"{word} ({n})", kind="number")
                for n, word in enumerate(matrix.likelihoods, start=1)
            ),
        ),
        rows=tuple(rows),
    )


def _score(matrix: RiskMatrix, score: RiskScore | None) -> NumberCell:
    if score is None:
        return NumberCell(value=None, text="no target")
    return NumberCell(value=score.value, text=matrix.brief(score))


def _against_appetite(risk: Risk, appetite: int | None) -> str:
    if appetite is None:
        return NO_APPETITE
    return ABOVE_APPETITE if risk.residual.value > appetite else WITHIN_APPETITE


def _served(names: dict[str, str], risk: Risk) -> str:
    if not risk.serves:
        return "nothing in the plan"
    return "; ".join(
        f"{names[s]} ({s})" if s in names else f"{s} (not in the plan)" for s in risk.serves
    )


def _revised(revision: DueRevision) -> str:
    if revision.was is None:
        return f"due {format_date(revision.now)}, set {format_date(revision.on)}"
    return f"due {format_date(revision.now)}, revised from {format_date(revision.was)}"


def _mitigations(framework: Framework, risk: Risk, as_of: dt.date) -> str:
    """Each mitigating action's ref with its status word, whether it is overdue, and its due
    date in force when it was revised (``due 30 Jun 2025, revised from 31 Mar 2025``). Refs are
    unique within a plan only: a ref alone that two plans' actions share names each, with its
    plan (and is a finding), as does an action the risk names with its plan
    (:class:`ActionInPlan`), a peer challenge's action included; one named with a plan's name
    that more than one plan answers to says so (and is a finding)."""
    words = []
    for link in risk.actions:
        ref = link.ref if isinstance(link, ActionInPlan) else link
        try:
            named = framework.actions_named(link)
        except AmbiguousNameError:
            assert isinstance(link, ActionInPlan)  # a ref alone names no plan
            words.append(f"{link} (more than one plan is called {link.plan})")
            continue
        if not named:
            words.append(f"{link} (no such action)")
        for planned in named:
            of = f" of {planned.plan}" if len(named) > 1 or isinstance(link, ActionInPlan) else ""
            state = assess_action(planned.action, as_of, framework.vocabulary)
            overdue = ", overdue" if state.overdue else ""
            revised = "" if state.revision is None else f", {_revised(state.revision)}"
            words.append(f"{ref}{of} ({state.status_text}{overdue}{revised})")
    return "; ".join(words)


def _review_overdue(risk: Risk, as_of: dt.date) -> bool:
    """Whether the risk's review was due before ``as_of`` (as :func:`overdue_reviews` has it)."""
    return risk.review_by is not None and risk.review_by < as_of


def _review(risk: Risk, as_of: dt.date) -> DateCell:
    if risk.review_by is None:
        return DateCell.of(None, "no review date")
    overdue = ", overdue" if _review_overdue(risk, as_of) else ""
    return DateCell(value=risk.review_by, text=format_date(risk.review_by) + overdue)


def _groups(register: RiskRegister) -> dict[str, str]:
    """Each risk's group, by id: its category as a reader sees it, written as most of the
    register's risks write it (so "financial" and "Financial" are one group, as they are one
    category to an appetite)."""
    shown = most_common_spelling(risk.category for risk in register.risks)
    return {risk.id: shown[name_key(risk.category)] for risk in register.risks}


def _register_table(
    framework: Framework,
    names: dict[str, str],
    risks: tuple[Risk, ...],
    as_of: dt.date,
    committee: str,
) -> Table:
    groups = _groups(framework.risks)
    return Table(
        caption=f"The risk register on {format_date(as_of)}",
        columns=_REGISTER_COLUMNS,
        rows=tuple(
            _register_row(framework, names, r, as_of, committee, groups[r.id]) for r in risks
        ),
    )


def _register_row(
    framework: Framework,
    names: dict[str, str],
    risk: Risk,
    as_of: dt.date,
    committee: str,
    group: str,
) -> Row:
    register = framework.risks
    matrix = register.matrix
    appetite = register.appetite_for(risk)
    return Row(
        header=risk.id,
        cells=(
            risk.title,
            risk.category,
            owner_text(risk.owner),
            _served(names, risk),
            _score(matrix, risk.inherent),
            _score(matrix, risk.residual),
            _score(matrix, risk.target),
            NumberCell(value=appetite, text="none set" if appetite is None else str(appetite)),
            _against_appetite(risk, appetite),
            "; ".join(risk.controls),
            _mitigations(framework, risk, as_of),
            _review(risk, as_of),
        ),
        group=group,
        committee=committee,
    )


def _findings(
    framework: Framework, names: dict[str, str], as_of: dt.date
) -> Iterator[tuple[int, Finding]]:
    """Every finding about the register with the position of its risk, in register order."""
    register = framework.risks
    found = [
        *risk_findings(register, names, framework.actions_named),
        *overdue_reviews(register, as_of),
    ]
    placed = []
    for finding in found:
        match = _POSITION.match(finding.path)
        assert match is not None, finding.path
        placed.append((int(match.group(1)), finding))
    yield from sorted(placed, key=lambda pair: pair[0])


def _findings_blocks(
    framework: Framework,
    names: dict[str, str],
    chosen: tuple[int, ...],
    as_of: dt.date,
    committee: str,
    located: Callable[[Finding], Finding] | None,
) -> tuple[Block, ...]:
    risks = framework.risks.risks
    groups = _groups(framework.risks)
    told = [
        (position, finding if located is None else located(in_framework(finding)))
        for position, finding in _findings(framework, names, as_of)
        if position in chosen
    ]
    rows = tuple(
        Row(
            header=risks[position].id,
            cells=(finding.severity.value.capitalize(), finding.message, finding.path),
            group=groups[risks[position].id],
            committee=committee,
        )
        for position, finding in told
    )
    table = Table(
        caption=f"What is wrong with the register on {format_date(as_of)}: reviews overdue, "
        "residual scores above appetite, links to nothing",
        columns=_FINDING_COLUMNS,
        rows=rows,
    )
    if not rows:
        return (Paragraph(text="Nothing is wrong with these risks' entries."), table)
    return (table,)


def risks_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str,
    as_of: dt.date | str,
    committee: str | None = None,
    *,
    located: Callable[[Finding], Finding] | None = None,
) -> Report:
    """The risks report on ``as_of``: how many risks at each level and above appetite, the
    heat maps of residual and inherent scores as tables, the register (what each risk
    threatens, its scores, appetite, controls, mitigating actions with their status, review
    date) and what is wrong with it. Readings are not needed; the parameter keeps every
    builder's signature the same.

    What is wrong is told with paths in the register (``$.risks[0].serves``) or, given
    ``located``, as ``located`` tells each finding placed in the framework
    (``$.risks.risks[0].serves``, :func:`~councilpmf.core.risks.in_framework`): a council
    folder's :meth:`~councilpmf.folder.CouncilFolder.located` names its files, so that the
    report says ``risks.toml: $.risks[0].serves`` and names each plan it lists by its file,
    as ``councilpmf validate`` does."""
    period, as_of = asked_for(framework, period, as_of)
    del readings  # a risk register is about risks, not indicators
    scope = scope_of(framework, committee)
    register = framework.risks
    chosen, notes = _chosen(framework, scope)
    reported_to = scope.committee_name

    def report(sections: tuple[Section, ...], summary: str) -> Report:
        return scope.report(
            framework, "risks", "risk register report", str(period), as_of, sections, summary
        )

    if not register.risks:
        return report(
            (Section(heading="Risks", blocks=(Paragraph(text=NO_RISKS + "."),)),), NO_RISKS
        )
    risks = tuple(register.risks[i] for i in chosen)
    names = framework.plan.parts()
    shown = RiskRegister(matrix=register.matrix, appetites=register.appetites, risks=risks)
    above = sum(_against_appetite(r, register.appetite_for(r)) == ABOVE_APPETITE for r in risks)
    overdue = sum(_review_overdue(r, as_of) for r in risks)
    summary = (
        f"{plural(len(risks), 'risk')} by residual score: {_level_counts(register.matrix, risks)}"
        f"; {above} above appetite; {plural(overdue, 'review')} overdue on {format_date(as_of)}"
    )
    guide = Paragraph(
        text="A score is likelihood times impact, each a step on the council's matrix. The "
        "inherent score is before controls, the residual score with them, the target score "
        "where the council means to bring the risk. Appetite is the highest residual score "
        "the council accepts: the risk's own, else its category's."
    )
    sections = (
        Section(heading="Summary", blocks=(*notes, guide)),
        Section(
            heading="Heat maps",
            blocks=tuple(
                _heat_map(shown, which, as_of, reported_to) for which in ("residual", "inherent")
            ),
        ),
        Section(
            heading="Register",
            blocks=(_register_table(framework, names, risks, as_of, reported_to),),
        ),
        Section(
            heading="Findings",
            blocks=_findings_blocks(framework, names, chosen, as_of, reported_to, located),
        ),
    )
    return report(sections, summary)
