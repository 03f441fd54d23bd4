"""``councilpmf benchmark`` as a user runs it: the table, every report format, one council's
view, and a one-line error (file, row, column; exit 1) for every kind of bad input."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

pytest.importorskip("polars")

import cli_run
from councilpmf.core.shorthand import missing_marker
from councilpmf.plugins import report_formats
from councilpmf.textfiles import read_number

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "benchmarking"
VALUES, METRICS, GROUPS = (EXAMPLE / n for n in ("values.csv", "metrics.toml", "groups.csv"))
COLUMNS = [
    "area_code",
    "area_name",
    "group",
    "metric",
    "period",
    "value",
    "rank",
    "of",
    "quartile",
    "median",
    "short_term",
    "long_term",
    "qualifier",
    "missing_reason",
]
HEADER = "area_code,area_name,metric,period,value\n"
GROUPS_HEADER = "area_code,group,member_code\n"
METRICS_TOML = """
[[indicators]]
id = "R"
title = "Recycling rate"
unit = "percentage"
polarity = "higher is better"
decimals = 1
"""


run = functools.partial(cli_run.run, "benchmark")


def table(result: Result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def refused(result: Result) -> str:
    """The one line a refusal prints: exit 1, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "metrics.toml").write_text(METRICS_TOML, encoding="utf-8")
    return tmp_path


def write(folder: Path, body: str, name: str = "values.csv", header: str = HEADER) -> Path:
    path = folder / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_the_example_gives_one_row_per_area_metric_and_period_with_every_column() -> None:
    rows = table(run(VALUES, "--metrics", METRICS))
    assert list(rows[0]) == COLUMNS
    with VALUES.open(encoding="utf-8") as handle:
        assert len(rows) == sum(1 for _ in handle) - 1
    mansfield = [r for r in rows if r["area_code"] == "E07000174" and r["period"] == "2024/25 Q3"]
    assert {r["metric"] for r in mansfield} == {"REC", "HBNEW", "PLANMAJ", "HOUSEHOLDS"}
    assert {r["group"] for r in rows} == {"all areas"}
    assert {r["short_term"] for r in rows} <= {
        "improving",
        "worsening",
        "no change",
        "increasing",
        "decreasing",
        "no valid comparison",
    }


def test_ranks_quartiles_and_medians_follow_polarity(folder: Path) -> None:
    (folder / "metrics.toml").write_text(
        METRICS_TOML + '\n[[indicators]]\nid = "D"\ntitle = "Days"\npolarity = "lower is better"\n',
        encoding="utf-8",
    )
    body = "".join(
        f"E0700017{i},Area {i},{m},fin_2024_25_q3,{v}\n"
        for i, v in enumerate(["50", "40", "40", "30", ""])
        for m in ("R", "D")
    )
    rows = table(run(write(folder, body), "--metrics", folder / "metrics.toml"))
    got = {(r["metric"], r["area_code"]): (r["rank"], r["of"], r["quartile"]) for r in rows}
    assert got[("R", "E07000170")] == ("1", "4", "1")
    assert got[("R", "E07000171")] == got[("R", "E07000172")] == ("2", "4", "2")
    assert got[("R", "E07000173")] == ("4", "4", "4")
    assert got[("D", "E07000173")] == ("1", "4", "1")
    assert got[("D", "E07000170")] == ("4", "4", "4")
    assert got[("R", "E07000174")] == ("", "4", "")
    assert {r["median"] for r in rows} == {"40.0"}


def test_one_area_and_one_period_keep_only_those_rows() -> None:
    rows = table(run(VALUES, "--metrics", METRICS, "--area", "E07000174", "--period", "2024/25 Q3"))
    assert {(r["area_code"], r["period"]) for r in rows} == {("E07000174", "2024/25 Q3")}
    assert len(rows) == 4


def test_groups_give_each_area_its_own_comparators() -> None:
    rows = table(
        run(VALUES, "--metrics", METRICS, "--groups", GROUPS, "--period", "fin_2024_25_q3")
    )
    mansfield = {
        r["group"]: r for r in rows if r["area_code"] == "E07000174" and r["metric"] == "REC"
    }
    assert mansfield["nearest neighbours"]["of"] == "16"
    assert mansfield["Nottinghamshire districts"]["of"] == "7"
    assert {r["area_code"] for r in rows} == {
        "E07000170",
        "E07000171",
        "E07000172",
        "E07000173",
        "E07000174",
        "E07000175",
        "E07000176",
    }


