"""The parts every paper format shares: grouping rows by theme, the committee paper's shape,
number formats, sheet names and text an Office file can hold."""

from __future__ import annotations

import re

import attrs
import pytest
from councilpmf_papers.numbers import excel_number
from councilpmf_papers.paper import RECOMMENDATIONS_PLACEHOLDER, column_weights, groups, paper
from councilpmf_papers.text import REPLACEMENT, office_cut, office_length, office_text
from councilpmf_papers.xlsx import MAX_CELL, clip, sheet_name
from hypothesis import given
from hypothesis import strategies as st
from papers_fixtures import mansfield_report, themed_report

from councilpmf import escape
from councilpmf.core.indicators import Indicator, Unit
from councilpmf.core.report import Column, NumberCell, Paragraph, Row, Table

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def test_rows_are_grouped_by_their_theme_in_first_seen_order() -> None:
    found = groups(themed_report())
    assert [g.name for g in found] == ["Our place", "Our people", "Empty"]
    assert [r.header for r in found[1].table.rows] == [
        "Spend on temporary accommodation",
        "Days to process benefit claims",
    ]
    assert found[1].table.caption == "Indicators, 2024/25 Q3: Our people"


def test_rows_without_a_theme_are_grouped_by_their_section() -> None:
    report = mansfield_report("performance")
    assert [g.name for g in groups(report)] == [
        "Our organisation",
        "Our communities",
        "Our district",
        "Our environment",
        "Our economy",
    ]
    unthemed = attrs.evolve(
        report,
        sections=tuple(
            attrs.evolve(
                s,
                blocks=tuple(
                    attrs.evolve(b, rows=tuple(attrs.evolve(r, group="") for r in b.rows))
                    if isinstance(b, Table)
                    else b
                    for b in s.blocks
                ),
            )
            for s in report.sections
        ),
    )
    (group,) = groups(unthemed)
    assert group.name == "Indicators" and group.table.caption == "Indicators, 2024/25 Q3"
    assert len(group.table.rows) == 19


def test_a_section_with_several_tables_groups_each_by_its_caption() -> None:
    report = mansfield_report("peer-challenge")
    names = [g.name for g in groups(report)]
    assert names[:3] == [
        "LGA Corporate Peer Challenge 2023",
        "Recommendation 1",
        "Recommendation 2",
    ]
    (section,) = [s for s in themed_report().sections if s.heading == "Empty"]
    (table,) = section.blocks
    assert isinstance(table, Table)
    two = attrs.evolve(section, blocks=(table, attrs.evolve(table, caption="Another")))
    report = attrs.evolve(themed_report(), sections=(two,))
    assert [g.name for g in groups(report)] == ["Nothing to list", "Another"]


def test_the_paper_has_the_shape_councils_use() -> None:
    shape = paper(mansfield_report("performance"))
    headings = [p.heading for p in shape.parts()]
    assert headings == [
        "1. Summary",
        "2. Recommendations",
        "3. Summary by theme",
        "4. Exceptions",
        "5. Indicators",
        "6. Trends",
    ]
    assert shape.parts()[1].blocks == (Paragraph(text=RECOMMENDATIONS_PLACEHOLDER),)
    (by_theme,) = shape.by_theme
    assert isinstance(by_theme, Table) and by_theme.caption == "Ratings by theme, 2024/25 Q3"
    assert shape.appendix[0].table.caption == "Indicators, 2024/25 Q3: Our organisation"
    assert sum(len(g.table.rows) for g in shape.appendix) == 19


def test_exceptions_are_the_red_and_amber_rows_with_their_commentary() -> None:
    shape = paper(mansfield_report("performance"))
    rated = [dict(i.facts)["Rating"] for i in shape.exceptions]
    assert rated and all(r in ("✖ Red", "▲ Amber") for r in rated)
    assert len(rated) == 4 + 6  # the summary says 6 amber, 4 red
    benefits = next(i for i in shape.exceptions if dict(i.facts)["Ref"] == "BEN01")
    assert dict(benefits.facts)["Commentary"].startswith("Two assessor vacancies")


def test_overdue_actions_are_exceptions() -> None:
    shape = paper(mansfield_report("actions"))
    assert shape.exceptions
    assert all(dict(i.facts)["Overdue"] == "Yes" for i in shape.exceptions)


def test_without_a_summary_table_the_ratings_are_counted_by_theme() -> None:
    report = themed_report()
    (counted,) = paper(report).by_theme
    assert isinstance(counted, Table)
    assert [(r.header, r.cells) for r in counted.rows] == [
        ("Our place", (0, 0, 1, 1)),  # green, amber, red, total
        ("Our people", (1, 1, 0, 2)),
    ]
    assert [c.title for c in counted.columns] == ["Theme", "Green", "Amber", "Red", "Total"]


def test_a_report_that_rates_nothing_says_so() -> None:
    (said,) = paper(mansfield_report("peer-challenge")).by_theme
    assert isinstance(said, Paragraph) and "no summary by theme" in said.text


