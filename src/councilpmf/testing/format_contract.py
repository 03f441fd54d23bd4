"""The format contract: the tests every report format passes.

Subclass :class:`FormatContract` and name the format (or give the
:class:`~councilpmf.plugin_types.ReportFormat` itself)::

    from councilpmf.testing import FormatContract

    class TestTsvFormat(FormatContract):
        format = "tsv"

The contract renders a report of every kind (built from
:func:`~councilpmf.testing.samples.sample_framework`) and checks that:

- the output is ``str`` for a text media type (``text/*``, JSON, XML, or one that names a
  ``charset``) and ``bytes`` for any other, and is not empty;
- rendering is deterministic: the same report, or an equal one built again, gives the same
  output, byte for byte (fix any timestamp a file format writes);
- hostile council text stays inert wherever the format can tell: no raw ``<script`` in HTML or
  Markdown; no control character (C0 but tab, line feed and carriage return, DEL, C1), no
  bidirectional override or isolate (which shows text in another order than it is written) and
  no half of a surrogate pair (:func:`councilpmf.escape.readable` replaces them all, as every
  built-in format does) in any text a format writes: plain text, Markdown, CSV, the strings of
  JSON (escaping them as ``\\u001b`` is not enough), HTML (a character reference ``&#x202e;``
  neither), XML's text and attributes (character references read), those of an Office (zip)
  file's XML parts too; no field of a CSV file and no cell of a spreadsheet that starts a
  formula, every XML part of an Office file well formed, a PDF that is a PDF;
- ``name``, ``suffix`` (``.xlsx``), ``media_type`` (``type/subtype``) and ``description`` pass
  the record's own checks (:mod:`councilpmf.plugin_types`), one definition for both.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import ClassVar
from xml.etree import ElementTree

import attrs
import pytest

from councilpmf.core.report import REPORT_KINDS, Report
from councilpmf.escape import BIDI, CONTROL, SURROGATE
from councilpmf.plugin_types import ReportFormat
from councilpmf.plugins import report_formats
from councilpmf.testing.expect import expect, expect_equal
from councilpmf.testing.samples import FORMULA_STARTS, sample_reports

__all__ = ["FormatContract", "check_inert", "is_text_media_type"]

_RAW_SCRIPT = re.compile(r"(?<!\\)<script", re.IGNORECASE)
_ZIP = b"PK\x03\x04"


def is_text_media_type(media_type: str) -> bool:
    """Whether a format of this media type renders ``str`` (else ``bytes``).

    >>> is_text_media_type("text/csv; charset=utf-8"), is_text_media_type("application/json")
    (True, True)
    >>> is_text_media_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    False
    """
    kind = media_type.split(";")[0].strip().lower()
    return (
        kind.startswith("text/")
        or kind in ("application/json", "application/xml")
        or kind.endswith(("+json", "+xml"))
        or "charset=" in media_type.lower()
    )


def _unreadable(texts: Iterable[str], what: str) -> None:
    """Fail, saying ``what``, if any of ``texts`` holds a character
    :func:`councilpmf.escape.readable` replaces."""
    found = {c for text in texts for c in CONTROL.findall(text) + SURROGATE.findall(text)}
    expect_equal(sorted(found), [], f"{what}: control characters from council text")
    found = {c for text in texts for c in BIDI.findall(text)}
    expect_equal(sorted(found), [], f"{what}: bidirectional overrides from council text")


def _strings(value: object) -> Iterator[str]:
    """Every string in a parsed JSON value, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)


def _inert_text(output: str, media_type: str, what: str) -> None:
    kind = media_type.split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml", "text/markdown"):
        raw = _RAW_SCRIPT.findall(output)
        expect_equal(raw, [], f"{what}: raw <script tags from council text")
    if kind == "text/csv":
        formulas = [
            field
            for row in csv.reader(io.StringIO(output, newline=""))
            for field in row
            if field.startswith(FORMULA_STARTS)
        ]
        expect_equal(formulas, [], f"{what}: CSV fields that start a formula")
    if kind == "application/json" or kind.endswith("+json"):
        _unreadable(list(_strings(json.loads(output))), what)
    elif kind in ("text/html", "application/xhtml+xml"):
        _unreadable([output, html.unescape(output)], what)
    elif kind == "application/xml" or kind.endswith("+xml"):
        _inert_xml(output, what)
    else:
        _unreadable([output], what)


