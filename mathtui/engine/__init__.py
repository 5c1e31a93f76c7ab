"""The engine: model building, training, prediction, evaluation, the store.

Nothing here imports Textual, and TensorFlow is imported only inside the
functions that build or run a model (via :func:`mathtui.engine.runtime.tf`).
"""
