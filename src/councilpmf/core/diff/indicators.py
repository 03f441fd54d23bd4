"""The indicators' changes: added, retired, and changed field by field."""

from __future__ import annotations

from councilpmf.core.audit import describe_rule
from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.diff.matching import by_position, matched, paired_by_key
from councilpmf.core.diff.words import compared, field_changes
from councilpmf.core.formula import numbers_written
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Baseline, Indicator, Target
from councilpmf.core.periods import Period
from councilpmf.core.rule import Rule


def _targets_text(old: Indicator, new: Indicator) -> str | None:
    before: dict[Period, Target] = {t.period: t for t in old.targets}
    after: dict[Period, Target] = {t.period: t for t in new.targets}
    parts = []
    for period in sorted(before.keys() | after.keys()):
        was, now = before.get(period), after.get(period)
        if was == now:
            continue
        if was is None:
            parts.append(f"{period} {new.format_target(now)} added")
        elif now is None:
            parts.append(f"{period} {old.format_target(was)} removed")
        else:
            parts.append(f"{period} {new.format_target(now)} (was {old.format_target(was)})")
    return "; ".join(parts) if parts else None


def _calculation_text(indicator: Indicator, as_written: bool) -> str:
    calculation = indicator.calculation
    if calculation is None:
        return "readings of its own"
    return f"'{indicator.formula}'" if as_written else f"'{calculation}'"


def _numbers_written(indicator: Indicator) -> tuple[str, ...]:
    """The numbers of a formula as written: ``101`` may name an indicator where ``101.0``
    cannot, so writing one for the other changes how the formula reads, though not its tree."""
    return () if indicator.formula is None else numbers_written(indicator.formula)


def _calculation_field(old: Indicator, new: Indicator) -> str:
    """The field a change of calculation is at: the formula when either has one, else the
    part of the ratio that changed (the numerator when both did)."""
    if new.formula is not None or old.formula is not None:
        return "formula"
    return "numerator" if old.numerator != new.numerator else "denominator"


def _indicator_changes(old: Indicator, new: Indicator, path: str) -> list[PlanChange]:
    name = f"Indicator {new.id}"
    found: list[tuple[str, str]] = []
    if old.title != new.title:
        found.append(("title", f"{name} title changed from '{old.title}' to '{new.title}'"))
    named = f"{name} '{new.title}'"
    if old.unit != new.unit:
        found.append(("unit", f"{named} unit changed from {old.unit.value} to {new.unit.value}"))
    if old.polarity != new.polarity:
        found.append(
            (
                "polarity",
                f"{named} polarity changed from {old.polarity.value} to {new.polarity.value}",
            )
        )
    same_tree = old.calculation == new.calculation
    if not same_tree or _numbers_written(old) != _numbers_written(new):
        found.append(
            (
                _calculation_field(old, new),
                f"{named} calculation changed from {_calculation_text(old, same_tree)} to "
                f"{_calculation_text(new, same_tree)}",
            )
        )
    targets = _targets_text(old, new)
    if targets is not None:
        found.append(("targets", f"{named} targets changed: {targets}"))

    def baseline(value: Baseline | None) -> str:
        return "none" if value is None else f"{new.format_value(value.value)} in {value.period}"

    def rule(value: Rule | None) -> str:
        return "the council's default rule" if value is None else f"'{describe_rule(value)}'"

    return [
        *(
            PlanChange(kind=ChangeKind.INDICATOR_CHANGED, path=f"{path}.{field}", text=text)
            for field, text in found
        ),
        *field_changes(
            compared(
                old,
                new,
                "definition",
                "frequency",
                "aggregation",
                "decimals",
                ("baseline", baseline),
                ("rule", rule),
                "series_break",
                "owner",
                "source",
                "supplier",
                "reporting_lag_days",
                "due_days",
                "external_ids",
            ),
            named,
            path,
            ChangeKind.INDICATOR_CHANGED,
        ),
    ]


def indicator_list_changes(old: Framework, new: Framework) -> list[PlanChange]:
    return matched(
        old.indicators,
        new.indicators,
        paired_by_key(old.indicators, new.indicators, lambda i: i.id),
        by_position("$.indicators"),
        lambda i: (ChangeKind.INDICATOR_ADDED, f"Indicator {i.id} '{i.title}' added"),
        _indicator_changes,
        lambda i: (ChangeKind.INDICATOR_RETIRED, f"Indicator {i.id} '{i.title}' retired"),
    )
