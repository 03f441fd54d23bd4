"""``json://``: a folder of JSON files that people can read, diff and keep in version control.

**The URL.** Everything after ``json://`` is the folder's path, taken as it is (no
percent-decoding): ``json:///srv/council`` is the absolute folder ``/srv/council`` (three
slashes: the scheme's two and the path's own), while ``json://./council`` and ``json://council``
are ``council`` relative to the current directory. The folder is created if it does not exist;
an existing folder must be empty or already a councilpmf store.

**The layout.** ::

    store.json                 marks the folder as a store: {"format": ..., "version": 1}
    framework.json             {"revision": 3, "saved_at": "...", "by": "...", "reason": "...",
                                "framework": {...}}: the current framework
    frameworks/<n>.json        every revision n of the framework (000003.json), as above
    frameworks/damaged-<n>.json  a damaged framework.json of revision n, kept as it was when a
                               framework was saved over it (see below)
    readings/<name>.json       one reading (indicator and period) with every revision of it
    state.json                 the counter that orders readings first recorded together
    comparators.json           {"saved_at": "...", "by": "...", "reason": "...",
                                "comparators": [{"indicator", "period", "group", "values"}]}:
                                the comparator values, replaced whole by each save (none
                                kept when there is no such file, as in a store written
                                before stores kept them)
    .lock                      taken with flock: shared to read, exclusive to write

A store written before revisions of the framework were kept holds only ``framework.json``:
its revision is listed (and kept in ``frameworks/`` at the next save), the ones before it are
gone. Periods in ``framework.json`` are written
with their year start (``2024/25 Q3 (from Apr)``) so that each reads back as the same period
whatever the framework's own year start is.
A reading's file name is a readable slug of the indicator and period (lower-case ASCII letters,
digits and dashes) followed by the SHA-256 of the exact indicator and period, so any id
(``../../etc/passwd``, ``CON``, ``a/b``, an emoji, 300 characters) gives a short, safe name
inside ``readings/`` that is the same on case-insensitive file systems. The file holds the exact
indicator and period, which are read back from it, never from the name.

**Crash safety.** Each write (a ``record``, a framework or comparator values saved, an
approval step, a whole council saved by ``save_council``) gathers every file it changes and
writes them together when it ends, so its steps are kept together or not at all. A write
that changes one file (saving the comparator values) writes a temporary file in the same
folder, flushes and ``fsync``-s it, renames it over the old one with ``os.replace`` and
``fsync``-s the folder: the rename is atomic. A write that changes several files (a
``record``; a framework, with the file of its revision; a council: its framework, readings
and comparator values) uses an undo journal, with a fixed number of syncs however many files
it writes:

1. ``journal.json`` is written and synced, listing each file and, for a file that exists, the
   name its old contents will be kept under meanwhile (a hidden backup, ``.bak-*``);
2. each file that exists is renamed to its backup, and the folder synced: the old contents,
   already on disk, are now safe under the backups' names;
3. every new file is written in its place, not synced one by one; then the contents are made
   durable all at once: on Linux one ``syncfs`` of the file system (which also reports a
   write-back error since the record began), elsewhere an ``fsync`` of each file; then the
   folders are synced;
4. the transaction commits when the journal is deleted (and the folder synced); the backups
   are deleted after.

If anything fails before the commit, the backups are put back and the new files deleted, and
nothing has changed; if the process or the machine dies, the next use of the store (by any
process) finds the journal and does the same. New contents lost with the machine before step 3
ended do not matter: the backups replace them. So a write is all or nothing, whether it fails
or the machine stops, for everyone who reads through the store. A journal left by an earlier
version (which wrote new files beside the old ones, ``.tmp-*``, and kept hard links) is undone
the same way. What remains: someone reading the files directly (an editor, ``git diff``)
during a record may see some files new, some old and some missing; a crash can leave backups
and temporary files, which the next open deletes; ``syncfs`` also writes out what other
programs left unwritten on the same file system, so a record waits for them too; and no
journal helps a disk that loses data it said was written.

**Concurrency.** Every write holds an exclusive ``flock`` on ``.lock`` from reading the current
revisions until the commit, and every read holds a shared one, so processes and threads
recording at once lose no update and never see half a record. ``flock`` needs Linux, macOS or
another POSIX system; on Windows use ``sqlite://``. Do not put a store on a network file system
whose locks do not work (some NFS set-ups).

**Size.** Recording a reading rewrites its file, and ``readings()`` reads every file: the
folder suits a council's thousands or tens of thousands of readings. For millions,
use ``sqlite://``. Reading checks every revision in each file but builds a record only of the
current one (``readings_frame()`` builds none: its columns come from the checked fields), so
reading a file costs little more than loading its JSON; ``histories()`` reads each file once
and builds every revision of it.

Every file is validated as it is read: a truncated or hand-edited file is refused with a
:class:`~councilpmf.store.StoreError` naming the file and the JSON path of what is wrong. Text
that is not valid Unicode (half a surrogate pair, which in a JSON file can only be a ``\\ud800``
escape) is refused the same way when read, and when recorded, as ``sqlite://`` refuses it.
A framework file's own fields are checked so too, but the framework in it is checked as it is
read (:class:`~councilpmf.store.UnreadableFrameworkError`, naming the revision), so that a
revision that no longer reads is still listed and can be saved over, as in every store.

**A damaged framework.json.** ``framework.json`` is a copy of the last revision in
``frameworks/``, written in the same transaction. When it is damaged (truncated, not JSON, its
revision, who, when or why of the wrong shape) or gone, the store reads no framework from it:
every read of the current framework is refused with an
:class:`~councilpmf.store.UnreadableFrameworkError` naming the file, what is wrong and the
revision it held, and saving a framework expecting that revision makes the next one and keeps
the damaged file byte for byte as ``frameworks/damaged-<revision>.json``. The revision is
known safely only from ``frameworks/`` (its last file, which the damaged file must not
contradict) or, in a store from before revisions had files of their own, from the revision the
damaged file still says. When neither tells it, nothing is saved over the file: every
command, a save included, is refused with a :class:`~councilpmf.store.StoreError` saying to
restore the file from a backup, or to move it out of the folder and load again.

**A damaged file of a revision in frameworks/.** ``plan_revisions()`` still lists every
revision: one whose file does not read is listed by the number in its name, with
:attr:`~councilpmf.store.PlanRevision.damaged` saying what is wrong (when, who and why come from
``framework.json`` when it is the current revision). ``framework_at()`` of it is refused in one
line naming the file, the field and what to do (restore the file from a backup); of the current
revision it reads ``framework.json``. The file is kept as it is, and saving goes on as before.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import json.encoder
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs

from councilpmf import records
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import ComparatorGroup, Reading, ReadingRevision
from councilpmf.core.periods import Period
from councilpmf.core.rule import Rule
from councilpmf.escape import SURROGATE
from councilpmf.hookspecs import hookimpl
from councilpmf.plugin_types import StoreType
from councilpmf.records import ReadingFields
from councilpmf.store import (
    Change,
    Current,
    NotFoundError,
    PlanRevision,
    ReadingKey,
    StoreBase,
    StoreError,
    UnreadableFrameworkError,
    frame_of_rows,
    frame_row,
    import_polars,
    now,
    reading_filter,
    readings_frame_of,
)

if TYPE_CHECKING:
    import polars

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    _HAVE_FLOCK = False
else:
    _HAVE_FLOCK = True

__all__ = ["FORMAT", "FORMAT_VERSION", "JsonStore", "councilpmf_stores", "reading_file_name"]

FORMAT = "councilpmf json store"
FORMAT_VERSION = 1

_MARKER = "store.json"
_FRAMEWORK = "framework.json"
_STATE = "state.json"
_COMPARATORS = "comparators.json"
_COMPARATOR_FIELDS = frozenset({"saved_at", "by", "reason", "comparators"})
_JOURNAL = "journal.json"
_LOCK = ".lock"
_READINGS = "readings"
_FRAMEWORKS = "frameworks"
_TEMP = ".tmp-"
_BACKUP = ".bak-"
_SLUG_LENGTH = 40
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ascii_string = json.encoder.encode_basestring_ascii  # a JSON string literal, ASCII only
_REQUIRED = object()  # no default: a missing file is an error
# The only way half a surrogate pair can be in a JSON file: an escape from \ud800 to \udfff.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
_REVISION_FILE = re.compile(r"[0-9]+\.json")  # frameworks/000003.json: revision 3
_DAMAGED = "damaged-"  # frameworks/damaged-000003.json: a damaged framework.json, kept
_ABSENT = object()  # what reading a file that is not there gives, when asked for
_FILE_FIELDS = frozenset({"indicator", "period", "seq", "revisions"})
_REVISION_FIELDS = frozenset({"revision", "by", "at", "reason", "old", "new"})
T = TypeVar("T")


def reading_file_name(indicator: str, period: Period) -> str:
    """The name of the file in ``readings/`` that holds one reading's revisions.

    >>> from councilpmf.core.periods import parse_period
    >>> reading_file_name("HS01", parse_period("2024/25 Q1"))[:24]
    'hs01-2024-25-q1-a52b950a'
    >>> name = reading_file_name("../../etc/passwd", parse_period("2024/25"))
    >>> "/" in name, name.startswith("etc-passwd-2024-25-"), len(name) < 120
    (False, True, True)
    """
    text = str(period)
    # the text of json.dumps([indicator, text], ensure_ascii=True), written directly: every
    # file read is checked against its name, so this runs once for each
    key = f"[{_ascii_string(indicator)}, {_ascii_string(text)}]"
    digest = hashlib.sha256(key.encode("ascii")).hexdigest()
    slug = _NOT_SLUG.sub("-", f"{indicator} {text}".lower())[:_SLUG_LENGTH].strip("-")
    return f"{slug}-{digest}.json" if slug else f"{digest}.json"


def _root_of(url: str) -> Path:
    scheme, sep, rest = url.partition("://")
    if scheme != "json" or not sep:
        raise StoreError(f"{url!r} is not a json:// URL")
    if not rest:
        raise StoreError(
            f"{url!r} names no folder; write json:///absolute/folder or json://relative/folder"
        )
    if "\0" in rest:
        raise StoreError(f"{url!r}: a folder name cannot hold a NUL character")
    return Path(os.path.abspath(rest))


def _lone_surrogate(value: Any, where: str = "$") -> str | None:
    """The JSON path of the first string (or key) in ``value`` that holds half a surrogate
    pair, or None.

    >>> _lone_surrogate({"revisions": [{"by": "me", "reason": "Caf\\udce9"}]})
    '$.revisions[0].reason'
    """
    if isinstance(value, str):
        return where if SURROGATE.search(value) else None
    items: Iterable[tuple[str, Any]] = ()
    if isinstance(value, dict):
        if any(SURROGATE.search(key) for key in value):
            return where
        items = ((f"{where}.{key}", item) for key, item in value.items())
    elif isinstance(value, list):
        items = ((f"{where}[{i}]", item) for i, item in enumerate(value))
    return next((found for at, item in items if (found := _lone_surrogate(item, at))), None)


def _dumps(path: str | Path, data: Any, indent: int = 2) -> bytes:
    """``data`` as the JSON of the file at ``path``; refused if it holds text that is not
    valid Unicode, which no file should hold (UTF-8 cannot encode it: the data is searched for
    where it is only then)."""
    try:
        return records.utf8_json(data, indent)
    except UnicodeEncodeError:
        found = _lone_surrogate(data) or "$"
    raise StoreError(
        f"{path}: {found}: text that is not valid Unicode (half a surrogate pair) cannot be stored"
    )


def _parse_json(path: str | Path, data: bytes, unchecked: str = "") -> Any:
    """The JSON in ``data``, read from the file at ``path``. Text that is not valid Unicode is
    refused, except under the key ``unchecked`` of the object the file holds, which the caller
    checks itself."""
    try:
        loaded = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError(f"{path}: is not UTF-8 text; the file is damaged") from None
    except json.JSONDecodeError as error:
        raise StoreError(
            f"{path}: $: not valid JSON ({error.msg} at line {error.lineno} column "
            f"{error.colno}); the file is damaged or was edited by hand"
        ) from None
    searched = loaded
    if unchecked and isinstance(loaded, dict) and unchecked in loaded:
        searched = {key: item for key, item in loaded.items() if key != unchecked}
    found = _lone_surrogate(searched) if _SURROGATE_ESCAPE.search(data) else None
    if found is not None:
        raise StoreError(
            f"{path}: {found}: holds half a surrogate pair, which is not text; the file is "
            "damaged or was edited by hand"
        )
    return loaded


def _is_revision(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _envelope(path: str | Path, raw: bytes) -> tuple[dict[str, Any], int]:
    """The envelope of a framework revision (the contents of ``framework.json`` or of a file
    in ``frameworks/``) and its revision; a :class:`StoreError` naming the file and the JSON
    path when the envelope is damaged. The framework in it is checked as it is read, so that a
    revision that no longer reads is still listed, and can be saved over.

    >>> _envelope("framework.json", b'{"revision": 2, "by": "ann", "framework": {}}')[1]
    2
    >>> _envelope("framework.json", b'{"revision": "2", "framework": {}}')
    Traceback (most recent call last):
    councilpmf.store.StoreError: framework.json: $.revision: expected a whole number from 1, not '2'
    """
    data = _parse_json(path, raw, unchecked="framework")
    if not isinstance(data, dict):
        raise StoreError(f"{path}: $: expected an object with revision and framework")
    extra = sorted(set(data) - {"revision", "saved_at", "by", "reason", "framework"})
    if extra:
        raise StoreError(f"{path}: $: unknown fields {extra}")
    revision = data.get("revision")
    if not isinstance(revision, int) or not _is_revision(revision):
        raise StoreError(f"{path}: $.revision: expected a whole number from 1, not {revision!r}")
    for name in ("saved_at", "by", "reason"):
        if not isinstance(data.get(name, ""), str):
            raise StoreError(f"{path}: $.{name}: expected text, not {data[name]!r}")
    if "framework" not in data:
        raise StoreError(f"{path}: $.framework: required field missing")
    return data, revision


def _stated_revision(raw: bytes) -> int | None:
    """The revision a damaged envelope still says it holds, if it says one at all.

    >>> _stated_revision(b'{"revision": 3, "by": 5}'), _stated_revision(b'{"revision": 3, "by')
    (3, None)
    """
    try:
        data = json.loads(raw)
    except ValueError:  # not UTF-8 or not JSON
        return None
    revision = data.get("revision") if isinstance(data, dict) else None
    return revision if _is_revision(revision) else None


class _CurrentFile(NamedTuple):
    """``framework.json`` as read: its envelope (None when there is none, or it is damaged),
    the revision it holds (0 for none; None when it is damaged and its revision cannot be
    known), what is wrong with it ("" when nothing), its bytes when damaged, and the revision
    a damaged one still says it holds."""

    data: dict[str, Any] | None
    revision: int | None
    problem: str = ""
    raw: bytes | None = None
    stated: int | None = None


def _fsync_dir(folder: str | Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(final: str | Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``final``, flushed and synced."""
    folder, name = os.path.split(final)
    temp = os.path.join(folder, f"{_TEMP}{name}.{secrets.token_hex(6)}")
    _write_new(temp, data, sync=True)
    return temp


