"""Choosing the device, and naming it the way users recognise."""

from __future__ import annotations

import torch

from resviz.errors import TrainingError
from resviz.i18n import _


def resolve_device(name: str = "auto") -> torch.device:
    """auto: CUDA, then Apple MPS, then CPU. A named device that is not there is an error."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise TrainingError(_("CUDA was asked for but no CUDA GPU is available"), _("use --device auto or cpu"))
    if name == "mps" and not (getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()):
        raise TrainingError(_("Apple MPS was asked for but is not available"), _("use --device auto or cpu"))
    try:
        return torch.device(name)
    except RuntimeError as exc:
        raise TrainingError(_("unknown device '{name}' ({exc})").format(name=name, exc=exc), _("use auto, cuda, mps or cpu")) from None


def describe(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return device.type


def available_devices() -> list[str]:
    out = ["auto", "cpu"]
    if torch.cuda.is_available():
        out.insert(1, "cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        out.insert(1, "mps")
    return out
