"""What a network is, as plain data: input, stem, stages of blocks, head.

A spec round-trips through JSON (``to_dict``/``from_dict``) with a format version, so
files written today open tomorrow and files from a newer resviz are refused clearly.
Everything a user can change about a block is a field here, one choice per field.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from resviz.arch.layers import LayerSpec, layer_to_dict, parse_layer
from resviz.errors import SpecError, os_reason
from resviz.i18n import N_, _

SPEC_FORMAT = "resviz.network"
SPEC_VERSION = 2
"""1: the papers' blocks · 2: a block may carry a custom branch (``layers``); 1 still loads."""

BlockKind = Literal["plain", "basic", "bottleneck"]
"""plain: two convs, no shortcut · basic: He et al. 2015 two-conv residual · bottleneck: 1x1-3x3-1x1."""
BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)

ShortcutKind = Literal[
    "none",  # no shortcut at all: a plain block
    "identity",  # y = F(x) + x; refuses a change of shape
    "A",  # identity; zero-pad channels and subsample where the shape changes (2015, option A)
    "B",  # identity; 1x1 projection + BN only where the shape changes (option B)
    "C",  # 1x1 projection + BN on every block (option C)
    "scaling",  # h(x) = λx (2016, Fig. 2b)
    "exclusive_gating",  # (1-g)·x + g·F(x), g = σ(conv1x1(x) + b) (Fig. 2c)
    "shortcut_gating",  # F(x) + (1-g)·x (Fig. 2d)
    "conv1x1",  # h(x) = W x, a 1x1 conv without BN on every block (Fig. 2e)
    "dropout",  # h(x) = dropout(x) (Fig. 2f)
]
SHORTCUTS: tuple[ShortcutKind, ...] = get_args(ShortcutKind)

Activation = Literal[
    "original",  # conv-BN-ReLU-conv-BN, add, ReLU (2016, Fig. 4a)
    "bn_after_add",  # conv-BN-ReLU-conv, add, BN, ReLU (Fig. 4b)
    "relu_before_add",  # conv-BN-ReLU-conv-BN-ReLU, add (Fig. 4c)
    "relu_preact",  # ReLU-conv-BN-ReLU-conv-BN, add (Fig. 4d)
    "full_preact",  # BN-ReLU-conv-BN-ReLU-conv, add (Fig. 4e)
]
"""Where BN and ReLU sit in a residual unit (He et al. 2016, Fig. 4)."""
ACTIVATIONS: tuple[Activation, ...] = get_args(Activation)

# Marked for the gettext catalogue: a view shows them through resviz.i18n._(label).
SHORTCUT_LABELS = {
    "none": N_("no shortcut (plain)"),
    "identity": N_("identity"),
    "A": N_("option A: identity, zero-pad when the shape changes"),
    "B": N_("option B: projection only when the shape changes"),
    "C": N_("option C: projection everywhere"),
    "scaling": N_("constant scaling λx"),
    "exclusive_gating": N_("exclusive gating"),
    "shortcut_gating": N_("shortcut-only gating"),
    "conv1x1": N_("1×1 conv shortcut"),
    "dropout": N_("dropout shortcut"),
}

ACTIVATION_LABELS = {
    "original": N_("original (ReLU after addition)"),
    "bn_after_add": N_("BN after addition"),
    "relu_before_add": N_("ReLU before addition"),
    "relu_preact": N_("ReLU-only pre-activation"),
    "full_preact": N_("full pre-activation"),
}

# Shortcuts that change shape by themselves (parameters or padding); the rest need a
# projection, which the builder adds the option-B way, where the shape changes.
SHAPE_CHANGING_SHORTCUTS: tuple[ShortcutKind, ...] = ("A", "B", "C", "conv1x1")


@dataclass
class InputSpec:
    channels: int = 3
    height: int = 32
    width: int = 32
    classes: int = 10


@dataclass
class StemSpec:
    """The first convolution. CIFAR nets: 3x3/16, stride 1. ImageNet nets: 7x7/64, stride 2, max-pool."""

    channels: int = 16
    kernel: int = 3
    stride: int = 1
    batch_norm: bool = True
    relu: bool = True
    maxpool: bool = False


