"""What every plot panel shares: controls row, plot area, read-out line, export menu,
hints for empty plots, and the version check that keeps ``refresh`` cheap.

Panels never poll: the main window's single ~30 Hz timer calls ``refresh()`` on the panels
that are visible, and a refresh that finds ``history.version`` unchanged returns at once.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resviz.presentation.run_data import RunData
from resviz.ui import theme
from resviz.ui.folders import remember, start_path
from resviz.ui.plots import export, style
from resviz.ui.plots.items import HintText


class PlotPanel(QWidget):
    """Base of CurvesPanel, GradientPanel and ShortcutPanel."""

    refreshed = Signal(int)
    """Emitted after a refresh that redrew; carries history.version."""
    exported = Signal(str)
    """Emitted with the path of every file written by an export."""

    export_name = "plot"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: RunData | None = None
        self._version = -1
        self._dirty = False
        self._hints: dict[pg.ViewBox, HintText] = {}
        self._numbered: dict[pg.ViewBox, list[pg.AxisItem]] = {}  # axes with numbers once data come
        self._hover_plots: list[pg.PlotItem] = []

        self.view = style.plot_canvas()
        self.view.ci.setContentsMargins(6, 6, 10, 6)
        self.view.ci.setSpacing(4)
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(6, 4, 6, 0)
        self.controls.setSpacing(10)
        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setStyleSheet(f"color:{style.MUTED}; padding:2px 8px 4px 8px;")
        self.readout.setWordWrap(True)
        self.readout.setMinimumWidth(50)  # long read-outs wrap instead of widening the dock

        self.export_button = QToolButton()
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setStyleSheet(theme.MENU_BUTTON_STYLE)
        menu = QMenu(self.export_button)
        self._export_actions: dict[str, QAction] = {}
        for suffix in ("png", "svg", "csv"):
            action = QAction(menu)
            action.triggered.connect(lambda _=False, s=suffix: self._export_dialog(s))
            menu.addAction(action)
            self._export_actions[suffix] = action
        self.export_button.setMenu(menu)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(self.controls)
        outer.addWidget(self.view, 1)
        outer.addWidget(self.readout)

        # Mouse moves are rate-limited to the display rate; the read-out is rich text.
        self._proxy = pg.SignalProxy(self.view.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)
        self.view.viewport().installEventFilter(self)

    def retranslate(self) -> None:
        """Every text of the panel in the language in force; subclasses add theirs in
        ``_retranslate`` and call this at the end of their ``__init__``."""
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Save this view as PNG or SVG, or its numbers as CSV"))
        self._export_actions["png"].setText(self.tr("PNG image…"))
        self._export_actions["svg"].setText(self.tr("SVG vector image…"))
        self._export_actions["csv"].setText(self.tr("CSV data…"))
        self._retranslate()
        self._dirty = True  # titles and read-outs drawn from data are rebuilt too
        self.refresh()
        if not self.readout.property("hovering"):
            self.readout.setText(self._summary())

    def _retranslate(self) -> None:
        """The subclass's own texts: controls, axis labels, titles, hints."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        # Reserve two lines in a narrow dock, so the plots do not jump when a hover read-out
        # wraps and the summary does not (or the other way round).
        lines = 2 if event.size().width() < 760 else 1
        self.readout.setMinimumHeight(lines * self.readout.fontMetrics().lineSpacing() + 8)
        super().resizeEvent(event)

    # --- public API -----------------------------------------------------------------------

    @property
    def history(self) -> RunData | None:
        return self._history

    def set_history(self, history: RunData | None) -> None:
        """Show history (live or loaded), or nothing."""
        self._history = history
        self._version = -1
        self._reset()
        self._update_hints()
        self.readout.setText(self._summary())
        self.refresh()

    def refresh(self) -> bool:
        """Redraw what changed since the last call; False (and no work) if nothing did."""
        h = self._history
        if h is None or (h.version == self._version and not self._dirty):
            return False
        self._version, self._dirty = h.version, False
        self._redraw(h)
        self._update_hints()
        if not self.readout.property("hovering"):
            self.readout.setText(self._summary())
        self.refreshed.emit(h.version)
        return True

    def clear(self) -> None:
        self.set_history(None)

    def export_png(self, path: str | Path) -> Path:
        out = export.export_png(self.view.ci, path)
        self.exported.emit(str(out))
        return out

    def export_svg(self, path: str | Path) -> Path:
        out = export.export_svg(self.view.ci, path, title=f"resviz {self.export_name}")
        self.exported.emit(str(out))
        return out

    def export_csv(self, path: str | Path) -> Path:
        """The numbers behind the plots, one named column per series."""
        path = Path(path)
        export.write_csv(path, self.csv_columns())
        self.exported.emit(str(path))
        return path

    def csv_columns(self) -> dict[str, export.Column]:
        raise NotImplementedError

    def hover_at(self, plot: pg.PlotItem, x: float, y: float) -> str:
        """Show the read-out for view coordinates (x, y) in plot; returns its plain text."""
        html = self._hover(plot, x, y)
        self.readout.setProperty("hovering", bool(html))
        self.readout.setText(html or self._summary())
        return _plain(self.readout.text())

    def readout_text(self) -> str:
        return _plain(self.readout.text())

    # --- for subclasses -------------------------------------------------------------------

    def _reset(self) -> None:
        """Forget everything drawn (new history, or none)."""

    def _redraw(self, history: RunData) -> None:
        """Bring the items up to date with history; called only when its version changed."""

    def _has_data(self, view: pg.ViewBox) -> bool:
        return False

    def _hover(self, plot: pg.PlotItem, x: float, y: float) -> str:
        """Rich text for the read-out at view coordinates, or '' for none."""
        return ""

    def _unhover(self) -> None:
        """The mouse left the plots: hide crosshairs."""

    def _summary(self) -> str:
        """Rich text for the read-out while the mouse is elsewhere."""
        return ""

    def _invalidate(self) -> None:
        """A control changed how data is drawn: redraw everything on the next refresh."""
        self._dirty = True
        self.refresh()

    def add_hint(self, plot: pg.PlotItem, text: str, subtitle: str = "") -> HintText:
        hint = HintText(plot.getViewBox(), text, subtitle)
        self._hints[plot.getViewBox()] = hint
        self._numbered[plot.getViewBox()] = [plot.getAxis(side) for side in ("left", "bottom")
                                             if plot.getAxis(side).style["showValues"]]
        return hint

    def track_hover(self, *plots: pg.PlotItem) -> None:
        self._hover_plots.extend(plots)

    def _update_hints(self) -> None:
        for view, hint in self._hints.items():
            empty = self._history is None or not self._has_data(view)
            hint.setVisible(empty)
            # An empty plot shows its hint on a blank grid, not numbers (-0.4…0.4) that mean nothing.
            for axis in self._numbered[view]:
                if axis.style["showValues"] == empty:
                    axis.setStyle(showValues=not empty)

    # --- plumbing -------------------------------------------------------------------------

    def _mouse_moved(self, args: tuple[QPointF]) -> None:
        pos = args[0]
        for plot in self._hover_plots:
            vb = plot.getViewBox()
            if plot.isVisible() and vb.sceneBoundingRect().contains(pos):
                p = vb.mapSceneToView(pos)
                self.hover_at(plot, p.x(), p.y())
                return
        self._leave()

    def _leave(self) -> None:
        self.readout.setProperty("hovering", False)
        self.readout.setText(self._summary())
        self._unhover()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Leave:
            self._leave()
        return super().eventFilter(watched, event)

    def _export_dialog(self, suffix: str) -> None:
        name = (self._history.name if self._history and self._history.name else "run").replace("/", "_")
        filters = {"png": self.tr("PNG image (*.png)"), "svg": self.tr("SVG image (*.svg)"),
                   "csv": self.tr("CSV table (*.csv)")}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"),
                                              start_path("figure", f"{name}-{self.export_name}.{suffix}"),
                                              filters[suffix])
        if not path:
            return
        remember("figure", path)
        if not path.lower().endswith("." + suffix):
            path += "." + suffix
        {"png": self.export_png, "svg": self.export_svg, "csv": self.export_csv}[suffix](path)


def _plain(html: str) -> str:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def swatch(hex_rgb: str, text: str) -> str:
    """A coloured name for the rich-text read-out."""
    return f"<span style='color:{hex_rgb}; font-weight:600'>{text}</span>"


def nearest_index(xs: np.ndarray, x: float) -> int | None:
    """Index of the sample in sorted xs closest to x, or None if xs is empty."""
    if len(xs) == 0 or not np.isfinite(x):
        return None
    i = int(np.searchsorted(xs, x))
    if i == 0:
        return 0
    if i >= len(xs):
        return len(xs) - 1
    return i if xs[i] - x < x - xs[i - 1] else i - 1
