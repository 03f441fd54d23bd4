"""The text report fits the terminal: as wide as ``COLUMNS`` says (100 when unset), never wider,
long cells wrapped, every word of the data still there. Width is counted in a terminal's columns:
an East Asian wide or fullwidth character takes two, a combining mark none."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Iterator
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
import wcwidth
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf.cli import main
from councilpmf.core.report import (
    REPORT_KINDS,
    Column,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
    build_report,
    cell_text,
)
from councilpmf.default_plugins.formats import text

MANSFIELD = Path(__file__).resolve().parents[2] / "examples" / "mansfield"
Q3, AS_OF = pmf.parse_period("2024/25 Q3"), dt.date(2025, 1, 20)


@cache
def _reports() -> dict[str, Report]:
    council = pmf.load_folder(MANSFIELD)
    return {
        kind: build_report(kind, council.framework, council.readings, Q3, AS_OF, "cabinet")
        for kind in REPORT_KINDS
    }


def _columns(line: str) -> int:
    """The columns ``line`` takes on a terminal: two for an East Asian wide or fullwidth
    character, none for a combining mark or a zero-width space, one for any other."""
    return sum(
        0
        if unicodedata.category(c) in ("Mn", "Me") or c == "\u200b"
        else 2
        if unicodedata.east_asian_width(c) in ("W", "F")
        else 1
        for c in line
    )


def _on_screen(line: str) -> list[str]:
    """``line`` as a terminal lays it out: what is in each column, a wide character in both
    of its columns, a mark that takes none left out."""
    return [c for c in line for _ in range(_columns(c))]


def _widest(rendered: str) -> int:
    return max(_columns(line) for line in rendered.splitlines())


# Characters two columns wide: kana, CJK ideographs, Hangul, fullwidth forms.
WIDE = st.one_of(
    st.characters(min_codepoint=0x3041, max_codepoint=0x3096),
    st.characters(min_codepoint=0x30A1, max_codepoint=0x30FA),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
)
# And the rest of many scripts: Latin, Greek, Cyrillic and Arabic with their combining marks,
# enclosing marks, zero-width and ideographic spaces.
SCRIPTS = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),
    st.characters(min_codepoint=0x3B1, max_codepoint=0x3C9),
    st.characters(min_codepoint=0x410, max_codepoint=0x44F),
    st.characters(min_codepoint=0x621, max_codepoint=0x652),
    WIDE,
    st.sampled_from("\u20dd\u20e3\u200b\u3000"),
)


def mixed_text(max_size: int) -> st.SearchStrategy[str]:
    """Text in any mix of scripts, or all in wide characters."""
    return st.text(SCRIPTS, max_size=max_size) | st.text(WIDE, max_size=max_size)


def _retext(value: Any, texts: Iterator[str]) -> Any:
    """``value`` (a report or any part of one) with each text in it replaced by the next of
    ``texts``; keys and kinds, which name things rather than show them, are kept."""
    if isinstance(value, str):
        return next(texts)
    if isinstance(value, tuple):
        return tuple(_retext(part, texts) for part in value)
    if isinstance(value, Enum) or not attrs.has(type(value)):
        return value
    return attrs.evolve(
        value,
        **{
            f.name: _retext(getattr(value, f.name), texts)
            for f in attrs.fields(type(value))
            if f.name not in ("key", "kind")
        },
    )


@pytest.mark.parametrize("kind", REPORT_KINDS)
@pytest.mark.parametrize("width", [60, 100, 200])
def test_no_line_is_wider_than_the_terminal(
    monkeypatch: pytest.MonkeyPatch, kind: str, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    assert _widest(text.render(_reports()[kind])) <= width


def test_without_columns_the_report_is_100_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    rendered = text.render(_reports()["performance"])
    assert _widest(rendered) <= 100
    assert rendered == text.render(_reports()["performance"], width=100)


def test_a_wide_terminal_gets_the_indicators_as_one_table() -> None:
    rendered = text.render(_reports()["performance"], width=200)
    header = next(line for line in rendered.splitlines() if line.startswith("Indicator "))
    assert header.split() == [
        "Indicator", "Ref", "Period", "Value", "Target", "Rating", "Short", "term", "Long", "term",
        "Commentary", "Owner",
    ]  # fmt: skip
    assert 150 < _widest(rendered) <= 200


def test_a_narrow_terminal_gets_a_block_per_indicator() -> None:
    rendered = text.render(_reports()["performance"], width=60)
    assert "Average days to process new housing benefit claims\n  Ref: BEN01\n" in rendered
    assert "  Rating: ✖ Red\n" in rendered


@pytest.mark.parametrize("width", [60, 100, 200])
def test_every_word_of_every_cell_survives_the_wrapping(width: int) -> None:
    report = _reports()["performance"]
    words = " ".join(text.render(report, width=width).split())
    for table in report.tables():
        for row in table.rows:
            for cell in (row.header, *row.cells):
                for word in cell_text(cell).split():
                    assert word in words or len(word) > width // 4, word


def test_the_command_line_report_follows_columns() -> None:
    result = CliRunner().invoke(
        main,
        ["report", str(MANSFIELD), "--period", "2024/25 Q3", "--as-of", "2025-01-20"],
        env={"COLUMNS": "60"},
    )
    assert result.exit_code == 0, result.output
    assert _widest(result.output) <= 60


def _report(*blocks: Paragraph | Table) -> Report:
    return Report(
        kind="performance", title="T", council="C", committee=None, period="2024/25",
        as_of=AS_OF, sections=(Section(heading="S", blocks=blocks),), summary="",
    )  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(mixed_text(90), min_size=4, max_size=4), min_size=1, max_size=4),
    st.integers(40, 220),
)
def test_any_table_fits_any_width_and_its_columns_line_up(
    cells: list[list[str]], width: int
) -> None:
    columns = tuple(
        Column(key=f"c{i}", title=f"Column {i}", kind="number" if i == 3 else "text")
        for i in range(4)
    )
    rows = tuple(Row(header=r[0], cells=tuple(r[1:])) for r in cells)
    table = Table(caption="Anything", columns=columns, rows=rows)
    rendered = text.render(_report(table), width=width)
    assert _widest(rendered) <= width
    lines = rendered.splitlines()
    drawn = lines[lines.index("Anything") + 1 :]
    if drawn and drawn[0].split() == ["Column", "0", "Column", "1", "Column", "2", "Column", "3"]:
        # Drawn as a table, not a block per row: on every line, the gaps between the rule's
        # dashes are blank and nothing runs past its end, so the columns line up.
        rule = drawn[1]
        gaps = [i for i, c in enumerate(rule) if c == " "]
        for line in drawn:
            shown = _on_screen(line)
            assert len(shown) <= len(rule), line
            assert all(shown[i] == " " for i in gaps if i < len(shown)), line


@settings(max_examples=25, deadline=None)
@given(st.lists(mixed_text(150), min_size=1, max_size=12))
def test_no_line_of_any_report_is_wider_than_the_terminal_in_any_script(
    texts: list[str],
) -> None:
    for kind, report in _reports().items():
        mixed = _retext(report, itertools.cycle(texts))
        for width in (40, 80, 133):
            assert _widest(text.render(mixed, width=width)) <= width, (kind, width)


def test_a_wide_character_takes_two_columns_and_a_combining_mark_none() -> None:
    ideographs = text.render(_report(Paragraph(text="議" * 50)), width=41).splitlines()
    assert [line for line in ideographs if "議" in line] == ["議" * 20, "議" * 20, "議" * 10]
    accented = text.render(_report(Paragraph(text="e\u0301" * 50)), width=40).splitlines()
    assert [line for line in accented if "\u0301" in line] == ["e\u0301" * 40, "e\u0301" * 10]


@given(
    line=st.text(alphabet=" abc-é✔議\u0301", max_size=30),
    width=st.integers(min_value=4, max_value=40),
    indent=st.sampled_from(["", "  ", "* "]),
    more=st.sampled_from(["", "  "]),
)
def test_a_line_is_filled_as_the_wrap_fills_it(
    line: str, width: int, indent: str, more: str
) -> None:
    # The shortcut for a line that fits gives what the wrap gives, to the character.
    expected = wcwidth.wrap(
        line,
        width,
        initial_indent=indent,
        subsequent_indent=more,
        break_on_hyphens=False,
        propagate_sgr=False,
    )
    assert text._fill(line, width, indent, more) == "\n".join(expected)
