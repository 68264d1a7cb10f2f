"""What the analysis tabs (Lesion, Loss landscape, Shattered gradients) share: a study of the
shown run run in a background thread with a progress bar and Cancel, its result kept with the
run and drawn as the command's own matplotlib figure on a Qt canvas.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from resviz.ui.worker import BackgroundTask

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
"""job(progress, should_stop) → result, run in the background thread."""


class _Progress(QObject):
    """Carries progress from the study's thread to the GUI thread (a queued connection)."""

    advanced = Signal(int, int)


class AnalysisPanel(QWidget):
    """Subclasses add their controls to ``controls``, load results in ``load`` and draw in ``redraw``."""

    studied = Signal(str, object)
    """(kind, result) when a study finishes."""

    def __init__(self, store_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_dir = store_dir
        self.run_id: int | None = None
        self.task: BackgroundTask | None = None
        self._stop = threading.Event()
        self._error = ""
        self._kind = ""
        self._progress = _Progress(self)
        self._progress.advanced.connect(self._advance)

        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.bar.setFormat("%v / %m")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.controls = QHBoxLayout()
        self.options = QHBoxLayout()  # a second row, so that the tab stays narrow at 1280×720
        row = QHBoxLayout()
        row.addLayout(self.controls)
        row.addWidget(self.cancel_button)
        row.addWidget(self.bar)
        row.addStretch(1)
        self.canvas_box = QVBoxLayout()
        # Holds the figure's place until there is one, so the texts stay at the top.
        self.placeholder = QWidget()
        self.placeholder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas_box.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(self.options)
        layout.addWidget(self.explain)
        layout.addWidget(self.status)
        layout.addLayout(self.canvas_box, 1)
        self.canvas: QWidget | None = None
        self.cancel_button.clicked.connect(self.cancel)

    # --- for subclasses -----------------------------------------------------------------

    def retranslate(self) -> None:
        self.cancel_button.setText(QCoreApplication.translate("AnalysisPanel", "Cancel"))

    def load(self) -> None:
        """Read the shown run's stored results (run_id may be None)."""

    def redraw(self) -> None:
        """Show what there is for the shown run: the figure and the status line."""

    def accept(self, kind: str, result: Any) -> None:
        """A study of ``kind`` finished with ``result`` (already stored by the engine)."""

    def busy_text(self) -> str:
        return ""

    def set_busy(self, busy: bool) -> None:
        """Enable or disable the subclass's own controls."""

    # --- the run ----------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh()
        super().changeEvent(event)

    def set_run(self, run_id: int | None, reload: bool = False) -> None:
        """Show the run's stored results, if any (``reload``: read them again, they may be new)."""
        if (run_id == self.run_id and not reload) or self.task is not None:
            return
        self.run_id = run_id
        self.load()
        self.refresh()

    def refresh(self) -> None:
        busy = self.task is not None
        self.cancel_button.setEnabled(busy)
        self.bar.setVisible(busy)
        self.set_busy(busy)
        if busy:
            self.status.setText(self.busy_text())
            return
        self.redraw()

    def begin(self, kind: str, job: Job) -> None:
        if self.run_id is None or self.task is not None:
            return
        self._stop.clear()
        self._kind = kind
        progress, should_stop = self._progress.advanced.emit, self._stop.is_set
        task = BackgroundTask(lambda: job(progress, should_stop), self)
        task.result.connect(self._finished)
        task.error.connect(self._failed)
        task.finished.connect(self._done)
        self.task = task
        self.bar.setRange(0, 0)
        self.refresh()
        task.start()

    def cancel(self) -> None:
        self._stop.set()

    def stop_and_join(self, timeout: float = 5.0) -> None:
        """Closing the window: stop between two evaluations and wait for the thread."""
        self._stop.set()
        if self.task is not None:
            self.task.join(timeout)

    def _advance(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def _finished(self, result: Any) -> None:
        self.accept(self._kind, result)
        self.studied.emit(self._kind, result)

    def _failed(self, message: str) -> None:
        self._error = message if self._stop.is_set() else QCoreApplication.translate(
            "AnalysisPanel", "It failed: {message}").format(message=message)

    def _done(self) -> None:
        self.task = None
        self.refresh()
        if self._error:
            self.status.setText(self._error)
            self._error = ""

    # --- the figure -------------------------------------------------------------------

    def clear_figure(self) -> None:
        if self.canvas is not None:
            self.canvas.setParent(None)
            self.canvas.deleteLater()
            self.canvas = None
            self.placeholder.show()

    def show_figure(self, fig: Any) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self.clear_figure()
        canvas = FigureCanvasQTAgg(fig)
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas = canvas
        self.placeholder.hide()
        self.canvas_box.addWidget(canvas)


class SingleStudyPanel(AnalysisPanel):
    """One study per run, one button to start it (Lesion, Shattered gradients): the result of the
    shown run is ``result``; subclasses read it in ``stored_result`` and add their options to
    ``options_widgets``, which are disabled while the study runs."""

    def __init__(self, store_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store_dir, parent)
        self.result: Any = None
        self.options_widgets: list[QWidget] = []
        self.run_button = QPushButton()
        self.controls.addWidget(self.run_button)
        self.run_button.clicked.connect(self.start)

    def stored_result(self, run_id: int) -> Any:
        """The run's kept result, or None."""
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError

    def load(self) -> None:
        self.result = self.stored_result(self.run_id) if self.run_id is not None else None

    def accept(self, kind: str, result: Any) -> None:
        self.result = result

    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(self.run_id is not None and not busy)
        for w in self.options_widgets:
            w.setEnabled(not busy)
