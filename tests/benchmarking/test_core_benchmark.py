"""The reference definition of benchmarking: ranks, ties, quartiles, medians, groups, travel and
the words of one council's view."""

from __future__ import annotations

import statistics

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.core.benchmark import (
    ALL_AREAS,
    AreaValue,
    BenchmarkError,
    PeerGroup,
    benchmark,
    describe,
    earlier_period,
    group_coverage,
    group_median,
    later_left_out,
    latest_period,
    ranks,
    standings,
)
from councilpmf.core.indicators import Aggregation, Indicator, Polarity
from councilpmf.core.periods import Period, parse_period
from councilpmf.core.rag import Quartile, Status, quartile_position, rate
from councilpmf.core.travel import Direction, series_breaks

HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
Q2, Q3 = parse_period("2024/25 Q2"), parse_period("2024/25 Q3")
LAST_Q3 = parse_period("2023/24 Q3")


def line(area: str, value: float | None, period=Q3, metric: str = "M") -> AreaValue:
    return AreaValue(
        area_code=area, area_name=f"{area} council", metric=metric, period=period, value=value
    )


def test_ties_share_the_best_rank_they_span_and_the_next_rank_skips() -> None:
    assert ranks([5.0, 7.0, 7.0, 3.0, 7.0], HIGHER) == (4, 1, 1, 5, 1)
    assert ranks([5.0, 7.0, 7.0, 3.0], LOWER) == (2, 3, 3, 1)


def test_missing_values_are_not_ranked_and_not_counted() -> None:
    found = standings([None, 2.0, None, 1.0], LOWER)
    assert [s.rank for s in found] == [None, 2, None, 1]
    assert {s.of for s in found} == {2}
    assert {s.median for s in found} == {1.5}


def test_a_metric_without_a_better_direction_is_neither_ranked_nor_put_in_quartiles() -> None:
    for polarity in (Polarity.NONE, Polarity.TARGET_BAND):
        found = standings([1.0, 2.0, 3.0, 4.0, 5.0], polarity)
        assert {(s.rank, s.quartile) for s in found} == {(None, None)}
        assert found[0].of == 5 and found[0].median == 3.0


def test_fewer_than_four_values_have_no_quartiles() -> None:
    assert {s.quartile for s in standings([1.0, 2.0, 3.0, None], HIGHER)} == {None}
    assert [s.quartile for s in standings([1.0, 2.0, 3.0, 4.0], HIGHER)] == [4, 3, 2, 1]


def test_a_single_member_group_is_first_of_one() -> None:
    (only,) = standings([42.0], LOWER)
    assert (only.rank, only.of, only.quartile, only.median) == (1, 1, None, 42.0)


def test_a_value_on_a_quartile_cut_counts_in_the_better_quarter_for_both_polarities() -> None:
    values = (10.0, 20.0, 30.0, 40.0, 50.0)  # cuts 20, 30, 40
    assert quartile_position(20.0, values, lower_is_better=False) == 3
    assert quartile_position(20.0, values, lower_is_better=True) == 1
    assert quartile_position(40.0, values, lower_is_better=False) == 1
    assert quartile_position(40.0, values, lower_is_better=True) == 3


@given(
    st.lists(st.integers(0, 20).map(float), min_size=4, max_size=12),
    st.sampled_from([HIGHER, LOWER]),
)
def test_quartiles_agree_with_the_quartile_rating_rule(
    values: list[float], polarity: Polarity
) -> None:
    """One meaning of quartile: the rule's four statuses (blue, green, amber, red as best to
    worst) give the same quarter as benchmarking for every value in the group."""
    kpi = Indicator(id="K", title="K", polarity=polarity)
    rule = Quartile(statuses=(Status.BLUE, Status.GREEN, Status.AMBER, Status.RED))
    position = {Status.BLUE: 1, Status.GREEN: 2, Status.AMBER: 3, Status.RED: 4}
    for value, standing in zip(values, standings(values, polarity), strict=True):
        rating = rate(kpi, value, None, rule, comparators=tuple(values))
        assert position[rating.status] == standing.quartile


