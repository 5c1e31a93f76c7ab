"""The model store: folders of ``model.keras`` + ``meta.json``.

Two roots.  Shipped models (the top-level ``models/`` folder, bundled into the
wheel as ``mathtui/_models``) are read-only.  User models live in
``$MATHTUI_MODELS_DIR`` or the platform's user data dir.

Listing never imports TensorFlow and never raises: it checks each folder with
the zip and JSON readers and reports what is wrong with a broken one.  Saving
writes a hidden temp folder, fsyncs it, then renames it into place, so an
interrupted save leaves either the old model or the new one, never a half.
Replacing moves the old folder aside first and restores it if anything fails;
a crash between the two renames is healed on the next listing.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mathtui.config import RunConfig
from mathtui.encoding import VOCAB

META_VERSION = 1
MODEL_FILE = "model.keras"
META_FILE = "meta.json"
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


class StoreError(Exception):
    """A store operation that could not be done; ``str()`` is one line."""


@dataclass
class ModelInfo:
    """One entry of the store, whole or broken."""

    name: str
    path: Path
    shipped: bool
    ok: bool
    error: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> RunConfig:
        return RunConfig.from_dict(self.meta.get("config", {}))

    @property
    def metrics(self) -> dict[str, Any]:
        return self.meta.get("metrics", {})

    def describe(self) -> str:
        """'0..999 +, 1 op, reversed' -- what it was trained on, in a few words."""
        if not self.ok:
            return "broken"
        d = self.config.dataset
        extra = [f"{d.n_ops} ops" if d.n_ops > 1 else "", "reversed" if d.reverse else "", f"{d.decimals} dp" if d.decimals else ""]
        return ", ".join([f"{d.min_value}..{d.max_value} {' '.join(d.operations)}"] + [e for e in extra if e])

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "shipped": self.shipped,
            "ok": self.ok,
            "error": self.error,
            "dataset": self.meta.get("config", {}).get("dataset") if self.ok else None,
            "metrics": self.metrics if self.ok else None,
        }


@dataclass
class LoadedModel:
    """A model ready to answer: its store entry and a :class:`Predictor`."""

    info: ModelInfo
    predictor: Any

    @property
    def name(self) -> str:
        return self.info.name


def shipped_dir() -> Path:
    """Bundled models in an installed wheel; the checkout's ``models/`` otherwise."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "_models"
    return bundled if bundled.is_dir() else package.parent / "models"


def user_dir() -> Path:
    env = os.environ.get("MATHTUI_MODELS_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mathtui", appauthor=False)) / "models"


def check_name(name: str) -> str:
    if not name or len(name) > 64 or not set(name) <= NAME_CHARS or name.startswith("."):
        raise StoreError(f"invalid model name {name!r}: use 1-64 letters, digits, '-', '_' or '.', not starting with '.'")
    return name


def inspect(path: Path, shipped: bool) -> ModelInfo:
    """Read one folder's meta and check its files, without TensorFlow."""
    info = ModelInfo(name=path.name, path=path, shipped=shipped, ok=False)
    try:
        if not path.is_dir():
            info.error = "not a folder"
            return info
        meta_path, model_path = path / META_FILE, path / MODEL_FILE
        if not meta_path.is_file():
            info.error = f"{META_FILE} is missing" if model_path.exists() else "empty folder: no model.keras, no meta.json"
            return info
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            info.error = f"{META_FILE} is not valid JSON ({exc.__class__.__name__})"
            return info
        if not isinstance(meta, dict):
            info.error = f"{META_FILE} does not hold an object"
            return info
        if meta.get("format") != META_VERSION:
            info.error = f"unknown meta format {meta.get('format')!r} (this mathtui reads {META_VERSION})"
            return info
        if not model_path.is_file():
            info.error = f"{MODEL_FILE} is missing"
            return info
        if not zipfile.is_zipfile(model_path):
            info.error = f"{MODEL_FILE} is truncated or not a Keras archive"
            return info
        with zipfile.ZipFile(model_path) as archive:
            if archive.testzip() is not None:
                info.error = f"{MODEL_FILE} is corrupt (bad checksum)"
                return info
            try:
                keras_config = json.loads(archive.read("config.json"))
            except (KeyError, ValueError):
                info.error = f"{MODEL_FILE} holds no model config"
                return info
        problem = _vocab_problem(meta, keras_config)
        if problem:
            info.error = problem
            return info
        try:
            RunConfig.from_dict(meta.get("config", {})).validate()
        except Exception as exc:  # noqa: BLE001 -- any bad config makes the entry broken
            info.error = f"meta.json config is invalid: {exc}"
            return info
        info.meta = meta
        info.ok = True
    except OSError as exc:
        info.error = f"cannot read: {exc.strerror or exc}"
    return info


