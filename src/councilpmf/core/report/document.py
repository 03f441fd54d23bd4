"""The report document: what every report format lays out.

A :class:`Report` is a title, a few facts (council, committee, period, ``as_of``) and a tuple of
:class:`Section`; each section holds blocks: a :class:`Paragraph`, a :class:`Table` or a
:class:`Chart`. Nothing here assesses anything: the builders (one module per report kind) fill
the document, and the formats only lay it out.

A table cell is plain text, a number, ``None`` (empty), or one of the cell records: a
:class:`NumberCell` (the number and how it is shown: ``71.2`` and ``"71.2%"``), a
:class:`StatusCell` (a rating's status, the council's word for it and its symbol), a
:class:`TravelCell` (a direction of travel with its word and arrow) or a :class:`DateCell`.

>>> row = Row(header="Fly-tips cleared in 5 days", cells=("FT", NumberCell(value=84.0, text="84.0%")),
...           group="Our place", committee="Cabinet")
>>> table = Table(caption="Indicators", columns=(Column(key="indicator", title="Indicator"),
...     Column(key="ref", title="Ref"), Column(key="value", title="Value", kind="number")),
...     rows=(row,))
>>> [cell_text(c) for c in table.rows[0].cells], table.rows[0].group
(['FT', '84.0%'], 'Our place')
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeAlias

import attrs
from attrs import validators as v

from councilpmf.core._coerce import one_of
from councilpmf.core._validate import (
    is_number,
    of_type,
    refuse_repeats,
    refuse_text,
    unicode_problem,
    unicode_text,
    whole_in,
)
from councilpmf.core.actions import format_date
from councilpmf.core.errors import InputError, InputTypeError
from councilpmf.core.rag import Rating, Status
from councilpmf.core.travel import Direction, Travel

__all__ = [
    "COLUMN_KINDS",
    "Block",
    "Cell",
    "Chart",
    "Column",
    "ColumnKind",
    "DateCell",
    "LevelCell",
    "NumberCell",
    "Paragraph",
    "Point",
    "Report",
    "Row",
    "Section",
    "Series",
    "StatusCell",
    "Table",
    "TravelCell",
    "cell_text",
]


ColumnKind: TypeAlias = Literal["text", "number", "status", "travel", "date"]
COLUMN_KINDS: tuple[ColumnKind, ...] = ("text", "number", "status", "travel", "date")


# Valid Unicode, as every format writes it; control characters and bidirectional overrides are
# taken (a plugin's report may hold them), and every format escapes them (councilpmf.escape).
_text = unicode_text


def _number(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_number(value):
        raise InputTypeError((f"{attribute.name} must be a finite number or None, not {value!r}",))


def _tuple_of(*kinds: type) -> Any:
    return v.deep_iterable(of_type(*kinds), of_type(tuple))


# -- cells -----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class NumberCell:
    """A number and how it is shown: CSV and JSON keep ``value``, text and HTML show ``text``.

    ``value`` is None when there is no number (no data, a target band, data only); ``text`` then
    says why.
    """

    value: float | None = attrs.field(validator=_number)
    text: str = attrs.field(validator=_text)


def _rank(instance: LevelCell, attribute: attrs.Attribute[Any], rank: object) -> None:
    whole_in(1, instance.levels)(instance, attribute, rank)


@attrs.frozen(kw_only=True)
class LevelCell(NumberCell):
    """A number that falls in one of ``levels`` ordered levels, such as a heat map's cell: the
    level's word is in ``text`` (so a format that knows only :class:`NumberCell` shows it), and
    its ``rank`` (1 the lowest) lets a format tint the cell as well, never instead.

    >>> cell = LevelCell(value=2, text="2 (High)", level="High", rank=3, levels=4)
    >>> cell_text(cell), isinstance(cell, NumberCell)
    ('2 (High)', True)
    """

    level: str = attrs.field(validator=_text)
    levels: int = attrs.field(validator=whole_in(1))
    rank: int = attrs.field(validator=_rank)


@attrs.frozen(kw_only=True)
class StatusCell:
    """A rating's status, the council's word for it (``Exceeded`` for a blue band) and the
    symbol that carries it without colour."""

    status: Status = attrs.field(validator=of_type(Status))
    word: str = attrs.field(validator=_text)
    symbol: str = attrs.field(validator=_text)

    @classmethod
    def of(cls, rating: Rating) -> StatusCell:
        """The cell for a rating, with the council's label."""
        return cls(status=rating.status, word=rating.label, symbol=rating.status.symbol)


