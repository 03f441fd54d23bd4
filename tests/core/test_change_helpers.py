"""Changing a plan in one line: shifting periods, setting targets, replacing indicators, and
rolling a framework on to next year."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from councilpmf._strategies import frameworks, periods
from councilpmf.core.diff import ChangeKind, diff_frameworks
from councilpmf.core.errors import AmbiguousNameError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Aggregation, Indicator
from councilpmf.core.periods import Period, PeriodError, parse_period
from councilpmf.core.plan import BudgetAllocation, DeliveryPlan, ServicePlan, StrategicPlan
from councilpmf.folder import load_folder

steps = st.integers(min_value=-30, max_value=30)


@given(periods, steps, st.integers(min_value=-3, max_value=3))
def test_shifting_there_and_back_returns_the_same_period(
    period: Period, by: int, years: int
) -> None:
    try:
        moved = period.shift(by, years=years)
    except PeriodError:
        return  # off the calendar the library supports
    assert type(moved) is type(period)
    assert moved.shift(-by, years=-years) == period


@given(periods)
def test_shift_agrees_with_next_previous_and_last_year(period: Period) -> None:
    try:
        assert period.shift(1) == period.next()
        assert period.shift(-1) == period.previous()
        assert period.shift(years=-1) == period.same_period_last_year()
    except PeriodError:
        pass  # the first or last period the library supports has no neighbour


def test_shift_across_the_year_end() -> None:
    assert str(parse_period("2024/25 Q4").shift(1)) == "2025/26 Q1"
    assert str(parse_period("Mar 2025").shift(1)) == "Apr 2025"
    assert str(parse_period("Jan 2025").shift(years=1)) == "Jan 2026"


@pytest.mark.parametrize("bad", [1.5, True, "1"])
def test_shift_refuses_what_is_not_a_whole_number(bad: object) -> None:
    with pytest.raises(PeriodError, match="must be a whole number"):
        parse_period("2024/25").shift(years=bad)  # type: ignore[arg-type]


def test_with_target_sets_a_band_and_keeps_other_years() -> None:
    k = Indicator(id="K", title="Days to process a new claim")
    k = k.with_target(parse_period("2024/25"), 20).with_target(
        parse_period("2024/25"), low=18, high=22
    )
    (only,) = k.targets
    assert (only.value, only.low, only.high) == (None, 18, 22)


def test_replace_indicator_refuses_an_unknown_id() -> None:
    fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"))
    with pytest.raises(KeyError, match="no indicator 'K9'"):
        fw.replace_indicator(Indicator(id="K9", title="New"))


def test_roll_forward_moves_the_last_year_on_and_keeps_what_is_set() -> None:
    year, following = parse_period("2024/25"), parse_period("2025/26")
    cumulative = Indicator(id="C", title="Rent collected", aggregation=Aggregation.CUMULATIVE)
    cumulative = (
        cumulative.with_target(parse_period("2023/24"), 90)
        .with_target(year, 100)
        .with_target(parse_period("2024/25 Q1"), 30)
    )
    already = Indicator(id="A", title="Set").with_target(year, 5).with_target(following, 7)
    fw = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=(cumulative, already, Indicator(id="N", title="No targets")),
        delivery_plans=(DeliveryPlan(id="d", title="Place", year=year),),
        budget=(
            BudgetAllocation(priority="P1", year=parse_period("2023/24"), amount=1.0),
            BudgetAllocation(priority="P1", year=year, amount=2.0),
        ),
    )
    rolled = fw.roll_forward()
    assert [(str(t.period), t.value) for t in rolled.indicator("C").targets] == [
        ("2023/24", 90),
        ("2024/25", 100),
        ("2024/25 Q1", 30),
        ("2025/26", 100),
        ("2025/26 Q1", 30),
    ]
    assert [(str(t.period), t.value) for t in rolled.indicator("A").targets] == [
        ("2024/25", 5),
        ("2025/26", 7),
        ("2026/27", 7),
    ]
    assert rolled.indicator("N").targets == ()
    assert rolled.delivery_plans[0].year == following
    assert [(str(b.year), b.amount) for b in rolled.budget] == [
        ("2023/24", 1.0),
        ("2024/25", 2.0),
        ("2025/26", 2.0),
    ]
    assert (
        attrs.evolve(
            rolled, indicators=fw.indicators, delivery_plans=fw.delivery_plans, budget=fw.budget
        )
        == fw
    )


def test_roll_forward_moves_the_year_labels_of_plan_names_and_ids_and_nothing_else() -> None:
    fw = Framework(
        plan=StrategicPlan(title="Vision 2030 for 2024/25", organisation="Anytown"),
        delivery_plans=(
            DeliveryPlan(id="economy-2024-25", title="Delivery Plan 2024/25", year="2024/25"),
            DeliveryPlan(id="v2030", title="Vision 2030 actions", year="2024/25"),
            DeliveryPlan(id="mtfs-2024-2025", title="Plan 2024/2025 to 2026/2027"),
        ),
        service_plans=(
            ServicePlan(id="waste-2024-25", service="Waste 2024–25", year="2024/25"),
            ServicePlan(id="parks", service="Parks", year="2024/25"),
        ),
    )
    rolled = fw.roll_forward(years=2)
    assert [(p.id, p.title, str(p.year)) for p in rolled.delivery_plans] == [
        ("economy-2026-27", "Delivery Plan 2026/27", "2026/27"),
        ("v2030", "Vision 2030 actions", "2026/27"),
        ("mtfs-2026-2027", "Plan 2026/2027 to 2028/2029", "None"),
    ]
    assert [(p.id, p.service, str(p.year)) for p in rolled.service_plans] == [
        ("waste-2026-27", "Waste 2026–27", "2026/27"),
        ("parks", "Parks", "2026/27"),
    ]
    assert rolled.plan == fw.plan  # the strategic plan spans years: it is not rolled
    assert [p.actions for p in rolled.delivery_plans] == [p.actions for p in fw.delivery_plans]


@pytest.mark.parametrize("council", ["mansfield", "nottinghamshire", "york"])
def test_a_rolled_council_is_one_rename_and_one_year_change_a_plan_and_keeps_its_actions(
    council: str,
) -> None:
    fw = load_folder(f"examples/{council}").framework
    diff = diff_frameworks(fw, fw.roll_forward())
    plans = len(fw.delivery_plans) + len(fw.service_plans)
    assert len(diff.of_kind(ChangeKind.PLAN_RENAMED)) == plans
    assert [c.path.rsplit(".", 1)[1] for c in diff.of_kind(ChangeKind.PLAN_CHANGED)] == [
        "year"
    ] * plans
    assert not diff.of_kind(
        ChangeKind.ACTION_ADDED, ChangeKind.ACTION_REMOVED, ChangeKind.ACTION_CHANGED
    )
    assert {c.kind for c in diff.changes} <= {
        ChangeKind.PLAN_RENAMED,
        ChangeKind.PLAN_CHANGED,
        ChangeKind.INDICATOR_CHANGED,  # targets copied on to next year
        ChangeKind.BUDGET_ADDED,  # the last year's budget copied on
    }


def test_roll_forward_refuses_no_years() -> None:
    fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"))
    with pytest.raises(ValueError, match="at least 1"):
        fw.roll_forward(0)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks, st.data())
def test_changing_the_action_at_a_path_changes_that_action_alone(
    framework: Framework, data: st.DataObject
) -> None:
    placed = list(framework.actions_at())
    assume(placed)
    path, _action = data.draw(st.sampled_from(placed))
    changed = framework.with_action_at(
        path, lambda a: attrs.evolve(a, title=a.title + " (changed)")
    )
    after = list(changed.actions_at())
    assert [at for at, _ in after] == [at for at, _ in placed]
    assert [(at, a.title) for (at, a), (_, b) in zip(after, placed, strict=True) if a != b] == [
        (path, dict(placed)[path].title + " (changed)")
    ]


def test_a_plan_is_named_by_its_id_or_its_name_as_a_reader_sees_it() -> None:
    fw = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        delivery_plans=(
            DeliveryPlan(id="dp24", title="Delivery Plan", year="2024/25"),
            DeliveryPlan(id="dp25", title="Delivery Plan", year="2025/26"),
        ),
        service_plans=(ServicePlan(id="Delivery Plan, 2025/26", service="Parks"),),
    )
    assert fw.action_plans() == (
        ("$.delivery_plans[0]", "Delivery Plan, 2024/25"),
        ("$.delivery_plans[1]", "Delivery Plan, 2025/26"),
        ("$.service_plans[0]", "Parks"),
    )
    assert fw.action_plan_named("dp24") == fw.action_plans()[0]
    assert fw.action_plan_named(" delivery  plan, 2024/25") == fw.action_plans()[0]
    # one plan's name and another's id: neither, whichever comes first
    with pytest.raises(AmbiguousNameError, match="'Delivery Plan, 2025/26' names 2 plans"):
        fw.action_plan_named("Delivery Plan, 2025/26")
    assert fw.action_plan_named("Parks") == fw.action_plans()[2]
    assert fw.action_plan_named("Delivery Plan") is None
    with pytest.raises(KeyError):
        fw.with_action_at("$.delivery_plans[0].actions[0]", lambda a: a)
