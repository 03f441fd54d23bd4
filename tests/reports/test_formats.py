"""The built-in report formats: text, Markdown, HTML, CSV and JSON.

Every format renders every kind of report, byte for byte the same each time; HTML is checked with
an HTML parser for structure, accessibility and hostile input; CSV for formula injection.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import itertools
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import councilpmf as pmf
from councilpmf.core.errors import InputError
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
    TravelCell,
    build_report,
)
from councilpmf.core.risks import Risk, RiskRegister, RiskScore
from councilpmf.core.travel import Direction
from councilpmf.default_plugins import formats
from councilpmf.default_plugins.formats import (
    FORMATS,
    csv_format,
    json_format,
    markdown,
    text,
)
from councilpmf.default_plugins.formats import html as html_format
from councilpmf.escape import BIDI, CONTROL, encodable, printable, readable
from councilpmf.plugin_types import ReportFormat
from councilpmf.testing.format_contract import check_inert
from councilpmf.testing.samples import unvalidated
from strategies import unchecked

MANSFIELD = Path(__file__).resolve().parents[2] / "examples" / "mansfield"
Q3 = pmf.parse_period("2024/25 Q3")
AS_OF = dt.date(2025, 1, 20)
NAMES = ("text", "markdown", "html", "csv", "json")
BY_NAME = {f.name: f for f in FORMATS}


@pytest.fixture(scope="module")
def council() -> pmf.CouncilFolder:
    return pmf.load_folder(MANSFIELD)


def _with_a_risk(framework: pmf.Framework) -> pmf.Framework:
    """Mansfield keeps no risk register: one risk to its first theme, for the risks report."""
    risk = Risk(
        id="R1",
        title="Grant funding ends",
        category="Financial",
        serves=(framework.plan.themes[0].id,),
        inherent=RiskScore(likelihood=4, impact=4),
        residual=RiskScore(likelihood=3, impact=4),
        appetite=8,
        review_by=dt.date(2024, 12, 31),
    )
    return attrs.evolve(framework, risks=RiskRegister(risks=(risk,)))


@pytest.fixture(scope="module")
def reports(council: pmf.CouncilFolder) -> dict[str, Report]:
    framework = _with_a_risk(council.framework)
    return {
        kind: build_report(kind, framework, council.readings, Q3, AS_OF, "cabinet")
        for kind in REPORT_KINDS
    }


def as_text(rendered: str | bytes) -> str:
    return rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered


# -- registration -----------------------------------------------------------------------------


def test_the_hook_returns_the_five_formats() -> None:
    found = formats.councilpmf_report_formats()
    assert [f.name for f in found] == list(NAMES)
    assert [f.suffix for f in found] == [".txt", ".md", ".html", ".csv", ".json"]
    assert all(f.description for f in found)
    assert found[2].media_type.startswith("text/html")
    assert found[4].media_type == "application/json"


def test_the_plugin_manager_offers_them() -> None:
    from councilpmf.plugins import DEFAULT_PLUGINS, report_formats

    assert "councilpmf.default_plugins.formats" in DEFAULT_PLUGINS
    offered = report_formats()
    for fmt in FORMATS:
        # The same record, its render guarded so that a failure names the plugin.
        assert offered[fmt.name].render.__wrapped__ is fmt.render  # type: ignore[attr-defined]
        assert offered[fmt.name] == attrs.evolve(fmt, render=offered[fmt.name].render)


# -- every format, every kind -----------------------------------------------------------------


@pytest.mark.parametrize("kind", REPORT_KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_every_format_renders_every_kind_deterministically(
    council: pmf.CouncilFolder, reports: dict[str, Report], name: str, kind: str
) -> None:
    fmt = BY_NAME[name]
    first = fmt.render(reports[kind])
    assert first == fmt.render(reports[kind])
    framework = _with_a_risk(council.framework)
    rebuilt = build_report(kind, framework, council.readings, Q3, AS_OF, "cabinet")
    assert fmt.render(rebuilt) == first
    content = as_text(first)
    assert content.endswith("\n")
    if name != "csv":
        assert "Cabinet" in content
    assert "Mansfield District Council" in content


def test_formats_show_the_cells_they_are_given_and_compute_nothing() -> None:
    odd = StatusCell(status=Status.GREEN, word="Splendid", symbol="!")
    report = small_report(
        cells=(odd, TravelCell(direction=Direction.WORSENING, word="Down", symbol="v"))
    )
    assert "! Splendid" in text.render(report)
    assert "v Down" in text.render(report)
    assert "! Splendid" in markdown.render(report)
    page = html_format.render(report)
    assert "Splendid" in page
    assert 'class="status status-green"' in page
    data = json.loads(json_format.render(report))
    cells = data["sections"][0]["blocks"][1]["rows"][0]["cells"]
    assert cells["a"] == {"status": "green", "word": "Splendid", "symbol": "!"}
    assert cells["b"] == {"direction": "worsening", "word": "Down", "symbol": "v"}


def small_report(
    *,
    title: str = "A report",
    header: str = "Row",
    paragraph: str = "Words.",
    cells: tuple[Any, ...] = ("one", "two"),
) -> Report:
    columns = (
        Column(key="name", title="Name"),
        *(Column(key=key, title=key.upper()) for key in "abcdefgh"[: len(cells)]),
    )
    return Report(
        kind="test",
        title=title,
        council="Anytown Council",
        committee=None,
        period="2024/25 Q3",
        as_of=AS_OF,
        summary="A summary.",
        sections=(
            Section(
                heading="Section",
                blocks=(
                    Paragraph(text=paragraph),
                    Table(
                        caption="Caption", columns=columns, rows=(Row(header=header, cells=cells),)
                    ),
                ),
            ),
        ),
    )


# -- text -------------------------------------------------------------------------------------


def test_text_writes_status_and_travel_as_symbol_and_word(reports: dict[str, Report]) -> None:
    page = text.render(reports["performance"])
    assert page.startswith("Cabinet: performance report, 2024/25 Q3\n=====")
    assert "✖ Red" in page
    assert "▲ Amber" in page
    assert "★ Exceeded" in page
    assert "↗ Improving" in page
    assert "↘ Worsening" in page
    assert "24.8 days" in page
    assert "Chart: Council tax collected in year (cumulative) (FIN01)" in page


def test_the_report_document_refuses_half_a_surrogate_pair_naming_the_field() -> None:
    """Text decoded with ``errors="surrogateescape"``, or ``"\\ud800"`` written in Python,
    holds half a surrogate pair, which UTF-8 cannot encode: the document refuses it where it
    is given, rather than every format writing it as U+FFFD or failing."""
    escaped = b"Caf\xe9".decode("utf-8", errors="surrogateescape")
    with pytest.raises(InputError, match=r"^title must be valid Unicode text: character 6 is"):
        small_report(title="Half \ud800 a pair")
    with pytest.raises(InputError, match=r"^header must be valid Unicode text: character 4 is"):
        small_report(header=escaped)
    with pytest.raises(InputError, match=r"^cells\[0\] must be valid Unicode text"):
        small_report(cells=("\udfff", 1.5))


@pytest.mark.parametrize("fmt", FORMATS, ids=NAMES)
def test_half_a_surrogate_pair_that_went_round_the_checks_is_replaced_when_written(
    fmt: ReportFormat,
) -> None:
    escaped = b"Caf\xe9".decode("utf-8", errors="surrogateescape")
    report = small_report(cells=("x", 1.5))
    section = report.sections[0]
    paragraph, table = section.blocks
    assert isinstance(table, Table)
    row = unchecked(table.rows[0], header=escaped, cells=("\udfff", 1.5))
    blocks = (paragraph, unchecked(table, rows=(row,)))
    report = unchecked(
        report,
        title="Half \ud800 a pair",
        sections=(unchecked(section, blocks=blocks),),
    )
    rendered = fmt.render(report)
    assert isinstance(rendered, str)
    written = rendered.encode("utf-8")
    assert "Caf\ufffd".encode() in written and "Half \ufffd a pair".encode() in written


def test_text_makes_control_characters_harmless() -> None:
    page = text.render(small_report(title="Red\x1b[31m alert", header="a\tb"))
    assert "\x1b" not in page
    assert "Red\ufffd[31m alert" in page


# -- markdown ---------------------------------------------------------------------------------

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def markdown_tables(page: str) -> Iterator[list[str]]:
    lines = page.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("|"):
            j = i
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            yield lines[i:j]
            i = j
        else:
            i += 1


@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_markdown_tables_keep_their_shape(reports: dict[str, Report], kind: str) -> None:
    page = markdown.render(reports[kind])
    assert page.startswith(f"# {markdown.escape(reports[kind].title)}\n")
    tables = list(markdown_tables(page))
    assert tables
    for lines in tables:
        counts = {len(UNESCAPED_PIPE.findall(line)) for line in lines}
        assert len(counts) == 1, lines


def test_markdown_captions_come_before_their_tables(reports: dict[str, Report]) -> None:
    page = markdown.render(reports["exceptions"])
    assert "Table: Exceptions, 2024/25 Q3: reds, then ambers" in page
    at = page.index("Table: Exceptions, 2024/25 Q3")
    assert page[at:].split("\n")[2].startswith("| Indicator | Ref |")


def test_a_pipe_in_a_title_does_not_break_a_markdown_table(council: pmf.CouncilFolder) -> None:
    title = "Homes | built || this *year* `now` [link](x) <b>"
    framework = attrs.evolve(
        council.framework,
        indicators=tuple(attrs.evolve(i, title=title) for i in council.framework.indicators),
    )
    report = build_report("performance", framework, council.readings, Q3, AS_OF, "cabinet")
    page = markdown.render(report)
    tables = list(markdown_tables(page))
    indicators = next(t for t in tables if t[0].startswith("| Indicator |"))
    header = len(UNESCAPED_PIPE.findall(indicators[0]))
    assert header == len(report.tables()[1].columns) + 1
    assert len(indicators) == 2 + 19
    for line in indicators:
        assert len(UNESCAPED_PIPE.findall(line)) == header
    assert r"Homes \| built \|\| this \*year\* \`now\` \[link\](x) \<b\>" in page


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("# heading", r"\# heading"),
        ("a | b", r"a \| b"),
        ("<script>", r"\<script\>"),
        ("*bold* _it_", r"\*bold\* \_it\_"),
        ("`code`", r"\`code\`"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("&lt;", r"\&lt;"),
        ("line\n\n# two", r"line \# two"),
        ("- item", r"\- item"),
        ("1. item", r"1\. item"),
        ("-2.5", "-2.5"),
        ("$x^2$ or $`y`$", r"\$x\^2\$ or \$\`y\`\$"),  # maths on GitHub; Pandoc's superscript
    ],
)
def test_markdown_escapes_text_so_it_cannot_become_markup(raw: str, escaped: str) -> None:
    assert markdown.escape(raw) == escaped


# -- HTML: a parsed page ----------------------------------------------------------------------

VOID = {"meta", "link", "img", "br", "input", "hr", "area", "base", "col", "embed", "source"}


@attrs.define
class Node:
    tag: str
    attributes: dict[str, str | None]
    children: list[Node | str] = attrs.field(factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def elements(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.elements()

    def find(self, tag: str) -> list[Node]:
        return [n for n in self.elements() if n.tag == tag]

    def kids(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


class Page(HTMLParser):
    """A small DOM built with the standard library's HTML parser; every tag and attribute seen
    is kept in ``tags`` (including any the tree would not show)."""

    def __init__(self, content: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.declarations: list[str] = []
        self.feed(content)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attributes))
        node = Node(tag, dict(attributes))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attributes))
        self.stack[-1].children.append(Node(tag, dict(attributes)))

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, 0, -1):
            if self.stack[at].tag == tag:
                del self.stack[at:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


# The only elements the template writes. Anything else in a page came from the data.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "dl", "dt",
    "dd", "p", "section", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "span",
    "time", "svg", "desc", "rect", "line", "text", "g", "polyline", "circle", "polygon",
}  # fmt: skip
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def assert_safe(page: Page, raw: str) -> None:
    """No script, no event handler, no javascript: URL, no external resource."""
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    for tag, attributes in page.tags:
        for name, value in attributes:
            assert not name.startswith("on"), (tag, name, value)
            assert name not in {"src", "href", "xlink:href", "action", "formaction", "srcdoc"}
            folded = _INVISIBLE.sub("", html.unescape(value or "")).lower()
            assert "javascript:" not in folded, (tag, name, value)
            assert "url(" not in folded
    assert "<script" not in raw.lower()
    inside_tags = " ".join(piece.split(">", 1)[0] for piece in raw.split("<")[1:])
    assert re.search(r"\son[a-z]+\s*=", inside_tags) is None


def check_page(report: Report) -> Page:
    raw = html_format.render(report)
    page = Page(raw)
    assert raw.startswith("<!DOCTYPE html>\n")
    assert page.declarations == ["DOCTYPE html"]
    (root,) = page.root.kids()
    assert root.tag == "html"
    assert root.attributes["lang"] == "en-GB"
    head, body = root.kids()
    (title,) = head.find("title")
    assert title.text() == report.title
    metas = [m.attributes for m in head.find("meta")]
    assert {"charset": "utf-8"} in metas
    csp = next(m for m in metas if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in (csp["content"] or "")
    (style,) = head.find("style")
    assert "@media print" in style.text()
    assert_safe(page, raw)

    headings = [n for n in body.elements() if re.fullmatch(r"h[1-6]", n.tag)]
    levels = [int(n.tag[1]) for n in headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    assert headings[0].text() == report.title
    assert [n.text() for n in headings if n.tag == "h2"] == [s.heading for s in report.sections]

    for table in body.find("table"):
        first = table.kids()[0]
        assert first.tag == "caption" and first.text().strip(), table
        for th in table.find("th"):
            assert th.attributes.get("scope") in ("col", "row")
        for section, scope in (("thead", "col"), ("tbody", "row")):
            for part in table.find(section):
                assert {th.attributes["scope"] for th in part.find("th")} <= {scope}
        for row in table.find("tbody")[0].find("tr") if table.find("tbody") else []:
            assert row.kids()[0].tag == "th"

    for status in (
        n for n in body.elements() if "status" in (n.attributes.get("class") or "").split()
    ):
        symbol = status.kids()[0]
        assert symbol.attributes.get("aria-hidden") == "true"
        words = status.text().strip()
        assert len(words) > len(symbol.text()) + 1  # a symbol and a word, never colour alone

    charts = report.charts()
    svgs = body.find("svg")
    assert len(svgs) == len(charts)
    ids = {n.attributes["id"] for n in body.elements() if "id" in n.attributes}
    for svg, chart in zip(svgs, charts, strict=True):
        assert svg.attributes["role"] == "img"
        kids = svg.kids()
        assert kids[0].tag == "title" and kids[0].text() == chart.title
        assert kids[1].tag == "desc" and kids[1].text() == chart.description
        assert set((svg.attributes["aria-labelledby"] or "").split()) <= ids
    data_tables = [
        t for t in body.find("table") if t.kids()[0].text().startswith("Data for the chart: ")
    ]
    assert len(data_tables) == len(charts)
    return page


@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_html_is_structured_and_accessible(reports: dict[str, Report], kind: str) -> None:
    page = check_page(reports[kind])
    assert page.root.find("table")


def test_html_shows_the_data_beside_each_chart(reports: dict[str, Report]) -> None:
    raw = html_format.render(reports["performance"])
    assert raw.count('<svg role="img"') == 19
    page = Page(raw)
    chart = next(d for d in page.root.find("div") if d.attributes.get("class") == "chart")
    (data,) = chart.find("table")
    rows = [[c.text() for c in r.kids()] for r in data.find("tbody")[0].find("tr")]
    assert rows[0] == ["Apr 2024", "10.1%", "8.0%", "✔ Green"]
    assert rows[-1] == ["Dec 2024", "83.7%", "72.4%", "✔ Green"]


def test_html_status_colours_have_enough_contrast() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def contrast(a: str, b: str) -> float:
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    assert set(html_format.COLOURS) == set(Status)
    for _css, background, border in html_format.COLOURS.values():
        assert contrast("#0B0C0C", background) >= 4.5
        assert contrast(border, "#FFFFFF") >= 3.0


# -- HTML: hostile input ----------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "{{7*7}}",
    "{{ self.__init__.__globals__ }}",
    "{% for x in range(3) %}x{% endfor %}",
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus="',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "</style><script>alert(1)</script>",
    "</desc><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "--><script>alert(1)</script>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<video><source onerror="alert(1)">',
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<table background="javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜/script＞",
    "<script\x00>alert(1)</script>",
    "<img src=x onerror=alert(1)//",
    "<<script>script>alert(1)<</script>/script>",
    "java\tscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "'';!--\"<XSS>=&{()}",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "\u202e<script>alert(1)</script>",
    "\u2028<script>alert(1)</script>\u2029",
    '<img src="x" onerror="&#97;lert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<x onclick=alert(1)>click",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${alert(1)}",
    "<svg/onload=alert(1)>",
    "\"'><svg/onload=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "\r\n<script>alert(1)</script>\r\n",
]


def hostile(council: pmf.CouncilFolder, payload: str) -> tuple[pmf.Framework, tuple[Any, ...]]:
    """The Mansfield framework and readings with ``payload`` in every free-text field a report
    shows: council, plan, theme and committee names, indicator titles and owners, commentary,
    the reason a reading has no value, action titles, owners, timescales and status words, and
    the peer challenge's text."""
    fw = council.framework

    def action(a: pmf.Action) -> pmf.Action:
        return attrs.evolve(
            a,
            title=payload,
            owners=(payload, payload),
            timescale=payload,
            status=payload,
            lead_committee=payload,
        )

    plan = attrs.evolve(
        fw.plan,
        title=payload,
        organisation=payload,
        vision=payload,
        themes=tuple(
            attrs.evolve(t, name=payload, ambition=payload, lead=payload) for t in fw.plan.themes
        ),
    )
    framework = attrs.evolve(
        fw,
        plan=plan,
        indicators=tuple(attrs.evolve(i, title=payload, owner=payload) for i in fw.indicators),
        committees=tuple(attrs.evolve(c, name=payload) for c in fw.committees),
        indicator_sets=tuple(attrs.evolve(s, title=payload) for s in fw.indicator_sets),
        delivery_plans=tuple(
            attrs.evolve(d, title=payload, actions=tuple(action(a) for a in d.actions))
            for d in fw.delivery_plans
        ),
        peer_challenges=tuple(
            attrs.evolve(
                p,
                title=payload,
                team=(payload,),
                recommendations=tuple(
                    attrs.evolve(
                        r,
                        text=payload,
                        response=payload,
                        actions=tuple(action(a) for a in r.actions),
                    )
                    for r in p.recommendations
                ),
            )
            for p in fw.peer_challenges
        ),
    )
    readings = tuple(
        attrs.evolve(r, note=payload, missing_reason=None if r.value is not None else payload)
        for r in council.readings
    )
    return framework, readings


