"""The risk register: the scoring matrix, the heat map and what the register's checks find."""

from __future__ import annotations

import datetime as dt
import tomllib

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf._strategies import frameworks
from councilpmf.core.actions import Action
from councilpmf.core.errors import AmbiguousNameError, InputError
from councilpmf.core.findings import Severity
from councilpmf.core.framework import Framework
from councilpmf.core.plan import DeliveryPlan, ServicePlan, StrategicPlan
from councilpmf.core.risks import (
    ActionInPlan,
    CategoryAppetite,
    Risk,
    RiskLevel,
    RiskMatrix,
    RiskRegister,
    RiskScore,
    heat_map,
    overdue_reviews,
    risk_findings,
)

steps = st.integers(min_value=1, max_value=5)
scores = st.builds(RiskScore, likelihood=steps, impact=steps)


def _risk(risk_id: str = "R1", **changes: object) -> Risk:
    fields: dict[str, object] = {
        "id": risk_id,
        "title": "Housing benefit subsidy loss",
        "serves": ("C1",),
        "inherent": RiskScore(likelihood=4, impact=4),
        "residual": RiskScore(likelihood=3, impact=3),
    }
    fields.update(changes)
    return Risk(**fields)  # type: ignore[arg-type]


def _setting(**plans: tuple[str, ...]) -> Framework:
    """A framework whose delivery plans (each by its id, titled "Plan" and the id) set actions
    with these refs."""
    return Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        delivery_plans=tuple(
            DeliveryPlan(
                id=plan,
                title=f"Plan {plan}",
                actions=tuple(Action(ref=ref, title=f"Action {ref}") for ref in refs),
            )
            for plan, refs in plans.items()
        ),
    )


NOTHING = _setting().actions_named
"""The actions of a framework that sets none."""


@given(st.integers(1, 25), st.integers(1, 25))
def test_a_higher_score_never_gets_a_lower_level(a: int, b: int) -> None:
    matrix = RiskMatrix()
    low, high = sorted((a, b))
    names = [level.name for level in matrix.levels]
    assert names.index(matrix.level(low).name) <= names.index(matrix.level(high).name)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, "Low"),
        (4, "Low"),
        (5, "Medium"),
        (9, "Medium"),
        (10, "High"),
        (15, "High"),
        (16, "Very high"),
        (25, "Very high"),
    ],
)
def test_default_levels_at_their_boundaries(value: int, level: str) -> None:
    assert RiskMatrix().level(value).name == level


@given(st.lists(st.tuples(scores, scores), max_size=20))
def test_heat_map_places_every_risk_once_in_its_cell(
    pairs: list[tuple[RiskScore, RiskScore]],
) -> None:
    risks = tuple(
        _risk(f"R{n}", inherent=inherent, residual=residual)
        for n, (inherent, residual) in enumerate(pairs)
    )
    cells = heat_map(RiskRegister(risks=risks))
    assert sum(map(sum, cells)) == len(risks)
    for risk in risks:
        row = 5 - risk.residual.impact
        assert cells[row][risk.residual.likelihood - 1] >= 1


def test_heat_map_rows_run_from_highest_impact_down() -> None:
    register = RiskRegister(risks=(_risk(residual=RiskScore(likelihood=1, impact=5)),))
    assert heat_map(register)[0] == (1, 0, 0, 0, 0)
    assert heat_map(register, "inherent")[1] == (0, 0, 0, 1, 0)
    assert heat_map(register, "target") == ((0,) * 5,) * 5


