"""Reference lines that keep a loss or error axis honest: chance level and zero.

A net that guesses uniformly among C classes has cross-entropy ln C (2.30 for ten classes),
error 100·(1 − 1/C) % and accuracy 100/C %. Drawing that level, and keeping 0 on a linear
axis, stops a flat line at 2.30 from looking like steep learning on a 2.23–2.33 axis.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer

from resviz.presentation import palette
from resviz.presentation.chance import CONTEXT, chance_label, chance_level

CHANCE_COLOR = palette.CHANCE


# Where the chance label may sit, best first: the far end of the line, then its start, above or
# below it (a TextItem's anchor (0, 0) puts the text's top-left corner at the point).
CLIPPED = 1_000_000
LABEL_SPOTS = ((0.98, (1.0, 1.0)), (0.98, (1.0, 0.0)), (0.02, (0.0, 1.0)), (0.02, (0.0, 0.0)))


def points_under(plot: pg.PlotItem, rect: QRectF) -> int:
    """How many drawn points of the plot's curves fall inside ``rect`` (scene coordinates), a
    line that crosses it counting as one more (a sparse curve can pass between its points)."""
    view = plot.getViewBox().mapSceneToView(rect).boundingRect()
    count = 0
    for item in plot.listDataItems():
        if not item.isVisible():
            continue
        x, y = item.getData()
        if x is None or len(x) == 0:
            continue
        inside = (x >= view.left()) & (x <= view.right()) & (y >= view.top()) & (y <= view.bottom())
        count += int(np.count_nonzero(inside))
        if item.opts.get("pen") is not None and item.curve.getPath().intersects(view):
            count += 1
    return count


def chance_tr(text: str) -> str:
    """A chance label's text (resviz.presentation.chance.LABELS) in the language in force."""
    return QCoreApplication.translate(CONTEXT, text)


def chance_text(classes: int, quantity: str) -> str:
    return chance_label(classes, quantity, chance_tr)


def chance_word() -> str:
    """The chance label where the full one would cover a curve."""
    return QCoreApplication.translate("ChanceLine", "chance")


class ReferenceLines:
    """A dashed chance line with its label and a zero baseline, in one plot. Both count for
    auto-range, so the axis always shows where learning starts and where it would end."""

    def __init__(self, plot: pg.PlotItem) -> None:
        pen = pg.mkPen(CHANCE_COLOR, width=1.2, style=Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.chance = pg.InfiniteLine(angle=0, movable=False, pen=pen, label="",
                                      labelOpts={"position": 0.02, "anchors": [(0, 0), (0, 0)],  # under the line, left
                                                 "color": CHANCE_COLOR})
        self.zero = pg.InfiniteLine(angle=0, pos=0.0, movable=False, pen=pg.mkPen(palette.RULE, width=1))
        for item in (self.zero, self.chance):
            item.setZValue(-5)  # behind the curves
            plot.addItem(item)
        self.plot = plot
        self.value: float | None = None
        self._placed: tuple[int, str, bool] | None = None
        self.chance.hide()
        # Curves move as a run trains and the view re-ranges: move the label off them again.
        self._place_soon = QTimer(singleShot=True, interval=0)
        self._place_soon.timeout.connect(self.place_label)
        plot.getViewBox().sigRangeChanged.connect(lambda *_: self._place_soon.start())
        plot.getViewBox().sigResized.connect(lambda *_: self._place_soon.start())

    def set(self, classes: int, quantity: str, log_y: bool = False) -> None:
        """Place the chance line for ``classes`` (hidden if unknown); no zero on a log axis."""
        self._placed = (classes, quantity, log_y)
        self.value = chance_level(classes, quantity)
        self.zero.setVisible(not log_y)
        if self.value is None:
            self.chance.hide()
            return
        self.chance.show()  # first: a hidden line's label ignores new text
        self.chance.setValue(math.log10(self.value) if log_y else self.value)
        self.place_label()

    def place_label(self) -> None:
        """Put the chance label at an end of the line where it covers no curve point: in full
        if it fits, else as one word (the axis gives the value), else where it covers fewest."""
        if not self.chance.isVisible() or self._placed is None:
            return
        label = self.chance.label
        best: tuple[int, str, float, tuple[float, float]] | None = None
        for text in (chance_text(*self._placed[:2]), chance_word()):
            label.setFormat(text)
            for position, anchor in LABEL_SPOTS:
                self._put(position, anchor)
                rect = label.sceneBoundingRect()
                covered = points_under(self.plot, rect)
                if not self.plot.getViewBox().sceneBoundingRect().contains(rect):
                    covered += CLIPPED  # cut off at the plot's edge: worse than covering a few points
                if covered == 0:
                    return
                if best is None or covered < best[0]:
                    best = (covered, text, position, anchor)
        assert best is not None
        label.setFormat(best[1])
        self._put(best[2], best[3])

    def _put(self, position: float, anchor: tuple[float, float]) -> None:
        label = self.chance.label
        label.anchors = [anchor, anchor]
        label.setPosition(position)

    def retranslate(self) -> None:
        """The label in the language now in force."""
        if self._placed is not None:
            self.set(*self._placed)
