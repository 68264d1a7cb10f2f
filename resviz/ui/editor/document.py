"""The edited network as a model: spec, undo stack, file, validity. No widgets here.

Every edit is one QUndoCommand holding the spec before and after (``to_dict`` snapshots):
simple, and undo can never drift from redo. Views listen to ``specChanged`` and read back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from resviz.arch import presets
from resviz.arch.analysis import Analysis, LayerRow, Shape, analyze
from resviz.arch.spec import (
    BlockSpec,
    NetworkSpec,
    StageSpec,
    from_dict,
    load_spec_file,
    save_spec_file,
    to_dict,
)
from resviz.errors import SpecError, os_reason
from resviz.i18n import _
from resviz.ui.editor import autosave, edits
from resviz.ui.editor.fields import parse_module, where_to_module

edits.translate = QCoreApplication.translate  # undo texts in the window's language

Snapshot = dict[str, Any]


class SnapshotCommand(QUndoCommand):
    """Swap the document between two snapshots. Edits with the same ``merge_key``
    (arrow clicks on one spin box) merge into one step."""

    MERGE_ID = 0x5E5

    def __init__(self, apply: Callable[[Snapshot], None], before: Snapshot, after: Snapshot, text: str, merge_key: tuple[Any, ...] | None = None) -> None:
        super().__init__(text)
        self._apply = apply
        self.before, self.after = before, after
        self.merge_key = merge_key

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def id(self) -> int:
        return self.MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.setText(other.text())
        self.setObsolete(self.after == self.before)  # back where it started: drop the step
        return True


def default_autosave_dir() -> Path:
    """Where the app keeps its autosave (per user, per platform)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_spec() -> NetworkSpec:
    spec = presets.get_preset("resnet20")
    spec.name, spec.description = "untitled", "A new network, started from ResNet-20"
    return spec


