"""A national benchmarking dataset shaped like an LG Inform download, for timing.

``write_national(folder, areas=317, metrics=2000, quarters=40, seed=20250401)`` writes
``values.csv`` (``area_code,area_name,metric,period,value``: every area x metric x quarter, about
2% of values empty, periods as LG Inform writes them, ``fin_2015_16_q1`` onwards) and
``metrics.toml`` (``[[indicators]]``: about 60% higher is better, 35% lower is better, 5% data only,
one decimal place). At full size that is 317 x 2,000 x 40 = 25,360,000 lines, about 1.3 GB.
Values have one decimal, so ties are common, as they are in published data. The same seed
writes the same files.

With ``marked=True`` (``--marked``) the values are written in the statistical shorthand of
official downloads, as the library reads it: a third of the missing values are empty cells,
a third ``[c]`` and a third ``..``; one value in ten carries qualifiers, written as
downloads write them (``60.0 [p]``, ``54.9[r][note 2]``, ``[e] 41.3``, ``47.5 [P]``), and one
in a hundred is the first after a break in its series (``52.1 [b]``), unless
``breaks=False`` (``--no-breaks``).

``write_groups(folder, areas=317, neighbours=16)`` writes ``groups.csv``
(``area_code,group,member_code``): for every area, its ``neighbours`` nearest areas as CIPFA's
nearest-neighbour model picks them, by distance over a few generated characteristics
(population, density, deprivation, ...), in the group ``nearest neighbours``.

    python benchmarks/generate_national.py OUT_FOLDER [--areas 317] [--metrics 2000] [--quarters 40]
        [--groups 16] [--marked]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import polars as pl

FIRST_YEAR = 2015
CHUNK_METRICS = 100  # metrics written per block, so memory stays small at any size
MISSING_MARKS = ["", "[c]", ".."]
"""How a marked file writes a missing value, each as often."""
QUALIFIED = ["{} [p]", "{}[r][note 2]", "[e] {}", "{} [P]"]
"""How a marked file writes a qualified value (``{}`` is the number), each as often."""


def period_texts(quarters: int) -> list[str]:
    """``fin_2015_16_q1``, ``fin_2015_16_q2``, ... as LG Inform writes quarters."""
    texts = []
    for i in range(quarters):
        year, quarter = FIRST_YEAR + i // 4, i % 4 + 1
        texts.append(f"fin_{year}_{(year + 1) % 100:02d}_q{quarter}")
    return texts


def metrics_toml(metrics: int, seed: int) -> str:
    """The metrics file: ids M0001..., polarity mixed, one decimal place."""
    rng = np.random.default_rng(seed)
    draws = rng.random(metrics)
    lines = []
    for i, draw in enumerate(draws, start=1):
        polarity = (
            "higher is better" if draw < 0.6 else "lower is better" if draw < 0.95 else "none"
        )
        lines += [
            "[[indicators]]",
            f'id = "M{i:04d}"',
            f'title = "Generated metric {i}"',
            'unit = "number"',
            f'polarity = "{polarity}"',
            "decimals = 1",
            "",
        ]
    return "\n".join(lines)


def write_national(
    folder: Path,
    areas: int = 317,
    metrics: int = 2000,
    quarters: int = 40,
    seed: int = 20250401,
    *,
    marked: bool = False,
    breaks: bool = True,
) -> tuple[Path, Path]:
    """Write ``values.csv`` and ``metrics.toml`` into ``folder``, the values in the statistical
    shorthand with ``marked`` (breaks in series among them unless not ``breaks``); returns
    their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    metrics_path = folder / "metrics.toml"
    metrics_path.write_text(metrics_toml(metrics, seed), encoding="utf-8")
    values_path = folder / "values.csv"
    rng = np.random.default_rng(seed + 1)
    codes = area_codes(areas)
    names = [f"Council {i:03d}" for i in range(1, areas + 1)]
    periods = period_texts(quarters)
    with values_path.open("wb") as handle:
        handle.write(b"area_code,area_name,metric,period,value\n")
        for first in range(0, metrics, CHUNK_METRICS):
            ids = [f"M{i:04d}" for i in range(first + 1, min(first + CHUNK_METRICS, metrics) + 1)]
            n = areas * len(ids) * quarters
            area_index = np.repeat(np.arange(areas), len(ids) * quarters)
            metric_index = np.tile(np.repeat(np.arange(len(ids)), quarters), areas)
            level = rng.normal(50, 15, size=(areas, len(ids)))[area_index, metric_index]
            trend = np.tile(np.arange(quarters), areas * len(ids)) * rng.normal(0, 0.2)
            value = np.round(level + trend + rng.normal(0, 3, size=n), 1)
            block = pl.DataFrame(
                {
                    "area_code": pl.Series(codes).gather(area_index),
                    "area_name": pl.Series(names).gather(area_index),
                    "metric": pl.Series(ids).gather(metric_index),
                    "period": pl.Series(periods).gather(
                        np.tile(np.arange(quarters), areas * len(ids))
                    ),
                    "value": pl.Series(value).set(pl.Series(rng.random(n) < 0.02), None),
                }
            )
            if marked:
                block = block.with_columns(_marked(block.get_column("value"), rng, breaks))
            block.write_csv(handle, include_header=False, float_precision=1)
    return values_path, metrics_path


