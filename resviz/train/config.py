"""One config dataclass passed whole: everything that decides how a run trains."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from resviz.errors import TrainingError
from resviz.i18n import _

OPTIMIZERS = ("sgd", "adam", "adamw")
SCHEDULES = ("step", "cosine", "constant")
DEVICES = ("auto", "cuda", "mps", "cpu")
PRECISIONS = ("auto", "fp32", "bf16", "fp16")


@dataclass
class TrainConfig:
    dataset: str = "builtin"
    data_dir: str | None = None
    download: bool = False
    image_size: int | None = None
    """Resize the built-in data (16 is the quick classroom setting); None keeps the dataset's size."""
    train_size: int | None = None
    """Use only this many training images (None: all)."""
    val_fraction: float = 0.1
    augment: bool = True

    batch_size: int = 128
    epochs: int = 10
    steps: int | None = None
    """Train this many steps instead of whole epochs."""
    optimizer: str = "sgd"
    lr: float = 0.1
    momentum: float = 0.9
    nesterov: bool = False
    weight_decay: float = 1e-4
    schedule: str = "step"
    """step: lr ÷10 at 50% and 75% of training (32k and 48k of 64k iterations in the paper)."""
    warmup_steps: int = 0
    """Train at lr/10 for this many steps first, as the paper does for ResNet-110."""

    seed: int = 0
    device: str = "auto"
    precision: str = "auto"
    """auto: bf16 autocast + channels_last on a GPU and on a CPU with AMX, else fp32
    (see train/precision.py); fp32, bf16 or fp16 force one."""

    log_every: int = 10
    """Read loss and accuracy from the device every this many steps (a sync point)."""
    probe_every: int = 10
    """Measure per-layer gradients and shortcut/branch split every this many steps."""
    gradcam_images: int = 16
    gradcam_layer: str | None = None
    """Module name of the block Grad-CAM looks at; None: the last block."""
    gradcam_each_epoch: bool = True
    checkpoint_each_epoch: bool = True
    max_val_images: int | None = 5000

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        fields = {k: v for k, v in data.items() if k in known}
        if "precision" not in data:
            # Configs stored before `precision` had `amp`: on means mixed precision where it pays,
            # off means the fp32 they trained in.
            fields["precision"] = "auto" if data.get("amp") else "fp32"
        return cls(**fields)

    def validate(self) -> None:
        """Refuse settings that cannot train, with what to do instead."""

        def bad(msg: str, hint: str) -> TrainingError:
            return TrainingError(msg, hint)

        if self.optimizer not in OPTIMIZERS:
            raise bad(f"unknown optimizer '{self.optimizer}'", f"use one of: {', '.join(OPTIMIZERS)}")
        if self.schedule not in SCHEDULES:
            raise bad(f"unknown schedule '{self.schedule}'", f"use one of: {', '.join(SCHEDULES)}")
        if self.device not in DEVICES:
            raise bad(f"unknown device '{self.device}'", f"use one of: {', '.join(DEVICES)}")
        if self.precision not in PRECISIONS:
            raise bad(_("unknown precision '{name}'").format(name=self.precision),
                      _("use one of: {names}").format(names=", ".join(PRECISIONS)))
        if not (isinstance(self.lr, (int, float)) and math.isfinite(self.lr) and self.lr > 0):
            raise bad(f"learning rate must be a positive number, not {self.lr}", "the paper uses 0.1 with SGD")
        if self.batch_size < 1:
            raise bad(f"batch size must be at least 1, not {self.batch_size}", "the paper uses 128")
        if self.steps is None and self.epochs < 1:
            raise bad(f"epochs must be at least 1, not {self.epochs}", "or give a number of steps")
        if self.steps is not None and self.steps < 1:
            raise bad(f"steps must be at least 1, not {self.steps}", "or give a number of epochs")
        if not 0.0 <= self.val_fraction < 1.0:
            raise bad(f"validation fraction must be in [0, 1), not {self.val_fraction}", "0.1 keeps a tenth aside")
        if self.weight_decay < 0 or self.momentum < 0:
            raise bad("weight decay and momentum cannot be negative", "the paper uses 1e-4 and 0.9")
        if self.log_every < 1 or self.probe_every < 1:
            raise bad("log and probe intervals must be at least 1 step", "10 is a good default")


def quick_config(**overrides: Any) -> TrainConfig:
    """The classroom setting: 16×16 images, 10k images, 600 Adam steps on a CPU (with half-width
    nets, about 2.5 minutes for plain-20/56 and ResNet-20/56 together on 2 cores).

    Adam rather than the paper's SGD: measured on the built-in data, SGD leaves even plain-20 at
    chance loss for its first ~500 steps, too long for a lesson; Adam at 2e-3 learns at once and
    still shows the degradation of plain-56 for every seed tried (0, 1, 2).
    """
    base = TrainConfig(image_size=16, train_size=10_000, batch_size=64, steps=600, optimizer="adam", lr=0.002,
                       weight_decay=1e-4, schedule="constant", warmup_steps=40, probe_every=25,
                       gradcam_each_epoch=False, max_val_images=1000)
    return dataclasses.replace(base, **overrides)


def first_run_config(device_type: str = "cpu") -> TrainConfig:
    """What a run trains with when nobody chose: on a GPU the paper's recipe for 5 epochs; on a
    CPU (or Apple MPS) the quick classroom setting, about a minute for ResNet-20 on two cores,
    with its first curve point after 10 steps. (The paper's recipe at 32×32 takes a CPU 10-18
    minutes for 5 epochs, too long for a first look.)"""
    if device_type == "cuda":
        return TrainConfig(epochs=5)
    return quick_config(log_every=10)
