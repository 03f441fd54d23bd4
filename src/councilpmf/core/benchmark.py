"""National benchmarking, defined once: where each area stands among its comparator group.

For one metric and period, every area with a value is ranked in its group, placed in a quartile
and compared with the group's median; its value is also compared with its own earlier values
(the core's direction of travel). This module is the reference definition, in plain Python on
plain values; :mod:`councilpmf.benchmarking` does the same work fast on polars and is proven
equal to it by tests.

- **Rank**: 1 is the best value by the metric's polarity. Ties share a rank and the next rank
  skips ("standard competition" ranking, 1224): values tie when they are equal as given.
  Missing values are not ranked; ``of`` counts the areas with a value.
- **Quartile**: :func:`~councilpmf.core.rag.quartile_position`, the library's one meaning of
  quartile (the quartile rating rule uses it too): cut points by
  ``statistics.quantiles(values, n=4, method="inclusive")``, a value on a cut counting in the
  better quarter; 1 is the best quarter. A group with fewer than four values has no quartiles.
- **Median**: ``statistics.median`` of the group's values.
- A metric with no better direction (polarity ``none`` or ``target band``) has no rank and no
  quartile; it still has ``of``, a median and travel (increasing or decreasing).
- A value marked ``[b]`` (:data:`~councilpmf.core.shorthand.BREAK`, a break in series) is the
  first of the area's series on a new basis: it is ranked as any value is, but travel does not
  compare a value of the area with one before the break (:func:`marked_breaks`), as a
  metric's ``series_break`` does for every area; and the group median's move since the
  previous period compares the same members in both, leaving out those whose series break
  between the two (:attr:`BenchmarkRow.breaking`) and those with a value for one of them only
  (:attr:`BenchmarkRow.unpaired`), so that it is like for like.

>>> from councilpmf.core.indicators import Polarity
>>> [s.rank for s in standings([52.0, 61.5, None, 61.5, 48.0], Polarity.HIGHER_IS_BETTER)]
[3, 1, None, 1, 4]
>>> [s.quartile for s in standings([52.0, 61.5, None, 61.5, 48.0], Polarity.HIGHER_IS_BETTER)]
[3, 1, None, 1, 4]
>>> standings([3.0, 5.0], Polarity.LOWER_IS_BETTER)[0]
Standing(rank=1, of=2, quartile=None, median=4.0)
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence

import attrs
from attrs import validators as v

from councilpmf.core._validate import number, of_type, optional, required, strings, text
from councilpmf.core.errors import CouncilPMFError
from councilpmf.core.indicators import Indicator, Polarity
from councilpmf.core.periods import Period, earlier_period
from councilpmf.core.rag import QUARTILE_MINIMUM, quartile_position
from councilpmf.core.shorthand import breaks_series, check_marker, missing_reason, qualifier
from councilpmf.core.travel import Direction, SeriesBreak, break_between, series_breaks, travel

__all__ = [
    "ALL_AREAS",
    "AreaValue",
    "BenchmarkError",
    "BenchmarkRow",
    "PeerGroup",
    "Standing",
    "benchmark",
    "describe",
    "earlier_period",
    "group_coverage",
    "group_median",
    "later_left_out",
    "latest_period",
    "marked_breaks",
    "not_shown",
    "ordinal",
    "ranks",
    "standings",
    "value_text",
]

ALL_AREAS = "all areas"
"""The name of the group of every area in the values, used when no groups are given."""

QUARTILE_WORDS = ("top quartile", "second quartile", "third quartile", "bottom quartile")


class BenchmarkError(CouncilPMFError, ValueError):
    """Values that cannot be benchmarked as given (an unknown metric, a value given twice)."""


def _better_first(polarity: Polarity) -> int | None:
    """+1 when higher is better, -1 when lower is better, None without a better direction."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        return 1
    if polarity is Polarity.LOWER_IS_BETTER:
        return -1
    return None


def ranks(values: Sequence[float | None], polarity: Polarity) -> tuple[int | None, ...]:
    """Each value's rank among the values (1 is best), ties sharing the best rank they span.

    >>> ranks([10.0, 7.0, 10.0, None, 3.0], Polarity.HIGHER_IS_BETTER)
    (1, 3, 1, None, 4)
    >>> ranks([10.0, 7.0, 10.0, None, 3.0], Polarity.LOWER_IS_BETTER)
    (3, 2, 3, None, 1)
    >>> ranks([10.0, 7.0], Polarity.NONE)
    (None, None)
    """
    sign = _better_first(polarity)
    if sign is None:
        return tuple(None for _ in values)
    present = [x for x in values if x is not None]
    return tuple(
        None if x is None else 1 + sum(sign * other > sign * x for other in present) for x in values
    )


