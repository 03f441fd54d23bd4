"""Read a council folder (TOML and CSV files) into a :class:`~councilpmf.core.framework.Framework`
and its readings.

The layout is described in ``docs/council-folder.md``. Every problem is reported with the file
and the path of the field (``plan.toml: $.themes[2].priorities[0].statement: ...``) and nothing
is half-loaded: either the whole folder loads or :class:`~councilpmf.core.convert.InputError`
lists everything that is wrong.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from councilpmf.core.actions import DEFAULT_VOCABULARY, StatusVocabulary
from councilpmf.core.convert import InputError, structure
from councilpmf.core.findings import Finding
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, IndicatorSet
from councilpmf.core.indicators import ComparatorGroup, Indicator, Reading, ReadingStatus
from councilpmf.core.peer_challenge import PeerChallenge
from councilpmf.core.periods import Period, PeriodError, parse_period
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    ResourceStrategy,
    ServicePlan,
    StrategicPlan,
)
from councilpmf.core.rag import TargetTolerance
from councilpmf.core.risks import RiskRegister
from councilpmf.core.rule import Rule
from councilpmf.plugins import rule_kinds

__all__ = [
    "CouncilFolder",
    "load_folder",
    "read_comparators",
    "read_reading_rows",
    "read_readings",
]

T = TypeVar("T")

READING_COLUMNS = ("indicator", "period", "value", "status", "missing_reason", "note")
COMPARATOR_COLUMNS = ("indicator", "period", "group", "value")
_REQUIRED = {READING_COLUMNS: READING_COLUMNS[:3], COMPARATOR_COLUMNS: COMPARATOR_COLUMNS}


@attrs.frozen(kw_only=True)
class _CouncilFile:
    area_code: str = ""
    year_start_month: int = 4
    default_rule: Rule = attrs.field(factory=TargetTolerance)
    action_statuses: StatusVocabulary | None = None


@attrs.frozen(kw_only=True)
class _IndicatorsFile:
    indicators: tuple[Indicator, ...] = ()


@attrs.frozen(kw_only=True)
class _CommitteesFile:
    committees: tuple[Committee, ...] = ()
    indicator_sets: tuple[IndicatorSet, ...] = ()


@attrs.frozen(kw_only=True)
class _ResourcesFile:
    resource_strategies: tuple[ResourceStrategy, ...] = ()
    budget: tuple[BudgetAllocation, ...] = ()


@attrs.frozen(kw_only=True)
class Source:
    """Where part of the framework came from: framework path prefix -> file and its path."""

    prefix: str
    file: str
    path: str = "$"


@attrs.frozen(kw_only=True)
class CouncilFolder:
    """A loaded council folder: the framework, its readings and comparator values, and a map
    from framework paths back to the files they came from."""

    root: Path
    framework: Framework
    readings: tuple[Reading, ...]
    comparators: tuple[ComparatorGroup, ...]
    sources: tuple[Source, ...]
    reading_rows: Mapping[tuple[str, str], str] = attrs.field(factory=dict)

    def locate(self, path: str) -> str:
        """Turn a framework path into ``file: $.path``.

        The longest matching prefix wins, so ``$.delivery_plans[1].actions[0]`` becomes
        ``delivery-plans/our-district.toml: $.actions[0]``.
        """
        reading = _READING_PATH.match(path)
        if reading is not None:
            indicator, period = reading.group("indicator"), reading.group("period")
            rows = [
                where
                for (i, p), where in self.reading_rows.items()
                if i == indicator and (period is None or p == period)
            ]
            return min(rows, key=_row_order) if rows else path
        best: Source | None = None
        for source in self.sources:
            if _starts(path, source.prefix) and (
                best is None or len(source.prefix) > len(best.prefix)
            ):
                best = source
        if best is None:
            return path
        return f"{best.file}: {best.path}{path[len(best.prefix) :]}"

    def findings(self) -> tuple[Finding, ...]:
        """The golden-thread findings, with paths that name the files."""
        from councilpmf.core.checks import golden_thread

        return tuple(
            attrs.evolve(f, path=self.locate(f.path)) for f in golden_thread(self.framework)
        )


_READING_PATH = re.compile(
    r"^\$\.readings\[indicator=(?P<indicator>.*?)(?:, period=(?P<period>.*))?\]$"
)


def _row_order(where: str) -> tuple[str, int]:
    name, _, row = where.rpartition(": row ")
    return name, int(row)


def _starts(path: str, prefix: str) -> bool:
    return path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".[")


class _Problems:
    """Collects problems from every file so that one run reports them all."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.rules = rule_kinds()

    def structure(
        self, data: Any, kind: type[T], source: str, path: str = "$", year_start: int = 4
    ) -> T | None:
        try:
            return structure(
                data,
                kind,
                source=source,
                path=path,
                year_start_month=year_start,
                rules=self.rules,
            )
        except InputError as error:
            self.lines.extend(error.problems)
            return None

    def raise_any(self) -> None:
        if self.lines:
            raise InputError(tuple(self.lines))