@given(
    st.lists(st.one_of(st.none(), st.integers(-5, 5).map(float)), max_size=12),
    st.sampled_from([HIGHER, LOWER]),
)
def test_a_better_value_never_gets_a_worse_rank_or_quartile(
    values: list[float | None], polarity: Polarity
) -> None:
    found = standings(values, polarity)
    sign = 1 if polarity is HIGHER else -1
    pairs = [(x, s) for x, s in zip(values, found, strict=True) if x is not None]
    for x, a in pairs:
        assert a.rank is not None and 1 <= a.rank <= a.of
        for y, b in pairs:
            assert b.rank is not None
            if sign * x > sign * y:
                assert a.rank < b.rank
                assert a.quartile is None or b.quartile is None or a.quartile <= b.quartile
            if x == y:
                assert a.rank == b.rank and a.quartile == b.quartile
    present = [x for x in values if x is not None]
    assert group_median(values) == (statistics.median(present) if present else None)


def test_without_groups_every_area_in_the_values_is_one_group() -> None:
    rows = benchmark(
        [line("A", 3.0), line("B", 1.0), line("C", None), line("D", 2.0)],
        {"M": Indicator(id="M", title="M")},
    )
    assert [(r.area_code, r.group, r.rank, r.of) for r in rows] == [
        ("A", ALL_AREAS, 1, 3),
        ("B", ALL_AREAS, 3, 3),
        ("C", ALL_AREAS, None, 3),
        ("D", ALL_AREAS, 2, 3),
    ]


def test_an_area_is_always_in_its_own_group_and_areas_without_a_group_get_no_rows() -> None:
    values = [line("A", 3.0), line("B", 1.0), line("C", 9.0), line("D", 2.0)]
    groups = [
        PeerGroup(area_code="A", name="neighbours", members=("B", "D")),
        PeerGroup(area_code="B", name="neighbours", members=("B", "C")),
    ]
    rows = benchmark(values, {"M": Indicator(id="M", title="M")}, groups)
    assert [(r.area_code, r.rank, r.of, r.median) for r in rows] == [
        ("A", 1, 3, 2.0),
        ("B", 2, 2, 5.0),
    ]


def test_travel_is_the_cores_against_the_previous_period_and_a_year_before() -> None:
    days = Indicator(id="M", title="Days", polarity=LOWER)
    rows = benchmark([line("A", 9.0, LAST_Q3), line("A", 7.0, Q2), line("A", 8.0, Q3)], {"M": days})
    q3 = rows[-1]
    assert (q3.short_term, q3.long_term) == (Direction.WORSENING, Direction.IMPROVING)
    ytd = attrs.evolve(days, aggregation=Aggregation.CUMULATIVE)
    q3 = benchmark([line("A", 9.0, LAST_Q3), line("A", 7.0, Q2), line("A", 8.0, Q3)], {"M": ytd})[
        -1
    ]
    assert (q3.short_term, q3.long_term) == (Direction.NO_COMPARISON, Direction.IMPROVING)


@pytest.mark.parametrize(
    ("text", "before", "year_before"),
    [
        ("2024/25 Q1", "2023/24 Q4", "2023/24 Q1"),
        ("Jan 2025", "Dec 2024", "Jan 2024"),
        ("2024/25", "2023/24", "2023/24"),
        ("1000/01 Q2", "1000/01 Q1", None),
        ("1000/01 Q1", None, None),
        ("Jan 1000", None, None),
    ],
)
def test_the_period_before_and_a_year_before_are_none_before_the_first_writable_year(
    text: str, before: str | None, year_before: str | None
) -> None:
    period = parse_period(text)
    got = (earlier_period(period), earlier_period(period, last_year=True))
    assert tuple(None if p is None else str(p) for p in got) == (before, year_before)


def test_unknown_metrics_and_repeated_values_are_refused() -> None:
    with pytest.raises(BenchmarkError, match="unknown metric 'X'"):
        benchmark([line("A", 1.0, metric="X")], {"M": Indicator(id="M", title="M")})
    with pytest.raises(BenchmarkError, match="A has two values of M for 2024/25 Q3"):
        benchmark([line("A", 1.0), line("A", 2.0)], {"M": Indicator(id="M", title="M")})


