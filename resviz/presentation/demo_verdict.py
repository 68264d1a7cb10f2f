"""What the degradation demo's runs show, in words, from the numbers they recorded.

He et al. 2015 (Fig. 1, Fig. 6): the deeper *plain* net ends with the higher *training* loss
(not overfitting: it fits its own training set worse), and shortcuts remove the gap. The
verdict reads the numbers the runs recorded and says what they show, also when they do not
show that. The runs themselves are resviz.train.demo.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from resviz.i18n import _, join_list, tidy_spacing
from resviz.presentation.demo_record import CLASSROOM, CLASSROOM_MINUTES
from resviz.presentation.numbers import significant
from resviz.runs import RunStore
from resviz.runs.final import tail_mean
from resviz.runs.types import status_label
from resviz.train.config import CLASSROOM_STEPS
from resviz.train.run_kind import is_residual

MARGIN = 0.05
"""A loss counts as higher only when it is more than 5% above the other (seed noise is smaller)."""


@dataclass(frozen=True)
class DemoResult:
    run_id: int
    arch: str
    depth: int
    residual: bool
    status: str
    final_loss: float
    """Mean of the last tenth of the logged training losses (NaN if none)."""
    first_layer_grad: float
    """Mean ‖∂L/∂W‖ of the first conv over the run's gradient probes (NaN if none)."""
    steps: int = 0
    """The last step it logged (0 if none)."""


def final_loss(store: RunStore, run_id: int) -> float:
    """The run's final training loss: mean over the last 10% of its logged ``train/loss``."""
    return tail_mean(store.metric_series(run_id, "train/loss")[1])


def first_layer_grad(store: RunStore, run_id: int) -> float:
    _, norms = store.vector_series(run_id, "grad_norm")
    return float(np.mean(norms[:, 0])) if norms.size else math.nan


def measure(store: RunStore, run_ids: Sequence[int]) -> list[DemoResult]:
    out = []
    for run_id in run_ids:
        info = store.get_run(run_id)
        spec = info.spec
        residual = bool(is_residual(info))
        steps, losses = store.metric_series(run_id, "train/loss")
        out.append(DemoResult(run_id, info.arch or str(spec.get("name", "")), int(info.depth or 0), residual,
                              info.status, tail_mean(losses), first_layer_grad(store, run_id),
                              int(steps[-1]) if len(steps) else 0))
    return out


def _label(r: DemoResult) -> str:
    return (_("ResNet-{depth}") if r.residual else _("plain-{depth}")).format(depth=r.depth)


def _loss(value: float) -> str:
    return significant(value, 4)  # 2.152, and 0.002841 where a trained ResNet's loss is tiny


def _join(sentences: list[str]) -> str:
    """Sentences one after another (English puts a space between them, Chinese does not)."""
    text = sentences[0] if sentences else ""
    for sentence in sentences[1:]:
        text = _("{text} {sentence}").format(text=text, sentence=sentence)
    return tidy_spacing(text)


def _higher(a: float, b: float) -> bool:
    """a clearly above b."""
    return a > b * (1 + MARGIN) and a - b > 1e-3


def degradation_shown(results: Sequence[DemoResult]) -> bool | None:
    """True if the deepest plain net ends clearly above the shallowest; None if not measurable
    (fewer than two plain depths that ended with a loss)."""
    plain = sorted((r for r in results if not r.residual and math.isfinite(r.final_loss)
                    and r.status in ("finished", "stopped")), key=lambda r: r.depth)
    if len(plain) < 2 or plain[0].depth == plain[-1].depth:
        return None
    return _higher(plain[-1].final_loss, plain[0].final_loss)


NEAR_CHANCE = 0.05
"""A net whose final loss is within 5% of chance loss (ln 10 = 2.30 for ten classes) barely trained."""


def near_chance(loss: float, chance: float = math.log(10)) -> bool:
    return loss > chance * (1 - NEAR_CHANCE)


A_LITTLE = 0.15
"""A net whose final loss is 5-15% below chance trained, but only a little (plain-56 in the quick
setting: 2.15-2.18 against 2.30 on four of ten seeds, README)."""


def trained_a_little(loss: float, chance: float = math.log(10)) -> bool:
    return chance * (1 - A_LITTLE) < loss <= chance * (1 - NEAR_CHANCE)


