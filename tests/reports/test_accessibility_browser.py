"""Every kind of report for every example council, rendered as HTML and checked by axe-core in a
real browser: headless Chromium, driven by Playwright, with no violations of WCAG 2.2 AA, at
1280 and at 320 CSS pixels wide. At both widths the page is no wider than the window, and at
1280 pixels no table is too wide for its box (so none needs scrolling, nothing is cut off).
The HTML each record shows in a notebook (a framework, its plans and actions, findings, a plan
diff, a scorecard, a chart) is checked the same way, on a page of its own.

The parser-based checks in ``test_formats.py`` cannot see computed styles, so colour contrast,
landmarks and scrollable regions are checked here. The test needs three things:

* Chromium: ``apt-get install -y chromium`` (Debian's ``/usr/bin/chromium``; another path can be
  given in ``COUNCILPMF_CHROMIUM``). Playwright's own browsers are never downloaded.
* Playwright for Python: ``pip install playwright`` (but not ``playwright install``).
* axe-core: ``npm install --prefix .ci/node axe-core@4``, or the path of ``axe.min.js`` in
  ``COUNCILPMF_AXE``.

Without them the tests are skipped, except when the ``CI`` environment variable is set: there
they fail, saying what to install, so CI never passes without really running them.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import councilpmf as pmf
from councilpmf.core.report import REPORT_KINDS, build_report
from councilpmf.plugins import report_formats

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# The same periods and days as tests/test_examples.py: each example's readings cover them.
CASES = {
    "mansfield": ("2024/25 Q3", dt.date(2025, 1, 20)),
    "cambridgeshire": ("2023/24 Q3", dt.date(2024, 1, 31)),
    "york": ("2009/10 Q4", dt.date(2010, 4, 30)),
    "nottinghamshire": ("2015/16 Q4", dt.date(2016, 5, 31)),
}

CHROMIUM = Path(os.environ.get("COUNCILPMF_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(
    os.environ.get(
        "COUNCILPMF_AXE", ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
    )
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Each page is checked on a desktop screen and again at 320 CSS pixels wide, the width WCAG 1.4.10
# (reflow) asks for, where wide tables scroll inside their boxes.
VIEWPORTS = [{"width": 1280, "height": 800}, {"width": 320, "height": 640}]

# Time limits, in milliseconds: starting the browser, each page action, and each axe run.
LAUNCH_TIMEOUT = 60_000
PAGE_TIMEOUT = 30_000
AXE_TIMEOUT = 60_000

# axe.run, given up on after a while: page.evaluate has no timeout of its own.
_RUN_AXE = """([tags, ms]) => Promise.race([
    axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
        .then((r) => r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
        }))),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`axe took over ${ms} ms`)), ms)),
])"""

# The page's width, and the captions of the tables too wide for their boxes (which then scroll).
_WIDTHS = """() => [
    document.documentElement.scrollWidth,
    [...document.querySelectorAll(".table-wrap")]
        .filter((w) => w.scrollWidth > w.clientWidth)
        .map((w) => w.querySelector("caption").textContent),
]"""

HOW_TO_INSTALL = (
    "Install them with: apt-get install -y chromium && pip install playwright "
    "&& npm install --prefix .ci/node axe-core@4 (never run 'playwright install'); "
    "or set COUNCILPMF_CHROMIUM / COUNCILPMF_AXE to where Chromium and axe.min.js are."
)


def _missing() -> list[str]:
    """What the browser check needs and this machine lacks."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"Chromium (no {CHROMIUM})")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the Python package playwright")
    if not AXE.is_file():
        missing.append(f"axe-core (no {AXE})")
    return missing


