"""``councilpmf report ... --format xlsx|docx|pdf -o FILE`` through the installed plugin, for
every kind of report, and the formats offered by the plugin manager."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from papers_fixtures import EXAMPLES

from councilpmf import cli
from councilpmf.core.report import REPORT_KINDS
from councilpmf.plugins import report_formats

MAGIC = {"xlsx": b"PK\x03\x04", "docx": b"PK\x03\x04", "pdf": b"%PDF-"}
MEMBER = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}


def test_the_plugin_offers_the_three_formats() -> None:
    formats = report_formats()
    assert {"xlsx", "docx", "pdf"} <= set(formats)
    assert [formats[n].suffix for n in ("xlsx", "docx", "pdf")] == [".xlsx", ".docx", ".pdf"]


@pytest.mark.parametrize("kind", REPORT_KINDS)
@pytest.mark.parametrize("name", ["xlsx", "docx", "pdf"])
def test_the_command_writes_each_kind_in_each_format(tmp_path: Path, name: str, kind: str) -> None:
    out = tmp_path / f"report.{name}"
    args = [
        "report",
        str(EXAMPLES / "mansfield"),
        "--period",
        "2024/25 Q3",
        "--committee",
        "cabinet",
        "--kind",
        kind,
        "--as-of",
        "2025-01-20",
        "--format",
        name,
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(cli.main, args, prog_name="councilpmf")
    assert result.exit_code == 0, result.output
    content = out.read_bytes()
    assert content.startswith(MAGIC[name])
    if name in MEMBER:
        assert MEMBER[name] in zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_bytes_without_a_file_is_a_usage_error() -> None:
    args = ["report", str(EXAMPLES / "mansfield"), "--period", "2024/25 Q3", "--kind", "actions"]
    result = CliRunner().invoke(cli.main, [*args, "--format", "xlsx"], prog_name="councilpmf")
    assert result.exit_code == 2
    assert "write it to a file with -o FILE" in result.output
