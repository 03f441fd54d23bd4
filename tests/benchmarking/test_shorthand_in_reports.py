"""Every report format shows why a value is missing and what qualifies a value, in the cell of
that area and metric: ``suppressed [c]`` where a table would be blank, ``45.2% (provisional)``
beside the number; one council's view says it in words too."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("polars")

from councilpmf import cli
from councilpmf.plugins import report_formats

METRICS = """
[[indicators]]
id = "R"
title = "Recycling rate"
unit = "percentage"
polarity = "higher is better"
decimals = 1
"""
VALUES = (
    "area_code,area_name,metric,period,value\n"
    "E1,Ashfield,R,2024/25 Q3,[c]\n"
    "E2,Bassetlaw,R,2024/25 Q3,45.2 [p]\n"
    "E3,Gedling,R,2024/25 Q3,40\n"
    "E4,Mansfield,R,2024/25 Q3,41 [r][note 2]\n"
    "E5,Newark,R,2024/25 Q3,..\n"
)
SHOWN = ["suppressed [c]", "45.2% (provisional)", "41.0% (revised, note 2)", "not available .."]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "metrics.toml").write_text(METRICS, encoding="utf-8")
    (tmp_path / "values.csv").write_text(VALUES, encoding="utf-8")
    return tmp_path / "values.csv", tmp_path / "metrics.toml"


def _xlsx(path: Path) -> str:
    """Each cell as Excel shows it: a text, or a number with the words its format adds."""
    openpyxl = pytest.importorskip("openpyxl")
    shown = []
    for sheet in openpyxl.load_workbook(path):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    shown.append(cell.value)
                elif isinstance(cell.value, float) and "%" in cell.number_format:
                    words = cell.number_format.split('"')[1] if '"' in cell.number_format else ""
                    shown.append(f"{cell.value * 100:.1f}%{words}")
    return "\n".join(shown)


def _docx(path: Path) -> str:
    docx = pytest.importorskip("docx")
    document = docx.Document(str(path))
    return "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)


def _pdf(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    pages = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join(page.extract_text() or "" for page in pages).split())


def _shown(name: str, path: Path) -> str:
    readers = {"xlsx": _xlsx, "docx": _docx, "pdf": _pdf}
    if name in readers:
        return readers[name](path)
    text = path.read_text(encoding="utf-8")
    if name == "json":  # the cells' text, as the document keeps it
        document = json.loads(text)
        return "\n".join(
            cell["text"]
            for section in document["sections"]
            for block in section["blocks"]
            for row in block.get("rows", ())
            for cell in row["cells"].values()
            if isinstance(cell, dict) and "text" in cell
        )
    return _unescaped(name, text)


def _unescaped(name: str, text: str) -> str:
    """Markdown as a reader sees it: ``\\[c\\]`` is ``[c]``."""
    return re.sub(r"\\(.)", r"\1", text) if name == "markdown" else text


# the owners format lists indicators' owners, and benchmark metrics have none
FORMATS = sorted(set(report_formats()) - {"owners"})


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_shows_the_reason_and_the_qualifier_in_the_cell(
    name: str, files: tuple[Path, Path], tmp_path: Path
) -> None:
    values, metrics = files
    out = tmp_path / f"benchmark{report_formats()[name].suffix}"
    result = CliRunner().invoke(
        cli.main,
        ["benchmark", str(values), "--metrics", str(metrics), "--format", name, "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    shown = _shown(name, out)
    for text in SHOWN:
        assert text in shown, (text, shown[:2000])


@pytest.mark.parametrize("name", ["text", "markdown", "html", "csv", "json"])
@pytest.mark.parametrize(
    ("area", "cell", "words"),
    [
        ("E1", "suppressed [c]", "no value for 2024/25 Q3 (suppressed); the median of 3 in all"),
        ("E5", "not available ..", "no value for 2024/25 Q3 (not available); the median of 3"),
        ("E2", "45.2% (provisional)", "1st of 3 in all areas"),
    ],
)
def test_a_councils_view_shows_the_reason_and_says_it_in_words(
    name: str, area: str, cell: str, words: str, files: tuple[Path, Path]
) -> None:
    values, metrics = files
    result = CliRunner().invoke(
        cli.main,
        ["benchmark", str(values), "--metrics", str(metrics), "--area", area, "--format", name],
    )
    assert result.exit_code == 0, result.output
    shown = _unescaped(name, result.stdout)
    assert cell in shown
    assert words in " ".join(shown.split())


def test_an_empty_cell_is_no_data_in_reports_and_says_no_reason(tmp_path: Path) -> None:
    (tmp_path / "metrics.toml").write_text(METRICS, encoding="utf-8")
    values = tmp_path / "values.csv"
    values.write_text(VALUES.replace("E1,Ashfield,R,2024/25 Q3,[c]", "E1,Ashfield,R,2024/25 Q3,"))
    metrics = tmp_path / "metrics.toml"
    result = CliRunner().invoke(
        cli.main,
        ["benchmark", str(values), "--metrics", str(metrics), "--area", "E1", "--format", "text"],
    )
    assert result.exit_code == 0, result.output
    assert "Value: no data" in result.stdout
    assert "no value for 2024/25 Q3; the median of 3 in all areas" in result.stdout
