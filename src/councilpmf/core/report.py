"""The format-free report document, and the builders that arrange a scorecard into one.

A :class:`Report` is a title, a few facts (council, committee, period, ``as_of``) and a tuple of
:class:`Section`; each section holds blocks: a :class:`Paragraph`, a :class:`Table` or a
:class:`Chart`. Report formats (text, Markdown, HTML, CSV, JSON and any a plugin adds) only lay
this document out: every rating, direction of travel, overdue flag and piece of wording is
decided here, from :func:`~councilpmf.core.assess.assess`, and never recomputed by a format.

A table cell is plain text, a number, ``None`` (empty), or one of the cell records: a
:class:`NumberCell` (the number and how it is shown: ``71.2`` and ``"71.2%"``), a
:class:`StatusCell` (a rating's status, the council's word for it and its symbol), a
:class:`TravelCell` (a direction of travel with its word and arrow) or a :class:`DateCell`.

>>> import datetime as dt
>>> from councilpmf.core.indicators import Indicator, Reading, Target, Unit
>>> from councilpmf.core.periods import parse_period
>>> from councilpmf.core.plan import Priority, StrategicPlan, Theme
>>> q3 = parse_period("2024/25 Q3")
>>> fw = Framework(
...     plan=StrategicPlan(title="Plan", organisation="Anytown Council", themes=(
...         Theme(id="T", name="Our place", priorities=(
...             Priority(id="P1", statement="Clean streets", indicators=("FT",)),)),)),
...     indicators=(Indicator(id="FT", title="Fly-tips cleared in 5 days",
...         unit=Unit.PERCENTAGE, targets=(Target(period=q3, value=90.0),)),))
>>> report = build_report("exceptions", fw, [Reading(indicator="FT", period=q3, value=84.0)],
...     q3, as_of=dt.date(2025, 1, 20))
>>> report.title
'Anytown Council: exceptions report, 2024/25 Q3'
>>> table = report.section("Exceptions").blocks[0]
>>> row = table.rows[0]
>>> row.header, cell_text(row.cells[2]), row.cells[-1]
('Fly-tips cleared in 5 days', '✖ Red', 'No commentary: a red rating needs commentary and a corrective action')
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs
from attrs import validators as v

from councilpmf.core._validate import is_number
from councilpmf.core.actions import ActionState, assess_action, format_date
from councilpmf.core.assess import (
    ExceptionReason,
    IndicatorResult,
    Readings,
    RollUp,
    Scorecard,
    StatusCount,
    assess,
)
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee
from councilpmf.core.indicators import Indicator, Reading, ReadingStatus
from councilpmf.core.peer_challenge import PeerChallenge, milestones
from councilpmf.core.periods import Period, year_of
from councilpmf.core.rag import Rating, Status
from councilpmf.core.travel import Direction, Travel

__all__ = [
    "COLUMN_KINDS",
    "NO_COMMENTARY",
    "REPORT_KINDS",
    "Block",
    "Cell",
    "Chart",
    "Column",
    "ColumnKind",
    "DateCell",
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
    "actions_report",
    "build_report",
    "cell_text",
    "exceptions_report",
    "peer_challenge_report",
    "performance_report",
    "strategy_review_report",
]

ColumnKind: TypeAlias = Literal["text", "number", "status", "travel", "date"]
COLUMN_KINDS: tuple[ColumnKind, ...] = ("text", "number", "status", "travel", "date")

NO_COMMENTARY = "No commentary: a red rating needs commentary and a corrective action"
"""The flag an exceptions report puts in the row of a red indicator that has no commentary."""

# How many periods of its own frequency a trend chart shows, ending at the reporting period.
TREND_PERIODS = 8

_text = v.instance_of(str)


def _number(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_number(value):
        raise TypeError(f"{attribute.name} must be a finite number or None, not {value!r}")


def _tuple_of(kind: type | tuple[type, ...]) -> Any:
    return v.deep_iterable(v.instance_of(kind), v.instance_of(tuple))


# -- cells -----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class NumberCell:
    """A number and how it is shown: CSV and JSON keep ``value``, text and HTML show ``text``.

    ``value`` is None when there is no number (no data, a target band, data only); ``text`` then
    says why.
    """

    value: float | None = attrs.field(validator=_number)
    text: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class StatusCell:
    """A rating's status, the council's word for it (``Exceeded`` for a blue band) and the
    symbol that carries it without colour."""

    status: Status = attrs.field(validator=v.instance_of(Status))
    word: str = attrs.field(validator=_text)
    symbol: str = attrs.field(validator=_text)

    @classmethod
    def of(cls, rating: Rating) -> StatusCell:
        """The cell for a rating, with the council's label."""
        return cls(status=rating.status, word=rating.label, symbol=rating.status.symbol)


