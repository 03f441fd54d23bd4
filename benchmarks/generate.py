"""A large generated council, built in memory, for benchmarks.

    python benchmarks/generate.py [--indicators 2000] [--years 10] [--seed 20250401]

:func:`large_council` returns a :class:`~councilpmf.Framework` and its readings: a strategic plan
of 8 themes with 10 priorities each, ``indicators`` monthly indicators (higher and lower is
better; percentage, number and count units; snapshot and cumulative year-to-date values) with an
annual target for every year, and a reading for every indicator and month of ``years`` financial
years (2,000 x 120 = 240,000 readings at full size).

The same seed gives the same council, value for value: randomness comes from one
``random.Random(seed)``. Benchmarks sit outside the pure core, so randomness is allowed here.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import councilpmf as pmf

__all__ = ["DEFAULT_SEED", "FIRST_YEAR", "MISSING_REASON", "large_council", "main"]

DEFAULT_SEED = 20250401
# The first financial year of the history: ten years run 2015/16 to 2024/25.
FIRST_YEAR = 2015
MISSING_REASON = "not supplied by the service"

_THEMES = (
    "Our communities",
    "Our place",
    "Our economy",
    "Our environment",
    "Our people",
    "Our homes",
    "Our health and wellbeing",
    "Our council",
)
_SUBJECTS = (
    "Homelessness cases prevented",
    "Council tax collected",
    "Business rates collected",
    "Fly-tips cleared within 5 days",
    "Household waste recycled",
    "Major planning applications decided in time",
    "Minor planning applications decided in time",
    "Days to process new benefit claims",
    "Working days lost to sickness",
    "Calls answered within 60 seconds",
    "Complaints responded to in time",
    "Empty homes brought back into use",
    "Affordable homes delivered",
    "Leisure centre visits",
    "Rent arrears of current tenants",
    "Repairs completed right first time",
    "Licensing applications processed",
    "Food hygiene inspections completed",
    "Missed bin collections",
    "Streets meeting cleanliness standard",
)


def _unit_and_aggregation(rng: random.Random) -> tuple[pmf.Unit, pmf.Aggregation]:
    """Percentages are snapshots; numbers and counts are cumulative (year to date) a third of
    the time."""
    unit = rng.choices(
        (pmf.Unit.PERCENTAGE, pmf.Unit.NUMBER, pmf.Unit.COUNT), weights=(4, 3, 3), k=1
    )[0]
    if unit is not pmf.Unit.PERCENTAGE and rng.random() < 1 / 3:
        return unit, pmf.Aggregation.CUMULATIVE
    return unit, pmf.Aggregation.SNAPSHOT


def _annual_targets(
    rng: random.Random, unit: pmf.Unit, aggregation: pmf.Aggregation, years: int
) -> list[float]:
    """One target per year, drifting a little from year to year."""
    if unit is pmf.Unit.PERCENTAGE:
        level = rng.uniform(40.0, 90.0)
    elif aggregation is pmf.Aggregation.CUMULATIVE:
        level = rng.uniform(600.0, 60_000.0)  # an annual total
    else:
        level = rng.uniform(10.0, 5_000.0)
    targets = []
    for _ in range(years):
        level *= 1 + rng.gauss(0.0, 0.03)
        if unit is pmf.Unit.PERCENTAGE:
            level = min(max(level, 5.0), 95.0)
        targets.append(round(level, 1) if unit is pmf.Unit.PERCENTAGE else round(level))
    return [float(t) for t in targets]


def _monthly_values(
    rng: random.Random,
    indicator: pmf.Indicator,
    annual: list[float],
    months_per_year: int = 12,
) -> list[float]:
    """A value for every month: near the target, with a bias for how well the service does.

    ``better`` > 0 means better than target, whichever way is better for the indicator.
    """
    sign = 1.0 if indicator.polarity is pmf.Polarity.HIGHER_IS_BETTER else -1.0
    bias = rng.gauss(0.0, 0.04)
    values = []
    for target in annual:
        running = 0.0
        for _ in range(months_per_year):
            better = bias + rng.gauss(0.0, 0.05)
            factor = max(1 + sign * better, 0.0)
            if indicator.aggregation is pmf.Aggregation.CUMULATIVE:
                step = target / months_per_year * factor
                running += round(step) if indicator.unit is pmf.Unit.COUNT else step
                value = running
            else:
                value = target * factor
            if indicator.unit is pmf.Unit.PERCENTAGE:
                value = min(max(value, 0.0), 100.0)
            values.append(float(round(value, indicator.decimals)))
    return values


def _plan(ids: list[str], rng: random.Random) -> pmf.StrategicPlan:
    """8 themes x 10 priorities; each priority lists about half its indicators directly and the
    rest under two outcomes; a few indicators also serve a second priority."""
    slots = [(t, p) for t in range(len(_THEMES)) for p in range(10)]
    assigned: dict[tuple[int, int], list[str]] = {slot: [] for slot in slots}
    for position, indicator_id in enumerate(ids):
        assigned[slots[position % len(slots)]].append(indicator_id)
    for indicator_id in ids[:: max(len(ids) // 50, 1)]:
        assigned[rng.choice(slots)].append(indicator_id)
    themes = []
    for t, name in enumerate(_THEMES):
        priorities = []
        for p in range(10):
            own = list(dict.fromkeys(assigned[(t, p)]))
            half = len(own) // 2
            third = half + (len(own) - half) // 2
            priorities.append(
                pmf.Priority(
                    id=f"P{t + 1}.{p + 1}",
                    statement=f"{name}: priority {p + 1}",
                    indicators=tuple(own[:half]),
                    outcomes=(
                        pmf.Outcome(
                            id=f"O{t + 1}.{p + 1}.1",
                            statement="Residents see the difference",
                            indicators=tuple(own[half:third]),
                        ),
                        pmf.Outcome(
                            id=f"O{t + 1}.{p + 1}.2",
                            statement="Services improve year on year",
                            indicators=tuple(own[third:]),
                        ),
                    ),
                )
            )
        themes.append(pmf.Theme(id=f"T{t + 1}", name=name, priorities=tuple(priorities)))
    return pmf.StrategicPlan(
        title="Council Plan (generated)",
        organisation="Largetown Borough Council",
        vision="A generated council for benchmarks.",
        themes=tuple(themes),
    )


def large_council(
    indicators: int = 2000,
    years: int = 10,
    seed: int = DEFAULT_SEED,
    *,
    first_year: int = FIRST_YEAR,
    missing_share: float = 0.01,
) -> tuple[pmf.Framework, tuple[pmf.Reading, ...]]:
    """A generated council and a reading for every indicator and month of ``years`` years.

    About ``missing_share`` of the readings carry a missing reason instead of a value; the last
    month's readings are provisional. Readings come month by month, as a council records them.
    """
    if indicators < 1 or years < 1:
        raise ValueError("a council needs at least one indicator and one year")
    rng = random.Random(seed)
    width = max(4, len(str(indicators)))
    year_periods = [pmf.FinancialYear(year=first_year + y) for y in range(years)]
    months = [m for fy in year_periods for m in fy.months()]

    built: list[pmf.Indicator] = []
    values: list[list[float]] = []
    for i in range(indicators):
        unit, aggregation = _unit_and_aggregation(rng)
        polarity = (
            pmf.Polarity.HIGHER_IS_BETTER if rng.random() < 0.6 else pmf.Polarity.LOWER_IS_BETTER
        )
        annual = _annual_targets(rng, unit, aggregation, years)
        indicator = pmf.Indicator(
            id=f"KPI{i + 1:0{width}d}",
            title=f"{_SUBJECTS[i % len(_SUBJECTS)]} ({i + 1})",
            unit=unit,
            polarity=polarity,
            frequency=pmf.Frequency.MONTHLY,
            aggregation=aggregation,
            decimals=0 if unit is pmf.Unit.COUNT else 1,
            owner=f"Service manager {i % 40 + 1}",
            source="Generated",
            targets=tuple(
                pmf.Target(period=fy, value=value)
                for fy, value in zip(year_periods, annual, strict=True)
            ),
        )
        built.append(indicator)
        values.append(_monthly_values(rng, indicator, annual))

    last = len(months) - 1
    readings: list[pmf.Reading] = []
    for m, month in enumerate(months):
        status = pmf.ReadingStatus.PROVISIONAL if m == last else pmf.ReadingStatus.FINAL
        for indicator, series in zip(built, values, strict=True):
            if rng.random() < missing_share:
                reading = pmf.Reading(
                    indicator=indicator.id,
                    period=month,
                    missing_reason=MISSING_REASON,
                    status=status,
                )
            else:
                reading = pmf.Reading(
                    indicator=indicator.id, period=month, value=series[m], status=status
                )
            readings.append(reading)

    framework = pmf.Framework(
        plan=_plan([ind.id for ind in built], rng),
        indicators=tuple(built),
        default_rule=pmf.TargetTolerance(tolerance=5.0, mode="relative"),
        area_code="E99999999",
    )
    return framework, tuple(readings)


def main(argv: list[str] | None = None) -> int:
    """Build a council and print its sizes."""
    parser = argparse.ArgumentParser(description="Build a large generated council.")
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    framework, readings = large_council(args.indicators, args.years, args.seed)
    took = time.perf_counter() - began
    plan = framework.plan
    priorities = [p for _t, p in plan.priorities()]
    inds = framework.indicators

    print(f"{framework.organisation}: built in {took:.2f} s (seed {args.seed})")
    print(f"  themes              {len(plan.themes):>9,}")
    print(f"  priorities          {len(priorities):>9,}")
    print(f"  outcomes            {sum(len(p.outcomes) for p in priorities):>9,}")
    print(f"  indicators          {len(inds):>9,}")
    for unit in (pmf.Unit.PERCENTAGE, pmf.Unit.NUMBER, pmf.Unit.COUNT):
        print(f"    {unit.value:<17} {sum(i.unit is unit for i in inds):>9,}")
    for polarity in (pmf.Polarity.HIGHER_IS_BETTER, pmf.Polarity.LOWER_IS_BETTER):
        print(f"    {polarity.value:<17} {sum(i.polarity is polarity for i in inds):>9,}")
    for aggregation in (pmf.Aggregation.SNAPSHOT, pmf.Aggregation.CUMULATIVE):
        print(f"    {aggregation.value:<17} {sum(i.aggregation is aggregation for i in inds):>9,}")
    print(f"  targets             {sum(len(i.targets) for i in inds):>9,}")
    print(f"  readings            {len(readings):>9,}")
    print(f"    with no value     {sum(r.value is None for r in readings):>9,}")
    print(f"  first period        {readings[0].period!s:>9}")
    print(f"  last period         {readings[-1].period!s:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
