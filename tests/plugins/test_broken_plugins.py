"""Broken plugins, installed for real and run in a fresh process, as a council would meet them.

Each case writes a plugin module and the ``dist-info`` metadata ``pip install`` would write for
it (a distribution ``councilpmf-broken`` with an entry point ``broken`` in the ``councilpmf``
group) into a scratch folder on ``PYTHONPATH``, then runs ``python -m councilpmf``. Whatever is
wrong, the command says so in one line naming the plugin and its distribution, exits 2, and
shows a traceback only with ``--debug``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANSFIELD = ROOT / "examples" / "mansfield"
REPORT = ("report", str(MANSFIELD), "--period", "2024/25 Q3", "--as-of", "2025-01-20")
OWNER = "plugin 'broken' (councilpmf-broken)"

_PRELUDE = """
from typing import ClassVar

import attrs

from councilpmf import hookimpl
from councilpmf.core.rag import Rating, Status
from councilpmf.plugin_types import CheckType, ReportFormat, StoreType


def fmt(name="broken", render=lambda report: "fine\\n", **fields):
    values = dict(suffix=".txt", media_type="text/plain", description="A broken format")
    values.update(fields)
    return ReportFormat(name=name, render=render, **values)
"""


def install(root: Path, source: str, version: str = "1.0") -> dict[str, str]:
    """Write the plugin and its metadata under ``root``; the environment to run it with."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "councilpmf_broken.py").write_text(_PRELUDE + textwrap.dedent(source), encoding="utf-8")
    info = root / f"councilpmf_broken-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: councilpmf-broken\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[councilpmf]\nbroken = councilpmf_broken\n", encoding="utf-8"
    )
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COUNCILPMF_LOAD_PLUGINS", "COUNCILPMF_DISABLE_PLUGINS", "COUNCILPMF_STORE")
    }
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(root), *filter(None, [environment.get("PYTHONPATH")])]
    )
    environment["PYTHONIOENCODING"] = "utf-8"
    return environment


