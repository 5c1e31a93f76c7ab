"""Asking a model: one equation for the calculator, or millions for evaluation.

``model.predict`` rebuilds a data pipeline on every call (tens of ms for one
equation).  A ``tf.function`` over ``model(x, training=False)`` with a fixed
input signature is traced once and then costs well under a millisecond; the
argmax and its probability are taken inside the graph, so a million rows
cross back as two small arrays instead of a million probability matrices.

For the article's network (one-hot -> BiLSTM encoder -> RepeatVector ->
BiLSTM decoder -> per-step softmax) the graph is :class:`_Seq2SeqKernel`: the
same cell arithmetic, op for op, on the model's own variables, minus work
whose result is known in advance -- the one-hot input projection is a row
lookup, the decoder's repeated input is projected once instead of once per
step, and for large batches encoder states are computed once per distinct
input prefix (suffix, for the backward direction) and shared.  Predictions
are the same ids and probabilities as ``model(x)``; anything else (batch
norm, custom layers) runs through ``model(x)`` as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathtui.config import DatasetConfig
from mathtui.encoding import VOCAB_SIZE, Codec
from mathtui.evaluator import EquationError, Parsed, evaluate, parse

LOW_CONFIDENCE = 0.9
SHARE_MIN_ROWS = 512  # below this, planning shared prefixes costs more than it saves


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

        kernel = _Seq2SeqKernel.build(model, input_len)
        self._kernel = kernel
        forward = kernel.forward if kernel is not None else (lambda x: model(x, training=False))

        @t.function(input_signature=spec)
        def probs(x):
            return forward(x)

        @t.function(input_signature=spec)
        def best(x):
            p = forward(x)
            return t.argmax(p, axis=-1, output_type=t.int32), t.reduce_max(p, axis=-1)

        self._tf = t
        self._probs = probs
        self._best = best
        self._best_small = None
        self._best_shared = None
        if kernel is not None and kernel.can_share:
            shared_spec = [t.TensorSpec((None,), t.int32)] * kernel.shared_arity

            @t.function(input_signature=shared_spec)
            def best_shared(*flat):
                p = kernel.forward_shared(flat)
                return t.argmax(p, axis=-1, output_type=t.int32), t.reduce_max(p, axis=-1)

            self._best_shared = best_shared

    # -- arrays ------------------------------------------------------------

    def probabilities(self, ids: np.ndarray, batch_size: int = 8192) -> np.ndarray:
        parts = [self._probs(np.asarray(ids[i : i + batch_size], dtype=np.int32)).numpy() for i in range(0, len(ids), batch_size)]
        return np.concatenate(parts) if parts else np.zeros((0, self.output_len, 0), np.float32)

    def best(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Argmax ids and their probabilities for one batch of input ids."""
        ids = np.asarray(ids, dtype=np.int32)
        if self._best_shared is not None and len(ids) >= SHARE_MIN_ROWS:
            out_ids, conf = self._best_shared(*self._kernel.share_plan(ids))
        else:
            if self._best_small is None:
                # The traced graph itself: skips tf.function's argument binding (~0.5 ms a query).
                self._best_small = self._best.get_concrete_function()
            out_ids, conf = self._best_small(self._tf.constant(ids))
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


# -- the seq2seq kernel ----------------------------------------------------------


class _Direction:
    """One LSTM direction: the cell's own variables and activations."""

    def __init__(self, layer):
        cell = layer.cell
        self.kernel, self.recurrent, self.bias = cell.kernel, cell.recurrent_kernel, cell.bias
        self.act, self.ract = cell.activation, cell.recurrent_activation
        self.units = int(cell.units)

    def step(self, xw, h, c):
        """Keras' LSTMCell (implementation 2), given ``xw = x @ kernel``.

        ``h``/``c`` None is the zero initial state: ``h @ U`` and ``f * c`` are
        then exact zeros and are left out (adding an exact zero changes nothing).
        """
        from mathtui.engine.runtime import tf

        t = tf()
        z = xw if h is None else t.add(xw, t.matmul(h, self.recurrent))
        z = t.add(z, self.bias)
        z0, z1, z2, z3 = t.split(z, 4, axis=1)
        i = self.ract(z0)
        f = self.ract(z1)
        c = i * self.act(z2) if c is None else f * c + i * self.act(z2)
        o = self.ract(z3)
        return o * self.act(c), c


