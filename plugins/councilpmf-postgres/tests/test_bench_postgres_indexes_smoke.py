"""The index benchmark runs at a tiny size: every schema records and revises every reading, the
index or constraint named is really gone from the reads' plans, a store that loses a reading
fails the check, and a name that is not one of the schema's is refused. Timings are never
asserted: the machines that run this are shared and slow.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import pytest
from postgres_fixtures import postgres_server_fixture  # noqa: F401  (a fixture, used by name)

from councilpmf.core.indicators import Reading

SMALL = 2_000
SCRIPTS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module("bench_postgres_indexes")


def test_every_schema_records_and_revises_and_what_was_dropped_serves_no_read(
    bench: ModuleType, postgres_server: str
) -> None:
    result = bench.run(postgres_server, SMALL, runs=1, batch=500)
    assert result.mismatches == [] and result.agreed
    assert result.schemas == (bench.AS_IT_IS, *bench.DROPS)
    names = {f"{schema} {step}" for schema in result.schemas for step in bench.STEPS}
    assert set(result.clocks.wall) == set(result.server) == names
    assert set(result.plans) == set(result.schemas)
    assert all(set(plans) == set(bench.READS) for plans in result.plans.values())
    as_it_is = " ".join(scans for scans, _ms in result.plans[bench.AS_IT_IS].values())
    for index in ("readings_current_indicator_period_key", "reading_revisions_pkey"):
        assert index in as_it_is  # the reads use it while it is there ...
        assert all(index not in scans for scans, _ms in result.plans[index].values())  # ... only


def test_main_reports_only_the_schemas_asked_for(
    bench: ModuleType, postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--url", postgres_server, "--readings", str(SMALL), "--runs", "1", "--quiet"]
    assert bench.main([*argv, "--batch", "1000", "--drop", "readings_by_period"]) == 0
    out = capsys.readouterr().out
    assert "| readings_by_period | record |" in out and "| none | revise |" in out
    assert "| reading_revisions_pkey | record |" not in out
    assert "| readings(one period) | readings_by_period | sort, whole readings_current |" in out
    assert "Check passed: every schema holds every reading" in out


def test_a_store_that_loses_a_reading_fails_the_check(
    bench: ModuleType,
    postgres_server: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    batches = bench._batches

    def short(readings: Sequence[Reading], size: int) -> Iterator[Sequence[Reading]]:
        for part in batches(readings, size):
            yield part[:-1] if len(readings) == SMALL else part  # the last of each goes

    monkeypatch.setattr(bench, "_batches", short)
    argv = ["--url", postgres_server, "--readings", str(SMALL), "--runs", "1", "--quiet"]
    assert bench.main([*argv, "--batch", "500", "--drop", "reading_revisions_pkey"]) == 1
    out = capsys.readouterr().out
    assert "CHECK FAILED: a schema does not hold what was recorded" in out
    assert "- none record: 1,996 of 2,000" in out


def test_a_name_that_is_not_the_schemas_is_refused(bench: ModuleType) -> None:
    with pytest.raises(SystemExit) as refused:
        bench.main(["--url", "postgresql://nowhere/none", "--drop", "readings_pkey"])
    assert refused.value.code == 2