def councilpmf(
    environment: dict[str, str], *args: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "councilpmf", *args],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def assert_blamed(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    """Exit 2 with one ``error:`` line naming the plugin (and saying ``expected``)."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


# -- refused when councilpmf starts ------------------------------------------------------------

AT_START = {
    "format-name": (
        "@hookimpl\ndef councilpmf_report_formats():\n    return [fmt(name='Big Paper')]\n",
        "name: lower-case letters",
    ),
    "format-suffix-without-dot": (
        "@hookimpl\ndef councilpmf_report_formats():\n    return [fmt(suffix='txt')]\n",
        "suffix: a file suffix starts with its dot ('.txt'), not 'txt'",
    ),
    "format-empty-description": (
        "@hookimpl\ndef councilpmf_report_formats():\n    return [fmt(description='  ')]\n",
        "description: one line of words for people",
    ),
    "format-media-type": (
        "@hookimpl\ndef councilpmf_report_formats():\n    return [fmt(media_type='excel')]\n",
        "media_type: a media type is type/subtype",
    ),
    "format-render-not-callable": (
        "@hookimpl\ndef councilpmf_report_formats():\n    return [fmt(render='text')]\n",
        "render: must be callable",
    ),
    "store-scheme": (
        "@hookimpl\ndef councilpmf_stores():\n"
        "    return [StoreType(scheme='Redis', open=print, description='Redis')]\n",
        "scheme: a store scheme is lower-case",
    ),
    "check-empty-description": (
        "@hookimpl\ndef councilpmf_checks():\n"
        "    return [CheckType(name='owners', run=print, description='')]\n",
        "description: one line of words for people",
    ),
    "a-dict-not-a-record": (
        "@hookimpl\ndef councilpmf_report_formats():\n    return [{'name': 'broken'}]\n",
        "returned {'name': 'broken'}, not a ReportFormat",
    ),
    "rule-without-uses-target": (
        """
        @attrs.frozen(kw_only=True)
        class Lenient:
            kind: ClassVar[str] = "lenient"
            def rate(self, context):
                return Rating(status=Status.GREEN, explanation="Green")

        @hookimpl
        def councilpmf_rag_rules():
            return [Lenient]
        """,
        "Lenient.uses_target must be True or False",
    ),
    "rule-not-frozen": (
        """
        @attrs.define
        class Lenient:
            kind: ClassVar[str] = "lenient"
            uses_target: ClassVar[bool] = True
            def rate(self, context):
                return Rating(status=Status.GREEN, explanation="Green")

        @hookimpl
        def councilpmf_rag_rules():
            return [Lenient]
        """,
        "Lenient is not frozen",
    ),
    "rule-not-attrs": (
        """
        class Lenient:
            kind = "lenient"
            uses_target = True
            def rate(self, context):
                return Rating(status=Status.GREEN, explanation="Green")

        @hookimpl
        def councilpmf_rag_rules():
            return [Lenient]
        """,
        "Lenient is not an attrs class",
    ),
    "rule-without-rate": (
        """
        @attrs.frozen(kw_only=True)
        class Lenient:
            kind: ClassVar[str] = "lenient"
            uses_target: ClassVar[bool] = True

        @hookimpl
        def councilpmf_rag_rules():
            return [Lenient]
        """,
        "Lenient has no rate(context) method",
    ),
    "hook-raises": (
        "@hookimpl\ndef councilpmf_checks():\n    raise RuntimeError('no config file')\n",
        "councilpmf_checks: failed: RuntimeError: no config file",
    ),
    "builtin-format-taken": (
        "@hookimpl\ndef councilpmf_report_formats():\n    return [fmt(name='text')]\n",
        "format 'text' is offered by both " + OWNER,
    ),
    "builtin-format-taken-trylast-override": (
        "@hookimpl(trylast=True)\ndef councilpmf_report_formats():\n"
        "    return [fmt(name='text', overrides=True)]\n",
        "format 'text' is offered by both built-in plugin "
        "'councilpmf.default_plugins.formats' and " + OWNER,
    ),
    "builtin-scheme-taken": (
        "@hookimpl\ndef councilpmf_stores():\n"
        "    return [StoreType(scheme='sqlite', open=print, description='Mine')]\n",
        "store scheme 'sqlite' is offered by both " + OWNER,
    ),
}


@pytest.mark.parametrize("case", sorted(AT_START))
def test_a_broken_plugin_stops_every_command_at_start(tmp_path: Path, case: str) -> None:
    source, says = AT_START[case]
    environment = install(tmp_path / "site", source)
    assert_blamed(councilpmf(environment, "plugins", cwd=tmp_path), OWNER, says)


def test_a_broken_plugin_stops_a_command_that_does_not_use_it(tmp_path: Path) -> None:
    source, says = AT_START["format-suffix-without-dot"]
    environment = install(tmp_path / "site", source)
    result = councilpmf(environment, "validate", str(MANSFIELD), cwd=tmp_path)
    assert_blamed(result, OWNER, says)
    assert result.stdout == ""  # stopped before it started


def test_a_name_offered_twice_names_both_plugins(tmp_path: Path) -> None:
    source, _ = AT_START["builtin-format-taken"]
    result = councilpmf(install(tmp_path / "site", source), "plugins", cwd=tmp_path)
    assert_blamed(
        result,
        "built-in plugin 'councilpmf.default_plugins.formats'",
        OWNER,
        "overrides=True",
    )


def test_disabling_the_broken_plugin_by_any_spelling_of_its_name_lets_councilpmf_run(
    tmp_path: Path,
) -> None:
    source, _ = AT_START["format-suffix-without-dot"]
    environment = install(tmp_path / "site", source)
    for spelling in ("Councilpmf_Broken", "councilpmf.broken", "BROKEN", "councilpmf-broken"):
        result = councilpmf(
            {**environment, "COUNCILPMF_DISABLE_PLUGINS": spelling}, "plugins", cwd=tmp_path
        )
        assert result.returncode == 0, (spelling, result.stderr)


# -- failing when councilpmf calls it ----------------------------------------------------------

_RATED_FOLDER = {
    "plan.toml": 'title = "Plan"\norganisation = "Anytown Council"\n',
    "indicators.toml": (
        '[[indicators]]\nid = "RC1"\ntitle = "Waste recycled"\nunit = "percentage"\n'
        'targets = [{ period = "2024/25", value = 50.0 }]\nrule = { kind = "broken-rule" }\n'
    ),
    "readings/2024-25.csv": "indicator,period,value\nRC1,2024/25 Q3,30.0\n",
}

WHEN_CALLED = {
    "render-raises": (
        "@hookimpl\ndef councilpmf_report_formats():\n"
        "    return [fmt(render=lambda report: {}['missing'])]\n",
        (*REPORT, "--format", "broken"),
        "councilpmf_report_formats: format 'broken' failed in render: KeyError: 'missing'",
    ),
    "render-returns-none": (
        "@hookimpl\ndef councilpmf_report_formats():\n"
        "    return [fmt(render=lambda report: None)]\n",
        (*REPORT, "--format", "broken"),
        "failed in render: TypeError: render returned None, not text (str) or bytes",
    ),
    "store-open-raises": (
        "def open_store(url, rules=None):\n    raise ConnectionError('redis is down')\n\n"
        "@hookimpl\ndef councilpmf_stores():\n"
        "    return [StoreType(scheme='broken', open=open_store, description='Broken')]\n",
        ("validate", "broken://somewhere"),
        "councilpmf_stores: store scheme 'broken' failed in open: ConnectionError: redis is down",
    ),
    "store-open-returns-no-store": (
        "@hookimpl\ndef councilpmf_stores():\n"
        "    return [StoreType(scheme='broken', open=lambda url, rules=None: 42,\n"
        "                      description='Broken')]\n",
        ("validate", "broken://somewhere"),
        "open returned 42, which does not follow the Store protocol",
    ),
    "check-run-raises": (
        "def run(framework, readings, as_of):\n"
        "    yield from ()\n"
        "    raise ZeroDivisionError('oops')\n\n"
        "@hookimpl\ndef councilpmf_checks():\n"
        "    return [CheckType(name='broken', run=run, description='Broken')]\n",
        ("validate", str(MANSFIELD)),
        "councilpmf_checks: check 'broken' failed in run: ZeroDivisionError: oops",
    ),
    "check-yields-no-finding": (
        "@hookimpl\ndef councilpmf_checks():\n"
        "    return [CheckType(name='broken', run=lambda *a: ['bad'], description='Broken')]\n",
        ("validate", str(MANSFIELD)),
        "run yielded 'bad', not a Finding",
    ),
}


@pytest.mark.parametrize("case", sorted(WHEN_CALLED))
def test_a_failing_plugin_call_names_plugin_and_hook_and_exits_2(tmp_path: Path, case: str) -> None:
    source, args, says = WHEN_CALLED[case]
    environment = install(tmp_path / "site", source)
    assert_blamed(councilpmf(environment, *args, cwd=tmp_path), OWNER, says)


def test_debug_shows_the_plugins_traceback(tmp_path: Path) -> None:
    source, args, says = WHEN_CALLED["render-raises"]
    environment = install(tmp_path / "site", source)
    result = councilpmf(environment, "--debug", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert "councilpmf_broken.py" in result.stderr  # the plugin's own frame
    assert result.stderr.rstrip().splitlines()[-1] == f"error: {OWNER}: {says}"


def _rule_plugin(rate_body: str) -> str:
    return f"""
    @attrs.frozen(kw_only=True)
    class BrokenRule:
        kind: ClassVar[str] = "broken-rule"
        uses_target: ClassVar[bool] = True
        def rate(self, context):
            {rate_body}

    @hookimpl
    def councilpmf_rag_rules():
        return [BrokenRule]
    """


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("return 1 / 0", "failed in rate: ZeroDivisionError: division by zero"),
        ("return 'green'", "rate returned 'green', not a Rating"),
    ],
)
def test_a_failing_rule_names_its_plugin_and_kind(tmp_path: Path, body: str, says: str) -> None:
    environment = install(tmp_path / "site", _rule_plugin(body))
    folder = tmp_path / "anytown"
    for name, text in _RATED_FOLDER.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    result = councilpmf(
        environment,
        "report",
        str(folder),
        "--period",
        "2024/25 Q3",
        "--as-of",
        "2025-01-20",
        cwd=tmp_path,
    )
    assert_blamed(
        result,
        OWNER,
        "councilpmf_rag_rules",
        "rule kind 'broken-rule' (BrokenRule)",
        says,
    )


# -- overriding a built-in on purpose ----------------------------------------------------------


def test_a_plugin_overrides_the_builtin_text_format_on_purpose(tmp_path: Path) -> None:
    source = """
    @hookimpl
    def councilpmf_report_formats():
        return [fmt(name="text", render=lambda report: "Ours: " + report.title + "\\n",
                    description="The council's own text layout", overrides=True)]
    """
    environment = install(tmp_path / "site", source)
    result = councilpmf(environment, *REPORT, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Ours: Mansfield District Council")
    listing = councilpmf(environment, "plugins", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert f"replaced: format 'text' (overridden by {OWNER})" in listing.stdout
