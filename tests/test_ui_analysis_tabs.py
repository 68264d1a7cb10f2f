"""The Loss landscape and Shattered gradients tabs: they run in the background, draw, keep their
results with the run (shown again when it is reopened), and Cancel stops them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from resviz.analysis.landscape_run import line_for_run, load_landscape, load_line
from resviz.analysis.shatter_run import load_shatter
from resviz.arch.presets import cifar_net
from resviz.data import load_dataset
from resviz.presentation.comparison import Shown
from resviz.runs import open_store
from resviz.runs.files import initial_weights_file
from resviz.train.config import TrainConfig
from resviz.train.session import train
from resviz.ui.explorer.analyses import KINDS, AnalysesTab
from resviz.ui.landscape_panel import CONTOUR, LINE, SURFACE, LandscapePanel
from resviz.ui.shatter_panel import ShatterPanel


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    store = tmp_path_factory.mktemp("store")
    cfg = TrainConfig(batch_size=32, steps=4, epochs=1, log_every=2, probe_every=2, gradcam_images=4,
                      max_val_images=32, device="cpu", image_size=8, train_size=128, val_fraction=0.1)
    data = load_dataset("builtin", image_size=8, train_size=128, seed=0)
    return store, train(cifar_net(1, width=8), cfg, store_dir=store, data=data).run_id


def _panel(qtbot: QtBot, cls: type, store: Path) -> LandscapePanel | ShatterPanel:
    panel = cls(store)
    qtbot.addWidget(panel)
    panel.resize(1280, 720)
    panel.show()
    return panel


def test_the_landscape_tab_computes_line_and_plane_keeps_them_and_cancels(qtbot: QtBot, trained: tuple[Path, int]) -> None:
    store, run_id = trained
    panel = _panel(qtbot, LandscapePanel, store)
    assert not panel.line_button.isEnabled()  # no run shown yet
    panel.set_run(run_id)
    assert panel.line_button.isEnabled() and panel.canvas is None and "no loss line" in panel.status.text()
    panel.images.setValue(50)
    panel.grid.setValue(3)
    with qtbot.waitSignal(panel.studied, timeout=60_000) as blocker:
        panel.line_button.click()
        assert panel.cancel_button.isEnabled() and not panel.plane_button.isEnabled()
    qtbot.waitUntil(lambda: panel.task is None, timeout=5000)
    assert blocker.args[0] == "line" and panel.canvas is not None and panel.bar.value() == panel.bar.maximum() == 31
    assert load_line(store, run_id) == blocker.args[1]
    with qtbot.waitSignal(panel.studied, timeout=60_000):
        panel.plane_button.click()
    qtbot.waitUntil(lambda: panel.task is None, timeout=5000)
    assert panel.view.currentIndex() == CONTOUR and "3×3" in panel.status.text() and panel.canvas is not None
    panel.view.setCurrentIndex(SURFACE)
    assert panel.canvas is not None

    again = _panel(qtbot, LandscapePanel, store)  # opened again: both are shown from the store
    again.set_run(run_id)
    assert again.line == load_line(store, run_id) and again.plane == load_landscape(store, run_id)
    assert again.view.currentIndex() == LINE and again.canvas is not None
    assert "interpolated" not in again.status.text()

    # A line with interpolated BN statistics says so here, and the explorer counts it as missing.
    line_for_run(run_id, store_dir=store, images=50, points=3, batch_norm="interpolated")
    again.set_run(run_id, reload=True)
    assert "interpolated" in again.status.text() and again.canvas is not None
    with open_store(store) as s:
        tab = AnalysesTab(store)
        qtbot.addWidget(tab)
        tab.show()
        tab.kind.setCurrentIndex(KINDS.index("line"))
        tab.set_runs([Shown(s.get_run(run_id), None, "#1f77b4")])  # type: ignore[arg-type]
    assert tab.missing() == [run_id]

    panel.grid.setValue(9)
    panel.start_plane()
    panel.cancel()  # checked between two of its 81 evaluations
    with qtbot.assertNotEmitted(panel.studied):
        qtbot.waitUntil(lambda: panel.task is None, timeout=60_000)
    assert "stopped" in panel.status.text() and panel.plane_button.isEnabled()

    with open_store(store) as s:  # as a run trained before runs kept their initial weights
        older = s.create_run("older", spec={}, config={})
        assert not initial_weights_file(s, older).exists()
    panel.set_run(older)
    panel.view.setCurrentIndex(LINE)
    assert "train it again" in panel.status.text() and panel.canvas is None
    assert not panel.line_button.isEnabled() and panel.plane_button.isEnabled()


def test_the_shattering_tab_and_the_explorer_side_by_side(qtbot: QtBot, trained: tuple[Path, int]) -> None:
    store, run_id = trained
    panel = _panel(qtbot, ShatterPanel, store)
    panel.set_run(run_id)
    assert "no measurement" in panel.status.text()
    panel.points.setValue(32)
    with qtbot.waitSignal(panel.studied, timeout=60_000) as blocker:
        panel.run_button.click()
    qtbot.waitUntil(lambda: panel.task is None, timeout=5000)
    result = blocker.args[1]
    assert result.initial_is_run and len(result.trained) == 31 and panel.canvas is not None
    assert f"{result.trained[0]:.2f}" in panel.status.text()
    again = _panel(qtbot, ShatterPanel, store)
    again.set_run(run_id)
    assert again.result == load_shatter(store, run_id) == result and again.canvas is not None

    again.start()
    again.cancel()  # checked after the trained network, before the one at initialisation
    with qtbot.assertNotEmitted(again.studied):
        qtbot.waitUntil(lambda: again.task is None, timeout=60_000)
    assert "stopped" in again.status.text()

    # The explorer shows the stored result beside the runs that lack one, and computes those.
    with open_store(store) as s:
        bare = s.create_run("never trained", spec={}, config={})
        shown = [Shown(s.get_run(i), None, c) for i, c in ((run_id, "#1f77b4"), (bare, "#7f7f7f"))]  # type: ignore[arg-type]
    tab = AnalysesTab(store)
    qtbot.addWidget(tab)
    tab.resize(1280, 500)
    tab.show()
    tab.kind.setCurrentIndex(KINDS.index("shatter"))
    tab.set_runs(shown)
    assert tab.canvas is not None and f"#{bare}" in tab.status.text() and tab.missing() == [bare]
    with qtbot.waitSignal(tab.studied, timeout=30_000):
        tab.compute_button.click()
    qtbot.waitUntil(lambda: tab.task is None, timeout=5000)
    assert f"#{bare}: " in tab.status.text()  # no checkpoint: said, and the other run still drawn
    assert tab.canvas is not None
