"""A trend chart's words across a change of definition: a value of the old definition is no
measure of the new one, so the words say where the definition changed and describe only the
values since, never a rise or fall from a value of the old definition. Every format gives the
same words as the chart's text alternative."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator, Reading, Target, Unit
from councilpmf.core.periods import Period, parse_period
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.rag import TargetTolerance
from councilpmf.core.readings import Readings
from councilpmf.core.report import build_report, trend_chart, trend_periods
from councilpmf.default_plugins.formats import html as html_format
from councilpmf.default_plugins.formats import text

P = parse_period
Q3 = P("2024/25 Q3")
AS_OF = dt.date(2025, 1, 31)


def kpi(ident: str = "K", **fields: object) -> Indicator:
    return Indicator(
        id=ident,
        title=f"Indicator {ident}",
        unit=Unit.PERCENTAGE,
        targets=(Target(period=P("2024/25"), value=90.0),),
        **fields,  # type: ignore[arg-type]
    )


def quarters(ident: str, first: str, values: list[float | None]) -> list[Reading]:
    found, step = [], P(first)
    for value in values:
        if value is None:
            found.append(Reading(indicator=ident, period=step, missing_reason="not sent"))
        else:
            found.append(Reading(indicator=ident, period=step, value=value))
        step = step.next()
    return found


# 2023/24 Q2 to 2024/25 Q3: the old definition ran at 60%, the new one from 70%.
HISTORY = quarters("K", "2023/24 Q2", [60.0, 60.0, 60.0, 70.0, 72.0, 75.0])


def words(indicator: Indicator, readings: list[Reading], end: Period = Q3) -> str:
    index = Readings.of(readings)
    periods = trend_periods(indicator, end, index)
    return trend_chart(indicator, index, periods, TargetTolerance()).description


@pytest.mark.parametrize(
    ("series_break", "expected"),
    [
        # No change of definition: the change on the same quarter last year.
        (None, "Rose from 60.0% in 2023/24 Q3 to 75.0% in 2024/25 Q3"),
        # Before anything the chart shows or compares with: nothing to say.
        ("2023/24 Q1", "Rose from 60.0% in 2023/24 Q3 to 75.0% in 2024/25 Q3"),
        # At last year's quarter: the change on last year is within the new definition.
        (
            "2023/24 Q3",
            "The definition changed in 2023/24 Q3; rose from 60.0% in 2023/24 Q3 to 75.0% in "
            "2024/25 Q3",
        ),
        # Between the two: only the values since, from the first to the last.
        (
            "2024/25 Q1",
            "The definition changed in 2024/25 Q1; since then rose from 70.0% in 2024/25 Q1 to "
            "75.0% in 2024/25 Q3",
        ),
        # At the last quarter: one value since.
        (
            "2024/25 Q3",
            "The definition changed in 2024/25 Q3; one value since: 75.0% in 2024/25 Q3",
        ),
        # A month within the last quarter counts from that quarter, as travel counts it.
        ("Oct 2024", "The definition changed in Oct 2024; one value since: 75.0% in 2024/25 Q3"),
        # After the chart: nothing to say.
        ("2024/25 Q4", "Rose from 60.0% in 2023/24 Q3 to 75.0% in 2024/25 Q3"),
    ],
)
def test_the_words_never_compare_across_a_change_of_definition(
    series_break: str | None, expected: str
) -> None:
    assert words(kpi(series_break=series_break), HISTORY) == f"{expected}; target 90.0%"


def test_no_value_since_the_change_says_so_and_still_counts_the_gaps() -> None:
    readings = quarters("K", "2023/24 Q2", [60.0, 60.0, 60.0, 62.0, None, None])
    assert words(kpi(series_break="2024/25 Q2"), readings) == (
        "The definition changed in 2024/25 Q2; no values recorded since; target 90.0%; "
        "no value for 2024/25 Q3; no value for 2 of 6 periods"
    )


def test_an_unchanged_value_since_the_change_reads_unchanged() -> None:
    readings = quarters("K", "2023/24 Q2", [60.0, 60.0, 60.0, 70.0, 70.0, 70.0])
    assert words(kpi(series_break="2024/25 Q1"), readings) == (
        "The definition changed in 2024/25 Q1; since then unchanged at 70.0% from 2024/25 Q1 to "
        "2024/25 Q3; target 90.0%"
    )


def _flat(rendered: str) -> str:
    """Text as read: markup, entities and line wrapping taken out."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def test_a_calculated_indicator_names_its_inputs_change_in_text_and_html() -> None:
    done = Indicator(id="N", title="Decided in time", series_break="2024/25 Q1")
    share = kpi("PC", numerator="N", denominator="D")
    framework = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=(done, Indicator(id="D", title="Decided"), share),
    )
    readings = quarters("N", "2023/24 Q2", [60.0, 60.0, 60.0, 70.0, 72.0, 75.0])
    readings += quarters("D", "2023/24 Q2", [100.0] * 6)
    report = build_report("performance", framework, readings, Q3, AS_OF)
    expected = (
        "The definition of N changed in 2024/25 Q1; since then rose from 70.0% in 2024/25 Q1 to "
        "75.0% in 2024/25 Q3; target 90.0%"
    )
    chart = next(c for c in report.charts() if c.title.endswith("(PC)"))
    assert chart.description == expected
    assert expected in _flat(text.render(report, width=72))
    page = html_format.render(report)
    assert expected in _flat(page)
    assert re.search(r"<desc[^>]*>The definition of N changed in 2024/25 Q1;", page)
    # The input's own chart says its own definition changed.
    own = next(c for c in report.charts() if c.title.endswith("(N)"))
    assert own.description.startswith("The definition changed in 2024/25 Q1; since then rose")
