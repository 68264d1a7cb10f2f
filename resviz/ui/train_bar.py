"""The training toolbar: Train, Pause/Resume, Stop, and a progress bar that says where it is."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
        super().__init__("Training", parent)
        self.setObjectName("training_toolbar")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        from PySide6.QtWidgets import QStyle

        self.train_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Train", self)
        self.train_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.train_action.setToolTip("Train the network in the editor (Ctrl+Enter) · 开始训练")
        self.pause_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause), "Pause", self)
        self.pause_action.setCheckable(True)
        self.pause_action.setToolTip("Pause between two steps; press again to resume")
        self.stop_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaStop), "Stop", self)
        self.stop_action.setToolTip("Stop after this step; the run is kept with a checkpoint")
        self.demo_action = QAction("Degradation demo", self)
        self.demo_action.setToolTip(
            "Train plain-20, plain-56, ResNet-20 and ResNet-56 on the same data and compare them (退化问题)"
        )
        self.demo_action.triggered.connect(self.demoRequested)
        for a in (self.train_action, self.pause_action, self.stop_action):
            self.addAction(a)
        self.addSeparator()
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(260)
        self.progress.setMaximumWidth(520)
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.progress.setTextVisible(True)
        self.progress.setFormat("Ready")
        self.progress.setValue(0)
        self.addWidget(self.progress)
        self.detail = QLabel("")
        self.detail.setContentsMargins(8, 0, 8, 0)
        self.addWidget(self.detail)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.addAction(self.demo_action)
        self.set_state(busy=False, can_train=False)

    def set_state(self, *, busy: bool, can_train: bool, paused: bool = False) -> None:
        self.train_action.setEnabled(can_train and not busy)
        self.pause_action.setEnabled(busy)
        self.pause_action.setChecked(paused)
        self.pause_action.setText("Resume" if paused else "Pause")
        self.stop_action.setEnabled(busy)
        self.demo_action.setEnabled(not busy)

    def begin(self, info: FitInfo) -> None:
        self.progress.setRange(0, max(info.total_steps, 1))
        self.progress.setValue(info.start_step)
        self.progress.setFormat(f"{info.name}: starting…")
        self.detail.setText(self.tr("{params} parameters · {device} · {precision}").format(
            params=f"{info.params:,}", device=info.device, precision=info.precision))

    def show_step(self, log: StepLog, total: int) -> None:
        self.progress.setValue(log.step)
        self.progress.setFormat(f"step {log.step:,}/{total:,} · epoch {log.epoch:.2f}")
        self.detail.setText(f"loss {log.train_loss:.3f} · {log.images_per_s:,.0f} img/s · ETA {clock(log.eta_s)}")

    def show_message(self, text: str) -> None:
        self.progress.setFormat(text)
