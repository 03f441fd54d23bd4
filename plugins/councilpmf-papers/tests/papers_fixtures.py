"""What the councilpmf-papers tests share: the example councils, their reports, a report whose
rows carry themes, and council text made hostile.

Not a ``conftest.py``: the project's own tests (``tests/``) have one, and with
``--doctest-modules`` two ``conftest`` modules outside packages clash. Each test module imports
what it uses from here.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import attrs

import councilpmf as pmf
from councilpmf.core.rag import Status
from councilpmf.core.report import (
    REPORT_KINDS,
    Chart,
    Column,
    DateCell,
    NumberCell,
    Paragraph,
    Point,
    Report,
    Row,
    Section,
    Series,
    StatusCell,
    Table,
    build_report,
)
from councilpmf.testing.samples import unvalidated

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"

# The same periods and days as the main tests' CASES (tests/test_examples.py).
CASES = {
    "mansfield": ("2024/25 Q3", dt.date(2025, 1, 20)),
    "cambridgeshire": ("2023/24 Q3", dt.date(2024, 1, 31)),
    "york": ("2009/10 Q4", dt.date(2010, 4, 30)),
    "nottinghamshire": ("2015/16 Q4", dt.date(2016, 5, 31)),
}
Q3 = pmf.parse_period("2024/25 Q3")
AS_OF = dt.date(2025, 1, 20)

# Text that means something to a spreadsheet, Word's XML, Typst or a terminal, and must mean
# nothing in a paper: it is shown as the characters it is.
FORMULAS = (
    '=HYPERLINK("http://evil.example","click")',
    "+1",
    "-1",
    "@SUM(A1:A2)",
    "=1+1",
    "=cmd|' /C calc'!A0",
)
MARKUP = (
    '#read("/etc/passwd")',
    '#import "/etc/passwd"',
    "#set page(width: 1cm)",
    "$x^2$ and *bold* and _em_",
    "<label> @ref \\ back\\slash",
    "]] #{ 1 + 1 } [[",
    "</w:t></w:r><w:r><w:t>injected",
    "<script>alert(1)</script> &amp;",
    "// a comment /* and more",
    "`raw` ~ = heading",
)
CONTROL = "Before\x00\x01\x07\x08\x0b\x0c\x1b[31m\x7f\x85\ufffe after"
LONG = "Long commentary. " * 600  # about 10 kB


@functools.cache
def council(name: str = "mansfield") -> pmf.CouncilFolder:
    return pmf.load_folder(EXAMPLES / name)


@functools.cache
def mansfield_report(kind: str, *, charts: bool = True) -> Report:
    """A report of ``kind`` for Mansfield's Cabinet, 2024/25 Q3."""
    folder = council()
    return build_report(
        kind, folder.framework, folder.readings, Q3, AS_OF, "cabinet", charts=charts
    )


def every_report() -> list[tuple[str, str]]:
    """(council, kind) for every example council and every kind of report."""
    return [(name, kind) for name in sorted(CASES) for kind in REPORT_KINDS]


def example_report(name: str, kind: str, *, charts: bool = True) -> Report:
    """The whole council's report of ``kind`` for the example's period and day."""
    period, as_of = CASES[name]
    folder = council(name)
    return build_report(
        kind, folder.framework, folder.readings, pmf.parse_period(period), as_of, charts=charts
    )


def hostile(payload: str, kind: str, *, charts: bool = False) -> Report:
    """Mansfield's report of ``kind`` for Cabinet with ``payload`` in the free text a paper
    shows: council, committee, theme and indicator names, owners, commentary, the reason a
    reading has no value, action titles, owners and status words, and the peer challenge's
    recommendations and team. Built :func:`~councilpmf.testing.samples.unvalidated`: the core's
    records refuse control characters, which a paper must still show harmless should records
    built without their checks hold one."""
    with unvalidated():
        return _hostile(payload, kind, charts=charts)


def _hostile(payload: str, kind: str, *, charts: bool) -> Report:
    folder = council()
    fw = folder.framework

    def action(a: pmf.Action) -> pmf.Action:
        return attrs.evolve(a, title=payload, owners=(payload,), status=payload)

    framework = attrs.evolve(
        fw,
        plan=attrs.evolve(
            fw.plan,
            organisation=payload,
            themes=tuple(attrs.evolve(t, name=payload, ambition=payload) for t in fw.plan.themes),
        ),
        indicators=tuple(attrs.evolve(i, title=payload, owner=payload) for i in fw.indicators),
        committees=tuple(attrs.evolve(c, name=payload) for c in fw.committees),
        delivery_plans=tuple(
            attrs.evolve(d, actions=tuple(action(a) for a in d.actions)) for d in fw.delivery_plans
        ),
        peer_challenges=tuple(
            attrs.evolve(
                p,
                team=(payload,),
                recommendations=tuple(
                    attrs.evolve(r, text=payload, actions=tuple(action(a) for a in r.actions))
                    for r in p.recommendations
                ),
            )
            for p in fw.peer_challenges
        ),
    )
    readings = tuple(
        attrs.evolve(r, note=payload, missing_reason=None if r.value is not None else payload)
        for r in folder.readings
    )
    return build_report(kind, framework, readings, Q3, AS_OF, "cabinet", charts=charts)