def _unavailable(problem: str) -> None:
    """Fail under CI, which must run the browser check; skip for everyone else."""
    message = f"{problem}. {HOW_TO_INSTALL}"
    if os.environ.get("CI"):
        pytest.fail(f"the browser accessibility check cannot run under CI: {message}", False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole module, or why there is none (a string)."""
    missing = _missing()
    if missing:
        yield "missing " + ", ".join(missing)
        return
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
                timeout=LAUNCH_TIMEOUT,
            )
        except Error as error:
            yield f"Chromium at {CHROMIUM} did not start: {error}"
            return
        try:
            yield chromium
        finally:
            chromium.close()


@functools.cache
def _council(name: str) -> Any:
    return pmf.load_folder(EXAMPLES / name)


def _html(name: str, kind: str) -> str:
    council = _council(name)
    period, as_of = CASES[name]
    report = build_report(
        kind,
        council.framework,
        pmf.Readings.of(council.readings, council.comparators),
        pmf.parse_period(period),
        as_of,
    )
    return report_formats()["html"].render(report)


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {json.dumps(node['target'])}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"        {summary_line}")
    return "\n".join(lines)


def test_the_cases_match_the_examples_test() -> None:
    folders = {p.name for p in EXAMPLES.iterdir() if (p / "plan.toml").is_file()}
    assert folders == set(CASES)


@pytest.mark.parametrize("kind", REPORT_KINDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_html_report_has_no_axe_violations(browser: Any, name: str, kind: str) -> None:
    if isinstance(browser, str):
        _unavailable(browser)
    page_html = _html(name, kind)
    # The report's Content-Security-Policy forbids scripts, axe's among them: bypass it.
    context = browser.new_context(
        bypass_csp=True, java_script_enabled=True, viewport=VIEWPORTS[0], offline=True
    )
    found = {}
    widths: dict[int, tuple[int, list[str]]] = {}
    try:
        context.set_default_timeout(PAGE_TIMEOUT)
        page = context.new_page()
        page.set_content(page_html, wait_until="load")
        page.add_script_tag(path=str(AXE))
        for viewport in VIEWPORTS:
            page.set_viewport_size(viewport)
            violations = page.evaluate(_RUN_AXE, [AXE_TAGS, AXE_TIMEOUT])
            if violations:
                found[f"{viewport['width']}px wide"] = violations
            widths[viewport["width"]] = page.evaluate(_WIDTHS)
    finally:
        context.close()
    for width, (page_width, scrolled) in widths.items():
        assert page_width <= width, (
            f"the {kind} report for {name} is {page_width}px wide at {width}px"
        )
        if width >= 1280:
            assert not scrolled, f"at {width}px these tables are cut off and scroll: {scrolled}"
    if found:
        details = "\n".join(f"at {width}:\n{_describe(v)}" for width, v in found.items())
        pytest.fail(
            f"axe-core found WCAG violations in the {kind} report for {name}:\n{details}", False
        )


def _notebook_page() -> str:
    """Every kind of notebook display, for Mansfield and Nottinghamshire, on one page: the HTML
    Jupyter shows for each record, in a page of its own."""
    import councilpmf.notebook  # noqa: F401  (attaches the display methods)

    shown: list[tuple[str, Any]] = []
    for name in ("mansfield", "nottinghamshire"):
        council = _council(name)
        fw = council.framework
        period, as_of = CASES[name]
        card = pmf.assess(fw, council.readings, period, as_of)
        old = attrs.evolve(fw, indicators=fw.indicators[:-1], delivery_plans=fw.delivery_plans[1:])
        shown += [
            (f"{name}: framework", fw),
            (f"{name}: plan", fw.plan),
            (f"{name}: indicator", fw.indicators[0]),
            (f"{name}: delivery plan", fw.delivery_plans[0]),
            (f"{name}: action", fw.delivery_plans[0].actions[0]),
            (f"{name}: findings", pmf.golden_thread(fw)),
            (f"{name}: plan diff", pmf.diff_frameworks(old, fw)),
            (f"{name}: scorecard", card),
            (f"{name}: chart", pmf.chart(fw.indicators[0], council.readings, framework=fw)),
        ]
        shown += [(f"{name}: service plan", p) for p in fw.service_plans[:1]]
    sections = "".join(
        f"<section><h2>{title}</h2>{record._repr_html_()}</section>" for title, record in shown
    )
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        "<title>councilpmf records in a notebook</title></head>"
        f"<body><main><h1>councilpmf records in a notebook</h1>{sections}</main></body></html>"
    )


def test_notebook_displays_have_no_axe_violations(browser: Any) -> None:
    if isinstance(browser, str):
        _unavailable(browser)
    context = browser.new_context(
        bypass_csp=True, java_script_enabled=True, viewport=VIEWPORTS[0], offline=True
    )
    try:
        context.set_default_timeout(PAGE_TIMEOUT)
        page = context.new_page()
        page.set_content(_notebook_page(), wait_until="load")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(_RUN_AXE, [AXE_TAGS, AXE_TIMEOUT])
    finally:
        context.close()
    if violations:
        pytest.fail(
            f"axe-core found WCAG violations in the notebook displays:\n{_describe(violations)}",
            False,
        )


def test_a_long_unbroken_word_does_not_widen_the_page(browser: Any) -> None:
    """A link, or any word longer than the screen is wide, in a title, a committee's name, a
    heading or a commentary: the page still reflows at 320 pixels (WCAG 1.4.10), the word
    broken where it must be, rather than scroll sideways."""
    if isinstance(browser, str):
        _unavailable(browser)
    word = "https://www.anytown.gov.uk/" + "performance" * 30
    council = _council("mansfield")
    readings = [attrs.evolve(r, note=word) for r in council.readings]
    framework = attrs.evolve(
        council.framework,
        plan=attrs.evolve(council.framework.plan, organisation=word),
        committees=tuple(attrs.evolve(c, name=word) for c in council.framework.committees),
    )
    period, as_of = CASES["mansfield"]
    report = build_report(
        "exceptions", framework, readings, pmf.parse_period(period), as_of, "cabinet"
    )
    report = attrs.evolve(report, title=word, summary=word)
    page_html = report_formats()["html"].render(report)
    context = browser.new_context(viewport=VIEWPORTS[1], offline=True)
    try:
        context.set_default_timeout(PAGE_TIMEOUT)
        page = context.new_page()
        page.set_content(page_html, wait_until="load")
        widths = {}
        for viewport in VIEWPORTS:
            page.set_viewport_size(viewport)
            widths[viewport["width"]] = page.evaluate(_WIDTHS)[0]
    finally:
        context.close()
    assert all(page_width <= width for width, page_width in widths.items()), widths
