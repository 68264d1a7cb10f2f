"""DiagramWidget: the diagram with a small toolbar (fold stages, fit, export)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resviz.ui.diagram.view import DiagramView
from resviz.ui.folders import remember, start_path


class DiagramWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = DiagramView(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
            ("collapse", "Collapse all", "Fold every stage into one box", self.view.collapse_all),
            ("expand", "Expand all", "Show every block and its shortcut", self.view.expand_all),
            ("fit", "Fit", "Zoom to fit (Ctrl+wheel zooms)", self.view.fit_to_view),
            ("png", "PNG…", "Export the whole diagram as a PNG image", self.export_png_dialog),
            ("svg", "SVG…", "Export the whole diagram as an SVG drawing", self.export_svg_dialog),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
            if key == "fit":
                bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def sizeHint(self) -> QSize:
        return QSize(360, 700)

    def _default_name(self, suffix: str) -> str:
        model = self.view.diagram.model
        return f"{model.name if model else 'diagram'}_diagram.{suffix}"

    def export_png_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export diagram as PNG", start_path("figure", self._default_name("png")), "PNG image (*.png)"
        )
        if path:
            remember("figure", path)
            self._export(lambda: self.view.export_png(path), path)

    def export_svg_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export diagram as SVG", start_path("figure", self._default_name("svg")), "SVG drawing (*.svg)"
        )
        if path:
            remember("figure", path)
            self._export(lambda: self.view.export_svg(path), path)

    def _export(self, write: Callable[[], None], path: str) -> None:
        try:
            write()
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"Could not write {path}:\n{exc}")
