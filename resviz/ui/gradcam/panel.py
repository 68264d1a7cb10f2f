"""The Grad-CAM panel: a grid of validation images with their class-activation maps (类激活图).

The panel computes nothing. It emits ``requested(layer, target)`` and shows the GradCamLog
the main window's worker sends back (each epoch during training, on demand afterwards, from
the checkpoint for past runs).

When does it ask? Whenever the user's choice of layer or class needs maps the shown result
does not hold: another layer, or a class index other than the result's ``target_class``.
"predicted" and "true" never need a new computation, as every result carries both.
``select_layer`` (a click in the diagram) follows the same rule. With ``auto_update = False``
choices only mark the view as out of date (a note says so) and the Compute button asks.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from resviz.arch.naming import module_label
from resviz.data.registry import class_title
from resviz.presentation.overlay import DEFAULT_COLORMAP
from resviz.train.events import GradCamLog
from resviz.ui.folders import remember, start_path
from resviz.ui.gradcam.controls import PREDICTED, TRUE, Controls
from resviz.ui.gradcam.export import render_grid
from resviz.ui.gradcam.grid import MIN_TILE, Geometry, TileGrid, compute_geometry, make_tiles
from resviz.ui.gradcam.header import BUSY_TEXT, EMPTY_TEXT, EmptyState, Header, Note, pointing_text


class GradCamPanel(QWidget):
    requested = Signal(str, str)
    """(layer module name, target: "predicted" | "true" | class index as str)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auto_update = True
        self.cmap = DEFAULT_COLORMAP
        self._log: GradCamLog | None = None
        self._classes: list[str] = []
        self._pending: tuple[str, str] | None = None  # the last request not yet answered
        self._busy = False
        self._busy_text = ""
        self._message = EMPTY_TEXT

        self.controls = Controls()
        self.header = Header(self.cmap)
        self.note = Note()
        self.grid = TileGrid()
        self.grid.cmap = self.cmap
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.viewport().installEventFilter(self.grid)
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scroll)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(self.controls)
        layout.addWidget(self.header)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)

        c = self.controls
        c.layer.currentIndexChanged.connect(self._on_choice)
        c.target.currentIndexChanged.connect(self._on_choice)
        c.compute.clicked.connect(self._on_compute)
        c.opacity.valueChanged.connect(lambda v: self.grid.set_alpha(v / 100.0))
        c.show_box.toggled.connect(self.grid.set_show_box)
        c.export.clicked.connect(self._on_export)
        self.set_classes([])
        self.clear()

    def retranslate(self) -> None:
        target = self.controls.target
        target.setItemText(target.findData(PREDICTED), self.tr("predicted class"))
        target.setItemText(target.findData(TRUE), self.tr("true class"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- what the main window calls -------------------------------------------------------

    def set_layers(self, layers: list[str], default: str | None = None) -> None:
        """Fill the layer picker: a chosen layer is kept if still present; the deepest layer stays
        the deepest (plain-56's last block, not the layer3.2 that was ResNet-20's last);
        otherwise ``default``, else the deepest."""
        combo = self.controls.layer
        current = self.current_layer()
        if combo.count() and current == combo.itemData(combo.count() - 1):
            current = None  # it was the default, not a choice: follow the new network
        with QSignalBlocker(combo):
            combo.clear()
            for name in layers:
                combo.addItem(module_label(name), name)  # "stage 3 · block 3", data "layer3.2"
            for choice in (current, default, layers[-1] if layers else None):
                if choice is not None and choice in layers:
                    combo.setCurrentIndex(layers.index(choice))
                    break
        self._refresh()

    def select_layer(self, name: str) -> None:
        """Pick a layer (a click in the diagram) and ask for maps as a user's choice would; unknown names are ignored."""
        combo = self.controls.layer
        i = combo.findData(name)
        if i < 0:
            return
        with QSignalBlocker(combo):
            combo.setCurrentIndex(i)
        self._on_choice()

    def set_classes(self, classes: list[str]) -> None:
        """The class picker's names; a chosen class stays chosen if its name is still there."""
        combo = self.controls.target
        current = self.current_target()
        old = self._classes
        name = old[int(current)] if current.isdigit() and int(current) < len(old) else None
        self._classes = list(classes)
        with QSignalBlocker(combo):
            combo.clear()
            combo.addItem(self.tr("predicted class"), PREDICTED)
            combo.addItem(self.tr("true class"), TRUE)
            if classes:
                combo.insertSeparator(combo.count())
            for i, cls in enumerate(classes):
                combo.addItem(class_title(cls, classes), str(i))
            keep = current
            if name is not None:
                keep = str(classes.index(name)) if name in classes else PREDICTED
            combo.setCurrentIndex(max(0, combo.findData(keep)))
        self._refresh()

    def show_result(self, log: GradCamLog) -> None:
        """Show a result; the class picker chooses among its maps (see the module docstring)."""
        self._log = log
        if log.classes and log.classes != self._classes:
            self.set_classes(list(log.classes))
        combo = self.controls.layer
        with QSignalBlocker(combo):
            if combo.findData(log.layer) < 0:
                combo.addItem(log.layer, log.layer)
            # Follow the result's layer, unless the user has since asked for another one.
            if self._pending is None or self._pending[0] == log.layer:
                combo.setCurrentIndex(combo.findData(log.layer))
        if self._pending is not None and not self._needs_maps(*self._pending):
            self._pending = None
        self.controls.show_box.setEnabled(log.boxes is not None)
        self.controls.export.setEnabled(True)
        self.stack.setCurrentWidget(self.scroll)
        self._refresh()

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy, self._busy_text = busy, text
        self.controls.compute.setEnabled(not busy)
        self.empty.set_title((text or BUSY_TEXT) if busy else self._message)
        self._refresh_note()

    def set_message(self, text: str) -> None:
        """Replace whatever is shown by a message (e.g. "No checkpoint for this run yet")."""
        self._log = None
        self._pending = None
        self._message = text
        self.grid.set_tiles([])
        self.header.set_result(None)
        self.controls.export.setEnabled(False)
        self.empty.set_title(text)
        self.stack.setCurrentWidget(self.empty)
        self._refresh_note()

    def clear(self) -> None:
        self.set_message(EMPTY_TEXT)

    def export_png(self, path: str | Path) -> None:
        """The whole grid with its labels and a title, at 2× resolution."""
        image = self.export_image(scale=2.0)
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write {path}")

    # -- queries ----------------------------------------------------------------------------

    def current_layer(self) -> str | None:
        data = self.controls.layer.currentData()
        return str(data) if data is not None else None

    def current_target(self) -> str:
        """'predicted', 'true' or a class index as str, as in ``requested``."""
        data = self.controls.target.currentData()
        return str(data) if data is not None else PREDICTED

    @property
    def result(self) -> GradCamLog | None:
        return self._log

    def heading_text(self) -> str:
        return self.header.text()

    def empty_text(self) -> str | None:
        """The message shown instead of tiles, or None while tiles are shown."""
        return self.empty.title if self.stack.currentWidget() is self.empty else None

    def export_image(self, scale: float = 2.0) -> QImage:
        log = self._log
        if log is None or not self.grid.tiles:
            raise RuntimeError("there is no Grad-CAM result to export yet")
        sub = self.tr("maps for the {kind}").format(kind=self._maps_kind(log))
        if log.pointing_game is not None:
            sub += " · " + pointing_text(log.pointing_game, log.pointing)
        sub += " · " + self.tr("opacity {value}%").format(value=self.controls.opacity.value())
        return render_grid(
            self.grid.tiles, self._export_geometry(), f"Grad-CAM · {_heading(log)}", sub,
            alpha=self.grid.alpha, show_box=self.grid.show_box and log.boxes is not None,
            cmap=self.cmap, scale=scale,
        )

    # -- internals --------------------------------------------------------------------------

    def _needs_maps(self, layer: str | None, target: str) -> bool:
        log = self._log
        if log is None or layer is None or layer != log.layer:
            return True
        if target in (PREDICTED, TRUE):
            return False
        return not (log.target_class == int(target) and log.maps_target is not None)

    def _on_choice(self) -> None:
        layer, target = self.current_layer(), self.current_target()
        if layer is not None and self.auto_update and self._needs_maps(layer, target):
            self._request(layer, target)
        self._refresh()

    def _on_compute(self) -> None:
        layer = self.current_layer() or (self._log.layer if self._log is not None else None)
        if layer is not None:
            self._request(layer, self.current_target())

    def _request(self, layer: str, target: str) -> None:
        self._pending = (layer, target)
        self.requested.emit(layer, target)
        self._refresh_note()

    def _on_export(self) -> None:
        log = self._log
        if log is None:
            return
        name = f"gradcam_{log.layer}_epoch{log.epoch}.png"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Grad-CAM grid"), start_path("figure", name),
                                              self.tr("PNG image (*.png)"))
        if not path:
            return
        remember("figure", path)
        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            self.export_png(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export failed"),
                                f"{exc}.\n" + self.tr("Pick another folder or file name."))

    def _shown_maps(self, log: GradCamLog) -> tuple[np.ndarray, bool]:
        """The maps the class picker asks for, and whether they are a stand-in (that class is absent)."""
        target = self.current_target()
        if target == TRUE:
            return log.maps_true, False
        if target == PREDICTED:
            return log.maps_pred, False
        if log.target_class == int(target) and log.maps_target is not None:
            return log.maps_target, False
        return log.maps_pred, True

    def _names(self) -> list[str]:
        return (self._log.classes if self._log is not None else None) or self._classes

    def _maps_kind(self, log: GradCamLog) -> str:
        target = self.current_target()
        if target == TRUE:
            return self.tr("true class")
        if target == PREDICTED or self._shown_maps(log)[1]:
            return self.tr("predicted class")
        names = self._names()
        i = int(target)
        return self.tr("class “{name}”").format(name=names[i] if i < len(names) else i)

    def _refresh(self) -> None:
        log = self._log
        if log is not None:
            maps, _ = self._shown_maps(log)
            self.grid.set_tiles(make_tiles(log.images, log.labels, log.preds, maps, log.boxes, self._names()))
            self.header.set_result(_heading(log), log.pointing_game, log.pointing)
        self._refresh_note()

    def _refresh_note(self) -> None:
        log = self._log
        # Without tiles the empty state itself says "Computing…"; once is enough.
        self.header.set_busy(self._busy and log is not None, self._busy_text)
        text = ""
        if log is not None:
            todo = self.tr("computing…") if self._busy else self.tr("press Compute to see them.")
            layer = self.current_layer()
            if layer is not None and layer != log.layer:
                text = self.tr("Showing maps of {shown}; maps of {wanted}: {todo}").format(
                    shown=log.layer, wanted=layer, todo=todo)
            elif self._shown_maps(log)[1]:
                names, i = self._names(), int(self.current_target())
                text = self.tr("Showing the predicted class; maps for “{name}”: {todo}").format(
                    name=names[i] if i < len(names) else i, todo=todo)
        self.note.set_note(text)

    def _export_geometry(self) -> Geometry:
        # The grid as shown; when the panel was never laid out, a square-ish grid of 128 px tiles.
        if self.grid.width() >= MIN_TILE + 16:
            return self.grid.geometry_
        cols = max(1, math.ceil(math.sqrt(len(self.grid.tiles))))
        return compute_geometry(cols * 128 + (cols - 1) * 12 + 16, self.grid.tiles)


def _heading(log: GradCamLog) -> str:
    return log.layer + " · " + QCoreApplication.translate("GradCamPanel", "epoch {epoch} · step {step}").format(
        epoch=log.epoch, step=f"{log.step:,}")
