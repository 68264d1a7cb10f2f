"""Metric writer: batches by time (a fake clock, no sleeping), survives failures, and a
reader sees a run's progress while it is written."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from resviz.errors import StoreError
from resviz.runs import MetricWriter, RunStore, open_store


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RunStore]:
    with open_store(tmp_path / "store") as s:
        yield s


def _rows(store: RunStore, run_id: int, key: str = "train/loss") -> list[int]:
    return [int(step) for step in store.metric_series(run_id, key)[0]]


def test_writes_in_one_batch_once_a_second_has_passed(store: RunStore) -> None:
    run_id = store.create_run("r")
    store.set_status(run_id, "running")
    beat_before = store.get_run(run_id).heartbeat
    clock = FakeClock()
    writer = store.writer(run_id, clock=clock)
    try:
        for step, t in enumerate([0.0, 0.3, 0.999]):
            clock.now = t
            assert writer.log(step, {"train/loss": 1.0, "lr": 0.1}) is False
            assert writer.log_vectors(step, "grad_norm", np.ones(4)) is False
        assert writer.pending == 9
        assert _rows(store, run_id) == []  # nothing written before the second is up
        assert store.vector_series(run_id, "grad_norm")[0].size == 0

        clock.now = 1.0
        assert writer.log(3, {"train/loss": 0.5}) is True
        assert writer.pending == 0 and writer.flushes == 1
        assert _rows(store, run_id) == [0, 1, 2, 3]
        assert store.vector_series(run_id, "grad_norm")[0].tolist() == [0, 1, 2]
        beat = store.get_run(run_id).heartbeat
        assert beat is not None and beat_before is not None and beat >= beat_before

        clock.now = 1.9  # the interval counts from the last flush, not from the start
        assert writer.log(4, {"train/loss": 0.4}) is False
        assert writer.log_vectors(4, "grad_norm", np.ones(4)) is False
        clock.now = 2.0
        assert writer.maybe_flush() is True
        assert _rows(store, run_id) == [0, 1, 2, 3, 4]

        clock.now = 2.1
        writer.log(5, {"train/loss": 0.3})
        writer.flush()  # explicit flush writes at once
        assert _rows(store, run_id) == [0, 1, 2, 3, 4, 5]
        writer.log(6, {"train/loss": 0.2})
    finally:
        writer.close()  # close flushes the rest
    assert _rows(store, run_id) == list(range(7))
    assert writer.flushes == 4
    writer.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        writer.log(7, {"train/loss": 0.1})


def test_too_many_pending_rows_flush_early(store: RunStore) -> None:
    run_id = store.create_run("r")
    with MetricWriter(store.dir, run_id, clock=FakeClock(), max_pending=10) as writer:
        flushed = [writer.log(step, {"a": 1.0, "b": 2.0}) for step in range(5)]
    assert flushed == [False, False, False, False, True]


def test_vectors_of_a_kind_keep_their_length(store: RunStore) -> None:
    run_id = store.create_run("r")
    with store.writer(run_id, clock=FakeClock()) as writer:
        writer.log_vectors(0, "grad_norm", np.ones(56))
        writer.log_vectors(0, "shortcut_grad", np.ones(27))  # another kind, another length
        with pytest.raises(ValueError, match="length 55"):
            writer.log_vectors(1, "grad_norm", np.ones(55))
    assert store.vector_series(run_id, "grad_norm")[1].shape == (1, 56)
    assert store.vector_series(run_id, "shortcut_grad")[1].shape == (1, 27)


def test_a_full_disk_is_a_store_error_and_keeps_the_rows(store: RunStore) -> None:
    run_id = store.create_run("r")
    clock = FakeClock()
    writer = store.writer(run_id, clock=clock)
    conn = writer.store._conn
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    for step in range(2000):
        writer.log(step, {"train/loss": float(step)})
    with pytest.raises(StoreError, match="disk .* is full") as caught:
        writer.flush()
    assert "free some disk space" in caught.value.hint
    assert writer.pending == 2000 and _rows(store, run_id) == []
    conn.execute("PRAGMA max_page_count = 1000000")  # space freed: the next try writes all
    writer.close()
    assert _rows(store, run_id) == list(range(2000))


def test_a_writer_made_in_one_thread_writes_from_another(store: RunStore) -> None:
    run_id = store.create_run("r")
    writer = store.writer(run_id, interval=0.0)  # made here, as the GUI would
    failures: list[BaseException] = []

    def train() -> None:
        try:
            for step in range(20):
                writer.log(step, {"train/loss": 1.0})
            writer.store.set_checkpoint(run_id, store.checkpoint_path(run_id, "last"), 20, 1)
            writer.close()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    thread = threading.Thread(target=train)
    thread.start()
    thread.join()
    assert failures == []
    assert _rows(store, run_id) == list(range(20))
    assert store.get_run(run_id).checkpoint_step == 20


def test_a_reader_reads_while_a_run_writes(tmp_path: Path) -> None:
    steps_total = 1500
    with open_store(tmp_path / "store") as setup:
        run_id = setup.create_run("r")
        setup.set_status(run_id, "running")
    started = threading.Event()
    failures: list[BaseException] = []

    def train() -> None:
        try:
            # interval 0: a transaction per step, the most contention a reader can meet.
            with MetricWriter(tmp_path / "store", run_id, interval=0.0) as writer:
                for step in range(steps_total):
                    writer.log(step, {"train/loss": 1.0 / (step + 1), "lr": 0.1})
                    writer.log_vectors(step, "grad_norm", np.full(56, step, np.float32))
                    started.set()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
            started.set()

    thread = threading.Thread(target=train)
    thread.start()
    seen: list[int] = []
    with open_store(tmp_path / "store") as reader:  # the GUI's own connection
        started.wait(10)
        while thread.is_alive():
            steps, values = reader.metric_series(run_id, "train/loss")
            # Each read is a consistent snapshot: no gaps, every value as written.
            np.testing.assert_array_equal(steps, np.arange(len(steps)))
            np.testing.assert_allclose(values, 1.0 / (steps + 1))
            vector_steps, matrix = reader.vector_series(run_id, "grad_norm")
            np.testing.assert_array_equal(matrix[:, 0], vector_steps)
            assert reader.list_runs()[0].status == "running"
            seen.append(len(steps))
        thread.join()
        assert failures == []
        assert seen == sorted(seen)  # progress only moves forward
        assert any(0 < n < steps_total for n in seen), "the reader never saw a run in progress"
        assert len(reader.metric_series(run_id, "train/loss")[0]) == steps_total


def test_a_heartbeat_revives_a_run_marked_interrupted_while_slow(store: RunStore) -> None:
    run_id = store.create_run("r")
    store.set_status(run_id, "running")
    info = store.get_run(run_id)
    # What another process does when this one is silent for over a minute (a long eval).
    store.import_run_fields(run_id, status="interrupted", status_message="silent",
                            created_at=info.created_at, started_at=info.started_at,
                            ended_at=123.0)
    with store.writer(run_id, clock=FakeClock()) as writer:
        writer.log(0, {"train/loss": 1.0})
    revived = store.get_run(run_id)
    assert (revived.status, revived.status_message, revived.ended_at) == ("running", "", None)
