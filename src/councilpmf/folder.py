"""Read a council folder (TOML and CSV files) into a :class:`~councilpmf.core.framework.Framework`
and its readings.

The layout is described in ``docs/council-folder.md``. Every problem is reported with the file
and the path of the field (``plan.toml: $.themes[2].priorities[0].statement: ...``) and nothing
is half-loaded: either the whole folder loads or :class:`~councilpmf.core.convert.InputError`
lists everything that is wrong.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from councilpmf.core._validate import whole_in
from councilpmf.core.actions import DEFAULT_VOCABULARY, StatusVocabulary
from councilpmf.core.approval import ApprovalPolicy
from councilpmf.core.convert import InputError, structure
from councilpmf.core.findings import Finding
from councilpmf.core.framework import Framework
from councilpmf.core.governance import Committee, IndicatorSet
from councilpmf.core.indicators import (
    Approval,
    ComparatorGroup,
    Indicator,
    Reading,
    ReadingStatus,
)
from councilpmf.core.peer_challenge import PeerChallenge
from councilpmf.core.periods import Period, PeriodError, parse_period
from councilpmf.core.plan import (
    BudgetAllocation,
    DeliveryPlan,
    ResourceStrategy,
    ServicePlan,
    StrategicPlan,
)
from councilpmf.core.published import DEFAULT_PUBLISHED_WORDS, PublishedVocabulary
from councilpmf.core.rag import TargetTolerance
from councilpmf.core.risks import RiskRegister
from councilpmf.core.rule import Rule
from councilpmf.textfiles import LIMITS, Limits, csv_rows, parse_number, parse_toml, read_text

__all__ = [
    "CouncilFolder",
    "load_folder",
    "read_comparators",
    "read_reading_rows",
    "read_readings",
]

T = TypeVar("T")

READING_COLUMNS = (
    "indicator",
    "period",
    "value",
    "status",
    "missing_reason",
    "note",
    "published_status",
    "approval",
)
COMPARATOR_COLUMNS = ("indicator", "period", "group", "value")
_REQUIRED = {READING_COLUMNS: READING_COLUMNS[:3], COMPARATOR_COLUMNS: COMPARATOR_COLUMNS}


@attrs.frozen(kw_only=True)
class _CouncilFile:
    area_code: str = ""
    year_start_month: int = attrs.field(default=4, validator=whole_in(1, 12))
    default_rule: Rule = attrs.field(factory=TargetTolerance)
    action_statuses: StatusVocabulary | None = None
    published_statuses: PublishedVocabulary | None = None
    approval: ApprovalPolicy = attrs.field(factory=ApprovalPolicy)


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
class Origin:
    """Where part of the framework came from: framework path prefix -> file and its path."""

    prefix: str
    file: str
    path: str = "$"


@attrs.frozen(kw_only=True)
class CouncilFolder:
    """A loaded council folder: the framework, its readings and comparator values, and a map
    from framework paths back to the files they came from. ``has_comparators`` says whether
    the folder has a ``comparators/`` folder at all (an empty one included): when it has, its
    comparator values are the council's whole set, and loading the folder into a store
    replaces the store's; when it has not, the folder says nothing of them."""

    root: Path
    framework: Framework
    readings: tuple[Reading, ...]
    comparators: tuple[ComparatorGroup, ...]
    origins: tuple[Origin, ...]
    reading_rows: Mapping[tuple[str, str], tuple[str, ...]] = attrs.field(factory=dict)
    has_comparators: bool = False

    def locate(self, path: str) -> str:
        """Turn a framework path into ``file: $.path``, or a reading's path into its rows.

        The longest matching prefix wins, so ``$.delivery_plans[1].actions[0]`` becomes
        ``delivery-plans/our-district.toml: $.actions[0]``; a reading,
        ``$.readings[indicator=HS01, period=2024/25 Q3]``, becomes the row (or rows, when it
        is written more than once) it was read from: ``readings/2024-25.csv: row 14``.
        """
        reading = _READING_PATH.match(path)
        if reading is not None:
            indicator, period = reading.group("indicator"), reading.group("period")
            if period is not None:
                rows = list(self.reading_rows.get((indicator, period), ()))
            else:
                every = [
                    row
                    for (i, _), where in self.reading_rows.items()
                    if i == indicator
                    for row in where
                ]
                rows = [min(every, key=_row_order)] if every else []
            return "; ".join(sorted(rows, key=_row_order)[:3]) if rows else path
        return _in_file(self.origins, path)

    def located(self, finding: Finding) -> Finding:
        """``finding`` with its path in the files (:meth:`locate`), and the places its message
        names by framework path (the plans a risk's action may mean, the committees a lead
        committee may mean) named by their files: ``$.delivery_plans[0]`` becomes
        ``delivery-plans/our-district.toml``, ``$.committees[1]`` becomes
        ``committees.toml: $.committees[1]``."""
        return attrs.evolve(
            finding,
            path=self.locate(finding.path),
            message=_places_in_files(self.origins, finding.message),
        )

    def findings(self) -> tuple[Finding, ...]:
        """The golden-thread findings, with paths that name the files (:meth:`located`)."""
        from councilpmf.core.checks import golden_thread

        return tuple(self.located(f) for f in golden_thread(self.framework))


