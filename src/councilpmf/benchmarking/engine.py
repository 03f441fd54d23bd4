"""The benchmarking engine on polars: the core's definition (:mod:`councilpmf.core.benchmark`),
computed a column at a time, lazily, on every core.

Nothing here decides anything the core does not: ranks are competition ranks of the values
signed by polarity, quartile cut points use the arithmetic of ``statistics.quantiles(...,
method="inclusive")`` operation for operation, the median is ``statistics.median``'s, and travel
compares values rounded exactly as the core shows them. The tests check this engine against
the core on generated data, ties, missing values and both polarities included.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs
import polars as pl

from councilpmf.benchmarking.files import VALUE_COLUMNS, VALUES_LIMITS, check_header, fewer_cells
from councilpmf.core.benchmark import (
    ALL_AREAS,
    AreaValue,
    BenchmarkError,
    BenchmarkRow,
    PeerGroup,
    earlier_period,
    latest_period,
    not_shown,
)
from councilpmf.core.convert import InputError
from councilpmf.core.indicators import Aggregation, Indicator, Polarity
from councilpmf.core.numbers import rounded
from councilpmf.core.periods import Period, PeriodError, parse_period
from councilpmf.core.rag import EPSILON, QUARTILE_MINIMUM
from councilpmf.core.shorthand import (
    EMPTY,
    MISSING,
    ShorthandError,
    breaks_series,
    qualifier,
    read_cell,
    spellings,
)
from councilpmf.core.travel import Direction, series_breaks
from councilpmf.escape import FORMULA_START
from councilpmf.textfiles import (
    LARGEST,
    NUMBER_PATTERN,
    Limits,
    csv_rows,
    read_number,
    text_problem,
)

__all__ = [
    "MISSING_MARKERS",
    "OUTPUT_COLUMNS",
    "VALUE_LIMIT",
    "Values",
    "benchmark_frame",
    "read_values",
    "to_rows",
    "write_table",
]

OUTPUT_COLUMNS = (
    "area_code",
    "area_name",
    "group",
    "metric",
    "period",
    "value",
    "rank",
    "of",
    "quartile",
    "median",
    "short_term",
    "long_term",
    "qualifier",
    "missing_reason",
)
"""The columns of the benchmark table, in order."""

MISSING_MARKERS = spellings() - {""}
"""What published tables write in place of a value that is suppressed or unavailable, read as
a missing value (as an empty cell is) whose reason is kept
(:data:`councilpmf.core.shorthand.MISSING`): the government's shorthand (``[c]``
confidential, so suppressed; ``[x]`` not available; ``[z]`` not applicable; ``[low]`` rounds to
zero) with or without its brackets, and the older symbols (``..`` and ``:`` not available,
``.`` not applicable, ``-`` nil or not available, ``*`` suppressed)."""

VALUE_LIMIT = LARGEST
"""Values beyond plus or minus this are refused as mistakes (no council counts that high), as
in a council folder's readings."""

# A number with commas has them only between groups of three digits ("1,234.5"), as a council
# folder reads numbers: "45,2" (a decimal comma) is refused, not read as 452.
_GROUPED = f"^(?:{NUMBER_PATTERN})$"
_TEXT_COLUMNS = ("area_code", "area_name", "group", "metric", "period")
# the same characters as the CSV format neutralises, each as a hex escape in the class
_FORMULA_START = "^[" + "".join(f"\\x{{{ord(c):02X}}}" for c in FORMULA_START) + "]"
_STRING = pl.String()
_CATEGORY = pl.Categorical()
_DIRECTION = pl.Enum([d.value for d in Direction])
# the most lines of the groups' members (each value once for each group its area is in)
# :meth:`Values.group_latest` joins at once
_MEMBER_LINES = 50_000_000
# the most lines :func:`benchmark_frame` works out at once (with comparator groups, each line
# once for each member of an average area's groups): a larger file is worked out a batch of
# metrics at a time (every column of the table is worked out within a metric)
_TABLE_LINES = 2_000_000
# the most rows of the benchmark table :func:`write_table` works out and writes at once: a
# table worked out in one batch has about as many rows at most, so its work is done once
_WRITE_ROWS = _TABLE_LINES