def with_commentary(text: str, kind: str) -> Report:
    """Mansfield's report of ``kind`` for Cabinet with ``text`` as every reading's commentary."""
    folder = council()
    readings = tuple(attrs.evolve(r, note=text) for r in folder.readings)
    return build_report(kind, folder.framework, readings, Q3, AS_OF, "cabinet", charts=False)


# Why a reading has no value, long enough to wrap in any cell, with a word no column holds.
REASON = (
    "Police incident data for December not received by the reporting deadline; "
    "it will be reported with Q4. "
    * 6
    + "incident-extract-2024-12-supplementary-revision-two-final.csv"
)


def with_reason(reason: str, kind: str) -> Report:
    """Mansfield's report of ``kind`` for Cabinet with ``reason`` as the reason of every reading
    that has no value (ASB01's for 2024/25 Q3)."""
    folder = council()
    readings = tuple(
        r if r.value is not None else attrs.evolve(r, missing_reason=reason)
        for r in folder.readings
    )
    return build_report(kind, folder.framework, readings, Q3, AS_OF, "cabinet", charts=False)


def themed_report() -> Report:
    """A small report built by hand whose indicator rows carry their theme, with a red, an
    amber (with commentary), a percentage, money, a date, a chart and an empty table."""
    columns = (
        Column(key="indicator", title="Indicator"),
        Column(key="value", title="Value", kind="number"),
        Column(key="target", title="Target", kind="number"),
        Column(key="rating", title="Rating", kind="status"),
        Column(key="due", title="Due", kind="date"),
        Column(key="commentary", title="Commentary"),
    )
    red = StatusCell(status=Status.RED, word="Red", symbol="✖")
    amber = StatusCell(status=Status.AMBER, word="Amber", symbol="▲")
    green = StatusCell(status=Status.GREEN, word="Green", symbol="✔")
    rows = (
        Row(
            header="Fly-tips cleared in 5 days",
            cells=(
                NumberCell(value=84.25, text="84.3%"),
                NumberCell(value=90.0, text="90.0%"),
                red,
                DateCell.of(dt.date(2025, 3, 31)),
                "Two crews short; agency cover from January.",
            ),
            group="Our place",
        ),
        Row(
            header="Spend on temporary accommodation",
            cells=(
                NumberCell(value=1234567.0, text="£1,234,567"),
                NumberCell(value=None, text="no target"),
                amber,
                DateCell.of(None, "Spring 2025"),
                "Rising demand; a new leasing scheme starts in April.",
            ),
            group="Our people",
        ),
        Row(
            header="Days to process benefit claims",
            cells=(
                NumberCell(value=24.8, text="24.8 days"),
                NumberCell(value=20.0, text="20.0 days"),
                green,
                None,
                "",
            ),
            group="Our people",
        ),
    )
    chart = Chart(
        title="Fly-tips cleared in 5 days (ENV03)",
        description="Fell from 91.0% in 2023/24 Q3 to 84.3% in 2024/25 Q3; target 90.0%",
        unit="percentage",
        series=(
            Series(
                name="Value",
                points=(
                    Point(label="2023/24 Q3", value=91.0, text="91.0%"),
                    Point(label="2023/24 Q4", value=None, text="no data"),
                    Point(label="2024/25 Q3", value=84.25, text="84.3%"),
                ),
            ),
        ),
    )
    empty = Table(caption="Nothing to list", columns=columns[:2])
    return Report(
        kind="performance",
        title="Anytown: performance report, 2024/25 Q3",
        council="Anytown Council",
        committee="Cabinet",
        period="2024/25 Q3",
        as_of=AS_OF,
        summary="3 indicators: 1 green, 1 amber, 1 red.",
        sections=(
            Section(heading="Summary", blocks=(Paragraph(text="Cabinet's indicators."),)),
            Section(
                heading="Indicators",
                blocks=(Table(caption="Indicators, 2024/25 Q3", columns=columns, rows=rows),),
            ),
            Section(heading="Trends", blocks=(chart,)),
            Section(heading="Empty", blocks=(empty,)),
        ),
    )


def report_texts(report: Report) -> set[str]:
    """Every piece of text in a report that a format lays out."""
    texts: set[str] = {report.title, report.council, report.summary, report.committee or ""}
    for section in report.sections:
        texts.add(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts.add(block.text)
            elif isinstance(block, Table):
                texts.add(block.caption)
                texts.update(row.header for row in block.rows)
                texts.update(c for row in block.rows for c in row.cells if isinstance(c, str))
    return texts - {""}
