"""Each lesson's conclusion, written from measured numbers only: when the effect the lesson
teaches does not appear, the text says so and what to try. Lessons 2 and 3 use the degradation
demo's own verdict (resviz.presentation.demo_verdict)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from resviz.i18n import _, join_list
from resviz.lessons.measure import RunNumbers
from resviz.presentation.demo_verdict import MARGIN
from resviz.presentation.numbers import significant
from resviz.runs.types import status_label

UNFINISHED = ("failed", "diverged", "queued", "running", "interrupted")


def clearly_above(a: float, b: float) -> bool:
    """a more than MARGIN (5%) above b: the demo's threshold for a difference beyond seed noise."""
    return math.isfinite(a) and math.isfinite(b) and a > b * (1 + MARGIN) and a - b > 1e-3


def _missing(runs: Sequence[RunNumbers]) -> str:
    bad = [r for r in runs if r.status in UNFINISHED or not math.isfinite(r.final_loss)]
    if not bad:
        return ""
    listed = join_list(f"{r.label} ({status_label(r.status)})" for r in bad)
    return _("Not every run can be compared: {runs}.").format(runs=listed) + " "


# ---- lesson 1: y = F(x) + x -------------------------------------------------------------


@dataclass(frozen=True)
class BlockNumbers:
    plain: RunNumbers
    residual: RunNumbers
    block: str
    shortcut_grad: float
    """Mean ‖g_s‖: the gradient at the addition, handed back whole by the identity shortcut."""
    branch_grad: float
    """Mean ‖g_b‖: what the branch F passed back."""


def conclude_block(n: BlockNumbers) -> str:
    text = _missing([n.plain, n.residual])
    p, r = n.plain.final_loss, n.residual.final_loss
    losses = {"res": significant(r), "plain": significant(p)}
    if clearly_above(p, r):
        text += _("With the one added line, the residual net ended at a training loss of {res} against "
                  "{plain} for its plain twin: the same layers trained better.").format(**losses)
    elif math.isfinite(p) and math.isfinite(r):
        text += _("In this run the residual net did not train clearly better than its plain twin (training loss "
                  "{res} against {plain}). Shallow nets train well without shortcuts; the difference "
                  "grows with depth (lessons 2 and 3).").format(**losses)
    gs, gb = n.shortcut_grad, n.branch_grad
    if math.isfinite(gs) and math.isfinite(gb) and gs > 0:
        text += " " + _("In block {block}, the shortcut handed the gradient arriving at the addition back "
                        "whole (norm {gs:.3g}); the branch F added {gb:.3g}, {ratio:.2f} times as much.").format(
            block=n.block, gs=gs, gb=gb, ratio=gb / gs)
        if gb < gs:
            text += " " + _("So even where ∂F/∂x passes little back, the +1 of ∂y/∂x = ∂F/∂x + 1 delivers the "
                            "gradient to the earlier layers.")
        else:
            text += " " + _("Here the branch passed back as much as the shortcut or more: the +1 of "
                            "∂y/∂x = ∂F/∂x + 1 is a guarantee, not always the larger path.")
    else:
        text += " " + _("No shortcut or branch gradient was logged; train for more steps than the probe interval.")
    return text.strip()


# ---- lesson 4: is it vanishing gradients? ------------------------------------------------


@dataclass(frozen=True)
class BatchNormNumbers:
    with_bn: RunNumbers
    without_bn: RunNumbers
    bn_ratio: float
    """First quarter of layers over last quarter, ‖∂L/∂W‖ at initialisation, with batch norm."""
    no_bn_ratio: float
    """The same without batch norm."""


