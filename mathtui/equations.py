"""The space of equations a config describes, and sampling from it.

The article enumerated every permutation of operands before sampling, which is
fine for 0..999 and exhausts memory at five digits.  Here the space is a
*numbering*: equation ``i`` is decoded from ``i`` by mixed-radix arithmetic, so
sampling N unique equations costs O(N) whatever the range, and the whole space
can be streamed in chunks for exhaustive evaluation.

Ground truth is exact rational arithmetic on integer arrays (int64 when the
values provably fit, Python ints otherwise), rounded half-to-even to the
configured decimals: no floats, no ``eval``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator

import numpy as np

from mathtui.config import OPERATIONS, DatasetConfig, held_out_count

_INT64_SAFE = 2**62


@dataclass(frozen=True)
class Equations:
    """A batch of equations as arrays; strings are built only when asked for.

    ``ops`` holds indices into ``"+-*/"``, one column per operator;
    ``operands`` one column per operand.
    """

    ops: np.ndarray
    operands: np.ndarray
    decimals: int = 0

    def __len__(self) -> int:
        return int(self.operands.shape[0])

    @cached_property
    def texts(self) -> list[str]:
        return chars_to_texts(*self.text_chars)

    @cached_property
    def results(self) -> list[str]:
        return chars_to_texts(*self.result_chars)

    @cached_property
    def text_chars(self) -> tuple[np.ndarray, np.ndarray]:
        """The texts as ASCII codes: ``(uint8 [n, width] NUL-padded, lengths)``."""
        return equation_chars(self.ops, self.operands)

    @cached_property
    def result_chars(self) -> tuple[np.ndarray, np.ndarray]:
        """The results as ASCII codes, like :attr:`text_chars`."""
        return result_chars(self.ops, self.operands, self.decimals)

    def take(self, index) -> "Equations":
        return Equations(self.ops[index], self.operands[index], self.decimals)


@dataclass(frozen=True)
class Dataset:
    """Disjoint train and test equations for one config."""

    train: Equations
    test: Equations


class EquationSpace:
    """Every equation a :class:`DatasetConfig` allows, numbered ``0..size-1``."""

    def __init__(self, config: DatasetConfig):
        self.config = config
        self.lo = int(config.min_value)
        self.hi = int(config.max_value)
        self.n_ops = int(config.n_ops)
        self.n_operands = self.n_ops + 1
        self.op_symbols = [c for c in OPERATIONS if c in config.operations]
        self.op_ids = [OPERATIONS.index(c) for c in self.op_symbols]
        self.patterns = list(itertools.product(self.op_ids, repeat=self.n_ops))
        width = self.hi - self.lo + 1
        zero_inside = self.lo <= 0 <= self.hi
        self._width = width
        self._zero_inside = zero_inside
        self._sizes = []  # per pattern, per operand domain size
        for pattern in self.patterns:
            sizes = [width]
            for op in pattern:
                sizes.append(width - 1 if (OPERATIONS[op] == "/" and zero_inside) else width)
            self._sizes.append(sizes)
        counts = [int(np.prod([int(s) for s in sizes], dtype=object)) for sizes in self._sizes]
        self.pattern_counts = counts
        self.size = int(sum(counts))
        self._offsets = np.cumsum([0] + counts[:-1]) if self.size < _INT64_SAFE else None

    # -- lengths -----------------------------------------------------------

    @cached_property
    def operand_width(self) -> int:
        return max(len(str(self.lo)), len(str(self.hi)))

    @cached_property
    def input_len(self) -> int:
        """Longest equation text: operands plus ' op ' between them."""
        return self.n_operands * self.operand_width + self.n_ops * 3

    @cached_property
    def result_width(self) -> int:
        """Longest result text, found at the corners of the operand box.

        Each operand appears once in the expression, so with the others fixed
        the value is ``a*x + b`` or ``a/x + b``: monotone on each side of zero.
        Its extremes therefore lie at the range ends, or at +-1 for divisors,
        and text length grows with magnitude.
        """
        plain = sorted({self.lo, self.hi})
        divisor = sorted({v for v in (self.lo, self.hi, -1, 1) if self.lo <= v <= self.hi and v != 0})
        longest = 1
        for pattern in self.patterns:
            choices = [plain] + [divisor if OPERATIONS[op] == "/" else plain for op in pattern]
            corners = np.array(list(itertools.product(*choices)), dtype=object)
            ops = np.tile(np.array(pattern, dtype=np.int8), (len(corners), 1))
            texts = result_texts(ops, corners, self.config.decimals)
            longest = max(longest, max(map(len, texts)))
        return longest

    @cached_property
    def output_len(self) -> int:
        """Result width plus the end marker."""
        return self.result_width + 1

    # -- numbering ---------------------------------------------------------

    def _values(self, k: np.ndarray, divisor: bool) -> np.ndarray:
        values = self.lo + k
        if divisor and self._zero_inside:
            values = values + (values >= 0)
        return values

    def decode(self, index: np.ndarray) -> Equations:
        """Equations numbered ``index`` (int64 array), in that order."""
        if self._offsets is None:
            raise OverflowError("space too large to number; sample instead")
        index = np.asarray(index, dtype=np.int64)
        pattern_of = np.searchsorted(self._offsets, index, side="right") - 1
        ops = np.empty((len(index), self.n_ops), dtype=np.int8)
        operands = np.empty((len(index), self.n_operands), dtype=np.int64)
        for p, pattern in enumerate(self.patterns):
            mask = pattern_of == p
            if not mask.any():
                continue
            local = index[mask] - self._offsets[p]
            ops[mask] = pattern
            sizes = self._sizes[p]
            # Last operand varies fastest, so a chunk walks b for fixed a.
            for pos in range(self.n_operands - 1, -1, -1):
                local, k = np.divmod(local, sizes[pos])
                divisor = pos > 0 and OPERATIONS[pattern[pos - 1]] == "/"
                operands[mask, pos] = self._values(k, divisor)
        return Equations(ops, operands, self.config.decimals)

    def encode(self, eq: Equations) -> np.ndarray:
        """Inverse of :meth:`decode`: the number of each equation."""
        if self._offsets is None:
            raise OverflowError("space too large to number")
        index = np.zeros(len(eq), dtype=np.int64)
        lookup = {pattern: p for p, pattern in enumerate(self.patterns)}
        pattern_ids = np.array([lookup[tuple(row)] for row in eq.ops.tolist()], dtype=np.int64) if len(eq) else np.zeros(0, np.int64)
        for p, pattern in enumerate(self.patterns):
            mask = pattern_ids == p
            if not mask.any():
                continue
            local = np.zeros(int(mask.sum()), dtype=np.int64)
            for pos in range(self.n_operands):
                values = eq.operands[mask, pos].astype(np.int64)
                k = values - self.lo
                divisor = pos > 0 and OPERATIONS[pattern[pos - 1]] == "/"
                if divisor and self._zero_inside:
                    k = k - (values > 0)
                local = local * self._sizes[p][pos] + k
            index[mask] = local + self._offsets[p]
        return index

    def chunks(self, chunk_size: int = 65536) -> Iterator[Equations]:
        """The whole space in order, ``chunk_size`` equations at a time."""
        for start in range(0, self.size, chunk_size):
            stop = min(self.size, start + chunk_size)
            yield self.decode(np.arange(start, stop, dtype=np.int64))

    # -- sampling ----------------------------------------------------------

    def sample(self, n: int, rng: np.random.Generator, balanced: bool = False,
               exclude: Equations | None = None) -> Equations:
        """``n`` distinct equations in random order, none of them in ``exclude``.

        Uniform sampling draws distinct numbers (cost O(n) for n << size).
        Balanced sampling draws each operand's digit count uniformly first;
        once a small bucket is exhausted its repeats are dropped and the other
        buckets fill the gap, so it always terminates.
        """
        available = self.size - (len(exclude) if exclude is not None else 0)
        if n > available:
            raise ValueError(f"only {available:,} equations available, {n:,} requested")
        if n == 0:
            return self.decode(np.zeros(0, np.int64)) if self._offsets is not None else self._empty()
        if self._offsets is not None and (not balanced or n * 2 > self.size):
            return self._sample_numbered(n, rng, exclude)
        return self._sample_rows(n, rng, balanced, exclude)

    def _empty(self) -> Equations:
        return Equations(np.zeros((0, self.n_ops), np.int8), np.zeros((0, self.n_operands), np.int64), self.config.decimals)

    def _sample_numbered(self, n: int, rng: np.random.Generator, exclude: Equations | None) -> Equations:
        if exclude is None or len(exclude) == 0:
            return self.decode(rng.choice(self.size, size=n, replace=False))
        banned = np.unique(self.encode(exclude))
        picked = np.zeros(0, dtype=np.int64)
        while len(picked) < n:
            want = min(self.size, int((n - len(picked)) * 1.2) + len(banned) + 16)
            if want * 2 > self.size:
                pool = np.setdiff1d(np.arange(self.size, dtype=np.int64), np.concatenate([banned, picked]))
                extra = rng.permutation(pool)[: n - len(picked)]
            else:
                draw = rng.choice(self.size, size=want, replace=False)
                draw = draw[~np.isin(draw, banned) & ~np.isin(draw, picked)]
                extra = draw[: n - len(picked)]
            picked = np.concatenate([picked, extra])
        return self.decode(picked)

    def _draw_rows(self, m: int, rng: np.random.Generator, balanced: bool) -> tuple[np.ndarray, np.ndarray]:
        pattern_ids = rng.integers(0, len(self.patterns), size=m)
        ops = np.array(self.patterns, dtype=np.int8)[pattern_ids]
        operands = np.empty((m, self.n_operands), dtype=np.int64)
        for pos in range(self.n_operands):
            divisor = np.zeros(m, dtype=bool) if pos == 0 else ops[:, pos - 1] == OPERATIONS.index("/")
            column = self._balanced_values(m, rng) if balanced else rng.integers(self.lo, self.hi + 1, size=m)
            zero = divisor & (column == 0)
            while zero.any():
                redraw = self._balanced_values(int(zero.sum()), rng) if balanced else rng.integers(self.lo, self.hi + 1, size=int(zero.sum()))
                column[zero] = redraw
                zero = divisor & (column == 0)
            operands[:, pos] = column
        return ops, operands

    def _balanced_values(self, m: int, rng: np.random.Generator) -> np.ndarray:
        """Operands whose digit count is uniform over the counts the range has."""
        buckets = []  # (lo, hi) sub-ranges of [self.lo, self.hi], grouped by digit count
        for digits in range(1, len(str(max(abs(self.lo), abs(self.hi)))) + 1):
            mag_lo = 0 if digits == 1 else 10 ** (digits - 1)
            mag_hi = 10**digits - 1
            parts = []
            for a, b in ((mag_lo, mag_hi), (-mag_hi, -max(mag_lo, 1))):
                a, b = max(a, self.lo), min(b, self.hi)
                if a <= b:
                    parts.append((a, b))
            if parts:
                buckets.append(parts)
        bucket_of = rng.integers(0, len(buckets), size=m)
        out = np.empty(m, dtype=np.int64)
        for i, parts in enumerate(buckets):
            mask = bucket_of == i
            count = int(mask.sum())
            if not count:
                continue
            widths = np.array([b - a + 1 for a, b in parts], dtype=np.int64)
            u = rng.integers(0, int(widths.sum()), size=count)
            first = u < widths[0]
            values = np.where(first, parts[0][0] + u, 0)
            if len(parts) > 1:
                values = np.where(first, values, parts[1][0] + (u - widths[0]))
            out[mask] = values
        return out

    def _sample_rows(self, n: int, rng: np.random.Generator, balanced: bool, exclude: Equations | None) -> Equations:
        def keys(ops: np.ndarray, operands: np.ndarray) -> np.ndarray:
            rows = np.concatenate([ops.astype(np.int64), operands], axis=1)
            return np.ascontiguousarray(rows).view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()

        banned = keys(exclude.ops, exclude.operands) if exclude is not None and len(exclude) else None
        ops_parts, operand_parts, key_parts = [], [], []
        have = 0
        stalls = 0
        while have < n:
            m = max(1024, int((n - have) * 1.3))
            use_balance = balanced and stalls < 8
            ops, operands = self._draw_rows(m, rng, use_balance)
            k = keys(ops, operands)
            all_keys = np.concatenate(key_parts + [k]) if key_parts else k
            _, first = np.unique(all_keys, return_index=True)
            fresh = np.zeros(len(all_keys), dtype=bool)
            fresh[first] = True
            fresh = fresh[len(all_keys) - len(k):]
            if banned is not None:
                fresh &= ~np.isin(k, banned)
            gained = int(fresh.sum())
            stalls = stalls + 1 if gained < m // 20 else 0
            take = np.flatnonzero(fresh)[: n - have]
            ops_parts.append(ops[take])
            operand_parts.append(operands[take])
            key_parts.append(k[take])
            have += len(take)
        return Equations(np.concatenate(ops_parts), np.concatenate(operand_parts), self.config.decimals)


def make_dataset(config: DatasetConfig) -> Dataset:
    """The train/test split for ``config``; identical for identical configs."""
    space = EquationSpace(config)
    rng = np.random.default_rng(config.seed)
    every = space.sample(config.examples, rng, balanced=config.balanced)
    order = rng.permutation(len(every))
    n_test = held_out_count(config.examples, config.test_split)
    return Dataset(train=every.take(order[n_test:]), test=every.take(order[:n_test]))


# -- ground truth ------------------------------------------------------------


def _needs_objects(ops: np.ndarray, operands: np.ndarray, decimals: int) -> bool:
    if operands.dtype == object:
        return True
    if operands.size == 0:
        return False
    m = int(np.abs(operands).max()) + 1
    k = operands.shape[1]
    used = set(np.unique(ops).tolist()) if ops.size else set()
    if OPERATIONS.index("/") in used:
        bound = m ** (2 * k) * k * 10 ** (decimals + 1)
    elif OPERATIONS.index("*") in used:
        bound = m**k * k * 10 ** (decimals + 1)
    else:
        bound = m * k * 10 ** (decimals + 1)
    return bound >= _INT64_SAFE


def exact_values(ops: np.ndarray, operands: np.ndarray, decimals: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Each equation's value as an exact fraction ``num / den`` (den > 0).

    Python precedence: ``*`` and ``/`` bind tighter than ``+`` and ``-``, all
    left-associative.  Rows are grouped by operator pattern so each group is a
    handful of whole-array operations.
    """
    dtype = object if _needs_objects(ops, operands, decimals) else np.int64
    operands = operands.astype(dtype)
    n = operands.shape[0]
    num = np.zeros(n, dtype=dtype)
    den = np.ones(n, dtype=dtype)
    if n == 0:
        return num, den
    patterns, inverse = _pattern_groups(ops)
    for p, pattern in enumerate(patterns):
        mask = inverse == p if len(patterns) > 1 else slice(None)
        cols = operands[mask]
        rows = cols.shape[0]
        total_n = np.zeros(rows, dtype=dtype)
        total_d = np.ones(rows, dtype=dtype)
        term_n, term_d = cols[:, 0].copy(), np.ones(rows, dtype=dtype)
        sign = 1
        for j, op in enumerate(pattern.tolist()):
            x = cols[:, j + 1]
            symbol = OPERATIONS[op]
            if symbol == "*":
                term_n = term_n * x
            elif symbol == "/":
                term_n, term_d = term_n * np.sign(x), term_d * np.abs(x)
            else:
                total_n, total_d = total_n * term_d + sign * term_n * total_d, total_d * term_d
                sign = 1 if symbol == "+" else -1
                term_n, term_d = x.copy(), np.ones(rows, dtype=dtype)
        num[mask] = total_n * term_d + sign * term_n * total_d
        den[mask] = total_d * term_d
    return num, den


