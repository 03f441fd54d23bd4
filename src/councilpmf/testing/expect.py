"""Checks that say what they compared: the contracts' assertions.

A contract runs in someone else's test suite, perhaps without pytest's assertion rewriting, so a
bare ``assert a == b`` could fail with nothing but ``AssertionError``. Each check here fails with
what was compared, what was expected and what came instead.

>>> expect_equal(1 + 1, 2, "the sum")
>>> expect_equal("red", "green", "the status of 80 against 80")
Traceback (most recent call last):
...
AssertionError: the status of 80 against 80: expected 'green', got 'red'
>>> with expect_refused(KeyError, "looking up a missing key"):
...     {}["missing"]
>>> with expect_refused(KeyError, "looking up a present key"):
...     {"here": 1}["here"]
Traceback (most recent call last):
...
AssertionError: looking up a present key: expected KeyError, but nothing was raised
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["expect", "expect_equal", "expect_refused"]


def expect_equal(actual: object, expected: object, what: str) -> None:
    """Fail, naming ``what`` and both values, unless ``actual == expected``."""
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def expect(condition: bool, what: str) -> None:
    """Fail with ``what`` (which says what was compared, and the values) unless ``condition``."""
    if not condition:
        raise AssertionError(what)


@contextmanager
def expect_refused(
    error: type[BaseException] | tuple[type[BaseException], ...], what: str
) -> Iterator[None]:
    """Fail unless the block raises ``error``; another exception fails naming both."""
    wanted = error.__name__ if isinstance(error, type) else " or ".join(e.__name__ for e in error)
    try:
        yield
    except error:
        return
    except Exception as other:
        raise AssertionError(
            f"{what}: expected {wanted}, got {type(other).__name__}: {other}"
        ) from other
    raise AssertionError(f"{what}: expected {wanted}, but nothing was raised")
