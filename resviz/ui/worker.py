"""The training worker: runs the engine in a QThread and relays its events as Qt signals.

The engine's callbacks run in the worker thread; they only append to a buffer. The buffer is
sent to the GUI thread as one ``updates`` signal at most ~30 times a second, so a fast GPU
cannot flood the event loop. Stopping is cooperative (TrainControl); the thread is joined.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from resviz.errors import ResvizError
from resviz.train.events import Callback, FitEnd, FitInfo, GradCamLog, TrainControl

MIN_EMIT_INTERVAL_S = 1 / 30
TRAINING_NICENESS = 5
"""How much lower than the GUI's the training thread's scheduling priority is (Linux)."""


def _lower_priority() -> None:
    """Let the GUI thread win a contended CPU: on 2 shared cores a redraw otherwise waits behind
    the training thread and its OpenMP threads (these are created by this thread and inherit it).
    Linux only: there a thread id names the thread; elsewhere it could name another process."""
    if not sys.platform.startswith("linux"):
        return
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + TRAINING_NICENESS))
    except OSError:  # not permitted in some sandboxes: training just keeps the same priority
        pass


class _Relay(Callback):
    """Buffers engine events in the worker thread; flushes at a bounded rate."""

    def __init__(self, worker: TrainWorker) -> None:
        self.worker = worker
        self.buffer: list[Any] = []
        self.last_emit = 0.0
        self.lock = threading.Lock()

    def _push(self, event: Any, urgent: bool = False) -> None:
        with self.lock:
            self.buffer.append(event)
        now = time.monotonic()
        if urgent or now - self.last_emit >= MIN_EMIT_INTERVAL_S:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            batch, self.buffer = self.buffer, []
        self.last_emit = time.monotonic()
        if batch:
            self.worker.updates.emit(batch)

    def on_fit_start(self, info: FitInfo) -> None:
        self.worker.started.emit(info)

    def on_step(self, log: Any) -> None:
        self._push(log)

    def on_probe(self, log: Any) -> None:
        self._push(log)

    def on_epoch_end(self, log: Any) -> None:
        self._push(log, urgent=True)

    def on_gradcam(self, log: GradCamLog) -> None:
        self.flush()
        self.worker.gradcamReady.emit(log)

    def on_fit_end(self, end: FitEnd) -> None:
        self.flush()


class TrainWorker(QObject):
    """One per run, living in its own QThread. Create, connect, then ``start(job)``;
    ``job(callbacks, control)`` runs the engine and returns a session.Outcome."""

    started = Signal(object)  # FitInfo
    updates = Signal(list)  # StepLog / ProbeLog / EpochLog, in order
    gradcamReady = Signal(object)  # GradCamLog
    finished = Signal(object)  # FitEnd
    errored = Signal(str)  # a message for the user; the run (if any) is kept in the store
    done = Signal()  # always last

    def __init__(self) -> None:
        super().__init__()
        self.control = TrainControl()
        self._thread: QThread | None = None
        self._job: Callable[..., Any] | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, job: Callable[[list[Callback], TrainControl], Any]) -> None:
        if self._job is not None:
            raise RuntimeError("a TrainWorker runs one job; make a new one")
        self._job = job
        thread = QThread()
        thread.setObjectName("resviz-train")
        self.moveToThread(thread)
        thread.started.connect(self._run)
        self._thread = thread
        thread.start()

    @Slot()
    def _run(self) -> None:
        _lower_priority()  # before the first torch op here creates this thread's OpenMP team
        relay = _Relay(self)
        try:
            assert self._job is not None
            outcome = self._job([relay], self.control)
            if outcome is not None:
                self.finished.emit(outcome.end)
        except ResvizError as exc:
            self.errored.emit(str(exc))
        except Exception as exc:  # never let the thread die silently
            self.errored.emit(f"{type(exc).__name__}: {exc}")
        finally:
            relay.flush()
            self.done.emit()
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())  # so it is deleted where it will be owned
            thread = self._thread
            if thread is not None:
                thread.quit()

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def stop(self) -> None:
        self.control.request_stop()

    def request_gradcam(self, layer: str | None, target: str) -> None:
        self.control.request_gradcam(layer, target)

    def join(self, timeout_ms: int = 60_000) -> bool:
        """Wait for the thread to end (after stop()); True if it did."""
        thread = self._thread
        if thread is None:
            return True
        return thread.wait(timeout_ms)  # the ended QThread is released with its worker


class BackgroundTask(QObject):
    """Runs a function in a Python thread; its result or error arrives as a signal in the
    thread this object lives in (the GUI thread). Keep a reference until ``finished``."""

    result = Signal(object)
    error = Signal(str)
    finished = Signal()

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._thread = threading.Thread(target=self._run, name="resviz-task", daemon=True)

    def start(self) -> BackgroundTask:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            value = self._fn()
        except ResvizError as exc:
            self.error.emit(str(exc))
        except Exception as exc:  # shown to the user, never swallowed
            self.error.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.result.emit(value)
        finally:
            self.finished.emit()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)
