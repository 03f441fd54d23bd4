"""The statistical shorthand of published tables: what a cell says in place of a value, or
beside one.

Official downloads (LG Inform, Oflog, the ONS and departments' tables) follow the Government
Statistical Service's guidance on symbols and shorthand in tables: a value that cannot be
given is marked with why (``[c]`` confidential, so suppressed; ``[x]`` not available; ``[z]``
not applicable; ``[low]`` rounds to zero), and a value that is given may be qualified
(``45.2 [p]`` provisional, ``[r]`` revised, ``[e]`` estimated, ``[f]`` forecast, ``[u]`` low
reliability, ``[b]`` break in series, ``[note 3]`` see note 3). Older tables use symbols
instead (``..`` and ``:`` not available, ``.`` not applicable, ``-`` nil or not available,
``*`` suppressed).

A cell's shorthand is kept as its *marker*, written one way whatever the case or brackets it
was published with: a missing value's marker (``[c]``, ``..``; ``""`` for an empty cell) or a
value's qualifiers (``[p][r]``; ``""`` for none).

>>> read_cell(" 1,234 [R] ")
Shorthand(number='1,234', marker='[r]')
>>> read_cell("C"), missing_reason("[c]")
(Shorthand(number='', marker='[c]'), 'suppressed')
>>> qualifier("[p][note 3]")
'provisional, note 3'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from councilpmf.core.errors import CouncilPMFError

__all__ = [
    "BREAK",
    "EMPTY",
    "MISSING",
    "QUALIFIERS",
    "Shorthand",
    "ShorthandError",
    "breaks_series",
    "check_marker",
    "missing_marker",
    "missing_reason",
    "qualifier",
    "read_cell",
    "spellings",
]

EMPTY = "empty"
"""The reason of a value whose cell was empty."""

MISSING: Mapping[str, str] = {
    "[c]": "suppressed",
    "[x]": "not available",
    "[z]": "not applicable",
    "[low]": "rounds to zero",
    "..": "not available",
    ":": "not available",
    ".": "not applicable",
    "-": "nil or not available",
    "*": "suppressed",
    "": EMPTY,
}
"""Each marker of a missing value, as it is kept, with why the value is missing. The
shorthand's letters are also read without their brackets and in capitals (``c``, ``[X]``)."""

QUALIFIERS: Mapping[str, str] = {
    "[p]": "provisional",
    "[r]": "revised",
    "[e]": "estimated",
    "[f]": "forecast",
    "[u]": "low reliability",
    "[b]": "break in series",
}
"""Each qualifier a value may carry, with its meaning; ``[note N]`` (a numbered note of the
table) is one too, and means ``note N``."""

BREAK = "[b]"
"""The qualifier of a value that is the first after a break in its series (a change of
method or boundary): it may not be compared with the area's values before it
(:func:`breaks_series`)."""

_LETTERS = ("c", "x", "z", "low")
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_NOTE = re.compile(r"\[note ?([0-9]{1,4})\]", re.IGNORECASE)


class ShorthandError(CouncilPMFError, ValueError):
    """A cell whose shorthand cannot be read: an unknown mark, a qualifier without a number,
    or a missing value's mark beside a number."""


@attrs.frozen(kw_only=True)
class Shorthand:
    """A cell read: the text of its number (``""`` when it has none) and its marker."""

    number: str
    marker: str


def spellings() -> frozenset[str]:
    """Every way a missing value's marker is written, the empty cell's included.

    >>> sorted(m for m in spellings() if "x" in m.lower())
    ['X', '[X]', '[x]', 'x']
    """
    letters = {m for s in _LETTERS for m in (s, f"[{s}]", s.upper(), f"[{s.upper()}]")}
    return frozenset(MISSING) | letters


def missing_marker(text: str) -> str | None:
    """The marker of a missing value written ``text`` (spaces around it ignored), as it is
    kept; None when ``text`` is not one.

    >>> missing_marker("LOW"), missing_marker(" .. "), missing_marker(""), missing_marker("n/a")
    ('[low]', '..', '', None)
    """
    lowered = text.strip().lower()
    if lowered in MISSING:
        return lowered
    bracketed = f"[{lowered}]"
    return bracketed if bracketed in MISSING and lowered in _LETTERS else None


def _qualifier_marker(mark: str) -> str | None:
    lowered = mark.lower()
    if lowered in QUALIFIERS:
        return lowered
    note = _NOTE.fullmatch(mark)
    return None if note is None else f"[note {int(note[1])}]"


