"""Present mode on a projector: every chart's text and lines grow, nothing of it outlives the
mode, and no key or label sits on the curves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, QRectF, QSettings, Qt

from resviz.runs import open_store
from resviz.ui import theme
from resviz.ui.lessons.present_plots import PlotScaler, _properties
from resviz.ui.main_window import MainWindow
from resviz.ui.plots import style
from tests.fixtures.synthetic_history import make_history
from tests.fixtures.synthetic_runs import add_synthetic_run


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    with open_store(tmp_path / "store") as store:
        ids = [add_synthetic_run(store, p, steps=300, seed=i)
               for i, p in enumerate(("plain20", "plain56", "resnet20", "resnet56"))]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=tmp_path / "store", settings=settings, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(w)
    w.set_engine_ready(["auto", "cpu"])
    w.resize(1280, 720)
    w.display._history_replaced(make_history(steps=300, n=3, residual=False, steps_per_epoch=100))
    w.show()
    qtbot.waitExposed(w)
    w.setProperty("run_ids", ids)
    yield w
    w.lesson_ui.present.set_active(False)
    w.editor.document.undo_stack.setClean()
    w.close()


def _chart_state(w: MainWindow) -> dict[tuple[int, str], object]:
    """Every property Present mode may change, on every chart item in the window."""
    return {(id(item), name): get() for item in PlotScaler(w).items() for name, get, _, _ in _properties(item)}


def _points_inside(plot: pg.PlotItem, rect: QRectF) -> int:
    """Curve points drawn inside a scene rectangle, each point mapped on its own."""
    vb = plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    count = 0
    for item in plot.listDataItems():
        x, y = item.getData()
        for px, py in zip([] if x is None else x, [] if y is None else y, strict=True):
            if x0 <= px <= x1 and y0 <= py <= y1 and rect.contains(vb.mapViewToScene(QPointF(px, py))):
                count += 1
    return count


def test_present_mode_scales_fonts_and_lines_and_esc_restores_them(qtbot, window: MainWindow) -> None:
    curves, present = window.curves, window.lesson_ui.present
    window.tabs.setCurrentWidget(curves)
    curves.refresh()
    before = _chart_state(window)
    axis, line = curves.loss_plot.getAxis("left"), curves.curves["train/loss"]
    width = line.opts["pen"].widthF()

    present.action.trigger()
    assert axis.style["tickFont"].pixelSize() >= theme.PRESENT_TICK_PX
    assert axis.labelStyle["font-size"] == "20px" and axis.pen().widthF() == theme.PRESENT_AXIS_WIDTH
    assert line.opts["pen"].widthF() == pytest.approx(width * theme.PRESENT_LINE_SCALE)
    assert curves.legend.opts["size"] == "20px"  # the key above the plots
    # A view that redraws a curve with its own pen gets it thickened again while presenting...
    line.setPen(style.pen(style.TRAIN, 2.0))
    present.plots.apply()
    assert line.opts["pen"].widthF() == pytest.approx(2.0 * theme.PRESENT_LINE_SCALE)
    # ...and Esc puts back every font, pen and size as the views had them.
    present.escape.activated.emit()
    after = _chart_state(window)
    changed = [key for key in before if key in after and after[key] != before[key]]
    assert changed == [] and line.opts["pen"].widthF() == pytest.approx(width)


def test_no_key_or_label_covers_a_curve_in_present_mode(qtbot, window: MainWindow) -> None:
    present, explorer = window.lesson_ui.present, window.explorer
    window.tabs.setCurrentWidget(explorer)
    explorer.refresh()
    explorer.select_runs(list(window.property("run_ids")))
    present.set_active(True)
    window.setFixedSize(1280, 720)  # a projector's screen; the offscreen one is another size
    checked = 0
    for tab, plots, key, refs in (
        (window.curves, window.curves.plots, window.curves.legend, (window.curves.loss_ref, window.curves.acc_ref)),
        (explorer, (explorer.curves.train_plot, explorer.curves.val_plot), explorer.curves.key,
         explorer.curves.references),
    ):
        window.tabs.setCurrentWidget(tab)
        qtbot.wait(400)  # the layout settles; the rescale timer has run
        key_rect = key.sceneBoundingRect()
        assert key.opts["size"] == "20px" and key_rect.height() > 0
        for plot in plots:
            assert not key_rect.intersects(plot.getViewBox().sceneBoundingRect())
            assert _points_inside(plot, key_rect) == 0
        for ref in refs:
            if ref.chance.isVisible():
                label = ref.chance.label.sceneBoundingRect()
                assert _points_inside(ref.plot, label) == 0, "the chance label covers a curve"
                assert ref.plot.getViewBox().sceneBoundingRect().contains(label), "the chance label is cut off"
                checked += 1
    assert checked >= 3


def test_the_comparison_keeps_room_for_its_plots_on_a_projector(qtbot, window: MainWindow) -> None:
    """Lesson 3 at 1280×720: the caption, the table of runs and a key of full demo names left the
    plots 20 px high, and the key pushed the validation plot off the right edge."""
    from resviz.ui.lessons.annotate import annotate

    present, explorer = window.lesson_ui.present, window.explorer
    ids = list(window.property("run_ids"))
    with open_store(window.store_dir) as store:
        for run_id in ids:
            store.rename_run(run_id, store.get_run(run_id).name + " · degradation demo · seed 0")
    window.tabs.setCurrentWidget(explorer)
    explorer.refresh()
    explorer.select_runs(ids)
    annotate(explorer, "A conclusion of five lines or so on a projector, as the degradation verdict. " * 5)
    present.set_active(True)
    window.showNormal()  # the offscreen screen is 800×800: a projector's 1280×720 as a window instead
    window.setFixedSize(1280, 720)
    window.resizeDocks([window.docks["lessons"]], [int(1280 * 0.36)], Qt.Orientation.Horizontal)
    qtbot.wait(400)
    assert not explorer.splitter.widget(0).isVisible()  # the table of runs waits until Esc
    view = explorer.curves.view
    for plot in (explorer.curves.train_plot, explorer.curves.val_plot):
        box = view.mapFromScene(plot.getViewBox().sceneBoundingRect()).boundingRect()
        assert box.height() >= 100 and view.rect().contains(box), "a plot is squeezed or cut off"
    key = explorer.curves.key.text
    assert "degradation demo" in key and key.count("degradation demo") == 1  # said once, after the names
    present.set_active(False)
    assert explorer.splitter.widget(0).isVisible()


def test_a_key_drops_what_every_name_ends_with() -> None:
    from resviz.presentation.comparison import key_names

    demo = [f"{arch} · degradation demo · seed 0" for arch in ("resnet56", "plain20")]
    assert key_names(demo) == (["resnet56", "plain20"], "degradation demo · seed 0")
    seeds = ["resnet56 · degradation demo · seed 0", "resnet56 · degradation demo · seed 1"]
    assert key_names(seeds) == (seeds, "")  # nothing trailing in common
    assert key_names(["a · x", "a · x"]) == (["a · x", "a · x"], "")  # alike without it: kept whole
    assert key_names(["one · x"]) == (["one · x"], "")


def test_the_classroom_tick_box_shows_on_the_black_lesson_column(qtbot, window: MainWindow) -> None:
    """Qt's default indicator is dark on dark there: the projector theme draws its own."""
    panel = window.lesson_ui.panel
    window.docks["lessons"].show()
    panel.show_lesson("shortcuts")
    window.lesson_ui.present.set_active(True)
    box = panel.classroom
    qtbot.waitUntil(box.isVisible)

    def indicator_colours() -> set[tuple[int, int, int]]:
        image = box.grab().toImage()
        side = min(image.height(), theme.PRESENT_FONT_PX + 4)
        return {image.pixelColor(x, y).getRgb()[:3] for x in range(side) for y in range(image.height())}

    ink = pg.mkColor(theme.palette.HC_INK).getRgb()[:3]
    accent = pg.mkColor(theme.palette.HC_ACCENT).getRgb()[:3]
    assert ink in indicator_colours() and accent not in indicator_colours()  # an empty box's edge
    box.setChecked(True)
    assert accent in indicator_colours()  # filled when on


