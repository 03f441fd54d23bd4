"""A ``json://`` store whose ``framework.json`` is damaged: truncated, not JSON, not UTF-8, its
envelope (revision, who, when, why) of the wrong shape, or gone. Every command says so in one
line naming the file and what to do, and changes nothing; where the revision it held can be
known safely (``frameworks/`` keeps the same revision in a file of its own), ``load`` saves a
new revision over it and keeps the damaged file byte for byte; where it cannot, ``load``
refuses too and says how to restore the file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from store_fixtures import commands_reading_the_framework, plain_framework

from councilpmf import cli
from councilpmf.default_plugins.json_store import JsonStore
from councilpmf.store import ConflictError, StoreError, UnreadableFrameworkError

ROOT = Path(__file__).resolve().parents[2]
MANSFIELD = ROOT / "examples" / "mansfield"
PERIOD = "2024/25 Q3"
REPAIR = "to repair the store, load a corrected council folder into it: councilpmf load FOLDER"


def run(*args: str) -> Result:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(cli.main, list(args), prog_name="councilpmf")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _edited(change: Callable[[dict[str, object]], None]) -> Callable[[bytes], bytes]:
    def damage(raw: bytes) -> bytes:
        data = json.loads(raw)
        change(data)
        return json.dumps(data, indent=2).encode()

    return damage


DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    # how the file is damaged: what it becomes, and what the error says is wrong with it
    # cut part way through a text, wherever the council's words put it in the file
    "truncated": (
        lambda raw: raw[: raw.index(b"Mansfield") + 4],
        "$: not valid JSON (Unterminated string",
    ),
    "empty": (lambda raw: b"", "$: not valid JSON (Expecting value at line 1 column 1)"),
    "a merge conflict": (lambda raw: b"<<<<<<< HEAD\n" + raw, "$: not valid JSON (Expecting"),
    "not UTF-8": (lambda raw: raw.replace(b"Mansfield", b"Mansfi\xe9ld", 1), "is not UTF-8"),
    "not an object": (lambda raw: b"[1]", "$: expected an object with revision and framework"),
    "revision as text": (
        _edited(lambda d: d.update(revision="1")),
        "$.revision: expected a whole number from 1, not '1'",
    ),
    "no revision": (
        _edited(lambda d: d.pop("revision")),
        "$.revision: expected a whole number from 1, not None",
    ),
    "revision 0": (
        _edited(lambda d: d.update(revision=0)),
        "$.revision: expected a whole number from 1, not 0",
    ),
    "who as a number": (_edited(lambda d: d.update(by=5)), "$.by: expected text, not 5"),
    "an unknown field": (
        _edited(lambda d: d.update(colour="red")),
        "$: unknown fields ['colour']",
    ),
    "no framework": (
        _edited(lambda d: d.pop("framework")),
        "$.framework: required field missing",
    ),
    "half a surrogate pair in why": (
        lambda raw: raw.replace(b'"reason": "', b'"reason": "\\ud800', 1),
        "$.reason: holds half a surrogate pair",
    ),
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A json:// store holding Mansfield as framework revision 1, and its readings."""
    root = tmp_path_factory.mktemp("loaded") / "store"
    assert run("load", str(MANSFIELD), "--store", f"json://{root}").exit_code == 0
    return root


@pytest.fixture
def store(loaded: Path, tmp_path: Path) -> Path:
    """A copy of :func:`loaded` to damage."""
    root = tmp_path / "store"
    shutil.copytree(loaded, root)
    return root


def damage(root: Path, how: str) -> bytes:
    """Damage ``framework.json`` as ``how`` says, and return what it then holds."""
    path = root / "framework.json"
    path.write_bytes(DAMAGE[how][0](path.read_bytes()))
    return path.read_bytes()


