"""Converters that let the core's records take what people type, and the checks that refuse,
by field name, what they still cannot take.

A converter turns a value it understands into the field's own type (a documented enumeration
spelling into its member, period text into a :class:`Period`, ISO text into a date, a number
of a numeric type other than ``int`` and ``float``, numpy's included, into a ``float``) and
hands back anything else unchanged; the field's validator then refuses that in one line naming
the field. Errors are
:class:`~councilpmf.core.errors.InputError` (a ``ValueError``), or
:class:`~councilpmf.core.errors.InputTypeError` (also a ``TypeError``) for the wrong kind of value.

>>> to_number(3), to_optional_number(None), to_value_or_missing(float("nan"))
(3, None, None)
>>> to_period("Q3 2024/25"), to_date("2025-01-20")
(Quarter(year=2024, number=3, start_month=4), datetime.date(2025, 1, 20))
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import numbers
import operator
from collections.abc import Callable
from typing import Any, SupportsFloat, SupportsIndex, TypeVar

import attrs

from councilpmf.core.errors import InputError, InputTypeError
from councilpmf.core.periods import Frequency, Period, PeriodError, parse_period

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_E = TypeVar("_E", bound=enum.Enum)


def refused(name: str, what: str) -> InputError:
    """The one-line error for a field's value that is wrong."""
    return InputError((f"{name}: {what}",))


def wrong_kind(name: str, what: str) -> InputTypeError:
    """The one-line error for a field's value that is the wrong kind of value altogether."""
    return InputTypeError((f"{name}: {what}",))


def member(kind: type[_E], value: _E | str) -> _E:
    """The member of ``kind`` that ``value`` is or spells (its value or its name, in any case,
    spaces around it ignored), or ``value`` unchanged when it spells none, for the field's
    :func:`member_of` validator to refuse, naming the field and the spellings it takes.

    Every enumeration field of the core's records converts with this, through a function of
    its own that says the field's type (:func:`to_frequency` is one): mypy reads a record's
    ``__init__`` from its converters' signatures, and takes only named functions for them.

    >>> member(Frequency, " Quarterly "), member(Frequency, "QUARTERLY"), member(Frequency, "x")
    (<Frequency.QUARTERLY: 'quarterly'>, <Frequency.QUARTERLY: 'quarterly'>, 'x')
    """
    if isinstance(value, kind) or not isinstance(value, str):
        return value
    wanted = value.strip().casefold()
    for known in kind:
        if wanted in (str(known.value).casefold(), known.name.casefold()):
            return known
    return value  # type: ignore[return-value]  # the validator refuses it, naming the field


def to_frequency(value: Frequency | str) -> Frequency:
    """A :class:`~councilpmf.core.periods.Frequency`, or its spelling (``"quarterly"``, any
    case), for every record that says how often something happens.

    >>> to_frequency("Monthly"), to_frequency(Frequency.ANNUAL)
    (<Frequency.MONTHLY: 'monthly'>, <Frequency.ANNUAL: 'annual'>)
    """
    return member(Frequency, value)


def not_a_member(kind: type[enum.Enum], value: object) -> str:
    """What is wrong with ``value`` where a member of ``kind`` is wanted and it spells none:
    the words list the spellings taken.

    >>> not_a_member(Frequency, "weekly")
    "'weekly' is not one of: monthly, quarterly, half-yearly, annual"
    """
    return f"{value!r} is not one of: {', '.join(str(known.value) for known in kind)}"


def member_of(kind: type[enum.Enum]) -> Validator:
    """A validator refusing anything but a member of ``kind``, listing the spellings it takes."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            error = refused if isinstance(value, str) else wrong_kind
            raise error(attribute.name, not_a_member(kind, value))

    return check


def one_of(*words: str) -> Validator:
    """A validator refusing anything but one of ``words``, in one line naming the field and
    listing them.

    >>> @attrs.frozen
    ... class Sum:
    ...     kind: str = attrs.field(validator=one_of("revenue", "capital"))
    >>> Sum(kind="grant")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: kind must be 'revenue' or 'capital', not 'grant'
    """
    quoted = [repr(word) for word in words]
    listed = " or ".join((", ".join(quoted[:-1]), quoted[-1])) if len(quoted) > 1 else quoted[0]

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or value not in words:
            error = InputError if isinstance(value, str) else InputTypeError
            raise error((f"{attribute.name} must be {listed}, not {value!r}",))

    return check


def to_period(value: Period | str) -> Period:
    """A period, read from text as councils write it (years from April); anything else as it
    is, for the validator to refuse."""
    if isinstance(value, str):
        try:
            return parse_period(value)
        except PeriodError:
            pass
    return value  # type: ignore[return-value]  # the validator refuses it, naming the field


def to_optional_period(value: Period | str | None) -> Period | None:
    """:func:`to_period`, or None."""
    return None if value is None else to_period(value)


def not_a_period(value: object) -> str:
    """What is wrong with ``value`` where a period is wanted and it is no text (a number, a
    date): the words say what to write instead.

    >>> not_a_period(3)
    "expected a period such as '2024/25 Q3', not 3"
    """
    return f"expected a period such as '2024/25 Q3', not {value!r}"


def _period_check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Period):
        return
    if isinstance(value, str):
        try:
            parse_period(value)
        except PeriodError as error:
            raise refused(attribute.name, str(error)) from None
    raise wrong_kind(attribute.name, not_a_period(value))


def _optional_period_check(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None:
        _period_check(instance, attribute, value)


period: Validator = _period_check
optional_period: Validator = _optional_period_check


def to_recorded(value: str | None) -> str | None:
    """None for text with nothing in it (nothing was recorded); anything else as it is.

    >>> to_recorded("  "), to_recorded("On target")
    (None, 'On target')
    """
    if isinstance(value, str) and not value.strip():
        return None
    return value


def to_date(value: dt.date | str) -> dt.date:
    """A date, read from ISO text (``2025-01-20``); anything else as it is."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    return value  # type: ignore[return-value]  # the validator refuses it, naming the field


