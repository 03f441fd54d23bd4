"""Red/amber/green ratings and the rules councils use to reach them.

A :class:`Rating` is a status with a one-line explanation in words. Rules are frozen records with
a ``kind`` name, so a plan can name the rule it uses; plugins add kinds of their own.

>>> from councilpmf.core.indicators import Indicator, Target, Unit
>>> from councilpmf.core.periods import parse_period
>>> q3 = parse_period("2024/25 Q3")
>>> kpi = Indicator(id="CT1", title="Council tax collected", unit=Unit.PERCENTAGE,
...     targets=(Target(period=q3, value=80.0),))
>>> rule = TargetTolerance(tolerance=5.0)
>>> print(rate(kpi, 71.2, kpi.target_for(q3), rule).explanation)
Red: 71.2% against a target of 80.0%; more than 5% below
>>> print(rate(kpi, 80.0, kpi.target_for(q3), rule).explanation)
Green: 80.0% against a target of 80.0%; on target
"""

from __future__ import annotations

import enum
import functools
import itertools
import operator
import statistics
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

import attrs
from attrs import validators as v

from councilpmf.core._coerce import one_of
from councilpmf.core._validate import (
    number,
    number_in,
    of_type,
    optional,
    text,
    trusted_builder,
)
from councilpmf.core.errors import CouncilPMFError, InputError, RuleFailure, failure_cause
from councilpmf.core.indicators import MOST_DECIMALS, PERCENT_UNITS, Indicator, Polarity, Target
from councilpmf.core.rule import Rule, StatusRule
from councilpmf.core.travel import SeriesBreak, definition_changed

__all__ = [
    "BUILTIN_RULES",
    "DEFAULT_CLAUSES",
    "EPSILON",
    "LOWER_IS_BETTER_CLAUSES",
    "OPERATORS",
    "QUARTILE_MINIMUM",
    "Band",
    "Bands",
    "Clause",
    "FirstMatch",
    "Quartile",
    "Rating",
    "RatingContext",
    "RatioToTarget",
    "Rule",
    "Status",
    "StatusNeeds",
    "StatusRule",
    "TargetTolerance",
    "ToleranceWithTravel",
    "quartile_position",
    "rate",
    "rate_status",
    "status_needs",
]

EPSILON = 1e-9
"""Values this close count as equal, so 80.0 against a target of 80.0 stays on target whatever
floating point did to a profiled target."""


def _slack(first: float, second: float = 0.0, third: float = 0.0) -> float:
    """How close values of this size (one to three of them) must be to count as equal:
    ``EPSILON``, or a millionth of a millionth of the largest when that is more, so that a
    budget of £9,233,605.60 still has an exact 5% boundary (£9,695,285.88) although floating
    point misses it by a few billionths.

    >>> _slack(80.0), _slack(9_233_605.60, -9_695_285.88)
    (1e-09, 9.69528588e-06)
    """
    # Written out rather than max(map(abs, values)): it is asked for in every rating.
    largest, other, last = abs(first), abs(second), abs(third)
    if other > largest:
        largest = other
    if last > largest:
        largest = last
    largest *= 1e-12
    return largest if largest > EPSILON else EPSILON


class Status(enum.Enum):
    """The meaning of a rating. Councils may label these with words of their own."""

    BLUE = "blue"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_RATED = "not rated"
    NO_DATA = "no data"

    # Each member works these out once (cached_property): they are asked for in every rating.

    @functools.cached_property
    def word(self) -> str:
        """The status as a word for people: ``Green``, ``Not rated``."""
        return self.value.capitalize()

    @functools.cached_property
    def symbol(self) -> str:
        """A symbol that, with the word, carries the status without colour."""
        return _SYMBOLS[self]

    @functools.cached_property
    def rank(self) -> int | None:
        """Higher is better: red 1, amber 2, green 3, blue 4; None when not rated or no data.

        >>> Status.GREEN.rank > Status.AMBER.rank
        True
        """
        return _RANKS.get(self)

    @functools.cached_property
    def on_target(self) -> bool:
        """Green or blue."""
        return self in (Status.GREEN, Status.BLUE)

    @functools.cached_property
    def missed(self) -> bool:
        """Red or amber: a target was missed."""
        return self in (Status.RED, Status.AMBER)


_SYMBOLS = {
    Status.BLUE: "★",
    Status.GREEN: "✔",
    Status.AMBER: "▲",
    Status.RED: "✖",
    Status.NOT_RATED: "–",
    Status.NO_DATA: "?",
}
_RANKS = {Status.RED: 1, Status.AMBER: 2, Status.GREEN: 3, Status.BLUE: 4}

# Looking a member up on its Enum class is slow in Python 3.11 (the metaclass defines
# __getattr__): the code every rating runs through names the members it needs here instead.
_BLUE, _GREEN, _AMBER, _RED = Status.BLUE, Status.GREEN, Status.AMBER, Status.RED
_NOT_RATED, _NO_DATA = Status.NOT_RATED, Status.NO_DATA
_BAND, _LOWER = Polarity.TARGET_BAND, Polarity.LOWER_IS_BETTER


