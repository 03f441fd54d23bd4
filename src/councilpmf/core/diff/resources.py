"""The resource strategies' and the budget's changes."""

from __future__ import annotations

from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.diff.matching import by_position, matched, pair, paired_by_key
from councilpmf.core.diff.words import compared, field_changes, in_list
from councilpmf.core.framework import Framework
from councilpmf.core.plan import BudgetAllocation, ResourceStrategy


def resource_strategy_changes(old: Framework, new: Framework) -> list[PlanChange]:
    def changed(was: ResourceStrategy, now: ResourceStrategy, path: str) -> list[PlanChange]:
        return field_changes(
            compared(
                was,
                now,
                "id",
                "kind",
                "title",
                "summary",
                "start",
                "end",
                "owner",
                ("serves", in_list),
            ),
            f"Resource strategy '{now.title}'",
            path,
            ChangeKind.RESOURCE_STRATEGY_CHANGED,
        )

    strategies_old, strategies_new = old.resource_strategies, new.resource_strategies
    return matched(
        strategies_old,
        strategies_new,
        pair(strategies_old, strategies_new, lambda r: r.id, lambda r: r.title),
        by_position("$.resource_strategies"),
        lambda r: (ChangeKind.RESOURCE_STRATEGY_ADDED, f"Resource strategy '{r.title}' added"),
        changed,
        lambda r: (ChangeKind.RESOURCE_STRATEGY_REMOVED, f"Resource strategy '{r.title}' removed"),
    )


def _money(amount: float) -> str:
    """An amount in pounds, with pence only where there are any.

    >>> _money(142600000.0), _money(-12.5)
    ('£142,600,000', '-£12.50')
    """
    pounds = f"{abs(amount):,.2f}".removesuffix(".00")
    return f"-£{pounds}" if amount < 0 else f"£{pounds}"


def budget_changes(old: Framework, new: Framework) -> list[PlanChange]:
    """Allocations matched by priority, year and kind (revenue or capital)."""

    def named(allocation: BudgetAllocation) -> str:
        return f"Budget for {allocation.priority} in {allocation.year} ({allocation.kind})"

    def changed(was: BudgetAllocation, now: BudgetAllocation, path: str) -> list[PlanChange]:
        return field_changes(
            compared(was, now, ("amount", _money), "note"),
            named(now),
            path,
            ChangeKind.BUDGET_CHANGED,
        )

    return matched(
        old.budget,
        new.budget,
        paired_by_key(old.budget, new.budget, lambda b: (b.priority, b.year, b.kind)),
        by_position("$.budget"),
        lambda b: (ChangeKind.BUDGET_ADDED, f"{named(b)} added: {_money(b.amount)}"),
        changed,
        lambda b: (ChangeKind.BUDGET_REMOVED, f"{named(b)} removed: {_money(b.amount)}"),
    )
