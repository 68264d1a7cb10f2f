"""Validation by shape inference: every block's shapes, parameters and multiply-adds.

This runs before anything is built, without torch, so the editor can validate on every
keystroke. The builder follows the same plan (``shortcut_plan``), and the tests check that
the parameter counts here equal those of the built module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from resviz.arch.custom import check_custom_merge, custom_branch
from resviz.arch.fixes import Change, Fix, apply_fix, join_steps
from resviz.arch.spec import (
    BlockSpec,
    NetworkSpec,
    block_label,
    from_dict,
)
from resviz.errors import SpecError, place_label
from resviz.i18n import _

Shape = tuple[int, int, int]  # channels, height, width

Merge = Literal["none", "identity", "pad", "projection", "conv", "scaling", "exclusive_gating",
                "shortcut_gating", "dropout"]
"""What a block's shortcut does where it is: nothing (plain), identity, zero-pad (option A),
projection (options B and C), a 1×1 conv without BN (2016, Fig. 2e), or a Fig. 2 variant."""


class ShortcutPlan(NamedTuple):
    """A block's shortcut as built: how it merges, and whether a 1×1 projection comes first."""

    merge: Merge
    projection: bool
    """A 1×1 conv (+BN) first: options B and C, and a Fig. 2 variant where the shape changes."""

    @property
    def label(self) -> str:
        """The architecture table's name: the merge, '+projection' after a projected variant."""
        if self.merge in ("none", "identity", "pad", "projection", "conv"):
            return self.merge
        return f"{self.merge}+projection" if self.projection else self.merge

MAX_BLOCKS = 2000
MAX_CHANNELS = 8192
MAX_KERNEL = 15
MAX_STRIDE = 8
MAX_SIDE = 4096
MAX_PARAMS = 2_000_000_000


@dataclass(frozen=True)
class LayerRow:
    """One row of the architecture table: the stem, a block, or the head."""

    label: str
    module: str  # the module's name in the built network, e.g. "layer2.0"
    stage: int | None
    index: int | None
    kind: str
    shortcut: str  # what the shortcut does here: ShortcutPlan.label
    in_shape: Shape
    out_shape: Shape
    params: int
    macs: int
    shared_preact: bool = False
    """Both paths take x after the branch's first BN → ReLU (``shares_preactivation``)."""
    projection_bn: bool = False
    """The shortcut's 1×1 projection has a BN after it (``projection_bn``)."""
    plan: ShortcutPlan | None = None
    """A block's shortcut as the builder and the exported code make it (None: stem, head)."""


@dataclass(frozen=True)
class Analysis:
    rows: list[LayerRow]
    params: int
    macs: int
    depth: int
    output_classes: int

    @property
    def blocks(self) -> list[LayerRow]:
        return [r for r in self.rows if r.stage is not None]


def conv_out(side: int, kernel: int, stride: int, padding: int) -> int:
    return (side + 2 * padding - kernel) // stride + 1


def padding_of(block: BlockSpec) -> int:
    return block.kernel // 2 if block.padding is None else block.padding


def shortcut_plan(block: BlockSpec, in_shape: Shape, shape_changes: bool) -> ShortcutPlan:
    """What the shortcut is made of here. The Fig. 2 variants of He et al. 2016 get a
    projection first where the shape changes."""
    sc = block.shortcut
    if block.kind == "plain" or sc == "none":
        return ShortcutPlan("none", False)
    if sc in ("identity", "A", "B"):
        if not shape_changes:
            return ShortcutPlan("identity", False)
        if sc == "A":
            return ShortcutPlan("pad", False)
        if sc == "B":
            return ShortcutPlan("projection", True)
        return ShortcutPlan("identity", False)  # refused by the caller with a message
    if sc == "C":
        return ShortcutPlan("projection", True)
    if sc == "conv1x1":
        return ShortcutPlan("conv", True)
    return ShortcutPlan(sc, shape_changes)  # scaling, exclusive_gating, shortcut_gating, dropout


