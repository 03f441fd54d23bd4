"""Pairing the parts of two versions: by key (an id, a ref) first, then those left over by how
alike their names are, most alike first; and turning the pairs into changes."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from councilpmf.core.diff.changes import ChangeKind, PlanChange

# Text at least this alike (difflib ratio) pairs an unmatched old item with a new one.
SIMILAR = 0.6


_T = TypeVar("_T")


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(
        None, " ".join(a.casefold().split()), " ".join(b.casefold().split())
    ).ratio()


def paired_by_key(
    old: Sequence[_T], new: Sequence[_T], key: Callable[[_T], Hashable]
) -> dict[int, int]:
    """Match items with equal keys, in order: the first old item of a key with the first new
    one, the second with the second. Maps new index -> old index.

    >>> paired_by_key(["a", "b", "a"], ["a", "a", "c"], str)
    {0: 0, 1: 2}
    """
    by_key: dict[Hashable, list[int]] = {}
    for i, item in enumerate(old):
        by_key.setdefault(key(item), []).append(i)
    pairs: dict[int, int] = {}
    for j, item in enumerate(new):
        waiting = by_key.get(key(item))
        if waiting:
            pairs[j] = waiting.pop(0)
    return pairs


def pair(
    old: Sequence[_T],
    new: Sequence[_T],
    key: Callable[[_T], Hashable],
    text: Callable[[_T], str],
) -> dict[int, int]:
    """Match items: by key first, then the most alike leftovers. Maps new index -> old index."""
    pairs = paired_by_key(old, new, key)
    taken = set(pairs.values())
    candidates = sorted(
        (-ratio, i, j)
        for i in range(len(old))
        if i not in taken
        for j in range(len(new))
        if j not in pairs
        if (ratio := _similarity(text(old[i]), text(new[j]))) >= SIMILAR
    )
    for _ratio, i, j in candidates:
        if i not in taken and j not in pairs:
            pairs[j] = i
            taken.add(i)
    return pairs


_Item = TypeVar("_Item")


Said = tuple[ChangeKind, str]


def matched(
    old: Sequence[_Item],
    new: Sequence[_Item],
    pairs: dict[int, int],
    path: Callable[[int, _Item], str],
    added: Callable[[_Item], Said],
    changed: Callable[[_Item, _Item, str], list[PlanChange]],
    removed: Callable[[_Item], Said],
) -> list[PlanChange]:
    """Items matched by ``pairs`` (new index -> old index, as :func:`paired_by_key` or
    :func:`pair` find them): added or changed in the new order, then removed in the old.

    ``path`` gives an item's path from its position (in its own version) and the item;
    ``added`` and ``removed`` say the kind and words of the one change an item makes.
    """
    kept = set(pairs.values())
    changes: list[PlanChange] = []
    for j, item in enumerate(new):
        if j in pairs:
            changes.extend(changed(old[pairs[j]], item, path(j, item)))
        else:
            kind, text = added(item)
            changes.append(PlanChange(kind=kind, path=path(j, item), text=text))
    for i, item in enumerate(old):
        if i not in kept:
            kind, text = removed(item)
            changes.append(PlanChange(kind=kind, path=path(i, item), text=text))
    return changes


def by_position(prefix: str) -> Callable[[int, object], str]:
    """Paths by position under ``prefix``: ``$.committees[2]``."""
    return lambda index, _item: f"{prefix}[{index}]"
