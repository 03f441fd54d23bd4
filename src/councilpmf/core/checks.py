"""Checks on a framework: the golden thread (does everything connect?) and data quality (are the
readings complete, on time and believable?).

Every :class:`~councilpmf.core.findings.Finding` has a severity, a kebab-case code, a message a
council officer can act on, and a path into the framework that follows its attribute names and
0-based indexes: ``$.plan.themes[1].priorities[3]``, ``$.delivery_plans[0].actions[2].serves[0]``,
``$.indicators[4].targets``, ``$.budget[3].priority``. A problem with one reading (an
impossible value, a duplicate, a change without a reason) points at the reading,
``$.readings[indicator=HS01, period=2024/25 Q1]``, which a council folder turns into the row it
was read from; a problem with an indicator's series (late data, gaps) points at its indicator,
``$.indicators[4]``; readings of an indicator the framework does not have are found at
``$.readings[indicator=ZZ9]`` (all of them).

A period's reading is *due* once the day it was due by has passed
(:meth:`~councilpmf.core.indicators.Indicator.past_due`: more than the indicator's
``reporting_lag_days`` after the period ended), as :func:`~councilpmf.core.assess.assess` counts
late data; both word late, impossible and duplicate readings the same way
(:mod:`councilpmf.core.findings`). ``late-data`` flags the latest due period without a reading (unless the indicator's
readings only start after it); ``missing-period`` counts every period without a reading from the
indicator's first reading up to and including that latest due period.

Golden-thread codes: ``unknown-priority``, ``action-serves-nothing``,
``unknown-theme``, ``unknown-indicator``, ``unknown-committee``, ``ambiguous-committee``,
``priority-unmeasured``,
``indicator-unused``, ``missing-target``, ``band-target-incomplete``, ``set-size``,
``theme-empty``, and for calculated indicators ``unknown-input``, ``ambiguous-number``,
``input-frequency``, ``calculation-cycle``, ``ratio-of-sums-inputs`` and ``cumulative-rate``. Data-quality codes:
``missing-period``, ``late-data``, ``duplicate-reading``, ``impossible-value``,
``unknown-indicator``, ``wrong-frequency`` and ``wrong-year-start`` (a reading for a period its
indicator does not report for, which counts towards no period), ``unexplained-change``,
``provisional-old``, ``reading-of-calculated``, ``published-status-disagrees`` (a status the
council published that its own rule contradicts) and ``published-status-unknown`` (a
published status in words the council has not defined).

>>> from councilpmf.core.plan import StrategicPlan, Theme
>>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown",
...     themes=(Theme(id="place", name="Our place"),)))
>>> for finding in golden_thread(fw):
...     print(finding)
warning theme-empty $.plan.themes[0]: Theme 'Our place' has no priorities; add its priorities or remove the theme.
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping

from councilpmf.core._coerce import as_date
from councilpmf.core.actions import Action
from councilpmf.core.audit import published_status_findings
from councilpmf.core.calculated import (
    calculation_findings,
    ignored_findings,
    value_path,
    with_calculated,
)
from councilpmf.core.errors import AmbiguousNameError
from councilpmf.core.findings import (
    Finding,
    Findings,
    Severity,
    duplicate_reading,
    impossible_value,
    late_data,
    reading_path,
    unknown_indicator,
    unusable_reading,
)
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import (
    ComparatorGroup,
    Indicator,
    Polarity,
    Reading,
    ReadingRevision,
    ReadingStatus,
)
from councilpmf.core.periods import (
    Period,
    add_months,
    containing,
    fits,
    format_date,
    periods_between,
)
from councilpmf.core.readings import Readings
from councilpmf.core.risks import in_framework, overdue_reviews, risk_findings

__all__ = [
    "Check",
    "data_quality",
    "golden_thread",
    "lead_committee_findings",
    "run_checks",
    "status_word_findings",
    "target_value_findings",
]

Check = Callable[[Framework, Readings, dt.date], Iterable[Finding]]
"""The shape of a check: a plugin's extra checks have it too."""

_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# How many missing periods a missing-period message lists by name.
_LISTED = 5


