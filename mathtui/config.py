"""Typed configuration for a run: what to learn, what to learn it with, how.

Configs are frozen dataclasses so a run's settings cannot drift while it
trains, and they round-trip through plain dicts so they can live in a model's
``meta.json``.  Validation returns *every* problem with the field it belongs
to, because the TUI flags each field inline while the CLI prints the first one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields, replace
from typing import Any

OPERATIONS = "+-*/"
MAX_OPERAND_DIGITS = 15
MAX_N_OPS = 4
MAX_DECIMALS = 6
LR_SCHEDULES = ("constant", "plateau", "cosine")


class ConfigError(ValueError):
    """A configuration cannot be used; ``str()`` is a one-line human message."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        super().__init__(problems[0].message if problems else "invalid configuration")


@dataclass(frozen=True)
class Problem:
    """One invalid setting: ``field`` is a dotted path such as ``dataset.max_value``."""

    field: str
    message: str


@dataclass(frozen=True)
class DatasetConfig:
    """Which equations exist and which of them the model sees."""

    min_value: int = 0
    max_value: int = 999
    operations: str = "+"
    n_ops: int = 1
    decimals: int = 0
    examples: int = 30_000
    test_split: float = 0.1
    reverse: bool = True
    balanced: bool = False
    seed: int = 0

    def problems(self) -> list[Problem]:
        out: list[Problem] = []

        def bad(name: str, message: str) -> None:
            out.append(Problem(f"dataset.{name}", message))

        if self.max_value < self.min_value:
            bad("max_value", f"max ({self.max_value}) is below min ({self.min_value})")
        for name in ("min_value", "max_value"):
            value = getattr(self, name)
            if len(str(abs(value))) > MAX_OPERAND_DIGITS:
                bad(name, f"operands are limited to {MAX_OPERAND_DIGITS} digits")
        if not self.operations:
            bad("operations", "choose at least one operation of + - * /")
        unknown = sorted({c for c in self.operations if c not in OPERATIONS})
        if unknown:
            bad("operations", f"unknown operation {''.join(unknown)!r}; use any of + - * /")
        if len(set(self.operations)) != len(self.operations):
            bad("operations", "an operation is listed twice")
        if not 1 <= self.n_ops <= MAX_N_OPS:
            bad("n_ops", f"operators per equation must be 1..{MAX_N_OPS}")
        if not 0 <= self.decimals <= MAX_DECIMALS:
            bad("decimals", f"decimals must be 0..{MAX_DECIMALS}")
        if "/" in self.operations and self.decimals == 0:
            bad("decimals", "division needs decimals >= 1 (results are rounded to that many places)")
        if "/" in self.operations and self.min_value == self.max_value == 0:
            bad("operations", "division needs a nonzero operand in the range")
        if self.examples < 2:
            bad("examples", "examples must be at least 2 (one to train on, one to test)")
        if not 0.0 < self.test_split < 1.0:
            bad("test_split", "test split must be strictly between 0 and 1")
        elif self.examples >= 2:
            n_test = held_out_count(self.examples, self.test_split)
            if n_test < 1 or n_test >= self.examples:
                bad("test_split", "test split leaves no training or no test examples")
        if not out:
            # Imported here: equations imports config, and the space is only
            # meaningful once the settings above are sane.
            from mathtui.equations import EquationSpace

            size = EquationSpace(self).size
            if self.examples > size:
                bad("examples", f"{self.examples:,} examples requested but the range holds only {size:,} equations")
        return out


@dataclass(frozen=True)
class ModelConfig:
    """Shape of the seq2seq network (the article's BiLSTM -> RepeatVector -> BiLSTM)."""

    hidden: int = 20
    encoder_depth: int = 1
    decoder_depth: int = 1
    dropout: float = 0.0
    batch_norm: bool = False

    def problems(self) -> list[Problem]:
        out: list[Problem] = []
        if not 1 <= self.hidden <= 1024:
            out.append(Problem("model.hidden", "hidden size must be 1..1024"))
        for name in ("encoder_depth", "decoder_depth"):
            if not 1 <= getattr(self, name) <= 4:
                out.append(Problem(f"model.{name}", f"{name.replace('_', ' ')} must be 1..4"))
        if not 0.0 <= self.dropout < 1.0:
            out.append(Problem("model.dropout", "dropout must be in [0, 1)"))
        return out


@dataclass(frozen=True)
class TrainConfig:
    """How the optimiser runs.  ``patience`` stops early on val exact-match."""

    lr: float = 0.01
    batch_size: int = 256
    epochs: int = 200
    lr_schedule: str = "constant"
    patience: int = 0
    lr_min: float = 1e-5

    def problems(self) -> list[Problem]:
        out: list[Problem] = []
        if not (self.lr > 0 and self.lr <= 10):
            out.append(Problem("train.lr", "learning rate must be > 0 (and at most 10)"))
        if not 1 <= self.batch_size <= 65536:
            out.append(Problem("train.batch_size", "batch size must be 1..65536"))
        if not 1 <= self.epochs <= 100_000:
            out.append(Problem("train.epochs", "epochs must be at least 1"))
        if self.lr_schedule not in LR_SCHEDULES:
            out.append(Problem("train.lr_schedule", f"learning-rate schedule must be one of {', '.join(LR_SCHEDULES)}"))
        if self.patience < 0:
            out.append(Problem("train.patience", "patience must be >= 0 (0 = never stop early)"))
        if not self.lr_min > 0:
            out.append(Problem("train.lr_min", "minimum learning rate must be > 0"))
        return out


@dataclass(frozen=True)
class RunConfig:
    """Everything a training run needs; what ``meta.json`` records."""

    dataset: DatasetConfig = field(default_factory=DatasetConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)

    def problems(self) -> list[Problem]:
        return self.dataset.problems() + self.model.problems() + self.train.problems()

    def validate(self) -> "RunConfig":
        problems = self.problems()
        if problems:
            raise ConfigError(problems)
        return self

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunConfig":
        """Build from a dict, ignoring unknown keys so newer metas still load."""
        return cls(
            dataset=_from(DatasetConfig, data.get("dataset", {})),
            model=_from(ModelConfig, data.get("model", {})),
            train=_from(TrainConfig, data.get("train", {})),
        )

    def with_values(self, **dotted: Any) -> "RunConfig":
        """``cfg.with_values(**{"dataset.max_value": 99})`` -> a changed copy."""
        parts: dict[str, dict[str, Any]] = {"dataset": {}, "model": {}, "train": {}}
        for key, value in dotted.items():
            section, _, name = key.partition(".")
            if section not in parts or name not in {f.name for f in fields(getattr(self, section))}:
                raise KeyError(key)
            parts[section][name] = value
        return RunConfig(
            dataset=replace(self.dataset, **parts["dataset"]),
            model=replace(self.model, **parts["model"]),
            train=replace(self.train, **parts["train"]),
        )


def _from(kind: type, data: dict[str, Any]):
    names = {f.name for f in fields(kind)}
    return kind(**{k: v for k, v in data.items() if k in names})


def held_out_count(examples: int, split: float) -> int:
    """How many of ``examples`` are held out; at least one whenever possible."""
    return max(1, int(round(examples * split)))
