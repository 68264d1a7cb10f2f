"""Resuming a stopped run from the app: the explorer's menu and its run page offer it only when
it makes sense, and the run continues in the same run, live in the main view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from resviz.arch.presets import cifar_net
from resviz.runs import open_store
from resviz.train.config import TrainConfig
from resviz.train.events import Callback, StepLog, TrainControl
from resviz.train.session import train
from resviz.ui.main_window import MainWindow


def tiny_config() -> TrainConfig:
    return TrainConfig(image_size=8, train_size=256, batch_size=32, steps=16, lr=0.05, schedule="constant",
                       log_every=4, probe_every=4, device="cpu", gradcam_each_epoch=False, max_val_images=64)


class StopAt8(Callback):
    def __init__(self, control: TrainControl) -> None:
        self.control = control

    def on_step(self, log: StepLog) -> None:
        if log.step >= 8:
            self.control.request_stop()


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: ANN001 - pytest-qt fixture
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path / "store", settings=settings, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(w)
    w.set_engine_ready(["auto", "cpu"])
    yield w
    w.editor.document.undo_stack.setClean()
    w.close()
    qtbot.waitUntil(lambda: not w.controller.busy, timeout=60_000)
    qtbot.wait(50)


def test_a_stopped_run_resumes_from_the_explorer_and_a_finished_one_cannot(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    control = TrainControl()
    run_id = train(cifar_net(1, width=4), tiny_config(), store_dir=window.store_dir, callbacks=[StopAt8(control)],
                   control=control).run_id
    explorer = window.explorer
    explorer.refresh()
    explorer.select_runs([run_id])
    qtbot.waitUntil(lambda: bool(explorer.shown), timeout=5_000)
    assert explorer.resume_button.isEnabled()
    menu = explorer.context_menu(explorer._selected_infos())
    resume = next(a for a in menu.actions() if a.text() == "Resume training")
    assert resume.isEnabled()
    with qtbot.waitSignal(window.controller.finished, timeout=60_000) as blocker:
        explorer.resume_button.click()
    assert blocker.args[0].status == "finished" and blocker.args[0].step == 16
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=10_000)
    shown = window.live.history.scalars["train/loss"].x  # the curve from step 4, not from the resume
    assert list(shown) == [4, 8, 12, 16]
    store = open_store(window.store_dir)
    info = store.get_run(run_id)
    steps, _ = store.metric_series(run_id, "train/loss")
    n_runs = len(store.list_runs())
    store.close()
    assert info.status == "finished" and steps[-1] == 16 and n_runs == 1
    explorer.refresh()
    explorer._show_selection()
    assert not explorer.resume_button.isEnabled()
    assert "nothing to resume" in explorer.resume_button.toolTip()
    menu = explorer.context_menu(explorer._selected_infos())
    assert not next(a for a in menu.actions() if a.text() == "Resume training").isEnabled()
