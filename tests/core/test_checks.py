"""Tests for councilpmf.core.checks: the golden thread and data quality."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pytest

from councilpmf.core.actions import Action
from councilpmf.core.assess import assess
from councilpmf.core.checks import Check, data_quality, golden_thread, run_checks
from councilpmf.core.errors import InputError
from councilpmf.core.findings import Finding, Severity
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, CommitteeKind, IndicatorSet, Level
from councilpmf.core.indicators import (
    Indicator,
    Polarity,
    Reading,
    ReadingRevision,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
from councilpmf.core.periods import Frequency, Period, Quarter, parse_period
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    Outcome,
    Priority,
    ResourceKind,
    ResourceStrategy,
    ServicePlan,
    StrategicPlan,
    Theme,
)
from councilpmf.core.readings import Readings

FY = parse_period("2024/25")
AS_OF = dt.date(2025, 2, 1)  # 2024/25 Q3 ended 31 Dec 2024 and was due by 28 Jan 2025


def p(text: str) -> Period:
    return parse_period(text)


def clean() -> Framework:
    """A small framework in which everything connects."""
    plan = StrategicPlan(
        title="Anytown Plan 2024-28",
        organisation="Anytown Council",
        vision="A proud town",
        themes=(
            Theme(
                id="place",
                name="Our place",
                priorities=(
                    Priority(
                        id="P1",
                        statement="Keep streets clean.",
                        indicators=("FT",),
                        outcomes=(Outcome(id="O1", statement="Less litter", indicators=("RC",)),),
                    ),
                ),
            ),
            Theme(
                id="people",
                name="Our people",
                priorities=(
                    Priority(id="P2", statement="Prevent homelessness.", indicators=("HS",)),
                ),
            ),
        ),
    )
    indicators = (
        Indicator(
            id="FT",
            title="Fly-tips cleared in 5 days",
            unit=Unit.PERCENTAGE,
            targets=(Target(period=FY, value=90.0),),
        ),
        Indicator(
            id="RC",
            title="Litter reports",
            unit=Unit.COUNT,
            polarity=Polarity.LOWER_IS_BETTER,
            targets=(Target(period=FY, value=100.0),),
        ),
        Indicator(
            id="HS",
            title="Households in temporary accommodation",
            polarity=Polarity.TARGET_BAND,
            targets=(Target(period=FY, low=40.0, high=60.0),),
        ),
        Indicator(id="POP", title="Population", polarity=Polarity.NONE),
    )
    return Framework(
        plan=plan,
        indicators=indicators,
        delivery_plans=(
            DeliveryPlan(
                id="place-2024-25",
                title="Our place delivery plan",
                theme="place",
                actions=(Action(ref="A1", title="Buy a road sweeper", serves=("P1",)),),
            ),
        ),
        service_plans=(
            ServicePlan(
                id="housing",
                service="Housing",
                indicators=("RC",),
                actions=(Action(ref="A1", title="Open a hub", serves=("P2",)),),
            ),
        ),
        resource_strategies=(
            ResourceStrategy(
                id="mtfs", kind=ResourceKind.MEDIUM_TERM_FINANCIAL, title="MTFS", serves=("P1",)
            ),
        ),
        budget=(BudgetAllocation(priority="P2", year=FY, amount=250_000),),
        committees=(
            Committee(
                id="cabinet",
                name="Cabinet",
                kind=CommitteeKind.CABINET,
                cadence=Frequency.QUARTERLY,
            ),
        ),
        indicator_sets=(
            IndicatorSet(
                committee="cabinet",
                level=Level.STRATEGIC,
                title="Corporate indicators",
                indicators=("FT", "HS", "POP"),
                min_size=2,
                max_size=5,
            ),
        ),
        peer_challenges=(
            PeerChallenge(
                title="LGA Corporate Peer Challenge 2023",
                organisation="Anytown Council",
                visited=dt.date(2023, 10, 1),
                recommendations=(
                    Recommendation(
                        number=1,
                        text="Agree the financial plans.",
                        actions=(
                            Action(
                                ref="1.1",
                                title="Take the MTFP to Council",
                                lead_committee="CABINET",
                            ),
                        ),
                    ),
                    Recommendation(
                        number=2,
                        text="Refresh the plan.",
                        actions=(Action(ref="2.1", title="Refresh the plan"),),
                    ),
                ),
            ),
        ),
    )


def clean_readings() -> list[Reading]:
    values = {"FT": 91.0, "RC": 80.0, "HS": 50.0, "POP": 100_000.0}
    return [
        Reading(indicator=ind, period=p(f"2024/25 Q{q}"), value=value)
        for ind, value in values.items()
        for q in (1, 2, 3)
    ]


def found(findings: Iterable[Finding], code: str) -> list[tuple[Severity, str]]:
    """The severity and path of each finding with ``code``."""
    return [(f.severity, f.path) for f in findings if f.code == code]


def one(findings: Iterable[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, matching
    return matching[0]


def with_theme(fw: Framework, index: int, **changes: Any) -> Framework:
    themes = list(fw.plan.themes)
    themes[index] = attrs.evolve(themes[index], **changes)
    return attrs.evolve(fw, plan=attrs.evolve(fw.plan, themes=tuple(themes)))


def with_priority(fw: Framework, theme: int, index: int, **changes: Any) -> Framework:
    priorities = list(fw.plan.themes[theme].priorities)
    priorities[index] = attrs.evolve(priorities[index], **changes)
    return with_theme(fw, theme, priorities=tuple(priorities))


def with_indicator(fw: Framework, index: int, **changes: Any) -> Framework:
    indicators = list(fw.indicators)
    indicators[index] = attrs.evolve(indicators[index], **changes)
    return attrs.evolve(fw, indicators=tuple(indicators))


def with_delivery_actions(fw: Framework, *actions: Action) -> Framework:
    plan = attrs.evolve(fw.delivery_plans[0], actions=actions)
    return attrs.evolve(fw, delivery_plans=(plan, *fw.delivery_plans[1:]))


def with_recommendations(fw: Framework, *recommendations: Recommendation) -> Framework:
    challenge = attrs.evolve(fw.peer_challenges[0], recommendations=recommendations)
    return attrs.evolve(fw, peer_challenges=(challenge,))


# -- a clean framework -------------------------------------------------------------------------


def test_clean_framework_has_no_findings_at_all() -> None:
    assert golden_thread(clean()) == ()
    assert data_quality(clean(), clean_readings(), AS_OF) == ()
    assert run_checks(clean(), clean_readings(), AS_OF) == ()


def test_clean_framework_gives_no_errors_even_without_readings() -> None:
    findings = run_checks(clean(), [], AS_OF)
    assert findings  # every indicator's latest data is late
    assert {f.code for f in findings} == {"late-data"}
    assert all(f.severity is not Severity.ERROR for f in findings)


# -- repeated ids, refused when the framework is built ------------------------------------


THEME = Theme(id="place", name="Our district", priorities=(Priority(id="P9", statement="x"),))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda fw: attrs.evolve(
                fw, plan=attrs.evolve(fw.plan, themes=(*fw.plan.themes, THEME))
            ),
            ("theme", "$.themes[2].id", "'place'"),
        ),
        (
            lambda fw: with_theme(
                fw,
                1,
                priorities=(*fw.plan.themes[1].priorities, Priority(id="P1", statement="Again")),
            ),
            ("priority", "$.themes[1].priorities[1].id", "'P1'"),
        ),
        (
            lambda fw: with_priority(
                fw, 1, 0, outcomes=(Outcome(id="O1", statement="Fewer homeless"),)
            ),
            ("outcome", "$.themes[1].priorities[0].outcomes[0].id", "'O1'"),
        ),
        (
            lambda fw: attrs.evolve(fw, committees=(*fw.committees, *fw.committees)),
            ("committee", "$.committees[1].id", None),
        ),
        (
            lambda fw: attrs.evolve(fw, delivery_plans=fw.delivery_plans * 2),
            ("delivery plan", "$.delivery_plans[1].id", None),
        ),
        (
            lambda fw: attrs.evolve(fw, service_plans=fw.service_plans * 2),
            ("service plan", "$.service_plans[1].id", None),
        ),
        (
            lambda fw: attrs.evolve(fw, resource_strategies=fw.resource_strategies * 2),
            ("resource strategy", "$.resource_strategies[1].id", None),
        ),
        (
            lambda fw: with_delivery_actions(
                fw,
                Action(ref="A1", title="One", serves=("P1",)),
                Action(ref="A2", title="Two", serves=("P1",)),
                Action(ref="A1", title="Three", serves=("P1",)),
            ),
            ("action of a plan", "$.actions[2].ref", "'A1' is already the ref"),
        ),
        (
            lambda fw: with_recommendations(
                fw,
                Recommendation(number=1, text="One"),
                Recommendation(number=1, text="Two"),
            ),
            ("recommendation", "$.recommendations[1].number", "1 is already the number"),
        ),
        (
            lambda fw: with_recommendations(
                fw,
                Recommendation(number=1, text="One", actions=(Action(ref="1.1", title="a"),)),
                Recommendation(number=2, text="Two", actions=(Action(ref="1.1", title="b"),)),
            ),
            ("action of a plan", "$.recommendations[1].actions[0].ref", "'1.1' is already the ref"),
        ),
    ],
)
def test_a_repeated_id_is_refused_when_built_naming_the_field_and_the_first_place(
    change: Callable[[Framework], Framework], expected: tuple[str, str, str | None]
) -> None:
    noun, path, repeated = expected
    with pytest.raises(InputError) as refused:
        change(clean())
    (line,) = refused.value.problems
    assert line.startswith(f"{path}: ") and f" of the {noun} at $." in line
    assert repeated is None or repeated in line


def test_same_action_ref_in_different_plans_is_fine() -> None:
    fw = clean()
    # A1 is used in the delivery plan and in the service plan of the clean framework.
    assert fw.delivery_plans[0].actions[0].ref == fw.service_plans[0].actions[0].ref


def test_same_recommendation_number_in_two_peer_challenges_is_fine() -> None:
    fw = attrs.evolve(clean(), peer_challenges=clean().peer_challenges * 2)
    assert len(fw.peer_challenges) == 2


# -- references --------------------------------------------------------------------------------


def test_unknown_priority_in_each_place() -> None:
    fw = with_delivery_actions(clean(), Action(ref="A1", title="One", serves=("P1", "P9")))
    fw = attrs.evolve(
        fw,
        resource_strategies=(attrs.evolve(fw.resource_strategies[0], serves=("P2", "NOPE")),),
        budget=(*fw.budget, BudgetAllocation(priority="P7", year=FY, amount=10)),
        service_plans=(
            attrs.evolve(
                fw.service_plans[0], actions=(Action(ref="S", title="S", serves=("Q1",)),)
            ),
        ),
    )
    fw = with_recommendations(
        fw, Recommendation(number=1, text="R", actions=(Action(ref="1", title="a", serves=("X",)),))
    )
    assert found(golden_thread(fw), "unknown-priority") == [
        (Severity.ERROR, "$.budget[1].priority"),
        (Severity.ERROR, "$.delivery_plans[0].actions[0].serves[1]"),
        (Severity.ERROR, "$.peer_challenges[0].recommendations[0].actions[0].serves[0]"),
        (Severity.ERROR, "$.resource_strategies[0].serves[1]"),
        (Severity.ERROR, "$.service_plans[0].actions[0].serves[0]"),
    ]


def test_unknown_priority_message_names_the_action_and_priority() -> None:
    fw = with_delivery_actions(clean(), Action(ref="A1", title="Buy a sweeper", serves=("P9",)))
    message = one(golden_thread(fw), "unknown-priority").message
    assert "A1" in message and "'Buy a sweeper'" in message and "'P9'" in message


def test_action_serving_nothing_is_a_warning_but_not_for_peer_challenges() -> None:
    fw = with_delivery_actions(
        clean(), Action(ref="A1", title="Sweep", serves=("P1",)), Action(ref="A2", title="Idle")
    )
    fw = attrs.evolve(
        fw,
        service_plans=(attrs.evolve(fw.service_plans[0], actions=(Action(ref="S", title="S"),)),),
    )
    assert all(not a.serves for a in fw.peer_challenges[0].actions())
    assert found(golden_thread(fw), "action-serves-nothing") == [
        (Severity.WARNING, "$.delivery_plans[0].actions[1]"),
        (Severity.WARNING, "$.service_plans[0].actions[0]"),
    ]


def test_unknown_theme() -> None:
    fw = attrs.evolve(clean(), delivery_plans=(attrs.evolve(clean().delivery_plans[0], theme="x"),))
    assert found(golden_thread(fw), "unknown-theme") == [
        (Severity.ERROR, "$.delivery_plans[0].theme")
    ]
    council_wide = attrs.evolve(
        clean(), delivery_plans=(attrs.evolve(clean().delivery_plans[0], theme=None),)
    )
    assert found(golden_thread(council_wide), "unknown-theme") == []


def test_unknown_indicator_in_each_place() -> None:
    fw = with_priority(clean(), 0, 0, indicators=("FT", "ZZ"))
    fw = with_priority(
        fw, 0, 0, outcomes=(Outcome(id="O1", statement="Less litter", indicators=("RC", "YY")),)
    )
    fw = attrs.evolve(
        fw,
        indicator_sets=(attrs.evolve(fw.indicator_sets[0], indicators=("XX", "FT", "HS")),),
        service_plans=(attrs.evolve(fw.service_plans[0], indicators=("RC", "WW")),),
    )
    assert found(golden_thread(fw), "unknown-indicator") == [
        (Severity.ERROR, "$.indicator_sets[0].indicators[0]"),
        (Severity.ERROR, "$.plan.themes[0].priorities[0].indicators[1]"),
        (Severity.ERROR, "$.plan.themes[0].priorities[0].outcomes[0].indicators[1]"),
        (Severity.ERROR, "$.service_plans[0].indicators[1]"),
    ]


def test_unknown_committee() -> None:
    fw = attrs.evolve(
        clean(), indicator_sets=(attrs.evolve(clean().indicator_sets[0], committee="scrutiny"),)
    )
    finding = one(golden_thread(fw), "unknown-committee")
    assert (finding.severity, finding.path) == (Severity.ERROR, "$.indicator_sets[0].committee")
    assert "'scrutiny'" in finding.message


@pytest.mark.parametrize("written", ["Cabinet", "CABINET", " cabinet "])
def test_an_indicator_set_names_its_committee_by_id_or_name_as_a_lead_committee_does(
    written: str,
) -> None:
    held = clean().indicator_sets[0]
    fw = attrs.evolve(clean(), indicator_sets=(attrs.evolve(held, committee=written),))
    assert found(golden_thread(fw), "unknown-committee") == []
    assert fw.sets_of("cabinet") == fw.indicator_sets


def with_lead_committee(fw: Framework, lead: str) -> Framework:
    """``clean()`` with the lead committee of the delivery plan's and the peer challenge's
    first actions set to ``lead``."""
    dplan = fw.delivery_plans[0]
    challenge = fw.peer_challenges[0]
    rec = challenge.recommendations[0]
    return attrs.evolve(
        fw,
        delivery_plans=(
            attrs.evolve(dplan, actions=(attrs.evolve(dplan.actions[0], lead_committee=lead),)),
        ),
        peer_challenges=(
            attrs.evolve(
                challenge,
                recommendations=(
                    attrs.evolve(rec, actions=(attrs.evolve(rec.actions[0], lead_committee=lead),)),
                    *challenge.recommendations[1:],
                ),
            ),
        ),
    )


def test_a_lead_committee_is_a_committee_id_or_name_whatever_its_case() -> None:
    # and whatever a reader cannot see: a right-to-left mark (an override is refused as text),
    # a soft hyphen, full width
    for lead in (
        "cabinet",
        "Cabinet",
        "  CABINET ",
        "Cabinet\u200f",
        "Cabi\u00adnet",
        "\uff43abinet",
    ):
        assert found(golden_thread(with_lead_committee(clean(), lead)), "unknown-committee") == []


@pytest.mark.parametrize("lead", ["purple", "", "../../etc", "Cabinet\u200f office", "x" * 5000])
def test_an_unknown_lead_committee_is_an_error_in_a_plan_and_a_warning_in_a_peer_challenge(
    lead: str,
) -> None:
    fw = with_lead_committee(clean(), lead)
    findings = [f for f in golden_thread(fw) if f.code == "unknown-committee"]
    assert [(f.severity, f.path) for f in findings] == [
        (Severity.ERROR, "$.delivery_plans[0].actions[0].lead_committee"),
        (Severity.WARNING, "$.peer_challenges[0].recommendations[0].actions[0].lead_committee"),
    ]
    assert len(findings[0].message) < 400  # a long name is cut short, not repeated whole
    assert "\u200f" not in findings[0].message  # shown escaped, never as a live mark


# -- coverage ----------------------------------------------------------------------------------


def add_priority(fw: Framework, priority: Priority) -> Framework:
    return with_theme(fw, 1, priorities=(*fw.plan.themes[1].priorities, priority))


def test_priority_with_no_indicator_and_no_action_is_unmeasured() -> None:
    fw = add_priority(clean(), Priority(id="P3", statement="Be kind."))
    finding = one(golden_thread(fw), "priority-unmeasured")
    assert (finding.severity, finding.path) == (Severity.WARNING, "$.plan.themes[1].priorities[1]")
    assert "P3" in finding.message


def test_priority_is_measured_by_an_outcome_indicator_or_served_by_an_action() -> None:
    by_outcome = add_priority(
        clean(),
        Priority(
            id="P3",
            statement="Be kind.",
            outcomes=(Outcome(id="O3", statement="k", indicators=("POP",)),),
        ),
    )
    assert found(golden_thread(by_outcome), "priority-unmeasured") == []
    by_action = with_delivery_actions(
        add_priority(clean(), Priority(id="P3", statement="Be kind.")),
        Action(ref="A1", title="Sweep", serves=("P1", "P3")),
    )
    assert found(golden_thread(by_action), "priority-unmeasured") == []


def test_indicator_used_nowhere_is_information() -> None:
    fw = attrs.evolve(
        clean(),
        indicators=(
            *clean().indicators,
            Indicator(id="NEW", title="Trees planted", targets=(Target(period=FY, value=1.0),)),
        ),
    )
    assert found(golden_thread(fw), "indicator-unused") == [(Severity.INFO, "$.indicators[4]")]


def test_indicator_used_only_by_a_service_plan_or_set_is_used() -> None:
    fw = clean()
    # RC is used by an outcome and a service plan; POP only by the indicator set.
    fw = with_priority(fw, 0, 0, outcomes=())
    assert found(golden_thread(fw), "indicator-unused") == []
    fw = attrs.evolve(fw, service_plans=(attrs.evolve(fw.service_plans[0], indicators=()),))
    assert found(golden_thread(fw), "indicator-unused") == [(Severity.INFO, "$.indicators[1]")]


def test_rated_indicator_without_targets() -> None:
    fw = with_indicator(clean(), 0, targets=())
    assert found(golden_thread(fw), "missing-target") == [
        (Severity.WARNING, "$.indicators[0].targets")
    ]


def test_data_only_indicator_needs_no_target() -> None:
    assert clean().indicators[3].polarity is Polarity.NONE and not clean().indicators[3].targets
    assert found(golden_thread(clean()), "missing-target") == []


def test_band_target_without_low_or_high() -> None:
    fw = with_indicator(
        clean(),
        2,
        targets=(
            Target(period=FY, low=40.0, high=60.0),
            Target(period=p("2025/26"), value=50.0),
            Target(period=p("2026/27"), value=50.0, low=45.0),
        ),
    )
    assert found(golden_thread(fw), "band-target-incomplete") == [
        (Severity.WARNING, "$.indicators[2].targets[1]"),
        (Severity.WARNING, "$.indicators[2].targets[2]"),
    ]


def test_indicator_set_outside_its_bounds() -> None:
    fw = attrs.evolve(
        clean(), indicator_sets=(attrs.evolve(clean().indicator_sets[0], min_size=4, max_size=4),)
    )
    finding = one(golden_thread(fw), "set-size")
    assert (finding.severity, finding.path) == (Severity.WARNING, "$.indicator_sets[0]")
    assert "has 3 indicators; it should have exactly 4" in finding.message


def test_an_indicator_listed_twice_in_a_set_is_counted_once_against_its_bounds() -> None:
    # The committee watches it once (its report shows it once), so a repeat must not make up
    # the numbers of a set that is one short.
    held = clean().indicator_sets[0]
    repeated = attrs.evolve(
        held, indicators=(*held.indicators, held.indicators[0]), min_size=4, max_size=4
    )
    fw = attrs.evolve(clean(), indicator_sets=(repeated,))
    finding = one(golden_thread(fw), "set-size")
    assert "has 3 indicators; it should have exactly 4" in finding.message
    kept = attrs.evolve(repeated, min_size=3, max_size=3)
    assert kept.size_problem() is None


def test_theme_without_priorities() -> None:
    fw = with_theme(clean(), 1, priorities=())
    assert found(golden_thread(fw), "theme-empty") == [(Severity.WARNING, "$.plan.themes[1]")]


# -- data quality: timeliness ------------------------------------------------------------------


def readings_of(indicator: str, values: dict[str, float]) -> list[Reading]:
    return [Reading(indicator=indicator, period=p(k), value=v) for k, v in values.items()]


def others() -> list[Reading]:
    return [r for r in clean_readings() if r.indicator != "FT"]


def test_missing_periods_between_first_reading_and_latest_due() -> None:
    ft = readings_of("FT", {"2023/24 Q1": 80.0, "2024/25 Q3": 90.0})
    finding = one(data_quality(clean(), others() + ft, AS_OF), "missing-period")
    assert (finding.severity, finding.path) == (Severity.WARNING, "$.indicators[0]")
    assert finding.message.startswith("5 quarterly periods have no reading of FT")
    assert "2023/24 Q2, 2023/24 Q3, 2023/24 Q4, 2024/25 Q1, 2024/25 Q2." in finding.message


def test_missing_periods_lists_five_and_counts_the_rest() -> None:
    ft = readings_of("FT", {"2022/23 Q1": 80.0, "2024/25 Q3": 90.0})
    message = one(data_quality(clean(), others() + ft, AS_OF), "missing-period").message
    assert message.startswith("9 quarterly periods")
    assert "2022/23 Q2, 2022/23 Q3, 2022/23 Q4, 2023/24 Q1, 2023/24 Q2 and 4 more" in message


def test_a_missing_reason_counts_as_a_reading() -> None:
    ft = [
        *readings_of("FT", {"2024/25 Q1": 80.0, "2024/25 Q3": 90.0}),
        Reading(indicator="FT", period=p("2024/25 Q2"), missing_reason="Software failure"),
    ]
    assert data_quality(clean(), others() + ft, AS_OF) == ()


def test_late_data_once_the_lag_has_passed() -> None:
    ft = readings_of("FT", {"2024/25 Q1": 80.0, "2024/25 Q2": 85.0})
    due_day = dt.date(2025, 1, 28)  # 31 Dec 2024 + 28 days
    assert found(data_quality(clean(), others() + ft, due_day), "late-data") == []
    findings = data_quality(clean(), others() + ft, due_day + dt.timedelta(days=1))
    finding = one(findings, "late-data")
    assert (finding.severity, finding.path) == (Severity.WARNING, "$.indicators[0]")
    assert "2024/25 Q3" in finding.message and "28 Jan 2025" in finding.message
    # The same gap is counted as a missing period.
    assert "1 quarterly period has no reading" in one(findings, "missing-period").message


def test_no_late_data_before_an_indicators_first_reading() -> None:
    # FT started reporting in 2024/25 Q4: 2024/25 Q3 is due but was never expected.
    ft = [Reading(indicator="FT", period=p("2024/25 Q4"), value=90.0)]
    assert data_quality(clean(), others() + ft, AS_OF) == ()
    # An indicator with no readings at all is late.
    assert found(data_quality(clean(), others(), AS_OF), "late-data") == [
        (Severity.WARNING, "$.indicators[0]")
    ]


def test_reporting_lag_is_the_indicators_own() -> None:
    fw = with_indicator(clean(), 0, reporting_lag_days=60)
    ft = readings_of("FT", {"2024/25 Q1": 80.0, "2024/25 Q2": 85.0})
    assert data_quality(fw, others() + ft, AS_OF) == ()


def test_missing_periods_follow_the_year_start_and_frequency() -> None:
    fw = attrs.evolve(
        with_indicator(clean(), 0, frequency=Frequency.ANNUAL, reporting_lag_days=0),
        year_start_month=1,
    )
    ft = [
        Reading(indicator="FT", period=parse_period("2021", start_month=1), value=80.0),
        Reading(indicator="FT", period=parse_period("2023", start_month=1), value=80.0),
    ]
    # Only FT's findings: the other indicators' readings are of years from April, which this
    # council's years (from January) are not.
    findings = [f for f in data_quality(fw, others() + ft, AS_OF) if f.path == "$.indicators[0]"]
    # Calendar years with no lag: 2024 ended on 31 Dec 2024 and is due by 1 Feb 2025.
    message = one(findings, "missing-period").message
    assert message.startswith("2 annual periods have no reading of FT")
    assert "since its first reading (2021): 2022, 2024." in message
    assert "for 2024;" in one(findings, "late-data").message


def test_a_reading_no_assessment_can_use_is_an_error_and_fills_no_gap() -> None:
    # FT is quarterly in a council whose years start in April: a month, and a quarter of years
    # that start in January, cover 2024/25 Q3's months but are not 2024/25 Q3.
    ft = [
        *readings_of("FT", {"2024/25 Q1": 80.0, "2024/25 Q2": 85.0}),
        Reading(indicator="FT", period=p("Nov 2024"), value=86.0),
        Reading(indicator="FT", period=Quarter(year=2024, number=4, start_month=1), value=87.0),
    ]
    findings = data_quality(clean(), others() + ft, AS_OF)
    assert [(f.code, f.path) for f in findings if f.severity is Severity.ERROR] == [
        ("wrong-year-start", "$.readings[indicator=FT, period=2024 Q4]"),
        ("wrong-frequency", "$.readings[indicator=FT, period=Nov 2024]"),
    ]
    assert one(findings, "wrong-year-start").message == (
        "The reading of FT for 2024 Q4 is for a quarterly period of years that start in "
        "January, but the council's years start in April; record it for one of the council's "
        "quarterly periods, such as 2024/25 Q3."
    )
    assert "2024/25 Q3" in one(findings, "late-data").message
    # In a council whose years start in January the same quarter is its own, and on time.
    calendar = attrs.evolve(clean(), year_start_month=1)
    ft[:2] = [Reading(indicator="FT", period=Quarter(year=2024, number=3, start_month=1), value=8)]
    about_ft = ("$.readings[indicator=FT", "$.indicators[0]")
    assert [
        (f.code, f.path) for f in data_quality(calendar, ft, AS_OF) if f.path.startswith(about_ft)
    ] == [("wrong-frequency", "$.readings[indicator=FT, period=Nov 2024]")]


def test_provisional_reading_for_the_current_period_is_not_a_gap() -> None:
    ft = [
        *readings_of("FT", {"2024/25 Q1": 80.0, "2024/25 Q2": 85.0, "2024/25 Q3": 86.0}),
        Reading(
            indicator="FT", period=p("2024/25 Q4"), value=1.0, status=ReadingStatus.PROVISIONAL
        ),
    ]
    assert data_quality(clean(), others() + ft, AS_OF) == ()


# -- data quality: values ----------------------------------------------------------------------


def test_duplicate_readings_from_an_iterable_are_counted() -> None:
    extra = Reading(indicator="FT", period=p("2024/25 Q2"), value=77.0)
    finding = one(
        data_quality(clean(), [*clean_readings(), extra, extra], AS_OF), "duplicate-reading"
    )
    assert (finding.severity, finding.path) == (
        Severity.ERROR,
        "$.readings[indicator=FT, period=2024/25 Q2]",
    )
    assert "3 readings of FT for 2024/25 Q2" in finding.message


def test_duplicate_readings_from_an_index_use_its_duplicates() -> None:
    extra = Reading(indicator="FT", period=p("2024/25 Q2"), value=77.0)
    index = Readings.of([*clean_readings(), extra, extra])
    finding = one(data_quality(clean(), index, AS_OF), "duplicate-reading")
    assert (finding.severity, finding.path) == (
        Severity.ERROR,
        "$.readings[indicator=FT, period=2024/25 Q2]",
    )
    assert "There are 3 readings of FT for 2024/25 Q2" in finding.message


def test_duplicate_readings_of_an_unknown_indicator() -> None:
    zz = Reading(indicator="ZZ", period=p("2024/25 Q1"), value=1.0)
    findings = data_quality(clean(), [*clean_readings(), zz, zz], AS_OF)
    assert found(findings, "duplicate-reading") == [
        (Severity.ERROR, "$.readings[indicator=ZZ, period=2024/25 Q1]")
    ]


def test_impossible_values() -> None:
    readings = [
        *others(),
        *readings_of("FT", {"2024/25 Q1": 80.0, "2024/25 Q2": 104.0, "2024/25 Q3": -1.0}),
    ]
    findings = data_quality(clean(), readings, AS_OF)
    assert found(findings, "impossible-value") == [
        (Severity.ERROR, "$.readings[indicator=FT, period=2024/25 Q2]"),
        (Severity.ERROR, "$.readings[indicator=FT, period=2024/25 Q3]"),
    ]
    messages = " ".join(f.message for f in findings)
    assert "a percentage over 100" in messages and "a negative percentage" in messages


def test_readings_of_an_unknown_indicator_give_one_error() -> None:
    zz = readings_of("ZZ9", {"2024/25 Q1": 1.0, "2024/25 Q2": 2.0})
    finding = one(data_quality(clean(), [*clean_readings(), *zz], AS_OF), "unknown-indicator")
    assert (finding.severity, finding.path) == (Severity.ERROR, "$.readings[indicator=ZZ9]")
    assert "2 readings (2024/25 Q1 to 2024/25 Q2) are for indicator 'ZZ9'" in finding.message


def revision(old: Reading | None, new: Reading, reason: str = "") -> ReadingRevision:
    return ReadingRevision(
        indicator=new.indicator,
        period=new.period,
        revision=2,
        old=old,
        new=new,
        by="A Officer",
        at="2025-01-10T09:00:00",
        reason=reason,
    )


Q2 = p("2024/25 Q2")
FINAL = Reading(indicator="FT", period=Q2, value=85.0)
PROVISIONAL = attrs.evolve(FINAL, status=ReadingStatus.PROVISIONAL)
CHANGED = Reading(indicator="FT", period=Q2, value=81.5)


@pytest.mark.parametrize("reason", ["", "   "])
def test_final_value_changed_without_a_reason(reason: str) -> None:
    findings = data_quality(clean(), clean_readings(), AS_OF, [revision(FINAL, CHANGED, reason)])
    finding = one(findings, "unexplained-change")
    assert (finding.severity, finding.path) == (
        Severity.WARNING,
        "$.readings[indicator=FT, period=2024/25 Q2]",
    )
    assert "from 85.0% to 81.5%" in finding.message and "A Officer" in finding.message


@pytest.mark.parametrize(
    "change",
    [
        revision(FINAL, CHANGED, "Late returns from the contractor"),
        revision(PROVISIONAL, CHANGED),
        revision(None, CHANGED),
        revision(FINAL, attrs.evolve(FINAL, note="checked")),
    ],
)
def test_explained_provisional_new_or_unchanged_revisions_are_fine(
    change: ReadingRevision,
) -> None:
    assert (
        found(data_quality(clean(), clean_readings(), AS_OF, [change]), "unexplained-change") == []
    )


def test_final_value_withdrawn_without_a_reason() -> None:
    withdrawn = Reading(indicator="FT", period=Q2, missing_reason="Data found to be wrong")
    finding = one(
        data_quality(clean(), clean_readings(), AS_OF, [revision(FINAL, withdrawn)]),
        "unexplained-change",
    )
    assert "from 85.0% to no data" in finding.message


def test_provisional_reading_more_than_a_year_old() -> None:
    old = Reading(
        indicator="FT", period=p("2023/24 Q3"), value=70.0, status=ReadingStatus.PROVISIONAL
    )
    findings = data_quality(clean(), [*clean_readings(), old], AS_OF)
    assert found(findings, "provisional-old") == [
        (Severity.INFO, "$.readings[indicator=FT, period=2023/24 Q3]")
    ]
    # 2023/24 Q4 ended on 31 Mar 2024, less than a year before 1 Feb 2025.
    recent = attrs.evolve(old, period=p("2023/24 Q4"))
    assert found(data_quality(clean(), [*clean_readings(), recent], AS_OF), "provisional-old") == []


# -- run_checks --------------------------------------------------------------------------------


def test_run_checks_sorts_errors_first_then_by_path_naturally() -> None:
    many = tuple(Indicator(id=f"X{i}", title=f"X{i}") for i in range(11))
    fw = attrs.evolve(clean(), indicators=(*clean().indicators, *many))
    fw = with_delivery_actions(fw, Action(ref="A1", title="a", serves=("P9",)))
    findings = run_checks(fw, clean_readings(), AS_OF)
    ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity.value] for f in findings]
    assert ranks == sorted(ranks)
    assert findings[0].code == "unknown-priority"
    unused = [f.path for f in findings if f.code == "indicator-unused"]
    assert unused == [f"$.indicators[{i}]" for i in range(4, 15)]

    # Each severity is ordered by path (numbers compared as numbers), then code.
    def key(f: Finding) -> tuple[int, list[str | int], str]:
        parts = f.path.replace("]", "[").split("[")
        natural = [int(x) if x.isdigit() else x for x in parts]
        return ranks[findings.index(f)], natural, f.code

    assert sorted(findings, key=key) == list(findings)
    assert [f.code for f in findings if f.path.startswith("$.indicators[4]")] == [
        "late-data",
        "missing-target",
        "indicator-unused",
    ]


def test_run_checks_is_deterministic_whatever_the_reading_order() -> None:
    readings = [*clean_readings(), Reading(indicator="FT", period=Q2, value=120.0)]
    readings.append(Reading(indicator="ZZ", period=Q2, value=1.0))
    first = run_checks(clean(), readings, AS_OF)
    shuffled = readings[:]
    random.Random(7).shuffle(shuffled)
    assert run_checks(clean(), shuffled, AS_OF) == first
    assert {f.code for f in first} == {"duplicate-reading", "impossible-value", "unknown-indicator"}


def test_run_checks_reads_a_one_shot_iterator_once_for_every_check() -> None:
    extra = Reading(indicator="FT", period=Q2, value=77.0)
    findings = run_checks(clean(), iter([*clean_readings(), extra]), AS_OF)
    assert [f.code for f in findings] == ["duplicate-reading"]


def test_run_checks_runs_extra_checks_with_a_readings_index() -> None:
    seen: list[object] = []

    def too_few_readings(fw: Framework, readings: Readings, as_of: dt.date) -> list[Finding]:
        seen.append(readings)
        return [
            Finding(
                severity=Severity.INFO,
                code="too-few",
                path="$.indicators[0]",
                message=f"{len(readings)} readings on {as_of}",
            )
        ]

    check: Check = too_few_readings
    findings = run_checks(clean(), clean_readings(), AS_OF, extra=[check])
    assert [str(f) for f in findings] == ["info too-few $.indicators[0]: 12 readings on 2025-02-01"]
    assert isinstance(seen[0], Readings)


def test_run_checks_includes_revisions() -> None:
    findings = run_checks(clean(), clean_readings(), AS_OF, revisions=[revision(FINAL, CHANGED)])
    assert [f.code for f in findings] == ["unexplained-change"]


def test_every_finding_has_a_kebab_case_code_and_a_sentence() -> None:
    fw = with_delivery_actions(
        clean(), Action(ref="A1", title="a", serves=("P9",)), Action(ref="A2", title="b")
    )
    fw = with_theme(fw, 1, priorities=())
    fw = with_indicator(fw, 0, targets=())
    findings = run_checks(fw, [Reading(indicator="Q", period=Q2, value=1.0)], AS_OF)
    assert len({f.code for f in findings}) >= 6
    for f in findings:
        assert f.code.replace("-", "").isalpha() and f.code == f.code.lower()
        assert (f.message[0].isupper() or f.message[0].isdigit()) and f.message.endswith(".")
        assert f.path.startswith("$.")


# -- the same findings on a scorecard ----------------------------------------------------------


def test_a_scorecard_finds_late_impossible_and_duplicate_readings_as_the_checks_word_them() -> None:
    q3 = p("2024/25 Q3")
    early = readings_of("FT", {"2024/25 Q1": 80.0, "2024/25 Q2": 85.0})
    late_card = assess(clean(), others() + early, q3, AS_OF)
    late = [f for f in late_card.findings if f.path == "$.indicators[0]"]
    assert late == [one(data_quality(clean(), others() + early, AS_OF), "late-data")]
    assert "it was due by 28 Jan 2025" in late[0].message

    wrong = Reading(indicator="FT", period=q3, value=104.0)
    readings = [*others(), *early, wrong, wrong]
    at = "$.readings[indicator=FT, period=2024/25 Q3]"
    on_card = [f for f in assess(clean(), readings, q3, AS_OF).findings if f.path == at]
    checked = [
        f
        for f in data_quality(clean(), readings, AS_OF)
        if f.code in ("impossible-value", "duplicate-reading")
    ]
    assert sorted(on_card, key=str) == sorted(checked, key=str)
    assert {f.code for f in on_card} == {"impossible-value", "duplicate-reading"}
