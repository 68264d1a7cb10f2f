"""The one theme of the Qt views: colours, pens and fonts built from the Qt-free palette, the
log axis every plot uses, axis and title styling, and the projector's variant (Present mode).

Fonts are pixel-sized so a plot looks the same on screen, in PNG and in SVG. Styling is set
per item, never through ``pg.setConfigOption``, so other views keep their own defaults.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen

from resviz.presentation import palette

TICK_PX = 11
LABEL_PX = 12
TITLE_PX = 13
KEY_PX = 12  # the key (legend) rows
HINT_PX = 13  # the text in an empty plot
GRID_ALPHA = 0.18

# --- Present mode: readable from the back of a room at 1280×720 --------------------------
PRESENT_FONT_PX = 20
"""Widget text: about 1/36 of a 720-pixel-high screen."""
PRESENT_TEXT_PX = 24  # the lesson's text
PRESENT_TITLE_PX = 28  # the lesson's title
PRESENT_TICK_PX = 18  # the smallest text in a chart
PRESENT_FONT_SCALE = 1.67  # a chart's text: 11 px ticks → 18, 12 px labels → 20, 13 px titles → 22
PRESENT_LINE_SCALE = 2.5  # curve widths
PRESENT_SYMBOL_SCALE = 1.6  # markers
PRESENT_AXIS_WIDTH = 2.0  # axis lines


def color(hex_rgb: str, alpha: int = 255) -> QColor:
    c = QColor(hex_rgb)
    c.setAlpha(alpha)
    return c


def font(px: int, bold: bool = False) -> QFont:
    """A pixel-sized font (the one helper every view uses)."""
    f = QFont()
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def pen(hex_rgb: str, width: float = 1.6, alpha: int = 255) -> QPen:
    """A cosmetic pen: its width is in screen pixels whatever the zoom."""
    p = pg.mkPen(color(hex_rgb, alpha), width=width)
    p.setCosmetic(True)
    return p


def label_style(px: int = LABEL_PX) -> dict[str, str]:
    """The keyword style pyqtgraph's axis labels take."""
    return {"color": palette.INK, "font-size": f"{px}px"}


def style_axis(axis: pg.AxisItem, label: str | None = None, units: str | None = None) -> None:
    """Muted axis line and ticks; the label, when given, in ink."""
    axis.setPen(pg.mkPen(palette.FAINT))
    axis.setTextPen(pg.mkPen(palette.MUTED))
    axis.setTickFont(font(TICK_PX))
    axis.setStyle(tickLength=-4, tickTextOffset=4)
    axis.enableAutoSIPrefix(False)  # "step (x0.001)" reads worse than plain numbers
    if label is not None:
        axis.setLabel(label, units=units, **label_style())


def set_title(plot: pg.PlotItem, text: str) -> None:
    plot.setTitle(text, color=palette.INK, size=f"{TITLE_PX}px", bold=True)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(exponent: int) -> str:
    """-4 → '10⁻⁴'; 0 → '1'."""
    if exponent == 0:
        return "1"
    if exponent == 1:
        return "10"
    return "10" + str(exponent).translate(_SUPERSCRIPT)


