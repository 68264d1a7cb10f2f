"""The degradation demo in the window: queue its four runs, compare them as they train, and say
what they showed once the last one has ended. (Texts keep their catalogue context "RunActions".)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDockWidget, QMessageBox, QWidget

from resviz.errors import ResvizError
from resviz.ui.controller import TrainingController
from resviz.ui.window_display import RunDisplay
from resviz.ui.window_support import WindowMessages

if TYPE_CHECKING:
    from resviz.ui.queue import QueueRunner
    from resviz.ui.queue.demo_dialog import DemoDialog


class DemoCoordinator(QObject):
    """Owns the ids of the demo's runs (``run_ids``), from queueing them to the verdict."""

    def __init__(self, store_dir: str | Path | None, controller: TrainingController, queue: QueueRunner,
                 queue_dock: QDockWidget, display: RunDisplay, messages: WindowMessages,
                 dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.store_dir = store_dir
        self.controller = controller
        self.queue = queue
        self.queue_dock = queue_dock
        self.display = display
        self.messages = messages
        self.dialog_parent = dialog_parent
        self.run_ids: list[int] = []
        self.dialog: DemoDialog | None = None  # the last settings dialog (tests answer it, not exec)
        queue.runFinished.connect(self._run_finished)

    def start(self, seed: int = 0) -> None:
        """Ask for the demo's setting (the quick one preselected on a CPU, so Enter or Start runs it),
        then queue plain-20, plain-56, ResNet-20, ResNet-56 and overlay them as they train."""
        from resviz.train.device import resolve_device
        from resviz.ui.queue.demo_dialog import DemoDialog

        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = DemoDialog(resolve_device("auto").type, seed, self.dialog_parent)
        dialog.accepted.connect(lambda: self.queue_demo(dialog.setting(), dialog.seed()))
        self.dialog = dialog
        dialog.open()  # not exec(): the event loop, and so a run in progress, keeps going

    def queue_demo(self, setting: str, seed: int) -> None:
        """Queue the demo's four runs in ``setting`` ('cpu', 'classroom' or 'cuda') ahead of the rest."""
        from resviz.ui.queue import start_degradation_demo

        self.run_ids = start_degradation_demo(self.controller, self.queue, self.store_dir, setting, seed=seed)
        self.queue_dock.show()
        self.display.show_runs_compared(self.run_ids)
        self.messages.say(lambda: QCoreApplication.translate(
            "RunActions", "Degradation demo: four runs queued in the quick classroom setting (CPU)")
            if setting == "cpu" else QCoreApplication.translate(
                "RunActions", "Degradation demo: four runs queued in the longer classroom setting (CPU)")
            if setting == "classroom" else QCoreApplication.translate(
                "RunActions", "Degradation demo: four runs queued in the paper-like setting (GPU)"))

    def _run_finished(self, run_id: int) -> None:
        if run_id not in self.run_ids:
            return
        from resviz.ui.queue import demo_verdict

        failed = None
        try:
            text = demo_verdict(self.store_dir, self.run_ids)
        except ResvizError as exc:
            text = failed = QCoreApplication.translate(
                "RunActions", "The demo's runs could not be read: {error}").format(
                error=exc)
        if text:
            ids, self.run_ids = self.run_ids, []
            if failed is None:
                # Above the comparison it is about, where a class reads it (Present mode makes it
                # large); the box only says where to look, rather than cover the curves.
                self.display.show_runs_compared(ids)
                self.display.explorer.caption(text)
            box = QMessageBox(QMessageBox.Icon.Information if failed is None else QMessageBox.Icon.Warning,
                              QCoreApplication.translate("RunActions", "What the degradation demo shows"),
                              failed or QCoreApplication.translate(
                                  "RunActions", "The degradation demo has finished. What its four runs show is "
                                  "written at the top of Compare runs, above their table and curves."),
                              QMessageBox.StandardButton.Ok, self.dialog_parent)
            box.setObjectName("resviz_demo_verdict")
            box.open()
