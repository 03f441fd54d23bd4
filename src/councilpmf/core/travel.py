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
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import attrs

from councilpmf.core._validate import of_type, optional, text, trusted_builder
from councilpmf.core.indicators import Aggregation, Indicator, Polarity
from councilpmf.core.numbers import compare_shown
from councilpmf.core.periods import Period
from councilpmf.core.periods import earlier_period as period_before

__all__ = [
    "Direction",
    "SeriesBreak",
    "Travel",
    "break_between",
    "definition_changed",
    "own_breaks",
    "series_breaks",
    "travel",
]


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
# Explanations that name no value are the same every time: written once.
_NONE = _NO_COMPARISON.word
_NO_EARLIER = f"{_NONE}: there is no earlier period to compare with"
_NOT_YEAR_TO_DATE = f"{_NONE}: a year-to-date total is compared only with the same period last year"


@attrs.frozen(kw_only=True)
class Travel:
    """The direction against one earlier period, and why, in words. ``compared_with`` is None
    when there is no earlier period to compare with: before the first year a period can be
    written for."""

    direction: Direction = attrs.field(validator=of_type(Direction))
    compared_with: Period | None = attrs.field(validator=optional(of_type(Period)))
    explanation: str = attrs.field(validator=text)


class SeriesBreak(NamedTuple):
    """A change of definition that applies to an indicator: the first period of the new
    definition, and whose definition changed (the indicator's own id, or the id of an input it
    is worked out from)."""

    period: Period
    of: str


def definition_changed(brk: SeriesBreak, indicator_id: str) -> str:
    """A change of definition in words, as every rating, travel and chart names it: where it
    changed, and whose definition it was when an input's rather than the indicator's own.

    >>> from councilpmf.core.periods import parse_period
    >>> brk = SeriesBreak(parse_period("2024/25 Q1"), "N")
    >>> definition_changed(brk, "N")
    'the definition changed in 2024/25 Q1'
    >>> definition_changed(brk, "PC")
    'the definition of N changed in 2024/25 Q1'
    """
    whose = "" if brk.of == indicator_id else f" of {brk.of}"
    return f"the definition{whose} changed in {brk.period}"


def own_breaks(indicator: Indicator) -> tuple[SeriesBreak, ...]:
    """The indicator's own ``series_break`` as the breaks that apply to it, when it knows
    nothing of the indicators it is worked out from.

    >>> from councilpmf.core.periods import parse_period
    >>> own_breaks(Indicator(id="K", title="K", series_break=parse_period("2024/25 Q1")))
    (SeriesBreak(period=Quarter(year=2024, number=1, start_month=4), of='K'),)
    """
    own = indicator.series_break
    return () if own is None else (SeriesBreak(own, indicator.id),)


def break_between(
    breaks: Iterable[SeriesBreak], earlier: Period, later: Period
) -> SeriesBreak | None:
    """The first of ``breaks`` that lies between ``earlier`` and ``later``: it starts after
    ``earlier`` starts and no later than ``later`` starts, so the two periods are of different
    definitions. None when no break does.

    >>> from councilpmf.core.periods import parse_period as p
    >>> breaks = (SeriesBreak(p("2024/25 Q1"), "K"),)
    >>> break_between(breaks, p("2023/24 Q3"), p("2024/25 Q3")).of
    'K'
    >>> break_between(breaks, p("2024/25 Q1"), p("2024/25 Q3")) is None
    True
    """
    for brk in breaks:
        if earlier.start < brk.period.start <= later.start:
            return brk
    return None


