"""The plots' grid: drawn opaque (cheap to paint) beneath the data, and looking as pyqtgraph's."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor

from resviz.presentation import palette
from resviz.ui.plots import style
from resviz.ui.plots.grid import PlotGrid


@pytest.fixture
def plot(qtbot) -> Iterator[pg.PlotItem]:  # noqa: ANN001 - pytest-qt's fixture
    view = pg.GraphicsLayoutWidget()
    view.setBackground(palette.BACKGROUND)
    view.resize(520, 420)
    qtbot.addWidget(view)
    item = view.addPlot()
    style.style_plot(item)
    item.setXRange(0, 10, padding=0)
    item.setYRange(0, 3, padding=0)
    view.show()
    qtbot.waitExposed(view)
    view.grab()  # one paint: the axes hand their lines to the grid
    yield item  # the view lives until the test ends


def _grid(plot: pg.PlotItem) -> PlotGrid:
    grids = [item for item in plot.childItems() if isinstance(item, PlotGrid)]
    assert len(grids) == 1
    return grids[0]


def _pixels(plot: pg.PlotItem) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The view's lightness per pixel, and the ViewBox's rectangle in it (inset by 2 px)."""
    view = plot.scene().views()[0]
    image = view.grab().toImage()
    light = np.array([[QColor(image.pixel(x, y)).lightness() for x in range(image.width())]
                      for y in range(image.height())])
    r = view.mapFromScene(plot.getViewBox().sceneBoundingRect()).boundingRect()
    return light, (r.left() + 2, r.top() + 2, r.right() - 2, r.bottom() - 2)


def test_the_grid_is_opaque_and_beneath_the_data(plot: pg.PlotItem) -> None:
    grid = _grid(plot)
    lines = grid.lines()
    vertical = [line for _, line in lines if line.dx() == 0]
    horizontal = [line for _, line in lines if line.dy() == 0]
    assert len(vertical) > 5 and len(horizontal) > 5  # both axes' lines, minor ones included
    assert all(pen.color().alpha() == 255 for pen, _ in lines)
    assert len({pen.color().rgb() for pen, _ in lines}) > 1  # minor lines stay fainter than major ones
    box = plot.getViewBox()
    assert plot.getAxis("left").zValue() < grid.zValue() < box.zValue()
    assert box.state["background"] is None  # the view's background shows through, under the grid
    for side in ("left", "bottom"):  # the axes draw their numbers, no lines of the grid
        _, ticks, _ = plot.getAxis(side).generateDrawSpecs(pg.QtGui.QPainter())
        assert ticks == []


def test_a_line_stays_unbroken_where_fainter_lines_cross_it(plot: pg.PlotItem) -> None:
    """Of two crossing lines the darker one is drawn last, as blending would show it: a major
    line drawn first would be cut into dashes by the minor lines drawn over it."""
    light, (x0, y0, x1, y1) = _pixels(plot)
    inside = light[y0:y1, x0:x1]
    for lines in (inside, inside.T):  # vertical lines are columns, horizontal ones rows
        darkest = int(np.argmin(lines.mean(axis=0)))
        column = lines[:, darkest]
        assert column.max() <= np.median(column) + 2, "a grid line is broken where others cross it"
        assert np.median(column) < 250  # it is a drawn line, not the background


def test_grid_lines_follow_the_axes_ranges(plot: pg.PlotItem) -> None:
    def x_positions() -> list[float]:
        return sorted(round(line.x1()) for _, line in _grid(plot).lines() if line.dx() == 0)

    before = x_positions()
    plot.setXRange(0, 7, padding=0)  # ticks at 0..7 instead of 0..10: wider apart
    plot.scene().views()[0].grab()
    after = x_positions()
    assert after and after != before


def test_a_hidden_axis_takes_its_lines_with_it(plot: pg.PlotItem) -> None:
    assert any(line.dy() == 0 for _, line in _grid(plot).lines())  # the left axis's horizontal lines
    plot.hideAxis("left")
    plot.scene().views()[0].grab()
    assert not any(line.dy() == 0 for _, line in _grid(plot).lines())
    assert any(line.dx() == 0 for _, line in _grid(plot).lines())
