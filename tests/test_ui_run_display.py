"""The run on display and the network being edited are named apart, and measurements are only
painted on the network they were taken on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from resviz.runs import open_store
from resviz.ui.main_window import MainWindow
from tests.fixtures.synthetic_runs import add_synthetic_run


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch) -> Iterator[MainWindow]:
    # No modal "save changes?" may block a headless test, whenever Qt closes the window.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path / "store", settings=settings, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(w)
    yield w
    w.editor.document.undo_stack.setClean()
    w.close()
    qtbot.wait(20)


def past_run(window: MainWindow, preset: str) -> int:
    store = open_store(window.store_dir)
    try:
        return add_synthetic_run(store, preset, steps=400, steps_per_epoch=100, probe_every=50)
    finally:
        store.close()


def coloured(window: MainWindow) -> bool:
    return bool(window.diagram.view.diagram.gradients)


def test_opening_a_run_names_it_and_colours_its_own_network(window: MainWindow) -> None:
    assert "No run on display" in window.run_header.label.text()
    assert not coloured(window) and "not trained" in window.docks["diagram"].windowTitle()
    run_id = past_run(window, "plain56")
    window.open_run(run_id)
    text = window.run_header.label.text()
    assert f"Run {run_id}" in text and "plain56" in text and "finished" in text
    assert window.diagram.view.diagram.model.name == "plain56"  # not the editor's resnet20
    assert coloured(window) and f"run {run_id}" in window.docks["diagram"].windowTitle()
    window.gradients.refresh()
    window.display.paint_measurements(window.live.history)
    assert window.diagram.view.diagram._range == window.gradients.colour_range()  # the heatmap's scale
    assert window.run_header.edit_button.isVisible() or not window.isVisible()
    assert not window.run_header.edit_button.isHidden()  # the editor holds another network


def test_an_edit_greys_the_diagram_and_loading_the_run_brings_its_colours_back(window: MainWindow) -> None:
    run_id = past_run(window, "resnet20")
    window.open_run(run_id)
    assert coloured(window)
    window.editor.document.set_block_field(1, 0, "shortcut", "B")  # the editor's net, never trained
    assert not coloured(window) and "not trained" in window.docks["diagram"].windowTitle()
    assert window.live.run_id == run_id  # the tabs still show the run, and the header says so
    window.edit_shown_network()
    assert window.editor.document.snapshot()["stages"] == open_store(window.store_dir).get_run(run_id).spec["stages"]
    assert coloured(window) and window.run_header.edit_button.isHidden()


def test_deleting_the_run_on_display_clears_its_colours(window: MainWindow) -> None:
    run_id = past_run(window, "resnet20")
    window.open_run(run_id)
    window.explorer.actions.deleted.emit([run_id])
    assert window.live.history is None and window.live.run_id is None
    assert not coloured(window)
    assert "No run on display" in window.run_header.label.text()


def test_title_and_preset_box_name_the_open_spec_file(window: MainWindow, tmp_path: Path) -> None:
    from resviz.arch.presets import get_preset
    from resviz.arch.spec import save_spec_file

    spec = get_preset("resnet20")
    spec.name = "my_net"
    spec.stages[2].blocks.pop()
    save_spec_file(spec, tmp_path / "my_net.json")
    assert window.editor.open_file(str(tmp_path / "my_net.json"))
    assert window.windowTitle().startswith("my_net.json")
    assert window.editor.preset_combo.currentIndex() == -1
    assert window.editor.preset_combo.placeholderText() == "my_net"  # not "Custom network"
    window.editor.document.set_block_field(0, 0, "channels", 20)
    assert window.isWindowModified()
