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
from typing import Any, TypeVar, cast

import attrs

from councilpmf.core.indicators import ComparatorGroup, Reading, ReadingStatus
from councilpmf.core.periods import Period

__all__ = ["Readings"]

_T = TypeVar("_T")


@attrs.frozen
class Readings:
    """Readings indexed by indicator and period, built once and shared by many assessments.

    When two readings share an indicator and period, a final one beats a provisional one and
    otherwise the later one wins; ``duplicates`` keeps the keys that were repeated and
    ``repeats`` how many readings each of them had. An index with calculated indicators' values
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
        for reading in readings:
            key = reading.key
            held = index.get(key)
            if held is not None:
                repeats[key] = repeats.get(key, 1) + 1
                if held.status is ReadingStatus.FINAL and reading.status is not ReadingStatus.FINAL:
                    continue
            index[key] = reading
            first_month = reading.period.month_span()[0]
            first = earliest.get(reading.indicator)
            if first is None or first_month < first[0]:
                earliest[reading.indicator] = (first_month, reading.period)
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
        )

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