def hostile_reports(council: pmf.CouncilFolder, payload: str) -> dict[str, Report]:
    """A report of every kind for Cabinet from :func:`hostile`, built :func:`unvalidated`: the
    core's records refuse a control character or a bidirectional override, which a report
    must still show harmless should records built without their checks hold one."""
    with unvalidated():
        framework, readings = hostile(council, payload)
        return {
            kind: build_report(kind, framework, readings, Q3, AS_OF, "cabinet")
            for kind in REPORT_KINDS
        }


def test_there_are_at_least_fifty_xss_payloads() -> None:
    assert len(set(XSS)) >= 50


@pytest.mark.parametrize("payload", XSS)
def test_hostile_text_never_becomes_markup(council: pmf.CouncilFolder, payload: str) -> None:
    for report in hostile_reports(council, payload).values():
        assert report.committee == payload
        raw = html_format.render(report)
        page = Page(raw)
        assert_safe(page, raw)
        head = page.root.kids()[0].kids()[0]
        (title,) = head.find("title")
        # The payload is there, as text; a control or bidi character in it is shown as "�".
        assert title.text() == readable(report.title)
        (h1,) = page.root.find("h1")
        assert h1.text() == readable(report.title)


def test_hostile_text_reaches_every_field(council: pmf.CouncilFolder) -> None:
    framework, readings = hostile(council, "<b>PAYLOAD</b>")
    page = html_format.render(
        build_report("performance", framework, readings, Q3, AS_OF, "cabinet")
    )
    assert page.count("&lt;b&gt;PAYLOAD&lt;/b&gt;") > 19 * 3  # titles, owners, commentary
    assert "no data: &lt;b&gt;PAYLOAD&lt;/b&gt;" in page  # why ASB01 has no value
    assert "<b>" not in page