class SpecDocument(QObject):
    """The network being edited. All changes go through the undo stack."""

    specChanged = Signal()
    validityChanged = Signal(bool)
    pathChanged = Signal(str)
    dirtyChanged = Signal(bool)

    def __init__(self, spec: NetworkSpec | None = None, parent: QObject | None = None, *, autosave_dir: str | Path | None = None, autosave_delay_ms: int = 3000) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._path = ""
        self._snapshot: Snapshot = to_dict(spec if spec is not None else default_spec())
        self._spec = from_dict(self._snapshot)
        self._analysis: Analysis | None = None
        self._error: SpecError | None = None
        self._partial_rows: list[LayerRow] = []
        self._residual_memory: Snapshot | None = None
        self._autosave_dir = Path(autosave_dir) if autosave_dir is not None else None
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(autosave_delay_ms)
        self._autosave_timer.timeout.connect(self.write_autosave)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._validate()

    # --- reading -------------------------------------------------------------------------

    def spec(self) -> NetworkSpec:
        """A copy: change it freely, then hand it to ``set_spec``."""
        return from_dict(self._snapshot)

    def snapshot(self) -> Snapshot:
        """The spec as a dict (do not mutate)."""
        return self._snapshot

    def analysis(self) -> Analysis | None:
        """Shapes, parameters and multiply-adds; None while the spec is invalid."""
        return self._analysis

    def error(self) -> SpecError | None:
        return self._error

    def is_valid(self) -> bool:
        return self._error is None

    def error_module(self) -> str:
        """The item the error is at, as a module name ('layer2.0', 'layer2', 'conv1', 'fc',
        'input'), or '' for the network as a whole or no error."""
        return where_to_module(self._error.where) if self._error is not None else ""

    def input_shape_at(self, stage: int, index: int) -> Shape | None:
        """What arrives at a block, even when that block itself is invalid; None if unknown."""
        rows = self._rows_before(stage, index)
        return rows[-1].in_shape if rows else None

    def layer_rows(self) -> list[LayerRow]:
        """Measured rows: every layer while valid; the stem and the blocks before the error
        otherwise (so the tree still shows their shapes)."""
        return self._analysis.rows if self._analysis is not None else self._partial_rows

    def _rows_before(self, stage: int, index: int) -> list[LayerRow] | None:
        """Rows of the net cut just before a block, ending with a probe row at that block."""
        spec = self.spec()
        before = [st.blocks[:index] if s == stage else st.blocks for s, st in enumerate(spec.stages[: stage + 1])]
        spec.stages = [StageSpec(blocks=b) for b in before if b]
        # A 1x1 plain probe block fits after anything; its input shape is the answer.
        spec.stages.append(StageSpec(blocks=[BlockSpec(kind="plain", shortcut="none", channels=1, kernel=1, padding=0)]))
        try:
            return analyze(spec).rows[:-1]
        except SpecError:
            return None

    def path(self) -> str:
        return self._path

    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    # --- edits (each one undo step) ------------------------------------------------------------

    def set_spec(self, spec: NetworkSpec, text: str | None = None) -> None:
        """Replace the whole spec (presets, the plain/residual switch)."""
        self._push(to_dict(spec), text or self.tr("Replace the network"))

    def load_preset(self, name: str) -> None:
        spec = presets.get_preset(name)
        self.set_spec(spec, self.tr("Load preset {name}").format(name=spec.name))

    def set_residual(self, residual: bool, shortcut: str = "A") -> None:
        """The one switch: every block plain, or every block residual.

        Going back to residual restores the shortcuts the net had before it was made plain
        (if nothing changed meanwhile); otherwise plain blocks get ``shortcut``.
        """
        spec = self._spec
        if spec.is_residual == residual:
            return
        if not residual:
            self._residual_memory = self._snapshot
            self.set_spec(presets.make_plain(spec), self.tr("Make the network plain"))
            return
        target = presets.make_residual(spec, shortcut)
        memory = self._residual_memory
        if memory is not None and to_dict(presets.make_plain(from_dict(memory))) == self._snapshot:
            target = from_dict(memory)
        self.set_spec(target, self.tr("Make the network residual"))

    def set_block_field(self, stage: int, index: int, field: str, value: Any) -> None:
        # Only a spin box's arrow clicks merge; each choice in a combo box is its own undo step.
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        key = ("block", stage, index, field) if numeric else None
        self._edit(lambda s: edits.set_block_field(s, stage, index, field, value), merge_key=key)

    def apply_block_fields(self, stage: int, index: int, scope: str = "stage") -> None:
        """Copy a block's options to its whole stage ('stage') or every block ('network')."""
        self._edit(lambda s: edits.apply_block_fields(s, stage, index, scope))

    def set_section_field(self, section: str, field: str, value: Any) -> None:
        """``section``: 'input', 'stem', 'head', or 'network' (name, description)."""
        self._edit(lambda s: edits.set_section_field(s, section, field, value), merge_key=(section, field))

    def set_stage_depth(self, stage: int, n: int) -> None:
        self._edit(lambda s: edits.set_stage_depth(s, stage, n), merge_key=("depth", stage))

    def set_stage_name(self, stage: int, name: str) -> None:
        self._edit(lambda s: edits.set_stage_name(s, stage, name), merge_key=("stage-name", stage))

    def add_block(self, stage: int, after: int | None = None) -> int:
        """Returns the new block's index."""
        return self._edit(lambda s: edits.add_block(s, stage, after))

    def duplicate_block(self, stage: int, index: int) -> int:
        return self._edit(lambda s: edits.duplicate_block(s, stage, index))

    def remove_block(self, stage: int, index: int) -> None:
        self._edit(lambda s: edits.remove_block(s, stage, index))

    def move_block(self, stage: int, index: int, new_stage: int, new_index: int) -> int:
        """Returns the block's index in ``new_stage``."""
        return self._edit(lambda s: edits.move_block(s, stage, index, new_stage, new_index))

    def add_stage(self, after: int | None = None) -> int:
        """Returns the new stage's index."""
        return self._edit(lambda s: edits.add_stage(s, after))

    def remove_stage(self, stage: int) -> None:
        self._edit(lambda s: edits.remove_stage(s, stage))

    def edit(self, change: Callable[[NetworkSpec], Any], merge_key: tuple[Any, ...] | None = None) -> Any:
        """One undo step by ``change``, which edits a spec copy and returns its undo text, or
        (text, value) to hand ``value`` back (see resviz.ui.editor.layer_edits)."""
        return self._edit(change, merge_key)

    # --- files ---------------------------------------------------------------------------------

    def new(self, spec: NetworkSpec | None = None) -> None:
        """Start over (not undoable): a fresh spec, no file, clean."""
        self._reset(spec if spec is not None else default_spec(), "")

    def open(self, path: str | Path) -> None:
        """Load a spec file. Raises SpecError (missing, corrupt, newer version) and then
        leaves the document as it was."""
        spec = load_spec_file(path)
        self._reset(spec, str(Path(path)))

    def save(self) -> None:
        if not self._path:
            raise SpecError("this network has no file yet", hint="use Save As to choose one")
        self.save_as(self._path)

    def save_as(self, path: str | Path) -> None:
        """Write atomically, then mark clean. Raises SpecError if the file cannot be written."""
        target = str(Path(path))
        try:
            save_spec_file(self._spec, target)
        except OSError as exc:
            raise SpecError(_("cannot save {p}: {reason}").format(p=target, reason=os_reason(exc)),
                            hint=_("choose another folder or file name")) from None
        self._set_path(target)
        self.undo_stack.setClean()
        self.clear_autosave()

    # --- autosave ------------------------------------------------------------------------------

    def autosave_dir(self) -> Path | None:
        return self._autosave_dir

    def write_autosave(self) -> None:
        """Write the crash copy now (normally a timer does, a few seconds after an edit)."""
        self._autosave_timer.stop()
        if self._autosave_dir is None:
            return
        if self.is_dirty():
            autosave.write_autosave(self._autosave_dir, self._spec, self._path, True)
        else:
            autosave.clear_autosave(self._autosave_dir)

    def clear_autosave(self) -> None:
        """Forget the crash copy (after a save, or a close that discards the changes)."""
        self._autosave_timer.stop()
        if self._autosave_dir is not None:
            autosave.clear_autosave(self._autosave_dir)

    def pending_autosave(self) -> autosave.AutosaveRecord | None:
        """Unsaved work left by a crash, if any (see ``restore_autosave``)."""
        return autosave.read_pending(self._autosave_dir) if self._autosave_dir is not None else None

    def restore_autosave(self, record: autosave.AutosaveRecord) -> None:
        """Reopen the record's file (if it still loads) and apply the unsaved spec on top as
        one undoable, unsaved edit."""
        try:
            if record.path:
                self.open(record.path)
            else:
                self.new()
        except SpecError:
            self._reset(self._spec, record.path)  # the file is gone: the autosave is all there is
        self.set_spec(record.spec, self.tr("Restore unsaved changes"))

    # --- internals -------------------------------------------------------------------------------

    def _edit(self, change: Callable[[NetworkSpec], Any], merge_key: tuple[Any, ...] | None = None) -> Any:
        spec = self.spec()
        result = change(spec)
        text, value = result if isinstance(result, tuple) else (result, None)
        self._push(to_dict(spec), text, merge_key)
        return value

    def _push(self, after: Snapshot, text: str, merge_key: tuple[Any, ...] | None = None) -> None:
        if after == self._snapshot:
            return  # nothing changed: no empty undo step
        self.undo_stack.push(SnapshotCommand(self._apply, self._snapshot, after, text, merge_key))

    def _apply(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._spec = from_dict(snapshot)
        self._validate()
        self.specChanged.emit()
        if self._autosave_dir is not None:
            self._autosave_timer.start()

    def _validate(self) -> None:
        was_valid = self._error is None
        try:
            self._analysis, self._error = analyze(self._spec), None
        except SpecError as exc:
            self._analysis, self._error = None, exc
        self._partial_rows = []
        if self._error is not None:
            kind, s, b = parse_module(self.error_module())
            if kind in ("block", "stage") and s is not None:
                self._partial_rows = (self._rows_before(s, b or 0) or [])[:-1]
        if was_valid != (self._error is None):
            self.validityChanged.emit(self._error is None)

    def _reset(self, spec: NetworkSpec, path: str) -> None:
        self._residual_memory = None
        self._snapshot = to_dict(spec)
        self._spec = from_dict(self._snapshot)
        self.undo_stack.clear()  # clean again; emits cleanChanged if it was dirty
        self._set_path(path)
        self._validate()
        self.specChanged.emit()
        self.clear_autosave()

    def _set_path(self, path: str) -> None:
        if path != self._path:
            self._path = path
            self.pathChanged.emit(path)

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)
        if clean:
            self.clear_autosave()