@attrs.frozen(kw_only=True)
class TravelCell:
    """A direction of travel with its word and arrow; the arrow is never shown alone."""

    direction: Direction = attrs.field(validator=of_type(Direction))
    word: str = attrs.field(validator=_text)
    symbol: str = attrs.field(validator=_text)

    @classmethod
    def of(cls, travel: Travel) -> TravelCell:
        """The cell for a direction of travel."""
        d = travel.direction
        return cls(direction=d, word=d.word, symbol=d.symbol)


@attrs.frozen(kw_only=True)
class DateCell:
    """A date and how it is written (``30 Nov 2024``); ``value`` may be None when only words
    (a timescale such as ``Spring 2025``) are known."""

    value: dt.date | None = attrs.field(validator=v.optional(of_type(dt.date)))
    text: str = attrs.field(validator=_text)

    @classmethod
    def of(cls, day: dt.date | None, otherwise: str = "") -> DateCell:
        """The cell for a day written as councils write it, or ``otherwise`` with no date."""
        return cls(value=day, text=otherwise if day is None else format_date(day))


Cell: TypeAlias = "str | float | int | NumberCell | StatusCell | TravelCell | DateCell | None"
_CELL_TYPES = (str, int, float, NumberCell, StatusCell, TravelCell, DateCell)


def cell_text(cell: Cell) -> str:
    """A cell as people read it: a status or travel as symbol and word, a number as shown.

    >>> cell_text(StatusCell(status=Status.RED, word="Red", symbol="✖"))
    '✖ Red'
    >>> cell_text(NumberCell(value=71.2, text="71.2%")), cell_text(None), cell_text(3)
    ('71.2%', '', '3')
    """
    if cell is None:
        return ""
    if isinstance(cell, StatusCell | TravelCell):
        return f"{cell.symbol} {cell.word}"
    if isinstance(cell, NumberCell | DateCell):
        return cell.text
    return str(cell)


_is_tuple = of_type(tuple)


def _check_cells(instance: object, attribute: attrs.Attribute[Any], cells: object) -> None:
    """Table cells: a tuple of text, finite numbers, cell records and None, each refused in
    one line naming it (``cells[1]``)."""
    _is_tuple(instance, attribute, cells)
    assert isinstance(cells, tuple)
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        if isinstance(cell, bool) or not isinstance(cell, _CELL_TYPES):
            raise InputTypeError(
                (
                    f"{attribute.name}[{i}] must be text, a number, a cell record or None, "
                    f"not {cell!r}",
                )
            )
        if isinstance(cell, float) and not is_number(cell):
            raise InputTypeError((f"{attribute.name}[{i}] must be a finite number, not {cell!r}",))
        if isinstance(cell, str):
            refuse_text(f"{attribute.name}[{i}]", cell, unicode_problem)


# -- blocks ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Column:
    """A table column: a stable ``key`` (for CSV and JSON), a ``title`` for people, and the
    ``kind`` of its cells."""

    key: str = attrs.field(validator=_text)
    title: str = attrs.field(validator=_text)
    kind: ColumnKind = attrs.field(default="text", validator=one_of(*COLUMN_KINDS))


@attrs.frozen(kw_only=True)
class Row:
    """A table row: ``header`` is its first cell (the row header), ``cells`` the rest.

    ``group`` is the theme or section the row belongs to and ``committee`` the committee it is
    reported to ("" when the report has none), so that a format can group rows, for example one
    sheet per theme.
    """

    header: str = attrs.field(validator=_text)
    cells: tuple[Cell, ...] = attrs.field(validator=_check_cells)
    group: str = attrs.field(default="", validator=_text)
    committee: str = attrs.field(default="", validator=_text)


