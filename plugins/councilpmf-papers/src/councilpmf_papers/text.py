"""Council text made safe to put in an Office file or a PDF.

Word and Excel files are XML, and XML 1.0 cannot hold most control characters at all: a NUL or
an escape character in a commentary would make the file unreadable (or the library refuse to
write it). A bidirectional override or isolate would make Word, Excel or a PDF show text in
another order than it is written. :func:`office_text` replaces each such character with U+FFFD,
the replacement character, so a reader sees that something was there and nothing else changes.
Tabs and line breaks are kept.

>>> office_text("Fell\\x00 to 71%\\x1b[31m")
'Fell� to 71%�[31m'
>>> office_text("Two\\nlines\\tand a tab")
'Two\\nlines\\tand a tab'
>>> office_text("invoice\u202efdp.exe")
'invoice�fdp.exe'
"""

from __future__ import annotations

import re

from councilpmf import escape

__all__ = ["REPLACEMENT", "office_text"]

REPLACEMENT = "\ufffd"

# Beyond the control characters no report shows (councilpmf.escape.CONTROL, which XML 1.0 also
# forbids but for DEL and the C1 controls), XML 1.0 cannot hold lone surrogates, U+FFFE or U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def office_text(text: str) -> str:
    """``text`` with every character an Office file cannot hold, and every bidirectional
    override and isolate, replaced by U+FFFD.

    It is not :func:`councilpmf.escape.printable`, which makes text safe for the reports a
    person reads in a terminal or a browser by replacing the control characters alone: this
    replaces the bidirectional overrides and isolates and the lone surrogates as well (as
    :func:`councilpmf.escape.readable` does), and U+FFFE and U+FFFF, which the reports leave as
    they are and XML 1.0 cannot hold.

    >>> from councilpmf import escape
    >>> office_text("\\ud800 \\u202e \\x07"), escape.printable("\\ud800 \\u202e \\x07")
    ('� � �', '\\ud800 \\u202e �')
    """
    return _NOT_XML.sub(REPLACEMENT, escape.readable(text))
