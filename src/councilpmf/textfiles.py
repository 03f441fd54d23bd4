"""Reading a council's text files safely: size, nesting, key and field limits checked before any
work starts, a UTF-8 byte order mark accepted everywhere, and every problem located by line and
column (TOML) or row and column (CSV).

>>> parse_toml('title = "Towards 2030"\\n', "plan.toml")
{'title': 'Towards 2030'}
>>> try:
...     parse_toml('title = "Towards 2030\\n', "plan.toml")
... except InputError as error:
...     print(error)
plan.toml: line 1, column 22: illegal character '\\n'
>>> parse_number("1,234.5", "value"), parse_number("-2.5e3", "value")
(1234.5, -2500.0)
>>> try:
...     parse_number("1,2,3", "value")
... except InputError as error:
...     print(error)
value: '1,2,3' is not a number; write it as 1234.5, 1,234.5, -2.5 or 1.2e6
"""

from __future__ import annotations

import csv
import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from councilpmf.core._validate import REFUSED
from councilpmf.core.convert import InputError
from councilpmf.core.indicators import LARGEST_VALUE, too_large

__all__ = [
    "LARGEST",
    "LIMITS",
    "NUMBER_PATTERN",
    "Limits",
    "csv_rows",
    "parse_number",
    "parse_toml",
    "read_number",
    "read_text",
    "text_problem",
]

_BOM = "\ufeff"


@attrs.frozen(kw_only=True)
class Limits:
    """The most a council folder's files may hold; anything beyond is refused before it is read.

    The defaults are far above what any council writes (the largest example TOML file is 14 kB,
    its longest text 543 characters) and low enough that no file can make a load take
    unbounded time or memory.
    """

    toml_bytes: int = 10 * 1024 * 1024
    csv_bytes: int = 100 * 1024 * 1024
    field_chars: int = 10_000
    key_chars: int = 256
    depth: int = 32


LIMITS = Limits()

# Characters that make text show differently from what it holds, defined once in the core: the
# control characters (tab, line feed and carriage return are allowed) and the bidirectional
# embeddings, overrides and isolates (the "Trojan Source" characters).
_HIDDEN = re.compile(REFUSED)


def text_problem(text: str, limits: Limits = LIMITS) -> str | None:
    """Say why ``text`` cannot be a field's value, or None if it can be.

    >>> text_problem("Head of Finance") is None
    True
    >>> print(text_problem("evil\\u202etxt.exe"))
    holds the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), which makes text show differently from what it is; remove it
    """  # noqa: E501
    if len(text) > limits.field_chars:
        return f"is {len(text):,} characters long; the most allowed is {limits.field_chars:,}"
    hidden = _HIDDEN.search(text)
    if hidden is not None:
        char = hidden.group()
        name = unicodedata.name(char, "a control character")
        return (
            f"holds the invisible character U+{ord(char):04X} ({name}), which makes text show "
            "differently from what it is; remove it"
        )
    return None


def _too_big(name: str, size: int, most: int, more: bool = False) -> InputError:
    size_text = f"more than {most:,}" if more else f"{size:,}"
    limit = f"the most a council folder file may be is {most:,}"
    return InputError((f"{name}: the file is {size_text} bytes; {limit}",))


def read_text(path: Path, name: str, most_bytes: int) -> str:
    """The text of a UTF-8 file (a byte order mark is dropped), refused before it is read when
    it is larger than ``most_bytes``; a bad byte is named by line and column."""
    size = path.stat().st_size
    if size > most_bytes:
        raise _too_big(name, size, most_bytes)
    with path.open("rb") as handle:
        data = handle.read(most_bytes + 1)
    if len(data) > most_bytes:  # it grew while being read, or is a device
        raise _too_big(name, len(data), most_bytes, more=True)
    return _decode(data, name, line=1)


def _decode(data: bytes, name: str, line: int) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line += before.count(b"\n")
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise InputError(
            (
                f"{name}: line {line}, column {column}: byte 0x{data[error.start]:02X} is not "
                "UTF-8; save the file as UTF-8",
            )
        ) from None
    return text.removeprefix(_BOM) if line == 1 else text