def _read_toml(root: Path, name: str, problems: _Problems) -> dict[str, Any] | None:
    file = root / name
    try:
        with file.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return None
    except tomllib.TOMLDecodeError as error:
        problems.lines.append(f"{name}: {error}")
    except (OSError, UnicodeDecodeError) as error:
        problems.lines.append(f"{name}: cannot be read: {error}")
    return None


def _files(root: Path, folder: str, suffix: str) -> list[str]:
    directory = root / folder
    if not directory.is_dir():
        return []
    return sorted(f"{folder}/{p.name}" for p in directory.iterdir() if p.suffix == suffix)


def _each(
    root: Path, folder: str, kind: type[T], prefix: str, problems: _Problems, year_start: int
) -> Iterator[tuple[T, Source]]:
    for index, name in enumerate(_files(root, folder, ".toml")):
        data = _read_toml(root, name, problems)
        if data is None:
            continue
        record = problems.structure(data, kind, name, year_start=year_start)
        if record is not None:
            yield record, Source(prefix=f"{prefix}[{index}]", file=name)


def load_folder(path: str | Path) -> CouncilFolder:
    """Load a council folder, or raise :class:`InputError` listing every problem.

    >>> folder = load_folder("examples/mansfield")
    >>> folder.framework.organisation
    'Mansfield District Council'
    """
    root = Path(path)
    if not root.is_dir():
        raise InputError((f"{root}: not a folder",))
    if not (root / "plan.toml").is_file():
        raise InputError((f"{root}: no plan.toml, so this is not a council folder",))
    problems = _Problems()
    council_data = _read_toml(root, "council.toml", problems) or {}
    council = problems.structure(council_data, _CouncilFile, "council.toml") or _CouncilFile()
    year = council.year_start_month
    plan_data = _read_toml(root, "plan.toml", problems)
    plan = (
        None
        if plan_data is None
        else problems.structure(plan_data, StrategicPlan, "plan.toml", year_start=year)
    )
    indicators = problems.structure(
        _read_toml(root, "indicators.toml", problems) or {},
        _IndicatorsFile,
        "indicators.toml",
        year_start=year,
    )
    committees = problems.structure(
        _read_toml(root, "committees.toml", problems) or {},
        _CommitteesFile,
        "committees.toml",
        year_start=year,
    )
    resources = problems.structure(
        _read_toml(root, "resources.toml", problems) or {},
        _ResourcesFile,
        "resources.toml",
        year_start=year,
    )
    risks = problems.structure(
        _read_toml(root, "risks.toml", problems) or {}, RiskRegister, "risks.toml", year_start=year
    )
    delivery = list(_each(root, "delivery-plans", DeliveryPlan, "$.delivery_plans", problems, year))
    services = list(_each(root, "service-plans", ServicePlan, "$.service_plans", problems, year))
    challenges = list(
        _each(root, "peer-challenges", PeerChallenge, "$.peer_challenges", problems, year)
    )
    located = list(_read_csvs(root, "readings", problems, year, _reading))
    readings = [reading for _, reading in located]
    comparators = _group_comparators(
        row for _, row in _read_csvs(root, "comparators", problems, year, _comparator_row)
    )
    problems.raise_any()
    assert plan is not None and indicators is not None
    assert committees is not None and resources is not None and risks is not None
    vocabulary = DEFAULT_VOCABULARY
    if council.action_statuses is not None:
        vocabulary = vocabulary.extended(council.action_statuses.words)
    framework = Framework(
        plan=plan,
        indicators=indicators.indicators,
        delivery_plans=tuple(d for d, _ in delivery),
        service_plans=tuple(s for s, _ in services),
        resource_strategies=resources.resource_strategies,
        budget=resources.budget,
        committees=committees.committees,
        indicator_sets=committees.indicator_sets,
        peer_challenges=tuple(c for c, _ in challenges),
        risks=risks,
        default_rule=council.default_rule,
        vocabulary=vocabulary,
        year_start_month=year,
        area_code=council.area_code,
    )
    sources = (
        Source(prefix="$", file="council.toml"),
        Source(prefix="$.plan", file="plan.toml"),
        Source(prefix="$.indicators", file="indicators.toml", path="$.indicators"),
        Source(prefix="$.committees", file="committees.toml", path="$.committees"),
        Source(prefix="$.indicator_sets", file="committees.toml", path="$.indicator_sets"),
        Source(prefix="$.resource_strategies", file="resources.toml", path="$.resource_strategies"),
        Source(prefix="$.budget", file="resources.toml", path="$.budget"),
        Source(prefix="$.risks", file="risks.toml"),
        *(s for _, s in delivery),
        *(s for _, s in services),
        *(s for _, s in challenges),
    )
    return CouncilFolder(
        root=root,
        framework=framework,
        readings=tuple(readings),
        comparators=comparators,
        sources=sources,
        reading_rows={(r.indicator, str(r.period)): where for where, r in reversed(located)},
    )


