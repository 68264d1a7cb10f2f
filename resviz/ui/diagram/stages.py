"""Stage grouping: the tinted panel, the clickable header, and a folded stage as one box."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from resviz.ui.diagram import theme
from resviz.ui.diagram.colormap import NEUTRAL, NEUTRAL_BORDER, contrast_text, format_sci
from resviz.ui.diagram.items import Hoverable, draw_fitted, first_fit, kind_name, rows_html
from resviz.ui.diagram.model import StageInfo, fmt_shape, human

translate = QCoreApplication.translate


class StagePanelItem(QGraphicsItem):
    """The tinted background that groups a stage's header and blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.height = 0.0
        self.setZValue(-10)

    def set_height(self, height: float) -> None:
        self.prepareGeometryChange()
        self.height = height

    def boundingRect(self) -> QRectF:
        return QRectF(-theme.PANEL_PAD, 0, theme.CONTENT_W + theme.PANEL_PAD, self.height)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.PANEL_BORDER, 1.0))
        painter.setBrush(theme.PANEL)
        painter.drawRoundedRect(self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)


def _chevron(painter: QPainter, center: QPointF, expanded: bool) -> None:
    x, y = center.x(), center.y()
    if expanded:
        pts = [QPointF(x - 4.5, y - 2.5), QPointF(x + 4.5, y - 2.5), QPointF(x, y + 3)]
    else:
        pts = [QPointF(x - 2.5, y - 4.5), QPointF(x - 2.5, y + 4.5), QPointF(x + 3, y)]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.MUTED)
    painter.drawPolygon(QPolygonF(pts))


