"""The window's actions on runs: queue, sweep, the degradation demo, Grad-CAM on demand, and
reopening past runs. A mixin of MainWindow, kept apart so the window stays layout and wiring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from resviz.arch.analysis import analyze
from resviz.arch.naming import display_name
from resviz.arch.spec import NetworkSpec, from_dict
from resviz.errors import ResvizError
from resviz.ui.folders import remember, start_path
from resviz.ui.status import status_name
from resviz.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from resviz.ui.queue.demo_dialog import DemoDialog


def gradcam_layers(spec: NetworkSpec) -> list[str]:
    try:
        return ["conv1"] + [r.module for r in analyze(spec).blocks]
    except ResvizError:
        return []


class RunActions:
    """Expects the MainWindow's attributes (editor, training, controller, live, panels, docks)."""

    demo_dialog: DemoDialog | None = None  # the demo's last settings dialog (tests answer it, not exec)

    # --- the queue, sweeps and the degradation demo ------------------------------------------

    def enqueue_current(self) -> None:
        doc = self.editor.document
        if not doc.is_valid():
            self._warn(self.tr("The network does not fit together"), doc.error().message if doc.error() else "")
            return
        spec, config = doc.spec(), self.training.config()
        self.queue_runner.enqueue([(f"{display_name(spec)} · {config.dataset}", spec, config)])
        self.docks["queue"].show()
        self.queue_panel.refresh()

    def open_sweep(self) -> None:
        from resviz.ui.queue import SweepDialog

        dialog = SweepDialog(self.editor.document.spec(), self.training.config(), self.store_dir, self)
        if dialog.exec() and dialog.queued_ids:
            self.docks["queue"].show()
            self.queue_panel.refresh()
            self.queue_runner.start()

    def start_demo(self) -> None:
        """Ask for the demo's setting (the quick one chosen on a CPU, so Enter or Start runs it), then
        queue plain-20, plain-56, ResNet-20, ResNet-56 and overlay them as they train."""
        if not self.engine_ready:
            return
        from resviz.train.device import resolve_device
        from resviz.ui.queue.demo_dialog import DemoDialog

        if self.demo_dialog is not None:
            self.demo_dialog.deleteLater()
        dialog = DemoDialog(resolve_device("auto").type, self.training.config().seed, self)
        dialog.accepted.connect(lambda: self.queue_demo(dialog.setting(), dialog.seed()))
        self.demo_dialog = dialog
        dialog.open()  # not exec(): the event loop, and so a run in progress, keeps going

    def queue_demo(self, setting: str, seed: int) -> None:
        """Queue the demo's four runs in ``setting`` ('cpu', 'classroom' or 'cuda') ahead of the rest."""
        from resviz.ui.queue import start_degradation_demo

        self._demo_ids = start_degradation_demo(self.controller, self.queue_runner, self.store_dir,
                                                setting, seed=seed)
        self.docks["queue"].show()
        self.explorer.refresh()
        self.explorer.select_runs(self._demo_ids)
        self.tabs.setCurrentWidget(self.explorer)
        self.say(lambda: self.tr("Degradation demo: four runs queued in the quick classroom setting (CPU)")
                 if setting == "cpu" else self.tr("Degradation demo: four runs queued in the longer classroom "
                                                  "setting (CPU)") if setting == "classroom"
                 else self.tr("Degradation demo: four runs queued in the paper-like setting (GPU)"))

    def _queued_run_finished(self, run_id: int) -> None:
        self.explorer.refresh()
        if run_id not in self._demo_ids:
            return
        from resviz.ui.queue import demo_verdict

        try:
            text = demo_verdict(self.store_dir, self._demo_ids)
        except ResvizError as exc:
            text = self.tr("The demo's runs could not be read: {error}").format(error=exc)
        if text:
            self._demo_ids = []
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("What the degradation demo shows"), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("resviz_demo_verdict")
            box.open()

    # --- Grad-CAM on demand ---------------------------------------------------------------

    def _gradcam_requested(self, layer: str, target: str) -> None:
        if self.controller.busy and self.live.live:
            self.controller.request_gradcam(layer, target)
            self.gradcam.set_busy(True, self.tr("Computing Grad-CAM between two training steps…"))
            return
        run_id = self.live.run_id
        if run_id is None:
            self.gradcam.set_message(self.tr("Train a network or open a past run first"))
            return
        from resviz.train.session import gradcam_for_run

        store_dir = self.store_dir
        task = BackgroundTask(lambda: gradcam_for_run(run_id, store_dir=store_dir, layer=layer, target=target), self)
        task.result.connect(self._gradcam_ready)
        task.error.connect(lambda msg: (self.gradcam.set_busy(False), self.gradcam.set_message(msg)))
        self._keep(task)
        self.gradcam.set_busy(True, self.tr("Computing Grad-CAM from the run's checkpoint…"))
        task.start()

    def _keep(self, task: BackgroundTask) -> None:
        self._tasks.add(task)
        task.finished.connect(lambda: self._tasks.discard(task))

    # --- past runs --------------------------------------------------------------------------

    def resume_run(self, run_id: int) -> None:
        """Continue a stopped or interrupted run from its checkpoint, live in the main view."""
        if self.controller.busy:
            self._warn(self.tr("A run is training"), self.tr("Stop it, or wait for it to end, before resuming another."))
            return
        self.bar.show_message(self.tr("Loading data…"))
        self.controller.resume_run(run_id)
        self.tabs.setCurrentWidget(self.curves)

    def open_run(self, run_id: int) -> None:
        """Show a past run: its curves, gradients, diagram and last Grad-CAM."""
        if self.controller.busy and self.live.live:
            self.say(lambda: self.tr("A run is training; its views stay live until it ends"), 5000)
            return
        from resviz.runs import open_store
        from resviz.train.history_store import load_history

        try:
            store = open_store(self.store_dir)
            try:
                info = store.get_run(run_id)
                history = load_history(store, run_id)
            finally:
                store.close()
            spec = from_dict(info.spec)
        except ResvizError as exc:
            self._warn(self.tr("Cannot open the run"), str(exc))
            return
        self.live.show_past(history, run_id)
        train = history.scalars.get("train/loss")
        steps = int(train.x[-1]) if train is not None and len(train) else 0
        self.display_run(run_id, info.name, info.status, info.spec,
                         self.tr("{steps} steps on {dataset}").format(steps=f"{steps:,}", dataset=info.dataset))
        self.gradcam.set_classes(history.classes)
        self.gradcam.set_layers(gradcam_layers(spec))
        self.tabs.setCurrentWidget(self.curves)
        if history.gradcams:
            self.gradcam.show_result(history.gradcams[-1])
        else:
            self.gradcam.set_message(self.tr(
                "No Grad-CAM stored for this run: press Compute to make one from its checkpoint"))
        self.say(lambda: self.tr("Showing run {id}: {name} ({status})").format(
            id=run_id, name=info.name, status=status_name(info.status)))


    def import_run(self, path: str | None = None) -> int | None:
        """Add a run exported as JSON (a classmate's, say) to this store and select it."""
        from PySide6.QtWidgets import QFileDialog

        from resviz.runs import import_json, open_store

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import run"), start_path("run"),
                                                  self.tr("resviz run (*.json)"))
            if not path:
                return None
            remember("run", path)
        try:
            store = open_store(self.store_dir)
            try:
                run_id = import_json(store, path)
            finally:
                store.close()
        except ResvizError as exc:
            self._warn(self.tr("Cannot import the run"), str(exc))
            return None
        self.explorer.refresh()
        self.explorer.select_runs([run_id])
        self.tabs.setCurrentWidget(self.explorer)
        return run_id
