"""Warnings that name the line of the caller's own code, however deep in the library they are
raised: a fixed ``stacklevel`` is right for one way in and wrong for the others
(``assess_history`` reaches ``assess_frame``'s warnings one call deeper than a direct call)."""

from __future__ import annotations

import os
import sys
import warnings

_LIBRARY = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn_caller(message: str, category: type[Warning]) -> None:
    """Warn with ``message``, as ``category``, naming the first frame on the call stack that is
    not the library's: the line that called the public function."""
    frame = sys._getframe(1)  # the function that warns
    level = 2  # stacklevel 2 names that function, 3 its caller, and so on
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _LIBRARY
    ):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
