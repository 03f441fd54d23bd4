"""The statistical shorthand of published tables, read once in the core: a missing value's
mark and why, a value's qualifiers and what they say, and what cannot be read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.benchmark import AreaValue, BenchmarkError
from councilpmf.core.periods import parse_period
from councilpmf.core.shorthand import (
    MISSING,
    QUALIFIERS,
    Shorthand,
    ShorthandError,
    check_marker,
    missing_marker,
    qualifier,
    read_cell,
    spellings,
)

Q3 = parse_period("2024/25 Q3")


@pytest.mark.parametrize("written", sorted(spellings()))
def test_every_spelling_of_a_missing_mark_is_kept_one_way_with_its_reason(written: str) -> None:
    for shown in (written, f"  {written} "):
        cell = read_cell(shown)
        assert cell.number == "" and cell.marker in MISSING
        assert check_marker(None, cell.marker) is None
    # the letters without brackets and in capitals are the bracketed mark
    assert read_cell(written).marker == (missing_marker(written.lower()) or "")


def test_reasons_follow_the_shorthand() -> None:
    reasons = {m: MISSING[read_cell(m).marker] for m in ("[c]", "[x]", "[z]", "..", "", ":")}
    assert reasons == {
        "[c]": "suppressed",
        "[x]": "not available",
        "[z]": "not applicable",
        "..": "not available",
        "": "empty",
        ":": "not available",
    }


MARKS = st.lists(
    st.sampled_from([*QUALIFIERS, "[P]", "[R]", "[note 1]", "[Note 12]"]), min_size=1, max_size=3
)


@given(
    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    MARKS,
    st.sampled_from(["", " ", "  "]),
    st.booleans(),
)
def test_a_number_with_qualifiers_on_either_side_keeps_its_text_and_its_marks(
    number: float, marks: list[str], gap: str, before: bool
) -> None:
    written = "".join(marks)
    text = f"{written}{gap}{number!r}" if before else f"{number!r}{gap}{written}"
    cell = read_cell(text)
    assert float(cell.number) == number
    canonical = [m.lower().replace("note1", "note 1") for m in marks]
    assert cell.marker == "".join(dict.fromkeys(canonical))
    assert check_marker(number, cell.marker) is None
    assert qualifier(cell.marker).count(",") == len(set(canonical)) - 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("45.2 [q]", "[q] is not a mark of the statistical shorthand"),
        ("[p]", "[p] (provisional) qualifies a number, as in 45.2 [p], and there is none"),
        ("[p] [r]", "[p][r] (provisional, revised) qualifies a number"),
        ("45.2 [c]", "[c] marks a value that is suppressed: it stands alone"),
        ("[z][note 2]", "[z] marks a value that is not applicable: it stands alone"),
        ("[note]", "[note] is not a mark of the statistical shorthand"),
    ],
)
def test_what_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(ShorthandError) as raised:
        read_cell(text)
    assert str(raised.value).startswith(message)


def test_text_without_marks_is_left_for_the_number_reader() -> None:
    # not a number, but no mark either: whoever reads numbers refuses it
    assert read_cell(" five ") == Shorthand(number="five", marker="")
    assert read_cell("4[p]5") == Shorthand(number="4 5", marker="[p]")


def test_an_area_value_refuses_a_marker_that_does_not_fit_its_value() -> None:
    ok = AreaValue(area_code="E1", area_name="", metric="R", period=Q3, value=4.0, marker="[p]")
    assert ok.marker == "[p]"
    for value, marker in ((4.0, "[c]"), (None, "[p]"), (4.0, "[P]"), (None, "c"), (4.0, "p")):
        with pytest.raises(BenchmarkError, match="marker: "):
            AreaValue(
                area_code="E1", area_name="", metric="R", period=Q3, value=value, marker=marker
            )
