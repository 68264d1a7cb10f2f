"""The Lesion tab: runs the study in the background, shows progress, draws, cancels, reopens."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from resviz.analysis.lesion_run import load_lesion
from resviz.arch.presets import cifar_net
from resviz.data import load_dataset
from resviz.train.config import TrainConfig
from resviz.train.session import train
from resviz.ui.lesion_panel import LesionPanel


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    store = tmp_path_factory.mktemp("store")
    cfg = TrainConfig(batch_size=32, steps=4, epochs=1, log_every=2, probe_every=2, gradcam_images=4,
                      max_val_images=64, device="cpu", image_size=8, train_size=256, val_fraction=0.1)
    data = load_dataset("builtin", image_size=8, train_size=256, seed=0)
    return store, train(cifar_net(1, width=8), cfg, store_dir=store, data=data).run_id


def test_the_study_runs_in_the_background_and_is_kept(qtbot: QtBot, trained: tuple[Path, int]) -> None:
    store, run_id = trained
    panel = LesionPanel(store)
    qtbot.addWidget(panel)
    panel.resize(1280, 720)
    panel.show()
    assert not panel.run_button.isEnabled()  # no run shown yet
    panel.set_run(run_id)
    assert panel.run_button.isEnabled() and panel.canvas is None and "no lesion study" in panel.status.text()
    with qtbot.waitSignal(panel.studied, timeout=60_000) as blocker:
        panel.run_button.click()
        assert panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    qtbot.waitUntil(lambda: panel.task is None, timeout=5000)
    result = blocker.args[1]  # (kind, result)
    assert panel.canvas is not None and panel.bar.value() == panel.bar.maximum() > 1
    assert load_lesion(store, run_id) == result
    assert f"{result.base_accuracy:.1%}" in panel.status.text()

    again = LesionPanel(store)  # the kept study is shown when the run is opened again
    qtbot.addWidget(again)
    again.set_run(run_id)
    assert again.result == result and again.canvas is not None


def test_cancel_stops_between_evaluations(qtbot: QtBot, trained: tuple[Path, int]) -> None:
    store, run_id = trained
    panel = LesionPanel(store)
    qtbot.addWidget(panel)
    panel.set_run(run_id)
    panel.start()
    panel.cancel()  # the thread checks between two of its 19 evaluations
    with qtbot.assertNotEmitted(panel.studied):
        qtbot.waitUntil(lambda: panel.task is None, timeout=60_000)
    assert "stopped" in panel.status.text() and panel.run_button.isEnabled()
