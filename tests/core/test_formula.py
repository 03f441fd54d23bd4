"""The formula language of calculated indicators: parsing, writing back and evaluating."""

from __future__ import annotations

import math
import operator
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpmf.core._validate import LINE
from councilpmf.core.errors import CouncilPMFError
from councilpmf.core.formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    Binary,
    Call,
    Evaluation,
    Formula,
    Negate,
    Node,
    Number,
    Reference,
    numbers_written,
    parse_formula,
)
from strategies import taken_characters

IDS = st.sampled_from(["HS01", "asc_02", "ASC-02", "K.1", "Rent (£)", "min", "x", "A]B", "[1]"])

numbers = st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: Number(x))
leaves = st.one_of(numbers, IDS.map(Reference))


def _grow(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        children.map(Negate),
        st.tuples(st.sampled_from("+-*/"), children, children).map(lambda t: Binary(*t)),
        st.tuples(
            st.sampled_from(["min", "max", "sum", "mean"]),
            st.lists(children, min_size=1, max_size=3).map(tuple),
        ).map(lambda t: Call(*t)),
        children.map(lambda c: Call("abs", (c,))),
    )


trees = st.recursive(leaves, _grow, max_leaves=12)

OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _expected(node: Node, values: dict[str, float]) -> float:
    """An independent evaluation straight from the tree, for comparison."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Reference):
        return values[node.indicator]
    if isinstance(node, Negate):
        return -_expected(node.operand, values)
    if isinstance(node, Binary):
        return OPS[node.op](_expected(node.left, values), _expected(node.right, values))
    args = [_expected(arg, values) for arg in node.args]
    return {
        "abs": lambda: abs(args[0]),
        "min": lambda: min(args),
        "max": lambda: max(args),
        "sum": lambda: math.fsum(args),
        "mean": lambda: math.fsum(args) / len(args),
    }[node.name]()


@given(trees)
def test_written_formula_parses_back_to_the_same_tree(tree: Node) -> None:
    text = str(Formula(tree, ()))
    assert parse_formula(text).node == tree, text


@given(trees, st.dictionaries(IDS, st.floats(min_value=0.5, max_value=1e3), min_size=9))
def test_evaluation_agrees_with_arithmetic_on_the_tree(
    tree: Node, values: dict[str, float]
) -> None:
    formula = parse_formula(str(Formula(tree, ())))
    result = formula.evaluate(values)
    try:
        expected = _expected(tree, values)
    except (ZeroDivisionError, OverflowError):
        assert result.value is None and result.reason
        return
    if not math.isfinite(expected):
        assert result.value is None
    else:
        assert result.value == pytest.approx(expected, rel=1e-12, abs=1e-12)


@given(st.text(max_size=60))
def test_any_text_parses_or_is_refused_with_a_formula_error(text: str) -> None:
    try:
        formula = parse_formula(text)
    except CouncilPMFError as error:
        assert str(error)
    else:
        assert str(parse_formula(str(formula))) == str(formula)


any_values = st.floats(allow_nan=False, allow_infinity=False) | st.none()
huge = st.floats(min_value=1e300, max_value=1e308).map(lambda x: Number(x))
huge_trees = st.recursive(st.one_of(leaves, huge), _grow, max_leaves=12)


@settings(max_examples=300)
@given(huge_trees, st.dictionaries(IDS, any_values, min_size=9))
def test_any_finite_values_give_a_finite_value_or_the_reason_never_an_exception(
    tree: Node, values: dict[str, float | None]
) -> None:
    result = parse_formula(str(Formula(tree, ()))).evaluate(values)
    if result.value is None:
        assert result.reason
    else:
        assert math.isfinite(result.value)


@pytest.mark.parametrize("text", ["sum(A * 1e300, -A * 1e300)", "mean(A * 1e300, 1 - A * 1e300)"])
def test_sums_of_values_too_large_either_way_give_no_value_and_say_why(text: str) -> None:
    assert parse_formula(text).evaluate({"A": 1e10}) == Evaluation(None, "the result is too large")


def test_references_are_listed_once_in_order_of_first_use() -> None:
    assert parse_formula("B + [A-1] * B / c").references == ("B", "A-1", "c")


@pytest.mark.parametrize(
    ("text", "indicator"),
    [("[A]]B] * 2", "A]B"), ("[[1]]] * 2", "[1]"), ("[]]] * 2", "]"), ("[x[y] * 2", "x[y")],
)
def test_a_bracket_in_an_id_is_written_twice_within_the_brackets(text: str, indicator: str) -> None:
    formula = parse_formula(text)
    assert formula.references == (indicator,)
    assert str(formula) == text
    assert formula.evaluate({indicator: 4.0}).value == 8.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[A]] * 2", "column 1: expected ']' to end the id in square brackets begun here"),
        ("[A", "column 1: expected ']' to end the id in square brackets begun here"),
        ("2 * [A\tB]", "column 7: expected ']', not '\\t'"),
    ],
)
def test_an_id_whose_brackets_do_not_close_is_refused_at_its_start(text: str, message: str) -> None:
    with pytest.raises(CouncilPMFError) as caught:
        parse_formula(text)
    assert str(caught.value).startswith(message)


_one_line = taken_characters.filter(lambda char: char not in LINE)
ids = st.text(_one_line, min_size=1, max_size=12).filter(lambda text: text.strip() == text and text)


@settings(max_examples=500)
@given(ids, ids)
def test_any_two_ids_are_written_so_that_they_read_back(first: str, second: str) -> None:
    formula = Formula(Binary("/", Reference(first), Reference(second)), (first, second))
    assert parse_formula(str(formula)).node == formula.node, str(formula)


def test_the_numbers_written_are_listed_once_as_written_never_an_id_in_brackets() -> None:
    text = "101 + [102] * 1e3 - -101 / 0.50 + max(7, [7])"
    assert numbers_written(text) == ("101", "1e3", "0.50", "7")


def test_missing_input_gives_no_value_and_names_the_indicator() -> None:
    result = parse_formula("HS01 / HS02").evaluate({"HS01": 4.0, "HS02": None})
    assert result.value is None
    assert result.reason == "no value for HS02"


def test_division_by_zero_gives_no_value_and_says_which_part_was_zero() -> None:
    result = parse_formula("100 * A / (B - C)").evaluate({"A": 1.0, "B": 2.0, "C": 2.0})
    assert (result.value, result.reason) == (None, "division by zero: B - C is 0")


def test_negative_results_are_kept() -> None:
    assert parse_formula("A - B").evaluate({"A": 1.0, "B": 3.0}).value == -2.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a formula must not be empty"),
        ("A +", "column 4: expected a number, an indicator id, a function or '(', not the end"),
        ("(A", "column 3: expected ')', not the end of the formula"),
        ("A B", "column 3: expected an operator (+ - * /) or the end of the formula, not 'B'"),
        ("__import__('os')", "column 1: unknown function '__import__'"),
        ("abs(A, B)", "column 1: abs takes one value, not 2"),
        ("[]", "column 1: expected an indicator id, not '['"),
        ("1e999", "column 1: expected a number no larger than 1e308"),
        ("A ** 2", "column 4: expected a number, an indicator id, a function or '(', not '*'"),
    ],
)
def test_malformed_formulas_are_refused_with_the_column(text: str, message: str) -> None:
    with pytest.raises(CouncilPMFError) as caught:
        parse_formula(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1A + B", "column 2: expected an operator (+ - * /) or the end of the formula, not 'A'"),
        ("(B + 2nd_hs)", "column 7: expected ')', not 'n'"),
        ("max(B, 10.5x)", "column 12: expected ')', not 'x'"),
    ],
)
def test_an_id_starting_with_a_digit_is_refused_with_the_hint_to_bracket_it(
    text: str, message: str
) -> None:
    with pytest.raises(CouncilPMFError) as caught:
        parse_formula(text)
    written = re.search(r"[0-9][0-9.]*[A-Za-z_][A-Za-z0-9_.]*", text)
    assert written is not None
    assert str(caught.value) == (
        f"{message}; an id that starts with a digit is written in square brackets: "
        f"[{written.group()}]"
    )


def test_a_number_then_a_spaced_id_is_not_taken_for_one_id() -> None:
    with pytest.raises(CouncilPMFError) as caught:
        parse_formula("1 A")
    assert "square brackets" not in str(caught.value)


def test_a_formula_written_over_several_lines_reads_as_on_one() -> None:
    # As a multi-line TOML string writes it, with Windows line ends or tabs.
    text = "\n100 * CO01T\r\n\t/ (CO01T + CO01L)\n"
    assert str(parse_formula(text)) == "100 * CO01T / (CO01T + CO01L)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A +\nB +\n  * C", "line 3, column 3: expected a number"),
        ("A +\r\n(B", "line 2, column 3: expected ')', not the end of the formula"),
        ("A\n + foo(B)", "line 2, column 4: unknown function 'foo'"),
        ("\nabs(A, B)", "line 2, column 1: abs takes one value, not 2"),
    ],
)
def test_an_error_in_a_formula_over_several_lines_gives_its_line_and_column(
    text: str, message: str
) -> None:
    with pytest.raises(CouncilPMFError) as caught:
        parse_formula(text)
    assert str(caught.value).startswith(message)


def test_deep_nesting_is_refused_before_python_runs_out_of_stack() -> None:
    with pytest.raises(CouncilPMFError, match=f"nested more than {MAX_DEPTH} deep"):
        parse_formula("(" * 900 + "A" + ")" * 900)
    with pytest.raises(CouncilPMFError, match="nested more than"):
        parse_formula("-" * 500 + "A")


def test_over_long_text_is_refused_before_parsing() -> None:
    with pytest.raises(CouncilPMFError, match=f"at most {MAX_LENGTH} characters"):
        parse_formula("A+" * MAX_LENGTH + "A")


@pytest.mark.parametrize(
    ("op", "expected"),
    [("+", 2.0 * 1000), ("-", 2.0 - 2.0 * 999), ("*", 2.0**1000), ("/", 2.0**-998)],
)
def test_as_many_terms_as_the_length_allows_are_worked_out_and_written_back(
    op: str, expected: float
) -> None:
    text = op.join(["A"] * 1000)
    assert len(text) <= MAX_LENGTH
    formula = parse_formula(text)
    assert formula.evaluate({"A": 2.0}).value == expected
    assert str(formula) == f" {op} ".join(["A"] * 1000)
    assert formula.evaluate({"A": None}).reason == "no value for A"


def test_a_long_sum_with_a_zero_divisor_near_its_end_says_which_part_was_zero() -> None:
    formula = parse_formula("+".join(["A"] * 990) + "+1/(B-B)")
    assert formula.evaluate({"A": 1.0, "B": 3.0}).reason == "division by zero: B - B is 0"