def _vocab_problem(meta: dict, keras_config: dict) -> str | None:
    if meta.get("vocab") != VOCAB:
        return "meta.json vocabulary differs from this mathtui's"
    widths = set()
    for layer in keras_config.get("config", {}).get("layers", []):
        cfg = layer.get("config", {})
        if layer.get("class_name") == "Embedding":
            widths.add(cfg.get("input_dim"))
        if layer.get("class_name") == "TimeDistributed":
            widths.add(cfg.get("layer", {}).get("config", {}).get("units"))
    if widths != {len(VOCAB)}:
        return f"model's vocabulary size {sorted(w for w in widths if w is not None)} does not match meta.json ({len(VOCAB)})"
    return None


class ModelStore:
    """Shipped and user models, by name.  User names may not shadow shipped ones."""

    def __init__(self, root: Path | None = None, shipped: Path | None = None):
        self.root = Path(root) if root is not None else user_dir()
        self.shipped_root = Path(shipped) if shipped is not None else shipped_dir()

    # -- reading -----------------------------------------------------------

    def list(self) -> list[ModelInfo]:
        out: list[ModelInfo] = []
        seen: set[str] = set()
        for root, shipped in ((self.shipped_root, True), (self.root, False)):
            if not shipped:
                self._heal()
            try:
                entries = sorted(p for p in root.iterdir() if not p.name.startswith("."))
            except OSError:
                continue
            for path in entries:
                if path.name in seen:
                    continue
                seen.add(path.name)
                out.append(inspect(path, shipped))
        return out

    def get(self, name: str) -> ModelInfo:
        for info in self.list():
            if info.name == name:
                return info
        known = ", ".join(i.name for i in self.list() if i.ok) or "none"
        raise StoreError(f"no model named {name!r} (available: {known})")

    def load(self, name: str) -> LoadedModel:
        """Load a whole model; a broken one raises :class:`StoreError` with the reason."""
        info = self.get(name)
        if not info.ok:
            raise StoreError(f"model {name!r} is broken: {info.error}")
        from mathtui.engine.prediction import Predictor
        from mathtui.engine.runtime import keras

        try:
            model = keras().models.load_model(info.path / MODEL_FILE, compile=False)
        except Exception as exc:  # noqa: BLE001 -- Keras raises many kinds
            raise StoreError(f"model {name!r} could not be loaded: {str(exc).splitlines()[0][:200]}") from exc
        meta = info.meta
        predictor = Predictor(model, info.config.dataset, int(meta["input_len"]), int(meta["output_len"]))
        return LoadedModel(info, predictor)

    # -- writing -----------------------------------------------------------

    def exists(self, name: str) -> bool:
        return (self.root / name).exists() or (self.shipped_root / name).exists()

    def check_save(self, name: str, force: bool = False) -> None:
        """Raise :class:`StoreError` if ``name`` cannot be saved (with ``force``).

        The CLI and the TUI call this before a run starts, so nobody trains for
        an hour towards a name the store will refuse; :meth:`save` calls it again.
        """
        check_name(name)
        if (self.shipped_root / name).exists():
            raise StoreError(f"{name!r} is a shipped model and cannot be replaced; choose another name")
        if (self.root / name).exists() and not force:
            raise StoreError(f"a model named {name!r} already exists; pass --force to replace it")

    def save(self, result, name: str, force: bool = False) -> ModelInfo:
        """Write a :class:`~mathtui.engine.training.TrainResult` as ``name``."""
        self.check_save(name, force)
        target = self.root / name
        if not result.saveable:
            raise StoreError("this run produced no model to save")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the models folder {self.root}: {exc.strerror or exc}") from exc
        temp = self.root / f".tmp-{name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            temp.mkdir()
            result.model.save(temp / MODEL_FILE)
            _write_json(temp / META_FILE, build_meta(result, name))
            _fsync_dir(temp)
            self._swap_in(temp, target)
        except Exception as exc:
            shutil.rmtree(temp, ignore_errors=True)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"could not save {name!r} in {self.root}: {reason}; older models are unchanged") from exc
        return inspect(target, shipped=False)

    def _swap_in(self, temp: Path, target: Path) -> None:
        if not target.exists():
            os.rename(temp, target)
            _fsync_dir(self.root)
            return
        old = self.root / f".old-{target.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        os.rename(target, old)
        try:
            os.rename(temp, target)
        except OSError:
            os.rename(old, target)
            raise
        _fsync_dir(self.root)
        shutil.rmtree(old, ignore_errors=True)

    def _heal(self) -> None:
        """Finish or undo saves that a killed process left half done."""
        try:
            leftovers = [p for p in self.root.iterdir() if p.name.startswith((".tmp-", ".old-"))]
        except OSError:
            return
        for path in leftovers:
            kind, rest = path.name[1:4], path.name[5:]
            parts = rest.rsplit("-", 2)
            if len(parts) != 3 or not parts[1].isdigit() or _alive(int(parts[1])):
                continue
            name = parts[0]
            try:
                if kind == "old" and not (self.root / name).exists():
                    os.rename(path, self.root / name)  # crash between the two renames
                else:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass


