"""The committees', indicator sets' and risks' changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.diff.matching import by_position, matched, pair, paired_by_key
from councilpmf.core.diff.words import Field, compared, field_changes, in_list, on_date
from councilpmf.core.errors import AmbiguousNameError
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, IndicatorSet
from councilpmf.core.risks import MitigatingAction, Risk, RiskScore


def _committee_pairs(old: Framework, new: Framework) -> dict[int, int]:
    """Committees matched by id, then by the most alike names (an id changed)."""
    return pair(old.committees, new.committees, lambda c: c.id, lambda c: c.name)


def committee_changes(old: Framework, new: Framework) -> list[PlanChange]:
    def changed(was: Committee, now: Committee, path: str) -> list[PlanChange]:
        return field_changes(
            compared(was, now, "id", "name", "cadence", "kind", "remit"),
            f"Committee '{now.name}'",
            path,
            ChangeKind.COMMITTEE_CHANGED,
        )

    return matched(
        old.committees,
        new.committees,
        _committee_pairs(old, new),
        by_position("$.committees"),
        lambda c: (ChangeKind.COMMITTEE_ADDED, f"Committee '{c.name}' added"),
        changed,
        lambda c: (ChangeKind.COMMITTEE_REMOVED, f"Committee '{c.name}' removed"),
    )


def _set_name(indicator_set: IndicatorSet) -> str:
    return (
        f"'{indicator_set.title}'"
        if indicator_set.title
        else f"the {indicator_set.level.value} set of {indicator_set.committee}"
    )


def _one_committee(framework: Framework) -> Callable[[str], Committee | None]:
    """The committee a text names in ``framework``, None for a text that names none or more
    than one."""

    def find(text: str) -> Committee | None:
        try:
            return framework.committee_named(text)
        except AmbiguousNameError:
            return None

    return find


def indicator_set_changes(old: Framework, new: Framework) -> list[PlanChange]:
    # A set follows its committee through a change of id.
    now_id = {
        old.committees[i].id: new.committees[j].id for j, i in _committee_pairs(old, new).items()
    }
    # A set names its committee by id or name, in any case and spacing: it is paired by the
    # committee it names, so writing that another way is a change of the set, not a new set.
    # A name more than one committee answers to names none of them: the set is paired as written.
    find_old, find_new = _one_committee(old), _one_committee(new)

    def old_committee(text: str) -> str:
        named = find_old(text)
        return text if named is None else now_id.get(named.id, named.id)

    def new_committee(text: str) -> str:
        named = find_new(text)
        return text if named is None else named.id

    def written(text: str, find: Callable[[str], Committee | None]) -> tuple[bool, str]:
        # How a set names its committee: by its id (which follows the committee through a
        # change of id, and is no change of the set), or as written.
        named = find(text)
        by_id = named is not None and text == named.id
        return by_id, "" if by_id else text

    def changed(was: IndicatorSet, now: IndicatorSet, path: str) -> list[PlanChange]:
        added = [i for i in now.indicators if i not in was.indicators]
        dropped = [i for i in was.indicators if i not in now.indicators]
        parts = ([f"{', '.join(added)} added"] if added else []) + (
            [f"{', '.join(dropped)} dropped"] if dropped else []
        )
        if not parts and was.indicators != now.indicators:
            parts = [f"put in the order {', '.join(now.indicators)}"]
        renamed = written(was.committee, find_old) != written(now.committee, find_new)
        sizes = field_changes(
            (
                *([Field("committee", was.committee, now.committee)] if renamed else []),
                *compared(was, now, "min_size", "max_size"),
            ),
            f"Indicator set {_set_name(now)}",
            path,
            ChangeKind.INDICATOR_SET_CHANGED,
        )
        if not parts:
            return sizes
        listed = PlanChange(
            kind=ChangeKind.INDICATOR_SET_CHANGED,
            path=f"{path}.indicators",
            text=f"Indicator set {_set_name(now)}: {'; '.join(parts)}",
        )
        return [listed, *sizes]

    return matched(
        old.indicator_sets,
        new.indicator_sets,
        paired_by_key(
            [(old_committee(s.committee), s) for s in old.indicator_sets],
            [(new_committee(s.committee), s) for s in new.indicator_sets],
            lambda held: (held[0], held[1].level.value, held[1].title),
        ),
        by_position("$.indicator_sets"),
        lambda s: (
            ChangeKind.INDICATOR_SET_ADDED,
            f"Indicator set {_set_name(s)} added with {len(s.indicators)} indicators",
        ),
        changed,
        lambda s: (ChangeKind.INDICATOR_SET_REMOVED, f"Indicator set {_set_name(s)} removed"),
    )


def _actions_words(actions: Sequence[MitigatingAction]) -> str:
    """A risk's mitigating actions as the diff lists them: refs, and ``1.1 of dp24`` for an
    action named with its plan."""
    return in_list([str(action) for action in actions])


def risk_changes(old: Framework, new: Framework) -> list[PlanChange]:
    matrix = new.risks.matrix

    def score(value: RiskScore | None) -> str:
        return "none" if value is None else matrix.describe(value)

    def changed(was: Risk, now: Risk, path: str) -> list[PlanChange]:
        return field_changes(
            compared(
                was,
                now,
                "title",
                "description",
                "category",
                "owner",
                ("serves", in_list),
                ("residual", matrix.describe),
                ("inherent", matrix.describe),
                ("target", score),
                "controls",
                ("actions", _actions_words),
                ("review_by", on_date),
                "appetite",
            ),
            f"Risk {now.id}",
            path,
            ChangeKind.RISK_CHANGED,
        )

    return matched(
        old.risks.risks,
        new.risks.risks,
        paired_by_key(old.risks.risks, new.risks.risks, lambda r: r.id),
        by_position("$.risks.risks"),
        lambda r: (
            ChangeKind.RISK_ADDED,
            f"Risk {r.id} '{r.title}' added, residual {matrix.describe(r.residual)}",
        ),
        changed,
        lambda r: (ChangeKind.RISK_REMOVED, f"Risk {r.id} '{r.title}' removed"),
    )
