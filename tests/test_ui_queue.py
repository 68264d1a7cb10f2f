"""The queue in the app: the runner trains queued runs one after another through a real
TrainingController; the panel reorders and cancels; the queue outlives the runner; the sweep
dialog queues what it counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resviz.arch.presets import cifar_net
from resviz.runs import open_store
from resviz.train.config import quick_config
from resviz.train.demo import DEMO_TAG
from resviz.train.queue import enqueue_many, queued_runs
from resviz.train.sweep import SweepSpec, expand
from resviz.ui.controller import TrainingController
from resviz.ui.queue import (
    QueuePanel,
    QueueRunner,
    SweepDialog,
    demo_verdict,
    start_degradation_demo,
)
from resviz.ui.queue.sweep_dialog import parse_seeds

TINY = quick_config(steps=5, train_size=256, image_size=8, max_val_images=64, log_every=1, probe_every=1,
                    device="cpu")  # on the CPU the queue trains one run at a time, even where a GPU is


def tiny_items(names: list[str]) -> list:
    return [(name, cifar_net(1, residual=i % 2 == 1, width=4, image_size=8), TINY) for i, name in enumerate(names)]


def queue_names(store_dir: Path) -> list[str]:
    store = open_store(store_dir)
    try:
        return [r.name for r in queued_runs(store)]
    finally:
        store.close()


@pytest.fixture
def controller(qtbot, tmp_path: Path) -> TrainingController:
    c = TrainingController(tmp_path)
    yield c
    c.shutdown()


def test_the_runner_trains_the_queue_in_order_then_stops(qtbot, controller: TrainingController, tmp_path: Path) -> None:
    ids = enqueue_many(tmp_path, tiny_items(["first", "second"]))
    runner = QueueRunner(controller, tmp_path)
    started: list[int] = []
    runner.runStarted.connect(started.append)
    with qtbot.waitSignal(runner.allDone, timeout=120_000) as done:
        runner.start()
        assert runner.running
    assert done.args == [ids]
    assert started == ids
    assert not runner.running and not controller.busy
    store = open_store(tmp_path)
    try:
        assert [store.get_run(i).status for i in ids] == ["finished", "finished"]
        first, second = (store.get_run(i) for i in ids)
        assert first.ended_at <= second.started_at  # one after another, never both at once
        assert len(store.metric_series(ids[1], "train/loss")[0]) == 5
    finally:
        store.close()


def test_pausing_lets_the_current_run_finish_and_starts_no_other(qtbot, controller: TrainingController,
                                                                 tmp_path: Path) -> None:
    ids = enqueue_many(tmp_path, tiny_items(["a", "b"]))
    runner = QueueRunner(controller, tmp_path)
    with qtbot.waitSignal(runner.runStarted, timeout=10_000):
        runner.start()
    runner.pause()
    with qtbot.waitSignal(runner.runFinished, timeout=120_000) as ended:
        pass
    assert ended.args == [ids[0]]
    qtbot.wait(200)  # the runner would start the next one on the next event-loop turn
    assert not controller.busy
    assert queue_names(tmp_path) == ["b"]


def test_reorder_and_cancel_from_the_panel_change_the_store(qtbot, controller: TrainingController,
                                                            tmp_path: Path) -> None:
    enqueue_many(tmp_path, tiny_items(["a", "b", "c"]))
    runner = QueueRunner(controller, tmp_path)
    panel = QueuePanel(runner, controller, tmp_path)
    qtbot.addWidget(panel)
    assert [panel.list.item(i).text() for i in range(3)] == ["1.  a", "2.  b", "3.  c"]
    panel.list.setCurrentRow(2)
    assert panel.up_button.isEnabled() and not panel.down_button.isEnabled()
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert queue_names(tmp_path) == ["a", "c", "b"]
    assert panel.selected_id() is not None and panel.list.currentItem().text() == "2.  c"  # selection follows
    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    assert queue_names(tmp_path) == ["c", "a", "b"]
    panel.list.setCurrentRow(1)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert queue_names(tmp_path) == ["c", "b"]
    assert panel.count.text() == "2 waiting"
    store = open_store(tmp_path)
    try:
        assert [r.name for r in store.list_runs()] == ["c", "b"]  # cancelled means deleted
    finally:
        store.close()


def test_the_queue_survives_a_restart(qtbot, tmp_path: Path) -> None:
    first = TrainingController(tmp_path)
    runner = QueueRunner(first, tmp_path)
    runner.enqueue(tiny_items(["a", "b", "c"]))
    runner.move(runner.queued()[2].id, -2)
    first.shutdown()
    del runner, first
    again = TrainingController(tmp_path)  # as after the app was closed and opened again
    try:
        panel = QueuePanel(QueueRunner(again, tmp_path), again, tmp_path)
        qtbot.addWidget(panel)
        assert [panel.list.item(i).text() for i in range(panel.list.count())] == ["1.  c", "2.  a", "3.  b"]
        assert panel.run_button.text() == "Run queue" and not panel.run_button.isChecked()
    finally:
        again.shutdown()


def test_the_panel_shows_progress_of_the_run_training_now(qtbot, controller: TrainingController,
                                                           tmp_path: Path) -> None:
    enqueue_many(tmp_path, tiny_items(["only"]))
    runner = QueueRunner(controller, tmp_path)
    panel = QueuePanel(runner, controller, tmp_path)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(runner.allDone, timeout=120_000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        assert panel.run_button.text() == "Pause queue"
    assert panel.progress.maximum() == 5 and panel.progress.value() == 5
    assert "finished" in panel.now_name.text()
    assert panel.run_button.text() == "Run queue" and not panel.run_button.isChecked()
    assert panel.stack.currentWidget() is panel.empty


def test_sweep_dialog_counts_what_expand_gives_and_queues_it(qtbot, tmp_path: Path) -> None:
    base = cifar_net(3)
    dialog = SweepDialog(base, TINY, tmp_path)
    qtbot.addWidget(dialog)
    for box, wanted in ((dialog.n_list, {1, 2}), (dialog.kind_list, {"plain", "residual"}),
                        (dialog.shortcut_list, {"A", "B", "identity"})):
        for i in range(box.count()):
            item = box.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)
    dialog.seeds.setText("0-1")
    expected = expand(SweepSpec(base, n_values=[1, 2], kinds=["plain", "residual"], shortcuts=["A", "B", "identity"],
                                activations=["original"], widths=[1.0], seeds=[0, 1]))
    assert len(expected) == 12  # per seed and n: one plain, residual A and B; identity cannot change shape
    assert dialog.update_count() == 12
    assert dialog.count.text() == "12 runs will be queued."
    assert "left out" in dialog.skipped.text()
    dialog.accept()
    assert len(dialog.queued_ids) == 12
    assert queue_names(tmp_path) == [name for name, _, _ in expected]


def test_sweep_dialog_refuses_bad_seeds(qtbot, tmp_path: Path) -> None:
    dialog = SweepDialog(cifar_net(3), TINY, tmp_path)
    qtbot.addWidget(dialog)
    dialog.seeds.setText("one")
    assert dialog.update_count() == 0
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert parse_seeds("0, 2 5-7") == [0, 2, 5, 6, 7]


def test_degradation_demo_goes_first_and_the_verdict_waits_for_all_four(qtbot, controller: TrainingController,
                                                                        tmp_path: Path) -> None:
    (waiting,) = enqueue_many(tmp_path, tiny_items(["already waiting"]))
    runner = QueueRunner(controller, tmp_path)
    ids = start_degradation_demo(controller, runner, tmp_path, "cpu", steps=2)
    runner.pause()  # the first demo run goes on; the small training test lives in test_demo.py
    assert len(ids) == 4 and runner.current == ids[0]
    store = open_store(tmp_path)
    try:
        order = [r.id for r in queued_runs(store) if r.id != ids[0]]
        assert order == [*ids[1:], waiting]  # the demo goes first, in its own order
        assert all(DEMO_TAG in store.get_run(i).tags for i in ids)
        assert [store.get_run(i).summary["arch"] for i in ids] == ["plain20", "plain56", "resnet20", "resnet56"]
    finally:
        store.close()
    assert demo_verdict(tmp_path, ids) is None  # the verdict waits for all four


def test_starting_the_queue_while_a_run_trains_waits_for_it(qtbot, controller: TrainingController,
                                                            tmp_path: Path) -> None:
    (queued_id,) = enqueue_many(tmp_path, tiny_items(["queued"]))
    controller.train_new(cifar_net(1, width=4, image_size=8), TINY, name="by hand")
    runner = QueueRunner(controller, tmp_path)
    started: list[int] = []
    runner.runStarted.connect(started.append)
    runner.start()
    assert runner.running and started == []  # the Train button's run goes first
    with qtbot.waitSignal(runner.allDone, timeout=120_000) as done:
        pass
    assert started == [queued_id] and done.args == [[queued_id]]


def test_the_demo_verdict_leaves_out_a_cancelled_run(qtbot, tmp_path: Path) -> None:
    from resviz.train.demo import demo_runs

    ids = enqueue_many(tmp_path, demo_runs("cpu", steps=2), tags=[DEMO_TAG])
    store = open_store(tmp_path)
    try:
        for run_id in ids[:3]:
            store.set_status(run_id, "finished")
    finally:
        store.close()
    assert demo_verdict(tmp_path, ids) is None  # ResNet-56 still queued
    store = open_store(tmp_path)
    try:
        store.delete_run(ids[3])  # cancelled from the queue
    finally:
        store.close()
    text = demo_verdict(tmp_path, ids)
    assert text is not None and "cannot be checked" in text  # no loss was logged by these fake runs
