"""Calculated indicators: their values worked out for every period before anything is rated.

An indicator with ``numerator`` and ``denominator``, or a ``formula``, takes no values of its
own: :func:`with_calculated` adds its value for each period its inputs have readings in, as a
reading, so that rating, travel, exceptions and reports treat it as any other indicator. A
reading given for it lends the worked-out reading its note (the commentary) and the status the
council published; its value is not used, and is reported only where it differs from the
worked-out one as the indicator shows it.

Each input is read over the calculated indicator's period by the input's own
:class:`~councilpmf.core.indicators.Aggregation` (a quarterly rate from monthly counts sums the
months). A calculated indicator declared ``ratio of sums`` or ``year to date`` sums its inputs
over its period, or from the start of the year (a cumulative input, a running total, by what it
grew). A period whose inputs are missing, or whose denominator is 0, gets no value and the
reason why, never an error.

>>> from councilpmf.core.indicators import Indicator, Reading, Unit
>>> from councilpmf.core.periods import parse_period
>>> from councilpmf.core.plan import StrategicPlan
>>> q3 = parse_period("2024/25 Q3")
>>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"), indicators=(
...     Indicator(id="NI1", title="Completed in time", unit=Unit.COUNT, decimals=0),
...     Indicator(id="NI2", title="Received", unit=Unit.COUNT, decimals=0),
...     Indicator(id="PC", title="Completed in time", unit=Unit.PERCENTAGE,
...               numerator="NI1", denominator="NI2"),))
>>> index = with_calculated(fw, Readings.of([Reading(indicator="NI1", period=q3, value=360),
...                                          Reading(indicator="NI2", period=q3, value=500)]))
>>> index.value("PC", q3), index.derived[("PC", q3)]
(72.0, '72.0% = 360 of 500 (NI1 / NI2)')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import NamedTuple, TypeVar

from councilpmf.core.approval import (
    AWAITING_APPROVAL,
    awaiting_input,
    awaits_approval,
    least_approved,
)
from councilpmf.core.findings import Finding, Severity, reading_path
from councilpmf.core.formula import TOO_LARGE, numbers_written
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    LARGEST_VALUE,
    Aggregation,
    Approval,
    Indicator,
    Reading,
    ReadingStatus,
    Unit,
)
from councilpmf.core.periods import (
    MONTHS,
    Frequency,
    Period,
    containing,
    fits,
    month_start,
    year_of,
)
from councilpmf.core.readings import Readings

__all__ = [
    "calculation_findings",
    "ignored_findings",
    "readings_used",
    "value_path",
    "with_calculated",
]

_SUMMED = (Aggregation.RATIO_OF_SUMS, Aggregation.YEAR_TO_DATE)
_LATEST = (Aggregation.SNAPSHOT, Aggregation.CUMULATIVE, Aggregation.YEAR_TO_DATE)
_RATES = (Unit.PERCENTAGE, Unit.RATE, Unit.RATIO)
_NO_VALUE = "no value for "


class _Value(NamedTuple):
    """An input's (or a result's) value over a span of months, or why there is none; whether
    any figure it comes from is provisional, and how far the least approved of them is."""

    value: float | None
    reason: str
    provisional: bool
    approval: Approval = Approval.APPROVED


def _from(values: Collection[_Value], value: float | None, reason: str = "") -> _Value:
    """A value (or why there is none) worked out from ``values``: provisional when any of them
    is, and as approved as the least approved of them."""
    return _Value(
        value,
        reason,
        any(v.provisional for v in values),
        least_approved([v.approval for v in values]),
    )


_K = TypeVar("_K")


def _first_missing(values: Iterable[tuple[_K, _Value]]) -> tuple[_K, _Value] | None:
    """The first of ``values`` that has no value, or None when all have one. A value missing
    for good comes before one awaiting approval, since approving a figure would not give the
    calculation a value while another of its inputs has none."""
    waiting = None
    for key, value in values:
        if value.value is None:
            if not awaits_approval(value.reason):
                return key, value
            if waiting is None:
                waiting = (key, value)
    return waiting


def _month(index: int) -> Period:
    return containing(month_start(index), Frequency.MONTHLY)


def _span_words(first: int, months: int) -> str:
    start, end = _month(first), _month(first + months - 1)
    return str(start) if months == 1 else f"{start} to {end}"


_Key = tuple[str, Period] | tuple[str, int, int]
"""What a calculated value is kept by: an indicator's id and one of its periods, or (a ratio of
sums over a longer span) its id, the span's first month and its number of months."""


