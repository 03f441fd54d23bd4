"""A change of definition (an indicator's ``series_break``, or one of an input it is worked out
from) leaves a rating no value of last year to compare with: a value of the old definition
says nothing about the new one. The tolerance-with-travel rule is then rated as with no value
for last year, and says why; so is every rating that looks last year up: ``assess``, its walk
back over missed periods, ``ratings_at`` (trend charts) and the audit of published ratings."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs
import pytest

import councilpmf as pmf
from councilpmf.core.assess import Readings, assess, ratings_at
from councilpmf.core.audit import audit_published
from councilpmf.core.calculated import with_calculated
from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator, Polarity, Reading, Target, Unit
from councilpmf.core.periods import parse_period
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.rag import (
    Rating,
    RatingContext,
    Status,
    ToleranceWithTravel,
    rate,
    rate_status,
)
from councilpmf.core.report import build_report
from councilpmf.core.travel import SeriesBreak

P = parse_period
AS_OF = dt.date(2025, 6, 30)
Q3 = P("2024/25 Q3")
BEYOND = "70.0% against a target of 90.0%; more than 10% of target below"


def kpi(ident: str = "K", **fields: object) -> Indicator:
    """A quarterly percentage, higher is better, with a target of 90% both years."""
    return Indicator(
        id=ident,
        title=f"Indicator {ident}",
        unit=Unit.PERCENTAGE,
        targets=(Target(period=P("2023/24"), value=90.0), Target(period=P("2024/25"), value=90.0)),
        **fields,  # type: ignore[arg-type]
    )


def council(*indicators: Indicator) -> Framework:
    return Framework(
        plan=StrategicPlan(title="Plan", organisation="Havering"),
        indicators=indicators,
        default_rule=ToleranceWithTravel(),
    )


def quarters(ident: str, first: str, values: list[float]) -> list[Reading]:
    found, step = [], P(first)
    for value in values:
        found.append(Reading(indicator=ident, period=step, value=value))
        step = step.next()
    return found


# Last year 60% in each quarter; this year 70%: beyond tolerance but better than last year.
HISTORY = quarters("K", "2023/24 Q1", [60.0] * 4 + [70.0] * 3)


@pytest.mark.parametrize(
    ("series_break", "status", "words"),
    [
        # No break, or one on the old side of last year's quarter or after Q3: comparable.
        (None, Status.AMBER, f"{BEYOND} but better than last year (60.0%)"),
        ("2023/24 Q2", Status.AMBER, f"{BEYOND} but better than last year (60.0%)"),
        # A break at last year's quarter: both values are of the new definition.
        ("2023/24 Q3", Status.AMBER, f"{BEYOND} but better than last year (60.0%)"),
        ("2024/25 Q4", Status.AMBER, f"{BEYOND} but better than last year (60.0%)"),
        # Just after last year's quarter, within the year, and at the quarter rated itself.
        *(
            (
                brk,
                Status.RED,
                f"{BEYOND}, with no comparable value for last year "
                f"(the definition changed in {brk})",
            )
            for brk in ("2023/24 Q4", "2024/25 Q1", "2024/25 Q3", "Oct 2024")
        ),
    ],
)
def test_tolerance_with_travel_has_no_last_year_across_a_break(
    series_break: str | None, status: Status, words: str
) -> None:
    card = assess(council(kpi(series_break=series_break)), HISTORY, Q3, AS_OF)
    rating = card.result("K").rating
    assert (rating.status, rating.explanation) == (status, f"{status.word}: {words}")


def test_within_tolerance_a_break_changes_nothing() -> None:
    readings = [*HISTORY[:-1], Reading(indicator="K", period=Q3, value=85.0)]
    card = assess(council(kpi(series_break="2024/25 Q1")), readings, Q3, AS_OF)
    assert card.result("K").rating.explanation == (
        "Green: 85.0% against a target of 90.0%; within 10% of target below"
    )


def test_lower_is_better_across_a_break_is_red_too() -> None:
    days = kpi(polarity=Polarity.LOWER_IS_BETTER, series_break="2024/25 Q1")
    days = attrs.evolve(days, targets=(Target(period=P("2024/25"), value=10.0),))
    readings = quarters("K", "2023/24 Q3", [20.0, 20.0, 12.0, 12.0, 12.0])
    rating = assess(council(days), readings, Q3, AS_OF).result("K").rating
    assert rating.explanation == (
        "Red: 12.0% against a target of 10.0%; more than 10% of target above, with no "
        "comparable value for last year (the definition changed in 2024/25 Q1)"
    )


def test_a_calculated_indicator_names_the_input_whose_definition_changed() -> None:
    done = Indicator(id="N", title="Decided in time", series_break="2024/25 Q1")
    asked = Indicator(id="D", title="Decided")
    share = kpi("PC", numerator="N", denominator="D")
    readings = quarters("N", "2023/24 Q3", [60.0, 60.0, 70.0, 70.0, 70.0])
    readings += quarters("D", "2023/24 Q3", [100.0] * 5)
    card = assess(council(done, asked, share), readings, Q3, AS_OF)
    rating = card.result("PC").rating
    assert rating.status is Status.RED
    assert rating.explanation.startswith(
        f"Red: {BEYOND}, with no comparable value for last year "
        "(the definition of N changed in 2024/25 Q1)"
    )


def test_ratings_at_and_the_audit_rate_across_a_break_as_assess_does() -> None:
    done = Indicator(id="N", title="Decided in time", series_break="2024/25 Q1")
    asked = Indicator(id="D", title="Decided")
    share = kpi("PC", numerator="N", denominator="D")
    framework = council(done, asked, share)
    readings = quarters("N", "2023/24 Q3", [60.0, 60.0, 70.0, 70.0, 70.0])
    readings += quarters("D", "2023/24 Q3", [100.0] * 5)
    # The council published Amber, read against last year's figure of the old definition.
    readings.append(Reading(indicator="PC", period=Q3, value=0.0, published_status="Amber"))
    index = Readings.of(readings)
    expected = assess(framework, index, Q3, AS_OF).result("PC").rating
    worked = with_calculated(framework, index)
    (charted,) = ratings_at(
        share, framework.rule_for(share), worked, [Q3], breaks=framework.series_breaks["PC"]
    )
    assert charted == attrs.evolve(expected, explanation=charted.explanation)
    assert charted.explanation in expected.explanation
    (entry,) = audit_published(framework, index).entries
    assert (entry.rating.status, entry.agrees) == (Status.RED, False)


def test_ratings_at_honours_the_indicators_own_break_by_default() -> None:
    indicator = kpi(series_break="2024/25 Q1")
    (rating,) = ratings_at(indicator, ToleranceWithTravel(), Readings.of(HISTORY), [Q3])
    assert rating.status is Status.RED


@attrs.frozen
class BetterThanLastYear:
    """A plugin's rule kind, with no status path of its own: green when the value is at least
    last year's, red when it is not or there is none to compare."""

    kind: ClassVar[str] = "better-than-last-year"
    uses_target: ClassVar[bool] = False

    def rate(self, context: RatingContext) -> Rating:
        last = context.last_year
        if last is None:
            why = "no value for last year"
            if context.last_year_break is not None:
                why += f" since the change of {context.last_year_break.period}"
            return Rating(status=Status.RED, explanation=f"Red: {why}")
        status = Status.GREEN if context.actual >= last else Status.RED
        return Rating(status=status, explanation=f"{status.word}: against {last}")


