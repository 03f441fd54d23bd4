"""Tests for councilpmf.core.periods: UK council reporting periods."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from councilpmf.core.periods import (
    FinancialYear,
    Frequency,
    HalfYear,
    Month,
    Period,
    PeriodError,
    Quarter,
    add_months,
    containing,
    ended_by_month,
    first_period,
    format_date,
    latest_ended,
    parse_period,
    periods_between,
    year_of,
)

FY = FinancialYear(year=2024)
Q3 = Quarter(year=2024, number=3)
H1 = HalfYear(year=2024, number=1)
DEC = Month(year=2024, month=12)


# -- parsing: every accepted form -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024/25",
        "2024-25",
        "2024/2025",
        "2024-2025",
        "fin_2024_25",
        "FY2024/25",
        "FY 2024-25",
        "fy2024-2025",
        "  2024/25  ",
        "2024 / 25",
    ],
)
def test_parse_financial_year_forms(text: str) -> None:
    assert parse_period(text) == FY


@pytest.mark.parametrize(
    "text",
    [
        "2024/25 Q3",
        "Q3 2024/25",
        "2024-25 Q3",
        "Q3 2024-25",
        "fin_2024_25_q3",
        "FIN_2024_25_Q3",
        "q3 2024/2025",
        "2024/25 q3",
        "FY2024/25 Q3",
        "Q3  FY 2024-25",
    ],
)
def test_parse_quarter_forms(text: str) -> None:
    assert parse_period(text) == Q3


@pytest.mark.parametrize("text", ["2024/25 H1", "H1 2024/25", "2024-25 h1", "fin_2024_25_h1"])
def test_parse_half_year_forms(text: str) -> None:
    assert parse_period(text) == H1


@pytest.mark.parametrize(
    "text", ["Dec 2024", "December 2024", "DECEMBER 2024", "dec 2024", "Dec. 2024", "2024-12"]
)
def test_parse_month_forms(text: str) -> None:
    assert parse_period(text) == DEC


def test_parse_sept_and_other_month_names() -> None:
    assert parse_period("Sept 2024") == Month(year=2024, month=9)
    assert parse_period("Sep 2024") == Month(year=2024, month=9)
    assert parse_period("September 2024") == Month(year=2024, month=9)
    assert parse_period("June 2025") == Month(year=2025, month=6)
    assert parse_period("2025-01") == Month(year=2025, month=1)


def test_months_ignore_start_month() -> None:
    assert parse_period("Dec 2024", start_month=9) == DEC
    assert parse_period("Dec 2024", start_month=1) == DEC


def test_year_1999_00() -> None:
    assert parse_period("1999/00") == FinancialYear(year=1999)
    assert parse_period("1999-2000") == FinancialYear(year=1999)
    assert str(FinancialYear(year=1999)) == "1999/00"


def test_start_month_applies_to_text_without_from() -> None:
    assert parse_period("2024/25", start_month=9) == FinancialYear(year=2024, start_month=9)
    assert parse_period("2024/25 Q1", start_month=9) == Quarter(year=2024, number=1, start_month=9)


def test_from_suffix_overrides_start_month() -> None:
    sep = FinancialYear(year=2024, start_month=9)
    assert parse_period("2024/25 (from Sep)") == sep
    assert parse_period("2024/25 (from September)", start_month=1) == sep
    assert parse_period("2024/25 (FROM sept)") == sep
    assert parse_period("2024/25 Q1 (from Sep)") == Quarter(year=2024, number=1, start_month=9)
    assert parse_period("Q1 2024/25 (from Sep)") == Quarter(year=2024, number=1, start_month=9)
    assert parse_period("2024/25 (from Apr)", start_month=1) == FY
    assert parse_period("2024 (from Jan)") == FinancialYear(year=2024, start_month=1)


def test_single_year_when_years_start_in_january() -> None:
    assert parse_period("2024", start_month=1) == FinancialYear(year=2024, start_month=1)
    assert parse_period("2024 Q3", start_month=1) == Quarter(year=2024, number=3, start_month=1)
    assert parse_period("Q3 2024", start_month=1) == Quarter(year=2024, number=3, start_month=1)
    assert parse_period("2024 H2", start_month=1) == HalfYear(year=2024, number=2, start_month=1)


def test_lg_inform_fin_is_always_april() -> None:
    assert parse_period("fin_2024_25", start_month=9) == FY
    assert parse_period("fin_2024_25", start_month=1) == FY


# -- parsing: errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start_month", "words"),
    [
        ("", 4, "is empty"),
        ("   ", 4, "is empty"),
        ("2024/26", 4, "the second year must follow the first, e.g. '2024/25'"),
        ("2024-2026", 4, "the second year must follow the first"),
        ("2024/25 Q5", 4, "Q1 to Q4"),
        ("Q0 2024/25", 4, "Q1 to Q4"),
        ("2024/25 H3", 4, "H1 and H2"),
        ("Foo 2024", 4, "'Foo' is not a month name"),
        ("2024-13", 4, "13 is not a month"),
        ("2024-00", 4, "0 is not a month"),
        ("2024", 4, "ambiguous"),
        ("2024", 9, "ambiguous"),
        ("2024 Q3", 4, "ambiguous"),
        ("2024 (from Sep)", 4, "ambiguous"),
        ("2024/25", 1, "written as one year"),
        ("2024/25 (from Jan)", 4, "written as one year"),
        ("2011-12", 4, "could be the month 'Dec 2011' or the year '2011/12'"),
        ("Dec 2024 (from Sep)", 4, "a month does not take"),
        ("2024/25 (from Foo)", 4, "'Foo' is not a month name"),
        ("fin_2024_25 (from Sep)", 4, "always start in April"),
        ("0999/00", 4, "between 1000 and 9998"),
        ("9999/00", 4, "between 1000 and 9998"),
        ("Dec 24", 4, "write the year in full"),
        ("hello", 4, "expected a year such as '2024/25'"),
        ("2024/25 Q3 Q4", 4, "expected"),
    ],
)
def test_parse_errors(text: str, start_month: int, words: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text, start_month)
    message = str(caught.value)
    quoted = text.strip() or text  # empty text is quoted as given
    assert message.startswith(f"'{quoted}' is not a period: ")
    assert words in message


def test_ambiguous_single_year_says_what_to_write() -> None:
    with pytest.raises(PeriodError, match="'2024/25'"):
        parse_period("2024")
    with pytest.raises(PeriodError) as raised:
        parse_period("2024 q3")
    assert str(raised.value) == (
        "'2024 q3' is not a period: a single year is ambiguous when years start in April; "
        "write '2024/25 Q3' for Q3 of the year from April 2024, '2023/24 Q3' for Q3 of the "
        "year from April 2023, or '2024 Q3 (from Jan)' for Q3 of the year from January 2024"
    )
    # Each way it says to write it reads as a period.
    for written in ("2024/25 Q3", "2023/24 Q3", "2024 Q3 (from Jan)", "2024 (from Jan)"):
        parse_period(written)


def test_period_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


def test_bad_start_month_argument() -> None:
    with pytest.raises(PeriodError, match="1 to 12"):
        parse_period("2024/25", start_month=13)


# -- canonical text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (FY, "2024/25"),
        (FinancialYear(year=2024, start_month=1), "2024"),
        (FinancialYear(year=2024, start_month=9), "2024/25 (from Sep)"),
        (Q3, "2024/25 Q3"),
        (Quarter(year=2024, number=3, start_month=1), "2024 Q3"),
        (Quarter(year=2024, number=1, start_month=9), "2024/25 Q1 (from Sep)"),
        (H1, "2024/25 H1"),
        (HalfYear(year=2024, number=2, start_month=1), "2024 H2"),
        (DEC, "Dec 2024"),
        (Month(year=2025, month=9), "Sep 2025"),
    ],
)
def test_str(period: Period, text: str) -> None:
    assert str(period) == text


# -- next / previous -----------------------------------------------------------------------------


def test_quarter_crosses_the_year_end() -> None:
    q4 = Quarter(year=2024, number=4)
    q1 = Quarter(year=2025, number=1)
    assert q4.next() == q1
    assert q1.previous() == q4
    assert parse_period("Q4 2024/25").next() == parse_period("2025/26 Q1")


def test_month_crosses_the_calendar_year() -> None:
    assert DEC.next() == Month(year=2025, month=1)
    assert Month(year=2025, month=1).previous() == DEC


def test_half_and_year_next_previous() -> None:
    assert HalfYear(year=2024, number=2).next() == HalfYear(year=2025, number=1)
    assert HalfYear(year=2025, number=1).previous() == HalfYear(year=2024, number=2)
    assert FY.next() == FinancialYear(year=2025)
    assert FY.previous() == FinancialYear(year=2023)


def test_next_keeps_start_month() -> None:
    q4 = Quarter(year=2024, number=4, start_month=9)
    assert q4.next() == Quarter(year=2025, number=1, start_month=9)


def test_same_period_last_year() -> None:
    assert Q3.same_period_last_year() == Quarter(year=2023, number=3)
    assert DEC.same_period_last_year() == Month(year=2023, month=12)
    assert H1.same_period_last_year() == HalfYear(year=2023, number=1)
    assert FY.same_period_last_year() == FinancialYear(year=2023)


def test_stepping_off_the_supported_years_is_a_period_error() -> None:
    with pytest.raises(PeriodError, match="between 1000 and 9998"):
        FinancialYear(year=9998).next()
    with pytest.raises(PeriodError):
        Month(year=1000, month=1).previous()


# -- the year end, months, dates ---------------------------------------------------------------


def test_march_last_april_first() -> None:
    assert FY.months()[-1] == Month(year=2025, month=3)
    assert FinancialYear(year=2025).months()[0] == Month(year=2025, month=4)


def test_months_of_a_quarter_and_a_year() -> None:
    assert Q3.months() == (
        Month(year=2024, month=10),
        Month(year=2024, month=11),
        Month(year=2024, month=12),
    )
    assert [str(m) for m in FY.months()] == [
        "Apr 2024",
        "May 2024",
        "Jun 2024",
        "Jul 2024",
        "Aug 2024",
        "Sep 2024",
        "Oct 2024",
        "Nov 2024",
        "Dec 2024",
        "Jan 2025",
        "Feb 2025",
        "Mar 2025",
    ]
    assert DEC.months() == (DEC,)
    assert len(H1.months()) == 6


def test_start_and_end_dates() -> None:
    assert (FY.start, FY.end) == (date(2024, 4, 1), date(2025, 3, 31))
    assert (Q3.start, Q3.end) == (date(2024, 10, 1), date(2024, 12, 31))
    q4 = Quarter(year=2024, number=4)
    assert (q4.start, q4.end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert (H1.start, H1.end) == (date(2024, 4, 1), date(2024, 9, 30))
    assert (DEC.start, DEC.end) == (date(2024, 12, 1), date(2024, 12, 31))


def test_leap_february() -> None:
    assert Month(year=2024, month=2).end == date(2024, 2, 29)
    assert Month(year=2025, month=2).end == date(2025, 2, 28)
    assert Month(year=1900, month=2).end == date(1900, 2, 28)
    assert Month(year=2000, month=2).end == date(2000, 2, 29)
    assert Quarter(year=2023, number=4).end == date(2024, 3, 31)


def test_frequency_property() -> None:
    assert DEC.frequency is Frequency.MONTHLY
    assert Q3.frequency is Frequency.QUARTERLY
    assert H1.frequency is Frequency.HALF_YEARLY
    assert FY.frequency is Frequency.ANNUAL
    assert Frequency("half-yearly") is Frequency.HALF_YEARLY


# -- containment ---------------------------------------------------------------------------------


def test_containment() -> None:
    assert DEC in Q3
    assert Q3.contains(DEC)
    assert Q3 in FY
    assert DEC in FY
    assert H1 in FY
    assert Quarter(year=2024, number=2) in H1
    assert Q3 not in H1
    mar = Month(year=2025, month=3)
    assert mar in FY
    assert mar not in FinancialYear(year=2025)
    assert FY in FY
    assert FY not in Q3
    assert "Dec 2024" not in FY


def test_containment_across_year_starts() -> None:
    academic = FinancialYear(year=2024, start_month=9)
    assert Month(year=2025, month=8) in academic
    assert Month(year=2025, month=9) not in academic
    assert FY not in academic


# -- ordering and equality -----------------------------------------------------------------------


def test_ordering_across_kinds() -> None:
    apr = Month(year=2024, month=4)
    q1 = Quarter(year=2024, number=1)
    assert apr < q1 < H1 < FY
    assert FY > H1 > q1 > apr
    assert apr <= q1 and FY >= H1
    assert q1 < DEC
    assert Month(year=2025, month=3) < FinancialYear(year=2025)
    assert sorted([FY, DEC, q1, apr]) == [apr, q1, FY, DEC]


def test_equality_is_kind_and_fields() -> None:
    assert Quarter(year=2024, number=3) == Q3
    assert Quarter(year=2024, number=3, start_month=9) != Q3
    # same months, different kind or year start: ordered alike but not equal
    q1 = Quarter(year=2024, number=1)
    same_months = Quarter(year=2024, number=2, start_month=1)
    assert (same_months.start, same_months.end) == (q1.start, q1.end)
    assert same_months != q1
    assert same_months <= q1 <= same_months
    kinds: list[Period] = [Month(year=2024, month=4), FinancialYear(year=2024)]
    assert kinds[0] != kinds[1]
    assert len({Q3, Quarter(year=2024, number=3), DEC}) == 2


def test_comparing_with_other_things_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        sorted([Q3, date(2024, 1, 1)])  # type: ignore[type-var]


# -- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: Month(year=2024, month=13),
        lambda: Month(year=2024, month=0),
        lambda: Quarter(year=2024, number=5),
        lambda: HalfYear(year=2024, number=3),
        lambda: FinancialYear(year=999),
        lambda: FinancialYear(year=9999),
        lambda: FinancialYear(year=2024, start_month=13),
        lambda: Quarter(year="2024", number=1),  # type: ignore[arg-type]
    ],
)
def test_validation(build: Callable[[], Period]) -> None:
    with pytest.raises((ValueError, TypeError)):
        build()


# -- containing, year_of, periods_between -------------------------------------------------------


def test_containing() -> None:
    day = date(2025, 1, 15)
    assert containing(day, Frequency.MONTHLY) == Month(year=2025, month=1)
    assert containing(day, Frequency.QUARTERLY) == Quarter(year=2024, number=4)
    assert containing(day, Frequency.HALF_YEARLY) == HalfYear(year=2024, number=2)
    assert containing(day, Frequency.ANNUAL) == FY
    assert containing(date(2025, 3, 31), Frequency.ANNUAL) == FY
    assert containing(date(2025, 4, 1), Frequency.ANNUAL) == FinancialYear(year=2025)
    assert containing(day, Frequency.ANNUAL, start_month=1) == FinancialYear(
        year=2025, start_month=1
    )
    assert containing(day, Frequency.QUARTERLY, start_month=9) == Quarter(
        year=2024, number=2, start_month=9
    )


def test_year_of() -> None:
    assert year_of(Month(year=2025, month=3)) == FY
    assert year_of(Month(year=2025, month=4)) == FinancialYear(year=2025)
    assert year_of(Q3) == FY
    assert year_of(Q3, start_month=1) == FinancialYear(year=2024, start_month=1)
    assert year_of(FY) == FY
    # the year containing the period's end
    assert year_of(FY, start_month=1) == FinancialYear(year=2025, start_month=1)
    assert year_of(Month(year=2025, month=8), start_month=9) == FinancialYear(
        year=2024, start_month=9
    )


def test_periods_between() -> None:
    assert periods_between(Q3, Quarter(year=2025, number=1)) == (
        Q3,
        Quarter(year=2024, number=4),
        Quarter(year=2025, number=1),
    )
    assert periods_between(Q3, Q3) == (Q3,)
    assert periods_between(Quarter(year=2025, number=1), Q3) == ()
    assert len(periods_between(Month(year=2024, month=4), Month(year=2025, month=3))) == 12


def test_periods_between_needs_the_same_kind() -> None:
    with pytest.raises(PeriodError, match="same kind"):
        periods_between(DEC, Q3)
    with pytest.raises(PeriodError, match="same kind"):
        periods_between(Q3, Quarter(year=2024, number=3, start_month=9))


# -- other year starts ---------------------------------------------------------------------------


def test_academic_year_from_september() -> None:
    year = parse_period("2024/25", start_month=9)
    assert year == FinancialYear(year=2024, start_month=9)
    assert (year.start, year.end) == (date(2024, 9, 1), date(2025, 8, 31))
    assert str(year) == "2024/25 (from Sep)"
    q1 = Quarter(year=2024, number=1, start_month=9)
    assert (q1.start, q1.end) == (date(2024, 9, 1), date(2024, 11, 30))
    q4 = Quarter(year=2024, number=4, start_month=9)
    assert (q4.start, q4.end) == (date(2025, 6, 1), date(2025, 8, 31))
    assert q4.next() == Quarter(year=2025, number=1, start_month=9)
    assert FinancialYear(year=2024, start_month=9).quarters()[3] == q4


def test_calendar_year() -> None:
    year = parse_period("2024", start_month=1)
    assert (year.start, year.end) == (date(2024, 1, 1), date(2024, 12, 31))
    q4 = Quarter(year=2024, number=4, start_month=1)
    assert (q4.start, q4.end) == (date(2024, 10, 1), date(2024, 12, 31))
    assert q4.next() == Quarter(year=2025, number=1, start_month=1)
    assert str(q4.next()) == "2025 Q1"
    assert [str(h) for h in FinancialYear(year=2024, start_month=1).halves()] == [
        "2024 H1",
        "2024 H2",
    ]


# -- properties ------------------------------------------------------------------------------------

start_months = st.integers(min_value=1, max_value=12)


def _periods(years: st.SearchStrategy[int]) -> st.SearchStrategy[Period]:
    return st.one_of(
        st.builds(Month, year=years, month=st.integers(1, 12)),
        st.builds(Quarter, year=years, number=st.integers(1, 4), start_month=start_months),
        st.builds(HalfYear, year=years, number=st.integers(1, 2), start_month=start_months),
        st.builds(FinancialYear, year=years, start_month=start_months),
    )


periods = _periods(st.integers(min_value=1000, max_value=9998))
# periods with room for a year either side, for next/previous/same_period_last_year
inner_periods = _periods(st.integers(min_value=1002, max_value=9996))


def _start_month_of(period: Period) -> int:
    return getattr(period, "start_month", 1)


@given(periods)
def test_str_round_trip(period: Period) -> None:
    assert parse_period(str(period), _start_month_of(period)) == period


@given(periods, start_months)
def test_str_round_trip_under_any_start_month(period: Period, start_month: int) -> None:
    """Text with "(from Mon)" and months read back the same under any default year start.

    The bare April ("2024/25") and January ("2024") forms take the default instead: read
    where years start in another month, "2024/25" is that month's year, and "2024", or
    "2024/25" where years start in January, is an error rather than a guess.
    """
    own = _start_month_of(period)
    text = str(period)
    if isinstance(period, Month) or own not in (1, 4) or own == start_month:
        assert parse_period(text, start_month) == period
    elif own == 4 and start_month != 1:
        reread = parse_period(text, start_month)
        assert type(reread) is type(period)
        assert getattr(reread, "start_month", None) == start_month
    else:
        with pytest.raises(PeriodError):
            parse_period(text, start_month)


@given(inner_periods)
def test_next_previous_inverse(period: Period) -> None:
    assert period.next().previous() == period
    assert period.previous().next() == period


@given(inner_periods)
def test_next_starts_the_day_after(period: Period) -> None:
    assert period.next().start == period.end + timedelta(days=1)
    assert type(period.next()) is type(period)


@given(inner_periods)
def test_same_period_last_year_is_twelve_months_earlier(period: Period) -> None:
    earlier = period.same_period_last_year()
    assert type(earlier) is type(period)
    assert earlier.start == period.start.replace(year=period.start.year - 1)
    assert earlier.end.year == period.end.year - 1
    assert earlier.end.month == period.end.month


@given(periods)
def test_months_cover_the_period(period: Period) -> None:
    months = period.months()
    assert (
        len(months)
        == {
            Frequency.MONTHLY: 1,
            Frequency.QUARTERLY: 3,
            Frequency.HALF_YEARLY: 6,
            Frequency.ANNUAL: 12,
        }[period.frequency]
    )
    assert months[0].start == period.start
    assert months[-1].end == period.end
    for before, after in pairwise(months):
        assert after.start == before.end + timedelta(days=1)
    for month in months:
        assert month in period


@given(periods, start_months)
def test_written_for_reads_back_under_that_start_month(period: Period, start_month: int) -> None:
    """What a council is shown is what it can type back: the period's own year start is
    written whenever it is not the council's."""
    text = period.written_for(start_month)
    assert parse_period(text, start_month) == period
    if _start_month_of(period) == start_month or isinstance(period, Month):
        assert text == str(period)
    else:
        assert text.endswith(")") and "(from " in text


