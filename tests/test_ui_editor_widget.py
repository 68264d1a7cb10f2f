"""SpecEditor and its parts: the form writes through the document, the tree marks errors,
the switch and preset picker work, file errors reach the user, the layout holds up."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QMessageBox, QSpinBox, QWidget

from resviz.arch.presets import PRESETS, get_preset
from resviz.arch.spec import save_spec_file, to_dict
from resviz.ui.editor import SpecDocument, SpecEditor
from resviz.ui.editor.tree import ERROR_BG


@pytest.fixture
def editor(qtbot, tmp_path: Path) -> SpecEditor:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    doc = SpecDocument(get_preset("resnet20"), autosave_dir=tmp_path / "autosave", autosave_delay_ms=20)
    w = SpecEditor(doc, settings=settings)
    qtbot.addWidget(w)
    w.resize(420, 800)
    w.show()
    return w


def _pick(combo: QComboBox, value: str) -> None:
    """What a user's choice does: set the index and emit ``activated``."""
    i = combo.findData(value)
    assert i >= 0, value
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


def _visible(editor: SpecEditor, field: str) -> bool:
    form = editor.properties.block_form
    return form.layout_.isRowVisible(form.widgets[field])


def test_form_edit_changes_the_spec_and_undo_restores_it(editor: SpecEditor) -> None:
    doc = editor.document
    assert editor.select_module("layer2.0")
    assert editor.properties.current_page() == "block"
    spin = editor.properties.block_form.widgets["channels"]
    assert isinstance(spin, QSpinBox) and spin.value() == 32
    spin.setValue(48)
    assert doc.spec().stages[1].blocks[0].channels == 48
    assert "16→48" in editor.tree._items["layer2.0"].text(0)
    editor.undo_action.trigger()
    assert doc.spec().stages[1].blocks[0].channels == 32
    assert spin.value() == 32  # the form follows undo
    editor.redo_action.trigger()
    assert spin.value() == 48


def test_shortcut_combo_gives_a_readable_undo_step(editor: SpecEditor) -> None:
    editor.select_module("layer2.0")
    _pick(editor.properties.block_form.widgets["shortcut"], "B")
    assert editor.document.spec().stages[1].blocks[0].shortcut == "B"
    assert editor.undo_action.text() == "Undo Set shortcut of stage 2, block 1 to B"


def test_form_offers_only_relevant_fields(editor: SpecEditor) -> None:
    editor.select_module("layer1.1")
    form = editor.properties.block_form
    assert _visible(editor, "shortcut") and not _visible(editor, "expansion")
    assert not _visible(editor, "scale") and not _visible(editor, "gate_bias") and not _visible(editor, "dropout")
    _pick(form.widgets["shortcut"], "scaling")
    assert _visible(editor, "scale") and _visible(editor, "scale_branch") and not _visible(editor, "gate_bias")
    _pick(form.widgets["shortcut"], "shortcut_gating")
    assert _visible(editor, "gate_bias") and not _visible(editor, "scale")
    _pick(form.widgets["kind"], "bottleneck")
    assert _visible(editor, "expansion")
    assert form.labels["channels"].text() == "Inner width"
    _pick(form.widgets["kind"], "plain")
    assert not _visible(editor, "shortcut") and not _visible(editor, "gate_bias")
    # Every engine option has a widget somewhere.
    assert set(form.widgets) == {"kind", "shortcut", "activation", "channels", "expansion", "stride", "kernel", "padding", "batch_norm", "scale", "scale_branch", "gate_bias", "dropout"}


def test_padding_same_and_checkbox(editor: SpecEditor) -> None:
    editor.select_module("layer1.0")
    form = editor.properties.block_form
    assert form.value_of("padding") is None
    pad = form.widgets["padding"]
    assert isinstance(pad, QSpinBox)
    pad.setValue(0)
    assert editor.document.spec().stages[0].blocks[0].padding == 0
    assert not editor.document.is_valid()  # 3x3 without padding shrinks the map: no shortcut fits
    pad.setValue(-1)
    assert editor.document.spec().stages[0].blocks[0].padding is None and editor.document.is_valid()
    bn = form.widgets["batch_norm"]
    assert isinstance(bn, QCheckBox)
    bn.click()
    assert editor.document.spec().stages[0].blocks[0].batch_norm is False


