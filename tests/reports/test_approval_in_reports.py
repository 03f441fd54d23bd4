"""How a report shows a figure's approval: a calculated indicator whose input awaits approval
in a report of approved figures, and draft and submitted figures marked in every other report."""

from __future__ import annotations

import datetime as dt

import pytest

import councilpmf as pmf
from councilpmf.core.approval import CORRECTION_AWAITS, approved_only, last_approved
from councilpmf.core.indicators import Approval, ReadingRevision
from councilpmf.core.report import NumberCell, Report, build_report

Q3 = pmf.parse_period("2024/25 Q3")
OCT, NOV, DEC = (pmf.parse_period(m) for m in ("Oct 2024", "Nov 2024", "Dec 2024"))
AS_OF = dt.date(2025, 1, 20)


def count(id_: str, frequency: str = "quarterly") -> pmf.Indicator:
    return pmf.Indicator(
        id=id_,
        title=f"Count {id_}",
        unit="count",
        decimals=0,
        frequency=frequency,
        aggregation="sum",
    )


def council(*indicators: pmf.Indicator) -> pmf.Framework:
    return pmf.Framework(
        plan=pmf.StrategicPlan(title="Plan", organisation="Anytown Council"),
        indicators=indicators,
    )


HOUSED = council(
    count("HOU1"),
    count("HOU2"),
    pmf.Indicator(
        id="HOU", title="Housed in time", unit="percentage", numerator="HOU1", denominator="HOU2"
    ),
    pmf.Indicator(id="GAP", title="Not housed in time", unit="percentage", formula="100 - HOU"),
)


def value_of(report: Report, ref: str) -> NumberCell:
    """The value cell of the indicator ``ref`` in a performance report."""
    (found,) = (t for t in report.tables() if "value" in [c.key for c in t.columns] and t.rows)
    keys = [c.key for c in found.columns][1:]  # the first column is the row's header
    at_ref, at_value = keys.index("ref"), keys.index("value")
    (cell,) = (row.cells[at_value] for row in found.rows if row.cells[at_ref] == ref)
    assert isinstance(cell, NumberCell)
    return cell


def performance(framework: pmf.Framework, readings: list[pmf.Reading]) -> Report:
    return build_report("performance", framework, readings, Q3, AS_OF, charts=False)


def housed(hou1: str = "approved", hou2: str = "approved") -> list[pmf.Reading]:
    return [
        pmf.Reading(indicator="HOU1", period=Q3, value=45.0, approval=hou1),
        pmf.Reading(indicator="HOU2", period=Q3, value=60.0, approval=hou2),
    ]


# -- a calculated indicator in a report of approved figures -----------------------------------


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_a_calculated_indicator_whose_input_awaits_approval_says_so(state: str) -> None:
    report = performance(HOUSED, list(approved_only(housed(hou2=state))))
    waiting = "awaiting approval: HOU2 in 2024/25 Q3 is not yet approved"
    assert value_of(report, "HOU") == NumberCell(value=None, text=waiting)
    # a calculation from a calculated input names the input that awaits approval, not the
    # calculated one between
    assert value_of(report, "GAP") == NumberCell(value=None, text=waiting)
    assert value_of(report, "HOU2") == NumberCell(value=None, text="awaiting approval")


def test_a_calculated_indicator_whose_inputs_are_all_approved_is_worked_out_as_before() -> None:
    report = performance(HOUSED, list(approved_only(housed())))
    assert value_of(report, "HOU") == NumberCell(value=75.0, text="75.0%")
    assert value_of(report, "GAP") == NumberCell(value=25.0, text="25.0%")


def test_an_input_with_no_figure_at_all_outweighs_one_awaiting_approval() -> None:
    # approving HOU1 would not give HOU a value: HOU2 has none
    readings = [
        pmf.Reading(indicator="HOU1", period=Q3, value=45.0, approval="submitted"),
        pmf.Reading(indicator="HOU2", period=Q3, missing_reason="return late"),
    ]
    cell = value_of(performance(HOUSED, list(approved_only(readings))), "HOU")
    assert cell == NumberCell(
        value=None, text="no data: no value for HOU2 in 2024/25 Q3: return late"
    )


def test_a_quarter_worked_out_from_months_names_the_month_awaiting_approval() -> None:
    framework = council(
        count("M1", "monthly"),
        pmf.Indicator(id="QS", title="Quarter's total", unit="count", formula="M1"),
    )
    readings = [
        pmf.Reading(indicator="M1", period=OCT, value=1.0),
        pmf.Reading(indicator="M1", period=NOV, value=2.0, approval="submitted"),
        pmf.Reading(indicator="M1", period=DEC, value=3.0),
    ]
    cell = value_of(performance(framework, list(approved_only(readings))), "QS")
    assert cell == NumberCell(
        value=None, text="awaiting approval: M1 in Nov 2024 is not yet approved"
    )


def test_the_trend_chart_of_a_calculated_indicator_says_it_awaits_approval() -> None:
    report = build_report(
        "performance", HOUSED, list(approved_only(housed(hou1="draft"))), Q3, AS_OF
    )
    (chart,) = (c for c in report.charts() if "(HOU)" in c.title)
    (last,) = (p for p in chart.series[0].points if p.label == str(Q3))
    waiting = "awaiting approval: HOU1 in 2024/25 Q3 is not yet approved"
    assert (last.value, last.text) == (None, waiting)


