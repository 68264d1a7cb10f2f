"""Reference lines that keep a loss or error axis honest: chance level and zero.

A net that guesses uniformly among C classes has cross-entropy ln C (2.30 for ten classes),
error 100·(1 − 1/C) % and accuracy 100/C %. Drawing that level, and keeping 0 on a linear
axis, stops a flat line at 2.30 from looking like steep learning on a 2.23–2.33 axis.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

CHANCE_COLOR = "#7f8c8d"


def chance_level(classes: int, quantity: str) -> float | None:
    """Chance level of 'loss', 'error' (%) or 'acc' (%) for ``classes`` classes; None if unknown."""
    if classes < 2:
        return None
    if quantity == "loss":
        return math.log(classes)
    if quantity == "error":
        return 100.0 * (1.0 - 1.0 / classes)
    if quantity == "acc":
        return 100.0 / classes
    return None


def chance_text(classes: int, quantity: str) -> str:
    value = chance_level(classes, quantity)
    if value is None:
        return ""
    if quantity == "loss":
        return QCoreApplication.translate("ChanceLine", "chance: ln {classes} = {value}").format(
            classes=classes, value=f"{value:.2f}")
    return QCoreApplication.translate("ChanceLine", "chance: {value} %").format(value=f"{value:.0f}")


class ReferenceLines:
    """A dashed chance line with its label and a zero baseline, in one plot. Both count for
    auto-range, so the axis always shows where learning starts and where it would end."""

    def __init__(self, plot: pg.PlotItem) -> None:
        pen = pg.mkPen(CHANCE_COLOR, width=1.2, style=Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.chance = pg.InfiniteLine(angle=0, movable=False, pen=pen, label="",
                                      labelOpts={"position": 0.02, "anchors": [(0, 0), (0, 0)],  # under the line, left
                                                 "color": CHANCE_COLOR})
        self.zero = pg.InfiniteLine(angle=0, pos=0.0, movable=False, pen=pg.mkPen("#d5d8dc", width=1))
        for item in (self.zero, self.chance):
            item.setZValue(-5)  # behind the curves
            plot.addItem(item)
        self.value: float | None = None
        self._placed: tuple[int, str, bool] | None = None
        self.chance.hide()

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
        self.chance.label.setFormat(chance_text(classes, quantity))

    def retranslate(self) -> None:
        """The label in the language now in force."""
        if self._placed is not None:
            self.set(*self._placed)
