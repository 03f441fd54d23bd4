"""The rule contract: the tests every rating rule passes.

Subclass :class:`RuleContract` and give the rule class and a hypothesis strategy for its
instances::

    from hypothesis import strategies as st
    from councilpmf.testing import RuleContract

    class TestWithinPoints(RuleContract):
        rule_class = WithinPoints
        rules = st.builds(WithinPoints, points=st.floats(0, 20))

The contract checks that the class is a frozen attrs record with a ``kind`` and
``uses_target``; that every instance round-trips through the converter (as plain, JSON-ready
data with its ``kind``, alone and inside an indicator); that a better value never gets a worse
status, for higher-is-better and lower-is-better indicators; that a value equal to its target
is on target (green, or blue for "exceeded") where the rule uses a target; that missing
data is rated "no data"; and, for a rule with a status path of its own (``rate_status``, see
:class:`~councilpmf.core.rule.StatusRule`), that it gives exactly the status of ``rate``, given
only what its ``uses_last_year`` and ``uses_comparators`` say it reads (and, across a change of
definition, no value of last year but the change). Set
``on_target_rules`` to a narrower strategy when some valid configurations deliberately rate the
target itself below green (bands a council set above 100%, say), and ``max_examples`` to bound
the property tests.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from councilpmf.core.convert import structure, unstructure
from councilpmf.core.indicators import Indicator, Polarity, Target
from councilpmf.core.periods import FinancialYear
from councilpmf.core.rag import BUILTIN_RULES, Status, rate, rate_status, status_needs
from councilpmf.core.rule import Rule
from councilpmf.core.travel import SeriesBreak
from councilpmf.testing.expect import expect, expect_equal

__all__ = ["RuleContract"]

_YEAR = FinancialYear(year=2024)
_DIRECTIONS = (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER)
_ON_TARGET = (Status.GREEN, Status.BLUE)
_targets = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)
_actuals = st.floats(min_value=-1e7, max_value=1e8, allow_nan=False, allow_infinity=False)
_last_years = st.none() | _actuals
_comparators = st.lists(_actuals, max_size=8).map(tuple)
_ANY_RULE: type[Any] = Rule  # the protocol, which the converter structures by ``kind``


def _indicator(
    rule: Rule, polarity: Polarity = Polarity.HIGHER_IS_BETTER, target: float = 80.0
) -> Indicator:
    return Indicator(
        id="K1",
        title="A council KPI",
        polarity=polarity,
        decimals=1,
        targets=(Target(period=_YEAR, value=target),),
        rule=rule,
    )


class RuleContract:
    """The tests every rating rule passes. Subclass it as ``Test...`` and set ``rule_class``
    and ``rules``."""

    rule_class: ClassVar[type[Any]]
    """The rule class under test."""
    rules: ClassVar[SearchStrategy[Any]]
    """A hypothesis strategy for valid instances of ``rule_class``."""
    on_target_rules: ClassVar[SearchStrategy[Any] | None] = None
    """The instances that rate a value equal to its target on target; ``rules`` when None."""
    max_examples: ClassVar[int] = 100
    """Examples of each property test."""

    def _settings(self) -> settings:
        return settings(
            max_examples=self.max_examples,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        )

    def _kinds(self) -> dict[str, type[Rule]]:
        return {**BUILTIN_RULES, self.rule_class.kind: self.rule_class}

    def test_is_a_frozen_record_with_a_kind(self) -> None:
        cls = self.rule_class
        kind = getattr(cls, "kind", None)
        expect(
            isinstance(kind, str) and bool(kind.strip()),
            f"{cls.__name__}.kind: expected a name, got {kind!r}",
        )
        uses_target = getattr(cls, "uses_target", None)
        expect(
            isinstance(uses_target, bool),
            f"{cls.__name__}.uses_target: expected True or False, got {uses_target!r}",
        )
        expect(attrs.has(cls), f"{cls.__name__}: expected an attrs class, got {cls!r}")

        @self._settings()
        @given(rule=self.rules)
        def frozen(rule: Any) -> None:
            expect_equal(type(rule), cls, "the type of an instance the strategy built")
            expect(isinstance(rule, Rule), f"{rule!r}: expected a Rule (kind, uses_target, rate)")
            for field in attrs.fields(cls):
                try:
                    setattr(rule, field.name, getattr(rule, field.name))
                except attrs.exceptions.FrozenInstanceError:
                    continue
                raise AssertionError(f"{cls.__name__}.{field.name}: expected frozen, was set")

        frozen()

    def test_round_trips_through_the_converter(self) -> None:
        kinds = self._kinds()

        @self._settings()
        @given(rule=self.rules)
        def round_trip(rule: Any) -> None:
            indicator = _indicator(rule)
            data = unstructure(indicator)
            expect_equal(data["rule"]["kind"], self.rule_class.kind, "the kind written for a rule")
            expect_equal(json.loads(json.dumps(data)), data, "the rule's data through JSON")
            expect_equal(
                structure(data["rule"], _ANY_RULE, rules=kinds), rule, "the rule read back"
            )
            expect_equal(
                structure(data, Indicator, rules=kinds), indicator, "an indicator read back"
            )

        round_trip()

    def test_a_better_value_never_gets_a_worse_status(self) -> None:
        @self._settings()
        @given(
            rule=self.rules,
            polarity=st.sampled_from(_DIRECTIONS),
            target=_targets,
            values=st.tuples(_actuals, _actuals).map(sorted),
            last_year=_last_years,
            comparators=_comparators,
        )
        def monotone(
            rule: Any,
            polarity: Polarity,
            target: float,
            values: list[float],
            last_year: float | None,
            comparators: tuple[float, ...],
        ) -> None:
            indicator = _indicator(rule, polarity, target)
            low, high = values
            worse, better = (low, high) if polarity is Polarity.HIGHER_IS_BETTER else (high, low)
            goal = indicator.target_for(_YEAR)
            context: dict[str, Any] = {"last_year": last_year, "comparators": comparators}
            worse_status = rate(indicator, worse, goal, rule, **context).status
            better_status = rate(indicator, better, goal, rule, **context).status
            if worse_status.rank is None or better_status.rank is None:
                return  # not rated (no comparators, say): nothing to order
            expect(
                better_status.rank >= worse_status.rank,
                f"{polarity.value}, target {target}: expected {better} to rate no worse than "
                f"{worse} ({worse_status.value}), got {better_status.value}",
            )

        monotone()

    def test_equal_to_target_is_on_target(self) -> None:
        if not self.rule_class.uses_target:
            pytest.skip(f"{self.rule_class.__name__} does not rate against a target")

        @self._settings()
        @given(
            rule=self.rules if self.on_target_rules is None else self.on_target_rules,
            polarity=st.sampled_from(_DIRECTIONS),
            target=_targets,
            last_year=_last_years,
        )
        def on_target(
            rule: Any, polarity: Polarity, target: float, last_year: float | None
        ) -> None:
            indicator = _indicator(rule, polarity, target)
            rating = rate(indicator, target, indicator.target_for(_YEAR), rule, last_year=last_year)
            expect(
                rating.status in _ON_TARGET,
                f"{polarity.value}: expected {target} against a target of {target} to be green "
                f"or blue, got {rating.status.value} ({rating.explanation})",
            )

        on_target()

    def test_missing_data_gives_no_data(self) -> None:
        @self._settings()
        @given(rule=self.rules, polarity=st.sampled_from(Polarity), target=_targets)
        def missing(rule: Any, polarity: Polarity, target: float) -> None:
            indicator = _indicator(rule, polarity, target)
            goal = indicator.target_for(_YEAR)
            rating = rate(indicator, None, goal, rule, missing_reason="survey paused")
            expect_equal(rating.status, Status.NO_DATA, "the status of a missing value")
            expect_equal(rating.explanation, "No data: survey paused", "its explanation")

        missing()

    def test_the_status_alone_is_the_status_of_the_rating(self) -> None:
        if not status_needs(self.rule_class).own:
            pytest.skip(f"{self.rule_class.__name__} has no status path of its own")

        @self._settings()
        @given(
            rule=self.rules,
            polarity=st.sampled_from(_DIRECTIONS),
            target=_targets,
            actual=st.none() | _actuals,
            near=st.floats(min_value=-0.2, max_value=0.2, allow_nan=False),
            last_year=_last_years,
            comparators=_comparators,
            changed=st.booleans(),
        )
        def same(
            rule: Any,
            polarity: Polarity,
            target: float,
            actual: float | None,
            near: float,
            last_year: float | None,
            comparators: tuple[float, ...],
            changed: bool,
        ) -> None:
            indicator = _indicator(rule, polarity, target)
            goal = indicator.target_for(_YEAR)
            if actual is not None and near:
                actual = target * (1 + near)  # near the target, where statuses change
            # Across a change of definition: no value of last year, and the change instead.
            brk = SeriesBreak(_YEAR, indicator.id) if changed else None
            if brk is not None:
                last_year = None
            full = rate(
                indicator,
                actual,
                goal,
                rule,
                last_year=last_year,
                comparators=comparators,
                last_year_break=brk,
            )
            needs = status_needs(rule)
            alone = rate_status(
                indicator,
                actual,
                goal,
                rule,
                last_year=last_year if needs.last_year else None,
                comparators=comparators if needs.comparators else (),
                last_year_break=brk if needs.last_year else None,
            )
            expect_equal(alone, full.status, f"rate_status beside rate ({full.explanation})")

        same()