@pytest.mark.parametrize("name", sorted(report_formats()))
def test_every_report_format_renders_one_councils_view(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"mansfield{report_formats()[name].suffix}"
    result = run(
        VALUES,
        "--metrics",
        METRICS,
        "--groups",
        GROUPS,
        "--area",
        "E07000174",
        "--format",
        name,
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if name in ("text", "markdown", "html", "csv", "json"):
        text = out.read_text(encoding="utf-8")
        assert "of 16 in nearest neighbours" in text
        assert "Mansfield" in text


def test_the_text_report_says_where_a_council_stands_in_words() -> None:
    result = run(
        VALUES,
        "--metrics",
        METRICS,
        "--groups",
        GROUPS,
        "--area",
        "E07000174",
        "--format",
        "json",
        "--period",
        "2024/25 Q3",
    )
    document = json.loads(result.stdout)
    assert document["kind"] == "benchmark"
    assert document["period"] == "2024/25 Q3"
    words = [r["cells"]["in_words"] for t in document["sections"][0]["blocks"] for r in t["rows"]]
    assert (
        "joint 3rd of 16 in nearest neighbours; top quartile; improving while the group median "
        "rose" in words
    )


def test_a_council_without_a_line_for_the_period_is_still_named_in_its_view(folder: Path) -> None:
    body = "E1,Mansfield,R,2024/25 Q2,5\nE2,Ashfield,R,2024/25 Q2,6\nE2,Ashfield,R,2024/25 Q3,7\n"
    values = write(folder, body)
    result = run(values, "--metrics", folder / "metrics.toml", "--area", "E1", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["title"] == "Mansfield (E1): benchmarking, 2024/25 Q3"
    assert document["council"] == "Mansfield"


def test_the_report_of_every_area_has_a_section_per_metric() -> None:
    result = run(VALUES, "--metrics", METRICS, "--format", "markdown", "--period", "2024/25 Q3")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n## ") == 4
    assert (
        "Table: Household waste sent for reuse, recycling and composting, 2024/25 Q3"
        in result.stdout
    )


def test_text_from_the_files_is_never_a_formula_in_the_csv(folder: Path) -> None:
    body = '=HYPERLINK("http://x"),"@SUM(A1)",R,2024/25 Q3,5\n-E1,+Name,R,2024/25 Q3,6\n'
    result = run(write(folder, body), "--metrics", folder / "metrics.toml")
    rows = table(result)
    assert [r["area_code"] for r in rows] == ['\'=HYPERLINK("http://x")', "'-E1"]
    assert [r["area_name"] for r in rows] == ["'@SUM(A1)", "'+Name"]


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        (
            "area_code,metric,period,value\n",
            "E1,R,2024/25 Q3,5\n",
            "values.csv: row 1: missing column area_name; the columns are",
        ),
        (
            "area_code,area_name,metric,period,value,value\n",
            "E1,A,R,2024/25 Q3,5,6\n",
            "values.csv: row 1: repeated column value; the columns are",
        ),
        (
            HEADER,
            "E1,A,R,2024/25 Q3,5\nE2,B,X9,2024/25 Q3,5\n",
            "values.csv: row 3: metric: 'X9' is not a metric of the metrics file (it has R)",
        ),
        (
            HEADER,
            "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/26 Q3,5\n",
            "values.csv: row 3: period: '2024/26 Q3' is not a period: the second year must follow",
        ),
        (
            HEADER,
            "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,five\n",
            "values.csv: row 3: value: 'five' is not a number",
        ),
        (HEADER, "E1,A,R,2024/25 Q3,inf\n", "values.csv: row 2: value: 'inf' is not a number"),
        (
            HEADER,
            'E1,A,R,2024/25 Q3,"1,234.5"\nE2,B,R,2024/25 Q3,"45,2"\n',
            "values.csv: row 3: value: '45,2' is not a number",
        ),
        (
            HEADER,
            'E1,A,R,2024/25 Q3,"1,2,3"\n',
            "values.csv: row 2: value: '1,2,3' is not a number",
        ),
        (
            HEADER,
            "E1,A,R,2024/25 Q3,5\nE1,A,R,fin_2024_25_q3,6\n",
            "values.csv: row 3: period: E1 has a value of R for 2024/25 Q3 already",
        ),
        (HEADER, "E1,A,R,2024/25 Q3,5\n,B,R,2024/25 Q3,6\n", "values.csv: row 3: area_code: empty"),
        (
            HEADER,
            'E1,A,R,2024/25 Q3,5\nE2,"B,\nC",R,2024/25 Q3,6\nE3,C,R,2024/25 Q3,6,7\n',
            "values.csv: row 4: more cells than columns",
        ),
        (HEADER, "", "values.csv: no values: the file has a header and nothing else"),
    ],
)
def test_bad_values_are_one_line_naming_file_row_and_column(
    folder: Path, header: str, body: str, message: str
) -> None:
    line = refused(run(write(folder, body, header=header), "--metrics", folder / "metrics.toml"))
    assert line.startswith(f"error: {message}")


MARKERS = ["-", ".", "..", ":", "*", "x", "c", "z", "low", "[c]", "[x]", "[z]", "[low]", "X"]


@pytest.mark.parametrize("marker", MARKERS)
def test_a_suppressed_or_unavailable_value_marked_as_downloads_mark_it_is_missing(
    folder: Path, marker: str
) -> None:
    body = (
        "E1,A,R,2024/25 Q3,50\nE2,B,R,2024/25 Q3,40\n"
        f'E3,C,R,2024/25 Q3," {marker} "\nE4,D,R,2024/25 Q3,30\nE5,E,R,2024/25 Q3,\n'
    )
    rows = table(run(write(folder, body), "--metrics", folder / "metrics.toml"))
    got = [(r["area_code"], r["value"], r["rank"], r["of"], r["median"]) for r in rows]
    # the marked value is missing as an empty one is: not ranked, not counted, not in the median
    assert got[2] == ("E3", "", "", "3", "40.0")
    assert got[4] == ("E5", "", "", "3", "40.0")
    assert [g[2] for g in got] == ["1", "2", "", "3", ""]


def test_a_marked_value_is_shown_as_no_value_with_its_reason_in_a_councils_view(
    folder: Path,
) -> None:
    body = "E1,A,R,2024/25 Q3,[c]\nE2,B,R,2024/25 Q3,40\nE3,C,R,2024/25 Q3,..\n"
    values = write(folder, body)
    for area, reason in (("E1", "suppressed"), ("E3", "not available")):
        result = run(
            values, "--metrics", folder / "metrics.toml", "--area", area, "--format", "text"
        )
        assert result.exit_code == 0, result.output
        assert (
            f"no value for 2024/25 Q3 ({reason}); the median of 1 in all areas is 40.0"
            in result.stdout
        )


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("[c]", "suppressed"),
        ("c", "suppressed"),
        ("*", "suppressed"),
        ("[x]", "not available"),
        ("X", "not available"),
        ("..", "not available"),
        (":", "not available"),
        ("[z]", "not applicable"),
        (".", "not applicable"),
        ("[LOW]", "rounds to zero"),
        ("-", "nil or not available"),
        ("", "empty"),
        ("  ", "empty"),
    ],
)
def test_the_table_says_why_each_missing_value_is_missing(
    folder: Path, written: str, reason: str
) -> None:
    body = f'E1,A,R,2024/25 Q3,"{written}"\nE2,B,R,2024/25 Q3,40\n'
    rows = table(run(write(folder, body), "--metrics", folder / "metrics.toml"))
    got = [(r["value"], r["qualifier"], r["missing_reason"]) for r in rows]
    # the reason is beside the missing value alone; a value has none
    assert got == [("", "", reason), ("40.0", "", "")]


@pytest.mark.parametrize(
    ("written", "value", "qualifier"),
    [
        ("45.2 [p]", "45.2", "provisional"),
        ("45.2[p]", "45.2", "provisional"),
        ("[p] 45.2", "45.2", "provisional"),
        ("45.2 [P]", "45.2", "provisional"),
        ("-3 [e]", "-3.0", "estimated"),
        ("1,234 [r]", "1234.0", "revised"),
        ("45.2 [p][r]", "45.2", "provisional, revised"),
        ("45.2 [r] [p]", "45.2", "revised, provisional"),
        ("12 [note 3]", "12.0", "note 3"),
        ("12 [Note3] [f]", "12.0", "note 3, forecast"),
        ("0 [u]", "0.0", "low reliability"),
        ("45.2 [b]", "45.2", "break in series"),
    ],
)
def test_a_qualified_number_is_read_and_its_qualifier_kept(
    folder: Path, written: str, value: str, qualifier: str
) -> None:
    body = f'E1,A,R,2024/25 Q3,"{written}"\nE2,B,R,2024/25 Q3,-40\n'
    rows = table(run(write(folder, body), "--metrics", folder / "metrics.toml"))
    got = [(r["value"], r["rank"], r["of"], r["qualifier"], r["missing_reason"]) for r in rows]
    # ranked and counted as any value is
    assert got == [(value, "1", "2", qualifier, ""), ("-40.0", "2", "2", "", "")]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="0123456789+-.,eE_", min_size=1, max_size=10))