def test_written_for_names_the_year_start_only_when_it_differs() -> None:
    assert Q3.written_for(4) == "2024/25 Q3"
    assert Q3.written_for(1) == "2024/25 Q3 (from Apr)"
    assert FinancialYear(year=2025, start_month=1).written_for(1) == "2025"
    assert FinancialYear(year=2025, start_month=1).written_for(4) == "2025 (from Jan)"
    assert DEC.written_for(1) == "Dec 2024"
    with pytest.raises(PeriodError, match="start month"):
        Q3.written_for(13)


@given(periods)
def test_containing_finds_the_period(period: Period) -> None:
    found = containing(period.start, period.frequency, _start_month_of(period))
    assert found == period
    assert containing(period.end, period.frequency, _start_month_of(period)) == period


@given(periods, start_months)
def test_months_are_the_same_under_any_start_month(period: Period, start_month: int) -> None:
    if isinstance(period, Month):
        assert containing(period.start, Frequency.MONTHLY, start_month) == period


@given(periods, start_months)
def test_year_of_contains_the_end(period: Period, start_month: int) -> None:
    assume(1001 <= period.end.year <= 9998)
    year = year_of(period, start_month)
    assert year.start_month == start_month
    assert year.start <= period.end <= year.end


@given(_periods(st.integers(min_value=1000, max_value=9960)), st.integers(0, 30))
def test_periods_between_counts(period: Period, steps: int) -> None:
    last = period
    for _ in range(steps):
        last = last.next()
    run = periods_between(period, last)
    assert len(run) == steps + 1
    assert run[0] == period and run[-1] == last
    assert list(run) == sorted(run)


