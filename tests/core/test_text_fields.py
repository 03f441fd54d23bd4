"""Every text field of the core's records refuses half a surrogate pair (``"\\ud800"`` written
in Python, text decoded with ``errors="surrogateescape"``), in one line naming the field, with
the one validator they share: the records a council's files give as much as those the library
writes itself (report cells, findings, ratings' and travels' explanations), which a plugin or a
notebook may build too. Text that is not valid Unicode cannot be written as UTF-8, so every
report format would otherwise write it as U+FFFD or fail.

Every text field but a report's parts (which every format escapes) refuses a control character
(tab, line feed and carriage return apart) and a bidirectional override or isolate too, which
make text show other than it is; an id refuses a tab or line break in it as well.

Records with no validators at all (a scorecard's results) are built by the library only, from
records that were checked; they are not among these.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import typing
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import councilpmf.core
from councilpmf.core._validate import LINE, identifier, text, text_problem
from councilpmf.core.actions import Action
from councilpmf.core.benchmark import AreaValue, PeerGroup
from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.errors import InputError
from councilpmf.core.findings import Finding, Severity
from councilpmf.core.formula import Formula, parse_formula
from councilpmf.core.governance import Committee
from councilpmf.core.indicators import Indicator, Reading
from councilpmf.core.periods import Quarter
from councilpmf.core.plan import BudgetAllocation, Theme
from councilpmf.core.rag import Clause, Rating, Status, TargetTolerance, ToleranceWithTravel
from councilpmf.core.report import (
    Chart,
    Column,
    DateCell,
    LevelCell,
    NumberCell,
    Paragraph,
    Point,
    Report,
    Row,
    Section,
    Series,
    StatusCell,
    Table,
    TravelCell,
)
from councilpmf.core.travel import Direction, Travel
from strategies import RECORDS, REFUSED, S, taken_characters

Q1 = Quarter(year=2024, number=1)
_POINT = Point(label="Q1", value=80.0, text="80.0%")
_TABLE = Table(
    caption="Caption",
    columns=(Column(key="name", title="Name"), Column(key="a", title="A")),
    rows=(Row(header="Row", cells=("one",)),),
)

WRITTEN_BY_THE_LIBRARY: dict[type, object] = {
    Finding: Finding(severity=Severity.WARNING, code="late-data", message="No reading", path="$"),
    Rating: Rating(status=Status.RED, explanation="Red: 71.2% against 80.0%", label="Red"),
    Travel: Travel(direction=Direction.IMPROVING, compared_with=Q1, explanation="Up from 70"),
    NumberCell: NumberCell(value=71.2, text="71.2%"),
    LevelCell: LevelCell(value=2, text="2 (High)", level="High", rank=3, levels=4),
    StatusCell: StatusCell(status=Status.RED, word="Red", symbol="✖"),
    TravelCell: TravelCell(direction=Direction.IMPROVING, word="Improving", symbol="↗"),
    DateCell: DateCell(value=dt.date(2024, 11, 30), text="30 Nov 2024"),
    Column: Column(key="name", title="Name"),
    Row: Row(header="Row", cells=("one",), group="Our place", committee="Cabinet"),
    Table: _TABLE,
    Paragraph: Paragraph(text="Words."),
    Point: _POINT,
    Series: Series(name="Value", points=(_POINT,)),
    Chart: Chart(title="Fly-tips", description="Rose", unit="percentage"),
    Section: Section(heading="Section", blocks=(_TABLE,)),
    Report: Report(
        kind="performance",
        title="Performance",
        council="Anytown Council",
        committee="Cabinet",
        period="2024/25 Q3",
        as_of=dt.date(2025, 1, 20),
        summary="A summary.",
    ),
    AreaValue: AreaValue(area_code="E07000175", area_name="Newark", metric="M1", period=Q1),
    PeerGroup: PeerGroup(area_code="E07000175", name="Nearest", members=("E07000176",)),
    PlanChange: PlanChange(kind=ChangeKind.THEME_ADDED, path="$.themes[0]", text="Added"),
    Formula: parse_formula("A + B"),
}
"""An example of each record with text fields that is not among the records of a council's
files (:data:`strategies.RECORDS`)."""

CHOICES = {
    (TargetTolerance, "mode"),
    (ToleranceWithTravel, "mode"),
    (Clause, "op"),
    (BudgetAllocation, "kind"),
    (AreaValue, "marker"),
}
"""Fields that take one of a few words (a statistical marker: a few forms): anything else is
refused as not one of them, by their own tests."""

EXAMPLES: dict[type, S[Any]] = {
    **RECORDS,
    **{kind: st.just(example) for kind, example in WRITTEN_BY_THE_LIBRARY.items()},
}


def text_fields(kind: type) -> list[tuple[str, bool]]:
    """The fields of ``kind`` that hold text: each name, and whether it holds a tuple of it."""
    hints = typing.get_type_hints(kind)
    found = []
    for field in attrs.fields(kind):
        written = str(hints[field.name])
        if hints[field.name] is str or written == "str | None":
            found.append((field.name, False))
        elif written == "tuple[str, ...]":
            found.append((field.name, True))
    return found


FIELDS = sorted(
    (
        (kind, name, in_tuple)
        for kind in EXAMPLES
        for name, in_tuple in text_fields(kind)
        if (kind, name) not in CHOICES
    ),
    key=lambda found: (found[0].__name__, found[1]),
)


def core_records() -> set[type]:
    """Every record of the core that checks what it is given: an attrs class with a validator
    on one of its text fields."""
    found = set()
    for module in pkgutil.walk_packages(councilpmf.core.__path__, "councilpmf.core."):
        for kind in vars(importlib.import_module(module.name)).values():
            if inspect.isclass(kind) and attrs.has(kind) and kind.__module__ == module.name:
                checked = {f.name for f in attrs.fields(kind) if f.validator is not None}
                if checked & {name for name, _ in text_fields(kind)}:
                    found.add(kind)
    return found


def test_every_record_that_checks_its_text_is_tried() -> None:
    untried = sorted(kind.__qualname__ for kind in core_records() - set(EXAMPLES))
    assert untried == [], "give an example of each of these records to the tests here"
    assert len(FIELDS) > 100


@pytest.mark.parametrize(
    ("kind", "name", "in_tuple"),
    FIELDS,
    ids=[f"{kind.__name__}.{name}" for kind, name, _ in FIELDS],
)
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    before=st.text(taken_characters, max_size=8),
    half=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    after=st.text(taken_characters, max_size=8),
)
def test_half_a_surrogate_pair_in_any_text_field_is_refused_naming_the_field(
    kind: type, name: str, in_tuple: bool, data: st.DataObject, before: str, half: str, after: str
) -> None:
    record = data.draw(EXAMPLES[kind], label="record")
    bad = f"{before}{half}{after}"
    with pytest.raises(InputError) as caught:
        attrs.evolve(record, **{name: (bad,) if in_tuple else bad})
    assert str(caught.value) == (
        f"{name} must be valid Unicode text: character {len(before) + 1} is half a surrogate "
        f"pair ({half!r})"
    )


@pytest.mark.parametrize("cells", [("\ud800",), ("one", 2.5, "Caf\udce9")])
def test_a_table_cell_holding_half_a_surrogate_pair_is_refused_by_its_place(
    cells: tuple[str | float, ...],
) -> None:
    place, text = next(
        (i, cell) for i, cell in enumerate(cells) if isinstance(cell, str) and not cell.isascii()
    )
    with pytest.raises(InputError) as caught:
        Row(header="Row", cells=cells)
    assert str(caught.value).startswith(f"cells[{place}] must be valid Unicode text: character ")
    assert str(caught.value).endswith(f"is half a surrogate pair ({text[-1]!r})")


# -- control characters and bidirectional overrides -----------------------------------------------

REPORT_PARTS = "councilpmf.core.report.document"
"""The module of a report's parts, whose text may hold control characters: every format escapes
them (councilpmf.escape.readable), whoever built the report."""

COUNCIL_FIELDS = [found for found in FIELDS if found[0].__module__ != REPORT_PARTS]


def test_the_control_characters_refused_are_those_a_terminal_or_a_page_would_act_on() -> None:
    refused = {ord(char) for char in REFUSED}
    c0 = set(range(0x20)) - {ord(char) for char in LINE}
    assert refused == c0 | {0x7F} | set(range(0x80, 0xA0)) | set(range(0x202A, 0x202F)) | set(
        range(0x2066, 0x206A)
    )


@pytest.mark.parametrize(
    ("kind", "name", "in_tuple"),
    COUNCIL_FIELDS,
    ids=[f"{kind.__name__}.{name}" for kind, name, _ in COUNCIL_FIELDS],
)
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    before=st.text(taken_characters, max_size=8),
    hidden=st.sampled_from(REFUSED),
    after=st.text(taken_characters, max_size=8),
)
def test_a_control_character_or_bidi_override_in_any_text_field_is_refused_naming_it(
    kind: type,
    name: str,
    in_tuple: bool,
    data: st.DataObject,
    before: str,
    hidden: str,
    after: str,
) -> None:
    record = data.draw(EXAMPLES[kind], label="record")
    bad = f"{before}{hidden}x{after}"  # something visible: an empty id is refused as empty
    with pytest.raises(InputError) as caught:
        attrs.evolve(record, **{name: (bad,) if in_tuple else bad})
    assert str(caught.value).startswith(
        f"{name} must not hold control characters: character {len(before) + 1} is "
        f"U+{ord(hidden):04X}"
    )
    assert str(caught.value).endswith("; write plain text")


def test_a_report_part_takes_control_characters_for_its_format_to_escape() -> None:
    parts = {kind for kind, _, _ in FIELDS if kind.__module__ == REPORT_PARTS}
    assert {Row, Paragraph, Report} <= parts
    assert Row(header="\x1b[31mRed", cells=("exe.\u202etxt",)).cells == ("exe.\u202etxt",)


@attrs.frozen
class _Note:
    text: str = attrs.field(validator=text)


@attrs.frozen
class _Id:
    id: str = attrs.field(validator=identifier)


def _first_refused(value: str, also: str = "") -> int | None:
    """The place (from 1) of the first character of ``value`` that text refuses, or None."""
    for place, char in enumerate(value, start=1):
        if char in REFUSED or char in also or "\ud800" <= char <= "\udfff":
            return place
    return None


_ANY_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=()),  # surrogates too
        st.sampled_from(REFUSED + LINE),
    ),
    max_size=12,
)


@settings(max_examples=300)
@given(_ANY_TEXT)
def test_text_is_refused_exactly_when_it_holds_a_refused_character_naming_the_first(
    value: str,
) -> None:
    place = _first_refused(value)
    if place is None:
        assert _Note(text=value).text == value  # tabs and line breaks are text
        assert text_problem(value) == ""
        return
    with pytest.raises(InputError) as caught:
        _Note(text=value)
    assert f" character {place} is " in str(caught.value)
    assert str(caught.value) == f"text {text_problem(value)}"


@settings(max_examples=300)
@given(_ANY_TEXT.map(lambda value: f"K{value}1"))
def test_an_id_is_refused_exactly_when_it_holds_a_refused_character_or_a_line_break(
    value: str,
) -> None:
    multi, one = _first_refused(value), _first_refused(value, also=LINE)
    if one is None:
        assert _Id(id=value).id == value
        return
    with pytest.raises(InputError) as caught:
        _Id(id=value)
    said = str(caught.value)
    place = multi if multi is not None else one  # what any text refuses is named first
    assert said.startswith("id must ") and f" character {place} is " in said, said
    if multi is None:
        assert said == f"id must be one line: character {one} is " + (
            "a tab" if value[one - 1] == "\t" else "a line break"
        )


@pytest.mark.parametrize("char", list(LINE))
def test_a_tab_or_line_break_is_text_in_a_title_or_a_note_but_never_in_an_id(char: str) -> None:
    two_lines = f"Homes{char}delivered"
    assert Indicator(id="HS01", title=two_lines).title == two_lines
    assert Reading(indicator="HS01", period="2024/25 Q1", value=1.0, note=two_lines).note
    for make, field in (
        (lambda value: Indicator(id=value, title="Homes"), "id"),
        (lambda value: Reading(indicator=value, period="2024/25 Q1", value=1.0), "indicator"),
        (lambda value: Action(ref=value, title="Build"), "ref"),
        (
            lambda value: Committee(id=value, name="Cabinet", kind="cabinet", cadence="monthly"),
            "id",
        ),
        (lambda value: Theme(id=value, name="Place"), "id"),
    ):
        with pytest.raises(InputError) as caught:
            make(f"HS{char}01")
        assert str(caught.value).startswith(f"{field} must be one line: character 3 is a ")