def read_cell(text: str) -> Shorthand:
    """Split a cell into the text of its number and its marker: a missing value's mark alone
    (``[c]``, ``x``, ``..``, an empty cell), or a number with qualifiers before or after it
    (``45.2 [p]``, ``45.2[p][r]``, ``[e] -3``, ``12 [note 3]``, ``45.2 [b]``). The number's text is not
    checked here. Raises :class:`ShorthandError` for a mark the shorthand does not have, a
    qualifier with no number, or a missing value's mark beside anything else.

    >>> read_cell("45.2[p][r]"), read_cell("[e] -3")
    (Shorthand(number='45.2', marker='[p][r]'), Shorthand(number='-3', marker='[e]'))
    >>> read_cell("45.2 [q]")
    Traceback (most recent call last):
    ...
    councilpmf.core.shorthand.ShorthandError: [q] is not a mark of the statistical shorthand (a number may carry [p], [r], [e], [f], [u], [b] or [note N])
    >>> read_cell("[p]")
    Traceback (most recent call last):
    ...
    councilpmf.core.shorthand.ShorthandError: [p] (provisional) qualifies a number, as in 45.2 [p], and there is none
    """  # noqa: E501
    alone = missing_marker(text)
    if alone is not None:
        return Shorthand(number="", marker=alone)
    stripped = text.strip()
    marks = _BRACKETED.findall(stripped)
    if not marks:
        return Shorthand(number=stripped, marker="")
    kept = []
    for mark in marks:
        found = _qualifier_marker(mark)
        if found is None:
            missing = missing_marker(mark)
            if missing is not None:
                raise ShorthandError(
                    f"{missing} marks a value that is {MISSING[missing]}: it stands alone, "
                    "without a number or another mark"
                )
            raise ShorthandError(
                f"{mark} is not a mark of the statistical shorthand (a number may carry "
                f"{', '.join(QUALIFIERS)} or [note N])"
            )
        kept.append(found)
    marker = "".join(dict.fromkeys(kept))
    # a space where each mark was, so that "4[p]5" is not read as 45
    number = _BRACKETED.sub(" ", stripped).strip()
    if not number:
        raise ShorthandError(
            f"{marker} ({qualifier(marker)}) qualifies a number, as in 45.2 {kept[0]}, and there "
            "is none"
        )
    return Shorthand(number=number, marker=marker)


def _marks(marker: str) -> list[str]:
    return _BRACKETED.findall(marker)


def missing_reason(marker: str) -> str:
    """Why a value with ``marker`` is missing, in the shorthand's own words.

    >>> [missing_reason(m) for m in ("[z]", "..", "")]
    ['not applicable', 'not available', 'empty']
    """
    return MISSING[marker]


def qualifier(marker: str) -> str:
    """What a value's qualifiers ``marker`` say, in words; ``""`` for none.

    >>> qualifier("[p][r]"), qualifier("[note 12]"), qualifier("")
    ('provisional, revised', 'note 12', '')
    """
    return ", ".join(QUALIFIERS.get(mark) or mark.strip("[]") for mark in _marks(marker))


def breaks_series(marker: str) -> bool:
    """Whether a value with the qualifiers ``marker`` (as :func:`read_cell` keeps them) is the
    first after a break in its series: ``[b]`` among them.

    >>> breaks_series("[p][b]"), breaks_series("[p]"), breaks_series("")
    (True, False, False)
    """
    return BREAK in _marks(marker)


def check_marker(value: float | None, marker: str) -> str | None:
    """What is wrong with ``marker`` as the marker of ``value`` (a missing value's marker for
    None, qualifiers for a number, each as :func:`read_cell` keeps it); None if nothing.

    >>> check_marker(None, "[c]"), check_marker(4.0, "[p][note 2]"), check_marker(4.0, "[c]")
    (None, None, "'[c]' is not qualifiers as a value's marker keeps them, such as '[p][r]'")
    """
    if value is None:
        if marker in MISSING:
            return None
        return f"{marker!r} is not a missing value's marker, such as '[c]', '..' or ''"
    marks = _marks(marker)
    if "".join(marks) == marker and all(_qualifier_marker(m) == m for m in marks):
        return None
    return f"{marker!r} is not qualifiers as a value's marker keeps them, such as '[p][r]'"