def group_median(values: Iterable[float | None]) -> float | None:
    """The median of the values given, None when there are none.

    >>> group_median([4.0, None, 1.0, 2.0, 10.0]), group_median([None])
    (3.0, None)
    """
    present = [x for x in values if x is not None]
    return statistics.median(present) if present else None


def latest_period(counts: Sequence[tuple[Period, int]]) -> Period:
    """The period a metric is shown for when none is asked for: the latest of its periods
    (``counts``, earliest first, each with how many areas have a value of the metric for it)
    that at least half as many areas have a value for as its best-covered period. One area
    that has published next quarter already does not make next quarter the latest, where it
    would be 1st of 1 and every other area without a value; once half the areas have
    published, it is. A metric without any value is shown for its last period.

    >>> from councilpmf.core.periods import parse_period
    >>> q2, q3, q4 = (parse_period(f"2024/25 Q{n}") for n in (2, 3, 4))
    >>> str(latest_period([(q2, 16), (q3, 16), (q4, 1)])), str(latest_period([(q3, 16), (q4, 8)]))
    ('2024/25 Q3', '2024/25 Q4')
    """
    if not counts:
        raise BenchmarkError("no period: the metric has no line")
    most = max(count for _, count in counts)
    return next(period for period, count in reversed(counts) if 2 * count >= most)


def group_coverage(
    values: Iterable[AreaValue], groups: Sequence[PeerGroup] | None = None
) -> dict[tuple[str, str, str], tuple[tuple[Period, int], ...]]:
    """What :func:`latest_period` counts, for each comparator group: by area code, group name
    and metric, each period a member of the group (the area included) has a line of the
    metric for, earliest first, with how many members have a value for it. The shown period
    of a group is then its own: CIPFA nearest neighbours who have all published next quarter
    are shown for it, though most areas of the file have not (and one quarter ahead of its
    neighbours is not). Without ``groups``, every area's group is every area
    (:data:`ALL_AREAS`), counted over the whole file. Groups of an area with the same name
    are one group.

    >>> from councilpmf.core.periods import parse_period
    >>> q3, q4 = parse_period("2024/25 Q3"), parse_period("2024/25 Q4")
    >>> lines = [AreaValue(area_code=a, area_name=a, metric="R", period=p, value=1.0)
    ...     for a, p in [("A", q3), ("B", q3), ("C", q3), ("A", q4), ("B", q4)]]
    >>> found = group_coverage(lines, [PeerGroup(area_code="A", name="near", members=("B",))])
    >>> [(str(p), n) for p, n in found[("A", "near", "R")]]
    [('2024/25 Q3', 2), ('2024/25 Q4', 2)]
    >>> [(str(p), n) for p, n in group_coverage(lines)[("A", ALL_AREAS, "R")]]
    [('2024/25 Q3', 3), ('2024/25 Q4', 2)]
    """
    lines = tuple(values)
    members: dict[tuple[str, str], dict[str, None]] = {}
    if groups is None:
        everyone = dict.fromkeys(line.area_code for line in lines)
        members = {(a, ALL_AREAS): everyone for a in everyone}
    else:
        for group in groups:
            members.setdefault((group.area_code, group.name), {}).update(
                dict.fromkeys(group.everyone())
            )
    by_area: dict[tuple[str, str], dict[Period, int]] = {}
    for line in lines:
        seen = by_area.setdefault((line.area_code, line.metric), {})
        seen[line.period] = seen.get(line.period, 0) + (line.value is not None)
    metrics = dict.fromkeys(line.metric for line in lines)
    found: dict[tuple[str, str, str], tuple[tuple[Period, int], ...]] = {}
    for (area, name), codes in members.items():
        for metric in metrics:
            counts: dict[Period, int] = {}
            for member in codes:
                for period, n in by_area.get((member, metric), {}).items():
                    counts[period] = counts.get(period, 0) + n
            if counts:
                found[(area, name, metric)] = tuple(sorted(counts.items(), key=_by_time))
    return found


def _by_time(pair: tuple[Period, int]) -> tuple[object, ...]:
    period = pair[0]
    return (period.start, period.end, repr(period))


