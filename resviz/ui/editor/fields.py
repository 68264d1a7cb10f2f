"""What the editor knows about spec fields: titles, tooltips, relevance, readable values.

Pure Python (no Qt), so the rules for which block options apply can be tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from resviz.arch.spec import ACTIVATION_LABELS, SHORTCUT_LABELS, BlockSpec, NetworkSpec


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a text for the Qt catalogue (context "FieldForm"); the form translates it when shown.
    Defined here so this module stays free of Qt."""
    return text


BLOCK_FIELDS = (
    "kind", "shortcut", "activation", "channels", "expansion", "stride", "kernel", "padding",
    "batch_norm", "scale", "scale_branch", "gate_bias", "dropout",
)
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "network": ("name", "description"),
    "input": ("channels", "height", "width", "classes"),
    "stem": ("channels", "kernel", "stride", "batch_norm", "relu", "maxpool"),
    "head": ("final_bn_relu", "dropout"),
}

KIND_LABELS = {
    "plain": QT_TRANSLATE_NOOP("FieldForm", "plain: two convs, no shortcut"),
    "basic": QT_TRANSLATE_NOOP("FieldForm", "basic: two 3×3 convs + shortcut"),
    "bottleneck": QT_TRANSLATE_NOOP("FieldForm", "bottleneck: 1×1 · 3×3 · 1×1 + shortcut"),
}

TITLES = {
    "kind": QT_TRANSLATE_NOOP("FieldForm", "kind"),
    "shortcut": QT_TRANSLATE_NOOP("FieldForm", "shortcut"),
    "activation": QT_TRANSLATE_NOOP("FieldForm", "activation placement"),
    "channels": QT_TRANSLATE_NOOP("FieldForm", "channels"),
    "expansion": QT_TRANSLATE_NOOP("FieldForm", "expansion"),
    "stride": QT_TRANSLATE_NOOP("FieldForm", "stride"),
    "kernel": QT_TRANSLATE_NOOP("FieldForm", "kernel"),
    "padding": QT_TRANSLATE_NOOP("FieldForm", "padding"),
    "batch_norm": QT_TRANSLATE_NOOP("FieldForm", "batch norm"),
    "scale": QT_TRANSLATE_NOOP("FieldForm", "λ scale"),
    "scale_branch": QT_TRANSLATE_NOOP("FieldForm", "branch scaling (1 − λ)"),
    "gate_bias": QT_TRANSLATE_NOOP("FieldForm", "gate bias"),
    "dropout": QT_TRANSLATE_NOOP("FieldForm", "dropout"),
    "name": QT_TRANSLATE_NOOP("FieldForm", "name"),
    "description": QT_TRANSLATE_NOOP("FieldForm", "description"),
    "height": QT_TRANSLATE_NOOP("FieldForm", "height"),
    "width": QT_TRANSLATE_NOOP("FieldForm", "width"),
    "classes": QT_TRANSLATE_NOOP("FieldForm", "classes"),
    "relu": QT_TRANSLATE_NOOP("FieldForm", "ReLU"),
    "maxpool": QT_TRANSLATE_NOOP("FieldForm", "max-pool"),
    "final_bn_relu": QT_TRANSLATE_NOOP("FieldForm", "final BN-ReLU"),
}

TIPS = {
    "kind": QT_TRANSLATE_NOOP("FieldForm", "Plain blocks have no shortcut. Basic: the 2015 residual block. "
        "Bottleneck: 1×1 reduce, 3×3, 1×1 expand."),
    "shortcut": QT_TRANSLATE_NOOP("FieldForm", "How x reaches the addition y = F(x) + h(x). Option A/B/C are from "
        "He et al. 2015; scaling, gating, 1×1 conv and dropout from He et al. 2016, Fig. 2."),
    "activation": QT_TRANSLATE_NOOP("FieldForm", "Where BN and ReLU sit relative to the addition (He et al. 2016, Fig. 4). "
        "Full pre-activation keeps the shortcut a clean identity; a unit that changes the shape applies its first "
        "BN → ReLU once, for both paths, as the authors' code does, and its projection (options B, C) has no BN."),
    "channels": QT_TRANSLATE_NOOP("FieldForm", "Output width. For a bottleneck: the inner width; it outputs channels × expansion."),
    "expansion": QT_TRANSLATE_NOOP("FieldForm", "A bottleneck outputs channels × expansion (4 in the papers)."),
    "stride": QT_TRANSLATE_NOOP("FieldForm", "2 halves the feature map (the first block of a stage, in the papers)."),
    "kernel": QT_TRANSLATE_NOOP("FieldForm", "Size of the spatial convolutions (3 in the papers)."),
    "padding": QT_TRANSLATE_NOOP("FieldForm", "'same' keeps the feature map size (kernel // 2). Less padding shrinks it, "
        "which a shortcut cannot follow."),
    "batch_norm": QT_TRANSLATE_NOOP("FieldForm", "Batch normalisation after each conv (before it, with pre-activation)."),
    "scale": QT_TRANSLATE_NOOP("FieldForm", "h(x) = λx: the constant-scaling shortcut (He et al. 2016, Fig. 2b)."),
    "scale_branch": QT_TRANSLATE_NOOP("FieldForm", "Also scale the residual branch by 1 − λ."),
    "gate_bias": QT_TRANSLATE_NOOP("FieldForm", "Initial gate bias b_g; −6 keeps the shortcut open at the start, as in the paper."),
    "dropout": QT_TRANSLATE_NOOP("FieldForm", "Probability of dropping the shortcut (He et al. 2016, Fig. 2f)."),
    "relu": QT_TRANSLATE_NOOP("FieldForm", "ReLU after the stem convolution."),
    "maxpool": QT_TRANSLATE_NOOP("FieldForm", "3×3 max-pool with stride 2 after the stem (ImageNet nets)."),
    "final_bn_relu": QT_TRANSLATE_NOOP("FieldForm", "BN + ReLU before pooling: needed after full pre-activation units."),
    "classes": QT_TRANSLATE_NOOP("FieldForm", "Number of output classes of the classifier."),
}

