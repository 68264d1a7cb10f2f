"""The comparison figure for slides and papers, drawn with matplotlib's Agg canvas. Qt-free.

Training and validation side by side, one colour per run, plain nets dashed and residual
nets solid as in Fig. 6 of He et al. 2015. The app's "Export figure" and a headless
``resviz compare`` both call `render_figure` (or `figure_from_store`), so they match.
pyplot is never imported: a Figure with its own canvas touches no global backend state,
which matters inside the Qt app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from resviz.errors import ResvizError, os_reason
from resviz.i18n import NC_, _, pgettext
from resviz.presentation import palette
from resviz.presentation.chance import CONTEXT, chance_label, chance_level
from resviz.presentation.comparison import QT_TRANSLATE_NOOP, X_LABELS, curve, key_names, x_limits
from resviz.presentation.run_colors import ColorBook
from resviz.presentation.run_store import RunCache
from resviz.runs import RunStore, open_store
from resviz.train.run_kind import is_residual

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FORMATS = ("png", "svg", "pdf")
SMOOTHING = 0.9
"""The EMA weight of the training curves in Compare runs (its slider's start) and in
``resviz compare --figure``, so that the two draw the same runs alike."""
Y_LABELS = {"loss": QT_TRANSLATE_NOOP("Explorer", "loss"), "error": QT_TRANSLATE_NOOP("Explorer", "error (%)")}
TITLES = {"train": QT_TRANSLATE_NOOP("Explorer", "Training"), "val": QT_TRANSLATE_NOOP("Explorer", "Validation")}
NO_VALIDATION = QT_TRANSLATE_NOOP("Explorer", "no validation measured in these runs yet")
# The app translates the figure's words with its Qt catalogue; the command line (`resviz compare
# --figure`) with gettext, so the same words are marked for that catalogue too.
GETTEXT_MARKS = (NC_("Explorer", "Training"), NC_("Explorer", "Validation"), NC_("Explorer", "step"),
                 NC_("Explorer", "epoch"), NC_("Explorer", "wall time (s)"), NC_("Explorer", "loss"),
                 NC_("Explorer", "error (%)"), NC_("Explorer", "no validation measured in these runs yet"),
                 NC_("ChanceLine", "chance: ln {classes} = {value}"), NC_("ChanceLine", "chance: {value} %"))

# Fallbacks for glyphs DejaVu Sans lacks (Chinese labels and run names), first found wins.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
                "PingFang SC", "SimHei", "Noto Sans CJK JP")


def font_families() -> list[str]:
    """DejaVu Sans, then a font with Chinese glyphs if the machine has one (matplotlib falls
    back glyph by glyph through the list)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *[n for n in CJK_FAMILIES if n in names][:1]]


MAX_POINTS = 500


