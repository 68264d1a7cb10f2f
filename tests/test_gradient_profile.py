"""The read-out's verdict on a per-layer gradient profile, in both directions, and the no-BN presets."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from resviz.arch.analysis import analyze
from resviz.arch.builder import build
from resviz.arch.presets import get_preset
from resviz.arch.spec import from_json, to_dict
from resviz.train.gradient_profile import EVEN, GROWING, SHRINKING, depth_profile


def test_a_profile_growing_toward_the_input_is_named_so() -> None:
    row = np.geomspace(50.0, 0.2, 56)  # input first, as plain-56 with BN at initialisation
    p = depth_profile(row)
    assert p is not None and p.trend == GROWING and p.ratio > 50


def test_a_profile_shrinking_toward_the_input_is_named_so() -> None:
    row = np.geomspace(1e-3, 1e-2, 56)  # plain-56 without BN: the vanishing gradient
    p = depth_profile(row)
    assert p is not None and p.trend == SHRINKING and p.ratio == pytest.approx(1 / 5.6, rel=0.2)


def test_an_even_profile_is_named_even() -> None:
    row = 0.4 * np.exp(np.random.default_rng(0).normal(0, 0.3, 56))
    p = depth_profile(row)
    assert p is not None and p.trend == EVEN and 1 / 3 < p.ratio < 3


def test_quarters_are_medians_of_the_first_and_last_quarter() -> None:
    row = np.array([1.0, 9.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 4.0, 6.0, 8.0])
    p = depth_profile(row)
    assert p is not None and (p.first, p.last) == (3.0, 6.0)


@pytest.mark.parametrize("row", [None, np.ones(3), np.zeros(8), np.full(8, np.nan)])
def test_no_verdict_without_a_usable_profile(row: np.ndarray | None) -> None:
    assert depth_profile(row) is None


@pytest.mark.parametrize("name", ["plain56_nobn", "resnet56_nobn"])
def test_no_bn_presets_have_no_batch_norm_and_round_trip(name: str) -> None:
    spec = get_preset(name)
    model = build(spec)
    assert not any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm) for m in model.modules())
    # 853,018 with BN, less 2 per BN channel (2,032 channels), plus a bias per conv channel (2,032).
    assert analyze(spec).params == sum(p.numel() for p in model.parameters()) == 850_986
    assert to_dict(from_json(json.dumps(to_dict(spec)))) == to_dict(spec)
    assert not any(b.batch_norm for _, _, b in from_json(json.dumps(to_dict(spec))).blocks())
    assert spec.is_residual == name.startswith("resnet")
