"""Reading a CSV file row by row: every problem is named by its row, as a spreadsheet shows it
(a quoted cell of several lines is in one row), and the cell's column, by its header name,
even where the csv module itself refuses the cell."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.textfiles import csv_rows

HEADER = "indicator,period,value,note\n"
OVER_CSV_LIMIT = csv.field_size_limit() + 1


def rows(text: str) -> list[tuple[int, list[str] | str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q3.csv"
        path.write_text(text, encoding="utf-8", newline="")
        return list(csv_rows(path, path.name))


def test_a_cell_longer_than_the_csv_modules_own_limit_is_named_by_its_column() -> None:
    text = HEADER + "FIN01,Apr 2024,3,fine\n" + f"FIN01,May 2024,4,{'n' * OVER_CSV_LIMIT}\n"
    *good, (row, problem) = rows(text)
    assert good == [(1, HEADER.strip().split(",")), (2, ["FIN01", "Apr 2024", "3", "fine"])]
    assert (row, problem) == (3, "note: is longer than 10,000 characters, the most allowed")


def test_a_long_quoted_cell_is_named_on_the_row_it_starts_with_a_word_on_its_quote() -> None:
    cell = "the quote is never closed\n" + "n" * OVER_CSV_LIMIT
    *_, (row, problem) = rows(HEADER + f'FIN01,May 2024,4,"{cell}\nFIN01,Jun 2024,5,\n')
    assert row == 2
    assert problem == (
        "note: is longer than 10,000 characters, the most allowed; if the quote that opens it "
        "is never closed, close it or remove it"
    )


def test_a_long_cell_after_a_cell_of_several_lines_is_named_in_the_records_row() -> None:
    text = HEADER + f'FIN01,May 2024,"4\n\n",{"n" * OVER_CSV_LIMIT}\n'
    assert rows(text)[-1] == (2, "note: is longer than 10,000 characters, the most allowed")


def test_a_cell_beyond_the_headers_columns_is_a_cell() -> None:
    text = HEADER + f"FIN01,May 2024,4,,{'n' * OVER_CSV_LIMIT}\n"
    assert rows(text)[-1] == (2, "a cell: is longer than 10,000 characters, the most allowed")


def test_a_line_break_outside_quotes_is_named_by_its_column() -> None:
    assert rows(HEADER + "FIN01,May 2024,4\r5,\n")[-1] == (
        2,
        "value: holds a line break outside quotes; put the cell in quotes or remove it",
    )


def test_a_hidden_character_in_a_cell_of_several_lines_is_named_by_the_records_row() -> None:
    """A spreadsheet shows a quoted cell of several lines in one row: the problem is in that
    row, wherever the character is in the cell, and the rows after it keep their numbers."""
    note = '"first line\nsecond \x1b line\nthird line"'
    text = HEADER + f"FIN01,Apr 2024,3,{note}\nFIN01,May 2024,4,fine\n"
    found = rows(text)
    assert [number for number, _ in found] == [1, 2, 3]
    assert found[1] == (
        2,
        "note: holds the invisible character U+001B (a control character), which makes text "
        "show "
        "differently from what it is; remove it",
    )
    assert found[2] == (3, ["FIN01", "May 2024", "4", "fine"])


def test_rows_after_a_cell_of_several_lines_are_numbered_as_a_spreadsheet_shows_them() -> None:
    text = HEADER + 'FIN01,Apr 2024,3,"two\nlines"\n\nFIN01,May 2024,4,"three\n\nlines"\n'
    assert [number for number, _ in rows(text)] == [1, 2, 3, 4]


def test_a_file_whose_lines_end_in_a_carriage_return_alone_says_so() -> None:
    """Older Mac spreadsheets end each line with a carriage return alone: the header then holds
    a line break outside quotes, which is how the file's lines end, not a cell to quote."""
    assert rows("indicator,period,value\rFIN01,May 2024,4\r") == [
        (
            1,
            "its lines end with a carriage return alone, as older Mac spreadsheets write "
            "them; save it as CSV UTF-8, whose lines end as Windows or Unix lines do",
        )
    ]


