"""Council text made safe to put in an Office file or a PDF.

Word and Excel files are XML, and XML 1.0 cannot hold most control characters at all: a NUL or
an escape character in a commentary would make the file unreadable (or the library refuse to
write it). :func:`printable` replaces each such character with U+FFFD, the replacement
character, so a reader sees that something was there and nothing else changes. Tabs and line
breaks are kept.

>>> printable("Fell\\x00 to 71%\\x1b[31m")
'Fell� to 71%�[31m'
>>> printable("Two\\nlines\\tand a tab")
'Two\\nlines\\tand a tab'
"""

from __future__ import annotations

import re

__all__ = ["REPLACEMENT", "printable"]

REPLACEMENT = "\ufffd"

# What XML 1.0 forbids (C0 controls but tab, line feed and carriage return; lone surrogates;
# U+FFFE and U+FFFF), and the C1 controls and DEL, which it allows but no reader shows.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with every character an Office file cannot hold replaced by U+FFFD."""
    return _UNPRINTABLE.sub(REPLACEMENT, text)
