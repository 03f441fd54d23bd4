"""The built-in rating rules as polars expressions, read from the rule records themselves.

Each function here mirrors the ``rate`` method of one rule kind in :mod:`councilpmf.core.rag`,
taking its parameters (tolerances, bands, clauses) from the rule record and its constants
(``EPSILON``, ``_slack``, the default first-match clauses) from the core, so that there is one
definition of each rule; the differential tests hold the two equal. The cases every rule shares
(no data, data only, no target) are :func:`shared_cases`, as in :func:`councilpmf.core.rag.rate`.

Every function works on a frame with the columns ``value`` (the actual), ``t_value``, ``t_low``
and ``t_high`` (the target), ``polarity`` (the core's word), ``last_value`` (the same period
last year; null across a change of definition) and ``hundred`` (100.0 in every row), and
returns a ``(status, label)`` pair of expressions, or None where it does not decide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import polars as pl

from councilpmf.core.indicators import Polarity
from councilpmf.core.rag import (
    DEFAULT_CLAUSES,
    EPSILON,
    LOWER_IS_BETTER_CLAUSES,
    OPERATORS,
    Bands,
    Clause,
    FirstMatch,
    RatioToTarget,
    Status,
    TargetTolerance,
    ToleranceWithTravel,
)
from councilpmf.core.rule import Rule

__all__ = ["STATUS", "VECTORISED", "Decision", "rating_of", "settle", "shared_cases", "status_of"]

STATUS = pl.Enum([status.value for status in Status])
"""The dtype of ``status``: the core's status words, best first."""

Decision = tuple[pl.Expr, pl.Expr]

_ACTUAL = pl.col("value")
_BANDED = pl.col("polarity") == Polarity.TARGET_BAND.value
_LOWER = pl.col("polarity") == Polarity.LOWER_IS_BETTER.value


def status_of(status: Status) -> pl.Expr:
    """A status as a literal of the status dtype."""
    return pl.lit(status.value, dtype=STATUS)


_status = status_of


def _word(status: Status, label: str | None = None) -> pl.Expr:
    return pl.lit(label or status.word)


def _slack(*values: pl.Expr) -> pl.Expr:
    """``councilpmf.core.rag._slack`` on columns: the same operations in the same order."""
    largest = pl.max_horizontal(*(v.abs() for v in values))
    return pl.max_horizontal(pl.lit(EPSILON), 1e-12 * largest)


def shared_cases(uses_target: bool) -> list[tuple[pl.Expr, Status]]:
    """The cases :func:`councilpmf.core.rag.rate` settles before asking the rule, in order."""
    cases = [
        (_ACTUAL.is_null(), Status.NO_DATA),
        (pl.col("polarity") == Polarity.NONE.value, Status.NOT_RATED),
    ]
    if uses_target:
        no_target = pl.col("t_value").is_null() & pl.col("t_low").is_null()
        cases.append((no_target, Status.NOT_RATED))
        cases.append((pl.col("t_value").is_null() & ~_BANDED, Status.NOT_RATED))
    return cases


def settle(cases: list[tuple[pl.Expr, Status]], decided: Decision) -> Decision:
    """``decided``, except where one of the shared ``cases`` holds (the first that does)."""
    status, label = decided
    for condition, fixed in reversed(cases):
        status = pl.when(condition).then(status_of(fixed)).otherwise(status)
        label = pl.when(condition).then(pl.lit(fixed.word)).otherwise(label)
    return status, label


