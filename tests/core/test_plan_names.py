"""A plan's name never silently means two plans: an id two plans that set actions share is
refused when the framework is built, and a name that more than one plan answers to (one plan's
id that is another's title) is refused where a plan is looked up by it, listing each plan with
a name that is its alone, where before the first plan in order was taken."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli_run import run_wide as run
from councilpmf.core.actions import Action
from councilpmf.core.errors import AmbiguousNameError, InputError
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee
from councilpmf.core.names import name_key
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
from councilpmf.core.plan import DeliveryPlan, ServicePlan, StrategicPlan
from councilpmf.core.risks import ActionInPlan, Risk, RiskRegister, RiskScore, risk_findings
from councilpmf.folder import load_folder

STRATEGY = StrategicPlan(title="Plan", organisation="Anytown")
ACTIONS = (Action(ref="1.1", title="Open the depot"),)


def _challenge(title: str, challenge_id: str | None = None) -> PeerChallenge:
    return PeerChallenge(
        id=challenge_id,
        title=title,
        organisation="LGA",
        recommendations=(Recommendation(number=1, text="Refresh the plan", actions=ACTIONS),),
    )


# -- refused when the framework is built: one id for two plans of any kind ----------------------


def test_a_service_plan_with_a_delivery_plans_id_is_refused_naming_both() -> None:
    with pytest.raises(InputError) as refused:
        Framework(
            plan=STRATEGY,
            delivery_plans=(DeliveryPlan(id="roads", title="Highways delivery plan"),),
            service_plans=(ServicePlan(id="roads", service="Highways"),),
        )
    assert refused.value.problems == (
        "$.service_plans[0].id: 'roads' is already the id of the delivery plan at "
        "$.delivery_plans[0]; give the service plan an id no other plan or peer challenge has",
    )


def test_ids_that_differ_only_in_case_are_two_ids_each_naming_its_own_plan() -> None:
    framework = Framework(
        plan=STRATEGY,
        delivery_plans=(DeliveryPlan(id="roads", title="Highways delivery plan"),),
        service_plans=(ServicePlan(id="ROADS", service="Highways"),),
    )
    assert framework.action_plan_named("roads") == ("$.delivery_plans[0]", "Highways delivery plan")
    assert framework.action_plan_named("ROADS") == ("$.service_plans[0]", "Highways")
    # written as neither, it is both as a reader sees it, so it names no one plan
    with pytest.raises(AmbiguousNameError) as refused:
        framework.action_plan_named("Roads")
    assert str(refused.value) == (
        "'Roads' names 2 plans: the delivery plan 'Highways delivery plan' at "
        "$.delivery_plans[0] (name it 'roads') and the service plan 'Highways' at "
        "$.service_plans[0] (name it 'ROADS')"
    )


NOTTINGHAMSHIRE = Path("examples/nottinghamshire")


def test_a_folder_whose_service_plan_has_the_delivery_plans_id_names_both_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "council"
    shutil.copytree(NOTTINGHAMSHIRE, root)
    path = root / "service-plans" / "2014-15-highways.toml"
    text = path.read_text(encoding="utf-8")
    assert 'id = "highways-2014-15"\n' in text
    path.write_text(text.replace('id = "highways-2014-15"\n', 'id = "adp-2014-15"\n'), "utf-8")
    said = (
        "service-plans/2014-15-highways.toml: $.id: 'adp-2014-15' is already the id of the "
        "delivery plan at delivery-plans/2014-15-annual-delivery-plan.toml; give the service "
        "plan an id no other plan or peer challenge has"
    )
    with pytest.raises(InputError) as refused:
        load_folder(root)
    assert refused.value.problems == (said,)
    # the command line says the same, without a traceback, and stores nothing
    result = run("load", str(root), "--store", f"sqlite:///{tmp_path / 'pmf.db'}", "--by", "Me")
    assert result.exit_code == 1, result.output
    assert said in " ".join(result.stderr.split())
    assert not (tmp_path / "pmf.db").exists()


# -- refused where it is looked up: a name more than one plan answers to ------------------------


def _crossed() -> Framework:
    """A delivery plan titled Highways (id roads) and a service plan whose id is Highways
    (service Roads), each setting an action 1.1."""
    return Framework(
        plan=STRATEGY,
        delivery_plans=(DeliveryPlan(id="roads", title="Highways", actions=ACTIONS),),
        service_plans=(ServicePlan(id="Highways", service="Roads", actions=ACTIONS),),
    )


CROSSED = (
    "'Highways' names 2 plans: the delivery plan 'Highways' at $.delivery_plans[0] (name it "
    "'roads') and the service plan 'Roads' at $.service_plans[0] (name it 'Roads')"
)


def test_one_plans_id_that_is_anothers_title_names_neither_and_says_how_to_name_each() -> None:
    framework = _crossed()
    for lookup in (
        lambda: framework.action_plan_named("Highways"),
        lambda: framework.actions_named(ActionInPlan(plan="Highways", ref="1.1")),
    ):
        with pytest.raises(AmbiguousNameError) as refused:
            lookup()
        assert str(refused.value) == CROSSED
    with pytest.raises(AmbiguousNameError) as loosely:
        framework.action_plan_named("HIGHWAYS")
    assert str(loosely.value) == CROSSED.replace("'Highways' names", "'HIGHWAYS' names", 1)
    # each name the refusal gives names its plan alone
    assert framework.action_plan_named("roads") == ("$.delivery_plans[0]", "Highways")
    assert framework.action_plan_named("Roads") == ("$.service_plans[0]", "Roads")
    named = framework.actions_named(ActionInPlan(plan="Roads", ref="1.1"))
    assert [p.path for p in named] == ["$.service_plans[0].actions[0]"]


def test_two_peer_challenges_with_one_title_and_no_id_need_an_id_each() -> None:
    title = "LGA Corporate Peer Challenge"
    framework = Framework(plan=STRATEGY, peer_challenges=(_challenge(title), _challenge(title)))
    with pytest.raises(AmbiguousNameError) as refused:
        framework.action_plan_named(title)
    alone = "nothing names it alone: give it an id that is no other plan's id or name"
    assert str(refused.value) == (
        f"'{title}' names 2 plans: the peer challenge '{title}' at $.peer_challenges[0] "
        f"({alone}) and the peer challenge '{title}' at $.peer_challenges[1] ({alone})"
    )
    given_ids = Framework(
        plan=STRATEGY,
        peer_challenges=(_challenge(title, "cpc-2019"), _challenge(title, "cpc-2023")),
    )
    assert given_ids.action_plan_named("cpc-2023") == ("$.peer_challenges[1]", title)
    with pytest.raises(AmbiguousNameError) as still:
        given_ids.action_plan_named(title)
    assert "(name it 'cpc-2019')" in str(still.value)
    assert "(name it 'cpc-2023')" in str(still.value)


def test_a_peer_challenge_titled_as_a_plans_id_names_neither_by_that_text() -> None:
    plans = (DeliveryPlan(id="cpc", title="Delivery Plan 2024/25", actions=ACTIONS),)
    framework = Framework(plan=STRATEGY, delivery_plans=plans, peer_challenges=(_challenge("cpc"),))
    for text in ("cpc", "CPC"):
        with pytest.raises(AmbiguousNameError) as refused:
            framework.actions_named(ActionInPlan(plan=text, ref="1.1"))
        assert str(refused.value) == (
            f"{text!r} names 2 plans: the delivery plan 'Delivery Plan 2024/25' at "
            "$.delivery_plans[0] (name it 'Delivery Plan 2024/25') and the peer challenge "
            "'cpc' at $.peer_challenges[0] (nothing names it alone: give it an id that is no "
            "other plan's id or name)"
        )
    # given an id, the challenge has a name of its own
    named = Framework(
        plan=STRATEGY, delivery_plans=plans, peer_challenges=(_challenge("cpc", "lga-cpc"),)
    )
    with pytest.raises(AmbiguousNameError) as refused:
        named.action_plan_named("cpc")
    assert str(refused.value).endswith("at $.peer_challenges[0] (name it 'lga-cpc')")
    assert named.action_plan_named("lga-cpc") == ("$.peer_challenges[0]", "cpc")


# A few names, some the same as a reader sees them, so that plans often share one.
_WORDS = ("a", "A", "b", "Plan", "plan", "x y")


@st.composite
def _plans_sharing_names(draw: st.DrawFn) -> Framework:
    """Delivery plans, service plans and peer challenges whose ids (each its own) and names are
    drawn from a few words."""
    ids = draw(st.lists(st.sampled_from(_WORDS), unique=True, max_size=len(_WORDS)))
    kinds = draw(st.lists(st.sampled_from("dsc"), min_size=len(ids), max_size=len(ids)))
    names = draw(st.lists(st.sampled_from(_WORDS), min_size=len(ids), max_size=len(ids)))
    untitled = draw(st.lists(st.sampled_from(_WORDS), max_size=2))
    return Framework(
        plan=STRATEGY,
        delivery_plans=tuple(
            DeliveryPlan(id=i, title=n, actions=ACTIONS)
            for i, k, n in zip(ids, kinds, names, strict=True)
            if k == "d"
        ),
        service_plans=tuple(
            ServicePlan(id=i, service=n, actions=ACTIONS)
            for i, k, n in zip(ids, kinds, names, strict=True)
            if k == "s"
        ),
        peer_challenges=(
            *(_challenge(n, i) for i, k, n in zip(ids, kinds, names, strict=True) if k == "c"),
            *(_challenge(n) for n in untitled),
        ),
    )


_CANDIDATE = re.compile(
    r"the (?:delivery plan|service plan|peer challenge) '[^']*' at (\$\.\w+\[\d+\]) "
    r"\((?:name it '([^']*)'|nothing names it alone[^)]*)\)"
)


@given(_plans_sharing_names(), st.sampled_from(_WORDS))
def test_a_name_finds_a_plan_only_when_it_names_that_plan_alone(
    framework: Framework, text: str
) -> None:
    plans = (*framework.delivery_plans, *framework.service_plans)
    named = framework.action_plans()[: len(plans)]
    texts = {path: {plan.id, name} for (path, name), plan in zip(named, plans, strict=True)}
    for i, challenge in enumerate(framework.peer_challenges):
        texts[f"$.peer_challenges[{i}]"] = {challenge.title, challenge.id or challenge.title}
    exactly = [path for path, called in texts.items() if text in called]
    loosely = [path for path, called in texts.items() if name_key(text) in map(name_key, called)]
    meant = exactly or loosely
    try:
        found = framework.action_plan_named(text)
    except AmbiguousNameError as refused:
        candidates = _CANDIDATE.findall(str(refused))
        assert [path for path, _alone in candidates] == meant
        assert len(meant) > 1
        for path, alone in candidates:
            if alone:
                assert framework.action_plan_named(alone) is not None
                assert framework.action_plan_named(alone)[0] == path  # type: ignore[index]
    else:
        assert ([] if found is None else [found[0]]) == meant


# -- the table an ambiguous-risk-action warning suggests names one plan ----------------------


def _suggested(framework: Framework, ref: str) -> str | None:
    """The ambiguous-risk-action warning a risk that names ``ref`` alone gets, if any."""
    risk = Risk(
        id="R1",
        title="Flood",
        serves=("P1",),
        actions=(ref,),
        inherent=RiskScore(likelihood=3, impact=3),
        residual=RiskScore(likelihood=2, impact=2),
    )
    found = risk_findings(RiskRegister(risks=(risk,)), ("P1",), framework.actions_named)
    return next((f.message for f in found if f.code == "ambiguous-risk-action"), None)


_TABLE = re.compile(r'as \{ plan = "([^"]*)", ref = "1\.1" \}$')


def test_a_shared_refs_suggested_table_names_the_plan_by_a_name_that_is_its_alone() -> None:
    # the delivery plan's title, Highways, is the service plan's id: the table names it by id
    said = _suggested(_crossed(), "1.1")
    assert said is not None
    assert said.endswith(
        'name the plan whose action mitigates the risk, as { plan = "roads", ref = "1.1" }'
    )
    [planned] = _crossed().actions_named(ActionInPlan(plan="roads", ref="1.1"))
    assert planned.path == "$.delivery_plans[0].actions[0]"


def test_a_plan_whose_name_is_its_alone_is_suggested_by_its_name() -> None:
    framework = Framework(
        plan=STRATEGY,
        delivery_plans=(DeliveryPlan(id="roads", title="Highways", actions=ACTIONS),),
        service_plans=(ServicePlan(id="lib", service="Libraries", actions=ACTIONS),),
    )
    said = _suggested(framework, "1.1")
    assert said is not None and said.endswith('as { plan = "Highways", ref = "1.1" }')


@given(_plans_sharing_names())
def test_a_shared_refs_suggested_table_draws_no_warning_of_its_own(framework: Framework) -> None:
    said = _suggested(framework, "1.1")
    if said is None:
        return
    table = _TABLE.search(said)
    if table is None:  # no plan that sets it has a name that is its alone
        assert said.endswith("once one of them has a name or an id that is its alone")
        return
    named = framework.actions_named(ActionInPlan(plan=table.group(1), ref="1.1"))
    assert len(named) == 1
    assert named[0].path.startswith(("$.delivery_plans", "$.service_plans"))


def test_a_text_that_shows_nothing_names_no_plan_as_it_names_no_committee() -> None:
    unseen = DeliveryPlan(id="dp", title="\u200b", actions=ACTIONS)
    board = Committee(id="board", name="\u200b", kind="cabinet", cadence="quarterly")
    fw = Framework(plan=STRATEGY, delivery_plans=(unseen,), committees=(board,))
    assert fw.action_plan_named("\u200b") == ("$.delivery_plans[0]", "\u200b")  # as written
    assert (fw.action_plan_named(""), fw.action_plan_named("\u200c")) == (None, None)
    assert (fw.committee_named(""), fw.committee_named("\u200c")) == (None, None)
