"""SpecDocument: edits, undo/redo, validity, files and autosave (no widgets)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from resviz.arch.presets import get_preset
from resviz.arch.spec import BlockSpec, load_spec_file, save_spec_file, to_dict
from resviz.errors import SpecError
from resviz.ui.editor import autosave
from resviz.ui.editor.document import SpecDocument
from resviz.ui.editor.fields import parse_module, relevant_block_fields, where_to_module


@pytest.fixture
def doc(qtbot) -> SpecDocument:
    return SpecDocument(get_preset("resnet20"))


def test_field_edit_undo_redo(doc: SpecDocument, qtbot) -> None:
    with qtbot.waitSignal(doc.specChanged):
        doc.set_block_field(1, 0, "shortcut", "B")
    assert doc.spec().stages[1].blocks[0].shortcut == "B"
    assert doc.undo_stack.text(0) == "Set shortcut of stage 2, block 1 to B"
    assert doc.is_dirty()
    with qtbot.waitSignal(doc.specChanged):
        doc.undo_stack.undo()
    assert doc.spec().stages[1].blocks[0].shortcut == "A"
    assert not doc.is_dirty()
    doc.undo_stack.redo()
    assert doc.spec().stages[1].blocks[0].shortcut == "B"
    # B adds a 1x1 projection + BN: 16*32 + 2*32 parameters more than option A.
    assert doc.analysis().params == get_preset_params("resnet20") + 16 * 32 + 64


def get_preset_params(name: str) -> int:
    from resviz.arch.analysis import analyze

    return analyze(get_preset(name)).params


def test_spec_is_a_copy(doc: SpecDocument) -> None:
    spec = doc.spec()
    spec.stages[0].blocks[0].channels = 999
    assert doc.spec().stages[0].blocks[0].channels == 16


def test_consecutive_edits_of_one_field_merge(doc: SpecDocument) -> None:
    for width in (20, 24, 28):
        doc.set_block_field(0, 0, "channels", width)
    assert doc.undo_stack.count() == 1
    doc.set_block_field(0, 0, "kernel", 5)
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.spec().stages[0].blocks[0].channels == 16
    # Stepping back to where it started leaves no empty undo step.
    doc.set_block_field(0, 0, "channels", 20)
    doc.set_block_field(0, 0, "channels", 16)
    assert doc.undo_stack.index() == 0
    assert not doc.is_dirty()


def test_each_choice_is_its_own_undo_step(doc: SpecDocument) -> None:
    # Exclusive gating, then option B, then undo: back to gating, not straight to option A.
    doc.set_block_field(1, 0, "shortcut", "exclusive_gating")
    doc.set_block_field(1, 0, "shortcut", "B")
    doc.undo_stack.undo()
    assert doc.spec().stages[1].blocks[0].shortcut == "exclusive_gating"
    doc.undo_stack.undo()
    assert doc.spec().stages[1].blocks[0].shortcut == "A"


def test_no_op_and_bad_edits_push_nothing(doc: SpecDocument) -> None:
    doc.set_block_field(0, 0, "channels", 16)
    assert doc.undo_stack.count() == 0
    with pytest.raises(SpecError, match="unknown block option 'colour'"):
        doc.set_block_field(0, 0, "colour", 1)
    with pytest.raises(SpecError, match="unknown shortcut 'Z'"):
        doc.set_block_field(0, 0, "shortcut", "Z")
    with pytest.raises(SpecError, match="'channels' cannot be"):
        doc.set_block_field(0, 0, "channels", "wide")
    assert doc.undo_stack.count() == 0


def test_kind_and_shortcut_stay_consistent(doc: SpecDocument) -> None:
    doc.set_block_field(0, 1, "kind", "plain")
    blk = doc.spec().stages[0].blocks[1]
    assert (blk.kind, blk.shortcut) == ("plain", "none")
    assert doc.is_valid()
    doc.set_block_field(0, 1, "kind", "basic")
    assert doc.spec().stages[0].blocks[1].shortcut == "A"  # the net's usual shortcut comes back
    doc.set_block_field(0, 2, "kind", "plain")
    doc.set_block_field(0, 2, "shortcut", "B")
    assert doc.spec().stages[0].blocks[2].kind == "basic"


def test_add_remove_duplicate_move(doc: SpecDocument) -> None:
    doc.set_block_field(1, 0, "channels", 40)
    doc.set_block_field(1, 1, "channels", 40)
    doc.set_block_field(1, 2, "channels", 40)
    new = doc.add_block(1, 0)
    assert new == 1
    blocks = doc.spec().stages[1].blocks
    assert len(blocks) == 4 and blocks[1].stride == 1 and blocks[1].channels == 40
    assert doc.undo_stack.text(doc.undo_stack.index() - 1) == "Add stage 2, block 2"

    doc.set_block_field(1, 0, "kernel", 5)
    dup = doc.duplicate_block(1, 0)
    blocks = doc.spec().stages[1].blocks
    assert dup == 1 and len(blocks) == 5 and blocks[1].kernel == 5 and blocks[1].stride == 2

    doc.remove_block(1, 1)
    assert len(doc.spec().stages[1].blocks) == 4

    doc.set_block_field(2, 2, "kernel", 7)
    pos = doc.move_block(2, 2, 0, 0)
    spec = doc.spec()
    assert pos == 0 and spec.stages[0].blocks[0].kernel == 7
    assert [len(s.blocks) for s in spec.stages] == [4, 4, 2]
    assert doc.undo_stack.text(doc.undo_stack.index() - 1) == "Move stage 3, block 3 to stage 1, block 1"
    doc.undo_stack.undo()
    assert [len(s.blocks) for s in doc.spec().stages] == [3, 4, 3]


def test_stage_depth_nine_makes_resnet56(doc: SpecDocument) -> None:
    for s in range(3):
        doc.set_stage_depth(s, 9)
    spec = doc.spec()
    assert [st.depth for st in spec.stages] == [9, 9, 9]
    assert all(b.stride == 1 for st in spec.stages for b in st.blocks[1:])
    assert doc.analysis().params == 853_018
    assert doc.analysis().depth == 56
    doc.set_stage_depth(2, 1)
    assert doc.spec().stages[2].depth == 1
    with pytest.raises(SpecError, match="at least 1 block"):
        doc.set_stage_depth(0, 0)


def test_add_and_remove_stage(doc: SpecDocument) -> None:
    new = doc.add_stage()
    spec = doc.spec()
    assert new == 3 and len(spec.stages) == 4
    assert (spec.stages[3].blocks[0].channels, spec.stages[3].blocks[0].stride) == (128, 2)
    assert doc.is_valid()
    doc.remove_stage(0)
    assert len(doc.spec().stages) == 3
    assert doc.undo_stack.text(doc.undo_stack.index() - 1) == "Remove stage 1"


def test_apply_block_options_to_stage(doc: SpecDocument) -> None:
    doc.set_block_field(1, 0, "activation", "full_preact")
    doc.set_block_field(1, 0, "shortcut", "B")
    doc.apply_block_fields(1, 0, "stage")
    blocks = doc.spec().stages[1].blocks
    assert all(b.activation == "full_preact" and b.shortcut == "B" for b in blocks)
    assert [b.stride for b in blocks] == [2, 1, 1]  # stride stays per block
    assert doc.spec().stages[0].blocks[0].activation == "original"
    doc.apply_block_fields(1, 0, "network")
    spec = doc.spec()
    assert all(b.activation == "full_preact" for _, _, b in spec.blocks())
    assert [st.blocks[0].channels for st in spec.stages] == [16, 32, 64]  # widths kept


def test_bad_edit_is_reported_at_the_block_and_fixing_clears_it(doc: SpecDocument, qtbot) -> None:
    with qtbot.waitSignal(doc.validityChanged) as sig:
        doc.set_block_field(1, 0, "shortcut", "identity")
    assert sig.args == [False]
    assert not doc.is_valid() and doc.analysis() is None
    err = doc.error()
    assert err is not None and err.where == "stage 2, block 1"
    assert "32×16×16" in err.message and "16×32×32" in err.message
    assert doc.error_module() == "layer2.0"
    assert doc.input_shape_at(1, 0) == (16, 32, 32)
    assert [r.module for r in doc.layer_rows()] == ["conv1", "layer1.0", "layer1.1", "layer1.2"]
    with qtbot.waitSignal(doc.validityChanged) as sig:
        doc.set_block_field(1, 0, "shortcut", "A")
    assert sig.args == [True]
    assert doc.is_valid() and doc.error() is None and doc.error_module() == ""


def test_plain_residual_switch(qtbot) -> None:
    doc = SpecDocument(get_preset("preact_resnet164"))
    doc.set_residual(False)
    assert not doc.spec().is_residual
    assert doc.undo_stack.text(0) == "Make the network plain"
    doc.set_residual(True)
    spec = doc.spec()
    assert spec.is_residual
    # The projections the net had come back, not the default option A.
    assert to_dict(spec) == to_dict(get_preset("preact_resnet164"))
    doc.undo_stack.undo()
    assert not doc.spec().is_residual
    doc.undo_stack.undo()
    assert doc.spec().is_residual and not doc.is_dirty()


def test_switch_to_residual_without_memory_uses_option_a(qtbot) -> None:
    doc = SpecDocument(get_preset("plain20"))
    doc.set_residual(True)
    assert {b.shortcut for _, _, b in doc.spec().blocks()} == {"A"}
    assert doc.analysis().params == get_preset_params("resnet20")


def test_save_open_round_trip(doc: SpecDocument, tmp_path: Path, qtbot) -> None:
    doc.set_block_field(2, 1, "activation", "full_preact")
    target = tmp_path / "net.json"
    with qtbot.waitSignals([doc.pathChanged, doc.dirtyChanged]):
        doc.save_as(target)
    assert not doc.is_dirty() and doc.path() == str(target)
    assert to_dict(load_spec_file(target)) == doc.snapshot()
    other = SpecDocument(get_preset("resnet110"))
    other.open(target)
    assert other.snapshot() == doc.snapshot()
    assert other.path() == str(target) and not other.is_dirty() and other.undo_stack.count() == 0
    doc.set_block_field(0, 0, "kernel", 5)
    doc.save()
    assert load_spec_file(target).stages[0].blocks[0].kernel == 5


def test_save_without_path_and_to_unwritable_place(doc: SpecDocument, tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="no file yet"):
        doc.save()
    with pytest.raises(SpecError, match="cannot save"):
        doc.save_as(tmp_path / "missing-folder" / "net.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ not json", "not valid JSON"),
        (json.dumps({"format": "resviz.network", "version": 99, "stages": []}), "newer resviz"),
        (json.dumps({"format": "resviz.network", "version": 1, "stages": [{"blocks": [{"kind": "wide"}]}]}), "unknown block kind"),
    ],
)
def test_bad_files_raise_and_leave_the_document_alone(doc: SpecDocument, tmp_path: Path, content: str, message: str) -> None:
    doc.set_block_field(0, 0, "kernel", 5)
    before, count = doc.snapshot(), doc.undo_stack.count()
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(SpecError, match=message):
        doc.open(bad)
    assert doc.snapshot() == before and doc.undo_stack.count() == count and doc.path() == ""
    with pytest.raises(SpecError, match="no such file"):
        doc.open(tmp_path / "nope.json")


def test_autosave_written_after_an_edit_and_restored(tmp_path: Path, qtbot) -> None:
    saved = tmp_path / "mine.json"
    save_spec_file(get_preset("resnet20"), saved)
    doc = SpecDocument(autosave_dir=tmp_path / "app", autosave_delay_ms=20)
    doc.open(saved)
    doc.set_block_field(1, 0, "shortcut", "B")
    auto = autosave.autosave_file(tmp_path / "app")
    qtbot.waitUntil(auto.exists, timeout=5000)
    record = json.loads(auto.read_text(encoding="utf-8"))
    assert record["dirty"] is True and record["path"] == str(saved)

    # "After the crash": a new document finds the unsaved work.
    fresh = SpecDocument(autosave_dir=tmp_path / "app")
    pending = fresh.pending_autosave()
    assert pending is not None and pending.path == str(saved)
    fresh.restore_autosave(pending)
    assert fresh.spec().stages[1].blocks[0].shortcut == "B"
    assert fresh.path() == str(saved) and fresh.is_dirty()
    fresh.undo_stack.undo()  # back to the file as saved
    assert fresh.snapshot() == to_dict(load_spec_file(saved))

    fresh.undo_stack.redo()
    fresh.save()
    assert not auto.exists()
    assert fresh.pending_autosave() is None


def test_autosave_offers_nothing_when_the_file_has_it(tmp_path: Path, qtbot) -> None:
    doc = SpecDocument(autosave_dir=tmp_path, autosave_delay_ms=20)
    doc.set_block_field(0, 0, "kernel", 5)
    doc.write_autosave()
    assert doc.pending_autosave() is not None
    save_spec_file(doc.spec(), tmp_path / "net.json")
    # The autosave names no file, so it is still offered: an untitled net was never saved.
    assert doc.pending_autosave() is not None
    doc.save_as(tmp_path / "net.json")
    doc.set_block_field(0, 0, "kernel", 3)
    doc.set_block_field(0, 0, "kernel", 5)  # merged back to the saved content: clean again
    assert not doc.is_dirty()
    doc.write_autosave()
    assert doc.pending_autosave() is None


def test_corrupt_autosave_is_ignored(tmp_path: Path, qtbot) -> None:
    autosave.autosave_file(tmp_path).write_text("{ broken", encoding="utf-8")
    assert SpecDocument(autosave_dir=tmp_path).pending_autosave() is None


def test_relevant_block_fields() -> None:
    plain = relevant_block_fields(BlockSpec(kind="plain", shortcut="none"))
    assert "shortcut" not in plain and "expansion" not in plain and "scale" not in plain
    basic = relevant_block_fields(BlockSpec(kind="basic", shortcut="A"))
    assert "shortcut" in basic and not {"expansion", "scale", "gate_bias", "dropout"} & basic
    assert {"scale", "scale_branch"} <= relevant_block_fields(BlockSpec(shortcut="scaling"))
    assert "gate_bias" in relevant_block_fields(BlockSpec(shortcut="exclusive_gating"))
    assert "dropout" in relevant_block_fields(BlockSpec(shortcut="dropout"))
    assert "expansion" in relevant_block_fields(BlockSpec(kind="bottleneck"))


def test_module_names() -> None:
    assert parse_module("layer2.0") == ("block", 1, 0)
    assert parse_module("layer2.0.branch.conv1") == ("block", 1, 0)
    assert parse_module("layer3") == ("stage", 2, None)
    assert parse_module("conv1")[0] == "stem" and parse_module("fc")[0] == "head"
    assert where_to_module("stage 2, block 1") == "layer2.0"
    assert where_to_module("stage 3") == "layer3"
    assert where_to_module("stem") == "conv1" and where_to_module("") == ""


def test_empty_stage_is_reported_at_the_stage(doc: SpecDocument) -> None:
    for _ in range(3):
        doc.remove_block(2, 0)
    assert not doc.is_valid() and doc.error_module() == "layer3"


def test_editor_does_not_import_torch() -> None:
    code = "import sys, resviz.ui.editor; assert 'torch' not in sys.modules, 'torch imported'; print('ok')"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=Path(__file__).parents[1])
    assert out.returncode == 0, out.stderr