# The engine's option labels, marked again for the window's catalogue (the form shows these).
SHORTCUT_TEXTS = {
    "none": QT_TRANSLATE_NOOP("FieldForm", "no shortcut (plain)"),
    "identity": QT_TRANSLATE_NOOP("FieldForm", "identity"),
    "A": QT_TRANSLATE_NOOP("FieldForm", "option A: identity, zero-pad when the shape changes"),
    "B": QT_TRANSLATE_NOOP("FieldForm", "option B: projection only when the shape changes"),
    "C": QT_TRANSLATE_NOOP("FieldForm", "option C: projection everywhere"),
    "scaling": QT_TRANSLATE_NOOP("FieldForm", "constant scaling λx"),
    "exclusive_gating": QT_TRANSLATE_NOOP("FieldForm", "exclusive gating"),
    "shortcut_gating": QT_TRANSLATE_NOOP("FieldForm", "shortcut-only gating"),
    "conv1x1": QT_TRANSLATE_NOOP("FieldForm", "1×1 conv shortcut"),
    "dropout": QT_TRANSLATE_NOOP("FieldForm", "dropout shortcut"),
}
ACTIVATION_TEXTS = {
    "original": QT_TRANSLATE_NOOP("FieldForm", "original (ReLU after addition)"),
    "bn_after_add": QT_TRANSLATE_NOOP("FieldForm", "BN after addition"),
    "relu_before_add": QT_TRANSLATE_NOOP("FieldForm", "ReLU before addition"),
    "relu_preact": QT_TRANSLATE_NOOP("FieldForm", "ReLU-only pre-activation"),
    "full_preact": QT_TRANSLATE_NOOP("FieldForm", "full pre-activation"),
}
assert SHORTCUT_TEXTS.keys() == SHORTCUT_LABELS.keys() and ACTIVATION_TEXTS.keys() == ACTIVATION_LABELS.keys()

# The tree's short words (context "SpecTree"; block_summary's ``tr`` translates them).
SHORT_KIND = {"plain": QT_TRANSLATE_NOOP("SpecTree", "plain"), "basic": QT_TRANSLATE_NOOP("SpecTree", "basic"), "bottleneck": QT_TRANSLATE_NOOP("SpecTree", "bottleneck")}
SHORT_SHORTCUT = {
    "none": "", "identity": "id", "A": "A", "B": "B", "C": "C", "scaling": "λ",
    "exclusive_gating": QT_TRANSLATE_NOOP("SpecTree", "excl. gate"), "shortcut_gating": QT_TRANSLATE_NOOP("SpecTree", "gate"), "conv1x1": "1×1",
    "dropout": QT_TRANSLATE_NOOP("SpecTree", "drop"),
}
SHORT_ACTIVATION = {
    "original": "", "bn_after_add": QT_TRANSLATE_NOOP("SpecTree", "BN after add"), "relu_before_add": QT_TRANSLATE_NOOP("SpecTree", "ReLU before add"),
    "relu_preact": QT_TRANSLATE_NOOP("SpecTree", "ReLU pre-act"), "full_preact": QT_TRANSLATE_NOOP("SpecTree", "pre-act"),
}
NO_BN = QT_TRANSLATE_NOOP("SpecTree", "no BN")
CUSTOM_LAYERS = QT_TRANSLATE_NOOP("SpecTree", "custom, {n} layers")
GATING = ("exclusive_gating", "shortcut_gating")


