"""The training toolbar: Train, Pause/Resume, Stop, and a progress bar that says where it is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QProgressBar, QSizePolicy, QToolBar, QWidget

from resviz.train.events import FitInfo, StepLog


def clock(seconds: float) -> str:
    s = int(max(seconds, 0))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class TrainBar(QToolBar):
    """Owns the actions; the main window connects them to the controller."""

    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_toolbar")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        from PySide6.QtWidgets import QStyle

        self.train_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "", self)
        self.train_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.pause_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause), "", self)
        self.pause_action.setCheckable(True)
        self.stop_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaStop), "", self)
        self.demo_action = QAction(self)
        self.demo_action.triggered.connect(self.demoRequested)
        for a in (self.train_action, self.pause_action, self.stop_action):
            self.addAction(a)
        self.addSeparator()
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(260)
        self.progress.setMaximumWidth(520)
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.progress.setTextVisible(True)
        self.progress.setValue(0)
        self.addWidget(self.progress)
        self.detail = QLabel("")
        self.detail.setContentsMargins(8, 0, 8, 0)
        self.addWidget(self.detail)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.addAction(self.demo_action)
        self._paused = False
        self._message: str | None = None  # the progress bar's text while no run is going
        self.retranslate()
        self.set_state(busy=False, can_train=False)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Training"))
        self.train_action.setText(self.tr("Train"))
        self.train_action.setToolTip(self.tr("Train the network in the editor (Ctrl+Enter)"))
        self.pause_action.setText(self.tr("Resume") if self._paused else self.tr("Pause"))
        self.pause_action.setToolTip(self.tr("Pause between two steps; press again to resume"))
        self.stop_action.setText(self.tr("Stop"))
        self.stop_action.setToolTip(self.tr("Stop after this step; the run is kept with a checkpoint"))
        self.demo_action.setText(self.tr("Degradation demo"))
        self.demo_action.setToolTip(self.tr(
            "Train plain-20, plain-56, ResNet-20 and ResNet-56 on the same data and compare them: "
            "the degradation problem"))
        if self._message is None:
            self.progress.setFormat(self.tr("Ready"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_state(self, *, busy: bool, can_train: bool, paused: bool = False) -> None:
        self.train_action.setEnabled(can_train and not busy)
        self.pause_action.setEnabled(busy)
        self.pause_action.setChecked(paused)
        self._paused = paused
        self.pause_action.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.stop_action.setEnabled(busy)
        self.demo_action.setEnabled(not busy)

    def begin(self, info: FitInfo) -> None:
        self.progress.setRange(0, max(info.total_steps, 1))
        self.progress.setValue(info.start_step)
        self._message = ""
        self.progress.setFormat(self.tr("{name}: starting…").format(name=info.name))
        self.detail.setText(self.tr("{params} parameters · {device} · {precision}").format(
            params=f"{info.params:,}", device=info.device, precision=info.precision))

    def show_step(self, log: StepLog, total: int) -> None:
        self.progress.setValue(log.step)
        self.progress.setFormat(self.tr("step {step}/{total} · epoch {epoch}").format(
            step=f"{log.step:,}", total=f"{total:,}", epoch=f"{log.epoch:.2f}"))
        self.detail.setText(self.tr("loss {loss} · {speed} img/s · ETA {eta}").format(
            loss=f"{log.train_loss:.3f}", speed=f"{log.images_per_s:,.0f}", eta=clock(log.eta_s)))

    def show_message(self, text: str) -> None:
        self._message = text
        # Shortened with "…" to the bar's width, never cut mid-letter; whole in the tooltip.
        room = max(self.progress.width(), self.progress.minimumWidth()) - 16
        self.progress.setFormat(self.progress.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room))
        self.progress.setToolTip(text)
