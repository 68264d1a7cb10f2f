"""The window's language: catalogues up to date, switching at run time, the choice remembered."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from resviz import i18n
from resviz.ui import language
from resviz.ui.main_window import MainWindow
from resviz.ui.translations import LANGUAGES, entries, problems, ts_path


@pytest.fixture
def english() -> Iterator[None]:
    """Every test leaves the app in English, as the other tests expect."""
    language.apply_language(i18n.ENGLISH)
    yield
    language.apply_language(i18n.ENGLISH)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogues_are_up_to_date_with_the_sources(lang: str) -> None:
    found = problems(lang)
    assert not found, "run 'python -m resviz.ui.translations update', then translate:\n" + "\n".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_is_translated_with_the_same_placeholders(lang: str) -> None:
    import re

    todo = [e for e in entries(ts_path(lang)) if not e.finished]
    assert not todo, f"{len(todo)} untranslated, e.g. {todo[0].source!r}"
    for e in entries(ts_path(lang)):
        assert set(re.findall(r"{(\w+)}", e.source)) == set(re.findall(r"{(\w+)}", e.translation)), e.source


def test_startup_follows_forced_then_saved_then_system(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setattr("sys.argv", ["resviz"])
    monkeypatch.setattr(language.QLocale, "system", lambda: language.QLocale("zh_CN"))
    assert language.startup_language(settings) == i18n.CHINESE
    settings.setValue(language.SETTINGS_KEY, "en")
    assert language.startup_language(settings) == i18n.ENGLISH
    monkeypatch.setenv(i18n.ENV_VAR, "zh_CN")
    assert language.startup_language(settings) == i18n.CHINESE


def test_switching_relabels_the_open_window_and_is_remembered(qtbot, tmp_path: Path, english: None) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path / "store", settings=settings, autosave_dir=tmp_path / "a")
    qtbot.addWidget(w)
    assert w.file_menu.title() == "&File" and w.tabs.tabText(0) == "Curves"
    w.language_actions[i18n.CHINESE].trigger()
    QApplication.processEvents()
    assert i18n.language() == i18n.CHINESE
    assert settings.value(language.SETTINGS_KEY) == i18n.CHINESE
    assert w.file_menu.title() == "文件(&F)"
    assert w.tabs.tabText(0) == "曲线"
    assert w.bar.train_action.text() == "训练"
    assert w.docks["network"].windowTitle() == "网络"
    assert w.editor.undo_action.text() == "撤销"  # Qt's own catalogue, said again on the switch
    assert w.statusBar().currentMessage() == "正在加载 PyTorch…"
    w.language_actions[i18n.ENGLISH].trigger()
    QApplication.processEvents()
    assert w.tabs.tabText(0) == "Curves" and w.bar.train_action.text() == "Train"
    w.editor.document.undo_stack.setClean()
    w.close()


def test_chinese_has_a_font_with_its_glyphs(monkeypatch: pytest.MonkeyPatch) -> None:
    if language.cjk_family() is None:
        # .ci/run installs fonts-noto-cjk and then requires it; elsewhere the app warns instead.
        assert not os.environ.get("RESVIZ_REQUIRE_CJK_FONT"), language.FONT_HINT
        pytest.skip("no font with Chinese glyphs here")
    assert language.missing_font_warning(i18n.CHINESE) is None
    monkeypatch.setattr(language, "cjk_family", lambda: None)
    monkeypatch.setattr(language, "_warned", False)
    assert "fonts-noto-cjk" in (language.missing_font_warning(i18n.CHINESE) or "")
    assert language.missing_font_warning(i18n.CHINESE) is None  # once only


def test_paper_figure_in_chinese_has_every_glyph(tmp_path: Path, english: None) -> None:
    import warnings

    import numpy as np

    from resviz.presentation.figure import FigureCurve, font_families, render_figure
    from resviz.ui.explorer.plotstyle import tr

    if len(font_families()) < 2:
        pytest.skip("no font with Chinese glyphs here")
    language.apply_language(i18n.CHINESE)
    assert tr("Training") == "训练"
    x = np.arange(50.0)
    curve = FigureCurve("残差网络", "#0072B2", True, (x, np.exp(-x / 20)), (x[::10], np.exp(-x[::10] / 20)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        out = render_figure([curve], tmp_path / "fig.svg", translate=tr)
    text = out.read_text(encoding="utf-8")
    assert "训练" in text and "步数" in text
