"""Spreadsheet number formats that show a number exactly as the report shows it.

A :class:`~councilpmf.core.report.NumberCell` carries the number and its text, written with the
indicator's unit and decimals (``71.2%``, ``£1,234,567``, ``24.8 days``), marked when the figure
may yet change (``32.6% (provisional)``, ``12 (draft)``, ``4.0 (provisional, submitted)``) or
as the statistical shorthand qualified it where it was published (``41.0% (revised, note 2)``).
:func:`excel_number` reads the text's shape, never its number, and returns the value to store
and the Excel number format that shows it the same way: a percentage is stored as a fraction
(0.712) with a percentage format, so Excel's own sums and charts work.
The value is stored as it is: the report rounds as Excel does (a half away from zero, 71.25 is
71.3%), so the cell shows what the report shows. Where a report writes a figure Excel would
round otherwise (an action 99.96% complete is "99.9%", never "100%"), the cell holds the figure
the report shows.

>>> from councilpmf.core.report import NumberCell
>>> excel_number(NumberCell(value=71.2, text="71.2%"))
ExcelNumber(value=0.712, format='#,##0.0%')
>>> excel_number(NumberCell(value=-1234567.0, text="-£1,234,567"))
ExcelNumber(value=-1234567.0, format='"£"#,##0;-"£"#,##0')
>>> excel_number(NumberCell(value=32.6, text="32.6% (provisional)"))
ExcelNumber(value=0.326, format='#,##0.0%" (provisional)"')
>>> excel_number(NumberCell(value=4.0, text="4.0 days (provisional, draft)"))
ExcelNumber(value=4.0, format='#,##0.0" days"" (provisional, draft)"')
>>> excel_number(NumberCell(value=41.0, text="41.0% (revised, note 2)"))
ExcelNumber(value=0.41, format='#,##0.0%" (revised, note 2)"')
>>> excel_number(NumberCell(value=None, text="no data")) is None
True
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import attrs

from councilpmf.core.report import NumberCell

__all__ = ["ExcelNumber", "excel_number", "plain_number"]


@attrs.frozen
class ExcelNumber:
    """A value for a cell and the number format that shows it."""

    value: float
    format: str


_MARK = (
    "provisional|draft|submitted|revised|estimated|forecast|low reliability|break in series"
    "|note [0-9]{1,4}"
)
"""What may mark a figure: the approval of a reading, and the statistical shorthand's
qualifiers of a published value (:data:`councilpmf.core.shorthand.QUALIFIERS`)."""
_SHAPE = re.compile(
    r"-?(?P<money>£)?-?(?P<whole>[0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)(?:\.(?P<decimals>[0-9]+))?"
    r"(?P<unit>%| days?)?"
    rf"(?P<marks> \((?:{_MARK})(?:, (?:{_MARK}))*\))?"
)


def plain_number(value: float | int) -> ExcelNumber:
    """A bare number: a whole number without decimals, any other as Excel shows it.

    >>> plain_number(3), plain_number(2.5)
    (ExcelNumber(value=3, format='0'), ExcelNumber(value=2.5, format='General'))
    """
    return ExcelNumber(value, "0" if isinstance(value, int) else "General")


def _as_shown(value: float, text: str, shape: re.Match[str], digits: int) -> float:
    """``value``, unless Excel would show it otherwise than ``text`` does: then the number
    ``text`` shows. Excel rounds a half away from zero, as the report does, but a report may
    write a figure of its own choosing: an action 99.96% complete is "99.9%", which Excel
    would show as 100.0%.

    >>> shape = _SHAPE.fullmatch("99.9%")
    >>> _as_shown(99.96, "99.9%", shape, 1), _as_shown(99.94, "99.9%", shape, 1)
    (99.9, 99.94)
    """
    negative = "-" in text[: shape.start("whole")]
    written = shape["whole"].replace(",", "") + ("." + shape["decimals"] if digits else "")
    shown = Decimal(("-" if negative else "") + written)
    excel = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return value if excel == shown else float(shown)


def excel_number(cell: NumberCell) -> ExcelNumber | None:
    """The value and number format for a number cell, or None when it holds no number.

    A number whose text has a shape this does not know (a council's own unit, say) keeps its
    value with the ``General`` format; the words are then lost, never the number.
    """
    if cell.value is None:
        return None
    if cell.text in ("Yes", "No"):
        return ExcelNumber(cell.value, '"Yes";"Yes";"No"')
    shape = _SHAPE.fullmatch(cell.text)
    if shape is None:
        return ExcelNumber(cell.value, "General")
    digits = len(shape["decimals"] or "")
    number = "#,##0" + ("." + "0" * digits if digits else "")
    value = _as_shown(cell.value, cell.text, shape, digits)
    unit = shape["unit"]
    if unit == "%":
        # Rounded so that 71.2% is stored as 0.712, not 0.7120000000000001.
        number, value = number + "%", round(value / 100, 12)
    elif unit:
        number += f'"{unit}"'
    if shape["marks"]:
        number += f'"{shape["marks"]}"'
    if shape["money"]:
        number = f'"£"{number};-"£"{number}'
    return ExcelNumber(value, number)
