"""Lesion study (Veit et al. 2016): known answers on tiny networks, and a stored run's study."""

from __future__ import annotations

import pytest
import torch

from resviz.analysis.lesion import LesionCancelled, deletable, lesion_study, lesioned
from resviz.analysis.lesion_run import lesion_for_run, load_lesion
from resviz.arch.builder import build
from resviz.arch.presets import cifar_net
from resviz.cli.main import run_cli
from resviz.data import load_dataset
from resviz.train.config import TrainConfig
from resviz.train.session import train


def _images(n: int = 64, size: int = 8) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    return torch.randn(n, 3, size, size, generator=g), torch.randint(0, 10, (n,), generator=g)


def _silence_branch(net: torch.nn.Module, name: str) -> None:
    blk = dict(net.blocks())[name]
    bn = blk.branch.bn2  # the branch's last layer: zero scale and shift make F(x) = 0
    torch.nn.init.zeros_(bn.weight)
    torch.nn.init.zeros_(bn.bias)


def test_deleting_a_block_whose_branch_is_zero_changes_nothing() -> None:
    torch.manual_seed(0)
    net = build(cifar_net(2, width=8, image_size=8)).eval()
    _silence_branch(net, "layer2.1")
    x, _labels = _images()
    with torch.no_grad():
        before = net(x)
        with lesioned(net, ["layer2.1"]):
            same = net(x)
        with lesioned(net, ["layer2.0"]):
            other = net(x)
        after = net(x)
    assert torch.allclose(before, same, atol=1e-6)
    assert not torch.allclose(before, other, atol=1e-3)  # a live branch does matter
    assert torch.equal(before, after)  # the lesion is undone on exit


def test_plain_blocks_that_change_shape_cannot_be_deleted() -> None:
    net = build(cifar_net(2, residual=False, width=8, image_size=8))
    reasons = deletable(net)
    assert reasons["layer1.0"] == "" and reasons["layer2.1"] == ""
    assert "→" in reasons["layer2.0"] and "→" in reasons["layer3.0"]
    x, labels = _images()
    result = lesion_study(net, x, labels)
    by_name = {b.name: b for b in result.blocks}
    assert by_name["layer2.0"].accuracy is None and by_name["layer1.0"].accuracy is not None


def test_subsets_progress_and_cancel() -> None:
    torch.manual_seed(0)
    net = build(cifar_net(1, width=8, image_size=8))
    x, labels = _images()
    seen: list[tuple[int, int]] = []
    result = lesion_study(net, x, labels, draws=2, progress=lambda d, t: seen.append((d, t)))
    assert result.counts == [1, 2, 3]
    assert len(result.mean_accuracy) == 3 and all(s >= 0 for s in result.std_accuracy)
    assert seen[-1] == (1 + 3 + 3 * 2, 1 + 3 + 3 * 2)
    with pytest.raises(LesionCancelled):
        lesion_study(net, x, labels, draws=2, should_stop=lambda: True)


def test_a_run_keeps_its_lesion_study(tmp_path) -> None:
    data = load_dataset("builtin", image_size=8, train_size=256, seed=0)
    cfg = TrainConfig(batch_size=32, steps=8, epochs=1, log_every=4, probe_every=4, gradcam_images=4,
                      max_val_images=64, device="cpu", image_size=8, train_size=256)
    run_id = train(cifar_net(1, width=8), cfg, store_dir=tmp_path, data=data).run_id
    assert load_lesion(tmp_path, run_id) is None  # an older run has none and still opens
    result = lesion_for_run(run_id, store_dir=tmp_path, images=50, data=data)
    stored = load_lesion(tmp_path, run_id)
    assert stored == result and stored.images == 50 and len(stored.blocks) == 3

    out = tmp_path / "fig"
    code = run_cli(["--store", str(tmp_path), "lesion", str(run_id), "--subsets", "2", "--images", "40",
                    "--out", str(out)])
    assert code == 0
    assert (out / f"lesion-{run_id}.png").stat().st_size > 0 and (out / f"lesion-{run_id}.svg").exists()
    assert load_lesion(tmp_path, run_id).counts == [1, 2, 3]
    assert run_cli(["--store", str(tmp_path), "lesion", str(run_id), "--images", "0"]) == 2
    assert run_cli(["--store", str(tmp_path), "lesion", "999"]) == 2

    # The loss landscape of the same run (its engine is tested in test_analysis_landscape.py).
    assert run_cli(["--store", str(tmp_path), "landscape", str(run_id), "--grid", "3", "--images", "20",
                    "--out", str(out)]) == 0
    assert (out / f"landscape-{run_id}.csv").read_text().count("\n") == 10
    assert (out / f"landscape-{run_id}.png").exists() and (out / f"landscape-{run_id}.svg").exists()
    assert run_cli(["--store", str(tmp_path), "landscape", str(run_id), "--grid", "1", "--out", str(out)]) == 2
    assert run_cli(["--store", str(tmp_path), "shatter", str(run_id), "--points", "16"]) == 0