@dataclass
class BlockSpec:
    kind: BlockKind = "basic"
    channels: int = 16
    """Output width for plain/basic; inner width for a bottleneck (it outputs channels × expansion)."""
    stride: int = 1
    kernel: int = 3
    padding: int | None = None
    """None: 'same' padding (kernel // 2). A smaller padding shrinks the feature map."""
    shortcut: ShortcutKind = "A"
    activation: Activation = "original"
    batch_norm: bool = True
    expansion: int = 4
    scale: float = 0.5
    """λ of the constant-scaling shortcut."""
    scale_branch: bool = False
    """With constant scaling, also scale F by 1 − λ (2016, Fig. 2b)."""
    gate_bias: float = -6.0
    """Initial b_g of the gating shortcuts; −6 favours the shortcut at the start, as in the paper."""
    dropout: float = 0.5
    layers: list[LayerSpec] | None = None
    """A custom branch, layer by layer; None: the branch ``kind`` and ``activation`` describe.
    With layers, ``activation`` only says what follows the addition (ReLU, BN + ReLU, nothing)."""

    def __post_init__(self) -> None:
        if self.kind == "plain" and self.shortcut == "A":
            self.shortcut = "none"  # the default shortcut makes no sense on a plain block

    @property
    def out_channels(self) -> int:
        if self.layers is not None:
            convs = [layer for layer in self.layers if layer.is_conv]
            # A branch without convs is refused by the analysis; channels is its best guess.
            return convs[-1].out_channels if convs else self.channels
        return self.channels * self.expansion if self.kind == "bottleneck" else self.channels

    @property
    def is_residual(self) -> bool:
        return self.kind != "plain" and self.shortcut != "none"

    @property
    def is_custom(self) -> bool:
        return self.layers is not None

    @property
    def branch_stride(self) -> int:
        """How much the branch subsamples: the block's stride, or the product of its convs'."""
        if self.layers is None:
            return self.stride
        total = 1
        for layer in self.layers:
            if layer.is_conv:
                total *= layer.stride
        return total


@dataclass
class StageSpec:
    blocks: list[BlockSpec] = field(default_factory=list)
    name: str = ""

    @property
    def depth(self) -> int:
        return len(self.blocks)


@dataclass
class HeadSpec:
    """Global average pool and a fully connected classifier."""

    final_bn_relu: bool = False
    """BN + ReLU before pooling: needed after full pre-activation units, which end on a conv."""
    dropout: float = 0.0


@dataclass
class NetworkSpec:
    name: str = "custom"
    input: InputSpec = field(default_factory=InputSpec)
    stem: StemSpec = field(default_factory=StemSpec)
    stages: list[StageSpec] = field(default_factory=list)
    head: HeadSpec = field(default_factory=HeadSpec)
    description: str = ""

    def blocks(self) -> list[tuple[int, int, BlockSpec]]:
        """Every block with its (stage index, block index), in forward order."""
        return [(s, b, blk) for s, st in enumerate(self.stages) for b, blk in enumerate(st.blocks)]

    @property
    def is_residual(self) -> bool:
        return any(b.is_residual for _, _, b in self.blocks())

    @property
    def depth(self) -> int:
        """Weighted layers the way the papers count them: convs on the main path plus the fc."""
        per_block = {"plain": 2, "basic": 2, "bottleneck": 3}

        def convs(b: BlockSpec) -> int:
            if b.layers is not None:
                return sum(1 for layer in b.layers if layer.is_conv)
            return per_block.get(b.kind, 2)

        return 1 + sum(convs(b) for _, _, b in self.blocks()) + 1

    def copy(self) -> NetworkSpec:
        return from_dict(to_dict(self))

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(to_dict(self), indent=indent, ensure_ascii=False)


def block_label(stage: int, block: int) -> str:
    """The name users see for a block: 'stage 2, block 1' (1-based)."""
    return f"stage {stage + 1}, block {block + 1}"


