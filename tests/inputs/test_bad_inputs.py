"""Every bad input is refused where it is: each case names its file and its row, line or path,
and none gives a traceback, runs unbounded, or passes unseen."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from councilpmf.cli import main
from councilpmf.core.convert import InputError
from councilpmf.core.periods import parse_period
from councilpmf.core.report import Table, build_report, cell_text
from councilpmf.folder import load_folder, read_readings
from councilpmf.textfiles import Limits

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2025-01-20"
DELIVERY = "delivery-plans/communities-2024-25.toml"


@pytest.fixture
def mansfield(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLES / "mansfield", tmp_path / "mansfield"))


@pytest.fixture
def notts(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLES / "nottinghamshire", tmp_path / "notts"))


def edit(root: Path, name: str, old: str, new: str, count: int = 1) -> None:
    file = root / name
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def append(root: Path, name: str, rows: str) -> int:
    """Add ``rows`` (lines of text) to the end of a file; the number of its last row."""
    file = root / name
    with file.open("a", encoding="utf-8") as handle:
        handle.write(rows)
    return file.read_text(encoding="utf-8").count("\n")


def validate(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", str(root), "--as-of", AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def refused(root: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_folder(root)
    return list(caught.value.problems)


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("error ")]


# -- status words, committees, units ----------------------------------------------------------


@pytest.mark.parametrize("word", ["purple", "On target!", "Compl\u0435te"])  # Cyrillic e
def test_an_action_status_that_is_no_status_word_is_an_error_at_the_action(
    mansfield: Path, word: str
) -> None:
    edit(mansfield, DELIVERY, 'status = "On target"', f'status = "{word}"')
    code, lines = validate(mansfield)
    assert code == 1
    (error,) = errors(lines)
    assert error.startswith(f"error unknown-status-word {DELIVERY}: $.actions[0].status: ")
    assert repr(word) in error


def test_an_empty_update_status_changes_nothing(mansfield: Path) -> None:
    edit(mansfield, DELIVERY, 'status = "On target", percent', 'status = "", percent')
    _code, lines = validate(mansfield)
    assert not errors(lines)
    (plan,) = [
        p for p in load_folder(mansfield).framework.delivery_plans if p.id == "communities-2024-25"
    ]
    assert plan.actions[1].updates[0].status is None


def test_an_empty_action_status_is_accepted_as_not_recorded(mansfield: Path) -> None:
    # Published action plans leave statuses blank; that is "not recorded", not "Not started".
    edit(mansfield, DELIVERY, 'status = "On target"', 'status = ""')
    _code, lines = validate(mansfield)
    assert not errors(lines)
    council = load_folder(mansfield)
    (plan,) = [p for p in council.framework.delivery_plans if p.id == "communities-2024-25"]
    assert plan.actions[0].status is None
    report = build_report(
        "actions",
        council.framework,
        council.readings,
        parse_period("2024/25 Q3"),
        dt.date(2024, 12, 2),
    )
    (row,) = [
        r
        for section in report.sections
        for block in section.blocks
        if isinstance(block, Table)
        for r in block.rows
        if r.header == plan.actions[0].ref
    ]
    words = [cell_text(cell) for cell in row.cells]
    assert words.count("Not recorded") == 2 and "Not started" not in words  # status, meaning


def test_a_200_kb_status_word_is_refused_by_its_length(mansfield: Path) -> None:
    edit(mansfield, DELIVERY, 'status = "On target"', f'status = "{"x" * 200_000}"')
    assert refused(mansfield) == [
        f"{DELIVERY}: $.actions[0].status: is 200,000 characters long; the most allowed is 10,000"
    ]


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\x1b"])
def test_hidden_characters_are_refused_in_any_text(mansfield: Path, char: str) -> None:
    escaped = f"\\u{ord(char):04x}"  # written as a TOML escape, as a hostile file would
    edit(mansfield, DELIVERY, 'status = "On target"', f'status = "On {escaped}target"')
    (problem,) = refused(mansfield)
    assert problem.startswith(f"{DELIVERY}: $.actions[0].status: holds the invisible character")
    assert f"U+{ord(char):04X}" in problem


def test_a_lead_committee_that_names_no_committee_is_an_error(mansfield: Path) -> None:
    edit(mansfield, DELIVERY, 'lead_committee = "os-communities"', 'lead_committee = "purple"')
    code, lines = validate(mansfield)
    assert code == 1
    (error,) = errors(lines)
    assert error.startswith(f"error unknown-committee {DELIVERY}: $.actions[0].lead_committee: ")


def test_a_lead_committee_may_be_a_committee_name(mansfield: Path) -> None:
    edit(
        mansfield,
        DELIVERY,
        'lead_committee = "os-communities"',
        'lead_committee = "overview and scrutiny committee  COMMUNITIES"',
    )
    code, lines = validate(mansfield)
    assert code == 0, lines


@pytest.mark.parametrize(
    ("old", "new", "path", "code"),
    [
        (
            '{ period = "2024/25", value = 96.5 }',
            '{ period = "2024/25", value = -50 }',
            "$.indicators[0].targets[1].value",
            "impossible-target",
        ),
        (
            '{ period = "2024/25", value = 96.5 }',
            '{ period = "2024/25", value = 1e12 }',
            "$.indicators[0].targets[1].value",
            "impossible-target",
        ),
        (
            'baseline = { period = "2022/23", value = 96.2 }',
            'baseline = { period = "2022/23", value = -5.0 }',
            "$.indicators[0].baseline.value",
            "impossible-baseline",
        ),
    ],
)
def test_targets_and_baselines_are_checked_against_the_unit(
    mansfield: Path, old: str, new: str, path: str, code: str
) -> None:
    edit(mansfield, "indicators.toml", old, new)
    exit_code, lines = validate(mansfield)
    assert exit_code == 1
    (error,) = errors(lines)
    assert error.startswith(f"error {code} indicators.toml: {path}: ")
    assert "percentage" in error


# -- comparators ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "HW01,2013/14,CIPFA nearest neighbours,-5",
            "value: -5.0% is a negative percentage, which the unit of HW01 (percentage) does "
            "not allow",
        ),
        (
            "HW01,2013/14,CIPFA nearest neighbours,1e308",
            "value: '1e308' is larger than 1e+15, the most allowed",
        ),
        (
            "../../etc,2013/14,CIPFA nearest neighbours,4",
            "indicator: '../../etc' cannot be an id: an id may not hold / or \\, start with a "
            "dot or start or end with a space",
        ),
        (
            "ZZ99,2013/14,CIPFA nearest neighbours,4",
            "indicator: 'ZZ99' is not one of the indicators in indicators.toml",
        ),
        ("HW01,2013/14 Q7,CIPFA nearest neighbours,4", "period: "),
        ("HW01,2013/14,,4", "group: missing"),
    ],
)
def test_every_comparator_row_is_checked(notts: Path, row: str, message: str) -> None:
    name = "comparators/cipfa-nearest-neighbours.csv"
    rows = append(notts, name, row + "\n")
    (problem,) = refused(notts)
    assert problem.startswith(f"{name}: row {rows}: {message}")


# -- blamed where it is ------------------------------------------------------------------------


def test_an_impossible_reading_is_blamed_on_its_row(mansfield: Path) -> None:
    edit(mansfield, "readings/2023-24.csv", "FIN01,Apr 2023,10.2,", "FIN01,Apr 2023,104.2,")
    code, lines = validate(mansfield)
    assert code == 1
    (error,) = errors(lines)
    assert error.startswith("error impossible-value readings/2023-24.csv: row 74: ")


def test_a_duplicate_reading_is_blamed_on_both_its_rows(mansfield: Path) -> None:
    rows = append(mansfield, "readings/2024-25.csv", "FIN01,Apr 2023,10.2,final,,\n")
    code, lines = validate(mansfield)
    assert code == 1
    (error,) = errors(lines)
    assert error.startswith(
        f"error duplicate-reading readings/2023-24.csv: row 74; readings/2024-25.csv: row {rows}: "
    )


def test_a_reading_for_a_period_its_indicator_does_not_report_is_blamed_on_its_row(
    mansfield: Path,
) -> None:
    # FIN02 is quarterly, in years from April.
    rows = append(
        mansfield,
        "readings/2024-25.csv",
        "FIN02,2024 Q3 (from Jan),57.0,final,,\nFIN02,Oct 2024,57.0,final,,\n",
    )
    code, lines = validate(mansfield)
    assert code == 1
    assert errors(lines) == [
        f"error wrong-year-start readings/2024-25.csv: row {rows - 1}: The reading of FIN02 for "
        "2024 Q3 is for a quarterly period of years that start in January, but the council's "
        "years start in April; record it for one of the council's quarterly periods, such as "
        "2024/25 Q2.",
        f"error wrong-frequency readings/2024-25.csv: row {rows}: The reading of FIN02 for "
        "Oct 2024 is monthly, but FIN02 is reported quarterly; record it for a quarterly period.",
    ]


def test_a_bad_year_start_is_one_error_on_the_setting(mansfield: Path) -> None:
    edit(mansfield, "council.toml", "year_start_month = 4", "year_start_month = 13")
    assert refused(mansfield) == [
        "council.toml: $.year_start_month: year_start_month must be at most 12, not 13"
    ]


@pytest.mark.parametrize("text", ["", "# all indicators moved elsewhere\n", "indicators = []\n"])
def test_an_empty_indicators_file_is_an_error_on_that_file(mansfield: Path, text: str) -> None:
    (mansfield / "indicators.toml").write_text(text, encoding="utf-8")
    assert refused(mansfield) == [
        "indicators.toml: $: the file lists no [[indicators]]; add them or remove the file"
    ]


def test_a_bad_byte_is_named_by_line_and_column(mansfield: Path) -> None:
    file = mansfield / "plan.toml"
    lines = file.read_bytes().split(b"\n")
    lines[4] = b"# caf\xe9 " + lines[4]
    file.write_bytes(b"\n".join(lines))
    assert refused(mansfield) == [
        "plan.toml: line 5, column 6: byte 0xE9 is not UTF-8; save the file as UTF-8"
    ]


def test_a_bad_byte_in_a_csv_file_is_named_by_line_and_column(mansfield: Path) -> None:
    file = mansfield / "readings/2023-24.csv"
    file.write_bytes(file.read_bytes() + b"FIN01,May 2024,3,final,,caf\xe9\n")
    rows = file.read_bytes().count(b"\n")
    assert refused(mansfield) == [
        f"readings/2023-24.csv: line {rows}, column 28: byte 0xE9 is not UTF-8; save the file "
        "as UTF-8"
    ]


def test_a_toml_syntax_error_names_the_line_even_at_the_end_of_the_file(
    mansfield: Path,
) -> None:
    file = mansfield / "council.toml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text + 'note = """never closed\n', encoding="utf-8")
    last = text.count("\n") + 2
    (problem,) = refused(mansfield)
    assert problem.startswith(f"council.toml: line {last}, column 1: ")
    assert "end of the file" in problem


