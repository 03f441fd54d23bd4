"""Council text made safe to put in an Office file or a PDF.

Word and Excel files are XML, and XML 1.0 cannot hold most control characters at all: a NUL or
an escape character in a commentary would make the file unreadable (or the library refuse to
write it). A bidirectional override or isolate would make Word, Excel or a PDF show text in
another order than it is written. :func:`office_text` replaces each such character with U+FFFD,
the replacement character, so a reader sees that something was there and nothing else changes.
Tabs and line breaks are kept.

The PDF and the charts are drawn with one font, DejaVu Sans, which has no emoji and no Chinese,
say: such a character would be drawn as an empty box. :func:`drawn_text` writes each character
the font cannot draw as its name in brackets instead, so the paper still says what was written.

>>> office_text("Fell\\x00 to 71%\\x1b[31m")
'Fell� to 71%�[31m'
>>> office_text("Two\\nlines\\tand a tab")
'Two\\nlines\\tand a tab'
>>> office_text("invoice\u202efdp.exe")
'invoice�fdp.exe'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from councilpmf import escape

__all__ = [
    "FONT",
    "REPLACEMENT",
    "drawn_text",
    "font_folder",
    "office_cut",
    "office_length",
    "office_text",
]

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


def office_length(text: str) -> int:
    """How long Excel counts ``text``: in UTF-16 code units, so that a character beyond
    U+FFFF (most emoji) counts twice against the limits of a cell or a sheet's name.

    >>> len("Bins \U0001f44d"), office_length("Bins \U0001f44d")
    (6, 7)
    """
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def office_cut(text: str, units: int) -> str:
    """The longest start of ``text`` that Excel counts (:func:`office_length`) as at most
    ``units`` long, never cutting a character in half.

    >>> office_cut("ab\U0001f44dc", 3), office_cut("ab\U0001f44dc", 4)
    ('ab', 'ab\U0001f44d')
    """
    cut = text[:units]
    excess = office_length(cut) - units
    while excess > 0:
        # Each character is one unit or two: dropping half the excess, rounded up, never
        # drops more than one unit too many, and only when the longest start is that short.
        cut = cut[: len(cut) - (excess + 1) // 2]
        excess = office_length(cut) - units
    return cut


FONT = "DejaVu Sans"
"""The one font the PDF and the charts are drawn with, from the copy matplotlib ships."""


def font_folder() -> Path:
    """The folder of the fonts matplotlib ships, DejaVu Sans among them."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@functools.cache
def _glyphs() -> frozenset[int]:
    """The characters both DejaVu Sans and DejaVu Sans Bold can draw."""
    from matplotlib import ft2font

    regular, bold = (
        set(ft2font.FT2Font(str(font_folder() / name)).get_charmap())
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    )
    return frozenset(regular & bold)


# What only shapes an emoji (a skin tone, a tag of a subdivision's flag), and what joins or
# styles one (a zero-width joiner, a variation selector), dropped beside a named character.
_SHAPING = re.compile("[\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
_JOINING = frozenset("\u200d\ufe0e\ufe0f")
# Two regional indicator letters make a country's flag.
_FLAG = re.compile("([\U0001f1e6-\U0001f1ff])([\U0001f1e6-\U0001f1ff])")
_KEPT = frozenset("\t\n\r")


def _letter(indicator: str) -> str:
    return chr(ord(indicator) - 0x1F1E6 + ord("A"))


def _name(character: str) -> str:
    """A character the font lacks, in words: a space as a space, an invisible mark of format as
    nothing, any other as its name in brackets."""
    kind = unicodedata.category(character)
    if kind == "Zs":
        return " "
    if kind == "Cf":
        return ""
    name = unicodedata.name(character, "")
    return f"[{name.lower()}]" if name else REPLACEMENT


def drawn_text(text: str) -> str:
    """``text`` as :func:`office_text` makes it, with every character the papers' font
    (:data:`FONT`) cannot draw written as its name in brackets, and a flag as its country's
    letters, so that nothing is drawn as an empty box.

    >>> drawn_text("Bins emptied \U0001f44d\U0001f3fd on time \U0001f1ec\U0001f1e7 \u2714 \u00a3")
    'Bins emptied [thumbs up sign] on time [flag GB] \u2714 \u00a3'
    >>> drawn_text("\u4e2d"), drawn_text("full\u3000width")
    ('[cjk unified ideograph-4e2d]', 'full width')
    """
    text = office_text(text)
    if text.isascii():  # every character office_text leaves of ASCII is in the font
        return text
    glyphs = _glyphs()
    text = _FLAG.sub(lambda m: f"[flag {_letter(m[1])}{_letter(m[2])}]", text)
    shown: list[str] = []
    named = False  # whether the last character shown was named
    for character in text:
        if (named and character in _JOINING) or _SHAPING.match(character):
            continue
        named = character not in _KEPT and ord(character) not in glyphs
        shown.append(_name(character) if named else character)
    return "".join(shown)
