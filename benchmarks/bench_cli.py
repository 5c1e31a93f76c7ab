"""help_s: ``mathtui --help`` wall time (a fresh process each run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def run(quick: bool) -> dict:
    exe = common.VENV_BIN / "mathtui"
    cmd = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "mathtui.cli", "--help"]

    def go():
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    times = common.repeat(go, 5 if quick else 15, warmup=2)
    return {"help_s": common.median(times), "help_s_min": min(times)}


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
