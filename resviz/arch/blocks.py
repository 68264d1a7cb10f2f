"""The modules a spec is built from.

A residual block is ``y = post(merge(F(x), h(x)))`` with its branch F and shortcut h held as
separate submodules (``block.branch``, ``block.shortcut``), so the gradient and the output of
each path can be measured. A plain block is the same branch without the addition.
"""

from __future__ import annotations

from typing import Protocol

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from resviz.arch.analysis import ShortcutPlan, padding_of, projection_bn
from resviz.arch.layers import lead_count
from resviz.arch.spec import BlockSpec


def conv(cin: int, cout: int, kernel: int, stride: int = 1, padding: int | None = None, bias: bool = False) -> nn.Conv2d:
    pad = kernel // 2 if padding is None else padding
    return nn.Conv2d(cin, cout, kernel, stride=stride, padding=pad, bias=bias)


def norm(channels: int, on: bool) -> nn.Module:
    return nn.BatchNorm2d(channels) if on else nn.Identity()


class BlockProbe(Protocol):
    """What the training probes hook into: called on every forward while attached."""

    def paths(self, block: nn.Module, x: Tensor) -> tuple[Tensor, Tensor]:
        """The branch's and the shortcut's inputs: x, as two aliases whose gradients it reads."""
        ...

    def outputs(self, block: nn.Module, branch_out: Tensor, shortcut_out: Tensor) -> None: ...


class Branch(nn.Module):
    """F(x): two 3x3 convs (basic/plain) or 1x1-3x3-1x1 (bottleneck), BN and ReLU placed as
    the activation option says (He et al. 2016, Fig. 4): one forward per placement below."""

    def __init__(self, spec: BlockSpec, cin: int) -> None:
        super().__init__()
        self.activation = spec.activation
        bn, k, pad = spec.batch_norm, spec.kernel, padding_of(spec)
        pre = spec.activation == "full_preact"
        if spec.kind == "bottleneck":
            width, out = spec.channels, spec.out_channels
            # The stride sits on the 3x3 conv, as in torchvision ("ResNet v1.5").
            convs = [conv(cin, width, 1, bias=not bn), conv(width, width, k, spec.stride, pad, not bn), conv(width, out, 1, bias=not bn)]
        else:
            out = spec.channels
            convs = [conv(cin, out, k, spec.stride, pad, not bn), conv(out, out, k, 1, pad, not bn)]
        self.n = len(convs)
        for i, c in enumerate(convs, start=1):
            setattr(self, f"conv{i}", c)
            # Pre-activation normalises a conv's input; otherwise its output. After the addition
            # (Fig. 4b) the last BN moves out of the branch into the block.
            if pre:
                setattr(self, f"bn{i}", norm(c.in_channels, bn))
            elif not (spec.activation == "bn_after_add" and i == len(convs)):
                setattr(self, f"bn{i}", norm(c.out_channels, bn))
        self.relu = nn.ReLU(inplace=False)
        # Set by a block whose paths share the first BN → ReLU: it runs that itself (``lead``)
        # before the split, and this branch then starts at its first conv.
        self.skip_lead = False

    def lead(self, x: Tensor) -> Tensor:
        """The first BN → ReLU of a full pre-activation branch (where a block shares it)."""
        return self.relu(self.bn1(x))

    @property
    def convs(self) -> list[nn.Module]:
        return [getattr(self, f"conv{i}") for i in range(1, self.n + 1)]

    @property
    def bns(self) -> list[nn.Module]:
        """One per conv (an Identity without batch norm); bn_after_add has none for the last."""
        return [getattr(self, f"bn{i}") for i in range(1, self.n + 1) if hasattr(self, f"bn{i}")]

    def forward(self, x: Tensor) -> Tensor:
        if self.activation == "bn_after_add":
            return self.forward_bn_after_add(x)
        if self.activation == "relu_before_add":
            return self.forward_relu_before_add(x)
        if self.activation == "relu_preact":
            return self.forward_relu_preact(x)
        if self.activation == "full_preact":
            return self.forward_full_preact(x)
        return self.forward_original(x)

    def forward_original(self, x: Tensor) -> Tensor:
        """Fig. 4a: conv → BN → ReLU, …, conv → BN; the ReLU after the addition is the block's."""
        out = x
        for conv_i, bn_i in zip(self.convs[:-1], self.bns[:-1], strict=True):
            out = self.relu(bn_i(conv_i(out)))
        return self.bns[-1](self.convs[-1](out))

    def forward_bn_after_add(self, x: Tensor) -> Tensor:
        """Fig. 4b: as the original, but the last BN comes after the addition, in the block."""
        out = x
        for conv_i, bn_i in zip(self.convs[:-1], self.bns, strict=True):
            out = self.relu(bn_i(conv_i(out)))
        return self.convs[-1](out)

    def forward_relu_before_add(self, x: Tensor) -> Tensor:
        """Fig. 4c: conv → BN → ReLU every time, so F(x) ≥ 0 is added."""
        out = x
        for conv_i, bn_i in zip(self.convs, self.bns, strict=True):
            out = self.relu(bn_i(conv_i(out)))
        return out

    def forward_relu_preact(self, x: Tensor) -> Tensor:
        """Fig. 4d: ReLU → conv → BN, each time."""
        out = x
        for conv_i, bn_i in zip(self.convs, self.bns, strict=True):
            out = bn_i(conv_i(self.relu(out)))
        return out

    def forward_full_preact(self, x: Tensor) -> Tensor:
        """Fig. 4e: BN → ReLU → conv, each time; nothing follows the addition."""
        out = x
        for i, (conv_i, bn_i) in enumerate(zip(self.convs, self.bns, strict=True)):
            out = conv_i(out if i == 0 and self.skip_lead else self.relu(bn_i(out)))
        return out


_ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "elu": nn.ELU, "gelu": nn.GELU, "silu": nn.SiLU,
    "tanh": nn.Tanh, "sigmoid": nn.Sigmoid,
}


class CustomBranch(nn.Module):
    """F(x) as a student wrote it, layer by layer. Layers are numbered per type (conv1, bn1,
    relu1, conv2, …), so a customised papers' block keeps its parameter names."""

    def __init__(self, spec: BlockSpec, cin: int) -> None:
        super().__init__()
        self.order: list[str] = []
        counts: dict[str, int] = {}
        c = cin
        for layer in spec.layers or []:
            counts[layer.type] = counts.get(layer.type, 0) + 1
            name = f"{layer.type}{counts[layer.type]}"
            module: nn.Module
            if layer.is_conv:
                module = nn.Conv2d(c, layer.out_channels, layer.kernel, layer.stride, layer.padding, bias=layer.bias)
                c = layer.out_channels
            elif layer.type == "bn":
                module = nn.BatchNorm2d(c)
            else:
                module = _ACTIVATIONS[layer.type]()
            setattr(self, name, module)
            self.order.append(name)
        self.n_lead = lead_count(spec.layers or [])
        self.skip_lead = False

    def lead(self, x: Tensor) -> Tensor:
        """The layers before the first conv (BN → ReLU in a customised pre-activation block)."""
        for name in self.order[:self.n_lead]:
            x = getattr(self, name)(x)
        return x

    def forward(self, x: Tensor) -> Tensor:
        for name in self.order[self.n_lead if self.skip_lead else 0:]:
            x = getattr(self, name)(x)
        return x


class PadShortcut(nn.Module):
    """Option A: subsample by the stride and append zero channels. No parameters."""

    def __init__(self, stride: int, extra_channels: int) -> None:
        super().__init__()
        self.stride = stride
        self.extra = extra_channels

    def forward(self, x: Tensor) -> Tensor:
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        return F.pad(x, (0, 0, 0, 0, 0, self.extra)) if self.extra else x


class Projection(nn.Module):
    """W_s x: a strided 1x1 conv, with BN (options B and C) or without (Fig. 2e, and in full
    pre-activation units: analysis.projection_bn)."""

    def __init__(self, cin: int, cout: int, stride: int, batch_norm: bool) -> None:
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1, stride=stride, bias=False)
        self.bn = norm(cout, batch_norm)

    def forward(self, x: Tensor) -> Tensor:
        return self.bn(self.conv(x))


