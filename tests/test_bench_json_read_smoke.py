"""The benchmark of reading a ``json://`` store times a store that has been used for a while:
its files hold one, two and three revisions. That it runs tiny and that its equality check
passes, and fails when the baseline is wrong, is ``test_benchmark_checks.py``'s."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType


def test_the_store_holds_files_of_one_two_and_three_revisions(
    benchmark_script: Callable[[str], ModuleType], tmp_path: Path
) -> None:
    bench = benchmark_script("bench_json_read")
    bench.write_store(tmp_path / "store", indicators=2, months=6)
    files = sorted((tmp_path / "store" / "readings").glob("*.json"))
    revisions = Counter(len(json.loads(f.read_text())["revisions"]) for f in files)
    assert len(files) == 12
    assert revisions == {1: 4, 2: 6, 3: 2}  # every 2nd and every 3rd revised, every 6th twice
