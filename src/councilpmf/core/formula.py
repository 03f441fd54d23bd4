"""Formulas over other indicators: a small expression language, parsed, never evaluated as Python.

A calculated indicator's ``formula`` combines other indicators' values for the same period with
``+ - * /``, parentheses, numbers and the functions ``min``, ``max``, ``sum``, ``mean`` and
``abs``. An indicator id is written as it is (``HS01``, ``asc_02``) or, when it holds other
characters, in square brackets (``[ASC-02]``), where a ``]`` of the id is written twice
(``[Rent]]]`` for ``Rent]``). Spaces, tabs and line breaks between the parts
are ignored; an error gives its column, and its line in a formula of several.

>>> f = parse_formula("100 * [HOU-03] / (HOU01 + HOU02)")
>>> f.references
('HOU-03', 'HOU01', 'HOU02')
>>> f.evaluate({"HOU-03": 30.0, "HOU01": 50.0, "HOU02": 70.0}).value
25.0
>>> f.evaluate({"HOU-03": 30.0, "HOU01": 0.0, "HOU02": 0.0}).reason
'division by zero: HOU01 + HOU02 is 0'
>>> parse_formula("HS01 / (HS02")
Traceback (most recent call last):
...
councilpmf.core.formula.FormulaError: column 13: expected ')', not the end of the formula
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping

import attrs

from councilpmf.core._validate import strings
from councilpmf.core.errors import CouncilPMFError

__all__ = [
    "FUNCTIONS",
    "TOO_LARGE",
    "Binary",
    "Call",
    "Evaluation",
    "Formula",
    "FormulaError",
    "Negate",
    "Node",
    "Number",
    "Reference",
    "numbers_written",
    "parse_formula",
]

MAX_LENGTH = 2_000
"""The longest formula text accepted, in characters."""

MAX_DEPTH = 40
"""The deepest nesting of parentheses, functions and signs accepted."""

FUNCTIONS = ("abs", "max", "mean", "min", "sum")
"""The functions a formula may call; ``abs`` takes one argument, the others one or more."""


class FormulaError(CouncilPMFError, ValueError):
    """Text that is not a formula; the message gives the column (counted from 1) and why."""


@attrs.frozen
class Number:
    """A number written in the formula."""

    value: float


@attrs.frozen
class Reference:
    """Another indicator's value for the same period."""

    indicator: str


@attrs.frozen
class Negate:
    """``-operand``."""

    operand: Node


@attrs.frozen
class Binary:
    """``left op right`` for one of ``+ - * /``."""

    op: str
    left: Node
    right: Node


@attrs.frozen
class Call:
    """One of :data:`FUNCTIONS` applied to its arguments."""

    name: str
    args: tuple[Node, ...]


Node = Number | Reference | Negate | Binary | Call

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_SPACE = " \t\r\n"
"""What may stand between the parts of a formula: spaces, tabs and line breaks (a long formula
is written over several lines of a multi-line TOML string)."""
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_IN_BRACKETS = re.compile(r"(?:[^\]\x00-\x1f]|\]\])*+")
"""What an id in square brackets holds: any character but a control character, a ``]`` written
twice (``]]``); the first ``]`` alone ends it."""
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_PLAIN_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")


def _run(node: Binary) -> tuple[Node, list[Binary]]:
    """A run of operators of one precedence (``A + B - C``), which parses as a tree as deep as
    it is long: its first operand and its operators from left to right, found without
    recursing, so that a formula of a thousand terms is written and worked out in loops."""
    level = _PRECEDENCE[node.op]
    rest: list[Binary] = []
    first: Node = node
    while isinstance(first, Binary) and _PRECEDENCE[first.op] == level:
        rest.append(first)
        first = first.left
    rest.reverse()
    return first, rest


def _write(node: Node, parent: int = 0, right: bool = False) -> str:
    """The node as formula text, with the fewest parentheses that keep its meaning."""
    match node:
        case Number(value):
            return repr(value) if value != int(value) or abs(value) >= 1e16 else str(int(value))
        case Reference(indicator):
            return (
                indicator
                if _PLAIN_ID.match(indicator) and indicator not in FUNCTIONS
                else f"[{indicator.replace(']', ']]')}]"
            )
        case Negate(operand):
            return f"-{_write(operand, 3)}"
        case Call(name, args):
            return f"{name}({', '.join(_write(arg) for arg in args)})"
        case Binary(op):
            level = _PRECEDENCE[op]
            first, rest = _run(node)
            words = [_write(first, level)]
            for part in rest:
                words += (part.op, _write(part.right, level, right=True))
            text = " ".join(words)
            return f"({text})" if level < parent or (right and level == parent) else text
    raise AssertionError(node)  # pragma: no cover - Node is closed


