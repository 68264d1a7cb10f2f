"""The main window: layout and wiring only. The engine does the work, the panels draw it; the
objects it is made of (window_display, window_runs, window_demo, window_menus) are handed what
they use."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QWidget

from resviz.arch.naming import display_name
from resviz.arch.presets import get_preset
from resviz.arch.spec import from_dict
from resviz.errors import ResvizError
from resviz.train.config import TrainConfig
from resviz.ui.controller import TrainingController
from resviz.ui.diagram import DiagramWidget
from resviz.ui.editor import SpecEditor
from resviz.ui.editor.document import default_autosave_dir
from resviz.ui.live import LiveView
from resviz.ui.train_bar import TrainBar
from resviz.ui.training_panel import TrainingPanel
from resviz.ui.window_demo import DemoCoordinator
from resviz.ui.window_display import RunDisplay
from resviz.ui.window_menus import MenuSlots, WindowMenus
from resviz.ui.window_runs import RunLauncher
from resviz.ui.window_support import KeptTasks, WindowMessages

SETTINGS_VERSION = 1


FIT_DELAY_MS = 100
"""How long after a dock appears the window is fitted back on the screen: the window system applies
the larger size Qt asked for after the dock's show() has returned."""


class MainWindow(QMainWindow):
    def __init__(self, store_dir: str | Path | None = None, settings: QSettings | None = None,
                 autosave_dir: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.store_dir = store_dir
        self.messages = WindowMessages(self)
        self.tasks = KeptTasks()

        self.editor = SpecEditor(settings=self.settings, autosave_dir=autosave_dir or default_autosave_dir())
        self.training = TrainingPanel()
        self.diagram = DiagramWidget()
        self.controller = TrainingController(store_dir, self)
        self.live = LiveView(self)
        self.controller.updates.connect(self.live.apply)
        self.bar = TrainBar(self)
        self.addToolBar(self.bar)

        self.docks: dict[str, QDockWidget] = {}
        diagram_dock = QDockWidget(self)  # its title says which network the diagram draws: the display's
        self.display = RunDisplay(store_dir, self.editor, self.diagram, diagram_dock, self.live,
                                  self.controller, self.messages, self.tasks, self)
        self.setCentralWidget(self.display.widget)  # the header naming the run on display, over the tabs
        # The views by name, for the lessons and the tests.
        d = self.display
        self.tabs, self.run_header = d.tabs, d.header
        self.curves, self.gradients, self.shortcuts = d.curves, d.gradients, d.shortcuts
        self.gradcam, self.lesion, self.explorer = d.gradcam, d.lesion, d.explorer
        self.landscape, self.shatter = d.landscape, d.shatter
        self._dock("network", self.editor, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("training", self.training, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.docks["network"], self.docks["training"])
        self.docks["network"].raise_()
        self._dock("diagram", self.diagram, Qt.DockWidgetArea.RightDockWidgetArea, diagram_dock)

        from resviz.ui.queue import QueuePanel, QueueRunner

        self.queue_runner = QueueRunner(self.controller, self.store_dir, self)
        self.queue_panel = QueuePanel(self.queue_runner, self.controller, self.store_dir)
        queue_dock = self._dock("queue", self.queue_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        queue_dock.hide()  # shown when something is queued
        self.queue_runner.runFinished.connect(lambda _id: self.explorer.refresh())
        self.runs = RunLauncher(store_dir, self.controller, self.queue_runner, self.queue_panel, queue_dock,
                                self.editor, self.training, self.bar, d, self.messages, self.tasks, self)
        self.demo = DemoCoordinator(store_dir, self.controller, self.queue_runner, queue_dock, d,
                                    self.messages, self)

        from resviz.ui.lessons import LessonsUi

        self.lesson_ui = LessonsUi(self)
        slots = MenuSlots(import_run=self.import_run, enqueue=self.runs.enqueue_current, sweep=self.runs.open_sweep,
                          reset_layout=self.reset_layout, about=self._about)
        self.menus = WindowMenus(self, self.settings, self.messages, self.editor, self.bar,
                                 [dock.toggleViewAction() for dock in self.docks.values()],
                                 self.lesson_ui.present.action, slots)
        self.file_menu, self.language_actions = self.menus.file_menu, self.menus.language_actions
        self.retranslate()
        self._wire()
        self.resize(1480, 900)
        self._default_state = self.saveState(SETTINGS_VERSION)
        self._restore()
        self.say(lambda: self.tr("Loading PyTorch…"))
        self.display.network_changed()
        self.runs.update_buttons()

    # --- layout -------------------------------------------------------------------------

    def _dock(self, key: str, widget: QWidget, area: Qt.DockWidgetArea,
              dock: QDockWidget | None = None) -> QDockWidget:
        dock = dock or QDockWidget(self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        dock.visibilityChanged.connect(self._keep_height)
        return dock

    def _keep_height(self, visible: bool) -> None:
        """A dock that appears (the queue, when a lesson or the demo queues runs) takes its room
        from the views, not from beyond the screen: Qt grew the window from 720 px to 738 on a
        1280×720 screen, and the status bar fell off its bottom edge."""
        if visible:
            QTimer.singleShot(FIT_DELAY_MS, self._fit_screen)  # once the window has taken its new size

    def _fit_screen(self) -> None:
        screen = self.screen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        frame = self.frameGeometry()  # the room below the window's top edge, less its frame
        room = screen.availableGeometry().bottom() + 1 - frame.top() - (frame.height() - self.height())
        if self.height() > room >= self.minimumSizeHint().height():
            self.resize(self.width(), room)

    def retranslate(self) -> None:
        """Every text the window itself owns; the panels relabel themselves."""
        self._update_title()
        for key, title in (("network", self.tr("Network")), ("training", self.tr("Training settings")),
                           ("queue", self.tr("Queue")), ("lessons", self.tr("Lessons"))):
            self.docks[key].setWindowTitle(title)
        self.display.retranslate()  # the tabs, and the diagram dock: which network it draws
        self.menus.retranslate()
        self.lesson_ui.present.retranslate()
        self.messages.say_again()
        self.runs.update_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reset_layout(self) -> None:
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state, SETTINGS_VERSION)

    def _update_title(self, *_args: object) -> None:
        """'my_net.json* — resviz': the open spec file (or the network's name) and unsaved edits."""
        doc = self.editor.document
        name = Path(doc.path()).name if doc.path() else display_name(doc.spec())
        self.setWindowTitle(self.tr("{name}[*] — resviz").format(name=name))
        self.setWindowModified(doc.is_dirty())

    # --- wiring -------------------------------------------------------------------------

    def _wire(self) -> None:
        doc = self.editor.document
        for signal in (doc.pathChanged, doc.dirtyChanged, doc.specChanged):
            signal.connect(self._update_title)
        doc.specChanged.connect(self.display.network_changed)
        batch = self.training.widgets["batch_size"]
        batch.valueChanged.connect(self.editor.set_batch_size)
        self.editor.set_batch_size(batch.value())
        self.editor.blockSelected.connect(self._block_selected)
        self.diagram.view.blockClicked.connect(self._diagram_clicked)
        self.explorer.runOpened.connect(self.open_run)
        self.explorer.resumeRequested.connect(self.runs.resume_run)
        self.explorer.actions.deleted.connect(self.display.forget_runs)
        self.queue_panel.sweepRequested.connect(self.runs.open_sweep)
        self.bar.demoRequested.connect(self._demo_requested)

    def _block_selected(self, name: str) -> None:
        if name:
            self.diagram.view.select_module(name)
            if name.startswith("layer") and name.count(".") == 1 or name == "conv1":
                self.gradcam.select_layer(name)

    def _diagram_clicked(self, name: str) -> None:
        self.editor.select_module(name)
        if name.startswith("layer") or name == "conv1":
            self.gradcam.select_layer(name)

    def _demo_requested(self) -> None:
        if self.engine_ready:
            self.demo.start(self.training.config().seed)

    # --- what others call on the window ----------------------------------------------------------

    @property
    def engine_ready(self) -> bool:
        return self.runs.engine_ready

    def set_engine_ready(self, devices: list[str]) -> None:
        self.runs.engine_ready = True
        self.training.set_devices(devices)
        self.queue_panel.set_gpu("cuda" in devices)
        gpu = [d for d in devices if d in ("cuda", "mps")]
        self.say(lambda: self.tr("PyTorch ready · GPU: {device}").format(device=gpu[0]) if gpu
                 else self.tr("PyTorch ready · CPU only"), 8000)
        self.runs.update_buttons()

    def say(self, text: Callable[[], str], timeout_ms: int = 0) -> None:
        """A status-bar message, made by ``text`` so that a language switch can say it again."""
        self.messages.say(text, timeout_ms)

    def start_training(self) -> None:
        self.runs.start_training()

    def enqueue_current(self) -> None:
        self.runs.enqueue_current()

    def open_run(self, run_id: int) -> None:
        self.display.open_run(run_id)

    def import_run(self, path: str | None = None) -> int | None:
        return self.display.import_run(path)

    def edit_shown_network(self) -> None:
        self.display.edit_shown_network()

    def set_language(self, lang: str) -> None:
        self.menus.set_language(lang)

    def warn_missing_font(self) -> None:
        self.menus.warn_missing_font()

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
        self.display.stop_timers()
        if self.controller.busy:
            self.say(lambda: self.tr("Stopping the run and saving it…"))
            self.controller.shutdown()
        self.tasks.join(5)
        for panel in (self.lesion, self.landscape, self.shatter):
            panel.stop_and_join()
        self.lesson_ui.coordinator.join(5)  # a lesson's conclusion (lesson 8: a lesion study) being drawn
        self.save_settings()
        event.accept()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About resviz"), self.tr(
            "<b>resviz</b> shows why residual connections work.<br><br>"
            "A residual block outputs y = F(x) + x, so ∂y/∂x = ∂F/∂x + 1: the gradient reaches early "
            "layers through the shortcut even when F passes little of it (He et al. 2015, 2016)."))

