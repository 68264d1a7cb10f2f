"""A run's final numbers: means over the last tenth of its logged points. One log point (a few
batches) is too noisy to compare runs by, and two definitions of "final train loss" showed two
numbers under one label. The trainer's final loss (stored with the run and listed in every
table), the summary, the verdicts, the lessons and ``resviz compare`` all use this one."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

TAIL = 0.1
"""The share of the logged points that the final numbers average over."""


def tail_mean(values: Sequence[float] | np.ndarray, tail: float = TAIL) -> float:
    """Mean of the last ``tail`` of ``values`` (at least one); NaN if there are none."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return math.nan
    k = max(1, int(values.size * tail))
    return float(np.mean(values[-k:]))
