"""Loss landscape (Li et al. 2018): filter normalisation and the centre of the grid."""

from __future__ import annotations

import torch

from resviz.analysis.landscape import filter_normalised_direction, loss_and_accuracy, surface
from resviz.arch.builder import build
from resviz.arch.presets import cifar_net


def _net() -> torch.nn.Module:
    torch.manual_seed(0)
    return build(cifar_net(1, width=8, image_size=8)).eval()


def test_each_direction_filter_has_the_norm_of_its_weight_filter() -> None:
    net = _net()
    direction = filter_normalised_direction(net, torch.Generator().manual_seed(1))
    for (name, p), d in zip(net.named_parameters(), direction, strict=True):
        if p.dim() <= 1:
            assert torch.count_nonzero(d) == 0, name  # bias and batch norm are left out
            continue
        w_norms = p.detach().flatten(1).norm(dim=1)
        assert torch.allclose(d.flatten(1).norm(dim=1), w_norms, rtol=1e-4), name
        assert not torch.allclose(d, p.detach())  # random, not the weights themselves


def test_the_centre_is_the_trained_loss_and_the_weights_come_back() -> None:
    net = _net()
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(40, 3, 8, 8, generator=g), torch.randint(0, 10, (40,), generator=g)
    before = [p.detach().clone() for p in net.parameters()]
    loss, acc = loss_and_accuracy(net, x, y)
    result = surface(net, x, y, grid=3, span=0.5)
    assert abs(result.loss[1][1] - loss) < 1e-5 and result.accuracy[1][1] == acc
    assert result.loss[0][0] != result.loss[1][1]  # the plane is not flat
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))
    assert result.csv().count("\n") == 1 + 9