def _aim(actual: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """``RatingContext.aim``: the target that matters and the better direction, both null
    inside a target band."""
    low = pl.coalesce(pl.col("t_low"), pl.col("t_value"))
    high = pl.coalesce(pl.col("t_high"), pl.col("t_value"))
    below = actual < low - _slack(low, actual)
    above = actual > high + _slack(high, actual)
    target = (
        pl.when(_BANDED & below)
        .then(low)
        .when(_BANDED & above)
        .then(high)
        .when(_BANDED)
        .then(None)
        .otherwise(pl.col("t_value"))
    )
    direction = (
        pl.when(_BANDED & below)
        .then(1)
        .when(_BANDED & above)
        .then(-1)
        .when(_BANDED)
        .then(None)
        .when(_LOWER)
        .then(-1)
        .otherwise(1)
    )
    return target, direction


def _gap(actual: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """``_gap``: the shortfall (<= 0 when met) and the reference size."""
    target, direction = _aim(actual)
    shortfall = pl.when(target.is_null()).then(0.0).otherwise((target - actual) * direction)
    reference = pl.when(target.is_null()).then(1.0).otherwise(target.abs())
    return shortfall, reference


def _allowance(tolerance: float, mode: str, reference: pl.Expr) -> pl.Expr:
    # Divided by a column of 100s, not the number: polars divides by a constant as a
    # multiplication by its reciprocal, which is an ulp off Python's division one time in seven.
    if mode == "relative":
        return tolerance * reference / pl.col("hundred")
    return pl.lit(float(tolerance))


def _target_tolerance(rule: TargetTolerance) -> Decision:
    shortfall, reference = _gap(_ACTUAL)
    slack = _slack(reference, _ACTUAL)
    green = _status(Status.GREEN)
    if rule.exceeded_by is not None:
        blue = -shortfall > _allowance(rule.exceeded_by, rule.mode, reference) + slack
        green = pl.when(blue).then(_status(Status.BLUE)).otherwise(green)
    within = shortfall <= _allowance(rule.tolerance, rule.mode, reference) + slack
    # A relative tolerance of a target of zero allows nothing: short of it is red.
    nothing_allowed = pl.lit(rule.mode == "relative") & (reference == 0)
    status = (
        pl.when(shortfall <= slack)
        .then(green)
        .when(nothing_allowed)
        .then(_status(Status.RED))
        .when(within)
        .then(_status(Status.AMBER))
        .otherwise(_status(Status.RED))
    )
    return status, _words(status)


def _performance() -> pl.Expr:
    """``_performance``: percent of target, 100 inside a band, null for a target of zero or
    less."""
    target, direction = _aim(_ACTUAL)
    ratio = _ACTUAL / target
    return (
        pl.when(target.is_null())
        .then(100.0)
        .when(target <= 0)
        .then(None)
        .otherwise(100 * pl.when(direction > 0).then(ratio).otherwise(2 - ratio))
    )


def _chain(cases: list[tuple[pl.Expr, pl.Expr]], otherwise: pl.Expr) -> pl.Expr:
    """The value of the first case whose condition holds, else ``otherwise``."""
    result = otherwise
    for condition, value in reversed(cases):
        result = pl.when(condition).then(value).otherwise(result)
    return result


def _ratio_to_target(rule: RatioToTarget) -> Decision:
    performance = _performance()
    cases = [(performance.is_null(), _status(Status.NOT_RATED))]
    if rule.exceeded_at is not None:
        cases.append((performance >= rule.exceeded_at - EPSILON, _status(Status.BLUE)))
    cases.append((performance >= 100 - EPSILON, _status(Status.GREEN)))
    cases.append((performance >= (100 - rule.variance) - EPSILON, _status(Status.AMBER)))
    status = _chain(cases, _status(Status.RED))
    return status, _words(status)


def _bands(rule: Bands) -> Decision:
    performance = _performance()
    unrated = performance.is_null()
    statuses = [(unrated, _status(Status.NOT_RATED))]
    labels = [(unrated, _word(Status.NOT_RATED))]
    for band in rule.bands:
        if band.at_least is None:
            break
        reached = performance >= band.at_least - EPSILON
        statuses.append((reached, _status(band.status)))
        labels.append((reached, _word(band.status, band.label)))
    last = rule.bands[-1]
    return (
        _chain(statuses, _status(last.status)),
        _chain(labels, _word(last.status, last.label)),
    )


def _clauses(clauses: tuple[Clause, ...], reference: pl.Expr, otherwise: Decision) -> Decision:
    """The first clause the actual passes, else ``otherwise`` (``Clause.matches``)."""
    tests = []
    for clause in clauses:
        threshold = clause.factor * reference + clause.offset
        compare: pl.Expr = cast(Any, OPERATORS[clause.op])(_ACTUAL, threshold)
        if clause.op in (">=", "<="):
            compare = ((_ACTUAL - threshold).abs() <= _slack(_ACTUAL, threshold)) | compare
        tests.append((compare, clause))
    status = _chain([(test, _status(c.status)) for test, c in tests], otherwise[0])
    label = _chain([(test, _word(c.status, c.label)) for test, c in tests], otherwise[1])
    return status, label


def _first_match(rule: FirstMatch) -> Decision:
    otherwise = (_status(rule.otherwise), _word(rule.otherwise, rule.otherwise_label))
    if rule.clauses == DEFAULT_CLAUSES:
        # The default clauses follow the indicator's direction (FirstMatch.rate).
        target, direction = _aim(_ACTUAL)
        up = _clauses(rule.clauses, target, otherwise)
        down = _clauses(LOWER_IS_BETTER_CLAUSES, target, otherwise)
        inside = target.is_null()
        downward = direction < 0
        status = _chain([(inside, _status(Status.GREEN)), (downward, down[0])], up[0])
        label = _chain([(inside, _word(Status.GREEN)), (downward, down[1])], up[1])
        return status, label
    reference = pl.col("t_value")
    status, label = _clauses(rule.clauses, reference, otherwise)
    missing = reference.is_null()
    return (
        pl.when(missing).then(_status(Status.NOT_RATED)).otherwise(status),
        pl.when(missing).then(_word(Status.NOT_RATED)).otherwise(label),
    )


def _tolerance_with_travel(rule: ToleranceWithTravel) -> Decision:
    shortfall, reference = _gap(_ACTUAL)
    slack = _slack(reference, _ACTUAL)
    last = pl.col("last_value")
    last_gap, _ = _gap(last)
    both = _slack(reference, _ACTUAL, last)
    status = (
        pl.when(shortfall <= slack)
        .then(_status(Status.GREEN))
        .when(shortfall <= _allowance(rule.tolerance, rule.mode, reference) + slack)
        .then(_status(Status.GREEN))
        .when(last.is_null())
        .then(_status(Status.RED))
        .when(shortfall < last_gap - both)
        .then(_status(Status.AMBER))
        .when((shortfall - last_gap).abs() <= both)
        .then(_status(Status.AMBER))
        .otherwise(_status(Status.RED))
    )
    return status, _words(status)


def _words(status: pl.Expr) -> pl.Expr:
    """The status word (``Green``) for rules that have no labels of their own."""
    return status.cast(pl.String).replace_strict(
        {s.value: s.word for s in Status}, return_dtype=pl.String
    )


VECTORISED: dict[type[Rule], Callable[[object], Decision]] = {
    TargetTolerance: _target_tolerance,  # type: ignore[dict-item]
    RatioToTarget: _ratio_to_target,  # type: ignore[dict-item]
    Bands: _bands,  # type: ignore[dict-item]
    FirstMatch: _first_match,  # type: ignore[dict-item]
    ToleranceWithTravel: _tolerance_with_travel,  # type: ignore[dict-item]
}


def rating_of(rule: Rule) -> Decision | None:
    """The status and label of every row under ``rule`` (after :func:`shared_cases`), or
    None when this rule's kind is not vectorised here (a plugin's kind, or a subclass)."""
    build = VECTORISED.get(type(rule))
    return None if build is None else build(rule)
