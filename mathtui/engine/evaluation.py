"""Evaluation: exact-match over a fresh sample or the whole equation space.

The space is streamed in chunks (numbered equations -> ids -> model -> argmax),
so memory stays flat however large it is; only mistakes become Python objects.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from mathtui.encoding import Codec
from mathtui.engine.events import EvaluationFinished, EvaluationProgress, EventSink, ignore
from mathtui.engine.training import exact_rows
from mathtui.equations import Equations, EquationSpace, make_dataset
from mathtui.mistakes import MAX_RECORDS, Analysis, Mistake, digit_counts, wrong_positions

MAX_EXHAUSTIVE = 2_000_000
CHUNK = 32_768


class EvaluationError(ValueError):
    """An evaluation that cannot be run as asked (one-line message)."""


@dataclass
class EvaluationResult:
    model: str
    n: int = 0
    correct: int = 0
    char_correct: int = 0
    char_total: int = 0
    space_size: int = 0
    exhaustive: bool = False
    seconds: float = 0.0
    status: str = "completed"
    message: str = ""
    mistakes: list[Mistake] = field(default_factory=list)
    mistakes_total: int = 0
    analysis: Analysis | None = None

    @property
    def exact_match(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def char_accuracy(self) -> float:
        return self.char_correct / self.char_total if self.char_total else 0.0

    def to_json(self) -> dict:
        return {
            "model": self.model,
            "n": self.n,
            "exact_match": self.exact_match,
            "char_accuracy": self.char_accuracy,
            "mistakes": self.mistakes_total,
            "space_size": self.space_size,
            "exhaustive": self.exhaustive,
            "seconds": round(self.seconds, 3),
            "status": self.status,
            "breakdown": self.analysis.to_json() if self.analysis else None,
        }


def plan(space: EquationSpace, sample: int | None, exhaustive: bool) -> None:
    if exhaustive and space.size > MAX_EXHAUSTIVE:
        raise EvaluationError(f"the space holds {space.size:,} equations; --all is limited to {MAX_EXHAUSTIVE:,} (use --sample N)")
    if sample is not None and sample < 1:
        raise EvaluationError("--sample must be at least 1")


def evaluate(
    loaded,
    sample: int | None = 20_000,
    exhaustive: bool = False,
    on_event: EventSink | None = None,
    cancel: threading.Event | None = None,
    seed: int = 12345,
    max_records: int = MAX_RECORDS,
) -> EvaluationResult:
    """Evaluate a :class:`~mathtui.engine.store.LoadedModel`.

    ``exhaustive`` checks every equation of the model's space; otherwise
    ``sample`` fresh equations (never in its training or test set) are drawn.
    """
    sink = on_event or ignore
    cancel = cancel or threading.Event()
    predictor = loaded.predictor
    dataset = predictor.dataset
    space = EquationSpace(dataset)
    plan(space, sample, exhaustive)
    started = time.perf_counter()
    result = EvaluationResult(model=loaded.name, space_size=space.size, exhaustive=exhaustive)
    result.analysis = Analysis.for_space(space.n_operands, dataset.operations, dataset.min_value, dataset.max_value)
    if exhaustive:
        total = space.size
        chunks = space.chunks(CHUNK)
    else:
        seen = make_dataset(dataset)
        seen_all = Equations(np.concatenate([seen.train.ops, seen.test.ops]), np.concatenate([seen.train.operands, seen.test.operands]), dataset.decimals)
        total = min(sample or 0, space.size - len(seen_all))
        if total <= 0:
            raise EvaluationError("every equation of this space was used in training; use --all")
        fresh = space.sample(total, np.random.default_rng(seed), exclude=seen_all)
        chunks = (fresh.take(slice(i, i + CHUNK)) for i in range(0, total, CHUNK))
    codec = predictor.codec
    try:
        for chunk in chunks:
            if cancel.is_set():
                result.status = "stopped"
                break
            _check_chunk(chunk, codec, predictor, result, max_records, cancel)
            sink(EvaluationProgress(result.n, total, time.perf_counter() - started))
    except Exception as exc:  # noqa: BLE001 -- reported to the caller as a status
        result.status = "failed"
        result.message = f"{type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - started
    if result.status == "stopped":
        result.message = f"stopped after {result.n:,} of {total:,} equations"
    elif result.status == "completed":
        result.message = f"{result.n:,} equations, {result.mistakes_total:,} wrong"
    sink(EvaluationFinished(result.status, result.message, result.n, result.seconds))
    return result


def _check_chunk(chunk: Equations, codec: Codec, predictor, result: EvaluationResult, max_records: int, cancel: threading.Event) -> None:
    # Ids straight from the digit arrays; strings are built only for mistakes.
    x = codec.encode_inputs(chunk)
    y = codec.encode_outputs(chunk)
    pred = np.empty_like(y)
    conf = np.empty(y.shape, dtype=np.float32)
    step = 8192
    for i in range(0, len(x), step):
        if cancel.is_set():
            # Count only what was checked.
            chunk, x, y, pred, conf = chunk.take(slice(0, i)), x[:i], y[:i], pred[:i], conf[:i]
            break
        pred[i : i + step], conf[i : i + step] = predictor.best(x[i : i + step])
    right = exact_rows(pred, y)
    result.n += len(x)
    result.correct += int(right.sum())
    result.char_correct += int((pred == y).sum())
    result.char_total += int(y.size)
    carries = result.analysis.add_chunk(chunk.operands, chunk.ops, ~right)
    wrong = np.flatnonzero(~right)
    result.mistakes_total += len(wrong)
    room = max(0, max_records - len(result.mistakes))
    if not len(wrong):
        return
    # Every mistake is counted in the breakdowns (vectorised); only the first
    # ``room`` become records, and only their rows are spelled out in full.
    bad = chunk.take(wrong)
    expected = bad.results
    predicted = codec.decode_ids(pred[wrong])
    errors = result.analysis.add_mistakes(predicted, expected)
    keep = min(room, len(wrong))
    if not keep:
        return
    decoded = codec.decode(pred[wrong[:keep]], conf[wrong[:keep]])
    texts = bad.take(slice(0, keep)).texts
    digits = digit_counts(bad.operands[:keep])
    operands = bad.operands[:keep].tolist()
    for k, (row, d) in enumerate(zip(wrong[:keep].tolist(), decoded)):
        error = errors[k]
        result.mistakes.append(Mistake(
            equation=texts[k],
            predicted=d.text,
            expected=expected[k],
            error=None if np.isnan(error) else float(error),
            wrong_positions=wrong_positions(d.text, expected[k]),
            lowest_confidence=d.lowest,
            confidence=d.confidence,
            operands=tuple(operands[k]),
            operand_digits=tuple(digits[k].tolist()),
            carries=None if carries is None else int(carries[row]),
        ))
