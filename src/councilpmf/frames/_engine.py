"""assess_frame: every indicator x period of a framework, assessed in columns."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from councilpmf._warnings import warn_caller

# The core's own constants, so that there is one definition of each: how many periods back a
# run of misses is counted, the months in each kind of period, the first day of a month index.
from councilpmf.core.assess import LOOKBACK, Readings, reporting_period
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    Aggregation,
    Approval,
    ComparatorGroup,
    Indicator,
    Polarity,
    ReadingStatus,
)
from councilpmf.core.periods import (
    MONTHS,
    Frequency,
    Period,
    containing,
    earlier_period,
    month_start,
    parse_period,
)
from councilpmf.core.rag import Quartile, Status, rate
from councilpmf.core.rule import Rule
from councilpmf.core.travel import break_between
from councilpmf.frames._calculated import with_calculated_rows
from councilpmf.frames._input import describe, period_tag, reading_frame
from councilpmf.frames._rules import STATUS, rating_of, settle, shared_cases, status_of
from councilpmf.frames._targets import targets_frame
from councilpmf.frames._travel import DIRECTION, broken_since, rounded, travel_direction

__all__ = [
    "COLUMNS",
    "DIRECTION",
    "READING_COLUMNS",
    "STATUS",
    "FallbackWarning",
    "UnusedReadingsWarning",
    "assess_frame",
]

COLUMNS: tuple[str, ...] = (
    "indicator",
    "period",
    "start",
    "end",
    "value",
    "target",
    "target_low",
    "target_high",
    "status",
    "label",
    "short_term",
    "long_term",
    "missed_in_a_row",
    "fallback",
)
"""The columns of :func:`assess_frame`, in order (``report_period`` comes first when periods
are asked for). ``target`` is the value of the target that applies
(:meth:`~councilpmf.core.indicators.Indicator.target_for`, as ``IndicatorResult.target``);
``target_low`` and ``target_high`` are its band, null when it has none (a band has both)."""

READING_COLUMNS: tuple[str, ...] = ("reading_status", "note", "approval", "missing_reason")
"""The columns :func:`assess_frame` adds after :data:`COLUMNS` with ``with_readings=True``:
the status, the note, the approval and the missing reason of the reading each row rated, as
``assess`` reports them (``missing_reason`` is null where the row has a value or no reading,
as ``IndicatorResult.missing_reason`` is None)."""

POLARITY = pl.Enum([polarity.value for polarity in Polarity])

# Month indices run below 9999 * 12 + 12: a code times this plus a month index is unique.
_KEY_SPAN = 1 << 17


class FallbackWarning(UserWarning):
    """Some indicators use a rule kind the columnar engine cannot vectorise; their rows were
    rated by the core, one row at a time (``fallback`` is true on those rows)."""


class UnusedReadingsWarning(UserWarning):
    """Some readings were not used: they are for an indicator the framework lacks, or for a
    period their indicator does not report for (of another frequency, or in years that start
    in another month). :func:`councilpmf.assess` reports the same readings as findings."""


def _kind(tag: str, start_month: int) -> str:
    """How often a tag's periods (:func:`~councilpmf.frames._input.period_tag`) come, in words.

    >>> _kind("monthly", 4), _kind("quarterly/4", 4), _kind("annual/1", 4)
    ('monthly', 'quarterly', 'annually in years from January')
    """
    kind, _, month = tag.partition("/")
    kind = "annually" if kind == Frequency.ANNUAL.value else kind
    if not month or int(month) == start_month:
        return kind
    return f"{kind} in years from {calendar.month_name[int(month)]}"


def _warn_unused(unused: pl.DataFrame, start_month: int) -> None:
    """Say which readings were not used (``indicator, tag, code, own_tag`` each; ``code`` null
    for an indicator the framework lacks), as :class:`UnusedReadingsWarning`."""
    if unused.height == 0:
        return
    parts = []
    unknown = unused.filter(pl.col("code").is_null())
    if unknown.height:
        ids = unknown["indicator"].unique(maintain_order=True).to_list()
        named = ", ".join(repr(i) for i in ids[:5])
        if len(ids) > 5:
            named += f" and {len(ids) - 5:,} more"
        parts.append(f"{unknown.height:,} for indicators the framework lacks ({named})")
    misfit = unused.filter(pl.col("code").is_not_null())
    if misfit.height:
        indicator, given, own = misfit.select("indicator", "tag", "own_tag").row(0)
        parts.append(
            f"{misfit.height:,} for periods their indicators do not report for (such as "
            f"{indicator}, reported {_kind(own, start_month)}, given readings "
            f"{_kind(given, start_month)})"
        )
    warn_caller(
        f"councilpmf.frames: {unused.height:,} readings were not used: {'; '.join(parts)}",
        UnusedReadingsWarning,
    )


class _Periods:
    """Core periods for (frequency, first month) pairs, built once each."""

    def __init__(self, start_month: int) -> None:
        self.start_month = start_month
        self.known: dict[tuple[Frequency, int], Period] = {}

    def get(self, frequency: Frequency, first: int) -> Period:
        key = (frequency, first)
        period = self.known.get(key)
        if period is None:
            period = self.known[key] = containing(month_start(first), frequency, self.start_month)
        return period


def _number(rules: list[Rule], numbers: dict[Any, int], rule: Rule) -> int:
    """The rule's number in ``rules``, equal rules sharing one (by identity if unhashable)."""
    try:
        key: Any = (True, rule)
        hash(key)
    except TypeError:
        key = (False, id(rule))
    number = numbers.get(key)
    if number is None:
        number = numbers[key] = len(rules)
        rules.append(rule)
    return number


