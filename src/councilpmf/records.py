"""How a store writes councilpmf's records and reads them back: for anyone writing a store.

Every bundled store keeps readings, revisions, periods and the framework in these forms, so they
all write them the same way and refuse bad stored data with the same messages, each naming where
it was found (``readings/hs01-….json: $.revisions[1].new.value: expected a number or null, not
'n/a'``). A plugin's store uses them the same way; none of them does any I/O.

- **The framework**: :func:`framework_data` gives plain, JSON-compatible data (keys in the
  order of the record's fields; periods written with their year start); :func:`dumps` writes it
  as UTF-8 JSON; :func:`framework_from_data` reads it back with the rating-rule kinds the store
  was opened with, so a framework using a plugin's rule reads back as it was saved.
- **A reading** is kept without its indicator and period (the file or row it sits in says
  those), as :data:`READING_KEYS`: :func:`reading_body` (plain data), :func:`reading_json`
  (compact JSON text) or six columns, one for each key (``value``, ``missing_reason``,
  ``status``, ``note``, ``approval`` and ``published_status``, an empty text when none was
  published); :func:`reading_from_body`, :func:`reading_from_json` and
  :func:`reading_from_columns` read it back. In plain data and JSON ``published_status`` is
  written only when the reading has one, so a reading kept before there were published
  statuses reads back as it was, with none; a reading kept before approval existed has no
  ``approval`` and reads back approved.
- **A period** is kept as its text, ``str(period)``, which is also how a store should key it and
  sort nothing by (sort by its start and end dates); :func:`period_from_text` reads it back.
- **A revision**: :func:`revision_of` checks the stored who, when and why.
- **Comparator values** are kept as one document, a list of groups in the order they were
  saved: :func:`comparators_data` gives it as plain data (each group's ``indicator``,
  ``period`` as its text, ``group`` and ``values``), :func:`comparators_from_data` reads it
  back, refusing what is wrong by its path (``$[2].values[0]``).
- **Reading many**: a store that checks what it holds can keep the checks apart from the
  records: :func:`reading_fields` checks a stored reading as :func:`reading_from_body` does and
  gives its :class:`ReadingFields` without building a :class:`Reading`, and
  :func:`check_revision` checks a revision's who, when and why as :func:`revision_of` does; a
  store builds records only for what it is asked for (the current reading, not its history).
  :func:`reading_from_fields`, :func:`reading_from_body` and :func:`revision_of` build a record
  from what was checked without running its validators a second time, and leave anything out
  of the ordinary to the validators, whose words name the field.

A reading is written without its indicator and period (the file or row it sits in says those):

>>> from councilpmf.core.periods import parse_period
>>> q1 = parse_period("2024/25 Q1")
>>> body = reading_body(Reading(indicator="K1", period=q1, value=41.0))
>>> body
{'value': 41.0, 'missing_reason': None, 'status': 'final', 'note': '', 'approval': 'approved'}
>>> reading_from_body("K1", q1, body, "x.json: $.new") == Reading(indicator="K1", period=q1,
...     value=41.0)
True

A period is kept as its canonical text; :func:`period_from_text` reads it back whatever year
start it has (``"2024 Q3"`` is only a quarter when years start in January):

>>> period_from_text("2024 Q3", "x")
Quarter(year=2024, number=3, start_month=1)
"""

from __future__ import annotations

import functools
import json
import json.encoder
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import cattrs

from councilpmf.core._validate import id_problem, text_problem, trusted
from councilpmf.core.convert import InputError, converter, placed, structure
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    LARGEST_VALUE,
    Approval,
    ComparatorGroup,
    Reading,
    ReadingRevision,
    ReadingStatus,
    is_number,
    value_problem,
)
from councilpmf.core.periods import Month, Period, PeriodError, parse_period
from councilpmf.core.rule import Rule
from councilpmf.store import StoreError, UnreadableFrameworkError