def test_a_lessons_conclusion_is_read_in_the_lesson_column_and_the_plots_keep_their_height(
        qtbot, window: MainWindow) -> None:
    """At 1280×720 the conclusion above the comparison left its plots 110 px high."""
    from resviz.ui.lessons.annotate import caption_of

    ui, explorer = window.lesson_ui, window.explorer
    ids = list(window.property("run_ids"))
    window.docks["lessons"].show()
    ui.panel.show_lesson("shortcuts")
    ui.present.set_active(True)
    window.showNormal()
    window.setFixedSize(1280, 720)
    text = "The deeper plain net ends higher; with shortcuts the order reverses. " * 5
    ui.panel.set_conclusion("shortcuts", text)
    ui.point(ui.panel.lesson, dict(zip(("plain20", "plain56", "resnet20", "resnet56"), ids, strict=True)), text)
    qtbot.wait(400)
    assert caption_of(explorer).text() == text and not caption_of(explorer).isVisible()
    assert ui.panel.text.toPlainText().lstrip().startswith("What the runs showed: The deeper plain net")
    view = explorer.curves.view
    box = view.mapFromScene(explorer.curves.train_plot.getViewBox().sceneBoundingRect()).boundingRect()
    assert box.height() >= 250
    explorer.caption(text)  # the same words as the demo's verdict, not a lesson's: they stay on the figure
    ui.present.fit_captions()
    assert caption_of(explorer).isVisible()
    explorer.caption(text, lesson=True)
    ui.present.set_active(False)  # back at the desk: the caption is on the figure again
    assert caption_of(explorer).isVisible() and ui.panel.conclusion.isVisible()
    assert not ui.panel.text.toPlainText().lstrip().startswith("What the runs showed")