def shares_preactivation(block: BlockSpec, plan: ShortcutPlan, changes: bool) -> bool:
    """A full pre-activation unit that changes the shape runs its first BN → ReLU once, before
    the split, and both paths take its output, as the authors' code for the 2016 paper does
    (KaimingHe/resnet-1k-layers: "common BN, ReLU" in the units that change the dimensions;
    fb.resnet.torch's "both_preact" agrees from stage 2 on)."""
    return block.activation == "full_preact" and plan.merge != "none" and changes


def projection_bn(block: BlockSpec, plan: ShortcutPlan) -> bool:
    """Options B and C project with BN after the 1×1 conv (He et al. 2015, torchvision). The
    1×1 conv shortcut of 2016's Fig. 2e has none, and neither has a full pre-activation unit's
    projection (resnet-1k-layers, and fb.resnet.torch for option C too): where the unit changes
    the shape it projects the shared, normalised input; option C's other units project raw x."""
    return block.batch_norm and plan.merge != "conv" and block.activation != "full_preact"


def _conv(cin: int, cout: int, k: int, out_hw: int, bias: bool) -> tuple[int, int]:
    params = cin * cout * k * k + (cout if bias else 0)
    return params, cout * cin * k * k * out_hw


def _bn(c: int, on: bool) -> int:
    return 2 * c if on else 0


def _check_int(where: str, name: str, value: int, lo: int, hi: int, hint: str = "") -> None:
    if not lo <= value <= hi:
        raise SpecError(_("{name} must be between {lo} and {hi}, not {value}").format(name=name, lo=lo, hi=hi, value=value), hint=hint, where=where)


def _check_block_fields(block: BlockSpec, where: str) -> None:
    _check_int(where, "channels", block.channels, 1, MAX_CHANNELS)
    _check_int(where, "kernel", block.kernel, 1, MAX_KERNEL)
    _check_int(where, "stride", block.stride, 1, MAX_STRIDE)
    _check_int(where, "expansion", block.expansion, 1, 16)
    if block.padding is not None:
        _check_int(where, "padding", block.padding, 0, block.kernel)
    if not 0.0 <= block.dropout < 1.0:
        raise SpecError(_("dropout must be in [0, 1), not {dropout}").format(dropout=block.dropout), where=where)
    if not -50.0 <= block.gate_bias <= 50.0:
        raise SpecError(_("gate_bias must be between -50 and 50, not {gate_bias}").format(gate_bias=block.gate_bias), where=where)
    if not -10.0 <= block.scale <= 10.0:
        raise SpecError(_("scale (λ) must be between -10 and 10, not {scale}").format(scale=block.scale), where=where)
    if block.kind == "plain" and block.shortcut != "none":
        raise SpecError(
            _("a plain block has no shortcut, but shortcut is '{shortcut}'").format(shortcut=block.shortcut),
            hint=_("make it kind 'basic' to keep the shortcut, or set shortcut 'none'"),
            where=where,
        )


def _branch(block: BlockSpec, shape: Shape, where: str, stage: int = 0, index: int = 0) -> tuple[Shape, int, int]:
    """Shape, parameters and multiply-adds of the residual branch F(x)."""
    cin, h, w = shape
    k, s, pad, bn = block.kernel, block.stride, padding_of(block), block.batch_norm
    bias = not bn
    pre = block.activation == "full_preact"
    params = macs = 0
    if block.kind == "bottleneck":
        width, out = block.channels, block.out_channels
        convs = [(cin, width, 1, 1, 0), (width, width, k, s, pad), (width, out, 1, 1, 0)]
    else:
        out = block.channels
        convs = [(cin, out, k, s, pad), (out, out, k, 1, pad)]
    for i, (ci, co, kk, ss, pp) in enumerate(convs):
        nh, nw = conv_out(h, kk, ss, pp), conv_out(w, kk, ss, pp)
        if nh < 1 or nw < 1:
            raise SpecError(
                _("conv {number} ({kernel}×{kernel}, stride {stride}, padding {padding}) leaves no feature map from {channels}×{height}×{width}").format(number=i + 1, kernel=kk, stride=ss, padding=pp, channels=ci, height=h, width=w),
                hint=_("use stride 1, a smaller kernel or more padding, or a larger input image"),
                where=where,
                fix=_same_padding_fix(block, stage, index),
            )
        h, w = nh, nw
        p, m = _conv(ci, co, kk, h * w, bias)
        # After the addition (Fig. 4b) the last BN moves out of the branch.
        moved = block.activation == "bn_after_add" and i == len(convs) - 1
        params += p + (0 if moved else _bn(ci if pre else co, bn))
        macs += m
    return (out, h, w), params, macs


