"""The assess_history benchmark's comparison finds a cell where the two engines' tables differ.
Its run at a tiny size, with its check passing and failing, is in ``test_benchmark_checks.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import attrs
import pytest


@pytest.fixture
def bench(benchmark_script: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark_script("bench_history")


def test_a_difference_is_reported(bench: ModuleType) -> None:
    import councilpmf as pmf
    from councilpmf.dataframes import DataColumn
    from generate import large_council

    framework, readings = large_council(3, 1)
    table = pmf.assess_history(framework, readings, ["Apr 2015", "May 2015"], engine="core")
    assert bench.differences(table, table) == []
    status = table.columns[table.names.index("status")]
    other = "blue" if status.values[0] != "blue" else "red"
    changed = attrs.evolve(
        table,
        columns=tuple(
            DataColumn(name="status", kind=c.kind, values=(other, *c.values[1:]))
            if c is status
            else c
            for c in table.columns
        ),
    )
    found = bench.differences(changed, table)
    assert len(found) == 1 and found[0].startswith(f"row 0: status: columns {other!r}")
