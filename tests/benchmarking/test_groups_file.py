"""Reading a comparator groups file from Python: a member with no values is named in one
warning that points at the caller's line."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("polars")

from councilpmf import benchmarking


def test_a_member_without_values_is_noted_at_the_callers_line(tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text("area_code,group,member_code\nE1,Near,E2\nE1,Near,E9\n", encoding="utf-8")
    with pytest.warns(benchmarking.NoValuesNote, match="E9") as noted:
        found = benchmarking.read_groups(groups, {"E1", "E2"}, "values.csv")
    assert [note.filename for note in noted] == [__file__]
    assert [(g.area_code, g.name, g.members) for g in found] == [("E1", "Near", ("E2", "E9"))]
