"""The documentation keeps up with the code (after datasette's tests/test_docs.py).

- Every hook in :mod:`councilpmf.hookspecs` has a section headed ``### councilpmf_xxx()`` in
  docs/plugins.md, and every such heading is a hook. Every record type of
  :mod:`councilpmf.plugin_types` is shown there with all its fields, each explained, and so is
  every attribute a rule class has.
- Every command of the fixed command line (DESIGN.md) and every command and option of
  :mod:`councilpmf.cli` is documented in docs/cli.md.
- The examples in docs/plugins.md run: a code block after ``<!-- run -->`` is executed (the
  blocks of a page in order, in one namespace), and a block after ``<!-- file: PATH -->`` is
  written to PATH in a scratch project, which is on ``sys.path`` while the blocks run. The
  store plugin written that way must pass :class:`councilpmf.testing.StoreContract`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import types
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import pytest

from councilpmf import hookspecs, plugin_types, plugins

DOCS = Path(__file__).resolve().parent.parent / "docs"
PLUGINS_MD = DOCS / "plugins.md"
CLI_MD = DOCS / "cli.md"

HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("councilpmf_"))

# The fixed command line of DESIGN.md: each command with the options it promises.
FIXED_COMMANDS: dict[str, tuple[str, ...]] = {
    "demo": (),
    "validate": (),
    "load": ("--store",),
    "record": ("--store", "--by", "--reason"),
    "report": ("--period", "--committee", "--kind", "--format", "--as-of", "-o"),
    "diff": (),
    "plugins": ("--json",),
}


# -- the hook reference ------------------------------------------------------------------------


def _documented_hooks() -> list[str]:
    text = PLUGINS_MD.read_text(encoding="utf-8")
    return re.findall(r"(?m)^### (councilpmf_\w+)\(\)\s*$", text)


def test_there_are_hooks() -> None:
    assert HOOKS == [
        "councilpmf_checks",
        "councilpmf_rag_rules",
        "councilpmf_report_formats",
        "councilpmf_stores",
    ]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook: str) -> None:
    assert hook in _documented_hooks(), f"docs/plugins.md has no '### {hook}()' section"


def test_every_documented_hook_exists() -> None:
    documented = _documented_hooks()
    assert sorted(documented) == sorted(set(documented)), "a hook is documented twice"
    assert set(documented) <= set(HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_section_gives_signature_and_example(hook: str) -> None:
    text = PLUGINS_MD.read_text(encoding="utf-8")
    section = text.split(f"### {hook}()", 1)[1].split("\n### ", 1)[0]
    assert f"`{hook}() -> list[" in section, f"{hook}: no signature with its return type"
    assert f"def {hook}():" in section, f"{hook}: no example implementation"


RECORDS = sorted(
    name for name in plugin_types.__all__ if attrs.has(getattr(plugin_types, name, None))
)
# What a rule class has, as docs/plugins.md must explain (councilpmf_rag_rules returns classes).
RULE_ATTRIBUTES = ("kind", "uses_target", "rate", "overrides")


def _hook_reference() -> str:
    return PLUGINS_MD.read_text(encoding="utf-8").split("\n## Hook reference", 1)[1]


def test_there_are_records() -> None:
    assert RECORDS == ["CheckType", "ReportFormat", "StoreType"]


def _signature(field: attrs.Attribute[object]) -> str:
    if field.default is attrs.NOTHING:
        return field.name
    return f"{field.name}={field.default!r}"


@pytest.mark.parametrize("record", RECORDS)
def test_every_record_is_shown_with_all_its_fields(record: str) -> None:
    fields = attrs.fields(getattr(plugin_types, record))
    signature = f"`{record}({', '.join(_signature(f) for f in fields)})`"
    assert signature in _hook_reference(), f"docs/plugins.md does not show {signature}"


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (record, field.name)
        for record in RECORDS
        for field in attrs.fields(getattr(plugin_types, record))
    ],
)
def test_every_field_of_every_record_is_explained(record: str, field: str) -> None:
    section = _hook_reference().split(f"`{record}(", 1)[1].split("\n### ", 1)[0]
    assert re.search(rf"(?m)^- `{field}`: \S", section), f"{record}.{field} is not explained"


@pytest.mark.parametrize("attribute", RULE_ATTRIBUTES)
def test_every_attribute_of_a_rule_class_is_explained(attribute: str) -> None:
    section = _hook_reference().split("### councilpmf_rag_rules()", 1)[1].split("\n### ", 1)[0]
    assert re.search(rf"(?m)^- `{attribute}[:(]", section), f"rule {attribute} is not explained"


def test_the_rule_attributes_are_what_councilpmf_checks() -> None:
    # A rule class lacking any of the required ones is refused with a message naming it.
    @attrs.frozen
    class Bare:
        pass

    checked = []
    for attribute, value in (("kind", "k"), ("uses_target", True), ("rate", lambda self, c: c)):
        with pytest.raises((TypeError, ValueError), match=attribute):
            plugin_types.check_rule_class(Bare)
        setattr(Bare, attribute, value)
        checked.append(attribute)
    Bare.overrides = "yes"  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="overrides"):
        plugin_types.check_rule_class(Bare)
    assert (*checked, "overrides") == RULE_ATTRIBUTES


# -- the command line --------------------------------------------------------------------------


def _cli_doc() -> str:
    if not CLI_MD.is_file():
        pytest.fail("docs/cli.md does not exist yet: the command line is undocumented")
    return CLI_MD.read_text(encoding="utf-8")


def _cli_commands() -> dict[str, list[tuple[str, ...]]]:
    """Every command of councilpmf.cli and of DESIGN.md, with its options; each option as the
    spellings any one of which documents it (``("-o", "--output")``)."""
    commands = {name: {(o,) for o in options} for name, options in FIXED_COMMANDS.items()}
    try:
        from councilpmf.cli import main
    except ImportError:  # pragma: no cover - reported by test_the_cli_exists
        main = None
    for name, command in (main.commands if main is not None else {}).items():
        options = commands.setdefault(name, set())
        for param in command.params:
            if param.param_type_name == "option" and "--help" not in param.opts:
                spellings = tuple(sorted(param.opts))
                options -= {(o,) for o in spellings}
                options.add(spellings)
    return {name: sorted(options) for name, options in sorted(commands.items())}


def test_every_option_of_the_command_itself_is_documented() -> None:
    from councilpmf.cli import main

    text = _cli_doc()
    for param in main.params:
        spellings = [o for o in param.opts if o != "--help"]
        assert any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text) for o in spellings), (
            f"docs/cli.md does not document {'/'.join(param.opts)} of councilpmf itself"
        )


def test_the_cli_exists() -> None:
    from councilpmf.cli import main

    assert set(FIXED_COMMANDS) <= set(main.commands)


@pytest.mark.parametrize("command", sorted(_cli_commands()))
def test_every_command_is_documented(command: str) -> None:
    headings = re.findall(r"(?m)^#+ `([\w-]+)", _cli_doc())
    assert command in headings, f"docs/cli.md has no heading for `{command}`"


def test_every_command_is_in_the_synopsis() -> None:
    synopsis = _cli_doc().split("```", 2)[1]
    listed = re.findall(r"(?m)^councilpmf ([a-z-]+)", synopsis)
    assert sorted(listed) == list(_cli_commands()), (
        "the synopsis at the top of docs/cli.md does not list every command once"
    )


def _documentation_of(command: str) -> str:
    """The synopsis lines of ``command`` in docs/cli.md and its section."""
    text = _cli_doc()
    synopsis = re.findall(rf"(?m)^\s*councilpmf {re.escape(command)}\b.*(?:\n\s{{10,}}\S.*)*", text)
    parts = re.split(rf"(?m)^#+ `{re.escape(command)}\b", text, maxsplit=1)
    section = parts[1].split("\n#", 1)[0] if len(parts) > 1 else ""
    return "\n".join([*synopsis, section])


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (command, "/".join(spellings))
        for command, options in _cli_commands().items()
        for spellings in options
    ],
)
def test_every_option_is_documented(command: str, option: str) -> None:
    documented = _documentation_of(command)
    assert any(
        re.search(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", documented)
        for spelling in option.split("/")
    ), f"docs/cli.md does not document {option} of `councilpmf {command}`"


# -- what docs/reports.md shows the commands print ----------------------------------------------

REPORTS_MD = DOCS / "reports.md"
EXAMPLES = DOCS.parent / "examples"

# Each ```text block of docs/reports.md, in order, with the command the page says prints it.
SHOWN_OUTPUT = [
    (
        "report",
        str(EXAMPLES / "nottinghamshire"),
        "--period",
        "2014/15",
        "--kind",
        "risks",
        "--as-of",
        "2015-01-20",
    ),
    (
        "audit",
        str(EXAMPLES / "cambridgeshire"),
        "--period",
        "2023/24 Q2",
        "--as-of",
        "2024-05-01",
    ),
]


def test_the_reports_page_shows_what_the_commands_print() -> None:
    shown = re.findall(r"(?ms)^```text\n(.*?)^```", REPORTS_MD.read_text(encoding="utf-8"))
    assert len(shown) == len(SHOWN_OUTPUT), "a text block of docs/reports.md has no command"
    environment = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    for beginning, arguments in zip(shown, SHOWN_OUTPUT, strict=True):
        printed = _printed(arguments, environment)
        assert printed.startswith(beginning), f"councilpmf {' '.join(arguments)} prints:\n{printed}"


def test_the_reports_page_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # From the repository root, as a reader in a checkout runs them, in one namespace.
    monkeypatch.chdir(DOCS.parent)
    runnable = [block for block in blocks(REPORTS_MD) if block.run]
    assert len(runnable) >= 2, "docs/reports.md has no runnable example"
    namespace = types.ModuleType("docs_reports_md").__dict__
    for block in runnable:
        exec(
            compile(block.code, f"docs/reports.md:{block.line}", "exec", dont_inherit=True),
            namespace,
        )
    assert namespace["report"].title == "Cabinet: performance report, 2024/25 Q3"
    assert namespace["html"].startswith("<!DOCTYPE html>")
    tsv = namespace["render_tsv"](namespace["report"])
    assert "BEN01\t" in tsv and tsv.endswith("\n")


def _record_examples() -> list[str]:
    """The report records the page builds in its code spans, with values (``NumberCell(24.8,
    "24.8 days")``), not the signatures that name their fields (``NumberCell(value, text)``)."""
    from councilpmf.core import report

    spans = re.findall(r"`((\w+)\([^`]*\))`", REPORTS_MD.read_text(encoding="utf-8"))
    return [
        code
        for code, name in spans
        if name in report.__all__ and re.search(r"\d|\"", code) and ":" not in code
    ]


def test_there_are_record_examples() -> None:
    assert len(_record_examples()) >= 2


@pytest.mark.parametrize("code", _record_examples())
def test_every_record_the_reports_page_builds_builds(code: str) -> None:
    from councilpmf.core import report

    built = eval(code, vars(report))  # the page's own example
    assert type(built).__name__ == code.split("(", 1)[0]


# -- the examples in docs/plugins.md -----------------------------------------------------------


@attrs.frozen
class Block:
    line: int
    language: str
    code: str
    run: bool
    file: str | None


_MARKED = re.compile(
    r"(?m)^<!-- (?:(?P<run>run)|file: (?P<file>\S+)) -->\n```(?P<language>\w*)\n(?P<code>.*?)^```$",
    re.DOTALL,
)


def blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    return [
        Block(
            line=text.count("\n", 0, match.start()) + 2,
            language=match.group("language"),
            code=match.group("code"),
            run=bool(match.group("run")),
            file=match.group("file"),
        )
        for match in _MARKED.finditer(text)
    ]


def test_the_markers_are_on_code_blocks() -> None:
    text = PLUGINS_MD.read_text(encoding="utf-8")
    markers = len(re.findall(r"(?m)^<!-- (?:run|file: \S+) -->$", text))
    assert markers == len(blocks(PLUGINS_MD)), "a marker is not directly above a ``` block"
    assert sum(b.run for b in blocks(PLUGINS_MD)) >= 6
    assert all(b.language == "python" for b in blocks(PLUGINS_MD) if b.run)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The files of docs/plugins.md, written into a scratch project on ``sys.path``; the
    plugin manager is built anew before and after."""
    root = tmp_path / "project"
    for block in blocks(PLUGINS_MD):
        if block.file is not None:
            target = root / block.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code, encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delenv("COUNCILPMF_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("COUNCILPMF_DISABLE_PLUGINS", raising=False)
    before = set(sys.modules)
    plugins.reset()
    yield root
    plugins.reset()
    for name in set(sys.modules) - before:
        module = sys.modules[name]
        if str(getattr(module, "__file__", "") or "").startswith(str(root)):
            del sys.modules[name]


def test_the_runnable_examples_run(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The blocks run as the body of one module, as they would in a notebook or a plugin.
    module = types.ModuleType("docs_plugins_md")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    for block in blocks(PLUGINS_MD):
        if not block.run:
            continue
        code = compile(block.code, f"docs/plugins.md:{block.line}", "exec", dont_inherit=True)
        try:
            exec(code, module.__dict__)
        except Exception as error:
            raise AssertionError(
                f"the example at docs/plugins.md line {block.line} failed: "
                f"{type(error).__name__}: {error}"
            ) from error


def test_the_example_entry_point_names_the_example_module(project: Path) -> None:
    data = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = data["project"]["entry-points"]["councilpmf"]
    assert data["project"]["dependencies"] == ["councilpmf"]
    for module in entry_points.values():
        assert (project / f"{module}.py").is_file(), module
        assert module in data["tool"]["setuptools"]["py-modules"]


def test_the_plugin_listing_is_what_councilpmf_plugins_prints() -> None:
    # The listing shows an installation with the built-ins and the owners plugin.
    pytest.importorskip("councilpmf_owners")
    shown = re.search(r"(?ms)^```\n\$ councilpmf plugins\n(.*?)^```", PLUGINS_MD.read_text("utf-8"))
    assert shown is not None, "docs/plugins.md shows no listing of `councilpmf plugins`"
    environment = {k: v for k, v in os.environ.items() if k != "COUNCILPMF_DISABLE_PLUGINS"}
    environment["COUNCILPMF_LOAD_PLUGINS"] = "owners"
    assert shown.group(1) == _printed(("plugins",), environment)


_REGISTER = """
# Written by tests/test_docs.py: what installing the example (pip install -e .) would do.
import councilpmf_shared
from councilpmf import plugins

plugins.reset()
plugins.get_plugin_manager().register(councilpmf_shared, name="shared")
"""


def test_the_example_store_passes_the_store_contract(project: Path) -> None:
    pytest.importorskip("councilpmf.testing")
    (project / "tests" / "conftest.py").write_text(_REGISTER, encoding="utf-8")
    (project / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=project,
        env=_environment(project),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"\b\d+ passed\b", output), output
    assert " failed" not in output and " error" not in output, output


def _environment(project: Path) -> dict[str, str]:
    """This environment without allow or deny lists, with the project first on the path."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COUNCILPMF_LOAD_PLUGINS", "COUNCILPMF_DISABLE_PLUGINS")
    }
    path = [str(project), *filter(None, [environment.get("PYTHONPATH")])]
    environment["PYTHONPATH"] = os.pathsep.join(path)
    return environment


# -- links between the pages ------------------------------------------------------------------

ROOT = DOCS.parent
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
_FENCED = re.compile(r"(?ms)^```.*?^```")
_CODE_SPAN = re.compile(r"`[^`\n]*`")


def _prose(page: Path) -> str:
    """The page without its code blocks and code spans, where a link is only an example."""
    return _CODE_SPAN.sub("", _FENCED.sub("", page.read_text(encoding="utf-8")))


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings: lower case, punctuation but ``-`` and
    ``_`` dropped, spaces made hyphens, a repeated one numbered."""
    anchors: set[str] = set()
    text = _FENCED.sub("", page.read_text(encoding="utf-8"))
    for heading in re.findall(r"(?m)^#{1,6} (.+?)\s*$", text):
        anchor = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        numbered, count = anchor, 0
        while numbered in anchors:
            count += 1
            numbered = f"{anchor}-{count}"
        anchors.add(numbered)
    return anchors


def _links() -> list[tuple[str, str]]:
    return [
        (str(page.relative_to(ROOT)), link)
        for page in PAGES
        for link in re.findall(r"\]\(([^)\s]+)\)", _prose(page))
        if not re.match(r"[a-z]+:", link)
    ]


def test_there_are_links_between_the_pages() -> None:
    assert len(_links()) >= 30
    assert any("#" in link for _, link in _links())


@pytest.mark.parametrize(("page", "link"), _links())
def test_every_link_between_the_pages_resolves(page: str, link: str) -> None:
    path, _, anchor = link.partition("#")
    target = (ROOT / page).parent / path if path else ROOT / page
    assert target.exists(), f"{page} links to {link}, which does not exist"
    if anchor and target.suffix == ".md":
        assert anchor in _anchors(target), f"{page} links to {link}: no such heading there"


def _tables() -> list[tuple[str, int, list[str]]]:
    """Every table of the pages (outside code blocks): its page, first line and lines."""
    found = []
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        fenced, start = False, None
        for number, line in enumerate([*lines, ""], start=1):
            fenced ^= line.startswith("```")
            is_row = not fenced and line.startswith("|")
            if is_row and start is None:
                start = number
            elif not is_row and start is not None:
                found.append((str(page.relative_to(ROOT)), start, lines[start - 1 : number - 1]))
                start = None
    return found


def test_there_are_tables() -> None:
    assert len(_tables()) >= 20


@pytest.mark.parametrize(
    ("page", "line", "rows"), _tables(), ids=[f"{p}:{n}" for p, n, _ in _tables()]
)
def test_every_table_has_a_header_row(page: str, line: int, rows: list[str]) -> None:
    # A row cut off from its table by a blank line shows as a line of bars, not as a row.
    assert len(rows) >= 2 and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", rows[1].strip()), (
        f"{page} line {line}: a table without a header row and a |---| line under it"
    )


def _printed(arguments: Sequence[str], environment: dict[str, str]) -> str:
    """What ``councilpmf ARGUMENTS`` prints, run as a user runs it, in ``environment``."""
    return subprocess.run(
        [sys.executable, "-m", "councilpmf", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
