"""Regenerate the README screenshots with real data, through the app itself.

    python assets/make_screenshots.py

Trains the `tiny` preset for 8 epochs inside the app (a weak model, so the
Mistakes pane has something to show), asks it sums, evaluates the whole space,
and saves one SVG per pane with the app's own ``save_screenshot``.
"""
import asyncio
import tempfile
import time
from pathlib import Path

from mathtui.engine.store import ModelStore
from mathtui.ui.app import make_app

work = Path(tempfile.mkdtemp(prefix="mathtui-assets-"))
root, shipped = work / "models", work / "shipped"
shipped.mkdir()
OUT = Path(__file__).resolve().parent

async def wait(pilot, cond, timeout):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timeout"
        await pilot.pause(0.1)

async def main():
    app = make_app(ModelStore(root=root, shipped=shipped), autoload=False, cursor_blink=False, pane="dataset")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot, lambda: app.ready, 20)
        ds = app.query_one("DatasetPane")
        ds.set_value("train.epochs", "8")
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / "dataset.svg"))
        app.query_one("#tr-name").value = "tiny-demo"
        await pilot.press("f5")
        await wait(pilot, lambda: not app.training, 600)
        await wait(pilot, lambda: app.loaded is not None, 120)
        await pilot.press("f2"); await pilot.pause(0.5)
        app.save_screenshot(str(OUT / "training.svg"))
        await pilot.press("f3")
        calc = app.query_one("CalculatorPane")
        for q in ("31 + 87", "99 + 99", "7 + 5", "58 + 60", "250 + 3", "12 * 4", "40 + 40"):
            calc.ask(q)
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / "calculator.svg"))
        await pilot.press("f4")
        app.query_one("#mk-all").value = True
        await pilot.press("f7")
        await wait(pilot, lambda: not app.evaluating, 300)
        app.query_one("#mk-map").focus()
        for k in ("down",) * 6 + ("right",) * 12:
            await pilot.press(k)
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / "mistakes.svg"))
        print(app.query_one("#mk-summary").render())
asyncio.run(main())
