"""``json``: the report document as JSON, schema ``councilpmf.report/1``.

Keys are sorted, text is kept as UTF-8 (``ensure_ascii=False``), numbers stay numbers and the
output ends with a newline. Every string decodes to what the other formats show
(:func:`councilpmf.escape.readable`): a control character other than tab, line feed and carriage
return, a bidirectional override and half a surrogate pair each become ``�``, so a reader of the
file, or a program that prints its strings, never gets one as it is. The schema is described in
``docs/reports.md``; a change that would break a reader gets a new schema name.
"""

from __future__ import annotations

import json
from typing import Any

from councilpmf.core.report import (
    Block,
    Cell,
    Chart,
    DateCell,
    NumberCell,
    Paragraph,
    Point,
    Report,
    StatusCell,
    Table,
    TravelCell,
)
from councilpmf.escape import readable
from councilpmf.plugin_types import ReportFormat

__all__ = ["FORMAT", "SCHEMA", "document", "render"]

SCHEMA = "councilpmf.report/1"


def _cell(cell: Cell) -> Any:
    if isinstance(cell, NumberCell):
        return {"value": cell.value, "text": cell.text}
    if isinstance(cell, StatusCell):
        return {"status": cell.status.value, "word": cell.word, "symbol": cell.symbol}
    if isinstance(cell, TravelCell):
        return {"direction": cell.direction.value, "word": cell.word, "symbol": cell.symbol}
    if isinstance(cell, DateCell):
        return {"date": None if cell.value is None else cell.value.isoformat(), "text": cell.text}
    return cell


def _point(point: Point) -> dict[str, Any]:
    """A point; a value series' point also has its period's rating as ``status``, and
    ``"provisional": true`` when its reading is provisional; a target point whose target is a
    band has the band's ``low`` and ``high``."""
    shown: dict[str, Any] = {"label": point.label, "value": point.value, "text": point.text}
    if point.status is not None:
        shown["status"] = _cell(point.status)
    if point.provisional:
        shown["provisional"] = True
    if point.band is not None:
        shown["low"], shown["high"] = point.band
    return shown


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text}
    if isinstance(block, Table):
        keys = [c.key for c in block.columns[1:]]
        return {
            "type": "table",
            "caption": block.caption,
            "columns": [{"key": c.key, "title": c.title, "kind": c.kind} for c in block.columns],
            "rows": [
                {
                    "header": row.header,
                    "group": row.group,
                    "committee": row.committee,
                    "cells": {k: _cell(c) for k, c in zip(keys, row.cells, strict=True)},
                }
                for row in block.rows
            ],
        }
    assert isinstance(block, Chart)
    return {
        "type": "chart",
        "title": block.title,
        "description": block.description,
        "unit": block.unit,
        "series": [
            {
                "name": s.name,
                "points": [_point(p) for p in s.points],
            }
            for s in block.series
        ],
    }


def _shown(value: Any) -> Any:
    """``value`` (JSON-ready) with every string in it, keys too, through :func:`readable`.

    >>> _shown({"a\\x1b": ["Bell\\x07", 1.5, None]})
    {'a�': ['Bell�', 1.5, None]}
    """
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, dict):
        return {readable(key): _shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shown(item) for item in value]
    return value


def document(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready values (what :func:`render` writes), its text as the
    other formats show it."""
    shown: dict[str, Any] = _shown(_document(report))
    return shown


def _document(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "kind": report.kind,
        "title": report.title,
        "council": report.council,
        "committee": report.committee,
        "period": report.period,
        "as_of": report.as_of.isoformat(),
        "summary": report.summary,
        "sections": [
            {"heading": s.heading, "blocks": [_block(b) for b in s.blocks]} for s in report.sections
        ],
    }


def render(report: Report) -> str:
    """The report as JSON text, keys sorted, two-space indents, ending with a newline."""
    text = json.dumps(
        document(report), sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False
    )
    return text + "\n"


FORMAT = ReportFormat(
    name="json",
    suffix=".json",
    media_type="application/json",
    render=render,
    description="The report document as JSON (schema councilpmf.report/1)",
)