def rescue(result, name: str) -> str:
    """Keep a run that the store could not take, and say where it went.

    Used after :meth:`ModelStore.save` failed (disk full, folder not
    writable): the system temp folder is tried, so hours of training are not
    silently lost.
    """
    import tempfile

    base = Path(tempfile.gettempdir())
    spare = ModelStore(root=base / "mathtui-rescue", shipped=base / "mathtui-rescue-none")
    try:
        info = spare.save(result, name, force=True)
    except StoreError as exc:
        return f"the trained model could not be kept anywhere ({exc})"
    return f"the trained model was kept in {info.path}; move that folder into the models folder to use it"


def build_meta(result, name: str) -> dict[str, Any]:
    import numpy

    versions = {"mathtui": _version(), "numpy": numpy.__version__}
    for module in ("tensorflow", "keras"):  # loaded already by whoever trained the model
        if module in sys.modules:
            versions[module] = getattr(sys.modules[module], "__version__", "unknown")
    return {
        "format": META_VERSION,
        "name": name,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "config": result.config.to_dict(),
        "vocab": VOCAB,
        "input_len": result.input_len,
        "output_len": result.output_len,
        "status": result.status,
        "message": result.message,
        "metrics": result.metrics(),
        "history": result.history_dicts(),
        "train_seconds": round(result.seconds, 2),
        "train_size": result.train_size,
        "test_size": result.test_size,
        "device": result.device,
        "versions": versions,
    }


def _version() -> str:
    from mathtui import __version__

    return __version__


def _write_json(path: Path, data: Any) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    for child in path.iterdir() if path.is_dir() else []:
        if child.is_file():
            with open(child, "rb") as fh:
                os.fsync(fh.fileno())
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def default_name(preset_name: str | None) -> str:
    return f"{preset_name or 'custom'}-{time.strftime('%Y%m%d-%H%M%S')}"
