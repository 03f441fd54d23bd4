"""Tests for councilpmf.core.peer_challenge: LGA milestones and the council's action plan."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf._strategies import peer_challenges
from councilpmf.core.actions import Action, Meaning, assess_action
from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.peer_challenge import (
    MilestoneState,
    PeerChallenge,
    Recommendation,
    milestones,
)
from councilpmf.core.periods import parse_period
from councilpmf.core.plan import DeliveryPlan, ServicePlan, StrategicPlan
from councilpmf.core.report import Table, build_report, cell_text
from councilpmf.core.risks import ActionInPlan
from councilpmf.folder import load_folder
from councilpmf.folder_writer import save_folder

VISIT = dt.date(2023, 10, 1)
PLAN_EXPECTED = dt.date(2024, 1, 1)  # visit + 3 months
PLAN_LATEST = dt.date(2024, 3, 1)  # visit + 5 months
REVIEW_EXPECTED = dt.date(2024, 8, 1)  # + 10 months
REVIEW_LATEST = dt.date(2024, 10, 1)  # + 12 months
DAY = dt.timedelta(days=1)

CPC = PeerChallenge(
    title="LGA Corporate Peer Challenge 2023",
    organisation="Mansfield District Council",
    visited=VISIT,
)


def states(challenge: PeerChallenge, as_of: dt.date) -> dict[str, MilestoneState]:
    return {m.name: m.state for m in milestones(challenge, as_of)}


def plan_state(published: dt.date | None, as_of: dt.date) -> MilestoneState:
    challenge = attrs.evolve(CPC, action_plan_published=published)
    return states(challenge, as_of)["Action plan published"]


# -- milestones from the visit date ------------------------------------------------------------


def test_milestones_follow_from_the_visit_date() -> None:
    found = milestones(CPC, as_of=dt.date(2023, 11, 1))
    assert [(m.name, m.expected, m.latest) for m in found] == [
        ("Action plan published", PLAN_EXPECTED, PLAN_LATEST),
        ("Progress review held", REVIEW_EXPECTED, REVIEW_LATEST),
        ("Progress review report published", REVIEW_LATEST, REVIEW_LATEST),
    ]
    assert all(m.state is MilestoneState.DUE and m.done is None for m in found)


def test_milestone_explanations() -> None:
    published = attrs.evolve(CPC, action_plan_published=dt.date(2023, 12, 14))
    plan, review, report = milestones(published, as_of=dt.date(2024, 2, 1))
    assert plan.explanation == (
        "Action plan published: expected by 1 Jan 2024, at the latest 1 Mar 2024; done 14 Dec 2023"
    )
    assert review.explanation == (
        "Progress review held: expected by 1 Aug 2024, at the latest 1 Oct 2024; not yet done"
    )
    assert report.explanation == (
        "Progress review report published: expected by 1 Oct 2024; not yet done"
    )


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (PLAN_EXPECTED - DAY, MilestoneState.MET),
        (PLAN_EXPECTED, MilestoneState.MET),
        (PLAN_EXPECTED + DAY, MilestoneState.MET),  # late on 3 months, within the 5 allowed
        (PLAN_LATEST, MilestoneState.MET),
        (PLAN_LATEST + DAY, MilestoneState.MET_LATE),
    ],
)
def test_action_plan_met_or_met_late(published: dt.date, expected: MilestoneState) -> None:
    assert plan_state(published, as_of=dt.date(2024, 6, 1)) is expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (PLAN_EXPECTED, MilestoneState.DUE),
        (PLAN_LATEST, MilestoneState.DUE),  # the last allowed day is not yet overdue
        (PLAN_LATEST + DAY, MilestoneState.OVERDUE),
    ],
)
def test_action_plan_due_or_overdue(as_of: dt.date, expected: MilestoneState) -> None:
    assert plan_state(None, as_of) is expected


def test_a_publication_date_after_as_of_is_not_yet_done() -> None:
    # Reporting on 1 Feb about a plan published on 20 Feb: on 1 Feb it was still due.
    assert plan_state(dt.date(2024, 2, 20), as_of=dt.date(2024, 2, 1)) is MilestoneState.DUE
    assert plan_state(dt.date(2024, 2, 20), as_of=dt.date(2024, 2, 20)) is MilestoneState.MET
    late = plan_state(dt.date(2024, 4, 1), as_of=dt.date(2024, 3, 15))
    assert late is MilestoneState.OVERDUE


@pytest.mark.parametrize(
    ("held", "as_of", "expected"),
    [
        (None, REVIEW_LATEST, MilestoneState.DUE),
        (None, REVIEW_LATEST + DAY, MilestoneState.OVERDUE),
        (REVIEW_LATEST, REVIEW_LATEST, MilestoneState.MET),
        (REVIEW_LATEST + DAY, REVIEW_LATEST + DAY, MilestoneState.MET_LATE),
    ],
)
def test_progress_review_and_its_report(
    held: dt.date | None, as_of: dt.date, expected: MilestoneState
) -> None:
    challenge = attrs.evolve(CPC, progress_review=held, progress_review_published=held)
    found = states(challenge, as_of)
    assert found["Progress review held"] is expected
    assert found["Progress review report published"] is expected


def test_milestones_clamp_to_month_ends() -> None:
    challenge = attrs.evolve(CPC, visited=dt.date(2023, 8, 31))
    plan = milestones(challenge, as_of=dt.date(2023, 9, 1))[0]
    assert (plan.expected, plan.latest) == (dt.date(2023, 11, 30), dt.date(2024, 1, 31))


@pytest.mark.parametrize(
    ("visited", "plan", "review_latest"),
    [
        # three months from 30 Nov is the end of February, in a leap year its 29th
        (
            dt.date(2023, 11, 30),
            (dt.date(2024, 2, 29), dt.date(2024, 4, 30)),
            dt.date(2024, 11, 30),
        ),
        (
            dt.date(2024, 11, 30),
            (dt.date(2025, 2, 28), dt.date(2025, 4, 30)),
            dt.date(2025, 11, 30),
        ),
        # a visit on a leap day: a year on is 28 February
        (dt.date(2024, 2, 29), (dt.date(2024, 5, 29), dt.date(2024, 7, 29)), dt.date(2025, 2, 28)),
        (
            dt.date(2023, 12, 31),
            (dt.date(2024, 3, 31), dt.date(2024, 5, 31)),
            dt.date(2024, 12, 31),
        ),
    ],
)
def test_milestones_from_a_visit_late_in_a_month(
    visited: dt.date, plan: tuple[dt.date, dt.date], review_latest: dt.date
) -> None:
    challenge = attrs.evolve(CPC, visited=visited)
    found = milestones(challenge, as_of=plan[1])
    assert (found[0].expected, found[0].latest) == plan
    assert found[0].state is MilestoneState.DUE  # the last allowed day is not yet overdue
    assert found[1].latest == found[2].expected == review_latest
    assert milestones(challenge, plan[1] + DAY)[0].state is MilestoneState.OVERDUE


# -- the council's action plan -----------------------------------------------------------------


def test_mansfield_like_challenge_lists_its_actions_in_order() -> None:
    def actions(number: int, count: int) -> tuple[Action, ...]:
        return tuple(
            Action(
                ref=f"{number}.{i}",
                title=f"Action {i} for recommendation {number}",
                status="On target",
                owners=("Chief Executive",),
                timescale="November 2024",
                lead_committee="Overview and Scrutiny Committee",
            )
            for i in range(1, count + 1)
        )

    counts = (3, 2, 1, 2, 3, 1)
    challenge = attrs.evolve(
        CPC,
        team=("Lead peer", "Member peer", "Officer peer"),
        recommendations=tuple(
            Recommendation(
                number=n,
                text=f"Recommendation {n}",
                response="Agreed",
                actions=actions(n, count),
            )
            for n, count in enumerate(counts, start=1)
        ),
    )
    assert [a.ref for a in challenge.actions()] == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "4.1", "4.2", "5.1", "5.2", "5.3", "6.1",
    ]  # fmt: skip


def test_a_challenge_without_recommendations_has_no_actions() -> None:
    assert CPC.actions() == ()


def test_recommendation_numbers_start_at_one() -> None:
    with pytest.raises(ValueError, match="number must be at least 1"):
        Recommendation(number=0, text="Refresh the plan")
    with pytest.raises(TypeError, match="number must be a whole number"):
        Recommendation(number=True, text="Refresh the plan")


# -- what published action plans leave out -------------------------------------------------------


def test_the_visit_date_is_optional_and_what_follows_from_it_is_unknown() -> None:
    unvisited = attrs.evolve(CPC, visited=None)
    found = milestones(unvisited, as_of=dt.date(2030, 1, 1))
    assert all(m.expected is None and m.latest is None for m in found)
    assert all(m.state is MilestoneState.UNKNOWN for m in found)
    assert all(
        "expected date unknown, as the visit date is not recorded" in m.explanation for m in found
    )
    dated = attrs.evolve(unvisited, action_plan_published=dt.date(2024, 1, 15))
    plan = milestones(dated, as_of=dt.date(2030, 1, 1))[0]
    # Done, but whether on time cannot be told without the visit date.
    assert plan.state is MilestoneState.DONE and plan.done == dt.date(2024, 1, 15)


def test_done_on_a_day_not_recorded_is_told_from_not_done() -> None:
    # Mansfield's action plan is itself the published plan, but gives no day of publication.
    done = attrs.evolve(CPC, action_plan_published=True)
    plan = milestones(done, as_of=dt.date(2030, 1, 1))[0]
    assert plan.state is MilestoneState.DONE and plan.done is True
    assert plan.explanation.endswith("done; the date is not recorded")
    assert plan_state(None, dt.date(2030, 1, 1)) is MilestoneState.OVERDUE


@pytest.mark.parametrize("not_done", [None, False])
def test_false_and_nothing_both_mean_not_done(not_done: bool | None) -> None:
    assert attrs.evolve(CPC, progress_review=not_done).progress_review is None


@given(
    visited=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)),
    later=st.integers(min_value=0, max_value=3000),
)
def test_dates_as_iso_text_equal_dates_as_objects(visited: dt.date, later: int) -> None:
    published = visited + dt.timedelta(days=later)
    as_text = PeerChallenge(
        title="CPC",
        organisation="Anytown",
        visited=visited.isoformat(),
        report_published=published.isoformat(),
        action_plan_published=published.isoformat(),
        progress_review=published.isoformat(),
        progress_review_published=published.isoformat(),
        recommendations=(
            Recommendation(
                number=1,
                text="Plan",
                actions=(
                    Action(
                        ref="1.1",
                        title="Act",
                        start=visited.isoformat(),
                        due=max(visited, published).isoformat(),
                    ),
                ),
            ),
        ),
    )
    as_dates = PeerChallenge(
        title="CPC",
        organisation="Anytown",
        visited=visited,
        report_published=published,
        action_plan_published=published,
        progress_review=published,
        progress_review_published=published,
        recommendations=(
            Recommendation(
                number=1,
                text="Plan",
                actions=(
                    Action(ref="1.1", title="Act", start=visited, due=max(visited, published)),
                ),
            ),
        ),
    )
    assert as_text == as_dates


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("visited", "October 2023"),
        ("visited", "2023-10-32"),
        ("action_plan_published", "soon"),
        ("progress_review", 2024),
    ],
)
def test_a_date_that_is_not_a_date_is_one_line_naming_the_field(field: str, bad: object) -> None:
    with pytest.raises(InputError) as refused:
        attrs.evolve(CPC, **{field: bad})
    (line,) = refused.value.problems
    assert line.startswith(f"{field}: expected a date such as '2025-01-20'") and repr(bad) in line


@pytest.mark.parametrize(
    "field",
    ["report_published", "action_plan_published", "progress_review", "progress_review_published"],
)
def test_a_milestone_done_before_the_visit_is_refused_naming_its_field(field: str) -> None:
    # Nothing the peer team's visit starts can be done before it: a day before is a slip of
    # the pen, never a milestone met.
    with pytest.raises(InputError) as refused:
        attrs.evolve(CPC, **{field: VISIT - DAY})
    assert refused.value.problems == (f"$.{field}: 2023-09-30 is before visited 2023-10-01",)
    on_the_day = attrs.evolve(CPC, **{field: VISIT})
    assert getattr(on_the_day, field) == VISIT
    undated = attrs.evolve(CPC, visited=None, **{field: VISIT - DAY})
    assert getattr(undated, field) == VISIT - DAY  # with no visit day, nothing to compare


def test_the_review_report_is_not_published_before_the_review() -> None:
    with pytest.raises(InputError) as refused:
        attrs.evolve(
            CPC, progress_review=REVIEW_EXPECTED, progress_review_published=REVIEW_EXPECTED - DAY
        )
    assert refused.value.problems == (
        "$.progress_review_published: 2024-07-31 is before progress_review 2024-08-01",
    )
    same_day = attrs.evolve(
        CPC, progress_review=REVIEW_EXPECTED, progress_review_published=REVIEW_EXPECTED
    )
    assert milestones(same_day, REVIEW_LATEST)[2].state is MilestoneState.MET
    held_undated = attrs.evolve(CPC, progress_review=True, progress_review_published=VISIT)
    assert held_undated.progress_review_published == VISIT


def test_a_milestone_before_the_visit_in_a_folder_names_the_file_and_field(
    tmp_path: Path,
) -> None:
    shutil.copytree("examples/mansfield", tmp_path / "council")
    path = tmp_path / "council" / "peer-challenges" / "lga-cpc-2023.toml"
    visit = "visited = 2023-10-01\n"
    early = visit + "report_published = 2023-09-01\n"
    text = path.read_text(encoding="utf-8").replace(visit, early)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_folder(tmp_path / "council")
    assert refused.value.problems == (
        "peer-challenges/lga-cpc-2023.toml: $.report_published: 2023-09-01 is before visited "
        "2023-10-01",
    )


def test_repeated_recommendation_numbers_and_action_refs_are_refused() -> None:
    with pytest.raises(
        InputError,
        match=r"^\$\.recommendations\[1\]\.number: 2 is already the number of the "
        r"recommendation at \$\.recommendations\[0\];",
    ):
        attrs.evolve(
            CPC,
            recommendations=(
                Recommendation(number=2, text="a"),
                Recommendation(number=2, text="b"),
            ),
        )
    with pytest.raises(
        InputError,
        match=r"^\$\.recommendations\[1\]\.actions\[0\]\.ref: '1\.1' is already the ref of "
        r"the action of a plan at \$\.recommendations\[0\]\.actions\[0\];",
    ):
        attrs.evolve(
            CPC,
            recommendations=(
                Recommendation(number=1, text="a", actions=(Action(ref="1.1", title="x"),)),
                Recommendation(number=2, text="b", actions=(Action(ref="1.1", title="y"),)),
            ),
        )


def test_mansfields_published_action_plan_is_not_reported_unpublished_or_overdue() -> None:
    council = load_folder("examples/mansfield")
    (challenge,) = council.framework.peer_challenges
    as_of = dt.date(2024, 12, 2)
    plan = milestones(challenge, as_of)[0]
    assert plan.state is MilestoneState.DONE
    states_by_ref = {
        a.ref: assess_action(a, as_of, council.framework.vocabulary) for a in challenge.actions()
    }
    ongoing = [s for s in states_by_ref.values() if s.meaning is Meaning.ONGOING]
    assert ongoing and all(s.due is not None and s.due < as_of for s in ongoing)
    assert not any(s.overdue for s in ongoing)
    report = build_report(
        "peer-challenge", council.framework, council.readings, parse_period("2024/25 Q3"), as_of
    )
    milestone_rows = {
        r.header: r
        for s in report.sections
        for b in s.blocks
        if isinstance(b, Table) and b.caption.startswith("LGA milestones")
        for r in b.rows
    }
    row = milestone_rows["Action plan published"]
    assert [cell_text(c) for c in row.cells[2:]] == ["done, date not recorded", "Done"]


ANSWERING = Action(ref="1.1", title="Refresh the medium-term financial plan", due=VISIT + 90 * DAY)
SHARED = attrs.evolve(
    CPC,
    recommendations=(
        Recommendation(number=1, text="Agree the financial plans", actions=(ANSWERING,)),
        Recommendation(
            number=2,
            text="Close the budget gap",
            actions=(Action(ref="2.1", title="Review fees and charges"),),
            also_answered_by=("1.1",),
        ),
    ),
)


def test_one_action_answers_two_recommendations_and_is_counted_once() -> None:
    assert [a.ref for a in SHARED.answers(SHARED.recommendations[1])] == ["2.1", "1.1"]
    assert [a.ref for a in SHARED.actions()] == ["1.1", "2.1"]
    as_of = VISIT + 120 * DAY  # 1.1 is overdue
    framework = attrs.evolve(
        load_folder("examples/cambridgeshire").framework, peer_challenges=(SHARED,)
    )
    report = build_report("peer-challenge", framework, [], "2023/24 Q4", as_of)
    assert report.summary.startswith(
        "2 recommendations and 2 actions: 0 complete or closed, 1 overdue"
    )
    second = report.sections[2]
    table = next(b for b in second.blocks if isinstance(b, Table))
    assert [row.header for row in table.rows] == ["2.1", "1.1"]
    assert any(
        getattr(b, "text", "")
        == "Action 1.1 is set under recommendation 1 and answers this one too."
        for b in second.blocks
    )


@pytest.mark.parametrize(
    ("named", "problem"),
    [
        (
            ("9.9",),
            "$.recommendations[1].also_answered_by[0]: '9.9' is not the ref of an action "
            "of this peer challenge; name an action set under another of its recommendations",
        ),
        (
            ("2.1",),
            "$.recommendations[1].also_answered_by[0]: '2.1' is already one of this "
            "recommendation's actions",
        ),
        (
            ("1.1", "1.1"),
            "$.recommendations[1].also_answered_by[1]: '1.1' is named twice; name each action once",
        ),
    ],
)
def test_a_recommendation_is_also_answered_only_by_another_ones_action(
    named: tuple[str, ...], problem: str
) -> None:
    second = attrs.evolve(SHARED.recommendations[1], also_answered_by=named)
    with pytest.raises(InputError) as refused:
        attrs.evolve(SHARED, recommendations=(SHARED.recommendations[0], second))
    assert refused.value.problems == (problem,)


def test_also_answered_by_in_a_folder_is_read_and_an_unknown_ref_names_the_file(
    tmp_path: Path,
) -> None:
    shutil.copytree("examples/mansfield", tmp_path / "council")
    path = tmp_path / "council" / "peer-challenges" / "lga-cpc-2023.toml"
    text = path.read_text(encoding="utf-8")
    second = "[[recommendations]]\nnumber = 2\n"
    assert second in text
    path.write_text(text.replace(second, second + 'also_answered_by = ["1.1"]\n'), encoding="utf-8")
    (challenge,) = load_folder(tmp_path / "council").framework.peer_challenges
    assert challenge.recommendations[1].also_answered_by == ("1.1",)
    assert "1.1" in [a.ref for a in challenge.answers(challenge.recommendations[1])]
    path.write_text(text.replace(second, second + 'also_answered_by = ["7.7"]\n'), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_folder(tmp_path / "council")
    assert refused.value.problems == (
        "peer-challenges/lga-cpc-2023.toml: $.recommendations[1].also_answered_by[0]: '7.7' is "
        "not the ref of an action of this peer challenge; name an action set under another of "
        "its recommendations",
    )


# -- an id, which names the challenge in place of its title -------------------------------------


def _framework(*challenges: PeerChallenge, plans: tuple[str, ...] = ()) -> Framework:
    """Anytown with ``challenges`` and a delivery plan and a service plan of each id in
    ``plans``, so that a challenge's id can be one of theirs."""
    return Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        delivery_plans=tuple(DeliveryPlan(id=p, title=f"Delivery {p}") for p in plans),
        service_plans=tuple(ServicePlan(id=f"{p}-s", service=f"Service {p}") for p in plans),
        peer_challenges=challenges,
    )


