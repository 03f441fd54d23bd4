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
import importlib
import sys
from collections.abc import Iterable
from typing import Any, TypeVar

import polars as pl

from councilpmf.core._coerce import member, not_a_member, not_a_period, to_value_or_missing
from councilpmf.core._validate import id_problem, is_number
from councilpmf.core.assess import Readings
from councilpmf.core.columns import absent, columns_problem, repeated_column
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


Fault = tuple[int, str]
"""A row of a readings frame and what is wrong with it, in the words ``Readings.from_frame``
refuses it with."""


class _Check(enum.IntEnum):
    """What can be wrong with a row of a readings frame, in the order ``Readings.from_frame``
    asks: :func:`~councilpmf.core.columns.readings_from_columns` reads a row's period, then
    each of its texts, and a :class:`~councilpmf.core.indicators.Reading` then checks its
    fields in their order, and its value beside its missing reason last. A frame is refused at
    its first row with anything wrong, for the first thing wrong with that row in this order.
    """

    PERIOD = enum.auto()  # empty, no text, or text that is no period
    MISSING_REASON_TEXT = enum.auto()  # no text (the texts as the core reads them)
    STATUS_TEXT = enum.auto()
    NOTE_TEXT = enum.auto()
    PUBLISHED_STATUS_TEXT = enum.auto()
    APPROVAL_TEXT = enum.auto()
    INDICATOR = enum.auto()  # empty, no text, or text with a space around it
    VALUE = enum.auto()  # no number, or an infinite one
    STATUS = enum.auto()  # text that spells no status
    APPROVAL = enum.auto()  # text that spells no approval
    VALUE_AND_REASON = enum.auto()  # neither, both, or a value beyond the largest allowed


_KIND_CHECKS = {
    "period": _Check.PERIOD,
    "missing_reason": _Check.MISSING_REASON_TEXT,
    "status": _Check.STATUS_TEXT,
    "note": _Check.NOTE_TEXT,
    "published_status": _Check.PUBLISHED_STATUS_TEXT,
    "approval": _Check.APPROVAL_TEXT,
    "indicator": _Check.INDICATOR,
    "value": _Check.VALUE,
}
"""Each column the engine reads, with the check a cell of the wrong kind fails (see
:func:`_fits`)."""


class _Faults:
    """The faults found in a readings frame, each the first row one check refuses.

    Each check is made on whole columns, so a clean frame costs a few column operations and
    never a step per row; the frame is then refused where ``Readings.from_frame``, which
    checks a row at a time, refuses it: at the first row with a fault, for the first of its
    faults in the order of :class:`_Check`.

    >>> faults = _Faults()
    >>> faults.add(_Check.INDICATOR, (1, "indicator must not be empty"))
    >>> faults.add(_Check.STATUS, (1, "status: 'x' is not one of: provisional, final"))
    >>> faults.add(_Check.PERIOD, None)
    >>> faults.refuse()
    Traceback (most recent call last):
    ...
    councilpmf.frames._input.FrameInputError: readings: row 1: indicator must not be empty
    """

    def __init__(self) -> None:
        self.found: list[tuple[int, _Check, str]] = []

    def add(self, check: _Check, fault: Fault | None) -> None:
        """Note the first row ``check`` refuses and why, if it refuses one."""
        if fault is not None:
            self.found.append((fault[0], check, fault[1]))

    def refuse(self) -> None:
        """Refuse the frame at the fault ``Readings.from_frame`` names, if any was found (of
        two for one row and check, the one noted first)."""
        if self.found:
            row, _, problem = min(self.found, key=lambda fault: fault[:2])
            raise FrameInputError(f"readings: row {row}: {problem}")


