"""A spec as a standalone PyTorch file: blocks written the torchvision way (``identity = x`` …
``out += identity``), the network built from them, and a ``__main__`` that prints the
parameter count and output shape. The module names are resviz's, so its state_dicts load
strictly into the exported network."""

from __future__ import annotations

import dataclasses
import textwrap

from resviz import __version__
from resviz.arch.analysis import (
    Merge,
    ShortcutPlan,
    analyze,
    padding_of,
    projection_bn,
)
from resviz.arch.custom import customise
from resviz.arch.export_parts import BRANCH_HELPER, HEADER, MAIN, PARTS
from resviz.arch.layers import ACTIVATION_LAYERS, LayerSpec, lead_count
from resviz.arch.spec import BlockSpec, NetworkSpec

_C, _S = 7919, 997  # stand-ins for channels and stride when writing a papers' branch as a function

# What each merge does after ``out = self.branch(x)`` and the shortcut; {add} is the addition.
_MERGES = {
    "plain": ("PlainBlock", "a plain block: the same branch without the shortcut", []),
    "add": ("ResidualBlock", "y = F(x) + h(x) (He et al. 2015)", ["{add}"]),
    "scaling": ("ScaledShortcutBlock", "y = F(x) + λx, constant scaling (He et al. 2016, Fig. 2b)",
                ["out = self.scale * identity + out"]),
    "scaling_branch": ("ScaledBlock", "y = (1 − λ)F(x) + λx (He et al. 2016, Fig. 2b)",
                       ["out = self.scale * identity + (1.0 - self.scale) * out"]),
    "exclusive_gating": ("ExclusiveGatingBlock", "y = (1 − g(x))·x + g(x)·F(x) (He et al. 2016, Fig. 2c)",
                         ["gate = self.gate(x)", "out = (1.0 - gate) * identity + gate * out"]),
    "shortcut_gating": ("ShortcutGatingBlock", "y = F(x) + (1 − g(x))·x (He et al. 2016, Fig. 2d)",
                        ["out = out + (1.0 - self.gate(x)) * identity"]),
    "dropout": ("DropoutShortcutBlock", "y = F(x) + dropout(x) (He et al. 2016, Fig. 2f)",
                ["out = out + self.drop(identity)"]),
}
_POSTS = {"relu": ("", "ReLU after the addition"), "bn_relu": ("BNAfterAdd", "BN and ReLU after the addition"),
          "none": ("NoReLU", "nothing after the addition")}


def _layer_source(layer: LayerSpec, cin: str, symbols: dict[int, str]) -> tuple[str, str]:
    """One layer as source, and the channels it outputs (a name or a number, as text)."""
    if layer.is_conv:
        cout = symbols.get(layer.out_channels, str(layer.out_channels))
        stride = symbols.get(layer.stride, str(layer.stride)) if layer.stride == _S else str(layer.stride)
        return (f"nn.Conv2d({cin}, {cout}, {layer.kernel}, stride={stride}, padding={layer.padding}, "
                f"bias={layer.bias})"), cout
    if layer.type == "bn":
        return f"nn.BatchNorm2d({cin})", cin
    return f"nn.{ACTIVATION_LAYERS[layer.type]}()", cin


def _layers_source(layers: list[LayerSpec], cin: str, symbols: dict[int, str], indent: str) -> str:
    lines = []
    for layer in layers:
        text, cin = _layer_source(layer, cin, symbols)
        lines.append(f"{indent}{text},")
    return "\n".join(lines)


def _branch_function(block: BlockSpec) -> tuple[str, str]:
    """A papers' branch as a function of (in_channels, width or channels, stride): name, source."""
    width = "width" if block.kind == "bottleneck" else "channels"
    probe = dataclasses.replace(block, channels=_C, stride=_S)
    symbols = {_C: width, _C * block.expansion: f"{width} * {block.expansion}", _S: "stride"}
    name = block.kind + ("" if block.activation == "original" else f"_{block.activation}")
    name += ("" if block.batch_norm else "_no_bn") + ("" if block.kernel == 3 else f"_k{block.kernel}")
    name += "" if block.padding is None else f"_p{block.padding}"
    name += f"_x{block.expansion}" if block.kind == "bottleneck" and block.expansion != 4 else ""
    name += "_branch"
    layers = customise(probe).layers or []
    body = _layers_source(layers, "in_channels", symbols, " " * 8)
    order = "-".join("BN" if la.type == "bn" else "ReLU" if la.type == "relu" else la.type for la in layers)
    k = block.kernel
    source = (f"\n\ndef {name}(in_channels: int, {width}: int, stride: int) -> nn.Sequential:\n"
              f'    """F(x) of a {block.kind} block: {order} ({k}x{k} kernel, padding {padding_of(block)})."""\n'
              f"    return branch(\n{body}\n    )\n")
    return name, source


