"""pmf.assess_history gives the scorecard of each period as one table, the same from the
columnar engine as from the core, for generated councils and the examples; periods may be text,
records or a span, and readings a frame."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf.dataframes import SCORECARD_COLUMNS, readings_table, scorecard_table
from frames.test_differential import SETTINGS, Council, councils, periods_by_name

# The generated readings include some of other periods than their indicators report for, on
# purpose: the engine leaves them out as the core does, and warns (tests/frames/test_frames.py
# checks the warning), which here would only repeat itself.
pytestmark = pytest.mark.filterwarnings("ignore::councilpmf.frames.UnusedReadingsWarning")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@SETTINGS
@given(councils(), st.data())
def test_the_columnar_engine_gives_the_cores_table(council: Council, data: st.DataObject) -> None:
    framework, readings, groups = council
    every = list(periods_by_name(framework).values())
    asked = data.draw(st.lists(st.sampled_from(every), max_size=5))
    index = pmf.Readings.of(readings, groups)
    by_core = pmf.assess_history(framework, index, asked, engine="core")
    by_columns = pmf.assess_history(framework, index, asked, engine="columns")
    assert by_columns == by_core
    assert len(by_core) == len(asked) * len(framework.indicators)


@pytest.mark.parametrize("name", ["mansfield", "cambridgeshire", "nottinghamshire", "york"])
def test_the_examples_three_years_of_quarters_either_way(name: str) -> None:
    council = pmf.load_folder(EXAMPLES / name)
    fw = council.framework
    span = pmf.periods_between("2022/23 Q1", "2024/25 Q4", start_month=fw.year_start_month)
    by_core = pmf.assess_history(fw, council.readings, span, engine="core")
    assert by_core == pmf.assess_history(fw, council.readings, span, engine="columns")
    cards = [pmf.assess(fw, council.readings, p, as_of=p.end) for p in span]
    assert by_core == scorecard_table(cards)
    assert by_core.column("report_period")[:: len(fw.indicators)] == tuple(str(p) for p in span)


def test_auto_uses_the_core_where_polars_is_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    council = pmf.load_folder(EXAMPLES / "mansfield")
    args = (council.framework, council.readings, ["2024/25 Q2", "2024/25 Q3"])
    with_polars = pmf.assess_history(*args)
    monkeypatch.setitem(sys.modules, "polars", None)
    monkeypatch.delitem(sys.modules, "councilpmf.frames", raising=False)
    without = pmf.assess_history(*args)
    assert without == with_polars
    frame = without.to_pandas()
    assert list(frame.columns) == [name for name, _ in SCORECARD_COLUMNS]
    with pytest.raises(ImportError, match="polars"):
        pmf.assess_history(*args, engine="columns")


def test_periods_as_text_records_one_period_or_a_span() -> None:
    council = pmf.load_folder(EXAMPLES / "mansfield")
    fw, readings = council.framework, council.readings
    q3 = pmf.parse_period("2024/25 Q3")
    one = pmf.assess_history(fw, readings, "Q3 2024/25")
    assert one == pmf.assess_history(fw, readings, q3) == pmf.assess_history(fw, readings, [q3])
    assert set(one.column("report_period")) == {"2024/25 Q3"}
    span = pmf.assess_history(fw, readings, pmf.periods_between("2024/25 Q1", "2024/25 Q3"))
    assert len(span) == 3 * len(fw.indicators)
    empty = pmf.assess_history(fw, readings, [])
    assert len(empty) == 0 and empty.to_polars().columns == list(one.names)
    with pytest.raises(pmf.InputError, match=r"^periods: '2024/25 Q5' is not a period"):
        pmf.assess_history(fw, readings, ["2024/25 Q5"])
    with pytest.raises(pmf.InputError, match=r"^engine: 'fast' is not one of: auto, columns"):
        pmf.assess_history(fw, readings, q3, engine="fast")  # type: ignore[arg-type]


def test_readings_from_a_frame() -> None:
    council = pmf.load_folder(EXAMPLES / "york")
    fw = council.framework
    frame = readings_table(council.readings).to_pandas()
    assert isinstance(frame, pd.DataFrame)
    asked = ["2024/25 Q2", "2024/25 Q4"]
    assert pmf.assess_history(fw, frame, asked) == pmf.assess_history(fw, council.readings, asked)


def test_reading_status_approval_and_commentary_are_the_cores_for_calculated_ones_too() -> None:
    q1, q2 = pmf.parse_period("2024/25 Q1"), pmf.parse_period("2024/25 Q2")
    count = {"unit": "count", "decimals": 0, "frequency": "quarterly"}
    fw = pmf.Framework(
        plan=pmf.StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=(
            pmf.Indicator(id="DONE", title="Completed in time", **count),
            pmf.Indicator(id="ALL", title="Received", **count),
            pmf.Indicator(
                id="PC",
                title="Share completed in time",
                unit="percentage",
                frequency="quarterly",
                numerator="DONE",
                denominator="ALL",
                targets=(pmf.Target(period="2024/25", value=80),),
            ),
        ),
    )
    readings = [
        pmf.Reading(
            indicator="DONE", period=q1, value=360, status="provisional", note="Backlog cleared"
        ),
        pmf.Reading(indicator="ALL", period=q1, value=500, approval="submitted"),
        pmf.Reading(
            indicator="DONE", period=q2, value=410, note="Two staff off sick", approval="draft"
        ),
        pmf.Reading(indicator="ALL", period=q2, missing_reason="system outage"),
        pmf.Reading(indicator="PC", period=q2, value=99, note="typed in by hand"),  # not used
    ]
    by_core = pmf.assess_history(fw, readings, [q1, q2], engine="core")
    by_columns = pmf.assess_history(fw, readings, [q1, q2], engine="columns")
    assert by_columns == by_core
    chosen = ("indicator", "value", "reading_status", "approval", "commentary", "missing_reason")
    rows = by_core.to_polars().select(chosen)
    why = "no value for ALL in 2024/25 Q2: system outage"
    assert rows.rows() == [
        ("DONE", 360.0, "provisional", "approved", "Backlog cleared", None),
        ("ALL", 500.0, "final", "submitted", "", None),
        # worked out from a provisional figure and one awaiting approval
        ("PC", 72.0, "provisional", "submitted", "", None),
        ("DONE", 410.0, "final", "draft", "Two staff off sick", None),
        ("ALL", None, "final", "approved", "", "system outage"),
        # cannot be worked out, and says why: the value given is not used, its note is kept;
        # a draft input
        ("PC", None, "final", "draft", "typed in by hand", why),
    ]