def _from_polars(
    frame: pl.DataFrame,
    start_month: int,
    words: bool,
    found: Iterable[tuple[str, Fault]] = (),
) -> pl.DataFrame:
    """The readings of a polars frame (see the module docstring), or its refusal where and in
    the words ``Readings.from_frame`` refuses it (see :class:`_Faults`); ``found`` are the
    first cells of the wrong kind of its columns found before it was one, by column."""
    problem = columns_problem(frame.columns, unknown=False)  # it reads past any other column
    if problem is not None:
        raise FrameInputError(f"readings: {problem}")
    faults = _Faults()
    # Noted first: a cell left empty in the conversion is one to the checks below too.
    for name, first in found:
        faults.add(_KIND_CHECKS[name], first)
    for name, check in _KIND_CHECKS.items():
        if name in frame.columns:
            faults.add(check, _wrong_cell(frame[name], name))
    periods, fault = _periods(frame["period"], start_month)
    faults.add(_Check.PERIOD, fault)
    faults.add(_Check.INDICATOR, _check_ids(frame["indicator"]))
    status, fault = _spelled(frame, "status", ReadingStatus, ReadingStatus.FINAL)
    faults.add(_Check.STATUS, fault)
    approval, fault = _spelled(frame, "approval", Approval, Approval.APPROVED)
    faults.add(_Check.APPROVAL, fault)
    value = _numbers(frame["value"])
    if "missing_reason" in frame.columns:
        reasons = _text_of(frame["missing_reason"])
    else:  # no reasons: a row with no value is refused, and one with a value is not for that
        reasons = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
    faults.add(_Check.VALUE_AND_REASON, _check_values(reasons, value, frame["value"]))
    faults.refuse()
    final = status != ReadingStatus.PROVISIONAL.value
    # Each text as the core reads it: "" for an empty cell (NaN too, never the text "NaN"), and
    # the text of a column of objects, which polars cannot cast.
    texts_of = [
        (_text_of(frame[name]).fill_null("") if name in frame.columns else pl.lit("")).alias(name)
        for name in TEXTS
    ]
    body = frame.select(
        *(texts_of if words else []),
        *([approval] if words else []),
        indicator=_text_of(frame["indicator"]),
        period=_text_of(frame["period"]),
        final=final,
    ).with_columns(value=value, row=pl.int_range(pl.len(), dtype=pl.Int64))
    columns = [*SCHEMA, *(WORDS if words else ())]
    return body.join(periods, on="period", how="left", maintain_order="left").select(columns)


def _fits(name: str, cell: object) -> bool:
    """Whether ``cell``, not empty (see :func:`_empty`), is the kind of value the column
    ``name`` holds: text in every column but ``value``, and there a finite number (not a
    bool) of any numeric type, a ``Decimal`` too, as a ``Reading`` takes it (see
    :func:`_as_read`; a whole number too large for a float is none).

    >>> from decimal import Decimal
    >>> [_fits("value", cell) for cell in (2.5, Decimal("2.5"), True, float("inf"), 10**400)]
    [True, True, False, False, False]
    """
    if name == "value":
        return is_number(_as_read(cell))
    return isinstance(cell, str)


def _empty(name: str, cell: object) -> bool:
    """Whether ``cell`` of the column ``name`` is empty as ``Readings.from_frame`` reads it
    (:func:`~councilpmf.core.columns.absent`): None, NaN, pandas' NA or NaT, and in the
    ``value`` column empty text and NaN of any numeric type too (see :func:`_as_read`). In
    another column empty text is text, as the core reads it: a period's is refused as no
    period, and any other is none.

    >>> import pandas as pd
    >>> from decimal import Decimal
    >>> [_empty("value", cell) for cell in ("", " ", Decimal("NaN"), pd.NA)]
    [True, False, True, True]
    >>> [_empty("note", cell) for cell in (float("nan"), pd.NaT, "", Decimal("NaN"))]
    [True, True, False, False]
    """
    if name == "value":
        return _as_read(cell) is None
    return not isinstance(cell, str) and absent(cell)


_TEXT_TYPES = (pl.String, pl.Categorical, pl.Enum, pl.Null)


def _is_text(kind: pl.DataType) -> bool:
    return any(kind == known for known in _TEXT_TYPES)


