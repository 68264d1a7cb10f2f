"""The Lessons dock: a start page listing the lessons in order, and one page per lesson with its
explanation, one Run button, where to look, and the conclusion drawn from the runs."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from resviz.i18n import _
from resviz.lessons import LESSONS, Lesson, explanation, get_lesson
from resviz.presentation import demo_record, palette
from resviz.presentation.demo_record import CLASSROOM_MINUTES
from resviz.train.config import CLASSROOM_STEPS

CONCLUSION_STYLE = (f"QLabel#lesson_conclusion {{ background:{palette.CAPTION_FILL};"
                    f" border:1px solid {palette.CAPTION_EDGE}; padding:8px; }}")
PAGE_STYLE = ("QLabel#lesson_title { font-size:18px; font-weight:bold; }"
              f" QListWidget#lesson_list::item {{ padding:6px 2px; border-bottom:1px solid {palette.RULE}; }}")


def split_heading(markdown: str) -> tuple[str, str]:
    """The first '# ' heading (shown as the page's title) and the rest of the text."""
    first, _sep, rest = markdown.partition("\n")
    return (first[2:].strip(), rest.lstrip("\n")) if first.startswith("# ") else ("", markdown)


class LessonsPanel(QWidget):
    runRequested = Signal(str)
    """The key of the lesson whose Run button was pressed."""
    pointRequested = Signal(str)
    """The key of the lesson whose 'Show me' button was pressed."""
    lessonChanged = Signal(str)
    """The key of the lesson now on the page, when it is another one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson: Lesson | None = None
        self.presenting = False
        self.setObjectName("lessons_panel")
        self.setStyleSheet(PAGE_STYLE)
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # Start page: the lessons in order.
        start = QWidget()
        s = QVBoxLayout(start)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("lesson_intro")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setObjectName("lesson_list")
        self.list.itemActivated.connect(self._open_item)
        self.list.itemClicked.connect(self._open_item)
        s.addWidget(self.intro)
        s.addWidget(self.list, 1)
        self.stack.addWidget(start)

        # Lesson page.
        page = QWidget()
        p = QVBoxLayout(page)
        top = QHBoxLayout()
        self.back = QPushButton()
        self.back.clicked.connect(self.show_start)
        self.title = QLabel()
        self.title.setObjectName("lesson_title")
        self.title.setWordWrap(True)
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        self.text = QTextBrowser()
        self.text.setObjectName("lesson_text")
        self.text.setOpenExternalLinks(False)
        self.look = QLabel()
        self.look.setWordWrap(True)
        self.look.setObjectName("lesson_look")
        # The longer classroom setting: what lesson 3 needs for the second half of Fig. 6.
        self.classroom = QCheckBox()
        self.classroom.setObjectName("lesson_classroom")
        buttons = QHBoxLayout()
        self.run_button = QPushButton()
        self.run_button.setObjectName("lesson_run")
        self.run_button.clicked.connect(self._run)
        self.point_button = QPushButton()
        self.point_button.clicked.connect(self._point)
        buttons.addWidget(self.run_button, 1)
        buttons.addWidget(self.point_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.conclusion = QLabel()
        self.conclusion.setObjectName("lesson_conclusion")
        self.conclusion.setWordWrap(True)
        self.conclusion.setFrameShape(QFrame.Shape.StyledPanel)
        self.conclusion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conclusion.setStyleSheet(CONCLUSION_STYLE)
        self.conclusion.hide()
        p.addLayout(top)
        p.addWidget(self.text, 1)
        p.addWidget(self.look)
        p.addWidget(self.classroom)
        p.addLayout(buttons)
        p.addWidget(self.status)
        p.addWidget(self.conclusion)
        self.stack.addWidget(page)
        self.retranslate()

    # --- navigation ---------------------------------------------------------------------

    def show_start(self) -> None:
        self.stack.setCurrentIndex(0)

    def show_lesson(self, name: str) -> Lesson:
        lesson = get_lesson(name)
        changed = lesson is not self.lesson
        if changed:  # the last lesson's conclusion is not this one's, here or after Present mode
            self.conclusion.clear()
            self.conclusion.hide()
            self.status.clear()
        self.lesson = lesson
        self._fill()
        self.stack.setCurrentIndex(1)
        if changed:
            self.lessonChanged.emit(lesson.key)
        return lesson

    def _open_item(self, item: QListWidgetItem) -> None:
        self.show_lesson(item.data(Qt.ItemDataRole.UserRole))

    def _run(self) -> None:
        if self.lesson is not None:
            self.runRequested.emit(self.lesson.key)

    def _point(self) -> None:
        if self.lesson is not None:
            self.pointRequested.emit(self.lesson.key)

    # --- state the window sets ----------------------------------------------------------------

    def set_running(self, running: bool, message: str = "") -> None:
        self.run_button.setEnabled(not running)
        self.status.setText(message)

    def set_conclusion(self, key: str, text: str) -> None:
        """Shows the conclusion if ``key`` is the lesson on the page."""
        if self.lesson is None or self.lesson.key != key:
            return
        self.conclusion.setText(text)
        self.conclusion.setVisible(bool(text) and not self.presenting)
        if self.presenting:
            self._fill()

    def set_presenting(self, on: bool) -> None:
        """On a projector the conclusion opens the lesson's text, large and scrollable, and the
        figure keeps its height (the same words above it are hidden: PresentationMode.fit_captions)."""
        self.presenting = on
        self.setStyleSheet("" if on else PAGE_STYLE)  # the window's projector theme applies instead
        self.look.setVisible(not on)  # the room goes to the text; "Show me" still points
        self.conclusion.setVisible(bool(self.conclusion.text()) and not on)
        if self.lesson is not None:
            self._fill()

    # --- texts ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.intro.setText(self.tr("Each lesson runs an experiment and says what the measured numbers show. "
                                   "Take them in order: from y = F(x) + x to why very deep networks train "
                                   "only with shortcuts."))
        self.list.clear()
        for lesson in LESSONS:
            item = QListWidgetItem(self.tr("{number}. {title}\n{summary}").format(
                number=lesson.number, title=_(lesson.title), summary=_(lesson.summary)))
            item.setData(Qt.ItemDataRole.UserRole, lesson.key)
            self.list.addItem(item)
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.setWindowTitle(self.tr("Lessons"))
        self.back.setText(self.tr("◀ All lessons"))
        self.run_button.setText(self.tr("Run the experiment"))
        self.run_button.setToolTip(self.tr("Trains the lesson's networks in the queue, or reuses matching "
                                           "finished runs from the store"))
        self._classroom_texts()
        self.point_button.setText(self.tr("Show me"))
        self.point_button.setToolTip(self.tr("Open the view to look at and highlight the block in the diagram"))
        if self.lesson is not None:
            self._fill()

    def _classroom_texts(self) -> None:
        """What the longer setting takes and shows, where it was measured: the four networks of
        Fig. 6 (lesson 3; lesson 2 trains two of them). Other lessons train other networks."""
        key = self.lesson.key if self.lesson is not None else ""
        # Short: a checkbox does not wrap, and the dock must stay narrow at 1280×720.
        if key == "shortcuts":
            self.classroom.setText(self.tr("Longer classroom setting (about {minutes:g} min)").format(
                minutes=CLASSROOM_MINUTES))
        else:
            self.classroom.setText(self.tr("Longer classroom setting ({steps} steps)").format(steps=CLASSROOM_STEPS))
        tip = self.tr("{steps} steps per network, with a cosine schedule.").format(steps=CLASSROOM_STEPS)
        if key == "shortcuts":
            tip += " " + self.tr("About {minutes:g} minutes on two CPU cores.").format(minutes=CLASSROOM_MINUTES)
        if key in ("degradation", "shortcuts"):
            tip += " " + demo_record.CLASSROOM.describe()
        self.classroom.setToolTip(tip)

    def _fill(self) -> None:
        lesson = self.lesson
        assert lesson is not None
        self._classroom_texts()
        heading, body = split_heading(explanation(lesson))
        self.title.setText(heading or self.tr("Lesson {number}: {title}").format(number=lesson.number,
                                                                               title=_(lesson.title)))
        self.text.setMarkdown(body)
        said = self.conclusion.text()
        if self.presenting and said:  # first, in the projector's colours, above the explanation
            heading = html.escape(self.tr("What the runs showed:"))
            cursor = QTextCursor(self.text.document())
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            cursor.insertHtml(
                f"<table width='100%' cellpadding='10' style='background-color:{palette.HC_ACCENT}'><tr>"
                f"<td style='color:{palette.HC_BACKGROUND}'><b>{heading}</b> "
                f"{html.escape(said)}</td></tr></table><p></p>")
            self.text.verticalScrollBar().setValue(0)
        self.look.setText(self.tr("Where to look: {where}").format(where=_(lesson.look_at)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
