"""What a model got wrong, and where: records, breakdowns, the equation map.

Pure numpy, so the engine fills it chunk by chunk while evaluating and the TUI
only reads it.  Breakdowns count *every* checked equation (so a bucket's
error rate is honest), while the list of mistake records is capped to keep a
very bad model's evaluation bounded in memory.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np


MAX_RECORDS = 100_000
GRID_CELLS = 100
ERROR_BUCKETS = ("<= -1000", "-999..-100", "-99..-10", "-9..-1", "+1..+9", "+10..+99", "+100..+999", ">= +1000", "not a number")


@dataclass(frozen=True)
class Mistake:
    equation: str
    predicted: str
    expected: str
    error: float | None  # predicted - expected, where the prediction parses
    wrong_positions: tuple[int, ...]  # counted from the right: 0 = last character
    lowest_confidence: float
    confidence: tuple[float, ...]
    operands: tuple[int, ...]
    operand_digits: tuple[int, ...]
    carries: int | None

    def row(self) -> dict:
        return {
            "equation": self.equation,
            "predicted": self.predicted,
            "expected": self.expected,
            "error": "" if self.error is None else _plain(self.error),
            "wrong_positions": " ".join(map(str, self.wrong_positions)),
            "lowest_confidence": f"{self.lowest_confidence:.4f}",
            "operand_digits": " ".join(map(str, self.operand_digits)),
            "carries": "" if self.carries is None else self.carries,
        }


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def digit_counts(values: np.ndarray) -> np.ndarray:
    """Digits of each |value| (0 has one digit)."""
    a = np.abs(values.astype(np.int64))
    out = np.ones(a.shape, dtype=np.int64)
    threshold = 10
    while True:
        more = a >= threshold
        if not more.any():
            return out
        out += more
        threshold *= 10


def addition_carries(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Carries when adding non-negative ``a`` and ``b`` digit by digit."""
    a, b = a.astype(np.int64).copy(), b.astype(np.int64).copy()
    carry = np.zeros(a.shape, dtype=np.int64)
    count = np.zeros(a.shape, dtype=np.int64)
    while (a > 0).any() or (b > 0).any() or (carry > 0).any():
        s = a % 10 + b % 10 + carry
        carry = (s >= 10).astype(np.int64)
        count += carry
        a //= 10
        b //= 10
    return count


def wrong_positions(predicted: str, expected: str) -> tuple[int, ...]:
    """Positions that differ, aligned on the right, so 0 is the units digit."""
    width = max(len(predicted), len(expected))
    p, e = predicted.rjust(width), expected.rjust(width)
    return tuple(i for i in range(width) if p[width - 1 - i] != e[width - 1 - i])


def numeric_error(predicted: str, expected: str) -> float | None:
    try:
        return float(Fraction(predicted) - Fraction(expected))
    except (ValueError, ZeroDivisionError):
        return None


