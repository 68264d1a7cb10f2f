"""What the lessons read from the run store: plain numbers, so the conclusions can be tested
with numbers that contradict the lesson."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from resviz.presentation.demo_verdict import final_loss
from resviz.runs import RunStore

QUARTER = 0.25


@dataclass(frozen=True)
class RunNumbers:
    """One run's final training loss and status."""

    label: str
    status: str
    final_loss: float


def run_numbers(store: RunStore, run_id: int, label: str) -> RunNumbers:
    info = store.get_run(run_id)
    return RunNumbers(label, info.status, final_loss(store, run_id))


def grad_profile_at_init(store: RunStore, run_id: int) -> np.ndarray:
    """‖∂L/∂W‖ of every weight layer at the first probe (step 1: the network as initialised)."""
    _, norms = store.vector_series(run_id, "grad_norm")
    return norms[0] if len(norms) else np.empty(0, np.float32)


def first_to_last_quarter(profile: np.ndarray) -> float:
    """Mean gradient of the first quarter of layers over that of the last quarter (NaN if unknown)."""
    if profile.size < 4:
        return math.nan
    q = max(1, int(profile.size * QUARTER))
    last = float(np.mean(profile[-q:]))
    return float(np.mean(profile[:q])) / last if last > 0 else math.nan


def path_norms(store: RunStore, run_id: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Block names and the mean over the run's probes of ‖g_s‖ and ‖g_b‖: the gradient reaching
    each block's input through its shortcut and through its branch (NaN for plain blocks)."""
    names = store.layer_names(run_id, "shortcut_grad")
    _, gs = store.vector_series(run_id, "shortcut_grad")
    _, gb = store.vector_series(run_id, "branch_grad")
    if not len(gs):
        nan = np.full(len(names), np.nan)
        return names, nan, nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: plain blocks
        return names, np.nanmean(gs, axis=0), np.nanmean(gb, axis=0)


def shortcut_share(store: RunStore, run_id: int) -> tuple[list[str], np.ndarray]:
    """The additive share of each block's input gradient that comes through its shortcut,
    ⟨g_s, g⟩/‖g‖² with g = g_s + g_b (shortcut and branch shares sum to 1), averaged over the
    run's probes. The one place lesson 5 reads it; NaN for plain blocks and for runs recorded
    before resviz measured the shares (their norms alone do not give them)."""
    names = store.layer_names(run_id, "shortcut_grad")
    _, shares = store.vector_series(run_id, "shortcut_share")
    if not len(shares):
        return names, np.full(len(names), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: plain blocks
        return names, np.nanmean(shares, axis=0)
