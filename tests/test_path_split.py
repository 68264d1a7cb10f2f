"""The additive shortcut/branch split of a block's input gradient, against a hand computation."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from resviz.arch.blocks import Block
from resviz.arch.builder import build
from resviz.arch.presets import cifar_net
from resviz.train.probes import PathRecorder, Probes


def _reference(blk: Block, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """g_s and g_b by plain autograd on two aliases of what both paths take, without the probe."""
    a = blk.fork_input(x).detach()  # x, or x after the BN → ReLU a pre-activation unit shares
    xs = a.clone().requires_grad_(True)
    xb = a.clone().requires_grad_(True)
    out = blk._merge(blk.branch(xb), blk.shortcut(xs), xs)
    if blk.post_bn is not None:
        out = blk.post_bn(out)
    if blk.post_relu:
        out = torch.relu(out)
    g_s, g_b = torch.autograd.grad(out.pow(2).sum() + out.sum(), (xs, xb))
    return g_s.double().flatten(), g_b.double().flatten()


# identity; option A's zero-padding shortcut; a full pre-activation unit whose paths share a BN → ReLU
@pytest.mark.parametrize("case", ["identity", "pad", "shared"])
def test_shares_match_a_hand_computation_and_sum_to_one(case: str) -> None:
    torch.manual_seed(0)
    spec = cifar_net(1, width=4, image_size=8)
    if case == "shared":
        for _, _, block in spec.blocks():
            block.activation = "full_preact"
    net = build(spec)
    blk: Block = net.layer1[0] if case == "identity" else net.layer2[0]
    assert blk.shared_preact == (case == "shared")
    blk.train()
    x = torch.randn(3, blk.spec.channels if case == "identity" else 4, 8, 8)
    g_s, g_b = _reference(blk, x)
    g = g_s + g_b

    rec = PathRecorder({id(blk): 0}, 1, torch.device("cpu"))
    blk.probe = rec
    xp = x.clone().requires_grad_(True)
    out = blk(xp)
    (out.pow(2).sum() + out.sum()).backward()
    blk.probe = None
    norm_s, norm_b, _, share_s, share_b, cosine = rec.values[:, 0].double().tolist()

    if case != "shared":
        torch.testing.assert_close(xp.grad.double().flatten(), g)  # the two paths add up to ∂L/∂x
    assert rec._norms[0][2] == pytest.approx(float(g.norm()), rel=1e-5)  # ‖g‖ where the paths fork
    assert share_s == pytest.approx(float(g_s @ g / (g @ g)), rel=1e-4)
    assert share_b == pytest.approx(float(g_b @ g / (g @ g)), rel=1e-4)
    assert share_s + share_b == pytest.approx(1.0, abs=1e-5)
    assert cosine == pytest.approx(float(g_s @ g_b / (g_s.norm() * g_b.norm())), abs=1e-5)
    assert norm_s == pytest.approx(float(g_s.norm()), rel=1e-5)
    assert norm_b == pytest.approx(float(g_b.norm()), rel=1e-5)
    # The old measure ‖g_s‖/(‖g_s‖+‖g_b‖) is a different number: it is not the share.
    assert norm_s / (norm_s + norm_b) != pytest.approx(share_s, abs=1e-3)


def test_cosine_and_shares_of_known_vectors() -> None:
    rec = PathRecorder({}, 3, torch.device("cpu"))
    s = torch.tensor([1.0, 0.0])

    def split(row: int, b: torch.Tensor) -> None:  # from the three norms, as the hooks give them
        rec._split(row, s.norm(), b.norm(), (s + b).norm())

    split(0, torch.tensor([0.0, 2.0]))  # orthogonal: shares ‖g_s‖²/‖g‖², cosine 0
    split(1, torch.tensor([-0.5, 0.0]))  # opposed: the shortcut share exceeds 1
    split(2, torch.tensor([3.0, 0.0]))  # aligned
    v = rec.values.numpy()
    np.testing.assert_allclose(v[3], [0.2, 2.0, 0.25], rtol=1e-6)
    np.testing.assert_allclose(v[4], [0.8, -1.0, 0.75], rtol=1e-6)
    np.testing.assert_allclose(v[5], [0.0, -1.0, 1.0], atol=1e-6)


def test_probes_report_the_split_for_residual_blocks_only() -> None:
    torch.manual_seed(0)
    spec = cifar_net(1, width=4, image_size=8)
    spec.stages[1].blocks[0].shortcut = "none"  # one plain block among residual ones
    spec.stages[1].blocks[0].kind = "plain"
    net = build(spec)
    probes = Probes(net, torch.device("cpu"))
    probes.attach()
    net(torch.randn(4, 3, 8, 8)).logsumexp(1).sum().backward()
    probes.measure(1)
    (log,) = probes.collect()
    assert log.shortcut_share is not None and log.branch_share is not None and log.path_cosine is not None
    assert np.isnan(log.shortcut_share[1]) and np.isnan(log.path_cosine[1])
    ok = [0, 2]
    np.testing.assert_allclose(log.shortcut_share[ok] + log.branch_share[ok], 1.0, atol=1e-5)
    assert np.all(np.abs(log.path_cosine[ok]) <= 1.0 + 1e-6)


def test_a_run_stores_and_exports_the_split_and_old_runs_still_load(tmp_path) -> None:
    from resviz.data import load_dataset
    from resviz.presentation.run_store import load_run
    from resviz.runs import open_store
    from resviz.runs.exchange import export_csv
    from resviz.train.config import TrainConfig
    from resviz.train.session import train

    data = load_dataset("builtin", image_size=8, train_size=256, seed=0)
    config = TrainConfig(batch_size=32, steps=4, lr=0.01, schedule="constant", log_every=2, probe_every=2,
                         gradcam_each_epoch=False, max_val_images=64, device="cpu", image_size=8, train_size=256)
    out = train(cifar_net(1, width=4), config, store_dir=tmp_path, data=data)
    store = open_store(tmp_path)
    _, s = store.vector_series(out.run_id, "shortcut_share")
    _, b = store.vector_series(out.run_id, "branch_share")
    _, c = store.vector_series(out.run_id, "path_cosine")
    assert s.shape == b.shape == c.shape == (2, 3)
    np.testing.assert_allclose(s + b, 1.0, atol=1e-5)
    assert load_run(store, out.run_id).shortcut_share() is not None
    export_csv(store, out.run_id, tmp_path / "csv")
    header = (tmp_path / "csv" / "vectors_shortcut_share.csv").read_text().splitlines()[0]
    assert header == "step,layer1.0,layer2.0,layer3.0"

    # A run written before the shares existed: norms only. It loads, and says it has no shares.
    old = store.create_run("old", spec={})
    store.set_layer_names(old, ["layer1.0"], kind="block_grad")
    store.set_layer_names(old, ["layer1.0"], kind="shortcut_grad")
    store.log_vectors(old, 1, "block_grad", [0.5])
    store.log_vectors(old, 1, "shortcut_grad", [0.3])
    h = load_run(store, old, with_gradcam=False)
    assert h.shortcut_share() is None and h.has_old_split_only()
    store.close()


def test_a_path_the_loss_does_not_reach_gives_no_split() -> None:
    """Only the branch's output reaches the loss: no share is made up from a zero gradient."""
    block = torch.nn.Identity()
    rec = PathRecorder({id(block): 0}, 1, torch.device("cpu"))
    x = torch.randn(2, 3, requires_grad=True)
    branch_in, _shortcut_in = rec.paths(block, x)
    (branch_in * 3).sum().backward()
    torch.testing.assert_close(x.grad, torch.full_like(x, 3.0))  # the gradient still arrives whole
    assert torch.isnan(rec.values[3:, 0]).all()
