"""Readings from a table of columns: a pandas, polars or pyarrow frame, or a mapping of column
names to lists, read without importing any of those libraries.

A frame is asked for its columns through its own methods (``to_dict`` for pandas and polars,
``to_pydict`` for pyarrow), so the pure core never imports a frame library. Each row becomes a
:class:`~councilpmf.core.indicators.Reading`; a row that cannot is refused with one line naming
its number (counting from 0, as the frame does) and its column.

>>> rows = readings_from_columns({"indicator": ["FT", "FT"], "period": ["Q1 2024/25", "2024/25 Q2"],
...     "value": [84, float("nan")], "missing_reason": [None, "system outage"]})
>>> [(str(r.period), r.value, r.missing_reason) for r in rows]
[('2024/25 Q1', 84, None), ('2024/25 Q2', None, 'system outage')]
>>> readings_from_columns({"indicator": ["FT"], "period": ["2024/25 Q5"], "value": [1.0]})
Traceback (most recent call last):
...
councilpmf.core.errors.InputError: readings frame: row 0: period: '2024/25 Q5' is not a period: quarters are numbered Q1 to Q4
"""  # noqa: E501

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from councilpmf.core._coerce import as_period
from councilpmf.core.errors import InputError, InputTypeError
from councilpmf.core.indicators import Approval, Reading, ReadingStatus
from councilpmf.core.periods import Period

__all__ = [
    "OPTIONAL",
    "REQUIRED",
    "SOURCE",
    "absent",
    "columns_problem",
    "frame_columns",
    "readings_from_columns",
    "repeated_column",
]

SOURCE = "readings frame"
"""How errors name the frame being read."""

REQUIRED = ("indicator", "period", "value")
"""The columns a readings frame must have."""

OPTIONAL = ("missing_reason", "status", "note", "published_status", "approval")
"""The columns a readings frame may have."""

# Columns a readings frame written by councilpmf carries for sorting and plotting; they follow
# from the period, so they are read past.
_DERIVED = ("start", "end")


def _module_of(frame: object) -> str:
    return type(frame).__module__.partition(".")[0]


def repeated_column(names: Iterable[object]) -> str | None:
    """The problem with a frame whose columns are ``names`` when two share a name (pandas and
    pyarrow allow it: turning the frame into columns by name would keep one of them and
    silently drop the other), or None.

    >>> repeated_column(["indicator", "value", "value"])
    "column 'value' appears twice; name each once"
    """
    seen: set[object] = set()
    for name in names:
        if name in seen:
            return f"column {str(name)!r} appears twice; name each once"
        seen.add(name)
    return None


def _once_each(names: Iterable[object]) -> None:
    """Refuse a frame with two columns of one name (see :func:`repeated_column`)."""
    problem = repeated_column(names)
    if problem is not None:
        raise InputError((f"{SOURCE}: {problem}",))


def frame_columns(frame: object) -> dict[str, list[Any]]:
    """The columns of a pandas, polars or pyarrow frame (or a mapping of names to sequences),
    as lists of plain values, by column name.

    >>> frame_columns({"indicator": ("FT",), "value": (1.0,)})
    {'indicator': ['FT'], 'value': [1.0]}
    >>> frame_columns([("FT", 1.0)])
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputTypeError: readings frame: expected a pandas, polars or pyarrow frame, not list
    """  # noqa: E501
    if isinstance(frame, Mapping):
        return {str(name): list(values) for name, values in frame.items()}
    library = _module_of(frame)
    found: Any
    if library == "polars":
        collect = getattr(frame, "collect", None)  # a LazyFrame
        eager: Any = collect() if collect is not None else frame
        found = eager.to_dict(as_series=False)
    elif library == "pandas" and hasattr(frame, "to_dict") and hasattr(frame, "columns"):
        _once_each(frame.columns)
        found = frame.to_dict(orient="list")
    elif library == "pyarrow" and hasattr(frame, "to_pydict") and hasattr(frame, "schema"):
        _once_each(frame.schema.names)
        found = frame.to_pydict()
    else:
        raise InputTypeError(
            (f"{SOURCE}: expected a pandas, polars or pyarrow frame, not {type(frame).__name__}",)
        )
    return {str(name): list(values) for name, values in found.items()}


