"""Lesson 8, many shallow paths (Veit et al. 2016): the lesion study of ResNet-20 and plain-20,
reused from the store when a run has one, and the conclusion drawn from its numbers."""

from __future__ import annotations

import contextlib
import math
import re
import statistics
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from resviz.arch.analysis import analyze
from resviz.errors import ResvizError
from resviz.i18n import _, join_list
from resviz.runs import RunStore

if TYPE_CHECKING:  # torch loads with the study, not with the lesson list
    from resviz.analysis.lesion import LesionResult, ShouldStop

BARELY_TRAINED = 1.5
"""A net whose accuracy stays below 1.5× chance barely trained: its lesions say nothing."""
_SHOULD_STOP: ContextVar[ShouldStop | None] = ContextVar("lesson_lesion_should_stop", default=None)

_FULL_WIDTH_SPACE = re.compile(r"(?<=[\u3000-\u303f\uff00-\uffef]) ")
CLEAR_GAP = 0.05
"""The plain net's median drop must exceed the residual one's by 5 points (and twice over)."""


@dataclass(frozen=True)
class NetLesion:
    """One net's lesion study, as the lesson reads it (accuracies as fractions)."""

    label: str
    base: float
    drops: Mapping[str, float]
    """Block → drop in validation accuracy when it alone is deleted (blocks that keep the shape)."""
    reshaping: Mapping[str, float | None]
    """Blocks that change the shape → their drop, None where they cannot be deleted (plain). Left out
    of the median: a residual one's shortcut is not a plain identity (the Lesion tab shows its bar)."""
    chance: float


def net_lesion(store: RunStore, run_id: int, label: str, result: LesionResult) -> NetLesion:
    analysis = analyze(store.get_run(run_id).spec)
    rows = {r.module: r for r in analysis.blocks}
    drops: dict[str, float] = {}
    reshaping: dict[str, float | None] = {}
    for b in result.blocks:
        drop = None if b.accuracy is None else result.base_accuracy - b.accuracy
        row = rows.get(b.name)
        if row is not None and tuple(row.in_shape) != tuple(row.out_shape):
            reshaping[b.name] = drop
        elif drop is not None:
            drops[b.name] = drop
    return NetLesion(label, result.base_accuracy, drops, reshaping, 1 / max(1, analysis.output_classes))


@contextlib.contextmanager
def stoppable(should_stop: ShouldStop) -> Iterator[None]:
    """Lesion studies this lesson starts in this thread stop between evaluations once ``should_stop()``
    (the app closing): the conclusion's signature stays (store, ids)."""
    token = _SHOULD_STOP.set(should_stop)
    try:
        yield
    finally:
        _SHOULD_STOP.reset(token)


def study(store: RunStore, run_id: int) -> LesionResult:
    """The run's stored lesion study, or a new one on the validation images the run was measured on."""
    from resviz.analysis.lesion_run import lesion_for_run, load_lesion

    found = load_lesion(store.dir, run_id)
    if found is not None:
        return found
    images = store.get_run(run_id).config.get("max_val_images")
    return lesion_for_run(run_id, store_dir=store.dir, images=int(images) if images else None,
                          should_stop=_SHOULD_STOP.get())


def _names(names: Sequence[str]) -> str:
    return join_list(names)


def _joined(parts: Sequence[str]) -> str:
    # Sentences are separated by a space in English, by nothing after Chinese full stops.
    return _FULL_WIDTH_SPACE.sub("", " ".join(p for p in parts if p))


def _pts(x: float) -> str:
    return f"{100 * x:.1f}"


def _median_worst(drops: Mapping[str, float]) -> tuple[float, str, float]:
    worst = max(drops, key=lambda k: drops[k])
    return statistics.median(drops.values()), worst, drops[worst]


def _barely(net: NetLesion) -> bool:
    return not math.isfinite(net.base) or net.base < BARELY_TRAINED * net.chance


def conclude_lesion(residual: NetLesion, plain: NetLesion) -> str:
    if _barely(residual):
        return _("{res} reached only {acc}% validation accuracy (chance is {chance}%): it barely trained, so "
                 "deleting its blocks shows nothing. Train for more steps, then run the lesson again.").format(
            res=residual.label, acc=_pts(residual.base), chance=_pts(residual.chance))
    if not residual.drops:
        return _("{res} has no block that keeps the shape, so no block could be deleted on its own.").format(
            res=residual.label)
    rm, rw_block, rw = _median_worst(residual.drops)
    parts = [_("With every block in place {res} got {acc}% of the validation images right. Deleting one of its "
             "{n} blocks that keep the shape cost a median of {median} points (worst {worst} points, {block})."
             ).format(res=residual.label, acc=_pts(residual.base), n=len(residual.drops), median=_pts(rm),
                      worst=_pts(rw), block=rw_block)]
    blocked = [k for k, v in plain.reshaping.items() if v is None]
    pm = math.nan
    if plain.drops:
        pm, pw_block, pw = _median_worst(plain.drops)
        parts.append(_("{plain} got {acc}%; deleting one of its blocks cost a median of {median} points (worst "
                       "{worst} points, {block}).").format(plain=plain.label, acc=_pts(plain.base),
                                                           median=_pts(pm), worst=_pts(pw), block=pw_block))
    else:
        parts.append(_("No block of {plain} could be deleted.").format(plain=plain.label))
    if blocked:
        parts.append(_("{plain}'s blocks {blocks} change the shape of the map: with no shortcut to fall back on, "
                       "they cannot be deleted.").format(plain=plain.label,
                                                                                   blocks=_names(blocked)))
    if _barely(plain):
        parts.append(_("But {plain} barely trained ({acc}%, chance is {chance}%), so it is no fair control: "
                       "train for more steps before comparing.").format(plain=plain.label, acc=_pts(plain.base),
                                                                       chance=_pts(plain.chance)))
    elif math.isfinite(pm) and pm - rm >= CLEAR_GAP and rm <= pm / 2:
        parts.append(_("As Veit et al. (2016) found, deleting a block cost the residual net much less than the "
                       "plain one: its shortcuts leave many paths open."))
    elif math.isfinite(pm):
        parts.append(_("So in this run deleting a residual block cost about as much as a plain one: the effect "
                       "Veit et al. (2016) saw in nets trained to the end did not appear. Train for more steps "
                       "(on a GPU, the paper-like setting) or try another seed."))
    return _joined(parts)


def lesion_lesson(store: RunStore, ids: Mapping[str, int], labels: Sequence[tuple[str, str]]) -> str:
    """``labels``: (run key, label) of the residual net, then of the plain one."""
    nets = []
    for key, label in labels:
        try:
            nets.append(net_lesion(store, ids[key], label, study(store, ids[key])))
        except ResvizError as exc:
            return _("The lesion study of {net} failed: {error}").format(net=label, error=str(exc))
    return conclude_lesion(nets[0], nets[1])