def _marked(values: pl.Series, rng: np.random.Generator, breaks: bool) -> pl.Series:
    """``values`` as text in the statistical shorthand: a mark for each missing value, and
    qualifiers on one value in ten and (with ``breaks``) a break in series on one in a
    hundred."""
    n = len(values)
    draw = pl.Series(rng.random(n))
    kind = rng.integers(0, len(QUALIFIED), size=n)
    before = pl.Series([f.partition("{}")[0] for f in QUALIFIED]).gather(kind)
    after = pl.Series([f.partition("{}")[2] for f in QUALIFIED]).gather(kind)
    mark = pl.Series(MISSING_MARKS).gather(rng.integers(0, len(MISSING_MARKS), size=n))
    text = values.round(1).cast(pl.String)
    return pl.select(
        pl.when(values.is_null())
        .then(mark)
        .when(draw < (0.01 if breaks else 0.0))
        .then(text + " [b]")
        .when(draw < 0.11)
        .then(before + text + after)
        .otherwise(text)
        .alias("value")
    ).to_series()


def area_codes(areas: int) -> list[str]:
    """The generated areas' codes, ONS-style: E07000001 ..."""
    return [f"E{7_000_000 + i:08d}" for i in range(1, areas + 1)]


def write_groups(
    folder: Path, areas: int = 317, neighbours: int = 16, seed: int = 20250401
) -> Path:
    """Write ``groups.csv``: each area's ``neighbours`` nearest areas (by Euclidean distance over
    six generated, standardised characteristics, as CIPFA's model measures similarity)."""
    folder.mkdir(parents=True, exist_ok=True)
    codes = area_codes(areas)
    traits = np.random.default_rng(seed + 2).normal(size=(areas, 6))
    distance = ((traits[:, None, :] - traits[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(distance, np.inf)
    nearest = np.argsort(distance, axis=1, kind="stable")[:, : min(neighbours, areas - 1)]
    path = folder / "groups.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("area_code,group,member_code\n")
        for area, row in enumerate(nearest):
            handle.writelines(f"{codes[area]},nearest neighbours,{codes[m]}\n" for m in row)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--areas", type=int, default=317)
    parser.add_argument("--metrics", type=int, default=2000)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20250401)
    parser.add_argument(
        "--groups", type=int, default=0, metavar="N", help="also write groups.csv, N neighbours"
    )
    parser.add_argument(
        "--marked", action="store_true", help="write the values in the statistical shorthand"
    )
    parser.add_argument("--no-breaks", action="store_true", help="with --marked: no [b] marks")
    args = parser.parse_args(argv)
    if args.groups:
        print(f"Wrote {write_groups(args.folder, args.areas, args.groups, args.seed)}")
    values, metrics = write_national(
        args.folder,
        args.areas,
        args.metrics,
        args.quarters,
        args.seed,
        marked=args.marked,
        breaks=not args.no_breaks,
    )
    size = values.stat().st_size / 1e6
    print(f"Wrote {values} ({args.areas * args.metrics * args.quarters:,} lines, {size:,.0f} MB)")
    print(f"Wrote {metrics} ({args.metrics} metrics)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
