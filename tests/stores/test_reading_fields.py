"""A stored reading checked without building it (``records.reading_fields``) gets the same
verdict as one read back whole (``records.reading_from_body``), and what either builds is the
reading ``Reading``'s own validators build from the same values."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from councilpmf import records
from councilpmf.core.indicators import Reading, ReadingRevision
from councilpmf.core.periods import parse_period
from councilpmf.store import StoreError

Q1 = parse_period("2024/25 Q1")
WHERE = "readings/k1.json: $.revisions[0].new"


def _mostly(
    good: st.SearchStrategy[object], bad: st.SearchStrategy[object]
) -> st.SearchStrategy[object]:
    """``good`` nine times in ten, so that most bodies are readings and the rest near misses."""
    return st.integers(0, 9).flatmap(lambda n: bad if n == 0 else good)


values = _mostly(
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.integers()),
    st.one_of(
        st.sampled_from([float("nan"), float("inf"), 10**400, True, False]), st.text(max_size=3)
    ),
)
reasons = _mostly(
    st.sampled_from([None, "late", "not collected"]), st.sampled_from(["", "  ", 3, "\ud800"])
)


@st.composite
def bodies(draw: st.DrawFn) -> dict[str, object]:
    body: dict[str, object] = {
        "value": draw(values),
        "missing_reason": None,
        "status": draw(_mostly(st.sampled_from(["final", "provisional"]), st.just("FINAL"))),
        "note": draw(_mostly(st.text(max_size=3), st.sampled_from([None, "Caf\udce9"]))),
    }
    if body["value"] is None or draw(st.integers(0, 4)) == 0:
        body["missing_reason"] = draw(reasons)
    for key, choices in (
        ("published_status", _mostly(st.sampled_from(["", "Green"]), st.just(5))),
        ("approval", _mostly(st.sampled_from(["approved", "draft", "submitted"]), st.none())),
    ):
        if draw(st.booleans()):
            body[key] = draw(choices)
    if draw(st.integers(0, 9)) == 0:
        body["colour"] = "red"
    if draw(st.integers(0, 9)) == 0:
        body.pop(draw(st.sampled_from(sorted(body))))
    return body


def _verdict(read: object) -> object:
    try:
        return ("read", read() if callable(read) else read)
    except StoreError as error:
        return ("refused", str(error))


@given(_mostly(st.sampled_from(["K1", "Zürich"]), st.sampled_from(["", "  "])), bodies())
def test_checking_a_stored_reading_gives_the_verdict_reading_it_gives(
    indicator: str, body: dict[str, object]
) -> None:
    whole = _verdict(lambda: records.reading_from_body(indicator, Q1, body, WHERE))
    checked = _verdict(lambda: records.reading_fields(indicator, Q1, body, WHERE))
    if whole[0] == "refused":
        assert checked == whole
        assert str(whole[1]).startswith(f"{WHERE}") and "\n" not in str(whole[1])
        return
    reading = whole[1]
    assert isinstance(reading, Reading)
    assert checked == ("read", records.ReadingFields(*attrs.astuple(reading)[2:]))
    built = records.reading_from_fields(indicator, Q1, checked[1], WHERE)  # type: ignore[arg-type]
    validated = Reading(indicator=indicator, period=Q1, **checked[1]._asdict())  # type: ignore[union-attr]
    for found in (reading, built):
        assert found == validated
        assert [type(v) for v in attrs.astuple(found)] == [
            type(v) for v in attrs.astuple(validated)
        ]


def test_a_reading_with_both_a_value_and_a_reason_is_refused_in_the_cores_words() -> None:
    body = {"value": 2, "missing_reason": "late", "status": "final", "note": ""}
    for read in (records.reading_fields, records.reading_from_body):
        try:
            read("K1", Q1, body, WHERE)
        except StoreError as error:
            assert str(error) == (
                f"{WHERE}: value: a reading has a value or a missing_reason, not both"
            )
        else:
            raise AssertionError("not refused")


def test_a_whole_number_too_large_for_a_float_is_refused_not_a_crash() -> None:
    body = {"value": 10**400, "missing_reason": None, "status": "final", "note": ""}
    assert _verdict(lambda: records.reading_fields("K1", Q1, body, WHERE)) == (
        "refused",
        f"{WHERE}.value: expected a number or null, not {str(10**400)[:57]}...",
    )


def test_a_revision_is_built_as_its_validators_build_it() -> None:
    new = Reading(indicator="K1", period=Q1, value=2.0)
    args = ("K1", Q1, 2, Reading(indicator="K1", period=Q1, value=1), new, "Ann", "2025", "why")
    built = records.revision_of(*args, "x")
    assert built == ReadingRevision(
        indicator="K1",
        period=Q1,
        revision=2,
        old=args[3],
        new=new,
        by="Ann",
        at="2025",
        reason="why",
    )


def test_half_a_surrogate_pair_in_a_stored_reading_is_refused_in_the_cores_words() -> None:
    # As a JSON "\udce9" escape or a plugin's database could hand it back: not text.
    for field, body in (
        ("note", {"value": 2, "missing_reason": None, "status": "final", "note": "Caf\udce9"}),
        ("missing_reason", {"value": None, "missing_reason": "Caf\udce9", "status": "final"}),
        ("published_status", {"value": 2, "missing_reason": None, "status": "final",
                              "note": "", "published_status": "Caf\udce9"}),
    ):  # fmt: skip
        body.setdefault("note", "")
        said = (
            f"{WHERE}: {field} must be valid Unicode text: character 4 is half a surrogate pair "
            "('\\udce9')"
        )
        for read in (records.reading_fields, records.reading_from_body):
            assert _verdict(lambda: read("K1", Q1, body, WHERE)) == ("refused", said)  # noqa: B023


def test_a_control_character_in_a_stored_reading_is_refused_in_the_cores_words() -> None:
    # As a store written before text refused them, or a plugin's database, could hand it back.
    for field, body, problem in (
        ("note", {"value": 2, "missing_reason": None, "status": "final", "note": "Red\x1b[31m"},
         "character 4 is U+001B"),
        ("missing_reason", {"value": None, "missing_reason": "Late\x85", "status": "final"},
         "character 5 is U+0085"),
        ("published_status", {"value": 2, "missing_reason": None, "status": "final",
                              "note": "", "published_status": "\u202eGreen"},
         "character 1 is U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ):  # fmt: skip
        body.setdefault("note", "")
        said = f"{WHERE}: {field} must not hold control characters: {problem}; write plain text"
        for read in (records.reading_fields, records.reading_from_body):
            assert _verdict(lambda: read("K1", Q1, body, WHERE)) == ("refused", said)  # noqa: B023


def test_a_stored_value_beyond_the_largest_a_reading_may_have_is_refused_in_the_cores_words() -> (
    None
):
    """A store reads back no value a ``Reading`` refuses, however it reads: the quick check
    of a plain number took one beyond the limit, where building the reading refused it."""
    body = {"value": 1000000000000001.0, "missing_reason": None, "status": "final", "note": ""}
    for read in (records.reading_fields, records.reading_from_body):
        try:
            read("K1", Q1, body, WHERE)
        except StoreError as error:
            assert str(error) == (
                f"{WHERE}: value: 1000000000000001.0 is larger than 1e+15, the most allowed"
            )
        else:
            raise AssertionError("not refused")
