"""Reporting periods the way UK councils write them: months, quarters, halves and years.

A UK council reports on the financial year from 1 April to 31 March, written ``2024/25``;
its Q1 is April to June and its Q4 is January to March. Other year starts are supported through
``start_month`` (9 for an academic year from September, 1 for the calendar year).

Every period is a run of whole calendar months, so all the arithmetic here is done on a month
index (``year * 12 + month - 1``) and dates only appear at the edges.

Periods run from the year 1000 to the year 9998 (a month to Dec 9999, as the last years end in
9999): :func:`first_period` is the first of each kind, and :func:`earlier_period` is None
before it, where :meth:`Period.previous` refuses.

>>> q3 = parse_period("2024/25 Q3")
>>> q3
Quarter(year=2024, number=3, start_month=4)
>>> str(q3), q3.start, q3.end
('2024/25 Q3', datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))
>>> parse_period("Dec 2024") in q3
True
>>> str(q3.next()), str(q3.next().next())
('2024/25 Q4', '2025/26 Q1')
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Callable
from datetime import date
from typing import ClassVar, Self, TypeVar, overload

import attrs
from attrs import validators as v

from councilpmf.core._validate import of_type, trusted
from councilpmf.core.errors import CouncilPMFError, InputTypeError

__all__ = [
    "MONTHS",
    "FinancialYear",
    "Frequency",
    "HalfYear",
    "Month",
    "Period",
    "PeriodError",
    "Quarter",
    "add_months",
    "containing",
    "earlier_period",
    "ended_by_month",
    "first_period",
    "fits",
    "format_date",
    "latest_ended",
    "month_index",
    "month_name",
    "month_start",
    "nearest_period",
    "parse_period",
    "periods_between",
    "year_of",
]

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# English on purpose: calendar.month_abbr follows the process locale, which a pure core must not.
_MONTH_WORDS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(_MONTH_ABBR, start=1)},
    **{name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}

_MIN_YEAR = 1000
_MAX_YEAR = 9998
# A month is a calendar month, so it may fall in 9999: the last months of FinancialYear(9998).
_MAX_MONTH_YEAR = 9999


def _in_range(year: int, highest: int = _MAX_YEAR) -> int:
    # A signal for Period._build alone, which refuses the period asked for in a PeriodError
    # that says what was asked; a period made from its fields is checked by its validators.
    if not _MIN_YEAR <= year <= highest:
        raise ValueError(f"year {year} is out of range")
    return year


class Frequency(enum.Enum):
    """How often a period comes round; the values are the words councils write in config files.

    >>> Frequency("half-yearly")
    <Frequency.HALF_YEARLY: 'half-yearly'>
    >>> Frequency.QUARTERLY.value
    'quarterly'
    """

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    ANNUAL = "annual"


MONTHS: dict[Frequency, int] = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.ANNUAL: 12,
}
"""How many months a period of each frequency spans."""

_P = TypeVar("_P", bound="Period")


class PeriodError(CouncilPMFError, ValueError):
    """Text that is not a period, or a period that cannot exist.

    >>> parse_period("2024/26")
    Traceback (most recent call last):
    ...
    councilpmf.core.periods.PeriodError: '2024/26' is not a period: the second year must follow the first, e.g. '2024/25'
    """  # noqa: E501


def month_index(day: date) -> int:
    """The month ``day`` falls in, counted from January of year 0: ``year * 12 + month - 1``.

    Every period is a run of whole months, so month arithmetic is subtraction of these.

    >>> month_index(date(2025, 3, 31)) - month_index(date(2024, 4, 1))
    11
    """
    return day.year * 12 + day.month - 1


def format_date(day: date) -> str:
    """A date as councils write it, ``1 Jun 2024``, in English whatever the process locale.

    >>> format_date(date(2025, 3, 31))
    '31 Mar 2025'
    """
    return f"{day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), or the month's last day if it is shorter.

    >>> add_months(date(2023, 10, 31), 4)
    datetime.date(2024, 2, 29)
    >>> add_months(date(2025, 3, 31), -12)
    datetime.date(2024, 3, 31)
    """
    year, month0 = divmod(month_index(day) + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def month_start(index: int) -> date:
    """The first day of the month numbered ``index`` (``year * 12 + month - 1``).

    >>> month_start(2024 * 12 + 3)
    datetime.date(2024, 4, 1)
    """
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, 1)


def _month_end(index: int) -> date:
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, calendar.monthrange(year, month0 + 1)[1])


