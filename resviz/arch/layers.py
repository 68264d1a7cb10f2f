"""The layers of a custom branch: what students write when they build a block themselves.

A custom branch is a list of ``LayerSpec`` applied in order. A conv takes its input channels
from the layer before it, so only out channels, kernel, stride, padding and bias are stated.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from resviz.errors import SpecError
from resviz.i18n import N_, _

# Activations a student finds in tutorials; each maps to the torch.nn class of that name.
ACTIVATION_LAYERS = {
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "elu": "ELU",
    "gelu": "GELU",
    "silu": "SiLU",
    "tanh": "Tanh",
    "sigmoid": "Sigmoid",
}
LAYER_TYPES = ("conv", "bn", *ACTIVATION_LAYERS)

LAYER_LABELS = {
    "conv": N_("convolution"),
    "bn": N_("batch norm"),
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "elu": "ELU",
    "gelu": "GELU",
    "silu": "SiLU",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
}

_CONV_FIELDS = ("out_channels", "kernel", "stride", "padding", "bias")


@dataclass
class LayerSpec:
    """One layer of a custom branch. The conv fields are ignored by the other types."""

    type: str = "conv"
    out_channels: int = 16
    kernel: int = 3
    stride: int = 1
    padding: int = 1
    bias: bool = False

    @property
    def is_conv(self) -> bool:
        return self.type == "conv"


def layer_to_dict(layer: LayerSpec) -> dict[str, Any]:
    """Only the fields that mean something for the layer's type, so files stay readable."""
    if layer.is_conv:
        return {"type": "conv", **{f: getattr(layer, f) for f in _CONV_FIELDS}}
    return {"type": layer.type}


def describe_layer(layer: LayerSpec) -> str:
    """'conv 4×4 → 3, stride 1, padding 1' or 'ReLU', in the language in force."""
    if not layer.is_conv:
        return _(LAYER_LABELS[layer.type]) if layer.type in LAYER_LABELS else layer.type
    template = (_("conv {kernel}×{kernel} → {channels}, stride {stride}, padding {padding}, with bias") if layer.bias
                else _("conv {kernel}×{kernel} → {channels}, stride {stride}, padding {padding}"))
    return template.format(kernel=layer.kernel, channels=layer.out_channels, stride=layer.stride, padding=layer.padding)


def parse_layer(data: Any, where: str, number: int) -> LayerSpec:
    """One layer from JSON. Raises SpecError naming the layer."""
    place = _("layer {number}").format(number=number)
    if not isinstance(data, dict):
        raise SpecError(_("{layer}: expected an object with a 'type', got {type}").format(
            layer=place, type=type(data).__name__), where=where)
    kind = data.get("type")
    if kind not in LAYER_TYPES:
        raise SpecError(_("{layer}: unknown layer type {kind!r}").format(layer=place, kind=kind),
                        hint=_("use one of: {names}").format(names=", ".join(LAYER_TYPES)), where=where)
    allowed = ("type", *_CONV_FIELDS) if kind == "conv" else ("type",)
    layer = LayerSpec(type=kind)
    for key, value in data.items():
        if key not in allowed:
            raise SpecError(_("{layer}: unknown field '{key}' for a {kind} layer").format(layer=place, key=key, kind=kind),
                            hint=_("known fields: {names}").format(names=", ".join(allowed)), where=where)
        if key == "type":
            continue
        if key == "bias":
            if not isinstance(value, bool):
                raise SpecError(_("{layer}: 'bias' must be true or false, not {value!r}").format(layer=place, value=value),
                                where=where)
        elif isinstance(value, bool) or not isinstance(value, int):
            raise SpecError(_("{layer}: '{key}' must be a whole number, not {value!r}").format(
                layer=place, key=key, value=value), where=where)
        setattr(layer, key, value)
    return layer


def copy_layers(layers: list[LayerSpec]) -> list[LayerSpec]:
    return [dataclasses.replace(layer) for layer in layers]


def lead_count(layers: list[LayerSpec]) -> int:
    """How many layers come before the first conv: a pre-activation branch's BN → ReLU, which a
    unit that changes the shape shares with its shortcut (analysis.shares_preactivation)."""
    return next((i for i, layer in enumerate(layers) if layer.is_conv), 0)
