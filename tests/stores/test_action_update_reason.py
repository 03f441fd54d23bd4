"""Why an action was updated is kept with the framework revision the update makes, by every
store that keeps anything once closed, and ``history --plan`` shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from councilpmf import cli, open_store
from councilpmf.testing.samples import UPDATE, sample_framework

URLS = {"sqlite": "sqlite:///{tmp}/c.db", "json": "json://{tmp}/store"}


@pytest.mark.parametrize("scheme", sorted(URLS))
def test_the_reason_of_an_action_update_is_kept_after_reopening(
    tmp_path: Path, scheme: str
) -> None:
    url = URLS[scheme].format(tmp=tmp_path)
    with open_store(url) as store:
        store.save_framework(sample_framework(), 0, by="Ann", reason="adopted")
        store.record_action_update("D1", UPDATE, 1, reason="Quarter 3 review")
        store.record_action_update("D2", UPDATE, 2)
    with open_store(url, create=False) as store:
        kept = [(r.revision, r.by, r.reason) for r in store.plan_revisions()]
    assert kept == [
        (1, "Ann", "adopted"),
        (2, "Head of Policy", "Quarter 3 review"),
        (3, "Head of Policy", "an update to action D2"),
    ]
    shown = CliRunner().invoke(cli.main, ["history", url, "--plan"])
    assert shown.exit_code == 0, shown.output
    assert [" ".join(line.split()[2:]) for line in shown.stdout.splitlines()[-3:]] == [
        "Ann adopted",
        "Head of Policy Quarter 3 review",
        "Head of Policy an update to action D2",
    ]