def _check_start_month(start_month: int) -> None:
    if not isinstance(start_month, int) or not 1 <= start_month <= 12:
        raise PeriodError(
            f"a year's start month must be a number from 1 to 12, not {start_month!r}"
        )


def _year_parts(year: int, start_month: int) -> tuple[str, str]:
    """The canonical year text and the ``(from Mon)`` suffix (empty for April and January)."""
    if start_month == 1:
        return str(year), ""
    pair = f"{year}/{(year + 1) % 100:02d}"
    if start_month == 4:
        return pair, ""
    return pair, f" (from {_MONTH_ABBR[start_month - 1]})"


class Period:
    """A reporting period: a run of whole calendar months. Use one of the four kinds below.

    Periods order by ``(start, end)``, across kinds too, so a month sorts before the quarter it
    opens. Equality is stricter: same kind and same fields.

    >>> sorted([parse_period("2024/25"), parse_period("Apr 2024"), parse_period("2024/25 Q1")])
    [Month(year=2024, month=4), Quarter(year=2024, number=1, start_month=4), FinancialYear(year=2024, start_month=4)]
    >>> parse_period("Mar 2025") < parse_period("2025/26")
    True
    """  # noqa: E501

    __slots__ = ()

    # -- what each kind supplies ---------------------------------------------------------------

    # How many months one period of this kind spans.
    _months: ClassVar[int] = 0

    @property
    def frequency(self) -> Frequency:
        """How often this kind of period comes round."""
        raise NotImplementedError

    def _first_index(self) -> int:
        """The month index (``year * 12 + month - 1``) of the first month."""
        raise NotImplementedError

    def _year_start(self) -> int:
        """The month its years start in (1 for months, which fit any year)."""
        raise NotImplementedError

    @classmethod
    def _from_index(cls, index: int, start_month: int) -> Self:
        """The period of this kind whose first month is ``index`` (which must be aligned)."""
        raise NotImplementedError

    # -- shared behaviour ----------------------------------------------------------------------

    def _length(self) -> int:
        return self._months

    def _last_index(self) -> int:
        return self._first_index() + self._months - 1

    def _key(self) -> tuple[int, int]:
        return self._first_index(), self._last_index()

    @classmethod
    def _build(cls, index: int, start_month: int, what: Callable[[], str]) -> Self:
        """The period starting at month ``index``; ``what()`` says what was asked for when
        that falls outside the supported years (written only then: this runs often)."""
        try:
            return cls._from_index(index, start_month)
        except ValueError as error:
            raise PeriodError(
                f"{what()}: years must be between {_MIN_YEAR} and {_MAX_YEAR}"
            ) from error

    def _shifted(self, steps: int) -> Self:
        return self._build(
            self._first_index() + steps * self._months,
            self._year_start(),
            lambda: f"there is no period {steps:+d} from '{self}'",
        )

    @property
    def year_start(self) -> int:
        """The month its years start in; 1 for a month, which fits a year starting in any.

        >>> parse_period("2024/25 Q3").year_start, parse_period("Dec 2024").year_start
        (4, 1)
        """
        return self._year_start()

    def written_for(self, start_month: int) -> str:
        """The period as a council whose years start in ``start_month`` reads it: ``str()``,
        with the period's own year start added when it differs, so that
        ``parse_period(text, start_month)`` gives this period back.

        >>> quarter = parse_period("2024/25 Q4")
        >>> quarter.written_for(4), quarter.written_for(1)
        ('2024/25 Q4', '2024/25 Q4 (from Apr)')
        >>> parse_period("2025 Q1", start_month=1).written_for(4)
        '2025 Q1 (from Jan)'
        >>> parse_period("Jan 2025").written_for(9)
        'Jan 2025'
        """
        _check_start_month(start_month)
        text = str(self)
        if isinstance(self, Month) or "(from " in text or self._year_start() == start_month:
            return text
        return f"{text} (from {_MONTH_ABBR[self._year_start() - 1]})"

    def month_span(self) -> tuple[int, int]:
        """The index of the first month (see :func:`month_index`) and how many months it spans:
        period arithmetic on plain integers.

        >>> first, months = parse_period("2024/25 Q3").month_span()
        >>> first == month_index(date(2024, 10, 1)), months
        (True, 3)
        """
        return self._first_index(), self._months

    @property
    def start(self) -> date:
        """The first day.

        >>> parse_period("2024/25").start
        datetime.date(2024, 4, 1)
        """
        return month_start(self._first_index())

    @property
    def end(self) -> date:
        """The last day (inclusive).

        >>> parse_period("2024/25").end
        datetime.date(2025, 3, 31)
        >>> parse_period("Feb 2024").end
        datetime.date(2024, 2, 29)
        """
        return _month_end(self._last_index())

    def months(self) -> tuple[Month, ...]:
        """The months in this period, in order.

        >>> [str(m) for m in parse_period("2024/25 Q4").months()]
        ['Jan 2025', 'Feb 2025', 'Mar 2025']
        """
        first = self._first_index()
        return tuple(Month._from_index(first + i, 1) for i in range(self._months))

    def previous(self) -> Self:
        """The period of the same kind just before this one.

        >>> str(parse_period("2025/26 Q1").previous())
        '2024/25 Q4'
        >>> str(parse_period("Jan 2025").previous())
        'Dec 2024'
        """
        return self._shifted(-1)

    def next(self) -> Self:
        """The period of the same kind just after this one.

        >>> str(parse_period("2024/25 Q4").next())
        '2025/26 Q1'
        >>> str(parse_period("Dec 2024").next())
        'Jan 2025'
        """
        return self._shifted(1)

    def shift(self, periods: int = 0, *, years: int = 0) -> Self:
        """This period moved by ``periods`` of its own kind and by whole ``years``.

        >>> str(parse_period("2024/25 Q3").shift(years=1))
        '2025/26 Q3'
        >>> str(parse_period("Dec 2024").shift(-2))
        'Oct 2024'
        >>> str(parse_period("2024/25 Q1").shift(-1, years=1))
        '2024/25 Q4'
        """
        for name, count in (("periods", periods), ("years", years)):
            if not isinstance(count, int) or isinstance(count, bool):
                raise PeriodError(f"{name} must be a whole number, not {count!r}")
        return self._shifted(periods + years * (12 // self._length()))

    def same_period_last_year(self) -> Self:
        """The same period twelve months earlier.

        >>> str(parse_period("2024/25 Q3").same_period_last_year())
        '2023/24 Q3'
        >>> str(parse_period("Dec 2024").same_period_last_year())
        'Dec 2023'
        """
        return self._shifted(-(12 // self._months))

    def contains(self, other: Period) -> bool:
        """Whether the whole of ``other`` lies inside this period (a period contains itself).

        >>> parse_period("2024/25").contains(parse_period("Mar 2025"))
        True
        >>> parse_period("2025/26").contains(parse_period("Mar 2025"))
        False
        """
        first = self._first_index()
        other_first = other._first_index()
        return first <= other_first and other_first + other._months <= first + self._months

    def __contains__(self, other: object) -> bool:
        return isinstance(other, Period) and self.contains(other)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() >= other._key()


_year = [of_type(int), v.ge(_MIN_YEAR), v.le(_MAX_YEAR)]
_start_month = [of_type(int), v.ge(1), v.le(12)]


@attrs.frozen(kw_only=True, order=False)  # ordering comes from Period, across kinds
class Month(Period):
    """A calendar month.

    >>> m = Month(year=2024, month=12)
    >>> str(m), m.start, m.end
    ('Dec 2024', datetime.date(2024, 12, 1), datetime.date(2024, 12, 31))
    """

    _months: ClassVar[int] = 1
    year: int = attrs.field(validator=[of_type(int), v.ge(_MIN_YEAR), v.le(_MAX_MONTH_YEAR)])
    month: int = attrs.field(validator=[of_type(int), v.ge(1), v.le(12)])

    @property
    def frequency(self) -> Frequency:
        """Always ``Frequency.MONTHLY``."""
        return Frequency.MONTHLY

    def _first_index(self) -> int:
        return self.year * 12 + self.month - 1

    def _year_start(self) -> int:
        return 1

    @classmethod
    def _from_index(cls, index: int, start_month: int) -> Self:
        year, month0 = divmod(index, 12)
        return trusted(cls, year=_in_range(year, _MAX_MONTH_YEAR), month=month0 + 1)

    def __str__(self) -> str:
        return f"{_MONTH_ABBR[self.month - 1]} {self.year}"


@attrs.frozen(kw_only=True, order=False)  # ordering comes from Period, across kinds
class Quarter(Period):
    """A quarter of a year; ``year`` is the year its financial year starts in.

    >>> q = Quarter(year=2024, number=4)
    >>> str(q), q.start, q.end
    ('2024/25 Q4', datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    >>> str(Quarter(year=2024, number=1, start_month=9))
    '2024/25 Q1 (from Sep)'
    """

    _months: ClassVar[int] = 3
    year: int = attrs.field(validator=_year)
    number: int = attrs.field(validator=[of_type(int), v.ge(1), v.le(4)])
    start_month: int = attrs.field(default=4, validator=_start_month)

    @property
    def frequency(self) -> Frequency:
        """Always ``Frequency.QUARTERLY``."""
        return Frequency.QUARTERLY

    def _first_index(self) -> int:
        return self.year * 12 + self.start_month - 1 + (self.number - 1) * 3

    def _year_start(self) -> int:
        return self.start_month

    @classmethod
    def _from_index(cls, index: int, start_month: int) -> Self:
        year, within = divmod(index - (start_month - 1), 12)
        return trusted(cls, year=_in_range(year), number=within // 3 + 1, start_month=start_month)

    def __str__(self) -> str:
        year, suffix = _year_parts(self.year, self.start_month)
        return f"{year} Q{self.number}{suffix}"


@attrs.frozen(kw_only=True, order=False)  # ordering comes from Period, across kinds
class HalfYear(Period):
    """Half of a year; ``year`` is the year its financial year starts in.

    >>> h = HalfYear(year=2024, number=2)
    >>> str(h), h.start, h.end
    ('2024/25 H2', datetime.date(2024, 10, 1), datetime.date(2025, 3, 31))
    >>> [str(q) for q in h.quarters()]
    ['2024/25 Q3', '2024/25 Q4']
    """

    _months: ClassVar[int] = 6
    year: int = attrs.field(validator=_year)
    number: int = attrs.field(validator=[of_type(int), v.ge(1), v.le(2)])
    start_month: int = attrs.field(default=4, validator=_start_month)

    @property
    def frequency(self) -> Frequency:
        """Always ``Frequency.HALF_YEARLY``."""
        return Frequency.HALF_YEARLY

    def _first_index(self) -> int:
        return self.year * 12 + self.start_month - 1 + (self.number - 1) * 6

    def _year_start(self) -> int:
        return self.start_month

    @classmethod
    def _from_index(cls, index: int, start_month: int) -> Self:
        year, within = divmod(index - (start_month - 1), 12)
        return trusted(cls, year=_in_range(year), number=within // 6 + 1, start_month=start_month)

    def quarters(self) -> tuple[Quarter, Quarter]:
        """The two quarters of this half, in order."""
        first = (self.number - 1) * 2 + 1
        return (
            Quarter(year=self.year, number=first, start_month=self.start_month),
            Quarter(year=self.year, number=first + 1, start_month=self.start_month),
        )

    def __str__(self) -> str:
        year, suffix = _year_parts(self.year, self.start_month)
        return f"{year} H{self.number}{suffix}"


@attrs.frozen(kw_only=True, order=False)  # ordering comes from Period, across kinds
class FinancialYear(Period):
    """A whole year starting in ``start_month`` of ``year``.

    >>> fy = FinancialYear(year=2024)
    >>> str(fy), fy.start, fy.end
    ('2024/25', datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
    >>> str(FinancialYear(year=1999)), str(FinancialYear(year=2024, start_month=1))
    ('1999/00', '2024')
    >>> str(FinancialYear(year=2024, start_month=9))
    '2024/25 (from Sep)'
    """

    _months: ClassVar[int] = 12
    year: int = attrs.field(validator=_year)
    start_month: int = attrs.field(default=4, validator=_start_month)

    @property
    def frequency(self) -> Frequency:
        """Always ``Frequency.ANNUAL``."""
        return Frequency.ANNUAL

    def _first_index(self) -> int:
        return self.year * 12 + self.start_month - 1

    def _year_start(self) -> int:
        return self.start_month

    @classmethod
    def _from_index(cls, index: int, start_month: int) -> Self:
        year = _in_range((index - (start_month - 1)) // 12)
        return trusted(cls, year=year, start_month=start_month)

    def quarters(self) -> tuple[Quarter, ...]:
        """The four quarters, Q1 to Q4.

        >>> [str(q) for q in FinancialYear(year=2024, start_month=1).quarters()]
        ['2024 Q1', '2024 Q2', '2024 Q3', '2024 Q4']
        """
        return tuple(
            Quarter(year=self.year, number=n, start_month=self.start_month) for n in range(1, 5)
        )

    def halves(self) -> tuple[HalfYear, HalfYear]:
        """The two halves, H1 and H2."""
        return (
            HalfYear(year=self.year, number=1, start_month=self.start_month),
            HalfYear(year=self.year, number=2, start_month=self.start_month),
        )

    def __str__(self) -> str:
        year, suffix = _year_parts(self.year, self.start_month)
        return f"{year}{suffix}"


_KINDS: dict[Frequency, type[Period]] = {
    Frequency.MONTHLY: Month,
    Frequency.QUARTERLY: Quarter,
    Frequency.HALF_YEARLY: HalfYear,
    Frequency.ANNUAL: FinancialYear,
}


# -- parsing ---------------------------------------------------------------------------------------

_FLAGS = re.IGNORECASE | re.ASCII
_SUFFIX = re.compile(r"^(?P<body>.*?)\s*\(\s*from\s+(?P<word>[a-z]+)\.?\s*\)$", _FLAGS)
_FIN = re.compile(
    r"^fin_(?P<y1>\d{4})_(?P<y2>\d{2})(?:_(?P<kind>[qh])(?P<num>\d{1,2}))?$",
    _FLAGS,
)
_ISO_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$", re.ASCII)
_YEAR = r"(?:fy\s*)?(?P<y1>\d{4})(?:\s*[/-]\s*(?P<y2>\d{4}|\d{2}))?"
_LABEL_FIRST = re.compile(rf"^(?P<kind>[qh])(?P<num>\d{{1,2}})\s+{_YEAR}$", _FLAGS)
_LABEL_AFTER = re.compile(rf"^{_YEAR}(?:\s*(?P<kind>[qh])(?P<num>\d{{1,2}}))?$", _FLAGS)
_MONTH_TEXT = re.compile(r"^(?P<word>[a-z]+)\.?[\s-]*(?P<y>\d{4})$", _FLAGS)
_SHORT_YEAR = re.compile(r"^(?:[a-z]+\.?[\s-]*|\d{2}\s*[/-]\s*)\d{2}$", _FLAGS)

_EXPECTED = (
    "expected a year such as '2024/25', a quarter such as '2024/25 Q3', "
    "a half such as '2024/25 H1' or a month such as 'Dec 2024'"
)


def _pair_follows(first: int, second: str) -> bool:
    if len(second) == 2:
        return int(second) == (first + 1) % 100
    return int(second) == first + 1


def _from_year_text(
    fail: _Fail,
    y1: str,
    y2: str | None,
    kind: str | None,
    num: str | None,
    start_month: int,
    explicit: bool,
) -> Period:
    year = int(y1)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise fail(f"years must be between {_MIN_YEAR} and {_MAX_YEAR}")
    if y2 is None:
        if start_month != 1:
            pair, suffix = _year_parts(year, start_month)
            earlier, _ = _year_parts(year - 1, start_month)
            month = _MONTH_NAMES[start_month - 1]
            part = "" if kind is None else f" {kind.upper()}{num}"
            of = "the year" if kind is None else f"{part.strip()} of the year"
            raise fail(
                f"a single year is ambiguous when years start in {month}; write "
                f"'{pair}{part}{suffix}' for {of} from {month} {year}, "
                f"'{earlier}{part}{suffix}' for {of} from {month} {year - 1}, or "
                f"'{year}{part} (from Jan)' for {of} from January {year}"
            )
    else:
        if not _pair_follows(year, y2):
            raise fail(
                f"the second year must follow the first, e.g. '{year}/{(year + 1) % 100:02d}'"
            )
        if start_month == 1:
            where = "with '(from Jan)'" if explicit else "when years start in January"
            raise fail(
                f"{where} a year is written as one year, e.g. '{year}'; for the year from "
                f"April write '{year}/{(year + 1) % 100:02d} (from Apr)'"
            )
    if kind is None:
        return FinancialYear(year=year, start_month=start_month)
    number = int(num or "0")
    if kind.lower() == "q":
        if not 1 <= number <= 4:
            raise fail("quarters are numbered Q1 to Q4")
        return Quarter(year=year, number=number, start_month=start_month)
    if not 1 <= number <= 2:
        raise fail("halves are numbered H1 and H2")
    return HalfYear(year=year, number=number, start_month=start_month)


def _month(fail: _Fail, year: int, month: int, suffix: str | None) -> Month:
    if suffix is not None:
        raise fail(f"a month does not take a year start such as '(from {suffix})'")
    if not _MIN_YEAR <= year <= _MAX_MONTH_YEAR:
        raise fail(f"years must be between {_MIN_YEAR} and {_MAX_MONTH_YEAR}")
    return Month(year=year, month=month)


class _Fail:
    """Builds the errors for one piece of text: ``'<text>' is not a period: <reason>``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self, reason: str) -> PeriodError:
        return PeriodError(f"'{self.text}' is not a period: {reason}")


def parse_period(text: str, start_month: int = 4) -> Period:
    """Read a period as councils write it.

    ``start_month`` is the month years start in (4 for the UK financial year) and applies unless
    the text ends with ``(from Mon)``. Case and surrounding spaces do not matter. Accepted:
    years ``2024/25``, ``2024-25``, ``2024/2025``, ``FY 2024-25``, ``fin_2024_25`` (LG Inform,
    always from April); quarters and halves ``2024/25 Q3``, ``Q3 2024-25``, ``2024/25 H1``,
    ``fin_2024_25_q3``; months ``Dec 2024``, ``December 2024``, ``Sept 2024``, ``2024-12``; and
    with years from January, ``2024`` and ``2024 Q3``. ``str()`` of a period gives it back in
    canonical form.

    >>> parse_period("Q3 2024-25")
    Quarter(year=2024, number=3, start_month=4)
    >>> parse_period("2024/25 H1 (from Sep)")
    HalfYear(year=2024, number=1, start_month=9)
    >>> parse_period("2024 Q3", start_month=1)
    Quarter(year=2024, number=3, start_month=1)
    >>> parse_period("  december 2024 ")
    Month(year=2024, month=12)
    >>> parse_period("2024")
    Traceback (most recent call last):
    ...
    councilpmf.core.periods.PeriodError: '2024' is not a period: a single year is ambiguous ...
    """
    if not isinstance(text, str):
        raise InputTypeError((f"text: a period is read from text, not {type(text).__name__}",))
    _check_start_month(start_month)
    body = " ".join(text.split())
    fail = _Fail(body)
    if not body:
        raise _Fail(text)("it is empty")

    suffix: str | None = None
    explicit = False
    if found := _SUFFIX.match(body):
        body, suffix = found["body"], found["word"]
        if suffix.lower() not in _MONTH_WORDS:
            raise fail(f"'{suffix}' is not a month name")
        start_month, explicit = _MONTH_WORDS[suffix.lower()], True

    if found := _FIN.match(body):
        if explicit and start_month != 4:
            raise fail("LG Inform 'fin_' periods always start in April")
        return _from_year_text(
            fail, found["y1"], found["y2"], found["kind"], found["num"], 4, explicit=True
        )

    if found := _ISO_MONTH.match(body):
        year, number = int(found["y"]), int(found["m"])
        is_month = 1 <= number <= 12
        is_pair = _pair_follows(year, found["m"])
        if is_month and is_pair and suffix is None:
            raise fail(
                f"it could be the month '{_MONTH_ABBR[number - 1]} {year}' or the year "
                f"'{year}/{found['m']}'; write one of those"
            )
        if is_month and not is_pair:
            return _month(fail, year, number, suffix)
        if not is_month and not is_pair:
            raise fail(
                f"{number} is not a month (01 to 12) and the second year must follow the "
                f"first, e.g. '{year}/{(year + 1) % 100:02d}'"
            )

    if found := _LABEL_FIRST.match(body) or _LABEL_AFTER.match(body):
        return _from_year_text(
            fail,
            found["y1"],
            found["y2"],
            found["kind"],
            found["num"],
            start_month,
            explicit,
        )

    if found := _MONTH_TEXT.match(body):
        word = found["word"]
        if word.lower() not in _MONTH_WORDS:
            raise fail(f"'{word}' is not a month name")
        return _month(fail, int(found["y"]), _MONTH_WORDS[word.lower()], suffix)

    if _SHORT_YEAR.match(body):
        raise fail("write the year in full, e.g. 'Dec 2024' or '2024/25'")
    raise fail(_EXPECTED)


# -- working with periods --------------------------------------------------------------------------


def containing(day: date, frequency: Frequency, start_month: int = 4) -> Period:
    """The period of ``frequency`` (with years from ``start_month``) that contains ``day``.

    >>> from datetime import date
    >>> str(containing(date(2025, 1, 15), Frequency.QUARTERLY))
    '2024/25 Q4'
    >>> str(containing(date(2025, 1, 15), Frequency.ANNUAL, start_month=9))
    '2024/25 (from Sep)'
    >>> str(containing(date(2025, 1, 15), Frequency.MONTHLY))
    'Jan 2025'
    """
    if not isinstance(day, date):
        raise InputTypeError((f"day must be a date, not {type(day).__name__}",))
    if not isinstance(frequency, Frequency):
        raise InputTypeError((f"frequency must be a Frequency, not {type(frequency).__name__}",))
    _check_start_month(start_month)
    index = month_index(day)
    first = index - (index - (start_month - 1)) % MONTHS[frequency]
    return _KINDS[frequency]._build(
        first,
        start_month,
        lambda: f"there is no {frequency.value} period containing {day.isoformat()}",
    )


def nearest_period(day: date, frequency: Frequency, start_month: int = 4) -> Period:
    """The period of ``frequency`` (with years from ``start_month``) that contains ``day`` or,
    when that one cannot be written (``day`` falls before the first period of its kind or
    after the last), the nearest one that can: where a series whose first reading is of
    another kind of period starts, or the period to suggest in its place.

    >>> str(nearest_period(date(2025, 1, 15), Frequency.QUARTERLY))
    '2024/25 Q4'
    >>> str(nearest_period(date(1000, 1, 1), Frequency.QUARTERLY))  # not 999/00 Q4
    '1000/01 Q1'
    >>> str(nearest_period(date(9999, 12, 31), Frequency.ANNUAL))  # not 9999/00
    '9998/99'
    """
    try:
        return containing(day, frequency, start_month)
    except PeriodError:  # before the first period of its kind, or after the last
        opening = first_period(frequency, start_month)
        if day < opening.start:
            return opening
        return ended_by_month(month_index(day), frequency, start_month)


def first_period(frequency: Frequency, start_month: int = 4) -> Period:
    """The first period of ``frequency`` (with years from ``start_month``) that can be
    written: periods begin in the year 1000.

    >>> str(first_period(Frequency.QUARTERLY)), str(first_period(Frequency.MONTHLY))
    ('1000/01 Q1', 'Jan 1000')
    >>> str(first_period(Frequency.ANNUAL, start_month=9))
    '1000/01 (from Sep)'
    """
    if not isinstance(frequency, Frequency):
        raise InputTypeError((f"frequency must be a Frequency, not {type(frequency).__name__}",))
    _check_start_month(start_month)
    kind = _KINDS[frequency]
    # A month fits any year, so January 1000 opens the months; the others open with the year.
    offset = 0 if kind._months == 1 else start_month - 1
    return kind._from_index(_MIN_YEAR * 12 + offset, start_month)


def ended_by_month(month: int, frequency: Frequency, start_month: int = 4) -> Period:
    """The latest period of ``frequency`` that has ended by the end of ``month`` (a month as
    :func:`month_index` counts it): period arithmetic on integers, for loops that run often.

    >>> dec = month_index(date(2024, 12, 1))
    >>> str(ended_by_month(dec, Frequency.QUARTERLY)), str(ended_by_month(dec, Frequency.ANNUAL))
    ('2024/25 Q3', '2023/24')

    After the last year a period can be written for, the last one that can be is the latest:

    >>> str(ended_by_month(month_index(date(9999, 12, 1)), Frequency.QUARTERLY))
    '9998/99 Q4'
    """
    if not isinstance(frequency, Frequency):
        raise InputTypeError((f"frequency must be a Frequency, not {type(frequency).__name__}",))
    _check_start_month(start_month)
    kind = _KINDS[frequency]
    length = kind._months
    first = month - (month - (start_month - 1)) % length
    if first + length - 1 > month:
        first -= length
    # After the last year a period can be written for, the last one that can be has ended.
    if length == 1:
        first = min(first, _MAX_MONTH_YEAR * 12 + 11)
    else:
        first = min(first, _MAX_YEAR * 12 + start_month - 1 + 12 - length)
    return kind._build(
        first, start_month, lambda: f"there is no {frequency.value} period ended by month {month}"
    )


def latest_ended(day: date, frequency: Frequency, start_month: int = 4) -> Period:
    """The latest period of ``frequency`` that has ended on or before ``day``.

    >>> str(latest_ended(date(2024, 12, 31), Frequency.QUARTERLY))
    '2024/25 Q3'
    >>> str(latest_ended(date(2024, 12, 30), Frequency.QUARTERLY))
    '2024/25 Q2'

    Before the first period that can be written has ended, none has: a :class:`PeriodError`.

    >>> latest_ended(date(1001, 1, 30), Frequency.ANNUAL, start_month=2)
    Traceback (most recent call last):
    ...
    councilpmf.core.periods.PeriodError: no annual period had ended by 30 Jan 1001: the first that can be written, 1000/01 (from Feb), ends on 31 Jan 1001
    """  # noqa: E501
    if not isinstance(day, date):
        raise InputTypeError((f"day must be a date, not {type(day).__name__}",))
    opening = first_period(frequency, start_month)
    if opening.end > day:
        raise PeriodError(
            f"no {frequency.value} period had ended by {format_date(day)}: the first that can "
            f"be written, {opening}, ends on {format_date(opening.end)}"
        )
    month = month_index(day)
    if day.day != calendar.monthrange(day.year, day.month)[1]:
        month -= 1  # the month of ``day`` has not ended yet
    return ended_by_month(month, frequency, start_month)


def earlier_period(period: _P, *, last_year: bool = False) -> _P | None:
    """The period travel compares ``period`` with: the one just before it or, with
    ``last_year``, the same period a year before; None when that would fall before the first
    year a period can be written for (1000). Travel, the run of missed periods, the trend
    charts and the benchmarking engine all ask this, and ask it here.

    >>> q1 = parse_period("2024/25 Q1")
    >>> str(earlier_period(q1)), str(earlier_period(q1, last_year=True))
    ('2023/24 Q4', '2023/24 Q1')
    >>> earlier_period(parse_period("Jan 1000")) is None
    True
    >>> str(earlier_period(parse_period("Dec 1000"))), earlier_period(
    ...     parse_period("Dec 1000"), last_year=True)
    ('Nov 1000', None)
    """
    try:
        return period.same_period_last_year() if last_year else period.previous()
    except PeriodError:  # before the first year a period can be written for
        return None


def fits(period: Period, frequency: Frequency, start_month: int = 4) -> bool:
    """Whether ``period`` is one of ``frequency``'s periods in years that start in
    ``start_month``: a period an indicator of that frequency reports for (any month is one of
    the monthly periods, whatever month the years start in).

    >>> q3 = parse_period("2024/25 Q3")
    >>> fits(q3, Frequency.QUARTERLY), fits(q3, Frequency.QUARTERLY, start_month=1)
    (True, False)
    >>> fits(parse_period("Dec 2024"), Frequency.MONTHLY, start_month=9)
    True
    >>> fits(parse_period("Dec 2024"), Frequency.QUARTERLY)
    False
    """
    return period.frequency is frequency and (
        period._months == 1 or period._year_start() == start_month
    )


def month_name(number: int) -> str:
    """A month's name in English, whatever the locale: 1 is ``January``.

    >>> month_name(4), month_name(12)
    ('April', 'December')
    """
    if not isinstance(number, int) or not 1 <= number <= 12:
        raise PeriodError(f"a month is a number from 1 to 12, not {number!r}")
    return _MONTH_NAMES[number - 1]


def year_of(period: Period, start_month: int = 4) -> FinancialYear:
    """The year (starting in ``start_month``) that contains the end of ``period``.

    >>> str(year_of(parse_period("Mar 2025")))
    '2024/25'
    >>> str(year_of(parse_period("2024/25 Q3"), start_month=1))
    '2024'
    """
    if not isinstance(period, Period):
        raise InputTypeError((f"period must be a Period, not {type(period).__name__}",))
    _check_start_month(start_month)
    index = period._last_index()
    return FinancialYear._build(
        index - (index - (start_month - 1)) % 12,
        start_month,
        lambda: f"there is no year containing the end of '{period}'",
    )


@overload
def periods_between(first: _P, last: _P, *, start_month: int = 4) -> tuple[_P, ...]: ...


@overload
def periods_between(
    first: Period | str, last: Period | str, *, start_month: int = 4
) -> tuple[Period, ...]: ...


def periods_between(
    first: Period | str, last: Period | str, *, start_month: int = 4
) -> tuple[Period, ...]:
    """Every period from ``first`` to ``last`` inclusive (same kind); empty if ``last < first``.
    Either may be text as councils write it, read with years starting in ``start_month``.

    >>> [str(q) for q in periods_between(parse_period("2024/25 Q3"), parse_period("2025/26 Q1"))]
    ['2024/25 Q3', '2024/25 Q4', '2025/26 Q1']
    >>> [str(y) for y in periods_between("2022/23", "2024-25")]
    ['2022/23', '2023/24', '2024/25']
    >>> periods_between(parse_period("2025/26"), parse_period("2024/25"))
    ()
    """
    if isinstance(first, str):
        first = parse_period(first, start_month)
    if isinstance(last, str):
        last = parse_period(last, start_month)
    if type(first) is not type(last) or first._year_start() != last._year_start():
        raise PeriodError(
            f"periods_between needs two periods of the same kind and year start, "
            f"not '{first}' ({type(first).__name__}) and '{last}' ({type(last).__name__})"
        )
    count = (last._first_index() - first._first_index()) // first._length() + 1
    return tuple(first._shifted(step) for step in range(max(count, 0)))
