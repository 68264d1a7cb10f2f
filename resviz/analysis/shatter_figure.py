"""Shattered gradients as a figure (PNG, SVG), matplotlib's Agg canvas. Qt-free.

Left: one component of the input gradient along the line of inputs, at initialisation and
trained (each scaled to unit RMS: the shape matters, not the size). Right: the gradients'
autocorrelation against the distance between points (Balduzzi et al. 2017, Fig. 1 and 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from resviz.analysis.landscape_figure import Figure, new_figure, with_fonts
from resviz.i18n import _

if TYPE_CHECKING:  # a type name only: drawing a stored result needs no torch
    from resviz.analysis.shatter_run import ShatterResult

INITIAL, TRAINED = "#7f7f7f", "#1f77b4"


def _unit_rms(values: list[float]) -> np.ndarray:
    v = np.array(values, dtype=float)
    rms = float(np.sqrt(np.mean(v ** 2))) if len(v) else 0.0
    return v / rms if rms > 0 else v


def initial_label(result: ShatterResult) -> str:
    return _("at initialisation") if result.initial_is_run else _("at a fresh initialisation")


def draw_autocorrelation(ax: Any, result: ShatterResult, colour: str = TRAINED, label: str | None = None,
                         with_initial: bool = True) -> None:
    if with_initial:
        ax.plot(result.lags, result.initial, color=INITIAL, label=initial_label(result))
    ax.plot(result.lags, result.trained, color=colour, label=label or _("trained"))
    ax.axhline(0, color="#bbbbbb", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_ylim(-0.3, 1.05)
    ax.set_xlabel(_("distance on the line (points)"))
    ax.set_ylabel(_("gradient autocorrelation"))


@with_fonts
def render_shatter(result: ShatterResult, title: str) -> Figure:
    fig = new_figure(10, 4.2)
    left, right = fig.subplots(1, 2)
    t = np.linspace(0, 1, result.points)
    left.plot(t, _unit_rms(result.trace_initial), color=INITIAL, linewidth=1, label=initial_label(result))
    left.plot(t, _unit_rms(result.trace_trained), color=TRAINED, linewidth=1, label=_("trained"))
    left.set_xlabel(_("from one validation image to another"))
    left.set_ylabel(_("∂ output / ∂ one pixel (scaled)"))
    left.set_title(_("The gradient along the line"))
    left.legend(loc="upper right", fontsize=8)
    draw_autocorrelation(right, result)
    right.set_title(_("1: smooth · 0: white noise"))
    right.legend(loc="upper right", fontsize=8)
    fig.suptitle(title)
    return fig