def test_stage_depth_nine_shows_resnet56_totals(editor: SpecEditor) -> None:
    for s in range(3):
        editor.select_module(f"layer{s + 1}")
        assert editor.properties.current_page() == "stage"
        depth = editor.properties.stage_form.widgets["depth"]
        assert isinstance(depth, QSpinBox)
        depth.setValue(9)
    assert editor.totals.text() == "Depth 56 · 853,018 parameters · 125.5 M multiply-adds"
    assert editor.tree._items["layer3"].text(0) == "Stage 3 · 9 blocks · 64 ch"
    assert editor.preset_combo.currentData() == "resnet56"  # it is the paper's net exactly


def test_invalid_edit_is_marked_and_fixing_clears_it(editor: SpecEditor) -> None:
    doc = editor.document
    editor.select_module("layer2.0")
    _pick(editor.properties.block_form.widgets["shortcut"], "identity")
    assert not doc.is_valid()
    item = editor.tree._items["layer2.0"]
    assert item.background(0).color() == ERROR_BG
    assert "cannot add" in item.toolTip(0)
    assert "stage 2, block 1" in editor.message.text()
    assert "32×16×16" in editor.message.text() and "16×32×32" in editor.message.text()
    assert "(invalid)" in editor.totals.text()
    assert editor.preset_combo.currentIndex() == -1  # no longer a preset: the placeholder shows
    assert editor.tree._items["layer2.1"].background(0).color() != ERROR_BG
    assert editor.tree._items["layer1.2"].text(1) == "16×32×32"  # shapes before the error stay
    _pick(editor.properties.block_form.widgets["shortcut"], "A")
    assert doc.is_valid()
    assert item.background(0).color() != ERROR_BG
    assert editor.message.text() == "✓ Valid: resnet20 · 10 classes out"
    _pick(editor.properties.block_form.widgets["shortcut"], "B")
    assert editor.message.text() == "✓ Valid: resnet20, edited: option B · 10 classes out"  # no longer the preset


def test_plain_residual_switch(editor: SpecEditor) -> None:
    doc = editor.document
    assert editor.residual_button.isChecked() and not editor.plain_button.isChecked()
    editor.plain_button.click()
    assert not doc.spec().is_residual and editor.plain_button.isChecked()
    assert editor.preset_combo.currentData() == "plain20"
    editor.undo_action.trigger()
    assert doc.spec().is_residual and editor.residual_button.isChecked()


def test_preset_picker_lists_every_preset_by_family(editor: SpecEditor) -> None:
    combo = editor.preset_combo
    names = [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)]
    assert sorted(names) == sorted(PRESETS)
    headers = [combo.itemText(i) for i in range(combo.count()) if not combo.itemData(i)]
    assert len(headers) == 3
    model = combo.model()
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    _pick(combo, "resnet110")
    assert editor.document.spec().name == "resnet110"
    assert editor.document.undo_stack.text(0) == "Load preset resnet110"


def test_tree_actions_and_selection(editor: SpecEditor, qtbot) -> None:
    doc, tree = editor.document, editor.tree
    with qtbot.assertNotEmitted(editor.blockSelected):
        assert editor.select_module("layer2.1.branch.conv1")
    assert tree.current_module() == "layer2.1"
    assert not editor.select_module("layer9.0")
    with qtbot.waitSignal(editor.blockSelected) as sig:
        tree.tree.setCurrentItem(tree._items["conv1"])
    assert sig.args == ["conv1"]
    assert editor.properties.current_page() == "stem"

    editor.select_module("layer2.1")
    tree.duplicate_action.trigger()
    assert doc.spec().stages[1].depth == 4 and tree.current_module() == "layer2.2"
    tree.add_block_action.trigger()
    assert doc.spec().stages[1].depth == 5 and tree.current_module() == "layer2.3"
    tree.remove_action.trigger()
    assert doc.spec().stages[1].depth == 4
    editor.select_module("layer2.0")
    tree.up_action.trigger()  # past the top: into the end of stage 1
    assert [st.depth for st in doc.spec().stages] == [4, 3, 3]
    assert tree.current_module() == "layer1.3"
    tree.down_action.trigger()
    assert [st.depth for st in doc.spec().stages] == [3, 4, 3] and tree.current_module() == "layer2.0"
    editor.select_module("layer3")
    tree.add_stage_action.trigger()
    assert len(doc.spec().stages) == 4 and tree.current_module() == "layer4"
    tree.remove_action.trigger()
    assert len(doc.spec().stages) == 3