# -- draft and submitted figures in any other report ------------------------------------------

VISITS = pmf.Indicator(
    id="K", title="Visits", targets=(pmf.Target(period=Q3, value=20.0),), decimals=1
)
PAUSED = "survey paused"


@pytest.mark.parametrize(
    ("value", "status", "approval", "shown"),
    [
        (12.0, "final", "approved", "12.0"),
        (12.0, "final", "draft", "12.0 (draft)"),
        (12.0, "final", "submitted", "12.0 (submitted)"),
        (12.0, "provisional", "approved", "12.0 (provisional)"),
        (12.0, "provisional", "draft", "12.0 (provisional, draft)"),
        (12.0, "provisional", "submitted", "12.0 (provisional, submitted)"),
        (None, "final", "draft", f"no data (draft): {PAUSED}"),
        (None, "provisional", "submitted", f"no data (provisional, submitted): {PAUSED}"),
    ],
)
def test_a_figure_not_yet_approved_is_marked_and_its_number_stays_the_number(
    value: float | None, status: str, approval: str, shown: str
) -> None:
    reading = pmf.Reading(
        indicator="K",
        period=Q3,
        value=value,
        missing_reason=None if value is not None else PAUSED,
        status=status,
        approval=approval,
    )
    framework = council(VISITS)
    # 12.0 of 20.0 is red, so an exception; no data is not
    for kind in ("performance", "exceptions") if value is not None else ("performance",):
        report = build_report(kind, framework, [reading], Q3, AS_OF, charts=False)
        assert value_of(report, "K") == NumberCell(value=value, text=shown), kind


@pytest.mark.parametrize(
    ("hou1", "hou2", "mark"),
    [
        ("approved", "approved", ""),
        ("draft", "approved", " (draft)"),
        ("approved", "submitted", " (submitted)"),
        ("submitted", "draft", " (draft)"),  # the least approved of its inputs
    ],
)
def test_a_calculated_value_is_as_approved_as_the_least_approved_of_its_inputs(
    hou1: str, hou2: str, mark: str
) -> None:
    report = performance(HOUSED, housed(hou1, hou2))
    assert value_of(report, "HOU") == NumberCell(value=75.0, text=f"75.0%{mark}")
    assert value_of(report, "GAP") == NumberCell(value=25.0, text=f"25.0%{mark}")


def test_a_calculated_value_from_a_draft_month_of_its_quarter_is_a_draft() -> None:
    framework = council(
        count("M1", "monthly"),
        pmf.Indicator(id="QS", title="Quarter's total", unit="count", formula="M1"),
    )
    readings = [
        pmf.Reading(indicator="M1", period=OCT, value=1.0),
        pmf.Reading(indicator="M1", period=NOV, value=2.0, approval="draft"),
        pmf.Reading(indicator="M1", period=DEC, value=3.0, approval="submitted"),
    ]
    assert value_of(performance(framework, readings), "QS") == NumberCell(
        value=6.0, text="6.0 (draft)"
    )


# -- the approved figure while a correction awaits approval -----------------------------------


def revision(n: int, new: pmf.Reading, old: pmf.Reading | None = None) -> ReadingRevision:
    return ReadingRevision(
        indicator=new.indicator,
        period=new.period,
        revision=n,
        old=old,
        new=new,
        by="Jo",
        at=f"2025-01-0{n}T09:00:00Z",
    )


FIRST = pmf.Reading(indicator="K", period=Q3, value=12.0, note="A good quarter")
DRAFTED = pmf.Reading(indicator="K", period=Q3, value=12.0, approval="draft")
SUBMITTED = pmf.Reading(indicator="K", period=Q3, value=12.0, approval="submitted")
APPROVED = pmf.Reading(indicator="K", period=Q3, value=12.0, note="A good quarter")
CORRECTED = pmf.Reading(indicator="K", period=Q3, value=15.0, note="Recounted", approval="draft")


def test_the_last_approved_revision_of_a_figure_is_found_in_its_history() -> None:
    history = (
        revision(1, DRAFTED),
        revision(2, SUBMITTED, DRAFTED),
        revision(3, APPROVED, SUBMITTED),
        revision(4, CORRECTED, APPROVED),
    )
    assert last_approved(history) == APPROVED
    assert last_approved(history[:2]) is None  # never approved
    assert last_approved(()) is None
    # recorded approved at once (a council that does not approve its figures), then corrected
    assert last_approved((revision(1, FIRST), revision(2, CORRECTED, FIRST))) == FIRST


def test_a_report_of_approved_figures_shows_the_approved_figure_while_a_correction_waits() -> None:
    shown = approved_only([CORRECTED], approved=[APPROVED])
    (reading,) = shown
    assert (reading.value, reading.approval) == (12.0, Approval.APPROVED)
    assert reading.note == f"{CORRECTION_AWAITS} A good quarter"
    report = performance(council(VISITS), list(shown))
    assert value_of(report, "K") == NumberCell(value=12.0, text="12.0")
    assert CORRECTION_AWAITS in repr(report) and "Recounted" not in repr(report)
    # a figure never approved still awaits approval; a revision not approved is never shown
    (waiting,) = approved_only([CORRECTED], approved=[SUBMITTED])
    assert (waiting.value, waiting.missing_reason) == (None, "awaiting approval")
    # an approved figure is shown as it is
    assert approved_only([APPROVED], approved=[FIRST]) == (APPROVED,)
