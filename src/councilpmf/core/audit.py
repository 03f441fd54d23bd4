"""An audit of published ratings: does each status a council published agree with the status
its own rule gives the value?

A reading may carry the status the council published for it (``published_status``, in the
council's words). :func:`audit_published` rates each such reading exactly as an assessment does
(:func:`~councilpmf.core.assess.ratings_at`), reads the published word with the council's
vocabulary (:class:`~councilpmf.core.published.PublishedVocabulary`) and says whether the two
agree. :func:`published_status_findings` turns the disagreements (and the words the vocabulary
does not know) into findings for ``validate``; :func:`suggest_rules` finds, for each rule kind,
the parameters that explain the most published statuses.

>>> from councilpmf.core.framework import Framework
>>> from councilpmf.core.indicators import Indicator, Reading, Target, Unit
>>> from councilpmf.core.periods import parse_period
>>> from councilpmf.core.plan import StrategicPlan
>>> from councilpmf.core.rag import TargetTolerance
>>> year, q1 = parse_period("2024/25"), parse_period("2024/25 Q1")
>>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
...     default_rule=TargetTolerance(tolerance=10),
...     indicators=(Indicator(id="CT1", title="Council tax collected", unit=Unit.PERCENTAGE,
...         targets=(Target(period=year, value=90.0),)),))
>>> found = audit_published(fw, [Reading(indicator="CT1", period=q1, value=80.6,
...     published_status="Green")])
>>> print(found.entries[0].words())
published Green, but the council's rule rates it Red: 80.6% against a target of 90.0%; more than 10% below
>>> found.counts()
(0, 1, 0)
"""  # noqa: E501

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from councilpmf.core.assess import ratings_at
from councilpmf.core.calculated import with_calculated
from councilpmf.core.findings import Finding, Severity, reading_path
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Indicator, Reading
from councilpmf.core.periods import Period
from councilpmf.core.published import same_status
from councilpmf.core.rag import (
    BUILTIN_RULES,
    Band,
    Bands,
    Clause,
    FirstMatch,
    Quartile,
    Rating,
    RatioToTarget,
    Status,
    TargetTolerance,
    ToleranceWithTravel,
)
from councilpmf.core.readings import Readings
from councilpmf.core.rule import Rule

__all__ = [
    "TOLERANCES",
    "Audit",
    "AuditEntry",
    "RuleFit",
    "audit_published",
    "candidate_rules",
    "configured_fit",
    "describe_rule",
    "published_status_findings",
    "suggest_rules",
]


def _shown(word: str) -> str:
    """A published word as a message shows it: as it is when it is plain, else escaped."""
    return word if word.isprintable() and len(word) <= 60 else repr(word[:60])


@attrs.frozen(kw_only=True)
class AuditEntry:
    """One published status beside the rating the council's rule gives the same value.

    ``meaning`` is the status the published word means, or None when the council's vocabulary
    does not know the word; ``value`` is the reading's value (None when it is missing).
    """

    indicator: Indicator
    period: Period
    value: float | None
    published: str
    meaning: Status | None
    rating: Rating

    @property
    def known(self) -> bool:
        """Whether the council's vocabulary knows the published word."""
        return self.meaning is not None

    @property
    def agrees(self) -> bool:
        """Whether the published status is the one the rule gives (False for an unknown word)."""
        return self.meaning is not None and same_status(self.meaning, self.rating.status)

    def why(self) -> str:
        """The rating's own explanation without its leading status word:
        ``80.6% against a target of 90.0%; more than 10% below``."""
        return self.rating.explanation.removeprefix(f"{self.rating.label}: ")

    def words(self) -> str:
        """The published status against the rule's, in words."""
        published = _shown(self.published)
        if self.meaning is not None and self.meaning.word.casefold() != published.casefold():
            published = f"{published} ({self.meaning.value})"
        if self.meaning is None:
            return (
                f"published {published}, which is not one of the council's published status "
                f"words; the council's rule rates it {self.rating.label}: {self.why()}"
            )
        joint = "and" if self.agrees else "but"
        return (
            f"published {published}, {joint} the council's rule rates it {self.rating.label}: "
            f"{self.why()}"
        )


