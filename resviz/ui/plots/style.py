"""Colours, fonts and small formatting helpers shared by every plot panel.

The palette is Okabe & Ito's (colour-blind safe, distinct in greyscale by lightness), on a
white background so plots print and paste into slides without inversion. Styling is set
per item, never through ``pg.setConfigOption``, so other views keep their own defaults.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from resviz.arch.naming import module_label

BACKGROUND = "#ffffff"
INK = "#1b2631"
MUTED = "#5d6d7e"
FAINT = "#aeb6bf"
GRID_ALPHA = 0.18

TRAIN = "#0072B2"  # blue
VAL = "#D55E00"  # vermillion
LR = "#009E73"  # bluish green
SHORTCUT = "#E69F00"  # orange, close to the diagram's skip-arc colour
BRANCH = "#0072B2"  # blue
RATIO = "#CC79A7"  # reddish purple
PLAIN = "#9aa7b1"  # grey: a block without a shortcut
SNAPSHOT = "#56B4E9"  # sky blue, earlier profile snapshots
COLORMAP = "viridis"  # perceptually uniform; dark = vanishing, bright = strong

TICK_PX = 11
LABEL_PX = 12
AXIS_WIDTH = 62  # fixed left-axis width so stacked plots line up
# Range padding that keeps the end labels (0%, 100%, 10⁻⁴) inside the axis: pyqtgraph hides
# a label that sticks out of an axis whose grid is on.
EDGE_PAD = 0.05


def font(px: int, bold: bool = False) -> QFont:
    """Pixel-sized fonts look the same on screen, in PNG and in SVG."""
    f = QFont()
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def color(hex_rgb: str, alpha: int = 255) -> QColor:
    c = QColor(hex_rgb)
    c.setAlpha(alpha)
    return c


def tint(hex_rgb: str, toward_white: float) -> str:
    """hex_rgb mixed with white: an opaque pale version of a colour."""
    c = QColor(hex_rgb)
    mix = [round(v + (255 - v) * toward_white) for v in (c.red(), c.green(), c.blue())]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def pen(hex_rgb: str, width: float = 1.6, alpha: int = 255) -> pg.QtGui.QPen:
    p = pg.mkPen(color(hex_rgb, alpha), width=width)
    p.setCosmetic(True)
    return p


def style_axis(axis: pg.AxisItem, label: str | None = None, units: str | None = None) -> None:
    axis.setPen(pg.mkPen(FAINT))
    axis.setTextPen(pg.mkPen(MUTED))
    axis.setTickFont(font(TICK_PX))
    axis.setStyle(tickLength=-4, tickTextOffset=4)
    axis.enableAutoSIPrefix(False)  # "step (x0.001)" and "lr (x0.001)" read worse than plain numbers
    if label is not None:
        axis.setLabel(label, units=units, **{"color": INK, "font-size": f"{LABEL_PX}px"})


def style_plot(plot: pg.PlotItem, *, grid: bool = True) -> None:
    """White plot with muted axes, light grid, no context-menu clutter."""
    for side in ("left", "bottom"):
        style_axis(plot.getAxis(side))
    if grid:
        plot.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.getViewBox().setBackgroundColor(BACKGROUND)


def title(plot: pg.PlotItem, text: str) -> None:
    plot.setTitle(text, color=INK, size=f"{LABEL_PX + 1}px", bold=True)


# --- numbers ------------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(exponent: int) -> str:
    """-4 → '10⁻⁴'; 0 → '1'."""
    if exponent == 0:
        return "1"
    if exponent == 1:
        return "10"
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def fmt(value: float, digits: int = 3) -> str:
    """Compact number for read-outs: 0.532, 1.2e-05, 12,345."""
    if value is None or not math.isfinite(value):
        return "–"
    a = abs(value)
    if a != 0 and (a < 1e-3 or a >= 1e5):
        return f"{value:.{max(digits - 1, 1)}e}".replace("e-0", "e-").replace("e+0", "e")
    if a >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def safe_log10(values: np.ndarray) -> np.ndarray:
    """log10 with NaN (drawn transparent) for zero, negative and missing values."""
    out = np.full(values.shape, np.nan, dtype=np.float32)
    ok = np.isfinite(values) & (values > 0)
    np.log10(values, out=out, where=ok)
    return out


# --- names --------------------------------------------------------------------------------


def short_layer_name(name: str) -> str:
    """'layer2.3.branch.conv1' → 'stage 2 · block 4 · conv1' (never '2.3', read as a decimal)."""
    return module_label(name)


def short_block_name(name: str) -> str:
    """'layer2.3' → 'stage 2 · block 4'."""
    return module_label(name)


def layer_groups(names: list[str]) -> list[tuple[float, str]]:
    """Axis labels for a layer axis, in priority order: one per block, centred on its layers
    ('1.0'), then the layers outside blocks (stem, head) under their own names."""
    blocks: list[tuple[float, str]] = []
    others: list[tuple[float, str]] = []
    i = 0
    while i < len(names):
        parts = names[i].split(".")
        if parts[0].startswith("layer") and len(parts) >= 3:
            prefix = ".".join(parts[:2]) + "."
            j = i
            while j + 1 < len(names) and names[j + 1].startswith(prefix):
                j += 1
            blocks.append(((i + j) / 2, short_block_name(prefix[:-1])))
            i = j + 1
        else:
            others.append((float(i), names[i]))
            i += 1
    return blocks + others