def test_a_qualified_number_is_read_as_the_same_number_written_plain(
    folder: Path, text: str
) -> None:
    """Millions of plain values are read in columns, and the few qualified ones one at a time
    by :func:`~councilpmf.textfiles.read_number`: both read a text the same way, and a text
    one refuses the other refuses too."""
    assume(missing_marker(text) is None)  # "-", "." and ".." stand for a missing value
    answers = []
    for written in (text, f"{text} [p]"):
        values = write(folder, f'E1,A,R,2024/25 Q3,"{written}"\n')
        result = run(values, "--metrics", folder / "metrics.toml")
        if result.exit_code == 0:
            (row,) = table(result)
            answers.append(row["value"])
        else:
            assert refused(result).startswith(f"error: values.csv: row 2: value: {written!r}")
            answers.append(None)
    assert answers[0] == answers[1]
    assert (answers[0] is None) == (read_number(text) is None)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("45.2 [q]", ": [q] is not a mark of the statistical shorthand"),
        ("[b]", ": [b] (break in series) qualifies a number, as in 45.2 [b], and there is none"),
        ("[cc]", ": [cc] is not a mark of the statistical shorthand"),
        ("[p]", ": [p] (provisional) qualifies a number, as in 45.2 [p], and there is none"),
        ("[r][p]", ": [r][p] (revised, provisional) qualifies a number"),
        ("45.2 [c]", ": [c] marks a value that is suppressed: it stands alone"),
        ("[x] [note 1]", ": [x] marks a value that is not available: it stands alone"),
        ("4[p]5", " (write a number such as 45.2 or 45.2 [p]"),
        ("five [p]", " (write a number such as 45.2 or 45.2 [p]"),
        ("45,2 [p]", " (write a number such as 45.2 or 45.2 [p]"),
        ("1e400 [e]", " (write a number such as 45.2 or 45.2 [p]"),
    ],
)
def test_shorthand_that_cannot_be_read_is_refused_naming_file_row_and_column(
    folder: Path, written: str, why: str
) -> None:
    body = f'E1,A,R,2024/25 Q3,5 [p]\nE2,B,R,2024/25 Q3,"{written}"\nE3,C,R,2024/25 Q3,[q]\n'
    line = refused(run(write(folder, body), "--metrics", folder / "metrics.toml"))
    assert line.startswith(f"error: values.csv: row 3: value: {written!r} is not a number{why}")


@pytest.mark.parametrize("text", ["five", "n/a", "[c", "c]", "- -", "...", "x5"])
def test_text_that_is_neither_a_number_nor_a_marker_is_still_refused(
    folder: Path, text: str
) -> None:
    body = f'E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,"{text}"\n'
    line = refused(run(write(folder, body), "--metrics", folder / "metrics.toml"))
    assert line.startswith(f"error: values.csv: row 3: value: {text!r} is not a number")
    assert "[c]" in line  # says how a suppressed value may be written


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        (
            HEADER,
            "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3\n",
            "row 3: fewer cells than columns: no cell for value",
        ),
        (
            HEADER,
            "E1,A,R,2024/25 Q3,5\nE2,B,R\n",
            "row 3: fewer cells than columns: no cell for period, value",
        ),
        (
            HEADER,
            'E1,"Bristol, City of",R,2024/25 Q3,5\nE2,"Hull, City of",R,2024/25 Q3\n',
            "row 3: fewer cells than columns: no cell for value",
        ),
        (
            HEADER,
            'E1,"Two\nlines",R,2024/25 Q3,5\nE2,B,R,2024/25 Q3\n',
            "row 3: fewer cells than columns: no cell for value",
        ),
        (
            "area_code,area_name,metric,period,value,notes\n",
            "E1,A,R,2024/25 Q3,5,revised\nE2,B,R,2024/25 Q3\n",
            "row 3: fewer cells than columns: no cell for value",
        ),
    ],
    ids=["value", "period-and-value", "quoted-commas", "a-cell-of-two-lines", "before-notes"],
)
def test_a_row_with_fewer_cells_than_the_columns_read_is_refused_naming_it(
    folder: Path, header: str, body: str, message: str
) -> None:
    line = refused(run(write(folder, body, header=header), "--metrics", folder / "metrics.toml"))
    assert line == f"error: values.csv: {message}"


def test_cells_of_ignored_columns_after_the_value_may_be_left_off(folder: Path) -> None:
    header = "area_code,area_name,metric,period,value,notes,source\n"
    body = "E1,A,R,2024/25 Q3,5,revised,LGA\nE2,B,R,2024/25 Q3,6\nE3,C,R,2024/25 Q3,,\n\n"
    rows = table(run(write(folder, body, header=header), "--metrics", folder / "metrics.toml"))
    assert [(r["area_code"], r["value"], r["rank"]) for r in rows] == [
        ("E1", "5.0", "2"),
        ("E2", "6.0", "1"),
        ("E3", "", ""),
    ]


def test_a_groups_row_with_fewer_cells_than_the_columns_is_refused_naming_it(
    folder: Path,
) -> None:
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\n")
    groups = write(folder, "E1,nn,E2\nE2,nn\n", name="groups.csv", header=GROUPS_HEADER)
    line = refused(run(values, "--metrics", folder / "metrics.toml", "--groups", groups))
    assert line == "error: groups.csv: row 3: fewer cells than columns: no cell for member_code"


def test_thousands_are_grouped_by_commas_and_a_decimal_comma_is_no_thousands(
    folder: Path,
) -> None:
    body = (
        'E1,A,R,2024/25 Q3,"1,234.5"\nE2,B,R,2024/25 Q3,"-12,345,678"\nE3,C,R,2024/25 Q3,"+1,000"\n'
    )
    rows = table(run(write(folder, body), "--metrics", folder / "metrics.toml"))
    assert [float(r["value"]) for r in rows] == [1234.5, -12345678.0, 1000.0]


def test_spaces_around_the_names_of_columns_are_ignored(folder: Path) -> None:
    values = write(
        folder,
        "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,six\n",
        header=" area_code , area_name,metric ,period,  value\n",
    )
    line = refused(run(values, "--metrics", folder / "metrics.toml"))
    assert line.startswith("error: values.csv: row 3: value: 'six' is not a number")
    values = write(
        folder, "E1,A,R,2024/25 Q3,5\n", header="area_code , area_name,metric,period,value\n"
    )
    groups = write(
        folder, "E1,nn,E1\n", name="groups.csv", header=" area_code,group ,member_code\n"
    )
    rows = table(run(values, "--metrics", folder / "metrics.toml", "--groups", groups))
    assert [(r["area_code"], r["area_name"], r["group"], r["rank"]) for r in rows] == [
        ("E1", "A", "nn", "1")
    ]


