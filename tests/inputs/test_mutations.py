"""One mutation at a time of the example council folders: no crash, no silent acceptance of a
change that must be refused, and every problem located in a file.

Each example is copied once; each mutation rewrites one file of the copy, loads the folder and
runs every check (what ``councilpmf validate`` does), then puts the file back. TOML files that
a mutation did not touch are parsed once and reused. ``COUNCILPMF_FUZZ_EXAMPLES`` sets how
many mutations run (3,000 by default; raise it for a longer hunt).

A mutation *must be refused* (the load fails, or a check finds an error) when it:
changes a TOML value to a value of another type; puts hidden characters (a control character,
a bidirectional override) or text over the length limit into any text; puts a word that means
nothing into a status, a reference to a committee, a theme or a priority, an enumeration (unit,
polarity, frequency, aggregation, kind, level, cadence, mode) or a period or date (a
peer-challenge action's lead committee aside: it quotes the published plan, and is a warning);
deletes a required key (``id``, ``ref``, ``statement``); adds an unknown key; puts a byte that
is not UTF-8 anywhere; nests a value or a dotted key too deep; writes a reading's value that is
not a number, or one its unit does not allow; or writes a reading twice. Other mutations
(truncation, deleting a line or an optional key, text in free-text fields, a byte order mark)
need only be handled without a crash, with every problem located.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilpmf import folder as folder_module
from councilpmf.cli import main
from councilpmf.core.checks import run_checks
from councilpmf.core.convert import InputError
from councilpmf.core.findings import Severity
from councilpmf.core.indicators import Unit
from councilpmf.folder import CouncilFolder, load_folder
from councilpmf.textfiles import parse_toml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = ("cambridgeshire", "mansfield", "nottinghamshire", "york")
AS_OF = dt.date(2025, 1, 20)
COUNT = int(os.environ.get("COUNCILPMF_FUZZ_EXAMPLES", "3000"))

HIDDEN = ["\\u202e", "\\u2066", "\\u0001", "\\u001b[31m", "\\u0000"]
NONSENSE = ["purple", "", "../../etc/passwd", "Complete\\u202e", '=HYPERLINK("x")', "<b>x</b>"]
FREE = ["<script>alert(1)</script>", "=1+1", "@SUM(A1)", "javascript:alert(1)", "' OR 1=1 --"]
CHECKED_KEYS = {
    "status", "lead_committee", "theme", "committee", "priority", "unit", "polarity",
    "frequency", "aggregation", "kind", "level", "cadence", "mode", "period", "year",
    "start", "end", "due", "visited", "series_break",
}  # fmt: skip
REQUIRED_KEYS = {"id", "ref", "statement"}
BAD_NUMBERS = ["1,2,3", "\u0661\u0662\u0663", "1_000", "abc", "nan", "inf", "1e999", "0x1F", "--1"]
KEY_LINE = re.compile(r"^(?P<key>[a-z_]+) = (?P<value>.+)$")
LOCATED = re.compile(
    r"^(?P<file>[\w.-]+\.toml|(?:readings|comparators)/[\w.-]+\.csv|[\w-]+/[\w.-]+\.toml): "
    r"(?:line \d+(?:, column \d+)?|row \d+|\$[^:]*)(?::|;| |$)"
)


@attrs.frozen(repr=False)
class Mutation:
    """One change to one file, and whether it must be refused."""

    file: str
    kind: str
    content: bytes
    must_refuse: bool

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How hypothesis shows a failing case: the change, not the whole file."""
        printer.text(repr(self))

    def __repr__(self) -> str:
        return (
            f"Mutation(file={self.file!r}, kind={self.kind!r}, must_refuse={self.must_refuse}, "
            f"content=<{len(self.content):,} bytes>)"
        )


@attrs.frozen(repr=False)
class Example:
    """A copy of an example folder, its files as they were, and its indicators' units."""

    root: Path
    files: dict[str, bytes]
    units: dict[str, Unit]

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def __repr__(self) -> str:
        return f"Example({self.root.name})"


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Example]:
    base = tmp_path_factory.mktemp("examples")
    copies = {}
    for name in NAMES:
        root = Path(shutil.copytree(EXAMPLES / name, base / name, ignore=_only_folder_files))
        files = {
            str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }
        loaded = load_folder(root)
        assert not _errors(loaded), f"{name} must be clean before it is mutated"
        units = {i.id: i.unit for i in loaded.framework.indicators}
        copies[name] = Example(root=root, files=files, units=units)
    return copies


def _only_folder_files(_folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n.endswith((".md", ".ipynb"))]


@pytest.fixture(scope="module", autouse=True)
def reuse_parsed_toml() -> Iterator[None]:
    """Parse each unchanged TOML text once: only the mutated file is parsed again."""
    cached = functools.lru_cache(maxsize=256)(parse_toml)
    original = folder_module.parse_toml
    folder_module.parse_toml = cached  # type: ignore[assignment]
    try:
        yield
    finally:
        folder_module.parse_toml = original  # type: ignore[assignment]


