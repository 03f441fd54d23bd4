"""Readings in any shape :func:`~councilpmf.frames.assess_frame` takes, as one polars frame.

Whatever comes in (``Reading`` records, a core ``Readings`` index, a polars, pandas or pyarrow
frame), what goes out has one row per reading with the columns ``indicator`` (text), ``tag``
(the kind of period and, for quarters, halves and years, the month its years start), ``first``
(the month index of its first month, ``year * 12 + month - 1``), ``value`` (Float64, null when
missing), ``final`` (bool) and ``row`` (its position in the input), and, when their words are
asked for, ``note``, ``published_status`` and ``missing_reason`` (text, "" when none) and
``approval`` (``draft``, ``submitted`` or ``approved``). The kind and the first month identify a
period exactly as period equality in the core does.
"""

from __future__ import annotations

import enum
import numbers
import sys
from collections.abc import Iterable
from typing import Any, TypeVar

import polars as pl

from councilpmf.core._coerce import member, not_a_member, not_a_period
from councilpmf.core._validate import id_problem
from councilpmf.core.assess import Readings
from councilpmf.core.columns import columns_problem, repeated_column
from councilpmf.core.errors import InputError, InputTypeError
from councilpmf.core.indicators import (
    LARGEST_VALUE,
    Approval,
    Reading,
    ReadingStatus,
    value_problem,
)
from councilpmf.core.periods import Frequency, Month, Period, PeriodError, parse_period

__all__ = ["FrameInputError", "period_tag", "reading_frame"]

_E = TypeVar("_E", bound=enum.Enum)

REQUIRED = ("indicator", "period", "value")

SCHEMA = {
    "indicator": pl.String,
    "tag": pl.String,
    "first": pl.Int64,
    "value": pl.Float64,
    "final": pl.Boolean,
    "row": pl.Int64,
}


class FrameInputError(InputError):
    """A readings frame that cannot be read: the message names the column and the row. It is an
    :class:`~councilpmf.core.errors.InputError`, as ``Readings.from_frame`` raises for such a
    frame."""

    def __init__(self, problem: str) -> None:
        super().__init__((problem,))


def period_tag(frequency: Frequency, start_month: int) -> str:
    """The kind of period, with its year start where that matters (not for months).

    >>> period_tag(Frequency.QUARTERLY, 4), period_tag(Frequency.MONTHLY, 9)
    ('quarterly/4', 'monthly')
    """
    if frequency is Frequency.MONTHLY:
        return str(frequency.value)
    return f"{frequency.value}/{start_month}"


def describe(period: Period) -> tuple[str, int]:
    """A period's tag and the month index of its first month."""
    start = period.start
    year_start = 1 if isinstance(period, Month) else int(getattr(period, "start_month", 1))
    return period_tag(period.frequency, year_start), start.year * 12 + start.month - 1


TEXTS = ("note", "published_status", "missing_reason")
"""The columns of a reading's texts, there when its words are asked for ("" when none)."""

WORDS = (*TEXTS, "approval")
"""The columns of a reading's words, there when asked for: its :data:`TEXTS` and its approval
(``approved`` when none is given, as for a reading recorded without saying)."""


def from_records(readings: Iterable[Reading], words: bool = False) -> pl.DataFrame:
    """The frame of ``readings`` (see the module docstring), with their :data:`WORDS` when
    ``words``."""
    seen: dict[Period, tuple[str, int]] = {}
    indicators: list[str] = []
    tags: list[str] = []
    firsts: list[int] = []
    values: list[float | None] = []
    finals: list[bool] = []
    kept: list[Reading] = []
    for reading in readings:
        if not isinstance(reading, Reading):
            raise InputTypeError(
                (f"readings must be Reading records, not {type(reading).__name__}",)
            )
        period = reading.period
        known = seen.get(period)
        if known is None:
            known = seen[period] = describe(period)
        indicators.append(reading.indicator)
        tags.append(known[0])
        firsts.append(known[1])
        values.append(reading.value)
        finals.append(reading.status is ReadingStatus.FINAL)
        if words:
            kept.append(reading)
    frame = pl.DataFrame(
        {
            "indicator": indicators,
            "tag": tags,
            "first": firsts,
            "value": values,
            "final": finals,
            "row": range(len(indicators)),
        },
        schema=SCHEMA,
    )
    if words:
        return frame.with_columns(
            note=pl.Series([r.note for r in kept], dtype=pl.String),
            published_status=pl.Series([r.published_status for r in kept], dtype=pl.String),
            missing_reason=pl.Series([r.missing_reason or "" for r in kept], dtype=pl.String),
            approval=pl.Series([r.approval.value for r in kept], dtype=pl.String),
        )
    return frame


