"""Every deliberate refusal of a caller's input is a CouncilPMFError that names what is wrong.

A caller that catches :class:`CouncilPMFError` to tell bad input from a bug must catch each of
these; each message starts with the field or argument it refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from councilpmf.charts import chart
from councilpmf.core.errors import (
    CouncilPMFError,
    InputError,
    InputTypeError,
    UnknownNameError,
)
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator
from councilpmf.core.periods import (
    Frequency,
    containing,
    ended_by_month,
    latest_ended,
    parse_period,
    year_of,
)
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.rag import RatingContext, TargetTolerance
from councilpmf.core.readings import Readings
from councilpmf.core.report.kinds import build_report
from councilpmf.core.report.trends import trend_chart
from councilpmf.core.risks import RiskLevel, RiskMatrix, RiskRegister, heat_map
from councilpmf.dataframes import DataColumn, DataTable, Kind
from councilpmf.plugin_types import CheckType, ReportFormat, StoreType, check_rule_class
from councilpmf.textfiles import parse_number

KPI = Indicator(id="K1", title="Missed bins")
FRAMEWORK = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown Council"))


def _format(**changes: object) -> ReportFormat:
    fields: dict[str, object] = {
        "name": "headlines",
        "suffix": ".txt",
        "media_type": "text/plain",
        "render": str,
        "description": "One line per indicator",
    }
    return ReportFormat(**{**fields, **changes})  # type: ignore[arg-type]


REFUSALS: dict[str, tuple[Callable[[], object], str]] = {
    "no risk levels": (lambda: RiskMatrix(levels=()), "levels must name at least one level"),
    "risk levels from 2": (
        lambda: RiskMatrix(levels=(RiskLevel(name="Low", lowest=2),)),
        "levels must start at 1, not 2",
    ),
    "risk levels that fall": (
        lambda: RiskMatrix(
            levels=(RiskLevel(name="Low", lowest=1), RiskLevel(name="High", lowest=1))
        ),
        "levels must rise",
    ),
    "one likelihood": (lambda: RiskMatrix(likelihoods=("Rare",)), "likelihoods must have 2"),
    "an empty impact": (
        lambda: RiskMatrix(impacts=("Minor", " ")),
        "impacts must not have an empty step",
    ),
    "a heat map of no score": (
        lambda: heat_map(RiskRegister(), "worst"),
        "which must be inherent, residual or target, not 'worst'",
    ),
    "rolled forward no years": (
        lambda: FRAMEWORK.roll_forward(years=0),
        "years must be a whole number of at least 1, not 0",
    ),
    "the aim of no target": (
        lambda: RatingContext(indicator=KPI, actual=3.0, target=None).aim(),
        "target: ",
    ),
    "a trend chart of no periods": (
        lambda: trend_chart(KPI, Readings.of(()), (), TargetTolerance()),
        "periods: a trend chart of K1 needs at least one period",
    ),
    "a chart of no readings": (
        lambda: chart(KPI, []),
        "periods: there are no readings of K1",
    ),
    "columns of two lengths": (
        lambda: DataTable(
            name="readings",
            columns=(
                DataColumn(name="a", kind=Kind.TEXT, values=("x",)),
                DataColumn(name="b", kind=Kind.TEXT, values=("x", "y")),
            ),
        ),
        "columns: the columns of a readings table differ in length: [1, 2]",
    ),
    "a format name with a space": (lambda: _format(name="Big Paper"), "name: lower-case"),
    "a media type of no type": (lambda: _format(media_type="excel"), "media_type: "),
    "a format that cannot render": (lambda: _format(render="text"), "render: must be callable"),
    "a store scheme in capitals": (
        lambda: StoreType(scheme="Redis", open=print, description="Redis"),
        "scheme: a store scheme",
    ),
    "a check that overrides by a word": (
        lambda: CheckType(name="owners", run=print, description="Owners", overrides="yes"),
        "overrides: must be True or False",
    ),
    "a rule that is no class": (lambda: check_rule_class(print), "is not a class"),
    "a number that is no number": (
        lambda: parse_number("1,2,3", "value"),
        "value: '1,2,3' is not a number",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refusal_is_a_councilpmf_error_naming_the_field(case: str) -> None:
    make, message = REFUSALS[case]
    with pytest.raises(CouncilPMFError) as refused:
        make()
    assert isinstance(refused.value, InputError)
    assert message in str(refused.value)
    assert isinstance(refused.value, ValueError)  # as before, for code that caught that


WRONG_KINDS: dict[str, tuple[Callable[[], object], str]] = {
    "a period read from a number": (
        lambda: parse_period(2024),  # type: ignore[arg-type]
        "text: a period is read from text, not int",
    ),
    "the period containing a text day": (
        lambda: containing("2025-01-15", Frequency.QUARTERLY),  # type: ignore[arg-type]
        "day must be a date, not str",
    ),
    "the period of a frequency spelt in text": (
        lambda: containing(dt.date(2025, 1, 15), "quarterly"),  # type: ignore[arg-type]
        "frequency must be a Frequency, not str",
    ),
    "the period ended by a month of a frequency in text": (
        lambda: ended_by_month(24_300, "annual"),  # type: ignore[arg-type]
        "frequency must be a Frequency, not str",
    ),
    "the latest period ended by a text day": (
        lambda: latest_ended("2024-12-31", Frequency.QUARTERLY),  # type: ignore[arg-type]
        "day must be a date, not str",
    ),
    "the year of period text": (
        lambda: year_of("2024/25 Q3"),  # type: ignore[arg-type]
        "period must be a Period, not str",
    ),
    "a rule given by its kind": (
        lambda: Indicator(id="K1", title="Missed bins", rule="target-tolerance"),  # type: ignore[arg-type]
        "rule must be a rating rule, not 'target-tolerance'",
    ),
}


@pytest.mark.parametrize("case", WRONG_KINDS)
def test_a_value_of_the_wrong_kind_is_an_input_type_error_naming_the_argument(case: str) -> None:
    make, message = WRONG_KINDS[case]
    with pytest.raises(InputTypeError) as refused:
        make()
    assert str(refused.value) == message
    assert isinstance(refused.value, TypeError)  # as before, for code that caught that


def test_an_unknown_report_kind_is_an_unknown_name() -> None:
    with pytest.raises(UnknownNameError, match="unknown report kind 'league-table'; the kinds"):
        build_report("league-table", FRAMEWORK, [], parse_period("2024/25"), dt.date(2025, 4, 1))
