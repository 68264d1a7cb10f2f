"""Skip arcs: one drawn style per shortcut kind, so identity, option A, projection, gated,
scaled and dropout shortcuts can be told apart, plus the ⊕ where a shortcut joins.

Styles: identity solid · option A dashed with a "0-pad" box · projection / 1×1 conv solid with
a "1×1" box · gating a "σ" circle · scaling a "×λ" box · dropout dotted · plain block: no arc.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from resviz.ui.diagram import theme
from resviz.ui.diagram.model import BlockInfo

MARKER_FONT_PX = 10


def arc_pen(kind: str | None, width: float, color: QColor = theme.ARC) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if kind == "pad":
        pen.setDashPattern([4.0, 2.5])
    elif kind == "dropout":
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setDashPattern([0.01, 2.2])  # round dots, spaced by pen width
    return pen


def marker_text(kind: str | None, scale: float = 0.5) -> str | None:
    """The symbol on the arc, or None for a bare line."""
    return {
        "pad": QCoreApplication.translate("Diagram", "0-pad"),
        "projection": "1×1",
        "conv": "1×1",
        "scaling": f"×{scale:g}",
        "exclusive_gating": "σ",
        "shortcut_gating": "σ",
    }.get(kind or "")


def marker_rect(text: str, center: QPointF) -> QRectF:
    fm = QFontMetricsF(theme.font(MARKER_FONT_PX, bold=True))
    if text == "σ":
        return QRectF(center.x() - 7.5, center.y() - 7.5, 15.0, 15.0)
    w = fm.horizontalAdvance(text) + 8.0
    return QRectF(center.x() - w / 2, center.y() - 7.0, w, 14.0)


def paint_marker(painter: QPainter, text: str, center: QPointF, color: QColor = theme.ARC) -> None:
    """A white box (or circle for a gate) with the symbol, interrupting the line under it."""
    rect = marker_rect(text, center)
    painter.setPen(QPen(color, 1.3))
    painter.setBrush(theme.WHITE)
    if text == "σ":
        painter.drawEllipse(rect)
    else:
        painter.drawRoundedRect(rect, 2.5, 2.5)
    painter.setFont(theme.font(MARKER_FONT_PX, bold=True))
    painter.setPen(color)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class MarkerItem(QGraphicsItem):
    """The symbol on an arc; a child, so it fades with the arc's share."""

    def __init__(self, text: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.text = text
        self._rect = marker_rect(text, QPointF(0, 0))

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_marker(painter, self.text, QPointF(0, 0))


class AddNodeItem(QGraphicsItem):
    """⊕: y = F(x) + x. Sits on the main path, so it keeps full opacity."""

    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresParentOpacity)
        self.setZValue(2)

    def boundingRect(self) -> QRectF:
        r = theme.ADD_R + 1
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = theme.ADD_R
        painter.setPen(QPen(theme.INK, 1.2))
        painter.setBrush(theme.WHITE)
        painter.drawEllipse(QPointF(0, 0), r, r)
        painter.drawLine(QPointF(-r + 2.5, 0), QPointF(r - 2.5, 0))
        painter.drawLine(QPointF(0, -r + 2.5), QPointF(0, r - 2.5))


class ArcItem(QGraphicsPathItem):
    """The shortcut of one block: leaves the main path above it, rejoins at the ⊕ below it."""

    def __init__(self, info: BlockInfo) -> None:
        super().__init__()
        self.info = info
        self.kind = info.arc_kind
        self.share: float | None = None
        self.setZValue(1)
        texts = []
        if info.with_projection:
            texts.append("1×1")
        text = marker_text(self.kind, info.scale)
        if text:
            texts.append(text)
        self.markers = [MarkerItem(t, self) for t in texts]
        self.add_node = AddNodeItem(self)
        self.set_share(None)

    @property
    def module(self) -> str:
        return self.info.module

    def set_geometry(self, y_split: float, y_join: float) -> None:
        x0, xa, r = theme.MAIN_X, theme.BLOCK_W + theme.ARC_DX, theme.ARC_R
        path = QPainterPath(QPointF(x0, y_split))
        path.lineTo(xa - r, y_split)
        path.quadTo(xa, y_split, xa, y_split + r)
        path.lineTo(xa, y_join - r)
        path.quadTo(xa, y_join, xa - r, y_join)
        path.lineTo(x0 + theme.ADD_R, y_join)
        self.setPath(path)
        self.add_node.setPos(x0, y_join)
        mid, n = (y_split + y_join) / 2, len(self.markers)
        for i, marker in enumerate(self.markers):
            marker.setPos(xa, mid + (i - (n - 1) / 2) * 16.0)

    def set_share(self, share: float | None) -> None:
        """Width and opacity ∝ the share of gradient through the shortcut (None: not measured)."""
        self.share = share
        self.setPen(arc_pen(self.kind, theme.arc_width(share)))
        self.setOpacity(theme.arc_opacity(share))


class ChainItem(QGraphicsItem):
    """A collapsed stage's shortcuts: a short chain of loops and the count, one per block in spirit."""

    LOOPS = 4

    def __init__(self, kind: str | None, count: int, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.count = count
        self.share: float | None = None
        self.height = theme.COLLAPSED_H

    def set_height(self, height: float) -> None:
        self.prepareGeometryChange()
        self.height = height

    def set_share(self, share: float | None) -> None:
        self.share = share
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(theme.BLOCK_W, -10, theme.GUTTER, self.height + 20)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setOpacity(theme.arc_opacity(self.share))
        painter.setPen(arc_pen(self.kind, theme.arc_width(self.share)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x0, h = theme.BLOCK_W + 11, self.height
        loops = min(self.count, self.LOOPS)
        step = (h + 8) / loops
        for i in range(loops):  # overlapping loops read as "a skip around every block"
            top = -4 + i * step
            path = QPainterPath(QPointF(x0, top))
            path.cubicTo(x0 + 26, top, x0 + 26, top + step, x0, top + step)
            painter.drawPath(path)
        painter.setOpacity(1.0)
        painter.setPen(theme.ARC)
        painter.setFont(theme.font(11, bold=True))
        label = (QCoreApplication.translate("Diagram", "1 skip") if self.count == 1
                 else QCoreApplication.translate("Diagram", "{n} skips").format(n=self.count))
        painter.drawText(
            QRectF(x0 + 26, 0, theme.GUTTER - 30, h), Qt.AlignmentFlag.AlignVCenter, label
        )
