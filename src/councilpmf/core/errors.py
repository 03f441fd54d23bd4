"""The base of every error councilpmf raises on purpose.

A caller that wants to tell the library's deliberate refusals (bad input, a conflict, a broken
plugin) from a bug catches :class:`CouncilPMFError`:

>>> from councilpmf.core.errors import CouncilPMFError
>>> try:
...     raise CouncilPMFError("indicators.toml: $.indicators[0].id: must not be empty")
... except CouncilPMFError as error:
...     print(error)
indicators.toml: $.indicators[0].id: must not be empty
"""

from __future__ import annotations

__all__ = ["CouncilPMFError"]


class CouncilPMFError(Exception):
    """An error the library raised on purpose; its message says what is wrong in words."""