@attrs.frozen(kw_only=True)
class Audit:
    """Every published status of the readings audited, in the framework's indicator order
    and then by period."""

    entries: tuple[AuditEntry, ...]

    @property
    def disagreements(self) -> tuple[AuditEntry, ...]:
        """Published statuses the council's vocabulary knows that its rule contradicts."""
        return tuple(e for e in self.entries if e.known and not e.agrees)

    @property
    def unknown_words(self) -> tuple[AuditEntry, ...]:
        """Published statuses in words the council's vocabulary does not know."""
        return tuple(e for e in self.entries if not e.known)

    def counts(self) -> tuple[int, int, int]:
        """How many published statuses agree, disagree, and are in unknown words."""
        agree = sum(e.agrees for e in self.entries)
        unknown = len(self.unknown_words)
        return agree, len(self.entries) - agree - unknown, unknown


def _within(period: Period, span: Period | None) -> bool:
    if span is None:
        return True
    first, months = period.month_span()
    outer_first, outer_months = span.month_span()
    return outer_first <= first and first + months <= outer_first + outer_months


def _published(
    framework: Framework, index: Readings, within: Period | None, indicators: Iterable[str] | None
) -> Iterator[tuple[Indicator, Period, str, Status | None]]:
    """Each kept reading with a published status, of a known indicator, in indicator order
    then period order: the indicator, period, word and what the word means."""
    wanted = None if indicators is None else set(indicators)
    by_indicator: dict[str, list[Reading]] = {}
    for reading in index.index.values():
        if reading.published_status and _within(reading.period, within):
            by_indicator.setdefault(reading.indicator, []).append(reading)
    vocabulary = framework.published_statuses
    for indicator in framework.indicators:
        if wanted is not None and indicator.id not in wanted:
            continue
        held = by_indicator.get(indicator.id, ())
        for reading in sorted(held, key=lambda r: r.period.month_span()):
            word = reading.published_status
            yield indicator, reading.period, word, vocabulary.status_of(word)


def _index(framework: Framework, readings: Readings | Iterable[Reading]) -> Readings:
    """The readings as an assessment rates them: calculated indicators' values worked out
    (carrying the statuses the council published for them)."""
    index = readings if isinstance(readings, Readings) else Readings.of(readings)
    return with_calculated(framework, index)


def audit_published(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    within: Period | None = None,
    indicators: Iterable[str] | None = None,
) -> Audit:
    """Compare every published status with the status the council's rule gives the value:
    of the readings for periods ``within`` a period (all when None) and of ``indicators``
    (all when None). Readings of indicators the framework lacks are left out (another check
    reports them); of two readings of one indicator and period, the one an assessment uses
    is audited."""
    index = _index(framework, readings)
    entries: list[AuditEntry] = []
    published = _published(framework, index, within, indicators)
    for indicator, group in itertools.groupby(published, key=lambda item: item[0]):
        held = list(group)
        rule = framework.rule_for(indicator)
        periods = [period for _, period, _, _ in held]
        ratings = ratings_at(
            indicator,
            rule,
            index,
            periods,
            framework.year_start_month,
            breaks=framework.series_breaks.get(indicator.id, ()),
        )
        entries.extend(
            AuditEntry(
                indicator=indicator,
                period=period,
                value=index.value(indicator.id, period),
                published=word,
                meaning=meaning,
                rating=rating,
            )
            for (_, period, word, meaning), rating in zip(held, ratings, strict=True)
        )
    return Audit(entries=tuple(entries))


def published_status_findings(
    framework: Framework, readings: Readings | Iterable[Reading]
) -> Iterator[Finding]:
    """A ``published-status-disagrees`` warning for each published status the council's rule
    contradicts, and a ``published-status-unknown`` warning for each word the council's
    vocabulary does not know, each at its reading.

    >>> from councilpmf.core.indicators import Indicator, Reading, Target
    >>> from councilpmf.core.periods import parse_period
    >>> from councilpmf.core.plan import StrategicPlan
    >>> q1 = parse_period("2024/25 Q1")
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     indicators=(Indicator(id="K", title="Visits", targets=(Target(period=q1, value=10),)),))
    >>> for f in published_status_findings(fw, [Reading(indicator="K", period=q1, value=12,
    ...         published_status="Purple")]):
    ...     print(f.code, f.path)
    published-status-unknown $.readings[indicator=K, period=2024/25 Q1]
    """
    audit = audit_published(framework, readings)
    known = framework.published_statuses.known()
    for entry in audit.entries:
        what = f"{entry.indicator.id} '{entry.indicator.title}' for {entry.period}"
        path = reading_path(entry.indicator.id, entry.period)
        if not entry.known:
            yield Finding(
                severity=Severity.WARNING,
                code="published-status-unknown",
                path=path,
                message=f"{what} was published {entry.published[:60]!r}, which is not one of "
                f"the council's published status words ({known}); correct it, or say what it "
                "means in [published_statuses] in council.toml.",
            )
        elif not entry.agrees:
            yield Finding(
                severity=Severity.WARNING,
                code="published-status-disagrees",
                path=path,
                message=f"{what}: {entry.words()}. Correct the published status, or the rule.",
            )


