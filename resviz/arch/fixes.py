"""Fixes a validation error proposes: concrete edits that, applied, make the spec fit.

A fix is data (which block, which layer, which field, what value), so the editor can offer it
as one undoable step and a test can apply every fix and validate the result.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from resviz.arch.layers import LayerSpec
from resviz.arch.spec import BlockSpec, NetworkSpec
from resviz.i18n import _


@dataclass(frozen=True)
class Change:
    stage: int
    block: int
    layer: int | None  # 0-based index into the custom branch; None: a field of the block
    field: str
    value: Any


@dataclass(frozen=True)
class Fix:
    description: str
    changes: tuple[Change, ...]


def apply_fix(spec: NetworkSpec, fix: Fix) -> NetworkSpec:
    """A copy of the spec with the fix's changes made."""
    out = spec.copy()
    for ch in fix.changes:
        block = out.stages[ch.stage].blocks[ch.block]
        if ch.layer is None:
            setattr(block, ch.field, copy.deepcopy(ch.value))
        else:
            assert block.layers is not None
            setattr(block.layers[ch.layer], ch.field, ch.value)
    return out


def same_size_changes(block: BlockSpec, stage: int, index: int) -> list[Change]:
    """Make every conv of a custom branch keep the map size (up to its stride): an odd kernel
    with padding kernel // 2 gives ceil(side / stride), as the strided 1×1 shortcut does."""
    changes: list[Change] = []
    for i, layer in enumerate(block.layers or []):
        if not layer.is_conv:
            continue
        k = layer.kernel if layer.kernel % 2 == 1 else max(1, layer.kernel - 1)
        if k != layer.kernel:
            changes.append(Change(stage, index, i, "kernel", k))
        if layer.padding != k // 2:
            changes.append(Change(stage, index, i, "padding", k // 2))
    return changes


def first_conv(layers: list[LayerSpec]) -> int | None:
    return next((i for i, layer in enumerate(layers) if layer.is_conv), None)


def join_steps(parts: list[str]) -> str:
    """Several steps of one fix as one sentence, punctuated the way the language does: steps to
    take together, not alternatives ("make layer 3 a 3×3 conv, and then use option B")."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = _("{first}, and then {then}").format(first=text, then=part)
    return text
