"""councilpmf-owners: who owns what.

A councilpmf plugin, packaged the way a council would package its own. It adds:

- a check, ``owners``, run by ``councilpmf validate``: every indicator, and every action in a
  delivery or service plan, names an owner (a warning ``no-owner`` otherwise);
- a report format, ``owners``: a plain-text list, grouped by owner, of what is red or amber in a
  report (``councilpmf report ... --format owners``).

It is found through the entry point ``owners`` in the ``councilpmf`` group (see pyproject.toml).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import attrs

from councilpmf import Finding, Framework, Readings, Severity, Status, hookimpl
from councilpmf.core.actions import format_date
from councilpmf.core.report import Cell, Report, StatusCell, Table, cell_text
from councilpmf.escape import readable
from councilpmf.plugin_types import CheckType, ReportFormat

__all__ = ["councilpmf_checks", "councilpmf_report_formats", "missing_owners", "render_owners"]

__version__ = "0.1.0"


# -- the check ---------------------------------------------------------------------------------


def missing_owners(framework: Framework, readings: Readings, as_of: dt.date) -> Iterator[Finding]:
    """A ``no-owner`` warning for each indicator, and each delivery or service plan action,
    that names no owner. ``readings`` and ``as_of`` are not needed: ownership does not change
    with the data."""
    for i, indicator in enumerate(framework.indicators):
        if not indicator.owner.strip():
            yield Finding(
                severity=Severity.WARNING,
                code="no-owner",
                path=f"$.indicators[{i}].owner",
                message=(
                    f"Indicator {indicator.id} '{indicator.title}' has no owner; name the "
                    "officer accountable for it."
                ),
            )
    plans = (
        *((f"$.delivery_plans[{p}]", f"delivery plan '{plan.title}'", plan.actions)
          for p, plan in enumerate(framework.delivery_plans)),
        *((f"$.service_plans[{p}]", f"service plan '{plan.service}'", plan.actions)
          for p, plan in enumerate(framework.service_plans)),
    )  # fmt: skip
    for path, where, actions in plans:
        for a, action in enumerate(actions):
            if not any(owner.strip() for owner in action.owners):
                yield Finding(
                    severity=Severity.WARNING,
                    code="no-owner",
                    path=f"{path}.actions[{a}].owners",
                    message=(
                        f"Action {action.ref} '{action.title}' in {where} has no owner; name "
                        "the officer responsible for delivering it."
                    ),
                )


@hookimpl
def councilpmf_checks() -> list[CheckType]:
    """The ``owners`` check."""
    return [
        CheckType(
            name="owners",
            run=missing_owners,
            description="Every indicator and every delivery or service plan action has an owner",
        )
    ]


# -- the report format -------------------------------------------------------------------------


NO_OWNER = "No owner named"

# Red before amber; the rest never reach the list.
_ORDER = {Status.RED: 0, Status.AMBER: 1}


def _clean(text: str) -> str:
    """One line of plain text: line breaks and tabs become spaces and other control characters
    become U+FFFD, so nothing in a council's data can move the cursor of a terminal."""
    return readable(re.sub(r"[\t\r\n]+", " ", text)).strip()


@attrs.frozen(order=True)
class _Item:
    """One red or amber line of a report, as the owners format lists it."""

    rank: int
    ref: str
    title: str
    rating: str
    measure: str


def _owners(cell: Cell, key: str) -> tuple[str, ...]:
    """The owners in a cell: an ``owner`` column holds one name, an ``owners`` column the
    names joined with "; " (as the report document writes them)."""
    text = _clean(cell_text(cell))
    if not text:
        return ()
    names = text.split(";") if key == "owners" else [text]
    return tuple(name.strip() for name in names if name.strip())


def _items(table: Table) -> Iterator[tuple[str, _Item]]:
    """(owner, item) for each red or amber status cell in ``table``."""
    keys = [column.key for column in table.columns]
    owner_keys = [k for k in keys if k in ("owner", "owners")]
    for row in table.rows:
        # Cell i belongs to column i + 1: the first column is the row header.
        cells = dict(zip(keys[1:], row.cells, strict=True))
        statuses = [
            cell
            for column, cell in zip(table.columns[1:], row.cells, strict=True)
            if column.kind == "status" and isinstance(cell, StatusCell)
        ]
        for status in statuses:
            if status.status not in _ORDER:
                continue
            value = _clean(cell_text(cells.get("value")))
            target = _clean(cell_text(cells.get("target")))
            measure = f"{value} against a target of {target}" if value and target else value
            item = _Item(
                rank=_ORDER[status.status],
                ref=_clean(cell_text(cells.get("ref")) or cell_text(cells.get("indicator"))),
                title=_clean(row.header),
                rating=_clean(f"{status.symbol} {status.word}"),
                measure=measure,
            )
            owners = [name for key in owner_keys for name in _owners(cells[key], key)]
            for owner in dict.fromkeys(owners) or (NO_OWNER,):
                yield owner, item


def _owner_order(owner: str) -> tuple[bool, str, str]:
    return (owner == NO_OWNER, owner.casefold(), owner)


def render_owners(report: Report) -> str:
    """Who owns what is red or amber in ``report``, grouped by owner.

    Reads the status cells of the report's tables and the owner (or owners) column of the
    same row; never recomputes a rating. Owners are sorted alphabetically, with lines naming
    no owner last; within an owner, reds come before ambers, then by reference. A line with
    two owners is listed under each.
    """
    by_owner: dict[str, set[_Item]] = {}
    for table in report.tables():
        for owner, item in _items(table):
            by_owner.setdefault(owner, set()).add(item)
    as_of = format_date(report.as_of)
    lines = [_clean(report.title), f"Who owns what is red or amber, as of {as_of}"]
    if not by_owner:
        lines += ["", "Nothing in this report is red or amber."]
        return "\n".join(lines) + "\n"
    every = {item for items in by_owner.values() for item in items}
    reds = sum(item.rank == 0 for item in every)
    owners = f"{len(by_owner)} owner" + ("" if len(by_owner) == 1 else "s")
    lines.append(f"{reds} red, {len(every) - reds} amber; {owners}")
    width = max(len(item.rating) for item in every)
    for owner in sorted(by_owner, key=_owner_order):
        items = sorted(by_owner[owner])
        lines += ["", f"{owner} ({len(items)})"]
        for item in items:
            parts = (item.rating.ljust(width), item.ref, item.title)
            line = "  " + "  ".join(part for part in parts if part)
            if item.measure:
                line += f": {item.measure}"
            lines.append(line)
    return "\n".join(lines) + "\n"


@hookimpl
def councilpmf_report_formats() -> list[ReportFormat]:
    """The ``owners`` format."""
    return [
        ReportFormat(
            name="owners",
            suffix=".txt",
            media_type="text/plain",
            render=render_owners,
            description="Who owns what is red or amber, grouped by owner (plain text)",
        )
    ]