def test_an_over_long_csv_cell_is_named_by_its_row_and_column(mansfield: Path) -> None:
    file = mansfield / "readings/2024-25.csv"
    rows = file.read_text(encoding="utf-8").count("\n")
    # Under the csv module's own limit and over it alike.
    for width in (20_000, 200_000):
        with file.open("a", encoding="utf-8") as handle:
            handle.write(f"FIN01,May 2024,3,final,,{'n' * width}\n")
        (problem,) = refused(mansfield)
        assert problem.startswith(f"readings/2024-25.csv: row {rows + 1}: note: ")
        assert "10,000" in problem
        file.write_text(file.read_text(encoding="utf-8").rsplit("FIN01,May", 1)[0])


def test_a_quote_never_closed_in_a_csv_file_is_named_by_its_row_and_column(
    mansfield: Path,
) -> None:
    file = mansfield / "readings/2024-25.csv"
    rows = file.read_text(encoding="utf-8").count("\n")
    with file.open("a", encoding="utf-8") as handle:
        handle.write('FIN01,May 2024,3,final,,"a note\nFIN01,Jun 2024,4,final,,\n')
    (problem,) = refused(mansfield)
    assert problem == (
        f"readings/2024-25.csv: row {rows + 1}: note: a quote opens this cell and is never "
        "closed, so the rest of the file would be read into it; close the quote or remove it"
    )


