"""assess_frame takes readings in every shape a user or a store has them, says when it falls
back to the core, refuses bad frames in one line, and agrees with the core on the example
councils. Boundaries users rely on are checked by hand: equal to target, lower is better,
profiled year-to-date targets across a year end."""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import hypothesis
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf.core.columns import OPTIONAL
from councilpmf.core.rag import Rating, RatingContext, Status
from councilpmf.frames import (
    COLUMNS,
    READING_COLUMNS,
    STATUS,
    FallbackWarning,
    FrameInputError,
    UnusedReadingsWarning,
    assess_frame,
)
from councilpmf.store import FRAME_SCHEMA

pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
YEAR = pmf.parse_period("2024/25")
QUARTERS = [f"{year}/{(year + 1) % 100:02d} Q{q}" for year in (2023, 2024) for q in (1, 2, 3, 4)]


def council(*indicators: pmf.Indicator, **options: Any) -> pmf.Framework:
    plan = pmf.StrategicPlan(title="Plan", organisation="Anytown")
    return pmf.Framework(plan=plan, indicators=indicators, **options)


def readings(indicator: str, values: dict[str, float | None]) -> list[pmf.Reading]:
    found = []
    for period, value in values.items():
        if value is None:
            found.append(
                pmf.Reading(
                    indicator=indicator, period=pmf.parse_period(period), missing_reason="late"
                )
            )
        else:
            found.append(
                pmf.Reading(indicator=indicator, period=pmf.parse_period(period), value=value)
            )
    return found


NAN = float("nan")


def column(frame: pl.DataFrame, name: str) -> list[Any]:
    return frame[name].to_list()


# -- what users rely on, by hand ---------------------------------------------------------------


def test_equal_to_target_is_green_both_ways_and_lower_is_better_is_mirrored() -> None:
    target = (pmf.Target(period=YEAR, value=20.0),)
    up = pmf.Indicator(id="UP", title="Up", targets=target)
    down = pmf.Indicator(
        id="DOWN", title="Down", polarity=pmf.Polarity.LOWER_IS_BETTER, targets=target
    )
    values = {"2024/25 Q1": 20.0, "2024/25 Q2": 19.0, "2024/25 Q3": 21.0, "2024/25 Q4": 22.0}
    frame = assess_frame(council(up, down), readings("UP", values) + readings("DOWN", values))
    by = {ind: frame.filter(pl.col("indicator") == ind) for ind in ("UP", "DOWN")}
    # 5% relative tolerance: 19 is within it below, 21 within it above, 22 beyond.
    assert column(by["UP"], "status") == ["green", "amber", "green", "green"]
    assert column(by["DOWN"], "status") == ["green", "green", "amber", "red"]
    assert column(by["UP"], "short_term") == [
        "no valid comparison",
        "worsening",
        "improving",
        "improving",
    ]
    assert column(by["DOWN"], "short_term") == [
        "no valid comparison",
        "improving",
        "worsening",
        "worsening",
    ]
    assert column(by["DOWN"], "missed_in_a_row") == [0, 0, 1, 2]


def test_a_year_to_date_target_is_profiled_and_starts_again_at_the_year_end() -> None:
    targets = tuple(
        pmf.Target(period=pmf.FinancialYear(year=y), value=1200.0) for y in (2023, 2024)
    )
    ytd = pmf.Indicator(
        id="YTD",
        title="Rent collected",
        frequency=pmf.Frequency.MONTHLY,
        aggregation=pmf.Aggregation.CUMULATIVE,
        targets=targets,
    )
    values = {"Feb 2024": 1000.0, "Mar 2024": 1200.0, "Apr 2024": 90.0, "Mar 2025": 1250.0}
    frame = assess_frame(council(ytd), readings("YTD", values))
    assert column(frame, "period")[:3] == ["Feb 2024", "Mar 2024", "Apr 2024"]
    assert len(frame) == 14  # every month from the first reading to the last
    first = frame.head(3)
    assert column(first, "target") == [1100.0, 1200.0, 100.0]
    assert column(first, "status") == ["red", "green", "red"]
    # A year-to-date total is compared only with the same month last year.
    assert column(first, "short_term") == ["no valid comparison"] * 3
    last = frame.tail(1)
    assert column(last, "long_term") == ["improving"]
    assert column(last, "missed_in_a_row") == [0]
    # Months with no reading are shown as no data and do not end a run of misses.
    assert column(frame, "status")[3:13] == ["no data"] * 10


def test_a_run_of_misses_passes_no_data_ends_when_not_rated_and_stops_at_120() -> None:
    years = tuple(
        pmf.Target(period=pmf.FinancialYear(year=y), value=50.0) for y in range(2010, 2022)
    )
    monthly = pmf.Indicator(id="M", title="M", frequency=pmf.Frequency.MONTHLY, targets=years)
    months = pmf.periods_between(pmf.parse_period("Apr 2010"), pmf.parse_period("Mar 2021"))
    values: dict[str, float | None] = {str(m): 10.0 for m in months}  # 132 reds
    frame = assess_frame(council(monthly), readings("M", values))
    assert column(frame, "missed_in_a_row")[:3] == [1, 2, 3]
    assert column(frame, "missed_in_a_row")[-1] == 120
    card = pmf.assess(council(monthly), readings("M", values), months[-1], dt.date(2022, 1, 1))
    assert card.indicators[0].missed_in_a_row == 120
    # No data passes; a period with no target (not rated) ends the run.
    short = {"Apr 2010": 10.0, "May 2010": None, "Jun 2010": 10.0}
    frame = assess_frame(council(monthly), readings("M", short))
    assert column(frame, "status") == ["red", "no data", "red"]
    assert column(frame, "missed_in_a_row") == [1, 1, 2]
    untargeted = attrs.evolve(monthly, targets=years[1:])  # none for 2010/11
    late = {"Mar 2011": 10.0, "Apr 2011": 10.0, "May 2011": 10.0}
    frame = assess_frame(council(untargeted), readings("M", late))
    assert column(frame, "status") == ["not rated", "red", "red"]
    assert column(frame, "missed_in_a_row") == [0, 1, 2]


def test_a_profiled_target_is_the_cores_to_the_last_bit() -> None:
    # 80 x (10 / 12) is 66.66666666666667; 80 x 10 x (1 / 12), as a division by a constant
    # can come out, is 66.66666666666666.
    ytd = pmf.Indicator(
        id="K",
        title="K",
        frequency=pmf.Frequency.MONTHLY,
        aggregation=pmf.Aggregation.CUMULATIVE,
        targets=(pmf.Target(period=pmf.FinancialYear(year=2020), value=80.0),),
    )
    frame = assess_frame(council(ytd), readings("K", {"Jan 2021": None}))
    assert column(frame, "target") == [80.0 * (10 / 12)] == [66.66666666666667]


def test_asked_periods_give_a_row_per_indicator_and_period_even_without_data() -> None:
    quarterly = pmf.Indicator(id="Q", title="Quarterly")
    annual = pmf.Indicator(id="A", title="Annual", frequency=pmf.Frequency.ANNUAL)
    frame = assess_frame(council(quarterly, annual), [], periods=["2024/25 Q3", "2024/25 Q4"])
    assert frame.select("report_period", "indicator", "period").rows() == [
        ("2024/25 Q3", "Q", "2024/25 Q3"),
        ("2024/25 Q3", "A", "2023/24"),
        ("2024/25 Q4", "Q", "2024/25 Q4"),
        ("2024/25 Q4", "A", "2024/25"),
    ]
    assert set(column(frame, "status")) == {"no data"}


def test_no_readings_give_an_empty_frame_with_every_column() -> None:
    frame = assess_frame(council(pmf.Indicator(id="K", title="K")), [])
    assert frame.columns == list(COLUMNS)
    assert frame.height == 0
    assert frame.schema["status"] == STATUS
    assert frame.schema["target_low"] == frame.schema["target_high"] == pl.Float64
    frame = assess_frame(council(pmf.Indicator(id="K", title="K")), [], with_readings=True)
    assert frame.columns == [*COLUMNS, *READING_COLUMNS]
    assert frame.schema["missing_reason"] == pl.String


def test_a_band_is_given_by_its_ends_profiled_as_its_value_is() -> None:
    """A band target (with or without a value beside it) gives both ends, profiled for a
    year-to-date indicator; a value alone, or beside one end only, is no band."""
    band = pmf.Indicator(
        id="B",
        title="Occupancy",
        unit=pmf.Unit.PERCENTAGE,
        polarity=pmf.Polarity.TARGET_BAND,
        targets=(
            pmf.Target(period=pmf.parse_period("2024/25 Q1"), low=85.0, high=95.0),
            pmf.Target(period=pmf.parse_period("2024/25 Q2"), value=90.0, low=85.0),
            pmf.Target(period=pmf.parse_period("2024/25 Q3"), value=90.0, low=80.0, high=95.0),
        ),
    )
    ytd = pmf.Indicator(
        id="Y",
        title="Spend to date",
        unit=pmf.Unit.MONEY,
        polarity=pmf.Polarity.TARGET_BAND,
        aggregation=pmf.Aggregation.CUMULATIVE,
        targets=(pmf.Target(period=YEAR, low=800.0, high=1200.0),),
    )
    values = {"2024/25 Q1": 95.0, "2024/25 Q2": 84.0, "2024/25 Q3": 96.0, "2024/25 Q4": 90.0}
    found = readings("B", values) + readings("Y", {"2024/25 Q2": 500.0})
    frame = assess_frame(council(band, ytd), found)
    columns = ("indicator", "period", "target", "target_low", "target_high")
    assert frame.select(columns).rows() == [
        ("B", "2024/25 Q1", None, 85.0, 95.0),
        ("B", "2024/25 Q2", 90.0, None, None),  # one end alone is no band
        ("B", "2024/25 Q3", 90.0, 80.0, 95.0),
        ("B", "2024/25 Q4", None, None, None),  # no target
        ("Y", "2024/25 Q2", None, 400.0, 600.0),  # half the year's band
    ]
    assert column(frame, "status")[0] == "green"  # on the band's upper end


