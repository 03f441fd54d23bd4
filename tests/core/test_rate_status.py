"""``rate_status`` gives exactly the status ``rate`` gives, for every rule kind.

Counting how many periods in a row an indicator missed its target needs the status of each
earlier period, not its explanation, so assessment asks rules for the status alone. These tests
hold that path to the full rating: every built-in rule kind, both polarities (and target bands
and data-only indicators), targets profiled over a year, missing data, and what a rule says it
does not look at left out. A rule without a status path of its own is rated in full.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core.errors import PluginError
from councilpmf.core.indicators import Aggregation, Indicator, Polarity, Target, Unit
from councilpmf.core.periods import FinancialYear, Month
from councilpmf.core.rag import (
    BUILTIN_RULES,
    Rating,
    RatingContext,
    Status,
    TargetTolerance,
    ToleranceWithTravel,
    rate,
    rate_status,
    status_needs,
)
from councilpmf.core.rule import Rule, StatusRule
from councilpmf.core.travel import SeriesBreak
from strategies import rules

Y = FinancialYear(year=2024)
MONTHS = [Month(year=2024, month=m) for m in range(4, 13)] + [
    Month(year=2025, month=m) for m in range(1, 4)
]
PROPERTY = settings(max_examples=300, deadline=None)

values = st.floats(min_value=-1e6, max_value=1e7, allow_nan=False, allow_infinity=False)
# Targets near the values drawn, so that every status is reached, with bands for target-band
# indicators and, now and then, a target of zero or below.
target_values = st.one_of(
    st.floats(min_value=-10, max_value=1e6, allow_nan=False), st.sampled_from([0.0, 80.0])
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Indicator, Month, Target | None, Rule]:
    """An indicator with a yearly target (or a band, or none), rated for one month of the
    year: the month's target profiled when the indicator is cumulative."""
    polarity = draw(st.sampled_from(Polarity))
    aim = draw(target_values)
    spread = draw(st.floats(min_value=0, max_value=1e5, allow_nan=False))
    shape = draw(st.sampled_from(["value", "band", "value and band", "none"]))
    target = {
        "value": Target(period=Y, value=aim),
        "band": Target(period=Y, low=aim, high=aim + spread),
        "value and band": Target(period=Y, value=aim, low=aim - spread, high=aim + spread),
        "none": None,
    }[shape]
    indicator = Indicator(
        id="K",
        title="A council KPI",
        unit=draw(st.sampled_from(Unit)),
        polarity=polarity,
        frequency="monthly",
        aggregation=draw(st.sampled_from(Aggregation)),
        decimals=draw(st.integers(min_value=0, max_value=3)),
        targets=() if target is None else (target,),
    )
    month = draw(st.sampled_from(MONTHS))
    return indicator, month, indicator.target_for(month), draw(rules)


@PROPERTY
@given(
    case=cases(),
    actual=st.none() | values,
    near=st.floats(min_value=-0.2, max_value=0.2, allow_nan=False),
    last_year=st.none() | values,
    comparators=st.lists(values, max_size=8).map(tuple),
    changed=st.none() | st.sampled_from(MONTHS),
)
def test_the_status_alone_is_the_status_of_the_full_rating(
    case: tuple[Indicator, Month, Target | None, Rule],
    actual: float | None,
    near: float,
    last_year: float | None,
    comparators: tuple[float, ...],
    changed: Month | None,
) -> None:
    indicator, _month, target, rule = case
    # Across a change of definition there is no value of last year, and the rule is told why.
    brk = None if changed is None else SeriesBreak(changed, indicator.id)
    if brk is not None:
        last_year = None
    if actual is not None and target is not None and target.value is not None and near:
        actual = target.value * (1 + near)  # near the target, where the statuses change
    full = rate(
        indicator,
        actual,
        target,
        rule,
        last_year=last_year,
        comparators=comparators,
        missing_reason=None if actual is not None else "not sent",
        last_year_break=brk,
    )
    needs = status_needs(rule)
    alone = rate_status(
        indicator,
        actual,
        target,
        rule,
        # What the rule's status path says it never reads is left out, as assess leaves it.
        last_year=last_year if needs.last_year else None,
        comparators=comparators if needs.comparators else (),
        last_year_break=brk if needs.last_year else None,
    )
    assert alone is full.status, full.explanation


