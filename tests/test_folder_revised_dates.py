"""A revised due date in a council folder: an action update's ``due`` loads, saves and loads back,
and a revised date before the action's start is refused naming the file and field."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from councilpmf.core.actions import assess_action
from councilpmf.core.errors import InputError
from councilpmf.folder import load_folder
from councilpmf.folder_writer import save_folder

PLAN = """
title = "Towards 2030"
organisation = "Anytown District Council"

[[themes]]
id = "communities"
name = "Our communities"

[[themes.priorities]]
id = "C1"
statement = "Give communities a voice."
"""

DELIVERY = """
id = "communities-2024-25"
title = "Our communities delivery plan 2024/25"
year = "2024/25"

[[actions]]
ref = "C1.1"
title = "Open the new community hub"
status = "On target"
start = 2024-04-01
due = 2025-03-31
percent_complete = 40
serves = ["C1"]

[[actions.updates]]
on = 2025-01-02
text = "Contractor went into administration"
status = "Revised date"
due = {due}

[[actions.updates]]
on = 2025-02-01
text = "New contractor appointed"
percent_complete = 50
"""


def folder(root: Path, due: str = "2025-06-30") -> Path:
    files = {
        "plan.toml": PLAN,
        "delivery-plans/communities-2024-25.toml": DELIVERY.replace("{due}", due),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_a_revised_date_loads_and_the_action_is_rated_against_it(tmp_path: Path) -> None:
    framework = load_folder(folder(tmp_path)).framework
    (action,) = framework.delivery_plans[0].actions
    assert [u.due for u in action.updates] == [dt.date(2025, 6, 30), None]
    state = assess_action(action, dt.date(2025, 4, 1), framework.vocabulary)
    assert not state.overdue
    assert state.due == dt.date(2025, 6, 30)
    assert "due date revised from 31 Mar 2025 to 30 Jun 2025 on 2 Jan 2025" in state.explanation


def test_a_revised_date_saves_and_loads_back_equal(tmp_path: Path) -> None:
    council = load_folder(folder(tmp_path / "in"))
    save_folder(council, tmp_path / "out")
    written = (tmp_path / "out" / "delivery-plans").glob("*.toml")
    assert any('due = "2025-06-30"' in path.read_text(encoding="utf-8") for path in written)
    assert load_folder(tmp_path / "out").framework == council.framework


def test_a_revised_date_given_as_iso_text_is_taken(tmp_path: Path) -> None:
    framework = load_folder(folder(tmp_path, '"2025-06-30"')).framework
    assert framework.delivery_plans[0].actions[0].updates[0].due == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("due", "problem"),
    [
        ("2024-03-31", "$.actions[0].updates[0].due: 2024-03-31 is before start 2024-04-01"),
        (
            '"30/06/2025"',
            "$.actions[0].updates[0].due: expected a date written 2024-03-31, not '30/06/2025'",
        ),
    ],
)
def test_a_wrong_revised_date_is_refused_naming_the_file_and_field(
    tmp_path: Path, due: str, problem: str
) -> None:
    with pytest.raises(InputError) as refused:
        load_folder(folder(tmp_path, due))
    (line,) = refused.value.problems
    assert line == f"delivery-plans/communities-2024-25.toml: {problem}"


@pytest.mark.parametrize(
    ("key", "written"),
    [("text", "Contractor\\u001b[2J went into administration"), ("status", "Revised\\u0007 date")],
)
def test_an_update_holding_a_control_character_is_refused_naming_the_file_and_field(
    tmp_path: Path, key: str, written: str
) -> None:
    root = folder(tmp_path)
    path = root / "delivery-plans" / "communities-2024-25.toml"
    text = path.read_text(encoding="utf-8")
    old = {"text": '"Contractor went into administration"', "status": '"Revised date"'}[key]
    path.write_text(text.replace(old, f'"{written}"', 1), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_folder(root)
    (line,) = refused.value.problems
    assert line.startswith(
        f"delivery-plans/communities-2024-25.toml: $.actions[0].updates[0].{key}: holds the "
        "invisible character U+00"
    )