@attrs.frozen(kw_only=True)
class TravelCell:
    """A direction of travel with its word and arrow; the arrow is never shown alone."""

    direction: Direction = attrs.field(validator=v.instance_of(Direction))
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

    value: dt.date | None = attrs.field(validator=v.optional(v.instance_of(dt.date)))
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


def _check_cells(_instance: object, attribute: attrs.Attribute[Any], cells: object) -> None:
    if not isinstance(cells, tuple):
        raise TypeError(f"{attribute.name} must be a tuple, not {cells!r}")
    for cell in cells:
        if cell is None:
            continue
        if isinstance(cell, bool) or not isinstance(cell, _CELL_TYPES):
            raise TypeError(f"{attribute.name}: {cell!r} is not a table cell")
        if isinstance(cell, float) and not is_number(cell):
            raise ValueError(f"{attribute.name}: {cell!r} is not a finite number")


# -- blocks ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Column:
    """A table column: a stable ``key`` (for CSV and JSON), a ``title`` for people, and the
    ``kind`` of its cells."""

    key: str = attrs.field(validator=_text)
    title: str = attrs.field(validator=_text)
    kind: ColumnKind = attrs.field(default="text", validator=v.in_(COLUMN_KINDS))


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
            raise ValueError("a table needs at least its row-header column")
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"column keys must differ: {keys}")
        for i, row in enumerate(self.rows):
            if len(row.cells) != len(self.columns) - 1:
                raise ValueError(
                    f"row {i} ({row.header!r}) has {len(row.cells)} cells; the table has "
                    f"{len(self.columns) - 1} columns after the row header"
                )


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph of plain text (never markup)."""

    text: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class Point:
    """One point of a series: a period label, the value (None when missing) and how the value
    is shown."""

    label: str = attrs.field(validator=_text)
    value: float | None = attrs.field(validator=_number)
    text: str = attrs.field(default="", validator=_text)


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


Block: TypeAlias = "Paragraph | Table | Chart"


@attrs.frozen(kw_only=True)
class Section:
    """A headed part of a report."""

    heading: str = attrs.field(validator=_text)
    blocks: tuple[Block, ...] = attrs.field(
        default=(), validator=_tuple_of((Paragraph, Table, Chart))
    )


@attrs.frozen(kw_only=True)
class Report:
    """A report, ready for any format: no I/O, no clock, nothing to recompute."""

    kind: str = attrs.field(validator=_text)
    title: str = attrs.field(validator=_text)
    council: str = attrs.field(validator=_text)
    committee: str | None = attrs.field(validator=v.optional(_text))
    period: str = attrs.field(validator=_text)
    as_of: dt.date = attrs.field(validator=v.instance_of(dt.date))
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


# -- shared helpers --------------------------------------------------------------------------------


@attrs.frozen
class _Scope:
    """Whose report it is and which indicators it covers."""

    committee: Committee | None
    indicators: tuple[str, ...] | None
    unknown: tuple[str, ...]

    def name(self, framework: Framework) -> str:
        return framework.organisation if self.committee is None else self.committee.name

    def report(
        self,
        framework: Framework,
        kind: str,
        what: str,
        period: str,
        as_of: dt.date,
        sections: tuple[Section, ...],
        summary: str,
        name: str | None = None,
    ) -> Report:
        """The report of ``kind`` for this scope: "Cabinet: performance report, 2024/25 Q3"."""
        return Report(
            kind=kind,
            title=_title(name or self.name(framework), what, period),
            council=framework.organisation,
            committee=None if self.committee is None else self.committee.name,
            period=period,
            as_of=as_of,
            sections=sections,
            summary=summary + ".",
        )


def _scope(framework: Framework, committee: str | None) -> _Scope:
    if committee is None:
        return _Scope(None, None, ())
    try:
        found = framework.committee(committee)
    except KeyError:
        known = ", ".join(c.id for c in framework.committees)
        where = f"the committees are {known}" if known else "this framework has no committees"
        raise ValueError(f"unknown committee {committee!r}; {where}") from None
    named = tuple(dict.fromkeys(i for s in framework.sets_of(found.id) for i in s.indicators))
    known_ids = tuple(i for i in named if framework.has_indicator(i))
    unknown = tuple(i for i in named if not framework.has_indicator(i))
    return _Scope(found, known_ids, unknown)


def _index(readings: Readings | Iterable[Reading]) -> Readings:
    return readings if isinstance(readings, Readings) else Readings.of(readings)


def _title(name: str, what: str, period: str) -> str:
    return f"{name}: {what}, {period}"


def _count_words(counts: Iterable[StatusCount]) -> str:
    words = [f"{c.count} {c.status.value}" for c in counts if c.count]
    return ", ".join(words) if words else "none"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _committee_name(framework: Framework, value: str | None) -> str:
    """A lead committee as written: a committee id becomes its name."""
    if not value:
        return ""
    for committee in framework.committees:
        if committee.id == value:
            return committee.name
    return value


def _scope_paragraphs(framework: Framework, scope: _Scope) -> list[Paragraph]:
    paragraphs = []
    if scope.committee is not None:
        sets = framework.sets_of(scope.committee.id)
        if not sets:
            paragraphs.append(Paragraph(text=f"{scope.committee.name} has no indicator set."))
        else:
            titles = "; ".join(s.title or s.level.value for s in sets)
            paragraphs.append(
                Paragraph(
                    text=f"The indicators {scope.committee.name} watches ({titles}), "
                    "in the order of its set."
                )
            )
    if scope.unknown:
        paragraphs.append(
            Paragraph(
                text="Left out because the framework has no such indicator: "
                + ", ".join(scope.unknown)
                + "."
            )
        )
    return paragraphs


def _value_cell(result: IndicatorResult) -> NumberCell:
    text = result.value_text
    if result.reading_status is ReadingStatus.PROVISIONAL:
        text += " (provisional)"
    return NumberCell(value=result.value, text=text)


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


_STATUS_COLUMNS = tuple(Column(key=s.name.lower(), title=s.word, kind="number") for s in Status)


# -- performance -----------------------------------------------------------------------------------

_INDICATOR_COLUMNS = (
    Column(key="indicator", title="Indicator"),
    Column(key="ref", title="Ref"),
    Column(key="period", title="Period"),
    Column(key="value", title="Value", kind="number"),
    Column(key="target", title="Target", kind="number"),
    Column(key="rating", title="Rating", kind="status"),
    Column(key="short_term", title="Short term", kind="travel"),
    Column(key="long_term", title="Long term", kind="travel"),
    Column(key="commentary", title="Commentary"),
    Column(key="owner", title="Owner"),
)


def _indicator_row(result: IndicatorResult) -> Row:
    return Row(
        header=result.title,
        cells=(
            result.indicator,
            str(result.period),
            _value_cell(result),
            NumberCell(value=result.target, text=result.target_text),
            StatusCell.of(result.rating),
            TravelCell.of(result.short_term),
            TravelCell.of(result.long_term),
            result.note,
            result.owner,
        ),
    )


def _theme_table(card: Scorecard, caption: str) -> Table:
    rows = [
        Row(header=t.name, cells=(*(t.count(s) for s in Status), len(t.indicators)))
        for t in card.themes
        if t.indicators
    ]
    counts = card.counts()
    rows.append(
        Row(
            header="All indicators",
            cells=(*(c.count for c in counts), len(card.indicators)),
        )
    )
    return Table(
        caption=caption,
        columns=(
            Column(key="theme", title="Theme"),
            *_STATUS_COLUMNS,
            Column(key="total", title="Indicators", kind="number"),
        ),
        rows=tuple(rows),
    )


def _change(indicator: Indicator, start: Point, end: Point) -> str:
    assert start.value is not None and end.value is not None
    then, now = round(start.value, indicator.decimals), round(end.value, indicator.decimals)
    if now == then:
        return f"Unchanged at {end.text} from {start.label} to {end.label}"
    verb = "Rose" if now > then else "Fell"
    return f"{verb} from {start.text} in {start.label} to {end.text} in {end.label}"


def _trend_words(
    indicator: Indicator, result: IndicatorResult, points: tuple[Point, ...], last_year: Point
) -> str:
    """The chart in words: the change on the same period last year when both values are
    known, else from the first value shown to the last; then the target and any gaps."""
    known = [p for p in points if p.value is not None]
    latest = points[-1]
    if latest.value is not None and last_year.value is not None:
        words = _change(indicator, last_year, latest)
    elif len(known) > 1:
        words = _change(indicator, known[0], known[-1])
    elif known:
        words = f"One value recorded: {known[0].text} in {known[0].label}"
    else:
        words = f"No values recorded from {points[0].label} to {latest.label}"
    if result.target_text == "data only":
        words += "; data only, no target"
    elif result.target_text == "no target":
        words += "; no target set"
    else:
        words += f"; target {result.target_text}"
    missing = len(points) - len(known)
    if known and latest.value is None:
        words += f"; no value for {latest.label}"
    if known and missing:
        words += f"; no value for {missing} of {len(points)} periods"
    return words


def _trend_chart(indicator: Indicator, result: IndicatorResult, readings: Readings) -> Chart:
    periods: list[Period] = [result.period]
    for _ in range(TREND_PERIODS - 1):
        periods.insert(0, periods[0].previous())

    def point(p: Period) -> Point:
        value = readings.value(indicator.id, p)
        return Point(label=str(p), value=value, text=indicator.format_value(value))

    values = tuple(point(p) for p in periods)
    last_year = point(result.period.same_period_last_year())
    series = [Series(name="Value", points=values)]
    targets = []
    for p in periods:
        target = indicator.target_for(p) if indicator.rated else None
        value = None if target is None else target.value
        text = indicator.format_target(target) if indicator.rated else "data only"
        targets.append(Point(label=str(p), value=value, text=text))
    if any(t.value is not None for t in targets):
        series.append(Series(name="Target", points=tuple(targets)))
    return Chart(
        title=f"{indicator.title} ({indicator.id})",
        description=_trend_words(indicator, result, values, last_year),
        unit=indicator.unit.value,
        series=tuple(series),
    )


def performance_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period,
    as_of: dt.date,
    committee: str | None = None,
    *,
    charts: bool = True,
) -> Report:
    """The performance report: the committee's indicators (all indicators without a committee)
    with value, target, rating, travel, commentary and owner; ratings per theme; and, when
    ``charts``, a trend chart per indicator over its last eight periods."""
    index = _index(readings)
    scope = _scope(framework, committee)
    card = assess(framework, index, period, as_of, indicators=scope.indicators)
    name = scope.name(framework)
    summary = f"{_plural(len(card.indicators), 'indicator')} for {period}: " + _count_words(
        card.counts()
    )
    summary_blocks: list[Block] = [*_scope_paragraphs(framework, scope)]
    summary_blocks.append(_theme_table(card, f"Ratings by theme, {period}"))
    sections = [
        Section(heading="Summary", blocks=tuple(summary_blocks)),
        Section(
            heading="Indicators",
            blocks=(
                Paragraph(
                    text="Each indicator is shown for its own latest period within "
                    f"{period}. Short term compares it with the period before; long term "
                    "with the same period a year earlier."
                ),
                Table(
                    caption=f"Indicators, {period}",
                    columns=_INDICATOR_COLUMNS,
                    rows=tuple(_indicator_row(r) for r in card.indicators),
                ),
            ),
        ),
    ]
    if charts and card.indicators:
        sections.append(
            Section(
                heading="Trends",
                blocks=tuple(
                    _trend_chart(framework.indicator(r.indicator), r, index)
                    for r in card.indicators
                ),
            )
        )
    return scope.report(
        framework,
        "performance",
        "performance report",
        str(period),
        as_of,
        tuple(sections),
        summary,
        name=name,
    )


# -- exceptions ------------------------------------------------------------------------------------

_EXCEPTION_COLUMNS = (
    Column(key="indicator", title="Indicator"),
    Column(key="ref", title="Ref"),
    Column(key="period", title="Period"),
    Column(key="rating", title="Rating", kind="status"),
    Column(key="value", title="Value", kind="number"),
    Column(key="target", title="Target", kind="number"),
    Column(key="reasons", title="Why it is listed"),
    Column(key="explanation", title="Rating explained"),
    Column(key="commentary", title="Commentary and corrective action"),
    Column(key="owner", title="Owner"),
    Column(key="check", title="Check"),
)


def exceptions_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period,
    as_of: dt.date,
    committee: str | None = None,
) -> Report:
    """The exception report: reds, then ambers, then indicators kept on the list for missing
    two periods in a row, each with its commentary and corrective action. A red with no
    commentary is flagged in its row."""
    scope = _scope(framework, committee)
    card = assess(framework, _index(readings), period, as_of, indicators=scope.indicators)
    items = card.exception_list()
    rows = []
    reds = ambers = kept = in_a_row = missing_commentary = 0
    for item in items:
        result = card.result(item.indicator)
        status = item.rating.status
        reds += status is Status.RED
        ambers += status is Status.AMBER
        kept += status not in (Status.RED, Status.AMBER)
        in_a_row += ExceptionReason.MISSED_IN_A_ROW in item.reasons
        flagged = status is Status.RED and not result.note.strip()
        missing_commentary += flagged
        reasons = "; ".join(r.value for r in item.reasons)
        rows.append(
            Row(
                header=result.title,
                cells=(
                    result.indicator,
                    str(result.period),
                    StatusCell.of(result.rating),
                    _value_cell(result),
                    NumberCell(value=result.target, text=result.target_text),
                    reasons[:1].upper() + reasons[1:],
                    result.rating.explanation,
                    result.note,
                    result.owner,
                    NO_COMMENTARY if flagged else "",
                ),
            )
        )
    summary = (
        f"{_plural(len(items), 'indicator')} of {len(card.indicators)} on the exception list "
        f"for {period}: {reds} red, {ambers} amber"
        + (f", {kept} kept on the list for missing two periods in a row" if kept else "")
        + (f"; {in_a_row} of them missed target two periods in a row" if in_a_row else "")
    )
    blocks: list[Block] = []
    if missing_commentary:
        blocks.append(
            Paragraph(
                text=f"{_plural(missing_commentary, 'red indicator has', 'red indicators have')}"
                " no commentary: a red rating needs commentary and a corrective action."
            )
        )
    blocks += _scope_paragraphs(framework, scope)
    table = Table(
        caption=f"Exceptions, {period}: reds, then ambers, then indicators that missed two "
        "periods in a row",
        columns=_EXCEPTION_COLUMNS,
        rows=tuple(rows),
    )
    listed: tuple[Block, ...] = (
        (table,) if rows else (Paragraph(text="No indicator is on the exception list."), table)
    )
    sections = (
        *((Section(heading="Summary", blocks=tuple(blocks)),) if blocks else ()),
        Section(heading="Exceptions", blocks=listed),
    )
    return scope.report(
        framework, "exceptions", "exceptions report", str(period), as_of, sections, summary
    )


# -- actions ---------------------------------------------------------------------------------------

_ACTION_COLUMNS = (
    Column(key="ref", title="Ref"),
    Column(key="title", title="Action"),
    Column(key="plan", title="Plan"),
    Column(key="status", title="Status"),
    Column(key="meaning", title="Meaning"),
    Column(key="overdue", title="Overdue"),
    Column(key="complete", title="Complete", kind="number"),
    Column(key="expected", title="Expected", kind="number"),
    Column(key="progress", title="Progress"),
    Column(key="owners", title="Owner"),
    Column(key="due", title="Due", kind="date"),
    Column(key="lead_committee", title="Lead committee"),
)


def _percent(value: float | None) -> NumberCell:
    return NumberCell(value=value, text="" if value is None else f"{value:.0f}%")


def _meaning_word(state: ActionState) -> str:
    return "Unknown status word" if state.meaning is None else state.meaning.word


def _closed(states: Iterable[ActionState]) -> int:
    return sum(s.meaning is not None and s.meaning.closed for s in states)


def _plan_row(plan: str, states: list[ActionState]) -> Row:
    closed = _closed(states)
    return Row(
        header=plan,
        cells=(len(states), closed, len(states) - closed, sum(a.overdue for a in states)),
    )


def _action_row(framework: Framework, plan: str, state: ActionState) -> Row:
    return Row(
        header=state.ref,
        cells=(
            state.title,
            plan,
            state.status,
            _meaning_word(state),
            _yes_no(state.overdue),
            _percent(state.percent_complete),
            _percent(state.expected_percent),
            "" if state.progress is None else state.progress.word,
            "; ".join(state.owners),
            DateCell.of(state.due, state.timescale),
            _committee_name(framework, state.lead_committee),
        ),
    )


def actions_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period,
    as_of: dt.date,
    committee: str | None = None,
) -> Report:
    """The actions report: every delivery-plan and service-plan action with its status word and
    meaning, whether it is overdue on ``as_of``, progress against the expected progress,
    owners, due date and lead committee. A committee names the report; the actions are all
    listed, with their lead committee."""
    scope = _scope(framework, committee)
    card = assess(framework, _index(readings), period, as_of, indicators=())
    planned = tuple(framework.planned_actions())
    assert len(planned) == len(card.actions)
    by_plan: dict[str, list[ActionState]] = {}
    for p, state in zip(planned, card.actions, strict=True):
        by_plan.setdefault(p.plan, []).append(state)
    total = len(card.actions)
    overdue = sum(a.overdue for a in card.actions)
    complete = _closed(card.actions)
    summary = (
        f"{_plural(total, 'action')} in {_plural(len(by_plan), 'plan')}: {complete} complete "
        f"or closed, {overdue} overdue on {format_date(as_of)}"
    )
    plan_table = Table(
        caption=f"Actions by plan on {format_date(as_of)}",
        columns=(
            Column(key="plan", title="Plan"),
            Column(key="actions", title="Actions", kind="number"),
            Column(key="closed", title="Complete or closed", kind="number"),
            Column(key="open", title="Open", kind="number"),
            Column(key="overdue", title="Overdue", kind="number"),
        ),
        rows=tuple(_plan_row(plan, states) for plan, states in by_plan.items()),
    )
    notes = [
        Paragraph(
            text="Overdue means past its due date and not complete, whatever its status "
            "says. Expected progress runs in a straight line from the start date to the due "
            "date; on track is at least 90% of it, monitor at least 70%, off track below."
        ),
    ]
    sections = (
        Section(heading="Summary", blocks=(*notes, plan_table)),
        Section(
            heading="Actions",
            blocks=(
                Table(
                    caption=f"Delivery and service plan actions on {format_date(as_of)}",
                    columns=_ACTION_COLUMNS,
                    rows=tuple(
                        _action_row(framework, p.plan, s)
                        for p, s in zip(planned, card.actions, strict=True)
                    ),
                ),
            ),
        ),
    )
    return scope.report(
        framework, "actions", "actions report", str(period), as_of, sections, summary
    )


# -- peer challenge --------------------------------------------------------------------------------

_PC_ACTION_COLUMNS = (
    Column(key="ref", title="Ref"),
    Column(key="title", title="Action"),
    Column(key="timescale", title="Timescale"),
    Column(key="due", title="Due", kind="date"),
    Column(key="status", title="Status"),
    Column(key="meaning", title="Meaning"),
    Column(key="owners", title="Responsible officer"),
    Column(key="lead_committee", title="Lead committee"),
    Column(key="overdue", title="Overdue"),
)

_MILESTONE_COLUMNS = (
    Column(key="milestone", title="Milestone"),
    Column(key="expected", title="Expected by", kind="date"),
    Column(key="latest", title="At the latest", kind="date"),
    Column(key="done", title="Done", kind="date"),
    Column(key="state", title="State"),
)


def _challenge_sections(
    framework: Framework, challenge: PeerChallenge, as_of: dt.date, prefix: str
) -> tuple[list[Section], int, int, int]:
    about: list[Block] = [Paragraph(text=f"Visited {format_date(challenge.visited)}.")]
    if challenge.team:
        about.append(Paragraph(text="Peer team: " + "; ".join(challenge.team) + "."))
    due = milestones(challenge, as_of)
    about.append(
        Table(
            caption=f"LGA milestones on {format_date(as_of)}",
            columns=_MILESTONE_COLUMNS,
            rows=tuple(
                Row(
                    header=m.name,
                    cells=(
                        DateCell.of(m.expected),
                        DateCell.of(m.latest),
                        DateCell.of(m.done, "not yet done"),
                        m.state.word,
                    ),
                )
                for m in due
            ),
        )
    )
    sections = [Section(heading=challenge.title, blocks=tuple(about))]
    actions = overdue = closed = 0
    for rec in challenge.recommendations:
        states = [assess_action(a, as_of, framework.vocabulary) for a in rec.actions]
        actions += len(states)
        overdue += sum(s.overdue for s in states)
        closed += _closed(states)
        blocks: list[Block] = [Paragraph(text=rec.text)]
        if rec.response:
            blocks.append(Paragraph(text=f"The council's response: {rec.response}"))
        blocks.append(
            Table(
                caption=f"Actions for recommendation {rec.number}",
                columns=_PC_ACTION_COLUMNS,
                rows=tuple(
                    Row(
                        header=s.ref,
                        cells=(
                            s.title,
                            s.timescale,
                            DateCell.of(s.due),
                            s.status,
                            _meaning_word(s),
                            "; ".join(s.owners),
                            _committee_name(framework, s.lead_committee),
                            _yes_no(s.overdue),
                        ),
                    )
                    for s in states
                ),
            )
        )
        sections.append(
            Section(heading=f"{prefix}Recommendation {rec.number}", blocks=tuple(blocks))
        )
    return sections, actions, closed, overdue


def peer_challenge_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period,
    as_of: dt.date,
    committee: str | None = None,
) -> Report:
    """The peer-challenge report: the LGA milestones, then each recommendation with the
    council's response and its actions (ref, title, timescale, status, responsible officer,
    lead committee, overdue on ``as_of``). Readings are not needed; the parameter keeps every
    builder's signature the same."""
    del readings  # a peer challenge is about actions, not indicators
    scope = _scope(framework, committee)
    sections: list[Section] = []
    recommendations = actions = closed = overdue = 0
    many = len(framework.peer_challenges) > 1
    for challenge in framework.peer_challenges:
        prefix = f"{challenge.title}: " if many else ""
        found, n, c, o = _challenge_sections(framework, challenge, as_of, prefix)
        sections += found
        recommendations += len(challenge.recommendations)
        actions, closed, overdue = actions + n, closed + c, overdue + o
    if framework.peer_challenges:
        summary = (
            f"{_plural(recommendations, 'recommendation')} and {_plural(actions, 'action')}: "
            f"{closed} complete or closed, {overdue} overdue on {format_date(as_of)}"
        )
    else:
        summary = "No peer challenge is recorded"
    return scope.report(
        framework,
        "peer-challenge",
        "peer challenge report",
        str(period),
        as_of,
        tuple(sections),
        summary,
    )


