"""The small files of a benchmark: the metrics (TOML) and the comparator groups (CSV), and
the header and text checks the values file shares with them.

Every file is read as a council folder's files are (:mod:`councilpmf.textfiles`): refused before
it is read when it is larger than its limit, a UTF-8 byte order mark accepted, a byte that is not
UTF-8 named by line and column, and a cell or text longer than the field limit or holding a
control character or a bidirectional override refused. Every problem is one line naming the
file and where in it: ``metrics.toml: $.indicators[2].polarity: expected one of ...`` or
``groups.csv: row 4: member_code: empty``. Rows are numbered as a spreadsheet numbers them
(:func:`~councilpmf.textfiles.csv_rows`), the header row 1.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import attrs

from councilpmf._warnings import warn_caller
from councilpmf.core.benchmark import BenchmarkError, PeerGroup
from councilpmf.core.convert import InputError, structure
from councilpmf.core.indicators import Indicator
from councilpmf.textfiles import LIMITS, Limits, csv_rows, parse_toml, read_text

__all__ = [
    "GROUP_COLUMNS",
    "VALUES_LIMITS",
    "VALUE_COLUMNS",
    "NoValuesNote",
    "check_header",
    "fewer_cells",
    "read_groups",
    "read_metrics",
]

VALUE_COLUMNS = ("area_code", "area_name", "metric", "period", "value")
"""The columns a values file must have (LG Inform and Oflog downloads); others are ignored."""

GROUP_COLUMNS = ("area_code", "group", "member_code")
"""The columns a groups file must have: each line puts one member in one area's group."""

VALUES_LIMITS = attrs.evolve(LIMITS, csv_bytes=4 * 1024**3)
"""The limits of a values file: a council folder's, but up to 4 GiB, since a national download
(every council, 2,000 metrics, ten years of quarters) is about 1.3 GB."""


def _one_line(problems: tuple[str, ...]) -> str:
    more = len(problems) - 1
    return problems[0] + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def read_metrics(path: str | Path, limits: Limits = LIMITS) -> dict[str, Indicator]:
    """The metrics of a benchmark, by id, from a TOML file written as ``indicators.toml`` is
    (``[[indicators]]`` with ``id``, ``title``, ``unit``, ``polarity``, ``decimals``; any other
    indicator key, such as ``targets`` or ``owner``, is allowed), so a council's own
    ``indicators.toml`` works. Raises :class:`BenchmarkError` with one line."""
    file = Path(path)
    try:
        data = parse_toml(read_text(file, file.name, limits.toml_bytes), file.name, limits)
    except InputError as error:
        raise BenchmarkError(_one_line(error.problems)) from None
    entries = data.get("indicators")
    if not isinstance(entries, list) or not entries:
        raise BenchmarkError(f"{file.name}: $.indicators: give at least one [[indicators]] table")
    metrics: dict[str, Indicator] = {}
    for i, entry in enumerate(entries):
        where = f"$.indicators[{i}]"
        try:
            indicator = structure(entry, Indicator, source=file.name, path=where)
        except InputError as error:
            raise BenchmarkError(_one_line(error.problems)) from None
        if indicator.id in metrics:
            raise BenchmarkError(f"{file.name}: {where}.id: {indicator.id!r} is given twice")
        metrics[indicator.id] = indicator
    return metrics


def _header(name: str, cells: list[str], columns: tuple[str, ...]) -> list[str]:
    header = [cell.strip() for cell in cells]
    for problem, found in (
        ("missing", [c for c in columns if c not in header]),
        ("repeated", [c for c in columns if header.count(c) > 1]),
    ):
        if found:
            raise BenchmarkError(
                f"{name}: row 1: {problem} column{'s' if len(found) > 1 else ''} "
                f"{', '.join(found)}; the columns are {', '.join(columns)}"
            )
    return header


def fewer_cells(header: Sequence[str], columns: tuple[str, ...], count: int) -> str | None:
    """What is wrong with a row of ``count`` cells under ``header`` if it stops before one of
    ``columns`` (those the file is read for): a damaged row, since a row has a cell, empty or
    not, for each of them. Cells of the other columns after them may be left off, as they are
    ignored. None when the row has a cell for each.

    >>> fewer_cells(["area_code", "group", "member_code", "note"], GROUP_COLUMNS, 2)
    'fewer cells than columns: no cell for member_code'
    >>> fewer_cells(["area_code", "group", "member_code", "note"], GROUP_COLUMNS, 3) is None
    True
    """
    missing = [c for c in header[count:] if c in columns]
    return f"fewer cells than columns: no cell for {', '.join(missing)}" if missing else None


