"""Write a council folder (TOML and CSV) from a framework and its readings: the reverse of
:func:`councilpmf.folder.load_folder`, so that a plan built or changed in code can be kept, shared
and loaded again.

>>> import tempfile
>>> from councilpmf.folder import load_folder
>>> council = load_folder("examples/york")
>>> with tempfile.TemporaryDirectory() as tmp:
...     written = save_folder(council, f"{tmp}/york")
...     again = load_folder(written)
>>> again.framework == council.framework
True
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO, TypeVar

import tomli_w

from councilpmf.core.actions import DEFAULT_VOCABULARY, StatusVocabulary
from councilpmf.core.approval import ApprovalPolicy
from councilpmf.core.convert import converter
from councilpmf.core.errors import CouncilPMFError, InputError
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import ComparatorGroup, Reading
from councilpmf.core.periods import Frequency, containing
from councilpmf.core.published import DEFAULT_PUBLISHED_WORDS, PublishedVocabulary
from councilpmf.core.rag import BUILTIN_RULES
from councilpmf.core.risks import RiskRegister
from councilpmf.core.rule import Rule
from councilpmf.folder import COMPARATOR_COLUMNS, READING_COLUMNS, CouncilFolder, load_folder

__all__ = ["FolderWriteError", "save_folder", "write_readings_csv"]


class FolderWriteError(CouncilPMFError):
    """The folder cannot be written where it was asked to be; nothing was written."""


def _plain(data: Any) -> Any:
    """Unstructured data without the ``None`` values TOML cannot hold (a missing key loads as
    the field's default, which is ``None`` for every optional field)."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items() if value is not None}
    if isinstance(data, list | tuple):
        return [_plain(item) for item in data]
    return data


_Vocabulary = TypeVar("_Vocabulary", StatusVocabulary, PublishedVocabulary)


def _council_words(vocabulary: _Vocabulary, default: _Vocabulary) -> tuple[Any, ...]:
    """The fewest words that, added to the built-in ``default``, give ``vocabulary`` back."""
    words: tuple[Any, ...] = vocabulary.words
    for split in range(len(words), -1, -1):
        own = words[split:]
        if default.extended(own).words == words:
            return own
    return words  # pragma: no cover - split 0 always gives the words back


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "plan"


def _toml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(_plain(data)), encoding="utf-8")


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def write_readings_csv(readings: Iterable[Reading], out: TextIO) -> int:
    """Write readings as the council folder's ``readings/*.csv`` rows; return how many. The
    ``published_status`` column is written when a reading has a published status.

    >>> import sys
    >>> from councilpmf.core.periods import parse_period
    >>> q3 = parse_period("2024/25 Q3")
    >>> write_readings_csv([Reading(indicator="K1", period=q3, value=38.5,
    ...     note="survey ran late")], sys.stdout)
    indicator,period,value,status,missing_reason,note,approval
    K1,2024/25 Q3,38.5,final,,survey ran late,approved
    1
    >>> write_readings_csv([Reading(indicator="K1", period=q3, value=38.5,
    ...     published_status="Green")], sys.stdout)
    indicator,period,value,status,missing_reason,note,published_status,approval
    K1,2024/25 Q3,38.5,final,,,Green,approved
    1
    """
    rows = tuple(readings)
    published = any(reading.published_status for reading in rows)
    writer = csv.writer(out, lineterminator="\n")
    columns = (
        READING_COLUMNS
        if published
        else tuple(c for c in READING_COLUMNS if c != "published_status")
    )
    writer.writerow(columns)
    for reading in rows:
        cells: tuple[str, ...] = (
            reading.indicator,
            str(reading.period),
            "" if reading.value is None else _number(reading.value),
            reading.status.value,
            reading.missing_reason or "",
            reading.note,
        )
        if published:
            cells = (*cells, reading.published_status)
        writer.writerow((*cells, reading.approval.value))
    return len(rows)