_READING_PATH = re.compile(
    r"^\$\.readings\[indicator=(?P<indicator>.*?)(?:, period=(?P<period>.*))?\]$"
)


def _in_file(origins: Iterable[Origin], path: str) -> str:
    """A framework path as ``file: $.path``, by the longest matching origin prefix."""
    best: Origin | None = None
    for origin in origins:
        if _starts(path, origin.prefix) and (best is None or len(origin.prefix) > len(best.prefix)):
            best = origin
    if best is None:
        return path
    return f"{best.file}: {best.path}{path[len(best.prefix) :]}"


_FRAMEWORK_PATH = re.compile(r"\$(?:\.[A-Za-z_]+|\[[0-9]+\])+")


def _places_in_files(origins: Iterable[Origin], text: str) -> str:
    """``text`` with each framework path in it naming its file: a whole file by its name
    alone, a place within one as ``file: $.path``."""
    return _FRAMEWORK_PATH.sub(
        lambda found: _in_file(origins, found.group()).removesuffix(": $"), text
    )


def _framework(origins: tuple[Origin, ...], **parts: Any) -> Framework:
    """The framework of the folder's parts, or :class:`InputError` naming the files of a
    problem that spans them (two plans in different files with the same id)."""

    def in_files(line: str) -> str:
        # The line starts with the path of what is wrong; a path later in it names a place.
        lead = _FRAMEWORK_PATH.match(line)
        start = 0 if lead is None else lead.end()
        rest = _places_in_files(origins, line[start:])
        return (_in_file(origins, lead.group()) if lead else "") + rest

    try:
        return Framework(**parts)
    except InputError as error:
        raise InputError(tuple(in_files(line) for line in error.problems)) from None


def _row_order(where: str) -> tuple[str, int]:
    name, _, row = where.rpartition(": row ")
    return name, int(row)


def _starts(path: str, prefix: str) -> bool:
    return path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".[")


class _Problems:
    """Collects problems from every file so that one run reports them all."""

    def __init__(self, limits: Limits, rules: Mapping[str, type[Rule]] | None = None) -> None:
        self.lines: list[str] = []
        self.rules = rules
        self.limits = limits

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
        if not file.exists():
            return None
        return parse_toml(read_text(file, name, problems.limits.toml_bytes), name, problems.limits)
    except InputError as error:
        problems.lines.extend(error.problems)
    except OSError as error:
        problems.lines.append(f"{name}: cannot be read: {error.strerror or error}")
    return None


def _files(root: Path, folder: str, suffix: str) -> list[str]:
    directory = root / folder
    if not directory.is_dir():
        return []
    return sorted(f"{folder}/{p.name}" for p in directory.iterdir() if p.suffix == suffix)


def _each(
    root: Path, folder: str, kind: type[T], prefix: str, problems: _Problems, year_start: int
) -> Iterator[tuple[T, Origin]]:
    for index, name in enumerate(_files(root, folder, ".toml")):
        data = _read_toml(root, name, problems)
        if data is None:
            continue
        record = problems.structure(data, kind, name, year_start=year_start)
        if record is not None:
            yield record, Origin(prefix=f"{prefix}[{index}]", file=name)