def contents(root: Path) -> dict[str, bytes]:
    """Every file of the store, by its path in the folder."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def refusals(url: str, csv: Path) -> set[str]:
    """The one line each command stops with (each must stop with exit 1 and one line)."""
    lines = set()
    for command in commands_reading_the_framework(url, csv, PERIOD):
        result = run(*command)
        assert result.exit_code == 1, (command, result.output)
        [line] = result.stderr.splitlines()
        lines.add(line)
    return lines


def test_every_command_names_the_file_and_says_load_repairs_it(store: Path, tmp_path: Path) -> None:
    url = f"json://{store}"
    damage(store, "truncated")
    before = contents(store)
    csv = tmp_path / "q3.csv"
    csv.write_text(f"indicator,period,value\nLEI01,{PERIOD},5\n", encoding="utf-8")
    [line] = refusals(url, csv)
    assert line.startswith(f"error: {store}/framework.json: $: not valid JSON (")
    assert (
        "the file is damaged or was edited by hand (framework revision 1; saving a framework "
        f"keeps this file as {store}/frameworks/damaged-000001.json); " in line
    )
    assert line.endswith(f"{REPAIR} --store {url}")
    assert contents(store) == before


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_load_saves_over_it_and_keeps_the_damaged_file_as_it_was(store: Path, how: str) -> None:
    url = f"json://{store}"
    revision_1 = (store / "frameworks" / "000001.json").read_bytes()
    damaged = damage(store, how)
    before = contents(store)
    refused = run("report", url, "--period", PERIOD)
    assert refused.exit_code == 1
    [line] = refused.stderr.splitlines()
    assert line.startswith(f"error: {store}/framework.json: "), line
    assert DAMAGE[how][1] in line
    assert line.endswith(f"{REPAIR} --store {url}")
    listed = run("history", url, "--plan")
    assert listed.exit_code == 0, listed.output
    assert [row.split()[0] for row in listed.stdout.splitlines()[2:]] == ["1"]
    assert contents(store) == before

    loaded = run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 0, loaded.output
    saved, note, readings = loaded.stdout.splitlines()[:3]
    assert saved.endswith(f"to {url} as revision 2.")
    assert DAMAGE[how][1] in note and note.endswith("commands read revision 2 from now on.")
    assert readings == "Readings: 0 new, 0 changed, 220 unchanged."
    assert (store / "frameworks" / "damaged-000001.json").read_bytes() == damaged
    assert (store / "frameworks" / "000001.json").read_bytes() == revision_1
    assert json.loads((store / "framework.json").read_bytes())["revision"] == 2
    report = run("report", url, "--period", PERIOD, "--as-of", "2025-01-20")
    assert report.exit_code == 0, report.output
    expected = run("report", str(MANSFIELD), "--period", PERIOD, "--as-of", "2025-01-20")
    assert report.stdout == expected.stdout
    listed = run("history", url, "--plan")
    assert [row.split()[0] for row in listed.stdout.splitlines()[2:]] == ["1", "2"]
    assert run("history", url, "--plan", "--revision", "1").exit_code == 0


def test_a_deleted_framework_file_is_saved_over_at_the_revision_after_the_last_kept(
    store: Path,
) -> None:
    url = f"json://{store}"
    (store / "framework.json").unlink()
    before = contents(store)
    refused = run("report", url, "--period", PERIOD)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"error: {store}/framework.json: missing, though frameworks/ keeps framework revisions "
        "up to 1"
    )
    assert refused.stderr.rstrip().endswith(f"{REPAIR} --store {url}")
    assert contents(store) == before
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout.splitlines()[0].endswith("as revision 2.")
    assert contents(store)["frameworks/000001.json"] == before["frameworks/000001.json"]
    assert not [name for name in contents(store) if "damaged" in name]


def _before_revision_files(root: Path) -> None:
    """Make the store one written before revisions had files of their own: only
    ``framework.json``."""
    for path in (root / "frameworks").iterdir():
        path.unlink()


@pytest.mark.parametrize("how", ["truncated", "no revision", "not UTF-8"])
def test_with_no_revision_to_be_sure_of_every_command_and_load_refuse_and_say_how_to_restore(
    store: Path, tmp_path: Path, how: str
) -> None:
    url = f"json://{store}"
    _before_revision_files(store)
    damage(store, how)
    before = contents(store)
    csv = tmp_path / "q3.csv"
    csv.write_text(f"indicator,period,value\nLEI01,{PERIOD},5\n", encoding="utf-8")
    lines = refusals(url, csv) | {run("history", url, "--plan").stderr.rstrip()}
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 1
    lines.add(loaded.stderr.rstrip())
    [line] = lines
    assert line.startswith(f"error: {store}/framework.json: ")
    assert DAMAGE[how][1] in line
    assert line.endswith(
        "the framework's revision cannot be known (frameworks/ keeps no revision), so nothing "
        f"is saved over it: restore {store}/framework.json from a backup, or move it out of the "
        "folder and load the council folder again (its revisions then start again from 1)"
    )
    assert contents(store) == before
    # doing as it says
    (store / "framework.json").rename(tmp_path / "framework.json")
    again = run("load", str(MANSFIELD), "--store", url)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0].endswith("as revision 1.")


def test_in_a_store_from_before_revision_files_the_revision_it_still_says_is_saved_over(
    store: Path,
) -> None:
    url = f"json://{store}"
    _before_revision_files(store)
    damaged = damage(store, "who as a number")
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout.splitlines()[0].endswith("as revision 2.")
    assert (store / "frameworks" / "damaged-000001.json").read_bytes() == damaged


def test_a_revision_the_kept_files_contradict_is_not_guessed(store: Path) -> None:
    url = f"json://{store}"
    path = store / "framework.json"
    path.write_bytes(_edited(lambda d: d.update(revision=5, by=5))(path.read_bytes()))
    before = contents(store)
    loaded = run("load", str(MANSFIELD), "--store", url)
    assert loaded.exit_code == 1
    assert (
        "$.by: expected text, not 5; the framework's revision cannot be known (it says 5 but "
        "frameworks/ keeps revisions up to 1), so nothing is saved over it: restore"
    ) in loaded.stderr
    assert contents(store) == before


def test_saving_over_it_from_python_expects_its_revision_and_never_overwrites(
    tmp_path: Path,
) -> None:
    root = tmp_path / "store"
    with JsonStore(f"json://{root}") as store:
        store.save_framework(plain_framework(), 0, by="analyst")
        store.save_framework(plain_framework("Second"), 1, by="analyst")
    (root / "framework.json").write_bytes(b"{")
    with JsonStore(f"json://{root}") as store:
        with pytest.raises(UnreadableFrameworkError) as caught:
            store.load_framework()
        assert caught.value.revision == 2
        assert [saved.revision for saved in store.plan_revisions()] == [1, 2]
        assert store.framework_at(2) == plain_framework("Second")
        with pytest.raises(ConflictError):
            store.save_framework(plain_framework("Third"), 1, by="analyst")
        (root / "frameworks" / "damaged-000002.json").write_bytes(b"kept by hand")
        with pytest.raises(StoreError, match=r"damaged-000002\.json: already exists"):
            store.save_framework(plain_framework("Third"), 2, by="analyst")
        assert (root / "frameworks" / "damaged-000002.json").read_bytes() == b"kept by hand"
        (root / "frameworks" / "damaged-000002.json").unlink()
        assert store.save_framework(plain_framework("Third"), 2, by="analyst") == 3
        assert store.load_framework() == (plain_framework("Third"), 3)
        assert (root / "frameworks" / "damaged-000002.json").read_bytes() == b"{"
        assert [saved.revision for saved in store.plan_revisions()] == [1, 2, 3]


# -- a damaged file of an older revision in frameworks/ -----------------------------------------


@pytest.fixture
def three_revisions(tmp_path: Path) -> Path:
    """A json:// store holding three framework revisions, each saved with who and why."""
    root = tmp_path / "revisions"
    with JsonStore(f"json://{root}") as store:
        for revision, title in enumerate(("First", "Second", "Third")):
            store.save_framework(plain_framework(title), revision, by="ann", reason=title)
    return root


