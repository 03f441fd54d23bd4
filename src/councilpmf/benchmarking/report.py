"""A benchmark as a format-free report (kind ``benchmark``), so every report format renders it.

Without an area, the report has a section per metric with a table of every area in rank
order; with one, it is that council's view: a row per metric with its rank, quartile, median,
travel and a sentence in words ("2nd of 16 in CIPFA nearest neighbours; top quartile;
improving while the group median fell").

>>> from councilpmf.core.benchmark import AreaValue, benchmark
>>> from councilpmf.core.indicators import Indicator, Unit
>>> from councilpmf.core.periods import parse_period
>>> q3 = parse_period("2024/25 Q3")
>>> kpi = Indicator(id="R", title="Recycling rate", unit=Unit.PERCENTAGE)
>>> rows = benchmark([AreaValue(area_code=c, area_name=n, metric="R", period=q3, value=x)
...     for c, n, x in [("E07000174", "Mansfield", 41.0), ("E07000170", "Ashfield", 38.5)]],
...     {"R": kpi})
>>> report = benchmark_report(rows, {"R": kpi}, q3, area="E07000174")
>>> report.title
'Mansfield (E07000174): benchmarking, 2024/25 Q3'
>>> report.tables()[0].rows[0].cells[-1]
'1st of 2 in all areas; no comparison with the previous period'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from councilpmf.core.benchmark import (
    QUARTILE_WORDS,
    BenchmarkError,
    BenchmarkRow,
    describe,
    earlier_period,
    later_left_out,
    value_text,
)
from councilpmf.core.indicators import Indicator
from councilpmf.core.periods import Period
from councilpmf.core.report import (
    Cell,
    Column,
    NumberCell,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
    TravelCell,
)
from councilpmf.core.travel import Direction, series_breaks

__all__ = ["benchmark_report"]

_STANDING = (
    Column(key="value", title="Value", kind="number"),
    Column(key="rank", title="Rank", kind="number"),
    Column(key="of", title="Of", kind="number"),
    Column(key="quartile", title="Quartile"),
    Column(key="median", title="Group median", kind="number"),
    Column(key="short_term", title="Short term", kind="travel"),
    Column(key="long_term", title="Long term", kind="travel"),
)


def _travel(direction: Direction) -> TravelCell:
    return TravelCell(direction=direction, word=direction.word, symbol=direction.symbol)


def _standing(row: BenchmarkRow, indicator: Indicator) -> tuple[Cell, ...]:
    if row.rank is not None:
        # a rank shared with another area is written "=1", as league tables write it
        rank = NumberCell(value=row.rank, text=f"{'=' if row.tied else ''}{row.rank}")
    else:
        rank = NumberCell(value=None, text="no value" if row.value is None else "not ranked")
    quartile = "" if row.quartile is None else QUARTILE_WORDS[row.quartile - 1].capitalize()
    return (
        NumberCell(value=row.value, text=value_text(row, indicator)),
        rank,
        row.of,
        quartile,
        NumberCell(value=row.median, text=indicator.format_value(row.median)),
        _travel(row.short_term),
        _travel(row.long_term),
    )


def _rank_order(row: BenchmarkRow) -> tuple[bool, int, str, str]:
    return (row.rank is None, row.rank or 0, row.area_name, row.area_code)


def _label(periods: Sequence[Period]) -> str:
    """``2024/25 Q4``, ``2024/25 Q4 and 2024/25``, ``Dec 2024, 2024/25 Q3 and 2024/25``."""
    texts = [str(p) for p in periods]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


def _in_periods(shown: Sequence[tuple[str, Period]]) -> str:
    """Which period the metrics are shown for (``shown``: each metric with each period it
    is shown for, in order), to follow "on 4 metrics": `` in 2024/25 Q4``, or when they
    differ ``, each in its own period (2024/25 Q4: 3 metrics; 2024/25: 1 metric)``."""
    counts: dict[Period, int] = {}
    for _, period in shown:
        counts[period] = counts.get(period, 0) + 1
    if len(counts) == 1:
        return f" in {next(iter(counts))}"
    each = "; ".join(f"{p}: {n} metric{'s' if n != 1 else ''}" for p, n in counts.items())
    return f", each in its own period ({each})"


def benchmark_report(
    rows: Sequence[BenchmarkRow],
    metrics: Mapping[str, Indicator],
    period: Period | Mapping[str, Period],
    area: str | None = None,
    *,
    coverage: Mapping[str, Sequence[tuple[Period, int]]] | None = None,
    group_latest: Mapping[tuple[str, str, str], tuple[Period, str | None]] | None = None,
) -> Report:
    """The report of ``rows`` for ``period``: every area's standing, or with ``area`` (an
    area code) that area's view in words. ``rows`` may hold other periods too; the previous
    period's rows say how each group's median moved. ``as_of`` is the last day of ``period``,
    so the same values always give the same report.

    ``period`` may instead give each metric its own period, such as each metric's latest
    (:meth:`~councilpmf.benchmarking.Values.latest`), so that annual and quarterly metrics
    are shown together: only the metrics it names are shown, every table's caption says its
    period, the summary says how many metrics each period has, and ``as_of`` is the last day
    of the latest of them.

    ``coverage`` (:meth:`~councilpmf.benchmarking.Values.coverage`: each metric's periods with
    how many areas have a value for each) lets a caption say why a metric shown for its
    :func:`~councilpmf.core.benchmark.latest_period` is not shown for a later period it has
    lines for (too few areas have a value for it yet).

    ``group_latest`` (:meth:`~councilpmf.benchmarking.Values.group_latest`: by area code,
    group name and metric, the comparator group's own latest period, from the counts of its
    members alone, and why a later period is left out) shows each group for its own latest
    period instead: the area's nearest neighbours who have all published next quarter are
    shown for it, whatever the rest of the file has. A group it does not name is shown for
    ``period``."""
    shown = {m: period for m in metrics} if isinstance(period, Period) else dict(period)
    # each group's own latest period, and why a later one is left out, where it is known
    own = dict(group_latest or {})

    def when(r: BenchmarkRow) -> Period | None:
        found = own.get((r.area_code, r.group, r.metric))
        return shown.get(r.metric) if found is None else found[0]

    now = [r for r in rows if when(r) == r.period and (area is None or r.area_code == area)]
    groups = sorted({r.group for r in now})
    found: dict[str, list[BenchmarkRow]] = {}
    for r in now:
        found.setdefault(r.metric, []).append(r)
    by_metric = {m: found[m] for m in metrics if m in found}  # in the metrics' order
    metric_ids = list(by_metric)
    # each metric with the periods it is shown for, in the metrics' order
    pairs = list(dict.fromkeys((m, r.period) for m in metric_ids for r in by_metric[m]))
    # the periods shown (or every one asked for, when no metric has a row)
    periods = list(
        dict.fromkeys([p for _, p in pairs] or [shown[m] for m in metrics if m in shown])
    )
    if not periods:
        raise BenchmarkError("no period to report: the periods given name none of the metrics")
    left_out: dict[tuple[str, str, str], str] = {}
    for r in now:
        key = (r.area_code, r.group, r.metric)
        note = (
            own[key][1]
            if key in own
            else later_left_out((coverage or {}).get(r.metric, ()), r.period)
        )
        if note is not None:
            left_out[key] = note
    label = _label(periods)
    in_periods = f"{_in_periods(pairs) if metric_ids else f' in {label}'}, within "
    if area is None:
        names = {r.area_name for r in now}
        areas = len({r.area_code for r in now})
        # whom the report is about: every area it lists, or the only one
        council = names.pop() if areas == 1 and len(names) == 1 else f"All {areas} areas"
        council = "No area" if not areas else council
        title = f"Benchmarking, {label}"
        summary = (
            f"How {areas} {'area stands' if areas == 1 else 'areas stand'} on {len(metric_ids)} "
            f"metric{'s' if len(metric_ids) != 1 else ''}{in_periods}"
            f"{', '.join(groups) or 'no group'}."
        )
        sections = tuple(_metric_section(metrics[m], by_metric[m], left_out) for m in metric_ids)
    else:
        # as named in this period, or in another when it has no line for this one
        names = (
            {r.area_name for r in now}
            or {r.area_name for r in rows if r.area_code == area}
            or {area}
        )
        council = sorted(names)[0]
        title = f"{council} ({area}): benchmarking, {label}"
        summary = (
            f"How {council} stands on {len(metric_ids)} metric"
            f"{'s' if len(metric_ids) != 1 else ''}{in_periods}"
            f"{', '.join(groups) or 'no group'}."
        )
        sections = (_area_section(rows, metrics, by_metric, area, council, left_out),)
    if not now:
        sections = (
            Section(heading="No values", blocks=(Paragraph(text=f"No rows for {label}."),)),
        )
    return Report(
        kind="benchmark",
        title=title,
        council=council,
        committee=None,
        period=label,
        as_of=max(p.end for p in periods),
        sections=sections,
        summary=summary,
    )


def _metric_section(
    indicator: Indicator,
    mine: Sequence[BenchmarkRow],
    left_out: Mapping[tuple[str, str, str], str],
) -> Section:
    """The rows shown of one metric (``mine``), a table per group name and period (one
    period, unless the areas' groups are each shown for their own); a caption says why a
    later period is left out when every area of its table has the same reason (``left_out``,
    by area, group and metric)."""
    tables = []
    for group, period in sorted({(r.group, r.period) for r in mine}, key=_group_then_time):
        in_group = sorted(
            (r for r in mine if (r.group, r.period) == (group, period)), key=_rank_order
        )
        notes = {left_out.get((r.area_code, r.group, r.metric)) for r in in_group}
        note = notes.pop() if len(notes) == 1 else None
        tables.append(
            Table(
                caption=f"{indicator.title}, {period}: standing within {group}"
                + (f"; {note}" if note else ""),
                columns=(
                    Column(key="area", title="Area"),
                    Column(key="code", title="Code"),
                    *_STANDING,
                ),
                rows=tuple(
                    Row(
                        header=r.area_name or r.area_code,
                        cells=(r.area_code, *_standing(r, indicator)),
                        group=group,
                    )
                    for r in in_group
                ),
            )
        )
    return Section(heading=f"{indicator.title} ({indicator.id})", blocks=tuple(tables))


def _group_then_time(pair: tuple[str, Period]) -> tuple[str, object, object]:
    return (pair[0], pair[1].start, pair[1].end)


def _area_section(
    rows: Sequence[BenchmarkRow],
    metrics: Mapping[str, Indicator],
    by_metric: Mapping[str, Sequence[BenchmarkRow]],
    area: str,
    council: str,
    left_out: Mapping[tuple[str, str, str], str],
) -> Section:
    """The area's standing, a table per period shown (one, unless metrics or groups have
    their own), from the rows shown of each metric (``by_metric``, in the metrics' order);
    each caption names the metrics (and the group, when its groups' reasons differ) whose
    later period is not shown, and why (``left_out``, by area, group and metric)."""
    own: dict[tuple[str, str, Period | None], BenchmarkRow] = {
        (r.metric, r.group, r.period): r for r in rows if r.area_code == area
    }
    breaks = series_breaks(metrics.values())
    tables = []
    metric_ids = list(by_metric)
    for period in dict.fromkeys(r.period for m in metric_ids for r in by_metric[m]):
        before = earlier_period(period)
        table_rows = []
        in_table = [m for m in metric_ids if any(r.period == period for r in by_metric[m])]
        notes: dict[str, list[tuple[str, str]]] = {}
        for metric in in_table:
            indicator = metrics[metric]
            shown_here = sorted(
                (r for r in by_metric[metric] if r.period == period), key=lambda r: r.group
            )
            for r in shown_here:
                if (note := left_out.get((area, r.group, metric))) is not None:
                    notes.setdefault(metric, []).append((r.group, note))
                words = describe(
                    r, indicator, own.get((metric, r.group, before)), breaks.get(metric, ())
                )
                table_rows.append(
                    Row(
                        header=indicator.title,
                        cells=(metric, r.group, *_standing(r, indicator), words),
                        group=r.group,
                    )
                )
        tables.append(
            Table(
                caption=f"Standing of {council} on each metric, {period}"
                + "".join(_notes(metrics[m].title, notes[m]) for m in in_table if m in notes),
                columns=(
                    Column(key="metric_title", title="Metric"),
                    Column(key="metric", title="Id"),
                    Column(key="group", title="Group"),
                    *_STANDING,
                    Column(key="in_words", title="In words"),
                ),
                rows=tuple(table_rows),
            )
        )
    return Section(heading="Standing among comparators", blocks=tuple(tables))


def _notes(title: str, notes: Sequence[tuple[str, str]]) -> str:
    """The caption's words on a metric's later period left out: once when each of its groups
    shown has the same reason, else once per group, naming it."""
    if len({note for _, note in notes}) == 1:
        return f"; {title}, {notes[0][1]}"
    return "".join(f"; {title} within {group}, {note}" for group, note in notes)
