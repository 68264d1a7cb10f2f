"""A lesson's conclusion written on the figure it is about: a caption band at the top of the
view (above the plots, so it never covers a curve or a legend)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from resviz.presentation import palette

CAPTION_NAME = "lesson_annotation"
CAPTION_STYLE = (f"QLabel#lesson_annotation {{ background:{palette.CAPTION_FILL}; color:{palette.INK};"
                 f" border-bottom:2px solid {palette.CAPTION_EDGE}; padding:6px 10px; }}")


def caption_of(view: QWidget) -> QLabel | None:
    return view.findChild(QLabel, CAPTION_NAME, Qt.FindChildOption.FindDirectChildrenOnly)


def annotate(view: QWidget, text: str) -> QLabel | None:
    """Write ``text`` above the view's figure (or clear it with ''); None if the view has no box layout."""
    layout = view.layout()
    if not isinstance(layout, QBoxLayout):
        return None
    label = caption_of(view)
    if label is None:
        label = QLabel(view)
        label.setObjectName(CAPTION_NAME)
        label.setWordWrap(True)
        label.setStyleSheet(CAPTION_STYLE)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.insertWidget(0, label)
    label.setText(text)
    label.setVisible(bool(text))
    return label