# -- every shape of readings -------------------------------------------------------------------

SPELLINGS = {"2024/25 Q1": "Q1 2024/25", "2024/25 Q2": "2024-25 Q2", "2024/25 Q3": "fin_2024_25_q3"}


@pytest.fixture
def quarterly() -> tuple[pmf.Framework, list[pmf.Reading]]:
    kpi = pmf.Indicator(id="FT", title="Fly-tips", targets=(pmf.Target(period=YEAR, value=90.0),))
    return council(kpi), readings(
        "FT", {"2024/25 Q1": 84.0, "2024/25 Q2": None, "2024/25 Q3": 95.0}
    )


def _table(records: list[pmf.Reading]) -> dict[str, list[Any]]:
    return {
        "indicator": [r.indicator for r in records],
        "period": [SPELLINGS[str(r.period)] for r in records],
        "value": [r.value for r in records],
        "missing_reason": [r.missing_reason for r in records],
    }


@pytest.mark.parametrize(
    "shape",
    [
        lambda t: pl.DataFrame(t),
        lambda t: pl.DataFrame(t).lazy(),
        lambda t: pd.DataFrame(t),
        lambda t: pa.table(t),
    ],
    ids=["polars", "polars-lazy", "pandas", "pyarrow"],
)
def test_every_frame_shape_gives_the_same_answer_as_the_records(
    quarterly: tuple[pmf.Framework, list[pmf.Reading]], shape: Any
) -> None:
    framework, records = quarterly
    expected = assess_frame(framework, records)
    assert assess_frame(framework, shape(_table(records))).equals(expected)
    assert column(expected, "status") == ["red", "no data", "green"]


def test_a_readings_index_brings_its_comparator_groups() -> None:
    folder = pmf.load_folder(EXAMPLES / "nottinghamshire")
    assert folder.comparators
    index = pmf.Readings.of(folder.readings, folder.comparators)
    expected = assess_frame(folder.framework, folder.readings, comparators=folder.comparators)
    assert assess_frame(folder.framework, index).equals(expected)
    # The quartile rule needs them: without, its indicators are not rated.
    assert not assess_frame(folder.framework, folder.readings).equals(expected)


def test_a_stores_readings_frame_is_taken_as_it_comes() -> None:
    kpi = pmf.Indicator(id="K", title="K", targets=(pmf.Target(period=YEAR, value=10.0),))
    store_frame = pl.DataFrame(
        {
            "indicator": ["K", "K", "K"],
            "period": ["2024/25 Q1", "2024/25 Q1", "2024/25 Q2"],
            "value": [12.0, 5.0, None],
            "missing_reason": [None, None, "survey paused"],
            "status": ["final", "provisional", "final"],
            "note": ["Checked", "", "Survey restarts in May"],
            "published_status": ["Green", "", ""],
            "approval": ["approved", "submitted", "draft"],
        },
        schema_overrides={"value": pl.Float64},
    )
    assert store_frame.columns == [name for name, _ in FRAME_SCHEMA]
    frame = assess_frame(council(kpi), store_frame, with_readings=True)
    # The final reading beats a provisional one for the same period, whatever the order.
    chosen = frame.select(
        "period", "value", "status", "reading_status", "note", "approval", "missing_reason"
    )
    why = "survey paused"
    assert chosen.rows() == [
        ("2024/25 Q1", 12.0, "green", "final", "Checked", "approved", None),
        ("2024/25 Q2", None, "no data", "final", "Survey restarts in May", "draft", why),
    ]


def test_a_frames_missing_reason_is_given_only_where_there_is_no_value() -> None:
    """A reason is given where the row has no value; an empty cell of the column beside a
    value is no reason (null, as where there is no reading), as ``Readings.from_frame`` reads
    it."""
    kpi = pmf.Indicator(id="K", title="K")
    table = pl.DataFrame(
        {
            "indicator": ["K"] * 4,
            "period": ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2025/26 Q1"],
            "value": [None, 6.0, 7.0, 8.0],
            "missing_reason": ["survey paused", "", None, None],
        },
        schema_overrides={"value": pl.Float64},
    )
    frame = assess_frame(council(kpi), table, with_readings=True)
    assert frame.select("period", "reading_status", "missing_reason").rows()[:4] == [
        ("2024/25 Q1", "final", "survey paused"),
        ("2024/25 Q2", "final", None),
        ("2024/25 Q3", "final", None),
        ("2024/25 Q4", None, None),  # no reading
    ]
    read = pmf.Readings.from_frame(table)
    assert [read.get("K", pmf.parse_period(p)).missing_reason for p in table["period"]] == [
        "survey paused",
        None,
        None,
        None,
    ]


@pytest.mark.parametrize("words", [False, True])
@pytest.mark.parametrize("value", [2e15, -1e16])
def test_a_value_larger_than_a_reading_may_have_is_refused_naming_the_row(
    value: float, words: bool
) -> None:
    """The engine refuses a value beyond the largest a ``Reading`` may have, naming the row,
    in the words a ``Reading`` and a readings file refuse it with; it rated it."""
    frame = pl.DataFrame(
        {
            "indicator": ["K"] * 3,
            "period": ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"],
            "value": [1e15, value, 3.0],
        }
    )
    with pytest.raises(pmf.InputError) as refused:
        assess_frame(council(pmf.Indicator(id="K", title="K")), frame, with_readings=words)
    assert str(refused.value) == (
        f"readings: row 1: value: {value!r} is larger than 1e+15, the most allowed"
    )


def _three_values(value: Any, make: Any) -> object:
    """A frame of three readings of K, the second's value ``value`` and the others' of its
    type, made by ``make`` from a mapping of columns to lists."""
    kind = type(value)
    values = [kind(1), value, kind(3)]
    return make({"indicator": ["K"] * 3, "period": QUARTERS[4:7], "value": values})


@pytest.mark.parametrize(
    ("frame", "shown"),
    [
        (_three_values(2**62, pl.DataFrame), "4611686018427387904"),
        (_three_values(-(2**62), pd.DataFrame), "-4611686018427387904"),
        (_three_values(10**16, pa.table), "10000000000000000"),
        (
            pl.DataFrame(
                {"indicator": ["K"] * 3, "period": QUARTERS[4:7], "value": [1, 2**64 - 1, 3]},
                schema_overrides={"value": pl.UInt64},
            ),
            "18446744073709551615",
        ),
        # A decimal is read as a float, as a Reading takes it.
        (_three_values(Decimal("2E+16"), pl.DataFrame), "2e+16"),
    ],
    ids=["polars Int64", "pandas int64", "pyarrow int64", "polars UInt64", "polars Decimal"],
)
def test_a_whole_number_too_large_is_shown_as_readings_from_frame_shows_it(
    frame: object, shown: str
) -> None:
    """A value too large in a column of whole numbers is refused showing the number as the
    frame has it, as ``Readings.from_frame`` (and a ``Reading``) shows it, where the engine
    showed it as a float (``4.611686018427388e+18``)."""
    core, engine = _read(frame)
    assert core == f"row 1: value: {shown} is larger than 1e+15, the most allowed"
    assert engine == core


NEITHER = "value: a reading needs a value or a missing_reason"
BOTH = "value: a reading has a value or a missing_reason, not both"


@pytest.mark.parametrize(
    ("values", "reasons", "row", "why"),
    [
        ([7.0, None, float("nan")], None, 1, NEITHER),  # no column of reasons at all
        ([None, None, None], ["late", None, None], 1, NEITHER),
        ([None, 7.0, None], ["late", None, ""], 2, NEITHER),
        ([None, 7.0, None], ["late", None, " \t"], 2, NEITHER),
        ([None, 7.0, 8.0], ["late", None, "late"], 2, BOTH),
        ([None, 7.0, 8.0], ["late", " ", None], 1, BOTH),  # a space is a reason, not a blank
        ([5.0, None, 8.0], [None, None, "late"], 1, NEITHER),  # the first row refused
        ([5.0, 8.0, None], [None, "late", None], 1, BOTH),
    ],
)
@pytest.mark.parametrize("words", [False, True])
def test_a_row_a_reading_refuses_for_its_value_and_reason_is_refused_as_a_reading_is(
    values: list[float | None], reasons: list[str | None] | None, row: int, why: str, words: bool
) -> None:
    """Where ``Readings.from_frame`` (and so ``Reading``) refuses a row for having neither a
    value nor a missing reason, or both, the engine refuses it too, in the same words, naming
    the first such row; it read the one as a value missing for no reason and the other as a
    value, its reason dropped."""
    table: dict[str, list[Any]] = {
        "indicator": ["K"] * 3,
        "period": ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"],
        "value": values,
    }
    if reasons is not None:
        table["missing_reason"] = reasons
    frame = pl.DataFrame(table, schema_overrides={"value": pl.Float64})
    with pytest.raises(FrameInputError) as refused:
        assess_frame(council(pmf.Indicator(id="K", title="K")), frame, with_readings=words)
    assert str(refused.value) == f"readings: row {row}: {why}"
    with pytest.raises(pmf.core.errors.InputError) as core:
        pmf.Readings.from_frame(frame)
    assert str(core.value) == f"readings frame: row {row}: {why}"


