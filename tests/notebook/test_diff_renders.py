"""Every kind of plan change reads the same in each form a diff is shown in: a line of text
(``councilpmf diff``), a row of the notebook's HTML table, and a row of a data table."""

from __future__ import annotations

import html

import attrs
from tests.core.test_diff_fields import BASE, DELIVERY, OUTCOME, PLAN, PRIORITY, THEME

from councilpmf.core.diff import ChangeKind, diff_frameworks
from councilpmf.core.plan import Outcome
from councilpmf.dataframes import diff_table
from councilpmf.notebook import diff_html

PRIORITY_NOW = attrs.evolve(
    PRIORITY, indicators=("K1", "K2"), outcomes=(OUTCOME, Outcome(id="O2", statement="Parks"))
)
NEW = attrs.evolve(
    BASE,
    plan=attrs.evolve(
        PLAN,
        values=("Listen", "Act <now>"),
        themes=(attrs.evolve(THEME, lead="Cllr Brown", priorities=(PRIORITY_NOW,)),),
    ),
    delivery_plans=(attrs.evolve(DELIVERY, year="2025/26"),),
)
# The kind of each change as the notebook shows it: a symbol and words, never the symbol alone.
SHOWN = {
    ChangeKind.STRATEGIC_PLAN_CHANGED: "~ strategic plan changed",
    ChangeKind.THEME_LEAD_CHANGED: "~ theme lead changed",
    ChangeKind.PRIORITY_CHANGED: "~ priority changed",
    ChangeKind.OUTCOME_ADDED: "+ outcome added",
    ChangeKind.PLAN_CHANGED: "~ plan changed",
}


def test_the_new_kinds_of_change_read_alike_in_text_html_and_tables() -> None:
    diff = diff_frameworks(BASE, NEW)
    assert [c.kind for c in diff.changes] == list(SHOWN)
    assert str(diff).splitlines() == [c.text for c in diff.changes]
    assert "Strategic plan values changed from 'Listen' to 'Listen'; 'Act <now>'" in str(diff)

    page = diff_html(diff)
    for change in diff.changes:
        text = html.escape(change.text).replace("&#x27;", "&#39;")
        row = f'<th scope="row">{text}</th><td>{SHOWN[change.kind]}</td><td>{change.path}</td>'
        assert row in page
    assert "<now>" not in page  # the council's text is escaped

    table = diff_table(diff)
    assert table.column("kind") == tuple(c.kind.value for c in diff.changes)
    assert table.column("path") == tuple(c.path for c in diff.changes)
    assert table.column("text") == tuple(c.text for c in diff.changes)
