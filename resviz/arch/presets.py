"""The papers' networks as specs, and the switches a teacher flips (plain ↔ residual, width)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace

from resviz.arch.spec import BlockSpec, HeadSpec, InputSpec, NetworkSpec, StageSpec, StemSpec
from resviz.errors import SpecError
from resviz.i18n import N_, _, join_list


@dataclass(frozen=True)
class Preset:
    name: str
    family: str  # "cifar", "preact", "imagenet"
    template: str
    """The description as marked for the catalogue, with a {depth} placeholder."""
    make: Callable[[], NetworkSpec]
    depth: int = 0

    @property
    def description(self) -> str:
        """One line on what the network is, in the language in force."""
        return _(self.template).format(depth=self.depth)


def _stages(widths: list[int], depths: list[int], template: BlockSpec, first_stride: int = 1) -> list[StageSpec]:
    stages = []
    for s, (w, n) in enumerate(zip(widths, depths, strict=True)):
        blocks = [replace(template, channels=w, stride=(first_stride if s == 0 else 2) if b == 0 else 1) for b in range(n)]
        stages.append(StageSpec(blocks=blocks))
    return stages


def cifar_net(n: int, residual: bool = True, width: int = 16, image_size: int = 32, classes: int = 10,
              batch_norm: bool = True) -> NetworkSpec:
    """He et al. 2015, Section 4.2: 6n+2 layers, 16/32/64 filters, option A shortcuts.

    ``batch_norm=False`` drops every BN (convolutions get a bias instead): the setting in which
    a deep plain net's gradient vanishes toward the input (Glorot & Bengio 2010)."""
    depth = 6 * n + 2
    block = BlockSpec(kind="basic", shortcut="A") if residual else BlockSpec(kind="plain", shortcut="none")
    block = replace(block, batch_norm=batch_norm)
    name = f"resnet{depth}" if residual else f"plain{depth}"
    description = f"{'ResNet' if residual else 'Plain'}-{depth} for CIFAR (He et al. 2015, §4.2): {n} blocks per stage"
    if not batch_norm:
        name, description = f"{name}_nobn", f"{description}, without batch norm"
    return NetworkSpec(
        name=name,
        description=description,
        input=InputSpec(3, image_size, image_size, classes),
        stem=StemSpec(channels=width, kernel=3, stride=1, batch_norm=batch_norm),
        stages=_stages([width, 2 * width, 4 * width], [n, n, n], block),
    )


def preact_bottleneck_net(n: int) -> NetworkSpec:
    """He et al. 2016: pre-activation bottleneck ResNet-164 (n=18) and -1001 (n=111)."""
    depth = 9 * n + 2
    block = BlockSpec(kind="bottleneck", shortcut="B", activation="full_preact", expansion=4)
    return NetworkSpec(
        name=f"preact_resnet{depth}",
        description=f"Pre-activation ResNet-{depth}, bottleneck (He et al. 2016): {n} units per stage",
        input=InputSpec(3, 32, 32, 10),
        # The first unit's BN-ReLU acts on the stem's output, so the stem is a bare conv.
        stem=StemSpec(channels=16, kernel=3, stride=1, batch_norm=False, relu=False),
        stages=_stages([16, 32, 64], [n, n, n], block),
        head=HeadSpec(final_bn_relu=True),
    )


_IMAGENET_DEPTHS = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}


def imagenet_net(depth: int, residual: bool = True) -> NetworkSpec:
    """torchvision's resnet18…152 (bottleneck from 50 on, stride on the 3x3: "v1.5")."""
    kind = "bottleneck" if depth >= 50 else "basic"
    block = BlockSpec(kind=kind, shortcut="B") if residual else BlockSpec(kind="plain", shortcut="none")
    prefix = "resnet" if residual else "plain"
    v15 = ", v1.5: stride on the 3x3 conv" if kind == "bottleneck" else ""
    return NetworkSpec(
        name=f"{prefix}{depth}_imagenet" if not residual else f"resnet{depth}",
        description=f"{'ResNet' if residual else 'Plain'}-{depth} for ImageNet (torchvision layout{v15})",
        input=InputSpec(3, 224, 224, 1000),
        stem=StemSpec(channels=64, kernel=7, stride=2, maxpool=True),
        stages=_stages([64, 128, 256, 512], _IMAGENET_DEPTHS[depth], block),
    )