@attrs.frozen(kw_only=True)
class Rating:
    """A status, the council's word for it, and why, in one line of words."""

    status: Status = attrs.field(validator=of_type(Status))
    explanation: str = attrs.field(validator=text)
    label: str = attrs.field(validator=text)

    @label.default
    def _label(self) -> str:
        return self.status.word


@attrs.frozen(kw_only=True)
class RatingContext:
    """Everything a rule may look at for one indicator and period.

    ``last_year`` is the value of the same period a year before, None when there is none to
    compare with: none was given, or the indicator's definition changed between the two
    periods, when ``last_year_break`` names the change (a value of the old definition says
    nothing about the new one). A value for last year and a change of definition before it are
    refused together (:class:`~councilpmf.core.errors.InputError`, a ``ValueError``).
    """

    indicator: Indicator
    actual: float
    target: Target | None
    last_year: float | None = None
    comparators: tuple[float, ...] = ()
    last_year_break: SeriesBreak | None = None

    def __attrs_post_init__(self) -> None:
        _refuse_both(self.indicator, self.last_year, self.last_year_break)

    def text(self, value: float | None) -> str:
        """A value written with the indicator's unit and decimals."""
        return self.indicator.format_value(value)

    def against(self) -> str:
        """``71.2% against a target of 80.0%``; with more decimals when the value and the
        target differ but would be written alike (``97.75% against a target of 97.80%``)."""
        indicator, target_of = self.indicator, self.target
        actual, target = indicator.format_value(self.actual), indicator.format_target(target_of)
        aim = target_of.value if target_of is not None else None
        if aim is not None and actual == target and abs(self.actual - aim) > _slack(aim):
            actual, target = _told_apart(indicator, self.actual, aim)
        return f"{actual} against a target of {target}"

    def aim(self) -> tuple[float, int] | None:
        """The target value that matters and the better direction (+1 up, -1 down).

        For a target band the nearer bound matters; None means the value is inside the band.
        """
        target = self.target
        if target is None:
            raise InputError(("target: there is none, so there is no value to aim at",))
        polarity = self.indicator.polarity
        if polarity is _BAND:
            low = target.low if target.low is not None else target.value
            high = target.high if target.high is not None else target.value
            assert low is not None and high is not None
            if self.actual < low - _slack(low, self.actual):
                return (low, +1)
            if self.actual > high + _slack(high, self.actual):
                return (high, -1)
            return None
        assert target.value is not None
        return (target.value, -1 if polarity is _LOWER else +1)


def _told_apart(indicator: Indicator, actual: float, target: float) -> tuple[str, str]:
    """The value and the target with the fewest extra decimals that tell them apart, up to
    the six an indicator can have: alike still when six do not (or it has six already).

    >>> six = Indicator(id="K", title="K", decimals=6)
    >>> _told_apart(six, 80.0000001, 80.0)
    ('80.000000', '80.000000')
    >>> _told_apart(attrs.evolve(six, decimals=1), 80.0001, 80.0)
    ('80.0001', '80.0000')
    """
    shown = indicator.format_value(actual), indicator.format_value(target)
    for decimals in range(indicator.decimals + 1, MOST_DECIMALS + 1):
        finer = attrs.evolve(indicator, decimals=decimals)
        shown = finer.format_value(actual), finer.format_value(target)
        if shown[0] != shown[1]:
            break
    return shown


def rate(
    indicator: Indicator,
    actual: float | None,
    target: Target | None,
    rule: Rule,
    *,
    last_year: float | None = None,
    comparators: tuple[float, ...] = (),
    missing_reason: str | None = None,
    last_year_break: SeriesBreak | None = None,
) -> Rating:
    """Rate one value of an indicator, handling no data, data-only and no-target cases.

    ``last_year_break`` is the change of definition between the same period last year and
    this one, if there is one, given instead of ``last_year``: a rule that compares with last
    year says why it has nothing to compare with. Both given is an
    :class:`~councilpmf.core.errors.InputError` (a ``ValueError``), as a value of the old
    definition says nothing about the new one.

    >>> from councilpmf.core.indicators import Indicator, Polarity
    >>> info = Indicator(id="POP", title="Population", polarity=Polarity.NONE)
    >>> rate(info, 110000, None, TargetTolerance()).status
    <Status.NOT_RATED: 'not rated'>
    >>> rate(info, None, None, TargetTolerance(), missing_reason="survey paused").explanation
    'No data: survey paused'
    """
    if last_year_break is not None:  # rarely: ratings are made by the thousand
        _refuse_both(indicator, last_year, last_year_break)
    shared = _shared_case(indicator, actual, target, rule, missing_reason)
    if shared is not None:
        return shared.rating()
    assert actual is not None
    context = _context(indicator, actual, target, last_year, comparators, last_year_break)
    if type(rule) in _BUILT_IN:
        # A built-in rule is asked for its verdict here, as its rate would: a rating is made
        # for every indicator. A plugin's rule, a subclass of one too, is asked below.
        try:
            return rule._verdict(context).rating()  # type: ignore[attr-defined, no-any-return]
        except CouncilPMFError:
            raise
        except Exception as error:
            raise _failure(rule, "rate", error) from error
    rating = _ask(rule, "rate", context)
    if not isinstance(rating, Rating):
        raise RuleFailure(type(rule), f"{_what(rule)}: rate returned {rating!r}, not a Rating")
    return rating