# -- limits ------------------------------------------------------------------------------------


TOO_DEEP = "arrays or tables are nested more than 32 deep"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x = " + "[" * 1000 + "]" * 1000, "arrays or tables are nested more than 32 deep"),
        (
            "x = " + "{a = " * 1000 + "1" + "}" * 1000,
            "arrays or tables are nested more than 32 deep",
        ),
        (".".join(["k"] * 100_000) + " = 1", "a key has more than 32 dotted parts"),
        ('"' + "k" * 200_000 + '" = 1', "a key is longer than 256 characters"),
    ],
)
def test_nesting_and_keys_are_refused_before_parsing(
    mansfield: Path, text: str, problem: str
) -> None:
    (mansfield / "council.toml").write_text("\n" + text + "\n", encoding="utf-8")
    started = time.process_time()
    assert refused(mansfield) == [f"council.toml: line 2: {problem}"]
    assert time.process_time() - started < 2


def test_files_over_the_size_limit_are_refused_unread(mansfield: Path) -> None:
    small = Limits(toml_bytes=5_000, csv_bytes=2_000)
    with pytest.raises(InputError) as caught:
        load_folder(mansfield, limits=small)
    problems = caught.value.problems
    size = (mansfield / "indicators.toml").stat().st_size
    assert (
        f"indicators.toml: the file is {size:,} bytes; the most a council folder file may be "
        "is 5,000" in problems
    )
    assert size > 5_000
    assert any(p.startswith("readings/2023-24.csv: the file is ") for p in problems)


