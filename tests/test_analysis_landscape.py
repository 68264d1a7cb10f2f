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


def test_an_even_grid_still_measures_the_trained_weights() -> None:
    """--grid 4 printed the loss at (1/3, 1/3) as the trained weights' (12.1 against 2.8)."""
    net = _net()
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(40, 3, 8, 8, generator=g), torch.randint(0, 10, (40,), generator=g)
    loss, _ = loss_and_accuracy(net, x, y)
    result = surface(net, x, y, grid=4, span=0.5)
    centre = result.coords.index(0.0)
    assert len(result.coords) == 5 and abs(result.loss[centre][centre] - loss) < 1e-5


def test_the_line_always_has_its_two_ends() -> None:
    """11 points from -0.25 to 1.25 step by 0.15 and missed α = 0 and 1 (the CLI printed nan)."""
    from resviz.analysis.line import alphas

    eleven = alphas(-0.25, 1.25, 11)
    assert 0.0 in eleven and 1.0 in eleven and len(eleven) == 13 and eleven == sorted(eleven)
    assert alphas(-0.25, 1.25, 31) == [round(-0.25 + 0.05 * i, 10) for i in range(31)]  # already on it
