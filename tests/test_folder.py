"""Reading a council folder: everything loads, or every problem is named by file and path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from councilpmf.core.convert import InputError
from councilpmf.core.periods import parse_period
from councilpmf.core.rag import RatioToTarget, TargetTolerance
from councilpmf.folder import load_folder, read_readings

PLAN = """
title = "Towards 2030"
organisation = "Anytown District Council"
vision = "A place where everyone can prosper."

[[themes]]
id = "communities"
name = "Our communities"

[[themes.priorities]]
id = "C1"
statement = "Give communities a voice."
indicators = ["K1"]
"""

INDICATORS = """
[[indicators]]
id = "K1"
title = "Residents who feel they can influence decisions"
unit = "percentage"
targets = [{ period = "2024/25", value = 40 }]
rule = { kind = "ratio-to-target", variance = 10 }
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_folder(root)
    return list(caught.value.problems)


def test_a_small_folder_loads_with_its_rule_readings_and_sources(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "plan.toml": PLAN,
            "indicators.toml": INDICATORS,
            "council.toml": 'area_code = "E07000999"\n'
            '[action_statuses]\n"Green light" = "in progress"\n',
            "readings/2024-25.csv": "indicator,period,value,status,missing_reason,note\n"
            "K1,Q3 2024/25,38.5,provisional,,survey ran late\n"
            "K1,2024-25 Q2,,,survey paused,\n",
            "delivery-plans/communities.toml": 'id = "d1"\ntitle = "Communities 2024/25"\n'
            '[[actions]]\nref = "1"\ntitle = "Run a residents panel"\nserves = ["C1"]\n',
        },
    )
    folder = load_folder(root)
    fw = folder.framework
    assert fw.area_code == "E07000999"
    assert isinstance(fw.default_rule, TargetTolerance)
    assert fw.indicator("K1").rule == RatioToTarget(variance=10)
    assert fw.vocabulary.meaning_of("green light") is not None
    assert fw.vocabulary.meaning_of("Complete") is not None  # the built-in words stay
    assert [str(r.period) for r in folder.readings] == ["2024/25 Q3", "2024/25 Q2"]
    assert folder.readings[1].missing_reason == "survey paused"
    assert folder.locate("$.delivery_plans[0].actions[0].serves[0]") == (
        "delivery-plans/communities.toml: $.actions[0].serves[0]"
    )
    assert folder.locate("$.plan.themes[0]") == "plan.toml: $.themes[0]"
    assert folder.locate("$.indicators[0].targets") == "indicators.toml: $.indicators[0].targets"
    assert folder.locate("$.readings[indicator=K1, period=2024/25 Q2]") == (
        "readings/2024-25.csv: row 3"
    )
    assert folder.locate("$.readings[indicator=K1]") == "readings/2024-25.csv: row 2"
    assert folder.locate("$.readings[indicator=ZZ9]") == "$.readings[indicator=ZZ9]"


def test_every_problem_in_every_file_is_reported_with_its_path(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "plan.toml": PLAN.replace(
                'name = "Our communities"', 'name = "Our communities"\nlaed = "x"'
            ),
            "indicators.toml": INDICATORS.replace('unit = "percentage"', "unit = true"),
            "readings/a.csv": "indicator,period,value\nK1,2024/25 Q5,3\nK1,2024/25 Q1,abc\n",
        },
    )
    found = problems(root)
    assert "plan.toml: $.themes[0]: unknown field 'laed'" in found
    assert any(
        p.startswith("indicators.toml: $.indicators[0].unit: expected one of") for p in found
    )
    assert any(p.startswith("readings/a.csv: row 2: period: '2024/25 Q5'") for p in found)
    assert (
        "readings/a.csv: row 3: value: 'abc' is not a number; write it as 1234.5, 1,234.5, "
        "-2.5 or 1.2e6" in found
    )


@pytest.mark.parametrize("written", ["K1 ", " K1"])
def test_an_id_with_spaces_around_it_is_refused_as_readings_could_never_find_it(
    tmp_path: Path, written: str
) -> None:
    root = write(
        tmp_path,
        {
            "plan.toml": PLAN.replace('indicators = ["K1"]', f"indicators = [{written!r}]"),
            "indicators.toml": INDICATORS.replace('id = "K1"', f"id = {written!r}"),
            "readings/a.csv": f"indicator,period,value\n{written},2024/25 Q1,3\n",
        },
    )
    assert (
        "indicators.toml: $.indicators[0].id: id must not start or end with a space: "
        f"{written!r}" in problems(root)
    )