def verdict(results: Sequence[DemoResult], chance: float = math.log(10)) -> str:
    """Two to five plain sentences on what the measured numbers show, and only that.

    ``chance`` is the loss of a uniform guess, ln(number of classes).
    """
    unfinished = [r for r in results if r.status not in ("finished", "stopped") or not math.isfinite(r.final_loss)]
    ok = [r for r in results if r not in unfinished]
    plain = sorted((r for r in ok if not r.residual), key=lambda r: r.depth)
    res = sorted((r for r in ok if r.residual), key=lambda r: r.depth)
    sentences: list[str] = []
    if unfinished:
        items = [(_("{net} {status}") if math.isfinite(r.final_loss) else _("{net} {status} with no loss logged"))
                 .format(net=_label(r), status=status_label(r.status)) for r in unfinished]
        sentences.append(_("Not every run could be compared: {runs}.").format(runs=join_list(items)))
    degraded = degradation_shown(plain)
    if degraded is None:
        sentences.append(_("Without a shallow and a deep plain net that both trained, the degradation problem "
                           "cannot be checked."))
        return _join(sentences)
    shallow, deep = plain[0], plain[-1]
    nums = dict(deep=_label(deep), deep_loss=_loss(deep.final_loss), shallow=_label(shallow),
                shallow_loss=_loss(shallow.final_loss), chance=f"{chance:.2f}")
    if near_chance(deep.final_loss, chance):
        # Not the paper's picture (a deeper plain net that trains, but worse): say so rather than
        # call a net that learnt nothing "degraded".
        sentences.append(_("{deep} barely trains: its final training loss {deep_loss} is close to chance "
                           "({chance}, what guessing scores), against {shallow_loss} for {shallow}. In the paper "
                           "the deeper plain net does train, only worse (the degradation problem); this run did "
                           "not get that far.").format(**nums))
    elif degraded and trained_a_little(deep.final_loss, chance):
        sentences.append(_("{deep} trains, but only a little: its final training loss {deep_loss} is not far below "
                           "chance ({chance}), against {shallow_loss} for {shallow}. Adding layers made the network "
                           "fit its own training images worse. This is the degradation problem of He et al. 2015, "
                           "Fig. 1, seen early in training.").format(**nums))
    elif degraded:
        sentences.append(_("The deeper plain net trains but ends with the higher training loss ({deep} {deep_loss} "
                           "against {shallow} {shallow_loss}): adding layers made the network fit its own training "
                           "images worse. This is the degradation problem of He et al. 2015, Fig. 1.").format(**nums))
    else:
        sentences.append(_("These runs do not show the degradation problem: the deeper plain net did not end with a "
                           "clearly higher training loss ({deep} {deep_loss} against {shallow} {shallow_loss}).")
                         .format(**nums))
    if len(res) >= 2 and res[0].depth != res[-1].depth:
        sentences.append(_shortcut_sentence(res[0], res[-1], deep, degraded))
        # Not reversed (above, or "about as low" from above): say what the paper's order looked like here.
        if not res[-1].final_loss < res[0].final_loss and res[-1].steps < CLASSROOM_STEPS:
            sentences.append(_("In the longer classroom setting (about {minutes} minutes on a CPU) {deep} ended "
                               "below {shallow} on {below} of {seeds} seeds measured.").format(
                minutes=CLASSROOM_MINUTES, deep=_label(res[-1]), shallow=_label(res[0]),
                below=CLASSROOM.residual_below, seeds=CLASSROOM.seeds))
    deep_res = next((r for r in res if r.depth == deep.depth), None)
    if deep_res is not None and math.isfinite(deep.first_layer_grad) and math.isfinite(deep_res.first_layer_grad):
        # He et al. argue batch norm keeps plain nets' gradients healthy: say which the numbers support.
        ratio = deep.first_layer_grad / max(deep_res.first_layer_grad, 1e-12)
        grads = dict(plain=_label(deep), plain_grad=f"{deep.first_layer_grad:.3g}", res=_label(deep_res),
                     res_grad=f"{deep_res.first_layer_grad:.3g}")
        if ratio >= 2:
            text = _("The first layer's mean gradient norm was {plain_grad} in {plain} and {res_grad} in {res}, so the "
                     "plain net's first layer got more gradient, not less: its trouble is not a vanishing gradient.")
        elif ratio >= 0.5:
            text = _("The first layer's mean gradient norm was {plain_grad} in {plain} and {res_grad} in {res}, so the "
                     "plain net's gradient did not vanish.")
        else:
            text = _("The first layer's mean gradient norm was {plain_grad} in {plain} and {res_grad} in {res}, so "
                     "less gradient reached the plain net's first layer.")
        sentences.append(text.format(**grads))
    sentences.append(_("(A final training loss is the mean of the run's last tenth of logged steps, so it "
                       "differs a little from the last step's.)"))
    return _join(sentences)


def _shortcut_sentence(rs: DemoResult, rd: DemoResult, deep: DemoResult, degraded: bool) -> str:
    """What the residual pair shows, beside the plain pair (``degraded``: the plain pair showed the gap)."""
    nums = dict(deep=_label(rd), deep_loss=_loss(rd.final_loss), shallow=_label(rs), shallow_loss=_loss(rs.final_loss),
                plain=_label(deep), plain_loss=_loss(deep.final_loss))
    if _higher(rs.final_loss, rd.final_loss):
        text = (_("With shortcuts the order reverses: the deeper net ends lower ({deep} {deep_loss} against "
                  "{shallow} {shallow_loss}), so the shortcuts removed the gap.") if degraded else
                _("With shortcuts the order reverses: the deeper net ends lower ({deep} {deep_loss} against "
                  "{shallow} {shallow_loss})."))
    elif not _higher(rd.final_loss, rs.final_loss):
        text = (_("With shortcuts the deeper net ends about as low ({deep} {deep_loss} against {shallow} "
                  "{shallow_loss}), so the shortcuts removed the gap.") if degraded else
                _("With shortcuts the deeper net ends about as low ({deep} {deep_loss} against {shallow} "
                  "{shallow_loss})."))
    elif _higher(deep.final_loss, rd.final_loss):
        text = _("{deep} ended above {shallow} in this short run ({deep} {deep_loss} against {shallow} "
                 "{shallow_loss}), unlike in the paper's full training (Fig. 6), but below {plain}'s {plain_loss}.")
    else:
        text = _("{deep} ended above {shallow} in this short run ({deep} {deep_loss} against {shallow} "
                 "{shallow_loss}) and not below {plain}: on these runs the shortcuts did not remove the gap.")
    return text.format(**nums)
