"""The article's seq2seq network, kept to one screen as in Keras' addition_rnn.

ids -> fixed one-hot (a frozen identity Embedding: a standard layer, so a
``.keras`` file loads in safe mode with no custom code) -> BiLSTM encoder ->
RepeatVector(output_len) -> BiLSTM decoder -> per-step softmax.
"""

from __future__ import annotations

from mathtui.config import ModelConfig
from mathtui.encoding import VOCAB_SIZE
from mathtui.engine.runtime import keras


def build_model(config: ModelConfig, input_len: int, output_len: int, lr: float):
    k = keras()
    layers = k.layers
    inputs = k.Input(shape=(input_len,), dtype="int32", name="ids")
    x = layers.Embedding(VOCAB_SIZE, VOCAB_SIZE, embeddings_initializer="identity", trainable=False, name="one_hot")(inputs)
    for i in range(config.encoder_depth):
        last = i == config.encoder_depth - 1
        x = layers.Bidirectional(layers.LSTM(config.hidden, return_sequences=not last), name=f"encoder_{i + 1}")(x)
        x = _regularise(x, config, f"encoder_{i + 1}")
    x = layers.RepeatVector(output_len, name="repeat")(x)
    for i in range(config.decoder_depth):
        x = layers.Bidirectional(layers.LSTM(config.hidden, return_sequences=True), name=f"decoder_{i + 1}")(x)
        x = _regularise(x, config, f"decoder_{i + 1}")
    outputs = layers.TimeDistributed(layers.Dense(VOCAB_SIZE, activation="softmax"), name="chars")(x)
    model = k.Model(inputs, outputs, name="mathtui_seq2seq")
    model.compile(
        optimizer=k.optimizers.Adam(learning_rate=lr),
        loss="sparse_categorical_crossentropy",
        metrics=["sparse_categorical_accuracy"],
    )
    return model


def _regularise(x, config: ModelConfig, name: str):
    layers = keras().layers
    if config.batch_norm:
        x = layers.BatchNormalization(name=f"{name}_bn")(x)
    if config.dropout > 0:
        x = layers.Dropout(config.dropout, name=f"{name}_dropout")(x)
    return x
