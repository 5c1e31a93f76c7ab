"""The safe evaluator: user text -> a parsed equation and its true result.

The article computed ground truth with ``eval(equation_string)``.  Here a
tokenizer accepts exactly what the models' vocabulary can express (ASCII
whole numbers, ``+ - * /``, an optional leading minus on an operand, spaces)
and everything else is an :class:`EquationError` whose message names the
problem.  Nothing is ever executed; the arithmetic is the same exact integer
code the dataset uses (:mod:`mathtui.equations`), so the calculator's "truth"
and the training targets can never disagree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from mathtui.config import OPERATIONS
from mathtui.equations import result_texts

MAX_TEXT = 200
MAX_DIGITS = 30
MAX_OPERATORS = 8


class EquationError(ValueError):
    """Text that is not an equation mathtui can take; ``str()`` says why in one line."""


@dataclass(frozen=True)
class Parsed:
    """A well-formed equation: its operands, its operators, its canonical text."""

    operands: tuple[int, ...]
    ops: tuple[str, ...]

    @property
    def text(self) -> str:
        """Canonical spelling, as the models were trained on: ``'31 + 87'``."""
        parts = [str(self.operands[0])]
        for op, value in zip(self.ops, self.operands[1:]):
            parts += [op, str(value)]
        return " ".join(parts)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        ops = np.array([[OPERATIONS.index(o) for o in self.ops]], dtype=np.int8)
        operands = np.array([list(self.operands)], dtype=object)
        return ops, operands


def _describe(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return repr(ch)
    name = unicodedata.name(ch, None)
    code = f"U+{ord(ch):04X}"
    return f"{code} ({name.lower()})" if name else code


def _bad_character(ch: str, position: int) -> EquationError:
    where = f" at position {position + 1}"
    if ch in "()":
        return EquationError(f"parentheses are not supported{where}; operators follow Python precedence")
    if ch.isdigit() or unicodedata.category(ch) == "Nd":
        return EquationError(f"{_describe(ch)}{where} is not an ASCII digit 0-9")
    if ch == ".":
        return EquationError(f"decimal point{where}: operands must be whole numbers")
    if ch.isalpha() or ch == "_":
        return EquationError(f"letters and names are not allowed{where}: only whole numbers and + - * /")
    return EquationError(f"unexpected character {_describe(ch)}{where}: only whole numbers and + - * /")


def parse(text: str) -> Parsed:
    """Parse one equation or raise :class:`EquationError`."""
    if not isinstance(text, str):
        raise EquationError("an equation must be text")
    if len(text) > MAX_TEXT:
        raise EquationError(f"equation is too long ({len(text):,} characters; at most {MAX_TEXT})")
    if not text.strip():
        raise EquationError("empty equation: type one such as 31 + 87")

    tokens: list[tuple[str, str, int]] = []  # (kind, value, position)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t":
            i += 1
        elif "0" <= ch <= "9":
            start = i
            while i < len(text) and "0" <= text[i] <= "9":
                i += 1
            digits = text[start:i]
            if len(digits.lstrip("0")) > MAX_DIGITS:
                raise EquationError(f"number at position {start + 1} has more than {MAX_DIGITS} digits")
            tokens.append(("num", digits, start))
        elif ch == "*" and text[i + 1 : i + 2] == "*":
            raise EquationError(f"'**' (power) at position {i + 1} is not supported: use + - * /")
        elif ch == "/" and text[i + 1 : i + 2] == "/":
            raise EquationError(f"'//' at position {i + 1} is not supported: use / for division")
        elif ch in OPERATIONS:
            tokens.append(("op", ch, i))
            i += 1
        else:
            raise _bad_character(ch, i)

    operands: list[int] = []
    ops: list[str] = []
    expect_number = True
    negative = False
    for kind, value, pos in tokens:
        if expect_number:
            if kind == "num":
                operands.append(-int(value) if negative else int(value))
                negative = False
                expect_number = False
            elif value == "-" and not negative:
                negative = True
            elif value == "-":
                raise EquationError(f"too many minus signs at position {pos + 1}")
            elif not operands:
                raise EquationError(f"missing a number before {value!r}")
            else:
                raise EquationError(f"missing a number between {ops[-1]!r} and {value!r}")
        else:
            if kind == "num":
                raise EquationError(f"missing an operator between {operands[-1]} and {value}")
            ops.append(value)
            expect_number = True
    if expect_number:
        if negative or ops:
            raise EquationError(f"missing a number after {(ops[-1] if ops and not negative else '-')!r}")
        raise EquationError("empty equation: type one such as 31 + 87")
    if not ops:
        raise EquationError("no operator: type an equation such as 31 + 87")
    if len(ops) > MAX_OPERATORS:
        raise EquationError(f"too many operators ({len(ops)}; at most {MAX_OPERATORS})")
    for op, value in zip(ops, operands[1:]):
        if op == "/" and value == 0:
            raise EquationError("division by zero")
    return Parsed(tuple(operands), tuple(ops))


def evaluate(text: str | Parsed, decimals: int = 0) -> str:
    """The exact result of an equation, as a model is trained to write it."""
    parsed = text if isinstance(text, Parsed) else parse(text)
    ops, operands = parsed.arrays()
    return result_texts(ops, operands, decimals)[0]
