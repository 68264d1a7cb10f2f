"""Trains the queue through the app's TrainingController, and on a GPU with room through more.

The queue lives in the store (``resviz.train.queue``); the runner only decides *when* to start
the next run: while it is running, each time a controller goes idle. The first run trains
through the app's controller (the live views follow it); where ``train.admission`` says the
device has room, further runs start beside it on controllers of their own, up to ``at_once``.
Pausing the queue lets the runs in progress finish and starts no other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from resviz.errors import ResvizError
from resviz.runs import RunInfo, RunStore, open_store
from resviz.train import queue
from resviz.train.admission import DEFAULT_AT_ONCE, MAX_AT_ONCE, DeviceCapacity, admit, run_needs
from resviz.ui.controller import TrainingController


class QueueRunner(QObject):
    queueChanged = Signal()
    runningChanged = Signal(bool)
    runStarted = Signal(int)
    runFinished = Signal(int)  # a run the runner started has ended (finished, stopped, failed…)
    allDone = Signal(list)  # ids of the runs that the runner trained since start()

    def __init__(self, controller: TrainingController, store_dir: str | Path | None = None,
                 parent: QObject | None = None, *, at_once: int = DEFAULT_AT_ONCE,
                 capacity: Callable[[str], DeviceCapacity] | None = None) -> None:
        """``capacity(device)``: the device a config's ``device`` names and its memory; by default
        the real one (``train.admission.device_capacity``); tests inject one."""
        super().__init__(parent)
        self.controller = controller
        self.store_dir = store_dir if store_dir is not None else controller.store_dir
        self._running = False
        self.at_once = at_once
        self._capacity = capacity
        self._current: int | None = None
        # Runs beside the first one, each on a controller of its own: controller -> (id, bytes).
        self._side: dict[TrainingController, tuple[int, int]] = {}
        self._current_bytes = 0
        self._trained: list[int] = []
        # Ids already handed to a controller: one that is still queued afterwards could not
        # even start (e.g. its store vanished); trying it again would loop forever.
        self._tried: set[int] = set()
        controller.idle.connect(lambda: self._on_idle(controller))
        controller.closing.connect(self.shutdown)  # the window closes: the runs beside end too

    @property
    def at_once(self) -> int:
        """At most this many runs train at once, where the device has room (never on a CPU)."""
        return self._at_once

    @at_once.setter
    def at_once(self, n: int) -> None:
        self._at_once = max(1, min(MAX_AT_ONCE, int(n)))
        if self._running:
            QTimer.singleShot(0, self, self._advance)

    @property
    def training(self) -> list[int]:
        """Ids of the queued runs the runner started that are training now."""
        first = [] if self._current is None else [self._current]
        return first + [run_id for run_id, _ in self._side.values()]

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
        """The runs waiting, in order (those starting now excluded)."""
        starting = set(self.training)
        with self.store() as store:
            return [r for r in queue.queued_runs(store) if r.id not in starting]

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
        self._advance()

    def pause(self) -> None:
        """Start no further run; the one training now goes on to its end."""
        if self._running:
            self._running = False
            self.runningChanged.emit(False)

    def _on_idle(self, controller: TrainingController) -> None:
        if controller is self.controller:
            ended, self._current = self._current, None
        else:
            # Not deleted here, inside its own signal (see TrainingController._on_done): the
            # runner, its parent, keeps it, a few hundred bytes per run.
            ended = self._side.pop(controller, (None, 0))[0]
        if ended is not None:
            self._trained.append(ended)
            self.runFinished.emit(ended)
            self.queueChanged.emit()
        if self._running:
            # Next event-loop turn: every other listener of `idle` sees the run end first.
            QTimer.singleShot(0, self, self._advance)  # tied to self: never fires after deletion

    def _advance(self) -> None:
        """Start what may start now: the next run on the app's controller when it is free, and
        runs beside it while the device has room for them."""
        while self._running:
            with self.store() as store:
                run_id = queue.next_run(store, skip=self._tried)
                run = store.get_run(run_id) if run_id is not None else None
            if run is None:
                if not self.training:  # the last ones have ended
                    self._running = False
                    self.runningChanged.emit(False)
                    self.allDone.emit(list(self._trained))
                return
            needs = self._needs(run)
            if not self.controller.busy:
                self._tried.add(run.id)
                self._current, self._current_bytes = run.id, needs
                self.controller.train_queued(run.id)
            elif self._current is not None and self._fits_beside(run, needs):
                self._tried.add(run.id)
                side = TrainingController(self.store_dir, self)
                side.idle.connect(lambda c=side: self._on_idle(c))
                self._side[side] = (run.id, needs)
                side.train_queued(run.id)
            else:
                return  # wait for the next idle
            self.runStarted.emit(run.id)
            self.queueChanged.emit()

    @staticmethod
    def _needs(run: RunInfo) -> int:
        try:
            return run_needs(run)
        except (ResvizError, KeyError, TypeError, ValueError):
            return 0  # the trainer will say what is wrong with it

    def _fits_beside(self, run: RunInfo, needs: int) -> bool:
        if self._capacity is None:
            from resviz.train.admission import device_capacity

            self._capacity = lambda device: device_capacity(device)
        capacity = self._capacity(str(run.config.get("device", "auto")))
        running = [self._current_bytes] + [b for _, b in self._side.values()]
        return admit(needs, running, capacity, self._at_once)

    def shutdown(self) -> None:
        """Stop and join the runs beside the first (the app's controller is shut down by its owner)."""
        self._running = False
        for side in list(self._side):
            side.shutdown()
        self._side.clear()
