"""Direction of travel: is an indicator getting better or worse?

Travel is computed apart from the rating, twice: short term against the previous period and long
term against the same period last year. Every direction has a word as well as an arrow.

>>> from councilpmf.core.indicators import Aggregation, Indicator, Polarity
>>> from councilpmf.core.periods import parse_period
>>> days = Indicator(id="D", title="Days lost to sickness", polarity=Polarity.LOWER_IS_BETTER)
>>> t = travel(days, 8.1, parse_period("2024/25 Q3"), 9.0, parse_period("2024/25 Q2"))
>>> t.direction.word, t.direction.symbol
('Improving', '↗')
>>> t.explanation
'Improving: 8.1 from 9.0 in 2024/25 Q2'
"""

from __future__ import annotations

import enum
import functools

import attrs

from councilpmf.core._validate import of_type, trusted
from councilpmf.core.indicators import Aggregation, Indicator, Polarity
from councilpmf.core.periods import Period

__all__ = ["Direction", "Travel", "travel"]


class Direction(enum.Enum):
    """Which way an indicator moved. Without a better direction it only increases or decreases."""

    IMPROVING = "improving"
    NO_CHANGE = "no change"
    WORSENING = "worsening"
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_COMPARISON = "no valid comparison"

    @functools.cached_property
    def word(self) -> str:
        """The direction as a word for people: ``Improving``."""
        return self.value.capitalize()

    @functools.cached_property
    def symbol(self) -> str:
        """An arrow; always shown with the word, never alone."""
        return _SYMBOLS[self]


_SYMBOLS = {
    Direction.IMPROVING: "↗",
    Direction.NO_CHANGE: "→",
    Direction.WORSENING: "↘",
    Direction.INCREASING: "↑",
    Direction.DECREASING: "↓",
    Direction.NO_COMPARISON: "–",
}

# Looking a member up on its Enum class is slow in Python 3.11 (the metaclass defines
# __getattr__): travel, worked out twice for every indicator, names the members here instead.
_IMPROVING, _NO_CHANGE, _WORSENING = Direction.IMPROVING, Direction.NO_CHANGE, Direction.WORSENING
_INCREASING, _DECREASING = Direction.INCREASING, Direction.DECREASING
_NO_COMPARISON = Direction.NO_COMPARISON
_CUMULATIVE = Aggregation.CUMULATIVE
_NO_POLARITY, _BAND, _HIGHER = Polarity.NONE, Polarity.TARGET_BAND, Polarity.HIGHER_IS_BETTER


@attrs.frozen(kw_only=True)
class Travel:
    """The direction against one earlier period, and why, in words."""

    direction: Direction = attrs.field(validator=of_type(Direction))
    compared_with: Period = attrs.field(validator=of_type(Period))
    explanation: str = attrs.field(validator=of_type(str))


def travel(
    indicator: Indicator,
    current: float | None,
    period: Period,
    earlier: float | None,
    earlier_period: Period,
) -> Travel:
    """Compare the value for ``period`` with the value for ``earlier_period``.

    Values are compared as they are shown (rounded to the indicator's decimals), so a change too
    small to see reads as no change. A missing value on either side, or a change of definition
    (``series_break``) between the two periods, gives no valid comparison.

    >>> from councilpmf.core.indicators import Aggregation, Indicator, Polarity
    >>> from councilpmf.core.periods import parse_period
    >>> pop = Indicator(id="P", title="Population", polarity=Polarity.NONE, decimals=0)
    >>> travel(pop, 110500, parse_period("2024/25"), None, parse_period("2023/24")).explanation
    'No valid comparison: no value for 2023/24'
    """

    def result(direction: Direction, detail: str) -> Travel:
        return trusted(
            Travel,
            direction=direction,
            compared_with=earlier_period,
            explanation=f"{direction.word}: {detail}",
        )

    if current is None or earlier is None:
        missing = period if current is None else earlier_period
        return result(_NO_COMPARISON, f"no value for {missing}")
    if indicator.aggregation is _CUMULATIVE and earlier_period != period.same_period_last_year():
        return result(
            _NO_COMPARISON,
            "a year-to-date total is compared only with the same period last year",
        )
    brk = indicator.series_break
    if brk is not None and earlier_period.start < brk.start <= period.start:
        return result(_NO_COMPARISON, f"the definition changed from {brk}")
    detail = (
        f"{indicator.format_value(current)} from {indicator.format_value(earlier)} "
        f"in {earlier_period}"
    )
    now, then = round(current, indicator.decimals), round(earlier, indicator.decimals)
    if now == then:
        return result(_NO_CHANGE, detail)
    polarity = indicator.polarity
    if polarity in (_NO_POLARITY, _BAND):
        return result(_INCREASING if now > then else _DECREASING, detail)
    better = (now > then) == (polarity is _HIGHER)
    return result(_IMPROVING if better else _WORSENING, detail)