def test_blank_lines_in_values_are_skipped_and_rows_keep_their_numbers(folder: Path) -> None:
    metrics = folder / "metrics.toml"
    body = "E1,A,R,2024/25 Q3,5\n\nE2,B,R,2024/25 Q3,6\n,,,,\n\n"
    rows = table(run(write(folder, body), "--metrics", metrics))
    assert [(r["area_code"], r["rank"], r["of"]) for r in rows] == [
        ("E1", "2", "2"),
        ("E2", "1", "2"),
    ]
    body = "E1,A,R,2024/25 Q3,5\n\nE2,B,R,2024/25 Q3,five\n"
    line = refused(run(write(folder, body), "--metrics", metrics))
    assert line.startswith("error: values.csv: row 4: value: 'five' is not a number")
    line = refused(run(write(folder, "\n\n"), "--metrics", metrics))
    assert line == "error: values.csv: no values: the file has a header and nothing else"


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ("area_code,group,member_code\nE1,,E2\n", "groups.csv: row 2: group: empty"),
        ("area_code,member_code\nE1,E2\n", "groups.csv: row 1: missing column group"),
        (
            "area_code,group,member_code, group\nE1,nn,E2,region\n",
            "groups.csv: row 1: repeated column group",
        ),
    ],
)
def test_bad_group_references_are_one_line(folder: Path, groups: str, message: str) -> None:
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\n")
    path = write(folder, groups, name="groups.csv", header="")
    line = refused(run(values, "--metrics", folder / "metrics.toml", "--groups", path))
    assert line.startswith(f"error: {message}")


def test_an_area_of_the_groups_without_values_has_none_and_is_noted_once(folder: Path) -> None:
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\n")
    groups = write(
        folder,
        "E1,nn,E2\nE1,nn,E9\nE2,nn,E1\nE2,nn,E9\nE7,nn,E1\n",
        name="groups.csv",
        header=GROUPS_HEADER,
    )
    result = run(values, "--metrics", folder / "metrics.toml", "--groups", groups)
    # a download of some metrics or years leaves members without values: they have none
    rows = table(result)
    assert [(r["area_code"], r["rank"], r["of"]) for r in rows] == [
        ("E1", "2", "2"),
        ("E2", "1", "2"),
    ]
    # once, naming each code and the first row it is on, so that a mistyped code is found
    assert result.stderr.splitlines() == [
        "note: groups.csv: 2 areas have no value in values.csv, so they are in their groups "
        "without one: 'E9' (row 3), 'E7' (row 6); check the codes if they should have values"
    ]
    result = run(values, "--metrics", folder / "metrics.toml", "--groups", groups, "--area", "E7")
    assert result.exit_code == 2 and "'E7' is not an area in values.csv" in result.stderr


def test_groups_whose_every_code_has_values_print_no_note(folder: Path) -> None:
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\n")
    groups = write(folder, "E1,nn,E2\n", name="groups.csv", header=GROUPS_HEADER)
    result = run(values, "--metrics", folder / "metrics.toml", "--groups", groups)
    assert len(table(result)) == 1 and result.stderr == ""


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[[indicators]]\nid = "R"\ntitle = "R"\npolarity = "up"\n',
            "metrics.toml: $.indicators[0].polarity: expected one of",
        ),
        (
            '[[indicators]]\nid = "R"\ntitle = "R"\npolarty = "none"\n',
            "metrics.toml: $.indicators[0]: unknown field 'polarty'",
        ),
        (
            "[[indicators]\n",
            "metrics.toml: line 1, column 13: expected ']]' at the end of an array declaration",
        ),
        ("title = 'no indicators'\n", "metrics.toml: $.indicators: give at least one"),
    ],
)
def test_bad_metrics_are_one_line(folder: Path, toml: str, message: str) -> None:
    (folder / "metrics.toml").write_text(toml, encoding="utf-8")
    values = write(folder, "E1,A,R,2024/25 Q3,5\n")
    assert refused(run(values, "--metrics", folder / "metrics.toml")).startswith(
        f"error: {message}"
    )


def test_a_file_that_is_not_text_is_refused_in_one_line(folder: Path) -> None:
    path = folder / "values.csv"
    path.write_bytes(HEADER.encode() + b"E1,\xff\xfe\x00,R,2024/25 Q3,5\n")
    assert refused(run(path, "--metrics", folder / "metrics.toml")).startswith("error: values.csv:")


def test_an_unknown_area_or_period_is_a_usage_error() -> None:
    result = run(VALUES, "--metrics", METRICS, "--area", "E99999999")
    assert result.exit_code == 2 and "'E99999999' is not an area in values.csv" in result.stderr
    result = run(VALUES, "--metrics", METRICS, "--period", "2019/20 Q1")
    assert result.exit_code == 2 and "values.csv has no values for 2019/20 Q1" in result.stderr


def test_a_period_that_is_not_a_period_is_a_usage_error_saying_why() -> None:
    result = run(VALUES, "--metrics", METRICS, "--period", "2024/26 Q3")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--period'" in result.stderr
    assert "'2024/26 Q3' is not a period: the second year must follow the first" in result.stderr
    assert "Traceback" not in result.output


def test_without_polars_the_command_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [
        m
        for m in sys.modules
        if m == "polars" or m.startswith(("polars.", "councilpmf.benchmarking"))
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "polars", None)
    line = refused(run(VALUES, "--metrics", METRICS))
    assert "pip install 'councilpmf[frames]'" in line


# -- hostile files, refused as a council folder's files are ----------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "E1,A,R,2024/25 Q3,5\nE2,B\x1b[31m,R,2024/25 Q3,6\n",
            "values.csv: row 3: area_name: holds the invisible character U+001B",
        ),
        (
            "E1,A,R,2024/25 Q3,5\nE2\u202e,B,R,2024/25 Q3,6\n",
            "values.csv: row 3: area_code: holds the invisible character U+202E "
            "(RIGHT-TO-LEFT OVERRIDE)",
        ),
        (
            "E1,A,R\u2066,2024/25 Q3,5\n",
            "values.csv: row 2: metric: holds the invisible character U+2066",
        ),
        (
            "E1,A,R,2024/25 Q3,5\nE2," + "x" * 10_001 + ",R,2024/25 Q3,6\n",
            "values.csv: row 3: area_name: is 10,001 characters long; the most allowed is 10,000",
        ),
    ],
)
def test_hidden_characters_and_long_texts_in_values_name_row_and_column(
    folder: Path, body: str, message: str
) -> None:
    line = refused(run(write(folder, body), "--metrics", folder / "metrics.toml"))
    assert line.startswith(f"error: {message}")


