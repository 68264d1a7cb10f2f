"""The Lesion tab: delete each block of the shown run at test time (Veit et al. 2016).

The study runs in a background thread (resviz.analysis, the same function as `resviz lesion`);
the figure is the command's own matplotlib figure, drawn on a Qt canvas (SingleStudyPanel).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QWidget

from resviz.ui.analysis_panel import SingleStudyPanel

if TYPE_CHECKING:  # the module imports torch: the window must not wait for it at launch
    from resviz.analysis.lesion import LesionResult


class LesionPanel(SingleStudyPanel):
    """A button that runs the study on the shown run, its progress, and the figure."""

    def __init__(self, store_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store_dir, parent)
        self.result: LesionResult | None = None
        self.subsets = QCheckBox()
        self.subsets.setChecked(True)
        self.options_widgets.append(self.subsets)
        self.controls.addWidget(self.subsets)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        super().retranslate()
        self.run_button.setText(self.tr("Delete each block"))
        self.subsets.setText(self.tr("Also random sets of blocks"))
        self.explain.setText(self.tr(
            "Each block of the trained network is deleted in turn at test time and the validation accuracy "
            "measured again. A residual block keeps its shortcut (its branch F is removed); a plain block "
            "becomes the identity where its shape allows. In Veit et al. 2016, deleting one block of a trained "
            "ResNet-110 (other than a downsampling one) barely changed its error, while deleting a layer of a "
            "plain VGG net destroyed it."))

    def stored_result(self, run_id: int) -> LesionResult | None:
        from resviz.analysis.lesion_run import load_lesion

        return load_lesion(self.store_dir, run_id)

    def busy_text(self) -> str:
        return self.tr("Deleting the blocks of run {id} one by one…").format(id=self.run_id)

    def start(self) -> None:
        from resviz.analysis.lesion_run import lesion_for_run

        run_id, store_dir, draws = self.run_id, self.store_dir, 5 if self.subsets.isChecked() else 0
        self.begin("lesion", lambda progress, stop: lesion_for_run(
            run_id, store_dir=store_dir, draws=draws, progress=progress, should_stop=stop))

    def redraw(self) -> None:
        self.clear_figure()
        if self.run_id is None:
            self.status.setText(self.tr("Open a finished run (Compare runs, double-click) to study it."))
            return
        if self.result is None:
            self.status.setText(self.tr("Run {id} has no lesion study yet.").format(id=self.run_id))
            return
        from resviz.analysis.lesion_figure import render_lesion

        self.show_figure(render_lesion(self.result, self.tr("Lesion study of run {id}").format(id=self.run_id)))
        self.status.setText(self.tr("Run {id}: {acc} of {images} validation images right with every block "
                                    "in place.").format(id=self.run_id, acc=f"{self.result.base_accuracy:.1%}",
                                                        images=self.result.images))
