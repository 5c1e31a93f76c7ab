"""eval_full_space_s, eval_speedup_vs_keras_predict, eval_peak_rss_mb.

Full mode evaluates all 1,000,000 equations of 0..999 addition; ``--quick``
evaluates the same model over 0..99 (10,000 equations) with the record cap
scaled down alike (so mistake records cost the same share), and scales the
times to a million (marked in ``eval_scope``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

QUICK_MAX = 99
PREDICT_BATCH = 8192


def _target(loaded, quick: bool):
    return common.narrowed(loaded, QUICK_MAX) if quick else loaded


def keras_predict_way(loaded):
    """The article's way: one-hot float arrays into ``model.predict``, argmax after.

    The article's network takes one-hot floats, so this is the same network
    without the id -> one-hot layer (weights shared), fed a float array.
    """
    import numpy as np

    from mathtui.encoding import VOCAB_SIZE
    from mathtui.engine.runtime import keras
    from mathtui.equations import EquationSpace

    k = keras()
    model = loaded.predictor.model
    inputs = k.Input(shape=(loaded.predictor.input_len, VOCAB_SIZE), dtype="float32")
    x = inputs
    for layer in model.layers[2:]:  # after InputLayer and the one-hot Embedding
        x = layer(x)
    onehot_model = k.Model(inputs, x)
    codec = loaded.predictor.codec
    space = EquationSpace(loaded.predictor.dataset)
    eye = np.eye(VOCAB_SIZE, dtype=np.float32)

    def go():
        eq = space.decode(np.arange(space.size, dtype=np.int64))
        x_ids = codec.encode_inputs(eq.texts)
        y_ids = codec.encode_outputs(eq.results)
        probs = onehot_model.predict(eye[x_ids], batch_size=PREDICT_BATCH, verbose=0)
        pred = probs.argmax(axis=-1)
        return pred, y_ids

    return go


def _warm(loaded) -> None:
    """Trace the predictor's graphs (small and shared-prefix batches) before timing."""
    import numpy as np

    from mathtui.equations import EquationSpace

    p = loaded.predictor
    eq = EquationSpace(p.dataset).decode(np.arange(2048, dtype=np.int64))
    ids = p.codec.encode_inputs(eq)
    p.best(ids)
    p.best(ids[:16])


def run(quick: bool) -> dict:
    import numpy as np

    from mathtui.engine.evaluation import evaluate
    from mathtui.mistakes import MAX_RECORDS

    loaded, used = common.default_model(quick)
    target = _target(loaded, quick)
    size = (target.predictor.dataset.max_value + 1) ** 2
    scale = 1_000_000 / size
    _warm(target)
    ours_result = {}

    records = max(1, int(MAX_RECORDS / scale))

    def ours():
        ours_result["r"] = evaluate(target, exhaustive=True, max_records=records)

    theirs = keras_predict_way(target)
    theirs()
    runs = 1 if quick else 3
    t_theirs, t_ours = common.alternate(theirs, ours, runs=runs, warmup=0)
    r = ours_result["r"]
    pred, y = theirs()
    from mathtui.engine.training import exact_rows

    out = {
        "eval_full_space_s": common.median(t_ours) * scale,
        "eval_speedup_vs_keras_predict": common.median(t_theirs) / common.median(t_ours),
        "eval_keras_predict_s": common.median(t_theirs) * scale,
        "eval_scope": f"{size:,} equations" + (f", times scaled x{scale:g} to 1,000,000" if quick else ""),
        "eval_exact_match": r.exact_match,
        "eval_mistakes": r.mistakes_total,
        "eval_agrees_with_keras": bool(int(exact_rows(pred, y).sum()) == r.correct),
        "model_used": used,
    }
    out.update(_measure_rss(loaded, quick) if quick else peak_rss(quick))
    return out


def peak_rss(quick: bool) -> dict:
    """Peak RSS added by one exhaustive evaluation, in a fresh process."""
    proc = subprocess.run([sys.executable, __file__, "--rss-child"] + (["--quick"] if quick else []),
                          capture_output=True, text=True, timeout=900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode or not lines:
        return {"eval_peak_rss_mb": None, "eval_peak_rss_mb_reason": (proc.stderr.strip().splitlines() or ["child failed"])[-1][:200]}
    return json.loads(lines[-1])


def _rss_child(quick: bool) -> None:
    loaded, _ = common.default_model(quick)
    print(json.dumps(_measure_rss(loaded, quick)))


def _measure_rss(loaded, quick: bool) -> dict:
    """Peak RSS of one exhaustive evaluation over the current RSS (in-process for --quick)."""
    from mathtui.engine.evaluation import evaluate

    target = _target(loaded, quick)
    _warm(target)  # trace first: not part of the evaluation's memory
    before = common.status_kb("VmRSS")
    exact = common.reset_peak()
    t0 = time.perf_counter()
    evaluate(target, exhaustive=True)
    seconds = time.perf_counter() - t0
    peak = common.status_kb("VmHWM") if exact else None
    if peak is None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # includes the load: an upper bound
    return {
        "eval_peak_rss_mb": (peak - before) / 1024,
        "eval_rss_before_mb": before / 1024,
        "eval_rss_method": ("VmHWM after clear_refs=5" if exact else "ru_maxrss (upper bound)") + (" in-process, 10,000 equations" if quick else " in a fresh process"),
        "eval_rss_eval_s": seconds,
    }


if __name__ == "__main__":
    if "--rss-child" in sys.argv:
        _rss_child("--quick" in sys.argv)
    else:
        print(run("--quick" in sys.argv))