def rate_status(
    indicator: Indicator,
    actual: float | None,
    target: Target | None,
    rule: Rule,
    *,
    last_year: float | None = None,
    comparators: tuple[float, ...] = (),
    last_year_break: SeriesBreak | None = None,
) -> Status:
    """The status :func:`rate` gives, without writing why: what counting a run of missed
    periods needs of each earlier period.

    ``last_year`` and ``last_year_break`` are refused together, as by :func:`rate`.
    The same decision as :func:`rate`, not a second definition: a built-in rule decides once,
    and only :func:`rate` goes on to write the words. A rule without ``rate_status`` (a
    plugin's; see :class:`~councilpmf.core.rule.StatusRule`) is rated in full and its
    rating's status given.

    >>> from councilpmf.core.indicators import Indicator, Target
    >>> from councilpmf.core.periods import parse_period
    >>> y = parse_period("2024/25")
    >>> k = Indicator(id="K", title="Visits", targets=(Target(period=y, value=100.0),))
    >>> rate_status(k, 96.0, k.target_for(y), TargetTolerance())
    <Status.AMBER: 'amber'>
    >>> rate_status(k, None, k.target_for(y), TargetTolerance())
    <Status.NO_DATA: 'no data'>
    """
    if last_year_break is not None:  # rarely: ratings are made by the thousand
        _refuse_both(indicator, last_year, last_year_break)
    shared = _shared_case(indicator, actual, target, rule, None)
    if shared is not None:
        return shared.status
    assert actual is not None
    if not status_needs(rule).own:
        return rate(
            indicator,
            actual,
            target,
            rule,
            last_year=last_year,
            comparators=comparators,
            last_year_break=last_year_break,
        ).status
    context = _context(indicator, actual, target, last_year, comparators, last_year_break)
    status = _ask(rule, "rate_status", context)
    if not isinstance(status, Status):
        raise RuleFailure(
            type(rule), f"{_what(rule)}: rate_status returned {status!r}, not a Status"
        )
    return status


class StatusNeeds(NamedTuple):
    """What :func:`rate_status` needs to give a rule's status: whether the rule has a status
    path of its own (``own``; if not, it is rated in full), and whether that path looks at the
    value a year before (``last_year``) and at comparator values (``comparators``)."""

    own: bool
    last_year: bool
    comparators: bool


@functools.cache
def _needs_of(kind: type) -> StatusNeeds:
    def owner(name: str) -> type | None:
        return next((c for c in kind.__mro__ if name in c.__dict__), None)

    # A status path is the rule's own when the class that words its ratings also gives its
    # status: a subclass that rewrites ``rate`` alone is rated in full.
    status_owner = owner("rate_status")
    if status_owner is None or status_owner is not owner("rate"):
        return StatusNeeds(own=False, last_year=True, comparators=True)
    return StatusNeeds(
        own=True,
        last_year=bool(getattr(kind, "uses_last_year", True)),
        comparators=bool(getattr(kind, "uses_comparators", True)),
    )


def status_needs(rule: Rule | type[Rule]) -> StatusNeeds:
    """What :func:`rate_status` needs for ``rule`` (a rule or a rule class): a caller may leave
    out ``last_year`` and ``comparators`` where the rule's status path says it never looks at
    them.

    >>> status_needs(TargetTolerance())
    StatusNeeds(own=True, last_year=False, comparators=False)
    >>> status_needs(ToleranceWithTravel()).last_year
    True
    """
    return _needs_of(rule if isinstance(rule, type) else type(rule))


def _refuse_both(
    indicator: Indicator, last_year: float | None, last_year_break: SeriesBreak | None
) -> None:
    """Refuse a value for last year given with a change of definition since: across the change
    there is no comparable value, so a caller giving both looked last year up wrongly."""
    if last_year is not None and last_year_break is not None:
        changed = definition_changed(last_year_break, indicator.id)
        raise InputError(
            (
                "last_year must not be given with a last_year_break: across a change of "
                f"definition there is no comparable value for last year ({changed})",
            )
        )


# A rating context of values the library looked up itself, made without ``__init__``: one is
# made for every rating, and for every earlier period a run of misses is counted over.
_context: Callable[
    [Indicator, float, Target | None, float | None, tuple[float, ...], SeriesBreak | None],
    RatingContext,
] = trusted_builder(
    RatingContext,
    "indicator",
    "actual",
    "target",
    "last_year",
    "comparators",
    "last_year_break",
)


