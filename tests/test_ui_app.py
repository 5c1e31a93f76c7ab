"""Pilot tests of the TUI that need no TensorFlow: fake models, fake training
events and hand-made evaluation results stand in for the engine's heavy parts."""

from __future__ import annotations

import csv
import math
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from mathtui.config import DatasetConfig, ModelConfig, RunConfig, TrainConfig
from mathtui.engine import events as ev
from mathtui.engine.prediction import LOW_CONFIDENCE, Prediction
from mathtui.engine.store import LoadedModel, ModelInfo, ModelStore
from mathtui.evaluator import EquationError, evaluate as true_result, parse
from mathtui.mistakes import Analysis, Mistake, digit_counts, numeric_error, wrong_positions
from mathtui.ui.app import MathApp, make_app
from mathtui.ui.messages import ModelLoaded, Slot

SIZE = (100, 30)


# -- helpers -------------------------------------------------------------------


def empty_store(tmp_path: Path) -> ModelStore:
    shipped = tmp_path / "shipped"
    shipped.mkdir(exist_ok=True)
    return ModelStore(root=tmp_path / "user-models", shipped=shipped)


def new_app(tmp_path: Path, **kwargs) -> MathApp:
    kwargs.setdefault("autoload", False)
    kwargs.setdefault("cursor_blink", False)
    return make_app(empty_store(tmp_path), **kwargs)


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the UI")
        await pilot.pause(0.02)


FAKE_CONFIG = RunConfig(DatasetConfig(min_value=0, max_value=99, operations="+", examples=3000), ModelConfig(hidden=32), TrainConfig(epochs=3))


class FakePredictor:
    """Answers like a model that is right except when the sum is over 150."""

    def __init__(self, config: RunConfig = FAKE_CONFIG):
        self.dataset = config.dataset
        self.input_len, self.output_len = 7, 4

    def predict(self, text: str) -> Prediction:
        try:
            parsed = parse(text)
            if any(op not in self.dataset.operations for op in parsed.ops):
                raise EquationError(f"this model was not trained on {' '.join(parsed.ops)}; it knows +")
        except EquationError as exc:
            return Prediction(query=text, error=str(exc))
        truth = true_result(parsed)
        wrong = int(truth) > 150
        answer = truth[:-1] + str((int(truth[-1]) + 1) % 10) if wrong else truth
        conf = tuple(0.55 if (wrong and i == len(answer) - 1) else 0.99 for i in range(len(answer)))
        outside = "operands outside 0..99, the range it was trained on" if any(v > 99 for v in parsed.operands) else None
        return Prediction(query=text, equation=parsed.text, prediction=answer, truth=truth, confidence=conf, outside=outside)


def fake_loaded(name: str = "fake") -> LoadedModel:
    meta = {"config": FAKE_CONFIG.to_dict(), "metrics": {"val_exact_match": 0.9123}, "history": [{}, {}]}
    info = ModelInfo(name=name, path=Path("/nonexistent") / name, shipped=False, ok=True, meta=meta)
    return LoadedModel(info, FakePredictor())


def fake_evaluation(n: int = 400, seed: int = 1):
    """An EvaluationResult as evaluate() would build it, from made-up answers."""
    from mathtui.engine.evaluation import EvaluationResult

    rng = np.random.default_rng(seed)
    operands = rng.integers(0, 100, size=(n, 2))
    ops = np.zeros((n, 1), dtype=np.int8)
    sums = operands.sum(axis=1)
    wrong = (sums > 120) & (rng.random(n) < 0.6)
    result = EvaluationResult(model="fake", space_size=10_000)
    result.analysis = Analysis.for_space(2, "+", 0, 99)
    carries = result.analysis.add_chunk(operands, ops, wrong)
    digits = digit_counts(operands)
    for i in range(n):
        expected = str(int(sums[i]))
        if not wrong[i]:
            continue
        predicted = expected[:-2] + expected[-1] + expected[-2] if i % 3 else str(int(expected) + 100)
        if predicted == expected:
            predicted = str(int(expected) + 10)
        conf = tuple(0.6 + 0.1 * (k % 4) for k in range(len(predicted)))
        m = Mistake(
            equation=f"{operands[i, 0]} + {operands[i, 1]}", predicted=predicted, expected=expected,
            error=numeric_error(predicted, expected), wrong_positions=wrong_positions(predicted, expected),
            lowest_confidence=min(conf), confidence=conf, operands=tuple(int(x) for x in operands[i]),
            operand_digits=tuple(int(x) for x in digits[i]), carries=int(carries[i]),
        )
        result.mistakes.append(m)
    result.analysis.add_mistakes([m.predicted for m in result.mistakes], [m.expected for m in result.mistakes])
    result.n = n
    result.correct = int((~wrong).sum())
    result.mistakes_total = len(result.mistakes)
    result.char_total, result.char_correct = n * 4, n * 4 - len(result.mistakes)
    result.seconds = 0.5
    result.message = f"{n} equations, {len(result.mistakes)} wrong"
    return result


