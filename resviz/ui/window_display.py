"""The run on display: the tabs that show it, the header that names it, and which network the
diagram draws.

Two things are named apart: "the run on display" (its curves, gradients, Grad-CAM, named by
the header over the tabs) and "the network being edited" (the editor). The diagram draws the
run's network, coloured by its measurements, until the editor's network differs from it; then
it draws the edited one, grey, because nothing was measured on it. Measurements are never
painted on a network they were not taken on.

Its texts keep the catalogue contexts they had when this was a mixin of MainWindow ("MainWindow",
"RunActions"), so the shipped translations still apply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QTabWidget, QVBoxLayout, QWidget

from resviz.arch.analysis import analyze
from resviz.arch.spec import NetworkSpec, from_dict, to_dict
from resviz.data.registry import dataset_title
from resviz.errors import ResvizError
from resviz.i18n import tidy_spacing
from resviz.presentation.run_data import RunData
from resviz.runs.types import status_label
from resviz.train.events import FitInfo, GradCamLog
from resviz.ui.controller import TrainingController
from resviz.ui.diagram import DiagramWidget
from resviz.ui.editor import SpecEditor
from resviz.ui.folders import remember, start_path
from resviz.ui.gradcam import GradCamPanel
from resviz.ui.landscape_panel import LandscapePanel
from resviz.ui.lesion_panel import LesionPanel
from resviz.ui.live import LiveView, block_measurements
from resviz.ui.plots import CurvesPanel, GradientPanel, ShortcutPanel
from resviz.ui.run_header import RunHeader
from resviz.ui.shatter_panel import ShatterPanel
from resviz.ui.window_support import KeptTasks, WindowMessages
from resviz.ui.worker import BackgroundTask


def same_network(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two spec dicts build the same network (names and descriptions aside)."""
    def bare(d: dict[str, Any]) -> dict[str, Any]:
        return {**d, "name": "", "description": "",
                "stages": [{**st, "name": ""} for st in d.get("stages", [])]}
    return bare(a) == bare(b)


def gradcam_layers(spec: NetworkSpec) -> list[str]:
    try:
        return ["conv1"] + [r.module for r in analyze(spec).blocks]
    except ResvizError:
        return []