def _write_readings(root: Path, readings: Iterable[Reading], year_start: int) -> None:
    by_year: dict[str, list[Reading]] = {}
    for reading in readings:
        year = str(containing(reading.period.end, Frequency.ANNUAL, year_start))
        by_year.setdefault(_slug(year), []).append(reading)
    for name, rows in sorted(by_year.items()):
        buffer = io.StringIO()
        write_readings_csv(rows, buffer)
        (root / "readings").mkdir(exist_ok=True)
        (root / "readings" / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def _write_comparators(root: Path, groups: Iterable[ComparatorGroup]) -> None:
    by_name: dict[str, list[ComparatorGroup]] = {}
    for group in groups:
        by_name.setdefault(_slug(group.group), []).append(group)
    for name, members in sorted(by_name.items()):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COMPARATOR_COLUMNS)
        for group in members:
            for value in group.values:
                writer.writerow((group.indicator, str(group.period), group.group, _number(value)))
        (root / "comparators").mkdir(exist_ok=True)
        (root / "comparators" / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def _write_framework(root: Path, framework: Framework) -> None:
    conv = converter(framework.year_start_month)

    def plain(record: Any, kind: Any = None) -> Any:
        return conv.unstructure(record, unstructure_as=kind) if kind else conv.unstructure(record)

    council: dict[str, Any] = {
        "area_code": framework.area_code,
        "year_start_month": framework.year_start_month,
        "default_rule": plain(framework.default_rule, Rule),
    }
    if framework.approval != ApprovalPolicy():
        council["approval"] = plain(framework.approval)
    words = _council_words(framework.vocabulary, DEFAULT_VOCABULARY)
    if words:
        council["action_statuses"] = plain(StatusVocabulary(words=words), StatusVocabulary)
    published = _council_words(framework.published_statuses, DEFAULT_PUBLISHED_WORDS)
    if published:
        council["published_statuses"] = plain(
            PublishedVocabulary(words=published), PublishedVocabulary
        )
    _toml(root / "council.toml", council)
    _toml(root / "plan.toml", plain(framework.plan))
    if framework.indicators:  # a present file that lists none is refused as a mistake
        _toml(root / "indicators.toml", {"indicators": plain(framework.indicators)})
    _toml(
        root / "committees.toml",
        {
            "committees": plain(framework.committees),
            "indicator_sets": plain(framework.indicator_sets),
        },
    )
    _toml(
        root / "resources.toml",
        {
            "resource_strategies": plain(framework.resource_strategies),
            "budget": plain(framework.budget),
        },
    )
    if framework.risks != RiskRegister():
        _toml(root / "risks.toml", plain(framework.risks))
    folders: tuple[tuple[str, tuple[Any, ...], tuple[str, ...]], ...] = (
        ("delivery-plans", framework.delivery_plans, tuple(p.id for p in framework.delivery_plans)),
        (
            "service-plans",
            framework.service_plans,
            tuple(p.service for p in framework.service_plans),
        ),
        (
            "peer-challenges",
            framework.peer_challenges,
            tuple(p.id or p.title for p in framework.peer_challenges),
        ),
    )
    for folder, plans, names in folders:
        for number, (plan, name) in enumerate(zip(plans, names, strict=True), start=1):
            _toml(root / folder / f"{number:03d}-{_slug(name)}.toml", plain(plan))


def _rule_kinds(framework: Framework) -> dict[str, type[Rule]]:
    """The rule kinds a saved folder names: the built-in ones and any plugin's it uses."""
    kinds: dict[str, type[Rule]] = dict(BUILTIN_RULES)
    for rule in (framework.default_rule, *(i.rule for i in framework.indicators if i.rule)):
        kinds.setdefault(rule.kind, type(rule))
    return kinds


def _made_folders(root: Path) -> list[Path]:
    """The folders that making ``root`` creates, the deepest first."""
    made = []
    for folder in (root, *root.parents):
        if folder.exists():
            break
        made.append(folder)
    return made


def save_folder(
    council: CouncilFolder | Framework,
    path: str | Path,
    readings: Iterable[Reading] = (),
    comparators: Iterable[ComparatorGroup] = (),
) -> Path:
    """Write a council folder at ``path``, which must not exist or be an empty folder, and
    return it. Given a :class:`CouncilFolder`, its readings and comparator values are written
    too; given a :class:`Framework`, pass ``readings`` and ``comparators`` to write them.

    Plans go one file each into ``delivery-plans/``, ``service-plans/`` and
    ``peer-challenges/`` (numbered, so they load in the same order) and readings one file per
    financial year into ``readings/``. :func:`~councilpmf.folder.load_folder` reads back an
    equal framework, the same readings and the same comparator values.

    The folder is written beside ``path`` and read back before it takes its place, so what
    :func:`~councilpmf.folder.load_folder` would refuse (a reading for a year outside 1900 to
    2999, an indicator id holding ``/``, a hidden or control character in a text, which only a
    record built without its checks can hold) is refused here, as :class:`InputError` naming
    the file and field, and nothing is left written.

    >>> import tempfile
    >>> from councilpmf.core.indicators import Reading
    >>> from councilpmf.folder import load_folder
    >>> council = load_folder("examples/york")
    >>> slip = Reading(indicator=council.framework.indicators[0].id, period="1024/25 Q1", value=1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     try:
    ...         save_folder(council.framework, f"{tmp}/york", readings=[slip])
    ...     except InputError as error:
    ...         print(error)
    ...     print(sorted(Path(tmp).iterdir()))
    cannot save readings/1024-25.csv: row 2: period: '1024/25 Q1' is outside the years 1900 to 2999; check the year
    []
    """  # noqa: E501
    root = Path(path)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise FolderWriteError(f"{root}: already exists and is not an empty folder; choose another")
    if isinstance(council, CouncilFolder):
        framework = council.framework
        readings, comparators = council.readings, council.comparators
    else:
        framework = council
    made = _made_folders(root.parent)
    staging: Path | None = None
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
        _write_framework(staging, framework)
        _write_readings(staging, readings, framework.year_start_month)
        _write_comparators(staging, comparators)
        try:
            load_folder(staging, rules=_rule_kinds(framework))
        except InputError as error:
            raise InputError(tuple(f"cannot save {line}" for line in error.problems)) from None
        if root.exists():
            root.rmdir()
        staging.rename(root)
        staging = None
    except OSError as error:
        raise FolderWriteError(f"{root}: cannot be written: {error.strerror or error}") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
            for folder in made:
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return root
