"""The tiles of the Grad-CAM panel: geometry, painting (screen and export share it) and the widget.

Tiles are painted, not built from child widgets: sixteen QLabels relaid on every resize would
flicker, and one paint routine draws the screen and the 2× export identically.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from resviz.data.registry import class_title
from resviz.presentation import palette
from resviz.presentation.overlay import DEFAULT_COLORMAP, overlay, resize_bilinear
from resviz.ui.theme import font

INK = QColor(palette.INK)
MUTED = QColor(palette.MUTED)
BORDER = QColor(palette.BORDER)
RIGHT = QColor(palette.GOOD)
WRONG = QColor(palette.BAD)
BOX = QColor(palette.BACKGROUND)
BOX_HALO = QColor(0, 0, 0, 110)

MIN_TILE = 96  # below this a 32 px image's shapes stop reading
MAX_TILE = 176
GAP_X = 12
GAP_Y = 14
MARGIN = 8
LABEL_GAP = 5  # between image and label
LABEL_PX = 12

translate = QCoreApplication.translate


def label_font() -> QFont:
    return font(LABEL_PX)


@dataclass(frozen=True)
class Tile:
    """One validation image with the map being shown for it."""

    image: np.ndarray  # uint8 [H, W, 3]
    cam: np.ndarray  # float32 [H, W] in [0, 1]
    true_name: str
    pred_name: str
    box: tuple[int, int, int, int] | None  # x0, y0, x1, y1 in image pixels, end exclusive

    @property
    def correct(self) -> bool:
        return self.true_name == self.pred_name

    @property
    def label_text(self) -> str:
        return translate("GradCam", "true: {true} · pred: {pred}").format(true=self.true_name, pred=self.pred_name)

    @property
    def label_color(self) -> QColor:
        return RIGHT if self.correct else WRONG

    def peak(self) -> tuple[int, int]:
        """(x, y) of the map's maximum, in image pixels."""
        y, x = np.unravel_index(int(np.argmax(self.cam)), self.cam.shape)
        h, w = self.image.shape[:2]
        ch, cw = self.cam.shape
        return int(x * w // cw), int(y * h // ch)

    def pixels(self, size: int, alpha: float, cmap: str) -> np.ndarray:
        """The tile's image at size × size pixels: image nearest-neighbour, map bilinear."""
        h, w = self.image.shape[:2]
        rows = (np.arange(size) * h // size).astype(np.intp)
        cols = (np.arange(size) * w // size).astype(np.intp)
        big = self.image[rows][:, cols]
        if alpha <= 0.0:
            return np.ascontiguousarray(big)
        return overlay(big, resize_bilinear(self.cam, (size, size)), alpha, cmap=cmap)


def make_tiles(
    images: np.ndarray,
    labels: np.ndarray,
    preds: np.ndarray,
    maps: np.ndarray,
    boxes: np.ndarray | None,
    classes: list[str],
) -> list[Tile]:
    """One tile per image; a class index without a name shows as the number."""

    def name(i: int) -> str:
        return class_title(classes[i], classes) if 0 <= i < len(classes) else str(i)

    def box(i: int) -> tuple[int, int, int, int] | None:
        if boxes is None:
            return None
        x0, y0, x1, y1 = (int(v) for v in boxes[i])
        return x0, y0, x1, y1

    return [
        Tile(images[i], maps[i], name(int(labels[i])), name(int(preds[i])), box(i))
        for i in range(len(images))
    ]


@dataclass(frozen=True)
class Geometry:
    """Where tiles go for a given width: columns, tile size, whether labels take two lines."""

    n: int
    cols: int
    tile: int
    two_lines: bool
    line_h: int
    left: int

    @property
    def rows(self) -> int:
        return math.ceil(self.n / self.cols) if self.n else 0

    @property
    def cell_h(self) -> int:
        return self.tile + LABEL_GAP + self.line_h * (2 if self.two_lines else 1)

    @property
    def width(self) -> int:
        return self.cols * self.tile + (self.cols - 1) * GAP_X + 2 * MARGIN

    @property
    def height(self) -> int:
        return self.rows * self.cell_h + max(0, self.rows - 1) * GAP_Y + 2 * MARGIN

    def image_rect(self, i: int) -> QRect:
        r, c = divmod(i, self.cols)
        x = self.left + MARGIN + c * (self.tile + GAP_X)
        y = MARGIN + r * (self.cell_h + GAP_Y)
        return QRect(x, y, self.tile, self.tile)

    def cell_at(self, pos: QPoint) -> int | None:
        for i in range(self.n):
            r = self.image_rect(i)
            if r.adjusted(0, 0, 0, self.cell_h - self.tile).contains(pos):
                return i
        return None


def compute_geometry(width: int, tiles: list[Tile], height: int | None = None) -> Geometry:
    """The largest tiles that show every image without scrolling in width × height; when none
    reach MIN_TILE, as many columns as fit at MIN_TILE (and the scroll area scrolls).

    Only balanced column counts are tried (16 images: 8, 6, 4, ... never 7) so no row is ragged.
    """
    n = len(tiles)
    fm = QFontMetrics(label_font())
    line_h = fm.height()
    avail_w = max(MIN_TILE, width - 2 * MARGIN)
    fit = max(1, min(max(n, 1), (avail_w + GAP_X) // (MIN_TILE + GAP_X)))
    cols = math.ceil(n / math.ceil(n / fit)) if n else 1
    tile = int(min(MAX_TILE, (avail_w - (cols - 1) * GAP_X) // cols))
    if n and height is not None:
        best = 0
        for rows in range(1, n + 1):
            c = math.ceil(n / rows)
            if math.ceil(n / c) != rows:
                continue  # the same columns with fewer rows was tried already
            by_w = (avail_w - (c - 1) * GAP_X) // c
            by_h = (height - 2 * MARGIN - (rows - 1) * GAP_Y) // rows - LABEL_GAP - 2 * line_h
            size = int(min(MAX_TILE, by_w, by_h))
            if size >= MIN_TILE and size > best:
                best, cols, tile = size, c, size
    two_lines = any(fm.horizontalAdvance(t.label_text) > tile for t in tiles)
    used = cols * tile + (cols - 1) * GAP_X + 2 * MARGIN
    left = max(0, (width - used) // 2)  # centred when the tiles stop growing
    return Geometry(n=n, cols=cols, tile=tile, two_lines=two_lines, line_h=line_h, left=left)


def to_qimage(rgb: np.ndarray) -> QImage:
    """uint8 [H, W, 3] → an independent QImage (copied: the numpy buffer may go away)."""
    data = np.ascontiguousarray(rgb)
    h, w = data.shape[:2]
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def paint_tiles(
    painter: QPainter,
    geo: Geometry,
    tiles: list[Tile],
    images: list[QImage],
    show_box: bool,
) -> None:
    """Draw every tile: the overlay image (already at device resolution), box, border, labels."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    fm = QFontMetrics(label_font())
    painter.setFont(label_font())
    for i, (tile, img) in enumerate(zip(tiles, images, strict=True)):
        rect = geo.image_rect(i)
        painter.drawImage(QRectF(rect), img)
        if show_box and tile.box is not None:
            _paint_box(painter, rect, tile)
        painter.setPen(QPen(BORDER, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(rect).adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.setPen(tile.label_color)
        lines = ([translate("GradCam", "true: {name}").format(name=tile.true_name),
                  translate("GradCam", "pred: {name}").format(name=tile.pred_name)]
                 if geo.two_lines else [tile.label_text])
        y = rect.bottom() + 1 + LABEL_GAP
        for line in lines:
            text = fm.elidedText(line, Qt.TextElideMode.ElideRight, geo.tile)
            painter.drawText(QRect(rect.left(), y, geo.tile, geo.line_h), Qt.AlignmentFlag.AlignLeft, text)
            y += geo.line_h


def _paint_box(painter: QPainter, rect: QRect, tile: Tile) -> None:
    h, w = tile.image.shape[:2]
    assert tile.box is not None
    x0, y0, x1, y1 = tile.box
    sx, sy = rect.width() / w, rect.height() / h
    box = QRectF(rect.left() + x0 * sx, rect.top() + y0 * sy, (x1 - x0) * sx, (y1 - y0) * sy)
    box = box.intersected(QRectF(rect)).adjusted(0.75, 0.75, -0.75, -0.75)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(BOX_HALO, 3.0))  # a dark halo keeps the white line visible on pale images
    painter.drawRect(box)
    painter.setPen(QPen(BOX, 1.25))
    painter.drawRect(box)


class TileGrid(QWidget):
    """The responsive grid: columns follow the width, height follows the rows (inside a scroll area)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: list[Tile] = []
        self.alpha = 0.5
        self.show_box = True
        self.cmap = DEFAULT_COLORMAP
        self.geometry_ = compute_geometry(self.width(), [])
        self._cache: tuple[int, list[QImage]] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)

    def set_tiles(self, tiles: list[Tile]) -> None:
        self.tiles = tiles
        self._invalidate()

    def set_alpha(self, alpha: float) -> None:
        self.alpha = alpha
        self._invalidate()

    def set_show_box(self, show: bool) -> None:
        self.show_box = show
        self.update()

    def images(self, size: int) -> list[QImage]:
        """Overlays at size px, cached: painting happens far more often than the data changes."""
        if self._cache is None or self._cache[0] != size:
            self._cache = (size, [to_qimage(t.pixels(size, self.alpha, self.cmap)) for t in self.tiles])
        return self._cache[1]

    def _invalidate(self) -> None:
        self._cache = None
        self._relayout()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self._relayout()  # the viewport's height decides the tile size, not only our width
        return False

    def _relayout(self) -> None:
        viewport = self.parentWidget()
        height = viewport.height() if viewport is not None else None
        self.geometry_ = compute_geometry(self.width(), self.tiles, height)
        # The scroll area sizes us from the minimum height; it changes with the column count.
        self.setMinimumHeight(self.geometry_.height)

    def sizeHint(self) -> QSize:
        return QSize(self.geometry_.width, self.geometry_.height)

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_TILE + 2 * MARGIN, self.geometry_.height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._relayout()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.tiles:
            return
        size = round(self.geometry_.tile * self.devicePixelRatioF())
        painter = QPainter(self)
        try:
            paint_tiles(painter, self.geometry_, self.tiles, self.images(size), self.show_box)
        finally:
            painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self.geometry_.cell_at(event.pos())
            if i is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip(i), self)
            return True
        return super().event(event)

    def tooltip(self, i: int) -> str:
        tile = self.tiles[i]
        x, y = tile.peak()
        text = tile.label_text + "\n"
        if tile.box is None:
            return text + translate("GradCam", "map peak at pixel ({x}, {y})").format(x=x, y=y)
        x0, y0, x1, y1 = tile.box
        inside = x0 <= x < x1 and y0 <= y < y1
        where = (translate("GradCam", "map peak at pixel ({x}, {y}), inside the object's box") if inside
                 else translate("GradCam", "map peak at pixel ({x}, {y}), outside the object's box"))
        text += where.format(x=x, y=y)
        return text
