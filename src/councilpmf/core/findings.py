"""Findings: what a check found, with a severity, a code, a message and a path; and the findings
about readings that both a scorecard and the data-quality checks make, worded once here.

>>> f = Finding(severity=Severity.ERROR, code="unknown-priority",
...     message="serves unknown priority 'C9'", path="$.delivery_plans[0].actions[2].serves[0]")
>>> str(f)
"error unknown-priority $.delivery_plans[0].actions[2].serves[0]: serves unknown priority 'C9'"
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from councilpmf.core._coerce import member, member_of
from councilpmf.core._summary import counted, named, summary
from councilpmf.core._validate import text
from councilpmf.core.periods import format_date, month_name, nearest_period

if TYPE_CHECKING:
    from councilpmf.core.indicators import Indicator
    from councilpmf.core.periods import Period

__all__ = [
    "Finding",
    "Findings",
    "Severity",
    "duplicate_reading",
    "impossible_value",
    "late_data",
    "reading_path",
    "unknown_indicator",
    "unusable_reading",
    "wrong_frequency",
]


class Severity(enum.Enum):
    """How much a finding matters: errors stop a framework being used."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def symbol(self) -> str:
        """A symbol that says the severity without colour, shown beside its word."""
        return _SYMBOLS[self]


_SYMBOLS = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "ℹ"}