def _shared_case(
    indicator: Indicator,
    actual: float | None,
    target: Target | None,
    rule: Rule,
    missing_reason: str | None,
) -> _Verdict | None:
    """The verdict of the cases every rule shares (no data, data only, no usable target), so
    that no rule can get them wrong; None when the rule itself must decide."""
    if actual is None:
        return _Verdict(_NO_DATA, lambda: missing_reason or "no reading")
    if not indicator.rated:
        return _Verdict(
            _NOT_RATED, lambda: f"{indicator.format_value(actual)}; data only, no target"
        )
    if rule.uses_target and target is None:
        return _Verdict(_NOT_RATED, lambda: f"{indicator.format_value(actual)}; no target set")
    if (
        rule.uses_target
        and target is not None
        and target.value is None
        and indicator.polarity is not _BAND
    ):
        return _Verdict(
            _NOT_RATED,
            lambda: (
                f"{indicator.format_value(actual)}; the target is only a band, "
                f"which needs a target-band indicator, not {indicator.polarity.value}"
            ),
        )
    return None


def _what(rule: Rule) -> str:
    """The rule's kind and class, as an error about it names them."""
    return f"rule kind {rule.kind!r} ({type(rule).__qualname__})"


def _ask(rule: Rule, method: str, context: RatingContext) -> object:
    """``rule.<method>(context)``; a rule (a plugin's, or a built-in one) that fails is a
    :class:`RuleFailure` naming the rule's kind and class."""
    try:
        return getattr(rule, method)(context)
    except CouncilPMFError:
        raise
    except Exception as error:
        raise _failure(rule, method, error) from error


def _failure(rule: Rule, method: str, error: Exception) -> RuleFailure:
    """The :class:`RuleFailure` of ``rule`` failing with ``error`` in ``method``."""
    return RuleFailure(type(rule), f"{_what(rule)} failed in {method}: {failure_cause(error)}")


class _Verdict(NamedTuple):
    """What a rule decided: the status, the council's label for it (None for the status's own
    word), and why, in words written only when a rating is asked for."""

    status: Status
    words: Callable[[], str]
    label: str | None = None

    def rating(self) -> Rating:
        """The rating: the status with its explanation."""
        return _rating(self.status, self.words(), self.label)


class _Decides:
    """A rule that decides once, in ``_verdict``: ``rate`` writes the decision's words and
    ``rate_status`` gives its status alone, so the two cannot disagree. ``uses_last_year`` and
    ``uses_comparators`` say whether the decision looks at those parts of the context."""

    __slots__ = ()
    uses_last_year: ClassVar[bool] = False
    uses_comparators: ClassVar[bool] = False

    def _verdict(self, context: RatingContext) -> _Verdict:
        raise NotImplementedError

    def rate(self, context: RatingContext) -> Rating:
        """Rate one value: its status and why."""
        return self._verdict(context).rating()

    def rate_status(self, context: RatingContext) -> Status:
        """The status :meth:`rate` gives, without writing why."""
        return self._verdict(context).status


def _rating(status: Status, detail: str, label: str | None = None) -> Rating:
    """The rating of a verdict, made without ``__init__`` as ``trusted`` would: one is made
    for every indicator, and the status is a member and the words are text already."""
    word = label or status.word
    return _built_rating(status, f"{word}: {detail}", word)


_built_rating: Callable[[Status, str, str], Rating] = trusted_builder(
    Rating, "status", "explanation", "label"
)


_mode_check = one_of("relative", "absolute")


def _gap(context: RatingContext) -> tuple[float, float, str]:
    """How far the actual falls short of the target, its reference size, and which way.

    The shortfall is <= 0 when the target is met (or the value is inside a target band).
    """
    aim = context.aim()
    if aim is None:
        return (0.0, 1.0, "")
    target, direction = aim
    shortfall = (target - context.actual) * direction
    return (shortfall, abs(target), "below" if direction > 0 else "above")


def _met(shortfall: float, slack: float) -> str:
    """``better than target`` when a value beats its target, ``on target`` when it meets it."""
    return "better than target" if shortfall < -slack else "on target"


def _allowance(tolerance: float, mode: str, reference: float) -> float:
    return tolerance * reference / 100 if mode == "relative" else tolerance


def _tolerance_words(context: RatingContext, tolerance: float, mode: str) -> str:
    if mode == "relative":
        return f"{tolerance:g}%"
    if context.indicator.unit in PERCENT_UNITS:
        return f"{tolerance:g} percentage points"
    return context.text(tolerance)


