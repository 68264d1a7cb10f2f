"""The window as a user drives it: train, pause, stop, close mid-run, and errors shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from resviz.runs import open_store
from resviz.train.config import TrainConfig
from resviz.train.events import FitEnd, FitInfo
from resviz.ui.main_window import MainWindow
from resviz.ui.worker import TrainWorker


def tiny_config(**kw: object) -> TrainConfig:
    base = dict(image_size=16, train_size=512, batch_size=32, steps=30, lr=0.05, schedule="constant",
                probe_every=2, device="cpu")
    base.update(kw)
    return TrainConfig(**base)  # type: ignore[arg-type]


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path / "store", settings=settings, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(w)
    w.set_engine_ready(["auto", "cpu"])
    yield w
    # Stop everything the window runs before Qt deletes it, so no queued event outlives it.
    w.editor.document.undo_stack.setClean()
    w.close()
    qtbot.waitUntil(lambda: not w.controller.busy, timeout=60_000)
    qtbot.wait(50)


def test_opens_ready_with_resnet20(window: MainWindow) -> None:
    assert window.editor.document.spec().name == "resnet20"
    assert window.bar.train_action.isEnabled()
    assert not window.bar.stop_action.isEnabled()


def test_no_plot_offers_pyqtgraphs_untranslated_export_menu(window: MainWindow) -> None:
    """A right-click where no item takes it would pop up pyqtgraph's scene menu ("Export...")."""
    import pyqtgraph as pg

    canvases = window.findChildren(pg.GraphicsView)
    assert len(canvases) >= 5  # the training views' plots
    assert [c for c in canvases if c.scene().contextMenu] == []


def test_runs_at_once_is_offered_only_with_a_gpu(window: MainWindow) -> None:
    panel = window.queue_panel
    assert panel.at_once.isHidden() and panel.at_once_label.isHidden()  # a CPU-only machine
    window.set_engine_ready(["auto", "cuda", "cpu"])
    assert not panel.at_once.isHidden() and not panel.at_once_label.isHidden()


def test_train_is_disabled_until_the_engine_loaded(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path, settings=settings, autosave_dir=tmp_path / "a")
    qtbot.addWidget(w)
    assert not w.bar.train_action.isEnabled()


def test_a_bad_edit_disables_train(window: MainWindow) -> None:
    window.editor.document.set_block_field(1, 0, "shortcut", "identity")
    assert not window.editor.document.is_valid()
    assert not window.bar.train_action.isEnabled()
    window.editor.document.undo_stack.undo()
    assert window.bar.train_action.isEnabled()


def test_training_from_the_window_lands_in_the_store(qtbot, window: MainWindow) -> None:
    window.training.set_config(tiny_config())
    c = window.controller
    with qtbot.waitSignals([c.started, c.finished, c.idle], order="strict", timeout=120_000):
        window.bar.train_action.trigger()
    h = window.live.history
    assert h is not None and len(h.scalars["train/loss"]) >= 3
    assert h.vectors["grad_norm"].n >= 3
    assert window.diagram.view is not None
    runs = open_store(window.store_dir).list_runs()
    assert len(runs) == 1 and runs[0].status == "finished"
    assert window.bar.train_action.isEnabled()


def test_pause_resume_and_stop(qtbot, window: MainWindow) -> None:
    window.training.set_config(tiny_config(steps=100_000))
    c = window.controller
    with qtbot.waitSignal(c.started, timeout=60_000):
        window.start_training()
    qtbot.waitUntil(lambda: window.live.history is not None and len(window.live.history.scalars.get("train/loss", [])) > 0,
                    timeout=60_000)
    window.bar.pause_action.trigger()
    assert c.paused and window.bar.pause_action.text() == "Resume"
    qtbot.wait(300)
    n = window.live.history.last_step.step
    qtbot.wait(700)
    assert window.live.history.last_step.step <= n + window.training.config().log_every
    window.bar.pause_action.trigger()
    assert not c.paused
    with qtbot.waitSignal(c.finished, timeout=60_000) as blocker:
        window.bar.stop_action.trigger()
    end: FitEnd = blocker.args[0]
    assert end.status == "stopped" and end.checkpoint
    qtbot.waitUntil(lambda: not c.busy, timeout=10_000)


