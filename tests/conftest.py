"""Put tests/ on sys.path so test modules can share ``from strategies import ...``; give
hypothesis no deadline."""

import sys
from pathlib import Path

from hypothesis import settings

# pyproject.toml sets no pytest ``pythonpath``; this keeps tests/strategies.py importable from
# tests in any sub-folder, whatever the import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# No test is timed: a shared, loaded machine can take a second over what takes a millisecond
# on an idle one, and hypothesis's default 200 ms deadline then fails a correct test.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")
