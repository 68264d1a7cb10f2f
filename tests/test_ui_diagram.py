"""DiagramView: items per spec, clicks, colours, shares, folding, errors and exports."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QToolTip

from resviz.arch.presets import get_preset
from resviz.arch.spec import NetworkSpec
from resviz.ui.diagram import DiagramView, DiagramWidget
from resviz.ui.diagram.arcs import ArcItem
from resviz.ui.diagram.items import BlockItem
from resviz.ui.diagram.stages import CollapsedStageItem, StageHeaderItem


def make_view(qtbot, preset: str | NetworkSpec, size: tuple[int, int] = (360, 900)) -> DiagramView:  # type: ignore[no-untyped-def]
    view = DiagramView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    view.set_spec(get_preset(preset) if isinstance(preset, str) else preset)
    return view


def stage_blocks(view: DiagramView) -> list[BlockItem]:
    return [
        it for it in view.scene().items() if isinstance(it, BlockItem) and it.info.stage is not None
    ]


def arcs(view: DiagramView) -> list[ArcItem]:
    return [it for it in view.scene().items() if isinstance(it, ArcItem)]


def visible(items: list) -> list:  # type: ignore[type-arg]
    return [it for it in items if it.isVisible()]


def test_resnet20_draws_nine_blocks_and_nine_arcs_two_zero_padded(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet20")
    assert len(stage_blocks(view)) == 9
    assert {b.module for b in view.diagram.blocks.values()} >= {
        "conv1",
        "fc",
        "layer1.0",
        "layer3.2",
    }
    drawn = arcs(view)
    assert len(drawn) == 9
    pads = [a for a in drawn if a.kind == "pad"]
    assert sorted(a.module for a in pads) == ["layer2.0", "layer3.0"]
    assert all(a.pen().style() == Qt.PenStyle.CustomDashLine for a in pads)  # option A is dashed
    assert all([m.text for m in a.markers] == ["0-pad"] for a in pads)
    identity = [a for a in drawn if a.kind == "identity"]
    assert len(identity) == 7 and all(
        a.pen().style() == Qt.PenStyle.SolidLine and not a.markers for a in identity
    )


def test_plain_net_has_no_arcs(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "plain20")
    assert len(stage_blocks(view)) == 9
    assert arcs(view) == []


def test_resnet50_has_projection_boxes_on_four_blocks(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet50")
    drawn = arcs(view)
    assert len(drawn) == 16
    projected = sorted(a.module for a in drawn if [m.text for m in a.markers] == ["1×1"])
    assert projected == ["layer1.0", "layer2.0", "layer3.0", "layer4.0"]


def test_gated_scaled_and_dropout_shortcuts_look_different(qtbot) -> None:  # type: ignore[no-untyped-def]
    spec = get_preset("resnet20")
    for b, shortcut in zip(
        spec.stages[0].blocks, ["exclusive_gating", "scaling", "dropout"], strict=True
    ):
        b.shortcut = shortcut
    view = make_view(qtbot, spec)
    by_module = {a.module: a for a in arcs(view)}
    assert [m.text for m in by_module["layer1.0"].markers] == ["σ"]
    assert [m.text for m in by_module["layer1.1"].markers] == ["×0.5"]
    assert (
        by_module["layer1.2"].markers == []
        and by_module["layer1.2"].pen().capStyle() == Qt.PenCapStyle.RoundCap
    )
    assert by_module["layer1.2"].pen().style() == Qt.PenStyle.CustomDashLine  # dotted
    assert set(view.diagram.legend.kinds) == {
        "identity",
        "pad",
        "exclusive_gating",
        "scaling",
        "dropout",
    }


def click_item(qtbot, view: DiagramView, item) -> None:  # type: ignore[no-untyped-def]
    view.ensureVisible(item)
    pos = view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_clicking_a_block_emits_its_module_name_and_selects_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet20")
    target = view.diagram.blocks["layer2.1"]
    with qtbot.waitSignal(view.blockClicked, timeout=1000) as blocker:
        click_item(qtbot, view, target)
    assert blocker.args == ["layer2.1"]
    assert target.selected and view.diagram.selected == "layer2.1"
    with qtbot.waitSignal(view.blockClicked, timeout=1000) as blocker:
        click_item(qtbot, view, view.diagram.blocks["fc"])
    assert blocker.args == ["fc"]
    assert not target.selected


def test_select_module_highlights_without_emitting(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet20")
    with qtbot.assertNotEmitted(view.blockClicked):
        view.select_module("layer3.0")
    assert view.diagram.blocks["layer3.0"].selected
    view.select_module("no.such.layer")
    assert not any(b.selected for b in view.diagram.blocks.values())


def test_gradients_colour_blocks_on_a_log_scale_and_update_the_legend(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "plain20")
    items_before = set(map(id, view.scene().items()))
    view.set_gradients({"layer1.0": 1e-6, "layer3.2": 1e-1, "layer2.0": 1e-3})
    weak, strong = view.diagram.blocks["layer1.0"].fill, view.diagram.blocks["layer3.2"].fill
    assert weak is not None and strong is not None and weak != strong
    assert view.diagram.blocks["layer1.1"].fill is None  # not measured: neutral grey
    assert view.diagram.legend.range == pytest.approx((1e-6, 1e-1))
    assert view.diagram.legend.observed == pytest.approx((1e-6, 1e-1))
    assert set(map(id, view.scene().items())) == items_before  # recoloured, not rebuilt
    view.set_gradients({"layer1.0": 2e-3, "layer3.2": 5e-2})
    assert view.diagram.legend.range == pytest.approx((1e-3, 1e-1))
    assert view.diagram.blocks["layer2.0"].fill is None  # dropped from the latest update
    view.set_spec(get_preset("plain20"))  # the same network again keeps its colours
    assert view.diagram.blocks["layer1.0"].fill is not None
    view.set_spec(get_preset("resnet20"))  # another network: its colours would lie
    assert view.diagram.blocks["layer1.0"].fill is None
    view.set_spec(get_preset("plain20"))
    view.set_gradients({"layer1.0": 2e-3})
    view.clear_measurements()
    assert view.diagram.legend.range is None
    assert all(b.fill is None for b in view.diagram.blocks.values())


def test_tooltip_shows_shapes_numbers_and_measurements(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet20")
    text = view.tooltip_for("layer2.0")
    assert "16×32×32 → 32×16×16" in text and "option A" in text
    assert "not measured" in text
    view.set_gradients({"layer2.0": 3.2e-4})
    view.set_shortcut_shares({"layer2.0": 0.75})
    text = view.tooltip_for("layer2.0")
    assert "3.2e-4" in text and "75%" in text


def test_shortcut_share_sets_arc_width_and_opacity(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet20")
    arc_a, arc_b = view.diagram.arcs["layer1.0"], view.diagram.arcs["layer1.1"]
    unknown = arc_a.pen().widthF()
    view.set_shortcut_shares({"layer1.0": 0.9, "layer1.1": 0.1})
    assert arc_a.pen().widthF() > arc_b.pen().widthF()
    assert arc_a.opacity() > arc_b.opacity()
    view.set_shortcut_shares({})
    assert arc_a.pen().widthF() == unknown


def test_stages_collapse_and_expand(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet20")
    assert len(visible(stage_blocks(view))) == 9
    view.set_stage_collapsed(1, True)
    assert len(visible(stage_blocks(view))) == 6 and len(visible(arcs(view))) == 6
    boxes = [it for it in view.scene().items() if isinstance(it, CollapsedStageItem)]
    assert [b.stage.index for b in visible(boxes)] == [1]
    view.collapse_all()
    assert visible(stage_blocks(view)) == []
    view.expand_all()
    assert len(visible(stage_blocks(view))) == 9


def test_clicking_a_stage_header_toggles_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet20")
    header = next(
        it for it in view.scene().items() if isinstance(it, StageHeaderItem) and it.stage.index == 2
    )
    with qtbot.assertNotEmitted(view.blockClicked):
        click_item(qtbot, view, header)
    assert view.is_stage_collapsed(2)
    assert not view.diagram.blocks["layer3.1"].isVisible()
    click_item(qtbot, view, header)
    assert not view.is_stage_collapsed(2)


def test_deep_nets_start_collapsed_and_keep_folding_across_set_spec(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet110")
    assert [view.is_stage_collapsed(s) for s in range(3)] == [True, True, True]
    assert visible(stage_blocks(view)) == []
    view.set_stage_collapsed(0, False)
    view.set_spec(get_preset("plain110"))  # same shape: the user's folding stays
    assert [view.is_stage_collapsed(s) for s in range(3)] == [False, True, True]
    view.set_spec(get_preset("resnet20"))  # another shape: defaults again (it fits a dock open)
    assert [view.is_stage_collapsed(s) for s in range(3)] == [False, False, False]


def test_nets_fold_to_fit_a_dock_and_open_in_a_wide_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    dock = make_view(qtbot, "plain56", size=(360, 900))
    assert dock.is_stage_collapsed(0)  # folded from the longest (then the input side) ...
    rect = dock.sceneRect()  # ... until the whole net reads at a glance
    assert rect.height() * dock.transform().m11() <= dock.height()
    wide = make_view(qtbot, "plain56", size=(1400, 1000))
    assert not any(wide.is_stage_collapsed(s) for s in range(3))
    assert len(visible(stage_blocks(wide))) == 27


def test_collapsed_stage_summarises_its_gradients(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet110")
    grads = {f"layer{s + 1}.{i}": 10.0 ** (s - 6) for s in range(3) for i in range(18)}
    view.set_gradients(grads)
    boxes = sorted(
        (it for it in view.scene().items() if isinstance(it, CollapsedStageItem)),
        key=lambda b: b.stage.index,
    )
    assert boxes[0].summary != boxes[2].summary
    assert len(boxes[0].cells) == 18 and all(c is not None for c in boxes[0].cells)


def test_an_invalid_spec_is_drawn_with_its_error_and_never_raises(qtbot) -> None:  # type: ignore[no-untyped-def]
    spec = get_preset("resnet20")
    spec.stages[1].blocks[0].shortcut = "identity"
    view = make_view(qtbot, spec)
    assert view.diagram.error_item is not None
    assert "Invalid spec" in view.diagram.error_item.toPlainText()
    assert view.diagram.blocks["layer2.0"].error
    assert len(stage_blocks(view)) == 9
    view.set_gradients({"layer2.0": 1e-3})  # measurements on a broken spec are harmless
    view.set_spec(NetworkSpec())  # no blocks at all
    view.set_spec(NetworkSpec(stages=None))  # type: ignore[arg-type]
    assert view.diagram.error_item is not None
    view.set_spec(get_preset("resnet20"))
    assert view.diagram.error_item is None


def test_export_png_and_svg_write_the_whole_scene_on_white(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet56", size=(300, 300))  # far smaller than the scene
    view.expand_all()
    view.set_gradients({f"layer1.{i}": 1e-3 * (i + 1) for i in range(9)})
    png, svg = tmp_path / "d.png", tmp_path / "d.svg"
    view.export_png(png, scale=1.0)
    image = QImage(str(png))
    assert not image.isNull()
    rect = view.scene().sceneRect()
    assert (image.width(), image.height()) == (
        pytest.approx(rect.width(), abs=1),
        pytest.approx(rect.height(), abs=1),
    )
    assert image.height() > 1000  # all 27 blocks, not the 300 px on screen
    assert image.pixelColor(1, 1) == QColor("white")
    view.export_svg(svg)
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "layer3.8" in text


def test_resnet1202_builds_colours_and_expands(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet1202")
    assert len(stage_blocks(view)) == 600 and len(arcs(view)) == 600
    assert visible(stage_blocks(view)) == []
    view.set_gradients(
        {f"layer{s + 1}.{i}": 10.0 ** -(1 + i / 50) for s in range(3) for i in range(200)}
    )
    view.set_shortcut_shares({f"layer{s + 1}.{i}": 0.5 for s in range(3) for i in range(200)})
    view.expand_all()
    assert len(visible(stage_blocks(view))) == 600
    assert view.diagram.blocks["layer3.199"].fill is not None


def test_wide_window_puts_stages_side_by_side_and_dock_stacks_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    wide = make_view(qtbot, "plain56", size=(1200, 800))
    assert wide.diagram.columns > 1
    xs = {round(wide.diagram.headers[s].scenePos().x()) for s in range(3)}
    assert len(xs) > 1
    dock = make_view(qtbot, "plain56", size=(360, 900))
    assert dock.diagram.columns == 1


def test_widget_toolbar_folds_and_exports(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    widget = DiagramWidget()
    qtbot.addWidget(widget)
    widget.view.set_spec(get_preset("resnet20"))
    widget.buttons["collapse"].click()
    assert all(widget.view.is_stage_collapsed(s) for s in range(3))
    widget.buttons["expand"].click()
    assert not any(widget.view.is_stage_collapsed(s) for s in range(3))
    target = tmp_path / "out.png"
    monkeypatch.setattr(
        "resviz.ui.diagram.widget.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    widget.buttons["png"].click()
    assert not QImage(str(target)).isNull()


def test_hovering_a_block_shows_its_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet20")
    view.set_gradients({"layer2.0": 4.5e-3})
    item = view.diagram.blocks["layer2.0"]
    pos = view.mapFromScene(item.sceneBoundingRect().center())
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos)))
    assert "layer2.0" in QToolTip.text() and "4.5e-3" in QToolTip.text()
    QToolTip.hideText()


def test_a_block_inside_a_collapsed_stage_marks_the_stage_and_a_click_opens_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, "resnet110")
    view.select_module("layer2.5")
    box = view.diagram.boxes[1]
    assert box.selected and not view.diagram.boxes[0].selected
    click_item(qtbot, view, box)
    assert not view.is_stage_collapsed(1)
    assert view.diagram.blocks["layer2.5"].isVisible() and view.diagram.blocks["layer2.5"].selected
    assert not box.selected
