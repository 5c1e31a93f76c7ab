"""Small Textual messages that workers post to the app.

Workers run in threads; ``post_message`` is thread-safe and never blocks, so
every worker talks to the UI only through these.  High-rate progress is not
carried in messages at all: the worker writes the latest value into a slot
and posts a :class:`Tick` only when the previous one has been handled, so
the message queue can never back up.
"""

from __future__ import annotations

import threading
from typing import Any

from textual.message import Message


class ModelLoaded(Message):
    def __init__(self, loaded: Any, seconds: float) -> None:
        super().__init__()
        self.loaded = loaded
        self.seconds = seconds


class ModelLoadFailed(Message):
    def __init__(self, name: str, message: str) -> None:
        super().__init__()
        self.name = name
        self.message = message


class TrainEvent(Message):
    """One engine training event other than BatchProgress."""

    def __init__(self, event: Any) -> None:
        super().__init__()
        self.event = event


class TrainTick(Message):
    """The latest BatchProgress is waiting in the app's slot."""


class TrainDone(Message):
    def __init__(self, result: Any = None, error: str | None = None, name: str = "", force: bool = False) -> None:
        super().__init__()
        self.result = result
        self.error = error
        self.name = name
        self.force = force


class SaveDone(Message):
    def __init__(self, name: str, error: str | None = None) -> None:
        super().__init__()
        self.name = name
        self.error = error


class EvalTick(Message):
    """The latest EvaluationProgress is waiting in the app's slot."""


class EvalDone(Message):
    def __init__(self, result: Any = None, error: str | None = None) -> None:
        super().__init__()
        self.result = result
        self.error = error


class Slot:
    """Latest-value mailbox between a worker thread and the UI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: Any = None
        self._pending = False

    def put(self, value: Any) -> bool:
        """Store ``value``; True when the caller should post a tick."""
        with self._lock:
            self._value = value
            if self._pending:
                return False
            self._pending = True
            return True

    def take(self) -> Any:
        with self._lock:
            value, self._value, self._pending = self._value, None, False
            return value