# -- TOML ----------------------------------------------------------------------------------------

# What matters in a TOML file for nesting: strings and comments (whose brackets and dots do not
# count), line ends, brackets, braces, dots, equals signs and commas. Everything between them is
# passed over; a file that does not scan is left to the TOML parser to refuse.
_TOKENS = re.compile(
    r'"""(?:[^\\]|\\.)*?"""(?:"{1,2}(?!"))?|\'\'\'.*?\'\'\'(?:\'{1,2}(?!\'))?'
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\n\[\]{}=,.]',
    re.DOTALL,
)


def _shape_problem(text: str, limits: Limits) -> str | None:
    """Find nesting deeper than ``limits.depth`` (arrays, inline tables and dotted key parts)
    or a key longer than ``limits.key_chars``, before the TOML parser sees the text (its work
    grows with the square of a dotted key's parts, and its recursion with nesting)."""
    stack: list[str] = []
    in_key, header = True, False
    parts, key_start, line = 1, 0, 1
    for match in _TOKENS.finditer(text):
        token = match.group()
        if in_key and token[0] in "\"'.=]":
            end = match.start() if token in "=]" else match.end()
            if len(text[key_start:end].strip()) > limits.key_chars:
                return f"line {line}: a key is longer than {limits.key_chars} characters"
        if len(token) > 1 or token in "\"'#":
            line += token.count("\n")
        elif token == "\n":
            line += 1
            if not stack:
                in_key, header, parts, key_start = True, False, 1, match.end()
        elif in_key and token == ".":
            parts += 1
            if parts > limits.depth:
                return f"line {line}: a key has more than {limits.depth} dotted parts"
        elif in_key and token == "=" and not header:
            in_key = False
        elif in_key and token in "[]" and not stack:
            header = True  # a [table] or [[array of tables]] header
        elif not in_key and token in "[{":
            stack.append(token)
            if len(stack) > limits.depth:
                return f"line {line}: arrays or tables are nested more than {limits.depth} deep"
            if token == "{":
                in_key, parts, key_start = True, 1, match.end()
        elif token in "]}" and stack:
            stack.pop()
            in_key = False
        elif token == "," and stack:
            in_key, parts, key_start = stack[-1] == "{", 1, match.end()
    return None


_TOML_WHERE = re.compile(
    r"^(?P<what>.*?) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$"
)


def _toml_message(error: tomllib.TOMLDecodeError, text: str) -> str:
    message = str(error)
    found = _TOML_WHERE.match(message)
    if found is None:
        return message
    what = found.group("what")
    what = what[:1].lower() + what[1:]
    if found.group("line") is not None:
        return f"line {found.group('line')}, column {found.group('column')}: {what}"
    lines = text.split("\n")
    return f"line {len(lines)}, column {len(lines[-1]) + 1}: {what} (at the end of the file)"


def parse_toml(text: str, name: str, limits: Limits = LIMITS) -> dict[str, Any]:
    """Parse TOML text (a byte order mark is dropped), or raise :class:`InputError` naming the
    line, or the path of every text field that breaks a limit."""
    text = text.removeprefix(_BOM)
    shape = _shape_problem(text, limits)
    if shape is not None:
        raise InputError((f"{name}: {shape}",))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError((f"{name}: {_toml_message(error, text)}",)) from None
    except RecursionError:  # the scan above should make this impossible; never a traceback
        raise InputError((f"{name}: nested too deeply to read",)) from None
    problems = tuple(
        f"{name}: {path}: {problem}" for path, problem in _text_problems(data, "$", limits)
    )
    if problems:
        raise InputError(problems)
    return data


