"""The columnar engine: every indicator x period of a framework, assessed at once, in polars.

:func:`assess_frame` gives the same answers as :func:`councilpmf.assess`, one row per indicator
and period, for a whole history at once: what an analyst re-running ten years in a notebook, or
a store handing over a frame, needs. The rules stay defined once, in the pure core: this engine
reads each rule's parameters from its record and the core's constants, and the tests hold its
answers equal to the core's for every built-in rule kind. A rule kind it cannot vectorise (a
plugin's) is rated by the core, row by row, with a :class:`FallbackWarning`.

Needs polars and pyarrow: ``pip install "councilpmf[frames]"``.

>>> import councilpmf as pmf
>>> from councilpmf.frames import assess_frame
>>> q1, q2 = pmf.parse_period("2024/25 Q1"), pmf.parse_period("2024/25 Q2")
>>> kpi = pmf.Indicator(id="FT", title="Fly-tips cleared in 5 days", unit=pmf.Unit.PERCENTAGE,
...     targets=(pmf.Target(period=pmf.parse_period("2024/25"), value=90.0),))
>>> fw = pmf.Framework(plan=pmf.StrategicPlan(title="Plan", organisation="Anytown"),
...     indicators=(kpi,))
>>> frame = assess_frame(fw, [pmf.Reading(indicator="FT", period=q1, value=84.0),
...                           pmf.Reading(indicator="FT", period=q2, value=91.0)])
>>> frame.select("period", "value", "target", "status", "short_term", "missed_in_a_row").rows()
[('2024/25 Q1', 84.0, 90.0, 'red', 'no valid comparison', 1), ('2024/25 Q2', 91.0, 90.0, 'green', 'improving', 0)]
"""  # noqa: E501

from __future__ import annotations

try:
    import polars  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the installation
    raise ImportError(
        'polars is needed for councilpmf.frames; install it with: pip install "councilpmf[frames]"'
    ) from error

from councilpmf.frames._engine import (
    COLUMNS,
    DIRECTION,
    READING_COLUMNS,
    STATUS,
    FallbackWarning,
    UnusedReadingsWarning,
    assess_frame,
)
from councilpmf.frames._input import FrameInputError

__all__ = [
    "COLUMNS",
    "DIRECTION",
    "READING_COLUMNS",
    "STATUS",
    "FallbackWarning",
    "FrameInputError",
    "UnusedReadingsWarning",
    "assess_frame",
]
