"""The risk register: risks against the plan, scored likelihood x impact on the council's matrix.

A score is a likelihood and an impact, each a step on the matrix's scale (1 is the lowest); its
value is their product, and the matrix's levels name the value in words. Every risk has an
inherent score (before controls), a residual score (with them) and may have a target score.

>>> matrix = RiskMatrix()
>>> risk = Risk(id="R1", title="Temporary accommodation costs exceed budget",
...     serves=("C3",), inherent=RiskScore(likelihood=5, impact=4),
...     residual=RiskScore(likelihood=4, impact=4), target=RiskScore(likelihood=2, impact=4))
>>> matrix.describe(risk.residual)
'Very high (16): likelihood Likely (4) x impact Major (4)'
>>> matrix.level(risk.target.value).name
'Medium'
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeAlias

import attrs
from attrs import validators as v

from councilpmf.core import _coerce
from councilpmf.core._coerce import to_optional_date
from councilpmf.core._validate import (
    identifier,
    identifiers,
    of_type,
    optional,
    refuse_repeats,
    required,
    strings,
    text,
    tuple_of,
    whole_in,
)
from councilpmf.core.actions import format_date
from councilpmf.core.errors import AmbiguousNameError, InputError
from councilpmf.core.findings import Finding, Severity
from councilpmf.core.names import name_key

__all__ = [
    "ActionInPlan",
    "CategoryAppetite",
    "MitigatingAction",
    "Risk",
    "RiskLevel",
    "RiskMatrix",
    "RiskRegister",
    "RiskScore",
    "SetAction",
    "heat_map",
    "in_framework",
    "overdue_reviews",
    "risk_findings",
]


@attrs.frozen(kw_only=True)
class RiskLevel:
    """A named band of scores: a score is at this level from ``lowest`` up to the next level."""

    name: str = attrs.field(validator=required)
    lowest: int = attrs.field(validator=whole_in(1))


_DEFAULT_LEVELS = (
    RiskLevel(name="Low", lowest=1),
    RiskLevel(name="Medium", lowest=5),
    RiskLevel(name="High", lowest=10),
    RiskLevel(name="Very high", lowest=16),
)


def _beyond(matrix: RiskMatrix) -> str:
    """The highest score ``matrix`` can give, in words, for a number above it."""
    return (
        f"{matrix.highest}, the highest score the matrix can give ({len(matrix.likelihoods)} "
        f"likelihoods x {len(matrix.impacts)} impacts)"
    )


def _ascending_levels(_instance: object, _attribute: object, levels: tuple[RiskLevel, ...]) -> None:
    if not levels:
        raise InputError(("levels must name at least one level",))
    if levels[0].lowest != 1:
        raise InputError((f"levels must start at 1, not {levels[0].lowest}",))
    for lower, higher in itertools.pairwise(levels):
        if higher.lowest <= lower.lowest:
            raise InputError(
                (
                    f"levels must rise: {higher.name!r} starts at {higher.lowest}, "
                    f"not above {lower.name!r} at {lower.lowest}",
                )
            )
    named: dict[str, RiskLevel] = {}
    for level in levels:
        same = named.setdefault(name_key(level.name), level)
        if same is not level:
            raise InputError(
                (
                    f"levels must have names of their own: {level.name!r} at {level.lowest} "
                    f"has the name of {same.name!r} at {same.lowest}",
                )
            )


def _scale(_instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    strings(_instance, attribute, value)
    assert isinstance(value, tuple)
    if not 2 <= len(value) <= 10:
        raise InputError((f"{attribute.name} must have 2 to 10 steps, not {len(value)}",))
    if any(not word.strip() for word in value):
        raise InputError((f"{attribute.name} must not have an empty step",))


@attrs.frozen(kw_only=True)
class RiskMatrix:
    """The council's scoring matrix: the words for each likelihood and impact step, and levels.

    The default is the common 5 x 5 matrix with four levels (1-4 Low, 5-9 Medium, 10-15 High,
    16-25 Very high); on a smaller matrix, the default levels its scores can reach. A level
    given that no score can reach (above :attr:`highest`) is a finding of
    :func:`risk_findings`, as a score off the matrix is.

    >>> [level.name for level in RiskMatrix(likelihoods=("Low", "High"), impacts=("Low", "High",
    ...     "Severe")).levels]
    ['Low', 'Medium']
    """

    likelihoods: tuple[str, ...] = attrs.field(
        default=("Rare", "Unlikely", "Possible", "Likely", "Almost certain"), validator=_scale
    )
    impacts: tuple[str, ...] = attrs.field(
        default=("Insignificant", "Minor", "Moderate", "Major", "Severe"), validator=_scale
    )
    levels: tuple[RiskLevel, ...] = attrs.field(validator=[tuple_of(RiskLevel), _ascending_levels])

    @levels.default
    def _reachable_levels(self) -> tuple[RiskLevel, ...]:
        # Worked out before the steps are checked: a count of steps that is not one yet (a
        # number given for a list) is refused by their own validator, so all levels stand.
        steps = (self.likelihoods, self.impacts)
        if not all(isinstance(step, tuple) for step in steps):
            return _DEFAULT_LEVELS
        highest = len(self.likelihoods) * len(self.impacts)
        return tuple(level for level in _DEFAULT_LEVELS if level.lowest <= highest)

    @property
    def highest(self) -> int:
        """The highest score the matrix can give."""
        return len(self.likelihoods) * len(self.impacts)

    def level(self, value: int) -> RiskLevel:
        """The level of a score's value (the highest level whose ``lowest`` it reaches)."""
        found = self.levels[0]
        for level in self.levels:
            if value >= level.lowest:
                found = level
        return found

    def fits(self, score: RiskScore) -> bool:
        """True when both steps of ``score`` are on this matrix."""
        return score.likelihood <= len(self.likelihoods) and score.impact <= len(self.impacts)

    def brief(self, score: RiskScore) -> str:
        """The score in few words: level, value, and the words of both steps.

        >>> RiskMatrix().brief(RiskScore(likelihood=3, impact=4))
        'High (12): Possible x Major'
        >>> RiskMatrix().brief(RiskScore(likelihood=6, impact=4))
        '24: likelihood 6 x impact 4'
        """
        if not self.fits(score):
            return f"{score.value}: likelihood {score.likelihood} x impact {score.impact}"
        likelihood = self.likelihoods[score.likelihood - 1]
        impact = self.impacts[score.impact - 1]
        return f"{self.level(score.value).name} ({score.value}): {likelihood} x {impact}"

    def describe(self, score: RiskScore) -> str:
        """The score in words: level, value, and the words of both steps."""
        if not self.fits(score):
            return f"{score.value}: likelihood {score.likelihood} x impact {score.impact}"
        likelihood = self.likelihoods[score.likelihood - 1]
        impact = self.impacts[score.impact - 1]
        return (
            f"{self.level(score.value).name} ({score.value}): likelihood {likelihood} "
            f"({score.likelihood}) x impact {impact} ({score.impact})"
        )


