"""One place that starts, pauses and stops training, so the Train button, the queue and the
degradation demo all share one worker and the live views follow whatever is training."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from resviz.arch.spec import NetworkSpec
from resviz.train.config import TrainConfig
from resviz.ui.worker import TrainWorker


class TrainingController(QObject):
    """Signals mirror the worker's; ``idle`` fires after every run (the queue listens to it)."""

    started = Signal(object)  # FitInfo
    updates = Signal(list)
    gradcamReady = Signal(object)
    finished = Signal(object)  # FitEnd
    errored = Signal(str)
    busyChanged = Signal(bool)
    pausedChanged = Signal(bool)
    idle = Signal()
    closing = Signal()  # shutdown() began: whatever trains beside this controller stops too

    def __init__(self, store_dir: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_dir = store_dir
        self.worker: TrainWorker | None = None
        self._retired: TrainWorker | None = None
        self.run_id: int | None = None
        self._paused = False
        self._closing = False

    @property
    def busy(self) -> bool:
        return self.worker is not None

    @property
    def paused(self) -> bool:
        return self._paused

    def train_new(self, spec: NetworkSpec, config: TrainConfig, name: str | None = None,
                  tags: list[str] | None = None) -> None:
        from resviz.train.session import train

        self._start(lambda cbs, ctl: train(spec, config, store_dir=self.store_dir, name=name, callbacks=cbs,
                                           control=ctl, tags=tags or []))

    def train_queued(self, run_id: int) -> None:
        from resviz.train.session import train_queued

        self.run_id = run_id
        self._start(lambda cbs, ctl: train_queued(run_id, store_dir=self.store_dir, callbacks=cbs, control=ctl))

    def resume_run(self, run_id: int) -> None:
        from resviz.train.session import resume

        self.run_id = run_id
        self._start(lambda cbs, ctl: resume(run_id, store_dir=self.store_dir, callbacks=cbs, control=ctl))

    def _start(self, job: Callable[..., Any]) -> None:
        if self.worker is not None:
            raise RuntimeError("a run is already training")
        worker = TrainWorker()
        worker.started.connect(self._on_started)
        worker.updates.connect(self.updates)
        worker.gradcamReady.connect(self.gradcamReady)
        worker.finished.connect(self.finished)
        worker.errored.connect(self.errored)
        worker.done.connect(self._on_done)
        self.worker = worker
        self._paused = False
        self.busyChanged.emit(True)
        worker.start(job)

    def _on_started(self, info: Any) -> None:
        self.run_id = info.run_id
        self.started.emit(info)

    def _on_done(self) -> None:
        worker = self.worker
        if worker is not None:
            worker.join()
        # Keep the ended worker (and its QThread) until the next one ends: deleting a QObject
        # inside the slot of its own queued signal crashed a full test run (use after free).
        self._retired = worker
        self.worker = None
        self._paused = False
        self.busyChanged.emit(False)
        if not self._closing:
            self.idle.emit()

    def pause(self) -> None:
        if self.worker is not None:
            self.worker.pause()
            self._paused = True
            self.pausedChanged.emit(True)

    def resume(self) -> None:
        if self.worker is not None:
            self.worker.resume()
            self._paused = False
            self.pausedChanged.emit(False)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def request_gradcam(self, layer: str | None, target: str) -> bool:
        """Ask the training run for a Grad-CAM between steps; False if nothing is training."""
        if self.worker is None:
            return False
        self.worker.request_gradcam(layer, target)
        return True

    def shutdown(self, timeout_ms: int = 120_000) -> bool:
        """Stop and join (closing the window): the run is saved as stopped with a checkpoint."""
        self._closing = True
        self.closing.emit()
        worker = self.worker
        if worker is None:
            return True
        worker.stop()
        ok = worker.join(timeout_ms)
        # Deliver what the worker queued before it ended (its last updates, `done`) now, while
        # every receiver is alive, rather than to objects being torn down after the window.
        QCoreApplication.sendPostedEvents()
        self.worker = None
        return ok
