"""The memory a run needs: estimated from the spec, checked against autograd, refused when too big."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from resviz.arch.analysis import analyze
from resviz.arch.builder import build
from resviz.arch.memory import estimate_training_memory, format_bytes
from resviz.arch.presets import cifar_net
from resviz.arch.spec import BlockSpec, InputSpec, NetworkSpec, StageSpec, StemSpec
from resviz.data import load_dataset
from resviz.errors import TrainingError
from resviz.runs import open_store
from resviz.train.config import TrainConfig
from resviz.train.memory import available_memory, check_fits
from resviz.train.session import train


def saved_bytes(spec: NetworkSpec, batch: int) -> int:
    """Bytes autograd keeps for the backward pass, each storage counted once, weights left out."""
    model = build(spec)
    weights = {p.untyped_storage().data_ptr() for p in model.parameters()}
    seen: dict[int, int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        storage = t.untyped_storage()
        seen[storage.data_ptr()] = storage.nbytes()
        return t

    x = torch.randn(batch, spec.input.channels, spec.input.height, spec.input.width)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        F.cross_entropy(model(x), torch.zeros(batch, dtype=torch.long))
    return sum(n for ptr, n in seen.items() if ptr not in weights)


def test_the_activation_estimate_is_close_to_what_autograd_keeps() -> None:
    spec = cifar_net(2, width=8, image_size=16)
    est = estimate_training_memory(spec, batch_size=8)
    ratio = est.activations / saved_bytes(spec, 8)
    assert 0.7 < ratio < 1.5, ratio  # 1.08 for ResNet-20 at 32×32
    params = sum(p.numel() for p in build(spec).parameters())
    assert est.weights == est.gradients == est.optimizer == 4 * params  # SGD: one momentum buffer
    adam = estimate_training_memory(spec, batch_size=8, optimizer="adam", precision="bf16")
    assert adam.optimizer == 8 * params and adam.activations == est.activations // 2


def huge_spec() -> NetworkSpec:
    """About 1.8 billion parameters: a spec that passes validation."""
    block = BlockSpec(kind="plain", shortcut="none", channels=7072)
    return NetworkSpec(name="huge", input=InputSpec(3, 32, 32, 10), stem=StemSpec(channels=7072),
                       stages=[StageSpec(blocks=[block, block])])


def test_a_net_too_big_for_the_machine_is_refused_before_anything_is_allocated(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("resviz.train.trainer.build", lambda spec: pytest.fail("the net was built"))
    data = load_dataset("builtin", train_size=64, seed=0)
    cfg = TrainConfig(steps=1, batch_size=2048, device="cpu", precision="fp32")
    est = estimate_training_memory(huge_spec(), batch_size=2048)
    assert 1.7e9 < analyze(huge_spec()).params < 1.9e9 and est.total > 5e11
    with pytest.raises(TrainingError, match=r"needs about .* of memory \(weights .*\) but only .* of RAM is free") as info:
        train(huge_spec(), cfg, store_dir=tmp_path, data=data)
    assert "weights alone do not fit" in info.value.hint or "use batch size" in info.value.hint
    store = open_store(tmp_path)
    try:
        assert store.list_runs() == []  # nothing left behind
    finally:
        store.close()


def test_the_hint_names_a_batch_size_that_fits() -> None:
    spec = cifar_net(3)
    est = estimate_training_memory(spec, batch_size=128)
    with pytest.raises(TrainingError) as info:
        check_fits(spec, TrainConfig(batch_size=128, precision="fp32"), torch.device("cpu"), available=est.total // 2)
    n = int(info.value.hint.split("batch size ")[1].split()[0])
    assert 1 <= n < 128
    assert estimate_training_memory(spec, batch_size=n).total <= est.total // 2
    assert check_fits(spec, TrainConfig(batch_size=n, precision="fp32"), torch.device("cpu"),
                      available=est.total // 2).total <= est.total // 2


def test_free_memory_is_read_from_meminfo(tmp_path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       16000000 kB\nMemAvailable:    8000000 kB\n")
    assert available_memory(torch.device("cpu"), meminfo) == 8_000_000 * 1024
    assert available_memory(torch.device("cpu"), tmp_path / "none") is None
    assert format_bytes(1.5e9) == "1.5 GB" and format_bytes(215e6) == "215 MB"
