"""Shattered gradients (Balduzzi et al. 2017): how alike the input gradients of nearby inputs are.

Inputs x_t lie on a straight line (e.g. between two images). At each, the gradient of one output
logit with respect to the input; the autocorrelation at lag k is the mean cosine similarity
between the gradients at x_t and x_{t+k}. Near 1 at every lag: smooth gradients. Falling to about
0 at lag 1: white noise, what Balduzzi et al. find in deep plain nets.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor, nn


def line_gradients(model: nn.Module, start: Tensor, end: Tensor, points: int = 64, output: int = 0) -> np.ndarray:
    """(points, input size): d logit[output] / d x at points evenly spaced from start to end."""
    model.eval()
    t = torch.linspace(0.0, 1.0, points).view(-1, *([1] * start.dim()))
    x = (start.unsqueeze(0) + t * (end - start).unsqueeze(0)).detach().requires_grad_(True)
    out = model(x)[:, output].sum()  # eval mode: each point's logit depends on its own input only
    (grad,) = torch.autograd.grad(out, x)
    return grad.flatten(1).numpy()


def autocorrelation(grads: np.ndarray, max_lag: int | None = None) -> np.ndarray:
    """Mean cosine similarity of gradients k points apart, for k = 1 … max_lag."""
    g = grads / np.maximum(np.linalg.norm(grads, axis=1, keepdims=True), 1e-12)
    max_lag = min(max_lag or len(g) - 1, len(g) - 1)
    return np.array([float(np.mean(np.sum(g[:-k] * g[k:], axis=1))) for k in range(1, max_lag + 1)])
