"""Shattered gradients (Balduzzi et al. 2017): known answers."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from resviz.analysis.shattered import autocorrelation, line_gradients
from resviz.cli.main import run_cli


def test_a_linear_network_has_a_constant_gradient() -> None:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Flatten(), nn.Linear(48, 20), nn.Linear(20, 10))
    start, end = torch.randn(3, 4, 4), torch.randn(3, 4, 4)
    grads = line_gradients(net, start, end, points=32, output=2)
    assert grads.shape == (32, 48)
    assert np.allclose(autocorrelation(grads), 1.0, atol=1e-5)


def test_a_deep_relu_network_decorrelates_with_distance() -> None:
    torch.manual_seed(0)
    layers: list[nn.Module] = [nn.Flatten()]
    for _ in range(12):
        layers += [nn.Linear(48, 48), nn.ReLU()]
    net = nn.Sequential(*layers, nn.Linear(48, 10))
    start, end = torch.randn(3, 4, 4), torch.randn(3, 4, 4) * 4
    corr = autocorrelation(line_gradients(net, start, end, points=64), max_lag=40)
    assert corr[0] > corr[-1] and corr[-1] < 0.99  # piecewise linear: nearby points agree more


def test_the_command_refuses_too_few_points(tmp_path) -> None:
    assert run_cli(["--store", str(tmp_path), "shatter", "1", "--points", "3"]) == 2
