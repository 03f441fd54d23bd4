"""Financial-year labels in plan names move on when a plan is rolled over, and nothing else
in the name does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.year_labels import shift_year_labels, without_year_labels


@pytest.mark.parametrize(
    ("text", "years", "rolled"),
    [
        ("Delivery Plan 2024/25", 1, "Delivery Plan 2025/26"),
        ("economy-2024-25", 1, "economy-2025-26"),
        ("Business Plan 2024/2025", 1, "Business Plan 2025/2026"),
        ("Strategic Framework 2022-23", 1, "Strategic Framework 2023-24"),
        ("Plan 2024–25", 1, "Plan 2025–26"),  # an en dash, as published documents write it
        ("dp_2024_25", 1, "dp_2025_26"),
        ("Annual Delivery Plan 2099/00", 1, "Annual Delivery Plan 2100/01"),
        ("Plan 2098/99", 1, "Plan 2099/00"),
        ("Plan 2009/10", 1, "Plan 2010/11"),
        ("Delivery Plan 2024/25", 3, "Delivery Plan 2027/28"),
        ("Delivery Plan 2024/25", -1, "Delivery Plan 2023/24"),
        # Two labels: both move.
        ("Medium term plan 2024/25 to 2026/27", 1, "Medium term plan 2025/26 to 2027/28"),
        ("Plan 2023/24-2025/26", 1, "Plan 2024/25-2026/27"),
        (
            "Actions for 2024/25, carried from 2023/24",
            1,
            "Actions for 2025/26, carried from 2024/25",
        ),
        # A span whose end is not the next year is not a label; the label after it is.
        ("Towards 2013-2024/25", 1, "Towards 2013-2025/26"),
    ],
)
def test_labels_move_on_by_the_years_rolled(text: str, years: int, rolled: str) -> None:
    assert shift_year_labels(text, years) == rolled


@pytest.mark.parametrize(
    "text",
    [
        "Vision 2030",
        "Towards 2030",
        "Strategic Plan 2014-18",  # a span of years
        "Council Plan 2020-2030",
        "Plan 2024/26",  # not the year after
        "Plan 2024/2026",
        "Agreed 2008-09-30",  # a date
        "Agreed 2010/11/05",
        "Ref 12024/25",  # part of a longer number
        "Ref 2024/256",
        "Plan 24/25",  # two-digit years alone are not read as a label
        "Our district delivery plan",
        "",
    ],
)
def test_what_is_not_a_label_is_left_alone(text: str) -> None:
    assert shift_year_labels(text, 1) == text
    assert without_year_labels(text) == text


def test_names_of_one_plan_in_two_years_read_alike_without_their_labels() -> None:
    assert without_year_labels("One year actions 2009/10: the Healthy City") == (
        without_year_labels("One year actions 2010/11: the Healthy City")
    )
    assert without_year_labels("Plan 2024/25") != without_year_labels("Plan 2024/26")


_years = st.integers(1000, 8900)
_separators = st.sampled_from(["/", "-", "–", "_"])
_words = st.text(alphabet="abc Plan:,()", max_size=12)


@st.composite
def labelled(draw: st.DrawFn) -> str:
    year = draw(_years)
    second = draw(st.sampled_from([f"{(year + 1) % 100:02d}", f"{year + 1}"]))
    return f"{draw(_words)} {year}{draw(_separators)}{second} {draw(_words)}"


@given(labelled(), st.integers(-500, 500), st.integers(-500, 500))
def test_rolling_on_adds_up_and_rolls_back(text: str, a: int, b: int) -> None:
    assert shift_year_labels(shift_year_labels(text, a), b) == shift_year_labels(text, a + b)
    assert shift_year_labels(shift_year_labels(text, a), -a) == text
    assert without_year_labels(shift_year_labels(text, a)) == without_year_labels(text)


@given(labelled())
def test_rolling_a_labelled_name_changes_it(text: str) -> None:
    assert shift_year_labels(text, 1) != text
    assert shift_year_labels(text, 0) == text
