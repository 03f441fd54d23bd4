"""``collector_paused()``, which pauses Python's cycle collector for a store's bulk history read:
the pauses of every thread are counted, so overlapping reads keep it paused until the last
ends, and it is enabled again only if the first pause found it enabled."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpmf.store import collector_paused

WAIT = 10  # seconds: long enough for any machine, and a hang fails instead of blocking


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def _in_thread(target: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def _waited(event: threading.Event) -> None:
    assert event.wait(WAIT), "the other thread did not get there"


@pytest.mark.parametrize("enabled", [True, False])
def test_overlapping_pauses_in_two_threads_keep_it_paused_until_the_last_ends(
    enabled: bool,
) -> None:
    (gc.enable if enabled else gc.disable)()
    first_in, second_in, first_out, second_may_end = (threading.Event() for _ in range(4))
    seen: dict[str, bool] = {}

    def first() -> None:
        with collector_paused():
            first_in.set()
            _waited(second_in)
        first_out.set()

    def second() -> None:
        _waited(first_in)
        with collector_paused():
            second_in.set()
            _waited(second_may_end)
            seen["at the end of the second"] = gc.isenabled()

    threads = [_in_thread(first), _in_thread(second)]
    _waited(first_out)
    # The first read is over, the second still under way: the collector stays paused.
    assert not gc.isenabled()
    second_may_end.set()
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive()
    assert seen == {"at the end of the second": False}
    assert gc.isenabled() is enabled


def test_many_threads_pausing_at_once_leave_it_as_it_was() -> None:
    start = threading.Barrier(8, timeout=WAIT)
    paused: list[bool] = []

    def read() -> None:
        start.wait()
        for _ in range(200):
            with collector_paused():
                paused.append(not gc.isenabled())

    threads = [_in_thread(read) for _ in range(8)]
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive()
    assert len(paused) == 8 * 200 and all(paused)
    assert gc.isenabled()


def test_a_pause_that_raises_ends_all_the_same() -> None:
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("a read that failed")
    assert gc.isenabled()


@given(
    enabled=st.booleans(),
    ends=st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=12),
)
def test_pauses_ended_in_any_order_keep_it_paused_while_any_is_open(
    enabled: bool, ends: list[int]
) -> None:
    """Pauses begun one after another and ended in any order (as overlapping reads in several
    threads end): the collector is paused while any is open, and as it was after the last."""
    (gc.enable if enabled else gc.disable)()
    try:
        open_pauses: list[contextlib.AbstractContextManager[None]] = []
        for end in ends:
            pause = collector_paused()
            pause.__enter__()
            open_pauses.append(pause)
            assert not gc.isenabled()
            if end < len(open_pauses) and len(open_pauses) > 1:
                open_pauses.pop(end).__exit__(None, None, None)
                assert not gc.isenabled()
        while open_pauses:
            assert not gc.isenabled()
            open_pauses.pop(0).__exit__(None, None, None)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