class Gate(nn.Module):
    """g(x) = σ(W_g x + b_g), a 1x1 conv; b_g starts at gate_bias (−6 keeps the shortcut open)."""

    def __init__(self, cin: int, cout: int, stride: int, bias: float) -> None:
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1, stride=stride, bias=True)
        nn.init.constant_(self.conv.bias, bias)

    def forward(self, x: Tensor) -> Tensor:
        return torch.sigmoid(self.conv(x))


class ExpectationDropout(nn.Module):
    """Dropout on the shortcut as in He et al. 2016 (Fig. 2f): drops x with probability p and
    does *not* rescale, so in expectation the shortcut is scaled by 1 − p."""

    def __init__(self, p: float) -> None:
        super().__init__()
        self.p = p

    def forward(self, x: Tensor) -> Tensor:
        if not self.training:
            return x * (1.0 - self.p)
        keep = torch.empty_like(x).bernoulli_(1.0 - self.p)
        return x * keep


class Block(nn.Module):
    """One unit of a stage. ``shortcut is None`` makes it a plain block."""

    def __init__(self, spec: BlockSpec, cin: int, plan: ShortcutPlan, *, shared_preact: bool) -> None:
        super().__init__()
        self.spec = spec
        self.kind = spec.kind
        self.merge, projection = plan
        self.branch: Branch | CustomBranch = CustomBranch(spec, cin) if spec.layers is not None else Branch(spec, cin)
        out = spec.out_channels
        stride = spec.branch_stride
        self.shortcut: nn.Module | None
        if self.merge == "none":
            self.shortcut = None
        elif projection:
            self.shortcut = Projection(cin, out, stride, projection_bn(spec, plan))
        elif self.merge == "pad":
            self.shortcut = PadShortcut(stride, out - cin)
        else:
            self.shortcut = nn.Identity()
        if self.merge in ("exclusive_gating", "shortcut_gating"):
            self.gate = Gate(cin, out, stride, spec.gate_bias)
        if self.merge == "dropout":
            self.drop = ExpectationDropout(spec.dropout)
        self.post_bn = norm(out, spec.batch_norm) if spec.activation == "bn_after_add" else None
        self.post_relu = spec.activation in ("original", "bn_after_add")
        # Both paths take x after the branch's first BN → ReLU (analysis.shares_preactivation).
        self.shared_preact = shared_preact and self.shortcut is not None
        self.branch.skip_lead = self.shared_preact
        self.probe: BlockProbe | None = None

    @property
    def is_residual(self) -> bool:
        return self.shortcut is not None

    def fork_input(self, x: Tensor) -> Tensor:
        """What the branch and the shortcut both take: x, or x after a shared pre-activation."""
        return self.branch.lead(x) if self.shared_preact else x

    def forward(self, x: Tensor) -> Tensor:
        probe = self.probe
        x = self.fork_input(x)
        xb = xs = x
        if probe is not None and self.shortcut is not None:
            # Two aliases of x give the two paths separate autograd nodes, so the gradient
            # arriving through each can be read on its own.
            xb, xs = probe.paths(self, x)
        out = self.branch(xb)
        if self.shortcut is not None:
            h = self.shortcut(xs)
            if probe is not None:
                probe.outputs(self, out, h)
            out = self._merge(out, h, xs)
        if self.post_bn is not None:
            out = self.post_bn(out)
        if self.post_relu:
            out = F.relu(out)
        return out

    def _merge(self, f: Tensor, h: Tensor, x: Tensor) -> Tensor:
        m = self.merge
        if m == "scaling":
            lam = self.spec.scale
            return lam * h + ((1.0 - lam) * f if self.spec.scale_branch else f)
        if m == "exclusive_gating":
            g = self.gate(x)
            return (1.0 - g) * h + g * f
        if m == "shortcut_gating":
            return f + (1.0 - self.gate(x)) * h
        if m == "dropout":
            return f + self.drop(h)
        return f + h
