"""Saving a council folder: what is saved loads back equal, and nothing is overwritten."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilpmf._strategies import readings as reading_records
from councilpmf.core.errors import CouncilPMFError
from councilpmf.core.indicators import Reading
from councilpmf.folder import id_problem, load_folder, read_readings
from councilpmf.folder_writer import save_folder, write_readings_csv
from councilpmf.textfiles import LARGEST, text_problem

EXAMPLES = sorted(p for p in Path("examples").iterdir() if (p / "plan.toml").is_file())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_saves_and_loads_back_equal(example: Path, tmp_path: Path) -> None:
    council = load_folder(example)
    again = load_folder(save_folder(council, tmp_path / example.name))
    assert again.framework == council.framework
    assert Counter(again.readings) == Counter(council.readings)
    assert Counter(again.comparators) == Counter(council.comparators)


def test_saving_twice_gives_the_same_files(tmp_path: Path) -> None:
    council = load_folder("examples/mansfield")
    first = save_folder(council, tmp_path / "one")
    second = save_folder(load_folder(first), tmp_path / "two")
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_hostile_text_is_kept_as_text(tmp_path: Path) -> None:
    council = load_folder("examples/york")
    # No bidirectional override: a council folder refuses those (docs/council-folder.md).
    hostile = "Fix \"roads\" = 'now'\n[[themes]] #{x} \\ \u2028 =SUM(A1)"
    plan = attrs.evolve(council.framework.plan, vision=hostile)
    changed = attrs.evolve(council, framework=attrs.evolve(council.framework, plan=plan))
    again = load_folder(save_folder(changed, tmp_path / "york"))
    assert again.framework.plan.vision == hostile


def test_an_existing_folder_is_never_written_over(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text("kept", encoding="utf-8")
    with pytest.raises(CouncilPMFError, match="already exists and is not an empty folder"):
        save_folder(load_folder("examples/york"), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]
    assert (tmp_path / "plan.toml").read_text(encoding="utf-8") == "kept"


def _expressible(reading: Reading) -> bool:
    """A CSV folder has April years, trims its cells and holds only what the folder's limits
    allow (docs/council-folder.md), and its published statuses have single spaces between
    words and at most 100 characters: readings it can hold."""
    texts = (reading.indicator, reading.note, reading.missing_reason or "x")
    published = reading.published_status
    return (
        published == " ".join(published.split())
        and len(published) <= 100
        and text_problem(published) is None
        and getattr(reading.period, "start_month", 4) == 4
        and all(text == text.strip() and text_problem(text) is None for text in texts)
        and id_problem(reading.indicator) is None
        and reading.period.start.year >= 1900
        and reading.period.end.year <= 2999
        and (reading.value is None or abs(reading.value) <= LARGEST)
    )


def _this_century(reading: Reading) -> Reading:
    """The reading moved to a year from 2000 to 2099, as a folder's readings must be."""
    return attrs.evolve(
        reading, period=attrs.evolve(reading.period, year=2000 + reading.period.year % 100)
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(reading_records().map(_this_century).filter(_expressible), max_size=8))
def test_readings_csv_reads_back_the_same_readings(tmp_path: Path, readings: list[Reading]) -> None:
    buffer = io.StringIO()
    assert write_readings_csv(readings, buffer) == len(readings)
    file = tmp_path / "readings.csv"
    file.write_text(buffer.getvalue(), encoding="utf-8")
    assert list(read_readings(file)) == readings
