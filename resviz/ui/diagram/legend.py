"""The legend, part of the scene so that exports carry it: line styles of the shortcuts
present in the network, and the log colour bar of gradient magnitudes."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from resviz.ui.diagram import theme
from resviz.ui.diagram.arcs import arc_pen, marker_text, paint_marker
from resviz.ui.diagram.colormap import NEUTRAL, NEUTRAL_BORDER, format_sci, gradient_stops

translate = QCoreApplication.translate

LEGEND_LABELS = {
    "identity": QT_TRANSLATE_NOOP("Diagram", "identity"),
    "pad": QT_TRANSLATE_NOOP("Diagram", "option A"),
    "projection": QT_TRANSLATE_NOOP("Diagram", "projection"),
    "conv": QT_TRANSLATE_NOOP("Diagram", "1×1 conv"),
    "scaling": QT_TRANSLATE_NOOP("Diagram", "scaling"),
    "exclusive_gating": QT_TRANSLATE_NOOP("Diagram", "excl. gating"),
    "shortcut_gating": QT_TRANSLATE_NOOP("Diagram", "gating"),
    "dropout": QT_TRANSLATE_NOOP("Diagram", "dropout"),
}

ROW_H = 20.0
SAMPLE_W = 46.0
PAD = 10.0


class LegendItem(QGraphicsItem):
    def __init__(self, kinds: list[str], residual: bool, scale: float = 0.5) -> None:
        super().__init__()
        self.kinds = [k for k in LEGEND_LABELS if k in kinds]
        self.residual = residual
        self.scale = scale
        self.range: tuple[float, float] | None = None
        self.observed: tuple[float, float] | None = None
        self.width = theme.CONTENT_W + theme.PANEL_PAD
        self._rows = (len(self.kinds) + 1) // 2 if self.kinds else 1
        self.height = (
            PAD + 16 + self._rows * ROW_H + (16 if residual else 0) + 8 + 16 + 16 + 16 + PAD
        )

    def set_range(
        self, rng: tuple[float, float] | None, observed: tuple[float, float] | None
    ) -> None:
        self.range, self.observed = rng, observed
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-theme.PANEL_PAD, 0, self.width, self.height)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(theme.PANEL_BORDER, 1.0))
        painter.setBrush(theme.WHITE)
        painter.drawRoundedRect(box, 8, 8)
        x0, y = box.left() + PAD, PAD
        y = self._paint_shortcuts(painter, x0, y, box.width() - 2 * PAD)
        self._paint_colour_bar(painter, x0, y + 8, box.width() - 2 * PAD)

    def _caption(self, painter: QPainter, x: float, y: float, text: str) -> None:
        painter.setFont(theme.font(11, bold=True))
        painter.setPen(theme.INK)
        painter.drawText(QRectF(x, y, self.width, 14), Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_shortcuts(self, painter: QPainter, x0: float, y: float, width: float) -> float:
        self._caption(painter, x0, y, translate("Diagram", "Shortcuts"))
        y += 16
        small = theme.font(11)
        col_w = width / 2
        if not self.kinds:
            painter.setFont(small)
            painter.setPen(theme.MUTED)
            painter.drawText(
                QRectF(x0, y, width, ROW_H), Qt.AlignmentFlag.AlignVCenter,
                translate("Diagram", "none: a plain network")
            )
            return y + ROW_H
        for i, kind in enumerate(self.kinds):
            x, yy = x0 + (i % 2) * col_w, y + (i // 2) * ROW_H + ROW_H / 2
            painter.setPen(arc_pen(kind, theme.ARC_WIDTH_UNKNOWN))
            painter.drawLine(QPointF(x, yy), QPointF(x + SAMPLE_W, yy))
            text = marker_text(kind, self.scale)
            if text:
                paint_marker(painter, text, QPointF(x + SAMPLE_W / 2, yy))
            painter.setFont(small)
            painter.setPen(theme.INK)
            label_rect = QRectF(x + SAMPLE_W + 6, yy - ROW_H / 2, col_w - SAMPLE_W - 8, ROW_H)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter, translate("Diagram", LEGEND_LABELS[kind]))
        y += self._rows * ROW_H
        if self.residual:
            painter.setFont(theme.font(10))
            painter.setPen(theme.MUTED)
            note = translate("Diagram", "no arc: plain block · width ∝ gradient share")
            painter.drawText(QRectF(x0, y, width, 16), Qt.AlignmentFlag.AlignVCenter, note)
            y += 16
        return y

    def _paint_colour_bar(self, painter: QPainter, x0: float, y: float, width: float) -> None:
        self._caption(painter, x0, y, translate("Diagram", "Gradient norm per block (log)"))
        bar = QRectF(x0, y + 18, width, 12)
        if self.range is None:
            painter.setPen(QPen(NEUTRAL_BORDER, 1.0))
            painter.setBrush(NEUTRAL)
            painter.drawRect(bar)
            painter.setFont(theme.font(10))
            painter.setPen(theme.MUTED)
            painter.drawText(
                QRectF(x0, bar.bottom() + 2, width, 14),
                Qt.AlignmentFlag.AlignVCenter,
                translate("Diagram", "grey: not measured yet — train to colour"),
            )
            return
        grad = QLinearGradient(bar.topLeft(), bar.topRight())
        for pos, color in gradient_stops():
            grad.setColorAt(pos, color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(grad)
        painter.drawRect(bar)
        lo, hi = self.range
        labels = QRectF(x0, bar.bottom() + 2, width, 14)
        painter.setFont(theme.font(10, bold=True))
        painter.setPen(theme.INK)
        painter.drawText(
            labels, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, format_sci(lo)
        )
        painter.drawText(
            labels, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, format_sci(hi)
        )
        if self.observed is not None:
            painter.setFont(theme.font(10))
            painter.setPen(theme.MUTED)
            a, b = self.observed
            text = translate("Diagram", "measured {low} … {high}").format(low=format_sci(a), high=format_sci(b))
            painter.drawText(
                labels, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter, text
            )