@attrs.frozen(kw_only=True)
class TargetTolerance(_Decides):
    """Green on or better than target, amber within a tolerance, red beyond it.

    ``mode`` is ``relative`` (a percentage of the target) or ``absolute`` (in the indicator's
    unit, percentage points for percentages and percentage changes). ``exceeded_by`` rates
    blue a value better than the target by more than that margin (same mode).

    >>> from councilpmf.core.indicators import Indicator, Polarity, Target
    >>> from councilpmf.core.periods import parse_period
    >>> y = parse_period("2024/25")
    >>> days = Indicator(id="HB1", title="Days to process benefit claims",
    ...     polarity=Polarity.LOWER_IS_BETTER, targets=(Target(period=y, value=20.0),))
    >>> rate(days, 21.0, days.target_for(y), TargetTolerance(tolerance=10)).explanation
    'Amber: 21.0 against a target of 20.0; within 10% above'
    """

    kind: ClassVar[str] = "target-tolerance"
    uses_target: ClassVar[bool] = True
    tolerance: float = attrs.field(default=5.0, validator=number_in(0))
    mode: str = attrs.field(default="relative", validator=_mode_check)
    exceeded_by: float | None = attrs.field(default=None, validator=optional(number_in(0)))

    def _verdict(self, context: RatingContext) -> _Verdict:
        shortfall, reference, side = _gap(context)
        slack = _slack(reference, context.actual)
        mode, exceeded_by = self.mode, self.exceeded_by
        if shortfall <= slack:
            if (
                exceeded_by is not None
                and -shortfall > _allowance(exceeded_by, mode, reference) + slack
            ):
                return _Verdict(
                    _BLUE,
                    lambda: (
                        f"{context.against()}; better by more than "
                        f"{_tolerance_words(context, exceeded_by, mode)}"
                    ),
                )
            return _Verdict(_GREEN, lambda: f"{context.against()}; {_met(shortfall, slack)}")
        if mode == "relative" and reference == 0:
            return _Verdict(
                _RED,
                lambda: (
                    f"{context.against()}; {side} a target of zero, "
                    "where a relative tolerance allows none"
                ),
            )
        tolerance = self.tolerance
        status = _AMBER if shortfall <= _allowance(tolerance, mode, reference) + slack else _RED
        how = "within" if status is _AMBER else "more than"
        return _Verdict(
            status,
            lambda: (
                f"{context.against()}; {how} {_tolerance_words(context, tolerance, mode)} {side}"
            ),
        )


def _performance(context: RatingContext) -> float | None:
    """Camms-style performance in percent: actual/target, or 2 - actual/target if lower is
    better; 100 inside a target band; None when the target is zero or negative."""
    aim = context.aim()
    if aim is None:
        return 100.0
    target, direction = aim
    if target <= 0:
        return None
    ratio = context.actual / target
    return 100 * (ratio if direction > 0 else 2 - ratio)


def _performance_words(context: RatingContext, performance: float) -> str:
    """``92% of target``; for lower is better, where performance is 2 - actual / target,
    ``performance 25%, lower being better``."""
    aim = context.aim()
    if aim is not None and aim[1] < 0:
        return f"performance {performance:.0f}%, lower being better"
    return f"{performance:.0f}% of target"


def _not_rated_ratio(context: RatingContext) -> _Verdict:
    return _Verdict(
        _NOT_RATED,
        lambda: f"{context.against()}; a ratio to a target of zero or less has no meaning",
    )


def _performance_detail(context: RatingContext, performance: float) -> str:
    return f"{context.against()}; {_performance_words(context, performance)}"


@attrs.frozen(kw_only=True)
class RatioToTarget(_Decides):
    """Performance as a ratio to target (Camms): green at 100% or more, amber down to
    100% less the variance, red below; blue at ``exceeded_at`` or more when set.

    >>> from councilpmf.core.indicators import Indicator, Target
    >>> from councilpmf.core.periods import parse_period
    >>> y = parse_period("2024/25")
    >>> k = Indicator(id="K", title="Homes built", targets=(Target(period=y, value=200.0),))
    >>> rate(k, 184.0, k.target_for(y), RatioToTarget(variance=10)).explanation
    'Amber: 184.0 against a target of 200.0; 92% of target (amber from 90%)'
    """

    kind: ClassVar[str] = "ratio-to-target"
    uses_target: ClassVar[bool] = True
    variance: float = attrs.field(default=10.0, validator=number_in(0, 100))
    exceeded_at: float | None = attrs.field(default=None, validator=optional(number_in(100)))

    def _verdict(self, context: RatingContext) -> _Verdict:
        performance = _performance(context)
        if performance is None:
            return _not_rated_ratio(context)
        exceeded_at = self.exceeded_at
        if exceeded_at is not None and performance >= exceeded_at - EPSILON:
            return _Verdict(
                _BLUE,
                lambda: f"{_performance_detail(context, performance)} (blue from {exceeded_at:g}%)",
            )
        if performance >= 100 - EPSILON:
            return _Verdict(_GREEN, lambda: _performance_detail(context, performance))
        floor = 100 - self.variance
        if performance >= floor - EPSILON:
            return _Verdict(
                _AMBER,
                lambda: f"{_performance_detail(context, performance)} (amber from {floor:g}%)",
            )
        return _Verdict(
            _RED, lambda: f"{_performance_detail(context, performance)} (below {floor:g}%)"
        )


