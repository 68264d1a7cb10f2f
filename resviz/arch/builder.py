"""Spec → nn.Module, named the torchvision way (conv1, bn1, layer1.0, …, fc)."""

from __future__ import annotations

import re
from typing import Any

from torch import Tensor, nn

from resviz.arch.analysis import analyze
from resviz.arch.blocks import Block, Projection
from resviz.arch.spec import NetworkSpec

# torchvision keeps a block's convs on the block itself and its projection in
# ``downsample``; resviz nests them under ``branch`` and ``shortcut``. These rename
# torchvision's keys on load, so its state_dicts load strictly.
_TV_BRANCH = re.compile(r"^(layer\d+\.\d+\.)(conv\d|bn\d)\.")
_TV_DOWNSAMPLE = re.compile(r"^(layer\d+\.\d+\.)downsample\.([01])\.")


def torchvision_key(key: str) -> str:
    """Our state_dict key → torchvision's."""
    key = re.sub(r"^(layer\d+\.\d+\.)branch\.", r"\1", key)
    key = re.sub(r"^(layer\d+\.\d+\.)shortcut\.conv\.", r"\1downsample.0.", key)
    return re.sub(r"^(layer\d+\.\d+\.)shortcut\.bn\.", r"\1downsample.1.", key)


def _from_torchvision_key(key: str) -> str:
    key = _TV_BRANCH.sub(r"\1branch.\2.", key)
    return _TV_DOWNSAMPLE.sub(lambda m: f"{m.group(1)}shortcut.{'conv' if m.group(2) == '0' else 'bn'}.", key)


class Network(nn.Module):
    """A built spec. ``blocks()`` lists every block with its name, in forward order."""

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        analysis = analyze(spec)  # refuses a spec that does not fit, before any allocation
        self.spec = spec
        stem = spec.stem
        self.conv1 = nn.Conv2d(
            spec.input.channels, stem.channels, stem.kernel, stride=stem.stride, padding=stem.kernel // 2, bias=not stem.batch_norm
        )
        self.bn1 = nn.BatchNorm2d(stem.channels) if stem.batch_norm else nn.Identity()
        self.relu = nn.ReLU(inplace=True) if stem.relu else nn.Identity()
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1) if stem.maxpool else nn.Identity()
        rows = {r.module: r for r in analysis.blocks}
        self.stage_names: list[str] = []
        for s, stage in enumerate(spec.stages):
            blocks = []
            for b, block in enumerate(stage.blocks):
                row = rows[f"layer{s + 1}.{b}"]
                assert row.plan is not None  # every block's row has one
                blocks.append(Block(block, row.in_shape[0], row.plan, shared_preact=row.shared_preact))
            setattr(self, f"layer{s + 1}", nn.Sequential(*blocks))
            self.stage_names.append(f"layer{s + 1}")
        c = analysis.rows[-1].in_shape[0]
        self.final_bn = nn.BatchNorm2d(c) if spec.head.final_bn_relu else None
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(spec.head.dropout) if spec.head.dropout > 0 else nn.Identity()
        self.fc = nn.Linear(c, spec.input.classes)
        self._init_weights()
        self.register_load_state_dict_pre_hook(_accept_torchvision_keys)

    def _init_weights(self) -> None:
        # He et al. 2015 initialisation, as torchvision does it.
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                bias = m.bias.detach().clone() if m.bias is not None else None
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                if bias is not None:
                    m.bias.data.copy_(bias)  # keeps a gate's b_g as the spec set it
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def blocks(self) -> list[tuple[str, Block]]:
        return [(f"{stage}.{i}", blk) for stage in self.stage_names for i, blk in enumerate(getattr(self, stage))]

    def features(self, x: Tensor) -> Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for stage in self.stage_names:
            x = getattr(self, stage)(x)
        if self.final_bn is not None:
            x = nn.functional.relu(self.final_bn(x))
        return x

    def forward(self, x: Tensor) -> Tensor:
        x = self.avgpool(self.features(x)).flatten(1)
        return self.fc(self.dropout(x))

    def torchvision_state_dict(self) -> dict[str, Any]:
        return {torchvision_key(k): v for k, v in self.state_dict().items()}


def _accept_torchvision_keys(module: nn.Module, state_dict: dict[str, Any], prefix: str, *_: Any) -> None:
    for key in list(state_dict):
        if not key.startswith(prefix):
            continue
        new = prefix + _from_torchvision_key(key[len(prefix):])
        if new != key:
            state_dict[new] = state_dict.pop(key)


def build(spec: NetworkSpec) -> Network:
    """Build a spec into a module. Raises SpecError if the spec does not fit together."""
    return Network(spec)


def weight_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """Every conv and linear layer, in forward order: what the gradient probes measure."""
    return [(n, m) for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


__all__ = ["Network", "build", "weight_layers", "torchvision_key", "Projection"]
