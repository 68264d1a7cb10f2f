"""The one smoothing of train curves, live and in the explorer: a debiased exponential moving
average, as TensorBoard's, that never smooths over more than a tenth of the series.

``weight`` w in [0, 1): s_t = w·s_{t-1} + (1-w)·x_t, divided by (1 - w^n) so the first points
are not pulled toward zero. Non-finite values pass through and do not touch the state, as in
TensorBoard. The average spans about 1/(1-w) points; on a short series (7 points at w = 0.9)
that is the whole run, and a late noisy point then bends the smoothed curve against the raw
one. So the weight is capped at 1 - 10/n: a short series is drawn raw, a long one as asked.
Qt-free, so the exported figures and CSVs use it too.
"""

from __future__ import annotations

import numpy as np

MIN_POINTS_PER_WINDOW = 10  # the series is at least this many EMA time constants long


def effective_weight(weight: float, n: int) -> float:
    """The weight actually used on ``n`` finite points: ``weight``, capped for short series."""
    if weight <= 0.0 or n <= MIN_POINTS_PER_WINDOW:
        return 0.0
    return float(min(weight, 1.0 - MIN_POINTS_PER_WINDOW / n))


def _ema_from(x: np.ndarray, w: float, carry: float) -> np.ndarray:
    """s_k = w·s_{k-1} + (1-w)·x_k from s_{-1} = carry, vectorised over blocks.

    Within a block, s_k = w^(k+1)·(carry + (1-w)·Σ_{j≤k} w^-(j+1)·x_j); blocks are short enough
    that w^-(k+1) stays below 1e12, so nothing overflows. 10,000 points take well under a ms.
    """
    n = len(x)
    out = np.empty(n, dtype=np.float64)
    block = max(1, int(12.0 / -np.log10(w))) if 0 < w < 1 else max(n, 1)
    for start in range(0, n, block):
        chunk = x[start:start + block]
        up = w ** -np.arange(1, len(chunk) + 1, dtype=np.float64)
        s = (carry + (1.0 - w) * np.cumsum(chunk * up)) / up
        out[start:start + len(chunk)] = s
        carry = float(s[-1])
    return out


def ema(values: np.ndarray, weight: float) -> np.ndarray:
    """Smoothed copy of values (float64), with the weight capped for short series."""
    return EmaCache().update(values, weight)


class EmaCache:
    """Smooths a growing series, working only on the samples appended since the last call
    (once the series is long enough for the asked weight to be used uncapped)."""

    def __init__(self) -> None:
        self.weight = -1.0  # the effective weight of the cached values
        self._out = np.empty(0, dtype=np.float64)
        self._n = 0
        self._last = 0.0
        self._count = 0

    def reset(self) -> None:
        self.weight = -1.0
        self._n = 0

    def update(self, values: np.ndarray, weight: float) -> np.ndarray:
        """Smoothed values (a view valid until the next call)."""
        values = np.asarray(values, dtype=np.float64)
        n = len(values)
        finite = np.isfinite(values)
        w = effective_weight(weight, int(np.count_nonzero(finite)))
        if w != self.weight or n < self._n:
            self.weight, self._n, self._last, self._count = w, 0, 0.0, 0
        if n > len(self._out):
            grown = np.empty(max(n, 2 * len(self._out), 256), dtype=np.float64)
            grown[: self._n] = self._out[: self._n]
            self._out = grown
        new, ok = values[self._n:n], finite[self._n:n]
        out = self._out[self._n:n]
        out[:] = new
        if w > 0.0 and ok.any():
            s = _ema_from(new[ok], w, self._last)
            counts = self._count + np.arange(1, len(s) + 1, dtype=np.float64)
            out[ok] = s / (1.0 - w ** counts)
            self._last, self._count = float(s[-1]), self._count + len(s)
        self._n = n
        return self._out[:n]
