"""What the tests of each bundled store share: awkward periods, a framework, a store's whole
contents, a differential run against ``memory://``, a closed store, and processes writing at once.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import strategies as st

from councilpmf import open_store
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Approval, Reading, ReadingRevision, ReadingStatus
from councilpmf.core.periods import FinancialYear, HalfYear, Month, Period, Quarter
from councilpmf.core.plan import StrategicPlan
from councilpmf.default_plugins.json_store import reading_file_name
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.store import Store, StoreError
from councilpmf.testing.frame_contract import SPOILABLE

Q1 = Quarter(year=2024, number=1)
# Quarters with the same dates as Q1 in years from January and from October: readings of one
# indicator for these must come back in the order they were first recorded, as in memory://.
SAME_DATES = (
    Q1,
    Quarter(year=2024, number=2, start_month=1),
    Quarter(year=2023, number=3, start_month=10),
)

READINGS = (
    Reading(indicator="K1", period=SAME_DATES[1], value=3, note="whole"),
    Reading(
        indicator="K1",
        period=Q1,
        value=2.5,
        status=ReadingStatus.PROVISIONAL,
        approval=Approval.SUBMITTED,
    ),
    Reading(indicator="K2", period=Q1, missing_reason="survey paused", published_status="Grey"),
)
"""Three readings of two indicators, one of each kind of field: a whole value and a note, a
provisional value submitted for approval, and a missing reason with a published status."""

PERIODS: st.SearchStrategy[Period] = st.sampled_from(
    (
        *SAME_DATES,
        Month(year=2024, month=4),
        HalfYear(year=2024, number=1),
        FinancialYear(year=2024),
    )
)
"""Periods of every kind, three of them with the same dates."""


def plain_framework(title: str = "Plan") -> Framework:
    return Framework(plan=StrategicPlan(title=title, organisation="Anytown Council"))


def everything(store: Store) -> tuple[object, ...]:
    """The readings, every history (times left out) and every revision a store holds."""
    keys = [r.key for r in store.readings()]
    histories = tuple(
        tuple(attrs.evolve(rev, at="-") for rev in store.history(*key)) for key in keys
    )
    return store.readings(), histories, tuple(store.revision(*key) for key in keys)


def readings_of(ids: st.SearchStrategy[str]) -> st.SearchStrategy[Reading]:
    """Readings of those ids in :data:`PERIODS`, with whole numbers, decimals and gaps."""

    @st.composite
    def readings(draw: st.DrawFn) -> Reading:
        value = draw(st.none() | st.sampled_from((1.0, 2.0, 3, 2.5)))
        return Reading(
            indicator=draw(ids),
            period=draw(PERIODS),
            value=value,
            missing_reason=draw(st.sampled_from(("late", "n/a"))) if value is None else None,
            note=draw(st.sampled_from(("", "checked"))),
        )

    return readings()


def _outcome(store: Store, batch: list[Reading], expected: object) -> object:
    try:
        return store.record(batch, by="me", expected=expected)  # type: ignore[arg-type]
    except StoreError as error:
        return type(error)


def same_answers_as_memory(
    store: Store,
    batches: list[list[Reading]],
    stale: list[bool],
    queries: Sequence[dict[str, object]],
) -> None:
    """Record ``batches`` (the first reading of each expected one revision behind where
    ``stale``) in ``store`` and in ``memory://``: every outcome, the whole contents and the
    answer to every query must be the same."""
    memory = MemoryStore()
    for batch, is_stale in zip(batches, stale, strict=False):
        expected = {r.key: memory.revision(*r.key) + is_stale for r in batch[:1]}
        assert _outcome(store, batch, expected) == _outcome(memory, batch, expected)
    assert everything(store) == everything(memory)
    for query in queries:
        assert store.readings(**query) == memory.readings(**query)  # type: ignore[arg-type]
        histories = store.histories(**query)  # type: ignore[arg-type]
        assert _timeless(histories) == _timeless(memory.histories(**query))  # type: ignore[arg-type]


def _timeless(
    histories: Mapping[tuple[str, Period], tuple[ReadingRevision, ...]],
) -> list[tuple[tuple[str, Period], tuple[ReadingRevision, ...]]]:
    """Histories in their order, times left out (two stores write at different moments)."""
    return [
        (key, tuple(attrs.evolve(revision, at="-") for revision in history))
        for key, history in histories.items()
    ]


def closed_store_refuses_everything(store: Store) -> None:
    """Close ``store`` twice; then every operation must be refused as closed."""
    with store:
        pass
    store.close()
    for call in (
        store.readings,
        store.load_framework,
        lambda: store.revision("K1", Q1),
        lambda: store.history("K1", Q1),
        lambda: store.record([], by="me"),
        lambda: store.save_framework(plain_framework(), 0, by="analyst"),
    ):
        with pytest.raises(StoreError, match="closed"):
            call()


WORKER = textwrap.dedent(
    """
    import sys
    from councilpmf import open_store
    from councilpmf.core.indicators import Reading
    from councilpmf.core.periods import Quarter
    from councilpmf.store import ConflictError

    url, worker, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    q1 = Quarter(year=2024, number=1)
    with open_store(url) as store:
        for i in range(rounds):
            store.record([Reading(indicator="shared", period=q1, value=worker * 1000 + i),
                          Reading(indicator=f"own {worker}", period=q1, value=i)],
                         by=f"worker {worker}")
            while True:  # read, add one, write back only if nobody else did meanwhile
                revision = store.revision("counter", q1)
                now = store.readings(["counter"], [q1])
                value = now[0].value if now else 0
                try:
                    store.record([Reading(indicator="counter", period=q1, value=value + 1)],
                                 by=f"worker {worker}", expected={("counter", q1): revision})
                    break
                except ConflictError:
                    pass
    """
)
"""A process that records ``shared`` and ``own N`` each round, and adds one to ``counter``
only if nobody else did meanwhile."""


def run_workers(url: str, workers: int, rounds: int) -> None:
    """Start ``workers`` processes that each run :data:`WORKER` ``rounds`` times at once, wait,
    and check that no update was lost."""
    running = [
        subprocess.Popen([sys.executable, "-c", WORKER, url, str(w), str(rounds)])
        for w in range(workers)
    ]
    assert [p.wait(timeout=300) for p in running] == [0] * workers
    with open_store(url) as store:
        shared = store.history("shared", Q1)
        assert [h.revision for h in shared] == list(range(1, workers * rounds + 1))
        assert sorted(h.new.value for h in shared) == sorted(  # type: ignore[type-var]
            w * 1000 + i for w in range(workers) for i in range(rounds)
        )
        assert all(store.revision(f"own {w}", Q1) == rounds for w in range(workers))
        assert store.readings(["counter"])[0].value == workers * rounds
        assert store.revision("counter", Q1) == workers * rounds


# -- framework revisions saved by an earlier release ----------------------------------------------

SPOILT_ID = ('"id": "HS01"', '"id": "HS01 "')
"""An indicator id of the contract's sample framework, and the same id with a space after it,
which an earlier release let through and today's records refuse, as written in a stored
framework document."""


def spoil_sqlite(url: str, revision: int, change: tuple[str, str] = SPOILT_ID) -> None:
    """Rewrite the stored document of framework revision ``revision`` of the ``sqlite://``
    store at ``url`` with raw SQL, replacing ``change[0]`` with ``change[1]``."""
    path = url.removeprefix("sqlite:///")
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        done = db.execute(
            "UPDATE framework SET document = replace(document, ?, ?) WHERE revision = ?",
            (*change, revision),
        )
        assert done.rowcount == 1, f"{url} has no framework revision {revision}"


def spoil_json(url: str, revision: int, change: tuple[str, str] = SPOILT_ID) -> None:
    """Edit the files of framework revision ``revision`` of the ``json://`` store at ``url``
    (its own file, and ``framework.json`` when it is the current one), replacing ``change[0]``
    with ``change[1]``."""
    root = Path(url.removeprefix("json://"))
    for path in (root / "frameworks" / f"{revision:06d}.json", root / "framework.json"):
        text = path.read_text(encoding="utf-8")
        if path.name == "framework.json" and json.loads(text)["revision"] != revision:
            continue
        assert change[0] in text, f"{path} holds no {change[0]}"
        path.write_text(text.replace(change[0], change[1]), encoding="utf-8")


# -- readings holding text that today's records refuse ----------------------------------------


def spoil_sqlite_reading(url: str, indicator: str, period: Period, field: str, text: str) -> None:
    """Write ``text`` as the column ``field`` of the current reading of ``indicator`` in
    ``period`` of the ``sqlite://`` store at ``url`` with raw SQL (foreign keys are off in a
    connection of its own, so the revisions keep their indicator)."""
    assert field in SPOILABLE, field
    with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db, db:
        done = db.execute(
            f"UPDATE readings_current SET {field} = ? WHERE indicator = ? AND period = ?",
            (text, indicator, str(period)),
        )
        assert done.rowcount == 1, f"{url} has no reading of {indicator!r} for {period}"


def spoil_json_reading(url: str, indicator: str, period: Period, field: str, text: str) -> None:
    """Write ``text`` as the field ``field`` of the current reading of ``indicator`` in
    ``period`` of the ``json://`` store at ``url``, in its file (a new indicator in the file
    named for it, as a store written before ids were checked names it)."""
    assert field in SPOILABLE, field
    folder = Path(url.removeprefix("json://")) / "readings"
    path = folder / reading_file_name(indicator, period)
    data = json.loads(path.read_text(encoding="utf-8"))
    if field == "indicator":
        data["indicator"] = text
        path.unlink()
        path = folder / reading_file_name(text, period)
    elif field == "period":
        data["period"] = text
    else:
        data["revisions"][-1]["new"][field] = text
    path.write_text(json.dumps(data), encoding="utf-8")


MANSFIELD = Path(__file__).resolve().parents[2] / "examples" / "mansfield"


def commands_reading_the_framework(url: str, csv: Path, period: str) -> list[tuple[str, ...]]:
    """Every command that reads a store's current framework (Mansfield loaded into it; ``csv``
    a readings file to record; ``period`` one of its quarters), as arguments to the command
    line."""
    return [
        ("report", url, "--period", period),
        ("validate", url),
        ("audit", url),
        ("due", url),
        ("record", str(csv), "--store", url, "--by", "Ann"),
        ("submit", url, "--period", period, "--all", "--by", "Ann"),
        ("approve", url, "--period", period, "--all", "--by", "Ann"),
        ("update-action", "COM-01", "--store", url, "--by", "Ann", "--text", "Started"),
        ("history", url, "--indicator", "LEI01", "--period", "2030/31 Q1"),  # no figure
        ("diff", url, str(MANSFIELD)),
        ("diff", str(MANSFIELD), url),
    ]


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(),
        st.sampled_from(
            ["", " ", "final", "draft", "approved", "late", "2024/25 Q1", "K1 ", "Red\x1b"]
        ),
        st.text(max_size=4),
    ),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=3,
)
"""Any JSON value, small, as a store's file or a revision's body may be made to hold in a
field behind the library's back: words a reading uses, text it refuses, numbers beyond what
it allows."""
