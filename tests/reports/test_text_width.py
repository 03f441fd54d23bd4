"""The text report fits the terminal: as wide as ``COLUMNS`` says (100 when unset), never wider,
long cells wrapped, every word of the data still there."""

from __future__ import annotations

import datetime as dt
import textwrap
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf.cli import main
from councilpmf.core.report import (
    REPORT_KINDS,
    Column,
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


def _widest(rendered: str) -> int:
    return max(len(line) for line in rendered.splitlines())


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


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.text(st.characters(codec="ascii", min_codepoint=32), max_size=90), min_size=4,
                 max_size=4),
        min_size=1, max_size=4,
    ),
    st.integers(40, 220),
)  # fmt: skip
def test_any_table_fits_any_width(cells: list[list[str]], width: int) -> None:
    columns = tuple(Column(key=f"c{i}", title=f"Column {i}") for i in range(4))
    rows = tuple(Row(header=r[0], cells=tuple(r[1:])) for r in cells)
    table = Table(caption="Anything", columns=columns, rows=rows)
    report = Report(
        kind="performance", title="T", council="C", committee=None, period="2024/25",
        as_of=AS_OF, sections=(Section(heading="S", blocks=(table,)),), summary="",
    )  # fmt: skip
    assert _widest(text.render(report, width=width)) <= width


@given(
    line=st.text(alphabet=" abc-é✔", max_size=30),
    width=st.integers(min_value=4, max_value=40),
    indent=st.sampled_from(["", "  ", "* "]),
    more=st.sampled_from(["", "  "]),
)
def test_a_line_is_filled_as_textwrap_fills_it(
    line: str, width: int, indent: str, more: str
) -> None:
    # The shortcut for a line that fits gives what textwrap gives, to the character.
    expected = textwrap.fill(
        line, width=width, initial_indent=indent, subsequent_indent=more, break_on_hyphens=False
    )
    assert text._fill(line, width, indent, more) == expected
