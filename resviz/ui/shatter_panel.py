"""The Shattered gradients tab (Balduzzi et al. 2017): the gradient of the shown run's output
with respect to its input along a line between two validation images, and how alike the
gradients of nearby inputs are, at initialisation and trained. In the background, kept with
the run, shown again when it is opened (the function of `resviz shatter`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from resviz.ui.analysis_panel import SingleStudyPanel

# Type names only: the analyses import torch, which the window loads in the background.
if TYPE_CHECKING:
    from resviz.analysis.shatter_run import ShatterResult


class ShatterPanel(SingleStudyPanel):
    def __init__(self, store_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store_dir, parent)
        self.result: ShatterResult | None = None
        self.points_label = QLabel()
        self.points = QSpinBox()
        self.points.setRange(16, 1024)
        self.points.setValue(128)
        self.options_widgets.append(self.points)
        for w in (self.points_label, self.points):
            self.controls.addWidget(w)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        super().retranslate()
        self.run_button.setText(self.tr("Measure the gradients"))
        self.points_label.setText(self.tr("Points on the line"))
        self.explain.setText(self.tr(
            "The inputs lie on a straight line between two validation images. At each, the gradient of the "
            "network's first output with respect to the input; then the mean cosine similarity of the gradients "
            "of inputs k points apart. Balduzzi et al. 2017 found that in deep plain networks this similarity "
            "falls to about 0 at once (the gradient looks like white noise), while with shortcuts it decays "
            "slowly."))

    def stored_result(self, run_id: int) -> ShatterResult | None:
        from resviz.analysis.shatter_run import load_shatter

        return load_shatter(self.store_dir, run_id)

    def busy_text(self) -> str:
        return self.tr("Run {id}: measuring the input gradients…").format(id=self.run_id)

    def start(self) -> None:
        from resviz.analysis.shatter_run import shatter_for_run

        run_id, store_dir, points = self.run_id, self.store_dir, self.points.value()
        self.begin("shatter", lambda progress, stop: shatter_for_run(
            run_id, store_dir=store_dir, points=points, progress=progress, should_stop=stop))

    def redraw(self) -> None:
        from resviz.analysis.shatter_figure import render_shatter

        self.clear_figure()
        r = self.result
        if self.run_id is None:
            self.status.setText(self.tr("Open a finished run (Compare runs, double-click) to study it."))
            return
        if r is None:
            self.status.setText(self.tr("Run {id} has no measurement yet: press 'Measure the gradients'.").format(
                id=self.run_id))
            return
        if r.initial_is_run:
            text = self.tr("Run {id}: similarity of gradients one point apart {trained} trained, {initial} at "
                           "initialisation ({points} points).")
        else:
            text = self.tr("Run {id}: similarity of gradients one point apart {trained} trained, {initial} at a "
                           "fresh initialisation ({points} points; the run did not keep its own initial weights).")
        self.status.setText(text.format(id=self.run_id, trained=f"{r.trained[0]:.2f}", initial=f"{r.initial[0]:.2f}",
                                        points=r.points))
        self.show_figure(render_shatter(r, self.tr("Shattered gradients of run {id}").format(id=self.run_id)))
