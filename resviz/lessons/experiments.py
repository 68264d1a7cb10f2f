"""The networks and settings the lessons train: the degradation demo's setting for all of them,
so a run made for one lesson (or by the demo) is reused by every other lesson that needs it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from resviz.arch.presets import get_preset, scale_width
from resviz.arch.spec import NetworkSpec
from resviz.i18n import _
from resviz.train.config import TrainConfig
from resviz.train.demo import demo_config, demo_runs, demo_width


@dataclass(frozen=True)
class Setting:
    """How big a lesson's experiment is: ``device_type`` 'cpu' is the quick classroom setting."""

    device_type: str = "cpu"
    seed: int = 0
    steps: int | None = None
    width: float | None = None
    overrides: Mapping[str, object] = field(default_factory=dict)
    """Further TrainConfig fields (tests use tiny images and a few steps)."""

    def config(self, **extra: object) -> TrainConfig:
        cfg = demo_config(self.device_type, seed=self.seed, **{**self.overrides, **extra})
        if self.steps is not None:
            cfg.steps = self.steps
        return cfg

    def spec(self, preset: str) -> NetworkSpec:
        factor = demo_width(self.device_type) if self.width is None else self.width
        spec = get_preset(preset)
        return scale_width(spec, factor) if factor != 1.0 else spec


@dataclass(frozen=True)
class PlannedRun:
    key: str
    """What the lesson calls this run ('plain56', 'no_bn', 'C', 'full_preact'…)."""
    name: str
    spec: NetworkSpec
    config: TrainConfig


def degradation_runs(setting: Setting, archs: tuple[str, ...]) -> list[PlannedRun]:
    """The degradation demo's own runs (its specs and setting), only those named in ``archs``."""
    runs = demo_runs(setting.device_type, seed=setting.seed, steps=setting.steps, width=setting.width,
                     **dict(setting.overrides))
    out = []
    for name, spec, config in runs:
        arch = name.split(" ")[0]
        if arch in archs:
            out.append(PlannedRun(arch, name, spec, config))
    return out


def without_batch_norm(spec: NetworkSpec) -> NetworkSpec:
    """The same network with every batch norm removed (stem, blocks, projections)."""
    out = spec.copy()
    out.stem.batch_norm = False
    for _s, _b, block in out.blocks():
        block.batch_norm = False
    out.name = f"{spec.name}_nobn"
    return out


def batch_norm_runs(setting: Setting) -> list[PlannedRun]:
    """plain-56 with batch norm (the demo's run) and the same net and setting without it."""
    # The same learning rate, so batch norm is the one difference. Measured (quick setting, Adam
    # 2e-3, 750 steps, seeds 0-4): no divergence; the loss stays at chance (2.303-2.305), the vanishing
    # gradient at work. Should a seed diverge, the trainer marks the run diverged and the lesson
    # still reads the gradients at initialisation (step 1).
    with_bn = degradation_runs(setting, ("plain56",))[0]
    no_bn = PlannedRun("no_bn", _("{net} · lesson · seed {seed}").format(net=_("plain56 without BN"), seed=setting.seed),
                       without_batch_norm(with_bn.spec), dataclasses.replace(with_bn.config))
    return [dataclasses.replace(with_bn, key="bn"), no_bn]


SHORTCUT_VARIANTS = ("A", "B", "C", "scaling", "exclusive_gating", "shortcut_gating", "conv1x1", "dropout")
"""Option A is the identity (zero-padded where the shape changes): the reference of lesson 6."""

ACTIVATION_VARIANTS = ("original", "bn_after_add", "relu_before_add", "relu_preact", "full_preact")


def variant_runs(setting: Setting, preset: str, field_name: str, values: tuple[str, ...],
                 labels: Mapping[str, str] | None = None) -> list[PlannedRun]:
    """One run of ``preset`` per value of a block field; the first value is the preset's own.
    A run is named by its variant's label (N_-marked), in the user's language, as the demo's
    runs are: a key reads "resnet20 · full pre-activation", not "resnet20_full_preact"."""
    base = setting.spec(preset)
    out = []
    for value in values:
        spec = base.copy()
        for _s, _b, block in spec.blocks():
            setattr(block, field_name, value)
        if field_name == "activation" and value == "full_preact":
            spec.head.final_bn_relu = True  # full pre-activation units end on a conv
        if value != getattr(base.blocks()[0][2], field_name):
            spec.name = f"{base.name}_{value}"
        net = f"{base.name} · {_(labels[value])}" if labels and value in labels else spec.name
        out.append(PlannedRun(value, _("{net} · lesson · seed {seed}").format(net=net, seed=setting.seed), spec,
                              setting.config()))
    return out
