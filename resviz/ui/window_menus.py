"""The window's menus, and the language switch under View. A mixin of MainWindow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from resviz import i18n
from resviz.ui import language
from resviz.ui.editor.code_export import CodeActions


class WindowMenus:
    """Expects the MainWindow's attributes (editor, bar, docks, settings, _warn, the slots)."""

    def _menus(self) -> None:
        mb = self.menuBar()
        self.file_menu = mb.addMenu("")
        acts = self.editor.file_actions()
        for a in acts[:4]:
            self.file_menu.addAction(a)
        self.file_menu.addMenu(self.editor.recent_menu)
        self.code_actions = CodeActions(self.editor.document, self.editor.files, self)
        self.file_menu.addMenu(self.code_actions.examples_menu)
        self.file_menu.addAction(self.code_actions.export_action)
        self.file_menu.addSeparator()
        self.import_action = QAction(self)
        self.import_action.triggered.connect(self.import_run)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = mb.addMenu("")
        for a in acts[4:]:
            self.edit_menu.addAction(a)
        self.train_menu = mb.addMenu("")
        for a in (self.bar.train_action, self.bar.pause_action, self.bar.stop_action, self.bar.demo_action):
            self.train_menu.addAction(a)
        self.train_menu.addSeparator()
        self.enqueue_action = QAction(self)
        self.enqueue_action.triggered.connect(self.enqueue_current)
        self.train_menu.addAction(self.enqueue_action)
        self.sweep_action = QAction(self)
        self.sweep_action.triggered.connect(self.open_sweep)
        self.train_menu.addAction(self.sweep_action)
        self.view_menu = mb.addMenu("")
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.lesson_ui.present.action)
        self.reset_action = QAction(self)
        self.reset_action.triggered.connect(self.reset_layout)
        self.view_menu.addAction(self.reset_action)
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        # Each language is named in itself, so a user lost in the other one still finds theirs.
        for lang, name in ((i18n.CHINESE, "中文"), (i18n.ENGLISH, "English")):
            action = QAction(name, self, checkable=True)
            action.setData(lang)
            action.setChecked(lang == i18n.language())
            action.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self.help_menu = mb.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)

    def retranslate_menus(self) -> None:
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
        self.lesson_ui.present.retranslate()
        self.reset_action.setText(self.tr("Reset layout"))
        self.language_menu.setTitle(self.tr("Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("About resviz"))
        self._say_again()

    def say(self, text: Callable[[], str], timeout_ms: int = 0) -> None:
        """A status-bar message, made by ``text`` so that a language switch can say it again."""
        self._said = (text, text(), timeout_ms)
        self.statusBar().showMessage(self._said[1], timeout_ms)

    def _say_again(self) -> None:
        said = getattr(self, "_said", None)
        if said is not None and self.statusBar().currentMessage() == said[1]:
            self.say(said[0], said[2])

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
            self._warn(self.tr("Chinese text cannot be shown"), text)
