"""Snapshots of each pane at 100x30: no model loaded, no TensorFlow, no clock.

Regenerate after an intended UI change with
``pytest tests/test_ui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

from mathtui.engine.store import ModelStore
from mathtui.ui.app import make_app
from mathtui.ui.messages import ModelLoaded

SIZE = (100, 30)


def _app(tmp_path: Path, pane: str):
    (tmp_path / "shipped").mkdir(exist_ok=True)
    store = ModelStore(root=tmp_path / "models", shipped=tmp_path / "shipped")
    return make_app(store, autoload=False, cursor_blink=False, pane=pane)


async def ready(pilot) -> None:
    while not pilot.app.ready:
        await pilot.pause(0.02)
    await pilot.pause()


def test_snapshot_dataset(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, "dataset"), terminal_size=SIZE, run_before=ready)


def test_snapshot_dataset_invalid(snap_compare, tmp_path):
    async def invalid(pilot):
        await ready(pilot)
        ds = pilot.app.query_one("DatasetPane")
        ds.set_value("dataset.max_value", "-5")
        ds.set_value("train.epochs", "many")
        await pilot.pause()

    assert snap_compare(_app(tmp_path, "dataset"), terminal_size=SIZE, run_before=invalid)


def test_snapshot_training(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, "training"), terminal_size=SIZE, run_before=ready)


def test_snapshot_calculator(snap_compare, tmp_path):
    from test_ui_app import fake_loaded

    async def ask(pilot):
        await ready(pilot)
        pilot.app.post_message(ModelLoaded(fake_loaded(), 0.0))
        await pilot.pause()
        calc = pilot.app.query_one("CalculatorPane")
        for q in ("31 + 87", "90 + 80", "150 + 3", "3 ** 4"):
            calc.ask(q)
        await pilot.pause()

    assert snap_compare(_app(tmp_path, "calculator"), terminal_size=SIZE, run_before=ask)


def test_snapshot_mistakes(snap_compare, tmp_path):
    from test_ui_app import fake_evaluation

    async def show(pilot):
        await ready(pilot)
        pilot.app.show_evaluation(fake_evaluation())
        await pilot.pause()

    assert snap_compare(_app(tmp_path, "mistakes"), terminal_size=SIZE, run_before=show)
