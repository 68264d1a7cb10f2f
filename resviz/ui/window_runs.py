"""Starting and stopping runs from the window: train, pause, stop, resume, the queue and sweeps,
and what the toolbar and status line say while a run trains. (Texts keep their catalogue
contexts from when this was a mixin of MainWindow.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDockWidget, QWidget

from resviz.arch.naming import display_name
from resviz.data.registry import dataset_title
from resviz.errors import ResvizError
from resviz.i18n import tidy_spacing
from resviz.train.events import FitEnd, FitInfo, StepLog
from resviz.ui.controller import TrainingController
from resviz.ui.editor import SpecEditor
from resviz.ui.train_bar import TrainBar
from resviz.ui.training_panel import TrainingPanel
from resviz.ui.window_display import RunDisplay
from resviz.ui.window_support import KeptTasks, WindowMessages

if TYPE_CHECKING:
    from resviz.train.ray_sweep import RayOptions
    from resviz.ui.queue import QueuePanel, QueueRunner
    from resviz.ui.queue.ray_runner import RaySweepRunner

if TYPE_CHECKING:
    pass


class RunLauncher(QObject):
    """Trains the editor's network with the panel's settings through the controller (now, or
    queued), and keeps the toolbar's buttons and progress in step with the controller."""

    def __init__(self, store_dir: str | Path | None, controller: TrainingController, queue: QueueRunner,
                 queue_panel: QueuePanel, queue_dock: QDockWidget, editor: SpecEditor, training: TrainingPanel,
                 bar: TrainBar, display: RunDisplay, messages: WindowMessages, tasks: KeptTasks,
                 dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.store_dir = store_dir
        self.controller = controller
        self.queue = queue
        self.queue_panel = queue_panel
        self.queue_dock = queue_dock
        self.editor = editor
        self.training = training
        self.bar = bar
        self.display = display
        self.messages = messages
        self.tasks = tasks
        self.dialog_parent = dialog_parent
        self.engine_ready = False  # PyTorch loads in the background; nothing trains before it
        self._total_steps = 1
        doc = editor.document
        doc.validityChanged.connect(lambda _ok: self.update_buttons())
        bar.train_action.triggered.connect(self.start_training)
        bar.pause_action.triggered.connect(self.toggle_pause)
        bar.stop_action.triggered.connect(controller.stop)
        controller.started.connect(self._run_started)
        controller.finished.connect(self._run_finished)
        controller.errored.connect(self._run_errored)
        controller.busyChanged.connect(lambda _b: self.update_buttons())
        controller.pausedChanged.connect(lambda _p: self.update_buttons())
        display.live.stepLogged.connect(self._step_logged)
        queue.queueChanged.connect(self._queue_changed)

    def update_buttons(self) -> None:
        doc = self.editor.document
        self.bar.set_state(busy=self.controller.busy, can_train=self.engine_ready and doc.is_valid(),
                           paused=self.controller.paused)
        if not doc.is_valid():
            self.bar.train_action.setToolTip(QCoreApplication.translate(
                "MainWindow", "Fix the network first: the editor shows what is wrong"))
        else:
            self.bar.train_action.setToolTip(QCoreApplication.translate(
                "MainWindow", "Train the network in the editor (Ctrl+Enter)"))

    # --- now -------------------------------------------------------------------------------

    def start_training(self) -> None:
        doc = self.editor.document
        if not doc.is_valid() or self.controller.busy:
            return
        config = self.training.config()
        try:
            config.validate()
        except ResvizError as exc:
            self.messages.warn(QCoreApplication.translate(
                "MainWindow", "These training settings cannot train"),
                               str(exc))
            return
        self.bar.show_message(QCoreApplication.translate("MainWindow", "Loading data…"))
        self.controller.train_new(doc.spec(), config)

    def toggle_pause(self) -> None:
        if self.controller.paused:
            self.controller.resume()
        else:
            self.controller.pause()

    def resume_run(self, run_id: int) -> None:
        """Continue a stopped or interrupted run from its checkpoint, live in the main view."""
        if self.controller.busy:
            self.messages.warn(QCoreApplication.translate("RunActions", "A run is training"),
                               QCoreApplication.translate(
                                   "RunActions", "Stop it, or wait for it to end, before resuming another."))
            return
        self.bar.show_message(QCoreApplication.translate("RunActions", "Loading data…"))
        self.controller.resume_run(run_id)
        self.display.tabs.setCurrentWidget(self.display.curves)

    # --- later: the queue and sweeps ------------------------------------------------------------

    def enqueue_current(self) -> None:
        doc = self.editor.document
        if not doc.is_valid():
            self.messages.warn(QCoreApplication.translate("RunActions", "The network does not fit together"),
                               doc.error().message if doc.error() else "")
            return
        spec, config = doc.spec(), self.training.config()
        self.queue.enqueue([(f"{display_name(spec)} · {config.dataset}", spec, config)])
        self.queue_dock.show()
        self.queue_panel.refresh()

    def open_sweep(self) -> None:
        from resviz.ui.queue import SweepDialog

        dialog = SweepDialog(self.editor.document.spec(), self.training.config(), self.store_dir,
                             self.dialog_parent)
        if dialog.exec() and dialog.queued_ids:
            self.queue_dock.show()
            self.queue_panel.refresh()
            if dialog.ray_options is not None:
                self.start_ray_sweep(dialog.queued_ids, dialog.ray_options)
            else:
                self.queue.start()

    def start_ray_sweep(self, run_ids: list[int], options: RayOptions) -> RaySweepRunner:
        """Train queued runs as Ray trials; the queue panel and the explorer show them as they go."""
        from resviz.ui.queue.ray_runner import RaySweepRunner

        runner = RaySweepRunner(run_ids, self.store_dir, options, self)
        self.queue_panel.ray_box.follow(runner)
        self.tasks.keep(runner)  # closing the window cancels the sweep and waits for it (join)

        def ended(_error: str) -> None:
            self.queue_panel.refresh()
            self.display.explorer.refresh()

        runner.finished.connect(ended)
        runner.trialsChanged.connect(self.queue_panel.refresh)
        runner.start()
        return runner

    def _queue_changed(self) -> None:
        self.queue_panel.refresh()
        if self.queue.running:
            self.queue_dock.show()

    # --- while a run trains -----------------------------------------------------------------------

    def end_summary(self, end: FitEnd) -> str:
        """'Stopped after 1,200 steps · train loss 0.412 · best val acc 83.0%', in the language in force."""
        text = {"finished": QCoreApplication.translate("MainWindow", "Finished after {steps} steps"),
                "stopped": QCoreApplication.translate("MainWindow", "Stopped after {steps} steps"),
                "diverged": QCoreApplication.translate("MainWindow", "Diverged after {steps} steps"),
                "failed": QCoreApplication.translate(
                    "MainWindow", "Failed after {steps} steps")}[end.status].format(
            steps=f"{end.step:,}")
        if end.final_train_loss is not None:
            text += QCoreApplication.translate("MainWindow", " · train loss {loss}").format(
                loss=f"{end.final_train_loss:.3f}")
        if end.best_val_acc is not None:
            text += QCoreApplication.translate("MainWindow", " · best val acc {acc}").format(
                acc=f"{end.best_val_acc:.1%}")
        return text

    def _run_started(self, info: FitInfo) -> None:
        self._total_steps = max(info.total_steps, 1)
        self.display.show_live_run(info)
        self.bar.begin(info)
        self.messages.say(lambda: tidy_spacing(QCoreApplication.translate(
            "MainWindow", "Training run {id}: {name} on {dataset}").format(
            id=info.run_id, name=info.name, dataset=dataset_title(info.dataset))))

    def _step_logged(self, log: StepLog) -> None:
        self.bar.show_step(log, self._total_steps)

    def _run_finished(self, end: FitEnd) -> None:
        summary = self.end_summary(end)
        self.display.live_run_ended(end.step, end.status, summary)
        self.bar.show_message(summary)
        self.messages.say(lambda: self.end_summary(end))
        if end.status in ("diverged", "failed"):
            title = (QCoreApplication.translate("MainWindow", "The run diverged") if end.status == "diverged"
                     else QCoreApplication.translate("MainWindow", "The run failed"))
            self.messages.warn(title, end.message + "\n\n" + QCoreApplication.translate(
                "MainWindow", "Everything logged before this is kept in the run store."))

    def _run_errored(self, message: str) -> None:
        self.bar.show_message(QCoreApplication.translate("MainWindow", "Could not train"))
        self.messages.warn(QCoreApplication.translate("MainWindow", "Could not train"), message)