def _merge_and_post(block: BlockSpec, merge: Merge) -> tuple[str, str]:
    if merge == "none":
        form = "plain"
    elif merge == "scaling":
        form = "scaling_branch" if block.scale_branch else "scaling"
    elif merge in ("exclusive_gating", "shortcut_gating", "dropout"):
        form = merge
    else:
        form = "add"
    post = "none"
    if block.activation == "original":
        post = "relu"
    elif block.activation == "bn_after_add":
        post = "bn_relu" if block.batch_norm else "relu"
    return form, post


def _block_class(form: str, post: str, in_place: bool, shared: bool) -> tuple[str, str]:
    base, doc, merge_lines = _MERGES[form]
    suffix, post_doc = _POSTS[post]
    name = base + suffix + ("SharedPreAct" if shared else "")
    args = ["branch: nn.Sequential"]
    init = ["self.branch = branch"]
    if form != "plain":
        args.append("shortcut: nn.Module | None")
        init.append("self.shortcut = shortcut  # None: the identity")
    if form in ("scaling", "scaling_branch"):
        args.append("scale: float")
        init.append("self.scale = scale")
    if form in ("exclusive_gating", "shortcut_gating"):
        args.append("gate: nn.Module")
        init.append("self.gate = gate")
    if form == "dropout":
        args.append("p: float")
        init.append("self.drop = ExpectationDropout(p)")
    if post == "bn_relu":
        args.append("out_channels: int")
        init.append("self.post_bn = nn.BatchNorm2d(out_channels)")
    if post != "none":
        init.append("self.relu = nn.ReLU()")
    if shared:
        args.append("lead: int")
        init.append("self.lead = lead  # the branch's first layers, before its first conv")
    fwd = []
    if shared:  # He et al. 2016's code: a unit that changes the shape pre-activates once, for both paths
        fwd.append("x = self.branch[:self.lead](x)  # BN → ReLU, once for both paths")
    fwd += ["identity = x"] if form != "plain" else []
    fwd.append("out = self.branch[self.lead:](x)" if shared else "out = self.branch(x)")
    if form != "plain":
        fwd += ["if self.shortcut is not None:", "    identity = self.shortcut(x)"]
    add = "out += identity" if in_place else "out = out + identity"
    fwd += [line.format(add=add) for line in merge_lines]
    if post == "bn_relu":
        fwd.append("out = self.post_bn(out)")
    if post != "none":
        fwd.append("out = self.relu(out)")
    fwd.append("return out")
    i8 = "\n" + " " * 8
    more = "\n\n    Both paths take x after the branch's first BN → ReLU (He et al.'s 2016 code).\n    " if shared else ""
    source = (f"\n\nclass {name}(nn.Module):\n    \"\"\"{doc}; {post_doc}.{more}\"\"\"\n\n"
              f"    def __init__(self, {', '.join(args)}) -> None:\n        super().__init__(){i8}{i8.join(init)}\n\n"
              f"    def forward(self, x: Tensor) -> Tensor:{i8}{i8.join(fwd)}\n")
    return name, source


def _shortcut_source(block: BlockSpec, plan: ShortcutPlan, cin: int, cout: int, parts: set[str]) -> str:
    merge, projection = plan
    stride = block.branch_stride
    if projection:
        parts.add("Projection")
        return f"Projection({cin}, {cout}, stride={stride}, batch_norm={projection_bn(block, plan)})"
    if merge == "pad":
        parts.add("PadShortcut")
        return f"PadShortcut(stride={stride}, extra_channels={cout - cin})"
    return "None"


