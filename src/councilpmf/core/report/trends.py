"""Trend charts: one indicator's values over a run of periods, each point with its rating, and
its target where it has one, described in words.

:func:`trend_chart` is the one place a trend chart is made: the performance report draws one
per indicator with it, and so does :func:`councilpmf.chart` in a notebook, so both show the same
points, ratings and words. :func:`trend_periods` picks the periods a report's chart shows.

>>> from councilpmf.core.indicators import Indicator, Reading, Unit
>>> from councilpmf.core.periods import parse_period
>>> from councilpmf.core.rag import TargetTolerance
>>> q2, q3 = parse_period("2024/25 Q2"), parse_period("2024/25 Q3")
>>> kpi = Indicator(id="FT", title="Fly-tips cleared", unit=Unit.PERCENTAGE).with_target(q3, 90)
>>> readings = Readings.of([Reading(indicator="FT", period=q2, value=80.0),
...                         Reading(indicator="FT", period=q3, value=92.5)])
>>> chart = trend_chart(kpi, readings, (q2, q3), TargetTolerance())
>>> chart.title, chart.description
('Fly-tips cleared (FT)', 'Rose from 80.0% in 2024/25 Q2 to 92.5% in 2024/25 Q3; target 90.0%')
>>> [(p.text, p.status.word) for p in chart.series[0].points]
[('80.0%', 'Not rated'), ('92.5%', 'Green')]
"""

from __future__ import annotations

from collections.abc import Sequence

from councilpmf.core.assess import ratings_at
from councilpmf.core.errors import InputError
from councilpmf.core.indicators import Aggregation, Indicator, ReadingStatus
from councilpmf.core.numbers import compare_shown
from councilpmf.core.periods import Period, earlier_period, first_period, periods_between
from councilpmf.core.readings import Readings
from councilpmf.core.report.document import Chart, Point, Series, StatusCell
from councilpmf.core.report.shared import marks, missing_value_text
from councilpmf.core.rule import Rule
from councilpmf.core.travel import SeriesBreak, definition_changed, own_breaks

__all__ = ["TREND_PERIODS", "trend_chart", "trend_periods"]

TREND_PERIODS = 8
"""How many periods of its own frequency a report's trend chart shows at most, ending at the
reporting period (a cumulative indicator's chart shows its year to date instead)."""


