"""Seeds derived from several integers, so independent streams never overlap by accident."""

from __future__ import annotations

import numpy as np

_MASK64 = (1 << 64) - 1


def derive_seed(*parts: int) -> int:
    """A 63-bit seed mixed from ``parts`` (any ints, negative allowed) for ``torch.Generator``."""
    # SeedSequence hashes its entropy well: (seed, 1) and (seed + 1, 0) give unrelated streams,
    # which a sum such as seed + epoch would not.
    entropy = [p & _MASK64 for p in parts]
    state = np.random.SeedSequence(entropy).generate_state(2, dtype=np.uint32)
    return ((int(state[0]) << 32) | int(state[1])) & ((1 << 63) - 1)
