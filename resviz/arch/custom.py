"""Custom branches: shape inference layer by layer, the checks that name the layer where the
shapes stop fitting, and "customise", which writes a papers' block as its layer list."""

from __future__ import annotations

import dataclasses

from resviz.arch.fixes import Change, Fix, join_steps, same_size_changes
from resviz.arch.layers import LayerSpec, describe_layer
from resviz.arch.spec import BlockSpec
from resviz.errors import SpecError
from resviz.i18n import _

Shape = tuple[int, int, int]

MAX_LAYERS = 64
_LIMITS = {"out_channels": (1, 8192), "kernel": (1, 15), "stride": (1, 8)}


def _side(side: int, kernel: int, stride: int, padding: int) -> int:
    return (side + 2 * padding - kernel) // stride + 1


def layer_shapes(layers: list[LayerSpec], shape: Shape) -> list[Shape | None]:
    """The shape after every layer; None from the first layer that leaves no feature map."""
    out: list[Shape | None] = []
    c, h, w = shape
    for layer in layers:
        if layer.is_conv:
            c, h, w = layer.out_channels, _side(h, layer.kernel, layer.stride, layer.padding), \
                _side(w, layer.kernel, layer.stride, layer.padding)
        if h < 1 or w < 1:
            out.extend([None] * (len(layers) - len(out)))
            break
        out.append((c, h, w))
    return out


def _layer_name(number: int, layer: LayerSpec) -> str:
    return _("layer {number} ({layer})").format(number=number, layer=describe_layer(layer))


def _check_fields(block: BlockSpec, where: str, stage: int, index: int) -> None:
    layers = block.layers or []
    if len(layers) > MAX_LAYERS:
        raise SpecError(_("a custom branch of {n} layers is more than resviz builds ({limit})").format(
            n=len(layers), limit=MAX_LAYERS), hint=_("remove some layers"), where=where,
            fix=Fix(_("keep the first {limit} layers").format(limit=MAX_LAYERS),
                    (Change(stage, index, None, "layers", layers[:MAX_LAYERS]),)))
    for i, layer in enumerate(layers):
        if not layer.is_conv:
            continue
        limits = {**_LIMITS, "padding": (0, layer.kernel)}
        for name, (lo, hi) in limits.items():
            value = getattr(layer, name)
            if lo <= value <= hi:
                continue
            good = min(max(value, lo), hi)
            hint = _("set {name} of layer {number} to {good}").format(name=name, number=i + 1, good=good)
            raise SpecError(
                _("{layer}: {name} must be between {lo} and {hi}, not {value}").format(
                    layer=_layer_name(i + 1, layer), name=name, lo=lo, hi=hi, value=value),
                hint=hint, where=where, fix=Fix(hint, (Change(stage, index, i, name, good),)))


def custom_branch(block: BlockSpec, shape: Shape, where: str, stage: int, index: int) -> tuple[Shape, int, int]:
    """Shape, parameters and multiply-adds of a custom branch; SpecError naming the layer."""
    layers = block.layers or []
    _check_fields(block, where, stage, index)
    if not any(layer.is_conv for layer in layers):
        conv = LayerSpec("conv", out_channels=shape[0], kernel=3, stride=1, padding=1)
        hint = _("add a 3×3 conv with {channels} channels and padding 1").format(channels=shape[0])
        raise SpecError(_("a custom branch needs at least one convolution"), hint=hint, where=where,
                        fix=Fix(hint, (Change(stage, index, None, "layers", [*layers, conv]),)))
    shapes = layer_shapes(layers, shape)
    params = macs = 0
    c_in = shape[0]
    for i, (layer, out) in enumerate(zip(layers, shapes, strict=True)):
        if out is None:
            changes = same_size_changes(block, stage, index)
            hint = _("give every conv an odd kernel and 'same' padding (kernel // 2)")
            raise SpecError(
                _("{layer} leaves no feature map from {shape}").format(
                    layer=_layer_name(i + 1, layer), shape=fmt(shapes[i - 1] if i else shape)),
                hint=hint, where=where, fix=Fix(hint, tuple(changes)))
        c, h, w = out
        if layer.is_conv:
            k = layer.kernel
            params += c_in * c * k * k + (c if layer.bias else 0)
            macs += c * c_in * k * k * h * w
        elif layer.type == "bn":
            params += 2 * c
        c_in = c
    last = shapes[-1]
    assert last is not None
    return last, params, macs