def test_an_id_is_optional_and_follows_the_rules_of_every_id() -> None:
    assert CPC.id is None
    assert attrs.evolve(CPC, id="cpc-2023").id == "cpc-2023"
    for bad, said in (
        ("", "id must not be empty"),
        (" cpc", "id must not start or end with a space: ' cpc'"),
    ):
        with pytest.raises(InputError) as refused:
            attrs.evolve(CPC, id=bad)
        assert refused.value.problems == (said,)


@pytest.mark.parametrize(
    ("taken", "where"),
    [
        ("dp", "the delivery plan at $.delivery_plans[0]"),
        ("dp-s", "the service plan at $.service_plans[0]"),
        ("cpc", "the peer challenge at $.peer_challenges[0]"),
    ],
)
def test_an_id_a_plan_or_another_challenge_has_is_refused(taken: str, where: str) -> None:
    first = attrs.evolve(CPC, id="cpc")
    second = attrs.evolve(CPC, id=taken, title="LGA Corporate Peer Challenge 2026")
    with pytest.raises(InputError) as refused:
        _framework(first, second, plans=("dp",))
    assert refused.value.problems == (
        f"$.peer_challenges[1].id: {taken!r} is already the id of {where}; give the peer "
        "challenge an id no plan or other peer challenge has",
    )


