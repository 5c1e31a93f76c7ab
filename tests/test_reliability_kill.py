"""kill -9 at random moments: the store must list every model whole or not
at all, and the next run must work."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mathtui.engine.store import ModelStore

KILL_TRIALS = 24
HERE = Path(__file__).parent


@pytest.fixture
def real_model_file(tmp_path, tiny_result) -> Path:
    store = ModelStore(root=tmp_path / "source", shipped=tmp_path / "none")
    return store.save(tiny_result, "source").path / "model.keras"


def _assert_whole_or_absent(root: Path) -> list[str]:
    store = ModelStore(root=root, shipped=root / ".no-shipped")
    infos = store.list()
    broken = [(i.name, i.error) for i in infos if not i.ok]
    assert not broken, broken
    assert not [p.name for p in root.iterdir() if p.name.startswith((".tmp-", ".old-"))]
    return [i.name for i in infos]


def test_kill_9_during_saves_never_leaves_a_half_model(tmp_path, real_model_file):
    root = tmp_path / "store"
    rng = random.Random(7)
    survivors = 0
    for trial in range(KILL_TRIALS):
        proc = subprocess.Popen([sys.executable, str(HERE / "store_writer.py"), str(root), str(real_model_file)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        names = _assert_whole_or_absent(root)
        survivors += len(names)
        # A model replaced with --force is always there in one version or the other
        # once it was first written.
        if trial and "m0" in names:
            assert ModelStore(root=root, shipped=root / ".none").get("m0").ok
    assert survivors > 0  # the trials did get as far as saving


@pytest.mark.slow
def test_kill_9_of_a_real_training_run(tmp_path):
    """A few real `mathtui train` runs killed at random points, the last during its save."""
    env_root = tmp_path / "models"
    rng = random.Random(3)
    for delay in [rng.uniform(2.0, 8.0), None]:
        cmd = [sys.executable, "-m", "mathtui.cli", "train", "--preset", "tiny", "--epochs", "2", "--examples", "600", "--name", "run", "--force", "--quiet"]
        proc = subprocess.Popen(cmd, env={**__import__("os").environ, "MATHTUI_MODELS_DIR": str(env_root)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if delay is None:  # wait for the temp folder of the save to appear, then kill
            deadline = time.time() + 120
            while time.time() < deadline and not (env_root.exists() and any(p.name.startswith(".tmp-") for p in env_root.iterdir())):
                time.sleep(0.005)
        else:
            time.sleep(delay)
        proc.kill()
        proc.wait(timeout=10)
        if env_root.exists():
            _assert_whole_or_absent(env_root)
    done = subprocess.run([sys.executable, "-m", "mathtui.cli", "train", "--preset", "tiny", "--epochs", "1", "--examples", "300", "--name", "after", "--quiet"],
                          env={**__import__("os").environ, "MATHTUI_MODELS_DIR": str(env_root)}, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "after" in _assert_whole_or_absent(env_root)
    shutil.rmtree(env_root)