def series_breaks(indicators: Iterable[Indicator]) -> dict[str, tuple[SeriesBreak, ...]]:
    """The series breaks that apply to each of ``indicators`` that has any: its own
    ``series_break`` and those of every input it is worked out from, however many calculations
    away (a value worked out from an input whose definition changed changed definition too).
    An indicator's own break comes first, then its inputs' in the order ``indicators`` lists
    them. Inputs that are not among ``indicators`` are passed over; so is a cycle.

    >>> from councilpmf.core.indicators import Indicator
    >>> from councilpmf.core.periods import parse_period
    >>> found = series_breaks([
    ...     Indicator(id="N", title="Done", series_break=parse_period("2024/25 Q1")),
    ...     Indicator(id="D", title="Asked"),
    ...     Indicator(id="PC", title="Share done", numerator="N", denominator="D")])
    >>> [(str(b.period), b.of) for b in found["PC"]], "D" in found
    ([('2024/25 Q1', 'N')], False)
    """
    listed = tuple(indicators)
    dependents: dict[str, list[str]] = {}
    for indicator in listed:
        for ref in indicator.inputs:
            dependents.setdefault(ref, []).append(indicator.id)
    found: dict[str, list[SeriesBreak]] = {}
    for holder in listed:
        if holder.series_break is None:
            continue
        brk = SeriesBreak(holder.series_break, holder.id)
        reached, waiting = {holder.id}, [holder.id]
        while waiting:
            for dependent in dependents.get(waiting.pop(), ()):
                if dependent not in reached:
                    reached.add(dependent)
                    waiting.append(dependent)
        for reached_id in reached:
            found.setdefault(reached_id, []).append(brk)
    return {
        ident: tuple(sorted(breaks, key=lambda b: b.of != ident))  # its own first
        for ident, breaks in found.items()
    }


# The same few periods recur in the travel of every indicator of a framework: each period's
# year before is worked out, and each earlier period written, once while it recurs. A period
# is found again only by one equal to it: of the same kind, with the same fields.
@functools.lru_cache(maxsize=256)
def _a_year_before(period: Period) -> Period | None:
    """The same period a year before ``period``: the only one a year-to-date total is
    compared with (None before the first year a period can be written for)."""
    return period_before(period, last_year=True)


_written = functools.lru_cache(maxsize=256)(str)


# Built twice for every indicator assessed.
_made: Callable[[Direction, Period | None, str], Travel] = trusted_builder(
    Travel, "direction", "compared_with", "explanation"
)


def travel(
    indicator: Indicator,
    current: float | None,
    period: Period,
    earlier: float | None,
    earlier_period: Period | None,
    breaks: Sequence[SeriesBreak] | None = None,
) -> Travel:
    """Compare the value for ``period`` with the value for ``earlier_period``.

    ``earlier_period`` is None when there is none (:func:`~councilpmf.core.periods.earlier_period`
    finds none before the first year a period can be written for): no valid comparison.
    Values are compared as they are shown (rounded to the indicator's decimals), so a change too
    small to see reads as no change. A missing value on either side, or a change of definition
    between the two periods, gives no valid comparison: ``breaks`` are the changes that apply
    to the indicator (:func:`series_breaks`, the framework's
    :attr:`~councilpmf.core.framework.Framework.series_breaks`), by default its own
    ``series_break`` alone. A break applies when it starts after ``earlier_period`` starts and
    no later than ``period`` starts; the first that applies is named.

    >>> from councilpmf.core.indicators import Aggregation, Indicator, Polarity
    >>> from councilpmf.core.periods import parse_period
    >>> pop = Indicator(id="P", title="Population", polarity=Polarity.NONE, decimals=0)
    >>> travel(pop, 110500, parse_period("2024/25"), None, parse_period("2023/24")).explanation
    'No valid comparison: no value for 2023/24'
    >>> travel(pop, 110500, parse_period("1000/01"), None, None).explanation
    'No valid comparison: there is no earlier period to compare with'
    """
    if earlier_period is None:
        return _made(_NO_COMPARISON, None, _NO_EARLIER)
    if current is None or earlier is None:
        missing = period if current is None else earlier_period
        return _made(_NO_COMPARISON, earlier_period, f"{_NONE}: no value for {_written(missing)}")
    if indicator.aggregation is _CUMULATIVE and earlier_period != _a_year_before(period):
        return _made(_NO_COMPARISON, earlier_period, _NOT_YEAR_TO_DATE)
    if breaks is None:
        breaks = own_breaks(indicator)
    if breaks:
        brk = break_between(breaks, earlier_period, period)
        if brk is not None:
            why = definition_changed(brk, indicator.id)
            return _made(_NO_COMPARISON, earlier_period, f"{_NONE}: {why}")
    shown = compare_shown(current, earlier, indicator.decimals)
    if shown == 0:
        direction = _NO_CHANGE
    elif indicator.polarity in (_NO_POLARITY, _BAND):
        direction = _INCREASING if shown > 0 else _DECREASING
    else:
        better = (shown > 0) == (indicator.polarity is _HIGHER)
        direction = _IMPROVING if better else _WORSENING
    return _made(
        direction,
        earlier_period,
        f"{direction.word}: {indicator.format_value(current)} from "
        f"{indicator.format_value(earlier)} in {_written(earlier_period)}",
    )