def test_closing_mid_run_stops_saves_and_joins(qtbot, window: MainWindow) -> None:
    window.training.set_config(tiny_config(steps=100_000))
    with qtbot.waitSignal(window.controller.started, timeout=60_000):
        window.start_training()
    qtbot.waitUntil(lambda: window.live.history is not None and window.live.history.last_step is not None, timeout=60_000)
    window.close()
    assert not window.controller.busy
    run = open_store(window.store_dir).list_runs()[0]
    assert run.status == "stopped" and run.checkpoint_path is not None


def test_a_missing_dataset_folder_is_shown_and_the_app_goes_on(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.training.set_config(tiny_config(dataset="cifar10", data_dir=str(tmp_path / "no-cifar")))
    with qtbot.waitSignal(window.controller.errored, timeout=60_000) as blocker:
        window.start_training()
    assert "no-cifar" in blocker.args[0]
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=10_000)
    boxes = [b for b in window.findChildren(QMessageBox) if b.objectName() == "resviz_warning"]
    assert boxes and "no-cifar" in boxes[-1].text()
    assert window.bar.train_action.isEnabled()


def test_divergence_is_shown(qtbot, window: MainWindow) -> None:
    window.training.set_config(tiny_config(lr=10.0, steps=60, optimizer="sgd"))
    window.training.widgets["lr"].setValue(10.0)
    cfg = window.training.config()
    cfg.lr = 1e9
    window.controller.train_new(window.editor.document.spec(), cfg)
    with qtbot.waitSignal(window.controller.finished, timeout=120_000) as blocker:
        pass
    assert blocker.args[0].status == "diverged"
    qtbot.waitUntil(lambda: any("diverged" in b.text() for b in window.findChildren(QMessageBox)), timeout=5_000)


class _GuiSide(QObject):
    """Receives a worker's signals in the GUI thread, as the controller does. Waiting on the
    worker's own signals would run pytest-qt's slot in the worker thread, which then stops the
    blocker's GUI-thread timer from the wrong thread (a dangling timer, a segfault later)."""

    started = Signal(object)
    finished = Signal(object)
    errored = Signal(str)
    done = Signal()

    def __init__(self, worker: TrainWorker) -> None:
        super().__init__()
        for name in ("started", "finished", "errored", "done"):
            getattr(worker, name).connect(getattr(self, name))


def test_worker_signals_arrive_in_order(qtbot) -> None:
    from resviz.train.events import FitEnd as End

    class Outcome:
        run_id = 1
        end = End("finished", "", 3, 1, 0.1, 1.0, 0.5, None)

    def job(callbacks, control):  # noqa: ANN001, ANN202
        info = FitInfo(1, "x", {}, {}, "cpu", "builtin", [], 3, 3, 0, 10, [], [], [])
        for cb in callbacks:
            cb.on_fit_start(info)
            cb.on_fit_end(Outcome.end)
        return Outcome()

    worker = TrainWorker()
    gui = _GuiSide(worker)
    with qtbot.waitSignals([gui.started, gui.finished, gui.done], order="strict", timeout=10_000):
        worker.start(job)
    assert worker.join(5000)


def test_worker_relays_exceptions(qtbot) -> None:
    def job(callbacks, control):  # noqa: ANN001, ANN202
        raise RuntimeError("boom")

    worker = TrainWorker()
    gui = _GuiSide(worker)
    messages: list[str] = []
    gui.errored.connect(messages.append)
    with qtbot.waitSignals([gui.errored, gui.done], order="strict", timeout=10_000):
        worker.start(job)
    assert messages and "boom" in messages[0]
    worker.join(5000)


