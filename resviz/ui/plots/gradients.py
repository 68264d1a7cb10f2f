"""Per-layer gradient magnitudes ‖∂L/∂W‖: a layer × step heatmap on a log colour scale,
and the latest per-layer profile beside it on the same layer axis.

Layers run top to bottom in forward order (input at the top, as in the diagram). A profile
that shrinks toward the input (a deep plain net without batch norm) shows as a dark band at
the top of the heatmap; one that grows toward the input (plain-56 with batch norm at
initialisation) as a bright one. The read-out names which it sees, from the numbers. The image
is updated only when new probe rows arrived, and only the new rows are pushed through log10.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QCheckBox, QWidget

from resviz.presentation.run_data import Matrix, RunData
from resviz.presentation.scales import decade_levels
from resviz.train.gradient_profile import FACTOR, GROWING, SHRINKING, depth_profile
from resviz.ui.diagram.colormap import lookup_table
from resviz.ui.plots import export, style
from resviz.ui.plots.base import PlotPanel, nearest_index, swatch
from resviz.ui.plots.items import DecadeAxis, NamedAxis

SNAPSHOTS = 3  # earlier profiles drawn faded behind the latest one
DEFAULT_LEVELS = (-4.0, 0.0)  # colour range (log10) before any data


class GradientPanel(PlotPanel):
    """Heatmap of log10 ‖∂L/∂W‖ per layer and step, colour bar, latest profile.

    One run over its whole training. The explorer's GradientsTab compares runs at one chosen
    step (profiles on one axis, each run's diagram), which a heatmap of one run cannot show."""

    export_name = "gradients"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dirty_profile = False  # a control changed how the profile is drawn
        self._log: np.ndarray | None = None  # log10 rows, grown like the RunData buffers
        self._rows = 0
        self._levels: tuple[float, float] | None = None

        self.show_snapshots = QCheckBox()
        self.show_snapshots.setChecked(True)
        self.controls.addWidget(self.show_snapshots)
        self.controls.addStretch(1)
        self.controls.addWidget(self.export_button)

        self.layer_axis = NamedAxis("left")
        self.heatmap = pg.PlotItem(axisItems={"left": self.layer_axis})
        self.profile = pg.PlotItem(axisItems={"bottom": DecadeAxis("bottom")})
        self.view.ci.addItem(self.heatmap, row=0, col=0)
        self.view.ci.addItem(self.profile, row=0, col=1)
        for plot in (self.heatmap, self.profile):
            style.style_plot(plot, grid=False)
            plot.invertY(True)
        self.heatmap.getViewBox().setDefaultPadding(0.0)
        self.profile.setYLink(self.heatmap)
        self.profile.hideAxis("left")
        self.profile.setLogMode(True, False)
        self.profile.enableAutoRange(x=False)  # x follows the colour bar's decades instead
        style.show_grid(self.profile, y=False)
        style.style_axis(self.profile.getAxis("bottom"), "‖∂L/∂W‖")
        grid = self.view.ci.layout
        grid.setColumnStretchFactor(0, 7)
        grid.setColumnStretchFactor(1, 3)

        self.image = pg.ImageItem(axisOrder="col-major")  # image[step, layer]
        self.image.setAutoDownsample(True)
        self.heatmap.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=DEFAULT_LEVELS, colorMap=style.COLORMAP, interactive=False,
                                        width=14, colorMapMenu=False)
        self.colorbar.setImageItem(self.image)
        # Inside the profile's own grid, right of its view box, so the bar spans exactly the
        # rows of the heatmap (both plots have a title and a bottom axis).
        self.profile.layout.addItem(self.colorbar, 2, 5)
        self.profile.layout.setColumnFixedWidth(4, 10)
        for side in ("left", "right"):
            style.style_axis(self.colorbar.getAxis(side))
        self.colorbar.getAxis("left").setWidth(18)  # only the label; ticks live on the right

        self.snapshots = [self.profile.plot(pen=style.pen(style.SNAPSHOT, 1.2, 70 + 50 * i))
                          for i in range(SNAPSHOTS)]
        self.latest = self.profile.plot(pen=style.pen(style.INK, 1.4), symbol="o", symbolSize=6,
                                        symbolPen=style.pen(style.INK, 0.8))
        dash = style.pen(style.BACKGROUND, 1.0, 200)
        dash.setStyle(Qt.PenStyle.DashLine)
        self.cursor_step = pg.InfiniteLine(angle=90, movable=False, pen=dash)
        self.cursor_layer = [pg.InfiniteLine(angle=0, movable=False, pen=dash),
                             pg.InfiniteLine(angle=0, movable=False, pen=style.pen(style.MUTED, 1.0, 160))]
        self.heatmap.addItem(self.cursor_step, ignoreBounds=True)
        self.heatmap.addItem(self.cursor_layer[0], ignoreBounds=True)
        self.profile.addItem(self.cursor_layer[1], ignoreBounds=True)
        self._stage_lines: list[pg.InfiniteLine] = []
        self._unhover()

        self.add_hint(self.heatmap, "")
        self.add_hint(self.profile, "")
        self.track_hover(self.heatmap, self.profile)
        self.show_snapshots.toggled.connect(lambda _on: self._invalidate())
        self._reset()
        self._update_hints()
        self.retranslate()

    def _retranslate(self) -> None:
        self.show_snapshots.setText(self.tr("Earlier profiles"))
        self.show_snapshots.setToolTip(self.tr("Draw a few earlier per-layer profiles, faded, to see them change"))
        style.style_axis(self.layer_axis, self.tr("layer  (input → output)"))
        style.style_axis(self.heatmap.getAxis("bottom"), self.tr("step"))
        style.title(self.heatmap, self.tr("‖∂L/∂W‖ per layer"))
        style.title(self.profile, self.tr("latest") + f" <span style='color:{style.SNAPSHOT}'>· "
                    + self.tr("earlier") + "</span>")
        self.heatmap.setToolTip(self.tr("Gradient magnitude of every layer over training (log colour)"))
        self.profile.setToolTip(self.tr("The latest gradient magnitude of every layer; faded lines are earlier steps"))
        style.style_axis(self.colorbar.getAxis("left"), self.tr("‖∂L/∂W‖  (log scale)"))
        self._hints[self.heatmap.getViewBox()].set_text(
            self.tr("Per-layer gradients appear after the first probe. Press <b>Train</b>."))
        self._hints[self.profile.getViewBox()].set_text(self.tr("Latest profile"), self.tr("input at the top"))

    # --- drawing --------------------------------------------------------------------------

    def _matrix(self) -> Matrix | None:
        h = self.history
        return h.vectors.get("grad_norm") if h is not None else None

    def _reset(self) -> None:
        self._log, self._rows, self._levels = None, 0, None
        self.image.clear()
        for curve in (*self.snapshots, self.latest):
            curve.setData([], [])
        for line in self._stage_lines:
            self.heatmap.removeItem(line)
        self._stage_lines = []
        h = self.history
        names = h.layer_names if h is not None else []
        self.layer_axis.set_names([style.short_layer_name(n) for n in names], style.layer_groups(names))
        # Until the first probe, show the whole run's span rather than pyqtgraph's ±0.5.
        self.heatmap.setXRange(0, h.total_steps if h is not None and h.total_steps > 0 else 100, padding=0)
        self._set_levels(DEFAULT_LEVELS)
        if names:
            self.heatmap.setYRange(-0.5, len(names) - 0.5, padding=0)
            self._draw_stage_lines(names)

    def _draw_stage_lines(self, names: list[str]) -> None:
        """Thin separators between stages help find one's way in 100+ rows."""
        stages = [n.split(".")[0] for n in names]
        pen = style.pen(style.BACKGROUND, 1.0, 110)
        for i in range(1, len(stages)):
            if stages[i] != stages[i - 1]:
                line = pg.InfiniteLine(pos=i - 0.5, angle=0, movable=False, pen=pen)
                self.heatmap.addItem(line, ignoreBounds=True)
                self._stage_lines.append(line)

    def _redraw(self, history: RunData) -> None:
        m = self._matrix()
        n = m.n if m is not None else 0
        if m is not None and n != self._rows:
            self._append_rows(m)
            self._draw_image(m)
            self._draw_profile(m)
        elif m is not None and self._dirty_profile:
            self._draw_profile(m)
        self._dirty_profile = False

    def _invalidate(self) -> None:
        self._dirty_profile = True
        super()._invalidate()

    def _append_rows(self, m: Matrix) -> None:
        n, width = m.n, m.values.shape[1]
        if self._log is None or self._log.shape[1] != width or n < self._rows:
            self._log, self._rows = np.empty((max(n, 64), width), dtype=np.float32), 0
        if n > len(self._log):
            grown = np.empty((max(n, 2 * len(self._log)), width), dtype=np.float32)
            grown[: self._rows] = self._log[: self._rows]
            self._log = grown
        new = style.safe_log10(m.values[self._rows:n])
        self._log[self._rows:n] = new
        self._rows = n
        snapped = decade_levels(new)
        if snapped is not None:
            lo, hi = self._levels or snapped
            self._levels = (min(lo, snapped[0]), max(hi, snapped[1]))

    def _draw_image(self, m: Matrix) -> None:
        assert self._log is not None
        levels = self._levels or DEFAULT_LEVELS
        first = self.image.image is None
        self.image.setImage(self._log[: self._rows], autoLevels=False, levels=levels)
        steps = m.steps
        dx = float(np.median(np.diff(steps))) if len(steps) > 1 else 1.0
        # Probes are evenly spaced (every probe_every steps), so columns map to a rectangle.
        self.image.setRect(QRectF(steps[0] - dx / 2, -0.5, float(steps[-1] - steps[0]) + dx, m.values.shape[1]))
        if first:
            self.heatmap.enableAutoRange(x=True)
        self._set_levels(levels)

    def colour_range(self) -> tuple[float, float]:
        """The heatmap's colour range as gradient magnitudes: the diagram colours on the same."""
        lo, hi = self._levels or DEFAULT_LEVELS
        return 10.0**lo, 10.0**hi

    def _set_levels(self, levels: tuple[float, float]) -> None:
        self.colorbar.setLevels(levels, update_items=False)  # setImage got them already
        # The profile's x axis spans the same decades, so position and colour agree.
        self.profile.setXRange(*levels, padding=style.EDGE_PAD)
        lo, hi = int(levels[0]), int(levels[1])
        every = max(1, math.ceil((hi - lo) / 6))
        self.colorbar.axis.setTicks([[(float(e), style.decade_label(e)) for e in range(lo, hi + 1, every)]])

    def _draw_profile(self, m: Matrix) -> None:
        assert self._log is not None
        n = self._rows
        layers = np.arange(m.values.shape[1], dtype=np.float64)
        latest = m.values[n - 1].astype(np.float64)
        size = 6 if len(layers) <= 60 else 4  # 110+ layers: smaller markers stay apart
        self.latest.setData(latest, layers, symbolBrush=self._brushes(self._log[n - 1]), symbolSize=size)
        picks = [round(k * (n - 1) / SNAPSHOTS) for k in range(SNAPSHOTS)] if n > SNAPSHOTS else []
        show = self.show_snapshots.isChecked()
        for curve, row in zip(self.snapshots, picks or [None] * SNAPSHOTS, strict=True):
            if row is None or not show:
                curve.setData([], [])
            else:
                curve.setData(m.values[row].astype(np.float64), layers)

    def _brushes(self, log_row: np.ndarray) -> list:
        """Markers take the heatmap's colour for their value, tying the two views together."""
        lo, hi = self._levels or DEFAULT_LEVELS
        t = np.clip((np.nan_to_num(log_row, nan=lo) - lo) / (hi - lo), 0.0, 1.0)
        lut = lookup_table(style.COLORMAP)  # the diagram's table: one colour for one value everywhere
        idx = np.round(t * (len(lut) - 1)).astype(int)
        return [pg.mkBrush(lut[i]) for i in idx]

    def _has_data(self, view: pg.ViewBox) -> bool:
        return self._rows > 0

    # --- read-out -------------------------------------------------------------------------

    def _hover(self, plot: pg.PlotItem, x: float, y: float) -> str:
        m, h = self._matrix(), self.history
        if m is None or h is None or not m.n:
            return ""
        layer = int(round(y))
        if not 0 <= layer < m.values.shape[1]:
            self._unhover()
            return ""
        row = nearest_index(m.steps, x) if plot is self.heatmap else m.n - 1
        assert row is not None
        value = float(m.values[row, layer])
        for line in self.cursor_layer:
            line.setValue(layer)
            line.show()
        self.cursor_step.setValue(float(m.steps[row]))
        self.cursor_step.setVisible(plot is self.heatmap)
        largest = float(np.nanmax(m.values[row])) if np.isfinite(m.values[row]).any() else math.nan
        rel = (" · " + self.tr("{ratio}× the largest layer").format(ratio=f"{value / largest:.2g}")
               if largest > 0 and math.isfinite(value) else "")
        where = (self.tr("latest step {step}") if plot is self.profile else self.tr("step {step}")).format(
            step=f"{int(m.steps[row]):,}")
        return (f"<b style='color:{style.INK}'>{where}</b> &nbsp;│&nbsp; "
                f"{swatch(style.INK, h.layer_names[layer])} "
                + self.tr("(#{index} of {count})").format(index=layer + 1, count=m.values.shape[1])
                + f" &nbsp;│&nbsp; ‖∂L/∂W‖ {style.fmt(value)}{rel}")

    def _unhover(self) -> None:
        self.cursor_step.hide()
        for line in self.cursor_layer:
            line.hide()

    def _summary(self) -> str:
        m = self._matrix()
        if m is None or not m.n:
            return self.tr("Hover the heatmap to read a layer's gradient")
        return self.describe_profile(int(m.steps[-1]), m.last())

    def describe_profile(self, step: int, row: np.ndarray | None) -> str:
        """Rich text naming what the profile shows, from its numbers, in either direction."""
        head = f"<b style='color:{style.INK}'>" + self.tr("latest step {step}").format(step=f"{step:,}") + "</b>"
        p = depth_profile(row)
        if p is None:
            return head
        first, last = style.fmt(p.first), style.fmt(p.last)
        if p.trend == GROWING:
            text = self.tr("the gradient <b>grows toward the input</b>: median ‖∂L/∂W‖ of the first quarter "
                           "of layers {first}, of the last quarter {last}, {ratio}× as large")
        elif p.trend == SHRINKING:
            text = self.tr("the gradient <b>shrinks toward the input</b> (vanishing gradient): median ‖∂L/∂W‖ "
                           "of the first quarter of layers {first}, of the last quarter {last}, 1/{inverse} as large")
        else:
            text = self.tr("the gradient shows <b>no clear trend across depth</b> (within {factor}× either way): "
                           "median ‖∂L/∂W‖ of the first quarter of layers {first}, of the last quarter {last}, "
                           "{ratio}× as large")
        body = text.format(first=first, last=last, ratio=style.fmt(p.ratio), inverse=style.fmt(1 / p.ratio),
                           factor=style.fmt(FACTOR))
        return f"{head} &nbsp;│&nbsp; {body}"

    # --- export ---------------------------------------------------------------------------

    def csv_columns(self) -> dict[str, export.Column]:
        """One row per probed step: the step, then ‖∂L/∂W‖ of every layer by full name."""
        m, h = self._matrix(), self.history
        names = h.layer_names if h is not None else []
        if m is None:
            return {"step": [], **{name: [] for name in names}}
        cols: dict[str, export.Column] = {"step": m.steps}
        for j, name in enumerate(names):
            cols[name] = m.values[:, j]
        return cols