@pytest.mark.parametrize(
    ("column", "cells", "shown"),
    [
        ("missing_reason", pl.Series([None, 5, None]), "5"),
        ("missing_reason", pl.Series([None, 2.5, float("nan")]), "2.5"),
        ("missing_reason", pl.Series([None, True, None]), "True"),
        ("note", pl.Series([None, 5, None]), "5"),
        ("published_status", pl.Series([None, 3, None]), "3"),
    ],
)
@pytest.mark.parametrize("words", [False, True])
def test_a_reading_s_text_that_is_not_text_is_refused_naming_the_column_and_row(
    column: str, cells: pl.Series, shown: str, words: bool
) -> None:
    """A missing reason (or note, or published status) is text, as a ``Reading``'s is: a
    column of numbers is refused at its first number, naming the column and the row, as
    ``Readings.from_frame`` refuses it; the engine read ``5`` as the reason "5"."""
    frame = pl.DataFrame(
        {
            "indicator": ["K"] * 3,
            "period": ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"],
            "value": [1.0, None if column == "missing_reason" else 2.0, 3.0],
            column: cells,
        }
    )
    with pytest.raises(pmf.CouncilPMFError) as refused:
        assess_frame(council(pmf.Indicator(id="K", title="K")), frame, with_readings=words)
    assert isinstance(refused.value, pmf.InputError)
    assert str(refused.value) == f"readings: row 1: {column}: must be text, not {shown}"
    with pytest.raises(pmf.InputError) as core:
        pmf.Readings.from_frame(frame)
    assert str(core.value) == f"readings frame: row 1: {column}: must be text, not {shown}"


@pytest.mark.parametrize(
    ("column", "cells", "message"),
    [
        # An indicator and a value are refused in a Reading's own words, as the core does.
        ("indicator", ["K", 5, "K"], "row 1: indicator must be text, not 5"),
        # A period is refused in the core's words, which say what to write instead.
        (
            "period",
            ["2024/25 Q1", "2024/25 Q2", 2024],
            "row 2: period: expected a period such as '2024/25 Q3', not 2024",
        ),
        ("value", [1, "2", 3.5], "row 1: value must be a number, not '2'"),
        ("value", ["n/a", 2, 3], "row 0: value must be a number, not 'n/a'"),
        # A bool among numbers is no number: it was read as 1.0.
        ("value", [1.0, True, 3.0], "row 1: value must be a number, not True"),
        ("status", ["final", None, 1], "row 2: status: must be text, not 1"),
        ("note", [None, "checked", 7], "row 2: note: must be text, not 7"),
        # Numbers alone, with an empty cell of pandas' or numpy's: pyarrow made 7 7.0.
        ("note", [7, pd.NA, 2.5], "row 0: note: must be text, not 7"),
        ("status", [pd.NA, 3, np.float32("nan")], "row 1: status: must be text, not 3"),
    ],
)
@pytest.mark.parametrize("words", [False, True])
def test_a_pandas_column_mixing_text_and_numbers_is_refused_naming_the_column_and_row(
    column: str, cells: list[object], message: str, words: bool
) -> None:
    """A pandas column of objects that mixes text with numbers (as a sheet typed by hand
    gives) cannot become a polars column: it was refused by polars' own ``TypeError``,
    naming no column. It is refused as a polars frame's bad cell is, naming the column and
    the first cell of the wrong kind, where and as ``Readings.from_frame`` refuses it. A
    column of objects holding numbers and empty cells alone becomes a polars column of what
    pyarrow chooses (floats, for ``7`` and ``2.5``), and is refused for the cell as the frame
    gives it too, where the engine showed ``7`` as ``7.0``."""
    table: dict[str, list[object]] = {
        "indicator": ["K"] * 3,
        "period": ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"],
        "value": [1.0, 2.0, 3.0],
        column: cells,
    }
    frame = pd.DataFrame(table)
    assert frame[column].dtype == object
    with pytest.raises(FrameInputError) as refused:
        assess_frame(council(pmf.Indicator(id="K", title="K")), frame, with_readings=words)
    assert str(refused.value) == f"readings: {message}"
    with pytest.raises(pmf.InputError) as core:
        pmf.Readings.from_frame(frame)
    assert str(core.value) == f"readings frame: {message}"


Read = str | list[tuple[Any, ...]]
"""How a readings frame is read: its refusal, or the readings taken from it."""


def _read(frame: object) -> tuple[Read, Read]:
    """How ``Readings.from_frame`` and the engine read ``frame``: each one's refusal without
    the name it gives the frame (the engine's is a :class:`FrameInputError`), or, where it
    takes the frame, the reading of each period of the indicator K, with its value and its
    every word as ``assess`` reports it (the engine's with ``with_readings=True``): status,
    note, approval and missing reason."""
    core: Read
    engine: Read
    try:
        index = pmf.Readings.from_frame(frame)
    except pmf.InputError as error:
        core = str(error).removeprefix("readings frame: ")
    else:
        core = [
            (str(r.period), r.value, r.status.value, r.note, r.approval.value, r.missing_reason)
            for r in sorted(index.index.values(), key=lambda r: r.period.start)
        ]
    try:
        table = assess_frame(council(pmf.Indicator(id="K", title="K")), frame, with_readings=True)
    except FrameInputError as error:
        engine = str(error).removeprefix("readings: ")
    else:
        read = table.filter(pl.col("reading_status").is_not_null())
        engine = read.select("period", "value", *READING_COLUMNS).rows()
    return core, engine


TWO = ["2024/25 Q1", "2024/25 Q2"]
SAME_REFUSALS: dict[str, object] = {
    "a pandas frame with two value columns": pd.DataFrame(
        [["K", "2024/25 Q1", 1.0, 2.0]], columns=["indicator", "period", "value", "value"]
    ),
    "a pyarrow table with two value columns": pa.table(
        [pa.array(["K"]), pa.array(["2024/25 Q1"]), pa.array([1.0]), pa.array([2.0])],
        names=["indicator", "period", "value", "value"],
    ),
    "a pyarrow record batch with two period columns": pa.record_batch(
        [pa.array(["K"]), pa.array(["2024/25 Q1"]), pa.array([1.0]), pa.array(["2024/25 Q2"])],
        names=["indicator", "period", "value", "period"],
    ),
    "a pandas period column mixing text and numbers": pd.DataFrame(
        {"indicator": ["K", "K"], "period": ["2024/25 Q1", 3], "value": [1.0, 2.0]}
    ),
    "a polars column of periods as numbers": pl.DataFrame(
        {"indicator": ["K", "K"], "period": [3, 4], "value": [1.0, 2.0]}
    ),
    "a pyarrow column of periods as numbers": pa.table(
        {"indicator": ["K", "K"], "period": [3, 4], "value": [1.0, 2.0]}
    ),
    "a polars column of periods as dates": pl.DataFrame(
        {"indicator": ["K"], "period": [dt.date(2024, 4, 1)], "value": [1.0]}
    ),
    "a polars column of indicators as numbers": pl.DataFrame(
        {"indicator": [1, 2], "period": TWO, "value": [1.0, 2.0]}
    ),
    "a polars column of values as text": pl.DataFrame(
        {"indicator": ["K", "K"], "period": TWO, "value": ["1", "2"]}
    ),
    "a pandas column of values as text": pd.DataFrame(
        {"indicator": ["K", "K"], "period": TWO, "value": ["3", "12"]}
    ),
    "a pyarrow column of values as text": pa.table(
        {"indicator": ["K", "K"], "period": TWO, "value": ["1", "x"]}
    ),
    "a polars column of values as bools": pl.DataFrame(
        {"indicator": ["K", "K"], "period": TWO, "value": [True, False]}
    ),
    "an infinite value": pl.DataFrame(
        {"indicator": ["K", "K"], "period": TWO, "value": [1.0, float("-inf")]}
    ),
    "an empty indicator cell": pl.DataFrame(
        {"indicator": ["K", None], "period": TWO, "value": [1.0, 2.0]}
    ),
    "a pandas indicator column of empty cells": pd.DataFrame(
        {"indicator": [float("nan")] * 2, "period": TWO, "value": [1.0, 2.0]}
    ),
    "an empty period cell": pl.DataFrame(
        {"indicator": ["K", "K"], "period": [None, "2024/25 Q2"], "value": [1.0, 2.0]}
    ),
    "a pandas period column with an empty cell": pd.DataFrame(
        {"indicator": ["K", "K"], "period": [float("nan"), "2024/25 Q2"], "value": [1.0, 2.0]}
    ),
    "a frame with no period column": pl.DataFrame({"indicator": ["K"], "value": [1.0]}),
    "a status that is no status": pl.DataFrame(
        {"indicator": ["K", "K"], "period": TWO, "value": [1.0, 2.0], "status": ["final", "x"]}
    ),
    "a status with a space around it": pl.DataFrame(
        {"indicator": ["K", "K"], "period": TWO, "value": [1.0, 2.0], "status": ["final", " "]}
    ),
    "a column of statuses as numbers": pl.DataFrame(
        {"indicator": ["K", "K"], "period": TWO, "value": [1.0, 2.0], "status": [None, 1]}
    ),
    "an approval that is no approval": pd.DataFrame(
        {"indicator": ["K", "K"], "period": TWO, "value": [1.0, 2.0], "approval": ["", "ok"]}
    ),
    "an approval of only spaces": pl.DataFrame(
        {"indicator": ["K"], "period": ["2024/25 Q1"], "value": [1.0], "approval": ["  "]}
    ),
    "a column of approvals as numbers": pa.table(
        {"indicator": ["K"], "period": ["2024/25 Q1"], "value": [1.0], "approval": [2]}
    ),
}