def absent(value: object) -> bool:
    """True for the ways frames mark an empty cell: None, NaN (a ``float``'s, numpy's
    ``float64`` too), pandas' NA and NaT, and the empty text a sheet read as text gives (text
    of spaces is text). The NaN of another type (numpy's ``float32``, a ``Decimal``) marks no
    empty cell, though a value of it is missing
    (:func:`~councilpmf.core._coerce.to_value_or_missing`).

    >>> [absent(cell) for cell in (None, float("nan"), "", " ", 0)]
    [True, True, True, False, False]
    """
    if value is None or (isinstance(value, str) and not value):
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise InputTypeError((f"{name}: must be text, not {value!r}",))
    return value


def columns_problem(names: Iterable[str], unknown: bool = True) -> str | None:
    """What is wrong with a readings frame whose columns are ``names`` (a :data:`REQUIRED`
    one missing, or, when ``unknown`` is asked about, one that is none of a reading's), or
    None.

    >>> columns_problem(["indicator", "value", "comment"])
    "no column 'period'; unknown column 'comment'; a readings frame has the columns indicator, period, value and optionally missing_reason, status, note, published_status, approval"
    >>> columns_problem(["indicator", "period", "value", "comment"], unknown=False) is None
    True
    """  # noqa: E501
    names = list(names)
    missing = [name for name in REQUIRED if name not in names]
    strange = [n for n in names if n not in (*REQUIRED, *OPTIONAL, *_DERIVED)] if unknown else []
    if not missing and not strange:
        return None
    said = "no column " + ", ".join(repr(n) for n in missing) if missing else ""
    if strange:
        said += ("; " if said else "") + "unknown column " + ", ".join(repr(n) for n in strange)
    return (
        f"{said}; a readings frame has the columns {', '.join(REQUIRED)} "
        f"and optionally {', '.join(OPTIONAL)}"
    )


def _check_names(columns: Mapping[str, object]) -> None:
    problem = columns_problem(columns)
    if problem is not None:
        raise InputError((f"{SOURCE}: {problem}",))


def readings_from_columns(frame: object, start_month: int = 4) -> list[Reading]:
    """One :class:`Reading` per row of ``frame`` (anything :func:`frame_columns` reads).

    The columns are ``indicator``, ``period`` (text as councils write it, read with years
    starting in ``start_month``, or a :class:`Period`) and ``value`` (an empty cell or NaN when
    missing), and optionally ``missing_reason``, ``status`` (``final`` or ``provisional``;
    final when empty), ``note``, ``published_status`` and ``approval`` (``draft``,
    ``submitted`` or ``approved``; approved when empty, as a reading recorded without saying
    is). Numbers of any numeric type are taken, numpy's included, so a store's
    ``readings_frame()`` reads back as its readings.
    """
    columns = frame_columns(frame)
    _check_names(columns)
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise InputError((f"{SOURCE}: the columns are not all the same length",))
    count = lengths.pop()
    empty: Sequence[object] = (None,) * count
    indicators, periods, values = columns["indicator"], columns["period"], columns["value"]
    reasons = columns.get("missing_reason", empty)
    statuses = columns.get("status", empty)
    notes = columns.get("note", empty)
    published = columns.get("published_status", empty)
    approvals = columns.get("approval", empty)
    parsed: dict[object, Period] = {}
    readings = []
    for row in range(count):
        try:
            text = periods[row]
            if not isinstance(text, str) and absent(text):
                text = None  # an empty cell, however the frame marks it (NaN, pandas' NA)
            period = parsed.get(text) if isinstance(text, str) else None
            if period is None:
                period = as_period(text, "period", start_month)
                if isinstance(text, str):
                    parsed[text] = period
            value, reason, status, note = values[row], reasons[row], statuses[row], notes[row]
            shown, approval, indicator = published[row], approvals[row], indicators[row]
            readings.append(
                Reading(
                    # An empty cell (None, NaN) is refused as empty text is, not as no text.
                    indicator="" if absent(indicator) else indicator,
                    period=period,
                    value=None if absent(value) else value,
                    missing_reason=None if absent(reason) else _text("missing_reason", reason),
                    status=ReadingStatus.FINAL if absent(status) else _text("status", status),
                    note="" if absent(note) else _text("note", note),
                    published_status="" if absent(shown) else _text("published_status", shown),
                    approval=(
                        Approval.APPROVED if absent(approval) else _text("approval", approval)
                    ),
                )
            )
        except InputError as error:
            raise type(error)((f"{SOURCE}: row {row}: {error.problems[0]}",)) from None
    return readings
