"""Which run the views show, and which network the diagram draws. A mixin of MainWindow.

Two things are named apart: "the run on display" (its curves, gradients, Grad-CAM, named by
the header over the tabs) and "the network being edited" (the editor). The diagram draws the
run's network, coloured by its measurements, until the editor's network differs from it; then
it draws the edited one, grey, because nothing was measured on it. Measurements are never
painted on a network they were not taken on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from resviz.arch.naming import display_name
from resviz.arch.spec import NetworkSpec, from_dict, to_dict
from resviz.errors import ResvizError
from resviz.presentation.run_data import RunData
from resviz.ui.live import block_measurements
from resviz.ui.run_header import RunHeader
from resviz.ui.window_runs import gradcam_layers


def same_network(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two spec dicts build the same network (names and descriptions aside)."""
    def bare(d: dict[str, Any]) -> dict[str, Any]:
        return {**d, "name": "", "description": "",
                "stages": [{**st, "name": ""} for st in d.get("stages", [])]}
    return bare(a) == bare(b)


class RunDisplay:
    """Expects the MainWindow's attributes (editor, diagram, live, tabs, docks, panels)."""

    def _build_central(self) -> None:
        """The header naming the run on display, over the tabs."""
        self.run_header = RunHeader()
        self.run_header.editRequested.connect(self.edit_shown_network)
        self._shown_spec: dict[str, Any] | None = None  # the network of the run on display
        self._diagram_shows_run = False
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.run_header)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        # The header names what Curves … Grad-CAM show; Compare runs has its own selection.
        self.tabs.currentChanged.connect(self._tab_changed)
        doc = self.editor.document
        doc.pathChanged.connect(self._update_title)
        doc.dirtyChanged.connect(self._update_title)
        doc.specChanged.connect(self._update_title)
        self._update_title()

    def _update_title(self, *_args: object) -> None:
        """'my_net.json* — resviz': the open spec file (or the network's name) and unsaved edits."""
        doc = self.editor.document
        name = Path(doc.path()).name if doc.path() else display_name(doc.spec())
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "{name}[*] — resviz").format(name=name))
        self.setWindowModified(doc.is_dirty())

    def _tab_changed(self, _index: int) -> None:
        self.run_header.setVisible(self.tabs.currentWidget() is not getattr(self, "explorer", None))

    # --- the run on display ---------------------------------------------------------------

    def display_run(self, run_id: int | None, name: str, status: str, spec: dict[str, Any],
                    detail: str = "") -> None:
        """A run is now on display (training or past): name it, draw its network."""
        self._shown_spec = spec
        editable = not same_network(spec, self.editor.document.snapshot())
        self.run_header.show_run(run_id, name, status, detail, editable=editable)
        self._draw_shown_network()

    def set_display_status(self, status: str, detail: str = "") -> None:
        h = self.live.history
        if h is not None and self._shown_spec is not None:
            self.run_header.show_run(self.live.run_id, h.name, status, detail,
                                     editable=self.run_header.edit_button.isVisible())

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
        self.run_header.clear()
        self._network_changed()

    def edit_shown_network(self) -> None:
        """Load the displayed run's network (as it trained) into the editor, as one undo step."""
        if self._shown_spec is None:  # an undoable edit: nothing to save first
            return
        try:
            spec = from_dict(self._shown_spec)
        except ResvizError as exc:
            self._warn(QCoreApplication.translate("MainWindow", "Cannot load the run's network"), str(exc))
            return
        self.editor.document.set_spec(spec, QCoreApplication.translate("MainWindow", "Load the network of the run on display"))
        self.run_header.edit_button.hide()

    # --- the diagram ----------------------------------------------------------------------

    def _draw_shown_network(self) -> None:
        assert self._shown_spec is not None
        self.diagram.view.set_spec(from_dict(self._shown_spec))
        self._diagram_shows_run = True
        self._set_diagram_title()
        if self.live.history is not None:
            self._paint_measurements(self.live.history)

    def _network_changed(self) -> None:
        """The editor's network changed: the diagram follows it, grey unless it is the run's."""
        spec: NetworkSpec = self.editor.document.spec()
        if self._shown_spec is None:  # Grad-CAM is computed on the run on display, if any
            self.gradcam.set_layers(gradcam_layers(spec))
        if self.controller.busy and self.live.live:
            return  # a training run keeps the diagram until it ends
        shown = self._shown_spec
        if shown is not None and same_network(shown, to_dict(spec)):
            self.run_header.edit_button.hide()
            self._draw_shown_network()
            return
        if shown is not None:
            self.run_header.edit_button.show()
        self.diagram.view.set_spec(spec)
        self.diagram.view.clear_measurements()  # measured on another network, or never
        self._diagram_shows_run = False
        self._set_diagram_title()

    def _paint_measurements(self, history: RunData) -> None:
        if not self._diagram_shows_run:
            return
        grads, shares = block_measurements(history)
        self.diagram.view.set_colour_range(self.gradients.colour_range())  # one scale for both
        if grads:
            self.diagram.view.set_gradients(grads)
        if shares:
            self.diagram.view.set_shortcut_shares(shares)

    def _set_diagram_title(self) -> None:
        dock = self.docks.get("diagram")
        if dock is None:
            return
        if self._diagram_shows_run and self.live.run_id is not None:
            title = QCoreApplication.translate("MainWindow", "Diagram · run {id}, coloured by its gradients").format(id=self.live.run_id)
        elif self._diagram_shows_run:
            title = QCoreApplication.translate("MainWindow", "Diagram · the run on display")
        else:
            title = QCoreApplication.translate("MainWindow", "Diagram · the network in the editor (not trained: grey)")
        dock.setWindowTitle(title)