def fake_train_factory(epochs: int = 3, wait_for_cancel: bool = False, fail: str | None = None, raise_exc: bool = False):
    """A stand-in for engine.training.train that emits real event objects."""
    from mathtui.engine.training import TrainResult

    def fake_train(config, on_event=None, cancel=None, dataset=None):
        sink = on_event or (lambda e: None)
        cancel = cancel or threading.Event()
        if raise_exc:
            raise RuntimeError("boom: the engine fell over")
        sink(ev.TrainingStarted(2700, 300, 10, epochs, 7, 4, 1234, "CPU (fake)"))
        history = []
        epoch = 0
        while epoch < epochs or wait_for_cancel:
            epoch += 1
            for step in range(1, 11):
                if cancel.is_set():
                    break
                sink(ev.BatchProgress(epoch, step, 10, 1.0 / epoch, 0.01 * step))
                time.sleep(0.002)
            if cancel.is_set():
                break
            end = ev.EpochEnd(epoch, 1.0 / epoch, 0.5 + epoch / 20, 1.1 / epoch, 0.5 + epoch / 25, min(1.0, epoch / 10), 0.1, 0.01, True)
            history.append(end)
            sink(end)
            sink(ev.Examples(epoch, (ev.ExamplePrediction("1 + 2", "3", "3"), ev.ExamplePrediction("9 + 9", "17", "18"))))
            if wait_for_cancel:
                time.sleep(0.01)
        status = "failed" if fail else ("stopped" if cancel.is_set() else "completed")
        message = fail or f"{status} after {len(history)} epochs"
        sink(ev.TrainingFinished(status, message, len(history), len(history), 0.5, 0.1))
        return TrainResult(config=config, status=status, message=message, model=None, history=history, best_epoch=len(history))

    return fake_train


# -- import cost -----------------------------------------------------------------


def test_ui_import_does_not_load_tensorflow():
    code = (
        "import sys, mathtui.ui.app, mathtui.cli\n"
        "bad = [m for m in ('tensorflow', 'keras', 'mathtui.engine.training', 'mathtui.engine.prediction', 'mathtui.engine.model') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_slot_coalesces():
    slot = Slot()
    assert slot.put(1) is True
    assert slot.put(2) is False  # a tick is already pending
    assert slot.take() == 2
    assert slot.take() is None
    assert slot.put(3) is True


# -- panes, keys, palette --------------------------------------------------------


async def test_function_keys_switch_panes_and_status_says_no_default(tmp_path):
    app = new_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        tabs = app.query_one("#panes")
        assert tabs.active == "calculator"
        for key, pane in (("f1", "dataset"), ("f2", "training"), ("f4", "mistakes"), ("f3", "calculator")):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == pane
        status = str(app.query_one("#status").render())
        assert "no model" in status and "'default'" in status
        assert "No 'default' model" in str(app.query_one("#calc-answer").render())
        # Function keys work while an Input has focus.
        assert app.focused is app.query_one("#calc-input")
        await pilot.press("f1")
        await pilot.pause()
        assert tabs.active == "dataset"


async def test_command_palette_offers_panes_and_actions(tmp_path):
    app = new_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"mistakes pane")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.query_one("#panes").active == "mistakes"
        from mathtui.ui.commands import MathCommands

        provider = MathCommands(app.screen)
        names = [hit.text async for hit in provider.discover()]
        for wanted in ("Show Dataset pane", "Show Training pane", "Show Calculator pane", "Show Mistakes pane",
                       "Start training", "Stop training", "Evaluate active model", "Load model…", "Export mistakes to CSV…"):
            assert wanted in names
        hits = [hit.text async for hit in provider.search("export")]
        assert hits == ["Export mistakes to CSV…"]


# -- dataset pane ----------------------------------------------------------------