def _inert_xml(text: str | bytes, what: str) -> ElementTree.Element:
    """``text`` parsed as XML, failing unless it is well formed and its text and attributes
    (character references read) are free of what :func:`councilpmf.escape.readable` replaces."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise AssertionError(f"{what}: expected well-formed XML, got {error}") from None
    attributes = [value for element in root.iter() for value in element.attrib.values()]
    _unreadable([*root.itertext(), *attributes], what)
    return root


def _inert_zip(output: bytes, what: str) -> None:
    with zipfile.ZipFile(io.BytesIO(output)) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith((".xml", ".rels")):
                continue
            root = _inert_xml(archive.read(name), f"{what}: part {name}")
            formulas = [
                "".join(f.itertext())
                for f in root.iter()
                if f.tag.rsplit("}", 1)[-1] == "f"
                and any(start.lstrip("=@+-") in "".join(f.itertext()) for start in FORMULA_STARTS)
            ]
            expect_equal(formulas, [], f"{what}: part {name}: formulas made from council text")


def check_inert(output: str | bytes, media_type: str, what: str) -> None:
    """Fail, saying ``what`` and where, if council text could be live in ``output``: raw script
    tags in HTML or Markdown; control characters, bidirectional overrides or halves of surrogate
    pairs in any text, JSON's strings, HTML's characters or an Office (zip) file's XML; formulas
    in CSV fields or in the XML parts of an Office file; a PDF must at least be a PDF."""
    if isinstance(output, str):
        _inert_text(output, media_type, what)
    elif output.startswith(_ZIP):
        _inert_zip(output, what)
    elif media_type.startswith("application/pdf"):
        expect_equal(output[:5], b"%PDF-", f"{what}: the first bytes")


class FormatContract:
    """The tests every report format passes. Subclass it as ``Test...`` and set ``format`` to
    the format's name (as installed) or to a :class:`ReportFormat`; or override the
    ``report_format`` fixture."""

    format: ClassVar[str | ReportFormat]
    """The format under test: its name among the installed formats, or the record itself."""

    @pytest.fixture
    def report_format(self) -> ReportFormat:
        """The :class:`ReportFormat` under test."""
        chosen = getattr(self, "format", None)
        if isinstance(chosen, ReportFormat):
            return chosen
        if not isinstance(chosen, str):
            pytest.fail(
                f"{type(self).__name__} names no format: set format = NAME or a ReportFormat",
                pytrace=False,
            )
        installed = report_formats()
        if chosen not in installed:
            pytest.fail(
                f"{type(self).__name__}: no format {chosen!r} is installed; the formats are "
                + ", ".join(sorted(installed)),
                pytrace=False,
            )
        return installed[chosen]

    @pytest.fixture
    def reports(self) -> dict[str, Report]:
        """A report of every kind from the sample framework."""
        return sample_reports()

    @pytest.fixture
    def hostile_reports(self) -> dict[str, Report]:
        """A report of every kind whose council text would run if a format let it."""
        return sample_reports(hostile=True)

    def _render(self, report_format: ReportFormat, report: Report) -> str | bytes:
        output = report_format.render(report)
        text = is_text_media_type(report_format.media_type)
        wanted = str if text else bytes
        expect_equal(
            type(output).__name__,
            wanted.__name__,
            f"the type {report_format.name}'s render returned for {report.kind} "
            f"(media type {report_format.media_type!r})",
        )
        expect(len(output) > 0, f"{report_format.name} rendered {report.kind} as nothing")
        return output

    def test_renders_every_kind_of_report(
        self, report_format: ReportFormat, reports: dict[str, Report]
    ) -> None:
        expect_equal(tuple(reports), REPORT_KINDS, "the kinds of sample report")
        for report in reports.values():
            self._render(report_format, report)

    def test_renders_the_same_bytes_every_time(
        self, report_format: ReportFormat, reports: dict[str, Report]
    ) -> None:
        again = sample_reports()
        for kind, report in reports.items():
            first = self._render(report_format, report)
            expect_equal(
                self._render(report_format, report), first, f"{kind} rendered a second time"
            )
            expect_equal(self._render(report_format, again[kind]), first, f"an equal {kind} report")

    def test_hostile_council_text_stays_inert(
        self, report_format: ReportFormat, hostile_reports: dict[str, Report]
    ) -> None:
        for kind, report in hostile_reports.items():
            output = self._render(report_format, report)
            what = f"{report_format.name} rendering of a hostile {kind} report"
            check_inert(output, report_format.media_type, what)

    def test_name_suffix_media_type_and_description_are_sane(
        self, report_format: ReportFormat
    ) -> None:
        # The record's own field checks (councilpmf.plugin_types), run again: a record that
        # reached the plugin some other way than its class (copied, unpickled) must pass too.
        try:
            attrs.validate(report_format)
        except (TypeError, ValueError) as error:
            expect(False, f"format {report_format.name!r}: {error}")
