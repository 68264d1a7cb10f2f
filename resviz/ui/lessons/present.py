"""Presentation mode for a projector: full screen, large fonts and thick lines, high contrast,
the editor hidden and the lesson text large beside the views. Esc (or F11) leaves it and puts
the layout back as it was."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QGraphicsTextItem, QMainWindow, QWidget

from resviz.ui.plots import style

FONT_PX = 20
"""Readable from the back of a classroom at 1280×720 (about 1/36 of the screen's height)."""
TEXT_PX = 24
TITLE_PX = 28
PLOT_TICK_PX = 18
LINE_SCALE = 2.5
HIDDEN_DOCKS = ("network", "training", "queue", "diagram")
LESSON_SHARE = 0.36
"""The lesson column takes this share of the screen's width; the views the rest."""

THEME = f"""
QMenuBar, QToolBar, QTabBar, QDockWidget, QWidget#lessons_panel, QWidget#lessons_panel QWidget {{
    font-size:{FONT_PX}px; }}
QDockWidget {{ color:#ffd400; }}
QDockWidget::title {{ background:#000000; padding:4px; }}
QWidget#lessons_panel, QWidget#lessons_panel QWidget {{ background:#000000; color:#ffffff; }}
QTabBar::tab {{ background:#1a1a1a; color:#ffffff; padding:8px 16px; border:1px solid #ffffff; }}
QTabBar::tab:selected {{ background:#ffd400; color:#000000; }}
QWidget#lessons_panel QPushButton {{ background:#ffd400; color:#000000; border:2px solid #ffffff; padding:8px 14px;
    font-weight:bold; }}
QWidget#lessons_panel QPushButton:disabled {{ background:#555555; color:#cccccc; }}
QListWidget::item {{ padding:8px; border-bottom:1px solid #666666; }}
QListWidget::item:selected {{ background:#ffd400; color:#000000; }}
QTextBrowser#lesson_text {{ font-size:{TEXT_PX}px; border:none; }}
QLabel#lesson_title {{ font-size:{TITLE_PX}px; font-weight:bold; color:#ffd400; }}
QLabel#lesson_annotation {{ background:#ffd400; color:#000000; font-size:{FONT_PX}px; border:none; padding:8px; }}
"""


def _plot_items(root: QWidget) -> list[pg.PlotItem]:
    out = []
    for view in root.findChildren(pg.GraphicsView):
        scene = view.scene()
        if scene is not None:
            out += [i for i in scene.items() if isinstance(i, pg.PlotItem)]
    return out


class PresentationMode(QObject):
    """Enter and leave presentation mode on a main window with ``docks`` and a ``lessons`` dock."""

    presenting = Signal(bool)

    def __init__(self, window: QMainWindow, lesson_dock: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.lesson_dock = lesson_dock
        self.active = False
        self._state = QByteArray()
        self._was_maximized = False
        self._explorer_sizes: list[int] = []
        self._pens: list[tuple[pg.PlotDataItem, object]] = []  # (curve, its own pen)
        self._fonts: list[tuple[pg.AxisItem, object]] = []
        self._labels: list[tuple[QGraphicsTextItem, QFont]] = []  # axis labels and plot titles
        self.action = QAction(window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.retranslate()
        self.action.toggled.connect(self.set_active)
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self.escape.setEnabled(False)
        self.escape.activated.connect(lambda: self.action.setChecked(False))

    def retranslate(self) -> None:
        self.action.setText(self.tr("Present"))
        self.action.setToolTip(self.tr("Full screen for a projector: large text, thick lines, high contrast "
                                       "(Esc leaves it)"))

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        (self._enter if on else self._leave)()

    def _enter(self) -> None:
        w = self.window
        self._state = w.saveState()
        self._was_maximized = w.isMaximized()
        for key in HIDDEN_DOCKS:
            dock = w.docks.get(key)
            if dock is not None:
                dock.hide()
        dock = self.lesson_dock
        dock.setFloating(False)
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        dock.show()
        dock.raise_()
        self.presenting.emit(True)
        splitter = getattr(getattr(w, "explorer", None), "splitter", None)
        if splitter is not None:  # the comparison's figure before its table of runs
            self._explorer_sizes = splitter.sizes()
            splitter.setSizes([1, 4 * max(1, sum(self._explorer_sizes))])
        w.setStyleSheet(THEME)
        self._scale_plots()
        w.showFullScreen()
        w.resizeDocks([dock], [int(w.width() * LESSON_SHARE)], Qt.Orientation.Horizontal)
        self.escape.setEnabled(True)

    def show_diagram(self) -> None:
        """When a lesson points at a block: the diagram below the lesson text, a third of the column."""
        w, dock = self.window, self.lesson_dock
        diagram = w.docks.get("diagram")
        if diagram is None or not self.active or diagram.isVisible():
            return
        diagram.setFloating(False)
        w.splitDockWidget(dock, diagram, Qt.Orientation.Vertical)
        diagram.show()
        w.resizeDocks([dock, diagram], [int(w.height() * 0.62), int(w.height() * 0.38)], Qt.Orientation.Vertical)

    def _leave(self) -> None:
        w = self.window
        self.escape.setEnabled(False)
        self._unscale_plots()
        w.setStyleSheet("")
        if self._was_maximized:
            w.showMaximized()
        else:
            w.showNormal()
        w.restoreState(self._state)
        splitter = getattr(getattr(w, "explorer", None), "splitter", None)
        if splitter is not None and self._explorer_sizes:
            splitter.setSizes(self._explorer_sizes)
        self.presenting.emit(False)

    def _scale_plots(self) -> None:
        self._pens, self._fonts, self._labels = [], [], []
        for plot in _plot_items(self.window):
            for name in ("left", "bottom", "right"):
                axis = plot.getAxis(name) if name in plot.axes else None
                if axis is not None:
                    self._fonts.append((axis, axis.style.get("tickFont")))
                    axis.setStyle(tickFont=style.font(PLOT_TICK_PX))
                    self._labels.append((axis.label, axis.label.font()))
                    axis.label.setFont(style.font(PLOT_TICK_PX))
            title = plot.titleLabel.item
            self._labels.append((title, title.font()))
            title.setFont(style.font(PLOT_TICK_PX, bold=True))
            for item in plot.listDataItems():
                pen = item.opts.get("pen") if isinstance(item, pg.PlotDataItem) else None
                if pen is None:
                    continue
                self._pens.append((item, pen))
                thick = pg.mkPen(pen)
                thick.setWidthF(max(1.0, thick.widthF()) * LINE_SCALE)
                item.setPen(thick)

    def _unscale_plots(self) -> None:
        for item, font in self._labels:
            item.setFont(font)
        for axis, tick_font in self._fonts:
            axis.setStyle(tickFont=tick_font)
        for curve, pen in self._pens:
            curve.setPen(pen)
        self._pens, self._fonts, self._labels = [], [], []