def _first_row(frame: pl.DataFrame, condition: pl.Expr) -> int:
    return int(frame.with_row_index("at").filter(condition)["at"][0])


def _from_polars(frame: pl.DataFrame, start_month: int, words: bool) -> pl.DataFrame:
    problem = columns_problem(frame.columns, unknown=False)  # it reads past any other column
    if problem is not None:
        raise FrameInputError(f"readings: {problem}")
    for name in ("indicator", "period"):
        if frame[name].null_count():
            row = _first_row(frame, pl.col(name).is_null())
            raise FrameInputError(f"readings: row {row}: {_wrong_kind(name, None)}")
    for name in REQUIRED:
        _check_kind(frame[name], name)
    _check_ids(frame["indicator"].cast(pl.String))
    value = frame["value"].cast(pl.Float64, strict=True)
    _check_texts(frame)
    value = value.fill_nan(None)
    if value.is_infinite().any():
        row = _first_row(frame.with_columns(value=value), pl.col("value").is_infinite())
        raise FrameInputError(f"readings: row {row}: {_wrong_kind('value', value[row])}")
    _check_values(frame, value)
    status = _spelled(frame, "status", ReadingStatus, ReadingStatus.FINAL)
    final = status != ReadingStatus.PROVISIONAL.value
    approval = _spelled(frame, "approval", Approval, Approval.APPROVED)  # refused when wrong
    texts = frame["period"].cast(pl.String)
    distinct = texts.unique().to_list()
    tags, firsts = [], []
    for text in distinct:
        try:
            tag, first = describe(parse_period(text, start_month))
        except PeriodError as error:
            row = _first_row(frame.with_columns(texts), pl.col("period") == text)
            raise FrameInputError(f"readings: row {row}: period: {error}") from None
        tags.append(tag)
        firsts.append(first)
    periods = pl.DataFrame(
        {"period": distinct, "tag": tags, "first": firsts},
        schema={"period": pl.String, "tag": pl.String, "first": pl.Int64},
    )
    texts_of = [
        (pl.col(name).cast(pl.String).fill_null("") if name in frame.columns else pl.lit("")).alias(
            name
        )
        for name in TEXTS
    ]
    body = frame.select(
        *(texts_of if words else []),
        *([approval] if words else []),
        indicator=pl.col("indicator").cast(pl.String),
        period=pl.col("period").cast(pl.String),
        final=final,
    ).with_columns(value=value, row=pl.int_range(pl.len(), dtype=pl.Int64))
    columns = [*SCHEMA, *(WORDS if words else ())]
    return body.join(periods, on="period", how="left", maintain_order="left").select(columns)


def _fits(name: str, cell: object) -> bool:
    """Whether ``cell``, not empty, is the kind of value the column ``name`` holds: a number
    (not a bool) in the ``value`` column, text in every other."""
    if name == "value":
        return isinstance(cell, numbers.Real) and not isinstance(cell, bool)
    return isinstance(cell, str)