def test_open_bad_file_shows_an_error_and_keeps_the_net(editor: SpecEditor, tmp_path: Path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    editor.document.set_block_field(0, 0, "kernel", 5)
    before = editor.document.snapshot()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "resviz.network", "version": 7}', encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    assert not editor.open_file(str(bad))
    assert len(shown) == 1 and "newer resviz" in shown[0] and "upgrade" in shown[0]
    assert editor.document.snapshot() == before


def test_save_as_and_open_remember_recent_files(editor: SpecEditor, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    assert editor.save_file_as(str(path))
    assert editor.files.recent_files() == [str(path.resolve())]
    other = tmp_path / "b.json"
    save_spec_file(get_preset("resnet32"), other)
    assert editor.open_file(str(other))
    assert editor.document.spec().name == "resnet32"
    assert editor.files.recent_files()[0] == str(other.resolve())
    editor.recent_menu.aboutToShow.emit()
    assert [a.text() for a in editor.recent_menu.actions()][:2] == ["&1 b.json", "&2 a.json"]


def test_maybe_save_asks_when_dirty(editor: SpecEditor, monkeypatch) -> None:
    asked: list[str] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert editor.maybe_save()  # clean: no question
    editor.document.set_block_field(0, 0, "kernel", 5)
    assert not editor.maybe_save() and len(asked) == 1 and "unsaved changes" in asked[0]


def test_check_autosave_restores_on_yes(tmp_path: Path, qtbot, monkeypatch) -> None:
    first = SpecDocument(get_preset("resnet20"), autosave_dir=tmp_path, autosave_delay_ms=20)
    first.set_stage_depth(0, 5)
    first.write_autosave()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    editor = SpecEditor(SpecDocument(autosave_dir=tmp_path), settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(editor)
    assert editor.check_autosave()
    assert editor.document.spec().stages[0].depth == 5 and editor.document.is_dirty()


def test_layout_nothing_collapsed(editor: SpecEditor, qtbot) -> None:
    for size in ((420, 800), (1000, 700)):
        editor.resize(*size)
        qtbot.wait(1)
        for w in (editor.tree.tree, editor.properties, editor.message, editor.totals, editor.preset_combo, editor.plain_button):
            assert isinstance(w, QWidget) and w.isVisible() and w.width() > 20 and w.height() > 10, w
        assert editor.totals.geometry().bottom() <= editor.height()
    assert editor.splitter.orientation() == Qt.Orientation.Horizontal
    assert to_dict(get_preset("resnet20")) == editor.document.snapshot()


def test_wheel_over_an_unfocused_field_does_not_edit(editor: SpecEditor, qtbot) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    editor.select_module("layer1.0")
    spin = editor.properties.block_form.widgets["channels"]
    editor.tree.tree.setFocus()
    centre = QPointF(spin.rect().center())
    event = QWheelEvent(centre, QPointF(spin.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(spin, event)
    assert editor.document.undo_stack.count() == 0
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    QApplication.sendEvent(spin, QWheelEvent(event))
    assert editor.document.spec().stages[0].blocks[0].channels == 17


def test_section_forms_write_through_the_document(editor: SpecEditor) -> None:
    doc = editor.document
    editor.select_module("input")
    assert editor.properties.current_page() == "input"
    classes = editor.properties.input_form.widgets["classes"]
    assert isinstance(classes, QSpinBox)
    classes.setValue(100)
    assert doc.spec().input.classes == 100
    assert doc.undo_stack.text(doc.undo_stack.index() - 1) == "Set classes of the input to 100"
    assert editor.tree._items["fc"].text(1) == "100"
    editor.select_module("fc")
    final = editor.properties.head_form.widgets["final_bn_relu"]
    assert isinstance(final, QCheckBox)
    final.click()
    assert doc.spec().head.final_bn_relu is True
    editor.select_module("conv1")
    editor.properties.stem_form.widgets["maxpool"].click()
    assert doc.spec().stem.maxpool is True
    assert "max-pool" in editor.tree._items["conv1"].text(0)
    editor.select_module("layer3.1")
    _pick(editor.properties.block_form.widgets["activation"], "full_preact")
    editor.properties.apply_stage_action.trigger()
    assert [b.activation for b in doc.spec().stages[2].blocks] == ["full_preact"] * 3
    assert doc.spec().stages[1].blocks[0].activation == "original"