# -- strategy review -------------------------------------------------------------------------------


def _quarter_table(
    caption: str, quarters: tuple[Period, ...], rolls: Sequence[RollUp | None]
) -> Table:
    def count(roll: RollUp | None, status: Status) -> int:
        return 0 if roll is None else roll.count(status)

    rows = [Row(header=s.word, cells=tuple(count(r, s) for r in rolls)) for s in Status]
    rows.append(
        Row(header="Indicators", cells=tuple(0 if r is None else len(r.indicators) for r in rolls))
    )
    return Table(
        caption=caption,
        columns=(
            Column(key="rating", title="Rating"),
            *(Column(key=f"q{i + 1}", title=str(q), kind="number") for i, q in enumerate(quarters)),
        ),
        rows=tuple(rows),
    )


def strategy_review_report(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period,
    as_of: dt.date,
    committee: str | None = None,
) -> Report:
    """The annual review of the strategy: each theme's rating counts in each of the four
    quarters of the year containing ``period``. This is the one builder that assesses more
    than once: once per quarter, with one shared index of the readings."""
    index = _index(readings)
    scope = _scope(framework, committee)
    year = year_of(period, framework.year_start_month)
    quarters = year.quarters()
    cards = [assess(framework, index, q, as_of, indicators=scope.indicators) for q in quarters]
    current = next(
        (c for c, q in zip(cards, quarters, strict=True) if q.contains(period)), cards[-1]
    )
    overall = [
        RollUp(
            id="all",
            name="All indicators",
            counts=c.counts(),
            indicators=tuple(r.indicator for r in c.indicators),
            actions=(),
            actions_overdue=0,
            actions_complete=0,
        )
        for c in cards
    ]
    plan = framework.plan
    summary = f"The annual review of {plan.title} for {year}: ratings in each quarter, by theme"
    intro: list[Block] = []
    unfinished = [str(q) for q in quarters if q.end > as_of]
    if unfinished:
        intro.append(
            Paragraph(
                text=f"{' and '.join(unfinished)} had not ended on {format_date(as_of)}: "
                "those columns show the readings recorded so far."
            )
        )
    intro += _scope_paragraphs(framework, scope)
    intro.append(_quarter_table(f"All indicators: ratings by quarter, {year}", quarters, overall))
    sections = [Section(heading="Summary", blocks=tuple(intro))]
    for theme in plan.themes:
        rolls: list[RollUp | None] = [
            next((t for t in c.themes if t.id == theme.id), None) for c in cards
        ]
        blocks: list[Block] = []
        if theme.ambition:
            blocks.append(Paragraph(text=f"Ambition: {theme.ambition}"))
        blocks.append(_quarter_table(f"{theme.name}: ratings by quarter, {year}", quarters, rolls))
        now = next((t for t in current.themes if t.id == theme.id), None)
        if now is not None and now.actions:
            blocks.append(
                Paragraph(
                    text=f"{_plural(len(now.actions), 'action')} serve this theme: "
                    f"{now.actions_complete} complete or closed, {now.actions_overdue} overdue "
                    f"on {format_date(as_of)}."
                )
            )
        sections.append(Section(heading=theme.name, blocks=tuple(blocks)))
    return scope.report(
        framework,
        "strategy-review",
        "annual strategy review",
        str(year),
        as_of,
        tuple(sections),
        summary,
    )