@given(
    unit=st.sampled_from([u for u in Unit if u is not Unit.YES_NO]),
    decimals=st.integers(0, 6),
    value=st.floats(-1e9, 1e9, allow_nan=False),
)
def test_a_number_format_shows_the_indicators_decimals_and_unit(
    unit: Unit, decimals: int, value: float
) -> None:
    indicator = Indicator(id="X", title="X", unit=unit, decimals=decimals)
    number = excel_number(NumberCell(value=value, text=indicator.format_value(value)))
    assert number is not None
    places = number.format.split(";")[0].split("#,##0")[1]
    assert places.count("0") == decimals
    if unit in (Unit.PERCENTAGE, Unit.PERCENTAGE_CHANGE):
        assert "%" in number.format
        assert number.value == pytest.approx(value / 100, rel=1e-9, abs=1e-12)
    else:
        assert "%" not in number.format and number.value == value
    assert ("£" in number.format) == (unit is Unit.MONEY)
    assert (" day" in number.format) == (unit is Unit.DAYS)  # "1 day", "2 days"


def test_yes_no_and_unknown_shapes_keep_the_number() -> None:
    yes = excel_number(NumberCell(value=1.0, text="Yes"))
    assert yes is not None and yes.value == 1.0 and yes.format == '"Yes";"Yes";"No"'
    odd = excel_number(NumberCell(value=3.0, text="3 tonnes"))
    assert odd is not None and (odd.value, odd.format) == (3.0, "General")
    assert excel_number(NumberCell(value=None, text="10.0 to 20.0")) is None


# Apostrophes and spaces often, so that some land where a name is cut; emoji, which Excel
# counts as two characters each.
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.text(alphabet="ab' ", max_size=60),
            st.text(alphabet="a \U0001f3e0\U0001f44d", max_size=40),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_sheet_names_are_safe_and_unique(wanted: list[str]) -> None:
    taken: list[str] = ["Summary"]
    for name in wanted:
        taken.append(sheet_name(name, taken))
    for name in taken:
        assert name and office_length(name) <= 31
        assert not set("[]:*?/\\") & set(name)
        assert not name.startswith("'") and not name.endswith("'")
        assert not XML_ILLEGAL.search(name)
    assert len({n.casefold() for n in taken}) == len(taken)


@given(st.text(alphabet="ab\U0001f44d\u00e9", max_size=30), st.integers(0, 40))
def test_office_cut_keeps_the_longest_start_excel_counts_within_the_limit(
    text: str, units: int
) -> None:
    cut = office_cut(text, units)
    assert text.startswith(cut)
    assert office_length(cut) <= units
    assert cut == text or office_length(text[: len(cut) + 1]) > units


def test_a_cell_of_emoji_is_cut_to_what_excel_holds() -> None:
    """Excel counts an emoji as two characters: 20,000 of them were written whole, twice what
    a cell holds, and Excel offered to repair the workbook."""
    long = "\U0001f44d" * 20_000
    clipped = clip(long)
    assert office_length(clipped) == MAX_CELL and clipped.endswith("…")
    assert clipped[:-1] == long[: len(clipped) - 1]
    assert clip("\U0001f44d" * 16_383) == "\U0001f44d" * 16_383  # 32,766 units: whole


def test_a_sheet_name_of_emoji_is_cut_to_31_as_excel_counts() -> None:
    """A theme named with emoji gave a sheet name of 31 characters but 40 as Excel counts."""
    name = sheet_name("Our place \U0001f3e0" * 3, [])
    assert office_length(name) <= 31 and len(name) < 31
    assert "Our place \U0001f3e0".startswith(name[:11])


@given(st.text())
def test_office_text_can_go_in_xml_and_keeps_its_length(text: str) -> None:
    clean = office_text(text)
    assert not XML_ILLEGAL.search(clean)
    assert len(clean) == len(text)
    assert all(c == d or d == REPLACEMENT for c, d in zip(text, clean, strict=True))


@given(st.text())
def test_office_text_replaces_all_a_report_replaces_and_the_reordering_marks_too(
    text: str,
) -> None:
    clean = office_text(text)
    for original, reported, office in zip(text, escape.printable(text), clean, strict=True):
        if reported == REPLACEMENT or escape.BIDI.match(original):
            assert office == REPLACEMENT


def test_office_text_is_not_the_reports_printable_text() -> None:
    text = "Rent\u202e collected\ud800\x07"
    assert escape.printable(text) == "Rent\u202e collected\ud800\ufffd"
    assert office_text(text) == "Rent\ufffd collected\ufffd\ufffd"


def test_groups_never_lose_a_row() -> None:
    report = themed_report()
    (table,) = [t for t in report.tables() if t.rows]
    grouped = [r for g in groups(report) for r in g.table.rows]
    assert sorted(grouped, key=lambda r: r.header) == sorted(table.rows, key=lambda r: r.header)


def test_a_long_word_does_not_squeeze_the_other_columns() -> None:
    """A link in a commentary is one long word: its column is as wide as 30 characters of text
    make one, so the ref and the value keep their room."""
    link = "https://www.anytown.gov.uk/downloads/file/2841/quarterly-performance-report-q3.pdf"
    columns = (Column(key="i", title="Ref"), Column(key="v", title="Value", kind="number"))
    columns += (Column(key="c", title="Commentary"),)
    weights = [
        column_weights(Table(caption="c", columns=columns, rows=(Row(header="HOU02", cells=c),)))
        for c in (("58", link), ("58", "x " * 50))
    ]
    assert weights == [[12, 12, 35], [12, 12, 35]]