@pytest.mark.parametrize("frame", SAME_REFUSALS.values(), ids=SAME_REFUSALS.keys())
def test_the_engine_refuses_a_frame_in_the_words_readings_from_frame_does(frame: object) -> None:
    """Frames of every kind that ``Readings.from_frame`` refuses are refused by the engine at
    the same place in the same words, never with a frame library's own error naming no
    column: a frame with two columns of one name failed in polars' conversion; a period
    that is no text was refused as "must be text", or read as text ('3') and refused as a
    period written wrongly, where the core's words say what to write; ids that are numbers
    were taken, values written as text were read as numbers (or refused naming no row),
    and empty ids and periods were refused in words of the engine's own, as were statuses
    and approvals (numbers were read as text, and an approval of spaces was approved)."""
    core, engine = _read(frame)
    assert isinstance(core, str)
    assert engine == core


# The ways frames mark an empty cell: None, pandas' NA and NaT, and NaN of numpy's floats (a
# float32's is no text to the core in a polars column of objects, where numpy's stays numpy's).
EMPTY: list[object] = [None, pd.NA, pd.NaT, np.float32("nan"), np.float64("nan")]
# For each column of a readings frame: cells it takes, and cells of one wrong kind or another
# (or empty where a reading needs the cell: a value of a frame with no missing reasons).
TAKEN: dict[str, list[object]] = {
    "indicator": ["K"],
    "period": ["2024/25 Q1", "Q2 2024/25", "2024-25 Q3"],
    "value": [1.0, -2.5, 0.0, 1e15, Decimal("2.5")],
    "status": ["final", "Provisional", " FINAL", "", *EMPTY],
    "approval": ["draft", "Submitted", " approved ", "", *EMPTY],
    "note": ["", "checked", *EMPTY],
}
WRONG: dict[str, list[object]] = {
    "indicator": [5, "", " ", "K ", "\tK", *EMPTY],
    "period": [3, 2.5, dt.date(2024, 4, 1), "", "2024/25 Q9", "2024/26", "Q3", *EMPTY],
    "value": ["1", "n/a", True, float("inf"), float("-inf"), 2e15, 2**62, "", " ", *EMPTY],
    "status": [1, "draft", " ", "finals"],
    "approval": [2, "agreed", "  ", "approve"],
    "note": [7, 2.5, False],
}


@hypothesis.settings(max_examples=150, deadline=None)
@hypothesis.given(data=st.data())
def test_a_frame_with_a_column_of_wrong_cells_is_refused_as_readings_from_frame_refuses_it(
    data: st.DataObject,
) -> None:
    """Whatever the kind of frame and whichever column holds cells of a wrong kind among
    cells it takes (a pandas or polars column of objects mixing them, a polars or pyarrow
    column of one kind), or empty cells however marked, the engine refuses the frame at the
    row and in the words ``Readings.from_frame`` does; where the core takes a frame, the
    engine takes it too, and gives each reading's value and words as the core reads them."""
    library = data.draw(st.sampled_from(["pandas", "polars", "polars objects", "pyarrow"]))
    column = data.draw(st.sampled_from(sorted(WRONG)))
    size = data.draw(st.integers(1, 4))
    wrong = data.draw(st.sampled_from(WRONG[column]))
    places = data.draw(st.sets(st.integers(0, size - 1), min_size=1))
    cells = [data.draw(st.sampled_from(TAKEN[column])) for _ in range(size)]
    cells = [wrong if row in places else cell for row, cell in enumerate(cells)]
    if library in ("polars", "pyarrow") and len({type(c) for c in cells if c is not None}) > 1:
        cells = [wrong] * size  # a polars or pyarrow column holds one kind of cell
    table: dict[str, list[object]] = {
        "indicator": ["K"] * size,
        "period": QUARTERS[:size],
        "value": [float(row) for row in range(size)],
        column: cells,
    }
    frame: object
    if library == "pandas":
        frame = pd.DataFrame(table)
    elif library == "polars objects":
        frame = pl.DataFrame({**table, column: _objects(*cells)})
    else:
        try:
            frame = pl.DataFrame(table) if library == "polars" else pa.table(table)
        except (TypeError, ValueError):  # no column of polars' or pyarrow's holds pandas' NA
            hypothesis.reject()
    core, engine = _read(frame)
    assert engine == core


# Cells a column of pandas objects may hold that the core reads by a rule of its own (see
# councilpmf.core.columns.absent): the ways frames mark an empty cell, and values of every kind
# that are no text, among them a decimal NaN, which pandas and pyarrow take for an empty cell
# and the core does not, and bytes, which pyarrow takes for text among text.
ODD_CELLS: list[object] = [
    *EMPTY,
    "",
    Decimal("NaN"),
    Decimal("-NaN"),
    Decimal("sNaN"),
    Decimal("1"),
    Decimal("Infinity"),
    7,
    np.int64(3),
    2.5,
    b"x",
    True,
    complex("nan"),
    np.complex64("nan"),
    np.longdouble("nan"),
    np.float16("nan"),
    np.datetime64("NaT"),
]
# Cells each column of a readings frame takes, beside those of TAKEN.
TAKEN_TOO: dict[str, list[object]] = {
    "missing_reason": ["late", " ", *EMPTY],
    "published_status": ["Green", "", *EMPTY],
}


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(data=st.data())
def test_a_pandas_frame_of_columns_of_objects_mixing_odd_cells_is_read_as_the_core_reads_it(
    data: st.DataObject,
) -> None:
    """Whichever columns of a pandas frame are of objects, and whatever they mix (text, the
    empty cells of every frame library, decimals, NaN among them, numbers, bytes, bools), the
    engine reads the frame as ``Readings.from_frame`` does: the same readings, each with the
    same value and words, or the same first refusal in the same words. The engine took a
    decimal NaN in a column of text for an empty cell (where the core refuses it as no text)
    and bytes among text for text, as pyarrow's conversion does, and failed with pyarrow's
    own error, naming no column, on numpy's NaT of no unit."""
    size = data.draw(st.integers(1, 4))
    table: dict[str, object] = {
        "indicator": ["K"] * size,
        "period": QUARTERS[:size],
        "value": [float(row) for row in range(size)],
    }
    taken = {**TAKEN, **TAKEN_TOO}
    for name in data.draw(st.sets(st.sampled_from(sorted(taken)), min_size=1)):
        cells = data.draw(
            st.lists(st.sampled_from([*taken[name], *ODD_CELLS]), min_size=size, max_size=size)
        )
        table[name] = pd.Series(cells, dtype=object)
    core, engine = _read(pd.DataFrame(table))
    assert engine == core


def test_a_status_and_approval_are_read_in_any_case_as_readings_from_frame_reads_them() -> None:
    """A status or approval in any case, with spaces around it, or an empty cell, is read as
    ``Readings.from_frame`` (and so a ``Reading``) reads it; the engine refused 'Final' and
    an empty status, which the core takes."""
    frame = pl.DataFrame(
        {
            "indicator": ["K"] * 3,
            "period": ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"],
            "value": [1.0, 2.0, 3.0],
            "status": ["Final", "", " PROVISIONAL "],
            "approval": ["Draft", None, " submitted"],
        }
    )
    table = assess_frame(council(pmf.Indicator(id="K", title="K")), frame, with_readings=True)
    read = pmf.Readings.from_frame(frame)
    got = table.select("period", "reading_status", "approval").rows()[:3]
    assert got == [
        (period, reading.status.value, reading.approval.value)
        for period in frame["period"]
        if (reading := read.get("K", pmf.parse_period(period))) is not None
    ]
    assert got == [
        ("2024/25 Q1", "final", "draft"),
        ("2024/25 Q2", "final", "approved"),
        ("2024/25 Q3", "provisional", "submitted"),
    ]


def test_a_pandas_column_the_engine_does_not_read_is_read_past_whatever_it_holds() -> None:
    """A column of a pandas frame that is none of a reading's is no concern of the engine,
    as it is none in a polars frame, though it mixes text and numbers."""
    frame = pd.DataFrame(
        {
            "indicator": ["K", "K"],
            "period": ["2024/25 Q1", "2024/25 Q2"],
            "value": [1.0, 2.0],
            "comment": ["checked", 3],
        }
    )
    table = assess_frame(council(pmf.Indicator(id="K", title="K")), frame)
    assert table["value"].to_list() == [1.0, 2.0]


