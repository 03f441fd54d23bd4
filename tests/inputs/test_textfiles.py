"""The safe reading of text files: limits refuse exactly what is beyond them, and nothing TOML
allows within them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.convert import InputError
from councilpmf.textfiles import LARGEST, Limits, parse_number, parse_toml, read_number

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Valid TOML whose strings and comments hold what would look like nesting or long keys.
TRICKY = [
    'a = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ . . . . = {{{{"',
    "a = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['",
    'a = """\n[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nb.c.d.e = 1\n"""',
    "a = '''\n{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n'''",
    'a = """quoted ""inside"" end"""""',
    "# " + "[" * 100 + " " + "x." * 100 + "\nb = 1",
    '"dotted.key.in.quotes.that.is.not.nested.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u" = 1',
    'a = "escaped \\" [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["',
    "[[t]]\nx = 1\n[[t]]\nx = 2\n[t.u]\ny = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5]",
    "x = [\n  { a = 1, b = [1, [2, [3]]] },\n  { a = 2 },\n]\ny.z = { w = 1.0 }",
    "when = 2024-04-01T07:32:00.999\nf = 1.000_001e+10",
    "a = " + "[" * 32 + "]" * 32,
    ".".join(["k"] * 32) + " = 1",
    "k" * 256 + " = 1",
]


@pytest.mark.parametrize("text", TRICKY)
def test_what_toml_allows_within_the_limits_is_read_as_toml_reads_it(text: str) -> None:
    assert parse_toml(text, "x.toml") == tomllib.loads(text)


def test_every_example_file_is_read_as_toml_reads_it() -> None:
    files = sorted(EXAMPLES.rglob("*.toml"))
    assert len(files) > 20
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert parse_toml(text, file.name) == tomllib.loads(text)


@given(depth=st.integers(1, 80), table=st.booleans())
def test_nesting_is_refused_exactly_beyond_the_limit(depth: int, table: bool) -> None:
    limits = Limits(depth=40)
    opened, closed = ("{a = ", "}") if table else ("[", "]")
    text = "x = " + opened * depth + ("1" if table else "") + closed * depth
    if depth <= 40:
        parse_toml(text, "x.toml", limits)
    else:
        with pytest.raises(InputError) as caught:
            parse_toml(text, "x.toml", limits)
        assert caught.value.problems == (
            "x.toml: line 1: arrays or tables are nested more than 40 deep",
        )


@given(parts=st.integers(1, 60), header=st.booleans())
def test_dotted_keys_are_refused_exactly_beyond_the_limit(parts: int, header: bool) -> None:
    key = ".".join(["k"] * parts)
    text = f"[{key}]\nv = 1" if header else f"{key} = 1"
    if parts <= 32:
        assert parse_toml(text, "x.toml") == tomllib.loads(text)
    else:
        with pytest.raises(InputError, match="a key has more than 32 dotted parts"):
            parse_toml(text, "x.toml")


@given(st.text(max_size=40))
def test_a_number_is_read_only_when_python_agrees_on_its_value(text: str) -> None:
    """Whatever is accepted is the number Python reads once the thousands commas are gone; and
    nothing with a character outside ASCII digits, signs, ``.,eE`` and spaces is accepted
    (``yes``/``no`` aside)."""
    try:
        value = parse_number(text, "value")
    except ValueError as error:
        assert str(error).startswith("value: ")
        return
    cleaned = text.strip(" \t")
    if cleaned.lower() in ("yes", "no"):
        return
    assert set(cleaned) <= set("0123456789+-.,eE")
    assert value == float(cleaned.replace(",", ""))


@given(st.text(alphabet="0123456789+-.,eE xyes", max_size=12))
def test_parse_number_reads_what_read_number_reads_and_yes_and_no(text: str) -> None:
    """One reading of a number serves the council folder and the benchmarking values file:
    ``parse_number`` adds only spaces and tabs around it, ``yes`` and ``no``, and the words of
    its refusal."""
    cleaned = text.strip(" \t")
    expected = {"yes": 1.0, "no": 0.0}.get(cleaned.lower(), read_number(cleaned))
    try:
        assert parse_number(text, "value") == expected
    except ValueError:
        assert expected is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("5.", 5.0), ("1,234.", 1234.0), ("-.5", -0.5), ("5.e2", 500.0), ("1e15", LARGEST)],
)
def test_a_number_may_end_in_its_decimal_point(text: str, value: float) -> None:
    assert read_number(text) == parse_number(text, "value") == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1e16", "is larger than 1e+15, the most allowed"),
        ("-1,000,000,000,000,001", "is larger than 1e+15, the most allowed"),
        ("45,2", "is not a number"),
        ("1_000", "is not a number"),
        ("inf", "is not a number"),
        ("nan", "is not a number"),
        ("\u0661\u0662", "is not a number"),  # Arabic-Indic digits
        (".", "is not a number"),
        ("", "is not a number"),
    ],
)
def test_what_is_not_a_number_or_too_large_is_refused_in_words(text: str, why: str) -> None:
    assert read_number(text) is None
    with pytest.raises(ValueError) as refused:
        parse_number(text, "value")
    assert str(refused.value).startswith(f"value: {text!r} {why}")
