"""HTML fragments made from the report document: a trend chart as accessible SVG, and any
:class:`~councilpmf.core.report.Table` as an accessible HTML table.

:func:`svg` is the one drawing of a trend chart: the ``html`` report format embeds it, and
:func:`councilpmf.chart` shows it in a notebook, so both draw the same picture from the same
:class:`~councilpmf.core.report.Chart`. The SVG has ``role="img"``, a ``<title>`` and a
``<desc>`` (the chart in words) that label it; the value axis always includes zero, with round
ticks; each series differs from the others by line pattern and marker shape as well as colour;
each point has a title in words ("Dec 2024: Value 83.7%, Green") and a rated point carries its
rating's symbol above it, so a rating is never colour alone; a provisional value's marker is
hollow, its title says "(provisional)" and the legend names the hollow marker "Provisional";
a target band is a shaded area edged by dashed lines over the periods that have one, which the
legend names ("Target band 40.0% to 60.0%").
:func:`table` writes a table with its caption, column header cells (``scope="col"``) and row
header cells (``scope="row"``); a status or a direction of travel is its symbol and its word.

Everything from the data is escaped (after :func:`councilpmf.escape.readable` replaces control
characters and bidirectional overrides and isolates), as the ``html`` format's template escapes
it.

>>> from councilpmf.core.report import Chart, Point, Series
>>> chart = Chart(title="Fly-tips <cleared>", description="Rose", unit="percentage", series=(
...     Series(name="Value", points=(Point(label="Q1", value=80.0, text="80.0%"),)),))
>>> picture = svg(chart, "chart-1")
>>> picture.startswith('<svg role="img" aria-labelledby="chart-1-title chart-1-desc"')
True
>>> '<title id="chart-1-title">Fly-tips &lt;cleared&gt;</title>' in picture
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import markupsafe

from councilpmf.core.indicators import PERCENT_UNITS
from councilpmf.core.report import Cell, Chart, NumberCell, Point, Table
from councilpmf.core.report import cell_text as _cell_text
from councilpmf.escape import readable

__all__ = ["HEIGHT", "STYLES", "WIDTH", "axis_ticks", "band_name", "escaped", "svg", "table"]

WIDTH, HEIGHT = 640, 260
"""A chart's size, in SVG user units."""
# The right margin holds half of the last period's label ("2024/25 Q3", "Dec 2024").
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 44, 24, 56

STYLES: tuple[tuple[str, str, str], ...] = (
    ("#1D5FA8", "", "circle"),
    ("#505A5F", "6 4", "square"),
    ("#A65400", "2 3", "diamond"),
)
"""Each series' stroke, dash pattern and marker shape, in turn: the second series is dashed with
square markers, so the lines differ by more than colour."""


def escaped(text: object) -> str:
    """Text from the data, safe in HTML: control characters dropped, markup escaped.

    >>> escaped("<b>Bins & bags</b>")
    '&lt;b&gt;Bins &amp; bags&lt;/b&gt;'
    """
    return str(markupsafe.escape(readable(str(text))))


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _decimals(step: float) -> int:
    """How many decimals write every multiple of ``step`` (a tick step) exactly."""
    return next(d for d in range(17) if math.isclose(round(step, d), step, rel_tol=1e-9))


_PERCENT_UNITS = frozenset(unit.value for unit in PERCENT_UNITS)