def trend_periods(
    indicator: Indicator, end: Period, readings: Readings, year_start_month: int = 4
) -> tuple[Period, ...]:
    """The periods a report's trend chart shows: the last ``TREND_PERIODS`` ending at ``end``
    (for a cumulative indicator reported more often than yearly, its year to date, from the
    year's first period), less the leading periods with no value, so that a chart starts at its
    first value (a chart with no value at all keeps only ``end``).

    >>> from councilpmf.core.periods import parse_period
    >>> end = parse_period("2024/25 Q3")
    >>> [str(p) for p in trend_periods(Indicator(id="K", title="K"), end, Readings.of(()))]
    ['2024/25 Q3']
    """
    first, months = end.month_span()
    if indicator.aggregation is Aggregation.CUMULATIVE and months < 12:
        last = first + months - 1
        year_start = last - (last - (year_start_month - 1)) % 12  # the year's first month
        count = max((first - year_start) // months + 1, 1)
    else:
        count = TREND_PERIODS
    # No further back than the first period that can be written, in the year 1000.
    opening = first_period(end.frequency, end.year_start).month_span()[0]
    periods = periods_between(end.shift(-min(count - 1, (first - opening) // months)), end)
    for i, p in enumerate(periods):
        if readings.value(indicator.id, p) is not None:
            return periods[i:]
    return (end,)


def _change(indicator: Indicator, start: Point, end: Point) -> str:
    assert start.value is not None and end.value is not None
    shown = compare_shown(end.value, start.value, indicator.decimals)
    if shown == 0:
        return f"unchanged at {end.text} from {start.label} to {end.label}"
    verb = "rose" if shown > 0 else "fell"
    return f"{verb} from {start.text} in {start.label} to {end.text} in {end.label}"


def _break_shown(
    breaks: Sequence[SeriesBreak], periods: Sequence[Period], year_before: Period | None
) -> SeriesBreak | None:
    """The latest change of definition after the first period the words could read (the
    chart's first, or the same period a year before its last, if there is one) and no later
    than the last: what the words must not compare across. The indicator's own comes first of
    two alike."""
    earliest = periods[0].start if year_before is None else min(periods[0].start, year_before.start)
    latest = periods[-1].start
    found = [b for b in breaks if earliest < b.period.start <= latest]
    return max(found, key=lambda b: b.period.start, default=None)


def _movement(
    indicator: Indicator,
    points: Sequence[Point],
    periods: Sequence[Period],
    last_year: Point | None,
    breaks: Sequence[SeriesBreak],
) -> str:
    """How the values moved, in words starting in lower case: the change on the same period
    last year when both values are known, else from the first value shown to the last. Across
    a change of definition, where it changed, then the same of the values since alone.
    ``last_year`` is None when there is no period a year before the last one."""
    known = [p for p in points if p.value is not None]
    latest, year_before = points[-1], earlier_period(periods[-1], last_year=True)
    brk = _break_shown(breaks, periods, year_before)
    if brk is None:
        if latest.value is not None and last_year is not None and last_year.value is not None:
            return _change(indicator, last_year, latest)
        if len(known) > 1:
            return _change(indicator, known[0], known[-1])
        if known:
            return f"one value recorded: {known[0].text} in {known[0].label}"
        if len(points) == 1:
            return f"no value recorded in {latest.label}"
        return f"no values recorded from {points[0].label} to {latest.label}"
    changed = definition_changed(brk, indicator.id)
    since = [
        p
        for p, period in zip(points, periods, strict=True)
        if p.value is not None and period.start >= brk.period.start
    ]
    if (
        latest.value is not None
        and last_year is not None
        and last_year.value is not None
        and year_before is not None
        and year_before.start >= brk.period.start
    ):
        return f"{changed}; {_change(indicator, last_year, latest)}"
    if len(since) > 1:
        return f"{changed}; since then {_change(indicator, since[0], since[-1])}"
    if since:
        return f"{changed}; one value since: {since[0].text} in {since[0].label}"
    return f"{changed}; no values recorded since"


def _words(
    indicator: Indicator,
    points: Sequence[Point],
    periods: Sequence[Period],
    last_year: Point | None,
    target: str,
    breaks: Sequence[SeriesBreak],
) -> str:
    """The chart in words: how the values moved (:func:`_movement`), then the target, any gaps
    and which periods' figures are provisional."""
    words = _movement(indicator, points, periods, last_year, breaks)
    words = words[0].upper() + words[1:]
    known = [p for p in points if p.value is not None]
    latest = points[-1]
    if target == "data only":
        words += "; data only, no target"
    elif target == "no target":
        words += "; no target set"
    else:
        words += f"; target {target}"
    missing = len(points) - len(known)
    if known and latest.value is None:
        words += f"; no value for {latest.label}"
    if known and missing:
        words += f"; no value for {missing} of {len(points)} periods"
    provisional = [p.label for p in points if p.provisional]
    if provisional:
        words += f"; provisional: {', '.join(provisional)}"
    return words


def _target_point(indicator: Indicator, period: Period) -> Point:
    """The target series' point for ``period``: the target's value, or its band's low and high
    (the band then has no single value), written as the target is."""
    target = indicator.target_for(period) if indicator.rated else None
    text = indicator.format_target(target) if indicator.rated else "data only"
    if target is not None and target.low is not None and target.high is not None:
        return Point(label=str(period), value=None, text=text, low=target.low, high=target.high)
    return Point(label=str(period), value=None if target is None else target.value, text=text)


def trend_chart(
    indicator: Indicator,
    readings: Readings,
    periods: Sequence[Period],
    rule: Rule,
    year_start_month: int = 4,
    *,
    breaks: Sequence[SeriesBreak] | None = None,
) -> Chart:
    """The indicator's trend over ``periods`` (at least one, in order): a ``Value`` series whose
    points carry the rating ``assess`` gives each period under ``rule``, a ``Target`` series
    when any period has a target, and a description in words (the change on a year before the
    last period, or across the chart; the last period's target; the gaps; the periods whose
    figures are provisional, whose points say so). Across a change of definition the words say
    where it changed and describe the values since alone.

    ``breaks`` are the changes of definition that apply to the indicator (the framework's
    :attr:`~councilpmf.core.framework.Framework.series_breaks` for it), by default its own
    ``series_break`` alone."""
    if not periods:
        raise InputError((f"periods: a trend chart of {indicator.id} needs at least one period",))
    ratings = ratings_at(indicator, rule, readings, periods, year_start_month, breaks=breaks)

    def point(p: Period, status: StatusCell | None = None) -> Point:
        reading = readings.get(indicator.id, p)
        if reading is None:
            return Point(label=str(p), value=None, text=missing_value_text(None), status=status)
        provisional, approval = reading.status is ReadingStatus.PROVISIONAL, reading.approval
        if reading.value is None:
            why = reading.missing_reason
            text = missing_value_text(why, provisional=provisional, approval=approval)
        else:
            value = indicator.format_value(reading.value)
            text = value + marks(provisional=provisional, approval=approval)
        return Point(
            label=str(p), value=reading.value, text=text, status=status, provisional=provisional
        )

    values = tuple(point(p, StatusCell.of(r)) for p, r in zip(periods, ratings, strict=True))
    series = [Series(name="Value", points=values)]
    targets = [_target_point(indicator, p) for p in periods]
    if any(t.value is not None or t.band is not None for t in targets):
        series.append(Series(name="Target", points=tuple(targets)))
    year_before = earlier_period(periods[-1], last_year=True)
    return Chart(
        title=f"{indicator.title} ({indicator.id})",
        description=_words(
            indicator,
            values,
            periods,
            None if year_before is None else point(year_before),
            f"band {targets[-1].text}" if targets[-1].band else targets[-1].text,
            own_breaks(indicator) if breaks is None else breaks,
        ),
        unit=indicator.unit.value,
        series=tuple(series),
    )