def _check_kind(column: pl.Series, name: str) -> None:
    """Refuse a column of the frame's :data:`REQUIRED` ones that holds the wrong kind of value
    (see :func:`_fits`: numbers or dates for periods, numbers for indicators, text or bools for
    values) at its first such cell, in the words ``Readings.from_frame`` refuses it with (see
    :func:`_wrong_kind`); read as text or cast, ``3`` was refused as the period '3', ids of
    numbers were taken, and text of numbers was read as the numbers.

    >>> _check_kind(pl.Series([3, 4]), "period")
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 0: period: expected a period such as '2024/25 Q3', not 3
    >>> _check_kind(pl.Series([None, "12"]), "value")
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 1: value must be a number, not '12'
    """  # noqa: E501
    kind = column.dtype
    text = any(kind == known for known in _TEXT_TYPES)
    if kind == pl.Null or (kind.is_numeric() if name == "value" else text):
        return
    if kind == pl.Object:
        given = [cell is not None and not _fits(name, cell) for cell in column]
        wrong = pl.Series(given, dtype=pl.Boolean)
    else:
        wrong = column.is_not_null()
    if wrong.any():
        row = _first_true(wrong)
        raise FrameInputError(f"readings: row {row}: {_wrong_kind(name, column[row])}")


def _check_ids(ids: pl.Series) -> None:
    """Refuse an indicator id that is empty or has a space around it, as a ``Reading`` does:
    no framework's indicator is called that, so its rows would match none (a column exported
    from a spreadsheet often keeps a trailing space).

    >>> _check_ids(pl.Series(["HS01", "HS01 "]))
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 1: indicator must not start or end with a space: 'HS01 '
    """  # noqa: E501
    # Checked once for each distinct id, by the core's own rule.
    wrong = [text for text in ids.unique().to_list() if id_problem(text) is not None]
    if not wrong:
        return
    row = int(ids.is_in(wrong).arg_true()[0])
    raise FrameInputError(f"readings: row {row}: indicator {id_problem(ids[row])}")


_TEXT_TYPES = (pl.String, pl.Categorical, pl.Enum, pl.Null)


def _check_texts(frame: pl.DataFrame) -> None:
    """Refuse the first cell of a column of a reading's :data:`TEXTS`, its status or its approval
    that holds something other than text (a number), as ``Reading`` and
    ``Readings.from_frame`` do; empty cells (null or NaN) are none. Such a column is not read
    as text: ``5`` is no reason a value is missing.

    >>> _check_texts(pl.DataFrame({"missing_reason": [None, 5]}))
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 1: missing_reason: must be text, not 5
    """
    for name in (*TEXTS, "status", "approval"):
        if name not in frame.columns:
            continue
        column = frame[name]
        if any(column.dtype == kind for kind in _TEXT_TYPES):
            continue
        if column.dtype == pl.Object:
            given = [cell is not None and not isinstance(cell, str) for cell in column]
            wrong = pl.Series(given, dtype=pl.Boolean)
        else:
            wrong = (column.fill_nan(None) if column.dtype.is_float() else column).is_not_null()
        if wrong.any():
            row = _first_true(wrong)
            raise FrameInputError(f"readings: row {row}: {name}: must be text, not {column[row]!r}")


def _check_values(frame: pl.DataFrame, value: pl.Series) -> None:
    """Refuse the first row whose value and missing reason a ``Reading`` refuses: neither, or
    both, or a value beyond :data:`~councilpmf.core.indicators.LARGEST_VALUE`, in the words of
    :func:`~councilpmf.core.indicators.value_problem`. It is asked once for each distinct reason
    of the rows with no value, and of the rows with one (few, however many rows); the limit is
    one comparison of the column. An empty cell of the column is no reason, as
    ``Readings.from_frame`` reads it.

    >>> _check_values(pl.DataFrame({"missing_reason": [None, "late"]}), pl.Series([3.0, 7.0]))
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 1: value: a reading has a value or a missing_reason, not both
    >>> _check_values(pl.DataFrame({"note": ["", ""]}), pl.Series([3.0, 2e16]))
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 1: value: 2e+16 is larger than 1e+15, the most allowed
    """  # noqa: E501
    missing = value.is_null()
    refused = (value.abs() > LARGEST_VALUE).fill_null(False)
    if "missing_reason" in frame.columns:
        reasons = frame["missing_reason"].cast(pl.String)
    else:  # no reasons: a row with no value is refused, and one with a value is not for that
        reasons = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
    # A value within the limit stands for each row's: its presence alone is asked about here.
    for rows, given in ((missing, None), (~missing, 0.0)):
        if not rows.any():
            continue
        wrong = [
            r
            for r in reasons.filter(rows).unique().to_list()
            if value_problem(given, r or None) is not None
        ]
        if wrong:
            named = reasons.is_in([r for r in wrong if r is not None]).fill_null(None in wrong)
            refused = refused | (rows & named)
    if refused.any():
        row = _first_true(refused)
        problem = value_problem(value[row], reasons[row] or None)
        raise FrameInputError(f"readings: row {row}: value: {problem}")


