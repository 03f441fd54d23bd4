"""The missing-target warning is for rules that rate against a target, not quartile rules."""

from __future__ import annotations

from councilpmf.core.checks import golden_thread
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator
from councilpmf.core.plan import Priority, StrategicPlan, Theme
from councilpmf.core.rag import Quartile, TargetTolerance


def _codes(rule: Quartile | TargetTolerance) -> set[str]:
    plan = StrategicPlan(
        title="Plan",
        organisation="Anytown",
        themes=(
            Theme(
                id="T",
                name="Place",
                priorities=(Priority(id="P", statement="S", indicators=("K",)),),
            ),
        ),
    )
    fw = Framework(plan=plan, indicators=(Indicator(id="K", title="Recycling rate", rule=rule),))
    return {finding.code for finding in golden_thread(fw)}


def test_a_quartile_rated_indicator_needs_no_target() -> None:
    assert "missing-target" not in _codes(Quartile(group="CIPFA nearest neighbours"))


def test_a_target_rated_indicator_without_targets_is_warned_about() -> None:
    assert "missing-target" in _codes(TargetTolerance())
