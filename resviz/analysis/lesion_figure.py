"""The lesion study as a figure (PNG, SVG), drawn with matplotlib's Agg canvas. Qt-free.

Left: validation accuracy with each block deleted, the unlesioned accuracy as a line. Right
(when random subsets were drawn): error against the number of blocks deleted, mean ± spread, as
in Veit et al. 2016, Fig. 5a.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from resviz.analysis.lesion import LesionResult
from resviz.i18n import _

FORMATS = ("png", "svg")
_CJK = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei")


def _fonts() -> list[str]:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *[f for f in _CJK if f in names][:1]]


def render_lesion(result: LesionResult, title: str):  # noqa: ANN201 - a matplotlib Figure
    """The figure, not yet saved. pyplot is never imported (no global backend state)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # Text objects take their font when made, so the context need only cover building.
    with matplotlib.rc_context({"font.family": _fonts()}):
        return _build(result, title, Figure, FigureCanvasAgg)


def _build(result: LesionResult, title: str, figure: type, canvas: type):  # noqa: ANN202
    subsets = bool(result.counts)
    fig = figure(figsize=(11 if subsets else 7, 4.2), layout="constrained", facecolor="white")
    canvas(fig)
    axes = fig.subplots(1, 2 if subsets else 1, squeeze=False)[0]
    ax = axes[0]
    names = [b.name for b in result.blocks]
    acc = np.array([np.nan if b.accuracy is None else 100 * b.accuracy for b in result.blocks])
    colours = ["#1f77b4" if b.residual else "#7f7f7f" for b in result.blocks]
    xs = np.arange(len(names))
    ax.bar(xs, np.nan_to_num(acc), color=colours)
    for x, b in zip(xs, result.blocks, strict=True):
        if b.accuracy is None:
            ax.text(x, 1, "×", ha="center", va="bottom", color="#d62728")
    ax.axhline(100 * result.base_accuracy, color="#d62728", linestyle="--",
               label=_("no block deleted: {acc}").format(acc=f"{result.base_accuracy:.1%}"))
    ax.set_xticks(xs, names, rotation=60, ha="right", fontsize=7)
    ax.set_ylim(0, 100)
    ax.set_ylabel(_("validation accuracy (%)"))
    ax.set_title(_("One block deleted"))
    ax.legend(loc="best", fontsize=8)
    if subsets:
        ax2 = axes[1]
        err = 100 * (1 - np.array(result.mean_accuracy))
        spread = 100 * np.array(result.std_accuracy)
        ax2.plot(result.counts, err, marker="o", color="#1f77b4",
                 label=_("mean of {draws} draws ± spread").format(draws=result.draws))
        ax2.fill_between(result.counts, err - spread, err + spread, alpha=0.25, color="#1f77b4")
        ax2.set_xlabel(_("blocks deleted"))
        ax2.set_ylabel(_("validation error (%)"))
        ax2.set_ylim(0, 100)
        ax2.set_title(_("Random sets of blocks deleted"))
        ax2.legend(loc="lower right", fontsize=8)
    fig.suptitle(title)
    return fig


def save_lesion_figure(result: LesionResult, title: str, stem: Path) -> list[Path]:
    """Writes ``stem.png`` and ``stem.svg``; returns their paths."""
    fig = render_lesion(result, title)
    paths = [stem.with_suffix("." + fmt) for fmt in FORMATS]
    for path in paths:
        fig.savefig(path, dpi=150)
    return paths