class _Job(NamedTuple):
    """A calculated value to work out: what it is kept by, whose it is, and how."""

    key: _Key
    indicator: str
    work: Callable[[], _Value]


class _Needed(Exception):
    """Raised within a calculation for a calculated input's value not worked out yet."""

    def __init__(self, job: _Job) -> None:
        super().__init__(job.key)
        self.job = job


class _Calculator:
    """Works out calculated indicators' values from one readings index, each once."""

    def __init__(self, framework: Framework, readings: Readings) -> None:
        self.framework, self.readings = framework, readings
        self.start = framework.year_start_month
        self.known: dict[_Key, _Value] = {}
        self.derived = _Explanations(framework)
        self.active: set[str] = set()
        self.periods: dict[tuple[Frequency, int], Period] = {}
        self.ambiguous = {
            indicator.id: f"the formula is ambiguous: {_ambiguity(numbers[0])}"
            for indicator, numbers in _ids_written_bare(framework)
        }

    def period_at(self, frequency: Frequency, month: int) -> Period:
        """The period of ``frequency`` that contains month ``month`` (a month index), made once
        for each: every value worked out asks for its inputs' periods."""
        key = (frequency, month)
        found = self.periods.get(key)
        if found is None:
            found = self.periods[key] = containing(month_start(month), frequency, self.start)
        return found

    def over(self, indicator_id: str, first: int, months: int, summed: bool) -> _Value:
        """The indicator's value over ``months`` months from month ``first``: its own periods
        there added up by its aggregation (summed when ``summed``)."""
        if not self.framework.has_indicator(indicator_id):
            return _Value(None, f"{indicator_id} is not one of the indicators", False)
        indicator = self.framework.indicator(indicator_id)
        length = MONTHS[indicator.frequency]
        period = self.period_at(indicator.frequency, first)
        if period.month_span()[0] != first or months % length:
            return _Value(
                None,
                f"{indicator_id} is {indicator.frequency.value}, which does not add up to "
                f"{_span_words(first, months)}",
                False,
            )
        count = months // length
        if summed and indicator.aggregation is Aggregation.CUMULATIVE:
            return self.grown(indicator, period, count)
        if count == 1:
            return self.own(indicator, period)
        if indicator.calculated and indicator.aggregation is Aggregation.RATIO_OF_SUMS:
            found = self.known.get((indicator_id, first, months))
            if found is not None:
                return found
            return self.calculated(
                _Job(
                    (indicator_id, first, months),
                    indicator_id,
                    lambda: self.evaluate(indicator, first, months, summed=True)[0],
                )
            )
        if not summed and indicator.aggregation in _LATEST:
            return self.own(indicator, period.shift(count - 1))
        values = [self.own(indicator, period.shift(k)) for k in range(count)]
        missing = _first_missing(enumerate(values))
        if missing is not None:
            return missing[1]
        try:
            total = math.fsum(v.value for v in values if v.value is not None)
        except OverflowError:  # finite values whose sum is not
            return _Value(
                None,
                f"the sum of {indicator_id} over {_span_words(first, months)} is too large",
                False,
            )
        if not summed and indicator.aggregation is Aggregation.AVERAGE:
            total /= count
        return _from(values, total)

    def grown(self, indicator: Indicator, period: Period, count: int) -> _Value:
        """What a running total from the year start (a cumulative indicator) added over
        ``count`` of its periods from ``period``: its latest value there, less its value just
        before them unless they start the council's year. Its values added up would count each
        month again in every later one."""
        latest = self.own(indicator, period.shift(count - 1))
        first = period.month_span()[0]
        if latest.value is None or first % 12 + 1 == self.start:
            return latest
        before = self.own(indicator, period.shift(-1))
        if before.value is None:
            return before
        return _from((latest, before), latest.value - before.value)

    def own(self, indicator: Indicator, period: Period) -> _Value:
        """The indicator's value for one of its own periods."""
        if not indicator.calculated:
            reading = self.readings.get(indicator.id, period)
            if reading is None:
                return _Value(None, f"{_NO_VALUE}{indicator.id} in {period}", False)
            value = reading.value
            return _Value(
                value,
                # Why there is no value, written only when there is none: inputs are read often.
                "" if value is not None else _why_missing(reading),
                reading.status is ReadingStatus.PROVISIONAL,
                # A figure a report of approved figures leaves out lends only its reason.
                Approval.APPROVED
                if reading.missing_reason == AWAITING_APPROVAL
                else reading.approval,
            )
        found = self.known.get((indicator.id, period))
        if found is not None:
            return found
        return self.calculated(
            _Job((indicator.id, period), indicator.id, lambda: self.work_out(indicator, period))
        )

    def calculated(self, job: _Job) -> _Value:
        """A calculated value not known yet, worked out and kept.

        A calculation whose input is a calculated value not known yet stops (:class:`_Needed`),
        that input is worked out, and the calculation starts again: a chain of calculated
        indicators, however long and in whatever order they are listed, is followed in this
        loop, never by recursion."""
        if job.indicator in self.active:
            return _Value(None, f"the calculation of {job.indicator} uses its own value", False)
        if self.active:
            raise _Needed(job)  # worked out first, by the loop below
        waiting = [job]
        try:
            while waiting:
                working = waiting[-1]
                self.active.add(working.indicator)
                try:
                    found = working.work()
                except _Needed as needed:
                    waiting.append(needed.job)
                else:
                    self.known[working.key] = found
                    waiting.pop()
                    self.active.discard(working.indicator)
        finally:
            self.active.clear()
        return found

    def work_out(self, indicator: Indicator, period: Period) -> _Value:
        """A calculated indicator's value for one of its own periods."""
        first, months = period.month_span()
        suffix = ""
        if indicator.aggregation is Aggregation.YEAR_TO_DATE:
            year_first = year_of(period, self.start).month_span()[0]
            months, first = first + months - year_first, year_first
            suffix = f", year to date from {_month(first)}"
        elif any(
            MONTHS[self.framework.indicator(ref).frequency] < months
            for ref in indicator.inputs
            if self.framework.has_indicator(ref)
        ):
            suffix = f", {_span_words(first, months)}"
        found, inputs = self.evaluate(indicator, first, months, indicator.aggregation in _SUMMED)
        if found.value is not None:
            working = _Working(indicator, found.value, inputs, suffix)
            self.derived.add((indicator.id, period), working)
        return found

    def why_not(self, ref: str, reason: str) -> str:
        """Why a calculation has no value, given why its input ``ref`` has none: a calculated
        input that could not be worked out is named, since its reason (a division by zero, a
        result too large) says nothing of whose it is; a missing value, or one awaiting
        approval, already says whose."""
        if (
            reason.startswith(_NO_VALUE)
            or awaits_approval(reason)
            or not (self.framework.has_indicator(ref) and self.framework.indicator(ref).calculated)
        ):
            return reason
        return f"{_NO_VALUE}{ref}: {reason}"

    def evaluate(
        self, indicator: Indicator, first: int, months: int, summed: bool
    ) -> tuple[_Value, dict[str, _Value]]:
        """The indicator's calculation over a span of months, and the inputs' values it was
        worked out from."""
        calculation = indicator.calculation
        assert calculation is not None
        ambiguous = self.ambiguous.get(indicator.id)
        if ambiguous is not None:
            return _Value(None, ambiguous, False), {}
        inputs = {ref: self.over(ref, first, months, summed) for ref in calculation.references}
        missing = _first_missing(inputs.items())
        if missing is not None:
            ref, value = missing
            return _from(inputs.values(), None, self.why_not(ref, value.reason)), inputs
        result = calculation.evaluate({ref: value.value for ref, value in inputs.items()})
        worked_out, reason = result.value, result.reason
        if worked_out is not None and abs(worked_out) > LARGEST_VALUE:
            # A reading refuses such a value, so a calculation has none, as for an overflow.
            worked_out, reason = None, TOO_LARGE
        if worked_out is None:
            why = f"{reason} in {_span_words(first, months)}"
            return _Value(
                None, why, False, least_approved(v.approval for v in inputs.values())
            ), inputs
        return _from(inputs.values(), worked_out), inputs