def conclude_batch_norm(n: BatchNormNumbers) -> str:
    text = _missing([n.with_bn, n.without_bn])
    b, nb = n.bn_ratio, n.no_bn_ratio
    if not (math.isfinite(b) and math.isfinite(nb)):
        return (text + _("The gradients at initialisation were not logged, so this cannot be checked; "
                         "train again with the probe interval at most the number of steps.")).strip()
    text += _("At initialisation the first quarter of plain-56's layers got {bn:.3g} times the gradient of its "
              "last quarter with batch norm, and {nobn:.3g} times without it.").format(bn=b, nobn=nb)
    if b >= 1 and nb < 1:
        text += " " + _("With batch norm the gradient does not vanish, it grows toward the input; without batch "
                        "norm it does vanish. So where plain-56 with batch norm trains worse than plain-20 "
                        "(lesson 2), its trouble is not a vanishing gradient: He et al. (§4.1) call it an "
                        "optimisation difficulty.")
    elif b < 1:
        text += " " + _("In this run the early layers got less gradient even with batch norm: the healthy norms "
                        "the paper reports did not appear. Try another seed, or look at the first rows of the "
                        "Gradients tab.")
    else:
        text += " " + _("In this run the gradient did not vanish without batch norm either. Try another seed, "
                        "or a deeper plain net.")
    bl, nl = n.with_bn.final_loss, n.without_bn.final_loss
    if math.isfinite(bl) and math.isfinite(nl):
        text += " " + _("After training, the final training loss was {bn} with batch norm and {nobn} "
                        "without.").format(bn=significant(bl), nobn=significant(nl))
    return text.strip()


# ---- lesson 5: where the gradient goes ----------------------------------------------------


def conclude_paths(blocks: Sequence[str], shares: Sequence[float]) -> str:
    """``shares``: each block's shortcut share of its gradient (resviz.lessons.measure.shortcut_share)."""
    pairs = [(b, float(s)) for b, s in zip(blocks, shares, strict=True) if math.isfinite(s)]
    if not pairs:
        return _("No residual block logged its shortcut and branch gradients: train a residual net for more "
                 "steps than the probe interval.")
    values = sorted(s for _b, s in pairs)
    median = values[len(values) // 2]
    lo = min(pairs, key=lambda p: p[1])
    hi = max(pairs, key=lambda p: p[1])
    more = sum(s > 0.5 for _b, s in pairs)
    text = _("Over the run, the shortcut's share of each block's gradient went from {lo:.0%} in {lo_block} to "
             "{hi:.0%} in {hi_block} (median {median:.0%}); in {more} of {total} blocks the shortcut carried more "
             "than the branch.").format(lo=lo[1], lo_block=lo[0], hi=hi[1], hi_block=hi[0], median=median,
                                         more=more, total=len(pairs))
    if more * 2 >= len(pairs):
        text += " " + _("Every block gives the gradient a direct road back through its shortcut, so no layer "
                        "depends on all the branches after it.")
    else:
        text += " " + _("In this run the branches carried more in most blocks: the direct road exists, but the "
                        "gradient mostly took the branches. Compare the share at the start and the end of "
                        "training in the Shortcut vs branch tab.")
    return text


# ---- lessons 6 and 7: which variant trains best --------------------------------------------


def _ranking(runs: Sequence[RunNumbers]) -> str:
    ok = sorted((r for r in runs if math.isfinite(r.final_loss)), key=lambda r: r.final_loss)
    return join_list(f"{r.label} {significant(r.final_loss)}" for r in ok)


def conclude_variants(reference: RunNumbers, others: Sequence[RunNumbers],
                      expected_worse: Mapping[str, bool]) -> str:
    """``expected_worse[label]``: the paper found that variant worse than the reference."""
    text = _missing([reference, *others])
    if not math.isfinite(reference.final_loss):
        return (text + _("Without the reference run nothing can be compared.")).strip()
    text += _("Final training loss, lowest first: {ranking}.").format(ranking=_ranking([reference, *others]))
    ref = reference.final_loss
    worse = [r.label for r in others if clearly_above(r.final_loss, ref) or r.status in ("diverged", "failed")]
    better = [r.label for r in others if clearly_above(ref, r.final_loss)]
    surprising = [r for r in better if expected_worse.get(r, False)]
    confirmed = [r for r in worse if expected_worse.get(r, False)]
    if confirmed:
        text += " " + _("As in the paper, these trained clearly worse than {ref}: {names}.").format(
            ref=reference.label, names=join_list(confirmed))
    if surprising:
        text += " " + _("Unlike in the paper, these ended clearly below {ref}: {names}. The paper's differences "
                        "come from 110-layer nets trained for 64k steps; in a short run of a shallower net they "
                        "can vanish or turn round. Try more steps or another seed.").format(
            ref=reference.label, names=join_list(surprising))
    if not worse and not better:
        text += " " + _("No variant ended more than 5% away from {ref}: in this short run the differences are "
                        "within noise. The paper's differences appear in deep nets trained long.").format(
            ref=reference.label)
    elif not confirmed and not surprising:
        text += " " + _("None of the variants the paper found worse trained clearly worse here.")
    return text.strip()
