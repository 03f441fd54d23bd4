"""Values rounded as the library shows and compares them, vectorised for the pandas baselines.

The library rounds a value to its decimals as a council's spreadsheet does: a half away from
zero, on the value's shortest decimal form (``councilpmf.core.numbers.rounded``). numpy's
``np.round`` takes a half to even on the binary double, and would show 71.25 as 71.2 where the
library shows 71.3: a baseline rounding so would not be doing the same work.

So a baseline rounds every value with numpy, except the few within a rounding error of a half,
which it rounds in decimal, one by one, as an analyst matching Excel would.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt

__all__ = ["half_away"]

_EXACT = float(2**52)  # beyond this a double has no fraction left to round


def half_away(values: npt.ArrayLike, decimals: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """``values`` (NaN where missing) each rounded to its ``decimals`` (one per value, or one
    for all), a half away from zero on its shortest decimal form.

    >>> half_away([71.25, 0.125, 2.675, -0.05, float("nan")], [1, 2, 2, 1, 1]).tolist()
    [71.3, 0.13, 2.68, -0.1, nan]
    """
    values = np.asarray(values, dtype=float)
    places = np.broadcast_to(np.asarray(decimals, dtype=np.int64), values.shape)
    scale = 10.0**places
    with np.errstate(invalid="ignore", over="ignore"):  # NaN, inf and the largest doubles
        scaled = values * scale
        size = np.abs(scaled)
        shown = np.where(size < _EXACT, np.round(scaled) / scale, values)
        near = (np.abs(np.mod(scaled, 1.0) - 0.5) <= 1e-9 + 1e-14 * size) & (size < _EXACT)
    for i in np.flatnonzero(near):
        exact = Decimal(repr(float(values[i])))
        shown[i] = float(exact.quantize(Decimal(1).scaleb(-int(places[i])), ROUND_HALF_UP))
    return shown + 0.0  # never -0.0
