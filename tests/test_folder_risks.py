"""risks.toml in a council folder: loaded, checked against the plan, and refused when wrong."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from tests.test_folder import INDICATORS, PLAN, write

from cli_run import run_wide as run
from councilpmf import open_store
from councilpmf.core.checks import run_checks
from councilpmf.core.convert import InputError
from councilpmf.core.risks import ActionInPlan, RiskScore
from councilpmf.folder import CouncilFolder, load_folder
from councilpmf.folder_writer import save_folder

RISKS = """
[[appetites]]
category = "Financial"
appetite = 8

[[risks]]
id = "R1"
title = "Grant funding ends"
category = "Financial"
serves = ["C1", "communities"]
inherent = { likelihood = 4, impact = 4 }
residual = { likelihood = 3, impact = 3 }
review_by = 2025-03-31
"""


def test_risks_load_with_the_default_matrix_and_are_located_in_risks_toml(tmp_path: Path) -> None:
    root = write(tmp_path, {"plan.toml": PLAN, "indicators.toml": INDICATORS, "risks.toml": RISKS})
    folder = load_folder(root)
    register = folder.framework.risks
    assert register.matrix.highest == 25
    assert register.risks[0].residual == RiskScore(likelihood=3, impact=3)
    found = {
        (folder.locate(f.path), f.code)
        for f in run_checks(folder.framework, folder.readings, dt.date(2025, 4, 1))
        if "risk" in f.code
    }
    assert found == {
        ("risks.toml: $.risks[0].residual", "risk-above-appetite"),
        ("risks.toml: $.risks[0].review_by", "risk-review-overdue"),
    }


def test_a_risk_gets_its_category_appetite_whatever_the_case_of_the_category(
    tmp_path: Path,
) -> None:
    lower = RISKS.replace('category = "Financial"\nserves', 'category = "financial"\nserves')
    assert lower != RISKS
    root = write(tmp_path, {"plan.toml": PLAN, "indicators.toml": INDICATORS, "risks.toml": lower})
    folder = load_folder(root)
    assert folder.framework.risks.appetite_for(folder.framework.risks.risks[0]) == 8
    found = {
        folder.locate(f.path)
        for f in run_checks(folder.framework, folder.readings, dt.date(2025, 1, 1))
        if f.code == "risk-above-appetite"
    }
    assert found == {"risks.toml: $.risks[0].residual"}


def test_a_folder_without_risks_toml_has_an_empty_register(tmp_path: Path) -> None:
    root = write(tmp_path, {"plan.toml": PLAN, "indicators.toml": INDICATORS})
    assert load_folder(root).framework.risks.risks == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[risks]]\nid = "R1"\ntitle = "T"\ninherent = { likelihood = 0, impact = 1 }\n'
            "residual = { likelihood = 1, impact = 1 }\n",
            "risks.toml: $.risks[0].inherent.likelihood: likelihood must be at least 1",
        ),
        (
            '[[risks]]\nid = "R1"\ntitle = "T"\ninherent = { likelihood = 1, impact = 1 }\n'
            'residual = { likelihood = 1, impact = "high" }\n',
            "risks.toml: $.risks[0].residual.impact",
        ),
        (
            '[[risks]]\nid = "R1"\ntitle = "T"\nresidual = { likelihood = 1, impact = 1 }\n',
            "risks.toml: $.risks[0].inherent",
        ),
        ('[[risks]]\nid = "R1"\ntitle = "T"\nscore = 9\n', "risks.toml: $.risks[0]"),
        (
            '[matrix]\nlevels = [{ name = "Low", lowest = 3 }]\n',
            "risks.toml: $.matrix.levels: levels must start at 1, not 3",
        ),
        ("[matrix]\nlevels = []\n", "risks.toml: $.matrix.levels: levels must name at least one"),
        (
            '[matrix]\nlevels = [{ name = "Low", lowest = 1 }, { name = "High", lowest = 1 }]\n',
            "risks.toml: $.matrix.levels: levels must rise: 'High' starts at 1",
        ),
        (
            '[matrix]\nlikelihoods = ["Rare"]\n',
            "risks.toml: $.matrix.likelihoods: likelihoods must have 2 to 10 steps, not 1",
        ),
        (
            '[matrix]\nimpacts = ["Minor", " "]\n',
            "risks.toml: $.matrix.impacts: impacts must not have an empty step",
        ),
        # a value where a table belongs is named as such, not in Python's words
        (
            '[[risks]]\nid = "R1"\ntitle = "T"\ninherent = 5\n'
            "residual = { likelihood = 1, impact = 1 }\n",
            "risks.toml: $.risks[0].inherent: expected a table, not 5",
        ),
        (
            '[[risks]]\nid = "R1"\ntitle = "T"\ninherent = { likelihood = 1, impact = 1 }\n'
            'residual = { likelihood = 1, impact = 1 }\ntarget = "low"\n',
            "risks.toml: $.risks[0].target: expected a table, not 'low'",
        ),
        ('risks = ["R1"]\n', "risks.toml: $.risks[0]: expected a table, not 'R1'"),
        ("matrix = 3\n", "risks.toml: $.matrix: expected a table, not 3"),
        ("[matrix]\nlevels = [[1]]\n", "risks.toml: $.matrix.levels[0]: expected a table, not [1]"),
        ("appetites = [12]\n", "risks.toml: $.appetites[0]: expected a table, not 12"),
        (
            '[matrix]\nlevels = [{ name = "Low", lowest = 1 }, { name = "Low", lowest = 9 }]\n',
            "risks.toml: $.matrix.levels: levels must have names of their own: 'Low' at 9",
        ),
    ],
)
def test_bad_risks_are_refused_naming_the_file_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    root = write(tmp_path, {"plan.toml": PLAN, "indicators.toml": INDICATORS, "risks.toml": text})
    with pytest.raises(InputError) as caught:
        load_folder(root)
    assert any(line.startswith(expected) for line in caught.value.problems), caught.value.problems
    assert all("object" not in line for line in caught.value.problems), caught.value.problems


def test_levels_and_appetites_no_score_can_reach_load_and_are_findings_in_risks_toml(
    tmp_path: Path,
) -> None:
    # Scores above likelihood max x impact max cannot be: most likely typing mistakes. Like a
    # score off the matrix they are findings, so a register kept before still loads.
    text = (
        '[matrix]\nlevels = [{ name = "Low", lowest = 1 }, { name = "High", lowest = 61 }]\n'
        '[[appetites]]\ncategory = "Financial"\nappetite = 12\n'
        '[[appetites]]\ncategory = "People"\nappetite = 52\n'
        '[[risks]]\nid = "R1"\ntitle = "T"\nserves = ["C1"]\n'
        "inherent = { likelihood = 1, impact = 1 }\n"
        "residual = { likelihood = 1, impact = 1 }\nappetite = 26\n"
    )
    root = write(tmp_path, {"plan.toml": PLAN, "indicators.toml": INDICATORS, "risks.toml": text})
    folder = load_folder(root)
    found = {
        (folder.locate(f.path), f.code)
        for f in run_checks(folder.framework, folder.readings, dt.date(2025, 1, 1))
        if f.code.endswith("-unreachable")
    }
    assert found == {
        ("risks.toml: $.matrix.levels[1].lowest", "risk-level-unreachable"),
        ("risks.toml: $.appetites[1].appetite", "risk-appetite-unreachable"),
        ("risks.toml: $.risks[0].appetite", "risk-appetite-unreachable"),
    }


def test_nottinghamshire_register_serves_its_plan_and_names_its_actions() -> None:
    folder = load_folder("examples/nottinghamshire")
    codes = {
        f.code
        for f in run_checks(folder.framework, folder.readings, dt.date(2015, 1, 20))
        if "risk" in f.code
    }
    assert len(folder.framework.risks.risks) == 3
    assert not codes & {"unknown-risk-link", "unknown-risk-action", "risk-score-off-matrix"}
    assert "risk-above-appetite" in codes


# -- a mitigating action named with its plan ------------------------------------------------------

SHARED_REF_PLANS = {
    "delivery-plans/economy.toml": 'id = "economy-2024-25"\ntitle = "Economy Plan 2024/25"\n'
    '[[actions]]\nref = "1.1"\ntitle = "Open the business hub"\nserves = ["C1"]\n',
    "delivery-plans/housing.toml": 'id = "housing-2024-25"\ntitle = "Housing Plan 2024/25"\n'
    '[[actions]]\nref = "1.1"\ntitle = "Buy twenty homes"\nserves = ["C1"]\n'
    '[[actions]]\nref = "1.2"\ntitle = "Count rough sleepers"\nserves = ["C1"]\n',
}


def _with_actions(tmp_path: Path, actions: str) -> Path:
    risks = (
        '[[risks]]\nid = "R1"\ntitle = "Grant funding ends"\nserves = ["C1"]\n'
        "inherent = { likelihood = 4, impact = 4 }\nresidual = { likelihood = 3, impact = 3 }\n"
        f"actions = {actions}\n"
    )
    files = {"plan.toml": PLAN, "indicators.toml": INDICATORS, "risks.toml": risks}
    return write(tmp_path, {**files, **SHARED_REF_PLANS})


def _unknown_actions(root: Path) -> list[tuple[str, str]]:
    folder = load_folder(root)
    return [
        (folder.locate(f.path), f.message)
        for f in run_checks(folder.framework, folder.readings, dt.date(2025, 1, 1))
        if f.code == "unknown-risk-action"
    ]


def test_a_risk_names_an_action_of_one_plan_by_the_plans_id_or_name(tmp_path: Path) -> None:
    root = _with_actions(
        tmp_path,
        '["1.2", { plan = "economy-2024-25", ref = "1.1" }, '
        '{ plan = "housing plan 2024/25", ref = "1.1" }]',
    )
    assert load_folder(root).framework.risks.risks[0].actions == (
        "1.2",
        ActionInPlan(plan="economy-2024-25", ref="1.1"),
        ActionInPlan(plan="housing plan 2024/25", ref="1.1"),
    )
    assert _unknown_actions(root) == []


def test_an_action_its_plan_does_not_set_is_unknown_though_another_plan_has_the_ref(
    tmp_path: Path,
) -> None:
    root = _with_actions(
        tmp_path, '[{ plan = "economy-2024-25", ref = "1.2" }, { plan = "parks", ref = "1.1" }]'
    )
    assert _unknown_actions(root) == [
        (
            "risks.toml: $.risks[0].actions[0]",
            "risk R1 names unknown action '1.2' of plan 'economy-2024-25'",
        ),
        ("risks.toml: $.risks[0].actions[1]", "risk R1 names unknown action '1.1' of plan 'parks'"),
    ]


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ('[{ plan = "economy-2024-25" }]', "risks.toml: $.risks[0].actions[0].ref: required"),
        ('[{ ref = "1.1" }]', "risks.toml: $.risks[0].actions[0].plan: required"),
        (
            '[{ plan = "economy-2024-25", ref = "1.1", due = 2025-03-31 }]',
            "risks.toml: $.risks[0].actions[0]: unknown field 'due'",
        ),
        (
            '[{ plan = "economy-2024-25", ref = " 1.1" }]',
            "risks.toml: $.risks[0].actions[0].ref: ref must not start or end with a space",
        ),
        ('[{ plan = "", ref = "1.1" }]', "risks.toml: $.risks[0].actions[0].plan"),
        (
            "[11]",
            'risks.toml: $.risks[0].actions[0]: expected an action ref such as "1.1", or a table '
            'such as {plan = "dp24", ref = "1.1"}, not 11',
        ),
        ('"1.1"', "risks.toml: $.risks[0].actions: expected a list, not '1.1'"),
    ],
)
def test_a_badly_named_action_is_refused_naming_the_file_and_field(
    tmp_path: Path, actions: str, expected: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_folder(_with_actions(tmp_path, actions))
    assert any(line.startswith(expected) for line in caught.value.problems), caught.value.problems


def test_actions_named_with_their_plan_are_written_back_as_tables(tmp_path: Path) -> None:
    root = _with_actions(tmp_path / "in", '["1.2", { plan = "economy-2024-25", ref = "1.1" }]')
    framework = load_folder(root).framework
    written = save_folder(framework, tmp_path / "out")
    text = (written / "risks.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["risks"][0]["actions"] == [
        "1.2",
        {"plan": "economy-2024-25", "ref": "1.1"},
    ]
    assert load_folder(written).framework == framework


PEER_CHALLENGE = {
    "peer-challenges/lga-cpc-2023.toml": 'title = "LGA Corporate Peer Challenge 2023"\n'
    'organisation = "Anytown Council"\n[[recommendations]]\nnumber = 1\n'
    'text = "Refresh the plan"\n[[recommendations.actions]]\nref = "1.1"\n'
    'title = "Draft the plan"\n',
}


def test_a_peer_challenge_action_named_by_its_challenge_is_checked_written_and_stored(
    tmp_path: Path,
) -> None:
    root = _with_actions(
        tmp_path / "in", '["1.1", { plan = "LGA Corporate Peer Challenge 2023", ref = "1.1" }]'
    )
    write(root, PEER_CHALLENGE)
    folder = load_folder(root)
    found = [
        (folder.locate(f.path), f.code)
        for f in run_checks(folder.framework, folder.readings, dt.date(2025, 1, 1))
        if "risk-action" in f.code
    ]
    # the challenge's 1.1 is known; the ref alone names both plans' 1.1, never the challenge's
    assert found == [("risks.toml: $.risks[0].actions[0]", "ambiguous-risk-action")]
    framework = folder.framework
    written = save_folder(framework, tmp_path / "out")
    assert load_folder(written).framework == framework
    for url in (f"json:///{tmp_path / 'json'}", f"sqlite:///{tmp_path / 'pmf.db'}"):
        store = open_store(url)
        store.save_framework(framework, 0, by="analyst")
        assert store.load_framework()[0].risks == framework.risks, url


def test_a_peer_challenge_action_named_by_the_challenges_id_outlives_a_new_title(
    tmp_path: Path,
) -> None:
    root = _with_actions(tmp_path / "in", '[{ plan = "cpc-2023", ref = "1.1" }]')
    [(name, text)] = PEER_CHALLENGE.items()
    write(root, {name: 'id = "cpc-2023"\n' + text})
    named = ActionInPlan(plan="cpc-2023", ref="1.1")
    at = "$.peer_challenges[0].recommendations[0].actions[0]"
    folder = load_folder(root)
    assert folder.framework.risks.risks[0].actions == (named,)
    assert [(p.plan, p.path) for p in folder.framework.actions_named(named)] == [
        ("LGA Corporate Peer Challenge 2023", at)
    ]
    assert _unknown_actions(root) == []
    # the title edited: the id still names the challenge
    write(root, {name: 'id = "cpc-2023"\n' + text.replace("2023", "2023 (revised)")})
    framework = load_folder(root).framework
    assert [p.path for p in framework.actions_named(named)] == [at]
    assert _unknown_actions(root) == []
    written = save_folder(framework, tmp_path / "out")
    assert load_folder(written).framework == framework
    for url in (f"json:///{tmp_path / 'json'}", f"sqlite:///{tmp_path / 'pmf.db'}"):
        store = open_store(url)
        store.save_framework(framework, 0, by="A Analyst")
        assert store.load_framework()[0] == framework, url


def _challenge_titled_like_a_plan(tmp_path: Path) -> tuple[Path, CouncilFolder]:
    """A folder whose peer challenge has the economy plan's title, and a risk naming action
    1.1 of the plan by that title."""
    root = _with_actions(tmp_path, '[{ plan = "Economy Plan 2024/25", ref = "1.1" }]')
    [(name, text)] = PEER_CHALLENGE.items()
    write(root, {name: text.replace("LGA Corporate Peer Challenge 2023", "Economy Plan 2024/25")})
    return root, load_folder(root)


def test_a_plan_name_a_plan_and_a_peer_challenge_share_is_a_warning_in_risks_toml(
    tmp_path: Path,
) -> None:
    _, folder = _challenge_titled_like_a_plan(tmp_path)
    found = [
        (folder.locate(f.path), f.severity.value, f.code, f.message)
        for f in run_checks(folder.framework, folder.readings, dt.date(2025, 1, 1))
        if "risk-action" in f.code
    ]
    assert found == [
        (
            "risks.toml: $.risks[0].actions[0]",
            "warning",
            "ambiguous-risk-action",
            "risk R1 names action '1.1' of plan 'Economy Plan 2024/25', which stands for no "
            "action until its plan is named by a name that is one plan's alone: 'Economy Plan "
            "2024/25' names 2 plans: the delivery plan 'Economy Plan 2024/25' at "
            "$.delivery_plans[0] (name it 'economy-2024-25') and the peer challenge 'Economy "
            "Plan 2024/25' at $.peer_challenges[0] (nothing names it alone: give it an id that "
            "is no other plan's id or name)",
        )
    ]


def test_the_plans_a_risk_warning_lists_are_named_by_their_files_in_a_folder(
    tmp_path: Path,
) -> None:
    root, folder = _challenge_titled_like_a_plan(tmp_path)
    [warning] = [
        folder.located(f)
        for f in run_checks(folder.framework, folder.readings, dt.date(2025, 1, 1))
        if f.code == "ambiguous-risk-action"
    ]
    listed = (
        "'Economy Plan 2024/25' names 2 plans: the delivery plan 'Economy Plan 2024/25' at "
        "delivery-plans/economy.toml (name it 'economy-2024-25') and the peer challenge "
        "'Economy Plan 2024/25' at peer-challenges/lga-cpc-2023.toml (nothing names it alone: "
        "give it an id that is no other plan's id or name)"
    )
    assert warning.path == "risks.toml: $.risks[0].actions[0]"
    assert warning.message.endswith(listed)
    # validate says the same
    result = run("validate", str(root))
    assert listed in " ".join(result.output.split())


def test_the_risks_report_of_a_folder_names_the_files_of_what_is_wrong(tmp_path: Path) -> None:
    root, folder = _challenge_titled_like_a_plan(tmp_path)
    [warning] = [
        folder.located(f)
        for f in run_checks(folder.framework, folder.readings, dt.date(2025, 1, 1))
        if f.code == "ambiguous-risk-action"
    ]
    result = run(
        "report",
        str(root),
        "--period",
        "2024/25",
        "--kind",
        "risks",
        "--as-of",
        "2025-01-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    [findings] = [
        block
        for section in json.loads(result.stdout)["sections"]
        if section["heading"] == "Findings"
        for block in section["blocks"]
    ]
    # the report says what validate says, where it says it: the plans by their files
    assert [(row["cells"]["finding"], row["cells"]["where"]) for row in findings["rows"]] == [
        (warning.message, "risks.toml: $.risks[0].actions[0]")
    ]
    assert "delivery-plans/economy.toml (name it 'economy-2024-25')" in warning.message
    assert "$.delivery_plans" not in result.stdout
