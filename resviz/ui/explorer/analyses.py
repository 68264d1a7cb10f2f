"""The explorer's Analyses tab: the selected runs' lesion studies, loss lines, loss planes or
shattered gradients side by side, plain against residual (the engine's compare figures).

Stored results are shown; the runs that lack one can have it computed here, in the
background, with the same settings for all (for planes: the same directions seed, so the
panels are comparable, and one colour scale).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from resviz.presentation.comparison import Shown
from resviz.ui.analysis_panel import AnalysisPanel

KINDS = ("lesion", "line", "plane", "shatter")
_NAMES = (QT_TRANSLATE_NOOP("AnalysesTab", "Lesion study"), QT_TRANSLATE_NOOP("AnalysesTab", "Loss line"),
          QT_TRANSLATE_NOOP("AnalysesTab", "Loss plane"), QT_TRANSLATE_NOOP("AnalysesTab", "Shattered gradients"))
PLANE_SEED = 0
"""Every plane computed here uses this directions seed (as `resviz landscape` does by default)."""


def _loader(kind: str) -> Callable[[str | Path | None, int], Any]:
    from resviz.analysis.landscape_run import load_landscape, load_line
    from resviz.analysis.lesion_run import load_lesion
    from resviz.analysis.shatter_run import load_shatter

    def recalibrated_line(store_dir: str | Path | None, run_id: int) -> Any:
        # A line with interpolated BN statistics (stored before recalibration, or --interpolated-bn)
        # counts as missing: beside recalibrated ones its left end would not be comparable.
        line = load_line(store_dir, run_id)
        return line if line is not None and line.batch_norm == "recalibrated" else None

    return {"lesion": load_lesion, "line": recalibrated_line, "plane": load_landscape, "shatter": load_shatter}[kind]


def _compute(kind: str, run_id: int, store_dir: str | Path | None, progress: Callable[[int, int], None],
             stop: Callable[[], bool]) -> Any:
    from resviz.analysis.landscape_run import landscape_for_run, line_for_run
    from resviz.analysis.lesion_run import lesion_for_run
    from resviz.analysis.shatter_run import shatter_for_run

    if kind == "lesion":
        return lesion_for_run(run_id, store_dir=store_dir, progress=progress, should_stop=stop)
    if kind == "line":
        return line_for_run(run_id, store_dir=store_dir, progress=progress, should_stop=stop)
    if kind == "plane":
        return landscape_for_run(run_id, store_dir=store_dir, seed=PLANE_SEED, progress=progress, should_stop=stop)
    return shatter_for_run(run_id, store_dir=store_dir, progress=progress, should_stop=stop)


class AnalysesTab(AnalysisPanel):
    def __init__(self, store_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store_dir, parent)
        self.shown: list[Shown] = []
        self.results: dict[int, Any] = {}
        self._failures: list[str] = []
        self._key: list[tuple[int, str, str]] = []
        self._stale = False
        self.kind = QComboBox()
        self.kind.addItems([""] * len(KINDS))
        self.compute_button = QPushButton()
        self.controls.addWidget(self.kind)
        self.controls.addWidget(self.compute_button)
        self.kind.currentIndexChanged.connect(lambda _i: self._reload())
        self.compute_button.clicked.connect(self.compute_missing)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        super().retranslate()
        for i, name in enumerate(_NAMES):
            self.kind.setItemText(i, QCoreApplication.translate("AnalysesTab", name))
        self.explain.setText(self.tr(
            "The selected runs side by side. Loss planes share one colour scale and one directions seed; "
            "lines and gradient similarities are overlaid in the runs' colours."))

    def current_kind(self) -> str:
        return KINDS[self.kind.currentIndex()]

    def set_runs(self, shown: list[Shown]) -> None:
        """The explorer's selection changed (or a compared run did): drawn when the tab is seen."""
        key = [(s.info.id, s.info.name, s.color) for s in shown]
        if key == self._key:
            return  # the explorer's refresh every 2 s hands the same runs again
        self._key = key
        self.shown = shown
        self.run_id = shown[0].info.id if shown else None
        self._stale = True
        if self.isVisible():
            self._reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._reload()

    def _reload(self) -> None:
        if self.task is not None:
            return
        self._stale = False
        load = _loader(self.current_kind())
        self.results = {s.info.id: r for s in self.shown if (r := load(self.store_dir, s.info.id)) is not None}
        self.refresh()

    def missing(self) -> list[int]:
        return [s.info.id for s in self.shown if s.info.id not in self.results]

    def set_busy(self, busy: bool) -> None:
        self.kind.setEnabled(not busy)
        self.compute_button.setEnabled(not busy and bool(self.missing()))
        n = len(self.missing())
        self.compute_button.setText(self.tr("Compute for {n} runs without it").format(n=n) if n or not self.shown
                                    else self.tr("Every selected run has it"))

    def busy_text(self) -> str:
        return self.tr("Computing for {n} runs, one after the other…").format(n=len(self.missing()))

    def compute_missing(self) -> None:
        kind, ids, store_dir = self.current_kind(), self.missing(), self.store_dir

        def job(progress: Callable[[int, int], None], stop: Callable[[], bool]) -> list[str]:
            failures = []
            for n, run_id in enumerate(ids):
                def each(done: int, total: int, n: int = n) -> None:
                    progress(int(1000 * (n + done / max(1, total)) / len(ids)), 1000)
                try:
                    _compute(kind, run_id, store_dir, each, stop)
                except Exception as exc:  # one run's refusal (no initial weights…) must not stop the others
                    if stop():
                        raise
                    failures.append(f"#{run_id}: {str(exc).splitlines()[0]}")
            return failures

        self.begin(kind, job)

    def accept(self, kind: str, result: Any) -> None:
        self._failures = result

    def _done(self) -> None:
        failures, self._failures = self._failures, []
        super()._done()
        self._reload()
        if failures:
            self.status.setText(self.status.text() + "\n" + "\n".join(failures))

    def redraw(self) -> None:
        from resviz.analysis.compare_figure import RENDERERS, Item

        self.clear_figure()
        if not self.shown:
            self.status.setText(self.tr("Select runs in the table to compare their analyses."))
            return
        items = [Item(f"#{s.info.id} {s.info.name}", s.color, self.results[s.info.id])
                 for s in self.shown if s.info.id in self.results]
        lacking = ", ".join(f"#{i}" for i in self.missing())
        if not items:
            self.status.setText(self.tr("None of the selected runs has one yet: press the button to compute it, or "
                                        "use the run's own tab."))
            return
        self.status.setText(self.tr("Not computed yet for {runs}.").format(runs=lacking) if lacking else "")
        self.show_figure(RENDERERS[self.current_kind()](items))
