"""The store contract (:mod:`councilpmf.testing`) against every built-in store, and the contract
run the way a plugin author runs it from the command line."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from store_fixtures import (
    plain_framework,
    spoil_json,
    spoil_json_reading,
    spoil_sqlite,
    spoil_sqlite_reading,
)

from councilpmf import open_store
from councilpmf.core.indicators import Reading
from councilpmf.store import ReadingKey, RecordSummary, Store, StoreError
from councilpmf.testing import StoreContract
from councilpmf.testing.frame_contract import ReadingSpoiler
from councilpmf.testing.repair_contract import Spoiler


class TestMemoryStore(StoreContract):
    persistent = False
    multiprocess = False

    @pytest.fixture
    def store_url(self) -> str:
        return "memory://"


class TestJsonStore(StoreContract):
    @pytest.fixture
    def store_url(self, tmp_path: Path) -> str:
        return f"json:///{tmp_path}"

    @pytest.fixture
    def spoil_framework(self) -> Spoiler:
        return spoil_json

    @pytest.fixture
    def spoil_reading(self) -> ReadingSpoiler:
        return spoil_json_reading


class TestSqliteStore(StoreContract):
    @pytest.fixture
    def store_url(self) -> str:
        # {tmp} becomes a fresh temporary directory for every test and every example.
        return "sqlite:///{tmp}/c.db"

    @pytest.fixture
    def spoil_framework(self) -> Spoiler:
        return spoil_sqlite

    @pytest.fixture
    def spoil_reading(self) -> ReadingSpoiler:
        return spoil_sqlite_reading


def _pytest_plugin_route(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the contract as documented: ``-p councilpmf.testing --pyargs councilpmf.testing``,
    in a directory of its own with an empty pytest configuration."""
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "councilpmf.testing",
        "--pyargs",
        "councilpmf.testing",
        "-c",
        str(ini),
        "--rootdir",
        str(tmp_path),
        "-p",
        "no:cacheprovider",
        "-q",
        *args,
    ]
    return subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False
    )


def _count(outcome: str, output: str) -> int:
    match = re.search(rf"(\d+) {outcome}", output)
    return int(match.group(1)) if match else 0


def test_the_contract_runs_as_a_pytest_plugin(tmp_path: Path) -> None:
    result = _pytest_plugin_route(tmp_path, "--councilpmf-store-url=memory://")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _count("passed", output) > 0, output
    assert _count("failed", output) == 0, output
    # memory:// keeps nothing once closed: the reopen, approval-across-a-close, multi-process,
    # repair, comparators-across-a-reopen, stored-text (four), damaged-row (eleven) and
    # stored-period (two) tests skip.
    assert _count("skipped", output) == 23, output


def test_the_plugin_gives_each_test_a_fresh_tmp_directory(tmp_path: Path) -> None:
    result = _pytest_plugin_route(
        tmp_path,
        "--councilpmf-store-url=sqlite:///{tmp}/c.db",
        "-k",
        "framework_round_trip or reopen or load_with_nothing_saved",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _count("passed", output) == 4, output


def test_the_plugin_without_a_url_skips_rather_than_fails(tmp_path: Path) -> None:
    result = _pytest_plugin_route(tmp_path, "-k", "framework_round_trip")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _count("passed", output) == 0, output
    assert _count("skipped", output) == 2, output


# -- the contract refuses a store that breaks its promises -------------------------------------


class EachReadingOnItsOwn:
    """A store that commits each reading of a batch on its own, as a naive store might: a batch
    that fails part-way leaves its first readings behind."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def record(
        self,
        readings: Iterable[Reading],
        by: str,
        reason: str = "",
        expected: Mapping[ReadingKey, int] | None = None,
    ) -> RecordSummary:
        new = changed = unchanged = 0
        for reading in readings:
            mine = None if expected is None else {reading.key: expected.get(reading.key, 0)}
            done = self._inner.record([reading], by=by, reason=reason, expected=mine)
            new, changed = new + done.new, changed + done.changed
            unchanged += done.unchanged
        return RecordSummary(new=new, changed=changed, unchanged=unchanged)


def test_the_contract_fails_a_store_that_commits_each_reading_on_its_own() -> None:
    check = StoreContract().test_a_batch_that_fails_part_way_keeps_nothing
    with open_store("memory://") as inner, pytest.raises(AssertionError) as failure:
        check(EachReadingOnItsOwn(inner))  # type: ignore[arg-type]
    message = str(failure.value)
    # It says what it compared, what it expected and what it got, without pytest's rewriting.
    assert message.startswith(
        "readings() after a batch whose source raises after three readings: the readings held: "
        "expected ["
    ), message
    assert "K2" in message.split(", got ")[1], message


def test_the_contract_passes_the_same_store_committing_each_batch_whole() -> None:
    with open_store("memory://") as store:
        StoreContract().test_a_batch_that_fails_part_way_keeps_nothing(store)
        assert len(store.readings()) == 3


# -- every built-in store refuses the same text ---------------------------------------------------


@pytest.mark.parametrize("scheme", ["memory", "json", "sqlite"])
@pytest.mark.parametrize("field", ["by", "reason"])
@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        # A command's argument that is not UTF-8 arrives decoded with errors="surrogateescape".
        (
            "Caf\udce9",
            "must be valid Unicode text: character 4 is half a surrogate pair ('\\udce9')",
        ),
        ("Ann\x1b[2J", "must not hold control characters: character 4 is U+001B; write plain text"),
        (
            "exe\u202etxt",
            "must not hold control characters: character 4 is U+202E (RIGHT-TO-LEFT OVERRIDE); "
            "write plain text",
        ),
    ],
    ids=["surrogate", "escape", "bidi"],
)
def test_text_a_record_refuses_in_who_or_why_is_refused_alike_and_nothing_written(
    tmp_path: Path, scheme: str, field: str, bad: str, problem: str
) -> None:
    url = {
        "memory": "memory://",
        "json": f"json:///{tmp_path}",
        "sqlite": f"sqlite:///{tmp_path}/c.db",
    }
    said = f"{field} {problem}"
    author = {"by": "Ann", "reason": "checked", field: bad}
    reading = Reading(indicator="K1", period="2024/25 Q1", value=1.0)
    with open_store(url[scheme]) as store:
        with pytest.raises(StoreError) as caught:
            store.save_framework(plain_framework(), 0, **author)
        assert str(caught.value) == said
        with pytest.raises(StoreError) as caught:
            store.record([reading], **author)
        assert str(caught.value) == said
        assert store.readings() == () and store.plan_revisions() == ()
