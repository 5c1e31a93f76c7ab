"""Training with a live event stream, cancel within one batch, best-checkpoint.

``train`` is synchronous and thread-agnostic: the CLI calls it on the main
thread with a Rich sink, the TUI in a thread worker with a sink that posts
Textual messages.  Cancel is a ``threading.Event`` polled after every batch;
Keras checks ``model.stop_training`` between batches, so a stop lands within
one batch.  Validation is done here rather than by ``fit(validation_data=)``
because the headline metric, exact-match, needs whole decoded answers, and
computing loss and accuracy from the same pass avoids predicting twice.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from mathtui.config import RunConfig
from mathtui.encoding import Codec
from mathtui.engine.events import (
    BatchProgress,
    EpochEnd,
    EventSink,
    ExamplePrediction,
    Examples,
    TrainingFinished,
    TrainingStarted,
    ignore,
)
from mathtui.equations import Dataset, EquationSpace, make_dataset

EXAMPLES_PER_EPOCH = 8
TRAIN_EXACT_SAMPLE = 2_000  # training exact-match is measured on this many (shuffled) rows
PROGRESS_INTERVAL_S = 0.1
PLATEAU_PATIENCE = 3
PLATEAU_FACTOR = 0.5


@dataclass
class TrainResult:
    """What a run produced.  ``model`` holds the best weights, or is None."""

    config: RunConfig
    status: str
    message: str
    model: Any = None
    input_len: int = 0
    output_len: int = 0
    history: list[EpochEnd] = field(default_factory=list)
    best_epoch: int = 0
    seconds: float = 0.0
    device: str = ""
    train_size: int = 0
    test_size: int = 0

    @property
    def saveable(self) -> bool:
        return self.model is not None and self.status != "failed"

    @property
    def best(self) -> EpochEnd | None:
        return next((e for e in self.history if e.epoch == self.best_epoch), None)

    def metrics(self) -> dict[str, float]:
        best = self.best
        if best is None:
            return {}
        return {
            "val_exact_match": best.val_exact_match,
            "val_char_accuracy": best.val_char_accuracy,
            "val_loss": best.val_loss,
            "loss": best.loss,
            "char_accuracy": best.char_accuracy,
            "best_epoch": best.epoch,
        }

    def history_dicts(self) -> list[dict[str, Any]]:
        return [asdict(e) for e in self.history]


def val_metrics(probs: np.ndarray, targets: np.ndarray, codec: Codec) -> tuple[float, float, float, np.ndarray]:
    """Loss, character accuracy and exact-match of probabilities against targets."""
    picked = np.take_along_axis(probs, targets[..., None].astype(np.int64), axis=-1)[..., 0]
    loss = float(-np.log(np.clip(picked, 1e-7, 1.0)).mean())
    ids = probs.argmax(axis=-1)
    char_acc = float((ids == targets).mean())
    right = exact_rows(ids, targets)
    return loss, char_acc, float(right.mean()), ids


def exact_rows(pred_ids: np.ndarray, target_ids: np.ndarray) -> np.ndarray:
    """Rows whose decoded answer equals the target's: every position up to and
    including the target's end marker matches (what comes after is padding)."""
    from mathtui.encoding import END_ID

    target_len = (target_ids != END_ID).argmin(axis=1) if target_ids.shape[1] else np.zeros(len(target_ids), int)
    # argmin finds the first END; targets always end in one (encode_outputs makes room).
    in_answer = np.arange(target_ids.shape[1])[None, :] <= target_len[:, None]
    return ((pred_ids == target_ids) | ~in_answer).all(axis=1)


def train(
    config: RunConfig,
    on_event: EventSink | None = None,
    cancel: threading.Event | None = None,
    dataset: Dataset | None = None,
) -> TrainResult:
    """Train one model; never raises for a failure inside the run (see ``status``)."""
    config.validate()
    sink = on_event or ignore
    cancel = cancel or threading.Event()
    started = time.perf_counter()
    space = EquationSpace(config.dataset)
    result = TrainResult(config=config, status="failed", message="", input_len=space.input_len, output_len=space.output_len)
    try:
        _run(config, space, dataset or make_dataset(config.dataset), sink, cancel, result)
    except Exception as exc:  # reported, not raised: the caller keeps running
        result.status = "failed"
        result.message = f"{type(exc).__name__}: {exc}"
        result.model = None
    result.seconds = time.perf_counter() - started
    best = result.best
    sink(
        TrainingFinished(
            status=result.status,
            message=result.message,
            epochs_run=len(result.history),
            best_epoch=result.best_epoch,
            best_val_exact_match=best.val_exact_match if best else 0.0,
            seconds=result.seconds,
        )
    )
    return result


