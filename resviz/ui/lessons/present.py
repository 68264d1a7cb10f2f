"""Presentation mode for a projector: full screen, large fonts and thick lines, high contrast,
the editor hidden and the lesson text large beside the views. Esc (or F11) leaves it and puts
the layout back as it was."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from resviz.ui import theme
from resviz.ui.lessons.annotate import CAPTION_NAME, LESSON_PROPERTY
from resviz.ui.lessons.present_plots import PlotScaler

HIDDEN_DOCKS = ("network", "training", "queue", "diagram")
LESSON_SHARE = 0.36
"""The lesson column takes this share of the screen's width; the views the rest."""
RESCALE_MS = 300
"""How soon a curve a view redraws with its own pen is thickened again while presenting."""


class PresentationMode(QObject):
    """Enter and leave presentation mode on a main window with ``docks`` and a ``lessons`` dock."""

    presenting = Signal(bool)

    def __init__(self, window: QMainWindow, lesson_dock: QDockWidget) -> None:
        super().__init__(window)
        self.window = window
        self.lesson_dock = lesson_dock
        self.active = False
        self._state = QByteArray()
        self._was_maximized = False
        self._explorer_sizes: list[int] = []
        self._panel_style = ""
        self.plots = PlotScaler(window)
        self._rescale = QTimer(self)
        self._rescale.setInterval(RESCALE_MS)
        self._rescale.timeout.connect(self.plots.apply)
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
        if splitter is not None:  # the comparison's figure, without its table of runs: at 1280×720
            self._explorer_sizes = splitter.sizes()  # the table's least height left the plots 20 px
            splitter.widget(0).hide()
        w.setStyleSheet(theme.present_stylesheet())
        panel = self.lesson_dock.widget()
        if panel is not None:  # its own sheet outranks the window's: the lesson's rules go there too
            self._panel_style = panel.styleSheet()
            panel.setStyleSheet(self._panel_style + theme.present_stylesheet())
        self.plots.apply()
        self._rescale.start()
        w.showFullScreen()
        w.resizeDocks([dock], [int(w.width() * LESSON_SHARE)], Qt.Orientation.Horizontal)
        self.escape.setEnabled(True)
        self.fit_captions()

    def fit_captions(self) -> None:
        """On a projector a lesson's conclusion is read in the lesson column, large: the same words
        above the figure took the plots' height (110 px left of it at 1280×720). Other captions
        (the demo's verdict) stay."""
        for label in self.window.findChildren(QLabel, CAPTION_NAME):
            label.setVisible(bool(label.text()) and not (self.active and label.property(LESSON_PROPERTY)))

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
        self._rescale.stop()
        self.plots.restore()
        w.setStyleSheet("")
        panel = self.lesson_dock.widget()
        if panel is not None:
            panel.setStyleSheet(self._panel_style)
        if self._was_maximized:
            w.showMaximized()
        else:
            w.showNormal()
        w.restoreState(self._state)
        splitter = getattr(getattr(w, "explorer", None), "splitter", None)
        if splitter is not None:
            splitter.widget(0).show()
            if self._explorer_sizes:
                splitter.setSizes(self._explorer_sizes)
        self.presenting.emit(False)
        self.fit_captions()
