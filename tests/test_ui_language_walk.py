"""Walk every widget of the window (editor, settings, plots, diagram, Grad-CAM, explorer, queue)
and of the sweep dialog: in Chinese no English words but technical tokens, in English no Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from resviz import i18n
from resviz.arch.presets import PRESETS
from resviz.arch.spec import ACTIVATIONS, BLOCK_KINDS, SHORTCUTS
from resviz.data import list_datasets
from resviz.data.procedural import CLASS_NAMES
from resviz.runs import open_store
from resviz.ui import language
from resviz.ui.main_window import MainWindow
from resviz.ui.queue import SweepDialog
from tests.fixtures.synthetic_runs import add_synthetic_run
from tests.ui_texts import has_chinese, has_english, window_texts


def engine_texts() -> set[str]:
    """Texts the engine supplies (translated by its gettext catalogue, checked by its own tests)
    and names users give: preset and dataset names and descriptions."""
    out: set[str] = set()
    for p in PRESETS.values():
        spec = p.make()  # a preset's network carries its own description
        out |= {p.name, p.description, i18n._(p.description), spec.description, i18n._(spec.description)}
    for d in list_datasets():
        out |= {d.name, d.title, d.description, i18n._(d.title), i18n._(d.description)}
    out |= {name for cls in CLASS_NAMES for name in (cls, i18n._(cls))}
    out |= {f"{key}:" for key in (*SHORTCUTS, *BLOCK_KINDS, *ACTIVATIONS)}  # spec values in tooltips
    return out


@pytest.fixture
def texts(request: pytest.FixtureRequest, qtbot, tmp_path: Path) -> Iterator[list[str]]:  # noqa: ANN001
    language.apply_language(request.param)
    store_dir = tmp_path / "store"
    with open_store(store_dir) as store:
        ids = [add_synthetic_run(store, preset, steps=200, steps_per_epoch=40, probe_every=20, seed=i,
                                 gradcam=True) for i, preset in enumerate(("plain20", "resnet20"))]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=store_dir, settings=settings, autosave_dir=tmp_path / "a")
    qtbot.addWidget(w)
    w.set_engine_ready(["auto", "cpu"])
    w.resize(1366, 768)
    w.show()
    w.docks["queue"].show()
    w.open_run(ids[1])  # curves, gradients, shortcut split, diagram and Grad-CAM of a real run
    w.explorer.refresh()
    w.explorer.select_runs(ids)
    w.explorer._show_selection()
    QApplication.processEvents()
    out: list[str] = []
    # Some tabs draw only when shown: visit each, in the window and in the explorer.
    for tabs in (w.tabs, w.explorer.tabs):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
            out += window_texts(tabs.currentWidget())
    dialog = SweepDialog(w.editor.document.spec(), w.training.config(), store_dir, w)
    out += window_texts(w) + window_texts(dialog)
    yield out
    dialog.deleteLater()
    w.editor.document.undo_stack.setClean()
    w.close()
    language.apply_language(i18n.ENGLISH)


@pytest.mark.parametrize("texts", [i18n.CHINESE], indirect=True)
def test_chinese_window_has_no_english_words(texts: list[str]) -> None:
    allowed = engine_texts() | {"English"}  # the language menu names each language in itself
    bad = sorted({t for t in texts if has_english(t, allowed)})
    share = 1 - sum(has_english(t, allowed) for t in texts) / len(texts)
    print(f"{len(texts)} texts, {share:.1%} without English words")
    assert len(texts) > 400  # the walk reached the panels, not only the menus
    assert not bad, f"{len(bad)} texts still English ({share:.1%} clean):\n" + "\n".join(bad[:40])


@pytest.mark.parametrize("texts", [i18n.ENGLISH], indirect=True)
def test_english_window_has_no_chinese(texts: list[str]) -> None:
    bad = sorted({t for t in texts if has_chinese(t) and t != "中文"})
    assert len(texts) > 400
    assert not bad, "\n".join(bad[:40])
