"""Tests for councilpmf.core.convert: plain data to records and back, and errors that name the
file and the field."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core.actions import Action, Meaning, StatusVocabulary
from councilpmf.core.convert import InputError, structure, unstructure
from councilpmf.core.framework import Framework
from councilpmf.core.governance import IndicatorSet
from councilpmf.core.indicators import Indicator, Reading, Target
from councilpmf.core.periods import FinancialYear, Period, Quarter
from councilpmf.core.plan import Priority, StrategicPlan
from councilpmf.core.rag import BUILTIN_RULES, Bands, TargetTolerance
from strategies import RECORDS, frameworks, periods, start_months

ROUND_TRIP = settings(max_examples=100, deadline=None)


# -- round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(RECORDS), ids=lambda kind: kind.__name__)
@ROUND_TRIP
@given(data=st.data())
def test_every_record_survives_a_round_trip_through_plain_data_and_json(
    kind: type, data: st.DataObject
) -> None:
    record = data.draw(RECORDS[kind])
    plain = unstructure(record)
    assert structure(plain, kind) == record
    assert structure(json.loads(json.dumps(plain)), kind) == record


def test_every_builtin_rule_kind_has_a_strategy() -> None:
    assert set(BUILTIN_RULES.values()) <= set(RECORDS)


@ROUND_TRIP
@given(period=periods, year_start=start_months)
def test_a_period_reads_back_whatever_month_the_council_starts_its_year(
    period: Period, year_start: int
) -> None:
    text = unstructure(period, year_start_month=year_start)
    assert structure(text, type(period), year_start_month=year_start) == period
    assert structure(text, Period, year_start_month=year_start) == period


def test_a_calendar_year_is_written_so_that_an_april_council_reads_it_back() -> None:
    calendar_year = FinancialYear(year=2024, start_month=1)
    assert unstructure(calendar_year) == "2024 (from Jan)"
    assert structure("2024 (from Jan)", FinancialYear) == calendar_year
    assert unstructure(calendar_year, year_start_month=1) == "2024"


def test_periods_are_written_as_councils_write_them() -> None:
    target = Target(period=Quarter(year=2024, number=3), value=80.0)
    assert unstructure(target)["period"] == "2024/25 Q3"
    academic = Target(period=FinancialYear(year=2024, start_month=9), value=80.0)
    assert unstructure(academic)["period"] == "2024/25 (from Sep)"


@ROUND_TRIP
@given(framework=frameworks)
def test_a_framework_round_trips_in_its_own_year_start(framework: Framework) -> None:
    year = framework.year_start_month
    plain = unstructure(framework, year_start_month=year)
    assert structure(plain, Framework, year_start_month=year) == framework


def test_rules_are_tables_with_a_kind() -> None:
    indicator = Indicator(id="HS01", title="Homes", rule=TargetTolerance(tolerance=10))
    assert unstructure(indicator)["rule"] == {
        "kind": "target-tolerance",
        "tolerance": 10.0,
        "mode": "relative",
        "exceeded_by": None,
    }


def test_a_whole_number_is_accepted_where_a_number_is_expected() -> None:
    target = structure({"period": "2024/25", "value": 80}, Target)
    assert target.value == 80.0 and isinstance(target.value, float)


def test_status_vocabulary_is_a_table_of_words() -> None:
    vocabulary = structure(
        {"On target": "in progress", "Commenced and will be ongoing": "ongoing"}, StatusVocabulary
    )
    assert vocabulary.meaning_of("commenced and will be ongoing") is Meaning.ONGOING
    assert unstructure(vocabulary) == {
        "On target": "in progress",
        "Commenced and will be ongoing": "ongoing",
    }


# -- errors ----------------------------------------------------------------------------------------

KPI = {"id": "HS01", "title": "Households prevented from becoming homeless"}


def problems(data: Any, kind: type, **where: Any) -> tuple[str, ...]:
    with pytest.raises(InputError) as caught:
        structure(data, kind, **where)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def test_unknown_key_is_refused_naming_the_file_and_path() -> None:
    found = problems(
        {**KPI, "colour": "red"}, Indicator, source="indicators.toml", path="$.indicators[0]"
    )
    assert found == ("indicators.toml: $.indicators[0]: unknown field 'colour'",)


def test_unknown_key_deep_inside_is_refused_with_its_path() -> None:
    data = {**KPI, "targets": [{"period": "2024/25", "valu": 80}]}
    found = problems(data, Indicator, source="indicators.toml", path="$.indicators[3]")
    assert "indicators.toml: $.indicators[3].targets[0]: unknown field 'valu'" in found


@pytest.mark.parametrize(
    ("data", "kind", "line"),
    [
        ({**KPI, "decimals": True}, Indicator, "$.decimals: expected a whole number, not True"),
        (
            {**KPI, "targets": [{"period": "2024/25", "value": True}]},
            Indicator,
            "$.targets[0].value: expected a number, not True",
        ),
        (
            {"ref": "1.3", "title": "Plan", "percent_complete": False},
            Action,
            "$.percent_complete: expected a number, not False",
        ),
        (
            {"committee": "cabinet", "level": "strategic", "indicators": [], "min_size": True},
            IndicatorSet,
            "$.min_size: expected a whole number, not True",
        ),
        (
            {**KPI, "decimals": 1.5},
            Indicator,
            "$.decimals: expected a whole number, not 1.5",
        ),
    ],
)
def test_true_is_not_a_number(data: Any, kind: type, line: str) -> None:
    assert problems(data, kind) == (f"input: {line}",)


@pytest.mark.parametrize(
    ("data", "kind", "line"),
    [
        (
            {"ref": "1.3", "title": "Plan", "owners": "Head of Finance"},
            Action,
            "$.owners: expected a list, not 'Head of Finance'",
        ),
        (
            {"id": "C1", "statement": "Give communities a voice.", "indicators": "HS01"},
            Priority,
            "$.indicators: expected a list, not 'HS01'",
        ),
        (
            {"title": "Plan", "organisation": "Council", "values": "Ambitious"},
            StrategicPlan,
            "$.values: expected a list, not 'Ambitious'",
        ),
    ],
)
def test_text_is_not_a_list(data: Any, kind: type, line: str) -> None:
    assert problems(data, kind) == (f"input: {line}",)


def test_bad_period_names_the_field() -> None:
    data = {**KPI, "targets": [{"period": "2024/26", "value": 80}]}
    found = problems(data, Indicator, source="indicators.toml", path="$.indicators[0]")
    assert found == (
        "indicators.toml: $.indicators[0].targets[0].period: '2024/26' is not a period: "
        "the second year must follow the first, e.g. '2024/25'",
    )
    reading = problems({"indicator": "HS01", "period": "Q5 2024/25", "value": 1}, Reading)
    assert reading[0].startswith("input: $.period: 'Q5 2024/25' is not a period")


def test_period_must_be_text() -> None:
    found = problems({"period": 2024, "value": 80}, Target)
    assert found == ('input: $.period: expected a period such as "2024/25 Q3", not 2024',)


def test_unknown_rule_kind_lists_the_known_kinds() -> None:
    (line,) = problems({**KPI, "rule": {"kind": "traffic-lights"}}, Indicator)
    assert line.startswith("input: $.rule: unknown rule kind 'traffic-lights'; known kinds: ")
    for kind in BUILTIN_RULES:
        assert repr(kind) in line


def test_rule_without_a_kind_is_refused() -> None:
    (line,) = problems({**KPI, "rule": {"tolerance": 5}}, Indicator)
    assert "unknown rule kind None; known kinds" in line


def test_errors_inside_a_rule_name_the_rules_fields() -> None:
    data = {**KPI, "rule": {"kind": "target-tolerance", "tolerance": True, "colour": "red"}}
    found = problems(data, Indicator)
    assert "input: $.rule.tolerance: expected a number, not True" in found
    assert "input: $.rule: unknown field 'colour'" in found


def test_a_rules_own_validation_is_reported() -> None:
    data = {
        **KPI,
        "rule": {
            "kind": "bands",
            "bands": [{"status": "red", "at_least": 100}, {"status": "green"}],
        },
    }
    (line,) = problems(data, Indicator)
    assert line == (
        "input: $.rule.bands[1].status: green comes after red; bands must go from the best "
        "status to the worst"
    )
    assert structure({**KPI, "rule": {"kind": "bands"}}, Indicator).rule == Bands()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-03-31T10:00", "expected a date written 2024-03-31, not '2024-03-31T10:00'"),
        (
            dt.datetime(2024, 3, 31, 10, 0),
            "expected a date without a time, not datetime.datetime(2024, 3, 31, 10, 0)",
        ),
        ("31/03/2024", "expected a date written 2024-03-31, not '31/03/2024'"),
        (20240331, "expected a date, not 20240331"),
    ],
)
def test_a_date_with_a_time_or_in_another_form_is_refused(value: object, message: str) -> None:
    found = problems({"ref": "1.3", "title": "Plan", "due": value}, Action)
    assert found == (f"input: $.due: {message}",)


def test_a_date_object_is_accepted() -> None:
    action = structure({"ref": "1.3", "title": "Plan", "due": dt.date(2024, 3, 31)}, Action)
    assert action.due == dt.date(2024, 3, 31)


def test_many_errors_in_one_input_are_all_reported() -> None:
    data = {
        "id": "HS01",
        "unit": "furlongs",
        "decimals": True,
        "targets": "80",
        "extra": 1,
    }
    found = problems(data, Indicator, source="indicators.toml", path="$.indicators[0]")
    assert len(found) >= 5
    assert all(line.startswith("indicators.toml: $.indicators[0]") for line in found)
    text = "\n".join(found)
    for part in (
        "$.indicators[0].title: required field missing",
        "$.indicators[0].unit: expected one of 'percentage', 'percentage change', 'money'",
        "not 'furlongs'",
        "$.indicators[0].decimals: expected a whole number, not True",
        "$.indicators[0].targets: expected a list, not '80'",
        "$.indicators[0]: unknown field 'extra'",
    ):
        assert part in text


def test_a_file_spells_an_enumeration_as_a_record_in_code_does() -> None:
    data = {
        "id": "HS01",
        "title": "Homes",
        "unit": " Money ",
        "polarity": "Higher is Better",
        "frequency": "QUARTERLY",
        "aggregation": "cumulative",
    }
    from_file = structure(data, Indicator)
    in_code = Indicator(
        id="HS01",
        title="Homes",
        unit=" Money ",
        polarity="Higher is Better",
        frequency="QUARTERLY",
        aggregation="cumulative",
    )
    assert from_file == in_code
    assert unstructure(from_file)["unit"] == "money"  # written back as the value
    (line,) = problems({**data, "frequency": "quartely"}, Indicator, source="indicators.toml")
    assert line == (
        "indicators.toml: $.frequency: expected one of 'monthly', 'quarterly', 'half-yearly', "
        "'annual', not 'quartely'"
    )


def test_missing_required_field() -> None:
    found = problems({"title": "Plan"}, StrategicPlan, source="plan.toml")
    assert found == ("plan.toml: $.organisation: required field missing",)


def test_a_records_own_validation_names_the_field() -> None:
    (line,) = problems({"title": "   ", "organisation": "Council"}, StrategicPlan)
    assert "title must not be empty" in line


def test_a_bad_status_word_names_the_word() -> None:
    data = {
        "plan": {"title": "Plan", "organisation": "Council"},
        "vocabulary": {"Parked": "parked"},
    }
    found = problems(data, Framework, source="council.toml")
    assert found == (
        "council.toml: $.vocabulary['Parked']: expected one of 'not started', 'in progress', "
        "'ongoing', 'complete', 'suspended', 'cancelled', not 'parked'",
    )


def test_input_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        structure({"title": 5}, StrategicPlan)


def test_an_at_sign_in_a_word_or_a_value_does_not_garble_the_path() -> None:
    found = problems({"Parked @ home": "parked @ home"}, StatusVocabulary, source="council.toml")
    assert found == (
        "council.toml: $['Parked @ home']: expected one of 'not started', 'in progress', "
        "'ongoing', 'complete', 'suspended', 'cancelled', not 'parked @ home'",
    )
    found = problems({"ref": "1", "title": "t", "owners": "Finance @ Civic Centre"}, Action)
    assert found == ("input: $.owners: expected a list, not 'Finance @ Civic Centre'",)