@attrs.frozen(kw_only=True)
class RiskScore:
    """A likelihood and an impact, each a step from 1 on the matrix's scale."""

    likelihood: int = attrs.field(validator=whole_in(1, 10))
    impact: int = attrs.field(validator=whole_in(1, 10))

    @property
    def value(self) -> int:
        """Likelihood times impact."""
        return self.likelihood * self.impact


@attrs.frozen(kw_only=True)
class ActionInPlan:
    """A mitigating action named with the plan that sets it: refs are unique within a plan
    only, so a ref two plans share names one of them this way. ``plan`` is what
    :meth:`~councilpmf.core.framework.Framework.action_plan_named` finds a plan by: a delivery
    or service plan's id or its name (as
    :meth:`~councilpmf.core.framework.Framework.plan_names` names it), or a peer challenge's
    id or title for an action of its action plan, matched as a reader sees it
    (:func:`~councilpmf.core.names.name_key`); a text that more than one plan answers to names
    none of them (a finding of :func:`risk_findings`).

    >>> str(ActionInPlan(plan="economy-2024-25", ref="1.1"))
    '1.1 of economy-2024-25'
    """

    plan: str = attrs.field(validator=identifier)
    ref: str = attrs.field(validator=identifier)

    def __str__(self) -> str:
        return f"{self.ref} of {self.plan}"