def _registry() -> dict[str, Preset]:
    presets: list[Preset] = []
    for n in (3, 5, 7, 9, 18, 200):
        d = 6 * n + 2
        presets.append(Preset(f"resnet{d}", "cifar", N_("ResNet-{depth}, CIFAR, option A (He et al. 2015)"),
                              lambda n=n: cifar_net(n, True), d))
        if n != 200:
            presets.append(Preset(f"plain{d}", "cifar", N_("Plain-{depth}, CIFAR: ResNet-{depth} without shortcuts"),
                                  lambda n=n: cifar_net(n, False), d))
    # Batch norm off, one click away: without it plain-56's gradient does vanish toward the input.
    presets.append(Preset("plain56_nobn", "cifar", N_("Plain-56 without batch norm: the gradient vanishes toward the input (try Adam, lr 1e-4)"),
                          lambda: cifar_net(9, False, batch_norm=False), 56))
    presets.append(Preset("resnet56_nobn", "cifar", N_("ResNet-56 without batch norm: an even gradient, but a huge loss at the start"),
                          lambda: cifar_net(9, True, batch_norm=False), 56))
    for n in (18, 111):
        d = 9 * n + 2
        presets.append(Preset(f"preact_resnet{d}", "preact",
                              N_("Pre-activation ResNet-{depth}, bottleneck (He et al. 2016)"),
                              lambda n=n: preact_bottleneck_net(n), d))
    for d in _IMAGENET_DEPTHS:
        title = (N_("ResNet-{depth}, ImageNet (torchvision.models.resnet{depth}, v1.5: the stride on the 3×3 conv)")
                 if d >= 50 else N_("ResNet-{depth}, ImageNet (torchvision.models.resnet{depth})"))
        presets.append(Preset(f"resnet{d}", "imagenet", title, lambda d=d: imagenet_net(d), d))
    for d in (18, 34):
        presets.append(Preset(f"plain{d}_imagenet", "imagenet",
                              N_("Plain-{depth}, ImageNet: ResNet-{depth} without shortcuts"),
                              lambda d=d: imagenet_net(d, False), d))
    return {p.name: p for p in presets}


PRESETS: dict[str, Preset] = _registry()


def _normalise(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "").replace(" ", "")


def get_preset(name: str) -> NetworkSpec:
    """A fresh spec for a preset name; 'ResNet-56', 'resnet56' and 'resnet_56' are the same."""
    if name in PRESETS:
        return PRESETS[name].make()
    by_norm = {_normalise(k): k for k in PRESETS}
    key = by_norm.get(_normalise(name))
    if key is None:
        close = difflib.get_close_matches(_normalise(name), list(by_norm), n=3)
        hint = (_("did you mean {names}?").format(names=join_list(by_norm[c] for c in close)) if close
                else _("run 'resviz arch list' to see them all"))
        raise SpecError(_("unknown network '{name}'").format(name=name), hint=hint)
    return PRESETS[key].make()


def make_plain(spec: NetworkSpec) -> NetworkSpec:
    """The same network without shortcuts: the papers' plain twin."""
    out = spec.copy()
    for _stage, _index, b in out.blocks():
        if b.kind == "basic":
            b.kind = "plain"
        b.shortcut = "none"
    out.name = spec.name.replace("resnet", "plain") if "resnet" in spec.name else f"{spec.name}_plain"
    out.description = spec.description.replace("ResNet-", "Plain-")  # not "ResNet-20 for CIFAR"
    return out


def make_residual(spec: NetworkSpec, shortcut: str | None = None) -> NetworkSpec:
    """Add shortcuts back: plain blocks become basic residual blocks with the given option
    (default: A for CIFAR-style nets, B for bottleneck nets, as in the papers)."""
    out = spec.copy()
    if shortcut is None:
        shortcut = "B" if any(b.kind == "bottleneck" for _stage, _index, b in out.blocks()) else "A"
    for _stage, _index, b in out.blocks():
        if b.kind == "plain":
            b.kind = "basic"
        if b.shortcut == "none":
            b.shortcut = shortcut
    out.name = spec.name.replace("plain", "resnet") if "plain" in spec.name else spec.name
    out.description = spec.description.replace("Plain-", "ResNet-")
    return out


def scale_width(spec: NetworkSpec, factor: float) -> NetworkSpec:
    """Narrower or wider copy (the quick classroom setting uses half width)."""
    out = spec.copy()
    out.stem.channels = max(1, round(out.stem.channels * factor))
    for _stage, _index, b in out.blocks():
        b.channels = max(1, round(b.channels * factor))
        for layer in b.layers or []:
            if layer.is_conv:
                layer.out_channels = max(1, round(layer.out_channels * factor))
    return out


def with_input(spec: NetworkSpec, channels: int, height: int, width: int, classes: int) -> NetworkSpec:
    """Fit a spec to a dataset's image shape and number of classes."""
    out = spec.copy()
    out.input = InputSpec(channels, height, width, classes)
    return out