def later_left_out(counts: Sequence[tuple[Period, int]], shown: Period) -> str | None:
    """Why a later period of the metric is not shown, when ``shown`` is its
    :func:`latest_period` and it has a later one; None otherwise.

    >>> from councilpmf.core.periods import parse_period
    >>> q3, q4 = parse_period("2024/25 Q3"), parse_period("2024/25 Q4")
    >>> later_left_out([(q3, 16), (q4, 1)], q3)
    '2024/25 Q4 is not shown: only 1 area has a value for it, against 16 for 2024/25 Q3'
    """
    if not counts or shown != latest_period(counts) or shown == counts[-1][0]:
        return None
    last, count = counts[-1]
    fullest, most = max(reversed(counts), key=lambda pair: pair[1])  # the latest of the fullest
    return not_shown(last, count, fullest, most)


def not_shown(last: Period, count: int, fullest: Period, most: int) -> str:
    """Why ``last``, which ``count`` areas have a value for, is not shown, when ``fullest`` (the
    latest of the best-covered periods) has ``most``: the words of :func:`later_left_out`.

    >>> from councilpmf.core.periods import parse_period
    >>> not_shown(parse_period("2024/25 Q4"), 0, parse_period("2024/25 Q2"), 16)
    '2024/25 Q4 is not shown: no area has a value for it, against 16 for 2024/25 Q2'
    """
    have = "no area has" if not count else f"only {count} area{' has' if count == 1 else 's have'}"
    return f"{last} is not shown: {have} a value for it, against {most} for {fullest}"


@attrs.frozen(kw_only=True)
class Standing:
    """Where one value stands in its group: rank (1 best), how many values were ranked,
    quartile (1 best) and the group median. None where there is none."""

    rank: int | None = attrs.field(validator=v.optional(of_type(int)))
    of: int = attrs.field(validator=of_type(int))
    quartile: int | None = attrs.field(validator=v.optional(of_type(int)))
    median: float | None = attrs.field(validator=optional(number))


def standings(values: Sequence[float | None], polarity: Polarity) -> tuple[Standing, ...]:
    """The standing of each value among all of ``values`` (one group, one metric, one period).

    >>> [s.quartile for s in standings([1.0, 2.0, 3.0, 4.0, 5.0], Polarity.LOWER_IS_BETTER)]
    [1, 1, 2, 3, 4]
    """
    present = [x for x in values if x is not None]
    median = group_median(present)
    sign = _better_first(polarity)
    rank_of = ranks(values, polarity)

    def quartile(x: float | None) -> int | None:
        if x is None or sign is None or len(present) < QUARTILE_MINIMUM:
            return None
        return quartile_position(x, present, lower_is_better=sign < 0)

    return tuple(
        Standing(rank=rank, of=len(present), quartile=quartile(x), median=median)
        for x, rank in zip(values, rank_of, strict=True)
    )


def _marker(instance: AreaValue, _attribute: attrs.Attribute[str], marker: object) -> None:
    if not isinstance(marker, str):
        raise BenchmarkError(f"marker must be text, not {marker!r}")
    problem = check_marker(instance.value, marker)
    if problem is not None:
        raise BenchmarkError(f"marker: {problem}")


@attrs.frozen(kw_only=True)
class AreaValue:
    """One line of a benchmarking dataset: an area's value of a metric for a period (None when
    missing), as LG Inform and Oflog publish them, with its statistical shorthand
    (:mod:`councilpmf.core.shorthand`): why a missing value is missing (``[c]``, ``..``; ``""``
    for an empty cell) or what qualifies a value (``[p]``, ``[p][r]``; ``""`` for nothing)."""

    area_code: str = attrs.field(validator=required)
    area_name: str = attrs.field(validator=text)
    metric: str = attrs.field(validator=required)
    period: Period = attrs.field(validator=of_type(Period))
    value: float | None = attrs.field(default=None, validator=optional(number))
    marker: str = attrs.field(default="", validator=_marker)


@attrs.frozen(kw_only=True)
class PeerGroup:
    """An area's comparator group, such as its CIPFA nearest neighbours. The area itself is
    always a member, whether or not ``members`` names it."""

    area_code: str = attrs.field(validator=required)
    name: str = attrs.field(validator=required)
    members: tuple[str, ...] = attrs.field(validator=strings)

    def everyone(self) -> tuple[str, ...]:
        """The area and its members, each once, the area first."""
        return tuple(dict.fromkeys((self.area_code, *self.members)))


