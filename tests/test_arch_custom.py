"""Custom branches: JSON round trip, shapes per layer, errors that name the layer with a fix
that works, "customise" keeping parameters and outputs, and training with probes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from resviz.arch import analyze, from_dict, to_dict
from resviz.arch.builder import build
from resviz.arch.custom import customise, layer_shapes
from resviz.arch.fixes import apply_fix
from resviz.arch.layers import LayerSpec
from resviz.arch.presets import cifar_net
from resviz.arch.spec import ACTIVATIONS, BlockSpec, InputSpec, NetworkSpec, StageSpec, StemSpec
from resviz.errors import SpecError


def conv(c: int, k: int = 3, s: int = 1, p: int = 1, bias: bool = False) -> LayerSpec:
    return LayerSpec("conv", c, k, s, p, bias)


def one_block(block: BlockSpec, stem: int = 4, side: int = 32) -> NetworkSpec:
    return NetworkSpec(name="t", input=InputSpec(3, side, side, 10), stem=StemSpec(channels=stem),
                       stages=[StageSpec([block])])


def seed001() -> NetworkSpec:
    return one_block(BlockSpec(kind="basic", shortcut="identity", batch_norm=False,
                               layers=[conv(3), LayerSpec("relu"), conv(3, k=4)]))


def test_custom_layers_round_trip_and_old_specs_still_load() -> None:
    spec = one_block(BlockSpec(layers=[conv(8, 5, 2, 2, True), LayerSpec("bn"), LayerSpec("gelu")], shortcut="B"))
    data = to_dict(spec)
    assert data["version"] == 2 and data["stages"][0]["blocks"][0]["layers"][2] == {"type": "gelu"}
    assert from_dict(data) == spec
    old = to_dict(cifar_net(1))
    old["version"] = 1
    assert "layers" not in old["stages"][0]["blocks"][0]
    assert from_dict(old) == cifar_net(1)


@pytest.mark.parametrize("bad, words", [
    ({"type": "pool"}, "unknown layer type"),
    ({"type": "relu", "kernel": 3}, "unknown field 'kernel'"),
    ({"type": "conv", "kernel": "3"}, "whole number"),
])
def test_bad_layers_are_refused_naming_the_layer(bad: dict, words: str) -> None:
    data = to_dict(one_block(BlockSpec(layers=[conv(4)])))
    data["stages"][0]["blocks"][0]["layers"].append(bad)
    with pytest.raises(SpecError, match=words) as err:
        from_dict(data)
    assert "layer 2" in str(err.value)


def test_shapes_after_every_layer() -> None:
    layers = [conv(3), LayerSpec("relu"), conv(3, k=4), conv(8, k=3, s=2, p=0)]
    assert layer_shapes(layers, (4, 32, 32)) == [(3, 32, 32), (3, 32, 32), (3, 31, 31), (8, 15, 15)]
    assert layer_shapes([conv(3, k=5, p=0), LayerSpec("bn")], (4, 3, 3)) == [None, None]


def test_the_seed_block_is_refused_naming_its_31x31_map_and_the_fix_validates() -> None:
    with pytest.raises(SpecError) as err:
        analyze(seed001())
    text = str(err.value)
    assert "3×31×31" in text and "4×32×32" in text and "layer 3" in text and "31×31" in text
    fixed = apply_fix(seed001(), err.value.fix)
    row = analyze(fixed).blocks[0]
    assert row.out_shape == (3, 32, 32) and row.shortcut == "projection"


BROKEN = {
    "even kernel": seed001(),
    "fewer channels, identity": one_block(BlockSpec(shortcut="identity", layers=[conv(2)])),
    "fewer channels, option A": one_block(BlockSpec(shortcut="A", layers=[conv(2)])),
    "stride 2, identity": one_block(BlockSpec(shortcut="identity", layers=[conv(4, s=2)])),
    "no padding": one_block(BlockSpec(shortcut="B", layers=[conv(8, p=0), conv(8, k=5, p=0)])),
    "map vanishes": one_block(BlockSpec(kind="plain", shortcut="none", layers=[conv(4, k=7, p=0)]), side=4),
    "no conv": one_block(BlockSpec(layers=[LayerSpec("relu")])),
    "kernel too big": one_block(BlockSpec(layers=[conv(4, k=40, p=1)])),
    "papers' block, even kernel": one_block(BlockSpec(kernel=4, shortcut="A", channels=8)),
    "papers' block, identity with stride": one_block(BlockSpec(shortcut="identity", stride=2, channels=8)),
    "papers' block, option A narrowing": one_block(BlockSpec(shortcut="A", channels=2)),
}


def test_every_suggested_fix_validates() -> None:
    for name, spec in BROKEN.items():
        with pytest.raises(SpecError) as err:
            analyze(spec)
        fix = err.value.fix
        assert fix is not None and fix.description, name
        analyze(apply_fix(spec, fix))


def _variants() -> list[BlockSpec]:
    out = [BlockSpec(kind="basic", channels=8, stride=2, shortcut="A", activation=a) for a in ACTIVATIONS]
    out += [BlockSpec(kind="bottleneck", channels=4, stride=2, shortcut="B", activation="full_preact"),
            BlockSpec(kind="plain", channels=8, batch_norm=False, shortcut="none"),
            BlockSpec(kind="basic", channels=8, stride=2, shortcut="exclusive_gating", batch_norm=False)]
    return out


def test_customise_keeps_parameters_and_outputs() -> None:
    for block in _variants():
        spec = one_block(block, side=8)
        custom = dataclasses.replace(spec, stages=[StageSpec([customise(block)])])
        assert analyze(custom).params == analyze(spec).params, block
        torch.manual_seed(0)
        a, b = build(spec).eval(), build(custom).eval()
        assert sorted(a.state_dict()) == sorted(b.state_dict())
        b.load_state_dict(a.state_dict(), strict=True)
        x = torch.randn(2, 3, 8, 8)
        assert torch.equal(a(x), b(x)), block
        assert sum(p.numel() for p in b.parameters()) == analyze(custom).params


def test_a_custom_block_trains_and_its_probes_record() -> None:
    from resviz.data import load_dataset
    from resviz.train.config import TrainConfig
    from resviz.train.events import Callback, GradCamLog, ProbeLog
    from resviz.train.trainer import Trainer

    class Probes(Callback):
        def __init__(self) -> None:
            self.logs: list[ProbeLog] = []
            self.cams: list[GradCamLog] = []

        def on_probe(self, log: ProbeLog) -> None:
            self.logs.append(log)

        def on_gradcam(self, log: GradCamLog) -> None:
            self.cams.append(log)

    block = BlockSpec(kind="basic", shortcut="B", batch_norm=False,
                      layers=[conv(8, bias=True), LayerSpec("leaky_relu"), conv(8, s=2, bias=True)])
    spec = one_block(block, side=8)
    data = load_dataset("builtin", image_size=8, train_size=128, seed=0)
    rec = Probes()
    config = TrainConfig(batch_size=32, steps=4, lr=0.05, schedule="constant", log_every=2, probe_every=2,
                         gradcam_images=2, max_val_images=64, device="cpu")
    end = Trainer(spec, config, callbacks=[rec], data=data).fit()
    assert end.status == "finished" and rec.logs
    log = rec.logs[-1]
    assert np.all(log.layer_grad > 0) and np.isfinite(log.shortcut_grad[0]) and log.branch_grad[0] > 0
    assert rec.cams and rec.cams[-1].layer == "layer1.0"  # Grad-CAM looks at the custom block


def test_shipped_examples_one_trains_one_is_refused_naming_its_31x31_map() -> None:
    from resviz.arch.spec import load_spec_file
    from resviz.cli.arch_cmd import resolve_spec
    from resviz.examples import EXAMPLES_DIR

    good = load_spec_file(EXAMPLES_DIR / "seed000_block.json")
    row = analyze(good).blocks[0]
    assert row.shortcut == "projection" and row.in_shape == (4, 32, 32) and row.out_shape == (8, 32, 32)
    assert all(layer.kernel == 3 for layer in good.stages[0].blocks[0].layers or [] if layer.is_conv)
    out = build(good)(torch.randn(2, 3, 32, 32))
    assert out.shape == (2, 10)
    bad = resolve_spec("examples/seed001_block.json")  # found in the package from any folder
    with pytest.raises(SpecError, match="31×31") as err:
        analyze(bad)
    analyze(apply_fix(bad, err.value.fix))


def test_half_width_scales_the_custom_convs_too() -> None:
    from resviz.arch.presets import scale_width

    spec = one_block(BlockSpec(shortcut="B", layers=[conv(8), LayerSpec("relu"), conv(8)]), stem=8)
    half = scale_width(spec, 0.5)
    assert [la.out_channels for la in half.stages[0].blocks[0].layers or [] if la.is_conv] == [4, 4]
    assert analyze(half).blocks[0].out_shape == (4, 32, 32)


def test_random_blocks_every_refusal_comes_with_a_fix_that_validates() -> None:
    import random

    rng = random.Random(13)
    refused = 0
    for _ in range(300):
        layers = []
        for _layer in range(rng.randint(1, 4)):
            kind = rng.choice(["conv", "conv", "bn", "relu", "sigmoid"])
            layers.append(conv(rng.randint(1, 8), rng.randint(1, 6), rng.randint(1, 3), rng.randint(0, 3))
                          if kind == "conv" else LayerSpec(kind))
        shortcut = rng.choice(["identity", "A", "B", "C", "none", "scaling", "shortcut_gating"])
        block = BlockSpec(kind="plain" if shortcut == "none" else "basic", shortcut=shortcut, layers=layers)
        if rng.random() < 0.3:  # a papers' block with options that may not fit
            k = rng.randint(1, 6)
            block = BlockSpec(kind=rng.choice(["basic", "bottleneck"]), shortcut=rng.choice(["identity", "A", "B"]),
                              channels=rng.randint(1, 8), kernel=k, stride=rng.randint(1, 3),
                              padding=rng.choice([None, rng.randint(0, k)]))
        spec = one_block(block, stem=rng.randint(1, 8), side=rng.randint(3, 12))
        try:
            analyze(spec)
        except SpecError as exc:
            refused += 1
            assert exc.fix is not None, str(exc)
            analyze(apply_fix(spec, exc.fix))
    assert refused > 100  # the sweep does reach the errors
