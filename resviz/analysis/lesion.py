"""Lesion study (Veit et al. 2016): delete blocks of a trained network at test time.

A residual block loses its branch: the merge sees F(x) = 0, so its output is the shortcut's
after the block's post-addition layers (BN, ReLU). A plain block has no shortcut: it becomes the
identity, which only works where it keeps the shape; other plain blocks cannot be deleted.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

from resviz.arch.analysis import analyze
from resviz.arch.blocks import Block
from resviz.arch.builder import Network
from resviz.errors import ResvizError
from resviz.i18n import _

Progress = Callable[[int, int], None]
"""progress(done, total), called after every evaluation."""
ShouldStop = Callable[[], bool]


class LesionCancelled(ResvizError):
    """The user stopped the study; nothing was stored."""


@dataclass(frozen=True)
class BlockLesion:
    name: str
    accuracy: float | None
    """Validation accuracy with this block deleted; None where it cannot be deleted."""
    residual: bool
    reason: str = ""
    """Why the block cannot be deleted (a plain block that changes the shape)."""


@dataclass
class LesionResult:
    base_accuracy: float
    blocks: list[BlockLesion]
    images: int
    counts: list[int] = field(default_factory=list)
    """Numbers of blocks deleted together, for the subset curve (Veit et al. Fig. 5a)."""
    mean_accuracy: list[float] = field(default_factory=list)
    std_accuracy: list[float] = field(default_factory=list)
    draws: int = 0
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> LesionResult:
        blocks = [BlockLesion(**b) for b in data["blocks"]]
        return LesionResult(**{**data, "blocks": blocks})


def _shape_reason(model: Network, name: str) -> str:
    rows = {r.module: r for r in analyze(model.spec).blocks}
    row = rows[name]
    fmt = "×".join
    return _("a plain block that changes the shape ({before} → {after}) has no identity to fall back on").format(
        before=fmt(str(v) for v in row.in_shape), after=fmt(str(v) for v in row.out_shape))


def deletable(model: Network) -> dict[str, str]:
    """Block name → "" if it can be deleted, else the reason why not."""
    rows = {r.module: r for r in analyze(model.spec).blocks}
    out: dict[str, str] = {}
    for name, blk in model.blocks():
        row = rows[name]
        keeps_shape = tuple(row.in_shape) == tuple(row.out_shape)
        out[name] = "" if blk.is_residual or keeps_shape else _shape_reason(model, name)
    return out


def _lesioned_forward(blk: Block) -> Callable[[Tensor], Tensor]:
    def forward(x: Tensor) -> Tensor:
        if blk.shortcut is None:
            return x
        x = blk.fork_input(x)
        h = blk.shortcut(x)
        out = blk._merge(torch.zeros_like(h), h, x)
        if blk.post_bn is not None:
            out = blk.post_bn(out)
        return F.relu(out) if blk.post_relu else out
    return forward


@contextlib.contextmanager
def lesioned(model: Network, names: Sequence[str]) -> Iterator[Network]:
    """The model with the named blocks deleted, restored on exit."""
    blocks = dict(model.blocks())
    chosen = [blocks[n] for n in names]
    try:
        for blk in chosen:
            blk.forward = _lesioned_forward(blk)  # type: ignore[method-assign]
        yield model
    finally:
        for blk in chosen:
            blk.__dict__.pop("forward", None)


@torch.no_grad()
def accuracy(model: Network, images: Tensor, labels: Tensor, batch: int = 256) -> float:
    correct = 0
    for i in range(0, len(labels), batch):
        correct += int((model(images[i:i + batch]).argmax(1) == labels[i:i + batch]).sum())
    return correct / max(1, len(labels))


def lesion_study(model: Network, images: Tensor, labels: Tensor, *, draws: int = 0, seed: int = 0,
                 progress: Progress | None = None, should_stop: ShouldStop | None = None) -> LesionResult:
    """Accuracy with each block deleted, then (draws > 0) with random subsets of k blocks.

    ``images`` are normalised as the network saw them. The model is put in eval mode.
    """
    model.eval()
    reasons = deletable(model)
    candidates = [n for n, r in reasons.items() if not r]
    counts = list(range(1, len(candidates) + 1)) if draws > 0 else []
    total = 1 + len(reasons) + len(counts) * draws
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)
        if should_stop is not None and should_stop():
            raise LesionCancelled(_("the lesion study was stopped"), _("start it again to see the result"))

    base = accuracy(model, images, labels)
    step()
    rows: list[BlockLesion] = []
    for name, blk in model.blocks():
        acc = None
        if not reasons[name]:
            with lesioned(model, [name]):
                acc = accuracy(model, images, labels)
        rows.append(BlockLesion(name, acc, blk.is_residual, reasons[name]))
        step()
    rng = random.Random(seed)
    means: list[float] = []
    stds: list[float] = []
    for k in counts:
        accs = []
        for _draw in range(draws):
            with lesioned(model, rng.sample(candidates, k)):
                accs.append(accuracy(model, images, labels))
            step()
        t = torch.tensor(accs, dtype=torch.float64)
        means.append(float(t.mean()))
        stds.append(float(t.std(unbiased=False)))
    return LesionResult(base, rows, len(labels), counts, means, stds, draws, seed)