@attrs.frozen(kw_only=True)
class Table:
    """A table with a caption. The first column is the row-header column; every row has one
    cell for each of the other columns."""

    caption: str = attrs.field(validator=_text)
    columns: tuple[Column, ...] = attrs.field(validator=_tuple_of(Column))
    rows: tuple[Row, ...] = attrs.field(default=(), validator=_tuple_of(Row))

    def __attrs_post_init__(self) -> None:
        if not self.columns:
            raise InputError(("columns must not be empty: a table has its row-header column",))
        refuse_repeats(
            "column", ((f"$.columns[{i}]", c.key) for i, c in enumerate(self.columns)), "key"
        )
        wanted = len(self.columns) - 1
        for i, row in enumerate(self.rows):
            if len(row.cells) != wanted:
                raise InputError(
                    (
                        f"$.rows[{i}].cells: {len(row.cells)} in the row {row.header!r}, where "
                        f"the table has {wanted} column{'' if wanted == 1 else 's'} after the "
                        "row header",
                    )
                )


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph of plain text (never markup)."""

    text: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class Point:
    """One point of a series: a period label, the value (None when missing), how the value
    is shown and, on a value series, the rating that period had (None on a target series) and
    whether its reading is provisional (its text then says so too, as a table's value does), so
    that a drawing can mark it apart from a final one. A target series' point for a period whose
    target is a band has no ``value`` but the band's ``low`` and ``high`` (its text gives the
    band), for a drawing to shade."""

    label: str = attrs.field(validator=_text)
    value: float | None = attrs.field(validator=_number)
    text: str = attrs.field(default="", validator=_text)
    status: StatusCell | None = attrs.field(default=None, validator=v.optional(of_type(StatusCell)))
    provisional: bool = attrs.field(default=False, validator=of_type(bool))
    low: float | None = attrs.field(default=None, validator=_number)
    high: float | None = attrs.field(default=None, validator=_number)

    @property
    def band(self) -> tuple[float, float] | None:
        """The target band's ``(low, high)``, or None when the point has no band."""
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)


@attrs.frozen(kw_only=True)
class Series:
    """A named run of points (``Value``, ``Target``)."""

    name: str = attrs.field(validator=_text)
    points: tuple[Point, ...] = attrs.field(validator=_tuple_of(Point))


@attrs.frozen(kw_only=True)
class Chart:
    """A trend chart: a title, a description in words of what it shows (for people who cannot
    see it, and as the SVG ``<desc>``), the unit of its values and its series."""

    title: str = attrs.field(validator=_text)
    description: str = attrs.field(validator=_text)
    unit: str = attrs.field(default="", validator=_text)
    series: tuple[Series, ...] = attrs.field(default=(), validator=_tuple_of(Series))

    def data_table(self) -> Table:
        """The chart's data as a table, for every format to show beside (or instead of) the
        picture: a row per period, a column per series and, when the points carry ratings, a
        Rating column with each period's rating.

        >>> chart = Chart(title="Fly-tips", description="Rose", unit="percentage", series=(
        ...     Series(name="Value", points=(Point(label="Q1", value=80.0, text="80.0%"),)),))
        >>> table = chart.data_table()
        >>> table.caption, [c.title for c in table.columns], cell_text(table.rows[0].cells[0])
        ('Data for the chart: Fly-tips', ['Period', 'Value'], '80.0%')
        """
        first = self.series[0].points if self.series else ()
        rated = any(p.status is not None for p in first)
        columns = [Column(key="period", title="Period")]
        columns += [
            Column(key=f"series_{i}", title=s.name, kind="number")
            for i, s in enumerate(self.series, start=1)
        ]
        if rated:
            columns.append(Column(key="rating", title="Rating", kind="status"))
        rows = []
        for i, point in enumerate(first):
            cells: list[Cell] = [
                NumberCell(value=s.points[i].value, text=s.points[i].text)
                if i < len(s.points)
                else None
                for s in self.series
            ]
            if rated:
                cells.append(point.status)
            rows.append(Row(header=point.label, cells=tuple(cells)))
        return Table(
            caption=f"Data for the chart: {self.title}", columns=tuple(columns), rows=tuple(rows)
        )


Block: TypeAlias = "Paragraph | Table | Chart"


@attrs.frozen(kw_only=True)
class Section:
    """A headed part of a report."""

    heading: str = attrs.field(validator=_text)
    blocks: tuple[Block, ...] = attrs.field(
        default=(), validator=_tuple_of(Paragraph, Table, Chart)
    )


@attrs.frozen(kw_only=True)
class Report:
    """A report, ready for any format: no I/O, no clock, nothing to recompute."""

    kind: str = attrs.field(validator=_text)
    title: str = attrs.field(validator=_text)
    council: str = attrs.field(validator=_text)
    committee: str | None = attrs.field(validator=v.optional(_text))
    period: str = attrs.field(validator=_text)
    as_of: dt.date = attrs.field(validator=of_type(dt.date))
    sections: tuple[Section, ...] = attrs.field(default=(), validator=_tuple_of(Section))
    summary: str = attrs.field(default="", validator=_text)

    def tables(self) -> tuple[Table, ...]:
        """Every table, in order."""
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Table))

    def charts(self) -> tuple[Chart, ...]:
        """Every chart, in order."""
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Chart))

    def section(self, heading: str) -> Section:
        """The first section with this heading; KeyError if there is none."""
        for section in self.sections:
            if section.heading == heading:
                return section
        raise KeyError(heading)