def check_header(path: Path, columns: tuple[str, ...], limits: Limits = LIMITS) -> list[str]:
    """The header of a CSV file, each name without the spaces around it, or a one-line
    :class:`BenchmarkError` if the file is larger than ``limits`` allow, its first row cannot
    be read, or it lacks a column or has one twice."""
    try:
        # only the first row is read: the rest is left to the caller
        number, cells = next(csv_rows(path, path.name, limits), (1, []))
    except InputError as error:
        raise BenchmarkError(_one_line(error.problems)) from None
    if isinstance(cells, str):
        raise BenchmarkError(f"{path.name}: row {number}: {cells}")
    return _header(path.name, cells, columns)


class NoValuesNote(UserWarning):
    """Some codes of a groups file have no value in the values file: they are in their groups
    with no value (a download of some metrics or years leaves areas out), and the note names
    them, so that a mistyped code is found."""


_NAMED = 5
"""How many codes without values the note names."""


def read_groups(
    path: str | Path, areas: Collection[str], values_name: str, limits: Limits = LIMITS
) -> tuple[PeerGroup, ...]:
    """The comparator groups in a CSV file (``area_code,group,member_code``), in the order
    they first appear. A code that is not an area of the values (``areas``, from the file
    called ``values_name``) is in its groups with no value, as a download of some metrics or
    years leaves areas out; one :class:`NoValuesNote` warning names such codes, with the
    first row of each. Raises :class:`BenchmarkError` with one line."""
    file = Path(path)
    members: dict[tuple[str, str], list[str]] = {}
    without: dict[str, int] = {}  # each code with no value, and the first row naming it
    header: list[str] | None = None
    try:
        for number, cells in csv_rows(file, file.name, limits):
            where = f"{file.name}: row {number}"
            if isinstance(cells, str):
                raise BenchmarkError(f"{where}: {cells}")
            if header is None:
                header = _header(file.name, cells, GROUP_COLUMNS)
                continue
            if not cells:
                continue  # a blank line
            if len(cells) > len(header):
                raise BenchmarkError(f"{where}: more cells than columns")
            if short := fewer_cells(header, GROUP_COLUMNS, len(cells)):
                raise BenchmarkError(f"{where}: {short}")
            row = dict(zip(header, cells, strict=False))
            found = _cells(row, where)
            for column in ("area_code", "member_code"):
                if found[column] not in areas:
                    without.setdefault(found[column], number)
            members.setdefault((found["area_code"], found["group"]), []).append(
                found["member_code"]
            )
    except InputError as error:
        raise BenchmarkError(_one_line(error.problems)) from None
    if header is None:
        _header(file.name, [], GROUP_COLUMNS)  # refuses the empty file: every column is missing
    if not members:
        raise BenchmarkError(f"{file.name}: no groups: the file has a header and nothing else")
    if without:
        warn_caller(_no_values_note(file.name, values_name, without), NoValuesNote)
    return tuple(
        PeerGroup(area_code=area, name=group, members=tuple(dict.fromkeys(codes)))
        for (area, group), codes in members.items()
    )


def _no_values_note(name: str, values_name: str, without: Mapping[str, int]) -> str:
    shown = [f"{code!r} (row {row})" for code, row in list(without.items())[:_NAMED]]
    more = len(without) - len(shown)
    many = len(without) > 1
    return (
        f"{name}: {len(without)} {'areas have' if many else 'area has'} no value in "
        f"{values_name}, so {'they are in their' if many else 'it is in its'} groups without one: "
        f"{', '.join(shown)}{f' and {more} more' if more else ''}; check the codes if they "
        "should have values"
    )


def _cells(row: dict[str, str], where: str) -> dict[str, str]:
    cells = {}
    for column in GROUP_COLUMNS:
        cell = row.get(column, "").strip()
        if not cell:
            raise BenchmarkError(f"{where}: {column}: empty")
        cells[column] = cell
    return cells
