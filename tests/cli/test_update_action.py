"""``councilpmf update-action``, as an officer runs it on the Mansfield example: the update is
a new framework revision that ``report --kind actions`` and ``history --plan`` show, and every
error is refused before anything stored changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from click.testing import Result

from cli_run import run_wide as run
from councilpmf import cli, open_store
from councilpmf.core.actions import ActionUpdate
from councilpmf.core.framework import Framework
from councilpmf.store import Store

ROOT = Path(__file__).resolve().parents[2]
MANSFIELD = ROOT / "examples" / "mansfield"
URL = "sqlite:///m.db"
REF = "COM-01"
TITLE = "Adopt a community engagement strategy"


def update(*args: str) -> Result:
    return run("update-action", *args[:1], "--store", URL, "--by", "Ann Officer", *args[1:])


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite store holding Mansfield as framework revision 1."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNCILPMF_STORE", raising=False)
    assert run("load", str(MANSFIELD), "--store", URL, "--by", "Performance team").exit_code == 0
    return URL


def saved(url: str) -> tuple[Framework, int]:
    with open_store(url, create=False) as opened:
        return opened.load_framework()


def updates_of(url: str, ref: str) -> tuple[ActionUpdate, ...]:
    framework, _ = saved(url)
    [action] = [p.action for p in framework.planned_actions() if p.action.ref == ref]
    return action.updates


def action_row(url: str, ref: str, as_of: str) -> dict[str, object]:
    """The cells of the action ``ref`` in the table of every action of the JSON actions
    report as of ``as_of``."""
    result = run(
        "report", url, "--period", "2024/25 Q3", "--kind", "actions", "--as-of", as_of,
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    def rows(found: object) -> list[dict[str, object]]:
        if isinstance(found, list):
            return [row for item in found for row in rows(item)]
        if not isinstance(found, dict):
            return []
        cells = found.get("cells")
        mine = found.get("header") == ref and isinstance(cells, dict) and "complete" in cells
        own = [cells] if mine else []
        return own + [row for item in found.values() for row in rows(item)]

    [row] = rows(json.loads(result.stdout))
    return row


def test_an_update_is_a_new_revision_seen_in_the_actions_report_and_the_history(
    store: str,
) -> None:
    before = action_row(store, REF, "2025-01-20")
    assert before["complete"] == {"text": "75%", "value": 75.0}
    result = update(
        REF, "--on", "2025-01-10", "--text", "Panel at 200 members", "--status", "on  TARGET",
        "--percent", "40",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert line.startswith(f'Recorded an update of action {REF} "{TITLE}')
    assert line.endswith("as framework revision 2: On target, 40% complete")
    [recorded] = updates_of(store, REF)
    assert recorded == ActionUpdate(
        on=dt.date(2025, 1, 10),
        text="Panel at 200 members",
        by="Ann Officer",
        status="On target",  # the council's own spelling of the word
        percent_complete=40,
    )
    after = action_row(store, REF, "2025-01-20")
    assert after["complete"] == {"text": "40%", "value": 40.0}
    assert after["progress"] == "Off track"
    # the update is not in force before its day
    assert action_row(store, REF, "2025-01-09")["complete"] == before["complete"]
    plan = run("history", store, "--plan")
    assert plan.exit_code == 0, plan.output
    last = plan.stdout.splitlines()[-1].split()
    assert last[0] == "2"
    assert " ".join(last[2:]) == f"Ann Officer an update to action {REF}"


@pytest.mark.parametrize(
    ("given", "why"),
    [
        (("--reason", "Quarter 3 review"), "Quarter 3 review"),
        (("--reason", " \u00a0"), f"an update to action {REF}"),  # says nothing: the usual words
        ((), f"an update to action {REF}"),
    ],
)
def test_the_reason_is_kept_with_the_revision_and_shown_by_history(
    store: str, given: tuple[str, ...], why: str
) -> None:
    result = update(REF, "--on", "2025-01-10", "--text", "Panel at 200 members", *given)
    assert result.exit_code == 0, result.output
    with open_store(store, create=False) as opened:
        last = opened.plan_revisions()[-1]
    assert (last.revision, last.by, last.reason) == (2, "Ann Officer", why)
    plan = run("history", store, "--plan")
    assert plan.exit_code == 0, plan.output
    shown = plan.stdout.splitlines()[-1].split()
    assert (shown[0], " ".join(shown[2:])) == ("2", f"Ann Officer {why}")


def test_a_revised_due_date_is_in_force_from_the_update_on(store: str) -> None:
    result = update(REF, "--on", "2025-02-01", "--text", "Contractor delay", "--due", "2025-06-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(": due date revised to 30 Jun 2025")
    due = action_row(store, REF, "2025-02-01")["due"]
    assert due == {"date": "2025-06-30", "text": "30 Jun 2025 (revised from 31 Mar 2025)"}
    assert action_row(store, REF, "2025-01-31")["due"] == {
        "date": "2025-03-31",
        "text": "31 Mar 2025",
    }


def test_the_day_is_today_unless_given_and_a_note_alone_is_an_update(store: str) -> None:
    result = update(REF, "--text", "Site visit held")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(": a note only: 'Site visit held'")
    [recorded] = updates_of(store, REF)
    assert recorded.on == dt.date.today()
    assert (recorded.status, recorded.percent_complete, recorded.due) == (None, None, None)


def test_a_peer_challenge_action_is_updated_too(store: str) -> None:
    result = update("1.3", "--on", "2025-01-10", "--text", "Plan drafted", "--percent", "62.5")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Recorded an update of action 1.3 'Develop a theme action plan")
    assert result.stdout.rstrip().endswith(": 62.5% complete")


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("NOPE", "--text", "x"), 2, "Invalid value for 'REF': no action has the ref 'NOPE'"),
        ((REF, "--text", "x", "--status", "Parked"), 2, "'Parked' is not one of the council's"),
        ((REF, "--text", "x", "--percent", "100.5"), 2, "'100.5' is not a percent from 0 to 100"),
        ((REF, "--text", "x", "--percent", "-1"), 2, "'-1' is not a percent from 0 to 100"),
        ((REF, "--text", "x", "--percent", "nan"), 2, "'nan' is not a percent from 0 to 100"),
        ((REF, "--text", "x", "--percent", "half"), 2, "'half' is not a number"),
        ((REF, "--text", "x", "--on", "2025-02-30"), 2, "'2025-02-30' is not a date"),
        ((REF, "--text", "x", "--due", "30/06/2025"), 2, "'30/06/2025' is not a date"),
        ((REF, "--text", " \u200b"), 2, "Invalid value for '--text': must not be empty"),
        (
            (REF, "--text", "a\x07b"),
            2,
            "Invalid value for '--text': must not hold control characters: character 2 is U+0007",
        ),
        (
            (REF, "--text", "x", "--reason", "a\x1b[2Jb"),
            2,
            "Invalid value for '--reason': must not hold control characters: character 2 is U+001B",
        ),
        (
            (REF, "--text", "Done by exe.\u202etxt"),
            2,
            "Invalid value for '--text': must not hold control characters: character 13 is U+202E "
            "(RIGHT-TO-LEFT OVERRIDE); write plain text",
        ),
        (
            (REF, "--text", "x", "--due", "2024-03-31"),
            1,
            "error: action 'COM-01' at $.delivery_plans[0].actions[0].updates[0].due: "
            "2024-03-31 is before start 2024-04-01; nothing was recorded",
        ),
    ],
)
def test_an_error_changes_nothing(store: str, args: tuple[str, ...], code: int, said: str) -> None:
    before = saved(store)
    result = update(*args)
    assert result.exit_code == code, result.output
    assert said in result.stderr
    assert result.stdout == ""
    if code == 1:
        assert result.stderr.count("\n") == 1  # one line
    assert saved(store) == before


def test_an_unknown_status_word_lists_the_council_words(store: str) -> None:
    result = update(REF, "--text", "x", "--status", "Parked")
    assert result.exit_code == 2
    [line] = [line for line in result.stderr.splitlines() if "Parked" in line]
    words = line.split("status words: ", 1)[1].split(" (add a word", 1)[0].split(", ")
    assert {"On target", "Complete", "Commenced and will be ongoing", "Cancelled"} <= set(words)
    assert len(words) == len({w.casefold() for w in words})  # each word once


def test_a_ref_two_plans_share_is_refused_unless_the_plan_is_named(store: str) -> None:
    framework, revision = saved(store)
    copy = attrs.evolve(framework.delivery_plans[0], id="copy", title="A copy of the plan")
    with open_store(store, create=False) as opened:
        opened.save_framework(
            attrs.evolve(framework, delivery_plans=(*framework.delivery_plans, copy)),
            revision,
            by="analyst",
        )
    before = saved(store)
    first = framework.delivery_plans[0].title
    result = update(REF, "--text", "x")
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: the ref '{REF}' names 2 actions, at $.delivery_plans[0]")
    assert line.endswith(f"name the plan of the one to update ('A copy of the plan' or '{first}')")
    unknown = update(REF, "--text", "x", "--plan", "Nowhere")
    assert unknown.exit_code == 2, unknown.output
    assert "Invalid value for '--plan': no plan is called 'Nowhere'" in unknown.stderr
    assert saved(store) == before
    result = update(REF, "--text", "Panel recruited", "--plan", "a COPY of the plan")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f'Recorded an update of action {REF} "{TITLE}')
    assert "as framework revision 3" in result.stdout
    after, _ = saved(store)
    assert after.delivery_plans[0] == before[0].delivery_plans[0]
    [action] = [a for a in after.delivery_plans[-1].actions if a.ref == REF]
    assert [u.text for u in action.updates][-1] == "Panel recruited"


def test_plan_names_a_peer_challenge_by_its_id(store: str) -> None:
    # Mansfield's delivery plan numbers an action 1.3 too: the challenge's id names its own
    framework, revision = saved(store)
    plan = framework.delivery_plans[0]
    shared = attrs.evolve(plan, actions=(*plan.actions, attrs.evolve(plan.actions[0], ref="1.3")))
    with open_store(store, create=False) as opened:
        opened.save_framework(
            attrs.evolve(framework, delivery_plans=(shared, *framework.delivery_plans[1:])),
            revision,
            by="analyst",
        )
    before = saved(store)
    refused = update("1.3", "--text", "x")
    assert refused.exit_code == 1, refused.output
    assert "'LGA Corporate Peer Challenge 2023'" in refused.stderr
    for named, day in (("lga-cpc-2023", "2025-01-10"), ("LGA-CPC-2023", "2025-01-11")):
        result = update("1.3", "--on", day, "--text", "Plan drafted", "--plan", named)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Recorded an update of action 1.3 'Develop a theme")
    after, _ = saved(store)
    (challenge,) = after.peer_challenges
    [action] = [a for a in challenge.actions() if a.ref == "1.3"]
    assert [str(u.on) for u in action.updates] == ["2025-01-10", "2025-01-11"]
    assert after.delivery_plans == before[0].delivery_plans


def test_a_plan_name_two_plans_answer_to_is_a_usage_error_saying_how_to_name_each(
    store: str,
) -> None:
    # The challenge retitled as the communities plan is titled: --plan with that title names
    # neither, where it updated whichever plan came first
    framework, revision = saved(store)
    title = framework.delivery_plans[0].title
    (challenge,) = framework.peer_challenges
    retitled = attrs.evolve(framework, peer_challenges=(attrs.evolve(challenge, title=title),))
    with open_store(store, create=False) as opened:
        opened.save_framework(retitled, revision, by="analyst")
    before = saved(store)
    result = update(REF, "--text", "x", "--plan", title.upper())
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    said = " ".join(result.stderr.split())
    assert (
        f"Invalid value for '--plan': {title.upper()!r} names 2 plans: the delivery plan "
        f"{title!r} at $.delivery_plans[0] (name it 'communities-2024-25') and the peer "
        f"challenge {title!r} at $.peer_challenges[0] (name it 'lga-cpc-2023')"
    ) in said
    assert saved(store) == before
    result = update(REF, "--text", "Panel recruited", "--plan", "communities-2024-25")
    assert result.exit_code == 0, result.output
    after, _ = saved(store)
    [action] = [a for a in after.delivery_plans[0].actions if a.ref == REF]
    assert [u.text for u in action.updates][-1] == "Panel recruited"
    assert after.peer_challenges == before[0].peer_challenges


def test_no_store_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = update(REF, "--text", "x")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: there is no store at sqlite:///m.db; check the URL (nothing was created there)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_update_is_refused_when_someone_saved_since_it_read(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework, revision = saved(store)
    real_open = cli.open_store

    def racing(url: str, **options: bool) -> Store:
        opened = real_open(url, **options)
        read = opened.load_framework

        def read_then_someone_saves() -> tuple[Framework, int]:
            seen = read()
            with real_open(url, create=False) as other:
                other.save_framework(framework, revision, by="Bob", reason="edited")
            return seen

        monkeypatch.setattr(opened, "load_framework", read_then_someone_saves)
        return opened

    monkeypatch.setattr(cli, "open_store", racing)
    result = update(REF, "--text", "x", "--percent", "10")
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert line == (
        "error: the framework was saved by someone else since you read it (now revision 2, "
        "you had 1): reload it and try again"
    )
    assert saved(store) == (framework, revision + 1)
    assert updates_of(store, REF) == ()
