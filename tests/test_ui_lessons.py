"""The Lessons dock and Present mode, as a teacher drives them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from resviz.lessons import LESSONS, Setting
from resviz.runs import open_store
from resviz.ui.lessons.annotate import caption_of
from resviz.ui.main_window import MainWindow

TINY = {"image_size": 8, "train_size": 128, "batch_size": 16, "max_val_images": 32, "probe_every": 1,
        "log_every": 1, "warmup_steps": 0, "device": "cpu"}


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path / "store", settings=settings, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(w)
    w.set_engine_ready(["auto", "cpu"])
    w.resize(1280, 720)
    yield w
    w.editor.document.undo_stack.setClean()
    w.close()
    qtbot.waitUntil(lambda: not w.controller.busy, timeout=60_000)
    qtbot.wait(50)


def test_start_page_lists_the_lessons_in_order_and_opens_one(window: MainWindow) -> None:
    panel = window.lesson_ui.panel
    assert "dock_lessons" in [d.objectName() for d in window.docks.values()]
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert len(texts) == len(LESSONS) and texts[0].startswith("1. y = F(x) + x")
    assert texts[3].startswith("4. Is it vanishing gradients?")
    panel._open_item(panel.list.item(1))
    assert panel.stack.currentIndex() == 1 and "degradation" in panel.title.text().lower()
    assert "training" in panel.text.toPlainText()
    panel.back.click()
    assert panel.stack.currentIndex() == 0


def test_show_me_opens_the_view_and_highlights_the_block(window: MainWindow) -> None:
    panel = window.lesson_ui.panel
    panel.show_lesson("gradient-paths")
    panel.point_button.click()
    assert window.tabs.currentWidget() is window.shortcuts
    assert window.diagram.view.diagram.selected == "layer2.0"


def test_run_trains_through_the_queue_then_concludes_on_the_figure(qtbot, window: MainWindow) -> None:
    ui = window.lesson_ui
    ui.panel.show_lesson("residual-block")
    with qtbot.waitSignal(ui.coordinator.concluded, timeout=120_000) as done:
        ids = ui.coordinator.start("residual-block", Setting(seed=0, steps=2, width=0.25, overrides=TINY))
    key, got, text = done.args
    assert key == "residual-block" and got == ids and set(ids) == {"plain20", "resnet20"}
    assert "layer1.0" in text and "ResNet" not in ui.panel.status.text()
    assert ui.panel.conclusion.isVisible() or ui.panel.conclusion.text() == text
    assert window.tabs.currentWidget() is window.shortcuts
    caption = caption_of(window.shortcuts)
    assert caption is not None and caption.text() == text
    # Run again: both runs come from the store, nothing is queued, the conclusion is the same.
    with qtbot.waitSignal(ui.coordinator.concluded, timeout=10_000) as again:
        ui.coordinator.start("residual-block", Setting(seed=0, steps=2, width=0.25, overrides=TINY))
    assert again.args[1] == ids and again.args[2] == text and sorted(ui.coordinator.reused) == sorted(ids.values())
    status = ui.panel.status.text()  # a lesson that trained nothing says where its numbers came from
    assert "Reused from the store" in status and all(str(i) in status for i in ids.values())
    # Another lesson: neither its page nor the figure keeps this one's conclusion, in Present mode or after.
    ui.present.set_active(True)
    ui.panel.show_lesson("degradation")
    ui.present.set_active(False)
    assert ui.panel.conclusion.text() == "" and not ui.panel.conclusion.isVisible()
    assert caption_of(window.shortcuts) is None or not caption_of(window.shortcuts).text()


def test_present_mode_hides_the_editor_and_esc_restores_the_layout(qtbot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    present = window.lesson_ui.present
    assert window.docks["network"].isVisible() or window.docks["lessons"].isVisible()
    window.lesson_ui.panel.show_lesson("1")
    present.action.trigger()
    assert present.active and window.isFullScreen()
    assert not window.docks["network"].isVisible() and not window.docks["training"].isVisible()
    assert window.docks["lessons"].isVisible() and "font-size" in window.styleSheet()
    assert not window.lesson_ui.panel.look.isVisible()
    # Esc is the window's shortcut while presenting (the offscreen platform delivers no key to a
    # full-screen window, so the shortcut is fired as Qt would on the key).
    assert present.escape.key() == QKeySequence(Qt.Key.Key_Escape) and present.escape.isEnabled()
    present.escape.activated.emit()
    assert not present.active and not window.isFullScreen() and window.styleSheet() == ""
    assert window.docks["diagram"].isVisible() and window.lesson_ui.panel.look.isVisible()
    assert not present.escape.isEnabled()  # Esc does nothing outside Present mode


def test_many_paths_concludes_in_the_background_and_shows_the_lesion_study(qtbot, window: MainWindow) -> None:
    ui = window.lesson_ui
    ui.panel.show_lesson("many-paths")
    setting = Setting(seed=0, steps=2, width=0.25, overrides=TINY)
    with qtbot.waitSignal(ui.coordinator.concluded, timeout=120_000) as done:
        ids = ui.coordinator.start("many-paths", setting)
    text = done.args[2]
    assert set(ids) == {"plain20", "resnet20"} and "ResNet-20" in text
    assert window.tabs.currentWidget() is window.lesion
    assert window.lesion.run_id == ids["resnet20"] and window.lesion.result is not None
    # Both runs reused, their studies deleted: start() returns while the study runs in its thread.
    store = open_store(window.store_dir)
    for run_id in ids.values():
        (store.run_dir(run_id) / "lesion.json").unlink()  # the lesson stored each net's study
    store.close()
    got: list[str] = []
    ui.coordinator.concluded.connect(lambda _key, _ids, t: got.append(t))
    ui.coordinator.start("many-paths", setting)
    assert got == [] and ui.coordinator.task is not None and ui.coordinator.busy
    ui.run("residual-block")  # refused while the study runs, and says why
    assert "still being drawn" in ui.panel.status.text()
    qtbot.waitUntil(lambda: bool(got), timeout=60_000)
    assert got[0] == text and not ui.coordinator.busy


def test_the_classroom_box_trains_the_lessons_in_the_longer_setting(window: MainWindow) -> None:
    from resviz.train.config import CLASSROOM

    ui = window.lesson_ui
    ui.panel.show_lesson("shortcuts")
    window.training.widgets["seed"].setValue(3)
    assert ui.setting().device_type == "cpu"  # the quick setting on this CPU
    ui.panel.classroom.setChecked(True)
    assert ui.setting() == Setting(CLASSROOM, seed=3)
    assert "10 min" in ui.panel.classroom.text() and "both halves" in ui.panel.classroom.toolTip()
    window.docks["lessons"].show()
    window.docks["lessons"].raise_()
    assert window.minimumSizeHint().width() <= 1280  # a checkbox does not wrap: its text stays short
    # Measured for lesson 3's four networks only: lesson 7 trains five others and says no time or Fig. 6.
    ui.panel.show_lesson("preactivation")
    assert ui.panel.classroom.text() == "Longer classroom setting (5000 steps)"
    assert "min" not in ui.panel.classroom.toolTip() and "Fig. 6" not in ui.panel.classroom.toolTip()
    assert window.minimumSizeHint().width() <= 1280


def test_a_lessons_old_caption_does_not_take_the_demos_verdict_with_it(window: MainWindow) -> None:
    from resviz.lessons import get_lesson
    from tests.fixtures.synthetic_runs import add_synthetic_run

    with open_store(window.store_dir) as store:
        ids = {p: add_synthetic_run(store, p, steps=50, steps_per_epoch=10, gradcam=False)
               for p in ("plain20", "plain56")}
    ui = window.lesson_ui
    ui.point(get_lesson("degradation"), ids, "lesson 2's conclusion")
    assert caption_of(window.explorer).text() == "lesson 2's conclusion"
    window.explorer.caption("the demo's verdict")  # the demo ended meanwhile, on the same runs
    ui.panel.show_lesson("residual-block")  # another lesson's page: its own caption would go
    assert caption_of(window.explorer).text() == "the demo's verdict"