def test_a_column_of_texts_with_no_text_in_it_is_read_as_empty() -> None:
    """A column of a reading's texts that pandas reads as numbers because every cell is empty
    (NaN) holds no text, and is read as none, as ``Readings.from_frame`` reads it."""
    frame = pd.DataFrame(
        {
            "indicator": ["K", "K"],
            "period": ["2024/25 Q1", "2024/25 Q2"],
            "value": [1.0, 2.0],
            "note": [float("nan"), float("nan")],
        }
    )
    table = assess_frame(council(pmf.Indicator(id="K", title="K")), frame, with_readings=True)
    assert table["value"].to_list()[:2] == [1.0, 2.0]
    assert len(pmf.Readings.from_frame(frame)) == 2


def _objects(*cells: object) -> pl.Series:
    return pl.Series(cells, dtype=pl.Object)


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        (
            pl.DataFrame(
                {
                    "indicator": ["K", "K"],
                    "period": ["2024/25 Q1", "2024/25 Q2"],
                    "value": [1.0, 2.0],
                    "note": [NAN, NAN],
                    "published_status": [NAN, NAN],
                    "missing_reason": [NAN, NAN],
                }
            ),
            [("final", "", "approved", None)] * 2,
        ),
        (
            pl.DataFrame(
                {
                    "indicator": _objects("K", "K"),
                    "period": _objects("2024/25 Q1", "2024/25 Q2"),
                    "value": [1.0, None],
                    "missing_reason": _objects("", "late"),
                    "status": _objects("final", "Provisional"),
                    "note": _objects("checked", ""),
                    "published_status": _objects("Green", ""),
                    "approval": _objects("", "draft"),
                }
            ),
            [("final", "checked", "approved", None), ("provisional", "", "draft", "late")],
        ),
    ],
    ids=["a polars column of NaN for each text", "a polars column of objects for each text"],
)
def test_a_reading_s_texts_are_given_as_readings_from_frame_reads_them(
    frame: pl.DataFrame, words: list[tuple[str, str, str, str | None]]
) -> None:
    """With ``with_readings=True`` the engine gives each text of a reading as
    ``Readings.from_frame`` reads it: a polars column of a reading's texts that holds only
    NaN (so of floats) holds none, where the engine gave the note "NaN"; a polars column of
    objects holding text is that text, where the engine failed with polars' own error, naming
    no row, for any such column it read (an indicator's, a period's or a text's)."""
    core, engine = _read(frame)
    assert engine == core
    assert [row[2:] for row in engine] == words


def _two(**columns: object) -> dict[str, object]:
    """The columns of a frame of two readings of K, for 2024/25 Q1 and Q2, with ``columns``."""
    return {"indicator": ["K", "K"], "period": QUARTERS[4:6], **columns}


ALL_DIGITS = 10**400  # a whole number too large for a float
OBJECT_FRAMES: dict[str, tuple[object, Read]] = {
    "a polars value of inf": (
        pl.DataFrame(_two(value=_objects(1.0, float("inf")))),
        "row 1: value must be a number, not inf",
    ),
    "a polars decimal value of -Infinity": (
        pl.DataFrame(_two(value=_objects(Decimal("1"), Decimal("-Infinity")))),
        "row 1: value must be a number, not -inf",
    ),
    "a polars whole number too large for a float": (
        pl.DataFrame(_two(value=_objects(1, ALL_DIGITS))),
        f"row 1: value must be a number, not {ALL_DIGITS}",
    ),
    "a polars whole number too large for a reading": (
        pl.DataFrame(_two(value=_objects(1.0, -(2**62)))),
        "row 1: value: -4611686018427387904 is larger than 1e+15, the most allowed",
    ),
    "polars decimal values, one of NaN": (
        pl.DataFrame(
            _two(value=_objects(Decimal("2.5"), Decimal("NaN")), missing_reason=[None, "late"])
        ),
        [
            ("2024/25 Q1", 2.5, "final", "", "approved", None),
            ("2024/25 Q2", None, "final", "", "approved", "late"),
        ],
    ),
    "a pandas decimal value among floats": (
        pd.DataFrame(_two(value=[1.0, Decimal("2.5")])),
        [
            ("2024/25 Q1", 1.0, "final", "", "approved", None),
            ("2024/25 Q2", 2.5, "final", "", "approved", None),
        ],
    ),
    "a pandas whole number too large for a reading among floats": (
        pd.DataFrame(_two(value=pd.Series([1.5, 2**62], dtype=object))),
        "row 1: value: 4611686018427387904 is larger than 1e+15, the most allowed",
    ),
    "a pandas whole number too large for a float among floats": (
        pd.DataFrame(_two(value=pd.Series([1.5, ALL_DIGITS], dtype=object))),
        f"row 1: value must be a number, not {ALL_DIGITS}",
    ),
    "empty polars cells of objects where a reading may leave them empty": (
        pl.DataFrame(
            _two(
                value=_objects(1.0, None),
                missing_reason=_objects(None, "late"),
                note=_objects(None, NAN),
                status=_objects(None, "final"),
            )
        ),
        [
            ("2024/25 Q1", 1.0, "final", "", "approved", None),
            ("2024/25 Q2", None, "final", "", "approved", "late"),
        ],
    ),
    "an empty polars indicator cell of objects": (
        pl.DataFrame({"indicator": _objects("K", None), "period": QUARTERS[4:6], "value": [1, 2]}),
        "row 1: indicator must not be empty",
    ),
    "a polars period cell of objects of NaN": (
        pl.DataFrame(
            {"indicator": ["K", "K"], "period": _objects(QUARTERS[4], NAN), "value": [1, 2]}
        ),
        "row 1: period: expected a period such as '2024/25 Q3', not None",
    ),
}


@pytest.mark.parametrize(("frame", "read"), OBJECT_FRAMES.values(), ids=OBJECT_FRAMES.keys())
def test_a_column_of_objects_is_read_as_readings_from_frame_reads_it(
    frame: object, read: Read
) -> None:
    """A column of objects (polars', or pandas' ``value`` column mixing kinds of number) is
    read as ``Readings.from_frame`` reads it, and refused where and in the words it refuses
    it. The engine named an infinite value too large, where the core says it is no number;
    refused a decimal, which the core takes as a float (and a pandas column of numbers with a
    decimal among them, or a whole number too large for a float exactly, failed in pyarrow's
    conversion, naming no column); failed on a whole number too large for a float with
    Python's ``OverflowError``; and refused every empty cell of a column of objects a
    reading may leave empty, while it took an empty indicator cell of objects and left its
    row out."""
    core, engine = _read(frame)
    assert core == read
    assert engine == core


LATE = [
    ("2024/25 Q1", 1.0, "final", "", "approved", None),
    ("2024/25 Q2", None, "final", "", "approved", "late"),
]
EMPTY_TEXT_VALUES: dict[str, tuple[object, Read]] = {
    "a polars column of text": (
        pl.DataFrame(_two(value=["", ""], missing_reason=["survey paused", "late"])),
        [
            ("2024/25 Q1", None, "final", "", "approved", "survey paused"),
            ("2024/25 Q2", None, "final", "", "approved", "late"),
        ],
    ),
    "a pyarrow column of text": (
        pa.table(_two(value=[None, ""], missing_reason=["survey paused", "late"])),
        [
            ("2024/25 Q1", None, "final", "", "approved", "survey paused"),
            ("2024/25 Q2", None, "final", "", "approved", "late"),
        ],
    ),
    "a pandas column of text": (
        pd.DataFrame(_two(value=["", ""], missing_reason=["survey paused", "late"])),
        [
            ("2024/25 Q1", None, "final", "", "approved", "survey paused"),
            ("2024/25 Q2", None, "final", "", "approved", "late"),
        ],
    ),
    "a polars column of objects": (
        pl.DataFrame(_two(value=_objects(1.0, ""), missing_reason=[None, "late"])),
        LATE,
    ),
    "a pandas column of objects": (
        pd.DataFrame(_two(value=pd.Series([1.0, ""], dtype=object), missing_reason=[None, "late"])),
        LATE,
    ),
    "a polars column of text with no reason": (
        pl.DataFrame(_two(value=[None, ""], missing_reason=["late", None])),
        "row 1: value: a reading needs a value or a missing_reason",
    ),
    "a pandas column of objects with no reason": (
        pd.DataFrame(_two(value=pd.Series([1.0, ""], dtype=object))),
        "row 1: value: a reading needs a value or a missing_reason",
    ),
    "a polars column of text of spaces": (
        pl.DataFrame(_two(value=["", " "], missing_reason=["late", None])),
        "row 1: value must be a number, not ' '",
    ),
    "a pandas column of objects of spaces": (
        pd.DataFrame(_two(value=pd.Series([1.0, "  "], dtype=object))),
        "row 1: value must be a number, not '  '",
    ),
}


@pytest.mark.parametrize(
    ("frame", "read"), EMPTY_TEXT_VALUES.values(), ids=EMPTY_TEXT_VALUES.keys()
)
def test_an_empty_text_value_is_a_missing_value_as_readings_from_frame_reads_it(
    frame: object, read: Read
) -> None:
    """A value cell of empty text (as a sheet read as text gives for a gap) is an empty cell,
    as ``Readings.from_frame`` reads it, whether the column is of text or of objects: the
    reading has no value, and needs its missing reason. The engine refused it as no number
    ("value must be a number, not ''"). Text of spaces is no number, as the core reads it."""
    core, engine = _read(frame)
    assert core == read
    assert engine == core