# -- CSV --------------------------------------------------------------------------------------

FORMULAS = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
    "\n=1+1",  # OWASP lists the line feed beside the carriage return
    '=HYPERLINK("http://evil.example","click")',
    "=cmd|' /C notepad'!'A1'",
    "-1",
    "+44 20 7946 0000",
    "@",
    "=",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def parse_csv(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content, newline="")))


@pytest.mark.parametrize("payload", FORMULAS)
def test_csv_neutralises_formulas_in_every_text_field(
    council: pmf.CouncilFolder, payload: str
) -> None:
    framework, readings = hostile(council, payload)
    for kind in REPORT_KINDS:
        content = csv_format.render(build_report(kind, framework, readings, Q3, AS_OF, "cabinet"))
        rows = parse_csv(content)
        assert rows[0] == list(csv_format.COLUMNS)
        cells = [cell for row in rows for cell in row]
        assert f"'{payload}" in cells
        for cell in cells:
            if cell.startswith(FORMULA_START):
                assert is_number(cell), cell


def test_csv_keeps_numbers_as_numbers_even_negative_ones() -> None:
    report = small_report(
        cells=(
            NumberCell(value=-2.5, text="-2.5%"),
            -3,
            1.5,
            None,
            DateCell(value=dt.date(2024, 11, 30), text="30 Nov 2024"),
            "-minus",
        )
    )
    content = csv_format.render(report)
    assert ',-2.5,"\'-2.5%"' in content
    assert ',-3,"\'-3"' in content  # the number stays a number; its text is neutralised
    rows = list(csv.reader(io.StringIO(content, newline=""), quoting=csv.QUOTE_NONNUMERIC))
    by_column = {row[7]: row for row in rows[1:] if row[3] == "table"}
    assert by_column["a"][10] == -2.5 and by_column["a"][11] == "'-2.5%"
    assert by_column["b"][10] == -3
    assert by_column["c"][10] == 1.5
    assert by_column["d"][10] == "" and by_column["d"][9] == "text"
    assert by_column["e"][10] == "2024-11-30" and by_column["e"][11] == "30 Nov 2024"
    assert by_column["f"][10] == "'-minus"