def _why_missing(reading: Reading) -> str:
    """Why an input's reading gives a calculation no value: its missing reason, or that it
    awaits approval (in a report of approved figures), naming the input either way."""
    if reading.missing_reason == AWAITING_APPROVAL:
        return awaiting_input(reading.indicator, reading.period)
    return f"{_NO_VALUE}{reading.indicator} in {reading.period}: {reading.missing_reason}"


def _words(framework: Framework, working: _Working) -> str:
    """How a value was worked out from its inputs, in words."""
    indicator, value, inputs, suffix = working

    def shown(ref: str) -> str:
        return framework.indicator(ref).format_value(inputs[ref].value)

    if indicator.numerator is not None and indicator.denominator is not None:
        num, den = indicator.numerator, indicator.denominator
        text = f"{indicator.format_value(value)} = {shown(num)} of {shown(den)} ({num} / {den})"
    else:
        with_values = ", ".join(f"{ref} {shown(ref)}" for ref in inputs)
        text = f"{indicator.format_value(value)} = {indicator.calculation} with {with_values}"
    return text + suffix


class _Working(NamedTuple):
    """What a calculated value's words are written from: the indicator, the value, its inputs'
    values and what is said of the span (``, year to date from Apr 2024``)."""

    indicator: Indicator
    value: float
    inputs: Mapping[str, _Value]
    suffix: str