def _wrong_cell(column: pl.Series, name: str) -> Fault | None:
    """The first cell of the column ``name`` that holds the wrong kind of value (see
    :func:`_fits`: a number or a date for a period, a number for an indicator or a reading's
    text, text, a bool, an infinity or a whole number too large for a float for a value), or
    that is empty where a reading needs one (its indicator and period), in the words
    ``Readings.from_frame`` refuses it with (see :func:`_wrong_kind`); NaN is an empty cell,
    as the core reads it (see :func:`_empty`). Read as text or cast, ``3`` was refused as the
    period '3', ids of numbers were taken, text of numbers was read as the numbers and ``5``
    as the missing reason '5'.

    >>> _wrong_cell(pl.Series([3, 4]), "period")
    (0, "period: expected a period such as '2024/25 Q3', not 3")
    >>> _wrong_cell(pl.Series(["", "12"]), "value"), _wrong_cell(pl.Series([None, 5]), "note")
    ((1, "value must be a number, not '12'"), (1, 'note: must be text, not 5'))
    >>> _wrong_cell(pl.Series(["HS01", None]), "indicator")
    (1, 'indicator must not be empty')
    >>> _wrong_cell(pl.Series([float("nan"), 2.0]), "indicator")
    (0, 'indicator must not be empty')
    >>> from decimal import Decimal
    >>> _wrong_cell(pl.Series([None, Decimal("2.5"), Decimal("-Infinity")], dtype=pl.Object),
    ...             "value")
    (2, 'value must be a number, not -inf')
    """
    if column.dtype.is_float():
        column = column.fill_nan(None)
    kind = column.dtype
    needed = name in ("indicator", "period")  # a reading has one; any other cell may be empty
    wrong: pl.Series | None
    if kind == pl.Object:
        cells = [None if _empty(name, cell) else cell for cell in column]
        column = pl.Series(column.name, cells, dtype=pl.Object)  # shown as None when empty
        wrong = pl.Series(
            [needed if cell is None else not _fits(name, cell) for cell in cells], dtype=pl.Boolean
        )
    elif name != "value" and _is_text(kind):
        wrong = column.is_null() if needed and column.null_count() else None
    elif name == "value" and (kind == pl.Null or kind.is_numeric()):
        wrong = column.is_infinite().fill_null(False) if kind.is_float() else None
    elif name == "value" and _is_text(kind):  # empty text is an empty value, any other none
        wrong = column.cast(pl.String).ne("").fill_null(False)
    elif needed:  # every cell is of the wrong kind or empty
        wrong = pl.repeat(True, len(column), dtype=pl.Boolean, eager=True)
    else:
        wrong = column.is_not_null()
    if wrong is None or not wrong.any():
        return None
    row = _first_true(wrong)
    return row, _wrong_kind(name, column[row])


def _text_of(column: pl.Series) -> pl.Series:
    """The text of each cell of ``column``, null where it holds none: an empty cell, or one of
    another kind (:func:`_wrong_cell` refuses those).

    >>> _text_of(pl.Series(["late", None])).to_list(), _text_of(pl.Series([5, 6])).to_list()
    (['late', None], [None, None])
    """
    kind = column.dtype
    if _is_text(kind):
        return column.cast(pl.String)
    if kind == pl.Object:
        cells = [cell if isinstance(cell, str) else None for cell in column]
        return pl.Series(column.name, cells, dtype=pl.String)
    return pl.repeat(None, len(column), dtype=pl.String, eager=True).alias(column.name)


def _as_read(cell: Any) -> Any:
    """A ``value`` cell as ``Readings.from_frame`` reads it, and shows it when it refuses it:
    None when empty (see :func:`~councilpmf.core.columns.absent`: None, NaN, pandas' NA or
    NaT, or empty text) or NaN of any other numeric type, an ``int`` or ``float`` as it is (a
    whole number of an integer column stays whole), a number of another type (numpy's, a
    ``Decimal``) as a float, and anything else as it is
    (:func:`~councilpmf.core._coerce.to_value_or_missing`).

    >>> from decimal import Decimal
    >>> _as_read(2**62), _as_read(Decimal("2.5")), _as_read(Decimal("NaN")), _as_read("12")
    (4611686018427387904, 2.5, None, '12')
    >>> _as_read(""), _as_read(" ")
    (None, ' ')
    """
    return None if absent(cell) else to_value_or_missing(cell)


def _numbers(column: pl.Series) -> pl.Series:
    """The ``value`` column as numbers, null where a cell is empty (see :func:`_empty`: NaN,
    empty text) or holds no number (:func:`_wrong_cell` refuses those).

    >>> _numbers(pl.Series([1, None])).to_list(), _numbers(pl.Series(["1", None])).to_list()
    ([1.0, None], [None, None])
    """
    kind = column.dtype
    if kind.is_numeric():
        found = column.cast(pl.Float64, strict=True)
    elif kind == pl.Object:
        cells = [float(cell) if is_number(cell) else None for cell in map(_as_read, column)]
        found = pl.Series(cells, dtype=pl.Float64)
    else:
        found = pl.repeat(None, len(column), dtype=pl.Float64, eager=True)
    return found.fill_nan(None).alias("value")