class DecadeAxis(pg.AxisItem):
    """The log axis of every plot. Whole decades are labelled (every few when they crowd), with
    unlabelled minor ticks at 2–9 when there is room; within about a decade 1, 2 and 5 of each
    decade. One style per axis, since "0.01, 0.001, 10⁻⁴" would read as two scales: plain
    numbers when ``plain`` is True (learning rates), 10⁻⁴ style when False, and when None plain
    numbers while every label lies within 0.001–1000, 10⁻⁴ style beyond."""

    def __init__(self, orientation: str, plain: bool | None = None) -> None:
        super().__init__(orientation)
        self.plain = plain
        # tickValues already spaces the labels a label apart; pyqtgraph's own crowding limit would
        # then drop whole decades on a short axis (the learning rate's, in Chinese, on a projector).
        self.setStyle(textFillLimits=[(0, 1.0)])

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803
        if not self.logMode:
            return super().tickValues(minVal, maxVal, size)
        minVal, maxVal = sorted((minVal, maxVal))
        lo, hi = math.ceil(minVal - 1e-9), math.floor(maxVal + 1e-9)
        px_per_decade = size / max(maxVal - minVal, 1e-9)
        if hi - lo < 2 and px_per_decade > 90:
            values = [e + math.log10(m) for e in range(lo - 1, hi + 1) for m in (1, 2, 5)]
            return [(0.0, [v for v in values if minVal - 1e-9 <= v <= maxVal + 1e-9])]
        # px per label: a decade's label is about 3 digits wide; its digits' height, not the line's
        # (a CJK font's lines are a quarter taller), plus a gap
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())
        room = (3.4 * metrics.averageCharWidth() + 10 if self.orientation in ("top", "bottom")
                else metrics.capHeight() + 10)
        every = max(1, math.ceil(room / max(px_per_decade, 1e-9)))
        major = [float(e) for e in range(lo, hi + 1) if e % every == 0]
        minor: list[float] = []
        if px_per_decade > 60:
            for e in range(math.floor(minVal), math.ceil(maxVal)):
                minor += [e + math.log10(m) for m in range(2, 10) if minVal < e + math.log10(m) < maxVal]
        return [(float(every), major), (None, minor)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        if not self.logMode:
            return super().tickStrings(values, scale, spacing)
        if spacing is None:  # minor ticks
            return ["" for _ in values]
        return self.logTickStrings(values, scale, spacing)

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        lo, hi = self.range
        span = abs(hi - lo)
        keep = (1,) if span >= 3.0 else (1, 2, 5) if span >= 0.7 else tuple(range(1, 10))
        ticks: list[tuple[int, int] | None] = []  # (mantissa, exponent) of labelled ticks
        for v in values:
            exponent = math.floor(v + 1e-9)
            mantissa = 10 ** (v - exponent)
            whole = round(mantissa)
            ticks.append((whole, exponent) if whole in keep and abs(mantissa - whole) < 1e-3 else None)
        plain = self.plain
        if plain is None:
            plain = all(-3 <= t[1] <= 3 for t in ticks if t is not None)
        out = []
        for t in ticks:
            if t is None:
                out.append("")
            elif plain:
                out.append(f"{t[0] * 10.0 ** t[1]:.{max(0, -t[1])}f}")
            else:
                out.append(decade_label(t[1]) if t[0] == 1 else f"{t[0]}·{decade_label(t[1])}")
        return out


MENU_BUTTON_STYLE = ("QToolButton { padding-right: 20px; } QToolButton::menu-indicator { subcontrol-origin: padding;"
                     " subcontrol-position: right center; right: 5px; }")
"""A tool button that opens a menu: its arrow in a padding of its own, never over the text."""


def present_stylesheet() -> str:
    """The widgets' high-contrast theme on a projector: large text, white and yellow on black."""
    p = palette
    return f"""
QMenuBar, QToolBar, QTabBar, QDockWidget, QWidget#lessons_panel, QWidget#lessons_panel QWidget {{
    font-size:{PRESENT_FONT_PX}px; }}
QDockWidget {{ color:{p.HC_ACCENT}; }}
QDockWidget::title {{ background:{p.HC_BACKGROUND}; padding:4px; }}
QWidget#lessons_panel, QWidget#lessons_panel QWidget {{ background:{p.HC_BACKGROUND}; color:{p.HC_INK}; }}
QTabBar::tab {{ background:{p.HC_SURFACE}; color:{p.HC_INK}; padding:8px 16px; border:1px solid {p.HC_INK}; }}
QTabBar::tab:selected {{ background:{p.HC_ACCENT}; color:{p.HC_BACKGROUND}; }}
QWidget#lessons_panel QPushButton {{ background:{p.HC_ACCENT}; color:{p.HC_BACKGROUND};
    border:2px solid {p.HC_INK}; padding:8px 14px; font-weight:bold; }}
QWidget#lessons_panel QPushButton:disabled {{ background:{p.HC_DISABLED}; color:{p.HC_DISABLED_TEXT}; }}
QWidget#lessons_panel QCheckBox::indicator {{ width:{PRESENT_FONT_PX}px; height:{PRESENT_FONT_PX}px;
    border:2px solid {p.HC_INK}; background:{p.HC_BACKGROUND}; }}
QWidget#lessons_panel QCheckBox::indicator:checked {{ background:{p.HC_ACCENT}; }}
QListWidget::item {{ padding:8px; border-bottom:1px solid {p.HC_RULE}; }}
QListWidget::item:selected {{ background:{p.HC_ACCENT}; color:{p.HC_BACKGROUND}; }}
QWidget#lessons_panel QTextBrowser#lesson_text {{ font-size:{PRESENT_TEXT_PX}px; border:none; }}
QWidget#lessons_panel QLabel#lesson_title {{ font-size:{PRESENT_TITLE_PX}px; font-weight:bold; color:{p.HC_ACCENT}; }}
QLabel#lesson_annotation {{ background:{p.HC_ACCENT}; color:{p.HC_BACKGROUND}; font-size:{PRESENT_FONT_PX}px;
    border:none; padding:8px; }}
"""