def test_settings_remember_the_network(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path, settings=settings, autosave_dir=tmp_path / "a")
    qtbot.addWidget(w)
    w.editor.document.load_preset("plain56")
    w.save_settings()
    w.editor.document.undo_stack.setClean()  # closing must not ask to save in a test
    w2 = MainWindow(store_dir=tmp_path, settings=settings, autosave_dir=tmp_path / "a")
    qtbot.addWidget(w2)
    assert w2.editor.document.spec().name == "plain56"


def test_reset_layout_brings_closed_docks_back(window: MainWindow) -> None:
    window.show()
    window.docks["diagram"].close()
    assert not window.docks["diagram"].isVisible()
    window.reset_layout()
    assert window.docks["diagram"].isVisible()


def test_a_past_run_reopens_with_curves_diagram_and_gradcam(qtbot, window: MainWindow) -> None:
    from resviz.arch.presets import cifar_net
    from resviz.train.session import train

    out = train(cifar_net(1, width=8), tiny_config(steps=16, epochs=1), store_dir=window.store_dir, name="past")
    window.open_run(out.run_id)
    h = window.live.history
    assert h is not None and not window.live.live and window.live.run_id == out.run_id
    assert len(h.scalars["train/loss"]) >= 1 and h.vectors["grad_norm"].n >= 1
    assert window.gradcam.result is not None and window.gradcam.result.step == 16
    window.display.request_gradcam("layer1.0", "true")  # computed from the checkpoint in a thread
    qtbot.waitUntil(lambda: window.gradcam.result is not None and window.gradcam.result.layer == "layer1.0",
                    timeout=60_000)


def test_queueing_from_the_window_trains_in_order(qtbot, window: MainWindow) -> None:
    window.training.set_config(tiny_config(steps=6))
    window.enqueue_current()
    window.enqueue_current()
    with qtbot.waitSignal(window.queue_runner.allDone, timeout=120_000) as blocker:
        window.queue_runner.start()
    assert len(blocker.args[0]) == 2
    runs = open_store(window.store_dir).list_runs()
    assert [r.status for r in runs] == ["finished", "finished"]