@pytest.mark.parametrize("how", ["truncated", "not UTF-8", "who as a number", "no framework"])
def test_history_lists_the_other_revisions_and_names_the_damaged_one(
    three_revisions: Path, how: str
) -> None:
    root, url = three_revisions, f"json://{three_revisions}"
    path = root / "frameworks" / "000002.json"
    path.write_bytes(DAMAGE[how][0](path.read_bytes().replace(b"Second", b"Mansfield")))
    wrong = DAMAGE[how][1].split(" (")[0]  # where a truncated file ends differs
    before = contents(root)
    listed = run("history", url, "--plan")
    assert listed.exit_code == 0, listed.output
    rows = listed.stdout.splitlines()[2:]
    assert [row.split()[0] for row in rows] == ["1", "2", "3"]
    assert rows[0].split()[2:] == ["ann", "First"] and rows[2].split()[2:] == ["ann", "Third"]
    assert rows[1].split()[1:] == ["(damaged:", "see", "the", "warning", "below)"]
    [warning] = listed.stderr.splitlines()
    assert warning.startswith(f"warning: the file of framework revision 2 does not read: {path}")
    assert wrong in warning
    assert warning.endswith("the store keeps it as it is: restore it from a backup")
    # the revisions either side still read; the damaged one says which file, what, and what to do
    assert run("history", url, "--plan", "--revision", "3").exit_code == 0
    assert json.loads(run("history", url, "--plan", "--revision", "1").stdout)["plan"]["title"] == (
        "First"
    )
    refused = run("history", url, "--plan", "--revision", "2")
    assert refused.exit_code == 1
    [line] = refused.stderr.splitlines()
    assert line.startswith(f"error: {path}: ")
    assert wrong in line
    assert line.endswith(
        f"framework revision 2 is kept in that file as it is: restore {path} from a backup to "
        "read it (the other revisions read as before)"
    )
    assert contents(root) == before