def _pattern_groups(ops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct operator rows (sorted, as ``np.unique(axis=0)``) and each row's group.

    Rows of small operator indices are packed into one integer key, so the
    grouping is a 1-D unique instead of a sort of row views.
    """
    if ops.shape[1] == 0:
        return np.zeros((1, 0), dtype=ops.dtype), np.zeros(ops.shape[0], dtype=np.intp)
    base = len(OPERATIONS)
    key = np.zeros(ops.shape[0], dtype=np.int64)
    for j in range(ops.shape[1]):
        key = key * base + ops[:, j].astype(np.int64)
    first = ops[0:1]
    if (key == key[0]).all():  # one pattern: the common case
        return first.copy(), np.zeros(ops.shape[0], dtype=np.intp)
    uniq, index, inverse = np.unique(key, return_index=True, return_inverse=True)
    return ops[index], inverse.reshape(-1)


def rounded(num: np.ndarray, den: np.ndarray, decimals: int) -> np.ndarray:
    """``num/den`` scaled by ``10**decimals`` and rounded half to even."""
    scaled = num * (10**decimals)
    q = scaled // den
    r = scaled - q * den
    twice = 2 * r
    up = (twice > den) | ((twice == den) & (q % 2 == 1))
    return q + up


def format_scaled(values, decimals: int) -> list[str]:
    """Integers scaled by ``10**decimals`` -> result strings, e.g. 314 -> '3.14'."""
    if decimals == 0:
        return [str(v) for v in values.tolist()]
    unit = 10**decimals
    out = []
    for v in values.tolist():
        whole, frac = divmod(abs(v), unit)
        out.append(f"{'-' if v < 0 else ''}{whole}.{frac:0{decimals}d}")
    return out


def result_texts(ops: np.ndarray, operands: np.ndarray, decimals: int = 0) -> list[str]:
    """The true result of each equation as the model should write it."""
    num, den = exact_values(ops, operands, decimals)
    return format_scaled(rounded(num, den, decimals), decimals)


def equation_texts(ops: np.ndarray, operands: np.ndarray) -> list[str]:
    """``'31 + 87'``-style texts: one space either side of each operator."""
    k = operands.shape[1]
    cols = [operands[:, j].tolist() for j in range(k)]
    if k == 2:
        symbols = np.array(list(OPERATIONS))[ops[:, 0]].tolist()
        return [f"{a} {o} {b}" for a, o, b in zip(cols[0], symbols, cols[1])]
    sym_cols = [np.array(list(OPERATIONS))[ops[:, j]].tolist() for j in range(k - 1)]
    out = []
    for i in range(operands.shape[0]):
        parts = [str(cols[0][i])]
        for j in range(k - 1):
            parts.append(sym_cols[j][i])
            parts.append(str(cols[j + 1][i]))
        out.append(" ".join(parts))
    return out


# -- text as character arrays -----------------------------------------------
#
# Texts are built digit by digit as uint8 ASCII matrices (one row per
# equation, NUL-padded on the right), which the codec turns into ids without
# any Python string.  ``texts``/``results`` decode the same matrices, so both
# paths spell every equation the same way as the f-strings above.

_DIGIT_CODES = np.frombuffer(b"0123456789", dtype=np.uint8)
_OP_CODES = np.frombuffer(OPERATIONS.encode("ascii"), dtype=np.uint8)
_MINUS, _SPACE, _POINT = ord("-"), ord(" "), ord(".")


def _digit_count(mag: np.ndarray) -> np.ndarray:
    out = np.ones(mag.shape, dtype=np.int64)
    threshold = 10
    while threshold <= _INT64_SAFE:
        more = mag >= threshold
        if not more.any():
            break
        out += more
        threshold *= 10
    return out


class _Rows:
    """Ragged ASCII rows assembled field by field (column scatter, no Python loop over rows)."""

    def __init__(self, n: int, width: int):
        self.n = n
        self.width = width
        self.codes = np.zeros((n, width + 1), dtype=np.uint8)  # last column is a sink
        self.length = np.zeros(n, dtype=np.int64)
        self._rows = np.arange(n)

    def put(self, column: np.ndarray | int, where: np.ndarray | None = None) -> None:
        """Append one character per row (only where ``where`` is true)."""
        if where is None:
            self.codes[self._rows, self.length] = column
            self.length += 1
        else:
            self.codes[self._rows, np.where(where, self.length, self.width)] = column
            self.length += where

    def put_digits(self, mag: np.ndarray, digits: np.ndarray | None = None, fixed: int | None = None) -> None:
        """Append the decimal digits of non-negative ``mag`` (exactly ``fixed`` digits, zero padded, if given)."""
        count = np.full(self.n, fixed, dtype=np.int64) if fixed is not None else (_digit_count(mag) if digits is None else digits)
        most = int(count.max()) if self.n else 0
        rest = mag.copy()
        for k in range(most):  # k-th digit from the right
            rest, digit = np.divmod(rest, 10)
            pos = np.where(count > k, self.length + count - 1 - k, self.width)
            self.codes[self._rows, pos] = _DIGIT_CODES[digit]
        self.length += count

    def put_int(self, values: np.ndarray) -> None:
        neg = values < 0
        if neg.any():
            self.put(_MINUS, neg)
        self.put_digits(np.abs(values))

    def done(self) -> tuple[np.ndarray, np.ndarray]:
        return self.codes[:, : self.width], self.length


def _width_of(values: np.ndarray) -> int:
    if values.size == 0:
        return 1
    return int(_digit_count(np.abs(values)).max()) + int((values < 0).any())


def equation_chars(ops: np.ndarray, operands: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`equation_texts` as ``(uint8 codes [n, width], lengths)``."""
    n, k = operands.shape
    if operands.dtype == object:
        return texts_to_chars(equation_texts(ops, operands))
    width = sum(_width_of(operands[:, j]) for j in range(k)) + 3 * (k - 1)
    rows = _Rows(n, width)
    for j in range(k):
        if j:
            rows.put(_SPACE)
            rows.put(_OP_CODES[ops[:, j - 1]])
            rows.put(_SPACE)
        rows.put_int(operands[:, j])
    return rows.done()


def result_chars(ops: np.ndarray, operands: np.ndarray, decimals: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """:func:`result_texts` as ``(uint8 codes [n, width], lengths)``."""
    num, den = exact_values(ops, operands, decimals)
    values = rounded(num, den, decimals)
    if values.dtype == object:
        return texts_to_chars(format_scaled(values, decimals))
    n = len(values)
    if decimals == 0:
        rows = _Rows(n, _width_of(values))
        rows.put_int(values)
        return rows.done()
    unit = 10**decimals
    whole, frac = np.divmod(np.abs(values), unit)
    neg = values < 0
    rows = _Rows(n, _width_of(whole) + int(neg.any()) + 1 + decimals)
    if neg.any():
        rows.put(_MINUS, neg)
    rows.put_digits(whole)
    rows.put(_POINT)
    rows.put_digits(frac, fixed=decimals)
    return rows.done()


def texts_to_chars(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Python strings -> ``(uint8 codes [n, width], lengths)`` (the object-dtype path)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    width = max(1, int(lengths.max()) if len(texts) else 1)
    raw = np.array(texts, dtype=f"S{width}") if texts else np.zeros(0, dtype=f"S{width}")
    return raw.view(np.uint8).reshape(len(texts), width), lengths


def chars_to_texts(codes: np.ndarray, lengths: np.ndarray | None = None) -> list[str]:
    """``(uint8 codes, lengths)`` -> Python strings (NUL padding dropped)."""
    if codes.shape[0] == 0:
        return []
    return np.ascontiguousarray(codes).view(f"S{codes.shape[1]}").ravel().astype(str).tolist()
