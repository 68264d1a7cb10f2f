"""DiagramWidget: the diagram with a small toolbar (fold stages, fit, export)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resviz.errors import os_reason
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
        for key, slot in (
            ("collapse", self.view.collapse_all),
            ("expand", self.view.expand_all),
            ("fit", self.view.fit_to_view),
            ("png", self.export_png_dialog),
            ("svg", self.export_svg_dialog),
        ):
            button = QToolButton(self)
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
        self.retranslate()

    def retranslate(self) -> None:
        for key, text, tip in (
            ("collapse", self.tr("Collapse all"), self.tr("Fold every stage into one box")),
            ("expand", self.tr("Expand all"), self.tr("Show every block and its shortcut")),
            ("fit", self.tr("Fit"), self.tr("Zoom to fit (Ctrl+wheel zooms)")),
            ("png", self.tr("PNG…"), self.tr("Export the whole diagram as a PNG image")),
            ("svg", self.tr("SVG…"), self.tr("Export the whole diagram as an SVG drawing")),
        ):
            self.buttons[key].setText(text)
            self.buttons[key].setToolTip(tip)
        self.view.relabel()  # the scene's items get no LanguageChange of their own

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(360, 700)

    def _default_name(self, suffix: str) -> str:
        model = self.view.diagram.model
        return f"{model.name if model else 'diagram'}_diagram.{suffix}"

    def export_png_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export diagram as PNG"), start_path("figure", self._default_name("png")),
            self.tr("PNG image (*.png)")
        )
        if path:
            remember("figure", path)
            self._export(lambda: self.view.export_png(path), path)

    def export_svg_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export diagram as SVG"), start_path("figure", self._default_name("svg")),
            self.tr("SVG drawing (*.svg)")
        )
        if path:
            remember("figure", path)
            self._export(lambda: self.view.export_svg(path), path)

    def _export(self, write: Callable[[], None], path: str) -> None:
        try:
            write()
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export failed"),
                                self.tr("Could not write {path}:").format(path=path) + f"\n{os_reason(exc)}")
