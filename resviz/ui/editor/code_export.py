"""File → Export as PyTorch code, and the Examples menu (the blocks shipped in resviz.examples)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from resviz.arch.export import export_code
from resviz.arch.spec import load_spec_file
from resviz.errors import ResvizError, os_reason
from resviz.examples import EXAMPLES, EXAMPLES_DIR
from resviz.ui.editor.document import SpecDocument
from resviz.ui.editor.files import FileActions


class CodeActions(QObject):
    """``export_action`` for the File menu and ``examples_menu``; both act on the editor's document."""

    def __init__(self, document: SpecDocument, files: FileActions, parent: QWidget) -> None:
        super().__init__(parent)
        self._doc = document
        self._files = files
        self._parent = parent
        self.export_action = QAction(self)
        self.export_action.triggered.connect(lambda: self.export())
        self.examples_menu = QMenu(parent)
        self._example_actions: list[tuple[QAction, str]] = []
        for name in EXAMPLES:
            action = self.examples_menu.addAction("")
            action.triggered.connect(lambda _checked=False, n=name: self.open_example(n))
            self._example_actions.append((action, name))
        self._document_actions_changed()
        document.validityChanged.connect(lambda _valid: self._document_actions_changed())
        self.retranslate()

    def retranslate(self) -> None:
        self.export_action.setText(self.tr("Export as PyTorch &code…"))
        self.examples_menu.setTitle(self.tr("E&xamples"))
        titles = {
            "seed000_block.json": self.tr("Seed block 0: two 3×3 convs and a 1×1 conv shortcut (trains)"),
            "seed001_block.json": self.tr("Seed block 1: 3×3 then 4×4 conv (does not fit: find out why)"),
        }
        for action, name in self._example_actions:
            action.setText(titles.get(name, name))
        self._document_actions_changed()

    def _document_actions_changed(self) -> None:
        valid = self._doc.is_valid()
        self.export_action.setEnabled(valid)
        self.export_action.setToolTip(
            self.tr("Write this network as a standalone Python file that needs only PyTorch") if valid else
            self.tr("Fix the network first: only a network that fits together can be exported"))

    def open_example(self, name: str) -> bool:
        """Open a shipped example as a new, unsaved network (Save As keeps a copy)."""
        if not self._files.maybe_save():
            return False
        try:
            spec = load_spec_file(EXAMPLES_DIR / name)
        except ResvizError as exc:
            QMessageBox.critical(self._parent, self.tr("Cannot open the example"), f"{exc.message}\n\n{exc.hint}")
            return False
        self._doc.new(spec)
        return True

    def export(self, path: str | None = None) -> bool:
        if path is None:
            name = self._doc.snapshot().get("name") or "network"
            start = str(Path(self._doc.path()).parent / f"{name}.py") if self._doc.path() else f"{name}.py"
            path, _filter = QFileDialog.getSaveFileName(self._parent, self.tr("Export as PyTorch code"), start,
                                                        self.tr("Python file (*.py)"))
            if not path:
                return False
        try:
            Path(path).write_text(export_code(self._doc.spec()), encoding="utf-8")
        except ResvizError as exc:
            QMessageBox.critical(self._parent, self.tr("Cannot export the network"), f"{exc.message}\n\n{exc.hint}")
            return False
        except OSError as exc:
            QMessageBox.critical(self._parent, self.tr("Cannot export the network"),
                                 self.tr("Cannot write {path}: {reason}").format(path=path, reason=os_reason(exc)))
            return False
        return True
