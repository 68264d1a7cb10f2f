"""Graphics items the panels share: an axis labelled with layer or block names and the friendly
hint shown in an empty plot (the log axis lives in the theme)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsTextItem, QStyleOptionGraphicsItem, QWidget

from resviz.ui.plots import style
from resviz.ui.theme import HINT_PX, DecadeAxis

__all__ = ["DecadeAxis", "HintText", "NamedAxis"]


class NamedAxis(pg.AxisItem):
    """Integer positions labelled with names.

    When every name fits, every row is labelled; otherwise the coarser ``groups`` (e.g. one
    label per block, centred on its layers) are labelled in the order given, each skipped if
    it would overlap one already placed. Zooming in brings the full names back.
    """

    def __init__(self, orientation: str, gap_px: float = 2.0) -> None:
        super().__init__(orientation)
        self.names: list[str] = []
        self.groups: list[tuple[float, str]] = []
        self.gap_px = gap_px
        self._metrics = QFontMetricsF(style.font(style.TICK_PX))
        self._labels: dict[float, str] = {}

    def set_names(self, names: Sequence[str], groups: Sequence[tuple[float, str]] | None = None) -> None:
        self.names = list(names)
        self.groups = list(groups) if groups is not None else [(float(i), n) for i, n in enumerate(names)]
        self.picture = None  # drop the cached drawing
        self.update()

    def _extent(self, text: str) -> float:
        """Pixels a label needs along the axis."""
        if self.orientation in ("left", "right"):
            return self._metrics.height()
        return self._metrics.horizontalAdvance(text)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803
        minVal, maxVal = sorted((minVal, maxVal))  # an inverted view passes them reversed
        if not self.names or maxVal <= minVal or size <= 0:
            return []
        px = size / (maxVal - minVal)
        rows = [(float(i), n) for i, n in enumerate(self.names)]
        need = max((self._extent(n) for _, n in rows), default=0.0) + self.gap_px
        candidates = rows if px >= need else self.groups
        picked: list[tuple[float, float]] = []  # (position, half extent in px), sorted
        labels: dict[float, str] = {}
        for pos, label in candidates:  # in priority order: a later label only fills a gap
            if not minVal - 0.01 <= pos <= maxVal + 0.01:
                continue
            half = (self._extent(label) + self.gap_px) / 2
            k = bisect.bisect(picked, (pos, half))
            neighbours = picked[max(k - 1, 0):k + 1]
            if all(abs(pos - p) * px >= half + h for p, h in neighbours):
                picked.insert(k, (pos, half))
                labels[round(pos, 3)] = label
        self._labels = labels
        return [(1.0, [p for p, _ in picked])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [self._labels.get(round(v, 3), "") for v in values]


class HintText(QGraphicsTextItem):
    """Centred, muted text in a ViewBox that has nothing to show yet (or a note over data,
    drawn on a white card when ``boxed``).

    A child of the ViewBox itself (not of its data group), so it stays centred whatever
    the axis ranges, and is carried into exports.
    """

    def __init__(self, view: pg.ViewBox, text: str, subtitle: str = "", boxed: bool = False) -> None:
        super().__init__(view)
        self.view = view
        self.boxed = boxed
        self.setDefaultTextColor(style.color(style.INK if boxed else style.MUTED))
        self.setFont(style.font(HINT_PX))
        self.setZValue(1_000)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.document().setDocumentMargin(8 if boxed else 6)  # room for the card inside boundingRect
        self.set_text(text, subtitle)
        view.sigResized.connect(self._centre)

    def set_text(self, text: str, subtitle: str = "") -> None:
        sub = (f"<div style='font-size:11px; color:{style.MUTED if self.boxed else style.FAINT}'>{subtitle}</div>"
               if subtitle else "")
        self.setHtml(f"<div align='center'>{text}{sub}</div>")
        self.setTextWidth(-1)
        self._centre()

    def _centre(self, *_: object) -> None:
        box: QRectF = self.view.boundingRect()
        self.setTextWidth(-1)
        width = min(self.document().idealWidth() + 2, max(box.width() - 24, 40))
        self.setTextWidth(width)
        r = self.boundingRect()
        self.setPos(box.center().x() - r.width() / 2, box.center().y() - r.height() / 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # A card behind the text keeps grid and reference lines from crossing it.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(style.pen(style.FAINT, 1.0) if self.boxed else Qt.PenStyle.NoPen)
        painter.setBrush(style.color(style.BACKGROUND, 235))
        painter.drawRoundedRect(self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        super().paint(painter, option, widget)
