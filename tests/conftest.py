"""Put tests/ on sys.path so test modules can share ``from strategies import ...``."""

import sys
from pathlib import Path

# pyproject.toml sets no pytest ``pythonpath``; this keeps tests/strategies.py importable from
# tests in any sub-folder, whatever the import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))
