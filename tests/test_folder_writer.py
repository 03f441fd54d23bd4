"""Saving a council folder: what is saved loads back equal, and nothing is overwritten."""

from __future__ import annotations

import io
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilpmf._strategies import frameworks
from councilpmf._strategies import readings as reading_records
from councilpmf.core.actions import DEFAULT_VOCABULARY
from councilpmf.core.convert import unstructure
from councilpmf.core.errors import CouncilPMFError, InputError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.published import DEFAULT_PUBLISHED_WORDS
from councilpmf.folder import id_problem, load_folder, read_readings
from councilpmf.folder_writer import save_folder, write_readings_csv
from councilpmf.testing.samples import unvalidated
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


# -- what a folder cannot hold is refused, and nothing is written ----------------------------------


def _texts(data: object) -> Iterator[str]:
    """Every text in plain data, keys too."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _texts(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _texts(item)


def _foldable(framework: Framework) -> bool:
    """Whether a council folder can hold the framework (docs/council-folder.md): its texts
    within the limits and free of hidden characters, its indicator ids safe as names."""
    plain = unstructure(framework, year_start_month=framework.year_start_month)
    return all(text_problem(text) is None for text in _texts(plain)) and all(
        id_problem(indicator.id) is None for indicator in framework.indicators
    )


def _leaves_nothing(tmp: Path) -> bool:
    return list(tmp.iterdir()) == []


# A folder adds its status words (for actions, and for published ratings) to the built-in
# ones, so a saved vocabulary extends them.
folder_frameworks = frameworks.map(
    lambda fw: attrs.evolve(
        fw,
        vocabulary=DEFAULT_VOCABULARY.extended(fw.vocabulary.words),
        published_statuses=DEFAULT_PUBLISHED_WORDS.extended(fw.published_statuses.words),
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(folder_frameworks)
def test_a_generated_framework_saves_and_loads_back_equal_or_is_refused_for_a_reason(
    framework: Framework,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp) / "new" / "council"
        if _foldable(framework):
            assert load_folder(save_folder(framework, where)).framework == framework
            return
        with pytest.raises(InputError) as refused:
            save_folder(framework, where)
        assert all(
            re.match(r"cannot save [a-z-]+(/[^:]+)?\.toml: ", line)
            for line in refused.value.problems
        )
        assert _leaves_nothing(Path(tmp))


HIDDEN = ["\u202e", "\u2066", "\x1b", "\x00", "\x85"]


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(HIDDEN), st.integers(0, 12))
def test_a_hidden_character_is_refused_naming_file_and_field(char: str, at: int) -> None:
    council = load_folder("examples/york")
    vision = council.framework.plan.vision
    with unvalidated():  # records refuse it: only one built round its checks holds it
        plan = attrs.evolve(council.framework.plan, vision=vision[:at] + char + vision[at:])
    with tempfile.TemporaryDirectory() as tmp:
        with pytest.raises(InputError) as refused:
            save_folder(attrs.evolve(council.framework, plan=plan), Path(tmp) / "york")
        (line,) = refused.value.problems
        assert line.startswith(
            f"cannot save plan.toml: $.vision: holds the invisible character U+{ord(char):04X}"
        )
        assert _leaves_nothing(Path(tmp))


def test_a_hidden_character_in_a_reading_names_the_file_row_and_column(tmp_path: Path) -> None:
    council = load_folder("examples/york")
    with unvalidated():  # records refuse it: only one built round its checks holds it
        note = Reading(
            indicator=council.framework.indicators[0].id,
            period="2024/25 Q3",
            value=1,
            note="ok\x1b[2J",
        )
    with pytest.raises(InputError) as refused:
        save_folder(council.framework, tmp_path / "york", readings=[note])
    (line,) = refused.value.problems
    assert re.fullmatch(
        r"cannot save readings/2024-25\.csv: row 2: note: holds the invisible character U\+001B .*",
        line,
    )
    assert _leaves_nothing(tmp_path)


@pytest.mark.parametrize("year", [1024, 1899, 3000])
def test_a_reading_outside_the_years_a_folder_holds_is_refused(tmp_path: Path, year: int) -> None:
    framework = load_folder("examples/york").framework
    slip = Reading(
        indicator=framework.indicators[0].id, period=f"{year}/{(year + 1) % 100:02d} Q1", value=1
    )
    with pytest.raises(InputError) as refused:
        save_folder(framework, tmp_path / "york", readings=[slip])
    (line,) = refused.value.problems
    assert line.startswith(f"cannot save readings/{year}-") and "row 2: period: " in line
    assert "is outside the years 1900 to 2999" in line
    assert _leaves_nothing(tmp_path)


def test_a_framework_without_indicators_saves_and_loads_back(tmp_path: Path) -> None:
    framework = Framework(plan=StrategicPlan(title="Plan", organisation="Anytown"))
    assert load_folder(save_folder(framework, tmp_path / "new")).framework == framework