MitigatingAction: TypeAlias = str | ActionInPlan
"""How a risk names an action that mitigates it: by its ref alone (every action with that ref),
or with its plan (:class:`ActionInPlan`)."""


def _mitigating_action(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, ActionInPlan):
        identifier(instance, attribute, value)


_mitigating_actions = v.deep_iterable(_mitigating_action, of_type(tuple))


@attrs.frozen(kw_only=True)
class Risk:
    """One risk: what could happen, what it threatens (``serves``: theme, priority or outcome
    ids), its scores, the controls in place and the actions that mitigate it (action refs, or
    :class:`ActionInPlan` for a ref that more than one plan uses and for a peer challenge's
    action).

    ``review_by`` is the date the next review is due (a date, or ISO text); ``appetite`` the
    highest residual score the council accepts for this risk (else its category's appetite
    applies).
    """

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=required)
    description: str = attrs.field(default="", validator=text)
    category: str = attrs.field(default="", validator=text)
    owner: str = attrs.field(default="", validator=text)
    serves: tuple[str, ...] = attrs.field(default=(), validator=identifiers)
    inherent: RiskScore = attrs.field(validator=of_type(RiskScore))
    residual: RiskScore = attrs.field(validator=of_type(RiskScore))
    target: RiskScore | None = attrs.field(default=None, validator=v.optional(of_type(RiskScore)))
    controls: tuple[str, ...] = attrs.field(default=(), validator=strings)
    actions: tuple[MitigatingAction, ...] = attrs.field(default=(), validator=_mitigating_actions)
    review_by: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=_coerce.optional_date
    )
    appetite: int | None = attrs.field(default=None, validator=optional(whole_in(1)))


@attrs.frozen(kw_only=True)
class CategoryAppetite:
    """The highest residual score the council accepts for risks of one category."""

    category: str = attrs.field(validator=required)
    appetite: int = attrs.field(validator=whole_in(1))


@attrs.frozen(kw_only=True)
class RiskRegister:
    """The council's risks, the matrix they are scored on and its appetite by category."""

    matrix: RiskMatrix = attrs.field(factory=RiskMatrix, validator=of_type(RiskMatrix))
    appetites: tuple[CategoryAppetite, ...] = attrs.field(
        default=(), validator=tuple_of(CategoryAppetite)
    )
    risks: tuple[Risk, ...] = attrs.field(default=(), validator=tuple_of(Risk))

    def __attrs_post_init__(self) -> None:
        refuse_repeats("risk", ((f"$.risks[{i}]", r.id) for i, r in enumerate(self.risks)))
        refuse_repeats(
            "appetite",
            ((f"$.appetites[{i}]", a.category) for i, a in enumerate(self.appetites)),
            key="category",
            seen_as=name_key,
        )

    def appetite_for(self, risk: Risk) -> int | None:
        """The risk's own appetite, else its category's, else None. A category is matched as a
        reader sees it (:func:`~councilpmf.core.names.name_key`): "financial" is "Financial".

        >>> register = RiskRegister(appetites=(CategoryAppetite(category="Financial", appetite=8),))
        >>> register.appetite_for(Risk(id="R1", title="Grant ends", category="financial",
        ...     inherent=RiskScore(likelihood=4, impact=4), residual=RiskScore(likelihood=3, impact=3)))
        8
        """  # noqa: E501
        if risk.appetite is not None:
            return risk.appetite
        category = name_key(risk.category)
        if not category:  # a category a reader cannot see is none, whatever an appetite says
            return None
        for appetite in self.appetites:
            if name_key(appetite.category) == category:
                return appetite.appetite
        return None


