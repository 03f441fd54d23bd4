"""Tests for councilpmf.core.diff: comparing two versions of a plan."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.diff import ChangeKind, PlanChange, PlanDiff, diff_frameworks, diff_plans
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator, Polarity, Target, Unit
from councilpmf.core.periods import parse_period
from councilpmf.core.plan import Priority, StrategicPlan, Theme


def plan(
    *themes: Theme, title: str = "Towards 2030", vision: str = "A proud town"
) -> StrategicPlan:
    return StrategicPlan(title=title, organisation="Anytown", vision=vision, themes=themes)


def theme(id_: str, name: str, *priorities: Priority, ambition: str = "") -> Theme:
    return Theme(id=id_, name=name, ambition=ambition, priorities=priorities)


P1 = Priority(id="P1", statement="Create opportunities for people to be physically active.")
P2 = Priority(id="P2", statement="Keep our streets and open spaces clean.")
P3 = Priority(id="P3", statement="Give communities a voice.")
P4 = Priority(id="P4", statement="Balance the budget every year.")

OLD = plan(
    theme("communities", "Our communities", P1, P3),
    theme("place", "Our place", P2),
    theme("organisation", "Our organisation", P4),
)


def kinds(diff: PlanDiff) -> list[ChangeKind]:
    return [c.kind for c in diff.changes]


def only(diff: PlanDiff) -> PlanChange:
    assert len(diff.changes) == 1, diff.changes
    return diff.changes[0]


# -- the result ----------------------------------------------------------------------------


def test_no_changes() -> None:
    diff = diff_plans(OLD, OLD)
    assert diff.changes == ()
    assert not diff
    assert str(diff) == "No changes"


def test_a_diff_with_changes_is_true_and_prints_one_line_each() -> None:
    new = attrs.evolve(OLD, title="Towards 2035", vision="An ambitious district")
    diff = diff_plans(OLD, new)
    assert diff
    assert str(diff).splitlines() == [
        "Title changed from 'Towards 2030' to 'Towards 2035'",
        "Vision changed from 'A proud town' to 'An ambitious district'",
    ]
    assert [(c.kind, c.path) for c in diff.changes] == [
        (ChangeKind.TITLE_CHANGED, "$.title"),
        (ChangeKind.VISION_CHANGED, "$.vision"),
    ]


def test_change_kinds_are_kebab_case() -> None:
    assert ChangeKind.THEME_AMBITION_CHANGED.value == "theme-ambition-changed"
    assert all(k.value == k.name.lower().replace("_", "-") for k in ChangeKind)


# -- themes --------------------------------------------------------------------------------


def test_theme_added_and_removed() -> None:
    new = plan(OLD.themes[0], OLD.themes[2], theme("growth", "Economic growth"))
    diff = diff_plans(OLD, new)
    assert [(c.kind, c.path, c.text) for c in diff.changes] == [
        (ChangeKind.THEME_ADDED, "$.themes[2]", "Theme 'Economic growth' added"),
        (ChangeKind.THEME_REMOVED, "$.themes[1]", "Theme 'Our place' removed"),
        (
            ChangeKind.PRIORITY_REMOVED,
            "$.themes[1].priorities[0]",
            "Priority P2 'Keep our streets and open spaces clean.' removed from 'Our place'",
        ),
    ]


def test_theme_renamed_with_the_same_id() -> None:
    new = attrs.evolve(
        OLD, themes=(OLD.themes[0], attrs.evolve(OLD.themes[1], name="Our district"), OLD.themes[2])
    )
    change = only(diff_plans(OLD, new))
    assert change == PlanChange(
        kind=ChangeKind.THEME_RENAMED,
        path="$.themes[1]",
        text="Theme 'Our place' renamed to 'Our district'",
    )


def test_theme_with_new_id_and_similar_name_is_a_rename_not_remove_and_add() -> None:
    new = plan(OLD.themes[0], theme("our-places", "Our places", P2), OLD.themes[2])
    change = only(diff_plans(OLD, new))
    assert change.kind is ChangeKind.THEME_RENAMED
    assert (
        change.text == "Theme 'Our place' renamed to 'Our places' (id 'place' is now 'our-places')"
    )


def test_theme_with_only_a_new_id_is_reported() -> None:
    new = plan(OLD.themes[0], theme("P", "Our place", P2), OLD.themes[2])
    change = only(diff_plans(OLD, new))
    assert change.kind is ChangeKind.THEME_RENAMED
    assert change.text == "Theme 'Our place' id changed from 'place' to 'P'"


def test_theme_with_new_id_and_different_name_is_remove_and_add() -> None:
    new = plan(OLD.themes[0], theme("growth", "Economic growth", P2), OLD.themes[2])
    diff = diff_plans(OLD, new)
    assert kinds(diff) == [
        ChangeKind.THEME_ADDED,
        ChangeKind.PRIORITY_MOVED,
        ChangeKind.THEME_REMOVED,
    ]
    assert diff.changes[1].text == (
        "Priority P2 'Keep our streets and open spaces clean.' moved from 'Our place' to "
        "'Economic growth'"
    )


def test_most_alike_pairs_are_matched_first() -> None:
    old = plan(theme("a", "Our place"), theme("b", "Our places to live"))
    # "Our places to live!" is closer to "Our places to live" than to "Our place".
    new = plan(theme("x", "Our places to live!"), theme("y", "Our place."))
    diff = diff_plans(old, new)
    assert [c.text for c in diff.changes] == [
        "Theme 'Our places to live' renamed to 'Our places to live!' (id 'b' is now 'x')",
        "Theme 'Our place' renamed to 'Our place.' (id 'a' is now 'y')",
    ]


def test_theme_ambition_changed() -> None:
    old = plan(theme("place", "Our place", P2, ambition="A clean district."))
    new = plan(theme("place", "Our place", P2, ambition="A clean and green district."))
    assert only(diff_plans(old, new)) == PlanChange(
        kind=ChangeKind.THEME_AMBITION_CHANGED,
        path="$.themes[0].ambition",
        text="Ambition of theme 'Our place' changed from 'A clean district.' to "
        "'A clean and green district.'",
    )


# -- priorities ----------------------------------------------------------------------------


def test_priority_moved_between_themes() -> None:
    new = plan(
        theme("communities", "Our communities", P1),
        OLD.themes[1],
        theme("organisation", "Our organisation", P4, P3),
    )
    assert only(diff_plans(OLD, new)) == PlanChange(
        kind=ChangeKind.PRIORITY_MOVED,
        path="$.themes[2].priorities[1]",
        text="Priority P3 'Give communities a voice.' moved from 'Our communities' to "
        "'Our organisation'",
    )


def test_priority_under_a_renamed_theme_has_not_moved() -> None:
    new = plan(
        OLD.themes[0],
        theme("district", "Our places", P2),
        OLD.themes[2],
    )
    assert kinds(diff_plans(OLD, new)) == [ChangeKind.THEME_RENAMED]


def test_priority_reworded_keeps_its_id() -> None:
    reworded = attrs.evolve(P3, statement="Give every community a voice.")
    new = attrs.evolve(
        OLD, themes=(theme("communities", "Our communities", P1, reworded), *OLD.themes[1:])
    )
    assert only(diff_plans(OLD, new)) == PlanChange(
        kind=ChangeKind.PRIORITY_REWORDED,
        path="$.themes[0].priorities[1]",
        text="Priority P3 reworded from 'Give communities a voice.' to "
        "'Give every community a voice.'",
    )


def test_priority_with_new_id_and_similar_statement_is_reworded_not_remove_and_add() -> None:
    renumbered = Priority(id="C3", statement="Give our communities a voice.")
    new = attrs.evolve(
        OLD, themes=(theme("communities", "Our communities", P1, renumbered), *OLD.themes[1:])
    )
    change = only(diff_plans(OLD, new))
    assert change.kind is ChangeKind.PRIORITY_REWORDED
    assert change.text == (
        "Priority P3 (now C3) reworded from 'Give communities a voice.' to "
        "'Give our communities a voice.'"
    )


def test_priority_renumbered_only() -> None:
    renumbered = attrs.evolve(P3, id="C3")
    new = attrs.evolve(
        OLD, themes=(theme("communities", "Our communities", P1, renumbered), *OLD.themes[1:])
    )
    assert only(diff_plans(OLD, new)).text == (
        "Priority P3 'Give communities a voice.' renumbered as C3"
    )


def test_priority_reworded_and_moved_gives_both() -> None:
    moved = Priority(id="P3", statement="Listen to residents.")
    new = plan(
        theme("communities", "Our communities", P1),
        OLD.themes[1],
        theme("organisation", "Our organisation", P4, moved),
    )
    diff = diff_plans(OLD, new)
    assert kinds(diff) == [ChangeKind.PRIORITY_REWORDED, ChangeKind.PRIORITY_MOVED]
    assert {c.path for c in diff.changes} == {"$.themes[2].priorities[1]"}


def test_priority_added_and_removed() -> None:
    p5 = Priority(id="P5", statement="Plant ten thousand trees.")
    new = plan(
        theme("communities", "Our communities", P1),
        OLD.themes[1],
        theme("organisation", "Our organisation", P4, p5),
    )
    assert [(c.kind, c.path, c.text) for c in diff_plans(OLD, new).changes] == [
        (
            ChangeKind.PRIORITY_ADDED,
            "$.themes[2].priorities[1]",
            "Priority P5 'Plant ten thousand trees.' added to 'Our organisation'",
        ),
        (
            ChangeKind.PRIORITY_REMOVED,
            "$.themes[0].priorities[1]",
            "Priority P3 'Give communities a voice.' removed from 'Our communities'",
        ),
    ]


def test_merging_two_themes() -> None:
    """York 2008: two themes merged into one under a new name and id."""
    new = plan(
        theme("people", "Our communities and people", P1, P3, P2),
        OLD.themes[2],
    )
    diff = diff_plans(OLD, new)
    assert [c.text for c in diff.changes] == [
        "Theme 'Our communities' renamed to 'Our communities and people' "
        "(id 'communities' is now 'people')",
        "Priority P2 'Keep our streets and open spaces clean.' moved from 'Our place' to "
        "'Our communities and people'",
        "Theme 'Our place' removed",
    ]


def test_order_is_deterministic() -> None:
    new = plan(theme("growth", "Growth", P4, P2), theme("communities", "Communities", P3, P1))
    assert diff_plans(OLD, new) == diff_plans(OLD, new)
    assert str(diff_plans(OLD, new)) == str(diff_plans(OLD, new))


# -- frameworks ----------------------------------------------------------------------------


FY = parse_period("2024/25")
NEXT = parse_period("2025/26")
RENT = Indicator(
    id="R1",
    title="Rent collected",
    unit=Unit.PERCENTAGE,
    targets=(Target(period=FY, value=97.0), Target(period=NEXT, value=98.0)),
)
CALLS = Indicator(id="C1", title="Calls answered")


def test_framework_indicators_added_retired_and_changed() -> None:
    old = Framework(plan=OLD, indicators=(RENT, CALLS))
    rent = attrs.evolve(
        RENT,
        title="Rent collected in year",
        unit=Unit.NUMBER,
        polarity=Polarity.LOWER_IS_BETTER,
        targets=(Target(period=FY, value=97.5), Target(period=parse_period("2026/27"), value=99.0)),
    )
    trees = Indicator(id="T1", title="Trees planted")
    new = Framework(plan=OLD, indicators=(trees, rent))
    diff = diff_frameworks(old, new)
    assert [(c.kind, c.path, c.text) for c in diff.changes] == [
        (ChangeKind.INDICATOR_ADDED, "$.indicators[0]", "Indicator T1 'Trees planted' added"),
        (
            ChangeKind.INDICATOR_CHANGED,
            "$.indicators[1].title",
            "Indicator R1 title changed from 'Rent collected' to 'Rent collected in year'",
        ),
        (
            ChangeKind.INDICATOR_CHANGED,
            "$.indicators[1].unit",
            "Indicator R1 'Rent collected in year' unit changed from percentage to number",
        ),
        (
            ChangeKind.INDICATOR_CHANGED,
            "$.indicators[1].polarity",
            "Indicator R1 'Rent collected in year' polarity changed from higher is better to "
            "lower is better",
        ),
        (
            ChangeKind.INDICATOR_CHANGED,
            "$.indicators[1].targets",
            "Indicator R1 'Rent collected in year' targets changed: 2024/25 97.5 (was 97.0%); "
            "2025/26 98.0% removed; 2026/27 99.0 added",
        ),
        (ChangeKind.INDICATOR_RETIRED, "$.indicators[1]", "Indicator C1 'Calls answered' retired"),
    ]


def test_unchanged_indicators_give_nothing_and_a_new_owner_is_one_change() -> None:
    old = Framework(plan=OLD, indicators=(RENT, CALLS))
    assert not diff_frameworks(old, Framework(plan=OLD, indicators=(RENT, CALLS)))
    new = Framework(plan=OLD, indicators=(attrs.evolve(RENT, owner="Head of Housing"), CALLS))
    assert [(c.kind, c.path, c.text) for c in diff_frameworks(old, new).changes] == [
        (
            ChangeKind.INDICATOR_CHANGED,
            "$.indicators[0].owner",
            "Indicator R1 'Rent collected' owner changed from none to 'Head of Housing'",
        )
    ]


def _with_formula(formula: str) -> Framework:
    return Framework(
        plan=OLD,
        indicators=(
            Indicator(id="101", title="Homes let"),
            Indicator(id="A", title="Homes empty"),
            Indicator(id="R", title="Homes in use", formula=formula),
        ),
    )


def test_a_number_written_differently_is_a_changed_calculation_as_it_may_name_an_id() -> None:
    diff = diff_frameworks(_with_formula("101 + A"), _with_formula("101.0 + A"))
    assert [(c.kind, c.path, c.text) for c in diff.changes] == [
        (
            ChangeKind.INDICATOR_CHANGED,
            "$.indicators[2].formula",
            "Indicator R 'Homes in use' calculation changed from '101 + A' to '101.0 + A'",
        )
    ]
    assert not diff_frameworks(_with_formula("101 + A"), _with_formula("101+A"))


def test_a_new_denominator_is_a_change_at_the_denominator() -> None:
    """It was reported at the numerator, which had not changed."""

    def ratio(denominator: str) -> Framework:
        parts = tuple(Indicator(id=i, title=i) for i in ("N", "D", "E"))
        rate = Indicator(id="R", title="Rate", numerator="N", denominator=denominator)
        return Framework(plan=OLD, indicators=(*parts, rate))

    (change,) = diff_frameworks(ratio("D"), ratio("E")).changes
    assert change.path == "$.indicators[3].denominator"
    assert "calculation changed" in change.text


def test_framework_strategic_plan_changes_have_framework_paths() -> None:
    new_plan = attrs.evolve(
        OLD, vision="Bold", themes=(*OLD.themes[:2], theme("org", "Our council", P4))
    )
    diff = diff_frameworks(Framework(plan=OLD), Framework(plan=new_plan))
    assert [(c.kind, c.path) for c in diff.changes] == [
        (ChangeKind.VISION_CHANGED, "$.plan.vision"),
        (ChangeKind.THEME_ADDED, "$.plan.themes[2]"),
        (ChangeKind.PRIORITY_MOVED, "$.plan.themes[2].priorities[0]"),
        (ChangeKind.THEME_REMOVED, "$.plan.themes[2]"),
    ]


# -- properties ----------------------------------------------------------------------------

_NAMES = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).filter(str.strip)


@st.composite
def plans(draw: st.DrawFn) -> StrategicPlan:
    sizes = draw(st.lists(st.integers(0, 3), max_size=4))
    themes = []
    count = 0
    for i, size in enumerate(sizes):
        priorities = []
        for _ in range(size):
            count += 1
            priorities.append(Priority(id=f"P{count}", statement=draw(_NAMES)))
        themes.append(
            Theme(
                id=f"T{i}",
                name=draw(_NAMES),
                ambition=draw(st.sampled_from(["", "Be great", "Be better"])),
                priorities=tuple(priorities),
            )
        )
    return StrategicPlan(
        title=draw(_NAMES), organisation="Anytown", vision=draw(_NAMES), themes=tuple(themes)
    )


@given(plans())
def test_a_plan_compared_with_itself_has_no_changes(p: StrategicPlan) -> None:
    assert diff_plans(p, p) == PlanDiff(changes=())
    assert not diff_frameworks(Framework(plan=p), Framework(plan=p))


@given(st.data())
def test_renaming_one_theme_gives_exactly_that_rename(data: st.DataObject) -> None:
    old = data.draw(plans().filter(lambda p: len(p.themes) > 0))
    index = data.draw(st.integers(0, len(old.themes) - 1))
    before = old.themes[index].name
    after = data.draw(_NAMES.filter(lambda n: n != before))
    themes = list(old.themes)
    themes[index] = attrs.evolve(themes[index], name=after)
    new = attrs.evolve(old, themes=tuple(themes))
    assert diff_plans(old, new).changes == (
        PlanChange(
            kind=ChangeKind.THEME_RENAMED,
            path=f"$.themes[{index}]",
            text=f"Theme '{before}' renamed to '{after}'",
        ),
    )


@given(st.data())
def test_removing_one_theme_removes_it_and_its_priorities(data: st.DataObject) -> None:
    old = data.draw(plans().filter(lambda p: len(p.themes) > 0))
    index = data.draw(st.integers(0, len(old.themes) - 1))
    new = attrs.evolve(old, themes=old.themes[:index] + old.themes[index + 1 :])
    diff = diff_plans(old, new)
    gone = old.themes[index]
    assert kinds(diff) == [ChangeKind.THEME_REMOVED] + [ChangeKind.PRIORITY_REMOVED] * len(
        gone.priorities
    )
    assert [c.path for c in diff.changes] == [f"$.themes[{index}]"] + [
        f"$.themes[{index}].priorities[{j}]" for j in range(len(gone.priorities))
    ]
