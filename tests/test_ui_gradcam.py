"""The Grad-CAM panel: tiles, labels, map choice, requests, heading, export, empty states."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from resviz.train.events import GradCamLog
from resviz.ui.gradcam import GradCamPanel
from resviz.ui.gradcam.grid import RIGHT, WRONG
from resviz.ui.gradcam.header import EMPTY_TEXT

CLASSES = ["disc", "ring", "square", "diamond", "triangle", "cross", "ellipse", "star", "stripes", "checker"]
LAYERS = ["conv1", "layer1.0", "layer2.0", "layer3.0", "layer3.1", "layer3.2"]
N = 16
WRONG_AT = (1, 5, 12)


def blob(x: int, y: int, size: int = 32) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size]
    return np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / 20.0).astype(np.float32)


def make_log(**changes: object) -> GradCamLog:
    rng = np.random.default_rng(0)
    labels = np.arange(N) % 10
    preds = labels.copy()
    for i in WRONG_AT:
        preds[i] = (labels[i] + 1) % 10
    log = GradCamLog(
        step=1560,
        epoch=4,
        layer="layer3.2",
        images=rng.integers(0, 256, (N, 32, 32, 3), dtype=np.uint8),
        labels=labels,
        preds=preds,
        maps_pred=np.stack([blob(6, 6)] * N),  # top left
        maps_true=np.stack([blob(25, 25)] * N),  # bottom right
        boxes=np.tile(np.array([18, 18, 32, 32]), (N, 1)),
        pointing_game=0.8125,
        classes=list(CLASSES),
    )
    return replace(log, **changes)  # type: ignore[arg-type]


def rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return data.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def nearest(image: np.ndarray, size: int) -> np.ndarray:
    idx = np.arange(size) * image.shape[0] // size
    return image[idx][:, idx]


@pytest.fixture
def panel(qtbot: QtBot) -> GradCamPanel:
    p = GradCamPanel()
    qtbot.addWidget(p)
    p.set_layers(LAYERS)
    p.set_classes(CLASSES)
    p.resize(900, 650)
    p.show()
    qtbot.waitExposed(p)
    return p


def pick_target(p: GradCamPanel, target: str) -> None:
    combo = p.controls.target
    combo.setCurrentIndex(combo.findData(target))


def test_empty_state_before_any_result(panel: GradCamPanel) -> None:
    assert panel.empty_text() == EMPTY_TEXT
    assert panel.empty.isVisible() and not panel.scroll.isVisible()
    assert EMPTY_TEXT in panel.empty.text()
    assert panel.heading_text() == ""
    assert not panel.controls.export.isEnabled()


def test_show_result_makes_a_tile_per_image_with_labels(panel: GradCamPanel) -> None:
    panel.show_result(make_log())
    tiles = panel.grid.tiles
    assert len(tiles) == N and panel.scroll.isVisible() and panel.empty_text() is None
    assert tiles[0].label_text == "true: disc · pred: disc"
    assert tiles[1].label_text == "true: ring · pred: square"
    for i, tile in enumerate(tiles):
        assert tile.label_color == (WRONG if i in WRONG_AT else RIGHT)
    assert panel.controls.export.isEnabled()


def test_opacity_zero_shows_the_image_and_full_opacity_does_not(panel: GradCamPanel) -> None:
    log = make_log()
    panel.show_result(log)
    size = panel.grid.geometry_.tile
    panel.controls.opacity.setValue(0)
    np.testing.assert_array_equal(rgb(panel.grid.images(size)[0]), nearest(log.images[0], size))
    # And what is painted is that image: the centre pixel of the first tile on screen.
    rect = panel.grid.geometry_.image_rect(0)
    shot = rgb(panel.grid.grab().toImage())
    on_screen = shot[rect.top() : rect.top() + size, rect.left() : rect.left() + size]
    half = size // 2  # the object's box (drawn over the image) starts further right and down
    np.testing.assert_array_equal(on_screen[2:half, 2:half], nearest(log.images[0], size)[2:half, 2:half])
    panel.controls.opacity.setValue(100)
    full = rgb(panel.grid.images(size)[0])
    assert np.abs(full.astype(int) - nearest(log.images[0], size).astype(int)).mean() > 20


def test_true_class_picker_shows_maps_true(panel: GradCamPanel, qtbot: QtBot) -> None:
    log = make_log()
    panel.show_result(log)
    panel.controls.opacity.setValue(100)
    size = panel.grid.geometry_.tile
    hot_pred = (size * 6 // 32, size * 6 // 32)  # (y, x) where only maps_pred is hot
    before = rgb(panel.grid.images(size)[0])[hot_pred]
    with qtbot.assertNotEmitted(panel.requested):  # every result carries both maps
        pick_target(panel, "true")
    np.testing.assert_array_equal(panel.grid.tiles[0].cam, log.maps_true[0])
    after = rgb(panel.grid.images(size)[0])[hot_pred]
    assert int(before[0]) - int(after[0]) > 60  # red (hot) → blue (cold) at that pixel
    assert not panel.note.isVisible()


def test_choosing_a_class_index_requests_it(panel: GradCamPanel, qtbot: QtBot) -> None:
    panel.show_result(make_log())
    with qtbot.waitSignal(panel.requested, timeout=1000) as blocker:
        pick_target(panel, "3")
    assert blocker.args == ["layer3.2", "3"]
    # Until the maps arrive the predicted class stands in, and a note says so.
    np.testing.assert_array_equal(panel.grid.tiles[0].cam, make_log().maps_pred[0])
    assert panel.note.isVisible() and "diamond" in panel.note.text()
    target = np.stack([blob(16, 16)] * N)
    panel.show_result(make_log(target_class=3, maps_target=target))
    np.testing.assert_array_equal(panel.grid.tiles[0].cam, target[0])
    assert not panel.note.isVisible()


def test_result_for_another_class_falls_back_with_a_note(panel: GradCamPanel) -> None:
    pick_target(panel, "7")
    panel.show_result(make_log(target_class=2, maps_target=np.stack([blob(16, 16)] * N)))
    np.testing.assert_array_equal(panel.grid.tiles[0].cam, make_log().maps_pred[0])
    assert panel.note.isVisible() and "star" in panel.note.text()


def test_set_layers_keeps_the_current_choice(panel: GradCamPanel) -> None:
    assert panel.current_layer() == "layer3.2"  # deepest by default
    combo = panel.controls.layer
    combo.setCurrentIndex(combo.findData("layer2.0"))
    panel.set_layers(["conv1", "layer1.0", "layer2.0", "layer2.1"])
    assert panel.current_layer() == "layer2.0"
    panel.set_layers(["conv1", "layer1.0", "layer1.1"], default="layer1.0")
    assert panel.current_layer() == "layer1.0"
    assert [combo.itemData(i) for i in range(combo.count())] == ["conv1", "layer1.0", "layer1.1"]
    assert combo.itemText(2) == "stage 1 · block 2"
    # The deepest layer was not a choice: another network starts at its own last block.
    panel.set_layers(["conv1", "layer3.2"])
    panel.set_layers(["conv1", "layer3.2", "layer3.8"])
    assert panel.current_layer() == "layer3.8"


def test_select_layer_requests_only_what_is_missing(panel: GradCamPanel, qtbot: QtBot) -> None:
    panel.show_result(make_log())
    with qtbot.assertNotEmitted(panel.requested):
        panel.select_layer("layer3.2")  # already shown
        panel.select_layer("fc")  # not a Grad-CAM layer: ignored
    assert panel.current_layer() == "layer3.2"
    with qtbot.waitSignal(panel.requested, timeout=1000) as blocker:
        panel.select_layer("layer1.0")
    assert blocker.args == ["layer1.0", "predicted"]
    assert "layer1.0" in panel.note.text()
    # An epoch-end result for the old layer does not undo the user's choice...
    panel.show_result(make_log(step=2000))
    assert panel.current_layer() == "layer1.0"
    # ...and the requested one is shown when it arrives.
    panel.show_result(make_log(layer="layer1.0"))
    assert panel.current_layer() == "layer1.0" and not panel.note.isVisible()


def test_without_auto_update_only_compute_requests(panel: GradCamPanel, qtbot: QtBot) -> None:
    panel.show_result(make_log())
    panel.auto_update = False
    with qtbot.assertNotEmitted(panel.requested):
        panel.select_layer("layer2.0")
    assert "press Compute" in panel.note.text()
    with qtbot.waitSignal(panel.requested, timeout=1000) as blocker:
        panel.controls.compute.click()
    assert blocker.args == ["layer2.0", "predicted"]


def test_heading_and_pointing_game(panel: GradCamPanel) -> None:
    panel.show_result(make_log())
    assert panel.heading_text() == "layer3.2 · epoch 4 · step 1,560 · pointing game 81%"
    assert "inside" in panel.header.pointing.toolTip() and panel.header.pointing.isVisible()
    panel.show_result(make_log(pointing_game=None, boxes=None))
    assert panel.heading_text() == "layer3.2 · epoch 4 · step 1,560"
    assert "pointing" not in panel.heading_text() and not panel.header.pointing.isVisible()
    assert not panel.controls.show_box.isEnabled()


def test_export_png_is_the_grid_at_twice_the_size(panel: GradCamPanel, tmp_path: Path) -> None:
    panel.show_result(make_log())
    once = panel.export_image(scale=1.0)
    path = tmp_path / "grid.png"
    panel.export_png(path)
    with Image.open(path) as png:
        assert png.format == "PNG"
        assert png.size == (2 * once.width(), 2 * once.height())
        pixels = np.asarray(png.convert("RGB"))
    assert once.width() >= panel.grid.geometry_.width  # the whole grid, not the visible part
    assert pixels.std() > 20  # tiles, not a blank page
    # The heatmaps are in it: without them the same picture differs.
    panel.controls.opacity.setValue(0)
    plain = rgb(panel.export_image(scale=1.0))
    assert plain.shape == rgb(once).shape and np.abs(plain.astype(int) - rgb(once).astype(int)).mean() > 5


def test_export_without_result_is_refused(panel: GradCamPanel, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        panel.export_png(tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_message_busy_and_clear(panel: GradCamPanel, qtbot: QtBot) -> None:
    panel.set_message("No checkpoint for this run yet")
    assert panel.empty_text() == "No checkpoint for this run yet" and panel.empty.isVisible()
    panel.set_busy(True)
    assert not panel.controls.compute.isEnabled()
    assert panel.empty_text() == "Computing Grad-CAM…"
    assert not panel.header.busy_label.isVisible()  # the empty state says it already
    panel.set_busy(False)
    assert panel.empty_text() == "No checkpoint for this run yet"
    panel.show_result(make_log())
    panel.set_busy(True, "Loading checkpoint…")
    assert panel.header.busy_label.isVisible() and panel.header.busy_label.text() == "Loading checkpoint…"
    panel.set_busy(False)
    assert not panel.header.busy_label.isVisible() and panel.controls.compute.isEnabled()
    panel.set_message("Grad-CAM failed: out of memory")
    assert panel.grid.tiles == [] and panel.empty_text() == "Grad-CAM failed: out of memory"
    panel.clear()
    assert panel.empty_text() == EMPTY_TEXT and panel.result is None


def test_compute_button_requests_current_choice(panel: GradCamPanel, qtbot: QtBot) -> None:
    pick_target(panel, "true")  # no result yet: asks at once
    with qtbot.waitSignal(panel.requested, timeout=1000) as blocker:
        panel.controls.compute.click()
    assert blocker.args == ["layer3.2", "true"]


def test_columns_follow_the_width(panel: GradCamPanel, qtbot: QtBot) -> None:
    panel.show_result(make_log())
    wide = panel.grid.geometry_
    panel.resize(520, 700)
    qtbot.waitUntil(lambda: panel.grid.geometry_.cols < wide.cols, timeout=2000)
    narrow = panel.grid.geometry_
    for geo in (wide, narrow):
        rects = [geo.image_rect(i) for i in range(N)]
        assert all(not a.intersects(b) for k, a in enumerate(rects) for b in rects[k + 1 :])
    assert all(r.right() < panel.grid.width() for r in (narrow.image_rect(i) for i in range(N)))


def test_set_classes_keeps_a_chosen_class_by_name(panel: GradCamPanel) -> None:
    pick_target(panel, "7")  # star
    panel.set_classes(["star", "disc"])
    assert panel.current_target() == "0"
    panel.set_classes(["a", "b"])
    assert panel.current_target() == "predicted"


def test_tooltip_says_where_the_peak_is(panel: GradCamPanel) -> None:
    panel.show_result(make_log())
    inside = panel.grid.geometry_.image_rect(0).center()
    event = QHelpEvent(QEvent.Type.ToolTip, inside, panel.grid.mapToGlobal(inside))
    assert QApplication.sendEvent(panel.grid, event)
    assert "outside the object's box" in panel.grid.tooltip(0)  # predicted map peaks top left
    pick_target(panel, "true")
    assert "inside the object's box" in panel.grid.tooltip(0)


def test_the_pointing_game_is_shown_with_its_error_and_baselines(panel: GradCamPanel) -> None:
    from resviz.train.pointing import PointingScore

    panel.show_result(make_log(pointing_game=0.642, pointing=PointingScore(321, 500, 0.195, 0.2)))
    assert panel.heading_text().endswith("pointing game 64% ± 2% on 500 images (chance 20%, centre 20%)")
    assert "centre" in panel.header.pointing.toolTip()
