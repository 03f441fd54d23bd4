"""Council text made safe to show: control characters other than tab, line feed and carriage
return become ``�``, so a report read in a terminal or a browser carries no escape sequence,
bell or backspace from the data.

>>> printable("Rent\\x1b[2J collected\\x07\\tin full")
'Rent�[2J collected�\\tin full'
"""

from __future__ import annotations

import re

__all__ = ["CONTROL", "printable"]

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The control characters a report never shows as they are."""


def printable(text: str) -> str:
    """``text`` with every :data:`CONTROL` character replaced by ``�``."""
    return CONTROL.sub("\ufffd", text)