class _Explanations(Mapping[tuple[str, Period], str]):
    """How each calculated value was worked out (``Readings.derived``), written in words only
    when asked for: a value is worked out for every period, a scorecard shows one."""

    __slots__ = ("_framework", "_texts", "_workings")

    def __init__(self, framework: Framework) -> None:
        self._framework = framework
        self._workings: dict[tuple[str, Period], _Working] = {}
        self._texts: dict[tuple[str, Period], str] = {}

    def add(self, key: tuple[str, Period], working: _Working) -> None:
        """Keep what the words for ``key`` are written from."""
        self._workings[key] = working

    def __getitem__(self, key: tuple[str, Period]) -> str:
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = _words(self._framework, self._workings[key])
        return text

    def __iter__(self) -> Iterator[tuple[str, Period]]:
        return iter(self._workings)

    def __len__(self) -> int:
        return len(self._workings)


def readings_used(framework: Framework) -> frozenset[str]:
    """The ids of the indicators whose readings :func:`with_calculated` looks at: the
    calculated indicators (a reading given for one lends the value worked out its note and
    published status) and the indicators with readings they are worked out from. Other
    indicators' readings are passed through untouched.

    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"), indicators=(
    ...     *(Indicator(id=i, title=i) for i in ("N", "D", "X")),
    ...     Indicator(id="PC", title="Done in time", numerator="N", denominator="D"),
    ...     Indicator(id="TWICE", title="Twice that", formula="2 * PC")))
    >>> sorted(readings_used(fw))
    ['D', 'N', 'PC', 'TWICE']
    """
    return _used(_leaves_of(framework))


def _leaves_of(framework: Framework) -> dict[str, set[str]]:
    """Each calculated indicator's id and the ids of the indicators with readings it is worked
    out from, through however many calculated ones: its own inputs with readings, and those of
    its calculated inputs, found for each group that reads itself (:func:`_components`, inputs
    first) once, so a long chain costs its length."""
    leaves: dict[str, set[str]] = {}
    for component in _components(framework):
        found: set[str] = set()
        for member in component:
            for ref in framework.indicator(member).inputs:
                if not framework.has_indicator(ref):
                    continue
                if not framework.indicator(ref).calculated:
                    found.add(ref)
                elif ref in leaves:  # else one of this component, whose inputs are all here
                    found |= leaves[ref]
        for member in component:
            leaves[member] = found
    return leaves


