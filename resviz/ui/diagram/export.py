"""Export the whole scene (not just what is scrolled into view) on white, as PNG or SVG."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

MAX_SIDE_PX = 16000  # QPainter's raster engine misbehaves past 32k px; stay well below


def png_scale(source: QRectF, scale: float) -> float:
    """The requested scale, reduced so a fully expanded ResNet-1202 still fits in an image."""
    longest = max(source.width(), source.height(), 1.0)
    return max(0.05, min(scale, MAX_SIDE_PX / longest))


def export_png(scene: QGraphicsScene, path: str | Path, scale: float = 2.0) -> None:
    source = scene.sceneRect()
    s = png_scale(source, scale)
    image = QImage(
        max(1, math.ceil(source.width() * s)),
        max(1, math.ceil(source.height() * s)),
        QImage.Format.Format_ARGB32,
    )
    image.fill(QColor("white"))
    image.setDotsPerMeterX(round(3780 * s))  # 96 dpi × scale, so slides size it sensibly
    image.setDotsPerMeterY(round(3780 * s))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(image.rect()), source)
    painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def export_svg(scene: QGraphicsScene, path: str | Path, title: str = "resviz diagram") -> None:
    source = scene.sceneRect()
    w, h = math.ceil(source.width()), math.ceil(source.height())
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRectF(0, 0, w, h))
    generator.setTitle(title)
    generator.setDescription("Skip-connection diagram exported by resviz")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not write {path}")
    painter.fillRect(QRectF(0, 0, w, h), QColor("white"))
    scene.render(painter, QRectF(0, 0, w, h), source)
    painter.end()
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        raise OSError(f"could not write {path}")
