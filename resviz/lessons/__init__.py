"""Guided lessons: from y = F(x) + x to why very deep nets train only with shortcuts.

Qt-free: the command line (``resviz lesson``) and the app's Lessons panel use the same definitions.
"""

from resviz.lessons.catalog import LESSONS, Lesson, LessonError, get_lesson
from resviz.lessons.experiments import PlannedRun, Setting
from resviz.lessons.runner import LessonResult, conclusion, reusable_ids, run_lesson
from resviz.lessons.text import explanation

__all__ = ["LESSONS", "Lesson", "LessonError", "LessonResult", "PlannedRun", "Setting", "conclusion",
           "explanation", "get_lesson", "reusable_ids", "run_lesson"]
