"""Named starting points for a run.

``seed`` is the article's configuration to the letter, kept as the baseline
every improvement is measured against.  The others are the recipes that
trained the shipped models (see ``benchmarks/RESULTS.md`` for their numbers).
"""

from __future__ import annotations

from mathtui.config import DatasetConfig, ModelConfig, RunConfig, TrainConfig

PRESETS: dict[str, RunConfig] = {
    "seed": RunConfig(
        DatasetConfig(min_value=0, max_value=999, operations="+", examples=30_000, test_split=0.1, reverse=False, balanced=False, seed=0),
        ModelConfig(hidden=20),
        TrainConfig(lr=0.01, batch_size=256, epochs=200),
    ),
    "default": RunConfig(
        DatasetConfig(min_value=0, max_value=999, operations="+", examples=100_000, test_split=0.05, reverse=True, balanced=True, seed=0),
        ModelConfig(hidden=64),
        TrainConfig(lr=0.01, batch_size=256, epochs=30, lr_schedule="cosine"),
    ),
    "subtract": RunConfig(
        DatasetConfig(min_value=0, max_value=999, operations="+-", examples=100_000, test_split=0.05, reverse=True, balanced=True, seed=0),
        ModelConfig(hidden=64),
        TrainConfig(lr=0.01, batch_size=256, epochs=16, lr_schedule="cosine"),
    ),
    "multiply": RunConfig(
        DatasetConfig(min_value=0, max_value=99, operations="*", examples=9_000, test_split=0.1, reverse=True, balanced=True, seed=0),
        ModelConfig(hidden=128),
        TrainConfig(lr=0.005, batch_size=64, epochs=80, lr_schedule="cosine"),
    ),
    "mixed": RunConfig(
        DatasetConfig(min_value=0, max_value=99, operations="+-*", n_ops=2, examples=100_000, test_split=0.05, reverse=True, balanced=True, seed=0),
        ModelConfig(hidden=64),
        TrainConfig(lr=0.01, batch_size=256, epochs=16, lr_schedule="cosine"),
    ),
    "divide": RunConfig(
        DatasetConfig(min_value=0, max_value=99, operations="/", decimals=2, examples=9_000, test_split=0.1, reverse=True, balanced=True, seed=0),
        ModelConfig(hidden=128),
        TrainConfig(lr=0.005, batch_size=64, epochs=80, lr_schedule="cosine"),
    ),
    "tiny": RunConfig(
        DatasetConfig(min_value=0, max_value=99, operations="+", examples=3_000, test_split=0.1, reverse=True, seed=0),
        ModelConfig(hidden=32),
        TrainConfig(lr=0.02, batch_size=32, epochs=20),
    ),
}


def preset(name: str) -> RunConfig:
    try:
        return PRESETS[name]
    except KeyError:
        raise KeyError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}") from None
