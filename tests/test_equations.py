"""Sampling equations: unique, disjoint, deterministic, never enumerated,
and with ground truth that matches exact arithmetic."""

from __future__ import annotations

import ast
import tracemalloc
from fractions import Fraction

import numpy as np
import pytest

from mathtui.config import DatasetConfig, RunConfig
from mathtui.equations import EquationSpace, make_dataset
from mathtui.mistakes import digit_counts


def reference(text: str, decimals: int) -> str:
    """An independent exact evaluator (Fraction over a parsed tree) for checking."""

    def value(node):
        if isinstance(node, ast.BinOp):
            a, b = value(node.left), value(node.right)
            return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}.get(type(node.op)) if not isinstance(node.op, ast.Div) else a / b
        if isinstance(node, ast.UnaryOp):
            return -value(node.operand)
        return Fraction(node.value)

    v = value(ast.parse(text, mode="eval").body)
    scaled = v * 10**decimals
    q = scaled.numerator // scaled.denominator
    r = scaled - q
    if r > Fraction(1, 2) or (r == Fraction(1, 2) and q % 2 == 1):
        q += 1
    if decimals == 0:
        return str(q)
    whole, frac = divmod(abs(q), 10**decimals)
    return f"{'-' if q < 0 else ''}{whole}.{frac:0{decimals}d}"


CONFIGS = [
    DatasetConfig(),
    DatasetConfig(min_value=-50, max_value=50, operations="+-", examples=500),
    DatasetConfig(min_value=0, max_value=99, operations="+-*", n_ops=2, examples=2000),
    DatasetConfig(min_value=0, max_value=99, operations="/", decimals=2, examples=2000),
    DatasetConfig(min_value=-9, max_value=9, operations="+-*/", n_ops=3, decimals=3, examples=2000, balanced=True),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.min_value}..{c.max_value}{c.operations}x{c.n_ops}")
def test_results_match_exact_arithmetic_with_python_precedence(config):
    eq = EquationSpace(config).sample(300, np.random.default_rng(1), balanced=config.balanced)
    for text, result in zip(eq.texts, eq.results):
        assert result == reference(text, config.decimals), text


def test_the_dataset_is_unique_disjoint_and_reproducible():
    config = DatasetConfig(examples=30_000)
    first, again = make_dataset(config), make_dataset(config)
    train, test = set(first.train.texts), set(first.test.texts)
    assert len(train) == len(first.train) and len(test) == len(first.test) == 3000
    assert not train & test
    assert first.train.texts == again.train.texts and first.test.texts == again.test.texts
    other = make_dataset(DatasetConfig(examples=30_000, seed=1))
    assert other.train.texts != first.train.texts


def test_asking_for_the_whole_space_gives_every_equation_once():
    config = DatasetConfig(min_value=0, max_value=9, examples=100, test_split=0.2)
    data = make_dataset(config)
    everything = set(data.train.texts) | set(data.test.texts)
    assert everything == {f"{a} + {b}" for a in range(10) for b in range(10)}


def test_sampling_a_huge_range_never_enumerates_it():
    # 10^18 equations: enumerating them is impossible, so finishing proves it.
    config = DatasetConfig(min_value=0, max_value=10**9 - 1, examples=10_000)
    assert EquationSpace(config).size == 10**18
    tracemalloc.start()
    data = make_dataset(config)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(set(data.train.texts)) == 9000
    assert peak < 50 * 2**20


def test_division_by_zero_is_never_generated():
    config = DatasetConfig(min_value=-3, max_value=3, operations="/*", n_ops=2, decimals=2, examples=500)
    eq = EquationSpace(config).sample(500, np.random.default_rng(0))
    for row_ops, row in zip(eq.ops.tolist(), eq.operands.tolist()):
        for op, divisor in zip(row_ops, row[1:]):
            if op == 3:
                assert divisor != 0
    # patterns * *, * /, / *, / /: a divisor has 6 values (no zero), any other operand 7
    assert EquationSpace(config).size == 7 * 7 * 7 + 7 * 7 * 6 + 7 * 6 * 7 + 7 * 6 * 6


def test_space_size_excludes_zero_divisors_and_numbering_round_trips():
    config = DatasetConfig(min_value=-2, max_value=2, operations="+/", n_ops=2, decimals=1, examples=10)
    space = EquationSpace(config)
    texts = []
    for chunk in space.chunks(7):
        texts += chunk.texts
        assert (space.encode(chunk) == np.arange(len(texts) - len(chunk), len(texts))).all()
    assert len(texts) == len(set(texts)) == space.size == 5 * (5 * 5 + 5 * 4 + 4 * 5 + 4 * 4)
    assert not any("/ 0" in t for t in texts)


def test_balanced_sampling_gives_small_numbers_their_share():
    uniform = EquationSpace(DatasetConfig()).sample(20_000, np.random.default_rng(0))
    balanced = EquationSpace(DatasetConfig(balanced=True)).sample(20_000, np.random.default_rng(0), balanced=True)
    share = lambda eq: (digit_counts(eq.operands[:, 0]) == 1).mean()  # noqa: E731
    assert share(uniform) < 0.02
    # Only 10 one-digit operands exist, so repeats are dropped, yet a far larger share survives.
    assert share(balanced) > 0.1
    assert len(set(balanced.texts)) == 20_000


def test_lengths_fit_every_equation_and_are_tight():
    small_mixed = DatasetConfig(min_value=-20, max_value=20, operations="+-*/", n_ops=2, decimals=2, examples=10)
    for config in [CONFIGS[0], CONFIGS[1], CONFIGS[3], small_mixed]:
        space = EquationSpace(config)
        every = list(space.chunks(100_000))
        longest_text = max(max(map(len, c.texts)) for c in every)
        longest_result = max(max(map(len, c.results)) for c in every)
        assert longest_text == space.input_len
        assert longest_result == space.output_len - 1


def test_sampling_excludes_what_it_is_told_to():
    space = EquationSpace(DatasetConfig(min_value=0, max_value=30))
    seen = space.sample(900, np.random.default_rng(0))
    fresh = space.sample(61, np.random.default_rng(1), exclude=seen)
    assert not set(fresh.texts) & set(seen.texts)
    with pytest.raises(ValueError):
        space.sample(62, np.random.default_rng(1), exclude=seen)


@pytest.mark.parametrize(
    "values, message",
    [
        ({"dataset.max_value": -1}, "below min"),
        ({"dataset.operations": "+^"}, "unknown operation"),
        ({"dataset.operations": ""}, "at least one operation"),
        ({"dataset.examples": 20_000, "dataset.max_value": 99}, "holds only 10,000"),
        ({"dataset.examples": -5}, "at least 2"),
        ({"dataset.test_split": 0.0}, "strictly between 0 and 1"),
        ({"dataset.test_split": 1.0}, "strictly between 0 and 1"),
        ({"dataset.decimals": 7}, "0..6"),
        ({"dataset.decimals": -1}, "0..6"),
        ({"dataset.operations": "/", "dataset.decimals": 0}, "division needs decimals"),
        ({"model.hidden": 0}, "hidden size"),
        ({"train.lr": 0.0}, "learning rate"),
        ({"train.lr": -1.0}, "learning rate"),
        ({"train.batch_size": 0}, "batch size"),
    ],
)
def test_every_invalid_setting_has_a_clear_message(values, message):
    problems = RunConfig().with_values(**values).problems()
    assert problems, values
    assert message in problems[0].message
    assert problems[0].field in values


def test_the_default_config_is_valid_and_round_trips():
    config = RunConfig()
    assert config.problems() == []
    assert RunConfig.from_dict(config.to_dict()) == config
