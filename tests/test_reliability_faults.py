"""Faults while evaluating and saving: stop means stop, and a model that
cannot be written where it should go is still kept somewhere, said where."""

from __future__ import annotations

import threading

import pytest

from mathtui.cli import main
from mathtui.engine.evaluation import EvaluationError, evaluate
from mathtui.engine.events import Collector, EvaluationFinished, EvaluationProgress
from mathtui.engine.store import ModelStore


@pytest.fixture
def loaded(tmp_path, tiny_result):
    store = ModelStore(root=tmp_path / "m", shipped=tmp_path / "none")
    store.save(tiny_result, "tiny")
    return store.load("tiny")


def test_cancelling_an_evaluation_stops_it_and_reports_what_was_checked(loaded, monkeypatch):
    import mathtui.engine.evaluation as evaluation

    monkeypatch.setattr(evaluation, "CHUNK", 10)  # 100 equations -> 10 chunks
    cancel = threading.Event()
    events = Collector()

    def sink(event):
        events(event)
        if isinstance(event, EvaluationProgress) and event.done >= 30:
            cancel.set()

    result = evaluate(loaded, exhaustive=True, on_event=sink, cancel=cancel)
    assert result.status == "stopped" and result.n == 30 and "stopped after 30 of 100" in result.message
    assert events.of(EvaluationFinished)[0].status == "stopped"


def test_an_impossible_evaluation_is_refused_with_a_message(loaded):
    with pytest.raises(EvaluationError, match="at least 1"):
        evaluate(loaded, sample=0)


def test_a_training_run_the_store_cannot_take_is_kept_in_the_temp_folder(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MATHTUI_MODELS_DIR", str(blocker / "models"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    code = main(["train", "--preset", "tiny", "--epochs", "1", "--examples", "200", "--name", "kept", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot create the models folder" in err
    assert f"kept in {tmp_path / 'tmp' / 'mathtui-rescue' / 'kept'}" in err
    assert ModelStore(root=tmp_path / "tmp" / "mathtui-rescue", shipped=tmp_path / "none").get("kept").ok