class RunDisplay(QObject):
    """Owns the tabs and the header over them (``widget`` is the window's centre); draws a run,
    live or past, in every view, and the diagram of its network."""

    def __init__(self, store_dir: str | Path | None, editor: SpecEditor, diagram: DiagramWidget,
                 diagram_dock: QDockWidget, live: LiveView, controller: TrainingController,
                 messages: WindowMessages, tasks: KeptTasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_dir = store_dir
        self.editor = editor
        self.diagram = diagram
        self.diagram_dock = diagram_dock
        self.live = live
        self.controller = controller
        self.messages = messages
        self.tasks = tasks
        self._shown_spec: dict[str, Any] | None = None  # the network of the run on display
        self._diagram_shows_run = False
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._build_tabs()
        self.header = RunHeader()
        self.header.editRequested.connect(self.edit_shown_network)
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._explorer_timer = QTimer(self)  # the store changes under it (the queue, the CLI)
        self._explorer_timer.setInterval(2000)
        self._explorer_timer.timeout.connect(self._refresh_explorer)
        self._explorer_timer.start()
        for panel in (self.curves, self.gradients, self.shortcuts):
            live.add_refresher(panel.refresh, self._shown_check(panel))
        live.add_diagram_updater(self.paint_measurements)
        live.historyReplaced.connect(self._history_replaced)
        self.gradcam.requested.connect(self.request_gradcam)
        controller.gradcamReady.connect(self.gradcam_ready)

    # --- the tabs ---------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        """The views, made here; ``tab_titles`` puts them in their order."""
        from resviz.ui.explorer import ExplorerWidget

        self.curves = CurvesPanel()
        self.gradients = GradientPanel()
        self.shortcuts = ShortcutPanel()
        self.gradcam = GradCamPanel()
        self.lesion = LesionPanel(self.store_dir)
        self.landscape, self.shatter = LandscapePanel(self.store_dir), ShatterPanel(self.store_dir)
        self.explorer = ExplorerWidget(self.store_dir)
        for panel, _title in self.tab_titles():
            self.tabs.addTab(panel, "")

    def tab_titles(self) -> list[tuple[QWidget, str]]:
        """Every tab, in order, with its title in the language in force: add a view here."""
        return [
            (self.curves, QCoreApplication.translate("MainWindow", "Curves")),
            (self.gradients, QCoreApplication.translate("MainWindow", "Gradients")),
            (self.shatter, QCoreApplication.translate("MainWindow", "Shattered gradients")),
            (self.shortcuts, QCoreApplication.translate("MainWindow", "Shortcut vs branch")),
            (self.gradcam, QCoreApplication.translate("MainWindow", "Grad-CAM")),
            (self.lesion, QCoreApplication.translate("MainWindow", "Lesion")),
            (self.landscape, QCoreApplication.translate("MainWindow", "Loss landscape")),
            (self.explorer, QCoreApplication.translate("MainWindow", "Compare runs")),
        ]

    def retranslate(self) -> None:
        for panel, title in self.tab_titles():
            self.tabs.setTabText(self.tabs.indexOf(panel), title)
        self._set_diagram_title()

    def _tab_changed(self, _index: int) -> None:
        # The header names what Curves … Lesion show; Compare runs has its own selection.
        shown = self.tabs.currentWidget()
        self.header.setVisible(shown is not self.explorer)
        if shown in (self.lesion, self.landscape, self.shatter):
            shown.set_run(self.live.run_id)  # the run the other tabs show

    def stop_timers(self) -> None:
        self._explorer_timer.stop()

    def _refresh_explorer(self) -> None:
        if self.tabs.currentWidget() is self.explorer:
            self.explorer.refresh()

    def _shown_check(self, panel: QWidget):  # noqa: ANN202 - a predicate
        # A window that is not on screen (headless use) keeps every panel current.
        return lambda: panel.isVisible() or not self.widget.window().isVisible()

    def show_runs_compared(self, run_ids: list[int]) -> None:
        """The Compare runs tab, with these runs selected."""
        self.explorer.refresh()
        self.explorer.select_runs(run_ids)
        self.tabs.setCurrentWidget(self.explorer)

    # --- the run on display ---------------------------------------------------------------

    def display_run(self, run_id: int | None, name: str, status: str, spec: dict[str, Any],
                    detail: str = "") -> None:
        """A run is now on display (training or past): name it, draw its network."""
        self._shown_spec = spec
        editable = not same_network(spec, self.editor.document.snapshot())
        self.header.show_run(run_id, name, status, detail, editable=editable)
        self._draw_shown_network()

    def set_display_status(self, status: str, detail: str = "") -> None:
        h = self.live.history
        if h is not None and self._shown_spec is not None:
            self.header.show_run(self.live.run_id, h.name, status, detail,
                                 editable=self.header.edit_button.isVisible())

    def show_live_run(self, info: FitInfo) -> None:
        """A run started (or resumed, keeping its earlier curves): every view follows it."""
        self.live.start_live(info, self.store_dir)
        self.display_run(info.run_id, info.name, "training", info.spec)
        self.gradcam.set_classes(info.classes)
        blocks = info.block_names
        self.gradcam.set_layers(["conv1", *blocks], default=blocks[-1] if blocks else None)
        self.gradcam.set_message(QCoreApplication.translate(
            "MainWindow", "Grad-CAM maps appear after the first epoch, or press Compute"))

    def live_run_ended(self, step: int, status: str, summary: str) -> None:
        self.live.end_live()
        h = self.live.history
        if h is not None and self.live.run_id is not None and 0 < step < h.total_steps:
            h.total_steps = step  # a stopped run is drawn over what it ran
            self.live.show_past(h, self.live.run_id)
        self.explorer.refresh()
        self.set_display_status(status, summary)

    def _history_replaced(self, history: RunData) -> None:
        for panel in (self.curves, self.gradients, self.shortcuts):
            panel.set_history(history)
        self.diagram.view.clear_measurements()
        self.paint_measurements(history)

    def open_run(self, run_id: int) -> None:
        """Show a past run: its curves, gradients, diagram and last Grad-CAM."""
        if self.controller.busy and self.live.live:
            self.messages.say(lambda: QCoreApplication.translate(
                "RunActions", "A run is training; its views stay live until it ends"), 5000)
            return
        from resviz.presentation.run_store import load_run
        from resviz.runs import open_store

        try:
            with open_store(self.store_dir) as store:
                info = store.get_run(run_id)
                history = load_run(store, run_id)
            spec = from_dict(info.spec)
        except ResvizError as exc:
            self.messages.warn(QCoreApplication.translate("RunActions", "Cannot open the run"), str(exc))
            return
        self.live.show_past(history, run_id)
        train = history.scalars.get("train/loss")
        steps = int(train.x[-1]) if train is not None and len(train) else 0
        detail = tidy_spacing(QCoreApplication.translate("RunActions", "{steps} steps on {dataset}").format(
            steps=f"{steps:,}", dataset=dataset_title(info.dataset)))  # "在内置图形数据上", "在 CIFAR-10 上"
        self.display_run(run_id, info.name, info.status, info.spec, detail)
        self.gradcam.set_classes(history.classes)
        self.gradcam.set_layers(gradcam_layers(spec))
        self.tabs.setCurrentWidget(self.curves)
        if history.gradcams:
            self.gradcam.show_result(history.gradcams[-1])
        else:
            self.gradcam.set_message(QCoreApplication.translate(
                "RunActions", "No Grad-CAM stored for this run: press Compute to make one from its checkpoint"))
        self.messages.say(lambda: QCoreApplication.translate(
            "RunActions", "Showing run {id}: {name} ({status})").format(
            id=run_id, name=info.name, status=status_label(info.status)))

    def import_run(self, path: str | None = None) -> int | None:
        """Add a run exported as JSON (a classmate's, say) to this store and select it."""
        from PySide6.QtWidgets import QFileDialog

        from resviz.runs import import_json, open_store

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.widget, QCoreApplication.translate(
                "RunActions", "Import run"),
                                                  start_path("run"),
                                                  QCoreApplication.translate(
                                                      "RunActions", "resviz run (*.json)"))
            if not path:
                return None
            remember("run", path)
        try:
            with open_store(self.store_dir) as store:
                run_id = import_json(store, path)
        except ResvizError as exc:
            self.messages.warn(QCoreApplication.translate("RunActions", "Cannot import the run"), str(exc))
            return None
        self.show_runs_compared([run_id])
        return run_id

    def forget_runs(self, run_ids: list[int]) -> None:
        """Runs were deleted: if one was on display, the views let go of it and its colours."""
        if self.live.run_id is None or self.live.run_id not in run_ids or self.live.live:
            return
        self.live.history, self.live.run_id = None, None
        for panel in (self.curves, self.gradients, self.shortcuts):
            panel.clear()
        self.gradcam.clear()
        self._shown_spec = None
        self._diagram_shows_run = False
        self.diagram.view.clear_measurements()
        self.header.clear()
        self.network_changed()

    def edit_shown_network(self) -> None:
        """Load the displayed run's network (as it trained) into the editor, as one undo step."""
        if self._shown_spec is None:  # an undoable edit: nothing to save first
            return
        try:
            spec = from_dict(self._shown_spec)
        except ResvizError as exc:
            self.messages.warn(QCoreApplication.translate(
                "MainWindow", "Cannot load the run's network"), str(exc))
            return
        self.editor.document.set_spec(spec, QCoreApplication.translate(
            "MainWindow", "Load the network of the run on display"))
        self.header.edit_button.hide()

    # --- Grad-CAM on demand -----------------------------------------------------------------

    def request_gradcam(self, layer: str, target: str) -> None:
        """Between two steps of the live run, or from the checkpoint of the run on display."""
        if self.controller.busy and self.live.live:
            self.controller.request_gradcam(layer, target)
            self.gradcam.set_busy(True, QCoreApplication.translate(
                "RunActions", "Computing Grad-CAM between two training steps…"))
            return
        run_id = self.live.run_id
        if run_id is None:
            self.gradcam.set_message(QCoreApplication.translate(
                "RunActions", "Train a network or open a past run first"))
            return
        from resviz.train.session import gradcam_for_run

        store_dir = self.store_dir
        task = BackgroundTask(lambda: gradcam_for_run(run_id, store_dir=store_dir, layer=layer, target=target), self)
        task.result.connect(self.gradcam_ready)
        task.error.connect(lambda msg: (self.gradcam.set_busy(False), self.gradcam.set_message(msg)))
        self.tasks.keep(task)
        self.gradcam.set_busy(True, QCoreApplication.translate(
            "RunActions", "Computing Grad-CAM from the run's checkpoint…"))
        task.start()

    def gradcam_ready(self, log: GradCamLog) -> None:
        self.live.add_gradcam(log)
        self.gradcam.set_busy(False)
        self.gradcam.show_result(log)

    # --- the diagram ----------------------------------------------------------------------

    def _draw_shown_network(self) -> None:
        assert self._shown_spec is not None
        self.diagram.view.set_spec(from_dict(self._shown_spec))
        self._diagram_shows_run = True
        self._set_diagram_title()
        if self.live.history is not None:
            self.paint_measurements(self.live.history)

    def network_changed(self) -> None:
        """The editor's network changed: the diagram follows it, grey unless it is the run's."""
        spec: NetworkSpec = self.editor.document.spec()
        if self._shown_spec is None:  # Grad-CAM is computed on the run on display, if any
            self.gradcam.set_layers(gradcam_layers(spec))
        if self.controller.busy and self.live.live:
            return  # a training run keeps the diagram until it ends
        shown = self._shown_spec
        if shown is not None and same_network(shown, to_dict(spec)):
            self.header.edit_button.hide()
            self._draw_shown_network()
            return
        if shown is not None:
            self.header.edit_button.show()
        self.diagram.view.set_spec(spec)
        self.diagram.view.clear_measurements()  # measured on another network, or never
        self._diagram_shows_run = False
        self._set_diagram_title()

    def paint_measurements(self, history: RunData) -> None:
        if not self._diagram_shows_run:
            return
        grads, shares = block_measurements(history)
        self.diagram.view.set_colour_range(self.gradients.colour_range())  # one scale for both
        if grads:
            self.diagram.view.set_gradients(grads)
        if shares:
            self.diagram.view.set_shortcut_shares(shares)

    def _set_diagram_title(self) -> None:
        if self._diagram_shows_run and self.live.run_id is not None:
            title = QCoreApplication.translate(
                "MainWindow", "Diagram · run {id}, coloured by its gradients").format(id=self.live.run_id)
        elif self._diagram_shows_run:
            title = QCoreApplication.translate("MainWindow", "Diagram · the run on display")
        else:
            title = QCoreApplication.translate(
                "MainWindow", "Diagram · the network in the editor (not trained: grey)")
        self.diagram_dock.setWindowTitle(title)