def test_the_walk_back_over_missed_periods_reads_no_last_year_across_a_break() -> None:
    # Every quarter of 2023/24 beats last year's, and so does every quarter since; but from
    # the break on none has a comparable last year, so the three quarters since are missed.
    indicator = kpi(series_break="2024/25 Q1", rule=BetterThanLastYear())
    readings = quarters("K", "2022/23 Q1", [40.0] * 4 + [50.0] * 4 + [60.0] * 3)
    result = assess(council(indicator), readings, Q3, AS_OF).result("K")
    assert result.rating.explanation == "Red: no value for last year since the change of 2024/25 Q1"
    assert result.missed_in_a_row == 3
    # The same indicator with no break: every quarter on target.
    plain = attrs.evolve(indicator, series_break=None)
    assert assess(council(plain), readings, Q3, AS_OF).result("K").missed_in_a_row == 0


def test_a_rule_is_given_the_break_beside_no_value_for_last_year() -> None:
    indicator = kpi()
    brk = SeriesBreak(P("2024/25 Q1"), "K")
    rating = rate(
        indicator, 70.0, indicator.target_for(Q3), ToleranceWithTravel(), last_year_break=brk
    )
    assert rating.explanation.endswith("(the definition changed in 2024/25 Q1)")
    other = rate(
        indicator,
        70.0,
        indicator.target_for(Q3),
        ToleranceWithTravel(),
        last_year_break=SeriesBreak(P("2024/25 Q1"), "N"),
    )
    assert other.explanation.endswith("(the definition of N changed in 2024/25 Q1)")


