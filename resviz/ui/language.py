"""The window's language: Qt catalogues, Qt's own translations, a font with Chinese glyphs.

DESIGN: widgets mark texts with ``self.tr("…")`` (or ``QCoreApplication.translate("Context", "…")``
outside a QObject; ``QT_TRANSLATE_NOOP`` for tables built at import time) and set every text in one
``retranslate()`` method, called from ``__init__`` and again from ``changeEvent`` on
``QEvent.LanguageChange``, which Qt sends to every widget when a translator is installed or
removed. So switching needs no restart: ``apply_language`` swaps the translators and every open
view relabels itself. The engine's texts (``resviz.i18n._``) follow the same language.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QAction, QFont, QFontDatabase, QUndoStack
from PySide6.QtWidgets import QApplication

from resviz import i18n

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
SETTINGS_KEY = "ui/language"
# Families that cover Simplified Chinese, best first; any other family with the glyphs also works.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
                "WenQuanYi Micro Hei", "Noto Sans SC", "SimHei", "Noto Serif CJK SC")
FONT_HINT = QT_TRANSLATE_NOOP(
    "language", "No font with Chinese characters was found, so Chinese text shows as empty boxes. "
    "Install one, e.g. 'sudo apt install fonts-noto-cjk' (Debian/Ubuntu) or "
    "'sudo dnf install google-noto-sans-cjk-fonts' (Fedora), then restart resviz.")

_translators: list[QTranslator] = []
_base_font: QFont | None = None
_start_locale: QLocale | None = None
_warned = False


def forced_language() -> str | None:
    """The language forced by ``--lang`` (applied by resviz.__main__) or RESVIZ_LANG, else None."""
    if any(a == "--lang" or a.startswith("--lang=") for a in sys.argv[1:]):
        return i18n.language()
    return i18n.normalize(os.environ.get(i18n.ENV_VAR))


def saved_language(settings: QSettings) -> str | None:
    value = settings.value(SETTINGS_KEY)
    return i18n.normalize(value) if isinstance(value, str) else None


def startup_language(settings: QSettings) -> str:
    """--lang, then RESVIZ_LANG, then the choice saved from View → Language, then the system."""
    return i18n.resolve_language(forced_language(), saved_language(settings), QLocale.system().name())


def cjk_family() -> str | None:
    """A font family that has Chinese glyphs, or None when the machine has none."""
    families = QFontDatabase.families()
    for name in CJK_FAMILIES:
        if name in families:
            return name
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return chinese[0] if chinese else None


def _qt_catalogues(lang: str) -> list[Path]:
    """Qt's own (message-box buttons, file dialogs, context menus), then resviz's."""
    if lang == i18n.ENGLISH:
        return []
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return [qt_dir / f"qtbase_{lang}.qm", TRANSLATIONS_DIR / f"resviz_{lang}.qm"]


def apply_language(lang: str, app: QCoreApplication | None = None) -> str:
    """Switch the app and the engine to ``lang``; every open widget gets a LanguageChange."""
    global _base_font
    app = app or QCoreApplication.instance()
    lang = i18n.set_language(lang)
    if app is None:
        return lang
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    for path in _qt_catalogues(lang):
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _translators.append(translator)
    _set_locale(lang)
    if isinstance(app, QApplication):
        _base_font = _base_font or QFont(app.font())
        _set_font(app, lang)
    return lang


def _set_locale(lang: str) -> None:
    """Numbers and Qt's own widgets in the language's locale; English keeps the locale the app
    started with unless that one is Chinese."""
    global _start_locale
    _start_locale = _start_locale or QLocale()
    if lang == i18n.CHINESE:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    elif _start_locale.language() == QLocale.Language.Chinese:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    else:
        QLocale.setDefault(_start_locale)


def _set_font(app: QApplication, lang: str) -> None:
    """Chinese in a CJK family (Qt's fallback may pick a Japanese one); English in the usual font."""
    assert _base_font is not None
    font = QFont(_base_font)
    family = cjk_family() if lang == i18n.CHINESE else None
    if family:
        font.setFamilies([family, *_base_font.families()])
    app.setFont(font)


def relabel_undo(action: QAction, stack: QUndoStack, redo: bool = False) -> None:
    """Qt names an undo action ("Undo <edit>") only when its stack changes; say it again now."""
    text = stack.redoText() if redo else stack.undoText()
    if text:
        label = QCoreApplication.translate("QUndoStack", "Redo %1" if redo else "Undo %1").replace("%1", text)
    else:
        label = QCoreApplication.translate("QUndoStack", "Redo" if redo else "Undo",
                                           "Default text for redo action" if redo else "Default text for undo action")
    action.setText(label)


def missing_font_warning(lang: str) -> str | None:
    """The text to show once when Chinese is chosen and no font can draw it, else None."""
    global _warned
    if lang != i18n.CHINESE or _warned or cjk_family() is not None:
        return None
    _warned = True
    return QCoreApplication.translate("language", FONT_HINT)