__all__ = [
    "READING_KEYS",
    "ReadingFields",
    "check_revision",
    "columns_body",
    "comparators_data",
    "comparators_from_data",
    "dumps",
    "explicit_period",
    "framework_data",
    "framework_from_data",
    "period_from_text",
    "reading_body",
    "reading_fields",
    "reading_from_body",
    "reading_from_columns",
    "reading_from_fields",
    "reading_from_json",
    "reading_json",
    "revision_of",
    "utf8_json",
]

READING_KEYS = ("value", "missing_reason", "status", "note", "approval", "published_status")
_ALL_KEYS = frozenset(READING_KEYS)
_REQUIRED_KEYS = frozenset(READING_KEYS[:4])  # one kept before approval existed has none
_APPROVALS = {approval.value: approval for approval in Approval}
_string = json.encoder.encode_basestring  # JSON string literal, non-ASCII kept
_STATUSES = {status.value: status for status in ReadingStatus}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- periods -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _parse_canonical(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError:
        # "2024 Q3" and "2024" are the canonical forms of periods in years from January
        return parse_period(text, start_month=1)


def period_from_text(text: object, where: str) -> Period:
    """The period whose ``str()`` is ``text`` (any year start), or :class:`StoreError` saying
    ``where`` the bad text was found."""
    if not isinstance(text, str):
        raise StoreError(f"{where}: expected a period such as '2024/25 Q3', not {_shown(text)}")
    try:
        return _parse_canonical(text)
    except PeriodError as error:
        raise StoreError(f"{where}: {error}") from None


def explicit_period(period: Period) -> str:
    """The period's text with its year start always written, so that it reads back the same in
    a framework whose own year start is different (``'2024/25 Q1 (from Apr)'``).

    >>> from councilpmf.core.periods import parse_period
    >>> explicit_period(parse_period("2024/25 Q1")), explicit_period(parse_period("Jan 2025"))
    ('2024/25 Q1 (from Apr)', 'Jan 2025')
    """
    text = str(period)
    if isinstance(period, Month) or "(from " in text:
        return text
    start_month: int = getattr(period, "start_month", 4)
    return f"{text} (from {_MONTHS[start_month - 1]})"


# -- readings ----------------------------------------------------------------------------------


def reading_body(reading: Reading) -> dict[str, Any]:
    """A reading as plain data, without its indicator and period; ``published_status`` only
    when it has one.

    >>> from councilpmf.core.periods import parse_period
    >>> reading_body(Reading(indicator="K", period=parse_period("2024/25"), value=2.0,
    ...     published_status="Green"))["published_status"]
    'Green'
    """
    body: dict[str, Any] = {
        "value": reading.value,
        "missing_reason": reading.missing_reason,
        "status": reading.status.value,
        "note": reading.note,
        "approval": reading.approval.value,
    }
    if reading.published_status:
        body["published_status"] = reading.published_status
    return body


def reading_json(reading: Reading) -> str:
    r"""A reading as compact JSON text, without its indicator and period: the same text as
    ``json.dumps(reading_body(reading), ensure_ascii=False, separators=(",", ":"))``, written
    directly because a store may write a million of them at once.

    >>> from councilpmf.core.periods import parse_period
    >>> print(reading_json(Reading(indicator="K", period=parse_period("2024/25"), value=None,
    ...     missing_reason='not "collected"')))
    {"value":null,"missing_reason":"not \"collected\"","status":"final","note":"","approval":"approved"}
    """  # noqa: E501
    value = reading.value
    if value is None:
        number = "null"
    elif isinstance(value, float):
        number = float.__repr__(value)  # what json writes, also for float subclasses
    else:
        number = int.__repr__(value)
    why = reading.missing_reason
    published = reading.published_status
    return (
        f'{{"value":{number},"missing_reason":{"null" if why is None else _string(why)},'
        f'"status":{_string(reading.status.value)},"note":{_string(reading.note)},'
        f'"approval":{_string(reading.approval.value)}'
        + (f',"published_status":{_string(published)}}}' if published else "}")
    )


def reading_from_columns(
    indicator: str,
    period: Period,
    value: object,
    missing_reason: object,
    status: object,
    note: object,
    where: Callable[[], str],
    published_status: object = "",
    approval: object = "approved",
) -> Reading:
    """:func:`reading_from_body` for a reading kept as columns: quick when they are right;
    ``where()`` names the row only when they are not."""
    try:
        return Reading(
            indicator=indicator,
            period=period,
            value=value,  # type: ignore[arg-type]
            missing_reason=missing_reason,  # type: ignore[arg-type]
            status=_STATUSES[status],  # type: ignore[index]
            note=note,  # type: ignore[arg-type]
            published_status=published_status,  # type: ignore[arg-type]
            approval=_APPROVALS[approval],  # type: ignore[index]
        )
    except (KeyError, TypeError, ValueError):
        body = columns_body(value, missing_reason, status, note, published_status, approval)
        return reading_from_body(indicator, period, body, where())


def columns_body(
    value: object,
    missing_reason: object,
    status: object,
    note: object,
    published_status: object,
    approval: object,
) -> dict[str, object]:
    """A reading's fields kept as columns, as the body :func:`reading_from_body` reads: how
    :func:`reading_from_columns` refuses a row, for a reader that checks rows without it."""
    return {
        "value": value,
        "missing_reason": missing_reason,
        "status": status,
        "note": note,
        "published_status": published_status,
        "approval": approval,
    }


class ReadingFields(NamedTuple):
    """A stored reading's own fields (all but its indicator and period), each checked, as
    :func:`reading_fields` gives them: equal when the readings are equal."""

    value: float | None
    missing_reason: str | None
    status: ReadingStatus
    note: str
    published_status: str
    approval: Approval


def _checked_fields(body: object, where: str) -> ReadingFields:
    """Each field of ``body`` checked on its own, or :class:`StoreError` naming it."""
    if type(body) is not dict and not isinstance(body, Mapping):  # dict: the quick way
        raise StoreError(f"{where}: expected a reading (a JSON object), not {_shown(body)}")
    if not _REQUIRED_KEYS <= body.keys() <= _ALL_KEYS:
        extra = sorted(str(key) for key in body if key not in READING_KEYS)
        if extra:
            raise StoreError(f"{where}: unknown field{'s' if len(extra) > 1 else ''} {extra}")
        missing = [key for key in READING_KEYS if key in _REQUIRED_KEYS and key not in body]
        raise StoreError(f"{where}.{missing[0]}: required field missing")
    value, reason = body["value"], body["missing_reason"]
    status, note = body["status"], body["note"]
    published = body.get("published_status", "")
    approval = body.get("approval", Approval.APPROVED.value)
    if value is not None and not is_number(value):
        raise StoreError(f"{where}.value: expected a number or null, not {_shown(value)}")
    if reason is not None and not isinstance(reason, str):
        raise StoreError(f"{where}.missing_reason: expected text or null, not {_shown(reason)}")
    if not isinstance(status, str) or status not in _STATUSES:
        allowed = ", ".join(repr(s) for s in _STATUSES)
        raise StoreError(f"{where}.status: expected one of {allowed}, not {_shown(status)}")
    if not isinstance(note, str):
        raise StoreError(f"{where}.note: expected text, not {_shown(note)}")
    if not isinstance(published, str):
        raise StoreError(f"{where}.published_status: expected text, not {_shown(published)}")
    if not isinstance(approval, str) or approval not in _APPROVALS:
        allowed = ", ".join(repr(a) for a in _APPROVALS)
        raise StoreError(f"{where}.approval: expected one of {allowed}, not {_shown(approval)}")
    return ReadingFields(value, reason, _STATUSES[status], note, published, _APPROVALS[approval])


def _ordinary_key(indicator: object, period: object) -> bool:
    """An indicator and period :class:`Reading`'s validators would take as they are."""
    return (
        isinstance(indicator, str) and id_problem(indicator) is None and isinstance(period, Period)
    )


def _ordinary(indicator: object, period: object, fields: ReadingFields) -> bool:
    """Fields each checked that :class:`Reading` would also take as they are: a plain number
    no larger than :data:`~councilpmf.core.indicators.LARGEST_VALUE` and no missing reason, or
    no value and a missing reason that says something, and text a record takes
    (:func:`~councilpmf.core._validate.text_problem`: quick for printable text)."""
    value, reason = fields.value, fields.missing_reason
    if value is None:
        ordinary = reason is not None and bool(reason.strip()) and not text_problem(reason)
    else:
        ordinary = (
            reason is None
            and (type(value) is float or type(value) is int)
            and -LARGEST_VALUE <= value <= LARGEST_VALUE
        )
    return (
        ordinary
        and not text_problem(fields.note)
        and not text_problem(fields.published_status)
        and _ordinary_key(indicator, period)
    )


def reading_from_fields(
    indicator: str, period: Period, fields: ReadingFields, where: str
) -> Reading:
    """The reading of ``indicator`` in ``period`` with ``fields`` (from :func:`reading_fields`),
    built without checking again what was checked; anything out of the ordinary is built by
    :class:`Reading` itself, and refused with :class:`StoreError` naming ``where``.

    >>> q1 = parse_period("2024/25 Q1")
    >>> fields = reading_fields("K1", q1, {"value": 4, "missing_reason": None,
    ...     "status": "final", "note": ""}, "x.json: $.new")
    >>> reading_from_fields("K1", q1, fields, "x.json: $.new") == Reading(indicator="K1",
    ...     period=q1, value=4)
    True
    """
    if _ordinary(indicator, period, fields):
        return trusted(
            Reading,
            indicator=indicator,
            period=period,
            value=fields.value,
            missing_reason=fields.missing_reason,
            status=fields.status,
            note=fields.note,
            published_status=fields.published_status,
            approval=fields.approval,
        )
    try:
        return Reading(indicator=indicator, period=period, **fields._asdict())
    except (TypeError, ValueError) as error:
        raise StoreError(f"{where}: {error}") from None


def reading_fields(indicator: str, period: Period, body: object, where: str) -> ReadingFields:
    """What :func:`reading_from_body` checks, without building the reading: the fields of the
    reading of ``indicator`` in ``period`` that ``body`` describes, or :class:`StoreError`
    naming ``where`` and what is wrong, in the same words.

    >>> q1 = parse_period("2024/25 Q1")
    >>> reading_fields("K1", q1, {"value": 4, "missing_reason": None, "status": "final",
    ...     "note": "", "approval": "draft"}, "x.json: $.new").approval
    <Approval.DRAFT: 'draft'>
    >>> reading_fields("K1", q1, {"value": 4, "missing_reason": "late", "status": "final",
    ...     "note": ""}, "x.json: $.new")
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: x.json: $.new: value: a reading has a value or a missing_reason, not both
    """  # noqa: E501
    fields = _checked_fields(body, where)
    if _ordinary(indicator, period, fields):
        return fields
    reading = reading_from_fields(indicator, period, fields, where)
    return ReadingFields(
        reading.value,
        reading.missing_reason,
        reading.status,
        reading.note,
        reading.published_status,
        reading.approval,
    )


def reading_from_body(indicator: str, period: Period, body: object, where: str) -> Reading:
    """The reading of ``indicator`` in ``period`` that ``body`` describes, or
    :class:`StoreError` naming ``where`` (a file or row and a JSON path) and what is wrong."""
    return reading_from_fields(indicator, period, _checked_fields(body, where), where)


def reading_from_json(indicator: str, period: Period, text: object, where: str) -> Reading:
    """:func:`reading_from_body` for JSON text, as :func:`reading_json` writes it."""
    if not isinstance(text, str):
        raise StoreError(f"{where}: expected a reading as JSON text, not {_shown(text)}")
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise StoreError(f"{where}: not valid JSON ({error.msg} at column {error.colno})") from None
    return reading_from_body(indicator, period, body, where)


def check_revision(number: object, by: object, at: object, reason: object, where: str) -> None:
    """What :func:`revision_of` checks of a stored revision's number, who, when and why, for a
    store that checks a revision it is not asked to build: :class:`StoreError` naming
    ``where`` and the field.

    >>> check_revision(1, "Ann", "2025-01-31T09:00:00Z", "", "x.json: $.revisions[0]")
    >>> check_revision(1, " ", "2025-01-31T09:00:00Z", "", "x.json: $.revisions[0]")
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: x.json: $.revisions[0].by: expected text that is not empty, not ' '
    """
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise StoreError(f"{where}.revision: expected a whole number from 1, not {_shown(number)}")
    for name, text in (("by", by), ("at", at)):
        if not isinstance(text, str) or not text.strip():
            raise StoreError(f"{where}.{name}: expected text that is not empty, not {_shown(text)}")
    if not isinstance(reason, str):
        raise StoreError(f"{where}.reason: expected text, not {_shown(reason)}")


def revision_of(
    indicator: str,
    period: Period,
    number: object,
    old: Reading | None,
    new: Reading,
    by: object,
    at: object,
    reason: object,
    where: str,
) -> ReadingRevision:
    """A :class:`ReadingRevision`, or :class:`StoreError` naming ``where`` and the field."""
    check_revision(number, by, at, reason, where)
    assert isinstance(number, int) and isinstance(by, str) and isinstance(at, str)
    assert isinstance(reason, str)
    ordinary = (
        _ordinary_key(indicator, period)
        and isinstance(new, Reading)
        and (old is None or isinstance(old, Reading))
    )
    build = functools.partial(trusted, ReadingRevision) if ordinary else ReadingRevision
    return build(
        indicator=indicator,
        period=period,
        revision=number,
        old=old,
        new=new,
        by=by,
        at=at,
        reason=reason,
    )


# -- comparator values -------------------------------------------------------------------------

_GROUP_KEYS = ("indicator", "period", "group", "values")


def comparators_data(groups: Iterable[ComparatorGroup]) -> list[dict[str, Any]]:
    """Comparator groups as plain, JSON-compatible data, in the order given.

    >>> from councilpmf.core.periods import parse_period
    >>> group = ComparatorGroup(indicator="K1", period=parse_period("2024 Q3", 1),
    ...     group="CIPFA", values=(1.5, 2))
    >>> comparators_data([group])
    [{'indicator': 'K1', 'period': '2024 Q3', 'group': 'CIPFA', 'values': [1.5, 2]}]
    >>> comparators_from_data(comparators_data([group]), "c.db: comparators") == (group,)
    True
    """
    return [
        {
            "indicator": group.indicator,
            "period": str(group.period),
            "group": group.group,
            "values": list(group.values),
        }
        for group in groups
    ]


def comparators_from_data(data: object, where: str, path: str = "$") -> tuple[ComparatorGroup, ...]:
    """The comparator groups ``data`` describes (as :func:`comparators_data` wrote them), or
    :class:`~councilpmf.store.StoreError` naming ``where`` and the path of what is wrong
    (``data`` being found at ``path``).

    >>> comparators_from_data([{"indicator": "K1", "period": "2024/25", "group": "CIPFA",
    ...     "values": [1.5, "n/a"]}], "c.db: comparators")
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: c.db: comparators: $[0].values[1]: expected a number, not 'n/a'
    >>> comparators_from_data([{"indicator": "K1", "period": "2024/25", "group": "CIPFA",
    ...     "values": [1.5, 2e16]}], "c.db: comparators")
    Traceback (most recent call last):
    ...
    councilpmf.store.StoreError: c.db: comparators: $[0].values[1]: 2e+16 is larger than 1e+15, the most allowed
    """  # noqa: E501
    if not isinstance(data, list):
        raise StoreError(
            f"{where}: {path}: expected a list of comparator groups, not {_shown(data)}"
        )
    groups = []
    for number, item in enumerate(data):
        at = f"{path}[{number}]"
        here = f"{where}: {at}"
        if not isinstance(item, dict):
            raise StoreError(f"{here}: expected a comparator group (an object), not {_shown(item)}")
        if set(item) != set(_GROUP_KEYS):
            extra = sorted(str(key) for key in set(item) - set(_GROUP_KEYS))
            if extra:
                raise StoreError(f"{here}: unknown fields {extra}")
            missing = [key for key in _GROUP_KEYS if key not in item]
            raise StoreError(f"{here}.{missing[0]}: required field missing")
        for name in ("indicator", "group"):
            if not isinstance(item[name], str):
                raise StoreError(f"{here}.{name}: expected text, not {_shown(item[name])}")
        values = item["values"]
        if not isinstance(values, list):
            raise StoreError(f"{here}.values: expected a list of numbers, not {_shown(values)}")
        for place, value in enumerate(values):
            if not is_number(value):
                raise StoreError(f"{here}.values[{place}]: expected a number, not {_shown(value)}")
            if (problem := value_problem(value, None)) is not None:
                raise StoreError(f"{here}.values[{place}]: {problem}")
        period = period_from_text(item["period"], f"{here}.period")
        try:
            groups.append(
                ComparatorGroup(
                    indicator=item["indicator"],
                    period=period,
                    group=item["group"],
                    values=tuple(values),
                )
            )
        except InputError as error:
            raise StoreError(f"{where}: {placed(at, error.problems[0])}") from None
    return tuple(groups)


# -- the framework -----------------------------------------------------------------------------


@functools.cache
def _framework_converter() -> cattrs.Converter:
    conv = converter().copy()
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Period), explicit_period
    )
    return conv


