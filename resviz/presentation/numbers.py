"""Numbers as the texts print them."""

from __future__ import annotations

import math


def significant(value: float, digits: int = 3) -> str:
    """``value`` with ``digits`` significant digits and no fewer decimals below 10: with 3, 1.70,
    0.810 and 0.00284. A trained ResNet's loss of 0.00284 would read 0.00 with two decimals."""
    if not math.isfinite(value) or value == 0:
        return f"{value:.{digits - 1}f}"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"
