"""The loss from the initial to the trained weights: its ends are known answers."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from resviz.analysis.landscape import loss_and_accuracy
from resviz.analysis.landscape_run import _images, line_for_run, load_line
from resviz.analysis.line import alphas
from resviz.analysis.run_model import load_trained
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


def test_the_ends_of_the_line_are_the_initial_and_the_trained_loss(trained: tuple[Path, int, TrainConfig]) -> None:
    store, run_id, cfg = trained
    run = load_trained(run_id, store)
    data = load_dataset("builtin", image_size=8, train_size=128, seed=0)
    x, y = _images(run, data, 50)
    final = loss_and_accuracy(run.model, x, y)
    torch.manual_seed(cfg.seed)  # the trainer builds the network right after seeding
    initial = loss_and_accuracy(build(run.model.spec), x, y)
    assert initial != final  # it trained: the two ends differ

    line = line_for_run(run_id, store_dir=store, images=50, points=7, start=-0.5, end=1.0, data=data)
    assert line.alphas == alphas(-0.5, 1.0, 7) and line.alphas[2] == 0.0 and line.alphas[-1] == 1.0
    assert line.loss[2] == pytest.approx(initial[0], abs=1e-5) and line.accuracy[2] == initial[1]
    assert line.loss[-1] == pytest.approx(final[0], abs=1e-5) and line.accuracy[-1] == final[1]
    assert load_line(store, run_id) == line  # kept with the run
    assert loss_and_accuracy(run.model, x, y) == final  # the trained weights came back


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
    assert (tmp_path / f"landscape-line-{run_id}.csv").read_text().count("\n") == 1 + 4
    assert (tmp_path / f"landscape-line-{run_id}.png").stat().st_size > 0