def _finding(severity: Severity, code: str, path: str, message: str) -> Finding:
    return Finding(severity=severity, code=code, path=path, message=message)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _path_key(path: str) -> tuple[tuple[str, int], ...]:
    """Order paths naturally: ``[2]`` before ``[10]``."""
    return tuple((word, int(digits) if digits else -1) for word, digits in _PARTS.findall(path))


_PARTS = re.compile(r"(\D*)(\d*)")


def _ordered(findings: Iterable[Finding]) -> Findings:
    """Findings without repeats, errors first, then by path, code and message."""
    unique = dict.fromkeys(findings)
    return Findings(
        sorted(unique, key=lambda f: (_RANK[f.severity], _path_key(f.path), f.code, f.message))
    )


# -- golden thread -----------------------------------------------------------------------------


def _action_what(action: Action, where: str) -> str:
    return f"action {action.ref} '{action.title}' in {where}"


def _plans_of_actions(fw: Framework) -> Iterator[tuple[str, str, tuple[Action, ...], bool]]:
    """Each plan holding actions: its path, description, actions, and whether actions must
    serve a priority (peer-challenge actions need not)."""
    for i, dplan in enumerate(fw.delivery_plans):
        yield f"$.delivery_plans[{i}]", f"delivery plan '{dplan.title}'", dplan.actions, True
    for i, splan in enumerate(fw.service_plans):
        yield f"$.service_plans[{i}]", f"service plan '{splan.service}'", splan.actions, True
    for i, challenge in enumerate(fw.peer_challenges):
        for j, rec in enumerate(challenge.recommendations):
            yield (
                f"$.peer_challenges[{i}].recommendations[{j}]",
                f"the action plan for '{challenge.title}'",
                rec.actions,
                False,
            )


def _reference_findings(fw: Framework) -> Iterator[Finding]:
    plan = fw.plan
    priority_ids = {p.id for _t, p in plan.priorities()}
    theme_ids = {t.id for t in plan.themes}

    def unknown_priority(path: str, subject: str, priority: str) -> Finding:
        return _finding(
            _ERROR,
            "unknown-priority",
            path,
            f"{_sentence(subject)} names priority '{priority}', which is not in the plan; "
            "correct the priority id or add the priority to the plan.",
        )

    def unknown_indicator(path: str, subject: str, indicator: str) -> Finding:
        return _finding(
            _ERROR,
            "unknown-indicator",
            path,
            f"{_sentence(subject)} lists indicator '{indicator}', which is not one of the "
            "indicators; correct the id or add the indicator.",
        )

    for path, where, actions, needs_priority in _plans_of_actions(fw):
        for k, action in enumerate(actions):
            action_path = f"{path}.actions[{k}]"
            what = _action_what(action, where)
            for s, named in enumerate(action.serves):
                if named not in priority_ids:
                    yield unknown_priority(f"{action_path}.serves[{s}]", what, named)
            if needs_priority and not action.serves:
                yield _finding(
                    _WARNING,
                    "action-serves-nothing",
                    action_path,
                    f"{_sentence(what)} serves no priority; say which priorities it serves.",
                )
    for i, strategy in enumerate(fw.resource_strategies):
        for s, named in enumerate(strategy.serves):
            if named not in priority_ids:
                yield unknown_priority(
                    f"$.resource_strategies[{i}].serves[{s}]",
                    f"resource strategy '{strategy.title}'",
                    named,
                )
    for i, allocation in enumerate(fw.budget):
        if allocation.priority not in priority_ids:
            yield unknown_priority(
                f"$.budget[{i}].priority",
                f"the {allocation.year} {allocation.kind} budget of £{allocation.amount:,.0f}",
                allocation.priority,
            )
    for i, dplan in enumerate(fw.delivery_plans):
        if dplan.theme is not None and dplan.theme not in theme_ids:
            yield _finding(
                _ERROR,
                "unknown-theme",
                f"$.delivery_plans[{i}].theme",
                f"Delivery plan '{dplan.title}' is for theme '{dplan.theme}', which is not in "
                "the plan; correct the theme id.",
            )
    for i, theme in enumerate(plan.themes):
        for j, priority in enumerate(theme.priorities):
            path = f"$.plan.themes[{i}].priorities[{j}]"
            for k, ind in enumerate(priority.indicators):
                if not fw.has_indicator(ind):
                    yield unknown_indicator(
                        f"{path}.indicators[{k}]", f"priority {priority.id}", ind
                    )
            for m, outcome in enumerate(priority.outcomes):
                for k, ind in enumerate(outcome.indicators):
                    if not fw.has_indicator(ind):
                        yield unknown_indicator(
                            f"{path}.outcomes[{m}].indicators[{k}]", f"outcome {outcome.id}", ind
                        )
    for i, iset in enumerate(fw.indicator_sets):
        set_name = f"indicator set '{iset.title or iset.level.value}'"
        name = f"{set_name} of committee '{iset.committee}'"
        for k, ind in enumerate(iset.indicators):
            if not fw.has_indicator(ind):
                yield unknown_indicator(f"$.indicator_sets[{i}].indicators[{k}]", name, ind)
        ambiguous = _ambiguous_committee(fw, iset.committee)
        if ambiguous is not None:
            yield _finding(
                _ERROR,
                "ambiguous-committee",
                f"$.indicator_sets[{i}].committee",
                f"{_sentence(set_name)} belongs to no committee until its committee is named "
                f"by a name that is one committee's alone: {ambiguous}",
            )
        elif fw.committee_named(iset.committee) is None:
            yield _finding(
                _ERROR,
                "unknown-committee",
                f"$.indicator_sets[{i}].committee",
                f"{_sentence(set_name)} belongs to committee '{iset.committee}', which is not "
                "one of the committees; correct the committee id or add the committee.",
            )
        problem = iset.size_problem()
        if problem is not None:
            yield _finding(
                _WARNING,
                "set-size",
                f"$.indicator_sets[{i}]",
                f"{_sentence(name)} {problem}; add or remove indicators, or change its bounds.",
            )
    for i, splan in enumerate(fw.service_plans):
        for k, ind in enumerate(splan.indicators):
            if not fw.has_indicator(ind):
                yield unknown_indicator(
                    f"$.service_plans[{i}].indicators[{k}]", f"service plan '{splan.service}'", ind
                )


