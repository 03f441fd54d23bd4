"""Council text made safe to put in an Office file or a PDF.

Word and Excel files are XML, and XML 1.0 cannot hold most control characters at all: a NUL or
an escape character in a commentary would make the file unreadable (or the library refuse to
write it). A bidirectional override or isolate would make Word, Excel or a PDF show text in
another order than it is written. :func:`printable` replaces each such character with U+FFFD,
the replacement character, so a reader sees that something was there and nothing else changes.
Tabs and line breaks are kept.

>>> printable("Fell\\x00 to 71%\\x1b[31m")
'Fell� to 71%�[31m'
>>> printable("Two\\nlines\\tand a tab")
'Two\\nlines\\tand a tab'
>>> printable("invoice\u202efdp.exe")
'invoice�fdp.exe'
"""

from __future__ import annotations

import re

from councilpmf import escape

__all__ = ["REPLACEMENT", "printable"]

REPLACEMENT = "\ufffd"

# Beyond the control characters no report shows (councilpmf.escape.CONTROL, which XML 1.0 also
# forbids but for DEL and the C1 controls), XML 1.0 cannot hold lone surrogates, U+FFFE or U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with every character an Office file cannot hold, and every bidirectional
    override and isolate, replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, escape.readable(text))
