"""Readings.from_frame reads pandas, polars and pyarrow frames as analysts have them: periods as
councils write them, NaN for missing, numpy numbers; a bad row is refused in one line naming the
row and the column; and readings written out as a frame read back as the same readings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf.core.indicators import Approval
from councilpmf.core.periods import FinancialYear, HalfYear, Month, Period, Quarter
from councilpmf.dataframes import readings_table
from councilpmf.default_plugins.memory_store import MemoryStore
from strategies import identifiers, numbers, required_texts, texts

Q1, Q2, Q3 = (pmf.parse_period(f"2024/25 Q{n}") for n in (1, 2, 3))

COLUMNS = {
    "indicator": ["FT", "FT", "HB1"],
    "period": ["Q1 2024/25", "2024-25 Q2", "2024/25 Q3"],
    "value": [84.0, float("nan"), 21.5],
    "missing_reason": [None, "system outage", None],
    "status": ["final", None, "provisional"],
    "note": ["Fewer crews", None, ""],
    "published_status": ["Green", None, ""],
    "approval": [None, "draft", "submitted"],
}

EXPECTED = pmf.Readings.of(
    [
        pmf.Reading(
            indicator="FT", period=Q1, value=84.0, note="Fewer crews", published_status="Green"
        ),
        pmf.Reading(indicator="FT", period=Q2, missing_reason="system outage", approval="draft"),
        pmf.Reading(
            indicator="HB1", period=Q3, value=21.5, status="provisional", approval="submitted"
        ),
    ]
)


@pytest.mark.parametrize(
    "make",
    [
        pd.DataFrame,
        pl.DataFrame,
        lambda columns: pl.DataFrame(columns).lazy(),
        lambda columns: pa.table(pd.DataFrame(columns)),
        dict,
    ],
    ids=["pandas", "polars", "polars-lazy", "pyarrow", "dict"],
)
def test_every_library_reads_the_same(make: Any) -> None:
    assert pmf.Readings.from_frame(make(COLUMNS)) == EXPECTED


def test_numpy_numbers_and_pandas_missing_markers() -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["FT", "FT", "FT"],
            "period": ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"],
            "value": pd.array([431, None, 7], dtype="Int64"),
            "missing_reason": [None, "not collected", None],
        }
    )
    readings = pmf.Readings.from_frame(frame)
    assert [readings.value("FT", q) for q in (Q1, Q2, Q3)] == [431, None, 7]
    as_numpy = {"indicator": ["FT"], "period": ["2024/25 Q1"], "value": [np.int64(431)]}
    assert pmf.Readings.from_frame(as_numpy).value("FT", Q1) == 431.0
    floats = {"indicator": ["FT"], "period": ["2024/25 Q1"], "value": np.array([2.5])}
    assert pmf.Readings.from_frame(floats).value("FT", Q1) == 2.5


def test_decimal_columns_from_a_database_are_numbers() -> None:
    # A database's decimal(10,2) column reaches polars and pyarrow as Decimal values.
    columns = {
        "indicator": ["FT", "FT", "FT"],
        "period": ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"],
        "value": [Decimal("84.25"), None, Decimal("0.00")],
        "missing_reason": [None, "not collected", None],
    }
    decimals = pl.DataFrame(columns, schema_overrides={"value": pl.Decimal(10, 2)})
    arrow = pa.table({**columns, "value": pa.array(columns["value"], pa.decimal128(10, 2))})
    for frame in (decimals, arrow, columns):
        readings = pmf.Readings.from_frame(frame)
        assert [readings.value("FT", q) for q in (Q1, Q2, Q3)] == [84.25, None, 0.0]
    gap = {
        "indicator": ["FT"],
        "period": ["2024/25 Q1"],
        "value": [Decimal("NaN")],
        "missing_reason": ["not collected"],
    }
    assert pmf.Readings.from_frame(gap).value("FT", Q1) is None
    for bad in (Decimal("Infinity"), Decimal("sNaN")):
        with pytest.raises(pmf.InputError, match=r"^readings frame: row 0: value"):
            pmf.Readings.from_frame({"indicator": ["FT"], "period": ["2024/25 Q1"], "value": [bad]})


def test_empty_text_cells_are_empty_as_the_docs_say() -> None:
    # A sheet read as text (read_csv(keep_default_na=False), read_excel) has "" for an empty cell.
    text = {
        "indicator": ["FT", "FT"],
        "period": ["2024/25 Q1", "2024/25 Q2"],
        "value": ["", ""],
        "missing_reason": ["not collected", "survey paused"],
        "status": ["", ""],
        "approval": ["", ""],
    }
    for frame in (text, pl.DataFrame(text), pd.DataFrame(text)):
        readings = pmf.Readings.from_frame(frame)
        first = readings.get("FT", Q1)
        assert first is not None and first.value is None
        assert first.status is pmf.ReadingStatus.FINAL and first.approval is Approval.APPROVED
    valued = {
        "indicator": ["FT"],
        "period": ["2024/25 Q1"],
        "value": [84.0],
        "missing_reason": [""],
    }
    assert pmf.Readings.from_frame(valued).get("FT", Q1) == pmf.Reading(
        indicator="FT", period=Q1, value=84.0
    )


def test_periods_are_read_with_the_councils_year_start() -> None:
    frame = pl.DataFrame({"indicator": ["A"], "period": ["2024/25 Q1"], "value": [1.0]})
    academic = pmf.Readings.from_frame(frame, start_month=9)
    (key,) = academic.index
    assert key[1] == Quarter(year=2024, number=1, start_month=9)
    assert str(key[1].start) == "2024-09-01"


def test_derived_columns_are_read_past_and_periods_may_be_records() -> None:
    frame = readings_table(EXPECTED).to_pandas()
    assert {"start", "end"} <= set(frame.columns)
    assert pmf.Readings.from_frame(frame) == EXPECTED
    records = {"indicator": ["FT"], "period": [Q1], "value": [3.0]}
    assert pmf.Readings.from_frame(records).value("FT", Q1) == 3.0


def _with(**changes: Any) -> dict[str, list[Any]]:
    columns = {name: list(values) for name, values in COLUMNS.items()}
    for name, (row, value) in changes.items():
        columns[name][row] = value
    return columns


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"period": (2, "2024/25 Q5")}, "row 2: period: '2024/25 Q5' is not a period"),
        ({"period": (1, None)}, "row 1: period: expected a period such as '2024/25 Q3', not None"),
        ({"indicator": (0, " ")}, "row 0: indicator must not be empty"),
        ({"indicator": (2, 7)}, "row 2: indicator must be text, not 7"),
        ({"value": (0, "84")}, "row 0: value must be a number, not '84'"),
        ({"value": (2, True)}, "row 2: value must be a number, not True"),
        ({"value": (0, float("inf"))}, "row 0: value"),
        (
            {"missing_reason": (1, None)},
            "row 1: value: a reading needs a value or a missing_reason",
        ),
        ({"status": (0, "maybe")}, "row 0: status: 'maybe' is not one of: provisional, final"),
        ({"note": (2, 5)}, "row 2: note: must be text, not 5"),
        ({"published_status": (0, 1.0)}, "row 0: published_status: must be text, not 1.0"),
        (
            {"approval": (1, "signed off")},
            "row 1: approval: 'signed off' is not one of: draft, submitted, approved",
        ),
        ({"approval": (2, True)}, "row 2: approval: must be text, not True"),
    ],
)
def test_a_bad_row_is_one_line_naming_row_and_column(
    changes: dict[str, tuple[int, Any]], message: str
) -> None:
    with pytest.raises(pmf.InputError) as raised:
        pmf.Readings.from_frame(_with(**changes))
    text = str(raised.value)
    assert text.startswith(f"readings frame: {message}")
    assert "\n" not in text and "Attribute(" not in text


def test_columns_missing_unknown_or_uneven_are_refused() -> None:
    with pytest.raises(pmf.InputError, match=r"^readings frame: no column 'value'; a readings"):
        pmf.Readings.from_frame(pd.DataFrame({"indicator": ["A"], "period": ["2024/25"]}))
    with pytest.raises(pmf.InputError, match=r"^readings frame: unknown column 'comment'"):
        pmf.Readings.from_frame({**COLUMNS, "comment": ["", "", ""]})
    with pytest.raises(pmf.InputError, match="not all the same length"):
        pmf.Readings.from_frame({**COLUMNS, "note": [""]})
    with pytest.raises(
        pmf.InputError, match="expected a pandas, polars or pyarrow frame, not list"
    ):
        pmf.Readings.from_frame([("A", "2024/25", 1.0)])


def test_a_column_named_twice_is_refused_not_one_of_them_dropped() -> None:
    # Two "value" columns (a sheet's two years, say): reading either would be a guess.
    row = [["FT", "2024/25 Q1", 84.0, 21.5]]
    names = ["indicator", "period", "value", "value"]
    twice = pd.DataFrame(row, columns=names)
    arrow = pa.Table.from_arrays([pa.array([cell]) for cell in row[0]], names=names)
    for frame in (twice, arrow):
        with pytest.raises(pmf.InputError, match=r"^readings frame: column 'value' appears twice"):
            pmf.Readings.from_frame(frame)


def test_an_empty_frame_is_no_readings() -> None:
    empty = pl.DataFrame(schema={"indicator": pl.String, "period": pl.String, "value": pl.Float64})
    assert len(pmf.Readings.from_frame(empty)) == 0


# -- the round trip --------------------------------------------------------------------------------


@st.composite
def one_year_start(draw: st.DrawFn) -> tuple[int, list[pmf.Reading]]:
    """Readings whose periods share one year start (text cannot say which one a period has)."""
    start = draw(st.integers(1, 12))
    years = st.integers(1000, 9998)
    period: st.SearchStrategy[Period] = st.one_of(
        st.builds(Month, year=years, month=st.integers(1, 12)),
        st.builds(Quarter, year=years, number=st.integers(1, 4), start_month=st.just(start)),
        st.builds(HalfYear, year=years, number=st.integers(1, 2), start_month=st.just(start)),
        st.builds(FinancialYear, year=years, start_month=st.just(start)),
    )
    readings = []
    for _ in range(draw(st.integers(0, 6))):
        value = draw(st.none() | numbers)
        readings.append(
            pmf.Reading(
                indicator=draw(identifiers),
                period=draw(period),
                value=value,
                missing_reason=draw(required_texts) if value is None else None,
                status=draw(st.sampled_from(pmf.ReadingStatus)),
                note=draw(texts),
                published_status=draw(texts),
                approval=draw(st.sampled_from(Approval)),
            )
        )
    return start, readings


@settings(max_examples=60, deadline=None)
@given(one_year_start(), st.sampled_from(["pandas", "polars"]))
def test_readings_to_a_frame_and_back_are_the_same_readings(
    drawn: tuple[int, list[pmf.Reading]], library: str
) -> None:
    start, readings = drawn
    table = readings_table(readings)
    frame = table.to_pandas() if library == "pandas" else table.to_polars()
    assert pmf.Readings.from_frame(frame, start_month=start) == pmf.Readings.of(readings)
    back = pmf.Readings.from_frame(frame, start_month=start)
    assert list(back.index.values()) == list(pmf.Readings.of(readings).index.values())


def test_a_stores_frame_reads_back_as_its_readings_approval_and_all() -> None:
    readings = [
        pmf.Reading(indicator="FT", period=Q1, value=84, note="Fewer crews", approval="draft"),
        pmf.Reading(indicator="FT", period=Q2, missing_reason="outage", approval="submitted"),
        pmf.Reading(indicator="HB1", period=Q3, value=21.5, published_status="Green"),
    ]
    with MemoryStore() as store:
        store.record(readings, by="analyst")
        frame = store.readings_frame()
        assert frame["approval"].to_list() == ["draft", "submitted", "approved"]
        assert pmf.Readings.from_frame(frame) == pmf.Readings.of(store.readings())
    assert pmf.Readings.from_frame(frame) == pmf.Readings.of(readings)