def _periods(column: pl.Series, start_month: int) -> tuple[pl.DataFrame, Fault | None]:
    """``period, tag, first`` for each distinct text of the ``period`` column that is a period
    (read once each, with years starting in ``start_month``), and the first row whose text is
    none, in the core's words.

    >>> table, fault = _periods(pl.Series(["2024/25 Q1", None, "2024/26", "2024/25 Q9"]), 4)
    >>> table.rows(), fault
    ([('2024/25 Q1', 'quarterly/4', 24291)], (2, "period: '2024/26' is not a period: the second year must follow the first, e.g. '2024/25'"))
    """  # noqa: E501
    texts = _text_of(column)
    read: dict[str, tuple[str, int]] = {}
    wrong: dict[str, str] = {}
    for text in texts.drop_nulls().unique().to_list():
        try:
            read[text] = describe(parse_period(text, start_month))
        except PeriodError as error:
            wrong[text] = f"period: {error}"
    table = pl.DataFrame(
        {
            "period": list(read),
            "tag": [tag for tag, _ in read.values()],
            "first": [first for _, first in read.values()],
        },
        schema={"period": pl.String, "tag": pl.String, "first": pl.Int64},
    )
    if not wrong:
        return table, None
    row = _first_true(texts.is_in(list(wrong)).fill_null(False))
    return table, (row, wrong[texts[row]])


def _check_ids(column: pl.Series) -> Fault | None:
    """The first indicator id that is empty or has a space around it, as a ``Reading`` refuses
    it: no framework's indicator is called that, so its rows would match none (a column
    exported from a spreadsheet often keeps a trailing space).

    >>> _check_ids(pl.Series(["HS01", None, "HS01 "]))
    (2, "indicator must not start or end with a space: 'HS01 '")
    """
    ids = _text_of(column)
    # Checked once for each distinct id, by the core's own rule.
    wrong = [text for text in ids.drop_nulls().unique().to_list() if id_problem(text) is not None]
    if not wrong:
        return None
    row = _first_true(ids.is_in(wrong).fill_null(False))
    return row, f"indicator {id_problem(ids[row])}"


def _check_values(reasons: pl.Series, value: pl.Series, cells: pl.Series) -> Fault | None:
    """The first row whose value and missing reason (text, null when none) a ``Reading``
    refuses: neither, or both, or a value beyond
    :data:`~councilpmf.core.indicators.LARGEST_VALUE`, in the words of
    :func:`~councilpmf.core.indicators.value_problem`, which show a value as the frame gives
    it in ``cells`` (a whole number as it is, not as a float), as ``Readings.from_frame`` does.
    It is asked once for each distinct reason of the rows with no value, and of the rows with
    one (few, however many rows); the limit is one comparison of the column. An empty reason
    is none, as ``Readings.from_frame`` reads it.

    >>> _check_values(pl.Series([None, "late"]), pl.Series([3.0, 7.0]), pl.Series([3, 7]))
    (1, 'value: a reading has a value or a missing_reason, not both')
    >>> _check_values(pl.Series(["", None]), pl.Series([3.0, 2e16]), pl.Series([3, 2 * 10**16]))
    (1, 'value: 20000000000000000 is larger than 1e+15, the most allowed')
    """
    missing = value.is_null()
    refused = (value.abs() > LARGEST_VALUE).fill_null(False)
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
    if not refused.any():
        return None
    row = _first_true(refused)
    # A value as the frame gives it; a cell that is none (refused already) as no value.
    shown = None if value[row] is None else _as_read(cells[row])
    return row, f"value: {value_problem(shown, reasons[row] or None)}"


def _first_true(mask: pl.Series) -> int:
    """The first row where ``mask``, which has one, is true (without a list of them all)."""
    first = mask.arg_max()
    assert first is not None  # only empty masks have none
    return first


