"""Asking a model: one equation for the calculator, or millions for evaluation.

``model.predict`` rebuilds a data pipeline on every call (tens of ms for one
equation).  A ``tf.function`` over ``model(x, training=False)`` with a fixed
input signature is traced once and then costs well under a millisecond; the
argmax and its probability are taken inside the graph, so a million rows
cross back as two small arrays instead of a million probability matrices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathtui.config import DatasetConfig
from mathtui.encoding import Codec
from mathtui.evaluator import EquationError, Parsed, evaluate, parse

LOW_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Prediction:
    """What the calculator shows for one query."""

    query: str
    equation: str | None = None  # canonical text the model read
    prediction: str | None = None
    truth: str | None = None
    confidence: tuple[float, ...] = ()
    error: str | None = None
    outside: str | None = None  # why this is outside what the model was trained on

    @property
    def correct(self) -> bool | None:
        if self.error is not None:
            return None
        return self.prediction == self.truth

    @property
    def low_confidence(self) -> tuple[int, ...]:
        """Positions (in the displayed answer) the model was unsure of."""
        return tuple(i for i, c in enumerate(self.confidence) if c < LOW_CONFIDENCE)

    def to_json(self) -> dict:
        return {
            "equation": self.equation if self.equation is not None else self.query,
            "prediction": self.prediction,
            "truth": self.truth,
            "correct": self.correct,
            "confidence": [round(c, 6) for c in self.confidence],
            "outside_training": self.outside,
            "error": self.error,
        }


class Predictor:
    """A loaded Keras model plus what it needs to read and write text."""

    def __init__(self, model, dataset: DatasetConfig, input_len: int, output_len: int):
        from mathtui.engine.runtime import tf

        t = tf()
        self.model = model
        self.dataset = dataset
        self.input_len = input_len
        self.output_len = output_len
        self.codec = Codec(input_len, output_len, dataset.reverse)
        spec = [t.TensorSpec((None, input_len), t.int32)]

        @t.function(input_signature=spec)
        def probs(x):
            return model(x, training=False)

        @t.function(input_signature=spec)
        def best(x):
            p = model(x, training=False)
            return t.argmax(p, axis=-1, output_type=t.int32), t.reduce_max(p, axis=-1)

        self._probs = probs
        self._best = best

    # -- arrays ------------------------------------------------------------

    def probabilities(self, ids: np.ndarray, batch_size: int = 8192) -> np.ndarray:
        parts = [self._probs(np.asarray(ids[i : i + batch_size], dtype=np.int32)).numpy() for i in range(0, len(ids), batch_size)]
        return np.concatenate(parts) if parts else np.zeros((0, self.output_len, 0), np.float32)

    def best(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Argmax ids and their probabilities for one batch of input ids."""
        out_ids, conf = self._best(np.asarray(ids, dtype=np.int32))
        return out_ids.numpy(), conf.numpy()

    # -- text --------------------------------------------------------------

    def check(self, query: str) -> tuple[Parsed, str | None]:
        """Parse a query and check it is one this model can read at all."""
        parsed = parse(query)
        trained = self.dataset.operations
        foreign = sorted({op for op in parsed.ops if op not in trained}, key="+-*/".index)
        if foreign:
            raise EquationError(f"this model was not trained on {' '.join(foreign)}; it knows {' '.join(trained)}")
        if len(parsed.ops) != self.dataset.n_ops:
            n = self.dataset.n_ops
            raise EquationError(f"this model reads equations with {n} operator{'s' if n > 1 else ''}, not {len(parsed.ops)}")
        text = parsed.text
        if len(text) > self.input_len:
            raise EquationError(f"too long for this model: {len(text)} characters, it reads at most {self.input_len}")
        outside = None
        lo, hi = self.dataset.min_value, self.dataset.max_value
        if any(not lo <= v <= hi for v in parsed.operands):
            outside = f"operands outside {lo}..{hi}, the range it was trained on"
        return parsed, outside

    def predict(self, query: str) -> Prediction:
        return self.predict_many([query])[0]

    def predict_many(self, queries: list[str]) -> list[Prediction]:
        """Every query answered; bad ones carry their error, the rest still run."""
        results: list[Prediction | None] = [None] * len(queries)
        good: list[tuple[int, Parsed, str | None, str]] = []
        for i, query in enumerate(queries):
            try:
                parsed, outside = self.check(query)
                truth = evaluate(parsed, self.dataset.decimals)
            except EquationError as exc:
                results[i] = Prediction(query=query, error=str(exc))
                continue
            if len(truth) > self.output_len - 1:
                outside = (outside + "; " if outside else "") + f"the true result has {len(truth)} characters, the model writes at most {self.output_len - 1}"
            good.append((i, parsed, outside, truth))
        if good:
            ids = self.codec.encode_inputs([p.text for _, p, _, _ in good])
            out_ids, conf = self.best(ids)
            for (i, parsed, outside, truth), decoded in zip(good, self.codec.decode(out_ids, conf)):
                results[i] = Prediction(
                    query=queries[i], equation=parsed.text, prediction=decoded.text, truth=truth,
                    confidence=decoded.confidence, outside=outside,
                )
        return results  # type: ignore[return-value]