def _used(leaves: Mapping[str, set[str]]) -> frozenset[str]:
    """The calculated indicators of ``leaves`` (:func:`_leaves_of`) and all their leaves."""
    return frozenset(leaves).union(*leaves.values())


def _inputs_first(framework: Framework) -> list[Indicator]:
    """The calculated indicators, each after the calculated indicators it is worked out from
    (a loop is cut anywhere), so that an input's values are known before they are asked for.

    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"), indicators=(
    ...     Indicator(id="GAP", title="Gap", formula="100 - PC"), Indicator(id="N", title="N"),
    ...     Indicator(id="PC", title="Rate", numerator="N", denominator="N")))
    >>> [i.id for i in _inputs_first(fw)]
    ['PC', 'GAP']
    """
    order: list[Indicator] = []
    seen: set[str] = set()
    for top in framework.calculated:
        if top.id in seen:
            continue
        seen.add(top.id)
        waiting = [(top, iter(top.inputs))]
        while waiting:
            indicator, inputs = waiting[-1]
            for ref in inputs:
                if ref not in seen and framework.has_indicator(ref):
                    other = framework.indicator(ref)
                    if other.calculated:
                        seen.add(ref)
                        waiting.append((other, iter(other.inputs)))
                        break
            else:
                waiting.pop()
                order.append(indicator)
    return order


def _calculate(framework: Framework, readings: Readings) -> Readings:
    calculated = framework.calculated
    ids = {i.id for i in calculated}
    leaves = _leaves_of(framework)
    needed = _used(leaves)  # no other indicator's readings are looked at
    frequencies = {i.id: i.frequency for i in framework.indicators}
    start_month = framework.year_start_month
    periods_of: dict[str, set[Period]] = {}
    given: dict[tuple[str, Period], Reading] = {}
    for key, reading in readings.index.items():
        indicator_id, period = key
        if indicator_id not in needed:
            continue
        if indicator_id in ids:
            given[key] = reading
        # A reading of another kind of period than its indicator's, or of years that start in
        # another month, is never its value (assess reports it).
        if fits(period, frequencies[indicator_id], start_month):
            periods_of.setdefault(indicator_id, set()).add(period)
    calculator = _Calculator(framework, readings)
    index = dict(readings.index)
    for key in given:
        del index[key]
    earliest = {i: p for i, p in readings.earliest.items() if i not in ids}
    for indicator in _inputs_first(framework):
        frequency = indicator.frequency
        wanted = {
            calculator.period_at(frequency, first + months - 1)
            for leaf in leaves[indicator.id]
            for first, months in map(Period.month_span, periods_of.get(leaf, ()))
        }
        # A period the council wrote commentary or a published status for is kept, with the
        # reason it has no value when its inputs have none.
        wanted.update(
            period
            for period in periods_of.get(indicator.id, ())
            if (mine := given[(indicator.id, period)]).note or mine.published_status
        )
        for period in sorted(wanted, key=Period.month_span):  # all of one frequency
            found = calculator.own(indicator, period)
            words = given.get((indicator.id, period))
            index[(indicator.id, period)] = Reading(
                indicator=indicator.id,
                period=period,
                value=found.value,
                missing_reason=None if found.value is not None else found.reason,
                status=ReadingStatus.PROVISIONAL if found.provisional else ReadingStatus.FINAL,
                approval=found.approval,
                note="" if words is None else words.note,
                published_status="" if words is None else words.published_status,
            )
        if wanted:
            earliest[indicator.id] = min(wanted)
    return Readings(
        index,
        duplicates=tuple(key for key in readings.duplicates if key[0] not in ids),
        comparators=readings.comparators,
        earliest=earliest,
        repeats={key: n for key, n in readings.repeats.items() if key[0] not in ids},
        mixed=readings.mixed - ids,
        derived=calculator.derived,
        ignored=tuple(
            reading
            for key, reading in given.items()
            if _value_unused(framework.indicator(key[0]), reading, index.get(key))
        ),
    )


