"""The builder: every block option builds, counts like the analysis, and does what it says."""

from __future__ import annotations

import itertools

import pytest
import torch
from torch import nn

from resviz.analysis.lesion import lesioned
from resviz.arch.analysis import analyze
from resviz.arch.blocks import Block, PadShortcut, Projection
from resviz.arch.builder import build, weight_layers
from resviz.arch.presets import cifar_net, get_preset
from resviz.arch.spec import (
    ACTIVATIONS,
    SHORTCUTS,
    BlockSpec,
    InputSpec,
    NetworkSpec,
    StageSpec,
    StemSpec,
)


def _net(block: BlockSpec, stages: int = 2) -> NetworkSpec:
    """Two stages, the second doubling width with stride 2: every shortcut meets a shape change."""
    blocks = [[BlockSpec(**{**block.__dict__, "channels": 8 * 2**s, "stride": 2 if (s and b == 0) else 1}) for b in range(2)] for s in range(stages)]
    return NetworkSpec(input=InputSpec(3, 16, 16, 5), stem=StemSpec(channels=8), stages=[StageSpec(blocks=b) for b in blocks])


COMBOS = [
    (kind, sc, act, bn)
    for kind, sc, act, bn in itertools.product(["basic", "bottleneck"], SHORTCUTS, ACTIVATIONS, [True, False])
    if sc != "identity"  # identity refuses the shape change, tested elsewhere
] + [("plain", "none", act, bn) for act, bn in itertools.product(ACTIVATIONS, [True, False])]


@pytest.mark.parametrize(("kind", "shortcut", "activation", "bn"), COMBOS)
def test_every_block_option_builds_counts_and_backpropagates(kind: str, shortcut: str, activation: str, bn: bool) -> None:
    spec = _net(BlockSpec(kind=kind, shortcut=shortcut, activation=activation, batch_norm=bn, expansion=2))
    model = build(spec)
    assert sum(p.numel() for p in model.parameters()) == analyze(spec).params
    x = torch.randn(2, 3, 16, 16, requires_grad=True)
    out = model(x)
    assert out.shape == (2, 5)
    out.sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0


def test_residual_blocks_expose_branch_and_shortcut() -> None:
    model = build(cifar_net(3))
    for name, blk in model.blocks():
        assert isinstance(blk.branch, nn.Module)
        assert blk.shortcut is not None
        expect = PadShortcut if name in ("layer2.0", "layer3.0") else nn.Identity
        assert isinstance(blk.shortcut, expect)
    plain = build(cifar_net(3, residual=False))
    assert all(blk.shortcut is None for _, blk in plain.blocks())


def test_identity_block_is_f_plus_x() -> None:
    """y = relu(F(x) + x): with the branch's last BN zeroed, F = 0 and y = relu(x)."""
    blk = build(cifar_net(1)).layer1[0].eval()
    nn.init.zeros_(blk.branch.bn2.weight)
    nn.init.zeros_(blk.branch.bn2.bias)
    x = torch.randn(2, 16, 8, 8)
    torch.testing.assert_close(blk(x), torch.relu(x))


def test_plain_block_differs_only_by_the_addition() -> None:
    torch.manual_seed(0)
    res = build(cifar_net(1)).layer1[0].eval()
    plain = build(cifar_net(1, residual=False)).layer1[0].eval()
    plain.load_state_dict(res.state_dict())
    x = torch.randn(2, 16, 8, 8)
    torch.testing.assert_close(res(x), torch.relu(res.branch(x) + x))
    torch.testing.assert_close(plain(x), torch.relu(res.branch(x)))


def test_option_a_pads_zeros_and_subsamples() -> None:
    x = torch.arange(2 * 4 * 4, dtype=torch.float32).reshape(1, 2, 4, 4)
    y = PadShortcut(2, 3)(x)
    assert y.shape == (1, 5, 2, 2)
    torch.testing.assert_close(y[:, :2], x[:, :, ::2, ::2])
    assert y[:, 2:].abs().sum() == 0


def test_option_b_projects_only_where_the_shape_changes_and_c_everywhere() -> None:
    b = build(_net(BlockSpec(shortcut="B")))
    c = build(_net(BlockSpec(shortcut="C")))
    assert [type(blk.shortcut) for _, blk in b.blocks()] == [nn.Identity, nn.Identity, Projection, nn.Identity]
    assert all(isinstance(blk.shortcut, Projection) for _, blk in c.blocks())


