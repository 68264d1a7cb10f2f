"""PNG, SVG and CSV exports of every plot panel."""

from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from resviz.presentation.run_data import RunData
from resviz.ui.plots import CurvesPanel, GradientPanel, ShortcutPanel
from resviz.ui.plots.base import PlotPanel
from resviz.ui.plots.export import write_csv
from tests.fixtures.synthetic_history import make_history

STEPS, SPE, PROBE_EVERY = 600, 100, 10
PANELS = [CurvesPanel, GradientPanel, ShortcutPanel]


@pytest.fixture(scope="module")
def history() -> RunData:
    return make_history(steps=STEPS, n=3, residual=True, steps_per_epoch=SPE, probe_every=PROBE_EVERY)


def shown(qtbot, cls: type[PlotPanel], history: RunData | None) -> PlotPanel:
    panel = cls()
    qtbot.addWidget(panel)
    panel.resize(700, 450)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_history(history)
    return panel


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("cls", PANELS, ids=lambda c: c.__name__)
def test_png_is_a_valid_image_at_twice_the_size(qtbot, tmp_path: Path, cls: type[PlotPanel], history: RunData) -> None:
    panel = shown(qtbot, cls, history)
    with qtbot.waitSignal(panel.exported, timeout=1000) as sig:
        out = panel.export_png(tmp_path / "plot.png")
    assert sig.args == [str(out)]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() == pytest.approx(2 * panel.view.ci.boundingRect().width(), abs=2)
    # Not a blank page: a plot has many distinct colours.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20


@pytest.mark.parametrize("cls", PANELS, ids=lambda c: c.__name__)
def test_svg_is_well_formed_with_text_and_shapes(qtbot, tmp_path: Path, cls: type[PlotPanel], history: RunData) -> None:
    panel = shown(qtbot, cls, history)
    out = panel.export_svg(tmp_path / "plot.svg")
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert {"text", "path"} <= tags or {"text", "polyline"} <= tags
    texts = " ".join(el.text or "" for el in root.iter() if el.tag.endswith("text"))
    assert "step" in texts or "block" in texts


def test_curves_csv_has_named_columns_and_a_row_per_step(qtbot, tmp_path: Path, history: RunData) -> None:
    panel = shown(qtbot, CurvesPanel, history)
    header, rows = read_csv(panel.export_csv(tmp_path / "curves.csv"))
    assert header == ["step", "epoch", "train_loss", "train_loss_smoothed", "train_acc", "train_acc_smoothed",
                      "val_loss", "val_acc", "lr"]
    assert len(rows) == STEPS
    assert float(rows[-1]["train_loss"]) == pytest.approx(history.scalars["train/loss"].y[-1])
    assert float(rows[-1]["epoch"]) == pytest.approx(STEPS / SPE)
    with_val = [r for r in rows if r["val_loss"]]
    assert [int(r["step"]) for r in with_val] == list(range(SPE, STEPS + 1, SPE))


def test_gradients_csv_has_a_column_per_layer_and_a_row_per_probe(qtbot, tmp_path: Path, history: RunData) -> None:
    panel = shown(qtbot, GradientPanel, history)
    header, rows = read_csv(panel.export_csv(tmp_path / "grads.csv"))
    assert header == ["step", *history.layer_names]
    assert len(rows) == STEPS // PROBE_EVERY
    last = history.vectors["grad_norm"].last()
    assert float(rows[-1][history.layer_names[0]]) == pytest.approx(float(last[0]), rel=1e-6)


def test_shortcut_csv_has_a_row_per_block(qtbot, tmp_path: Path, history: RunData) -> None:
    panel = shown(qtbot, ShortcutPanel, history)
    header, rows = read_csv(panel.export_csv(tmp_path / "shortcuts.csv"))
    assert header[:3] == ["block", "residual", "step"] and "shortcut_share" in header
    assert [r["block"] for r in rows] == history.block_names
    share = history.shortcut_share()
    assert float(rows[0]["shortcut_share"]) == pytest.approx(float(share[0]), rel=1e-6)
    assert float(rows[0]["shortcut_share"]) + float(rows[0]["branch_share"]) == pytest.approx(1.0)


@pytest.mark.parametrize("cls", PANELS, ids=lambda c: c.__name__)
def test_empty_panels_export_without_data(qtbot, tmp_path: Path, cls: type[PlotPanel]) -> None:
    panel = shown(qtbot, cls, None)
    assert panel.export_png(tmp_path / "e.png").stat().st_size > 0
    assert ET.parse(panel.export_svg(tmp_path / "e.svg")).getroot().tag.endswith("svg")
    header, rows = read_csv(panel.export_csv(tmp_path / "e.csv"))
    assert header and rows == []


def test_write_csv_cells(tmp_path: Path) -> None:
    n = write_csv(tmp_path / "t.csv", {"name": ["a", "b"], "x": [1.0, math.nan], "ok": [True, False],
                                       "small": [1.5e-7, 2.0]})
    assert n == 2
    assert (tmp_path / "t.csv").read_text().splitlines() == ["name,x,ok,small", "a,1,1,1.5e-07", "b,,0,2"]
    with pytest.raises(ValueError):
        write_csv(tmp_path / "bad.csv", {"a": [1], "b": [1, 2]})
