"""The safe evaluator: real arithmetic in, a one-line EquationError for
anything else -- and nothing a user types is ever executed."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathtui.evaluator import MAX_TEXT, EquationError, evaluate, parse


@pytest.mark.parametrize(
    "text, canonical, result",
    [
        ("31 + 87", "31 + 87", "118"),
        ("31+87", "31 + 87", "118"),
        ("  5 -   -3 ", "5 - -3", "8"),
        ("-4 * 5", "-4 * 5", "-20"),
        ("2 + 3 * 4", "2 + 3 * 4", "14"),
        ("10 - 4 - 3", "10 - 4 - 3", "3"),
        ("7 * 8 - 6 * 5", "7 * 8 - 6 * 5", "26"),
        ("007 + 1", "7 + 1", "8"),
        ("99999999999999999999 + 1", "99999999999999999999 + 1", "100000000000000000000"),
    ],
)
def test_valid_equations_give_exact_results(text, canonical, result):
    assert parse(text).text == canonical
    assert evaluate(text) == result


@pytest.mark.parametrize(
    "text, decimals, result",
    [("7 / 2", 2, "3.50"), ("1 / 3", 2, "0.33"), ("2 / 3", 2, "0.67"), ("1 / 8", 2, "0.12"), ("3 / 8", 2, "0.38"), ("-1 / 3", 3, "-0.333"), ("1 + 1 / 2", 1, "1.5"), ("-1 / 1000", 2, "0.00")],
)
def test_division_rounds_half_to_even_and_never_prints_minus_zero(text, decimals, result):
    assert evaluate(text, decimals) == result


HOSTILE = [
    ("__import__('os').system('touch pwned')", "letters"),
    ("().__class__", "parentheses"),
    ("lambda: 1", "letters"),
    ("2 ** 100000000", "power"),
    ("9**9**9", "power"),
    ("1 / 0", "division by zero"),
    ("0/0", "division by zero"),
    ("(" * 500 + "1" + ")" * 500, "too long"),
    ("((1 + 2))", "parentheses"),
    ("１２ + 3", "ASCII digit"),
    ("٣ + 4", "ASCII digit"),
    ("1\x00 + 2", "U+0000"),
    ("1" * 100_000, "too long"),
    ("", "empty"),
    ("   \t ", "empty"),
    ("1e309 + 1", "letters"),
    ("nan + 1", "letters"),
    ("inf", "letters"),
    ("1.5 + 2", "whole numbers"),
    ("3 +", "missing a number"),
    ("+ 3", "missing a number"),
    ("3 4", "missing an operator"),
    ("3 + * 4", "missing a number"),
    ("3 - - - 4", "too many minus"),
    ("42", "no operator"),
    ("1 // 2", "'//'"),
    ("1 % 2", "unexpected character"),
    ("1 + 2; import os", "unexpected character"),
    ("1" + "0" * 40 + " + 1", "more than 30 digits"),
    (" + ".join(["1"] * 20), "too many operators"),
]


@pytest.mark.parametrize("text, message", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_and_malformed_input_gets_a_one_line_message(text, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(EquationError) as err:
        evaluate(text)
    assert message in str(err.value)
    assert "\n" not in str(err.value) and len(str(err.value)) < 200
    assert not os.path.exists("pwned")


def test_the_length_limit_is_checked_before_any_work():
    with pytest.raises(EquationError, match="too long"):
        parse("1+" * MAX_TEXT)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_an_answer_or_an_equation_error(text):
    try:
        result = evaluate(text)
    except EquationError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert result.lstrip("-").isdigit()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789+-*/ ", max_size=40))
def test_any_arithmetic_looking_text_is_an_answer_or_an_equation_error(text):
    try:
        parsed = parse(text)
    except EquationError:
        return
    assert parse(parsed.text) == parsed  # canonical text parses back to itself
