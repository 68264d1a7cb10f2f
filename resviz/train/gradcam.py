"""Grad-CAM (Selvaraju et al. 2017) with captum's LayerGradCam, on an eval-mode copy.

The copy matters: Grad-CAM needs a backward pass, and the model being trained must never
be touched in the middle of a step (nor have its BN statistics or grads disturbed).
"""

from __future__ import annotations

import copy

import numpy as np
import torch
from torch import Tensor, nn

from resviz.arch.builder import Network
from resviz.errors import TrainingError
from resviz.i18n import _


def gradcam_layers(model: Network) -> list[str]:
    """Module names Grad-CAM can look at: every block, plus the stem."""
    return ["conv1"] + [name for name, _ in model.blocks()]


def default_layer(model: Network) -> str:
    return model.blocks()[-1][0]


def _normalise(maps: Tensor) -> Tensor:
    flat = maps.flatten(1)
    lo, hi = flat.min(dim=1, keepdim=True).values, flat.max(dim=1, keepdim=True).values
    return ((flat - lo) / (hi - lo).clamp_min(1e-12)).view_as(maps)


def compute_gradcam(model: nn.Module, layer: str, x: Tensor, targets: Tensor) -> np.ndarray:
    """Grad-CAM maps [N, H, W] in [0, 1] for the given class per image, upsampled to x."""
    from captum.attr import LayerAttribution, LayerGradCam  # heavy: imported when first used

    modules = dict(model.named_modules())
    if layer not in modules:
        raise TrainingError(_("no layer named '{layer}' in this network").format(layer=layer), _("pick a block from the list, e.g. layer3.2"))
    cam = LayerGradCam(model, modules[layer])
    with torch.enable_grad():
        attr = cam.attribute(x, target=targets, relu_attributions=True)
    up = LayerAttribution.interpolate(attr.detach(), tuple(x.shape[-2:]), interpolate_mode="bilinear")
    return _normalise(up[:, 0].float()).cpu().numpy()


def eval_copy(model: nn.Module) -> nn.Module:
    """A detached eval-mode copy, safe to run backward on while training goes on elsewhere."""
    clone = copy.deepcopy(model).eval()
    for block in getattr(clone, "blocks", lambda: [])():
        block[1].probe = None
    for p in clone.parameters():
        p.requires_grad_(True)
        p.grad = None
    return clone


def to_display(images: Tensor, mean: tuple[float, ...], std: tuple[float, ...]) -> np.ndarray:
    """Normalised float images [N, C, H, W] → uint8 RGB [N, H, W, 3] as the user sees them."""
    m = torch.tensor(mean, device=images.device).view(1, -1, 1, 1)
    s = torch.tensor(std, device=images.device).view(1, -1, 1, 1)
    rgb = (images * s + m).clamp(0, 1)
    if rgb.shape[1] == 1:
        rgb = rgb.repeat(1, 3, 1, 1)
    return (rgb[:, :3].permute(0, 2, 3, 1) * 255).round().byte().cpu().numpy()