def numeric_errors(predicted: list[str], expected: list[str]) -> np.ndarray:
    """:func:`numeric_error` of many pairs as float64, NaN where it is None.

    Each distinct text is parsed once.  Where both sides are whole numbers
    exactly representable as floats (|v| <= 2**53) the difference is taken in
    float64, which rounds exactly as ``float(Fraction(p) - Fraction(e))``
    does; every other pair goes through Fractions as before.
    """
    n = len(predicted)
    out = np.full(n, np.nan, dtype=np.float64)
    if not n:
        return out
    fracs: dict[str, Fraction | None] = {}

    def parse(text: str) -> Fraction | None:
        if text not in fracs:
            try:
                fracs[text] = Fraction(text)
            except (ValueError, ZeroDivisionError):
                fracs[text] = None
        return fracs[text]

    def side(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        uniq, inverse = np.unique(np.array(texts, dtype=str), return_inverse=True)
        values = np.zeros(len(uniq), dtype=np.float64)
        simple = np.zeros(len(uniq), dtype=bool)
        for i, text in enumerate(uniq.tolist()):
            f = parse(text)
            if f is not None and f.denominator == 1 and abs(f.numerator) <= 2**53:
                values[i], simple[i] = float(f.numerator), True
        inverse = inverse.reshape(-1)
        return values[inverse], simple[inverse], inverse

    pv, ps, _ = side(predicted)
    ev, es, _ = side(expected)
    fast = ps & es
    out[fast] = pv[fast] - ev[fast]
    for i in np.flatnonzero(~fast).tolist():
        fp, fe = parse(predicted[i]), parse(expected[i])
        if fp is not None and fe is not None:
            out[i] = float(fp - fe)
    return out


def _right_aligned(texts: list[str], width: int) -> np.ndarray:
    """Characters from the right (column 0 = last character), space-padded to ``width``."""
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    codes = np.array(texts, dtype=f"U{max(1, width)}").view(np.uint32).reshape(n, max(1, width))
    back = lengths[:, None] - 1 - np.arange(width)[None, :]
    picked = np.take_along_axis(codes, np.maximum(back, 0), axis=1)
    return np.where(back >= 0, picked, ord(" "))


def wrong_position_counts(predicted: list[str], expected: list[str]) -> dict[int, int]:
    """How many pairs differ at each position: :func:`wrong_positions`, summed."""
    if not predicted:
        return {}
    width = max(max(map(len, predicted)), max(map(len, expected)))
    if width == 0:
        return {}
    differs = _right_aligned(predicted, width) != _right_aligned(expected, width)
    return {i: int(c) for i, c in enumerate(differs.sum(axis=0).tolist()) if c}


def error_bucket_counts(errors: np.ndarray) -> dict[str, int]:
    """Errors counted per :data:`ERROR_BUCKETS` bucket by sign and magnitude
    (NaN, meaning not a number, and 0 both go to the last bucket)."""
    errors = np.asarray(errors, dtype=np.float64)
    size = np.abs(errors)
    none = np.isnan(errors) | (errors == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.where(size >= 1, np.minimum(3, np.floor(np.log10(np.where(size >= 1, size, 1.0)))), 0).astype(np.int64)
    index = np.where(errors < 0, 3 - magnitude, 4 + magnitude)
    index = np.where(none, len(ERROR_BUCKETS) - 1, index)
    counts = np.bincount(index, minlength=len(ERROR_BUCKETS))
    return {ERROR_BUCKETS[i]: int(c) for i, c in enumerate(counts.tolist()) if c}


@dataclass
class Breakdown:
    """Checked and wrong counts per bucket, filled chunk by chunk."""

    checked: dict = field(default_factory=dict)
    wrong: dict = field(default_factory=dict)

    def add(self, keys: np.ndarray, wrong: np.ndarray) -> None:
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        counts = np.bincount(inverse, minlength=len(uniq))
        bad = np.bincount(inverse, weights=wrong.astype(np.float64), minlength=len(uniq))
        for key, c, w in zip(uniq.tolist(), counts.tolist(), bad.tolist()):
            key = tuple(key) if isinstance(key, list) else key
            self.checked[key] = self.checked.get(key, 0) + int(c)
            self.wrong[key] = self.wrong.get(key, 0) + int(w)

    def rows(self) -> list[tuple]:
        """(key, checked, wrong, error rate), sorted by key."""
        return [(k, self.checked[k], self.wrong.get(k, 0), self.wrong.get(k, 0) / self.checked[k]) for k in sorted(self.checked)]


@dataclass
class EquationMap:
    """Two-operand error map: operand a down, operand b across, binned."""

    lo: int
    hi: int
    cells: int
    checked: np.ndarray
    wrong: np.ndarray

    @classmethod
    def empty(cls, lo: int, hi: int, cells: int = GRID_CELLS) -> "EquationMap":
        cells = min(cells, hi - lo + 1)
        return cls(lo, hi, cells, np.zeros((cells, cells), np.int64), np.zeros((cells, cells), np.int64))

    def bin_of(self, values: np.ndarray) -> np.ndarray:
        width = self.hi - self.lo + 1
        return np.clip((values.astype(np.int64) - self.lo) * self.cells // width, 0, self.cells - 1)

    def bounds(self, cell: int) -> tuple[int, int]:
        """The operand values cell ``cell`` covers, inclusive."""
        width = self.hi - self.lo + 1
        start = self.lo + -(-cell * width // self.cells)
        stop = self.lo + -(-(cell + 1) * width // self.cells) - 1
        return start, stop

    def add(self, a: np.ndarray, b: np.ndarray, wrong: np.ndarray) -> None:
        i, j = self.bin_of(a), self.bin_of(b)
        np.add.at(self.checked, (i, j), 1)
        np.add.at(self.wrong, (i, j), wrong.astype(np.int64))

    def rates(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.checked > 0, self.wrong / np.maximum(self.checked, 1), np.nan)


@dataclass
class Analysis:
    """Every breakdown the Mistakes pane shows, for one evaluation."""

    n_operands: int
    addition: bool
    by_magnitude: Breakdown = field(default_factory=Breakdown)
    by_carries: Breakdown = field(default_factory=Breakdown)
    by_position: dict = field(default_factory=dict)
    by_error: dict = field(default_factory=dict)
    equation_map: EquationMap | None = None

    @classmethod
    def for_space(cls, n_operands: int, operations: str, lo: int, hi: int) -> "Analysis":
        two = n_operands == 2
        return cls(
            n_operands=n_operands,
            addition=two and operations == "+" and lo >= 0,
            equation_map=EquationMap.empty(lo, hi) if two else None,
        )

    def add_chunk(self, operands: np.ndarray, ops: np.ndarray, wrong: np.ndarray) -> np.ndarray | None:
        """Count one chunk; returns its carries (for addition) for the records."""
        self.by_magnitude.add(digit_counts(operands), wrong)
        carries = None
        if self.addition:
            carries = addition_carries(operands[:, 0], operands[:, 1])
            self.by_carries.add(carries, wrong)
        if self.equation_map is not None:
            self.equation_map.add(operands[:, 0], operands[:, 1], wrong)
        return carries

    def add_mistakes(self, predicted: list[str], expected: list[str]) -> np.ndarray:
        """Count mistakes by wrong position and by numeric error; returns the
        numeric errors (NaN where the prediction is not a number)."""
        errors = numeric_errors(predicted, expected)
        for p, c in wrong_position_counts(predicted, expected).items():
            self.by_position[p] = self.by_position.get(p, 0) + c
        for bucket, c in error_bucket_counts(errors).items():
            self.by_error[bucket] = self.by_error.get(bucket, 0) + c
        return errors

    def error_histogram(self) -> list[tuple[str, int]]:
        return [(b, self.by_error.get(b, 0)) for b in ERROR_BUCKETS]

    def to_json(self) -> dict:
        mag = [{"digits": list(k), "checked": c, "wrong": w} for k, c, w, _ in self.by_magnitude.rows()]
        car = [{"carries": int(k), "checked": c, "wrong": w} for k, c, w, _ in self.by_carries.rows()]
        return {
            "by_magnitude": mag,
            "by_carries": car,
            "by_position": {str(k): v for k, v in sorted(self.by_position.items())},
            "error_histogram": dict(self.error_histogram()),
        }


def write_csv(mistakes: list[Mistake], path: str | Path) -> int:
    """Write mistakes as CSV (atomically: temp file, then rename); returns rows."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.tmp")
    columns = ["equation", "predicted", "expected", "error", "wrong_positions", "lowest_confidence", "operand_digits", "carries"]
    with open(temp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for m in mistakes:
            writer.writerow(m.row())
    temp.replace(path)
    return len(mistakes)

