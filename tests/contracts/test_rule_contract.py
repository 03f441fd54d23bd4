"""The rule contract (:class:`councilpmf.testing.RuleContract`) against every built-in kind of
rating rule, and against rules that break it, to show it fails them and says why."""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest
from hypothesis import strategies as st

from councilpmf.core.rag import (
    BUILTIN_RULES,
    Bands,
    FirstMatch,
    Quartile,
    Rating,
    RatingContext,
    RatioToTarget,
    Status,
    TargetTolerance,
    ToleranceWithTravel,
)
from councilpmf.testing import RuleContract
from strategies import (
    bands_rules,
    labels,
    quartile_rules,
    ratios_to_target,
    target_tolerances,
    tolerances_with_travel,
)


class TestTargetTolerance(RuleContract):
    rule_class = TargetTolerance
    rules = target_tolerances


class TestRatioToTarget(RuleContract):
    rule_class = RatioToTarget
    rules = ratios_to_target


class TestFirstMatch(RuleContract):
    rule_class = FirstMatch
    # A council's own clauses can say anything; the default ones follow the indicator.
    rules = st.builds(FirstMatch, otherwise_label=labels)


class TestBands(RuleContract):
    rule_class = Bands
    rules = bands_rules
    # Bands a council sets above 100% rate the target itself below green, on purpose.
    on_target_rules = st.just(Bands())


class TestToleranceWithTravel(RuleContract):
    rule_class = ToleranceWithTravel
    rules = tolerances_with_travel


class TestQuartile(RuleContract):
    rule_class = Quartile
    rules = quartile_rules


def test_every_built_in_kind_runs_the_contract() -> None:
    tested = {
        cls.rule_class.kind
        for name, cls in globals().items()
        if isinstance(cls, type) and issubclass(cls, RuleContract) and name.startswith("Test")
    }
    assert tested == set(BUILTIN_RULES)


# -- rules that break the contract ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Backwards:
    """Green when below target: wrong for a higher-is-better indicator."""

    kind: ClassVar[str] = "backwards"
    uses_target: ClassVar[bool] = True
    margin: float = 0.0

    def rate(self, context: RatingContext) -> Rating:
        aim = context.aim()
        assert aim is not None
        target, _ = aim
        status = Status.GREEN if context.actual < target + self.margin else Status.RED
        return Rating(status=status, explanation=f"{status.word}: {context.against()}")


@attrs.frozen(kw_only=True)
class StrictlyAbove(Backwards):
    """Green only strictly beyond the target: equal to target is red."""

    kind: ClassVar[str] = "strictly-above"

    def rate(self, context: RatingContext) -> Rating:
        aim = context.aim()
        assert aim is not None
        target, better = aim
        status = Status.GREEN if (context.actual - target) * better > 0 else Status.RED
        return Rating(status=status, explanation=f"{status.word}: {context.against()}")


@attrs.define(kw_only=True)
class Mutable:
    """Not frozen (a subclass of a frozen class would be frozen too)."""

    kind: ClassVar[str] = "mutable"
    uses_target: ClassVar[bool] = True
    margin: float = 0.0
    rate = Backwards.rate


class BackwardsContract(RuleContract):
    rule_class = Backwards
    rules = st.builds(Backwards, margin=st.floats(0, 10))
    # Enough examples that one with the target between a worse and a better value is always
    # drawn: a few percent of runs drew none in 50.
    max_examples = 300


def test_a_rule_that_rates_a_better_value_worse_fails_the_contract() -> None:
    with pytest.raises(AssertionError, match=r"to rate no worse than .*, got red"):
        BackwardsContract().test_a_better_value_never_gets_a_worse_status()


def test_a_rule_that_rates_the_target_itself_red_fails_the_contract() -> None:
    class Contract(RuleContract):
        rule_class = StrictlyAbove
        rules = st.just(StrictlyAbove())

    with pytest.raises(AssertionError, match="to be green or blue, got red"):
        Contract().test_equal_to_target_is_on_target()


def test_a_rule_that_is_not_frozen_fails_the_contract() -> None:
    class Contract(RuleContract):
        rule_class = Mutable
        rules = st.just(Mutable())

    with pytest.raises(AssertionError, match=r"Mutable\.margin: expected frozen"):
        Contract().test_is_a_frozen_record_with_a_kind()


def test_a_plugin_rule_round_trips_with_its_own_kind() -> None:
    BackwardsContract().test_round_trips_through_the_converter()
    BackwardsContract().test_missing_data_gives_no_data()


@attrs.frozen(kw_only=True)
class SaysGreen(Backwards):
    """Words its ratings as Backwards does, but says green to every status-only question."""

    kind: ClassVar[str] = "says-green"

    def rate(self, context: RatingContext) -> Rating:
        return Backwards.rate(self, context)

    def rate_status(self, context: RatingContext) -> Status:
        return Status.GREEN


def test_a_status_path_that_disagrees_with_the_rating_fails_the_contract() -> None:
    class Contract(RuleContract):
        rule_class = SaysGreen
        rules = st.just(SaysGreen())

    with pytest.raises(AssertionError, match="rate_status beside rate"):
        Contract().test_the_status_alone_is_the_status_of_the_rating()


def test_a_rule_without_a_status_path_skips_that_part_of_the_contract() -> None:
    with pytest.raises(pytest.skip.Exception, match="no status path"):
        BackwardsContract().test_the_status_alone_is_the_status_of_the_rating()
