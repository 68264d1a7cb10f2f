"""What can be done to runs from the explorer: rename, tags, notes (undoable), delete
(confirmed: it removes files), export and import.

Edits write the store first and only then go on the undo stack, so an edit the store refuses
(the run was deleted meanwhile) shows its message and leaves nothing to undo.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget

from resviz.errors import ResvizError
from resviz.runs import RunInfo, RunStore, export_csv, export_json, import_json
from resviz.ui.folders import remember, start_path


class StoreEdit(QUndoCommand):
    """One edit of one or more runs: `apply(values)` writes, undo writes the old values back."""

    def __init__(self, text: str, apply: Callable[[dict[int, object]], None],
                 old: dict[int, object], new: dict[int, object], done: Callable[[], None]) -> None:
        super().__init__(text)
        self._apply, self._old, self._new, self._done = apply, old, new, done
        self._first = True  # pushed after the first write: skip the redo that push() runs

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._write(self._new)

    def undo(self) -> None:
        self._write(self._old)

    def _write(self, values: dict[int, object]) -> None:
        try:
            self._apply(values)
        except ResvizError:
            pass  # the run is gone: nothing left to restore
        self._done()


def parse_tags(text: str) -> list[str]:
    """'baseline, lesson 3;  cifar' → ['baseline', 'lesson 3', 'cifar']."""
    return [t.strip() for t in re.split(r"[,;\n]", text) if t.strip()]


def merge_tags(old: Sequence[str], common: set[str], wanted: set[str]) -> list[str]:
    """A run's tags after editing the tags its selection shares: others are kept."""
    return sorted((set(old) - (common - wanted)) | (wanted - common))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")[:40] or "run"