def test_one_councils_view_in_words() -> None:
    kpi = Indicator(id="M", title="Recycling")
    rows = benchmark(
        [
            line(a, x, p)
            for a, x, p in [
                ("A", 40.0, Q2),
                ("B", 50.0, Q2),
                ("A", 45.0, Q3),
                ("B", 44.0, Q3),
                ("C", 41.0, Q3),
            ]
        ],
        {"M": kpi},
    )
    before, now = rows[0], rows[2]
    # C has no value for Q2, so the medians compared are A's and B's: 45.0 to 44.5
    assert describe(now, kpi, before) == (
        "1st of 3 in all areas; improving while the group median fell "
        "(without 1 area with a value for one period only)"
    )
    assert describe(attrs.evolve(now, short_term=Direction.NO_COMPARISON), kpi) == (
        "1st of 3 in all areas; no comparison with the previous period"
    )


def test_a_rank_shared_with_another_area_is_joint_in_words() -> None:
    """Two areas on the best value are both 1st: the words say so, rather than read as if the
    area were alone at the top; an area with no value, or no rank, shares nothing."""
    kpi = Indicator(id="M", title="Recycling")
    values = [("A", 50.0), ("B", 50.0), ("C", 40.0), ("D", None), ("E", 40.0), ("F", 30.0)]
    rows = benchmark([line(a, x) for a, x in values], {"M": kpi})
    assert [(r.rank, r.tied) for r in rows] == [(1, 1), (1, 1), (3, 1), (None, 0), (3, 1), (5, 0)]
    words = [describe(r, kpi).split(";")[0] for r in rows]
    assert words == [
        "joint 1st of 5 in all areas",
        "joint 1st of 5 in all areas",
        "joint 3rd of 5 in all areas",
        "no value for 2024/25 Q3",
        "joint 3rd of 5 in all areas",
        "5th of 5 in all areas",
    ]
    three = benchmark([line(a, 7.0) for a in "ABC"], {"M": kpi})
    assert {(r.rank, r.tied) for r in three} == {(1, 2)}
    unranked = Indicator(id="M", title="Households", polarity=Polarity.NONE)
    assert {r.tied for r in benchmark([line(a, 7.0) for a in "AB"], {"M": unranked})} == {0}


def test_a_tie_is_counted_within_the_areas_own_group() -> None:
    """With nearest neighbours, an area ties only with the members of its own group."""
    kpi = Indicator(id="M", title="Recycling")
    groups = [
        PeerGroup(area_code="A", name="nn", members=("B",)),
        PeerGroup(area_code="C", name="nn", members=("B", "D")),
    ]
    values = [("A", 50.0), ("B", 40.0), ("C", 40.0), ("D", 40.0)]
    rows = benchmark([line(a, x) for a, x in values], {"M": kpi}, groups)
    assert [(r.area_code, r.rank, r.tied) for r in rows] == [("A", 1, 0), ("C", 1, 2)]


@pytest.mark.parametrize(
    "kpi",
    [
        Indicator(id="M", title="Homes built", aggregation=Aggregation.CUMULATIVE),
        Indicator(id="M", title="Recycling", series_break=Q3),
    ],
)
def test_the_words_never_compare_medians_the_core_would_not_compare(kpi: Indicator) -> None:
    """A year-to-date median always grows from one quarter to the next, and medians either side
    of a change of definition measure different things: neither move is news."""
    values = [("A", 40.0, Q2), ("B", 50.0, Q2), ("A", 45.0, Q3), ("B", 60.0, Q3)]
    rows = benchmark([line(a, x, p) for a, x, p in values], {"M": kpi})
    before, now = rows[0], rows[2]
    assert now.short_term is Direction.NO_COMPARISON
    assert describe(now, kpi, before) == (
        "2nd of 2 in all areas; no comparison with the previous period"
    )


def test_when_no_area_of_the_group_has_a_value_the_words_say_so_and_give_no_median() -> None:
    kpi = Indicator(id="M", title="Recycling")
    rows = benchmark(
        [line("A", None), line("B", None), line("C", 4.0, metric="N")],
        {
            "M": kpi,
            "N": Indicator(id="N", title="Days"),
        },
    )
    assert (rows[0].of, rows[0].median) == (0, None)
    assert describe(rows[0], kpi) == "no value for 2024/25 Q3; no area in all areas has one"
    assert describe(attrs.evolve(rows[0], of=1, median=4.0), kpi) == (
        "no value for 2024/25 Q3; the median of 1 in all areas is 4.0"
    )