def test_a_byte_that_is_not_utf8_is_named_by_line_and_column(folder: Path) -> None:
    path = folder / "values.csv"
    path.write_bytes(HEADER.encode() + b"E1,A,R,2024/25 Q3,5\nE2,B\xff,R,2024/25 Q3,5\n")
    line = refused(run(path, "--metrics", folder / "metrics.toml"))
    assert (
        line
        == "error: values.csv: line 3, column 5: byte 0xFF is not UTF-8; save the file as UTF-8"
    )


def test_every_file_may_start_with_a_byte_order_mark(folder: Path) -> None:
    bom = "\ufeff"
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\n", header=bom + HEADER)
    groups = write(
        folder, "E1,nn,E2\n", name="groups.csv", header=bom + "area_code,group,member_code\n"
    )
    (folder / "metrics.toml").write_text(bom + METRICS_TOML, encoding="utf-8")
    rows = table(run(values, "--metrics", folder / "metrics.toml", "--groups", groups))
    assert [(r["area_code"], r["group"], r["value"], r["rank"], r["of"]) for r in rows] == [
        ("E1", "nn", "5.0", "2", "2")
    ]


def test_hidden_characters_in_groups_and_metrics_are_refused_where_they_are(folder: Path) -> None:
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\n")
    groups = write(
        folder, "area_code,group,member_code\nE1,nn,E2\nE1,nn\u202e,E2\n", "groups.csv", ""
    )
    line = refused(run(values, "--metrics", folder / "metrics.toml", "--groups", groups))
    assert line.startswith("error: groups.csv: row 3: group: holds the invisible character U+202E")
    (folder / "metrics.toml").write_text(METRICS_TOML.replace("Recycling", "Re\\u202Ecycling"))
    line = refused(run(values, "--metrics", folder / "metrics.toml"))
    assert line.startswith(
        "error: metrics.toml: $.indicators[0].title: holds the invisible character U+202E"
    )


@pytest.mark.parametrize(
    "cell",
    [
        "n" * 20_000,
        "n" * 200_000,  # beyond the csv module's own limit on a cell
        '"a quote never closed\n' + "n" * 200_000,
    ],
    ids=["long", "beyond-csv", "quoted-beyond-csv"],
)
def test_an_over_long_cell_in_groups_is_named_by_its_row_and_column(
    folder: Path, cell: str
) -> None:
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\n")
    groups = write(folder, f"E1,nn,E2\nE1,{cell},E2\nE2,nn,E1\n", "groups.csv", GROUPS_HEADER)
    line = refused(run(values, "--metrics", folder / "metrics.toml", "--groups", groups))
    assert line.startswith("error: groups.csv: row 3: group: is ")
    assert "10,000" in line


UNCLOSED = (
    "a quote opens this cell and is never closed, so the rest of the file would be read into "
    "it; close the quote or remove it"
)


@pytest.mark.parametrize(
    ("header", "body", "where"),
    [
        (HEADER, 'E1,A,R,2024/25 Q3,4\nE07000174,"Mansfield,R,2024/25 Q3,5\n', "row 3: area_name"),
        (HEADER, 'E1,A,R,2024/25 Q3,4\nE07000174,"Mansfield,R,2024/25 Q3,5', "row 3: area_name"),
        (HEADER, 'E1,A,R,"2024/25 Q3,4\nE2,B,R,2024/25 Q3,5\n', "row 2: period"),
        (HEADER, 'E1,"A\nB",R,2024/25 Q3,4\nE2,B,R,2024/25 Q3,"5\n', "row 3: value"),
        ('area_code,"area_name,metric,period,value\n', "E1,A,R,2024/25 Q3,4\n", "row 1: a cell"),
    ],
    ids=["last-line", "no-final-line-break", "mid-file", "after-a-cell-of-two-lines", "header"],
)
def test_a_quote_never_closed_in_values_is_one_line_naming_the_row_it_opens_on(
    folder: Path, header: str, body: str, where: str
) -> None:
    path = write(folder, body, header=header)
    line = refused(run(path, "--metrics", folder / "metrics.toml"))
    assert line == f"error: values.csv: {where}: {UNCLOSED}"


def test_text_after_the_closing_quote_of_a_cell_in_values_is_one_line_naming_its_row(
    folder: Path,
) -> None:
    path = write(
        folder, 'E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\nE3,"C" Council,R,2024/25 Q3,7\n'
    )
    line = refused(run(path, "--metrics", folder / "metrics.toml"))
    assert line.startswith("error: values.csv: row 4: ")
    assert "area_name" in line


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('E1,nn,E2\nE2,"nn,E1\n', f"row 3: group: {UNCLOSED}"),
        (
            "E1,nn,E2\nE2,nn,E1\rE2\n",
            "row 3: member_code: holds a line break outside quotes; put the cell in quotes or "
            "remove it",
        ),
    ],
    ids=["quote-never-closed", "line-break-outside-quotes"],
)
def test_a_broken_line_in_groups_is_one_line_naming_its_row_and_column(
    folder: Path, body: str, message: str
) -> None:
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\n")
    groups = write(folder, body, "groups.csv", GROUPS_HEADER)
    line = refused(run(values, "--metrics", folder / "metrics.toml", "--groups", groups))
    assert line == f"error: groups.csv: {message}"


def test_files_larger_than_the_limits_are_refused_before_they_are_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import attrs

    from councilpmf.benchmarking import engine, files

    small = attrs.evolve(files.VALUES_LIMITS, csv_bytes=100, toml_bytes=50)
    values = write(folder, "E1,A,R,2024/25 Q3,5\n" * 10)
    monkeypatch.setattr(engine.read_values, "__defaults__", (small,))
    line = refused(run(values, "--metrics", folder / "metrics.toml"))
    assert line == (
        f"error: values.csv: the file is {values.stat().st_size:,} bytes; the most a council "
        "folder file may be is 100"
    )
    monkeypatch.setattr(files.read_metrics, "__defaults__", (small,))
    line = refused(run(values, "--metrics", folder / "metrics.toml"))
    assert line.startswith("error: metrics.toml: the file is ")


