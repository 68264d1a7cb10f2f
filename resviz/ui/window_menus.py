"""The window's menus, built from the actions and slots they are handed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow

from resviz import i18n
from resviz.ui import language
from resviz.ui.editor import SpecEditor
from resviz.ui.editor.code_export import CodeActions
from resviz.ui.train_bar import TrainBar
from resviz.ui.window_support import WindowMessages


@dataclass(frozen=True)
class MenuSlots:
    """What the menu items do, beside the actions the editor, the toolbar and the docks own."""

    import_run: Callable[[], object]
    enqueue: Callable[[], None]
    sweep: Callable[[], None]
    reset_layout: Callable[[], None]
    about: Callable[[], None]


class WindowMenus(QObject):
    """File, Edit, Train, View (docks, Present, layout, the language switch) and Help."""

    def __init__(self, window: QMainWindow, settings: QSettings, messages: WindowMessages, editor: SpecEditor,
                 bar: TrainBar, dock_actions: Iterable[QAction], present_action: QAction, slots: MenuSlots) -> None:
        super().__init__(window)
        self.settings = settings
        self.messages = messages
        mb = window.menuBar()
        self.file_menu = mb.addMenu("")
        acts = editor.file_actions()
        for a in acts[:4]:
            self.file_menu.addAction(a)
        self.file_menu.addMenu(editor.recent_menu)
        self.code_actions = CodeActions(editor.document, editor.files, window)
        self.file_menu.addMenu(self.code_actions.examples_menu)
        self.file_menu.addAction(self.code_actions.export_action)
        self.file_menu.addSeparator()
        self.import_action = self._action(window, lambda: slots.import_run())
        self.file_menu.addAction(self.import_action)
        self.file_menu.addSeparator()
        self.quit_action = self._action(window, window.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = mb.addMenu("")
        for a in acts[4:]:
            self.edit_menu.addAction(a)
        self.train_menu = mb.addMenu("")
        for a in (bar.train_action, bar.pause_action, bar.stop_action, bar.demo_action):
            self.train_menu.addAction(a)
        self.train_menu.addSeparator()
        self.enqueue_action = self._action(window, slots.enqueue)
        self.train_menu.addAction(self.enqueue_action)
        self.sweep_action = self._action(window, slots.sweep)
        self.train_menu.addAction(self.sweep_action)
        self.view_menu = mb.addMenu("")
        for action in dock_actions:
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(present_action)
        self.reset_action = self._action(window, slots.reset_layout)
        self.view_menu.addAction(self.reset_action)
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        # Each language is named in itself, so a user lost in the other one still finds theirs.
        for lang, name in ((i18n.CHINESE, "中文"), (i18n.ENGLISH, "English")):
            action = QAction(name, window, checkable=True)
            action.setData(lang)
            action.setChecked(lang == i18n.language())
            action.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self.help_menu = mb.addMenu("")
        self.about_action = self._action(window, slots.about)
        self.help_menu.addAction(self.about_action)

    @staticmethod
    def _action(window: QMainWindow, slot: Callable[[], object]) -> QAction:
        action = QAction(window)
        action.triggered.connect(lambda _=False: slot())
        return action

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.code_actions.retranslate()
        self.import_action.setText(self.tr("Import run…"))
        self.import_action.setToolTip(self.tr(
            "Add a run exported with 'Export JSON' (or 'resviz runs export --json') to this store"))
        self.quit_action.setText(self.tr("&Quit"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.train_menu.setTitle(self.tr("&Train"))
        self.enqueue_action.setText(self.tr("Add to queue"))
        self.enqueue_action.setToolTip(self.tr(
            "Queue the network in the editor with these settings, to train after the others"))
        self.sweep_action.setText(self.tr("Sweep…"))
        self.sweep_action.setToolTip(self.tr(
            "Queue a family of runs: depths, plain or residual, shortcut options, widths, seeds"))
        self.view_menu.setTitle(self.tr("&View"))
        self.reset_action.setText(self.tr("Reset layout"))
        self.language_menu.setTitle(self.tr("Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("About resviz"))

    def set_language(self, lang: str) -> None:
        """View → Language: switch now, without a restart, and remember it."""
        lang = language.apply_language(lang)
        self.settings.setValue(language.SETTINGS_KEY, lang)
        self.language_actions[lang].setChecked(True)
        self.warn_missing_font()

    def warn_missing_font(self) -> None:
        """Once, not blocking: Chinese chosen but no font on this machine can draw it."""
        text = language.missing_font_warning(i18n.language())
        if text:
            self.messages.warn(self.tr("Chinese text cannot be shown"), text)
