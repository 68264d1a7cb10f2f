"""The diagram's Qt-free parts: the model built from a spec, the log colour map, the column layout."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math

import pytest

from resviz.arch.presets import get_preset
from resviz.arch.spec import BlockSpec, NetworkSpec, StageSpec
from resviz.presentation.scales import decade_range
from resviz.ui.diagram.colormap import (
    contrast_text,
    format_sci,
    log_color,
    log_position,
)
from resviz.ui.diagram.layout import choose_columns, partition
from resviz.ui.diagram.model import build_model, human


def test_resnet20_model_has_nine_blocks_with_two_option_a_pads() -> None:
    model = build_model(get_preset("resnet20"))
    assert model.structure == (3, 3, 3)
    kinds = [b.arc_kind for b in model.blocks]
    assert len(kinds) == 9
    assert kinds.count("pad") == 2
    assert [b.module for b in model.blocks if b.arc_kind == "pad"] == ["layer2.0", "layer3.0"]
    assert model.stem.module == "conv1" and model.head.module == "fc"
    assert model.blocks[3].in_shape == (16, 32, 32) and model.blocks[3].out_shape == (32, 16, 16)
    assert model.error == ""


def test_plain_model_has_no_arcs_and_resnet50_projects_where_the_shape_changes() -> None:
    assert all(b.arc_kind is None for b in build_model(get_preset("plain20")).blocks)
    r50 = build_model(get_preset("resnet50"))
    projected = [b.module for b in r50.blocks if b.arc_kind == "projection"]
    assert projected == ["layer1.0", "layer2.0", "layer3.0", "layer4.0"]


def test_variants_of_2016_keep_their_kind_and_projection() -> None:
    spec = get_preset("resnet20")
    for _, b, block in spec.blocks():
        block.shortcut = "shortcut_gating" if b % 2 else "scaling"
    model = build_model(spec)
    first_of_stage2 = model.stages[1].blocks[0]
    assert first_of_stage2.arc_kind == "scaling" and first_of_stage2.with_projection
    assert model.stages[1].blocks[1].arc_kind == "shortcut_gating"
    assert "×0.5" in model.stages[0].blocks[0].shortcut_text()


def test_a_pre_activation_projection_is_named_without_bn_and_after_the_shared_preactivation() -> None:
    preact = build_model(get_preset("preact_resnet164")).stages[1].blocks
    assert preact[0].shortcut_text() == "1×1 projection, no BN, after the BN → ReLU both paths share"
    assert preact[1].shortcut_text() == "identity"
    assert build_model(get_preset("resnet18")).stages[1].blocks[0].shortcut_text() == "1×1 projection + BN"


def test_a_narrower_preset_says_so_beside_its_smaller_parameter_count() -> None:
    from resviz.arch.presets import scale_width

    assert build_model(get_preset("resnet20")).width_note == ""
    half = build_model(scale_width(get_preset("resnet20"), 0.5))
    assert half.subtitle == "20 layers · 68k params · 10.2M MACs" and half.width_note == "0.5× the preset's width"
    stem_only = get_preset("resnet18")
    stem_only.stem.channels = 32  # one width changed is an edit, not a narrower preset
    assert build_model(stem_only).width_note == ""


def test_an_invalid_spec_still_lists_its_blocks_and_says_where() -> None:
    spec = get_preset("resnet20")
    spec.stages[1].blocks[0].shortcut = "identity"  # stride 2, 16 → 32 channels: cannot add
    model = build_model(spec)
    assert "stage 2, block 1" in model.error
    assert model.error_where == "stage 2, block 1"
    assert model.structure == (3, 3, 3)
    assert model.stages[1].blocks[0].in_shape is None  # no shapes without analysis


def test_a_malformed_spec_becomes_a_message_not_an_exception() -> None:
    spec = NetworkSpec(stages=[StageSpec(blocks=[BlockSpec(channels="wide")])])  # type: ignore[arg-type]
    model = build_model(spec)
    assert model.error
    empty = build_model(NetworkSpec())
    assert "no blocks" in empty.error and empty.stages == []


def test_decade_range_snaps_to_whole_decades_and_skips_junk() -> None:
    assert decade_range([3e-6, 2e-2]) == pytest.approx((1e-6, 1e-1))
    assert decade_range([1e-3]) == pytest.approx((1e-3, 1e-2))
    assert decade_range([0.0, -1.0, math.nan, math.inf, 5e-4]) == pytest.approx((1e-4, 1e-3))
    assert decade_range([]) is None


def test_log_colours_run_from_dark_to_bright() -> None:
    lo, hi = 1e-6, 1e-1
    dark, bright = log_color(1e-6, lo, hi), log_color(1e-1, lo, hi)
    assert dark != bright
    luminance = [
        0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF() for c in (dark, bright)
    ]
    assert luminance[0] < 0.1 and luminance[1] > 0.7  # vanishing reads dark, strong reads bright
    assert log_position(1e-6, lo, hi) == 0.0 and log_position(1e-1, lo, hi) == 1.0
    assert log_position(10**-3.5, lo, hi) == pytest.approx(0.5)
    assert log_position(0.0, lo, hi) == 0.0 and log_position(1e3, lo, hi) == 1.0
    assert contrast_text(dark).lightnessF() > 0.9 and contrast_text(bright).lightnessF() < 0.2


def test_number_formats() -> None:
    assert format_sci(1e-6) == "1e-6"
    assert format_sci(3.24e-5) == "3.2e-5"
    assert format_sci(9.97e-3) == "1e-2"
    assert human(269_722) == "0.27M" and human(40_560_000) == "40.6M" and human(4_096) == "4.1k"


def test_partition_balances_consecutive_stages() -> None:
    assert partition([1, 1, 1], 1) == [[0, 1, 2]]
    assert partition([1, 1, 1], 3) == [[0], [1], [2]]
    assert partition([5, 1, 1, 5], 2) == [[0, 1], [2, 3]]
    assert partition([1, 1, 1, 6], 2) == [[0, 1, 2], [3]]
    assert partition([1, 2], 5) == [[0], [1]]


def test_choose_columns_wraps_only_when_it_shows_the_net_larger() -> None:
    def measure(c: int) -> tuple[float, float]:  # a tall net: 300 wide per column, 2400 tall in all
        return 300.0 * c + (300.0 if c > 1 else 0.0), 2400.0 / c

    assert choose_columns(measure, 3, 360, 900, 1.6, 0.8) == 1  # a dock: scroll
    assert choose_columns(measure, 3, 1200, 800, 1.6, 0.8) == 3  # a window: stages side by side
    assert choose_columns(measure, 1, 1200, 800, 1.6, 0.8) == 1
