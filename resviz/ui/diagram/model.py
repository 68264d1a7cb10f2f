"""What the diagram draws, as plain data: the stem, stages of blocks with their shortcuts, the head.

Built from ``analyze`` when the spec fits together. When it does not, the blocks are still
listed from the spec itself (shortcuts guessed from stride and width, no shapes), with the
error and the place it points at, so the editor's user sees *where* the spec breaks.
Qt-free, so it is tested without a display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from resviz.arch.analysis import Analysis, LayerRow, Shape, analyze, shortcut_plan
from resviz.arch.naming import display_name, matches_preset
from resviz.arch.presets import PRESETS, scale_width
from resviz.arch.spec import NetworkSpec, block_label
from resviz.errors import SpecError
from resviz.i18n import _

translate = QCoreApplication.translate

# Shortcut kinds as analysis.shortcut_plan names them, before any "+projection".
ARC_KINDS = (
    "identity",
    "pad",
    "projection",
    "conv",
    "scaling",
    "exclusive_gating",
    "shortcut_gating",
    "dropout",
)

SHORTCUT_NAMES = {
    "none": QT_TRANSLATE_NOOP("Diagram", "none (plain block)"),
    "identity": QT_TRANSLATE_NOOP("Diagram", "identity"),
    "pad": QT_TRANSLATE_NOOP("Diagram", "identity, zero-padded (option A)"),
    "projection": QT_TRANSLATE_NOOP("Diagram", "1×1 projection + BN"),
    "projection_no_bn": QT_TRANSLATE_NOOP("Diagram", "1×1 projection, no BN"),
    "conv": QT_TRANSLATE_NOOP("Diagram", "1×1 conv, no BN"),
    "scaling": QT_TRANSLATE_NOOP("Diagram", "constant scaling λx"),
    "exclusive_gating": QT_TRANSLATE_NOOP("Diagram", "exclusive gating (1−g)·x + g·F(x)"),
    "shortcut_gating": QT_TRANSLATE_NOOP("Diagram", "shortcut-only gating (1−g)·x"),
    "dropout": QT_TRANSLATE_NOOP("Diagram", "dropout"),
}


def shortcut_name(shortcut: str, *, projection_bn: bool = True, shared_preact: bool = False,
                  scale: float | None = None) -> str:
    """What a block's shortcut is, as the diagram and the editor's tree say it: the analysis's
    name ('projection', 'scaling+projection', …), whether the projection has a BN, and whether
    the shortcut leaves after the BN → ReLU that both paths share."""
    base = shortcut.split("+")[0] or "none"
    key = "projection_no_bn" if base == "projection" and not projection_bn else base
    text = translate("Diagram", SHORTCUT_NAMES[key]) if key in SHORTCUT_NAMES else base
    if base == "scaling" and scale is not None:
        text = translate("Diagram", "constant scaling ×{scale}").format(scale=f"{scale:g}")
    if shortcut.endswith("+projection"):
        text = translate("Diagram", "{shortcut} + 1×1 projection").format(shortcut=text)
    if shared_preact:
        text = translate("Diagram", "{shortcut}, after the BN → ReLU both paths share").format(shortcut=text)
    return text


@dataclass(frozen=True)
class BlockInfo:
    """One drawable node on the main path: the stem, a block, or the head."""

    module: str
    label: str
    kind: str  # stem, plain, basic, bottleneck, head
    shortcut: str  # analysis vocabulary: none, identity, pad, ..., "<variant>+projection"
    stage: int | None = None
    index: int | None = None
    in_shape: Shape | None = None
    out_shape: Shape | None = None
    params: int | None = None
    macs: int | None = None
    stride: int = 1
    channels: int = 0  # output channels
    scale: float = 0.5  # λ of a scaling shortcut
    kernel: int = 0
    maxpool: bool = False  # the ImageNet stem's max-pool
    projection_bn: bool = True  # a projection shortcut's BN (none in a full pre-activation net)
    shared_preact: bool = False  # the shortcut leaves after the branch's first BN → ReLU

    @property
    def arc_kind(self) -> str | None:
        """The shortcut drawn beside this block, or None for no arc."""
        base = self.shortcut.split("+")[0]
        return base if base in ARC_KINDS else None

    @property
    def with_projection(self) -> bool:
        return self.shortcut.endswith("+projection")

    def shortcut_text(self) -> str:
        return shortcut_name(self.shortcut, projection_bn=self.projection_bn, shared_preact=self.shared_preact,
                             scale=self.scale)


@dataclass(frozen=True)
class StageInfo:
    index: int
    name: str
    blocks: list[BlockInfo]

    @property
    def depth(self) -> int:
        return len(self.blocks)

    @property
    def channels(self) -> int:
        return self.blocks[-1].channels if self.blocks else 0

    @property
    def arc_kinds(self) -> list[str]:
        return [k for k in (b.arc_kind for b in self.blocks) if k is not None]

    @property
    def main_arc_kind(self) -> str | None:
        """The most common shortcut in the stage, which a collapsed stage draws."""
        kinds = self.arc_kinds
        return max(set(kinds), key=kinds.count) if kinds else None

    @property
    def kind_text(self) -> str:
        kinds = sorted({b.kind for b in self.blocks})
        return "/".join(kinds)

    def map_size(self) -> str:
        shape = self.blocks[-1].out_shape if self.blocks else None
        return f"{shape[1]}×{shape[2]}" if shape else ""

    def summary(self) -> str:
        """'18 blocks · 32 ch · 16×16' as the header and the collapsed box show it."""
        n = self.depth
        parts = [translate("Diagram", "1 block") if n == 1 else translate("Diagram", "{n} blocks").format(n=n),
                 translate("Diagram", "{channels} ch").format(channels=self.channels)]
        if self.map_size():
            parts.append(self.map_size())
        return " · ".join(parts)


@dataclass(frozen=True)
class DiagramModel:
    name: str
    subtitle: str
    stem: BlockInfo
    stages: list[StageInfo]
    head: BlockInfo
    error: str = ""
    error_where: str = ""  # a block label ("stage 2, block 1"), "stage 2", "stem", "head" or ""
    error_hint: str = ""
    input_text: str = ""
    description: str = ""
    width_note: str = ""  # "0.5× the preset's width": the quick setting's nets beside the preset's
    nodes: list[BlockInfo] = field(default_factory=list)

    @property
    def structure(self) -> tuple[int, ...]:
        """Blocks per stage: collapsed state survives a set_spec that keeps it."""
        return tuple(s.depth for s in self.stages)

    @property
    def blocks(self) -> list[BlockInfo]:
        return [b for s in self.stages for b in s.blocks]


def human(n: float) -> str:
    """Three significant digits, as the papers quote them: 269722 → '0.27M', 40550000 → '40.6M'."""
    for unit, div, floor in (("G", 1e9, 1e9), ("M", 1e6, 1e5), ("k", 1e3, 1e3)):
        if abs(n) >= floor:
            return f"{n / div:.3g}{unit}"
    return f"{n:g}"


def fmt_shape(shape: Shape | None) -> str:
    return "×".join(str(v) for v in shape) if shape else "?"


def build_model(spec: NetworkSpec) -> DiagramModel:
    """Never raises: an unusable spec becomes a model with an error and what could be read."""
    try:
        analysis = analyze(spec)
    except SpecError as exc:
        return _fallback(spec, exc)
    return _from_analysis(spec, analysis)


def _info(row: LayerRow, spec: NetworkSpec) -> BlockInfo:
    stride, scale, kernel = 1, 0.5, 0
    if row.stage is not None and row.index is not None:
        block = spec.stages[row.stage].blocks[row.index]
        stride, scale, kernel = block.branch_stride, block.scale, block.kernel
    elif row.kind == "stem":
        stride, kernel = spec.stem.stride, spec.stem.kernel
    return BlockInfo(
        module=row.module,
        label=row.label,
        kind=row.kind,
        shortcut=row.shortcut or "none",
        stage=row.stage,
        index=row.index,
        in_shape=row.in_shape,
        out_shape=row.out_shape,
        params=row.params,
        macs=row.macs,
        stride=stride,
        channels=row.out_shape[0],
        scale=scale,
        kernel=kernel,
        maxpool=row.kind == "stem" and spec.stem.maxpool,
        projection_bn=row.projection_bn,
        shared_preact=row.shared_preact,
    )


def _from_analysis(spec: NetworkSpec, analysis: Analysis) -> DiagramModel:
    infos = [_info(r, spec) for r in analysis.rows]
    stages = [
        StageInfo(s, st.name or f"stage {s + 1}", [b for b in infos if b.stage == s])
        for s, st in enumerate(spec.stages)
    ]
    subtitle = translate("Diagram", "{depth} layers · {params} params · {macs} MACs").format(
        depth=analysis.depth, params=human(analysis.params), macs=human(analysis.macs))
    # An edited preset keeps the preset's name in the spec; say it is edited, and from what.
    edited = spec.name in PRESETS and not matches_preset(spec)
    if edited:
        description = _("Edited from: {description}").format(description=PRESETS[spec.name].description)
    elif spec.name in PRESETS:
        description = PRESETS[spec.name].description  # the preset's own words, in the language in force
    else:
        description = spec.description
    width_note = ""
    if spec.name in PRESETS:  # the quick setting halves the width: say so beside the smaller count
        preset = PRESETS[spec.name].make()
        ratio = spec.stem.channels / max(1, preset.stem.channels)
        scaled = scale_width(preset, ratio)
        uniform = [b.channels for _, _, b in spec.blocks()] == [b.channels for _, _, b in scaled.blocks()]
        if abs(ratio - 1) > 1e-9 and uniform:  # every width scaled alike, as scale_width does
            width_note = translate("Diagram", "{ratio:g}× the preset's width").format(ratio=ratio)
    return DiagramModel(
        name=display_name(spec),
        subtitle=subtitle,
        stem=infos[0],
        stages=stages,
        head=infos[-1],
        input_text=_input_text(spec),
        description=description,
        width_note=width_note,
        nodes=infos,
    )


def _guess_shortcut(block: Any, in_channels: int) -> str:
    """The shortcut analysis would plan, judged from stride and width alone."""
    try:
        changes = block.branch_stride != 1 or block.out_channels != in_channels
        return shortcut_plan(block, (in_channels, 1, 1), changes).label
    except Exception:  # a hand-built spec with wrong field types: draw no arc
        return "none"


def _input_text(spec: Any) -> str:
    try:
        inp = spec.input
        return translate("Diagram", "input {shape}").format(
            shape=f"{int(inp.channels)}×{int(inp.height)}×{int(inp.width)}")
    except Exception:
        return translate("Diagram", "input")


def _fallback(spec: Any, exc: SpecError) -> DiagramModel:
    stages: list[StageInfo] = []
    stem = BlockInfo("conv1", "stem", "stem", "none")
    head = BlockInfo("fc", "head", "head", "none")
    try:
        sp = spec.stem
        channels = int(sp.channels)
        stem = BlockInfo(
            "conv1",
            "stem",
            "stem",
            "none",
            stride=int(sp.stride),
            channels=channels,
            kernel=int(sp.kernel),
            maxpool=bool(sp.maxpool),
        )
        head = BlockInfo("fc", "head", "head", "none", channels=int(spec.input.classes))
        for s, st in enumerate(spec.stages):
            blocks = []
            for i, block in enumerate(st.blocks):
                blocks.append(
                    BlockInfo(
                        module=f"layer{s + 1}.{i}",
                        label=block_label(s, i),
                        kind="custom" if block.layers is not None else str(block.kind),
                        shortcut=_guess_shortcut(block, channels),
                        stage=s,
                        index=i,
                        stride=int(block.branch_stride),
                        channels=int(block.out_channels),
                        scale=float(block.scale),
                    )
                )
                channels = int(block.out_channels)
            stages.append(StageInfo(s, str(st.name or f"stage {s + 1}"), blocks))
    except Exception:  # too malformed to list: show the message alone
        stages = []
    name = getattr(spec, "name", "") or "network"
    nodes = [stem, *(b for st in stages for b in st.blocks), head]
    return DiagramModel(
        name=str(name),
        subtitle=translate("Diagram", "invalid spec"),
        stem=stem,
        stages=stages,
        head=head,
        error=exc.message,
        error_where=exc.where,
        error_hint=exc.hint,
        input_text=_input_text(spec),
        nodes=nodes,
    )