@attrs.frozen(kw_only=True)
class BenchmarkRow:
    """One area's standing for one metric and period within one group, with its direction of
    travel short term (against the previous period) and long term (the same period a year
    before). ``tied`` is how many other areas of the group share the area's rank (0 when it is
    alone on it, or has none): an area tied with another is *joint* 1st. ``marker`` is the
    value's statistical shorthand, as :class:`AreaValue` keeps it.

    The group median's move since the previous period compares the same members in both
    periods: those with a value for both and no break in series between them. ``breaking`` is
    how many members of the group (the area among them) have a value for this period or the
    one before and break their series between the two (a value marked ``[b]``,
    :func:`marked_breaks`), so are not like for like; ``unpaired`` how many others have a
    value for one of the two periods only. The move is then from ``unbroken_median_before``
    to ``unbroken_median``, the medians of the remaining members' values for the period
    before and for this one (None when no member remains); with no member left out
    (``breaking`` and ``unpaired`` 0, both None) it is the move of ``median`` itself. All four
    None (``breaking`` and ``unpaired`` too) say they were not worked out, as
    :func:`councilpmf.benchmarking.benchmark_frame` leaves the rows it is not asked them for:
    the move is then not known, and :func:`describe` does not say it."""

    area_code: str
    area_name: str
    group: str
    metric: str
    period: Period
    value: float | None
    rank: int | None
    tied: int = 0
    of: int
    quartile: int | None
    median: float | None
    short_term: Direction
    long_term: Direction
    marker: str = ""
    breaking: int | None = 0
    unpaired: int | None = 0
    unbroken_median: float | None = None
    unbroken_median_before: float | None = None

    def missing_reason(self) -> str:
        """Why the value is missing (``suppressed``, ``not available``, ``empty``...); ``""``
        when there is a value."""
        return "" if self.value is not None else missing_reason(self.marker)

    def qualifier(self) -> str:
        """What qualifies the value, in words (``provisional, revised``); ``""`` for none and
        when there is no value."""
        return "" if self.value is None else qualifier(self.marker)


def value_text(row: BenchmarkRow, indicator: Indicator) -> str:
    """The value as reports show it: written with the metric's unit and decimals and its
    qualifiers in words (``45.2 (provisional)``), or why there is none with the mark it was
    published with (``suppressed [c]``); ``no data`` for an empty cell or no line.

    >>> from councilpmf.core.periods import parse_period
    >>> row = BenchmarkRow(area_code="E1", area_name="A", group=ALL_AREAS, metric="R",
    ...     period=parse_period("2024/25 Q3"), value=45.2, rank=1, of=1, quartile=None,
    ...     median=45.2, short_term=Direction.NO_COMPARISON, long_term=Direction.NO_COMPARISON)
    >>> kpi = Indicator(id="R", title="Recycling rate")
    >>> value_text(attrs.evolve(row, marker="[p]"), kpi)
    '45.2 (provisional)'
    >>> value_text(attrs.evolve(row, value=None, marker="[c]"), kpi)
    'suppressed [c]'
    """
    if row.value is None:
        return f"{missing_reason(row.marker)} {row.marker}" if row.marker else "no data"
    shown = indicator.format_value(row.value)
    return f"{shown} ({qualifier(row.marker)})" if row.marker else shown


def _direction(
    indicator: Indicator,
    series: Mapping[Period, float | None],
    period: Period,
    earlier: Period | None,
    breaks: Sequence[SeriesBreak],
) -> Direction:
    if earlier is None:
        return Direction.NO_COMPARISON
    then = series.get(earlier)
    return travel(indicator, series[period], period, then, earlier, breaks).direction


