"""TensorBoard's smoothing: a debiased exponential moving average, computed incrementally.

``weight`` w in [0, 1): s_t = w·s_{t-1} + (1-w)·x_t, divided by (1 - w^n) so the first
points are not pulled toward zero. Non-finite values pass through and do not touch the
state, as in TensorBoard. A live run appends a few points per refresh, so the cache only
walks the new ones; a closed form (cumsum of w^-t) would overflow for long runs.
"""

from __future__ import annotations

import math

import numpy as np


def ema(values: np.ndarray, weight: float) -> np.ndarray:
    """Smoothed copy of values (float64)."""
    return EmaCache().update(values, weight)


class EmaCache:
    """Smooths a growing series, walking only the samples appended since the last call."""

    def __init__(self) -> None:
        self.weight = -1.0
        self._out = np.empty(0, dtype=np.float64)
        self._n = 0
        self._last = 0.0
        self._count = 0

    def reset(self) -> None:
        self.weight = -1.0
        self._n = 0

    def update(self, values: np.ndarray, weight: float) -> np.ndarray:
        """Smoothed values (a view valid until the next call)."""
        n = len(values)
        if weight != self.weight or n < self._n:
            self.weight, self._n, self._last, self._count = weight, 0, 0.0, 0
        if n > len(self._out):
            grown = np.empty(max(n, 2 * len(self._out), 256), dtype=np.float64)
            grown[: self._n] = self._out[: self._n]
            self._out = grown
        if weight <= 0.0:
            self._out[self._n:n] = values[self._n:n]
        else:
            self._walk(values, n, weight)
        self._n = n
        return self._out[:n]

    def _walk(self, values: np.ndarray, n: int, w: float) -> None:
        last, count, out = self._last, self._count, self._out
        isfinite = math.isfinite
        for i, x in enumerate(values[self._n:n].tolist(), start=self._n):
            if not isfinite(x):
                out[i] = x
                continue
            last = last * w + (1.0 - w) * x
            count += 1
            out[i] = last / (1.0 - w**count)
        self._last, self._count = last, count
