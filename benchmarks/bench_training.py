"""train_samples_per_s_ratio: the engine's training pipeline over a plain fit.

Engine: :func:`mathtui.engine.training.train` on the ``seed`` preset (int ids
through tf.data, one-hot inside the graph, its Monitor callback); its
throughput is the training part of each epoch (the last BatchProgress of an
epoch carries the seconds since the epoch began, before validation).
Plain: the article's way, the same network fed one-hot float numpy arrays
to ``model.fit`` (categorical cross-entropy on one-hot targets), timed from
epoch begin to epoch end.  Both skip their first epoch (tracing/compiling).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def _config(quick: bool):
    from mathtui.presets import preset

    values = {"train.epochs": 3 if quick else 4}
    if quick:
        values["dataset.examples"] = 6000
    return preset("seed").with_values(**values)


def engine_run(config, data):
    from mathtui.engine.events import BatchProgress
    from mathtui.engine.training import train

    per_epoch: dict[int, float] = {}

    def sink(event):
        if isinstance(event, BatchProgress) and event.step == event.steps:
            per_epoch[event.epoch] = event.seconds

    result = train(config, on_event=sink, dataset=data)
    if result.status != "completed":
        raise RuntimeError(result.message)
    seconds = [per_epoch[e] for e in sorted(per_epoch) if e > 1]
    return result.train_size / common.median(seconds)


def plain_run(config, data):
    import numpy as np

    from mathtui.encoding import VOCAB_SIZE, Codec
    from mathtui.engine.runtime import keras
    from mathtui.equations import EquationSpace

    k = keras()
    k.utils.set_random_seed(config.dataset.seed)
    space = EquationSpace(config.dataset)
    codec = Codec(space.input_len, space.output_len, config.dataset.reverse)
    eye = np.eye(VOCAB_SIZE, dtype=np.float32)
    x = eye[codec.encode_inputs(data.train.texts)]
    y = eye[codec.encode_outputs(data.train.results)]
    h = config.model.hidden
    model = k.Sequential([
        k.Input(shape=(space.input_len, VOCAB_SIZE)),
        k.layers.Bidirectional(k.layers.LSTM(h)),
        k.layers.RepeatVector(space.output_len),
        k.layers.Bidirectional(k.layers.LSTM(h, return_sequences=True)),
        k.layers.TimeDistributed(k.layers.Dense(VOCAB_SIZE, activation="softmax")),
    ])
    model.compile(optimizer=k.optimizers.Adam(learning_rate=config.train.lr), loss="categorical_crossentropy", metrics=["accuracy"])
    seconds = []

    class Clock(k.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            seconds.append(time.perf_counter() - self.t0)

    model.fit(x, y, batch_size=config.train.batch_size, epochs=config.train.epochs, shuffle=True, verbose=0, callbacks=[Clock()])
    return len(x) / common.median(seconds[1:])


def run(quick: bool) -> dict:
    from mathtui.equations import make_dataset

    config = _config(quick)
    data = make_dataset(config.dataset)
    engine, plain = [], []
    for _ in range(1 if quick else 3):  # alternating, same process
        engine.append(engine_run(config, data))
        plain.append(plain_run(config, data))
    e, p = common.median(engine), common.median(plain)
    return {
        "train_samples_per_s_ratio": e / p,
        "train_engine_samples_per_s": e,
        "train_plain_fit_samples_per_s": p,
        "train_setup": f"seed preset, {len(data.train):,} train examples, batch {config.train.batch_size}, {config.train.epochs} epochs per run (first skipped), {len(engine)} alternation(s)",
    }


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
