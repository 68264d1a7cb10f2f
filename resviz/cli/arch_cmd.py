"""`resviz arch list | show | check`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from resviz.arch.analysis import analyze
from resviz.arch.export import export_code
from resviz.arch.presets import PRESETS, get_preset
from resviz.arch.spec import NetworkSpec, load_spec_file, to_dict
from resviz.cli.table import human, render
from resviz.errors import ResvizError, os_reason
from resviz.examples import example_path
from resviz.i18n import N_, _

FAMILIES = {"cifar": "CIFAR", "preact": N_("pre-activation"), "imagenet": "ImageNet"}
KINDS = {"stem": N_("stem"), "head": N_("head"), "plain": N_("plain"), "basic": N_("basic"),
         "bottleneck": N_("bottleneck"), "custom": N_("custom")}
# The short shortcut names of a block's row (resviz.arch.analysis): what the shortcut does there.
SHORTCUTS = {"none": N_("none"), "identity": N_("identity"), "pad": N_("pad"), "projection": N_("projection"),
             "conv": N_("1×1 conv"), "scaling": N_("scaling"), "exclusive_gating": N_("exclusive gating"),
             "shortcut_gating": N_("shortcut gating"), "dropout": N_("dropout")}


def _label(table: dict[str, str], key: str) -> str:
    """A word of the table in the language in force; a value it does not know, as it is."""
    return _(table[key]) if key in table else key


def _shortcut(name: str) -> str:
    base, plus, _rest = name.partition("+projection")
    return _("{shortcut} + projection").format(shortcut=_label(SHORTCUTS, base)) if plus else _label(SHORTCUTS, base)


def resolve_spec(name_or_file: str) -> NetworkSpec:
    """A preset name, or a path to a spec file (anything with a path separator or .json)."""
    looks_like_file = name_or_file.endswith(".json") or "/" in name_or_file or Path(name_or_file).exists()
    if looks_like_file and name_or_file not in PRESETS:
        shipped = example_path(name_or_file)
        if not Path(name_or_file).exists() and shipped is not None:
            return load_spec_file(shipped)  # examples/NAME.json works from anywhere
        return load_spec_file(name_or_file)
    return get_preset(name_or_file)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("arch", help=_("list, show and check network specs"))
    asub = p.add_subparsers(dest="arch_cmd", required=True)
    asub.add_parser("list", help=_("every preset with depth, parameters and multiply-adds"))
    show = asub.add_parser("show", help=_("one row per block: shapes, parameters, multiply-adds"))
    show.add_argument("spec", metavar=_("SPEC"), help=_("a preset name (see 'arch list') or a spec .json file"))
    show.add_argument("--json", action="store_true", help=_("print the spec as JSON instead"))
    show.add_argument("--batch-size", type=int, default=128, metavar="N",
                      help=_("batch size for the memory estimate (default 128, the paper's)"))
    check = asub.add_parser("check", help=_("exit 0 if a spec file is valid, 2 with the reason if not"))
    check.add_argument("spec", metavar=_("SPEC"), help=_("a spec .json file (or a preset name)"))
    export = asub.add_parser("export-code", help=_("write the network as a standalone PyTorch file"))
    export.add_argument("spec", metavar=_("SPEC"), help=_("a preset name (see 'arch list') or a spec .json file"))
    export.add_argument("-o", "--output", metavar=_("FILE"),
                        help=_("the .py file to write (default: print the code)"))


def run(args: argparse.Namespace) -> int:
    if args.arch_cmd == "list":
        rows = []
        for p in PRESETS.values():
            a = analyze(p.make())
            rows.append([p.name, _label(FAMILIES, p.family), a.depth, f"{a.params:,}", human(a.macs), p.description])
        print(render([_("name"), _("family"), _("depth"), _("parameters"), _("mult-adds"), _("description")], rows,
                     right=(2, 3, 4)))
        return 0
    spec = resolve_spec(args.spec)
    if args.arch_cmd == "check":
        a = analyze(spec)
        print(_("valid: {name} · depth {depth} · {params} parameters · {macs} multiply-adds").format(
            name=spec.name, depth=a.depth, params=f"{a.params:,}", macs=human(a.macs)))
        return 0
    if args.arch_cmd == "export-code":
        return _export_code(spec, args.output)
    if args.json:
        print(json.dumps(to_dict(spec), indent=2, ensure_ascii=False))
        return 0
    a = analyze(spec)
    memory = memory_line(spec, args.batch_size)  # a bad batch size fails before any output
    rows = []
    for r in a.rows:
        stage = "" if r.stage is None else r.stage + 1
        shape = "×".join(map(str, r.out_shape))
        rows.append([r.module, stage, _label(KINDS, r.kind), _shortcut(r.shortcut) if r.shortcut else "", shape,
                     f"{r.params:,}", human(r.macs)])
    rows.append([_("total"), "", _("depth {depth}").format(depth=a.depth), "", "", f"{a.params:,}", human(a.macs)])
    inp = spec.input
    print(_("{name}: input {channels}×{height}×{width}, {classes} classes").format(
        name=spec.name, channels=inp.channels, height=inp.height, width=inp.width, classes=inp.classes))
    print(render([_("block"), _("stage"), _("kind"), _("shortcut"), _("output"), _("parameters"), _("mult-adds")],
                 rows, right=(1, 5, 6)))
    print(memory)
    return 0


def _export_code(spec: NetworkSpec, output: str | None) -> int:
    code = export_code(spec)  # a spec that does not fit raises SpecError: exit 2 with the reason
    if output is None:
        print(code, end="")
        return 0
    path = Path(output)
    if path.is_dir():
        raise ResvizError(_("{path} is a folder").format(path=path), hint=_("name the .py file to write, e.g. -o net.py"))
    try:
        path.write_text(code, encoding="utf-8")
    except OSError as exc:
        raise ResvizError(_("cannot write {path}: {reason}").format(path=path, reason=os_reason(exc)),
                          hint=_("choose another folder or file name")) from None
    print(_("wrote {path}: run 'python {path}' to build the network and print its size").format(path=path))
    return 0


def memory_line(spec: NetworkSpec, batch_size: int) -> str:
    """What training needs, in fp32 with SGD and with bf16 autocast (the weights, their gradients and
    the momentum are the same in both; the activations halve)."""
    from resviz.arch.memory import estimate_training_memory, format_bytes

    if batch_size < 1:
        from resviz.errors import TrainingError

        raise TrainingError(_("batch size must be at least 1, not {n}").format(n=batch_size),
                            _("the paper uses 128"))
    fp32 = estimate_training_memory(spec, batch_size=batch_size)
    bf16 = estimate_training_memory(spec, batch_size=batch_size, precision="bf16")
    return _("memory to train at batch {batch}: about {fp32} in fp32 with SGD (weights {w}, gradients {g}, "
             "momentum {o}, activations {a}); {bf16} with bf16").format(
        batch=batch_size, fp32=format_bytes(fp32.total), w=format_bytes(fp32.weights),
        g=format_bytes(fp32.gradients), o=format_bytes(fp32.optimizer), a=format_bytes(fp32.activations),
        bf16=format_bytes(bf16.total))
