"""Which number format a run trains in, chosen from what the device does fast.

``auto`` trains in bfloat16 autocast with channels_last memory where that pays: on a CUDA GPU
(fp16 with a gradient scaler on cards without bf16) and on a CPU with AMX bf16 units. Anywhere
else it stays in fp32. Weights, optimizer state, the loss and
the probes' gradient norms stay fp32 in every mode: autocast only runs convolutions and matrix
products in the lower precision.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import torch

from resviz.errors import TrainingError
from resviz.i18n import _
from resviz.train.config import PRECISIONS

FAST_BF16_FLAGS = frozenset({"amx_bf16"})
"""/proc/cpuinfo flags of CPUs on which ``auto`` picks bf16: Intel AMX, where a bare ResNet-20 loop
trained 2.1× faster in bf16 with channels_last (issue 16). AVX-512 BF16 alone (an AMD EPYC here)
is left out: one thread ran 1.3-1.9× faster in bf16, but two threads on a busy machine ran 5-10×
slower than fp32 (benchmarks/bench_trainer.py), so there ``--precision bf16`` is the user's call."""


@dataclass(frozen=True)
class Precision:
    """A resolved precision: what the trainer does with it."""

    name: str
    """fp32, bf16 or fp16: what the run is stored and shown with."""
    channels_last: bool

    @property
    def autocast_dtype(self) -> torch.dtype | None:
        return {"bf16": torch.bfloat16, "fp16": torch.float16}.get(self.name)

    @property
    def needs_scaler(self) -> bool:
        """fp16's narrow range needs loss scaling; bf16 has fp32's range and does not."""
        return self.name == "fp16"


def cpu_flags(path: str | Path = "/proc/cpuinfo") -> frozenset[str]:
    """The CPU's feature flags (Linux); empty where there is no /proc/cpuinfo."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


def fast_bf16(flags: frozenset[str]) -> bool:
    """Whether a CPU with these feature flags gets bf16 from ``auto``."""
    return bool(flags & FAST_BF16_FLAGS)


@functools.cache
def cpu_has_fast_bf16() -> bool:
    """True on a CPU with AMX. Without native bf16, bf16 on a CPU is emulated and slower than
    fp32, so ``auto`` must not pick it (see FAST_BF16_FLAGS for AVX-512 BF16)."""
    return fast_bf16(cpu_flags())


def resolve_precision(choice: str, device_type: str, *, cpu_bf16: bool | None = None,
                      cuda_bf16: bool | None = None) -> Precision:
    """The precision ``choice`` means on a device of ``device_type`` (cpu, cuda, mps)."""
    if choice not in PRECISIONS:
        raise TrainingError(_("unknown precision '{name}'").format(name=choice),
                            _("use one of: {names}").format(names=", ".join(PRECISIONS)))
    if device_type == "cuda":
        bf16_ok = torch.cuda.is_bf16_supported() if cuda_bf16 is None else cuda_bf16
        if choice == "auto":
            return Precision("bf16" if bf16_ok else "fp16", channels_last=True)
        if choice == "bf16" and not bf16_ok:
            raise TrainingError(_("this GPU does not support bf16"), _("use --precision fp16 or auto"))
        return Precision(choice, channels_last=True)
    if device_type == "cpu":
        fast = cpu_has_fast_bf16() if cpu_bf16 is None else cpu_bf16
        if choice == "fp16":
            raise TrainingError(_("fp16 training needs a CUDA GPU"),
                                _("use --precision bf16 or auto on a CPU"))
        if choice == "bf16" or (choice == "auto" and fast):
            # channels_last lets oneDNN pick its blocked bf16 kernels without reordering each step.
            return Precision("bf16", channels_last=True)
        return Precision("fp32", channels_last=False)
    if choice in ("bf16", "fp16"):
        raise TrainingError(_("{name} training is not supported on {device}").format(name=choice, device=device_type),
                            _("use --precision fp32 or auto"))
    return Precision("fp32", channels_last=False)
