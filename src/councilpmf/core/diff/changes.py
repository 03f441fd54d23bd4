"""What a comparison of two versions finds: the kinds of change, a change (its kind, where it
is and a sentence), and the whole diff."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs

from councilpmf.core._summary import counted
from councilpmf.core._validate import of_type, required, tuple_of

_PLURALS = {"priority": "priorities", "resource strategy": "resource strategies"}


class ChangeKind(enum.Enum):
    """What kind of change a refresh made."""

    THEME_ADDED = "theme-added"
    THEME_REMOVED = "theme-removed"
    THEME_RENAMED = "theme-renamed"
    THEME_AMBITION_CHANGED = "theme-ambition-changed"
    THEME_LEAD_CHANGED = "theme-lead-changed"
    PRIORITY_ADDED = "priority-added"
    PRIORITY_REMOVED = "priority-removed"
    PRIORITY_REWORDED = "priority-reworded"
    PRIORITY_MOVED = "priority-moved"
    PRIORITY_CHANGED = "priority-changed"
    OUTCOME_ADDED = "outcome-added"
    OUTCOME_REMOVED = "outcome-removed"
    OUTCOME_CHANGED = "outcome-changed"
    VISION_CHANGED = "vision-changed"
    TITLE_CHANGED = "title-changed"
    STRATEGIC_PLAN_CHANGED = "strategic-plan-changed"
    INDICATOR_ADDED = "indicator-added"
    INDICATOR_RETIRED = "indicator-retired"
    INDICATOR_CHANGED = "indicator-changed"
    PLAN_RENAMED = "plan-renamed"
    PLAN_CHANGED = "plan-changed"
    ACTION_ADDED = "action-added"
    ACTION_REMOVED = "action-removed"
    ACTION_CHANGED = "action-changed"
    MILESTONE_ADDED = "milestone-added"
    MILESTONE_REMOVED = "milestone-removed"
    MILESTONE_CHANGED = "milestone-changed"
    COMMITTEE_ADDED = "committee-added"
    COMMITTEE_REMOVED = "committee-removed"
    COMMITTEE_CHANGED = "committee-changed"
    INDICATOR_SET_ADDED = "indicator-set-added"
    INDICATOR_SET_REMOVED = "indicator-set-removed"
    INDICATOR_SET_CHANGED = "indicator-set-changed"
    RISK_ADDED = "risk-added"
    RISK_REMOVED = "risk-removed"
    RISK_CHANGED = "risk-changed"
    RESOURCE_STRATEGY_ADDED = "resource-strategy-added"
    RESOURCE_STRATEGY_REMOVED = "resource-strategy-removed"
    RESOURCE_STRATEGY_CHANGED = "resource-strategy-changed"
    BUDGET_ADDED = "budget-added"
    BUDGET_REMOVED = "budget-removed"
    BUDGET_CHANGED = "budget-changed"
    PEER_CHALLENGE_ADDED = "peer-challenge-added"
    PEER_CHALLENGE_REMOVED = "peer-challenge-removed"
    PEER_CHALLENGE_CHANGED = "peer-challenge-changed"
    RECOMMENDATION_ADDED = "recommendation-added"
    RECOMMENDATION_REMOVED = "recommendation-removed"
    RECOMMENDATION_CHANGED = "recommendation-changed"
    COUNCIL_CHANGED = "council-changed"


@attrs.frozen(kw_only=True)
class PlanChange:
    """One change between two versions of a plan: its kind, where it is (new version; old for
    removals), and a sentence. (What a store writes for a reading is ``councilpmf.store.Change``.)
    """

    kind: ChangeKind = attrs.field(validator=of_type(ChangeKind))
    path: str = attrs.field(validator=required)
    text: str = attrs.field(validator=required)

    def __str__(self) -> str:
        return self.text


@attrs.frozen(kw_only=True)
class PlanDiff:
    """The changes between two versions, in plan order; false when there are none.

    >>> str(PlanDiff(changes=())), bool(PlanDiff(changes=()))
    ('No changes', False)
    """

    changes: tuple[PlanChange, ...] = attrs.field(default=(), validator=tuple_of(PlanChange))

    def __str__(self) -> str:
        return "\n".join(c.text for c in self.changes) or "No changes"

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __repr__(self) -> str:
        """One line: how many changes of each kind of thing (theme, priority, indicator ...).

        >>> PlanDiff(changes=(PlanChange(kind=ChangeKind.THEME_ADDED, path="$.themes[0]",
        ...     text="Theme 'Our place' added"),))
        <PlanDiff: 1 change (1 theme)>
        """
        if not self.changes:
            return "<PlanDiff: no changes>"
        things: dict[str, int] = {}
        for change in self.changes:
            thing = change.kind.value.rsplit("-", 1)[0].replace("-", " ")
            things[thing] = things.get(thing, 0) + 1
        each = ", ".join(counted(n, thing, _PLURALS.get(thing)) for thing, n in things.items())
        return f"<PlanDiff: {counted(len(self.changes), 'change')} ({each})>"

    def of_kind(self, *kinds: ChangeKind) -> tuple[PlanChange, ...]:
        """The changes of the given kinds, in order."""
        return tuple(c for c in self.changes if c.kind in kinds)

    if TYPE_CHECKING:
        # Attached by councilpmf.notebook (outside the pure core) when first used; pandas and
        # polars are optional: councilpmf[pandas], councilpmf[frames].
        def to_pandas(self) -> Any:
            """The changes as a pandas DataFrame, one row per change."""

        def to_polars(self) -> Any:
            """The changes as a polars DataFrame, one row per change."""