class StageHeaderItem(Hoverable):
    """'▾ Stage 2 …… 18 blocks · 32 ch · 16×16': click to collapse or expand the stage."""

    def __init__(self, stage: StageInfo) -> None:
        super().__init__()
        self.stage = stage
        self.collapsed = False
        self.error = False
        self.level = 0
        self.setZValue(3)

    def summaries(self) -> list[str]:
        st = self.stage
        n, hw = st.depth, f" · {st.map_size()}" if st.map_size() else ""
        blocks = translate("Diagram", "1 block") if n == 1 else translate("Diagram", "{n} blocks").format(n=n)
        ch = translate("Diagram", "{channels} ch").format(channels=st.channels)
        return [
            f"{n} {kind_name(st.kind_text)} · {ch}{hw}",
            f"{blocks} · {ch}{hw}",
            f"{blocks} · {ch}",
        ]

    def _summary_rect(self) -> QRectF:
        return QRectF(theme.MAIN_X + 8, 0, theme.CONTENT_W - theme.MAIN_X - 14, theme.HEADER_H)

    def fit_level(self) -> int:
        return first_fit(self.summaries(), 11, self._summary_rect().width())

    def title(self) -> str:
        name = self.stage.name
        return (
            translate("Diagram", "Stage {stage}").format(stage=self.stage.index + 1)
            if not name or name.lower().startswith("stage")
            else name
        )

    def set_collapsed(self, collapsed: bool) -> None:
        self.collapsed = collapsed
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-theme.PANEL_PAD, 0, theme.CONTENT_W + theme.PANEL_PAD, theme.HEADER_H)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = theme.HEADER_H
        if self.hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 14))
            painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, 0), 7, 7)
        _chevron(painter, QPointF(3, h / 2), not self.collapsed)
        bold = theme.font(12, bold=True)
        painter.setFont(bold)
        painter.setPen(theme.ERROR if self.error else theme.INK)
        title = self.title()
        # The main path runs through the header at MAIN_X: keep text on either side of it.
        left = QRectF(12, 0, theme.MAIN_X - 18, h)
        title = QFontMetricsF(bold).elidedText(title, Qt.TextElideMode.ElideRight, left.width())
        painter.drawText(left, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(theme.font(11))
        painter.setPen(theme.MUTED)
        draw_fitted(
            painter, self._summary_rect(), self.summaries(), self.level, Qt.AlignmentFlag.AlignRight
        )

    def tooltip_html(self) -> str:
        action = translate("Diagram", "click to expand") if self.collapsed else translate("Diagram", "click to collapse")
        return f"<b>{html.escape(self.title())}</b>: {html.escape(self.stage.summary())}<br>{action}"


class CollapsedStageItem(Hoverable):
    """A whole stage as one box: its summary colour and a strip with one cell per block."""

    def __init__(self, stage: StageInfo) -> None:
        super().__init__()
        self.stage = stage
        self.rect = QRectF(0, 0, theme.BLOCK_W, theme.COLLAPSED_H)
        self.summary: QColor | None = None
        self.cells: list[QColor | None] = [None] * stage.depth
        self.values: list[float] = []
        self.shares: list[float] = []
        self._strip: QImage | None = None
        self.selected = False
        self.setZValue(3)

    def set_selected(self, on: bool) -> None:
        if on != self.selected:
            self.selected = on
            self.update()

    def set_measurements(
        self,
        cells: list[QColor | None],
        summary: QColor | None,
        values: list[float],
        shares: list[float],
    ) -> None:
        self.cells, self.summary, self.values, self.shares = cells, summary, values, shares
        self._strip = None
        self.update()

    def _strip_image(self) -> QImage:
        """One pixel per block, scaled without smoothing: crisp even at 200 blocks in 180 px."""
        if self._strip is None:
            image = QImage(max(1, len(self.cells)), 1, QImage.Format.Format_RGB32)
            for i, color in enumerate(self.cells):
                image.setPixelColor(i, 0, color or theme.WHITE)
            self._strip = image
        return self._strip

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-4, -4, 8, 8)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = self.summary or NEUTRAL
        # A deck of cards behind the box: the blocks are folded, not gone.
        painter.setPen(QPen(NEUTRAL_BORDER, 1.0))
        for d in (6.0, 3.0):
            painter.setBrush(theme.WHITE if d > 3 else NEUTRAL)
            painter.drawRoundedRect(self.rect.translated(d, d), 5, 5)
        painter.setPen(
            QPen(theme.INK if self.hovered else NEUTRAL_BORDER, 1.5 if self.hovered else 1.0)
        )
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect, 5, 5)
        painter.setPen(contrast_text(fill))
        painter.setFont(theme.font(11, bold=True))
        n = self.stage.depth
        text = translate("Diagram", "{n} × {kind} blocks").format(n=n, kind=kind_name(self.stage.kind_text))
        painter.drawText(
            QRectF(8, 4, self.rect.width() - 16, 20), Qt.AlignmentFlag.AlignCenter, text
        )
        self._paint_strip(painter, QRectF(10, 28, self.rect.width() - 20, 14))
        if self.selected:  # on top of the deck, which would hide half of it
            painter.setPen(QPen(theme.SELECT, 3.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect.adjusted(-2.5, -2.5, 2.5, 2.5), 7, 7)

    def _paint_strip(self, painter: QPainter, strip: QRectF) -> None:
        """One cell per block: vanishing gradients show as a dark run even when collapsed."""
        n = max(1, len(self.cells))
        w = strip.width() / n
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(strip, self._strip_image())
        painter.restore()
        if w >= 5:
            painter.setPen(QPen(QColor(255, 255, 255, 150), 1.0))
            for i in range(1, n):
                x = strip.left() + i * w
                painter.drawLine(QPointF(x, strip.top()), QPointF(x, strip.bottom()))
        painter.setPen(QPen(NEUTRAL_BORDER, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(strip)

    def tooltip_html(self) -> str:
        st = self.stage
        blocks = st.blocks
        rows = [(translate("Diagram", "blocks"), st.summary()), (translate("Diagram", "kind"), kind_name(st.kind_text))]
        kinds = sorted({b.shortcut_text() for b in blocks})
        rows.append((translate("Diagram", "shortcuts"), ", ".join(kinds)))
        if blocks and blocks[0].in_shape is not None:
            rows.append(
                (translate("Diagram", "shape"), f"{fmt_shape(blocks[0].in_shape)} → {fmt_shape(blocks[-1].out_shape)}")
            )
            rows.append((translate("Diagram", "params"), f"{sum(b.params or 0 for b in blocks):,}"))
            rows.append(("MACs", human(sum(b.macs or 0 for b in blocks))))
        if self.values:
            rows.append(
                (
                    translate("Diagram", "gradient"),
                    f"{format_sci(min(self.values), 2)} … {format_sci(max(self.values), 2)}",
                )
            )
        if self.shares:
            rows.append((translate("Diagram", "mean shortcut share"), f"{sum(self.shares) / len(self.shares):.0%}"))
        return rows_html(translate("Diagram", "Stage {stage} (collapsed — click to expand)").format(stage=st.index + 1), rows)