def _indicator_table(framework: Framework, rules: list[Rule]) -> pl.DataFrame:
    start_month = framework.year_start_month
    numbers: dict[Any, int] = {}
    rows: dict[str, list[Any]] = {
        k: []
        for k in (
            "indicator",
            "code",
            "tag",
            "length",
            "offset",
            "cumulative",
            "polarity",
            "decimals",
            "power",
            "hundred",
            "rule",
        )
    }
    for code, indicator in enumerate(framework.indicators):
        length = MONTHS[indicator.frequency]
        rule = framework.rule_for(indicator)
        values = (
            indicator.id,
            code,
            period_tag(indicator.frequency, start_month),
            length,
            (start_month - 1) % length,
            indicator.aggregation is Aggregation.CUMULATIVE,
            indicator.polarity.value,
            indicator.decimals,
            float(10**indicator.decimals),  # as exact as Python's own; pow() may be an ulp off
            100.0,  # a divisor as a column: see councilpmf.frames._rules._allowance
            _number(rules, numbers, rule),
        )
        for key, value in zip(rows, values, strict=True):
            rows[key].append(value)
    return pl.DataFrame(
        rows,
        schema={
            "indicator": pl.String,
            "code": pl.Int64,
            "tag": pl.String,
            "length": pl.Int64,
            "offset": pl.Int64,
            "cumulative": pl.Boolean,
            "polarity": POLARITY,
            "decimals": pl.Int64,
            "power": pl.Float64,
            "hundred": pl.Float64,
            "rule": pl.Int64,
        },
    )


def _requested(
    framework: Framework, periods: Iterable[Period | str], own: pl.DataFrame
) -> pl.DataFrame:
    """``report_period, code, first`` for each period asked for and each indicator, in the
    order :func:`~councilpmf.core.assess.assess` lists them."""
    start_month = framework.year_start_month
    asked = [p if isinstance(p, Period) else parse_period(p, start_month) for p in periods]
    frequencies = {ind.frequency for ind in framework.indicators}
    rows = []
    for order, period in enumerate(asked):
        for frequency in frequencies:
            found = reporting_period(frequency, period, start_month)
            rows.append((order, str(period), MONTHS[frequency], describe(found)[1]))
    table = pl.DataFrame(
        rows,
        schema={
            "asked": pl.Int64,
            "report_period": pl.String,
            "length": pl.Int64,
            "first": pl.Int64,
        },
        orient="row",
    )
    # An indicator's frequency is its period length.
    return (
        table.join(own.select("code", "length"), on="length")
        .sort("asked", "code")
        .select("report_period", "code", "first")
    )


def _grid(
    own_readings: pl.DataFrame, requested: pl.DataFrame | None, own: pl.DataFrame
) -> pl.DataFrame:
    """Every period of each indicator's frequency from its first to its last (readings, and
    the periods asked for), one row each, in indicator and period order."""
    spans = [own_readings.select("code", "first")]
    if requested is not None:
        spans.append(requested.select("code", "first"))
    bounds = (
        pl.concat(spans)
        .group_by("code")
        .agg(lo=pl.col("first").min(), hi=pl.col("first").max())
        .join(own.select("code", "length"), on="code")
    )
    return (
        bounds.select(
            "code",
            first=pl.int_ranges("lo", pl.col("hi") + pl.col("length"), pl.col("length")),
        )
        .explode("first")
        .sort("code", "first")
    )