def _text_problems(value: object, path: str, limits: Limits) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        problem = text_problem(value, limits)
        if problem is not None:
            yield path, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if _PLAIN_KEY.fullmatch(key) else f"{path}[{key!r}]"
            problem = text_problem(key, limits)
            if problem is not None:
                yield where, f"the key {problem}"
            else:
                yield from _text_problems(item, where, limits)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_problems(item, f"{path}[{index}]", limits)


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


# -- CSV -----------------------------------------------------------------------------------------


@attrs.define
class _Reached:
    """Whether every line of a file has been read."""

    end: bool = False


def _lines(
    path: Path, name: str, most_bytes: int, reached: _Reached | None = None
) -> Iterator[str]:
    """The decoded lines of a file, never reading more than ``most_bytes`` in all (a file that
    grows while it is read, or a device, is refused when it passes the limit); ``reached.end``
    is set when there are no more."""
    total = 0
    with path.open("rb") as handle:
        for number in itertools.count(1):
            raw = handle.readline(most_bytes - total + 1)
            if not raw:
                if reached is not None:
                    reached.end = True
                return
            total += len(raw)
            if total > most_bytes:
                raise _too_big(name, total, most_bytes, more=True)
            yield _decode(raw, name, line=number)


def _column(header: list[str] | None, index: int) -> str:
    """The name of a cell's column, for a problem found in it (``note``), or ``a cell``
    where the header does not name one."""
    name = header[index].strip() if header is not None and index < len(header) else ""
    return name if name and text_problem(name) is None else "a cell"


# One cell of a record as the csv module reads it: a quote opens a quoted part only at the
# start of the cell, two quotes inside it stand for one, and whatever follows the closing
# quote up to the next comma is kept as written.
_CELL = re.compile(r'(?P<quoted>"[^"]*(?:""[^"]*)*(?:"|\Z))?[^,\n]*')


def _cells(text: str) -> list[tuple[int, int, bool]]:
    """Where each cell of a record's text starts and ends, and whether it opens with a quote.

    >>> _cells('E1,"Mansfield, Notts",5\\n')
    [(0, 2, False), (3, 21, True), (22, 23, False)]
    """
    found = []
    start = 0
    while True:
        cell = _CELL.match(text, start)
        assert cell is not None  # the pattern matches the empty string
        found.append((start, cell.end(), cell.group("quoted") is not None))
        if not text.startswith(",", cell.end()):
            return found
        start = cell.end() + 1


def _reader_problem(error: str, record: str, header: list[str] | None, limits: Limits) -> str:
    """The message for what the csv module refused in ``record``, the text of a record: the
    cell's column, where the problem is one of a cell."""
    cells = _cells(record)
    if "field larger than field limit" in error:
        most = csv.field_size_limit()
        index = next((i for i, (s, e, _) in enumerate(cells) if e - s > most), len(cells) - 1)
        problem = f"is longer than {limits.field_chars:,} characters, the most allowed"
        if cells[index][2]:
            problem += "; if the quote that opens it is never closed, close it or remove it"
    elif "new-line character" in error and header is None and "\n" not in record:
        # the first row runs on to the end of the file: its lines end with "\r" alone
        return (
            "its lines end with a carriage return alone, as older Mac spreadsheets write them; "
            "save it as CSV UTF-8, whose lines end as Windows or Unix lines do"
        )
    elif "new-line character" in error:
        body = record.rstrip("\r\n")
        index = next(
            (i for i, (s, e, quoted) in enumerate(cells) if not quoted and "\r" in body[s:e]),
            len(cells) - 1,
        )
        problem = "holds a line break outside quotes; put the cell in quotes or remove it"
    else:
        return error
    return f"{_column(header, index)}: {problem}"


def _unclosed(cells: list[str], header: list[str] | None) -> str:
    """The message for a record that the file ended in: its last cell opens a quote that is
    never closed, and holds the rest of the file."""
    return (
        f"{_column(header, len(cells) - 1)}: a quote opens this cell and is never closed, so "
        "the rest of the file would be read into it; close the quote or remove it"
    )