def _spelled(
    frame: pl.DataFrame, name: str, kind: type[_E], default: _E
) -> tuple[pl.Series, Fault | None]:
    """The frame's column ``name`` of members of ``kind``, each cell as the core spells it
    (:func:`~councilpmf.core._coerce.member`: its value or name in any case, spaces around it
    ignored), ``default`` when there is no such column or a cell is empty, and the first row
    whose text spells none, in the words a ``Reading`` refuses it with (null there). Each
    distinct spelling is read once; a cell that is no text is refused before
    (:func:`_wrong_cell`).

    >>> _spelled(pl.DataFrame({"status": ["FINAL", None, " provisional"]}), "status",
    ...          ReadingStatus, ReadingStatus.FINAL)[0].to_list()
    ['final', 'final', 'provisional']
    >>> _spelled(pl.DataFrame({"approval": ["", "agreed"]}), "approval", Approval,
    ...          Approval.APPROVED)[1]
    (1, "approval: 'agreed' is not one of: draft, submitted, approved")
    """
    if name not in frame.columns:
        default_column = pl.repeat(default.value, frame.height, dtype=pl.String, eager=True)
        return default_column.alias(name), None
    given = _text_of(frame[name]).fill_null("")
    spelled = {"": default.value}
    wrong = []
    for text in given.unique().to_list():
        if text:
            found = member(kind, text)
            if isinstance(found, kind):
                spelled[text] = found.value
            else:
                wrong.append(text)
    read = given.replace_strict(spelled, default=None, return_dtype=pl.String).alias(name)
    if not wrong:
        return read, None
    row = _first_true(given.is_in(wrong))
    return read, (row, f"{name}: {not_a_member(kind, given[row])}")


def _is_instance(value: object, module: str, name: str) -> bool:
    """isinstance against a class of a library that may not be imported (never imports it)."""
    loaded = sys.modules.get(module)
    cls = getattr(loaded, name, None) if loaded is not None else None
    return isinstance(cls, type) and isinstance(value, cls)


READ = (*REQUIRED, "status", *WORDS)
"""The columns of a readings frame the engine reads; it reads past any other."""


def _from_pandas(frame: Any) -> tuple[pl.DataFrame, list[tuple[str, Fault]]]:
    """A pandas frame's :data:`READ` columns as a polars frame (another column, whatever it
    holds, is none of the engine's concern), and the first cell of the wrong kind (see
    :func:`_fits`) of each column of text, by column. A column of pandas objects holding any
    cell but text and empty ones (see :func:`_text_or_empty`), or one that polars cannot
    convert, or would convert to no text, is read cell by cell as ``Readings.from_frame``
    reads it, and converted with its cells of the wrong kind and its empty ones left None
    (see :func:`_emptied`), so that the rest of the frame is checked as a polars frame is,
    and refused where and for the cell ``Readings.from_frame`` refuses it. Converted by
    pyarrow, such a column failed, naming no column, where it mixed text with numbers;
    became pyarrow's own choice of number where it held numbers alone (``7`` as ``7.0``
    among ``2.5``); and was read as the core does not read it where it held a decimal NaN,
    which pyarrow takes for an empty cell, or bytes among text, which it takes for text. A
    ``value`` column of objects becomes a polars column of objects, its cells as
    ``Readings.from_frame`` has them (see :func:`_pandas_cells`), each then read as the core
    reads it; converted by pyarrow, a bool among numbers would become a number, silently,
    and a decimal, or a whole number too large for a float to hold exactly, among floats
    would fail, naming no column.

    >>> import pandas as pd
    >>> from decimal import Decimal
    >>> frame, found = _from_pandas(
    ...     pd.DataFrame({"indicator": ["HS01", 5], "period": ["2024/25 Q1"] * 2}))
    >>> frame["indicator"].to_list(), found
    (['HS01', None], [('indicator', (1, 'indicator must be text, not 5'))])
    >>> _from_pandas(pd.DataFrame({"note": pd.Series([7, 2.5], dtype=object)}))[1]
    [('note', (0, 'note: must be text, not 7'))]
    >>> _from_pandas(pd.DataFrame({"note": ["checked", Decimal("NaN")]}))[1]
    [('note', (1, "note: must be text, not Decimal('NaN')"))]
    """
    read = frame.loc[:, frame.columns.isin(READ)]
    found: list[tuple[str, Fault]] = []
    objects: list[pl.Series] = []
    if "value" in read.columns and read["value"].dtype == object:
        objects.append(pl.Series("value", _pandas_cells(read["value"]), dtype=pl.Object))
        read = read.drop(columns="value")
    of_objects = [name for name in read.columns if read[name].dtype == object]
    mixed = [name for name in of_objects if not _text_or_empty(read[name])]
    read = _emptied(read, mixed, found)
    rest = [name for name in of_objects if name not in mixed]
    try:
        converted = pl.from_pandas(read)
    except (TypeError, ValueError, NotImplementedError) as error:  # pyarrow's, naming no column
        try:
            converted = pl.from_pandas(_emptied(read, rest, found))
        except (TypeError, ValueError, NotImplementedError):
            raise error from None
    else:
        # A column of objects holding nothing but NaN of numpy's float32 (or float16) is
        # converted to pyarrow's floats: it is read cell by cell too, as the core reads it.
        no_text = [name for name in rest if not _is_text(converted[name].dtype)]
        if no_text:
            converted = pl.from_pandas(_emptied(read, no_text, found))
    return converted.with_columns(objects), found


