"""The colour key of the heatmap ("low … high"), for the panel's header and the exported PNG."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from resviz.presentation import palette
from resviz.presentation.overlay import DEFAULT_COLORMAP, lookup_table
from resviz.ui.theme import font

BAR_W = 72
BAR_H = 9
TEXT_PX = 11
MUTED = QColor(palette.MUTED)
BORDER = QColor(palette.BORDER)


def _low() -> str:
    return QCoreApplication.translate("GradCam", "low")


def _high() -> str:
    return QCoreApplication.translate("GradCam", "high")


def colour_bar_size() -> QSize:
    fm = QFontMetrics(font(TEXT_PX))
    w = fm.horizontalAdvance(_low()) + 6 + BAR_W + 6 + fm.horizontalAdvance(_high())
    return QSize(w, max(fm.height(), BAR_H))


def paint_colour_bar(painter: QPainter, x: float, y: float, cmap: str = DEFAULT_COLORMAP) -> None:
    """'low ▬▬▬ high' with its top-left corner at (x, y)."""
    fm = QFontMetrics(font(TEXT_PX))
    h = colour_bar_size().height()
    painter.setFont(font(TEXT_PX))
    painter.setPen(MUTED)
    low_w = fm.horizontalAdvance(_low())
    painter.drawText(QRectF(x, y, low_w, h), Qt.AlignmentFlag.AlignVCenter, _low())
    bar = QRectF(x + low_w + 6, y + (h - BAR_H) / 2, BAR_W, BAR_H)
    grad = QLinearGradient(bar.left(), 0, bar.right(), 0)
    lut = lookup_table(cmap)
    for i in range(0, 256, 17):
        r, g, b = (int(v) for v in lut[i])
        grad.setColorAt(i / 255, QColor(r, g, b))
    painter.setPen(QPen(BORDER, 1.0))
    painter.setBrush(grad)
    painter.drawRoundedRect(bar, 2, 2)
    painter.setPen(MUTED)
    painter.drawText(
        QRectF(bar.right() + 6, y, fm.horizontalAdvance(_high()) + 2, h), Qt.AlignmentFlag.AlignVCenter, _high()
    )


class ColourBar(QWidget):
    def __init__(self, parent: QWidget | None = None, cmap: str = DEFAULT_COLORMAP) -> None:
        super().__init__(parent)
        self.cmap = cmap
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr("Grad-CAM colour key: how strongly each region raises the chosen class's score"))
        self.updateGeometry()
        self.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return colour_bar_size()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            paint_colour_bar(painter, 0, (self.height() - colour_bar_size().height()) / 2, self.cmap)
        finally:
            painter.end()