def to_optional_date(value: dt.date | str | None) -> dt.date | None:
    """:func:`to_date`, or None."""
    return None if value is None else to_date(value)


def _date_check(_instance: object, attribute: attrs.Attribute[Any] | _Named, value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        error = refused if isinstance(value, str) else wrong_kind
        raise error(attribute.name, f"expected a date such as '2025-01-20', not {value!r}")


def _optional_date_check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date_check(instance, attribute, value)


date: Validator = _date_check
optional_date: Validator = _optional_date_check


def to_done(value: dt.date | bool | str | None) -> dt.date | bool | None:
    """When something was done: a date (ISO text read), ``True`` when it was done on a day
    that was not recorded, or None when it was not done (``False`` too); anything else as it
    is, for :data:`done` to refuse.

    >>> to_done("2024-01-15"), to_done(True), to_done(False)
    (datetime.date(2024, 1, 15), True, None)
    """
    if value is False:
        return None
    return value if value is None or value is True else to_date(value)


def _done_check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or value is True:
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        error = refused if isinstance(value, str) else wrong_kind
        raise error(
            attribute.name,
            f"expected a date such as '2025-01-20', or true when the day was not recorded, "
            f"not {value!r}",
        )


done: Validator = _done_check


def _numeric(value: object) -> bool:
    """True for a number of any numeric type (numpy's too, by duck typing, and a database's
    decimals, which polars and pyarrow give as :class:`decimal.Decimal`); never a bool."""
    if isinstance(value, bool):
        return False
    return isinstance(value, numbers.Real | decimal.Decimal) or (
        hasattr(type(value), "__index__") and hasattr(type(value), "__float__")
    )


def to_number(value: SupportsFloat | SupportsIndex) -> float:
    """A ``float`` for a number of any other numeric type than ``int`` and ``float`` (which are
    kept as they are); anything else as it is.

    >>> class Count:  # numpy's integers look like this
    ...     def __index__(self): return 431
    ...     def __float__(self): return 431.0
    >>> to_number(Count()), to_number("431")
    (431.0, '431')
    """
    if type(value) is float or type(value) is int:
        return value  # kept exact: a whole number is stored as it was given
    if _numeric(value):
        try:
            return float(value)
        except (OverflowError, ValueError):  # too large, or a signalling NaN: refused by name
            pass
    return value  # type: ignore[return-value]  # the validator refuses it, naming the field


def to_optional_number(value: SupportsFloat | SupportsIndex | None) -> float | None:
    """:func:`to_number`, or None."""
    return None if value is None else to_number(value)


def to_value_or_missing(value: SupportsFloat | SupportsIndex | None) -> float | None:
    """:func:`to_optional_number`, with NaN (how data frames mark a gap) meaning missing."""
    number = to_optional_number(value)
    return None if isinstance(number, float) and math.isnan(number) else number


def to_whole(value: SupportsIndex) -> int:
    """An ``int`` for a whole number of any integer type (never a bool); anything else as it is."""
    if type(value) is int or isinstance(value, bool) or not hasattr(type(value), "__index__"):
        return value  # type: ignore[return-value]  # the validator checks it, naming the field
    return operator.index(value)


def as_period(value: Period | str, name: str = "period", start_month: int = 4) -> Period:
    """``value`` as a period (text read with years from ``start_month``), or a one-line error
    naming ``name``.

    >>> as_period("2024/25 Q3")
    Quarter(year=2024, number=3, start_month=4)
    >>> as_period("2024/25 Q5")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: period: '2024/25 Q5' is not a period: quarters are numbered Q1 to Q4
    """  # noqa: E501
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        try:
            return parse_period(value, start_month)
        except PeriodError as error:
            raise refused(name, str(error)) from None
    raise wrong_kind(name, not_a_period(value))


def as_date(value: dt.date | str, name: str) -> dt.date:
    """``value`` as a date (ISO text read), or a one-line error naming ``name``.

    >>> as_date("2025-01-20", "as_of")
    datetime.date(2025, 1, 20)
    >>> as_date("20/01/2025", "as_of")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: as_of: expected a date such as '2025-01-20', not '20/01/2025'
    """
    converted = to_date(value)
    _date_check(None, _Named(name), converted)
    return converted


@attrs.frozen
class _Named:
    """Stands for a field in a check made outside a record: only its name is read."""

    name: str