def _number(text: str, field: str) -> float:
    cleaned = text.strip().replace(",", "")
    lowered = cleaned.lower()
    if lowered in ("yes", "no"):
        return 1.0 if lowered == "yes" else 0.0
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{field}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{field}: {text!r} is not a finite number")
    return value


def _period(text: str, year_start: int) -> Period:
    try:
        return parse_period(text, year_start)
    except PeriodError as error:
        raise ValueError(f"period: {error}") from None


def _reading(row: dict[str, str], year_start: int) -> Reading:
    value_text = row.get("value", "").strip()
    status_text = row.get("status", "").strip().lower() or "final"
    statuses = {s.value: s for s in ReadingStatus}
    if status_text not in statuses:
        raise ValueError(f"status: {status_text!r} is not 'provisional' or 'final'")
    reason = row.get("missing_reason", "").strip() or None
    indicator = row.get("indicator", "").strip()
    if not indicator:
        raise ValueError("indicator: missing")
    value = _number(value_text, "value") if value_text else None
    if value is None and reason is None:
        raise ValueError("value: missing, and no missing_reason says why")
    if value is not None and reason is not None:
        raise ValueError("a row has a value or a missing_reason, not both")
    return Reading(
        indicator=indicator,
        period=_period(row.get("period", ""), year_start),
        value=value,
        missing_reason=reason,
        status=statuses[status_text],
        note=row.get("note", "").strip(),
    )


def _comparator_row(row: dict[str, str], year_start: int) -> tuple[str, Period, str, float]:
    indicator, group = row.get("indicator", "").strip(), row.get("group", "").strip()
    if not indicator or not group:
        raise ValueError("indicator and group must not be empty")
    period = _period(row.get("period", ""), year_start)
    return indicator, period, group, _number(row.get("value", ""), "value")


def _group_comparators(
    rows: Iterable[tuple[str, Period, str, float]],
) -> tuple[ComparatorGroup, ...]:
    groups: dict[tuple[str, Period, str], list[float]] = {}
    for indicator, period, group, value in rows:
        groups.setdefault((indicator, period, group), []).append(value)
    return tuple(
        ComparatorGroup(indicator=i, period=p, group=g, values=tuple(values))
        for (i, p, g), values in groups.items()
    )


def _read_csvs(
    root: Path, folder: str, problems: _Problems, year_start: int, parse: Any
) -> Iterator[Any]:
    columns = READING_COLUMNS if folder == "readings" else COMPARATOR_COLUMNS
    for name in _files(root, folder, ".csv"):
        yield from _read_csv(root / name, name, columns, problems, year_start, parse)


def _read_csv(
    file: Path,
    name: str,
    columns: tuple[str, ...],
    problems: _Problems,
    year_start: int,
    parse: Any,
) -> Iterator[Any]:
    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            unknown = [c for c in header if c not in columns]
            missing = [c for c in _REQUIRED[columns] if c not in header]
            if unknown or missing:
                problems.lines.append(
                    f"{name}: row 1: the header must use the columns {', '.join(columns)}"
                    + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                    + (f"; missing: {', '.join(missing)}" if missing else "")
                )
                return
            for row in reader:
                if None in row:
                    problems.lines.append(f"{name}: row {reader.line_num}: more cells than columns")
                    continue
                try:
                    parsed = parse({k: v or "" for k, v in row.items()}, year_start)
                    yield f"{name}: row {reader.line_num}", parsed
                except (ValueError, TypeError) as error:
                    problems.lines.append(f"{name}: row {reader.line_num}: {error}")
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        problems.lines.append(f"{name}: cannot be read: {error}")


def read_readings(path: str | Path, year_start_month: int = 4) -> tuple[Reading, ...]:
    """Read one readings CSV file, or raise :class:`InputError` naming every bad row."""
    return tuple(reading for _, reading in read_reading_rows(path, year_start_month))


def read_reading_rows(
    path: str | Path, year_start_month: int = 4
) -> tuple[tuple[str, Reading], ...]:
    """Read one readings CSV file, each reading with where it is (``q3.csv: row 7``), or
    raise :class:`InputError` naming every bad row."""
    file = Path(path)
    problems = _Problems()
    rows = tuple(_read_csv(file, file.name, READING_COLUMNS, problems, year_start_month, _reading))
    problems.raise_any()
    return rows


def read_comparators(path: str | Path, year_start_month: int = 4) -> tuple[ComparatorGroup, ...]:
    """Read one comparators CSV file (indicator, period, group, value per row)."""
    file = Path(path)
    problems = _Problems()
    rows = [
        row
        for _, row in _read_csv(
            file, file.name, COMPARATOR_COLUMNS, problems, year_start_month, _comparator_row
        )
    ]
    problems.raise_any()
    return _group_comparators(rows)
