"""What a per-layer gradient profile shows, read from its numbers: does ‖∂L/∂W‖ grow toward
the input, shrink toward it, or stay even?

A deep plain net *with* batch norm has a profile that grows toward the input at initialisation
(He et al. 2015 §4.1; Yang et al. 2019); *without* batch norm it shrinks (the vanishing gradient
of Glorot & Bengio 2010). The read-out must name whichever it sees, so it never presumes one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FACTOR = 3.0
"""A ratio beyond 3× either way counts as a trend; ResNet-56 stays within this at initialisation."""

GROWING, SHRINKING, EVEN = "growing", "shrinking", "even"


@dataclass(frozen=True)
class DepthProfile:
    first: float
    """Median ‖∂L/∂W‖ of the quarter of layers nearest the input."""
    last: float
    """Median ‖∂L/∂W‖ of the quarter of layers nearest the output."""

    @property
    def ratio(self) -> float:
        """first / last: above 1 the input side gets more gradient."""
        return self.first / self.last

    @property
    def trend(self) -> str:
        """GROWING (toward the input), SHRINKING (toward the input) or EVEN."""
        if self.ratio > FACTOR:
            return GROWING
        if self.ratio < 1.0 / FACTOR:
            return SHRINKING
        return EVEN


def depth_profile(row: np.ndarray | None) -> DepthProfile | None:
    """The input-side and output-side quarter of a profile in forward order, or None when it has
    fewer than 4 layers or a quarter without a positive finite median."""
    if row is None or len(row) < 4:
        return None
    values = np.asarray(row, dtype=np.float64)
    q = max(1, len(values) // 4)
    # Medians of the finite values: np.nanmedian would import numpy.ma on its first call, 30 ms
    # of the GUI thread's time while a run trains.
    head, tail = values[:q], values[-q:]
    head, tail = head[np.isfinite(head)], tail[np.isfinite(tail)]
    if not (head.size and tail.size):
        return None
    first, last = float(np.median(head)), float(np.median(tail))
    if not (first > 0 and last > 0 and math.isfinite(first) and math.isfinite(last)):
        return None
    return DepthProfile(first, last)
