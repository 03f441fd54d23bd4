"""The strategies of :mod:`councilpmf._strategies`, for tests: ``from strategies import ...``;
and :func:`unchecked`, for records only code that goes round their validators can make."""

from typing import TypeVar

import attrs

from councilpmf._strategies import *  # noqa: F403
from councilpmf._strategies import RECORDS, S, tuples_of  # noqa: F401
from councilpmf.core._validate import trusted

_R = TypeVar("_R")


def unchecked(record: _R, **changes: object) -> _R:
    """``record`` with ``changes`` made without its validators, as only code that goes round
    them can make it: what a store must still refuse in words rather than half write, and a
    report format still write."""
    return trusted(type(record), **{**attrs.asdict(record, recurse=False), **changes})  # type: ignore[arg-type]
