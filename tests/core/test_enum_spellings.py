"""Every enumeration field of the core's records takes its member, or the member's value or
name in any case with spaces around it, and refuses any other word in one line naming the field
and every spelling it takes."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import typing
from collections.abc import Callable

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import councilpmf.core
from councilpmf.core.errors import InputError, InputTypeError
from councilpmf.core.findings import Finding
from councilpmf.core.governance import Committee, IndicatorSet
from councilpmf.core.indicators import Indicator, Reading
from councilpmf.core.plan import ResourceStrategy

Build = Callable[..., object]


def _with(record: type, /, **given_fields: object) -> Build:
    """A ``record`` made from ``given_fields``, with any of them replaced."""
    return lambda **changed: record(**{**given_fields, **changed})


FIELDS: dict[tuple[type, str], Build] = {
    (Indicator, "unit"): _with(Indicator, id="K", title="K"),
    (Indicator, "polarity"): _with(Indicator, id="K", title="K"),
    (Indicator, "frequency"): _with(Indicator, id="K", title="K"),
    (Indicator, "aggregation"): _with(Indicator, id="K", title="K"),
    (Reading, "status"): _with(Reading, indicator="K", period="2024/25 Q1", value=1.0),
    (Reading, "approval"): _with(Reading, indicator="K", period="2024/25 Q1", value=1.0),
    (Finding, "severity"): _with(Finding, severity="error", code="x", message="m"),
    (Committee, "kind"): _with(Committee, id="c", name="C", kind="cabinet", cadence="annual"),
    (Committee, "cadence"): _with(Committee, id="c", name="C", kind="cabinet", cadence="annual"),
    (IndicatorSet, "level"): _with(
        IndicatorSet, committee="c", level="strategic", indicators=("K",)
    ),
    (ResourceStrategy, "kind"): _with(ResourceStrategy, id="r", kind="capital", title="R"),
}


def _enum_of(record: type, name: str) -> type[enum.Enum]:
    kind = typing.get_type_hints(record)[name]
    assert isinstance(kind, type) and issubclass(kind, enum.Enum)
    return kind


def _core_records() -> set[type]:
    records = set()
    for module in pkgutil.walk_packages(councilpmf.core.__path__, "councilpmf.core."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and attrs.has(value) and value.__module__ == module.name:
                records.add(value)
    return records


def test_every_enumeration_field_that_converts_what_people_type_is_tested_here() -> None:
    converting = set()
    for record in _core_records():
        hints = typing.get_type_hints(record)
        for field in attrs.fields(record):
            kind = hints[field.name]
            if isinstance(kind, type) and issubclass(kind, enum.Enum) and field.converter:
                converting.add((record, field.name))
    assert converting == set(FIELDS)


def _mixed_case(text: str, upper: list[bool]) -> str:
    return "".join(c.upper() if up else c.lower() for c, up in zip(text, upper, strict=False))


@given(
    field=st.sampled_from(list(FIELDS)),
    pick=st.integers(min_value=0),
    by_name=st.booleans(),
    upper=st.lists(st.booleans(), min_size=30, max_size=30),
    before=st.sampled_from(["", " ", "  ", "\t"]),
    after=st.sampled_from(["", " ", "\n"]),
)
def test_a_member_and_its_value_or_name_in_any_case_give_that_member(
    field: tuple[type, str], pick: int, by_name: bool, upper: list[bool], before: str, after: str
) -> None:
    record, name = field
    members = list(_enum_of(record, name))
    chosen = members[pick % len(members)]
    spelling = chosen.name if by_name else str(chosen.value)
    typed = before + _mixed_case(spelling, upper) + after
    assert getattr(FIELDS[field](**{name: typed}), name) is chosen
    assert getattr(FIELDS[field](**{name: chosen}), name) is chosen


def _spells_a_member(word: str, kind: type[enum.Enum]) -> bool:
    wanted = word.strip().casefold()
    return any(wanted in (str(m.value).casefold(), m.name.casefold()) for m in kind)


@pytest.mark.parametrize("field", list(FIELDS), ids=[f"{r.__name__}.{n}" for r, n in FIELDS])
@given(word=st.text(min_size=0, max_size=20))
def test_any_other_word_is_refused_in_one_line_naming_the_field_and_every_spelling(
    field: tuple[type, str], word: str
) -> None:
    record, name = field
    kind = _enum_of(record, name)
    assume(not _spells_a_member(word, kind))
    with pytest.raises(InputError) as caught:
        FIELDS[field](**{name: word})
    assert not isinstance(caught.value, TypeError)
    spellings = ", ".join(str(m.value) for m in kind)
    assert str(caught.value) == f"{name}: {word!r} is not one of: {spellings}"


@pytest.mark.parametrize(
    ("field", "says"),
    [
        ((Indicator, "frequency"), "frequency: 'weekly' is not one of: monthly, quarterly, "),
        ((Committee, "cadence"), "cadence: 'weekly' is not one of: monthly, quarterly, "),
        ((Reading, "approval"), "approval: 'weekly' is not one of: draft, submitted, approved"),
        ((ResourceStrategy, "kind"), "kind: 'weekly' is not one of: medium term financial, "),
    ],
)
def test_the_refusal_reads_as_people_see_it(field: tuple[type, str], says: str) -> None:
    with pytest.raises(InputError, match=f"^{says}"):
        FIELDS[field](**{field[1]: "weekly"})


@pytest.mark.parametrize("field", list(FIELDS), ids=[f"{r.__name__}.{n}" for r, n in FIELDS])
@pytest.mark.parametrize("value", [3, None, 1.5, ("cabinet",)])
def test_a_value_that_is_not_text_is_refused_as_the_wrong_kind(
    field: tuple[type, str], value: object
) -> None:
    name = field[1]
    with pytest.raises(InputTypeError) as caught:
        FIELDS[field](**{name: value})
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, InputError)
    assert str(caught.value).startswith(f"{name}: {value!r} is not one of: ")
    assert "\n" not in str(caught.value)
