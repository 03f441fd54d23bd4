"""Council text made safe to show: control characters other than tab, line feed and carriage
return become ``�``, so a report read in a terminal or a browser carries no escape sequence,
bell or backspace from the data.

>>> printable("Rent\\x1b[2J collected\\x07\\tin full")
'Rent�[2J collected�\\tin full'
"""

from __future__ import annotations

import re

__all__ = ["BIDI", "CONTROL", "printable", "readable"]

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The control characters a report never shows as they are."""


def printable(text: str) -> str:
    """``text`` with every :data:`CONTROL` character replaced by ``�``."""
    return CONTROL.sub("\ufffd", text)


BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""The bidirectional embeddings, overrides and isolates, which make text show in another order
than it is written."""


def readable(text: str) -> str:
    """``text`` with every :data:`CONTROL` and :data:`BIDI` character replaced by ``�``: for plain
    text and Markdown, where nothing else keeps what is shown in the order it is written.

    >>> readable("exe.\u202etxt")
    'exe.�txt'
    """
    return BIDI.sub("\ufffd", printable(text))
