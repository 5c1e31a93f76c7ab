"""Child process for the kill -9 trials: saves models into a store in a loop,
slowly, so that a SIGKILL lands in every phase of a save.  It uses the real
store code and a stand-in model whose ``save`` copies a real ``model.keras``
in small pieces (the store cannot tell the difference; TensorFlow is not
needed, which keeps each trial to a fraction of a second)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mathtui.engine.store import ModelStore
from mathtui.engine.training import TrainResult
from mathtui.presets import preset


class SlowCopyModel:
    def __init__(self, source: Path):
        self.source = source

    def save(self, path) -> None:
        with open(self.source, "rb") as src, open(path, "wb") as dst:
            while chunk := src.read(4096):
                dst.write(chunk)
                time.sleep(0.001)


def main(root: str, source: str) -> None:
    store = ModelStore(root=Path(root), shipped=Path(root) / ".no-shipped")
    result = TrainResult(config=preset("tiny"), status="completed", message="trial", model=SlowCopyModel(Path(source)), input_len=7, output_len=4)
    print("ready", flush=True)
    i = 0
    while True:
        store.save(result, f"m{i % 3}", force=True)  # replaces, the risky path
        store.save(result, f"new{i}")  # fresh names
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
