"""The performance report: a committee's indicators with value, target, rating, travel and
commentary, the ratings per theme, and a trend chart per indicator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from councilpmf.core.assess import IndicatorResult, Readings, Scorecard, assess, rating_at
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Aggregation, Indicator, Reading
from councilpmf.core.periods import Period, containing, periods_between, year_of
from councilpmf.core.rag import Status
from councilpmf.core.report.document import (
    Block,
    Chart,
    Column,
    NumberCell,
    Paragraph,
    Point,
    Report,
    Row,
    Section,
    Series,
    StatusCell,
    Table,
    TravelCell,
)
from councilpmf.core.report.shared import (
    STATUS_COLUMNS,
    count_words,
    index_of,
    indicator_places,
    plural,
    scope_of,
    scope_paragraphs,
    value_cell,
)

__all__ = ["TREND_PERIODS", "performance_report"]

TREND_PERIODS = 8
"""How many periods of its own frequency a trend chart shows at most, ending at the reporting
period (a cumulative indicator's chart shows its year to date instead)."""

_INDICATOR_COLUMNS = (
    Column(key="indicator", title="Indicator"),
    Column(key="ref", title="Ref"),
    Column(key="period", title="Period"),
    Column(key="value", title="Value", kind="number"),
    Column(key="target", title="Target", kind="number"),
    Column(key="rating", title="Rating", kind="status"),
    Column(key="short_term", title="Short term", kind="travel"),
    Column(key="long_term", title="Long term", kind="travel"),
    Column(key="commentary", title="Commentary"),
    Column(key="owner", title="Owner"),
)


def _indicator_row(result: IndicatorResult, group: str, committee: str) -> Row:
    return Row(
        header=result.title,
        cells=(
            result.indicator,
            str(result.period),
            value_cell(result),
            NumberCell(value=result.target, text=result.target_text),
            StatusCell.of(result.rating),
            TravelCell.of(result.short_term),
            TravelCell.of(result.long_term),
            result.note,
            result.owner,
        ),
        group=group,
        committee=committee,
    )


def _theme_table(card: Scorecard, caption: str, committee: str) -> Table:
    rows = [
        Row(
            header=t.name,
            cells=(*(t.count(s) for s in Status), len(t.indicators)),
            group=t.name,
            committee=committee,
        )
        for t in card.themes
        if t.indicators
    ]
    counts = card.counts()
    rows.append(
        Row(
            header="All indicators",
            cells=(*(c.count for c in counts), len(card.indicators)),
            committee=committee,
        )
    )
    return Table(
        caption=caption,
        columns=(
            Column(key="theme", title="Theme"),
            *STATUS_COLUMNS,
            Column(key="total", title="Indicators", kind="number"),
        ),
        rows=tuple(rows),
    )


def _change(indicator: Indicator, start: Point, end: Point) -> str:
    assert start.value is not None and end.value is not None
    then, now = round(start.value, indicator.decimals), round(end.value, indicator.decimals)
    if now == then:
        return f"Unchanged at {end.text} from {start.label} to {end.label}"
    verb = "Rose" if now > then else "Fell"
    return f"{verb} from {start.text} in {start.label} to {end.text} in {end.label}"


def _trend_words(
    indicator: Indicator, result: IndicatorResult, points: tuple[Point, ...], last_year: Point
) -> str:
    """The chart in words: the change on the same period last year when both values are
    known, else from the first value shown to the last; then the target and any gaps."""
    known = [p for p in points if p.value is not None]
    latest = points[-1]
    if latest.value is not None and last_year.value is not None:
        words = _change(indicator, last_year, latest)
    elif len(known) > 1:
        words = _change(indicator, known[0], known[-1])
    elif known:
        words = f"One value recorded: {known[0].text} in {known[0].label}"
    else:
        words = f"No values recorded from {points[0].label} to {latest.label}"
    if result.target_text == "data only":
        words += "; data only, no target"
    elif result.target_text == "no target":
        words += "; no target set"
    else:
        words += f"; target {result.target_text}"
    missing = len(points) - len(known)
    if known and latest.value is None:
        words += f"; no value for {latest.label}"
    if known and missing:
        words += f"; no value for {missing} of {len(points)} periods"
    return words


def _trend_periods(
    framework: Framework, indicator: Indicator, end: Period, readings: Readings
) -> tuple[Period, ...]:
    """The periods a trend chart shows: the last ``TREND_PERIODS`` ending at ``end`` (for a
    cumulative indicator reported more often than yearly, its year to date, from the year's
    first period), less the leading periods with no value, so that a chart starts at its first
    value (a chart with no value at all keeps only ``end``)."""
    start_month = framework.year_start_month
    if indicator.aggregation is Aggregation.CUMULATIVE and end.month_span()[1] < 12:
        year = year_of(end, start_month)
        periods = periods_between(containing(year.start, end.frequency, start_month), end)
    else:
        periods = periods_between(end.shift(1 - TREND_PERIODS), end)
    for i, p in enumerate(periods):
        if readings.value(indicator.id, p) is not None:
            return periods[i:]
    return (end,)


def _trend_chart(
    framework: Framework, indicator: Indicator, result: IndicatorResult, readings: Readings
) -> Chart:
    periods = _trend_periods(framework, indicator, result.period, readings)

    def point(p: Period, status: StatusCell | None = None) -> Point:
        value = readings.value(indicator.id, p)
        return Point(label=str(p), value=value, text=indicator.format_value(value), status=status)

    values = tuple(
        point(p, StatusCell.of(rating_at(framework, readings, indicator, p))) for p in periods
    )
    last_year = point(result.period.same_period_last_year())
    series = [Series(name="Value", points=values)]
    targets = []
    for p in periods:
        target = indicator.target_for(p) if indicator.rated else None
        value = None if target is None else target.value
        text = indicator.format_target(target) if indicator.rated else "data only"
        targets.append(Point(label=str(p), value=value, text=text))
    if any(t.value is not None for t in targets):
        series.append(Series(name="Target", points=tuple(targets)))
    return Chart(
        title=f"{indicator.title} ({indicator.id})",
        description=_trend_words(indicator, result, values, last_year),
        unit=indicator.unit.value,
        series=tuple(series),
    )


def performance_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period,
    as_of: dt.date,
    committee: str | None = None,
    *,
    charts: bool = True,
) -> Report:
    """The performance report: the committee's indicators (all indicators without a committee)
    with value, target, rating, travel, commentary and owner; ratings per theme; and, when
    ``charts``, a trend chart per indicator over its last eight periods (from its first value;
    a cumulative indicator's over its year to date), each point with its rating."""
    index = index_of(framework, readings)
    scope = scope_of(framework, committee)
    card = assess(framework, index, period, as_of, indicators=scope.indicators)
    places = indicator_places(framework, scope, card)
    summary = f"{plural(len(card.indicators), 'indicator')} for {period}: " + count_words(
        card.counts()
    )
    summary_blocks: list[Block] = [*scope_paragraphs(framework, scope)]
    summary_blocks.append(_theme_table(card, f"Ratings by theme, {period}", scope.committee_name))
    sections = [
        Section(heading="Summary", blocks=tuple(summary_blocks)),
        Section(
            heading="Indicators",
            blocks=(
                Paragraph(
                    text="Each indicator is shown for its own latest period within "
                    f"{period}. Short term compares it with the period before; long term "
                    "with the same period a year earlier."
                ),
                Table(
                    caption=f"Indicators, {period}",
                    columns=_INDICATOR_COLUMNS,
                    rows=tuple(_indicator_row(r, *places[r.indicator]) for r in card.indicators),
                ),
            ),
        ),
    ]
    if charts and card.indicators:
        sections.append(
            Section(
                heading="Trends",
                blocks=tuple(
                    _trend_chart(framework, framework.indicator(r.indicator), r, index)
                    for r in card.indicators
                ),
            )
        )
    return scope.report(
        framework,
        "performance",
        "performance report",
        str(period),
        as_of,
        tuple(sections),
        summary,
    )
