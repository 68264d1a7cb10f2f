"""The degradation demo's runs: plain-20, plain-56, ResNet-20 and ResNet-56 on the built-in
data, one seed, the same settings. What their numbers show, in words, is
resviz.presentation.demo_verdict.
"""

from __future__ import annotations

import dataclasses

from resviz.arch.presets import get_preset, scale_width
from resviz.arch.spec import NetworkSpec
from resviz.i18n import _
from resviz.train.config import CLASSROOM, QUICK_WIDTH, TrainConfig, classroom_config, quick_config

DEMO_TAG = "degradation demo"
DEMO_ARCHS = ("plain20", "plain56", "resnet20", "resnet56")


def demo_config(device_type: str = "cpu", **overrides: object) -> TrainConfig:
    """The quick classroom setting on a CPU (the same as every --quick); paper-like on a GPU;
    ``device_type`` "classroom": the longer CPU setting."""
    if device_type == "cpu":
        base = quick_config()
    elif device_type == CLASSROOM:
        base = classroom_config()
    else:
        # The paper's recipe, shortened: 32×32 images, batch 128, SGD lr 0.1 ÷10 at 50%/75%.
        base = TrainConfig(image_size=32, train_size=None, batch_size=128, steps=6000, lr=0.1,
                           schedule="step", warmup_steps=200, gradcam_each_epoch=False,
                           max_val_images=5000, probe_every=50)
    return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]


def demo_width(device_type: str = "cpu") -> float:
    return QUICK_WIDTH if device_type in ("cpu", CLASSROOM) else 1.0


def demo_runs(device_type: str = "cpu", seed: int = 0, steps: int | None = None,
              width: float | None = None, **overrides: object) -> list[tuple[str, NetworkSpec, TrainConfig]]:
    """(run name, spec, config) of the four runs, shallow plain first."""
    config = demo_config(device_type, seed=seed, **overrides)
    if steps is not None:
        config.steps = steps
    factor = demo_width(device_type) if width is None else width
    out = []
    for arch in DEMO_ARCHS:
        spec = get_preset(arch)
        if factor != 1.0:
            spec = scale_width(spec, factor)
        name = _("{arch} · degradation demo · seed {seed}").format(arch=arch, seed=seed)  # in the user's language
        out.append((name, spec, dataclasses.replace(config)))
    return out