def _write_new(path: str, data: bytes, sync: bool) -> None:
    """Create the file ``path`` (there must be none) holding ``data``, synced if ``sync``; on
    failure, no file is left."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)


def _write_atomically(final: str | Path, data: bytes) -> None:
    """Temporary file, flush, fsync, ``os.replace``, fsync the folder."""
    temp = _write_temp(final, data)
    try:
        os.replace(temp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(os.path.dirname(final))


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(2)`` from the C library, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only here: a store that never writes a batch does not pay for it

    try:
        function: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # pragma: no cover - a C library without syncfs
        return None
    return function


def _sync_data(anchor: int, files: Sequence[str]) -> None:
    """Make the contents of ``files`` durable: one ``syncfs`` of the file system that holds
    ``anchor`` (an open descriptor of the store's folder, opened before the files were written,
    so that Linux reports any write-back error since) where the system has it, else an
    ``fsync`` of each file."""
    syncfs = _syncfs()
    if syncfs is not None:
        if syncfs(anchor) != 0:
            import ctypes

            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), os.path.dirname(files[0]) if files else None)
        return
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@attrs.define
class _Entry:
    """One file of a transaction: its path, and where its old contents are kept meanwhile
    (None when the file is new). ``temp`` is only in journals an earlier version wrote: the new
    contents, written beside the file."""

    final: str
    backup: str | None
    temp: str | None = None


class _Kept(NamedTuple):
    """One revision as a reading's file holds it, checked."""

    number: int
    old: ReadingFields | None
    new: ReadingFields
    by: str
    at: str
    reason: str


