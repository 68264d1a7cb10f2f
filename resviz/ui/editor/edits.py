"""Every structural and field edit as a pure function on a spec copy.

Each mutates the spec it is given and returns the undo text ("Set shortcut of stage 2,
block 1 to B"). The document wraps them in undo commands; keeping them Qt-free keeps the
rules (what a new block copies, what a kind change implies) testable on their own.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import Any

from resviz.arch.spec import (
    ACTIVATIONS,
    BLOCK_KINDS,
    FIELD_TYPES,
    SHORTCUTS,
    BlockSpec,
    NetworkSpec,
    StageSpec,
    block_label,
)
from resviz.errors import SpecError
from resviz.ui.editor.fields import BLOCK_FIELDS, SECTION_FIELDS, TITLES, describe_value

translate: Callable[[str, str], str] = lambda context, text: text  # noqa: E731
"""(context, source) → shown text: the document sets QCoreApplication.translate, so undo texts
follow the window's language; on its own this module stays Qt-free and English."""


def _where(stage: int, index: int) -> str:
    return translate("Edits", "stage {stage}, block {block}").format(stage=stage + 1, block=index + 1)


def _title(field: str) -> str:
    return translate("FieldForm", TITLES.get(field, field))


def _value(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return translate("Edits", "on") if value else translate("Edits", "off")
    if value is None:
        return translate("Edits", "same")
    # Option labels are the editor's ("FieldForm"); A, B, C and numbers stay as they are.
    return translate("FieldForm", describe_value(field, value))


_CHOICES: dict[str, tuple[str, ...]] = {"kind": BLOCK_KINDS, "shortcut": SHORTCUTS, "activation": ACTIVATIONS}


def _coerce(cls: type, name: str, value: Any, where: str) -> Any:
    """Check a value against the dataclass field's type, the way from_dict would."""
    known = {f.name: str(f.type) for f in dataclasses.fields(cls)}
    if name not in known:
        raise SpecError(f"unknown field '{name}'", hint=f"known fields: {', '.join(sorted(known))}", where=where)
    ftype = known[name]
    if ftype == "int | None" and value is None:
        return None
    expected = FIELD_TYPES.get(ftype.replace(" | None", ""))
    ok = expected is not None and isinstance(value, expected) and not (expected is not bool and isinstance(value, bool))
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if expected is int and isinstance(value, float) and value.is_integer():
        value, ok = int(value), True
    if not ok:
        raise SpecError(f"'{name}' cannot be {value!r}", where=where)
    if name in _CHOICES and cls is BlockSpec and value not in _CHOICES[name]:
        raise SpecError(f"unknown {name} '{value}'", hint=f"use one of: {', '.join(_CHOICES[name])}", where=where)
    return value


def _stage(spec: NetworkSpec, stage: int) -> StageSpec:
    if not 0 <= stage < len(spec.stages):
        raise IndexError(f"there is no stage {stage + 1} (the network has {len(spec.stages)})")
    return spec.stages[stage]


def _block(spec: NetworkSpec, stage: int, index: int) -> BlockSpec:
    blocks = _stage(spec, stage).blocks
    if not 0 <= index < len(blocks):
        raise IndexError(f"there is no {block_label(stage, index)} (stage {stage + 1} has {len(blocks)} blocks)")
    return blocks[index]


def default_shortcut(spec: NetworkSpec) -> str:
    """The shortcut a block gets when it turns residual: the net's most common one, else A."""
    used = Counter(b.shortcut for _, _, b in spec.blocks() if b.is_residual)
    return used.most_common(1)[0][0] if used else "A"


def template_block(spec: NetworkSpec, stage: int) -> BlockSpec:
    """What a new block in a stage copies: its last block, else the nearest one before, with stride 1."""
    for s in range(min(stage, len(spec.stages) - 1), -1, -1):
        if spec.stages[s].blocks:
            return dataclasses.replace(spec.stages[s].blocks[-1], stride=1)
    return BlockSpec(channels=spec.stem.channels)


def set_block_field(spec: NetworkSpec, stage: int, index: int, field: str, value: Any) -> str:
    """Set one block option. Kind and shortcut stay consistent: a plain block has no shortcut,
    and giving a plain block a shortcut makes it a basic one."""
    where = block_label(stage, index)
    if field not in BLOCK_FIELDS:
        raise SpecError(f"unknown block option '{field}'", hint=f"known options: {', '.join(BLOCK_FIELDS)}", where=where)
    block = _block(spec, stage, index)
    value = _coerce(BlockSpec, field, value, where)
    if field == "kind":
        if value == "plain":
            block.shortcut = "none"
        elif block.kind == "plain" and block.shortcut == "none":
            block.shortcut = default_shortcut(spec)
    if field == "shortcut" and value != "none" and block.kind == "plain":
        block.kind = "basic"
    setattr(block, field, value)
    return translate("Edits", "Set {field} of {where} to {value}").format(
        field=_title(field), where=_where(stage, index), value=_value(field, value))


def apply_block_fields(spec: NetworkSpec, stage: int, index: int, scope: str = "stage") -> str:
    """Copy a block's options to the rest of its stage (all but stride) or to every block
    (all but stride and channels, since widths differ between stages)."""
    source = _block(spec, stage, index)
    keep = {"stride"} if scope == "stage" else {"stride", "channels"}
    if scope == "stage":
        targets = list(_stage(spec, stage).blocks)
    elif scope == "network":
        targets = [b for _, _, b in spec.blocks()]
    else:
        raise ValueError(f"scope must be 'stage' or 'network', not {scope!r}")
    for blk in targets:
        for f in BLOCK_FIELDS:
            if f not in keep:
                setattr(blk, f, getattr(source, f))
    if scope == "stage":
        return translate("Edits", "Apply the options of {block} to stage {stage}").format(
            block=_where(stage, index), stage=stage + 1)
    return translate("Edits", "Apply the options of {block} to every block").format(block=_where(stage, index))


def set_section_field(spec: NetworkSpec, section: str, field: str, value: Any) -> str:
    """Input shape/classes, stem, head, or the network's own name and description."""
    if section not in SECTION_FIELDS:
        raise SpecError(f"unknown section '{section}'", hint=f"use one of: {', '.join(SECTION_FIELDS)}")
    if section == "network":
        if field not in SECTION_FIELDS["network"]:
            raise SpecError(f"unknown field '{field}'", hint="the network itself has 'name' and 'description'")
        setattr(spec, field, _coerce(NetworkSpec, field, value, "spec"))
        return translate("Edits", "Set the network's {field}").format(field=_title(field))
    target = getattr(spec, section)
    value = _coerce(type(target), field, value, section)
    setattr(target, field, value)
    part = {"input": translate("Edits", "the input"), "stem": translate("Edits", "the stem"),
            "head": translate("Edits", "the head")}.get(section, section)
    return translate("Edits", "Set {field} of {part} to {value}").format(
        field=_title(field), part=part, value=_value(field, value))


def set_stage_depth(spec: NetworkSpec, stage: int, n: int) -> str:
    """Cut or grow a stage; new blocks copy its last block with stride 1."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise SpecError(f"a stage needs at least 1 block, not {n!r}", hint="remove the stage instead", where=f"stage {stage + 1}")
    blocks = _stage(spec, stage).blocks
    template = template_block(spec, stage)
    del blocks[n:]
    blocks.extend(dataclasses.replace(template) for _ in range(n - len(blocks)))
    if n == 1:
        return translate("Edits", "Set depth of stage {stage} to 1 block").format(stage=stage + 1)
    return translate("Edits", "Set depth of stage {stage} to {n} blocks").format(stage=stage + 1, n=n)


def set_stage_name(spec: NetworkSpec, stage: int, name: str) -> str:
    _stage(spec, stage).name = _coerce(StageSpec, "name", name, f"stage {stage + 1}")
    return translate("Edits", "Rename stage {stage}").format(stage=stage + 1)


def add_block(spec: NetworkSpec, stage: int, after: int | None = None) -> tuple[str, int]:
    """A new block after ``after`` (or at the stage's end) copying it, with stride 1."""
    blocks = _stage(spec, stage).blocks
    pos = len(blocks) if after is None else after + 1
    template = dataclasses.replace(_block(spec, stage, after), stride=1) if after is not None else template_block(spec, stage)
    blocks.insert(pos, template)
    return translate("Edits", "Add {block}").format(block=_where(stage, pos)), pos


def duplicate_block(spec: NetworkSpec, stage: int, index: int) -> tuple[str, int]:
    blocks = _stage(spec, stage).blocks
    blocks.insert(index + 1, dataclasses.replace(_block(spec, stage, index)))
    return translate("Edits", "Duplicate {block}").format(block=_where(stage, index)), index + 1


def remove_block(spec: NetworkSpec, stage: int, index: int) -> str:
    _block(spec, stage, index)
    del spec.stages[stage].blocks[index]
    return translate("Edits", "Remove {block}").format(block=_where(stage, index))


def move_block(spec: NetworkSpec, stage: int, index: int, new_stage: int, new_index: int) -> tuple[str, int]:
    """Move a block; ``new_index`` counts in the target stage after the block has left its place."""
    block = _block(spec, stage, index)
    target = _stage(spec, new_stage).blocks
    del spec.stages[stage].blocks[index]
    pos = max(0, min(new_index, len(target)))
    target.insert(pos, block)
    return translate("Edits", "Move {block} to {target}").format(
        block=_where(stage, index), target=_where(new_stage, pos)), pos


def add_stage(spec: NetworkSpec, after: int | None = None) -> tuple[str, int]:
    """A one-block stage after ``after`` (or at the end): twice as wide, stride 2, as in the papers."""
    pos = len(spec.stages) if after is None else after + 1
    if not 0 <= pos <= len(spec.stages):
        raise IndexError(f"cannot add a stage at position {pos + 1}")
    has_before = any(st.blocks for st in spec.stages[:pos])
    block = template_block(spec, pos - 1) if has_before else BlockSpec(channels=spec.stem.channels)
    if has_before:
        block = dataclasses.replace(block, channels=block.channels * 2, stride=2)
    if not spec.is_residual and spec.blocks():
        block = dataclasses.replace(block, kind="plain" if block.kind == "basic" else block.kind, shortcut="none")
    spec.stages.insert(pos, StageSpec(blocks=[block]))
    return translate("Edits", "Add stage {stage}").format(stage=pos + 1), pos


def remove_stage(spec: NetworkSpec, stage: int) -> str:
    _stage(spec, stage)
    del spec.stages[stage]
    return translate("Edits", "Remove stage {stage}").format(stage=stage + 1)
