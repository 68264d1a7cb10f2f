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


LESSON_PROPERTY = "lesson_caption"
"""Set on a caption that is a lesson's conclusion (the lesson column shows it in Present mode)."""


def annotate(view: QWidget, text: str, *, lesson: bool = False) -> QLabel | None:
    """Write ``text`` above the view's figure (or clear it with ''); None if the view has no box
    layout. ``lesson``: the text is a lesson's conclusion."""
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
    label.setProperty(LESSON_PROPERTY, lesson)
    label.setVisible(bool(text))
    return label