def _shortcut_cost(block: BlockSpec, plan: ShortcutPlan, cin: int, out: Shape) -> tuple[int, int]:
    kind, projection = plan
    cout, h, w = out
    params = macs = 0
    if projection:
        params += cin * cout + _bn(cout, projection_bn(block, plan))
        macs += cin * cout * h * w
    if kind in ("exclusive_gating", "shortcut_gating"):
        params += cin * cout + cout  # the gate's 1x1 conv with bias b_g
        macs += cin * cout * h * w
    return params, macs


def _shortcut_shape(block: BlockSpec, plan: ShortcutPlan, shape: Shape, out_c: int) -> Shape:
    kind, projection = plan
    c, h, w = shape
    s = block.branch_stride
    if projection or kind == "pad":
        return out_c, conv_out(h, 1, s, 0), conv_out(w, 1, s, 0)
    return c, h, w


def _analyze_block(block: BlockSpec, shape: Shape, stage: int, index: int) -> LayerRow:
    where = block_label(stage, index)
    _check_block_fields(block, where)
    if block.layers is not None:
        out_shape, params, macs = custom_branch(block, shape, where, stage, index)
    else:
        out_shape, params, macs = _branch(block, shape, where, stage, index)
    changes = out_shape != shape
    plan = shortcut_plan(block, shape, changes or block.branch_stride != 1)
    shared = shares_preactivation(block, plan, changes or block.branch_stride != 1)
    kind = plan.merge
    if block.layers is not None and kind != "none":
        sc = _shortcut_shape(block, plan, shape, out_shape[0])
        check_custom_merge(block, shape, out_shape, sc, kind, where, stage, index)
    fix = _standard_fix(block, stage, index, shape, out_shape)
    if kind == "identity" and changes:
        hint = (_("use shortcut option A (zero-padding) or B (projection), or stride 1")
               if block.stride != 1 and out_shape[0] == shape[0] else
               _("use shortcut option A (zero-padding) or B (projection)"))
        raise SpecError(
            _("cannot add the residual branch's output {shape} to the identity shortcut's {shape2}").format(shape=_fmt(out_shape), shape2=_fmt(shape)),
            # Options A and B both fit unless the map size is off too: then say the whole fix.
            hint=fix.description if fix is not None and len(fix.changes) > 1 else hint,
            where=where,
            fix=fix,
        )
    if kind == "pad" and out_shape[0] < shape[0]:
        hint = _("use shortcut option B (a 1x1 projection) here")
        raise SpecError(
            _("option A can only add channels by zero-padding, but this block goes from {shape} to {out_shape} channels").format(shape=shape[0], out_shape=out_shape[0]),
            hint=fix.description if fix is not None else hint,
            where=where,
            fix=fix,
        )
    if kind != "none":
        sc_shape = _shortcut_shape(block, plan, shape, out_shape[0])
        if sc_shape != out_shape:
            hint = _("keep the feature map size inside the branch: use 'same' padding (kernel // 2) and an odd kernel")
            raise SpecError(
                _("cannot add the residual branch's output {shape} to the shortcut's {shape2}: the {kernel}×{kernel} kernel with padding {padding_of} changes the feature map").format(shape=_fmt(out_shape), shape2=_fmt(sc_shape), kernel=block.kernel, padding_of=padding_of(block)),
                hint=fix.description if fix is not None else hint,
                where=where,
                fix=fix,
            )
        p, m = _shortcut_cost(block, plan, shape[0], out_shape)
        params, macs = params + p, macs + m
        if block.activation == "bn_after_add":
            params += _bn(out_shape[0], block.batch_norm)
    elif block.activation == "bn_after_add":
        params += _bn(out_shape[0], block.batch_norm)
    return LayerRow(
        label=where,
        module=f"layer{stage + 1}.{index}",
        stage=stage,
        index=index,
        kind="custom" if block.layers is not None else block.kind,
        shortcut=plan.label,
        in_shape=shape,
        out_shape=out_shape,
        params=params,
        macs=macs,
        shared_preact=shared,
        projection_bn=plan.projection and projection_bn(block, plan),
        plan=plan,
    )


