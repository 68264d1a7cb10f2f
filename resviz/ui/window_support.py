"""What the main window lends the objects it is composed of: its status line and warnings, and
the background tasks it keeps alive until they end."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMessageBox

from resviz.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from resviz.ui.queue.ray_runner import RaySweepRunner


class WindowMessages:
    """The status bar line and the warnings that do not block the event loop (training goes on)."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self._said: tuple[Callable[[], str], str, int] | None = None

    def say(self, text: Callable[[], str], timeout_ms: int = 0) -> None:
        """A status-bar message, made by ``text`` so that a language switch can say it again."""
        self._said = (text, text(), timeout_ms)
        self.window.statusBar().showMessage(self._said[1], timeout_ms)

    def say_again(self) -> None:
        """After a language switch: the message still shown, in the new language."""
        said = self._said
        if said is not None and self.window.statusBar().currentMessage() == said[1]:
            self.say(said[0], said[2])

    def warn(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("resviz_warning")
        box.open()  # not exec(): the event loop, and so training, keeps going


class KeptTasks:
    """Background tasks referenced until they finish (a dropped QObject would be collected mid-run)."""

    def __init__(self) -> None:
        self._tasks: set[BackgroundTask | RaySweepRunner] = set()

    def keep(self, task: BackgroundTask | RaySweepRunner) -> None:
        self._tasks.add(task)
        task.finished.connect(lambda *_: self._tasks.discard(task))

    def join(self, timeout_s: float) -> None:
        """On close: wait for each task still running, at most ``timeout_s`` each."""
        for task in list(self._tasks):
            task.join(timeout_s)
