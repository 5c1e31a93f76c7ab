"""The command-line contract the TUI and scripts rely on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from mathtui.cli import main
from mathtui.engine.store import ModelStore


@pytest.fixture
def tiny_model(isolated_store, tiny_result):
    ModelStore().save(tiny_result, "tiny")
    return "tiny"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    for command in ("train", "predict", "evaluate", "models"):
        assert command in out


def test_predict_json_gives_one_object_per_equation_and_exit_2_on_a_bad_one(capsys, tiny_model):
    code, out, err = run(capsys, "predict", "--model", tiny_model, "--json", "3 + 4", "1/0", "__import__('os')", "5+4", "12+13")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and err == ""
    assert [r["equation"] for r in rows] == ["3 + 4", "1/0", "__import__('os')", "5 + 4", "12+13"]
    first = rows[0]
    assert set(first) >= {"equation", "prediction", "truth", "correct", "confidence", "error"}
    assert first["truth"] == "7" and first["error"] is None and len(first["confidence"]) == len(first["prediction"])
    assert rows[1]["error"] == "division by zero" and rows[1]["prediction"] is None
    assert "letters" in rows[2]["error"]
    assert rows[3]["error"] is None and rows[3]["truth"] == "9"
    assert "too long for this model" in rows[4]["error"]


def test_predict_reads_stdin_when_no_equation_is_given(capsys, tiny_model, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("1 + 1\n2+2\n"))
    code, out, _ = run(capsys, "predict", "--model", tiny_model)
    assert code == 0 and out.count("\n") == 2 and out.startswith("1 + 1 = ")


def test_an_unknown_model_is_one_line_and_exit_2(capsys):
    code, out, err = run(capsys, "predict", "--model", "nope", "1+1")
    assert code == 2 and out == "" and err.count("\n") == 1 and "no model named 'nope'" in err


def test_evaluate_json_has_the_contract_fields_and_writes_csv(capsys, tiny_model, tmp_path):
    csv_path = tmp_path / "mistakes.csv"
    code, out, _ = run(capsys, "evaluate", "--model", tiny_model, "--all", "--json", "--csv", str(csv_path))
    report = json.loads(out)
    assert code == 0
    assert {"model", "n", "exact_match", "char_accuracy", "mistakes", "space_size", "exhaustive", "seconds"} <= set(report)
    assert report["n"] == report["space_size"] == 100 and report["exhaustive"] is True
    assert csv_path.read_text().count("\n") == report["mistakes"] + 1
    # All 100 equations of 0..9 were used in training, so no fresh sample exists.
    code, out, err = run(capsys, "evaluate", "--model", tiny_model, "--sample", "500", "--json")
    assert code == 2 and out == "" and "every equation of this space was used in training" in err


def test_models_json_lists_good_and_broken(capsys, tiny_model, isolated_store):
    (isolated_store / "broken").mkdir()
    code, out, _ = run(capsys, "models", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert code == 0
    assert rows["tiny"]["ok"] and rows["tiny"]["dataset"]["max_value"] == 9 and "val_exact_match" in rows["tiny"]["metrics"]
    assert not rows["broken"]["ok"] and rows["broken"]["error"]
    assert set(rows["tiny"]) >= {"name", "path", "ok", "error", "dataset", "metrics"}


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--examples", "-5"], "--examples: examples must be at least 2"),
        (["--ops", ""], "--ops: choose at least one operation"),
        (["--test-split", "0"], "--test-split: test split must be strictly between 0 and 1"),
        (["--test-split", "1"], "--test-split"),
        (["--hidden", "0"], "--hidden: hidden size"),
        (["--max", "5", "--examples", "100"], "holds only 36"),
        (["--decimals", "9"], "--decimals"),
        (["--lr", "0"], "--lr: learning rate"),
        (["--preset", "nope"], "unknown preset 'nope'"),
        (["--epochs", "many"], "invalid int value"),
    ],
)
def test_every_invalid_train_option_is_refused_before_training(capsys, flags, message, isolated_store):
    code, out, err = run(capsys, "train", *flags)
    assert code == 2 and message in err and err.count("\n") == 1
    assert not isolated_store.exists()  # nothing was trained or written


def test_train_refuses_to_overwrite_without_force(capsys, tiny_model):
    code, _, err = run(capsys, "train", "--preset", "tiny", "--name", tiny_model)
    assert code == 2 and "already exists; pass --force" in err


def _cli(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "mathtui.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.mark.slow
def test_ctrl_c_in_train_saves_the_best_checkpoint_so_far(isolated_store):
    proc = _cli("train", "--preset", "tiny", "--epochs", "200", "--name", "interrupted")
    deadline = time.time() + 120
    # Wait until at least one epoch has ended (its row is printed), then press Ctrl+C.
    lines = []
    while time.time() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if line.strip()[:1].isdigit() and "%" in line:
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, "".join(lines) + err
    assert "saved interrupted" in out and "stopped by request" in err
    assert "Traceback" not in err
    assert ModelStore().get("interrupted").ok


def test_bad_input_through_the_real_command_has_no_traceback(tiny_model):
    proc = _cli("predict", "--model", tiny_model, "--json", "1/0", "", "9" * 100_000, "２+2", env={**os.environ})
    out, err = proc.communicate(timeout=120)
    rows = [json.loads(line) for line in out.splitlines()]
    assert proc.returncode == 2 and "Traceback" not in err
    assert [bool(r["error"]) for r in rows] == [True, True, True, True]
