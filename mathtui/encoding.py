"""Strings <-> integer id arrays for the network, and back with confidences.

Ids rather than one-hot floats: a uint8 id matrix of a million equations is
9 MB where the article's float one-hot is 500 MB, and the model one-hots
inside its graph.  Every model shares one fixed vocabulary, so a saved model
only needs to record it to be checked on load.

The end marker ``'\\0'`` ends each sequence and also pads it.  With
``reverse`` the text is reversed *before* padding, so the network reads and
writes the least significant digit first (what makes carries learnable).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

END = "\0"
VOCAB = END + " 0123456789+-*/."
END_ID = 0
VOCAB_SIZE = len(VOCAB)

_TO_ID = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate(VOCAB):
    _TO_ID[ord(_c)] = _i
_TO_BYTE = np.frombuffer(VOCAB.encode("ascii"), dtype=np.uint8)


class EncodingError(ValueError):
    """Text the vocabulary cannot hold or that does not fit the model."""


@dataclass(frozen=True)
class Decoded:
    """One decoded output: the text and each displayed character's probability."""

    text: str
    confidence: tuple[float, ...]
    end_confidence: float

    @property
    def lowest(self) -> float:
        return min((*self.confidence, self.end_confidence))


@dataclass(frozen=True)
class Codec:
    """Fixed-length encoding for one model's input and output lengths."""

    input_len: int
    output_len: int
    reverse: bool = True

    def encode_inputs(self, texts) -> np.ndarray:
        """Equation texts -> id rows.

        ``texts`` is a list of strings, or an :class:`~mathtui.equations.Equations`
        batch, whose texts are then encoded straight from its digit arrays
        (same ids, no Python strings built).
        """
        chars = getattr(texts, "text_chars", None)
        if chars is not None:
            return self._encode_chars(*chars, self.input_len)
        return self._encode(texts, self.input_len)

    def encode_outputs(self, texts) -> np.ndarray:
        """Result texts -> id rows, each ending in the end marker; for an
        :class:`~mathtui.equations.Equations` batch, its true results."""
        chars = getattr(texts, "result_chars", None)
        if chars is not None:
            return self._encode_chars(*chars, self.output_len, need_end=True)
        return self._encode(texts, self.output_len, need_end=True)

    def _encode_chars(self, codes: np.ndarray, lengths: np.ndarray, length: int, need_end: bool = False) -> np.ndarray:
        """ASCII code rows (NUL-padded, ``lengths`` long) -> id rows."""
        n = codes.shape[0]
        if n == 0:
            return np.zeros((0, length), dtype=np.uint8)
        room = length - 1 if need_end else length
        longest = int(lengths.max())
        if longest > room:
            raise EncodingError(f"text of {longest} characters does not fit (at most {room})")
        width = codes.shape[1]
        if width < length:
            codes = np.concatenate([codes, np.zeros((n, length - width), dtype=np.uint8)], axis=1)
        else:
            codes = codes[:, :length]
        if self.reverse:
            back = lengths[:, None] - 1 - np.arange(length)[None, :]
            codes = np.where(back >= 0, np.take_along_axis(codes, np.maximum(back, 0), axis=1), 0).astype(np.uint8)
        ids = _TO_ID[codes]
        if (ids == 255).any():
            row = int(np.flatnonzero((ids == 255).any(axis=1))[0])
            text = bytes(codes[row]).rstrip(b"\0").decode("ascii", "replace")
            chars = sorted({c for c in text if c not in VOCAB})
            raise EncodingError(f"character {chars[0]!r} is outside the vocabulary")
        return ids

    def _encode(self, texts: list[str], length: int, need_end: bool = False) -> np.ndarray:
        """Strings -> ASCII code rows, then the same path as an Equations batch."""
        if not texts:
            return np.zeros((0, length), dtype=np.uint8)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        room = length - 1 if need_end else length
        if int(lengths.max()) > room:  # checked first: numpy would silently truncate
            raise EncodingError(f"text of {int(lengths.max())} characters does not fit (at most {room})")
        try:
            raw = np.array(texts, dtype=f"S{length}")
        except UnicodeEncodeError as exc:
            raise EncodingError("text holds a character outside the vocabulary") from exc
        return self._encode_chars(raw.view(np.uint8).reshape(len(texts), length), lengths, length, need_end)

    def decode_ids(self, ids: np.ndarray) -> list[str]:
        """Id rows -> texts: everything before the first end marker, un-reversed."""
        ids = np.asarray(ids)
        if ids.shape[0] == 0:
            return []
        after_end = np.cumsum(ids == END_ID, axis=1) > 0
        codes = np.where(after_end, 0, _TO_BYTE[ids]).astype(np.uint8)
        texts = codes.view(f"S{ids.shape[1]}").ravel().astype(str).tolist()
        return [t[::-1] for t in texts] if self.reverse else texts

    def decode(self, ids: np.ndarray, conf: np.ndarray) -> list[Decoded]:
        """Predicted ids and their probabilities -> texts with per-character confidence."""
        texts = self.decode_ids(ids)
        out = []
        for text, row in zip(texts, np.asarray(conf, dtype=np.float64).tolist()):
            n = len(text)
            end = row[n] if n < len(row) else 0.0
            chars = row[:n][::-1] if self.reverse else row[:n]
            out.append(Decoded(text, tuple(chars), end))
        return out

    def decode_probs(self, probs: np.ndarray) -> list[Decoded]:
        ids = probs.argmax(axis=-1)
        return self.decode(ids, np.take_along_axis(probs, ids[..., None], axis=-1)[..., 0])
