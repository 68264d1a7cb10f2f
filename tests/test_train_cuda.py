"""The trainer on a CUDA GPU: fp32, bf16/fp16 autocast with channels_last, probes, and two runs
at once on one card. Skipped without CUDA (benchmarks/gpu_check.sh runs them on a GPU)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from resviz.arch.presets import cifar_net
from resviz.data import load_dataset
from resviz.train.config import TrainConfig
from resviz.train.events import Callback, ProbeLog
from resviz.train.trainer import Trainer

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


class _Probes(Callback):
    def __init__(self) -> None:
        self.logs: list[ProbeLog] = []

    def on_probe(self, log: ProbeLog) -> None:
        self.logs.append(log)


def _fit(precision: str, seed: int = 0, probes: _Probes | None = None):  # noqa: ANN202 - (Trainer, FitEnd)
    data = load_dataset("builtin", train_size=512, image_size=16)
    cfg = TrainConfig(steps=12, batch_size=64, lr=0.05, device="cuda", precision=precision, seed=seed,
                      log_every=4, probe_every=4, gradcam_each_epoch=False, max_val_images=128)
    trainer = Trainer(cifar_net(2, width=8, image_size=16), cfg, data=data, callbacks=[probes] if probes else [])
    return trainer, trainer.fit()


@pytest.mark.parametrize("precision", ["fp32", "bf16", "fp16", "auto"])
def test_the_trainer_trains_on_cuda_in_each_precision(precision: str) -> None:
    if precision == "bf16" and not torch.cuda.is_bf16_supported():
        pytest.skip("this GPU has no bf16")
    probes = _Probes()
    trainer, end = _fit(precision, probes=probes)
    assert end.status == "finished", end.message
    assert trainer.device.type == "cuda"
    assert trainer.channels_last  # every CUDA precision trains channels_last
    assert end.final_train_loss is not None and np.isfinite(end.final_train_loss)
    assert probes.logs and all(np.isfinite(p.layer_grad).all() for p in probes.logs)
    shares = probes.logs[-1].shortcut_share + probes.logs[-1].branch_share  # type: ignore[operator]
    np.testing.assert_allclose(shares, 1.0, atol=1e-3)  # the split stays additive under autocast


def test_two_runs_train_at_once_on_one_gpu() -> None:
    ends: dict[int, str] = {}

    def run(seed: int) -> None:
        ends[seed] = _fit("auto", seed=seed)[1].status

    threads = [threading.Thread(target=run, args=(s,)) for s in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ends == {0: "finished", 1: "finished"}
