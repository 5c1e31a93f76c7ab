"""Learning benchmark: the article's `seed` recipe against mathtui's `default`.

    python benchmarks/learning.py            train both presets here, then compare
    python benchmarks/learning.py --quick    a smoke run (tiny budgets, < 2 minutes)
    python benchmarks/learning.py --models seed-run default
                                              compare models already in the store
                                              (e.g. made by `mathtui train --preset ...`)

For each run it prints wall time, epochs, time to reach 99 % and 99.9 % val
exact-match (from the per-epoch history), exact-match over the whole equation
space (or a sample in --quick), and the mistakes by operand magnitude.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@dataclass
class Row:
    name: str
    wall_s: float
    epochs: int
    t99_s: float | None
    t999_s: float | None
    exact_match: float
    wrong: int
    checked: int
    exhaustive: bool
    by_magnitude: dict = field(default_factory=dict)


def time_to(history: list[dict], threshold: float) -> float | None:
    elapsed = 0.0
    for epoch in history:
        elapsed += epoch["seconds"]
        if epoch["val_exact_match"] >= threshold:
            return elapsed
    return None


def measure(store, name: str, exhaustive: bool, wall_s: float | None = None) -> Row:
    from mathtui.engine.evaluation import evaluate

    loaded = store.load(name)
    history = loaded.info.meta.get("history", [])
    report = evaluate(loaded, sample=20_000, exhaustive=exhaustive)
    mags = {"x".join(map(str, k)): w for k, _c, w, _r in report.analysis.by_magnitude.rows()}
    return Row(
        name=name,
        wall_s=wall_s if wall_s is not None else loaded.info.meta.get("train_seconds", 0.0),
        epochs=len(history),
        t99_s=time_to(history, 0.99),
        t999_s=time_to(history, 0.999),
        exact_match=report.exact_match,
        wrong=report.mistakes_total,
        checked=report.n,
        exhaustive=report.exhaustive,
        by_magnitude=mags,
    )


def table(rows: list[Row]) -> str:
    def fmt(v):
        return "-" if v is None else f"{v:,.0f} s"

    lines = [
        "| | " + " | ".join(r.name for r in rows) + " |",
        "| --- |" + " --- |" * len(rows),
        "| wall time | " + " | ".join(fmt(r.wall_s) for r in rows) + " |",
        "| epochs | " + " | ".join(str(r.epochs) for r in rows) + " |",
        "| time to 99 % val exact-match | " + " | ".join(fmt(r.t99_s) for r in rows) + " |",
        "| time to 99.9 % val exact-match | " + " | ".join(fmt(r.t999_s) for r in rows) + " |",
        "| exact-match, " + ("whole space" if rows[0].exhaustive else "fresh sample") + " | "
        + " | ".join(f"{r.exact_match:.4%} ({r.wrong:,} wrong of {r.checked:,})" for r in rows) + " |",
    ]
    buckets = sorted({k for r in rows for k in r.by_magnitude})
    for b in buckets:
        lines.append(f"| mistakes, operand digits {b} | " + " | ".join(str(r.by_magnitude.get(b, 0)) for r in rows) + " |")
    return "\n".join(lines)


def environment() -> str:
    import numpy

    from mathtui.engine.runtime import keras, tf

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    return (f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"TensorFlow {tf().__version__}, Keras {keras().__version__}, numpy {numpy.__version__}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny budgets: a smoke test, not a measurement")
    parser.add_argument("--models", nargs="+", help="compare these stored models instead of training")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args()

    from mathtui.engine.store import ModelStore
    from mathtui.engine.training import train
    from mathtui.presets import preset

    rows: list[Row] = []
    if args.models:
        store = ModelStore()
        rows = [measure(store, name, exhaustive=True) for name in args.models]
    else:
        root = Path(tempfile.mkdtemp(prefix="mathtui-learning-"))
        store = ModelStore(root=root, shipped=root / "none")
        for name in ("seed", "default"):
            config = preset(name)
            if args.quick:
                config = config.with_values(**{"train.epochs": 2, "dataset.examples": 6_000, "train.patience": 0})
            started = time.perf_counter()
            result = train(config)
            wall = time.perf_counter() - started
            store.save(result, name)
            rows.append(measure(store, name, exhaustive=not args.quick, wall_s=wall))
    print(environment())
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in rows], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
