"""Run the benchmarks: ``python benchmarks/run.py [FIGURE|GROUP ...] [--quick] [--out PATH]``.

Prints a table (figure, value, target, pass/fail) and writes
``benchmarks/results/latest.json`` (or ``--out``): one key per figure, plus
context under ``"context"``.  Naming figures (``predict_ms``, ``help_s``, a
group such as ``evaluation``) runs only the groups that produce them and
merges their figures into the existing JSON.  Full runs give every group its
own process (TensorFlow state, memory); ``--quick`` runs them in this one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

# figure -> (group, op, target, unit)
TARGETS: dict[str, tuple[str, str, float | None, str]] = {
    "help_s": ("cli", "<=", 0.5, "s"),
    "first_frame_s": ("tui", "<=", 1.0, "s"),
    "predict_ms_p50": ("predict", "<=", 5.0, "ms"),
    "predict_ms_p95": ("predict", "<=", 15.0, "ms"),
    "predict_speedup_vs_keras_predict": ("predict", ">=", 10.0, "x"),
    "eval_full_space_s": ("evaluation", "<=", 20.0, "s"),
    "eval_speedup_vs_keras_predict": ("evaluation", ">=", 1.5, "x"),
    "eval_peak_rss_mb": ("evaluation", "<=", 300.0, "MB"),
    "sample_1m_s": ("sampling", "<=", 2.0, "s"),
    "sample_wide_range_s": ("sampling", "<=", 1.0, "s"),
    "train_samples_per_s_ratio": ("training", ">=", 1.0, "x"),
    "ui_loop_lag_ms_p95": ("tui", "<=", 50.0, "ms"),
    "tui_rss_mb": ("tui", "report", None, "MB"),
}
GROUPS = {"cli": "bench_cli", "sampling": "bench_sampling", "predict": "bench_predict",
          "evaluation": "bench_evaluation", "training": "bench_training", "tui": "bench_tui"}
ORDER = ["cli", "sampling", "predict", "evaluation", "training", "tui"]
DEFAULT_OUT = common.RESULTS / "latest.json"


def groups_for(names: list[str]) -> list[str]:
    if not names:
        return list(ORDER)
    wanted = set()
    for name in names:
        if name in GROUPS:
            wanted.add(name)
            continue
        hits = {g for key, (g, *_rest) in TARGETS.items() if key == name or key.startswith(name)}
        if not hits:
            raise SystemExit(f"unknown figure or group {name!r}; figures: {', '.join(TARGETS)}; groups: {', '.join(GROUPS)}")
        wanted |= hits
    return [g for g in ORDER if g in wanted]


def run_group(group: str, quick: bool, isolate: bool) -> dict:
    t0 = time.perf_counter()
    if isolate:
        proc = subprocess.run([sys.executable, __file__, "--child", group] + (["--quick"] if quick else []),
                              capture_output=True, text=True)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode or not lines:
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            out = {k: None for k, (g, *_r) in TARGETS.items() if g == group}
            out.update({f"{k}_reason": f"benchmark failed: {tail}"[:300] for k in list(out)})
        else:
            out = json.loads(lines[-1])
    else:
        try:
            module = __import__(GROUPS[group])
            out = module.run(quick)
        except Exception as exc:  # noqa: BLE001 -- one broken benchmark must not hide the others
            out = {k: None for k, (g, *_r) in TARGETS.items() if g == group}
            out.update({f"{k}_reason": f"benchmark failed: {type(exc).__name__}: {exc}"[:300] for k in list(out)})
    out[f"{group}_seconds"] = time.perf_counter() - t0
    return out


def verdict(key: str, value) -> str:
    _, op, target, _ = TARGETS[key]
    if value is None:
        return "n/a"
    if op == "report" or target is None:
        return "report"
    ok = value <= target if op == "<=" else value >= target
    return "pass" if ok else "FAIL"


def table(figures: dict, context: dict) -> str:
    rows = [("figure", "value", "target", "result")]
    for key, (_, op, target, unit) in TARGETS.items():
        if key not in figures:
            continue
        value = figures[key]
        shown = "null" if value is None else f"{value:.3g} {unit}" if abs(value) < 1000 else f"{value:,.0f} {unit}"
        goal = "report" if op == "report" else f"{op} {target:g} {unit}"
        rows.append((key, shown, goal, verdict(key, value)))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    reasons = [f"  {k[:-7]}: {v}" for k, v in context.items() if k.endswith("_reason") and v]
    if reasons:
        lines += ["", "not measured:"] + reasons
    return "\n".join(lines)


def machine() -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {"python": platform.python_version()}
    for mod in ("numpy", "tensorflow", "keras", "textual", "rich"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:  # noqa: BLE001
            versions[mod] = None
    return {"cores": os.cpu_count(), "cpu": cpu, "loadavg": open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else None,
            "versions": versions}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="figures (or prefixes) or groups to run; default: all")
    ap.add_argument("--quick", action="store_true", help="reduced sizes: the whole set in about a minute")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run_group(args.child, args.quick, isolate=False)), flush=True)
        return 0
    groups = groups_for(args.names)
    results: dict = {}
    for group in groups:
        print(f"[bench] {group} ...", file=sys.stderr, flush=True)
        results.update(run_group(group, args.quick, isolate=not args.quick))
    figures = {k: results.get(k) for k, (g, *_r) in TARGETS.items() if g in groups}
    context = {k: v for k, v in results.items() if k not in TARGETS}
    data: dict = {}
    if args.names and args.out.exists():
        try:
            data = json.loads(args.out.read_text())
        except ValueError:
            data = {}
    data.update(figures)
    ctx = data.get("context", {})
    ctx.update(context)
    for key in TARGETS:  # a figure measured now drops the reason an older run left
        if data.get(key) is not None:
            ctx.pop(f"{key}_reason", None)
    ctx.update({"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "quick": args.quick, "groups_run": groups, "machine": machine()})
    data["context"] = ctx
    data["verdicts"] = {k: verdict(k, data.get(k)) for k in TARGETS if k in data}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(table(figures, context))
    print(f"\nwrote {args.out}" + (f"; model: {context['model_used']}" if "model_used" in context else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
