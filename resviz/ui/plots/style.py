"""Colours, fonts and small formatting helpers shared by every plot panel: the names the
panels use, all taken from the one theme (resviz/ui/theme.py) and its palette.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from resviz.arch.naming import module_label
from resviz.presentation.palette import (
    BACKGROUND,
    BRANCH,
    COLORMAP,
    FAINT,
    INK,
    LR,
    MUTED,
    PLAIN,
    RATIO,
    SHORTCUT,
    SNAPSHOT,
    TRAIN,
    VAL,
    tint,
)
from resviz.ui.plots.grid import show_grid
from resviz.ui.theme import (
    GRID_ALPHA,
    LABEL_PX,
    TICK_PX,
    color,
    decade_label,
    font,
    pen,
    style_axis,
)
from resviz.ui.theme import set_title as title

__all__ = ["GRID_ALPHA", "BACKGROUND", "BRANCH", "COLORMAP", "FAINT", "INK", "LR", "MUTED", "PLAIN", "RATIO", "SHORTCUT",
           "SNAPSHOT", "TRAIN", "VAL", "LABEL_PX", "TICK_PX", "color", "decade_label", "font", "pen",
           "show_grid", "style_axis", "tint", "title"]

AXIS_WIDTH = 62  # fixed left-axis width so stacked plots line up
# Range padding that keeps the end labels (0%, 100%, 10⁻⁴) inside the axis: pyqtgraph hides
# a label that sticks out of an axis whose grid is on.
EDGE_PAD = 0.05


def plot_canvas() -> pg.GraphicsLayoutWidget:
    """A canvas for plots on the plots' background. pyqtgraph's own right-click menu ("Export...",
    in English, with its own dialog) is left out: every view has its Export button."""
    view = pg.GraphicsLayoutWidget()
    view.setBackground(BACKGROUND)
    view.scene().contextMenu = []
    return view


def style_plot(plot: pg.PlotItem, *, grid: bool = True) -> None:
    """White plot with muted axes, light grid, no context-menu clutter."""
    for side in ("left", "bottom"):
        style_axis(plot.getAxis(side))
    if grid:
        show_grid(plot)
    else:
        plot.getViewBox().setBackgroundColor(BACKGROUND)
    plot.hideButtons()
    plot.setMenuEnabled(False)


# --- numbers ------------------------------------------------------------------------------

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