def test_a_matrix_of_its_own_scale_and_levels() -> None:
    matrix = RiskMatrix(
        likelihoods=("Low", "Medium", "High"),
        impacts=("Low", "Medium", "High", "Extreme"),
        levels=(RiskLevel(name="Green", lowest=1), RiskLevel(name="Red", lowest=6)),
    )
    assert matrix.highest == 12
    assert matrix.describe(RiskScore(likelihood=2, impact=3)) == (
        "Red (6): likelihood Medium (2) x impact High (3)"
    )
    assert not matrix.fits(RiskScore(likelihood=4, impact=1))


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ((), "at least one level"),
        ((RiskLevel(name="Low", lowest=2),), "must start at 1"),
        ((RiskLevel(name="Low", lowest=1), RiskLevel(name="High", lowest=1)), "levels must rise"),
        # two levels of one name would tell cells apart by colour alone
        (
            (
                RiskLevel(name="Low", lowest=1),
                RiskLevel(name="High", lowest=10),
                RiskLevel(name="high", lowest=16),
            ),
            "'high' at 16 has the name of 'High' at 10",
        ),
    ],
)
def test_levels_must_start_at_one_and_rise(levels: tuple[RiskLevel, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RiskMatrix(levels=levels)


def test_findings_name_each_problem_at_its_path() -> None:
    register = RiskRegister(
        appetites=(CategoryAppetite(category="Financial", appetite=8),),
        risks=(
            _risk("R1", category="Financial"),
            _risk("R2", serves=(), review_by=dt.date(2025, 3, 31)),
            _risk("R3", serves=("C9",), actions=("A1", "Z9")),
            _risk("R4", residual=RiskScore(likelihood=5, impact=5)),
            _risk(
                "R5",
                inherent=RiskScore(likelihood=6, impact=2),
                residual=RiskScore(likelihood=1, impact=1),
            ),
        ),
    )
    found = {
        (f.code, f.path)
        for f in (
            *risk_findings(register, known=("C1",), actions=_setting(dp=("A1",)).actions_named),
            *overdue_reviews(register, as_of=dt.date(2025, 4, 1)),
        )
    }
    assert found == {
        ("risk-above-appetite", "$.risks[0].residual"),
        ("risk-serves-nothing", "$.risks[1].serves"),
        ("risk-review-overdue", "$.risks[1].review_by"),
        ("unknown-risk-link", "$.risks[2].serves[0]"),
        ("unknown-risk-action", "$.risks[2].actions[1]"),
        ("risk-residual-above-inherent", "$.risks[3].residual"),
        ("risk-score-off-matrix", "$.risks[4].inherent"),
    }


def test_appetite_at_the_residual_score_is_within_appetite() -> None:
    register = RiskRegister(risks=(_risk(appetite=9),))
    assert risk_findings(register, known=("C1",), actions=NOTHING) == ()


def test_review_due_today_is_not_overdue() -> None:
    register = RiskRegister(risks=(_risk(review_by=dt.date(2025, 1, 1)),))
    assert overdue_reviews(register, dt.date(2025, 1, 1)) == ()
    assert len(overdue_reviews(register, dt.date(2025, 1, 2))) == 1


def test_a_repeated_risk_id_is_refused_naming_both() -> None:
    with pytest.raises(InputError) as refused:
        RiskRegister(risks=(_risk("R1"), _risk("R2"), _risk("R1")))
    assert str(refused.value) == (
        "$.risks[2].id: 'R1' is already the id of the risk at $.risks[0]; give each risk its own id"
    )


def test_a_repeated_appetite_category_is_refused() -> None:
    twice = (
        CategoryAppetite(category="Financial", appetite=8),
        CategoryAppetite(category="Financial", appetite=12),
    )
    with pytest.raises(
        InputError, match=r"^\$\.appetites\[1\]\.category: 'Financial' is already the category"
    ):
        RiskRegister(appetites=twice)


def test_a_category_appetite_applies_to_the_category_however_it_is_written() -> None:
    register = RiskRegister(
        appetites=(CategoryAppetite(category="Financial", appetite=8),),
        risks=(
            _risk("R1", category="financial"),
            _risk("R2", category="FINANCIAL"),
            _risk("R3", category="Finan\u00adcial"),  # a soft hyphen shows nothing
            _risk("R4", category="Financials"),
            _risk("R5", category="financial", appetite=12),  # its own appetite wins
        ),
    )
    assert [register.appetite_for(risk) for risk in register.risks] == [8, 8, 8, None, 12]
    # a category a reader cannot see is no category: a risk with none gets no appetite from it
    unseen = RiskRegister(
        appetites=(CategoryAppetite(category="\u200b", appetite=4),), risks=(_risk("R1"),)
    )
    assert unseen.appetite_for(unseen.risks[0]) is None
    above = {f.path for f in risk_findings(register, known=("C1",), actions=NOTHING)}
    assert above == {"$.risks[0].residual", "$.risks[1].residual", "$.risks[2].residual"}


def test_appetite_categories_a_reader_cannot_tell_apart_are_refused_as_a_repeat() -> None:
    twice = (
        CategoryAppetite(category="Financial", appetite=8),
        CategoryAppetite(category="Service delivery", appetite=9),
        CategoryAppetite(category="service  Delivery", appetite=12),
    )
    with pytest.raises(InputError) as refused:
        RiskRegister(appetites=twice)
    assert str(refused.value) == (
        "$.appetites[2].category: 'service  Delivery' is already the category of the appetite "
        "at $.appetites[1] (as 'Service delivery'); give each appetite its own category"
    )


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_a_review_date_as_iso_text_is_the_same_as_the_date(day: dt.date) -> None:
    assert _risk(review_by=day.isoformat()) == _risk(review_by=day)


@pytest.mark.parametrize("bad", ["31/03/2025", "2025-02-30", "soon"])
def test_a_review_date_that_is_not_a_date_is_one_line_naming_the_field(bad: str) -> None:
    with pytest.raises(InputError) as refused:
        _risk(review_by=bad)
    assert str(refused.value) == (f"review_by: expected a date such as '2025-01-20', not {bad!r}")


SMALL = RiskMatrix(
    likelihoods=("Low", "Medium", "High"),
    impacts=("Low", "Medium", "High", "Extreme"),
    levels=(RiskLevel(name="Low", lowest=1), RiskLevel(name="High", lowest=6)),
)


def test_an_appetite_no_score_can_reach_is_a_finding_at_its_path() -> None:
    register = RiskRegister(
        matrix=SMALL,
        appetites=(
            CategoryAppetite(category="Financial", appetite=12),
            CategoryAppetite(category="People", appetite=13),
        ),
        risks=(_risk("R1"), _risk("R2", appetite=20)),
    )
    found = [
        (f.severity, f.code, f.path, f.message)
        for f in risk_findings(register, known=("C1",), actions=NOTHING)
        if f.code == "risk-appetite-unreachable"
    ]
    beyond = "the highest score the matrix can give (3 likelihoods x 4 impacts)"
    assert found == [
        (
            Severity.ERROR,
            "risk-appetite-unreachable",
            "$.appetites[1].appetite",
            f"appetite 13 is above 12, {beyond}, so every risk is within it",
        ),
        (
            Severity.ERROR,
            "risk-appetite-unreachable",
            "$.risks[1].appetite",
            f"appetite 20 is above 12, {beyond}, so every risk is within it",
        ),
    ]


def test_a_level_no_score_can_reach_is_a_finding_at_its_path() -> None:
    matrix = RiskMatrix(
        likelihoods=SMALL.likelihoods,
        impacts=SMALL.impacts,
        levels=(RiskLevel(name="Low", lowest=1), RiskLevel(name="Very high", lowest=16)),
    )
    (finding,) = risk_findings(RiskRegister(matrix=matrix), known=(), actions=NOTHING)
    assert (finding.severity, finding.code, finding.path) == (
        Severity.ERROR,
        "risk-level-unreachable",
        "$.matrix.levels[1].lowest",
    )
    assert finding.message == (
        "level 'Very high' starts at 16, above 12, the highest score the matrix can give "
        "(3 likelihoods x 4 impacts), so no score can ever reach it"
    )


@pytest.mark.parametrize(
    ("likelihoods", "impacts", "names"),
    [
        (3, 4, ["Low", "Medium", "High"]),  # highest 12
        (2, 2, ["Low"]),  # highest 4
        (3, 3, ["Low", "Medium"]),  # highest 9
        (4, 4, ["Low", "Medium", "High", "Very high"]),  # highest 16: Very high from 16
        (5, 5, ["Low", "Medium", "High", "Very high"]),
    ],
)
def test_the_default_levels_are_those_the_matrix_can_reach(
    likelihoods: int, impacts: int, names: list[str]
) -> None:
    matrix = RiskMatrix(
        likelihoods=tuple(f"L{i}" for i in range(likelihoods)),
        impacts=tuple(f"I{i}" for i in range(impacts)),
    )
    assert [level.name for level in matrix.levels] == names
    assert risk_findings(RiskRegister(matrix=matrix), known=(), actions=NOTHING) == ()


def test_an_appetite_or_level_at_the_highest_score_is_accepted() -> None:
    matrix = RiskMatrix(
        likelihoods=SMALL.likelihoods,
        impacts=SMALL.impacts,
        levels=(RiskLevel(name="Low", lowest=1), RiskLevel(name="Extreme", lowest=12)),
    )
    top = RiskScore(likelihood=3, impact=4)
    register = RiskRegister(
        matrix=matrix,
        appetites=(CategoryAppetite(category="Financial", appetite=12),),
        risks=(_risk(category="Financial", inherent=top, residual=top, appetite=12),),
    )
    assert matrix.level(top.value).name == "Extreme"
    assert risk_findings(register, known=("C1",), actions=NOTHING) == ()


# -- actions named with their plan ---------------------------------------------------------------


def _plan_texts(framework: Framework) -> list[str]:
    """Every text that names a plan that sets actions: each plan's id and name, as written and
    as a reader sees it (in capitals), a peer challenge's title likewise."""
    ids = [plan.id for plan in (*framework.delivery_plans, *framework.service_plans)]
    names = [name.strip() for _path, name in framework.action_plans()]
    return [text for text in (*ids, *names, *(n.upper() for n in names)) if text]


@settings(max_examples=50, deadline=None)
@given(frameworks)
def test_an_action_named_with_a_plan_is_known_when_the_plan_that_text_finds_sets_it(
    framework: Framework,
) -> None:
    # One lookup: a risk finds a plan as action_plan_named does, a peer challenge included,
    # and knows the action when that plan sets the ref, whatever other plans set; a name that
    # more than one plan answers to is a warning that says how to name each, and no action.
    refs = sorted({action.ref for _path, action in framework.actions_at()})
    links = [ActionInPlan(plan=text, ref=ref) for text in _plan_texts(framework) for ref in refs]
    register = RiskRegister(risks=(_risk(actions=tuple(links)),))
    found = risk_findings(register, known=("C1",), actions=framework.actions_named)
    unknown = {f.path for f in found if f.code == "unknown-risk-action"}
    ambiguous = {f.path: f.message for f in found if f.code == "ambiguous-risk-action"}
    for position, link in enumerate(links):
        where = f"$.risks[0].actions[{position}]"
        try:
            place = framework.action_plan_named(link.plan)
        except AmbiguousNameError as refused:
            assert ambiguous[where].endswith(f": {refused}")
            assert where not in unknown
            continue
        assert where not in ambiguous
        assert place is not None
        within = [
            action
            for path, action in framework.actions_at()
            if path.startswith(f"{place[0]}.") and action.ref == link.ref
        ]
        assert [p.action for p in framework.actions_named(link)] == within
        assert (f"$.risks[0].actions[{position}]" in unknown) is not within


@st.composite
def _sharing_refs(draw: st.DrawFn) -> Framework:
    """A framework with one more delivery plan that sets some of the refs its plans set."""
    framework = draw(frameworks)
    first = {p.action.ref: p.action for p in reversed(list(framework.planned_actions()))}
    copied = draw(
        st.lists(st.sampled_from(sorted(first)), min_size=1, unique=True) if first else st.just([])
    )
    ids = {plan.id for plan in (*framework.delivery_plans, *framework.service_plans)}
    again = DeliveryPlan(
        id=next(f"again-{n}" for n in range(len(ids) + 1) if f"again-{n}" not in ids),
        title="Plan again",
        actions=tuple(first[ref] for ref in copied),
    )
    return attrs.evolve(framework, delivery_plans=(*framework.delivery_plans, again))


@settings(max_examples=50, deadline=None)
@given(_sharing_refs())
def test_a_ref_alone_that_plans_share_is_a_warning_that_says_how_to_name_one(
    framework: Framework,
) -> None:
    refs = sorted({p.action.ref for p in framework.planned_actions()})
    register = RiskRegister(risks=(_risk(actions=tuple(refs)),))
    found = risk_findings(register, known=("C1",), actions=framework.actions_named)
    shared = {f.path: f for f in found if f.code == "ambiguous-risk-action"}
    assert not any(f.code == "unknown-risk-action" for f in found)
    for position, ref in enumerate(refs):
        plans = list(
            dict.fromkeys(p.plan for p in framework.planned_actions() if p.action.ref == ref)
        )
        finding = shared.get(f"$.risks[0].actions[{position}]")
        assert (finding is not None) is (len(plans) > 1)
        if finding is None:
            continue
        assert finding.severity is Severity.WARNING
        assert f"risk R1 names action {ref!r}, which {len(plans)} plans set" in finding.message
        assert all(plan in finding.message for plan in plans)
        # the table it suggests reads as TOML and names that ref of one plan alone, unless
        # the plan's name is another plan's id or title too, which the table's own warning says
        table = tomllib.loads("named = " + finding.message.rsplit(", as ", 1)[1])["named"]
        try:
            named = framework.actions_named(ActionInPlan(**table))
        except AmbiguousNameError:
            continue
        assert [p.plan for p in named] == [plans[0]]


def _action_findings(
    register: RiskRegister, framework: Framework
) -> list[tuple[Severity, str, str, str]]:
    """What ``risk_findings`` says of ``register``, its actions looked up in ``framework``."""
    return [
        (f.severity, f.code, f.path, f.message)
        for f in risk_findings(register, known=("C1",), actions=framework.actions_named)
    ]


def test_a_ref_alone_that_two_plans_set_is_a_warning_and_a_ref_one_plan_sets_is_not() -> None:
    framework = _setting(dp24=("1.1", "1.2"), dp25=("1.1",))
    register = RiskRegister(
        risks=(_risk(actions=("1.1", "1.2", ActionInPlan(plan="dp25", ref="1.1"))),)
    )
    found = _action_findings(register, framework)
    assert found == [
        (
            Severity.WARNING,
            "ambiguous-risk-action",
            "$.risks[0].actions[0]",
            "risk R1 names action '1.1', which 2 plans set (Plan dp24; Plan dp25), so it "
            "stands for each of them: name the plan whose action mitigates the risk, as "
            '{ plan = "Plan dp24", ref = "1.1" }',
        )
    ]


def test_an_action_named_with_a_plan_name_two_plans_answer_to_is_a_warning_naming_each() -> None:
    # The delivery plan's title is the service plan's id: "Highways" is neither plan, even
    # where only one of them sets the ref, and the warning says how to name each.
    framework = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        delivery_plans=(
            DeliveryPlan(id="roads", title="Highways", actions=(Action(ref="1.1", title="A"),)),
        ),
        service_plans=(ServicePlan(id="Highways", service="Roads"),),
    )
    links = (
        ActionInPlan(plan="Highways", ref="1.1"),
        ActionInPlan(plan="roads", ref="1.1"),
        ActionInPlan(plan="Roads", ref="1.1"),
    )
    register = RiskRegister(risks=(_risk(actions=links),))
    found = _action_findings(register, framework)
    assert found == [
        (
            Severity.WARNING,
            "ambiguous-risk-action",
            "$.risks[0].actions[0]",
            "risk R1 names action '1.1' of plan 'Highways', which stands for no action until its "
            "plan is named by a name that is one plan's alone: 'Highways' names 2 plans: the "
            "delivery plan 'Highways' at $.delivery_plans[0] (name it 'roads') and the service "
            "plan 'Roads' at $.service_plans[0] (name it 'Roads')",
        ),
        (
            Severity.ERROR,
            "unknown-risk-action",
            "$.risks[0].actions[2]",
            "risk R1 names unknown action '1.1' of plan 'Roads'",
        ),
    ]