def test_the_report_of_every_area_lists_each_group_in_rank_order() -> None:
    from councilpmf.benchmarking.report import benchmark_report

    kpi = Indicator(id="M", title="Days", polarity=LOWER)
    rows = benchmark([line("A", 9.0), line("B", 3.0), line("C", None), line("D", 3.0)], {"M": kpi})
    report = benchmark_report(rows, {"M": kpi}, Q3)
    assert report.kind == "benchmark" and report.as_of == Q3.end
    (table,) = report.tables()
    assert [(r.header, r.cells[2].text) for r in table.rows] == [
        ("B council", "=1"),
        ("D council", "=1"),
        ("A council", "3"),
        ("C council", "no value"),
    ]
    assert [r.cells[2].value for r in table.rows] == [1, 1, 3, None]  # "=1" is still 1
    assert table.caption == "Days, 2024/25 Q3: standing within all areas"
    assert report.council == "All 4 areas"  # whom it is about, never left blank


def test_the_report_of_every_area_names_whom_it_covers_when_one_area_or_none() -> None:
    from councilpmf.benchmarking.report import benchmark_report

    kpi = Indicator(id="M", title="Days")
    one = benchmark([line("A", 9.0)], {"M": kpi})
    assert benchmark_report(one, {"M": kpi}, Q3).council == "A council"
    assert benchmark_report(one, {"M": kpi}, Q3).summary == (
        "How 1 area stands on 1 metric in 2024/25 Q3, within all areas."
    )
    assert benchmark_report(one, {"M": kpi}, Q3.next()).council == "No area"
    assert benchmark_report(one, {"M": kpi}, Q3.next()).summary == (
        "How 0 areas stand on 0 metrics in 2024/25 Q4, within no group."
    )


def test_a_metric_worked_out_from_another_is_not_compared_across_its_inputs_break() -> None:
    """A rate whose numerator's definition changed changed definition too: its values, and
    its group's medians, either side of the change measure different things."""
    metrics = {
        "N": Indicator(id="N", title="Homes decided in time", series_break=Q3),
        "D": Indicator(id="D", title="Homes decided"),
        "PC": Indicator(id="PC", title="Share in time", numerator="N", denominator="D"),
        "OTHER": Indicator(id="OTHER", title="Unrelated", formula="D * 2"),
    }
    values = [("A", 40.0, Q2), ("B", 50.0, Q2), ("A", 45.0, Q3), ("B", 60.0, Q3)]
    for metric in ("PC", "OTHER"):
        rows = benchmark([line(a, x, p, metric) for a, x, p in values], metrics)
        before, now = rows[0], rows[2]
        if metric == "PC":
            assert now.short_term is Direction.NO_COMPARISON
            assert describe(now, metrics["PC"], before, series_breaks(metrics.values())["PC"]) == (
                "2nd of 2 in all areas; no comparison with the previous period"
            )
        else:  # worked out from D alone, whose definition never changed
            assert now.short_term is Direction.IMPROVING
            assert describe(now, metrics["OTHER"], before, ()) == (
                "2nd of 2 in all areas; improving while the group median rose"
            )
    # The council's own view says the same of the median, its inputs' breaks found among the
    # metrics it was given.
    from councilpmf.benchmarking.report import benchmark_report

    rows = benchmark([line(a, x, p, "PC") for a, x, p in values], metrics)
    (table,) = benchmark_report(rows, metrics, Q3, area="A").tables()
    assert table.rows[0].cells[-1] == (
        "2nd of 2 in all areas; no comparison with the previous period"
    )