def bin_means(x: np.ndarray, y: np.ndarray, bins: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most `bins` points, each the mean of consecutive samples.

    Per-batch losses at 10,000 steps print as a solid band, and a dash pattern drawn along
    such a jagged path turns solid too; averaged bins keep plain runs visibly dashed. A NaN
    (a diverged step) keeps its bin NaN, so the break in the curve stays visible.
    """
    n = len(x)
    if n <= bins:
        return x, y
    edges = np.linspace(0, n, bins + 1).astype(np.int64)
    counts = np.diff(edges)
    return (np.add.reduceat(x, edges[:-1]) / counts, np.add.reduceat(y, edges[:-1]) / counts)


@dataclass(frozen=True)
class FigureCurve:
    label: str
    color: str
    residual: bool
    train: tuple[np.ndarray, np.ndarray]
    val: tuple[np.ndarray, np.ndarray]
    classes: int = 0
    """The run's number of classes: the chance line is drawn when every curve has the same."""


def _style_axes(ax: Axes, x_label: str, y_label: str, title: str, log_y: bool) -> None:
    ax.set_title(title, fontsize=12, color="black")
    ax.set_xlabel(x_label, fontsize=11)
    ax.set_ylabel(y_label, fontsize=11)
    if log_y:
        ax.set_yscale("log")
    ax.tick_params(labelsize=10, direction="in", colors="black", top=True, right=True)
    for spine in ax.spines.values():
        spine.set_color("black")
        spine.set_linewidth(0.9)
    ax.grid(True, color=palette.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.margins(x=0.01)


def check_figure_path(path: str | Path) -> Path:
    """The path, if a figure can be written there (a .png, .svg or .pdf whose folder exists or
    can be made), else a ResvizError that says why: checked before anything is trained or drawn."""
    out = Path(path)
    if out.suffix.lower().lstrip(".") not in FORMATS:
        raise ResvizError(_("cannot write a figure as {file}").format(file=path),
                          _("end the file name in .png, .svg or .pdf"))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResvizError(_("cannot write a figure in {folder} ({reason})").format(
            folder=out.parent, reason=os_reason(exc)), _("pick a folder you can write to")) from None
    return out


def render_figure(
    curves: Sequence[FigureCurve],
    path: str | Path,
    *,
    quantity: str = "loss",
    x_axis: str = "step",
    log_y: bool = False,
    size: tuple[float, float] = (9.0, 3.6),
    dpi: int = 200,
    translate: Callable[[str], str] = str,
    chance_translate: Callable[[str], str] = str,
) -> Path:
    """Write the figure; the format follows the suffix (.png, .svg or .pdf). ``translate`` turns
    the marked titles and axis labels into the language wanted (the app passes its own), and
    ``chance_translate`` the chance line's label (catalogue context ``chance.CONTEXT``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    out = check_figure_path(path)
    fmt = out.suffix.lower().lstrip(".")
    rc = {"font.family": font_families(), "svg.fonttype": "none", "axes.facecolor": "white"}
    import matplotlib

    with matplotlib.rc_context(rc):
        fig = Figure(figsize=size, dpi=dpi, facecolor="white", layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, 2, sharex=True)
        for ax, split in ((axes[0], "train"), (axes[1], "val")):
            title = translate(TITLES[split])
            for c in curves:
                x, y = bin_means(*c.train) if split == "train" else c.val
                if not len(x):
                    continue
                style = "-" if c.residual else (0, (5, 2.5))
                ax.plot(x, y, linestyle=style, color=c.color, linewidth=1.6 if c.residual else 1.4,
                        label=c.label, marker="o" if split == "val" and len(x) <= 60 else None,
                        markersize=2.5)
            _style_axes(ax, translate(X_LABELS.get(x_axis, x_axis)), translate(Y_LABELS.get(quantity, quantity)),
                        title, log_y)
            _chance_line(ax, curves, quantity, chance_translate)
            if split == "val" and curves and not any(len(c.val[0]) for c in curves):
                # An empty panel with only the chance line in it would look like a result.
                ax.text(0.5, 0.5, translate(NO_VALIDATION), transform=ax.transAxes, ha="center", va="center",
                        color=palette.MUTED, fontsize=10)
        limits = x_limits([np.asarray(x) for c in curves for x in (c.train[0], c.val[0])])
        if limits is not None:
            axes[0].set_xlim(*limits)  # the range the app shows (the axes share x)
        if curves:
            # Below the plots, as on screen: inside, the key covered plain-56's flat line.
            handles, labels = axes[0].get_legend_handles_labels()
            labels, shared = key_names(labels)  # "resnet56", …, and "degradation demo · seed 0" once
            fig.legend(handles, labels, loc="outside lower center", ncol=min(4, len(labels)), fontsize=9,
                       frameon=False, handlelength=2.6, title=shared or None, title_fontsize=9)
        try:
            fig.savefig(out, format=fmt, facecolor="white")
        except OSError as exc:
            raise ResvizError(_("cannot write the figure {file} ({reason})").format(
                file=out, reason=os_reason(exc)), _("pick a folder you can write to")) from None
    return out


def _chance_line(ax: Axes, curves: Sequence[FigureCurve], quantity: str,
                 chance_translate: Callable[[str], str]) -> None:
    """The dashed chance line with its label, as on screen, when every run has as many classes."""
    counts = {c.classes for c in curves}
    classes = counts.pop() if len(counts) == 1 else 0
    level = chance_level(classes, quantity)
    if level is None:
        return
    ax.axhline(level, color=palette.CHANCE, linestyle=(0, (4, 3)), linewidth=1.0, zorder=1)
    low, high = ax.get_ylim()
    if ax.get_yscale() == "linear" and high < level * 1.1:  # room above the line for its label
        ax.set_ylim(low, level * 1.1)
    text = chance_label(classes, quantity, chance_translate)
    x, va = _label_place(ax, level)
    ax.text(x, level, text, transform=ax.get_yaxis_transform(), ha="right" if x > 0.5 else "left", va=va,
            fontsize=8, color=palette.CHANCE)


def _label_place(ax: Axes, level: float) -> tuple[float, str]:
    """Where the chance label covers fewest curve points: at the right or the left end, above or
    below the line (plain-56 ends near chance, right where the label stood first)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    log = ax.get_yscale() == "log"
    height = (np.log10(y1) - np.log10(y0) if log else y1 - y0) * 0.08  # about a line of 8 pt text
    width = (x1 - x0) * 0.4
    points = [np.column_stack(line.get_data()).astype(float) for line in ax.get_lines()]
    xy = np.concatenate(points) if points else np.zeros((0, 2))
    y = np.log10(np.clip(xy[:, 1], 1e-300, None)) if log else xy[:, 1]
    base = np.log10(level) if log else level
    best: tuple[int, float, str] | None = None
    for x_frac, left, right in ((0.99, x1 - width, x1), (0.01, x0, x0 + width)):
        for va, low, high in (("bottom", base, base + height), ("top", base - height, base)):
            covered = int(np.sum((xy[:, 0] >= left) & (xy[:, 0] <= right) & (y >= low) & (y <= high)))
            if best is None or covered < best[0]:
                best = (covered, x_frac, va)
    assert best is not None
    return best[1], best[2]


def figure_curves(cache: RunCache, run_ids: Sequence[int], *, quantity: str = "loss",
                  x_axis: str = "step", smoothing: float = 0.0,
                  colors: dict[int, str] | None = None) -> list[FigureCurve]:
    """The curves of these runs, read through a cache (the app's, or a fresh one)."""
    colors = colors or ColorBook().assign(run_ids)
    out = []
    for run_id in run_ids:
        info = cache.store.get_run(run_id)
        run = cache.get(run_id)
        out.append(FigureCurve(
            label=info.name, color=colors[run_id], residual=bool(is_residual(info)),
            train=curve(run, "train", quantity, x_axis, smoothing),
            val=curve(run, "val", quantity, x_axis),
            classes=int(info.spec.get("input", {}).get("classes", 0)),
        ))
    return out


def figure_from_store(run_ids: Sequence[int], path: str | Path, *,
                      store: RunStore | str | Path | None = None, quantity: str = "loss",
                      x_axis: str = "step", log_y: bool = False, smoothing: float = 0.0) -> Path:
    """Headless: read the runs from a store (an open one, a folder, or the default) and draw."""
    # A store handed in stays open (its owner closes it); one opened here is closed here.
    with nullcontext(store) if isinstance(store, RunStore) else open_store(store) as opened:
        curves = figure_curves(RunCache(opened), run_ids, quantity=quantity, x_axis=x_axis,
                               smoothing=smoothing)
        return render_figure(curves, path, quantity=quantity, x_axis=x_axis, log_y=log_y,
                             translate=partial(pgettext, "Explorer"), chance_translate=partial(pgettext, CONTEXT))