def test_import_a_run_and_a_bad_file(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from resviz.arch.presets import cifar_net
    from resviz.runs import export_json
    from resviz.train.session import train

    other = tmp_path / "other"
    out = train(cifar_net(1, width=8), tiny_config(steps=4), store_dir=other)
    store = open_store(other)
    export_json(store, out.run_id, tmp_path / "run.json")
    store.close()
    run_id = window.import_run(str(tmp_path / "run.json"))
    assert run_id is not None and run_id in window.explorer.selected_runs()
    (tmp_path / "bad.json").write_text("{not json")
    assert window.import_run(str(tmp_path / "bad.json")) is None
    assert any(b.objectName() == "resviz_warning" for b in window.findChildren(QMessageBox))


def test_the_demo_verdict_waits_for_its_last_run_and_comes_once(window: MainWindow) -> None:
    from resviz.train.demo import DEMO_TAG, demo_runs
    from resviz.train.queue import enqueue_many

    ids = enqueue_many(window.store_dir, demo_runs("cpu", steps=2), tags=[DEMO_TAG])
    window.demo.run_ids = list(ids)  # as start() leaves them, without training the four

    def verdicts() -> list[QMessageBox]:
        return [b for b in window.findChildren(QMessageBox) if b.objectName() == "resviz_demo_verdict"]

    def finish(run_id: int) -> None:
        store = open_store(window.store_dir)
        try:
            store.set_status(run_id, "finished")
        finally:
            store.close()
        window.queue_runner.runFinished.emit(run_id)

    for run_id in ids[:3]:
        finish(run_id)
    assert not verdicts() and window.demo.run_ids == ids  # ResNet-56 is still queued
    window.queue_runner.runFinished.emit(max(ids) + 1)  # not one of the demo's runs
    assert not verdicts()
    finish(ids[3])
    assert len(verdicts()) == 1 and window.demo.run_ids == []
    # The verdict is written above the four runs' curves, and goes when other runs are compared.
    from resviz.ui.lessons.annotate import caption_of

    caption = caption_of(window.explorer)
    assert window.tabs.currentWidget() is window.explorer and sorted(window.explorer.selected_runs()) == ids
    assert caption is not None and "plain-56" in caption.text() and caption.isVisibleTo(window.explorer)
    window.explorer.select_runs(ids[:2])
    assert not caption.text() and not caption.isVisibleTo(window.explorer)
def test_the_demo_button_asks_without_blocking_and_enter_starts_the_quick_demo(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    import resviz.train.device
    import resviz.ui.queue

    monkeypatch.setattr(resviz.train.device, "resolve_device", lambda name="auto": torch.device("cpu"))
    queued: list[tuple[str, int]] = []
    monkeypatch.setattr(resviz.ui.queue, "start_degradation_demo",  # its own test trains; here: what is asked
                        lambda controller, runner, store, setting, seed: queued.append((setting, seed)) or [])
    window.bar.demo_action.trigger()  # opens the dialog and returns: exec() would hang this test
    dialog = window.demo.dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    dialog._buttons.rejected.emit()  # Cancel queues nothing
    assert queued == [] and not dialog.isVisible()
    window.bar.demo_action.trigger()
    dialog = window.demo.dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button: the quick setting, preselected on a CPU
    assert queued == [("cpu", window.training.config().seed)] and not dialog.isVisible()


def test_the_window_shows_before_torch_loads(tmp_path: Path) -> None:
    """The window is built without torch (it loads in the background): a module-level import of
    an analysis in a panel once doubled the time to a visible window."""
    import subprocess
    import sys

    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from PySide6.QtCore import QSettings\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from resviz.ui.main_window import MainWindow\n"
            f"w = MainWindow(store_dir={str(tmp_path / 'store')!r}, "
            f"settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat), "
            f"autosave_dir={str(tmp_path / 'auto')!r})\n"
            "w.show(); app.processEvents()\n"
            "print(sorted(m for m in ('torch', 'torchvision', 'captum') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_editor_estimates_memory_at_the_training_batch_size(window: MainWindow) -> None:
    batch = window.training.widgets["batch_size"]
    batch.setValue(128)
    at_128 = window.editor.memory.text()
    batch.setValue(32)
    at_32 = window.editor.memory.text()
    assert "batch 128" in at_128 and "batch 32" in at_32

    def fp32_bytes(text: str) -> float:
        number, unit = text.split(": ")[1].split(" fp32")[0].split()
        return float(number.replace(",", "")) * {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[unit]

    assert fp32_bytes(at_32) < fp32_bytes(at_128)  # the activations scale with the batch


def test_runs_a_lesson_selects_before_compare_runs_opens_are_in_view(qtbot, window: MainWindow) -> None:
    """A hidden table does not scroll: the row sat at y = 960 in a 98 px view before."""
    from tests.fixtures.synthetic_runs import add_synthetic_run

    with open_store(window.store_dir) as store:
        target = add_synthetic_run(store, "plain20", steps=20, steps_per_epoch=10, probe_every=10, name="the oldest")
        for i in range(40):
            add_synthetic_run(store, "resnet20", steps=20, steps_per_epoch=10, probe_every=10, seed=i, name=f"run {i}")
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    explorer = window.explorer
    assert not explorer.isVisible()
    explorer.refresh()
    explorer.select_runs([target])  # as LessonsUi.point does, before it opens the tab
    window.tabs.setCurrentWidget(explorer)
    qtbot.waitUntil(explorer.isVisible)
    qtbot.wait(50)
    table = explorer.table
    row = table.visualRect(explorer.selection.proxy_index(target))
    assert table.viewport().rect().contains(row.center())
