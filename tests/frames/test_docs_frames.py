"""docs/frames.md: its examples run (the ``<!-- run -->`` blocks, in order, in one namespace,
from the repository root, as tests/test_docs.py runs docs/plugins.md), and its column table
lists exactly the columns assess_frame gives, those of ``with_readings=True`` last."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from councilpmf.frames import COLUMNS, READING_COLUMNS
from test_docs import blocks

ROOT = Path(__file__).resolve().parents[2]
FRAMES_MD = ROOT / "docs" / "frames.md"


def test_the_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    runnable = [block for block in blocks(FRAMES_MD) if block.run]
    assert runnable, "docs/frames.md has no runnable example"
    namespace = types.ModuleType("docs_frames_md").__dict__
    for block in runnable:
        code = compile(block.code, f"docs/frames.md:{block.line}", "exec", dont_inherit=True)
        exec(code, namespace)


def test_the_column_table_lists_every_column() -> None:
    text = FRAMES_MD.read_text(encoding="utf-8")
    table = text.split("## The columns", 1)[1].split("\n## ", 1)[0]
    documented = []
    for cell in re.findall(r"(?m)^\| ([^|]+) \|", table):
        documented += re.findall(r"`(\w+)`", cell)
    assert documented == ["report_period", *COLUMNS, *READING_COLUMNS]