def csv_rows(
    path: Path, name: str, limits: Limits = LIMITS
) -> Iterator[tuple[int, list[str] | str]]:
    """Each row of a CSV file as ``(row number, cells)``; the header is row 1. Rows are
    numbered as a spreadsheet shows them, a record at a time: a quoted cell holding line
    breaks (an address, a note) is in one row, so below one the row is less than a text
    editor's line number. A problem is yielded as ``(row number, message)`` instead, naming
    the row and the cell's column where the header does (``note: holds the invisible
    character ...``), and ends the file when the rest of it cannot be trusted (bad bytes,
    named by line and column, or a quote never closed)."""
    size = path.stat().st_size
    if size > limits.csv_bytes:
        raise _too_big(name, size, limits.csv_bytes)
    reached = _Reached()
    reader = csv.reader(_lines(path, name, limits.csv_bytes, reached))
    header: list[str] | None = None
    for row in itertools.count(1):
        first = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # read again, the record's lines only, so that reading keeps no text it need not
            lines = _lines(path, name, limits.csv_bytes)
            record = "".join(itertools.islice(lines, first - 1, reader.line_num))
            yield row, _reader_problem(str(error), record, header, limits)
            return
        if reached.end:
            # The reader asked for more lines to end this record, and the file had none: it
            # ended inside a quoted cell, which the csv module returns as it is.
            yield row, _unclosed(cells, header)
            return
        for index, cell in enumerate(cells):
            problem = text_problem(cell, limits)
            if problem is not None:
                yield row, f"{_column(header, index)}: {problem}"
                break
        else:
            if header is None:
                header = cells
            yield row, cells


# -- numbers -------------------------------------------------------------------------------------

NUMBER_PATTERN = (
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
"""A number as a council writes it in a CSV cell (see :func:`read_number`), as a regular
expression: commas only between groups of three digits, a decimal point with or without
digits after it (``5.`` is 5, as Python and a spreadsheet read it)."""
_NUMBER = re.compile(NUMBER_PATTERN)
LARGEST = LARGEST_VALUE
"""The largest number a file may hold, either way: the core's
:data:`~councilpmf.core.indicators.LARGEST_VALUE`, the largest value a reading may have, so
that a file holds no number a reading would refuse (it says why it is 1e15)."""


def read_number(text: str) -> float | None:
    """The number ``text`` is, written as a council writes one in a CSV cell (ASCII digits, an
    optional sign, commas only between groups of three digits, one decimal point, an optional
    exponent: :data:`NUMBER_PATTERN`), finite and at most :data:`LARGEST` either way; None if it
    is not one. Spaces around it are not part of a number; nor are ``yes`` and ``no`` (see
    :func:`parse_number`). Reading the CSV of a council folder and a benchmarking values file
    both use it, so a number means the same in either.

    >>> read_number("1,234.5"), read_number("-2.5e3"), read_number("45,2"), read_number("1e16")
    (1234.5, -2500.0, None, None)
    """
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text.replace(",", ""))
    return value if abs(value) <= LARGEST else None


def parse_number(text: str, field: str) -> float:
    """A number as a council writes it in a CSV cell (:func:`read_number`), spaces and tabs
    around it ignored; ``yes`` and ``no`` are 1 and 0. Anything else raises :class:`InputError`
    (a ``ValueError``) naming ``field``."""
    cleaned = text.strip(" \t")
    lowered = cleaned.lower()
    if lowered in ("yes", "no"):
        return 1.0 if lowered == "yes" else 0.0
    value = read_number(cleaned)
    if value is not None:
        return value
    if _NUMBER.fullmatch(cleaned):
        raise InputError((f"{field}: {too_large(_shown(text))}",))
    raise InputError(
        (f"{field}: {_shown(text)} is not a number; write it as 1234.5, 1,234.5, -2.5 or 1.2e6",)
    )


def _shown(text: str, most: int = 40) -> str:
    """``text`` quoted for a message, escaped, and cut short when long."""
    return (
        repr(text) if len(text) <= most else repr(text[:most]) + f"... ({len(text):,} characters)"
    )