# -- dispatch --------------------------------------------------------------------------------------

_BUILDERS: Mapping[str, Callable[..., Report]] = {
    "performance": performance_report,
    "exceptions": exceptions_report,
    "actions": actions_report,
    "peer-challenge": peer_challenge_report,
    "strategy-review": strategy_review_report,
}

REPORT_KINDS: tuple[str, ...] = tuple(_BUILDERS)
"""The kinds of report :func:`build_report` makes."""


def build_report(
    kind: str,
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period,
    as_of: dt.date,
    committee: str | None = None,
    *,
    charts: bool = True,
) -> Report:
    """Build a report of ``kind`` (one of :data:`REPORT_KINDS`) for ``period`` as things stood
    on ``as_of``, for a committee (its id) or, without one, the whole council.

    ``charts`` applies to the performance report only.

    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown Council"))
    >>> from councilpmf.core.periods import parse_period
    >>> build_report("league-table", fw, [], parse_period("2024/25"), dt.date(2025, 4, 1))
    Traceback (most recent call last):
    ...
    ValueError: unknown report kind 'league-table'; the kinds are performance, exceptions, actions, peer-challenge, strategy-review
    """  # noqa: E501
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise ValueError(f"unknown report kind {kind!r}; the kinds are {', '.join(REPORT_KINDS)}")
    if kind == "performance":
        return builder(framework, readings, period, as_of, committee, charts=charts)
    return builder(framework, readings, period, as_of, committee)
