"""The councilpmf-owners plugin (plugins/councilpmf-owners), as a council would write one.

Most of these tests run councilpmf in a fresh process, so that the plugin is found the way a
user's installation finds it: through its entry point in the ``councilpmf`` group, with no
allow-list set. The plugin must be installed: ``pip install -e plugins/councilpmf-owners``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import councilpmf as pmf
from councilpmf.core.actions import Action
from councilpmf.core.plan import DeliveryPlan, ServicePlan, StrategicPlan
from councilpmf.core.rag import Status
from councilpmf.core.report import (
    Column,
    NumberCell,
    Report,
    Row,
    Section,
    StatusCell,
    Table,
    build_report,
)

REPO = Path(__file__).resolve().parents[2]
MANSFIELD = REPO / "examples" / "mansfield"
Q3 = "2024/25 Q3"
AS_OF = dt.date(2025, 1, 20)
OWNERS_HOOKS = ["councilpmf_checks", "councilpmf_report_formats"]

try:
    import councilpmf_owners
    from councilpmf_owners import missing_owners, render_owners

    INSTALLED = metadata.distribution("councilpmf-owners").version
except (ImportError, metadata.PackageNotFoundError):  # pragma: no cover - set-up problem
    INSTALLED = None


@pytest.fixture(autouse=True, scope="module")
def installed() -> None:
    if INSTALLED is None:
        pytest.fail(
            "the councilpmf-owners plugin is not installed; run "
            "pip install -e plugins/councilpmf-owners",
            pytrace=False,
        )


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python *args`` in a fresh process from the top of the checkout, with neither
    COUNCILPMF_LOAD_PLUGINS nor COUNCILPMF_DISABLE_PLUGINS set unless given in ``env``."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COUNCILPMF_LOAD_PLUGINS", "COUNCILPMF_DISABLE_PLUGINS")
    }
    environment.update(env, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run("-m", "councilpmf", *args, **env)


def listed(**env: str) -> dict[str, dict[str, Any]]:
    result = cli("plugins", "--json", **env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return {plugin["name"]: plugin for plugin in json.loads(result.stdout)}


# -- found through its entry point, in a fresh process ----------------------------------------

_PROBE = """
import json, warnings
warnings.simplefilter("error")
from councilpmf import plugins
print(json.dumps({
    "plugins": {i.name: [i.version, list(i.hooks), i.builtin] for i in plugins.plugin_list()},
    "checks": [c.name for c in plugins.check_types()],
    "formats": sorted(plugins.report_formats()),
}))
"""


def probe(**env: str) -> dict[str, Any]:
    result = run("-c", _PROBE, **env)
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_the_plugin_manager_finds_the_entry_point() -> None:
    found = probe()
    assert found["plugins"]["owners"] == ["0.1.0", OWNERS_HOOKS, False]
    assert "owners" in found["checks"]
    assert "owners" in found["formats"]


def test_the_plugins_command_lists_it_with_version_and_hooks() -> None:
    plugin = listed()["owners"]
    assert plugin["version"] == INSTALLED == "0.1.0"
    assert plugin["hooks"] == OWNERS_HOOKS
    assert plugin["builtin"] is False


@pytest.mark.parametrize(
    "env",
    [
        {"COUNCILPMF_LOAD_PLUGINS": ""},
        {"COUNCILPMF_LOAD_PLUGINS": "somebody-else"},
        {"COUNCILPMF_DISABLE_PLUGINS": "owners"},
        {"COUNCILPMF_DISABLE_PLUGINS": "councilpmf-owners"},
    ],
    ids=["load-none", "load-others", "disable-entry-point", "disable-distribution"],
)
def test_it_is_not_loaded_when_not_allowed(env: dict[str, str]) -> None:
    plugins = listed(**env)
    assert "owners" not in plugins
    assert any(p["builtin"] for p in plugins.values())
    found = probe(**env)
    assert "owners" not in found["plugins"]
    assert "owners" not in found["checks"] and "owners" not in found["formats"]


@pytest.mark.parametrize("name", ["owners", "councilpmf-owners"])
def test_it_is_loaded_when_allowed_by_name(name: str) -> None:
    assert listed(COUNCILPMF_LOAD_PLUGINS=name)["owners"]["hooks"] == OWNERS_HOOKS


# -- the check ---------------------------------------------------------------------------------


def _drop_owner(text: str, index: int) -> str:
    """``indicators.toml`` without the owner line of the indicator at ``index``."""
    blocks = re.split(r"(?m)^(?=\[\[indicators\]\])", text)
    head, indicators = blocks[0], blocks[1:]
    indicators[index], n = re.subn(r'(?m)^owner = ".*"\n', "", indicators[index])
    assert n == 1
    return head + "".join(indicators)


def _drop_owners(text: str, index: int) -> str:
    """A delivery plan without the owners line of its action at ``index``."""
    blocks = re.split(r"(?m)^(?=\[\[actions\]\])", text)
    blocks[index + 1], n = re.subn(r"(?m)^owners = \[.*\]\n", "", blocks[index + 1])
    assert n == 1
    return "".join(blocks)


@pytest.fixture
def unowned(tmp_path: Path) -> Path:
    """A copy of examples/mansfield where indicator 3 (CSV01) and the second action of the
    district delivery plan have no owner."""
    folder = tmp_path / "mansfield"
    shutil.copytree(MANSFIELD, folder)
    indicators = folder / "indicators.toml"
    indicators.write_text(_drop_owner(indicators.read_text("utf-8"), 3), "utf-8")
    plan = folder / "delivery-plans" / "district-2024-25.toml"
    plan.write_text(_drop_owners(plan.read_text("utf-8"), 1), "utf-8")
    data = tomllib.loads(indicators.read_text("utf-8"))["indicators"]
    assert [i["id"] for i in data if "owner" not in i] == ["CSV01"]
    actions = tomllib.loads(plan.read_text("utf-8"))["actions"]
    assert [a["ref"] for a in actions if "owners" not in a] == ["DIS-02"]
    return folder


def test_validate_prints_no_owner_with_the_file_and_path(unowned: Path) -> None:
    result = cli("validate", str(unowned), "--as-of", AS_OF.isoformat())
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1), result.stderr
    lines = [line for line in result.stdout.splitlines() if " no-owner " in line]
    assert lines == [
        "warning no-owner delivery-plans/district-2024-25.toml: $.actions[1].owners: Action "
        "DIS-02 'Adopt a parks and open spaces strategy with a management plan for each of "
        "the district's five main parks by 31 March 2025.' in delivery plan 'Our district "
        "delivery plan 2024/25' has no owner; name the officer responsible for delivering it.",
        "warning no-owner indicators.toml: $.indicators[3].owner: Indicator CSV01 'Stage 1 "
        "complaints responded to within 10 working days' has no owner; name the officer "
        "accountable for it.",
    ]


def test_validate_of_the_example_finds_every_owner() -> None:
    result = cli("validate", str(MANSFIELD), "--as-of", AS_OF.isoformat())
    assert "Traceback" not in result.stderr
    assert "no-owner" not in result.stdout


def test_without_the_plugin_validate_does_not_check_owners(unowned: Path) -> None:
    result = cli(
        "validate", str(unowned), "--as-of", AS_OF.isoformat(), COUNCILPMF_DISABLE_PLUGINS="owners"
    )
    assert "Traceback" not in result.stderr
    assert "no-owner" not in result.stdout


def _framework(**changes: Any) -> pmf.Framework:
    action = Action(ref="A1", title="Open the new depot", owners=("Head of Waste",))
    return pmf.Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown Council"),
        indicators=(
            pmf.Indicator(id="K1", title="Bins collected", owner="Head of Waste"),
            pmf.Indicator(id="K2", title="Streets cleaned"),
            pmf.Indicator(id="K3", title="Parks open", owner="  "),
        ),
        delivery_plans=(
            DeliveryPlan(id="d", title="Place plan", actions=(action,)),
            DeliveryPlan(
                id="e",
                title="People plan",
                actions=(action, Action(ref="B2", title="Hire wardens", owners=(" ",))),
            ),
        ),
        service_plans=(
            ServicePlan(id="s", service="Waste", actions=(Action(ref="C1", title="Buy vans"),)),
        ),
        **changes,
    )


def test_the_check_names_every_missing_owner_by_path() -> None:
    findings = list(missing_owners(_framework(), pmf.Readings.of(()), AS_OF))
    assert [(f.severity, f.code, f.path) for f in findings] == [
        (pmf.Severity.WARNING, "no-owner", "$.indicators[1].owner"),
        (pmf.Severity.WARNING, "no-owner", "$.indicators[2].owner"),
        (pmf.Severity.WARNING, "no-owner", "$.delivery_plans[1].actions[1].owners"),
        (pmf.Severity.WARNING, "no-owner", "$.service_plans[0].actions[0].owners"),
    ]
    assert findings[0].message == (
        "Indicator K2 'Streets cleaned' has no owner; name the officer accountable for it."
    )
    assert findings[3].message == (
        "Action C1 'Buy vans' in service plan 'Waste' has no owner; name the officer "
        "responsible for delivering it."
    )


def test_the_check_runs_with_the_built_in_checks() -> None:
    from councilpmf.core.checks import run_checks

    found = run_checks(_framework(), [], AS_OF, extra=[missing_owners])
    assert sum(f.code == "no-owner" for f in found) == 4


def test_the_hooks_return_typed_records() -> None:
    (check,) = councilpmf_owners.councilpmf_checks()
    assert check.name == "owners" and check.run is missing_owners
    (fmt,) = councilpmf_owners.councilpmf_report_formats()
    assert (fmt.name, fmt.suffix, fmt.media_type) == ("owners", ".txt", "text/plain")
    assert fmt.render is render_owners


# -- the report format -------------------------------------------------------------------------


def _blocks(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """The heading lines and, per owner, the item lines of the owners format."""
    head, *groups = text.rstrip("\n").split("\n\n")
    owners = {}
    for group in groups:
        first, *items = group.split("\n")
        owner, _, count = first.rpartition(" (")
        assert count == f"{len(items)})"
        owners[owner] = items
    return head.split("\n"), owners


def test_report_format_owners_lists_the_owners_of_reds_and_ambers() -> None:
    result = cli(
        "report",
        "examples/mansfield",
        "--period",
        Q3,
        "--as-of",
        AS_OF.isoformat(),
        "--format",
        "owners",
        "--committee",
        "cabinet",
    )
    assert result.returncode == 0, result.stderr
    head, owners = _blocks(result.stdout)
    assert head[0] == "Cabinet: performance report, 2024/25 Q3"
    assert head[1] == "Who owns what is red or amber, as of 20 Jan 2025"

    # What the scorecard says, worked out here independently of the format.
    council = pmf.load_folder(MANSFIELD)
    framework = council.framework
    cabinet = tuple(i for s in framework.sets_of("cabinet") for i in s.indicators)
    card = pmf.assess(framework, council.readings, pmf.parse_period(Q3), AS_OF, indicators=cabinet)
    expected: dict[str, set[str]] = {}
    for line in card.indicators:
        if line.rating.status.missed:
            expected.setdefault(line.owner, set()).add(line.indicator)
    assert expected, "the example should have reds and ambers in 2024/25 Q3"
    assert list(owners) == sorted(expected, key=str.casefold)
    for owner, items in owners.items():
        assert {item.split()[2] for item in items} == expected[owner], owner
        ranks = [0 if "✖ Red" in item else 1 for item in items]
        assert ranks == sorted(ranks), "reds before ambers"
    reds = sum(line.rating.status is Status.RED for line in card.indicators)
    ambers = sum(line.rating.status is Status.AMBER for line in card.indicators)
    assert head[2] == f"{reds} red, {ambers} amber; {len(expected)} owners"
    benefits = (
        "  ✖ Red    BEN01  Average days to process new housing benefit claims: 24.8 days "
        "against a target of 20.0 days"
    )
    assert benefits in owners["Revenues and Benefits Manager"]


def test_report_without_the_plugin_has_no_owners_format() -> None:
    result = cli(
        "report",
        "examples/mansfield",
        "--period",
        Q3,
        "--as-of",
        AS_OF.isoformat(),
        "--format",
        "owners",
        COUNCILPMF_LOAD_PLUGINS="",
    )
    assert result.returncode == 2
    assert "'owners' is not a report format" in result.stderr
    assert "Traceback" not in result.stderr


def _status(status: Status) -> StatusCell:
    return StatusCell(status=status, word=status.word, symbol=status.symbol)


def _report(*rows: Row, extra: tuple[Section, ...] = ()) -> Report:
    indicators = Table(
        caption="Indicators",
        columns=(
            Column(key="indicator", title="Indicator"),
            Column(key="ref", title="Ref"),
            Column(key="value", title="Value", kind="number"),
            Column(key="target", title="Target", kind="number"),
            Column(key="rating", title="Rating", kind="status"),
            Column(key="owner", title="Owner"),
        ),
        rows=rows,
    )
    return Report(
        kind="performance",
        title="Anytown Council: performance report, 2024/25 Q3",
        council="Anytown Council",
        committee=None,
        period="2024/25 Q3",
        as_of=AS_OF,
        sections=(Section(heading="Indicators", blocks=(indicators,)), *extra),
    )


def _row(ref: str, title: str, status: Status, owner: str, value: str = "") -> Row:
    return Row(
        header=title,
        cells=(
            ref,
            NumberCell(value=None, text=value),
            NumberCell(value=None, text="90%" if value else ""),
            _status(status),
            owner,
        ),
    )


ROWS = (
    _row("K1", "Bins collected", Status.AMBER, "head of waste", "88%"),
    _row("K2", "Streets cleaned", Status.RED, "Head of Streets", "70%"),
    _row("K3", "Parks open", Status.GREEN, "Head of Parks", "95%"),
    _row("K4", "Fly-tips cleared", Status.RED, "head of waste"),
    _row("K5", "Graffiti removed", Status.AMBER, ""),
    _row("K6", "Potholes filled", Status.NO_DATA, "Head of Streets"),
    _row("K0", "Bins repaired", Status.RED, "Head of Waste", "12%"),
)


def test_render_owners_groups_sorts_and_leaves_out_the_rest() -> None:
    actions = Table(
        caption="Actions",
        columns=(
            Column(key="ref", title="Ref"),
            Column(key="state", title="State", kind="status"),
            Column(key="owners", title="Owner"),
        ),
        rows=(
            Row(header="A1", cells=(_status(Status.RED), "Head of Streets; head of waste")),
            Row(header="A2", cells=(_status(Status.BLUE), "Head of Parks")),
        ),
    )
    report = _report(*ROWS, extra=(Section(heading="Actions", blocks=(actions,)),))
    assert render_owners(report) == (
        "Anytown Council: performance report, 2024/25 Q3\n"
        "Who owns what is red or amber, as of 20 Jan 2025\n"
        "4 red, 2 amber; 4 owners\n"
        "\n"
        "Head of Streets (2)\n"
        "  ✖ Red    A1\n"
        "  ✖ Red    K2  Streets cleaned: 70% against a target of 90%\n"
        "\n"
        "Head of Waste (1)\n"
        "  ✖ Red    K0  Bins repaired: 12% against a target of 90%\n"
        "\n"
        "head of waste (3)\n"
        "  ✖ Red    A1\n"
        "  ✖ Red    K4  Fly-tips cleared\n"
        "  ▲ Amber  K1  Bins collected: 88% against a target of 90%\n"
        "\n"
        "No owner named (1)\n"
        "  ▲ Amber  K5  Graffiti removed\n"
    )


def test_render_owners_is_deterministic() -> None:
    once = render_owners(_report(*ROWS))
    assert render_owners(_report(*reversed(ROWS))) == once
    assert render_owners(_report(*ROWS, *ROWS)) == once


def test_render_owners_says_when_nothing_is_red_or_amber() -> None:
    text = render_owners(_report(ROWS[2], ROWS[5]))
    assert text.endswith("\n\nNothing in this report is red or amber.\n")


def test_render_owners_of_every_kind_of_report() -> None:
    council = pmf.load_folder(MANSFIELD)
    for kind in ("performance", "exceptions", "actions", "peer-challenge", "strategy-review"):
        report = build_report(
            kind, council.framework, council.readings, pmf.parse_period(Q3), AS_OF, "cabinet"
        )
        text = render_owners(report)
        assert text.startswith(report.title + "\n")
    performance = build_report(
        "performance", council.framework, council.readings, pmf.parse_period(Q3), AS_OF, "cabinet"
    )
    exceptions = build_report(
        "exceptions", council.framework, council.readings, pmf.parse_period(Q3), AS_OF, "cabinet"
    )
    # The same reds and ambers, whichever report they are read from.
    assert render_owners(performance).split("\n")[2:] == render_owners(exceptions).split("\n")[2:]


def test_render_owners_keeps_control_characters_out_of_the_terminal() -> None:
    row = _row("K\x1b[2J9", "Bins\ncollected\tweekly", Status.RED, "Head\x1b[31m of Waste\x07")
    text = render_owners(_report(row))
    assert "\x1b" not in text and "\x07" not in text
    assert "Head\ufffd[31m of Waste\ufffd (1)\n" in text
    assert "  ✖ Red  K\ufffd[2J9  Bins collected weekly\n" in text