def _coverage_findings(fw: Framework) -> Iterator[Finding]:
    plan = fw.plan
    served = {
        p for _path, _w, actions, _n in _plans_of_actions(fw) for a in actions for p in a.serves
    }
    used: set[str] = set()
    for i, theme in enumerate(plan.themes):
        if not theme.priorities:
            yield _finding(
                _WARNING,
                "theme-empty",
                f"$.plan.themes[{i}]",
                f"Theme '{theme.name}' has no priorities; add its priorities or remove the theme.",
            )
        for j, priority in enumerate(theme.priorities):
            measured = priority.all_indicators()
            used.update(measured)
            if not measured and priority.id not in served:
                yield _finding(
                    _WARNING,
                    "priority-unmeasured",
                    f"$.plan.themes[{i}].priorities[{j}]",
                    f"Priority {priority.id} '{priority.statement}' has no indicator and no "
                    "action serving it, so nothing shows whether it is delivered; add an "
                    "indicator or link an action to it.",
                )
    used.update(ind for iset in fw.indicator_sets for ind in iset.indicators)
    used.update(ind for splan in fw.service_plans for ind in splan.indicators)
    used.update(ref for indicator in fw.indicators for ref in indicator.inputs)
    for i, indicator in enumerate(fw.indicators):
        path = f"$.indicators[{i}]"
        name = f"Indicator {indicator.id} '{indicator.title}'"
        if indicator.id not in used:
            yield _finding(
                _INFO,
                "indicator-unused",
                path,
                f"{name} is not used by any priority, outcome, indicator set, service plan or "
                "calculated indicator; link it to one or retire it.",
            )
        if indicator.rated and not indicator.targets and fw.rule_for(indicator).uses_target:
            yield _finding(
                _WARNING,
                "missing-target",
                f"{path}.targets",
                f"{name} is rated ({indicator.polarity.value}) but has no targets; add targets, "
                "or make it data only (polarity none).",
            )
        if indicator.polarity is Polarity.TARGET_BAND:
            for k, target in enumerate(indicator.targets):
                if target.low is None or target.high is None:
                    yield _finding(
                        _WARNING,
                        "band-target-incomplete",
                        f"{path}.targets[{k}]",
                        f"{name} is rated against a target band, but its target for "
                        f"{target.period} lacks a low or a high; give both.",
                    )


