"""The example councils: each loads cleanly, and Mansfield's scorecard is pinned by a golden file.

To update the golden file after a deliberate change, run
``python tests/test_examples.py > tests/golden/mansfield-2024-25-q3.txt`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import councilpmf as pmf
from councilpmf.core.checks import run_checks

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).parent / "golden" / "mansfield-2024-25-q3.txt"

# Each example with a period its readings cover and a day to assess it on.
CASES = {
    "mansfield": ("2024/25 Q3", dt.date(2025, 1, 20)),
    "cambridgeshire": ("2023/24 Q3", dt.date(2024, 1, 31)),
    "york": ("2009/10 Q4", dt.date(2010, 4, 30)),
    "nottinghamshire": ("2015/16 Q4", dt.date(2016, 5, 31)),
}


def test_every_example_folder_is_covered() -> None:
    folders = {p.name for p in EXAMPLES.iterdir() if (p / "plan.toml").is_file()}
    assert folders == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_example_loads_with_no_error_findings(name: str) -> None:
    council = pmf.load_folder(EXAMPLES / name)
    period, as_of = CASES[name]
    findings = run_checks(council.framework, council.readings, as_of)
    errors = [str(f) for f in findings if f.severity is pmf.Severity.ERROR]
    assert errors == []
    card = pmf.assess(
        council.framework,
        pmf.Readings.of(council.readings, council.comparators),
        pmf.parse_period(period),
        as_of,
    )
    assert len(card.indicators) == len(council.framework.indicators) > 0
    # Every rated indicator with a reading for its period gets a real rating, not "no target".
    unrated = [
        r.indicator
        for r in card.indicators
        if r.rating.status is pmf.Status.NOT_RATED
        and council.framework.indicator(r.indicator).rated
        and r.value is not None
    ]
    assert unrated == []


def test_mansfield_keeps_the_papers_structure() -> None:
    fw = pmf.load_folder(EXAMPLES / "mansfield").framework
    assert fw.plan.vision == (
        "To be an ambitious, caring and confident district where everyone can prosper."
    )
    assert [t.name for t in fw.plan.themes] == [
        "Our communities",
        "Our organisation",
        "Our district",
        "Our environment",
        "Our economy",
    ]
    assert [len(t.priorities) for t in fw.plan.themes] == [6, 4, 5, 5, 5]
    (challenge,) = fw.peer_challenges
    assert [len(r.actions) for r in challenge.recommendations] == [3, 4, 4, 3, 3, 4]
    first = challenge.recommendations[0].actions[0]
    assert (first.ref, first.timescale, first.status) == ("1.1", "January 2024", "Complete")
    assert first.owners == ("Head of Finance (Section 151 Officer)",)


def mansfield_scorecard_text() -> str:
    """A plain, stable rendering of Mansfield's 2024/25 Q3 scorecard: the golden file's text."""
    council = pmf.load_folder(EXAMPLES / "mansfield")
    period, as_of = CASES["mansfield"]
    card = pmf.assess(council.framework, council.readings, pmf.parse_period(period), as_of)
    lines = [f"{card.organisation} {card.period} as of {card.as_of.isoformat()}"]
    for r in card.indicators:
        lines.append(
            f"{r.indicator} | {r.period} | {r.rating.explanation} | "
            f"{r.short_term.explanation} | {r.long_term.explanation} | "
            f"missed {r.missed_in_a_row}"
        )
    for roll in (*card.themes, *card.priorities):
        counts = ", ".join(f"{c.status.value} {c.count}" for c in roll.counts if c.count)
        lines.append(
            f"roll-up {roll.id}: {counts or 'none'}; actions {len(roll.actions)}, "
            f"overdue {roll.actions_overdue}, complete {roll.actions_complete}"
        )
    for item in card.exception_list():
        lines.append(f"exception {item.indicator}: {', '.join(x.value for x in item.reasons)}")
    for action in card.actions:
        lines.append(f"action {action.ref}: {action.explanation}")
    lines.extend(f"finding {f}" for f in card.findings)
    return "\n".join(lines) + "\n"


def test_nottinghamshire_records_no_revised_due_date_as_its_readme_says() -> None:
    # The source paper gives no actions, so no revised date: the "Revised date" statuses are
    # illustrative and carry no new date, and the actions stay due on their first dates.
    council = pmf.load_folder(EXAMPLES / "nottinghamshire")
    period, as_of = CASES["nottinghamshire"]
    actions = [action for _, action in council.framework.actions_at()]
    revised = [a for a in actions if any(u.status == "Revised date" for u in a.updates)]
    assert [a.ref for a in revised] == ["ADP 2", "ADP 9", "ASC SP 2", "HW SP 2"]
    assert [u.due for a in actions for u in a.updates if u.due is not None] == []
    card = pmf.assess(council.framework, pmf.Readings.of(council.readings), period, as_of)
    assert [a.ref for a in card.actions if a.overdue] == ["ADP 9", "HW SP 2"]
    readme = (EXAMPLES / "nottinghamshire" / "README.md").read_text(encoding="utf-8")
    assert "(ADP 2, ADP 9, ASC SP 2 and HW SP 2)" in readme.replace("\n", " ")


def test_mansfield_scorecard_matches_the_golden_file() -> None:
    assert mansfield_scorecard_text() == GOLDEN.read_text(encoding="utf-8")


if __name__ == "__main__":
    sys.stdout.write(mansfield_scorecard_text())