def test_csv_layout(reports: dict[str, Report]) -> None:
    content = csv_format.render(reports["exceptions"])
    assert "\r\n" in content
    rows = list(csv.reader(io.StringIO(content, newline=""), quoting=csv.QUOTE_NONNUMERIC))
    header, *lines = rows
    assert header == list(csv_format.COLUMNS)
    facts = {row[6]: row[10] for row in lines if row[3] == "report"}
    assert facts["kind"] == "exceptions"
    assert facts["committee"] == "Cabinet"
    assert facts["as_of"] == "2025-01-20"
    ben01 = [row for row in lines if row[3] == "table" and row[6].startswith("Average days")]
    cells = {row[7]: row for row in ben01}
    assert cells["rating"][9:] == ["status", "red", "✖ Red", "Our organisation", "Cabinet"]
    assert cells["value"][9:12] == ["number", 24.8, "24.8 days"]
    assert {tuple(row[12:]) for row in ben01} == {("Our organisation", "Cabinet")}
    assert {tuple(row[12:]) for row in lines if row[3] != "table"} == {("", "")}
    assert cells["indicator"][10] == "Average days to process new housing benefit claims"
    assert cells["value"][:3] == [2.0, "Exceptions", 1.0]


def test_csv_carries_chart_points(reports: dict[str, Report]) -> None:
    rows = parse_csv(csv_format.render(reports["performance"]))
    points = [r for r in rows if r[3] == "chart" and r[4].endswith("(FIN01)") and r[7] == "Value"]
    assert [p[6] for p in points][-1] == "Dec 2024"
    assert points[-1][10:] == ["83.7", "83.7%", "", ""]