class _Seq2SeqKernel:
    """The article's network evaluated without the work whose answer is known.

    Built only for exactly the layer stack :func:`mathtui.engine.model.build_model`
    makes (dropout is the identity at inference); ``build`` returns None for
    anything else and the caller uses ``model(x)``.
    """

    def __init__(self, table, encoder, decoder, output_len, head):
        self.table = table  # the frozen one-hot: a row lookup, not a matmul
        self.encoder = encoder  # [(forward, backward)] per layer
        self.decoder = decoder
        self.output_len = output_len
        self.head = head  # the TimeDistributed softmax layer itself
        self.input_len = 0

    @classmethod
    def build(cls, model, input_len: int) -> "_Seq2SeqKernel | None":
        try:
            return cls._build(model, input_len)
        except Exception:  # noqa: BLE001 -- any surprise: use the model as is
            return None

    @classmethod
    def _build(cls, model, input_len: int):
        names = [type(layer).__name__ for layer in model.layers]
        layers = [layer for layer, name in zip(model.layers, names) if name not in ("InputLayer", "Dropout")]
        kinds = [type(layer).__name__ for layer in layers]
        if not kinds or kinds[0] != "Embedding" or kinds[-1] != "TimeDistributed" or "RepeatVector" not in kinds:
            return None
        cut = kinds.index("RepeatVector")
        enc, dec = layers[1:cut], layers[cut + 1 : -1]
        if not enc or not dec or any(k != "Bidirectional" for k in kinds[1:cut] + kinds[cut + 1 : -1]):
            return None
        embedding = layers[0].embeddings
        eye = np.eye(embedding.shape[0], embedding.shape[1], dtype=np.float32)
        if layers[0].trainable or not np.array_equal(embedding.numpy(), eye):
            return None

        def pair(layer, sequences: bool):
            f, b = layer.forward_layer, layer.backward_layer
            ok = (
                layer.merge_mode == "concat" and type(f).__name__ == "LSTM" and type(b).__name__ == "LSTM"
                and not f.go_backwards and b.go_backwards and f.return_sequences == sequences == b.return_sequences
                and not f.return_state and not f.stateful and not f.unroll and f.cell.implementation == 2
                and f.cell.use_bias and b.cell.use_bias and f.cell.implementation == b.cell.implementation
                and getattr(f, "dtype_policy", None) is not None and f.compute_dtype == "float32"
            )
            if not ok:
                raise ValueError("not the plain seq2seq stack")
            return _Direction(f), _Direction(b)

        encoder = [pair(layer, i < len(enc) - 1) for i, layer in enumerate(enc)]
        decoder = [pair(layer, True) for layer in dec]
        head = layers[-1]
        if type(head.layer).__name__ != "Dense":
            return None
        kernel = cls(embedding, encoder, decoder, int(layers[cut].n), head)
        kernel.input_len = input_len
        return kernel

    # -- full batch --------------------------------------------------------

    @property
    def can_share(self) -> bool:
        return len(self.encoder) == 1

    def _run(self, d: _Direction, inputs, reverse: bool):
        """All states of one direction over per-step projected inputs."""
        order = range(len(inputs) - 1, -1, -1) if reverse else range(len(inputs))
        h = c = None
        out = [None] * len(inputs)
        for t in order:
            h, c = d.step(inputs[t], h, c)
            out[t] = h
        return out

    def _first_layer_inputs(self, d: _Direction, x):
        from mathtui.engine.runtime import tf

        t = tf()
        table = t.matmul(self.table, d.kernel)  # identity @ W == W, exactly
        return [t.gather(table, x[:, i]) for i in range(self.input_len)]

    def _project(self, d: _Direction, seq):
        from mathtui.engine.runtime import tf

        return [tf().matmul(s, d.kernel) for s in seq]

    def forward(self, x):
        from mathtui.engine.runtime import tf

        t = tf()
        seq = None
        encoded = None
        for depth, (fwd, bwd) in enumerate(self.encoder):
            last = depth == len(self.encoder) - 1
            fin = self._first_layer_inputs(fwd, x) if depth == 0 else self._project(fwd, seq)
            bin_ = self._first_layer_inputs(bwd, x) if depth == 0 else self._project(bwd, seq)
            hf = self._run(fwd, fin, reverse=False)
            hb = self._run(bwd, bin_, reverse=True)
            if last:
                # return_sequences=False: forward's last output, backward's after reading x[0].
                encoded = t.concat([hf[-1], hb[0]], axis=-1)
            else:
                seq = [t.concat([a, b], axis=-1) for a, b in zip(hf, hb)]
        return self._decode(encoded)

    def _decode(self, encoded):
        from mathtui.engine.runtime import tf

        t = tf()
        seq = None
        for depth, (fwd, bwd) in enumerate(self.decoder):
            if depth == 0:
                # RepeatVector: the same input every step, so project it once.
                xf, xb = t.matmul(encoded, fwd.kernel), t.matmul(encoded, bwd.kernel)
                fin, bin_ = [xf] * self.output_len, [xb] * self.output_len
            else:
                fin, bin_ = self._project(fwd, seq), self._project(bwd, seq)
            hf = self._run(fwd, fin, reverse=False)
            hb = self._run(bwd, bin_, reverse=True)
            seq = [t.concat([a, b], axis=-1) for a, b in zip(hf, hb)]
        return self.head(t.stack(seq, axis=1), training=False)

    # -- shared prefixes ---------------------------------------------------

    @property
    def shared_arity(self) -> int:
        # per direction: one char array per step, one parent array per later step, the row map
        return 2 * (2 * self.input_len)

    def share_plan(self, ids: np.ndarray) -> list[np.ndarray]:
        """Distinct prefixes (forward) and suffixes (backward) of the input rows.

        For step ``t`` in reading order: ``chars[t]`` the id each distinct
        prefix ends in and ``parents[t]`` which distinct prefix of step ``t-1``
        it extends; ``rows`` maps each input row to its full prefix.
        """
        flat: list[np.ndarray] = []
        width = np.int64(max(VOCAB_SIZE, int(ids.max()) + 1 if ids.size else 1))
        for order in (range(ids.shape[1]), range(ids.shape[1] - 1, -1, -1)):
            chars, parents = [], []
            uid = None
            for t in order:
                col = ids[:, t].astype(np.int64)
                key = col if uid is None else uid * width + col
                uniq, uid = np.unique(key, return_inverse=True)
                uid = uid.reshape(-1)
                chars.append((uniq % width).astype(np.int32))
                if len(chars) > 1:
                    parents.append((uniq // width).astype(np.int32))
            flat += chars + parents + [uid.astype(np.int32)]
        return flat

    def forward_shared(self, flat):
        from mathtui.engine.runtime import tf

        t = tf()
        n = self.input_len
        (fwd, bwd), = self.encoder
        finals = []
        for k, d in enumerate((fwd, bwd)):
            part = flat[k * 2 * n : (k + 1) * 2 * n]
            chars, parents, rows = part[:n], part[n : 2 * n - 1], part[2 * n - 1]
            table = t.matmul(self.table, d.kernel)
            h = c = None
            for step in range(n):
                xw = t.gather(table, chars[step])
                if step:
                    h, c = t.gather(h, parents[step - 1]), t.gather(c, parents[step - 1])
                h, c = d.step(xw, h, c)
            finals.append(t.gather(h, rows))
        return self._decode(t.concat(finals, axis=-1))
