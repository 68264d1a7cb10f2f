"""The Grad-CAM grid as one picture: a title block over the tiles, painted at any scale."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter

from resviz.presentation import palette
from resviz.ui.gradcam.grid import INK, MUTED, Geometry, Tile, paint_tiles, to_qimage
from resviz.ui.gradcam.legend import colour_bar_size, paint_colour_bar
from resviz.ui.theme import font

PAD = 12  # around everything, on top of the grid's own margin
TITLE_PX = 15
SUB_PX = 12


def render_grid(
    tiles: list[Tile],
    geo: Geometry,
    title: str,
    subtitle: str,
    *,
    alpha: float,
    show_box: bool,
    cmap: str,
    scale: float = 2.0,
) -> QImage:
    """An RGB image of scale × the logical size; overlays are computed at the final resolution."""
    title_fm, sub_fm = QFontMetrics(font(TITLE_PX, True)), QFontMetrics(font(SUB_PX))
    bar = colour_bar_size()
    head_w = max(title_fm.horizontalAdvance(title), sub_fm.horizontalAdvance(subtitle) + 16 + bar.width())
    head_h = title_fm.height() + 4 + max(sub_fm.height(), bar.height()) + 4
    width = max(geo.width, head_w + 8) + 2 * PAD
    height = PAD + head_h + geo.height + PAD
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(palette.BACKGROUND))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        x, y = PAD + 8, PAD
        painter.setFont(font(TITLE_PX, True))
        painter.setPen(INK)
        painter.drawText(QRectF(x, y, width, title_fm.height()), Qt.AlignmentFlag.AlignLeft, title)
        y += title_fm.height() + 4
        painter.setFont(font(SUB_PX))
        painter.setPen(MUTED)
        painter.drawText(QRectF(x, y, width, sub_fm.height()), Qt.AlignmentFlag.AlignLeft, subtitle)
        paint_colour_bar(painter, x + sub_fm.horizontalAdvance(subtitle) + 16, y, cmap)
        painter.translate(PAD - geo.left, PAD + head_h)
        size = round(geo.tile * scale)
        images = [to_qimage(t.pixels(size, alpha, cmap)) for t in tiles]
        paint_tiles(painter, geo, tiles, images, show_box)
    finally:
        painter.end()
    return image
