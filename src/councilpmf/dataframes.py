"""Records as tables: scorecards, readings, actions, findings, plan diffs and reading histories
as pandas or polars DataFrames.

Each kind of record has one builder here that works out its columns once, as plain Python
values (a :class:`DataTable`); :meth:`DataTable.to_pandas` and :meth:`DataTable.to_polars` hand
the same columns to either library, so the two frames always agree. Statuses and directions of
travel are the core's own words (``red``, ``no data``, ``improving``), periods are written as
councils write them, with the first and last day of each period (``start`` and ``end``) beside
them for sorting and plotting.

Neither library is imported until a frame is asked for, and each is optional: without it, the
call raises an ``ImportError`` that says which extra to install (``councilpmf[pandas]`` or
``councilpmf[frames]``).

>>> import councilpmf as pmf
>>> readings = [pmf.Reading(indicator="FT", period="2024/25 Q1", value=84),
...             pmf.Reading(indicator="FT", period="2024/25 Q2", missing_reason="system outage")]
>>> table = readings_table(readings)
>>> table
DataTable('readings', 2 rows: indicator, period, start, end, value, missing_reason, status, note, published_status, approval)
>>> table.column("value"), table.column("end")
((84.0, None), (datetime.date(2024, 6, 30), datetime.date(2024, 9, 30)))
>>> frame = table.to_polars()
>>> frame.select("period", "value").rows()
[('2024/25 Q1', 84.0), ('2024/25 Q2', None)]
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
import enum
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any, TypeVar

import attrs

from councilpmf.core._coerce import as_date
from councilpmf.core.actions import (
    DEFAULT_VOCABULARY,
    NOT_RECORDED,
    Action,
    ActionState,
    assess_action,
)
from councilpmf.core.assess import IndicatorResult, Readings, RollUp, Scorecard
from councilpmf.core.diff import PlanChange, PlanDiff
from councilpmf.core.errors import InputError
from councilpmf.core.findings import Finding, Findings
from councilpmf.core.framework import Framework, PlannedAction
from councilpmf.core.indicators import Reading, ReadingRevision
from councilpmf.core.plan import DeliveryPlan, ServicePlan, StrategicPlan

__all__ = [
    "KINDS",
    "DataColumn",
    "DataTable",
    "Kind",
    "actions_table",
    "columns_table",
    "diff_table",
    "findings_table",
    "history_table",
    "import_optional",
    "readings_table",
    "scorecard_table",
    "table_of",
    "theme_names",
    "to_pandas",
    "to_polars",
]

_T = TypeVar("_T")

# The extra that installs each optional library.
_EXTRAS = {"pandas": "pandas", "polars": "frames", "pyarrow": "frames"}


def import_optional(name: str) -> ModuleType:
    """Import an optional library, or raise an ImportError that says which extra installs it
    (after pandas' ``import_optional_dependency``).

    >>> import_optional("no_such_module_for_councilpmf")
    Traceback (most recent call last):
    ...
    ImportError: no_such_module_for_councilpmf is needed for this; install it with: pip install "councilpmf[no_such_module_for_councilpmf]"
    """  # noqa: E501
    extra = _EXTRAS.get(name, name)
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise ImportError(
            f'{name} is needed for this; install it with: pip install "councilpmf[{extra}]"'
        ) from error


class Kind(enum.Enum):
    """What a column holds, and so its type in each library."""

    TEXT = "text"
    """Text (pandas' own text type: ``str`` from pandas 3, ``object`` before; polars
    ``String``); None (NaN in pandas 3) where there is none."""
    NUMBER = "number"
    """A float (pandas ``float64`` with NaN, polars ``Float64`` with null, when missing)."""
    WHOLE = "whole"
    """A whole number (``int64``; pandas ``Int64`` when one is missing)."""
    DATE = "date"
    """A day (pandas ``datetime64[s]``, polars ``Date``); None (NaT) where there is none."""
    FLAG = "flag"
    """True or false (``bool``; pandas ``boolean`` when one is missing)."""


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]  # a number


@attrs.frozen(kw_only=True)
class DataColumn:
    """One column: its name, what it holds, and its values (numbers as floats)."""

    name: str
    kind: Kind
    values: tuple[Any, ...] = attrs.field(repr=False)

    def __attrs_post_init__(self) -> None:
        if self.kind is Kind.NUMBER:
            object.__setattr__(self, "values", tuple(_number(v) for v in self.values))


@attrs.frozen(kw_only=True)
class DataTable:
    """Columns of plain values, all the same length, ready to become a pandas or polars
    DataFrame. ``name`` says what a row is (``scorecard``, ``readings``...)."""

    name: str
    columns: tuple[DataColumn, ...]

    def __attrs_post_init__(self) -> None:
        lengths = {len(c.values) for c in self.columns}
        if len(lengths) > 1:
            raise InputError(
                (
                    f"columns: the columns of a {self.name} table differ in length: "
                    f"{sorted(lengths)}",
                )
            )

    def __len__(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    def __repr__(self) -> str:
        rows = len(self)
        return (
            f"DataTable({self.name!r}, {rows} row{'' if rows == 1 else 's'}: "
            f"{', '.join(self.names)})"
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> tuple[Any, ...]:
        """The values of the column ``name``; KeyError if there is none."""
        for column in self.columns:
            if column.name == name:
                return column.values
        raise KeyError(name)

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame. Needs pandas: ``pip install "councilpmf[pandas]"``."""
        pandas = import_optional("pandas")
        data = {c.name: _pandas_series(pandas, c) for c in self.columns}
        return pandas.DataFrame(data, columns=list(self.names))

    def to_polars(self) -> Any:
        """The table as a polars DataFrame. Needs polars: ``pip install "councilpmf[frames]"``."""
        polars = import_optional("polars")
        types = {
            Kind.TEXT: polars.String,
            Kind.NUMBER: polars.Float64,
            Kind.WHOLE: polars.Int64,
            Kind.DATE: polars.Date,
            Kind.FLAG: polars.Boolean,
        }
        return polars.DataFrame(
            [polars.Series(c.name, c.values, dtype=types[c.kind]) for c in self.columns]
        )


def _pandas_series(pandas: Any, column: DataColumn) -> Any:
    values, kind = list(column.values), column.kind
    gaps = any(v is None for v in values)
    if kind is Kind.NUMBER:
        return pandas.Series(values, dtype="float64")
    if kind is Kind.WHOLE:
        return pandas.Series(values, dtype="Int64" if gaps else "int64")
    if kind is Kind.FLAG:
        return pandas.Series(values, dtype="boolean" if gaps else "bool")
    if kind is Kind.DATE:
        # Seconds, not pandas' nanoseconds, which end in 2262.
        return pandas.Series(values, dtype=object).astype("datetime64[s]")
    return pandas.Series(values, dtype=_text_type(pandas))


def _text_type(pandas: Any) -> object:
    """pandas' default type for text: ``str`` from pandas 3 (missing text is NaN), ``object``
    before (where ``str`` would write None as "None")."""
    return "str" if int(pandas.__version__.split(".")[0]) >= 3 else object


Getter = Callable[[_T], object]


def _table(
    name: str, spec: Sequence[tuple[str, Kind, Getter[_T]]], items: Iterable[_T]
) -> DataTable:
    """A table with a column per ``spec`` entry (name, kind, how to read it from an item)."""
    rows = list(items)
    return DataTable(
        name=name,
        columns=tuple(
            DataColumn(name=column, kind=kind, values=tuple(get(item) for item in rows))
            for column, kind, get in spec
        ),
    )


def _joined(values: Iterable[str]) -> str:
    return "; ".join(values)


def _word(member: enum.Enum | None) -> str | None:
    return None if member is None else str(member.value)


# -- scorecards ------------------------------------------------------------------------------------


def theme_names(themes: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Each indicator's theme names (``; ``-joined, in plan order), from pairs of a theme's name
    and the indicators under it.

    >>> theme_names([("Our place", ["FT", "HB1"]), ("Our council", ["HB1"])])
    {'FT': 'Our place', 'HB1': 'Our place; Our council'}
    """
    found: dict[str, dict[str, None]] = {}
    for name, indicators in themes:
        for indicator in indicators:
            found.setdefault(indicator, {})[name] = None
    return {indicator: _joined(names) for indicator, names in found.items()}


def plan_themes(plan: StrategicPlan) -> dict[str, str]:
    """Each indicator's theme names in a plan, as a scorecard's theme roll-ups give them."""
    return theme_names(
        (theme.name, [i for priority in theme.priorities for i in priority.all_indicators()])
        for theme in plan.themes
    )


def _card_themes(themes: Iterable[RollUp]) -> dict[str, str]:
    return theme_names((theme.name, theme.indicators) for theme in themes)


SCORECARD_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("report_period", Kind.TEXT),
    ("indicator", Kind.TEXT),
    ("title", Kind.TEXT),
    ("theme", Kind.TEXT),
    ("unit", Kind.TEXT),
    ("polarity", Kind.TEXT),
    ("period", Kind.TEXT),
    ("start", Kind.DATE),
    ("end", Kind.DATE),
    ("value", Kind.NUMBER),
    ("target", Kind.NUMBER),
    ("target_low", Kind.NUMBER),
    ("target_high", Kind.NUMBER),
    ("status", Kind.TEXT),
    ("label", Kind.TEXT),
    ("short_term", Kind.TEXT),
    ("long_term", Kind.TEXT),
    ("missed_in_a_row", Kind.WHOLE),
    ("reading_status", Kind.TEXT),
    ("approval", Kind.TEXT),
    ("missing_reason", Kind.TEXT),
    ("owner", Kind.TEXT),
    ("commentary", Kind.TEXT),
)
"""The columns of a scorecard table (and of :func:`councilpmf.assess_history`), in order."""


def _result_row(report_period: str, themes: dict[str, str], r: IndicatorResult) -> tuple[Any, ...]:
    return (
        report_period,
        r.indicator,
        r.title,
        themes.get(r.indicator, ""),
        r.unit.value,
        r.polarity.value,
        str(r.period),
        r.period.start,
        r.period.end,
        r.value,
        r.target,
        r.target_low,
        r.target_high,
        r.rating.status.value,
        r.rating.label,
        r.short_term.direction.value,
        r.long_term.direction.value,
        r.missed_in_a_row,
        _word(r.reading_status),
        r.approval.value,
        r.missing_reason,
        r.owner,
        r.note,
    )


def columns_table(
    name: str, spec: Sequence[tuple[str, Kind]], columns: Mapping[str, Sequence[Any]]
) -> DataTable:
    """A table of the columns ``spec`` names (name, kind), in its order, from ``columns``."""
    return DataTable(
        name=name,
        columns=tuple(
            DataColumn(name=column, kind=kind, values=tuple(columns[column]))
            for column, kind in spec
        ),
    )


def scorecard_table(cards: Scorecard | Iterable[Scorecard]) -> DataTable:
    """One row per indicator of a scorecard (of each scorecard, in order, when given several): the
    period asked for (``report_period``), the indicator's id, title, theme(s), unit and
    polarity, its own ``period`` with its ``start`` and ``end`` days, value and target (floats;
    None when missing) and the ends of a target band (``target_low``, ``target_high``; None when
    the target is not one), ``status`` and travel (the core's words), the council's ``label``,
    how many periods it has missed in a row, the reading's status and approval (``draft``,
    ``submitted`` or ``approved``), why its value is missing (None where it has one or there is
    no reading), the owner and the commentary (the reading's note). See
    :data:`SCORECARD_COLUMNS`."""
    chosen = (cards,) if isinstance(cards, Scorecard) else tuple(cards)
    rows: list[tuple[Any, ...]] = []
    for card in chosen:
        themes, asked = _card_themes(card.themes), str(card.period)
        rows.extend(_result_row(asked, themes, r) for r in card.indicators)
    values = list(zip(*rows, strict=True)) if rows else [()] * len(SCORECARD_COLUMNS)
    names = [name for name, _ in SCORECARD_COLUMNS]
    return columns_table("scorecard", SCORECARD_COLUMNS, dict(zip(names, values, strict=True)))


# -- readings and their histories ------------------------------------------------------------------

_READING_SPEC: tuple[tuple[str, Kind, Getter[Reading]], ...] = (
    ("indicator", Kind.TEXT, lambda r: r.indicator),
    ("period", Kind.TEXT, lambda r: str(r.period)),
    ("start", Kind.DATE, lambda r: r.period.start),
    ("end", Kind.DATE, lambda r: r.period.end),
    ("value", Kind.NUMBER, lambda r: r.value),
    ("missing_reason", Kind.TEXT, lambda r: r.missing_reason),
    ("status", Kind.TEXT, lambda r: r.status.value),
    ("note", Kind.TEXT, lambda r: r.note),
    ("published_status", Kind.TEXT, lambda r: r.published_status),
    ("approval", Kind.TEXT, lambda r: r.approval.value),
)


def readings_table(readings: Readings | Iterable[Reading]) -> DataTable:
    """One row per reading: ``indicator``, ``period`` (as councils write it), ``start``,
    ``end``, ``value`` (None when missing), ``missing_reason``, ``status`` (``final`` or
    ``provisional``), ``note``, ``published_status`` ("" when none) and ``approval``
    (``draft``, ``submitted`` or ``approved``). A :class:`Readings` index gives the reading it
    keeps for each indicator and period; a list gives every reading in it. The frame reads
    back with :meth:`Readings.from_frame`."""
    chosen = readings.index.values() if isinstance(readings, Readings) else readings
    return _table("readings", _READING_SPEC, chosen)


def _old(get: Getter[Reading]) -> Getter[ReadingRevision]:
    return lambda revision: None if revision.old is None else get(revision.old)


def _new(get: Getter[Reading]) -> Getter[ReadingRevision]:
    return lambda revision: get(revision.new)


_READING_GETS = {name: get for name, _, get in _READING_SPEC}

# A revision's row: where and when (as the reading's own columns), who did it and why, what it
# replaced, then the new reading's own columns.
_HISTORY_SPEC: tuple[tuple[str, Kind, Getter[ReadingRevision]], ...] = (
    *((name, kind, _new(get)) for name, kind, get in _READING_SPEC[:4]),
    ("revision", Kind.WHOLE, lambda r: r.revision),
    ("by", Kind.TEXT, lambda r: r.by),
    ("at", Kind.TEXT, lambda r: r.at),
    ("reason", Kind.TEXT, lambda r: r.reason),
    *(
        (f"old_{name}", kind, _old(_READING_GETS[name]))
        for name, kind in (("value", Kind.NUMBER), ("status", Kind.TEXT), ("approval", Kind.TEXT))
    ),
    *((name, kind, _new(get)) for name, kind, get in _READING_SPEC[4:]),
)


def history_table(revisions: Iterable[ReadingRevision]) -> DataTable:
    """One row per revision of a reading (what ``Store.history`` returns): its indicator,
    period, ``start``, ``end``, revision number, who made it (``by``), when (``at``) and why
    (``reason``), the value, status and approval state it replaced (``old_value``,
    ``old_status``, ``old_approval``: None for the first revision), and the new reading's
    ``value``, ``missing_reason``, ``status``, ``note``, ``published_status`` and ``approval``
    (``draft``, ``submitted`` or ``approved``), so a submission or an approval shows as the
    revision it is."""
    return _table("history", _HISTORY_SPEC, revisions)


# -- actions ---------------------------------------------------------------------------------------


def _revised_from(action: Action, day: dt.date) -> dt.date | None:
    revision = action.due_on(day)[1]
    return None if revision is None else revision.was


@attrs.frozen
class _Placed:
    plan: str
    action: Action
    state: ActionState | None  # on as_of, when one is given


def actions_table(
    source: Framework | DeliveryPlan | ServicePlan, as_of: dt.date | str | None = None
) -> DataTable:
    """One row per action of a framework's delivery and service plans (or of one plan): the
    ``plan`` (a delivery plan's title, a service plan's service, with its year where two
    plans share the name), ``ref``, ``title``,
    ``status`` (the council's word, as of ``as_of`` when given, else its latest) and its
    ``meaning`` in the framework's vocabulary (None for a word it does not know),
    ``owners``, ``start``, ``due`` (the date in force on ``as_of``, else after every update,
    so a revised date replaces the first) and ``due_revised_from`` (the date before its latest
    revision, or None), ``timescale``, ``percent_complete``, ``serves`` (the priorities,
    themes or outcomes it serves, by id) and ``lead_committee``; with ``as_of``,
    also ``overdue``, ``expected_percent`` and ``progress`` (else None). ``as_of`` may be ISO
    text (``"2025-01-20"``). Lists are ``; ``-joined."""
    as_of = None if as_of is None else as_date(as_of, "as_of")
    vocabulary = source.vocabulary if isinstance(source, Framework) else DEFAULT_VOCABULARY
    if isinstance(source, Framework):
        planned: Iterable[PlannedAction] = source.planned_actions()
    else:
        name = source.title if isinstance(source, DeliveryPlan) else source.service
        planned = (PlannedAction(plan=name, path="$", action=a) for a in source.actions)
    day = dt.date.max if as_of is None else as_of
    placed = [
        _Placed(
            p.plan, p.action, None if as_of is None else assess_action(p.action, as_of, vocabulary)
        )
        for p in planned
    ]

    def status(p: _Placed) -> str:
        return p.action.current(day)[0] or NOT_RECORDED

    spec: tuple[tuple[str, Kind, Getter[_Placed]], ...] = (
        ("plan", Kind.TEXT, lambda p: p.plan),
        ("ref", Kind.TEXT, lambda p: p.action.ref),
        ("title", Kind.TEXT, lambda p: p.action.title),
        ("status", Kind.TEXT, status),
        ("meaning", Kind.TEXT, lambda p: _word(vocabulary.meaning_of(status(p)))),
        ("owners", Kind.TEXT, lambda p: _joined(p.action.owners)),
        ("start", Kind.DATE, lambda p: p.action.start),
        ("due", Kind.DATE, lambda p: p.action.due_on(day)[0]),
        ("due_revised_from", Kind.DATE, lambda p: _revised_from(p.action, day)),
        ("timescale", Kind.TEXT, lambda p: p.action.timescale),
        ("percent_complete", Kind.NUMBER, lambda p: p.action.current(day)[1]),
        ("serves", Kind.TEXT, lambda p: _joined(p.action.serves)),
        ("lead_committee", Kind.TEXT, lambda p: p.action.lead_committee),
        ("overdue", Kind.FLAG, lambda p: None if p.state is None else p.state.overdue),
        (
            "expected_percent",
            Kind.NUMBER,
            lambda p: None if p.state is None else p.state.expected_percent,
        ),
        ("progress", Kind.TEXT, lambda p: None if p.state is None else _word(p.state.progress)),
    )
    return _table("actions", spec, placed)


# -- findings and plan diffs -----------------------------------------------------------------------

_FINDING_SPEC: tuple[tuple[str, Kind, Getter[Finding]], ...] = (
    ("severity", Kind.TEXT, lambda f: f.severity.value),
    ("code", Kind.TEXT, lambda f: f.code),
    ("path", Kind.TEXT, lambda f: f.path),
    ("message", Kind.TEXT, lambda f: f.message),
)


def findings_table(findings: Iterable[Finding]) -> DataTable:
    """One row per finding: ``severity``, ``code``, ``path`` and ``message``."""
    return _table("findings", _FINDING_SPEC, findings)


_CHANGE_SPEC: tuple[tuple[str, Kind, Getter[PlanChange]], ...] = (
    ("kind", Kind.TEXT, lambda c: c.kind.value),
    ("path", Kind.TEXT, lambda c: c.path),
    ("text", Kind.TEXT, lambda c: c.text),
)


def diff_table(diff: PlanDiff | Iterable[PlanChange]) -> DataTable:
    """One row per change of a plan diff: its ``kind`` (``action-removed``...), ``path`` and
    ``text``."""
    return _table("diff", _CHANGE_SPEC, diff.changes if isinstance(diff, PlanDiff) else diff)


# -- any of them -----------------------------------------------------------------------------------

KINDS: dict[str, Callable[[Any], DataTable]] = {
    "scorecard": scorecard_table,
    "readings": readings_table,
    "actions": actions_table,
    "findings": findings_table,
    "diff": diff_table,
    "history": history_table,
}
"""Each kind of table and its builder."""

# What a sequence's items are, and the kind of table they make.
_ITEMS: tuple[tuple[type, str], ...] = (
    (Scorecard, "scorecard"),
    (Reading, "readings"),
    (Finding, "findings"),
    (PlanChange, "diff"),
    (ReadingRevision, "history"),
)


def table_of(source: object, kind: str | None = None) -> DataTable:
    """The table of ``source``: a scorecard (or several), readings (a ``Readings`` index or
    ``Reading`` records), the actions of a framework or a delivery or service plan, findings, a
    plan diff (or its changes), or revisions of readings. ``kind`` names the table when the
    source cannot say (an empty list): one of :data:`KINDS`.

    >>> table_of([]).name
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: table: an empty list could be any kind of table: say which with kind= (one of scorecard, readings, actions, findings, diff, history)
    >>> table_of([], kind="findings").names
    ('severity', 'code', 'path', 'message')
    """  # noqa: E501
    kinds = ", ".join(KINDS)
    if kind is not None:
        if kind not in KINDS:
            raise InputError((f"table: kind: {kind!r} is not one of: {kinds}",))
        return KINDS[kind](source)
    if isinstance(source, DataTable):
        return source
    if isinstance(source, Scorecard):
        return scorecard_table(source)
    if isinstance(source, Readings):
        return readings_table(source)
    if isinstance(source, PlanDiff):
        return diff_table(source)
    if isinstance(source, Findings):
        return findings_table(source)
    if isinstance(source, Framework | DeliveryPlan | ServicePlan):
        return actions_table(source)
    if isinstance(source, str | bytes) or not isinstance(source, Iterable):
        raise InputError((f"table: cannot make a table of {type(source).__name__}",))
    items = list(source)
    if not items:
        raise InputError(
            (
                f"table: an empty {type(source).__name__} could be any kind of table: "
                f"say which with kind= (one of {kinds})",
            )
        )
    for item_type, found in _ITEMS:
        if all(isinstance(item, item_type) for item in items):
            return KINDS[found](items)
    named = sorted({type(item).__name__ for item in items})
    raise InputError((f"table: cannot make a table of {', '.join(named)}",))


def to_pandas(source: object, kind: str | None = None) -> Any:
    """The table of ``source`` (see :func:`table_of`) as a pandas DataFrame."""
    return table_of(source, kind).to_pandas()


def to_polars(source: object, kind: str | None = None) -> Any:
    """The table of ``source`` (see :func:`table_of`) as a polars DataFrame."""
    return table_of(source, kind).to_polars()
