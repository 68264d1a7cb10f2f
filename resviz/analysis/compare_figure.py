"""Several runs' analyses in one figure, plain against residual: lesion bars side by side,
loss planes side by side on one colour scale, loss lines and gradient autocorrelations
overlaid. Qt-free (matplotlib's Agg canvas), for the explorer and for export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from resviz.analysis.landscape_figure import (
    Figure,
    draw_contour,
    new_figure,
    shared_levels,
    with_fonts,
)
from resviz.analysis.shatter_figure import draw_autocorrelation
from resviz.i18n import _

if TYPE_CHECKING:  # type names only: drawing stored results needs no torch
    from resviz.analysis.landscape import Landscape
    from resviz.analysis.lesion import LesionResult
    from resviz.analysis.line import LossLine
    from resviz.analysis.shatter_run import ShatterResult


@dataclass(frozen=True)
class Item:
    """One run's result as the comparison draws it."""

    label: str
    colour: str
    result: Any


def _grid(fig: Figure, n: int) -> list[Any]:
    cols = min(n, 4)
    rows = (n + cols - 1) // cols
    axes = fig.subplots(rows, cols, squeeze=False).ravel().tolist()
    for ax in axes[n:]:
        ax.set_visible(False)
    return axes[:n]


@with_fonts
def render_lesions(items: Sequence[Item]) -> Figure:
    fig = new_figure(3.6 * min(len(items), 4), 3.8)
    for ax, item in zip(_grid(fig, len(items)), items, strict=False):
        r: LesionResult = item.result
        acc = np.array([np.nan if b.accuracy is None else 100 * b.accuracy for b in r.blocks])
        ax.bar(np.arange(len(acc)), np.nan_to_num(acc), color=item.colour)
        ax.axhline(100 * r.base_accuracy, color="#d62728", linestyle="--", linewidth=1)
        ax.set_ylim(0, 100)
        ax.set_xticks([])
        ax.set_xlabel(_("deleted block (input → output)"))
        ax.set_ylabel(_("validation accuracy (%)"))
        ax.set_title(item.label, fontsize=9)
    fig.suptitle(_("One block deleted at a time (dashed: none deleted)"))
    return fig


@with_fonts
def render_planes(items: Sequence[Item]) -> Figure:
    """Contours on one set of levels: the same colour is the same loss in every panel."""
    results: list[Landscape] = [i.result for i in items]
    levels = shared_levels(results)
    fig = new_figure(3.8 * min(len(items), 4) + 0.8, 3.9)
    axes = _grid(fig, len(items))
    filled = None
    for ax, item in zip(axes, items, strict=False):
        filled = draw_contour(ax, item.result, levels)
        ax.set_title(item.label, fontsize=9)
    if filled is not None:
        fig.colorbar(filled, ax=axes, label=_("training loss (log10)"))
    seeds = sorted({r.seed for r in results})
    title = _("Loss around the trained weights, one colour scale, directions seed {seed}").format(
        seed=seeds[0]) if len(seeds) == 1 else _("Loss around the trained weights, one colour scale; directions "
                                                 "seeds differ ({seeds}): compute them again with one seed").format(
        seeds=", ".join(map(str, seeds)))
    fig.suptitle(title)
    return fig


@with_fonts
def render_lines(items: Sequence[Item]) -> Figure:
    fig = new_figure(8, 4.2)
    ax = fig.subplots()
    for item in items:
        line: LossLine = item.result
        ax.plot(line.alphas, line.loss, marker="o", markersize=3, color=item.colour, label=item.label)
    for a in (0.0, 1.0):
        ax.axvline(a, color="#7f7f7f", linestyle=":", linewidth=1)
    ax.set_xlabel(_("α: θ0 + α(θ1 − θ0), θ0 initial, θ1 trained"))
    ax.set_ylabel(_("training loss"))
    ax.legend(loc="upper center", fontsize=8)
    ax.set_title(_("Loss from the initial to the trained weights"))
    return fig


@with_fonts
def render_shatters(items: Sequence[Item]) -> Figure:
    fig = new_figure(8, 4.2)
    ax = fig.subplots()
    for item in items:
        r: ShatterResult = item.result
        draw_autocorrelation(ax, r, colour=item.colour, label=item.label, with_initial=False)
        ax.plot(r.lags, r.initial, color=item.colour, linestyle="--", linewidth=1)
    ax.legend(loc="upper right", fontsize=8, title=_("trained (dashed: at initialisation)"), title_fontsize=8)
    ax.set_title(_("How alike the input gradients of nearby inputs are"))
    return fig


RENDERERS = {"lesion": render_lesions, "plane": render_planes, "line": render_lines, "shatter": render_shatters}
