"""The branch editor: customise a block, add, reorder and remove layers with undo, shapes after
every layer, the suggested fix, the examples and Export as PyTorch code."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

from resviz.arch.presets import get_preset
from resviz.arch.spec import to_dict
from resviz.ui.editor import SpecDocument, SpecEditor
from resviz.ui.editor.code_export import CodeActions


@pytest.fixture
def editor(qtbot, tmp_path: Path) -> SpecEditor:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = SpecEditor(SpecDocument(get_preset("resnet20")), settings=settings)
    qtbot.addWidget(w)
    w.resize(480, 900)
    w.show()
    return w


def test_a_customised_shape_changing_pre_activation_unit_says_what_both_paths_share(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = SpecEditor(SpecDocument(get_preset("preact_resnet164")), settings=settings)
    qtbot.addWidget(w)
    panel = w.properties.branch_panel
    for module, shared in (("layer2.0", True), ("layer2.1", False)):
        assert w.select_module(module)
        panel.customise_button.click()
        assert ("Layers 1–2 run once, for both paths" in panel.note.text()) is shared
        assert ("The shortcut adds it" in panel.note.text()) is not shared


def _cells(panel, col: int) -> list[str]:
    return [panel.table.item(r, col).text() for r in range(panel.table.rowCount())]


def test_customise_edit_layers_and_undo(editor: SpecEditor) -> None:
    doc, panel = editor.document, editor.properties.branch_panel
    before = to_dict(doc.spec())
    params = doc.analysis().params
    assert editor.select_module("layer2.0")
    assert panel.customise_button.isVisible() and not panel.table.isVisible()
    panel.customise_button.click()
    assert doc.spec().stages[1].blocks[0].layers is not None and doc.analysis().params == params
    assert panel.table.isVisible() and _cells(panel, 2) == ["32×16×16"] * 5
    panel.table.selectRow(2)  # the ReLU
    panel.add_conv.click()  # a 3×3 conv after it, keeping the 32 channels
    assert len(doc.spec().stages[1].blocks[0].layers) == 6 and panel.table.rowCount() == 6
    assert panel.conv_box.isVisible()
    panel.spins["padding"].setValue(0)  # the map shrinks there, and the block no longer fits
    assert _cells(panel, 2)[3] == "32×14×14" and not doc.is_valid()
    assert "layer 4" in str(doc.error()) and panel.fix_button.isVisible()
    red = [r for r in range(6) if panel.table.item(r, 1).foreground().color().name() == "#8b0000"]
    assert red == [3]  # the layer the fix changes
    panel.fix_button.click()
    assert doc.is_valid()
    panel.table.selectRow(3)
    panel.up_button.click()
    assert doc.spec().stages[1].blocks[0].layers[2].type == "conv"
    panel.remove_button.click()
    assert len(doc.spec().stages[1].blocks[0].layers) == 5
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert to_dict(doc.spec()) == before


def test_examples_open_and_export_writes_code(editor: SpecEditor, tmp_path: Path) -> None:
    actions = CodeActions(editor.document, editor.files, editor)
    assert actions.open_example("seed001_block.json")
    doc = editor.document
    assert not doc.is_valid() and "31×31" in str(doc.error()) and not actions.export_action.isEnabled()
    assert editor.select_module("layer1.0")
    assert "fix" in editor.properties.branch_panel.fix_label.text()
    assert actions.open_example("seed000_block.json") and doc.is_valid() and doc.path() == ""
    out = tmp_path / "net.py"
    assert actions.export_action.isEnabled() and actions.export(str(out))
    assert "out += identity" in out.read_text(encoding="utf-8")
