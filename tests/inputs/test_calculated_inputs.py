"""Calculated indicators in a council folder, through the command line: the value and its
inputs in the report, and every mistake in a calculation named by file and field or row."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_run import run_cleanly

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2025-01-20"
PLA01 = 'numerator = "PLA01N"\ndenominator = "PLA01D"\n'


@pytest.fixture
def mansfield(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLES / "mansfield", tmp_path / "mansfield"))


def edit(root: Path, name: str, old: str, new: str) -> None:
    file = root / name
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def outcome(*args: str) -> tuple[int, list[str]]:
    """The exit code and the lines printed by ``councilpmf ARGS``, with no traceback."""
    result = run_cleanly(*args)
    return result.exit_code, result.output.splitlines()


def test_the_report_shows_a_calculated_value_with_its_inputs(mansfield: Path) -> None:
    # Q2 2023/24: three of four major applications in time, 75.0% against 80.0%: amber.
    code, lines = outcome(
        "report", str(mansfield), "--period", "2023/24 Q2", "--kind", "exceptions",
        "--as-of", AS_OF, "--format", "markdown",
    )  # fmt: skip
    assert code == 0
    (line,) = [line for line in lines if "PLA01" in line]
    assert "75.0% against a target of 80.0%" in line
    assert "75.0% = 3 of 4 (PLA01N / PLA01D)" in line


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            'numerator = "PLA01N"\ndenominator = "PLA01X"\n',
            "error unknown-input indicators.toml: $.indicators[18].denominator: PLA01 is "
            "calculated from 'PLA01X', which is not one of the indicators",
        ),
        (
            'formula = "100 * PLA01N / PLA01"\n',
            "error calculation-cycle indicators.toml: $.indicators[18].formula: The calculation "
            "of PLA01 comes back to PLA01",
        ),
    ],
)
def test_a_calculation_that_cannot_work_is_an_error_at_its_field(
    mansfield: Path, new: str, expected: str
) -> None:
    edit(mansfield, "indicators.toml", PLA01, new)
    code, lines = outcome("validate", str(mansfield), "--as-of", AS_OF)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines


def test_a_number_in_a_formula_that_is_also_an_id_is_an_error_and_the_report_says_why(
    mansfield: Path,
) -> None:
    # The numerator's id becomes a number, as LG Inform's are, and the formula writes it bare.
    for name in ("indicators.toml", "readings/2023-24.csv", "readings/2024-25.csv"):
        file = mansfield / name
        file.write_text(file.read_text(encoding="utf-8").replace("PLA01N", "101"), "utf-8")
    edit(mansfield, "indicators.toml", 'numerator = "101"\ndenominator = "PLA01D"\n',
         'formula = "100 * 101 / PLA01D"\n')  # fmt: skip
    code, lines = outcome("validate", str(mansfield), "--as-of", AS_OF)
    assert code == 1
    assert any(
        line.startswith(
            "error ambiguous-number indicators.toml: $.indicators[18].formula: The formula of "
            "PLA01 is ambiguous: 101 is written bare, so it is the number 101"
        )
        for line in lines
    ), lines
    code, lines = outcome(
        "report", str(mansfield), "--period", "2023/24 Q2", "--as-of", AS_OF, "--format", "text"
    )
    said = "  Value: no data: the formula is ambiguous: 101 is written bare, so it is the number"
    assert any(line.startswith(said) for line in lines), lines
    edit(mansfield, "indicators.toml", "100 * 101 /", "100 * [101] /")
    code, lines = outcome("validate", str(mansfield), "--as-of", AS_OF)
    assert not any("ambiguous-number" in line for line in lines), lines


def test_an_input_reported_less_often_is_an_error(mansfield: Path) -> None:
    edit(
        mansfield,
        "indicators.toml",
        'id = "PLA01D"\ntitle = "Major planning applications determined"\n'
        'definition = "Major planning applications decided in the quarter."\nunit = "count"\n'
        'polarity = "none"\nfrequency = "quarterly"',
        'id = "PLA01D"\ntitle = "Major planning applications determined"\n'
        'definition = "Major planning applications decided in the quarter."\nunit = "count"\n'
        'polarity = "none"\nfrequency = "annual"',
    )
    code, lines = outcome("validate", str(mansfield), "--as-of", AS_OF)
    assert code == 1
    assert any(
        line.startswith("error input-frequency indicators.toml: $.indicators[18].denominator: ")
        for line in lines
    ), lines


@pytest.mark.parametrize(
    ("formula", "said"),
    [
        ("100 * PLA01N / (PLA01D", "column 23: expected ')', not the end of the formula"),
        ("__import__(os)", "column 1: unknown function '__import__'"),
        ("PLA01N ÷ PLA01D", "column 8: expected an operator (+ - * /) or the end of the formula"),
        ("-" * 60 + "PLA01N", "nested more than 40 deep"),
    ],
)
def test_a_formula_that_does_not_parse_is_refused_in_one_line(
    mansfield: Path, formula: str, said: str
) -> None:
    edit(mansfield, "indicators.toml", PLA01, f'formula = "{formula}"\n')
    before = (mansfield / "indicators.toml").read_bytes()
    code, lines = outcome("load", str(mansfield), "--store", f"sqlite:///{mansfield}/x.db")
    assert code == 1
    (line,) = [line for line in lines if "indicators.toml" in line]
    assert line.startswith(
        "indicators.toml: $.indicators[18].formula: formula must be a formula over indicator ids: "
    )
    assert said in line
    assert (mansfield / "indicators.toml").read_bytes() == before
    assert not (mansfield / "x.db").exists()


def test_a_reading_given_for_a_calculated_indicator_is_named_by_its_row(mansfield: Path) -> None:
    with (mansfield / "readings/2024-25.csv").open("a", encoding="utf-8") as handle:
        handle.write("PLA01,2024/25 Q3,99.0,final,,\n")
    rows = (mansfield / "readings/2024-25.csv").read_text(encoding="utf-8").count("\n")
    code, lines = outcome("validate", str(mansfield), "--as-of", AS_OF)
    assert code == 0
    assert (
        f"warning reading-of-calculated readings/2024-25.csv: row {rows}: The value given for "
        "PLA01 in 2024/25 Q3 (99.0%) is not used: PLA01 is calculated from PLA01N, PLA01D, "
        "which give 80.0%. Its note and published status are kept; correct or remove the value."
    ) in lines


def test_commentary_given_for_a_calculated_indicator_reaches_its_report(mansfield: Path) -> None:
    # The council's own figure (as shown, 80.0%) agrees with the one worked out: no warning,
    # and its commentary and published status are used.
    with (mansfield / "readings/2024-25.csv").open("a", encoding="utf-8") as handle:
        handle.write('PLA01,2024/25 Q3,80.04,final,,"Two late, both complex"\n')
    code, lines = outcome("validate", str(mansfield), "--as-of", AS_OF)
    assert code == 0
    assert not [line for line in lines if "reading-of-calculated" in line]
    code, lines = outcome(
        "report", str(mansfield), "--period", "2024/25 Q3", "--as-of", AS_OF, "--format", "markdown"
    )
    assert code == 0
    (row,) = [line for line in lines if "| PLA01 |" in line]
    assert "| 80.0% | 80.0% | ✔ Green |" in row
    assert "| Two late, both complex |" in row


def test_an_impossible_worked_out_value_points_at_the_calculation(mansfield: Path) -> None:
    # More applications decided in time than decided: 9 of 5 is 180%.
    csv = mansfield / "readings/2024-25.csv"
    text = csv.read_text(encoding="utf-8")
    assert "PLA01N,2024/25 Q3,4,final,,\n" in text
    csv.write_text(text.replace("PLA01N,2024/25 Q3,4,", "PLA01N,2024/25 Q3,9,"), encoding="utf-8")
    code, lines = outcome("validate", str(mansfield), "--as-of", AS_OF)
    assert code == 1
    assert (
        "error impossible-value indicators.toml: $.indicators[18].numerator: The value of PLA01 "
        "worked out for 2024/25 Q3, 180.0%, is a percentage over 100; correct the readings of "
        "its inputs PLA01N, PLA01D."
    ) in lines
