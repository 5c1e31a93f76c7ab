"""One quiet, lazy way to import TensorFlow and describe where it runs.

Importing TensorFlow costs seconds and prints C++ log noise, so every engine
module goes through :func:`tf` at the moment it needs a model, never at import.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from functools import lru_cache


@contextmanager
def native_stderr_silenced():
    """Send file descriptor 2 to /dev/null for a moment.

    TensorFlow's C++ side prints absl/cuda notices straight to fd 2 during
    import, whatever ``TF_CPP_MIN_LOG_LEVEL`` says; on a terminal they would
    scribble over progress bars.  Python-level ``sys.stderr`` is flushed first
    so nothing of ours is lost.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@lru_cache(maxsize=1)
def tf():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    with native_stderr_silenced():
        import tensorflow

        tensorflow.get_logger().setLevel("ERROR")
        tensorflow.config.list_physical_devices("GPU")
    return tensorflow


def keras():
    return tf().keras


@lru_cache(maxsize=1)
def gpus() -> tuple[str, ...]:
    return tuple(d.name for d in tf().config.list_physical_devices("GPU"))


def strategy():
    """MirroredStrategy across every visible GPU; the default strategy otherwise."""
    devices = gpus()
    if len(devices) > 1:
        return tf().distribute.MirroredStrategy()
    return tf().distribute.get_strategy()


def device_label() -> str:
    devices = gpus()
    if len(devices) > 1:
        return f"{len(devices)} GPUs (MirroredStrategy)"
    if devices:
        return "1 GPU"
    return f"CPU ({os.cpu_count()} cores)"
