"""Training as the TUI drives it: events, cancel within a batch, and faults
that end a run with a message instead of an exception."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import mathtui.engine.model as model_module
from mathtui.config import ConfigError
from mathtui.engine.events import BatchProgress, Collector, EpochEnd, TrainingFinished
from mathtui.engine.training import train
from mathtui.presets import preset

SMALL = preset("tiny").with_values(**{"train.epochs": 3})


def test_cancel_stops_within_one_batch_and_keeps_what_was_learned():
    cancel = threading.Event()
    events = Collector()
    cancelled_at = {}

    def sink(event):
        events(event)
        if isinstance(event, BatchProgress) and not cancel.is_set():
            cancelled_at["step"] = event.step
            cancel.set()

    result = train(SMALL, on_event=sink, cancel=cancel)
    steps = [e.step for e in events.of(BatchProgress)]
    assert max(steps) <= cancelled_at["step"] + 1 < 85  # the epoch has 85 batches
    assert result.status == "stopped" and "stopped by request" in result.message
    assert len(result.history) == 1 and result.saveable  # the partial epoch is a checkpoint
    assert events.of(TrainingFinished)[0].status == "stopped"


def test_an_exception_mid_epoch_fails_the_run_without_raising():
    def sink(event):
        if isinstance(event, BatchProgress) and event.epoch == 2:
            raise RuntimeError("injected fault")

    events = Collector()
    result = train(SMALL, on_event=lambda e: (events(e), sink(e)))
    assert result.status == "failed" and "injected fault" in result.message
    assert not result.saveable
    assert events.of(TrainingFinished)[0].message == result.message


def test_a_nan_loss_stops_training_and_keeps_the_last_good_checkpoint(monkeypatch):
    built = {}
    real_build = model_module.build_model

    def capture(*args, **kwargs):
        built["model"] = real_build(*args, **kwargs)
        return built["model"]

    monkeypatch.setattr(model_module, "build_model", capture)

    def poison(event):
        if isinstance(event, EpochEnd) and event.epoch == 1:
            model = built["model"]
            model.set_weights([np.full_like(w, np.nan) for w in model.get_weights()])

    result = train(SMALL, on_event=poison)
    assert result.status == "stopped"
    assert "loss became NaN at epoch 2" in result.message and "kept the best checkpoint" in result.message
    assert result.best_epoch == 1
    assert all(np.isfinite(w).all() for w in result.model.get_weights())


def test_an_invalid_config_is_refused_before_any_work():
    with pytest.raises(ConfigError, match="learning rate"):
        train(SMALL.with_values(**{"train.lr": -1.0}))


def test_early_stopping_and_schedules_run():
    config = SMALL.with_values(**{"train.epochs": 4, "train.lr_schedule": "cosine"})
    result = train(config)
    lrs = [e.lr for e in result.history]
    assert lrs == sorted(lrs, reverse=True) and lrs[0] > lrs[-1]
    plateau = SMALL.with_values(**{"train.epochs": 30, "train.patience": 1, "dataset.examples": 200, "train.lr_schedule": "plateau"})
    stopped = train(plateau)
    assert stopped.status == "completed" and "stopped early" in stopped.message and len(stopped.history) < 30