def _shown(text: str, most: int = 60) -> str:
    """A council's text quoted for a message: escaped (``repr``) and cut short when long."""
    return repr(text) if len(text) <= most else repr(text[:most]) + "..."


def status_word_findings(framework: Framework) -> Iterator[Finding]:
    """Every action status and update status is one of the council's status words, so that no
    action shows later as "Unknown status word".

    >>> from councilpmf.core.actions import Action
    >>> from councilpmf.core.plan import DeliveryPlan, StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     delivery_plans=(DeliveryPlan(id="d", title="Place plan", actions=(
    ...         Action(ref="1", title="Buy a sweeper", status="purple"),)),))
    >>> for finding in status_word_findings(fw):
    ...     print(finding.code, finding.path)
    unknown-status-word $.delivery_plans[0].actions[0].status
    """
    vocabulary = framework.vocabulary
    known = ", ".join(w.word for w in vocabulary.words[:8])

    def unknown(path: str, what: str, word: str) -> Finding:
        return _finding(
            _ERROR,
            "unknown-status-word",
            path,
            f"{_sentence(what)} has the status {_shown(word)}, which is not one of the "
            f"council's status words ({known}, ...); use one of them, or add the word to "
            "[action_statuses] in council.toml.",
        )

    for path, where, actions, _needs in _plans_of_actions(framework):
        for k, action in enumerate(actions):
            what = _action_what(action, where)
            if action.status is not None and vocabulary.meaning_of(action.status) is None:
                yield unknown(f"{path}.actions[{k}].status", what, action.status)
            for u, update in enumerate(action.updates):
                if update.status is not None and vocabulary.meaning_of(update.status) is None:
                    yield unknown(
                        f"{path}.actions[{k}].updates[{u}].status",
                        f"the update of {format_date(update.on)} to {what}",
                        update.status,
                    )


def _ambiguous_committee(framework: Framework, text: str) -> str | None:
    """Why ``text`` names no one committee, when more than one answers to it; else None."""
    try:
        framework.committee_named(text)
    except AmbiguousNameError as error:
        return str(error)
    return None


def lead_committee_findings(framework: Framework) -> Iterator[Finding]:
    """Every action's ``lead_committee`` names one committee, by id or by name (case and
    spacing aside); a name more than one committee answers to is ``ambiguous-committee``. A
    peer-challenge action plan quotes the plan the council published, which may name several
    committees in one phrase, so there it is a warning; elsewhere an error.

    >>> from councilpmf.core.actions import Action
    >>> from councilpmf.core.governance import Committee, CommitteeKind
    >>> from councilpmf.core.periods import Frequency
    >>> from councilpmf.core.plan import DeliveryPlan, StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     committees=(Committee(id="cabinet", name="Cabinet", kind=CommitteeKind.CABINET,
    ...         cadence=Frequency.QUARTERLY),),
    ...     delivery_plans=(DeliveryPlan(id="d", title="Place plan", actions=(
    ...         Action(ref="1", title="A", lead_committee="cabinet"),
    ...         Action(ref="2", title="B", lead_committee="CABINET"),
    ...         Action(ref="3", title="C", lead_committee="Scrutiny"),)),))
    >>> for finding in lead_committee_findings(fw):
    ...     print(finding.code, finding.path)
    unknown-committee $.delivery_plans[0].actions[2].lead_committee
    """
    listed = ", ".join(c.name for c in framework.committees) or "none"
    for path, where, actions, in_own_plan in _plans_of_actions(framework):
        for k, action in enumerate(actions):
            lead = action.lead_committee
            if lead is None:
                continue
            ambiguous = _ambiguous_committee(framework, lead)
            if ambiguous is not None:
                yield _finding(
                    _ERROR if in_own_plan else _WARNING,
                    "ambiguous-committee",
                    f"{path}.actions[{k}].lead_committee",
                    f"{_sentence(_action_what(action, where))} is led by no committee until "
                    f"its lead committee is named by a name that is one committee's alone: "
                    f"{ambiguous}",
                )
                continue
            if framework.committee_named(lead) is not None:
                continue
            yield _finding(
                _ERROR if in_own_plan else _WARNING,
                "unknown-committee",
                f"{path}.actions[{k}].lead_committee",
                f"{_sentence(_action_what(action, where))} is led by {_shown(lead)}, which is "
                f"not the id or name of a committee in committees.toml (the committees: "
                f"{listed}); correct it or add the committee.",
            )


