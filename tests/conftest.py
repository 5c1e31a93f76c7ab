"""Shared fixtures: every test gets its own empty model store, so nothing a
test trains or breaks can touch a real user's models."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch):
    root = tmp_path / "user-models"
    monkeypatch.setenv("MATHTUI_MODELS_DIR", str(root))
    return root


@pytest.fixture(scope="session")
def tiny_result():
    """A quickly trained (not good) 0..9 addition model, shared by the tests
    that need a real Keras model but not a clever one."""
    from mathtui.engine.training import train
    from mathtui.presets import preset

    config = preset("tiny").with_values(**{"dataset.max_value": 9, "dataset.examples": 100, "dataset.test_split": 0.2, "train.epochs": 2})
    result = train(config)
    assert result.saveable, result.message
    return result
