"""Sweeps: one base network, what varies (depth, plain or residual, shortcut option, activation
placement, width) and the seeds, expanded into the runs that fill the queue.

The expansion is a cartesian product, minus combinations that mean nothing (a shortcut option
on a plain net is one plain net, not one per option) and minus specs that do not validate (an
identity shortcut where the shape changes). Seeds vary slowest, so the first seed's runs form
a complete comparison before the second seed starts.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from resviz.arch.analysis import analyze
from resviz.arch.presets import make_plain, make_residual, scale_width
from resviz.arch.spec import ACTIVATIONS, SHORTCUTS, NetworkSpec, StageSpec
from resviz.errors import ResvizError, SpecError
from resviz.i18n import _
from resviz.train.config import TrainConfig

KINDS = ("plain", "residual")


@dataclass
class SweepSpec:
    """What a sweep varies. An empty list keeps the base network's own value for that field."""

    base: NetworkSpec
    n_values: list[int] = field(default_factory=list)
    """Blocks per stage (depth 6n+2 for the CIFAR nets)."""
    kinds: list[str] = field(default_factory=list)
    """'plain' and/or 'residual'."""
    shortcuts: list[str] = field(default_factory=list)
    """Shortcut options for the residual nets: 'A', 'B', 'C', 'identity', … (see arch.spec.SHORTCUTS)."""
    activations: list[str] = field(default_factory=list)
    """Activation placements: 'original', 'full_preact', … (see arch.spec.ACTIVATIONS)."""
    widths: list[float] = field(default_factory=list)
    """Width factors (0.5: half as many filters in every layer)."""
    seeds: list[int] = field(default_factory=lambda: [0])


@dataclass(frozen=True)
class Expansion:
    runs: list[tuple[str, NetworkSpec, int]]
    """(run name, spec, seed), in queue order."""
    skipped: list[str]
    """Combinations left out because their spec does not validate, each with the reason."""


def with_blocks_per_stage(spec: NetworkSpec, n: int) -> NetworkSpec:
    """Every stage with ``n`` blocks: the first keeps its stride, the others copy the second block."""
    if n < 1:
        raise ValueError(f"blocks per stage must be at least 1, not {n}")
    out = spec.copy()
    stages = []
    for stage in out.stages:
        if not stage.blocks:
            stages.append(stage)
            continue
        first = stage.blocks[0]
        rest = stage.blocks[1] if len(stage.blocks) > 1 else dataclasses.replace(first, stride=1)
        blocks = [first] + [dataclasses.replace(rest) for _ in range(n - 1)]
        stages.append(StageSpec(blocks=blocks, name=stage.name))
    out.stages = stages
    return out


def _renamed(spec: NetworkSpec, residual: bool) -> str:
    """resnet20 → resnet32 / plain32 after a change of depth; other names keep their stem."""
    name = spec.name
    name = name.replace("plain", "resnet") if residual else name.replace("resnet", "plain")
    if re.search(r"\d+", name):
        return re.sub(r"\d+", str(spec.depth), name, count=1)
    return f"{name}-{spec.depth}"


def _variant(base: NetworkSpec, n: int | None, kind: str | None, shortcut: str | None,
             activation: str | None, width: float | None) -> NetworkSpec:
    spec = base.copy() if n is None else with_blocks_per_stage(base, n)
    residual = spec.is_residual if kind is None else kind == "residual"
    if kind == "plain":
        spec = make_plain(spec)
    elif kind == "residual" and not spec.is_residual:
        spec = make_residual(spec, shortcut)
    if residual and shortcut is not None:
        for _, _, block in spec.blocks():
            block.shortcut = shortcut
    if activation is not None:
        for _, _, block in spec.blocks():
            block.activation = activation
        # Full pre-activation units end on a conv: the head needs the last BN-ReLU (2016, §4).
        spec.head.final_bn_relu = activation == "full_preact"
    if width is not None and width != 1.0:
        spec = scale_width(spec, width)
    spec.name = _renamed(spec, residual)
    return spec


def _label(spec: NetworkSpec, shortcut: str | None, activation: str | None, width: float | None,
           seed: int) -> str:
    parts = [spec.name]
    if shortcut is not None and spec.is_residual:
        parts.append(shortcut)
    if activation is not None:
        parts.append(activation.replace("_", "-"))
    if width is not None and width != 1.0:
        parts.append(f"×{width:g} width")
    parts.append(f"seed {seed}")
    return " · ".join(parts)


def check(sweep: SweepSpec) -> None:
    """Refuse values no run could have, with the ones that are allowed."""
    def refuse(what: str, bad: object, allowed: Sequence[str]) -> SpecError:
        return SpecError(_("unknown {what} {bad!r}").format(what=what, bad=bad), hint=_("use one of: {names}").format(names=', '.join(allowed)))

    for kind in sweep.kinds:
        if kind not in KINDS:
            raise refuse(_("network kind"), kind, KINDS)
    for shortcut in sweep.shortcuts:
        if shortcut not in SHORTCUTS or shortcut == "none":
            raise refuse(_("shortcut option"), shortcut, [s for s in SHORTCUTS if s != "none"])
    for activation in sweep.activations:
        if activation not in ACTIVATIONS:
            raise refuse(_("activation placement"), activation, ACTIVATIONS)
    if any(n < 1 for n in sweep.n_values):
        raise SpecError(_("blocks per stage (n) must be at least 1"), hint=_("e.g. 3 5 9 for depths 20, 32, 56"))
    if any(not w > 0 for w in sweep.widths):
        raise SpecError(_("width factors must be positive"), hint=_("e.g. 0.5 for half width, 1 for the paper's"))
    if not sweep.seeds:
        raise SpecError(_("a sweep needs at least one seed"), hint=_("e.g. seeds 0 1 2"))


def expand_all(sweep: SweepSpec) -> Expansion:
    """Every run of the sweep, and the combinations skipped with why."""
    def axis(values: Sequence) -> list:  # noqa: ANN001 - any axis
        return list(dict.fromkeys(values)) or [None]  # dedupe, keep order; empty: keep the base

    check(sweep)
    runs: list[tuple[str, NetworkSpec, int]] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for seed, width, n, kind, shortcut, activation in itertools.product(
            axis(sweep.seeds), axis(sweep.widths), axis(sweep.n_values), axis(sweep.kinds),
            axis(sweep.shortcuts), axis(sweep.activations)):
        spec = _variant(sweep.base, n, kind, shortcut, activation, width)
        name = _label(spec, shortcut, activation, width, seed)
        if name in seen:
            continue  # e.g. a plain net once per shortcut option
        seen.add(name)
        try:
            analyze(spec)
        except ResvizError as exc:
            skipped.append(f"{name}: {exc.message}")
            continue
        runs.append((name, spec, int(seed)))
    if sweep.shortcuts and runs and not any(spec.is_residual for _name, spec, _seed in runs):
        skipped.append(_("shortcut options {options}: every network of this sweep is plain, so none has a "
                         "shortcut to set").format(options=", ".join(dict.fromkeys(sweep.shortcuts))))
    return Expansion(runs, skipped)


def expand(sweep: SweepSpec) -> list[tuple[str, NetworkSpec, int]]:
    """(run name, spec, seed) for every run of the sweep, in queue order; each spec validates."""
    return expand_all(sweep).runs


def sweep_items(sweep: SweepSpec, config: TrainConfig) -> list[tuple[str, NetworkSpec, TrainConfig]]:
    """Queue items: each run gets ``config`` with its own seed."""
    return [(name, spec, dataclasses.replace(config, seed=seed)) for name, spec, seed in expand(sweep)]