def _errors(folder: CouncilFolder) -> list[str]:
    findings = run_checks(folder.framework, folder.readings, AS_OF)
    return [str(f) for f in findings if f.severity is Severity.ERROR]


# -- mutations ---------------------------------------------------------------------------------


def _toml_key_lines(text: str) -> list[tuple[int, str, str]]:
    """The ``key = value`` lines of a TOML text, outside multi-line strings."""
    found = []
    inside = False
    for number, line in enumerate(text.split("\n")):
        if line.count('"""') % 2:
            inside = not inside
            continue
        match = KEY_LINE.match(line)
        if match is not None and not inside:
            found.append((number, match.group("key"), match.group("value")))
    return found


def _replace_line(text: str, number: int, line: str | None) -> str:
    lines = text.split("\n")
    if line is None:
        del lines[number]
    else:
        lines[number] = line
    return "\n".join(lines)


def _other_type(value: str) -> str:
    if value.startswith(('"', "'")):
        return "42"
    if value.startswith(("[", "{")):
        return '"text"'
    return "[1, 2]" if value[0].isdigit() or value[0] in "+-" else '"text"'


@st.composite
def toml_mutations(draw: st.DrawFn, example: Example) -> Mutation:
    name = draw(st.sampled_from(sorted(n for n in example.files if n.endswith(".toml"))))
    text = example.files[name].decode("utf-8")
    lines = _toml_key_lines(text)
    kind = draw(
        st.sampled_from(
            ["retype", "hidden", "nonsense", "free", "long", "delete", "unknown-key",
             "deep", "dotted", "bad-byte", "truncate", "bom", "drop-line"]
        )
    )  # fmt: skip
    if kind in ("retype", "hidden", "nonsense", "free", "long", "delete") and not lines:
        kind = "truncate"
    if kind == "nonsense":
        lines = [x for x in lines if x[1] in CHECKED_KEYS and x[2].startswith('"')] or lines
        if not any(x[1] in CHECKED_KEYS for x in lines):
            kind = "hidden"
    if kind in ("hidden", "free", "long"):
        lines = [x for x in lines if x[2].startswith('"') and x[2].endswith('"')] or lines
    number, key, value = draw(st.sampled_from(lines)) if lines else (0, "", "")
    must = True
    if kind == "retype":
        new = _replace_line(text, number, f"{key} = {_other_type(value)}")
    elif kind in ("hidden", "nonsense", "free", "long"):
        word = {
            "hidden": lambda: "x" + draw(st.sampled_from(HIDDEN)) + "y",
            "nonsense": lambda: draw(st.sampled_from(NONSENSE)),
            "free": lambda: draw(st.sampled_from(FREE)),
            "long": lambda: "w" * draw(st.integers(10_001, 300_000)),
        }[kind]()
        new = _replace_line(text, number, f'{key} = "{word}"')
        # A peer challenge quotes the published plan's lead committee: a warning, not an error.
        quoted = key == "lead_committee" and name.startswith("peer-challenges/")
        # An empty status is a status not recorded, which published plans often have.
        unrecorded = key == "status" and word == ""
        must = kind in ("hidden", "long") or (
            kind == "nonsense" and key in CHECKED_KEYS and not quoted and not unrecorded
        )
        must = must and value.startswith('"')
    elif kind == "delete":
        new = _replace_line(text, number, None)
        must = key in REQUIRED_KEYS
    elif kind == "unknown-key":
        headers = [i for i, line in enumerate(text.split("\n")) if line.startswith("[")]
        at = draw(st.sampled_from(headers)) + 1 if headers else 0
        new = _replace_line(text, at, 'laed = "x"\n' + text.split("\n")[at])
    elif kind == "deep":
        depth = draw(st.integers(33, 3000))
        new = text + "\nzz = " + "[" * depth + "]" * depth + "\n"
    elif kind == "dotted":
        new = text + "\n" + ".".join(["k"] * draw(st.integers(33, 100_000))) + " = 1\n"
    elif kind == "bad-byte":
        return _bad_byte(draw, name, example.files[name])
    elif kind == "truncate":
        cut = draw(st.integers(0, len(text)))
        new, must = text[:cut], False
    elif kind == "bom":
        new, must = "\ufeff" + text, False
    else:  # drop-line
        all_lines = text.split("\n")
        new = _replace_line(text, draw(st.integers(0, len(all_lines) - 1)), None)
        must = False
    return Mutation(file=name, kind=kind, content=new.encode("utf-8"), must_refuse=must)


def _bad_byte(draw: st.DrawFn, name: str, data: bytes) -> Mutation:
    at = draw(st.integers(0, len(data)))
    return Mutation(
        file=name, kind="bad-byte", content=data[:at] + b"\xff" + data[at:], must_refuse=True
    )


