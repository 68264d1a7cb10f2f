"""The main window: layout and wiring only. The engine does the work, the panels draw it."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QTabWidget, QWidget

from resviz.arch.presets import get_preset
from resviz.arch.spec import from_dict
from resviz.errors import ResvizError
from resviz.presentation.run_data import RunData
from resviz.train.config import TrainConfig
from resviz.train.events import FitEnd, FitInfo, GradCamLog, StepLog
from resviz.ui.controller import TrainingController
from resviz.ui.diagram import DiagramWidget
from resviz.ui.editor import SpecEditor
from resviz.ui.editor.document import default_autosave_dir
from resviz.ui.gradcam import GradCamPanel
from resviz.ui.lesion_panel import LesionPanel
from resviz.ui.live import LiveView
from resviz.ui.plots import CurvesPanel, GradientPanel, ShortcutPanel
from resviz.ui.train_bar import TrainBar
from resviz.ui.training_panel import TrainingPanel
from resviz.ui.window_display import RunDisplay
from resviz.ui.window_menus import WindowMenus
from resviz.ui.window_runs import RunActions
from resviz.ui.worker import BackgroundTask

SETTINGS_VERSION = 1


class MainWindow(RunDisplay, RunActions, WindowMenus, QMainWindow):
    def __init__(self, store_dir: str | Path | None = None, settings: QSettings | None = None,
                 autosave_dir: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.store_dir = store_dir
        self.engine_ready = False
        self._tasks: set[BackgroundTask] = set()
        self._total_steps = 1

        self.editor = SpecEditor(settings=self.settings, autosave_dir=autosave_dir or default_autosave_dir())
        self.training = TrainingPanel()
        self.diagram = DiagramWidget()
        self.curves = CurvesPanel()
        self.gradients = GradientPanel()
        self.shortcuts = ShortcutPanel()
        self.gradcam = GradCamPanel()
        self.lesion = LesionPanel(store_dir)
        self.controller = TrainingController(store_dir, self)
        self.live = LiveView(self)
        self.bar = TrainBar(self)
        self.addToolBar(self.bar)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for panel in (self.curves, self.gradients, self.shortcuts, self.gradcam, self.lesion):
            self.tabs.addTab(panel, "")
        self._build_central()  # the header naming the run on display, over the tabs
        self.tabs.currentChanged.connect(self._tab_shown)
        self.docks: dict[str, QDockWidget] = {}
        self._dock("network", self.editor, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("training", self.training, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.docks["network"], self.docks["training"])
        self.docks["network"].raise_()
        self._dock("diagram", self.diagram, Qt.DockWidgetArea.RightDockWidgetArea)
        self.extra_docks()
        self._menus()
        self.retranslate()
        self._wire()
        self.resize(1480, 900)
        self._default_state = self.saveState(SETTINGS_VERSION)
        self._restore()
        self.say(lambda: self.tr("Loading PyTorch…"))
        self._spec_changed()
        self._update_buttons()

    # --- layout -------------------------------------------------------------------------

    def _dock(self, key: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def extra_docks(self) -> None:
        """The run explorer: every run in the store, compared side by side."""
        from resviz.ui.explorer import ExplorerWidget

        self.explorer = ExplorerWidget(self.store_dir)
        self.tabs.addTab(self.explorer, "")
        self.explorer.runOpened.connect(self.open_run)
        self.explorer.resumeRequested.connect(self.resume_run)
        self.explorer.actions.deleted.connect(self.forget_runs)
        self._explorer_timer = QTimer(self)
        self._explorer_timer.setInterval(2000)
        self._explorer_timer.timeout.connect(self._refresh_explorer)
        self._explorer_timer.start()

        from resviz.ui.queue import QueuePanel, QueueRunner

        self.queue_runner = QueueRunner(self.controller, self.store_dir, self)
        self.queue_panel = QueuePanel(self.queue_runner, self.controller, self.store_dir)
        self._dock("queue", self.queue_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.docks["queue"].hide()  # shown when something is queued
        self.queue_runner.queueChanged.connect(self._queue_changed)
        self.queue_runner.runFinished.connect(self._queued_run_finished)
        self.queue_panel.sweepRequested.connect(self.open_sweep)
        self._demo_ids: list[int] = []

        from resviz.ui.lessons import LessonsUi

        self.lesson_ui = LessonsUi(self)

    def _queue_changed(self) -> None:
        self.queue_panel.refresh()
        if self.queue_runner.running:
            self.docks["queue"].show()

    def _refresh_explorer(self) -> None:
        if self.tabs.currentWidget() is self.explorer:
            self.explorer.refresh()

    def retranslate(self) -> None:
        """Every text the window itself owns; the panels relabel themselves."""
        self._update_title()
        for panel, title in ((self.curves, self.tr("Curves")), (self.gradients, self.tr("Gradients")),
                             (self.shortcuts, self.tr("Shortcut vs branch")),
                             (self.gradcam, self.tr("Grad-CAM")), (self.lesion, self.tr("Lesion")),
                             (self.explorer, self.tr("Compare runs"))):
            self.tabs.setTabText(self.tabs.indexOf(panel), title)
        for key, title in (("network", self.tr("Network")), ("training", self.tr("Training settings")),
                           ("diagram", self.tr("Diagram")), ("queue", self.tr("Queue")),
                           ("lessons", self.tr("Lessons"))):
            self.docks[key].setWindowTitle(title)
        self._set_diagram_title()  # which network the diagram draws
        self.retranslate_menus()
        self._update_buttons()

    def _tab_shown(self) -> None:
        if self.tabs.currentWidget() is self.lesion:
            self.lesion.set_run(self.live.run_id)  # the run the other tabs show

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reset_layout(self) -> None:
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state, SETTINGS_VERSION)

    # --- wiring -------------------------------------------------------------------------

    def _wire(self) -> None:
        doc = self.editor.document
        doc.specChanged.connect(self._spec_changed)
        doc.validityChanged.connect(lambda _ok: self._update_buttons())
        self.editor.blockSelected.connect(self._block_selected)
        self.diagram.view.blockClicked.connect(self._diagram_clicked)
        self.bar.train_action.triggered.connect(self.start_training)
        self.bar.pause_action.triggered.connect(self._toggle_pause)
        self.bar.stop_action.triggered.connect(self.controller.stop)
        c = self.controller
        c.started.connect(self._run_started)
        c.updates.connect(self.live.apply)
        c.gradcamReady.connect(self._gradcam_ready)
        c.finished.connect(self._run_finished)
        c.errored.connect(self._run_errored)
        c.busyChanged.connect(lambda _b: self._update_buttons())
        c.pausedChanged.connect(lambda _p: self._update_buttons())
        self.live.stepLogged.connect(self._step_logged)
        self.live.historyReplaced.connect(self._history_replaced)
        for panel in (self.curves, self.gradients, self.shortcuts):
            self.live.add_refresher(panel.refresh, self._shown_check(panel))
        self.live.add_diagram_updater(self._update_diagram)
        self.gradcam.requested.connect(self._gradcam_requested)
        self.bar.demoRequested.connect(self.start_demo)

    def _shown_check(self, panel: QWidget):  # noqa: ANN202 - a predicate
        # A window that is not on screen (headless use) keeps every panel current.
        return lambda: panel.isVisible() or not self.isVisible()

    def _update_buttons(self) -> None:
        can = self.engine_ready and self.editor.document.is_valid()
        self.bar.set_state(busy=self.controller.busy, can_train=can, paused=self.controller.paused)
        if not self.editor.document.is_valid():
            self.bar.train_action.setToolTip(self.tr("Fix the network first: the editor shows what is wrong"))
        else:
            self.bar.train_action.setToolTip(self.tr("Train the network in the editor (Ctrl+Enter)"))

    def set_engine_ready(self, devices: list[str]) -> None:
        self.engine_ready = True
        self.training.set_devices(devices)
        gpu = [d for d in devices if d in ("cuda", "mps")]
        self.say(lambda: self.tr("PyTorch ready · GPU: {device}").format(device=gpu[0]) if gpu
                 else self.tr("PyTorch ready · CPU only"), 8000)
        self._update_buttons()

    def _spec_changed(self) -> None:
        self._network_changed()

    def _block_selected(self, name: str) -> None:
        if name:
            self.diagram.view.select_module(name)
            if name.startswith("layer") and name.count(".") == 1 or name == "conv1":
                self.gradcam.select_layer(name)

    def _diagram_clicked(self, name: str) -> None:
        self.editor.select_module(name)
        if name.startswith("layer") or name == "conv1":
            self.gradcam.select_layer(name)

    # --- training -------------------------------------------------------------------------

    def start_training(self) -> None:
        doc = self.editor.document
        if not doc.is_valid() or self.controller.busy:
            return
        config = self.training.config()
        try:
            config.validate()
        except ResvizError as exc:
            self._warn(self.tr("These training settings cannot train"), str(exc))
            return
        self.bar.show_message(self.tr("Loading data…"))
        self.controller.train_new(doc.spec(), config)

    def _toggle_pause(self) -> None:
        if self.controller.paused:
            self.controller.resume()
        else:
            self.controller.pause()

    def _run_started(self, info: FitInfo) -> None:
        self._total_steps = max(info.total_steps, 1)
        self.live.start_live(info, self.store_dir)  # a resumed run keeps its earlier curves
        self.display_run(info.run_id, info.name, "training", info.spec)
        self.gradcam.set_classes(info.classes)
        self.gradcam.set_layers(["conv1", *info.block_names], default=info.block_names[-1] if info.block_names else None)
        self.gradcam.set_message(self.tr("Grad-CAM maps appear after the first epoch, or press Compute"))
        self.bar.begin(info)
        self.say(lambda: self.tr("Training run {id}: {name} on {dataset}").format(
            id=info.run_id, name=info.name, dataset=info.dataset))

    def _step_logged(self, log: StepLog) -> None:
        self.bar.show_step(log, self._total_steps)

    def _history_replaced(self, history: RunData) -> None:
        for panel in (self.curves, self.gradients, self.shortcuts):
            panel.set_history(history)
        self.diagram.view.clear_measurements()
        self._update_diagram(history)

    def _update_diagram(self, history: RunData) -> None:
        self._paint_measurements(history)

    def _gradcam_ready(self, log: GradCamLog) -> None:
        self.live.add_gradcam(log)
        self.gradcam.set_busy(False)
        self.gradcam.show_result(log)

    def _run_finished(self, end: FitEnd) -> None:
        self.live.end_live()
        h = self.live.history
        if h is not None and self.live.run_id is not None and 0 < end.step < h.total_steps:
            h.total_steps = end.step  # a stopped run is drawn over what it ran
            self.live.show_past(h, self.live.run_id)
        self.explorer.refresh()
        def summary() -> str:
            text = {"finished": self.tr("Finished after {steps} steps"),
                    "stopped": self.tr("Stopped after {steps} steps"),
                    "diverged": self.tr("Diverged after {steps} steps"),
                    "failed": self.tr("Failed after {steps} steps")}[end.status].format(steps=f"{end.step:,}")
            if end.final_train_loss is not None:
                text += self.tr(" · train loss {loss}").format(loss=f"{end.final_train_loss:.3f}")
            if end.best_val_acc is not None:
                text += self.tr(" · best val acc {acc}").format(acc=f"{end.best_val_acc:.1%}")
            return text

        self.bar.show_message(summary())
        self.say(summary)
        self.set_display_status(end.status, summary())
        if end.status in ("diverged", "failed"):
            title = self.tr("The run diverged") if end.status == "diverged" else self.tr("The run failed")
            self._warn(title, end.message + "\n\n" + self.tr("Everything logged before this is kept in the run store."))

    def _run_errored(self, message: str) -> None:
        self.bar.show_message(self.tr("Could not train"))
        self._warn(self.tr("Could not train"), message)

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("resviz_warning")
        box.open()  # not exec(): the event loop, and so training, keeps going

    # --- settings and closing ---------------------------------------------------------------

    def _restore(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state, SETTINGS_VERSION)
        spec_json = s.value("editor/spec")
        if isinstance(spec_json, str) and spec_json:
            try:
                self.editor.document.set_spec(from_dict(json.loads(spec_json)), self.tr("Restore last network"))
                self.editor.document.undo_stack.clear()
            except (ResvizError, ValueError):
                pass  # a damaged setting: start from the default network
        else:
            self.editor.document.set_spec(get_preset("resnet20"), self.tr("Load ResNet-20"))
            self.editor.document.undo_stack.clear()
        cfg_json = s.value("training/config")
        if isinstance(cfg_json, str) and cfg_json:
            try:
                self.training.set_config(TrainConfig.from_dict(json.loads(cfg_json)))
            except (ValueError, TypeError):
                pass

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(SETTINGS_VERSION))
        s.setValue("editor/spec", self.editor.document.spec().to_json(indent=None))
        s.setValue("training/config", json.dumps(self.training.config().to_dict()))
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.editor.maybe_save():
            event.ignore()
            return
        self.queue_runner.pause()  # no next run starts while closing
        self.lesson_ui.present.set_active(False)  # save the classroom layout, not the projector's
        self.live.timer.stop()
        self._explorer_timer.stop()
        if self.controller.busy:
            self.say(lambda: self.tr("Stopping the run and saving it…"))
            self.controller.shutdown()
        for task in list(self._tasks):
            task.join(5)
        self.lesion.stop_and_join()
        self.lesson_ui.coordinator.join(5)  # a lesson's conclusion (lesson 8: a lesion study) being drawn
        self.save_settings()
        event.accept()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About resviz"), self.tr(
            "<b>resviz</b> shows why residual connections work.<br><br>"
            "A residual block outputs y = F(x) + x, so ∂y/∂x = ∂F/∂x + 1: the gradient reaches early "
            "layers through the shortcut even when F passes little of it (He et al. 2015, 2016)."))

