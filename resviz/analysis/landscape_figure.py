"""The loss landscape as figures (PNG, SVG), drawn with matplotlib's Agg canvas. Qt-free.

The plane: a contour map or a surface of log10(loss), the trained weights at the centre (a
star). The line: loss and accuracy from the initial (α = 0) to the trained weights (α = 1).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

import numpy as np

from resviz.i18n import _

if TYPE_CHECKING:  # type names only: drawing a stored result needs no torch
    from resviz.analysis.landscape import Landscape
    from resviz.analysis.line import LossLine

P = ParamSpec("P")
Figure = Any  # a matplotlib Figure; pyplot is never imported (no global backend state)


def with_fonts(render: Callable[P, Figure]) -> Callable[P, Figure]:
    """Build the figure with a CJK font after DejaVu: text takes its font when made."""
    @functools.wraps(render)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> Figure:
        import matplotlib

        from resviz.analysis.lesion_figure import _fonts

        with matplotlib.rc_context({"font.family": _fonts()}):
            return render(*args, **kwargs)
    return wrapped


def new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def log_loss(result: Landscape) -> np.ndarray:
    # Log levels: the loss spans decades across the plane, and the valley is what matters.
    return np.log10(np.maximum(np.array(result.loss, dtype=float), 1e-6))


def shared_levels(results: Sequence[Landscape], count: int = 21) -> np.ndarray:
    """One set of contour levels for several landscapes: the same colour means the same loss."""
    z = np.concatenate([log_loss(r).ravel() for r in results])
    z = z[np.isfinite(z)]
    low, high = (float(z.min()), float(z.max())) if len(z) else (0.0, 1.0)
    return np.linspace(low, high if high > low else low + 1e-3, count)


def draw_contour(ax: Any, result: Landscape, levels: np.ndarray | int = 20) -> Any:
    c = np.array(result.coords)
    z = np.clip(log_loss(result), None, None if isinstance(levels, int) else levels[-1])
    filled = ax.contourf(c, c, z, levels=levels, cmap="viridis")
    ax.contour(c, c, z, levels=levels, colors="white", linewidths=0.4)
    ax.plot([0], [0], marker="*", color="#d62728", markersize=10)
    ax.set_xlabel(_("direction 1 (filter-normalised)"))
    ax.set_ylabel(_("direction 2 (filter-normalised)"))
    ax.set_aspect("equal")
    return filled


@with_fonts
def render_contour(result: Landscape, title: str) -> Figure:
    fig = new_figure(6, 5)
    ax = fig.subplots()
    filled = draw_contour(ax, result)
    fig.colorbar(filled, ax=ax, label=_("training loss (log10)"))
    ax.set_title(title)
    return fig


@with_fonts
def render_surface(result: Landscape, title: str) -> Figure:
    fig = new_figure(6, 5)
    ax = fig.add_subplot(projection="3d")
    c = np.array(result.coords)
    a, b = np.meshgrid(c, c)
    z = log_loss(result)
    ax.plot_surface(a, b, z, cmap="viridis", linewidth=0, antialiased=True)
    ax.set_xlabel(_("direction 1"))
    ax.set_ylabel(_("direction 2"))
    ax.set_zlabel(_("training loss (log10)"))
    ax.set_title(title)
    return fig


def draw_line(ax: Any, line: LossLine, colour: str = "#1f77b4", label: str | None = None) -> None:
    ax.plot(line.alphas, line.loss, marker="o", markersize=3, color=colour, label=label or _("training loss"))
    for a, name in ((0.0, _("initial")), (1.0, _("trained"))):
        ax.axvline(a, color="#7f7f7f", linestyle=":", linewidth=1)
        ax.annotate(name, (a, 1), xycoords=("data", "axes fraction"), ha="center", va="bottom", fontsize=8,
                    color="#555555")
    ax.set_xlabel(_("α: θ0 + α(θ1 − θ0), θ0 initial, θ1 trained"))
    ax.set_ylabel(_("training loss"))


@with_fonts
def render_line(line: LossLine, title: str) -> Figure:
    fig = new_figure(7, 4.2)
    ax = fig.subplots()
    draw_line(ax, line)
    acc = ax.twinx()
    acc.plot(line.alphas, [100 * a for a in line.accuracy], color="#ff7f0e", linestyle="--",
             label=_("training accuracy"))
    acc.set_ylabel(_("training accuracy (%)"))
    acc.set_ylim(0, 100)
    handles = ax.get_legend_handles_labels()[0] + acc.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper center", fontsize=8)
    ax.set_title(title, pad=14)
    return fig


def save_figure(fig: Figure, stem: Path, csv: str) -> list[Path]:
    """``stem``.png, .svg and .csv (the numbers); returns their paths."""
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg"), stem.with_suffix(".csv")]
    fig.savefig(paths[0], dpi=150)
    fig.savefig(paths[1])
    paths[2].write_text(csv, encoding="utf-8")
    return paths
