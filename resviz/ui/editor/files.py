"""File actions around a SpecDocument: New, Open, Save, Save As, Recent, Undo/Redo, and the
autosave restore prompt. Errors reach the user as message boxes with the engine's hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from resviz.errors import ResvizError
from resviz.ui.editor.document import SpecDocument
from resviz.ui.language import relabel_undo

RECENT_KEY = "editor/recent_files"
MAX_RECENT = 8


class FileActions(QObject):
    """The QActions a main window puts in its File and Edit menus."""

    def __init__(self, document: SpecDocument, parent: QWidget, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._parent = parent
        self._settings = settings if settings is not None else QSettings()
        Key = QKeySequence.StandardKey
        self.new_action = self._action(Key.New, self.new)
        self.open_action = self._action(Key.Open, lambda: self.open_file())
        self.save_action = self._action(Key.Save, self.save)
        self.save_as_action = self._action(Key.SaveAs, lambda: self.save_as())
        self.recent_menu = QMenu(parent)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        # No prefix: Qt's own catalogue then says "Undo <edit>" in the language in force.
        self.undo_action = document.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence(Key.Undo))
        self.redo_action = document.undo_stack.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence(Key.Redo))
        self.retranslate()

    def retranslate(self) -> None:
        """Called by the editor on a language change (a QObject gets no LanguageChange itself)."""
        self.new_action.setText(self.tr("&New network"))
        self.open_action.setText(self.tr("&Open…"))
        self.save_action.setText(self.tr("&Save"))
        self.save_as_action.setText(self.tr("Save &As…"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        relabel_undo(self.undo_action, self._doc.undo_stack)
        relabel_undo(self.redo_action, self._doc.undo_stack, redo=True)

    def _action(self, key: QKeySequence.StandardKey, slot: Callable[[], object]) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        """New, Open, Save, Save As, Undo, Redo (the recent menu is ``recent_menu``)."""
        return [self.new_action, self.open_action, self.save_action, self.save_as_action, self.undo_action, self.redo_action]

    # --- commands ------------------------------------------------------------------------------

    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self._doc.new()
        return True

    def open_file(self, path: str | None = None) -> bool:
        """Open a spec (asks for the file if ``path`` is None). A bad file shows an error and
        leaves the current network as it was."""
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self._parent, self.tr("Open network"), self._start_dir(), self._filter())
            if not path:
                return False
        try:
            self._doc.open(path)
        except ResvizError as exc:
            self._error(self.tr("Cannot open the network"), exc)
            if not Path(path).exists():
                self._forget(path)
            return False
        self._remember(path)
        return True

    def save(self) -> bool:
        if not self._doc.path():
            return self.save_as()
        return self._write(self._doc.path())

    def save_as(self, path: str | None = None) -> bool:
        if path is None:
            start = self._doc.path() or str(Path(self._start_dir()) / f"{self._doc.snapshot().get('name') or 'network'}.json")
            path, _ = QFileDialog.getSaveFileName(self._parent, self.tr("Save network as"), start, self._filter())
            if not path:
                return False
            if not Path(path).suffix:
                path += ".json"
        return self._write(path)

    def _write(self, path: str) -> bool:
        try:
            self._doc.save_as(path)
        except ResvizError as exc:
            self._error(self.tr("Cannot save the network"), exc)
            return False
        self._remember(path)
        return True

    def maybe_save(self) -> bool:
        """Before closing or replacing: ask about unsaved edits. False means 'cancel'."""
        if not self._doc.is_dirty():
            return True
        name = Path(self._doc.path()).name if self._doc.path() else self._doc.snapshot().get("name", "network")
        Btn = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self._parent, self.tr("Unsaved changes"),
            self.tr("The network “{name}” has unsaved changes. Save them?").format(name=name),
            Btn.Save | Btn.Discard | Btn.Cancel, Btn.Save,
        )
        if answer == Btn.Save:
            return self.save()
        if answer == Btn.Discard:
            self._doc.clear_autosave()
            return True
        return False

    def check_autosave(self) -> bool:
        """On start: offer to restore work a crash left unsaved. Returns whether it did."""
        record = self._doc.pending_autosave()
        if record is None:
            return False
        if record.path:
            text = self.tr("resviz closed before changes to “{path}” ({name}) were saved.").format(
                path=record.path, name=record.spec.name)
        else:
            text = self.tr("resviz closed before changes to a network that was never saved ({name}) were saved.").format(
                name=record.spec.name)
        Btn = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self._parent, self.tr("Restore unsaved changes?"), text + "\n\n" + self.tr("Restore them?"),
            Btn.Yes | Btn.No, Btn.Yes,
        )
        if answer == Btn.Yes:
            self._doc.restore_autosave(record)
            return True
        self._doc.clear_autosave()
        return False

    # --- recent files --------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self._settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings returns a lone entry as a string
            value = [value] if value else []
        return [str(v) for v in (value or [])]

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        self._settings.setValue(RECENT_KEY, ([path] + [p for p in self.recent_files() if p != path])[:MAX_RECENT])

    def _forget(self, path: str) -> None:
        path = str(Path(path).resolve())
        self._settings.setValue(RECENT_KEY, [p for p in self.recent_files() if p != path])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for i, path in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{i} {Path(path).name}", lambda p=path: self.open_file(p))
            action.setToolTip(path)
        if not files:
            self.recent_menu.addAction(self.tr("No recent files")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear list"), lambda: self._settings.setValue(RECENT_KEY, []))

    def _filter(self) -> str:
        return self.tr("resviz network (*.json);;All files (*)")

    def _start_dir(self) -> str:
        recent = self.recent_files()
        return str(Path(self._doc.path() or (recent[0] if recent else Path.home() / "x")).parent)

    def _error(self, title: str, exc: ResvizError) -> None:
        text = exc.message + (f"\n\n{exc.hint}" if exc.hint else "")
        QMessageBox.critical(self._parent, title, text)