def relevant_block_fields(block: BlockSpec) -> set[str]:
    """The options that change what this block builds; the form shows only these."""
    fields = {"kind", "activation", "channels", "stride", "kernel", "padding", "batch_norm"}
    if block.layers is not None:
        # The branch's layers say its kind, widths, kernels and strides (editor.branch_panel);
        # the shortcut says whether it is residual ('none': plain).
        fields -= {"kind", "channels", "stride", "kernel", "padding"}
    elif block.kind == "bottleneck":
        fields.add("expansion")
    if block.kind != "plain" or block.layers is not None:
        fields.add("shortcut")
        if block.shortcut == "scaling":
            fields |= {"scale", "scale_branch"}
        elif block.shortcut in GATING:
            fields.add("gate_bias")
        elif block.shortcut == "dropout":
            fields.add("dropout")
    return fields


def describe_value(field: str, value: Any) -> str:
    """A value as an undo text shows it: 'B', 'full pre-activation', 'on', 'same'."""
    if field == "shortcut":
        return value if value in ("A", "B", "C") else SHORTCUT_LABELS.get(value, str(value))
    if field == "activation":
        return ACTIVATION_LABELS.get(value, str(value))
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None:
        return "same"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def block_in_channels(spec: NetworkSpec, stage: int, index: int) -> int:
    """Input width of a block, from the spec alone (works while the spec is invalid)."""
    prev = spec.stem.channels
    for s, b, blk in spec.blocks():
        if (s, b) == (stage, index):
            return prev
        prev = blk.out_channels
    return prev


def block_summary(spec: NetworkSpec, stage: int, index: int, in_channels: int | None = None,
                  tr: Callable[[str], str] = str) -> str:
    """One line per block for the tree: 'basic · 16→32 · /2 · A'; ``tr`` translates the words."""
    blk = spec.stages[stage].blocks[index]
    cin = block_in_channels(spec, stage, index) if in_channels is None else in_channels
    parts = [tr(SHORT_KIND.get(blk.kind, blk.kind)), f"{cin}→{blk.out_channels}"]
    if blk.layers is not None:  # a custom branch: its layers, not the block's options, say the rest
        parts[0] = tr(CUSTOM_LAYERS).format(n=len(blk.layers))
    if blk.branch_stride != 1:
        parts.append(f"/{blk.branch_stride}")
    if blk.kernel != 3 and blk.layers is None:
        parts.append(f"{blk.kernel}×{blk.kernel}")
    if blk.is_residual:
        sc = tr(SHORT_SHORTCUT[blk.shortcut]) if SHORT_SHORTCUT[blk.shortcut] else ""
        parts.append(f"λ={blk.scale:g}" if blk.shortcut == "scaling" else sc)
    if SHORT_ACTIVATION.get(blk.activation):
        parts.append(tr(SHORT_ACTIVATION[blk.activation]))
    if not blk.batch_norm and blk.layers is None:
        parts.append(tr(NO_BN))
    return " · ".join(parts)


_MODULE = re.compile(r"^layer(\d+)(?:\.(\d+))?(?:\..*)?$")
_WHERE = re.compile(r"^stage (\d+)(?:, block (\d+))?$")


def parse_module(name: str) -> tuple[str, int | None, int | None]:
    """'layer2.0' → ('block', 1, 0); 'layer2' → ('stage', 1, None); 'conv1' → ('stem', …).

    Submodule names ('layer2.0.branch.conv1') resolve to their block; '' or 'input' to input.
    """
    m = _MODULE.match(name)
    if m:
        s = int(m.group(1)) - 1
        return ("block", s, int(m.group(2))) if m.group(2) is not None else ("stage", s, None)
    head = name.split(".")[0]
    if head in ("conv1", "bn1", "relu", "maxpool", "stem"):
        return "stem", None, None
    if head in ("fc", "avgpool", "final_bn", "dropout", "head"):
        return "head", None, None
    return "input", None, None


def module_name(kind: str, stage: int | None = None, index: int | None = None) -> str:
    """The inverse of parse_module: the name the built network gives the item."""
    if kind == "block":
        return f"layer{(stage or 0) + 1}.{index}"
    if kind == "stage":
        return f"layer{(stage or 0) + 1}"
    return {"stem": "conv1", "head": "fc"}.get(kind, "input")


def where_to_module(where: str) -> str:
    """A SpecError's ``where`` ('stage 2, block 1', 'stem', …) as a module name; '' if none."""
    m = _WHERE.match(where)
    if m:
        s = int(m.group(1)) - 1
        return module_name("block", s, int(m.group(2)) - 1) if m.group(2) else module_name("stage", s)
    return {"stem": "conv1", "head": "fc", "input": "input"}.get(where, "")