@pytest.mark.parametrize(
    ("plan", "path", "written"),
    [
        (PLAN.replace('id = "C1"', 'id = "C1 "'), "$.themes[0].priorities[0].id", "C1 "),
        (
            PLAN.replace('id = "communities"', 'id = " communities"'),
            "$.themes[0].id",
            " communities",
        ),
        (
            PLAN.replace('indicators = ["K1"]', 'indicators = ["K1 "]'),
            "$.themes[0].priorities[0].indicators",
            "K1 ",
        ),
    ],
)
def test_plan_ids_and_references_with_spaces_around_them_are_refused(
    tmp_path: Path, plan: str, path: str, written: str
) -> None:
    root = write(tmp_path, {"plan.toml": plan, "indicators.toml": INDICATORS})
    field = path.rsplit(".", 1)[1]
    assert problems(root) == [
        f"plan.toml: {path}: {field} must not start or end with a space: {written!r}"
    ]


def test_broken_toml_names_the_file_and_line(tmp_path: Path) -> None:
    root = write(tmp_path, {"plan.toml": 'title = "x\n'})
    (problem,) = problems(root)
    assert problem.startswith("plan.toml: ") and "line 1" in problem


def test_text_is_never_split_into_a_list_of_letters(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "plan.toml": PLAN,
            "delivery-plans/d.toml": 'id = "d"\ntitle = "D"\n[[actions]]\nref = "1"\n'
            'title = "A"\nowners = "Head of Finance"\n',
        },
    )
    assert problems(root) == [
        "delivery-plans/d.toml: $.actions[0].owners: expected a list, not 'Head of Finance'"
    ]


def test_a_true_is_not_a_number_anywhere(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"plan.toml": PLAN, "council.toml": "[default_rule]\nkind = 'bands'\nbands = true\n"},
    )
    assert problems(root) == ["council.toml: $.default_rule.bands: expected a list, not True"]


def test_csv_header_must_name_known_columns(tmp_path: Path) -> None:
    root = write(tmp_path, {"plan.toml": PLAN, "readings/a.csv": "indicator,when,value\n"})
    (problem,) = problems(root)
    assert problem.startswith("readings/a.csv: row 1: the header must use the columns")
    assert "unknown: when" in problem and "missing: period" in problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("indicator,period,value\rK1,2024/25,3\r", "its lines end with a carriage return alone"),
        ("indic\u202eator,period,value\nK1,2024/25,3\nK1,2025/26,4\n", "U+202E"),
    ],
)
def test_a_header_that_cannot_be_read_is_the_one_problem_named(
    tmp_path: Path, text: str, problem: str
) -> None:
    # Without a header nothing after it can be read by column: the next row is not taken for
    # the header, so no row's data is reported as a header in row 1.
    file = tmp_path / "r.csv"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_readings(file)
    (only,) = caught.value.problems
    assert only.startswith("r.csv: row 1: ") and problem in only


def test_a_row_needs_a_value_or_a_reason_but_not_both(tmp_path: Path) -> None:
    file = tmp_path / "r.csv"
    file.write_text(
        "indicator,period,value,missing_reason\nK1,2024/25,,\nK1,2024/25,3,late\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_readings(file)
    assert caught.value.problems == (
        "r.csv: row 2: value: missing, and no missing_reason says why",
        "r.csv: row 3: missing_reason: given beside a value; a row has a value or a "
        "missing_reason, not both",
    )


def test_a_bad_row_after_a_note_of_several_lines_is_named_by_its_spreadsheet_row(
    tmp_path: Path,
) -> None:
    file = tmp_path / "r.csv"
    file.write_text(
        'indicator,period,value,note\nK1,2024/25,3,"late:\nsee the\nminutes"\nK1,2025/26,abc,\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_readings(file)
    (problem,) = caught.value.problems
    assert problem.startswith("r.csv: row 3: value: 'abc' is not a number")


def test_not_a_council_folder(tmp_path: Path) -> None:
    assert problems(tmp_path) == [f"{tmp_path}: no plan.toml, so this is not a council folder"]
    assert problems(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: not a folder"]


def test_an_academic_year_council_writes_its_own_periods(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "plan.toml": PLAN,
            "indicators.toml": INDICATORS,
            "council.toml": "year_start_month = 9\n",
            "readings/a.csv": "indicator,period,value\nK1,2024/25 Q1,41\n",
        },
    )
    (reading,) = load_folder(root).readings
    assert reading.period.start.isoformat() == "2024-09-01"
    assert reading.period == parse_period("2024/25 Q1 (from Sep)")
