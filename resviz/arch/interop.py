"""torchvision ResNet objects → specs, so any of them can be drawn and inspected."""

from __future__ import annotations

from torch import nn

from resviz.arch.spec import BlockSpec, InputSpec, NetworkSpec, StageSpec, StemSpec
from resviz.errors import SpecError
from resviz.i18n import _


def _block_spec(block: nn.Module, where: str) -> BlockSpec:
    conv1 = getattr(block, "conv1", None)
    conv2 = getattr(block, "conv2", None)
    if not isinstance(conv1, nn.Conv2d) or not isinstance(conv2, nn.Conv2d):
        raise SpecError(_("{type} is not a torchvision BasicBlock or Bottleneck").format(type=type(block).__name__), where=where)
    if conv2.groups != 1:
        raise SpecError(_("grouped convolutions (ResNeXt) are not supported"), where=where)
    conv3 = getattr(block, "conv3", None)
    batch_norm = isinstance(getattr(block, "bn1", None), nn.BatchNorm2d)
    if isinstance(conv3, nn.Conv2d):
        width = conv1.out_channels
        expansion = conv3.out_channels // width
        if expansion * width != conv3.out_channels:
            raise SpecError(_("the bottleneck's output ({out_channels}) is not a multiple of its width ({width})").format(out_channels=conv3.out_channels, width=width), where=where)
        return BlockSpec(
            kind="bottleneck", channels=width, expansion=expansion, stride=conv2.stride[0],
            kernel=conv2.kernel_size[0], shortcut="B", batch_norm=batch_norm,
        )
    return BlockSpec(
        kind="basic", channels=conv1.out_channels, stride=conv1.stride[0],
        kernel=conv1.kernel_size[0], shortcut="B", batch_norm=batch_norm,
    )


def spec_from_torchvision(model: nn.Module, image_size: int = 224, name: str | None = None) -> NetworkSpec:
    """Read a torchvision ``ResNet`` (any depth, any number of classes) into a spec.

    torchvision adds a ``downsample`` projection exactly where stride or width change,
    which is option B.
    """
    conv1 = getattr(model, "conv1", None)
    fc = getattr(model, "fc", None)
    if not isinstance(conv1, nn.Conv2d) or not isinstance(fc, nn.Linear):
        raise SpecError(_("{type} is not a torchvision ResNet (no conv1/fc)").format(type=type(model).__name__))
    stages = []
    for s in range(1, 10):
        layer = getattr(model, f"layer{s}", None)
        if layer is None:
            break
        blocks = [_block_spec(b, f"stage {s}, block {i + 1}") for i, b in enumerate(layer)]
        stages.append(StageSpec(blocks=blocks))
    if not stages:
        raise SpecError(_("{type} has no layer1…layerN stages").format(type=type(model).__name__))
    return NetworkSpec(
        name=name or f"{type(model).__name__.lower()}{_depth(stages)}",
        description="Read from a torchvision model",
        input=InputSpec(conv1.in_channels, image_size, image_size, fc.out_features),
        stem=StemSpec(
            channels=conv1.out_channels, kernel=conv1.kernel_size[0], stride=conv1.stride[0],
            batch_norm=isinstance(getattr(model, "bn1", None), nn.BatchNorm2d),
            maxpool=isinstance(getattr(model, "maxpool", None), nn.MaxPool2d),
        ),
        stages=stages,
    )


def _depth(stages: list[StageSpec]) -> int:
    return 2 + sum(3 if b.kind == "bottleneck" else 2 for st in stages for b in st.blocks)