async def test_dataset_form_flags_problems_inline_and_blocks_training(tmp_path, monkeypatch):
    called = []
    monkeypatch.setattr("mathtui.engine.training.train", lambda *a, **k: called.append(1))
    app = new_app(tmp_path, pane="dataset")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        ds = app.query_one("DatasetPane")
        assert ds.config is not None and not ds.problems
        ds.set_value("dataset.min_value", "50")
        ds.set_value("dataset.max_value", "10")
        await pilot.pause()
        problem = app.query_one("#p-dataset-max_value")
        assert problem.display and "max (10) is below min (50)" in str(problem.render())
        assert app.query_one("#row-dataset-max_value").has_class("-invalid")
        ds.set_value("dataset.max_value", "99")
        ds.set_value("dataset.min_value", "0")
        # Non-numeric text typed into a numeric field.
        box = app.query_one("#f-dataset-examples")
        box.focus()
        box.value = ""
        await pilot.press(*"12x")
        await pilot.pause(0.1)
        assert "'12x' is not a whole number" in ds.problems["dataset.examples"]
        assert "not a whole number" in str(app.query_one("#p-dataset-examples").render())
        await pilot.press("f5")
        await pilot.pause(0.1)
        assert not app.training and not called
        assert "cannot start" in str(app.query_one("#tr-message").render())
        assert app.query_one("#panes").active == "dataset"
        # Division without decimals: the engine's own message.
        box.value = "3000"
        ds.set_value("dataset.operations", "+/")
        await pilot.pause()
        assert "division needs decimals" in ds.problems["dataset.decimals"]
        ds.set_value("dataset.decimals", "2")
        assert ds.config is not None and ds.config.dataset.operations == "+/"


async def test_dataset_facts_and_presets(tmp_path):
    app = new_app(tmp_path, pane="dataset")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        ds = app.query_one("DatasetPane")
        facts = str(app.query_one("#facts").render())
        assert "10,000" in facts  # 0..99 + : 100 x 100
        assert "input 7 chars" in facts and "output 4 chars" in facts
        samples = str(app.query_one("#samples").render())
        assert samples.count(" = ") >= 6
        assert "∅" in str(app.query_one("#vocab").render())
        from textual.widgets import Select

        app.query_one("#preset", Select).value = "multiply"
        await pilot.pause(0.2)
        from mathtui.presets import PRESETS

        assert ds.config == PRESETS["multiply"]
        assert app.query_one("#f-model-hidden").value == "128"
        assert app.query_one("#op-2").value and not app.query_one("#op-0").value
        ds.set_value("train.epochs", "5")
        assert "modified from 'multiply'" in str(app.query_one("#preset-note").render())
        # A space too large to enumerate still gets facts.
        ds.set_value("dataset.max_value", "999999999999")
        assert "≈" in str(app.query_one("#facts").render()) or "," in str(app.query_one("#facts").render())


# -- training pane (fake engine) ---------------------------------------------------


async def test_training_streams_events_into_table_plot_and_examples(tmp_path, monkeypatch):
    monkeypatch.setattr("mathtui.engine.training.train", fake_train_factory(epochs=3))
    app = new_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        await pilot.press("f5")
        await wait_for(pilot, lambda: not app.training)
        table = app.query_one("#tr-epochs")
        assert table.row_count == 3
        plot = app.query_one("#plot-loss")
        assert plot.series["train"][0] == [1, 2, 3]
        acc = app.query_one("#plot-acc")
        assert acc.series["val exact"][1] == pytest.approx([0.1, 0.2, 0.3])
        examples = str(app.query_one("#tr-examples").render())
        assert "✓" in examples and "✗" in examples and "(not 18)" in examples
        assert "finished" in str(app.query_one("#tr-message").render())
        assert app.loaded is None  # nothing saveable came back


async def test_training_stop_and_failure_are_shown(tmp_path, monkeypatch):
    monkeypatch.setattr("mathtui.engine.training.train", fake_train_factory(wait_for_cancel=True))
    app = new_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.query_one("#tr-epochs").row_count >= 2)
        assert "training epoch" in str(app.query_one("#status").render())
        await pilot.press("f6")
        await wait_for(pilot, lambda: not app.training)
        assert "stopped" in str(app.query_one("#tr-message").render())
        monkeypatch.setattr("mathtui.engine.training.train", fake_train_factory(raise_exc=True))
        await pilot.press("f5")
        await wait_for(pilot, lambda: not app.training)
        message = str(app.query_one("#tr-message").render())
        assert "FAILED" in message and "boom: the engine fell over" in message
        monkeypatch.setattr("mathtui.engine.training.train", fake_train_factory(epochs=1, fail="ValueError: NaN everywhere"))
        await pilot.press("f5")
        await wait_for(pilot, lambda: not app.training)
        assert "NaN everywhere" in str(app.query_one("#tr-message").render())
        assert app.is_running