def target_value_findings(framework: Framework) -> Iterator[Finding]:
    """Targets and baselines are values the indicator's unit allows, as readings must be: a
    -50% or 1e12% target is refused as a -5% reading is.

    >>> from councilpmf.core.indicators import Indicator, Target, Unit
    >>> from councilpmf.core.periods import parse_period
    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     indicators=(Indicator(id="FT", title="Fly-tips cleared", unit=Unit.PERCENTAGE,
    ...         targets=(Target(period=parse_period("2024/25"), value=-50.0),)),))
    >>> for finding in target_value_findings(fw):
    ...     print(finding.code, finding.path)
    impossible-target $.indicators[0].targets[0].value
    """
    for i, indicator in enumerate(framework.indicators):
        path = f"$.indicators[{i}]"
        values: list[tuple[str, str, float | None]] = []
        if indicator.baseline is not None:
            values.append(
                (
                    f"{path}.baseline.value",
                    f"baseline for {indicator.baseline.period}",
                    indicator.baseline.value,
                )
            )
        for k, target in enumerate(indicator.targets):
            for field in ("value", "low", "high"):
                what = "target" if field == "value" else f"target {field}"
                values.append(
                    (
                        f"{path}.targets[{k}].{field}",
                        f"{what} for {target.period}",
                        getattr(target, field),
                    )
                )
        for where, what, value in values:
            problem = None if value is None else indicator.impossible(value)
            if problem is not None:
                yield _finding(
                    _ERROR,
                    "impossible-target" if "target" in what else "impossible-baseline",
                    where,
                    f"The {what} of {indicator.id}, {indicator.format_value(value)}, is "
                    f"{problem}, which its unit ({indicator.unit.value}) does not allow; "
                    "correct it.",
                )


def golden_thread(framework: Framework) -> Findings:
    """Check that the chain of plans connects: ids are unique, every reference names something
    that exists, every priority is measured or acted on, every indicator is used and has targets,
    and indicator sets keep their size.

    >>> from councilpmf.core.actions import Action
    >>> from councilpmf.core.plan import DeliveryPlan, Priority, StrategicPlan, Theme
    >>> fw = Framework(
    ...     plan=StrategicPlan(title="Plan", organisation="Anytown", themes=(
    ...         Theme(id="place", name="Our place",
    ...               priorities=(Priority(id="P1", statement="Clean streets"),)),)),
    ...     delivery_plans=(DeliveryPlan(id="d", title="Place plan", actions=(
    ...         Action(ref="1", title="Buy a sweeper", serves=("P1",)),
    ...         Action(ref="2", title="Count litter", serves=("P9",)))),))
    >>> for finding in golden_thread(fw):
    ...     print(finding.severity.value, finding.code, finding.path)
    error unknown-priority $.delivery_plans[0].actions[1].serves[0]
    """
    return _ordered(
        [
            *_reference_findings(framework),
            *_coverage_findings(framework),
            *map(
                in_framework,
                risk_findings(
                    framework.risks,
                    known=framework.plan.parts(),
                    actions=framework.actions_named,
                ),
            ),
            *status_word_findings(framework),
            *lead_committee_findings(framework),
            *target_value_findings(framework),
            *calculation_findings(framework),
        ]
    )


# -- data quality ------------------------------------------------------------------------------


def _timeliness(
    indicator: Indicator, path: str, readings: list[Reading], as_of: dt.date, start_month: int
) -> Iterator[Finding]:
    name = f"{indicator.id} '{indicator.title}'"
    due = indicator.latest_due(as_of, start_month)
    if due is None:  # nothing is due yet, in the first year periods can be written for
        return
    covered = {r.period.month_span() for r in readings}
    first: Period | None = None
    if readings:
        earliest = min(readings, key=lambda r: r.period.month_span()).period
        first = containing(earliest.start, indicator.frequency, start_month)
    # Nothing is late before an indicator's first reading: its series had not started.
    if due.month_span() not in covered and (first is None or first <= due):
        yield late_data(indicator, due, path)
    if first is None:
        return
    missing = [p for p in periods_between(first, due) if p.month_span() not in covered]
    if missing:
        listed = ", ".join(str(p) for p in missing[:_LISTED])
        more = f" and {len(missing) - _LISTED} more" if len(missing) > _LISTED else ""
        noun = "period has" if len(missing) == 1 else "periods have"
        yield _finding(
            _WARNING,
            "missing-period",
            path,
            f"{len(missing)} {indicator.frequency.value} {noun} no reading of {name} since its "
            f"first reading ({earliest}): {listed}{more}. Record the values, or why they are "
            "missing.",
        )


