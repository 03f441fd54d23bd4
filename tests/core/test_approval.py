"""Approval: the moves between draft, submitted and approved, and reports of approved figures."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.approval import (
    AWAITING_APPROVAL,
    ApprovalError,
    ApprovalPolicy,
    Move,
    approved_only,
    move,
    same_person,
)
from councilpmf.core.convert import structure
from councilpmf.core.errors import InputError
from councilpmf.core.indicators import Approval, Indicator, Reading, Target
from councilpmf.core.periods import parse_period
from councilpmf.core.report import build_report, cell_text

Q3 = parse_period("2024/25 Q3")
ALLOWED = {
    (Move.SUBMIT, Approval.DRAFT): Approval.SUBMITTED,
    (Move.APPROVE, Approval.SUBMITTED): Approval.APPROVED,
    (Move.RETURN, Approval.SUBMITTED): Approval.DRAFT,
}


@pytest.mark.parametrize("step", list(Move))
@pytest.mark.parametrize("state", list(Approval))
def test_every_move_from_every_state(step: Move, state: Approval) -> None:
    reading = Reading(indicator="K1", period=Q3, value=3.0, note="n", approval=state)
    if (step, state) in ALLOWED:
        moved = move(reading, step)
        assert moved.approval is ALLOWED[(step, state)]
        assert (moved.value, moved.note) == (3.0, "n")
    else:
        with pytest.raises(ApprovalError, match=rf"^K1 2024/25 Q3 is .*only .* can be {step.done}"):
            move(reading, step)


def test_a_reading_is_approved_unless_it_says_otherwise() -> None:
    assert Reading(indicator="K", period=Q3, value=1.0).approval is Approval.APPROVED
    assert Reading(indicator="K", period=Q3, value=1.0, approval="Draft").approval is Approval.DRAFT
    with pytest.raises(InputError, match="approval"):
        Reading(indicator="K", period=Q3, value=1.0, approval="signed off")


def test_the_policy_is_read_from_council_toml_and_refuses_what_is_not_a_yes_or_no() -> None:
    assert structure({"self_approval": True}, ApprovalPolicy, source="council.toml") == (
        ApprovalPolicy(self_approval=True)
    )
    with pytest.raises(InputError, match=r"council\.toml: \$\.required"):
        structure({"required": "yes"}, ApprovalPolicy, source="council.toml")
    with pytest.raises(InputError, match="unknown"):
        structure({"self_approve": True}, ApprovalPolicy, source="council.toml")


def test_a_report_of_approved_figures_marks_the_rest_awaiting_approval() -> None:
    from councilpmf.core.framework import Framework
    from councilpmf.core.plan import Priority, StrategicPlan, Theme

    fw = Framework(
        plan=StrategicPlan(
            title="Plan",
            organisation="Anytown",
            themes=(
                Theme(
                    id="T",
                    name="Place",
                    priorities=(Priority(id="P", statement="Clean", indicators=("A", "B")),),
                ),
            ),
        ),
        indicators=(
            Indicator(id="A", title="Approved", targets=(Target(period=Q3, value=5.0),)),
            Indicator(id="B", title="Submitted", targets=(Target(period=Q3, value=5.0),)),
        ),
    )
    readings = [
        Reading(indicator="A", period=Q3, value=6.0),
        Reading(indicator="B", period=Q3, value=1.0, note="draft words", approval="submitted"),
    ]
    shown = approved_only(readings)
    assert shown[0] == readings[0]
    assert (shown[1].value, shown[1].missing_reason, shown[1].note) == (
        None,
        AWAITING_APPROVAL,
        "",
    )
    report = build_report("performance", fw, shown, Q3, dt.date(2025, 1, 30), charts=False)
    rows = {row.cells[0]: row for table in report.tables() for row in table.rows if row.cells}
    assert cell_text(rows["A"].cells[2]) == "6.0"
    assert cell_text(rows["B"].cells[2]) == "awaiting approval"
    assert "draft words" not in repr(report)
    exceptions = build_report("exceptions", fw, shown, Q3, dt.date(2025, 1, 30))
    texts = [cell_text(c) for t in exceptions.tables() for r in t.rows for c in r.cells]
    assert "1.0" not in texts  # the submitted figure is not rated red
    unfiltered = build_report("exceptions", fw, readings, Q3, dt.date(2025, 1, 30))
    # without the filter, the submitted figure is rated, and marked as not yet approved
    shown_all = [cell_text(c) for t in unfiltered.tables() for r in t.rows for c in r.cells]
    assert "1.0 (submitted)" in shown_all


def test_a_report_of_approved_figures_does_not_audit_the_status_published_with_the_rest() -> None:
    from councilpmf.core.framework import Framework
    from councilpmf.core.plan import StrategicPlan

    fw = Framework(
        plan=StrategicPlan(title="Plan", organisation="Anytown"),
        indicators=(Indicator(id="K", title="Kay", targets=(Target(period=Q3, value=50.0),)),),
    )
    waiting = Reading(
        indicator="K", period=Q3, value=10.0, published_status="Green", approval="submitted"
    )
    (shown,) = approved_only([waiting])
    assert (shown.value, shown.published_status) == (None, "")
    audit = build_report("audit", fw, [shown], Q3, dt.date(2025, 2, 1))
    assert audit.summary.startswith("0 published statuses")
    assert "Green" not in repr(audit)


JOSE = "Jos\u00e9 Bloggs"


@pytest.mark.parametrize(
    "written",
    [
        unicodedata.normalize("NFD", JOSE),  # e then a combining accent: the same text
        "JOS\u00c9 BLOGGS",
        "Jos\u00e9\u00a0Bloggs",  # a non-breaking space
        "Jos\u00e9 \u200bBloggs",  # a zero-width space
        "Jos\u00e9 Blo\u200dggs\ufeff",  # a zero-width joiner and a byte order mark
        "Jos\u00e9 Blog\u00adgs",  # a soft hyphen
        "\uff2a\uff4f\uff53\u00e9 Bloggs",  # full-width letters
    ],
)
def test_a_name_written_another_way_with_the_same_look_is_the_same_person(written: str) -> None:
    assert same_person(JOSE, written)
    assert same_person(written, JOSE)


@pytest.mark.parametrize("other", ["Jose Bloggs", "Jos\u00e9 Blogs", "Jos\u00e9Bloggs", ""])
def test_a_name_spelt_otherwise_is_another_person(other: str) -> None:
    assert not same_person(JOSE, other)


INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])


@given(
    words=st.lists(
        st.text(st.characters(categories=("L", "M", "N")), min_size=1, max_size=8),
        min_size=1,
        max_size=4,
    ),
    form=st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]),
    space=st.sampled_from([" ", "  ", "\u00a0", "\u2003", "\t"]),
    folded=st.booleans(),
    hidden=st.lists(st.tuples(st.integers(min_value=0), INVISIBLE), max_size=3),
)
def test_no_way_of_writing_a_name_makes_its_submitter_someone_else(
    words: list[str], form: str, space: str, folded: bool, hidden: list[tuple[int, str]]
) -> None:
    name = " ".join(words)
    written = unicodedata.normalize(form, space.join(words))
    if folded:
        written = written.casefold()
    for position, mark in hidden:
        at = position % (len(written) + 1)
        written = written[:at] + mark + written[at:]
    assert same_person(name, written)