# -- add_months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 10, 31), 4, date(2024, 2, 29)),  # leap year
        (date(2022, 10, 31), 4, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 8, 31), 3, date(2023, 11, 30)),
        (date(2023, 10, 1), 3, date(2024, 1, 1)),  # across the year end
        (date(2023, 12, 15), 1, date(2024, 1, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 5, 17), 0, date(2024, 5, 17)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    months=st.integers(min_value=-120, max_value=120),
)
def test_add_months_lands_in_the_right_month_on_the_same_day_or_the_months_end(
    day: date, months: int
) -> None:
    result = add_months(day, months)
    assert result.year * 12 + result.month == day.year * 12 + day.month + months
    if result.day != day.day:
        assert result.day < day.day
        assert (result + timedelta(days=1)).day == 1  # clamped to the last day of a shorter month


# -- periods worked out from periods -----------------------------------------------------------


def _validated(period: Period) -> Period:
    """The same period built the ordinary way, through its validators."""
    fields = {name: getattr(period, name) for name in attrs.fields_dict(type(period))}
    return type(period)(**fields)


@given(inner_periods)
def test_derived_periods_are_the_periods_their_fields_name(period: Period) -> None:
    for derived in (period.previous(), period.next(), period.same_period_last_year()):
        again = _validated(derived)
        assert derived == again and hash(derived) == hash(again)
        assert str(derived) == str(again) and repr(derived) == repr(again)


