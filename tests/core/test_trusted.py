"""Records the library builds without running their validators again: ``trusted`` and the
positional builders ``trusted_builder`` makes for the records built very often."""

from __future__ import annotations

import attrs
import pytest

from councilpmf.core._validate import trusted, trusted_builder
from councilpmf.core.errors import InputError
from councilpmf.core.indicators import Indicator, Target
from councilpmf.core.periods import parse_period
from councilpmf.core.rag import Rating, RatingContext, Status
from councilpmf.core.travel import Direction, SeriesBreak, Travel

Q3 = parse_period("2024/25 Q3")
KPI = Indicator(id="K", title="Council tax collected")

# One record of each kind the core builds with a positional builder, fields all different from
# their defaults (but the context's last_year, which none beside a change of definition has),
# so that a builder that set a field from the wrong argument would be caught.
RECORDS: list[attrs.AttrsInstance] = [
    Travel(direction=Direction.IMPROVING, compared_with=Q3, explanation="Improving: 2 from 1"),
    Rating(status=Status.AMBER, explanation="Close: 79.0% against 80.0%", label="Close"),
    RatingContext(
        indicator=KPI,
        actual=79.0,
        target=Target(period=Q3, value=80.0),
        comparators=(70.0, 75.0),
        last_year_break=SeriesBreak(Q3, "K"),
    ),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_a_builder_builds_the_record_the_constructor_builds(record: attrs.AttrsInstance) -> None:
    values = attrs.asdict(record, recurse=False)
    names = list(values)
    in_order = trusted_builder(type(record), *names)
    backwards = trusted_builder(type(record), *reversed(names))
    assert in_order(*values.values()) == record
    assert backwards(*reversed(values.values())) == record
    assert trusted(type(record), **values) == record


def test_a_builder_runs_no_validator() -> None:
    build = trusted_builder(Rating, "status", "explanation", "label")
    assert build(Status.RED, "Red\x1b", "Red").explanation == "Red\x1b"
    with pytest.raises(InputError, match="control characters"):
        Rating(status=Status.RED, explanation="Red\x1b", label="Red")


@pytest.mark.parametrize(
    "names",
    [
        (),
        ("status", "explanation"),  # one missing
        ("status", "explanation", "label", "words"),  # one too many
        ("status", "explanation", "explanation"),  # one twice, one missing
        ("status", "explanation", "label", "label"),  # one twice
        ("status", "explanation", "lable"),  # misspelt
    ],
)
def test_a_builder_refuses_names_that_are_not_every_field_once(names: tuple[str, ...]) -> None:
    with pytest.raises(TypeError, match=r"Rating has the fields \('status', 'explanation'"):
        trusted_builder(Rating, *names)


def test_a_builder_takes_exactly_one_argument_a_field() -> None:
    build = trusted_builder(Travel, "direction", "compared_with", "explanation")
    with pytest.raises(TypeError):
        build(Direction.IMPROVING, Q3)
    with pytest.raises(TypeError):
        build(Direction.IMPROVING, Q3, "Improving", "again")
