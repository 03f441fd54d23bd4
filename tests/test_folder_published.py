"""Published statuses in a council folder: the readings column and the council's own words in
council.toml load, save and load again; hostile input is refused naming the file and field, and
a folder that is refused loads nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from councilpmf.core.rag import Status
from councilpmf.folder import load_folder
from councilpmf.folder_writer import save_folder
from test_folder import INDICATORS, PLAN, problems, write

HEADER = "indicator,period,value,status,missing_reason,note,published_status\n"


def test_the_column_and_the_councils_words_load(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "plan.toml": PLAN,
            "indicators.toml": INDICATORS,
            "council.toml": '[published_statuses]\n"Close to target" = "Amber"\n'
            '"Off target" = "amber"\n',
            "readings/2024-25.csv": HEADER + "K1,2024/25 Q1,38.5,final,,,  Close   to target \n"
            "K1,2024/25 Q2,41,final,,,\n",
        },
    )
    folder = load_folder(root)
    assert [r.published_status for r in folder.readings] == ["Close to target", ""]
    words = folder.framework.published_statuses
    assert words.status_of("close to target") is Status.AMBER
    assert words.status_of("Off target") is Status.AMBER  # the council's meaning wins
    assert words.status_of("Green") is Status.GREEN  # the built-in words stay


def test_a_folder_saved_and_loaded_again_keeps_statuses_and_words(tmp_path: Path) -> None:
    folder = load_folder("examples/cambridgeshire")
    again = load_folder(save_folder(folder, tmp_path / "again"))
    assert again.framework == folder.framework
    assert again.readings == folder.readings
    assert sum(bool(r.published_status) for r in again.readings) == 81
    assert "[published_statuses]" in (tmp_path / "again" / "council.toml").read_text("utf-8")


@pytest.mark.parametrize(
    ("council", "expected"),
    [
        (
            '[published_statuses]\n"Off track" = "purple"\n',
            "council.toml: $.published_statuses['Off track']: 'purple' is not a "
            "status; use one of 'blue', 'green', 'amber', 'red', 'not rated', 'no data'",
        ),
        (
            '[published_statuses]\n"Off track" = 3\n',
            "council.toml: $.published_statuses['Off track']: expected one of "
            "'blue', 'green', 'amber', 'red', 'not rated', 'no data', not 3",
        ),
        (
            'published_statuses = "green"\n',
            "council.toml: $.published_statuses: expected a table of published status words, "
            'such as "On target" = "green", not \'green\'',
        ),
    ],
)
def test_a_bad_word_in_council_toml_is_named_by_file_and_key(
    tmp_path: Path, council: str, expected: str
) -> None:
    root = write(tmp_path, {"plan.toml": PLAN, "council.toml": council})
    assert problems(root) == [expected]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Gr\x1been",
            "readings/a.csv: row 2: published_status: holds the invisible character U+001B",
        ),
        (
            "Red\u202e",
            "readings/a.csv: row 2: published_status: holds the invisible character U+202E",
        ),
        ("G" * 101, "readings/a.csv: row 2: published_status: 101 characters is not a status"),
        ("G" * 20_000, "readings/a.csv: row 2: published_status: is 20,000 characters long"),
    ],
    ids=["escape", "bidi override", "too long", "huge"],
)
def test_a_hostile_published_status_is_refused_naming_the_file_and_row(
    tmp_path: Path, cell: str, expected: str
) -> None:
    root = write(
        tmp_path,
        {
            "plan.toml": PLAN,
            "indicators.toml": INDICATORS,
            "readings/a.csv": HEADER + f'K1,2024/25 Q1,38.5,final,,,"{cell}"\n',
        },
    )
    [problem] = problems(root)
    assert problem.startswith(expected), problem