@pytest.mark.parametrize("kind", sorted(BUILTIN_RULES))
def test_every_built_in_rule_kind_has_a_status_path_of_its_own(kind: str) -> None:
    rule = BUILTIN_RULES[kind]()
    assert isinstance(rule, StatusRule)
    assert status_needs(rule).own


def test_only_the_rules_that_read_them_are_given_last_year_and_comparators() -> None:
    needs = {kind: status_needs(cls()) for kind, cls in BUILTIN_RULES.items()}
    assert {k for k, n in needs.items() if n.last_year} == {"tolerance-with-travel"}
    assert {k for k, n in needs.items() if n.comparators} == {"quartile"}


KPI = Indicator(id="K", title="A council KPI", targets=(Target(period=Y, value=100.0),))


@attrs.frozen
class Plugins:
    """A plugin's rule kind with no status path: red under 50, otherwise green."""

    kind: ClassVar[str] = "plugin-halves"
    uses_target: ClassVar[bool] = True

    def rate(self, context: RatingContext) -> Rating:
        status = Status.RED if context.actual < 50 else Status.GREEN
        return Rating(status=status, explanation=f"{status.word}: plugin")


@attrs.frozen
class LastYearMatters(TargetTolerance):
    """A council's rule built on a built-in one that rewrites ``rate`` alone: amber whenever
    last year's value is missing."""

    def rate(self, context: RatingContext) -> Rating:
        if context.last_year is None:
            return Rating(status=Status.AMBER, explanation="Amber: no value last year")
        return super().rate(context)


def test_a_rule_without_a_status_path_is_rated_in_full() -> None:
    rule = Plugins()
    assert not status_needs(rule).own
    assert rate_status(KPI, 40.0, KPI.target_for(Y), rule) is Status.RED
    assert rate_status(KPI, 60.0, KPI.target_for(Y), rule) is Status.GREEN
    # The cases every rule shares are decided before the rule is asked.
    assert rate_status(KPI, None, KPI.target_for(Y), rule) is Status.NO_DATA


def test_a_rule_that_rewrites_rate_alone_is_rated_in_full_and_given_everything() -> None:
    rule = LastYearMatters()
    needs = status_needs(rule)
    assert (needs.own, needs.last_year, needs.comparators) == (False, True, True)
    target = KPI.target_for(Y)
    assert rate_status(KPI, 120.0, target, rule) is Status.AMBER
    assert rate_status(KPI, 120.0, target, rule, last_year=90.0) is Status.GREEN


def test_a_status_path_of_a_plugins_own_is_used() -> None:
    asked: list[str] = []

    @attrs.frozen
    class Counted(Plugins):
        def rate(self, context: RatingContext) -> Rating:
            asked.append("rate")
            return super().rate(context)

        def rate_status(self, context: RatingContext) -> Status:
            asked.append("rate_status")
            return self.rate(context).status

    rule = Counted()
    assert status_needs(rule) == (True, True, True)  # told nothing: given everything
    assert rate_status(KPI, 10.0, KPI.target_for(Y), rule) is Status.RED
    assert asked == ["rate_status", "rate"]


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (lambda _context: "green", "rate_status returned 'green', not a Status"),
        (lambda _context: 1 / 0, "failed in rate_status"),
    ],
)
def test_a_broken_status_path_is_a_plugin_error_naming_the_rule(answer: Any, error: str) -> None:
    @attrs.frozen
    class Broken(Plugins):
        def rate_status(self, context: RatingContext) -> object:
            return answer(context)

        def rate(self, context: RatingContext) -> Rating:
            return super().rate(context)

    with pytest.raises(PluginError, match="plugin-halves") as raised:
        rate_status(KPI, 10.0, KPI.target_for(Y), Broken())
    assert error in str(raised.value)


def test_havering_rule_reads_last_year_on_the_status_path_too() -> None:
    rule = ToleranceWithTravel()
    target = KPI.target_for(Y)
    # 80 is more than 10% below 100: amber when better than last year, red when worse.
    assert rate_status(KPI, 80.0, target, rule, last_year=75.0) is Status.AMBER
    assert rate_status(KPI, 80.0, target, rule, last_year=85.0) is Status.RED
    assert rate_status(KPI, 80.0, target, rule) is Status.RED
