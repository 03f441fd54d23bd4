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
from collections.abc import Iterable

__all__ = ["most_common_spelling", "name_key"]


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