def test_a_metrics_latest_period_is_the_latest_at_least_half_as_full_as_its_fullest() -> None:
    """One area that has published next quarter already does not make next quarter the
    metric's latest, where it would be "1st of 1" and every other area "no value"."""
    q4 = Q3.next()
    assert latest_period([(Q2, 16), (Q3, 16), (q4, 8)]) == q4  # half the areas: shown
    assert latest_period([(Q2, 16), (Q3, 16), (q4, 7)]) == Q3  # fewer: not
    assert latest_period([(Q2, 15), (Q3, 8)]) == Q3  # 8 is at least half of 15
    assert latest_period([(Q2, 15), (Q3, 7)]) == Q2
    assert latest_period([(Q2, 16), (Q3, 1), (q4, 16)]) == q4  # a thin quarter between
    assert latest_period([(Q2, 0), (Q3, 0)]) == Q3  # no values at all: the last line
    assert latest_period([(Q3, 1)]) == Q3
    with pytest.raises(BenchmarkError):
        latest_period([])


def test_a_later_period_left_out_is_named_with_the_reason() -> None:
    q4 = Q3.next()
    assert later_left_out([(Q2, 16), (Q3, 16), (q4, 1)], Q3) == (
        "2024/25 Q4 is not shown: only 1 area has a value for it, against 16 for 2024/25 Q3"
    )
    assert later_left_out([(Q2, 16), (Q3, 9), (q4, 0)], Q3) == (
        "2024/25 Q4 is not shown: no area has a value for it, against 16 for 2024/25 Q2"
    )
    assert later_left_out([(Q2, 16), (Q3, 3), (q4, 2)], Q2) == (
        "2024/25 Q4 is not shown: only 2 areas have a value for it, against 16 for 2024/25 Q2"
    )
    assert later_left_out([(Q2, 16), (Q3, 16)], Q3) is None  # the last period is shown
    assert later_left_out([(Q2, 16), (Q3, 16)], Q2) is None  # a period asked for


def test_the_words_say_how_the_group_median_moved_without_the_areas_previous_value() -> None:
    """The group's median moving is news about the group, known whether or not the area had a
    value before, or has one now; it compares the members with a value for both periods (B
    alone here), leaving out the area too when it has a value for one of them only."""
    kpi = Indicator(id="M", title="Recycling")
    values = [("A", None, Q2), ("B", 50.0, Q2), ("C", 52.0, Q2)]
    values += [("A", 45.0, Q3), ("B", 44.0, Q3), ("C", None, Q3)]
    rows = benchmark([line(a, x, p) for a, x, p in values], {"M": kpi})
    a_before, a_now, c_before, c_now = rows[0], rows[3], rows[2], rows[5]
    assert a_now.short_term is Direction.NO_COMPARISON
    assert describe(a_now, kpi, a_before) == (
        "1st of 2 in all areas; no comparison with the previous period; the group median fell "
        "(without 2 areas with a value for one period only)"
    )
    assert describe(c_now, kpi, c_before) == (
        "no value for 2024/25 Q3; the median of 2 in all areas is 44.5; the group median fell "
        "(without 2 areas with a value for one period only)"
    )


PERIODS = [parse_period(f"2024/25 Q{n}") for n in (1, 2, 3, 4)]


@given(
    st.lists(st.sets(st.sampled_from(PERIODS[:3])), min_size=1, max_size=5),
    st.lists(st.sets(st.sampled_from(PERIODS)), max_size=20),
)
def test_a_group_whose_members_all_published_the_last_quarter_is_shown_for_it(
    members: list[set[Period]], outsiders: list[set[Period]]
) -> None:
    """Each group's latest period is its own members' alone: when every member has a value
    for the last quarter, that quarter is shown, however many areas outside the group have
    no value for it (or have values for it and no other)."""
    q4 = PERIODS[3]
    lines = [
        line(f"G{i}", 40.0, period)
        for i, periods in enumerate(members)
        for period in (*periods, q4)
    ] + [
        line(f"O{i}", None if period == q4 else 1.0, period)
        for i, periods in enumerate(outsiders)
        for period in periods
    ]
    group = PeerGroup(
        area_code="G0", name="near", members=tuple(f"G{i}" for i in range(len(members)))
    )
    found = group_coverage(lines, [group])
    assert latest_period(found[("G0", "near", "M")]) == q4
    inside = [x for x in lines if x.area_code.startswith("G")]
    assert found == group_coverage(inside, [group])  # outsiders change nothing
