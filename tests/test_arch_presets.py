"""The presets against the papers' numbers and torchvision's models."""

from __future__ import annotations

import pytest
import torch
import torchvision

from resviz.arch.analysis import analyze
from resviz.arch.builder import build, torchvision_key
from resviz.arch.interop import spec_from_torchvision
from resviz.arch.presets import PRESETS, get_preset, make_plain, make_residual
from resviz.errors import SpecError

# He et al. 2015, Table 6 (exact counts for option A, BN, fc to 10 classes).
CIFAR_PARAMS = {
    "resnet20": 269_722,
    "resnet32": 464_154,
    "resnet44": 658_586,
    "resnet56": 853_018,
    "resnet110": 1_727_962,
    "resnet1202": 19_421_274,
}
TORCHVISION_PARAMS = {18: 11_689_512, 34: 21_797_672, 50: 25_557_032, 101: 44_549_160, 152: 60_192_808}


@pytest.mark.parametrize(("name", "params"), CIFAR_PARAMS.items())
def test_cifar_resnets_match_table_6(name: str, params: int) -> None:
    spec = get_preset(name)
    a = analyze(spec)
    assert a.params == params
    assert a.depth == int(name.removeprefix("resnet"))
    if name != "resnet1202":  # building 19M parameters is slow and proves nothing more
        assert sum(p.numel() for p in build(spec).parameters()) == params


@pytest.mark.parametrize("depth", [20, 32, 44, 56, 110])
def test_plain_twins_have_the_same_parameters_and_no_shortcuts(depth: int) -> None:
    plain = get_preset(f"plain{depth}")
    assert analyze(plain).params == CIFAR_PARAMS[f"resnet{depth}"]
    assert not plain.is_residual
    model = build(plain)
    assert all(not blk.is_residual for _, blk in model.blocks())


def test_cifar_layout_follows_section_4_2() -> None:
    a = analyze(get_preset("resnet56"))
    blocks = a.blocks
    assert len(blocks) == 27
    assert {b.out_shape for b in blocks} == {(16, 32, 32), (32, 16, 16), (64, 8, 8)}
    pads = [b.module for b in blocks if b.shortcut == "pad"]
    assert pads == ["layer2.0", "layer3.0"]  # option A where the shape changes, identity elsewhere


def test_multiply_adds_match_the_paper() -> None:
    for name, macs in (("resnet20", 40.6e6), ("resnet56", 125.5e6), ("resnet110", 252.9e6)):
        assert analyze(get_preset(name)).macs == pytest.approx(macs, rel=2e-3)


def test_imagenet_bottleneck_presets_are_v1_5_as_the_readme_says() -> None:
    """The stride on the 3×3 conv costs more than the paper's 3.8G/7.6G/11.3G (Table 1)."""
    for depth, macs in ((50, 4.09e9), (101, 7.80e9), (152, 11.51e9)):
        assert analyze(get_preset(f"resnet{depth}")).macs == pytest.approx(macs, rel=1e-3)
        assert "v1.5" in get_preset(f"resnet{depth}").description


def test_preact_bottleneck_nets() -> None:
    a164 = analyze(get_preset("preact_resnet164"))
    assert a164.depth == 164
    assert a164.params == pytest.approx(1.7e6, rel=0.01)
    assert analyze(get_preset("preact_resnet1001")).depth == 1001
    assert analyze(get_preset("preact_resnet1001")).params == pytest.approx(10.2e6, rel=0.02)
    model = build(get_preset("preact_resnet164"))
    assert model(torch.randn(2, 3, 32, 32)).shape == (2, 10)


@pytest.mark.parametrize("depth", TORCHVISION_PARAMS)
def test_imagenet_presets_count_like_torchvision(depth: int) -> None:
    assert analyze(get_preset(f"resnet{depth}")).params == TORCHVISION_PARAMS[depth]


@pytest.mark.parametrize("depth", [18, 50])
def test_imagenet_presets_load_torchvision_weights_and_agree(depth: int) -> None:
    torch.manual_seed(0)
    tv = getattr(torchvision.models, f"resnet{depth}")().eval()
    ours = build(get_preset(f"resnet{depth}")).eval()
    ours.load_state_dict(tv.state_dict(), strict=True)
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        torch.testing.assert_close(ours(x), tv(x), rtol=1e-4, atol=1e-4)
    # and the way back: our weights under torchvision's names
    assert set(ours.torchvision_state_dict()) == set(tv.state_dict())


def test_torchvision_key_renaming() -> None:
    assert torchvision_key("layer1.0.branch.conv1.weight") == "layer1.0.conv1.weight"
    assert torchvision_key("layer2.0.shortcut.conv.weight") == "layer2.0.downsample.0.weight"
    assert torchvision_key("layer2.0.shortcut.bn.running_mean") == "layer2.0.downsample.1.running_mean"


@pytest.mark.parametrize("depth", [18, 34, 50, 101, 152])
def test_any_torchvision_resnet_becomes_the_same_spec(depth: int) -> None:
    tv = getattr(torchvision.models, f"resnet{depth}")()
    spec = spec_from_torchvision(tv)
    assert analyze(spec).params == TORCHVISION_PARAMS[depth]
    assert [len(s.blocks) for s in spec.stages] == [len(s.blocks) for s in get_preset(f"resnet{depth}").stages]


def test_torchvision_with_other_classes_and_width() -> None:
    tv = torchvision.models.wide_resnet50_2(num_classes=7)
    spec = spec_from_torchvision(tv)
    assert spec.input.classes == 7
    assert analyze(spec).params == sum(p.numel() for p in tv.parameters())


def test_not_a_resnet_is_refused() -> None:
    with pytest.raises(SpecError, match="not a torchvision ResNet"):
        spec_from_torchvision(torchvision.models.alexnet())


def test_preset_names_are_forgiving_and_unknown_ones_suggest() -> None:
    assert get_preset("ResNet-56").name == "resnet56"
    assert get_preset("plain_20").name == "plain20"
    with pytest.raises(SpecError, match="unknown network 'resnt56'") as err:
        get_preset("resnt56")
    assert "resnet56" in err.value.hint


def test_plain_residual_switch_round_trips() -> None:
    res = get_preset("resnet32")
    plain = make_plain(res)
    assert plain.name == "plain32" and not plain.is_residual
    back = make_residual(plain)
    assert back.is_residual and analyze(back).params == analyze(res).params


def test_every_preset_is_valid() -> None:
    for preset in PRESETS.values():
        analyze(preset.make())
