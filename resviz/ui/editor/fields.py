"""What the editor knows about spec fields: titles, tooltips, relevance, readable values.

Pure Python (no Qt), so the rules for which block options apply can be tested on their own.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication

from resviz.arch.spec import ACTIVATION_LABELS, SHORTCUT_LABELS, BlockSpec, NetworkSpec

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
    "plain": "plain: two convs, no shortcut",
    "basic": "basic: two 3×3 convs + shortcut",
    "bottleneck": "bottleneck: 1×1 · 3×3 · 1×1 + shortcut",
}

TITLES = {
    "kind": "kind", "shortcut": "shortcut", "activation": "activation placement",
    "channels": "channels", "expansion": "expansion", "stride": "stride", "kernel": "kernel",
    "padding": "padding", "batch_norm": "batch norm", "scale": "λ scale",
    "scale_branch": "branch scaling (1 − λ)", "gate_bias": "gate bias", "dropout": "dropout",
    "name": "name", "description": "description", "height": "height", "width": "width",
    "classes": "classes", "relu": "ReLU", "maxpool": "max-pool", "final_bn_relu": "final BN-ReLU",
}

TIPS = {
    "kind": "Plain blocks have no shortcut. Basic: the 2015 residual block (残差块). "
    "Bottleneck: 1×1 reduce, 3×3, 1×1 expand (瓶颈结构).",
    "shortcut": "How x reaches the addition y = F(x) + h(x) (捷径连接). Option A/B/C are from "
    "He et al. 2015; scaling, gating, 1×1 conv and dropout from He et al. 2016, Fig. 2.",
    "activation": "Where BN and ReLU sit relative to the addition (He et al. 2016, Fig. 4). "
    "Full pre-activation (预激活) keeps the shortcut a clean identity.",
    "channels": "Output width. For a bottleneck: the inner width; it outputs channels × expansion.",
    "expansion": "A bottleneck outputs channels × expansion (4 in the papers).",
    "stride": "2 halves the feature map (the first block of a stage, in the papers).",
    "kernel": "Size of the spatial convolutions (3 in the papers).",
    "padding": "'same' keeps the feature map size (kernel // 2). Less padding shrinks it, "
    "which a shortcut cannot follow.",
    "batch_norm": "Batch normalisation (批归一化) after each conv (before it, with pre-activation).",
    "scale": "h(x) = λx: the constant-scaling shortcut (He et al. 2016, Fig. 2b).",
    "scale_branch": "Also scale the residual branch by 1 − λ.",
    "gate_bias": "Initial gate bias b_g; −6 keeps the shortcut open at the start, as in the paper.",
    "dropout": "Probability of dropping the shortcut (He et al. 2016, Fig. 2f).",
    "relu": "ReLU after the stem convolution.",
    "maxpool": "3×3 max-pool with stride 2 after the stem (ImageNet nets).",
    "final_bn_relu": "BN + ReLU before pooling: needed after full pre-activation units.",
    "classes": "Number of output classes of the classifier.",
}

SHORT_SHORTCUT = {
    "none": "", "identity": "id", "A": "A", "B": "B", "C": "C", "scaling": "λ",
    "exclusive_gating": "excl. gate", "shortcut_gating": "gate", "conv1x1": "1×1", "dropout": "drop",
}
SHORT_ACTIVATION = {
    "original": "", "bn_after_add": "BN after add", "relu_before_add": "ReLU before add",
    "relu_preact": "ReLU pre-act", "full_preact": "pre-act",
}
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


def block_summary(spec: NetworkSpec, stage: int, index: int, in_channels: int | None = None) -> str:
    """One line per block for the tree: 'basic · 16→32 · /2 · A'."""
    blk = spec.stages[stage].blocks[index]
    cin = block_in_channels(spec, stage, index) if in_channels is None else in_channels
    parts = [blk.kind, f"{cin}→{blk.out_channels}"]
    if blk.layers is not None:  # a custom branch: its layers, not the block's options, say the rest
        parts[0] = QCoreApplication.translate("BlockSummary", "custom, {n} layers").format(n=len(blk.layers))
    if blk.branch_stride != 1:
        parts.append(f"/{blk.branch_stride}")
    if blk.kernel != 3 and blk.layers is None:
        parts.append(f"{blk.kernel}×{blk.kernel}")
    if blk.is_residual:
        sc = SHORT_SHORTCUT[blk.shortcut]
        parts.append(f"λ={blk.scale:g}" if blk.shortcut == "scaling" else sc)
    if SHORT_ACTIVATION.get(blk.activation):
        parts.append(SHORT_ACTIVATION[blk.activation])
    if not blk.batch_norm and blk.layers is None:
        parts.append("no BN")
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
