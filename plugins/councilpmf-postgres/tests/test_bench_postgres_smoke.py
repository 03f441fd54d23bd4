"""The PostgreSQL benchmark runs at a tiny size: every step does every reading, the raw
same-schema writer's database reads back as the store's (and a writer that gets one reading
wrong is caught), the server's CPU is measured only for its own backends, and a profile prints.
Timings are never asserted: the machines that run this are shared and slow.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import psycopg
import pytest
from postgres_fixtures import postgres_server_fixture  # noqa: F401  (a fixture, used by name)

from councilpmf.core.indicators import Reading

SMALL = 2_000
SCRIPTS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module("bench_postgres")


def test_every_step_does_every_reading_and_the_check_passes(
    bench: ModuleType, postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = bench.run(postgres_server, SMALL, runs=1)
    assert result.counts == {step: [SMALL] for step in bench.STEPS}
    assert result.checked == SMALL and result.mismatches == [] and result.agreed
    assert set(result.clocks.wall) == set(result.clocks.cpu) == set(bench.STEPS)
    argv = ["--url", postgres_server, "--readings", str(SMALL), "--runs", "1", "--quiet"]
    assert bench.main([*argv, "--profile", "record"]) == 0
    out = capsys.readouterr().out
    assert "Check passed: the same-schema writer's 2,000 readings" in out
    assert all(f"| {label} |" in out for label in bench.LABELS.values())
    assert "| raw, bare table (a floor) |" in out
    assert "```text" in out and "function calls" in out  # the profile of the store's record


def test_a_raw_writer_that_gets_a_reading_wrong_fails_the_check(
    bench: ModuleType,
    postgres_server: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    written = bench.raw_record

    def wrong(url: str, readings: Sequence[Reading], *rest: Any) -> Any:
        last = attrs.evolve(readings[-1], value=-1.5)
        return written(url, [*readings[:-1], last], *rest)

    monkeypatch.setattr(bench, "raw_record", wrong)
    argv = ["--url", postgres_server, "--readings", str(SMALL), "--runs", "1", "--quiet"]
    assert bench.main(argv) == 1
    out = capsys.readouterr().out
    assert "CHECK FAILED: the same-schema writer's database does not read back" in out
    last = bench.make_readings(SMALL)[-1]
    assert f"- {last.indicator} {last.period}: raw psycopg Reading(" in out and "value=-1.5" in out


def test_the_server_cpu_is_read_only_for_the_servers_own_backends(
    bench: ModuleType, postgres_server: str
) -> None:
    with psycopg.connect(postgres_server, autocommit=True) as monitor:
        probe = bench.ServerProbe(monitor)
        if probe.postmaster is None:
            pytest.skip("the server is not on this machine: its CPU cannot be measured")
        backend = probe.seconds(monitor.info.backend_pid)
        assert backend is not None and backend >= 0
        assert probe.seconds(os.getpid()) is None  # this process is no backend of the server
