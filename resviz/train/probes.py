"""What the trainer measures inside the network, kept on the device until a log point.

Per layer: ‖∂L/∂W‖ of every conv and linear weight, as one fused ``_foreach_norm``.
Per residual block: the gradient reaching its input through the shortcut and through the
branch, and ‖F(x)‖ / ‖h(x)‖. Everything stays a device tensor until ``collect`` copies one
stacked tensor to the host.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import Tensor, nn

from resviz.arch.builder import Network, weight_layers


def _block_of(layer_name: str) -> str | None:
    parts = layer_name.split(".")
    return ".".join(parts[:2]) if parts[0].startswith("layer") and len(parts) > 2 else None


def _store_norm(values: Tensor, kind: int, row: int):  # noqa: ANN202 - a tensor hook
    def hook(grad: Tensor) -> None:  # returns None: the gradient itself is left unchanged
        # One kernel straight into the buffer, accumulated in fp32 even for a bf16 gradient.
        torch.linalg.vector_norm(grad.detach(), dtype=torch.float32, out=values[kind, row])

    return hook


class PathRecorder:
    """Attached to every residual block during a probed forward/backward pass."""

    def __init__(self, index: dict[int, int], n: int, device: torch.device) -> None:
        self.index = index  # id(block) -> row
        # shortcut grad, branch grad, ‖F(x)‖, ‖h(x)‖; the ratio is taken once for all blocks.
        self.values = torch.full((4, n), float("nan"), device=device)

    def paths(self, block: nn.Module, branch_in: Tensor, shortcut_in: Tensor) -> None:
        row = self.index[id(block)]
        values = self.values
        # Each alias is used by one path, so each hook fires once per backward; no host sync.
        shortcut_in.register_hook(_store_norm(values, 0, row))
        branch_in.register_hook(_store_norm(values, 1, row))

    def outputs(self, block: nn.Module, branch_out: Tensor, shortcut_out: Tensor) -> None:
        row = self.index[id(block)]
        torch.linalg.vector_norm(branch_out.detach(), dtype=torch.float32, out=self.values[2, row])
        torch.linalg.vector_norm(shortcut_out.detach(), dtype=torch.float32, out=self.values[3, row])

    def paths_and_ratio(self) -> Tensor:
        """(3, n): shortcut grad, branch grad, ‖F(x)‖ / ‖h(x)‖."""
        v = self.values
        return torch.cat([v[:2], (v[2] / v[3].clamp_min(1e-12))[None]])


class Probes:
    """Measures one step on request; ``collect`` returns host arrays for every probed step."""

    def __init__(self, model: Network, device: torch.device) -> None:
        self.layers = weight_layers(model)
        self.layer_names = [n for n, _ in self.layers]
        self.blocks = model.blocks()
        self.block_names = [n for n, _ in self.blocks]
        self.residual = [b.is_residual for _, b in self.blocks]
        self.device = device
        rows = {name: i for i, name in enumerate(self.block_names)}
        self._layer_block = [rows.get(_block_of(n) or "", -1) for n in self.layer_names]
        self._weights = [m.weight for _, m in self.layers]
        self._index = {id(b): i for i, (_, b) in enumerate(self.blocks)}
        self._recorder: PathRecorder | None = None
        self._pending: list[tuple[int, Tensor]] = []
        # Scatter matrix from layers to blocks, so block norms are one matmul on the device.
        m = torch.zeros(len(self.block_names), len(self.layer_names))
        for j, b in enumerate(self._layer_block):
            if b >= 0:
                m[b, j] = 1.0
        self._to_blocks = m.to(device)

    def attach(self) -> None:
        """Call before the forward pass of a step to be probed."""
        self._recorder = PathRecorder(self._index, len(self.blocks), self.device)
        for _, block in self.blocks:
            if block.is_residual:
                block.probe = self._recorder

    def measure(self, step: int) -> Tensor:
        """Call after backward (before the optimizer step). Returns the layer norms (device)."""
        recorder = self._recorder
        for _, block in self.blocks:
            block.probe = None
        self._recorder = None
        grads = [w.grad if w.grad is not None else torch.zeros_like(w) for w in self._weights]
        layer = torch.stack(torch._foreach_norm(grads)).float()
        blocks = (self._to_blocks @ layer.pow(2)).sqrt()
        paths = recorder.paths_and_ratio() if recorder is not None else torch.full((3, len(self.blocks)), math.nan, device=self.device)
        self._pending.append((step, torch.cat([layer, blocks, paths.flatten()])))
        return layer

    def collect(self) -> list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """One host copy for every step probed since the last call."""
        if not self._pending:
            return []
        steps = [s for s, _ in self._pending]
        host = torch.stack([v for _, v in self._pending]).cpu().numpy()
        self._pending.clear()
        nl, nb = len(self.layer_names), len(self.block_names)
        out = []
        for s, row in zip(steps, host, strict=True):
            paths = row[nl + nb:].reshape(3, nb)
            out.append((s, row[:nl], row[nl:nl + nb], paths[0], paths[1], paths[2]))
        return out
