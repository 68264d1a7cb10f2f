"""Whole-decade ranges for log scales: the gradient heatmap, the diagram's colours, the explorer.

Snapping to whole decades keeps a colour scale still while training nudges the extremes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


def decade_levels(log_values: np.ndarray) -> tuple[float, float] | None:
    """Whole decades (as exponents) around the finite log10 values, at least one wide; None if none."""
    finite = log_values[np.isfinite(log_values)]
    if finite.size == 0:
        return None
    lo, hi = math.floor(float(finite.min())), math.ceil(float(finite.max()))
    return float(lo), float(max(hi, lo + 1))


def decade_range(values: Iterable[float]) -> tuple[float, float] | None:
    """Whole decades around the positive finite values, at least one decade wide; None if none."""
    logs = np.array([math.log10(v) for v in values if math.isfinite(v) and v > 0], dtype=np.float64)
    levels = decade_levels(logs)
    return None if levels is None else (10.0 ** levels[0], 10.0 ** levels[1])