TOO_LARGE = "the result is too large"
"""Why a formula has no value when its result is too large (beyond the largest float, or, for
a calculated indicator, beyond the largest value a reading may have)."""


@attrs.frozen
class Evaluation:
    """A formula's value for one period, or ``None`` with the reason in words."""

    value: float | None
    reason: str = ""


class _Missing(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _apply(op: str, a: float, b: float, right: Node) -> float:
    """``a op b``, where ``b`` is the value of ``right`` (named when it is a zero divisor)."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        raise _Missing(f"division by zero: {_write(right)} is 0")
    return a / b


def _evaluate(node: Node, values: Mapping[str, float | None]) -> float:
    match node:
        case Number(value):
            return value
        case Reference(indicator):
            found = values.get(indicator)
            if found is None:
                raise _Missing(f"no value for {indicator}")
            return found
        case Negate(operand):
            return -_evaluate(operand, values)
        case Binary():
            first, rest = _run(node)
            a = _evaluate(first, values)
            for part in rest:
                a = _apply(part.op, a, _evaluate(part.right, values), part.right)
            return a
        case Call(name, args):
            numbers = [_evaluate(arg, values) for arg in args]
            if name == "abs":
                return abs(numbers[0])
            if name == "min":
                return min(numbers)
            if name == "max":
                return max(numbers)
            if not all(map(math.isfinite, numbers)):
                # Too large on the way (fsum refuses to add infinities of either sign).
                raise OverflowError(name)
            total = math.fsum(numbers)
            return total if name == "sum" else total / len(numbers)
    raise AssertionError(node)  # pragma: no cover - Node is closed


@attrs.frozen
class Formula:
    """A parsed formula: ``node`` is its tree, ``references`` the ids it reads, in order."""

    node: Node
    references: tuple[str, ...] = attrs.field(validator=strings)

    def __str__(self) -> str:
        return self._text

    @functools.cached_property
    def _text(self) -> str:
        """The formula as written back (once: it is written in every value's explanation)."""
        return _write(self.node)

    def evaluate(self, values: Mapping[str, float | None]) -> Evaluation:
        """The formula's value given each referenced indicator's value (None when missing)."""
        try:
            result = _evaluate(self.node, values)
        except _Missing as missing:
            return Evaluation(None, missing.reason)
        except OverflowError:
            return Evaluation(None, TOO_LARGE)
        if not math.isfinite(result):
            return Evaluation(None, TOO_LARGE)
        return Evaluation(result + 0.0)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.depth = 0
        self.references: dict[str, None] = {}
        self.numbers: dict[str, None] = {}
        self.last_number = (0, 0)  # where the number read last starts and ends

    def where(self, at: int) -> str:
        """Where character ``at`` is, counted from 1: its column, and in a formula written over
        several lines, its line."""
        if "\n" not in self.text:
            return f"column {at + 1}"
        line = self.text.count("\n", 0, at) + 1
        column = at - self.text.rfind("\n", 0, at)
        return f"line {line}, column {column}"

    def fail(self, what: str) -> FormulaError:
        found = self.text[self.at] if self.at < len(self.text) else ""
        shown = f", not {found!r}" if found else ", not the end of the formula"
        return FormulaError(f"{self.where(self.at)}: expected {what}{shown}{self.digit_id_hint()}")

    def digit_id_hint(self) -> str:
        """The hint to bracket an id written bare with a leading digit (``1A``), which reads as
        the number ``1`` then ``A``, when the parser stopped right after such a number."""
        start, end = self.last_number
        rest = _ID.match(self.text, self.at) if self.at == end and end else None
        if rest is None:
            return ""
        written = self.text[start : rest.end()]
        return f"; an id that starts with a digit is written in square brackets: [{written}]"

    def skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in _SPACE:
            self.at += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.at] if self.at < len(self.text) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.fail(f"{char!r}")
        self.at += 1

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(
                f"{self.where(self.at)}: nested more than {MAX_DEPTH} deep; simplify the formula"
            )

    def expression(self, level: int = 1) -> Node:
        node = self.unary() if level > 2 else self.expression(level + 1)
        if level > 2:
            return node
        while (op := self.peek()) and op in _PRECEDENCE and _PRECEDENCE[op] == level:
            self.at += 1
            node = Binary(op, node, self.expression(level + 1))
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.at += 1
            self.nested()
            operand = self.unary()
            self.depth -= 1
            return Negate(operand)
        return self.primary()

    def primary(self) -> Node:
        char = self.peek()
        if char == "(":
            self.at += 1
            self.nested()
            node = self.expression()
            self.expect(")")
            self.depth -= 1
            return node
        if match := _NUMBER.match(self.text, self.at):
            value = float(match.group())
            if not math.isfinite(value):
                raise self.fail("a number no larger than 1e308")
            self.at = match.end()
            self.last_number = match.span()
            self.numbers.setdefault(match.group())
            return Number(value)
        if char == "[":
            return self.bracketed()
        if match := _ID.match(self.text, self.at):
            self.at = match.end()
            if self.peek() == "(":
                return self.call(match.group(), match.start())
            return self.reference(match.group(), match.start())
        raise self.fail("a number, an indicator id, a function or '('")

    def bracketed(self) -> Reference:
        """An id in square brackets, from its ``[``."""
        start = self.at
        inside = _IN_BRACKETS.match(self.text, start + 1)
        assert inside is not None  # it matches nothing at worst
        self.at = inside.end()
        if self.at == len(self.text):
            raise FormulaError(
                f"{self.where(start)}: expected ']' to end the id in square brackets begun "
                "here (a ']' within an id is written twice: [A]]B] for A]B)"
            )
        if self.text[self.at] != "]":  # a control character
            raise self.fail("']'")
        self.at += 1
        return self.reference(inside.group().replace("]]", "]").strip(), start)

    def reference(self, indicator: str, start: int) -> Reference:
        if not indicator:
            self.at = start
            raise self.fail("an indicator id")
        self.references.setdefault(indicator)
        return Reference(indicator)

    def call(self, name: str, start: int) -> Call:
        if name not in FUNCTIONS:
            self.at = start
            raise FormulaError(
                f"{self.where(start)}: unknown function {name!r}; the functions are "
                + ", ".join(FUNCTIONS)
            )
        self.expect("(")
        self.nested()
        args = [self.expression()]
        while self.peek() == ",":
            self.at += 1
            args.append(self.expression())
        self.expect(")")
        self.depth -= 1
        if name == "abs" and len(args) != 1:
            raise FormulaError(f"{self.where(start)}: abs takes one value, not {len(args)}")
        return Call(name, tuple(args))


def parse_formula(text: str) -> Formula:
    """Parse formula text; a :class:`FormulaError` says where and why it is not a formula.

    >>> str(parse_formula("(A + B) * 2 - -C"))
    '(A + B) * 2 - -C'
    >>> parse_formula("max(HS01, [HS-02]) / 3").references
    ('HS01', 'HS-02')
    """
    return _read(_as_text(text))[0]


def numbers_written(text: str) -> tuple[str, ...]:
    """The numbers in formula text as they are written, each once, in order; an id in square
    brackets is not a number. A number that is also an indicator's id is ambiguous: a council
    may have meant the indicator. A :class:`FormulaError` if the text is not a formula.

    >>> numbers_written("100 * [101] / (101 + 2.50)")
    ('100', '101', '2.50')
    """
    return _read(_as_text(text))[1]


CACHED = 1_024
"""How many formula texts are kept read, the most recently asked for: about 1 KiB each for a
formula of a few ids (1 MiB in all), at most about 135 KiB for one of :data:`MAX_LENGTH`
characters."""


def _as_text(text: object) -> str:
    """``text``, if it is text: only text can be a formula (and be looked up among those read)."""
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, not {type(text).__name__}")
    return text


@functools.lru_cache(maxsize=CACHED)
def _read(text: str) -> tuple[Formula, tuple[str, ...]]:
    """The formula ``text`` is, and the numbers written in it, read once for each text.

    Building an indicator reads its formula to refuse one that is not; its calculation, the
    check for numbers that are also ids (made by every assessment) and every copy of the
    indicator ask for it again. Reading is pure and a :class:`Formula` cannot change, so one
    reading serves them all; a text that is not a formula raises each time and is not kept.

    >>> _read("A + 1") is _read("A + 1")
    True
    """
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"a formula may be at most {MAX_LENGTH} characters, not {len(text)}")
    parser = _Parser(text)
    if not parser.peek():
        raise FormulaError("a formula must not be empty")
    node = parser.expression()
    if parser.peek():
        raise parser.fail("an operator (+ - * /) or the end of the formula")
    return Formula(node, tuple(parser.references)), tuple(parser.numbers)
