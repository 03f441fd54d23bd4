"""The papers' chart images carry each point's rating in words and a symbol, not colour alone."""

from __future__ import annotations

from councilpmf_papers.charts import figure_of, png
from papers_fixtures import mansfield_report

from councilpmf.core.report import Chart


def _charts() -> list[Chart]:
    report = mansfield_report("performance")
    return [b for s in report.sections for b in s.blocks if isinstance(b, Chart)]


def test_each_rated_point_is_labelled_with_its_rating() -> None:
    chart = next(c for c in _charts() if any(p.status for p in c.series[0].points))
    labels = [text.get_text() for text in figure_of(chart).axes[0].texts]
    expected = [
        f"{p.status.symbol} {p.status.word}"
        for p in chart.series[0].points
        if p.status is not None and p.value is not None
    ]
    assert labels[: len(expected)] == expected
    assert expected


def test_the_image_is_the_same_bytes_each_time() -> None:
    chart = _charts()[0]
    assert png(chart) == png(chart)
