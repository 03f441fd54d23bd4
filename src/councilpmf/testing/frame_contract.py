"""The store contract's test of stored text that a reading refuses: a store written before text
was checked (or behind the library's back) may hold a reading whose id holds a tab, or whose
note, missing reason or published status holds a control character or a bidirectional
override. ``readings()`` refuses such a reading with a :class:`~councilpmf.store.StoreError`
naming the store, the reading and the field; ``readings_frame()``, which builds no
:class:`~councilpmf.core.indicators.Reading`, must refuse it too, in the same words, rather
than hand the text on. So too for the rest of what ``readings()`` refuses in a stored row (a
period that does not read, an id that is empty or starts or ends with a space, a status or an
approval that is none, a value beside a missing reason), and a period's text that
``readings()`` reads as a period is given in the frame as that period's.

Only the store knows how it keeps a reading, so a store's test class gives the fixture
``spoil_reading``: a callable ``(url, indicator, period, field, text) -> None`` that writes
``text`` as the field ``field`` (``indicator``, ``period``, ``missing_reason``, ``note``,
``published_status``, ``status`` or ``approval``) of the current reading of ``indicator`` in
``period`` directly, not through the store, so that the store holds it as it is. Without the
fixture (the default, None) the tests are skipped, as they are for a store that keeps nothing
once closed (``persistent = False``), which cannot hold such text.

:class:`~councilpmf.testing.store_contract.StoreContract` inherits this test; it uses its
fixtures (``contract_open``, ``contract_url``) and its ``persistent`` attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from councilpmf.core._validate import id_problem, text_problem
from councilpmf.core.periods import Period
from councilpmf.store import Store, StoreError, readings_frame_of
from councilpmf.testing.expect import expect, expect_equal
from councilpmf.testing.samples import quarter, sample_reading

__all__ = ["SPOILABLE", "FrameContract", "ReadingSpoiler", "frame_beside_readings", "outcome"]

Opener = Callable[[str], Store]

ReadingSpoiler = Callable[[str, str, Period, str, str], None]
"""How a store's test writes ``text`` as the field ``field`` of the current reading of
``indicator`` in ``period`` of the store at ``url``: ``(url, indicator, period, field, text)``."""

SPOILABLE = (
    "indicator",
    "period",
    "missing_reason",
    "note",
    "published_status",
    "status",
    "approval",
    "value",
)
"""The fields of a stored reading a ``spoil_reading`` fixture must write: those a reading's
validators check. A value is written as the text given (``"Infinity"``, ``"NaN"``), which a
store keeping numbers reads as its number and a store keeping any value keeps as text."""

SPOILT = (
    ("note", "Red\x1b[2J"),
    ("published_status", "\u202eGreen"),
    ("missing_reason", "Not yet\x00 published"),
    ("indicator", "K\t2"),
)
"""Fields of a reading, each with text it refuses: a control character (NUL among them, which
some databases cannot hold as it is), a bidirectional override, a tab in an id."""

DAMAGED = (
    ("K2", "period", "2024/25 Q1\x1b", "is not a period"),
    ("K2", "indicator", "K2 ", "indicator must not start or end with a space: 'K2 '"),
    ("K2", "indicator", "", "indicator"),
    ("K2", "status", "FINAL", "status: expected one of"),
    ("K2", "approval", "nope", "approval: expected one of"),
    ("K1", "missing_reason", "Not published", "a value or a missing_reason, not both"),
    ("K2", "missing_reason", " \t", "a reading needs a value or a missing_reason"),
    ("K2", "missing_reason", "", "a reading needs a value or a missing_reason"),
    ("K1", "value", "Infinity", "value"),
    ("K1", "value", "NaN", "value"),
    ("K1", "value", "2e15", "value"),
)
"""Stored rows ``readings()`` refuses, each the reading spoilt, its field, the text written and
words ``readings()`` says of it (whatever the store): a period that does not read, an id ending
in a space, an empty id, a status and an approval that are none, a missing reason beside a
value, a missing reason that is blank, and a value that is not a finite number or is beyond
the largest a reading may have."""

READ_PERIODS = ("2024/25\tQ1", "2024/25 Q1\x1f")
"""Stored period text that ``readings()`` reads as the period ``2024/25 Q1``."""


def refusal(use: Callable[[], object], what: str) -> str:
    """The message of the :class:`~councilpmf.store.StoreError` that ``use`` raises; fails
    otherwise."""
    try:
        use()
    except StoreError as error:
        return str(error)
    except Exception as error:
        raise AssertionError(
            f"{what}: expected StoreError, got {type(error).__name__}: {error}"
        ) from error
    raise AssertionError(f"{what}: expected StoreError, but it read")


def outcome(use: Callable[[], object]) -> tuple[str, object]:
    """What ``use`` gives, ``("read", ...)``, or the message of the
    :class:`~councilpmf.store.StoreError` it raises, ``("refused", ...)``."""
    try:
        return "read", use()
    except StoreError as error:
        return "refused", str(error)


def frame_beside_readings(
    store: Store, indicators: Iterable[str] | None = None
) -> tuple[tuple[str, object], tuple[str, object]]:
    """What ``readings_frame()`` of ``store`` gives (its rows) or refuses, as :func:`outcome`
    says it, beside the same of the frame of ``readings()``: equal for every store."""
    return (
        outcome(lambda: store.readings_frame(indicators).rows()),
        outcome(lambda: readings_frame_of(store.readings(indicators)).rows()),
    )


def _refused_alike(store: Store, words: str, holding: str) -> None:
    """Check that ``readings()`` of ``store`` (which holds ``holding``) refuses it saying
    ``words``, and that ``readings_frame()`` refuses it in the same words."""
    said = refusal(store.readings, f"readings() of a store holding {holding}")
    expect(words in said, f"readings() of a store holding {holding} says {words!r}: {said!r}")
    expect_equal(
        refusal(store.readings_frame, f"readings_frame() of a store holding {holding}"),
        said,
        f"what readings_frame() of a store holding {holding} says, beside readings()",
    )


class FrameContract:
    """Stored text a reading refuses, refused alike by ``readings()`` and ``readings_frame()``."""

    persistent: bool = True

    @pytest.fixture
    def spoil_reading(self) -> ReadingSpoiler | None:
        """How to write a stored reading's text as it is; None skips the test."""
        return None

    @pytest.mark.parametrize(("field", "text"), SPOILT, ids=[field for field, _ in SPOILT])
    def test_stored_text_a_reading_refuses_is_refused_alike_by_readings_frame(
        self,
        contract_open: Opener,
        contract_url: str,
        spoil_reading: ReadingSpoiler | None,
        field: str,
        text: str,
    ) -> None:
        q1 = self._spoilt_store(contract_open, contract_url, spoil_reading)
        assert spoil_reading is not None
        spoil_reading(contract_url, "K2", q1, field, text)
        spoil_reading(contract_url, "K3", q1, "note", "later\x1b[2J")  # after K2: not the first
        problem = id_problem(text) if field == "indicator" else text_problem(text)
        with contract_open(contract_url) as store:
            _refused_alike(store, f"{field} {problem}", f"{field}={text!r}")
            expect_equal(
                *frame_beside_readings(store, ["K1"]),
                'readings_frame(indicators=["K1"]) (none of it asked for, which a store may '
                "read or refuse) beside readings()",
            )

    def _spoilt_store(
        self,
        contract_open: Opener,
        contract_url: str,
        spoil_reading: ReadingSpoiler | None,
    ) -> Period:
        """Three readings recorded, K1 to K3; the quarter they are of. Skips a store that
        cannot be spoilt."""
        if not self.persistent:
            pytest.skip(f"{type(self).__name__} is not persistent: it holds no old text")
        if spoil_reading is None:
            pytest.skip(
                f"{type(self).__name__} gives no spoil_reading fixture to write a stored "
                "reading's text as it is"
            )
        pytest.importorskip("polars")
        q1 = quarter(1)
        with contract_open(contract_url) as store:
            store.record(
                [
                    sample_reading("K1", q1, 1.0),
                    sample_reading("K2", q1, None),
                    sample_reading("K3", q1, 3.0),
                ],
                by="contract",
            )
        return q1

    @pytest.mark.parametrize(
        ("indicator", "field", "text", "words"),
        DAMAGED,
        ids=[f"{field}={text!r}" for _, field, text, _ in DAMAGED],
    )
    def test_a_stored_row_readings_refuses_is_refused_alike_by_readings_frame(
        self,
        contract_open: Opener,
        contract_url: str,
        spoil_reading: ReadingSpoiler | None,
        indicator: str,
        field: str,
        text: str,
        words: str,
    ) -> None:
        q1 = self._spoilt_store(contract_open, contract_url, spoil_reading)
        assert spoil_reading is not None
        spoil_reading(contract_url, indicator, q1, field, text)
        spoil_reading(contract_url, "K3", q1, "note", "later\x1b[2J")  # after: not the first
        with contract_open(contract_url) as store:
            _refused_alike(store, words, f"{field}={text!r}")

    @pytest.mark.parametrize("text", READ_PERIODS, ids=repr)
    def test_a_stored_period_is_given_by_readings_frame_as_readings_reads_it(
        self,
        contract_open: Opener,
        contract_url: str,
        spoil_reading: ReadingSpoiler | None,
        text: str,
    ) -> None:
        q1 = self._spoilt_store(contract_open, contract_url, spoil_reading)
        assert spoil_reading is not None
        spoil_reading(contract_url, "K2", q1, "period", text)
        with contract_open(contract_url) as store:
            expect_equal(
                [(r.indicator, str(r.period)) for r in store.readings()],
                [("K1", str(q1)), ("K2", str(q1)), ("K3", str(q1))],
                f"readings() of a store holding the period {text!r}",
            )
            expect_equal(
                store.readings_frame().rows(),
                readings_frame_of(store.readings()).rows(),
                f"readings_frame() of a store holding the period {text!r}, beside readings()",
            )