def test_a_reading_in_an_implausible_year_is_refused_at_its_row_and_the_rest_is_checked(
    mansfield: Path,
) -> None:
    rows = append(
        mansfield, "readings/2024-25.csv", "FIN02,Jan 1000,3,final,,\nFIN02,2024/25 Q9,3,final,,\n"
    )
    code, lines = validate(mansfield)
    assert code == 1
    assert lines[0] == (
        f"readings/2024-25.csv: row {rows - 1}: period: 'Jan 1000' is outside the years 1900 "
        "to 2999; check the year"
    )
    assert lines[1].startswith(f"readings/2024-25.csv: row {rows}: period: ")


# -- numbers and byte order marks ----------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "1,2,3",
        "\u0661\u0662\u0663",
        "1_000",
        "12,34",
        "1.2.3",
        "nan",
        "inf",
        "1e",
        "0x10",
        "--1",
        "+",
        "٣",
        "１２",
    ],
)
def test_numbers_are_parsed_strictly(tmp_path: Path, cell: str) -> None:
    file = tmp_path / "r.csv"
    file.write_text(f'indicator,period,value\nK1,2024/25 Q1,"{cell}"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_readings(file)
    (problem,) = caught.value.problems
    assert problem.startswith(f"r.csv: row 2: value: {cell!r} is not a number")


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,234.5", 1234.5),
        ("1234.5", 1234.5),
        (" -2.5 ", -2.5),
        ("+3", 3.0),
        (".5", 0.5),
        ("1.2e6", 1.2e6),
        ("12,345,678", 12345678.0),
        ("yes", 1.0),
        ("No", 0.0),
    ],
)
def test_numbers_councils_write_are_read(tmp_path: Path, cell: str, value: float) -> None:
    file = tmp_path / "r.csv"
    file.write_text(f'indicator,period,value\nK1,2024/25 Q1,"{cell}"\n', encoding="utf-8")
    (reading,) = read_readings(file)
    assert reading.value == value


def test_a_byte_order_mark_is_accepted_in_every_text_file(mansfield: Path) -> None:
    files = sorted(mansfield.rglob("*.toml")) + sorted(mansfield.rglob("*.csv"))
    assert len(files) > 5
    before = load_folder(mansfield)
    for file in files:
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    after = load_folder(mansfield)
    assert after.framework == before.framework
    assert after.readings == before.readings


def test_a_device_posing_as_a_file_is_read_no_further_than_the_limit(mansfield: Path) -> None:
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero here")
    (mansfield / "readings/endless.csv").symlink_to(zero)
    (mansfield / "peer-challenges/endless.toml").symlink_to(zero)
    started = time.process_time()
    with pytest.raises(InputError) as caught:
        load_folder(mansfield, limits=Limits(toml_bytes=100_000, csv_bytes=100_000))
    assert time.process_time() - started < 5
    assert caught.value.problems == (
        "peer-challenges/endless.toml: the file is more than 100,000 bytes; the most a council "
        "folder file may be is 100,000",
        "readings/endless.csv: the file is more than 100,000 bytes; the most a council folder "
        "file may be is 100,000",
    )


def test_two_plan_files_with_one_id_are_named_by_their_files(mansfield: Path) -> None:
    edit(
        mansfield,
        "delivery-plans/economy-2024-25.toml",
        'id = "economy-2024-25"',
        'id = "communities-2024-25"',
    )
    assert refused(mansfield) == [
        "delivery-plans/economy-2024-25.toml: $.id: 'communities-2024-25' is already the id of "
        f"the delivery plan at {DELIVERY}; give each delivery plan its own id"
    ]


def test_a_repeated_priority_is_named_by_its_file_and_path(mansfield: Path) -> None:
    edit(mansfield, "plan.toml", 'id = "COM2"', 'id = "COM1"')
    assert refused(mansfield) == [
        "plan.toml: $.themes[0].priorities[1].id: 'COM1' is already the id of the priority at "
        "$.themes[0].priorities[0]; give each priority its own id"
    ]
