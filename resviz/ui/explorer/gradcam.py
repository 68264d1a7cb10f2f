"""The "Grad-CAM" tab: each selected run's latest stored snapshot, a row per run, so maps of
the same validation images can be compared down each column.

Tiles are drawn with the same overlay function as the Grad-CAM panel and ``resviz gradcam``.
Snapshots are read only while the tab is visible, and kept by snapshot id.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from resviz.data.registry import class_title
from resviz.errors import StoreError
from resviz.presentation import palette
from resviz.presentation.comparison import Shown
from resviz.presentation.overlay import DEFAULT_COLORMAP, lookup_table, overlay
from resviz.runs import RunStore
from resviz.ui.explorer.plotstyle import MUTED, SELECT_TEXT, empty_label, tr
from resviz.ui.worker import BackgroundTask

MAX_IMAGES = 8
TILE = 64
NO_SNAPSHOTS = QT_TRANSLATE_NOOP("Explorer", "None of the selected runs stored a Grad-CAM snapshot")


def _pixmap(rgb: np.ndarray, size: int = TILE) -> QPixmap:
    rgb = np.ascontiguousarray(rgb[:, :, :3], dtype=np.uint8)
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(image).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.FastTransformation)


def _tile(rgb: np.ndarray, caption: str, color: str, tooltip: str) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    picture = QLabel()
    picture.setPixmap(_pixmap(rgb))
    picture.setToolTip(tooltip)
    text = QLabel(caption)
    text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    text.setStyleSheet(f"color:{color}; font-size:11px;")
    layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addWidget(text)
    return box


def _colour_bar() -> QWidget:
    """'low ▭▭▭ high': what the map colours mean."""
    lut = lookup_table(DEFAULT_COLORMAP)
    strip = np.ascontiguousarray(np.repeat(lut[None, ::2], 10, axis=0))
    bar = QLabel()
    bar.setPixmap(_pixmap(strip, size=128).scaled(128, 10))
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 8, 0)
    low, high = QLabel(), QLabel()
    low.setObjectName("colour_low")
    high.setObjectName("colour_high")
    for widget in (low, bar, high):
        widget.setStyleSheet(f"color:{MUTED};")
        layout.addWidget(widget)
    return box


class GradCamTab(QWidget):
    def __init__(self, store: RunStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.shown: list[Shown] = []
        self.rows = 0  # runs drawn with a snapshot (tests read it)
        self._stale = True
        self._arrays: OrderedDict[int, dict[str, np.ndarray]] = OrderedDict()

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(8, 8, 8, 8)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(8)
        self.note = QLabel()
        self.note.setStyleSheet(f"color:{MUTED}; padding:4px 8px;")
        self.note.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidget(self.grid_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        self.compute_more = QPushButton(self.tr("Compute the missing ones"))
        self.compute_more.clicked.connect(self.compute_missing)
        top.addWidget(self.compute_more)
        top.addWidget(_colour_bar())
        page_layout.addLayout(top)
        page_layout.addWidget(scroll, 1)
        self.empty = empty_label(tr(SELECT_TEXT))
        # Runs without a stored snapshot: computed here from their checkpoints, one at a time.
        self.compute_button = QPushButton(self.tr("Compute Grad-CAM from the checkpoints"))
        self.compute_button.setToolTip(self.tr(
            "For each selected run with a checkpoint and no snapshot: Grad-CAM of its last block on "
            "its validation images, kept in the store"))
        self.compute_button.clicked.connect(self.compute_missing)
        self._pending: list[int] = []
        self._error = ""
        self._task: BackgroundTask | None = None
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addWidget(self.compute_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty_page)
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.retranslate()

    def retranslate(self) -> None:
        """The colour key is rebuilt with the rows; the rows are redrawn in the new language."""
        self.empty.setText(tr(SELECT_TEXT) if not self.shown else tr(NO_SNAPSHOTS))
        self.findChild(QLabel, "colour_low").setText(self.tr("low"))
        self.findChild(QLabel, "colour_high").setText(self.tr("high attention"))
        self.compute_more.setText(self.tr("Compute the missing ones"))
        self.compute_button.setText(self.tr("Compute Grad-CAM from the checkpoints"))
        self.compute_button.setToolTip(self.tr(
            "For each selected run with a checkpoint and no snapshot: Grad-CAM of its last block on "
            "its validation images, kept in the store"))
        if self.shown:
            self.redraw()

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

    def _latest(self, run_id: int) -> tuple[int, int, str, dict[str, np.ndarray]] | None:
        """(step, epoch, layer, arrays) of the run's newest snapshot, or None."""
        if self.store is None:
            return None
        try:
            snapshots = self.store.gradcam_snapshots(run_id)
        except StoreError:
            return None
        if not snapshots:
            return None
        info = snapshots[-1]
        if info.id not in self._arrays:
            try:
                self._arrays[info.id] = self.store.load_gradcam(info.id)
            except StoreError:
                return None
            while len(self._arrays) > 16:
                self._arrays.popitem(last=False)
        return info.step, info.epoch, info.layer, self._arrays[info.id]

    def redraw(self) -> None:
        self._stale = False
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        found = [(s, self._latest(s.info.id)) for s in self.shown]
        with_maps = [(s, snap) for s, snap in found if snap is not None]
        self.rows = len(with_maps)
        missing_ids = [s.info.id for s, snap in found if snap is None and s.info.checkpoint_path is not None]
        busy = self._task is not None
        self.compute_button.setVisible(bool(missing_ids) or busy)
        self.compute_more.setVisible(bool(missing_ids) or busy)
        for b in (self.compute_button, self.compute_more):
            b.setEnabled(not busy)
        if not with_maps:
            text = tr(SELECT_TEXT) if not self.shown else tr(NO_SNAPSHOTS)
            self.empty.setText(f"{text}\n{self._error}" if self._error else text)
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        first = with_maps[0][1][3]
        n = min(MAX_IMAGES, len(first["images"]))
        same = all(len(a["images"]) >= n and np.array_equal(a["images"][:n], first["images"][:n])
                   for _, (_, _, _, a) in with_maps)
        missing = [s.info.name for s, snap in found if snap is None]
        notes = [self.tr("Each run's latest snapshot: where the net looked for the class it predicted.")]
        if not same:
            notes.append(self.tr("The runs' snapshots are of different images: compare across rows with care."))
        if missing:
            notes.append(self.tr("No snapshot: {runs}.").format(runs=", ".join(missing)))
        self.note.setText(" ".join(notes))
        classes = self._classes()
        header = QLabel("<b>" + self.tr("images") + "</b>")
        header.setTextFormat(Qt.TextFormat.RichText)
        self.grid.addWidget(header, 0, 0)
        for j in range(n):
            label = int(first["labels"][j])
            self.grid.addWidget(_tile(first["images"][j], classes(label), MUTED, self.tr("true class")), 0, j + 1)
        for i, (entry, (step, epoch, layer, arrays)) in enumerate(with_maps, start=1):
            caption = QLabel(f"<span style='color:{entry.color}; font-size:15px'>■</span> "
                             f"<b>{entry.info.name}</b><br><span style='color:{MUTED}'>"
                             + self.tr("step {step} · epoch {epoch} · {layer}").format(
                                 step=f"{step:,}", epoch=epoch, layer=layer) + "</span>")
            caption.setTextFormat(Qt.TextFormat.RichText)
            caption.setMaximumWidth(170)
            caption.setWordWrap(True)
            self.grid.addWidget(caption, i, 0)
            for j in range(min(n, len(arrays["images"]))):
                pred, true = int(arrays["preds"][j]), int(arrays["labels"][j])
                rgb = overlay(arrays["images"][j], arrays["maps_pred"][j], 0.5)
                ok = pred == true
                text = f"{classes(pred)} {'✓' if ok else '✗'}"
                self.grid.addWidget(_tile(rgb, text, palette.GOOD if ok else palette.BAD,
                                          self.tr("predicted {pred}, true {true}").format(
                                              pred=classes(pred), true=classes(true))), i, j + 1)
        self.grid.setColumnStretch(n + 1, 1)
        self.grid.setRowStretch(len(with_maps) + 1, 1)

    def compute_missing(self) -> None:
        """Compute and store Grad-CAM for the selected runs that have a checkpoint but no snapshot."""
        if self.store is None or self._task is not None:
            return
        self._error = ""
        self._pending = [s.info.id for s in self.shown if s.info.checkpoint_path is not None
                         and self._latest(s.info.id) is None]
        self._next()

    def _next(self) -> None:
        if not self._pending or self.store is None:
            self._task = None
            self.redraw()
            return
        from resviz.train.session import store_gradcam_for_run

        run_id, store_dir = self._pending.pop(0), self.store.dir
        self._task = BackgroundTask(lambda: store_gradcam_for_run(run_id, store_dir=store_dir), self)
        self._task.error.connect(lambda msg: setattr(self, "_error", self.tr(
            "Could not compute Grad-CAM for run {id}: {message}").format(id=run_id, message=msg)))
        self._task.finished.connect(self._next)
        self.empty.setText(self.tr("Computing Grad-CAM for run {id} from its checkpoint…").format(id=run_id))
        self.note.setText(self.empty.text())
        for b in (self.compute_button, self.compute_more):
            b.setEnabled(False)
        self._task.start()

    def _classes(self) -> Callable[[int], str]:
        """Class index → name, from the first selected run that lists its classes."""
        names: list[str] = []
        for entry in self.shown:
            names = list(entry.info.summary.get("classes") or [])
            if names:
                break

        def name(index: int) -> str:
            return class_title(str(names[index]), names) if 0 <= index < len(names) else str(index)

        return name
