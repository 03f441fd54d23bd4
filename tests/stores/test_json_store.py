"""What only the ``json://`` store promises: its URLs and files, staying inside its folder
whatever the ids, refusing damaged files in words, all-or-nothing records (failures and crashes),
and several processes writing at once.

The behaviour every store shares is the contract suite's (``councilpmf.testing``); the
differential test here only checks this store against ``memory://`` on awkward data.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_fixtures import (
    PERIODS,
    Q1,
    SAME_DATES,
    closed_store_refuses_everything,
    everything,
    plain_framework,
    readings_of,
    run_workers,
    same_answers_as_memory,
)

from councilpmf import open_store
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Reading, ReadingStatus
from councilpmf.core.periods import Month, Period
from councilpmf.default_plugins import json_store
from councilpmf.default_plugins.json_store import JsonStore, reading_file_name
from councilpmf.store import ConflictError, NotFoundError, StoreError, UnreadableFrameworkError
from strategies import frameworks, unchecked

HOSTILE_IDS = (
    "../../etc/passwd",
    "../../../../../../tmp/escaped",
    "/absolute/path",
    "a/b\\c",
    "CON",
    "con.json",
    "NUL",
    "😀 emoji ✔",
    "x" * 300,
    "zero\u200bwidth",  # a control character, a tab or a line break is refused in an id
    "no\u00a0break\u2028line",
    ".",
    "..",
    ".hidden",
    ".tmp-sneaky",
    "'; DROP TABLE readings; --",
    "%2e%2e%2f",
    "Zürich straße 东京 مرحبا",
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(root: Path) -> Iterator[JsonStore]:
    with JsonStore(f"json://{root}") as opened:
        yield opened


def _files(folder: Path) -> set[Path]:
    return {Path(d, f) for d, _, names in os.walk(folder) for f in names}


def _leftovers(root: Path) -> list[str]:
    return sorted(
        p.name
        for p in _files(root)
        if p.name.startswith((".tmp-", ".bak-")) or p.name == "journal.json"
    )


# -- URLs and files --------------------------------------------------------------------------------


def test_three_slashes_is_an_absolute_folder(root: Path) -> None:
    url = f"json://{root}"
    assert url.startswith("json:///")
    with open_store(url) as store:
        assert isinstance(store, JsonStore)
        store.save_framework(plain_framework(), 0, by="analyst")
    assert {p.name for p in root.iterdir()} >= {"store.json", "framework.json", "readings"}


@pytest.mark.parametrize("url", ["json://./council", "json://council"])
def test_a_relative_folder_is_relative_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store(url) as store:
        store.record([Reading(indicator="K1", period=Q1, value=1.0)], by="me")
        monkeypatch.chdir("/")  # the folder was fixed when the store was opened
        assert len(store.readings()) == 1
    assert (tmp_path / "council" / "readings").is_dir()


def test_an_empty_url_and_a_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="names no folder"):
        JsonStore("json://")
    (tmp_path / "file.txt").write_text("hello")
    with pytest.raises(StoreError, match=r"file\.txt is a file"):
        JsonStore(f"json://{tmp_path}/file.txt")


def test_a_folder_that_is_not_a_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_text("years of work")
    with pytest.raises(StoreError, match="not a councilpmf store"):
        JsonStore(f"json://{tmp_path}")
    assert {p.name for p in tmp_path.iterdir()} <= {"thesis.docx", ".lock"}


def test_a_store_from_a_newer_version_is_refused(store: JsonStore, root: Path) -> None:
    (root / "store.json").write_text(json.dumps({"format": json_store.FORMAT, "version": 99}))
    with pytest.raises(StoreError, match=r"store\.json.*newer councilpmf"):
        JsonStore(f"json://{root}")


def test_the_framework_file_holds_its_revision(store: JsonStore, root: Path) -> None:
    store.save_framework(plain_framework(), 0, by="analyst")
    store.save_framework(plain_framework("Second"), 1, by="analyst")
    data = json.loads((root / "framework.json").read_text(encoding="utf-8"))
    assert data["revision"] == 2
    assert data["framework"]["plan"]["title"] == "Second"
    with pytest.raises(ConflictError):
        store.save_framework(plain_framework("Stale"), 1, by="analyst")
    assert json.loads((root / "framework.json").read_text(encoding="utf-8")) == data


def test_every_framework_revision_has_its_own_file_with_who_and_why(
    store: JsonStore, root: Path
) -> None:
    store.save_framework(plain_framework(), 0, by="Head of Policy", reason="adopted")
    store.save_framework(plain_framework("Second"), 1, by="analyst")
    first = json.loads((root / "frameworks" / "000001.json").read_text(encoding="utf-8"))
    assert (first["revision"], first["by"], first["reason"]) == (1, "Head of Policy", "adopted")
    assert first["framework"]["plan"]["title"] == plain_framework().plan.title
    current = (root / "framework.json").read_bytes()
    assert (root / "frameworks" / "000002.json").read_bytes() == current


def test_a_store_from_before_framework_revisions_lists_the_one_it_kept(root: Path) -> None:
    with JsonStore(f"json://{root}") as store:
        store.save_framework(plain_framework(), 0, by="analyst")
    # as an earlier version left it: framework.json at revision 3, without who and why
    shutil.rmtree(root / "frameworks")
    data = json.loads((root / "framework.json").read_text(encoding="utf-8"))
    for key in ("by", "reason"):
        del data[key]
    data["revision"] = 3
    (root / "framework.json").write_text(json.dumps(data), encoding="utf-8")
    with JsonStore(f"json://{root}") as store:
        assert [(r.revision, r.by, r.reason) for r in store.plan_revisions()] == [(3, "", "")]
        assert store.framework_at(3) == plain_framework()
        with pytest.raises(NotFoundError, match="no framework revision 2"):
            store.framework_at(2)
        store.save_framework(plain_framework("Fourth"), 3, by="me", reason="refresh")
        assert [r.revision for r in store.plan_revisions()] == [3, 4]
        assert store.framework_at(3) == plain_framework()


def test_one_file_per_reading_with_every_revision(store: JsonStore, root: Path) -> None:
    store.record([Reading(indicator="HS01", period=Q1, value=1.0)], by="a")
    store.record([Reading(indicator="HS01", period=Q1, value=2.0)], by="b", reason="fixed")
    (name,) = os.listdir(root / "readings")
    assert name == reading_file_name("HS01", Q1) and name.startswith("hs01-2024-25-q1-")
    data = json.loads((root / "readings" / name).read_text(encoding="utf-8"))
    assert data["indicator"] == "HS01" and data["period"] == "2024/25 Q1"
    assert [(r["revision"], r["by"], r["reason"]) for r in data["revisions"]] == [
        (1, "a", ""),
        (2, "b", "fixed"),
    ]
    assert data["revisions"][1]["old"] == data["revisions"][0]["new"]


# -- ids and the folder ----------------------------------------------------------------------------


def test_hostile_ids_stay_inside_the_folder_and_round_trip(tmp_path: Path, root: Path) -> None:
    outside = tmp_path.parent
    before = _files(outside)
    readings = [
        Reading(indicator=i, period=p, value=float(n), note=i)
        for n, i in enumerate(HOSTILE_IDS)
        for p in (Q1, Month(year=2024, month=12))
    ]
    with JsonStore(f"json://{root}") as store:
        store.record(readings, by="../../by", reason="..\\reason")
        store.save_framework(plain_framework("../../title"), 0, by="analyst")
    created = _files(outside) - before
    assert created and all(root in path.parents for path in created)
    for path in created:
        assert len(path.name.encode()) < 128
        assert path.name.isascii() and path.name == path.name.lower()
    with JsonStore(f"json://{root}") as store:
        assert set(store.readings()) == set(readings)
        for reading in readings:
            assert store.readings([reading.indicator], [reading.period]) == (reading,)
            (revision,) = store.history(*reading.key)
            assert (revision.new, revision.by, revision.reason) == (
                reading,
                "../../by",
                "..\\reason",
            )


@pytest.mark.parametrize("indicator", ["A", "a"])
def test_ids_differing_only_in_case_get_different_files(store: JsonStore, indicator: str) -> None:
    store.record([Reading(indicator="A", period=Q1, value=1.0)], by="me")
    store.record([Reading(indicator="a", period=Q1, value=2.0)], by="me")
    assert reading_file_name("A", Q1) != reading_file_name("a", Q1)
    assert {r.indicator: r.value for r in store.readings()} == {"A": 1.0, "a": 2.0}
    assert store.revision(indicator, Q1) == 1


def test_values_come_back_exactly(tmp_path: Path) -> None:
    # the largest values a reading may have, whole and not, and the smallest
    values = [0.1, -0.0, 1e-300, 5e-324, -1e15, 999999999999999.9, 7, 10**15, 123456789.123456789]
    batch = [Reading(indicator=f"K{i}", period=Q1, value=v) for i, v in enumerate(values)]  # type: ignore[arg-type]
    batch.append(
        Reading(
            indicator="M",
            period=Q1,
            missing_reason="not collected",
            status=ReadingStatus.PROVISIONAL,
            note="a note",
        )
    )
    with JsonStore(f"json://{tmp_path}/s") as store:
        store.record(batch, by="me")
    with JsonStore(f"json://{tmp_path}/s") as store:
        back = {r.indicator: r for r in store.readings()}
    for reading in batch:
        assert back[reading.indicator] == reading
        assert repr(back[reading.indicator].value) == repr(reading.value)


def test_reopening_reads_everything_back_equal(root: Path) -> None:
    url = f"json://{root}"
    with open_store(url) as store:
        store.save_framework(plain_framework(), 0, by="analyst")
        store.record([Reading(indicator="K1", period=p, value=1.0) for p in SAME_DATES], by="a")
        store.record([Reading(indicator="K1", period=Q1, value=2.0)], by="b", reason="fixed")
        before = store.readings(), store.history("K1", Q1), store.load_framework()
    with open_store(url) as store:
        assert (store.readings(), store.history("K1", Q1), store.load_framework()) == before
        assert [r.period for r in store.readings()] == list(SAME_DATES)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(framework=frameworks)
def test_any_framework_reads_back_equal(tmp_path: Path, framework: Framework) -> None:
    folder = tempfile.mkdtemp(dir=tmp_path)
    with JsonStore(f"json://{folder}") as store:
        assert store.save_framework(framework, 0, by="analyst") == 1
    with JsonStore(f"json://{folder}") as store:
        assert store.load_framework() == (framework, 1)


# -- damaged files ---------------------------------------------------------------------------------


def _reading_file(store: JsonStore, root: Path) -> Path:
    store.record([Reading(indicator="K1", period=Q1, value=1.0)], by="me")
    return root / "readings" / reading_file_name("K1", Q1)


def _edit(path: Path, change: Callable[[dict[str, object]], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_truncated_reading_file_is_refused_naming_it(store: JsonStore, root: Path) -> None:
    path = _reading_file(store, root)
    path.write_bytes(path.read_bytes()[:40])
    for call in (store.readings, lambda: store.history("K1", Q1), lambda: store.revision("K1", Q1)):
        with pytest.raises(StoreError, match="not valid JSON") as caught:
            call()
        assert str(path) in str(caught.value)
    with pytest.raises(StoreError, match=str(path)):
        store.record([Reading(indicator="K1", period=Q1, value=2.0)], by="me")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["revisions"][0]["new"].update(value="41"), r"\$\.revisions\[0\]\.new\.value"),
        (lambda d: d["revisions"][0]["new"].update(value=True), r"\$\.revisions\[0\]\.new\.value"),
        (
            lambda d: d["revisions"][0]["new"].update(status="ok"),
            r"\$\.revisions\[0\]\.new\.status",
        ),
        (
            lambda d: d["revisions"][0]["new"].update(colour="red"),
            r"\$\.revisions\[0\]\.new: unknown",
        ),
        (lambda d: d["revisions"][0].update(by=""), r"\$\.revisions\[0\]\.by"),
        (lambda d: d["revisions"][0].update(revision=2), r"\$\.revisions\[0\]\.revision"),
        (lambda d: d.update(revisions=[]), r"\$\.revisions"),
        (lambda d: d.update(period="2024/26"), r"\$\.period.*not a period"),
        (lambda d: d.update(indicator="K2"), r"belongs in"),
        (lambda d: d["revisions"].append(dict(d["revisions"][0], revision=2)), r"\[1\]\.old"),
    ],
)
def test_a_hand_edited_reading_file_is_refused_naming_the_file_and_path(
    store: JsonStore, root: Path, change: Callable[[dict[str, object]], None], where: str
) -> None:
    path = _reading_file(store, root)
    _edit(path, change)
    with pytest.raises(StoreError, match=where) as caught:
        store.readings()
    assert str(path) in str(caught.value)


def test_a_hand_edited_framework_is_refused_naming_the_file_and_path(
    store: JsonStore, root: Path
) -> None:
    store.save_framework(plain_framework(), 0, by="analyst")
    _edit(root / "framework.json", lambda d: d["framework"]["plan"].update(title=5))  # type: ignore[index]
    with pytest.raises(
        UnreadableFrameworkError,
        match=r"framework\.json \(framework revision 1\): \$\.framework\.plan\.title",
    ):
        store.load_framework()
    (root / "framework.json").write_text("{")
    with pytest.raises(StoreError, match=r"framework\.json: \$: not valid JSON"):
        store.load_framework()


def _two_revisions(store: JsonStore, root: Path) -> Path:
    store.record([Reading(indicator="K1", period=Q1, value=1)], by="me")
    store.record([Reading(indicator="K1", period=Q1, value=2.0)], by="you", reason="fixed")
    return root / "readings" / reading_file_name("K1", Q1)


def _revision(number: int, change: Callable[[dict[str, object]], None]) -> Callable[..., None]:
    return lambda d: change(d["revisions"][number])


def _reading(number: int, which: str, **fields: object) -> Callable[..., None]:
    return lambda d: d["revisions"][number][which].update(fields)


BOTH = "value: a reading has a value or a missing_reason, not both"


def _every_read(store: JsonStore) -> tuple[Callable[[], object], ...]:
    """Each way the store reads K1's file: its readings, its frame, the history, a revision,
    and the read before a new revision is recorded."""
    return (
        store.readings,
        store.readings_frame,
        lambda: store.history("K1", Q1),
        lambda: store.revision("K1", Q1),
        lambda: store.record([Reading(indicator="K1", period=Q1, value=3.0)], by="me"),
    )


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (_reading(1, "old", value="41"), r"\$\.revisions\[1\]\.old\.value: expected a number"),
        (_reading(1, "old", value=True), r"\$\.revisions\[1\]\.old\.value: .* not True"),
        (_reading(1, "new", value=10**400), r"\$\.revisions\[1\]\.new\.value: expected a"),
        (_reading(1, "old", missing_reason="late"), rf"\$\.revisions\[1\]\.old: {BOTH}"),
        (_reading(0, "new", missing_reason="late"), rf"\$\.revisions\[0\]\.new: {BOTH}"),
        (_reading(1, "old", note="changed"), r"\$\.revisions\[1\]\.old: expected the new"),
        (_revision(0, lambda r: r.update(by=5)), r"\$\.revisions\[0\]\.by: expected text"),
        (_revision(0, lambda r: r.update(reason=None)), r"\$\.revisions\[0\]\.reason"),
        (_revision(0, lambda r: r.pop("at")), r"\$\.revisions\[0\]\.at: required field"),
        (_revision(1, lambda r: r.update(when=1)), r"\$\.revisions\[1\]: unknown fields"),
        (lambda d: d.update(colour="red"), r"\$: unknown fields \['colour'\]"),
        (lambda d: d.update(seq=-1), r"\$\.seq: expected a whole number"),
    ],
)
def test_a_damaged_revision_is_refused_by_every_read_naming_the_file_and_path(
    store: JsonStore, root: Path, change: Callable[[dict[str, object]], None], where: str
) -> None:
    path = _two_revisions(store, root)
    _edit(path, change)
    damaged = path.read_bytes()
    for call in _every_read(store):
        with pytest.raises(StoreError, match=where) as caught:
            call()
        assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)
    assert path.read_bytes() == damaged


def test_a_lone_surrogate_in_a_reading_file_is_refused_by_every_read_naming_the_field(
    store: JsonStore, root: Path
) -> None:
    # Half a surrogate pair is not text: UTF-8 cannot hold it, so no report, file or database
    # can take it. In a JSON file it can only be an escape, as a hand edit would write it.
    path = _two_revisions(store, root)
    damaged = path.read_text(encoding="utf-8").replace('"fixed"', '"fix\\ud800ed"')
    path.write_text(damaged, encoding="utf-8")
    for call in _every_read(store):
        with pytest.raises(StoreError, match=r"\$\.revisions\[1\]\.reason: .*surrogate") as caught:
            call()
        assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)
    assert path.read_text(encoding="utf-8") == damaged


def test_a_lone_surrogate_is_refused_when_recorded_and_nothing_is_written(
    store: JsonStore, root: Path
) -> None:
    # A record refuses it (and so does the store, in who or why); one changed without its
    # validators is refused too, naming the field, and nothing is half written.
    path = _two_revisions(store, root)
    before = {p: p.read_bytes() for p in _files(root) if p.name != ".lock"}
    for reading in (
        unchecked(Reading(indicator="K1", period=Q1, value=3.0), note="Caf\udce9"),
        unchecked(Reading(indicator="K9", period=Q1, value=3.0), missing_reason="\ud800"),
    ):
        with pytest.raises(StoreError, match=r"\.json: \$\.revisions\[\d\]\..*surrogate"):
            store.record([reading], by="me")
    with pytest.raises(StoreError, match=r"^reason must be valid Unicode text: character 6 "):
        store.record([Reading(indicator="K9", period=Q1, value=3.0)], by="me", reason="half \ud800")
    title = r"framework\.json: \$\.framework\.plan\.title: .*surrogate"
    framework = plain_framework()
    framework = attrs.evolve(framework, plan=unchecked(framework.plan, title="Plan \udfff"))
    with pytest.raises(StoreError, match=title):
        store.save_framework(framework, 0, by="analyst")
    assert {p: p.read_bytes() for p in _files(root) if p.name != ".lock"} == before
    assert path in before


def test_reading_the_current_readings_builds_no_history_and_the_frame_no_reading(
    store: JsonStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_revisions(store, root)
    store.record([Reading(indicator="K2", period=Q1, missing_reason="late")], by="me")
    readings, frame, history = store.readings(), store.readings_frame(), store.history("K1", Q1)

    def refused(*args: object) -> None:
        raise AssertionError("built")

    monkeypatch.setattr(json_store.records, "revision_of", refused)
    assert store.readings() == readings
    with pytest.raises(AssertionError):
        store.history("K1", Q1)
    monkeypatch.setattr(json_store.records, "reading_from_fields", refused)
    assert store.readings_frame().equals(frame)
    with pytest.raises(AssertionError):
        store.readings()
    assert [r.new.value for r in history] == [1, 2.0]
    assert history[1].old == history[0].new


@given(indicator=st.text(max_size=60), period=PERIODS)
def test_a_file_name_is_the_slug_and_the_sha256_of_the_json_of_indicator_and_period(
    indicator: str, period: Period
) -> None:
    key = json.dumps([indicator, str(period)], ensure_ascii=True)
    digest = hashlib.sha256(key.encode("ascii")).hexdigest()
    slug = re.sub(r"[^a-z0-9]+", "-", f"{indicator} {period}".lower())[:40].strip("-")
    assert reading_file_name(indicator, period) == (
        f"{slug}-{digest}.json" if slug else f"{digest}.json"
    )


# -- failures and crashes --------------------------------------------------------------------------


def _fail_write(monkeypatch: pytest.MonkeyPatch, at: int) -> None:
    """Creating the ``at``-th file in readings/ fails."""
    real = os.open
    calls = []

    def open_(path: str | Path, flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_CREAT and Path(path).parent.name == "readings":
            calls.append(path)
            if len(calls) == at:
                raise OSError(errno.EIO, "Input/output error", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


def _some_history(store: JsonStore) -> list[Reading]:
    store.record([Reading(indicator=f"K{i}", period=Q1, value=float(i)) for i in range(5)], by="a")
    store.record([Reading(indicator="K0", period=Q1, value=0.5)], by="b")
    return [Reading(indicator=f"K{i}", period=Q1, value=i + 10.0) for i in range(8)]


def test_a_write_failing_mid_batch_leaves_the_store_exactly_as_it_was(
    store: JsonStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _some_history(store)
    before, files = everything(store), {p: p.read_bytes() for p in _files(root)}
    _fail_write(monkeypatch, at=4)
    with pytest.raises(StoreError, match="Input/output error") as caught:
        store.record(batch, by="c")
    assert "readings" in str(caught.value)
    monkeypatch.undo()
    assert everything(store) == before
    assert {p: p.read_bytes() for p in _files(root)} == files
    assert _leftovers(root) == []
    assert store.record(batch, by="c").new == 3  # and it still works


def test_a_file_system_without_hard_links_will_do(
    store: JsonStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _some_history(store)
    before = everything(store)

    def no_link(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    _fail_write(monkeypatch, at=4)
    with pytest.raises(StoreError):
        store.record(batch, by="c")
    assert everything(store) == before and _leftovers(root) == []
    assert store.record(batch, by="c").changed == 5
    assert _leftovers(root) == []


def test_when_putting_things_back_fails_too_the_next_use_finishes_the_job(
    store: JsonStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _some_history(store)
    before = everything(store)
    real = os.replace
    renames = []

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target).parent.name == "readings":
            renames.append(target)
            if len(renames) == 3 or Path(source).name.startswith(".bak-"):
                raise OSError(errno.EIO, "Input/output error", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(StoreError, match="Input/output error"):
        store.record(batch, by="c")
    assert (root / "journal.json").exists()  # the undo could not finish
    monkeypatch.undo()
    assert everything(store) == before  # the next reader finished it
    assert not (root / "journal.json").exists()
    assert _leftovers(root) == []


CRASHER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from councilpmf.core.indicators import Reading
    from councilpmf.core.periods import Quarter
    from councilpmf.default_plugins import json_store
    from councilpmf.default_plugins.json_store import JsonStore

    url, where = sys.argv[1], sys.argv[2]
    q1 = Quarter(year=2024, number=1)
    store = JsonStore(url)
    real_replace, real_unlink = os.replace, os.unlink
    real_sync_data = json_store._sync_data
    renames = []

    def sync_data(anchor, files):
        if where == "data-lost":
            # what a power cut may do to contents written but not yet synced
            for path in files:
                open(path, "wb").close()
            os._exit(3)
        real_sync_data(anchor, files)

    def replace(source, target):
        if where == "before-journal" and Path(target).name == "journal.json":
            os._exit(3)
        if Path(target).parent.name == "readings":
            renames.append(target)
            if where == "mid-rename" and len(renames) == 3:
                os._exit(3)
        real_replace(source, target)

    def unlink(path, *args, **kwargs):
        if where == "before-commit" and Path(path).name == "journal.json":
            os._exit(3)
        real_unlink(path, *args, **kwargs)

    def link(source, target, *args, **kwargs):
        raise OSError("the store needs no hard links")

    os.replace, os.unlink, os.link = replace, unlink, link
    json_store._sync_data = sync_data
    store.record([Reading(indicator=f"K{i}", period=q1, value=i + 10.0) for i in range(8)],
                 by="crasher")
    """
)