class RunActions(QObject):
    changed = Signal()  # the store changed: reload the run list
    deleted = Signal(list)  # ids of deleted runs
    imported = Signal(int)

    def __init__(self, store: Callable[[], RunStore], parent: QWidget) -> None:
        super().__init__(parent)
        self._store = store
        self._parent = parent
        self.undo_stack = QUndoStack(self)

    @property
    def store(self) -> RunStore:
        return self._store()

    def _warn(self, title: str, exc: Exception) -> None:
        QMessageBox.warning(self._parent, title, str(exc))

    def _edit(self, text: str, apply: Callable[[dict[int, object]], None],
              old: dict[int, object], new: dict[int, object]) -> bool:
        try:
            apply(new)
        except ResvizError as exc:
            self._warn(text, exc)
            self.changed.emit()
            return False
        self.undo_stack.push(StoreEdit(text, apply, old, new, self.changed.emit))
        self.changed.emit()
        return True

    # --- edits ---------------------------------------------------------------------------

    def rename(self, run: RunInfo, name: str) -> bool:
        name = name.strip()
        if not name or name == run.name:
            return False

        def apply(values: dict[int, object]) -> None:
            for run_id, value in values.items():
                self.store.rename_run(run_id, str(value))

        return self._edit(self.tr("Rename “{name}”").format(name=run.name), apply, {run.id: run.name}, {run.id: name})

    def set_tags(self, runs: Sequence[RunInfo], wanted: Sequence[str]) -> bool:
        common = set.intersection(*(set(r.tags) for r in runs)) if runs else set()
        old = {r.id: list(r.tags) for r in runs}
        new = {r.id: merge_tags(r.tags, common, set(wanted)) for r in runs}
        if old == new:
            return False

        def apply(values: dict[int, object]) -> None:
            with self.store.transaction():
                for run_id, tags in values.items():
                    self.store.set_tags(run_id, tags)  # type: ignore[arg-type]

        return self._edit(self.tr("Edit tags"), apply, old, new)  # type: ignore[arg-type]

    def set_notes(self, runs: Sequence[RunInfo], notes: str) -> bool:
        old = {r.id: r.notes for r in runs}
        new = {r.id: notes for r in runs}
        if old == new:
            return False

        def apply(values: dict[int, object]) -> None:
            with self.store.transaction():
                for run_id, text in values.items():
                    self.store.set_notes(run_id, str(text))

        return self._edit(self.tr("Edit notes"), apply, old, new)  # type: ignore[arg-type]

    def menu(self, runs: Sequence[RunInfo], open_run: Callable[[], None], parent: QWidget) -> QMenu:
        """The context menu for these runs."""
        menu = QMenu(parent)
        menu.setToolTipsVisible(True)
        one = len(runs) == 1
        n = len(runs)
        menu.addAction(self.tr("Open in main view"), open_run)
        menu.addAction(self.tr("Rename…"), lambda: self.rename_dialog(runs[0])).setEnabled(one)
        menu.addAction(self.tr("Tags…") if one else self.tr("Tags of {n} runs…").format(n=n), lambda: self.tags_dialog(runs))
        menu.addAction(self.tr("Notes…") if one else self.tr("Notes of {n} runs…").format(n=n),
                       lambda: self.notes_dialog(runs))
        menu.addSeparator()
        menu.addAction(self.tr("Export CSV…"), lambda: self.export_csv(runs))
        menu.addAction(self.tr("Export JSON…"), lambda: self.export_json(runs))
        with_weights = menu.addAction(self.tr("Export JSON with trained weights…"),
                                      lambda: self.export_json(runs, weights=True))
        with_weights.setEnabled(all(r.checkpoint_path for r in runs))
        with_weights.setToolTip(self.tr("Adds each run's last checkpoint (a few MB for a CIFAR ResNet), so that "
                                        "Grad-CAM, a lesion study or a resume work where it is imported"))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…") if one else self.tr("Delete {n} runs…").format(n=n), lambda: self.delete(runs))
        return menu

    # --- dialogs -------------------------------------------------------------------------

    def rename_dialog(self, run: RunInfo) -> None:
        name, ok = QInputDialog.getText(self._parent, self.tr("Rename run"), self.tr("Name:"),
                                        QLineEdit.EchoMode.Normal, run.name)
        if ok:
            self.rename(run, name)

    def tags_dialog(self, runs: Sequence[RunInfo]) -> None:
        common = sorted(set.intersection(*(set(r.tags) for r in runs))) if runs else []
        label = self.tr("Tags, separated by commas:") if len(runs) == 1 else self.tr(
            "Tags shared by the {n} runs, separated by commas\n"
            "(removing one removes it from all; other tags are kept):").format(n=len(runs))
        text, ok = QInputDialog.getText(self._parent, self.tr("Tags"), label, QLineEdit.EchoMode.Normal,
                                        ", ".join(common))
        if ok:
            self.set_tags(runs, parse_tags(text))

    def notes_dialog(self, runs: Sequence[RunInfo]) -> None:
        same = len({r.notes for r in runs}) == 1
        title = self.tr("Notes") if len(runs) == 1 else self.tr("Notes for {n} runs").format(n=len(runs))
        text, ok = QInputDialog.getMultiLineText(self._parent, title, self.tr("Notes:"),
                                                 runs[0].notes if same else "")
        if ok:
            self.set_notes(runs, text)

    def delete(self, runs: Sequence[RunInfo]) -> list[int]:
        """Ask, then delete; running runs are refused by the store and reported."""
        if not runs:
            return []
        if len(runs) == 1:
            question = self.tr("Delete the run “{name}”?").format(name=runs[0].name)
        else:
            question = self.tr("Delete these {n} runs?").format(n=len(runs))
        answer = QMessageBox.question(
            self._parent, self.tr("Delete runs"), question + "\n\n" + self.tr(
                "Their metrics, checkpoints and Grad-CAM snapshots are removed from the store. "
                "This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return []
        done, errors = [], []
        for run in runs:
            try:
                self.store.delete_run(run.id)
                done.append(run.id)
            except ResvizError as exc:
                errors.append(str(exc))
        if errors:
            QMessageBox.warning(self._parent, self.tr("Some runs were not deleted"), "\n".join(errors))
        if done:
            self.undo_stack.clear()  # older edits may name runs that no longer exist
            self.deleted.emit(done)
        self.changed.emit()
        return done

    def export_csv(self, runs: Sequence[RunInfo], folder: str | Path | None = None) -> list[Path]:
        """CSV files of each run, in a folder per run (`run-<id>-<name>`) under `folder`."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self._parent, self.tr("Export runs as CSV into…"), start_path("run"))
            if not folder:
                return []
            remember("run", folder)
        written: list[Path] = []
        try:
            for run in runs:
                written += export_csv(self.store, run.id, Path(folder) / f"run-{run.id}-{_slug(run.name)}")
        except ResvizError as exc:
            self._warn(self.tr("Export failed"), exc)
        return written

    def export_json(self, runs: Sequence[RunInfo], target: str | Path | None = None, *,
                    weights: bool = False) -> list[Path]:
        """One JSON file per run: `target` is the file for one run, a folder for several; with
        ``weights``, each run's trained weights too."""
        if target is None:
            if len(runs) == 1:
                target, _ = QFileDialog.getSaveFileName(
                    self._parent, self.tr("Export run as JSON"),
                    start_path("run", f"run-{runs[0].id}-{_slug(runs[0].name)}.json"), "JSON (*.json)")
            else:
                target = QFileDialog.getExistingDirectory(self._parent, self.tr("Export runs as JSON into…"),
                                                          start_path("run"))
            if not target:
                return []
            remember("run", str(target))
        paths = [Path(target)] if len(runs) == 1 else [
            Path(target) / f"run-{r.id}-{_slug(r.name)}.json" for r in runs]
        try:
            return [export_json(self.store, r.id, p, weights=weights) for r, p in zip(runs, paths, strict=True)]
        except ResvizError as exc:
            self._warn(self.tr("Export failed"), exc)
            return []

    def import_json_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self._parent, self.tr("Import runs"), start_path("run"), "JSON (*.json)")
        if paths:
            remember("run", paths[0])
        for path in paths:
            try:
                self.imported.emit(import_json(self.store, path))
            except ResvizError as exc:
                self._warn(self.tr("Could not import {name}").format(name=Path(path).name), exc)
        if paths:
            self.changed.emit()