# How frames mark an empty cell, by name: pandas' NA and NaT, None, and numpy's NaN.
MARKERS: dict[str, object] = {
    "NA": pd.NA,
    "NaT": pd.NaT,
    "None": None,
    "float32 NaN": np.float32("nan"),
    "float64 NaN": np.float64("nan"),
}
FIRST_CELLS: dict[str, object] = {
    "indicator": "K",
    "period": "2024/25 Q1",
    "value": 1.0,
    "missing_reason": None,
    "status": "provisional",
    "note": "checked",
    "published_status": "Green",
    "approval": "draft",
}


@pytest.mark.parametrize("kind", ["polars objects", "pandas objects"])
@pytest.mark.parametrize("column", FIRST_CELLS)
@pytest.mark.parametrize("marker", MARKERS.values(), ids=MARKERS.keys())
def test_each_mark_of_an_empty_cell_in_a_column_of_objects_is_read_as_the_core_reads_it(
    kind: str, column: str, marker: object
) -> None:
    """Each way a frame marks an empty cell, in a column of objects of any of a reading's
    columns, is read as ``Readings.from_frame`` reads it: pandas' NA and NaT are empty cells,
    where the engine refused them as the wrong kind of value (``note: must be text, not
    <NA>``), and numpy's NaN of ``float32`` in a pandas column of text is one too, where the
    engine failed in pyarrow's conversion, naming no column. (In a polars column of objects,
    that NaN is no text, as the core reads it, and a value of it is missing.)"""
    table: dict[str, object] = _two(value=[1.0, 2.0])
    if column == "value":
        table["missing_reason"] = [None, "late"]
    elif column == "missing_reason":
        table["value"] = [1.0, None]
    cells = [FIRST_CELLS[column], marker]
    if kind == "polars objects":
        frame: object = pl.DataFrame({**table, column: _objects(*cells)})
    else:
        frame = pd.DataFrame({**table, column: pd.Series(cells, dtype=object)})
    core, engine = _read(frame)
    assert engine == core


@pytest.mark.parametrize("name", ["note", "published_status"])
def test_a_text_of_nan_lends_a_calculated_indicator_no_words(name: str) -> None:
    """A reading given for a calculated indicator lends the one worked out its note and
    published status, and a period with either is kept though its inputs have no value there;
    a polars column of NaN holds neither, as ``Readings.from_frame`` reads it. The engine read
    such a cell as the text "NaN", so kept a period of no value for it, and gave notes of
    "NaN"."""
    counts = [pmf.Indicator(id=i, title=i, unit="count") for i in ("DONE", "ALL")]
    share = pmf.Indicator(
        id="SHARE", title="Done in time", unit="percentage", numerator="DONE", denominator="ALL"
    )
    framework = council(*counts, share)
    frame = pl.DataFrame(
        {
            "indicator": ["DONE", "ALL", "SHARE"],
            "period": ["2024/25 Q1", "2024/25 Q1", "2024/25 Q2"],
            "value": [3.0, 4.0, None],
            "missing_reason": [None, None, "late"],
            name: [NAN] * 3,
        }
    )
    table = assess_frame(framework, frame, with_readings=True)
    assert table.select("indicator", "period", "value", "note").rows() == [
        ("DONE", "2024/25 Q1", 3.0, ""),
        ("ALL", "2024/25 Q1", 4.0, ""),
        ("SHARE", "2024/25 Q1", 75.0, ""),
    ]
    read = pmf.Readings.from_frame(frame)
    assert table.equals(assess_frame(framework, read, with_readings=True))


@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(
    rows=st.lists(
        st.tuples(
            st.one_of(
                st.none(),
                st.just(float("nan")),
                st.floats(-5, 5),
                st.sampled_from([1e15, -1e15, 1.0000000000000002e15, -2e15, 1e16]),
            ),
            st.one_of(st.none(), st.sampled_from(["", " ", "\t", "late", "survey paused"])),
        ),
        min_size=1,
        max_size=len(QUARTERS),
    ),
    with_reasons=st.booleans(),
)
def test_the_engine_refuses_a_value_and_reason_exactly_where_readings_from_frame_does(
    rows: list[tuple[float | None, str | None]], with_reasons: bool
) -> None:
    """Whatever a frame's values and missing reasons, the engine takes it where the core
    does, and refuses it where the core does: the same row, in the same words (a value
    beyond the largest a reading may have among them)."""
    table: dict[str, list[Any]] = {
        "indicator": ["K"] * len(rows),
        "period": QUARTERS[: len(rows)],
        "value": [value for value, _ in rows],
    }
    if with_reasons:
        table["missing_reason"] = [reason for _, reason in rows]
    frame = pl.DataFrame(table, schema_overrides={"value": pl.Float64, "missing_reason": pl.String})
    core = engine = ""
    try:
        pmf.Readings.from_frame(frame)
    except pmf.core.errors.InputError as error:
        core = str(error).removeprefix("readings frame: ")
    try:
        assess_frame(council(pmf.Indicator(id="K", title="K")), frame)
    except FrameInputError as error:
        engine = str(error).removeprefix("readings: ")
    assert engine == core


Q1_TO_Q3 = QUARTERS[4:7]  # of 2024/25
NOT_A_YEAR = (
    "period: '2024/26' is not a period: the second year must follow the first, e.g. '2024/25'"
)
FIRST_FAULTS: dict[str, tuple[object, str]] = {
    "of several periods that are none, the first": (
        pl.DataFrame(
            {
                "indicator": ["K"] * 7,
                "period": ["2024/25 Q1", "2024/26", "2024/25 Q9", "Q3", "2024/25 Q0", "x", "?"],
                "value": [1.0] * 7,
            }
        ),
        f"row 1: {NOT_A_YEAR}",
    ),
    "a period that is none before an empty indicator": (
        pl.DataFrame(
            {
                "indicator": ["K", None, "K"],
                "period": ["2024/26", *Q1_TO_Q3[1:]],
                "value": [1.0] * 3,
            }
        ),
        f"row 0: {NOT_A_YEAR}",
    ),
    "a period that is none before a value written as text": (
        pl.DataFrame(
            {
                "indicator": ["K"] * 3,
                "period": ["2024/26", *Q1_TO_Q3[1:]],
                "value": [None, "2", None],
                "missing_reason": ["late", None, "late"],
            }
        ),
        f"row 0: {NOT_A_YEAR}",
    ),
    "an empty period before an empty indicator in its row": (
        pl.DataFrame(
            {"indicator": [None], "period": [None], "value": [1.0]},
            schema_overrides={"indicator": pl.String, "period": pl.String},
        ),
        "row 0: period: expected a period such as '2024/25 Q3', not None",
    ),
    "a note that is no text before an indicator with a space in its row": (
        pl.DataFrame({"indicator": ["K "], "period": Q1_TO_Q3[:1], "value": [1.0], "note": [5]}),
        "row 0: note: must be text, not 5",
    ),
    "a missing reason that is no text before a note that is none in its row": (
        pl.DataFrame(
            {
                "indicator": ["K"],
                "period": Q1_TO_Q3[:1],
                "value": [None],
                "missing_reason": [5],
                "note": [6],
            }
        ),
        "row 0: missing_reason: must be text, not 5",
    ),
    "a status that is none before a value and a reason in its row": (
        pl.DataFrame(
            {
                "indicator": ["K"],
                "period": Q1_TO_Q3[:1],
                "value": [1.0],
                "missing_reason": ["late"],
                "status": ["x"],
            }
        ),
        "row 0: status: 'x' is not one of: provisional, final",
    ),
    "an approval that is none before a status that is none": (
        pl.DataFrame(
            {
                "indicator": ["K"] * 2,
                "period": Q1_TO_Q3[:2],
                "value": [1.0, 2.0],
                "status": ["final", "x"],
                "approval": ["ok", None],
            }
        ),
        "row 0: approval: 'ok' is not one of: draft, submitted, approved",
    ),
    "no value nor reason before an infinite value": (
        pl.DataFrame(
            {"indicator": ["K"] * 2, "period": Q1_TO_Q3[:2], "value": [None, float("inf")]}
        ),
        "row 0: value: a reading needs a value or a missing_reason",
    ),
    "no value nor reason before a value written as text": (
        pl.DataFrame(
            {"indicator": ["K"] * 2, "period": ["2024/25 Q1", "2024/26"], "value": [None, "3"]}
        ),
        "row 0: value: a reading needs a value or a missing_reason",
    ),
    "a period that is none before a pandas note column mixing text and numbers": (
        pd.DataFrame(
            {
                "indicator": ["K"] * 3,
                "period": ["2024/26", *Q1_TO_Q3[1:]],
                "value": [1.0] * 3,
                "note": [None, "checked", 7],
            }
        ),
        f"row 0: {NOT_A_YEAR}",
    ),
    "no value nor reason before a bool among a pandas column's values": (
        pd.DataFrame({"indicator": ["K"] * 2, "period": Q1_TO_Q3[:2], "value": [None, True]}),
        "row 0: value: a reading needs a value or a missing_reason",
    ),
    "an indicator cell of NaN": (
        pl.DataFrame({"indicator": [float("nan")], "period": Q1_TO_Q3[:1], "value": [1.0]}),
        "row 0: indicator must not be empty",
    ),
    "a period cell of NaN": (
        pl.DataFrame({"indicator": ["K"], "period": [float("nan")], "value": [1.0]}),
        "row 0: period: expected a period such as '2024/25 Q3', not None",
    ),
    "a missing reason of NaN where there is no value": (
        pl.DataFrame(
            {
                "indicator": ["K"],
                "period": Q1_TO_Q3[:1],
                "value": [None],
                "missing_reason": [float("nan")],
            }
        ),
        "row 0: value: a reading needs a value or a missing_reason",
    ),
}


