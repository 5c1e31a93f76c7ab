"""One real learning run: if the model, the encoding or the training loop
breaks, this small config stops learning and the suite goes red."""

from __future__ import annotations

import pytest

from mathtui.engine.evaluation import evaluate
from mathtui.engine.events import BatchProgress, Collector, EpochEnd, Examples, TrainingFinished, TrainingStarted
from mathtui.engine.store import ModelStore
from mathtui.engine.training import train
from mathtui.presets import preset

# 0..99 addition, 2,700 training equations, reversed digits, BiLSTM 32.
LEARNING_EPOCHS = 12
STATED_EXACT_MATCH = 0.80  # measured here: 88.7 % over all 10,000


@pytest.mark.slow
def test_a_small_config_learns_addition(tmp_path):
    config = preset("tiny").with_values(**{"train.epochs": LEARNING_EPOCHS})
    events = Collector()
    result = train(config, on_event=events)
    assert result.status == "completed", result.message

    started = events.of(TrainingStarted)[0]
    assert started.train_size == 2700 and started.test_size == 300
    epochs = events.of(EpochEnd)
    assert [e.epoch for e in epochs] == list(range(1, LEARNING_EPOCHS + 1))
    assert epochs[-1].loss < epochs[0].loss
    assert events.of(BatchProgress) and len(events.of(Examples)) == LEARNING_EPOCHS
    assert events.of(TrainingFinished)[0].status == "completed"

    store = ModelStore(root=tmp_path / "models", shipped=tmp_path / "none")
    store.save(result, "tiny")
    report = evaluate(store.load("tiny"), exhaustive=True)
    assert report.n == 10_000 and report.exhaustive
    assert report.exact_match >= STATED_EXACT_MATCH, report.exact_match
    assert report.mistakes_total == len(report.mistakes) == report.n - report.correct
