"""A change written as a percentage ("% change", "% reduction"): negative values are what it
is for, so the unit ``percentage change`` allows them everywhere a ``percentage`` refuses them,
from loading a council folder to rating, travel, the columnar engine and the reports."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from councilpmf.cli import main
from councilpmf.core.assess import assess
from councilpmf.core.checks import data_quality
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator, Polarity, Reading, Target, Unit
from councilpmf.core.periods import parse_period
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.rag import Status, TargetTolerance, rate
from councilpmf.core.travel import Direction
from councilpmf.frames import assess_frame

YEAR = parse_period("2024/25")
Q2, Q3 = parse_period("2024/25 Q2"), parse_period("2024/25 Q3")

# A county's "% reduction in anti-social behaviour incidents on the year before": -16% is a
# 16% reduction, better than the target of a 10% reduction.
REDUCTION = Indicator(
    id="ASB02",
    title="Change in anti-social behaviour incidents on the year before",
    unit="percentage change",
    polarity=Polarity.LOWER_IS_BETTER,
    targets=(Target(period=YEAR, value=-10.0),),
)


def test_the_unit_is_spelled_as_councils_write_it() -> None:
    assert REDUCTION.unit is Unit.PERCENTAGE_CHANGE
    assert Indicator(id="C", title="C", unit="Percentage Change").unit is Unit.PERCENTAGE_CHANGE


@pytest.mark.parametrize("value", [-16.0, -100.0, 0.0, 150.0, -250.5])
def test_any_change_is_possible_where_a_percentage_is_not(value: float) -> None:
    assert REDUCTION.impossible(value) is None
    share = Indicator(id="P", title="P", unit=Unit.PERCENTAGE)
    assert (share.impossible(value) is None) == (0 <= value <= 100)


def test_a_change_is_written_as_a_percentage_with_its_sign() -> None:
    assert REDUCTION.format_value(-16.0) == "-16.0%"
    assert REDUCTION.format_value(4.25) == "4.3%"  # a half away from zero, as Excel
    assert REDUCTION.format_value(-0.01) == "0.0%"


@pytest.mark.parametrize(
    ("actual", "rule", "expected", "words"),
    [
        (-16.0, TargetTolerance(), Status.GREEN, "better than target"),
        (-10.0, TargetTolerance(), Status.GREEN, "on target"),
        (-9.6, TargetTolerance(), Status.AMBER, "within 5% above"),
        (-8.0, TargetTolerance(), Status.RED, "more than 5% above"),
        (-8.0, TargetTolerance(mode="absolute"), Status.AMBER, "within 5 percentage points above"),
        (-4.0, TargetTolerance(mode="absolute"), Status.RED, "more than 5 percentage points above"),
    ],
)
def test_a_reduction_is_rated_against_its_negative_target(
    actual: float, rule: TargetTolerance, expected: Status, words: str
) -> None:
    rating = rate(REDUCTION, actual, REDUCTION.target_for(YEAR), rule)
    assert rating.status is expected
    assert rating.explanation == (
        f"{expected.word}: {REDUCTION.format_value(actual)} against a target of -10.0%; {words}"
    )


def _framework() -> Framework:
    return Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"), indicators=(REDUCTION,)
    )


READINGS = [
    Reading(indicator="ASB02", period=parse_period("2023/24 Q3"), value=-4.0),
    Reading(indicator="ASB02", period=Q2, value=-12.0),
    Reading(indicator="ASB02", period=Q3, value=-16.0),
]


def test_negative_readings_are_not_impossible_and_travel_by_polarity() -> None:
    framework = _framework()
    findings = data_quality(framework, READINGS, dt.date(2025, 1, 20))
    assert not [f for f in findings if f.code == "impossible-value"]
    (result,) = assess(framework, READINGS, Q3, dt.date(2025, 1, 20)).indicators
    assert result.rating.status is Status.GREEN
    # A larger reduction is an improvement, on the quarter and on the year.
    assert result.short_term.direction is Direction.IMPROVING
    assert result.long_term.direction is Direction.IMPROVING


def test_the_columnar_engine_gives_the_same_answers() -> None:
    framework = _framework()
    frame = assess_frame(framework, READINGS, periods=[str(Q3)])
    (row,) = frame.iter_rows(named=True)
    (result,) = assess(framework, READINGS, Q3, dt.date(2031, 1, 1)).indicators
    assert (row["value"], row["status"], row["short_term"], row["long_term"]) == (
        -16.0,
        result.rating.status.value,
        result.short_term.direction.value,
        result.long_term.direction.value,
    )


def _folder_with_a_change(tmp_path: Path, unit: str) -> Path:
    root = Path(shutil.copytree("examples/mansfield", tmp_path / "mansfield"))
    with (root / "indicators.toml").open("a", encoding="utf-8") as out:
        out.write(
            "\n[[indicators]]\n"
            'id = "ASB02"\n'
            'title = "Change in anti-social behaviour incidents on the year before"\n'
            f'unit = "{unit}"\n'
            'polarity = "lower is better"\n'
            'targets = [{ period = "2024/25", value = -10 }]\n'
        )
    with (root / "readings" / "2024-25.csv").open("a", encoding="utf-8") as out:
        out.write("ASB02,2024/25 Q2,-16,final,,\n")
    return root


def test_load_takes_a_council_folder_with_a_reduction(tmp_path: Path) -> None:
    # As "percentage", the -16% reduction is impossible and the whole folder is refused ...
    refused = CliRunner().invoke(
        main,
        ["load", str(_folder_with_a_change(tmp_path / "a", "percentage")), "--store", "memory://"],
    )
    assert refused.exit_code == 1 and "a negative percentage" in refused.output
    # ... as "percentage change" it loads.
    loaded = CliRunner().invoke(
        main,
        [
            "load",
            str(_folder_with_a_change(tmp_path / "b", "percentage change")),
            "--store",
            "memory://",
        ],
    )
    assert loaded.exit_code == 0, loaded.output


def test_a_chart_of_a_change_marks_its_axis_in_percent(tmp_path: Path) -> None:
    root = _folder_with_a_change(tmp_path, "percentage change")
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(root),
            "--period",
            "2024/25 Q2",
            "--as-of",
            "2024-11-15",
            "--format",
            "html",
        ],
    )
    assert result.exit_code in (0, 1), result.output
    chart = result.output[result.output.index("Change in anti-social behaviour") :]
    assert re.search(r">-\d+(\.\d+)?%<", chart)