def _value_unused(indicator: Indicator, given: Reading, worked_out: Reading | None) -> bool:
    """Whether a value given for a calculated indicator differs from the one worked out (as
    the indicator shows it, or because none was): then it is not used, and a finding says so.
    A reading with no value (a missing reason alone) gives nothing that is not used."""
    if given.value is None:
        return False
    if worked_out is None or worked_out.value is None:
        return True
    return indicator.format_value(given.value) != indicator.format_value(worked_out.value)


def with_calculated(framework: Framework, readings: Readings) -> Readings:
    """``readings`` with each calculated indicator's value for every period its inputs have a
    reading in (and ``derived`` saying how each was worked out); the readings given for a
    calculated indicator are left out, and kept in ``ignored``.

    Worked out once for each framework and kept with the index, so it costs nothing to ask
    again; asked of the index it returns, it returns that index.
    """
    if not framework.calculated:
        return readings
    key = ("calculated", id(framework))
    held: tuple[Framework, Readings] = readings.kept(
        key, lambda: (framework, _calculate(framework, readings))
    )
    result = held[1]
    result.kept(key, lambda: (framework, result))
    return result


def ignored_findings(
    framework: Framework,
    worked_out: Readings,
    within: Period | None = None,
    indicators: Collection[str] | None = None,
) -> Iterator[Finding]:
    """A warning for each value given for a calculated indicator that is not used (of
    ``worked_out``, what :func:`with_calculated` returned): it differs from the value worked
    out from the indicator's inputs, or none could be. Only for periods ``within`` a period and
    of ``indicators``, when given.

    >>> from councilpmf.core.plan import StrategicPlan
    >>> counts = [Indicator(id=i, title=i, unit=Unit.COUNT, decimals=0) for i in "ND"]
    >>> pc = Indicator(id="PC", title="Done in time", unit=Unit.PERCENTAGE, numerator="N",
    ...     denominator="D")
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     indicators=(*counts, pc))
    >>> given = [Reading(indicator=i, period="2024/25 Q3", value=v, note=note)
    ...     for i, v, note in (("N", 3, ""), ("D", 4, ""), ("PC", 80.0, "Staff shortages"))]
    >>> index = with_calculated(fw, Readings.of(given))
    >>> kept = index.get("PC", given[2].period)
    >>> kept.value, kept.note
    (75.0, 'Staff shortages')
    >>> [f.message for f in ignored_findings(fw, index)]  # doctest: +NORMALIZE_WHITESPACE
    ['The value given for PC in 2024/25 Q3 (80.0%) is not used: PC is calculated from N, D,
      which give 75.0%. Its note and published status are kept; correct or remove the value.']
    """
    if within is not None:
        first, months = within.month_span()
    for reading in worked_out.ignored:
        if indicators is not None and reading.indicator not in indicators:
            continue
        indicator = framework.indicator(reading.indicator)
        if within is not None:
            r_first, r_months = reading.period.month_span()
            if not (first <= r_first and r_first + r_months <= first + months):
                continue
        worked = worked_out.get(reading.indicator, reading.period)
        gives = (
            f"which give {indicator.format_value(worked.value)}"
            if worked is not None and worked.value is not None
            else "which give no value there"
        )
        yield Finding(
            severity=Severity.WARNING,
            code="reading-of-calculated",
            path=reading_path(reading.indicator, reading.period),
            message=f"The value given for {indicator.id} in {reading.period} "
            f"({indicator.format_value(reading.value)}) is not used: {indicator.id} is "
            f"calculated from {', '.join(indicator.inputs)}, {gives}. Its note and published "
            "status are kept; correct or remove the value.",
        )


def _field(indicator: Indicator) -> str:
    return "formula" if indicator.formula is not None else "numerator"