def heat_map(register: RiskRegister, which: str = "residual") -> tuple[tuple[int, ...], ...]:
    """How many risks sit in each cell: rows are impacts from highest to lowest, columns
    likelihoods from lowest to highest, as councils draw the matrix. ``which`` is
    ``inherent``, ``residual`` or ``target`` (risks with no target are left out).

    >>> flood = Risk(id="R1", title="Flood", inherent=RiskScore(likelihood=3, impact=5),
    ...     residual=RiskScore(likelihood=2, impact=5))
    >>> register = RiskRegister(risks=(flood,))
    >>> heat_map(register)[0]
    (0, 1, 0, 0, 0)
    """
    if which not in ("inherent", "residual", "target"):
        raise InputError((f"which must be inherent, residual or target, not {which!r}",))
    matrix = register.matrix
    cells = [[0] * len(matrix.likelihoods) for _ in matrix.impacts]
    for risk in register.risks:
        score: RiskScore | None = getattr(risk, which)
        if score is not None and matrix.fits(score):
            cells[len(matrix.impacts) - score.impact][score.likelihood - 1] += 1
    return tuple(tuple(row) for row in cells)


def _finding(severity: Severity, code: str, path: str, message: str) -> Finding:
    return Finding(severity=severity, code=code, path=path, message=message)


def _unreachable_findings(register: RiskRegister) -> Iterator[Finding]:
    """A level or an appetite above the highest score the matrix can give: never reached, so
    most likely a typing mistake (61 for 16, 52 for 12); an appetite so high leaves every risk
    within it without a word."""
    matrix = register.matrix
    for index, level in enumerate(matrix.levels):
        if level.lowest > matrix.highest:
            yield _finding(
                Severity.ERROR,
                "risk-level-unreachable",
                f"$.matrix.levels[{index}].lowest",
                f"level {level.name!r} starts at {level.lowest}, above {_beyond(matrix)}, so no "
                "score can ever reach it",
            )
    appetites = (
        *((f"$.appetites[{i}]", a.appetite) for i, a in enumerate(register.appetites)),
        *((f"$.risks[{i}]", r.appetite) for i, r in enumerate(register.risks)),
    )
    for path, appetite in appetites:
        if appetite is not None and appetite > matrix.highest:
            yield _finding(
                Severity.ERROR,
                "risk-appetite-unreachable",
                f"{path}.appetite",
                f"appetite {appetite} is above {_beyond(matrix)}, so every risk is within it",
            )


def _score_findings(register: RiskRegister, risk: Risk, path: str) -> Iterator[Finding]:
    matrix = register.matrix
    for name in ("inherent", "residual", "target"):
        score: RiskScore | None = getattr(risk, name)
        if score is not None and not matrix.fits(score):
            yield _finding(
                Severity.ERROR,
                "risk-score-off-matrix",
                f"{path}.{name}",
                f"risk {risk.id} {name} score is likelihood {score.likelihood} x impact "
                f"{score.impact}, but the matrix has {len(matrix.likelihoods)} likelihoods and "
                f"{len(matrix.impacts)} impacts",
            )
    if risk.residual.value > risk.inherent.value:
        yield _finding(
            Severity.WARNING,
            "risk-residual-above-inherent",
            f"{path}.residual",
            f"risk {risk.id} residual score {risk.residual.value} is above its inherent score "
            f"{risk.inherent.value}: controls should not make a risk worse",
        )
    appetite = register.appetite_for(risk)
    if appetite is not None and risk.residual.value > appetite:
        yield _finding(
            Severity.WARNING,
            "risk-above-appetite",
            f"{path}.residual",
            f"risk {risk.id} residual score {risk.residual.value} "
            f"({matrix.level(risk.residual.value).name}) is above the appetite of {appetite}",
        )


