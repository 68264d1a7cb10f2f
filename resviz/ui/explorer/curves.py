"""The "Curves" tab: training and validation loss or error of the selected runs, overlaid.

Each run keeps one curve item per plot, created when it is first shown and fed with setData
afterwards; a redraw touches only runs whose data or the view settings changed. Peak
downsampling and clip-to-view keep ten 10,000-step curves cheap to pan and zoom.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from resviz.presentation.comparison import X_LABELS, Shown, curve, x_limits
from resviz.presentation.figure import NO_VALIDATION, SMOOTHING, Y_LABELS
from resviz.ui.explorer.plotstyle import (
    SELECT_TEXT,
    empty_label,
    faint_pen,
    key_html,
    key_row,
    new_plot,
    run_pen,
    set_labels,
    set_title,
    style_plot,
    tr,
)
from resviz.ui.plots.chance import ReferenceLines
from resviz.ui.plots.items import HintText
from resviz.ui.plots.style import plot_canvas


class CurvesTab(QWidget):
    """The selected runs' train and validation curves overlaid, one colour per run.

    Not the live CurvesPanel: that one details a single training run (accuracy, learning rate,
    chance line, read-out) at 30 Hz; this one compares runs of different lengths and speeds."""

    settingsChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown: list[Shown] = []
        self.train_items: dict[int, pg.PlotDataItem] = {}
        self.val_items: dict[int, pg.PlotDataItem] = {}
        self.raw_items: dict[int, pg.PlotDataItem] = {}  # unsmoothed training values, faint
        self._drawn: dict[int, tuple[object, ...]] = {}  # run id -> what its items show

        self.quantity = QComboBox()
        self.quantity.addItem("", "loss")
        self.quantity.addItem("", "error")
        self.x_axis = QComboBox()
        for key in ("step", "epoch", "wall"):
            self.x_axis.addItem("", key)
        self.log_y = QCheckBox()
        self.smoothing = QSlider(Qt.Orientation.Horizontal)
        self.smoothing.setRange(0, 99)
        self.smoothing.setValue(round(SMOOTHING * 100))
        self.smoothing.setFixedWidth(100)
        self.smoothing_label = QLabel()
        self.smoothing_label.setMinimumWidth(30)

        controls = QHBoxLayout()
        controls.setContentsMargins(6, 4, 6, 0)
        controls.setSpacing(8)
        self._captions = [QLabel(), QLabel(), QLabel()]
        for caption, widget in zip(self._captions, (self.quantity, self.x_axis), strict=False):
            controls.addWidget(caption)
            controls.addWidget(widget)
        controls.addSpacing(8)
        controls.addWidget(self.log_y)
        controls.addSpacing(8)
        controls.addWidget(self._captions[2])
        controls.addWidget(self.smoothing)
        controls.addWidget(self.smoothing_label)
        controls.addStretch(1)

        self.view = plot_canvas()
        self.view.ci.setContentsMargins(4, 4, 12, 4)
        self.train_plot = new_plot(self.view.ci, 0, 0)
        self.val_plot = new_plot(self.view.ci, 0, 1)
        for plot in (self.train_plot, self.val_plot):
            style_plot(plot)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
        self.val_plot.setXLink(self.train_plot)
        self.references = [ReferenceLines(p) for p in (self.train_plot, self.val_plot)]
        # Runs shorter than an epoch have no validation point: the panel says so, not just blank.
        self.no_validation = HintText(self.val_plot.getViewBox(), "")
        self.no_validation.hide()
        self.key = key_row(self.view.ci, 1, 2)  # below the plots: a legend inside would cover curves

        self.stack = QStackedWidget()
        self._empty = empty_label("")
        self.stack.addWidget(self._empty)
        self.stack.addWidget(self.view)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(controls)
        outer.addWidget(self.stack, 1)

        for combo in (self.quantity, self.x_axis):
            combo.currentIndexChanged.connect(self._settings_changed)
        self.log_y.toggled.connect(self._settings_changed)
        self.smoothing.valueChanged.connect(self._settings_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.quantity.setItemText(0, self.tr("Loss"))
        self.quantity.setItemText(1, self.tr("Error %"))
        self.quantity.setToolTip(self.tr("Loss, or error = 100 % − accuracy (as in Fig. 6 of He et al. 2015)"))
        for i, text in enumerate((self.tr("Step"), self.tr("Epoch"), self.tr("Wall time"))):
            self.x_axis.setItemText(i, text)
        self.log_y.setText(self.tr("Log y"))
        self.smoothing_label.setToolTip(self.tr(
            "The average never spans more than a tenth of a run's points, so it cannot invent a "
            "trend: a short run is smoothed less, one of 10 points or fewer is drawn raw"))
        for ref in self.references:
            ref.retranslate()
        self.smoothing.setToolTip(self.tr("Smooths the per-step training curves (TensorBoard's EMA); "
                                          "validation points are per epoch and drawn as they are"))
        for caption, text in zip(self._captions, (self.tr("Show"), self.tr("x axis"), self.tr("Smoothing")), strict=True):
            caption.setText(text)
        set_title(self.train_plot, self.tr("Training"))
        set_title(self.val_plot, self.tr("Validation"))
        self._empty.setText(tr(SELECT_TEXT))
        self.no_validation.set_text(tr(NO_VALIDATION))
        self._update_labels()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- settings -----------------------------------------------------------------------

    @property
    def settings(self) -> dict[str, object]:
        return {"quantity": self.quantity.currentData(), "x_axis": self.x_axis.currentData(),
                "log_y": self.log_y.isChecked(), "smoothing": self.smoothing.value() / 100.0}

    def set_x_axis(self, key: str) -> None:
        self.x_axis.setCurrentIndex(self.x_axis.findData(key))

    def set_quantity(self, key: str) -> None:
        self.quantity.setCurrentIndex(self.quantity.findData(key))

    def _settings_changed(self) -> None:
        self._update_labels()
        self.redraw()
        self.settingsChanged.emit()

    def _update_labels(self) -> None:
        s = self.settings
        self.smoothing_label.setText(f"{s['smoothing']:.2f}")
        for plot in (self.train_plot, self.val_plot):
            set_labels(plot, tr(X_LABELS[str(s["x_axis"])]), tr(Y_LABELS[str(s["quantity"])]))
            plot.setLogMode(x=False, y=bool(s["log_y"]))

    # --- content ------------------------------------------------------------------------

    def set_runs(self, shown: list[Shown]) -> None:
        """Show these runs (in this order, in these colours); their items are kept or made."""
        self.shown = shown
        ids = {s.info.id for s in shown}
        for run_id in [i for i in self.train_items if i not in ids]:
            self.train_plot.removeItem(self.train_items.pop(run_id))
            self.train_plot.removeItem(self.raw_items.pop(run_id))
            self.val_plot.removeItem(self.val_items.pop(run_id))
            self._drawn.pop(run_id, None)
        self.stack.setCurrentIndex(1 if shown else 0)
        self.redraw()

    def redraw(self) -> None:
        """Set data on the items whose run or the settings changed since they were drawn."""
        s = self.settings
        for entry in self.shown:
            run_id = entry.info.id
            self._items(run_id)  # made on first show
            key = (id(entry.series), entry.series.version, entry.color, entry.residual, entry.info.name,
                   *s.values())
            if self._drawn.get(run_id) != key:
                self._set_data(entry, s)
                self._drawn[run_id] = key
        self.key.setText(key_html([(e.color, e.residual, e.info.name) for e in self.shown]))
        validated = [self.val_items[e.info.id].getOriginalDataset()[0] for e in self.shown]
        self.no_validation.setVisible(bool(self.shown) and not any(x is not None and len(x) for x in validated))
        # Runs on different numbers of classes have no common chance level: none is drawn.
        classes = {int(e.info.spec.get("input", {}).get("classes", 0)) for e in self.shown}
        common = next(iter(classes)) if len(classes) == 1 else 0
        for ref in self.references:
            ref.set(common, str(s["quantity"]), bool(s["log_y"]))
        for plot in (self.train_plot, self.val_plot):
            plot.enableAutoRange()
        # x as in the exported figure: 0 to the longest run (the plots share x)
        limits = x_limits([item.getOriginalDataset()[0] if item.getOriginalDataset()[0] is not None
                           else np.zeros(0) for item in self.train_items.values()])
        if limits is not None:
            self.train_plot.setXRange(*limits, padding=0)

    def _set_data(self, entry: Shown, s: dict[str, object]) -> None:
        run_id, log = entry.info.id, bool(s["log_y"])
        quantity, x_axis = str(s["quantity"]), str(s["x_axis"])
        weight = float(s["smoothing"])  # type: ignore[arg-type]
        train, val, raw = self._items(run_id)
        pen = run_pen(entry.color, entry.residual)
        x, y = curve(entry.series, "train", quantity, x_axis, weight)
        # A smoothed curve is drawn with mean downsampling: its peaks are noise the EMA left,
        # and their envelope would hide the plain runs' dashes. Raw values keep "peak", so a
        # spike (a diverging step) always shows.
        train.opts["autoDownsampleFactor"] = 1.5 if weight > 0 else 5.0  # points per pixel
        train.setDownsampling(auto=True, method="mean" if weight > 0 else "peak")
        train.setData(x, _positive(y, log), pen=pen, name=entry.info.name)
        if weight > 0:  # the raw per-batch values stay visible as a faint band, spikes included
            rx, ry = curve(entry.series, "train", quantity, x_axis)
            raw.setData(rx, _positive(ry, log), pen=faint_pen(entry.color))
            raw.show()
        else:
            raw.setData([], [])
            raw.hide()
        vx, vy = curve(entry.series, "val", quantity, x_axis)
        val.setData(vx, _positive(vy, log), pen=pen, symbol="o", symbolSize=5, symbolPen=None,
                    symbolBrush=pg.mkBrush(entry.color), name=entry.info.name)

    def _items(self, run_id: int) -> tuple[pg.PlotDataItem, pg.PlotDataItem, pg.PlotDataItem]:
        if run_id not in self.train_items:
            self.raw_items[run_id] = self._new_item(self.train_plot, z=0)
            self.train_items[run_id] = self._new_item(self.train_plot, z=2)
            self.val_items[run_id] = self._new_item(self.val_plot, z=2)
        return self.train_items[run_id], self.val_items[run_id], self.raw_items[run_id]

    @staticmethod
    def _new_item(plot: pg.PlotItem, z: int) -> pg.PlotDataItem:
        item = pg.PlotDataItem(connect="finite")
        item.setClipToView(True)
        item.setDownsampling(auto=True, method="peak")
        item.setZValue(z)
        plot.addItem(item)
        return item


def _positive(y: np.ndarray, log: bool) -> np.ndarray:
    """A log axis cannot show values ≤ 0; make them gaps instead of warnings."""
    if not log:
        return y
    out = np.array(y, dtype=np.float64, copy=True)
    out[~(out > 0)] = np.nan
    return out