OPERATORS: Mapping[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
"""The comparisons a first-match clause may use, by the symbol councils write."""


def _rated_status(_instance: object, attribute: attrs.Attribute[Any], value: Status) -> None:
    if value.rank is None:
        raise InputError(
            (f"{attribute.name} must be blue, green, amber or red, not {value.value}",)
        )


_status = [of_type(Status), _rated_status]


@attrs.frozen(kw_only=True)
class Clause:
    """One test of a first-match rule: ``actual <op> factor x target + offset``."""

    status: Status = attrs.field(validator=_status)
    op: str = attrs.field(default=">=", validator=one_of(*OPERATORS))
    factor: float = attrs.field(default=1.0, validator=number)
    offset: float = attrs.field(default=0.0, validator=number)
    label: str | None = attrs.field(default=None, validator=optional(text))

    def threshold(self, target: float) -> float:
        """The value this clause compares the actual with."""
        return self.factor * target + self.offset

    def matches(self, actual: float, target: float) -> bool:
        """True when the actual passes this clause's test."""
        threshold = self.threshold(target)
        if self.op in (">=", "<="):
            close = abs(actual - threshold) <= _slack(actual, threshold)
            return close or OPERATORS[self.op](actual, threshold)
        return OPERATORS[self.op](actual, threshold)

    def describe(self) -> str:
        """The clause in words: ``actual >= 0.9 x target``."""
        scale = "target" if self.factor == 1 else f"{self.factor:g} x target"
        shift = f" {'+' if self.offset > 0 else '-'} {abs(self.offset):g}" if self.offset else ""
        return f"actual {self.op} {scale}{shift}"


DEFAULT_CLAUSES = (
    Clause(status=Status.GREEN, op=">=", factor=1.0),
    Clause(status=Status.AMBER, op=">=", factor=0.9),
)
"""The first-match rule's clauses when a council gives none: green at target, amber from 90%."""
LOWER_IS_BETTER_CLAUSES = (
    Clause(status=Status.GREEN, op="<=", factor=1.0),
    Clause(status=Status.AMBER, op="<=", factor=1.1),
)
"""The same for lower is better: green at target, amber up to 110%."""


@attrs.frozen(kw_only=True)
class FirstMatch(_Decides):
    """Ordered clauses; the first that matches gives the status, else ``otherwise`` (ClearPoint).

    The default is green if actual >= target, amber if actual >= 0.9 x target, otherwise red;
    it follows the indicator's direction, so for lower is better it is green if actual <= target
    and amber if actual <= 1.1 x target, and for a target band it is green inside the band and
    measured from the nearer bound outside it. Clauses of a council's own are written for the
    indicator's direction: a lower-is-better indicator uses ``<=``.

    >>> from councilpmf.core.indicators import Indicator, Target
    >>> from councilpmf.core.periods import parse_period
    >>> y = parse_period("2024/25")
    >>> k = Indicator(id="K", title="Visits", targets=(Target(period=y, value=100.0),))
    >>> rate(k, 95.0, k.target_for(y), FirstMatch()).explanation
    'Amber: 95.0 against a target of 100.0; actual >= 0.9 x target'
    """

    kind: ClassVar[str] = "first-match"
    uses_target: ClassVar[bool] = True
    clauses: tuple[Clause, ...] = attrs.field(
        default=DEFAULT_CLAUSES,
        validator=v.deep_iterable(of_type(Clause), of_type(tuple)),
    )
    otherwise: Status = attrs.field(default=Status.RED, validator=_status)
    otherwise_label: str | None = attrs.field(default=None, validator=optional(text))

    def _verdict(self, context: RatingContext) -> _Verdict:
        target = context.target
        assert target is not None
        clauses, reference = self.clauses, target.value
        banded = context.indicator.polarity is _BAND
        if clauses == DEFAULT_CLAUSES and (reference is not None or banded):
            # The default clauses read higher is better: follow the indicator's direction.
            aim = context.aim()
            if aim is None:
                return _Verdict(_GREEN, lambda: f"{context.against()}; inside the target band")
            reference, direction = aim
            if direction < 0:
                clauses = LOWER_IS_BETTER_CLAUSES
        if reference is None:
            return _Verdict(
                _NOT_RATED, lambda: f"{context.against()}; first-match needs a target value"
            )
        matched = next((c for c in clauses if c.matches(context.actual, reference)), None)
        if matched is None:
            return _Verdict(
                self.otherwise,
                lambda: f"{context.against()}; no rule matched",
                self.otherwise_label,
            )
        return _Verdict(
            matched.status, lambda: f"{context.against()}; {matched.describe()}", matched.label
        )


@attrs.frozen(kw_only=True)
class Band:
    """One band of a banded rule: performance (percent of target) of ``at_least`` or more.

    The last band of a rule has no ``at_least`` and catches everything below.
    """

    status: Status = attrs.field(validator=_status)
    at_least: float | None = attrs.field(default=None, validator=optional(number))
    label: str | None = attrs.field(default=None, validator=optional(text))


def _best_first(statuses: Sequence[Status], path: str, items: str) -> None:
    """Refuse ``statuses`` unless each is no better than the one before, naming the first that
    is by its ``path`` from the record (``{}`` is its position), which a file's path is put
    before.

    >>> _best_first([Status.GREEN, Status.RED, Status.AMBER], "$.statuses[{}]", "statuses")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: $.statuses[2]: amber comes after red; statuses must go from the best status to the worst
    """  # noqa: E501
    for at, (before, status) in enumerate(itertools.pairwise(statuses), start=1):
        if (status.rank or 0) > (before.rank or 0):
            raise InputError(
                (
                    f"{path.format(at)}: {status.value} comes after {before.value}; {items} "
                    "must go from the best status to the worst",
                )
            )


def _check_bands(_instance: object, _attribute: object, bands: tuple[Band, ...]) -> None:
    """Refuse bands a banded rule cannot rate by, in one line naming the band's field by its
    path from the rule (``$.bands[2].at_least``), which a file's path is put before."""
    if not 2 <= len(bands) <= 5:
        raise InputError((f"bands must be 2 to 5 bands, not {len(bands)}",))
    if bands[-1].at_least is not None:
        raise InputError(
            (
                f"$.bands[{len(bands) - 1}].at_least: the last band must have no at_least: it "
                "catches all lower values",
            )
        )
    floors = []
    for at, band in enumerate(bands[:-1]):
        if band.at_least is None:
            raise InputError(
                (f"$.bands[{at}].at_least: only the last band may leave out at_least",)
            )
        floors.append(band.at_least)
    for at, (above, floor) in enumerate(itertools.pairwise(floors), start=1):
        if floor >= above:
            raise InputError(
                (
                    f"$.bands[{at}].at_least: {floor:g} is not below {above:g}, the band "
                    "before's; bands must be ordered from the highest at_least down",
                )
            )
    _best_first([band.status for band in bands], "$.bands[{}].status", "bands")


def _default_bands() -> tuple[Band, ...]:
    return (
        Band(status=Status.BLUE, at_least=110.0, label="Exceeded"),
        Band(status=Status.GREEN, at_least=100.0),
        Band(status=Status.AMBER, at_least=90.0),
        Band(status=Status.RED),
    )


@attrs.frozen(kw_only=True)
class Bands(_Decides):
    """Up to five bands of performance (percent of target, as Camms computes it), each with a
    status and the council's own label.

    >>> from councilpmf.core.indicators import Indicator, Target
    >>> from councilpmf.core.periods import parse_period
    >>> y = parse_period("2024/25")
    >>> k = Indicator(id="K", title="Visits", targets=(Target(period=y, value=100.0),))
    >>> rate(k, 115.0, k.target_for(y), Bands()).explanation
    'Exceeded: 115.0 against a target of 100.0; 115% of target (band from 110%)'
    """

    kind: ClassVar[str] = "bands"
    uses_target: ClassVar[bool] = True
    bands: tuple[Band, ...] = attrs.field(
        factory=_default_bands,
        validator=[v.deep_iterable(of_type(Band), of_type(tuple)), _check_bands],
    )

    def _verdict(self, context: RatingContext) -> _Verdict:
        performance = _performance(context)
        if performance is None:
            return _not_rated_ratio(context)
        band = next(
            (b for b in self.bands if b.at_least is None or performance >= b.at_least - EPSILON),
        )
        at_least = band.at_least
        where = "(lowest band)" if at_least is None else f"(band from {at_least:g}%)"
        return _Verdict(
            band.status,
            lambda: f"{_performance_detail(context, performance)} {where}",
            band.label,
        )


@attrs.frozen(kw_only=True)
class ToleranceWithTravel(_Decides):
    """Havering's rule: green within a tolerance of target (10% by default); beyond it, amber if
    the value improved on or matched the same period last year, red if it got worse or there is
    no value of last year to compare with (none was recorded, or the definition changed between
    the two: see :attr:`RatingContext.last_year_break`).

    "Within 10%" can mean either of two things, so ``mode`` says which: ``relative`` (the
    default) is 10% of the target (9 percentage points of a 90% target), ``absolute`` is 10 in
    the indicator's unit (10 percentage points for a percentage). The explanation says which.

    >>> from councilpmf.core.indicators import Indicator, Target, Unit
    >>> from councilpmf.core.periods import parse_period
    >>> y = parse_period("2024/25")
    >>> k = Indicator(id="K", title="Visits", targets=(Target(period=y, value=100.0),))
    >>> rate(k, 80.0, k.target_for(y), ToleranceWithTravel(), last_year=75.0).explanation
    'Amber: 80.0 against a target of 100.0; more than 10% of target below but better than last year (75.0)'
    >>> p = Indicator(id="P", title="Planning appeals won", unit=Unit.PERCENTAGE,
    ...     targets=(Target(period=y, value=90.0),))
    >>> rate(p, 81.0, p.target_for(y), ToleranceWithTravel()).explanation
    'Green: 81.0% against a target of 90.0%; within 10% of target below'
    >>> rate(p, 79.0, p.target_for(y), ToleranceWithTravel(mode="absolute")).explanation
    'Red: 79.0% against a target of 90.0%; more than 10 percentage points below, with no value for last year to compare'
    """  # noqa: E501

    kind: ClassVar[str] = "tolerance-with-travel"
    uses_target: ClassVar[bool] = True
    uses_last_year: ClassVar[bool] = True
    tolerance: float = attrs.field(default=10.0, validator=number_in(0))
    mode: str = attrs.field(default="relative", validator=_mode_check)

    def _verdict(self, context: RatingContext) -> _Verdict:
        shortfall, reference, side = _gap(context)
        slack = _slack(reference, context.actual)
        tolerance = self.tolerance
        if shortfall <= slack:
            return _Verdict(_GREEN, lambda: f"{context.against()}; {_met(shortfall, slack)}")
        mode = self.mode

        def words() -> str:
            said = _tolerance_words(context, tolerance, mode)
            return f"{said} of target" if mode == "relative" else said

        if shortfall <= _allowance(tolerance, mode, reference) + slack:
            return _Verdict(_GREEN, lambda: f"{context.against()}; within {words()} {side}")

        def beyond() -> str:
            return f"{context.against()}; more than {words()} {side}"

        last = context.last_year
        if last is None:
            return _Verdict(_RED, lambda: f"{beyond()}, {_no_last_year(context)}")
        last_gap, _, _ = _gap(attrs.evolve(context, actual=last))
        slack = _slack(reference, context.actual, last)
        if shortfall < last_gap - slack:
            status, compared = _AMBER, "but better than"
        elif abs(shortfall - last_gap) <= slack:
            status, compared = _AMBER, "but the same as"
        else:
            status, compared = _RED, "and worse than"
        return _Verdict(status, lambda: f"{beyond()} {compared} last year ({context.text(last)})")


def _no_last_year(context: RatingContext) -> str:
    """Why there is no value for last year to compare with, naming the change of definition
    between the two years when there is one (and whose it was, when an input's)."""
    brk = context.last_year_break
    if brk is None:
        return "with no value for last year to compare"
    return (
        f"with no comparable value for last year ({definition_changed(brk, context.indicator.id)})"
    )


def _four_statuses(_instance: object, _attribute: object, value: tuple[Status, ...]) -> None:
    if len(value) != 4:
        raise InputError(
            (f"statuses must be four statuses, best quartile first, not {len(value)}",)
        )
    _best_first(value, "$.statuses[{}]", "quartile statuses")


QUARTILE_MINIMUM = 4
"""The fewest values a quartile position is given among: fewer have no quarters to speak of."""


def quartile_position(actual: float, values: Sequence[float], lower_is_better: bool) -> int:
    """The quarter of ``values`` (at least :data:`QUARTILE_MINIMUM` of them) that ``actual``
    falls in: 1 is the best quarter, 4 the worst.

    The cut points are ``statistics.quantiles(values, n=4, method="inclusive")`` (linear
    interpolation between the sorted values, as a spreadsheet's ``QUARTILE.INC``). A value on a
    cut point (within ``1e-9``) counts in the better quarter. This is the one meaning of
    "quartile" in the library: the quartile rating rule and national benchmarking both use it.

    >>> quartile_position(49.0, (40.0, 45, 48, 50, 55), lower_is_better=False)
    2
    >>> quartile_position(48.0, (40.0, 45, 48, 50, 55), lower_is_better=True)
    2
    >>> quartile_position(55.0, (40.0, 45, 48, 50, 55), lower_is_better=True)
    4
    """
    cuts = statistics.quantiles(values, n=4, method="inclusive")
    if lower_is_better:
        return 1 + sum(actual > cut + EPSILON for cut in cuts)
    return 4 - sum(actual >= cut - EPSILON for cut in cuts)


@attrs.frozen(kw_only=True)
class Quartile(_Decides):
    """Rated by quartile position within a comparator group (say CIPFA nearest neighbours):
    by default green in the best quartile, amber in the middle two, red in the worst.

    >>> from councilpmf.core.indicators import Indicator
    >>> k = Indicator(id="K", title="Recycling rate")
    >>> rate(k, 49.0, None, Quartile(group="CIPFA"), comparators=(40.0, 45, 48, 50, 55)).status
    <Status.AMBER: 'amber'>
    """

    kind: ClassVar[str] = "quartile"
    uses_target: ClassVar[bool] = False
    uses_comparators: ClassVar[bool] = True
    statuses: tuple[Status, ...] = attrs.field(
        default=(Status.GREEN, Status.AMBER, Status.AMBER, Status.RED),
        validator=[v.deep_iterable(of_type(Status), of_type(tuple)), _four_statuses],
    )
    group: str = attrs.field(default="comparator group", validator=text)

    def _verdict(self, context: RatingContext) -> _Verdict:
        values, group = context.comparators, self.group
        if len(values) < QUARTILE_MINIMUM:
            return _Verdict(
                _NOT_RATED,
                lambda: (
                    f"{context.text(context.actual)}; needs at least {QUARTILE_MINIMUM} "
                    f"{group} values, has {len(values)}"
                ),
            )
        if context.indicator.polarity is _BAND:
            return _Verdict(
                _NOT_RATED,
                lambda: f"{context.text(context.actual)}; quartiles need a better direction",
            )
        lower_is_better = context.indicator.polarity is _LOWER
        position = quartile_position(context.actual, values, lower_is_better)
        ordinal = ("best", "second", "third", "worst")[position - 1]
        return _Verdict(
            self.statuses[position - 1],
            lambda: (
                f"{context.text(context.actual)}; {ordinal} quartile of {len(values)} "
                f"{group} values"
            ),
        )


BUILTIN_RULES: Mapping[str, type[Rule]] = {
    rule.kind: rule
    for rule in (TargetTolerance, RatioToTarget, FirstMatch, Bands, ToleranceWithTravel, Quartile)
}
_BUILT_IN = frozenset(BUILTIN_RULES.values())
