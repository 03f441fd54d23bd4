"""The format-free report document, and the builders that arrange a scorecard into one.

A :class:`Report` is a title, a few facts (council, committee, period, ``as_of``) and a tuple of
:class:`Section`; each section holds blocks: a :class:`Paragraph`, a :class:`Table` or a
:class:`Chart`. Report formats (text, Markdown, HTML, CSV, JSON and any a plugin adds) only lay
this document out: every rating, direction of travel, overdue flag and piece of wording is
decided here, from :func:`~councilpmf.core.assess.assess`, and never recomputed by a format.
Each table row knows its ``group`` (the theme, plan or recommendation it belongs to) and the
``committee`` it is reported to, so that a format can group rows.

The package's modules: :mod:`~councilpmf.core.report.document` (the records),
:mod:`~councilpmf.core.report.shared` (what the builders share), one module per report kind
(:mod:`~councilpmf.core.report.performance`, :mod:`~councilpmf.core.report.exceptions`,
:mod:`~councilpmf.core.report.actions`, :mod:`~councilpmf.core.report.peer_challenge`,
:mod:`~councilpmf.core.report.strategy_review`, :mod:`~councilpmf.core.report.risks`,
:mod:`~councilpmf.core.report.audit`, and the returns report,
:mod:`~councilpmf.core.report.returns`, which has no period), the trend charts they share
(:mod:`~councilpmf.core.report.trends`) and :mod:`~councilpmf.core.report.kinds`
(:func:`build_report`). Everything public is importable from here.

>>> import datetime as dt
>>> from councilpmf.core.framework import Framework
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
>>> row.group, row.committee
('Our place', '')
"""  # noqa: E501

from councilpmf.core.report.actions import actions_report
from councilpmf.core.report.audit import ALL_PERIODS, audit_report
from councilpmf.core.report.document import (
    COLUMN_KINDS,
    Block,
    Cell,
    Chart,
    Column,
    ColumnKind,
    DateCell,
    LevelCell,
    NumberCell,
    Paragraph,
    Point,
    Report,
    Row,
    Section,
    Series,
    StatusCell,
    Table,
    TravelCell,
    cell_text,
)
from councilpmf.core.report.exceptions import NO_COMMENTARY, exceptions_report
from councilpmf.core.report.kinds import REPORT_KINDS, build_report
from councilpmf.core.report.peer_challenge import peer_challenge_report
from councilpmf.core.report.performance import performance_report
from councilpmf.core.report.returns import returns_report
from councilpmf.core.report.risks import risks_report
from councilpmf.core.report.shared import NO_OWNER, owner_text
from councilpmf.core.report.strategy_review import strategy_review_report
from councilpmf.core.report.trends import TREND_PERIODS, trend_chart, trend_periods

__all__ = [
    "ALL_PERIODS",
    "COLUMN_KINDS",
    "NO_COMMENTARY",
    "NO_OWNER",
    "REPORT_KINDS",
    "TREND_PERIODS",
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
    "actions_report",
    "audit_report",
    "build_report",
    "cell_text",
    "exceptions_report",
    "owner_text",
    "peer_challenge_report",
    "performance_report",
    "returns_report",
    "risks_report",
    "strategy_review_report",
    "trend_chart",
    "trend_periods",
]