def _first_true(mask: pl.Series) -> int:
    """The first row where ``mask``, which has one, is true (without a list of them all)."""
    first = mask.arg_max()
    assert first is not None  # only empty masks have none
    return first


def _spelled(frame: pl.DataFrame, name: str, kind: type[_E], default: _E) -> pl.Series:
    """The frame's column ``name`` of members of ``kind``, each cell as the core spells it
    (:func:`~councilpmf.core._coerce.member`: its value or name in any case, spaces around it
    ignored), ``default`` when there is no such column or a cell is empty; a cell that spells
    none is refused at its first row, in the words a ``Reading`` refuses it with. Each
    distinct spelling is read once.

    >>> _spelled(pl.DataFrame({"status": ["FINAL", None, " provisional"]}), "status",
    ...          ReadingStatus, ReadingStatus.FINAL).to_list()
    ['final', 'final', 'provisional']
    >>> _spelled(pl.DataFrame({"approval": ["", "agreed"]}), "approval", Approval,
    ...          Approval.APPROVED)
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 1: approval: 'agreed' is not one of: draft, submitted, approved
    """  # noqa: E501
    if name not in frame.columns:
        return pl.repeat(default.value, frame.height, dtype=pl.String, eager=True).alias(name)
    column = frame[name]  # text, or empty cells alone (refused before when not)
    column = column.fill_nan(None) if column.dtype.is_float() else column
    given = column.cast(pl.String).fill_null("")
    spelled = {"": default.value}
    wrong = []
    for text in given.unique().to_list():
        if text:
            found = member(kind, text)
            if isinstance(found, kind):
                spelled[text] = found.value
            else:
                wrong.append(text)
    if wrong:
        row = int(given.is_in(wrong).arg_true()[0])
        raise FrameInputError(f"readings: row {row}: {name}: {not_a_member(kind, given[row])}")
    return given.replace_strict(spelled, return_dtype=pl.String).alias(name)


def _is_instance(value: object, module: str, name: str) -> bool:
    """isinstance against a class of a library that may not be imported (never imports it)."""
    loaded = sys.modules.get(module)
    cls = getattr(loaded, name, None) if loaded is not None else None
    return isinstance(cls, type) and isinstance(value, cls)


READ = (*REQUIRED, "status", *WORDS)
"""The columns of a readings frame the engine reads; it reads past any other."""


def _from_pandas(frame: Any) -> pl.DataFrame:
    """A pandas frame's :data:`READ` columns as a polars frame (another column, whatever it
    holds, is none of the engine's concern). A column of pandas objects that mixes text with
    other values, which polars cannot convert, is refused at its first cell of the wrong kind,
    naming the column and the row, in the words a polars frame's cell is refused in: anything
    but a number in the ``value`` column, anything but text in another (see :func:`_fits`).
    A ``value`` column of objects is looked through first: a bool among numbers converts,
    silently, to a number.

    >>> import pandas as pd
    >>> _from_pandas(pd.DataFrame({"indicator": ["HS01", 5], "period": ["2024/25 Q1"] * 2}))
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 1: indicator must be text, not 5
    """
    read = frame.loc[:, frame.columns.isin(READ)]
    if "value" in read.columns and read["value"].dtype == object:
        _refuse_wrong_cell(read["value"], "value")
    try:
        return pl.from_pandas(read)
    except (TypeError, ValueError) as error:  # pyarrow's, naming no column
        for at, name in enumerate(read.columns):
            try:
                _refuse_wrong_cell(read.iloc[:, at], name)
            except FrameInputError as refusal:
                raise refusal from error
        raise