class SetAction(Protocol):
    """An action a risk names, as :func:`risk_findings` needs it: the name of the plan that
    sets it and a text that names that plan alone
    (:class:`~councilpmf.core.framework.PlannedAction` is one)."""

    @property
    def plan(self) -> str:
        """The name of the plan that sets the action."""
        ...

    @property
    def plan_alone(self) -> str | None:
        """A text that names the plan that sets the action and no other plan, None where
        nothing does."""
        ...


def _in_plan_table(plan: str, ref: str) -> str:
    """An action named with its plan as risks.toml writes it, each text in double quotes with
    JSON's escapes, which TOML shares.

    >>> print(_in_plan_table("Delivery Plan 2024/25", "1.1"))
    { plan = "Delivery Plan 2024/25", ref = "1.1" }
    """
    plan, ref = (json.dumps(text, ensure_ascii=False) for text in (plan, ref))
    return f"{{ plan = {plan}, ref = {ref} }}"


def _action_findings(
    risk: Risk, path: str, actions: Callable[[MitigatingAction], Sequence[SetAction]]
) -> Iterator[Finding]:
    """A risk's action that names no action, a ref alone that more than one plan sets, and an
    action named with a plan's name that more than one plan answers to."""
    for position, named in enumerate(risk.actions):
        where = f"{path}.actions[{position}]"
        written = repr(named) if isinstance(named, str) else f"{named.ref!r} of plan {named.plan!r}"
        try:
            found = actions(named)
        except AmbiguousNameError as error:
            yield _finding(
                Severity.WARNING,
                "ambiguous-risk-action",
                where,
                f"risk {risk.id} names action {written}, which stands for no action until its "
                f"plan is named by a name that is one plan's alone: {error}",
            )
            continue
        plans = list(dict.fromkeys(action.plan for action in found))
        if not plans:
            yield _finding(
                Severity.ERROR,
                "unknown-risk-action",
                where,
                f"risk {risk.id} names unknown action {written}",
            )
        elif len(plans) > 1 and isinstance(named, str):
            yield _finding(
                Severity.WARNING,
                "ambiguous-risk-action",
                where,
                f"risk {risk.id} names action {named!r}, which {len(plans)} plans set "
                f"({'; '.join(plans)}), so it stands for each of them: name the plan whose "
                f"action mitigates the risk, {_as_table(found, named)}",
            )


def _as_table(found: Sequence[SetAction], ref: str) -> str:
    """How to name the first of ``found`` that has a text naming its plan alone: ``as { plan
    = ..., ref = ... }``; or, where none has, what to do first."""
    alone = next((action.plan_alone for action in found if action.plan_alone is not None), None)
    if alone is None:
        return "once one of them has a name or an id that is its alone"
    return f"as {_in_plan_table(alone, ref)}"


