"""The grid under a plot's data: one item draws both axes' grid lines, each in an opaque colour.

pyqtgraph draws a grid as each axis's ticks drawn long, translucent and over the curves, and
blending those lines was most of the cost of painting a chart while training: a paint of the
training curves took 6.3 ms of the GUI thread, 5.1 of them the grid's (2 cores, 762×718 px;
opaque lines take about 1 ms). So each line is drawn here in the colour it would show over the
background, beneath the data, lightest first: with both axes' lines in one item, the darker of
two crossing lines stays on top, as it would when blended (two axes each drawing opaque lines
cut the first one's lines into dashes). Where the lines go and how faint each level of them is
stay pyqtgraph's, and so Present mode's stronger grid.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from resviz.presentation import palette
from resviz.ui.theme import GRID_ALPHA


def show_grid(plot: pg.PlotItem, x: bool = True, y: bool = True) -> None:
    """The light grid of every plot: vertical lines at the x ticks, horizontal at the y ticks."""
    plot.showGrid(x=x, y=y, alpha=GRID_ALPHA)
    grid = next((item for item in plot.childItems() if isinstance(item, PlotGrid)), None) or PlotGrid(plot)
    for side in ("left", "bottom"):
        grid.draw_lines_of(plot.getAxis(side))


class PlotGrid(QGraphicsItem):
    """Draws, beneath a plot's ViewBox, the tick and grid lines its axes would draw."""

    def __init__(self, plot: pg.PlotItem) -> None:
        super().__init__(plot)
        box = plot.getViewBox()
        box.setBackgroundColor(None)  # the view's own background shows through, under the grid
        self.setZValue(box.zValue() - 1)
        self._background = QColor(palette.BACKGROUND)
        self._lines: dict[pg.AxisItem, list[tuple[QPen, QLineF]]] = {}
        self._ordered: list[tuple[QPen, QLineF, pg.AxisItem]] = []
        self._bounds = QRectF()

    def draw_lines_of(self, axis: pg.AxisItem) -> None:
        """Take over drawing ``axis``'s tick lines (once per axis). The axis lies just below this
        item, so it is painted first: when its range changed, it hands over the new lines in the
        same paint, and its repainted area, which covers the grid, repaints this item too."""
        if getattr(axis, "_grid_lines_to", None) is self:
            return
        axis.setZValue(self.zValue() - 1)
        generate = axis.generateDrawSpecs

        def specs(painter: QPainter) -> object:
            drawn = generate(painter)
            if drawn is None:
                self._take(axis, [])
                return None
            line, ticks, texts = drawn
            self._take(axis, ticks)
            return line, [], texts

        axis.generateDrawSpecs = specs  # the method pyqtgraph suggests overriding, here for this one axis
        axis._grid_lines_to = self

    def lines(self) -> list[tuple[QPen, QLineF]]:
        """The lines drawn, in this item's coordinates and in the order drawn: those of the
        axes shown (a hidden axis is not painted, so it would never take its lines back)."""
        return [(pen, line) for pen, line, axis in self._ordered if axis.isVisible()]

    def _take(self, axis: pg.AxisItem, ticks: list[tuple[QPen, QPointF, QPointF]]) -> None:
        self._lines[axis] = [
            (self._opaque(pen), QLineF(axis.mapToItem(self, start), axis.mapToItem(self, end)))
            for pen, start, end in ticks]
        self._ordered = sorted(((pen, line, owner) for owner, lines in self._lines.items() for pen, line in lines),
                               key=lambda entry: -entry[0].color().lightnessF())
        bounds = QRectF()
        for _, line, _ in self._ordered:
            bounds |= QRectF(line.p1(), line.p2()).normalized()
        bounds.adjust(-2, -2, 2, 2)  # pen widths
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds

    def _opaque(self, pen: QPen) -> QPen:
        c, bg = pen.color(), self._background
        a = c.alphaF()
        if a >= 1.0:
            return pen
        out = QPen(pen)
        out.setColor(QColor.fromRgbF(a * c.redF() + (1 - a) * bg.redF(), a * c.greenF() + (1 - a) * bg.greenF(),
                                     a * c.blueF() + (1 - a) * bg.blueF()))
        return out

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for pen, line in self.lines():
            painter.setPen(pen)
            painter.drawLine(line)