def _same_padding_fix(block: BlockSpec, stage: int, index: int) -> Fix:
    """An odd kernel with 'same' padding keeps ceil(side / stride) of the map: never nothing."""
    k = block.kernel if block.kernel % 2 else max(1, block.kernel - 1)
    return Fix(_("use a {kernel}×{kernel} kernel with 'same' padding").format(kernel=k),
               (Change(stage, index, None, "kernel", k), Change(stage, index, None, "padding", None)))


def _standard_fix(block: BlockSpec, stage: int, index: int, shape: Shape, out: Shape) -> Fix | None:
    """For a papers' block: 'same' padding with an odd kernel where the map size differs, and
    option B wherever the shortcut cannot follow the change of shape."""
    if block.layers is not None:
        return None
    changes: list[Change] = []
    parts: list[str] = []
    cin, s = shape[0], block.stride
    if out[1:] != (conv_out(shape[1], 1, s, 0), conv_out(shape[2], 1, s, 0)):
        k = block.kernel if block.kernel % 2 else max(1, block.kernel - 1)
        changes += [Change(stage, index, None, "kernel", k), Change(stage, index, None, "padding", None)]
        parts.append(_("use a {kernel}×{kernel} kernel with 'same' padding").format(kernel=k))
    if (block.shortcut == "identity" and (out[0] != cin or block.stride != 1)) or (block.shortcut == "A" and out[0] < cin):
        changes.append(Change(stage, index, None, "shortcut", "B"))
        parts.append(_("use shortcut option B (a 1×1 projection)"))
    return Fix(join_steps(parts), tuple(changes)) if changes else None


def _fmt(shape: Shape) -> str:
    return "×".join(str(v) for v in shape)


def _analyze_stem(spec: NetworkSpec) -> LayerRow:
    inp, stem = spec.input, spec.stem
    _check_int("input", "channels", inp.channels, 1, 64)
    _check_int("input", "height", inp.height, 1, MAX_SIDE)
    _check_int("input", "width", inp.width, 1, MAX_SIDE)
    _check_int("input", "classes", inp.classes, 2, 100_000, hint=_("a classifier needs at least 2 classes"))
    _check_int("stem", "channels", stem.channels, 1, MAX_CHANNELS)
    _check_int("stem", "kernel", stem.kernel, 1, MAX_KERNEL)
    _check_int("stem", "stride", stem.stride, 1, MAX_STRIDE)
    pad = stem.kernel // 2
    h, w = conv_out(inp.height, stem.kernel, stem.stride, pad), conv_out(inp.width, stem.kernel, stem.stride, pad)
    params, macs = _conv(inp.channels, stem.channels, stem.kernel, max(h, 0) * max(w, 0), not stem.batch_norm)
    params += _bn(stem.channels, stem.batch_norm)
    if stem.maxpool:
        h, w = conv_out(h, 3, 2, 1), conv_out(w, 3, 2, 1)
    if h < 1 or w < 1:
        raise SpecError(
            _("the {height}×{width} input is too small for this stem").format(height=inp.height, width=inp.width),
            hint=_("use a larger input, stride 1, or no max-pool"),
            where="stem",
        )
    return LayerRow("stem", "conv1", None, None, "stem", "", (inp.channels, inp.height, inp.width), (stem.channels, h, w), params, macs)


