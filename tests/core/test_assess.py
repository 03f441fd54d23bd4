"""assess(): the scorecard a committee report is made from."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from councilpmf.core.actions import Action
from councilpmf.core.assess import ExceptionReason, Readings, assess, reporting_period
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    Aggregation,
    Indicator,
    Polarity,
    Reading,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
from councilpmf.core.periods import Frequency, parse_period
from councilpmf.core.plan import DeliveryPlan, Priority, StrategicPlan, Theme
from councilpmf.core.rag import Status
from councilpmf.core.travel import Direction

P = parse_period
AS_OF = dt.date(2025, 1, 20)


def quarterly(id_: str, target: float = 90.0, **kwargs: object) -> Indicator:
    return Indicator(
        id=id_,
        title=f"Indicator {id_}",
        unit=Unit.PERCENTAGE,
        targets=(
            Target(period=P("2023/24"), value=target),
            Target(period=P("2024/25"), value=target),
        ),
        **kwargs,  # type: ignore[arg-type]
    )


def framework(*indicators: Indicator, actions: tuple[Action, ...] = ()) -> Framework:
    ids = tuple(i.id for i in indicators)
    plan = StrategicPlan(
        title="Plan",
        organisation="Anytown Borough Council",
        themes=(
            Theme(
                id="place",
                name="Our place",
                priorities=(
                    Priority(id="P1", statement="Clean streets", indicators=ids[:1]),
                    Priority(id="P2", statement="Good homes", indicators=ids[1:]),
                ),
            ),
        ),
    )
    delivery = (DeliveryPlan(id="d", title="Delivery plan", actions=actions),)
    return Framework(plan=plan, indicators=indicators, delivery_plans=delivery)


def series(indicator: str, values: dict[str, float | None]) -> list[Reading]:
    return [
        Reading(indicator=indicator, period=P(p), value=v)
        if v is not None
        else Reading(indicator=indicator, period=P(p), missing_reason="return not received")
        for p, v in values.items()
    ]


@pytest.mark.parametrize(
    ("frequency", "period", "expected"),
    [
        (Frequency.MONTHLY, "2024/25 Q3", "Dec 2024"),
        (Frequency.QUARTERLY, "2024/25 Q3", "2024/25 Q3"),
        (Frequency.QUARTERLY, "Dec 2024", "2024/25 Q3"),
        (Frequency.QUARTERLY, "Nov 2024", "2024/25 Q2"),
        (Frequency.ANNUAL, "2024/25 Q3", "2023/24"),
        (Frequency.ANNUAL, "2024/25 Q4", "2024/25"),
        (Frequency.HALF_YEARLY, "2024/25 Q3", "2024/25 H1"),
        (Frequency.MONTHLY, "2024/25", "Mar 2025"),
    ],
)
def test_each_indicator_reports_its_latest_ended_period(
    frequency: Frequency, period: str, expected: str
) -> None:
    assert str(reporting_period(frequency, P(period))) == expected


def test_equal_to_target_is_green_and_travel_reads_both_ways() -> None:
    fw = framework(quarterly("A"))
    readings = series("A", {"2023/24 Q3": 92.0, "2024/25 Q2": 95.0, "2024/25 Q3": 90.0})
    result = assess(fw, readings, P("2024/25 Q3"), AS_OF).result("A")
    assert result.rating.status is Status.GREEN
    assert result.value_text == "90.0%" and result.target_text == "90.0%"
    assert result.short_term.direction is Direction.WORSENING
    assert result.long_term.direction is Direction.WORSENING
    assert str(result.long_term.compared_with) == "2023/24 Q3"


def test_two_missed_quarters_in_a_row_stay_on_the_list_until_back_on_target() -> None:
    fw = framework(quarterly("A", target=90.0, rule=None))
    readings = series(
        "A",
        {
            "2024/25 Q1": 80.0,  # missed
            "2024/25 Q2": 88.0,  # missed (amber)
            "2024/25 Q3": 87.0,  # missed again
            "2024/25 Q4": 91.0,  # back on target
        },
    )
    index = Readings.of(readings)
    q3 = assess(fw, index, P("2024/25 Q3"), AS_OF)
    (item,) = q3.exceptions
    assert item.reasons == (ExceptionReason.AMBER, ExceptionReason.MISSED_IN_A_ROW)
    assert q3.result("A").missed_in_a_row == 3
    assert [e.indicator for e in q3.exception_list(amber=False)] == ["A"]
    q4 = assess(fw, index, P("2024/25 Q4"), dt.date(2025, 4, 30))
    assert q4.exceptions == ()


def test_a_single_amber_is_not_kept_without_its_amber_status() -> None:
    fw = framework(quarterly("A"))
    readings = series("A", {"2024/25 Q2": 95.0, "2024/25 Q3": 88.0})
    card = assess(fw, readings, P("2024/25 Q3"), AS_OF)
    assert [e.reasons for e in card.exceptions] == [(ExceptionReason.AMBER,)]
    assert card.exception_list(amber=False) == ()


def test_a_period_with_no_data_does_not_reset_a_run_of_misses() -> None:
    fw = framework(quarterly("A"))
    readings = series("A", {"2024/25 Q1": 70.0, "2024/25 Q2": None, "2024/25 Q3": 70.0})
    card = assess(fw, readings, P("2024/25 Q3"), AS_OF)
    assert card.result("A").missed_in_a_row == 2
    # Two misses, but not one after the other: red, yet not kept for being missed in a row.
    assert card.exceptions[0].reasons == (ExceptionReason.RED,)


def test_missing_reading_is_no_data_with_the_reason_and_late_data_is_found() -> None:
    fw = framework(quarterly("A"), quarterly("B"))
    readings = series("A", {"2024/25 Q3": None})
    card = assess(fw, readings, P("2024/25 Q3"), AS_OF)
    assert card.result("A").rating.explanation == "No data: return not received"
    assert card.result("B").rating.status is Status.NO_DATA
    late = [f for f in card.findings if f.code == "late-data"]
    # B's Q3 value was due 28 days after 31 December: late on 20 January is not yet.
    assert late == []
    later = assess(fw, readings, P("2024/25 Q3"), dt.date(2025, 2, 1))
    assert [f.path for f in later.findings if f.code == "late-data"] == ["$.indicators[1]"]


def test_impossible_values_and_duplicates_are_findings_and_final_beats_provisional() -> None:
    fw = framework(quarterly("A"))
    readings = [
        Reading(indicator="A", period=P("2024/25 Q3"), value=104.0),
        Reading(
            indicator="A", period=P("2024/25 Q3"), value=60.0, status=ReadingStatus.PROVISIONAL
        ),
    ]
    card = assess(fw, readings, P("2024/25 Q3"), AS_OF)
    assert card.result("A").value == 104.0
    assert sorted(f.code for f in card.findings) == ["duplicate-reading", "impossible-value"]


def test_cumulative_indicator_is_rated_against_its_profiled_target() -> None:
    homes = Indicator(
        id="H",
        title="Affordable homes delivered",
        unit=Unit.COUNT,
        decimals=0,
        aggregation=Aggregation.CUMULATIVE,
        targets=(Target(period=P("2024/25"), value=120.0),),
    )
    card = assess(framework(homes), series("H", {"2024/25 Q3": 90.0}), P("2024/25 Q3"), AS_OF)
    assert card.result("H").target_text == "90"
    assert card.result("H").rating.status is Status.GREEN


def test_lower_is_better_and_data_only_indicators() -> None:
    days = Indicator(
        id="D",
        title="Days to process claims",
        unit=Unit.DAYS,
        polarity=Polarity.LOWER_IS_BETTER,
        targets=(Target(period=P("2024/25"), value=20.0),),
    )
    context = Indicator(id="C", title="Claimant count", polarity=Polarity.NONE)
    readings = series("D", {"2024/25 Q3": 19.0}) + series(
        "C", {"2024/25 Q2": 4.1, "2024/25 Q3": 4.3}
    )
    card = assess(framework(days, context), readings, P("2024/25 Q3"), AS_OF)
    assert card.result("D").rating.status is Status.GREEN
    assert card.result("C").rating.status is Status.NOT_RATED
    assert card.result("C").target_text == "data only"
    assert card.result("C").short_term.direction is Direction.INCREASING


def test_roll_ups_count_ratings_and_actions_per_theme_and_priority() -> None:
    actions = (
        Action(ref="1", title="Deep clean", serves=("P1",), due=dt.date(2024, 12, 31)),
        Action(ref="2", title="Build homes", serves=("P2",), status="Complete"),
        Action(ref="3", title="Both", serves=("P1", "P2"), due=dt.date(2025, 3, 31)),
    )
    fw = framework(quarterly("A"), quarterly("B"), quarterly("C"), actions=actions)
    readings = series("A", {"2024/25 Q3": 95.0}) + series("B", {"2024/25 Q3": 50.0})
    card = assess(fw, readings, P("2024/25 Q3"), AS_OF)
    p1, p2 = card.priorities
    assert (p1.count(Status.GREEN), p1.actions, p1.actions_overdue) == (1, ("1", "3"), 1)
    assert (p2.count(Status.RED), p2.count(Status.NO_DATA), p2.actions_complete) == (1, 1, 1)
    (theme,) = card.themes
    assert theme.actions == ("1", "3", "2")  # each action once, in the order first served
    assert sum(c.count for c in theme.counts) == 3
    assert sum(c.count for c in card.counts()) == 3


def test_roll_ups_count_the_peer_challenge_actions_that_serve_a_priority() -> None:
    answer = Action(ref="R1.1", title="Refresh the plan", serves=("P1",), due=dt.date(2024, 11, 30))
    aside = Action(ref="R1.2", title="Train members", due=dt.date(2024, 11, 30))
    challenge = PeerChallenge(
        title="Corporate Peer Challenge",
        organisation="LGA",
        visited=dt.date(2024, 5, 1),
        recommendations=(
            Recommendation(number=1, text="Refresh the plan", actions=(answer, aside)),
        ),
    )
    planned = (Action(ref="1", title="Deep clean", serves=("P1",), status="Complete"),)
    fw = attrs.evolve(
        framework(quarterly("A"), quarterly("B"), actions=planned), peer_challenges=(challenge,)
    )
    card = assess(fw, [], P("2024/25 Q3"), AS_OF)
    p1, p2 = card.priorities
    assert (p1.actions, p1.actions_overdue, p1.actions_complete) == (("1", "R1.1"), 1, 1)
    assert p2.actions == ()
    assert card.themes[0].actions == ("1", "R1.1")
    assert [a.ref for a in card.actions] == ["1"]  # the actions table stays the plans'


def test_a_committee_set_limits_and_orders_the_scorecard() -> None:
    fw = framework(quarterly("A"), quarterly("B"), quarterly("C"))
    card = assess(fw, [], P("2024/25 Q3"), AS_OF, indicators=["C", "A"])
    assert [r.indicator for r in card.indicators] == ["C", "A"]
    with pytest.raises(KeyError):
        assess(fw, [], P("2024/25 Q3"), AS_OF, indicators=["Z"])


def test_assessing_twice_gives_equal_scorecards() -> None:
    fw = framework(quarterly("A"), quarterly("B"))
    readings = series("A", {"2024/25 Q2": 80.0, "2024/25 Q3": 85.0})
    first = assess(fw, readings, P("2024/25 Q3"), AS_OF)
    assert assess(fw, list(reversed(readings)), P("2024/25 Q3"), AS_OF) == first


def test_a_year_to_date_total_is_compared_only_with_last_year() -> None:
    visits = Indicator(
        id="V",
        title="Leisure centre visits",
        unit=Unit.COUNT,
        decimals=0,
        aggregation=Aggregation.CUMULATIVE,
        targets=(Target(period=P("2024/25"), value=800_000.0),),
    )
    readings = series(
        "V", {"2023/24 Q3": 590_000.0, "2024/25 Q2": 380_000.0, "2024/25 Q3": 561_900.0}
    )
    result = assess(framework(visits), readings, P("2024/25 Q3"), AS_OF).result("V")
    assert result.short_term.direction is Direction.NO_COMPARISON
    assert "same period last year" in result.short_term.explanation
    assert result.long_term.direction is Direction.WORSENING


def test_the_quartile_rule_uses_its_own_comparator_group() -> None:
    from councilpmf.core.indicators import ComparatorGroup
    from councilpmf.core.rag import Quartile

    recycling = Indicator(
        id="W",
        title="Household waste recycled",
        unit=Unit.PERCENTAGE,
        frequency=Frequency.ANNUAL,
        rule=Quartile(group="CIPFA nearest neighbours"),
    )
    year = P("2023/24")
    groups = [
        ComparatorGroup(
            indicator="W",
            period=year,
            group="CIPFA nearest neighbours",
            values=(30.0, 31.0, 32.0, 33.0, 34.0),
        ),
        ComparatorGroup(
            indicator="W", period=year, group="All England", values=(50.0, 55.0, 60.0, 65.0, 70.0)
        ),
    ]
    index = Readings.of(series("W", {"2023/24": 40.0}), groups)
    card = assess(framework(recycling), index, P("2023/24 Q4"), dt.date(2024, 5, 1))
    assert card.result("W").rating.status is Status.GREEN  # best quartile of its neighbours
    assert "CIPFA nearest neighbours" in card.result("W").rating.explanation
    only_england = Readings.of(series("W", {"2023/24": 40.0}), groups[1:])
    card = assess(framework(recycling), only_england, P("2023/24 Q4"), dt.date(2024, 5, 1))
    assert card.result("W").rating.status is Status.RED  # the only group there is


def test_result_finds_an_indicators_line_and_refuses_one_not_assessed() -> None:
    fw = framework(quarterly("A"), quarterly("B"))
    readings = [Reading(indicator="B", period=P("2024/25 Q3"), value=95.0)]
    card = assess(fw, readings, P("2024/25 Q3"), AS_OF, indicators=["B", "A", "B"])
    assert card.result("B") is card.indicators[0]
    assert card.result("A") is card.indicators[1]
    with pytest.raises(KeyError, match="ZZ"):
        card.result("ZZ")


def test_a_band_target_gives_its_ends_profiled_as_the_target_is() -> None:
    """A band's ends were only in ``target_text``, so a table of the scorecard could not show
    or filter by them."""
    band = Target(period=P("2024/25"), value=50.0, low=40.0, high=60.0)
    plain = quarterly("ONE")
    banded = Indicator(id="BAND", title="Band", unit=Unit.PERCENTAGE, targets=(band,))
    running = Indicator(
        id="YTD",
        title="Year to date",
        unit=Unit.COUNT,
        aggregation=Aggregation.CUMULATIVE,
        targets=(Target(period=P("2024/25"), value=400.0, low=200.0, high=600.0),),
    )
    card = assess(framework(plain, banded, running), [], P("2024/25 Q3"), AS_OF)
    one, two, ytd = (card.result(i) for i in ("ONE", "BAND", "YTD"))
    assert (one.target, one.target_low, one.target_high) == (90.0, None, None)
    assert (two.target, two.target_low, two.target_high) == (50.0, 40.0, 60.0)
    # Three quarters of the year: the band is profiled with the value.
    assert (ytd.target, ytd.target_low, ytd.target_high) == (300.0, 150.0, 450.0)