# -- suggesting a rule -------------------------------------------------------------------------

TOLERANCES: tuple[float, ...] = (0.0, 1.0, 2.0, 2.5, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 25.0, 50.0)
"""The tolerances (percent, or the indicator's unit) a rule suggestion tries."""

_R, _A, _G, _B = Status.RED, Status.AMBER, Status.GREEN, Status.BLUE


def _target_tolerances() -> Iterator[Rule]:
    for mode, exceeded, tolerance in itertools.product(
        ("relative", "absolute"), (None, 5.0, 10.0, 20.0), TOLERANCES
    ):
        yield TargetTolerance(tolerance=tolerance, mode=mode, exceeded_by=exceeded)


def _ratios() -> Iterator[Rule]:
    for exceeded, variance in itertools.product((None, 110.0, 120.0), TOLERANCES):
        yield RatioToTarget(variance=variance, exceeded_at=exceeded)


def _bands() -> Iterator[Rule]:
    for blue, amber in itertools.product((None, 110.0, 120.0), (95.0, 90.0, 85.0, 80.0, 75.0)):
        top = () if blue is None else (Band(status=_B, at_least=blue),)
        yield Bands(
            bands=(
                *top,
                Band(status=_G, at_least=100.0),
                Band(status=_A, at_least=amber),
                Band(status=_R),
            )
        )


def _quartiles() -> Iterator[Rule]:
    for statuses in ((_G, _A, _A, _R), (_G, _G, _A, _R), (_G, _G, _R, _R), (_B, _G, _A, _R)):
        yield Quartile(statuses=statuses)


_CANDIDATES: Mapping[str, Callable[[], Iterator[Rule]]] = {
    TargetTolerance.kind: _target_tolerances,
    RatioToTarget.kind: _ratios,
    FirstMatch.kind: lambda: iter((FirstMatch(),)),
    Bands.kind: _bands,
    ToleranceWithTravel.kind: lambda: (ToleranceWithTravel(tolerance=t) for t in TOLERANCES),
    Quartile.kind: _quartiles,
}


def candidate_rules(kind: type[Rule]) -> tuple[Rule, ...]:
    """The rules of ``kind`` a suggestion tries: a grid of sensible parameters for each
    built-in kind (the first-match rule's default clauses alone, since clauses of a council's
    own are written for one direction); for another kind, its default, when it has one.

    >>> len(candidate_rules(TargetTolerance)), candidate_rules(FirstMatch)
    (96, (FirstMatch(clauses=(Clause(status=<Status.GREEN: 'green'>, op='>=', factor=1.0, offset=0.0, label=None), Clause(status=<Status.AMBER: 'amber'>, op='>=', factor=0.9, offset=0.0, label=None)), otherwise=<Status.RED: 'red'>, otherwise_label=None),))
    """  # noqa: E501
    grid = _CANDIDATES.get(kind.kind)
    if grid is not None and BUILTIN_RULES.get(kind.kind) is kind:
        return tuple(grid())
    try:
        return (kind(),)
    except Exception:  # a plugin's kind that needs parameters: nothing to try
        return ()


def _value_words(value: Any) -> str:
    if isinstance(value, Status):
        return value.value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}"
    if isinstance(value, Band):
        floor = "" if value.at_least is None else f" from {value.at_least:g}%"
        return f"{value.label or value.status.value}{floor}"
    if isinstance(value, Clause):
        return f"{value.label or value.status.value} if {value.describe()}"
    if isinstance(value, tuple):
        return ", ".join(_value_words(item) for item in value)
    return str(value)


def describe_rule(rule: Rule) -> str:
    """A rule and its parameters in words, leaving out those not set.

    >>> describe_rule(TargetTolerance(tolerance=10))
    'target-tolerance: tolerance 10, mode relative'
    >>> describe_rule(Bands())
    'bands: bands Exceeded from 110%, green from 100%, amber from 90%, red'
    """
    kind: Any = type(rule)
    if not attrs.has(kind):
        return rule.kind
    parts = [
        f"{field.name.replace('_', ' ')} {_value_words(getattr(rule, field.name))}"
        for field in attrs.fields(kind)
        if getattr(rule, field.name) is not None
    ]
    return f"{rule.kind}: {', '.join(parts)}" if parts else rule.kind