@given(peer_challenges.filter(lambda c: c.id is not None))
def test_a_challenge_is_named_by_its_id_or_its_title(challenge: PeerChallenge) -> None:
    framework = _framework(challenge)
    found = ("$.peer_challenges[0]", challenge.title)
    assert challenge.id is not None
    assert framework.action_plan_named(challenge.id) == found
    assert framework.action_plan_named(challenge.title) == found
    # the plans with actions are still named as reports name them: by the title
    assert framework.action_plans() == (found,)
    for action in challenge.actions():
        named = framework.actions_named(ActionInPlan(plan=challenge.id, ref=action.ref))
        assert [(p.plan, p.action) for p in named] == [(challenge.title, action)]


MANSFIELD_CHALLENGE = Path("peer-challenges") / "lga-cpc-2023.toml"


def _mansfield(tmp_path: Path, id_line: str) -> Path:
    """A copy of Mansfield whose peer challenge's id line is ``id_line`` (none when empty)."""
    root = tmp_path / "council"
    shutil.copytree("examples/mansfield", root)
    path = root / MANSFIELD_CHALLENGE
    text = path.read_text(encoding="utf-8")
    assert 'id = "lga-cpc-2023"\n' in text
    path.write_text(text.replace('id = "lga-cpc-2023"\n', id_line), encoding="utf-8")
    return root


