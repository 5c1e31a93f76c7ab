"""sample_1m_s, sample_wide_range_s: drawing and encoding training data."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def _sample_and_encode(config):
    from mathtui.encoding import Codec
    from mathtui.equations import EquationSpace, make_dataset

    space = EquationSpace(config)
    codec = Codec(space.input_len, space.output_len, config.reverse)

    def go():
        data = make_dataset(config)
        for part in (data.train, data.test):
            # Equations batches encode straight from their digit arrays.
            codec.encode_inputs(part)
            codec.encode_outputs(part)

    return go


def run(quick: bool) -> dict:
    from mathtui.config import DatasetConfig

    runs = 2 if quick else 7
    out = {}
    n = 1_000_000
    one_m = DatasetConfig(min_value=0, max_value=999, operations="+", examples=n, test_split=0.05, reverse=True, balanced=False, seed=0)
    out["sample_1m_s"] = common.median(common.repeat(_sample_and_encode(one_m), runs))
    wide = DatasetConfig(min_value=0, max_value=10**12, operations="+", examples=100_000, test_split=0.05, reverse=True, balanced=True, seed=0)
    out["sample_wide_range_s"] = common.median(common.repeat(_sample_and_encode(wide), runs))
    out["sampling_note"] = "make_dataset + Codec.encode_inputs/encode_outputs of train and test; wide range is balanced, 0..10^12 addition"
    return out


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
