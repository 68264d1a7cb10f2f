"""One plain verdict on the selected runs, from their numbers only. Qt-free.

The degradation demo's four runs get the demo's own verdict (resviz.presentation.demo_verdict), the one the
app shows when the demo ends; any other selection gets the spread of final training losses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from resviz.i18n import _
from resviz.presentation.comparison import Shown
from resviz.presentation.demo_verdict import DemoResult, verdict
from resviz.presentation.numbers import significant
from resviz.runs.final import tail_mean
from resviz.train.demo import DEMO_ARCHS


def _result(entry: Shown, first_grad: float) -> DemoResult:
    info = entry.info
    return DemoResult(info.id, info.arch or "", int(info.depth or 0), bool(entry.residual), info.status,
                      tail_mean(entry.series.series("train/loss")[1]), first_grad)


def selection_verdict(shown: Sequence[Shown], first_layer_grads: dict[int, float] | None = None) -> str:
    """What the numbers of these runs say, or '' if there is nothing to compare."""
    grads = first_layer_grads or {}
    results = [_result(e, grads.get(e.info.id, math.nan)) for e in shown]
    if sorted(r.arch for r in results) == sorted(DEMO_ARCHS):
        return verdict(results)
    done = [(r.final_loss, e.info.name) for r, e in zip(results, shown, strict=True) if np.isfinite(r.final_loss)]
    if len(done) < 2:
        return ""
    low, high = min(done), max(done)
    return _("Lowest final training loss: {low} ({low_loss}); highest: {high} ({high_loss}), "
             "each the mean of its last 10 % of logged steps.").format(
        low=low[1], low_loss=significant(low[0]), high=high[1], high_loss=significant(high[0]))
