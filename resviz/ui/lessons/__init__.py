"""The Lessons dock, running lessons in the app, and the presentation mode."""

from resviz.ui.lessons.panel import LessonsPanel
from resviz.ui.lessons.present import PresentationMode
from resviz.ui.lessons.wiring import LessonsUi

__all__ = ["LessonsPanel", "LessonsUi", "PresentationMode"]