def marked_breaks(values: Iterable[AreaValue]) -> dict[tuple[str, str], tuple[SeriesBreak, ...]]:
    """The breaks in series the values mark, for each area and metric that has any: a value
    marked ``[b]`` is the first of the area's series of the metric on a new basis, so a
    comparison from a period before it to one on or after it is not like for like. Each break
    is a :class:`~councilpmf.core.travel.SeriesBreak` at the marked value's period, so travel
    treats it as a metric's own ``series_break``, for that area alone: a comparison that
    crosses it (the earlier period starts before the marked one, the later one no earlier) is
    no valid comparison; one that starts at or after it compares as usual.

    >>> from councilpmf.core.periods import parse_period
    >>> q1 = parse_period("2024/25 Q1")
    >>> marked_breaks([
    ...     AreaValue(area_code=a, area_name="", metric="R", period=q1, value=4.0, marker=m)
    ...     for a, m in (("E1", "[b]"), ("E2", "[p]"))])
    {('E1', 'R'): (SeriesBreak(period=Quarter(year=2024, number=1, start_month=4), of='R'),)}
    """
    found: dict[tuple[str, str], list[SeriesBreak]] = {}
    for line in values:
        if line.value is not None and breaks_series(line.marker):
            found.setdefault((line.area_code, line.metric), []).append(
                SeriesBreak(line.period, line.metric)
            )
    return {key: tuple(breaks) for key, breaks in found.items()}


def benchmark(
    values: Iterable[AreaValue],
    metrics: Mapping[str, Indicator],
    groups: Sequence[PeerGroup] | None = None,
) -> tuple[BenchmarkRow, ...]:
    """Every area's standing for every metric and period it has a line for.

    Without ``groups`` every area is compared with every area in ``values`` (the group
    :data:`ALL_AREAS`). With them, each area is compared within each of its groups, and areas
    with no group get no rows. Rows follow the order of ``values`` (and of ``groups`` within
    an area).

    >>> from councilpmf.core.indicators import Indicator
    >>> from councilpmf.core.periods import parse_period
    >>> q2, q3 = parse_period("2024/25 Q2"), parse_period("2024/25 Q3")
    >>> rows = benchmark(
    ...     [AreaValue(area_code=a, area_name=a, metric="R", period=p, value=x)
    ...      for a, p, x in [("A", q2, 40.0), ("A", q3, 45.0), ("B", q3, 50.0), ("C", q3, None)]],
    ...     {"R": Indicator(id="R", title="Recycling rate")})
    >>> [(r.area_code, str(r.period), r.rank, r.of, r.median, r.short_term.value) for r in rows]
    [('A', '2024/25 Q2', 1, 1, 40.0, 'no valid comparison'), ('A', '2024/25 Q3', 2, 2, 47.5, 'improving'), ('B', '2024/25 Q3', 1, 2, 47.5, 'no valid comparison'), ('C', '2024/25 Q3', None, 2, 47.5, 'no valid comparison')]
    """  # noqa: E501
    lines = tuple(values)
    value_of: dict[tuple[str, str, Period], float | None] = {}
    for line in lines:
        if line.metric not in metrics:
            raise BenchmarkError(f"unknown metric {line.metric!r}")
        key = (line.area_code, line.metric, line.period)
        if key in value_of:
            raise BenchmarkError(
                f"{line.area_code} has two values of {line.metric} for {line.period}"
            )
        value_of[key] = line.value
    groups_of: dict[str, tuple[PeerGroup, ...]]
    if groups is None:
        everyone = tuple(dict.fromkeys(line.area_code for line in lines))
        groups_of = {
            a: (PeerGroup(area_code=a, name=ALL_AREAS, members=everyone),) for a in everyone
        }
    else:
        collected: dict[str, list[PeerGroup]] = {}
        for group in groups:
            collected.setdefault(group.area_code, []).append(group)
        groups_of = {a: tuple(found) for a, found in collected.items()}
    series: dict[tuple[str, str], dict[Period, float | None]] = {}
    for (area, metric, period), value in value_of.items():
        series.setdefault((area, metric), {})[period] = value

    rows: list[BenchmarkRow] = []
    breaks_of = series_breaks(metrics.values())
    marked = marked_breaks(lines)
    for line in lines:
        indicator = metrics[line.metric]
        own = series[(line.area_code, line.metric)]
        breaks = breaks_of.get(line.metric, ()) + marked.get((line.area_code, line.metric), ())
        short = _direction(indicator, own, line.period, earlier_period(line.period), breaks)
        long = _direction(
            indicator, own, line.period, earlier_period(line.period, last_year=True), breaks
        )
        for group in groups_of.get(line.area_code, ()):
            members = group.everyone()
            group_values = [value_of.get((m, line.metric, line.period)) for m in members]
            standing = standings(group_values, indicator.polarity)[0]
            # the area is the group's first member; the others on its value share its rank
            tied = 0 if standing.rank is None else group_values[1:].count(line.value)
            breaking, unpaired, unbroken, unbroken_before = _unbroken(
                members, line.metric, line.period, marked, value_of
            )
            rows.append(
                BenchmarkRow(
                    area_code=line.area_code,
                    area_name=line.area_name,
                    group=group.name,
                    metric=line.metric,
                    period=line.period,
                    value=line.value,
                    rank=standing.rank,
                    tied=tied,
                    of=standing.of,
                    quartile=standing.quartile,
                    median=standing.median,
                    short_term=short,
                    long_term=long,
                    marker=line.marker,
                    breaking=breaking,
                    unpaired=unpaired,
                    unbroken_median=unbroken,
                    unbroken_median_before=unbroken_before,
                )
            )
    return tuple(rows)