def _listing(
    root: Path, name: str, kind: type[T], problems: _Problems, year_start: int, *lists: str
) -> T | None:
    """A file that is a list of tables every council has (indicators.toml): an absent file is
    empty, but a present one that lists nothing is a mistake (a file emptied by accident would
    otherwise show only as dangling references from other files)."""
    data = _read_toml(root, name, problems)
    if data is None:
        return None if (root / name).exists() else problems.structure({}, kind, name)
    if not any(data.get(key) for key in lists):
        tables = " or ".join(f"[[{key}]]" for key in lists)
        problems.lines.append(f"{name}: $: the file lists no {tables}; add them or remove the file")
        return None
    return problems.structure(data, kind, name, year_start=year_start)


def load_folder(
    path: str | Path, limits: Limits = LIMITS, rules: Mapping[str, type[Rule]] | None = None
) -> CouncilFolder:
    """Load a council folder, or raise :class:`InputError` listing every problem. ``rules``
    are the rating-rule kinds plans may name (the built-in ones when None);
    :func:`councilpmf.load_folder` passes every kind installed plugins provide.

    ``limits`` bounds each file's size, nesting, keys and text (see
    :class:`~councilpmf.textfiles.Limits`); a file beyond them is refused before it is read.

    >>> folder = load_folder("examples/mansfield")
    >>> folder.framework.organisation
    'Mansfield District Council'
    """
    root = Path(path)
    if not root.is_dir():
        raise InputError((f"{root}: not a folder",))
    if not (root / "plan.toml").is_file():
        raise InputError((f"{root}: no plan.toml, so this is not a council folder",))
    problems = _Problems(limits, rules)
    council_data = _read_toml(root, "council.toml", problems) or {}
    council = problems.structure(council_data, _CouncilFile, "council.toml") or _CouncilFile()
    year = council.year_start_month
    plan_data = _read_toml(root, "plan.toml", problems)
    plan = (
        None
        if plan_data is None
        else problems.structure(plan_data, StrategicPlan, "plan.toml", year_start=year)
    )
    indicators = _listing(root, "indicators.toml", _IndicatorsFile, problems, year, "indicators")
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
    if indicators is not None:
        problems.lines.extend(_indicator_id_problems(indicators.indicators))
    located = list(_read_csvs(root, "readings", problems, year, _reading))
    readings = [reading for _, reading in located]
    known = {} if indicators is None else {i.id: i for i in indicators.indicators}
    comparators = _group_comparators(
        _checked_comparators(
            _read_csvs(root, "comparators", problems, year, _comparator_row), known, problems
        )
    )
    problems.raise_any()
    assert plan is not None and indicators is not None
    assert committees is not None and resources is not None and risks is not None
    vocabulary = DEFAULT_VOCABULARY
    if council.action_statuses is not None:
        vocabulary = vocabulary.extended(council.action_statuses.words)
    published = DEFAULT_PUBLISHED_WORDS
    if council.published_statuses is not None:
        published = published.extended(council.published_statuses.words)
    origins = (
        Origin(prefix="$", file="council.toml"),
        Origin(prefix="$.plan", file="plan.toml"),
        Origin(prefix="$.indicators", file="indicators.toml", path="$.indicators"),
        Origin(prefix="$.committees", file="committees.toml", path="$.committees"),
        Origin(prefix="$.indicator_sets", file="committees.toml", path="$.indicator_sets"),
        Origin(prefix="$.resource_strategies", file="resources.toml", path="$.resource_strategies"),
        Origin(prefix="$.budget", file="resources.toml", path="$.budget"),
        Origin(prefix="$.risks", file="risks.toml"),
        *(s for _, s in delivery),
        *(s for _, s in services),
        *(s for _, s in challenges),
    )
    framework = _framework(
        origins,
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
        published_statuses=published,
        year_start_month=year,
        area_code=council.area_code,
        approval=council.approval,
    )
    rows: dict[tuple[str, str], tuple[str, ...]] = {}
    for where, reading in located:
        key = (reading.indicator, str(reading.period))
        rows[key] = (*rows.get(key, ()), where)
    return CouncilFolder(
        root=root,
        framework=framework,
        readings=tuple(readings),
        comparators=comparators,
        origins=origins,
        reading_rows=rows,
        has_comparators=(root / "comparators").is_dir(),
    )


# An id that names a file in a store or a path in a report must not climb out of its folder or
# hide what it says.
_UNSAFE_ID = re.compile(r"[/\\]|^\.|^\s|\s$")
_LONGEST_ID = 100


