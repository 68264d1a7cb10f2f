"""Precision: what auto resolves to, a bf16 step on the CPU, and that the choice is stored."""

from __future__ import annotations

import argparse

import numpy as np
import pytest
import torch

from resviz.arch.presets import cifar_net
from resviz.cli.train_cmd import add_training_options, config_from_args
from resviz.data import DataBundle, load_dataset
from resviz.errors import TrainingError
from resviz.runs import open_store
from resviz.train.config import TrainConfig
from resviz.train.precision import cpu_flags, fast_bf16, resolve_precision
from resviz.train.session import train


def test_auto_uses_bf16_only_where_the_hardware_is_fast() -> None:
    assert resolve_precision("auto", "cpu", cpu_bf16=True) == resolve_precision("bf16", "cpu")
    fast = resolve_precision("auto", "cpu", cpu_bf16=True)
    assert fast.name == "bf16" and fast.channels_last and fast.autocast_dtype == torch.bfloat16
    slow = resolve_precision("auto", "cpu", cpu_bf16=False)
    assert slow.name == "fp32" and not slow.channels_last and slow.autocast_dtype is None
    assert resolve_precision("auto", "cuda", cuda_bf16=True).name == "bf16"
    old_gpu = resolve_precision("auto", "cuda", cuda_bf16=False)
    assert old_gpu.name == "fp16" and old_gpu.needs_scaler
    assert not resolve_precision("bf16", "cuda", cuda_bf16=True).needs_scaler
    assert resolve_precision("auto", "mps").name == "fp32"
    assert resolve_precision("fp32", "cpu", cpu_bf16=True).name == "fp32"


@pytest.mark.parametrize(("choice", "device", "says"), [
    ("fp16", "cpu", "needs a CUDA GPU"), ("bf16", "mps", "not supported on mps"), ("half", "cpu", "unknown precision"),
])
def test_impossible_precisions_are_refused_with_a_reason(choice: str, device: str, says: str) -> None:
    with pytest.raises(TrainingError, match=says):
        resolve_precision(choice, device, cpu_bf16=True, cuda_bf16=False)
    with pytest.raises(TrainingError, match="GPU does not support bf16"):
        resolve_precision("bf16", "cuda", cuda_bf16=False)


def test_cpu_flags_are_read_from_cpuinfo(tmp_path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse avx512f avx512_bf16\n\nprocessor\t: 1\n")
    assert {"avx512_bf16", "avx512f"} <= cpu_flags(info)
    assert cpu_flags(tmp_path / "missing") == frozenset()
    assert not fast_bf16(cpu_flags(info))  # AVX-512 BF16 alone: slower than fp32 on 2 busy threads
    assert fast_bf16(frozenset({"avx512f", "amx_tile", "amx_bf16"}))


def test_old_configs_and_the_amp_flag_still_read() -> None:
    assert TrainConfig.from_dict({"amp": True}).precision == "auto"
    assert TrainConfig.from_dict({"amp": False, "lr": 0.05}).precision == "fp32"  # what it trained in
    assert TrainConfig.from_dict({"lr": 0.05}).precision == "fp32"
    cfg = TrainConfig(precision="bf16")
    assert TrainConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(TrainingError, match="unknown precision"):
        TrainConfig(precision="fp8").validate()
    p = argparse.ArgumentParser()
    add_training_options(p)
    assert config_from_args(p.parse_args(["--amp"])).precision == "auto"
    assert config_from_args(p.parse_args(["--precision", "bf16"])).precision == "bf16"
    assert config_from_args(p.parse_args([])).precision == "auto"


@pytest.fixture(scope="module")
def tiny() -> DataBundle:
    return load_dataset("builtin", image_size=8, train_size=256, seed=0)


def test_a_bf16_cpu_run_trains_and_records_fp32_probes(tiny: DataBundle, tmp_path) -> None:
    cfg = TrainConfig(batch_size=32, steps=4, lr=0.01, optimizer="adam", schedule="constant", log_every=2,
                      probe_every=2, gradcam_each_epoch=False, max_val_images=32, device="cpu", precision="bf16")
    out = train(cifar_net(1, width=8), cfg, store_dir=tmp_path, data=tiny)
    assert out.end.status == "finished", out.end.message
    store = open_store(tmp_path)
    try:
        info = store.get_run(out.run_id)
        assert info.summary["precision"] == "bf16" and info.config["precision"] == "bf16"
        _, losses = store.metric_series(out.run_id, "train/loss")
        assert len(losses) == 2 and np.all(np.isfinite(losses))
        _, grads = store.vector_series(out.run_id, "grad_norm")
        assert grads.dtype == np.float32 and np.all(grads > 0)
        # bf16 keeps 8 significant bits: fp32 norms of bf16-rounded values would all be bf16 numbers.
        as_bf16 = torch.from_numpy(grads).bfloat16().float().numpy()
        assert not np.array_equal(grads, as_bf16)
    finally:
        store.close()
