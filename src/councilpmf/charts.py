"""One indicator's trend as a chart that shows itself in a notebook: :func:`chart`.

The chart is the one the performance report draws for the indicator: its points (each with the
rating ``assess`` gives that period, as symbol and word), its target line, its description in
words (:func:`councilpmf.core.report.trend_chart`), drawn as the same accessible SVG
(:func:`councilpmf.fragments.svg`: a title, the description as its text alternative, a value axis
from zero), shown beside a table of its data.

>>> import councilpmf as pmf
>>> council = pmf.load_folder("examples/mansfield")
>>> fw = council.framework
>>> trend = chart(fw.indicator("BEN01"), council.readings, "2024/25 Q3", framework=fw)
>>> trend
<TrendChart 'Average days to process new housing benefit claims (BEN01)': 7 periods, Value and Target>
>>> [c.title for c in trend.table.columns]
['Period', 'Value', 'Target', 'Rating']
>>> "<title" in trend._repr_svg_() and "<caption>" in trend._repr_html_()
True
"""  # noqa: E501

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable

import attrs

from councilpmf import fragments
from councilpmf.core.assess import reporting_period
from councilpmf.core.calculated import with_calculated
from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator, Reading
from councilpmf.core.periods import Period, parse_period
from councilpmf.core.rag import TargetTolerance
from councilpmf.core.readings import Readings
from councilpmf.core.report import Chart, Table, trend_chart, trend_periods
from councilpmf.escape import printable

__all__ = ["TrendChart", "chart"]

# A repr shows at most this many characters of the chart's title.
_TITLE = 80


@attrs.frozen
class TrendChart:
    """A trend chart: its data (:attr:`chart`, the report document's
    :class:`~councilpmf.core.report.Chart`) and the ``key`` that makes the ids in its SVG unique
    on a page. Jupyter shows it through ``_repr_html_`` (the SVG with its title, description
    and data table) or ``_repr_svg_`` (the picture alone)."""

    chart: Chart
    key: str

    @property
    def table(self) -> Table:
        """The chart's data: a row per period, a column per series and the rating."""
        return self.chart.data_table()

    def svg(self) -> str:
        """The chart as an SVG element, exactly as the ``html`` report draws it."""
        return fragments.svg(self.chart, self.key)

    def _repr_svg_(self) -> str:
        return self.svg()

    def _repr_html_(self) -> str:
        title = fragments.escaped(self.chart.title)
        description = fragments.escaped(self.chart.description)
        parts = [
            '<div class="councilpmf-chart">',
            f"<p><strong>{title}</strong></p>",
            f"<p>{description}</p>",
            self.svg(),
        ]
        if self.chart.series:
            parts.append(fragments.table(self.table))
        parts.append("</div>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        title = printable(self.chart.title)
        if len(title) > _TITLE:
            title = title[: _TITLE - 1] + "…"
        points = len(self.chart.series[0].points) if self.chart.series else 0
        names = " and ".join(s.name for s in self.chart.series) or "no series"
        return f"<TrendChart {title!r}: {points} period{'' if points == 1 else 's'}, {names}>"


def _period(value: Period | str, start_month: int) -> Period:
    return parse_period(value, start_month) if isinstance(value, str) else value


def _in_order(periods: tuple[Period, ...]) -> tuple[Period, ...]:
    """``periods``, each after the one before it; one charted twice or out of order (a point
    that would sit in the wrong place on the time axis) is refused in one line."""
    for before, after in itertools.pairwise(periods):
        if after.start <= before.end:
            raise InputError(
                (f"periods: {after} is not after {before}; name each period once, in order",)
            )
    return periods


def chart(
    indicator: Indicator,
    readings: Readings | Iterable[Reading],
    periods: Period | str | Iterable[Period | str] | None = None,
    *,
    framework: Framework | None = None,
) -> TrendChart:
    """The indicator's trend chart over ``periods``:

    - ``None`` (the default): the chart the performance report draws for the latest period the
      indicator has a reading for;
    - one period (``"2024/25 Q3"``): the chart the performance report for that period draws
      (up to eight periods of the indicator's own frequency, from its first value; a cumulative
      indicator's year to date);
    - several periods, in order: exactly those (a period named twice or out of order is
      refused with an :class:`~councilpmf.core.errors.InputError`).

    Give the ``framework`` the indicator belongs to for its default rating rule and the month
    its years start, and the values of calculated indicators and the changes of definition
    they take from their inputs (otherwise: the indicator's own rule or a target with a 5%
    tolerance, April, and its own ``series_break``). Text periods are read as councils write them.
    """
    index = readings if isinstance(readings, Readings) else Readings.of(readings)
    if framework is not None:
        index = with_calculated(framework, index)
    start = 4 if framework is None else framework.year_start_month
    rule = indicator.rule if framework is None else framework.rule_for(indicator)
    if rule is None:
        rule = TargetTolerance()
    if periods is None or isinstance(periods, Period | str):
        if periods is None:
            end = max((p for i, p in index.index if i == indicator.id), default=None)
            if end is None:
                raise InputError(
                    (
                        f"periods: there are no readings of {indicator.id}: "
                        "name the periods to chart",
                    )
                )
        else:
            end = reporting_period(indicator.frequency, _period(periods, start), start)
        shown = trend_periods(indicator, end, index, start)
    else:
        shown = _in_order(tuple(_period(p, start) for p in periods))
    breaks = None if framework is None else framework.series_breaks.get(indicator.id, ())
    drawn = trend_chart(indicator, index, shown, rule, start, breaks=breaks)
    digest = hashlib.blake2s(repr(drawn).encode("utf-8"), digest_size=5).hexdigest()
    return TrendChart(drawn, f"councilpmf-chart-{digest}")