def _value_findings(
    framework: Framework, readings: Iterable[Reading], positions: dict[str, int], as_of: dt.date
) -> Iterator[Finding]:
    year_ago = add_months(as_of, -12)
    for reading in readings:
        if reading.indicator not in positions:
            continue
        indicator = framework.indicator(reading.indicator)
        path = value_path(indicator, reading.period, positions[indicator.id])
        if reading.value is not None:
            impossible = impossible_value(indicator, reading.period, reading.value, path)
            if impossible is not None:
                yield impossible
        if (
            reading.status is ReadingStatus.PROVISIONAL
            and reading.period.end < year_ago
            and not indicator.calculated  # provisional because an input is: that one is named
        ):
            yield _finding(
                _INFO,
                "provisional-old",
                path,
                f"The reading of {indicator.id} for {reading.period} is still provisional more "
                "than a year after the period ended; confirm it as final or correct it.",
            )


def _unknown_findings(readings: Iterable[Reading], positions: dict[str, int]) -> Iterator[Finding]:
    unknown: dict[str, list[Period]] = {}
    for reading in readings:
        if reading.indicator not in positions:
            unknown.setdefault(reading.indicator, []).append(reading.period)
    for indicator, periods in unknown.items():
        yield unknown_indicator(indicator, periods)


def _plain(value: float | None) -> str:
    return "no data" if value is None else f"{value:g}"


def _revision_findings(
    framework: Framework, revisions: Iterable[ReadingRevision], positions: dict[str, int]
) -> Iterator[Finding]:
    for revision in revisions:
        old = revision.old
        if old is None or old.status is not ReadingStatus.FINAL:
            continue
        if old.value == revision.new.value or revision.reason.strip():
            continue
        show = (
            framework.indicator(revision.indicator).format_value
            if revision.indicator in positions
            else _plain
        )
        yield _finding(
            _WARNING,
            "unexplained-change",
            reading_path(revision.indicator, revision.period),
            f"The final reading of {revision.indicator} for {revision.period} was changed from "
            f"{show(old.value)} to {show(revision.new.value)} by {revision.by} at {revision.at} "
            f"(revision {revision.revision}) with no reason given; record why it changed.",
        )