def analyze(spec: NetworkSpec | dict[str, Any]) -> Analysis:
    """Check that a spec fits together and measure it. Raises SpecError only; its ``fix``,
    where there is one, makes the whole spec fit (it is tried before it is proposed)."""
    if not isinstance(spec, NetworkSpec):
        spec = from_dict(spec)
    try:
        return _guarded(spec)
    except SpecError as exc:
        if isinstance(exc.fix, Fix):
            first = exc.fix.description
            exc.fix = _whole_fix(spec, exc.fix)
            if exc.fix is not None and exc.hint == first:
                exc.hint = exc.fix.description
        raise


def _guarded(spec: NetworkSpec) -> Analysis:
    try:
        return _analyze(spec)
    except SpecError:
        raise
    except (TypeError, ValueError, AttributeError, OverflowError, RecursionError) as exc:
        # A hand-built NetworkSpec with wrong field types: report it rather than crash.
        raise SpecError(_("malformed spec ({type}: {exc})").format(type=type(exc).__name__, exc=exc), hint=_("check the field types")) from None


def _whole_fix(spec: NetworkSpec, fix: Fix, rounds: int = 4) -> Fix | None:
    """The fix, extended by the fixes of what it uncovers, until the spec fits; None if it
    does not fit after a few rounds (then no fix is proposed rather than one that fails)."""
    changes, parts = list(fix.changes), [fix.description]
    current = apply_fix(spec, fix)
    for _round in range(rounds):
        try:
            _guarded(current)
        except SpecError as exc:
            if not isinstance(exc.fix, Fix):
                return None
            changes += exc.fix.changes
            # A step for another block names it: "use option B; use option B" read as one block twice.
            parts.append(_("in {where}, {fix}").format(where=place_label(exc.where), fix=exc.fix.description)
                         if exc.where else exc.fix.description)
            current = apply_fix(current, exc.fix)
            continue
        return Fix(join_steps(parts), tuple(changes))
    return None


def _analyze(spec: NetworkSpec | dict[str, Any]) -> Analysis:
    if not isinstance(spec, NetworkSpec):
        spec = from_dict(spec)
    n_blocks = sum(len(s.blocks) for s in spec.stages)
    if n_blocks > MAX_BLOCKS:
        raise SpecError(_("{n_blocks} blocks is more than resviz can build ({MAX_BLOCKS})").format(n_blocks=n_blocks, MAX_BLOCKS=MAX_BLOCKS), hint=_("use fewer blocks per stage"))
    if not spec.stages or n_blocks == 0:
        raise SpecError(_("the network has no blocks"), hint=_("add a stage with at least one block"))
    stem = _analyze_stem(spec)
    rows = [stem]
    shape = stem.out_shape
    for s, stage in enumerate(spec.stages):
        if not stage.blocks:
            raise SpecError(_("this stage has no blocks"), hint=_("add a block or remove the stage"), where=f"stage {s + 1}")
        for b, block in enumerate(stage.blocks):
            row = _analyze_block(block, shape, s, b)
            rows.append(row)
            shape = row.out_shape
    c = shape[0]
    head_params = c * spec.input.classes + spec.input.classes + _bn(c, spec.head.final_bn_relu)
    if not 0.0 <= spec.head.dropout < 1.0:
        raise SpecError(_("dropout must be in [0, 1), not {dropout}").format(dropout=spec.head.dropout), where="head")
    rows.append(LayerRow("head", "fc", None, None, "head", "", shape, (spec.input.classes, 1, 1), head_params, c * spec.input.classes))
    params = sum(r.params for r in rows)
    if params > MAX_PARAMS:
        raise SpecError(_("{params:,} parameters is too many to build").format(params=params), hint=_("use fewer or narrower blocks"))
    return Analysis(rows=rows, params=params, macs=sum(r.macs for r in rows), depth=spec.depth, output_classes=spec.input.classes)


def validate(spec: NetworkSpec | dict[str, Any]) -> NetworkSpec:
    """Return the parsed spec if it fits together; raise SpecError otherwise."""
    parsed = spec if isinstance(spec, NetworkSpec) else from_dict(spec)
    analyze(parsed)
    return parsed