async def test_existing_name_asks_before_replacing(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr("mathtui.engine.training.train", lambda *a, **k: started.append(1))
    app = new_app(tmp_path)
    (app.store.root / "taken").mkdir(parents=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        await pilot.press("f2")
        app.query_one("#tr-name").value = "taken"
        await pilot.press("f5")
        await pilot.pause()
        from mathtui.ui.modals import ConfirmModal

        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.training and not started
        app.query_one("#tr-name").value = "bad name!"
        await pilot.press("f5")
        await pilot.pause()
        assert "invalid model name" in str(app.query_one("#tr-message").render())


async def test_quit_during_training_cancels_within_two_seconds(tmp_path, monkeypatch):
    monkeypatch.setattr("mathtui.engine.training.train", fake_train_factory(wait_for_cancel=True))
    app = new_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.query_one("#tr-epochs").row_count >= 1)
        cancel = app.train_cancel
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        started = time.monotonic()
        await pilot.pause()
        assert cancel.is_set()
    assert time.monotonic() - started < 2.0
    workers = [t for t in threading.enumerate() if "fake" in repr(getattr(t, "_target", ""))]
    assert not workers


# -- calculator ------------------------------------------------------------------


async def test_calculator_answers_marks_and_errors(tmp_path):
    app = new_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        box = app.query_one("#calc-input")
        await pilot.press(*"31 + 87", "enter")
        await pilot.pause()
        answer = str(app.query_one("#calc-answer").render())
        assert "No model is active" in answer
        assert box.value == "31 + 87"  # typed straight into the focused prompt, kept for later
        app.post_message(ModelLoaded(fake_loaded(), 0.0))
        await pilot.pause()
        assert "fake" in str(app.query_one("#status").render()) and "91.2%" in str(app.query_one("#status").render())
        await pilot.press("enter")
        await pilot.pause()
        answer = str(app.query_one("#calc-answer").render())
        assert "31 + 87 = 118" in answer and "right" in answer
        await pilot.press(*"90 + 80", "enter")
        await pilot.pause()
        answer = str(app.query_one("#calc-answer").render())
        assert "wrong" in answer and "true result 170" in answer and "unsure" in answer
        await pilot.press(*"150 + 3", "enter")
        await pilot.pause()
        assert "outside training" in str(app.query_one("#calc-answer").render())
        await pilot.press(*"3 ** 4", "enter")
        await pilot.pause()
        assert "'**' (power)" in str(app.query_one("#calc-answer").render())
        assert "score 1/3" in str(app.query_one("#calc-score").render())  # 153 is over 150: the fake gets it wrong
        assert len(app.query_one("#calc-history").lines) == 4
        assert app.query_one("CalculatorPane").last.error


# -- mistakes ----------------------------------------------------------------------


async def test_mistakes_table_sort_filter_map_detail_export(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = new_app(tmp_path, pane="mistakes")
    result = fake_evaluation()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        await pilot.press("f7")  # no model: the pane says so, nothing crashes
        await pilot.pause()
        assert "no model is active" in str(app.query_one("#mk-summary").render())
        app.post_message(ModelLoaded(fake_loaded(), 0.0))
        await pilot.pause()
        app.show_evaluation(result)
        await pilot.pause()
        pane = app.query_one("MistakesPane")
        table = app.query_one("#mk-table")
        total = len(result.mistakes)
        assert total > 10 and table.row_count == total
        summary = str(app.query_one("#mk-summary").render())
        assert f"checked {result.n:,}" in summary and f"mistakes {total}" in summary
        assert "eval" in str(app.query_one("#status").render())
        # sort by every column, both directions
        for column in (0, 3, 7):
            pane.sort_by(column, True)
            await pilot.pause()
            assert table.row_count == total
        pane.sort_by(5, False)
        lows = [m.lowest_confidence for m in pane.view]
        assert lows == sorted(lows)
        table.focus()
        await pilot.press("s")
        assert pane.sort_column == 6
        await pilot.press("r")
        assert pane.sort_reverse
        # filters: magnitude, position, text
        from textual.widgets import Select

        app.query_one("#mk-pos", Select).value = "0"
        await pilot.pause()
        assert pane.view and all(0 in m.wrong_positions for m in pane.view)
        app.query_one("#mk-pos", Select).value = "any"
        app.query_one("#mk-mag", Select).value = "2 2"
        await pilot.pause()
        assert pane.view and all(m.operand_digits == (2, 2) for m in pane.view)
        app.query_one("#mk-mag", Select).value = "any"
        app.query_one("#mk-text").value = result.mistakes[0].equation
        await pilot.pause()
        assert any(m.equation == result.mistakes[0].equation for m in pane.view) and len(pane.view) < total
        app.query_one("#mk-text").value = ""
        await pilot.pause()
        assert len(pane.view) == total
        # the equation map: move with the arrows, Enter filters the table
        emap = app.query_one("#mk-map")
        emap.focus()
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        cell = str(app.query_one("#mk-cell").render())
        assert "b" in cell and "99" in cell
        await pilot.press("enter")
        await pilot.pause()
        assert pane.cell_filter is not None
        (a0, a1), (b0, b1) = pane.cell_filter
        assert all(a0 <= m.operands[0] <= a1 and b0 <= m.operands[1] <= b1 for m in pane.view)
        assert app.focused is table
        await pilot.press("home")
        app.query_one("#mk-clear-cell").press()
        await pilot.pause()
        assert pane.cell_filter is None and len(pane.view) == total
        # breakdown charts have rows
        assert app.query_one("#chart-mag").rows and app.query_one("#chart-pos").rows
        assert app.query_one("#chart-carries").rows and app.query_one("#chart-err").rows
        # open a mistake, send it to the calculator
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        from mathtui.ui.modals import MistakeDetail

        assert isinstance(app.screen, MistakeDetail)
        first = pane.page_items[0]
        body = str(app.screen.query_one("#detail-body").render())
        assert first.equation in body and "per-character confidence" in body
        await pilot.press("c")
        await pilot.pause()
        assert app.query_one("#panes").active == "calculator"
        assert first.equation in str(app.query_one("#calc-answer").render())
        # export
        await pilot.press("f4")
        app.action_export_mistakes()
        await pilot.pause()
        from mathtui.ui.modals import PathPrompt

        assert isinstance(app.screen, PathPrompt)
        target = tmp_path / "out.csv"
        app.screen.query_one("#path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        with open(target, newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == total and rows[0]["equation"]


async def test_mistakes_pages_big_results(tmp_path):
    app = new_app(tmp_path, pane="mistakes")
    result = fake_evaluation(n=6000, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.ready)
        app.show_evaluation(result)
        await pilot.pause()
        pane = app.query_one("MistakesPane")
        table = app.query_one("#mk-table")
        assert len(result.mistakes) > 1000
        assert table.row_count == 1000
        assert "page 1/" in str(app.query_one("#mk-page").render())
        pane.turn_page(1)
        await pilot.pause()
        assert table.row_count == min(1000, len(result.mistakes) - 1000)
        app.post_message(ModelLoaded(fake_loaded(), 0.0))
        await pilot.pause()
        app.query_one("#mk-n").value = "lots"
        await pilot.press("f7")
        await pilot.pause()
        assert "not a whole number" in str(app.query_one("#mk-summary").render())
        assert not app.evaluating


# -- models ------------------------------------------------------------------------


async def test_broken_default_and_model_picker_show_reasons(tmp_path):
    app = new_app(tmp_path, autoload=True)
    (app.store.root / "wreck").mkdir(parents=True)
    (app.store.root / "wreck" / "meta.json").write_text("{not json")
    (app.store.root / "default").mkdir(parents=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.model_state == "broken")
        assert "broken" in str(app.query_one("#status").render())
        assert app.loaded is None and app.loading_name is None  # a broken default never reaches the loader
        await pilot.press("f8")
        await pilot.pause()
        from mathtui.ui.modals import ModelPicker

        assert isinstance(app.screen, ModelPicker)
        table = app.screen.query_one("#models")
        assert table.row_count == 2
        row = [str(c) for c in table.get_row_at(1)]
        assert "wreck" in row[1] and "broken" in row[-1] and "not valid JSON" in row[-1]
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ModelPicker)  # a broken model cannot be chosen
        assert "cannot load" in str(app.screen.query_one("#model-note").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ModelPicker)


async def test_layout_holds_at_80x24(tmp_path):
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        app.post_message(ModelLoaded(fake_loaded(), 0.0))
        await pilot.pause()
        app.show_evaluation(fake_evaluation())
        for key in ("f1", "f2", "f3", "f4"):
            await pilot.press(key)
            await pilot.pause()
            for widget in app.screen.query("#status, #panes, Footer"):
                assert widget.region.width <= 80
            assert app.query_one("Footer").region.y == 23
            assert app.query_one("#status").region.y == 0
        assert app.query_one("#mk-table").region.height >= 5
        assert app.query_one("#mk-map").region.width >= 20
