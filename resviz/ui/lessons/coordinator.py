"""Runs a lesson in the app: reuse matching finished runs, queue the others first in line
through the app's one QueueRunner (so the live views follow them), conclude when all ended.
Concluding may run a lesion study (lesson 8), so it runs in a background thread."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from resviz.lessons import Lesson, Setting, conclusion, get_lesson, reusable_ids
from resviz.lessons.paths import stoppable
from resviz.lessons.runner import lesson_tags
from resviz.runs import open_store
from resviz.ui.queue.runner import QueueRunner
from resviz.ui.worker import BackgroundTask


class LessonCoordinator(QObject):
    started = Signal(str, dict)
    """Lesson key, run key → id (reused and queued)."""
    concluding = Signal(str)
    """Lesson key: its runs have ended, the conclusion is being drawn (maybe a lesion study)."""
    concluded = Signal(str, dict, str)
    """Lesson key, run key → id, conclusion."""

    def __init__(self, runner: QueueRunner, store_dir: str | Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store_dir = store_dir if store_dir is not None else runner.store_dir
        self.lesson: Lesson | None = None
        self.ids: dict[str, int] = {}
        self.reused: list[int] = []
        self.task: BackgroundTask | None = None
        """Drawing the conclusion; kept until it has finished."""
        self._stop = threading.Event()
        runner.runFinished.connect(self._run_finished)

    @property
    def busy(self) -> bool:
        return self.lesson is not None or self.task is not None

    def start(self, name: str, setting: Setting) -> dict[str, int]:
        """Reuse what the store holds, queue the rest ahead of other queued runs; returns the ids."""
        lesson = get_lesson(name)
        plan = lesson.plan(setting)
        with open_store(self.store_dir) as store:
            found = reusable_ids(store, plan)
        missing = [run for run in plan if run.key not in found]
        queued = self.runner.enqueue([(run.name, run.spec, run.config) for run in missing],
                                     tags=lesson_tags(lesson), front=True) if missing else []
        self.lesson = lesson
        self.reused = list(found.values())
        new = dict(zip([run.key for run in missing], queued, strict=True))
        self.ids = {run.key: found.get(run.key, new.get(run.key, -1)) for run in plan}
        self.started.emit(lesson.key, dict(self.ids))
        if missing:
            self.runner.start()
        else:
            self._conclude()
        return dict(self.ids)

    def pending(self) -> list[int]:
        """The lesson's runs that have not ended yet."""
        if not self.ids:
            return []
        with open_store(self.store_dir) as store:
            wanted = set(self.ids.values())
            return [r.id for r in store.list_runs() if r.id in wanted and (r.is_active or r.status == "queued")]

    def _run_finished(self, run_id: int) -> None:
        if self.lesson is not None and run_id in self.ids.values() and not self.pending():
            self._conclude()

    def _conclude(self) -> None:
        lesson, ids, store_dir = self.lesson, dict(self.ids), self.store_dir
        assert lesson is not None
        self.lesson = None
        stop = self._stop

        def draw() -> str:
            with stoppable(stop.is_set):
                return conclusion(lesson, store_dir, ids)

        task = BackgroundTask(draw, self)
        # A run deleted meanwhile, or a failed lesion study: say so in the lesson.
        task.result.connect(lambda text: self.concluded.emit(lesson.key, ids, text))
        task.error.connect(lambda error: self.concluded.emit(
            lesson.key, ids, self.tr("The lesson's runs could not be read: {error}").format(error=error)))
        task.finished.connect(self._task_done)
        self.task = task
        self.concluding.emit(lesson.key)
        task.start()

    def _task_done(self) -> None:
        self.task = None

    def join(self, timeout: float = 10.0) -> None:
        """Closing the window: stop a lesion study between two evaluations and wait for its thread."""
        self._stop.set()
        if self.task is not None:
            self.task.join(timeout)