def test_a_council_tied_with_another_is_joint_in_its_view_and_marked_in_tables(
    folder: Path,
) -> None:
    values = write(folder, "E1,A,R,2024/25 Q3,50\nE2,B,R,2024/25 Q3,50\nE3,C,R,2024/25 Q3,40\n")
    metrics = folder / "metrics.toml"
    result = run(values, "--metrics", metrics, "--area", "E1", "--format", "json")
    assert result.exit_code == 0, result.output
    (block,) = json.loads(result.stdout)["sections"][0]["blocks"]
    assert [r["cells"]["in_words"] for r in block["rows"]] == [
        "joint 1st of 3 in all areas; no comparison with the previous period"
    ]
    result = run(values, "--metrics", metrics, "--format", "markdown")
    assert result.exit_code == 0, result.output
    ranks = [line.split("|")[4].strip() for line in result.stdout.splitlines() if "| E" in line]
    assert ranks == ["=1", "=1", "3"]
    # the table keeps the rank a number, and its columns as they were
    rows = table(run(values, "--metrics", metrics))
    assert [(r["area_code"], r["rank"]) for r in rows] == [("E1", "1"), ("E2", "1"), ("E3", "3")]
    assert list(rows[0]) == COLUMNS


# A quoted cell holding a line break is one row, as a spreadsheet shows it: every message
# counts rows so, whichever file it is about and whoever reads the file.
TWO_LINES = 'E1,"Mansfield\nDistrict",R,2024/25 Q3,5\n'


@pytest.mark.parametrize(
    ("values", "groups", "message"),
    [
        (TWO_LINES + "E2,B,R,2024/25 Q3,five\n", None, "values.csv: row 3: value: 'five'"),
        (TWO_LINES + "E2,B,R9,2024/25 Q3,5\n", None, "values.csv: row 3: metric: 'R9'"),
        (
            TWO_LINES + 'E2,B,R,2024/25 Q3,"5\n',
            None,
            "values.csv: row 3: value: a quote opens this cell and is never closed",
        ),
        (TWO_LINES + "E2,B,R,2024/25 Q3,5,6\n", None, "values.csv: row 3: more cells than"),
        (
            TWO_LINES + "E2,B\x1b,R,2024/25 Q3,5\n",
            None,
            "values.csv: row 3: area_name: holds the invisible character U+001B",
        ),
        (
            TWO_LINES + "E2,B,R,2024/25 Q3,6\n",
            'E1,"nearest\nneighbours",E2\nE2,nn,E1,E1\n',
            "groups.csv: row 3: more cells than columns",
        ),
        (
            TWO_LINES + "E2,B,R,2024/25 Q3,6\n",
            'E1,"nearest\nneighbours",E2\nE2,"nn\n\u202e",E1\n',
            "groups.csv: row 3: group: holds the invisible character U+202E",
        ),
        (
            TWO_LINES + "E2,B,R,2024/25 Q3,6\n",
            'E1,"nearest\nneighbours",E2\nE2,"nn,E1\n',
            "groups.csv: row 3: group: a quote opens this cell and is never closed",
        ),
        (
            TWO_LINES + "E2,B,R,2024/25 Q3,6\n",
            'E1,"nearest\nneighbours",E2\nE2,nn,E1\rE2\n',
            "groups.csv: row 3: member_code: holds a line break outside quotes",
        ),
    ],
    ids=[
        "values-value",
        "values-metric",
        "values-quote-never-closed",
        "values-more-cells",
        "values-hidden-character",
        "groups-more-cells",
        "groups-hidden-character-in-a-cell-of-two-lines",
        "groups-quote-never-closed",
        "groups-line-break-outside-quotes",
    ],
)
def test_rows_are_counted_as_a_spreadsheet_counts_them_after_a_cell_of_two_lines(
    folder: Path, values: str, groups: str | None, message: str
) -> None:
    args: list[str | Path] = [write(folder, values), "--metrics", folder / "metrics.toml"]
    if groups is not None:
        args += ["--groups", write(folder, groups, "groups.csv", GROUPS_HEADER)]
    assert refused(run(*args)).startswith(f"error: {message}")


def test_the_note_of_codes_without_values_counts_rows_as_a_spreadsheet(folder: Path) -> None:
    values = write(folder, TWO_LINES + "E2,B,R,2024/25 Q3,6\n")
    groups = write(folder, 'E1,"nearest\nneighbours",E2\nE1,nn,E9\n', "groups.csv", GROUPS_HEADER)
    result = run(values, "--metrics", folder / "metrics.toml", "--groups", groups)
    assert result.exit_code == 0, result.output
    assert "no value in values.csv, so it is in its groups without one: 'E9' (row 3);" in (
        result.stderr
    )


QUARTERS_AND_A_YEAR = (
    "E1,A,R,2024/25 Q3,45\nE2,B,R,2024/25 Q3,46\nE1,A,R,2024/25 Q4,47\nE2,B,R,2024/25 Q4,46\n"
    "E1,A,H,2023/24,90\nE2,B,H,2023/24,95\nE1,A,H,2024/25,100\nE2,B,H,2024/25,120\n"
)
HOMES = '\n[[indicators]]\nid = "H"\ntitle = "Homes built"\n'


