"""Pens, fonts and plot styling shared by the explorer's pyqtgraph plots."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QLabel

from resviz.presentation.comparison import key_names
from resviz.presentation.palette import FAINT, INK, MUTED
from resviz.ui.plots import style
from resviz.ui.theme import (
    KEY_PX,
    LABEL_PX,
    DecadeAxis,
    font,
    label_style,
    set_title,
)

__all__ = ["FAINT", "INK", "MUTED", "DecadeAxis", "font", "set_title"]

# A long dash: a short pattern drawn along a jagged per-batch loss reads as a solid line.
DASH = [6.0, 3.0]
SELECT_TEXT = QT_TRANSLATE_NOOP("Explorer", "Select runs to compare them\n(click a run; Ctrl+click or Shift+click adds more)")


def tr(text: str) -> str:
    """A text marked with QT_TRANSLATE_NOOP("Explorer", …), in the language in force."""
    return QCoreApplication.translate("Explorer", text)


def new_plot(layout: pg.GraphicsLayout, row: int = 0, col: int = 0) -> pg.PlotItem:
    """A plot in the layout whose left axis labels decades cleanly on a log scale."""
    return layout.addPlot(row=row, col=col, axisItems={"left": DecadeAxis("left")})


def key_html(entries: list[tuple[str, bool, str]], per_line: int = 3) -> str:
    """A legend as text, for a row below the plots where it covers no curve: each run's colour
    and dash (plain dashed, residual solid), ``per_line`` runs to a line; what all the names
    end with is said once, after them."""
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;")

    names, shared = key_names([name for _, _, name in entries])
    parts = [f"<span style='color:{color}; font-weight:bold'>{'━━' if residual else '╍╍'}</span>"
             f"&nbsp;{esc(name)}" for (color, residual, _), name in zip(entries, names, strict=True)]
    lines = [" &nbsp;&nbsp;&nbsp; ".join(parts[i:i + per_line]) for i in range(0, len(parts), per_line)]
    if shared:
        lines[-1] += f" &nbsp;&nbsp;&nbsp; <span style='color:{MUTED}'>({esc(shared)})</span>"
    return "<br>".join(lines)


def key_row(layout: pg.GraphicsLayout, row: int, colspan: int) -> pg.LabelItem:
    """The row under the plots that holds the key."""
    label = layout.addLabel("", row=row, col=0, colspan=colspan, justify="left", size=f"{KEY_PX}px", color=INK)
    return label


def run_pen(color: str, residual: bool, width: float = 1.8) -> QPen:
    """Plain runs dashed, residual runs solid (Fig. 6 of He et al. 2015)."""
    pen = pg.mkPen(QColor(color), width=width)
    pen.setCosmetic(True)
    if not residual:
        pen.setStyle(Qt.PenStyle.CustomDashLine)
        pen.setDashPattern(DASH)
    return pen


def faint_pen(color: str) -> QPen:
    c = QColor(color)
    c.setAlpha(28)
    pen = pg.mkPen(c, width=1.0)
    pen.setCosmetic(True)
    return pen


def is_dashed(pen: QPen) -> bool:
    return pen.style() in (Qt.PenStyle.DashLine, Qt.PenStyle.CustomDashLine)


def style_plot(plot: pg.PlotItem, x_label: str = "", y_label: str = "") -> None:
    """The live plots' style (white, muted axes, light grid, no pyqtgraph menu or auto-range
    button), a narrower left axis, and the axis labels."""
    style.style_plot(plot)
    plot.getAxis("left").setWidth(54)
    set_labels(plot, x_label, y_label)


def set_labels(plot: pg.PlotItem, x_label: str, y_label: str) -> None:
    plot.setLabel("bottom", x_label, **label_style(LABEL_PX))
    plot.setLabel("left", y_label, **label_style(LABEL_PX))


def empty_label(text: str) -> QLabel:
    """A friendly centred message for a tab with nothing to show."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet(f"color:{MUTED}; font-size:14px; padding:24px;")
    return label