@st.composite
def csv_mutations(draw: st.DrawFn, example: Example) -> Mutation:
    name = draw(st.sampled_from(sorted(n for n in example.files if n.endswith(".csv"))))
    data = example.files[name]
    rows = data.decode("utf-8").split("\n")
    body = [i for i, row in enumerate(rows) if i > 0 and row]
    kind = draw(
        st.sampled_from(
            ["duplicate", "bad-number", "impossible", "hidden", "long", "extra-cell", "bad-byte",
             "truncate", "bom", "drop-row", "header"]
        )
    )  # fmt: skip
    if kind == "bad-byte":
        return _bad_byte(draw, name, data)
    at = draw(st.sampled_from(body))
    cells = rows[at].split(",")
    readings = name.startswith("readings/")
    must = True
    if kind == "duplicate":
        rows.insert(draw(st.integers(1, len(rows) - 1)), rows[at])
        must = readings
    elif kind == "bad-number":
        cells[-1 if not readings else 2] = '"' + draw(st.sampled_from(BAD_NUMBERS)) + '"'
        rows[at] = ",".join(cells)
    elif kind == "impossible":
        unit = example.units.get(cells[0])
        bad = {Unit.PERCENTAGE: "-5", Unit.COUNT: "2.5", Unit.DAYS: "-1", Unit.YES_NO: "3"}
        if unit not in bad or (readings and not cells[2]):
            must = False
        else:
            cells[-1 if not readings else 2] = bad[unit]
            if readings:
                cells[4] = ""
        rows[at] = ",".join(cells)
    elif kind in ("hidden", "long"):
        text = (
            draw(st.sampled_from(["\u202e", "\x01", "\u2067"]))
            if kind == "hidden"
            else ("n" * draw(st.integers(10_001, 200_000)))
        )
        cells[draw(st.integers(0, len(cells) - 1))] = '"' + text + '"'
        rows[at] = ",".join(cells)
    elif kind == "extra-cell":
        rows[at] += ",surplus"
    elif kind == "truncate":
        return Mutation(
            file=name, kind=kind, content=data[: draw(st.integers(0, len(data)))], must_refuse=False
        )
    elif kind == "bom":
        return Mutation(file=name, kind=kind, content=b"\xef\xbb\xbf" + data, must_refuse=False)
    elif kind == "drop-row":
        del rows[at]
        must = False
    else:  # header
        # Spaces around a column name are forgiven; another name or case is not.
        rows[0] = rows[0].replace("period", draw(st.sampled_from(["when", "Period", " period "])))
        must = rows[0].replace(" ", "") != example.files[name].decode("utf-8").split("\n")[0]
    return Mutation(file=name, kind=kind, content="\n".join(rows).encode("utf-8"), must_refuse=must)


# -- the property ------------------------------------------------------------------------------


def _outcome(root: Path) -> tuple[bool, list[str]]:
    """Load and check ``root`` as ``councilpmf validate`` does: (refused, located lines)."""
    try:
        loaded = load_folder(root)
    except InputError as error:
        return True, list(error.problems)
    findings = run_checks(loaded.framework, loaded.readings, AS_OF)
    lines = [f"{loaded.locate(f.path)}: {f.message}" for f in findings]
    return any(f.severity is Severity.ERROR for f in findings), lines


def _apply(example: Example, mutation: Mutation, check: Callable[[], Any]) -> Any:
    file = example.root / mutation.file
    file.write_bytes(mutation.content)
    try:
        return check()
    finally:
        file.write_bytes(example.files[mutation.file])


@settings(
    max_examples=COUNT,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_one_mutation_never_crashes_never_passes_unseen_and_is_located(
    examples: dict[str, Example], data: st.DataObject
) -> None:
    example = examples[data.draw(st.sampled_from(NAMES), label="example")]
    has_csv = any(n.endswith(".csv") for n in example.files)
    strategy = toml_mutations(example)
    if has_csv and data.draw(st.booleans(), label="csv"):
        strategy = csv_mutations(example)
    mutation = data.draw(strategy, label="mutation")
    started = time.process_time()
    refused, lines = _apply(example, mutation, lambda: _outcome(example.root))
    assert time.process_time() - started < 10, "a single mutation took unbounded time"
    if mutation.must_refuse:
        assert refused, f"{mutation.kind} of {mutation.file} was accepted"
    unlocated = [line for line in lines if not LOCATED.match(line)]
    assert unlocated == [], f"{mutation.kind} of {mutation.file} gave unlocated problems"


@settings(
    max_examples=max(50, COUNT // 15),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_validate_on_a_mutated_folder_exits_0_or_1_and_never_raises(
    examples: dict[str, Example], data: st.DataObject
) -> None:
    example = examples[data.draw(st.sampled_from(NAMES), label="example")]
    strategy = toml_mutations(example)
    if data.draw(st.booleans(), label="csv"):
        strategy = csv_mutations(example)
    mutation = data.draw(strategy, label="mutation")
    arguments = ["validate", str(example.root), "--as-of", AS_OF.isoformat()]
    result = _apply(example, mutation, lambda: CliRunner().invoke(main, arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if mutation.must_refuse:
        assert result.exit_code == 1, f"{mutation.kind} of {mutation.file}: {result.output}"