def _refuse_wrong_cell(column: Any, name: str) -> None:
    """Refuse the first cell of the pandas ``column`` that is neither empty nor of the kind
    the column ``name`` holds (see :func:`_fits`), naming its row."""
    cells = column.tolist()
    for row, (cell, empty) in enumerate(zip(cells, column.isna().tolist(), strict=True)):
        if not empty and not _fits(name, cell):
            raise FrameInputError(f"readings: row {row}: {_wrong_kind(name, cell)}")


def _wrong_kind(name: str, cell: object) -> str:
    """The column ``name`` and what is wrong with its ``cell`` when that is the wrong kind of
    value (or empty, None), in the words ``Readings.from_frame`` refuses it with: a
    ``Reading``'s for its indicator and value, the core's for a period, which say what to
    write, and "must be text" for another column.

    >>> _wrong_kind("value", "n/a"), _wrong_kind("note", 5)
    ("value must be a number, not 'n/a'", 'note: must be text, not 5')
    >>> _wrong_kind("period", 3)
    "period: expected a period such as '2024/25 Q3', not 3"
    >>> _wrong_kind("indicator", 5), _wrong_kind("indicator", None)
    ('indicator must be text, not 5', 'indicator must not be empty')
    """
    if name == "period":
        return f"period: {not_a_period(cell)}"
    if name == "indicator":
        return (
            f"indicator {id_problem('')}"
            if cell is None
            else f"indicator must be text, not {cell!r}"
        )
    if name == "value":
        return f"value must be a number, not {cell!r}"
    return f"{name}: must be text, not {cell!r}"


def _once_each(names: Iterable[object]) -> None:
    """Refuse a frame with two columns of one name (a pandas frame or pyarrow table may have
    them; polars' conversion refused it naming neither), in ``Readings.from_frame``'s words.

    >>> import pandas as pd
    >>> _once_each(pd.DataFrame([[1, 2]], columns=["value", "value"]).columns)
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: column 'value' appears twice; name each once
    """
    problem = repeated_column(names)
    if problem is not None:
        raise FrameInputError(f"readings: {problem}")


def reading_frame(
    readings: Any, start_month: int, words: bool = False
) -> tuple[pl.DataFrame, Readings | None]:
    """Readings as one frame (see the module docstring; with the :data:`WORDS` columns when
    ``words``), and the core index when one was given (its comparator groups are needed by
    the quartile rule)."""
    if isinstance(readings, Readings):
        return from_records(readings.index.values(), words), readings
    if isinstance(readings, pl.LazyFrame):
        readings = readings.collect()
    if isinstance(readings, pl.DataFrame):
        return _from_polars(readings, start_month, words), None
    if _is_instance(readings, "pandas", "DataFrame"):
        _once_each(readings.columns)
        return _from_polars(_from_pandas(readings), start_month, words), None
    if _is_instance(readings, "pyarrow", "Table") or _is_instance(
        readings, "pyarrow", "RecordBatch"
    ):
        _once_each(readings.schema.names)
        converted = pl.from_arrow(readings)
        assert isinstance(converted, pl.DataFrame)
        return _from_polars(converted, start_month, words), None
    if isinstance(readings, str | bytes) or not isinstance(readings, Iterable):
        raise InputTypeError(
            (
                "readings must be Reading records or a polars, pandas or pyarrow frame, "
                f"not {type(readings).__name__}",
            )
        )
    return from_records(readings, words), None