def risk_findings(
    register: RiskRegister,
    known: Iterable[str],
    actions: Callable[[MitigatingAction], Sequence[SetAction]],
) -> tuple[Finding, ...]:
    """What is wrong in the register: levels and appetites no score can reach, links to unknown
    themes, priorities, outcomes or actions, a ref alone that more than one plan sets, an
    action named with a plan's name that more than one plan answers to, risks that serve
    nothing, scores off the matrix, residual scores above the inherent score or above
    appetite.

    ``known`` are the ids of themes, priorities and outcomes a risk may serve; ``actions``
    gives the actions a risk's mitigating action names, each with its plan's name, or raises
    :class:`~councilpmf.core.errors.AmbiguousNameError` for a plan's name that names more
    than one plan (:meth:`~councilpmf.core.framework.Framework.actions_named`). Paths are
    ``$.risks[i]...`` as in risks.toml.

    >>> from councilpmf.core.actions import Action
    >>> from councilpmf.core.framework import Framework
    >>> from councilpmf.core.plan import DeliveryPlan, StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     delivery_plans=tuple(DeliveryPlan(id=f"dp{y}", title=f"Plan 20{y}",
    ...         actions=(Action(ref="1.1", title="Open the depot"),)) for y in (24, 25)))
    >>> flood = Risk(id="R1", title="Flood", serves=("P9",),
    ...     actions=("1.1", ActionInPlan(plan="dp25", ref="1.1"),
    ...              ActionInPlan(plan="dp26", ref="1.1")),
    ...     inherent=RiskScore(likelihood=3, impact=5), residual=RiskScore(likelihood=2, impact=5))
    >>> for finding in risk_findings(RiskRegister(risks=(flood,)), known=("P1",),
    ...         actions=fw.actions_named):
    ...     print(finding.code, finding.path, finding.message)
    unknown-risk-link $.risks[0].serves[0] risk R1 serves unknown theme, priority or outcome 'P9'
    ambiguous-risk-action $.risks[0].actions[0] risk R1 names action '1.1', which 2 plans set
        (Plan 2024; Plan 2025), so it stands for each of them: name the plan whose action
        mitigates the risk, as { plan = "Plan 2024", ref = "1.1" }
    unknown-risk-action $.risks[0].actions[2] risk R1 names unknown action '1.1' of plan 'dp26'
    """
    known_ids = frozenset(known)
    findings: list[Finding] = list(_unreachable_findings(register))
    for index, risk in enumerate(register.risks):
        path = f"$.risks[{index}]"
        if not risk.serves:
            findings.append(
                _finding(
                    Severity.WARNING,
                    "risk-serves-nothing",
                    f"{path}.serves",
                    f"risk {risk.id} is linked to no theme, priority or outcome",
                )
            )
        findings.extend(
            _finding(
                Severity.ERROR,
                "unknown-risk-link",
                f"{path}.serves[{position}]",
                f"risk {risk.id} serves unknown theme, priority or outcome {name!r}",
            )
            for position, name in enumerate(risk.serves)
            if name not in known_ids
        )
        findings.extend(_action_findings(risk, path, actions))
        findings.extend(_score_findings(register, risk, path))
    return tuple(findings)


def overdue_reviews(register: RiskRegister, as_of: dt.date) -> tuple[Finding, ...]:
    """A warning for each risk whose review was due before ``as_of``.

    >>> flood = Risk(id="R1", title="Flood", review_by=dt.date(2024, 3, 31),
    ...     inherent=RiskScore(likelihood=3, impact=5), residual=RiskScore(likelihood=2, impact=5))
    >>> for finding in overdue_reviews(RiskRegister(risks=(flood,)), dt.date(2024, 6, 1)):
    ...     print(finding)
    warning risk-review-overdue $.risks[0].review_by: risk R1 was due for review on 31 Mar 2024
    """
    return tuple(
        _finding(
            Severity.WARNING,
            "risk-review-overdue",
            f"$.risks[{index}].review_by",
            f"risk {risk.id} was due for review on {format_date(risk.review_by)}",
        )
        for index, risk in enumerate(register.risks)
        if risk.review_by is not None and risk.review_by < as_of
    )


def in_framework(finding: Finding) -> Finding:
    """``finding`` about the register (:func:`risk_findings`, :func:`overdue_reviews`), whose
    path is in risks.toml, with its path placed in the framework, where the register is
    ``$.risks``.

    >>> print(in_framework(_finding(Severity.WARNING, "risk-serves-nothing",
    ...     "$.risks[0].serves", "risk R1 is linked to no theme, priority or outcome")).path)
    $.risks.risks[0].serves
    """
    return attrs.evolve(finding, path=f"$.risks{finding.path[1:]}")
