"""Data returns: which figures are due from whom, and which are overdue, on a given day."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Approval, Frequency, Indicator, Reading
from councilpmf.core.periods import containing, latest_ended, parse_period
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.report import Table, returns_report
from councilpmf.core.returns import NO_SUPPLIER, DataReturn, by_supplier, returns_due

PLAN = StrategicPlan(title="Plan", organisation="Anytown Council")
FREQUENCIES = st.sampled_from([Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL])


def framework(*indicators: Indicator, start_month: int = 4) -> Framework:
    return Framework(plan=PLAN, indicators=indicators, year_start_month=start_month)


def reading(indicator: str, period: str, approval: Approval = Approval.APPROVED) -> Reading:
    return Reading(indicator=indicator, period=parse_period(period), value=1.0, approval=approval)


@given(
    frequency=FREQUENCIES,
    due_days=st.integers(min_value=0, max_value=400),
    start_month=st.integers(min_value=1, max_value=12),
    first=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)),
    later=st.integers(min_value=0, max_value=800),
)
def test_each_return_is_due_its_days_after_its_period_ends(
    frequency: Frequency, due_days: int, start_month: int, first: dt.date, later: int
) -> None:
    kpi = Indicator(id="K", title="K", frequency=frequency, due_days=due_days)
    as_of = first + dt.timedelta(days=later)
    started = containing(first, frequency, start_month)
    fw = framework(kpi, start_month=start_month)
    held = Reading(indicator="K", period=started, value=1.0, approval=Approval.DRAFT)
    found = returns_due(fw, [held], as_of)
    last = latest_ended(as_of, frequency, start_month)
    expected = []
    period = started
    while period <= last:
        expected.append(period)
        period = period.next()
    assert [r.period for r in found] == expected  # every ended period from the first, in order
    for item in found:
        assert item.due == item.period.end + dt.timedelta(days=due_days)
        # the day after a period ends is the next one's first: year and month ends included
        assert item.period.end + dt.timedelta(days=1) == item.period.next().start
        assert item.days_overdue == max(0, (as_of - item.due).days)
        assert item.overdue == (as_of > item.due)
        assert item.state == ("draft only" if item.period == started else "not recorded")


def test_year_and_month_ends() -> None:
    march = Indicator(id="M", title="Monthly", frequency="monthly", due_days=10)
    year = Indicator(id="Y", title="Annual", frequency="annual", due_days=30)
    fw = framework(march, year)
    held = [reading("M", "Jan 2024"), reading("Y", "2022/23")]
    found = {(r.indicator, str(r.period)): r for r in returns_due(fw, held, dt.date(2024, 4, 30))}
    assert found[("M", "Feb 2024")].due == dt.date(2024, 3, 10)  # a leap year's February
    assert found[("M", "Mar 2024")].due == dt.date(2024, 4, 10)
    assert found[("Y", "2023/24")].due == dt.date(2024, 4, 30)  # 31 March + 30 days
    assert found[("Y", "2023/24")].days_overdue == 0  # due on the day: not yet overdue
    assert not found[("Y", "2023/24")].overdue
    assert found[("M", "Mar 2024")].days_overdue == 20
    assert ("M", "Apr 2024") in found  # ended on as_of: due, in 10 days
    assert found[("M", "Apr 2024")].days_overdue == 0


def test_a_calendar_year_council_on_a_leap_day_and_a_year_end() -> None:
    # Years from January: the half year to December 2023 is due 60 days on, on 29 February
    # 2024; the calendar year 2024 is due 90 days on, on 31 March 2025.
    half = Indicator(id="H", title="Half-yearly", frequency="half-yearly", due_days=60)
    year = Indicator(id="Y", title="Annual", frequency="annual", due_days=90)
    fw = framework(half, year, start_month=1)
    first_half = containing(dt.date(2023, 1, 1), Frequency.HALF_YEARLY, 1)
    calendar_2022 = containing(dt.date(2022, 1, 1), Frequency.ANNUAL, 1)
    held = [
        Reading(indicator="H", period=first_half, value=1),
        Reading(indicator="Y", period=calendar_2022, value=1),
    ]

    def outstanding(as_of: dt.date) -> dict[tuple[str, str], DataReturn]:
        return {(r.indicator, str(r.period)): r for r in returns_due(fw, held, as_of)}

    on_leap_day = outstanding(dt.date(2024, 2, 29))
    h2 = on_leap_day[("H", "2023 H2")]
    assert (h2.due, h2.days_overdue, h2.overdue) == (dt.date(2024, 2, 29), 0, False)
    assert on_leap_day[("Y", "2023")].due == dt.date(2024, 3, 30)  # 90 days of a leap year
    year_end = outstanding(dt.date(2025, 3, 31))
    assert year_end[("Y", "2024")].due == dt.date(2025, 3, 31)
    assert not year_end[("Y", "2024")].overdue
    assert year_end[("Y", "2023")].days_overdue == 366


def test_as_of_may_be_iso_text_as_for_every_report_and_a_bad_one_is_named() -> None:
    kpi = Indicator(id="K", title="K", due_days=10)
    held = [reading("K", "2024/25 Q2")]
    assert returns_due(framework(kpi), held, "2025-01-05") == returns_due(
        framework(kpi), held, dt.date(2025, 1, 5)
    )
    with pytest.raises(InputError, match=r"^as_of: "):
        returns_due(framework(kpi), held, "5 January 2025")


def test_a_submitted_approved_or_missing_figure_is_a_return_made() -> None:
    kpi = Indicator(id="K", title="K", supplier="Waste team")
    q1, q2, q3 = "2024/25 Q1", "2024/25 Q2", "2024/25 Q3"
    missing = Reading(indicator="K", period=parse_period(q3), missing_reason="system down")
    held = [reading("K", q1, Approval.SUBMITTED), reading("K", q2, Approval.DRAFT), missing]
    found = returns_due(framework(kpi), held, dt.date(2025, 3, 1))
    assert [(str(r.period), r.state) for r in found] == [(q2, "draft only")]


def test_an_indicator_without_readings_is_overdue_from_its_latest_due_period() -> None:
    kpi = Indicator(id="K", title="K", due_days=20)
    found = returns_due(framework(kpi), [], dt.date(2025, 1, 10))
    # Q2 was due on 20 Oct and is overdue; Q3 ended on 31 Dec and is due on 20 Jan
    assert [(str(r.period), r.days_overdue) for r in found] == [
        ("2024/25 Q2", 82),
        ("2024/25 Q3", 0),
    ]


def test_without_due_days_the_reporting_lag_applies() -> None:
    kpi = Indicator(id="K", title="K", reporting_lag_days=45)
    (item,) = [r for r in returns_due(framework(kpi), [], dt.date(2025, 3, 1)) if r.overdue]
    assert item.due == dt.date(2025, 2, 14)


def test_returns_are_grouped_by_supplier_the_owner_standing_in() -> None:
    named = Indicator(id="A", title="A", supplier="waste team", owner="Head of Place")
    owned = Indicator(id="B", title="B", owner="Head of Finance")
    nobody = Indicator(id="C", title="C")
    also = Indicator(id="D", title="D", supplier="Waste team")
    found = returns_due(framework(nobody, also, owned, named), [], dt.date(2025, 2, 1))
    groups = by_supplier(found)
    assert [supplier for supplier, _ in groups] == ["Head of Finance", "Waste team", NO_SUPPLIER]
    assert [[r.indicator for r in items] for _, items in groups] == [["B"], ["A", "D"], ["C"]]


def test_suppliers_a_reader_cannot_tell_apart_are_one_under_their_most_common_spelling() -> None:
    kpis = (
        Indicator(id="A", title="A", supplier="housing  Team"),
        Indicator(id="B", title="B", supplier="Housing team"),
        Indicator(id="C", title="C", supplier="Housing teams"),
        Indicator(id="D", title="D", owner="HOUSING TEAM"),  # the owner stands in
        Indicator(id="E", title="E", supplier="Housing\u00a0team"),  # a non-breaking space
        Indicator(id="F", title="F", supplier="Ho\u00adusing team"),  # a soft hyphen
        Indicator(id="G", title="G", supplier="Housing team"),  # the most common: twice
    )
    found = returns_due(framework(*kpis), [], dt.date(2025, 2, 1))
    groups = by_supplier(found)
    assert [supplier for supplier, _ in groups] == ["Housing team", "Housing teams"]
    assert [[r.indicator for r in items] for _, items in groups] == [
        ["A", "B", "D", "E", "F", "G"],
        ["C"],
    ]
    assert {r.supplier for r in found if r.indicator != "C"} == {"Housing team"}


@pytest.mark.parametrize("first", ["Waste team", "waste  TEAM"])
def test_a_tie_between_spellings_of_a_supplier_goes_to_the_one_written_first(first: str) -> None:
    others = {"Waste team": "waste  TEAM", "waste  TEAM": "Waste team"}
    kpis = (
        Indicator(id="K2", title="K2", supplier=first),
        Indicator(id="K1", title="K1", supplier=others[first]),
    )
    found = returns_due(framework(*kpis), [], dt.date(2025, 2, 1))
    assert {r.supplier for r in found} == {first}


def test_by_supplier_groups_returns_a_reader_cannot_tell_apart_under_the_first() -> None:
    q3 = parse_period("2024/25 Q3")
    made = [
        DataReturn(
            indicator=ref,
            title=ref,
            period=q3,
            supplier=supplier,
            due=dt.date(2025, 1, 28),
            days_overdue=4,
            state="not recorded",
        )
        for ref, supplier in (("K1", "Waste team"), ("K2", "Parks"), ("K3", "WASTE  team"))
    ]
    groups = by_supplier(made)
    assert [(s, [r.indicator for r in items]) for s, items in groups] == [
        ("Waste team", ["K1", "K3"]),
        ("Parks", ["K2"]),
    ]


def test_the_returns_report_has_one_section_per_supplier_as_a_reader_sees_them() -> None:
    kpis = (
        Indicator(id="K1", title="Missed bins", supplier="Housing team"),
        Indicator(id="K2", title="Voids", supplier="housing  Team"),
    )
    report = returns_report(framework(*kpis), [], dt.date(2025, 2, 1))
    assert [section.heading for section in report.sections] == ["Housing team"]
    assert report.summary.endswith("from 1 supplier")
    (table,) = report.sections[0].blocks
    assert isinstance(table, Table)
    assert {row.group for row in table.rows} == {"Housing team"}


def test_readings_of_unknown_indicators_and_future_periods_are_ignored() -> None:
    kpi = Indicator(id="K", title="K")
    held = [reading("Z", "2024/25 Q1"), reading("K", "2026/27 Q1")]
    assert returns_due(framework(kpi), held, dt.date(2025, 2, 1)) == ()


def test_late_data_names_the_supplier_only_when_one_is_given() -> None:
    from councilpmf.core.findings import late_data

    q3 = parse_period("2024/25 Q3")
    kpi = Indicator(id="K", title="Bins", owner="Head of Place", due_days=14)
    assert "from" not in late_data(kpi, q3, "$").message
    assert "due by 14 Jan 2025." in late_data(kpi, q3, "$").message
    named = attrs.evolve(kpi, supplier="Waste team")
    assert "due by 14 Jan 2025 from Waste team." in late_data(named, q3, "$").message
