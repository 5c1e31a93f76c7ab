"""The benchmark suite runs (``--quick``) and reports every figure as a number.

Targets are not asserted here: they are machine-dependent and are tracked in
benchmarks/RESULTS.md.  A figure may be null only with a reason recorded.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import TARGETS  # noqa: E402


@pytest.mark.slow
def test_quick_benchmarks_write_every_figure(tmp_path):
    out = tmp_path / "latest.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text())
    missing = [k for k in TARGETS if k not in data]
    assert not missing, f"figures missing from the JSON: {missing}"
    context = data["context"]
    for key in TARGETS:
        value = data[key]
        if value is None:
            assert context.get(f"{key}_reason"), f"{key} is null without a reason"
        else:
            assert isinstance(value, (int, float)) and value == value, f"{key} is not a number: {value!r}"
    assert context.get("model_used")