def value_path(indicator: Indicator, period: Period, position: int) -> str:
    """Where a fault in the indicator's value for ``period`` is put right: its reading, or for
    a calculated indicator (at ``position`` among the indicators) the field its value is worked
    out by, since it has no reading to correct.

    >>> from councilpmf.core.periods import parse_period
    >>> q3 = parse_period("2024/25 Q3")
    >>> value_path(Indicator(id="N", title="Done"), q3, 0)
    '$.readings[indicator=N, period=2024/25 Q3]'
    >>> value_path(Indicator(id="PC", title="Rate", numerator="N", denominator="D"), q3, 2)
    '$.indicators[2].numerator'
    """
    if indicator.calculated:
        return f"$.indicators[{position}].{_field(indicator)}"
    return reading_path(indicator.id, period)


def _ids_written_bare(framework: Framework) -> Iterator[tuple[Indicator, list[str]]]:
    """Each indicator whose formula writes an indicator's id bare, where it is a number, and
    those numbers: the council may have meant the indicator (LG Inform's ids are numbers)."""
    # A number starts with a digit or a point: with no id that does, there is nothing to find.
    if not any(i.id[:1] in _NUMBER_START for i in framework.indicators):
        return
    for indicator in framework.calculated:
        if indicator.formula is not None:
            found = [n for n in numbers_written(indicator.formula) if framework.has_indicator(n)]
            if found:
                yield indicator, found


_NUMBER_START = frozenset("0123456789.")


def _ambiguity(number: str) -> str:
    """Why a number that is also an indicator's id is ambiguous, and how to write either.

    >>> _ambiguity("101")
    "101 is written bare, so it is the number 101, but 101 is also an indicator's id: write [101] for that indicator's value, or 101.0 for the number"
    """  # noqa: E501
    exponent = next((k for k, char in enumerate(number) if char in "eE"), len(number))
    digits = number[:exponent]
    other = digits + ("0" if "." in digits else ".0") + number[exponent:]
    return (
        f"{number} is written bare, so it is the number {number}, but {number} is also an "
        f"indicator's id: write [{number}] for that indicator's value, or {other} for the number"
    )


