"""A framework's scorecard for each of many periods, as one table: :func:`assess_history`.

Where polars is installed (``pip install "councilpmf[frames]"``), every period is assessed at
once by the columnar engine (:func:`councilpmf.frames.assess_frame`); otherwise each period is
assessed by :func:`councilpmf.assess`. Both give the same table: one row per period asked for
and indicator, with the columns of a scorecard table
(:data:`councilpmf.dataframes.SCORECARD_COLUMNS`).

>>> import councilpmf as pmf
>>> kpi = pmf.Indicator(id="FT", title="Fly-tips cleared in 5 days", unit="percentage",
...     targets=(pmf.Target(period="2024/25", value=90),))
>>> fw = pmf.Framework(plan=pmf.StrategicPlan(title="Plan", organisation="Anytown"),
...     indicators=(kpi,))
>>> readings = [pmf.Reading(indicator="FT", period="2024/25 Q1", value=84),
...             pmf.Reading(indicator="FT", period="2024/25 Q2", value=91)]
>>> history = assess_history(fw, readings, pmf.periods_between("2024/25 Q1", "2024/25 Q3"))
>>> history.column("status"), history.column("short_term")[1]
(('red', 'green', 'no data'), 'improving')
>>> history.to_pandas()[["period", "value", "status"]].to_string(index=False)
'    period  value  status\\n2024/25 Q1   84.0     red\\n2024/25 Q2   91.0   green\\n2024/25 Q3    NaN no data'
"""  # noqa: E501

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import Any, Literal

from councilpmf.core._coerce import as_period
from councilpmf.core.assess import Readings, assess
from councilpmf.core.columns import readings_from_columns
from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import Period
from councilpmf.dataframes import (
    SCORECARD_COLUMNS,
    DataTable,
    columns_table,
    plan_themes,
    scorecard_table,
)

__all__ = ["ENGINES", "assess_history"]

Engine = Literal["auto", "columns", "core"]

ENGINES: tuple[str, ...] = ("auto", "columns", "core")
"""The engines :func:`assess_history` can use: ``columns`` (polars), ``core``, or ``auto``
(``columns`` where polars is installed)."""

_FRAME_LIBRARIES = ("pandas", "polars", "pyarrow")


def _readings(readings: Any, start_month: int) -> Readings:
    if isinstance(readings, Readings):
        return readings
    if type(readings).__module__.partition(".")[0] in _FRAME_LIBRARIES:
        return Readings.of(readings_from_columns(readings, start_month))
    return Readings.of(readings)


def _periods(periods: Iterable[Period | str] | Period | str, start_month: int) -> list[Period]:
    chosen = (periods,) if isinstance(periods, Period | str) else periods
    return [as_period(p, "periods", start_month) for p in chosen]


def assess_history(
    framework: Framework,
    readings: Readings | Iterable[Reading] | Any,
    periods: Iterable[Period | str] | Period | str,
    *,
    engine: Engine = "auto",
) -> DataTable:
    """The scorecard of ``framework`` for each of ``periods``, as one table (call
    ``to_pandas()`` or ``to_polars()`` on it): a row per period and indicator, in the order
    :func:`councilpmf.assess` lists them, with the period asked for in ``report_period``.

    ``readings`` are ``Reading`` records, a ``Readings`` index, or a pandas, polars or pyarrow
    frame (as :meth:`Readings.from_frame` reads it). ``periods`` are periods or their text
    (read with the framework's year start); for a span, use
    ``pmf.periods_between("2022/23 Q1", "2024/25 Q4")``. ``engine`` is ``columns`` (the
    columnar engine, which needs polars), ``core`` (:func:`councilpmf.assess`, one period at a
    time) or ``auto``: ``columns`` where polars is installed.
    """
    if engine not in ENGINES:
        raise InputError((f"engine: {engine!r} is not one of: {', '.join(ENGINES)}",))
    start_month = framework.year_start_month
    asked = _periods(periods, start_month)
    index = _readings(readings, start_month)
    if engine == "auto":
        engine = "columns" if importlib.util.find_spec("polars") else "core"
    if engine == "core":
        return scorecard_table(assess(framework, index, p, as_of=p.end) for p in asked)
    return _by_columns(framework, index, asked)


def _by_columns(framework: Framework, index: Readings, asked: list[Period]) -> DataTable:
    """The table, worked out by the columnar engine with the status, note, approval and
    missing reason of the reading each row rated; what it does not compute (an indicator's
    title, theme, unit, polarity and owner) is looked up."""
    from councilpmf.frames import assess_frame

    frame = assess_frame(framework, index, periods=asked, with_readings=True)
    columns: dict[str, list[Any]] = {
        name: frame[name].cast(str).to_list() if name in _WORDS else frame[name].to_list()
        for name in frame.columns
    }
    columns["commentary"] = columns["note"]
    ids = columns["indicator"]
    themes = plan_themes(framework.plan)
    by_id = {indicator.id: indicator for indicator in framework.indicators}
    facts = {
        "title": {i: ind.title for i, ind in by_id.items()},
        "theme": {i: themes.get(i, "") for i in by_id},
        "unit": {i: ind.unit.value for i, ind in by_id.items()},
        "polarity": {i: ind.polarity.value for i, ind in by_id.items()},
        "owner": {i: ind.owner for i, ind in by_id.items()},
    }
    for name, found in facts.items():
        columns[name] = [found[i] for i in ids]
    return columns_table("scorecard", SCORECARD_COLUMNS, columns)


# The engine's columns of words (polars Enums), read as text.
_WORDS = frozenset({"status", "short_term", "long_term"})
