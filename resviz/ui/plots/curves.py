"""Loss, accuracy and learning rate against step (or epoch): train and validation.

Each curve is created once and fed with ``setData`` only when its series grew, clipped to
the view and peak-downsampled, so a 30 Hz refresh stays cheap at 10,000+ steps. Train
curves are EMA-smoothed like TensorBoard, with the raw curve faint behind.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSlider, QWidget

from resviz.presentation.run_data import RunData
from resviz.presentation.smoothing import EmaCache
from resviz.ui import theme
from resviz.ui.plots import export, style
from resviz.ui.plots.base import PlotPanel, nearest_index, swatch
from resviz.ui.plots.chance import ReferenceLines
from resviz.ui.plots.items import DecadeAxis

SMOOTHED = ("train/loss", "train/acc")
PERCENT = {"train/acc", "val/acc"}  # stored as fractions, shown as %
RAW_TINT = 0.72  # how far the raw curve's colour is mixed toward white
X_PAD = 0.015  # fraction of the x range left free at each end


class CurvesPanel(PlotPanel):
    """Training curves: loss (train + val), accuracy (train + val), learning rate.

    One run in detail, redrawn at 30 Hz while it trains, with the chance line and a read-out.
    The explorer's CurvesTab compares many finished runs instead (a colour per run, plain ones
    dashed, loss or error, wall-time axis), so each keeps its widget; both read RunData through
    the same smoothing."""

    export_name = "curves"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._emas = {key: EmaCache() for key in SMOOTHED}
        self._drawn: dict[str, int] = {}  # points each curve was last given
        self._drawn_settings: tuple[float, bool] | None = None
        self._autorange_pending = True  # give the view back to auto-range when data arrives

        self.log_y = QCheckBox()
        self.smoothing = QSlider(Qt.Orientation.Horizontal)
        self.smoothing.setRange(0, 99)
        self.smoothing.setValue(80)  # log points are dense (every few steps): smoother than TB's 0.6
        self.smoothing.setFixedWidth(120)
        self.smoothing_value = QLabel()
        self.smoothing_value.setMinimumWidth(28)
        self.x_axis = QComboBox()
        self.x_axis.addItems(["", ""])
        self._smoothing_label = QLabel()
        self._x_label = QLabel()
        for w in (self.log_y, self._smoothing_label, self.smoothing, self.smoothing_value, self._x_label, self.x_axis):
            self.controls.addWidget(w)
        self.controls.addStretch(1)
        self.controls.addWidget(self.export_button)

        # The key is a label row, not a pyqtgraph LegendItem: that one ignores transformations,
        # so it would stay small in a 2× PNG export while everything else scales.
        self.legend = self.view.addLabel("", row=0, col=0, justify="right", size=f"{theme.KEY_PX}px",
                                         color=style.INK)
        self.loss_plot = self.view.addPlot(row=1, col=0)
        self.acc_plot = self.view.addPlot(row=2, col=0)
        self.lr_plot = self.view.addPlot(row=3, col=0, axisItems={"left": DecadeAxis("left", plain=True)})
        self.plots = (self.loss_plot, self.acc_plot, self.lr_plot)
        grid = self.view.ci.layout
        for row, stretch in enumerate((0, 5, 3, 2)):
            grid.setRowStretchFactor(row, stretch)
        for plot in self.plots:
            style.style_plot(plot)
            plot.getAxis("left").setWidth(style.AXIS_WIDTH)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            if plot is not self.loss_plot:
                plot.setXLink(self.loss_plot)
            if plot is not self.lr_plot:
                plot.getAxis("bottom").setStyle(showValues=False)
        # Schedules act by factors (×0.1 steps, warm-up, cosine), which a log axis shows evenly.
        self.lr_plot.setLogMode(False, True)

        self.loss_ref = ReferenceLines(self.loss_plot)
        self.acc_ref = ReferenceLines(self.acc_plot)
        self.curves: dict[str, pg.PlotDataItem] = {}
        for key, plot in (("train/loss", self.loss_plot), ("train/acc", self.acc_plot)):
            # An opaque light tint, not transparency: thousands of overlapping segments would
            # add up to a solid band and hide the smoothed line.
            self.curves[key + ":raw"] = plot.plot(pen=style.pen(style.tint(style.TRAIN, RAW_TINT), 1.0))
            self.curves[key] = plot.plot(pen=style.pen(style.TRAIN, 2.0))
        for key, plot in (("val/loss", self.loss_plot), ("val/acc", self.acc_plot)):
            self.curves[key] = plot.plot(
                pen=style.pen(style.VAL, 2.0), symbol="o", symbolSize=6, symbolPen=style.pen(style.VAL, 1),
                symbolBrush=style.color(style.BACKGROUND))
        self.curves["lr"] = self.lr_plot.plot(pen=style.pen(style.LR, 2.0))
        for key, curve in self.curves.items():
            # ≤ 2 samples per pixel (pyqtgraph draws 5): measured 2-3× cheaper refresh + paint
            # at 10,000 steps, no visible change. Smoothed lines need no peak envelope.
            curve.opts["autoDownsampleFactor"] = 2.0
            if key in SMOOTHED:
                curve.setDownsampling(auto=True, method="mean")

        dash = style.pen(style.INK, 1.0, 150)
        dash.setStyle(Qt.PenStyle.DashLine)
        self.cursor_lines = [pg.InfiniteLine(angle=90, movable=False, pen=dash) for _ in self.plots]
        for plot, line in zip(self.plots, self.cursor_lines, strict=True):
            plot.addItem(line, ignoreBounds=True)
            line.hide()

        for plot in self.plots:
            self.add_hint(plot, "")
        self.track_hover(*self.plots)

        self.log_y.toggled.connect(self.set_log_y)
        self.smoothing.valueChanged.connect(self._smoothing_changed)
        self.x_axis.currentIndexChanged.connect(lambda _i: self._invalidate())
        self._smoothing_changed(self.smoothing.value())
        self._reset()
        self._update_hints()
        self.retranslate()

    def _retranslate(self) -> None:
        self.smoothing_value.setToolTip(self.tr(
            "The average never spans more than a tenth of the run's points, so it cannot invent a "
            "trend: a short run is smoothed less, one of 10 points or fewer is drawn raw"))
        for ref in (self.loss_ref, self.acc_ref):
            ref.retranslate()
        self.log_y.setText(self.tr("Log y"))
        self.log_y.setToolTip(self.tr("Logarithmic loss axis"))
        self._smoothing_label.setText(self.tr("Smoothing"))
        self.smoothing.setToolTip(self.tr(
            "Exponential moving average of the train curves, as in TensorBoard (0 = raw, 0.99 = very smooth)"))
        self._x_label.setText(self.tr("x:"))
        self.x_axis.setItemText(0, self.tr("step"))
        self.x_axis.setItemText(1, self.tr("epoch"))
        self.x_axis.setToolTip(self.tr("Horizontal axis: optimizer steps or epochs"))
        self.legend.setText(self._key_html(), justify="right", size=f"{theme.KEY_PX}px", color=style.INK)
        for plot, label, tip in (
            (self.loss_plot, self.tr("loss"), self.tr("Cross-entropy loss on training batches and the validation set")),
            (self.acc_plot, self.tr("accuracy (%)"), self.tr("Classification accuracy")),
            (self.lr_plot, self.tr("lr"), self.tr("Learning-rate schedule (log scale)")),
        ):
            style.style_axis(plot.getAxis("left"), label)
            plot.setToolTip(tip)
        style.style_axis(self.lr_plot.getAxis("bottom"), self.tr("epoch") if self.x_is_epoch else self.tr("step"))
        hints = self._hints
        hints[self.loss_plot.getViewBox()].set_text(self.tr("Press <b>Train</b> to see the loss curves"))
        hints[self.acc_plot.getViewBox()].set_text(self.tr("Accuracy appears here while the network trains"))
        hints[self.lr_plot.getViewBox()].set_text(self.tr("Learning-rate schedule"))

    def _key_html(self) -> str:
        def key(hex_rgb: str, mark: str, text: str) -> str:
            return f"<span style='color:{hex_rgb}; font-weight:bold'>{mark}</span>&nbsp;{text}"

        return " &nbsp;&nbsp; ".join([
            key(style.TRAIN, "━━", self.tr("train (smoothed)")),
            key(style.tint(style.TRAIN, RAW_TINT - 0.1), "━━", self.tr("train (raw)")),
            key(style.VAL, "━○━", self.tr("validation")), key(style.LR, "━━", self.tr("learning rate")),
        ])

    # --- controls -------------------------------------------------------------------------

    @property
    def smoothing_weight(self) -> float:
        return self.smoothing.value() / 100.0

    @property
    def x_is_epoch(self) -> bool:
        return self.x_axis.currentIndex() == 1

    def set_log_y(self, on: bool) -> None:
        """Log scale for the loss axis."""
        if self.log_y.isChecked() != on:
            self.log_y.setChecked(on)  # re-enters through toggled
            return
        self.loss_plot.setLogMode(False, on)
        self._place_reference_lines()

    def _place_reference_lines(self) -> None:
        classes = len(self.history.classes) if self.history is not None else 0
        self.loss_ref.set(classes, "loss", self.log_y.isChecked())
        self.acc_ref.set(classes, "acc")

    def set_smoothing(self, weight: float) -> None:
        self.smoothing.setValue(int(round(min(max(weight, 0.0), 0.99) * 100)))

    def _smoothing_changed(self, value: int) -> None:
        self.smoothing_value.setText(f"{value / 100:.2f}")
        self._invalidate()

    # --- drawing --------------------------------------------------------------------------

    def _reset(self) -> None:
        self._drawn.clear()
        self._drawn_settings = None
        for ema in self._emas.values():
            ema.reset()
        for curve in self.curves.values():
            curve.setData([], [])
        for line in self.cursor_lines:
            line.hide()
        self._place_reference_lines()
        # Until data arrives, show the whole run's span rather than pyqtgraph's 0-1.
        h = self.history
        span = h.total_steps if h is not None and h.total_steps > 0 else 100
        # A little room past the last step: its validation marker is drawn whole, not halved.
        self.loss_plot.setXRange(0, span * self._x_scale(), padding=X_PAD)
        self._autorange_pending = True

    def _x_scale(self) -> float:
        h = self.history
        return 1.0 / max(h.steps_per_epoch, 1) if (h is not None and self.x_is_epoch) else 1.0

    def _redraw(self, history: RunData) -> None:
        if self._drawn_settings != self._settings():
            if self._drawn_settings is not None and self._drawn_settings[1] != self.x_is_epoch:
                self._autorange_pending = True  # step ↔ epoch: the old range means nothing
            self._drawn_settings = self._settings()
            self._drawn.clear()  # every curve is redrawn
            style.style_axis(self.lr_plot.getAxis("bottom"), self.tr("epoch") if self.x_is_epoch else self.tr("step"))
        scale = self._x_scale()
        w = self.smoothing_weight
        for key, curve in self.curves.items():
            name = key.removesuffix(":raw")
            series = history.scalars.get(name)
            n = len(series) if series is not None else 0
            if self._drawn.get(key, 0) == n:
                continue  # nothing new for this curve: no setData
            self._drawn[key] = n
            assert series is not None
            x = series.x * scale if scale != 1.0 else series.x
            factor = 100.0 if name in PERCENT else 1.0
            if name in SMOOTHED and not key.endswith(":raw"):
                y = self._emas[name].update(series.y, w) * factor
            else:
                y = series.y * factor
            curve.setData(x, y)
        for key in SMOOTHED:
            self.curves[key + ":raw"].setVisible(w > 0)
        if self._autorange_pending and self._drawn.get("train/loss", 0) > 0:
            self._autorange_pending = False
            known_span = history.total_steps > 0
            for plot in self.plots:
                if known_span:
                    # The x axis keeps the whole run's span: a growing range would regenerate
                    # every axis on every frame, the costliest part of a repaint.
                    plot.enableAutoRange(axis=pg.ViewBox.YAxis)
                    plot.disableAutoRange(axis=pg.ViewBox.XAxis)
                else:
                    plot.enableAutoRange()

    def _settings(self) -> tuple[float, bool]:
        return (self.smoothing_weight, self.x_is_epoch)

    def _has_data(self, view: pg.ViewBox) -> bool:
        h = self.history
        key = {self.loss_plot.getViewBox(): "train/loss", self.acc_plot.getViewBox(): "train/acc",
               self.lr_plot.getViewBox(): "lr"}[view]
        return h is not None and key in h.scalars and len(h.scalars[key]) > 0

    # --- read-out -------------------------------------------------------------------------

    def values_at(self, step: float) -> dict[str, float]:
        """Values under a cursor at step: smoothed train curves, raw ones, val, lr; also 'step'."""
        h = self.history
        out: dict[str, float] = {}
        if h is None or "train/loss" not in h.scalars:
            return out
        base = h.scalars["train/loss"]
        i = nearest_index(base.x, step)
        if i is None:
            return out
        out["step"] = float(base.x[i])
        out["epoch"] = out["step"] / max(h.steps_per_epoch, 1)
        w = self.smoothing_weight
        for name in SMOOTHED:
            s = h.scalars.get(name)
            if s is not None and i < len(s):
                out[name + " (raw)"] = float(s.y[i])
                out[name] = float(self._emas[name].update(s.y, w)[i])
        for name in ("val/loss", "val/acc", "lr"):
            s = h.scalars.get(name)
            j = nearest_index(s.x, out["step"]) if s is not None else None
            if s is not None and j is not None:
                out[name] = float(s.y[j])
                if name != "lr":
                    out[name + " step"] = float(s.x[j])
        return out

    def _hover(self, plot: pg.PlotItem, x: float, y: float) -> str:
        scale = self._x_scale()
        values = self.values_at(x / scale)
        if not values:
            return ""
        for line in self.cursor_lines:
            line.setValue(values["step"] * scale)
            line.show()
        return self._values_html(values, latest=False)

    def _unhover(self) -> None:
        for line in self.cursor_lines:
            line.hide()

    def _summary(self) -> str:
        h = self.history
        if h is None or "train/loss" not in h.scalars or not len(h.scalars["train/loss"]):
            return self.tr("Hover a plot to read the values under the cursor")
        values = self.values_at(float(h.scalars["train/loss"].x[-1]))
        return self._values_html(values, latest=True)

    def _values_html(self, v: dict[str, float], latest: bool) -> str:
        def pct(key: str) -> str:
            return f"{v[key] * 100:.1f}%" if key in v else "–"

        where = (self.tr("latest step {step}") if latest else self.tr("step {step}")).format(step=f"{v['step']:,.0f}")
        parts = [f"<b style='color:{style.INK}'>{where}</b> · " + self.tr("epoch {epoch}").format(epoch=f"{v['epoch']:.2f}")]
        loss = swatch(style.TRAIN, self.tr("train")) + " " + self.tr("loss {loss}").format(
            loss=style.fmt(v.get("train/loss", np.nan)))
        if self.smoothing_weight > 0:
            loss += f" <span style='color:{style.FAINT}'>(" + self.tr("raw {loss}").format(
                loss=style.fmt(v.get("train/loss (raw)", np.nan))) + ")</span>"
        parts.append(loss + ", " + self.tr("acc {acc}").format(acc=pct("train/acc")))
        if "val/loss" in v:
            parts.append(swatch(style.VAL, self.tr("val")) + " " + self.tr("loss {loss}, acc {acc}").format(
                loss=style.fmt(v["val/loss"]), acc=pct("val/acc"))
                + f" <span style='color:{style.FAINT}'>@ {v['val/loss step']:,.0f}</span>")
        parts.append(f"{swatch(style.LR, self.tr('lr'))} {style.fmt(v.get('lr', np.nan))}")
        return " &nbsp;│&nbsp; ".join(parts)

    # --- export ---------------------------------------------------------------------------

    def csv_columns(self) -> dict[str, export.Column]:
        """One row per step that has a train or validation value."""
        h = self.history
        if h is None or "train/loss" not in h.scalars:
            return {"step": [], "epoch": [], "train_loss": [], "train_loss_smoothed": [], "train_acc": [],
                    "train_acc_smoothed": [], "val_loss": [], "val_acc": [], "lr": []}
        train = h.scalars["train/loss"]
        val = h.scalars.get("val/loss")
        steps = np.union1d(train.x, val.x) if val is not None else train.x.copy()
        w = self.smoothing_weight
        cols: dict[str, export.Column] = {"step": steps, "epoch": steps / max(h.steps_per_epoch, 1)}
        for name in ("train/loss", "train/acc"):
            s = h.scalars.get(name)
            if s is None:
                cols[name.replace("/", "_")] = cols[name.replace("/", "_") + "_smoothed"] = np.full(len(steps), np.nan)
                continue
            cols[name.replace("/", "_")] = export.align(steps, s.x, s.y)
            cols[name.replace("/", "_") + "_smoothed"] = export.align(steps, s.x, self._emas[name].update(s.y, w))
        for name in ("val/loss", "val/acc", "lr"):
            s = h.scalars.get(name)
            cols[name.replace("/", "_")] = export.align(steps, s.x, s.y) if s is not None else np.full(len(steps), np.nan)
        return cols
