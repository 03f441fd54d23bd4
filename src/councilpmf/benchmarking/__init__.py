"""National benchmarking: every council's standing among its comparators, fast, on polars.

The rules are the core's (:mod:`councilpmf.core.benchmark`); this package reads the files
(values as LG Inform and Oflog publish them, metrics as ``indicators.toml``, comparator groups
such as CIPFA nearest neighbours), computes the benchmark table with polars and turns it into a
report any format renders. It needs the ``frames`` extra: ``pip install 'councilpmf[frames]'``.
"""

from councilpmf.benchmarking.engine import (
    OUTPUT_COLUMNS,
    Values,
    benchmark_frame,
    read_values,
    to_rows,
    write_table,
)
from councilpmf.benchmarking.files import NoValuesNote, read_groups, read_metrics

__all__ = [
    "OUTPUT_COLUMNS",
    "NoValuesNote",
    "Values",
    "benchmark_frame",
    "read_groups",
    "read_metrics",
    "read_values",
    "to_rows",
    "write_table",
]
