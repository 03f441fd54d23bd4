"""Every text field of the core's records refuses half a surrogate pair (``"\\ud800"`` written
in Python, text decoded with ``errors="surrogateescape"``), in one line naming the field, with
the one validator they share: the records a council's files give as much as those the library
writes itself (report cells, findings, ratings' and travels' explanations), which a plugin or a
notebook may build too. Text that is not valid Unicode cannot be written as UTF-8, so every
report format would otherwise write it as U+FFFD or fail.

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
from councilpmf.core.benchmark import AreaValue, PeerGroup
from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.errors import InputError
from councilpmf.core.findings import Finding, Severity
from councilpmf.core.formula import Formula, parse_formula
from councilpmf.core.periods import Quarter
from councilpmf.core.plan import BudgetAllocation
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
from strategies import RECORDS, S

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
    before=st.text(max_size=8),  # no surrogates: hypothesis's text never holds them
    half=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    after=st.text(max_size=8),
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
