"""The lessons in the main window: the dock, running a lesson through the queue, pointing at the
views (the tab opens, the block is highlighted), the conclusion on the figure, and Present mode."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from resviz.errors import ResvizError
from resviz.lessons import Lesson, Setting, get_lesson, reusable_ids
from resviz.runs import open_store
from resviz.ui.lessons.annotate import annotate, caption_of
from resviz.ui.lessons.coordinator import LessonCoordinator
from resviz.ui.lessons.panel import LessonsPanel
from resviz.ui.lessons.present import PresentationMode


class LessonsUi(QObject):
    """Expects MainWindow's attributes: _dock, docks, tabs, the panels, explorer, diagram,
    queue_runner, training, engine_ready, open_run."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = LessonsPanel()
        self.dock = window._dock("lessons", self.panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        window.tabifyDockWidget(window.docks["network"], self.dock)
        window.docks["network"].raise_()  # the editor first; Lessons is one tab away
        self.coordinator = LessonCoordinator(window.queue_runner, window.store_dir, self)
        self.present = PresentationMode(window, self.dock)
        self.present.presenting.connect(self.panel.set_presenting)
        self.panel.runRequested.connect(self.run)
        self.panel.pointRequested.connect(lambda key: self.point(get_lesson(key)))
        self.panel.lessonChanged.connect(lambda _key: self.clear_annotations())  # its caption is the last lesson's
        self.coordinator.started.connect(self._started)
        self.coordinator.concluding.connect(self._concluding)
        self.coordinator.concluded.connect(self._concluded)
        window.queue_runner.runningChanged.connect(self._queue_running)
        self.annotated: list[tuple[QWidget, str]] = []  # views captioned by a lesson, and the text

    def tab_widget(self, lesson: Lesson) -> QWidget:
        w = self.window
        return {"curves": w.curves, "gradients": w.gradients, "shortcuts": w.shortcuts, "gradcam": w.gradcam,
                "compare": w.explorer, "lesion": w.lesion}[lesson.tab]

    def setting(self) -> Setting:
        """The longer classroom setting when its box is ticked; else the quick setting on a CPU, the
        paper-like one on a GPU. The seed is the training settings'."""
        from resviz.train.config import CLASSROOM
        from resviz.train.device import resolve_device

        seed = self.window.training.config().seed
        if self.panel.classroom.isChecked():
            return Setting(CLASSROOM, seed=seed)
        device = resolve_device("auto").type
        return Setting("cpu" if device == "cpu" else "cuda", seed=seed)

    # --- running ----------------------------------------------------------------------------

    def run(self, key: str) -> None:
        w = self.window
        if not w.engine_ready:
            self.panel.set_running(False, self.tr("PyTorch is still loading; press Run again in a moment."))
            return
        if self.coordinator.task is not None:
            self.panel.set_running(False, self.tr("A lesson's conclusion is still being drawn; this one can run "
                                                  "when it appears."))
            return
        if self.coordinator.busy:
            self.panel.set_running(False, self.tr("Another lesson's runs are training; this one can run when "
                                                  "they have ended."))
            return
        try:
            self.coordinator.start(key, self.setting())
        except ResvizError as exc:
            self.panel.set_running(False, str(exc))

    def _started(self, key: str, ids: dict) -> None:
        reused = len(self.coordinator.reused)
        queued = len(ids) - reused
        if queued:
            self.panel.set_running(True, self.tr("{queued} runs queued, {reused} reused from the store. The views "
                                                 "follow the run that is training.").format(queued=queued,
                                                                                            reused=reused))
            self.window.docks["queue"].show()
        self.clear_annotations()

    def _queue_running(self, running: bool) -> None:
        if not running and self.coordinator.busy and self.coordinator.pending():
            self.panel.set_running(False, self.tr("The queue is paused: the lesson goes on when it runs again."))

    def _concluding(self, key: str) -> None:
        if key == "many-paths":
            message = self.tr("The runs have ended. Deleting their blocks one by one to measure what each "
                              "costs…")
        else:
            message = self.tr("The runs have ended. Drawing the conclusion from their numbers…")
        self.panel.set_running(True, message)

    def _concluded(self, key: str, ids: dict, text: str) -> None:
        reused = self.coordinator.reused
        on_page = self.panel.lesson is not None and self.panel.lesson.key == key
        self.panel.set_running(False, self.tr("Reused from the store, trained with the same settings: runs "
                                              "{ids}. Delete them in Compare runs to train them again.").format(
            ids=self.tr(", ").join(str(i) for i in reused)) if reused and on_page else "")
        self.panel.set_conclusion(key, text)
        self.point(get_lesson(key), ids, text)

    # --- pointing at the views ---------------------------------------------------------------

    def point(self, lesson: Lesson, ids: dict | None = None, text: str = "") -> None:
        """Open the view to look at, with the lesson's runs if the store has them, and highlight the block."""
        w = self.window
        if ids is None:
            ids = self._stored_ids(lesson)
        if ids:
            if lesson.show in ids:  # its curves, gradients and diagram (the block is highlighted there)
                w.open_run(ids[lesson.show])
            w.explorer.refresh()
            w.explorer.select_runs(list(ids.values()))
        view = self.tab_widget(lesson)
        w.tabs.setCurrentWidget(view)
        if view is w.lesion and lesson.show in ids:  # the study the lesson just stored, if any
            w.lesion.set_run(ids[lesson.show], reload=True)
        if text:
            self.clear_annotations()
            if view is w.explorer:  # above these runs only: it goes when others are compared
                w.explorer.caption(text, lesson=True)
                self.annotated.append((view, text))
            elif annotate(view, text, lesson=True) is not None:
                self.annotated.append((view, text))
            self.present.fit_captions()
        if lesson.block:
            if self.present.active:
                self.present.show_diagram()
            else:
                w.docks["diagram"].show()
            w.diagram.view.select_module(lesson.block)

    def _stored_ids(self, lesson: Lesson) -> dict[str, int]:
        if not self.window.engine_ready:
            return {}
        try:
            plan = lesson.plan(self.setting())
            with open_store(self.window.store_dir) as store:
                found = reusable_ids(store, plan)
        except ResvizError:
            return {}
        return found if len(found) == len(plan) else {}

    def clear_annotations(self) -> None:
        """Take down the captions the lessons wrote, and only those: the demo's verdict may have
        replaced one since."""
        w = self.window
        for view, text in self.annotated:
            caption = caption_of(view)
            if caption is None or caption.text() != text:
                continue
            if view is w.explorer:
                w.explorer.caption("")
            else:
                annotate(view, "")
        self.annotated = []
