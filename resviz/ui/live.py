"""What the live views show: one RunData (training now, or a past run) and the views fed from it.

The worker's batched events land here in the GUI thread; one ~30 Hz timer redraws whatever
changed. Views never poll the engine and never see a tensor.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from resviz.presentation.run_data import RunData
from resviz.train.events import EpochLog, FitInfo, GradCamLog, ProbeLog, StepLog


class LiveView(QObject):
    """Holds the shown RunData; ``changed`` after new data, ``redraw`` on the frame timer."""

    stepLogged = Signal(object)  # StepLog, for the progress bar
    historyReplaced = Signal(object)  # RunData

    def __init__(self, parent: QObject | None = None, fps: float = 30.0) -> None:
        super().__init__(parent)
        self.history: RunData | None = None
        self.run_id: int | None = None
        self.live = False
        self._diagram_version = -1
        # [refresh, shown, history version it last drew]
        self._refreshers: list[list] = []
        self._diagram_updaters: list[Callable[[RunData], None]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(int(1000 / fps))
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self._frame = 0

    def add_refresher(self, fn: Callable[[], object], shown: Callable[[], bool] | None = None) -> None:
        """Called each frame while the history changed (plots check their own version). With
        ``shown``, only while it says the view is visible: a hidden tab's plots would cost the GUI
        thread as much as the visible one's. It catches up on the first frame it is shown."""
        self._refreshers.append([fn, shown, -1])

    def add_diagram_updater(self, fn: Callable[[RunData], None]) -> None:
        """Called at most ~5 times a second: recolouring a scene costs more than a curve."""
        self._diagram_updaters.append(fn)

    def start_live(self, info: FitInfo, store_dir: str | Path | None = None) -> RunData:
        """Show a run that starts training; a resumed run keeps its curves up to where it resumes."""
        h = _history_before(store_dir, info.run_id, info.start_step) if info.start_step else None
        h = h or RunData()
        h.start(info)
        self.history, self.run_id, self.live = h, info.run_id, True
        self._forget_drawn()
        self.historyReplaced.emit(h)
        return h

    def show_past(self, history: RunData, run_id: int) -> None:
        self.history, self.run_id, self.live = history, run_id, False
        self._forget_drawn()
        self.historyReplaced.emit(history)

    def _forget_drawn(self) -> None:
        for entry in self._refreshers:
            entry[2] = -1

    def end_live(self) -> None:
        self.live = False
        self._tick(force=True)

    def apply(self, events: list) -> None:
        h = self.history
        if h is None:
            return
        last_step: StepLog | None = None
        for e in events:
            if isinstance(e, (StepLog, ProbeLog, EpochLog)):
                h.add(e)
            if isinstance(e, StepLog):
                last_step = e
        if last_step is not None:
            self.stepLogged.emit(last_step)

    def add_gradcam(self, log: GradCamLog) -> None:
        if self.history is not None:
            self.history.add_gradcam(log)

    def _tick(self, force: bool = False) -> None:
        h = self.history
        if h is None:
            return
        self._frame += 1
        for entry in self._refreshers:
            fn, shown, drawn = entry
            if (force or drawn != h.version) and (force or shown is None or shown()):
                entry[2] = h.version
                fn()
        if (force or self._frame % 6 == 0) and h.version != self._diagram_version:
            self._diagram_version = h.version
            for fn in self._diagram_updaters:
                fn(h)


def block_measurements(h: RunData) -> tuple[dict[str, float], dict[str, float]]:
    """Latest gradient magnitude and shortcut share per block, for the diagram."""
    grads: dict[str, float] = {}
    shares: dict[str, float] = {}
    m = h.vectors.get("block_grad")
    last = m.last() if m is not None else None
    if last is not None:
        grads = {n: float(v) for n, v in zip(h.block_names, last, strict=False) if math.isfinite(v) and v > 0}
    share = h.shortcut_share()
    if share is not None:
        shares = {n: float(v) for n, v in zip(h.block_names, share, strict=False) if math.isfinite(v)}
    layer = h.vectors.get("grad_norm")
    if layer is not None and layer.n and h.layer_names:
        row = layer.last()
        for name in ("conv1", "fc"):
            if name in h.layer_names:
                v = float(row[h.layer_names.index(name)])
                if math.isfinite(v) and v > 0:
                    grads[name] = v
    return grads, shares


def _history_before(store_dir: str | Path | None, run_id: int | None, step: int) -> RunData | None:
    """What a resumed run logged up to ``step`` (its checkpoint), from the store; None if unreadable."""
    if run_id is None:
        return None
    from resviz.errors import ResvizError
    from resviz.presentation.run_store import load_run
    from resviz.runs import open_store

    try:
        with open_store(store_dir) as store:
            return load_run(store, run_id, with_gradcam=False).until(step)
    except ResvizError:
        return None