def id_problem(text: str) -> str | None:
    """Say why ``text`` cannot be an indicator id, or None if it can be.

    >>> id_problem("HS01") is None
    True
    >>> id_problem("../../etc")
    "'../../etc' cannot be an id: an id may not hold / or \\\\, start with a dot or start or end with a space"
    """  # noqa: E501
    if len(text) > _LONGEST_ID:
        return f"an id may be at most {_LONGEST_ID} characters, not {len(text):,}"
    if _UNSAFE_ID.search(text):
        return (
            f"{text!r} cannot be an id: an id may not hold / or \\, start with a dot or start "
            "or end with a space"
        )
    return None


def _indicator_id_problems(indicators: Iterable[Indicator]) -> Iterator[str]:
    for index, indicator in enumerate(indicators):
        problem = id_problem(indicator.id)
        if problem is not None:
            yield f"indicators.toml: $.indicators[{index}].id: {problem}"


# A year outside these is almost certainly a slip (1024 for 2024), and the years around it
# (the year before, for travel) must exist too.
_FIRST_YEAR, _LAST_YEAR = 1900, 2999


@functools.lru_cache(maxsize=4096)
def _period(text: str, year_start: int) -> Period:
    """A period of a CSV row; each distinct text is parsed once (a readings file repeats the
    same few periods on every row)."""
    try:
        period = parse_period(text, year_start)
    except PeriodError as error:
        raise ValueError(f"period: {error}") from None
    if not (period.start.year >= _FIRST_YEAR and period.end.year <= _LAST_YEAR):
        raise ValueError(
            f"period: {text.strip()!r} is outside the years {_FIRST_YEAR} to {_LAST_YEAR}; "
            "check the year"
        )
    return period


def _indicator(row: dict[str, str]) -> str:
    indicator = row.get("indicator", "").strip()
    if not indicator:
        raise ValueError("indicator: missing")
    problem = id_problem(indicator)
    if problem is not None:
        raise ValueError(f"indicator: {problem}")
    return indicator


_APPROVALS = {a.value: a for a in Approval}


def _reading(
    row: dict[str, str], year_start: int, approval: Approval = Approval.APPROVED
) -> Reading:
    """The reading of one CSV row; ``approval`` is its state when the row gives none."""
    value_text = row.get("value", "").strip()
    status_text = row.get("status", "").strip().lower() or "final"
    statuses = {s.value: s for s in ReadingStatus}
    if status_text not in statuses:
        raise ValueError(f"status: {status_text!r} is not 'provisional' or 'final'")
    approval_text = row.get("approval", "").strip().lower()
    if approval_text and approval_text not in _APPROVALS:
        raise ValueError(
            f"approval: {approval_text[:40]!r} is not one of "
            f"{', '.join(repr(a) for a in _APPROVALS)}"
        )
    reason = row.get("missing_reason", "").strip() or None
    indicator = _indicator(row)
    value = parse_number(value_text, "value") if value_text else None
    if value is None and reason is None:
        raise ValueError("value: missing, and no missing_reason says why")
    if value is not None and reason is not None:
        raise ValueError(
            "missing_reason: given beside a value; a row has a value or a missing_reason, not both"
        )
    return Reading(
        indicator=indicator,
        period=_period(row.get("period", ""), year_start),
        value=value,
        missing_reason=reason,
        status=statuses[status_text],
        note=row.get("note", "").strip(),
        published_status=_published_status(row),
        approval=_APPROVALS[approval_text] if approval_text else approval,
    )


# The longest published status a readings file may hold: a status is a word or a few.
_LONGEST_STATUS = 100


def _published_status(row: dict[str, str]) -> str:
    """The status the council published, as written (spacing collapsed); any words are taken
    here, and an audit says which ones the council's vocabulary does not know."""
    status = " ".join(row.get("published_status", "").split())
    if len(status) > _LONGEST_STATUS:
        raise ValueError(
            f"published_status: {len(status):,} characters is not a status; a published status "
            f"is a word or a few (at most {_LONGEST_STATUS} characters), such as Green or On target"
        )
    return status


_Comparator = tuple[str, Period, str, float]


def _comparator_row(row: dict[str, str], year_start: int) -> _Comparator:
    indicator, group = _indicator(row), row.get("group", "").strip()
    if not group:
        raise ValueError("group: missing")
    period = _period(row.get("period", ""), year_start)
    return indicator, period, group, parse_number(row.get("value", ""), "value")