def _components(framework: Framework) -> list[list[str]]:
    """The calculated indicators in groups that all reach each other through their inputs
    (strongly connected components, Tarjan's), each group after every group it reads: a
    calculated indicator that does not come back to itself is a group of one.

    One depth-first search over every indicator and input, without recursion, so a chain of
    thousands of calculated indicators costs its length, not its square. Marking the path on
    the way is not enough to find loops: ``C`` reading ``B`` after the search has finished
    with the loop ``A``, ``B`` comes back to itself through that loop, which only the
    component shows.

    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"), indicators=(
    ...     Indicator(id="A", title="A", formula="B + C"),
    ...     Indicator(id="B", title="B", formula="A"), Indicator(id="C", title="C", formula="B"),
    ...     Indicator(id="D", title="D", formula="A"), Indicator(id="S", title="S", formula="S")))
    >>> _components(fw)
    [['A', 'B', 'C'], ['D'], ['S']]
    """
    graph = {indicator.id: indicator.inputs for indicator in framework.calculated}
    order: dict[str, int] = {}  # when the search first reached each indicator
    low: dict[str, int] = {}  # the earliest indicator still on the path it reaches
    path: list[str] = []
    on_path: set[str] = set()
    components: list[list[str]] = []
    for root in graph:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        path.append(root)
        on_path.add(root)
        waiting = [(root, iter(graph[root]))]
        while waiting:
            node, inputs = waiting[-1]
            for ref in inputs:
                if ref not in graph:
                    continue  # an input with readings of its own ends every loop
                if ref not in order:
                    order[ref] = low[ref] = len(order)
                    path.append(ref)
                    on_path.add(ref)
                    waiting.append((ref, iter(graph[ref])))
                    break
                if ref in on_path:
                    low[node] = min(low[node], order[ref])
            else:
                waiting.pop()
                if waiting:
                    parent = waiting[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == order[node]:  # node heads a component: take it off the path
                    start = len(path) - 1
                    while path[start] != node:
                        start -= 1
                    component = path[start:]
                    del path[start:]
                    on_path.difference_update(component)
                    components.append(sorted(component, key=order.__getitem__))
    return components


def _cycle_members(framework: Framework) -> set[str]:
    """The calculated indicators whose calculation comes back to themselves: those in a
    component (:func:`_components`) of more than one, or that read themselves."""
    return {
        member
        for component in _components(framework)
        if len(component) > 1 or component[0] in framework.indicator(component[0]).inputs
        for member in component
    }


def calculation_findings(framework: Framework) -> Iterator[Finding]:
    """Errors in calculated indicators: an input that is not an indicator, a calculation that
    uses itself, an input reported less often than the indicator, a ratio of sums with nothing
    to sum; and a note on each rate declared cumulative, whose targets are profiled and whose
    travel from the period before is lost, saying what to declare instead.

    >>> from councilpmf.core.indicators import Indicator
    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"), indicators=(
    ...     Indicator(id="C", title="C", formula="A + 1"),))
    >>> for finding in calculation_findings(fw):
    ...     print(finding.code, finding.path)
    unknown-input $.indicators[0].formula
    """
    cycles = _cycle_members(framework)
    bare = dict((indicator.id, numbers) for indicator, numbers in _ids_written_bare(framework))
    for position, indicator in enumerate(framework.indicators):
        path = f"$.indicators[{position}]"
        if indicator.aggregation is Aggregation.CUMULATIVE and indicator.unit in _RATES:
            yield Finding(
                severity=Severity.INFO,
                code="cumulative-rate",
                path=f"{path}.aggregation",
                message=f"{indicator.id} '{indicator.title}' is a {indicator.unit.value} "
                "declared cumulative, so its annual target is profiled across the year (a 50% "
                "target is 12.5% at the end of the first quarter) and it is compared only with "
                "the same period last year. That is right for a share of the whole year's total "
                "reached so far (council tax collected of the year's debit); for a rate of what "
                'has happened so far this year, declare aggregation "year to date": the '
                "annual target as it is, and travel from the period before.",
            )
        if indicator.aggregation is Aggregation.RATIO_OF_SUMS and indicator.numerator is None:
            yield Finding(
                severity=Severity.ERROR,
                code="ratio-of-sums-inputs",
                path=f"{path}.aggregation",
                message=f'{indicator.id} is declared "ratio of sums" but has no numerator and '
                "denominator to sum; give them, or declare another aggregation.",
            )
        if not indicator.calculated:
            continue
        fields = (
            [("numerator", indicator.numerator), ("denominator", indicator.denominator)]
            if indicator.formula is None
            else [("formula", ref) for ref in indicator.inputs]
        )
        for field, ref in fields:
            assert ref is not None
            if not framework.has_indicator(ref):
                yield Finding(
                    severity=Severity.ERROR,
                    code="unknown-input",
                    path=f"{path}.{field}",
                    message=f"{indicator.id} is calculated from '{ref}', which is not one of "
                    "the indicators; correct the id or add the indicator.",
                )
                continue
            other = framework.indicator(ref)
            if MONTHS[other.frequency] > MONTHS[indicator.frequency]:
                yield Finding(
                    severity=Severity.ERROR,
                    code="input-frequency",
                    path=f"{path}.{field}",
                    message=f"{indicator.id} is {indicator.frequency.value} but its input "
                    f"{ref} is {other.frequency.value}, so no {indicator.frequency.value} value "
                    "can be worked out; an input must be reported at least as often.",
                )
        for number in bare.get(indicator.id, ()):
            yield Finding(
                severity=Severity.ERROR,
                code="ambiguous-number",
                path=f"{path}.formula",
                message=f"The formula of {indicator.id} is ambiguous: {_ambiguity(number)}.",
            )
        if indicator.id in cycles:
            yield Finding(
                severity=Severity.ERROR,
                code="calculation-cycle",
                path=f"{path}.{_field(indicator)}",
                message=f"The calculation of {indicator.id} comes back to {indicator.id} "
                "through its inputs, so it can never be worked out; remove the loop.",
            )
