"""Tests for revised due dates: an update that moves an action's due date, and the action then
rated, and counted overdue, against the date in force."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core.actions import Action, ActionUpdate, DueRevision, assess_action
from councilpmf.core.convert import structure
from councilpmf.core.errors import InputError
from councilpmf.core.plan import DeliveryPlan

START = dt.date(2024, 4, 1)
FIRST = dt.date(2025, 3, 31)
REVISED = dt.date(2025, 6, 30)


def revised(on: dt.date, due: dt.date | None, **more: object) -> ActionUpdate:
    return ActionUpdate(on=on, text="Contractor delay", due=due, **more)  # type: ignore[arg-type]


def action(*updates: ActionUpdate, percent: float | None = 40.0) -> Action:
    return Action(
        ref="C1.1",
        title="Open the new depot",
        status="On target",
        start=START,
        due=FIRST,
        percent_complete=percent,
        updates=updates,
    )


def test_an_update_takes_the_new_due_date_as_iso_text() -> None:
    update = ActionUpdate(on="2025-01-02", text="Delay", due="2025-06-30")
    assert update.due == REVISED
    assert ActionUpdate(on="2025-01-02", text="Delay").due is None


def test_the_explanation_says_from_what_to_what_and_when() -> None:
    state = assess_action(action(revised(dt.date(2025, 1, 2), REVISED)), dt.date(2025, 1, 20))
    assert state.due == REVISED
    assert "due date revised from 31 Mar 2025 to 30 Jun 2025 on 2 Jan 2025" in state.explanation
    assert state.revision == DueRevision(
        was=FIRST, now=REVISED, on=dt.date(2025, 1, 2), why="Contractor delay", first=FIRST
    )
    assert state.due_text == "30 Jun 2025 (revised from 31 Mar 2025)"


def test_revised_on_the_old_due_day_is_not_overdue_then_or_after() -> None:
    a = action(revised(FIRST, REVISED))
    for day in (FIRST, FIRST + dt.timedelta(days=1), REVISED):
        state = assess_action(a, day)
        assert not state.overdue, day
        assert state.due == REVISED
    assert assess_action(a, REVISED + dt.timedelta(days=1)).overdue


def test_without_a_revision_the_day_after_the_first_due_date_is_overdue() -> None:
    state = assess_action(action(), FIRST + dt.timedelta(days=1))
    assert state.overdue
    assert state.revision is None
    assert "revised" not in state.explanation


def test_revised_to_a_date_already_past_is_overdue_at_once() -> None:
    on = dt.date(2025, 1, 10)
    state = assess_action(action(revised(on, dt.date(2024, 12, 31))), on)
    assert state.overdue
    assert state.due == dt.date(2024, 12, 31)
    assert state.explanation.endswith("overdue since 31 Dec 2024")


def test_of_two_revisions_the_later_wins_and_the_first_date_is_named() -> None:
    later = revised(dt.date(2025, 6, 1), dt.date(2025, 9, 30))
    a = action(later, revised(dt.date(2025, 1, 2), REVISED))  # listed out of date order
    state = assess_action(a, dt.date(2025, 7, 1))
    assert state.due == dt.date(2025, 9, 30)
    assert not state.overdue
    assert (
        "due date revised from 30 Jun 2025 to 30 Sep 2025 on 1 Jun 2025 (first due 31 Mar 2025)"
        in state.explanation
    )


def test_an_update_after_as_of_is_not_yet_in_force() -> None:
    a = action(revised(dt.date(2025, 5, 1), REVISED))
    state = assess_action(a, dt.date(2025, 4, 15))
    assert state.overdue
    assert state.due == FIRST
    assert state.revision is None
    assert a.due_on(dt.date(2025, 4, 30)) == (FIRST, None)
    assert a.due_on("2025-05-01")[0] == REVISED


def test_revised_back_to_the_original_is_rated_against_it_and_says_so() -> None:
    a = action(revised(dt.date(2025, 1, 2), REVISED), revised(dt.date(2025, 2, 1), FIRST))
    state = assess_action(a, dt.date(2025, 4, 1))
    assert state.due == FIRST
    assert state.overdue
    assert "due date revised from 30 Jun 2025 to 31 Mar 2025 on 1 Feb 2025;" in state.explanation
    assert "first due" not in state.explanation


def test_an_update_restating_the_date_in_force_revises_nothing() -> None:
    state = assess_action(action(revised(dt.date(2025, 1, 2), FIRST)), dt.date(2025, 1, 20))
    assert state.revision is None
    assert state.due_text == "31 Mar 2025"


def test_an_update_without_a_due_date_keeps_the_revised_one() -> None:
    a = action(
        revised(dt.date(2025, 1, 2), REVISED),
        ActionUpdate(on=dt.date(2025, 2, 1), text="Half done", percent_complete=50),
    )
    assert assess_action(a, dt.date(2025, 4, 1)).due == REVISED


def test_an_action_without_a_due_date_can_be_given_one() -> None:
    a = attrs.evolve(action(revised(dt.date(2025, 1, 2), REVISED)), due=None)
    state = assess_action(a, dt.date(2025, 7, 1))
    assert state.overdue
    assert "due date set to 30 Jun 2025 on 2 Jan 2025" in state.explanation
    assert state.due_text == "30 Jun 2025 (set 2 Jan 2025)"


def test_expected_progress_runs_from_start_to_the_revised_date() -> None:
    day = dt.date(2025, 3, 31)
    state = assess_action(action(revised(dt.date(2025, 1, 2), REVISED)), day)
    assert state.expected_percent == pytest.approx(
        100.0 * (day - START).days / (REVISED - START).days
    )


def test_a_revised_date_before_start_is_refused_naming_the_field() -> None:
    with pytest.raises(InputError) as refused:
        action(
            revised(dt.date(2025, 1, 2), REVISED), revised(dt.date(2025, 2, 1), dt.date(2024, 3, 1))
        )
    assert str(refused.value) == "$.updates[1].due: 2024-03-01 is before start 2024-04-01"


def test_a_revised_date_before_start_in_a_plan_names_the_file_and_path() -> None:
    data = {
        "id": "communities",
        "title": "Communities",
        "actions": [
            {
                "ref": "C1.1",
                "title": "Open the depot",
                "start": "2024-04-01",
                "updates": [{"on": "2025-01-02", "text": "Delay", "due": "2024-01-01"}],
            }
        ],
    }
    with pytest.raises(InputError) as refused:
        structure(data, DeliveryPlan, source="delivery-plans/communities.toml")
    assert str(refused.value) == (
        "delivery-plans/communities.toml: $.actions[0].updates[0].due: "
        "2024-01-01 is before start 2024-04-01"
    )


def test_a_revised_date_that_is_not_a_date_is_refused_naming_the_field() -> None:
    data = {"on": "2025-01-02", "text": "Delay", "due": "30/06/2025"}
    with pytest.raises(InputError, match=r"^u.toml: \$\.due: expected a date"):
        structure(data, ActionUpdate, source="u.toml")


days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    start=days,
    first=st.integers(min_value=0, max_value=400),
    revised_to=st.integers(min_value=0, max_value=800),
    on=days,
    as_of=days,
    status=st.sampled_from(["On target", "Not started", "Complete", "Ongoing", "Deleted", "Odd"]),
    percent=st.none() | st.floats(min_value=0, max_value=100),
)
def test_rating_with_a_revised_date_equals_rating_an_action_due_then(
    start: dt.date,
    first: int,
    revised_to: int,
    on: dt.date,
    as_of: dt.date,
    status: str,
    percent: float | None,
) -> None:
    """Once an update's revised date is in force, the action is rated exactly as an action whose
    ``due`` is that date, with the same update but for its date."""
    new_due = start + dt.timedelta(days=revised_to)
    update = ActionUpdate(on=min(on, as_of), text="Revised date", due=new_due)
    base = Action(
        ref="A1",
        title="Act",
        status=status,
        start=start,
        due=start + dt.timedelta(days=first),
        percent_complete=percent,
        updates=(update,),
    )
    plain = attrs.evolve(base, due=new_due, updates=(attrs.evolve(update, due=None),))
    with_revision, without = assess_action(base, as_of), assess_action(plain, as_of)
    assert with_revision.due == without.due == new_due
    assert with_revision.overdue == without.overdue
    assert with_revision.expected_percent == without.expected_percent
    assert with_revision.progress == without.progress
    assert with_revision.meaning == without.meaning
    words = with_revision.explanation.split("; ")
    if with_revision.revision is not None:
        words.remove(with_revision.revision.words)
    assert words == without.explanation.split("; ")
