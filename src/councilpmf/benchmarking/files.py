"""The small files of a benchmark: the metrics (TOML) and the comparator groups (CSV).

Both are read with the standard library; every problem is one line naming the file and where
in it: ``metrics.toml: $.indicators[2].polarity: expected one of ...`` or ``groups.csv: row 4:
member_code: 'E07000999' is not an area in values.csv``. Row numbers count the header as row
1, as a spreadsheet does.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path

from councilpmf.core.benchmark import BenchmarkError, PeerGroup
from councilpmf.core.convert import InputError, structure
from councilpmf.core.indicators import Indicator

__all__ = ["GROUP_COLUMNS", "VALUE_COLUMNS", "check_header", "read_groups", "read_metrics"]

VALUE_COLUMNS = ("area_code", "area_name", "metric", "period", "value")
"""The columns a values file must have (LG Inform and Oflog downloads); others are ignored."""

GROUP_COLUMNS = ("area_code", "group", "member_code")
"""The columns a groups file must have: each line puts one member in one area's group."""


def _one_line(problems: tuple[str, ...]) -> str:
    more = len(problems) - 1
    return problems[0] + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def read_metrics(path: str | Path) -> dict[str, Indicator]:
    """The metrics of a benchmark, by id, from a TOML file written as ``indicators.toml`` is
    (``[[indicators]]`` with ``id``, ``title``, ``unit``, ``polarity``, ``decimals``; any other
    indicator key, such as ``targets`` or ``owner``, is allowed), so a council's own
    ``indicators.toml`` works. Raises :class:`BenchmarkError` with one line."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise BenchmarkError(f"{file.name}: not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise BenchmarkError(f"{file.name}: not valid TOML: it is not UTF-8 text") from None
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


def check_header(path: Path, columns: tuple[str, ...]) -> list[str]:
    """The header of a CSV file, or a one-line :class:`BenchmarkError` if it lacks a column."""
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        header = next(csv.reader([first.decode("utf-8-sig")]), [])
    except UnicodeDecodeError:
        raise BenchmarkError(f"{path.name}: row 1: the file is not UTF-8 text") from None
    except csv.Error as error:
        raise BenchmarkError(f"{path.name}: row 1: {error}") from None
    header = [name.rstrip("\r\n") for name in header]
    names = list(header)
    missing = [c for c in columns if c not in names]
    if missing:
        raise BenchmarkError(
            f"{path.name}: row 1: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; the columns are {', '.join(columns)}"
        )
    return names


def read_groups(
    path: str | Path, areas: Collection[str], values_name: str
) -> tuple[PeerGroup, ...]:
    """The comparator groups in a CSV file (``area_code,group,member_code``), in the order
    they first appear. Every code must be an area of the values (``areas``, from the file
    called ``values_name``). Raises :class:`BenchmarkError` with one line."""
    file = Path(path)
    check_header(file, GROUP_COLUMNS)
    members: dict[tuple[str, str], list[str]] = {}
    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                where = f"{file.name}: row {reader.line_num}"
                if None in row:
                    raise BenchmarkError(f"{where}: more cells than columns")
                cells = _cells(row, where)
                for column in ("area_code", "member_code"):
                    if cells[column] not in areas:
                        raise BenchmarkError(
                            f"{where}: {column}: {cells[column]!r} is not an area in {values_name}"
                        )
                key = (cells["area_code"], cells["group"])
                members.setdefault(key, []).append(cells["member_code"])
    except UnicodeDecodeError:
        raise BenchmarkError(f"{file.name}: the file is not UTF-8 text") from None
    except csv.Error as error:
        raise BenchmarkError(f"{file.name}: {error}") from None
    if not members:
        raise BenchmarkError(f"{file.name}: no groups: the file has a header and nothing else")
    return tuple(
        PeerGroup(area_code=area, name=group, members=tuple(dict.fromkeys(codes)))
        for (area, group), codes in members.items()
    )


def _cells(row: Mapping[str, str | None], where: str) -> dict[str, str]:
    cells = {}
    for column in GROUP_COLUMNS:
        cell = (row.get(column) or "").strip()
        if not cell:
            raise BenchmarkError(f"{where}: {column}: empty")
        cells[column] = cell
    return cells
