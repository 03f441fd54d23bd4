"""Each bundled store survives SIGKILL mid-write: a child process records batches in a loop and
is killed at random moments; after each kill the store opens, every batch is wholly there or
wholly absent, and the history of the reading every batch revises has no gap.

Bounded: at most ``KILLS`` kills per store, each child killed after 0 to 2 whole batches and a
random fraction of a second more, and no new child started after ``SECONDS`` (at least
``FEWEST`` kills must fit in that time). PostgreSQL runs when
``COUNCILPMF_TEST_POSTGRES`` names a server (a schema of its own is made and dropped).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from councilpmf import open_store
from councilpmf.core.periods import parse_period

KILLS = 10
FEWEST = 3
SECONDS = 45.0
BATCH = 150
PERIOD = parse_period("2024/25 Q1")

# The child: from the batch after the last one the store holds, record batches for ever. Each
# batch writes BATCH new readings B<n>-<k> and revises the shared reading S to n, in one call.
CHILD = """
import sys
from councilpmf.core.indicators import Reading
from councilpmf.core.periods import parse_period
from councilpmf import open_store

url, size = sys.argv[1], int(sys.argv[2])
period = parse_period("2024/25 Q1")
with open_store(url) as store:
    held = store.readings(indicators=["S"])
    batch = int(held[0].value) + 1 if held else 1
    print("ready", flush=True)
    while True:
        readings = [
            Reading(indicator=f"B{batch}-{k}", period=period, value=float(k)) for k in range(size)
        ]
        readings.append(Reading(indicator="S", period=period, value=float(batch)))
        store.record(readings, by="child", reason=f"batch {batch}")
        print(f"batch {batch}", flush=True)
        batch += 1
"""


def _postgres_url() -> Iterator[str]:
    server = os.environ.get("COUNCILPMF_TEST_POSTGRES", "").strip()
    if not server:
        pytest.skip("COUNCILPMF_TEST_POSTGRES is not set")
    psycopg = pytest.importorskip("psycopg")
    schema = f"kill_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"'.encode())
    separator = "&" if "?" in server else "?"
    try:
        yield f"{server}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'.encode())


@pytest.fixture(params=["sqlite", "json", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'killed.db'}"
    elif request.param == "json":
        yield f"json:///{tmp_path / 'killed'}"
    else:
        yield from _postgres_url()


def _check(url: str) -> int:
    """Open the store after a kill; return how many batches it holds, all of them whole."""
    with open_store(url) as store:
        readings = store.readings()
        history = store.history("S", PERIOD)
    batches: dict[int, set[int]] = {}
    for reading in readings:
        if reading.indicator.startswith("B"):
            batch, _, k = reading.indicator[1:].partition("-")
            batches.setdefault(int(batch), set()).add(int(k))
    partial = {b: len(ks) for b, ks in batches.items() if ks != set(range(BATCH))}
    assert partial == {}, f"batches only partly written (batch: readings kept): {partial}"
    count = len(history)
    assert [h.revision for h in history] == list(range(1, count + 1)), "a gap in the history"
    assert [h.new.value for h in history] == [float(n) for n in range(1, count + 1)]
    assert sorted(batches) == list(range(1, count + 1)), "batches and history disagree"
    return count


def test_a_store_killed_mid_write_keeps_whole_batches_only(store_url: str) -> None:
    chance = random.Random(20251130)
    started = time.monotonic()
    counts = []
    while len(counts) < KILLS and (time.monotonic() - started < SECONDS or len(counts) < FEWEST):
        assert time.monotonic() - started < 2 * SECONDS, f"only {len(counts)} kills in time"
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, store_url, str(BATCH)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            ready = child.stdout.readline()
            assert ready == "ready\n", child.stderr.read() if child.stderr else ready
            for _ in range(chance.randint(0, 2)):
                assert child.stdout.readline().startswith("batch ")
            time.sleep(chance.uniform(0.0, 0.3))
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, "the child stopped before it was killed"
        counts.append(_check(store_url))
    assert counts == sorted(counts)
    assert counts[-1] > 0, "no batch was ever written: the kills came too soon to test anything"
