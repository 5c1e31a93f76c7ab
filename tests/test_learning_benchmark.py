"""The learning benchmark keeps working (its --quick smoke run; no targets)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_learning_benchmark_quick_compares_seed_and_default(tmp_path):
    out = tmp_path / "rows.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "learning.py"), "--quick", "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = json.loads(out.read_text())
    assert [r["name"] for r in rows] == ["seed", "default"]
    for r in rows:
        assert r["epochs"] == 2 and r["checked"] == 20_000 and 0.0 <= r["exact_match"] <= 1.0
    assert "| time to 99 % val exact-match |" in proc.stdout