def _axis_text(value: float, unit: str, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text + "%" if unit in _PERCENT_UNITS else text


def axis_ticks(low: float, high: float, most: int = 6) -> tuple[float, ...]:
    """Round tick values for a value axis that always includes zero: the widest-spaced ticks
    (at most ``most``) a step of 1, 2, 2.5 or 5 times a power of ten gives to cover
    ``low``..``high``. An axis whose values are all within a billionth of zero runs to 1.

    >>> axis_ticks(16.1, 83.7)
    (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)
    >>> axis_ticks(-3, 4)
    (-4.0, -2.0, 0.0, 2.0, 4.0)
    >>> axis_ticks(0.3, 1.1)
    (0.0, 0.25, 0.5, 0.75, 1.0, 1.25)
    """
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 1e-9:
        high = 1.0
    power = 10.0 ** math.floor(math.log10((high - low) / most))
    for factor in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = factor * power
        first, last = math.floor(low / step), math.ceil(high / step)
        if last - first <= most - 1:
            digits = _decimals(step)
            return tuple(round(i * step, digits) + 0.0 for i in range(first, last + 1))
    raise AssertionError("a step of 50 x 10^n always fits")  # pragma: no cover


def _segments(points: Sequence[tuple[float, float] | None]) -> list[str]:
    """Polyline point lists for the runs of points with values."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in run) for run in runs if len(run) > 1]


def _shape(shape: str, at: tuple[float, float], hollow: str = "") -> str:
    """A marker of ``shape`` centred ``at``; ``hollow`` (its outline's colour) draws it as an
    outline on white."""
    x, y = at
    paint = f' fill="#FFFFFF" stroke="{hollow}" stroke-width="2"' if hollow else ""
    if shape == "circle":
        return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4"{paint}/>'
    if shape == "square":
        return f'<rect x="{_fmt(x - 3.5)}" y="{_fmt(y - 3.5)}" width="7" height="7"{paint}/>'
    corners = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
    return f'<polygon points="{" ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in corners)}"{paint}/>'


def _marker(
    shape: str, at: tuple[float, float], series: str, point: Point, colour: str
) -> list[str]:
    """A point's marker in a group with its title ("Dec 2024: Value 83.7%, Green") and, when
    the point has a rating, the rating's symbol drawn above it. A provisional value's marker
    is hollow, and its title says it is provisional (its text does)."""
    x, y = at
    title = f"{point.label}: {series} {point.text}"
    if point.status is not None:
        title += f", {point.status.word}"
    lines = ["<g>", f"<title>{escaped(title)}</title>"]
    lines.append(_shape(shape, at, colour if point.provisional else ""))
    if point.status is not None:
        symbol = escaped(point.status.symbol)
        lines.append(
            f'<text class="rating" x="{_fmt(x)}" y="{_fmt(y - 9)}" text-anchor="middle" '
            f'font-size="12" fill="#0B0C0C" aria-hidden="true">{symbol}</text>'
        )
    lines.append("</g>")
    return lines


def _provisional_legend(chart: Chart, legend_x: float) -> list[str]:
    """The legend's last entry, when any value drawn is provisional: a hollow marker of the
    first series' shape, named "Provisional"."""
    if not any(p.provisional and p.value is not None for s in chart.series for p in s.points):
        return []
    stroke, _, shape = STYLES[0]
    legend_y = HEIGHT - 12
    return [
        _shape(shape, (legend_x + 14, legend_y), stroke),
        f'<text x="{_fmt(legend_x + 34)}" y="{legend_y}" dominant-baseline="middle" '
        'font-size="12" fill="#0B0C0C">Provisional</text>',
    ]


def band_name(points: Sequence[Point]) -> str | None:
    """The legend's name for a series' target bands: "Target band" and the band when every
    period with one has the same, None when no point has a band.

    >>> band_name([Point(label="Q1", value=None, text="40 to 60", low=40.0, high=60.0)])
    'Target band 40 to 60'
    """
    texts = {p.text for p in points if p.band is not None}
    if not texts:
        return None
    return f"Target band {texts.pop()}" if len(texts) == 1 else "Target band (varies by period)"


_BAND_FILL = ' fill="#505A5F" fill-opacity="0.15"'
_BAND_EDGE = ' stroke="#505A5F" stroke-width="1.5" stroke-dasharray="3 3"'


def _band(left: float, right: float, low: float, high: float) -> list[str]:
    """A band from ``left`` to ``right`` between the heights ``low`` and ``high`` (SVG units):
    shaded, with a dashed line along each edge, so that it is not colour alone."""
    spans = f'x1="{_fmt(left)}" x2="{_fmt(right)}"'
    return [
        f'<rect x="{_fmt(left)}" y="{_fmt(high)}" width="{_fmt(right - left)}" '
        f'height="{_fmt(low - high)}"{_BAND_FILL}/>',
        f'<line {spans} y1="{_fmt(low)}" y2="{_fmt(low)}"{_BAND_EDGE}/>',
        f'<line {spans} y1="{_fmt(high)}" y2="{_fmt(high)}"{_BAND_EDGE}/>',
    ]


def _legend_width(name: str) -> float:
    """Room for a legend entry: its 28-unit swatch, a gap and about 7 units a character."""
    return 34 + 7 * len(name) + 20


def svg(chart: Chart, key: str) -> str:
    """The chart as an SVG element; ``key`` (unique on the page) prefixes the ids of its title
    and description, which label it."""
    labels = [p.label for p in chart.series[0].points] if chart.series else []
    values = [p.value for s in chart.series for p in s.points if p.value is not None]
    values += [edge for s in chart.series for p in s.points for edge in p.band or ()]
    ticks = axis_ticks(min(values, default=0.0), max(values, default=1.0))
    low, high = ticks[0], ticks[-1]
    digits = _decimals(ticks[1] - ticks[0])
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    left, right, top, bottom = _LEFT, WIDTH - _RIGHT, _TOP, _fmt(_TOP + plot_h)
    step = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return _LEFT + (i * step if len(labels) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return _TOP + plot_h * (high - value) / (high - low)

    key = escaped(key)
    out = [
        f'<svg role="img" aria-labelledby="{key}-title {key}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" focusable="false">',
        f'<title id="{key}-title">{escaped(chart.title)}</title>',
        f'<desc id="{key}-desc">{escaped(chart.description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#FFFFFF"/>',
    ]
    for tick in ticks if values else ():
        level = _fmt(y(tick))
        out += [
            f'<line x1="{left}" y1="{level}" x2="{right}" y2="{level}" stroke="#D0D3D4" '
            'stroke-width="1"/>',
            f'<text x="{left - 8}" y="{level}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="11" fill="#0B0C0C">{escaped(_axis_text(tick, chart.unit, digits))}</text>',
        ]
    out += [
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#0B0C0C" '
        'stroke-width="1"/>',
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#0B0C0C" '
        'stroke-width="1"/>',
    ]
    label_y = _fmt(_TOP + plot_h + 18)
    out += [
        f'<text x="{_fmt(x(j))}" y="{label_y}" text-anchor="middle" font-size="11" '
        f'fill="#0B0C0C">{escaped(label)}</text>'
        for j, label in enumerate(labels)
    ]
    legend_x, legend_y = float(_LEFT), HEIGHT - 12
    for series in chart.series:
        name = band_name(series.points)
        if name is None:
            continue
        out.append('<g class="band">')
        for j, point in enumerate(series.points):
            if point.band is not None:
                out += _band(
                    max(left, x(j) - step / 2), min(right, x(j) + step / 2), *map(y, point.band)
                )
        out += [
            "</g>",
            *_band(legend_x, legend_x + 28, legend_y + 5, legend_y - 5),
            f'<text x="{_fmt(legend_x + 34)}" y="{legend_y}" dominant-baseline="middle" '
            f'font-size="12" fill="#0B0C0C">{escaped(name)}</text>',
        ]
        legend_x += _legend_width(name)
    for i, series in enumerate(chart.series):
        stroke, dash, shape = STYLES[i % len(STYLES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        xy = [None if p.value is None else (x(j), y(p.value)) for j, p in enumerate(series.points)]
        if not any(xy):
            continue  # a series of bands alone is drawn as its bands
        out.append(f'<g fill="none" stroke="{stroke}" stroke-width="2.5"{dashed}>')
        out += [f'<polyline points="{points}"/>' for points in _segments(xy)]
        out += ["</g>", f'<g fill="{stroke}" stroke="none">']
        for at, point in zip(xy, series.points, strict=True):
            if at is not None:
                out += _marker(shape, at, series.name, point, stroke)
        out += [
            "</g>",
            f'<line x1="{_fmt(legend_x)}" y1="{legend_y}" x2="{_fmt(legend_x + 28)}" '
            f'y2="{legend_y}" stroke="{stroke}" stroke-width="2.5"{dashed}/>',
            f'<text x="{_fmt(legend_x + 34)}" y="{legend_y}" dominant-baseline="middle" '
            f'font-size="12" fill="#0B0C0C">{escaped(series.name)}</text>',
        ]
        legend_x += _legend_width(series.name)
    out += _provisional_legend(chart, legend_x)
    if not values:
        out.append(
            f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" font-size="14" '
            'fill="#0B0C0C">No values to plot</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _cell(cell: Cell, numeric: bool) -> str:
    """A data cell: a status or direction of travel as its symbol and word, a number (right
    aligned) as it is shown."""
    numeric = numeric or isinstance(cell, int | float | NumberCell)
    align = ' style="text-align: right"' if numeric else ""
    return f"<td{align}>{escaped(_cell_text(cell))}</td>"


def table(content: Table, css: str = "councilpmf-table") -> str:
    """The table as HTML: its caption, a header cell per column and a row header per row.

    >>> from councilpmf.core.report import Column, Row
    >>> print(table(Table(caption="Bins & <b>", columns=(Column(key="a", title="Area"),
    ...     Column(key="n", title="Missed", kind="number")), rows=(Row(header="North", cells=(3,)),))))
    <table class="councilpmf-table"><caption>Bins &amp; &lt;b&gt;</caption><thead><tr><th scope="col">Area</th><th scope="col">Missed</th></tr></thead><tbody><tr><th scope="row">North</th><td style="text-align: right">3</td></tr></tbody></table>
    """  # noqa: E501
    head = "".join(f'<th scope="col">{escaped(c.title)}</th>' for c in content.columns)
    kinds = [c.kind == "number" for c in content.columns[1:]]
    rows = "".join(
        f'<tr><th scope="row">{escaped(row.header)}</th>'
        + "".join(_cell(cell, numeric) for cell, numeric in zip(row.cells, kinds, strict=True))
        + "</tr>"
        for row in content.rows
    )
    return (
        f'<table class="{escaped(css)}"><caption>{escaped(content.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
