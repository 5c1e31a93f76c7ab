"""first_frame_s, tui_rss_mb, ui_loop_lag_ms_p95: the TUI.

first_frame_s launches the real ``mathtui`` command in a pseudo-terminal and
times until the first frame with content is written after the switch to the
alternate screen.  tui_rss_mb then samples the process' VmRSS until it is
steady (the app loading its model).  ui_loop_lag_ms_p95 builds the app with
``mathtui.ui.app.make_app()``, runs it headless (``App.run_test``), starts a
``seed``-preset training through the app's own action, and measures how late
a 10 ms ``set_interval`` timer fires.  Each reports null with a reason when
the UI is not there (yet) or does not expose what is needed.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

ALT_SCREEN = b"\x1b[?1049h"
ESCAPE = re.compile(rb"\x1b(\[[0-9;?<>=$ ]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
MIN_VISIBLE = 20  # printable characters that make a frame "painted"

TRAIN_ACTIONS = ("start_training", "action_start_training", "action_train", "train")
STOP_ACTIONS = ("stop_training", "action_stop_training", "cancel_training", "action_stop")


def _visible(data: bytes) -> int:
    text = ESCAPE.sub(b"", data)
    return sum(32 < b < 127 for b in text)


def launch(timeout: float, rss_window: float) -> dict:
    """Spawn ``mathtui`` in a pty; time to first frame, then sample its RSS."""
    import pty

    exe = str(common.VENV_BIN / "mathtui")
    env = common.standin_env()
    env.update({"TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"})
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        try:
            os.execve(exe, [exe], env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    buf = b""
    first = None
    alt_at = None
    exited = False
    try:
        while time.perf_counter() - t0 < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    exited = True
                    break
                if not chunk:
                    exited = True
                    break
                buf += chunk
                if alt_at is None and ALT_SCREEN in buf:
                    alt_at = buf.index(ALT_SCREEN) + len(ALT_SCREEN)
                if alt_at is not None and _visible(buf[alt_at:]) >= MIN_VISIBLE:
                    first = time.perf_counter() - t0
                    break
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                exited = True
                break
        out = {"first_frame_s": first}
        if first is None:
            tail = ESCAPE.sub(b"", buf).decode("utf-8", "replace").strip().splitlines()[-3:]
            why = "mathtui exited before painting a frame" if exited else f"no frame within {timeout:.0f} s"
            out["first_frame_s_reason"] = f"{why}: {' | '.join(tail)[:300]}"
            out["tui_rss_mb"] = None
            out["tui_rss_mb_reason"] = "the TUI did not start"
            return out
        # RSS: sample until steady for 2 s (the app loading the default model), at most rss_window.
        samples, steady_since, last = [], time.perf_counter(), 0
        end = time.perf_counter() + rss_window
        while time.perf_counter() < end:
            while select.select([fd], [], [], 0)[0]:  # keep draining the pty so the app never blocks
                try:
                    if not os.read(fd, 65536):
                        break
                except OSError:
                    break
            try:
                rss = common.status_kb("VmRSS", pid)
            except (OSError, KeyError):
                break
            samples.append(rss)
            if abs(rss - last) > 1024:
                steady_since, last = time.perf_counter(), rss
            elif time.perf_counter() - steady_since > 2.0 and len(samples) > 8:
                break
            time.sleep(0.25)
        out["tui_rss_mb"] = max(samples) / 1024 if samples else None
        if not samples:
            out["tui_rss_mb_reason"] = "process gone before RSS could be read"
        out["tui_rss_note"] = f"max VmRSS over {len(samples)} samples after the first frame; models dir {env.get('MATHTUI_MODELS_DIR', 'default')}"
        return out
    finally:
        _stop(pid, fd)


def _stop(pid: int, fd: int) -> None:
    for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.time() + wait
        while time.time() < deadline:
            try:
                os.read(fd, 65536) if select.select([fd], [], [], 0)[0] else None
            except OSError:
                pass
            if os.waitpid(pid, os.WNOHANG)[0]:
                try:
                    os.close(fd)
                except OSError:
                    pass
                return
            time.sleep(0.05)
    try:
        os.close(fd)
    except OSError:
        pass


# -- event-loop lag while training ---------------------------------------------


def _find(obj, names):
    for name in names:
        fn = getattr(obj, name, None)
        if callable(fn):
            return name, fn
    return None, None


async def _call(fn, *args):
    result = fn(*args)
    if asyncio.iscoroutine(result):
        result = await result
    return result


async def _lag(duration: float) -> dict:
    try:
        from mathtui.ui.app import make_app
    except Exception as exc:  # noqa: BLE001
        return {"ui_loop_lag_ms_p95": None, "ui_loop_lag_ms_p95_reason": f"mathtui.ui.app.make_app not importable: {type(exc).__name__}: {exc}"[:300]}
    import tempfile

    from mathtui.engine.store import ModelStore

    store = ModelStore(root=Path(tempfile.mkdtemp(prefix="mathtui-bench-")), shipped=Path(tempfile.mkdtemp(prefix="mathtui-bench-shipped-")))
    app = make_app(store=store, autoload=False, preset="seed", cursor_blink=False, pane="training")
    startup: list[float] = []
    running: list[float] = []
    sink = [startup]
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        sink[0].append(max(0.0, (now - last[0] - 0.010) * 1e3))
        last[0] = now

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        name, start = _find(app, TRAIN_ACTIONS)
        if start is None:
            return {"ui_loop_lag_ms_p95": None, "ui_loop_lag_ms_p95_reason": f"the app has none of {', '.join(TRAIN_ACTIONS)} to start training"}
        last[0] = time.perf_counter()
        timer = app.set_interval(0.010, tick)
        await _call(start)
        # Wait for the first batch (TensorFlow import + data set happen first: measured apart).
        deadline = time.perf_counter() + 120
        while getattr(app, "train_progress", None) is None and time.perf_counter() < deadline:
            if not getattr(app, "training", True):
                break
            await asyncio.sleep(0.05)
        if getattr(app, "train_progress", None) is None:
            timer.stop()
            return {"ui_loop_lag_ms_p95": None, "ui_loop_lag_ms_p95_reason": f"app.{name}() produced no training progress within 120 s"}
        sink[0] = running
        await asyncio.sleep(duration)
        timer.stop()
        still = getattr(app, "training", None)
        _, stop = _find(app, STOP_ACTIONS)
        if stop is not None:
            await _call(stop)
    return {
        "ui_loop_lag_ms_p95": common.percentile(running, 95),
        "ui_loop_lag_ms_p50": common.percentile(running, 50),
        "ui_loop_lag_ms_max": max(running),
        "ui_loop_lag_ticks": len(running),
        "ui_loop_lag_startup_ms_p95": common.percentile(startup, 95) if startup else None,
        "ui_loop_lag_startup_ms_max": max(startup) if startup else None,
        "ui_loop_lag_note": f"{duration:.0f} s of seed-preset training via app.{name}() (still training at the end: {still}); "
                            "startup = from the action to the first batch (TensorFlow import, data set, model build)",
    }


def _lag_child(quick: bool) -> None:
    out = asyncio.run(_lag(3.0 if quick else 20.0))
    print(json.dumps(out), flush=True)
    os._exit(0)  # a training thread the app could not stop must not keep us alive


def loop_lag(quick: bool) -> dict:
    try:
        proc = subprocess.run([sys.executable, __file__, "--lag-child"] + (["--quick"] if quick else []),
                              capture_output=True, text=True, timeout=120 if quick else 300, env=common.standin_env())
    except subprocess.TimeoutExpired:
        return {"ui_loop_lag_ms_p95": None, "ui_loop_lag_ms_p95_reason": "headless app run timed out"}
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"ui_loop_lag_ms_p95": None, "ui_loop_lag_ms_p95_reason": f"headless app run failed: {tail}"[:300]}
    return json.loads(lines[-1])


def run(quick: bool) -> dict:
    frames, rss = [], []
    out: dict = {}
    for _ in range(1 if quick else 3):
        got = launch(timeout=30.0, rss_window=4.0 if quick else 20.0)
        out.update({k: v for k, v in got.items() if k.endswith(("_reason", "_note"))})
        if got["first_frame_s"] is None:
            break
        frames.append(got["first_frame_s"])
        if got.get("tui_rss_mb") is not None:
            rss.append(got["tui_rss_mb"])
    out["first_frame_s"] = common.median(frames) if frames else None
    out["tui_rss_mb"] = common.median(rss) if rss else None
    if frames:
        out.pop("first_frame_s_reason", None)
    if rss:
        out.pop("tui_rss_mb_reason", None)
    out.update(loop_lag(quick))
    return out


if __name__ == "__main__":
    if "--lag-child" in sys.argv:
        _lag_child("--quick" in sys.argv)
    else:
        print(run("--quick" in sys.argv))
