"""Assess a framework for a period: the :class:`Scorecard`.

``assess(framework, readings, period, as_of)`` rates every indicator for the period, works out
its direction of travel short and long term, the state of every action on ``as_of``, roll-ups per
theme and priority, and the exception list.

Each indicator is assessed for its own reporting period within the one asked for: a monthly
indicator in a quarterly report shows the quarter's last month; an annual indicator in a
quarterly report shows the latest year that had ended by the quarter's end.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from councilpmf.core._coerce import as_date, as_period
from councilpmf.core._summary import counted, named, summary
from councilpmf.core.actions import ActionState, assess_action
from councilpmf.core.calculated import ignored_findings, value_path, with_calculated
from councilpmf.core.findings import (
    Finding,
    Findings,
    duplicate_reading,
    impossible_value,
    late_data,
    reading_path,
    unknown_indicator,
    unusable_reading,
)
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    Approval,
    Indicator,
    Polarity,
    Reading,
    ReadingStatus,
    Target,
    Unit,
)
from councilpmf.core.periods import Frequency, Period, earlier_period, ended_by_month, first_period
from councilpmf.core.rag import Rating, Status, rate, rate_status, status_needs
from councilpmf.core.readings import Readings, unusable_readings
from councilpmf.core.rule import Rule
from councilpmf.core.travel import SeriesBreak, Travel, break_between, own_breaks, travel

__all__ = [
    "LOOKBACK",
    "ExceptionItem",
    "ExceptionReason",
    "IndicatorResult",
    "Readings",
    "RollUp",
    "Scorecard",
    "StatusCount",
    "assess",
    "ratings_at",
    "reporting_period",
]

LOOKBACK = 120
"""How far back assess looks for a run of missed periods: ten years of months."""


class ExceptionReason(enum.Enum):
    """Why an indicator is on the exception report."""

    RED = "red"
    AMBER = "amber"
    MISSED_IN_A_ROW = "missed two or more periods in a row"

    def words(self, missed: int) -> str:
        """The reason in words, with the number of periods missed in a row.

        >>> ExceptionReason.MISSED_IN_A_ROW.words(3)
        'missed three periods in a row'
        >>> ExceptionReason.RED.words(3)
        'red'
        """
        if self is not ExceptionReason.MISSED_IN_A_ROW or missed < 2:
            return self.value
        return f"missed {count_word(missed)} periods in a row"


_COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(number: int) -> str:
    """A count as councils write it in prose: words from two to ten, digits beyond.

    >>> count_word(2), count_word(10), count_word(11)
    ('two', 'ten', '11')
    """
    return _COUNT_WORDS[number - 2] if 2 <= number <= 10 else str(number)


# Looking a member up on its Enum class is slow in Python 3.11 (the metaclass defines
# __getattr__): code run for every indicator names the members it needs here instead.
_RED, _AMBER, _NOT_RATED = Status.RED, Status.AMBER, Status.NOT_RATED
_RED_REASON, _AMBER_REASON = ExceptionReason.RED, ExceptionReason.AMBER
_IN_A_ROW_REASON = ExceptionReason.MISSED_IN_A_ROW


@attrs.frozen(kw_only=True)
class StatusCount:
    """How many indicators had a status."""

    status: Status
    count: int


@attrs.frozen(kw_only=True)
class IndicatorResult:
    """One indicator's line on the scorecard.

    ``target`` is the value of the target that applies; when that target is a band (both
    ends given), ``target_low`` and ``target_high`` are its ends, else None. Both are profiled
    to the period, as the value is, for a year-to-date indicator.
    """

    indicator: str
    title: str
    unit: Unit
    polarity: Polarity
    period: Period
    value: float | None
    value_text: str
    target: float | None
    target_text: str
    rating: Rating
    short_term: Travel
    long_term: Travel
    reading_status: ReadingStatus | None
    note: str
    owner: str
    missed_in_a_row: int
    priorities: tuple[str, ...]
    missing_reason: str | None = None
    approval: Approval = Approval.APPROVED
    target_low: float | None = None
    target_high: float | None = None


@attrs.frozen(kw_only=True)
class ExceptionItem:
    """An indicator on the exception report, and why."""

    indicator: str
    reasons: tuple[ExceptionReason, ...]
    rating: Rating
    explanation: str


@attrs.frozen(kw_only=True)
class RollUp:
    """The ratings and actions under one theme or priority. ``actions`` are the refs of the
    delivery-plan, service-plan and peer-challenge actions that serve it, each once."""

    id: str
    name: str
    counts: tuple[StatusCount, ...]
    indicators: tuple[str, ...]
    actions: tuple[str, ...]
    actions_overdue: int
    actions_complete: int

    def count(self, status: Status) -> int:
        """How many indicators here have ``status``."""
        return next((c.count for c in self.counts if c.status is status), 0)


@attrs.frozen(kw_only=True)
class Scorecard:
    """The result of :func:`assess`: everything a performance report is made from."""

    organisation: str
    period: Period
    as_of: dt.date
    indicators: tuple[IndicatorResult, ...]
    actions: tuple[ActionState, ...]
    themes: tuple[RollUp, ...]
    priorities: tuple[RollUp, ...]
    exceptions: tuple[ExceptionItem, ...]
    findings: tuple[Finding, ...]

    if TYPE_CHECKING:
        # Attached, with _repr_html_ and _repr_markdown_, by councilpmf.notebook (outside the
        # pure core) when first used; pandas and polars are optional: councilpmf[pandas],
        # councilpmf[frames].
        def to_pandas(self) -> Any:
            """The scorecard as a pandas DataFrame, one row per indicator."""

        def to_polars(self) -> Any:
            """The scorecard as a polars DataFrame, one row per indicator."""

    def __repr__(self) -> str:
        """One line: council, period, ``as_of``, and how many indicators had each status.

        >>> from councilpmf.core.plan import StrategicPlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="York"))
        >>> assess(fw, [], "2024/25 Q3", as_of="2025-01-20")
        <Scorecard 'York' 2024/25 Q3, as of 2025-01-20: 0 indicators>
        """
        counts = ", ".join(f"{c.count} {c.status.value}" for c in self.counts() if c.count)
        return summary(
            "Scorecard",
            f"{named(self.organisation)} {self.period}, as of {self.as_of.isoformat()}",
            counted(len(self.indicators), "indicator") + (f" ({counts})" if counts else ""),
            counted(len(self.actions), "action") if self.actions else "",
            counted(len(self.findings), "finding") if self.findings else "",
        )

    def result(self, indicator_id: str) -> IndicatorResult:
        """The line for one indicator; KeyError if it was not assessed."""
        return self._by_indicator[indicator_id]

    @functools.cached_property
    def _by_indicator(self) -> dict[str, IndicatorResult]:
        found: dict[str, IndicatorResult] = {}
        for result in self.indicators:
            found.setdefault(result.indicator, result)  # the first line, if one repeats
        return found

    def counts(self) -> tuple[StatusCount, ...]:
        """How many indicators had each status, across the whole scorecard."""
        return _counts(r.rating.status for r in self.indicators)

    def exception_list(self, *, amber: bool = True) -> tuple[ExceptionItem, ...]:
        """Reds, then (when ``amber``) ambers, then indicators kept on the list for missing
        two or more periods in a row, each group in indicator order."""

        def rank(item: ExceptionItem) -> int:
            return {Status.RED: 0, Status.AMBER: 1}.get(item.rating.status, 2)

        keep = [
            item
            for item in self.exceptions
            if amber
            or item.rating.status is not Status.AMBER
            or ExceptionReason.MISSED_IN_A_ROW in item.reasons
        ]
        return tuple(sorted(keep, key=rank))


def _counts(statuses: Iterable[Status]) -> tuple[StatusCount, ...]:
    tally = dict.fromkeys(Status, 0)
    for status in statuses:
        tally[status] += 1
    return tuple(StatusCount(status=s, count=n) for s, n in tally.items())


def reporting_period(frequency: Frequency, period: Period, start_month: int = 4) -> Period:
    """The period of ``frequency`` an indicator reports for within ``period``: the latest one
    that has ended by the end of ``period`` or, in the first year periods can be written for
    before any has ended, the first one.

    >>> from councilpmf.core.periods import parse_period
    >>> str(reporting_period(Frequency.MONTHLY, parse_period("2024/25 Q3")))
    'Dec 2024'
    >>> str(reporting_period(Frequency.ANNUAL, parse_period("2024/25 Q3")))
    '2023/24'
    >>> str(reporting_period(Frequency.ANNUAL, parse_period("1000/01 Q3")))
    '1000/01'
    """
    first, months = period.month_span()
    opening = first_period(frequency, start_month)
    opening_first, opening_months = opening.month_span()
    if first + months < opening_first + opening_months:  # none has ended yet
        return opening
    return ended_by_month(first + months - 1, frequency, start_month)


class _Run(NamedTuple):
    """An indicator's run of missed periods as it stands at the end of one period: how many
    periods in it missed target, whether two of them came one after the other, whether the last
    one missed, and how many periods it spans (no-data periods extend a run without adding to
    it)."""

    missed: int
    in_a_row: bool
    last_missed: bool
    length: int


_NO_RUN = _Run(0, False, False, 0)


def _ends_run(status: Status) -> bool:
    """A period on target ends a run; so does one that is not rated (no target, data only)."""
    return status.on_target or status is _NOT_RATED


def _carry(before: _Run, status: Status) -> _Run:
    """The run at the end of a period with ``status``, carried forward from the one before."""
    if _ends_run(status):
        return _NO_RUN
    missed = status.missed
    return _Run(
        before.missed + missed,
        before.in_a_row or (before.last_missed and missed),
        missed,
        before.length + 1,
    )


class _Runs:
    """One indicator's runs under one rule, by the first month of each period, kept by the
    readings index they were counted from: each period's run is carried forward from the
    period before, so an earlier period is rated once, not again for every later one."""

    __slots__ = ("by_period", "indicator", "rule")

    def __init__(self, indicator: Indicator, rule: Rule) -> None:
        # Held, so that the ids in the key below cannot be reused while this is kept.
        self.indicator, self.rule = indicator, rule
        self.by_period: dict[int, _Run] = {}


class _Rater:
    """Rates one indicator for any period against one set of readings.

    Every rating it gives looks last year's value up here (:meth:`last_year`), so that none
    compares a value with one of another definition: across a change of definition (of the
    indicator's own or of an input's, among ``breaks``) a rule is given no value for last year,
    and the change instead.
    """

    __slots__ = (
        "breaks",
        "group",
        "indicator",
        "needs",
        "neighbours",
        "readings",
        "rule",
        "year_start",
    )

    def __init__(
        self,
        indicator: Indicator,
        rule: Rule,
        readings: Readings,
        year_start: int,
        breaks: Sequence[SeriesBreak] | None = None,
    ) -> None:
        self.indicator, self.rule, self.readings = indicator, rule, readings
        self.year_start = year_start  # the month the framework's years start in
        # The changes of definition that apply to the indicator; by default its own.
        self.breaks = own_breaks(indicator) if breaks is None else tuple(breaks)
        # The comparator group a rule names, if it names one (a quartile rule does).
        self.group: str | None = getattr(rule, "group", None)
        self.needs = status_needs(rule)
        # Each period's previous period and the same period a year before, shared by every
        # indicator rated against these readings: the walk back asks for them again and again.
        # None where there is no earlier period: before the first year one can be written for.
        self.neighbours: dict[Period, tuple[Period | None, Period | None]] = readings.kept(
            "neighbours", dict
        )

    def rating(
        self,
        period: Period,
        reading: Reading | None,
        target: Target | None,
        last_year: Period | None,
    ) -> Rating:
        """The rating for ``period``, given its reading, its target and the period a year
        before it."""
        ind = self.indicator
        last_value, last_break = self.last_year(period, last_year)
        return rate(
            ind,
            None if reading is None else reading.value,
            target,
            self.rule,
            last_year=last_value,
            comparators=self.readings.comparator_values(ind.id, period, self.group),
            missing_reason=None if reading is None else reading.missing_reason,
            last_year_break=last_break,
        )

    def last_year(
        self, period: Period, last_year: Period | None
    ) -> tuple[float | None, SeriesBreak | None]:
        """The value of ``last_year`` (the same period a year before ``period``) to compare
        ``period``'s with; or None, and the change of definition between the two, when one
        lies between them (or there is no such period)."""
        if last_year is None:
            return None, None
        if self.breaks:
            brk = break_between(self.breaks, last_year, period)
            if brk is not None:
                return None, brk
        return self.readings.value(self.indicator.id, last_year), None

    def rating_of(self, period: Period) -> Rating:
        """The rating for ``period``, looking up all it needs."""
        return self.rating(
            period,
            self.readings.get(self.indicator.id, period),
            self.indicator.target_for(period),
            earlier_period(period, last_year=True),
        )

    def _around(self, period: Period) -> tuple[Period | None, Period | None]:
        """The period before ``period`` and the same period a year before it (None for one
        before the first year a period can be written for)."""
        around = self.neighbours.get(period)
        if around is None:
            around = self.neighbours[period] = (
                earlier_period(period),
                earlier_period(period, last_year=True),
            )
        return around

    def status_of(self, period: Period) -> Status:
        """The status :meth:`rating_of` gives ``period``, without writing why (nor looking up
        what the rule's status path never reads)."""
        ind, readings, needs = self.indicator, self.readings, self.needs
        reading = readings.index.get((ind.id, period))
        last_value, last_break = (
            self.last_year(period, self._around(period)[1]) if needs.last_year else (None, None)
        )
        return rate_status(
            ind,
            None if reading is None else reading.value,
            ind.target_for(period),
            self.rule,
            last_year=last_value,
            comparators=(
                readings.comparator_values(ind.id, period, self.group) if needs.comparators else ()
            ),
            last_year_break=last_break,
        )

    def run(self, period: Period, status: Status) -> _Run:
        """The run of missed periods at the end of ``period`` (rated ``status``).

        A run is every period since target was last met, going back no further than the
        indicator's first reading nor more than ``LOOKBACK`` periods: no-data periods do not
        end it, a period with no target (or a data-only indicator) does. Earlier periods are
        asked for their status alone (:meth:`status_of`).
        """
        key = (id(self.indicator), id(self.rule), self.year_start, self.breaks)
        runs = self.readings.kept(key, lambda: _Runs(self.indicator, self.rule)).by_period
        first, months = period.month_span()
        known = runs.get(first)
        if known is not None:
            return known
        earliest = self.readings.earliest.get(self.indicator.id)
        start = None if earliest is None else earliest.month_span()[0]
        # Walk back to a period whose run is known or that ends one: rate only those unknown.
        chain, step, back, before, whole = [(period, first, status)], period, first, _NO_RUN, True
        neighbours = self.neighbours
        while not _ends_run(chain[-1][2]):
            back -= months
            if start is None or back < start:
                break
            if back in runs:
                before = runs[back]
                break
            if len(chain) == LOOKBACK:
                whole = False  # the earlier periods' runs reach further back than the walk
                break
            around = neighbours.get(step)
            before_step = self._around(step)[0] if around is None else around[0]
            if before_step is None:  # the first period: the run stops there
                break
            step = before_step
            chain.append((step, back, self.status_of(step)))
        for step, step_first, step_status in reversed(chain):
            if before.length >= LOOKBACK and not _ends_run(step_status):
                before = self._window(step, step_status, start)
            else:
                before = _carry(before, step_status)
            if whole or step is period:
                runs[step_first] = before
        return before

    def _window(self, period: Period, status: Status, start: int | None) -> _Run:
        """The run at the end of ``period`` when it is longer than ``LOOKBACK``: counted over
        the last ``LOOKBACK`` periods alone."""
        statuses, step = [status], period
        while len(statuses) < LOOKBACK:
            before = self._around(step)[0]
            if before is None or start is None or before.month_span()[0] < start:
                break
            step = before
            statuses.append(self.status_of(step))
        run = _NO_RUN
        for earlier in reversed(statuses):
            run = _carry(run, earlier)
        return run


class _Compared(NamedTuple):
    """The period an indicator of one frequency reports for, and the two it is compared with."""

    own: Period
    previous: Period | None
    last_year: Period | None


def ratings_at(
    indicator: Indicator,
    rule: Rule,
    readings: Readings,
    periods: Iterable[Period],
    year_start_month: int = 4,
    *,
    breaks: Sequence[SeriesBreak] | None = None,
) -> tuple[Rating, ...]:
    """The rating ``assess`` gives ``indicator`` under ``rule`` for each of ``periods``, alone:
    what a trend chart shows on each of its points.

    ``breaks`` are the changes of definition that apply to the indicator (the framework's
    :attr:`~councilpmf.core.framework.Framework.series_breaks` for it, its inputs' included),
    by default its own ``series_break`` alone: no value of last year is compared across one.

    >>> from councilpmf.core.indicators import Indicator, Polarity
    >>> from councilpmf.core.periods import parse_period
    >>> from councilpmf.core.rag import TargetTolerance
    >>> people = Indicator(id="POP", title="People", polarity=Polarity.NONE)
    >>> [r.status.word for r in ratings_at(people, TargetTolerance(), Readings.of(()),
    ...                                    [parse_period("2024/25")])]
    ['No data']
    """
    rater = _Rater(indicator, rule, readings, year_start_month, breaks)
    return tuple(rater.rating_of(period) for period in periods)


def _compared(frequency: Frequency, period: Period, start_month: int) -> _Compared:
    own = reporting_period(frequency, period, start_month)
    return _Compared(own, earlier_period(own), earlier_period(own, last_year=True))


def _result(
    framework: Framework,
    readings: Readings,
    indicator: Indicator,
    periods: _Compared,
    priorities: tuple[str, ...],
) -> tuple[IndicatorResult, bool]:
    own, previous, last_year = periods
    breaks = framework.series_breaks.get(indicator.id, ())
    rater = _Rater(
        indicator, framework.rule_for(indicator), readings, framework.year_start_month, breaks
    )
    reading = readings.get(indicator.id, own)
    value = None if reading is None else reading.value
    target = indicator.target_for(own)
    low, high = _band(target)
    rating = rater.rating(own, reading, target, last_year)
    run = rater.run(own, rating.status)
    derived = readings.derived.get((indicator.id, own)) if readings.derived else None
    if derived is not None:
        rating = attrs.evolve(rating, explanation=f"{rating.explanation}; {derived}")
    result = IndicatorResult(
        indicator=indicator.id,
        title=indicator.title,
        unit=indicator.unit,
        polarity=indicator.polarity,
        period=own,
        value=value,
        value_text=indicator.format_value(value),
        target=None if target is None else target.value,
        target_text=indicator.format_target(target) if indicator.rated else "data only",
        rating=rating,
        short_term=_travel(indicator, readings, value, own, previous, breaks),
        long_term=_travel(indicator, readings, value, own, last_year, breaks),
        reading_status=None if reading is None else reading.status,
        note="" if reading is None else reading.note,
        owner=indicator.owner,
        missed_in_a_row=run.missed,
        priorities=priorities,
        missing_reason=None if reading is None else reading.missing_reason,
        approval=Approval.APPROVED if reading is None else reading.approval,
        target_low=low,
        target_high=high,
    )
    return result, run.in_a_row


def _travel(
    indicator: Indicator,
    readings: Readings,
    value: float | None,
    own: Period,
    earlier: Period | None,
    breaks: Sequence[SeriesBreak],
) -> Travel:
    """Travel from ``earlier`` (None when there is no earlier period) to ``own``."""
    # The index looked up directly, as the walk back does: twice for every indicator.
    reading = None if earlier is None else readings.index.get((indicator.id, earlier))
    then = None if reading is None else reading.value
    return travel(indicator, value, own, then, earlier, breaks)


def _band(target: Target | None) -> tuple[float | None, float | None]:
    """A result's ``target_low`` and ``target_high``: the target's ends when it is a band."""
    if target is None or target.low is None or target.high is None:
        return None, None
    return target.low, target.high


def _exception(result: IndicatorResult, in_a_row: bool) -> ExceptionItem | None:
    reasons = []
    status = result.rating.status
    if status is _RED:
        reasons.append(_RED_REASON)
    elif status is _AMBER:
        reasons.append(_AMBER_REASON)
    if in_a_row and not status.on_target:
        reasons.append(_IN_A_ROW_REASON)
    if not reasons:
        return None
    words = ", ".join(r.words(result.missed_in_a_row) for r in reasons)
    return ExceptionItem(
        indicator=result.indicator,
        reasons=tuple(reasons),
        rating=result.rating,
        explanation=f"{result.title} ({result.indicator}) is on the list: {words}; "
        f"{result.rating.explanation}",
    )


def _findings(
    indicator: Indicator, readings: Readings, result: IndicatorResult, as_of: dt.date, index: int
) -> list[Finding]:
    path = f"$.indicators[{index}]"
    # A problem with one reading points at the reading (at the calculation of a calculated
    # indicator, which has none); a missing one at its indicator.
    at_reading = value_path(indicator, result.period, index)
    found: list[Finding | None] = []
    if result.value is not None:
        found.append(impossible_value(indicator, result.period, result.value, at_reading))
    elif (
        readings.get(indicator.id, result.period) is None
        and not indicator.calculated  # its inputs' readings are late, not its own
        and indicator.past_due(result.period, as_of)
    ):
        found.append(late_data(indicator, result.period, path))
    count = readings.repeats.get((indicator.id, result.period))
    if count is not None:
        found.append(duplicate_reading(indicator.id, result.period, at_reading, count))
    return [finding for finding in found if finding is not None]


def assess(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str,
    as_of: dt.date | str,
    *,
    indicators: Iterable[str] | None = None,
) -> Scorecard:
    """Assess ``framework`` for ``period`` as things stood on ``as_of``.

    ``readings`` may be a :class:`Readings` index (build one with :meth:`Readings.of` when
    assessing many periods) or any iterable of :class:`Reading`. ``indicators`` limits the
    scorecard to some indicators (a committee's set), in the order given.

    >>> import datetime as dt
    >>> from councilpmf.core.indicators import Indicator, Target, Reading, Unit
    >>> from councilpmf.core.periods import parse_period
    >>> from councilpmf.core.plan import StrategicPlan, Theme, Priority
    >>> q3 = parse_period("2024/25 Q3")
    >>> fw = Framework(
    ...     plan=StrategicPlan(title="Plan", organisation="Anytown", themes=(
    ...         Theme(id="T", name="Our place", priorities=(
    ...             Priority(id="P1", statement="Clean streets", indicators=("FT",)),)),)),
    ...     indicators=(Indicator(id="FT", title="Fly-tips cleared in 5 days",
    ...         unit=Unit.PERCENTAGE, targets=(Target(period=q3, value=90.0),)),))
    >>> card = assess(fw, [Reading(indicator="FT", period=q3, value=84.0)], q3,
    ...     as_of=dt.date(2025, 1, 20))
    >>> card.result("FT").rating.explanation
    'Red: 84.0% against a target of 90.0%; more than 5% below'
    >>> card.themes[0].count(Status.RED), [e.indicator for e in card.exception_list()]
    (1, ['FT'])
    """
    period = as_period(period, "period", framework.year_start_month)
    as_of = as_date(as_of, "as_of")
    index = with_calculated(
        framework, readings if isinstance(readings, Readings) else Readings.of(readings)
    )
    served: dict[str, list[str]] = {}
    for _theme, priority in framework.plan.priorities():
        for indicator_id in priority.all_indicators():
            served.setdefault(indicator_id, []).append(priority.id)
    chosen = (
        framework.indicators
        if indicators is None
        else tuple(framework.indicator(i) for i in indicators)
    )
    positions = _positions_of(framework.indicators)
    results, exceptions, findings = [], [], []
    # Every indicator of one frequency reports for the same period: work it out once.
    compared = {
        frequency: _compared(frequency, period, framework.year_start_month)
        for frequency in {indicator.frequency for indicator in chosen}
    }
    for indicator in chosen:
        result, in_a_row = _result(
            framework,
            index,
            indicator,
            compared[indicator.frequency],
            tuple(served.get(indicator.id, ())),
        )
        results.append(result)
        item = _exception(result, in_a_row)
        if item is not None:
            exceptions.append(item)
        findings.extend(_findings(indicator, index, result, as_of, positions[indicator.id]))
    findings.extend(
        _unplaced(
            framework,
            index,
            period,
            positions,
            None if indicators is None else _positions_of(chosen),
        )
    )
    findings.extend(
        ignored_findings(
            framework, index, period, None if indicators is None else {i.id for i in chosen}
        )
    )
    actions = tuple(
        assess_action(planned.action, as_of, framework.vocabulary)
        for planned in framework.planned_actions()
    )
    answering = tuple(
        assess_action(action, as_of, framework.vocabulary)
        for challenge in framework.peer_challenges
        for action in challenge.actions()
        if action.serves
    )
    by_indicator = {r.indicator: r for r in results}
    themes, priorities = _roll_ups(framework, by_indicator, actions + answering)
    return Scorecard(
        organisation=framework.organisation,
        period=period,
        as_of=as_of,
        indicators=tuple(results),
        actions=actions,
        themes=themes,
        priorities=priorities,
        exceptions=tuple(exceptions),
        findings=Findings(findings),
    )


def _positions_of(indicators: Iterable[Indicator]) -> dict[str, int]:
    """Each indicator's id and its position among ``indicators``."""
    return {indicator.id: i for i, indicator in enumerate(indicators)}


def _unplaced(
    framework: Framework,
    index: Readings,
    period: Period,
    positions: Mapping[str, int],
    chosen: Mapping[str, int] | None,
) -> list[Finding]:
    """Findings on the readings within ``period`` that no assessment can use: those for a
    period their indicator does not report for, of another frequency or in years that start in
    another month (of the ``chosen`` indicators, when only some are assessed) and, when the
    whole framework is assessed, those of an indicator the framework lacks."""
    frequencies = {indicator.id: indicator.frequency for indicator in framework.indicators}
    start_month = framework.year_start_month
    unplaceable: tuple[Reading, ...] = index.kept(
        ("unplaceable", tuple(frequencies.items()), start_month),
        lambda: unusable_readings(index, frequencies, start_month),
    )
    if not unplaceable:
        return []
    first, months = period.month_span()
    unknown: dict[str, list[Period]] = {}
    found: list[Finding] = []
    for reading in unplaceable:
        r_first, r_months = reading.period.month_span()
        if not (first <= r_first and r_first + r_months <= first + months):
            continue
        position = positions.get(reading.indicator)
        if position is None:
            if chosen is None:
                unknown.setdefault(reading.indicator, []).append(reading.period)
        elif chosen is None or reading.indicator in chosen:
            found.append(
                unusable_reading(
                    framework.indicators[position],
                    reading.period,
                    start_month,
                    reading_path(reading.indicator, reading.period),
                )
            )
    found.extend(unknown_indicator(indicator, periods) for indicator, periods in unknown.items())
    return found


def _roll_up(
    key: str,
    name: str,
    indicator_ids: Iterable[str],
    results: Mapping[str, IndicatorResult],
    actions: Iterable[ActionState],
) -> RollUp:
    ids = tuple(dict.fromkeys(i for i in indicator_ids if i in results))
    chosen = tuple(actions)
    return RollUp(
        id=key,
        name=name,
        counts=_counts(results[i].rating.status for i in ids),
        indicators=ids,
        actions=tuple(a.ref for a in chosen),
        actions_overdue=sum(a.overdue for a in chosen),
        actions_complete=sum(a.meaning is not None and a.meaning.closed for a in chosen),
    )


def _roll_ups(
    framework: Framework,
    results: Mapping[str, IndicatorResult],
    actions: tuple[ActionState, ...],
) -> tuple[tuple[RollUp, ...], tuple[RollUp, ...]]:
    themes, priorities = [], []
    for theme in framework.plan.themes:
        theme_indicators: list[str] = []
        theme_actions: dict[int, ActionState] = {}
        for priority in theme.priorities:
            serving = [a for a in actions if priority.id in a.serves]
            priorities.append(
                _roll_up(
                    priority.id, priority.statement, priority.all_indicators(), results, serving
                )
            )
            theme_indicators.extend(priority.all_indicators())
            theme_actions.update((id(a), a) for a in serving)
        themes.append(
            _roll_up(theme.id, theme.name, theme_indicators, results, theme_actions.values())
        )
    return tuple(themes), tuple(priorities)
