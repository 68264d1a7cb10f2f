"""Loss landscape (Li et al. 2018): the loss on a plane through the trained weights.

Two random directions, filter-normalised: each filter of a direction is rescaled to the norm of
the matching weight filter, and bias and batch-norm parameters are left out (zero), as
``normalize_direction(norm='filter')`` with ``ignore='biasbn'`` in tomgoldstein/loss-landscape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from resviz.errors import ResvizError
from resviz.i18n import _

Progress = Callable[[int, int], None]


class LandscapeCancelled(ResvizError):
    """The user stopped the computation; nothing was stored."""


def filter_normalised_direction(model: nn.Module, generator: torch.Generator) -> list[Tensor]:
    """A random direction shaped like the model's parameters, one tensor per parameter."""
    direction = []
    for p in model.parameters():
        w = p.detach()
        if w.dim() <= 1:
            direction.append(torch.zeros_like(w))  # biases and BN: ignore='biasbn'
            continue
        d = torch.randn(w.shape, generator=generator, dtype=w.dtype)
        # One filter = one slice along the output dimension (a conv's out channel, a linear row).
        w_norm = w.flatten(1).norm(dim=1)
        d_norm = d.flatten(1).norm(dim=1)
        scale = (w_norm / (d_norm + 1e-10)).view(-1, *([1] * (w.dim() - 1)))
        direction.append(d * scale)
    return direction


@torch.no_grad()
def loss_and_accuracy(model: nn.Module, images: Tensor, labels: Tensor, batch: int = 256) -> tuple[float, float]:
    """Mean cross-entropy and accuracy in eval mode (BN uses its running statistics)."""
    model.eval()
    total, correct = 0.0, 0
    for i in range(0, len(labels), batch):
        out = model(images[i:i + batch])
        total += float(F.cross_entropy(out, labels[i:i + batch], reduction="sum"))
        correct += int((out.argmax(1) == labels[i:i + batch]).sum())
    n = max(1, len(labels))
    return total / n, correct / n


@dataclass
class Landscape:
    coords: list[float]
    """The same steps along both directions; the trained weights sit at (0, 0)."""
    loss: list[list[float]]
    """loss[i][j] at alpha = coords[j] along direction 1, beta = coords[i] along direction 2."""
    accuracy: list[list[float]]
    images: int
    seed: int

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Landscape:
        result = Landscape(**data)
        n = len(result.coords)
        if len(result.loss) != n or any(len(row) != n for row in result.loss):
            raise ValueError("the loss grid does not match its coordinates")
        return result

    def csv(self) -> str:
        lines = ["alpha,beta,loss,accuracy"]
        for i, b in enumerate(self.coords):
            for j, a in enumerate(self.coords):
                lines.append(f"{a:.6g},{b:.6g},{self.loss[i][j]:.6g},{self.accuracy[i][j]:.6g}")
        return "\n".join(lines) + "\n"


def surface(model: nn.Module, images: Tensor, labels: Tensor, *, grid: int = 11, span: float = 1.0,
            seed: int = 0, progress: Progress | None = None,
            should_stop: Callable[[], bool] | None = None) -> Landscape:
    """The loss on a grid×grid plane of steps in [-span, span] along two filter-normalised
    directions. An odd grid puts the trained weights at its centre; an even one gets the centre
    added (grid + 1 points a side), since the plane is there to show the trained weights in their
    surroundings. The weights are restored."""
    if grid < 2:
        raise ResvizError(_("the grid needs at least 2 points a side, not {grid}").format(grid=grid),
                          _("for example --grid 11"))
    g = torch.Generator().manual_seed(seed)
    d1 = filter_normalised_direction(model, g)
    d2 = filter_normalised_direction(model, g)
    params = list(model.parameters())
    origin = [p.detach().clone() for p in params]
    coords = sorted({round(float(c), 10) for c in np.linspace(-span, span, grid)} | {0.0})
    grid = len(coords)
    loss = np.zeros((grid, grid))
    acc = np.zeros((grid, grid))
    try:
        for i, b in enumerate(coords):
            for j, a in enumerate(coords):
                with torch.no_grad():
                    for p, w, x, y in zip(params, origin, d1, d2, strict=True):
                        p.copy_(w + a * x + b * y)
                loss[i, j], acc[i, j] = loss_and_accuracy(model, images, labels)
                if progress is not None:
                    progress(i * grid + j + 1, grid * grid)
                if should_stop is not None and should_stop():
                    raise LandscapeCancelled(_("the loss landscape was stopped"), _("start it again to see the result"))
    finally:
        with torch.no_grad():
            for p, w in zip(params, origin, strict=True):
                p.copy_(w)
    return Landscape(coords, loss.tolist(), acc.tolist(), len(labels), seed)
