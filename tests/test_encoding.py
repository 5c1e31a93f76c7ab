"""Encoding strings for the network and decoding its answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathtui.encoding import END_ID, VOCAB, Codec, EncodingError


@pytest.mark.parametrize("reverse", [True, False])
def test_round_trip(reverse):
    codec = Codec(9, 5, reverse)
    texts = ["31 + 87", "0 + 0", "999 + 999"]
    assert codec.decode_ids(codec.encode_inputs(texts)) == texts
    assert codec.decode_ids(codec.encode_outputs(["118", "0", "1998"])) == ["118", "0", "1998"]


def test_reversal_puts_the_units_digit_first_and_pads_after_the_text():
    ids = Codec(9, 5, reverse=True).encode_outputs(["118"])
    assert [VOCAB[i] for i in ids[0]] == ["8", "1", "1", "\0", "\0"]
    plain = Codec(9, 5, reverse=False).encode_outputs(["118"])
    assert [VOCAB[i] for i in plain[0]] == ["1", "1", "8", "\0", "\0"]


def test_decoding_stops_at_the_first_end_marker():
    codec = Codec(9, 5, reverse=False)
    ids = np.array([[VOCAB.index("4"), END_ID, VOCAB.index("7"), VOCAB.index("7"), END_ID]])
    assert codec.decode_ids(ids) == ["4"]


def test_confidences_follow_the_displayed_characters():
    codec = Codec(9, 4, reverse=True)
    ids = codec.encode_outputs(["12"])  # '2', '1', end, end
    conf = np.array([[0.5, 0.9, 0.8, 0.99]])
    decoded = codec.decode(ids, conf)[0]
    assert decoded.text == "12"
    assert decoded.confidence == (0.9, 0.5)  # '1' then '2'
    assert decoded.end_confidence == 0.8 and decoded.lowest == 0.5


def test_text_that_does_not_fit_or_is_outside_the_vocabulary_is_refused():
    codec = Codec(5, 3)
    with pytest.raises(EncodingError, match="does not fit"):
        codec.encode_inputs(["123 + 4"])
    with pytest.raises(EncodingError, match="does not fit"):
        codec.encode_outputs(["123"])  # needs room for the end marker
    with pytest.raises(EncodingError, match="outside the vocabulary"):
        codec.encode_inputs(["1 ^ 2"])
    with pytest.raises(EncodingError):
        codec.encode_inputs(["１ + 2"])


@given(st.lists(st.text(alphabet=VOCAB[1:], min_size=0, max_size=12), min_size=1, max_size=20), st.booleans())
def test_any_vocabulary_text_round_trips(texts, reverse):
    texts = [t for t in texts if not t.endswith(" ") and not t.startswith(" ")] or ["1"]
    codec = Codec(12, 13, reverse)
    assert codec.decode_ids(codec.encode_inputs(texts)) == texts
