"""Typed events that training and evaluation emit while they run.

They are plain frozen dataclasses, so any consumer (a Rich progress bar, a
Textual worker posting messages, a test collecting a list) can take them
without importing TensorFlow.  Exact-match is the headline metric; character
accuracy is carried and labelled as secondary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union


@dataclass(frozen=True)
class TrainingStarted:
    train_size: int
    test_size: int
    steps_per_epoch: int
    epochs: int
    input_len: int
    output_len: int
    parameters: int
    device: str


@dataclass(frozen=True)
class BatchProgress:
    """Throttled: at most about ten a second."""

    epoch: int  # 1-based
    step: int
    steps: int
    loss: float
    seconds: float  # since the epoch began

    @property
    def eta(self) -> float:
        return self.seconds / self.step * (self.steps - self.step) if self.step else 0.0


@dataclass(frozen=True)
class EpochEnd:
    epoch: int  # 1-based
    loss: float
    char_accuracy: float
    val_loss: float
    val_char_accuracy: float
    val_exact_match: float
    seconds: float
    lr: float
    best: bool  # the best val exact-match so far (this is what gets saved)
    exact_match: float = float("nan")  # on a fixed sample of the training set


@dataclass(frozen=True)
class ExamplePrediction:
    equation: str
    predicted: str
    expected: str

    @property
    def correct(self) -> bool:
        return self.predicted == self.expected


@dataclass(frozen=True)
class Examples:
    epoch: int
    items: tuple[ExamplePrediction, ...]


@dataclass(frozen=True)
class TrainingFinished:
    status: str  # "completed" | "stopped" | "failed"
    message: str
    epochs_run: int
    best_epoch: int
    best_val_exact_match: float
    seconds: float


@dataclass(frozen=True)
class EvaluationProgress:
    done: int
    total: int
    seconds: float


@dataclass(frozen=True)
class EvaluationFinished:
    status: str  # "completed" | "stopped" | "failed"
    message: str
    done: int
    seconds: float


Event = Union[TrainingStarted, BatchProgress, EpochEnd, Examples, TrainingFinished, EvaluationProgress, EvaluationFinished]
EventSink = Callable[[Event], None]


def ignore(_event: Event) -> None:
    """The sink used when the caller passes none."""


@dataclass
class Collector:
    """A sink that keeps every event; handy in tests and scripts."""

    events: list = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]
