"""``councilpmf history --indicator ID --period P`` reads P with the stored framework's year
start, as every other command does: a council on the calendar year names its months and
quarters as it always has, and a store whose framework no longer reads still finds the figure."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import textwrap
from pathlib import Path

import pytest

from cli_run import run, run_wide

FILES = {
    "plan.toml": """
        title = "Towards 2030"
        organisation = "Anytown District Council"
        [[themes]]
        id = "communities"
        name = "Our communities"
        [[themes.priorities]]
        id = "C1"
        statement = "Answer residents quickly."
        indicators = ["CALLS", "VISITS"]
    """,
    "indicators.toml": """
        [[indicators]]
        id = "CALLS"
        title = "Calls answered within a minute"
        unit = "percentage"
        frequency = "monthly"
        [[indicators]]
        id = "VISITS"
        title = "Visits to the contact centre"
        unit = "count"
        frequency = "quarterly"
    """,
    "council.toml": "year_start_month = 1\n",
    "readings/2025.csv": """
        indicator,period,value
        CALLS,Jan 2025,41
        CALLS,Feb 2025,43.5
        VISITS,2025 Q1,1200
    """,
}


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A SQLite store holding a council whose year starts in January."""
    folder = tmp_path / "calendar"
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert run_wide("load", str(folder), "--store", url).exit_code == 0
    return url


def values(url: str, indicator: str, period: str) -> list[str]:
    """The value column of ``history``'s table, one row for each revision."""
    result = run_wide("history", url, "--indicator", indicator, "--period", period)
    assert result.exit_code == 0, result.output
    return column(result.stdout, "value")


def column(table: str, name: str) -> list[str]:
    """The cells under ``name`` in a table the text format wrote (header, rule, rows)."""
    header, rule, *rows = table.splitlines()
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    (start, end), *_ = [s for s in spans if header[s[0] : s[1]].strip() == name]
    return [row[start:end].strip() for row in rows]


@pytest.mark.parametrize(
    ("period", "shown"),
    [("Jan 2025", "41.0%"), ("2025-01", "41.0%"), ("February 2025", "43.5%"), ("2025-02", "43.5%")],
)
def test_a_month_of_a_calendar_year_council_is_found(store: str, period: str, shown: str) -> None:
    assert values(store, "CALLS", period) == [shown]


def test_a_calendar_quarter_is_read_with_the_councils_year_start(store: str) -> None:
    # "2025 Q1" is a period only in years that start in January
    assert values(store, "VISITS", "2025 Q1") == ["1200"]
    assert values(store, "VISITS", "2025 Q1 (from Jan)") == ["1200"]
    # the same months as a quarter of a financial year are another period, with no figure
    missing = run("history", store, "--indicator", "VISITS", "--period", "2024/25 Q4 (from Apr)")
    assert missing.exit_code == 1
    # named as the council reads it: its own "2024/25 Q4" is a quarter of years from January
    assert "no figure of VISITS for 2024/25 Q4 (from Apr) is recorded" in missing.stderr


@pytest.mark.parametrize(
    ("period", "named"),
    [
        ("2025 Q2", "2025 Q2"),
        ("2024/25 Q4 (from Apr)", "2024/25 Q4 (from Apr)"),
        ("2025/26 Q1 (from Apr)", "2025/26 Q1 (from Apr)"),
        ("2025 (from Jan)", "2025"),
        ("2024/25 (from Sep)", "2024/25 (from Sep)"),
        ("Mar 2025", "Mar 2025"),
    ],
)
def test_a_period_with_no_figure_is_named_as_the_council_reads_it(
    store: str, period: str, named: str
) -> None:
    missing = run("history", store, "--indicator", "VISITS", "--period", period)
    assert missing.exit_code == 1
    assert f"no figure of VISITS for {named} is recorded in " in missing.stderr
    # what the message names is a period the council can type back and find the same answer
    again = run("history", store, "--indicator", "VISITS", "--period", named)
    assert again.exit_code == 1
    assert again.stderr == missing.stderr


def test_a_month_is_found_when_the_stored_framework_no_longer_reads(store: str) -> None:
    path = store.removeprefix("sqlite:///")
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        changed = db.execute(
            'UPDATE framework SET document = replace(document, \'"id": "CALLS"\', '
            '\'"id": "CALLS "\') WHERE revision = 1'
        )
        assert changed.rowcount == 1
    result = run_wide("history", store, "--indicator", "CALLS", "--period", "2025-02")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("warning: ")
    # shown as stored: the framework that gives its unit does not read
    assert column(result.stdout, "value") == ["43.5"]