def _text_or_empty(column: Any) -> bool:
    """Whether the pandas ``column`` of objects may be left to pyarrow, which converts text as
    it is and takes None, pandas' NA and NaN for empty cells, as ``Readings.from_frame`` reads
    them: whether pandas finds it a column of text, or of nothing, when it passes over those
    (asked of the whole column at once, so that a clean frame pays no step per row in
    Python). pyarrow takes other cells for empty ones or for text where the core does not (a
    decimal NaN, which pandas passes over elsewhere, is no text, nor are bytes), or fails,
    naming no column (on numpy's NaT of no unit), so a column holding any is read cell by
    cell (see :func:`_emptied`). pandas passes over a complex NaN too, which is no text to
    the core, and NaN of numpy's other floats (float32, longdouble), an empty cell: pyarrow
    fails on each, or gives a column of them as floats, and such a column is read cell by
    cell then (see :func:`_from_pandas`).

    >>> import pandas as pd
    >>> from decimal import Decimal
    >>> [_text_or_empty(pd.Series(cells, dtype=object)) for cells in (["a", None,
    ...     float("nan")], [None], ["a", Decimal("NaN")], ["a", b"x"], [None, 2.5])]
    [True, True, False, False, False]
    """
    infer_dtype = importlib.import_module("pandas.api.types").infer_dtype
    return bool(infer_dtype(column, skipna=True) in ("string", "empty"))


def _pandas_cells(column: Any) -> list[Any]:
    """The cells of a pandas ``column`` as ``Readings.from_frame`` has them, through pandas'
    ``to_dict``, which gives numpy's numbers as Python's (NaN of ``float32`` as a ``float``'s,
    so an empty cell, where polars' column of it holds numpy's, which is no text).

    >>> import numpy as np, pandas as pd
    >>> _pandas_cells(pd.Series(["x", np.int64(5), np.float32("nan"), pd.NA], dtype=object))
    ['x', 5, nan, None]
    """
    cells: list[Any] = column.to_frame(name=0).to_dict(orient="list")[0]
    return cells


def _emptied(frame: Any, names: Iterable[str], found: list[tuple[str, Fault]]) -> Any:
    """The pandas ``frame`` with the cells of its columns ``names`` that are empty (see
    :func:`_empty`; pyarrow cannot convert NaN of ``float32`` among text) or not of the kind
    their column holds (see :func:`_fits`) left None, the first of the latter of each column
    added to ``found``, by column."""
    for name in names:
        cells = [None if _empty(name, cell) else cell for cell in _pandas_cells(frame[name])]
        kept = [cell is not None and _fits(name, cell) for cell in cells]
        wrong = [row for row, cell in enumerate(cells) if cell is not None and not kept[row]]
        if wrong:
            found.append((name, (wrong[0], _wrong_kind(name, cells[wrong[0]]))))
        frame = frame.assign(**{name: frame[name].where(kept, None)})
    return frame


def _wrong_kind(name: str, cell: object) -> str:
    """The column ``name`` and what is wrong with its ``cell`` when that is the wrong kind of
    value (or empty, None), in the words ``Readings.from_frame`` refuses it with: a
    ``Reading``'s for its indicator and value, the core's for a period, which say what to
    write, and "must be text" for another column.

    >>> _wrong_kind("value", "n/a"), _wrong_kind("note", 5)
    ("value must be a number, not 'n/a'", 'note: must be text, not 5')
    >>> from decimal import Decimal
    >>> _wrong_kind("value", Decimal("Infinity"))  # a Reading takes it as the float inf
    'value must be a number, not inf'
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
        return f"value must be a number, not {_as_read(cell)!r}"
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
        read, found = _from_pandas(readings)
        return _from_polars(read, start_month, words, found), None
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
