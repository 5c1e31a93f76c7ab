"""mathtui: teach a small seq2seq LSTM to do arithmetic from strings."""

__version__ = "0.1.0"