def to_dict(spec: NetworkSpec) -> dict[str, Any]:
    d = dataclasses.asdict(spec)
    custom = False
    for stage, stage_dict in zip(spec.stages, d["stages"], strict=True):
        for block, block_dict in zip(stage.blocks, stage_dict["blocks"], strict=True):
            if block.layers is None:
                del block_dict["layers"]  # a papers' block reads as it did in version 1
            else:
                block_dict["layers"] = [layer_to_dict(layer) for layer in block.layers]
                custom = True
    # The oldest version that can read it: a net of papers' blocks still opens in resviz 1.
    return {"format": SPEC_FORMAT, "version": SPEC_VERSION if custom else 1, **d}


# --- parsing: every malformed input becomes a SpecError that says where -------------

_SECTION_TYPES: dict[str, type] = {"input": InputSpec, "stem": StemSpec, "head": HeadSpec}
FIELD_TYPES: dict[str, type] = {"int": int, "float": float, "bool": bool, "str": str,
                                "BlockKind": str, "ShortcutKind": str, "Activation": str}
"""A field's annotation (postponed, so a string) → the JSON value it takes. The named choices
are text, checked against their lists (BLOCK_KINDS, SHORTCUTS, ACTIVATIONS)."""


def _check_value(where: str, name: str, value: Any, expected: type) -> Any:
    if expected is bool:
        if not isinstance(value, bool):
            raise SpecError(_("'{name}' must be true or false, not {value!r}").format(name=name, value=value), where=where)
        return value
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer() and math.isfinite(value):
                return int(value)
            raise SpecError(_("'{name}' must be a whole number, not {value!r}").format(name=name, value=value), where=where)
        return value
    if expected is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SpecError(_("'{name}' must be a number, not {value!r}").format(name=name, value=value), where=where)
        if not math.isfinite(value):
            raise SpecError(_("'{name}' must be a finite number, not {value!r}").format(name=name, value=value), where=where)
        return float(value)
    if expected is str:
        if not isinstance(value, str):
            raise SpecError(_("'{name}' must be text, not {value!r}").format(name=name, value=value), where=where)
        return value
    raise AssertionError(expected)


