"""Gradient magnitudes → colours on a log scale, shared by every view that colours layers.

Viridis is perceptually uniform and reads in greyscale and for colour-blind viewers, so
"dark = vanishing, bright = strong" survives a projector. The legend range snaps to whole
decades so colours do not flicker while training nudges the extremes.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtGui import QColor

from resviz.presentation import palette

NEUTRAL = QColor(palette.NEUTRAL)  # a block with no measurement yet
NEUTRAL_BORDER = QColor(palette.NEUTRAL_BORDER)


@lru_cache(maxsize=8)
def lookup_table(name: str = "viridis", n: int = 256) -> tuple[QColor, ...]:
    """n colours of a pyqtgraph colour map, computed once: set_gradients then only indexes.

    The one table of the gradient colours (diagram, heatmap markers). Grad-CAM maps keep their
    own (resviz.train.overlay.lookup_table): Qt-free, so the CLI writes the PNGs the app shows."""
    import pyqtgraph as pg  # deferred: the window should open before pyqtgraph is needed

    rgb = pg.colormap.get(name).getLookupTable(nPts=n, alpha=False)
    return tuple(QColor(int(r), int(g), int(b)) for r, g, b in rgb)


def log_position(value: float, lo: float, hi: float) -> float:
    """Where value sits between lo and hi on a log axis, clamped to [0, 1]; 0 for value ≤ 0."""
    if not (value > 0 and lo > 0 and hi > lo):
        return 0.0
    if math.isinf(value):
        return 1.0
    t = (math.log10(value) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    return min(1.0, max(0.0, t))


def log_color(value: float, lo: float, hi: float, name: str = "viridis") -> QColor:
    """The colour of value on a log scale from lo to hi."""
    lut = lookup_table(name)
    return lut[round(log_position(value, lo, hi) * (len(lut) - 1))]


def gradient_stops(name: str = "viridis", n: int = 16) -> list[tuple[float, QColor]]:
    """Stops for a QLinearGradient that draws the colour bar."""
    lut = lookup_table(name)
    return [(i / (n - 1), lut[round(i / (n - 1) * (len(lut) - 1))]) for i in range(n)]


def contrast_text(background: QColor) -> QColor:
    """Near-black or white, whichever reads on the background (relative luminance)."""
    return QColor(palette.contrast_text(background.name()))


def format_sci(value: float, digits: int = 1) -> str:
    """3.2e-06 → '3.2e-6'; a power of ten → '1e-6'."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    exp = math.floor(math.log10(abs(value)))
    mant = value / 10.0**exp
    if round(mant, digits) >= 10:
        mant, exp = mant / 10, exp + 1
    text = f"{mant:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}e{exp}"
