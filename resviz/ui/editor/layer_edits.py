"""Edits of a custom branch, layer by layer. Each changes a spec copy in place and returns the
text of its undo step; ``SpecDocument.edit`` makes it one undoable step."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QCoreApplication

from resviz.arch.custom import customise
from resviz.arch.fixes import Fix
from resviz.arch.layers import LayerSpec, describe_layer
from resviz.arch.spec import BlockSpec, NetworkSpec


def _block(spec: NetworkSpec, stage: int, index: int) -> BlockSpec:
    return spec.stages[stage].blocks[index]


def _layers(spec: NetworkSpec, stage: int, index: int) -> list[LayerSpec]:
    block = _block(spec, stage, index)
    if block.layers is None:
        block.layers = customise(block).layers
    assert block.layers is not None
    return block.layers


def customise_block(spec: NetworkSpec, stage: int, index: int) -> str:
    """Write a papers' block as its layer list (same parameters, same outputs)."""
    _layers(spec, stage, index)
    return QCoreApplication.translate("LayerEdits", "Customise stage {stage}, block {block}").format(stage=stage + 1, block=index + 1)


def new_layer(kind: str, channels: int) -> LayerSpec:
    """A conv keeps the map size (3×3, padding 1) and the channels it gets; others have no options."""
    return LayerSpec("conv", out_channels=channels, kernel=3, stride=1, padding=1) if kind == "conv" else LayerSpec(kind)


def add_layer(spec: NetworkSpec, stage: int, index: int, position: int, layer: LayerSpec) -> tuple[str, int]:
    """Insert ``layer`` at ``position``; returns the undo text and where it went."""
    layers = _layers(spec, stage, index)
    position = max(0, min(position, len(layers)))
    layers.insert(position, layer)
    return QCoreApplication.translate("LayerEdits", "Add {layer} to stage {stage}, block {block}").format(
        layer=describe_layer(layer), stage=stage + 1, block=index + 1), position


def remove_layer(spec: NetworkSpec, stage: int, index: int, position: int) -> str:
    layer = _layers(spec, stage, index).pop(position)
    return QCoreApplication.translate("LayerEdits", "Remove {layer} from stage {stage}, block {block}").format(
        layer=describe_layer(layer), stage=stage + 1, block=index + 1)


def move_layer(spec: NetworkSpec, stage: int, index: int, position: int, new_position: int) -> tuple[str, int]:
    layers = _layers(spec, stage, index)
    new_position = max(0, min(new_position, len(layers) - 1))
    layers.insert(new_position, layers.pop(position))
    return QCoreApplication.translate("LayerEdits", "Move layer {old} to position {new}").format(old=position + 1, new=new_position + 1), new_position


def set_layer_field(spec: NetworkSpec, stage: int, index: int, position: int, field: str, value: Any) -> str:
    layer = _layers(spec, stage, index)[position]
    setattr(layer, field, value)
    return QCoreApplication.translate("LayerEdits", "Set {field} of layer {number} to {value}").format(field=field, number=position + 1, value=value)


def apply_fix_in_place(spec: NetworkSpec, fix: Fix) -> str:
    for ch in fix.changes:
        block = _block(spec, ch.stage, ch.block)
        if ch.layer is None:
            setattr(block, ch.field, copy.deepcopy(ch.value))
        elif block.layers is not None:
            setattr(block.layers[ch.layer], ch.field, ch.value)
    return QCoreApplication.translate("LayerEdits", "Apply the fix: {fix}").format(fix=fix.description)
