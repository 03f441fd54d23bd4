"""Indicators (KPIs), their targets, and the readings recorded against them.

An :class:`Indicator` carries the metadata councils keep for a measure (Pentana, Camms and LG
Inform use the same fields): what it counts, which direction is better, how often it is
reported, how values build up over the year, who owns it and where the data comes from.

>>> from councilpmf.core.periods import parse_period
>>> kpi = Indicator(
...     id="HS01", title="Homelessness cases prevented", unit=Unit.PERCENTAGE,
...     polarity=Polarity.HIGHER_IS_BETTER, frequency=Frequency.QUARTERLY,
...     targets=(Target(period=parse_period("2024/25"), value=60.0),),
... )
>>> kpi.target_for(parse_period("2024/25 Q3")).value
60.0
>>> kpi.format_value(61.234)
'61.2%'
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from typing import Any

import attrs
from attrs import validators as v

from councilpmf.core import _coerce
from councilpmf.core._coerce import (
    as_date,
    member,
    member_of,
    to_frequency,
    to_number,
    to_optional_number,
    to_optional_period,
    to_period,
    to_value_or_missing,
    to_whole,
)
from councilpmf.core._summary import counted, named, summary
from councilpmf.core._validate import (
    identifier,
    is_number,
    number,
    of_type,
    optional,
    required,
    text,
    trusted,
    whole_in,
)
from councilpmf.core.errors import InputError
from councilpmf.core.formula import (
    Binary,
    Formula,
    FormulaError,
    Node,
    Number,
    Reference,
    parse_formula,
)
from councilpmf.core.numbers import rounded
from councilpmf.core.periods import (
    Frequency,
    Period,
    earlier_period,
    first_period,
    latest_ended,
)
from councilpmf.core.rule import Rule, check_rule

__all__ = [
    "LARGEST_VALUE",
    "MOST_DECIMALS",
    "PERCENT_UNITS",
    "Aggregation",
    "Approval",
    "Baseline",
    "ComparatorGroup",
    "ExternalId",
    "Frequency",
    "Indicator",
    "Polarity",
    "Reading",
    "ReadingRevision",
    "ReadingStatus",
    "Target",
    "Unit",
    "is_number",
    "too_large",
    "value_problem",
]


class Unit(enum.Enum):
    """What an indicator's values are measured in.

    ``PERCENTAGE_CHANGE`` is a change written as a percentage ("% change", "% reduction"): it
    may be negative (a 16% reduction is -16%) or above 100, where a ``PERCENTAGE`` may not.
    """

    PERCENTAGE = "percentage"
    PERCENTAGE_CHANGE = "percentage change"
    MONEY = "money"
    NUMBER = "number"
    COUNT = "count"
    RATE = "rate"
    RATIO = "ratio"
    DAYS = "days"
    YES_NO = "yes/no"


class Polarity(enum.Enum):
    """Which direction is better; ``NONE`` marks a data-only (contextual) indicator."""

    HIGHER_IS_BETTER = "higher is better"
    LOWER_IS_BETTER = "lower is better"
    TARGET_BAND = "target band"
    NONE = "none"


class Aggregation(enum.Enum):
    """How the values of one year relate to each other, and so how the values of shorter
    periods add up to a longer one (a calculated indicator reported quarterly from monthly
    inputs reads each input over the quarter this way).

    ``SNAPSHOT``: each value stands as it is measured; over a longer period, the latest.
    ``CUMULATIVE``: a running total from the start of the year, its targets profiled by the
    share of the year elapsed; over a longer period, the latest. ``AVERAGE``: over a longer
    period, the mean. ``SUM``: each value counts its own period alone (cases received in the
    month); over a longer period, the sum, and a longer period's target is shared out evenly.
    ``RATIO_OF_SUMS``: a calculated rate (``numerator`` and ``denominator``) over a longer
    period is its inputs' sums divided, never the mean of its rates. ``YEAR_TO_DATE``: a rate
    from the start of the year to the end of each period (a calculated one divides its inputs'
    sums since the year began), compared with the year's target as it is and with the previous
    period for travel.
    """

    SNAPSHOT = "snapshot"
    CUMULATIVE = "cumulative"
    AVERAGE = "average"
    SUM = "sum"
    RATIO_OF_SUMS = "ratio of sums"
    YEAR_TO_DATE = "year to date"


# Looking a member up on its Enum class is slow in Python 3.11 (the metaclass defines
# __getattr__): code run for every rating names the members it needs here instead.
_NO_POLARITY, _CUMULATIVE, _SUM = Polarity.NONE, Aggregation.CUMULATIVE, Aggregation.SUM
_PERCENTAGE, _COUNT, _YES_NO = Unit.PERCENTAGE, Unit.COUNT, Unit.YES_NO
PERCENT_UNITS = frozenset((Unit.PERCENTAGE, Unit.PERCENTAGE_CHANGE))
"""The units written with a % sign, whose absolute tolerances are percentage points."""
_NOT_NEGATIVE = (Unit.COUNT, Unit.DAYS, Unit.RATE)
_PERCENTAGE_CHANGE, _MONEY, _DAYS = Unit.PERCENTAGE_CHANGE, Unit.MONEY, Unit.DAYS
MOST_DECIMALS = 6
"""The most decimals an indicator writes its values with."""
# The format of a value of each number of decimals an indicator may have: thousands separated
# by commas, as councils write them.
_SPECS = tuple(f",.{decimals}f" for decimals in range(MOST_DECIMALS + 1))


class ReadingStatus(enum.Enum):
    """Whether a value may still change."""

    PROVISIONAL = "provisional"
    FINAL = "final"


class Approval(enum.Enum):
    """Where a reading is in its approval: a ``DRAFT`` is being prepared by whoever supplies
    it, a ``SUBMITTED`` figure waits for approval, an ``APPROVED`` one may be published.

    A reading recorded without saying is approved, as every reading was before approval
    existed (see :mod:`councilpmf.core.approval` for the moves between them).
    """

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"


_period = _coerce.period


def to_unit(value: Unit | str) -> Unit:
    """A :class:`Unit`, or its spelling (``"percentage"``, any case)."""
    return member(Unit, value)


def to_polarity(value: Polarity | str) -> Polarity:
    """A :class:`Polarity`, or its spelling (``"higher is better"``, any case)."""
    return member(Polarity, value)


def to_aggregation(value: Aggregation | str) -> Aggregation:
    """An :class:`Aggregation`, or its spelling (``"cumulative"``, any case)."""
    return member(Aggregation, value)


def to_reading_status(value: ReadingStatus | str) -> ReadingStatus:
    """A :class:`ReadingStatus`, or its spelling (``"provisional"``, any case)."""
    return member(ReadingStatus, value)


def to_approval(value: Approval | str) -> Approval:
    """An :class:`Approval`, or its spelling (``"submitted"``, any case)."""
    return member(Approval, value)


@attrs.frozen(kw_only=True)
class Target:
    """The target for one period.

    ``value`` is the target itself; a ``TARGET_BAND`` indicator gives ``low`` and ``high`` (both
    inclusive) instead, or as well.
    """

    period: Period = attrs.field(converter=to_period, validator=_period)
    value: float | None = attrs.field(
        default=None, converter=to_optional_number, validator=optional(number)
    )
    low: float | None = attrs.field(
        default=None, converter=to_optional_number, validator=optional(number)
    )
    high: float | None = attrs.field(
        default=None, converter=to_optional_number, validator=optional(number)
    )

    def __attrs_post_init__(self) -> None:
        if self.value is None and (self.low is None or self.high is None):
            raise InputError(("value: a target needs a value, or both low and high",))
        if self.low is not None and self.high is not None and self.low > self.high:
            raise InputError((f"low: target band low {self.low} is above high {self.high}",))

    def scaled(self, factor: float | None, period: Period) -> Target:
        """The same target scaled by ``factor`` (profiling), or as it is when ``factor`` is
        None, for another period.

        Made from this validated target, so it is not validated again: scaling by a share of
        the year cannot make a finite target infinite or reverse its band.

        >>> from councilpmf.core.periods import parse_period
        >>> year = Target(period=parse_period("2024/25"), value=1200.0, low=1000.0, high=1400.0)
        >>> year.scaled(0.5, parse_period("2024/25 H1"))
        Target(period=HalfYear(year=2024, number=1, start_month=4), value=600.0, low=500.0, high=700.0)
        """  # noqa: E501

        def times(value: float | None) -> float | None:
            return value if value is None or factor is None else value * factor

        return trusted(
            Target,
            period=period,
            value=times(self.value),
            low=times(self.low),
            high=times(self.high),
        )


@attrs.frozen(kw_only=True)
class Baseline:
    """Where an indicator started."""

    period: Period = attrs.field(converter=to_period, validator=_period)
    value: float = attrs.field(converter=to_number, validator=number)


@attrs.frozen(kw_only=True)
class ExternalId:
    """An identifier in another scheme, such as an LG Inform metric id."""

    scheme: str = attrs.field(validator=required)
    id: str = attrs.field(validator=required)


_NO_TARGET = object()
# How many written values an indicator keeps before it starts again.
_SHOWN_LIMIT = 1024


class _Layout:
    """Where each period's target comes from, for one tuple of target periods: the position of
    the target that applies and, when it is a longer period containing this one, the share of
    it elapsed by this one's end. That depends on the periods alone, so every indicator whose
    targets cover the same periods (a council setting a target for each year) shares one
    layout, and each period is placed once for all of them.
    """

    __slots__ = ("_exact", "_places", "_spans")

    def __init__(self, periods: tuple[Period, ...]) -> None:
        self._exact: dict[Period, int] = {}
        for position, period in enumerate(periods):
            self._exact.setdefault(period, position)  # the first of two for one period
        self._spans = tuple((*period.month_span(), i) for i, period in enumerate(periods))
        self._places: dict[Period, tuple[int, float | None] | None] = {}

    def place(self, period: Period) -> tuple[int, float | None] | None:
        """The position of the target for ``period`` and the share of its span elapsed (None
        for an exact target); None when no target applies."""
        found = self._places.get(period, _NO_TARGET)
        if found is _NO_TARGET:
            found = self._places[period] = self._work_out(period)
        return found  # type: ignore[return-value]

    def _work_out(self, period: Period) -> tuple[int, float | None] | None:
        exact = self._exact.get(period)
        if exact is not None:
            return (exact, None)
        first, months = period.month_span()
        containing: int | None = None
        outer_first = outer_months = 0
        for t_first, t_months, position in self._spans:
            # The innermost containing target wins; of equal spans, the later one.
            if (
                t_first <= first
                and first + months <= t_first + t_months
                and (
                    containing is None
                    or (outer_first <= t_first and t_first + t_months <= outer_first + outer_months)
                )
            ):
                containing, outer_first, outer_months = position, t_first, t_months
        if containing is None:
            return None
        return (containing, (first + months - outer_first) / outer_months)


@functools.lru_cache(maxsize=256)
def _layout(periods: tuple[Period, ...]) -> _Layout:
    return _Layout(periods)


class _TargetIndex:
    """An indicator's targets indexed by period: each period's target is worked out once.

    The answer for a period depends on the indicator alone, so it is kept for the next time the
    same period is asked about (an indicator is frozen, so it cannot go stale).
    """

    __slots__ = ("_found", "_layout", "_targets")

    def __init__(self, targets: tuple[Target, ...]) -> None:
        self._targets = targets
        self._layout = _layout(tuple(target.period for target in targets))
        self._found: dict[Period, Target | None] = {}

    def target_for(self, indicator: Indicator, period: Period) -> Target | None:
        found = self._found.get(period, _NO_TARGET)
        if found is _NO_TARGET:
            found = self._found[period] = self._work_out(indicator, period)
        assert found is None or isinstance(found, Target)
        return found

    def _work_out(self, indicator: Indicator, period: Period) -> Target | None:
        place = self._layout.place(period)
        if place is None:
            return None
        position, share = place
        target = self._targets[position]
        if share is None:
            return target
        if indicator.aggregation is _CUMULATIVE:
            return target.scaled(share, period)
        if indicator.aggregation is _SUM:
            return target.scaled(period.month_span()[1] / target.period.month_span()[1], period)
        return target.scaled(None, period)


def _formula_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    text(instance, attribute, value)
    assert isinstance(value, str)
    try:
        references = parse_formula(value).references
    except FormulaError as error:
        message = f"{attribute.name} must be a formula over indicator ids: {error}"
        raise InputError((message,)) from None
    if not references:  # it could never have a value: no input has a reading
        message = (
            f"{attribute.name} must be a formula over indicator ids: it reads none; an id that "
            "is a number is written in square brackets ([101])"
        )
        raise InputError((message,))


@attrs.frozen(kw_only=True)
class Indicator:
    """A performance indicator (KPI) and everything needed to rate it.

    ``rule`` overrides the framework's default rating rule. ``series_break`` names the first
    period of a changed definition: travel is never compared across it. ``reporting_lag_days``
    is how long after a period ends its value is due before it counts as late; ``due_days``,
    when given, says the same for a data return and takes its place. ``supplier`` names who
    supplies the figure (a person, team or organisation); the indicator's ``owner`` answers for
    it when no supplier is named.
    """

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=required)
    definition: str = attrs.field(default="", validator=text)
    unit: Unit = attrs.field(default=Unit.NUMBER, converter=to_unit, validator=member_of(Unit))
    polarity: Polarity = attrs.field(
        default=Polarity.HIGHER_IS_BETTER, converter=to_polarity, validator=member_of(Polarity)
    )
    frequency: Frequency = attrs.field(
        default=Frequency.QUARTERLY, converter=to_frequency, validator=member_of(Frequency)
    )
    aggregation: Aggregation = attrs.field(
        default=Aggregation.SNAPSHOT, converter=to_aggregation, validator=member_of(Aggregation)
    )
    decimals: int = attrs.field(default=1, converter=to_whole, validator=whole_in(0, MOST_DECIMALS))
    owner: str = attrs.field(default="", validator=text)
    source: str = attrs.field(default="", validator=text)
    baseline: Baseline | None = attrs.field(default=None, validator=v.optional(of_type(Baseline)))
    targets: tuple[Target, ...] = attrs.field(
        default=(), validator=v.deep_iterable(of_type(Target), of_type(tuple))
    )
    rule: Rule | None = attrs.field(default=None, validator=check_rule)
    external_ids: tuple[ExternalId, ...] = attrs.field(
        default=(), validator=v.deep_iterable(of_type(ExternalId), of_type(tuple))
    )
    series_break: Period | None = attrs.field(
        default=None, converter=to_optional_period, validator=_coerce.optional_period
    )
    reporting_lag_days: int = attrs.field(default=28, converter=to_whole, validator=whole_in(0))
    numerator: str | None = attrs.field(default=None, validator=optional(identifier))
    denominator: str | None = attrs.field(default=None, validator=optional(identifier))
    formula: str | None = attrs.field(default=None, validator=optional(_formula_text))

    def __attrs_post_init__(self) -> None:
        if (self.numerator is None) != (self.denominator is None):
            given, absent = (
                ("numerator", "denominator")
                if self.denominator is None
                else ("denominator", "numerator")
            )
            raise InputError(
                (f"{absent} must be given with {given}: the value is numerator / denominator",)
            )
        if self.numerator is not None and self.formula is not None:
            raise InputError(
                ("formula must not be given with numerator and denominator; give one or the other",)
            )

    @property
    def calculated(self) -> bool:
        """True for an indicator worked out from others (``numerator`` and ``denominator``, or
        ``formula``): it takes no readings of its own.

        >>> Indicator(id="C", title="C", formula="A + B").calculated
        True
        """
        return self.numerator is not None or self.formula is not None

    @functools.cached_property
    def calculation(self) -> Formula | None:
        """How a calculated indicator's value is worked out, or None for one that is not.

        ``numerator`` and ``denominator`` give ``100 * numerator / denominator`` for a
        percentage and ``numerator / denominator`` for any other unit.

        >>> str(Indicator(id="C", title="C", unit=Unit.PERCENTAGE,
        ...     numerator="NI 1", denominator="NI 2").calculation)
        '100 * [NI 1] / [NI 2]'
        """
        if self.formula is not None:
            return parse_formula(self.formula)
        if self.numerator is None or self.denominator is None:
            return None
        ratio: Node = Reference(self.numerator)
        if self.unit is _PERCENTAGE:
            ratio = Binary("*", Number(100.0), ratio)
        ratio = Binary("/", ratio, Reference(self.denominator))
        return Formula(ratio, tuple(dict.fromkeys((self.numerator, self.denominator))))

    @property
    def inputs(self) -> tuple[str, ...]:
        """The ids of the indicators a calculated indicator is worked out from, in order.

        >>> Indicator(id="C", title="C", formula="A / (B + A)").inputs
        ('A', 'B')
        """
        calculation = self.calculation
        return () if calculation is None else calculation.references

    due_days: int | None = attrs.field(
        default=None, converter=to_whole, validator=optional(whole_in(0))
    )
    supplier: str = attrs.field(default="", validator=text)

    @property
    def supplied_by(self) -> str:
        """Who supplies the figure: the ``supplier``, else the ``owner``, else ``""``.

        >>> Indicator(id="K", title="K", owner="Head of Finance").supplied_by
        'Head of Finance'
        >>> Indicator(id="K", title="K", owner="Head of Finance", supplier="Revenues team").supplied_by
        'Revenues team'
        """  # noqa: E501
        return self.supplier.strip() or self.owner.strip()

    def __repr__(self) -> str:
        """One line: id, title, unit, polarity, frequency and how many targets.

        >>> Indicator(id="HB1", title="Days to process claims", unit="days",
        ...     polarity="lower is better")
        <Indicator 'HB1' 'Days to process claims': days, lower is better, quarterly, 0 targets>
        """
        return summary(
            "Indicator",
            f"{named(self.id)} {named(self.title)}",
            self.unit.value,
            self.polarity.value if self.rated else "data only",
            self.frequency.value,
            counted(len(self.targets), "target"),
        )

    @property
    def rated(self) -> bool:
        """False for a data-only indicator, which shows travel but never a RAG status."""
        return self.polarity is not _NO_POLARITY

    def target_for(self, period: Period) -> Target | None:
        """The target that applies to ``period``.

        An exact target wins. Otherwise the target of a longer period containing it applies: as
        it is for snapshots and averages, and profiled by the share of the year elapsed for a
        cumulative (year-to-date) indicator.

        >>> from councilpmf.core.periods import parse_period
        >>> ytd = Indicator(id="R1", title="Rent collected", unit=Unit.MONEY,
        ...     aggregation=Aggregation.CUMULATIVE,
        ...     targets=(Target(period=parse_period("2024/25"), value=1200.0),))
        >>> ytd.target_for(parse_period("2024/25 Q2")).value
        600.0
        >>> ytd.target_for(parse_period("2025/26 Q2")) is None
        True
        """
        return self._targets.target_for(self, period)

    @functools.cached_property
    def _targets(self) -> _TargetIndex:
        return _TargetIndex(self.targets)

    def with_target(
        self,
        period: Period,
        value: float | None = None,
        *,
        low: float | None = None,
        high: float | None = None,
    ) -> Indicator:
        """This indicator with its target for ``period`` set (replaced if it had one).

        >>> from councilpmf.core.periods import parse_period
        >>> this, following = parse_period("2024/25"), parse_period("2025/26")
        >>> k = Indicator(id="K1", title="Households in temporary accommodation")
        >>> k = k.with_target(this, 120).with_target(following, 110)
        >>> [(str(t.period), t.value) for t in k.with_target(this, 115).targets]
        [('2024/25', 115), ('2025/26', 110)]
        """
        target = Target(period=period, value=value, low=low, high=high)
        if any(t.period == period for t in self.targets):
            targets = tuple(target if t.period == period else t for t in self.targets)
        else:
            targets = (*self.targets, target)
        return attrs.evolve(self, targets=targets)

    @property
    def days_to_report(self) -> int:
        """How many days after a period ends its figure is due: ``due_days`` when given, else
        ``reporting_lag_days``."""
        return self.reporting_lag_days if self.due_days is None else self.due_days

    def due_by(self, period: Period) -> dt.date:
        """The last day a reading for ``period`` is on time: :attr:`days_to_report` after it
        ends, or 31 Dec 9999, the last day a date can be, when that falls later (a period of
        the last years): no ``as_of`` is past it.

        >>> from councilpmf.core.periods import parse_period
        >>> Indicator(id="K", title="K").due_by(parse_period("2024/25 Q3"))
        datetime.date(2025, 1, 28)
        >>> Indicator(id="K", title="K", due_days=10).due_by(parse_period("2024/25"))
        datetime.date(2025, 4, 10)
        >>> Indicator(id="K", title="K").due_by(parse_period("Dec 9999"))
        datetime.date(9999, 12, 31)
        """
        end = period.end
        if (dt.date.max - end).days < self.days_to_report:
            return dt.date.max
        return end + dt.timedelta(days=self.days_to_report)

    def past_due(self, period: Period, as_of: dt.date | str) -> bool:
        """Whether the day a reading for ``period`` was due by (:meth:`due_by`) has passed on
        ``as_of`` (a date or ISO text), so that a period without one is late.

        >>> from councilpmf.core.periods import parse_period
        >>> k, q3 = Indicator(id="K", title="K"), parse_period("2024/25 Q3")
        >>> k.past_due(q3, dt.date(2025, 1, 28)), k.past_due(q3, "2025-01-29")
        (False, True)
        >>> k.past_due(q3, "29/01/2025")
        Traceback (most recent call last):
        ...
        councilpmf.core.errors.InputError: as_of: expected a date such as '2025-01-20', not '29/01/2025'
        """  # noqa: E501
        return as_date(as_of, "as_of") > self.due_by(period)

    def latest_due(self, as_of: dt.date | str, start_month: int = 4) -> Period | None:
        """The latest period of the indicator's frequency (years from ``start_month``) that is
        :meth:`past_due` on ``as_of`` (a date or ISO text); None when none is yet, in the first
        year periods can be written for (1000).

        >>> from councilpmf.core.periods import parse_period
        >>> str(Indicator(id="K", title="K").latest_due(dt.date(2025, 1, 29)))
        '2024/25 Q3'
        >>> str(Indicator(id="K", title="K").latest_due("2025-01-28"))
        '2024/25 Q2'
        >>> Indicator(id="K", title="K").latest_due("1000-07-28") is None
        True
        >>> Indicator(id="K", title="K").latest_due("2025-02-30")
        Traceback (most recent call last):
        ...
        councilpmf.core.errors.InputError: as_of: expected a date such as '2025-01-20', not '2025-02-30'
        """  # noqa: E501
        as_of = as_date(as_of, "as_of")
        if as_of <= self.due_by(first_period(self.frequency, start_month)):
            return None
        period: Period | None = latest_ended(as_of, self.frequency, start_month)
        while period is not None and not self.past_due(period, as_of):
            period = earlier_period(period)
        return period

    def format_value(self, value: float | None) -> str:
        """Write a value with the indicator's unit and decimals.

        >>> i = Indicator(id="M1", title="Spend", unit=Unit.MONEY, decimals=0)
        >>> i.format_value(1234567.4)
        '£1,234,567'
        >>> attrs.evolve(i, unit=Unit.YES_NO).format_value(1)
        'Yes'
        """
        if value is None:
            return "no data"
        shown = self._shown
        text = shown.get(value)
        if text is None:
            if len(shown) >= _SHOWN_LIMIT:
                shown.clear()
            text = shown[value] = self._written(value)
        return text

    @functools.cached_property
    def _shown(self) -> dict[float, str]:
        """Values already written, kept because the same value is written several times in
        one scorecard line (the value, its rating and both directions of travel)."""
        return {}

    def _written(self, value: float) -> str:
        unit = self.unit  # compared by identity with members named once (see _PERCENTAGE)
        if unit is _YES_NO:
            return "Yes" if value else "No"
        # Round first, a half away from zero as spreadsheets do (71.25 shows as 71.3%); a
        # value that rounds to nothing shows as 0.0% or £0, never -0.0% or -£0.
        decimals = self.decimals
        shown, spec = rounded(value, decimals), _SPECS[decimals]
        if unit is _PERCENTAGE or unit is _PERCENTAGE_CHANGE:
            return format(shown, spec) + "%"
        if unit is _MONEY:
            return ("-£" if shown < 0 else "£") + format(abs(shown), spec)
        text = format(shown, spec)
        if unit is _DAYS:
            return f"{text} day" if text == "1" else f"{text} days"
        return text

    def format_target(self, target: Target | None) -> str:
        """Write a target (or target band) with the unit and decimals."""
        if target is None:
            return "no target"
        if target.low is not None and target.high is not None:
            return f"{self.format_value(target.low)} to {self.format_value(target.high)}"
        return self.format_value(target.value)

    def impossible(self, value: float) -> str | None:
        """Say why ``value`` cannot be right for the unit, or None if it can be.

        A percentage change may be any value: a reduction is negative.

        >>> Indicator(id="P", title="P", unit=Unit.PERCENTAGE).impossible(104.0)
        'a percentage over 100'
        >>> Indicator(id="P", title="P", unit=Unit.PERCENTAGE_CHANGE).impossible(-16.0) is None
        True
        """
        unit = self.unit
        if unit is _PERCENTAGE and not 0 <= value <= 100:
            return "a percentage over 100" if value > 100 else "a negative percentage"
        if unit in _NOT_NEGATIVE and value < 0:
            return f"a negative {unit.value}"
        if unit is _YES_NO and value not in (0, 1):
            return "a yes/no value other than 0 or 1"
        if unit is _COUNT and value != int(value):
            return "a count that is not a whole number"
        return None


LARGEST_VALUE = 1e15
"""The largest value a reading may have, either way. It is far beyond any measure a council
keeps (a national total in pounds is about 1e12), and small enough that a value is held, shown
and read back exactly: a double holds every whole number up to 2 ** 53 (about 9e15) and every
decimal of 15 significant digits, so any value up to it written in a file, with 15 digits as a
spreadsheet shows them, reads back as the same double, a whole one is written without an
exponent, and sums of many values stay finite. A reading made in code, a readings file, a
frame given to the columnar engine and a benchmarking values file all refuse a value beyond
it, in the words of :func:`too_large`."""


def too_large(shown: str) -> str:
    """The words for a value beyond :data:`LARGEST_VALUE`, ``shown`` as its source wrote it.

    >>> too_large("'1e16'")
    "'1e16' is larger than 1e+15, the most allowed"
    """
    return f"{shown} is larger than {LARGEST_VALUE:g}, the most allowed"


def value_problem(value: float | None, missing_reason: str | None) -> str | None:
    """What is wrong with a reading's value beside its missing reason, in the words a
    :class:`Reading` refuses it with; None if nothing is. A reading has a value or a missing
    reason that says something, never both and never neither, and a value no larger than
    :data:`LARGEST_VALUE` either way. The columnar engine asks it too.

    >>> value_problem(None, "survey paused"), value_problem(41.0, None)
    (None, None)
    >>> value_problem(None, " ")
    'a reading needs a value or a missing_reason'
    >>> value_problem(-2e16, None)
    '-2e+16 is larger than 1e+15, the most allowed'
    """
    if value is None and not (missing_reason or "").strip():
        return "a reading needs a value or a missing_reason"
    if value is not None and missing_reason is not None:
        return "a reading has a value or a missing_reason, not both"
    if value is not None and abs(value) > LARGEST_VALUE:
        return too_large(repr(value))
    return None


@attrs.frozen(kw_only=True)
class Reading:
    """One value of an indicator for one period, or the reason it is missing.

    ``published_status`` is the status the council published for it, in its own words
    ("Green", "On target"; empty when none was published), kept so that an audit can compare
    it with the status the council's rule gives
    (:func:`~councilpmf.core.audit.audit_published`).
    """

    indicator: str = attrs.field(validator=identifier)
    period: Period = attrs.field(converter=to_period, validator=_period)
    value: float | None = attrs.field(
        default=None, converter=to_value_or_missing, validator=optional(number)
    )
    missing_reason: str | None = attrs.field(default=None, validator=v.optional(text))
    status: ReadingStatus = attrs.field(
        default=ReadingStatus.FINAL,
        converter=to_reading_status,
        validator=member_of(ReadingStatus),
    )
    note: str = attrs.field(default="", validator=text)
    published_status: str = attrs.field(default="", validator=text)
    approval: Approval = attrs.field(
        default=Approval.APPROVED, converter=to_approval, validator=member_of(Approval)
    )

    def __attrs_post_init__(self) -> None:
        problem = value_problem(self.value, self.missing_reason)
        if problem is not None:
            raise InputError((f"value: {problem}",))

    @property
    def key(self) -> tuple[str, Period]:
        """The indicator and period this reading is for."""
        return (self.indicator, self.period)


@attrs.frozen(kw_only=True)
class ReadingRevision:
    """One change to a reading: who, when, old and new value, and why."""

    indicator: str = attrs.field(validator=identifier)
    period: Period = attrs.field(converter=to_period, validator=_period)
    revision: int = attrs.field(validator=whole_in(1))
    old: Reading | None = attrs.field(validator=v.optional(of_type(Reading)))
    new: Reading = attrs.field(validator=of_type(Reading))
    by: str = attrs.field(validator=required)
    at: str = attrs.field(validator=required)
    reason: str = attrs.field(default="", validator=text)


def _within_limit(_instance: object, attribute: attrs.Attribute[Any], values: object) -> None:
    """Each of ``values`` (numbers, checked already) no larger than :data:`LARGEST_VALUE` either
    way, as a reading's value is; the first beyond it is named by its place."""
    assert isinstance(values, tuple)
    for place, value in enumerate(values):
        problem = value_problem(value, None)
        if problem is not None:
            raise InputError((f"{attribute.name}[{place}]: {problem}",))


@attrs.frozen(kw_only=True)
class ComparatorGroup:
    """The values of a comparator group (say CIPFA nearest neighbours) for one period: numbers
    no larger than :data:`LARGEST_VALUE` either way, as a reading's are.

    >>> ComparatorGroup(indicator="K1", period="2024/25", group="CIPFA", values=(3.5, -2e16))
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: values[1]: -2e+16 is larger than 1e+15, the most allowed
    """

    indicator: str = attrs.field(validator=identifier)
    period: Period = attrs.field(converter=to_period, validator=_period)
    group: str = attrs.field(validator=required)
    values: tuple[float, ...] = attrs.field(
        validator=[v.deep_iterable(number, of_type(tuple)), _within_limit]
    )