def export_code(spec: NetworkSpec) -> str:
    """The spec as a standalone Python file (raises SpecError if the spec does not fit)."""
    analysis = analyze(spec)
    rows = {r.module: r for r in analysis.blocks}
    parts: set[str] = set()
    functions: dict[str, str] = {}
    classes: dict[str, str] = {}
    # In-place addition (torchvision's) would overwrite an activation's output that autograd keeps.
    in_place = all((b.layers or [LayerSpec("bn")])[-1].type in ("conv", "bn") for _, _, b in spec.blocks())
    stages = []
    for s, stage in enumerate(spec.stages):
        exprs = []
        for b, block in enumerate(stage.blocks):
            row = rows[f"layer{s + 1}.{b}"]
            cin, cout = row.in_shape[0], row.out_shape[0]
            plan, shared = row.plan, row.shared_preact
            assert plan is not None  # every block's row has one
            if block.layers is None:
                fname, fsource = _branch_function(block)
                functions[fname] = fsource
                branch = f"{fname}({cin}, {block.channels}, {block.stride})"
            else:
                body = _layers_source(block.layers, str(cin), {}, " " * 16)
                branch = f"branch(\n{body}\n            )"
            form, post = _merge_and_post(block, plan.merge)
            cname, csource = _block_class(form, post, in_place, shared)
            classes[cname] = csource
            args = [branch]
            if form != "plain":
                args.append(_shortcut_source(block, plan, cin, cout, parts))
            if form in ("scaling", "scaling_branch"):
                args.append(repr(block.scale))
            if form in ("exclusive_gating", "shortcut_gating"):
                parts.add("Gate")
                args.append(f"Gate({cin}, {cout}, stride={block.branch_stride}, bias={block.gate_bias!r})")
            if form == "dropout":
                parts.add("ExpectationDropout")
                args.append(repr(block.dropout))
            if post == "bn_relu":
                args.append(str(cout))
            if shared:
                args.append(f"lead={lead_count(customise(block).layers or [])}")
            one_line = f"{cname}({', '.join(args)})"
            if len(one_line) > 84 and "\n" not in one_line:  # one argument per line, as black would
                one_line = f"{cname}(\n" + "".join(f"{' ' * 16}{a},\n" for a in args) + f"{' ' * 12})"
            exprs.append(one_line)
        stages.append(_stage_source(s, exprs))
    description = textwrap.fill(f"{spec.name}: {spec.description or 'a network built in resviz'}", 96,
                                subsequent_indent="")
    text = HEADER.format(description=description, version=__version__)
    text += BRANCH_HELPER + "".join(PARTS[p] for p in PARTS if p in parts)
    text += "".join(functions.values()) + "".join(classes.values())
    text += _network_source(spec, stages, analysis.rows[-1].in_shape[0])
    return text + MAIN.format(channels=spec.input.channels, height=spec.input.height, width=spec.input.width)


def _stage_source(s: int, exprs: list[str]) -> str:
    """``self.layerN = nn.Sequential(...)``, runs of identical blocks written once with a loop."""
    lines, i = [], 0
    while i < len(exprs):
        j = i
        while j < len(exprs) and exprs[j] == exprs[i]:
            j += 1
        if j - i > 1:
            lines.append(f"            *[{exprs[i]} for _ in range({j - i})],")
        else:
            lines.append(f"            {exprs[i]},")
        i = j
    return f"        self.layer{s + 1} = nn.Sequential(\n" + "\n".join(lines) + "\n        )"


def _network_source(spec: NetworkSpec, stages: list[str], channels: int) -> str:
    inp, stem, head = spec.input, spec.stem, spec.head
    lines = [
        f"self.conv1 = nn.Conv2d({inp.channels}, {stem.channels}, {stem.kernel}, stride={stem.stride}, "
        f"padding={stem.kernel // 2}, bias={not stem.batch_norm})",
        f"self.bn1 = nn.BatchNorm2d({stem.channels})" if stem.batch_norm else "self.bn1 = nn.Identity()",
        "self.relu = nn.ReLU(inplace=True)" if stem.relu else "self.relu = nn.Identity()",
        "self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)" if stem.maxpool else "self.maxpool = nn.Identity()",
    ]
    body = "\n".join(" " * 8 + line for line in lines) + "\n" + "\n".join(stages) + "\n"
    final_bn = f"nn.BatchNorm2d({channels})" if head.final_bn_relu else "None"
    dropout = f"nn.Dropout({head.dropout!r})" if head.dropout > 0 else "nn.Identity()"
    layers = ", ".join(f"self.layer{s + 1}" for s in range(len(spec.stages)))
    layers += "," if len(spec.stages) == 1 else ""
    return f'''

class Network(nn.Module):
    """{spec.name}: input {inp.channels}x{inp.height}x{inp.width}, {inp.classes} classes."""

    def __init__(self) -> None:
        super().__init__()
{body}        self.final_bn = {final_bn}
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.dropout = {dropout}
        self.fc = nn.Linear({channels}, {inp.classes})
        for m in self.modules():  # He et al. 2015 initialisation; a gate keeps its bias b_g
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x: Tensor) -> Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for stage in ({layers}):
            x = stage(x)
        if self.final_bn is not None:
            x = F.relu(self.final_bn(x))
        x = self.avgpool(x).flatten(1)
        return self.fc(self.dropout(x))
'''
