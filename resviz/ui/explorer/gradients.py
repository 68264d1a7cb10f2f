"""The "Gradients" tab: per-layer gradient profiles on one log axis, and each run's diagram
coloured by its block gradients, all at one step chosen with a shared slider.

Each run shows the probe at the nearest step ≤ the chosen one (runs are probed at their own
intervals). Vectors are read only while the tab is visible: most users never open it.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from resviz.arch.spec import from_dict
from resviz.errors import ResvizError, SpecError
from resviz.presentation.comparison import Shown, profile_at
from resviz.presentation.run_store import RunCache
from resviz.presentation.scales import decade_range
from resviz.ui.diagram import DiagramView
from resviz.ui.explorer.plotstyle import (
    MUTED,
    SELECT_TEXT,
    empty_label,
    key_html,
    key_row,
    new_plot,
    run_pen,
    set_labels,
    set_title,
    style_plot,
    tr,
)
from resviz.ui.plots.style import plot_canvas

NO_GRADIENTS = QT_TRANSLATE_NOOP("Explorer", "These runs recorded no per-layer gradients")
DIAGRAM_WIDTH = 250


class RunDiagram(QFrame):
    """A run's diagram with a caption: colour, name, and the step its colours come from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setWordWrap(True)
        self.view = DiagramView(self)
        self.view.setMinimumSize(180, 200)
        self.spec: dict[str, object] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        self.setFixedWidth(DIAGRAM_WIDTH)

    def set_caption(self, color: str, name: str, note: str) -> None:
        self.caption.setText(f"<span style='color:{color}; font-size:15px'>■</span> <b>{name}</b>"
                             f"<br><span style='color:{MUTED}'>{note}</span>")


