"""Metrics, colours and fonts of the diagram, in scene units (1 unit = 1 px at zoom 1)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from resviz.presentation import palette
from resviz.ui.theme import font

__all__ = ["font"]

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

INK = QColor(palette.INK)
MUTED = QColor(palette.MUTED)
MAIN_LINE = QColor(palette.MAIN_LINE)
ARC = QColor(palette.ARC)
SELECT = QColor(palette.SELECT)
ERROR = QColor(palette.BAD)
PANEL = QColor(palette.PANEL)
PANEL_BORDER = QColor(palette.PANEL_BORDER)
STEM_FILL = QColor(palette.STEM_FILL)
WHITE = QColor(palette.BACKGROUND)

ARC_WIDTH_UNKNOWN = 2.0


def arc_width(share: float | None) -> float:
    """Line width of a shortcut ∝ the share of gradient it carries."""
    if share is None:
        return ARC_WIDTH_UNKNOWN
    return 0.75 + 5.25 * min(1.0, max(0.0, share))


def arc_opacity(share: float | None) -> float:
    if share is None:
        return 1.0
    return 0.3 + 0.7 * min(1.0, max(0.0, share))