# -- CSV and JSON: control characters -----------------------------------------------------------

# Control characters a council folder refuses but the Python API, or a JSON store file edited by
# hand, can still hand a report: C0 (bell, escape, NUL), DEL, C1 (a one-character CSI, the
# next-line control) and a bidirectional override.
CONTROLS = [
    "Bell\x07",
    "\x1b[2J cleared",
    "Rub\x7fout",
    "\x9b31m red",
    "Next\x85line",
    "\x00null",
    "exe.\u202etxt",
]


def strings(value: Any) -> Iterator[str]:
    """Every string in decoded JSON, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("payload", CONTROLS)
def test_csv_and_json_show_control_characters_as_the_other_formats_do(
    council: pmf.CouncilFolder, payload: str
) -> None:
    shown = readable(payload)  # what the text, Markdown and HTML formats show
    assert shown != payload
    for report in hostile_reports(council, payload).values():
        content = csv_format.render(report)
        assert CONTROL.search(content) is None and BIDI.search(content) is None
        assert shown in {cell for row in parse_csv(content) for cell in row}
        data = json.loads(json_format.render(report))
        assert data["committee"] == shown
        for text_in_json in strings(data):
            assert CONTROL.search(text_in_json) is None and BIDI.search(text_in_json) is None


# -- JSON -------------------------------------------------------------------------------------


def test_json_schema(reports: dict[str, Report]) -> None:
    content = json_format.render(reports["performance"])
    data = json.loads(content)
    assert content == json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    assert "✖" in content  # ensure_ascii=False
    assert data["schema"] == "councilpmf.report/1"
    assert data["kind"] == "performance"
    assert data["title"] == "Cabinet: performance report, 2024/25 Q3"
    assert data["committee"] == "Cabinet"
    assert data["as_of"] == "2025-01-20"
    assert set(data) == {
        "schema",
        "kind",
        "title",
        "council",
        "committee",
        "period",
        "as_of",
        "summary",
        "sections",
    }
    indicators = next(s for s in data["sections"] if s["heading"] == "Indicators")
    table = next(b for b in indicators["blocks"] if b["type"] == "table")
    assert table["columns"][0] == {"key": "indicator", "title": "Indicator", "kind": "text"}
    ben01 = next(r for r in table["rows"] if r["cells"]["ref"] == "BEN01")
    assert ben01["cells"]["rating"] == {"status": "red", "word": "Red", "symbol": "✖"}
    assert ben01["cells"]["value"] == {"value": 24.8, "text": "24.8 days"}
    assert ben01["cells"]["short_term"]["direction"] == "worsening"
    assert (ben01["group"], ben01["committee"]) == ("Our organisation", "Cabinet")
    trends = next(s for s in data["sections"] if s["heading"] == "Trends")
    chart = trends["blocks"][0]
    assert chart["type"] == "chart"
    assert set(chart) == {"type", "title", "description", "unit", "series"}
    assert chart["series"][0]["points"][-1] == {
        "label": "Dec 2024",
        "value": 83.7,
        "text": "83.7%",
        "status": {"status": "green", "word": "Green", "symbol": "✔"},
    }


def test_json_writes_dates_and_empty_values() -> None:
    report = small_report(cells=(DateCell(value=None, text="Spring"), None, 3))
    cells = json.loads(json_format.render(report))["sections"][0]["blocks"][1]["rows"][0]["cells"]
    assert cells == {"a": {"date": None, "text": "Spring"}, "b": None, "c": 3}


# -- properties -------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_html_escaping_round_trips(value: str) -> None:
    raw = html_format.render(
        small_report(title=value, header=value, paragraph=value, cells=(value,))
    )
    shown = readable(value)  # control and bidi characters become "�"; everything else is kept
    match = re.search(r'<th scope="row">(.*?)</th>\n<td>(.*?)</td>', raw, re.DOTALL)
    assert match is not None
    assert html.unescape(match.group(1)) == shown
    assert html.unescape(match.group(2)) == shown
    title = re.search(r"<title>(.*?)</title>", raw, re.DOTALL)
    assert title is not None and html.unescape(title.group(1)) == shown
    paragraph = re.search(r"<h2>Section</h2>\n<p>(.*?)</p>", raw, re.DOTALL)
    assert paragraph is not None and html.unescape(paragraph.group(1)) == shown
    assert "<script" not in raw.lower()


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_csv_text_never_starts_a_formula(value: str) -> None:
    content = csv_format.render(small_report(title=value, header=value, cells=(value,)))
    for cell in (c for row in parse_csv(content) for c in row):
        assert not cell.startswith(FORMULA_START) or is_number(cell)
    cells = {c for row in parse_csv(content) for c in row}
    assert csv_format.neutralise(readable(value)) in cells
    assert CONTROL.search(content) is None and BIDI.search(content) is None


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_json_text_decodes_to_what_the_other_formats_show(value: str) -> None:
    rendered = json_format.render(
        small_report(title=value, header=value, paragraph=value, cells=(value,))
    )
    data = json.loads(rendered)
    (paragraph, table) = data["sections"][0]["blocks"]
    (row,) = table["rows"]
    shown = readable(value)
    assert [data["title"], paragraph["text"], row["header"], row["cells"]["a"]] == [shown] * 4


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=0xFFFF), max_size=40))
def test_readable_replaces_what_each_of_its_parts_does(value: str) -> None:
    assert readable(value) == BIDI.sub("\ufffd", printable(encodable(value)))


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_markdown_text_stays_in_its_cell(value: str) -> None:
    page = markdown.render(small_report(title=value, header=value, cells=(value, value)))
    (lines,) = list(markdown_tables(page))
    assert {len(UNESCAPED_PIPE.findall(line)) for line in lines} == {4}
    headings = [line for line in page.split("\n") if line.startswith("#")]
    assert headings == [f"# {markdown.escape(value)}", "## Section"]


def test_charts_render_without_values() -> None:
    chart = Chart(
        title="Nothing yet",
        description="No values recorded from 2023/24 Q4 to 2024/25 Q3",
        unit="count",
        series=(
            Series(name="Value", points=(Point(label="2024/25 Q3", value=None, text="no data"),)),
        ),
    )
    report = attrs.evolve(small_report(), sections=(Section(heading="Trends", blocks=(chart,)),))
    for fmt in FORMATS:
        assert as_text(fmt.render(report))
    assert "No values to plot" in html_format.render(report)
    check_page(report)


# -- why a value is missing -------------------------------------------------------------------

REASON = (
    "Nottinghamshire Police incident data for December 2024 not received by the reporting "
    "deadline; it will be reported with Q4 from the police extract "
    "incident-extract-2024-12-supplementary-revision-two.csv"
)


def missing_report(reason: str) -> Report:
    """A performance report of two indicators: one with a value, one whose reading says why it
    has none."""
    framework = pmf.Framework(
        plan=pmf.StrategicPlan(title="Plan", organisation="Anytown Council"),
        indicators=tuple(
            pmf.Indicator(id=i, title=t, targets=(pmf.Target(period=Q3, value=650.0),))
            for i, t in (("ASB01", "Anti-social behaviour incidents"), ("ASB02", "Repeat callers"))
        ),
    )
    readings = [
        pmf.Reading(indicator="ASB01", period=Q3, missing_reason=reason),
        pmf.Reading(indicator="ASB02", period=Q3, value=612.0, note="Fewer repeat callers."),
    ]
    return build_report("performance", framework, readings, Q3, AS_OF, charts=False)


def test_every_format_shows_why_a_value_is_missing_and_keeps_the_value_empty() -> None:
    report = missing_report("Survey paused")
    shown = "no data: Survey paused"
    lines = csv.DictReader(io.StringIO(csv_format.render(report), newline=""))
    values = [(r["row"], r["value"], r["text"]) for r in lines if r["column"] == "value"]
    assert values == [
        ("Anti-social behaviour incidents", "", shown),
        ("Repeat callers", "612.0", "612.0"),
    ]
    (table,) = json.loads(json_format.render(report))["sections"][1]["blocks"][1:]
    assert table["rows"][0]["cells"]["value"] == {"value": None, "text": shown}
    for fmt in (text, markdown, html_format):
        assert shown in fmt.render(report), fmt.__name__


@pytest.mark.parametrize("width", [200, 130, 100, 60, 40])
def test_a_long_reason_wraps_within_the_width_of_a_text_report(width: int) -> None:
    rendered = text.render(missing_report(REASON), width=width)
    assert max(map(len, rendered.splitlines())) <= width
    words = {w for line in rendered.splitlines() for w in line.split()}
    # Every word is there whole; one longer than its column may be broken.
    assert {w for w in REASON.split() if len(w) < 20} <= words
    assert "data:" in words


def test_a_long_reason_stays_whole_in_markdown_html_csv_and_json() -> None:
    report = missing_report(REASON)
    assert markdown.render(report).count(f"no data: {REASON}") == 1
    assert html_format.render(report).count(f"no data: {html.escape(REASON)}") == 1
    texts = [r["text"] for r in csv.DictReader(io.StringIO(csv_format.render(report)))]
    assert texts.count(f"no data: {REASON}") == 1
    assert json_format.render(report).count(json.dumps(f"no data: {REASON}")[1:-1]) == 1
    check_page(report)


# -- every installed format against the whole injection corpus ------------------------------

# Formula, markup, script, bidirectional and control-character payloads, each of which would
# be live somewhere: in a spreadsheet, a browser, a Markdown renderer or a terminal.
INJECTIONS = [
    *XSS[:8],
    *FORMULAS[:8],
    "\u202eexe.txt",
    "\u2066isolated\u2069",
    "\u202aembedded\u202c",
    "\x1b[31mred\x1b[0m",
    "bell\x07",
    "nul\x00byte",
    "[click](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
]
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
RAW_MARKUP = re.compile(r"(?<!\\)<[A-Za-z/!?]")


def assert_not_live(name: str, media_type: str, rendered: str | bytes, payload: str) -> None:
    """What would make ``payload`` live in each kind of output is absent from it."""
    if isinstance(rendered, bytes):  # a plugin's spreadsheet, document or PDF
        check_inert(rendered, media_type, f"{name} with {payload!r}")
        return
    media_type = media_type.split(";")[0].strip()
    if media_type == "text/html":
        assert_safe(Page(rendered), rendered)
        assert BIDI.search(rendered) is None, (name, payload)  # shown in the order written
    elif media_type == "text/csv":
        for cell in (cell for row in parse_csv(rendered) for cell in row):
            assert not cell.startswith(FORMULA_START) or is_number(cell), (name, cell)
        assert CONTROL.search(rendered) is None and BIDI.search(rendered) is None, (name, payload)
    elif media_type == "application/json":  # data: the payload comes back as text, as shown
        assert json.loads(rendered)["committee"] == readable(payload)
        assert HIDDEN.search(rendered) is None, (name, payload)
    else:  # text read by people: a terminal, a Markdown renderer
        assert HIDDEN.search(rendered) is None, (name, payload)
        if "markdown" in media_type:
            assert RAW_MARKUP.search(rendered) is None, (name, payload)
            assert "](" not in rendered.replace("\\](", ""), (name, payload)


@pytest.mark.parametrize("payload", INJECTIONS)
def test_no_installed_format_lets_a_payload_live(council: pmf.CouncilFolder, payload: str) -> None:
    from councilpmf.plugins import report_formats

    installed = report_formats()
    assert {"text", "markdown", "html", "csv", "json"} <= set(installed)
    for report in hostile_reports(council, payload).values():
        for name, chosen in installed.items():
            rendered = chosen.render(report)
            assert_not_live(name, chosen.media_type, rendered, payload)
