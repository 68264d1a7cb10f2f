"""The queue panel: the run training now with its progress, the runs waiting in order, and the
buttons that reorder, cancel, run and pause them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from resviz.errors import ResvizError
from resviz.runs import RunInfo
from resviz.runs.types import status_label
from resviz.train.admission import MAX_AT_ONCE
from resviz.train.events import FitEnd, FitInfo, StepLog
from resviz.train.queue import held_by_ray
from resviz.ui.controller import TrainingController
from resviz.ui.queue.ray_runner import RaySweepBox
from resviz.ui.queue.runner import QueueRunner

POLL_MS = 3000
"""The queue can also change from outside the app (`resviz sweep --queue-only`): look now and then."""


def describe(run: RunInfo) -> str:
    """A tooltip: what the run is and how it will train."""
    cfg = run.config
    kind = "" if run.residual is None else (QCoreApplication.translate("QueuePanel", "residual") if run.residual
                                           else QCoreApplication.translate("QueuePanel", "plain"))
    length = (QCoreApplication.translate("QueuePanel", "{n} steps").format(n=cfg["steps"]) if cfg.get("steps")
              else QCoreApplication.translate("QueuePanel", "{n} epochs").format(n=cfg.get("epochs", "?")))
    size = f" · {cfg['image_size']}×{cfg['image_size']}" if cfg.get("image_size") else ""
    what = QCoreApplication.translate("QueuePanel", "{arch} · {kind} · depth {depth} · {params} parameters").format(
        arch=run.arch or "?", kind=kind, depth=run.depth or "?", params=f"{run.params or 0:,}")
    how = QCoreApplication.translate("QueuePanel", "batch {batch} · lr {lr} · seed {seed}").format(
        batch=cfg.get("batch_size", "?"), lr=cfg.get("lr", "?"), seed=cfg.get("seed", "?"))
    lines = [run.name, what, f"{run.dataset}{size} · {length} · {how}"]
    if run.tags:
        lines.append(QCoreApplication.translate("QueuePanel", "tags: {tags}").format(tags=", ".join(run.tags)))
    return "\n".join(lines)


class QueuePanel(QWidget):
    sweepRequested = Signal()

    def __init__(self, runner: QueueRunner, controller: TrainingController, store_dir: str | Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.controller = controller
        self.store_dir = store_dir if store_dir is not None else runner.store_dir
        self._total = 1
        self._shown: list[tuple[int, str, bool]] = []

        self.run_button = QPushButton()
        self.run_button.setCheckable(True)
        self.count = QLabel()
        self.count.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.at_once_label = QLabel()
        self.at_once = QSpinBox()
        self.at_once.setRange(1, MAX_AT_ONCE)
        self.at_once.setValue(runner.at_once)
        self.at_once_label.setBuddy(self.at_once)
        top = QHBoxLayout()
        top.addWidget(self.run_button)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.at_once_label)
        top.addWidget(self.at_once)
        self.set_gpu(False)  # until the engine has loaded and found one

        self.now_box = QGroupBox()
        self.now_name = QLabel()
        self._now: tuple[str, dict[str, Any]] = (QT_TRANSLATE_NOOP("QueuePanel", "Nothing is training."), {})
        self.now_name.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.progress.setValue(0)
        now = QVBoxLayout(self.now_box)
        now.addWidget(self.now_name)
        now.addWidget(self.progress)

        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)  # drawn greyed: a hint, not content
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)

        self.up_button = QPushButton()
        self.down_button = QPushButton()
        self.cancel_button = QPushButton()
        self.sweep_button = QPushButton()
        buttons = QHBoxLayout()
        for b in (self.up_button, self.down_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        top.addWidget(self.sweep_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        side = QVBoxLayout()
        side.addLayout(top)
        side.addWidget(self.now_box)
        self.ray_box = RaySweepBox()  # shown while (and after) a sweep runs on Ray
        side.addWidget(self.ray_box)
        side.addWidget(self.message)
        side.addStretch(1)
        waiting = QVBoxLayout()
        self._waiting_label = QLabel()
        waiting.addWidget(self._waiting_label)
        waiting.addWidget(self.stack, 1)
        waiting.addLayout(buttons)
        # Side by side in a wide, short dock (the bottom area); stacked in a tall, narrow one.
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.addLayout(side, 2)
        self.box.addLayout(waiting, 3)

        self.run_button.toggled.connect(self._toggle)
        self.at_once.valueChanged.connect(self._set_at_once)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.cancel_button.clicked.connect(self._cancel)
        self.sweep_button.clicked.connect(self.sweepRequested)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.retranslate()
        runner.queueChanged.connect(self.refresh)
        runner.runningChanged.connect(self._running_changed)
        controller.started.connect(self._started)
        controller.updates.connect(self._updates)
        controller.finished.connect(self._finished)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        self._running_changed(runner.running)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        wide = event.size().width() > 1.6 * event.size().height()
        self.box.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        self.box.setStretch(0, 2 if wide else 0)
        super().resizeEvent(event)

    # ---- the list ---------------------------------------------------------------------

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def set_gpu(self, available: bool) -> None:
        """Runs share a device only on a CUDA GPU: without one the setting is not shown."""
        self.at_once_label.setVisible(available)
        self.at_once.setVisible(available)

    def retranslate(self) -> None:
        self._running_changed(self.run_button.isChecked())
        self.run_button.setToolTip(self.tr("Train the waiting runs one after another. Pausing lets the run "
                                           "in progress finish and starts no other."))
        self.now_box.setTitle(self.tr("Training now"))
        self.at_once_label.setText(self.tr("Runs at once on a GPU:"))
        tip = self.tr("How many queued runs may train at the same time on a GPU, as far as its memory holds "
                      "them all. On a CPU the queue trains one run at a time: runs side by side share the "
                      "same cores, so each takes several times longer for little gain in total.")
        self.at_once.setToolTip(tip)
        self.at_once_label.setToolTip(tip)
        self._show_now(*self._now)
        self.empty.setText(self.tr("The queue is empty.\n\nQueue a sweep, or press “Degradation demo” "
                                   "to queue plain-20, plain-56, ResNet-20 and ResNet-56."))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self.cancel_button.setText(self.tr("Cancel run"))
        self.cancel_button.setToolTip(self.tr("Take the selected run out of the queue (it is deleted: it has not started)"))
        self.sweep_button.setText(self.tr("Sweep…"))
        self.sweep_button.setToolTip(self.tr("Queue a grid of networks: depths, plain/residual, shortcuts, seeds"))
        self._waiting_label.setText(self.tr("Waiting, in order:"))
        self._shown = []  # rebuild the list, so its tooltips follow the language
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_now(self, source: str, values: dict[str, Any]) -> None:
        """The 'Training now' line from a source text, so it can be said again in another language."""
        self._now = (source, values)
        self.now_name.setText(self.tr(source).format(**values) if source else values.get("name", ""))

    def refresh(self) -> None:
        """Re-read the queue from the store, keeping the selection."""
        try:
            runs = self.runner.queued()
        except ResvizError as exc:
            self._say(str(exc))
            return
        shown = [(r.id, r.name, held_by_ray(r)) for r in runs]
        if shown != self._shown:
            keep = self.selected_id()
            self.list.clear()
            for i, (run, (_, _, on_ray)) in enumerate(zip(runs, shown, strict=True)):
                text = f"{i + 1}.  {run.name}"
                item = QListWidgetItem(self.tr("{run}  (waits for a Ray worker)").format(run=text) if on_ray else text)
                item.setData(Qt.ItemDataRole.UserRole, run.id)
                item.setToolTip(describe(run))
                self.list.addItem(item)
                if run.id == keep:
                    self.list.setCurrentItem(item)
            self._shown = shown
        waiting = self.tr("{n} waiting").format(n=len(runs)) if runs else ""
        beside = len(self.runner.training)
        if beside > 1:
            together = self.tr("{n} training at once").format(n=beside)
            waiting = f"{waiting} · {together}" if waiting else together
        self.count.setText(waiting)
        self.stack.setCurrentWidget(self.list if runs else self.empty)
        self._update_buttons()

    def _poll(self) -> None:
        if self.isVisible():
            self.refresh()

    def _update_buttons(self) -> None:
        row, n = self.list.currentRow(), self.list.count()
        self.up_button.setEnabled(0 < row < n)
        self.down_button.setEnabled(0 <= row < n - 1)
        self.cancel_button.setEnabled(0 <= row < n)

    def _move(self, delta: int) -> None:
        run_id = self.selected_id()
        if run_id is None:
            return
        try:
            self.runner.move(run_id, delta)
        except ResvizError as exc:
            self._say(str(exc))
            self.refresh()
            return
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == run_id:
                self.list.setCurrentRow(i)
        self._update_buttons()

    def _cancel(self) -> None:
        run_id = self.selected_id()
        if run_id is None:
            return
        row = self.list.currentRow()
        try:
            self.runner.cancel(run_id)
        except ResvizError as exc:
            self._say(str(exc))
            self.refresh()
            return
        self.list.setCurrentRow(min(row, self.list.count() - 1))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ---- running ----------------------------------------------------------------------

    def _set_at_once(self, n: int) -> None:
        self.runner.at_once = n

    def _toggle(self, on: bool) -> None:
        if on:
            self.runner.start()
        else:
            self.runner.pause()

    def _running_changed(self, running: bool) -> None:
        self.run_button.blockSignals(True)
        self.run_button.setChecked(running)
        self.run_button.blockSignals(False)
        self.run_button.setText(self.tr("Pause queue") if running else self.tr("Run queue"))

    def _started(self, info: FitInfo) -> None:
        self._total = max(info.total_steps, 1)
        self._show_now("", {"name": info.name if info.run_id is None else f"#{info.run_id}  {info.name}"})
        self.progress.setRange(0, self._total)
        self.progress.setValue(info.start_step)
        self.progress.setFormat(self.tr("step {step}/{total}").format(step=f"{info.start_step:,}", total=f"{self._total:,}"))
        self._say("")

    def _updates(self, events: list[Any]) -> None:
        step = next((e for e in reversed(events) if isinstance(e, StepLog)), None)
        if step is not None:
            self.progress.setValue(step.step)
            self.progress.setFormat(self.tr("step {step}/{total} · loss {loss}").format(
                step=f"{step.step:,}", total=f"{self._total:,}", loss=f"{step.train_loss:.3f}"))

    def _finished(self, end: FitEnd) -> None:
        self._show_now(QT_TRANSLATE_NOOP("QueuePanel", "Last run {status} after {steps} steps. Nothing is training."),
                       {"status": status_label(end.status), "steps": f"{end.step:,}"})
        self.progress.setFormat(status_label(end.status))