def _checked_comparators(
    located: Iterable[tuple[str, _Comparator]],
    indicators: Mapping[str, Indicator],
    problems: _Problems,
) -> Iterator[_Comparator]:
    """Comparator values of known indicators that their unit allows; a comparator value moves
    every quartile rating, so a wrong one is refused at its row."""
    for where, row in located:
        indicator_id, _, _, value = row
        indicator = indicators.get(indicator_id)
        if indicator is None:
            problems.lines.append(
                f"{where}: indicator: {indicator_id!r} is not one of the indicators in "
                "indicators.toml"
            )
            continue
        impossible = indicator.impossible(value)
        if impossible is not None:
            problems.lines.append(
                f"{where}: value: {indicator.format_value(value)} is {impossible}, which the "
                f"unit of {indicator_id} ({indicator.unit.value}) does not allow"
            )
            continue
        yield row


def _group_comparators(rows: Iterable[_Comparator]) -> tuple[ComparatorGroup, ...]:
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
    """Each good row as ``("file: row N", parsed)``; each bad one becomes a problem."""
    header: list[str] | None = None
    try:
        for number, cells in csv_rows(file, name, problems.limits):
            if isinstance(cells, str):
                problems.lines.append(f"{name}: row {number}: {cells}")
                if header is None:
                    return  # no header, so no row after it can be read by its columns
                continue
            if header is None:
                header = [c.strip() for c in cells]
                if not _header_ok(name, header, columns, problems):
                    return
                continue
            if not cells:
                continue  # a blank line
            if len(cells) > len(header):
                problems.lines.append(f"{name}: row {number}: more cells than columns")
                continue
            row = dict(zip(header, cells, strict=False))
            try:
                yield f"{name}: row {number}", parse(row, year_start)
            except (ValueError, TypeError) as error:
                problems.lines.append(f"{name}: row {number}: {error}")
        if header is None:
            _header_ok(name, [], columns, problems)
    except InputError as error:
        problems.lines.extend(error.problems)
    except OSError as error:
        problems.lines.append(f"{name}: cannot be read: {error.strerror or error}")


def _header_ok(name: str, header: list[str], columns: tuple[str, ...], problems: _Problems) -> bool:
    unknown = [c for c in header if c not in columns]
    missing = [c for c in _REQUIRED[columns] if c not in header]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if not (unknown or missing or repeated):
        return True
    problems.lines.append(
        f"{name}: row 1: the header must use the columns {', '.join(columns)}"
        + (f"; unknown: {', '.join(repr(c)[1:-1] for c in unknown)}" if unknown else "")
        + (f"; missing: {', '.join(missing)}" if missing else "")
        + (f"; repeated: {', '.join(repeated)}" if repeated else "")
    )
    return False


def read_readings(
    path: str | Path, year_start_month: int = 4, limits: Limits = LIMITS
) -> tuple[Reading, ...]:
    """Read one readings CSV file, or raise :class:`InputError` naming every bad row."""
    return tuple(reading for _, reading in read_reading_rows(path, year_start_month, limits))


def read_reading_rows(
    path: str | Path,
    year_start_month: int = 4,
    limits: Limits = LIMITS,
    approval: Approval = Approval.APPROVED,
) -> tuple[tuple[str, Reading], ...]:
    """Read one readings CSV file, each reading with where it is (``q3.csv: row 7``), or
    raise :class:`InputError` naming every bad row. ``approval`` is the state of a reading
    whose row gives none in its ``approval`` column."""
    file = Path(path)
    problems = _Problems(limits)
    parse = functools.partial(_reading, approval=approval)
    rows = tuple(_read_csv(file, file.name, READING_COLUMNS, problems, year_start_month, parse))
    problems.raise_any()
    return rows


def read_comparators(
    path: str | Path, year_start_month: int = 4, limits: Limits = LIMITS
) -> tuple[ComparatorGroup, ...]:
    """Read one comparators CSV file (indicator, period, group, value per row)."""
    file = Path(path)
    problems = _Problems(limits)
    rows = [
        row
        for _, row in _read_csv(
            file, file.name, COMPARATOR_COLUMNS, problems, year_start_month, _comparator_row
        )
    ]
    problems.raise_any()
    return _group_comparators(rows)
