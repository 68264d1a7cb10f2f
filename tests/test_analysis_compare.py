"""Landscapes compared side by side share one colour scale."""

from __future__ import annotations

import numpy as np

from resviz.analysis.compare_figure import Item, render_planes
from resviz.analysis.landscape import Landscape
from resviz.analysis.landscape_figure import log_loss, shared_levels


def _plane(low: float, high: float, seed: int = 0) -> Landscape:
    loss = np.linspace(low, high, 9).reshape(3, 3).tolist()
    return Landscape([-1.0, 0.0, 1.0], loss, [[0.1] * 3] * 3, 10, seed)


def test_one_colour_scale_spans_every_landscape() -> None:
    a, b = _plane(0.5, 2.0), _plane(1.0, 40.0)
    levels = shared_levels([a, b])
    assert levels[0] == log_loss(a).min() and levels[-1] == log_loss(b).max()
    fig = render_planes([Item("plain", "#7f7f7f", a), Item("residual", "#1f77b4", b)])
    contours = [ax for ax in fig.axes if ax.get_title() in ("plain", "residual")]
    assert len(contours) == 2 and len(fig.axes) == 3  # two panels and a single colour bar
    assert "seed 0" in fig._suptitle.get_text()
    mixed = render_planes([Item("a", "#000", a), Item("b", "#000", _plane(1, 2, seed=3))])
    assert "differ" in mixed._suptitle.get_text()
