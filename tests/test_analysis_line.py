"""The loss from the initial to the trained weights: its ends are known answers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
from torch import Tensor, nn

from resviz.analysis.landscape import loss_and_accuracy
from resviz.analysis.landscape_run import _images, line_for_run, load_line
from resviz.analysis.line import alphas, loss_line
from resviz.analysis.run_model import load_trained, normalised
from resviz.arch.builder import build
from resviz.arch.presets import cifar_net
from resviz.cli.main import run_cli
from resviz.data import load_dataset
from resviz.runs import open_store
from resviz.runs.files import initial_weights_file
from resviz.train.config import TrainConfig
from resviz.train.session import train


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, TrainConfig]:
    store = tmp_path_factory.mktemp("store")
    cfg = TrainConfig(batch_size=32, steps=6, epochs=1, log_every=2, probe_every=3, gradcam_images=4,
                      max_val_images=32, device="cpu", image_size=8, train_size=128, val_fraction=0.1, seed=5)
    data = load_dataset("builtin", image_size=8, train_size=128, seed=0)
    return store, train(cifar_net(1, width=8), cfg, store_dir=store, data=data).run_id, cfg


def _batch_statistics(model: nn.Module, images: Tensor) -> nn.Module:
    """Sets each BN's running statistics to its input's mean and unbiased variance over ``images``
    in one batch, read with hooks: a reference that shares no code with the recalibration."""
    seen: dict[nn.Module, Tensor] = {}
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    hooks = [m.register_forward_pre_hook(lambda m, inp: seen.__setitem__(m, inp[0])) for m in norms]
    model.train()  # batch statistics normalise, so no BN's input depends on the running values
    with torch.no_grad():
        model(images)
    for h in hooks:
        h.remove()
    for m in norms:
        m.running_mean.copy_(seen[m].mean((0, 2, 3)))
        m.running_var.copy_(seen[m].var((0, 2, 3), unbiased=True))
    return model


def test_the_ends_of_the_line_are_the_initial_and_the_trained_network(trained: tuple[Path, int, TrainConfig]) -> None:
    store, run_id, cfg = trained
    run = load_trained(run_id, store)
    data = load_dataset("builtin", image_size=8, train_size=128, seed=0)
    x, y = _images(run, data, 50)  # 50 < the recalibration's batch of 256: one batch, as the reference
    with_run_stats = loss_and_accuracy(run.model, x, y)
    final = loss_and_accuracy(_batch_statistics(run.model, x), x, y)
    torch.manual_seed(cfg.seed)  # the trainer builds the network right after seeding
    initial = loss_and_accuracy(_batch_statistics(build(run.model.spec), x), x, y)
    assert initial != final  # it trained: the two ends differ
    assert with_run_stats[0] != pytest.approx(final[0], abs=1e-3)  # so keeping the run's statistics would fail

    line = line_for_run(run_id, store_dir=store, images=50, points=7, start=-0.5, end=1.0, data=data)
    assert line.alphas == alphas(-0.5, 1.0, 7) and line.alphas[2] == 0.0 and line.alphas[-1] == 1.0
    assert line.batch_norm == "recalibrated"
    # The same statistics computed two ways: equal up to float32 rounding of the sums.
    assert line.loss[2] == pytest.approx(initial[0], abs=1e-5) and line.accuracy[2] == initial[1]
    assert line.loss[-1] == pytest.approx(final[0], abs=1e-5) and line.accuracy[-1] == final[1]
    assert load_line(store, run_id) == line  # kept with the run
    line_for_run(run_id, store_dir=store, images=50, points=2, start=0.0, end=1.0, data=data,
                 batch_norm="interpolated")
    old = load_line(store, run_id)
    assert old is not None and old.batch_norm == "interpolated"
    assert old.loss[-1] == pytest.approx(with_run_stats[0], abs=1e-5)  # the run's own statistics at α = 1


def test_a_fresh_deep_net_starts_near_chance_loss_not_at_stale_statistics() -> None:
    """At step 0 the running statistics are mean 0, variance 1; in a 56-layer net they leave the
    activations unnormalised and the eval loss far above chance (1,837 for a quick ResNet-56). With
    statistics measured on the images, a fresh net's logits are of order 1 and its loss of the
    order of ln 10 on 10 classes."""
    data = load_dataset("builtin", image_size=8, train_size=64, seed=0)
    x, y = normalised(data.train_images[:50], data), data.train_labels[:50].long()
    torch.manual_seed(5)
    initial = {k: v.clone() for k, v in build(cifar_net(9, width=8, image_size=8)).state_dict().items()}
    torch.manual_seed(6)
    other = build(cifar_net(9, width=8, image_size=8))
    before = {k: v.clone() for k, v in other.state_dict().items()}
    line = loss_line(other, initial, x, y, [0.0])
    after = other.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)  # weights and statistics came back
    assert all(m.momentum == 0.1 for m in other.modules() if isinstance(m, nn.BatchNorm2d))
    assert math.log(10) / 2 < line.loss[0] < 2 * math.log(10)
    stale = loss_line(other, initial, x, y, [0.0], batch_norm="interpolated")
    assert stale.loss[0] > 2 * math.log(10)  # the bound above catches the old left end


def test_a_run_without_initial_weights_says_to_train_again(trained: tuple[Path, int, TrainConfig], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    store, run_id, _cfg = trained
    s = open_store(store)
    path = initial_weights_file(s, run_id)
    s.close()
    kept = path.read_bytes()
    path.unlink()  # as a run trained before this change
    try:
        assert run_cli(["--store", str(store), "landscape", str(run_id), "--line", "--out", str(tmp_path)]) == 2
        assert "train it again" in capsys.readouterr().err
    finally:
        path.write_bytes(kept)
    assert run_cli(["--store", str(store), "landscape", str(run_id), "--line", "--grid", "4", "--images", "20",
                    "--out", str(tmp_path)]) == 0
    # 4 points from -0.25 to 1.25, and the two ends (0 and 1) the line is about:
    assert (tmp_path / f"landscape-line-{run_id}.csv").read_text().count("\n") == 1 + 4 + 2
    assert "nan" not in capsys.readouterr().out
    assert (tmp_path / f"landscape-line-{run_id}.png").stat().st_size > 0
