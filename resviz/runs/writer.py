"""Batched writing of a run's metrics from the training loop.

A commit per logged value would cost a disk sync each; the writer keeps rows in memory and
writes them in one transaction once `interval` seconds have passed since the last write
(checked on every log call), and on flush() and close(). A crash loses at most that last
second, and the run still opens, marked interrupted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

from resviz.runs.series_tables import encode_vector
from resviz.runs.store import RunStore


class MetricWriter:
    """Buffers one run's scalars and vectors and writes them in batches.

    Use it from one thread, the training thread. It has its own connection (its own
    RunStore), opened on the first write in the thread that writes, so it may be created in
    another thread (`store.writer(run_id)` in the GUI) and handed over; close it in the
    thread that wrote. `clock` only times the batches (tests inject a fake one); wall times
    of rows and heartbeats are `time.time()`.
    """

    def __init__(
        self,
        store_dir: str | Path,
        run_id: int,
        *,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        max_pending: int = 200_000,
    ) -> None:
        self.store_dir = Path(store_dir)
        self.run_id = run_id
        self.interval = interval
        self.max_pending = max_pending  # bounds memory if a caller logs very fast
        self.flushes = 0
        self._clock = clock
        self._last_flush = clock()
        self._scalars: list[tuple[str, int, float, float]] = []
        self._vectors: list[tuple[str, int, bytes]] = []
        self._widths: dict[str, int] = {}
        self._store: RunStore | None = None
        self._closed = False

    @property
    def store(self) -> RunStore:
        """The writer's own RunStore, opened in the calling thread on first use.

        The training thread can record checkpoints and Grad-CAM snapshots through it.
        """
        if self._closed:
            raise RuntimeError("this MetricWriter is closed")
        if self._store is None:
            self._store = RunStore(self.store_dir)
        return self._store

    @property
    def pending(self) -> int:
        """Rows waiting for the next flush."""
        return len(self._scalars) + len(self._vectors)

    def log(self, step: int, values: Mapping[str, float], *, wall_time: float | None = None) -> bool:
        """Buffer scalars of one step ({"train/loss": 0.7, "lr": 0.1}); True if this flushed.

        Pass Python floats: converting a GPU tensor here would sync the device on every call.
        """
        self._check_open()
        now = time.time() if wall_time is None else wall_time
        self._scalars.extend((key, step, float(value), now) for key, value in values.items())
        return self.maybe_flush()

    def log_vectors(self, step: int, kind: str, values: object) -> bool:
        """Buffer one vector (per-layer gradient norms of a step); True if this flushed.

        Every vector of a kind must have the same length (one entry per layer or block).
        """
        self._check_open()
        blob = encode_vector(values)  # copies, so the caller may reuse its buffer
        width = len(blob) // 4
        expected = self._widths.setdefault(kind, width)
        if width != expected:
            raise ValueError(f"{kind!r} vector of length {width}; earlier ones had {expected}")
        self._vectors.append((kind, step, blob))
        return self.maybe_flush()

    def maybe_flush(self) -> bool:
        """Flush if `interval` has passed since the last flush (or too much is pending)."""
        due = self._clock() - self._last_flush >= self.interval
        if due or self.pending >= self.max_pending:
            self.flush()
            return True
        return False

    def flush(self) -> int:
        """Write everything pending and a heartbeat in one transaction; returns rows written.

        On failure (a full disk: StoreError) the rows stay pending for the next try.
        """
        self._check_open()
        scalars, vectors = self._scalars, self._vectors
        try:
            store = self.store
            with store.transaction():
                if scalars:
                    store.insert_metric_rows(self.run_id, scalars)
                if vectors:
                    store.insert_vector_rows(self.run_id, vectors)
                store.heartbeat(self.run_id)
        finally:
            self._last_flush = self._clock()  # after a failure, retry only after `interval`
        self._scalars, self._vectors = [], []
        self.flushes += 1
        return len(scalars) + len(vectors)

    def close(self) -> None:
        """Flush what is pending and close the connection. Safe to call twice."""
        if self._closed:
            return
        try:
            self.flush()
        finally:
            self._closed = True
            if self._store is not None:
                self._store.close()
                self._store = None

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("this MetricWriter is closed")

    def __enter__(self) -> MetricWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
