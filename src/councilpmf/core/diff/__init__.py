"""Compare two versions of a strategic plan, as councils refresh them (York 2008, Mansfield 2024):
themes merged, renamed, added and retired; priorities reworded and moved between themes.

Themes and priorities are matched by id first. Those left over are paired by how alike their
text is (a theme's name, a priority's statement: :class:`difflib.SequenceMatcher` ratio of at
least 0.6, most alike first), so a theme whose id changed but whose name barely did is a rename,
not a removal and an addition. A change of id alone is reported as a rename (themes) or a
rewording (priorities), so that it is never silent. In a framework, delivery and service plans
(by title or service, with their financial-year labels set aside), their actions (by title,
within their plan), outcomes (by statement, within their priority), committees (by name) and
resource strategies (by title) are paired the same way. Every other field a council edits is
compared where it is, one change a field, in a sentence that names both values.

Each :class:`PlanChange` has a path: where the thing is in the new plan, or in the old plan for a
removal. :func:`diff_plans` paths start at the plan (``$.themes[1]``); :func:`diff_frameworks`
paths start at the framework (``$.plan.themes[1]``, ``$.indicators[4].targets``).

The package's modules: :mod:`~councilpmf.core.diff.changes` (the records),
:mod:`~councilpmf.core.diff.matching` (pairing the parts of two versions),
:mod:`~councilpmf.core.diff.words` (a field's values in words, a sentence per field changed),
and a module per part of a framework: :mod:`~councilpmf.core.diff.strategic`,
:mod:`~councilpmf.core.diff.indicators`, :mod:`~councilpmf.core.diff.actions` (plans and their
actions), :mod:`~councilpmf.core.diff.governance` (committees, indicator sets, risks),
:mod:`~councilpmf.core.diff.resources` (resource strategies, budget),
:mod:`~councilpmf.core.diff.peer` (peer challenges, their recommendations and actions) and
:mod:`~councilpmf.core.diff.settings` (what a council sets for the whole framework). Everything
public is importable from here.

>>> from councilpmf.core.plan import Priority, StrategicPlan, Theme
>>> old = StrategicPlan(title="Plan", organisation="Anytown", themes=(
...     Theme(id="place", name="Our place",
...           priorities=(Priority(id="P1", statement="Clean streets."),)),
...     Theme(id="people", name="Our people",
...           priorities=(Priority(id="P2", statement="Give communities a voice."),))))
>>> new = StrategicPlan(title="Plan", organisation="Anytown", themes=(
...     Theme(id="places", name="Our places", priorities=(
...         Priority(id="P1", statement="Clean streets."),
...         Priority(id="P2", statement="Give communities a voice."))),))
>>> print(diff_plans(old, new))
Theme 'Our place' renamed to 'Our places' (id 'place' is now 'places')
Priority P2 'Give communities a voice.' moved from 'Our people' to 'Our places'
Theme 'Our people' removed
"""

from __future__ import annotations

from councilpmf.core.diff.actions import action_changes
from councilpmf.core.diff.changes import ChangeKind, PlanChange, PlanDiff
from councilpmf.core.diff.governance import committee_changes, indicator_set_changes, risk_changes
from councilpmf.core.diff.indicators import indicator_list_changes
from councilpmf.core.diff.peer import peer_challenge_changes
from councilpmf.core.diff.resources import budget_changes, resource_strategy_changes
from councilpmf.core.diff.settings import council_changes
from councilpmf.core.diff.strategic import strategic_plan_changes
from councilpmf.core.framework import Framework
from councilpmf.core.plan import StrategicPlan

__all__ = ["ChangeKind", "PlanChange", "PlanDiff", "diff_frameworks", "diff_plans"]


def diff_plans(old: StrategicPlan, new: StrategicPlan) -> PlanDiff:
    """The changes from ``old`` to ``new``: title, vision, then each theme of the new plan with
    its priorities, then what was removed, in the old plan's order.

    >>> import attrs
    >>> from councilpmf.core.plan import Priority, StrategicPlan, Theme
    >>> old = StrategicPlan(title="Plan", organisation="Anytown", themes=(
    ...     Theme(id="T", name="Our place", priorities=(
    ...         Priority(id="P1", statement="Keep streets clean."),)),))
    >>> new = attrs.evolve(old, vision="A greener town", themes=(
    ...     Theme(id="T", name="Our place", priorities=(
    ...         Priority(id="P1", statement="Keep our streets clean."),
    ...         Priority(id="P2", statement="Plant trees."))),))
    >>> for change in diff_plans(old, new).changes:
    ...     print(change.kind.value, change.path, "|", change.text)
    vision-changed $.vision | Vision changed from '' to 'A greener town'
    priority-reworded $.themes[0].priorities[0] | Priority P1 reworded from 'Keep streets clean.' to 'Keep our streets clean.'
    priority-added $.themes[0].priorities[1] | Priority P2 'Plant trees.' added to 'Our place'
    >>> diff_plans(old, old)
    <PlanDiff: no changes>
    """  # noqa: E501
    return PlanDiff(changes=tuple(strategic_plan_changes(old, new, "$")))


def diff_frameworks(old: Framework, new: Framework) -> PlanDiff:
    """Every change from ``old`` to ``new``, part by part, each field a council edits one
    change in one sentence: the plan's (paths under ``$.plan``: its own fields, themes,
    priorities and their outcomes), the indicators' (added, changed field by field, in the new
    order; then retired), the delivery and service plans' (renamed or given a new id, one
    change each; their year, lead, theme and the rest) and their actions' (matched within their
    plan by ref: added, changed field by field, dated updates added, changed or removed,
    milestones added, moved or done, removed), the committees' and indicator sets', the
    risks', the resource strategies', the budget's and the peer challenges' (added, changed,
    removed; a challenge's recommendations and their actions too), and last the council's own
    settings (default rule, year start, status words, approval, risk matrix and appetites).
    Plans, actions, outcomes, committees, resource strategies and peer challenges left over
    after matching by id are paired by how alike their names are, as themes are (a plan's with
    its financial-year labels set aside), so a plan rolled over to next year keeps its actions,
    and an action renumbered or a committee given a new id is one change.

    >>> from councilpmf.core.indicators import Indicator, Unit
    >>> from councilpmf.core.plan import StrategicPlan
    >>> plan = StrategicPlan(title="Plan", organisation="Anytown")
    >>> old = Framework(plan=plan, indicators=(
    ...     Indicator(id="A", title="Rent collected", unit=Unit.PERCENTAGE),
    ...     Indicator(id="B", title="Calls answered")))
    >>> new = Framework(plan=plan, indicators=(
    ...     Indicator(id="A", title="Rent collected", unit=Unit.MONEY),
    ...     Indicator(id="C", title="Trees planted")))
    >>> print(diff_frameworks(old, new))
    Indicator A 'Rent collected' unit changed from percentage to money
    Indicator C 'Trees planted' added
    Indicator B 'Calls answered' retired
    """
    return PlanDiff(
        changes=(
            *strategic_plan_changes(old.plan, new.plan, "$.plan"),
            *indicator_list_changes(old, new),
            *action_changes(old, new),
            *committee_changes(old, new),
            *indicator_set_changes(old, new),
            *risk_changes(old, new),
            *resource_strategy_changes(old, new),
            *budget_changes(old, new),
            *peer_challenge_changes(old, new),
            *council_changes(old, new),
        )
    )
