"""ExplorerWidget: the run table (columns, sort, filters, edits, delete) and the comparison."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from resviz.presentation.columns import COLUMN_INDEX, COLUMNS
from resviz.presentation.summary import HEADERS
from resviz.runs import open_store
from resviz.ui.explorer import ExplorerWidget
from resviz.ui.explorer.plotstyle import is_dashed
from resviz.ui.explorer.table import RUN_ID_ROLE
from tests.fixtures.synthetic_runs import add_synthetic_run

PRESETS = ("plain20", "plain56", "resnet20", "resnet56")


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with open_store(path) as store:
        for i, preset in enumerate(PRESETS):
            add_synthetic_run(store, preset, steps=400, steps_per_epoch=40, probe_every=20, seed=i,
                              gradcam=preset.endswith("20"), tags=["fig6"] if i < 3 else [])
    return path


@pytest.fixture
def explorer(qtbot, store_dir: Path) -> ExplorerWidget:  # noqa: ANN001 - pytest-qt fixture
    w = ExplorerWidget(store_dir)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    return w


def ids_by_name(w: ExplorerWidget) -> dict[str, int]:
    return {r.name: r.id for r in w.model.runs()}


def column_texts(w: ExplorerWidget, key: str) -> list[str]:
    col = COLUMN_INDEX[key]
    return [w.proxy.index(r, col).data() for r in range(w.proxy.rowCount())]


def test_table_shows_every_run_with_its_columns(explorer: ExplorerWidget) -> None:
    titles = [explorer.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    for title in ("Name", "Architecture", "Depth", "Type", "Block", "Shortcut", "Dataset", "Status",
                  "Train loss", "Best val acc", "Time", "Device", "Tags"):
        assert title in titles
    assert sorted(column_texts(explorer, "name")) == sorted(PRESETS)
    assert column_texts(explorer, "name")[0] == "resnet56"  # newest first
    row = column_texts(explorer, "name").index("plain56")
    cells = {c.key: explorer.proxy.index(row, i).data() for i, c in enumerate(COLUMNS)}
    assert cells["depth"] == "56" and cells["type"] == "plain" and cells["shortcut"] == "—"
    assert cells["dataset"] == "Built-in shapes" and cells["device"] == "cpu" and cells["tags"] == "fig6"


def test_sort_by_best_val_acc(explorer: ExplorerWidget) -> None:
    col = COLUMN_INDEX["best_val_acc"]
    explorer.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    values = [float(t.rstrip("%")) for t in column_texts(explorer, "best_val_acc")]
    assert values == sorted(values, reverse=True)
    assert column_texts(explorer, "name")[0] == "resnet56"  # the degradation problem, reversed
    explorer.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert column_texts(explorer, "name")[0] == "plain56"


def test_search_status_type_and_tag_filters(explorer: ExplorerWidget, store_dir: Path) -> None:
    explorer.filters.search.setText("56")
    assert sorted(column_texts(explorer, "name")) == ["plain56", "resnet56"]
    explorer.filters.search.setText("")
    explorer.filters.kind.setCurrentIndex(explorer.filters.kind.findData(True))
    assert sorted(column_texts(explorer, "name")) == ["resnet20", "resnet56"]
    explorer.filters.kind.setCurrentIndex(explorer.filters.kind.findData(False))
    assert sorted(column_texts(explorer, "name")) == ["plain20", "plain56"]
    explorer.filters.kind.setCurrentIndex(0)
    with open_store(store_dir) as store:
        store.set_status(ids_by_name(explorer)["plain20"], "diverged", "loss became NaN")
    explorer.refresh()
    explorer.filters.status.setCurrentIndex(explorer.filters.status.findData("diverged"))
    assert column_texts(explorer, "name") == ["plain20"]
    explorer.filters.status.setCurrentIndex(0)
    explorer.filters.tag.setCurrentIndex(explorer.filters.tag.findData("fig6"))
    assert sorted(column_texts(explorer, "name")) == ["plain20", "plain56", "resnet20"]
    explorer.filters.search.setText("no such run")
    assert explorer.table_stack.currentIndex() == 0 and "No run matches" in explorer.table_empty.text()


def test_rename_tags_notes_reach_the_store_and_undo(explorer: ExplorerWidget, store_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    run_id = ids_by_name(explorer)["plain20"]
    info = explorer.model.run_by_id(run_id)
    assert info is not None
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("plain-20 baseline", True))
    explorer.actions.rename_dialog(info)
    with open_store(store_dir) as store:
        assert store.get_run(run_id).name == "plain-20 baseline"
    assert "plain-20 baseline" in column_texts(explorer, "name")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("lesson 3, fig6", True))
    explorer.actions.tags_dialog([explorer.model.run_by_id(run_id)])  # type: ignore[list-item]
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("lr too high?", True))
    explorer.actions.notes_dialog([explorer.model.run_by_id(run_id)])  # type: ignore[list-item]
    with open_store(store_dir) as store:
        run = store.get_run(run_id)
        assert run.tags == ("fig6", "lesson 3") and run.notes == "lr too high?"
    assert "lesson 3" in [explorer.filters.tag.itemData(i) for i in range(explorer.filters.tag.count())]
    explorer.actions.undo_stack.undo()  # notes
    explorer.actions.undo_stack.undo()  # tags
    explorer.actions.undo_stack.undo()  # name
    with open_store(store_dir) as store:
        run = store.get_run(run_id)
        assert (run.name, run.tags, run.notes) == ("plain20", ("fig6",), "")
    explorer.actions.undo_stack.redo()
    with open_store(store_dir) as store:
        assert store.get_run(run_id).name == "plain-20 baseline"


def test_inline_rename_goes_through_the_store(explorer: ExplorerWidget, store_dir: Path) -> None:
    row = column_texts(explorer, "name").index("resnet20")
    index = explorer.proxy.index(row, COLUMN_INDEX["name"])
    assert explorer.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable
    explorer.proxy.setData(index, "ResNet-20 (A)")
    with open_store(store_dir) as store:
        assert store.get_run(index.data(RUN_ID_ROLE)).name == "ResNet-20 (A)"


def test_tags_on_several_runs_keep_their_other_tags(explorer: ExplorerWidget, store_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ids = ids_by_name(explorer)
    runs = [explorer.model.run_by_id(ids[n]) for n in ("plain20", "resnet56")]
    # Only plain20 has "fig6", so the runs share no tag; adding "deep" keeps plain20's "fig6".
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("deep", True))
    explorer.actions.tags_dialog(runs)  # type: ignore[arg-type]
    with open_store(store_dir) as store:
        assert store.get_run(ids["plain20"]).tags == ("deep", "fig6")
        assert store.get_run(ids["resnet56"]).tags == ("deep",)


def test_delete_asks_first(explorer: ExplorerWidget, store_dir: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    ids = ids_by_name(explorer)
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # noqa: ANN202
        def question(parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN202
            asked.append(text)
            return reply
        return question

    runs = [explorer.model.run_by_id(ids[n]) for n in ("plain20", "plain56")]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert explorer.actions.delete(runs) == []  # type: ignore[arg-type]
    assert "2 runs" in asked[-1] and explorer.model.rowCount() == 4
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    explorer.actions.delete(runs[:1])  # type: ignore[arg-type]
    assert "plain20" in asked[-1]
    assert "plain20" not in column_texts(explorer, "name")
    with open_store(store_dir) as store:
        assert ids["plain20"] not in [r.id for r in store.list_runs()]


def test_selecting_two_runs_overlays_their_curves(explorer: ExplorerWidget) -> None:
    ids = ids_by_name(explorer)
    explorer.select_runs([ids["plain56"], ids["resnet56"]])
    assert sorted(explorer.selected_runs()) == sorted([ids["plain56"], ids["resnet56"]])
    items = explorer.curves.train_items
    assert set(items) == {ids["plain56"], ids["resnet56"]}
    plain, res = items[ids["plain56"]], items[ids["resnet56"]]
    assert is_dashed(plain.opts["pen"]) and not is_dashed(res.opts["pen"])
    assert plain.opts["pen"].color().name() != res.opts["pen"].color().name()
    x, y = plain.getOriginalDataset()
    assert len(x) == 400 and x[-1] == 400
    assert explorer.curves.key.text.count("&nbsp;") >= 2 and "<br>" not in explorer.curves.key.text  # two runs, one line
    assert explorer.curves.val_items[ids["plain56"]].getOriginalDataset()[0][-1] == 400


def test_runs_without_validation_say_so_in_the_validation_panel(explorer: ExplorerWidget, store_dir: Path) -> None:
    with open_store(store_dir) as store:
        short = add_synthetic_run(store, "resnet20", steps=30, steps_per_epoch=40, name="short")
    explorer.refresh()
    explorer.select_runs([short])
    explorer._show_selection()
    assert explorer.curves.no_validation.isVisible()
    assert "no validation" in explorer.curves.no_validation.toPlainText()
    explorer.select_runs([short, ids_by_name(explorer)["resnet20"]])  # one of them has validation points
    explorer._show_selection()
    assert not explorer.curves.no_validation.isVisible()


def test_log_y_and_x_axis(explorer: ExplorerWidget) -> None:
    ids = ids_by_name(explorer)
    explorer.select_runs([ids["plain20"]])
    item = explorer.curves.train_items[ids["plain20"]]
    explorer.curves.log_y.setChecked(True)
    assert explorer.curves.train_plot.getAxis("left").logMode
    assert item.opts["logMode"][1]
    explorer.curves.set_x_axis("epoch")
    x, _ = item.getOriginalDataset()
    assert x[-1] == pytest.approx(10.0)  # 400 steps at 40 per epoch
    assert "epoch" in explorer.curves.train_plot.getAxis("bottom").labelText
    explorer.curves.set_x_axis("step")
    assert item.getOriginalDataset()[0][-1] == 400
    explorer.curves.set_quantity("error")
    assert 0 <= item.getOriginalDataset()[1].min() <= 100


def test_refresh_keeps_selection_and_sort(explorer: ExplorerWidget, store_dir: Path) -> None:
    ids = ids_by_name(explorer)
    explorer.table.sortByColumn(COLUMN_INDEX["name"], Qt.SortOrder.AscendingOrder)
    explorer.select_runs([ids["plain56"], ids["resnet20"]])
    with open_store(store_dir) as store:
        add_synthetic_run(store, "plain20", steps=50, steps_per_epoch=10, gradcam=False, name="a new run")
        store.rename_run(ids["resnet20"], "resnet20 renamed")
    explorer.refresh()
    assert explorer.model.rowCount() == 5
    assert sorted(explorer.selected_runs()) == sorted([ids["plain56"], ids["resnet20"]])
    assert column_texts(explorer, "name")[0] == "a new run"  # still sorted by name
    assert "resnet20 renamed" in explorer.curves.key.text


def test_running_run_curves_grow_on_refresh(explorer: ExplorerWidget, store_dir: Path) -> None:
    with open_store(store_dir) as store:
        run_id = store.create_run("live run")
        store.set_status(run_id, "running")
        store.log_metrics(run_id, 1, {"train/loss": 2.3, "train/acc": 0.1})
    explorer.refresh()
    explorer.select_runs([run_id])
    item = explorer.curves.train_items[run_id]
    assert len(item.getOriginalDataset()[0]) == 1
    with open_store(store_dir) as store:
        store.log_metrics(run_id, 2, {"train/loss": 2.0, "train/acc": 0.2})
        store.heartbeat(run_id)
    explorer.refresh()
    assert item.getOriginalDataset()[0].tolist() == [1, 2]


def test_summary_exports(explorer: ExplorerWidget, tmp_path: Path) -> None:
    ids = ids_by_name(explorer)
    with open_store(explorer.store.dir) as store:  # as stored before the final loss was a tail mean
        store.update_summary(ids["plain20"], final_train_loss=9.99)
    explorer.refresh()
    explorer.select_runs([ids["plain20"], ids["resnet20"]])
    summary = explorer.summary
    csv_text = summary.save(tmp_path / "s.csv").read_text()
    assert csv_text.splitlines()[0].startswith("Name,Final train loss,Final train error (%),Best val acc (%),Run")
    assert len(csv_text.splitlines()) == 3 and "resnet20" in csv_text
    md = summary.save(tmp_path / "s.md").read_text().splitlines()
    assert md[0].startswith("| Name | Final train loss |") and len(md) == 4
    summary.copy()
    from PySide6.QtGui import QGuiApplication

    clip = QGuiApplication.clipboard().text().splitlines()
    assert clip[0].split("\t")[:2] == ["Name", "Final train loss"] and len(clip) == 3
    explorer.tabs.setCurrentWidget(summary)
    # Names are the frozen row headers; results come first; parameters read 68,050, not 68050.
    names = {summary.table.verticalHeaderItem(r).text() for r in range(summary.table.rowCount())}
    assert names == {"plain20", "resnet20"}
    assert summary.table.isColumnHidden(0)
    params = summary.table.item(0, list(HEADERS).index("Params")).text()
    assert "," in params and params.replace(",", "").isdigit()
    assert "Lowest final training loss" in summary.verdict.text()
    # The sentence and the table say one final loss: the mean of the last tenth of the logged steps.
    from resviz.runs.final import tail_mean

    with open_store(explorer.store.dir) as store:
        for r in range(summary.table.rowCount()):
            run_id = int(summary.rows[r][list(HEADERS).index("Run")])
            want = tail_mean(store.metric_series(run_id, "train/loss")[1])
            assert summary.table.item(r, list(HEADERS).index("Final train loss")).text() == f"{want:.4f}"
            assert f"{want:.2f}" in summary.verdict.text() or f"{want:.3g}" in summary.verdict.text()


def test_export_figure_png_and_svg(explorer: ExplorerWidget, tmp_path: Path) -> None:
    ids = ids_by_name(explorer)
    with pytest.raises(ValueError):
        explorer.export_figure(tmp_path / "none.png")
    explorer.select_runs([ids["plain56"], ids["resnet56"]])
    png = explorer.export_figure(tmp_path / "fig.png")
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 10_000
    svg = explorer.export_figure(tmp_path / "fig.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "plain56" in svg and "stroke-dasharray" in svg
    # The screen shows the x range the figure gets: 0 to the longest run, padded alike.
    from resviz.presentation.comparison import x_limits
    from resviz.presentation.figure import figure_curves

    curves = figure_curves(explorer.cache, [ids["plain56"], ids["resnet56"]])
    want = x_limits([np.asarray(x) for c in curves for x in (c.train[0], c.val[0])])
    assert want is not None and want[0] < 0
    np.testing.assert_allclose(explorer.curves.train_plot.getViewBox().viewRange()[0], want, rtol=1e-6)


def test_gradient_profiles_one_line_per_run(explorer: ExplorerWidget) -> None:
    ids = ids_by_name(explorer)
    chosen = [ids["plain20"], ids["plain56"], ids["resnet56"]]
    explorer.select_runs(chosen)
    explorer.tabs.setCurrentWidget(explorer.gradients)
    tab = explorer.gradients
    assert set(tab.lines) == set(chosen) and set(tab.diagrams) == set(chosen)
    plain = tab.lines[ids["plain56"]]
    assert is_dashed(plain.opts["pen"]) and not is_dashed(tab.lines[ids["resnet56"]].opts["pen"])
    x, y = plain.getData()
    assert len(x) == 56 and x[0] == 0 and x[-1] == 1  # relative depth
    assert tab.plot.getAxis("left").logMode
    assert tab.slider.value() == 400
    tab.set_step(250)  # probes every 20 steps: 240 is the nearest at or before
    assert "step 240" in tab.diagrams[ids["plain20"]].caption.text()
    tab.x_mode.setCurrentIndex(tab.x_mode.findData("index"))
    assert tab.lines[ids["plain56"]].getData()[0][-1] == 55
    # Side by side, every diagram is coloured on one range (so the pictures compare) ...
    ranges = {tab.diagrams[i].view.diagram._range for i in chosen}
    assert len(ranges) == 1 and None not in ranges
    tab.shared_range.setChecked(False)  # ... or each on its own
    assert all(tab.diagrams[i].view.diagram.fixed_range is None for i in chosen)


def test_gradcam_rows_and_empty_states(qtbot, tmp_path: Path, store_dir: Path) -> None:  # noqa: ANN001
    empty = ExplorerWidget(tmp_path / "empty")
    qtbot.addWidget(empty)
    assert "No runs yet" in empty.table_empty.text() and empty.table_stack.currentIndex() == 0
    empty.set_store_dir(store_dir)
    assert empty.model.rowCount() == 4 and empty.table_stack.currentIndex() == 1
    empty.show()
    ids = ids_by_name(empty)
    empty.tabs.setCurrentWidget(empty.gradcam)
    assert empty.gradcam.stack.currentIndex() == 0  # "Select runs to compare them"
    empty.select_runs([ids["plain20"], ids["resnet20"], ids["resnet56"]])
    assert empty.gradcam.rows == 2  # resnet56 stored no snapshot
    assert "No snapshot: resnet56" in empty.gradcam.note.text()
    assert empty.gradcam.compute_more.isHidden()  # resnet56 has no checkpoint to compute from


def test_gradcam_offers_compute_for_a_run_with_a_checkpoint(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    store = open_store(tmp_path / "s")
    run_id = add_synthetic_run(store, "plain20", steps=50, steps_per_epoch=10, gradcam=False)
    (tmp_path / "s" / "ckpt.pt").write_bytes(b"")
    store.set_checkpoint(run_id, tmp_path / "s" / "ckpt.pt", 50, 5)
    store.close()
    explorer = ExplorerWidget(tmp_path / "s")
    qtbot.addWidget(explorer)
    explorer.show()
    explorer.tabs.setCurrentWidget(explorer.gradcam)
    explorer.select_runs([run_id])
    assert explorer.gradcam.stack.currentIndex() == 0 and explorer.gradcam.rows == 0
    assert not explorer.gradcam.compute_button.isHidden()  # not a dead end: Compute is offered


def test_double_click_and_menu_open_a_run(explorer: ExplorerWidget, qtbot) -> None:  # noqa: ANN001
    ids = ids_by_name(explorer)
    explorer.select_runs([ids["resnet20"]])
    with qtbot.waitSignal(explorer.runOpened) as blocker:
        explorer.open_button.click()
    assert blocker.args == [ids["resnet20"]]
    menu = explorer.context_menu([explorer.model.run_by_id(ids["resnet20"])])  # type: ignore[list-item]
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:5] == ["Open in main view", "Resume training", "Rename…", "Tags…", "Notes…"]
    assert any(t.startswith("Delete") for t in texts)
    weights = next(a for a in menu.actions() if a.text() == "Export JSON with trained weights…")
    assert not weights.isEnabled()  # a synthetic run has no checkpoint to carry


def test_filtering_keeps_the_comparison(explorer: ExplorerWidget) -> None:
    ids = ids_by_name(explorer)
    explorer.select_runs([ids["plain20"], ids["resnet56"]])
    explorer.filters.search.setText("resnet")
    assert set(explorer.selected_runs()) == {ids["plain20"], ids["resnet56"]}
    assert "1 hidden by filters" in explorer.selection_label.text()
    explorer._show_selection()  # what the coalescing timer would do
    assert set(explorer.curves.train_items) == {ids["plain20"], ids["resnet56"]}
    explorer.filters.search.setText("")
    rows = explorer.table.selectionModel().selectedRows()
    assert {r.data(RUN_ID_ROLE) for r in rows} == {ids["plain20"], ids["resnet56"]}


def test_select_runs_finds_a_run_created_since_the_last_refresh(explorer: ExplorerWidget,
                                                                store_dir: Path) -> None:
    with open_store(store_dir) as store:
        new = add_synthetic_run(store, "resnet20", steps=50, steps_per_epoch=10, gradcam=False)
    explorer.select_runs([new])
    assert explorer.selected_runs() == [new] and set(explorer.curves.train_items) == {new}


def test_empty_and_diverged_runs_draw_without_errors(explorer: ExplorerWidget, store_dir: Path,
                                                     tmp_path: Path) -> None:
    with open_store(store_dir) as store:
        queued = store.create_run("waiting")
        diverged = store.create_run("blew up")
        for step, loss in enumerate([2.3, 5.0, float("nan"), float("nan")], start=1):
            store.log_metrics(diverged, step, {"train/loss": loss, "train/acc": 0.1})
        store.set_status(diverged, "diverged", "the loss became NaN at step 3")
        store.update_summary(diverged, final_train_loss=float("nan"))
    explorer.refresh()
    row = column_texts(explorer, "name").index("blew up")
    assert explorer.proxy.index(row, COLUMN_INDEX["final_train_loss"]).data() == "diverged"
    explorer.select_runs([queued, diverged])
    for x_axis in ("step", "epoch", "wall"):
        explorer.curves.set_x_axis(x_axis)
        explorer.curves.log_y.setChecked(x_axis == "wall")
    for i in range(explorer.tabs.count()):
        explorer.tabs.setCurrentIndex(i)
    assert explorer.gradients.stack.currentIndex() == 0  # "no per-layer gradients"
    assert "no per-layer gradients" in explorer.gradients.empty.text()
    assert explorer.export_figure(tmp_path / "f.svg").stat().st_size > 0


def test_log_axis_labels_stay_readable(qtbot) -> None:  # noqa: ANN001 - needs a QApplication
    import math

    from resviz.ui.explorer.plotstyle import DecadeAxis

    axis = DecadeAxis("left")
    axis.range = (-4.5, -1.5)  # three decades of gradient norms: decades only, one style
    labels = axis.logTickStrings([math.log10(v) for v in (1e-4, 2e-4, 1e-3, 1e-2)], 1, 1)
    assert labels == ["10⁻⁴", "", "10⁻³", "10⁻²"]
    axis.range = (-1.0, 0.5)  # a loss from 0.1 to 3: 1, 2 and 5 of each decade
    labels = axis.logTickStrings([math.log10(v) for v in (0.1, 0.2, 0.3, 0.5, 1, 2)], 1, 1)
    assert labels == ["0.1", "0.2", "", "0.5", "1", "2"]

