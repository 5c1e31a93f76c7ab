"""Shared helpers for the benchmark scripts: timing, the model to use, memory.

Every benchmark is a function ``run(quick: bool) -> dict`` returning figures
(one key per figure, ``None`` plus a ``<key>_reason`` when it cannot be
measured) and any extra context keys (prefixed by the benchmark's name).
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
STANDIN_DIR = RESULTS / "standin"
VENV_BIN = Path(sys.executable).parent

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median(values) -> float:
    return float(statistics.median(values))


def percentile(values, q: float) -> float:
    import numpy as np

    return float(np.percentile(list(values), q))


def repeat(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Wall seconds of ``runs`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def alternate(a: Callable[[], object], b: Callable[[], object], runs: int, warmup: int = 1) -> tuple[list[float], list[float]]:
    """Time ``a`` and ``b`` in turns (a, b, a, b, ...), so drifting load hits both."""
    for _ in range(warmup):
        a()
        b()
    ta, tb = [], []
    for _ in range(runs):
        for fn, sink in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            fn()
            sink.append(time.perf_counter() - t0)
    return ta, tb


# -- the model -------------------------------------------------------------


def default_model(quick: bool = False):
    """The ``default`` model: shipped if it exists, else a cached stand-in.

    Returns ``(LoadedModel, description)``.  The stand-in has the ``default``
    preset's architecture and data (so the same arithmetic per query) but is
    trained for 1 epoch (``--quick`` with no cache: 1 epoch on 3,000 examples),
    so it is inaccurate: evaluation makes many more mistake records than a
    good model would, which is the slow side for ``eval_full_space_s``.
    """
    from mathtui.engine.store import ModelStore, shipped_dir

    shipped = shipped_dir() / "default"
    if (shipped / "model.keras").is_file():
        loaded = ModelStore(shipped=shipped_dir()).load("default")
        return loaded, f"shipped models/default ({_accuracy(loaded)})"
    for name in ("default", "default-quick"):
        if (STANDIN_DIR / name / "model.keras").is_file() and (name == "default" or quick):
            loaded = ModelStore(root=STANDIN_DIR, shipped=STANDIN_DIR / ".none").load(name)
            return loaded, f"stand-in {name}: default preset, {_trained(loaded)} ({_accuracy(loaded)}); models/default absent"
    name = "default-quick" if quick else "default"
    train_standin(name, quick)
    loaded = ModelStore(root=STANDIN_DIR, shipped=STANDIN_DIR / ".none").load(name)
    return loaded, f"stand-in {name}: default preset, {_trained(loaded)} ({_accuracy(loaded)}); models/default absent"


def train_standin(name: str, quick: bool) -> None:
    from mathtui.engine.store import ModelStore
    from mathtui.engine.training import train
    from mathtui.presets import preset

    values = {"train.epochs": 1}
    if quick:
        values.update({"dataset.examples": 3000, "dataset.test_split": 0.1})
    config = preset("default").with_values(**values)
    print(f"[bench] training stand-in {name!r} ({'quick' if quick else '1 epoch of the default preset'}) ...", file=sys.stderr, flush=True)
    result = train(config)
    ModelStore(root=STANDIN_DIR, shipped=STANDIN_DIR / ".none").save(result, name, force=True)


def _trained(loaded) -> str:
    meta = loaded.info.meta
    return f"{len(meta.get('history', []))} epoch(s) on {meta.get('train_size', '?'):,} examples"


def _accuracy(loaded) -> str:
    em = loaded.info.metrics.get("val_exact_match")
    return "val exact-match unknown" if em is None else f"val exact-match {em:.2%}"


def narrowed(loaded, max_value: int):
    """The same model evaluated over a smaller operand range (for --quick)."""
    from mathtui.engine.prediction import Predictor
    from mathtui.engine.store import LoadedModel

    p = loaded.predictor
    dataset = dataclasses.replace(p.dataset, max_value=max_value)
    return LoadedModel(loaded.info, Predictor(p.model, dataset, p.input_len, p.output_len))


def standin_env() -> dict[str, str]:
    """Environment for a ``mathtui`` child that should see the same default model."""
    from mathtui.engine.store import shipped_dir

    env = dict(os.environ)
    if not (shipped_dir() / "default" / "model.keras").is_file() and (STANDIN_DIR / "default" / "model.keras").is_file():
        env["MATHTUI_MODELS_DIR"] = str(STANDIN_DIR)
    return env


# -- memory ----------------------------------------------------------------


def status_kb(field: str, pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False where not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False
