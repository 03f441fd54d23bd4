"""The kinds of report, and :func:`build_report`, which builds one by its kind's name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from councilpmf.core.assess import Readings
from councilpmf.core.errors import UnknownNameError
from councilpmf.core.findings import Finding
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import Period
from councilpmf.core.report.actions import actions_report
from councilpmf.core.report.audit import audit_report
from councilpmf.core.report.document import Report
from councilpmf.core.report.exceptions import exceptions_report
from councilpmf.core.report.peer_challenge import peer_challenge_report
from councilpmf.core.report.performance import performance_report
from councilpmf.core.report.risks import risks_report
from councilpmf.core.report.strategy_review import strategy_review_report

__all__ = ["REPORT_KINDS", "build_report"]

_BUILDERS: Mapping[str, Callable[..., Report]] = {
    "performance": performance_report,
    "exceptions": exceptions_report,
    "actions": actions_report,
    "peer-challenge": peer_challenge_report,
    "strategy-review": strategy_review_report,
    "risks": risks_report,
    "audit": audit_report,
}

REPORT_KINDS: tuple[str, ...] = tuple(_BUILDERS)
"""The kinds of report :func:`build_report` makes."""


def build_report(
    kind: str,
    framework: Framework,
    readings: Readings | Iterable[Reading],
    period: Period | str,
    as_of: dt.date | str,
    committee: str | None = None,
    *,
    charts: bool = True,
    located: Callable[[Finding], Finding] | None = None,
) -> Report:
    """Build a report of ``kind`` (one of :data:`REPORT_KINDS`) for ``period`` as things stood
    on ``as_of``, for a committee (its id) or, without one, the whole council.

    ``period`` and ``as_of`` may be given as text, as :func:`~councilpmf.core.assess.assess`
    takes them (``"2024/25 Q3"``, ``"2025-01-20"``). ``charts`` applies to the performance
    report only; ``located`` to the risks report only, where it tells each finding about the
    register (:func:`~councilpmf.core.report.risks.risks_report`).

    >>> from councilpmf.core.plan import StrategicPlan
    >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown Council"))
    >>> from councilpmf.core.periods import parse_period
    >>> build_report("league-table", fw, [], parse_period("2024/25"), dt.date(2025, 4, 1))
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.UnknownNameError: unknown report kind 'league-table'; the kinds are performance, exceptions, actions, peer-challenge, strategy-review, risks, audit
    """  # noqa: E501
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise UnknownNameError(
            f"unknown report kind {kind!r}; the kinds are {', '.join(REPORT_KINDS)}"
        )
    if kind == "performance":
        return builder(framework, readings, period, as_of, committee, charts=charts)
    if kind == "risks":
        return builder(framework, readings, period, as_of, committee, located=located)
    return builder(framework, readings, period, as_of, committee)
