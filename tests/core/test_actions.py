"""Tests for councilpmf.core.actions: status words, overdue, updates and Camms progress."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from councilpmf.core.actions import (
    DEFAULT_VOCABULARY,
    Action,
    ActionUpdate,
    Meaning,
    Progress,
    StatusVocabulary,
    StatusWord,
    assess_action,
    expected_percent,
    format_date,
    percent_text,
)
from councilpmf.core.errors import InputError

START = dt.date(2024, 1, 1)
DUE = dt.date(2024, 11, 30)


def action(
    status: str = "On target",
    *,
    start: dt.date | None = START,
    due: dt.date | None = DUE,
    percent: float | None = None,
    updates: tuple[ActionUpdate, ...] = (),
) -> Action:
    return Action(
        ref="1.3",
        title="Develop a theme action plan",
        status=status,
        owners=("Head of Communities",),
        start=start,
        due=due,
        percent_complete=percent,
        updates=updates,
    )


# -- status words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "meaning"),
    [
        ("Complete", Meaning.COMPLETE),
        ("COMPLETE", Meaning.COMPLETE),
        ("  complete  ", Meaning.COMPLETE),
        ("on target", Meaning.IN_PROGRESS),
        ("Commenced and will be ongoing", Meaning.ONGOING),
        ("commenced AND will be ongoing ", Meaning.ONGOING),
        ("Achieved", Meaning.COMPLETE),
        ("Deleted", Meaning.CANCELLED),
        ("On hold", Meaning.SUSPENDED),
    ],
)
def test_vocabulary_matching_ignores_case_and_surrounding_space(
    word: str, meaning: Meaning
) -> None:
    assert DEFAULT_VOCABULARY.meaning_of(word) is meaning


@pytest.mark.parametrize(
    "word", ["On\u00a0target", "On  target", "on\ttarget", " ON \u00a0 TARGET\n"]
)
def test_vocabulary_matching_ignores_spacing_as_published_words_do(word: str) -> None:
    # A word pasted from a committee paper often holds a non-breaking space: it reads as the
    # council's word, so it means what that word means (as a published status word does).
    assert DEFAULT_VOCABULARY.meaning_of(word) is Meaning.IN_PROGRESS
    council = DEFAULT_VOCABULARY.extended((StatusWord(word=word, meaning=Meaning.ONGOING),))
    assert council.meaning_of("on target") is Meaning.ONGOING
    assert len(council.words) == len(DEFAULT_VOCABULARY.words)


def test_unknown_word_has_no_meaning_and_the_explanation_says_so() -> None:
    assert DEFAULT_VOCABULARY.meaning_of("Parked") is None
    state = assess_action(action("Parked"), as_of=dt.date(2024, 6, 1))
    assert state.meaning is None
    assert state.explanation.startswith("Unknown status word 'Parked'")


def test_a_council_vocabulary_can_add_and_redefine_words() -> None:
    council = DEFAULT_VOCABULARY.extended(
        (
            StatusWord(word="Parked", meaning=Meaning.SUSPENDED),
            StatusWord(word="on target", meaning=Meaning.ONGOING),
        )
    )
    assert council.meaning_of("parked") is Meaning.SUSPENDED
    assert council.meaning_of("On Target") is Meaning.ONGOING
    assert council.meaning_of("Complete") is Meaning.COMPLETE
    state = assess_action(action("Parked"), as_of=dt.date(2024, 6, 1), vocabulary=council)
    assert state.meaning is Meaning.SUSPENDED


def test_an_empty_vocabulary_knows_no_words() -> None:
    assert StatusVocabulary(words=()).meaning_of("Complete") is None


# -- overdue -------------------------------------------------------------------------------------


def test_the_due_day_itself_is_not_overdue() -> None:
    assert not assess_action(action(), as_of=DUE).overdue


def test_the_day_after_due_is_overdue() -> None:
    state = assess_action(action(), as_of=DUE + dt.timedelta(days=1))
    assert state.overdue
    assert state.explanation.endswith("overdue since 30 Nov 2024")


@pytest.mark.parametrize("word", ["Complete", "Achieved", "Cancelled", "Deleted"])
def test_a_closed_action_is_never_overdue(word: str) -> None:
    state = assess_action(action(word), as_of=dt.date(2030, 1, 1))
    assert not state.overdue
    assert "overdue" not in state.explanation


@pytest.mark.parametrize("word", ["On target", "Not started", "On hold", "Parked", ""])
def test_past_due_and_not_complete_is_overdue_whatever_the_word(word: str) -> None:
    assert assess_action(action(word), as_of=dt.date(2024, 12, 2)).overdue


@pytest.mark.parametrize("word", ["Commenced and will be ongoing", "Ongoing"])
def test_ongoing_work_is_never_overdue(word: str) -> None:
    # Mansfield's action plan: 4.1 is "Commenced and will be ongoing" with a timescale that
    # has passed; the work goes on, so it is not late.
    state = assess_action(action(word), as_of=dt.date(2030, 1, 1))
    assert state.meaning is Meaning.ONGOING
    assert not state.overdue and "overdue" not in state.explanation


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_an_action_without_a_published_status_is_not_recorded_not_not_started(
    blank: str | None,
) -> None:
    made = Action(ref="5.1", title="Refresh the constitution", status=blank)
    assert made.status is None
    assert Action(ref="5.1", title="Refresh the constitution").status is None
    state = assess_action(made, as_of=dt.date(2024, 6, 1))
    assert state.status is None and state.meaning is None
    assert (state.status_text, state.meaning_text) == ("Not recorded", "Not recorded")
    assert state.explanation == "Status not recorded"
    assert "Not started" not in state.explanation


def test_a_word_the_council_has_not_defined_is_told_from_one_not_recorded() -> None:
    state = assess_action(action("Parked"), as_of=dt.date(2024, 6, 1))
    assert (state.status_text, state.meaning_text) == ("Parked", "Unknown status word")


def test_an_action_without_a_due_date_is_never_overdue() -> None:
    assert not assess_action(action(due=None), as_of=dt.date(2099, 1, 1)).overdue


def test_completion_recorded_by_an_update_stops_it_being_overdue() -> None:
    done = ActionUpdate(on=dt.date(2024, 11, 20), text="Plan adopted", status="Complete")
    late = assess_action(action(updates=(done,)), as_of=dt.date(2024, 12, 5))
    assert late.meaning is Meaning.COMPLETE and not late.overdue


# -- updates -------------------------------------------------------------------------------------

UPDATES = (
    # Out of order on purpose: updates apply by date, not by position.
    ActionUpdate(on=dt.date(2024, 9, 1), text="Drafting", status="On track", percent_complete=60),
    ActionUpdate(on=dt.date(2024, 3, 1), text="Started", status="Commenced", percent_complete=10),
    ActionUpdate(on=dt.date(2024, 6, 1), text="Consultation done", percent_complete=40),
)


@pytest.mark.parametrize(
    ("as_of", "status", "percent"),
    [
        (dt.date(2024, 2, 29), "Not started", None),
        (dt.date(2024, 3, 1), "Commenced", 10),  # an update counts on its own day
        (dt.date(2024, 5, 31), "Commenced", 10),
        (dt.date(2024, 6, 1), "Commenced", 40),  # no status in the update keeps the last word
        (dt.date(2024, 8, 31), "Commenced", 40),
        (dt.date(2024, 9, 1), "On track", 60),
        (dt.date(2025, 1, 1), "On track", 60),
    ],
)
def test_updates_apply_in_date_order_up_to_as_of(
    as_of: dt.date, status: str, percent: float | None
) -> None:
    subject = action("Not started", updates=UPDATES)
    assert subject.current(as_of) == (status, percent)
    state = assess_action(subject, as_of=as_of)
    assert (state.status, state.percent_complete) == (status, percent)


# -- expected progress (Camms) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2023, 12, 1), 0.0),  # before start
        (dt.date(2024, 1, 1), 0.0),  # the start day
        (dt.date(2024, 1, 6), 50.0),
        (dt.date(2024, 1, 11), 100.0),  # the due day
        (dt.date(2024, 3, 1), 100.0),  # after due
    ],
)
def test_expected_progress_is_linear_between_start_and_due(as_of: dt.date, expected: float) -> None:
    assert expected_percent(dt.date(2024, 1, 1), dt.date(2024, 1, 11), as_of) == expected


def test_expected_progress_when_start_and_due_are_the_same_day() -> None:
    # A one-day action is expected done on its due day, as every other action is.
    day = dt.date(2024, 5, 1)
    assert expected_percent(day, day, day - dt.timedelta(days=1)) == 0.0
    assert expected_percent(day, day, day) == 100.0
    assert expected_percent(day, day, day + dt.timedelta(days=1)) == 100.0


def test_a_one_day_action_not_done_on_its_due_day_is_off_track() -> None:
    day = dt.date(2024, 5, 1)
    state = assess_action(action(percent=0.0, start=day, due=day), as_of=day)
    assert (state.expected_percent, state.progress) == (100.0, Progress.OFF_TRACK)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
    length=st.integers(min_value=0, max_value=2000),
)
def test_every_action_expects_100_percent_on_its_due_day(start: dt.date, length: int) -> None:
    due = start + dt.timedelta(days=length)
    assert expected_percent(start, due, due) == 100.0


@settings(max_examples=100, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
    length=st.integers(min_value=1, max_value=2000),
    a=st.integers(min_value=-100, max_value=2100),
    b=st.integers(min_value=-100, max_value=2100),
)
def test_expected_progress_never_falls_and_stays_within_0_and_100(
    start: dt.date, length: int, a: int, b: int
) -> None:
    due = start + dt.timedelta(days=length)
    early, late = sorted((a, b))
    first = expected_percent(start, due, start + dt.timedelta(days=early))
    second = expected_percent(start, due, start + dt.timedelta(days=late))
    assert 0 <= first <= second <= 100


# 1 Jan to 11 Jan: ten days, so 6 Jan expects 50%.
TEN_DAYS = {"start": dt.date(2024, 1, 1), "due": dt.date(2024, 1, 11)}
MIDWAY = dt.date(2024, 1, 6)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0%"),
        (0.04, "0.1%"),  # started: never shown as 0%
        (0.4, "0.4%"),
        (0.5, "0.5%"),
        (45.5, "46%"),
        (99.4, "99%"),
        (99.5, "99.5%"),  # not yet done: never shown as 100%
        (99.6, "99.6%"),
        (99.96, "99.9%"),
        (100.0, "100%"),
    ],
)
def test_a_percent_claims_0_or_100_only_when_it_is(value: float, text: str) -> None:
    assert percent_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0, "0%"), (45.5, "45.5%"), (99.6, "99.6%"), (99.999999, "99.9%"), (100.0, "100%")],
)
def test_a_recorded_percent_keeps_its_decimals_but_never_claims_100(
    value: float, text: str
) -> None:
    assert percent_text(value, as_recorded=True) == text


@settings(max_examples=500, deadline=None)
@given(value=st.floats(min_value=0, max_value=100), as_recorded=st.booleans())
def test_only_0_and_100_are_shown_as_0_and_100_percent(value: float, as_recorded: bool) -> None:
    shown = float(percent_text(value, as_recorded=as_recorded).removesuffix("%"))
    assert (shown == 0) is (value == 0)
    assert (shown == 100) is (value == 100)


@pytest.mark.parametrize(("percent", "shown"), [(99.6, "99.6%"), (0.4, "0.4%")])
def test_the_explanation_never_calls_an_unfinished_action_100_percent_complete(
    percent: float, shown: str
) -> None:
    state = assess_action(action(percent=percent, **TEN_DAYS), as_of=MIDWAY)  # type: ignore[arg-type]
    assert state.explanation.endswith(
        f"{shown} complete against 50% expected by 6 Jan 2024: {state.progress.value}"  # type: ignore[union-attr]
    )


@pytest.mark.parametrize(
    ("percent", "progress"),
    [
        (50.0, Progress.ON_TRACK),
        (45.0, Progress.ON_TRACK),  # exactly 90% of expected
        (44.9, Progress.MONITOR),
        (35.0, Progress.MONITOR),  # exactly 70% of expected
        (34.9, Progress.OFF_TRACK),
        (0.0, Progress.OFF_TRACK),
    ],
)
def test_camms_thresholds_at_the_boundaries(percent: float, progress: Progress) -> None:
    state = assess_action(action(percent=percent, **TEN_DAYS), as_of=MIDWAY)  # type: ignore[arg-type]
    assert state.expected_percent == 50.0
    assert state.progress is progress
    assert state.explanation.endswith(
        f"{percent:.0f}% complete against 50% expected by 6 Jan 2024: {progress.value}"
    )


@pytest.mark.parametrize(
    ("percent", "progress"),
    [(90.0, Progress.ON_TRACK), (89.9, Progress.MONITOR), (70.0, Progress.MONITOR)],
)
def test_camms_thresholds_once_due(percent: float, progress: Progress) -> None:
    state = assess_action(action(percent=percent, **TEN_DAYS), as_of=dt.date(2024, 1, 11))  # type: ignore[arg-type]
    assert (state.expected_percent, state.progress) == (100.0, progress)


def test_exactly_90_percent_of_a_third_is_on_track() -> None:
    # 10 days into 30: 33.3...% expected; 30% complete is exactly 90% of it.
    subject = action(percent=30.0, start=dt.date(2024, 4, 1), due=dt.date(2024, 5, 1))
    assert assess_action(subject, as_of=dt.date(2024, 4, 11)).progress is Progress.ON_TRACK


@settings(max_examples=200, deadline=None)
@given(
    total=st.integers(min_value=1, max_value=1000),
    data=st.data(),
    threshold=st.sampled_from([(90, Progress.ON_TRACK), (70, Progress.MONITOR)]),
)
def test_exactly_at_a_threshold_is_the_better_rating(
    total: int, data: st.DataObject, threshold: tuple[int, Progress]
) -> None:
    share, better = threshold
    # A whole percent that is exactly share% of the expected progress (days in / total days).
    step = total // math.gcd(share, total)
    elapsed = step * data.draw(st.integers(min_value=1, max_value=total // step))
    # The day after the start is on track whatever the percent (tested on its own below).
    assume(elapsed > 1 or elapsed == total)
    percent = share * elapsed // total
    assert percent * total == share * elapsed
    start = dt.date(2024, 4, 1)
    subject = action(percent=percent, start=start, due=start + dt.timedelta(days=total))
    state = assess_action(subject, as_of=start + dt.timedelta(days=elapsed))
    assert state.progress is better


def test_before_start_expected_is_zero_and_on_track() -> None:
    state = assess_action(action(percent=0.0), as_of=dt.date(2023, 12, 1))
    assert (state.expected_percent, state.progress) == (0.0, Progress.ON_TRACK)


# -- the first days of an action ----------------------------------------------------------------

RANK = {Progress.OFF_TRACK: 0, Progress.MONITOR: 1, Progress.ON_TRACK: 2}


def test_the_start_day_with_nothing_done_is_on_track() -> None:
    state = assess_action(action(percent=0.0, **TEN_DAYS), as_of=TEN_DAYS["start"])  # type: ignore[arg-type]
    assert (state.expected_percent, state.progress) == (0.0, Progress.ON_TRACK)


def test_the_day_after_the_start_with_nothing_done_is_on_track_and_says_why() -> None:
    # 10% of a ten-day action is expected the day after it starts; the percent recorded may
    # not show that day's work yet, so no council would call it off track.
    state = assess_action(action(percent=0.0, **TEN_DAYS), as_of=dt.date(2024, 1, 2))  # type: ignore[arg-type]
    assert (state.expected_percent, state.progress) == (10.0, Progress.ON_TRACK)
    assert state.explanation.endswith(
        "0% complete against 10% expected by 2 Jan 2024: on track on the day after its start"
    )


@pytest.mark.parametrize(
    ("days_in", "percent", "progress"),
    [
        (2, 0.0, Progress.OFF_TRACK),  # 20% expected, nothing done
        (2, 14.0, Progress.MONITOR),  # 70% of the 20% expected
        (2, 18.0, Progress.ON_TRACK),  # 90% of it
        (3, 0.0, Progress.OFF_TRACK),
    ],
)
def test_from_the_second_day_after_the_start_slippage_shows(
    days_in: int, percent: float, progress: Progress
) -> None:
    as_of = TEN_DAYS["start"] + dt.timedelta(days=days_in)
    assert assess_action(action(percent=percent, **TEN_DAYS), as_of).progress is progress  # type: ignore[arg-type]


def test_an_action_due_the_day_after_its_start_and_not_done_then_is_off_track() -> None:
    # The day after the start is no grace on the due day: the whole action was due.
    start = dt.date(2024, 5, 1)
    subject = action(percent=0.0, start=start, due=start + dt.timedelta(days=1))
    state = assess_action(subject, as_of=start + dt.timedelta(days=1))
    assert (state.expected_percent, state.progress) == (100.0, Progress.OFF_TRACK)
    assert state.explanation.endswith("expected by 2 May 2024: off track")


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
    length=st.integers(min_value=2, max_value=2000),
)
def test_the_day_after_the_start_with_nothing_done_is_never_off_track(
    start: dt.date, length: int
) -> None:
    subject = action(percent=0.0, start=start, due=start + dt.timedelta(days=length))
    state = assess_action(subject, as_of=start + dt.timedelta(days=1))
    assert state.expected_percent == pytest.approx(100 / length)  # the line itself is unchanged
    assert state.progress is not Progress.OFF_TRACK


@settings(max_examples=500, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
    length=st.integers(min_value=0, max_value=2000),
    offset=st.integers(min_value=-30, max_value=2100),
    percents=st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=2),
)
def test_more_done_never_gives_a_worse_progress_rating(
    start: dt.date, length: int, offset: int, percents: list[float]
) -> None:
    less, more = sorted(percents)
    due = start + dt.timedelta(days=length)
    as_of = start + dt.timedelta(days=offset)
    rated = [
        assess_action(action(percent=p, start=start, due=due), as_of).progress for p in (less, more)
    ]
    assert None not in rated
    assert RANK[rated[0]] <= RANK[rated[1]]  # type: ignore[index]


def test_complete_is_on_track_whatever_the_percent() -> None:
    state = assess_action(action("Complete", percent=20.0), as_of=dt.date(2024, 6, 1))
    assert state.progress is Progress.ON_TRACK


def test_no_progress_rating_without_a_percent_or_dates() -> None:
    assert assess_action(action(), as_of=dt.date(2024, 6, 1)).progress is None
    no_start = action(percent=50.0, start=None)
    state = assess_action(no_start, as_of=dt.date(2024, 6, 1))
    assert state.progress is None
    assert state.explanation == "In progress (On target); 50% complete"


def test_worked_example_explanation() -> None:
    state = assess_action(action(percent=45.0), as_of=dt.date(2024, 6, 1))
    assert state.explanation == (
        "In progress (On target); 45% complete against 46% expected by 1 Jun 2024: on track"
    )
    assert state.owners == ("Head of Communities",)


# -- validation ----------------------------------------------------------------------------------


def test_due_before_start_is_refused_in_one_line_naming_the_field() -> None:
    # An InputError, as every other wrong value of a record is, so that code catching the
    # library's errors catches this one too.
    with pytest.raises(InputError) as refused:
        action(start=dt.date(2024, 2, 1), due=dt.date(2024, 1, 1))
    assert str(refused.value) == "due: 2024-01-01 is before start 2024-02-01"


def test_due_on_its_start_day_is_taken() -> None:
    assert action(start=DUE, due=DUE).due == DUE


@pytest.mark.parametrize("bad", [-1.0, 100.1, True, float("nan")])
def test_percent_complete_is_a_number_from_0_to_100(bad: float) -> None:
    with pytest.raises((TypeError, ValueError), match="percent_complete"):
        action(percent=bad)
    with pytest.raises((TypeError, ValueError), match="percent_complete"):
        ActionUpdate(on=START, text="x", percent_complete=bad)


@pytest.mark.parametrize("field", ["text", "by", "status"])
@pytest.mark.parametrize(
    ("char", "code"),
    [("\x00", "0000"), ("\x07", "0007"), ("\x1b", "001B"), ("\x7f", "007F"), ("\x9b", "009B")],
)
def test_an_update_refuses_control_characters_naming_the_field(
    field: str, char: str, code: str
) -> None:
    # What the update-action command refuses, the record refuses too, so that no store or
    # folder can hold what the command would not take.
    given = {"text": "Begun", "by": "Head of Housing", "status": "On target"}
    given[field] = f"Begun{char}[2J"
    with pytest.raises(InputError) as refused:
        ActionUpdate(on=START, **given)  # type: ignore[arg-type]
    assert refused.value.problems == (
        f"{field} must not hold control characters: character 6 is U+{code}; write plain text",
    )


def test_an_update_keeps_tabs_and_line_breaks() -> None:
    update = ActionUpdate(on=START, text="Begun:\n\tsite cleared\r\n", by="Head\tof Housing")
    assert (update.text, update.by) == ("Begun:\n\tsite cleared\r\n", "Head\tof Housing")


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", max_codepoint=0x2FF), max_size=12))
def test_an_update_text_is_refused_exactly_when_it_holds_a_control_character(text: str) -> None:
    # Unicode's own list of control characters (category Cc), less tab and line breaks.
    controls = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r"]
    try:
        ActionUpdate(on=START, text=text)
    except InputError as error:
        (problem,) = error.problems
        assert controls, problem
        assert f"is U+{ord(controls[0]):04X};" in problem
    else:
        assert not controls


def test_owners_must_be_a_tuple_of_names_not_a_string() -> None:
    with pytest.raises(TypeError):
        Action(ref="1", title="t", owners="Head of Finance")  # type: ignore[arg-type]


def test_format_date() -> None:
    assert format_date(dt.date(2024, 6, 1)) == "1 Jun 2024"
    assert format_date(dt.date(2025, 3, 31)) == "31 Mar 2025"


@pytest.mark.parametrize("word", ["Cancelled", "Deleted"])
def test_a_cancelled_action_has_no_progress_rating(word: str) -> None:
    # Nothing more is expected of a cancelled action: rating it against the straight line to
    # its due date would call it off track for work nobody is asked to do.
    state = assess_action(action(word, percent=10.0, **TEN_DAYS), as_of=MIDWAY)  # type: ignore[arg-type]
    assert (state.expected_percent, state.progress) == (None, None)
    assert state.explanation == f"Cancelled ({word}); 10% complete"


# -- ongoing work past its due date ------------------------------------------------------------


@pytest.mark.parametrize("word", ["Commenced and will be ongoing", "Ongoing"])
@pytest.mark.parametrize("as_of", [DUE + dt.timedelta(days=1), dt.date(2030, 1, 1)])
def test_ongoing_work_past_its_due_date_is_not_rated_against_an_end(
    word: str, as_of: dt.date
) -> None:
    # "April 2024 (Commenced and will be ongoing)": the due date is when the work was to be
    # under way; after it the work goes on with no end, so no share of it is expected done.
    state = assess_action(action(word, percent=40.0), as_of=as_of)
    assert (state.expected_percent, state.progress, state.overdue) == (None, None, False)
    assert state.explanation == (
        f"Ongoing ({word}); 40% complete; ongoing since 30 Nov 2024, with no end to rate "
        "progress against"
    )


def test_ongoing_work_is_rated_against_the_straight_line_up_to_its_due_day() -> None:
    # Until its due date an ongoing action has a date to be under way by, as any action has.
    ongoing = "Commenced and will be ongoing"
    midway = assess_action(action(ongoing, percent=10.0, **TEN_DAYS), as_of=MIDWAY)  # type: ignore[arg-type]
    assert (midway.expected_percent, midway.progress) == (50.0, Progress.OFF_TRACK)
    due_day = assess_action(action(ongoing, percent=95.0), as_of=DUE)
    assert (due_day.expected_percent, due_day.progress) == (100.0, Progress.ON_TRACK)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
    length=st.integers(min_value=0, max_value=1000),
    offset=st.integers(min_value=-1100, max_value=1100),
    percent=st.floats(min_value=0, max_value=100),
)
def test_ongoing_work_is_rated_as_work_in_progress_up_to_its_due_day_and_never_after(
    start: dt.date, length: int, offset: int, percent: float
) -> None:
    due = start + dt.timedelta(days=length)
    as_of = due + dt.timedelta(days=offset)
    ongoing = assess_action(action("Ongoing", start=start, due=due, percent=percent), as_of)
    in_progress = assess_action(action("In progress", start=start, due=due, percent=percent), as_of)
    assert not ongoing.overdue
    if as_of > due:
        assert (ongoing.expected_percent, ongoing.progress) == (None, None)
    else:
        assert (ongoing.expected_percent, ongoing.progress) == (
            in_progress.expected_percent,
            in_progress.progress,
        )


def test_an_update_that_makes_work_ongoing_stops_its_rating_from_that_day() -> None:
    went_on = ActionUpdate(on=dt.date(2025, 1, 10), text="Now business as usual", status="Ongoing")
    subject = action(percent=50.0, updates=(went_on,))
    before = assess_action(subject, as_of=dt.date(2025, 1, 9))
    after = assess_action(subject, as_of=dt.date(2025, 1, 10))
    assert (before.progress, before.overdue) == (Progress.OFF_TRACK, True)
    assert (after.progress, after.overdue) == (None, False)
