"""The Lesion tab: delete each block of the shown run at test time (Veit et al. 2016).

The study runs in a background thread (resviz.analysis, the same function as `resviz lesion`);
the figure is the command's own matplotlib figure, drawn on a Qt canvas.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from resviz.ui.worker import BackgroundTask

if TYPE_CHECKING:  # the module imports torch: the window must not wait for it at launch
    from resviz.analysis.lesion import LesionResult


class _Progress(QObject):
    """Carries progress from the study's thread to the GUI thread (a queued connection)."""

    advanced = Signal(int, int)


class LesionPanel(QWidget):
    """A button that runs the study on the shown run, its progress, and the figure."""

    studied = Signal(object)
    """Emitted with the LesionResult when a study finishes."""

    def __init__(self, store_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_dir = store_dir
        self.run_id: int | None = None
        self.result: LesionResult | None = None
        self.task: BackgroundTask | None = None
        self._stop = threading.Event()
        self._error = ""
        self._progress = _Progress(self)
        self._progress.advanced.connect(self._advance)

        self.run_button = QPushButton()
        self.subsets = QCheckBox()
        self.subsets.setChecked(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.bar.setFormat("%v / %m")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        row = QHBoxLayout()
        for w in (self.run_button, self.subsets, self.cancel_button, self.bar):
            row.addWidget(w)
        row.addStretch(1)
        self.canvas_box = QVBoxLayout()
        # Holds the figure's place until there is one, so the texts stay at the top.
        self.placeholder = QWidget()
        self.placeholder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas_box.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.explain)
        layout.addWidget(self.status)
        layout.addLayout(self.canvas_box, 1)
        self.canvas: QWidget | None = None
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.retranslate()
        self._update()

    # --- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.run_button.setText(self.tr("Delete each block"))
        self.subsets.setText(self.tr("Also random sets of blocks"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.explain.setText(self.tr(
            "Each block of the trained network is deleted in turn at test time and the validation accuracy "
            "measured again. A residual block keeps its shortcut (its branch F is removed); a plain block "
            "becomes the identity where its shape allows. In Veit et al. 2016, deleting one block of a trained "
            "ResNet-110 (other than a downsampling one) barely changed its error, while deleting a layer of a "
            "plain VGG net destroyed it."))
        self._update()
        if self.result is not None:
            self._draw(self.result)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update(self) -> None:
        busy = self.task is not None
        self.run_button.setEnabled(self.run_id is not None and not busy)
        self.subsets.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.bar.setVisible(busy)
        if busy:
            self.status.setText(self.tr("Deleting the blocks of run {id} one by one…").format(id=self.run_id))
            return
        if self.run_id is None:
            self.status.setText(self.tr("Open a finished run (Compare runs, double-click) to study it."))
        elif self.result is None:
            self.status.setText(self.tr("Run {id} has no lesion study yet.").format(id=self.run_id))
        else:
            self.status.setText(self.tr("Run {id}: {acc} of {images} validation images right with every block "
                                        "in place.").format(id=self.run_id, acc=f"{self.result.base_accuracy:.1%}",
                                                            images=self.result.images))

    # --- the run ----------------------------------------------------------------------

    def set_run(self, run_id: int | None, reload: bool = False) -> None:
        """Show the run's stored study, if it has one (``reload``: read it again, it may be new)."""
        if (run_id == self.run_id and not reload) or self.task is not None:
            return
        from resviz.analysis.lesion_run import load_lesion

        self.run_id = run_id
        self.result = load_lesion(self.store_dir, run_id) if run_id is not None else None
        self._clear()
        if self.result is not None:
            self._draw(self.result)
        self._update()

    def start(self) -> None:
        if self.run_id is None or self.task is not None:
            return
        from resviz.analysis.lesion_run import lesion_for_run

        run_id, store_dir, draws = self.run_id, self.store_dir, 5 if self.subsets.isChecked() else 0
        self._stop.clear()
        progress = self._progress.advanced.emit
        task = BackgroundTask(lambda: lesion_for_run(run_id, store_dir=store_dir, draws=draws, progress=progress,
                                                     should_stop=self._stop.is_set), self)
        task.result.connect(self._finished)
        task.error.connect(self._failed)
        task.finished.connect(self._done)
        self.task = task
        self.bar.setRange(0, 0)
        self._update()
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

    def _finished(self, result: LesionResult) -> None:
        self.result = result
        self._draw(result)
        self.studied.emit(result)

    def _failed(self, message: str) -> None:
        self._error = message if self._stop.is_set() else self.tr("The lesion study failed: {message}").format(
            message=message)

    def _done(self) -> None:
        self.task = None
        self._update()
        if self._error:
            self.status.setText(self._error)
            self._error = ""

    # --- the figure -------------------------------------------------------------------

    def _clear(self) -> None:
        if self.canvas is not None:
            self.canvas.setParent(None)
            self.canvas.deleteLater()
            self.canvas = None
            self.placeholder.show()

    def _draw(self, result: LesionResult) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from resviz.analysis.lesion_figure import render_lesion

        self._clear()
        fig = render_lesion(result, self.tr("Lesion study of run {id}").format(id=self.run_id))
        canvas = FigureCanvasQTAgg(fig)
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas = canvas
        self.placeholder.hide()
        self.canvas_box.addWidget(canvas)