def _run(config: RunConfig, space: EquationSpace, data: Dataset, sink: EventSink, cancel: threading.Event, result: TrainResult) -> None:
    from mathtui.engine.model import build_model
    from mathtui.engine.prediction import Predictor
    from mathtui.engine.runtime import device_label, keras, strategy, tf

    t, k = tf(), keras()
    k.utils.set_random_seed(config.dataset.seed)
    codec = Codec(space.input_len, space.output_len, config.dataset.reverse)
    # Equations batches encode straight from their digit arrays (no strings).
    x_train = codec.encode_inputs(data.train).astype(np.int32)
    y_train = codec.encode_outputs(data.train).astype(np.int32)
    x_test = codec.encode_inputs(data.test).astype(np.int32)
    y_test = codec.encode_outputs(data.test)
    tc = config.train
    with strategy().scope():
        model = build_model(config.model, space.input_len, space.output_len, tc.lr)
    predictor = Predictor(model, config.dataset, space.input_len, space.output_len)
    pipeline = (
        t.data.Dataset.from_tensor_slices((x_train, y_train))
        .shuffle(len(x_train), seed=config.dataset.seed, reshuffle_each_iteration=True)
        .batch(tc.batch_size)
        .prefetch(t.data.AUTOTUNE)
    )
    steps = math.ceil(len(x_train) / tc.batch_size)
    result.device = device_label()
    result.train_size, result.test_size = len(x_train), len(x_test)
    sink(TrainingStarted(len(x_train), len(x_test), steps, tc.epochs, space.input_len, space.output_len, int(model.count_params()), result.device))

    state = {"best": (-1.0, 0.0), "weights": None, "stale": 0, "plateau": 0, "best_loss": math.inf, "nan": None}
    example_rows = np.arange(min(EXAMPLES_PER_EPOCH, len(x_test)))

    class Monitor(k.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch_started = time.perf_counter()
            self.last_report = 0.0
            if tc.lr_schedule == "cosine":
                lr = tc.lr_min + 0.5 * (tc.lr - tc.lr_min) * (1 + math.cos(math.pi * epoch / tc.epochs))
                model.optimizer.learning_rate.assign(lr)

        def on_train_batch_end(self, batch, logs=None):
            if cancel.is_set():
                model.stop_training = True
                return
            now = time.perf_counter()
            if not (now - self.last_report >= PROGRESS_INTERVAL_S or batch + 1 == steps):
                return
            # Reading the loss syncs with the device, so it is read only when a
            # report is due (the first batch of each epoch, then ~10 a second);
            # a NaN is caught there and again at the epoch's end.
            self.last_report = now
            loss = float((logs or {}).get("loss", 0.0))
            if not math.isfinite(loss):
                state["nan"] = (self.params_epoch(), batch + 1)
                model.stop_training = True
                return
            sink(BatchProgress(self.params_epoch(), batch + 1, steps, loss, now - self.epoch_started))

        def params_epoch(self) -> int:
            return len(result.history) + 1

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            if state["nan"] is None and not math.isfinite(float(logs.get("loss", 0.0))):
                state["nan"] = (self.params_epoch(), steps)
                model.stop_training = True
            if state["nan"] is not None:
                return
            train_ids, _ = predictor.best(x_train[:TRAIN_EXACT_SAMPLE])
            train_exact = float(exact_rows(train_ids, y_train[:TRAIN_EXACT_SAMPLE]).mean())
            probs = predictor.probabilities(x_test)
            val_loss, val_char, val_exact, ids = val_metrics(probs, y_test, codec)
            key = (val_exact, -val_loss)
            improved = key > state["best"]
            if improved:
                state["best"] = key
                state["weights"] = model.get_weights()
                result.best_epoch = epoch + 1
                state["stale"] = 0
            else:
                state["stale"] += 1
            lr = float(np.asarray(model.optimizer.learning_rate))
            event = EpochEnd(
                epoch=epoch + 1,
                loss=float(logs.get("loss", math.nan)),
                char_accuracy=float(logs.get("sparse_categorical_accuracy", math.nan)),
                val_loss=val_loss,
                val_char_accuracy=val_char,
                val_exact_match=val_exact,
                seconds=time.perf_counter() - self.epoch_started,
                lr=lr,
                best=improved,
                exact_match=train_exact,
            )
            result.history.append(event)
            sink(event)
            guesses = codec.decode_ids(ids[example_rows])
            items = tuple(
                ExamplePrediction(data.test.texts[i], guess, data.test.results[i]) for i, guess in zip(example_rows.tolist(), guesses)
            )
            sink(Examples(epoch + 1, items))
            if tc.lr_schedule == "plateau":
                if val_loss < state["best_loss"] * 0.999:
                    state["best_loss"], state["plateau"] = val_loss, 0
                else:
                    state["plateau"] += 1
                    if state["plateau"] >= PLATEAU_PATIENCE and lr > tc.lr_min:
                        model.optimizer.learning_rate.assign(max(tc.lr_min, lr * PLATEAU_FACTOR))
                        state["plateau"] = 0
            if tc.patience and state["stale"] >= tc.patience:
                state["early"] = epoch + 1
                model.stop_training = True

    model.fit(pipeline, epochs=tc.epochs, steps_per_epoch=steps, verbose=0, shuffle=False, callbacks=[Monitor()])

    if state["weights"] is not None:
        model.set_weights(state["weights"])
        result.model = model
    best = result.best
    best_text = f"best val exact-match {best.val_exact_match:.2%} at epoch {best.epoch}" if best else "no epoch finished"
    if state["nan"] is not None:
        epoch, step = state["nan"]
        result.status = "stopped"
        kept = f"kept the best checkpoint ({best_text})" if best else "nothing to keep"
        result.message = f"loss became NaN at epoch {epoch}, step {step}; training stopped and {kept}"
    elif cancel.is_set():
        result.status = "stopped"
        result.message = f"stopped by request after {len(result.history)} epochs; {best_text}"
    elif "early" in state:
        result.status = "completed"
        result.message = f"stopped early at epoch {state['early']}: no better val exact-match for {tc.patience} epochs; {best_text}"
    else:
        result.status = "completed"
        result.message = f"finished {len(result.history)} epochs; {best_text}"