class GradientsTab(QWidget):
    """Every selected run's per-layer profile and diagram at one step chosen with a slider.

    Not the live GradientPanel (one run's layers × steps heatmap): runs of different depths
    line up here on a relative-depth axis, which a per-run heatmap cannot do."""

    def __init__(self, cache: RunCache | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.shown: list[Shown] = []
        self.lines: dict[int, pg.PlotDataItem] = {}
        self.diagrams: dict[int, RunDiagram] = {}
        self._stale = True
        self._at_end = True  # the slider follows the newest step until the user moves it

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.step_label = QLabel()
        self.step_label.setMinimumWidth(90)
        self.x_mode = QComboBox()
        self.x_mode.addItem("", "relative")
        self.x_mode.addItem("", "index")
        self._step_caption, self._x_caption = QLabel(), QLabel()
        controls = QHBoxLayout()
        controls.setContentsMargins(6, 4, 6, 0)
        controls.addWidget(self._step_caption)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.step_label)
        controls.addSpacing(12)
        controls.addWidget(self._x_caption)
        controls.addWidget(self.x_mode)
        self.shared_range = QCheckBox()
        self.shared_range.setChecked(True)
        self.shared_range.toggled.connect(lambda _on: self._draw_step())
        controls.addWidget(self.shared_range)

        self.plot_view = plot_canvas()
        self.plot = new_plot(self.plot_view.ci)
        style_plot(self.plot)
        self.plot.setLogMode(y=True)
        # The key sits under the plot: inside, it covered plain-56's tail.
        self.key = key_row(self.plot_view.ci, 1, 1)

        self.row = QWidget()
        self.row_layout = QHBoxLayout(self.row)
        self.row_layout.setContentsMargins(4, 4, 4, 4)
        self.row_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(self.row)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.plot_view)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 2 * DIAGRAM_WIDTH + 30])
        scroll.setMinimumWidth(DIAGRAM_WIDTH + 20)

        self.empty = empty_label(tr(SELECT_TEXT))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(controls)
        outer.addWidget(self.stack, 1)

        self.slider.valueChanged.connect(self._slider_moved)
        self.x_mode.currentIndexChanged.connect(self.redraw)
        self.retranslate()

    # --- content ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.slider.setToolTip(self.tr("Each run shows its probe at the nearest step at or before this one"))
        self.x_mode.setItemText(0, self.tr("Relative depth"))
        self.x_mode.setItemText(1, self.tr("Layer index"))
        self.x_mode.setToolTip(self.tr("Relative depth lines up networks of different depths (0 = input)"))
        self._step_caption.setText(self.tr("Step"))
        self._x_caption.setText(self.tr("x axis"))
        self.shared_range.setText(self.tr("One colour range"))
        self.shared_range.setToolTip(self.tr(
            "Colour every run's diagram on one gradient range, so the pictures compare; "
            "off: each run on its own range"))
        set_title(self.plot, self.tr("Per-layer gradient ‖∂L/∂W‖"))
        self.empty.setText(tr(SELECT_TEXT) if not self.shown else tr(NO_GRADIENTS))
        if self.shown:
            self.set_runs(self.shown)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_runs(self, shown: list[Shown]) -> None:
        self.shown = shown
        self._stale = True
        if self.isVisible():
            self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.redraw()

    def step(self) -> int:
        return self.slider.value()

    def set_step(self, step: int) -> None:
        self.slider.setValue(step)

    def _slider_moved(self, value: int) -> None:
        self._at_end = value >= self.slider.maximum()
        self._draw_step()

    def redraw(self) -> None:
        """Reread the runs' vectors (cached), reset the slider's range, and draw."""
        self._stale = False
        if self.cache is None:
            self.shown = []
        ids = {s.info.id for s in self.shown}
        for run_id in [i for i in self.lines if i not in ids]:
            self.plot.removeItem(self.lines.pop(run_id))
        for run_id in [i for i in self.diagrams if i not in ids]:
            self.diagrams.pop(run_id).deleteLater()
        last, has_any = 0, False
        for entry in self.shown:
            steps, _ = self._vectors(entry.info.id, "grad_norm")
            if len(steps):
                last, has_any = max(last, int(steps[-1])), True
        self.empty.setText(tr(SELECT_TEXT) if not self.shown else tr(NO_GRADIENTS))
        self.stack.setCurrentIndex(1 if self.shown and has_any else 0)
        self.slider.blockSignals(True)
        self.slider.setRange(0, last)
        self.slider.setSingleStep(max(1, last // 200))
        self.slider.setPageStep(max(1, last // 10))
        if self._at_end:
            self.slider.setValue(last)
        self.slider.blockSignals(False)
        self._ensure_diagrams()
        self._draw_step()

    def _vectors(self, run_id: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, matrix) of a kind; empty if the store has none or lost the run meanwhile."""
        if self.cache is not None:
            try:
                return self.cache.vectors(run_id, kind)
            except ResvizError:
                pass
        return np.empty(0, np.int64), np.empty((0, 0), np.float32)

    def _ensure_diagrams(self) -> None:
        for i, entry in enumerate(self.shown):
            run_id = entry.info.id
            box = self.diagrams.get(run_id)
            if box is None:
                box = self.diagrams[run_id] = RunDiagram(self.row)
            self.row_layout.removeWidget(box)
            self.row_layout.insertWidget(i, box)
            if box.spec != entry.info.spec:  # a refresh hands new but equal dicts: no redraw
                try:
                    box.view.set_spec(from_dict(entry.info.spec))
                    # Folded stages show every block's colour as a strip, so a whole ResNet-56
                    # fits a narrow column; a click on a stage unfolds it.
                    box.view.collapse_all()
                except SpecError:
                    box.view.clear_measurements()
                box.spec = entry.info.spec

    def _draw_step(self) -> None:
        step = self.slider.value()
        self.step_label.setText(self.tr("step {step}").format(step=f"{step:,}"))
        mode = self.x_mode.currentData()
        set_labels(self.plot, self.tr("relative depth (0 = input)") if mode == "relative" else self.tr("layer index"),
                   "‖∂L/∂W‖")
        self.key.setText(key_html([(e.color, e.residual, e.info.name) for e in self.shown]))
        shared = self._shared_range(step) if self.shared_range.isChecked() else None
        for box in self.diagrams.values():
            box.view.set_colour_range(shared)
        for entry in self.shown:
            run_id = entry.info.id
            line = self.lines.get(run_id)
            if line is None:
                line = self.lines[run_id] = pg.PlotDataItem()
                self.plot.addItem(line)
            steps, matrix = self._vectors(run_id, "grad_norm")
            row = profile_at(steps, matrix, step)
            pen = run_pen(entry.color, entry.residual, width=2.0)
            if row is None:
                line.setData([], [])
            else:
                y = np.where(row[1] > 0, row[1], np.nan).astype(np.float64)
                n = len(y)
                x = np.linspace(0.0, 1.0, n) if mode == "relative" and n > 1 else np.arange(n, dtype=float)
                line.setData(x, y, pen=pen, symbol="o", symbolSize=4, symbolPen=None,
                             symbolBrush=pg.mkBrush(entry.color), connect="finite")
            self._color_diagram(entry, step, row[0] if row else None)
        self.plot.enableAutoRange()

    def _color_diagram(self, entry: Shown, step: int, probed: int | None) -> None:
        box = self.diagrams[entry.info.id]
        run_id = entry.info.id
        steps, matrix = self._vectors(run_id, "block_grad")
        names = self.cache.layer_names(run_id, "block_grad") if self.cache else []
        row = profile_at(steps, matrix, step)
        if row is None or len(names) != len(row[1]):
            box.view.clear_measurements()
            box.set_caption(entry.color, entry.info.name, self.tr("no probe by this step"))
            return
        box.view.set_gradients({n: float(v) for n, v in zip(names, row[1], strict=True)})
        shares = self._shares(run_id, row[0], names)
        box.view.set_shortcut_shares(shares)
        kind = self.tr("residual") if entry.residual else self.tr("plain")
        box.set_caption(entry.color, entry.info.name, kind + " · " + self.tr("step {step}").format(step=f"{row[0]:,}"))

    def _shared_range(self, step: int) -> tuple[float, float] | None:
        """Whole decades spanning every shown run's block gradients at this step."""
        values: list[float] = []
        for entry in self.shown:
            row = profile_at(*self._vectors(entry.info.id, "block_grad"), step)
            if row is not None:
                values += [float(v) for v in row[1] if math.isfinite(v) and v > 0]
        return decade_range(values)

    def _shares(self, run_id: int, step: int, names: list[str]) -> dict[str, float]:
        """Additive share ⟨g_s, g⟩/‖g‖² of each block's input gradient through its shortcut, as the
        live view draws it; {} for a run recorded before it was measured (its norms do not give it)."""
        steps, shares = self._vectors(run_id, "shortcut_share")
        row = profile_at(steps, shares, step)
        if row is None or row[0] != step or len(row[1]) != len(names):
            return {}
        return {name: float(v) for name, v in zip(names, row[1], strict=True) if math.isfinite(float(v))}