def test_framework_at_a_damaged_revision_names_the_file_and_field(three_revisions: Path) -> None:
    path = three_revisions / "frameworks" / "000001.json"
    path.write_bytes(_edited(lambda d: d.update(revision="1"))(path.read_bytes()))
    with JsonStore(f"json://{three_revisions}") as store:
        with pytest.raises(StoreError) as caught:
            store.framework_at(1)
        assert str(caught.value).startswith(
            f"{path}: $.revision: expected a whole number from 1, not '1'; framework revision 1 "
            f"is kept in that file as it is: restore {path} from a backup"
        )
        assert "\n" not in str(caught.value)
        assert store.framework_at(2) == plain_framework("Second")
        assert store.load_framework() == (plain_framework("Third"), 3)
        # saving goes on from the last revision and leaves the damaged file as it is
        damaged = path.read_bytes()
        assert store.save_framework(plain_framework("Fourth"), 3, by="analyst") == 4
        assert path.read_bytes() == damaged
        assert [(r.revision, bool(r.damaged)) for r in store.plan_revisions()] == [
            (1, True),
            (2, False),
            (3, False),
            (4, False),
        ]


def test_a_damaged_file_of_the_current_revision_reads_from_framework_json(
    three_revisions: Path,
) -> None:
    path = three_revisions / "frameworks" / "000003.json"
    path.write_bytes(b"")
    with JsonStore(f"json://{three_revisions}") as store:
        assert store.framework_at(3) == plain_framework("Third")
        [*_, third] = store.plan_revisions()
        assert (third.revision, third.by, third.reason) == (3, "ann", "Third")
        assert third.damaged.startswith(f"{path}: $: not valid JSON")
