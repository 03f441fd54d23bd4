"""The performance report: a committee's indicators with value, target, rating, travel and
commentary, the ratings per theme, and a trend chart per indicator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from councilpmf.core.assess import IndicatorResult, Readings, Scorecard, assess
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator, Reading
from councilpmf.core.periods import Period
from councilpmf.core.rag import Status
from councilpmf.core.report.document import (
    Block,
    Chart,
    Column,
    NumberCell,
    Paragraph,
    Report,
    Row,
    Section,
    StatusCell,
    Table,
    TravelCell,
)
from councilpmf.core.report.shared import (
    STATUS_COLUMNS,
    asked_for,
    count_words,
    index_of,
    indicator_places,
    owner_text,
    plural,
    scope_of,
    scope_paragraphs,
    value_cell,
)
from councilpmf.core.report.trends import trend_chart, trend_periods

__all__ = ["performance_report"]

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
            owner_text(result.owner),
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


def _trend_chart(
    framework: Framework, indicator: Indicator, end: Period, readings: Readings
) -> Chart:
    start = framework.year_start_month
    periods = trend_periods(indicator, end, readings, start)
    return trend_chart(
        indicator,
        readings,
        periods,
        framework.rule_for(indicator),
        start,
        breaks=framework.series_breaks.get(indicator.id, ()),
    )


def performance_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str,
    as_of: dt.date | str,
    committee: str | None = None,
    *,
    charts: bool = True,
) -> Report:
    """The performance report: the committee's indicators (all indicators without a committee)
    with value, target, rating, travel, commentary and owner; ratings per theme; and, when
    ``charts``, a trend chart per indicator over its last eight periods (from its first value;
    a cumulative indicator's over its year to date), each point with its rating."""
    period, as_of = asked_for(framework, period, as_of)
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
                    _trend_chart(framework, framework.indicator(r.indicator), r.period, index)
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