def _unbroken(
    members: Sequence[str],
    metric: str,
    period: Period,
    marked: Mapping[tuple[str, str], Sequence[SeriesBreak]],
    value_of: Mapping[tuple[str, str, Period], float | None],
) -> tuple[int, int, float | None, float | None]:
    """Which of ``members`` the group median's move since the period before ``period`` leaves
    out, so that it compares the same members in both: how many have a value for either period
    and break their series (``marked``) between the two, how many others have a value for one
    of them only, and the medians of the rest's values (a value for both, no break) for
    ``period`` and for the period before; ``(0, 0, None, None)`` when none is left out, as the
    median's move is then that of the group's own medians."""
    before = earlier_period(period)
    if before is None:
        return 0, 0, None, None
    breaking = unpaired = 0
    now: list[float] = []
    then: list[float] = []
    for m in members:
        value, earlier = value_of.get((m, metric, period)), value_of.get((m, metric, before))
        if value is None and earlier is None:
            continue
        if break_between(marked.get((m, metric), ()), before, period) is not None:
            breaking += 1
        elif value is None or earlier is None:
            unpaired += 1
        else:
            now.append(value)
            then.append(earlier)
    if not breaking and not unpaired:
        return 0, 0, None, None
    return breaking, unpaired, group_median(now), group_median(then)


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _median_moved(
    indicator: Indicator,
    row: BenchmarkRow,
    previous: BenchmarkRow | None,
    breaks: Sequence[SeriesBreak] | None,
) -> str | None:
    """How the group median moved since ``previous``, when the core's travel would compare the
    two (both known, not a year-to-date total against another period, not across a change of
    definition); None when it would not. Like for like: the members whose series break
    between the two periods, and those with a value for one of them only, are left out of both
    medians (:attr:`BenchmarkRow.breaking`, :attr:`BenchmarkRow.unpaired`)."""
    if previous is None or row.breaking is None or row.unpaired is None:
        return None  # no row before, or the like-for-like medians were not worked out
    if row.breaking or row.unpaired:
        now, then = row.unbroken_median, row.unbroken_median_before
    else:
        now, then = row.median, previous.median
    if now is None or then is None:
        return None
    moved = travel(indicator, now, row.period, then, previous.period, breaks).direction
    if moved is Direction.NO_COMPARISON:
        return None
    if moved is Direction.NO_CHANGE:  # at the metric's decimals
        return "did not change"
    return "rose" if now > then else "fell"


def _without(breaking: int, unpaired: int) -> str:
    """Which members the median's move leaves out, when any: `` (without 1 area whose series
    breaks)``, `` (without 2 areas with a value for one period only)``, both joined by ``and``.

    >>> _without(0, 0), _without(2, 0), _without(0, 1)
    ('', ' (without 2 areas whose series break)', ' (without 1 area with a value for one period only)')
    >>> _without(1, 2)
    ' (without 1 area whose series breaks and 2 with a value for one period only)'
    """  # noqa: E501
    parts = []
    if breaking:
        parts.append(
            f"{breaking} area whose series breaks"
            if breaking == 1
            else f"{breaking} areas whose series break"
        )
    if unpaired:
        noun = "" if parts else (" area" if unpaired == 1 else " areas")
        parts.append(f"{unpaired}{noun} with a value for one period only")
    return f" (without {' and '.join(parts)})" if parts else ""


