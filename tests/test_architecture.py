"""The core stays pure: importing it must not drag in TensorFlow or Textual.

Run in a fresh interpreter, because this test process may already have
imported both for other tests.
"""

import subprocess
import sys

CORE = [
    "mathtui",
    "mathtui.config",
    "mathtui.presets",
    "mathtui.equations",
    "mathtui.evaluator",
    "mathtui.encoding",
    "mathtui.mistakes",
    "mathtui.engine.events",
    "mathtui.engine.store",
    "mathtui.cli",
]


def _imported_after(modules: list[str], code: str = "") -> set[str]:
    script = "import sys\n" + "".join(f"import {m}\n" for m in modules) + code + "\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_core_imports_neither_tensorflow_nor_textual():
    loaded = _imported_after(CORE)
    assert "numpy" in loaded  # the check itself works: the core does use numpy
    assert not {m for m in loaded if m.split(".")[0] in {"tensorflow", "keras", "textual"}}


def test_store_listing_does_not_import_tensorflow(tmp_path):
    loaded = _imported_after(["mathtui.engine.store"], f"mathtui.engine.store.ModelStore(root={str(tmp_path)!r}).list()")
    assert "tensorflow" not in loaded


def test_help_does_not_import_tensorflow():
    code = "import mathtui.cli\ntry:\n    mathtui.cli.main(['--help'])\nexcept SystemExit:\n    pass"
    loaded = _imported_after([], code)
    assert "mathtui.cli" in loaded
    assert "tensorflow" not in loaded and "textual" not in loaded


def test_engine_modules_do_not_import_textual():
    loaded = _imported_after(["mathtui.engine.training", "mathtui.engine.evaluation", "mathtui.engine.prediction"])
    assert not {m for m in loaded if m.startswith("textual")}