class _Current(NamedTuple):
    """A reading's current fields, read from its file (``path``) and checked."""

    indicator: str
    period: Period
    seq: int
    fields: ReadingFields
    path: str

    def reading(self) -> Reading:
        """The reading, built from its checked fields."""
        return records.reading_from_fields(
            self.indicator, self.period, self.fields, f"{self.path}: $"
        )


@attrs.define
class _History:
    """A reading's file, read and checked: every revision of it, kept as checked fields and
    built into records only when asked for."""

    path: str
    indicator: str
    period: Period
    seq: int
    kept: list[_Kept]

    def current(self) -> _Current:
        """The reading as its last revision left it."""
        return _Current(self.indicator, self.period, self.seq, self.kept[-1].new, self.path)

    def revisions(self) -> list[ReadingRevision]:
        """Every revision, oldest first."""
        built: list[ReadingRevision] = []
        for kept in self.kept:
            here = f"{self.path}: $.revisions[{kept.number - 1}]"
            new = records.reading_from_fields(self.indicator, self.period, kept.new, here)
            old = built[-1].new if built else None  # what the revision's old was checked equal to
            built.append(
                records.revision_of(
                    self.indicator,
                    self.period,
                    kept.number,
                    old,
                    new,
                    kept.by,
                    kept.at,
                    kept.reason,
                    here,
                )
            )
        return built