def _latest_breaks(framework: Framework, grid: pl.DataFrame) -> pl.Series:
    """For each row of ``grid`` (``code, first``, in that order), the first month of the latest
    change of definition that applies to its indicator (its own or an input's:
    :attr:`~councilpmf.core.framework.Framework.series_breaks`) and starts no later than its
    period, or null. Travel is broken when it starts after the earlier period compared: some
    break falls between the two exactly when the latest one does."""
    found = framework.series_breaks
    if not found:
        return pl.Series("brk", [None] * grid.height, dtype=pl.Int64)
    starts = pl.Series(
        sorted(
            {
                code * _KEY_SPAN + describe(brk.period)[1]
                for code, indicator in enumerate(framework.indicators)
                for brk in found.get(indicator.id, ())
            }
        ),
        dtype=pl.Int64,
    )
    rows = grid.select(base=pl.col("code").cast(pl.Int64) * _KEY_SPAN, first="first")
    # The last break at or before each row's month, of the row's own indicator or another's.
    at = starts.search_sorted(rows["base"] + rows["first"], side="right").cast(pl.Int64) - 1
    latest, base = pl.col("latest"), pl.col("base")
    return (
        rows.with_columns(latest=starts.gather(at.clip(0)), at=at)
        .select(brk=pl.when((pl.col("at") >= 0) & (latest >= base)).then(latest - base))
        .to_series()
    )


def _lookup(table: pl.DataFrame, keys: pl.Series) -> pl.DataFrame:
    """For each of ``keys``, the other columns of the ``table`` row with that ``key`` (unique in
    the table), or nulls: a left join that keeps the order of ``keys``, by binary search."""
    table = table.sort("key")
    columns = [name for name in table.columns if name != "key"]
    if table.height == 0:
        return pl.DataFrame({n: pl.Series(n, [None] * len(keys), table.schema[n]) for n in columns})
    at = table["key"].search_sorted(keys, side="left").clip(0, table.height - 1)
    found = (table["key"].gather(at) == keys).alias("found")
    return (
        table.select(columns)[at]
        .with_columns(found)
        .select(pl.when("found").then(pl.col(n)).alias(n) for n in columns)
    )


def _latest(readings: pl.DataFrame) -> pl.DataFrame:
    """One reading per indicator and period, as :meth:`Readings.of` keeps them: the last final
    one, or the last one when none is final."""
    key = pl.col("code") * _KEY_SPAN + pl.col("first")
    if readings.select(key.n_unique()).item() == readings.height:
        return readings
    # Any final reading outranks every provisional one: ``row`` counts the input's rows, some
    # of them left out by now (other indicators' and periods'), so it may pass the height.
    span: int = readings.select(pl.col("row").max() + 1).item()
    rank = pl.col("final").cast(pl.Int64) * span + pl.col("row")
    return readings.filter(rank == rank.max().over("code", "first"))


