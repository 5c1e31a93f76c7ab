"""kill -9 trials of real `mathtui train` runs (reliability issue).

    python benchmarks/kill_trials.py [N]     default 20 trials

Each trial starts `mathtui train --preset tiny` on a short budget into one
shared store, kills it with SIGKILL at a random moment (a third of the trials
aim at the save itself: they wait for the save's temp folder to appear), then
checks that every listed model is whole and that no half-written folder is
visible.  A final run must train and save normally.  Prints the counts.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mathtui.engine.store import ModelStore  # noqa: E402

CMD = [sys.executable, "-m", "mathtui.cli", "train", "--preset", "tiny", "--epochs", "2", "--examples", "600", "--quiet"]


def main() -> int:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    root = Path(tempfile.mkdtemp(prefix="mathtui-kill-"))
    env = {**os.environ, "MATHTUI_MODELS_DIR": str(root)}
    rng = random.Random(11)
    # Every trial replaces one of four existing models (--force), the riskiest
    # path: after each kill all four must still be there, whole, old or new.
    first = subprocess.run(CMD + ["--name", "run0"], env=env, capture_output=True, text=True)
    if first.returncode != 0:
        print(first.stderr)
        return 1
    for k in range(1, 4):
        shutil.copytree(root / "run0", root / f"run{k}")
    bad = 0
    during_save = 0
    for i in range(trials):
        proc = subprocess.Popen(CMD + ["--name", f"run{i % 4}", "--force"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        aim_at_save = i % 3 == 2
        if aim_at_save:
            deadline = time.time() + 120
            while time.time() < deadline and not any(p.name.startswith(".tmp-") for p in (root.iterdir() if root.exists() else [])):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.3))
        else:
            time.sleep(rng.uniform(0.5, 12.0))
        finished = proc.poll() is not None
        proc.kill()
        proc.wait()
        hit_save = aim_at_save and not finished
        during_save += hit_save
        infos = ModelStore(root=root, shipped=root / ".none").list()
        broken = [(x.name, x.error) for x in infos if not x.ok]
        hidden = [p.name for p in root.iterdir() if p.name.startswith(".")] if root.exists() else []
        missing = {f"run{k}" for k in range(4)} - {x.name for x in infos}
        bad += bool(broken) or bool(missing)
        print(f"trial {i + 1:2d}: {'during save' if hit_save else ('after exit' if finished else 'mid-run'):11s} "
              f"models {[x.name for x in infos]} broken {broken} missing {sorted(missing)} leftovers {hidden}", flush=True)
    final = subprocess.run(CMD + ["--name", "final"], env=env, capture_output=True, text=True)
    ok = final.returncode == 0 and ModelStore(root=root, shipped=root / ".none").get("final").ok
    print(f"{trials} kills ({during_save} during a save): {bad} left a broken or missing model; next run {'worked' if ok else 'FAILED'}")
    return 0 if ok and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
