"""What the trainer measures inside the network, kept on the device until a log point.

Per layer: ‖∂L/∂W‖ of every conv and linear weight, as one fused ``_foreach_norm``.
Per residual block: the gradients g_s and g_b reaching its input through the shortcut and
through the branch (their norms, their additive shares of g = g_s + g_b, and their cosine),
and ‖F(x)‖ / ‖h(x)‖. Everything stays a device tensor until ``collect`` copies one
stacked tensor to the host. x is what both paths take: the block's input, or in a full
pre-activation unit that changes the shape, that input after the BN → ReLU they share.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import Tensor, nn

from resviz.arch.builder import Network, weight_layers
from resviz.train.events import ProbeLog


def _block_of(layer_name: str) -> str | None:
    parts = layer_name.split(".")
    return ".".join(parts[:2]) if parts[0].startswith("layer") and len(parts) > 2 else None


SHORTCUT, BRANCH = 0, 1


class _Fork(torch.autograd.Function):
    """x → (x, x): the two paths' inputs as separate autograd outputs. Its backward receives the
    gradient arriving through each path, g_s and g_b, hands them and their sum g = ∂L/∂x to the
    recorder, and passes g on. One Python call per block and step, where three tensor hooks
    (on each alias and on x) cost three, plus three registrations."""

    @staticmethod
    def forward(ctx, x: Tensor, record: object) -> tuple[Tensor, Tensor]:  # noqa: ANN001 - autograd's ctx
        ctx.record = record
        ctx.set_materialize_grads(False)  # a path the loss does not reach gives None, not zeros
        # Views, not copies: neither path may change its input in place (none of the blocks does).
        return x.view_as(x), x.view_as(x)

    @staticmethod
    def backward(ctx, g_branch: Tensor | None, g_shortcut: Tensor | None) -> tuple[Tensor | None, None]:  # noqa: ANN001
        if g_branch is None or g_shortcut is None:  # a path the loss does not reach: no split
            return (g_branch if g_shortcut is None else g_shortcut), None
        g = g_branch + g_shortcut
        ctx.record(g_shortcut, g_branch, g)
        return g, None


class PathRecorder:
    """Attached to every residual block during a probed forward/backward pass.

    Rows of ``values``: ‖g_s‖, ‖g_b‖, ‖F(x)‖/‖h(x)‖, then the additive shares
    ⟨g_s, g⟩/‖g‖² and ⟨g_b, g⟩/‖g‖² (g = g_s + g_b = ∂L/∂x, so they sum to 1) and cos(g_s, g_b).
    The norms alone are no split: g_s and g_b are nearly orthogonal, so ‖g_s‖/(‖g_s‖+‖g_b‖)
    is not the part of g that came through the shortcut.
    """

    ROWS = 6

    def __init__(self, index: dict[int, int], n: int, device: torch.device) -> None:
        self.index = index  # id(block) -> row
        self.n = n
        self.device = device
        # Per block, 0-d device tensors as the passes produce them: [‖g_s‖, ‖g_b‖, ‖g‖] and
        # [‖F(x)‖, ‖h(x)‖]. The rows are computed from them in a few batched operations when
        # ``values`` is read: a dozen small tensor operations per block and step cost more than
        # the norms themselves.
        self._norms: dict[int, list[Tensor]] = {}
        self._outputs: dict[int, tuple[Tensor, Tensor]] = {}
        self._values: Tensor | None = None

    def paths(self, block: nn.Module, x: Tensor) -> tuple[Tensor, Tensor]:
        """The inputs of ``block``'s branch and shortcut: aliases of x whose gradients are read
        apart, then summed into x's as autograd would. ⟨g_s, g_b⟩ follows from the three norms,
        so no copy of an activation-sized gradient is kept."""
        row = self.index[id(block)]
        return _Fork.apply(x, lambda s, b, g: self._split(row, *self._norms_of(s, b, g)))

    @staticmethod
    def _norms_of(*tensors: Tensor) -> list[Tensor]:
        # One fused call; accumulated in fp32 without an fp32 copy of a bf16 tensor.
        return list(torch._foreach_norm([t.detach() for t in tensors], 2, dtype=torch.float32))

    def _split(self, row: int, s: Tensor, b: Tensor, g: Tensor) -> None:
        """Record ‖g_s‖, ‖g_b‖ and ‖g‖ = ‖g_s + g_b‖ of a block (0-d tensors)."""
        self._norms[row] = [s, b, g]
        self._values = None

    def outputs(self, block: nn.Module, branch_out: Tensor, shortcut_out: Tensor) -> None:
        f, h = self._norms_of(branch_out, shortcut_out)
        self._outputs[self.index[id(block)]] = (f, h)
        self._values = None

    @property
    def values(self) -> Tensor:
        """(ROWS, blocks), NaN where a block was not measured; ⟨g_s, g_b⟩ = (‖g‖² − ‖g_s‖² − ‖g_b‖²)/2."""
        if self._values is not None:
            return self._values
        v = torch.full((self.ROWS, self.n), float("nan"), device=self.device)
        if self._norms:
            rows = sorted(self._norms)
            s, b, g = self._stacked(self._norms, rows)
            ss, bb, gg = s.square(), b.square(), g.square()
            sb = 0.5 * (gg - ss - bb)
            cols = self._columns(rows)
            v[:, cols] = torch.stack([s, b, v[2, cols], (ss + sb) / gg, (bb + sb) / gg,
                                      sb / (ss * bb).sqrt().clamp_min(1e-30)])
        if self._outputs:
            rows = sorted(self._outputs)
            f, h = self._stacked(self._outputs, rows)
            v[2, self._columns(rows)] = f / h.clamp_min(1e-12)
        self._values = v
        return v

    @staticmethod
    def _stacked(per_row: dict[int, Sequence[Tensor]], rows: list[int]) -> Tensor:
        """(k, len(rows)): the rows' k 0-d tensors in one stack (one op, not one per block)."""
        k = len(per_row[rows[0]])
        return torch.stack([t for r in rows for t in per_row[r]]).view(len(rows), k).T

    def _columns(self, rows: list[int]) -> slice | Tensor:
        """Where ``rows`` go in ``values``: every block (the usual case) needs no index tensor."""
        return slice(None) if len(rows) == self.n else torch.tensor(rows, device=self.device)


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
        paths = (recorder.values if recorder is not None
                 else torch.full((PathRecorder.ROWS, len(self.blocks)), math.nan, device=self.device))
        self._pending.append((step, torch.cat([layer, blocks, paths.flatten()])))
        return layer

    def collect(self) -> list[ProbeLog]:
        """One host copy for every step probed since the last call."""
        if not self._pending:
            return []
        steps = [s for s, _ in self._pending]
        host = torch.stack([v for _, v in self._pending]).cpu().numpy()
        self._pending.clear()
        nl, nb = len(self.layer_names), len(self.block_names)
        out = []
        for s, row in zip(steps, host, strict=True):
            p = row[nl + nb:].reshape(PathRecorder.ROWS, nb)
            out.append(ProbeLog(step=s, layer_grad=row[:nl], block_grad=row[nl:nl + nb], shortcut_grad=p[0],
                                branch_grad=p[1], residual_ratio=p[2], shortcut_share=p[3], branch_share=p[4],
                                path_cosine=p[5]))
        return out