def test_stepping_off_the_supported_years_fails_for_every_kind() -> None:
    for last in (
        Month(year=9999, month=12),
        Quarter(year=9998, number=4),
        HalfYear(year=9998, number=2),
        FinancialYear(year=9998),
    ):
        with pytest.raises(PeriodError, match="between 1000 and"):
            last.next()


@given(
    day=st.dates(min_value=date(1001, 1, 1), max_value=date(9990, 12, 31)),
    frequency=st.sampled_from(Frequency),
    start_month=st.integers(min_value=1, max_value=12),
)
def test_latest_ended_is_the_period_containing_the_day_or_the_one_before(
    day: date, frequency: Frequency, start_month: int
) -> None:
    assume(first_period(frequency, start_month).end <= day)  # else none has ended (below)
    found = containing(day, frequency, start_month)
    expected = found if found.end <= day else found.previous()
    assert latest_ended(day, frequency, start_month) == expected
    assert latest_ended(day, frequency, start_month).end <= day
    first, months = expected.month_span()
    assert ended_by_month(first + months - 1, frequency, start_month) == expected
    assert expected.start == date(first // 12, first % 12 + 1, 1)


@given(
    frequency=st.sampled_from(Frequency),
    start_month=st.integers(min_value=1, max_value=12),
    days_before=st.integers(min_value=1, max_value=800),
)
def test_latest_ended_before_the_first_period_has_ended_says_so(
    frequency: Frequency, start_month: int, days_before: int
) -> None:
    opening = first_period(frequency, start_month)
    day = max(opening.end - timedelta(days=days_before), date(1000, 1, 1))
    with pytest.raises(
        PeriodError, match=f"no {frequency.value} period had ended by .*{re.escape(str(opening))}"
    ):
        latest_ended(day, frequency, start_month)
    assert latest_ended(opening.end, frequency, start_month) == opening


# -- dates in words ----------------------------------------------------------------------------

_OTHER_LOCALES = ("de_DE.UTF-8", "fr_FR.UTF-8", "cy_GB.UTF-8", "es_ES.UTF-8", "de_DE", "fr_FR")


def test_format_date_writes_english_month_names_under_another_locale() -> None:
    import locale

    before = locale.setlocale(locale.LC_TIME)
    for name in _OTHER_LOCALES:
        try:
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            assert f"{date(2025, 3, 1):%b}" != "Mar"  # the locale really changes month names
            assert format_date(date(2025, 3, 31)) == "31 Mar 2025"
        finally:
            locale.setlocale(locale.LC_TIME, before)
        return
    pytest.skip(f"none of {', '.join(_OTHER_LOCALES)} is installed")


class _LocalisedDate(date):
    """A date that formats itself as a French process locale would."""

    def __format__(self, spec: str) -> str:
        return super().__format__(spec.replace("%b", "mars").replace("%B", "mars"))

    def strftime(self, spec: str) -> str:
        return super().strftime(spec.replace("%b", "mars").replace("%B", "mars"))


@pytest.mark.parametrize(("month", "word"), [(1, "Jan"), (3, "Mar"), (9, "Sep"), (12, "Dec")])
def test_format_date_takes_month_names_from_its_own_table(month: int, word: str) -> None:
    assert format_date(_LocalisedDate(2025, month, 9)) == f"9 {word} 2025"
    assert format_date(date(999, month, 1)) == f"1 {word} 999"
