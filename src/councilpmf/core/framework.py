"""The :class:`Framework`: a council's whole performance framework in one value.

It holds the strategic plan, indicators, delivery and service plans, resource strategies and
budget, committees and their indicator sets, peer challenges, the default rating rule, the
council's action status words and the words it publishes ratings in.

>>> from councilpmf.core.plan import StrategicPlan
>>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown Council"))
>>> fw.organisation, fw.default_rule.kind, fw.year_start_month
('Anytown Council', 'target-tolerance', 4)
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import attrs

from councilpmf.core._coerce import to_whole
from councilpmf.core._summary import counted, named, summary
from councilpmf.core._validate import (
    of_type,
    refuse_repeats,
    text,
    tuple_of,
    whole_in,
)
from councilpmf.core.actions import DEFAULT_VOCABULARY, Action, StatusVocabulary
from councilpmf.core.approval import ApprovalPolicy
from councilpmf.core.errors import AmbiguousNameError, InputError
from councilpmf.core.governance import Committee, IndicatorSet, committee_finder
from councilpmf.core.indicators import Indicator
from councilpmf.core.names import NameIndex
from councilpmf.core.peer_challenge import PeerChallenge
from councilpmf.core.periods import Frequency, Period, containing
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    ResourceStrategy,
    ServicePlan,
    StrategicPlan,
)
from councilpmf.core.published import DEFAULT_PUBLISHED_WORDS, PublishedVocabulary
from councilpmf.core.rag import TargetTolerance
from councilpmf.core.risks import ActionInPlan, MitigatingAction, RiskRegister
from councilpmf.core.rule import Rule, check_rule
from councilpmf.core.travel import SeriesBreak, series_breaks
from councilpmf.core.year_labels import shift_year_labels

__all__ = ["Framework", "PlannedAction"]

_Plan = TypeVar("_Plan", DeliveryPlan, ServicePlan)


def _apart(named: list[tuple[str, object]]) -> list[str]:
    """Each name, followed by what tells it apart (when that is not None) where others share
    it.

    >>> _apart([("Highways", "2023/24"), ("Highways", "2024/25"), ("Libraries", "2024/25")])
    ['Highways, 2023/24', 'Highways, 2024/25', 'Libraries']
    """
    shared = Counter(name for name, _ in named)
    return [
        f"{name}, {told}" if shared[name] > 1 and told is not None else name for name, told in named
    ]


@attrs.frozen(kw_only=True)
class PlannedAction:
    """An action with the name of the plan that sets it (as :meth:`Framework.action_plans`
    names it) and the action's path in the framework. ``plan_alone`` is a text that finds that
    plan and no other (:meth:`Framework.action_plan_named`): the plan's name where that does,
    else its id; None where nothing does, or where the action was not read from a framework."""

    plan: str
    path: str
    action: Action
    plan_alone: str | None = None


@attrs.frozen(kw_only=True)
class _ActionPlan:
    """A plan that sets actions: its path, what kind of plan it is, its name, the texts that
    name it (its id and its name; a peer challenge its id, if it has one, and its title) and
    its actions."""

    path: str
    kind: str
    name: str
    called: tuple[str, ...]
    actions: tuple[PlannedAction, ...]


def _written_alone(plan: _ActionPlan, alone: tuple[str, ...]) -> str | None:
    """The text to write for ``plan`` so that it finds that plan alone, of the texts that do
    (``alone``): its name where that does, else its id; None where neither does."""
    return plan.name if plan.name in alone else next(iter(alone), None)


@attrs.frozen(kw_only=True)
class Framework:
    """A council's performance framework: everything but the readings."""

    plan: StrategicPlan = attrs.field(validator=of_type(StrategicPlan))
    indicators: tuple[Indicator, ...] = attrs.field(default=(), validator=tuple_of(Indicator))
    delivery_plans: tuple[DeliveryPlan, ...] = attrs.field(
        default=(), validator=tuple_of(DeliveryPlan)
    )
    service_plans: tuple[ServicePlan, ...] = attrs.field(
        default=(), validator=tuple_of(ServicePlan)
    )
    resource_strategies: tuple[ResourceStrategy, ...] = attrs.field(
        default=(), validator=tuple_of(ResourceStrategy)
    )
    budget: tuple[BudgetAllocation, ...] = attrs.field(
        default=(), validator=tuple_of(BudgetAllocation)
    )
    committees: tuple[Committee, ...] = attrs.field(default=(), validator=tuple_of(Committee))
    indicator_sets: tuple[IndicatorSet, ...] = attrs.field(
        default=(), validator=tuple_of(IndicatorSet)
    )
    peer_challenges: tuple[PeerChallenge, ...] = attrs.field(
        default=(), validator=tuple_of(PeerChallenge)
    )
    risks: RiskRegister = attrs.field(factory=RiskRegister, validator=of_type(RiskRegister))
    default_rule: Rule = attrs.field(factory=TargetTolerance, validator=check_rule)
    vocabulary: StatusVocabulary = attrs.field(
        default=DEFAULT_VOCABULARY, validator=of_type(StatusVocabulary)
    )
    published_statuses: PublishedVocabulary = attrs.field(
        default=DEFAULT_PUBLISHED_WORDS, validator=of_type(PublishedVocabulary)
    )
    year_start_month: int = attrs.field(default=4, converter=to_whole, validator=whole_in(1, 12))
    area_code: str = attrs.field(default="", validator=text)
    approval: ApprovalPolicy = attrs.field(
        factory=ApprovalPolicy, validator=of_type(ApprovalPolicy)
    )

    def __attrs_post_init__(self) -> None:
        # A repeated id makes the framework ambiguous (which one does a reference mean?).
        collections: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
            ("indicators", "indicator", self.indicators),
            ("committees", "committee", self.committees),
            ("delivery_plans", "delivery plan", self.delivery_plans),
            ("service_plans", "service plan", self.service_plans),
            ("resource_strategies", "resource strategy", self.resource_strategies),
        )
        for name, noun, items in collections:
            refuse_repeats(noun, ((f"$.{name}[{i}]", item.id) for i, item in enumerate(items)))
        self._refuse_shared_plan_ids()

    def _refuse_shared_plan_ids(self) -> None:
        """Refuse an id that two plans that set actions share, whatever their kinds: a service
        plan's that is a delivery plan's, a peer challenge's that is a plan's or another
        challenge's. An id names one plan (:meth:`action_plan_named`), so it must be its own;
        two delivery plans (or service plans) with one id are refused with the other repeats."""
        held: dict[str, tuple[str, str]] = {}
        plans: tuple[
            tuple[str, str, tuple[DeliveryPlan | ServicePlan | PeerChallenge, ...]], ...
        ] = (
            ("delivery plan", "delivery_plans", self.delivery_plans),
            ("service plan", "service_plans", self.service_plans),
            ("peer challenge", "peer_challenges", self.peer_challenges),
        )
        for noun, name, items in plans:
            for i, plan in enumerate(items):
                if plan.id is None:
                    continue
                path = f"$.{name}[{i}]"
                first_noun, first = held.setdefault(plan.id, (noun, path))
                if first != path:
                    others = (
                        "plan or other peer challenge"
                        if noun == "peer challenge"
                        else "other plan or peer challenge"
                    )
                    raise InputError(
                        (
                            f"{path}.id: {plan.id!r} is already the id of the {first_noun} at "
                            f"{first}; give the {noun} an id no {others} has",
                        )
                    )

    def __repr__(self) -> str:
        """One line: the council and how many of each part it has.

        >>> from councilpmf.core.plan import StrategicPlan
        >>> Framework(plan=StrategicPlan(title="Plan", organisation="York"))
        <Framework 'York': 0 themes, 0 indicators>
        """
        actions = sum(len(p.actions) for p in self.delivery_plans) + sum(
            len(p.actions) for p in self.service_plans
        )
        plans = len(self.delivery_plans) + len(self.service_plans)
        return summary(
            "Framework",
            named(self.organisation),
            counted(len(self.plan.themes), "theme"),
            counted(len(self.indicators), "indicator"),
            counted(plans, "plan") if plans else "",
            counted(actions, "action") if actions else "",
            counted(len(self.committees), "committee") if self.committees else "",
            counted(len(self.risks.risks), "risk") if self.risks.risks else "",
        )

    @property
    def organisation(self) -> str:
        """The council's name, as the strategic plan gives it."""
        return self.plan.organisation

    @functools.cached_property
    def _indicator_index(self) -> dict[str, Indicator]:
        return {indicator.id: indicator for indicator in self.indicators}

    @functools.cached_property
    def calculated(self) -> tuple[Indicator, ...]:
        """The indicators worked out from others (``numerator`` and ``denominator``, or a
        ``formula``), in order; worked out once.

        >>> from councilpmf.core.plan import StrategicPlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     indicators=(Indicator(id="A", title="A"),
        ...                 Indicator(id="B", title="B", formula="A * 2")))
        >>> [i.id for i in fw.calculated]
        ['B']
        """
        return tuple(indicator for indicator in self.indicators if indicator.calculated)

    @functools.cached_property
    def series_breaks(self) -> dict[str, tuple[SeriesBreak, ...]]:
        """The changes of definition that apply to each indicator that has any, its own and
        its inputs' (:func:`~councilpmf.core.travel.series_breaks`), by id; worked out once.
        Direction of travel is never compared across them.

        >>> from councilpmf.core.plan import StrategicPlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     indicators=(Indicator(id="A", title="A", series_break="2024/25 Q1"),
        ...                 Indicator(id="B", title="B", formula="A * 2")))
        >>> [f"{b.of} from {b.period}" for b in fw.series_breaks["B"]]
        ['A from 2024/25 Q1']
        """
        return series_breaks(self.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id; KeyError if there is none."""
        return self._indicator_index[indicator_id]

    def has_indicator(self, indicator_id: str) -> bool:
        """True when an indicator has this id."""
        return indicator_id in self._indicator_index

    def replace_indicator(self, indicator: Indicator) -> Framework:
        """This framework with the indicator of the same id replaced by ``indicator``.

        >>> from councilpmf.core.periods import parse_period
        >>> from councilpmf.core.plan import StrategicPlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     indicators=(Indicator(id="K1", title="Missed bins"),))
        >>> year = parse_period("2024/25")
        >>> fw = fw.replace_indicator(fw.indicator("K1").with_target(year, 50))
        >>> fw.indicator("K1").target_for(year).value
        50
        """
        if not self.has_indicator(indicator.id):
            raise KeyError(f"there is no indicator {indicator.id!r} to replace")
        return attrs.evolve(
            self,
            indicators=tuple(
                indicator if known.id == indicator.id else known for known in self.indicators
            ),
        )

    def with_actions(self, change: Callable[[tuple[Action, ...]], tuple[Action, ...]]) -> Framework:
        """This framework with each of its lists of actions (a delivery plan's, a service
        plan's, a peer challenge recommendation's) replaced by what ``change`` makes of it.

        >>> from councilpmf.core.plan import DeliveryPlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     delivery_plans=(DeliveryPlan(id="d", title="Delivery", actions=(
        ...         Action(ref="A1", title="Open the depot"),)),))
        >>> emptied = fw.with_actions(lambda actions: ())
        >>> emptied.delivery_plans[0].actions, emptied.delivery_plans[0].title
        ((), 'Delivery')
        """
        return attrs.evolve(
            self,
            delivery_plans=tuple(
                attrs.evolve(p, actions=change(p.actions)) for p in self.delivery_plans
            ),
            service_plans=tuple(
                attrs.evolve(p, actions=change(p.actions)) for p in self.service_plans
            ),
            peer_challenges=tuple(
                attrs.evolve(
                    c,
                    recommendations=tuple(
                        attrs.evolve(r, actions=change(r.actions)) for r in c.recommendations
                    ),
                )
                for c in self.peer_challenges
            ),
        )

    def roll_forward(self, years: int = 1) -> Framework:
        """Next year's framework, to edit into next year's plan: each indicator's targets for
        the last year it has targets in are copied ``years`` on (where none is set yet), plans
        that have a year move on by ``years`` with their actions as they stand, and the budget
        of the last budgeted year is copied on as a starting point. The financial-year labels
        in delivery plans' titles and ids and service plans' names and ids move on too
        (:func:`~councilpmf.core.year_labels.shift_year_labels`: ``2024/25``, ``2024-25`` and
        ``2024/2025`` do, ``Vision 2030`` and ``2014-18`` do not), so "Delivery Plan 2024/25"
        becomes "Delivery Plan 2025/26".

        >>> from councilpmf.core.periods import parse_period
        >>> from councilpmf.core.plan import StrategicPlan
        >>> k = Indicator(id="K1", title="Missed bins").with_target(parse_period("2024/25"), 50)
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     indicators=(k,)).roll_forward()
        >>> [(str(t.period), t.value) for t in fw.indicator("K1").targets]
        [('2024/25', 50), ('2025/26', 50)]
        >>> plan = DeliveryPlan(id="economy-2024-25", title="Delivery Plan 2024/25", year="2024/25")
        >>> rolled = attrs.evolve(fw, delivery_plans=(plan,)).roll_forward().delivery_plans[0]
        >>> rolled.id, rolled.title, str(rolled.year)
        ('economy-2025-26', 'Delivery Plan 2025/26', '2025/26')
        """
        if not isinstance(years, int) or isinstance(years, bool) or years < 1:
            raise InputError((f"years must be a whole number of at least 1, not {years!r}",))
        start = self.year_start_month

        def year_of(period: Period) -> Period:
            return containing(period.end, Frequency.ANNUAL, start)

        def rolled(indicator: Indicator) -> Indicator:
            if not indicator.targets:
                return indicator
            last = max(year_of(t.period) for t in indicator.targets)
            set_already = {t.period for t in indicator.targets}
            for target in indicator.targets:
                moved = target.period.shift(years=years)
                if year_of(target.period) == last and moved not in set_already:
                    indicator = indicator.with_target(
                        moved, target.value, low=target.low, high=target.high
                    )
            return indicator

        budget = self.budget
        if budget:
            last_budget = max(allocation.year for allocation in budget)
            budget += tuple(
                attrs.evolve(allocation, year=allocation.year.shift(years=years))
                for allocation in budget
                if allocation.year == last_budget
            )

        def year_on(plan: _Plan) -> _Plan:
            return (
                plan if plan.year is None else attrs.evolve(plan, year=plan.year.shift(years=years))
            )

        return attrs.evolve(
            self,
            indicators=tuple(rolled(indicator) for indicator in self.indicators),
            delivery_plans=tuple(
                attrs.evolve(
                    year_on(plan),
                    id=shift_year_labels(plan.id, years),
                    title=shift_year_labels(plan.title, years),
                )
                for plan in self.delivery_plans
            ),
            service_plans=tuple(
                attrs.evolve(
                    year_on(plan),
                    id=shift_year_labels(plan.id, years),
                    service=shift_year_labels(plan.service, years),
                )
                for plan in self.service_plans
            ),
            budget=budget,
        )

    def rule_for(self, indicator: Indicator) -> Rule:
        """The indicator's own rule, or the framework's default."""
        rule: Rule = indicator.rule if indicator.rule is not None else self.default_rule
        return rule

    def committee(self, committee_id: str) -> Committee:
        """The committee with this id; KeyError if there is none."""
        for committee in self.committees:
            if committee.id == committee_id:
                return committee
        raise KeyError(committee_id)

    @functools.cached_property
    def _committee_finder(self) -> Callable[[str], Committee | None]:
        return committee_finder(self.committees)

    def committee_named(self, text: str) -> Committee | None:
        """The committee ``text`` names: the one whose id or name it is exactly, else the one
        whose id or name it is as a reader sees it
        (:meth:`~councilpmf.core.governance.Committee.is_called`); None when it names none.
        :class:`~councilpmf.core.errors.AmbiguousNameError` when more than one committee
        answers to it, listing them (:func:`~councilpmf.core.governance.committee_finder`).
        The committees are read once.

        >>> from councilpmf.core.governance import Committee
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     committees=(Committee(id="cabinet", name="Cabinet", kind="cabinet",
        ...                           cadence="quarterly"),))
        >>> fw.committee_named("CABINET").id, fw.committee_named("Scrutiny")
        ('cabinet', None)
        """
        return self._committee_finder(text)

    def sets_of(self, committee_id: str) -> tuple[IndicatorSet, ...]:
        """The indicator sets a committee watches: those whose ``committee`` names it, by its
        id or its name as a reader sees it (:meth:`committee_named`), as an action names its
        lead committee; a set whose ``committee`` more than one committee answers to is none
        of theirs."""

        def committee_of(indicator_set: IndicatorSet) -> str | None:
            try:
                named = self.committee_named(indicator_set.committee)
            except AmbiguousNameError:
                return None
            return indicator_set.committee if named is None else named.id

        return tuple(s for s in self.indicator_sets if committee_of(s) == committee_id)

    def plan_names(self) -> tuple[str, ...]:
        """The name of every delivery plan, then every service plan, in order, as
        :meth:`planned_actions` names them: a plan by its title (a service plan by its
        service), those that share a name told apart by their year (``"Highways, 2024/25"``),
        or, when that is shared too, by their id. A plan with no actions has its name too.

        >>> from councilpmf.core.plan import ServicePlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     service_plans=(ServicePlan(id="h24", service="Highways", year="2024/25"),
        ...                    ServicePlan(id="h25", service="Highways", year="2025/26")))
        >>> fw.plan_names()
        ('Highways, 2024/25', 'Highways, 2025/26')
        """
        return tuple(name for name, _path, _plan in self._named_plans())

    def _named_plans(self) -> list[tuple[str, str, DeliveryPlan | ServicePlan]]:
        """Each plan's name (:meth:`plan_names`), path and record."""
        plans: list[tuple[str, str, DeliveryPlan | ServicePlan]] = [
            *((f"$.delivery_plans[{i}]", p.title, p) for i, p in enumerate(self.delivery_plans)),
            *((f"$.service_plans[{i}]", p.service, p) for i, p in enumerate(self.service_plans)),
        ]
        by_year = _apart([(name, plan.year) for _path, name, plan in plans])
        names = _apart([(name, plan.id) for name, (*_, plan) in zip(by_year, plans, strict=True)])
        return [(name, path, plan) for name, (path, _, plan) in zip(names, plans, strict=True)]

    @property
    def _plans_with_actions(self) -> tuple[_ActionPlan, ...]:
        """Every plan that sets actions, in order: the delivery and service plans, then the
        peer challenges' action plans."""
        return self._indexed_plans[0]

    @functools.cached_property
    def _indexed_plans(self) -> tuple[tuple[_ActionPlan, ...], NameIndex]:
        """:attr:`_plans_with_actions`, and the index that finds them by the texts that name
        them. Read once: every lookup of a plan or an action uses them."""
        plans = [
            _ActionPlan(
                path=path,
                kind="delivery plan" if isinstance(plan, DeliveryPlan) else "service plan",
                name=name,
                called=(plan.id, name),
                actions=tuple(
                    PlannedAction(plan=name, path=f"{path}.actions[{j}]", action=action)
                    for j, action in enumerate(plan.actions)
                ),
            )
            for name, path, plan in self._named_plans()
        ]
        for i, challenge in enumerate(self.peer_challenges):
            path = f"$.peer_challenges[{i}]"
            plans.append(
                _ActionPlan(
                    path=path,
                    kind="peer challenge",
                    name=challenge.title,
                    called=(challenge.title,)
                    if challenge.id is None
                    else (challenge.id, challenge.title),
                    actions=tuple(
                        PlannedAction(
                            plan=challenge.title,
                            path=f"{path}.recommendations[{j}].actions[{k}]",
                            action=action,
                        )
                        for j, recommendation in enumerate(challenge.recommendations)
                        for k, action in enumerate(recommendation.actions)
                    ),
                )
            )
        index = NameIndex([plan.called for plan in plans])
        written = tuple(
            attrs.evolve(
                plan, actions=tuple(attrs.evolve(a, plan_alone=alone) for a in plan.actions)
            )
            for i, plan in enumerate(plans)
            for alone in [_written_alone(plan, index.alone(i))]
        )
        return written, index

    def planned_actions(self) -> Iterator[PlannedAction]:
        """Every delivery-plan and service-plan action, with its plan's name
        (:meth:`plan_names`) and its path."""
        for plan in self._plans_with_actions[: len(self.delivery_plans) + len(self.service_plans)]:
            yield from plan.actions

    def actions_named(self, named: MitigatingAction) -> tuple[PlannedAction, ...]:
        """The actions a risk names (:attr:`~councilpmf.core.risks.Risk.actions`), each with
        its plan's name and its path: for a ref alone, every delivery-plan and service-plan
        action with that ref (more than one where plans share it); for an
        :class:`~councilpmf.core.risks.ActionInPlan`, the action with that ref in the plan
        :meth:`action_plan_named` finds, a peer challenge's action plan included. Empty when
        it names none; :class:`~councilpmf.core.errors.AmbiguousNameError` when its plan's
        name names more than one plan, as :meth:`action_plan_named` refuses it.

        >>> from councilpmf.core.plan import DeliveryPlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     delivery_plans=tuple(DeliveryPlan(id=f"dp{y}", title=f"Delivery Plan 20{y}",
        ...         actions=(Action(ref="1.1", title="Open the depot"),)) for y in (24, 25)))
        >>> [p.plan for p in fw.actions_named("1.1")]
        ['Delivery Plan 2024', 'Delivery Plan 2025']
        >>> [p.path for p in fw.actions_named(ActionInPlan(plan="dp25", ref="1.1"))]
        ['$.delivery_plans[1].actions[0]']
        >>> fw.actions_named(ActionInPlan(plan="dp26", ref="1.1"))
        ()
        """
        if not isinstance(named, ActionInPlan):
            return tuple(p for p in self.planned_actions() if p.action.ref == named)
        plan = self._action_plan_called(named.plan)
        return () if plan is None else tuple(p for p in plan.actions if p.action.ref == named.ref)

    def action_plans(self) -> tuple[tuple[str, str], ...]:
        """Every plan that sets actions, as ``(path, name)``: the delivery plans and service
        plans (named as :meth:`plan_names` names them), then the peer challenges' action plans
        (named by the challenge's title).

        >>> from councilpmf.core.plan import ServicePlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     service_plans=(ServicePlan(id="h24", service="Highways", year="2024/25"),))
        >>> fw.action_plans()
        (('$.service_plans[0]', 'Highways'),)
        """
        return tuple((plan.path, plan.name) for plan in self._plans_with_actions)

    def action_plan_named(self, text: str) -> tuple[str, str] | None:
        """The plan that sets actions that ``text`` names, as ``(path, name)``
        (:meth:`action_plans`): a delivery or service plan by its id or its name, a peer
        challenge by its id or its title; the one whose id or name is ``text`` exactly, else
        the one that it names as a reader sees it (:func:`~councilpmf.core.names.name_key`);
        None when it names none. A text that names more than one plan (one plan's id that is
        another's title, two challenges with one title) is refused with
        :class:`~councilpmf.core.errors.AmbiguousNameError`, which lists them, each with a
        name that is its alone where it has one: no plan is taken for another by its order.

        >>> from councilpmf.core.plan import DeliveryPlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     delivery_plans=(DeliveryPlan(id="dp24", title="Delivery Plan 2024/25"),
        ...                     DeliveryPlan(id="dp25", title="Delivery Plan 2025/26")))
        >>> fw.action_plan_named("dp25")
        ('$.delivery_plans[1]', 'Delivery Plan 2025/26')
        >>> fw.action_plan_named("delivery plan 2024/25")
        ('$.delivery_plans[0]', 'Delivery Plan 2024/25')
        >>> from councilpmf.core.peer_challenge import PeerChallenge
        >>> cpc = PeerChallenge(id="cpc-2023", title="LGA Corporate Peer Challenge 2023",
        ...     organisation="Anytown")
        >>> attrs.evolve(fw, peer_challenges=(cpc,)).action_plan_named("cpc-2023")
        ('$.peer_challenges[0]', 'LGA Corporate Peer Challenge 2023')
        >>> review = PeerChallenge(title="dp25", organisation="LGA")
        >>> attrs.evolve(fw, peer_challenges=(review,)).action_plan_named("dp25")
        Traceback (most recent call last):
        ...
        councilpmf.core.errors.AmbiguousNameError: 'dp25' names 2 plans: the delivery plan 'Delivery Plan 2025/26' at $.delivery_plans[1] (name it 'Delivery Plan 2025/26') and the peer challenge 'dp25' at $.peer_challenges[0] (nothing names it alone: give it an id that is no other plan's id or name)
        """  # noqa: E501
        found = self._action_plan_called(text)
        return None if found is None else (found.path, found.name)

    def _action_plan_called(self, text: str) -> _ActionPlan | None:
        """The plan :meth:`action_plan_named` finds for ``text``, with its actions."""
        every, index = self._indexed_plans
        found = index.one(
            text, "plan", lambda i: f"the {every[i].kind} {every[i].name!r} at {every[i].path}"
        )
        return None if found is None else every[found]

    def with_action_at(self, path: str, change: Callable[[Action], Action]) -> Framework:
        """This framework with the action at ``path`` (as :meth:`actions_at` gives it)
        replaced by what ``change`` makes of it, and every other action as it was, even one
        that shares its ref; ``KeyError`` when no action is at ``path``.

        >>> from councilpmf.core.plan import DeliveryPlan
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     delivery_plans=tuple(DeliveryPlan(id=f"dp{y}", title=f"Plan {y}",
        ...         actions=(Action(ref="1.1", title="Open the depot"),)) for y in (24, 25)))
        >>> done = fw.with_action_at("$.delivery_plans[1].actions[0]",
        ...     lambda a: attrs.evolve(a, status="Complete"))
        >>> [p.actions[0].status for p in done.delivery_plans]
        [None, 'Complete']
        """
        paths = [at for at, _action in self.actions_at()]
        if path not in paths:
            raise KeyError(f"no action is at {path}")
        target, seen = paths.index(path), 0

        def changed(actions: tuple[Action, ...]) -> tuple[Action, ...]:
            # with_actions visits the lists of actions in the order actions_at walks them
            nonlocal seen
            first, seen = seen, seen + len(actions)
            return tuple(
                change(action) if first + k == target else action
                for k, action in enumerate(actions)
            )

        return self.with_actions(changed)

    def actions_at(self) -> Iterator[tuple[str, Action]]:
        """Every action with its path: the delivery plans' and service plans' (as
        :meth:`planned_actions`), then those of the peer challenges' action plans.

        >>> from councilpmf.core.peer_challenge import PeerChallenge, Recommendation
        >>> import datetime as dt
        >>> fw = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"),
        ...     peer_challenges=(PeerChallenge(title="Peer challenge", organisation="LGA",
        ...         visited=dt.date(2024, 5, 1), recommendations=(Recommendation(number=1,
        ...             text="Refresh the plan", actions=(Action(ref="1.1",
        ...                 title="Draft the plan"),)),)),))
        >>> [(path, action.ref) for path, action in fw.actions_at()]
        [('$.peer_challenges[0].recommendations[0].actions[0]', '1.1')]
        """
        for plan in self._plans_with_actions:
            for planned in plan.actions:
                yield planned.path, planned.action