def _shifted(column: str, own_lengths: Sequence[int], periods: int | None = None) -> pl.Expr:
    """The column one period back (``periods=None``: the same period last year)."""
    if periods is not None:
        return pl.col(column).shift(periods).over("code")
    result: pl.Expr = pl.lit(None, dtype=pl.Float64)
    for length in own_lengths:
        back = pl.col(column).shift(12 // length).over("code")
        result = pl.when(pl.col("length") == length).then(back).otherwise(result)
    return result


def assess_frame(
    framework: Framework,
    readings: Any,
    periods: Iterable[Period | str] | None = None,
    *,
    comparators: Iterable[ComparatorGroup] = (),
    with_readings: bool = False,
) -> pl.DataFrame:
    """Assess every indicator for every period, in columns: the answers of
    :func:`councilpmf.assess`, one row per indicator and period (see :data:`COLUMNS`; a
    target band is in ``target_low`` and ``target_high``).

    ``readings`` are ``Reading`` records (or a ``Readings`` index), or a polars, pandas or
    pyarrow frame with the columns ``indicator``, ``period`` (as councils write it) and
    ``value`` (empty when missing), and optionally ``status``. ``periods=None`` gives every
    period of each indicator's frequency from its first reading to its last; a list of
    periods gives the scorecards ``assess`` would give for them, with a ``report_period``
    column first. ``comparators`` are the comparator groups the quartile rule reads.

    ``with_readings=True`` adds :data:`READING_COLUMNS`: the status (``final`` or
    ``provisional``; null where there is no reading), the note ("" where none; a frame's
    ``note`` column when it has one), the approval (``draft``, ``submitted`` or
    ``approved``; approved where there is no reading, or a frame has no ``approval`` column)
    and the missing reason (null where there is a value, no reading, or an empty cell of a
    frame's ``missing_reason`` column) of the reading each row rated, a calculated
    indicator's worked-out reading included (as approved as the least approved figure it is
    worked out from, and missing for the core's reason), as ``assess`` gives them in
    ``reading_status``, ``note``, ``approval`` and ``missing_reason``.

    A rule kind the engine cannot vectorise is rated by the core for each of its rows, with a
    :class:`FallbackWarning`; ``fallback`` is true on those rows. A frame that cannot be read
    raises :class:`~councilpmf.frames.FrameInputError` naming the row and column.
    """
    start_month = framework.year_start_month
    # A reading given for a calculated indicator lends its words to the one worked out.
    words = with_readings or bool(framework.calculated)
    frame, index = reading_frame(readings, start_month, words=words)
    cache = _Periods(start_month)
    frame = with_calculated_rows(framework, frame, cache.get)
    if index is None or comparators:
        index = Readings.of(() if index is None else index.index.values(), comparators)
    rules: list[Rule] = []
    own = _indicator_table(framework, rules)
    codes = own.select("indicator", "code", own_tag="tag")
    usable = frame.join(codes, on="indicator").filter(pl.col("tag") == pl.col("own_tag"))
    if usable.height < frame.height:  # found out again only when some are not used
        joined = frame.join(codes, on="indicator", how="left")
        _warn_unused(
            joined.filter(pl.col("code").is_null() | (pl.col("tag") != pl.col("own_tag"))),
            start_month,
        )
    own_readings = _latest(usable.drop("own_tag"))
    requested = None if periods is None else _requested(framework, periods, own)
    grid = _grid(own_readings, requested, own)
    indicators = framework.indicators

    def period_of(code: int, first: int) -> Period:
        return cache.get(indicators[code].frequency, first)

    targets = targets_frame(indicators, own, grid, period_of)
    lengths = sorted(set(own["length"].to_list()))
    key = (pl.col("code") * _KEY_SPAN + pl.col("first")).alias("key")
    keys = grid.select(key).to_series()
    # The indicator's own columns, by position: row i of ``own`` is code i.
    described = own.drop("indicator", "code")[grid["code"]]
    kept = ("final", "note", "approval", "missing_reason") if with_readings else ()
    found_values = _lookup(own_readings.select(key, "value", *kept), keys)
    found_targets = _lookup(targets.select(key, "t_value", "t_low", "t_high"), keys)
    work = pl.concat([grid, described, found_values, found_targets], how="horizontal").with_columns(
        last_value=_shifted("value", lengths), brk=_latest_breaks(framework, grid)
    )
    if framework.series_breaks:
        # No value of last year compares across a change of definition.
        across = broken_since(pl.col("first") - 12)
        work = work.with_columns(last_value=pl.when(across).then(None).otherwise("last_value"))
    work = _rate(work, framework, rules, index, period_of)
    work = _travel(work, lengths)
    work = _missed(work)
    return _finish(work, own, requested, cache, framework, with_readings)


def _rate(
    work: pl.DataFrame,
    framework: Framework,
    rules: list[Rule],
    index: Readings,
    period_of: Any,
) -> pl.DataFrame:
    """``status``, ``label`` and ``fallback`` for every row, one rule at a time."""
    parts = []
    slow: dict[str, int] = {}
    partitions = (
        {(0,): work}
        if len(rules) == 1
        else work.partition_by("rule", as_dict=True, maintain_order=True)
    )
    for (number,), part in partitions.items():
        rule = rules[int(number)]
        decided = rating_of(rule)
        cases = shared_cases(rule.uses_target)
        if decided is None and type(rule) is not Quartile:
            slow[rule.kind] = slow.get(rule.kind, 0) + part.height
            parts.append(_by_core(part, framework, index, period_of, cases, fallback=True))
            continue
        if decided is None:
            # Quartile: rows with comparator values go to the core, one row each.
            parts.append(_by_core(part, framework, index, period_of, cases, fallback=False))
            continue
        status, label = settle(cases, decided)
        # Lazily, so that polars computes the parts the expressions share once.
        parts.append(
            part.lazy().with_columns(status=status, label=label, fallback=pl.lit(False)).collect()
        )
    if slow:
        kinds = ", ".join(f"'{kind}' ({rows:,} rows)" for kind, rows in sorted(slow.items()))
        warn_caller(
            f"councilpmf.frames: rule kind {kinds} is not vectorised; those rows were rated "
            "by the core one at a time (fallback is true on them)",
            FallbackWarning,
        )
    if not parts:
        return work.with_columns(
            status=pl.lit(None, STATUS), label=pl.lit(None, pl.String), fallback=pl.lit(False)
        )
    return parts[0] if len(parts) == 1 else pl.concat(parts).sort("code", "first")


def _compared(framework: Framework, index: Readings) -> pl.DataFrame:
    """``code, first`` of the indicator-periods that have comparator values (for a period of
    the indicator's own kind and year start: values for any other are never read)."""
    codes = {indicator.id: code for code, indicator in enumerate(framework.indicators)}
    found = []
    for indicator_id, period in index.comparators:
        code = codes.get(indicator_id)
        if code is None:
            continue
        tag, first = describe(period)
        if tag == period_tag(framework.indicators[code].frequency, framework.year_start_month):
            found.append((code, first))
    return pl.DataFrame(found, schema={"code": pl.Int64, "first": pl.Int64}, orient="row")


def _by_core(
    part: pl.DataFrame,
    framework: Framework,
    index: Readings,
    period_of: Any,
    cases: list[tuple[pl.Expr, Status]],
    *,
    fallback: bool,
) -> pl.DataFrame:
    """Rate rows with :func:`councilpmf.core.rag.rate`: every row (``fallback``), or, for the
    quartile rule, the rows that reach the rule and have comparator values."""
    settled: pl.Expr = pl.lit(False)
    for condition, _ in cases:
        settled = settled | condition.fill_null(False)
    if fallback:
        ask: pl.Expr = pl.lit(True)
    else:
        # Without comparator values a quartile is not rated, as the core says; with them,
        # the core works out the quartile.
        compared = _compared(framework, index)
        key = pl.struct("code", "first")
        ask = ~settled & key.is_in(compared.select(key).to_series().implode())
    part = part.with_columns(ask=ask)
    rows = part.filter("ask").select("code", "first", "value", "last_value")
    statuses, labels = [], []
    breaks = framework.series_breaks
    for code, first, value, last in rows.iter_rows():
        indicator: Indicator = framework.indicators[code]
        period = period_of(code, first)
        rule = framework.rule_for(indicator)
        # ``last`` is null across a change of definition: the rule is told which, as by assess.
        changed = breaks.get(indicator.id)
        rating = rate(
            indicator,
            value,
            indicator.target_for(period),
            rule,
            last_year=last,
            comparators=index.comparator_values(indicator.id, period, getattr(rule, "group", None)),
            last_year_break=(
                None
                if changed is None
                or (year_before := earlier_period(period, last_year=True)) is None
                else break_between(changed, year_before, period)
            ),
        )
        statuses.append(rating.status.value)
        labels.append(rating.label)
    asked = rows.select("code", "first").with_columns(
        core_status=pl.Series(statuses, dtype=STATUS),
        core_label=pl.Series(labels, dtype=pl.String),
    )
    status, label = settle(cases, (status_of(Status.NOT_RATED), pl.lit(Status.NOT_RATED.word)))
    return (
        part.join(asked, on=["code", "first"], how="left", maintain_order="left")
        .with_columns(
            status=pl.coalesce("core_status", status),
            label=pl.coalesce("core_label", label),
            fallback=pl.lit(fallback),
        )
        .drop("ask", "core_status", "core_label")
    )


def _travel(work: pl.DataFrame, lengths: Sequence[int]) -> pl.DataFrame:
    """``short_term`` and ``long_term``: against the previous period and the same period last
    year, on values rounded as they are shown."""
    work = work.with_columns(shown=rounded(work))
    previous_first = pl.col("first") - pl.col("length")
    last_year_first = pl.col("first") - 12
    return (
        work.lazy()
        .with_columns(
            short_term=travel_direction(
                _shifted("shown", lengths, 1),
                previous_first,
                same_as_last_year=pl.col("length") == 12,
            ),
            long_term=travel_direction(
                _shifted("shown", lengths), last_year_first, same_as_last_year=pl.lit(True)
            ),
        )
        .collect()
    )


def _missed(work: pl.DataFrame) -> pl.DataFrame:
    """``missed_in_a_row``: red or amber periods since target was last met (or the indicator
    was not rated), no-data periods passing, within the last 120 periods."""
    status = pl.col("status")
    missed = status.is_in([Status.RED.value, Status.AMBER.value])
    ends = status.is_in([s.value for s in Status if s.on_target or s is Status.NOT_RATED])
    counted = missed.cast(pl.Int64).cum_sum().over("code")
    return (
        work.lazy()
        .with_columns(counted=counted)
        .with_columns(
            missed_in_a_row=pl.col("counted")
            - pl.max_horizontal(
                pl.when(ends).then(pl.col("counted")).forward_fill().over("code").fill_null(0),
                pl.col("counted").shift(LOOKBACK).over("code").fill_null(0),
            )
        )
        .collect()
    )


def _finish(
    work: pl.DataFrame,
    own: pl.DataFrame,
    requested: pl.DataFrame | None,
    cache: _Periods,
    framework: Framework,
    with_readings: bool,
) -> pl.DataFrame:
    rows = (
        work
        if requested is None
        else requested.join(work, on=["code", "first"], how="left", maintain_order="left")
    )
    # An indicator's periods are named by its frequency (its period length) and first month.
    frequencies = {MONTHS[i.frequency]: i.frequency for i in framework.indicators}
    key = pl.col("length") * _KEY_SPAN + pl.col("first")
    named = rows.select("length", "first").unique()
    texts, starts, ends = [], [], []
    for length, first in named.iter_rows():
        period = cache.get(frequencies[length], first)
        texts.append(str(period))
        starts.append(period.start)
        ends.append(period.end)
    names = named.select(
        name_key=key,
        period=pl.Series(texts, dtype=pl.String),
        start=pl.Series(starts, dtype=pl.Date),
        end=pl.Series(ends, dtype=pl.Date),
    )
    rows = rows.with_columns(name_key=key, indicator=own["indicator"].gather(rows["code"]))
    leading = [] if requested is None else ["report_period"]
    return rows.join(names, on="name_key", how="left", maintain_order="left").select(
        *leading,
        "indicator",
        "period",
        "start",
        "end",
        "value",
        pl.col("t_value").alias("target"),
        *_band(),
        "status",
        "label",
        "short_term",
        "long_term",
        "missed_in_a_row",
        "fallback",
        *(_reading_columns() if with_readings else ()),
    )


def _band() -> tuple[pl.Expr, pl.Expr]:
    """``target_low`` and ``target_high``: the target's band where it has one (both ends, as
    :meth:`~councilpmf.core.indicators.Indicator.format_target` reads a band), else null."""
    band = pl.col("t_low").is_not_null() & pl.col("t_high").is_not_null()
    return (
        pl.when(band).then(pl.col("t_low")).alias("target_low"),
        pl.when(band).then(pl.col("t_high")).alias("target_high"),
    )


def _reading_columns() -> tuple[pl.Expr, ...]:
    """:data:`READING_COLUMNS` from the ``final``, ``note``, ``approval`` and
    ``missing_reason`` of the reading found for each row (all null where none was)."""
    final = pl.col("final")
    status = (
        pl.when(final)
        .then(pl.lit(ReadingStatus.FINAL.value))
        .when(~final)
        .then(pl.lit(ReadingStatus.PROVISIONAL.value))
    )
    approval = pl.col("approval").fill_null(Approval.APPROVED.value)
    # A reading has a value or a reason, never both; "" is no reason given (a frame's empty
    # cell), as a reading with a value has none.
    reason = pl.col("missing_reason")
    missing_reason = pl.when(pl.col("value").is_null() & (reason != "")).then(reason)
    return (
        status.alias("reading_status"),
        pl.col("note").fill_null(""),
        approval,
        missing_reason.alias("missing_reason"),
    )