@pytest.mark.parametrize(("frame", "problem"), FIRST_FAULTS.values(), ids=FIRST_FAULTS.keys())
def test_a_frame_with_several_faults_is_refused_for_the_one_readings_from_frame_names(
    frame: object, problem: str
) -> None:
    """A frame with several faults is refused by the engine for the first, as
    ``Readings.from_frame`` refuses it: the first row with any, and of that row's faults the
    one the core finds first. The engine checked a column and a kind of fault at a time, and
    named the first row of the first column it found a fault in, a later row than the core's
    or another fault of the row; an indicator or period of NaN was no text to it, where the
    core reads an empty cell, and a missing reason of NaN was the reason 'NaN'."""
    core, engine = _read(frame)
    assert core == problem
    assert engine == core


# Cells a column must not hold: of the kind of its other cells, so that a polars or pyarrow
# column holds them among those, or of another kind (text among numbers, numbers among text).
FAULTS: dict[str, list[object]] = {
    **WRONG,
    "value": [*WRONG["value"], None],  # None: no value, and a reason only now and then
    "missing_reason": [5, 2.5, "late", " "],  # "late" or " " beside a value: both
    "published_status": [3, True],
}
# A row's value and missing reason, as a frame gives them when nothing is wrong.
VALUES = [(1.0, None), (-2.5, None), (None, "late"), (4.0, ""), (None, "survey paused")]


@hypothesis.settings(max_examples=200, deadline=None)
@hypothesis.given(data=st.data())
def test_a_frame_with_faults_in_several_rows_and_columns_is_refused_as_readings_from_frame_is(
    data: st.DataObject,
) -> None:
    """Whatever faults of whatever kinds a frame of any library has, in whichever rows and
    columns, the engine refuses it for the fault ``Readings.from_frame`` names, in the same
    words: the first row with one, and of that row's faults the first the core checks for;
    where the core takes the frame, the engine gives each reading's value and words as the
    core reads them."""
    library = data.draw(st.sampled_from(["pandas", "polars", "polars objects", "pyarrow"]))
    size = data.draw(st.integers(1, 5))
    pairs = [data.draw(st.sampled_from(VALUES)) for _ in range(size)]
    table: dict[str, list[object]] = {
        "indicator": ["K"] * size,
        "period": QUARTERS[:size],
        "value": [value for value, _ in pairs],
        "missing_reason": [reason for _, reason in pairs],
        "published_status": [None] * size,
        **{
            name: [data.draw(st.sampled_from(TAKEN[name])) for _ in range(size)]
            for name in ("status", "approval", "note")
        },
    }
    last: dict[str, type] = {}
    for _ in range(data.draw(st.integers(2, 4))):
        name = data.draw(st.sampled_from(sorted(FAULTS)))
        cell = data.draw(st.sampled_from(FAULTS[name]))
        table[name][data.draw(st.integers(0, size - 1))] = cell
        last[name] = type(cell)
    for name in data.draw(st.sets(st.sampled_from(OPTIONAL))):
        del table[name]
    frame: object
    if library == "pandas":
        frame = pd.DataFrame(table)
    elif library == "polars objects":
        frame = pl.DataFrame({name: _objects(*cells) for name, cells in table.items()})
    else:
        # A polars or pyarrow column holds one kind of cell: of a column given a cell of
        # another kind, the cells of other kinds than its last such cell (or than text, in a
        # column of text with pandas' or numpy's empty cells) are left empty.
        for name, cells in table.items():
            if len({type(cell) for cell in cells if cell is not None}) > 1:
                kept = last.get(name, str)
                table[name] = [cell if type(cell) is kept else None for cell in cells]
        try:
            frame = pl.DataFrame(table) if library == "polars" else pa.table(table)
        except (TypeError, ValueError):  # no column of polars' or pyarrow's holds pandas' NaT
            hypothesis.reject()
    core, engine = _read(frame)
    assert engine == core


def test_a_calculated_value_is_as_approved_as_its_least_approved_input() -> None:
    """A share worked out from a submitted figure is submitted, from a draft a draft; a quarter
    with no reading is approved, as ``assess`` reports it; a figure a report of approved
    figures leaves out lends the share only its reason, not its approval."""
    counts = [pmf.Indicator(id=i, title=i, unit="count") for i in ("DONE", "ALL")]
    share = pmf.Indicator(
        id="SHARE", title="Done in time", unit="percentage", numerator="DONE", denominator="ALL"
    )
    found = [
        pmf.Reading(indicator="DONE", period=pmf.parse_period(q), value=3.0, approval=approval)
        for q, approval in (("2024/25 Q1", "submitted"), ("2024/25 Q2", "draft"))
    ]
    found += [
        pmf.Reading(indicator="ALL", period=pmf.parse_period(q), value=4.0, approval=approval)
        for q, approval in (("2024/25 Q1", "approved"), ("2024/25 Q2", "submitted"))
    ]
    found += readings("ALL", {"2024/25 Q4": 4.0})
    shown = list(pmf.core.approval.approved_only(found))
    framework = council(*counts, share)
    for given, expected in (
        (found, ["submitted", "draft", "approved", "approved"]),
        (shown, ["approved", "approved", "approved", "approved"]),
    ):
        frame = assess_frame(framework, given, with_readings=True)
        rows = frame.filter(pl.col("indicator") == "SHARE")
        assert column(rows, "approval") == expected
        index = pmf.Readings.of(given)
        for period, approval in rows.select("period", "approval").iter_rows():
            asked = pmf.parse_period(period)
            card = pmf.assess(framework, index, asked, asked.end, indicators=["SHARE"])
            assert card.indicators[0].approval.value == approval
    assert column(rows, "value") == [None, None, None, None]


def test_pandas_nan_is_missing() -> None:
    kpi = pmf.Indicator(id="K", title="K")
    table = pd.DataFrame(
        {
            "indicator": ["K"],
            "period": ["2024/25 Q1"],
            "value": [float("nan")],
            "missing_reason": ["late"],
        }
    )
    assert column(assess_frame(council(kpi), table), "status") == ["no data"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"indicator": ["K"], "value": [1.0]},
            "readings: no column 'period'; a readings frame has the columns indicator, period, "
            "value and optionally missing_reason, status, note, published_status, approval",
        ),
        (
            {"indicator": ["K", "K"], "period": ["2024/25 Q1", "2024/26"], "value": [1.0, 2.0]},
            "readings: row 1: period: '2024/26' is not a period",
        ),
        (
            # A calendar quarter in a council on the financial year names its year start.
            {"indicator": ["K", "K"], "period": ["2024/25 Q1", "2024 Q3"], "value": [1.0, 2.0]},
            "readings: row 1: period: '2024 Q3' is not a period: a single year is ambiguous",
        ),
        (
            {"indicator": ["K"], "period": ["2024/25 Q1"], "value": [float("inf")]},
            "readings: row 0: value must be a number, not inf",
        ),
        (
            {"indicator": ["K"], "period": ["2024/25 Q1"], "value": ["lots"]},
            "readings: row 0: value must be a number, not 'lots'",
        ),
        (
            {"indicator": [None], "period": ["2024/25 Q1"], "value": [1.0]},
            "readings: row 0: indicator must not be empty",
        ),
        (
            # Exported from a spreadsheet with a space after the id: it matched no indicator,
            # so the indicator silently had no data.
            {"indicator": ["K", "K "], "period": ["2024/25 Q1", "2024/25 Q2"], "value": [1.0, 2.0]},
            "readings: row 1: indicator must not start or end with a space: 'K '",
        ),
        (
            {"indicator": ["K", ""], "period": ["2024/25 Q1", "2024/25 Q2"], "value": [1.0, 2.0]},
            "readings: row 1: indicator must not be empty",
        ),
        (
            {"indicator": ["K"], "period": ["2024/25 Q1"], "value": [1.0], "status": ["draft"]},
            # In the words a Reading refuses it with, as Readings.from_frame does.
            "readings: row 0: status: 'draft' is not one of: provisional, final",
        ),
        (
            {
                "indicator": ["K", "K"],
                "period": ["2024/25 Q1", "2024/25 Q2"],
                "value": [1.0, 2.0],
                "approval": ["Submitted", "agreed"],
            },
            "readings: row 1: approval: 'agreed' is not one of: draft, submitted, approved",
        ),
    ],
)
def test_a_bad_frame_is_refused_in_one_line_naming_the_row_and_column(
    table: dict[str, list[Any]], message: str
) -> None:
    with pytest.raises(FrameInputError) as refused:
        assess_frame(council(pmf.Indicator(id="K", title="K")), pl.DataFrame(table))
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)
    assert isinstance(refused.value, pmf.core.errors.CouncilPMFError)


