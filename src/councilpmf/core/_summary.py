"""The pieces of the core records' short ``repr``: one line, of bounded length, that says what a
record is and how big, such as ``<Framework 'York': 4 themes, 21 indicators, 2 committees>``.

A record's fields can hold thousands of others (a framework's indicators, a plan's actions), so
the large records write this instead of attrs' full repr; equality, hashing and conversion are
unchanged. Texts are cut to :data:`MOST` characters.

>>> summary("Framework", named("Anytown " * 20), counted(3, "theme"), counted(1, "indicator"))
"<Framework 'Anytown Anytown Anytown Anytown Anytown Anytown…': 3 themes, 1 indicator>"
"""

from __future__ import annotations

__all__ = ["MOST", "counted", "named", "summary"]

MOST = 48
"""At most this many characters of a text in a repr."""


def named(text: str, most: int = MOST) -> str:
    """A text as a repr shows it: quoted, cut to ``most`` characters (the last one an
    ellipsis), with control characters escaped as ``repr`` escapes them.

    >>> named("Bins"), named("x" * 60, 5)
    ("'Bins'", "'xxxx…'")
    """
    return repr(text if len(text) <= most else text[: most - 1] + "…")


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the word for that many.

    >>> counted(1, "theme"), counted(2, "priority", "priorities")
    ('1 theme', '2 priorities')
    """
    return f"{n} {one if n == 1 else (many or one + 's')}"


def summary(kind: str, head: str, *parts: str) -> str:
    """``<kind head: part, part>``, leaving out empty parts."""
    shown = ", ".join(p for p in parts if p)
    return f"<{kind} {head}: {shown}>" if shown else f"<{kind} {head}>"
