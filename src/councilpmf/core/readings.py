"""Readings indexed by indicator and period: built once, shared by every assessment and check.

>>> from councilpmf.core.indicators import Reading
>>> from councilpmf.core.periods import parse_period
>>> q1 = parse_period("2024/25 Q1")
>>> readings = Readings.of([Reading(indicator="A", period=q1, value=3.0)])
>>> readings.value("A", q1), readings.get("A", q1.next()), len(readings)
(3.0, None, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from councilpmf.core.columns import readings_from_columns
from councilpmf.core.indicators import ComparatorGroup, Reading, ReadingStatus
from councilpmf.core.periods import Frequency, Month, Period, fits

__all__ = ["Readings", "unusable_readings"]

_T = TypeVar("_T")


@attrs.frozen
class Readings:
    """Readings indexed by indicator and period, built once and shared by many assessments.

    When two readings share an indicator and period, a final one beats a provisional one and
    otherwise the later one wins; ``duplicates`` keeps the keys that were repeated and
    ``repeats`` how many readings each of them had. ``earliest`` is each indicator's first
    period, and ``mixed`` names the indicators with readings for more than one kind of period
    (months and quarters, say, or quarters of years that start in different months), so that a
    check can tell without reading every reading again.
    An index with calculated indicators' values
    (:func:`~councilpmf.core.calculated.with_calculated`) says in ``derived`` how each was
    worked out, and keeps in ``ignored`` the readings given for them, which are not used.

    >>> from councilpmf.core.indicators import Reading
    >>> from councilpmf.core.periods import parse_period
    >>> q1 = parse_period("2024/25 Q1")
    >>> r = Readings.of([Reading(indicator="A", period=q1, value=3.0, status=ReadingStatus.FINAL),
    ...                  Reading(indicator="A", period=q1, value=4.0,
    ...                          status=ReadingStatus.PROVISIONAL)])
    >>> r.value("A", q1), r.duplicates, r.repeats[("A", q1)]
    (3.0, (('A', Quarter(year=2024, number=1, start_month=4)),), 2)
    """

    index: Mapping[tuple[str, Period], Reading]
    duplicates: tuple[tuple[str, Period], ...] = ()
    comparators: Mapping[tuple[str, Period], Mapping[str, tuple[float, ...]]] = attrs.field(
        factory=dict
    )
    earliest: Mapping[str, Period] = attrs.field(factory=dict)
    repeats: Mapping[tuple[str, Period], int] = attrs.field(factory=dict)
    mixed: frozenset[str] = frozenset()
    derived: Mapping[tuple[str, Period], str] = attrs.field(factory=dict)
    ignored: tuple[Reading, ...] = ()
    _kept: dict[Hashable, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    @classmethod
    def of(
        cls, readings: Iterable[Reading], comparators: Iterable[ComparatorGroup] = ()
    ) -> Readings:
        """Index readings (and comparator groups) for assessment."""
        index: dict[tuple[str, Period], Reading] = {}
        repeats: dict[tuple[str, Period], int] = {}
        earliest: dict[str, tuple[int, Period]] = {}
        mixed: set[str] = set()
        for reading in readings:
            key = reading.key
            held = index.get(key)
            if held is not None:
                repeats[key] = repeats.get(key, 1) + 1
                if held.status is ReadingStatus.FINAL and reading.status is not ReadingStatus.FINAL:
                    continue
            index[key] = reading
            period = reading.period
            first_month = period.month_span()[0]
            first = earliest.get(reading.indicator)
            if first is None or first_month < first[0]:
                earliest[reading.indicator] = (first_month, period)
            if first is not None and (
                type(first[1]) is not type(period)
                or (type(period) is not Month and first[1].year_start != period.year_start)
            ):
                mixed.add(reading.indicator)
        groups: dict[tuple[str, Period], dict[str, tuple[float, ...]]] = {}
        for group in comparators:
            held_values = groups.setdefault((group.indicator, group.period), {})
            held_values[group.group] = held_values.get(group.group, ()) + group.values
        return cls(
            index,
            tuple(repeats),
            groups,
            {indicator: period for indicator, (_, period) in earliest.items()},
            repeats,
            frozenset(mixed),
        )

    @classmethod
    def from_frame(
        cls,
        frame: object,
        *,
        start_month: int = 4,
        comparators: Iterable[ComparatorGroup] = (),
    ) -> Readings:
        """Readings from a pandas, polars or pyarrow frame (or a mapping of column names to
        lists) with the columns ``indicator``, ``period`` and ``value``, and optionally
        ``missing_reason``, ``status``, ``note``, ``published_status`` and ``approval``
        (``draft``, ``submitted`` or ``approved``; approved when the column is absent or a
        cell empty, as a reading recorded without saying is).

        Periods are read as councils write them (``2024/25 Q3``, ``Q3 2024-25``, ``Dec 2024``),
        with years starting in ``start_month``; an empty value or NaN is a missing reading (give
        its ``missing_reason``); numbers of any numeric type are taken, numpy's included. A row
        that cannot be a reading raises a one-line
        :class:`~councilpmf.core.errors.InputError` naming the row (counting from 0) and
        the column. The ``start`` and ``end`` columns of a frame made by :meth:`to_pandas` or
        :meth:`to_polars` are read past, so a frame of readings reads back as the readings,
        as does a store's ``readings_frame()``.

        >>> from councilpmf.core.periods import parse_period
        >>> readings = Readings.from_frame({"indicator": ["FT"], "period": ["Q3 2024/25"],
        ...                                 "value": [84.0]})
        >>> readings.value("FT", parse_period("2024/25 Q3"))
        84.0
        >>> Readings.from_frame({"indicator": ["FT"], "period": ["2024/25 Q3"], "value": ["84"]})
        Traceback (most recent call last):
        ...
        councilpmf.core.errors.InputTypeError: readings frame: row 0: value must be a number, not '84'
        """  # noqa: E501
        return cls.of(readings_from_columns(frame, start_month), comparators)

    if TYPE_CHECKING:
        # Attached by councilpmf.notebook (outside the pure core) when first used; pandas and
        # polars are optional: councilpmf[pandas], councilpmf[frames].
        def to_pandas(self) -> Any:
            """The readings as a pandas DataFrame, one row per reading."""

        def to_polars(self) -> Any:
            """The readings as a polars DataFrame, one row per reading."""

    def get(self, indicator: str, period: Period) -> Reading | None:
        """The reading for an indicator and period, or None."""
        return self.index.get((indicator, period))

    def comparator_values(
        self, indicator: str, period: Period, group: str | None
    ) -> tuple[float, ...]:
        """The comparator group's values for an indicator and period: the named group, or the
        only group there is when none is named or the name is not found."""
        groups = self.comparators.get((indicator, period), {})
        if group is not None and group in groups:
            return groups[group]
        return next(iter(groups.values())) if len(groups) == 1 else ()

    def value(self, indicator: str, period: Period) -> float | None:
        """The value for an indicator and period; None when missing or not recorded."""
        reading = self.index.get((indicator, period))
        return None if reading is None else reading.value

    def kept(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """What ``make()`` returns, made the first time ``key`` is asked for and kept with this
        index for every later assessment that shares it.

        For values worked out from these readings alone (which never change), such as each
        indicator's runs of missed periods; ``key`` must name everything else they depend on.

        >>> readings = Readings.of([])
        >>> made = readings.kept("runs", dict)
        >>> readings.kept("runs", dict) is made
        True
        """
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = make()
        return cast(_T, found)

    def __len__(self) -> int:
        return len(self.index)


def unusable_readings(
    index: Readings, frequencies: Mapping[str, Frequency], start_month: int
) -> tuple[Reading, ...]:
    """The readings of ``index`` that no assessment can use: those whose indicator is not in
    ``frequencies`` (each indicator's frequency), and those whose period does not
    :func:`~councilpmf.core.periods.fits` their indicator's frequency in years that start in
    ``start_month``.

    Only an indicator whose first reading does not fit, or that has readings of more than one
    kind of period, can have one: the readings are looked through only when there is such an
    indicator.

    >>> from councilpmf.core.periods import parse_period
    >>> q = Reading(indicator="K", period=parse_period("2024/25 Q1"), value=1.0)
    >>> m = Reading(indicator="K", period=parse_period("Apr 2024"), value=1.0)
    >>> [str(r.period) for r in unusable_readings(Readings.of([q, m]), {"K": Frequency.QUARTERLY}, 4)]
    ['Apr 2024']
    """  # noqa: E501
    if not index.mixed and all(
        (frequency := frequencies.get(indicator)) is not None
        and fits(first, frequency, start_month)
        for indicator, first in index.earliest.items()
    ):
        return ()
    return tuple(
        reading
        for reading in index.index.values()
        if (frequency := frequencies.get(reading.indicator)) is None
        or not fits(reading.period, frequency, start_month)
    )
