"""Hostile and malformed input through every door: the prediction API, the
real command line.  Each answer is a prediction or a one-line error;
nothing is executed, nothing raises."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathtui.engine.prediction import Predictor
from mathtui.engine.store import ModelStore

from test_evaluator import HOSTILE

# Inputs that are fine for the evaluator but not for a 0..9 '+' model.
MODEL_SPECIFIC = ["3 * 4", "1 + 2 + 3", "123 + 4", "100 + 100", "99999 + 1"]
CATALOGUE = [text for text, _ in HOSTILE] + MODEL_SPECIFIC


@pytest.fixture(scope="module")
def predictor(tiny_result) -> Predictor:
    return Predictor(tiny_result.model, tiny_result.config.dataset, tiny_result.input_len, tiny_result.output_len)


def test_the_catalogue_gets_errors_and_the_model_keeps_answering(predictor, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = predictor.predict_many(CATALOGUE)
    assert all(a.error and "\n" not in a.error for a in answers), [a for a in answers if not a.error]
    assert "not trained on *" in answers[-5].error
    assert "with 1 operator, not 2" in answers[-4].error
    assert "too long for this model" in answers[-3].error
    assert list(tmp_path.iterdir()) == []
    after = predictor.predict("4 + 5")
    assert after.error is None and after.truth == "9"


def test_operands_outside_the_training_range_still_get_an_answer(tiny_result):
    # Claim the 0..9 model was trained on 0..5 only, so 7 + 8 fits but is outside.
    narrow = dataclasses.replace(tiny_result.config.dataset, max_value=5)
    predictor = Predictor(tiny_result.model, narrow, tiny_result.input_len, tiny_result.output_len)
    answer = predictor.predict("7+8")
    assert answer.error is None and answer.prediction is not None and answer.truth == "15"
    assert "outside 0..5" in answer.outside
    assert predictor.predict("2 + 3").outside is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40) | st.text(alphabet="0123456789+-*/ ", max_size=12))
def test_any_text_is_a_prediction_or_an_error(predictor, text):
    answer = predictor.predict(text)
    assert (answer.error is None) != (answer.prediction is None)
    if answer.error is None:
        assert answer.correct in (True, False) and len(answer.confidence) == len(answer.prediction)
        assert all(0.0 <= c <= 1.0 for c in answer.confidence)


def test_the_whole_catalogue_through_the_cli_is_json_errors_exit_2_no_traceback(isolated_store, tiny_result, tmp_path):
    ModelStore().save(tiny_result, "tiny")
    lines = "\n".join(t.replace("\n", " ") for t in CATALOGUE if "\x00" not in t and len(t) < 5000) + "\n"
    args = [t for t in CATALOGUE if "\x00" in t or len(t) >= 5000]
    env = {**os.environ}
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    for extra, stdin in (([], lines), (args, None)):
        proc = subprocess.run(
            [sys.executable, "-m", "mathtui.cli", "predict", "--model", "tiny", "--json", *[a.replace("\x00", "\\0") for a in extra]],
            input=stdin, capture_output=True, text=True, cwd=workdir, env=env, timeout=120,
        )
        rows = [json.loads(line) for line in proc.stdout.splitlines()]
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert rows and all(r["error"] for r in rows), [r for r in rows if not r["error"]]
    assert list(workdir.iterdir()) == []  # nothing typed was executed
