"""Making text from the data safe to show, and escaping it for the markup it is shown in.

:func:`printable`: control characters other than tab, line feed and carriage return become
``�``, so a report read in a terminal or a browser carries no escape sequence, bell or
backspace from the data.

>>> printable("Rent\\x1b[2J collected\\x07\\tin full")
'Rent�[2J collected�\\tin full'

:func:`markdown`: text from the data can never become Markdown: runs of white space (new
lines included) become one space, and every character Markdown or inline HTML could act on
(``\\ ` * _ [ ] < > | & # ~ $ ^``, and, at the start, a list marker, a line of ``-`` or
``=``, or a number followed by ``.`` or ``)`` and a space) is escaped with a backslash.

:func:`readable`: :func:`printable`, and the bidirectional overrides and isolates
(:data:`BIDI`) and lone surrogates (:func:`encodable`) replaced too.

:func:`encodable`: half of a UTF-16 surrogate pair, alone, becomes ``�``, so the text can be
written as UTF-8; every format, the machine-readable ones too, writes text through it.

The formats use these, and so does the notebook display, which must show text the same way.
"""

from __future__ import annotations

import re

# CONTROL, BIDI and SURROGATE: the characters a report never shows as they are, defined once in
# the core, whose records refuse them in every text a council gives
# (councilpmf.core._validate.text), as its council folders do (councilpmf.textfiles); a report
# still escapes them, whoever built it. HIDDEN is the three as one class: every report passes
# each piece of its text through readable, so the text is searched once, not three times.
from councilpmf.core._validate import BIDI, CONTROL, HIDDEN, SURROGATE

__all__ = [
    "BIDI",
    "CONTROL",
    "FORMULA_START",
    "SURROGATE",
    "encodable",
    "markdown",
    "printable",
    "readable",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""The first characters that make a spreadsheet read a cell as a formula: OWASP's list (CSV
injection), the line feed included."""


def printable(text: str) -> str:
    """``text`` with every :data:`CONTROL` character replaced by ``�``."""
    return CONTROL.sub("\ufffd", text)


def encodable(text: str) -> str:
    """``text`` with every :data:`SURROGATE` replaced by ``�``, so that it can be written as
    UTF-8.

    >>> encodable(b"Caf\\xe9".decode("utf-8", errors="surrogateescape"))
    'Caf�'
    """
    return SURROGATE.sub("\ufffd", text)


def readable(text: str) -> str:
    """``text`` with every :data:`CONTROL`, :data:`BIDI` and :data:`SURROGATE` character
    replaced by ``�``: for every report (plain text, Markdown, HTML, CSV, JSON, office
    documents), so that what is shown is in the order it is written, and can be written.

    >>> readable("exe.\\u202etxt"), readable("Rent\\x1b[2J\\x9b"), readable("Caf\\udce9")
    ('exe.�txt', 'Rent�[2J�', 'Caf�')
    """
    return HIDDEN.sub("\ufffd", text)


# ``$`` starts maths on GitHub and in Pandoc, ``^`` a superscript in Pandoc.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&#~$^])")
# At the start of the text: a list marker (``-``, ``+`` then a space), a line of ``-`` or
# ``=`` (a rule or heading underline), or a numbered-list marker (``1.``, ``2)`` then a space).
_LEADING = re.compile(r"^([+\-])(?=\s|$)|^([=\-])(?=[=\-]*$)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def markdown(text: str) -> str:
    """Text as a single line of Markdown that shows exactly that text.

    >>> markdown("a | b *c* <b>")
    'a \\\\| b \\\\*c\\\\* \\\\<b\\\\>'
    >>> markdown("# 1. [x](javascript:alert(1))")
    '\\\\# 1. \\\\[x\\\\](javascript:alert(1))'
    >>> markdown("2024. A year"), markdown("-5.1%"), markdown("- item"), markdown("===")
    ('2024\\\\. A year', '-5.1%', '\\\\- item', '\\\\===')
    """
    flat = " ".join(readable(text).split())
    flat = _SPECIAL.sub(r"\\\1", flat)
    flat = _LEADING.sub(lambda m: "\\" + m.group(0), flat)
    return _ORDERED.sub(r"\1\\\2", flat)