def describe(
    row: BenchmarkRow,
    indicator: Indicator,
    previous: BenchmarkRow | None = None,
    breaks: Sequence[SeriesBreak] | None = None,
) -> str:
    """One area's standing in words, for people: its rank (``joint`` when another area of the
    group shares it), quartile and direction of travel, and how the group's median moved since
    ``previous`` (the same area, group and metric in the previous period, whether or not
    the area had a value there; its line may be an empty one), when it is known and the two
    medians may be compared as values are (not for a year-to-date total, nor
    across a change of definition: ``breaks``, the metric's
    :func:`~councilpmf.core.travel.series_breaks` among all the metrics, its own and its
    inputs'; by default its own ``series_break`` alone). The move is like for like, the same
    members in both periods: members whose series break between the two
    (:attr:`BenchmarkRow.breaking`) or with a value for one of them only
    (:attr:`BenchmarkRow.unpaired`) are left out of both medians, and the words say how many;
    when every member with a value is, or when they were not worked out (None), it is not
    said.

    >>> from councilpmf.core.indicators import Indicator
    >>> from councilpmf.core.periods import parse_period
    >>> kpi = Indicator(id="R", title="Recycling rate")
    >>> row = BenchmarkRow(area_code="E07000174", area_name="Mansfield", group="nearest neighbours",
    ...     metric="R", period=parse_period("2024/25 Q3"), value=48.0, rank=2, of=16, quartile=1,
    ...     median=41.0, short_term=Direction.IMPROVING, long_term=Direction.WORSENING)
    >>> describe(row, kpi, attrs.evolve(row, period=parse_period("2024/25 Q2"), median=42.5))
    '2nd of 16 in nearest neighbours; top quartile; improving while the group median fell'
    >>> describe(attrs.evolve(row, rank=1, tied=1), kpi)
    'joint 1st of 16 in nearest neighbours; top quartile; improving'
    >>> describe(attrs.evolve(row, value=None, rank=None, quartile=None), kpi)
    'no value for 2024/25 Q3; the median of 16 in nearest neighbours is 41.0'
    >>> describe(attrs.evolve(row, short_term=Direction.NO_COMPARISON), kpi,
    ...     attrs.evolve(row, period=parse_period("2024/25 Q2"), value=None, median=42.5))
    '2nd of 16 in nearest neighbours; top quartile; no comparison with the previous period; the group median fell'
    >>> describe(attrs.evolve(row, value=None, rank=None, quartile=None, of=0, median=None), kpi)
    'no value for 2024/25 Q3; no area in nearest neighbours has one'
    >>> describe(attrs.evolve(row, value=None, rank=None, quartile=None, marker="[c]"), kpi)
    'no value for 2024/25 Q3 (suppressed); the median of 16 in nearest neighbours is 41.0'
    >>> describe(attrs.evolve(row, breaking=1, unbroken_median=43.0, unbroken_median_before=42.5),
    ...     kpi, attrs.evolve(row, period=parse_period("2024/25 Q2"), median=42.5))
    '2nd of 16 in nearest neighbours; top quartile; improving while the group median rose (without 1 area whose series breaks)'
    >>> describe(attrs.evolve(row, breaking=None, unpaired=None), kpi,
    ...     attrs.evolve(row, period=parse_period("2024/25 Q2"), median=42.5))
    '2nd of 16 in nearest neighbours; top quartile; improving'
    """  # noqa: E501
    median_text = indicator.format_value(row.median)
    # why there is no value, when the file said (an empty cell or no line says nothing)
    why = f" ({missing_reason(row.marker)})" if row.value is None and row.marker else ""
    if row.value is None and not row.of:
        return f"no value for {row.period}{why}; no area in {row.group} has one"
    moved = _median_moved(indicator, row, previous, breaks)
    # the counts are known wherever the move is
    left_out = _without(row.breaking or 0, row.unpaired or 0)
    group = [] if moved is None else [f"the group median {moved}{left_out}"]
    if row.value is None:
        # the group's median moving is news whether or not the area has a value
        own = (
            f"no value for {row.period}{why}; the median of {row.of} in {row.group} is "
            f"{median_text}"
        )
        return "; ".join([own, *group])
    parts = []
    if row.rank is None:
        parts.append(
            f"not ranked ({indicator.title} has no better direction); the median of {row.of} "
            f"in {row.group} is {median_text}"
        )
    else:
        joint = "joint " if row.tied else ""
        parts.append(f"{joint}{ordinal(row.rank)} of {row.of} in {row.group}")
    if row.quartile is not None:
        parts.append(QUARTILE_WORDS[row.quartile - 1])
    if row.short_term is Direction.NO_COMPARISON:
        return "; ".join([*parts, "no comparison with the previous period", *group])
    trend = row.short_term.value
    return "; ".join([*parts, f"{trend} while {group[0]}" if group else trend])
