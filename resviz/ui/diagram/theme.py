"""Metrics, colours and fonts of the diagram, in scene units (1 unit = 1 px at zoom 1)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

# Main path: blocks stacked top to bottom, skip arcs in a gutter on their right.
BLOCK_W = 196.0
BLOCK_H = 28.0
GAP = 26.0  # between nodes: room for the ⊕ of one block and the split of the next
ADD_R = 6.0  # the ⊕ where a shortcut joins
ADD_DY = 9.0  # ⊕ centre below the block it closes
SPLIT_DY = 7.0  # split point above the block it opens
ARC_DX = 24.0  # arc's vertical run, right of the blocks
ARC_R = 7.0  # rounded corners of the arc
GUTTER = 92.0
CONTENT_W = BLOCK_W + GUTTER
PANEL_PAD = 8.0
HEADER_H = 26.0
COLLAPSED_H = 52.0
STAGE_GAP = 14.0
MAIN_X = BLOCK_W / 2.0

INK = QColor("#1b2631")
MUTED = QColor("#5d6d7e")
MAIN_LINE = QColor("#8795a1")
ARC = QColor("#d9480f")
SELECT = QColor("#1c7ed6")
ERROR = QColor("#c92a2a")
PANEL = QColor("#f3f5f7")
PANEL_BORDER = QColor("#dde3e8")
STEM_FILL = QColor("#d9dee3")
WHITE = QColor("#ffffff")

ARC_WIDTH_UNKNOWN = 2.0


def font(px: int, bold: bool = False) -> QFont:
    """Pixel-sized fonts, so the scene looks the same on screen, in PNG and in SVG."""
    f = QFont()
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def arc_width(share: float | None) -> float:
    """Line width of a shortcut ∝ the share of gradient it carries."""
    if share is None:
        return ARC_WIDTH_UNKNOWN
    return 0.75 + 5.25 * min(1.0, max(0.0, share))


def arc_opacity(share: float | None) -> float:
    if share is None:
        return 1.0
    return 0.3 + 0.7 * min(1.0, max(0.0, share))
