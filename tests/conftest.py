"""Put tests/ on sys.path so test modules can share ``from strategies import ...``; give
hypothesis no deadline; import the scripts of benchmarks/ for their smoke tests."""

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

# pyproject.toml sets no pytest ``pythonpath``; this keeps tests/strategies.py importable from
# tests in any sub-folder, whatever the import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# No test is timed: a shared, loaded machine can take a second over what takes a millisecond
# on an idle one, and hypothesis's default 200 ms deadline then fails a correct test.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")


BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def benchmark_script(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], ModuleType]:
    """Import a script of benchmarks/ by its module name (``"bench_frames"``, ``"generate"``),
    with benchmarks/ on ``sys.path`` for the rest of the test, as when the script is run."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module