def test_readings_it_cannot_use_are_named_in_a_warning_as_assess_finds_them() -> None:
    """Rows for an indicator the framework lacks, or for a period of another frequency, were
    dropped without a word, where ``assess`` reports each as a finding."""
    monthly = pmf.Indicator(id="M", title="Monthly", frequency=pmf.Frequency.MONTHLY)
    fw = council(pmf.Indicator(id="K", title="K"), monthly)
    frame = pl.DataFrame(
        {
            "indicator": ["K", "k", "GONE", "M", "M"],
            "period": ["2024/25 Q1", "2024/25 Q1", "2024/25 Q1", "2024/25 Q1", "Apr 2024"],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    with pytest.warns(UnusedReadingsWarning) as warned:
        out = assess_frame(fw, frame)
    (message,) = [str(w.message) for w in warned]
    assert message == (
        "councilpmf.frames: 3 readings were not used: 2 for indicators the framework lacks "
        "('k', 'GONE'); 1 for periods their indicators do not report for (such as M, reported "
        "monthly, given readings quarterly)"
    )
    assert out.select("indicator", "period", "value").rows() == [
        ("K", "2024/25 Q1", 1.0),
        ("M", "Apr 2024", 5.0),
    ]
    card = pmf.assess(
        fw,
        [pmf.Reading(indicator="k", period="2024/25 Q1", value=2.0)],
        "2024/25 Q1",
        as_of=dt.date(2024, 8, 1),
    )
    assert [f.path for f in card.findings if f.code == "unknown-indicator"] == [
        "$.readings[indicator=k]"
    ]


def test_a_year_start_of_another_council_is_named_in_the_warning() -> None:
    calendar_quarter = pmf.Quarter(year=2024, number=1, start_month=1)
    with pytest.warns(
        UnusedReadingsWarning,
        match=r"such as K, reported quarterly, given readings quarterly in years from January\)",
    ):
        assess_frame(
            council(pmf.Indicator(id="K", title="K")),
            [pmf.Reading(indicator="K", period=calendar_quarter, value=1.0)],
        )


def test_every_reading_used_gives_no_warning() -> None:
    fw = council(pmf.Indicator(id="K", title="K"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assess_frame(fw, readings("K", {"2024/25 Q1": 1.0, "2024/25 Q2": None}))


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (42, "readings must be Reading records or a polars, pandas or pyarrow frame, not int"),
        ([("K", "2024/25 Q1", 1.0)], "readings must be Reading records, not tuple"),
    ],
)
def test_other_things_are_not_readings(given: object, message: str) -> None:
    """Something that is no readings at all is refused as the library refuses input of the
    wrong kind, so ``except CouncilPMFError`` catches it; it is a ``TypeError`` as before."""
    with pytest.raises(pmf.core.errors.InputTypeError) as refused:
        assess_frame(council(), given)
    assert str(refused.value) == message
    assert isinstance(refused.value, TypeError)


# -- a rule kind the engine cannot vectorise -------------------------------------------------


@attrs.frozen(kw_only=True)
class Coin:
    """A plugin's rule: amber when the value is odd, green when even."""

    kind: ClassVar[str] = "odd-is-amber"
    uses_target: ClassVar[bool] = False

    def rate(self, context: RatingContext) -> Rating:
        status = Status.AMBER if int(context.actual) % 2 else Status.GREEN
        return Rating(status=status, explanation=f"{status.word}: {context.actual}", label="Coin")


class Stricter(pmf.TargetTolerance):
    """A subclass of a built-in rule may rate differently: the core decides."""

    def rate(self, context: RatingContext) -> Rating:
        return Rating(status=Status.RED, explanation="Red: always")


@pytest.mark.parametrize("rule", [Coin(), Stricter()], ids=["plugin", "subclass"])
def test_a_rule_it_cannot_vectorise_is_rated_by_the_core_and_says_so(rule: Any) -> None:
    plugin = pmf.Indicator(
        id="P", title="P", rule=rule, targets=(pmf.Target(period=YEAR, value=2.0),)
    )
    plain = pmf.Indicator(id="N", title="N", targets=(pmf.Target(period=YEAR, value=2.0),))
    framework = council(plugin, plain)
    values = {"2024/25 Q1": 3.0, "2024/25 Q2": 4.0, "2024/25 Q3": None}
    records = readings("P", values) + readings("N", values)
    with pytest.warns(FallbackWarning, match=f"'{rule.kind}' \\(3 rows\\)"):
        frame = assess_frame(framework, records)
    index = pmf.Readings.of(records)
    for row in frame.iter_rows(named=True):
        period = pmf.parse_period(row["period"])
        card = pmf.assess(
            framework, index, period, dt.date(2026, 1, 1), indicators=[row["indicator"]]
        )
        result = card.indicators[0]
        assert (row["status"], row["label"], row["missed_in_a_row"]) == (
            result.rating.status.value,
            result.rating.label,
            result.missed_in_a_row,
        )
        assert row["fallback"] is (row["indicator"] == "P")


@pytest.mark.parametrize("entry", ["assess_frame", "assess_history"])
def test_each_warning_names_the_line_that_called_the_library(entry: str) -> None:
    """However deep in the library a warning is raised, it names the caller's own line, from
    ``assess_frame`` or from ``assess_history`` (one call deeper), so that a notebook shows
    the cell that led to it."""
    coin = pmf.Indicator(
        id="P", title="P", rule=Coin(), targets=(pmf.Target(period=YEAR, value=2.0),)
    )
    framework = council(coin)
    records = readings("P", {"2024/25 Q1": 3.0}) + readings("GONE", {"2024/25 Q1": 1.0})

    def call() -> object:
        if entry == "assess_frame":
            return assess_frame(framework, records)
        return pmf.assess_history(framework, records, "2024/25 Q1", engine="columns")

    with pytest.warns(Warning) as warned:
        call()
    found = {type(w.message): w.filename for w in warned}
    assert set(found) == {FallbackWarning, UnusedReadingsWarning}
    assert set(found.values()) == {__file__}


@attrs.frozen(kw_only=True)
class SinceTheChange:
    """A plugin's rule that reads last year, and the change of definition when there is none
    to compare with: red with no value of last year, amber (labelled so) across a change."""

    kind: ClassVar[str] = "since-the-change"
    uses_target: ClassVar[bool] = False

    def rate(self, context: RatingContext) -> Rating:
        if context.last_year_break is not None:
            return Rating(status=Status.AMBER, explanation="Amber: changed", label="Changed")
        if context.last_year is None:
            return Rating(status=Status.RED, explanation="Red: nothing to compare")
        status = Status.GREEN if context.actual >= context.last_year else Status.RED
        return Rating(status=status, explanation=f"{status.word}: against last year")


def test_a_rule_the_core_rates_for_the_engine_is_told_of_a_change_of_definition() -> None:
    """Rows rated by the core, one at a time, are given the change of definition between a
    period and the same period last year, as ``assess`` gives it to the rule."""
    changed = pmf.Indicator(id="N", title="N", series_break="2024/25 Q2")
    ratio = pmf.Indicator(id="R", title="R", numerator="N", denominator="D", rule=SinceTheChange())
    framework = attrs.evolve(
        council(changed, pmf.Indicator(id="D", title="D"), ratio), default_rule=SinceTheChange()
    )
    quarters = ["2023/24 Q1", "2023/24 Q2", "2023/24 Q3", "2024/25 Q1", "2024/25 Q2", "2024/25 Q3"]
    records = readings("N", dict.fromkeys(quarters, 3.0)) + readings(
        "D", dict.fromkeys(quarters, 4.0)
    )
    with pytest.warns(FallbackWarning):
        frame = assess_frame(framework, records)
    index = pmf.Readings.of(records)
    labels = {}
    for row in frame.iter_rows(named=True):
        card = pmf.assess(
            framework,
            index,
            pmf.parse_period(row["period"]),
            dt.date(2026, 1, 1),
            indicators=[row["indicator"]],
        )
        result = card.indicators[0]
        assert (row["status"], row["label"], row["missed_in_a_row"]) == (
            result.rating.status.value,
            result.rating.label,
            result.missed_in_a_row,
        )
        labels[row["indicator"], row["period"]] = row["label"]
    # Q2 and Q3 are of the new definition, last year's of the old: for N and for R alike.
    assert [labels["R", q] for q in quarters[3:]] == ["Green", "Changed", "Changed"]
    assert [labels["N", q] for q in quarters[3:]] == ["Green", "Changed", "Changed"]


# -- the example councils ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.iterdir() if (p / "plan.toml").is_file())
)
def test_the_example_councils_get_the_cores_answers(name: str) -> None:
    folder = pmf.load_folder(EXAMPLES / name)
    framework = folder.framework
    frame = assess_frame(framework, folder.readings, comparators=folder.comparators)
    assert frame.height > 0
    index = pmf.Readings.of(folder.readings, folder.comparators)
    periods = {str(r.period): r.period for r in folder.readings}
    for row in frame.iter_rows(named=True):
        period = periods.get(row["period"]) or pmf.parse_period(
            row["period"], framework.year_start_month
        )
        card = pmf.assess(
            framework, index, period, dt.date(2030, 1, 1), indicators=[row["indicator"]]
        )
        result = card.indicators[0]
        assert row["period"] == str(result.period)
        assert (
            row["value"],
            row["target"],
            row["status"],
            row["label"],
            row["short_term"],
            row["long_term"],
            row["missed_in_a_row"],
            row["fallback"],
        ) == (
            result.value,
            result.target,
            result.rating.status.value,
            result.rating.label,
            result.short_term.direction.value,
            result.long_term.direction.value,
            result.missed_in_a_row,
            False,
        ), (row["indicator"], row["period"])
