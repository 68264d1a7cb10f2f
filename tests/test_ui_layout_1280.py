"""Every view works at 1280×720: nothing squeezed below what it needs, nothing drawn over a
neighbour, no tab name shortened. Renders the window with real (synthetic) runs on display."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLayout,
    QMessageBox,
    QSizePolicy,
    QTabBar,
    QWidget,
)

from resviz.runs import open_store
from resviz.ui.main_window import MainWindow
from tests.fixtures.synthetic_runs import add_synthetic_run

SIZE = (1280, 720)


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    store = open_store(tmp_path / "store")
    ids = [add_synthetic_run(store, p, steps=300, steps_per_epoch=100, probe_every=50)
           for p in ("plain20", "plain56", "resnet20", "resnet56")]
    store.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path / "store", settings=settings, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(w)
    w.resize(*SIZE)
    w.show()
    w.open_run(ids[1])
    w.explorer.refresh()
    w.explorer.select_runs(ids)
    yield w
    w.close()
    qtbot.wait(20)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def squeezed(root: QWidget) -> list[str]:
    """Visible widgets narrower or lower than their minimum size hint (so their text is cut)."""
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, (QLabel, QAbstractButton, QComboBox)) or not w.isVisible():
            continue
        if isinstance(w, QLabel) and (w.wordWrap() or not w.text()):
            continue
        if isinstance(w.parentWidget(), QTabBar):
            continue  # the tab bar's own scroll arrows (many tabs at 1280): the style sizes them, no text
        hint = w.minimumSizeHint()
        policy = w.sizePolicy()
        ignored_w = policy.horizontalPolicy() == QSizePolicy.Policy.Ignored
        if (not ignored_w and w.width() < hint.width() - 1) or w.height() < hint.height() - 1:
            out.append(f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r} {w.size().toTuple()} < {hint.toTuple()}")
    return out


def overlapping(root: QWidget) -> list[str]:
    """Visible widgets of one layout whose rectangles intersect."""
    out = []
    for layout in root.findChildren(QLayout):
        widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
        # Tabified docks behind the current one are 'visible' but parked off-screen: skip them.
        shown = [w for w in widgets if w is not None and w.isVisible() and not w.visibleRegion().isEmpty()]
        for i, a in enumerate(shown):
            for b in shown[i + 1:]:
                if a.geometry().intersected(b.geometry()).width() > 1 and a.geometry().intersected(b.geometry()).height() > 1:
                    out.append(f"{type(a).__name__} {getattr(a, 'text', lambda: '')()!r} overlaps "
                               f"{type(b).__name__} {getattr(b, 'text', lambda: '')()!r}")
    return out


def cut_tabs(root: QWidget) -> list[str]:
    out = []
    for bar in root.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        for i in range(bar.count()):
            need = bar.fontMetrics().horizontalAdvance(bar.tabText(i))
            if bar.tabRect(i).width() < need:
                out.append(f"tab {bar.tabText(i)!r}: {bar.tabRect(i).width()} px < {need} px")
    return out


def test_every_view_fits_at_1280x720(window: MainWindow) -> None:
    problems: list[str] = []
    views = [(window.tabs, i, None) for i in range(window.tabs.count() - 1)]
    views += [(window.tabs, window.tabs.count() - 1, j) for j in range(window.explorer.tabs.count())]
    for tabs, i, sub in views:
        tabs.setCurrentIndex(i)
        if sub is not None:
            window.explorer.tabs.setCurrentIndex(sub)
        settle()
        name = tabs.tabText(i) + (f" / {window.explorer.tabs.tabText(sub)}" if sub is not None else "")
        assert window.size().toTuple() == SIZE, f"{name}: the window cannot be {SIZE}"
        problems += [f"{name}: {p}" for p in squeezed(window) + overlapping(window) + cut_tabs(window)]
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_progress_text_is_shortened_not_cut(qtbot) -> None:
    from resviz.ui.train_bar import TrainBar

    bar = TrainBar()
    qtbot.addWidget(bar)
    text = "Stopped after 1,234 steps · train loss 2.301 · best val acc 12.5% · and more words here"
    bar.show_message(text)
    shown = bar.progress.format()
    assert bar.progress.toolTip() == text
    assert bar.progress.fontMetrics().horizontalAdvance(shown) <= max(bar.progress.width(), 260) - 16
    assert shown.endswith("…")


def test_a_dock_that_appears_keeps_the_window_on_the_screen(qtbot, window: MainWindow) -> None:
    """The queue appears when a lesson or the demo queues runs. Qt made room for it by growing
    the window (720 px to 738 on a 1280×720 screen), and the status bar fell off the screen."""
    from resviz.ui.main_window import FIT_DELAY_MS

    screen = window.screen().availableGeometry().height()
    window.resize(SIZE[0], screen)  # as tall as the screen allows
    window.docks["queue"].hide()
    settle()
    window.docks["queue"].show()
    qtbot.wait(FIT_DELAY_MS + 200)
    assert window.docks["queue"].isVisible() and window.frameGeometry().height() <= screen


def test_long_headers_wrap_rather_than_widen_the_window(qtbot) -> None:
    """A pointing-game score with its chance and centre figures made the Grad-CAM header ask for
    748 px, and a store of 11 runs the explorer's filter bar for 626: 1280×720 grew to 1416 and
    1286 px wide."""
    from resviz.ui.explorer.filterbar import FilterBar
    from resviz.ui.gradcam.header import Header

    header = Header("inferno")
    qtbot.addWidget(header)
    header.heading.setText("<b>layer3.2</b> · epoch 10 · step 12,345")
    header.pointing.setText(" · pointing game 45% ± 2% on 500 images (chance 20%, centre 18%)")
    header.pointing.setVisible(True)  # as set_result shows it with a score
    header.show()
    header.layout().activate()
    assert header.minimumSizeHint().width() < 480
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.set_count(1234, 1234)
    assert bar.minimumSizeHint().width() < 600


def test_the_editors_pages_fit_the_network_dock(window: MainWindow) -> None:
    """A customised block's page asked for 352 px in the 275 px the dock gives, the head's for 300:
    their text was cut under a sideways scroll bar."""
    editor, props = window.editor, window.editor.properties
    room = props.parentWidget().width()  # the scroll area's viewport
    for module in ("layer2.0", "fc"):
        editor.select_module(module)
        if module == "layer2.0":
            props.branch_panel.customise_button.click()
        settle()
        assert props.minimumSizeHint().width() <= room, module
