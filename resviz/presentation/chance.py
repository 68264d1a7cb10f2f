"""Chance level: what a net that guesses uniformly among C classes scores. Qt-free.

Cross-entropy ln C (2.30 for ten classes), error 100·(1 − 1/C) % and accuracy 100/C %. The
live plots, the explorer and the exported figure draw it, so that a flat line at 2.30 never
looks like learning.
"""

from __future__ import annotations

import math


def chance_level(classes: int, quantity: str) -> float | None:
    """Chance level of 'loss', 'error' (%) or 'acc' (%) for ``classes`` classes; None if unknown."""
    if classes < 2:
        return None
    if quantity == "loss":
        return math.log(classes)
    if quantity == "error":
        return 100.0 * (1.0 - 1.0 / classes)
    if quantity == "acc":
        return 100.0 / classes
    return None