CELL = st.text(alphabet='ab ,"\n', max_size=6)


@settings(max_examples=40)
@given(
    before=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=3),
    row=st.lists(CELL, min_size=3, max_size=3),
    column=st.integers(0, 2),
    awkward=st.booleans(),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_an_over_long_cell_is_named_wherever_it_is(
    before: list[list[str]], row: list[str], column: int, awkward: bool, quoting: int
) -> None:
    """Whatever is around it, a cell over the csv module's limit, as a spreadsheet writes it, is
    named by its header and its row as a spreadsheet shows it; the rows before it read as
    written."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting)
    writer.writerows([["h0", "h1", "h2"], *before])
    start = 2 + len(before)  # the header is row 1
    row[column] = ('a "quoted", ' if awkward else "") + "x" * OVER_CSV_LIMIT
    writer.writerow(row)
    *good, last = rows(out.getvalue())
    assert [cells for _, cells in good] == [["h0", "h1", "h2"], *before]
    assert last[0] == start
    assert isinstance(last[1], str)
    assert last[1].startswith(f"h{column}: is longer than 10,000 characters, the most allowed")


UNCLOSED = (
    "a quote opens this cell and is never closed, so the rest of the file would be read into "
    "it; close the quote or remove it"
)


def test_a_quote_never_closed_on_the_last_line_is_named_by_its_row_and_column() -> None:
    text = HEADER + "FIN01,Apr 2024,3,fine\n" + 'FIN01,May 2024,4,"Mansfield\n'
    *good, last = rows(text)
    assert [number for number, _ in good] == [1, 2]
    assert last == (3, f"note: {UNCLOSED}")


def test_a_quote_never_closed_is_named_where_it_opens_not_where_the_file_ends() -> None:
    text = HEADER + 'FIN01,"Apr 2024,3,fine\nFIN01,May 2024,4,\nFIN01,Jun 2024,5,\n'
    assert rows(text)[-1] == (2, f"period: {UNCLOSED}")


def test_a_quote_never_closed_after_a_cell_of_several_lines_is_named_in_the_records_row() -> None:
    text = HEADER + 'FIN01,Apr 2024,"3\n\n","an open quote\nFIN01,May 2024,4,\n'
    assert rows(text)[-1] == (2, f"note: {UNCLOSED}")


def test_a_quote_never_closed_in_the_header_is_named_in_row_1() -> None:
    assert rows('indicator,"period,value\nFIN01,Apr 2024,3\n') == [(1, f"a cell: {UNCLOSED}")]


@given(
    records=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=4),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    last_line_ended=st.booleans(),
)
def test_what_a_spreadsheet_writes_is_read_as_written(
    records: list[list[str]], quoting: int, last_line_ended: bool
) -> None:
    """No quote is taken for one never closed: a file ending in a quoted cell of several lines,
    or with no line break after its last row, is read as it was written."""
    out = io.StringIO()
    csv.writer(out, quoting=quoting).writerows([["h0", "h1", "h2"], *records])
    text = out.getvalue() if last_line_ended else out.getvalue().removesuffix("\r\n")
    assert [cells for _, cells in rows(text)] == [["h0", "h1", "h2"], *records]


@given(
    records=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=3),
    row=st.lists(CELL, min_size=3, max_size=3),
    column=st.integers(0, 2),
    rest=st.text(alphabet="ab ,\n", max_size=30),
)
def test_a_quote_never_closed_is_named_wherever_it_is(
    records: list[list[str]], row: list[str], column: int, rest: str
) -> None:
    """Whatever is before it, a cell whose quote is never closed is named by its header and
    its row as a spreadsheet shows it; the rows before it read as written."""
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerows([["h0", "h1", "h2"], *records])
    before = "".join('"' + cell.replace('"', '""') + '",' for cell in row[:column])
    opened = 2 + len(records)  # the header is row 1
    *good, last = rows(out.getvalue() + before + '"' + rest)
    assert [cells for _, cells in good] == [["h0", "h1", "h2"], *records]
    assert last == (opened, f"h{column}: {UNCLOSED}")
