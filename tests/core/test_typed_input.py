"""Records take what people type: enumeration spellings, period text, ISO dates, numbers of
any numeric type, and NaN for a missing reading; wrong input is refused in one line naming
the field."""

from __future__ import annotations

import datetime as dt
import fractions
import math
import re
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import councilpmf as pmf
import councilpmf.core.report as report_builders
from councilpmf.core.actions import Action, Milestone
from councilpmf.core.approval import ApprovalPolicy
from councilpmf.core.assess import assess
from councilpmf.core.errors import CouncilPMFError, InputError
from councilpmf.core.findings import Finding, Severity
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, CommitteeKind, IndicatorSet, Level
from councilpmf.core.indicators import (
    Aggregation,
    Baseline,
    Indicator,
    Polarity,
    Reading,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.periods import Frequency, Quarter, parse_period
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    Outcome,
    Priority,
    StrategicPlan,
    Theme,
)
from councilpmf.core.rag import Clause, Status
from councilpmf.core.readings import Readings
from councilpmf.core.risks import Risk, RiskScore
from councilpmf.testing.samples import (
    AS_OF,
    PERIOD,
    UPDATE,
    sample_framework,
    sample_readings,
    sample_risks,
)

Q3 = parse_period("2024/25 Q3")


class NumpyLikeInt:
    """What numpy's integers offer: ``__index__`` and ``__float__``, and no ``int`` base."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        return f"np.int64({self.value})"


def test_enumerations_take_their_documented_spellings_in_any_case() -> None:
    kpi = Indicator(
        id="K",
        title="K",
        polarity="Higher is Better",
        unit="percentage",
        frequency="QUARTERLY",
        aggregation=" cumulative ",
    )
    assert kpi.polarity is Polarity.HIGHER_IS_BETTER
    assert kpi.unit is Unit.PERCENTAGE
    assert kpi.frequency is Frequency.QUARTERLY
    assert kpi.aggregation is Aggregation.CUMULATIVE
    assert kpi == Indicator(
        id="K",
        title="K",
        polarity=Polarity.HIGHER_IS_BETTER,
        unit=Unit.PERCENTAGE,
        frequency=Frequency.QUARTERLY,
        aggregation=Aggregation.CUMULATIVE,
    )


@pytest.mark.parametrize("member", [*Unit, *Polarity, *Frequency, *Aggregation])
def test_every_documented_spelling_is_taken(
    member: Unit | Polarity | Frequency | Aggregation,
) -> None:
    field = {
        Unit: "unit",
        Polarity: "polarity",
        Frequency: "frequency",
        Aggregation: "aggregation",
    }[type(member)]
    kpi = Indicator(id="K", title="K", **{field: str(member.value).upper()})
    assert getattr(kpi, field) is member


def test_an_unknown_spelling_is_refused_in_one_line_naming_the_field_and_the_choices() -> None:
    with pytest.raises(InputError) as caught:
        Indicator(id="K", title="K", polarity="higher-ish")
    message = str(caught.value)
    assert message == (
        "polarity: 'higher-ish' is not one of: higher is better, lower is better, target band, none"
    )
    assert isinstance(caught.value, CouncilPMFError) and isinstance(caught.value, ValueError)
    assert "Attribute(" not in message and "\n" not in message


def test_a_value_of_the_wrong_kind_is_a_type_error_too() -> None:
    with pytest.raises(
        TypeError, match=r"^unit: 3 is not one of: percentage, percentage change, money"
    ):
        Indicator(id="K", title="K", unit=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2024/25 Q3", "Q3 2024/25", "q3 2024-25"])
def test_periods_are_read_from_text_wherever_a_period_is_expected(text: str) -> None:
    assert Reading(indicator="K", period=text, value=1.0).period == Q3
    assert Target(period=text, value=1.0).period == Q3
    assert Baseline(period=text, value=1.0).period == Q3
    assert Indicator(id="K", title="K", series_break=text).series_break == Q3
    year = BudgetAllocation(priority="P", year="2024/25", amount=10).year
    assert year == parse_period("2024/25")
    assert DeliveryPlan(id="d", title="d", year="2024/25").year == year


def test_bad_period_text_is_refused_naming_the_field_and_why() -> None:
    with pytest.raises(InputError) as caught:
        Reading(indicator="K", period="2024/25 Q5", value=1.0)
    assert str(caught.value) == (
        "period: '2024/25 Q5' is not a period: quarters are numbered Q1 to Q4"
    )


def test_iso_dates_are_read_wherever_a_date_is_expected() -> None:
    action = Action(ref="1", title="Buy a sweeper", start="2024-04-01", due="2025-03-31")
    assert (action.start, action.due) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert Milestone(title="m", done="2024-11-05").done == dt.date(2024, 11, 5)
    with pytest.raises(
        InputError, match=r"^due: expected a date such as '2025-01-20', not '31/03/2025'$"
    ):
        Action(ref="1", title="x", due="31/03/2025")


def test_numpy_like_numbers_are_taken_and_stored_as_float() -> None:
    reading = Reading(indicator="K", period=Q3, value=NumpyLikeInt(431))  # type: ignore[arg-type]
    assert reading.value == 431.0 and type(reading.value) is float
    target = Target(period=Q3, value=fractions.Fraction(1, 2))
    assert target.value == 0.5 and type(target.value) is float
    kpi = Indicator(id="K", title="K", decimals=NumpyLikeInt(2))  # type: ignore[arg-type]
    assert kpi.decimals == 2 and type(kpi.decimals) is int


def test_text_and_bools_are_still_not_numbers() -> None:
    with pytest.raises(TypeError, match=r"^value must be a number, not '431'$"):
        Reading(indicator="K", period=Q3, value="431")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="value must be a number, not True"):
        Target(period=Q3, value=True)


def test_nan_means_missing_for_a_reading_and_nowhere_else() -> None:
    reading = Reading(indicator="K", period=Q3, value=math.nan, missing_reason="not collected")
    assert reading.value is None
    with pytest.raises(InputError, match="a reading needs a value or a missing_reason"):
        Reading(indicator="K", period=Q3, value=math.nan)
    with pytest.raises(InputError, match="value must be a number, not nan"):
        Target(period=Q3, value=math.nan)


def test_reading_status_takes_its_spelling() -> None:
    reading = Reading(indicator="K", period="2024/25 Q3", value=1, status="Provisional")
    assert reading.status is ReadingStatus.PROVISIONAL


def test_evolve_takes_plain_values_too() -> None:
    kpi = attrs.evolve(Indicator(id="K", title="K"), polarity="lower is better")
    assert kpi.polarity is Polarity.LOWER_IS_BETTER


@given(st.sampled_from([*Polarity]), st.booleans())
def test_a_spelling_and_its_member_make_equal_records(member: Polarity, upper: bool) -> None:
    spelt = member.value.upper() if upper else member.value
    assert Indicator(id="K", title="K", polarity=spelt) == Indicator(
        id="K", title="K", polarity=member
    )


# -- assess takes plain values -------------------------------------------------------------------


def _framework(*indicators: Indicator) -> Framework:
    return Framework(
        plan=StrategicPlan(
            title="Plan",
            organisation="Anytown",
            themes=(
                Theme(
                    id="T",
                    name="Our place",
                    priorities=(Priority(id="P1", statement="Clean streets", indicators=("FT",)),),
                ),
            ),
        ),
        indicators=indicators,
    )


FT = Indicator(
    id="FT", title="Fly-tips cleared", unit="percentage", targets=(Target(period=Q3, value=90),)
)


def test_an_indicator_set_smaller_at_most_than_at_least_is_refused_naming_the_field() -> None:
    # An InputError, as every other wrong value of a record is: it was a plain ValueError,
    # which code catching the library's errors missed.
    with pytest.raises(InputError) as refused:
        IndicatorSet(committee="c", level=Level.STRATEGIC, indicators=(), min_size=25, max_size=15)
    assert str(refused.value) == "min_size: 25 is above max_size 15"


def test_assess_takes_a_period_and_a_date_as_text() -> None:
    readings = [Reading(indicator="FT", period=Q3, value=84.0)]
    card = assess(_framework(FT), readings, "2024/25 Q3", as_of="2025-01-20")
    assert card == assess(_framework(FT), readings, Q3, as_of=dt.date(2025, 1, 20))
    assert card.period == Q3 and card.as_of == dt.date(2025, 1, 20)


def test_assess_refuses_a_bad_period_in_one_line() -> None:
    with pytest.raises(InputError, match=r"^period: '2024/25 Q9' is not a period"):
        assess(_framework(FT), [], "2024/25 Q9", as_of="2025-01-20")
    with pytest.raises(InputError, match=r"^as_of: expected a date"):
        assess(_framework(FT), [], "2024/25 Q3", as_of="20 Jan")


# -- whole-framework invariants ------------------------------------------------------------------


def test_two_indicators_with_one_id_are_refused_naming_both_positions() -> None:
    with pytest.raises(InputError) as caught:
        _framework(FT, Indicator(id="K2", title="Other"), Indicator(id="FT", title="Again"))
    assert str(caught.value) == (
        "$.indicators[2].id: 'FT' is already the id of the indicator at $.indicators[0]; "
        "give each indicator its own id"
    )


def test_golden_thread_finds_what_is_wrong_with_the_whole_framework() -> None:
    fw = attrs.evolve(
        _framework(FT),
        plan=StrategicPlan(
            title="Plan",
            organisation="Anytown",
            themes=(
                Theme(
                    id="T",
                    name="Our place",
                    priorities=(Priority(id="P1", statement="Clean streets", indicators=("XX",)),),
                ),
            ),
        ),
    )
    assert "unknown-indicator" in [finding.code for finding in pmf.golden_thread(fw)]
    assert "unknown-indicator" not in [f.code for f in pmf.golden_thread(_framework(FT))]


def test_assess_reports_a_reading_of_an_undefined_indicator() -> None:
    readings = [
        Reading(indicator="FT", period=Q3, value=84.0),
        Reading(indicator="FX", period=Q3, value=12.0),
    ]
    card = assess(_framework(FT), readings, Q3, as_of="2025-01-20")
    unknown = [f for f in card.findings if f.code == "unknown-indicator"]
    assert [f.path for f in unknown] == ["$.readings[indicator=FX]"]
    assert "1 reading (2024/25 Q3) is for indicator 'FX'" in unknown[0].message
    # Only readings within the period assessed are reported with it.
    q2 = assess(_framework(FT), readings, Q3.previous(), as_of="2024-10-20")
    assert [f for f in q2.findings if f.code == "unknown-indicator"] == []


def test_assess_reports_a_monthly_reading_of_a_quarterly_indicator() -> None:
    readings = [Reading(indicator="FT", period="Nov 2024", value=84.0)]
    card = assess(_framework(FT), readings, Q3, as_of="2025-01-20")
    wrong = [f for f in card.findings if f.code == "wrong-frequency"]
    assert [(f.path, f.message) for f in wrong] == [
        (
            "$.readings[indicator=FT, period=Nov 2024]",
            "The reading of FT for Nov 2024 is monthly, but FT is reported quarterly; "
            "record it for a quarterly period.",
        )
    ]


def test_assess_reports_a_quarter_of_years_that_start_in_another_month() -> None:
    calendar_q4 = Quarter(year=2024, number=4, start_month=1)  # Oct to Dec, as Q3 is
    readings = [Reading(indicator="FT", period=Q3.previous(), value=80.0)]
    readings.append(Reading(indicator="FT", period=calendar_q4, value=84.0))
    index = Readings.of(readings)
    assert index.mixed == {"FT"}  # two kinds of quarter, so the readings are looked through
    card = assess(_framework(FT), index, Q3, as_of="2025-01-20")
    assert card.result("FT").value is None  # never the value of the council's own quarter
    assert [(f.code, f.path) for f in card.findings if f.code.startswith("wrong")] == [
        ("wrong-year-start", "$.readings[indicator=FT, period=2024 Q4]")
    ]
    assert "such as 2024/25 Q3." in card.findings[-1].message


def test_a_committee_scorecard_reports_only_its_own_indicators_readings() -> None:
    other = Indicator(id="K2", title="Other")
    readings = [
        Reading(indicator="FT", period="Nov 2024", value=84.0),
        Reading(indicator="K2", period="Nov 2024", value=3.0),
        Reading(indicator="FX", period=Q3, value=12.0),
    ]
    card = assess(_framework(FT, other), readings, Q3, as_of="2025-01-20", indicators=["K2"])
    assert [(f.code, f.path) for f in card.findings if f.code.startswith(("wrong", "unknown"))] == [
        ("wrong-frequency", "$.readings[indicator=K2, period=Nov 2024]")
    ]


# -- every record, not only the ones a folder builds ---------------------------------------------


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda: Reading(indicator="K", period="2024/25 Q1", value=1, note=5), "note must be text"),
        (lambda: Framework(plan=5), "plan must be StrategicPlan, not 5"),
        (
            lambda: Finding(severity="fatal", code="x", message="m"),
            "severity: 'fatal' is not one of: error, warning, info",
        ),
        (
            lambda: Committee(id="c", name="C", kind="parish", cadence="quarterly"),
            "kind: 'parish' is not one of",
        ),
        (
            lambda: IndicatorSet(committee="c", level=3, indicators=("K",)),
            "level: 3 is not one of",
        ),
        (lambda: ApprovalPolicy(required="yes"), "required must be True or False, not 'yes'"),
        (
            lambda: BudgetAllocation(priority="P", year="2024/25", amount=1, kind="grant"),
            "kind must be 'revenue' or 'capital', not 'grant'",
        ),
        (lambda: Clause(status=Status.RED, op="=>"), "op must be '>=', '>', '<=' or '<', not '=>'"),
    ],
    ids=["text", "record", "severity", "committee kind", "level", "flag", "budget", "operator"],
)
def test_a_wrong_value_in_any_record_is_one_line_naming_its_field(
    make: Callable[[], object], says: str
) -> None:
    with pytest.raises(InputError) as caught:
        make()
    message = str(caught.value)
    assert says in message
    assert "\n" not in message and "Attribute(" not in message


def test_enum_fields_of_findings_and_committees_take_their_spellings() -> None:
    finding = Finding(severity="Warning", code="x", message="m")
    committee = Committee(id="c", name="C", kind="CABINET", cadence="quarterly")
    chosen = IndicatorSet(committee="c", level="strategic", indicators=("K",))
    assert finding.severity is Severity.WARNING
    assert (committee.kind, committee.cadence) == (CommitteeKind.CABINET, Frequency.QUARTERLY)
    assert chosen.level is Level.STRATEGIC


# -- text that is not text ----------------------------------------------------------------------

HALF_PAIR = "Caf\udce9"  # b"Caf\xe9" decoded with errors="surrogateescape", as argv is


def _text_fields(record: object, where: str = "") -> list[tuple[object, str, str]]:
    """Every record within ``record`` with each of its text fields (text, or a tuple of text),
    and where the field is, for the message."""
    found: list[tuple[object, str, str]] = []
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        items = value if isinstance(value, tuple) else (value,)
        if any(isinstance(item, str) for item in items):
            found.append((record, field.name, f"{where}.{field.name}"))
        for item in items:
            if attrs.has(type(item)):
                found.extend(_text_fields(item, f"{where}.{field.name}"))
    return found


def _with_half_pair(value: object) -> object:
    if isinstance(value, tuple):
        return tuple(_with_half_pair(item) for item in value)
    return value + HALF_PAIR if isinstance(value, str) else value


SAMPLE_TEXT = [
    *_text_fields(sample_framework(), "framework"),
    *_text_fields(UPDATE, "update"),
    *_text_fields(sample_risks(), "risks"),
    *_text_fields(Indicator(id="C", title="C", formula="A + B"), "calculated"),
    *_text_fields(Reading(indicator="K", period=Q3, missing_reason="late", note="n"), "reading"),
]


@pytest.mark.parametrize(
    ("record", "name"),
    [(record, name) for record, name, _ in SAMPLE_TEXT],
    ids=[where for *_, where in SAMPLE_TEXT],
)
def test_half_a_surrogate_pair_in_any_text_field_is_refused_naming_the_field(
    record: object, name: str
) -> None:
    # UTF-8 cannot hold it: json:// and sqlite:// would refuse it on writing and memory:// would
    # keep it, so the record refuses it, for every store alike.
    value = _with_half_pair(getattr(record, name))
    with pytest.raises(ValueError) as caught:
        attrs.evolve(record, **{name: value})  # type: ignore[misc]
    message = str(caught.value)
    if name in ("kind", "mode"):  # words from a fixed list: refused as any other word would be
        assert name in message
    else:
        assert isinstance(caught.value, InputError)
        assert message.startswith(f"{name} must be valid Unicode text: character "), message
        assert message.endswith(" is half a surrogate pair ('\\udce9')"), message


def test_text_with_surrogate_pairs_made_whole_is_taken() -> None:
    reading = Reading(indicator="K", period=Q3, value=1, note="\U0001f600 Caf\u00e9 \u200f")
    assert reading.note == "\U0001f600 Caf\u00e9 \u200f"


_SCORE = RiskScore(likelihood=2, impact=2)


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("id", lambda written: Theme(id=written, name="Place")),
        ("id", lambda written: Priority(id=written, statement="Homes")),
        ("id", lambda written: Outcome(id=written, statement="Homes")),
        ("indicators", lambda written: Outcome(id="O1", statement="Homes", indicators=(written,))),
        ("indicators", lambda written: Priority(id="P1", statement="Homes", indicators=(written,))),
        ("priority", lambda written: BudgetAllocation(priority=written, year="2024/25", amount=1)),
        ("theme", lambda written: DeliveryPlan(id="D1", title="Plan", theme=written)),
        ("id", lambda written: DeliveryPlan(id=written, title="Plan")),
        ("ref", lambda written: Action(ref=written, title="Open the depot")),
        ("serves", lambda written: Action(ref="A1", title="Open the depot", serves=(written,))),
        ("id", lambda written: Risk(id=written, title="Cyber", inherent=_SCORE, residual=_SCORE)),
        (
            "actions",
            lambda written: Risk(
                id="R1", title="Cyber", inherent=_SCORE, residual=_SCORE, actions=(written,)
            ),
        ),
        (
            "id",
            lambda written: Committee(
                id=written, name="Cabinet", kind="cabinet", cadence="quarterly"
            ),
        ),
        (
            "indicators",
            lambda written: IndicatorSet(
                committee="cabinet", level="strategic", indicators=(written,)
            ),
        ),
    ],
)
@pytest.mark.parametrize("written", ["P1 ", " P1", "P1\n"])
def test_ids_matched_against_others_refuse_spaces_around_them(
    field: str, make: Callable[[str], object], written: str
) -> None:
    message = f"{field} must not start or end with a space: {written!r}"
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        make(written)
    make("P 1")  # a space within an id is kept


# -- as_of and period wherever an entry point takes them --------------------------------------

_REPORTED = attrs.evolve(sample_framework(), risks=sample_risks())


@pytest.mark.parametrize("kind", pmf.REPORT_KINDS)
def test_every_report_takes_a_period_and_a_date_as_text(kind: str) -> None:
    readings = sample_readings()
    as_text = pmf.build_report(kind, _REPORTED, readings, "2024/25 Q3", "2025-01-20", "cabinet")
    assert as_text == pmf.build_report(kind, _REPORTED, readings, PERIOD, AS_OF, "cabinet")


@pytest.mark.parametrize("kind", pmf.REPORT_KINDS)
def test_every_report_builder_takes_a_period_and_a_date_as_text(kind: str) -> None:
    builder = getattr(report_builders, f"{kind.replace('-', '_')}_report")
    readings = sample_readings()
    as_text = builder(_REPORTED, readings, "2024/25 Q3", "2025-01-20", "cabinet")
    assert as_text == builder(_REPORTED, readings, PERIOD, AS_OF, "cabinet")
    with pytest.raises(InputError, match=r"^as_of: expected a date such as '2025-01-20'"):
        builder(_REPORTED, readings, PERIOD, "20/01/2025", "cabinet")


def test_the_returns_report_takes_its_day_as_text() -> None:
    readings = sample_readings()
    as_text = report_builders.returns_report(_REPORTED, readings, "2025-01-20")  # type: ignore[arg-type]
    assert as_text == report_builders.returns_report(_REPORTED, readings, AS_OF)


def _with_as_of(as_of: object) -> dict[str, Callable[[], object]]:
    """Each public entry point that takes ``as_of``, called with it."""
    framework, challenge = _REPORTED, _REPORTED.peer_challenges[0]
    action = next(iter(framework.planned_actions())).action
    return {
        "assess": lambda: assess(framework, [], PERIOD, as_of),  # type: ignore[arg-type]
        "build_report": lambda: pmf.build_report("actions", framework, [], PERIOD, as_of),  # type: ignore[arg-type]
        "assess_action": lambda: pmf.assess_action(action, as_of),  # type: ignore[arg-type]
        "Action.current": lambda: action.current(as_of),  # type: ignore[arg-type]
        "milestones": lambda: pmf.milestones(challenge, as_of),  # type: ignore[arg-type]
        "data_quality": lambda: pmf.data_quality(framework, [], as_of),  # type: ignore[arg-type]
        "run_checks": lambda: pmf.run_checks(framework, [], as_of),  # type: ignore[arg-type]
    }


@pytest.mark.parametrize("name", sorted(_with_as_of(AS_OF)))
def test_every_entry_point_takes_as_of_as_iso_text(name: str) -> None:
    assert _with_as_of("2025-01-20")[name]() == _with_as_of(AS_OF)[name]()


@pytest.mark.parametrize("name", sorted(_with_as_of(AS_OF)))
@pytest.mark.parametrize(
    "bad", ["31/01/2025", "2025-02-30", "", None, 20250120, dt.datetime(2025, 1, 20, 9, 30)]
)
def test_every_entry_point_refuses_a_bad_as_of_in_one_line_naming_it(
    name: str, bad: object
) -> None:
    with pytest.raises(CouncilPMFError) as refused:
        _with_as_of(bad)[name]()
    assert str(refused.value) == f"as_of: expected a date such as '2025-01-20', not {bad!r}"


def test_a_report_refuses_a_bad_period_in_one_line_naming_it() -> None:
    with pytest.raises(InputError, match=r"^period: '2024/25 Q9' is not a period"):
        pmf.build_report("peer-challenge", _REPORTED, [], "2024/25 Q9", AS_OF)