def to_severity(value: Severity | str) -> Severity:
    """A :class:`Severity`, or its spelling (``"warning"``, any case)."""
    return member(Severity, value)


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a check found. ``path`` locates it (``$.themes[2].priorities[0]``)."""

    severity: Severity = attrs.field(converter=to_severity, validator=member_of(Severity))
    code: str = attrs.field(validator=text)
    message: str = attrs.field(validator=text)
    path: str = attrs.field(default="$", validator=text)

    def __str__(self) -> str:
        return f"{self.severity.value} {self.code} {self.path}: {self.message}"

    def __repr__(self) -> str:
        return summary(
            "Finding",
            f"{self.severity.value} {named(self.code)} at {named(self.path)}",
            named(self.message),
        )


class Findings(tuple[Finding, ...]):
    """Findings in order: a tuple (equal to the plain tuple of the same findings) whose repr
    counts them by severity, and which a notebook shows as a table.

    >>> f = Finding(severity=Severity.WARNING, code="late-data", message="No reading of FT")
    >>> Findings([f, f]), Findings(()), Findings([f]) == (f,)
    (<Findings: 2 warnings>, <Findings: none>, True)
    """

    __slots__ = ()

    if TYPE_CHECKING:
        # Attached by councilpmf.notebook (outside the pure core) when first used; pandas and
        # polars are optional: councilpmf[pandas], councilpmf[frames].
        def to_pandas(self) -> Any:
            """The findings as a pandas DataFrame, one row per finding."""

        def to_polars(self) -> Any:
            """The findings as a polars DataFrame, one row per finding."""

    def __repr__(self) -> str:
        counts = [
            counted(n, severity.value, "info" if severity is Severity.INFO else None)
            for severity in Severity
            if (n := sum(f.severity is severity for f in self))
        ]
        return f"<Findings: {', '.join(counts) or 'none'}>"


def impossible_value(
    indicator: Indicator, period: Period, value: float, path: str
) -> Finding | None:
    """An error when ``value`` cannot be right for the indicator's unit, else None.

    >>> from councilpmf.core.indicators import Indicator, Unit
    >>> from councilpmf.core.periods import parse_period
    >>> k = Indicator(id="FT", title="Fly-tips cleared", unit=Unit.PERCENTAGE)
    >>> print(impossible_value(k, parse_period("2024/25 Q3"), 104.0, "$.indicators[0]"))
    error impossible-value $.indicators[0]: The reading of FT for 2024/25 Q3, 104.0%, is a percentage over 100; correct it.

    A calculated indicator's value was worked out, not read, so the fault is in its inputs:

    >>> pc = Indicator(id="PC", title="Done in time", unit=Unit.PERCENTAGE, numerator="N",
    ...     denominator="D")
    >>> print(impossible_value(pc, parse_period("2024/25 Q3"), 125.0, "$.indicators[2]").message)
    The value of PC worked out for 2024/25 Q3, 125.0%, is a percentage over 100; correct the readings of its inputs N, D.
    """  # noqa: E501
    problem = indicator.impossible(value)
    if problem is None:
        return None
    shown = indicator.format_value(value)
    return Finding(
        severity=Severity.ERROR,
        code="impossible-value",
        path=path,
        message=(
            f"The value of {indicator.id} worked out for {period}, {shown}, is {problem}; "
            f"correct the readings of its inputs {', '.join(indicator.inputs)}."
            if indicator.calculated
            else f"The reading of {indicator.id} for {period}, {shown}, is {problem}; correct it."
        ),
    )


def late_data(indicator: Indicator, period: Period, path: str) -> Finding:
    """A warning that ``period`` has no reading although it was due
    (:meth:`~councilpmf.core.indicators.Indicator.due_by`).

    >>> from councilpmf.core.indicators import Indicator
    >>> from councilpmf.core.periods import parse_period
    >>> k = Indicator(id="FT", title="Fly-tips cleared")
    >>> print(late_data(k, parse_period("2024/25 Q3"), "$.indicators[0]").message)
    No reading of FT 'Fly-tips cleared' for 2024/25 Q3; it was due by 28 Jan 2025. Record the value, or why it is missing.

    When the indicator names its supplier, so does the warning:

    >>> k = Indicator(id="FT", title="Fly-tips cleared", supplier="Street Scene team")
    >>> print(late_data(k, parse_period("2024/25 Q3"), "$.indicators[0]").message)
    No reading of FT 'Fly-tips cleared' for 2024/25 Q3; it was due by 28 Jan 2025 from Street Scene team. Record the value, or why it is missing.
    """  # noqa: E501
    supplier = indicator.supplier.strip()
    source = f" from {supplier}" if supplier else ""
    return Finding(
        severity=Severity.WARNING,
        code="late-data",
        path=path,
        message=f"No reading of {indicator.id} '{indicator.title}' for {period}; it was due by "
        f"{format_date(indicator.due_by(period))}{source}. Record the value, or why it is "
        "missing.",
    )


def duplicate_reading(indicator_id: str, period: Period, path: str, count: int) -> Finding:
    """An error that ``count`` readings share one indicator and period.

    >>> from councilpmf.core.periods import parse_period
    >>> print(duplicate_reading("FT", parse_period("2024/25 Q2"), "$.indicators[0]", 3).message)
    There are 3 readings of FT for 2024/25 Q2; keep only the right one.
    """
    return Finding(
        severity=Severity.ERROR,
        code="duplicate-reading",
        path=path,
        message=f"There are {count} readings of {indicator_id} for {period}; keep only the "
        "right one.",
    )


def reading_path(indicator: str, period: object) -> str:
    """Where one reading is, for a finding about it; a council folder turns this path into the
    row (or rows) the reading was read from.

    >>> reading_path("FT", "2024/25 Q2")
    '$.readings[indicator=FT, period=2024/25 Q2]'
    """
    return f"$.readings[indicator={indicator}, period={period}]"


def unknown_indicator(indicator_id: str, periods: Sequence[Period]) -> Finding:
    """An error that readings (for ``periods``) name an indicator the framework does not have.

    >>> from councilpmf.core.periods import parse_period
    >>> print(unknown_indicator("XX", [parse_period("2024/25 Q3")]).message)
    1 reading (2024/25 Q3) is for indicator 'XX', which is not one of the indicators; correct the indicator id or add the indicator.
    """  # noqa: E501
    first, last = min(periods), max(periods)
    span = str(first) if first == last else f"{first} to {last}"
    count = (
        f"1 reading ({span}) is" if len(periods) == 1 else f"{len(periods)} readings ({span}) are"
    )
    return Finding(
        severity=Severity.ERROR,
        code="unknown-indicator",
        path=f"$.readings[indicator={indicator_id}]",
        message=f"{count} for indicator '{indicator_id}', which is not one of the "
        "indicators; correct the indicator id or add the indicator.",
    )


def unusable_reading(indicator: Indicator, period: Period, start_month: int, path: str) -> Finding:
    """An error that a reading is for a period its indicator does not report for, so no
    assessment can use it: one of another frequency (``wrong-frequency``), or of the indicator's
    frequency in years that start in another month than the council's ``start_month``
    (``wrong-year-start``).

    >>> from councilpmf.core.indicators import Indicator
    >>> from councilpmf.core.periods import Quarter
    >>> k = Indicator(id="FT", title="Fly-tips cleared")
    >>> finding = unusable_reading(k, Quarter(year=2024, number=3, start_month=1), 4, "$")
    >>> print(finding.code, finding.message)
    wrong-year-start The reading of FT for 2024 Q3 is for a quarterly period of years that start in January, but the council's years start in April; record it for one of the council's quarterly periods, such as 2024/25 Q2.
    """  # noqa: E501
    if period.frequency is not indicator.frequency:
        return wrong_frequency(indicator, period, path)
    frequency = indicator.frequency.value
    council = nearest_period(period.end, indicator.frequency, start_month)
    return Finding(
        severity=Severity.ERROR,
        code="wrong-year-start",
        path=path,
        message=f"The reading of {indicator.id} for {period} is for a {frequency} period of "
        f"years that start in {month_name(period.year_start)}, but the council's years start "
        f"in {month_name(start_month)}; record it for one of the council's {frequency} "
        f"periods, such as {council}.",
    )


def wrong_frequency(indicator: Indicator, period: Period, path: str) -> Finding:
    """An error that a reading is for a period of another frequency than its indicator's, so
    no assessment can use it.

    >>> from councilpmf.core.indicators import Indicator
    >>> from councilpmf.core.periods import parse_period
    >>> k = Indicator(id="FT", title="Fly-tips cleared")
    >>> print(wrong_frequency(k, parse_period("Oct 2024"), "$.indicators[0]").message)
    The reading of FT for Oct 2024 is monthly, but FT is reported quarterly; record it for a quarterly period.
    """  # noqa: E501
    return Finding(
        severity=Severity.ERROR,
        code="wrong-frequency",
        path=path,
        message=f"The reading of {indicator.id} for {period} is {period.frequency.value}, but "
        f"{indicator.id} is reported {indicator.frequency.value}; record it for a "
        f"{indicator.frequency.value} period.",
    )