@pytest.mark.parametrize("where", ["before-journal", "mid-rename", "data-lost", "before-commit"])
def test_a_crash_in_the_middle_of_a_record_is_undone_on_the_next_open(
    root: Path, where: str
) -> None:
    url = f"json://{root}"
    with JsonStore(url) as store:
        _some_history(store)
        before = everything(store)
    crashed = subprocess.run([sys.executable, "-c", CRASHER, url, where], check=False)
    assert crashed.returncode == 3
    if where != "before-journal":
        assert (root / "journal.json").exists()
    with JsonStore(url) as store:
        assert everything(store) == before
        assert _leftovers(root) == []
        assert store.record([Reading(indicator="K9", period=Q1, value=9.0)], by="me").new == 1


class _Syncs:
    """Counts the syncs a store makes: ``fsync`` calls and ``syncfs`` calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, syncfs: bool = True) -> None:
        self.fsync = self.syncfs = 0
        real_fsync, real_syncfs = os.fsync, json_store._syncfs()

        def fsync(fd: int) -> None:
            self.fsync += 1
            real_fsync(fd)

        def counted_syncfs(fd: int) -> int:
            self.syncfs += 1
            return real_syncfs(fd) if real_syncfs is not None else (os.fsync(fd) or 0)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(json_store, "_syncfs", lambda: counted_syncfs if syncfs else None)

    def since(self, action: Callable[[], object]) -> tuple[int, int]:
        before = (self.fsync, self.syncfs)
        action()
        return self.fsync - before[0], self.syncfs - before[1]


def _batch(size: int, value: float) -> list[Reading]:
    return [Reading(indicator=f"K{i}", period=Q1, value=value) for i in range(size)]


def test_a_record_syncs_a_fixed_number_of_times_whatever_its_size(
    store: JsonStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.record([Reading(indicator="P", period=Q1, value=4.0)], by="a")  # state.json exists
    syncs = _Syncs(monkeypatch)
    small_new = syncs.since(lambda: store.record(_batch(3, 1.0), by="a"))
    small_revised = syncs.since(lambda: store.record(_batch(3, 2.0), by="a"))
    large_new = syncs.since(lambda: store.record(_batch(60, 3.0)[3:], by="a"))
    large_revised = syncs.since(lambda: store.record(_batch(60, 4.0), by="a"))
    assert small_new == large_new and small_revised == large_revised
    assert large_new[1] == large_revised[1] == 1  # one syncfs of the data
    # the two folders before the journal, the journal and its folder, the two folders after
    # the renames, and the root after the commit
    assert large_new[0] <= 7 and large_revised[0] <= 7
    assert {r.value for r in store.readings()} == {4.0}


def test_without_syncfs_each_file_is_synced_and_nothing_else_changes(
    store: JsonStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.record(_batch(30, 0.5), by="a")
    syncs = _Syncs(monkeypatch, syncfs=False)
    few = syncs.since(lambda: store.record(_batch(3, 1.0), by="a"))
    many = syncs.since(lambda: store.record(_batch(30, 2.0), by="a"))
    assert few[1] == many[1] == 0
    assert many[0] - few[0] == 30 - 3  # one more fsync for each more file
    assert {r.value for r in store.readings()} == {2.0} and len(store.readings()) == 30
    assert [r.revision for r in store.history("K0", Q1)] == [1, 2, 3]
    assert _leftovers(root) == []


def test_a_failed_sync_leaves_the_store_exactly_as_it_was(
    store: JsonStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _some_history(store)
    before, files = everything(store), {p: p.read_bytes() for p in _files(root)}

    def sync_data(anchor: int, paths: object) -> None:
        raise OSError(errno.EIO, "Input/output error", str(root / "readings"))

    monkeypatch.setattr(json_store, "_sync_data", sync_data)
    with pytest.raises(StoreError, match="Input/output error"):
        store.record(batch, by="c")
    monkeypatch.undo()
    assert everything(store) == before
    assert {p: p.read_bytes() for p in _files(root)} == files
    assert _leftovers(root) == []


def test_a_failed_framework_save_leaves_no_temporary_file(
    store: JsonStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_framework(plain_framework("First"), 0, by="analyst")
    real = json_store._write_new

    def write_new(path: str, data: bytes, sync: bool) -> None:
        if Path(path).name == "framework.json":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data, sync)

    # the new framework.json is the last file of the batch: the revision's own file and the
    # backup of the old one are written first, and must be undone
    monkeypatch.setattr(json_store, "_write_new", write_new)
    with pytest.raises(StoreError, match=r"framework\.json.*disk is full"):
        store.save_framework(plain_framework("Second"), 1, by="analyst")
    monkeypatch.undo()
    assert store.load_framework() == (plain_framework("First"), 1)
    assert [r.revision for r in store.plan_revisions()] == [1]
    assert _leftovers(root) == []


# -- the same answers as memory:// -----------------------------------------------------------------

_ids = st.sampled_from(("K1", "K2", "k1", "Ä", "😀", "a\u200bb", "../x"))


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    batches=st.lists(st.lists(readings_of(_ids), max_size=5), max_size=5),
    stale=st.lists(st.booleans(), min_size=5, max_size=5),
    wanted_ids=st.lists(_ids, max_size=3),
    wanted_periods=st.lists(PERIODS, max_size=3),
)
def test_the_same_answers_as_memory(
    tmp_path_factory: pytest.TempPathFactory,
    batches: list[list[Reading]],
    stale: list[bool],
    wanted_ids: list[str],
    wanted_periods: list[Period],
) -> None:
    with JsonStore(f"json://{tmp_path_factory.mktemp('same')}") as store:
        queries = (
            {"indicators": wanted_ids},
            {"periods": wanted_periods},
            {"indicators": wanted_ids, "periods": wanted_periods},
        )
        same_answers_as_memory(store, batches, stale, queries)


# -- closing and several processes -----------------------------------------------------------------


def test_a_closed_store_refuses_everything_and_closing_twice_is_harmless(root: Path) -> None:
    closed_store_refuses_everything(JsonStore(f"json://{root}"))


def test_processes_recording_at_once_lose_no_update(root: Path) -> None:
    url = f"json://{root}"
    JsonStore(url).close()
    run_workers(url, workers=4, rounds=10)
    assert _leftovers(root) == []


def test_a_journal_an_earlier_version_left_is_undone_the_same_way(root: Path) -> None:
    """Earlier versions wrote each new file beside the old one (``.tmp-*``), kept a hard link
    to the old one (``.bak-*``), and listed the three names in the journal."""
    url = f"json://{root}"
    with JsonStore(url) as store:
        _some_history(store)
        before = everything(store)
    readings = root / "readings"
    replaced, added = reading_file_name("K1", Q1), reading_file_name("K7", Q1)
    os.link(readings / replaced, readings / f".bak-{replaced}")
    (readings / f".tmp-{replaced}.0a1b2c").write_text("{}")  # a rename not yet done
    (readings / added).write_text('{"half": ')  # a new file renamed into place, half written
    (root / "journal.json").write_text(
        json.dumps(
            {
                "files": [
                    {
                        "final": f"readings/{replaced}",
                        "temp": f"readings/.tmp-{replaced}.0a1b2c",
                        "backup": f"readings/.bak-{replaced}",
                    },
                    {
                        "final": f"readings/{added}",
                        "temp": f"readings/.tmp-{added}.9",
                        "backup": None,
                    },
                ]
            }
        )
    )
    with JsonStore(url) as store:
        assert everything(store) == before
    assert _leftovers(root) == [] and not (readings / added).exists()
