"""Several queued runs at once where the device has room: real tiny runs on the CPU, through an
injected device capacity (the trainer and the controllers are the real ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resviz.arch.presets import cifar_net
from resviz.runs import open_store
from resviz.train.admission import HEADROOM, DeviceCapacity, admit, device_capacity, run_needs
from resviz.train.config import quick_config
from resviz.train.queue import enqueue_many, queued_runs
from resviz.ui.controller import TrainingController
from resviz.ui.queue import QueueRunner

TINY = quick_config(steps=8, train_size=128, image_size=8, max_val_images=32, log_every=4, probe_every=4,
                    device="cpu")


def test_admission_counts_memory_runs_and_the_device() -> None:
    gpu = DeviceCapacity("cuda", 1000, parallel=True)
    assert admit(10_000, [], gpu, 4)  # alone, a run always starts (the trainer refuses what cannot fit)
    assert admit(400, [400], gpu, 4)  # 800 ≤ 0.85 × 1000
    assert not admit(500, [400], gpu, 4)  # 900 > 850
    assert not admit(1, [1, 1], gpu, 2)  # the setting caps it
    assert not admit(1, [1], DeviceCapacity("cpu", 10**12, parallel=False), 4)
    assert not device_capacity("cpu").parallel


@pytest.fixture
def controller(qtbot, tmp_path: Path) -> TrainingController:
    c = TrainingController(tmp_path)
    yield c
    c.shutdown()


def test_runs_train_side_by_side_as_far_as_memory_allows(qtbot, controller: TrainingController,
                                                         tmp_path: Path) -> None:
    items = [(f"r{i}", cifar_net(1, residual=i % 2 == 1, width=4, image_size=8), TINY) for i in range(3)]
    ids = enqueue_many(tmp_path, items)
    store = open_store(tmp_path)
    try:
        needs = {run_needs(r) for r in queued_runs(store)}
    finally:
        store.close()
    assert len(needs) == 1  # plain and residual twins need the same
    room = DeviceCapacity("cpu", int(2.5 * needs.pop() / HEADROOM), parallel=True)  # room for two, not three
    runner = QueueRunner(controller, tmp_path, at_once=4, capacity=lambda device: room)
    at_once: list[int] = []
    runner.runStarted.connect(lambda _id: at_once.append(len(runner.training)))
    with qtbot.waitSignal(runner.allDone, timeout=120_000) as done:
        runner.start()
    assert sorted(done.args[0]) == ids
    assert max(at_once) == 2 and at_once[:2] == [1, 2]  # the second started beside the first at once
    assert not runner.training and not runner.running
    store = open_store(tmp_path)
    try:
        runs = [store.get_run(i) for i in ids]
        assert [r.status for r in runs] == ["finished"] * 3
        assert runs[1].started_at < runs[0].ended_at  # really side by side
        assert runs[2].started_at >= min(runs[0].ended_at, runs[1].ended_at)  # the third waited for room
        assert all(store.metric_series(i, "train/loss")[0][-1] == 8 for i in ids)  # each to its end
    finally:
        store.close()
