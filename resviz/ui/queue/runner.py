"""Trains the queue one run after another through the app's one TrainingController.

The queue lives in the store (``resviz.train.queue``); the runner only decides *when* to start
the next run: while it is running, each time the controller goes idle. Pausing the queue lets
the run in progress finish and starts no other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from resviz.runs import RunInfo, RunStore, open_store
from resviz.train import queue
from resviz.ui.controller import TrainingController


class QueueRunner(QObject):
    queueChanged = Signal()
    runningChanged = Signal(bool)
    runStarted = Signal(int)
    runFinished = Signal(int)  # a run the runner started has ended (finished, stopped, failed…)
    allDone = Signal(list)  # ids of the runs that the runner trained since start()

    def __init__(self, controller: TrainingController, store_dir: str | Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.store_dir = store_dir if store_dir is not None else controller.store_dir
        self._running = False
        self._current: int | None = None
        self._trained: list[int] = []
        # Ids already handed to the controller: one that is still queued afterwards could not
        # even start (e.g. its store vanished); trying it again would loop forever.
        self._tried: set[int] = set()
        controller.idle.connect(self._on_idle)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def current(self) -> int | None:
        """The queued run the runner started and that has not ended yet."""
        return self._current

    @contextlib.contextmanager
    def store(self) -> Iterator[RunStore]:
        """A store connection for this thread, closed after use (opening one takes ~2 ms)."""
        with open_store(self.store_dir) as store:
            yield store

    # ---- the queue --------------------------------------------------------------------

    def queued(self) -> list[RunInfo]:
        """The runs waiting, in order (the one starting now excluded)."""
        with self.store() as store:
            return [r for r in queue.queued_runs(store) if r.id != self._current]

    def enqueue(self, items: Sequence[queue.QueueItem], tags: Sequence[str] = (), front: bool = False) -> list[int]:
        ids = queue.enqueue_many(self.store_dir, items, tags, front=front)
        self.queueChanged.emit()
        return ids

    def move(self, run_id: int, delta: int) -> int:
        with self.store() as store:
            index = queue.move(store, run_id, delta)
        self.queueChanged.emit()
        return index

    def cancel(self, run_id: int) -> None:
        with self.store() as store:
            queue.cancel(store, run_id)
        self.queueChanged.emit()

    def refresh(self) -> None:
        """Say the queue may have changed (e.g. a sweep was queued elsewhere)."""
        self.queueChanged.emit()

    # ---- running --------------------------------------------------------------------

    def start(self) -> None:
        """Train the queue until it is empty or paused; the run now training finishes first."""
        if self._running:
            return
        self._running = True
        self._trained = []
        self.runningChanged.emit(True)
        if not self.controller.busy:
            self._advance()

    def pause(self) -> None:
        """Start no further run; the one training now goes on to its end."""
        if self._running:
            self._running = False
            self.runningChanged.emit(False)

    def _on_idle(self) -> None:
        ended, self._current = self._current, None
        if ended is not None:
            self._trained.append(ended)
            self.runFinished.emit(ended)
            self.queueChanged.emit()
        if self._running:
            # Next event-loop turn: every other listener of `idle` sees the run end first.
            QTimer.singleShot(0, self, self._advance)  # tied to self: never fires after deletion

    def _advance(self) -> None:
        if not self._running or self.controller.busy:
            return  # paused meanwhile, or something else started: wait for the next idle
        with self.store() as store:
            run_id = queue.next_run(store, skip=self._tried)
        if run_id is None:
            self._running = False
            self.runningChanged.emit(False)
            self.allDone.emit(list(self._trained))
            return
        self._tried.add(run_id)
        self._current = run_id
        self.controller.train_queued(run_id)
        self.runStarted.emit(run_id)
        self.queueChanged.emit()