def check_custom_merge(block: BlockSpec, shape: Shape, out: Shape, sc_shape: Shape, kind: str, where: str,
                       stage: int, index: int) -> None:
    """Refuse a custom branch whose output cannot be added to its shortcut, naming the layer
    where the map stops matching and proposing a fix that fits both channels and size."""
    layers = block.layers or []
    changes: list[Change] = []
    reasons: list[str] = []
    if out[1:] != sc_shape[1:]:
        changes += same_size_changes(block, stage, index)
        # Name the first conv whose output differs from what 'same' padding would give.
        h, w = shape[1], shape[2]
        for i, layer in enumerate(layers):
            if not layer.is_conv:
                continue
            k, st, p = layer.kernel, layer.stride, layer.padding
            got = (_side(h, k, st, p), _side(w, k, st, p))
            if got != (-(-h // st), -(-w // st)):
                reasons.append(_("{layer} makes the {height}×{width} map {new_height}×{new_width}").format(
                    layer=_layer_name(i + 1, layer), height=h, width=w, new_height=got[0], new_width=got[1]))
                break
            h, w = got
    if (kind == "identity" and (out[0] != shape[0] or block.branch_stride != 1)) or (kind == "pad" and out[0] < shape[0]):
        changes.append(Change(stage, index, None, "shortcut", "B"))
    if not changes:
        return
    if reasons:
        message = _("cannot add the branch's output {out} to the shortcut's {shortcut}: {reason}").format(
            out=fmt(out), shortcut=fmt(sc_shape), reason=reasons[0])
    else:
        message = _("cannot add the branch's output {out} to the shortcut's {shortcut}").format(
            out=fmt(out), shortcut=fmt(sc_shape))
    parts = []
    for ch in changes:
        if ch.field == "shortcut":
            parts.append(_("use shortcut option B (a 1×1 projection)"))
        elif ch.field == "kernel":
            parts.append(_("make layer {number} a {kernel}×{kernel} conv").format(number=ch.layer + 1 if ch.layer is not None else 0, kernel=ch.value))
        elif ch.field == "padding":
            parts.append(_("give layer {number} padding {padding}").format(number=ch.layer + 1 if ch.layer is not None else 0, padding=ch.value))
    description = join_steps(parts)
    raise SpecError(message, hint=description, where=where, fix=Fix(description, tuple(changes)))


def fmt(shape: Shape | None) -> str:
    return "?" if shape is None else "×".join(str(v) for v in shape)


def customise(block: BlockSpec) -> BlockSpec:
    """The same block as a layer list: identical parameters (names included) and outputs.

    ``activation`` stays: on a custom block it says what follows the addition."""
    if block.layers is not None:
        return dataclasses.replace(block, layers=[dataclasses.replace(layer) for layer in block.layers])
    bn, k = block.batch_norm, block.kernel
    pad = k // 2 if block.padding is None else block.padding
    if block.kind == "bottleneck":
        width = block.channels
        convs = [LayerSpec("conv", width, 1, 1, 0, not bn), LayerSpec("conv", width, k, block.stride, pad, not bn),
                 LayerSpec("conv", block.out_channels, 1, 1, 0, not bn)]
    else:
        c = block.channels
        convs = [LayerSpec("conv", c, k, block.stride, pad, not bn), LayerSpec("conv", c, k, 1, pad, not bn)]
    act = block.activation
    layers: list[LayerSpec] = []
    for i, conv in enumerate(convs):
        last = i == len(convs) - 1
        norm = [LayerSpec("bn")] if bn else []
        if act == "full_preact":
            layers += [*norm, LayerSpec("relu"), conv]
        elif act == "relu_preact":
            layers += [LayerSpec("relu"), conv, *norm]
        else:
            layers.append(conv)
            if not (act == "bn_after_add" and last):
                layers += norm
            if not last or act == "relu_before_add":
                layers.append(LayerSpec("relu"))
    return dataclasses.replace(block, layers=layers)
