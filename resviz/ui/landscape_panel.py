"""The Loss landscape tab: the loss along the line from the shown run's initial weights to its
trained ones, and on a plane around the trained weights (Li et al. 2018) as contour or surface.

Both run in the background (the functions of `resviz landscape`), are kept with the run and
shown again when it is opened. The defaults (11×11 grid, 500 images) take about a minute on
two CPU cores at the quick size.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSpinBox, QWidget

from resviz.ui.analysis_panel import AnalysisPanel

# Type names only: the analyses import torch, which the window loads in the background.
if TYPE_CHECKING:
    from resviz.analysis.landscape import Landscape
    from resviz.analysis.line import LossLine

LINE, CONTOUR, SURFACE = 0, 1, 2


class LandscapePanel(AnalysisPanel):
    def __init__(self, store_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store_dir, parent)
        self.line: LossLine | None = None
        self.plane: Landscape | None = None
        self.has_initial = False
        self.view = QComboBox()
        self.view.addItems(["", "", ""])
        self.line_button = QPushButton()
        self.plane_button = QPushButton()
        self.grid_label, self.images_label = QLabel(), QLabel()
        self.grid = QSpinBox()
        self.grid.setRange(3, 51)
        self.grid.setValue(11)
        self.images = QSpinBox()
        self.images.setRange(50, 10_000)
        self.images.setSingleStep(100)
        self.images.setValue(500)
        for w in (self.view, self.line_button, self.plane_button):
            self.controls.addWidget(w)
        for w in (self.grid_label, self.grid, self.images_label, self.images):
            self.options.addWidget(w)
        self.options.addStretch(1)
        self.view.currentIndexChanged.connect(self.refresh)
        self.line_button.clicked.connect(self.start_line)
        self.plane_button.clicked.connect(self.start_plane)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        super().retranslate()
        for i, text in enumerate((self.tr("Line: initial → trained"), self.tr("Plane: contour"),
                                  self.tr("Plane: surface"))):
            self.view.setItemText(i, text)
        self.line_button.setText(self.tr("Compute the line"))
        self.plane_button.setText(self.tr("Compute the plane"))
        self.grid_label.setText(self.tr("Grid"))
        self.grid.setToolTip(self.tr("Points per side of the plane (the line gets 31)"))
        self.images_label.setText(self.tr("Images"))
        self.images.setToolTip(self.tr("The first N training images, the same for every run"))
        self.explain.setText(self.tr(
            "Line: the training loss at θ0 + α(θ1 − θ0), from the initial weights θ0 (α = 0) to the trained "
            "ones θ1 (α = 1), as Goodfellow et al. 2015 drew it; at each α batch norm's statistics are measured again on the "
            "same images, so every point is that network's loss with statistics of its own: α = 0 is the network before "
            "training, α = 1 the trained one. Plane: the loss around the trained weights "
            "along two random directions, each filter scaled to its weights' filter, batch norm and biases left "
            "out (Li et al. 2018). In Li et al.'s figures ResNet-56's plane looks like one smooth bowl and "
            "plain-56's is chaotic."))

    # --- the run's results ---------------------------------------------------------------

    def load(self) -> None:
        from resviz.analysis.landscape_run import has_initial_weights, load_landscape, load_line

        self.has_initial = self.run_id is not None and has_initial_weights(self.run_id, self.store_dir)
        self.line = load_line(self.store_dir, self.run_id) if self.run_id is not None else None
        self.plane = load_landscape(self.store_dir, self.run_id) if self.run_id is not None else None

    def accept(self, kind: str, result: Any) -> None:
        if kind == "line":
            self.line = result
            self.view.setCurrentIndex(LINE)
        else:
            self.plane = result
            if self.view.currentIndex() == LINE:
                self.view.setCurrentIndex(CONTOUR)

    def set_busy(self, busy: bool) -> None:
        ready = self.run_id is not None and not busy
        for w in (self.line_button, self.plane_button, self.grid, self.images):
            w.setEnabled(ready)
        self.line_button.setEnabled(ready and self.has_initial)

    def busy_text(self) -> str:
        return (self.tr("Run {id}: the loss along the line…") if self._kind == "line"
                else self.tr("Run {id}: the loss on the plane…")).format(id=self.run_id)

    def start_line(self) -> None:
        from resviz.analysis.landscape_run import line_for_run

        run_id, store_dir, images = self.run_id, self.store_dir, self.images.value()
        self.begin("line", lambda progress, stop: line_for_run(
            run_id, store_dir=store_dir, images=images, progress=progress, should_stop=stop))

    def start_plane(self) -> None:
        from resviz.analysis.landscape_run import landscape_for_run

        run_id, store_dir, grid, images = self.run_id, self.store_dir, self.grid.value(), self.images.value()
        self.begin("plane", lambda progress, stop: landscape_for_run(
            run_id, store_dir=store_dir, grid=grid, images=images, progress=progress, should_stop=stop))

    # --- drawing ---------------------------------------------------------------------------

    def redraw(self) -> None:
        from resviz.analysis import landscape_figure as figures

        self.clear_figure()
        view = self.view.currentIndex()
        if self.run_id is None:
            self.status.setText(self.tr("Open a finished run (Compare runs, double-click) to study it."))
        elif view == LINE and self.line is None and not self.has_initial:
            self.status.setText(self.tr("Run {id} did not keep its initial weights (it was trained before resviz "
                                        "kept them, or imported without them): train it again to see this line.")
                                .format(id=self.run_id))
        elif view == LINE and self.line is None:
            self.status.setText(self.tr("Run {id} has no loss line yet: press 'Compute the line'.").format(
                id=self.run_id))
        elif view != LINE and self.plane is None:
            self.status.setText(self.tr("Run {id} has no loss plane yet: press 'Compute the plane'.").format(
                id=self.run_id))
        elif view == LINE and self.line is not None:
            status = (self.tr("Run {id}: loss on {images} training images along the line.")
                      if self.line.batch_norm == "recalibrated" else
                      self.tr("Run {id}: loss on {images} training images along the line, with batch norm's statistics "
                              "interpolated between the ends (at α = 0 they do not normalise): compute the line again "
                              "to measure them at each α."))
            self.status.setText(status.format(id=self.run_id, images=self.line.images))
            self.show_figure(figures.render_line(
                self.line, self.tr("Loss from the initial to the trained weights, run {id}").format(id=self.run_id)))
        elif self.plane is not None:
            n = len(self.plane.coords)
            self.status.setText(self.tr("Run {id}: loss on {images} training images, {n}×{n} grid, "
                                        "directions seed {seed}.").format(id=self.run_id, images=self.plane.images,
                                                                          n=n, seed=self.plane.seed))
            title = self.tr("Loss landscape of run {id}").format(id=self.run_id)
            render = figures.render_contour if view == CONTOUR else figures.render_surface
            self.show_figure(render(self.plane, title))
