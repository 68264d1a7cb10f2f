"""One config dataclass passed whole: everything that decides how a run trains."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from resviz.errors import TrainingError
from resviz.i18n import N_, _

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
    """Resize the built-in data (24 is the quick classroom setting); None keeps the dataset's size."""
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
            raise bad(_("unknown optimizer '{optimizer}'").format(optimizer=self.optimizer), _("use one of: {names}").format(names=', '.join(OPTIMIZERS)))
        if self.schedule not in SCHEDULES:
            raise bad(_("unknown schedule '{schedule}'").format(schedule=self.schedule), _("use one of: {names}").format(names=', '.join(SCHEDULES)))
        if self.device not in DEVICES:
            raise bad(_("unknown device '{device}'").format(device=self.device), _("use one of: {names}").format(names=', '.join(DEVICES)))
        if self.precision not in PRECISIONS:
            raise bad(_("unknown precision '{name}'").format(name=self.precision),
                      _("use one of: {names}").format(names=", ".join(PRECISIONS)))
        if not (isinstance(self.lr, (int, float)) and math.isfinite(self.lr) and self.lr > 0):
            raise bad(_("learning rate must be a positive number, not {lr}").format(lr=self.lr), _("the paper uses 0.1 with SGD"))
        if self.batch_size < 1:
            raise bad(_("batch size must be at least 1, not {batch_size}").format(batch_size=self.batch_size), _("the paper uses 128"))
        if self.steps is None and self.epochs < 1:
            raise bad(_("epochs must be at least 1, not {epochs}").format(epochs=self.epochs), _("or give a number of steps"))
        if self.steps is not None and self.steps < 1:
            raise bad(_("steps must be at least 1, not {steps}").format(steps=self.steps), _("or give a number of epochs"))
        if not 0.0 <= self.val_fraction < 1.0:
            raise bad(_("validation fraction must be in [0, 1), not {val_fraction}").format(val_fraction=self.val_fraction), _("0.1 keeps a tenth aside"))
        if self.weight_decay < 0 or self.momentum < 0:
            raise bad(_("weight decay and momentum cannot be negative"), _("the paper uses 1e-4 and 0.9"))
        if self.warmup_steps < 0:
            raise bad(_("warm-up steps cannot be negative, not {n}").format(n=self.warmup_steps),
                      _("0 trains at the full learning rate from the start"))
        if self.image_size is not None and self.image_size < 8:
            raise bad(_("image size must be at least 8 pixels, not {n}").format(n=self.image_size),
                      _("use 32 (CIFAR's size) or 16"))
        if self.train_size is not None and self.train_size < 1:
            raise bad(_("training set size must be at least 1 image, not {n}").format(n=self.train_size),
                      _("leave it out to use every training image"))
        if self.log_every < 1 or self.probe_every < 1:
            raise bad(_("log and probe intervals must be at least 1 step"), _("10 is a good default"))


QUICK_VAL_IMAGES = 2000
"""Validation images in the quick setting. Measured on plain-20 after the quick run: one image's
loss varies with sd 0.65, so the mean over 2,000 images moves by about 0.015 between disjoint
subsets (0.03 at 500): well below the 0.05 and more that the demo reads between networks."""


QUICK_WIDTH = 0.5
"""The quick setting trains the networks at half width (8/16/32 filters for the CIFAR nets)."""


def quick_config(**overrides: Any) -> TrainConfig:
    """The quick classroom setting, one and the same for ``train``, ``compare``, ``sweep``, the
    degradation demo and the app's button (see ``describe_quick``); ``overrides`` win.

    Chosen by measurement on the built-in data (README, *The degradation problem in class*):
    Adam, because SGD at lr 0.02-0.1 left even plain-20 near chance loss for its first ~500
    steps; 24×24 images at batch 32, because at 16×16 (batch 64, 600 steps) plain-56 stayed at
    chance on all ten seeds; no augmentation, because what the demo reads is how well a net fits
    its own training images, and pad-4 crops move the off-centre objects partly out of a small
    image.
    """
    base = TrainConfig(image_size=24, train_size=10_000, batch_size=32, steps=750, optimizer="adam", lr=0.002,
                       weight_decay=1e-4, schedule="constant", warmup_steps=40, probe_every=25, augment=False,
                       gradcam_each_epoch=False, max_val_images=QUICK_VAL_IMAGES)
    return dataclasses.replace(base, **overrides)


CLASSROOM = "classroom"
"""The longer CPU setting of the degradation demo and the lessons (about 10 minutes for the four
runs on two cores), beside "cpu" (the quick setting) and "cuda" (paper-like) in ``demo_config``."""
CLASSROOM_STEPS = 5000


def classroom_config(**overrides: Any) -> TrainConfig:
    """The quick setting trained longer, its learning rate annealed (cosine) to the end."""
    return quick_config(**{"steps": CLASSROOM_STEPS, "schedule": "cosine", **overrides})


SCHEDULE_NAMES = {"step": N_("step"), "cosine": N_("cosine"), "constant": N_("constant")}
"""The learning-rate schedules as sentences name them (the option values stay as typed)."""


def describe_quick() -> str:
    """The quick setting in words, for --help texts and tooltips, read from the setting itself."""
    q = quick_config()
    text = _("{size}×{size} built-in images, {train:,} of them, {steps} {opt} steps at lr {lr:g} with "
             "batch {batch} ({warmup} warm-up steps, {schedule} schedule), networks at {width:g}× width, "
             "validation on {val:,} images")
    if not q.augment:
        text = _("{size}×{size} built-in images, {train:,} of them (no augmentation), {steps} {opt} steps at lr "
                 "{lr:g} with batch {batch} ({warmup} warm-up steps, {schedule} schedule), networks at {width:g}× "
                 "width, validation on {val:,} images")
    return text.format(
        size=q.image_size, train=q.train_size, steps=q.steps, opt=q.optimizer.capitalize() if q.optimizer != "sgd"
        else "SGD", lr=q.lr, batch=q.batch_size, warmup=q.warmup_steps, schedule=_(SCHEDULE_NAMES[q.schedule]), width=QUICK_WIDTH,
        val=q.max_val_images)


def first_run_config(device_type: str = "cpu") -> TrainConfig:
    """What a run trains with when nobody chose: on a GPU the paper's recipe for 5 epochs; on a
    CPU (or Apple MPS) the quick classroom setting, about a minute for ResNet-20 on two cores,
    with its first curve point after 10 steps. (The paper's recipe at 32×32 takes a CPU 10-18
    minutes for 5 epochs, too long for a first look.)"""
    if device_type == "cuda":
        return TrainConfig(epochs=5)
    return quick_config(log_every=10)