class JsonStore(StoreBase):
    """A store in a folder of JSON files; see the module documentation."""

    def __init__(self, url: str, rules: Mapping[str, type[Rule]] | None = None) -> None:
        super().__init__(url, rules)
        # the files of the readings a record reads, by name, kept for writing them (under the
        # lock)
        self._batch: dict[ReadingKey, tuple[str, _History | None]] = {}
        # the files the write under way will write, by path, all in one commit at its end
        self._staged: dict[str, bytes] = {}
        if not _HAVE_FLOCK:  # pragma: no cover - Windows
            raise StoreError(f"{url}: json:// stores need file locks (flock); use sqlite://")
        self._root = _root_of(url)
        self._readings_dir = self._root / _READINGS
        self._frameworks_dir = self._root / _FRAMEWORKS
        self._journal = self._root / _JOURNAL
        try:
            self._create()
        except OSError as error:
            raise self._os_error("cannot open the store", error) from None

    # -- files and locks ---------------------------------------------------------------------

    def _os_error(self, what: str, error: OSError) -> StoreError:
        where = error.filename if error.filename is not None else self._root
        reason = error.strerror or str(error)
        if error.errno == errno.ENOSPC:
            reason = "the disk is full"
        return StoreError(f"{where}: {what}: {reason}")

    def _create(self) -> None:
        root = self._root
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file, not a folder; a json:// store is a folder")
        root.mkdir(parents=True, exist_ok=True)
        with self._locked(exclusive=True):
            marker = root / _MARKER
            if marker.exists():
                self._check_marker(marker)
            else:
                others = sorted(p.name for p in root.iterdir() if p.name != _LOCK)
                if others:
                    raise StoreError(
                        f"{root} is not a councilpmf store (it has no {_MARKER}) and is not "
                        f"empty ({', '.join(others[:3])}{', ...' if len(others) > 3 else ''}); "
                        "use a new or empty folder"
                    )
                data = {"format": FORMAT, "version": FORMAT_VERSION}
                _write_atomically(marker, records.dumps(data))
            for folder in (self._readings_dir, self._frameworks_dir):
                if not folder.is_dir():
                    folder.mkdir(exist_ok=True)
                    _fsync_dir(root)
            self._remove_leftovers()

    def _check_marker(self, marker: Path) -> None:
        data = self._read_json(marker)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise StoreError(f"{marker}: $.format: this is not a councilpmf json store")
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise StoreError(f"{marker}: $.version: expected a whole number, not {version!r}")
        if version > FORMAT_VERSION:
            raise StoreError(
                f"{marker}: the store was written by a newer councilpmf (format version "
                f"{version}; this one reads up to {FORMAT_VERSION}); upgrade councilpmf"
            )

    @contextlib.contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        """Hold the store's lock; first undo a transaction a crash left unfinished."""
        fd = os.open(self._root / _LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            if self._journal.exists():
                if not exclusive:
                    # not atomic: another reader may undo the journal meanwhile
                    fcntl.flock(fd, fcntl.LOCK_EX)
                if self._journal.exists():
                    self._recover()
            yield
        finally:
            os.close(fd)  # and with it the lock

    def _inside(self, relative: object) -> str:
        """A path from the journal, refused unless it is a file in the root or readings/."""
        if not isinstance(relative, str):
            raise StoreError(f"{self._journal}: expected a file name, not {relative!r}")
        path = self._root / relative
        folders = (self._root, self._readings_dir, self._frameworks_dir)
        if path.parent not in folders or path.name in ("", ".", ".."):
            raise StoreError(f"{self._journal}: {relative!r} is not a file of this store")
        return str(path)

    def _recover(self) -> None:
        """Undo the transaction ``journal.json`` describes: a crash or failure stopped it."""
        data = self._read_json(self._journal)
        if not isinstance(data, dict) or not isinstance(data.get("files"), list):
            raise StoreError(f"{self._journal}: $.files: expected a list of files")
        entries = []
        for item in data["files"]:
            if not isinstance(item, dict):
                raise StoreError(f"{self._journal}: $.files: expected objects, not {item!r}")
            backup, temp = item.get("backup"), item.get("temp")
            entries.append(
                _Entry(
                    final=self._inside(item.get("final")),
                    backup=None if backup is None else self._inside(backup),
                    temp=None if temp is None else self._inside(temp),
                )
            )
        self._undo(entries)

    def _undo(self, entries: list[_Entry]) -> None:
        """Put every file back as it was before the transaction, then drop the journal."""
        for entry in entries:
            if entry.backup is not None:
                if os.path.exists(entry.backup):
                    os.replace(entry.backup, entry.final)
                    # renaming a link onto the same file leaves both names: drop the backup
                    if os.path.exists(entry.backup):
                        os.unlink(entry.backup)
            elif os.path.exists(entry.final):
                os.unlink(entry.final)
            if entry.temp is not None and os.path.exists(entry.temp):
                os.unlink(entry.temp)
        for folder in {os.path.dirname(entry.final) for entry in entries}:
            _fsync_dir(folder)
        if self._journal.exists():
            os.unlink(self._journal)
        _fsync_dir(self._root)

    def _remove_leftovers(self) -> None:
        """Delete temporary files and backups a crash left behind (under the write lock)."""
        removed = False
        folders = (self._root, self._readings_dir, self._frameworks_dir)
        for folder in folders:
            for path in folder.iterdir():
                if path.name.startswith((_TEMP, _BACKUP)):
                    path.unlink()
                    removed = True
        if removed:
            for folder in folders:
                _fsync_dir(folder)

    def _commit(self, files: Mapping[str, bytes]) -> None:
        """Write ``files`` all or nothing, with a fixed number of syncs whatever their number
        (see the module documentation)."""
        if len(files) == 1:
            # one file: the rename alone is atomic
            ((final, data),) = files.items()
            _write_atomically(final, data)
            return
        anchor = os.open(self._root, os.O_RDONLY)
        try:
            self._commit_batch(anchor, files)
        finally:
            os.close(anchor)

    def _commit_batch(self, anchor: int, files: Mapping[str, bytes]) -> None:
        """The journal protocol: the journal first, then each old file moved aside to a backup
        (synced), every new file written in its place, one sync of the data, and the commit."""
        token = secrets.token_hex(6)  # backups from an earlier crash never have these names
        entries: list[_Entry] = []
        for final in files:
            folder, name = os.path.split(final)
            kept = os.path.lexists(final)
            backup = os.path.join(folder, f"{_BACKUP}{name}.{token}") if kept else None
            entries.append(_Entry(final=final, backup=backup))
        root = len(str(self._root)) + 1
        journal = {
            "files": [
                {"final": e.final[root:], "backup": None if e.backup is None else e.backup[root:]}
                for e in entries
            ]
        }
        _write_atomically(self._journal, records.dumps(journal, indent=None))
        try:
            moved = [(e.final, e.backup) for e in entries if e.backup is not None]
            for final, backup in moved:
                os.replace(final, backup)
            folders = {os.path.dirname(entry.final) for entry in entries}
            for folder in {os.path.dirname(final) for final, _ in moved}:
                _fsync_dir(folder)  # the old contents are safe under the backups' names
            for entry, data in zip(entries, files.values(), strict=True):
                _write_new(entry.final, data, sync=False)
            # until the journal goes, a crash puts the backups back, so the new contents
            # need to be durable only now, all at once
            _sync_data(anchor, [entry.final for entry in entries])
            for folder in folders:
                _fsync_dir(folder)
            os.unlink(self._journal)  # the commit
            _fsync_dir(self._root)
        except BaseException:
            with contextlib.suppress(OSError):
                self._undo(entries)
            raise
        for _, backup in moved:  # after the commit; a leftover is removed on the next open
            with contextlib.suppress(OSError):
                os.unlink(backup)

    def _read_bytes(self, path: str | Path, missing: object = _REQUIRED) -> Any:
        """The bytes of the file at ``path``; ``missing`` if there is no such file (when
        given)."""
        try:
            with open(path, "rb") as stream:
                return stream.read()
        except FileNotFoundError as error:
            if missing is _REQUIRED:
                raise self._os_error("cannot read", error) from None
            return missing
        except OSError as error:
            raise self._os_error("cannot read", error) from None

    def _read_json(self, path: str | Path, missing: object = _REQUIRED) -> Any:
        """The JSON in the file at ``path``; ``missing`` if there is no such file (when given)."""
        data = self._read_bytes(path, missing)
        return data if data is missing else _parse_json(path, data)

    # -- the framework -----------------------------------------------------------------------

    def _framework_file(self, path: Path) -> tuple[dict[str, Any] | None, int]:
        """The envelope of the framework revision in the file at ``path`` and its revision, or
        (None, 0) when there is no such file."""
        data = self._read_bytes(path, missing=None)
        return (None, 0) if data is None else _envelope(path, data)

    def _current_file(self) -> _CurrentFile:
        """``framework.json``, read and checked: its envelope and revision, or what is wrong
        with it and the revision it can be known to hold (see :meth:`_known_revision`)."""
        path = self._root / _FRAMEWORK
        raw: bytes | None = self._read_bytes(path, missing=None)
        if raw is None:
            kept = self._kept_revisions()
            if not kept:
                return _CurrentFile(None, 0)
            problem = (
                f"{path}: missing, though {_FRAMEWORKS}/ keeps framework revisions up to "
                f"{kept[-1]}; it was deleted or moved"
            )
            return _CurrentFile(None, kept[-1], problem=problem)
        try:
            data, revision = _envelope(path, raw)
        except StoreError as error:
            stated = _stated_revision(raw)
            return _CurrentFile(
                None, self._known_revision(stated), problem=str(error), raw=raw, stated=stated
            )
        return _CurrentFile(data, revision)

    def _kept_revisions(self) -> list[int]:
        """The revisions ``frameworks/`` keeps a file of, in order, read from the files'
        names alone."""
        names = (path.name for path in self._frameworks_dir.iterdir())
        return sorted(int(name[:-5]) for name in names if _REVISION_FILE.fullmatch(name))

    def _known_revision(self, stated: int | None) -> int | None:
        """The revision a damaged ``framework.json`` held, when it can be known safely: every
        save writes ``framework.json`` and ``frameworks/<n>.json`` in one transaction, so it
        is the last revision ``frameworks/`` keeps, which the damaged file must not
        contradict (``stated``, the revision it still says, if any); in a store from before
        revisions had files of their own, the revision it still says. Otherwise None."""
        kept = self._kept_revisions()
        if not kept:
            return stated
        return kept[-1] if stated in (None, kept[-1]) else None

    def _refused(self, current: _CurrentFile) -> StoreError:
        """Why the store's framework cannot be read from a damaged ``framework.json``, and what
        to do: save a framework over it when its revision is known, else restore it."""
        path = self._root / _FRAMEWORK
        if current.revision is None:
            if current.stated is None:
                why = f"{_FRAMEWORKS}/ keeps no revision"
                after = " (its revisions then start again from 1)"
            else:
                last = self._kept_revisions()[-1]
                why = f"it says {current.stated} but {_FRAMEWORKS}/ keeps revisions up to {last}"
                after = f" (saved after revision {last})"
            return StoreError(
                f"{current.problem}; the framework's revision cannot be known ({why}), so "
                f"nothing is saved over it: restore {path} from a backup, or move it out of the "
                f"folder and load the council folder again{after}"
            )
        kept = f"; saving a framework keeps this file as {self._damaged_path(current.revision)}"
        return UnreadableFrameworkError(
            (
                f"{current.problem} (framework revision {current.revision}"
                f"{kept if current.raw is not None else ''})",
            ),
            self.url,
            current.revision,
        )

    def _damaged_path(self, revision: int) -> Path:
        return self._frameworks_dir / f"{_DAMAGED}{revision:06d}.json"

    def _framework_of(self, data: dict[str, Any], path: Path, revision: int) -> Framework:
        return records.framework_from_data(
            data["framework"],
            f"{path} (framework revision {revision})",
            "$.framework",
            rules=self.rules,
            url=self.url,
            revision=revision,
        )

    def _load_framework(self) -> tuple[Framework, int]:
        current = self._current_file()
        if current.problem or current.revision is None:
            raise self._refused(current)
        if current.data is None:
            raise NotFoundError(f"{self.url} holds no framework yet; load one first")
        revision = current.revision
        return self._framework_of(current.data, self._root / _FRAMEWORK, revision), revision

    def _framework_revision(self) -> int:
        current = self._current_file()
        if current.revision is None:
            raise self._refused(current)
        return current.revision

    def _revision_path(self, revision: int) -> Path:
        return self._frameworks_dir / f"{revision:06d}.json"

    def _put_framework(self, framework: Framework, revision: int, by: str, reason: str) -> None:
        path = self._root / _FRAMEWORK
        data = _dumps(
            path,
            {
                "revision": revision,
                "saved_at": now(),
                "by": by,
                "reason": reason,
                "framework": records.framework_data(framework),
            },
        )
        files = {str(self._revision_path(revision)): data, str(path): data}
        current = self._current_file()
        if current.raw is not None:
            # a damaged framework.json is kept as it is, beside the revisions
            damaged = self._damaged_path(revision - 1)
            if damaged.exists():
                raise StoreError(
                    f"{damaged}: already exists, and {path} is damaged too; move {damaged} out "
                    "of the folder and try again"
                )
            files[str(damaged)] = current.raw
        elif current.data is not None and not self._revision_path(revision - 1).exists():
            # saved before revisions had files of their own: keep it as one now
            files[str(self._revision_path(revision - 1))] = path.read_bytes()
        self._stage(files)

    def _saved(self, data: dict[str, Any], revision: int) -> PlanRevision:
        return PlanRevision(
            revision=revision,
            saved_at=data.get("saved_at", ""),
            by=data.get("by", ""),
            reason=data.get("reason", ""),
        )

    def _plan_revisions(self) -> tuple[PlanRevision, ...]:
        found: dict[int, PlanRevision] = {}
        for number in self._kept_revisions():
            try:
                data, revision = self._framework_file(self._revision_path(number))
            except StoreError as error:
                # listed by the number in its name, with what is wrong, and kept as it is
                found[number] = PlanRevision(revision=number, saved_at="", damaged=str(error))
                continue
            if data is not None:
                found[revision] = self._saved(data, revision)
        current = self._current_file()
        if current.revision is None:
            raise self._refused(current)
        if current.revision:
            # a damaged framework.json is listed by its revision alone; a damaged file of the
            # current revision in frameworks/ takes when, who and why from framework.json
            listed = found.get(current.revision)
            if listed is None or (listed.damaged and current.data is not None):
                saved = self._saved(current.data or {}, current.revision)
                found[current.revision] = attrs.evolve(
                    saved, damaged=listed.damaged if listed else ""
                )
        return tuple(found[number] for number in sorted(found))

    def _revision_file(self, revision: int) -> tuple[dict[str, Any] | None, Path]:
        """The envelope in ``frameworks/<revision>.json`` (None when there is no such file) and
        its path; a damaged one is refused in one line naming the file, the field and what to
        do, unless ``framework.json`` holds the same revision and reads."""
        path = self._revision_path(revision)
        try:
            data, _ = self._framework_file(path)
        except StoreError as error:
            current = self._current_file()
            if current.data is not None and current.revision == revision:
                return current.data, self._root / _FRAMEWORK
            raise StoreError(
                f"{error}; framework revision {revision} is kept in that file as it is: restore "
                f"{path} from a backup to read it (the other revisions read as before)"
            ) from None
        return data, path

    def _framework_at(self, revision: int) -> Framework:
        data, path = self._revision_file(revision)
        if data is None:
            current = self._current_file()
            if current.revision is None or (current.problem and current.revision == revision):
                raise self._refused(current)
            if current.data is None or current.revision != revision:
                raise NotFoundError(f"{self.url} keeps no framework revision {revision}")
            data, path = current.data, self._root / _FRAMEWORK
        return self._framework_of(data, path, revision)

    def _in_read(self, operation: Callable[[], T]) -> T:
        try:
            with self._locked(exclusive=False):
                return operation()
        except OSError as error:
            raise self._os_error("cannot read the store", error) from None

    def _in_write(self, operation: Callable[[], T]) -> T:
        try:
            with self._locked(exclusive=True):
                self._staged = {}
                try:
                    result = operation()
                    files = self._staged
                finally:
                    self._staged = {}
                if files:
                    self._commit(files)
                return result
        except OSError as error:
            raise self._os_error("nothing was written", error) from None

    def _stage(self, files: Mapping[str, bytes]) -> None:
        """Keep ``files`` (new contents by path) for the commit that ends the write under way,
        so that every file one operation writes, whatever its steps, is written by one
        :meth:`_commit`: all or nothing. Nothing is on disk before that commit, so no step
        reads a file that an earlier step of the same operation wrote; none needs to (the
        framework's files, the readings' and ``state.json``, and ``comparators.json`` are
        each written by one step)."""
        self._staged.update(files)

    # -- readings ----------------------------------------------------------------------------

    def _history_file(self, path: str) -> _History:
        """The reading in the file at ``path``, which must be the one its name says."""
        return self._history_of(path, self._read_json(path))

    def _history_of(self, path: str, data: Any, expected: ReadingKey | None = None) -> _History:
        """The reading in ``data``, read from ``path``: ``expected`` when given, else the one
        the file's name says. Every revision is checked; none is built into records."""
        where = f"{path}: $"
        if not isinstance(data, dict):
            raise StoreError(f"{where}: expected an object with indicator, period and revisions")
        if data.keys() - _FILE_FIELDS:
            extra = sorted(str(key) for key in data.keys() - _FILE_FIELDS)
            raise StoreError(f"{where}: unknown fields {extra}")
        indicator = data.get("indicator")
        if not isinstance(indicator, str) or not indicator.strip():
            raise StoreError(f"{where}.indicator: expected an indicator id, not {indicator!r}")
        period = records.period_from_text(data.get("period"), f"{where}.period")
        if expected is not None:
            if (indicator, period) != expected:
                raise StoreError(f"{path}: holds another reading ({indicator!r})")
        elif os.path.basename(path) != reading_file_name(indicator, period):
            raise StoreError(
                f"{path}: holds the reading of {indicator!r} for {period}, which belongs in "
                f"{reading_file_name(indicator, period)}; was it copied or renamed by hand?"
            )
        seq = data.get("seq")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
            raise StoreError(f"{where}.seq: expected a whole number, not {seq!r}")
        items = data.get("revisions")
        if not isinstance(items, list) or not items:
            raise StoreError(f"{where}.revisions: expected a list of at least one revision")
        kept: list[_Kept] = []
        before: ReadingFields | None = None
        for number, item in enumerate(items, start=1):
            here = f"{where}.revisions[{number - 1}]"
            if not isinstance(item, dict):
                raise StoreError(f"{here}: expected a revision (an object), not {item!r}")
            if item.keys() != _REVISION_FIELDS:
                extra = sorted(str(key) for key in set(item) - _REVISION_FIELDS)
                if extra:
                    raise StoreError(f"{here}: unknown fields {extra}")
                missing = sorted(_REVISION_FIELDS - set(item))
                raise StoreError(f"{here}.{missing[0]}: required field missing")
            if item["revision"] != number or isinstance(item["revision"], bool):
                raise StoreError(f"{here}.revision: expected {number}, not {item['revision']!r}")
            new = records.reading_fields(indicator, period, item["new"], f"{here}.new")
            old = (
                None
                if item["old"] is None
                else records.reading_fields(indicator, period, item["old"], f"{here}.old")
            )
            if old != before:
                raise StoreError(
                    f"{here}.old: expected "
                    f"{'null' if before is None else 'the new value of the revision before'}"
                    ": the history was edited by hand"
                )
            by, at, reason = item["by"], item["at"], item["reason"]
            records.check_revision(number, by, at, reason, here)
            kept.append(_Kept(number, old, new, by, at, reason))
            before = new
        return _History(path=path, indicator=indicator, period=period, seq=seq, kept=kept)

    def _held(self, indicator: str, period: Period, name: str | None = None) -> _History | None:
        """The reading's file (named ``name``, worked out when not given), or None."""
        path = os.path.join(self._readings_dir, name or reading_file_name(indicator, period))
        data = self._read_json(path, missing=_ABSENT)
        if data is _ABSENT:
            return None
        return self._history_of(path, data, expected=(indicator, period))

    def _history_data(self, history: _History, revisions: list[ReadingRevision]) -> bytes:
        return _dumps(
            history.path,
            {
                "indicator": history.indicator,
                "period": str(history.period),
                "seq": history.seq,
                "revisions": [
                    {
                        "revision": r.revision,
                        "by": r.by,
                        "at": r.at,
                        "reason": r.reason,
                        "old": None if r.old is None else records.reading_body(r.old),
                        "new": records.reading_body(r.new),
                    }
                    for r in revisions
                ],
            },
            indent=1,
        )

    def _next_seq(self) -> int:
        path = self._root / _STATE
        if not path.exists():
            return 0
        data = self._read_json(path)
        seq = data.get("next_seq") if isinstance(data, dict) else None
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
            raise StoreError(f"{path}: $.next_seq: expected a whole number, not {seq!r}")
        return seq

    def _lookup(self, batch: Sequence[Reading]) -> Current:
        self._batch = {}

        def current(key: ReadingKey) -> tuple[Reading | None, int]:
            name = reading_file_name(*key)
            history = self._held(*key, name=name)
            self._batch[key] = (name, history)
            if history is None:
                return None, 0
            return history.current().reading(), history.kept[-1].number

        return current

    def _write(self, changes: Sequence[Change], by: str, at: str, reason: str) -> None:
        next_seq = self._next_seq()
        files: dict[str, bytes] = {}
        folder = str(self._readings_dir)
        for change in changes:
            indicator, period = change.new.key
            name, history = self._batch[change.new.key]
            path = os.path.join(folder, name)
            if history is None:
                history = _History(path, indicator, period, seq=next_seq, kept=[])
                next_seq += 1
            revisions = [*history.revisions(), change.as_revision(by, at, reason)]
            files[path] = self._history_data(history, revisions)
        if any(change.old is None for change in changes):
            files[str(self._root / _STATE)] = records.dumps({"next_seq": next_seq})
        self._stage(files)

    def _chosen(
        self,
        indicators: frozenset[str] | None,
        periods: frozenset[Period] | None,
        keep: Callable[[_History], T],
    ) -> list[T]:
        """What ``keep`` takes from each reading's file asked for (each file checked whole),
        in the order of :meth:`~councilpmf.store.Store.readings`: by indicator, the period's
        start and end, then the order they were first recorded. Only what ``keep`` gives is
        kept, not the files read: the fewer objects a long read holds, the less the garbage
        collector scans."""
        wanted = reading_filter(indicators, periods)
        chosen: list[tuple[str, Period, int, T]] = []
        names = sorted(
            name
            for name in os.listdir(self._readings_dir)
            if name.endswith(".json") and not name.startswith(".")
        )
        folder = str(self._readings_dir)
        for name in names:
            history = self._history_file(os.path.join(folder, name))
            if wanted(history.indicator, history.period):
                chosen.append((history.indicator, history.period, history.seq, keep(history)))
        dates: dict[Period, tuple[date, date]] = {}
        for _, period, _, _ in chosen:
            if period not in dates:
                dates[period] = (period.start, period.end)
        chosen.sort(key=lambda c: (c[0], *dates[c[1]], c[2]))
        return [kept for *_, kept in chosen]

    def _current(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> list[_Current]:
        """The current readings asked for, as their files' checked fields, in order."""
        return self._chosen(indicators, periods, _History.current)

    def _readings(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> tuple[Reading, ...]:
        return tuple(current.reading() for current in self._current(indicators, periods))

    def _histories(
        self, indicators: frozenset[str] | None, periods: frozenset[Period] | None
    ) -> dict[ReadingKey, tuple[ReadingRevision, ...]]:
        """Every revision of the readings asked for, each file read once."""
        return dict(
            self._chosen(
                indicators,
                periods,
                lambda history: (
                    (history.indicator, history.period),
                    tuple(history.revisions()),
                ),
            )
        )

    def readings_frame(
        self,
        indicators: Iterable[str] | None = None,
        periods: Iterable[Period] | None = None,
    ) -> polars.DataFrame:
        """Current readings as a polars DataFrame (see
        :meth:`councilpmf.store.Store.readings_frame`), built from the files' checked fields
        with no :class:`~councilpmf.core.indicators.Reading` per row; a damaged file is
        refused as :meth:`readings` refuses it."""
        import_polars()
        wanted = self._wanted(indicators, periods)
        if wanted is None:
            return readings_frame_of(())
        currents = self._in_read(lambda: self._current(*wanted))
        texts: dict[Period, str] = {}
        rows = []
        for current in currents:
            period = current.period
            text = texts.get(period)
            if text is None:
                text = texts[period] = str(period)
            rows.append(frame_row(current.indicator, text, current.fields))
        return frame_of_rows(rows)

    def _revision(self, indicator: str, period: Period) -> int:
        history = self._held(indicator, period)
        return history.kept[-1].number if history else 0

    def _history(self, indicator: str, period: Period) -> tuple[ReadingRevision, ...]:
        history = self._held(indicator, period)
        return tuple(history.revisions()) if history else ()

    # -- comparator values -------------------------------------------------------------------

    def _comparators(self) -> tuple[ComparatorGroup, ...]:
        path = self._root / _COMPARATORS
        data = self._read_json(path, missing=_ABSENT)
        if data is _ABSENT:
            return ()
        if not isinstance(data, dict):
            raise StoreError(f"{path}: $: expected an object with comparators")
        if data.keys() != _COMPARATOR_FIELDS:
            extra = sorted(str(key) for key in data.keys() - _COMPARATOR_FIELDS)
            if extra:
                raise StoreError(f"{path}: $: unknown fields {extra}")
            missing = sorted(_COMPARATOR_FIELDS - data.keys())
            raise StoreError(f"{path}: $.{missing[0]}: required field missing")
        for name in ("saved_at", "by", "reason"):
            if not isinstance(data[name], str):
                raise StoreError(f"{path}: $.{name}: expected text, not {data[name]!r}")
        return records.comparators_from_data(data["comparators"], str(path), "$.comparators")

    def _put_comparators(
        self, groups: tuple[ComparatorGroup, ...], by: str, at: str, reason: str
    ) -> None:
        path = self._root / _COMPARATORS
        document = {
            "saved_at": at,
            "by": by,
            "reason": reason,
            "comparators": records.comparators_data(groups),
        }
        self._stage({str(path): _dumps(path, document, indent=1)})

    # -- closing -----------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"JsonStore({self.url!r})"


@hookimpl
def councilpmf_stores() -> list[StoreType]:
    """The ``json://`` store."""
    return [
        StoreType(
            scheme="json",
            open=JsonStore,
            exists=lambda url: _root_of(url).is_dir(),
            description="A folder of JSON files, one per document: json:///path/to/folder",
        )
    ]
