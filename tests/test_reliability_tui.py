"""The TUI against the real engine when things go wrong: hostile text in the
calculator, and a training run that blows up mid-epoch."""

from __future__ import annotations

import time

import pytest

import mathtui.engine.training as training
from mathtui.engine.store import ModelStore
from mathtui.ui.app import make_app
from mathtui.ui.messages import ModelLoaded

from test_reliability_input import CATALOGUE

pytestmark = pytest.mark.slow


async def wait_for(pilot, condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the UI"
        await pilot.pause(0.05)


@pytest.fixture
def app_with_tiny(tmp_path, tiny_result):
    (tmp_path / "shipped").mkdir()
    store = ModelStore(root=tmp_path / "models", shipped=tmp_path / "shipped")
    store.save(tiny_result, "tiny")
    return make_app(store, autoload=False, cursor_blink=False, pane="calculator"), store.load("tiny")


async def test_hostile_text_in_the_calculator_gets_messages_and_the_app_keeps_answering(app_with_tiny):
    app, loaded = app_with_tiny
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        app.post_message(ModelLoaded(loaded, 0.0))
        await wait_for(pilot, lambda: app.loaded is not None)
        box = app.query_one("#calc-input")
        for text in CATALOGUE[::2]:
            box.value = text[:1000]
            await pilot.press("enter")
            await pilot.pause()
            shown = str(app.query_one("#calc-answer").render())
            blank = not text.strip()
            assert ("Type an equation" in shown) if blank else ("✗" in shown), (text[:40], shown)
            assert app.is_running
        box.value = ""
        await pilot.press(*"4+5", "enter")
        await pilot.pause()
        shown = str(app.query_one("#calc-answer").render())
        assert "4 + 5 = " in shown and "9" in shown


async def test_a_fault_inside_real_training_is_shown_and_the_old_model_stays(app_with_tiny, monkeypatch):
    app, loaded = app_with_tiny

    def exploding_progress(*args, **kwargs):
        raise RuntimeError("injected fault in the worker")

    monkeypatch.setattr(training, "BatchProgress", exploding_progress)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        app.post_message(ModelLoaded(loaded, 0.0))
        await wait_for(pilot, lambda: app.loaded is not None)
        await pilot.press("f2", "f5")
        await wait_for(pilot, lambda: app.training, 10)
        await wait_for(pilot, lambda: not app.training, 120)
        message = str(app.query_one("#tr-message").render())
        assert "injected fault in the worker" in message
        assert app.is_running and app.loaded.name == "tiny"
        await pilot.press("f3")
        app.query_one("#calc-input").value = "2+2"
        await pilot.press("enter")
        await pilot.pause()
        assert "2 + 2 = " in str(app.query_one("#calc-answer").render())
