"""Names and descriptions say what the network is, not what it was loaded as."""

from __future__ import annotations

from resviz.arch.naming import display_name, matches_preset
from resviz.arch.presets import get_preset, make_plain, make_residual, scale_width, with_input


def test_a_preset_keeps_its_name_also_in_the_quick_setting() -> None:
    quick = with_input(scale_width(get_preset("plain20"), 0.5), 3, 16, 16, 10)
    assert matches_preset(quick)
    assert display_name(quick) == "plain20"


def test_plain_twin_is_named_and_described_as_plain() -> None:
    plain = make_plain(get_preset("resnet20"))
    assert plain.name == "plain20"
    assert plain.description.startswith("Plain-20 for CIFAR")
    assert display_name(plain) == "plain20"
    back = make_residual(plain)
    assert back.description.startswith("ResNet-20 for CIFAR")


def test_an_edited_preset_says_how_it_was_edited() -> None:
    spec = get_preset("resnet20")
    spec.stages[1].blocks[0].shortcut = "exclusive_gating"
    assert display_name(spec) == "resnet20, edited: exclusive gating"
    spec.stages[0].blocks[0].channels = 24  # widths alone do not count, but the gate still does
    assert display_name(spec) == "resnet20, edited: exclusive gating"
    spec = get_preset("resnet20")
    spec.stages[2].blocks.pop()
    assert display_name(spec) == "resnet20, edited: 18 layers"
    spec.name = "my_net"
    assert display_name(spec) == "my_net"
    spec = get_preset("resnet20")
    for _s, _b, block in spec.blocks():
        block.kind, block.activation, block.shortcut, block.batch_norm = "bottleneck", "full_preact", "B", False
    assert display_name(spec) == "resnet20, edited: bottleneck blocks, option B, full pre-activation, without batch norm, 29 layers"
    spec = get_preset("plain56_nobn")
    spec.stages[0].blocks[0].batch_norm = True
    assert display_name(spec) == "plain56_nobn, edited: batch norm in some blocks"
    for _s, _b, block in spec.blocks():
        block.batch_norm = True
    assert display_name(spec) == "plain56_nobn, edited: with batch norm"


def test_diagram_title_of_an_edited_preset() -> None:
    from resviz.ui.diagram.model import build_model

    spec = get_preset("resnet20")
    spec.stages[1].blocks[0].shortcut = "B"
    model = build_model(spec)
    assert model.name == "resnet20, edited: option B"
    assert model.description == "Edited from: ResNet-20, CIFAR, option A (He et al. 2015)"
    assert build_model(get_preset("plain20")).description == "Plain-20, CIFAR: ResNet-20 without shortcuts"


def test_module_labels_cannot_be_read_as_decimals() -> None:
    from resviz.arch.naming import module_label

    assert module_label("layer3.8") == "stage 3 · block 9"  # counted as the editor counts
    assert module_label("layer2.0.branch.conv1") == "stage 2 · block 1 · conv1"
    assert module_label("layer2.0.shortcut.conv") == "stage 2 · block 1 · shortcut"
    assert module_label("conv1") == "conv1" and module_label("fc") == "fc"


def test_lists_in_chinese_sentences_use_the_chinese_enumeration_comma() -> None:
    from resviz import i18n
    from resviz.lessons.catalog import run_label

    spec = get_preset("resnet20")
    spec.stages[1].blocks[0].shortcut = "exclusive_gating"
    spec.stages[2].blocks.pop()
    i18n.set_language("zh_CN")
    try:
        assert "、" in display_name(spec) and ", " not in display_name(spec)
        assert run_label("full_preact") == "完全预激活"  # a lesson's run as its conclusion names it
    finally:
        i18n.set_language("en")
    assert display_name(spec) == "resnet20, edited: exclusive gating, 18 layers"
