"""Names as a reader sees them: two names that look the same on the page are one name.

Nothing a reader cannot see tells names apart: not case, not spaces around and between words
(non-breaking ones included), not invisible characters (a zero-width space, a soft hyphen), not
the way an accented letter is encoded (``é`` as one character or as ``e`` and an accent) nor
full-width letters. :func:`name_key` gives the form in which such names are equal, for comparing
people (who submitted a figure, who approves it), grouping (a report's suppliers) and matching
(a risk's category to an appetite).

>>> name_key(" Housing\u00a0 TEAM "), name_key("Jose\u0301\u200b Bloggs")
('housing team', 'josé bloggs')
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from councilpmf.core.errors import AmbiguousNameError

__all__ = ["NameIndex", "most_common_spelling", "name_key"]


def name_key(name: str) -> str:
    """The name as :mod:`councilpmf.core.names` compares it: in Unicode's compatibility form,
    without invisible format characters, case folded, its words one space apart; ``""`` for a
    name that shows a reader nothing."""
    shown = "".join(
        c for c in unicodedata.normalize("NFKC", name) if unicodedata.category(c) != "Cf"
    )
    return " ".join(unicodedata.normalize("NFKC", shown.casefold()).split())


def most_common_spelling(names: Iterable[str]) -> dict[str, str]:
    """For each name's :func:`name_key`, the spelling written most often, the one written
    first on a tie: the name a report shows for all the ways it was written.

    >>> most_common_spelling(["waste team", "Waste team", "Parks", "Waste  team", "Waste team"])
    {'waste team': 'Waste team', 'parks': 'Parks'}
    """
    counts = Counter(names)  # keeps the order in which each spelling was first written
    chosen: dict[str, str] = {}
    for spelling, count in counts.items():
        key = name_key(spelling)
        held = chosen.setdefault(key, spelling)
        if count > counts[held]:
            chosen[key] = spelling
    return chosen


class NameIndex:
    """Things named by texts (each its id and its name), read once, and found by a text: the
    things one of whose texts it is exactly, else those one of whose texts it is as a reader
    sees it (:func:`name_key`). A text that shows nothing names nothing. Plans and committees
    are found this way, so one rule decides what a name means for both.

    >>> index = NameIndex([("cabinet", "Cabinet"), ("board", "cabinet")])
    >>> index.called("CABINET\u200b"), index.called("cabinet"), index.called("Scrutiny")
    ((0, 1), (0, 1), ())
    >>> index.alone(0), index.alone(1)
    (('Cabinet',), ('board',))
    """

    __slots__ = ("_by_key", "_exactly", "_texts")

    def __init__(self, texts: Sequence[Sequence[str]]) -> None:
        """``texts[i]`` are the texts that name the ``i``-th thing, in the order in which
        :meth:`alone` gives them."""
        self._texts = tuple(tuple(dict.fromkeys(named)) for named in texts)
        self._exactly: dict[str, list[int]] = {}
        self._by_key: dict[str, list[int]] = {}
        for i, named in enumerate(self._texts):
            for written in named:
                self._exactly.setdefault(written, []).append(i)
            for key in dict.fromkeys(map(name_key, named)):
                self._by_key.setdefault(key, []).append(i)
        self._by_key.pop("", None)

    def called(self, text: str) -> tuple[int, ...]:
        """The positions of the things ``text`` names."""
        return tuple(self._exactly.get(text) or self._by_key.get(name_key(text)) or ())

    def alone(self, position: int) -> tuple[str, ...]:
        """The texts of the thing at ``position`` that name it and no other."""
        return tuple(text for text in self._texts[position] if self.called(text) == (position,))

    def one(self, text: str, kind: str, described: Callable[[int], str]) -> int | None:
        """The position of the one thing ``text`` names, or None when it names none; when it
        names more, :class:`~councilpmf.core.errors.AmbiguousNameError` listing each of them
        (``described(position)``, a ``kind``) with a text that names it alone where it has
        one, so that no thing is taken for another by its order.

        >>> NameIndex([("dp24", "Plan"), ("dp25", "Plan")]).one("plan", "plan", str)
        Traceback (most recent call last):
        ...
        councilpmf.core.errors.AmbiguousNameError: 'plan' names 2 plans: 0 (name it 'dp24') and 1 (name it 'dp25')
        """  # noqa: E501
        found = self.called(text)
        if len(found) > 1:
            raise AmbiguousNameError.naming(
                text, kind, [(described(i), next(iter(self.alone(i)), None)) for i in found]
            )
        return found[0] if found else None