@attrs.frozen
class Values:
    """Benchmarking values read and checked: one row per area, metric and period.

    ``frame`` has the columns ``row`` (where the line came from), ``area_code``, ``area_name``,
    ``metric`` (categorical), ``pid`` (an index into ``periods``), ``value`` (float, null
    when missing) and ``marker`` (an enum of the markers the values have, as
    :class:`~councilpmf.core.benchmark.AreaValue` keeps them: why a missing value is missing,
    ``""`` for an empty cell, or a value's qualifiers; null for a plain number or a line the
    file does not have). ``source`` names the file in messages.
    """

    frame: pl.DataFrame
    periods: tuple[Period, ...]
    source: str

    @classmethod
    def of(cls, lines: Iterable[AreaValue], source: str = "values") -> Values:
        """Values from the core's records (for a notebook or a test)."""
        rows = tuple(lines)
        periods = tuple(sorted(set(line.period for line in rows), key=_period_order))
        pid = {p: i for i, p in enumerate(periods)}
        frame = pl.DataFrame(
            {
                "row": list(range(1, len(rows) + 1)),
                "area_code": [line.area_code for line in rows],
                "area_name": [line.area_name for line in rows],
                "metric": [line.metric for line in rows],
                "pid": [pid[line.period] for line in rows],
                "value": [line.value for line in rows],
                "marker": [line.marker for line in rows],
            },
            schema={
                "row": pl.UInt32,
                "area_code": _CATEGORY,
                "area_name": _CATEGORY,
                "metric": _CATEGORY,
                "pid": pl.UInt32,
                "value": pl.Float64,
                "marker": pl.Enum(sorted({line.marker for line in rows})),
            },
        )
        values = cls(frame=frame, periods=periods, source=source)
        values.check_unique()
        return values

    def coverage(self) -> dict[str, tuple[tuple[Period, int], ...]]:
        """For each metric, each period it has a line for, earliest first, with how many
        areas have a value of it for that period. Metrics in the order they first appear."""
        found = (
            self.frame.group_by("metric", "pid", maintain_order=True)
            .agg(pl.col("value").count().alias("n"))
            .with_columns(pl.col("metric").cast(_STRING))
        )
        counts: dict[str, list[tuple[int, int]]] = {}
        for metric, pid, n in found.iter_rows():
            counts.setdefault(metric, []).append((pid, n))
        return {
            metric: tuple((self.periods[pid], n) for pid, n in sorted(pairs))
            for metric, pairs in counts.items()
        }

    def group_latest(
        self, groups: Sequence[PeerGroup], area: str | None = None
    ) -> dict[tuple[str, str, str], tuple[Period, str | None]]:
        """Each comparator group's own latest period of each metric, by area code, group name
        and metric, with why a later period is not shown (None when the latest is the last):
        :func:`~councilpmf.core.benchmark.latest_period` and
        :func:`~councilpmf.core.benchmark.later_left_out` of the group's counts (for each
        period a member has a line for, how many members have a value for it, as
        :func:`~councilpmf.core.benchmark.group_coverage` defines them), worked out on the
        columns (the counts never leave polars), so a national file costs one entry per
        area, group and metric. ``area`` keeps only that area's groups."""
        names, counts, links = self._group_counts(groups, area)
        n, pid = pl.col("n"), pl.col("pid")
        most = n.max()

        def rule(kept: pl.LazyFrame) -> pl.DataFrame:
            return (
                kept.group_by("gid", "metric")
                .agg(
                    pid.filter(2 * n >= most).max().alias("latest"),
                    pid.max().alias("last"),
                    n.filter(pid == pid.max()).first().alias("count"),
                    pid.filter(n == most).max().alias("fullest"),  # the latest of the fullest
                    most.alias("most"),
                )
                .with_columns(pl.col("metric").cast(_STRING))
                .collect(engine="streaming")
            )

        # a few metrics at a time where the members' lines would be many (a national file
        # with groups of 17: 431 million), so that they are never all held at once
        areas = max(1, self.frame.get_column("area_code").n_unique())
        metrics = self.frame.get_column("metric").cast(_STRING).unique().sort().to_list()
        batches = min(len(metrics), -(-self.frame.height * links // (areas * _MEMBER_LINES)))
        found = (
            rule(counts)
            if batches <= 1
            else pl.concat(
                # kept before the join, so that each batch joins its own metrics' lines alone
                rule(counts.filter(pl.col("metric").cast(_STRING).is_in(metrics[i::batches])))
                for i in range(batches)
            )
        )
        return {
            (*names[gid], metric): (
                self.periods[latest],
                None
                if latest == last
                else not_shown(self.periods[last], count, self.periods[fullest], most),
            )
            for gid, metric, latest, last, count, fullest, most in found.iter_rows()
        }

    def _group_counts(
        self, groups: Sequence[PeerGroup], area: str | None
    ) -> tuple[list[tuple[str, str]], pl.LazyFrame, int]:
        """Each group's area code and name (an area's groups of one name are one group);
        lazily, by the group's index among them (``gid``), metric and period (``pid``), how
        many of its members have a value (``n``), for each period any of them has a line
        for; and how many members all the groups have. ``area`` keeps only that area's
        groups."""
        ids: dict[tuple[str, str], int] = {}
        pairs: list[tuple[int, str]] = []
        for g in groups:
            if area is None or g.area_code == area:
                gid = ids.setdefault((g.area_code, g.name), len(ids))
                pairs.extend((gid, member) for member in g.everyone())
        links = pl.LazyFrame(
            pairs, schema={"gid": pl.UInt32, "member": _CATEGORY}, orient="row"
        ).unique()
        lines = self.frame.lazy().select(
            pl.col("area_code").alias("member"), "metric", "pid", pl.col("value").is_not_null()
        )
        counts = (
            links.join(lines, on="member", how="inner")
            .group_by("gid", "metric", "pid")
            .agg(pl.col("value").sum().alias("n"))
        )
        return list(ids), counts, len(pairs)

    def latest(self) -> dict[str, Period]:
        """Each metric's latest period (:func:`~councilpmf.core.benchmark.latest_period`): the
        last of :attr:`periods` at least half as many areas have a value of it for as its
        best-covered period, so that one area a quarter ahead of the rest does not move it,
        and a quarterly metric is shown for its latest quarter and an annual one for its latest
        year. Metrics in the order they first appear."""
        return {metric: latest_period(counts) for metric, counts in self.coverage().items()}

    def filled_for(self, area: str, shown: Mapping[str, Period]) -> Values:
        """The values with an empty line for ``area`` for each metric of ``shown`` at its
        period, and at the period before, where the area has no line: so that the area's view
        lists every metric, with its groups' medians, and says how they moved since the period
        before. Nothing else changes: a missing value is neither ranked nor counted, and the
        area is in its groups already."""
        index = {p: i for i, p in enumerate(self.periods)}
        wanted = {
            (m, pid)
            for m, period in shown.items()
            for pid in (index.get(period), _earlier_pid(period, index, last_year=False))
            if pid is not None
        }
        own = self.frame.filter(pl.col("area_code").cast(_STRING) == area)
        have = set(own.select(pl.col("metric").cast(_STRING), "pid").iter_rows())
        missing = sorted(wanted - have)
        if not missing:
            return self
        name = own.get_column("area_name").cast(_STRING).head(1).to_list() or [area]
        last = self.frame.get_column("row").max()
        first = 1 + (last if isinstance(last, int) else 0)
        extra = pl.DataFrame(
            {
                "row": range(first, first + len(missing)),
                "area_code": [area] * len(missing),
                "area_name": name * len(missing),
                "metric": [m for m, _ in missing],
                "pid": [pid for _, pid in missing],
                "value": [None] * len(missing),
                "marker": [None] * len(missing),
            },
            schema=self.frame.schema,
        )
        return attrs.evolve(self, frame=pl.concat([self.frame, extra]))

    def breaking(self) -> tuple[str, ...]:
        """The markers of the values that mark a break in series (``[b]`` among their
        qualifiers); none in most files."""
        kinds = self.frame.schema["marker"]
        found = kinds.categories.to_list() if isinstance(kinds, pl.Enum) else []
        return tuple(m for m in found if breaks_series(m))

    def areas(self) -> set[str]:
        """Every area code in the values."""
        return set(self.frame.get_column("area_code").unique().cast(_STRING).to_list())

    def check_unique(self) -> None:
        """Refuse a second value for the same area, metric and period."""
        key = _line_key(self.frame, len(self.periods))
        # sorted, the keys of the same area, metric and period are side by side: the check
        # holds a number a line (finding the first repeat, as below, holds a table of them)
        keys = self.frame.select(key.sort()).to_series()
        if not (keys.slice(1) == keys.slice(0, max(0, keys.len() - 1))).any():
            return
        line = self.frame.filter(~key.is_first_distinct()).row(0, named=True)
        period = self.periods[line["pid"]]
        raise BenchmarkError(
            f"{self.source}: row {line['row']}: period: {line['area_code']} has a value of "
            f"{line['metric']} for {period} already"
        )


def _line_key(frame: pl.DataFrame, periods: int, area: str = "area_code") -> pl.Expr:
    """Each line's area, metric and period as one number, the same for two lines only when
    all three are: made of the codes polars gives the area and metric texts (a code for each
    distinct text) and ``pid``, in the narrowest of ``UInt32`` and ``UInt64`` that holds every
    such number for the lines of ``frame`` (:func:`_key_type`), or else the three columns as a
    struct. ``area`` names the column the area is in where the key is worked out: its areas
    and metrics must be among those of ``frame``."""
    codes = [pl.col(c).to_physical() for c in ("area_code", "metric")]
    areas, metrics = ((0 if m is None else m) + 1 for m in frame.select(codes).max().row(0))
    kind = _key_type(areas * metrics * periods)
    if kind is None:
        return pl.struct(pl.col(area).alias("area_code"), "metric", "pid")
    place, metric, pid = (
        c.cast(kind) for c in (pl.col(area).to_physical(), codes[1], pl.col("pid"))
    )
    return (place * metrics + metric) * periods + pid


def _key_type(numbers: int) -> type[pl.UInt32] | type[pl.UInt64] | None:
    """The narrower of ``UInt32`` and ``UInt64`` that holds ``numbers`` numbers from 0, or
    None if neither does.

    >>> _key_type(317 * 2_000 * 40), _key_type(2**32 + 1), _key_type(2**64 + 1)
    (UInt32, UInt64, None)
    """
    return next((t for t, bits in ((pl.UInt32, 32), (pl.UInt64, 64)) if numbers <= 2**bits), None)


def _period_order(period: Period) -> tuple[int, int, str]:
    return (period.start.toordinal(), period.end.toordinal(), repr(period))


def _first(frame: pl.DataFrame, where: pl.Expr, *columns: str) -> dict[str, Any] | None:
    found = frame.filter(where).select("row", *columns).head(1)
    return found.row(0, named=True) if found.height else None


def read_values(
    path: str | Path, metrics: Mapping[str, Indicator], limits: Limits = VALUES_LIMITS
) -> Values:
    """Read and check a values file (``area_code,area_name,metric,period,value``, the shape of
    LG Inform and Oflog downloads). An empty value is missing, as is one marked suppressed or
    unavailable (:data:`MISSING_MARKERS`), and the reason is kept; a number may carry the
    shorthand's qualifiers (``45.2 [p]``), which are kept too (the ``marker`` column, see
    :class:`Values`). A blank line is skipped, and a row with fewer cells than the columns read
    is refused; each distinct period text is parsed once by the core's
    :func:`~councilpmf.core.periods.parse_period`, and each distinct value that is not a plain
    number once by :func:`~councilpmf.core.shorthand.read_cell`. The file is held to
    ``limits`` as a council folder's files are (its size before it is read, the length and
    characters of every text). The first problem raises :class:`BenchmarkError` naming the
    file, row and column."""
    file = Path(path)
    name = file.name
    header = check_header(file, VALUE_COLUMNS, limits)
    text = pl.col("value").str.strip_chars()
    number = text.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
    plain = (
        number.is_not_null()
        & number.is_finite()
        & (number.abs() <= VALUE_LIMIT)
        & ~(text.str.contains(",", literal=True) & ~text.str.contains(_GROUPED))
    )
    try:
        frame = (
            _scan(file)
            # numbered as it streams by (a range to the frame's length would hold every
            # line's text until the length is known)
            .with_row_index("row", offset=2)
            .select(
                pl.col("row").cast(pl.UInt32),
                *(pl.col(c).str.strip_chars().cast(_CATEGORY) for c in ("area_code", "metric")),
                pl.col("area_name").fill_null("").cast(_CATEGORY),
                pl.col("period").cast(_CATEGORY),
                pl.when(number == 0).then(0.0).otherwise(number).alias("value"),
                # the rest (a mark, a qualified number, text) is read once per distinct text,
                # after the file: few texts, however many rows (`plain` is used once here:
                # polars then works it out once, and the read costs less than a flag would)
                pl.when(~plain).then(text).cast(_CATEGORY).alias("note"),
                pl.all_horizontal(pl.col(c).is_null() for c in VALUE_COLUMNS).alias("blank"),
            )
            # a blank line (or a row of empty cells) is skipped, as in a council folder's files
            .filter(~pl.col("blank"))
            .drop("blank")
            .collect(engine="streaming")
        )
    except pl.exceptions.PolarsError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        located = _located(file, limits)
        if located is None and (broken := _strict_row(file)) is not None:
            located = (
                f"{name}: row {broken}: text after the quote that closes a cell; put the whole "
                f"cell in quotes and double each quote inside it ({reason})"
            )
        raise BenchmarkError(located or f"{name}: cannot be read as CSV: {reason}") from None
    if not frame.height:
        raise BenchmarkError(f"{name}: no values: the file has a header and nothing else")
    short = _short_row(file, header, limits)
    if short is not None:
        raise BenchmarkError(short)
    _check_texts(frame, name, limits)
    for column in ("area_code", "metric", "period"):
        found = _first(frame, pl.col(column).is_null() | (pl.col(column).cast(_STRING) == ""))
        if found:
            raise BenchmarkError(f"{name}: row {found['row']}: {column}: empty")
    found = _first(frame, ~pl.col("metric").cast(_STRING).is_in(list(metrics)), "metric")
    if found:
        known = ", ".join(sorted(metrics)[:5]) + (", ..." if len(metrics) > 5 else "")
        raise BenchmarkError(
            f"{name}: row {found['row']}: metric: {found['metric']!r} is not a metric of the "
            f"metrics file (it has {known})"
        )
    frame = _with_markers(frame, file)
    texts = frame.get_column("period").unique().cast(_STRING).to_list()
    parsed: dict[str, Period] = {}
    for period_text in texts:
        try:
            parsed[period_text] = parse_period(period_text)
        except PeriodError as error:
            row = _first(frame, pl.col("period").cast(_STRING) == period_text)
            assert row is not None
            raise BenchmarkError(f"{name}: row {row['row']}: period: {error}") from None
    periods = tuple(sorted(set(parsed.values()), key=_period_order))
    pid = {p: i for i, p in enumerate(periods)}
    frame = frame.select(
        "row",
        "area_code",
        "area_name",
        "metric",
        pl.col("period")
        .cast(_STRING)
        .replace_strict(list(parsed), [pid[p] for p in parsed.values()], return_dtype=pl.UInt32)
        .alias("pid"),
        "value",
        "marker",
    )
    values = Values(frame=frame, periods=periods, source=name)
    values.check_unique()
    return values


def _scan(file: Path) -> pl.LazyFrame:
    """The values file as text, the columns it needs named without the spaces around them
    (as :func:`~councilpmf.benchmarking.files.check_header` reads them); the others, which are
    ignored, keep their names, so that two of them never become one."""
    return pl.scan_csv(
        file,
        infer_schema=False,
        encoding="utf8",
        with_column_names=lambda names: [
            n.strip() if n.strip() in VALUE_COLUMNS else n for n in names
        ],
    )


def _located(file: Path, limits: Limits) -> str | None:
    """Where the file stops being CSV as the folder loader reads it (a byte that is not UTF-8,
    a broken quote, a row with more cells than the header), found again row by row once
    polars has refused it; None if there. Rows are numbered as polars numbers the rows of its
    other messages, a record at a time (a quoted cell of several lines is in one row, as in a
    spreadsheet)."""
    width: int | None = None
    try:
        for number, cells in csv_rows(file, file.name, limits):
            if isinstance(cells, str):
                return f"{file.name}: row {number}: {cells}"
            if width is None:
                width = len(cells)
            elif len(cells) > width:
                return f"{file.name}: row {number}: more cells than columns"
    except InputError as error:
        return error.problems[0]
    return None


def _short_row(file: Path, header: Sequence[str], limits: Limits) -> str | None:
    """The first row with fewer cells than the columns read (polars reads the cells it lacks
    as empty), as :func:`~councilpmf.benchmarking.files.fewer_cells` says; None if none.
    Lines are counted on polars, commas inside quotes left out; lines are rows until a quoted
    cell of several lines opens (an odd number of quotes), and from there the rows are read
    as a spreadsheet reads them. A blank line, or one of commas alone, is not a row."""
    need = 1 + max(header.index(c) for c in VALUE_COLUMNS)
    line = pl.col("line")
    outside = (
        pl.when(line.str.contains('"', literal=True))
        .then(line.str.replace_all('"[^"]*"', ""))
        .otherwise(line)
    )
    found = (
        pl.scan_lines(file)
        .with_row_index("row", offset=1)
        .select(
            "row",
            (line.str.count_matches('"', literal=True) % 2 == 1).alias("odd"),
            (outside.str.count_matches(",", literal=True) + 1).alias("cells"),
            outside.str.contains(r"^[,\s]*$").alias("blank"),
        )
        .filter(pl.col("odd") | ((pl.col("cells") < need) & ~pl.col("blank") & (pl.col("row") > 1)))
        .head(1)
        .collect(engine="streaming")
    )
    if not found.height:
        return None
    row, odd, count, _ = found.row(0)
    if not odd:
        return f"{file.name}: row {row}: {fewer_cells(header, VALUE_COLUMNS, count)}"
    for number, cells in csv_rows(file, file.name, limits):
        blank = isinstance(cells, str) or not any(c.strip() for c in cells)
        if not blank and (short := fewer_cells(header, VALUE_COLUMNS, len(cells))):
            return f"{file.name}: row {number}: {short}"
    return None


def _strict_row(file: Path) -> int | None:
    """The row of the first record that is not strictly CSV (text after the quote that closes
    a cell, such as ``"C" Council``), which polars refuses and the folder loader's reader lets
    through; None if every record is. Rows are counted as polars counts them."""
    read = 0
    with file.open(encoding="utf-8-sig", newline="") as handle:
        try:
            for _ in csv.reader(handle, strict=True):
                read += 1
        except csv.Error:
            return read + 1
    return None


def _check_texts(frame: pl.DataFrame, name: str, limits: Limits) -> None:
    """Refuse the first row whose text is too long or holds a control character or a
    bidirectional override, as a council folder's files are. Each distinct text is checked
    once: a column holds few (hundreds of areas, thousands of metrics)."""
    found: list[tuple[int, str, str]] = []
    for column in ("area_code", "area_name", "metric", "period"):
        texts = frame.get_column(column).unique().cast(_STRING).drop_nulls().to_list()
        problems = {t: p for t in texts if (p := text_problem(t, limits)) is not None}
        if problems:
            first = _first(frame, pl.col(column).cast(_STRING).is_in(list(problems)), column)
            assert first is not None
            found.append((first["row"], column, problems[first[column]]))
    if found:
        row, column, problem = min(found)
        raise BenchmarkError(f"{name}: row {row}: {column}: {problem}")


def _with_markers(frame: pl.DataFrame, file: Path) -> pl.DataFrame:
    """``frame`` with each ``note`` (the text of a value that is neither a plain number nor
    an empty cell) read as shorthand (:func:`~councilpmf.core.shorthand.read_cell`), once per
    distinct text: its number, if it has one, in ``value``, and its marker in ``marker``
    (``""`` for an empty cell). The first row whose text cannot be read raises
    :class:`BenchmarkError`."""
    notes = frame.get_column("note").drop_nulls().unique().cast(_STRING).to_list()
    numbers: dict[str, float | None] = {}
    markers: dict[str, str] = {}
    problems: dict[str, str] = {}
    for note in notes:
        try:
            cell = read_cell(note)
        except ShorthandError as error:
            problems[note] = f": {error}"
            continue
        found = read_number(cell.number) if cell.number else None
        if cell.number and found is None:
            problems[note] = ""
            continue
        # read as the fast path reads a plain number (-0.0 is 0.0 there)
        numbers[note], markers[note] = None if found is None else found + 0.0, cell.marker
    if problems:
        row = _first(frame, pl.col("note").cast(_STRING).is_in(list(problems)), "note")
        assert row is not None
        raise BenchmarkError(_bad_value(file, row["row"], problems[row["note"]]))
    note, value = pl.col("note"), pl.col("value")
    kinds = pl.Enum(sorted({"", *markers.values()}))
    qualified = {n: x for n, x in numbers.items() if x is not None}
    # most files have no qualified number: then a note is always a missing value
    read = (
        note.replace_strict(qualified, default=None, return_dtype=pl.Float64) if qualified else None
    )
    return frame.with_columns(
        pl.when(note.is_null()).then(value).otherwise(read).alias("value"),
        pl.when(note.is_null())
        .then(pl.when(value.is_null()).then(pl.lit("", dtype=kinds)))
        .otherwise(note.replace_strict(markers, default=None, return_dtype=kinds))
        .alias("marker"),
    ).drop("note")


def _bad_value(file: Path, row: int, why: str) -> str:
    """The message for a value that is not a number, with the text as written (read again,
    for that one line only, so that the fast path never keeps the text of every value) and
    ``why`` (a mark of the shorthand that cannot be read), or else how to write one."""
    line = _scan(file).select("value").slice(row - 2, 1).collect()
    written = line.item() if line.height else ""
    return f"{file.name}: row {row}: value: {written!r} is not a number" + (
        why
        or (
            " (write a number such as 45.2 or 45.2 [p], or leave it empty or write [c], [x], "
            f".. or - when missing; at most {VALUE_LIMIT:,.0f} either way)"
        )
    )


def _sign(polarity: Polarity) -> int | None:
    return {Polarity.HIGHER_IS_BETTER: 1, Polarity.LOWER_IS_BETTER: -1}.get(polarity)


_BREAK = "break_"
"""The prefix of the metric table's columns of series breaks."""


def _metric_table(metrics: Mapping[str, Indicator]) -> pl.LazyFrame:
    """A row per metric, with the first months of the changes of definition that apply to it
    (:func:`~councilpmf.core.travel.series_breaks`: its own and its inputs') in the columns
    ``break_0``, ``break_1``... (as many as the metric with the most has, at least one), the
    rest null."""
    ids = list(metrics)
    breaks = series_breaks(metrics.values())
    starts = [sorted({_month(b.period) for b in breaks.get(m, ())}) for m in ids]
    width = max((len(found) for found in starts), default=0) or 1
    return pl.LazyFrame(
        {
            "metric": ids,
            "metric_id": list(range(len(ids))),
            "sign": [_sign(metrics[m].polarity) for m in ids],
            "decimals": [metrics[m].decimals for m in ids],
            "cumulative": [metrics[m].aggregation is Aggregation.CUMULATIVE for m in ids],
            **{
                f"{_BREAK}{k}": [found[k] if k < len(found) else None for found in starts]
                for k in range(width)
            },
        },
        schema={
            "metric": _CATEGORY,
            "metric_id": pl.UInt32,
            "sign": pl.Int8,
            "decimals": pl.Int32,
            "cumulative": pl.Boolean,
            **{f"{_BREAK}{k}": pl.Int32 for k in range(width)},
        },
    )


def _month(period: Period) -> int:
    return period.start.year * 12 + period.start.month - 1


def _earlier_pid(period: Period, pid: Mapping[Period, int], last_year: bool) -> int | None:
    """The index in ``pid`` of :func:`~councilpmf.core.benchmark.earlier_period`; None when
    there is none or the values have no line for it."""
    earlier = earlier_period(period, last_year=last_year)
    return None if earlier is None else pid.get(earlier)


def _period_table(periods: Sequence[Period]) -> pl.LazyFrame:
    pid = {p: i for i, p in enumerate(periods)}
    return pl.LazyFrame(
        {
            "pid": list(range(len(periods))),
            "period": [str(p) for p in periods],
            "start": [_month(p) for p in periods],
            "annual": [len(p.months()) == 12 for p in periods],
            "length": [len(p.months()) for p in periods],
            "prev_pid": [_earlier_pid(p, pid, last_year=False) for p in periods],
            "has_prev": [earlier_period(p) is not None for p in periods],
            "ly_pid": [_earlier_pid(p, pid, last_year=True) for p in periods],
        },
        schema={
            "pid": pl.UInt32,
            "period": _STRING,
            "start": pl.Int32,
            "annual": pl.Boolean,
            "length": pl.Int32,
            "prev_pid": pl.UInt32,
            "has_prev": pl.Boolean,
            "ly_pid": pl.UInt32,
        },
    )


def _exact_round(frame: pl.LazyFrame, column: str = "value", into: str = "shown") -> pl.LazyFrame:
    """Add ``into``: ``column`` rounded to the metric's decimals exactly as the core rounds
    what it shows (:func:`councilpmf.core.numbers.rounded`). Scaling and rounding in floating
    point gives the same double unless the scaled value is within a few units in the last
    place of a half (or too large for the scaling to be exact); those few are rounded by the
    core itself, batch by batch, so
    that the frame is still worked out once, as it streams."""
    scale = pl.lit(10.0).pow(pl.col("decimals"))
    scaled = pl.col(column) * scale
    half_gap = (scaled - scaled.floor() - 0.5).abs()
    doubtful = (half_gap <= 1e-9 + scaled.abs() * 1e-15) | (scaled.abs() >= 2.0**52)
    parts = pl.struct(
        pl.col(column).alias("x"),
        pl.col("decimals").alias("d"),
        (scaled.round(0) / scale).alias("quick"),
        doubtful.fill_null(False).alias("doubtful"),
    )
    return frame.with_columns(
        parts.map_batches(_round_doubtful, return_dtype=pl.Float64, is_elementwise=True).alias(into)
    )


def _round_doubtful(parts: pl.Series) -> pl.Series:
    """The quick rounding, with the core's where it was in doubt."""
    batch = parts.struct.unnest()
    quick = batch.get_column("quick")
    if not batch.get_column("doubtful").any():
        return quick
    rows = batch.with_row_index("i").filter(pl.col("doubtful"))
    exact = [rounded(x, d) for x, d in rows.select("x", "d").iter_rows()]
    return quick.clone().scatter(rows.get_column("i"), exact)


def _direction(now: str, then: str, comparable: pl.Expr) -> pl.Expr:
    a, b, sign = pl.col(now), pl.col(then), pl.col("sign")
    return (
        pl.when(a.is_null() | b.is_null() | ~comparable)
        .then(pl.lit(Direction.NO_COMPARISON.value))
        .when(a == b)
        .then(pl.lit(Direction.NO_CHANGE.value))
        .when(sign.is_null())
        .then(
            pl.when(a > b)
            .then(pl.lit(Direction.INCREASING.value))
            .otherwise(pl.lit(Direction.DECREASING.value))
        )
        .when((a > b) == (sign > 0))
        .then(pl.lit(Direction.IMPROVING.value))
        .otherwise(pl.lit(Direction.WORSENING.value))
        .cast(_DIRECTION)  # one byte a row, not a string
    )


def _not_across_break(earlier_start: pl.Expr, breaks: Sequence[str]) -> pl.Expr:
    """True where no change of definition in the columns ``breaks`` starts after
    ``earlier_start`` and no later than the row's period starts."""
    start = pl.col("start")
    return pl.all_horizontal(
        (pl.col(b).is_null() | ~((earlier_start < pl.col(b)) & (pl.col(b) <= start))).fill_null(
            True
        )
        for b in breaks
    )


def _own_break(marked: Sequence[str]) -> pl.Expr:
    """The start of the latest break in series the area marks (``[b]``, the core's
    :func:`~councilpmf.core.benchmark.marked_breaks`) in its series of the metric (``cell``)
    at or before the row's period; null when none. ``marked`` are the markers holding
    ``[b]``. A break is a month: every row starting in it sees it, whatever its order among
    them."""
    start = pl.when(pl.col("marker").is_in(marked)).then(pl.col("start"))
    return start.max().over("cell", "start")


def _with_travel(
    values: pl.LazyFrame,
    periods: pl.LazyFrame,
    shape: tuple[int, int],
    marked: Sequence[str] = (),
) -> pl.LazyFrame:
    """Add ``short_term`` and ``long_term``, the core's :func:`~councilpmf.core.travel.travel`
    against the previous period and the same period a year before. ``shape`` is the number
    of metrics and of periods, so that an area, metric and period make one whole-number key
    (joins on one integer are the fastest polars has). ``marked`` are the markers of the
    values that hold ``[b]``, a break in the area's own series: none in most files, which then
    cost nothing more."""
    metrics, count = shape
    # In order of appearance: the plan may compute this twice, and both must number alike.
    first_seen = pl.col("area_code").unique(maintain_order=True)
    areas = values.select(first_seen).with_row_index("area_id")
    cell = (
        pl.col("area_id").cast(pl.UInt64) * metrics + pl.col("metric_id").cast(pl.UInt64)
    ) * count
    keyed = (
        values.join(areas, on="area_code", how="left", maintain_order="left")
        .join(periods.drop("period"), on="pid", how="left", maintain_order="left")
        .with_columns(cell=cell)
    )
    shown = keyed.select((pl.col("cell") + pl.col("pid")).alias("key"), "shown")
    for earlier, column in (("prev_pid", "prev_shown"), ("ly_pid", "ly_shown")):
        keyed = keyed.with_columns((pl.col("cell") + pl.col(earlier)).alias("key")).join(
            shown.rename({"shown": column}), on="key", how="left", maintain_order="left"
        )
    breaks = [c for c in values.collect_schema().names() if c.startswith(_BREAK)]
    # A year-to-date total is compared only with the same period last year, which is the
    # previous period only for a whole year.
    short_ok = (~pl.col("cumulative") | pl.col("annual")) & _not_across_break(
        pl.col("start") - pl.col("length"), breaks
    )
    long_ok = _not_across_break(pl.col("start") - 12, breaks)
    if marked:
        keyed = keyed.with_columns(own_break=_own_break(marked)).with_columns(
            pl.col("own_break").forward_fill().over("cell", order_by="start")
        )
        own = pl.col("own_break")
        short_ok = short_ok & (own.is_null() | (own <= pl.col("start") - pl.col("length")))
        long_ok = long_ok & (own.is_null() | (own <= pl.col("start") - 12))
        breaks = [*breaks, "own_break"]
    return keyed.with_columns(
        short_term=_direction("shown", "prev_shown", short_ok),
        long_term=_direction("shown", "ly_shown", long_ok),
    ).drop(
        "area_id",
        "cell",
        "key",
        "prev_pid",
        "ly_pid",
        "prev_shown",
        "ly_shown",
        "start",
        "annual",
        "length",
        "metric_id",
        "decimals",
        "cumulative",
        *breaks,
        "shown",
    )


def _stats(frame: pl.LazyFrame, keys: list[str], value: str) -> pl.LazyFrame:
    """``of``, ``median`` and the three quartile cut points ``c1``..``c3`` of ``value`` for
    each group of ``keys``, with the arithmetic of ``statistics.median`` and of
    ``statistics.quantiles(n=4, method="inclusive")``."""
    s = pl.col("sorted")
    n = s.list.len()

    def at(index: pl.Expr) -> pl.Expr:
        return _item(s, index)

    cuts = []
    for i in (1, 2, 3):
        j, delta = (i * (n - 1)) // 4, (i * (n - 1)) % 4
        cut = (at(j) * (4 - delta).cast(pl.Float64) + at(j + 1) * delta.cast(pl.Float64)) / 4
        cuts.append(pl.when(n >= QUARTILE_MINIMUM).then(cut).alias(f"c{i}"))
    return (
        frame.group_by(keys)
        .agg(pl.col(value).drop_nulls().sort().alias("sorted"))
        .with_columns(
            pl.col("sorted").list.len().cast(pl.UInt32).alias("of"),
            _median(s).alias("median"),
            *cuts,
        )
        .drop("sorted")
    )


def _median(ordered: pl.Expr) -> pl.Expr:
    """``statistics.median`` of each list of ``ordered`` (sorted, without nulls), operation for
    operation: the middle value, or half the sum of the middle two; null for an empty list."""
    n = ordered.list.len()
    half = n // 2
    return (
        pl.when(n == 0)
        .then(None)
        .when(n % 2 == 1)
        .then(_item(ordered, half))
        .otherwise((_item(ordered, half - 1) + _item(ordered, half)) / 2)
    )


def _item(ordered: pl.Expr, index: pl.Expr) -> pl.Expr:
    """The item of each list of ``ordered`` at ``index``; null where it has none."""
    return ordered.list.get(index, null_on_oob=True)


def _quartile() -> pl.Expr:
    """:func:`councilpmf.core.rag.quartile_position` on the cut points ``c1``..``c3``."""
    value, cuts = pl.col("value"), [pl.col(f"c{i}") for i in (1, 2, 3)]
    lower = 1 + pl.sum_horizontal(*((value > c + EPSILON).cast(pl.Int8) for c in cuts))
    higher = 4 - pl.sum_horizontal(*((value >= c - EPSILON).cast(pl.Int8) for c in cuts))
    return (
        pl.when(value.is_null() | pl.col("sign").is_null() | pl.col("c1").is_null())
        .then(None)
        .when(pl.col("sign") < 0)
        .then(lower)
        .otherwise(higher)
        .cast(pl.UInt8)
    )


def _groups_frame(groups: Sequence[PeerGroup]) -> pl.LazyFrame:
    rows = [
        (g.area_code, g.name, order, member)
        for order, g in enumerate(groups)
        for member in g.everyone()
    ]
    return pl.LazyFrame(
        rows,
        schema={
            "area_code": _CATEGORY,
            "group": _STRING,
            "gorder": pl.UInt32,
            "member": _CATEGORY,
        },
        orient="row",
    )


def benchmark_frame(
    values: Values,
    metrics: Mapping[str, Indicator],
    groups: Sequence[PeerGroup] | None = None,
    *,
    period: Period | Mapping[str, Period | Collection[Period]] | None = None,
    area: str | None = None,
    median_moves: bool | Collection[str] = False,
) -> pl.LazyFrame:
    """The benchmark table (:data:`OUTPUT_COLUMNS` up to ``long_term``, with ``tied`` after
    ``rank``: how many other areas of the group share the rank, the value's ``marker``, as
    :class:`Values` keeps it, and last ``breaking``, ``unpaired``, ``unbroken_median`` and
    ``unbroken_median_before``, the like-for-like medians of the group median's move),
    lazily: every area's standing for every metric and period it has a line for, the same
    as :func:`councilpmf.core.benchmark.benchmark` gives. ``period`` and ``area`` keep only
    that period's or that area's rows (ranks and travel still use the rest); ``period`` may
    also give each metric its own period (such as :meth:`Values.latest`), or periods (such
    as those its comparator groups are each shown for), keeping only the metrics it names.
    The rows are in the order of the values' lines (each line's comparator groups in the
    order they are given).

    Values with more lines than a batch of work (two million; with comparator groups each
    line counts once for each member of an average area's groups) are worked out when this
    is called, a batch of metrics at a time (every column is worked out within a metric),
    and the batches put back in that order: the same table, without holding the work on
    every line at once (a national file with groups of 17 would need tens of gigabytes).

    ``median_moves`` says which rows get the like-for-like medians of the group median's
    move, which one council's view words: each member's part (its values for the period and
    the one before, and a break between them) is worked out once for each line, and the
    medians for the rows whose group leaves a member out, so for every row of a national
    file with comparator groups they cost a little less than the rest of the table.
    ``False`` (the default): none; ``True``: every row kept; area
    codes (a collection, or one code as text): the rows of those areas. A row they are not
    worked out for has all four columns null, which no row they are worked out for has:
    there ``breaking`` and ``unpaired`` are numbers, 0 when no member is left out (the
    medians then null, the move being that of ``median``). The CSV table
    (:func:`write_table`) does not write them. Ranks, medians and travel are the same
    whatever it says.

    >>> from councilpmf.core.indicators import Indicator
    >>> q2, q3 = parse_period("2024/25 Q2"), parse_period("2024/25 Q3")
    >>> values = Values.of(
    ...     AreaValue(area_code=a, area_name=a, metric="R", period=p, value=x, marker=m)
    ...     for a, p, x, m in [("E1", q2, 40.0, ""), ("E1", q3, 39.0, ""), ("E2", q2, 44.0, ""),
    ...         ("E2", q3, 43.0, ""), ("E3", q2, 10.0, ""), ("E3", q3, 90.0, "[b]")])
    >>> table = benchmark_frame(values, {"R": Indicator(id="R", title="R")}, period=q3,
    ...     median_moves={"E1"})
    >>> columns = ("median", "breaking", "unpaired", "unbroken_median", "unbroken_median_before")
    >>> table.select("area_code", *columns).collect().rows()
    [('E1', 43.0, 1, 0, 41.0, 42.0), ('E2', 43.0, None, None, None, None), ('E3', 43.0, None, None, None, None)]

    E3's series breaks at 2024/25 Q3 (``[b]``), so E1's like-for-like move leaves it out:
    from 42.0 (40 and 44) to 41.0 (39 and 43), where every member's median rose to 43.0.
    """  # noqa: E501
    periods = _period_table(values.periods)
    links = None if groups is None else _groups_frame(groups)
    batches = _metric_batches(values, groups)
    if len(batches) <= 1 or not _in_row_order(values.frame):
        table = _standing(values, metrics, periods, links, period, area, median_moves)
    else:
        # a batch of metrics at a time, each holding only the columns it works out (the
        # group as a category; the medians' moves when asked), put back in the order the
        # whole table has (the file's, and each line's groups in their order) beside the
        # lines' own columns, which the values hold already
        moves = _moves_asked(median_moves) != []
        left = [
            *_LINE_COLUMNS,
            *(() if moves else _MOVES),
            *(() if links is not None else ("group",)),
        ]
        parts = [
            _standing(
                attrs.evolve(values, frame=values.frame.filter(pl.col("metric").is_in(batch))),
                metrics,
                periods,
                links,
                period,
                area,
                median_moves,
            )
            .drop(left)
            .with_columns(pl.col("group").cast(_CATEGORY) if links is not None else [])
            .collect(engine="streaming")
            for batch in batches
        ]
        found = pl.concat(parts).sort(_ORDER if links is not None else _ORDER[0])
        del parts
        rows, lines = found.get_column("row"), values.frame.select(_LINE_COLUMNS)
        if not rows.equals(values.frame.get_column("row")):  # a line may have 0 or 2 rows
            at = values.frame.get_column("row").search_sorted(rows)
            lines = lines.select(pl.all().gather(at))
        table = pl.concat([lines, found], how="horizontal").lazy()
        if links is None:
            table = table.with_columns(pl.lit(ALL_AREAS).alias("group"))
        if not moves:
            table = _with_unbroken(table, values, periods, links, median_moves)
    # the period's text looked up row by row, not joined, so that a slice of the table (as
    # :func:`write_table` writes it) is a slice of the rows worked out
    texts = [str(p) for p in values.periods]
    return table.with_columns(
        pl.col("pid")
        .replace_strict(range(len(texts)), texts, default=None, return_dtype=_STRING)
        .alias("period")
    ).select(
        *(pl.col(c).cast(_STRING) for c in _TEXT_COLUMNS),
        "value",
        "rank",
        "tied",
        "of",
        "quartile",
        "median",
        "short_term",
        "long_term",
        "marker",
        *_MOVES,
    )


_MOVES = ("breaking", "unpaired", "unbroken_median", "unbroken_median_before")
"""The columns of the group median's like-for-like move, last in the benchmark table."""
_LINE_COLUMNS = ("area_code", "area_name", "metric", "pid", "value", "marker")
"""The columns of the benchmark table that are its line's in the values."""
_ORDER = ("row", "gorder")
"""The order of the benchmark table: the file's, and each line's comparator groups in the
order they are given."""


def _in_row_order(frame: pl.DataFrame) -> bool:
    """Whether each line of ``frame`` has a larger ``row`` than the line before, as the
    values read from a file or made by :meth:`Values.of` have."""
    rows = frame.get_column("row")
    return bool((rows.slice(1) > rows.slice(0, max(0, rows.len() - 1))).all())


def _metric_batches(values: Values, groups: Sequence[PeerGroup] | None) -> list[list[str]]:
    """The metrics of ``values`` in batches of at most :data:`_TABLE_LINES` lines of work
    each (with ``groups``, each line once for each member of an average area's groups), in
    the order of their codes; a metric with more lines than that is a batch of its own. One
    batch for a file no larger than that."""
    factor = 1
    if groups is not None:
        areas = max(1, values.frame.get_column("area_code").n_unique())
        factor = max(1, -(-sum(len(g.everyone()) for g in groups) // areas))
    if values.frame.height * factor <= _TABLE_LINES:
        return [values.frame.get_column("metric").cast(_STRING).unique().to_list()]
    counts = values.frame.group_by(pl.col("metric").cast(_STRING)).len().sort("metric").iter_rows()
    batches: list[list[str]] = []
    lines = 0
    for metric, n in counts:
        if not batches or lines + n * factor > _TABLE_LINES:
            batches.append([])
            lines = 0
        batches[-1].append(metric)
        lines += n * factor
    return batches


def _standing(
    values: Values,
    metrics: Mapping[str, Indicator],
    periods: pl.LazyFrame,
    links: pl.LazyFrame | None,
    period: Period | Mapping[str, Period | Collection[Period]] | None,
    area: str | None,
    median_moves: bool | Collection[str],
) -> pl.LazyFrame:
    """The benchmark table of :func:`benchmark_frame` with the line's ``row`` first (and,
    with comparator groups (``links``, :func:`_groups_frame`), the group's ``gorder``), its
    texts as categories and its period as ``pid``."""
    base = (
        values.frame.lazy()
        .join(_metric_table(metrics), on="metric", how="left", maintain_order="left")
        .pipe(_exact_round)
        .pipe(_with_travel, periods, (len(metrics), len(values.periods)), values.breaking())
    )
    if isinstance(period, Period):
        chosen = values.periods.index(period) if period in values.periods else None
        base = base.filter(pl.col("pid") == chosen) if chosen is not None else base.head(0)
    elif period is not None:
        base = base.join(
            _chosen_periods(period, values.periods),
            on=["metric", "pid"],
            how="semi",
            maintain_order="left",
        )
    base = base.cache()  # read more than once below (two or three times): worked out once
    if links is None:
        stats = _stats(base.select("metric", "pid", "value"), ["metric", "pid"], "value")
        table = base.join(
            stats, on=["metric", "pid"], how="left", maintain_order="left"
        ).with_columns(
            pl.lit(ALL_AREAS).alias("group"),
            (pl.col("value") * pl.col("sign"))
            .rank("min", descending=True)
            .over("metric", "pid")
            .cast(pl.UInt32)
            .alias("rank"),
            # -0.0 + 0.0 is 0.0: the two zeros are one value, as they tie in the rank
            _tied(pl.len().over("metric", "pid", pl.col("value") + 0.0) - 1),
        )
    else:
        table = _grouped(base, links)
    if area is not None:
        table = table.filter(pl.col("area_code").cast(_STRING) == area)
    table = _with_unbroken(table, values, periods, links, median_moves)
    return table.select(
        *(_ORDER if links is not None else _ORDER[:1]),
        *_TEXT_COLUMNS[:-1],
        "pid",
        "value",
        "rank",
        "tied",
        "of",
        _quartile().alias("quartile"),
        "median",
        "short_term",
        "long_term",
        "marker",
        *_MOVES,
    )


def _with_unbroken(
    table: pl.LazyFrame,
    values: Values,
    periods: pl.LazyFrame,
    groups: pl.LazyFrame | None,
    wanted: bool | Collection[str],
) -> pl.LazyFrame:
    """Add ``breaking``, ``unpaired``, ``unbroken_median`` and ``unbroken_median_before``, as
    the core's :class:`~councilpmf.core.benchmark.BenchmarkRow` has them, so that the group
    median's move compares the same members in both periods: how many members of the row's
    group have a value for its period or the one before and break their series between the
    two (a value marked ``[b]``), how many others have a value for one of the two only, and
    the medians of the remaining members' values for the two periods (all null when none is
    left out), for the rows of ``table`` that ``wanted`` asks them for (``median_moves`` of
    :func:`benchmark_frame`); the other rows' four are null. ``groups`` are the members of
    each area's groups (None: every area is in one group).

    A member's part in a row's move depends on the member alone (:func:`_member_moves`), so
    it is worked out once for each of its lines, not once for each row of its groups; the
    rows' members are counted from the few members left out, and the medians are worked out
    only for the rows that leave some member out."""
    areas = _moves_asked(wanted)
    if areas == []:
        return table.with_columns(
            pl.lit(None, pl.UInt32).alias("breaking"),
            pl.lit(None, pl.UInt32).alias("unpaired"),
            pl.lit(None, pl.Float64).alias("unbroken_median"),
            pl.lit(None, pl.Float64).alias("unbroken_median_before"),
        )
    asked = pl.lit(True) if areas is None else pl.col("area_code").cast(_STRING).is_in(areas)
    # held once worked out: the plan would otherwise work the whole table out twice, for
    # the rows asked and for the rows the answers are put beside
    table = table.cache()
    at = ["metric", "pid"]
    moves = _member_moves(values, periods).cache()
    broken, paired = pl.col("broken"), pl.col("now").is_not_null() & pl.col("then").is_not_null()
    left_out = moves.filter(broken | ~paired)
    kept = moves.filter(~broken & paired)
    if groups is None:
        # every area is in the one group: each period's answer is every row's
        keys = at
        rows = table.filter(asked).select(*at).unique()
        out, pairs = left_out, kept
    else:
        keys = ["area_code", "gorder", *at]
        rows = table.filter(asked).select(*keys)
        # the members with lines only, so that each member's line has a key of its own
        present = values.frame.lazy().select(pl.col("area_code").alias("member"))
        links = groups.select("area_code", "gorder", "member").join(
            present, on="member", how="semi"
        )
        out = links.join(left_out, on="member", how="inner")
        line = _line_key(values.frame, len(values.periods), "member").alias("line")
        kept = kept.select(line, "now", "then")
    counted = (
        out.group_by(keys)
        .agg(
            broken.sum().cast(pl.UInt32).alias("breaking"),
            (~broken).sum().cast(pl.UInt32).alias("unpaired"),
        )
        .join(rows, on=keys, how="semi")
    )
    if groups is not None:
        # each row that leaves a member out beside its other members' lines, joined on one
        # number (which also keeps the plan from joining the rows to every line of their
        # metric and period first)
        pairs = (
            counted.select(*keys)
            .join(links, on=["area_code", "gorder"], how="inner")
            .with_columns(line)
            .join(kept, on="line", how="inner")
        )
    medians = (
        pairs.group_by(keys)
        .agg(pl.col("now").sort(), pl.col("then").sort())
        .select(
            *keys,
            _median(pl.col("now")).alias("unbroken_median"),
            _median(pl.col("then")).alias("unbroken_median_before"),
        )
    )
    found = counted.join(medians, on=keys, how="left")
    return table.join(found, on=keys, how="left", maintain_order="left").with_columns(
        pl.when(asked).then(pl.col("breaking").fill_null(0)),
        pl.when(asked).then(pl.col("unpaired").fill_null(0)),
        # without groups a period's medians are every area's: only the rows asked keep them
        pl.when(asked).then(pl.col("unbroken_median")),
        pl.when(asked).then(pl.col("unbroken_median_before")),
    )


def _member_moves(values: Values, periods: pl.LazyFrame) -> pl.LazyFrame:
    """Each area (``member``), metric and period that has a period before it
    (:func:`~councilpmf.core.benchmark.earlier_period`) where the area has a value for one
    of the two at least: its value for the period (``now``) and for the one before (``then``,
    each null when it has none) and whether its series breaks between the two (``broken``:
    it marks a break, ``[b]``, starting after the earlier one starts and no later than the
    period starts)."""
    at = ["metric", "pid"]
    lines = (
        values.frame.lazy()
        .filter(pl.col("value").is_not_null())
        .select(pl.col("area_code").alias("member"), *at, "value")
    )
    steps = periods.filter(pl.col("has_prev")).select("pid", "prev_pid")
    now = lines.join(steps, on="pid", how="semi").rename({"value": "now"})
    then = (
        lines.rename({"pid": "prev_pid", "value": "then"})
        .join(steps, on="prev_pid", how="inner")
        .drop("prev_pid")
    )
    marks = (
        values.frame.lazy()
        .filter(pl.col("marker").is_in(values.breaking()) & pl.col("value").is_not_null())
        .join(periods.select("pid", pl.col("start").alias("mark")), on="pid", how="inner")
        .select(pl.col("area_code").alias("member"), "metric", "mark")
    )
    broken = (
        marks.join(periods.select("pid", "start", "length"), how="cross")
        .filter(
            (pl.col("start") - pl.col("length") < pl.col("mark"))
            & (pl.col("mark") <= pl.col("start"))
        )
        .select("member", *at, pl.lit(True).alias("broken"))
        .unique()
    )
    return (
        now.join(then, on=["member", *at], how="full", coalesce=True)
        .join(broken, on=["member", *at], how="left")
        .with_columns(pl.col("broken").fill_null(False))
    )


def _moves_asked(wanted: bool | Collection[str]) -> list[str] | None:
    """The areas whose rows ``median_moves`` (of :func:`benchmark_frame`) asks the medians'
    moves for; None for every row."""
    if isinstance(wanted, bool):
        return None if wanted else []
    return [wanted] if isinstance(wanted, str) else list(wanted)


def _chosen_periods(
    chosen: Mapping[str, Period | Collection[Period]], periods: Sequence[Period]
) -> pl.LazyFrame:
    """Each metric with the index of each of its chosen periods (those not in ``periods``
    left out)."""
    kept = [
        (m, periods.index(p))
        for m, found in chosen.items()
        for p in ((found,) if isinstance(found, Period) else found)
        if p in periods
    ]
    return pl.LazyFrame(
        {"metric": [m for m, _ in kept], "pid": [i for _, i in kept]},
        schema={"metric": _CATEGORY, "pid": pl.UInt32},
    )


def _tied(others: pl.Expr) -> pl.Expr:
    """``tied``: how many other areas share the rank (``others``, the other areas of the group
    on the same value), 0 for a row without a rank."""
    unranked = pl.col("value").is_null() | pl.col("sign").is_null()
    return pl.when(unranked).then(0).otherwise(others).cast(pl.UInt32).alias("tied")


def _grouped(base: pl.LazyFrame, groups: pl.LazyFrame) -> pl.LazyFrame:
    """Each area against each of its own groups: every member's value beside the area's."""
    own = base.select("area_code", "metric", "pid", pl.col("value").alias("own"), "sign")
    members = groups.join(own, on="area_code", how="inner").join(
        base.select(
            pl.col("area_code").alias("member"), "metric", "pid", pl.col("value").alias("m")
        ),
        on=["member", "metric", "pid"],
        how="inner",
    )
    keys = ["area_code", "gorder", "metric", "pid"]
    better = members.group_by(keys).agg(
        ((pl.col("m") * pl.col("sign")) > (pl.col("own") * pl.col("sign"))).sum().alias("b"),
        ((pl.col("m") == pl.col("own")).sum() - 1).alias("same"),
    )
    stats = _stats(members.select(*keys, "m"), keys, "m")
    return (
        base.join(
            groups.select("area_code", "group", "gorder").unique(),
            on="area_code",
            how="inner",
        )
        .join(stats, on=keys, how="left")
        .join(better, on=keys, how="left")
        .with_columns(
            pl.when(pl.col("value").is_null() | pl.col("sign").is_null())
            .then(None)
            .otherwise(1 + pl.col("b"))
            .cast(pl.UInt32)
            .alias("rank"),
            _tied(pl.col("same")),
            pl.col("of").fill_null(0),
        )
        .sort("row", "gorder")
    )


def _safe(column: str) -> pl.Expr:
    """Text a spreadsheet will not run as a formula (as the csv report format does)."""
    text = pl.col(column).cast(_STRING)
    return (
        pl.when(text.str.contains(_FORMULA_START))
        .then(pl.lit("'") + text)
        .otherwise(text)
        .alias(column)
    )


def write_table(
    table: pl.LazyFrame, target: Path | IO[bytes], metrics: Mapping[str, Indicator]
) -> None:
    """Write the benchmark table as CSV: missing values as empty cells, numbers as numbers,
    and the value's marker in words: ``qualifier`` (``provisional, revised``) beside a value,
    ``missing_reason`` (``suppressed``, ``not available``, ``empty``...) beside a missing one.

    The median is written rounded to its metric's ``decimals`` as reports show it (a half away
    from zero, :func:`councilpmf.core.numbers.rounded`): the median of two values given to one
    decimal can need a second one, and floating point adds more (``17.450000000000003``). The
    table itself keeps the median as worked out.
    """
    kinds = table.collect_schema()["marker"]
    found = list(kinds.categories) if isinstance(kinds, pl.Enum) else []
    marker, missing = pl.col("marker"), pl.col("value").is_null()
    # each marker's words worked out once, from the few the values have, and kept as an
    # enum (a byte a row) until they are written
    said = [qualifier(m) for m in found]
    why = [MISSING.get(m, EMPTY) for m in found]
    shown = (
        table.with_columns(
            pl.col("metric")
            .replace_strict(
                list(metrics),
                [m.decimals for m in metrics.values()],
                default=None,
                return_dtype=pl.Int32,
            )
            .alias("decimals")
        )
        .pipe(_exact_round, "median", "median")
        .drop("decimals")
        .with_columns(
            pl.when(missing)
            .then(None)
            .otherwise(marker.replace_strict(found, said, return_dtype=pl.Enum(sorted(set(said)))))
            .alias("qualifier"),
            pl.when(missing)
            .then(
                marker.replace_strict(
                    found, why, return_dtype=pl.Enum(sorted({EMPTY, *why}))
                ).fill_null(EMPTY)
            )
            .alias("missing_reason"),
        )
    )
    safe = shown.select(*(_safe(c) if c in _TEXT_COLUMNS else c for c in OUTPUT_COLUMNS))
    if isinstance(target, Path):
        with target.open("wb") as file:
            _write_slices(safe, file)
    else:
        _write_slices(safe, target)


def _write_slices(table: pl.LazyFrame, target: IO[bytes]) -> None:
    """Write ``table`` as CSV to ``target`` :data:`_WRITE_ROWS` rows at a time (the header
    once), so that only those rows' text is held: the table's work before its rows' text
    (the period and decimals looked up row by row, the rounding and the texts) is done
    a slice of rows at a time on the rows worked out."""
    start = 0
    while True:
        part = table.slice(start, _WRITE_ROWS).collect()
        part.write_csv(target, include_header=start == 0)
        if part.height < _WRITE_ROWS:
            return
        start += _WRITE_ROWS


def to_rows(
    table: pl.LazyFrame | pl.DataFrame, periods: Sequence[Period]
) -> tuple[BenchmarkRow, ...]:
    """The rows of a benchmark table as the core's records (for reports and tests).
    ``periods`` are the values' periods, to turn the period text back into a period."""
    by_text = {str(p): p for p in periods}
    frame = table.collect() if isinstance(table, pl.LazyFrame) else table
    return tuple(
        BenchmarkRow(
            area_code=row["area_code"],
            area_name=row["area_name"],
            group=row["group"],
            metric=row["metric"],
            period=by_text[row["period"]],
            value=row["value"],
            rank=row["rank"],
            tied=row["tied"],
            of=row["of"],
            quartile=row["quartile"],
            median=row["median"],
            short_term=Direction(row["short_term"]),
            long_term=Direction(row["long_term"]),
            marker=row["marker"] or "",
            breaking=row["breaking"],
            unpaired=row["unpaired"],
            unbroken_median=row["unbroken_median"],
            unbroken_median_before=row["unbroken_median_before"],
        )
        for row in frame.iter_rows(named=True)
    )