def test_a_taken_id_in_a_folder_names_both_files(tmp_path: Path) -> None:
    root = _mansfield(tmp_path, 'id = "organisation-2024-25"\n')
    with pytest.raises(InputError) as refused:
        load_folder(root)
    assert refused.value.problems == (
        "peer-challenges/lga-cpc-2023.toml: $.id: 'organisation-2024-25' is already the id of "
        "the delivery plan at delivery-plans/organisation-2024-25.toml; give the peer "
        "challenge an id no plan or other peer challenge has",
    )


def test_a_bad_id_in_a_folder_names_the_file_and_field(tmp_path: Path) -> None:
    with pytest.raises(InputError) as refused:
        load_folder(_mansfield(tmp_path, "id = 2023\n"))
    assert refused.value.problems == (
        "peer-challenges/lga-cpc-2023.toml: $.id: expected text, not 2023",
    )


def test_mansfields_id_is_read_and_written_back(tmp_path: Path) -> None:
    framework = load_folder("examples/mansfield").framework
    (challenge,) = framework.peer_challenges
    assert challenge.id == "lga-cpc-2023"
    written = save_folder(framework, tmp_path / "out")
    [file] = (written / "peer-challenges").iterdir()
    assert file.name == "001-lga-cpc-2023.toml"
    assert tomllib.loads(file.read_text(encoding="utf-8"))["id"] == "lga-cpc-2023"
    assert load_folder(written).framework == framework


def test_a_folder_without_an_id_loads_and_is_written_as_before(tmp_path: Path) -> None:
    framework = load_folder(_mansfield(tmp_path / "in", "")).framework
    mansfield = load_folder("examples/mansfield").framework
    (challenge,) = mansfield.peer_challenges
    assert framework == attrs.evolve(mansfield, peer_challenges=(attrs.evolve(challenge, id=None),))
    written = save_folder(framework, tmp_path / "out")
    [file] = (written / "peer-challenges").iterdir()
    assert file.name == "001-lga-corporate-peer-challenge-2023.toml"
    assert "id" not in tomllib.loads(file.read_text(encoding="utf-8"))
    assert load_folder(written).framework == framework