def test_preact_unit_that_changes_shape_preactivates_once_for_both_paths() -> None:
    """He et al.'s 2016 code (resnet-1k-layers): the first unit of a stage runs its "common BN,
    ReLU" before the split, and its projection is a 1×1 conv without BN; later units add raw x."""
    torch.manual_seed(0)
    model = build(get_preset("preact_resnet164")).eval()
    unit = model.layer1[0]
    assert sum(p.numel() for p in unit.parameters()) == 4704  # 4,832 with raw x and a BN'd projection
    assert analyze(model.spec).rows[1].params == 4704
    assert isinstance(unit.shortcut.bn, nn.Identity)
    for m in model.modules():  # non-trivial BN statistics, so that a missing BN would show
        if isinstance(m, nn.BatchNorm2d):
            nn.init.uniform_(m.weight, 0.5, 1.5)
            nn.init.uniform_(m.bias, -0.5, 0.5)
    x = torch.randn(2, 16, 8, 8)
    f = unit.branch
    a = torch.relu(f.bn1(x))
    branch = f.conv3(torch.relu(f.bn3(f.conv2(torch.relu(f.bn2(f.conv1(a)))))))
    torch.testing.assert_close(unit(x), branch + unit.shortcut.conv(a))
    with lesioned(model, ["layer1.0"]):  # deleting F leaves the shared BN → ReLU and the projection
        torch.testing.assert_close(unit(x), unit.shortcut.conv(a))
    later = model.layer1[1]
    y = torch.randn(2, 64, 8, 8)
    torch.testing.assert_close(later(y), later.branch(y) + y)
    assert [name for name, blk in model.blocks() if blk.shared_preact] == ["layer1.0", "layer2.0", "layer3.0"]


def test_gating_starts_with_the_configured_bias() -> None:
    model = build(_net(BlockSpec(shortcut="exclusive_gating", gate_bias=-6.0)))
    blk = model.layer1[1]
    assert torch.all(blk.gate.conv.bias == -6.0)
    g = blk.gate(torch.zeros(1, 8, 4, 4))
    assert g.max() < 0.01  # σ(−6) ≈ 0.0025: the shortcut passes almost everything at first


def test_constant_scaling_scales_the_shortcut() -> None:
    spec = _net(BlockSpec(shortcut="scaling", scale=0.5, scale_branch=True, activation="relu_before_add"))
    blk = build(spec).layer1[1].eval()
    x = torch.randn(1, 8, 4, 4)
    torch.testing.assert_close(blk(x), 0.5 * x + 0.5 * blk.branch(x))


def test_dropout_shortcut_scales_by_keep_probability_in_expectation() -> None:
    spec = _net(BlockSpec(shortcut="dropout", dropout=0.5))
    blk = build(spec).layer1[1]
    torch.manual_seed(0)
    x = torch.ones(64, 8, 16, 16)
    blk.train()
    kept = blk.drop(x)
    assert set(kept.unique().tolist()) <= {0.0, 1.0}
    assert kept.mean().item() == pytest.approx(0.5, abs=0.01)
    blk.eval()
    torch.testing.assert_close(blk.drop(x), 0.5 * x)


class _Recorder:
    def __init__(self) -> None:
        self.grads: dict[str, torch.Tensor] = {}
        self.norms: list[float] = []

    def paths(self, block: nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        branch_in, shortcut_in = x.view_as(x), x.view_as(x)
        branch_in.register_hook(lambda g: self.grads.__setitem__("branch", g))
        shortcut_in.register_hook(lambda g: self.grads.__setitem__("shortcut", g))
        return branch_in, shortcut_in

    def outputs(self, block: nn.Module, branch_out: torch.Tensor, shortcut_out: torch.Tensor) -> None:
        self.norms.append((branch_out.norm() / shortcut_out.norm()).item())


def test_probe_splits_the_input_gradient_into_the_two_paths() -> None:
    """∂L/∂x = ∂L/∂x through F + ∂L/∂x through the shortcut (= ∂L/∂y for identity)."""
    blk: Block = build(cifar_net(1)).layer1[0]
    rec = _Recorder()
    blk.probe = rec
    x = torch.randn(2, 16, 8, 8, requires_grad=True)
    y = blk(x)
    y.pow(2).sum().backward()
    torch.testing.assert_close(rec.grads["branch"] + rec.grads["shortcut"], x.grad)
    dy = 2 * y * (y > 0)
    torch.testing.assert_close(rec.grads["shortcut"], dy)
    assert len(rec.norms) == 1 and rec.norms[0] > 0


def test_weight_layers_are_in_forward_order() -> None:
    names = [n for n, _ in weight_layers(build(cifar_net(1)))]
    assert names[0] == "conv1" and names[-1] == "fc"
    assert names.index("layer1.0.branch.conv1") < names.index("layer2.0.branch.conv1")
    assert len(names) == 8