BOTH = "last_year must not be given with a last_year_break: across a change of definition"


@pytest.mark.parametrize("actual", [70.0, None])
def test_a_value_for_last_year_and_a_break_before_it_are_refused_together(
    actual: float | None,
) -> None:
    # A break between the two years means there is no comparable value for last year: a
    # caller giving both has looked last year up wrongly, whatever the value rated.
    indicator = kpi()
    brk = SeriesBreak(P("2024/25 Q1"), "K")
    target, rule = indicator.target_for(Q3), ToleranceWithTravel()
    with pytest.raises(InputError, match=BOTH):
        rate(indicator, actual, target, rule, last_year=60.0, last_year_break=brk)
    with pytest.raises(InputError, match=BOTH):
        rate_status(indicator, actual, target, rule, last_year=60.0, last_year_break=brk)
    with pytest.raises(InputError, match=BOTH):
        RatingContext(
            indicator=indicator, actual=70.0, target=target, last_year=60.0, last_year_break=brk
        )
    # A last-year value of zero is a value too.
    with pytest.raises(InputError, match=BOTH):
        rate(indicator, actual, target, rule, last_year=0.0, last_year_break=brk)
    # Either alone is fine.
    assert rate(indicator, 70.0, target, rule, last_year=60.0).status is Status.AMBER
    assert rate_status(indicator, 70.0, target, rule, last_year_break=brk) is Status.RED


def test_the_context_has_no_break_unless_given_one() -> None:
    context = RatingContext(indicator=kpi(), actual=1.0, target=None, last_year=0.5)
    assert context.last_year_break is None


def test_a_trend_chart_rates_its_points_across_an_inputs_break_as_assess_does() -> None:
    done = Indicator(id="N", title="Decided in time", series_break="2024/25 Q1")
    share = kpi("PC", numerator="N", denominator="D")
    framework = council(done, Indicator(id="D", title="Decided"), share)
    readings = quarters("N", "2023/24 Q1", [60.0] * 4 + [70.0] * 3)
    readings += quarters("D", "2023/24 Q1", [100.0] * 7)
    report = build_report("performance", framework, readings, Q3, AS_OF)
    chart = next(c for c in report.charts() if c.title.endswith("(PC)"))
    statuses = [p.status.status for p in chart.series[0].points if p.status is not None]
    # 2023/24 has no year before it; each quarter since the break has none comparable.
    assert statuses == [Status.RED] * 7
    notebook = pmf.chart(share, readings, "2024/25 Q3", framework=framework).chart
    assert notebook.series == chart.series
