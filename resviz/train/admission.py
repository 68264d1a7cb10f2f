"""May a queued run start beside the runs already training? Several runs share one GPU when
their memory estimates fit it together; a CPU trains one at a time, since runs side by side
there share the same cores: each takes several times longer, and the total gained little
(4 quick runs at once: 1.17x the images per CPU second of one, benchmarks/bench_concurrent.py).

Qt-free and torch-free except in ``device_capacity``, which reads the real device: the queue's
tests inject a capacity instead, so the rule is tested with real runs on any machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from resviz.arch.memory import estimate_training_memory
from resviz.arch.presets import with_input
from resviz.arch.spec import from_dict
from resviz.runs import RunInfo
from resviz.train.config import TrainConfig

DEFAULT_AT_ONCE = 4
"""Runs the queue trains at once where the device allows it (the app's setting can change it)."""
MAX_AT_ONCE = 16
HEADROOM = 0.85
"""The share of the device's memory that the estimates together may take: the estimate leaves
out the framework's own buffers and the allocator's fragmentation."""


@dataclass(frozen=True)
class DeviceCapacity:
    kind: str
    """"cuda" or "cpu"."""
    total_bytes: int
    """Memory the runs may share (the GPU's, or the RAM available when the queue looked)."""
    parallel: bool
    """Whether runs side by side gain anything here: on a GPU with room, yes; on a CPU, no."""


def admit(candidate_bytes: int, running_bytes: Sequence[int], capacity: DeviceCapacity, at_once: int) -> bool:
    """Whether a run needing ``candidate_bytes`` may start beside runs needing ``running_bytes``.

    With nothing training it always may (the trainer itself refuses a run that cannot fit)."""
    if not running_bytes:
        return True
    if not capacity.parallel or len(running_bytes) >= max(1, at_once):
        return False
    return sum(running_bytes) + candidate_bytes <= HEADROOM * capacity.total_bytes


def run_needs(run: RunInfo) -> int:
    """The memory estimate of a queued run, in bytes, from its stored spec and config (the input
    size as the config asks; the data's channel count is known only once it loads)."""
    spec = from_dict(run.spec)
    config = TrainConfig.from_dict(run.config)
    if config.image_size:
        spec = with_input(spec, spec.input.channels, config.image_size, config.image_size, spec.input.classes)
    # auto counts as fp32: the larger of its two possible estimates.
    precision = "fp32" if config.precision in ("auto", "fp32") else config.precision
    return estimate_training_memory(spec, batch_size=config.batch_size, optimizer=config.optimizer,
                                    momentum=config.momentum, precision=precision).total


def device_capacity(device: str = "auto") -> DeviceCapacity:
    """The device a run with ``device`` (a config's choice) trains on, and its memory."""
    import torch

    from resviz.train.device import resolve_device
    from resviz.train.memory import available_memory

    dev = resolve_device(device)
    if dev.type == "cuda":
        _free, total = torch.cuda.mem_get_info(dev)
        return DeviceCapacity("cuda", int(total), True)
    return DeviceCapacity(dev.type, available_memory(dev) or 0, False)
