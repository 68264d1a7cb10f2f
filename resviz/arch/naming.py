"""Names that say what a network is: a preset's name only while it is still that preset.

A run of ResNet-20 with one block switched to exclusive gating is not "resnet20"; it is
"resnet20, edited: exclusive gating". Widths and the input shape are left out of the
comparison: the quick classroom setting halves the width and fits the input to the data,
and the network is still the paper's plain-20 or ResNet-20 in structure.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from resviz.arch.presets import PRESETS
from resviz.arch.spec import ACTIVATION_LABELS, SHORTCUT_LABELS, BlockSpec, NetworkSpec, to_dict
from resviz.i18n import N_, _, join_list

SHORT_SHORTCUTS = {"A": N_("option A"), "B": N_("option B"), "C": N_("option C")}
KIND_EDITS = {"basic": N_("basic blocks"), "bottleneck": N_("bottleneck blocks"), "plain": N_("plain blocks"),
               "custom": N_("custom blocks")}


def _structure(spec_dict: dict[str, Any]) -> dict[str, Any]:
    """The spec without names, description, input shape and widths."""
    stem = {k: v for k, v in spec_dict.get("stem", {}).items() if k != "channels"}
    stages = [[{k: v for k, v in b.items() if k != "channels"} for b in st.get("blocks", [])]
              for st in spec_dict.get("stages", [])]
    return {"stem": stem, "stages": stages, "head": spec_dict.get("head", {})}


@cache
def _preset_structure(name: str) -> dict[str, Any]:
    return _structure(to_dict(PRESETS[name].make()))


def matches_preset(spec: NetworkSpec) -> bool:
    """True when the spec is the preset it is named after (widths and input aside)."""
    return spec.name in PRESETS and _structure(to_dict(spec)) == _preset_structure(spec.name)


def _kind(block: BlockSpec) -> str:
    return "custom" if block.layers is not None else block.kind


def _changes(spec: NetworkSpec) -> list[str]:
    """What sets the spec apart from its preset: block kinds, shortcuts, activations, batch
    norm, depth."""
    preset = PRESETS[spec.name].make()
    theirs_sc = {b.shortcut for _s, _b, b in preset.blocks()}
    theirs_act = {b.activation for _s, _b, b in preset.blocks()}
    theirs_kind = {_kind(b) for _s, _b, b in preset.blocks()}
    out: list[str] = [_(KIND_EDITS[k]) for k in sorted({_kind(b) for _s, _b, b in spec.blocks()} - theirs_kind)]
    for key in sorted({b.shortcut for _s, _b, b in spec.blocks()} - theirs_sc):
        out.append(_(SHORT_SHORTCUTS[key]) if key in SHORT_SHORTCUTS else _(SHORTCUT_LABELS[key]))
    for key in sorted({b.activation for _s, _b, b in spec.blocks()} - theirs_act):
        out.append(_(ACTIVATION_LABELS[key]))
    theirs_bn = {b.batch_norm for _s, _b, b in preset.blocks()}
    ours_bn = {b.batch_norm for _s, _b, b in spec.blocks()}
    if ours_bn != theirs_bn:
        out.append(_("without batch norm") if ours_bn == {False} else _("with batch norm") if ours_bn == {True}
                   else _("batch norm in some blocks"))
    if spec.depth != preset.depth:
        out.append(_("{depth} layers").format(depth=spec.depth))
    return out


def display_name(spec: NetworkSpec) -> str:
    """The spec's name, marked as edited (and how) when it no longer is the preset it names."""
    if spec.name not in PRESETS or matches_preset(spec):
        return spec.name
    changes = _changes(spec)
    if not changes:
        return _("{name}, edited").format(name=spec.name)
    return _("{name}, edited: {changes}").format(name=spec.name, changes=join_list(changes))


def block_text(stage: int, block: int) -> str:
    """'stage 2 · block 1' for stage index 1, block index 0: 1-based, as the editor counts."""
    return _("stage {stage} · block {block}").format(stage=stage + 1, block=block + 1)


def module_label(name: str) -> str:
    """A module name as people read it: 'layer2.0' → 'stage 2 · block 1',
    'layer2.0.branch.conv1' → 'stage 2 · block 1 · conv1', 'layer2.0.shortcut.conv' →
    'stage 2 · block 1 · shortcut'; anything else (conv1, fc) unchanged. "2.0" read as a decimal."""
    parts = name.split(".")
    if not (parts[0].startswith("layer") and parts[0][5:].isdigit() and len(parts) >= 2 and parts[1].isdigit()):
        return name
    label = block_text(int(parts[0][5:]) - 1, int(parts[1]))
    rest = [p for p in parts[2:] if p != "branch"]
    if rest and rest[0] == "shortcut":
        rest = [_("shortcut")]
    return " · ".join([label, ".".join(rest)]) if rest else label
