"""How much memory training a spec needs, from shape inference alone (no torch, nothing built).

Four parts: the weights, their gradients, the optimizer's state (SGD momentum: one copy of the
weights; Adam: two) and the activations autograd keeps for the backward pass. The activations
grow with the batch and the image: per convolution two maps of its output shape are kept (the
conv's output for the batch norm, the normalised map, rectified in place, for the next conv),
a projection or a gate keeps one more, and the backward pass holds the gradients of the two
largest maps while it runs. Under bf16/fp16 autocast the maps take 2 bytes a number instead of
4, and autocast keeps a 16-bit copy of every weight. Measured against the bytes autograd really
saves (batch 4, fp32 and bf16): ResNet-20, ResNet-56 and pre-act ResNet-164 1.02-1.08×, ResNet-18
0.82× (tests/test_arch_memory.py keeps a small net within 0.7-1.5×).
"""

from __future__ import annotations

from dataclasses import dataclass

from resviz.arch.analysis import Analysis, analyze, conv_out, padding_of
from resviz.arch.spec import NetworkSpec

MAPS_PER_CONV = 2
"""The conv's output (kept by BN) and the BN output, rectified in place (kept by the next conv)."""


@dataclass(frozen=True)
class MemoryEstimate:
    weights: int
    gradients: int
    optimizer: int
    activations: int
    """Bytes, for the whole batch."""
    batch_size: int

    @property
    def total(self) -> int:
        return self.weights + self.gradients + self.optimizer + self.activations


def optimizer_copies(optimizer: str, momentum: float = 0.9) -> int:
    """Copies of the weights the optimizer keeps: Adam's two moments, SGD's momentum buffer."""
    if optimizer in ("adam", "adamw"):
        return 2
    return 1 if momentum > 0 else 0


def activation_numbers(spec: NetworkSpec, analysis: Analysis | None = None) -> int:
    """Numbers kept for the backward pass, per image."""
    a = analysis or analyze(spec)
    inp = spec.input
    total = inp.channels * inp.height * inp.width  # the input batch itself
    stem = a.rows[0]
    c, h, w = stem.out_shape
    largest = c * h * w
    total += MAPS_PER_CONV * c * h * w
    if spec.stem.maxpool:
        total += 2 * c * h * w  # the pooled map and its argmax indices
    blocks = [b for stage in spec.stages for b in stage.blocks]
    for block, row in zip(blocks, a.blocks, strict=True):
        cin, h, w = row.in_shape
        cout, oh, ow = row.out_shape
        if block.kind == "bottleneck":
            width = block.channels
            convs = [width * h * w, width * oh * ow, cout * oh * ow]
        else:
            mid_h = conv_out(h, block.kernel, block.stride, padding_of(block))
            mid_w = conv_out(w, block.kernel, block.stride, padding_of(block))
            convs = [cout * mid_h * mid_w, cout * oh * ow]
        total += MAPS_PER_CONV * sum(convs)
        largest = max(largest, *convs)
        if row.shortcut not in ("none", "identity", "pad"):
            total += cout * oh * ow  # a projection's or a gate's own output
    return total + 2 * largest


def estimate_training_memory(spec: NetworkSpec, *, batch_size: int, optimizer: str = "sgd",
                             momentum: float = 0.9, precision: str = "fp32",
                             analysis: Analysis | None = None) -> MemoryEstimate:
    """Bytes a training step needs at ``batch_size``; precision is the resolved one (fp32, bf16, fp16).
    ``analysis``: the spec's, when the caller has it already (the editor, on every edit)."""
    a = analysis or analyze(spec)
    params = a.params
    half = precision in ("bf16", "fp16")
    act_bytes = 2 if half else 4
    return MemoryEstimate(
        weights=(6 if half else 4) * params, gradients=4 * params,
        optimizer=4 * params * optimizer_copies(optimizer, momentum),
        activations=act_bytes * batch_size * activation_numbers(spec, a),
        batch_size=batch_size,
    )


def format_bytes(n: float) -> str:
    """1.2 GB, 340 MB, 12 kB: decimal units, as the system monitors show them."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}" if n < 10 * size else f"{n / size:,.0f} {unit}"
    return f"{int(n)} B"