def framework_data(framework: Framework) -> Any:
    """The framework as plain, JSON-compatible data.

    Periods are written with their year start (``'2024/25 Q1 (from Apr)'``) so that a period
    whose year start differs from the framework's reads back as the same period.
    """
    return _framework_converter().unstructure(framework)


def framework_from_data(
    data: object,
    source: str,
    path: str = "$",
    rules: Mapping[str, type[Rule]] | None = None,
    *,
    url: str = "",
    revision: int | None = None,
) -> Framework:
    """The framework ``data`` describes, built with the rating-rule kinds ``rules`` (the
    built-in ones when None; a store passes those it was opened with), or
    :class:`~councilpmf.store.UnreadableFrameworkError` naming ``source`` and the path of
    every field that is wrong. A store gives its ``url`` and the framework's ``revision``, for
    the error to carry (``source`` should name the revision too, for the message).

    >>> from councilpmf.core.plan import StrategicPlan
    >>> framework = Framework(plan=StrategicPlan(title="Our plan", organisation="Anytown"))
    >>> framework_from_data(framework_data(framework), "x.json") == framework
    True
    >>> framework_from_data({"plan": {}}, "x.json")
    Traceback (most recent call last):
    ...
    councilpmf.store.UnreadableFrameworkError: x.json: $.plan.title: required field missing...
    """
    year_start = data.get("year_start_month", 4) if isinstance(data, Mapping) else 4
    if isinstance(year_start, bool) or not isinstance(year_start, int) or not 1 <= year_start <= 12:
        year_start = 4  # the framework's own validation reports the bad value
    try:
        return structure(
            data,
            Framework,
            source=source,
            path=path,
            year_start_month=year_start,
            rules=rules,
        )
    except InputError as error:
        raise UnreadableFrameworkError(error.problems, url, revision) from None


def dumps(data: Any, indent: int | None = 2) -> bytes:
    """JSON as UTF-8 bytes, readable (non-ASCII text kept as it is) unless the data holds text
    that is not valid Unicode (a lone surrogate), which is then escaped."""
    try:
        return utf8_json(data, indent)
    except UnicodeEncodeError:
        return (json.dumps(data, ensure_ascii=True, indent=indent) + "\n").encode("ascii")


def utf8_json(data: Any, indent: int | None = 2) -> bytes:
    """JSON as UTF-8 bytes, non-ASCII text kept as it is; ``UnicodeEncodeError`` when the data
    holds text that is not valid Unicode (a lone surrogate), which UTF-8 cannot hold.

    >>> utf8_json({"name": "Café"}, indent=None)
    b'{"name": "Caf\\xc3\\xa9"}\\n'
    """
    return (json.dumps(data, ensure_ascii=False, indent=indent) + "\n").encode("utf-8")