@attrs.frozen(kw_only=True)
class RuleFit:
    """A rule, and how many of the published statuses it explains out of the total."""

    rule: Rule
    explained: int
    total: int

    def words(self) -> str:
        """``target-tolerance: tolerance 10, mode relative explains 31 of 33``."""
        return f"{describe_rule(self.rule)} explains {self.explained} of {self.total}"


_Audited = tuple[Indicator, Period, Status]


def _audited(
    framework: Framework,
    index: Readings,
    within: Period | None,
    indicators: Iterable[str] | None,
) -> list[_Audited]:
    return [
        (indicator, period, meaning)
        for indicator, period, _word, meaning in _published(framework, index, within, indicators)
        if meaning is not None
    ]


def _explained(
    framework: Framework, index: Readings, audited: Sequence[_Audited], rule: Rule | None
) -> int:
    """How many audited statuses ``rule`` gives (each indicator's own rule when None)."""
    count = 0
    for indicator, group in itertools.groupby(audited, key=lambda item: item[0]):
        held = list(group)
        by = framework.rule_for(indicator) if rule is None else rule
        periods = [period for _, period, _ in held]
        ratings = ratings_at(
            indicator,
            by,
            index,
            periods,
            framework.year_start_month,
            breaks=framework.series_breaks.get(indicator.id, ()),
        )
        count += sum(
            same_status(meaning, rating.status)
            for (_, _, meaning), rating in zip(held, ratings, strict=True)
        )
    return count


def configured_fit(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    within: Period | None = None,
    indicators: Iterable[str] | None = None,
) -> RuleFit:
    """How many published statuses (in words the council's vocabulary knows, of periods
    ``within`` and ``indicators`` as :func:`audit_published` takes them) the council's own
    rules explain: its default rule, or an indicator's own."""
    index = _index(framework, readings)
    audited = _audited(framework, index, within, indicators)
    return RuleFit(
        rule=framework.default_rule,
        explained=_explained(framework, index, audited, None),
        total=len(audited),
    )


def suggest_rules(
    framework: Framework,
    readings: Readings | Iterable[Reading],
    kinds: Mapping[str, type[Rule]] = BUILTIN_RULES,
    within: Period | None = None,
    indicators: Iterable[str] | None = None,
) -> tuple[RuleFit, ...]:
    """For each rule kind, the rule that explains the most published statuses (in words the
    council's vocabulary knows, of periods ``within`` and ``indicators`` as
    :func:`audit_published` takes them) when every indicator is rated by it, keeping each indicator's
    polarity and targets; best first, then by kind. Of rules that explain as many, the first
    tried wins (:func:`candidate_rules`). A kind with nothing to try is left out.

    >>> from councilpmf.core.indicators import Indicator, Reading, Target, Unit
    >>> from councilpmf.core.periods import parse_period
    >>> from councilpmf.core.plan import StrategicPlan
    >>> q1, q2 = parse_period("2024/25 Q1"), parse_period("2024/25 Q2")
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     indicators=(Indicator(id="CT1", title="Council tax collected", unit=Unit.PERCENTAGE,
    ...         targets=(Target(period=parse_period("2024/25"), value=90.0),)),))
    >>> readings = [Reading(indicator="CT1", period=q1, value=80.6, published_status="Amber"),
    ...     Reading(indicator="CT1", period=q2, value=70.0, published_status="Red")]
    >>> for fit in suggest_rules(fw, readings)[2:4]:
    ...     print(fit.words())
    target-tolerance: tolerance 15, mode relative explains 2 of 2
    first-match: clauses green if actual >= target, amber if actual >= 0.9 x target, otherwise red explains 1 of 2
    >>> print(configured_fit(fw, readings).words())
    target-tolerance: tolerance 5, mode relative explains 1 of 2
    """  # noqa: E501
    index = _index(framework, readings)
    audited = _audited(framework, index, within, indicators)
    fits = []
    for name in sorted(kinds):
        best: RuleFit | None = None
        for rule in candidate_rules(kinds[name]):
            explained = _explained(framework, index, audited, rule)
            if best is None or explained > best.explained:
                best = RuleFit(rule=rule, explained=explained, total=len(audited))
        if best is not None:
            fits.append(best)
    return tuple(sorted(fits, key=lambda fit: -fit.explained))
