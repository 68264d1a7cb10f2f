"""Pens, fonts and plot styling shared by the explorer's pyqtgraph plots."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QLabel

INK = "#1b2631"
MUTED = "#5d6d7e"
FAINT = "#aeb6bf"
TICK_PX = 11
LABEL_PX = 12
# A long dash: a short pattern drawn along a jagged per-batch loss reads as a solid line.
DASH = [6.0, 3.0]
SELECT_TEXT = QT_TRANSLATE_NOOP("Explorer", "Select runs to compare them\n(click a run; Ctrl+click or Shift+click adds more)")


def tr(text: str) -> str:
    """A text marked with QT_TRANSLATE_NOOP("Explorer", …), in the language in force."""
    return QCoreApplication.translate("Explorer", text)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class DecadeAxis(pg.AxisItem):
    """A log axis with readable labels: plain numbers (0.5, 20, 300) where they are short,
    10⁻⁴ style beyond; over three decades or more only whole decades are labelled, below that
    only 1, 2 and 5 of each decade, so the minor labels never pile up ("9·10¹, 8·10¹, …")."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        lo, hi = self.range
        span = hi - lo
        keep = (1,) if span >= 3.0 else (1, 2, 5) if span >= 0.7 else tuple(range(1, 10))
        ticks: list[tuple[int, int] | None] = []  # (mantissa, exponent) of labelled ticks
        for v in values:
            exponent = math.floor(v + 1e-9)
            mantissa = 10 ** (v - exponent)
            whole = round(mantissa)
            ticks.append((whole, exponent) if whole in keep and abs(mantissa - whole) < 1e-3 else None)
        # One style per axis: "0.01, 0.001, 10⁻⁴" would read as two scales.
        plain = all(-3 <= t[1] <= 3 for t in ticks if t is not None)
        out = []
        for t in ticks:
            if t is None:
                out.append("")
            elif plain:
                out.append(f"{t[0] * 10.0 ** t[1]:.{max(0, -t[1])}f}")
            else:
                out.append(f"{'' if t[0] == 1 else f'{t[0]}·'}10{str(t[1]).translate(_SUPERSCRIPT)}")
        return out


def new_plot(layout: pg.GraphicsLayout, row: int = 0, col: int = 0) -> pg.PlotItem:
    """A plot in the layout whose left axis labels decades cleanly on a log scale."""
    return layout.addPlot(row=row, col=col, axisItems={"left": DecadeAxis("left")})


def key_html(entries: list[tuple[str, bool, str]], per_line: int = 3) -> str:
    """A legend as text, for a row below the plots where it covers no curve: each run's colour
    and dash (plain dashed, residual solid), ``per_line`` runs to a line."""
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;")

    parts = [f"<span style='color:{color}; font-weight:bold'>{'━━' if residual else '╍╍'}</span>"
             f"&nbsp;{esc(name)}" for color, residual, name in entries]
    lines = [" &nbsp;&nbsp;&nbsp; ".join(parts[i:i + per_line]) for i in range(0, len(parts), per_line)]
    return "<br>".join(lines)


def key_row(layout: pg.GraphicsLayout, row: int, colspan: int) -> pg.LabelItem:
    """The row under the plots that holds the key."""
    label = layout.addLabel("", row=row, col=0, colspan=colspan, justify="left", size="9pt", color=INK)
    return label


def font(px: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(px)
    f.setBold(bold)
    return f


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
    """White plot, muted axes, light grid, no pyqtgraph context menu or auto-range button."""
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(FAINT))
        axis.setTextPen(pg.mkPen(MUTED))
        axis.setTickFont(font(TICK_PX))
        axis.enableAutoSIPrefix(False)
    plot.getAxis("left").setWidth(54)
    plot.showGrid(x=True, y=True, alpha=0.18)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    set_labels(plot, x_label, y_label)


def set_labels(plot: pg.PlotItem, x_label: str, y_label: str) -> None:
    style = {"color": INK, "font-size": f"{LABEL_PX}px"}
    plot.setLabel("bottom", x_label, **style)
    plot.setLabel("left", y_label, **style)


def set_title(plot: pg.PlotItem, text: str) -> None:
    plot.setTitle(text, color=INK, size=f"{LABEL_PX + 1}px", bold=True)


def empty_label(text: str) -> QLabel:
    """A friendly centred message for a tab with nothing to show."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet(f"color:{MUTED}; font-size:14px; padding:24px;")
    return label