def data_quality(
    framework: Framework,
    readings: Iterable[Reading] | Readings,
    as_of: dt.date | str,
    revisions: Iterable[ReadingRevision] = (),
    comparators: Iterable[ComparatorGroup] = (),
) -> Findings:
    """Check the readings as they stand on ``as_of``: gaps, late data, duplicates, impossible
    values, readings of unknown indicators, final values changed without a reason, readings
    left provisional for more than a year, and published statuses that the council's rule
    contradicts or its vocabulary does not know
    (:func:`~councilpmf.core.audit.published_status_findings`).

    Given an iterable, every reading is checked and duplicates are counted; given a
    :class:`~councilpmf.core.readings.Readings` index, its kept readings are checked and its
    ``duplicates`` reported. A published status is judged by the council's rule with the
    comparator values: the index's own, or with an iterable, ``comparators`` (so that an
    indicator rated by quartile is rated, not "not rated").

    >>> import datetime as dt
    >>> from councilpmf.core.indicators import Indicator, Reading, Target, Unit
    >>> from councilpmf.core.periods import parse_period
    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
    ...     indicators=(Indicator(id="FT", title="Fly-tips cleared", unit=Unit.PERCENTAGE),))
    >>> readings = [Reading(indicator="FT", period=parse_period(p), value=v)
    ...     for p, v in (("2024/25 Q1", 91.0), ("2024/25 Q3", 104.0))]
    >>> for f in data_quality(fw, readings, as_of=dt.date(2025, 2, 1)):
    ...     print(f.severity.value, f.code, f.path)
    error impossible-value $.readings[indicator=FT, period=2024/25 Q3]
    warning missing-period $.indicators[0]
    """
    as_of = as_date(as_of, "as_of")
    positions = {ind.id: i for i, ind in enumerate(framework.indicators)}
    if isinstance(readings, Readings):
        kept: tuple[Reading, ...] = tuple(readings.index.values())
        repeated: Mapping[tuple[str, Period], int] = readings.repeats
    else:
        kept = tuple(readings)
        counts = Counter(r.key for r in kept)
        repeated = {key: n for key, n in counts.items() if n > 1}
    found: list[Finding] = [
        duplicate_reading(indicator_id, period, reading_path(indicator_id, period), n)
        for (indicator_id, period), n in repeated.items()
    ]
    worked_out = with_calculated(
        framework, readings if isinstance(readings, Readings) else Readings.of(kept, comparators)
    )
    # Each indicator's readings that an assessment can use. The others are errors, except a
    # value given for a calculated indicator, which is never used: a warning already says so.
    not_used = {reading.key for reading in worked_out.ignored}
    by_indicator: dict[str, list[Reading]] = {ind.id: [] for ind in framework.indicators}
    start_month = framework.year_start_month
    for reading in kept:
        usable = by_indicator.get(reading.indicator)
        if usable is None:
            continue  # of an indicator the framework lacks: _unknown_findings says so
        indicator = framework.indicator(reading.indicator)
        if fits(reading.period, indicator.frequency, start_month):
            usable.append(reading)
        elif reading.key not in not_used:
            path = reading_path(reading.indicator, reading.period)
            found.append(unusable_reading(indicator, reading.period, start_month, path))
    found.extend(ignored_findings(framework, worked_out))
    for indicator in framework.indicators:
        if indicator.calculated:
            continue  # its inputs' readings are checked, and the ones given for it are ignored
        found.extend(
            _timeliness(
                indicator,
                f"$.indicators[{positions[indicator.id]}]",
                by_indicator[indicator.id],
                as_of,
                framework.year_start_month,
            )
        )
    # Each reading's value as read, and each calculated indicator's as worked out (the value
    # given for one is not used, and ignored_findings has said so where it differs).
    calculated = {indicator.id for indicator in framework.calculated}
    values = [r for r in kept if r.indicator not in calculated] + [
        r for key, r in worked_out.index.items() if key[0] in calculated
    ]
    found.extend(_value_findings(framework, values, positions, as_of))
    found.extend(_unknown_findings(kept, positions))
    found.extend(_revision_findings(framework, revisions, positions))
    if any(reading.published_status for reading in kept):
        found.extend(published_status_findings(framework, worked_out))
    found.extend(map(in_framework, overdue_reviews(framework.risks, as_of)))
    return _ordered(found)


def run_checks(
    framework: Framework,
    readings: Iterable[Reading] | Readings,
    as_of: dt.date | str,
    revisions: Iterable[ReadingRevision] = (),
    extra: Iterable[Check] = (),
    comparators: Iterable[ComparatorGroup] = (),
) -> Findings:
    """The golden thread, data quality and each ``extra`` check (a plugin's), in one sorted
    list: errors first, then warnings, then information, each by path and code. ``comparators``
    are the comparator values when ``readings`` is not an index (:func:`data_quality`).

    >>> import datetime as dt
    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"))
    >>> def needs_vision(fw, readings, as_of):
    ...     if not fw.plan.vision:
    ...         yield Finding(severity=Severity.WARNING, code="no-vision", path="$.plan.vision",
    ...                       message="The plan has no vision; write one.")
    >>> [str(f) for f in run_checks(fw, [], dt.date(2025, 1, 1), extra=[needs_vision])]
    ['warning no-vision $.plan.vision: The plan has no vision; write one.']
    """
    as_of = as_date(as_of, "as_of")
    given: Readings | tuple[Reading, ...] = (
        readings if isinstance(readings, Readings) else tuple(readings)
    )
    groups = tuple(comparators)
    index = given if isinstance(given, Readings) else Readings.of(given, groups)
    found = [
        *golden_thread(framework),
        *data_quality(framework, given, as_of, revisions, groups),
    ]
    for check in extra:
        found.extend(check(framework, index, as_of))
    return _ordered(found)
