"""Scorecards, reports, indicators and plans show themselves in Jupyter, escaped; a scorecard
becomes a pandas DataFrame when pandas is installed, and says what to install when it is not."""

from __future__ import annotations

import datetime as dt
import sys
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import councilpmf as pmf
import councilpmf.notebook  # attaches the methods (the classes' stand-ins would on first use)
from councilpmf.core.report import build_report
from councilpmf.escape import markdown as markdown_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
Q3 = pmf.parse_period("2024/25 Q3")
AS_OF = dt.date(2025, 1, 20)
XSS = '<script>alert(1)</script><img src=x onerror="alert(2)"> & *bold* | [x](javascript:y)'


@pytest.fixture(scope="module")
def council() -> pmf.CouncilFolder:
    return pmf.load_folder(EXAMPLES / "mansfield")


@pytest.fixture(scope="module")
def card(council: pmf.CouncilFolder) -> pmf.Scorecard:
    return pmf.assess(council.framework, council.readings, Q3, as_of=AS_OF)


class _Tags(HTMLParser):
    """Every start tag and its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def assert_safe(markup: str) -> None:
    parsed = parse(markup)
    names = {tag for tag, _ in parsed.tags}
    assert "script" not in names and "img" not in names
    for tag, attributes in parsed.tags:
        assert not [a for a, _ in attributes if a.lower().startswith("on")], tag
    assert "<script>alert(1)</script>" in "".join(parsed.text)  # shown as text, not run


def test_the_methods_are_attached_when_councilpmf_is_imported() -> None:
    for cls in (pmf.Scorecard, pmf.Indicator, pmf.StrategicPlan):
        assert callable(cls._repr_html_) and callable(cls._repr_markdown_)  # type: ignore[attr-defined]
    assert callable(pmf.Scorecard.to_pandas)
    councilpmf.notebook.install()  # idempotent
    assert pmf.Scorecard._repr_html_ is councilpmf.notebook.scorecard_html  # type: ignore[attr-defined]


def test_the_scorecard_shows_as_a_table(card: pmf.Scorecard) -> None:
    first = card.indicators[0]
    html = card._repr_html_()  # type: ignore[attr-defined]
    parsed = parse(html)
    assert ("caption", []) in parsed.tags
    assert sum(tag == "tr" for tag, _ in parsed.tags) == len(card.indicators) + 1
    assert ("th", [("scope", "col")]) in parsed.tags and ("th", [("scope", "row")]) in parsed.tags
    assert "Mansfield District Council" in html and "2024/25 Q3" in html
    assert first.value_text in html
    assert f"{first.rating.status.symbol} {first.rating.label}" in html
    assert first.short_term.direction.word in html
    markdown = card._repr_markdown_()  # type: ignore[attr-defined]
    assert "| Indicator | Value | Target | Rating | Short term | Long term |" in markdown
    assert markdown.count("\n| ") == len(card.indicators) + 2  # the header, the rule, rows
    assert first.rating.label in markdown


def test_the_scorecard_counts_each_status_in_markdown_as_in_html(card: pmf.Scorecard) -> None:
    counts = ", ".join(f"{c.status.word} {c.count}" for c in card.counts() if c.count)
    assert f"<p>{counts}</p>" in card._repr_html_()  # type: ignore[attr-defined]
    assert card._repr_markdown_().endswith(f"\n\n{counts}\n")  # type: ignore[attr-defined]
    empty = pmf.assess(
        pmf.Framework(plan=pmf.StrategicPlan(title="Plan", organisation="Anytown")), [], Q3, AS_OF
    )
    assert empty._repr_html_().endswith("<p>No indicators</p>")  # type: ignore[attr-defined]
    assert empty._repr_markdown_().endswith("\n\nNo indicators\n")  # type: ignore[attr-defined]


def test_a_long_table_shows_its_first_rows_and_says_how_many_it_holds(
    card: pmf.Scorecard, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 0 < councilpmf.notebook.MAX_ROWS <= 1000  # a huge table never reaches the browser
    shown = len(card.indicators) - 1
    monkeypatch.setattr(councilpmf.notebook, "MAX_ROWS", shown)
    note = f"Showing the first {shown} of {len(card.indicators)} rows"
    html = card._repr_html_()  # type: ignore[attr-defined]
    assert sum(tag == "tr" for tag, _ in parse(html).tags) == shown + 1
    assert card.indicators[shown - 1].title in html and card.indicators[-1].title not in html
    assert note in html and "councilpmf.notebook.MAX_ROWS" in html
    markdown = card._repr_markdown_()  # type: ignore[attr-defined]
    assert markdown.count("\n| ") == shown + 2 and note in markdown
    findings = pmf.Findings(
        tuple(pmf.Finding(severity="warning", code="X", message=f"gap {i}") for i in range(5))
    )
    monkeypatch.setattr(councilpmf.notebook, "MAX_ROWS", 3)
    html = findings._repr_html_()  # type: ignore[attr-defined]
    assert "gap 2<" in html and "gap 3<" not in html and "first 3 of 5 rows" in html
    assert "Findings: 5" in html  # the caption still counts them all
    monkeypatch.setattr(councilpmf.notebook, "MAX_ROWS", 5)  # exactly the bound: all, no note
    html = findings._repr_html_()  # type: ignore[attr-defined]
    assert "gap 4<" in html and "Showing" not in html
    monkeypatch.setattr(councilpmf.notebook, "MAX_ROWS", len(card.indicators))
    assert "Showing" not in card._repr_html_()  # type: ignore[attr-defined]


def test_the_scorecard_says_why_a_value_is_missing_as_reports_do(
    council: pmf.CouncilFolder,
) -> None:
    ind = council.framework.indicators[0]
    period = pmf.reporting_period(ind.frequency, Q3, council.framework.year_start_month)
    paused = pmf.Reading(indicator=ind.id, period=period, missing_reason="survey <paused>")
    kept = [r for r in council.readings if r.key != paused.key]
    card = pmf.assess(council.framework, [*kept, paused], Q3, as_of=AS_OF)
    assert "no data: survey &lt;paused&gt;" in card._repr_html_()  # type: ignore[attr-defined]
    assert "no data: survey \\<paused\\>" in card._repr_markdown_()  # type: ignore[attr-defined]


def test_a_report_shows_as_the_html_and_markdown_formats_lay_it_out(
    council: pmf.CouncilFolder,
) -> None:
    report = build_report("performance", council.framework, council.readings, Q3, AS_OF)
    html = report._repr_html_()  # type: ignore[attr-defined]
    names = [tag for tag, _ in parse(html).tags]
    assert "html" not in names and "head" not in names and "body" not in names
    assert "h1" in names and "table" in names and "svg" in names
    assert html.count("<h1>") == 1 and report.title.replace("&", "&amp;") in html
    assert ".councilpmf-report .status-red" in html  # the colours come with it, scoped
    markdown = report._repr_markdown_()  # type: ignore[attr-defined]
    assert markdown.startswith("# Mansfield District Council: performance report, 2024/25 Q3")
    assert "## Indicators" in markdown


def test_an_indicator_shows_its_fields_and_targets(council: pmf.CouncilFolder) -> None:
    indicator = next(i for i in council.framework.indicators if i.targets)
    html = indicator._repr_html_()  # type: ignore[attr-defined]
    names = [tag for tag, _ in parse(html).tags]
    assert "dl" in names and "dt" in names and "table" in names
    assert indicator.id in html and indicator.polarity.value in html
    assert indicator.format_target(indicator.targets[0]) in html
    markdown = indicator._repr_markdown_()  # type: ignore[attr-defined]
    assert f"**{indicator.id}:" in markdown and "| Period | Target |" in markdown
    assert f"| {indicator.targets[0].period} |" in markdown


def test_a_calculated_indicator_shows_how_it_is_worked_out() -> None:
    rate = pmf.Indicator(id="R", title="Rate", unit="percentage", numerator="N", denominator="D")
    mix = pmf.Indicator(id="M", title="Mix", formula="[A] + [B & C]")
    for indicator, how in ((rate, "100 * N / D"), (mix, "A + [B & C]")):
        html = indicator._repr_html_()  # type: ignore[attr-defined]
        assert f"<dt>Calculated as</dt><dd>{how.replace('&', '&amp;')}</dd>" in html
        markdown = indicator._repr_markdown_()  # type: ignore[attr-defined]
        assert f"- **Calculated as:** {markdown_text(how)}\n" in markdown
    plain = pmf.Indicator(id="P", title="Plain")
    assert "Calculated as" not in plain._repr_html_()  # type: ignore[attr-defined]
    assert "Calculated as" not in plain._repr_markdown_()  # type: ignore[attr-defined]


def test_a_plan_shows_its_vision_themes_and_priorities(council: pmf.CouncilFolder) -> None:
    plan = council.framework.plan
    theme = plan.themes[0]
    html = plan._repr_html_()  # type: ignore[attr-defined]
    names = [tag for tag, _ in parse(html).tags]
    assert names.count("ol") == 1 and names.count("ul") == len(plan.themes)
    assert names.count("li") == len(plan.themes) + sum(len(t.priorities) for t in plan.themes)
    text = "".join(parse(html).text)
    assert theme.name in text and theme.priorities[0].statement in text
    if plan.vision:
        assert plan.vision in text
    markdown = plan._repr_markdown_()  # type: ignore[attr-defined]
    assert markdown.startswith("**") and "1. **" in markdown and "\n    - " in markdown


def test_a_committee_counts_the_indicators_its_reports_show(council: pmf.CouncilFolder) -> None:
    # An indicator in two of a committee's sets (strategic and operational, say) is one
    # indicator it watches, as its report shows it once.
    fw = council.framework
    first = fw.indicator_sets[0]
    again = attrs.evolve(first, level="operational", indicators=first.indicators[:2])
    framework = attrs.evolve(fw, indicator_sets=(*fw.indicator_sets, again))
    report = build_report("performance", framework, council.readings, Q3, AS_OF, first.committee)
    shown = len(report.section("Indicators").blocks[-1].rows)  # type: ignore[union-attr]
    assert shown == len(set(first.indicators))
    rows = parse(framework._repr_html_())  # type: ignore[attr-defined]
    committee = framework.committee(first.committee)
    text = "|".join(t.strip() for t in rows.text if t.strip())
    assert f"{committee.name}|{committee.id}|{committee.kind.value}|" in text
    after = text.split(f"{committee.name}|{committee.id}|", 1)[1].split("|")
    assert after[2] == str(shown)


def test_text_from_the_data_is_escaped(council: pmf.CouncilFolder) -> None:
    fw = council.framework
    indicator = attrs.evolve(fw.indicators[0], title=XSS, owner=XSS, definition=XSS)
    theme = attrs.evolve(fw.plan.themes[0], name=XSS, ambition=XSS)
    plan = attrs.evolve(
        fw.plan,
        title=XSS,
        organisation=XSS,
        vision=XSS,
        themes=(theme, *fw.plan.themes[1:]),
    )
    framework = attrs.evolve(fw, plan=plan, indicators=(indicator, *fw.indicators[1:]))
    card = pmf.assess(framework, council.readings, Q3, as_of=AS_OF)
    report = build_report("performance", framework, council.readings, Q3, AS_OF)
    for shown in (card, report, indicator, plan):
        assert_safe(shown._repr_html_())  # type: ignore[attr-defined]
        markdown = shown._repr_markdown_()  # type: ignore[attr-defined]
        assert "<script>" not in markdown and "\\<script\\>" in markdown
        assert "[x](javascript" not in markdown


def test_to_pandas(card: pmf.Scorecard) -> None:
    pytest.importorskip("pandas")
    frame = card.to_pandas()
    assert list(frame.columns) == list(councilpmf.notebook.COLUMNS)
    assert len(frame) == len(card.indicators)
    first = card.indicators[0]
    row = frame.iloc[0]
    assert row["indicator"] == first.indicator and row["period"] == str(first.period)
    assert row["status"] == first.rating.status.value
    assert row["short_term"] == first.short_term.direction.value
    assert frame["value"].dtype == "float64" and frame["target"].dtype == "float64"
    rated = next(r for r in card.indicators if r.value is not None)
    assert frame.set_index("indicator").loc[rated.indicator, "value"] == pytest.approx(rated.value)


def test_to_pandas_without_pandas_says_what_to_install(
    card: pmf.Scorecard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r'pip install "councilpmf\[pandas\]"'):
        card.to_pandas()


def test_importing_councilpmf_imports_neither_pandas_nor_the_formats() -> None:
    import subprocess

    code = (
        "import sys, councilpmf, councilpmf.notebook; "
        "print('pandas' in sys.modules, 'councilpmf.default_plugins.formats' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]