def _parse_fields(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise SpecError(_("expected an object with fields, got {type}").format(type=type(data).__name__), where=where)
    kwargs: dict[str, Any] = {}
    known = {f.name: f for f in dataclasses.fields(cls)}
    for key, value in data.items():
        if key not in known:
            names = ", ".join(sorted(known))
            raise SpecError(_("unknown field '{key}'").format(key=key), hint=_("known fields: {names}").format(names=names), where=where)
        ftype = known[key].type
        if ftype == "int | None":
            kwargs[key] = None if value is None else _check_value(where, key, value, int)
            continue
        py = FIELD_TYPES.get(str(ftype))
        if py is None:
            continue  # nested sections are parsed by the caller
        kwargs[key] = _check_value(where, key, value, py)
    return cls(**kwargs)


def _parse_block(data: Any, where: str) -> BlockSpec:
    block = _parse_fields(BlockSpec, data, where)
    layers = data.get("layers")
    if layers is not None:
        if not isinstance(layers, list):
            raise SpecError(_("'layers' must be a list, not {type}").format(type=type(layers).__name__), where=where)
        block.layers = [parse_layer(layer, where, n) for n, layer in enumerate(layers, start=1)]
    if block.kind not in BLOCK_KINDS:
        raise SpecError(
            _("unknown block kind '{kind}'").format(kind=block.kind), hint=_("use one of: {names}").format(names=', '.join(BLOCK_KINDS)), where=where
        )
    if block.shortcut not in SHORTCUTS:
        raise SpecError(
            _("unknown shortcut '{shortcut}'").format(shortcut=block.shortcut), hint=_("use one of: {names}").format(names=', '.join(SHORTCUTS)), where=where
        )
    if block.activation not in ACTIVATIONS:
        raise SpecError(
            _("unknown activation placement '{activation}'").format(activation=block.activation),
            hint=_("use one of: {names}").format(names=', '.join(ACTIVATIONS)),
            where=where,
        )
    if block.kind == "plain" and "shortcut" not in data:
        block.shortcut = "none"
    return block


def from_dict(data: Any) -> NetworkSpec:
    """Parse a spec dict (as read from JSON). Raises SpecError, never anything else."""
    if not isinstance(data, dict):
        raise SpecError(_("a network spec is a JSON object, not {type}").format(type=type(data).__name__))
    fmt = data.get("format", SPEC_FORMAT)
    if fmt != SPEC_FORMAT:
        raise SpecError(_("this is not a resviz network spec (format {fmt!r})").format(fmt=fmt))
    version = data.get("version", SPEC_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise SpecError(_("'version' must be a whole number, not {version!r}").format(version=version))
    if version < 1:
        raise SpecError(_("'version' must be 1 or more, not {version}").format(version=version))
    if version > SPEC_VERSION:
        raise SpecError(
            _("this spec was written by a newer resviz (spec version {version}; this version reads up to {SPEC_VERSION})").format(version=version, SPEC_VERSION=SPEC_VERSION),
            hint=_("upgrade resviz to open it"),
        )
    allowed = {"format", "version", "name", "description", "input", "stem", "stages", "head"}
    for key in data:
        if key not in allowed:
            raise SpecError(_("unknown field '{key}'").format(key=key), hint=_("known fields: {names}").format(names=', '.join(sorted(allowed))))
    spec = NetworkSpec()
    if "name" in data:
        spec.name = _check_value("spec", "name", data["name"], str)
    if "description" in data:
        spec.description = _check_value("spec", "description", data["description"], str)
    for section, cls in _SECTION_TYPES.items():
        if section in data:
            setattr(spec, section, _parse_fields(cls, data[section], section))
    stages = data.get("stages", [])
    if not isinstance(stages, list):
        raise SpecError(_("'stages' must be a list, not {type}").format(type=type(stages).__name__))
    for s, stage in enumerate(stages):
        where = f"stage {s + 1}"
        if not isinstance(stage, dict):
            raise SpecError(_("expected an object with 'blocks', got {type}").format(type=type(stage).__name__), where=where)
        unknown = set(stage) - {"blocks", "name"}
        if unknown:
            raise SpecError(_("unknown field '{key}'").format(key=sorted(unknown)[0]), hint=_("a stage has 'name' and 'blocks'"), where=where)
        blocks = stage.get("blocks", [])
        if not isinstance(blocks, list):
            raise SpecError(_("'blocks' must be a list, not {type}").format(type=type(blocks).__name__), where=where)
        parsed = [_parse_block(b, block_label(s, i)) for i, b in enumerate(blocks)]
        name = _check_value(where, "name", stage.get("name", ""), str)
        spec.stages.append(StageSpec(blocks=parsed, name=name))
    return spec


def from_json(text: str) -> NetworkSpec:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SpecError(_("the file is not valid JSON ({exc})").format(exc=exc), hint=_("check the file, or re-export it from resviz")) from None
    return from_dict(data)


def load_spec_file(path: str | Path) -> NetworkSpec:
    p = Path(path)
    if not p.exists():
        raise SpecError(_("no such file: {p}").format(p=p), hint=_("check the path, or run 'resviz arch list' for built-in networks"))
    if p.is_dir():
        raise SpecError(_("{p} is a folder, not a spec file").format(p=p), hint=_("name a .json spec file"))
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else _("not UTF-8 text")
        raise SpecError(_("cannot read {p}: {exc}").format(p=p, exc=reason), hint=_("is it a resviz .json spec?")) from None
    return from_json(text)


def save_spec_file(spec: NetworkSpec, path: str | Path) -> None:
    """Write atomically, so a crash mid-save never leaves half a file."""
    p = Path(path)
    tmp = p.with_name(p.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(spec.to_json())
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(p)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SpecError(_("cannot save {p}: {reason}").format(p=p, reason=os_reason(exc)), hint=_("choose another folder or free some disk space")) from None
