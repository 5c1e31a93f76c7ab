"""End to end through the real engine (TensorFlow, CPU): set the form to a
tiny run, train, watch epochs and the plot, stop, the model becomes active,
ask the calculator, evaluate, see mistakes, open one, export CSV."""

from __future__ import annotations

import csv
import time

import pytest

from mathtui.engine.store import ModelStore
from mathtui.ui.app import make_app

pytestmark = pytest.mark.slow


async def wait_for(pilot, condition, timeout: float, what: str = "") -> None:
    # Generous: CI machines are small and shared; the wait ends as soon as it can.
    deadline = time.monotonic() + timeout * 3
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or 'the UI'}")
        await pilot.pause(0.05)


async def test_train_stop_ask_evaluate_export(tmp_path, monkeypatch):
    monkeypatch.setenv("MATHTUI_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shipped").mkdir()
    store = ModelStore(root=tmp_path / "models", shipped=tmp_path / "shipped")
    app = make_app(store, autoload=True, cursor_blink=False, pane="dataset")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.model_state == "missing", 10)
        ds = app.query_one("DatasetPane")
        from textual.widgets import Select

        app.query_one("#preset", Select).value = "tiny"
        await pilot.pause()
        for key, value in {"dataset.max_value": "9", "dataset.examples": "100", "dataset.test_split": "0.2",
                           "model.hidden": "16", "train.batch_size": "16", "train.epochs": "200"}.items():
            ds.set_value(key, value)
        assert ds.config is not None and ds.config.train.epochs == 200
        await pilot.press("f2")
        app.query_one("#tr-name").value = "e2e"
        await pilot.press("f5")
        await pilot.pause()
        assert app.training
        table = app.query_one("#tr-epochs")
        await wait_for(pilot, lambda: table.row_count >= 1, 120, "the first epoch")
        assert len(app.query_one("#plot-loss").series["train"][0]) >= 1
        await pilot.press("f6")
        await wait_for(pilot, lambda: not app.training, 20, "training to stop")
        assert "stopped" in str(app.query_one("#tr-message").render())
        await wait_for(pilot, lambda: app.loaded is not None and app.loaded.name == "e2e", 60, "the saved model to load")
        assert store.exists("e2e")
        status = str(app.query_one("#status").render())
        assert "e2e" in status and "0..9 +" in status and "val exact" in status

        await pilot.press("f3")
        await pilot.press(*"3 + 4", "enter")
        await pilot.pause()
        answer = str(app.query_one("#calc-answer").render())
        assert "3 + 4 = " in answer and ("right" in answer or "true result 7" in answer)
        await pilot.press(*"2 +", "enter")
        await pilot.pause()
        assert "missing a number" in str(app.query_one("#calc-answer").render())

        await pilot.press("f4")
        app.query_one("#mk-all").value = True  # the whole 0..9 + space: 100 equations
        await pilot.press("f7")
        await wait_for(pilot, lambda: not app.evaluating, 60, "the evaluation")
        pane = app.query_one("MistakesPane")
        assert pane.result is not None and pane.result.n == 100
        mistakes = len(pane.result.mistakes)
        assert app.query_one("#mk-table").row_count == mistakes
        assert f"mistakes {mistakes}" in str(app.query_one("#mk-summary").render())
        if mistakes:
            app.query_one("#mk-table").focus()
            await pilot.press("enter")
            await pilot.pause()
            from mathtui.ui.modals import MistakeDetail

            assert isinstance(app.screen, MistakeDetail)
            await pilot.press("escape")
            await pilot.pause()
            app.action_export_mistakes()
            await pilot.pause()
            app.screen.query_one("#path").value = str(tmp_path / "mistakes.csv")
            await pilot.press("enter")
            await pilot.pause()
            with open(tmp_path / "mistakes.csv", newline="") as fh:
                assert len(list(csv.DictReader(fh))) == mistakes
