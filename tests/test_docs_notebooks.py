"""The Python examples in docs/notebooks.md run, in order, as a reader would run them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

NOTEBOOKS_MD = Path(__file__).parent.parent / "docs" / "notebooks.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_the_examples_run_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(NOTEBOOKS_MD.parent.parent)
    text = NOTEBOOKS_MD.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 2, "docs/notebooks.md has no Python examples"
    namespace: dict[str, object] = {}
    for number, code in enumerate(blocks, start=1):
        line = text[: text.index(code)].count("\n") + 1
        try:
            exec(compile(code, f"docs/notebooks.md:{line}", "exec"), namespace)
        except Exception as error:  # the message names the example that failed
            pytest.fail(f"example {number} at docs/notebooks.md line {line} failed: {error!r}")