def captions(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return [b["caption"] for s in document["sections"] for b in s["blocks"]]


def test_without_a_period_each_metric_is_shown_for_its_own_latest_period(folder: Path) -> None:
    """A quarterly metric's latest quarter and an annual metric's latest year both end on 31
    March: neither is left out for the other, and every table says which period it shows."""
    (folder / "metrics.toml").write_text(METRICS_TOML + HOMES, encoding="utf-8")
    values = write(folder, QUARTERS_AND_A_YEAR)
    metrics = folder / "metrics.toml"
    result = run(values, "--metrics", metrics, "--format", "json")
    assert captions(result) == [
        "Recycling rate, 2024/25 Q4: standing within all areas",
        "Homes built, 2024/25: standing within all areas",
    ]
    document = json.loads(result.stdout)
    assert document["title"] == "Benchmarking, 2024/25 Q4 and 2024/25"
    assert document["period"] == "2024/25 Q4 and 2024/25"
    assert document["as_of"] == "2025-03-31"
    assert document["summary"] == (
        "How 2 areas stand on 2 metrics, each in its own period (2024/25 Q4: 1 metric; "
        "2024/25: 1 metric), within all areas."
    )
    result = run(values, "--metrics", metrics, "--format", "json", "--area", "E1")
    assert captions(result) == [
        "Standing of A on each metric, 2024/25 Q4",
        "Standing of A on each metric, 2024/25",
    ]
    words = [
        r["cells"]["in_words"]
        for b in json.loads(result.stdout)["sections"][0]["blocks"]
        for r in b["rows"]
    ]
    assert words == [
        "1st of 2 in all areas; improving while the group median rose",
        "2nd of 2 in all areas; improving while the group median rose",
    ]
    # a period asked for shows that period alone, as before
    result = run(values, "--metrics", metrics, "--format", "json", "--period", "2024/25")
    assert captions(result) == ["Homes built, 2024/25: standing within all areas"]
    assert json.loads(result.stdout)["title"] == "Benchmarking, 2024/25"


FOUR_AREAS_IN_Q3 = "".join(f"E{i},Area {i},R,2024/25 Q3,{40 + i}\n" for i in range(1, 5))


def test_one_area_a_quarter_ahead_does_not_move_the_metrics_latest_period(folder: Path) -> None:
    """An area that has published next quarter already is not "1st of 1" there with every
    other area "no value": the metric is shown for the latest period at least half the areas
    have a value for, and the caption says why the later one is not."""
    values = write(folder, FOUR_AREAS_IN_Q3 + "E4,Area 4,R,2024/25 Q4,50\n")
    metrics = folder / "metrics.toml"
    why = "2024/25 Q4 is not shown: only 1 area has a value for it, against 4 for 2024/25 Q3"
    result = run(values, "--metrics", metrics, "--format", "json")
    assert captions(result) == [f"Recycling rate, 2024/25 Q3: standing within all areas; {why}"]
    assert json.loads(result.stdout)["period"] == "2024/25 Q3"
    for area, standing in (("E1", "4th of 4"), ("E4", "1st of 4")):
        result = run(values, "--metrics", metrics, "--format", "json", "--area", area)
        assert captions(result) == [
            f"Standing of Area {area[1]} on each metric, 2024/25 Q3; Recycling rate, {why}"
        ]
        (block,) = json.loads(result.stdout)["sections"][0]["blocks"]
        assert block["rows"][0]["cells"]["in_words"].startswith(f"{standing} in all areas")


def test_a_later_period_half_the_areas_have_a_value_for_is_the_latest(folder: Path) -> None:
    body = FOUR_AREAS_IN_Q3 + "E3,Area 3,R,2024/25 Q4,50\nE4,Area 4,R,2024/25 Q4,51\n"
    result = run(write(folder, body), "--metrics", folder / "metrics.toml", "--format", "json")
    assert captions(result) == ["Recycling rate, 2024/25 Q4: standing within all areas"]


NO_HOMES_FOR_E1 = (
    "E1,A,R,2024/25 Q3,45\nE2,B,R,2024/25 Q3,46\nE3,C,R,2024/25 Q3,47\n"
    "E2,B,H,2024/25 Q2,100\nE3,C,H,2024/25 Q2,110\nE2,B,H,2024/25 Q3,120\nE3,C,H,2024/25 Q3,130\n"
)


def in_words(result: Result) -> dict[tuple[str, str], str]:
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return {
        (r["cells"]["metric"], r["cells"]["group"]): r["cells"]["in_words"]
        for b in document["sections"][0]["blocks"]
        for r in b["rows"]
    }


def test_a_metric_the_council_has_no_line_for_is_in_its_view_with_no_value(folder: Path) -> None:
    """A council's view lists every metric, those it has no line for too, with its group's
    median, rather than leave them out without a word."""
    (folder / "metrics.toml").write_text(METRICS_TOML + HOMES, encoding="utf-8")
    values = write(folder, NO_HOMES_FOR_E1)
    metrics = folder / "metrics.toml"
    result = run(values, "--metrics", metrics, "--area", "E1", "--format", "json")
    assert in_words(result) == {
        ("R", "all areas"): "3rd of 3 in all areas; no comparison with the previous period",
        ("H", "all areas"): (
            "no value for 2024/25 Q3; the median of 2 in all areas is 125.0; the group median rose"
        ),
    }
    assert json.loads(result.stdout)["summary"] == (
        "How A stands on 2 metrics in 2024/25 Q3, within all areas."
    )
    groups = write(folder, "E1,nn,E2\nE1,nn,E3\nE1,mine,E1\n", "groups.csv", GROUPS_HEADER)
    result = run(
        values, "--metrics", metrics, "--groups", groups, "--area", "E1", "--format", "json"
    )
    assert in_words(result)[("H", "nn")] == (
        "no value for 2024/25 Q3; the median of 2 in nn is 125.0; the group median rose"
    )
    assert in_words(result)[("H", "mine")] == "no value for 2024/25 Q3; no area in mine has one"
    # the table keeps to the lines of the file
    rows = table(run(values, "--metrics", metrics, "--area", "E1"))
    assert [(r["metric"], r["period"]) for r in rows] == [("R", "2024/25 Q3")]


@pytest.mark.parametrize("name", ["text", "markdown", "html", "csv"])
def test_every_report_format_lists_a_metric_the_council_has_no_line_for(
    folder: Path, name: str
) -> None:
    (folder / "metrics.toml").write_text(METRICS_TOML + HOMES, encoding="utf-8")
    values = write(folder, NO_HOMES_FOR_E1)
    result = run(values, "--metrics", folder / "metrics.toml", "--area", "E1", "--format", name)
    assert result.exit_code == 0, result.output
    assert "Homes built" in result.stdout
    assert "the median of 2 in all areas is 125.0" in " ".join(result.stdout.split())


def test_the_view_says_how_the_group_median_moved_without_the_councils_previous_line(
    folder: Path,
) -> None:
    """The group's median for the previous period is known though the council has no line
    for it: the words say how it moved, the council (with a value for one period only) left
    out of both medians so that they compare the same members."""
    body = (
        "E2,B,R,2024/25 Q2,40\nE3,C,R,2024/25 Q2,42\n"
        "E1,A,R,2024/25 Q3,45\nE2,B,R,2024/25 Q3,43\nE3,C,R,2024/25 Q3,44\n"
    )
    result = run(write(folder, body), "--metrics", folder / "metrics.toml", "--area", "E1")
    assert table(result)[0]["short_term"] == "no valid comparison"
    result = run(
        write(folder, body),
        "--metrics",
        folder / "metrics.toml",
        "--area",
        "E1",
        "--format",
        "json",
    )
    assert in_words(result) == {
        ("R", "all areas"): (
            "1st of 3 in all areas; no comparison with the previous period; the group median "
            "rose (without 1 area with a value for one period only)"
        )
    }


@pytest.mark.parametrize("name", ["table", "json"])
def test_an_area_the_groups_file_gives_no_group_is_a_usage_error(folder: Path, name: str) -> None:
    """With comparator groups, an area given none is only a member of others' groups and has
    no standing of its own: its view would be empty, under the name of its code."""
    values = write(folder, "E1,A,R,2024/25 Q3,5\nE2,B,R,2024/25 Q3,6\nE3,C,R,2024/25 Q3,7\n")
    groups = write(folder, "E1,nn,E2\nE1,nn,E3\n", "groups.csv", GROUPS_HEADER)
    metrics = folder / "metrics.toml"
    result = run(values, "--metrics", metrics, "--groups", groups, "--area", "E3", "--format", name)
    assert result.exit_code == 2, result.output
    assert "'E3' has no group in groups.csv (it gives groups for E1)" in result.output
    result = run(values, "--metrics", metrics, "--groups", groups, "--area", "E1", "--format", name)
    assert result.exit_code == 0, result.output


def test_a_period_asked_for_lists_the_metrics_the_values_have_for_it(folder: Path) -> None:
    """An annual metric has no value for a quarter: the council's view of a quarter lists the
    quarterly metrics, the one it has no line for included, and not the annual one."""
    (folder / "metrics.toml").write_text(METRICS_TOML + HOMES, encoding="utf-8")
    body = "E2,B,R,2024/25 Q3,46\nE1,A,H,2024/25,100\nE2,B,H,2024/25,120\n"
    values = write(folder, body)
    args = ("--metrics", folder / "metrics.toml", "--area", "E1", "--format", "json")
    assert in_words(run(values, *args, "--period", "2024/25 Q3")) == {
        ("R", "all areas"): "no value for 2024/25 Q3; the median of 1 in all areas is 46.0%"
    }
    assert list(in_words(run(values, *args, "--period", "2024/25"))) == [("H", "all areas")]


def test_a_values_file_with_old_mac_line_ends_is_one_line_saying_so(folder: Path) -> None:
    values = folder / "values.csv"
    values.write_text(HEADER.replace("\n", "\r") + "E1,A,R,2024/25 Q3,5\r", encoding="utf-8")
    assert refused(run(values, "--metrics", folder / "metrics.toml")) == (
        "error: values.csv: row 1: its lines end with a carriage return alone, as older Mac "
        "spreadsheets write them; save it as CSV UTF-8, whose lines end as Windows or Unix "
        "lines do"
    )


def test_a_table_it_cannot_write_is_named_as_every_command_names_one(tmp_path: Path) -> None:
    """The CSV table is written by polars, whose error read "No such file or directory (os
    error 2): PATH", unlike every other command's "PATH: No such file or directory"."""
    missing = tmp_path / "no-such-folder" / "table.csv"
    line = refused(run(VALUES, "--metrics", METRICS, "-o", missing))
    assert line == f"error: {missing}: No such file or directory"
    assert not missing.parent.exists()


# Ten areas have published 2024/25 Q3; only three of them Q4, too few for the file's latest.
# E1's nearest neighbours (E2, E3) have all published Q4; E4's (E5, E1) have not, but for E1.
TEN_AREAS = "".join(f"E{i},Area {i},R,2024/25 Q3,{40 + i}\n" for i in range(1, 11)) + "".join(
    f"E{i},Area {i},R,2024/25 Q4,{50 + i}\n" for i in (1, 2, 3)
)
NEIGHBOURS = "E1,nearest neighbours,E2\nE1,nearest neighbours,E3\n" + (
    "E4,nearest neighbours,E5\nE4,nearest neighbours,E1\n"
)


def test_a_comparator_group_is_shown_for_the_latest_period_its_members_have_published(
    folder: Path,
) -> None:
    """The latest period is worked out within each group: E1's neighbours have all published
    Q4, so E1's view shows Q4, though most areas of the file have not; E4's group has one
    value of three for Q4, so it is shown for Q3, and its caption says why."""
    values = write(folder, TEN_AREAS)
    metrics = folder / "metrics.toml"
    groups = write(folder, NEIGHBOURS, "groups.csv", GROUPS_HEADER)
    file_wide = (
        "2024/25 Q4 is not shown: only 3 areas have a value for it, against 10 for 2024/25 Q3"
    )
    # without groups, the whole file decides, as before
    result = run(values, "--metrics", metrics, "--format", "json", "--area", "E1")
    assert captions(result) == [
        f"Standing of Area 1 on each metric, 2024/25 Q3; Recycling rate, {file_wide}"
    ]
    result = run(
        values, "--metrics", metrics, "--groups", groups, "--format", "json", "--area", "E1"
    )
    assert captions(result) == ["Standing of Area 1 on each metric, 2024/25 Q4"]
    assert in_words(result) == {
        ("R", "nearest neighbours"): (
            "3rd of 3 in nearest neighbours; improving while the group median rose"
        )
    }
    assert json.loads(result.stdout)["as_of"] == "2025-03-31"
    why = "2024/25 Q4 is not shown: only 1 area has a value for it, against 3 for 2024/25 Q3"
    result = run(
        values, "--metrics", metrics, "--groups", groups, "--format", "json", "--area", "E4"
    )
    assert captions(result) == [
        f"Standing of Area 4 on each metric, 2024/25 Q3; Recycling rate, {why}"
    ]
    assert in_words(result)[("R", "nearest neighbours")].startswith(
        "2nd of 3 in nearest neighbours"
    )


def test_every_areas_report_puts_each_group_in_the_table_of_its_own_period(folder: Path) -> None:
    values = write(folder, TEN_AREAS)
    metrics = folder / "metrics.toml"
    groups = write(folder, NEIGHBOURS, "groups.csv", GROUPS_HEADER)
    result = run(values, "--metrics", metrics, "--groups", groups, "--format", "json")
    why = "2024/25 Q4 is not shown: only 1 area has a value for it, against 3 for 2024/25 Q3"
    assert captions(result) == [
        f"Recycling rate, 2024/25 Q3: standing within nearest neighbours; {why}",
        "Recycling rate, 2024/25 Q4: standing within nearest neighbours",
    ]
    document = json.loads(result.stdout)
    assert [[r["header"] for r in b["rows"]] for b in document["sections"][0]["blocks"]] == [
        ["Area 4"],
        ["Area 1"],
    ]
    assert document["period"] == "2024/25 Q3 and 2024/25 Q4"
    assert document["summary"] == (
        "How 2 areas stand on 1 metric, each in its own period (2024/25 Q3: 1 metric; "
        "2024/25 Q4: 1 metric), within nearest neighbours."
    )
    # a period asked for is every group's period
    result = run(
        values,
        "--metrics",
        metrics,
        "--groups",
        groups,
        "--format",
        "json",
        "--period",
        "2024/25 Q3",
    )
    # (the later period the file has too few values of is named, as without groups)
    assert captions(result) == [
        "Recycling rate, 2024/25 Q3: standing within nearest neighbours; 2024/25 Q4 is not "
        "shown: only 3 areas have a value for it, against 10 for 2024/25 Q3"
    ]


def test_a_councils_view_lists_the_metrics_in_the_order_of_the_metrics_file(
    folder: Path,
) -> None:
    """A metric the council has no line for keeps its place, though its empty line is added
    after the file's."""
    (folder / "metrics.toml").write_text(HOMES + METRICS_TOML, encoding="utf-8")
    values = write(folder, NO_HOMES_FOR_E1)
    result = run(values, "--metrics", folder / "metrics.toml", "--area", "E1", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["sections"][0]["blocks"][0]["rows"]
    assert [r["cells"]["metric"] for r in rows] == ["H", "R"]
