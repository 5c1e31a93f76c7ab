"""predict_ms_p50/p95 and predict_speedup_vs_keras_predict: one calculator query."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

QUERIES = ["31 + 87", "999 + 999", "0 + 0", "123 + 45", "7 + 608", "500 + 500"]


def run(quick: bool) -> dict:
    import numpy as np

    loaded, used = common.default_model(quick)
    predictor = loaded.predictor
    n = 100 if quick else 1000
    for q in QUERIES * 5:  # warm-up: traces the graph, fills caches
        predictor.predict(q)
    lat = []
    for i in range(n):
        t0 = time.perf_counter()
        predictor.predict(QUERIES[i % len(QUERIES)])
        lat.append(time.perf_counter() - t0)
    out = {
        "predict_ms_p50": common.percentile(lat, 50) * 1e3,
        "predict_ms_p95": common.percentile(lat, 95) * 1e3,
        "predict_ms_max": max(lat) * 1e3,
    }

    # The same query through model.predict (what the article did), alternating with ours.
    codec, model = predictor.codec, predictor.model

    def keras_way():
        ids = codec.encode_inputs(["31 + 87"]).astype(np.int32)
        probs = model.predict(ids, verbose=0)
        return codec.decode_probs(probs)

    def ours():
        return predictor.predict("31 + 87")

    tk, to = common.alternate(keras_way, ours, runs=5 if quick else 30, warmup=2)
    out["predict_speedup_vs_keras_predict"] = common.median(tk) / common.median(to)
    out["predict_keras_predict_ms_p50"] = common.median(tk) * 1e3
    out["model_used"] = used
    return out


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
