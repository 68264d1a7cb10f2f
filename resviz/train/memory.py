"""Refuse a run that cannot fit before anything is built: the estimate against what is free."""

from __future__ import annotations

from pathlib import Path

import torch

from resviz.arch.memory import MemoryEstimate, estimate_training_memory, format_bytes
from resviz.arch.spec import NetworkSpec
from resviz.errors import TrainingError
from resviz.i18n import _
from resviz.train.config import TrainConfig
from resviz.train.precision import resolve_precision


def available_memory(device: torch.device, meminfo: str | Path = "/proc/meminfo") -> int | None:
    """Bytes free for a new run: the GPU's free memory, or the RAM the system could hand out
    (MemAvailable). None where it cannot be read: then nothing is refused."""
    if device.type == "cuda":
        free, _total = torch.cuda.mem_get_info(device)
        return int(free)
    if device.type != "cpu":
        return None
    try:
        for line in Path(meminfo).read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def describe_estimate(est: MemoryEstimate) -> str:
    return _("weights {w}, gradients {g}, optimizer {o}, activations at batch {batch} {a}").format(
        w=format_bytes(est.weights), g=format_bytes(est.gradients),
        o=format_bytes(est.optimizer), batch=est.batch_size, a=format_bytes(est.activations))


def check_fits(spec: NetworkSpec, config: TrainConfig, device: torch.device,
               available: int | None = None) -> MemoryEstimate:
    """The estimate for this run; raises TrainingError when it exceeds the free memory."""
    precision = resolve_precision(config.precision, device.type).name
    est = estimate_training_memory(spec, batch_size=config.batch_size, optimizer=config.optimizer,
                                   momentum=config.momentum, precision=precision)
    free = available_memory(device) if available is None else available
    if free is not None and est.total > free:
        per_image = max(est.activations // max(est.batch_size, 1), 1)
        fixed = est.total - est.activations
        fits = (free - fixed) // per_image
        if fits >= 1:
            hint = _("use batch size {n} or less, or a smaller network").format(n=min(int(fits), est.batch_size - 1))
        else:
            hint = _("the weights alone do not fit: use fewer or narrower blocks")
        if device.type == "cuda":
            text = _("this run needs about {need} of GPU memory ({parts}) but only {free} is free on the GPU")
        else:
            text = _("this run needs about {need} of memory ({parts}) but only {free} of RAM is free")
        raise TrainingError(text.format(need=format_bytes(est.total), free=format_bytes(free),
                                        parts=describe_estimate(est)), hint)
    return est
