"""A committee's name never silently means two committees: a text that more than one committee
answers to (one committee's name that is another's id, two committees with one name) is refused
where a committee is looked up by it, listing each committee with a name that is its alone,
where before the first committee in order was taken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli_run import assert_clean
from cli_run import run_wide as run
from councilpmf.core.actions import Action
from councilpmf.core.checks import golden_thread
from councilpmf.core.errors import AmbiguousNameError, InputError
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, IndicatorSet, committee_finder
from councilpmf.core.names import name_key
from councilpmf.core.plan import DeliveryPlan, StrategicPlan
from councilpmf.core.report.shared import committee_name, scope_of

STRATEGY = StrategicPlan(title="Plan", organisation="Anytown")


def _committee(committee_id: str, name: str) -> Committee:
    return Committee(id=committee_id, name=name, kind="cabinet", cadence="quarterly")


CABINET = _committee("cabinet", "Cabinet")
EXECUTIVE = _committee("exec", "cabinet")  # its name is the other's id
CROSSED = (
    "'cabinet' names 2 committees: the committee 'Cabinet' at $.committees[0] (name it "
    "'Cabinet') and the committee 'cabinet' at $.committees[1] (name it 'exec')"
)


def test_two_committees_with_one_id_are_refused_when_the_framework_is_built() -> None:
    with pytest.raises(InputError) as refused:
        Framework(plan=STRATEGY, committees=(CABINET, _committee("cabinet", "Executive")))
    assert refused.value.problems[0].startswith(
        "$.committees[1].id: 'cabinet' is already the id of the committee at $.committees[0]"
    )


@pytest.mark.parametrize("committees", [(CABINET, EXECUTIVE), (EXECUTIVE, CABINET)])
def test_one_committees_name_that_is_anothers_id_names_neither(
    committees: tuple[Committee, ...],
) -> None:
    framework = Framework(plan=STRATEGY, committees=committees)
    with pytest.raises(AmbiguousNameError) as refused:
        framework.committee_named("cabinet")
    first, second = (f"$.committees[{i}]" for i in range(2))
    said = str(refused.value)
    assert said.startswith("'cabinet' names 2 committees: ")
    assert first in said and second in said
    # each is named by the name it has alone
    assert framework.committee_named("Cabinet") == CABINET
    assert framework.committee_named("exec") == EXECUTIVE


def test_the_refusal_lists_each_committee_with_a_name_that_is_its_alone() -> None:
    framework = Framework(plan=STRATEGY, committees=(CABINET, EXECUTIVE))
    with pytest.raises(AmbiguousNameError) as refused:
        framework.committee_named("cabinet")
    assert str(refused.value) == CROSSED


def test_a_committee_nothing_names_alone_is_told_to_get_an_id_of_its_own() -> None:
    board = _committee("board", "Board")
    shadow = _committee("Board", "board")
    find = committee_finder([board, shadow])
    with pytest.raises(AmbiguousNameError) as refused:
        find("board")
    assert str(refused.value) == (
        "'board' names 2 committees: the committee 'Board' at $.committees[0] (nothing names "
        "it alone: give it an id that is no other committee's id or name) and the committee "
        "'board' at $.committees[1] (nothing names it alone: give it an id that is no other "
        "committee's id or name)"
    )


def test_a_name_one_committee_has_exactly_names_it_though_another_has_it_as_written_apart() -> None:
    scrutiny = _committee("scrutiny", "Overview")
    panel = _committee("panel", "Scrutiny")
    for committees in ((scrutiny, panel), (panel, scrutiny)):
        find = committee_finder(committees)
        assert find("Scrutiny") == panel
        assert find("scrutiny") == scrutiny
        with pytest.raises(AmbiguousNameError, match="'SCRUTINY' names 2 committees"):
            find("SCRUTINY")


_TEXT = st.sampled_from(["a", "A", "b", "B", "a b", "A  B"])


@given(
    st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=4, unique_by=lambda c: c[0]),
    _TEXT,
    st.data(),
)
def test_the_committee_a_text_names_never_depends_on_the_order_of_the_committees(
    written: list[tuple[str, str]], text: str, data: st.DataObject
) -> None:
    committees = [_committee(key.replace(" ", "-"), name) for key, name in written]
    shuffled = data.draw(st.permutations(committees))

    def found(listed: list[Committee]) -> Committee | str | None:
        try:
            return committee_finder(listed)(text)
        except AmbiguousNameError:
            return "ambiguous"

    assert found(committees) == found(shuffled)
    answering = [c for c in committees if c.is_called(text)]
    named = found(committees)
    if named is None:
        assert answering == []
    elif isinstance(named, Committee):
        assert named in answering
        assert text in (named.id, named.name) or len(answering) == 1
    else:
        assert len(answering) > 1
        assert name_key(text)


def _framework() -> Framework:
    return Framework(
        plan=STRATEGY,
        committees=(CABINET, EXECUTIVE),
        indicator_sets=(
            IndicatorSet(committee="cabinet", level="strategic", indicators=()),
            IndicatorSet(committee="exec", level="strategic", indicators=()),
        ),
        delivery_plans=(
            DeliveryPlan(
                id="dp",
                title="Delivery Plan",
                actions=(
                    Action(ref="1", title="Open the depot", lead_committee="cabinet"),
                    Action(ref="2", title="Close the depot", lead_committee="Cabinet"),
                ),
            ),
        ),
    )


def test_an_indicator_set_or_lead_committee_that_names_two_committees_is_an_error() -> None:
    found = [
        (f.severity.value, f.code, f.path, f.message)
        for f in golden_thread(_framework())
        if "committee" in f.code
    ]
    assert found == [
        (
            "error",
            "ambiguous-committee",
            "$.delivery_plans[0].actions[0].lead_committee",
            "Action 1 'Open the depot' in delivery plan 'Delivery Plan' is led by no committee "
            "until its lead committee is named by a name that is one committee's alone: "
            f"{CROSSED}",
        ),
        (
            "error",
            "ambiguous-committee",
            "$.indicator_sets[0].committee",
            "Indicator set 'strategic' belongs to no committee until its committee is named by "
            f"a name that is one committee's alone: {CROSSED}",
        ),
    ]


def test_reports_name_no_committee_by_a_name_two_committees_answer_to() -> None:
    framework = _framework()
    with pytest.raises(AmbiguousNameError, match="'cabinet' names 2 committees"):
        scope_of(framework, "cabinet")
    assert scope_of(framework, "Cabinet").committee == CABINET
    # a lead committee so written is shown as written, and its set is no committee's
    assert committee_name(framework, "cabinet") == "cabinet"
    assert committee_name(framework, "exec") == "cabinet"
    assert framework.sets_of("cabinet") == ()
    assert framework.sets_of("exec") == (framework.indicator_sets[1],)


MANSFIELD = Path("examples/mansfield")


def test_report_committee_with_a_name_two_committees_answer_to_is_a_usage_error(
    tmp_path: Path,
) -> None:
    root = tmp_path / "council"
    shutil.copytree(MANSFIELD, root)
    path = root / "committees.toml"
    text = path.read_text(encoding="utf-8")
    assert 'name = "Corporate Leadership Team (CLT)"\n' in text
    path.write_text(text.replace("Corporate Leadership Team (CLT)", "cabinet"), "utf-8")
    asked = ("report", str(root), "--period", "2024/25 Q3", "--as-of", "2025-01-20")
    result = run(*asked, "--committee", "cabinet")
    assert_clean(result)
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    assert "'cabinet' names 2 committees: the committee 'cabinet' at" in said
    assert "(name it 'clt')" in said and "(name it 'Cabinet')" in said
    assert run(*asked, "--committee", "Cabinet").exit_code == 0
